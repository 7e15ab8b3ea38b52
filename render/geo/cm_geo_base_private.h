/* cm_geo_base_private.h — the fields of a projected base, shared by cm_geo_base.c and its
 * unit tests only. Not installed. */
#ifndef CM_GEO_BASE_PRIVATE_H
#define CM_GEO_BASE_PRIVATE_H

#include "cm_geo_base.h"
#include "cm_geo_cache.h"

typedef struct {
    cm_geo_xy_t *pts; /* owned; projected metres */
    int n;
} cm__geo_line_t;

struct cm_geo_base {
    /* borrowed */
    const cm_geo_t *geo;
    /* owned */
    cm_geo_projected_t *pg;
    GArray *graticule;     /* cm__geo_line_t, metres */
    cm__geo_line_t sphere; /* closed outline, metres; n == 0 when there is none */
    cm_geo_map_t *map;     /* the pixel map of FIT, or NULL (remembered: see pixels) */
    /* plain values */
    double extent[4]; /* what the map shows, metres (minx, miny, maxx, maxy) */
    bool framed;      /* a box (preset or --bbox) frames the map: it is clipped to a rectangle */
    bool fit_data;    /* a custom projection without --bbox: the layout frames the data */
    cm_geo_fit_t fit;
    int n_builds;
    guint64 cache_key; /* the base's key in the disk cache, when HAS_CACHE_KEY */
    bool has_cache_key;
};

/* ---- the base on disk (cm_geo_cache.h, cm_cache.h) ---- */

/* The base cached under KEY (cm_geo_cache_key_base of the basemap's bytes, load options,
 * projection and box), with the basemap it was made from in *GEO: a new cm_geo_t holding
 * the features' ids and names but no geometry (cm_geo_free it after the base). PATH names
 * that basemap (cm_geo_t.path). NULL when there is no such file or it is damaged. A base
 * from the cache also finds its pixel maps in the cache. */
cm_geo_base_t *cm_geo_base_load_cached(guint64 key, const char *path, cm_geo_t **geo);
/* The records of a cached base (the file after its header) from R: what
 * cm_geo_base_load_cached does once it has checked the file. NULL when they are
 * malformed or do not end where R does. For tests/fuzz/fuzz_cache.c. */
cm_geo_base_t *cm_geo_base_read(cm_geo_cache_reader_t *r, const char *path, cm_geo_t **geo);
/* Writes BASE and the ids and names of its basemap into the cache under KEY, and from
 * now on keeps (and looks for) BASE's pixel maps there too. Failures are silent: the
 * cache is an optimisation only. */
void cm_geo_base_save_cached(cm_geo_base_t *base, guint64 key);

#endif
