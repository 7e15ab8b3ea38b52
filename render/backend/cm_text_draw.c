/* cm_text_draw.c — drawing a shaped layout on a Cairo context.
 *
 * This replicates pango_cairo_show_layout (pangocairo-render.c) on a layout
 * already shaped (cm_text.c): the layout's origin is the current point read
 * back from Cairo (so it carries Cairo's fixed-point rounding, as Pango's
 * renderer does), each run at origin + run x / PANGO_SCALE on its own
 * baseline, each glyph at its accumulated advance plus offsets, with the
 * run's font installed by cairo_set_scaled_font as Pango installs its own.
 * On surfaces that take text (PDF) a run goes through cairo_show_text_glyphs
 * with the clusters Pango's renderer would pass, counted when shaped, so the
 * text can be extracted; glyphs no font has are filled hex-box paths. Drawn
 * this way, a figure is byte-identical to what Pango drew before the cache.
 */
#include "cm_backend_private.h"

static void
show_box(cairo_t *cr, const cm__shaped_t *s, const cm__glyph_t *g, double cx, double cy)
{
    if (g->n_box <= 0)
        return;
    cairo_path_t path = {CAIRO_STATUS_SUCCESS, s->box + g->box0, g->n_box};
    cairo_save(cr);
    cairo_translate(cr, cx, cy);
    cairo_new_path(cr);
    cairo_append_path(cr, &path);
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_WINDING);
    cairo_fill(cr);
    cairo_restore(cr);
}

static void
show_run(cairo_t *cr, cm_text_t *text, const cm__shaped_t *s, const cm__run_t *r, double ox,
         double oy, bool with_clusters, cairo_glyph_t *cg)
{
    double base_x = ox + (double)r->x / PANGO_SCALE;
    double base_y = oy + (double)r->base / PANGO_SCALE;
    cairo_scaled_font_t *sf = cm__text_font(text, r->font);
    /* a glyph the font does not have (a forged cache file) would put cairo in an error
     * state for the rest of the figure: such a run is not drawn */
    for (int i = 0; i < r->n_glyphs; i++)
        if (!cm__text_glyph_ok(text, r->font, s->glyphs[r->glyph0 + i].glyph))
            return;
    int count = 0;
    gint64 x_position = 0; /* a sum of advances: 64 bits, whatever the records say */
    for (int i = 0; i < r->n_glyphs; i++) {
        const cm__glyph_t *g = &s->glyphs[r->glyph0 + i];
        if (g->glyph != PANGO_GLYPH_EMPTY) {
            double cx = base_x + (double)(x_position + (gint64)g->x_offset) / PANGO_SCALE;
            double cy = g->y_offset == 0 ? base_y : base_y + (double)g->y_offset / PANGO_SCALE;
            if (g->glyph & PANGO_GLYPH_UNKNOWN_FLAG)
                show_box(cr, s, g, cx, cy);
            else
                cg[count++] = (cairo_glyph_t){g->glyph, cx, cy};
        }
        x_position += g->width;
    }
    if (!sf || (count == 0 && !with_clusters))
        return;
    cairo_save(cr);
    cairo_set_scaled_font(cr, sf);
    if (with_clusters)
        cairo_show_text_glyphs(
            cr, cm__shaped_text(s) + r->offset, r->length, cg, count,
            r->n_clusters > 0
                ? (const cairo_text_cluster_t *)(const void *)(s->clusters + r->cluster0)
                : NULL,
            r->n_clusters, r->backward ? CAIRO_TEXT_CLUSTER_FLAG_BACKWARD : 0);
    else
        cairo_show_glyphs(cr, cg, count);
    cairo_restore(cr);
}

void
cm__text_show(cairo_t *cr, cm_text_t *text, const cm__shaped_t *s)
{
    double ox, oy;
    cairo_get_current_point(cr, &ox, &oy);
    bool with_clusters = cairo_surface_has_show_text_glyphs(cairo_get_target(cr));
    int max = 0;
    for (int i = 0; i < s->n_runs; i++)
        max = MAX(max, s->runs[i].n_glyphs);
    cairo_glyph_t stack[64];
    cairo_glyph_t *cg = max <= 64 ? stack : g_new(cairo_glyph_t, max);
    for (int i = 0; i < s->n_runs; i++)
        show_run(cr, text, s, &s->runs[i], ox, oy, with_clusters, cg);
    if (cg != stack)
        g_free(cg);
}
