/* cm_geo_label.c — polygon helpers in pixel space: area, point in polygon, polylabel.
 *
 * The label point is the pole of inaccessibility, found with the quadtree search of
 * Mapbox's polylabel (Vladimir Agafonkin, 2016, https://github.com/mapbox/polylabel):
 * cover the polygon with square cells, keep them in a priority queue ordered by the best
 * distance any point of the cell could reach (distance of its centre plus half its
 * diagonal), split the most promising cell into four, and stop when no cell can beat the
 * best centre found by more than the precision. The queue here is a binary heap on a
 * GArray; the search is capped so a pathological polygon cannot run away.
 *
 * Each cell needs the distance from its centre to every edge and the even-odd parity of
 * the edges a ray crosses. The edges are grouped in runs of CHUNK with a bounding box:
 * a run entirely above or below the centre cannot be crossed by its horizontal ray, and a
 * run whose box is farther than some vertex cannot hold the nearest edge, so most runs
 * are skipped. Minimum and parity do not depend on order, so the result is the same as
 * visiting every edge.
 *
 * Bounds (a random 200,000-vertex ring ran past 30 s): at most MAX_START cells cover the
 * polygon at the start (a sliver 10^9 times longer than wide made 10^9), and the cells
 * probed times the edges is at most CM__GEO_POLYLABEL_WORK, so one label costs the same
 * whatever the ring; a huge ring's anchor is then found to a coarser precision.
 */
#include "cm_geo_private.h"

#include <math.h>

#define MAX_CELLS 200000
#define MAX_START 4096

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

enum { CHUNK = 8 };

/* A run of up to CHUNK edges of one ring: edge i goes from v[i - 1] (v[n - 1] for the
 * first) to v[i], for i in [first, first + count). */
typedef struct {
    const cm_geo_xy_t *v;
    int n, first, count;
    double minx, miny, maxx, maxy; /* of the run's end points */
} run_t;

/* The rings cut into runs, for one search. */
typedef struct {
    run_t *runs;
    int n_runs;
} edges_t;

static void
edges_init(edges_t *e, const cm_geo_path_t *rings, int n_rings)
{
    int total = 0;
    for (int r = 0; r < n_rings; r++)
        total += (rings[r].n + CHUNK - 1) / CHUNK;
    e->runs = g_new(run_t, MAX(total, 1));
    e->n_runs = 0;
    for (int r = 0; r < n_rings; r++) {
        const cm_geo_xy_t *v = rings[r].pts;
        int n = rings[r].n;
        for (int first = 0; first < n; first += CHUNK) {
            run_t *run = &e->runs[e->n_runs++];
            *run = (run_t){v,           n,           first,        MIN(CHUNK, n - first),
                           G_MAXDOUBLE, G_MAXDOUBLE, -G_MAXDOUBLE, -G_MAXDOUBLE};
            for (int i = first - 1; i < first + run->count; i++) {
                cm_geo_xy_t p = v[i < 0 ? n - 1 : i];
                run->minx = MIN(run->minx, p.x), run->miny = MIN(run->miny, p.y);
                run->maxx = MAX(run->maxx, p.x), run->maxy = MAX(run->maxy, p.y);
            }
        }
    }
}

/* Signed distance from (X, Y) to the rings' edges: positive inside (even-odd). */
static double
signed_dist(const edges_t *e, double x, double y)
{
    /* An upper bound on the nearest edge: the nearest run's first vertex, which is an end
     * of one of its edges. Runs whose box lies beyond it (with a margin far above rounding,
     * so no edge that could give the minimum is skipped) are not measured. */
    double bound = G_MAXDOUBLE;
    for (int k = 0; k < e->n_runs; k++) {
        const run_t *run = &e->runs[k];
        cm_geo_xy_t p = run->v[run->first];
        bound = MIN(bound, (p.x - x) * (p.x - x) + (p.y - y) * (p.y - y));
    }
    bound += 1e-9 * (bound + 1);
    double best = G_MAXDOUBLE;
    bool inside = false;
    for (int k = 0; k < e->n_runs; k++) {
        const run_t *run = &e->runs[k];
        /* no end point on the other side of the ray: no crossing (exact comparisons) */
        bool crossing = !(run->miny > y || run->maxy <= y);
        double bx = x < run->minx ? run->minx - x : x > run->maxx ? x - run->maxx : 0;
        double by = y < run->miny ? run->miny - y : y > run->maxy ? y - run->maxy : 0;
        bool near = bx * bx + by * by <= bound;
        if (!crossing && !near)
            continue;
        const cm_geo_xy_t *v = run->v;
        for (int i = run->first; i < run->first + run->count; i++) {
            int j = i == 0 ? run->n - 1 : i - 1;
            double ax = v[j].x, ay = v[j].y, dx = v[i].x - ax, dy = v[i].y - ay;
            if (crossing && (v[i].y > y) != (ay > y) && x < dx * (y - v[i].y) / dy + v[i].x)
                inside = !inside;
            if (!near)
                continue;
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
make_cell(const edges_t *e, double x, double y, double h)
{
    cell_t c = {x, y, h, signed_dist(e, x, y), 0};
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
centroid_cell(const cm_geo_path_t *rings, const edges_t *e)
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
        return make_cell(e, v[0].x, v[0].y, 0);
    return make_cell(e, cx / a, cy / a, 0);
}

cm_geo_xy_t
cm_geo_polylabel(const cm_geo_path_t *rings, int n_rings, double precision, double *dist)
{
    return cm__geo_polylabel(rings, n_rings, precision, dist, NULL);
}

cm_geo_xy_t
cm__geo_polylabel(const cm_geo_path_t *rings, int n_rings, double precision, double *dist,
                  gint64 *cells)
{
    if (dist)
        *dist = 0;
    if (cells)
        *cells = 0;
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
    /* at most MAX_START cells to start with, however thin the polygon */
    size = MAX(size, sqrt(w * h / MAX_START));
    size = MAX(size, MAX(w, h) / MAX_START);
    gint64 n_edges = 0;
    for (int r = 0; r < n_rings; r++)
        n_edges += rings[r].n;
    gint64 max_probes = MIN(MAX_CELLS, MAX(64, CM__GEO_POLYLABEL_WORK / MAX(n_edges, 1)));
    edges_t e;
    edges_init(&e, rings, n_rings);
    GArray *heap = g_array_new(FALSE, FALSE, sizeof(cell_t));
    double half = size / 2;
    for (double x = minx; x < maxx; x += size)
        for (double y = miny; y < maxy; y += size)
            heap_push(heap, make_cell(&e, x + half, y + half, half));
    cell_t best = centroid_cell(rings, &e);
    cell_t mid = make_cell(&e, minx + w / 2, miny + h / 2, 0);
    if (mid.d > best.d)
        best = mid;
    gint64 made = heap->len + 2;
    for (gint64 probes = 0; heap->len > 0 && probes < max_probes; probes++) {
        cell_t c = heap_pop(heap);
        if (c.d > best.d)
            best = c;
        if (c.max - best.d <= precision)
            continue;
        double q = c.h / 2;
        heap_push(heap, make_cell(&e, c.x - q, c.y - q, q));
        heap_push(heap, make_cell(&e, c.x + q, c.y - q, q));
        heap_push(heap, make_cell(&e, c.x - q, c.y + q, q));
        heap_push(heap, make_cell(&e, c.x + q, c.y + q, q));
        made += 4;
    }
    if (cells)
        *cells = made;
    g_array_free(heap, TRUE);
    g_free(e.runs);
    if (dist)
        *dist = MAX(best.d, 0);
    return (cm_geo_xy_t){best.x, best.y};
}
