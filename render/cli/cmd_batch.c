/* cmd_batch.c — `chronomap batch [options] MANIFEST.ini`: render a manifest
 * of figures in parallel, skip what is up to date, keep going past failures,
 * and optionally write a gallery page.
 *
 * The manifest is loaded and validated completely first (render/batch/): any
 * problem stops the run before a file is touched. Each figure that is not up
 * to date becomes one job of a GThreadPool (-j N, default the number of
 * processors); a job renders the figure's spec once with cm_figure_render(),
 * with every output of the figure (one layout, each format rendered from it),
 * into a file sink that writes all the figure's files together or none of
 * them. Then its stamp is stored.
 *
 * All jobs share one cm_figure_shared_t: a basemap or country table is read by the
 * first map that needs it and only read afterwards. Each job has its own log
 * (a memory stream) for warnings and data diagnostics and returns its error
 * as a GError, so the summary names every failure with its own message and
 * nothing the threads print interleaves with the progress bar.
 */
#include "cli.h"
#include "batch/cm_batch.h"

#include <glib/gstdio.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

typedef struct {
    gint jobs;
    gboolean force, quiet, gallery, dry_run, list_keys;
    char *shard;
} batch_args_t;

typedef struct {
    /* borrowed */
    const cm_batch_manifest_t *m;
    const cm_batch_figure_t *f;
    cm_figure_shared_t *shared;
    const cm_figure_env_t *env; /* the caps and cache log of the whole run */
    GAsyncQueue *engines;       /* cm_text_t *: one per worker, lent to one figure at a time */
    GAsyncQueue *done;
    /* owned */
    char *stamp;
    char **written; /* the files the figure wrote */
    char *message;  /* the error of a failed figure */
    char **details; /* what it printed (diagnostics, warnings), at most MAX_DETAILS lines */
    /* plain */
    int status;
    double seconds;
} job_t;

/* Creates the folder PATH will be written in. */
static bool
make_parent(const char *path, GError **error)
{
    char *dir = g_path_get_dirname(path);
    bool ok = g_mkdir_with_parents(dir, 0777) == 0;
    if (!ok)
        g_set_error(error, CM_ERROR, CM_ERROR_IO, "cannot create the folder %s: %s", dir,
                    g_strerror(errno));
    g_free(dir);
    return ok;
}

#define MAX_DETAILS 20
#define MAX_JOBS_PER_CORE 4

/* Renders every file of one figure (the command writes them all or none)
 * and keeps its log; returns the exit status. */
static int
render_figure(job_t *j)
{
    const cm_batch_figure_t *f = j->f;
    GError *e = NULL;
    bool ok = make_parent(f->alt_text, &e);
    for (char **o = f->outputs; ok && *o; o++)
        ok = make_parent(*o, &e);
    if (ok && f->report)
        ok = make_parent(f->report, &e);
    int status = 0;
    char *log = NULL;
    size_t log_len = 0;
    if (ok) {
        FILE *out = open_memstream(&log, &log_len);
        /* One figure per core already: each renders on its own thread only. */
        cm_text_t *text = g_async_queue_pop(j->engines);
        cm_figure_env_t env = *j->env;
        env.log = out ? out : stderr;
        env.shared = j->shared;
        env.threads = 1;
        env.text = text;
        cm_figure_sink_t *sink = cm_figure_sink_files_new();
        cm_figure_sink_files_add_input(sink, j->m->path, "manifest");
        status = cm_figure_render(&f->spec, &env, sink, &e);
        GPtrArray *written = g_ptr_array_new();
        for (int i = 0; i < cm_figure_sink_n(sink); i++) {
            const char *path = NULL;
            cm_figure_sink_get(sink, i, &path);
            g_ptr_array_add(written, g_strdup(path));
        }
        g_ptr_array_add(written, NULL);
        j->written = (char **)g_ptr_array_free(written, FALSE);
        cm_figure_sink_free(sink);
        g_async_queue_push(j->engines, text);
        if (out)
            fclose(out);
    } else {
        status = cm_figure_exit_code(e);
    }
    if (status)
        j->message = g_strdup(e ? e->message : "failed without a message");
    g_clear_error(&e);
    /* The log: what the figure printed (warnings, data diagnostics). */
    char **lines = g_strsplit(log ? log : "", "\n", -1);
    GPtrArray *keep = g_ptr_array_new();
    for (int i = 0; lines[i]; i++)
        if (*lines[i] && keep->len < MAX_DETAILS)
            g_ptr_array_add(keep, g_strdup(lines[i]));
    g_ptr_array_add(keep, NULL);
    j->details = (char **)g_ptr_array_free(keep, FALSE);
    g_strfreev(lines);
    free(log);
    return status;
}

static void
run_job(gpointer data, gpointer user_data)
{
    job_t *j = data;
    gint64 t0 = g_get_monotonic_time();
    j->status = render_figure(j);
    if (j->status == 0) {
        GError *e = NULL;
        int n = j->written ? (int)g_strv_length(j->written) : 0;
        if (!cm_batch_stamp_write(j->m, j->f, j->stamp, (const char *const *)j->written, n, &e)) {
            j->message = g_strdup_printf("rendered, but the stamp was not stored: %s", e->message);
            g_error_free(e);
        }
    }
    j->seconds = (g_get_monotonic_time() - t0) / 1e6;
    g_async_queue_push(j->done, j);
}

/* ---- progress ---- */

typedef struct {
    FILE *out; /* the real stderr */
    bool tty, quiet;
    int total, done, failed;
    gint64 t0;
} progress_t;

static void
fmt_time(char *buf, size_t n, double s)
{
    int t = (int)(s + 0.5);
    g_snprintf(buf, n, "%d:%02d", t / 60, t % 60);
}

static void
progress_draw(progress_t *p)
{
    if (p->quiet || !p->tty)
        return;
    double el = (g_get_monotonic_time() - p->t0) / 1e6;
    char e[16], eta[16] = "--:--";
    fmt_time(e, sizeof e, el);
    if (p->done > 0)
        fmt_time(eta, sizeof eta, el / p->done * (p->total - p->done));
    int width = 30, fill = p->total ? width * p->done / p->total : width;
    char bar[64];
    for (int i = 0; i < width; i++)
        bar[i] = i < fill ? '#' : '.';
    bar[width] = 0;
    fprintf(p->out, "\r[%s] %d/%d  %d failed  %s  ETA %s\x1b[K", bar, p->done, p->total, p->failed,
            e, eta);
    fflush(p->out);
}

static void
progress_job(progress_t *p, const job_t *j)
{
    p->done++;
    if (j->status)
        p->failed++;
    if (p->tty)
        progress_draw(p);
    else if (!p->quiet)
        fprintf(p->out, "chronomap: batch: [%d/%d] %s %s (%.1f s)\n", p->done, p->total,
                j->status ? "FAILED" : "rendered", j->f->name, j->seconds);
}

static const char *
status_name(int s)
{
    switch (s) {
    case CM_ERROR_USAGE:
        return "usage error";
    case CM_ERROR_DATA:
        return "data error";
    case CM_ERROR_IO:
        return "I/O error";
    default:
        return "error";
    }
}

/* Runs JOBS on N threads, drawing progress; fd 2 is captured meanwhile. */
static void
run_pool(GPtrArray *jobs, int n, progress_t *p)
{
    GAsyncQueue *done = g_async_queue_new();
    GThreadPool *pool = g_thread_pool_new(run_job, NULL, n, TRUE, NULL);
    for (guint i = 0; i < jobs->len; i++) {
        job_t *j = g_ptr_array_index(jobs, i);
        j->done = done;
        g_thread_pool_push(pool, j, NULL);
    }
    for (guint got = 0; got < jobs->len;) {
        job_t *j = g_async_queue_timeout_pop(done, 250000);
        if (j) {
            got++;
            progress_job(p, j);
        } else {
            progress_draw(p);
        }
    }
    g_thread_pool_free(pool, FALSE, TRUE);
    g_async_queue_unref(done);
    if (p->tty && !p->quiet)
        fputc('\n', p->out);
}

static bool
write_gallery(const cm_batch_manifest_t *m, GPtrArray *figs, bool quiet, GError **error)
{
    GPtrArray *shown = g_ptr_array_new();
    for (guint i = 0; i < figs->len; i++) {
        const cm_batch_figure_t *f = g_ptr_array_index(figs, i);
        if (g_file_test(f->outputs[0], G_FILE_TEST_IS_REGULAR))
            g_ptr_array_add(shown, (gpointer)f);
    }
    char *html = cm_batch_gallery_html(m, shown);
    char *path = g_build_filename(m->output_dir, "index.html", NULL);
    g_mkdir_with_parents(m->output_dir, 0777);
    bool ok = cm_write_atomic(path, html, strlen(html), error);
    if (ok && !quiet)
        fprintf(stderr, "chronomap: batch: gallery %s (%u figures)\n", path, shown->len);
    g_free(path);
    g_free(html);
    g_ptr_array_free(shown, TRUE);
    return ok;
}

/* What every figure depends on besides its files: the version and the
 * binary's mtime (a rebuilt chronomap renders again) and today's date (open
 * spans run to today; as-of = today). */
static char *
program_identity(const cm_figure_env_t *env)
{
    struct stat st;
    char *day = cm_date_format_iso(&env->today);
    char *id = stat("/proc/self/exe", &st) == 0
                   ? g_strdup_printf("%s %lld.%09ld %s", CM_VERSION, (long long)st.st_mtim.tv_sec,
                                     (long)st.st_mtim.tv_nsec, day)
                   : g_strdup_printf("%s %s", CM_VERSION, day);
    g_free(day);
    return id;
}

static void
print_keys(void)
{
    for (int k = CM_BATCH_TIMELINE; k <= CM_BATCH_MAP; k++) {
        char **names = cm_batch_key_names(k);
        for (char **n = names; *n; n++)
            printf("%s %s\n", k == CM_BATCH_MAP ? "map" : "timeline", *n);
        g_strfreev(names);
    }
}

static void
job_free(job_t *j)
{
    g_free(j->stamp);
    g_strfreev(j->written);
    g_free(j->message);
    g_strfreev(j->details);
    g_free(j);
}

/* Renders TODO; returns the first failure's status in manifest order. */
static int
render_all(GPtrArray *todo, const batch_args_t *a, const cm_figure_env_t *env, int *n_failed,
           int *n_basemaps)
{
    progress_t p = {.out = stderr,
                    .tty = isatty(2),
                    .quiet = a->quiet,
                    .total = (int)todo->len,
                    .t0 = g_get_monotonic_time()};
    /* Shared by all figures: loaded inputs, and one text engine per worker.
     * An engine keeps Pango's font lookups, so only a worker's first figure
     * asks fontconfig (whose locks would otherwise serialise the workers). */
    cm_figure_shared_t *shared = cm_figure_shared_new();
    GAsyncQueue *engines = g_async_queue_new();
    int n_engines = MIN(a->jobs, (int)todo->len);
    for (int i = 0; i < n_engines; i++)
        g_async_queue_push(engines, cm_text_new());
    for (guint i = 0; i < todo->len; i++) {
        job_t *j = g_ptr_array_index(todo, i);
        j->shared = shared;
        j->engines = engines;
        j->env = env;
    }
    run_pool(todo, a->jobs, &p);
    *n_basemaps = cm_figure_shared_n_basemaps(shared);
    for (int i = 0; i < n_engines; i++) {
        cm_text_t *text = g_async_queue_pop(engines);
        cm_text_save_cache(text); /* the next run finds what these figures shaped */
        cm_text_free(text);
    }
    g_async_queue_unref(engines);
    cm_figure_shared_free(shared);
    int status = 0;
    *n_failed = 0;
    for (guint i = 0; i < todo->len; i++) {
        job_t *j = g_ptr_array_index(todo, i);
        if (j->status) {
            (*n_failed)++;
            if (!status)
                status = j->status;
            continue;
        }
        /* Warnings of figures that were rendered still reach the user; a
         * failed figure's lines are shown under it in the summary. */
        for (char **d = j->details; d && *d; d++)
            fprintf(stderr, "%s: %s\n", j->f->name, *d);
    }
    return status;
}

static void
summary(const cm_batch_manifest_t *m, GPtrArray *todo, int skipped, int n_failed, double secs,
        int n_basemaps, bool quiet)
{
    int n_maps = 0;
    for (guint i = 0; i < todo->len; i++)
        n_maps += ((job_t *)g_ptr_array_index(todo, i))->f->kind == CM_BATCH_MAP;
    if (!quiet || n_failed) {
        fprintf(stderr, "chronomap: batch: %d rendered, %d up to date, %d failed (%.1f s)",
                (int)todo->len - n_failed, skipped, n_failed, secs);
        if (n_maps)
            fprintf(stderr, "; %d basemap%s read for %d map%s", n_basemaps,
                    n_basemaps == 1 ? "" : "s", n_maps, n_maps == 1 ? "" : "s");
        fputc('\n', stderr);
    }
    for (guint i = 0; i < todo->len; i++) {
        job_t *j = g_ptr_array_index(todo, i);
        if (j->status) {
            fprintf(stderr, "chronomap: batch: failed: %s (%s:%d): %s (exit %d, %s)\n", j->f->name,
                    m->path, j->f->line, j->message, j->status, status_name(j->status));
            for (char **d = j->details; d && *d; d++)
                fprintf(stderr, "    %s\n", *d);
        } else if (j->message)
            fprintf(stderr, "chronomap: batch: warning: %s: %s\n", j->f->name, j->message);
    }
}

static int
batch_run(const batch_args_t *a, const char *manifest)
{
    int k = 1, n = 1, status = 0, skipped = 0, n_failed = 0, n_basemaps = 0;
    GError *err = NULL;
    cm_figure_env_t env = {0};
    if (a->shard && !cm_batch_shard_parse(a->shard, &k, &n, &err))
        goto fail;
    if (!cm_figure_env_read(&env, &err))
        goto fail;
    gint64 t0 = g_get_monotonic_time();
    cm_diag_t *diag = cm_diag_new();
    cm_batch_manifest_t *m = cm_batch_manifest_load(manifest, diag, &err);
    cm_diag_print(diag, stderr);
    cm_diag_free(diag);
    if (!m)
        goto fail;
    char *ident = program_identity(&env);
    GPtrArray *mine = g_ptr_array_new();
    GPtrArray *todo = g_ptr_array_new_with_free_func((GDestroyNotify)job_free);
    for (guint i = 0; i < m->figures->len; i++) {
        const cm_batch_figure_t *f = g_ptr_array_index(m->figures, i);
        if (!cm_batch_in_shard(f->name, k, n))
            continue;
        g_ptr_array_add(mine, (gpointer)f);
        char *stamp = cm_batch_stamp(f, ident);
        bool fresh = !a->force && cm_batch_up_to_date(m, f, stamp, true);
        if (a->dry_run)
            printf("%s %s\n", fresh ? "up-to-date" : "render", f->name);
        if (fresh) {
            skipped++;
            g_free(stamp);
            continue;
        }
        job_t *j = g_new0(job_t, 1);
        *j = (job_t){.m = m, .f = f, .stamp = stamp};
        g_ptr_array_add(todo, j);
    }
    if (!a->dry_run) {
        if (todo->len)
            status = render_all(todo, a, &env, &n_failed, &n_basemaps);
        if (a->gallery && !write_gallery(m, mine, a->quiet, &err)) {
            fprintf(stderr, "chronomap: error: %s\n", err->message);
            g_clear_error(&err);
            status = status ? status : CM_ERROR_IO;
        }
        summary(m, todo, skipped, n_failed, (g_get_monotonic_time() - t0) / 1e6, n_basemaps,
                a->quiet);
    }
    g_ptr_array_unref(todo);
    g_ptr_array_free(mine, TRUE);
    g_free(ident);
    cm_batch_manifest_free(m);
    return status;
fail:
    fprintf(stderr, "chronomap: error: %s\n", err->message);
    status = err->domain == CM_ERROR ? err->code : CM_ERROR_USAGE;
    g_error_free(err);
    return status;
}

int
cmd_batch(int argc, char **argv)
{
    batch_args_t a = {.jobs = 0};
    GOptionEntry entries[] = {
        {"jobs", 'j', 0, G_OPTION_ARG_INT, &a.jobs,
         "Render N figures at a time (default: the number of processors)", "N"},
        {"force", 'f', 0, G_OPTION_ARG_NONE, &a.force, "Render every figure, even up-to-date ones",
         NULL},
        {"shard", 0, 0, G_OPTION_ARG_STRING, &a.shard,
         "Render only shard K of N (a fixed share by figure name; for job arrays)", "K/N"},
        {"gallery", 'g', 0, G_OPTION_ARG_NONE, &a.gallery,
         "Write OUTPUT-DIR/index.html with every figure", NULL},
        {"dry-run", 'n', 0, G_OPTION_ARG_NONE, &a.dry_run,
         "Print each figure as 'render NAME' or 'up-to-date NAME'; render nothing", NULL},
        {"quiet", 'q', 0, G_OPTION_ARG_NONE, &a.quiet, "Print nothing but errors", NULL},
        {"list-keys", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &a.list_keys,
         "Print the manifest keys of each kind", NULL},
        {NULL},
    };
    GOptionContext *oc = g_option_context_new("MANIFEST.ini");
    g_option_context_set_summary(
        oc, "Render every figure of a manifest ([defaults] and one [figure NAME] group per\n"
            "figure; keys: kind, data, outputs, output and the long options of 'chronomap\n"
            "timeline' and 'chronomap map') in parallel, skipping figures that are up to date.");
    g_option_context_add_main_entries(oc, entries, NULL);
    GError *err = NULL;
    int status = 0;
    if (!g_get_prgname())
        g_set_prgname("chronomap");
    /* "-j4" as make takes it: GOption only knows "-j 4" and "--jobs=4". */
    GPtrArray *args = g_ptr_array_new_with_free_func(g_free);
    for (int i = 0; i < argc; i++) {
        bool glued = strncmp(argv[i], "-j", 2) == 0 && g_ascii_isdigit(argv[i][2]);
        g_ptr_array_add(args, g_strdup(glued ? "-j" : argv[i]));
        if (glued)
            g_ptr_array_add(args, g_strdup(argv[i] + 2));
    }
    char **av = g_memdup2(args->pdata, sizeof(char *) * args->len);
    argc = (int)args->len;
    argv = av;
    bool parsed = g_option_context_parse(oc, &argc, &argv, &err);
    if (parsed)
        cli_drop_end_of_options(&argc, argv);
    guint cores = g_get_num_processors();
    if (!parsed) {
        fprintf(stderr, "chronomap: error: %s\n", err->message);
        status = CM_ERROR_USAGE;
    } else if (a.list_keys) {
        print_keys();
    } else if (argc != 2) {
        fprintf(stderr, "chronomap: error: %s\n",
                argc < 2 ? "no manifest: chronomap batch MANIFEST.ini" : "one manifest at a time");
        status = CM_ERROR_USAGE;
    } else if (a.jobs < 0 || a.jobs > 1024) {
        fprintf(stderr, "chronomap: error: -j %d: use 1 to 1024\n", a.jobs);
        status = CM_ERROR_USAGE;
    } else {
        if (a.jobs == 0)
            a.jobs = (int)cores;
        /* each worker has its own text engine (~2 MB and its fonts): beyond a few per
         * core they only cost memory (-j 1024 took 1.8 GB) */
        int cap = (int)MIN(1024u, MAX_JOBS_PER_CORE * MAX(cores, 1u));
        if (a.jobs > cap) {
            fprintf(stderr,
                    "chronomap: warning: -j %d: more than %d jobs per core (%u cores) only "
                    "costs memory; using -j %d\n",
                    a.jobs, MAX_JOBS_PER_CORE, cores, cap);
            a.jobs = cap;
        }
        status = batch_run(&a, argv[1]);
    }
    g_clear_error(&err);
    g_free(av);
    g_ptr_array_unref(args);
    g_free(a.shard);
    g_option_context_free(oc);
    return status;
}
