/* cm_scene.c — the display list: building ops, bounding boxes, dump, overlap count. */
#include "cm_scene.h"

#include <math.h>
#include <string.h>

cm_scene_t *
cm_scene_new(double width, double height, cm_color_t background)
{
    cm_scene_t *s = g_new0(cm_scene_t, 1);
    s->width = width;
    s->height = height;
    s->background = background;
    s->frame = (cm_rect_t){0, 0, width, height};
    s->ops = g_array_new(FALSE, TRUE, sizeof(cm_op_t));
    s->verbs = g_array_new(FALSE, FALSE, sizeof(guint8));
    s->points = g_array_new(FALSE, FALSE, sizeof(cm_point_t));
    s->strings = g_string_chunk_new(4096);
    return s;
}

void
cm_scene_free(cm_scene_t *scene)
{
    if (!scene)
        return;
    g_array_free(scene->ops, TRUE);
    g_array_free(scene->verbs, TRUE);
    g_array_free(scene->points, TRUE);
    g_string_chunk_free(scene->strings);
    g_free(scene);
}

const char *
cm_scene_intern(cm_scene_t *scene, const char *s)
{
    return s ? g_string_chunk_insert_const(scene->strings, s) : NULL;
}

void
cm_scene_set_title(cm_scene_t *scene, const char *title, const char *desc)
{
    scene->title = cm_scene_intern(scene, title);
    scene->desc = cm_scene_intern(scene, desc);
}

void
cm_scene_set_frame(cm_scene_t *scene, cm_rect_t frame)
{
    scene->frame = frame;
}

/* The path under construction is the last op, marked by n_verbs == -1, until
 * cm_scene_path_end fills in its style and bounding box. */
void
cm_scene_path_begin(cm_scene_t *scene)
{
    g_array_set_size(scene->ops, scene->ops->len + 1);
    cm_op_t *op = &g_array_index(scene->ops, cm_op_t, scene->ops->len - 1);
    memset(op, 0, sizeof *op);
    op->kind = CM_OP_PATH;
    op->verb0 = (int)scene->verbs->len;
    op->point0 = (int)scene->points->len;
    op->n_verbs = -1; /* marks "open" */
}

static cm_op_t *
open_path(cm_scene_t *scene)
{
    g_assert(scene->ops->len > 0);
    cm_op_t *op = &g_array_index(scene->ops, cm_op_t, scene->ops->len - 1);
    g_assert(op->kind == CM_OP_PATH && op->n_verbs == -1);
    return op;
}

static void
add_verb(cm_scene_t *scene, cm_verb_t v, const cm_point_t *pts, int n)
{
    (void)open_path(scene);
    guint8 b = (guint8)v;
    g_array_append_val(scene->verbs, b);
    if (n)
        g_array_append_vals(scene->points, pts, n);
}

void
cm_scene_move_to(cm_scene_t *scene, double x, double y)
{
    cm_point_t p = {x, y};
    add_verb(scene, CM_VERB_MOVE, &p, 1);
}

void
cm_scene_line_to(cm_scene_t *scene, double x, double y)
{
    cm_point_t p = {x, y};
    add_verb(scene, CM_VERB_LINE, &p, 1);
}

void
cm_scene_curve_to(cm_scene_t *scene, double x1, double y1, double x2, double y2, double x3,
                  double y3)
{
    cm_point_t p[3] = {{x1, y1}, {x2, y2}, {x3, y3}};
    add_verb(scene, CM_VERB_CURVE, p, 3);
}

void
cm_scene_close_path(cm_scene_t *scene)
{
    add_verb(scene, CM_VERB_CLOSE, NULL, 0);
}

int
cm_scene_path_end(cm_scene_t *scene, const char *id, cm_color_t fill, cm_color_t stroke,
                  double line_width, double dash)
{
    cm_op_t *op = open_path(scene);
    op->n_verbs = (int)scene->verbs->len - op->verb0;
    op->id = cm_scene_intern(scene, id);
    op->fill = fill;
    op->stroke = stroke;
    op->line_width = line_width;
    op->dash = dash;
    double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
    for (guint i = (guint)op->point0; i < scene->points->len; i++) {
        cm_point_t p = g_array_index(scene->points, cm_point_t, i);
        x0 = fmin(x0, p.x);
        y0 = fmin(y0, p.y);
        x1 = fmax(x1, p.x);
        y1 = fmax(y1, p.y);
    }
    if (x0 > x1) {
        op->bbox = (cm_rect_t){0, 0, 0, 0};
    } else {
        double hw = stroke.a > 0 ? line_width / 2 : 0;
        op->bbox = (cm_rect_t){x0 - hw, y0 - hw, x1 - x0 + 2 * hw, y1 - y0 + 2 * hw};
    }
    return (int)scene->ops->len - 1;
}

void
cm_scene_set_join(cm_scene_t *scene, int op, cm_line_join_t join)
{
    g_return_if_fail(op >= 0 && (guint)op < scene->ops->len);
    g_array_index(scene->ops, cm_op_t, op).join = join;
}

int
cm_scene_rect(cm_scene_t *scene, const char *id, cm_rect_t r, cm_color_t fill, cm_color_t stroke,
              double line_width)
{
    cm_scene_path_begin(scene);
    cm_scene_move_to(scene, r.x, r.y);
    cm_scene_line_to(scene, r.x + r.w, r.y);
    cm_scene_line_to(scene, r.x + r.w, r.y + r.h);
    cm_scene_line_to(scene, r.x, r.y + r.h);
    cm_scene_close_path(scene);
    return cm_scene_path_end(scene, id, fill, stroke, line_width, 0);
}

int
cm_scene_line(cm_scene_t *scene, const char *id, double x0, double y0, double x1, double y1,
              cm_color_t stroke, double line_width, double dash)
{
    cm_scene_path_begin(scene);
    cm_scene_move_to(scene, x0, y0);
    cm_scene_line_to(scene, x1, y1);
    return cm_scene_path_end(scene, id, (cm_color_t){0, 0, 0, 0}, stroke, line_width, dash);
}

int
cm_scene_text(cm_scene_t *scene, const char *id, const char *text, const cm_font_t *font,
              cm_color_t color, cm_rect_t box, double wrap, cm_align_t align)
{
    cm_op_t op = {0};
    op.kind = CM_OP_TEXT;
    op.id = cm_scene_intern(scene, id);
    op.bbox = box;
    op.text = cm_scene_intern(scene, text);
    op.font = *font;
    op.font.family = cm_scene_intern(scene, font->family);
    op.color = color;
    op.wrap = wrap;
    op.align = align;
    g_array_append_val(scene->ops, op);
    return (int)scene->ops->len - 1;
}

cm_rect_t
cm_rect_union(cm_rect_t a, cm_rect_t b)
{
    if (a.w <= 0 && a.h <= 0)
        return b;
    if (b.w <= 0 && b.h <= 0)
        return a;
    double x0 = fmin(a.x, b.x), y0 = fmin(a.y, b.y);
    double x1 = fmax(a.x + a.w, b.x + b.w), y1 = fmax(a.y + a.h, b.y + b.h);
    return (cm_rect_t){x0, y0, x1 - x0, y1 - y0};
}

bool
cm_rect_intersects(cm_rect_t a, cm_rect_t b, double eps)
{
    return a.x + eps < b.x + b.w && b.x + eps < a.x + a.w && a.y + eps < b.y + b.h &&
           b.y + eps < a.y + a.h;
}

cm_color_t
cm_color_rgba(double r, double g, double b, double a)
{
    return (cm_color_t){r, g, b, a};
}

static int
hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

bool
cm_color_parse(const char *s, cm_color_t *out)
{
    if (!s || s[0] != '#')
        return false;
    size_t n = strlen(s + 1);
    int v[8];
    for (size_t i = 0; i < n && i < 8; i++)
        if ((v[i] = hexval(s[1 + i])) < 0)
            return false;
    if (n == 3) {
        *out = (cm_color_t){v[0] / 15.0, v[1] / 15.0, v[2] / 15.0, 1};
        return true;
    }
    if (n == 6 || n == 8) {
        double c[4] = {0, 0, 0, 255};
        for (size_t i = 0; i < n / 2; i++)
            c[i] = v[2 * i] * 16 + v[2 * i + 1];
        *out = (cm_color_t){c[0] / 255, c[1] / 255, c[2] / 255, c[3] / 255};
        return true;
    }
    return false;
}

static gint
cmp_rect_x(gconstpointer a, gconstpointer b)
{
    const cm_rect_t *ra = a, *rb = b;
    return (ra->x > rb->x) - (ra->x < rb->x);
}

int
cm_scene_count_text_overlaps(const cm_scene_t *scene, double eps)
{
    /* Sort text boxes by x and sweep: O(n log n + k). */
    GArray *boxes = g_array_new(FALSE, FALSE, sizeof(cm_rect_t));
    for (guint i = 0; i < scene->ops->len; i++) {
        const cm_op_t *op = &g_array_index(scene->ops, cm_op_t, i);
        if (op->kind == CM_OP_TEXT && op->bbox.w > 0 && op->bbox.h > 0)
            g_array_append_val(boxes, op->bbox);
    }
    g_array_sort(boxes, cmp_rect_x);
    int count = 0;
    for (guint i = 0; i < boxes->len; i++) {
        cm_rect_t a = g_array_index(boxes, cm_rect_t, i);
        for (guint j = i + 1; j < boxes->len; j++) {
            cm_rect_t b = g_array_index(boxes, cm_rect_t, j);
            if (b.x + eps >= a.x + a.w)
                break;
            if (cm_rect_intersects(a, b, eps))
                count++;
        }
    }
    g_array_free(boxes, TRUE);
    return count;
}

static void
append_color(GString *out, const char *key, cm_color_t c)
{
    g_string_append_printf(out, " %s=#%02x%02x%02x%02x", key, (int)lround(c.r * 255),
                           (int)lround(c.g * 255), (int)lround(c.b * 255), (int)lround(c.a * 255));
}

/* Appends "%.2f" in the C locale whatever LC_NUMERIC says. */
static void
append_num(GString *out, double v)
{
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    g_ascii_formatd(buf, sizeof buf, "%.2f", fabs(v) < 0.005 ? 0.0 : v);
    g_string_append(out, buf);
}

void
cm_scene_dump(const cm_scene_t *scene, GString *out)
{
    g_string_append(out, "scene ");
    append_num(out, scene->width);
    g_string_append_c(out, 'x');
    append_num(out, scene->height);
    append_color(out, "bg", scene->background);
    g_string_append_c(out, '\n');
    for (guint i = 0; i < scene->ops->len; i++) {
        const cm_op_t *op = &g_array_index(scene->ops, cm_op_t, i);
        g_string_append(out, op->kind == CM_OP_TEXT ? "text " : "path ");
        g_string_append(out, op->id ? op->id : "-");
        g_string_append(out, " [");
        append_num(out, op->bbox.x);
        g_string_append_c(out, ' ');
        append_num(out, op->bbox.y);
        g_string_append_c(out, ' ');
        append_num(out, op->bbox.w);
        g_string_append_c(out, ' ');
        append_num(out, op->bbox.h);
        g_string_append_c(out, ']');
        if (op->kind == CM_OP_TEXT) {
            append_color(out, "color", op->color);
            g_string_append_printf(out, " font=\"%s\" ", op->font.family);
            append_num(out, op->font.size);
            g_string_append_printf(out, "/%d%s", op->font.weight, op->font.italic ? "i" : "");
            g_string_append(out, " \"");
            for (const char *p = op->text; *p; p++) {
                if (*p == '"' || *p == '\\')
                    g_string_append_c(out, '\\');
                if (*p == '\n')
                    g_string_append(out, "\\n");
                else
                    g_string_append_c(out, *p);
            }
            g_string_append_c(out, '"');
        } else {
            if (op->fill.a > 0)
                append_color(out, "fill", op->fill);
            if (op->stroke.a > 0) {
                append_color(out, "stroke", op->stroke);
                g_string_append(out, " w=");
                append_num(out, op->line_width);
                if (op->dash > 0) {
                    g_string_append(out, " dash=");
                    append_num(out, op->dash);
                }
                if (op->join == CM_JOIN_BEVEL)
                    g_string_append(out, " join=bevel");
            }
            g_string_append_printf(out, " verbs=%d", op->n_verbs);
        }
        g_string_append_c(out, '\n');
    }
}

/* ---- fixed measurer ---- */

static void
fixed_measure(void *ctx, const cm_font_t *font, const char *text, double wrap, cm_align_t align,
              cm_text_extents_t *out)
{
    (void)ctx;
    (void)align;
    double w = 0, maxw = 0;
    int lines = 1;
    for (const char *p = text; p && *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (c == '\n') {
            maxw = fmax(maxw, w);
            w = 0;
            lines++;
            continue;
        }
        double cw = (g_unichar_iswide(c) ? 1.0 : 0.55) * font->size;
        if (wrap > 0 && w + cw > wrap) {
            maxw = fmax(maxw, w);
            w = 0;
            lines++;
        }
        w += cw;
    }
    maxw = fmax(maxw, w);
    out->width = maxw;
    out->height = lines * 1.2 * font->size;
    out->baseline = 0.95 * font->size;
    out->unknown_glyphs = 0;
}

cm_measurer_t
cm_measurer_fixed(void)
{
    return (cm_measurer_t){NULL, fixed_measure};
}
