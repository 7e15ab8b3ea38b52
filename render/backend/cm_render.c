/* cm_render.c — replaying a scene onto a Cairo surface: PDF, PNG; SVG, dump.
 *
 * SVG is written by cm_svg.c (our own writer, placing text exactly as
 * draw_text below does); this file adds its selectable text layer.
 * One walk over the display list serves every Cairo surface: the background, then
 * each op in paint order — paths filled (even-odd, so a ring inside a ring is
 * a hole whatever its orientation) then stroked, text runs drawn from the
 * shaped layout the measurer made (cm__text_shape; drawn by cm__text_show as
 * pango_cairo_show_layout would draw it, with the same fonts and options),
 * laid out at CM__TEXT_LAYOUT_PX and drawn through a Cairo scale of
 * cm__text_scale, placed so that their logical box's top-left corner lands
 * on the op's box. Shaping never looks at the Cairo target: with metric
 * hinting off the target's matrix changes no metric, and a scaled matrix
 * (PNG at --scale 2, PDF in points) would make fontconfig sort its fallback
 * list again for each size.
 *
 * The PDF surface takes sizes in px (= pt); the PNG is drawn on an
 * ARGB32 image of ceil(size × scale) pixels and encoded by cm_png_encode.
 *
 * Errors are sticky, as in Cairo itself: each stage's status is checked and
 * the first failure is the one reported.
 *
 * Selectable SVG text (CM_SVG_TEXT_SELECTABLE): the SVG draws
 * text as glyph outlines (<use> of glyph paths), which a browser cannot
 * find, select or read aloud. After the drawing we add, on top of it, one
 * invisible <text> element (fill-opacity 0) per laid-out line of every text
 * run, at the line's baseline and with its measured width as textLength, so
 * selection highlights cover the drawn glyphs and find, copy and screen
 * readers see the strings. The lines come from the same shaped layout as
 * the drawing, so wrapped text splits the same way; a line ended by a hard
 * newline gets a blank at its end, as a wrapped line keeps its own.
 *
 * PDF size: scene px become opts->pt_per_px points (1 by default; 0.75 when
 * the page was given in physical units, so 96 px print as one inch).
 *
 * Reproducibility: the PDF creation and modification dates are pinned (the
 * options' epoch: the figure layer's SOURCE_DATE_EPOCH, else 1970-01-01). PDF font subset
 * tags are per document and deterministic; so is all of the SVG (cm_svg.c).
 */
#include "cm_backend_private.h"
#include "../util/cm_error.h"
#include "../util/cm_xml.h"

#include <cairo-pdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Cairo's image surfaces are limited to 32767 pixels a side. */
enum { MAX_PIXELS_PER_SIDE = 32767 };

typedef struct {
    cairo_status_t status; /* first failure, or CAIRO_STATUS_SUCCESS */
    const char *stage;     /* what was being done when it failed */
} render_status;

static void
check(render_status *st, cairo_status_t status, const char *stage)
{
    if (st->status == CAIRO_STATUS_SUCCESS && status != CAIRO_STATUS_SUCCESS) {
        st->status = status;
        st->stage = stage;
    }
}

static cairo_status_t
append_to_array(void *closure, const unsigned char *data, unsigned int len)
{
    g_byte_array_append(closure, data, len);
    return CAIRO_STATUS_SUCCESS;
}

static void
set_color(cairo_t *cr, cm_color_t c)
{
    cairo_set_source_rgba(cr, c.r, c.g, c.b, c.a);
}

static void
draw_path(cairo_t *cr, const cm_scene_t *scene, const cm_op_t *op)
{
    g_assert(op->verb0 >= 0 && (guint)(op->verb0 + op->n_verbs) <= scene->verbs->len);
    const guint8 *verbs = (const guint8 *)scene->verbs->data + op->verb0;
    const cm_point_t *pts = (const cm_point_t *)(void *)scene->points->data;
    guint p = (guint)op->point0;
    cairo_new_path(cr);
    for (int i = 0; i < op->n_verbs; i++) {
        switch ((cm_verb_t)verbs[i]) {
        case CM_VERB_MOVE:
            g_assert(p + 1 <= scene->points->len);
            cairo_move_to(cr, pts[p].x, pts[p].y);
            p += 1;
            break;
        case CM_VERB_LINE:
            g_assert(p + 1 <= scene->points->len);
            cairo_line_to(cr, pts[p].x, pts[p].y);
            p += 1;
            break;
        case CM_VERB_CURVE:
            g_assert(p + 3 <= scene->points->len);
            cairo_curve_to(cr, pts[p].x, pts[p].y, pts[p + 1].x, pts[p + 1].y, pts[p + 2].x,
                           pts[p + 2].y);
            p += 3;
            break;
        case CM_VERB_CLOSE:
            cairo_close_path(cr);
            break;
        }
    }
    if (op->fill.a > 0) {
        set_color(cr, op->fill);
        cairo_fill_preserve(cr);
    }
    if (op->stroke.a > 0 && op->line_width > 0) {
        set_color(cr, op->stroke);
        cairo_set_line_width(cr, op->line_width);
        cairo_set_line_join(cr, op->join == CM_JOIN_BEVEL ? CAIRO_LINE_JOIN_BEVEL
                                                          : CAIRO_LINE_JOIN_MITER);
        if (op->dash > 0)
            cairo_set_dash(cr, &op->dash, 1, 0);
        else
            cairo_set_dash(cr, NULL, 0, 0);
        cairo_stroke_preserve(cr);
    }
    cairo_new_path(cr);
}

static void
draw_text(cairo_t *cr, cm_text_t *text, const cm_op_t *op)
{
    double k = cm__text_scale(&op->font);
    if (!op->text || !*op->text || op->color.a <= 0 || k <= 0)
        return;
    const cm__shaped_t *s = cm__text_shape(text, &op->font, op->text, op->wrap, op->align);
    set_color(cr, op->color);
    cairo_save(cr);
    cairo_translate(cr, op->bbox.x, op->bbox.y);
    cairo_scale(cr, k, k);
    cairo_move_to(cr, -cm__pango_units_to_double(s->lx), -cm__pango_units_to_double(s->ly));
    cm__text_show(cr, text, s);
    cairo_restore(cr);
    cairo_new_path(cr);
}

/* Replays SCENE onto CR, whose CTM maps scene px to the surface. */
static void
replay(cairo_t *cr, const cm_scene_t *scene, cm_text_t *text)
{
    cairo_set_font_options(cr, text->font_options);
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
    if (scene->background.a > 0) {
        set_color(cr, scene->background);
        cairo_paint(cr);
    }
    for (int i = 0; i < cm_scene_n_ops(scene); i++) {
        const cm_op_t *op = cm_scene_op(scene, i);
        if (op->kind == CM_OP_PATH)
            draw_path(cr, scene, op);
        else
            draw_text(cr, text, op);
        if (cairo_status(cr) != CAIRO_STATUS_SUCCESS)
            break;
    }
}

/* Draws SCENE on SURFACE (consumed) and finishes it, recording the first
 * failure in ST. */
static void
draw_and_finish(cairo_surface_t *surface, const cm_scene_t *scene, cm_text_t *text, double scale,
                render_status *st)
{
    check(st, cairo_surface_status(surface), "creating the surface");
    if (st->status == CAIRO_STATUS_SUCCESS) {
        cairo_t *cr = cairo_create(surface);
        if (scale != 1)
            cairo_scale(cr, scale, scale);
        replay(cr, scene, text);
        check(st, cairo_status(cr), "drawing");
        cairo_destroy(cr);
    }
    cairo_surface_flush(surface);
    check(st, cairo_surface_status(surface), "drawing");
}

static gint64
resolve_epoch(gint64 epoch)
{
    /* Up to 9999-12-31 so the date has four year digits. */
    return epoch >= 0 && epoch <= G_GINT64_CONSTANT(253402300799) ? epoch : 0;
}

static void
render_pdf(const cm_scene_t *scene, cm_text_t *text, const cm_render_opts_t *opts, GByteArray *out,
           render_status *st)
{
    double k = opts->pt_per_px > 0 ? opts->pt_per_px : 1;
    cairo_surface_t *surface = cairo_pdf_surface_create_for_stream(
        append_to_array, out, scene->width * k, scene->height * k);
    if (cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS) {
        GDateTime *dt = g_date_time_new_from_unix_utc(resolve_epoch(opts->epoch));
        char *date = g_date_time_format(dt, "%Y-%m-%dT%H:%M:%SZ");
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, date);
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, date);
        if (scene->title)
            cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, scene->title);
        if (scene->desc)
            cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_SUBJECT, scene->desc);
        g_free(date);
        g_date_time_unref(dt);
    }
    draw_and_finish(surface, scene, text, k, st);
    cairo_surface_finish(surface);
    check(st, cairo_surface_status(surface), "writing the pdf");
    cairo_surface_destroy(surface);
}

static void
append_number(GString *s, const char *attr, double v)
{
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    g_string_append_printf(s, " %s=\"%s\"", attr, g_ascii_formatd(buf, sizeof buf, "%.2f", v));
}

/* font-family="Noto Sans, Noto Sans CJK JP, sans-serif": a fontconfig list is
 * a CSS list of unquoted names. */
static void
append_family(GString *s, const char *family)
{
    char *css = g_strdup_printf("%s, sans-serif", family && *family ? family : "sans-serif");
    char *esc = cm_xml_escape(css, -1, NULL);
    g_string_append_printf(s, " font-family=\"%s\"", esc);
    g_free(esc);
    g_free(css);
}

/* One <text> for OP, one <tspan> per laid-out line, placed exactly as
 * draw_text places them. A wrapped line keeps its trailing blank so the
 * element's text is the run's text. */
static void
append_text_op(GString *s, cm_text_t *text, const cm_op_t *op)
{
    double k = cm__text_scale(&op->font);
    const cm__shaped_t *sh = cm__text_shape(text, &op->font, op->text, op->wrap, op->align);
    /* Layout px times K are scene px, from the same origin as draw_text. */
    double ox = op->bbox.x - k * cm__pango_units_to_double(sh->lx);
    double oy = op->bbox.y - k * cm__pango_units_to_double(sh->ly);
    const char *str = cm__shaped_text(sh);
    g_string_append(s, "<text");
    append_number(s, "font-size", op->font.size);
    append_family(s, op->font.family);
    if (op->font.weight != 400)
        g_string_append_printf(s, " font-weight=\"%d\"", op->font.weight);
    if (op->font.italic)
        g_string_append(s, " font-style=\"italic\"");
    g_string_append_c(s, '>');
    for (int i = 0; i < sh->n_lines; i++) {
        const cm__line_t *line = &sh->lines[i];
        int len = line->length;
        bool hard_break = false;
        while (len > 0 &&
               (str[line->start + len - 1] == '\n' || str[line->start + len - 1] == '\r')) {
            len--;
            hard_break = true;
        }
        if (len <= 0)
            continue;
        /* a line ended by a newline keeps a blank in its place, so the lines of one
         * text copy and find as words ("the globe ROK", not "the globeROK") */
        char *esc = cm_xml_escape(str + line->start, len, NULL);
        /* Pango leaves the paragraph separator out of the line, or in it */
        char next = str[line->start + line->length];
        hard_break = hard_break || next == '\n' || next == '\r';
        if (hard_break && i + 1 < sh->n_lines) {
            char *spaced = g_strconcat(esc, " ", NULL);
            g_free(esc);
            esc = spaced;
        }
        g_string_append(s, "<tspan");
        append_number(s, "x", ox + k * cm__pango_units_to_double(line->x));
        append_number(s, "y", oy + k * cm__pango_units_to_double(line->baseline));
        append_number(s, "textLength", k * cm__pango_units_to_double(line->width));
        g_string_append_printf(s, " lengthAdjust=\"spacingAndGlyphs\">%s</tspan>", esc);
        g_free(esc);
    }
    g_string_append(s, "</text>\n");
}

/* The invisible text layer: every drawn text run, on top of the drawing. */
static void
svg_text_layer(const cm_scene_t *scene, cm_text_t *text, GString *s)
{
    g_string_append(s, "<g id=\"text\" fill=\"#000000\" fill-opacity=\"0\" "
                       "xml:space=\"preserve\">\n");
    for (int i = 0; i < cm_scene_n_ops(scene); i++) {
        const cm_op_t *op = cm_scene_op(scene, i);
        if (op->kind == CM_OP_TEXT && op->text && *op->text && op->color.a > 0 &&
            cm__text_scale(&op->font) > 0)
            append_text_op(s, text, op);
    }
    g_string_append(s, "</g>\n");
}

static void
render_svg(const cm_scene_t *scene, cm_text_t *text, const cm_render_opts_t *opts, GByteArray *out)
{
    GString *layer = NULL;
    if (opts->svg_text == CM_SVG_TEXT_SELECTABLE) {
        layer = g_string_new(NULL);
        svg_text_layer(scene, text, layer);
    }
    cm__svg_write(scene, text, layer, out);
    if (layer)
        g_string_free(layer, TRUE);
}

static bool
render_png(const cm_scene_t *scene, cm_text_t *text, const cm_render_opts_t *opts, GByteArray *out,
           render_status *st, GError **error)
{
    double scale = opts->scale > 0 ? opts->scale : 1;
    double pw = ceil(scene->width * scale), ph = ceil(scene->height * scale);
    if (!(pw >= 1 && ph >= 1 && pw <= MAX_PIXELS_PER_SIDE && ph <= MAX_PIXELS_PER_SIDE)) {
        g_set_error(error, CM_ERROR, CM_ERROR_IO,
                    "cannot render png: %.0fx%.0f pixels is outside 1..%d a side; "
                    "lower the size or the scale",
                    pw, ph, MAX_PIXELS_PER_SIDE);
        return false;
    }
    cairo_surface_t *surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, (int)pw, (int)ph);
    draw_and_finish(surface, scene, text, scale, st);
    bool ok = true;
    if (st->status == CAIRO_STATUS_SUCCESS) {
        double dpi = opts->dpi > 0 ? opts->dpi : 96 * scale;
        int threads = opts->threads > 0 ? opts->threads : (int)g_get_num_processors();
        ok = cm__png_encode_threads(cairo_image_surface_get_data(surface), (int)pw, (int)ph,
                                    cairo_image_surface_get_stride(surface), dpi, opts->png_level,
                                    threads, out, error);
    }
    cairo_surface_destroy(surface);
    return ok;
}

bool
cm_render(const cm_scene_t *scene, cm_text_t *text, const cm_render_opts_t *opts, GByteArray *out,
          GError **error)
{
    g_return_val_if_fail(scene != NULL && text != NULL && opts != NULL && out != NULL, false);
    render_status st = {CAIRO_STATUS_SUCCESS, NULL};
    const guint start_len = out->len;
    bool ok = true;
    switch (opts->format) {
    case CM_FORMAT_DUMP: {
        GString *s = g_string_new(NULL);
        cm_scene_dump(scene, s);
        g_byte_array_append(out, (const guint8 *)s->str, (guint)s->len);
        g_string_free(s, TRUE);
        break;
    }
    case CM_FORMAT_SVG:
        render_svg(scene, text, opts, out);
        break;
    case CM_FORMAT_PDF:
        render_pdf(scene, text, opts, out, &st);
        break;
    case CM_FORMAT_PNG:
        ok = render_png(scene, text, opts, out, &st, error);
        break;
    }
    if (ok && st.status != CAIRO_STATUS_SUCCESS) {
        g_set_error(error, CM_ERROR, CM_ERROR_IO, "cannot render: cairo failed while %s: %s",
                    st.stage, cairo_status_to_string(st.status));
        ok = false;
    }
    if (!ok)
        g_byte_array_set_size(out, start_len);
    return ok;
}
