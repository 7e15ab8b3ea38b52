/* cm_place.h — point-label placement in tiers, a pure function.
 *
 * Input: labels anchored at x positions along a horizontal axis, each with a
 * measured size and a priority, and fixed obstacles (the axis line, the
 * title). Output: for each label a box in one of the tiers above or below the
 * axis, or "dropped". Boxes never overlap each other or an obstacle.
 *
 * Algorithm: labels are taken in priority order (ties by x, then index, so the
 * result is deterministic); each goes to the nearest tier (alternating above
 * and below, nearest the axis first) where its box, holding its anchor x
 * (centred, or slid up to its whole width sideways), fits — preferring a tier
 * and spot where the box covers no anchor of a label still to be placed, so a
 * dense cluster fans out into a staircase instead of shutting its later labels
 * out of every outer tier. Leaders are vertical from the axis band to the box
 * and cross no other box. Each tier keeps its placed intervals in a balanced
 * search structure and the pending anchors sit in a sorted array with
 * union-find links, so n labels cost O(n log n · tiers). This is the Graphviz
 * xlabels idea reduced to one axis.
 */
#ifndef CM_PLACE_H
#define CM_PLACE_H

#include "../scene/cm_scene.h"

typedef struct {
    /* input */
    double anchor_x; /* where the leader line meets the axis */
    double w, h;     /* measured label size */
    double priority; /* higher is placed first and dropped last */
    /* output */
    bool placed;
    int tier;      /* 1, 2, … above the axis; -1, -2, … below */
    cm_rect_t box; /* where the label goes, when placed */
} cm_place_label_t;

typedef struct {
    double axis_y;              /* y of the axis line */
    double axis_clear;          /* half-height of the band around the axis kept free */
    double tier_height;         /* tier pitch; a label taller than this uses several */
    double tier_gap;            /* space between tiers */
    int tiers_above;            /* tiers allowed above the axis */
    int tiers_below;            /* tiers allowed below */
    double x_min, x_max;        /* labels must stay inside */
    const cm_rect_t *obstacles; /* borrowed; may be NULL */
    int n_obstacles;
    /* Optional lazy measuring. When set, each label's w and h on input are
     * lower bounds; a label that cannot be placed even at that size is
     * dropped without being measured (its w, h stay the bounds), the others
     * get MEASURE(MEASURE_CTX, index, &w, &h) once, just before placing. */
    void (*measure)(void *measure_ctx, int index, double *w, double *h);
    void *measure_ctx;
    /* Where a label goes when every spot it fits covers a pending anchor:
     * false, the nearest tier; true, the farthest, where it shuts out the
     * fewest tiers beyond it. */
    bool crowded_far;
} cm_place_opts_t;

/* Places LABELS in place. Returns the number dropped. */
int cm_place_labels(cm_place_label_t *labels, int n, const cm_place_opts_t *opts);

#endif
