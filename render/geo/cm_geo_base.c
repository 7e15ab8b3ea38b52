/* cm_geo_base.c — the projected basemap of one figure, made once and reused by frames.
 *
 * cm_geo_base_new() runs the geometry road of cm_geo.h up to projected metres: cut at
 * the edge meridian and project every arc (cm_geo_project), find the extent the map has
 * to show (cm_proj_frame_extent of --bbox, the preset's frame or the globe), project a
 * 30° graticule densified every 2° and, for projections with an edge meridian, the
 * sphere outline (both edge meridians pole to pole). The pixel map (simplified to the
 * output resolution) depends on the fit, i.e. on the map rectangle the layout leaves;
 * the base keeps the last one and hands it out again when a frame asks for the same fit,
 * so twelve frames of one map simplify once.
 *
 * The base and its pixel maps depend only on the basemap, the projection and the box (and
 * the fit), so they can be kept on disk (cm_geo_cache.h): cm_geo_base_save_cached() writes
 * the basemap's feature ids and names, the extent, the graticule, the sphere and the
 * projected topology as one cache file; cm_geo_base_load_cached() reads them back without
 * PROJ. A base that knows its cache key looks for each pixel map in the cache before
 * simplifying, and stores what it built.
 */

#include <math.h>
#include <string.h>

#include "cm_geo_base_private.h"
#include "../util/cm_error.h"

#define CACHE_BASE "geo-base"
#define CACHE_MAP "geo-map"

#define EDGE_EPS 1e-6
#define GRATICULE_STEP 30
#define DENSIFY_DEG 2.0

/* Appends a polyline of N lon/lat points, projected, split where a point does not
 * project. */
static void
add_line(GArray *lines, cm_proj_t *proj, cm_geo_xy_t *pts, int n)
{
    cm_proj_forward(proj, pts, (size_t)n);
    int start = 0;
    for (int i = 0; i <= n; i++) {
        if (i < n && isfinite(pts[i].x) && pts[i].x != HUGE_VAL && isfinite(pts[i].y))
            continue;
        if (i - start >= 2) {
            cm__geo_line_t l = {g_memdup2(pts + start, sizeof *pts * (i - start)), i - start};
            g_array_append_val(lines, l);
        }
        start = i + 1;
    }
}

static void
make_graticule(cm_geo_base_t *b, cm_proj_t *proj)
{
    double lon_0 = cm_proj_lon0(proj);
    int nlat = (int)(180 / DENSIFY_DEG) + 1, nlon = (int)(360 / DENSIFY_DEG) + 1;
    cm_geo_xy_t *pts = g_new(cm_geo_xy_t, MAX(nlat, nlon));
    for (int k = -180 + GRATICULE_STEP; k < 180; k += GRATICULE_STEP) {
        for (int i = 0; i < nlat; i++)
            pts[i] = (cm_geo_xy_t){lon_0 + k, -90 + i * DENSIFY_DEG};
        add_line(b->graticule, proj, pts, nlat);
    }
    for (int lat = -90 + GRATICULE_STEP; lat < 90; lat += GRATICULE_STEP) {
        for (int i = 0; i < nlon; i++) {
            double lon = -180 + i * DENSIFY_DEG;
            lon = CLAMP(lon, -180 + EDGE_EPS, 180 - EDGE_EPS);
            pts[i] = (cm_geo_xy_t){lon_0 + lon, lat};
        }
        add_line(b->graticule, proj, pts, nlon);
    }
    g_free(pts);
}

/* The outline of the globe: up the western edge meridian, down the eastern one. */
static void
make_sphere(cm_geo_base_t *b, cm_proj_t *proj)
{
    double lon_0 = cm_proj_lon0(proj);
    int n = (int)(180 / DENSIFY_DEG) + 1;
    cm_geo_xy_t *pts = g_new(cm_geo_xy_t, 2 * n);
    for (int i = 0; i < n; i++) {
        pts[i] = (cm_geo_xy_t){lon_0 - 180 + EDGE_EPS, -90 + i * DENSIFY_DEG};
        pts[n + i] = (cm_geo_xy_t){lon_0 + 180 - EDGE_EPS, 90 - i * DENSIFY_DEG};
    }
    cm_proj_forward(proj, pts, (size_t)2 * (size_t)n);
    for (int i = 0; i < 2 * n; i++) {
        if (!isfinite(pts[i].x) || pts[i].x == HUGE_VAL || !isfinite(pts[i].y)) {
            g_free(pts);
            return;
        }
    }
    b->sphere.pts = pts;
    b->sphere.n = 2 * n;
}

cm_geo_base_t *
cm_geo_base_new(const cm_geo_t *geo, cm_proj_t *proj, const double *bbox, GError **error)
{
    g_return_val_if_fail(geo && proj, NULL);
    double frame[4];
    cm_geo_base_t *b = g_new0(cm_geo_base_t, 1);
    b->geo = geo;
    if (!cm_proj_frame_extent(proj, bbox, b->extent, error)) {
        g_free(b);
        return NULL;
    }
    b->framed = bbox != NULL || cm_proj_frame(proj, frame);
    /* A projection of the user's own (not a preset) shows the whole globe only by chance
     * (a Mercator strip, an orthographic pole): without a box the layout frames the data. */
    b->fit_data = !b->framed && cm_proj_preset(proj) == NULL;
    b->pg = cm_geo_project(geo, proj);
    b->graticule = g_array_new(FALSE, FALSE, sizeof(cm__geo_line_t));
    make_graticule(b, proj);
    if (cm_proj_cuts(proj))
        make_sphere(b, proj);
    return b;
}

void
cm_geo_base_free(cm_geo_base_t *b)
{
    if (!b)
        return;
    for (guint i = 0; i < b->graticule->len; i++)
        g_free(g_array_index(b->graticule, cm__geo_line_t, i).pts);
    g_array_free(b->graticule, TRUE);
    g_free(b->sphere.pts);
    cm_geo_map_free(b->map);
    cm_geo_projected_free(b->pg);
    g_free(b);
}

int
cm_geo_base_n_builds(const cm_geo_base_t *b)
{
    return b->n_builds;
}

void
cm_geo_base_extent(const cm_geo_base_t *b, double extent[4])
{
    memcpy(extent, b->extent, sizeof b->extent);
}

bool
cm_geo_base_framed(const cm_geo_base_t *b)
{
    return b->framed;
}

bool
cm_geo_base_fit_data(const cm_geo_base_t *b)
{
    return b->fit_data;
}

int
cm_geo_base_n_features(const cm_geo_base_t *b)
{
    return b->geo->n_features;
}

bool
cm_geo_base_feature_extent(const cm_geo_base_t *b, int i, double extent[4])
{
    return cm_geo_projected_feature_extent(b->pg, i, extent);
}

const cm_geo_xy_t *
cm_geo_base_sphere(const cm_geo_base_t *b, int *n)
{
    *n = b->sphere.n;
    return b->sphere.pts;
}

int
cm_geo_base_n_graticule(const cm_geo_base_t *b)
{
    return (int)b->graticule->len;
}

const cm_geo_xy_t *
cm_geo_base_graticule(const cm_geo_base_t *b, int i, int *n)
{
    const cm__geo_line_t *l = &g_array_index(b->graticule, cm__geo_line_t, i);
    *n = l->n;
    return l->pts;
}

/* The pixel map of FIT from the cache, or NULL. */
static cm_geo_map_t *
load_pixels(const cm_geo_base_t *b, const cm_geo_fit_t *fit)
{
    if (!b->has_cache_key)
        return NULL;
    cm_geo_cache_reader_t r;
    GBytes *bytes = cm_geo_cache_load(CACHE_MAP, cm_geo_cache_key_map(b->cache_key, fit, NULL), &r);
    if (!bytes)
        return NULL;
    cm_geo_map_t *map = cm_geo_cache_get_map(&r, b->geo);
    /* the fit is in the key; a map for another one would be a forged file */
    if (map &&
        (!cm_geo_cache_reader_done(&r) ||
         (map->fit.scale != fit->scale || map->fit.tx != fit->tx || map->fit.ty != fit->ty))) {
        cm_geo_map_free(map);
        map = NULL;
    }
    g_bytes_unref(bytes);
    return map;
}

static void
save_pixels(const cm_geo_base_t *b)
{
    if (!b->has_cache_key)
        return;
    cm_geo_cache_writer_t w;
    cm_geo_cache_writer_init(&w);
    cm_geo_cache_put_map(&w, b->map);
    cm_geo_cache_save(CACHE_MAP, cm_geo_cache_key_map(b->cache_key, &b->fit, NULL), &w);
    cm_geo_cache_writer_release(&w);
}

const cm_geo_map_t *
cm_geo_base_pixels(const cm_geo_base_t *base, const cm_geo_fit_t *fit)
{
    /* The remembered pixel map is the base's own cache: a const base still keeps it. */
    cm_geo_base_t *b = (cm_geo_base_t *)base;
    if (b->map && b->fit.scale == fit->scale && b->fit.tx == fit->tx && b->fit.ty == fit->ty)
        return b->map;
    cm_geo_map_free(b->map);
    b->fit = *fit;
    b->map = load_pixels(b, fit);
    if (!b->map) {
        b->map = cm_geo_map_new(b->pg, fit, NULL);
        b->n_builds++;
        save_pixels(b);
    }
    return b->map;
}

/* ---- the base on disk ---- */

static void
put_line(cm_geo_cache_writer_t *w, const cm__geo_line_t *l)
{
    cm_geo_cache_put_xy(w, l->pts, l->n);
}

void
cm_geo_base_save_cached(cm_geo_base_t *b, guint64 key)
{
    g_return_if_fail(b != NULL);
    b->cache_key = key;
    b->has_cache_key = true;
    cm_geo_cache_writer_t w;
    cm_geo_cache_writer_init(&w);
    cm_geo_cache_put_geo(&w, b->geo);
    for (int i = 0; i < 4; i++)
        cm_geo_cache_put_f64(&w, b->extent[i]);
    cm_geo_cache_put_i32(&w, b->framed ? 1 : b->fit_data ? 2 : 0);
    cm_geo_cache_put_i32(&w, (gint32)b->graticule->len);
    for (guint i = 0; i < b->graticule->len; i++)
        put_line(&w, &g_array_index(b->graticule, cm__geo_line_t, i));
    put_line(&w, &b->sphere);
    cm_geo_cache_put_projected(&w, b->pg);
    cm_geo_cache_save(CACHE_BASE, key, &w);
    cm_geo_cache_writer_release(&w);
}

cm_geo_base_t *
cm_geo_base_load_cached(guint64 key, const char *path, cm_geo_t **geo)
{
    *geo = NULL;
    cm_geo_cache_reader_t r;
    GBytes *bytes = cm_geo_cache_load(CACHE_BASE, key, &r);
    if (!bytes)
        return NULL;
    cm_geo_base_t *b = cm_geo_base_read(&r, path, geo);
    g_bytes_unref(bytes);
    if (b) {
        b->cache_key = key;
        b->has_cache_key = true;
    }
    return b;
}

cm_geo_base_t *
cm_geo_base_read(cm_geo_cache_reader_t *r_, const char *path, cm_geo_t **geo)
{
    *geo = NULL;
    cm_geo_cache_reader_t r = *r_;
    cm_geo_base_t *b = g_new0(cm_geo_base_t, 1);
    b->graticule = g_array_new(FALSE, FALSE, sizeof(cm__geo_line_t));
    cm_geo_t *g = cm_geo_cache_get_geo(&r, path);
    b->geo = g;
    for (int i = 0; i < 4; i++)
        b->extent[i] = cm_geo_cache_get_f64(&r);
    gint32 framed = cm_geo_cache_get_i32(&r);
    b->framed = framed == 1;
    b->fit_data = framed == 2;
    /* a line takes at least its count */
    int n_lines = cm_geo_cache_get_count(&r, G_MAXINT32, sizeof(gint32));
    for (int i = 0; i < n_lines && !r.bad; i++) {
        cm__geo_line_t l;
        l.pts = cm_geo_cache_get_xy(&r, &l.n);
        if (l.n < 2) /* add_line keeps no shorter line */
            r.bad = true;
        g_array_append_val(b->graticule, l);
    }
    b->sphere.pts = cm_geo_cache_get_xy(&r, &b->sphere.n);
    if (g && !r.bad)
        b->pg = cm_geo_cache_get_projected(&r, g);
    bool ok = g && b->pg && (framed >= 0 && framed <= 2) && cm_geo_cache_reader_done(&r);
    *r_ = r;
    if (!ok) {
        cm_geo_base_free(b);
        cm_geo_free(g);
        return NULL;
    }
    *geo = g;
    return b;
}
