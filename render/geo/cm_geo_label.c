/* cm_geo_label.c — polygon helpers in pixel space: area, point in polygon, polylabel.
 *
 * The label point is the pole of inaccessibility, found with the quadtree search of
 * Mapbox's polylabel (Vladimir Agafonkin, 2016, https://github.com/mapbox/polylabel):
 * cover the polygon with square cells, keep them in a priority queue ordered by the best
 * distance any point of the cell could reach (distance of its centre plus half its
 * diagonal), split the most promising cell into four, and stop when no cell can beat the
 * best centre found by more than the precision. The queue here is a binary heap on a
 * GArray; the search is capped so a pathological polygon cannot run away.
 */
#include "cm_geo_private.h"

#include <math.h>

#define MAX_CELLS 200000

typedef struct {
    double x, y, h, d, max;
} cell_t;

double
cm_geo_signed_area(const cm_geo_xy_t *pts, int n)
{
    double a = 0;
    for (int i = 0; i < n; i++) {
        const cm_geo_xy_t *p = &pts[i], *q = &pts[(i + 1) % n];
        a += p->x * q->y - q->x * p->y;
    }
    return a / 2;
}

bool
cm_geo_point_in_rings(const cm_geo_path_t *rings, int n_rings, cm_geo_xy_t p)
{
    bool inside = false;
    for (int r = 0; r < n_rings; r++) {
        const cm_geo_xy_t *v = rings[r].pts;
        int n = rings[r].n;
        for (int i = 0, j = n - 1; i < n; j = i++) {
            if ((v[i].y > p.y) != (v[j].y > p.y) &&
                p.x < (v[j].x - v[i].x) * (p.y - v[i].y) / (v[j].y - v[i].y) + v[i].x)
                inside = !inside;
        }
    }
    return inside;
}

/* Signed distance from (X, Y) to the rings' edges: positive inside (even-odd). */
static double
signed_dist(const cm_geo_path_t *rings, int n_rings, double x, double y)
{
    double best = G_MAXDOUBLE;
    bool inside = false;
    for (int r = 0; r < n_rings; r++) {
        const cm_geo_xy_t *v = rings[r].pts;
        int n = rings[r].n;
        for (int i = 0, j = n - 1; i < n; j = i++) {
            double ax = v[j].x, ay = v[j].y, dx = v[i].x - ax, dy = v[i].y - ay;
            if ((v[i].y > y) != (ay > y) && x < dx * (y - v[i].y) / dy + v[i].x)
                inside = !inside;
            double l2 = dx * dx + dy * dy;
            double t = l2 > 0 ? ((x - ax) * dx + (y - ay) * dy) / l2 : 0;
            t = CLAMP(t, 0.0, 1.0);
            double ex = ax + t * dx - x, ey = ay + t * dy - y;
            best = MIN(best, ex * ex + ey * ey);
        }
    }
    double d = sqrt(best);
    return inside ? d : -d;
}

static cell_t
make_cell(const cm_geo_path_t *rings, int n_rings, double x, double y, double h)
{
    cell_t c = {x, y, h, signed_dist(rings, n_rings, x, y), 0};
    c.max = c.d + h * G_SQRT2;
    return c;
}

static void
heap_push(GArray *heap, cell_t c)
{
    g_array_append_val(heap, c);
    cell_t *a = (cell_t *)heap->data;
    for (guint i = heap->len - 1; i > 0;) {
        guint parent = (i - 1) / 2;
        if (a[parent].max >= a[i].max)
            break;
        cell_t t = a[parent];
        a[parent] = a[i];
        a[i] = t;
        i = parent;
    }
}

static cell_t
heap_pop(GArray *heap)
{
    cell_t *a = (cell_t *)heap->data, top = a[0];
    a[0] = a[heap->len - 1];
    g_array_set_size(heap, heap->len - 1);
    a = (cell_t *)heap->data;
    for (guint i = 0, n = heap->len;;) {
        guint l = 2 * i + 1, r = l + 1, m = i;
        if (l < n && a[l].max > a[m].max)
            m = l;
        if (r < n && a[r].max > a[m].max)
            m = r;
        if (m == i)
            break;
        cell_t t = a[m];
        a[m] = a[i];
        a[i] = t;
        i = m;
    }
    return top;
}

/* The centroid of the outer ring as a first guess (falls back to its first point). */
static cell_t
centroid_cell(const cm_geo_path_t *rings, int n_rings)
{
    const cm_geo_xy_t *v = rings[0].pts;
    int n = rings[0].n;
    double a = 0, cx = 0, cy = 0;
    for (int i = 0, j = n - 1; i < n; j = i++) {
        double f = v[i].x * v[j].y - v[j].x * v[i].y;
        cx += (v[i].x + v[j].x) * f;
        cy += (v[i].y + v[j].y) * f;
        a += f * 3;
    }
    if (a == 0)
        return make_cell(rings, n_rings, v[0].x, v[0].y, 0);
    return make_cell(rings, n_rings, cx / a, cy / a, 0);
}

cm_geo_xy_t
cm_geo_polylabel(const cm_geo_path_t *rings, int n_rings, double precision, double *dist)
{
    if (dist)
        *dist = 0;
    if (n_rings < 1 || rings[0].n < 1)
        return (cm_geo_xy_t){0, 0};
    const cm_geo_xy_t *v = rings[0].pts;
    double minx = v[0].x, miny = v[0].y, maxx = v[0].x, maxy = v[0].y;
    for (int i = 1; i < rings[0].n; i++) {
        minx = MIN(minx, v[i].x), miny = MIN(miny, v[i].y);
        maxx = MAX(maxx, v[i].x), maxy = MAX(maxy, v[i].y);
    }
    double w = maxx - minx, h = maxy - miny, size = MIN(w, h);
    if (size <= 0 || rings[0].n < 3)
        return v[0];
    if (precision <= 0)
        precision = 1;
    GArray *heap = g_array_new(FALSE, FALSE, sizeof(cell_t));
    double half = size / 2;
    for (double x = minx; x < maxx; x += size)
        for (double y = miny; y < maxy; y += size)
            heap_push(heap, make_cell(rings, n_rings, x + half, y + half, half));
    cell_t best = centroid_cell(rings, n_rings);
    cell_t mid = make_cell(rings, n_rings, minx + w / 2, miny + h / 2, 0);
    if (mid.d > best.d)
        best = mid;
    for (int probes = 0; heap->len > 0 && probes < MAX_CELLS; probes++) {
        cell_t c = heap_pop(heap);
        if (c.d > best.d)
            best = c;
        if (c.max - best.d <= precision)
            continue;
        double q = c.h / 2;
        heap_push(heap, make_cell(rings, n_rings, c.x - q, c.y - q, q));
        heap_push(heap, make_cell(rings, n_rings, c.x + q, c.y - q, q));
        heap_push(heap, make_cell(rings, n_rings, c.x - q, c.y + q, q));
        heap_push(heap, make_cell(rings, n_rings, c.x + q, c.y + q, q));
    }
    g_array_free(heap, TRUE);
    if (dist)
        *dist = MAX(best.d, 0);
    return (cm_geo_xy_t){best.x, best.y};
}
