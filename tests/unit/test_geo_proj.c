/* test_geo_proj.c — projections: presets, PROJ strings, known points against PROJ itself,
 * presets against PROJ's own crs_to_crs and PROJ strings, framing boxes, bad definitions,
 * and loading PROJ at run time (cm_proj_api.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "geo/cm_geo.h"
#include "geo/cm_proj_api.h"
#include "util/cm_error.h"

static const cm__proj_api_t *
api(void)
{
    GError *err = NULL;
    const cm__proj_api_t *a = cm__proj_api(&err);
    if (!a)
        fail_msg("%s", err->message);
    return a;
}

static cm_proj_t *
proj_ok(const char *def)
{
    GError *err = NULL;
    cm_proj_t *p = cm_proj_new(def, &err);
    if (!p)
        fail_msg("%s: %s", def, err->message);
    return p;
}

/* PROJ's own operation from EPSG:4326 to TARGET, lon/lat order, as PROJ's docs make it:
 * proj_create_crs_to_crs + proj_normalize_for_visualization. Free with free_direct. */
typedef struct {
    PJ_CONTEXT *ctx;
    PJ *op;
} direct_t;

static direct_t
direct_new(const char *target)
{
    const cm__proj_api_t *a = api();
    direct_t d = {a->context_create(), NULL};
    a->context_set_enable_network(d.ctx, 0);
    PJ *op = a->create_crs_to_crs(d.ctx, "EPSG:4326", target, NULL);
    assert_non_null(op);
    d.op = a->normalize_for_visualization(d.ctx, op);
    assert_non_null(d.op);
    a->destroy(op);
    return d;
}

static void
direct_free(direct_t *d)
{
    api()->destroy(d->op);
    api()->context_destroy(d->ctx);
}

/* What PROJ itself says for (LON, LAT) -> TARGET, lon/lat order. */
static cm_geo_xy_t
proj_direct(const char *target, double lon, double lat)
{
    direct_t d = direct_new(target);
    cm_geo_xy_t c = {lon, lat};
    api()->trans_generic(d.op, PJ_FWD, &c.x, sizeof c, 1, &c.y, sizeof c, 1, NULL, 0, 0, NULL, 0,
                         0);
    direct_free(&d);
    return c;
}

static void
test_presets(void **state)
{
    static const struct {
        const char *name;
        double lon_0;
        bool cuts, frame;
    } cases[] = {
        {"world", 0, true, false},         {"robinson", 0, true, false},
        {"europe", 10, false, true},       {"north-atlantic", -40, true, true},
        {"asia-pacific", 150, true, true},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        cm_proj_t *p = proj_ok(cases[i].name);
        assert_string_equal(cm_proj_preset(p), cases[i].name);
        assert_float_equal(cm_proj_lon0(p), cases[i].lon_0, 1e-9);
        assert_int_equal(cm_proj_cuts(p), cases[i].cuts);
        double bbox[4];
        assert_int_equal(cm_proj_frame(p, bbox), cases[i].frame);
        assert_non_null(strstr(cm_proj_string(p), "+proj="));
        cm_proj_free(p);
    }
    /* A PROJ string without +type=crs and an EPSG code work too. */
    cm_proj_t *p = proj_ok("+proj=eqearth +lon_0=-90");
    assert_null(cm_proj_preset(p));
    assert_float_equal(cm_proj_lon0(p), -90, 1e-9);
    cm_proj_free(p);
    p = proj_ok("EPSG:3857");
    assert_float_equal(cm_proj_lon0(p), 0, 1e-9);
    assert_true(cm_proj_cuts(p));
    cm_proj_free(p);
}

static void
test_known_points(void **state)
{
    cm_proj_t *p = proj_ok("world");
    cm_geo_xy_t pts[3] = {{0, 0}, {2.3522, 48.8566}, {-180 + 1e-9, 0}};
    cm_proj_forward(p, pts, 3);
    assert_float_equal(pts[0].x, 0, 1e-6);
    assert_float_equal(pts[0].y, 0, 1e-6);
    cm_geo_xy_t paris =
        proj_direct("+proj=eqearth +lon_0=0 +datum=WGS84 +units=m +type=crs", 2.3522, 48.8566);
    assert_float_equal(pts[1].x, paris.x, 1e-6);
    assert_float_equal(pts[1].y, paris.y, 1e-6);
    /* Paris is east of and far north of the origin; the edge is ~17 000 km west. */
    assert_true(pts[1].x > 150e3 && pts[1].x < 250e3);
    assert_true(pts[1].y > 5.0e6 && pts[1].y < 6.0e6);
    assert_true(pts[2].x < -1.6e7 && pts[2].x > -1.8e7);
    cm_proj_free(p);

    /* LAEA Europe: Paris is near (3 760 km E, 2 889 km N) and PROJ agrees to the mm. */
    p = proj_ok("europe");
    cm_geo_xy_t q = {2.3522, 48.8566};
    cm_proj_forward(p, &q, 1);
    cm_geo_xy_t d = proj_direct("EPSG:3035", 2.3522, 48.8566);
    assert_float_equal(q.x, d.x, 1e-3);
    assert_float_equal(q.y, d.y, 1e-3);
    assert_float_equal(q.x, 3760e3, 20e3);
    assert_float_equal(q.y, 2889e3, 20e3);
    cm_proj_free(p);

    /* Pacific-centred: 150°E is the centre; points either side of 150°E + 180° land at
     * opposite edges. */
    p = proj_ok("asia-pacific");
    cm_geo_xy_t r[3] = {{150, 0}, {-30.001, 0}, {-29.999, 0}};
    cm_proj_forward(p, r, 3);
    assert_float_equal(r[0].x, 0, 1e-6);
    assert_true(r[1].x > 1.6e7);
    assert_true(r[2].x < -1.6e7);
    cm_proj_free(p);
}

static void
test_bad_definition(void **state)
{
    GError *err = NULL;
    assert_null(cm_proj_new("+proj=nonsense +lon_0=0", &err));
    assert_true(g_error_matches(err, CM_ERROR, CM_ERROR_USAGE));
    assert_non_null(strstr(err->message, "“+proj=nonsense +lon_0=0”"));
    assert_non_null(strstr(err->message, "PROJ rejects it"));
    g_clear_error(&err);
    assert_null(cm_proj_new("EPSG:999999", &err));
    assert_true(g_error_matches(err, CM_ERROR, CM_ERROR_USAGE));
    assert_non_null(strstr(err->message, "EPSG:999999"));
    g_clear_error(&err);
    assert_null(cm_proj_new("", &err));
    assert_true(g_error_matches(err, CM_ERROR, CM_ERROR_USAGE));
    g_clear_error(&err);
}

/* Every preset, made without proj.db, projects like PROJ's crs_to_crs to the target CRS the
 * preset stands for (to 1e-6 m, on a 2.5° grid over the preset's longitudes, poles and
 * edges included), fails where it fails, and reports the target's PROJ string as PROJ
 * writes it. */
static void
test_presets_match_proj(void **state)
{
    static const struct {
        const char *name, *crs;
    } cases[] = {
        {"world", "+proj=eqearth +lon_0=0 +datum=WGS84 +units=m +type=crs"},
        {"robinson", "+proj=robin +lon_0=0 +datum=WGS84 +units=m +type=crs"},
        {"europe", "EPSG:3035"},
        {"north-atlantic", "+proj=eqearth +lon_0=-40 +datum=WGS84 +units=m +type=crs"},
        {"asia-pacific", "+proj=eqearth +lon_0=150 +datum=WGS84 +units=m +type=crs"},
    };
    const cm__proj_api_t *a = api();
    for (size_t c = 0; c < G_N_ELEMENTS(cases); c++) {
        cm_proj_t *p = proj_ok(cases[c].name);
        direct_t d = direct_new(cases[c].crs);
        PJ *crs = a->create(d.ctx, cases[c].crs);
        assert_non_null(crs);
        assert_string_equal(cm_proj_string(p), a->as_proj_string(d.ctx, crs, PJ_PROJ_5, NULL));
        a->destroy(crs);

        double lon_0 = cm_proj_lon0(p);
        GArray *mine = g_array_new(FALSE, FALSE, sizeof(cm_geo_xy_t));
        for (double lat = -90; lat <= 90; lat += 2.5)
            for (double lon = -180; lon <= 180; lon += 2.5) {
                double edge = lon == -180 ? 1e-7 : lon == 180 ? -1e-7 : 0;
                cm_geo_xy_t q = {lon_0 + lon + edge, lat};
                g_array_append_val(mine, q);
            }
        size_t n = mine->len;
        const cm_geo_xy_t *in = (const cm_geo_xy_t *)mine->data;
        cm_geo_xy_t *m = g_memdup2(in, n * sizeof *m), *theirs = g_memdup2(in, n * sizeof *m);
        cm_proj_forward(p, m, n);
        a->trans_generic(d.op, PJ_FWD, &theirs[0].x, sizeof *theirs, n, &theirs[0].y,
                         sizeof *theirs, n, NULL, 0, 0, NULL, 0, 0);
        size_t failed = 0;
        for (size_t i = 0; i < n; i++) {
            bool bad = !isfinite(theirs[i].x) || !isfinite(theirs[i].y);
            if (bad || m[i].x == HUGE_VAL) {
                failed++;
                if (!bad || m[i].x != HUGE_VAL)
                    fail_msg("%s: (%g, %g) projects in only one of them", cases[c].name, in[i].x,
                             in[i].y);
                continue;
            }
            if (fabs(m[i].x - theirs[i].x) > 1e-6 || fabs(m[i].y - theirs[i].y) > 1e-6)
                fail_msg("%s: (%g, %g) -> (%.9f, %.9f), PROJ (%.9f, %.9f)", cases[c].name, in[i].x,
                         in[i].y, m[i].x, m[i].y, theirs[i].x, theirs[i].y);
        }
        /* Only LAEA has points it cannot project (the antipode of its centre), and few. */
        assert_true(failed < n / 100);
        g_free(m);
        g_free(theirs);
        g_array_free(mine, TRUE);
        direct_free(&d);
        cm_proj_free(p);
    }
}

/* In a thread of its own: a projection made and used there; returns the PROJ table. */
static gpointer
project_in_thread(gpointer data)
{
    GError *err = NULL;
    cm_proj_t *p = cm_proj_new("europe", &err);
    g_assert_no_error(err);
    cm_geo_xy_t q = {10, 52}; /* the centre of LAEA Europe */
    cm_proj_forward(p, &q, 1);
    g_assert_cmpfloat(fabs(q.x - 4321000) + fabs(q.y - 3210000), <, 1e-6);
    cm_proj_free(p);
    return (gpointer)cm__proj_api(NULL);
}

/* PROJ comes from dlopen: a library that is not there, or is not PROJ, is a clear error. */
static void
test_load_errors(void **state)
{
    cm__proj_api_t t;
    GError *err = NULL;
    assert_false(cm__proj_api_load("libcm-no-such-proj.so.0", &t, &err));
    assert_true(g_error_matches(err, CM_ERROR, CM_ERROR_IO));
    assert_non_null(strstr(err->message, "libcm-no-such-proj.so.0"));
    assert_non_null(strstr(err->message, "cannot open shared object file")); /* dlerror() */
    g_clear_error(&err);
    assert_false(cm__proj_api_load("libm.so.6", &t, &err));
    assert_true(g_error_matches(err, CM_ERROR, CM_ERROR_IO));
    assert_non_null(strstr(err->message, "libm.so.6 has no proj_context_create"));
    g_clear_error(&err);
    /* The real one loads, and its table is the same whichever thread asks. */
    const cm__proj_api_t *a = api();
    assert_non_null(a->trans_generic);
    GThread *th[4];
    for (int i = 0; i < 4; i++)
        th[i] = g_thread_new("proj", project_in_thread, NULL);
    for (int i = 0; i < 4; i++)
        assert_ptr_equal(g_thread_join(th[i]), a);
}

static bool
inside(double x, double y, const cm_geo_fit_t *f, const double ext[4])
{
    (void)ext;
    return x >= -1e-6 && x <= 1600 + 1e-6 && y >= -1e-6 && y <= 900 + 1e-6 && f->scale > 0;
}

/* The europe frame shows Iceland, Portugal, Finland and Turkey on a 1600×900 map. */
static void
test_europe_frame(void **state)
{
    cm_proj_t *p = proj_ok("europe");
    double ext[4];
    GError *err = NULL;
    assert_true(cm_proj_frame_extent(p, NULL, ext, &err));
    cm_geo_fit_t fit = cm_geo_fit(ext, 0, 0, 1600, 900);
    cm_geo_xy_t pts[] = {
        {-24.5, 65.5}, /* Iceland, west */
        {-9.5, 37.0},  /* Portugal, Cape St Vincent */
        {28.0, 70.0},  /* Finland, north */
        {44.8, 39.7},  /* Turkey, east */
        {34.0, 35.0},  /* Cyprus */
    };
    cm_proj_forward(p, pts, G_N_ELEMENTS(pts));
    for (size_t i = 0; i < G_N_ELEMENTS(pts); i++) {
        double x = fit.tx + fit.scale * pts[i].x, y = fit.ty - fit.scale * pts[i].y;
        if (!inside(x, y, &fit, ext))
            fail_msg("point %zu at (%g, %g) is outside the frame", i, x, y);
    }
    /* A box with south above north is refused. */
    assert_false(cm_proj_frame_extent(p, (double[]){0, 50, 10, 40}, ext, &err));
    assert_true(g_error_matches(err, CM_ERROR, CM_ERROR_USAGE));
    assert_non_null(strstr(err->message, "south < north"));
    g_clear_error(&err);
    cm_proj_free(p);
}

/* cm_geo_fit maps an extent into a rectangle, aspect kept, centred. */
static void
test_fit(void **state)
{
    double ext[4] = {-100, 0, 100, 100}; /* 200 × 100 */
    cm_geo_fit_t f = cm_geo_fit(ext, 10, 20, 400, 400);
    assert_float_equal(f.scale, 2, 1e-12);
    /* x: -100 -> 10, 100 -> 410; y (up) 100 -> top 120, 0 -> bottom 320. */
    assert_float_equal(f.tx + f.scale * -100, 10, 1e-9);
    assert_float_equal(f.tx + f.scale * 100, 410, 1e-9);
    assert_float_equal(f.ty - f.scale * 100, 120, 1e-9);
    assert_float_equal(f.ty - f.scale * 0, 320, 1e-9);
    /* Taller than wide: height limits. */
    double tall[4] = {0, 0, 10, 100};
    f = cm_geo_fit(tall, 0, 0, 1600, 900);
    assert_float_equal(f.scale, 9, 1e-12);
    assert_float_equal(f.tx + f.scale * 5, 800, 1e-9);

    /* A lon/lat box through a projection fits inside and touches two opposite sides. */
    cm_proj_t *p = proj_ok("world");
    GError *err = NULL;
    double box[4] = {-30, 30, 60, 70}, e[4];
    assert_true(cm_proj_frame_extent(p, box, e, &err));
    f = cm_geo_fit(e, 0, 0, 1600, 900);
    double px0 = f.tx + f.scale * e[0], px1 = f.tx + f.scale * e[2];
    double py0 = f.ty - f.scale * e[3], py1 = f.ty - f.scale * e[1];
    assert_true(px0 >= -1e-6 && px1 <= 1600 + 1e-6 && py0 >= -1e-6 && py1 <= 900 + 1e-6);
    assert_true(fabs(px1 - px0 - 1600) < 1e-6 || fabs(py1 - py0 - 900) < 1e-6);
    /* Its corners are inside that extent. */
    cm_geo_xy_t c[4] = {{-30, 30}, {60, 30}, {-30, 70}, {60, 70}};
    cm_proj_forward(p, c, 4);
    for (int i = 0; i < 4; i++)
        assert_true(c[i].x >= e[0] - 1e-6 && c[i].x <= e[2] + 1e-6 && c[i].y >= e[1] - 1e-6 &&
                    c[i].y <= e[3] + 1e-6);
    cm_proj_free(p);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_presets),
        cmocka_unit_test(test_known_points),
        cmocka_unit_test(test_presets_match_proj),
        cmocka_unit_test(test_load_errors),
        cmocka_unit_test(test_bad_definition),
        cmocka_unit_test(test_europe_frame),
        cmocka_unit_test(test_fit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
