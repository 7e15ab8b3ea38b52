/* test_backend.c — the backend: text measuring, SVG/PNG/PDF/dump rendering,
 * PNG encoding, reproducibility, formats by name and atomic writes.
 *
 * Rendered files are checked by reading them back: PNG headers and chunks by
 * hand, pixels through Cairo's PNG reader and through zlib alone (the IDAT
 * stream inflated and compared row by row), SVG with GMarkup and, drawn by
 * rsvg-convert, pixel by pixel against the PNG of the same scene (a lanes
 * figure with CJK text, the Japanese partners map, an unknown glyph's box),
 * PDF by its bytes (and pdftotext when installed). Reproducibility across
 * processes runs this binary again with --emit FORMAT, which writes the test
 * scene to stdout.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "backend/cm_backend.h"
#include "backend/cm_backend_private.h"
#include "chronomap.h"
#include "util/cm_error.h"

#include <cairo.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#define FONT "Noto Sans"
static const cm_color_t WHITE = {1, 1, 1, 1};
static const cm_color_t BLACK = {0, 0, 0, 1};
static const cm_color_t RED = {1, 0, 0, 1};
static const cm_color_t NONE = {0, 0, 0, 0};

static const gint64 EPOCH = 1764288000; /* 2025-11-28T00:00:00Z */

/* Library-internal leaks (fontconfig's config parser, cairo 1.16's CFF
 * subsetter in PDF output), the same list as tests/lsan.supp, built in so
 * this test and the processes it starts pass under LeakSanitizer whatever
 * LSAN_OPTIONS says. */
const char *__asan_default_options(void);
const char *__lsan_default_suppressions(void);
/* Full stacks for allocations, so the suppressions see the named frames. */
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

/* ---- fixtures and helpers ---- */

#define assert_error(err, dom, num)                                                                \
    do {                                                                                           \
        assert_non_null(err);                                                                      \
        assert_int_equal((err)->domain, (dom));                                                    \
        assert_int_equal((err)->code, (num));                                                      \
    } while (0)

static int
setup_text(void **state)
{
    *state = cm_text_new();
    return 0;
}

static int
teardown_text(void **state)
{
    cm_text_free(*state);
    return 0;
}

static cm_font_t
font(double size, int weight)
{
    return (cm_font_t){FONT, size, weight, false};
}

/* Adds TEXT at (X, Y) with the box the measurer gives; returns the box. */
static cm_rect_t
add_text(cm_scene_t *scene, cm_text_t *text, const char *s, cm_font_t f, double x, double y,
         double wrap, cm_align_t align)
{
    cm_measurer_t m = cm_text_measurer(text);
    cm_text_extents_t e;
    m.measure(m.ctx, &f, s, wrap, align, &e);
    cm_rect_t box = {x, y, e.width, e.height};
    cm_scene_text(scene, "text", s, &f, BLACK, box, wrap, align);
    return box;
}

/* The test scene: a filled rect, a curved path, a dashed line, Latin, Korean,
 * Japanese and wrapped text. */
static cm_scene_t *
test_scene(cm_text_t *text)
{
    cm_scene_t *s = cm_scene_new(320, 200, WHITE);
    cm_scene_set_title(s, "Test & <scene>", "A rect, a curve, a line and some text");
    cm_scene_rect(s, "rect", (cm_rect_t){20, 20, 80, 40}, RED, BLACK, 1);
    cm_scene_path_begin(s);
    cm_scene_move_to(s, 120, 80);
    cm_scene_curve_to(s, 150, 20, 200, 140, 240, 80);
    cm_scene_close_path(s);
    cm_scene_path_end(s, "curve", (cm_color_t){0, 0, 1, 0.5}, (cm_color_t){0, 0.5, 0, 1}, 2, 0);
    cm_scene_line(s, "dash", 10, 190, 310, 190, BLACK, 1.5, 4);
    add_text(s, text, "Hamburg", font(16, 400), 120, 20, 0, CM_ALIGN_LEFT);
    add_text(s, text, "대한민국", font(16, 400), 20, 100, 0, CM_ALIGN_LEFT);
    add_text(s, text, "日本", font(16, 700), 120, 100, 0, CM_ALIGN_LEFT);
    add_text(s, text, "a longer label that has to wrap onto lines", font(12, 400), 200, 110, 100,
             CM_ALIGN_CENTER);
    return s;
}

static GByteArray *
render_opts(const cm_scene_t *scene, cm_text_t *text, cm_render_opts_t opts)
{
    GByteArray *out = g_byte_array_new();
    GError *err = NULL;
    bool ok = cm_render(scene, text, &opts, out, &err);
    if (!ok)
        fail_msg("render failed: %s", err->message);
    assert_null(err);
    assert_true(out->len > 0);
    return out;
}

static GByteArray *
render(const cm_scene_t *scene, cm_text_t *text, cm_format_t format)
{
    return render_opts(
        scene, text,
        (cm_render_opts_t){.format = format, .scale = 1, .png_level = -1, .epoch = EPOCH});
}

static guint32
be32(const guint8 *p)
{
    return (guint32)p[0] << 24 | (guint32)p[1] << 16 | (guint32)p[2] << 8 | p[3];
}

/* The data of the first PNG chunk of TYPE, or NULL; *LEN its length. */
static const guint8 *
png_chunk(const GByteArray *png, const char *type, guint32 *len)
{
    size_t pos = 8;
    while (pos + 12 <= png->len) {
        guint32 n = be32(png->data + pos);
        if (memcmp(png->data + pos + 4, type, 4) == 0) {
            *len = n;
            return png->data + pos + 8;
        }
        pos += 12 + (size_t)n;
    }
    return NULL;
}

typedef struct {
    const GByteArray *data;
    size_t pos;
} reader;

static cairo_status_t
read_bytes(void *closure, unsigned char *buf, unsigned int len)
{
    reader *r = closure;
    if (r->pos + len > r->data->len)
        return CAIRO_STATUS_READ_ERROR;
    memcpy(buf, r->data->data + r->pos, len);
    r->pos += len;
    return CAIRO_STATUS_SUCCESS;
}

static cairo_surface_t *
decode_png(const GByteArray *png)
{
    reader r = {png, 0};
    cairo_surface_t *img = cairo_image_surface_create_from_png_stream(read_bytes, &r);
    assert_int_equal(cairo_surface_status(img), CAIRO_STATUS_SUCCESS);
    return img;
}

/* The ARGB32 pixel at (X, Y), premultiplied. */
static guint32
pixel(cairo_surface_t *img, int x, int y)
{
    const unsigned char *d = cairo_image_surface_get_data(img);
    guint32 p;
    memcpy(&p, d + (size_t)y * (size_t)cairo_image_surface_get_stride(img) + 4 * (size_t)x, 4);
    return p;
}

static bool
contains(const GByteArray *a, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= a->len; i++)
        if (memcmp(a->data + i, needle, n) == 0)
            return true;
    return false;
}

/* Occurrences of NEEDLE in A. */
static guint
count(const GByteArray *a, const char *needle)
{
    size_t n = strlen(needle);
    guint c = 0;
    for (size_t i = 0; i + n <= a->len; i++)
        if (memcmp(a->data + i, needle, n) == 0)
            c++;
    return c;
}

/* Glyph ids are g0 .. g<N_DEFS - 1>, each defined once, and every <use>
 * names one of them. */
static bool
every_use_defined(const GByteArray *svg, guint n_defs)
{
    char *doc = g_strndup((const char *)svg->data, svg->len);
    bool ok = true;
    for (guint i = 0; i < n_defs && ok; i++) {
        char *def = g_strdup_printf("<path id=\"g%u\" ", i);
        const char *at = strstr(doc, def);
        ok = at && !strstr(at + 1, def);
        g_free(def);
    }
    for (const char *u = strstr(doc, "xlink:href=\"#g"); u && ok;
         u = strstr(u + 1, "xlink:href=\"#g")) {
        guint64 id;
        char *end;
        id = g_ascii_strtoull(u + strlen("xlink:href=\"#g"), &end, 10);
        ok = *end == '"' && id < n_defs;
    }
    g_free(doc);
    return ok;
}

static bool
same_bytes(const GByteArray *a, const GByteArray *b)
{
    return a->len == b->len && memcmp(a->data, b->data, a->len) == 0;
}

static char *
write_temp(const GByteArray *data, const char *suffix)
{
    char *tmpl = g_strdup_printf("cm-test-XXXXXX%s", suffix);
    GError *err = NULL;
    char *path = NULL;
    int fd = g_file_open_tmp(tmpl, &path, &err);
    assert_true(fd >= 0);
    close(fd);
    assert_true(g_file_set_contents(path, (const char *)data->data, data->len, &err));
    g_free(tmpl);
    return path;
}

/* ---- formats ---- */

static void
test_format_names(void **state)
{
    (void)state;
    cm_format_t f;
    assert_true(cm_format_from_name("out/figure.svg", &f));
    assert_int_equal(f, CM_FORMAT_SVG);
    assert_true(cm_format_from_name("a.b/figure.PNG", &f));
    assert_int_equal(f, CM_FORMAT_PNG);
    assert_true(cm_format_from_name("figure.pdf", &f));
    assert_int_equal(f, CM_FORMAT_PDF);
    assert_true(cm_format_from_name("scene.txt", &f));
    assert_int_equal(f, CM_FORMAT_DUMP);
    assert_false(cm_format_from_name("figure.jpeg", &f));
    assert_false(cm_format_from_name("figure", &f));
    assert_false(cm_format_from_name("svg.d/figure", &f));
    assert_false(cm_format_from_name(".svg", &f));

    assert_true(cm_format_parse("svg", &f));
    assert_int_equal(f, CM_FORMAT_SVG);
    assert_true(cm_format_parse("png", &f));
    assert_int_equal(f, CM_FORMAT_PNG);
    assert_true(cm_format_parse("PDF", &f));
    assert_int_equal(f, CM_FORMAT_PDF);
    assert_true(cm_format_parse("dump", &f));
    assert_int_equal(f, CM_FORMAT_DUMP);
    assert_true(cm_format_parse("txt", &f));
    assert_int_equal(f, CM_FORMAT_DUMP);
    assert_false(cm_format_parse("svgz", &f));
    assert_false(cm_format_parse("", &f));
}

/* ---- measuring ---- */

static void
measure(cm_text_t *text, cm_font_t f, const char *s, double wrap, cm_text_extents_t *e)
{
    cm_measurer_t m = cm_text_measurer(text);
    m.measure(m.ctx, &f, s, wrap, CM_ALIGN_LEFT, e);
}

static void
test_measure_widths(void **state)
{
    cm_text_t *text = *state;
    cm_text_extents_t a, b, bold, big;
    measure(text, font(16, 400), "Oslo", 0, &a);
    measure(text, font(16, 400), "Oslo and Rome", 0, &b);
    measure(text, font(16, 700), "Oslo and Rome", 0, &bold);
    measure(text, font(32, 400), "Oslo and Rome", 0, &big);
    assert_true(a.width > 10);
    assert_true(b.width > a.width + 20);
    assert_true(bold.width > b.width);
    /* unhinted metrics scale linearly with the size */
    assert_float_equal(big.width, 2 * b.width, 0.5);
    assert_float_equal(big.height, 2 * b.height, 0.5);
    /* one line of 16 px Noto Sans: about 1.36 em, baseline about 1.07 em */
    assert_true(b.height > 16 && b.height < 26);
    assert_true(b.baseline > 12 && b.baseline < b.height);
    assert_int_equal(b.unknown_glyphs, 0);

    /* the cache gives the same answer as a fresh engine */
    cm_text_t *fresh = cm_text_new();
    cm_text_extents_t again, other;
    measure(text, font(16, 400), "Oslo and Rome", 0, &again);
    measure(fresh, font(16, 400), "Oslo and Rome", 0, &other);
    assert_memory_equal(&again, &b, sizeof b);
    assert_memory_equal(&other, &b, sizeof b);
    cm_text_free(fresh);
}

static void
test_measure_wrap(void **state)
{
    cm_text_t *text = *state;
    const char *s = "a longer label that has to wrap onto several lines";
    cm_text_extents_t one, wrapped;
    measure(text, font(12, 400), s, 0, &one);
    measure(text, font(12, 400), s, 100, &wrapped);
    assert_true(one.width > 200);
    assert_true(wrapped.width <= 100);
    assert_true(wrapped.width > 50);
    assert_true(wrapped.height > 2.5 * one.height); /* three lines or more */
    assert_float_equal(wrapped.baseline, one.baseline, 0.01);
    /* explicit newlines make lines without wrapping */
    cm_text_extents_t two;
    measure(text, font(12, 400), "first\nsecond", 0, &two);
    assert_float_equal(two.height, 2 * one.height, 0.5);
}

/* Every run is laid out at CM__TEXT_LAYOUT_PX and scaled (one fontconfig
 * sort per style, not per size): a size's extents are exactly the layout
 * size's times size / CM__TEXT_LAYOUT_PX, wrapping included, and the cache
 * answers a string at a new size the same as a fresh engine does. */
static void
test_measure_scales_exactly(void **state)
{
    cm_text_t *text = *state;
    const char *s = "North Macedonia, 27 Mar 2020";
    cm_text_extents_t ref, e;
    measure(text, font(CM__TEXT_LAYOUT_PX, 400), s, 0, &ref);
    const double sizes[] = {11.25, 12.5, 17.35, 23.1, 42.01, 96};
    for (size_t i = 0; i < G_N_ELEMENTS(sizes); i++) {
        double k = sizes[i] / CM__TEXT_LAYOUT_PX;
        measure(text, font(sizes[i], 400), s, 0, &e);
        assert_float_equal(e.width, k * ref.width, 1e-9);
        assert_float_equal(e.height, k * ref.height, 1e-9);
        assert_float_equal(e.baseline, k * ref.baseline, 1e-9);
        cm_text_t *fresh = cm_text_new();
        cm_text_extents_t f;
        measure(fresh, font(sizes[i], 400), s, 0, &f);
        assert_memory_equal(&f, &e, sizeof e);
        cm_text_free(fresh);
    }
    /* a wrap width in px of the font's size breaks at the same words */
    cm_text_extents_t one, small, large;
    measure(text, font(12, 400), s, 0, &one);
    measure(text, font(12, 400), s, 100, &small);
    measure(text, font(24, 400), s, 200, &large);
    assert_true(small.height > 1.5 * one.height); /* two lines or more */
    assert_float_equal(large.width, 2 * small.width, 1e-9);
    assert_float_equal(large.height, 2 * small.height, 1e-9);
    /* a size that is not positive measures as an empty box */
    measure(text, font(0, 400), s, 0, &e);
    assert_true(e.width == 0 && e.height == 0 && e.baseline == 0);
}

static void
test_measure_unknown_glyphs(void **state)
{
    cm_text_t *text = *state;
    cm_text_extents_t e;
    measure(text, font(16, 400), "대한민국", 0, &e);
    assert_int_equal(e.unknown_glyphs, 0);
    assert_true(e.width > 40);
    measure(text, font(16, 400), "日本", 0, &e);
    assert_int_equal(e.unknown_glyphs, 0);
    measure(text, font(16, 400), "Türkiye, Česko, Ελλάδα, Україна", 0, &e);
    assert_int_equal(e.unknown_glyphs, 0);
    measure(text, font(16, 400), "private \xee\x80\x80 use", 0, &e); /* U+E000 */
    assert_true(e.unknown_glyphs > 0);
    measure(text, font(16, 400), "unassigned \xcd\xb8", 0, &e); /* U+0378 */
    assert_true(e.unknown_glyphs > 0);
}

/* Hangul and kana/kanji come from Noto Sans CJK through fontconfig fallback. */
static void
test_cjk_fallback_font(void **state)
{
    cm_text_t *text = *state;
    const char *samples[] = {"대한민국", "日本"};
    for (size_t i = 0; i < G_N_ELEMENTS(samples); i++) {
        PangoLayout *layout = pango_layout_new(pango_layout_get_context(cm__text_pango(text)));
        cm_font_t f = font(16, 400);
        cm__text_setup_layout(layout, &f, samples[i], 0, CM_ALIGN_LEFT);
        PangoLayoutIter *it = pango_layout_get_iter(layout);
        int runs = 0;
        do {
            PangoLayoutRun *run = pango_layout_iter_get_run_readonly(it);
            if (!run)
                continue;
            runs++;
            PangoFontDescription *d = pango_font_describe(run->item->analysis.font);
            const char *family = pango_font_description_get_family(d);
            if (!strstr(family, "Noto Sans CJK"))
                fail_msg("'%s' drawn with '%s', not Noto Sans CJK", samples[i], family);
            pango_font_description_free(d);
        } while (pango_layout_iter_next_run(it));
        assert_true(runs > 0);
        pango_layout_iter_free(it);
        g_object_unref(layout);
    }
}

/* ---- PNG ---- */

static void
test_png_header_and_pixels(void **state)
{
    cm_text_t *text = *state;
    cm_scene_t *scene = test_scene(text);
    GByteArray *png = render_opts(
        scene, text,
        (cm_render_opts_t){.format = CM_FORMAT_PNG, .scale = 2, .png_level = -1, .epoch = -1});
    assert_memory_equal(png->data, "\x89PNG\r\n\x1a\n", 8);
    guint32 len;
    const guint8 *ihdr = png_chunk(png, "IHDR", &len);
    assert_non_null(ihdr);
    assert_int_equal(be32(ihdr), 640);
    assert_int_equal(be32(ihdr + 4), 400);
    assert_int_equal(ihdr[8], 8); /* bit depth */
    assert_int_equal(ihdr[9], 2); /* RGB: the background is opaque */
    const guint8 *phys = png_chunk(png, "pHYs", &len);
    assert_non_null(phys);
    assert_int_equal(len, 9);
    assert_int_equal(be32(phys), 7559); /* 192 dpi (96 × scale 2) in pixels per metre */
    assert_int_equal(be32(phys + 4), 7559);
    assert_int_equal(phys[8], 1); /* unit: metre */

    cairo_surface_t *img = decode_png(png);
    assert_int_equal(cairo_image_surface_get_width(img), 640);
    assert_int_equal(pixel(img, 120, 80), 0xffff0000); /* centre of the red rect */
    assert_int_equal(pixel(img, 300, 10), 0xffffffff); /* background */
    assert_int_equal(pixel(img, 40, 40), 0xff000000);  /* rect outline (1 px × 2) */
    cairo_surface_destroy(img);
    g_byte_array_free(png, TRUE);

    /* an explicit dpi and a fractional scale */
    png = render_opts(
        scene, text,
        (cm_render_opts_t){
            .format = CM_FORMAT_PNG, .scale = 1.5, .dpi = 300, .png_level = 9, .epoch = -1});
    ihdr = png_chunk(png, "IHDR", &len);
    assert_int_equal(be32(ihdr), 480);
    assert_int_equal(be32(ihdr + 4), 300);
    phys = png_chunk(png, "pHYs", &len);
    assert_int_equal(be32(phys), 11811);
    g_byte_array_free(png, TRUE);
    cm_scene_free(scene);
}

static void
test_png_transparent(void **state)
{
    cm_text_t *text = *state;
    cm_scene_t *scene = cm_scene_new(40, 20, NONE);
    cm_scene_rect(scene, "half", (cm_rect_t){0, 0, 20, 20}, (cm_color_t){0, 0, 1, 0.5}, NONE, 0);
    GByteArray *png = render(scene, text, CM_FORMAT_PNG);
    guint32 len;
    const guint8 *ihdr = png_chunk(png, "IHDR", &len);
    assert_int_equal(ihdr[9], 6); /* RGBA */
    cairo_surface_t *img = decode_png(png);
    guint32 p = pixel(img, 10, 10);
    assert_in_range(p >> 24, 127, 128);
    assert_int_equal((p >> 16) & 0xff, 0);
    assert_in_range(p & 0xff, 127, 128); /* premultiplied again by Cairo's reader */
    assert_int_equal(pixel(img, 30, 10), 0);
    cairo_surface_destroy(img);
    g_byte_array_free(png, TRUE);
    cm_scene_free(scene);
}

/* cm_png_encode on its own: exact round trip, levels, bad input. */
static void
test_png_encode_roundtrip(void **state)
{
    (void)state;
    enum { W = 7, H = 5, STRIDE = 32 };
    guint32 pix[H * STRIDE / 4];
    for (int i = 0; i < H * STRIDE / 4; i++)
        pix[i] = 0xff000000u | (guint32)(i * 2654435761u & 0xffffff);
    for (int level = 0; level <= 9; level += 3) {
        GByteArray *out = g_byte_array_new();
        g_byte_array_append(out, (const guint8 *)"xy", 2); /* appends after what is there */
        GError *err = NULL;
        assert_true(cm_png_encode((const unsigned char *)pix, W, H, STRIDE, 0, level, out, &err));
        assert_memory_equal(out->data, "xy\x89PNG", 6);
        g_byte_array_remove_range(out, 0, 2);
        guint32 len;
        assert_null(png_chunk(out, "pHYs", &len)); /* dpi 0: no pHYs */
        cairo_surface_t *img = decode_png(out);
        for (int y = 0; y < H; y++)
            for (int x = 0; x < W; x++)
                assert_int_equal(pixel(img, x, y), pix[y * STRIDE / 4 + x]);
        cairo_surface_destroy(img);
        g_byte_array_free(out, TRUE);
    }
    GByteArray *out = g_byte_array_new();
    GError *err = NULL;
    assert_false(cm_png_encode((const unsigned char *)pix, W, H, 8, 96, -1, out, &err));
    assert_error(err, CM_ERROR, CM_ERROR_IO);
    assert_int_equal(out->len, 0);
    g_clear_error(&err);
    g_byte_array_free(out, TRUE);
}

/* The image data of PNG, inflated by zlib from its IDAT chunks (which also
 * checks the stream's Adler-32); NULL when the stream does not inflate to
 * exactly EXPECT bytes. *Z_OUT (if given) receives the compressed stream. */
static guint8 *
inflate_idat(const GByteArray *png, size_t expect, GByteArray **z_out)
{
    GByteArray *z = g_byte_array_new();
    size_t pos = 8;
    while (pos + 12 <= png->len) {
        guint32 n = be32(png->data + pos);
        assert_true(pos + 12 + n <= png->len);
        /* every chunk's CRC covers its type and data */
        assert_int_equal(crc32(0, png->data + pos + 4, n + 4), be32(png->data + pos + 8 + n));
        if (memcmp(png->data + pos + 4, "IDAT", 4) == 0)
            g_byte_array_append(z, png->data + pos + 8, n);
        pos += 12 + (size_t)n;
    }
    assert_int_equal(pos, png->len);
    guint8 *data = g_malloc(expect + 1);
    uLongf got = expect + 1;
    int rc = uncompress(data, &got, z->data, z->len);
    if (z_out)
        *z_out = z;
    else
        g_byte_array_free(z, TRUE);
    if (rc != Z_OK || got != expect) {
        g_free(data);
        return NULL;
    }
    return data;
}

static bool
has_bytes(const GByteArray *a, const void *needle, size_t n)
{
    for (size_t i = 0; i + n <= a->len; i++)
        if (memcmp(a->data + i, needle, n) == 0)
            return true;
    return false;
}

/* An image of W x H pixels: flat bands, gridlines, rings and noise, so that
 * deflate has both long matches and incompressible stretches, and rows near
 * every band cut repeat rows far above them. Transparent pixels (alpha 0)
 * in the left quarter when !OPAQUE. */
static cairo_surface_t *
busy_image(int w, int h, bool opaque)
{
    cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h);
    cairo_t *cr = cairo_create(img);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    for (int i = 0; i < 40; i++) {
        cairo_set_source_rgb(cr, (i % 5) / 5.0, 0.4, 1 - (i % 7) / 7.0);
        cairo_rectangle(cr, 30 + i * 13 % 300, 20 + i * (h - 40) / 40.0, w / 2.0, h / 80.0);
        cairo_fill(cr);
    }
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_line_width(cr, 1.3);
    for (int x = 0; x < w; x += 97) {
        cairo_move_to(cr, x, 0);
        cairo_line_to(cr, x + 40, h);
    }
    cairo_stroke(cr);
    for (int y = 30; y < h; y += 45) { /* glyph-sized antialiased curves */
        for (int x = 20; x < w / 2; x += 9) {
            cairo_new_sub_path(cr);
            cairo_arc(cr, x, y, 2.5 + (x * 7 + y) % 3, 0, 2 * G_PI);
        }
        cairo_stroke(cr);
    }
    cairo_destroy(cr);
    cairo_surface_flush(img);
    guint32 seed = 12345;
    unsigned char *d = cairo_image_surface_get_data(img);
    int stride = cairo_image_surface_get_stride(img);
    for (int y = 0; y < h; y++) {
        guint32 *row = (guint32 *)(void *)(d + (size_t)y * (size_t)stride);
        for (int x = 0; x < w; x++) {
            if (x > w * 3 / 4 && y % 50 < 10) { /* noise */
                seed = seed * 1103515245u + 12345u;
                row[x] = 0xff000000u | (seed >> 8);
            }
            if (!opaque && x < w / 4 && (x + y) % 3 == 0)
                row[x] = 0;
        }
    }
    cairo_surface_mark_dirty(img);
    return img;
}

/* An image big enough to be deflated in several bands (cm_png.c): the
 * bands join into one zlib stream that inflates, Adler-32 and all, to
 * exactly the image's rows with filter byte 0, and Cairo's reader (libpng)
 * reads the same pixels back. The bytes do not depend on how many threads
 * ran: the same image encoded again, on 1, 3, 5, 7 or 9 threads, is the same
 * file. */
static void
test_png_bands(void **state)
{
    (void)state;
    enum { W = 1500, H = 1100 }; /* about 4.9 MB of RGB data */
    for (int opaque = 1; opaque >= 0; opaque--) {
        cairo_surface_t *img = busy_image(W, H, opaque);
        const unsigned char *argb = cairo_image_surface_get_data(img);
        int stride = cairo_image_surface_get_stride(img);
        GByteArray *png = g_byte_array_new();
        GError *err = NULL;
        assert_true(cm_png_encode(argb, W, H, stride, 96, -1, png, &err));
        guint32 len;
        const guint8 *ihdr = png_chunk(png, "IHDR", &len);
        assert_int_equal(ihdr[9], opaque ? 2 : 6);
        const size_t ch = opaque ? 3 : 4, row_bytes = 1 + W * ch;

        GByteArray *z = NULL;
        guint8 *data = inflate_idat(png, row_bytes * H, &z);
        assert_non_null(data);
        /* several bands: a sync flush (an empty stored block) joins them */
        assert_true(has_bytes(z, "\x00\x00\xff\xff", 4));
        g_byte_array_free(z, TRUE);
        for (int y = 0; y < H; y++) {
            const guint8 *row = data + (size_t)y * row_bytes;
            assert_int_equal(row[0], 0); /* filter: None */
            const guint32 *src = (const guint32 *)(const void *)(argb + (size_t)y * stride);
            for (int x = 0; x < W; x++) {
                /* every pixel is opaque or fully transparent: straight = premultiplied */
                const guint8 *p = row + 1 + (size_t)x * ch;
                guint32 a = opaque ? 0xff : p[3];
                guint32 got = a << 24 | (guint32)p[0] << 16 | (guint32)p[1] << 8 | p[2];
                if (got != src[x])
                    fail_msg("pixel (%d, %d): 0x%08x, image has 0x%08x", x, y, got, src[x]);
            }
        }
        g_free(data);

        cairo_surface_t *back = decode_png(png);
        for (int y = 0; y < H; y += 7)
            for (int x = 0; x < W; x += 3)
                assert_int_equal(pixel(back, x, y), pixel(img, x, y));
        cairo_surface_destroy(back);

        GByteArray *again = g_byte_array_new();
        assert_true(cm_png_encode(argb, W, H, stride, 96, -1, again, &err));
        assert_true(same_bytes(png, again));
        g_byte_array_free(again, TRUE);

        for (int threads = 1; threads <= 9; threads += 2) {
            GByteArray *other = g_byte_array_new();
            assert_true(cm__png_encode_threads(argb, W, H, stride, 96, -1, threads, other, &err));
            if (!same_bytes(png, other))
                fail_msg("%d threads: %u bytes, not the same %u", threads, other->len, png->len);
            g_byte_array_free(other, TRUE);
        }

        g_byte_array_free(png, TRUE);
        cairo_surface_destroy(img);
    }
}

static void
test_png_too_large(void **state)
{
    cm_text_t *text = *state;
    cm_scene_t *scene = cm_scene_new(20000, 100, WHITE);
    GByteArray *out = g_byte_array_new();
    GError *err = NULL;
    cm_render_opts_t o = {.format = CM_FORMAT_PNG, .scale = 2, .png_level = -1, .epoch = -1};
    assert_false(cm_render(scene, text, &o, out, &err));
    assert_error(err, CM_ERROR, CM_ERROR_IO);
    assert_non_null(strstr(err->message, "40000x200"));
    assert_int_equal(out->len, 0);
    g_clear_error(&err);
    g_byte_array_free(out, TRUE);
    cm_scene_free(scene);
}

/* Text drawn from a measured box: its ink lies inside the box (1 px slack)
 * and fills most of it, for Latin, CJK and centred wrapped text, at scale 1
 * and at scale 2 (where the box is twice as large in pixels). */
static void
check_ink_in_box(cm_text_t *text, const char *s, cm_font_t f, double wrap, cm_align_t align)
{
    cm_scene_t *scene = cm_scene_new(400, 200, WHITE);
    cm_rect_t box = add_text(scene, text, s, f, 30.3, 40.6, wrap, align);
    for (int scale = 1; scale <= 2; scale++) {
        GByteArray *png = render_opts(
            scene, text,
            (cm_render_opts_t){
                .format = CM_FORMAT_PNG, .scale = scale, .png_level = -1, .epoch = EPOCH});
        cairo_surface_t *img = decode_png(png);
        int w = 400 * scale, h = 200 * scale;
        int x0 = w, y0 = h, x1 = -1, y1 = -1;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                if (pixel(img, x, y) != 0xffffffff) {
                    x0 = MIN(x0, x);
                    y0 = MIN(y0, y);
                    x1 = MAX(x1, x + 1);
                    y1 = MAX(y1, y + 1);
                }
        assert_true(x1 > 0);
        cm_rect_t b = {box.x * scale, box.y * scale, box.w * scale, box.h * scale};
        if (x0 < b.x - 1 || y0 < b.y - 1 || x1 > b.x + b.w + 1 || y1 > b.y + b.h + 1)
            fail_msg("'%s' at scale %d: ink [%d %d %d %d] outside box [%.1f %.1f %.1f %.1f]", s,
                     scale, x0, y0, x1, y1, b.x, b.y, b.x + b.w, b.y + b.h);
        /* the glyphs fill the box: side bearings and line spacing are small */
        assert_true(x0 < b.x + 3 * scale && x1 > b.x + b.w - 3 * scale);
        assert_true(y1 - y0 > 0.5 * b.h);
        cairo_surface_destroy(img);
        g_byte_array_free(png, TRUE);
    }
    cm_scene_free(scene);
}

static void
test_ink_inside_measured_box(void **state)
{
    cm_text_t *text = *state;
    check_ink_in_box(text, "Hamburg", font(20, 400), 0, CM_ALIGN_LEFT);
    check_ink_in_box(text, "Hamburg", font(20, 700), 0, CM_ALIGN_LEFT);
    /* sizes away from the layout size, drawn through the Cairo scale */
    check_ink_in_box(text, "Hamburg 1999", font(11.25, 400), 0, CM_ALIGN_LEFT);
    check_ink_in_box(text, "Hamburg", font(28.5, 700), 0, CM_ALIGN_LEFT);
    check_ink_in_box(text, "대한민국 日本", font(20, 400), 0, CM_ALIGN_LEFT);
    check_ink_in_box(text, "North Macedonia joined NATO in 2020", font(16, 400), 150,
                     CM_ALIGN_CENTER);
    check_ink_in_box(text, "North Macedonia joined NATO in 2020", font(16, 400), 150,
                     CM_ALIGN_RIGHT);
}

/* ---- SVG ---- */

typedef struct {
    char *width, *height, *viewbox, *title;
    int elements;
    bool in_title;
} svg_info;

static void
svg_start(GMarkupParseContext *ctx, const char *name, const char **names, const char **values,
          gpointer data, GError **error)
{
    svg_info *info = data;
    info->elements++;
    info->in_title = strcmp(name, "title") == 0;
    if (strcmp(name, "svg") != 0)
        return;
    for (int i = 0; names[i]; i++) {
        if (strcmp(names[i], "width") == 0)
            info->width = g_strdup(values[i]);
        else if (strcmp(names[i], "height") == 0)
            info->height = g_strdup(values[i]);
        else if (strcmp(names[i], "viewBox") == 0)
            info->viewbox = g_strdup(values[i]);
    }
}

static void
svg_text(GMarkupParseContext *ctx, const char *s, gsize len, gpointer data, GError **error)
{
    svg_info *info = data;
    if (info->in_title && !info->title)
        info->title = g_strndup(s, len);
}

static void
svg_end(GMarkupParseContext *ctx, const char *name, gpointer data, GError **error)
{
    ((svg_info *)data)->in_title = false;
}

static void
test_svg(void **state)
{
    cm_text_t *text = *state;
    cm_scene_t *scene = test_scene(text);
    GByteArray *svg = render(scene, text, CM_FORMAT_SVG);
    assert_memory_equal(svg->data, "<?xml", 5);

    GMarkupParser parser = {svg_start, svg_end, svg_text, NULL, NULL};
    svg_info info = {0};
    GMarkupParseContext *ctx = g_markup_parse_context_new(&parser, 0, &info, NULL);
    GError *err = NULL;
    if (!g_markup_parse_context_parse(ctx, (const char *)svg->data, svg->len, &err) ||
        !g_markup_parse_context_end_parse(ctx, &err))
        fail_msg("svg does not parse: %s", err->message);
    g_markup_parse_context_free(ctx);
    assert_string_equal(info.width, "320px");
    assert_string_equal(info.height, "200px");
    assert_string_equal(info.viewbox, "0 0 320 200");
    assert_string_equal(info.title, "Test & <scene>");
    assert_true(info.elements > 10);
    assert_true(contains(svg, "<desc>A rect, a curve, a line and some text</desc>"));
    assert_true(contains(svg, "stroke-dasharray:4"));
    assert_true(contains(svg, "fill:rgb(100%,0%,0%)"));  /* the red rect */
    assert_true(contains(svg, "stroke:rgb(0%,50%,0%)")); /* the curve's outline */
    assert_true(contains(svg, "fill-opacity:0.5"));      /* and its fill */
    assert_false(contains(svg, "<text"));                /* outlines only by default */
    /* each run is a group scaled from the layout size (16 px: 1/4, 12 px: 3/16) */
    assert_true(contains(svg, "transform=\"matrix(0.25 0 0 0.25 "));
    assert_true(contains(svg, "transform=\"matrix(0.1875 0 0 0.1875 "));
    /* one <use> per drawn glyph (spaces draw nothing): Hamburg 7, 대한민국 4,
     * 日本 2, the wrapped label 34; each outline defined once per font and
     * every reference defined */
    assert_int_equal(count(svg, "<use xlink:href=\"#g"), 7 + 4 + 2 + 34);
    guint n_defs = count(svg, "<path id=\"g");
    assert_true(n_defs > 10 && n_defs < 7 + 4 + 2 + 34);
    assert_true(every_use_defined(svg, n_defs));

    /* an independent reader takes it at its size */
    char *rsvg = g_find_program_in_path("rsvg-convert");
    if (rsvg) {
        char *path = write_temp(svg, ".svg");
        char *png_path = g_strconcat(path, ".png", NULL);
        const char *argv[] = {rsvg, "-o", png_path, path, NULL};
        int status;
        assert_true(
            g_spawn_sync(NULL, (char **)argv, NULL, 0, NULL, NULL, NULL, NULL, &status, &err));
        assert_true(g_spawn_check_wait_status(status, NULL));
        char *bytes;
        gsize n;
        assert_true(g_file_get_contents(png_path, &bytes, &n, NULL));
        GByteArray png = {(guint8 *)bytes, (guint)n};
        guint32 len;
        const guint8 *ihdr = png_chunk(&png, "IHDR", &len);
        assert_int_equal(be32(ihdr), 320);
        assert_int_equal(be32(ihdr + 4), 200);
        g_free(bytes);
        g_unlink(png_path);
        g_unlink(path);
        g_free(png_path);
        g_free(path);
        g_free(rsvg);
    }
    g_free(info.width);
    g_free(info.height);
    g_free(info.viewbox);
    g_free(info.title);
    g_byte_array_free(svg, TRUE);
    cm_scene_free(scene);
}

/* ---- SVG against PNG ---- */

/* How far an independent SVG reader's picture is from the PNG backend's. */
typedef struct {
    double mean;   /* mean absolute difference per colour channel, 0..255 */
    double strong; /* share of pixels where some channel differs by more than 64 */
} image_diff;

static image_diff
compare_images(cairo_surface_t *a, cairo_surface_t *b)
{
    int w = cairo_image_surface_get_width(a), h = cairo_image_surface_get_height(a);
    assert_int_equal(cairo_image_surface_get_width(b), w);
    assert_int_equal(cairo_image_surface_get_height(b), h);
    double sum = 0;
    long strong = 0;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            guint32 p = pixel(a, x, y), q = pixel(b, x, y);
            int worst = 0;
            for (int shift = 0; shift < 32; shift += 8) {
                int d = abs((int)((p >> shift) & 0xff) - (int)((q >> shift) & 0xff));
                if (shift < 24)
                    sum += d;
                worst = MAX(worst, d);
            }
            if (worst > 64)
                strong++;
        }
    return (image_diff){sum / (3.0 * w * h), (double)strong / ((double)w * h)};
}

/* SVG drawn by rsvg-convert, at its own size. */
static cairo_surface_t *
rsvg_render(const GByteArray *svg)
{
    char *rsvg = g_find_program_in_path("rsvg-convert");
    if (!rsvg)
        fail_msg("rsvg-convert is not installed (Debian package librsvg2-bin)");
    char *path = write_temp(svg, ".svg");
    char *png_path = g_strconcat(path, ".png", NULL);
    const char *argv[] = {rsvg, "-o", png_path, path, NULL};
    int status;
    GError *err = NULL;
    assert_true(g_spawn_sync(NULL, (char **)argv, NULL, 0, NULL, NULL, NULL, NULL, &status, &err));
    assert_true(g_spawn_check_wait_status(status, NULL));
    char *bytes;
    gsize n;
    assert_true(g_file_get_contents(png_path, &bytes, &n, NULL));
    GByteArray png = {(guint8 *)bytes, (guint)n};
    cairo_surface_t *img = decode_png(&png);
    g_free(bytes);
    g_unlink(png_path);
    g_unlink(path);
    g_free(png_path);
    g_free(path);
    g_free(rsvg);
    return img;
}

/* SCENE's SVG, drawn by rsvg, against its PNG: antialiasing differs a little,
 * a glyph misplaced or misscaled by a pixel differs a lot (text is a few
 * percent of a figure's pixels, so it moves the share of strongly differing
 * pixels by more than the limit: a Latin run after a CJK one drawn on the
 * line's baseline instead of its own gave 1.29 and 0.80 % on the lanes
 * figure). Limits are per figure, a little above what was measured (Cairo's
 * own SVG surface gave 1.02 and 0.62 % there). */
static void
assert_svg_like_png(const cm_scene_t *scene, cm_text_t *text, const char *what, double max_mean,
                    double max_strong)
{
    GByteArray *svg = render(scene, text, CM_FORMAT_SVG);
    GByteArray *png = render(scene, text, CM_FORMAT_PNG);
    cairo_surface_t *a = rsvg_render(svg), *b = decode_png(png);
    image_diff d = compare_images(a, b);
    print_message("%s: svg vs png: mean %.3f, %.3f%% of pixels off by more than 64\n", what, d.mean,
                  100 * d.strong);
    assert_true(d.mean < max_mean);
    assert_true(d.strong < max_strong);
    cairo_surface_destroy(a);
    cairo_surface_destroy(b);
    g_byte_array_free(svg, TRUE);
    g_byte_array_free(png, TRUE);
}

static char *
data_path(const char *dir, const char *file)
{
    return g_build_filename(CM_SRCDIR, "data", dir, file, NULL);
}

static cm_dataset_t *
load_data(const char *dir, const char *file, cm_diag_t *diag)
{
    char *path = data_path(dir, file);
    GError *err = NULL;
    cm_dataset_t *ds = cm_ingest_file(path, NULL, diag, &err);
    if (!ds)
        fail_msg("%s", err->message);
    g_free(path);
    return ds;
}

/* The NATO lanes figure at 1600×900 with a Japanese and Korean title. */
static void
test_svg_like_png_lanes(void **state)
{
    cm_text_t *text = *state;
    cm_diag_t *diag = cm_diag_new();
    cm_dataset_t *ds = load_data("nato", "members.csv", diag);
    cm_style_t *style = cm_style_new_default();
    cm_measurer_t m = cm_text_measurer(text);
    cm_timeline_opts_t o = {.kind = CM_TIMELINE_LANES,
                            .width = 1600,
                            .height = 900,
                            .today = cm_date_from_epoch(1764288000),
                            .sort = CM_SORT_START,
                            .title = "NATOの拡大 · 나토의 확대 1949–2024",
                            .subtitle = "加盟国32か国、加盟日順 (32 members by date of accession)"};
    cm_layout_notes_t notes;
    cm_layout_notes_init(&notes);
    GError *err = NULL;
    cm_scene_t *scene = cm_layout_timeline(ds, style, &m, &o, &notes, &err);
    if (!scene)
        fail_msg("%s", err->message);
    assert_svg_like_png(scene, text, "lanes", 1.2, 0.007); /* measured 1.06, 0.58 % */
    cm_scene_free(scene);
    cm_layout_notes_release(&notes);
    cm_style_free(style);
    cm_dataset_free(ds);
    cm_diag_free(diag);
}

/* The Japanese partners map of data/figures.ini. */
static void
test_svg_like_png_map(void **state)
{
    cm_text_t *text = *state;
    GError *err = NULL;
    char *path = data_path("world", "countries-50m.json");
    cm_geo_t *geo = cm_geo_load(path, NULL, &err);
    if (!geo)
        fail_msg("%s", err->message);
    g_free(path);
    cm_countries_t *cs = cm_countries_load(NULL, &err);
    if (!cs)
        fail_msg("%s", err->message);
    cm_diag_t *diag = cm_diag_new();
    cm_dataset_t *ds = load_data("nato", "partners.csv", diag);
    cm_style_t *style = cm_style_new_default();
    cm_measurer_t m = cm_text_measurer(text);
    cm_map_match_t *match = cm_map_match_new(ds, geo, cs, CM_MAP_UNMATCHED_ERROR, diag);
    cm_proj_t *proj = cm_proj_new("asia-pacific", &err);
    assert_non_null(proj);
    cm_geo_base_t *base = cm_geo_base_new(geo, proj, NULL, &err);
    assert_non_null(base);
    static const char *const labels[] = {"JP", "KR", "AU", "NZ", NULL};
    cm_map_opts_t o = {
        .width = 1000,
        .height = 700,
        .title = "インド太平洋のNATOパートナー国",
        .subtitle = "日本、韓国、オーストラリア、ニュージーランドはNATO加盟国ではなくパートナー国",
        .source = "出典：NATO、米国務省。",
        .labels = true,
        .label_only = labels,
        .lang = "ja",
        .graticule = true,
    };
    cm_layout_notes_t notes;
    cm_layout_notes_init(&notes);
    cm_scene_t *scene = cm_layout_map(ds, match, base, style, &m, &o, &notes, &err);
    if (!scene)
        fail_msg("%s", err->message);
    assert_svg_like_png(scene, text, "map", 0.8, 0.0045); /* measured 0.61, 0.33 % */
    cm_scene_free(scene);
    cm_layout_notes_release(&notes);
    cm_geo_base_free(base);
    cm_proj_free(proj);
    cm_map_match_free(match);
    cm_style_free(style);
    cm_dataset_free(ds);
    cm_diag_free(diag);
    cm_countries_free(cs);
    cm_geo_free(geo);
}

/* A character no font has is drawn as Pango draws it on the PNG: a box
 * with its code point in hex, at the glyph's place. */
static void
test_svg_unknown_glyph_box(void **state)
{
    cm_text_t *text = *state;
    cm_scene_t *scene = cm_scene_new(240, 60, WHITE);
    cm_rect_t box = add_text(scene, text, "Box \xee\x80\x80 end", font(32, 400), 10, 5, 0,
                             CM_ALIGN_LEFT); /* U+E000 */
    GByteArray *svg = render(scene, text, CM_FORMAT_SVG);
    assert_int_equal(count(svg, "<use xlink:href=\"#g"), 3 + 1 + 3);
    cairo_surface_t *a = rsvg_render(svg);
    GByteArray *png = render(scene, text, CM_FORMAT_PNG);
    cairo_surface_t *b = decode_png(png);
    image_diff d = compare_images(a, b);
    /* large text on a small canvas: antialiasing alone gives 3.4 and 1.7 %
     * here; the ink check below is what sees the box */
    assert_true(d.mean < 4.5);
    assert_true(d.strong < 0.025);
    /* the box's frame is there: ink in the middle third of the run, on
     * the rows of the box's top */
    int inked = 0;
    for (int y = (int)box.y; y < (int)(box.y + box.h); y++)
        for (int x = (int)(box.x + box.w / 3); x < (int)(box.x + 2 * box.w / 3); x++)
            inked += (pixel(a, x, y) & 0xff) < 128;
    assert_true(inked > 40);
    cairo_surface_destroy(a);
    cairo_surface_destroy(b);
    g_byte_array_free(png, TRUE);
    g_byte_array_free(svg, TRUE);
    cm_scene_free(scene);
}

/* ---- PDF ---- */

static void
test_pdf(void **state)
{
    cm_text_t *text = *state;
    cm_scene_t *scene = test_scene(text);
    GByteArray *pdf = render(scene, text, CM_FORMAT_PDF);
    assert_memory_equal(pdf->data, "%PDF-", 5);
    assert_true(contains(pdf, "/CreationDate ("));
    assert_true(contains(pdf, "20251128000000Z)"));
    assert_true(contains(pdf, "/ModDate ("));
    assert_true(contains(pdf, "/Title (Test & <scene>)"));
    assert_true(contains(pdf, "/Subject (A rect, a curve"));
    assert_true(contains(pdf, "/MediaBox [ 0 0 320 200 ]"));
    g_byte_array_free(pdf, TRUE);

    /* epoch -1 is 1970-01-01, whatever the environment says: the backend reads none
     * (the figure layer passes SOURCE_DATE_EPOCH in the options) */
    char *saved = g_strdup(g_getenv("SOURCE_DATE_EPOCH"));
    cm_render_opts_t o = {.format = CM_FORMAT_PDF, .scale = 1, .png_level = -1, .epoch = -1};
    g_setenv("SOURCE_DATE_EPOCH", "86400", TRUE);
    pdf = render_opts(scene, text, o);
    assert_true(contains(pdf, "19700101000000Z)"));
    g_byte_array_free(pdf, TRUE);
    o.epoch = 86400;
    pdf = render_opts(scene, text, o);
    assert_true(contains(pdf, "19700102000000Z)"));
    g_byte_array_free(pdf, TRUE);
    if (saved)
        g_setenv("SOURCE_DATE_EPOCH", saved, TRUE);
    else
        g_unsetenv("SOURCE_DATE_EPOCH");
    g_free(saved);

    /* the text is real text: Korean and Japanese come back out */
    char *pdftotext = g_find_program_in_path("pdftotext");
    if (pdftotext) {
        pdf = render(scene, text, CM_FORMAT_PDF);
        char *path = write_temp(pdf, ".pdf");
        const char *argv[] = {pdftotext, path, "-", NULL};
        char *out = NULL;
        int status;
        GError *err = NULL;
        assert_true(
            g_spawn_sync(NULL, (char **)argv, NULL, 0, NULL, NULL, &out, NULL, &status, &err));
        assert_true(g_spawn_check_wait_status(status, NULL));
        assert_non_null(strstr(out, "Hamburg"));
        assert_non_null(strstr(out, "대한민국"));
        assert_non_null(strstr(out, "日本"));
        g_free(out);
        g_unlink(path);
        g_free(path);
        g_free(pdftotext);
        g_byte_array_free(pdf, TRUE);
    }
    cm_scene_free(scene);
}

static void
test_dump(void **state)
{
    cm_text_t *text = *state;
    cm_scene_t *scene = test_scene(text);
    GByteArray *dump = render(scene, text, CM_FORMAT_DUMP);
    GString *expect = g_string_new(NULL);
    cm_scene_dump(scene, expect);
    assert_int_equal(dump->len, expect->len);
    assert_memory_equal(dump->data, expect->str, expect->len);
    g_string_free(expect, TRUE);
    g_byte_array_free(dump, TRUE);
    cm_scene_free(scene);
}

/* ---- reproducibility ---- */

static void
test_reproducible_in_process(void **state)
{
    cm_text_t *text = *state;
    cm_scene_t *scene = test_scene(text);
    cm_format_t formats[] = {CM_FORMAT_SVG, CM_FORMAT_PNG, CM_FORMAT_PDF};
    for (size_t i = 0; i < G_N_ELEMENTS(formats); i++) {
        GByteArray *a = render(scene, text, formats[i]);
        GByteArray *b = render(scene, text, formats[i]);
        cm_text_t *other = cm_text_new();
        GByteArray *c = render(scene, other, formats[i]);
        cm_text_free(other);
        if (!same_bytes(a, b) || !same_bytes(a, c))
            fail_msg("format %d: renders differ (%u, %u, %u bytes)", formats[i], a->len, b->len,
                     c->len);
        g_byte_array_free(a, TRUE);
        g_byte_array_free(b, TRUE);
        g_byte_array_free(c, TRUE);
    }
    cm_scene_free(scene);
}

static char *self_path;

/* This binary run again with --emit FORMAT PATH writes the test scene to
 * PATH: a new process, a new font map and fresh Cairo counters. */
static void
test_reproducible_across_processes(void **state)
{
    cm_text_t *text = *state;
    cm_scene_t *scene = test_scene(text);
    char *dir = g_dir_make_tmp("cm-emit-XXXXXX", NULL);
    assert_non_null(dir);
    const char *names[] = {"svg", "png", "pdf"};
    for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
        cm_format_t f;
        assert_true(cm_format_parse(names[i], &f));
        GByteArray *here = render(scene, text, f);
        char *path = g_build_filename(dir, names[i], NULL);
        const char *argv[] = {self_path, "--emit", names[i], path, NULL};
        int status;
        GError *err = NULL;
        assert_true(g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL,
                                 &status, &err));
        assert_true(g_spawn_check_wait_status(status, NULL));
        char *bytes;
        gsize n;
        assert_true(g_file_get_contents(path, &bytes, &n, NULL));
        GByteArray there = {(guint8 *)bytes, (guint)n};
        if (!same_bytes(here, &there))
            fail_msg("%s differs between processes (%u vs %u bytes)", names[i], here->len,
                     (guint)n);
        g_unlink(path);
        g_free(bytes);
        g_free(path);
        g_byte_array_free(here, TRUE);
    }
    g_rmdir(dir);
    g_free(dir);
    cm_scene_free(scene);
}

static int
emit(const char *name, const char *path)
{
    cm_format_t f;
    if (!cm_format_parse(name, &f))
        return 2;
    cm_text_t *text = cm_text_new();
    cm_scene_t *scene = test_scene(text);
    GByteArray *out = g_byte_array_new();
    GError *err = NULL;
    cm_render_opts_t o = {.format = f, .scale = 1, .png_level = -1, .epoch = EPOCH};
    int rc = 0;
    if (!cm_render(scene, text, &o, out, &err) ||
        !cm_write_atomic(path, out->data, out->len, &err)) {
        fprintf(stderr, "emit: %s\n", err->message);
        g_error_free(err);
        rc = 1;
    }
    g_byte_array_free(out, TRUE);
    cm_scene_free(scene);
    cm_text_free(text);
    return rc;
}

/* ---- atomic writes ---- */

typedef struct {
    char *dir;
} dir_fixture;

static int
setup_dir(void **state)
{
    dir_fixture *f = g_new0(dir_fixture, 1);
    f->dir = g_dir_make_tmp("cm-write-XXXXXX", NULL);
    assert_non_null(f->dir);
    *state = f;
    return 0;
}

static void
remove_tree(const char *path)
{
    if (g_file_test(path, G_FILE_TEST_IS_DIR) && !g_file_test(path, G_FILE_TEST_IS_SYMLINK)) {
        GDir *d = g_dir_open(path, 0, NULL);
        const char *name;
        while (d && (name = g_dir_read_name(d))) {
            char *child = g_build_filename(path, name, NULL);
            remove_tree(child);
            g_free(child);
        }
        if (d)
            g_dir_close(d);
        g_rmdir(path);
    } else {
        g_unlink(path);
    }
}

static int
teardown_dir(void **state)
{
    dir_fixture *f = *state;
    remove_tree(f->dir);
    g_free(f->dir);
    g_free(f);
    return 0;
}

static gint
cmp_names(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in DIR, sorted and joined with spaces. */
static char *
list_dir(const char *dir)
{
    GDir *d = g_dir_open(dir, 0, NULL);
    assert_non_null(d);
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    const char *name;
    while ((name = g_dir_read_name(d)))
        g_ptr_array_add(names, g_strdup(name));
    g_dir_close(d);
    g_ptr_array_sort(names, cmp_names);
    GString *s = g_string_new(NULL);
    for (guint i = 0; i < names->len; i++) {
        if (i)
            g_string_append_c(s, ' ');
        g_string_append(s, names->pdata[i]);
    }
    g_ptr_array_free(names, TRUE);
    return g_string_free(s, FALSE);
}

static void
assert_file(const char *path, const char *contents)
{
    char *got = NULL;
    gsize n;
    assert_true(g_file_get_contents(path, &got, &n, NULL));
    assert_int_equal(n, strlen(contents));
    assert_memory_equal(got, contents, n);
    g_free(got);
}

static void
test_write_atomic(void **state)
{
    dir_fixture *f = *state;
    char *path = g_build_filename(f->dir, "figure.svg", NULL);
    GError *err = NULL;
    assert_true(cm_write_atomic(path, "first", 5, &err));
    assert_null(err);
    assert_file(path, "first");
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0644 & ~(mode_t)0022);
    assert_true(cm_write_atomic(path, "second, longer", 14, &err));
    assert_file(path, "second, longer");
    assert_true(cm_write_atomic(path, "", 0, &err));
    assert_file(path, "");
    char *names = list_dir(f->dir);
    assert_string_equal(names, "figure.svg");
    g_free(names);

    /* a long name still gets a temporary file that fits NAME_MAX */
    char *long_name = g_strnfill(250, 'n');
    char *long_path = g_build_filename(f->dir, long_name, NULL);
    assert_true(cm_write_atomic(long_path, "long", 4, &err));
    assert_file(long_path, "long");
    g_unlink(long_path);
    g_free(long_path);
    g_free(long_name);
    g_free(path);
}

static void
test_write_atomic_failures(void **state)
{
    dir_fixture *f = *state;
    char *path = g_build_filename(f->dir, "keep.png", NULL);
    GError *err = NULL;
    assert_true(cm_write_atomic(path, "original", 8, &err));

    /* into a directory that does not exist */
    char *missing = g_build_filename(f->dir, "no-such-dir", "out.png", NULL);
    assert_false(cm_write_atomic(missing, "x", 1, &err));
    assert_error(err, CM_ERROR, CM_ERROR_IO);
    assert_non_null(strstr(err->message, missing));
    assert_non_null(strstr(err->message, "No such file or directory"));
    g_clear_error(&err);

    /* onto a directory */
    char *sub = g_build_filename(f->dir, "sub", NULL);
    assert_int_equal(g_mkdir(sub, 0755), 0);
    assert_false(cm_write_atomic(sub, "x", 1, &err));
    assert_error(err, CM_ERROR, CM_ERROR_IO);
    assert_non_null(strstr(err->message, "is a directory"));
    assert_true(g_file_test(sub, G_FILE_TEST_IS_DIR));
    g_clear_error(&err);

    /* a write that fails half way (file size limit; root ignores permissions)
     * leaves the old file and no temporary file */
    struct rlimit old, small;
    assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
    small = old;
    small.rlim_cur = 4096;
    void (*prev)(int) = signal(SIGXFSZ, SIG_IGN);
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
    char *big = g_strnfill(100000, 'b');
    bool ok = cm_write_atomic(path, big, 100000, &err);
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
    signal(SIGXFSZ, prev);
    assert_false(ok);
    assert_error(err, CM_ERROR, CM_ERROR_IO);
    assert_non_null(strstr(err->message, path));
    assert_non_null(strstr(err->message, "writing"));
    g_clear_error(&err);
    g_free(big);
    assert_file(path, "original");

    char *names = list_dir(f->dir);
    assert_string_equal(names, "keep.png sub");
    g_free(names);
    g_free(sub);
    g_free(missing);
    g_free(path);
}

/* A coordinate far beyond any canvas (a path built from data) is written as a number:
 * the SVG writer's rounding negated LLONG_MIN for it (cm_svg.c). */
static void
test_svg_huge_coordinates(void **state)
{
    (void)state;
    cm_scene_t *scene = cm_scene_new(100, 100, (cm_color_t){1, 1, 1, 1});
    cm_scene_rect(scene, "far", (cm_rect_t){-1e300, -1e30, 1e300, 1e18}, (cm_color_t){0, 0, 0, 1},
                  (cm_color_t){0, 0, 0, 0}, 0);
    cm_text_t *text = cm_text_new();
    GByteArray *svg = render(scene, text, CM_FORMAT_SVG);
    assert_true(contains(svg, "</svg>"));
    g_byte_array_unref(svg);
    cm_text_free(text);
    cm_scene_free(scene);
}

int
main(int argc, char **argv)
{
    if (argc == 4 && strcmp(argv[1], "--emit") == 0)
        return emit(argv[2], argv[3]);
    self_path = g_file_read_link("/proc/self/exe", NULL);
    if (!self_path)
        self_path = g_strdup(argv[0]);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format_names),
        cmocka_unit_test(test_svg_huge_coordinates),
        cmocka_unit_test_setup_teardown(test_measure_widths, setup_text, teardown_text),
        cmocka_unit_test_setup_teardown(test_measure_wrap, setup_text, teardown_text),
        cmocka_unit_test_setup_teardown(test_measure_scales_exactly, setup_text, teardown_text),
        cmocka_unit_test_setup_teardown(test_measure_unknown_glyphs, setup_text, teardown_text),
        cmocka_unit_test_setup_teardown(test_cjk_fallback_font, setup_text, teardown_text),
        cmocka_unit_test_setup_teardown(test_png_header_and_pixels, setup_text, teardown_text),
        cmocka_unit_test_setup_teardown(test_png_transparent, setup_text, teardown_text),
        cmocka_unit_test(test_png_encode_roundtrip),
        cmocka_unit_test(test_png_bands),
        cmocka_unit_test_setup_teardown(test_png_too_large, setup_text, teardown_text),
        cmocka_unit_test_setup_teardown(test_ink_inside_measured_box, setup_text, teardown_text),
        cmocka_unit_test_setup_teardown(test_svg, setup_text, teardown_text),
        cmocka_unit_test_setup_teardown(test_svg_like_png_lanes, setup_text, teardown_text),
        cmocka_unit_test_setup_teardown(test_svg_like_png_map, setup_text, teardown_text),
        cmocka_unit_test_setup_teardown(test_svg_unknown_glyph_box, setup_text, teardown_text),
        cmocka_unit_test_setup_teardown(test_pdf, setup_text, teardown_text),
        cmocka_unit_test_setup_teardown(test_dump, setup_text, teardown_text),
        cmocka_unit_test_setup_teardown(test_reproducible_in_process, setup_text, teardown_text),
        cmocka_unit_test_setup_teardown(test_reproducible_across_processes, setup_text,
                                        teardown_text),
        cmocka_unit_test_setup_teardown(test_write_atomic, setup_dir, teardown_dir),
        cmocka_unit_test_setup_teardown(test_write_atomic_failures, setup_dir, teardown_dir),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    g_free(self_path);
    return rc;
}
