/* cm_geo_cut.c — cuts rings at the map's edge meridian (lon_0 ± 180) before projection.
 *
 * A ring that crosses the meridian opposite the central one would be drawn as a streak
 * across the whole map. The cut follows the idea of d3-geo's clipAntimeridian (Mike
 * Bostock, d3-geo/src/clip/antimeridian.js) in planar lon/lat, and is done per ARC so
 * shared borders stay shared:
 *
 * 1. Arcs. Longitudes are taken relative to lon_0 in [-180, 180]. Where two consecutive
 *    points jump by more than 180° the arc crosses the edge: the crossing latitude is
 *    interpolated once, for the arc, and the arc is split into segments that each lie on
 *    one side (x = +180 ends one, x = -180 starts the next). A point on the edge takes the
 *    side of its neighbours; an arc running along the edge itself (world-atlas has such
 *    arcs at ±180) stays undecided until a ring uses it.
 * 2. Rings. A ring becomes its segments in order. Where one segment ends at x = ±180 and
 *    the next starts at x = ∓180 the ring jumps across the edge; between jumps are the
 *    pieces. The pieces are joined again the Weiler–Atherton way: from a piece's end, walk
 *    round the frame [-180, 180] × [-90, 90] in the ring's own rotation sense to the
 *    nearest piece start, and add that walk (densified every degree, so it follows the
 *    curved edge after projection) as a closure segment. A ring that goes round a pole
 *    (its jumps do not cancel, like Antarctica) is closed through that pole: its rotation
 *    sense is taken with the pole edge added, so the walk passes along the bottom (or top)
 *    of the frame. The pole is the one nearer the ring's mean latitude.
 * 3. Holes. An uncut ring keeps its role; a cut ring is an outer ring when its rotation
 *    sense is the one the basemap uses for outer rings (world-atlas follows d3: clockwise),
 *    which also puts world-atlas' 50m Antarctica (a polar cap ring plus a coast "hole")
 *    right: the coast becomes the outer ring, the cap a sub-pixel hole.
 */
#include "cm_geo_private.h"

#include <math.h>
#include <string.h>

#define EDGE_EPS 1e-9
#define PERIMETER 1080.0 /* frame perimeter in degrees: 360 + 180 + 360 + 180 */

typedef struct {
    cm__geo_cut_t *c;
    GArray *edge_only; /* guint8 per segment: every point on the edge, side undecided */
    GArray *flipped;   /* int per segment: its copy on the other edge, or -1 */
    int *arc_first, *arc_count;
    GArray *seq, *order; /* int scratch */
    bool outer_cw;
} cutter_t;

static bool
on_edge(double x)
{
    return fabs(fabs(x) - 180.0) < EDGE_EPS;
}

static cm_geo_xy_t *
pt(const cutter_t *k, int i)
{
    return &g_array_index(k->c->pts, cm_geo_xy_t, i);
}

static int
off(const cutter_t *k, int s)
{
    return g_array_index(k->c->seg_off, int, s);
}

static void
push(cutter_t *k, double x, double y)
{
    cm_geo_xy_t p = {x, y};
    g_array_append_val(k->c->pts, p);
}

static int
seg_finish(cutter_t *k, bool edge_only)
{
    int end = (int)k->c->pts->len, none = -1;
    guint8 e = edge_only;
    g_array_append_val(k->c->seg_off, end);
    g_array_append_val(k->edge_only, e);
    g_array_append_val(k->flipped, none);
    return cm__geo_seg_count(k->c) - 1;
}

static cm_geo_xy_t
ref_start(const cutter_t *k, int ref)
{
    int s = ref < 0 ? ~ref : ref;
    return *pt(k, ref < 0 ? off(k, s + 1) - 1 : off(k, s));
}

static cm_geo_xy_t
ref_end(const cutter_t *k, int ref)
{
    int s = ref < 0 ? ~ref : ref;
    return *pt(k, ref < 0 ? off(k, s) : off(k, s + 1) - 1);
}

/* ---- step 1: arcs ---- */

static void
cut_arc(cutter_t *k, const cm_geo_arc_t *arc, double lon_0)
{
    int seg_start = (int)k->c->pts->len;
    bool undecided = false; /* every point so far is on the edge, side unknown */
    bool prev_edge = false;
    double px = 0, py = 0;
    for (int i = 0; i < arc->n; i++) {
        double x = remainder(arc->pts[i].x - lon_0, 360.0), y = arc->pts[i].y;
        bool e = on_edge(x);
        if (i == 0) {
            undecided = e;
            x = e ? 180.0 : x;
        } else if (!e && !prev_edge) {
            if (fabs(x - px) > 180.0) {
                double E = px > 0 ? 180.0 : -180.0;
                double xu = x + 2 * E; /* x unwrapped next to px */
                double yc = py + (E - px) / (xu - px) * (y - py);
                push(k, E, yc);
                seg_finish(k, false);
                seg_start = (int)k->c->pts->len;
                push(k, -E, yc);
            }
        } else if (!e && prev_edge) {
            double need = x >= 0 ? 180.0 : -180.0;
            if (undecided) {
                for (int j = seg_start; j < (int)k->c->pts->len; j++)
                    pt(k, j)->x = need;
                undecided = false;
            } else if (px != need) { /* the ring crosses the edge at that vertex */
                seg_finish(k, false);
                seg_start = (int)k->c->pts->len;
                push(k, need, py);
            }
        } else if (e && !prev_edge) {
            x = px >= 0 ? 180.0 : -180.0;
        } else {
            x = undecided ? 180.0 : px;
        }
        push(k, x, y);
        px = x;
        py = y;
        prev_edge = e;
    }
    seg_finish(k, undecided);
}

/* The copy of an all-edge segment on the other edge. */
static int
flip(cutter_t *k, int s)
{
    int f = g_array_index(k->flipped, int, s);
    if (f >= 0)
        return f;
    int a = off(k, s), b = off(k, s + 1);
    for (int i = a; i < b; i++)
        push(k, -pt(k, i)->x, pt(k, i)->y);
    f = seg_finish(k, true);
    g_array_index(k->flipped, int, s) = f;
    g_array_index(k->flipped, int, f) = s;
    return f;
}

/* ---- step 2: rings ---- */

static void
emit_ring(cutter_t *k, const int *refs, int n, int polygon, bool hole)
{
    cm__geo_cut_ring_t r = {(int)k->c->ring_refs->len, n, polygon, hole};
    g_array_append_vals(k->c->ring_refs, refs, (guint)n);
    g_array_append_val(k->c->rings, r);
}

/* Perimeter position of a point on the left or right edge, clockwise (y up) from the
 * top-left corner: top 0..360, right 360..540, bottom 540..900, left 900..1080. */
static double
frame_t(cm_geo_xy_t p)
{
    double y = CLAMP(p.y, -90.0, 90.0);
    if (p.x > 0)
        return 360.0 + (90.0 - y);
    return fmod(900.0 + (y + 90.0), PERIMETER);
}

static cm_geo_xy_t
frame_point(double t)
{
    t = fmod(t + 2 * PERIMETER, PERIMETER);
    if (t < 360.0)
        return (cm_geo_xy_t){t - 180.0, 90.0};
    if (t < 540.0)
        return (cm_geo_xy_t){180.0, 90.0 - (t - 360.0)};
    if (t < 900.0)
        return (cm_geo_xy_t){180.0 - (t - 540.0), -90.0};
    return (cm_geo_xy_t){-180.0, -90.0 + (t - 900.0)};
}

/* A closure segment from E (at T0) DIST along the frame in direction DIR to S. */
static int
closure(cutter_t *k, cm_geo_xy_t e, cm_geo_xy_t s, double t0, double dist, int dir)
{
    push(k, e.x, e.y);
    if (dir > 0) {
        for (double u = floor(t0) + 1; u < t0 + dist; u += 1)
            push(k, frame_point(u).x, frame_point(u).y);
    } else {
        for (double u = ceil(t0) - 1; u > t0 - dist; u -= 1)
            push(k, frame_point(u).x, frame_point(u).y);
    }
    push(k, s.x, s.y);
    return seg_finish(k, false);
}

typedef struct {
    int first, n; /* into order */
    int dir;      /* jump after the piece: +1 east, -1 west */
    double ts, te;
} piece_t;

/* Signed area of the ring unwrapped across its jumps (plus the pole edge when the jumps do
 * not cancel), to learn the ring's rotation sense. */
static double
unwrapped_area(const cutter_t *k, const int *order, const piece_t *pc, int m)
{
    double area = 0, c = 0, sum_y = 0;
    long count = 0;
    cm_geo_xy_t first = ref_start(k, order[0]), p = first;
    for (int q = 0; q < m; q++) {
        for (int i = pc[q].first; i < pc[q].first + pc[q].n; i++) {
            int ref = order[i], s = ref < 0 ? ~ref : ref;
            int a = off(k, s), b = off(k, s + 1);
            for (int j = 0; j < b - a; j++) {
                cm_geo_xy_t v = *pt(k, ref < 0 ? b - 1 - j : a + j);
                v.x += 360.0 * c;
                area += p.x * v.y - v.x * p.y;
                sum_y += v.y;
                count++;
                p = v;
            }
        }
        c += pc[q].dir;
    }
    cm_geo_xy_t path[4] = {
        {first.x + 360.0 * c, first.y}, {first.x + 360.0 * c, 0}, {first.x, 0}, first};
    int n = 1;
    if (c != 0) {
        double pole = sum_y / (double)MAX(count, 1) < 0 ? -90.0 : 90.0;
        path[1].y = path[2].y = pole;
        n = 4;
    } else {
        path[0] = first;
    }
    for (int i = 0; i < n; i++) {
        area += p.x * path[i].y - path[i].x * p.y;
        p = path[i];
    }
    return area / 2;
}

static void
rejoin(cutter_t *k, const int *order, piece_t *pc, int m, int polygon)
{
    double area = unwrapped_area(k, order, pc, m);
    int dir = area < 0 ? 1 : -1; /* clockwise (y up) walks the frame clockwise */
    bool hole = (area < 0) != k->outer_cw;
    bool *used = g_new0(bool, m);
    GArray *out = g_array_new(FALSE, FALSE, sizeof(int));
    for (int q = 0; q < m; q++) {
        pc[q].ts = frame_t(ref_start(k, order[pc[q].first]));
        pc[q].te = frame_t(ref_end(k, order[pc[q].first + pc[q].n - 1]));
    }
    for (int p0 = 0; p0 < m; p0++) {
        if (used[p0])
            continue;
        g_array_set_size(out, 0);
        for (int cur = p0;;) {
            used[cur] = true;
            g_array_append_vals(out, order + pc[cur].first, (guint)pc[cur].n);
            int next = -1;
            double best = G_MAXDOUBLE;
            for (int q = 0; q < m; q++) {
                if (used[q] && q != p0)
                    continue;
                double d = dir > 0 ? pc[q].ts - pc[cur].te : pc[cur].te - pc[q].ts;
                d = fmod(d + 2 * PERIMETER, PERIMETER);
                if (d < best) {
                    best = d;
                    next = q;
                }
            }
            cm_geo_xy_t e = ref_end(k, order[pc[cur].first + pc[cur].n - 1]);
            cm_geo_xy_t s = ref_start(k, order[pc[next].first]);
            if (best > 1e-12) {
                int seg = closure(k, e, s, pc[cur].te, best, dir);
                g_array_append_val(out, seg);
            }
            if (next == p0)
                break;
            cur = next;
        }
        emit_ring(k, (const int *)out->data, (int)out->len, polygon, hole);
    }
    g_array_free(out, TRUE);
    g_free(used);
}

static bool
is_jump(cm_geo_xy_t a, cm_geo_xy_t b)
{
    return on_edge(a.x) && on_edge(b.x) && a.x * b.x < 0 && fabs(a.y - b.y) < 1e-9;
}

static void
cut_ring(cutter_t *k, const cm_geo_ring_t *r, int polygon)
{
    GArray *seq = k->seq, *order = k->order;
    g_array_set_size(seq, 0);
    for (int i = 0; i < r->n_arcs; i++) {
        int a = r->arcs[i] < 0 ? ~r->arcs[i] : r->arcs[i];
        for (int j = 0; j < k->arc_count[a]; j++) {
            int ref =
                r->arcs[i] < 0 ? ~(k->arc_first[a] + k->arc_count[a] - 1 - j) : k->arc_first[a] + j;
            g_array_append_val(seq, ref);
        }
    }
    int n = (int)seq->len, i0 = -1;
    const int *sq = (const int *)seq->data;
    for (int i = 0; i < n && i0 < 0; i++)
        if (!g_array_index(k->edge_only, guint8, sq[i] < 0 ? ~sq[i] : sq[i]))
            i0 = i;
    if (i0 < 0)
        return; /* the ring runs along the edge only: no area */
    /* Rotate to a decided segment, then put undecided ones on the side they continue. */
    g_array_set_size(order, 0);
    for (int i = 0; i < n; i++) {
        int ref = sq[(i0 + i) % n], s = ref < 0 ? ~ref : ref;
        if (i > 0 && g_array_index(k->edge_only, guint8, s)) {
            cm_geo_xy_t prev = ref_end(k, g_array_index(order, int, i - 1));
            if (fabs(ref_start(k, ref).x - prev.x) > 1.0)
                ref = ref < 0 ? ~flip(k, s) : flip(k, s);
        }
        g_array_append_val(order, ref);
    }
    const int *od = (const int *)order->data;
    int first_jump = -1, n_jumps = 0;
    for (int i = 0; i < n; i++) {
        if (is_jump(ref_end(k, od[i]), ref_start(k, od[(i + 1) % n]))) {
            n_jumps++;
            if (first_jump < 0)
                first_jump = i;
        }
    }
    if (n_jumps == 0) {
        emit_ring(k, od, n, polygon, r->hole);
        return;
    }
    /* Rotate again so the ring starts right after a jump, and split it into pieces. */
    int *rot = g_new(int, n);
    for (int i = 0; i < n; i++)
        rot[i] = od[(first_jump + 1 + i) % n];
    piece_t *pc = g_new0(piece_t, n_jumps);
    int m = 0, start = 0;
    for (int i = 0; i < n; i++) {
        cm_geo_xy_t a = ref_end(k, rot[i]), b = ref_start(k, rot[(i + 1) % n]);
        if (is_jump(a, b)) {
            pc[m++] = (piece_t){start, i + 1 - start, a.x > 0 ? 1 : -1, 0, 0};
            start = i + 1;
        }
    }
    rejoin(k, rot, pc, m, polygon);
    g_free(pc);
    g_free(rot);
}

/* ---- the whole basemap ---- */

void
cm__geo_cut_init(cm__geo_cut_t *c, const cm_geo_t *geo, double lon_0, bool cut)
{
    long total = 0;
    for (int i = 0; i < geo->n_arcs; i++)
        total += geo->arcs[i].n;
    c->pts = g_array_sized_new(FALSE, FALSE, sizeof(cm_geo_xy_t), (guint)(total + 1024));
    c->seg_off = g_array_new(FALSE, FALSE, sizeof(int));
    c->ring_refs = g_array_new(FALSE, FALSE, sizeof(int));
    c->rings = g_array_new(FALSE, FALSE, sizeof(cm__geo_cut_ring_t));
    c->n_features = geo->n_features;
    c->feat_off = g_new0(int, geo->n_features + 1);
    int zero = 0;
    g_array_append_val(c->seg_off, zero);

    cutter_t k = {.c = c, .outer_cw = geo->outer_cw};
    k.edge_only = g_array_new(FALSE, FALSE, sizeof(guint8));
    k.flipped = g_array_new(FALSE, FALSE, sizeof(int));
    k.seq = g_array_new(FALSE, FALSE, sizeof(int));
    k.order = g_array_new(FALSE, FALSE, sizeof(int));
    k.arc_first = g_new(int, geo->n_arcs + 1);
    k.arc_count = g_new(int, geo->n_arcs + 1);
    for (int i = 0; i < geo->n_arcs; i++) {
        k.arc_first[i] = cm__geo_seg_count(c);
        if (cut) {
            cut_arc(&k, &geo->arcs[i], lon_0);
        } else {
            for (int j = 0; j < geo->arcs[i].n; j++)
                push(&k, remainder(geo->arcs[i].pts[j].x - lon_0, 360.0), geo->arcs[i].pts[j].y);
            seg_finish(&k, false);
        }
        k.arc_count[i] = cm__geo_seg_count(c) - k.arc_first[i];
    }
    for (int f = 0; f < geo->n_features; f++) {
        c->feat_off[f] = (int)c->rings->len;
        const cm_geo_feature_t *feat = &geo->features[f];
        for (int p = 0; p < feat->n_polygons; p++) {
            for (int r = 0; r < feat->polygons[p].n_rings; r++) {
                const cm_geo_ring_t *ring = &feat->polygons[p].rings[r];
                if (cut) {
                    cut_ring(&k, ring, p);
                } else {
                    emit_ring(&k, ring->arcs, ring->n_arcs, p, ring->hole);
                }
            }
        }
    }
    c->feat_off[geo->n_features] = (int)c->rings->len;
    g_array_free(k.edge_only, TRUE);
    g_array_free(k.flipped, TRUE);
    g_array_free(k.seq, TRUE);
    g_array_free(k.order, TRUE);
    g_free(k.arc_first);
    g_free(k.arc_count);
}

void
cm__geo_cut_release(cm__geo_cut_t *c)
{
    if (c->pts)
        g_array_free(c->pts, TRUE);
    if (c->seg_off)
        g_array_free(c->seg_off, TRUE);
    if (c->ring_refs)
        g_array_free(c->ring_refs, TRUE);
    if (c->rings)
        g_array_free(c->rings, TRUE);
    g_free(c->feat_off);
    memset(c, 0, sizeof *c);
}
