/* cm_check_geom.c — the scene's paths as polylines, and the hit tests the checks use.
 *
 * Curves are flattened into 16 chords each (markers are circles of a few px; 16 chords
 * put the chord within a hundredth of a pixel of the arc). Fills follow the non-zero
 * winding rule, as Cairo's default fill does, with every subpath closed. A segment meets
 * a rectangle when Liang–Barsky clipping leaves part of it (Liang & Barsky 1984); two
 * segments cross when their orientation tests straddle (Cormen et al., "Introduction to
 * Algorithms", 33.1), or when they are collinear and overlap by more than a hair.
 *
 * Text ink boxes: the logical box a measurer returns includes the line gap above the
 * ascenders and below the descenders. The checks use the box inset by a fifth of the type
 * size at top and bottom and a twentieth at the sides: what glyphs cover.
 */
#include "cm_check_private.h"

#include <math.h>
#include <string.h>

#define CURVE_STEPS 16
#define COVERAGE_COLS 12
#define COVERAGE_ROWS 4

static cm_rect_t
ink_box(const cm_op_t *op)
{
    if (op->kind != CM_OP_TEXT)
        return op->bbox;
    double iy = fmin(op->font.size * 0.2, op->bbox.h * 0.25);
    double ix = fmin(op->font.size * 0.05, op->bbox.w * 0.25);
    return (cm_rect_t){op->bbox.x + ix, op->bbox.y + iy, op->bbox.w - 2 * ix, op->bbox.h - 2 * iy};
}

static void
flatten(cm__geom_t *g, const cm_op_t *op)
{
    const cm_scene_t *s = g->scene;
    int pi = op->point0;
    cm__sub_t cur = {-1, 0, false};
    cm_point_t last = {0, 0};
    for (int v = 0; v < op->n_verbs; v++) {
        cm_verb_t verb = g_array_index(s->verbs, guint8, op->verb0 + v);
        if (verb == CM_VERB_MOVE || (cur.first < 0 && verb != CM_VERB_CLOSE)) {
            if (cur.first >= 0 && cur.n > 0)
                g_array_append_val(g->subs, cur);
            cur = (cm__sub_t){(int)g->points->len, 0, false};
            if (verb != CM_VERB_MOVE) { /* after a CLOSE: from where that subpath began */
                g_array_append_val(g->points, last);
                cur.n++;
            }
        }
        switch (verb) {
        case CM_VERB_MOVE:
        case CM_VERB_LINE:
            last = g_array_index(s->points, cm_point_t, pi++);
            g_array_append_val(g->points, last);
            cur.n++;
            break;
        case CM_VERB_CURVE: {
            cm_point_t p0 = last, p1 = g_array_index(s->points, cm_point_t, pi),
                       p2 = g_array_index(s->points, cm_point_t, pi + 1),
                       p3 = g_array_index(s->points, cm_point_t, pi + 2);
            pi += 3;
            for (int i = 1; i <= CURVE_STEPS; i++) {
                double t = (double)i / CURVE_STEPS, u = 1 - t;
                cm_point_t q = {u * u * u * p0.x + 3 * u * u * t * p1.x + 3 * u * t * t * p2.x +
                                    t * t * t * p3.x,
                                u * u * u * p0.y + 3 * u * u * t * p1.y + 3 * u * t * t * p2.y +
                                    t * t * t * p3.y};
                g_array_append_val(g->points, q);
                cur.n++;
            }
            last = p3;
            break;
        }
        case CM_VERB_CLOSE:
            if (cur.first >= 0) {
                cur.closed = true;
                if (cur.n > 0)
                    g_array_append_val(g->subs, cur);
                last = g_array_index(g->points, cm_point_t, cur.first);
                cur = (cm__sub_t){-1, 0, false};
            }
            break;
        }
    }
    if (cur.first >= 0 && cur.n > 0)
        g_array_append_val(g->subs, cur);
}

void
cm__geom_init(cm__geom_t *g, const cm_scene_t *scene)
{
    int n = cm_scene_n_ops(scene);
    g->scene = scene;
    g->points = g_array_new(FALSE, FALSE, sizeof(cm_point_t));
    g->subs = g_array_new(FALSE, FALSE, sizeof(cm__sub_t));
    g->op_sub0 = g_new(int, n + 1);
    g->ink = g_new(cm_rect_t, MAX(n, 1));
    g->subject = g_new0(char *, MAX(n, 1));
    for (int k = 0; k < n; k++) {
        const cm_op_t *op = cm_scene_op(scene, k);
        g->op_sub0[k] = (int)g->subs->len;
        if (op->kind == CM_OP_PATH)
            flatten(g, op);
        g->ink[k] = ink_box(op);
        char buf[256];
        cm_check_subject(op->id, buf, sizeof buf);
        g->subject[k] = g_strdup(buf);
    }
    g->op_sub0[n] = (int)g->subs->len;
}

void
cm__geom_release(cm__geom_t *g)
{
    int n = cm_scene_n_ops(g->scene);
    for (int k = 0; k < n; k++)
        g_free(g->subject[k]);
    g_free(g->subject);
    g_free(g->ink);
    g_free(g->op_sub0);
    g_array_free(g->subs, TRUE);
    g_array_free(g->points, TRUE);
}

bool
cm__rects_overlap(cm_rect_t a, cm_rect_t b, double eps)
{
    return a.w > 0 && a.h > 0 && b.w > 0 && b.h > 0 && a.x + eps < b.x + b.w &&
           b.x + eps < a.x + a.w && a.y + eps < b.y + b.h && b.y + eps < a.y + a.h;
}

static cm_point_t
pt(const cm__geom_t *g, int i)
{
    return g_array_index(g->points, cm_point_t, i);
}

static const cm__sub_t *
sub(const cm__geom_t *g, int i)
{
    return &g_array_index(g->subs, cm__sub_t, i);
}

/* Calls FN on every segment of op K; CLOSE_ALL closes open subpaths too (fills). Stops
 * and returns true when FN does. */
typedef bool (*seg_fn)(cm_point_t a, cm_point_t b, void *data);

static bool
each_segment(const cm__geom_t *g, int k, bool close_all, seg_fn fn, void *data)
{
    for (int s = g->op_sub0[k]; s < g->op_sub0[k + 1]; s++) {
        const cm__sub_t *sp = sub(g, s);
        for (int i = 1; i < sp->n; i++)
            if (fn(pt(g, sp->first + i - 1), pt(g, sp->first + i), data))
                return true;
        if ((sp->closed || close_all) && sp->n > 2 &&
            fn(pt(g, sp->first + sp->n - 1), pt(g, sp->first), data))
            return true;
    }
    return false;
}

bool
cm__fill_contains(const cm__geom_t *g, int k, cm_point_t p)
{
    int winding = 0;
    for (int s = g->op_sub0[k]; s < g->op_sub0[k + 1]; s++) {
        const cm__sub_t *sp = sub(g, s);
        for (int i = 0; i < sp->n; i++) {
            cm_point_t a = pt(g, sp->first + i), b = pt(g, sp->first + (i + 1) % sp->n);
            double cross = (b.x - a.x) * (p.y - a.y) - (p.x - a.x) * (b.y - a.y);
            if (a.y <= p.y) {
                if (b.y > p.y && cross > 0)
                    winding++;
            } else if (b.y <= p.y && cross < 0) {
                winding--;
            }
        }
    }
    return winding != 0;
}

/* Liang–Barsky: does segment AB meet rectangle R (closed)? */
static bool
segment_hits_rect(cm_point_t a, cm_point_t b, cm_rect_t r)
{
    double t0 = 0, t1 = 1, dx = b.x - a.x, dy = b.y - a.y;
    double p[4] = {-dx, dx, -dy, dy};
    double q[4] = {a.x - r.x, r.x + r.w - a.x, a.y - r.y, r.y + r.h - a.y};
    for (int i = 0; i < 4; i++) {
        if (p[i] == 0) {
            if (q[i] < 0)
                return false;
            continue;
        }
        double t = q[i] / p[i];
        if (p[i] < 0)
            t0 = fmax(t0, t);
        else
            t1 = fmin(t1, t);
        if (t0 > t1)
            return false;
    }
    return true;
}

static bool
seg_in_rect(cm_point_t a, cm_point_t b, void *data)
{
    return segment_hits_rect(a, b, *(const cm_rect_t *)data);
}

bool
cm__fill_hits_rect(const cm__geom_t *g, int k, cm_rect_t r)
{
    if (!cm__rects_overlap(cm__op(g, k)->bbox, r, 0))
        return false;
    if (each_segment(g, k, true, seg_in_rect, &r))
        return true;
    /* No edge enters R: R is wholly inside or wholly outside. */
    return cm__fill_contains(g, k, (cm_point_t){r.x + r.w / 2, r.y + r.h / 2});
}

bool
cm__stroke_hits_rect(const cm__geom_t *g, int k, cm_rect_t r)
{
    double hw = cm__op(g, k)->line_width / 2;
    cm_rect_t grown = {r.x - hw, r.y - hw, r.w + 2 * hw, r.h + 2 * hw};
    if (!cm__rects_overlap(cm__op(g, k)->bbox, r, 0))
        return false;
    return each_segment(g, k, false, seg_in_rect, &grown);
}

static double
orient(cm_point_t a, cm_point_t b, cm_point_t c)
{
    return (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x);
}

#define HAIR 0.25 /* px: closer than this is touching, not crossing */

static bool
segments_cross(cm_point_t a, cm_point_t b, cm_point_t c, cm_point_t d)
{
    double lab = hypot(b.x - a.x, b.y - a.y), lcd = hypot(d.x - c.x, d.y - c.y);
    if (lab == 0 || lcd == 0)
        return false;
    double o1 = orient(a, b, c) / lab, o2 = orient(a, b, d) / lab;
    double o3 = orient(c, d, a) / lcd, o4 = orient(c, d, b) / lcd;
    if (fabs(o1) < HAIR && fabs(o2) < HAIR) {
        /* Collinear: overlapping along AB by more than a hair is running on top. */
        double ux = (b.x - a.x) / lab, uy = (b.y - a.y) / lab;
        double s0 = (c.x - a.x) * ux + (c.y - a.y) * uy, s1 = (d.x - a.x) * ux + (d.y - a.y) * uy;
        double lo = fmax(0, fmin(s0, s1)), hi = fmin(lab, fmax(s0, s1));
        return hi - lo > 1.0;
    }
    /* A proper crossing: each segment's ends clearly on both sides of the other. */
    return ((o1 > HAIR && o2 < -HAIR) || (o1 < -HAIR && o2 > HAIR)) &&
           ((o3 > HAIR && o4 < -HAIR) || (o3 < -HAIR && o4 > HAIR));
}

typedef struct {
    cm_point_t a, b;
} seg_t;

static bool
seg_crosses_seg(cm_point_t c, cm_point_t d, void *data)
{
    const seg_t *s = data;
    return segments_cross(s->a, s->b, c, d);
}

typedef struct {
    const cm__geom_t *g;
    int other;
} cross_ctx_t;

static bool
seg_crosses_op(cm_point_t a, cm_point_t b, void *data)
{
    const cross_ctx_t *c = data;
    seg_t s = {a, b};
    return each_segment(c->g, c->other, false, seg_crosses_seg, &s);
}

bool
cm__strokes_cross(const cm__geom_t *g, int a, int b)
{
    if (!cm__rects_overlap(cm__op(g, a)->bbox, cm__op(g, b)->bbox, -HAIR))
        return false;
    cross_ctx_t c = {g, b};
    return each_segment(g, a, false, seg_crosses_op, &c);
}

double
cm__fill_coverage(const cm__geom_t *g, int k, cm_rect_t r)
{
    if (!cm__rects_overlap(cm__op(g, k)->bbox, r, 0))
        return 0;
    int in = 0;
    for (int j = 0; j < COVERAGE_ROWS; j++)
        for (int i = 0; i < COVERAGE_COLS; i++) {
            cm_point_t p = {r.x + r.w * (i + 0.5) / COVERAGE_COLS,
                            r.y + r.h * (j + 0.5) / COVERAGE_ROWS};
            in += cm__fill_contains(g, k, p);
        }
    return (double)in / (COVERAGE_COLS * COVERAGE_ROWS);
}
