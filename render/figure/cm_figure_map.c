/* cm_figure_map.c — a map figure: the data, the country table (iso-codes) and the
 * basemap (world-atlas 50m by default, found in the data folder), rows matched to
 * countries (unknown ones are data errors, exit 65, or warnings), the basemap projected
 * once and the map laid out, or with --frames one map per date in the data, reusing the
 * projected geometry. The basemap is read in a second thread while the country table, the
 * projection and the data are prepared in this one.
 *
 * Before any of that, the projected basemap is looked for in the disk cache
 * (cm_map_base_load_cached, keyed by the basemap file's bytes, the load options, the
 * projection and the box). On a hit neither the basemap nor PROJ is loaded: the cached
 * base brings the features' ids and names for matching. On a miss everything runs as
 * without a cache and the base is written to it afterwards. Output is the same bytes
 * either way. With the environment's cache_log set, the figure says on its log whether
 * the cache hit and whether PROJ ended up mapped into the process.
 */
#include "figure/cm_figure_private.h"

#include "geo/cm_geo_cache.h"
#include "report/cm_alt.h"
#include "util/cm_cache.h"
#include "util/cm_datadir.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DEFAULT_BASEMAP "data/world/countries-50m.json"

/* ---- the basemap, read in a second thread ---- */

typedef struct {
    const char *path;
    cm_geo_load_opts_t opts;
    cm_figure_shared_t *shared;
    const cm_geo_t *geo;
    cm_geo_t *owned;
    GError *error;
} load_job_t;

static gpointer
load_basemap(gpointer data)
{
    load_job_t *j = data;
    j->geo = cm__figure_shared_basemap(j->shared, j->path, &j->opts, &j->owned, &j->error);
    return NULL;
}

/* ---- the projected basemap from the disk cache ---- */

typedef struct {
    guint64 key;
    bool has_key;        /* the basemap's bytes were read: its base can be cached */
    struct stat st;      /* the basemap file when it was hashed */
    cm_geo_t *geo;       /* owned: the features (ids, names) of a hit */
    cm_map_base_t *base; /* owned: the base of a hit, until the figure takes it */
} cached_t;

/* cm_cache_hash of the file at PATH, read in pieces (a multiple of the hash's 8-byte
 * step, so the result is that of the whole file in one piece) into one small buffer
 * rather than a heap block as big as the file. False when it cannot be read. */
static bool
hash_file(const char *path, guint64 *hash)
{
    enum { PIECE = 64 << 10 };
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    char *buf = g_malloc(PIECE);
    guint64 h = CM_CACHE_HASH_SEED;
    bool ok = true;
    for (;;) {
        size_t have = 0;
        while (have < PIECE) {
            ssize_t n = read(fd, buf + have, PIECE - have);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0) {
                ok = n == 0;
                break;
            }
            have += (size_t)n;
        }
        if (!ok)
            break;
        h = cm_cache_hash(h, buf, have);
        if (have < PIECE)
            break;
    }
    g_free(buf);
    close(fd);
    *hash = h;
    return ok;
}

/* Looks for the base of the basemap at PATH, projected with PROJ_DEF and framed to BBOX.
 * Anything that goes wrong is a miss; the real load reports real problems. */
static void
probe_cache(cached_t *c, const char *path, const cm_geo_load_opts_t *opts, const char *proj_def,
            const double *bbox)
{
    guint64 file_hash;
    if (!cm_cache_dir() || stat(path, &c->st) != 0 || !hash_file(path, &file_hash))
        return;
    c->key = cm_geo_cache_key_base(file_hash, opts, proj_def, bbox);
    c->has_key = true;
    c->base = cm_map_base_load_cached(c->key, path, &c->geo);
}

/* Saves BASE under the key of the bytes hashed, only if the file did not change since:
 * the loader read it again, and an edit in between would cache new geometry under the
 * old content's key. */
static void
save_cache(const cached_t *c, const char *path, cm_map_base_t *base)
{
    struct stat now;
    if (c->has_key && stat(path, &now) == 0 && now.st_size == c->st.st_size &&
        now.st_ino == c->st.st_ino && now.st_mtim.tv_sec == c->st.st_mtim.tv_sec &&
        now.st_mtim.tv_nsec == c->st.st_mtim.tv_nsec)
        cm_map_base_save_cached(base, c->key);
}

/* Whether libproj is mapped into this process. */
static bool
proj_mapped(void)
{
    char *maps = NULL;
    bool found = false;
    if (g_file_get_contents("/proc/self/maps", &maps, NULL, NULL))
        found = strstr(maps, "/libproj.so") != NULL;
    g_free(maps);
    return found;
}

static const cm_countries_t *
load_countries(const cm__figure_run_t *r, cm_countries_t **owned, GError **error)
{
    const cm_figure_spec_t *s = r->spec;
    GPtrArray *langs = g_ptr_array_new();
    for (const char *const *l = cm_countries_default_languages(); *l; l++)
        g_ptr_array_add(langs, (gpointer)*l);
    if (s->lang)
        g_ptr_array_add(langs, s->lang);
    g_ptr_array_add(langs, NULL);
    cm_countries_opts_t co = {
        .languages = (const char *const *)langs->pdata,
        .sovereigns = (const char *const *)s->map.sovereigns,
    };
    GError *e = NULL;
    const cm_countries_t *cs = cm__figure_shared_countries(r->shared, &co, owned, &e);
    g_ptr_array_free(langs, TRUE);
    if (!cs && e && e->code == CM_ERROR_USAGE) {
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE, "--sovereign: %s", e->message);
        g_error_free(e);
    } else if (!cs) {
        g_propagate_error(error, e);
    }
    if (cs && s->lang && !cm_countries_has_language(cs, s->lang)) {
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE,
                    "--lang %s: iso-codes has no country names in that language", s->lang);
        return NULL;
    }
    return cs;
}

/* 1999-03-12 -> "-1999-03-12", the suffix of that date's frame files
 * (out-1999-03-12.png); a BCE year keeps its digits only. */
static char *
frame_suffix(const cm_date_t *d)
{
    char *iso = cm_date_format_iso(d);
    GString *clean = g_string_new("-");
    for (const char *p = iso; *p; p++)
        if (g_ascii_isdigit(*p) || (*p == '-' && clean->len > 1))
            g_string_append_c(clean, *p);
    g_free(iso);
    return g_string_free(clean, FALSE);
}

/* What one map figure has read, for each of its frames. */
typedef struct {
    /* borrowed */
    cm__figure_run_t *run;
    const cm_dataset_t *ds;
    const cm_map_match_t *match;
    cm_map_base_t *base;
    cm_layout_notes_t *notes; /* every frame's, for the log */
} map_t;

/* Appends the notes of one frame to the figure's, without repeats. */
static void
notes_merge(cm_layout_notes_t *all, const cm_layout_notes_t *one)
{
    GPtrArray *pairs[][2] = {{all->dropped, one->dropped}, {all->warnings, one->warnings}};
    for (size_t k = 0; k < G_N_ELEMENTS(pairs); k++)
        for (guint i = 0; i < pairs[k][1]->len; i++) {
            const char *s = g_ptr_array_index(pairs[k][1], i);
            bool seen = false;
            for (guint j = 0; j < pairs[k][0]->len && !seen; j++)
                seen = strcmp(g_ptr_array_index(pairs[k][0], j), s) == 0;
            if (!seen)
                g_ptr_array_add(pairs[k][0], g_strdup(s));
        }
}

/* Lays out one map and renders it into the sink: every output format, its alt text and
 * its report, with file names taking SUFFIX (a frame's date). */
static bool
render_one(map_t *mp, cm_map_opts_t *o, const char *suffix, GError **error)
{
    cm__figure_run_t *r = mp->run;
    cm_measurer_t m = cm_text_measurer(r->text);
    cm_layout_notes_t notes;
    cm_layout_notes_init(&notes);
    /* A map of the past drawn on today's borders says where they differ. */
    const char *source = o->source;
    char *caveat = o->has_as_of ? cm_map_border_caveats(mp->ds, mp->match, &o->as_of) : NULL;
    char *credit = caveat ? cm_map_source_with_caveat(source, caveat) : NULL;
    if (caveat) {
        o->source = credit;
        cm_layout_notes_warn(&notes, "%s", caveat);
    }
    cm_scene_t *scene = cm_layout_map(mp->ds, mp->match, mp->base, r->style, &m, o, &notes, error);
    o->source = source;
    g_free(credit);
    g_free(caveat);
    bool ok = scene != NULL;
    if (ok) {
        cm__figure_check_glyphs(scene, &m, r->log);
        /* Alt text: the map's own facts (the state on its as-of day). */
        cm_alt_facts_t facts;
        cm_alt_facts_init(&facts);
        cm_alt_facts_from_dataset(&facts, mp->ds, o->has_as_of ? &o->as_of : NULL);
        facts.kind = CM_ALT_MAP;
        facts.title = o->title;
        facts.lang = r->lang;
        char *alt = cm_alt_text(&facts);
        cm_alt_facts_release(&facts);
        cm_scene_set_title(scene, o->title, alt);
        g_free(alt);
        ok = cm__figure_emit(r, scene, &notes, suffix, error);
    }
    notes_merge(mp->notes, &notes);
    cm_layout_notes_release(&notes);
    cm_scene_free(scene);
    return ok;
}

/* One map per date in the data, each with its own alt text and report
 * (report-1999-03-12.json beside out-1999-03-12.png), all into the sink. */
static bool
emit_frames(map_t *mp, cm_map_opts_t *o, GError **error)
{
    GArray *dates = cm_map_frame_dates(mp->ds);
    bool ok = dates->len > 0;
    if (!ok)
        g_set_error(error, CM_ERROR, CM_ERROR_DATA, "--frames: the data has no dates");
    /* One legend for the whole set: a class appears in every frame's legend, even
     * before any country has it, so the legend does not shift. */
    o->legend_all_classes = true;
    for (guint i = 0; ok && i < dates->len; i++) {
        o->as_of = g_array_index(dates, cm_date_t, i);
        o->has_as_of = o->show_date = true;
        char *suffix = frame_suffix(&o->as_of);
        ok = render_one(mp, o, suffix, error);
        g_free(suffix);
    }
    if (ok && !mp->run->spec->quiet) {
        const cm_figure_spec_t *sp = mp->run->spec;
        int n_out = cm_figure_spec_n_outputs(sp);
        /* each frame's files in the order they were added: outputs, alt text, report */
        const char *last_of_frame = sp->report     ? sp->report
                                    : sp->alt_text ? sp->alt_text
                                                   : sp->outputs[n_out - 1];
        char *first = frame_suffix(&g_array_index(dates, cm_date_t, 0));
        char *last = frame_suffix(&g_array_index(dates, cm_date_t, dates->len - 1));
        char *a = cm__figure_suffixed_name(sp->outputs[0], first);
        char *b = cm__figure_suffixed_name(last_of_frame, last);
        guint per_frame = (guint)(n_out + !!sp->report + !!sp->alt_text);
        mp->run->after_commit = g_strdup_printf("chronomap: wrote %u frames (%u files), %s … %s\n",
                                                dates->len, dates->len * per_frame, a, b);
        g_free(a);
        g_free(b);
        g_free(first);
        g_free(last);
    }
    g_array_unref(dates);
    return ok;
}

/* Number of distinct groups in the data. */
static int
n_groups(const cm_dataset_t *ds)
{
    GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
    for (int i = 0; i < cm_dataset_n_items(ds); i++) {
        const cm_item_t *it = cm_dataset_get_item(ds, i);
        const char *g = it->group ? it->group : cm_dataset_get_entity(ds, it->entity)->group;
        if (g)
            g_hash_table_add(seen, (gpointer)g);
    }
    int n = (int)g_hash_table_size(seen);
    g_hash_table_unref(seen);
    return n;
}

/* The map options of the spec; size and texts from the run. */
static void
map_options(const cm__figure_run_t *r, const cm_dataset_t *ds, cm_map_opts_t *o)
{
    const cm_figure_spec_t *s = r->spec;
    *o = (cm_map_opts_t){
        .width = r->canvas.width,
        .height = r->canvas.height,
        .title = s->title,
        .subtitle = s->subtitle,
        .color_by = s->map.color_by,
        .bins = s->map.bins,
        .n_bin_years = s->map.n_bin_years,
        /* No --as-of: the state today (SOURCE_DATE_EPOCH when set), said on the figure,
         * so a membership that has ended is never coloured as current. */
        .has_as_of = true,
        .as_of = s->map.as_of_today || !s->map.has_as_of ? cm_date_today() : s->map.as_of,
        .show_date = true,
        .labels = s->map.labels,
        .label_only = (const char *const *)s->map.label_only,
        .lang = s->lang,
        .graticule = s->map.graticule,
    };
    memcpy(o->bin_years, s->map.bin_years, sizeof o->bin_years);
    /* --bins implies dates; by default: groups when there are some and the palette can
     * tell them apart (member / partner), else dates (eleven enlargement rounds). */
    if (!s->map.has_color_by && s->map.has_bins)
        o->color_by = CM_MAP_COLOR_DATE;
    int groups = n_groups(ds);
    if (!s->map.has_color_by && !s->map.has_bins && (groups == 0 || groups > r->style->palette_len))
        o->color_by = CM_MAP_COLOR_DATE;
}

/* The basemap, projected and ready: from the disk cache, else loaded (in JOB's thread,
 * joined here) and projected with PROJ, then saved to the cache. */
static cm_map_base_t *
ready_base(const cm_figure_spec_t *s, cached_t *cached, load_job_t *job, const cm_geo_t *geo,
           cm_proj_t *proj, GError **error)
{
    if (cached->base) {
        cm_map_base_t *base = cached->base;
        cached->base = NULL;
        return base;
    }
    cm_map_base_t *base = cm_map_base_new(geo, proj, s->map.has_bbox ? s->map.bbox : NULL, error);
    if (!base) {
        g_prefix_error(error, "--bbox: ");
        return NULL;
    }
    save_cache(cached, job->path, base);
    return base;
}

bool
cm__figure_map(cm__figure_run_t *r, GError **error)
{
    const cm_figure_spec_t *s = r->spec;
    cm_dataset_t *ds = NULL;
    const cm_countries_t *cs = NULL;
    cm_countries_t *own_cs = NULL;
    cm_proj_t *proj = NULL;
    cm_map_match_t *match = NULL;
    cm_map_base_t *base = NULL;
    char *source = NULL;
    char *basemap = s->map.basemap ? g_strdup(s->map.basemap) : cm_data_path(DEFAULT_BASEMAP);
    GThread *loader = NULL;
    cached_t cached = {0};
    cm_layout_notes_t notes;
    cm_layout_notes_init(&notes);
    bool ok = false;

    cm_ingest_opts_t io;
    cm__figure_ingest_opts(s, &io);
    const char *proj_def = s->map.projection ? s->map.projection : "world";
    load_job_t job = {
        .path = basemap,
        .opts = {.id_property = s->map.id_property, .max_vertices = s->map.max_vertices},
        .shared = r->shared,
    };
    probe_cache(&cached, basemap, &job.opts, proj_def, s->map.has_bbox ? s->map.bbox : NULL);
    if (cached.base)
        cm__figure_shared_basemap_cached(r->shared, basemap, &job.opts);
    else
        loader = g_thread_new("basemap", load_basemap, &job);

    /* A hit was projected by a definition PROJ accepted; PROJ is only loaded on a miss. */
    if (!cached.base && !(proj = cm_proj_new(proj_def, error))) {
        if (*error && (*error)->code == CM_ERROR_USAGE) /* not when PROJ cannot be loaded */
            g_prefix_error(error, "--projection: ");
        goto out;
    }
    if (!(cs = load_countries(r, &own_cs, error)))
        goto out;
    ds = cm_ingest_file(s->data, &io, r->diag, error);
    if (loader)
        g_thread_join(loader);
    loader = NULL;
    if (!ds) {
        cm_diag_print(r->diag, r->log);
        goto out;
    }
    const cm_geo_t *geo = cached.base ? cached.geo : job.geo;
    if (!geo) {
        cm_diag_print(r->diag, r->log);
        g_propagate_error(error, job.error);
        job.error = NULL;
        goto out;
    }
    match = cm_map_match_new(ds, geo, cs, s->map.unmatched, r->diag);
    cm_diag_print(r->diag, r->log);
    if (cm_diag_errors(r->diag) > 0) {
        int n = cm_map_match_n_unmatched(match);
        g_set_error(error, CM_ERROR, CM_ERROR_DATA,
                    "%d row%s of %s name no known country (use --unmatched warn to draw the "
                    "map without them)",
                    n, n == 1 ? "" : "s", s->data);
        goto out;
    }
    if (!(base = ready_base(s, &cached, &job, geo, proj, error)))
        goto out;

    cm_map_opts_t o;
    map_options(r, ds, &o);
    source = cm_map_credit(s->source, s->map.basemap != NULL);
    o.source = source;
    map_t mp = {.run = r, .ds = ds, .match = match, .base = base, .notes = &notes};
    ok = s->map.frames ? emit_frames(&mp, &o, error) : render_one(&mp, &o, NULL, error);
    cm__figure_print_notes(&notes, s->quiet, r->log);
    if (ok && r->cache_log)
        fprintf(r->log, "chronomap: basemap cache %s; PROJ %s\n",
                geo == cached.geo ? "hit"
                : cached.has_key  ? "miss"
                                  : "off",
                proj_mapped() ? "loaded" : "not loaded");
out:
    if (loader)
        g_thread_join(loader);
    g_clear_error(&job.error);
    cm_map_base_free(base);
    cm_map_base_free(cached.base);
    cm_map_match_free(match);
    cm_geo_free(job.owned);
    cm_geo_free(cached.geo);
    cm_proj_free(proj);
    cm_countries_free(own_cs);
    cm_layout_notes_release(&notes);
    cm_dataset_free(ds);
    g_free(source);
    g_free(basemap);
    return ok;
}
