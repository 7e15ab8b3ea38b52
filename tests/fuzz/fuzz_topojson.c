/* fuzz_topojson.c — libFuzzer target for TopoJSON arcs and their reuse
 * (render/geo/cm_geo_load.c): arcs that are empty, reversed, or referenced by many
 * rings.
 *
 * The input is not JSON text (fuzz_geojson covers the syntax) but a recipe, so every
 * input is a well-formed Topology: byte 0 is the number of arcs (0..15), then for each
 * arc a length (0..15) and that many (dx, dy) pairs of signed bytes; the remaining bytes
 * are arc references (signed: negative is reversed, ~i), a 0x7f byte closing a ring and
 * starting the next geometry. It is loaded under a cap of 2,000 vertices: a load must
 * succeed or fail with a CM_ERROR naming the file, and a loaded basemap must keep the
 * cap on the vertices its rings hold (arcs counted at every use).
 */
#include "fuzz_common.h"
#include "chronomap.h"

#include <string.h>

enum { CAP = 2000 };

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    size_t at = 0;
    int n_arcs = data[at++] & 15;
    GString *arcs = g_string_new(NULL);
    for (int a = 0; a < n_arcs; a++) {
        int n = at < size ? data[at++] & 15 : 0;
        g_string_append_printf(arcs, "%s[", a ? "," : "");
        for (int k = 0; k < n; k++) {
            int dx = at < size ? (int8_t)data[at++] : 0, dy = at < size ? (int8_t)data[at++] : 0;
            g_string_append_printf(arcs, "%s[%d,%d]", k ? "," : "", dx, dy);
        }
        g_string_append_c(arcs, ']');
    }
    GString *geoms = g_string_new(NULL);
    int n_geoms = 0;
    bool open = false;
    for (; at < size && n_geoms < 500; at++) {
        int8_t ref = (int8_t)data[at];
        if (ref == 0x7f) {
            if (open)
                g_string_append(geoms, "]]}");
            open = false;
            continue;
        }
        if (!open) {
            g_string_append_printf(geoms, "%s{\"type\":\"Polygon\",\"id\":\"F%d\",\"arcs\":[[",
                                   n_geoms ? "," : "", n_geoms);
            n_geoms++;
            open = true;
        } else {
            g_string_append_c(geoms, ',');
        }
        g_string_append_printf(geoms, "%d", ref);
    }
    if (open)
        g_string_append(geoms, "]]}");
    char *json = g_strdup_printf(
        "{\"type\":\"Topology\",\"transform\":{\"scale\":[0.5,0.5],\"translate\":[0,0]},"
        "\"objects\":{\"countries\":{\"type\":\"GeometryCollection\",\"geometries\":[%s]}},"
        "\"arcs\":[%s]}",
        geoms->str, arcs->str);
    char *path = fuzz_write_file("arcs.topojson", (const uint8_t *)json, strlen(json));
    cm_geo_load_opts_t opts = {.max_vertices = CAP};
    GError *err = NULL;
    cm_geo_t *geo = cm_geo_load_full(path, &opts, &err);
    if (geo) {
        gint64 held = 0;
        for (int f = 0; f < geo->n_features; f++)
            for (int p = 0; p < geo->features[f].n_polygons; p++)
                for (int r = 0; r < geo->features[f].polygons[p].n_rings; r++)
                    held += geo->features[f].polygons[p].rings[r].n;
        FUZZ_CHECK(held <= CAP + 2 * (gint64)n_geoms); /* + the closing points */
        cm_geo_free(geo);
    } else {
        FUZZ_CHECK(err != NULL && err->domain == CM_ERROR && strstr(err->message, path));
        g_error_free(err);
    }
    g_free(path);
    g_free(json);
    g_string_free(geoms, TRUE);
    g_string_free(arcs, TRUE);
    return 0;
}
