/* fuzz_geojson.c — libFuzzer target for basemaps (render/geo): GeoJSON and
 * TopoJSON loading, then the rest of the geometry road.
 *
 * The input is written to a file and read with cm_geo_load (it only reads
 * files). When it loads, it is checked against cm_geo.h's invariants — rings
 * closed, arc references in range, at least one feature with an id — then
 * projected with two presets (Equal Earth, and Pacific-centred so rings are
 * cut at 30°W), fitted into 200×100 px and turned into a pixel map:
 * every kept ring has at least 3 finite points and every label point is
 * finite. Failures must be CM_ERRORs naming the file.
 */
#include "fuzz_common.h"
#include "chronomap.h"

#include <math.h>
#include <string.h>

static cm_proj_t *projs[2]; /* made once per process; single-threaded */

static void
free_projs(void)
{
    for (size_t i = 0; i < G_N_ELEMENTS(projs); i++)
        cm_proj_free(projs[i]);
}

static cm_proj_t *
proj(int i)
{
    if (!projs[0]) {
        static const char *const presets[] = {"world", "asia-pacific"};
        for (size_t k = 0; k < G_N_ELEMENTS(presets); k++) {
            GError *e = NULL;
            projs[k] = cm_proj_new(presets[k], &e);
            FUZZ_CHECK(projs[k] != NULL);
        }
        atexit(free_projs);
    }
    return projs[i];
}

static void
check_geo(const cm_geo_t *geo)
{
    FUZZ_CHECK(geo->n_features > 0);
    for (int f = 0; f < geo->n_features; f++) {
        const cm_geo_feature_t *ft = &geo->features[f];
        for (int p = 0; p < ft->n_polygons; p++) {
            const cm_geo_polygon_t *pg = &ft->polygons[p];
            for (int r = 0; r < pg->n_rings; r++) {
                const cm_geo_ring_t *ring = &pg->rings[r];
                FUZZ_CHECK(ring->n >= 1);
                FUZZ_CHECK(ring->pts[0].x == ring->pts[ring->n - 1].x &&
                           ring->pts[0].y == ring->pts[ring->n - 1].y);
                for (int a = 0; a < ring->n_arcs; a++) {
                    int ref = ring->arcs[a] < 0 ? ~ring->arcs[a] : ring->arcs[a];
                    FUZZ_CHECK(ref >= 0 && ref < geo->n_arcs);
                }
            }
        }
        if (ft->id)
            (void)cm_geo_find(geo, ft->id);
    }
}

static void
check_map(const cm_geo_map_t *map)
{
    for (int s = 0; s < map->n_shapes; s++) {
        const cm_geo_shape_t *sh = &map->shapes[s];
        for (int r = 0; r < sh->n_rings; r++) {
            FUZZ_CHECK(sh->rings[r].n >= 3);
            for (int i = 0; i < sh->rings[r].n; i++)
                FUZZ_CHECK(isfinite(sh->rings[r].pts[i].x) && isfinite(sh->rings[r].pts[i].y));
        }
        if (sh->has_label && sh->n_rings > 0)
            FUZZ_CHECK(isfinite(sh->label.x) && isfinite(sh->label.y));
    }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 256 * 1024)
        return 0;
    char *path = fuzz_write_file("map.json", data, size);
    GError *err = NULL;
    cm_geo_t *geo = cm_geo_load(path, NULL, &err);
    if (!geo) {
        FUZZ_CHECK(err != NULL && err->domain == CM_ERROR);
        FUZZ_CHECK(strstr(err->message, path) != NULL);
        g_clear_error(&err);
        goto out;
    }
    check_geo(geo);
    for (int i = 0; i < 2; i++) {
        cm_geo_projected_t *pg = cm_geo_project(geo, proj(i));
        double ext[4];
        if (cm_geo_projected_extent(pg, ext)) {
            cm_geo_fit_t fit = cm_geo_fit(ext, 0, 0, 200, 100);
            cm_geo_map_t *map = cm_geo_map_new(pg, &fit, NULL);
            check_map(map);
            cm_geo_map_free(map);
        }
        cm_geo_projected_free(pg);
    }
out:
    cm_geo_free(geo);
    g_free(path);
    return 0;
}
