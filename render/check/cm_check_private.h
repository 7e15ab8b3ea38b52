/* cm_check_private.h — what the checker's files share (cm__ prefix): the scene's paths
 * flattened once into polylines, hit tests against them, and the problem list's adder.
 *
 * Invariants: a cm__geom_t is built from one scene and borrowed by every check of that
 * scene; its polylines are in scene px; subpath i of op k is subs[op_sub0[k] + i].
 */
#ifndef CM_CHECK_PRIVATE_H
#define CM_CHECK_PRIVATE_H

#include "cm_check.h"

typedef struct {
    int first, n; /* points[first .. first + n) */
    bool closed;  /* ended by CLOSE (a fill closes every subpath anyway) */
} cm__sub_t;

typedef struct {
    /* borrowed */
    const cm_scene_t *scene;
    /* owned */
    GArray *points; /* cm_point_t */
    GArray *subs;   /* cm__sub_t */
    int *op_sub0;   /* per op: its first subpath; op_sub0[k + 1] - op_sub0[k] of them */
    cm_rect_t *ink; /* per op: for text, the box glyphs cover; for paths, the bbox */
    char **subject; /* per op: cm_check_subject of its id ("" without an id) */
} cm__geom_t;

void cm__geom_init(cm__geom_t *g, const cm_scene_t *scene);
void cm__geom_release(cm__geom_t *g);

static inline const cm_op_t *
cm__op(const cm__geom_t *g, int k)
{
    return cm_scene_op(g->scene, k);
}

/* True when point P is inside the fill of path op K (non-zero winding, Cairo's default). */
bool cm__fill_contains(const cm__geom_t *g, int k, cm_point_t p);
/* True when the fill of path op K and rectangle R share any area. */
bool cm__fill_hits_rect(const cm__geom_t *g, int k, cm_rect_t r);
/* True when the stroke of path op K (its segments widened by half the line width) touches
 * rectangle R. */
bool cm__stroke_hits_rect(const cm__geom_t *g, int k, cm_rect_t r);
/* True when a segment of path op A crosses a segment of path op B: a proper crossing, or
 * the two running along each other; touching at an end point is not crossing. */
bool cm__strokes_cross(const cm__geom_t *g, int a, int b);
/* The share of N_SAMPLES evenly spread points of R that lie in the fill of op K. */
double cm__fill_coverage(const cm__geom_t *g, int k, cm_rect_t r);

bool cm__rects_overlap(cm_rect_t a, cm_rect_t b, double eps);

/* Appends a problem; ids are copied into the list. */
void cm__problem_add(cm_problems_t *p, cm_problem_kind_t kind, const cm_scene_t *scene, int op0,
                     int op1, double value);

/* The checks, each appending problems of its kind(s) in paint order. */
void cm__check_marks(const cm__geom_t *g, cm_problems_t *out);
void cm__check_leaders(const cm__geom_t *g, cm_problems_t *out);
void cm__check_markers(const cm__geom_t *g, cm_problems_t *out);
void cm__check_contrast(const cm__geom_t *g, const cm_check_opts_t *opts, cm_problems_t *out);

/* Ids by role. */
bool cm__is_leader(const char *id);
bool cm__is_marker(const char *id);

#endif
