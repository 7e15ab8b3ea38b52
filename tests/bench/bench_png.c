/* bench_png.c — cm_png_encode against cairo_surface_write_to_png_stream.
 *
 * Draws a chart-like 1600x900 image with Cairo and Pango (white background,
 * gridlines, 40 lanes of coloured bars, three step lines, ~90 text runs), then
 * encodes it N times with each writer and prints the median time in ms, the
 * file sizes and the ratios. The numbers behind CM_PNG_DEFAULT_LEVEL come
 * from `bench_png 15 --levels`, which also times zlib levels 0..9.
 *
 *   bench_png [N] [--levels]
 */
#include "backend/cm_backend.h"

#include <cairo.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { W = 1600, H = 900 };

static void
draw_text(cairo_t *cr, PangoLayout *layout, double x, double y, const char *s)
{
    pango_layout_set_text(layout, s, -1);
    cairo_move_to(cr, x, y);
    pango_cairo_show_layout(cr, layout);
}

static void
draw_chart(cairo_t *cr, PangoFontMap *fontmap)
{
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    PangoContext *ctx = pango_font_map_create_context(fontmap);
    pango_cairo_update_context(cr, ctx);
    PangoLayout *layout = pango_layout_new(ctx);
    PangoFontDescription *desc = pango_font_description_from_string("Noto Sans 12px");
    pango_layout_set_font_description(layout, desc);

    /* gridlines and year labels */
    char buf[64];
    for (int i = 0; i <= 16; i++) {
        double x = 160 + i * 85;
        cairo_set_source_rgb(cr, 0.88, 0.88, 0.9);
        cairo_set_line_width(cr, 1);
        cairo_move_to(cr, x + 0.5, 60);
        cairo_line_to(cr, x + 0.5, 840);
        cairo_stroke(cr);
        cairo_set_source_rgb(cr, 0.3, 0.3, 0.35);
        snprintf(buf, sizeof buf, "%d", 1949 + 5 * i);
        draw_text(cr, layout, x - 14, 848, buf);
    }
    /* lanes: one bar each, with a name label */
    static const char *names[] = {"Belgium", "Canada",     "Denmark",     "France", "Iceland",
                                  "Italy",   "Luxembourg", "Netherlands", "Norway", "Portugal"};
    for (int i = 0; i < 40; i++) {
        double y = 70 + i * 19;
        double x0 = 160 + (i * 37 % 900), x1 = 1520 - (i * 13 % 200);
        double hue = (i % 8) / 8.0;
        cairo_set_source_rgb(cr, 0.2 + 0.6 * hue, 0.45, 0.8 - 0.5 * hue);
        cairo_rectangle(cr, x0, y, x1 - x0, 13);
        cairo_fill(cr);
        cairo_set_source_rgb(cr, 0.1, 0.1, 0.12);
        draw_text(cr, layout, 20, y - 2, names[i % 10]);
        if (i % 2 == 0) {
            snprintf(buf, sizeof buf, "joined %d", 1949 + i * 2);
            draw_text(cr, layout, x0 + 4, y - 2, buf);
        }
    }
    /* step lines: cumulative counts, as a timeline's member-count series */
    for (int k = 0; k < 3; k++) {
        cairo_set_source_rgba(cr, 0.8 * (k == 0), 0.5 * (k == 1), 0.7 * (k == 2), 0.9);
        cairo_set_line_width(cr, 2);
        double y = 830 - 40 * k;
        cairo_move_to(cr, 160, y);
        for (int i = 1; i <= 40; i++) {
            double x = 160 + i * 34;
            cairo_line_to(cr, x, y);
            y -= (i * (k + 3)) % 7 * 3.5;
            cairo_line_to(cr, x, y);
        }
        cairo_stroke(cr);
    }
    pango_font_description_set_absolute_size(desc, 28 * PANGO_SCALE);
    pango_layout_set_font_description(layout, desc);
    cairo_set_source_rgb(cr, 0, 0, 0);
    draw_text(cr, layout, 20, 12, "NATO membership, 1949–2024");
    pango_font_description_free(desc);
    g_object_unref(layout);
    g_object_unref(ctx);
}

static cairo_status_t
append(void *closure, const unsigned char *data, unsigned int len)
{
    g_byte_array_append(closure, data, len);
    return CAIRO_STATUS_SUCCESS;
}

static int
cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double
median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Median ms and size of N encodes at LEVEL (-2 = Cairo's writer). */
static double
time_encode(cairo_surface_t *img, int level, int n, guint *size)
{
    double *t = g_new(double, n);
    for (int i = 0; i < n; i++) {
        GByteArray *out = g_byte_array_new();
        gint64 t0 = g_get_monotonic_time();
        if (level == -2) {
            cairo_surface_write_to_png_stream(img, append, out);
        } else {
            GError *err = NULL;
            if (!cm_png_encode(cairo_image_surface_get_data(img), W, H,
                               cairo_image_surface_get_stride(img), 96, level, out, &err)) {
                fprintf(stderr, "bench_png: %s\n", err->message);
                exit(1);
            }
        }
        t[i] = (double)(g_get_monotonic_time() - t0) / 1000.0;
        *size = out->len;
        g_byte_array_free(out, TRUE);
    }
    double m = median(t, n);
    g_free(t);
    return m;
}

int
main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 15;
    bool levels = argc > 2 && strcmp(argv[2], "--levels") == 0;
    if (n < 1)
        n = 1;
    PangoFontMap *fontmap = pango_cairo_font_map_new();
    cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, W, H);
    cairo_t *cr = cairo_create(img);
    draw_chart(cr, fontmap);
    cairo_destroy(cr);
    cairo_surface_flush(img);

    guint cairo_size, cm_size;
    double cairo_ms = time_encode(img, -2, n, &cairo_size);
    double cm_ms = time_encode(img, CM_PNG_DEFAULT_LEVEL, n, &cm_size);
    printf("image %dx%d, %d encodes each, medians\n", W, H, n);
    printf("cairo_surface_write_to_png: %8.2f ms %8u bytes\n", cairo_ms, cairo_size);
    printf("cm_png_encode (level %d):    %8.2f ms %8u bytes\n", CM_PNG_DEFAULT_LEVEL, cm_ms,
           cm_size);
    printf("speedup %.2fx, size ratio %.2fx\n", cairo_ms / cm_ms, (double)cm_size / cairo_size);
    if (levels) {
        for (int level = 0; level <= 9; level++) {
            guint size;
            double ms = time_encode(img, level, n, &size);
            printf("  level %d: %8.2f ms %8u bytes  speedup %.2fx size %.2fx\n", level, ms, size,
                   cairo_ms / ms, (double)size / cairo_size);
        }
    }
    cairo_surface_destroy(img);
    g_object_unref(fontmap);
    return 0;
}
