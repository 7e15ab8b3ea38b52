/* cm_check_marks.c — text over marks, leader lines that cross, markers that hide markers.
 *
 * Marks are the ops that carry data: bars ("bar:"), dots and diamonds ("mark:"), map
 * markers ("marker:"), legend swatches, the step line, the time axis, and coloured map
 * features. A map feature is coloured when its fill is one of the legend's colours or the
 * figure labels or marks it; grey land is ground, like eras, grids and the ocean, and text
 * may sit on ground (its contrast is checked separately). Text over a map feature counts
 * when a twentieth of its ink box lies in it; over any other mark, when they touch at all,
 * unless that mark is drawn exactly over one of the text's own in the same colour (the
 * bars of a collapsed lanes row are one bar to the reader).
 */
#include "cm_check_private.h"

#include <math.h>
#include <string.h>

#define FEATURE_SHARE 0.05 /* of a text's ink over a foreign coloured map feature */
#define HIDDEN_SHARE 0.5   /* of a marker's box under a later marker of another colour */

static bool
same_rgb(cm_color_t a, cm_color_t b)
{
    return fabs(a.r - b.r) < 0.5 / 255 && fabs(a.g - b.g) < 0.5 / 255 &&
           fabs(a.b - b.b) < 0.5 / 255;
}

static bool
is_feature(const char *id)
{
    return id && g_str_has_prefix(id, "country:");
}

static bool
is_mark(const char *id)
{
    static const char *const prefixes[] = {"bar:", "mark:", "marker:", "legend:swatch:"};
    static const char *const exact[] = {"step-line", "axis"};
    if (!id)
        return false;
    for (size_t i = 0; i < G_N_ELEMENTS(prefixes); i++)
        if (g_str_has_prefix(id, prefixes[i]))
            return true;
    for (size_t i = 0; i < G_N_ELEMENTS(exact); i++)
        if (strcmp(id, exact[i]) == 0)
            return true;
    return false;
}

/* Per op: is it a coloured map feature? */
static bool *
coloured_features(const cm__geom_t *g)
{
    int n = cm_scene_n_ops(g->scene);
    bool *out = g_new0(bool, MAX(n, 1));
    GArray *legend = g_array_new(FALSE, FALSE, sizeof(cm_color_t));
    GHashTable *named = g_hash_table_new(g_str_hash, g_str_equal);
    for (int k = 0; k < n; k++) {
        const cm_op_t *op = cm__op(g, k);
        if (op->id && g_str_has_prefix(op->id, "legend:swatch:") && op->fill.a > 0)
            g_array_append_val(legend, op->fill);
        if (op->id && !is_feature(op->id) && g_str_has_prefix(g->subject[k], "country:"))
            g_hash_table_add(named, g->subject[k]);
    }
    for (int k = 0; k < n; k++) {
        const cm_op_t *op = cm__op(g, k);
        if (op->kind != CM_OP_PATH || !is_feature(op->id) || op->fill.a == 0)
            continue;
        out[k] = g_hash_table_contains(named, g->subject[k]);
        for (guint i = 0; i < legend->len && !out[k]; i++)
            out[k] = same_rgb(op->fill, g_array_index(legend, cm_color_t, i));
    }
    g_hash_table_unref(named);
    g_array_free(legend, TRUE);
    return out;
}

static bool
text_hits_mark(const cm__geom_t *g, int t, int k)
{
    const cm_op_t *op = cm__op(g, k);
    cm_rect_t r = g->ink[t];
    if (!cm__rects_overlap(op->bbox, r, 0))
        return false;
    return (op->fill.a > 0 && cm__fill_hits_rect(g, k, r)) ||
           (op->stroke.a > 0 && op->line_width > 0 && cm__stroke_hits_rect(g, k, r));
}

static bool
same_box(cm_rect_t a, cm_rect_t b)
{
    return fabs(a.x - b.x) < 1 && fabs(a.y - b.y) < 1 && fabs(a.w - b.w) < 1 && fabs(a.h - b.h) < 1;
}

/* True when mark K is drawn exactly where a mark of the text T's own subject is, in the
 * same colour: the reader sees one mark (the bars of a collapsed lanes row). */
static bool
twin_of_own(const cm__geom_t *g, int t, int k)
{
    const cm_op_t *m = cm__op(g, k);
    for (int o = 0; o < cm_scene_n_ops(g->scene); o++) {
        const cm_op_t *own = cm__op(g, o);
        if (o != k && own->kind == CM_OP_PATH && strcmp(g->subject[o], g->subject[t]) == 0 &&
            same_rgb(own->fill, m->fill) && same_box(own->bbox, m->bbox))
            return true;
    }
    return false;
}

void
cm__check_marks(const cm__geom_t *g, cm_problems_t *out)
{
    int n = cm_scene_n_ops(g->scene);
    bool *coloured = coloured_features(g);
    for (int t = 0; t < n; t++) {
        const cm_op_t *text = cm__op(g, t);
        if (text->kind != CM_OP_TEXT || text->bbox.w <= 0 || text->bbox.h <= 0)
            continue;
        for (int k = 0; k < n; k++) {
            const cm_op_t *op = cm__op(g, k);
            if (op->kind != CM_OP_PATH || strcmp(g->subject[t], g->subject[k]) == 0)
                continue;
            if (coloured[k]) {
                double share = cm__fill_coverage(g, k, g->ink[t]);
                if (share >= FEATURE_SHARE)
                    cm__problem_add(out, CM_PROBLEM_TEXT_OVER_MARK, g->scene, t, k, share);
            } else if (is_mark(op->id) && text_hits_mark(g, t, k) && !twin_of_own(g, t, k)) {
                cm__problem_add(out, CM_PROBLEM_TEXT_OVER_MARK, g->scene, t, k, 0);
            }
        }
    }
    g_free(coloured);
}

void
cm__check_leaders(const cm__geom_t *g, cm_problems_t *out)
{
    int n = cm_scene_n_ops(g->scene);
    for (int l = 0; l < n; l++) {
        const cm_op_t *op = cm__op(g, l);
        if (op->kind != CM_OP_PATH || !cm__is_leader(op->id))
            continue;
        for (int t = 0; t < n; t++) {
            const cm_op_t *text = cm__op(g, t);
            if (text->kind != CM_OP_TEXT || strcmp(g->subject[t], g->subject[l]) == 0)
                continue;
            if (cm__stroke_hits_rect(g, l, g->ink[t]))
                cm__problem_add(out, CM_PROBLEM_LEADER_CROSSES_LABEL, g->scene, l, t, 0);
        }
        for (int m = l + 1; m < n; m++) {
            const cm_op_t *other = cm__op(g, m);
            if (other->kind == CM_OP_PATH && cm__is_leader(other->id) && cm__strokes_cross(g, l, m))
                cm__problem_add(out, CM_PROBLEM_LEADER_CROSSES_LEADER, g->scene, l, m, 0);
        }
    }
}

static double
overlap_area(cm_rect_t a, cm_rect_t b)
{
    double w = fmin(a.x + a.w, b.x + b.w) - fmax(a.x, b.x);
    double h = fmin(a.y + a.h, b.y + b.h) - fmax(a.y, b.y);
    return w > 0 && h > 0 ? w * h : 0;
}

void
cm__check_markers(const cm__geom_t *g, cm_problems_t *out)
{
    int n = cm_scene_n_ops(g->scene);
    for (int a = 0; a < n; a++) {
        const cm_op_t *lo = cm__op(g, a);
        if (lo->kind != CM_OP_PATH || !cm__is_marker(lo->id) || lo->bbox.w * lo->bbox.h <= 0)
            continue;
        for (int b = a + 1; b < n; b++) {
            const cm_op_t *hi = cm__op(g, b);
            if (hi->kind != CM_OP_PATH || !cm__is_marker(hi->id) || same_rgb(lo->fill, hi->fill))
                continue;
            double share = overlap_area(lo->bbox, hi->bbox) / (lo->bbox.w * lo->bbox.h);
            if (share >= HIDDEN_SHARE)
                cm__problem_add(out, CM_PROBLEM_MARKER_HIDDEN, g->scene, a, b, share);
        }
    }
}
