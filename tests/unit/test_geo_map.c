/* test_geo_map.c — cutting at the edge meridian, simplification on shared arcs, areas,
 * label points, on fixtures and on the shipped world-atlas basemaps. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "geo/cm_geo.h"
#include "geo/cm_geo_private.h"
#include "util/cm_error.h"

#define W 1600.0
#define H 900.0

typedef struct {
    cm_geo_t *geo;
    cm_proj_t *proj;
    cm_geo_projected_t *pg;
    cm_geo_map_t *map;
} fixture_t;

static cm_geo_t *
load(const char *dir, const char *name)
{
    char *path = g_build_filename(dir, name, NULL);
    GError *err = NULL;
    cm_geo_t *geo = cm_geo_load(path, NULL, &err);
    if (!geo)
        fail_msg("%s", err->message);
    g_free(path);
    return geo;
}

static cm_geo_t *
shipped(const char *name)
{
    char *dir = g_build_filename(CM_SRCDIR, "data", "world", NULL);
    cm_geo_t *geo = load(dir, name);
    g_free(dir);
    return geo;
}

static cm_geo_t *
fixture(const char *name)
{
    char *dir = g_build_filename(CM_TESTDIR, "geo", NULL);
    cm_geo_t *geo = load(dir, name);
    g_free(dir);
    return geo;
}

/* Projects GEO with DEF, framed as the preset says, into a W × H map. Takes GEO. */
static fixture_t
make_map(cm_geo_t *geo, const char *def, double tolerance)
{
    fixture_t f = {.geo = geo};
    GError *err = NULL;
    f.proj = cm_proj_new(def, &err);
    if (!f.proj)
        fail_msg("%s", err->message);
    f.pg = cm_geo_project(geo, f.proj);
    double ext[4];
    if (!cm_proj_frame_extent(f.proj, NULL, ext, &err))
        fail_msg("%s", err->message);
    cm_geo_fit_t fit = cm_geo_fit(ext, 0, 0, W, H);
    cm_geo_map_opts_t o = {.tolerance_px = tolerance};
    f.map = cm_geo_map_new(f.pg, &fit, &o);
    return f;
}

static void
fixture_free(fixture_t *f)
{
    cm_geo_map_free(f->map);
    cm_geo_projected_free(f->pg);
    cm_proj_free(f->proj);
    cm_geo_free(f->geo);
}

/* The widest horizontal step between consecutive points of any ring (closing one too). */
static double
widest_step(const cm_geo_map_t *map, const char **who)
{
    double worst = 0;
    for (int s = 0; s < map->n_shapes; s++) {
        const cm_geo_shape_t *sh = &map->shapes[s];
        for (int r = 0; r < sh->n_rings; r++) {
            const cm_geo_path_t *p = &sh->rings[r];
            assert_true(p->n >= 3);
            for (int i = 0; i < p->n; i++) {
                double dx = fabs(p->pts[(i + 1) % p->n].x - p->pts[i].x);
                if (dx > worst) {
                    worst = dx;
                    *who = sh->feature->name;
                }
            }
        }
    }
    return worst;
}

/* No drawn segment spans more than half the frame, for every shipped basemap, with the
 * central meridian at 0 (world, robinson) and at 150°E (asia-pacific), and for a custom
 * central meridian that cuts through Europe and Africa. */
static void
test_antimeridian_invariant(void **state)
{
    static const char *const files[] = {"countries-110m.json", "countries-50m.json"};
    static const char *const defs[] = {"world", "robinson", "asia-pacific",
                                       "+proj=eqearth +lon_0=-170", "+proj=robin +lon_0=180"};
    for (size_t i = 0; i < G_N_ELEMENTS(files); i++) {
        for (size_t k = 0; k < G_N_ELEMENTS(defs); k++) {
            fixture_t f = make_map(shipped(files[i]), defs[k], 0.5);
            const char *who = "";
            double worst = widest_step(f.map, &who);
            if (worst > W / 2)
                fail_msg("%s with %s: %s has a segment %.0f px wide", files[i], defs[k], who,
                         worst);
            /* The features that cross ±180 are still there. */
            static const char *const ids[] = {"643", "242", "840", "010"};
            for (size_t j = 0; j < G_N_ELEMENTS(ids); j++)
                assert_true(cm_geo_map_find(f.map, ids[j])->n_rings > 0);
            fixture_free(&f);
        }
    }
}

/* The same invariant fails without cutting: the test can tell (guards the test itself). */
static void
test_uncut_would_streak(void **state)
{
    cm_geo_t *geo = shipped("countries-110m.json");
    const cm_geo_feature_t *fiji = cm_geo_find(geo, "242");
    bool jumps = false;
    for (int p = 0; p < fiji->n_polygons; p++)
        for (int k = 1; k < fiji->polygons[p].rings[0].n; k++)
            jumps |= fabs(fiji->polygons[p].rings[0].pts[k].x -
                          fiji->polygons[p].rings[0].pts[k - 1].x) > 180;
    assert_true(jumps);
    cm_geo_free(geo);
}

/* Equal Earth keeps areas: Russia is cut at lon_0 = 0 (Chukotka) and whole at lon_0 = 90;
 * Antarctica is closed along the pole line either way. Areas agree within 1 %. */
static void
test_area_preserved(void **state)
{
    static const char *const files[] = {"countries-110m.json", "countries-50m.json"};
    for (size_t i = 0; i < G_N_ELEMENTS(files); i++) {
        fixture_t a = make_map(shipped(files[i]), "+proj=eqearth +lon_0=0", 0.5);
        fixture_t b = make_map(shipped(files[i]), "+proj=eqearth +lon_0=90", 0.5);
        fixture_t c = make_map(shipped(files[i]), "asia-pacific", 0.5);
        static const char *const ids[] = {"643", "010", "242", "840", "250"};
        for (size_t k = 0; k < G_N_ELEMENTS(ids); k++) {
            double sa =
                cm_geo_map_find(a.map, ids[k])->area / (a.map->fit.scale * a.map->fit.scale);
            double sb =
                cm_geo_map_find(b.map, ids[k])->area / (b.map->fit.scale * b.map->fit.scale);
            double sc =
                cm_geo_map_find(c.map, ids[k])->area / (c.map->fit.scale * c.map->fit.scale);
            if (fabs(sa / sb - 1) > 0.01 || fabs(sa / sc - 1) > 0.01)
                fail_msg("%s: %s area %g vs %g vs %g m²", files[i], ids[k], sa, sb, sc);
        }
        /* Russia is about 17.1 million km², Antarctica about 14 million. */
        double russia = cm_geo_map_find(a.map, "643")->area / (a.map->fit.scale * a.map->fit.scale);
        assert_true(russia > 16.0e12 && russia < 18.0e12);
        double ant = cm_geo_map_find(a.map, "010")->area / (a.map->fit.scale * a.map->fit.scale);
        assert_true(ant > 12.0e12 && ant < 14.5e12);
        /* Antarctica is closed along the pole line: it reaches the bottom of the globe and
         * spans the pole line's whole width (about 0.55 of the equator in Equal Earth). */
        const cm_geo_shape_t *sh = cm_geo_map_find(a.map, "010");
        double ext[4];
        assert_true(cm_proj_frame_extent(a.proj, NULL, ext, NULL));
        const cm_geo_fit_t *fit = &a.map->fit;
        assert_float_equal(sh->bbox[3], fit->ty - fit->scale * ext[1], 0.5);
        assert_true(sh->bbox[2] - sh->bbox[0] > 0.5 * W);
        fixture_free(&a);
        fixture_free(&b);
        fixture_free(&c);
    }
}

/* Fixtures: a box across ±180 has the area of the same box at 0°; a ring round the pole is
 * closed through it and has twice the area of half the cap. */
static void
test_cut_fixtures(void **state)
{
    static const char *const defs[] = {"world", "asia-pacific", "+proj=eqearth +lon_0=-175"};
    for (size_t k = 0; k < G_N_ELEMENTS(defs); k++) {
        fixture_t f = make_map(fixture("antimeridian.geojson"), defs[k], 0.1);
        const cm_geo_shape_t *cross = cm_geo_map_find(f.map, "CROSS");
        const cm_geo_shape_t *box = cm_geo_map_find(f.map, "BOX");
        const cm_geo_shape_t *pole = cm_geo_map_find(f.map, "POLE");
        const cm_geo_shape_t *band = cm_geo_map_find(f.map, "BAND");
        assert_float_equal(cross->area / box->area, 1.0, 0.005);
        assert_float_equal(pole->area / band->area, 2.0, 0.01);
        const char *who = "";
        double worst = widest_step(f.map, &who);
        if (worst > W / 2)
            fail_msg("%s: %s has a segment %.0f px wide", defs[k], who, worst);
        for (int r = 0; r < pole->n_rings; r++)
            assert_false(pole->rings[r].hole);
        fixture_free(&f);
    }
    /* At lon_0 = 0 the crossing box is split into two pieces at the map's two edges. */
    fixture_t f = make_map(fixture("antimeridian.geojson"), "world", 0.1);
    const cm_geo_shape_t *cross = cm_geo_map_find(f.map, "CROSS");
    assert_int_equal(cross->n_rings, 2);
    assert_true(cross->bbox[2] - cross->bbox[0] > 0.9 * W);
    fixture_free(&f);
}

static bool
has_point(const cm_geo_shape_t *sh, cm_geo_xy_t p)
{
    for (int r = 0; r < sh->n_rings; r++)
        for (int i = 0; i < sh->rings[r].n; i++)
            if (sh->rings[r].pts[i].x == p.x && sh->rings[r].pts[i].y == p.y)
                return true;
    return false;
}

static bool
has_edge(const cm_geo_shape_t *sh, cm_geo_xy_t a, cm_geo_xy_t b)
{
    for (int r = 0; r < sh->n_rings; r++)
        for (int i = 0; i < sh->rings[r].n; i++) {
            cm_geo_xy_t p = sh->rings[r].pts[i], q = sh->rings[r].pts[(i + 1) % sh->rings[r].n];
            if ((p.x == a.x && p.y == a.y && q.x == b.x && q.y == b.y) ||
                (p.x == b.x && p.y == b.y && q.x == a.x && q.y == a.y))
                return true;
        }
    return false;
}

static double
dist_to_shape(const cm_geo_shape_t *sh, cm_geo_xy_t p)
{
    double best = G_MAXDOUBLE;
    for (int r = 0; r < sh->n_rings; r++) {
        const cm_geo_path_t *g = &sh->rings[r];
        for (int i = 0; i < g->n; i++) {
            cm_geo_xy_t a = g->pts[i], b = g->pts[(i + 1) % g->n];
            double dx = b.x - a.x, dy = b.y - a.y, l2 = dx * dx + dy * dy;
            double t = l2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / l2 : 0;
            t = t < 0 ? 0 : t > 1 ? 1 : t;
            best = fmin(best, hypot(a.x + t * dx - p.x, a.y + t * dy - p.y));
        }
    }
    return best;
}

/* France and Spain keep one common border after simplification: every vertex of one that
 * lies on the other's outline is a vertex of the other too, and there are several. */
static void
test_shared_border(void **state)
{
    static const char *const files[] = {"countries-110m.json", "countries-50m.json"};
    for (size_t i = 0; i < G_N_ELEMENTS(files); i++) {
        fixture_t f = make_map(shipped(files[i]), "europe", 1.0);
        const cm_geo_shape_t *fr = cm_geo_map_find(f.map, "250");
        const cm_geo_shape_t *es = cm_geo_map_find(f.map, "724");
        int shared = 0;
        const cm_geo_shape_t *pair[2][2] = {{fr, es}, {es, fr}};
        for (int k = 0; k < 2; k++) {
            const cm_geo_shape_t *a = pair[k][0], *b = pair[k][1];
            for (int r = 0; r < a->n_rings; r++)
                for (int j = 0; j < a->rings[r].n; j++) {
                    cm_geo_xy_t p = a->rings[r].pts[j];
                    if (dist_to_shape(b, p) < 0.05) {
                        if (!has_point(b, p))
                            fail_msg("%s: (%g, %g) lies on the border but is not shared", files[i],
                                     p.x, p.y);
                        shared += k == 0;
                    }
                }
        }
        assert_true(shared >= 3);
        /* Along the border both outlines have the same edges: consecutive French vertices
         * that are Spanish vertices too are neighbours in Spain's outline as well. */
        int edges = 0;
        for (int r = 0; r < fr->n_rings; r++)
            for (int j = 0; j < fr->rings[r].n; j++) {
                cm_geo_xy_t a = fr->rings[r].pts[j], b = fr->rings[r].pts[(j + 1) % fr->rings[r].n];
                if (!has_point(es, a) || !has_point(es, b))
                    continue;
                if (!has_edge(es, a, b))
                    fail_msg("%s: border edge (%g, %g)-(%g, %g) is France's only", files[i], a.x,
                             a.y, b.x, b.y);
                edges++;
            }
        assert_true(edges >= 2);
        fixture_free(&f);
    }
}

/* Simplification works to the output resolution: the 50m world at 1600 px keeps a fraction
 * of its points, and a finer tolerance keeps more. */
static void
test_simplification(void **state)
{
    cm_geo_t *geo = shipped("countries-50m.json");
    int input = 0;
    for (int i = 0; i < geo->n_arcs; i++)
        input += geo->arcs[i].n;
    fixture_t coarse = make_map(geo, "world", 0.5);
    cm_geo_projected_t *pg = coarse.pg;
    cm_geo_fit_t fit = coarse.map->fit;
    cm_geo_map_t *fine = cm_geo_map_new(pg, &fit, &(cm_geo_map_opts_t){.tolerance_px = 0.05});
    assert_true(coarse.map->n_points < input / 3);
    assert_true(fine->n_points > coarse.map->n_points);
    /* Tiny countries vanish as polygons but keep their area and a place for a marker. */
    const cm_geo_shape_t *lux = cm_geo_map_find(coarse.map, "442");
    assert_non_null(lux);
    assert_true(lux->area > 0 && lux->area < 20);
    assert_true(lux->has_label);
    assert_true(lux->label.x > 800 && lux->label.x < 900 && lux->label.y > 100 &&
                lux->label.y < 300);
    cm_geo_map_free(fine);
    fixture_free(&coarse);
}

/* Label points lie inside their polygon, for a U shape whose centroid is outside and for
 * every sizeable shipped country. */
static void
test_labels(void **state)
{
    cm_geo_xy_t u[] = {{0, 0}, {30, 0}, {30, 30}, {20, 30}, {20, 10}, {10, 10}, {10, 30}, {0, 30}};
    cm_geo_path_t ring = {u, G_N_ELEMENTS(u), false};
    double d;
    cm_geo_xy_t p = cm_geo_polylabel(&ring, 1, 0.1, &d);
    assert_true(cm_geo_point_in_rings(&ring, 1, p));
    assert_false(cm_geo_point_in_rings(&ring, 1, (cm_geo_xy_t){15, 20}));
    assert_true(d >= 4.9); /* the arms are 10 wide, the base 10 high */
    /* A hole pushes the label away. */
    cm_geo_xy_t outer[] = {{0, 0}, {100, 0}, {100, 100}, {0, 100}};
    cm_geo_xy_t hole[] = {{20, 20}, {20, 80}, {80, 80}, {80, 20}};
    cm_geo_path_t rings[2] = {{outer, 4, false}, {hole, 4, true}};
    p = cm_geo_polylabel(rings, 2, 0.01, &d);
    assert_true(cm_geo_point_in_rings(rings, 2, p));
    /* The best spots are on the corner diagonals, where the outer edge and the hole's
     * corner are equally far: x = 20·√2 / (1 + √2). */
    double best = 20 * G_SQRT2 / (1 + G_SQRT2);
    assert_float_equal(d, best, 0.05);
    assert_true(fabs(fabs(p.x - 50) - (50 - best)) < 0.5 &&
                fabs(fabs(p.y - 50) - (50 - best)) < 0.5);

    fixture_t f = make_map(shipped("countries-50m.json"), "world", 0.5);
    int checked = 0;
    for (int s = 0; s < f.map->n_shapes; s++) {
        const cm_geo_shape_t *sh = &f.map->shapes[s];
        if (sh->label_dist <= 0)
            continue;
        assert_true(cm_geo_point_in_rings(sh->rings, sh->n_rings, sh->label));
        checked++;
    }
    assert_true(checked > 150);
    /* France's label is in metropolitan France, not in French Guiana. */
    const cm_geo_shape_t *fr = cm_geo_map_find(f.map, "250");
    assert_true(fr->label.x > 750 && fr->label.x < 850 && fr->label.y < 300);
    fixture_free(&f);
}

/* One label point costs a bounded number of cells whatever the ring: a sliver 10^9 times
 * longer than wide made 10^9 starting cells, and a ring of many vertices paid the full
 * probe budget for each of them (a random 200,000-vertex ring ran past 30 s). */
static void
test_polylabel_bounded(void **state)
{
    (void)state;
    cm_geo_xy_t sliver[] = {{0, 0}, {1e6, 0}, {1e6, 1e-3}, {0, 1e-3}, {0, 0}};
    cm_geo_path_t r = {sliver, 5, false};
    gint64 cells = 0;
    cm_geo_xy_t p = cm__geo_polylabel(&r, 1, 0.5, NULL, &cells);
    assert_true(cells > 0 && cells <= 4096 + 2 + 4 * 200000);
    assert_true(p.x >= 0 && p.x <= 1e6 && p.y >= 0 && p.y <= 1e-3);

    enum { N = 40000 }; /* a zigzag ring: every vertex an edge to measure at every probe */
    cm_geo_xy_t *zz = g_new(cm_geo_xy_t, N + 1);
    for (int i = 0; i < N / 2; i++) {
        zz[i] = (cm_geo_xy_t){i * 0.05, (i % 2) * 0.5};
        zz[N - 1 - i] = (cm_geo_xy_t){i * 0.05, 100 - (i % 2) * 0.5};
    }
    zz[N] = zz[0];
    cm_geo_path_t z = {zz, N + 1, false};
    p = cm__geo_polylabel(&z, 1, 0.01, NULL, &cells);
    gint64 probes = (cells - 2) / 4; /* at most: the start cells count as probes here */
    assert_true(probes * (N + 1) <= CM__GEO_POLYLABEL_WORK + (4096 + 2) * (gint64)(N + 1));
    assert_true(cm_geo_point_in_rings(&z, 1, p));
    g_free(zz);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_antimeridian_invariant),
        cmocka_unit_test(test_uncut_would_streak),
        cmocka_unit_test(test_area_preserved),
        cmocka_unit_test(test_cut_fixtures),
        cmocka_unit_test(test_shared_border),
        cmocka_unit_test(test_simplification),
        cmocka_unit_test(test_labels),
        cmocka_unit_test(test_polylabel_bounded),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
