/* cm_geo.h — basemap geometry for membership maps: load, project, cut, simplify, fit.
 *
 * The geometry road of a map, one product per step, each immutable once made:
 *
 *   cm_geo_load()         GeoJSON / TopoJSON file -> cm_geo_t (lon/lat, shared arcs)
 *   cm_proj_new()         preset name, PROJ string or EPSG code -> cm_proj_t
 *   cm_geo_project()      cm_geo_t + cm_proj_t -> cm_geo_projected_t (rings cut at the
 *                         map's edge meridian, then projected; arcs still shared)
 *   cm_proj_frame_extent()+ cm_geo_fit() -> cm_geo_fit_t (scale + translate into pixels)
 *   cm_geo_map_new()      cm_geo_projected_t + fit -> cm_geo_map_t (pixel rings simplified
 *                         per shared arc, area in px², label point per feature)
 *
 * Invariants:
 * - Topology: in a TopoJSON basemap every border is stored once, as an arc. Cutting and
 *   simplification work on arcs, never on rings, so two neighbours always get the same
 *   points along their common border (no slivers, no gaps). A GeoJSON ring is its own arc.
 * - Antimeridian: for projections with an edge meridian (everything but the azimuthal
 *   families) rings are cut where they cross lon_0 ± 180 and closed along that meridian,
 *   or via the pole for rings that go round one (Antarctica). No output segment jumps
 *   across the map.
 * - Pixel space: origin top-left, y down, in the units the fit was made for.
 * - Outer rings and holes: a map ring's `hole` flag says whether it removes area. Rings are
 *   meant to be filled with the even-odd rule.
 *
 * Threads: a cm_geo_t, cm_geo_projected_t and cm_geo_map_t may be read from any number of
 * threads. A cm_proj_t owns its own PJ_CONTEXT and must be used by one thread at a time.
 */
#ifndef CM_GEO_H
#define CM_GEO_H

#include <stdbool.h>
#include <glib.h>

/* ---- the loaded basemap (lon/lat degrees) ---- */

typedef struct {
    double x, y; /* lon, lat in a cm_geo_t; projected metres or pixels later */
} cm_geo_xy_t;

typedef struct {
    cm_geo_xy_t *pts; /* owned; lon/lat */
    int n;
} cm_geo_arc_t;

typedef struct {
    /* owned */
    cm_geo_xy_t *pts; /* the ring in lon/lat, closed: pts[0] == pts[n - 1] */
    int *arcs;        /* arc references into cm_geo_t.arcs; ~i means arc i reversed */
    /* plain values */
    int n;
    int n_arcs;
    bool hole; /* false for the first ring of a polygon */
} cm_geo_ring_t;

typedef struct {
    cm_geo_ring_t *rings; /* owned; rings[0] is the outer ring */
    int n_rings;
} cm_geo_polygon_t;

typedef struct {
    /* owned */
    char *id;   /* e.g. ISO 3166-1 numeric "250"; NULL when the feature has none */
    char *name; /* the "name" (or NAME, ADMIN, name_en) property; NULL when absent */
    cm_geo_polygon_t *polygons;
    /* plain values */
    int n_polygons;
} cm_geo_feature_t;

/* A loaded basemap. All fields are read-only for users. */
typedef struct {
    /* owned */
    char *path;
    cm_geo_feature_t *features;
    cm_geo_arc_t *arcs;
    /* plain values */
    int n_features;
    int n_arcs;
    bool topology; /* true when loaded from TopoJSON (arcs shared between features) */
    bool outer_cw; /* outer rings run clockwise in lon/lat (y up), as in d3 / world-atlas */
} cm_geo_t;

/* Loads the Polygon and MultiPolygon features of a GeoJSON FeatureCollection (or Feature)
 * or of a TopoJSON topology (objects.countries, else its first GeometryCollection).
 * ID_PROPERTY names the property holding the feature id; NULL uses the feature's own
 * "id" member. Numbers are turned into strings ("250"). Other geometry types are skipped.
 * Returns NULL and sets ERROR (CM_ERROR_IO when the file cannot be read, CM_ERROR_DATA
 * when it is not JSON, not GeoJSON/TopoJSON, lacks or misuses arcs, has no polygon
 * features, or no feature has an id); the message names the file. Free with cm_geo_free. */
cm_geo_t *cm_geo_load(const char *path, const char *id_property, GError **error);
void cm_geo_free(cm_geo_t *geo);

/* The default cap on a basemap's size, in vertices. A vertex is counted for every array of
 * two or more numbers in the file (each position; TopoJSON's lists of arc indices count
 * too, a few thousand at most), and the count stops the reading as soon as it passes the
 * cap, so an oversized file fails in bounded time and memory. The 1:50m world has about
 * 82 000; 5 million is a detailed world at 1:10m ten times over (~ 0.5 GB while loading). */
#define CM_GEO_MAX_VERTICES_DEFAULT 5000000

/* Options for cm_geo_load_full(); zero-initialise and set what you need. */
typedef struct {
    const char *id_property; /* as cm_geo_load's ID_PROPERTY; NULL: the feature's "id" */
    gint64 max_vertices;     /* the cap (see above); <= 0 means CM_GEO_MAX_VERTICES_DEFAULT */
} cm_geo_load_opts_t;

/* cm_geo_load() with options (OPTS may be NULL). A file over the vertex cap fails with
 * CM_ERROR_DATA: "basemap “FILE”:LINE: more than N vertices (the limit for a basemap);
 * ..." where LINE is where the count passed the cap. */
cm_geo_t *cm_geo_load_full(const char *path, const cm_geo_load_opts_t *opts, GError **error);

/* The first feature whose id is ID, or NULL (borrowed). */
const cm_geo_feature_t *cm_geo_find(const cm_geo_t *geo, const char *id);
/* The first feature named NAME (exact match), or NULL (borrowed). */
const cm_geo_feature_t *cm_geo_find_name(const cm_geo_t *geo, const char *name);

/* ---- projections ---- */

typedef struct cm_proj cm_proj_t;

/* DEF is a preset name ("world" Equal Earth, "robinson", "europe" EPSG:3035,
 * "north-atlantic" Equal Earth at lon_0 = -40, "asia-pacific" Equal Earth at
 * lon_0 = 150), a PROJ string ("+proj=..."), an "EPSG:n" code or anything else
 * proj_create accepts. The source is always EPSG:4326, with lon/lat order.
 * Returns NULL and sets ERROR (CM_ERROR_USAGE) naming DEF and PROJ's message when PROJ
 * rejects it, or CM_ERROR_IO when the PROJ library itself cannot be loaded (it is
 * opened on the first call; see cm_proj_api.h). Network access is off. Free with
 * cm_proj_free. */
cm_proj_t *cm_proj_new(const char *def, GError **error);
void cm_proj_free(cm_proj_t *proj);

/* The definition it was made from, the preset name or NULL, and the resolved PROJ string
 * of the target CRS (all borrowed). */
const char *cm_proj_definition(const cm_proj_t *proj);
const char *cm_proj_preset(const cm_proj_t *proj);
const char *cm_proj_string(const cm_proj_t *proj);
/* The central meridian (+lon_0 of the target, 0 when absent), in degrees. */
double cm_proj_lon0(const cm_proj_t *proj);
/* True when rings must be cut at lon_0 ± 180 (false for azimuthal projections). */
bool cm_proj_cuts(const cm_proj_t *proj);
/* The preset's lon/lat framing box (west, south, east, north; east may be < west when
 * the box spans the antimeridian); false when the whole globe is framed. */
bool cm_proj_frame(const cm_proj_t *proj, double bbox[4]);

/* Projects N lon/lat points in place (degrees in, metres out). Points PROJ cannot
 * project become HUGE_VAL. */
void cm_proj_forward(cm_proj_t *proj, cm_geo_xy_t *pts, size_t n);

/* The projected extent (minx, miny, maxx, maxy) of a lon/lat box (BBOX as in
 * cm_proj_frame), or of the preset's frame when BBOX is NULL, or of the whole globe when
 * the preset has no frame. Returns false and sets ERROR (CM_ERROR_USAGE) for a box with
 * south >= north or out of range, or when nothing of it projects. */
bool cm_proj_frame_extent(cm_proj_t *proj, const double *bbox, double extent[4], GError **error);

/* ---- projected, cut geometry (metres, y up) ---- */

typedef struct cm_geo_projected cm_geo_projected_t;

/* Cuts every ring of GEO at the projection's edge meridian (when cm_proj_cuts) and
 * projects all arcs. PROJ is only used during the call; GEO is borrowed and must outlive
 * the result (and every map made from it), whose shapes point at GEO's features.
 * Never NULL. */
cm_geo_projected_t *cm_geo_project(const cm_geo_t *geo, cm_proj_t *proj);
void cm_geo_projected_free(cm_geo_projected_t *pg);
/* The projected extent (minx, miny, maxx, maxy) of all geometry; false when empty. */
bool cm_geo_projected_extent(const cm_geo_projected_t *pg, double extent[4]);
/* The projected extent of the outer rings of feature FEATURE (its index in the basemap),
 * over the points that projected; false when none did (the feature is out of view). */
bool cm_geo_projected_feature_extent(const cm_geo_projected_t *pg, int feature, double extent[4]);

/* ---- fitting ---- */

/* Pixel = (tx + scale * X, ty - scale * Y). */
typedef struct {
    double scale, tx, ty;
} cm_geo_fit_t;

/* The largest scale that puts EXTENT (minx, miny, maxx, maxy, projected units) into the
 * pixel rectangle (X, Y, W, H), aspect preserved, centred. A degenerate extent gets
 * scale 1 around its centre. */
cm_geo_fit_t cm_geo_fit(const double extent[4], double x, double y, double w, double h);

/* ---- the pixel map ---- */

typedef struct {
    double tolerance_px; /* Douglas-Peucker tolerance; <= 0 means 0.5 */
    double min_area_px2; /* rings smaller than this are dropped; <= 0 means 0.25 */
} cm_geo_map_opts_t;

typedef struct {
    cm_geo_xy_t *pts; /* owned; pixels; closed implicitly: pts[n-1] != pts[0] */
    int n;            /* >= 3 */
    bool hole;
} cm_geo_path_t;

typedef struct {
    /* borrowed from the cm_geo_t the map was projected from: keep it alive */
    const cm_geo_feature_t *feature;
    /* owned */
    cm_geo_path_t *rings; /* may be empty when everything was below tolerance */
    /* plain values */
    int n_rings;
    double area;       /* projected area in px² of the unsimplified geometry */
    cm_geo_xy_t label; /* pole of inaccessibility of the largest polygon (pixels) */
    double label_dist; /* its distance to that polygon's edge; 0 when from a centroid */
    double bbox[4];    /* minx, miny, maxx, maxy of the unsimplified geometry (pixels) */
    bool has_label;    /* false only for a feature without any geometry */
} cm_geo_shape_t;

typedef struct {
    cm_geo_shape_t *shapes; /* owned; one per feature, in feature order */
    int n_shapes;
    cm_geo_fit_t fit;
    int n_points; /* total pixel points kept */
} cm_geo_map_t;

/* Simplifies PG's arcs to the output resolution given by FIT (tolerance in pixels, keeping
 * arc ends, so shared borders stay shared), rebuilds every feature's rings in pixels, drops
 * rings with fewer than 3 points or less than the minimum area, and computes each
 * feature's area and label point. OPTS may be NULL. Never NULL; free with cm_geo_map_free. */
cm_geo_map_t *cm_geo_map_new(const cm_geo_projected_t *pg, const cm_geo_fit_t *fit,
                             const cm_geo_map_opts_t *opts);
void cm_geo_map_free(cm_geo_map_t *map);

/* The shape of the first feature with ID, or NULL (borrowed). */
const cm_geo_shape_t *cm_geo_map_find(const cm_geo_map_t *map, const char *id);

/* ---- polygon helpers (pixel space) ---- */

/* Pole of inaccessibility (Mapbox polylabel): the point inside the polygon made of RINGS
 * (even-odd, first is the outer) farthest from its edges, to PRECISION. Stores the
 * distance in *DIST when not NULL. Degenerate input returns the first point. */
cm_geo_xy_t cm_geo_polylabel(const cm_geo_path_t *rings, int n_rings, double precision,
                             double *dist);
/* Even-odd point in polygon over N_RINGS rings. */
bool cm_geo_point_in_rings(const cm_geo_path_t *rings, int n_rings, cm_geo_xy_t p);
/* Signed shoelace area of N points (positive = counter-clockwise with y up). */
double cm_geo_signed_area(const cm_geo_xy_t *pts, int n);

#endif
