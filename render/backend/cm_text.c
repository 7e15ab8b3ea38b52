/* cm_text.c — the text engine: one Pango font map per cm_text_t, the font
 * options every surface shares, and the real cm_measurer_t for layout.
 *
 * Measuring and drawing go through one PangoFontMap created with
 * pango_cairo_font_map_new() (not the process-global default, so each thread
 * owns its map) and one set of cairo font options: metric hinting off, hint
 * style none, grey antialiasing. Pango's own glyph position rounding is turned
 * off as well, so advances are the unhinted outline advances scaled to the
 * size: the same in PNG at any scale, in SVG and in PDF, and the same as what
 * layout measured. Fonts missing a script (Hangul, kana, kanji) are found by
 * fontconfig fallback, which picks Noto Sans CJK when it is installed.
 *
 * Every run is laid out at one size (CM__TEXT_LAYOUT_PX) and its extents
 * scaled to the font's size (cm_backend_private.h says why): a figure with
 * eight font sizes asks fontconfig for two fallback lists (regular, bold),
 * not eight, which was a fifth of a whole timeline's instructions.
 *
 * Measurements are cached by (family, weight, style, wrap in layout px,
 * align, text) because layout measures the same strings over and over (tick
 * labels while it searches for a tick step, legend entries, retries of label
 * placement, and the same string at several sizes while a title is fitted).
 * The cache is cleared when it reaches CACHE_MAX entries.
 */
#include "cm_backend_private.h"

#include <math.h>

enum { CACHE_MAX = 1 << 16 };

PangoContext *
cm__text_new_context(const cm_text_t *text)
{
    PangoContext *ctx = pango_font_map_create_context(text->fontmap);
    pango_cairo_context_set_font_options(ctx, text->font_options);
    pango_context_set_round_glyph_positions(ctx, FALSE);
    return ctx;
}

double
cm__text_scale(const cm_font_t *font)
{
    return font->size > 0 && isfinite(font->size) ? font->size / CM__TEXT_LAYOUT_PX : 0;
}

void
cm__text_setup_layout(PangoLayout *layout, const cm_font_t *font, const char *text, double wrap,
                      cm_align_t align)
{
    PangoFontDescription *desc = pango_font_description_new();
    pango_font_description_set_family(desc,
                                      font->family && *font->family ? font->family : "sans-serif");
    pango_font_description_set_absolute_size(desc, CM__TEXT_LAYOUT_PX * PANGO_SCALE);
    pango_font_description_set_weight(desc, font->weight > 0 ? (PangoWeight)font->weight
                                                             : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_style(desc, font->italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
    pango_layout_set_font_description(layout, desc);
    pango_font_description_free(desc);

    double k = cm__text_scale(font);
    if (wrap > 0 && k > 0) {
        pango_layout_set_width(layout, pango_units_from_double(wrap / k));
        pango_layout_set_wrap(layout, PANGO_WRAP_WORD);
    } else {
        pango_layout_set_width(layout, -1);
    }
    PangoAlignment a = align == CM_ALIGN_CENTER  ? PANGO_ALIGN_CENTER
                       : align == CM_ALIGN_RIGHT ? PANGO_ALIGN_RIGHT
                                                 : PANGO_ALIGN_LEFT;
    pango_layout_set_alignment(layout, a);
    pango_layout_set_text(layout, text ? text : "", -1);
}

cm_text_t *
cm_text_new(void)
{
    cm_text_t *t = g_new0(cm_text_t, 1);
    t->fontmap = pango_cairo_font_map_new();
    t->font_options = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(t->font_options, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(t->font_options, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_antialias(t->font_options, CAIRO_ANTIALIAS_GRAY);
    t->measure_ctx = cm__text_new_context(t);
    t->measure_layout = pango_layout_new(t->measure_ctx);
    t->cache = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    return t;
}

void
cm_text_free(cm_text_t *text)
{
    if (!text)
        return;
    g_hash_table_destroy(text->cache);
    g_object_unref(text->measure_layout);
    g_object_unref(text->measure_ctx);
    cairo_font_options_destroy(text->font_options);
    g_object_unref(text->fontmap);
    g_free(text);
}

/* The cache key: every input of a measurement at the layout size (the wrap
 * width in layout px, not the size), separated by a unit separator (0x1f)
 * that cannot occur in a family name or a number. */
static char *
cache_key(const cm_font_t *font, const char *text, double layout_wrap, cm_align_t align)
{
    char w[G_ASCII_DTOSTR_BUF_SIZE];
    g_ascii_dtostr(w, sizeof w, layout_wrap > 0 ? layout_wrap : 0);
    return g_strdup_printf("%s\x1f%d\x1f%d\x1f%s\x1f%d\x1f%s", font->family ? font->family : "",
                           font->weight, font->italic ? 1 : 0, w, (int)align, text ? text : "");
}

/* Extents of TEXT laid out at the layout size. */
static void
measure_uncached(cm_text_t *t, const cm_font_t *font, const char *text, double wrap,
                 cm_align_t align, cm_text_extents_t *out)
{
    PangoLayout *layout = t->measure_layout;
    cm__text_setup_layout(layout, font, text, wrap, align);
    PangoRectangle logical;
    pango_layout_get_extents(layout, NULL, &logical);
    out->width = pango_units_to_double(logical.width);
    out->height = pango_units_to_double(logical.height);
    out->baseline = pango_units_to_double(pango_layout_get_baseline(layout) - logical.y);
    out->unknown_glyphs = pango_layout_get_unknown_glyphs_count(layout);
}

static void
text_measure(void *ctx, const cm_font_t *font, const char *text, double wrap, cm_align_t align,
             cm_text_extents_t *out)
{
    cm_text_t *t = ctx;
    double k = cm__text_scale(font); /* 0: a zero box, but unknown glyphs still counted */
    char *key = cache_key(font, text, wrap > 0 && k > 0 ? wrap / k : 0, align);
    cm_text_extents_t *hit = g_hash_table_lookup(t->cache, key);
    if (hit) {
        g_free(key);
    } else {
        hit = g_new0(cm_text_extents_t, 1);
        measure_uncached(t, font, text, wrap, align, hit);
        if (g_hash_table_size(t->cache) >= CACHE_MAX)
            g_hash_table_remove_all(t->cache);
        g_hash_table_insert(t->cache, key, hit);
    }
    *out = *hit;
    out->width *= k;
    out->height *= k;
    out->baseline *= k;
}

cm_measurer_t
cm_text_measurer(cm_text_t *text)
{
    g_return_val_if_fail(text != NULL, cm_measurer_fixed());
    return (cm_measurer_t){text, text_measure};
}
