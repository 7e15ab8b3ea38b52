/* cm_text_store.c — shaped text kept in the cache folder between runs.
 *
 * One file per font environment, "text-<hash>.bin" in cm_cache_dir(), holds
 * every shaped layout (cm_backend_private.h) the engine made there, with the
 * fonts they name. The name hashes what can be known without starting
 * fontconfig or Pango: this format's version, the Pango (as compiled
 * against), Cairo and fontconfig versions, the layout size, the locale's
 * LC_CTYPE and the PANGO_LANGUAGE and LANGUAGE variables (Pango's languages
 * steer its fallback: Noto Sans CJK JP or KR) and the environment variables
 * fontconfig reads (FONTCONFIG_FILE, FONTCONFIG_PATH, FONTCONFIG_SYSROOT, HOME
 * and the XDG folders). Inside, the file lists what fontconfig's answer depended on
 * when the shapes were made — every configuration file it parsed and its
 * folder, every font folder, the user's configuration and font folders even
 * when absent — and every font file used, each with its size
 * and modification time. Loading stats them all (about a hundred stats, well
 * under a millisecond) and ignores the whole file when anything differs:
 * installing a font touches its folder, editing a configuration file touches
 * the file. The file is read once per engine, on its first measurement,
 * before any Pango call; a figure whose runs are all in it never starts
 * fontconfig.
 *
 * Layout of a file (native byte order, checked by a marker; integers 32-bit
 * unless said otherwise):
 *   header:  "CMTEXT" 0 1, 0x01020304, 0, u64 payload length, u64 FNV-1a hash
 *            of the payload (cm_cache_hash)
 *   payload: dependencies: count, then per path: string, i64 size, i64 mtime ns
 *            (-1, -1 when absent); fonts: count, then per font: file string,
 *            i64 size, i64 mtime ns, description bytes (cm_text.c); entries:
 *            count, then per entry: key string, text offset, logical x y w h,
 *            baseline, unknown glyphs, then lines, runs, glyphs, clusters and
 *            hex-box path data, each a count and the packed records.
 * Strings are a length and bytes. Every count, index and range is checked
 * against what is there before anything is used (cairo is handed clusters it
 * would reject otherwise), and a file that fails any check is ignored and later
 * rewritten.
 *
 * Writing happens when the engine's owner asks for it (cm_text_save_cache, once a
 * run or a figure is done; freeing the engine writes nothing), only when it shaped
 * something new since the last save: the current file is read again and merged (another process or
 * batch worker may have added entries meanwhile, in the same environment), and the result written
 * atomically by cm_cache_write, so readers see the old file or the new one, never a torn one; two
 * writers racing lose at most the other's new entries, which the next run adds again. A file over
 * FILE_MAX starts afresh with the entries this process used.
 */
#include "cm_backend_private.h"
#include "../util/cm_bin.h"
#include "../util/cm_cache.h"

#include <fontconfig/fontconfig.h>
#include <locale.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>

enum { FORMAT_VERSION = 1, FILE_MAX = 4 << 20 };
static const char MAGIC[8] = {'C', 'M', 'T', 'E', 'X', 'T', 0, 1};
#define ENDIAN_MARK 0x01020304u

typedef struct {
    char *path;
    gint64 size, mtime_ns; /* -1, -1: absent */
} dep_t;

struct cm__text_store {
    bool loaded;      /* the file was looked for */
    char *name;       /* NULL: caching is off */
    GArray *deps;     /* dep_t, sorted by path; NULL until known */
    int saved_misses; /* the engine's misses at the last save: what is new is the rest */
};

static void
dep_clear(gpointer p)
{
    g_free(((dep_t *)p)->path);
}

static GArray *
deps_new(void)
{
    GArray *a = g_array_new(FALSE, FALSE, sizeof(dep_t));
    g_array_set_clear_func(a, dep_clear);
    return a;
}

cm__text_store_t *
cm__text_store_new(void)
{
    return g_new0(cm__text_store_t, 1);
}

void
cm__text_store_free(cm__text_store_t *store)
{
    if (!store)
        return;
    g_free(store->name);
    if (store->deps)
        g_array_unref(store->deps);
    g_free(store);
}

/* ---- the environment ---- */

char *
cm__text_store_name(void)
{
    /* what fontconfig reads, and what Pango takes its languages from
     * (pango_language_get_default: LC_CTYPE; _get_preferred: the last two) */
    static const char *const vars[] = {
        "FONTCONFIG_FILE", "FONTCONFIG_PATH", "FONTCONFIG_SYSROOT", "HOME",    "XDG_CONFIG_HOME",
        "XDG_DATA_HOME",   "XDG_CACHE_HOME",  "PANGO_LANGUAGE",     "LANGUAGE"};
    const char *ctype = setlocale(LC_CTYPE, NULL);
    GString *s = g_string_new(NULL);
    /* Pango's version as compiled against: asking the library would load it */
    g_string_append_printf(s, "cm-text %d pango %d cairo %d fc %d px %g ptr %zu ctype %s",
                           FORMAT_VERSION, PANGO_VERSION, cairo_version(), FcGetVersion(),
                           CM__TEXT_LAYOUT_PX, sizeof(void *), ctype ? ctype : "");
    for (size_t i = 0; i < G_N_ELEMENTS(vars); i++) {
        const char *v = g_getenv(vars[i]);
        g_string_append_printf(s, "\x1f%s=%s%s", vars[i], v ? "1" : "0", v ? v : "");
    }
    guint64 h = cm_cache_hash(CM_CACHE_HASH_SEED, s->str, s->len);
    g_string_free(s, TRUE);
    return g_strdup_printf("text-%016" G_GINT64_MODIFIER "x.bin", h);
}

static void
stat_path(const char *path, gint64 *size, gint64 *mtime_ns)
{
    struct stat st;
    if (stat(path, &st) == 0) {
        *size = (gint64)st.st_size;
        *mtime_ns = (gint64)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
    } else {
        *size = *mtime_ns = -1;
    }
}

static void
add_strlist(GHashTable *set, FcStrList *list, bool with_parent)
{
    if (!list)
        return;
    FcChar8 *p;
    while ((p = FcStrListNext(list))) {
        g_hash_table_add(set, g_strdup((const char *)p));
        if (with_parent)
            g_hash_table_add(set, g_path_get_dirname((const char *)p));
    }
    FcStrListDone(list);
}

static int
cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void
cm__text_store_note_env(cm_text_t *text)
{
    cm__text_store_t *st = text->store;
    if (st->deps)
        return;
    GHashTable *set = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    add_strlist(set, FcConfigGetConfigFiles(NULL), true);
    add_strlist(set, FcConfigGetConfigDirs(NULL), false);
    add_strlist(set, FcConfigGetFontDirs(NULL), false);
    /* not fontconfig's cache folders: any program scanning any folder writes
     * there, and what they cache is the font folders, which are listed */
    /* the user's configuration and fonts, which count once they appear */
    const char *cfg = g_get_user_config_dir(), *data = g_get_user_data_dir();
    const char *home = g_get_home_dir();
    char *user[] = {g_build_filename(cfg, "fontconfig", "fonts.conf", NULL),
                    g_build_filename(cfg, "fontconfig", "conf.d", NULL),
                    g_build_filename(cfg, "fontconfig", NULL),
                    g_build_filename(data, "fonts", NULL),
                    g_build_filename(home, ".fonts.conf", NULL),
                    g_build_filename(home, ".fonts", NULL)};
    for (size_t i = 0; i < G_N_ELEMENTS(user); i++)
        g_hash_table_add(set, user[i]);
    guint n = 0;
    char **paths = (char **)g_hash_table_get_keys_as_array(set, &n);
    qsort(paths, n, sizeof *paths, cmp_str);
    st->deps = deps_new();
    for (guint i = 0; i < n; i++) {
        dep_t d = {g_strdup(paths[i]), -1, -1};
        stat_path(d.path, &d.size, &d.mtime_ns);
        g_array_append_val(st->deps, d);
    }
    g_free(paths);
    g_hash_table_destroy(set);
}

/* ---- writing ---- */

static void
put_entry(GByteArray *b, const cm__shaped_t *s)
{
    cm_bin_put_str(b, s->key);
    gint32 v[7] = {s->text_off, s->lx, s->ly, s->lw, s->lh, s->baseline, s->unknown};
    cm_bin_put(b, v, sizeof v);
    cm_bin_put_u32(b, (guint32)s->n_lines);
    cm_bin_put(b, s->lines, sizeof *s->lines * (gsize)s->n_lines);
    cm_bin_put_u32(b, (guint32)s->n_runs);
    cm_bin_put(b, s->runs, sizeof *s->runs * (gsize)s->n_runs);
    cm_bin_put_u32(b, (guint32)s->n_glyphs);
    cm_bin_put(b, s->glyphs, sizeof *s->glyphs * (gsize)s->n_glyphs);
    cm_bin_put_u32(b, (guint32)s->n_clusters);
    cm_bin_put(b, s->clusters, sizeof *s->clusters * (gsize)s->n_clusters);
    cm_bin_put_u32(b, (guint32)s->n_box);
    cm_bin_put(b, s->box, sizeof *s->box * (gsize)s->n_box);
}

static int
cmp_entry(const void *a, const void *b)
{
    return strcmp((*(cm__shaped_t *const *)a)->key, (*(cm__shaped_t *const *)b)->key);
}

GByteArray *
cm__text_store_serialize(cm_text_t *text, bool only_used)
{
    GByteArray *b = g_byte_array_sized_new(1 << 16);
    guint64 zero = 0;
    cm_bin_put(b, MAGIC, sizeof MAGIC);
    cm_bin_put_u32(b, ENDIAN_MARK);
    cm_bin_put_u32(b, 0);
    cm_bin_put(b, &zero, 8); /* payload length */
    cm_bin_put(b, &zero, 8); /* hash */
    const gsize head = b->len;

    GArray *deps = text->store->deps;
    cm_bin_put_u32(b, deps ? deps->len : 0);
    for (guint i = 0; deps && i < deps->len; i++) {
        const dep_t *d = &g_array_index(deps, dep_t, i);
        cm_bin_put_str(b, d->path);
        cm_bin_put_i64(b, d->size);
        cm_bin_put_i64(b, d->mtime_ns);
    }
    cm_bin_put_u32(b, text->fonts->len);
    for (guint i = 0; i < text->fonts->len; i++) {
        const cm__font_t *f = g_ptr_array_index(text->fonts, i);
        cm_bin_put_str(b, f->file);
        cm_bin_put_i64(b, f->size);
        cm_bin_put_i64(b, f->mtime_ns);
        cm_bin_put_bytes(b, f->desc, f->desc_len);
    }
    /* entries in key order, so a file's bytes do not depend on hash order */
    GPtrArray *list = g_ptr_array_new();
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, text->shaped);
    while (g_hash_table_iter_next(&it, &k, &v))
        if (!only_used || ((cm__shaped_t *)v)->used)
            g_ptr_array_add(list, v);
    g_ptr_array_sort(list, cmp_entry);
    cm_bin_put_u32(b, list->len);
    for (guint i = 0; i < list->len; i++)
        put_entry(b, g_ptr_array_index(list, i));
    g_ptr_array_unref(list);

    guint64 len = b->len - head;
    guint64 hash = cm_cache_hash(CM_CACHE_HASH_SEED, b->data + head, len);
    memcpy(b->data + head - 16, &len, 8);
    memcpy(b->data + head - 8, &hash, 8);
    return b;
}

/* ---- reading ---- */

/* A copy of N records of SIZE bytes (NULL for none; N itself read first). */
static void *
take_array(cm_bin_reader_t *r, gsize size, gint32 *n)
{
    guint32 count = cm_bin_take_u32(r);
    if (count > (guint32)G_MAXINT32 || (gsize)(r->end - r->p) / size < count) {
        r->bad = true;
        *n = 0;
        return NULL;
    }
    *n = (gint32)count;
    const void *p = cm_bin_take(r, size * count);
    return p && count ? g_memdup2(p, size * count) : NULL;
}

/* A NUL-free string, copied; NULL (and R bad) otherwise. */
static bool
in_range(gint64 start, gint64 n, gint64 len)
{
    return start >= 0 && n >= 0 && start + n <= len;
}

/* Whether BOX[0..N) is well-formed cairo path data with finite points. */
static bool
path_ok(const cairo_path_data_t *box, gint32 n)
{
    for (gint32 i = 0; i < n;) {
        int type = box[i].header.type, len = box[i].header.length;
        int want = type == CAIRO_PATH_MOVE_TO || type == CAIRO_PATH_LINE_TO ? 2
                   : type == CAIRO_PATH_CURVE_TO                            ? 4
                   : type == CAIRO_PATH_CLOSE_PATH                          ? 1
                                                                            : 0;
        if (!want || len != want || i + len > n)
            return false;
        for (int k = 1; k < len; k++)
            if (!isfinite(box[i + k].point.x) || !isfinite(box[i + k].point.y))
                return false;
        i += len;
    }
    return true;
}

/* Positions and lengths in Pango units: at most 2^28 (262,144 px at the layout size)
 * either way, so sums of a few of them, and a run's advances, fit 32 bits. */
#define COORD_MAX ((gint64)1 << 28)

static bool
coords_ok(const gint32 *v, int n)
{
    for (int i = 0; i < n; i++)
        if (v[i] < -COORD_MAX || v[i] > COORD_MAX)
            return false;
    return true;
}

/* Whether every position and advance of S is within COORD_MAX, and every run's advances
 * add up to no more. */
static bool
extents_ok(const cm__shaped_t *s)
{
    const gint32 box[] = {s->lx, s->ly, s->lw, s->lh, s->baseline};
    if (!coords_ok(box, G_N_ELEMENTS(box)))
        return false;
    for (gint32 i = 0; i < s->n_lines; i++) {
        const gint32 v[] = {s->lines[i].x, s->lines[i].width, s->lines[i].baseline};
        if (!coords_ok(v, G_N_ELEMENTS(v)))
            return false;
    }
    for (gint32 i = 0; i < s->n_glyphs; i++) {
        const gint32 v[] = {s->glyphs[i].width, s->glyphs[i].x_offset, s->glyphs[i].y_offset};
        if (!coords_ok(v, G_N_ELEMENTS(v)))
            return false;
    }
    for (gint32 i = 0; i < s->n_runs; i++) {
        const cm__run_t *r = &s->runs[i];
        const gint32 v[] = {r->x, r->base};
        if (!coords_ok(v, G_N_ELEMENTS(v)))
            return false;
        gint64 advance = 0; /* the run's glyphs are in range: entry_ok checked them first */
        for (gint32 g = 0; g < r->n_glyphs; g++)
            advance += ABS((gint64)s->glyphs[r->glyph0 + g].width);
        if (advance > COORD_MAX)
            return false;
    }
    return true;
}

/* Checks every index and range of S against itself and N_FONTS fonts, and every
 * position against COORD_MAX. */
static bool
entry_ok(const cm__shaped_t *s, gint32 n_fonts)
{
    gint64 key_len = (gint64)strlen(s->key);
    if (!in_range(s->text_off, 0, key_len))
        return false;
    const char *text = cm__shaped_text(s);
    if (s->text_len != key_len - s->text_off || !g_utf8_validate(text, -1, NULL))
        return false;
    if (s->n_lines < 1 || s->lw < 0 || s->lh < 0 || s->unknown < 0)
        return false;
    for (gint32 i = 0; i < s->n_lines; i++)
        if (!in_range(s->lines[i].start, s->lines[i].length, s->text_len))
            return false;
    for (gint32 i = 0; i < s->n_glyphs; i++) {
        const cm__glyph_t *g = &s->glyphs[i];
        /* (no pointer arithmetic on an absent array: s->box is NULL when no glyph has a box) */
        if (!in_range(g->box0, g->n_box, s->n_box) ||
            (g->n_box > 0 && !path_ok(s->box + g->box0, g->n_box)))
            return false;
    }
    for (gint32 i = 0; i < s->n_runs; i++) {
        const cm__run_t *r = &s->runs[i];
        if (r->font < -1 || r->font >= n_fonts || (r->backward != 0 && r->backward != 1) ||
            !in_range(r->offset, r->length, s->text_len) ||
            !in_range(r->glyph0, r->n_glyphs, s->n_glyphs) ||
            !in_range(r->cluster0, r->n_clusters, s->n_clusters))
            return false;
        /* clusters must cover the run's bytes and drawn glyphs exactly, as
         * cairo_show_text_glyphs requires */
        gint64 bytes = 0, glyphs = 0, drawn = 0;
        for (gint32 c = 0; c < r->n_clusters; c++) {
            const cm__cluster_t *cl = &s->clusters[r->cluster0 + c];
            if (cl->num_bytes < 0 || cl->num_glyphs < 0)
                return false;
            bytes += cl->num_bytes;
            glyphs += cl->num_glyphs;
        }
        for (gint32 g = 0; g < r->n_glyphs; g++) {
            guint32 id = s->glyphs[r->glyph0 + g].glyph;
            drawn += id != PANGO_GLYPH_EMPTY && !(id & PANGO_GLYPH_UNKNOWN_FLAG);
        }
        if (r->n_clusters && (bytes != r->length || glyphs != drawn))
            return false;
    }
    return extents_ok(s);
}

static cm__shaped_t *
take_entry(cm_bin_reader_t *r, gint32 n_fonts)
{
    cm__shaped_t *s = g_new0(cm__shaped_t, 1);
    s->key = cm_bin_take_str(r);
    const gint32 *v = cm_bin_take(r, 7 * sizeof(gint32));
    if (v) {
        gint32 w[7];
        memcpy(w, v, sizeof w);
        s->text_off = w[0];
        s->lx = w[1];
        s->ly = w[2];
        s->lw = w[3];
        s->lh = w[4];
        s->baseline = w[5];
        s->unknown = w[6];
    }
    s->lines = take_array(r, sizeof *s->lines, &s->n_lines);
    s->runs = take_array(r, sizeof *s->runs, &s->n_runs);
    s->glyphs = take_array(r, sizeof *s->glyphs, &s->n_glyphs);
    s->clusters = take_array(r, sizeof *s->clusters, &s->n_clusters);
    s->box = take_array(r, sizeof *s->box, &s->n_box);
    if (!r->bad && s->key) {
        /* (the text offset is checked before it is subtracted: a negative one overflowed) */
        size_t key_len = strlen(s->key);
        if (s->text_off < 0 || (size_t)s->text_off > key_len || key_len > (size_t)G_MAXINT32)
            r->bad = true;
        else
            s->text_len = (gint32)(key_len - (size_t)s->text_off);
    }
    if (r->bad || !s->key || !entry_ok(s, n_fonts)) {
        r->bad = true;
        cm__shaped_free(s);
        return NULL;
    }
    return s;
}

static bool
deps_equal(const GArray *a, const GArray *b)
{
    if (a->len != b->len)
        return false;
    for (guint i = 0; i < a->len; i++) {
        const dep_t *x = &g_array_index(a, dep_t, i), *y = &g_array_index(b, dep_t, i);
        if (strcmp(x->path, y->path) != 0 || x->size != y->size || x->mtime_ns != y->mtime_ns)
            return false;
    }
    return true;
}

/* Dependencies as recorded, each checked against the file system now. */
static GArray *
take_deps(cm_bin_reader_t *r)
{
    guint32 n = cm_bin_take_u32(r);
    GArray *deps = deps_new();
    for (guint32 i = 0; i < n && !r->bad; i++) {
        dep_t d = {cm_bin_take_str(r), cm_bin_take_i64(r), cm_bin_take_i64(r)};
        if (r->bad) {
            g_free(d.path);
            break;
        }
        g_array_append_val(deps, d);
        gint64 size, mtime;
        stat_path(d.path, &size, &mtime);
        if (size != d.size || mtime != d.mtime_ns) {
            if (g_getenv("CHRONOMAP_TEXT_DEBUG"))
                g_printerr("chronomap: text cache: %s changed\n", d.path);
            r->bad = true;
        }
    }
    if (n == 0)
        r->bad = true; /* a file made after fontconfig started always has some */
    return deps;
}

/* Fonts as recorded, each file unchanged since; their ids in TEXT in IDS. */
static GPtrArray *
take_fonts(cm_bin_reader_t *r)
{
    guint32 n = cm_bin_take_u32(r);
    GPtrArray *fonts = g_ptr_array_new_with_free_func((GDestroyNotify)cm__font_free);
    for (guint32 i = 0; i < n && !r->bad; i++) {
        cm__font_t *f = g_new0(cm__font_t, 1);
        g_ptr_array_add(fonts, f);
        f->file = cm_bin_take_str(r);
        f->size = cm_bin_take_i64(r);
        f->mtime_ns = cm_bin_take_i64(r);
        guint32 len = cm_bin_take_u32(r);
        const void *d = cm_bin_take(r, len);
        if (r->bad || !f->file)
            break;
        f->desc = g_memdup2(d, len);
        f->desc_len = len;
        gint64 size, mtime;
        stat_path(f->file, &size, &mtime);
        if (size != f->size || mtime != f->mtime_ns || size < 0 ||
            !cm__text_font_desc_ok(f->desc, len))
            r->bad = true;
    }
    return fonts;
}

bool
cm__text_store_parse(cm_text_t *text, const guint8 *data, gsize len)
{
    if (!data || len == 0) /* an empty file (GBytes gives NULL then) */
        return false;
    cm_bin_reader_t r = {data, data + len, false};
    const void *magic = cm_bin_take(&r, sizeof MAGIC);
    guint32 mark = cm_bin_take_u32(&r);
    cm_bin_take_u32(&r);
    guint64 plen = (guint64)cm_bin_take_i64(&r), hash = (guint64)cm_bin_take_i64(&r);
    if (r.bad || memcmp(magic, MAGIC, sizeof MAGIC) != 0 || mark != ENDIAN_MARK ||
        plen != (guint64)(r.end - r.p) || hash != cm_cache_hash(CM_CACHE_HASH_SEED, r.p, plen))
        return false;
    return cm__text_store_parse_payload(text, r.p, (gsize)plen);
}

bool
cm__text_store_parse_payload(cm_text_t *text, const guint8 *data, gsize len)
{
    if (!data || len == 0)
        return false;
    cm_bin_reader_t r = {data, data + len, false};
    GArray *deps = take_deps(&r);
    if (!r.bad && text->store->deps && !deps_equal(deps, text->store->deps))
        r.bad = true; /* another font environment under the same name: ours wins */
    GPtrArray *fonts = r.bad ? NULL : take_fonts(&r);
    GPtrArray *entries = g_ptr_array_new_with_free_func((GDestroyNotify)cm__shaped_free);
    guint32 n = cm_bin_take_u32(&r);
    for (guint32 i = 0; i < n && !r.bad; i++) {
        cm__shaped_t *s = take_entry(&r, fonts ? (gint32)fonts->len : 0);
        if (s)
            g_ptr_array_add(entries, s);
    }
    bool ok = !r.bad && fonts && r.p == r.end;
    if (ok) {
        /* adopt: the file's fonts join TEXT's table, runs are renumbered */
        gint32 *ids = g_new(gint32, MAX(fonts->len, 1));
        for (guint i = 0; i < fonts->len; i++) {
            cm__font_t *f = g_ptr_array_index(fonts, i);
            ids[i] = cm__text_add_font(text, f->desc, f->desc_len, f->file, f->size, f->mtime_ns);
            f->desc = NULL;
            f->file = NULL;
        }
        for (guint i = 0; i < entries->len; i++) {
            cm__shaped_t *s = g_ptr_array_index(entries, i);
            if (g_hash_table_contains(text->shaped, s->key))
                continue;
            for (gint32 j = 0; j < s->n_runs; j++)
                if (s->runs[j].font >= 0)
                    s->runs[j].font = ids[s->runs[j].font];
            entries->pdata[i] = NULL;
            cm__text_insert(text, s);
        }
        g_free(ids);
        if (!text->store->deps) {
            text->store->deps = deps;
            deps = NULL;
        }
    }
    if (deps)
        g_array_unref(deps);
    if (fonts)
        g_ptr_array_unref(fonts);
    g_ptr_array_unref(entries);
    return ok;
}

/* ---- the file ---- */

void
cm__text_store_load(cm_text_t *text)
{
    cm__text_store_t *st = text->store;
    if (st->loaded)
        return;
    st->loaded = true;
    if (!cm_cache_dir())
        return;
    st->name = cm__text_store_name();
    GBytes *b = cm_cache_read(st->name);
    if (!b)
        return;
    gsize len = 0;
    const guint8 *data = g_bytes_get_data(b, &len);
    if (len <= FILE_MAX)
        cm__text_store_parse(text, data, len);
    g_bytes_unref(b);
}

void
cm__text_store_save(cm_text_t *text)
{
    cm__text_store_t *st = text->store;
    if (!st->name || text->misses == st->saved_misses || !st->deps)
        return;
    st->saved_misses = text->misses;
    GBytes *cur = cm_cache_read(st->name);
    if (cur) {
        gsize len = 0;
        const guint8 *data = g_bytes_get_data(cur, &len);
        if (len <= FILE_MAX)
            cm__text_store_parse(text, data, len);
        g_bytes_unref(cur);
    }
    GByteArray *img = cm__text_store_serialize(text, false);
    if (img->len > FILE_MAX) {
        g_byte_array_unref(img);
        img = cm__text_store_serialize(text, true);
    }
    if (img->len <= FILE_MAX)
        cm_cache_write(st->name, img->data, img->len);
    g_byte_array_unref(img);
}
