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

/* ---- the JSON tree the loader reads (cm_geo_json.c) ---- */

/* json-glib recurses while parsing; nesting deeper than this is refused up front. GeoJSON
 * needs about six levels and TopoJSON five. */
#define CM__JSON_MAX_DEPTH 256

typedef enum {
    CM__JSON_NULL,
    CM__JSON_FALSE,
    CM__JSON_TRUE,
    CM__JSON_INT,     /* v.i: an integer literal that fits 64 bits */
    CM__JSON_DOUBLE,  /* v.d: any other number (may be ±inf for 1e999) */
    CM__JSON_STRING,  /* v.s: UTF-8, NUL-terminated */
    CM__JSON_ARRAY,   /* v.first, n elements; never all numbers unless empty */
    CM__JSON_OBJECT,  /* v.first, n members in file order, each with its key */
    CM__JSON_NUMBERS, /* v.nums, n >= 1 doubles: an array holding only numbers */
} cm__json_type_t;

typedef struct cm__json_node cm__json_node_t;
struct cm__json_node {
    const cm__json_node_t *next; /* the next element or member */
    const char *key;             /* the member's name inside an object, else NULL */
    union {
        gint64 i;
        double d;
        const char *s;
        const cm__json_node_t *first;
        const double *nums;
    } v;
    int n;
    int line; /* 1-based line of the value's first byte; 0 when unknown */
    cm__json_type_t type;
};

typedef struct cm__json cm__json_t;

/* Parses BUF[0..LEN) (NUL-terminated at LEN) into a tree owned by the result. PATH only
 * names the file in messages. At most MAX_POSITIONS arrays of two or more numbers are
 * accepted (<= 0: no limit). Returns NULL and sets ERROR (CM_ERROR_DATA, message naming
 * PATH and a line) when the bytes are not JSON, nest too deep or hold too many positions. */
cm__json_t *cm__json_read(const char *path, const char *buf, gsize len, gint64 max_positions,
                          GError **error);
/* The same through json-glib only (what cm__json_read falls back on): its tree copied
 * into the same form, or its error. For tests that hold the two readers side by side. */
cm__json_t *cm__json_read_glib(const char *path, const char *buf, gsize len, gint64 max_positions,
                               GError **error);
void cm__json_free(cm__json_t *doc);
const cm__json_node_t *cm__json_root(const cm__json_t *doc);
/* How many positions (arrays of two or more numbers) the document holds. */
gint64 cm__json_positions(const cm__json_t *doc);
/* The member NAME of OBJ (the last one when repeated), NULL when absent or OBJ is not an
 * object. */
const cm__json_node_t *cm__json_member(const cm__json_node_t *obj, const char *name);
/* A finite number's value; false for anything else. */
bool cm__json_number(const cm__json_node_t *n, double *out);

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

/* Cells probed times edges, at most, for one label point (cm_geo_label.c). */
#define CM__GEO_POLYLABEL_WORK ((gint64)20000000)

/* cm_geo_polylabel, and in *CELLS (when not NULL) how many cells it measured: at most
 * 4096 + 2 to start, then 4 per probe, with probes times edges within
 * CM__GEO_POLYLABEL_WORK (at least 64 probes). */
cm_geo_xy_t cm__geo_polylabel(const cm_geo_path_t *rings, int n_rings, double precision,
                              double *dist, gint64 *cells);

#endif
