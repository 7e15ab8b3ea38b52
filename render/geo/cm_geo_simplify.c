/* cm_geo_simplify.c — Douglas–Peucker line simplification of one arc.
 *
 * Douglas, D. & Peucker, T. (1973), "Algorithms for the reduction of the number of points
 * required to represent a digitized line or its caricature", The Canadian Cartographer
 * 10(2). Run on projected (pixel) coordinates with an explicit stack instead of recursion,
 * measuring the distance to the chord as a segment (not a line), so a closed arc whose
 * chord is a single point still keeps its farthest points. Both ends are always kept:
 * they are where arcs meet, so neighbours that share an arc keep the same border. A chord
 * longer than a maximum length is split at its middle vertex even when straight.
 */
#include "cm_geo_private.h"

#include <math.h>
#include <string.h>

typedef struct {
    int a, b;
} span_t;

static double
seg_dist2(cm_geo_xy_t p, cm_geo_xy_t a, cm_geo_xy_t b)
{
    double dx = b.x - a.x, dy = b.y - a.y, l2 = dx * dx + dy * dy;
    double t = l2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / l2 : 0;
    t = CLAMP(t, 0.0, 1.0);
    double ex = a.x + t * dx - p.x, ey = a.y + t * dy - p.y;
    return ex * ex + ey * ey;
}

void
cm__geo_simplify(const cm_geo_xy_t *pts, int n, double tolerance, double max_len, bool *keep)
{
    if (n <= 0)
        return;
    memset(keep, 0, sizeof *keep * (size_t)n);
    keep[0] = keep[n - 1] = true;
    if (n < 3)
        return;
    /* Non-finite points (unprojectable) are rare: check for them once, not per visit. */
    bool all_finite = true;
    for (int i = 0; i < n && all_finite; i++)
        all_finite = isfinite(pts[i].x) && isfinite(pts[i].y);
    double tol2 = tolerance * tolerance;
    GArray *stack = g_array_new(FALSE, FALSE, sizeof(span_t));
    span_t all = {0, n - 1};
    g_array_append_val(stack, all);
    while (stack->len > 0) {
        span_t top = g_array_index(stack, span_t, stack->len - 1);
        int a = top.a, b = top.b;
        g_array_set_size(stack, stack->len - 1);
        if (b - a < 2)
            continue;
        double best = -1;
        int bi = -1;
        if (all_finite) {
            for (int i = a + 1; i < b; i++) {
                double d = seg_dist2(pts[i], pts[a], pts[b]);
                if (d > best) {
                    best = d;
                    bi = i;
                }
            }
        } else {
            for (int i = a + 1; i < b; i++) {
                if (!isfinite(pts[i].x) || !isfinite(pts[i].y))
                    continue;
                double d = seg_dist2(pts[i], pts[a], pts[b]);
                if (d > best) {
                    best = d;
                    bi = i;
                }
            }
        }
        if (bi < 0)
            continue;
        if (best <= tol2) {
            /* Straight enough, but a chord longer than MAX_LEN keeps its middle point, so
             * no output segment gets long (edges along the frame stay in short steps). */
            double dx = pts[b].x - pts[a].x, dy = pts[b].y - pts[a].y;
            if (max_len <= 0 || dx * dx + dy * dy <= max_len * max_len)
                continue;
            bi = (a + b) / 2;
        }
        keep[bi] = true;
        span_t left = {a, bi}, right = {bi, b};
        g_array_append_val(stack, left);
        g_array_append_val(stack, right);
    }
    g_array_free(stack, TRUE);
}
