/* cm_text.c — the text engine: shaped layouts from Pango (or from the cache),
 * the font options every surface shares, and the real cm_measurer_t for layout.
 *
 * Every run of text goes through one representation, the shaped layout
 * (cm__shaped_t: lines, runs, glyphs with their advances, offsets and
 * clusters, each run naming its font by the fontconfig pattern Pango chose).
 * Layout measures from it and every surface draws from it (cm__text_show
 * in cm_text_draw.c, glyph outlines in cm_svg.c), with Cairo scaled fonts rebuilt from
 * the recorded patterns, never Pango's own fonts; so a figure drawn from
 * shapes just made and one drawn from shapes read back from the cache folder
 * (cm_text_store.c) are the same bytes by construction. A run found in the
 * cache touches neither Pango nor fontconfig: the font map is created on the
 * first miss (fontconfig's start-up — parsing its configuration, reading its
 * caches, sorting 300 fonts per fallback list on two new threads — was about
 * half of a whole timeline's time).
 *
 * On a miss the run is laid out by one PangoFontMap created with
 * pg->cairo_font_map_new() (not the process-global default, so each thread
 * owns its map) and one set of cairo font options: metric hinting off, hint
 * style none, grey antialiasing; Pango's glyph position rounding is off as
 * well, so advances are the unhinted outline advances scaled to the size: the
 * same in PNG at any scale, in SVG and in PDF. Fonts missing a script (Hangul,
 * kana, kanji) are found by fontconfig fallback, which picks Noto Sans CJK
 * when it is installed.
 *
 * Every run is laid out at one size (CM__TEXT_LAYOUT_PX) and its extents
 * scaled to the font's size (cm_backend_private.h says why). Shapes are
 * keyed by (family, weight, style, wrap in layout px, align, text) because
 * layout measures the same strings over and over (tick labels while it
 * searches for a tick step, legend entries, label placement retries, a title
 * at several sizes while it is fitted). The table is cleared when it reaches
 * CACHE_MAX entries.
 *
 * Fonts are recorded and reopened by cm_text_font.c, shaped layouts drawn by
 * cm_text_draw.c, kept between runs by cm_text_store.c.
 */
#include "cm_backend_private.h"

#include <cairo-ft.h>
#include <math.h>
#include <pango/pangofc-font.h>
#include <string.h>
#include <sys/stat.h>

enum { CACHE_MAX = 1 << 16 };

/* ---- Pango, on demand ---- */

PangoContext *
cm__text_new_context(cm_text_t *text)
{
    const cm__pango_api_t *pg = cm__pango_api();
    if (!text->fontmap)
        text->fontmap = pg->cairo_font_map_new();
    PangoContext *ctx = pg->font_map_create_context(text->fontmap);
    pg->cairo_context_set_font_options(ctx, text->font_options);
    pg->context_set_round_glyph_positions(ctx, FALSE);
    return ctx;
}

PangoLayout *
cm__text_pango(cm_text_t *text)
{
    if (!text->measure_layout) {
        text->measure_ctx = cm__text_new_context(text);
        text->measure_layout = cm__pango_api()->layout_new(text->measure_ctx);
        text->pango_fonts =
            g_hash_table_new_full(g_direct_hash, g_direct_equal, g_object_unref, NULL);
    }
    return text->measure_layout;
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
    const cm__pango_api_t *pg = cm__pango_api();
    PangoFontDescription *desc = pg->font_description_new();
    pg->font_description_set_family(desc,
                                    font->family && *font->family ? font->family : "sans-serif");
    pg->font_description_set_absolute_size(desc, CM__TEXT_LAYOUT_PX * PANGO_SCALE);
    pg->font_description_set_weight(desc, font->weight > 0 ? (PangoWeight)font->weight
                                                           : PANGO_WEIGHT_NORMAL);
    pg->font_description_set_style(desc, font->italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
    pg->layout_set_font_description(layout, desc);
    pg->font_description_free(desc);

    double k = cm__text_scale(font);
    if (wrap > 0 && k > 0) {
        pg->layout_set_width(layout, pg->units_from_double(wrap / k));
        pg->layout_set_wrap(layout, PANGO_WRAP_WORD);
    } else {
        pg->layout_set_width(layout, -1);
    }
    PangoAlignment a = align == CM_ALIGN_CENTER  ? PANGO_ALIGN_CENTER
                       : align == CM_ALIGN_RIGHT ? PANGO_ALIGN_RIGHT
                                                 : PANGO_ALIGN_LEFT;
    pg->layout_set_alignment(layout, a);
    pg->layout_set_text(layout, text ? text : "", -1);
}

/* ---- lifecycle ---- */

void
cm__shaped_free(cm__shaped_t *s)
{
    if (!s)
        return;
    g_free(s->key);
    g_free(s->lines);
    g_free(s->runs);
    g_free(s->glyphs);
    g_free(s->clusters);
    g_free(s->box);
    g_free(s);
}

void
cm__font_free(cm__font_t *f)
{
    if (!f)
        return;
    if (f->sf)
        cairo_scaled_font_destroy(f->sf);
    g_free(f->desc);
    g_free(f->file);
    g_free(f);
}

cm_text_t *
cm_text_new(void)
{
    cm_text_t *t = g_new0(cm_text_t, 1);
    t->font_options = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(t->font_options, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(t->font_options, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_antialias(t->font_options, CAIRO_ANTIALIAS_GRAY);
    t->shaped =
        g_hash_table_new_full(g_str_hash, g_str_equal, NULL, (GDestroyNotify)cm__shaped_free);
    t->fonts = g_ptr_array_new_with_free_func((GDestroyNotify)cm__font_free);
    t->store = cm__text_store_new();
    return t;
}

void
cm_text_save_cache(cm_text_t *text)
{
    g_return_if_fail(text != NULL);
    cm__text_store_save(text);
    if (g_getenv("CHRONOMAP_TEXT_DEBUG"))
        g_printerr("chronomap: text cache: %d hits, %d misses, pango %s\n", text->hits,
                   text->misses, text->fontmap ? "used" : "not used");
}

void
cm_text_free(cm_text_t *text)
{
    if (!text)
        return;
    cm__text_store_free(text->store);
    g_hash_table_destroy(text->shaped);
    g_ptr_array_unref(text->fonts);
    if (text->pango_fonts)
        g_hash_table_destroy(text->pango_fonts);
    if (text->measure_layout)
        g_object_unref(text->measure_layout);
    if (text->measure_ctx)
        g_object_unref(text->measure_ctx);
    cairo_font_options_destroy(text->font_options);
    if (text->fontmap)
        g_object_unref(text->fontmap);
    g_free(text);
}

void
cm__text_insert(cm_text_t *text, cm__shaped_t *s)
{
    if (g_hash_table_size(text->shaped) >= CACHE_MAX)
        g_hash_table_remove_all(text->shaped);
    g_hash_table_replace(text->shaped, s->key, s);
}

int
cm__text_add_font(cm_text_t *text, guint8 *desc, guint32 desc_len, char *file, gint64 size,
                  gint64 mtime_ns)
{
    for (guint i = 0; i < text->fonts->len; i++) {
        const cm__font_t *f = g_ptr_array_index(text->fonts, i);
        if (f->desc_len == desc_len && memcmp(f->desc, desc, desc_len) == 0) {
            g_free(desc);
            g_free(file);
            return (int)i;
        }
    }
    cm__font_t *f = g_new0(cm__font_t, 1);
    f->desc = desc;
    f->desc_len = desc_len;
    f->file = file;
    f->size = size;
    f->mtime_ns = mtime_ns;
    g_ptr_array_add(text->fonts, f);
    return (int)text->fonts->len - 1;
}

/* ---- fonts Pango chose ---- */

/* The table index of Pango's FONT, adding it on first sight; -1 when it is
 * not a fontconfig font (no other kind exists where Pango uses fontconfig). */
static int
font_id(cm_text_t *t, PangoFont *font)
{
    const cm__pango_api_t *pg = cm__pango_api();
    gpointer v = g_hash_table_lookup(t->pango_fonts, font);
    if (v)
        return GPOINTER_TO_INT(v) - 1;
    GType fc = g_type_from_name("PangoFcFont");
    if (!font || !fc || !G_TYPE_CHECK_INSTANCE_TYPE(font, fc))
        return -1;
    /* the public (deprecated-for-subclassing, still filled) field: Pango
     * offers no getter that does not need libpangoft2 */
    FcPattern *pattern = ((PangoFcFont *)font)->font_pattern;
    cairo_scaled_font_t *sf = pg->cairo_font_get_scaled_font((PangoCairoFont *)font);
    FcChar8 *file = NULL;
    if (!pattern || !sf || FcPatternGetString(pattern, FC_FILE, 0, &file) != FcResultMatch)
        return -1;
    GByteArray *b = g_byte_array_new();
    cm__text_describe_font(b, pattern, sf);
    struct stat st;
    bool have = stat((const char *)file, &st) == 0;
    guint32 len = b->len;
    int id =
        cm__text_add_font(t, g_byte_array_free(b, FALSE), len, g_strdup((const char *)file),
                          have ? (gint64)st.st_size : -1,
                          have ? (gint64)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec : -1);
    g_hash_table_insert(t->pango_fonts, g_object_ref(font), GINT_TO_POINTER(id + 1));
    return id;
}

/* ---- shaping a miss ---- */

/* Pango's hex box for unknown glyph GI of FONT as path data, appended to BOX. */
static void
append_box(GArray *box, PangoFont *font, const PangoGlyphInfo *gi)
{
    const cm__pango_api_t *pg = cm__pango_api();
    cairo_surface_t *surf = cairo_recording_surface_create(CAIRO_CONTENT_ALPHA, NULL);
    cairo_t *cr = cairo_create(surf);
    PangoGlyphInfo one = *gi;
    one.geometry.x_offset = one.geometry.y_offset = 0;
    PangoGlyphString gs = {.num_glyphs = 1, .glyphs = &one, .log_clusters = (gint[]){0}};
    cairo_move_to(cr, 0, 0);
    pg->cairo_glyph_string_path(cr, font, &gs);
    cairo_path_t *p = cairo_copy_path(cr);
    if (p->status == CAIRO_STATUS_SUCCESS)
        g_array_append_vals(box, p->data, (guint)p->num_data);
    cairo_path_destroy(p);
    cairo_destroy(cr);
    cairo_surface_destroy(surf);
}

/* Clusters of RUN as pango_cairo_renderer_draw_glyph_item counts them. */
static void
append_clusters(GArray *clusters, PangoLayoutRun *run, const char *text)
{
    const cm__pango_api_t *pg = cm__pango_api();
    PangoGlyphString *glyphs = run->glyphs;
    gboolean backward = (run->item->analysis.level & 1) != 0;
    PangoGlyphItemIter iter;
    if (!pg->glyph_item_iter_init_start(&iter, run, text))
        return;
    do {
        int num_bytes = iter.end_index - iter.start_index;
        int num_glyphs =
            backward ? iter.start_glyph - iter.end_glyph : iter.end_glyph - iter.start_glyph;
        for (int i = MIN(iter.start_glyph, iter.end_glyph + 1);
             i < MAX(iter.start_glyph + 1, iter.end_glyph); i++) {
            const PangoGlyphInfo *gi = &glyphs->glyphs[i];
            if (gi->glyph == PANGO_GLYPH_EMPTY || gi->glyph & PANGO_GLYPH_UNKNOWN_FLAG)
                num_glyphs--;
        }
        cm__cluster_t c = {num_bytes, num_glyphs};
        g_array_append_val(clusters, c);
    } while (pg->glyph_item_iter_next_cluster(&iter));
}

static void
shape_lines(PangoLayout *layout, GArray *lines)
{
    const cm__pango_api_t *pg = cm__pango_api();
    PangoLayoutIter *it = pg->layout_get_iter(layout);
    do {
        PangoLayoutLine *line = pg->layout_iter_get_line_readonly(it);
        PangoRectangle lr;
        pg->layout_iter_get_line_extents(it, NULL, &lr);
        cm__line_t l = {line->start_index, line->length, lr.x, lr.width,
                        pg->layout_iter_get_baseline(it)};
        g_array_append_val(lines, l);
    } while (pg->layout_iter_next_line(it));
    pg->layout_iter_free(it);
}

static void
shape_runs(cm_text_t *t, PangoLayout *layout, GArray *runs, GArray *glyphs, GArray *clusters,
           GArray *box)
{
    const cm__pango_api_t *pg = cm__pango_api();
    const char *str = pg->layout_get_text(layout);
    PangoLayoutIter *it = pg->layout_get_iter(layout);
    do {
        PangoLayoutRun *run = pg->layout_iter_get_run_readonly(it);
        if (!run)
            continue;
        PangoRectangle rr;
        pg->layout_iter_get_run_extents(it, NULL, &rr);
        PangoFont *font = run->item->analysis.font;
        cm__run_t r = {
            .font = font_id(t, font),
            .x = rr.x,
        /* a run's own baseline: Pango shifts runs of a fallback font whose
         * baseline differs (Latin after CJK), and draws them there */
#if PANGO_VERSION_CHECK(1, 50, 0)
            .base = pg->layout_iter_get_run_baseline(it),
#else
            .base = pg->layout_iter_get_baseline(it),
#endif
            .offset = run->item->offset,
            .length = run->item->length,
            .backward = (run->item->analysis.level & 1) != 0,
            .glyph0 = (gint32)glyphs->len,
            .n_glyphs = run->glyphs->num_glyphs,
            .cluster0 = (gint32)clusters->len,
        };
        for (int i = 0; i < run->glyphs->num_glyphs; i++) {
            const PangoGlyphInfo *gi = &run->glyphs->glyphs[i];
            cm__glyph_t g = {gi->glyph,
                             gi->geometry.width,
                             gi->geometry.x_offset,
                             gi->geometry.y_offset,
                             (gint32)box->len,
                             0};
            if ((gi->glyph & PANGO_GLYPH_UNKNOWN_FLAG) && gi->glyph != PANGO_GLYPH_INVALID_INPUT &&
                font)
                append_box(box, font, gi);
            g.n_box = (gint32)box->len - g.box0;
            g_array_append_val(glyphs, g);
        }
        append_clusters(clusters, run, str);
        r.n_clusters = (gint32)clusters->len - r.cluster0;
        g_array_append_val(runs, r);
    } while (pg->layout_iter_next_run(it));
    pg->layout_iter_free(it);
}

G_STATIC_ASSERT(sizeof(cm__cluster_t) == sizeof(cairo_text_cluster_t));

#define TAKE_ARRAY(a, type, n) ((n) = (gint32)(a)->len, (type *)(void *)g_array_free((a), FALSE))

static cm__shaped_t *
shape_with_pango(cm_text_t *t, const cm_font_t *font, const char *text, double wrap,
                 cm_align_t align, char *key, gint32 text_off)
{
    const cm__pango_api_t *pg = cm__pango_api();
    PangoLayout *layout = cm__text_pango(t);
    cm__text_setup_layout(layout, font, text, wrap, align);
    cm__shaped_t *s = g_new0(cm__shaped_t, 1);
    s->key = key;
    s->text_off = text_off;
    s->text_len = (gint32)strlen(key + text_off);
    PangoRectangle logical;
    pg->layout_get_extents(layout, NULL, &logical);
    s->lx = logical.x;
    s->ly = logical.y;
    s->lw = logical.width;
    s->lh = logical.height;
    s->baseline = pg->layout_get_baseline(layout);
    s->unknown = pg->layout_get_unknown_glyphs_count(layout);

    GArray *lines = g_array_new(FALSE, FALSE, sizeof(cm__line_t));
    GArray *runs = g_array_new(FALSE, FALSE, sizeof(cm__run_t));
    GArray *glyphs = g_array_new(FALSE, FALSE, sizeof(cm__glyph_t));
    GArray *clusters = g_array_new(FALSE, FALSE, sizeof(cm__cluster_t));
    GArray *box = g_array_new(FALSE, FALSE, sizeof(cairo_path_data_t));
    shape_lines(layout, lines);
    shape_runs(t, layout, runs, glyphs, clusters, box);
    s->lines = TAKE_ARRAY(lines, cm__line_t, s->n_lines);
    s->runs = TAKE_ARRAY(runs, cm__run_t, s->n_runs);
    s->glyphs = TAKE_ARRAY(glyphs, cm__glyph_t, s->n_glyphs);
    s->clusters = TAKE_ARRAY(clusters, cm__cluster_t, s->n_clusters);
    s->box = TAKE_ARRAY(box, cairo_path_data_t, s->n_box);
    cm__text_store_note_env(t);
    return s;
}

/* The cache key: every input of a shaping at the layout size (the wrap width
 * in layout px, not the size), separated by a unit separator (0x1f) that
 * cannot occur in a family name or a number; the text comes last, at
 * *TEXT_OFF. */
static char *
cache_key(const cm_font_t *font, const char *text, double layout_wrap, cm_align_t align,
          gint32 *text_off)
{
    char w[G_ASCII_DTOSTR_BUF_SIZE];
    g_ascii_dtostr(w, sizeof w, layout_wrap > 0 ? layout_wrap : 0);
    char *head = g_strdup_printf("%s\x1f%d\x1f%d\x1f%s\x1f%d\x1f", font->family ? font->family : "",
                                 font->weight, font->italic ? 1 : 0, w, (int)align);
    *text_off = (gint32)strlen(head);
    char *key = g_strconcat(head, text ? text : "", NULL);
    g_free(head);
    return key;
}

const cm__shaped_t *
cm__text_shape(cm_text_t *text, const cm_font_t *font, const char *str, double wrap,
               cm_align_t align)
{
    cm__text_store_load(text);
    double k = cm__text_scale(font); /* 0: a zero box, but unknown glyphs still counted */
    gint32 text_off;
    char *key = cache_key(font, str, wrap > 0 && k > 0 ? wrap / k : 0, align, &text_off);
    cm__shaped_t *s = g_hash_table_lookup(text->shaped, key);
    if (s) {
        g_free(key);
        text->hits++;
    } else {
        s = shape_with_pango(text, font, str, wrap, align, key, text_off);
        cm__text_insert(text, s);
        text->misses++;
    }
    s->used = true;
    return s;
}

/* ---- measuring ---- */

static void
text_measure(void *ctx, const cm_font_t *font, const char *text, double wrap, cm_align_t align,
             cm_text_extents_t *out)
{
    const cm__shaped_t *s = cm__text_shape(ctx, font, text, wrap, align);
    double k = cm__text_scale(font);
    memset(out, 0, sizeof *out); /* padding too: callers may compare bytes */
    out->width = cm__pango_units_to_double(s->lw) * k;
    out->height = cm__pango_units_to_double(s->lh) * k;
    out->baseline = ((double)s->baseline - s->ly) / PANGO_SCALE * k;
    out->unknown_glyphs = s->unknown;
}

cm_measurer_t
cm_text_measurer(cm_text_t *text)
{
    g_return_val_if_fail(text != NULL, cm_measurer_fixed());
    return (cm_measurer_t){text, text_measure};
}
