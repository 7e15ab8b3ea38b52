/* fuzz_cache.c — libFuzzer target for the readers of the cache folder's files: the
 * shaped-text records (render/backend/cm_text_store.c) and the projected-basemap
 * records (render/geo/cm_geo_cache.c).
 *
 * A cache file carries a checksum that random bytes never match, so the target skips
 * the header and gives the records to the readers directly: the first input byte
 * picks the reader (even: text records; odd: a projected base, then a pixel map for
 * it, see fuzz_geo), the rest are the records. The readers must
 * reject anything malformed without reading out of bounds, and what they accept must
 * hold together: every ring of a decoded pixel map has finite points, and a text
 * engine that adopted records frees cleanly (ASan checks what it touches).
 */
#include "fuzz_common.h"
#include "backend/cm_backend_private.h"
#include "chronomap.h"
#include "geo/cm_geo_base_private.h"
#include "layout/cm_map.h"

#include <math.h>
#include <string.h>

static void
fuzz_text(const uint8_t *data, size_t size)
{
    cm_text_t *t = cm_text_new();
    /* accepted or not, the engine must stay whole: freeing it walks every adopted
     * entry and font (and with the cache folder off, writes nothing) */
    (void)cm__text_store_parse_payload(t, data, size);
    cm_text_free(t);
}

/* A base's records, then (when the base is accepted) one pixel map's records for it:
 * [u32 length of the base part][base records][map records]. */
static void
fuzz_geo(const uint8_t *data, size_t size)
{
    guint32 n = 0;
    if (size < 4)
        return;
    memcpy(&n, data, 4);
    data += 4;
    size -= 4;
    if (n > size)
        return;
    cm_geo_cache_reader_t r = {data, data + n, false};
    cm_geo_t *g = NULL;
    cm_geo_base_t *b = cm_geo_base_read(&r, "fuzz", &g);
    if (!b)
        return;
    FUZZ_CHECK(g != NULL);
    cm_geo_cache_reader_t rm = {data + n, data + size, false};
    cm_geo_map_t *map = cm_geo_cache_get_map(&rm, g);
    if (map) {
        for (int s = 0; s < map->n_shapes; s++) {
            const cm_geo_shape_t *sh = &map->shapes[s];
            for (int k = 0; k < sh->n_rings; k++)
                for (int i = 0; i < sh->rings[k].n; i++)
                    FUZZ_CHECK(isfinite(sh->rings[k].pts[i].x) && isfinite(sh->rings[k].pts[i].y));
        }
        cm_geo_map_free(map);
    }
    cm_geo_base_free(b);
    cm_geo_free(g);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    if (data[0] & 1)
        fuzz_geo(data + 1, size - 1);
    else
        fuzz_text(data + 1, size - 1);
    return 0;
}
