/* cm_check_contrast.c — text against what is painted under it.
 *
 * Each text's ink box is sampled on a grid (about two points per em across, one per line
 * down). At every point the colour under the text is rebuilt from the scene: the page
 * background, then every fill painted before the text whose shape holds the point,
 * composited "over" in paint order (Porter & Duff 1984); strokes are lines too thin to
 * set type on and are left out. The text colour, composited over that, is compared with it
 * by the WCAG 2 contrast ratio (relative luminance of sRGB, W3C WCAG 2.1 §1.4.3 and its
 * definitions). A text is a problem when at least 10% of its points fall under the
 * minimum ratio: a word sitting on a bar, not a corner grazing one. The value reported is
 * the worst ratio found, with the op painted at that point (none: the page).
 */
#include "cm_check_private.h"

#include <math.h>

#define LOW_SHARE 0.1

static double
linear(double c)
{
    return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

static double
luminance(cm_color_t c)
{
    return 0.2126 * linear(c.r) + 0.7152 * linear(c.g) + 0.0722 * linear(c.b);
}

double
cm_contrast_ratio(cm_color_t a, cm_color_t b)
{
    double la = luminance(a), lb = luminance(b);
    return (fmax(la, lb) + 0.05) / (fmin(la, lb) + 0.05);
}

/* SRC over an opaque DST. */
static cm_color_t
over(cm_color_t src, cm_color_t dst)
{
    double a = CLAMP(src.a, 0, 1);
    return (cm_color_t){src.r * a + dst.r * (1 - a), src.g * a + dst.g * (1 - a),
                        src.b * a + dst.b * (1 - a), 1};
}

static void
check_one(const cm__geom_t *g, int t, const cm_check_opts_t *o, GArray *under, cm_problems_t *out)
{
    const cm_op_t *text = cm__op(g, t);
    cm_rect_t r = g->ink[t];
    double em = fmax(text->font.size, 1);
    int cols = CLAMP((int)lround(r.w / (em * 0.5)), 4, 48);
    int rows = CLAMP((int)lround(r.h / em), 2, 12);
    cm_color_t page = over(g->scene->background, (cm_color_t){1, 1, 1, 1});

    g_array_set_size(under, 0);
    for (int k = 0; k < t; k++) {
        const cm_op_t *op = cm__op(g, k);
        if (op->kind == CM_OP_PATH && op->fill.a > 0 && cm__rects_overlap(op->bbox, r, 0))
            g_array_append_val(under, k);
    }
    int low = 0, worst_op = -1;
    double worst = 21;
    for (int j = 0; j < rows; j++) {
        for (int i = 0; i < cols; i++) {
            cm_point_t p = {r.x + r.w * (i + 0.5) / cols, r.y + r.h * (j + 0.5) / rows};
            cm_color_t c = page;
            int top = -1;
            for (guint u = 0; u < under->len; u++) {
                int k = g_array_index(under, int, u);
                const cm_op_t *op = cm__op(g, k);
                if (p.x < op->bbox.x || p.x > op->bbox.x + op->bbox.w || p.y < op->bbox.y ||
                    p.y > op->bbox.y + op->bbox.h || !cm__fill_contains(g, k, p))
                    continue;
                c = over(op->fill, c);
                top = k;
            }
            double ratio = cm_contrast_ratio(over(text->color, c), c);
            if (ratio < o->min_contrast) {
                low++;
                if (ratio < worst) {
                    worst = ratio;
                    worst_op = top;
                }
            }
        }
    }
    if (low >= LOW_SHARE * rows * cols)
        cm__problem_add(out, CM_PROBLEM_LOW_CONTRAST, g->scene, t, worst_op,
                        round(worst * 100) / 100);
}

void
cm__check_contrast(const cm__geom_t *g, const cm_check_opts_t *o, cm_problems_t *out)
{
    if (!(o->min_contrast > 1))
        return;
    GArray *under = g_array_new(FALSE, FALSE, sizeof(int));
    for (int t = 0; t < cm_scene_n_ops(g->scene); t++) {
        const cm_op_t *op = cm__op(g, t);
        if (op->kind == CM_OP_TEXT && op->bbox.w > 0 && op->bbox.h > 0)
            check_one(g, t, o, under, out);
    }
    g_array_free(under, TRUE);
}
