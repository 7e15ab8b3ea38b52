/* test_geo_load.c — loading GeoJSON and TopoJSON basemaps, valid and broken. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "geo/cm_geo.h"
#include "geo/cm_geo_private.h"
#include "util/cm_error.h"

#include <glib/gstdio.h>

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

/* ---- the JSON reader ---- */

/* Two trees are the same: types, keys, numbers (bit for bit), strings. */
static void
assert_same_tree(const cm__json_node_t *a, const cm__json_node_t *b, const char *where)
{
    if (a->type != b->type || a->n != b->n)
        fail_msg("%s: type %d/%d, n %d/%d (line %d)", where, a->type, b->type, a->n, b->n, a->line);
    if ((a->key || b->key) && (!a->key || !b->key || strcmp(a->key, b->key) != 0))
        fail_msg("%s: key %s/%s", where, a->key ? a->key : "-", b->key ? b->key : "-");
    switch (a->type) {
    case CM__JSON_INT:
        assert_true(a->v.i == b->v.i);
        break;
    case CM__JSON_DOUBLE:
        assert_memory_equal(&a->v.d, &b->v.d, sizeof(double));
        break;
    case CM__JSON_STRING:
        assert_string_equal(a->v.s, b->v.s);
        break;
    case CM__JSON_NUMBERS:
        assert_memory_equal(a->v.nums, b->v.nums, sizeof(double) * (size_t)a->n);
        break;
    case CM__JSON_ARRAY:
    case CM__JSON_OBJECT:
        for (const cm__json_node_t *x = a->v.first, *y = b->v.first; x || y;
             x = x->next, y = y->next) {
            assert_true(x && y);
            assert_same_tree(x, y, where);
        }
        break;
    default:
        break;
    }
}

/* The fast reader builds exactly json-glib's tree for the shipped basemaps and fixtures. */
static void
test_reader_matches_json_glib(void **state)
{
    char *world50 = g_build_filename(CM_SRCDIR, "data", "world", "countries-50m.json", NULL);
    char *world110 = g_build_filename(CM_SRCDIR, "data", "world", "countries-110m.json", NULL);
    char *files[] = {world50,
                     world110,
                     fixture("shapes.geojson"),
                     fixture("pair.topojson"),
                     fixture("antimeridian.geojson"),
                     fixture("bad-position.topojson")};
    for (size_t i = 0; i < G_N_ELEMENTS(files); i++) {
        char *buf;
        gsize len;
        assert_true(g_file_get_contents(files[i], &buf, &len, NULL));
        GError *err = NULL;
        cm__json_t *fast = cm__json_read(files[i], buf, len, 0, &err);
        cm__json_t *slow = cm__json_read_glib(files[i], buf, len, 0, &err);
        if (!fast || !slow)
            fail_msg("%s: %s", files[i], err ? err->message : "?");
        assert_same_tree(cm__json_root(fast), cm__json_root(slow), files[i]);
        assert_true(cm__json_positions(fast) == cm__json_positions(slow));
        assert_true(cm__json_root(fast)->line == 1);
        cm__json_free(fast);
        cm__json_free(slow);
        g_free(buf);
        g_free(files[i]);
    }
}

/* What only json-glib accepts (comments, single quotes, "1.", a byte order mark) still
 * loads, through its tree, to the same geometry. */
static void
test_lenient_json_loads_the_same(void **state)
{
    static const char strict[] =
        "{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Feature\", \"id\": "
        "\"Q\", \"geometry\": {\"type\": \"Polygon\", \"coordinates\": "
        "[[[0, 0], [0, 1.5], [1, 1.5], [0, 0]]]}}]}";
    static const char lenient[] =
        "\xEF\xBB\xBF/* a comment */ {'type': 'FeatureCollection', \"features\": [{\"type\": "
        "\"Feature\", \"id\": 'Q', \"geometry\": {\"type\": \"Polygon\", \"coordinates\": "
        "[[[0, 0], [0, 1.5], [1., 1.5], [0, 0]]]}}]}";
    const char *texts[] = {strict, lenient};
    cm_geo_t *geo[2];
    for (int i = 0; i < 2; i++) {
        char *path =
            g_build_filename(g_get_tmp_dir(), i ? "cm-lenient.geojson" : "cm-strict.geojson", NULL);
        assert_true(g_file_set_contents(path, texts[i], -1, NULL));
        GError *err = NULL;
        geo[i] = cm_geo_load(path, NULL, &err);
        if (!geo[i])
            fail_msg("%s", err->message);
        g_unlink(path);
        g_free(path);
    }
    const cm_geo_ring_t *a = &geo[0]->features[0].polygons[0].rings[0];
    const cm_geo_ring_t *b = &geo[1]->features[0].polygons[0].rings[0];
    assert_string_equal(geo[1]->features[0].id, "Q");
    assert_int_equal(a->n, 4);
    assert_int_equal(b->n, 4);
    assert_memory_equal(a->pts, b->pts, sizeof(cm_geo_xy_t) * 4);
    cm_geo_free(geo[0]);
    cm_geo_free(geo[1]);
}

/* Errors in the data name the file and the line of the offending value. */
static void
test_errors_name_the_line(void **state)
{
    GError *err = load_bad("bad-arc.topojson", CM_ERROR_DATA);
    assert_non_null(strstr(err->message, "bad-arc.topojson”:4:"));
    assert_non_null(strstr(err->message, "arc index -7 out of range"));
    g_error_free(err);
    err = load_bad("bad-position.topojson", CM_ERROR_DATA);
    assert_non_null(strstr(err->message, "arc 0 is not a list of [x, y] positions"));
    g_error_free(err);
}

/* The cap on vertices: every array of two or more numbers counts. pair.topojson has 15
 * arc positions, the transform's two and two lists of arc indices: 19. */
static void
test_vertex_cap(void **state)
{
    char *path = fixture("pair.topojson");
    GError *err = NULL;
    cm_geo_load_opts_t opts = {.max_vertices = 19};
    cm_geo_t *geo = cm_geo_load_full(path, &opts, &err);
    assert_non_null(geo);
    cm_geo_free(geo);
    opts.max_vertices = 18;
    assert_null(cm_geo_load_full(path, &opts, &err));
    assert_true(g_error_matches(err, CM_ERROR, CM_ERROR_DATA));
    assert_non_null(strstr(err->message, path));
    assert_non_null(strstr(err->message, "more than 18 vertices"));
    assert_non_null(strstr(err->message, "”:15:")); /* the last arc's line */
    g_clear_error(&err);
    g_free(path);

    /* GeoJSON: the Square's outer ring alone has five positions. */
    path = fixture("shapes.geojson");
    opts.max_vertices = 3;
    assert_null(cm_geo_load_full(path, &opts, &err));
    assert_non_null(strstr(err->message, "more than 3 vertices"));
    g_clear_error(&err);
    /* NULL options and 0 mean the default, far above any fixture. */
    geo = cm_geo_load_full(path, NULL, &err);
    assert_non_null(geo);
    cm_geo_free(geo);
    g_free(path);
    assert_true(CM_GEO_MAX_VERTICES_DEFAULT == 5000000);
}

/* A ring whose first arc is empty: the empty arc adds nothing (it was undefined
 * behaviour: no points to copy from, cm_geo_load.c). */
static void
test_empty_first_arc(void **state)
{
    (void)state;
    cm_geo_t *geo = load_ok("empty-first-arc.topojson", NULL);
    assert_int_equal(geo->n_features, 2);
    cm_geo_free(geo);
}

/* Arcs count against the vertex cap at every use: 114 KB of TopoJSON whose rings reuse
 * one arc ran for minutes under a cap its raw vertices were far below. */
static void
test_reused_arcs_count_as_expanded(void **state)
{
    (void)state;
    enum { RINGS = 2000, ARC = 50 };
    GString *s = g_string_new("{\"type\": \"Topology\", \"objects\": {\"countries\": "
                              "{\"type\": \"GeometryCollection\", \"geometries\": [");
    for (int i = 0; i < RINGS; i++)
        g_string_append_printf(s, "%s{\"type\": \"Polygon\", \"id\": \"F%d\", \"arcs\": [[0]]}",
                               i ? "," : "", i);
    g_string_append(s, "]}}, \"arcs\": [[");
    for (int k = 0; k < ARC; k++) /* a closed ring of ARC points */
        g_string_append_printf(s, "%s[%d, %d]", k ? "," : "", k == ARC - 1 ? 0 : k,
                               k == ARC - 1 ? 0 : (k % 2) * 3 + 1);
    g_string_append(s, "]]}");
    char *dir = g_dir_make_tmp("test_geo_load-XXXXXX", NULL);
    char *path = g_build_filename(dir, "reused.topojson", NULL);
    assert_true(g_file_set_contents(path, s->str, (gssize)s->len, NULL));
    cm_geo_load_opts_t opts = {.max_vertices = RINGS * ARC - 1}; /* raw: only ARC vertices */
    GError *err = NULL;
    assert_null(cm_geo_load_full(path, &opts, &err));
    assert_true(g_error_matches(err, CM_ERROR, CM_ERROR_DATA));
    assert_non_null(strstr(err->message, "reuse arcs"));
    assert_non_null(strstr(err->message, path));
    g_clear_error(&err);
    opts.max_vertices = RINGS * ARC; /* exactly the expanded count: loads */
    cm_geo_t *geo = cm_geo_load_full(path, &opts, &err);
    assert_non_null(geo);
    assert_int_equal(geo->n_features, RINGS);
    cm_geo_free(geo);
    g_unlink(path);
    g_rmdir(dir);
    g_free(path);
    g_free(dir);
    g_string_free(s, TRUE);
}

/* The json-glib fallback (for files the strict reader refuses) applies the vertex cap
 * before json-glib builds its tree: 10 M positions took 3.7 GB and 19 s there. A file with
 * too many positions is refused by the count, even when json-glib would also have found
 * it broken further on (which is what it reported before). Strings in either quote and
 * comments do not hide positions from the count. */
static void
test_fallback_counts_before_parsing(void **state)
{
    (void)state;
    GString *s = g_string_new("/* lenient */ {'type': 'FeatureCollection', 'features': [{"
                              "'type': 'Feature', 'id': 'Q', 'note': '\"[1, 2]', "
                              "'geometry': {'type': 'Polygon', 'coordinates': [[");
    for (int i = 0; i < 1000; i++)
        g_string_append_printf(s, "%s[/* x */ %d, 0]", i ? ", " : "", i);
    g_string_append(s, "]]}}]} trailing garbage ]]]");
    char *dir = g_dir_make_tmp("test_geo_load-XXXXXX", NULL);
    char *path = g_build_filename(dir, "lenient.geojson", NULL);
    assert_true(g_file_set_contents(path, s->str, (gssize)s->len, NULL));
    cm_geo_load_opts_t opts = {.max_vertices = 100};
    GError *err = NULL;
    assert_null(cm_geo_load_full(path, &opts, &err));
    assert_true(g_error_matches(err, CM_ERROR, CM_ERROR_DATA));
    assert_non_null(strstr(err->message, "more than 100 vertices"));
    assert_non_null(strstr(err->message, path));
    g_clear_error(&err);
    g_unlink(path);
    g_rmdir(dir);
    g_free(path);
    g_free(dir);
    g_string_free(s, TRUE);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_geojson),
        cmocka_unit_test(test_fallback_counts_before_parsing),
        cmocka_unit_test(test_empty_first_arc),
        cmocka_unit_test(test_reused_arcs_count_as_expanded),
        cmocka_unit_test(test_topojson),
        cmocka_unit_test(test_not_json),
        cmocka_unit_test(test_broken_topology),
        cmocka_unit_test(test_empty_and_no_ids),
        cmocka_unit_test(test_missing_file),
        cmocka_unit_test(test_shipped),
        cmocka_unit_test(test_reader_matches_json_glib),
        cmocka_unit_test(test_lenient_json_loads_the_same),
        cmocka_unit_test(test_errors_name_the_line),
        cmocka_unit_test(test_vertex_cap),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
