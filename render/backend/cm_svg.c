/* cm_svg.c — writing a scene as SVG ourselves, without Cairo's SVG surface.
 *
 * Paths become <path> elements with the scene's own verbs. Text is placed
 * exactly as cm_render.c draws it (the same shaped layout, cm__text_shape,
 * at CM__TEXT_LAYOUT_PX, logical box's top-left corner on the op's box), and
 * each glyph's outline (cairo_glyph_path with cm__text_font: the font file
 * Pango chose, opened by cairo-ft) is defined once per font, at the layout
 * size, as a <path id="gN"> in <defs>; a text run is a <g> scaled by cm__text_scale
 * holding one <use> per glyph at its layout position. A figure draws its
 * fonts at one size (cm_text.c), so a glyph used in titles, ticks and labels
 * is written once, where Cairo's SVG surface defined it once per size and
 * drew every run through its generic glyph machinery. The scale is printed
 * with 7 significant digits (fewer visibly shifts glyphs of long lines);
 * every other number is rounded to 1/100 px by integer arithmetic, which is
 * both faster than printf and independent of LC_NUMERIC.
 *
 * Glyphs no font has (PANGO_GLYPH_UNKNOWN_FLAG) are Pango's hex box (frame
 * and code point digits), recorded as a path with the shaped layout
 * (pango_cairo_glyph_string_path) and defined once like any glyph.
 *
 * Glyph outlines are filled with the non-zero rule (as font rasterizers
 * do; set on each run's group, since a <use> inherits from where it is
 * used), scene paths with even-odd (cm_render.c's rule). Colours are written as
 * CSS rgb() percentages in style attributes, as Cairo wrote them, so readers
 * and tools that looked for them still find them.
 *
 * Reproducibility: glyph ids are numbered by order of first use; nothing
 * depends on addresses, time or the process, so the same scene gives the
 * same bytes. The scene's title and description become <title> and <desc>
 * right after the root element's opening tag, where SVG readers and screen
 * readers look for them.
 */
#include "cm_backend_private.h"
#include "../util/cm_xml.h"

#include <math.h>
#include <string.h>

/* Appends V rounded to 1/100, without trailing zeros ("12", "-3.5", "0.25"). */
static void
num(GString *s, double v)
{
    /* beyond ±1e15 (no figure is that big) llround could not hold the hundredths, and
     * negating LLONG_MIN would overflow */
    if (!isfinite(v))
        v = 0;
    v = CLAMP(v, -1e15, 1e15);
    long long q = llround(v * 100);
    char buf[32];
    int n = 0;
    bool neg = q < 0;
    unsigned long long u = neg ? (unsigned long long)(-q) : (unsigned long long)q;
    unsigned fr = (unsigned)(u % 100);
    u /= 100;
    if (fr) {
        if (fr % 10)
            buf[n++] = (char)('0' + fr % 10);
        buf[n++] = (char)('0' + fr / 10);
        buf[n++] = '.';
    }
    do {
        buf[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (neg)
        buf[n++] = '-';
    char rev[32];
    for (int i = 0; i < n; i++)
        rev[i] = buf[n - 1 - i];
    g_string_append_len(s, rev, n);
}

/* A colour declaration ("fill:rgb(…);fill-opacity:…"), formatted once per
 * distinct colour in a row (paths of one layer share their colours). */
typedef struct {
    bool valid;
    cm_color_t color;
    char css[160];
} css_cache;

static void
percent(char *buf, size_t size, double v)
{
    g_ascii_formatd(buf, (int)size, "%f", CLAMP(v, 0, 1) * 100);
    char *end = buf + strlen(buf);
    if (strchr(buf, '.')) {
        while (end[-1] == '0')
            *--end = 0;
        if (end[-1] == '.')
            *--end = 0;
    }
}

static const char *
color_css(css_cache *c, const char *prop, cm_color_t color)
{
    if (c->valid && c->color.r == color.r && c->color.g == color.g && c->color.b == color.b &&
        c->color.a == color.a)
        return c->css;
    char r[G_ASCII_DTOSTR_BUF_SIZE], g[G_ASCII_DTOSTR_BUF_SIZE], b[G_ASCII_DTOSTR_BUF_SIZE];
    percent(r, sizeof r, color.r);
    percent(g, sizeof g, color.g);
    percent(b, sizeof b, color.b);
    int n = g_snprintf(c->css, sizeof c->css, "%s:rgb(%s%%,%s%%,%s%%)", prop, r, g, b);
    if (color.a < 1 && n > 0 && (size_t)n < sizeof c->css) {
        char a[G_ASCII_DTOSTR_BUF_SIZE];
        g_ascii_formatd(a, sizeof a, "%.6g", CLAMP(color.a, 0, 1));
        g_snprintf(c->css + n, sizeof c->css - (size_t)n, ";%s-opacity:%s", prop, a);
    }
    c->color = color;
    c->valid = true;
    return c->css;
}

/* The glyphs of one font (an index in the engine's font table) defined so far. */
typedef struct {
    cairo_scaled_font_t *sf; /* borrowed from the engine; NULL: cannot be opened */
    GHashTable *ids;         /* glyph -> id + 1 */
} font_glyphs;

typedef struct {
    GString *defs, *body;
    cm_text_t *text;
    GHashTable *fonts; /* font index + 1 -> font_glyphs * */
    cairo_surface_t *scratch_surface;
    cairo_t *scratch; /* identity matrix: glyph paths at the layout size */
    guint next_id;
    css_cache fill, stroke, text_css;
} svg_writer;

static void
font_glyphs_free(gpointer p)
{
    font_glyphs *fg = p;
    g_hash_table_destroy(fg->ids);
    g_free(fg);
}

static void
emit_cairo_path(GString *s, const cairo_path_t *p)
{
    for (int i = 0; i < p->num_data; i += p->data[i].header.length) {
        const cairo_path_data_t *d = &p->data[i];
        switch (d->header.type) {
        case CAIRO_PATH_MOVE_TO:
        case CAIRO_PATH_LINE_TO:
            g_string_append_c(s, d->header.type == CAIRO_PATH_MOVE_TO ? 'M' : 'L');
            num(s, d[1].point.x);
            g_string_append_c(s, ' ');
            num(s, d[1].point.y);
            break;
        case CAIRO_PATH_CURVE_TO:
            g_string_append_c(s, 'C');
            for (int k = 1; k <= 3; k++) {
                if (k > 1)
                    g_string_append_c(s, ' ');
                num(s, d[k].point.x);
                g_string_append_c(s, ' ');
                num(s, d[k].point.y);
            }
            break;
        case CAIRO_PATH_CLOSE_PATH:
            g_string_append_c(s, 'Z');
            break;
        }
    }
}

/* Whether P has a segment (not only moves). */
static bool
draws_something(const cairo_path_t *p)
{
    for (int i = 0; i < p->num_data; i += p->data[i].header.length)
        if (p->data[i].header.type != CAIRO_PATH_MOVE_TO)
            return true;
    return false;
}

/* What glyph_id returns for a glyph with an empty outline (a space). */
enum { NO_OUTLINE = G_MAXUINT - 1 };

/* The id of glyph G's outline in font FONT of shaped layout S, defining it on
 * first use; NO_OUTLINE when there is nothing to draw (no <use> is written
 * for it). */
static guint
glyph_id(svg_writer *w, int font, const cm__shaped_t *s, const cm__glyph_t *g)
{
    font_glyphs *fg = g_hash_table_lookup(w->fonts, GINT_TO_POINTER(font + 1));
    if (!fg) {
        fg = g_new0(font_glyphs, 1);
        fg->sf = cm__text_font(w->text, font);
        fg->ids = g_hash_table_new(g_direct_hash, g_direct_equal);
        g_hash_table_insert(w->fonts, GINT_TO_POINTER(font + 1), fg);
    }
    guint id = GPOINTER_TO_UINT(g_hash_table_lookup(fg->ids, GUINT_TO_POINTER(g->glyph)));
    if (id)
        return id - 1;
    id = w->next_id;

    cairo_new_path(w->scratch);
    if (g->glyph & PANGO_GLYPH_UNKNOWN_FLAG) {
        /* Pango's hex box, recorded at the glyph's origin when shaped */
        cairo_path_t box = {CAIRO_STATUS_SUCCESS, s->box + g->box0, g->n_box};
        if (g->n_box > 0)
            cairo_append_path(w->scratch, &box);
    } else if (fg->sf) {
        cairo_set_scaled_font(w->scratch, fg->sf);
        cairo_glyph_t cg = {g->glyph, 0, 0};
        cairo_glyph_path(w->scratch, &cg, 1);
    }
    cairo_path_t *p = cairo_copy_path(w->scratch);
    if (p->status == CAIRO_STATUS_SUCCESS && draws_something(p)) {
        w->next_id++;
        g_string_append_printf(w->defs, "<path id=\"g%u\" d=\"", id);
        emit_cairo_path(w->defs, p);
        g_string_append(w->defs, "\"/>\n");
    } else {
        id = NO_OUTLINE;
    }
    g_hash_table_insert(fg->ids, GUINT_TO_POINTER(g->glyph), GUINT_TO_POINTER(id + 1));
    cairo_path_destroy(p);
    cairo_new_path(w->scratch);
    return id;
}

static void
text_op(svg_writer *w, const cm_op_t *op)
{
    double k = cm__text_scale(&op->font);
    if (!op->text || !*op->text || op->color.a <= 0 || k <= 0)
        return;
    const cm__shaped_t *sh = cm__text_shape(w->text, &op->font, op->text, op->wrap, op->align);
    GString *s = w->body;
    char kb[G_ASCII_DTOSTR_BUF_SIZE];
    g_ascii_formatd(kb, sizeof kb, "%.7g", k);
    g_string_append_printf(s, "<g style=\"%s;fill-rule:nonzero\" transform=\"matrix(%s 0 0 %s ",
                           color_css(&w->text_css, "fill", op->color), kb, kb);
    num(s, op->bbox.x - k * cm__pango_units_to_double(sh->lx));
    g_string_append_c(s, ' ');
    num(s, op->bbox.y - k * cm__pango_units_to_double(sh->ly));
    g_string_append(s, ")\">\n");
    for (int r = 0; r < sh->n_runs; r++) {
        const cm__run_t *run = &sh->runs[r];
        gint64 x = run->x; /* a sum of advances: 64 bits, whatever the records say */
        for (int i = 0; i < run->n_glyphs; i++) {
            const cm__glyph_t *g = &sh->glyphs[run->glyph0 + i];
            if (g->glyph != PANGO_GLYPH_EMPTY && g->glyph != PANGO_GLYPH_INVALID_INPUT &&
                run->font >= 0 && cm__text_glyph_ok(w->text, run->font, g->glyph)) {
                guint id = glyph_id(w, run->font, sh, g);
                if (id != NO_OUTLINE) {
                    g_string_append_printf(s, "<use xlink:href=\"#g%u\" x=\"", id);
                    num(s, ((double)x + g->x_offset) / PANGO_SCALE);
                    g_string_append(s, "\" y=\"");
                    num(s, ((double)run->base + g->y_offset) / PANGO_SCALE);
                    g_string_append(s, "\"/>\n");
                }
            }
            x += g->width;
        }
    }
    g_string_append(s, "</g>\n");
}

static void
path_op(svg_writer *w, const cm_scene_t *scene, const cm_op_t *op)
{
    bool fill = op->fill.a > 0, stroke = op->stroke.a > 0 && op->line_width > 0;
    if ((!fill && !stroke) || op->n_verbs <= 0)
        return;
    g_assert(op->verb0 >= 0 && (guint)(op->verb0 + op->n_verbs) <= scene->verbs->len);
    const guint8 *verbs = (const guint8 *)scene->verbs->data + op->verb0;
    const cm_point_t *pts = (const cm_point_t *)(void *)scene->points->data;
    guint p = (guint)op->point0;
    GString *s = w->body;
    g_string_append(s, "<path d=\"");
    for (int i = 0; i < op->n_verbs; i++) {
        switch ((cm_verb_t)verbs[i]) {
        case CM_VERB_MOVE:
        case CM_VERB_LINE:
            g_assert(p + 1 <= scene->points->len);
            g_string_append_c(s, verbs[i] == CM_VERB_MOVE ? 'M' : 'L');
            num(s, pts[p].x);
            g_string_append_c(s, ' ');
            num(s, pts[p].y);
            p++;
            break;
        case CM_VERB_CURVE:
            g_assert(p + 3 <= scene->points->len);
            g_string_append_c(s, 'C');
            for (int j = 0; j < 3; j++) {
                if (j)
                    g_string_append_c(s, ' ');
                num(s, pts[p + j].x);
                g_string_append_c(s, ' ');
                num(s, pts[p + j].y);
            }
            p += 3;
            break;
        case CM_VERB_CLOSE:
            g_string_append_c(s, 'Z');
            break;
        }
    }
    g_string_append(s, "\" style=\"");
    g_string_append(s, fill ? color_css(&w->fill, "fill", op->fill) : "fill:none");
    if (stroke) {
        g_string_append_c(s, ';');
        g_string_append(s, color_css(&w->stroke, "stroke", op->stroke));
        g_string_append(s, ";stroke-width:");
        num(s, op->line_width);
        if (op->dash > 0) {
            g_string_append(s, ";stroke-dasharray:");
            num(s, op->dash);
        }
        if (op->join == CM_JOIN_BEVEL)
            g_string_append(s, ";stroke-linejoin:bevel");
    }
    g_string_append(s, "\"/>\n");
}

static void
append_escaped_element(GString *s, const char *name, const char *text)
{
    char *t = cm_xml_escape(text, -1, NULL); /* no &#x1;: XML 1.0 forbids it */
    g_string_append_printf(s, "\n<%s>%s</%s>", name, t, name);
    g_free(t);
}

void
cm__svg_write(const cm_scene_t *scene, cm_text_t *text, const GString *overlay, GByteArray *out)
{
    svg_writer w = {
        .defs = g_string_sized_new(1 << 16),
        .body = g_string_sized_new(1 << 17),
        .text = text,
        .fonts = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, font_glyphs_free),
    };
    w.scratch_surface = cairo_recording_surface_create(CAIRO_CONTENT_ALPHA, NULL);
    w.scratch = cairo_create(w.scratch_surface);
    cairo_set_font_options(w.scratch, text->font_options);
    if (scene->background.a > 0) {
        g_string_append(w.body, "<rect width=\"");
        num(w.body, scene->width);
        g_string_append(w.body, "\" height=\"");
        num(w.body, scene->height);
        g_string_append(w.body, "\" style=\"");
        g_string_append(w.body, color_css(&w.fill, "fill", scene->background));
        g_string_append(w.body, "\"/>\n");
    }
    for (int i = 0; i < cm_scene_n_ops(scene); i++) {
        const cm_op_t *op = cm_scene_op(scene, i);
        if (op->kind == CM_OP_PATH)
            path_op(&w, scene, op);
        else
            text_op(&w, op);
    }

    GString *s =
        g_string_sized_new(w.defs->len + w.body->len + (overlay ? overlay->len : 0) + 1024);
    g_string_append(s, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg "
                       "xmlns=\"http://www.w3.org/2000/svg\" "
                       "xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"");
    num(s, scene->width);
    g_string_append(s, "px\" height=\"");
    num(s, scene->height);
    g_string_append(s, "px\" viewBox=\"0 0 ");
    num(s, scene->width);
    g_string_append_c(s, ' ');
    num(s, scene->height);
    g_string_append(s, "\" version=\"1.1\">");
    if (scene->title)
        append_escaped_element(s, "title", scene->title);
    if (scene->desc)
        append_escaped_element(s, "desc", scene->desc);
    g_string_append(s, "\n<defs>\n");
    g_string_append_len(s, w.defs->str, (gssize)w.defs->len);
    g_string_append(s, "</defs>\n<g style=\"fill-rule:evenodd;stroke-miterlimit:10\">\n");
    g_string_append_len(s, w.body->str, (gssize)w.body->len);
    g_string_append(s, "</g>\n");
    if (overlay)
        g_string_append_len(s, overlay->str, (gssize)overlay->len);
    g_string_append(s, "</svg>\n");
    g_byte_array_append(out, (const guint8 *)s->str, (guint)s->len);

    g_string_free(s, TRUE);
    cairo_destroy(w.scratch);
    cairo_surface_destroy(w.scratch_surface);
    g_hash_table_destroy(w.fonts);
    g_string_free(w.defs, TRUE);
    g_string_free(w.body, TRUE);
}
