/* test_geo_load.c — loading GeoJSON and TopoJSON basemaps, valid and broken. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "geo/cm_geo.h"
#include "util/cm_error.h"

static char *
fixture(const char *name)
{
    return g_build_filename(CM_TESTDIR, "geo", name, NULL);
}

static cm_geo_t *
load_ok(const char *name, const char *id_property)
{
    char *path = fixture(name);
    GError *err = NULL;
    cm_geo_t *geo = cm_geo_load(path, id_property, &err);
    if (!geo)
        fail_msg("%s: %s", path, err->message);
    g_free(path);
    return geo;
}

/* Loads a broken fixture and returns the error (caller frees); checks code and file. */
static GError *
load_bad(const char *name, int code)
{
    char *path = fixture(name);
    GError *err = NULL;
    cm_geo_t *geo = cm_geo_load(path, NULL, &err);
    assert_null(geo);
    assert_non_null(err);
    assert_true(g_error_matches(err, CM_ERROR, code));
    assert_non_null(strstr(err->message, path));
    g_free(path);
    return err;
}

static void
assert_point(cm_geo_xy_t p, double x, double y)
{
    assert_float_equal(p.x, x, 1e-12);
    assert_float_equal(p.y, y, 1e-12);
}

static void
test_geojson(void **state)
{
    cm_geo_t *geo = load_ok("shapes.geojson", NULL);
    assert_false(geo->topology);
    assert_int_equal(geo->n_features, 3); /* the Point is skipped */
    const cm_geo_feature_t *sq = cm_geo_find(geo, "SQ");
    assert_non_null(sq);
    assert_string_equal(sq->name, "Square");
    assert_int_equal(sq->n_polygons, 1);
    assert_int_equal(sq->polygons[0].n_rings, 2);
    assert_false(sq->polygons[0].rings[0].hole);
    assert_true(sq->polygons[0].rings[1].hole);
    assert_int_equal(sq->polygons[0].rings[1].n, 5);
    assert_point(sq->polygons[0].rings[1].pts[2], 8, 8);

    const cm_geo_feature_t *tw = cm_geo_find(geo, "250"); /* numeric id as a string */
    assert_non_null(tw);
    assert_string_equal(tw->name, "Twins"); /* NAME when there is no name */
    assert_int_equal(tw->n_polygons, 2);
    /* The unclosed ring was closed. */
    const cm_geo_ring_t *r = &tw->polygons[0].rings[0];
    assert_int_equal(r->n, 5);
    assert_point(r->pts[4], 20, 0);
    /* Each GeoJSON ring is an arc of its own. */
    assert_int_equal(r->n_arcs, 1);
    assert_int_equal(geo->arcs[r->arcs[0]].n, 5);

    const cm_geo_feature_t *anon = cm_geo_find_name(geo, "No id");
    assert_non_null(anon);
    assert_null(anon->id);
    assert_true(geo->outer_cw);
    cm_geo_free(geo);

    /* Another id property. */
    geo = load_ok("shapes.geojson", "iso");
    assert_non_null(cm_geo_find(geo, "SQR"));
    assert_null(cm_geo_find(geo, "SQ"));
    cm_geo_free(geo);
}

static void
test_topojson(void **state)
{
    cm_geo_t *geo = load_ok("pair.topojson", NULL);
    assert_true(geo->topology);
    assert_int_equal(geo->n_arcs, 4);
    assert_int_equal(geo->n_features, 2); /* the null geometry is skipped */
    /* Delta decoding with the transform: arc 0 runs (11, 20) -> (11, 21). */
    assert_int_equal(geo->arcs[0].n, 2);
    assert_point(geo->arcs[0].pts[0], 11, 20);
    assert_point(geo->arcs[0].pts[1], 11, 21);

    const cm_geo_feature_t *a = cm_geo_find(geo, "AAA");
    assert_non_null(a);
    assert_string_equal(a->name, "Alpha");
    const cm_geo_ring_t *ra = &a->polygons[0].rings[0];
    assert_int_equal(ra->n, 5); /* the join point of arcs 0 and 1 is written once */
    static const double want_a[5][2] = {{11, 20}, {11, 21}, {10, 21}, {10, 20}, {11, 20}};
    for (int i = 0; i < 5; i++)
        assert_point(ra->pts[i], want_a[i][0], want_a[i][1]);

    const cm_geo_feature_t *b = cm_geo_find(geo, "42");
    assert_non_null(b);
    assert_int_equal(b->n_polygons, 2);
    const cm_geo_ring_t *rb = &b->polygons[0].rings[0];
    static const double want_b[5][2] = {{11, 20}, {12, 20}, {12, 21}, {11, 21}, {11, 20}};
    assert_int_equal(rb->n, 5);
    for (int i = 0; i < 5; i++)
        assert_point(rb->pts[i], want_b[i][0], want_b[i][1]);
    /* Beta walks the shared arc backwards: -1 is ~0. */
    assert_int_equal(rb->n_arcs, 2);
    assert_int_equal(rb->arcs[1], ~0);
    assert_int_equal(ra->arcs[0], 0);
    /* A single-arc island. */
    assert_int_equal(b->polygons[1].rings[0].n, 5);
    assert_point(b->polygons[1].rings[0].pts[0], 15, 25);
    cm_geo_free(geo);

    geo = load_ok("pair.topojson", "iso");
    assert_non_null(cm_geo_find(geo, "BBB"));
    cm_geo_free(geo);
}

static void
test_not_json(void **state)
{
    GError *err = load_bad("not-json.topojson", CM_ERROR_DATA);
    /* json-glib's line:column, for the file as written. */
    assert_non_null(strstr(err->message, "not-json.topojson:3:"));
    assert_non_null(strstr(err->message, "not JSON"));
    g_error_free(err);
}

static void
test_broken_topology(void **state)
{
    GError *err = load_bad("no-arcs.topojson", CM_ERROR_DATA);
    assert_non_null(strstr(err->message, "“arcs”"));
    g_error_free(err);

    err = load_bad("bad-arc.topojson", CM_ERROR_DATA);
    assert_non_null(strstr(err->message, "arc index -7 out of range"));
    assert_non_null(strstr(err->message, "“BBB”"));
    assert_non_null(strstr(err->message, "1 arcs"));
    g_error_free(err);

    err = load_bad("bad-position.topojson", CM_ERROR_DATA);
    assert_non_null(strstr(err->message, "arc 0"));
    g_error_free(err);
}

static void
test_empty_and_no_ids(void **state)
{
    GError *err = load_bad("empty.geojson", CM_ERROR_DATA);
    assert_non_null(strstr(err->message, "no Polygon or MultiPolygon features"));
    g_error_free(err);

    err = load_bad("no-ids.geojson", CM_ERROR_DATA);
    assert_non_null(strstr(err->message, "no feature has an “id”"));
    g_clear_error(&err);

    char *path = fixture("shapes.geojson");
    assert_null(cm_geo_load(path, "nope", &err));
    assert_true(g_error_matches(err, CM_ERROR, CM_ERROR_DATA));
    assert_non_null(strstr(err->message, "“nope”"));
    g_clear_error(&err);
    g_free(path);
}

static void
test_missing_file(void **state)
{
    GError *err = load_bad("does-not-exist.json", CM_ERROR_IO);
    assert_non_null(strstr(err->message, "cannot read basemap"));
    g_error_free(err);
}

/* The shipped world-atlas basemaps: 177 features at 110m, 241 at 50m. */
static void
test_shipped(void **state)
{
    static const struct {
        const char *file;
        int features, arcs;
    } cases[] = {{"countries-110m.json", 177, 595}, {"countries-50m.json", 241, 1959}};
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        char *path = g_build_filename(CM_SRCDIR, "data", "world", cases[i].file, NULL);
        GError *err = NULL;
        cm_geo_t *geo = cm_geo_load(path, NULL, &err);
        if (!geo)
            fail_msg("%s", err->message);
        assert_true(geo->topology);
        assert_true(geo->outer_cw);
        assert_int_equal(geo->n_features, cases[i].features);
        assert_int_equal(geo->n_arcs, cases[i].arcs);
        const cm_geo_feature_t *fr = cm_geo_find(geo, "250");
        assert_non_null(fr);
        assert_string_equal(fr->name, "France");
        assert_non_null(cm_geo_find_name(geo, "Kosovo"));
        assert_null(cm_geo_find_name(geo, "Kosovo")->id);
        /* Every ring is closed and within lon/lat range. */
        for (int f = 0; f < geo->n_features; f++) {
            const cm_geo_feature_t *ft = &geo->features[f];
            for (int p = 0; p < ft->n_polygons; p++)
                for (int r = 0; r < ft->polygons[p].n_rings; r++) {
                    const cm_geo_ring_t *ring = &ft->polygons[p].rings[r];
                    assert_true(ring->n >= 4);
                    assert_true(ring->pts[0].x == ring->pts[ring->n - 1].x);
                    assert_true(ring->pts[0].y == ring->pts[ring->n - 1].y);
                    for (int k = 0; k < ring->n; k++) {
                        assert_true(ring->pts[k].x >= -180 && ring->pts[k].x <= 180);
                        assert_true(ring->pts[k].y >= -90 && ring->pts[k].y <= 90);
                    }
                }
        }
        cm_geo_free(geo);
        g_free(path);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_geojson),          cmocka_unit_test(test_topojson),
        cmocka_unit_test(test_not_json),         cmocka_unit_test(test_broken_topology),
        cmocka_unit_test(test_empty_and_no_ids), cmocka_unit_test(test_missing_file),
        cmocka_unit_test(test_shipped),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
