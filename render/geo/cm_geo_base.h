/* cm_geo_base.h — a basemap projected for one figure, and the one call that gets it ready.
 *
 * cm_geo_basemap_open() is how a figure gets its basemap: it looks for the projected base
 * in the disk cache (keyed by the basemap file's bytes, the load options, the projection
 * and the box); on a hit neither the basemap's geometry nor PROJ is loaded. On a miss it
 * starts loading the basemap in a second thread (through the caller's loader, so figures
 * of one batch can share one load) and sets up the projection meanwhile. The features
 * (ids and names, for matching rows to countries) and then the projected base are taken
 * from it when needed; a base made on a miss is saved to the cache. Output is the same
 * bytes either way.
 *
 * A base (cm_geo_base_t) holds the projected topology, the graticule, the sphere outline
 * and the extent the map shows; cm_geo_base_pixels() gives its pixel map for a fit
 * (simplified to the output resolution), built once per fit and kept in the disk cache
 * when the base came from or went to it. The base is used by one figure at a time: the
 * pixel map is remembered inside it (its frames reuse it).
 */
#ifndef CM_GEO_BASE_H
#define CM_GEO_BASE_H

#include "cm_geo.h"

typedef struct cm_geo_base cm_geo_base_t;

/* Cuts and projects GEO with PROJ (used during this call only), along with a 30°
 * graticule and the sphere outline, and finds the projected extent of BBOX (west,
 * south, east, north in degrees; NULL: the preset's frame, else the whole globe).
 * GEO is borrowed and must outlive the base. Returns NULL with ERROR (CM_ERROR_USAGE)
 * when the box is invalid (south >= north, out of range) or nothing of it projects. */
cm_geo_base_t *cm_geo_base_new(const cm_geo_t *geo, cm_proj_t *proj, const double *bbox,
                               GError **error);
void cm_geo_base_free(cm_geo_base_t *base);

/* The pixel map of BASE for FIT: remembered in the base (a frame of the same fit gets it
 * again), read from the disk cache when the base has a cache key, else built (and then
 * saved). Borrowed: valid until the next call for another fit or the base is freed. */
const cm_geo_map_t *cm_geo_base_pixels(const cm_geo_base_t *base, const cm_geo_fit_t *fit);
/* How many times a pixel map was built (a second frame of the same size reuses it; one
 * read from the cache does not count). */
int cm_geo_base_n_builds(const cm_geo_base_t *base);

/* What the map shows, in projected metres (minx, miny, maxx, maxy). */
void cm_geo_base_extent(const cm_geo_base_t *base, double extent[4]);
/* Whether a box (a preset's frame or --bbox) frames the map: it is clipped to a rectangle. */
bool cm_geo_base_framed(const cm_geo_base_t *base);
/* Whether the map should frame its data instead: a projection of the user's own (not a
 * preset) without --bbox, which shows the whole globe only by chance (a Mercator strip,
 * an orthographic pole). */
bool cm_geo_base_fit_data(const cm_geo_base_t *base);
/* The number of basemap features, and the projected extent of feature I's outer rings
 * over the points that projected (false when none did: it is out of view). */
int cm_geo_base_n_features(const cm_geo_base_t *base);
bool cm_geo_base_feature_extent(const cm_geo_base_t *base, int i, double extent[4]);
/* The closed outline of the globe in metres (*N points; 0 when the projection has none). */
const cm_geo_xy_t *cm_geo_base_sphere(const cm_geo_base_t *base, int *n);
/* The graticule: how many lines, and line I in metres (*N points). */
int cm_geo_base_n_graticule(const cm_geo_base_t *base);
const cm_geo_xy_t *cm_geo_base_graticule(const cm_geo_base_t *base, int i, int *n);

/* ---- the one call: a ready basemap ---- */

/* Loads the basemap at PATH with OPTS for a figure: a shared loader returns a borrowed
 * basemap, or a new one in *OWNED. */
typedef const cm_geo_t *(*cm_geo_loader_t)(void *ctx, const char *path,
                                           const cm_geo_load_opts_t *opts, cm_geo_t **owned,
                                           GError **error);

typedef struct {
    const char *path;        /* the GeoJSON or TopoJSON file */
    cm_geo_load_opts_t opts; /* id property, vertex cap */
    const char *projection;  /* a preset, a PROJ string or an EPSG code */
    const double *bbox;      /* W, S, E, N in degrees, or NULL */
    bool use_cache;          /* look in (and save to) the disk cache */
    cm_geo_loader_t load;    /* NULL: cm_geo_load_full */
    void *load_ctx;
} cm_geo_basemap_request_t;

typedef struct cm_geo_basemap cm_geo_basemap_t;

typedef enum {
    CM_GEO_CACHE_OFF,  /* no cache, or the basemap could not be read to key it */
    CM_GEO_CACHE_MISS, /* loaded and projected here (and saved) */
    CM_GEO_CACHE_HIT,  /* from the cache: no geometry parsed, PROJ not loaded */
} cm_geo_cache_state_t;

/* Starts getting REQ's basemap ready (see above); the strings of REQ must outlive the
 * result. NULL with ERROR when the projection is refused (CM_ERROR_USAGE) or PROJ cannot
 * be loaded (CM_ERROR_IO). Free with cm_geo_basemap_free (which waits for the loader). */
cm_geo_basemap_t *cm_geo_basemap_open(const cm_geo_basemap_request_t *req, GError **error);
/* The basemap's features (ids, names; the geometry too on a miss), waiting for the
 * loader. Borrowed. NULL with ERROR when the file cannot be read or parsed. */
const cm_geo_t *cm_geo_basemap_features(cm_geo_basemap_t *b, GError **error);
/* The projected base, ready: the cached one, or made now (after the features) and saved
 * to the cache. Borrowed. NULL with ERROR (CM_ERROR_USAGE) for a box nothing projects in. */
const cm_geo_base_t *cm_geo_basemap_base(cm_geo_basemap_t *b, GError **error);
cm_geo_cache_state_t cm_geo_basemap_cache_state(const cm_geo_basemap_t *b);
void cm_geo_basemap_free(cm_geo_basemap_t *b);

#endif
