/* cm_batch_state.c — incremental decisions and shards.
 *
 * A figure is up to date when the stamp stored after its last successful
 * render equals the stamp of now and all its files exist. The stamp is a
 * SHA-256 (GChecksum) over the program's identity, the figure's merged keys
 * (its argv) and, for every input file, path, size and modification time in
 * nanoseconds: a change of data, style, eras, basemap, manifest group or
 * program renders it again, and checking costs one stat per input. Stamps
 * are written atomically (g_file_set_contents) only after the outputs are in
 * place, so a failed or interrupted render is retried next time.
 *
 * Shards hash the figure name with 32-bit FNV-1a (Fowler, Noll, Vo;
 * http://www.isthe.com/chongo/tech/comp/fnv/) so the split does not depend on
 * the manifest's order or on other figures.
 */
#include "batch/cm_batch.h"
#include "util/cm_error.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

static void
add_str(GChecksum *c, const char *tag, const char *s)
{
    g_checksum_update(c, (const guchar *)tag, -1);
    g_checksum_update(c, (const guchar *)"=", 1);
    g_checksum_update(c, (const guchar *)(s ? s : "(null)"), -1);
    g_checksum_update(c, (const guchar *)"\n", 1);
}

char *
cm_batch_stamp(const cm_batch_figure_t *f, const char *version)
{
    GChecksum *c = g_checksum_new(G_CHECKSUM_SHA256);
    add_str(c, "version", version);
    add_str(c, "kind", f->kind == CM_BATCH_MAP ? "map" : "timeline");
    add_str(c, "name", f->name);
    add_str(c, "data", f->data);
    char *spec = cm_figure_spec_canonical(&f->spec);
    add_str(c, "spec", spec);
    g_free(spec);
    for (char **o = f->outputs; *o; o++)
        add_str(c, "output", *o);
    add_str(c, "report", f->report);
    add_str(c, "alt-text", f->alt_text);
    for (char **in = f->inputs; in && *in; in++) {
        struct stat st;
        char *v = stat(*in, &st) == 0
                      ? g_strdup_printf("%s %lld %lld.%09ld", *in, (long long)st.st_size,
                                        (long long)st.st_mtim.tv_sec, (long)st.st_mtim.tv_nsec)
                      : g_strdup_printf("%s missing", *in);
        add_str(c, "input", v);
        g_free(v);
    }
    char *hex = g_strdup(g_checksum_get_string(c));
    g_checksum_free(c);
    return hex;
}

char *
cm_batch_stamp_path(const cm_batch_manifest_t *m, const cm_batch_figure_t *f)
{
    char *name = g_strconcat(f->name, ".stamp", NULL);
    char *p = g_build_filename(m->state_dir, name, NULL);
    g_free(name);
    return p;
}

bool
cm_batch_up_to_date(const cm_batch_manifest_t *m, const cm_batch_figure_t *f, const char *stamp,
                    bool need_alt)
{
    bool frames = f->spec.map.frames; /* its files are named by the data's dates */
    for (char **o = f->outputs; *o && !frames; o++)
        if (!g_file_test(*o, G_FILE_TEST_IS_REGULAR))
            return false;
    if (!frames && f->report && !g_file_test(f->report, G_FILE_TEST_IS_REGULAR))
        return false;
    if (!frames && need_alt && !g_file_test(f->alt_text, G_FILE_TEST_IS_REGULAR))
        return false;
    char *path = cm_batch_stamp_path(m, f), *stored = NULL;
    bool same = g_file_get_contents(path, &stored, NULL, NULL);
    char **lines = g_strsplit(same ? stored : "", "\n", -1);
    same = same && lines[0] && strcmp(lines[0], stamp) == 0;
    for (int i = 1; same && frames && lines[i]; i++)
        same = !*lines[i] || g_file_test(lines[i], G_FILE_TEST_IS_REGULAR);
    same = same && (!frames || (lines[0] && lines[1] && *lines[1]));
    g_strfreev(lines);
    g_free(stored);
    g_free(path);
    return same;
}

bool
cm_batch_stamp_write(const cm_batch_manifest_t *m, const cm_batch_figure_t *f, const char *stamp,
                     const char *const *written, int n, GError **error)
{
    if (g_mkdir_with_parents(m->state_dir, 0777) != 0) {
        int errsv = errno;
        g_set_error(error, CM_ERROR, CM_ERROR_IO, "cannot create %s: %s", m->state_dir,
                    g_strerror(errsv));
        return false;
    }
    char *path = cm_batch_stamp_path(m, f);
    GString *text = g_string_new(stamp);
    g_string_append_c(text, '\n');
    for (int i = 0; i < n; i++)
        if (!strchr(written[i], '\n'))
            g_string_append_printf(text, "%s\n", written[i]);
    GError *e = NULL;
    bool ok = g_file_set_contents(path, text->str, (gssize)text->len, &e);
    if (!ok) {
        g_set_error(error, CM_ERROR, CM_ERROR_IO, "%s", e->message);
        g_error_free(e);
    }
    g_string_free(text, TRUE);
    g_free(path);
    return ok;
}

bool
cm_batch_shard_parse(const char *text, int *k, int *n, GError **error)
{
    char *end = NULL;
    gint64 a = g_ascii_strtoll(text, &end, 10), b = 0;
    bool ok = end != text && *end == '/';
    if (ok) {
        const char *p = end + 1;
        b = g_ascii_strtoll(p, &end, 10);
        ok = end != p && !*end && b >= 1 && b <= 10000 && a >= 1 && a <= b;
    }
    if (!ok) {
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE,
                    "--shard %s: want K/N with 1 <= K <= N <= 10000 (e.g. 2/8)", text);
        return false;
    }
    *k = (int)a;
    *n = (int)b;
    return true;
}

bool
cm_batch_in_shard(const char *name, int k, int n)
{
    guint32 h = 2166136261u;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        h ^= *p;
        h *= 16777619u;
    }
    return n <= 1 || (int)(h % (guint32)n) == k - 1;
}
