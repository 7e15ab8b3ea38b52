/* test_text_cache.c — shaped text kept between runs (cm_text_store.c).
 *
 * The process runs with its own cache folder and its own fontconfig file
 * (the system's configuration plus one empty font folder of ours), both set
 * before anything starts fontconfig. Checked: shaped layouts survive a round
 * trip through the file byte for byte; an engine that finds every run in the
 * file never creates its Pango font map yet measures and draws exactly what
 * the first engine did; a truncated, corrupt or foreign file is ignored (and
 * rewritten); a touched font folder or another fontconfig file is a miss.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "backend/cm_backend.h"
#include "backend/cm_backend_private.h"
#include "chronomap.h"
#include "util/cm_cache.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

const char *__asan_default_options(void);
const char *__lsan_default_suppressions(void);
const char *
__asan_default_options(void)
{
    return "fast_unwind_on_malloc=0";
}

const char *
__lsan_default_suppressions(void)
{
    return "leak:FcInitLoadConfigAndFonts\nleak:cairo_surface_finish\n";
}

static char *tmpdir, *fontdir;

static cm_font_t
font(double size, int weight)
{
    return (cm_font_t){.family = "Noto Sans", .size = size, .weight = weight};
}

static const struct {
    const char *text;
    double size, wrap;
    int weight;
} SAMPLES[] = {
    {"How NATO grew", 24, 0, 700},
    {"Oslo and Rome", 12, 0, 400},
    {"대한민국 and 日本", 14, 0, 400},
    {"a longer label that has to wrap onto lines", 12, 100, 400},
    {"first\nsecond", 12, 0, 400},
    {"private \xee\x80\x80 use", 16, 0, 400}, /* U+E000: no font has it */
};

static void
measure_all(cm_text_t *text, cm_text_extents_t *out)
{
    cm_measurer_t m = cm_text_measurer(text);
    for (size_t i = 0; i < G_N_ELEMENTS(SAMPLES); i++) {
        cm_font_t f = font(SAMPLES[i].size, SAMPLES[i].weight);
        m.measure(m.ctx, &f, SAMPLES[i].text, SAMPLES[i].wrap, CM_ALIGN_LEFT, &out[i]);
    }
}

/* Measures one run of S in TEXT. */
static void
measure_one(cm_text_t *text, const char *s)
{
    cm_measurer_t m = cm_text_measurer(text);
    cm_font_t f = font(12, 400);
    cm_text_extents_t e;
    m.measure(m.ctx, &f, s, 0, CM_ALIGN_LEFT, &e);
}

static void
assert_extents_equal(const cm_text_extents_t *a, const cm_text_extents_t *b)
{
    assert_true(a->width == b->width);
    assert_true(a->height == b->height);
    assert_true(a->baseline == b->baseline);
    assert_int_equal(a->unknown_glyphs, b->unknown_glyphs);
}

static cm_scene_t *
sample_scene(void)
{
    cm_scene_t *s = cm_scene_new(400, 300, (cm_color_t){1, 1, 1, 1});
    cm_scene_set_title(s, "Text cache", "samples");
    for (size_t i = 0; i < G_N_ELEMENTS(SAMPLES); i++) {
        cm_font_t f = font(SAMPLES[i].size, SAMPLES[i].weight);
        cm_rect_t box = {10, 10 + 45.0 * (double)i, 300, 40};
        cm_scene_text(s, "text", SAMPLES[i].text, &f, (cm_color_t){0, 0, 0, 1}, box,
                      SAMPLES[i].wrap, CM_ALIGN_LEFT);
    }
    return s;
}

static GBytes *
render(cm_text_t *text, const cm_scene_t *scene, cm_format_t format)
{
    cm_render_opts_t o = {.format = format, .scale = 1, .png_level = -1, .epoch = 0, .threads = 1};
    GByteArray *out = g_byte_array_new();
    GError *err = NULL;
    assert_true(cm_render(scene, text, &o, out, &err));
    assert_null(err);
    return g_byte_array_free_to_bytes(out);
}

static char *
cache_file(void)
{
    char *name = cm__text_store_name();
    char *path = g_build_filename(cm_cache_dir(), name, NULL);
    g_free(name);
    return path;
}

/* An engine that measured the samples, saved and was freed. */
static void
warm_up(void)
{
    cm_text_t *t = cm_text_new();
    cm_text_extents_t e[G_N_ELEMENTS(SAMPLES)];
    measure_all(t, e);
    cm_text_save_cache(t);
    cm_text_free(t);
}

/* ---- tests ---- */

static void
test_warm_engine_skips_pango(void **state)
{
    (void)state;
    char *path = cache_file();
    g_unlink(path);

    cm_text_t *cold = cm_text_new();
    cm_text_extents_t a[G_N_ELEMENTS(SAMPLES)], b[G_N_ELEMENTS(SAMPLES)];
    measure_all(cold, a);
    assert_non_null(cold->fontmap);
    assert_int_equal(cold->hits, 0);
    assert_true(a[5].unknown_glyphs > 0);
    assert_int_equal(a[0].unknown_glyphs, 0);
    cm_scene_t *scene = sample_scene();
    GBytes *svg_a = render(cold, scene, CM_FORMAT_SVG);
    GBytes *png_a = render(cold, scene, CM_FORMAT_PNG);
    GBytes *pdf_a = render(cold, scene, CM_FORMAT_PDF);
    cm_text_save_cache(cold);
    assert_true(g_file_test(path, G_FILE_TEST_IS_REGULAR));
    cm_text_free(cold);

    cm_text_t *warm = cm_text_new();
    measure_all(warm, b);
    GBytes *svg_b = render(warm, scene, CM_FORMAT_SVG);
    GBytes *png_b = render(warm, scene, CM_FORMAT_PNG);
    GBytes *pdf_b = render(warm, scene, CM_FORMAT_PDF);
    assert_null(warm->fontmap); /* neither Pango nor fontconfig was needed */
    assert_int_equal(warm->misses, 0);
    assert_true(warm->hits > 0);
    for (size_t i = 0; i < G_N_ELEMENTS(SAMPLES); i++)
        assert_extents_equal(&a[i], &b[i]);
    assert_true(g_bytes_equal(svg_a, svg_b));
    assert_true(g_bytes_equal(png_a, png_b));
    assert_true(g_bytes_equal(pdf_a, pdf_b));
    cm_text_free(warm);

    g_bytes_unref(svg_a);
    g_bytes_unref(svg_b);
    g_bytes_unref(png_a);
    g_bytes_unref(png_b);
    g_bytes_unref(pdf_a);
    g_bytes_unref(pdf_b);
    cm_scene_free(scene);
    g_free(path);
}

static void
assert_shaped_equal(const cm__shaped_t *x, const cm__shaped_t *y)
{
    assert_string_equal(x->key, y->key);
    assert_int_equal(x->text_off, y->text_off);
    assert_int_equal(x->text_len, y->text_len);
    assert_int_equal(x->lx, y->lx);
    assert_int_equal(x->ly, y->ly);
    assert_int_equal(x->lw, y->lw);
    assert_int_equal(x->lh, y->lh);
    assert_int_equal(x->baseline, y->baseline);
    assert_int_equal(x->unknown, y->unknown);
    assert_int_equal(x->n_lines, y->n_lines);
    assert_int_equal(x->n_runs, y->n_runs);
    assert_int_equal(x->n_glyphs, y->n_glyphs);
    assert_int_equal(x->n_clusters, y->n_clusters);
    assert_int_equal(x->n_box, y->n_box);
    assert_memory_equal(x->lines, y->lines, sizeof *x->lines * (size_t)x->n_lines);
    assert_memory_equal(x->glyphs, y->glyphs, sizeof *x->glyphs * (size_t)x->n_glyphs);
    if (x->n_clusters)
        assert_memory_equal(x->clusters, y->clusters, sizeof *x->clusters * (size_t)x->n_clusters);
    if (x->n_box)
        assert_memory_equal(x->box, y->box, sizeof *x->box * (size_t)x->n_box);
    for (int i = 0; i < x->n_runs; i++) {
        cm__run_t rx = x->runs[i], ry = y->runs[i];
        rx.font = ry.font = 0; /* numbered per engine */
        assert_memory_equal(&rx, &ry, sizeof rx);
    }
}

static void
test_round_trip(void **state)
{
    (void)state;
    cm_text_t *a = cm_text_new();
    cm_text_extents_t e[G_N_ELEMENTS(SAMPLES)];
    measure_all(a, e);
    GByteArray *img = cm__text_store_serialize(a, false);

    cm_text_t *b = cm_text_new();
    assert_true(cm__text_store_parse(b, img->data, img->len));
    assert_int_equal(g_hash_table_size(a->shaped), g_hash_table_size(b->shaped));
    assert_true(g_hash_table_size(b->shaped) >= G_N_ELEMENTS(SAMPLES));
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, a->shaped);
    int n_unknown = 0, n_multi_run = 0, n_multi_line = 0;
    while (g_hash_table_iter_next(&it, &k, &v)) {
        const cm__shaped_t *x = v, *y = g_hash_table_lookup(b->shaped, k);
        assert_non_null(y);
        assert_shaped_equal(x, y);
        for (int i = 0; i < x->n_runs; i++) {
            const cm__font_t *fx = g_ptr_array_index(a->fonts, x->runs[i].font);
            const cm__font_t *fy = g_ptr_array_index(b->fonts, y->runs[i].font);
            assert_string_equal(fx->file, fy->file);
            assert_int_equal(fx->desc_len, fy->desc_len);
            assert_memory_equal(fx->desc, fy->desc, fx->desc_len);
        }
        n_unknown += x->unknown > 0 && x->n_box > 0;
        n_multi_run += x->n_runs > 1;
        n_multi_line += x->n_lines > 1;
    }
    /* the samples exercise hex boxes, font fallback and wrapping */
    assert_true(n_unknown > 0);
    assert_true(n_multi_run > 0);
    assert_true(n_multi_line > 0);
    /* the same entries serialise to the same bytes */
    GByteArray *again = cm__text_store_serialize(b, false);
    assert_int_equal(img->len, again->len);
    /* dependencies differ only if b has none; it adopted a's */
    assert_memory_equal(img->data, again->data, img->len);
    g_byte_array_unref(again);
    g_byte_array_unref(img);
    cm_text_free(b);
    cm_text_free(a);
}

static void
test_bad_files_ignored(void **state)
{
    (void)state;
    cm_text_t *a = cm_text_new();
    cm_text_extents_t e[G_N_ELEMENTS(SAMPLES)], f[G_N_ELEMENTS(SAMPLES)];
    measure_all(a, e);
    GByteArray *img = cm__text_store_serialize(a, false);
    cm_text_free(a);

    /* truncated anywhere: rejected, nothing adopted */
    const guint cuts[] = {0, 7, 31, 32, 33, img->len / 2, img->len - 1};
    for (size_t i = 0; i < G_N_ELEMENTS(cuts); i++) {
        cm_text_t *t = cm_text_new();
        assert_false(cm__text_store_parse(t, img->data, cuts[i]));
        assert_int_equal(g_hash_table_size(t->shaped), 0);
        assert_int_equal(t->fonts->len, 0);
        cm_text_free(t);
    }
    /* one flipped bit anywhere in the payload: the checksum catches it */
    for (guint at = 32; at < img->len; at += img->len / 13 + 1) {
        GByteArray *bad = g_byte_array_new();
        g_byte_array_append(bad, img->data, img->len);
        bad->data[at] ^= 0x10;
        cm_text_t *t = cm_text_new();
        assert_false(cm__text_store_parse(t, bad->data, bad->len));
        assert_int_equal(g_hash_table_size(t->shaped), 0);
        cm_text_free(t);
        g_byte_array_unref(bad);
    }
    /* a glyph range out of bounds with a valid checksum: the bounds checks
     * catch it (the last entry's last run claims a million glyphs) */
    {
        cm_text_t *t = cm_text_new();
        assert_true(cm__text_store_parse(t, img->data, img->len));
        GHashTableIter it;
        gpointer k, v;
        g_hash_table_iter_init(&it, t->shaped);
        while (g_hash_table_iter_next(&it, &k, &v)) {
            cm__shaped_t *s = v;
            if (s->n_runs)
                s->runs[s->n_runs - 1].n_glyphs = 1000000;
        }
        GByteArray *bad = cm__text_store_serialize(t, false);
        cm_text_t *u = cm_text_new();
        assert_false(cm__text_store_parse(u, bad->data, bad->len));
        assert_int_equal(g_hash_table_size(u->shaped), 0);
        cm_text_free(u);
        g_byte_array_unref(bad);
        cm_text_free(t);
    }

    /* a corrupt file in the cache folder: measured afresh, same results, then
     * replaced by a good one */
    char *path = cache_file();
    GByteArray *bad = g_byte_array_new();
    g_byte_array_append(bad, img->data, img->len);
    bad->data[bad->len / 2] ^= 0xff;
    assert_true(g_file_set_contents(path, (const char *)bad->data, bad->len, NULL));
    cm_text_t *t = cm_text_new();
    measure_all(t, f);
    assert_non_null(t->fontmap);
    assert_int_equal(t->hits, 0);
    for (size_t i = 0; i < G_N_ELEMENTS(SAMPLES); i++)
        assert_extents_equal(&e[i], &f[i]);
    cm_text_save_cache(t);
    cm_text_free(t);
    cm_text_t *w = cm_text_new();
    measure_all(w, f);
    assert_null(w->fontmap);
    assert_int_equal(w->misses, 0);
    cm_text_free(w);
    g_byte_array_unref(bad);
    g_byte_array_unref(img);
    g_free(path);
}

/* ---- forged records: a valid checksum over values no shaping makes ---- */

typedef void (*forge_fn)(cm__shaped_t *s);

static void
forge_text_offset(cm__shaped_t *s) /* cm_text_store.c: length - INT_MIN overflowed */
{
    s->text_off = G_MININT32;
}

static void
forge_extents(cm__shaped_t *s) /* cm_text.c: baseline - ly overflowed when measured */
{
    s->baseline = G_MAXINT32;
    s->ly = -G_MAXINT32;
}

static void
forge_advances(cm__shaped_t *s) /* cm_text_draw.c, cm_svg.c: the sum of advances overflowed */
{
    for (gint32 i = 0; i < s->n_glyphs; i++)
        s->glyphs[i].width = G_MAXINT32;
}

static void
forge_offsets(cm__shaped_t *s)
{
    for (gint32 i = 0; i < s->n_glyphs; i++)
        s->glyphs[i].x_offset = G_MININT32;
}

/* The samples' cache image with FORGE applied to every entry, checksum recomputed. */
static GByteArray *
forged_image(forge_fn forge)
{
    cm_text_t *a = cm_text_new();
    cm_text_extents_t e[G_N_ELEMENTS(SAMPLES)];
    measure_all(a, e);
    GByteArray *img = cm__text_store_serialize(a, false);
    cm_text_free(a);
    cm_text_t *t = cm_text_new();
    assert_true(cm__text_store_parse(t, img->data, img->len));
    g_byte_array_unref(img);
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, t->shaped);
    while (g_hash_table_iter_next(&it, &k, &v))
        forge(v);
    GByteArray *bad = cm__text_store_serialize(t, false);
    cm_text_free(t);
    return bad;
}

/* An engine given IMG measures the samples and draws them in FORMAT (UBSan halts on
 * any overflow); returns whether it adopted IMG. */
static bool
adopt_and_draw(const GByteArray *img, cm_format_t format)
{
    cm_text_t *u = cm_text_new();
    bool adopted = cm__text_store_parse(u, img->data, img->len);
    cm_text_extents_t e[G_N_ELEMENTS(SAMPLES)];
    measure_all(u, e);
    cm_scene_t *scene = sample_scene();
    g_bytes_unref(render(u, scene, format));
    cm_scene_free(scene);
    cm_text_free(u);
    return adopted;
}

static void
test_forged_records_refused(void **state)
{
    (void)state;
    const forge_fn forges[] = {forge_text_offset, forge_extents, forge_advances, forge_offsets};
    /* PNG before SVG: the advances overflowed in cm_text_draw.c and in cm_svg.c */
    const cm_format_t formats[] = {CM_FORMAT_PNG, CM_FORMAT_SVG, CM_FORMAT_PDF};
    for (size_t i = 0; i < G_N_ELEMENTS(forges); i++) {
        GByteArray *bad = forged_image(forges[i]);
        for (size_t f = 0; f < G_N_ELEMENTS(formats); f++)
            assert_false(adopt_and_draw(bad, formats[f]));
        g_byte_array_unref(bad);
    }
}

/* Glyph ids cannot be checked without opening the fonts, so records with ids beyond the
 * font are adopted; drawing skips them (cm__text_glyph_ok) rather than hand cairo glyphs
 * its font does not have. (A guard: cairo happened to draw nothing for them before.) */
static void
forge_glyph_ids(cm__shaped_t *s)
{
    for (gint32 i = 0; i < s->n_glyphs; i++)
        if (!(s->glyphs[i].glyph & PANGO_GLYPH_UNKNOWN_FLAG) &&
            s->glyphs[i].glyph != PANGO_GLYPH_EMPTY)
            s->glyphs[i].glyph = 0x0ffffff0;
}

static void
test_glyph_ids_beyond_the_font(void **state)
{
    (void)state;
    GByteArray *bad = forged_image(forge_glyph_ids);
    assert_true(adopt_and_draw(bad, CM_FORMAT_PNG));
    /* and a figure drawn with them still draws the title and the rest of the scene */
    cm_text_t *u = cm_text_new();
    assert_true(cm__text_store_parse(u, bad->data, bad->len));
    cm_scene_t *scene = sample_scene();
    cm_scene_rect(scene, "after", (cm_rect_t){0, 0, 10, 10}, (cm_color_t){1, 0, 0, 1},
                  (cm_color_t){0, 0, 0, 0}, 0);
    GBytes *svg = render(u, scene, CM_FORMAT_SVG);
    gsize n;
    const char *d = g_bytes_get_data(svg, &n);
    assert_non_null(g_strstr_len(d, (gssize)n, "</svg>"));
    assert_null(g_strstr_len(d, (gssize)n, "0ffffff0"));
    g_bytes_unref(svg);
    cm_scene_free(scene);
    cm_text_free(u);
    g_byte_array_unref(bad);
}

static void
test_environment_changes_miss(void **state)
{
    (void)state;
    cm_text_extents_t e[G_N_ELEMENTS(SAMPLES)];
    warm_up();
    cm_text_t *t = cm_text_new();
    measure_all(t, e);
    assert_null(t->fontmap);
    cm_text_free(t);

    /* a font folder changed (a font installed): the whole file is stale */
    struct timespec ts[2] = {{.tv_nsec = UTIME_OMIT}, {.tv_sec = 1000000000, .tv_nsec = 0}};
    struct stat st;
    assert_int_equal(stat(fontdir, &st), 0);
    if (st.st_mtim.tv_sec == 1000000000)
        ts[1].tv_sec++;
    assert_int_equal(utimensat(AT_FDCWD, fontdir, ts, 0), 0);
    t = cm_text_new();
    measure_all(t, e);
    assert_non_null(t->fontmap);
    assert_int_equal(t->hits, 0);
    cm_text_save_cache(t); /* rewritten for the new environment */
    cm_text_free(t);
    t = cm_text_new();
    measure_all(t, e);
    assert_null(t->fontmap);
    cm_text_free(t);

    /* another fontconfig file: another cache file */
    char *before = cm__text_store_name();
    char *conf = g_strdup(g_getenv("FONTCONFIG_FILE"));
    g_setenv("FONTCONFIG_FILE", "/etc/fonts/fonts.conf", TRUE);
    char *after = cm__text_store_name();
    assert_string_not_equal(before, after);
    t = cm_text_new();
    measure_all(t, e);
    assert_non_null(t->fontmap);
    assert_int_equal(t->hits, 0);
    t->misses = 0; /* not saved, and nothing new if it were: no file for a configuration
                      not in force */
    cm_text_free(t);
    g_setenv("FONTCONFIG_FILE", conf, TRUE);
    g_free(conf);
    g_free(before);
    g_free(after);

    /* caching off for a run: no file read (checked by the e2e test), and an
     * engine without a cache name never writes */
}

/* Saving is one explicit call: it writes what is new since the last save, and
 * freeing a saved engine writes nothing. */
static void
test_save_is_explicit(void **state)
{
    (void)state;
    char *path = cache_file();
    g_unlink(path);
    cm_text_t *t = cm_text_new();
    cm_text_extents_t e[G_N_ELEMENTS(SAMPLES)];
    measure_all(t, e);
    assert_true(t->misses > 0);
    assert_false(g_file_test(path, G_FILE_TEST_EXISTS)); /* measuring writes nothing */
    cm_text_save_cache(t);
    assert_true(g_file_test(path, G_FILE_TEST_IS_REGULAR));

    g_unlink(path); /* nothing new since: a second save writes nothing */
    cm_text_save_cache(t);
    assert_false(g_file_test(path, G_FILE_TEST_EXISTS));

    measure_one(t, "Shaped after the first save"); /* something new: written again */
    cm_text_save_cache(t);
    assert_true(g_file_test(path, G_FILE_TEST_IS_REGULAR));
    cm_text_t *warm = cm_text_new(); /* ... with everything, old and new */
    measure_all(warm, e);
    measure_one(warm, "Shaped after the first save");
    assert_int_equal(warm->misses, 0);
    assert_null(warm->fontmap);
    cm_text_free(warm);

    measure_one(t, "Shaped after the last save"); /* not saved: freeing writes nothing */
    g_unlink(path);
    cm_text_free(t);
    assert_false(g_file_test(path, G_FILE_TEST_EXISTS));
    g_free(path);
}

static void
rm_rf(const char *path)
{
    GDir *d = g_dir_open(path, 0, NULL);
    if (d) {
        const char *n;
        while ((n = g_dir_read_name(d))) {
            char *p = g_build_filename(path, n, NULL);
            rm_rf(p);
            g_free(p);
        }
        g_dir_close(d);
    }
    g_remove(path);
}

int
main(void)
{
    tmpdir = g_dir_make_tmp("cm-text-cache-XXXXXX", NULL);
    if (!tmpdir)
        return 1;
    fontdir = g_build_filename(tmpdir, "fonts", NULL);
    g_mkdir(fontdir, 0755);
    char *cache = g_build_filename(tmpdir, "cache", NULL);
    char *conf = g_build_filename(tmpdir, "fonts.conf", NULL);
    char *xml = g_strdup_printf("<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM "
                                "\"urn:fontconfig:fonts.dtd\">\n<fontconfig>\n"
                                "<include ignore_missing=\"yes\">/etc/fonts/fonts.conf</include>\n"
                                "<dir>%s</dir>\n</fontconfig>\n",
                                fontdir);
    g_file_set_contents(conf, xml, -1, NULL);
    /* made now: a folder appearing beside the fontconfig file later would
     * change that folder's time, which the cache rightly counts */
    g_mkdir(cache, 0700);
    /* before anything reads them: cm_cache_dir() chooses once, fontconfig
     * reads its file once */
    g_setenv("CHRONOMAP_CACHE_DIR", cache, TRUE);
    g_setenv("FONTCONFIG_FILE", conf, TRUE);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_warm_engine_skips_pango),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_bad_files_ignored),
        cmocka_unit_test(test_environment_changes_miss),
        cmocka_unit_test(test_save_is_explicit),
        cmocka_unit_test(test_forged_records_refused),
        cmocka_unit_test(test_glyph_ids_beyond_the_font),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    rm_rf(tmpdir);
    g_free(xml);
    g_free(conf);
    g_free(cache);
    g_free(fontdir);
    g_free(tmpdir);
    return rc;
}
