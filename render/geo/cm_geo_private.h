/* cm_geo_private.h — what the files of render/geo/ share and nobody else sees.
 *
 * Cut geometry (cm__geo_cut_t) is the topology after antimeridian cutting: polylines
 * ("segments") and rings made of segment references. Every source arc became one or more
 * segments, so two rings sharing an arc share those segments; the closures added along the
 * edge meridian or a pole are segments of their own. Before projection a point's x is its
 * longitude relative to lon_0, in [-180, 180]; cm__geo_cut_project() turns all points into
 * projected metres in place.
 */
#ifndef CM_GEO_PRIVATE_H
#define CM_GEO_PRIVATE_H

#include "cm_geo.h"

typedef struct {
    int first_ref; /* into ring_refs */
    int n_refs;
    int polygon; /* index of the source polygon within its feature */
    bool hole;
} cm__geo_cut_ring_t;

typedef struct {
    GArray *pts;       /* cm_geo_xy_t */
    GArray *seg_off;   /* int, n_segments + 1 offsets into pts */
    GArray *ring_refs; /* int, segment references: ~i is segment i reversed */
    GArray *rings;     /* cm__geo_cut_ring_t, grouped by feature */
    int *feat_off;     /* n_features + 1 offsets into rings */
    int n_features;
} cm__geo_cut_t;

struct cm_geo_projected {
    const cm_geo_t *geo; /* borrowed */
    cm__geo_cut_t cut;   /* owned; points in projected metres */
    double extent[4];
    bool has_extent;
};

/* Frees what a loaded feature owns and zeroes it. */
void cm__geo_feature_clear(cm_geo_feature_t *f);

/* Cuts GEO's rings at lon_0 ± 180 (when CUT) into C, points relative to lon_0. */
void cm__geo_cut_init(cm__geo_cut_t *c, const cm_geo_t *geo, double lon_0, bool cut);
void cm__geo_cut_release(cm__geo_cut_t *c);

static inline int
cm__geo_seg_count(const cm__geo_cut_t *c)
{
    return (int)c->seg_off->len - 1;
}

/* Douglas–Peucker over PTS[0..N-1] (projected units): sets KEEP[i] for the points to keep,
 * always both ends. Points with non-finite coordinates are never kept. Spans longer than
 * MAX_LEN (when > 0) keep a middle point if they have one. */
void cm__geo_simplify(const cm_geo_xy_t *pts, int n, double tolerance, double max_len, bool *keep);

#endif
