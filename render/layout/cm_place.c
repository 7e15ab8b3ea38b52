/* cm_place.c — greedy tiered placement of point labels along a horizontal axis.
 *
 * The Graphviz xlabels idea (lib/label/xlabels.c: place in priority order,
 * keep what is placed in a spatial index, reject candidates that hit it)
 * reduced to one axis. Tier r above the axis is the band whose bottom is
 * axis_clear + (r-1)·pitch above the axis line (pitch = tier_height +
 * tier_gap); below is the mirror image. Labels are taken in priority order
 * (ties by anchor x, then index) and each tries tiers 1, -1, 2, -2, …; within
 * a tier its box must contain its anchor x (so it is centred, or slid by up
 * to its whole width) and stay inside [x_min, x_max].
 *
 * Every tier keeps two balanced trees (GTree): the x-intervals of the boxes
 * in it, which are disjoint, and the x of the leader lines passing through
 * it from labels in farther tiers. Disjoint intervals sorted by start are
 * also sorted by end, so one predecessor query answers "does [L, R) hit a
 * box" in O(log n). When the centred box is blocked, the candidate jumps
 * straight past the blocking range to the right and to the left (the
 * nearest free spot on each side, found in a few jumps) and the one nearer
 * the centre wins.
 *
 * Leaders stay clean: a label in tier r needs its anchor x free in tiers
 * 1 … r-1 (its leader runs through them) and its box must not cover the
 * leaders of labels already placed farther out. One exception makes stacks
 * possible: labels with the same anchor x may sit on each other's leader
 * (several events on one day form a column joined by one line). Leaders must
 * not cross obstacles either.
 *
 * Keeping the way out open (dense clusters). A box in tier r that covers the
 * anchor of a label still to be placed shuts that label out of every tier
 * beyond r on that side, which is how a cluster of events a few pixels apart
 * used to lose all but two labels while most tiers stayed empty. So each
 * label is placed in two passes: first the nearest tier with a spot whose box
 * covers no pending anchor (other than its own column's), and only when no
 * tier has one, the nearest (or, with opts->crowded_far, the farthest) tier
 * with any free spot: in the farthest it shuts out the fewest tiers. The pending anchors sit in a
 * sorted array with two path-compressed "next/previous pending" links (union-find), so the test
 * costs O(log n) like the others. A cluster then fans out into a staircase: each label's box is
 * flush against its own leader on the side away from its pending neighbours, one tier farther out
 * than the last, and every leader stays a straight vertical line. (Moving a box right off its
 * anchor with an elbow leader gains nothing here: the elbow's run must be as
 * free as a box, so a free elbow-plus-box always contains a free box that
 * holds the anchor.)
 *
 * Measuring can be lazy (opts->measure): labels then come with lower-bound
 * sizes and only those that fit at that size are measured and placed for
 * real. On a crowded axis most labels are dropped without being measured,
 * which matters when measuring means shaping text.
 *
 * Cost: O(log n) per query, a bounded number of queries per tier, so
 * O(n log n · tiers) for n labels; the output depends only on the input.
 */
#include "cm_place.h"

#include <math.h>
#include <stdlib.h>

#define PUSH_MAX 12    /* jumps per direction before a tier is given up */
#define PUSH_EPS 1e-6  /* px added to each jump against rounding */
#define MIN_WIDTH 1e-3 /* zero-width labels are treated as this wide */

typedef struct {
    double x0, x1; /* box x-interval, or x0 = x1 = anchor for a leader */
    int id;        /* label index; -1 and G_MAXINT in search keys */
} ival_t;

typedef struct {
    GTree *boxes;   /* ival_t* → NULL, disjoint box intervals */
    GTree *leaders; /* ival_t* → NULL, leader x of labels farther out */
} tier_t;

typedef struct {
    /* borrowed */
    const cm_place_opts_t *o;
    const cm_place_label_t *labels;
    /* owned */
    tier_t *tiers[2]; /* [0] above, [1] below; index r-1 for tier r */
    ival_t *boxes;    /* per label */
    ival_t *leads;    /* per label */
    double *pend_x;   /* anchors sorted by (x, index) */
    int *pend_pos;    /* label index → position in pend_x */
    int *pend_next;   /* union-find: first pending position >= k (n: none) */
    int *pend_prev;   /* union-find: last pending position <= k, shifted by 1 (0: none) */
    /* plain values */
    int n;
    int n_tiers[2];
    double pitch, x_min, x_max;
} placer_t;

typedef struct {
    double prio, x;
    int idx;
} order_t;

static int
ival_cmp(gconstpointer a, gconstpointer b, gpointer unused)
{
    const ival_t *p = a, *q = b;
    if (p->x0 != q->x0)
        return p->x0 < q->x0 ? -1 : 1;
    return (p->id > q->id) - (p->id < q->id);
}

static int
order_cmp(const void *a, const void *b)
{
    const order_t *p = a, *q = b;
    if (p->prio != q->prio)
        return p->prio > q->prio ? -1 : 1;
    if (p->x != q->x)
        return p->x < q->x ? -1 : 1;
    return (p->idx > q->idx) - (p->idx < q->idx);
}

static const ival_t *
node_key(GTreeNode *node)
{
    return node ? g_tree_node_key(node) : NULL;
}

/* The last key with x0 < X. */
static const ival_t *
last_before(GTree *t, double x)
{
    ival_t key = {x, x, -1};
    GTreeNode *n = g_tree_lower_bound(t, &key);
    return node_key(n ? g_tree_node_previous(n) : g_tree_node_last(t));
}

/* The first key with x0 > X. */
static const ival_t *
first_after(GTree *t, double x)
{
    ival_t key = {x, x, G_MAXINT};
    return node_key(g_tree_upper_bound(t, &key));
}

/* The first key with x0 >= X. */
static const ival_t *
first_from(GTree *t, double x)
{
    ival_t key = {x, x, -1};
    return node_key(g_tree_lower_bound(t, &key));
}

/* Widens [*bl, *br] to hold [a, b]. */
static void
block(double a, double b, bool *hit, double *bl, double *br)
{
    *bl = *hit ? fmin(*bl, a) : a;
    *br = *hit ? fmax(*br, b) : b;
    *hit = true;
}

/* Boxes of tier T that [l, r) hits: their range into [*bl, *br]. */
static void
hit_boxes(const tier_t *t, double l, double r, bool *hit, double *bl, double *br)
{
    const ival_t *right = last_before(t->boxes, r);
    if (!right || right->x1 <= l)
        return;
    /* Disjoint and sorted: the leftmost box hit either starts before l and
     * reaches past it, or is the first one starting at or after l. */
    const ival_t *left = last_before(t->boxes, l);
    if (!left || left->x1 <= l)
        left = first_from(t->boxes, l);
    block(left->x0, right->x1, hit, bl, br);
}

/* Leaders through tier T strictly inside (l, r), except those of ANCHOR. */
static void
hit_leaders(const placer_t *p, const tier_t *t, double l, double r, double anchor, bool *hit,
            double *bl, double *br)
{
    const ival_t *a = first_after(t->leaders, l);
    while (a && a->x0 < r && a->x0 == anchor)
        a = first_after(t->leaders, a->x0);
    if (!a || a->x0 >= r)
        return;
    const ival_t *b = last_before(t->leaders, r);
    while (b && b->x0 == anchor)
        b = last_before(t->leaders, b->x0);
    block(a->x0, b && b->x0 > a->x0 ? b->x0 : a->x0, hit, bl, br);
    (void)p;
}

/* First position in the sorted anchors with x > X (STRICT) or x >= X. */
static int
pend_bound(const placer_t *p, double x, bool strict)
{
    int lo = 0, hi = p->n;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (strict ? p->pend_x[mid] <= x : p->pend_x[mid] < x)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Union-find root of K in LINK, compressing the path. */
static int
uf_find(int *link, int k)
{
    int r = k;
    while (link[r] != r)
        r = link[r];
    while (link[k] != r) {
        int up = link[k];
        link[k] = r;
        k = up;
    }
    return r;
}

/* The first pending position >= K, or n. */
static int
pend_next(const placer_t *p, int k)
{
    return uf_find(p->pend_next, k);
}

/* The last pending position < K, or -1. */
static int
pend_prev(const placer_t *p, int k)
{
    return uf_find(p->pend_prev, k) - 1;
}

static void
pend_remove(placer_t *p, int i)
{
    int k = p->pend_pos[i];
    p->pend_next[k] = k + 1;
    p->pend_prev[k + 1] = k;
}

/* Pending anchors strictly inside (l, r), except those at ANCHOR. */
static void
hit_pending(const placer_t *p, double l, double r, double anchor, bool *hit, double *bl, double *br)
{
    int k = pend_next(p, pend_bound(p, l, true));
    if (k < p->n && p->pend_x[k] == anchor)
        k = pend_next(p, pend_bound(p, anchor, true));
    if (k >= p->n || p->pend_x[k] >= r)
        return;
    int q = pend_prev(p, pend_bound(p, r, false));
    if (p->pend_x[q] == anchor)
        q = pend_prev(p, pend_bound(p, anchor, false));
    block(p->pend_x[k], p->pend_x[MAX(q, k)], hit, bl, br);
}

/* Top edge y of the box of a label of height H in tier R on SIDE. */
static double
box_y(const placer_t *p, int side, int r, double h)
{
    const cm_place_opts_t *o = p->o;
    double near = o->axis_clear + (r - 1) * p->pitch;
    return side == 0 ? o->axis_y - near - h : o->axis_y + near;
}

/* Tests the box [l, l+w) of label I in tiers R … R+SPAN-1 of SIDE. Returns
 * true when free (and, when STRICT, covering no pending anchor); else the
 * blocking x-range goes to [*bl, *br]. */
static bool
box_free(const placer_t *p, int i, int side, int r, int span, bool strict, double l, double *bl,
         double *br)
{
    const cm_place_label_t *lab = &p->labels[i];
    double w = fmax(lab->w, MIN_WIDTH);
    bool hit = false;
    for (int k = r; k < r + span; k++) {
        const tier_t *t = &p->tiers[side][k - 1];
        hit_boxes(t, l, l + w, &hit, bl, br);
        hit_leaders(p, t, l, l + w, lab->anchor_x, &hit, bl, br);
    }
    if (strict)
        hit_pending(p, l, l + w, lab->anchor_x, &hit, bl, br);
    cm_rect_t box = {l, box_y(p, side, r, lab->h), w, lab->h};
    for (int k = 0; k < p->o->n_obstacles; k++) {
        const cm_rect_t *ob = &p->o->obstacles[k];
        if (cm_rect_intersects(box, *ob, 0))
            block(ob->x, ob->x + ob->w, &hit, bl, br);
    }
    return !hit;
}

/* True when the leader of label I can reach tier R of SIDE: tier R-1 does
 * not cover its anchor (but for labels with the same anchor) and the leader
 * from the axis band to tier R crosses no obstacle. */
static bool
leader_reaches(const placer_t *p, int i, int side, int r)
{
    if (r == 1)
        return true;
    double a = p->labels[i].anchor_x;
    const ival_t *cover = last_before(p->tiers[side][r - 2].boxes, a);
    if (cover && cover->x1 > a && p->labels[cover->id].anchor_x != a)
        return false;
    const cm_place_opts_t *o = p->o;
    double len = (r - 1) * p->pitch;
    double y0 = side == 0 ? o->axis_y - o->axis_clear - len : o->axis_y + o->axis_clear;
    cm_rect_t seg = {a, y0, 0, len};
    for (int k = 0; k < o->n_obstacles; k++)
        if (cm_rect_intersects(seg, o->obstacles[k], 0))
            return false;
    return true;
}

/* Finds the free left edge nearest PREF in [lmin, lmax]; false when none. */
static bool
find_spot(const placer_t *p, int i, int side, int r, int span, bool strict, double pref,
          double lmin, double lmax, double *out)
{
    double w = fmax(p->labels[i].w, MIN_WIDTH);
    double bl, br;
    if (box_free(p, i, side, r, span, strict, pref, &bl, &br)) {
        *out = pref;
        return true;
    }
    double first_bl = bl, first_br = br;
    double right = NAN, left = NAN;
    double l = pref;
    for (int k = 0; k < PUSH_MAX; k++) {
        l = fmax(br, l + PUSH_EPS);
        if (l > lmax + PUSH_EPS)
            break;
        l = fmin(l, lmax);
        if (box_free(p, i, side, r, span, strict, l, &bl, &br)) {
            right = l;
            break;
        }
    }
    bl = first_bl;
    br = first_br;
    l = pref;
    for (int k = 0; k < PUSH_MAX; k++) {
        l = fmin(bl - w, l - PUSH_EPS);
        if (l < lmin - PUSH_EPS)
            break;
        l = fmax(l, lmin);
        if (box_free(p, i, side, r, span, strict, l, &bl, &br)) {
            left = l;
            break;
        }
    }
    if (isnan(left) && isnan(right))
        return false;
    if (isnan(right) || (!isnan(left) && pref - left <= right - pref))
        *out = left;
    else
        *out = right;
    return true;
}

static void
commit(placer_t *p, cm_place_label_t *lab, int i, int side, int r, int span, double l)
{
    double w = fmax(lab->w, MIN_WIDTH);
    p->boxes[i] = (ival_t){l, l + w, i};
    p->leads[i] = (ival_t){lab->anchor_x, lab->anchor_x, i};
    for (int k = r; k < r + span; k++)
        g_tree_insert(p->tiers[side][k - 1].boxes, &p->boxes[i], NULL);
    for (int k = 1; k < r; k++)
        g_tree_insert(p->tiers[side][k - 1].leaders, &p->leads[i], NULL);
    lab->placed = true;
    lab->tier = side == 0 ? r : -r;
    lab->box = (cm_rect_t){l, box_y(p, side, r, lab->h), lab->w, lab->h};
}

/* Finds the nearest (FAR: farthest) tier (*SIDE, *R, *SPAN) and left edge *L
 * that take label I at its current size; with STRICT, only spots that leave
 * every pending anchor uncovered. False when none does. */
static bool
search(const placer_t *p, const cm_place_label_t *lab, int i, bool strict, bool far, int *side_out,
       int *r_out, int *span_out, double *l_out)
{
    bool found = false;
    double w = fmax(lab->w, MIN_WIDTH);
    double lmin = lab->anchor_x - w, lmax = lab->anchor_x;
    if (p->x_max > p->x_min) {
        lmin = fmax(lmin, p->x_min);
        lmax = fmin(lmax, p->x_max - w);
    }
    if (!(lmin <= lmax) || !(lab->h >= 0))
        return false;
    double pref = CLAMP(lab->anchor_x - w / 2, lmin, lmax);
    int span = MAX(1, (int)ceil((lab->h + p->o->tier_gap) / p->pitch - 1e-9));
    int reach[2] = {p->n_tiers[0], p->n_tiers[1]};
    int r_max = MAX(reach[0], reach[1]);
    for (int r = 1; r <= r_max; r++) {
        for (int side = 0; side < 2; side++) {
            if (r > reach[side])
                continue;
            if (!leader_reaches(p, i, side, r)) {
                reach[side] = r - 1;
                continue;
            }
            if (r + span - 1 > p->n_tiers[side])
                continue;
            double l;
            if (find_spot(p, i, side, r, span, strict, pref, lmin, lmax, &l)) {
                *side_out = side;
                *r_out = r;
                *span_out = span;
                *l_out = l;
                found = true;
                if (!far)
                    return true;
            }
        }
    }
    return found;
}

/* Places label I in the nearest tier that takes it, preferring one where it
 * covers no pending anchor; false when none takes it. With lazy measuring, a
 * label that does not fit anywhere at its lower-bound size is dropped
 * unmeasured: a box that fits contains a smaller one that fits. */
static bool
place_one(placer_t *p, cm_place_label_t *lab, int i)
{
    int side, r, span;
    double l;
    pend_remove(p, i);
    if (p->o->measure) {
        if (!search(p, lab, i, false, false, &side, &r, &span, &l))
            return false;
        p->o->measure(p->o->measure_ctx, i, &lab->w, &lab->h);
    }
    if (!search(p, lab, i, true, false, &side, &r, &span, &l) &&
        !search(p, lab, i, false, p->o->crowded_far, &side, &r, &span, &l))
        return false;
    commit(p, lab, i, side, r, span, l);
    return true;
}

static int
pend_cmp(const void *a, const void *b, void *user)
{
    const cm_place_label_t *l = user;
    int i = *(const int *)a, j = *(const int *)b;
    bool ni = isnan(l[i].anchor_x), nj = isnan(l[j].anchor_x);
    if (ni || nj)
        return ni != nj ? (ni ? 1 : -1) : (i > j) - (i < j);
    if (l[i].anchor_x != l[j].anchor_x)
        return l[i].anchor_x < l[j].anchor_x ? -1 : 1;
    return (i > j) - (i < j);
}

/* Every label starts pending. NaN anchors (never placed) sort last, where
 * the binary searches treat them as greater than any x. */
static void
pending_init(placer_t *p, const cm_place_label_t *labels, int n)
{
    int *ord = g_new(int, MAX(n, 1));
    for (int i = 0; i < n; i++)
        ord[i] = i;
    g_qsort_with_data(ord, n, sizeof(int), pend_cmp, (gpointer)labels);
    p->pend_x = g_new(double, n + 1);
    p->pend_pos = g_new(int, n + 1);
    p->pend_next = g_new(int, n + 1);
    p->pend_prev = g_new(int, n + 1);
    for (int k = 0; k < n; k++) {
        p->pend_x[k] = labels[ord[k]].anchor_x;
        p->pend_pos[ord[k]] = k;
    }
    for (int k = 0; k <= n; k++)
        p->pend_next[k] = p->pend_prev[k] = k;
    g_free(ord);
}

static void
placer_init(placer_t *p, const cm_place_label_t *labels, int n, const cm_place_opts_t *o)
{
    *p = (placer_t){.o = o, .labels = labels, .n = n};
    double tier_h = o->tier_height;
    if (!(tier_h > 0)) /* no pitch given: the tallest label sets it */
        for (int i = 0; i < n; i++)
            tier_h = fmax(tier_h, labels[i].h);
    p->pitch = fmax(tier_h, 1e-6) + fmax(o->tier_gap, 0);
    p->n_tiers[0] = MAX(o->tiers_above, 0);
    p->n_tiers[1] = MAX(o->tiers_below, 0);
    p->x_min = o->x_min;
    p->x_max = o->x_max;
    for (int s = 0; s < 2; s++) {
        p->tiers[s] = g_new(tier_t, MAX(p->n_tiers[s], 1));
        for (int k = 0; k < p->n_tiers[s]; k++) {
            p->tiers[s][k].boxes = g_tree_new_full(ival_cmp, NULL, NULL, NULL);
            p->tiers[s][k].leaders = g_tree_new_full(ival_cmp, NULL, NULL, NULL);
        }
    }
    p->boxes = g_new(ival_t, MAX(n, 1));
    p->leads = g_new(ival_t, MAX(n, 1));
    pending_init(p, labels, n);
}

static void
placer_release(placer_t *p)
{
    for (int s = 0; s < 2; s++) {
        for (int k = 0; k < p->n_tiers[s]; k++) {
            g_tree_destroy(p->tiers[s][k].boxes);
            g_tree_destroy(p->tiers[s][k].leaders);
        }
        g_free(p->tiers[s]);
    }
    g_free(p->boxes);
    g_free(p->leads);
    g_free(p->pend_x);
    g_free(p->pend_pos);
    g_free(p->pend_next);
    g_free(p->pend_prev);
}

int
cm_place_labels(cm_place_label_t *labels, int n, const cm_place_opts_t *opts)
{
    g_return_val_if_fail(opts != NULL && n >= 0, n);
    if (n == 0)
        return 0;
    order_t *order = g_new(order_t, n);
    for (int i = 0; i < n; i++) {
        double prio = isnan(labels[i].priority) ? -INFINITY : labels[i].priority;
        order[i] = (order_t){prio, labels[i].anchor_x, i};
        labels[i].placed = false;
        labels[i].tier = 0;
        labels[i].box = (cm_rect_t){0, 0, 0, 0};
    }
    qsort(order, (size_t)n, sizeof *order, order_cmp);

    placer_t p;
    placer_init(&p, labels, n, opts);
    int dropped = 0;
    for (int k = 0; k < n; k++) {
        int i = order[k].idx;
        if (!place_one(&p, &labels[i], i))
            dropped++;
    }
    placer_release(&p);
    g_free(order);
    return dropped;
}
