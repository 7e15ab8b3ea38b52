/* test_place.c — tiered label placement: no overlaps, determinism, priority, limits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "layout/cm_place.h"

#define AXIS_Y 500.0
#define CLEAR 20.0
#define TIER_H 30.0
#define GAP 4.0

static cm_place_opts_t
opts(int above, int below)
{
    return (cm_place_opts_t){.axis_y = AXIS_Y,
                             .axis_clear = CLEAR,
                             .tier_height = TIER_H,
                             .tier_gap = GAP,
                             .tiers_above = above,
                             .tiers_below = below,
                             .x_min = 0,
                             .x_max = 2000};
}

static cm_place_label_t
lab(double x, double w, double h, double prio)
{
    return (cm_place_label_t){.anchor_x = x, .w = w, .h = h, .priority = prio};
}

static bool
overlap(cm_rect_t a, cm_rect_t b)
{
    return cm_rect_intersects(a, b, 1e-6);
}

/* Checks every promise of cm_place.h on a result: boxes inside their tier,
 * holding their anchor, inside [x_min, x_max], clear of each other and the
 * obstacles, leaders clear of other labels; and that DROPPED is the count. */
static void
check_result(const cm_place_label_t *l, int n, const cm_place_opts_t *o, int dropped)
{
    int count = 0;
    GArray *idx = g_array_new(FALSE, FALSE, sizeof(int));
    for (int i = 0; i < n; i++) {
        if (!l[i].placed) {
            count++;
            continue;
        }
        g_array_append_val(idx, i);
        const cm_rect_t *b = &l[i].box;
        int t = l[i].tier;
        assert_true(t != 0);
        assert_true(t <= o->tiers_above && -t <= o->tiers_below);
        double pitch = o->tier_height + o->tier_gap;
        if (t > 0)
            assert_true(fabs(b->y + b->h - (o->axis_y - o->axis_clear - (t - 1) * pitch)) < 1e-6);
        else
            assert_true(fabs(b->y - (o->axis_y + o->axis_clear + (-t - 1) * pitch)) < 1e-6);
        /* the far edge stays inside the tiers allowed */
        if (t > 0)
            assert_true(b->y >= o->axis_y - o->axis_clear - o->tiers_above * pitch - 1e-6);
        else
            assert_true(b->y + b->h <= o->axis_y + o->axis_clear + o->tiers_below * pitch + 1e-6);
        assert_true(b->x <= l[i].anchor_x + 1e-6 && l[i].anchor_x <= b->x + b->w + 1e-6);
        assert_true(b->x >= o->x_min - 1e-6 && b->x + b->w <= o->x_max + 1e-6);
        for (int k = 0; k < o->n_obstacles; k++)
            assert_false(overlap(*b, o->obstacles[k]));
    }
    assert_int_equal(count, dropped);

    /* pairwise: sweep over boxes sorted by x */
    int m = (int)idx->len;
    int *ord = (int *)idx->data;
    for (int a = 0; a < m; a++)
        for (int c = a + 1; c < m; c++) /* insertion sort by box x: small m or sorted input */
            if (l[ord[c]].box.x < l[ord[a]].box.x) {
                int tmp = ord[a];
                ord[a] = ord[c];
                ord[c] = tmp;
            }
    for (int a = 0; a < m; a++) {
        const cm_rect_t *ba = &l[ord[a]].box;
        for (int c = a + 1; c < m && l[ord[c]].box.x < ba->x + ba->w; c++)
            assert_false(overlap(*ba, l[ord[c]].box));
    }
    /* leaders: the vertical from the axis band to a box crosses no other box,
     * except boxes of labels with the same anchor (a stack) */
    for (int a = 0; a < m; a++) {
        const cm_place_label_t *p = &l[ord[a]];
        double y0 = p->tier > 0 ? p->box.y + p->box.h : o->axis_y + o->axis_clear;
        double y1 = p->tier > 0 ? o->axis_y - o->axis_clear : p->box.y;
        cm_rect_t seg = {p->anchor_x, y0, 0, y1 - y0};
        for (int c = 0; c < m; c++) {
            const cm_place_label_t *q = &l[ord[c]];
            if (q->box.x > p->anchor_x)
                break;
            if (c == a || q->anchor_x == p->anchor_x || q->box.x + q->box.w < p->anchor_x)
                continue;
            assert_false(cm_rect_intersects(seg, q->box, 1e-6));
        }
    }
    g_array_free(idx, TRUE);
}

static void
test_centred_when_free(void **state)
{
    (void)state;
    cm_place_label_t l[3] = {lab(100, 60, 20, 1), lab(400, 80, 20, 1), lab(900, 40, 20, 1)};
    cm_place_opts_t o = opts(2, 2);
    int dropped = cm_place_labels(l, 3, &o);
    check_result(l, 3, &o, dropped);
    assert_int_equal(dropped, 0);
    for (int i = 0; i < 3; i++) {
        assert_true(l[i].placed);
        assert_int_equal(l[i].tier, 1);
        assert_true(fabs(l[i].box.x - (l[i].anchor_x - l[i].w / 2)) < 1e-9);
        assert_true(fabs(l[i].box.y - (AXIS_Y - CLEAR - 20)) < 1e-9);
    }
}

static void
test_slides_then_changes_tier(void **state)
{
    (void)state;
    /* A slides left until it leaves the pending anchors of C (115) and B
     * (130) uncovered; B cannot be centred next to A, but fits slid right,
     * starting at C's anchor (not covering it) */
    cm_place_label_t l[3] = {lab(100, 60, 20, 3), lab(130, 60, 20, 2), lab(115, 60, 20, 1)};
    cm_place_opts_t o = opts(1, 1);
    int dropped = cm_place_labels(l, 3, &o);
    check_result(l, 3, &o, dropped);
    assert_int_equal(l[0].tier, 1);
    assert_true(fabs(l[0].box.x - 55) < 1e-3);
    assert_int_equal(l[1].tier, 1);
    assert_true(fabs(l[1].box.x - 115) < 1e-3);
    /* C's anchor is covered in tier 1 on both sides: it goes below */
    assert_int_equal(l[2].tier, -1);
    assert_true(fabs(l[2].box.x - 85) < 1e-9);
    assert_int_equal(dropped, 0);
}

static void
test_tier_order_and_drops(void **state)
{
    (void)state;
    /* seven labels on one day: they stack 1, -1, 2, -2, 3, -3; the seventh is dropped */
    cm_place_label_t l[7];
    for (int i = 0; i < 7; i++)
        l[i] = lab(500, 70, 25, 10 - i);
    cm_place_opts_t o = opts(3, 3);
    int dropped = cm_place_labels(l, 7, &o);
    check_result(l, 7, &o, dropped);
    const int expect[] = {1, -1, 2, -2, 3, -3};
    for (int i = 0; i < 6; i++) {
        assert_true(l[i].placed);
        assert_int_equal(l[i].tier, expect[i]);
    }
    assert_false(l[6].placed);
    assert_int_equal(dropped, 1);

    /* no tiers at all: everything dropped */
    o = opts(0, 0);
    assert_int_equal(cm_place_labels(l, 7, &o), 7);
    check_result(l, 7, &o, 7);
}

static void
test_leaders_not_through_labels(void **state)
{
    (void)state;
    /* A (tier 1) cannot help covering B's anchor (the left bound keeps it
     * from sliding left of it); B must not go to tier 2 above A */
    cm_place_label_t l[2] = {lab(100, 100, 20, 2), lab(120, 30, 20, 1)};
    cm_place_opts_t o = opts(3, 0);
    o.x_min = 60;
    int dropped = cm_place_labels(l, 2, &o);
    check_result(l, 2, &o, dropped);
    assert_true(l[0].placed);
    assert_false(l[1].placed);
    assert_int_equal(dropped, 1);

    /* a label may not cover the leader of one placed farther out: X finds
     * tier 1 taken by Y and Z on either side of its anchor (both slid off
     * the pending anchors of X and W) and goes to tier 2; W would fit in the
     * gap between Y and Z but X's leader runs there, so it goes to tier 2
     * too, right of X's box (X, pending W, left W's anchor uncovered) */
    cm_place_label_t m[4] = {lab(84, 28, 20, 5), lab(121, 38, 20, 4), lab(100, 40, 20, 3),
                             lab(101, 3, 20, 1)};
    o = opts(3, 0);
    dropped = cm_place_labels(m, 4, &o);
    check_result(m, 4, &o, dropped);
    assert_int_equal(m[0].tier, 1);
    assert_int_equal(m[1].tier, 1);
    assert_int_equal(m[2].tier, 2);
    assert_int_equal(m[3].tier, 2);
    assert_true(m[3].box.x >= m[2].box.x + m[2].box.w - 1e-9);
    assert_int_equal(dropped, 0);
    /* with one tier, X has nowhere to go and W takes the gap */
    o = opts(1, 0);
    dropped = cm_place_labels(m, 4, &o);
    check_result(m, 4, &o, dropped);
    assert_false(m[2].placed);
    assert_true(m[3].placed); /* X dropped: the gap is free again */
    /* without X the gap takes W */
    m[2].priority = 0;
    m[2].anchor_x = 1500;
    dropped = cm_place_labels(m, 4, &o);
    assert_int_equal(dropped, 0);
    assert_int_equal(m[3].tier, 1);
}

static void
test_obstacles_and_bounds(void **state)
{
    (void)state;
    /* an obstacle over tier 1 around x = 300 pushes the label aside or down */
    cm_rect_t obs[2] = {{300, AXIS_Y - CLEAR - 25, 30, 25}, {0, 0, 2000, 300}};
    cm_place_label_t l[3] = {lab(300, 50, 20, 1), lab(0, 50, 20, 1), lab(2000, 50, 20, 1)};
    cm_place_opts_t o = opts(10, 1);
    o.obstacles = obs;
    o.n_obstacles = 2;
    int dropped = cm_place_labels(l, 3, &o);
    check_result(l, 3, &o, dropped);
    assert_int_equal(dropped, 0);
    assert_int_equal(l[0].tier, 1);
    assert_true(fabs(l[0].box.x - 250) < 1e-9); /* slid left, anchor on its right edge */
    /* anchors on the edges: boxes slide inside */
    assert_true(fabs(l[1].box.x - 0) < 1e-9);
    assert_true(fabs(l[2].box.x + l[2].box.w - 2000) < 1e-9);

    /* the title obstacle (y < 300) caps the tiers above: many labels at one x
     * never reach it */
    cm_place_label_t s[20];
    for (int i = 0; i < 20; i++)
        s[i] = lab(1000, 50, 20, 20 - i);
    dropped = cm_place_labels(s, 20, &o);
    check_result(s, 20, &o, dropped);
    int above = 0;
    for (int i = 0; i < 20; i++)
        above += s[i].placed && s[i].tier > 0;
    /* tiers fit between y = 300 and the axis band: (500 - 20 - 300 + 4) / 34 = 5 */
    assert_int_equal(above, 5);
    assert_int_equal(dropped, 20 - 5 - 1);

    /* too wide for the plot: dropped */
    cm_place_label_t w[1] = {lab(1000, 2500, 20, 1)};
    assert_int_equal(cm_place_labels(w, 1, &o), 1);
}

static void
test_tall_labels_span_tiers(void **state)
{
    (void)state;
    /* 70 px is more than two tiers of 30 + 4: it takes three */
    cm_place_label_t l[3] = {lab(100, 60, 70, 3), lab(100, 60, 20, 2), lab(100, 60, 20, 1)};
    cm_place_opts_t o = opts(4, 1);
    int dropped = cm_place_labels(l, 3, &o);
    check_result(l, 3, &o, dropped);
    assert_int_equal(l[0].tier, 1);
    assert_int_equal(l[1].tier, -1);
    assert_int_equal(l[2].tier, 4); /* stacked over the tall label */
    assert_false(overlap(l[0].box, l[2].box));
    /* too tall for the tiers below */
    cm_place_label_t t[1] = {lab(100, 60, 200, 1)};
    o = opts(0, 3);
    assert_int_equal(cm_place_labels(t, 1, &o), 1);
}

static void
test_priority_respected(void **state)
{
    (void)state;
    /* one slot: the higher priority gets it whatever the input order */
    cm_place_label_t l[2] = {lab(300, 60, 20, 1), lab(300, 60, 20, 5)};
    cm_place_opts_t o = opts(1, 0);
    assert_int_equal(cm_place_labels(l, 2, &o), 1);
    assert_false(l[0].placed);
    assert_true(l[1].placed);
    /* equal priorities: the smaller x, then the smaller index wins (the
     * bounds leave room for one box) */
    cm_place_label_t e[2] = {lab(310, 60, 20, 1), lab(300, 60, 20, 1)};
    o.x_min = 280;
    o.x_max = 340;
    assert_int_equal(cm_place_labels(e, 2, &o), 1);
    assert_true(e[1].placed);
}

static void
random_labels(cm_place_label_t *l, int n, double x_max, guint32 seed)
{
    GRand *r = g_rand_new_with_seed(seed);
    for (int i = 0; i < n; i++) {
        /* a quarter share an anchor with another label (same day) */
        double x = (i > 0 && g_rand_int_range(r, 0, 4) == 0) ? l[i - 1].anchor_x
                                                             : g_rand_double_range(r, 0, x_max);
        l[i] = lab(x, g_rand_double_range(r, 5, 120), g_rand_int_range(r, 0, 5) == 0 ? 50 : 24,
                   g_rand_int_range(r, 0, 10));
    }
    g_rand_free(r);
}

static gint
by_spot(gconstpointer pa, gconstpointer pb, gpointer user)
{
    const cm_place_label_t *l = user;
    const cm_place_label_t *a = &l[*(const int *)pa], *b = &l[*(const int *)pb];
    if (a->anchor_x != b->anchor_x)
        return a->anchor_x < b->anchor_x ? -1 : 1;
    if (a->w != b->w)
        return a->w < b->w ? -1 : 1;
    return (a->h > b->h) - (a->h < b->h);
}

static void
test_random_many(void **state)
{
    (void)state;
    enum { N = 20000 };
    cm_place_label_t *a = g_new(cm_place_label_t, N), *b = g_new(cm_place_label_t, N);
    random_labels(a, N, 3000, 42);
    memcpy(b, a, sizeof(cm_place_label_t) * N);
    cm_rect_t obs[2] = {{0, 0, 3000, 200}, {2800, 200, 200, 150}};
    cm_place_opts_t o = opts(6, 6);
    o.x_max = 3000;
    o.obstacles = obs;
    o.n_obstacles = 2;
    int da = cm_place_labels(a, N, &o);
    int db = cm_place_labels(b, N, &o);
    check_result(a, N, &o, da);
    assert_true(da > 0 && da < N);
    /* deterministic: the same input gives the same boxes */
    assert_int_equal(da, db);
    assert_memory_equal(a, b, sizeof(cm_place_label_t) * N);
    /* the greedy order: a dropped label never outranks a placed one on its
     * spot (same anchor, same size) */
    int *ord = g_new(int, N);
    for (int i = 0; i < N; i++)
        ord[i] = i;
    g_qsort_with_data(ord, N, sizeof(int), by_spot, a);
    for (int i = 0, j; i < N; i = j) {
        double best_dropped = -INFINITY, worst_placed = INFINITY;
        for (j = i; j < N && by_spot(&ord[i], &ord[j], a) == 0; j++) {
            const cm_place_label_t *p = &a[ord[j]];
            if (p->placed)
                worst_placed = fmin(worst_placed, p->priority);
            else
                best_dropped = fmax(best_dropped, p->priority);
        }
        assert_true(best_dropped <= worst_placed);
    }
    g_free(ord);
    g_free(a);
    g_free(b);
}

typedef struct {
    const cm_place_label_t *truth;
    int calls;
    guint8 *seen;
} lazy_t;

static void
lazy_measure(void *user, int i, double *w, double *h)
{
    lazy_t *z = user;
    assert_false(z->seen[i]); /* once per label */
    z->seen[i] = 1;
    z->calls++;
    *w = z->truth[i].w;
    *h = z->truth[i].h;
}

static void
test_lazy_measure(void **state)
{
    (void)state;
    enum { N = 5000 };
    cm_place_label_t *eager = g_new(cm_place_label_t, N), *lazy = g_new(cm_place_label_t, N);
    random_labels(eager, N, 1500, 9);
    for (int i = 0; i < N; i++)
        lazy[i] = lab(eager[i].anchor_x, 4, 20, eager[i].priority); /* lower bounds */
    cm_place_opts_t o = opts(5, 5);
    o.x_max = 1500;
    int de = cm_place_labels(eager, N, &o);
    lazy_t z = {eager, 0, g_new0(guint8, N)};
    o.measure = lazy_measure;
    o.measure_ctx = &z;
    int dl = cm_place_labels(lazy, N, &o);
    check_result(lazy, N, &o, dl);
    /* the same result as measuring everything up front */
    assert_int_equal(de, dl);
    for (int i = 0; i < N; i++) {
        assert_int_equal(eager[i].placed, lazy[i].placed);
        assert_int_equal(eager[i].tier, lazy[i].tier);
        assert_memory_equal(&eager[i].box, &lazy[i].box, sizeof(cm_rect_t));
        if (lazy[i].placed)
            assert_true(z.seen[i]);
    }
    /* and most labels of a crowded axis are never measured */
    assert_true(z.calls < N / 2);
    g_free(z.seen);
    g_free(eager);
    g_free(lazy);
}

/* Eight labels within 1% of the axis width, each far wider than the
 * cluster: with enough tiers every one is placed, as a staircase of boxes
 * flush against their own leaders, and no leader crosses a box. */
static void
test_dense_cluster(void **state)
{
    (void)state;
    enum { N = 8 };
    cm_place_label_t l[N], again[N];
    for (int i = 0; i < N; i++) /* file order, left to right: 1000 … 1017.5 */
        l[i] = lab(1000 + 2.5 * i, 150 + 5 * (i % 3), 24, N - i);
    cm_place_opts_t o = opts(6, 6);
    int dropped = cm_place_labels(l, N, &o);
    check_result(l, N, &o, dropped);
    assert_int_equal(dropped, 0);
    /* every box leaves the anchors to its right (placed later) uncovered */
    for (int i = 0; i < N; i++)
        for (int j = i + 1; j < N; j++)
            assert_false(l[i].box.x < l[j].anchor_x && l[j].anchor_x < l[i].box.x + l[i].box.w &&
                         (l[i].tier > 0) == (l[j].tier > 0) && abs(l[j].tier) > abs(l[i].tier));
    /* deterministic */
    for (int i = 0; i < N; i++)
        again[i] = lab(l[i].anchor_x, l[i].w, l[i].h, l[i].priority);
    assert_int_equal(cm_place_labels(again, N, &o), 0);
    assert_memory_equal(l, again, sizeof l);

    /* the old rule (boxes centred on their anchors first) kept two */
    int centred = 0;
    for (int i = 0; i < N; i++)
        centred += fabs(l[i].box.x + l[i].box.w / 2 - l[i].anchor_x) < 1e-9;
    assert_true(centred <= 2);
}

/* A cluster against the right bound, where boxes cannot reach past their
 * anchors to the right: taken from the right with crowded labels sent to
 * the farthest tier, all are placed; the nearest-tier fallback loses some. */
static void
test_cluster_against_edge(void **state)
{
    (void)state;
    enum { N = 8 };
    cm_place_label_t far[N], near[N];
    for (int i = 0; i < N; i++) {
        far[i] = lab(1960 + 4.0 * i, 150, 24, i); /* rightmost first */
        near[i] = far[i];
    }
    cm_place_opts_t o = opts(4, 4);
    o.crowded_far = true;
    int d_far = cm_place_labels(far, N, &o);
    check_result(far, N, &o, d_far);
    assert_int_equal(d_far, 0);
    o.crowded_far = false;
    int d_near = cm_place_labels(near, N, &o);
    check_result(near, N, &o, d_near);
    assert_true(d_near > 0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_centred_when_free),
        cmocka_unit_test(test_slides_then_changes_tier),
        cmocka_unit_test(test_tier_order_and_drops),
        cmocka_unit_test(test_leaders_not_through_labels),
        cmocka_unit_test(test_obstacles_and_bounds),
        cmocka_unit_test(test_tall_labels_span_tiers),
        cmocka_unit_test(test_priority_respected),
        cmocka_unit_test(test_random_many),
        cmocka_unit_test(test_lazy_measure),
        cmocka_unit_test(test_dense_cluster),
        cmocka_unit_test(test_cluster_against_edge),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
