/* fuzz_geo_map.c — libFuzzer target for the pixel-map records of the geo cache
 * (render/geo/cm_geo_cache.c, cm_geo_cache_get_map), read against a basemap of 1 to 8
 * features.
 *
 * Input: [features - 1, in the low 3 bits][the map's records]. A map the reader accepts
 * must hold together: one shape per feature, every ring at least 3 points, every number
 * finite (a NaN point was drawn as it was), and its point count the sum of its rings'.
 */
#include "fuzz_common.h"
#include "chronomap.h"
#include "geo/cm_geo_cache.h"

#include <math.h>

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    cm_geo_t *geo = g_new0(cm_geo_t, 1);
    geo->n_features = 1 + (data[0] & 7);
    geo->features = g_new0(cm_geo_feature_t, geo->n_features);
    cm_geo_cache_reader_t r = {data + 1, data + size, false};
    cm_geo_map_t *map = cm_geo_cache_get_map(&r, geo);
    if (map) {
        FUZZ_CHECK(!r.bad && map->n_shapes == geo->n_features);
        FUZZ_CHECK(isfinite(map->fit.scale) && map->fit.scale > 0 && isfinite(map->fit.tx) &&
                   isfinite(map->fit.ty));
        gint64 points = 0;
        for (int s = 0; s < map->n_shapes; s++) {
            const cm_geo_shape_t *sh = &map->shapes[s];
            FUZZ_CHECK(sh->feature == &geo->features[s]);
            FUZZ_CHECK(isfinite(sh->area));
            for (int b = 0; b < 4; b++)
                FUZZ_CHECK(isfinite(sh->bbox[b]));
            if (sh->has_label)
                FUZZ_CHECK(isfinite(sh->label.x) && isfinite(sh->label.y));
            for (int k = 0; k < sh->n_rings; k++) {
                FUZZ_CHECK(sh->rings[k].n >= 3);
                points += sh->rings[k].n;
                for (int i = 0; i < sh->rings[k].n; i++)
                    FUZZ_CHECK(isfinite(sh->rings[k].pts[i].x) && isfinite(sh->rings[k].pts[i].y));
            }
        }
        FUZZ_CHECK(points == map->n_points);
        cm_geo_map_free(map);
    }
    g_free(geo->features);
    g_free(geo);
    return 0;
}
