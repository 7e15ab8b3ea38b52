/* test_geo_cache.c — basemap geometry through the disk cache: the shipped 50m world,
 * projected (asia-pacific, so rings are cut at the antimeridian) and simplified, comes
 * back bit for bit; truncated, bit-flipped, wrong-version and forged files are refused;
 * one changed byte of the basemap (or any other input) changes the key. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "geo/cm_geo.h"
#include "geo/cm_geo_cache.h"
#include "geo/cm_geo_base_private.h"
#include "geo/cm_geo_private.h"
#include "layout/cm_map_private.h"
#include "util/cm_cache.h"

typedef struct {
    char *path;
    cm_geo_t *geo;
    cm_proj_t *proj;
    cm_geo_base_t *base;
    const cm_geo_map_t *map; /* the base's */
    guint64 key;
} fixture_t;

static guint64
file_hash(const char *path)
{
    char *buf = NULL;
    gsize len = 0;
    assert_true(g_file_get_contents(path, &buf, &len, NULL));
    guint64 h = cm_cache_hash(CM_CACHE_HASH_SEED, buf, len);
    g_free(buf);
    return h;
}

static int
setup(void **state)
{
    fixture_t *f = g_new0(fixture_t, 1);
    f->path = g_build_filename(CM_SRCDIR, "data", "world", "countries-50m.json", NULL);
    GError *err = NULL;
    f->geo = cm_geo_load(f->path, NULL, &err);
    f->proj = f->geo ? cm_proj_new("asia-pacific", &err) : NULL;
    if (!f->proj)
        fail_msg("%s", err->message);
    f->base = cm_geo_base_new(f->geo, f->proj, NULL, &err);
    assert_non_null(f->base);
    f->key = cm_geo_cache_key_base(file_hash(f->path), NULL, "asia-pacific", NULL);
    cm_geo_fit_t fit = cm_geo_fit(f->base->extent, 10, 20, 1580, 800);
    cm_geo_base_save_cached(f->base, f->key); /* from now on pixel maps are saved too */
    f->map = cm_geo_base_pixels(f->base, &fit);
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    fixture_t *f = *state;
    cm_geo_base_free(f->base);
    cm_proj_free(f->proj);
    cm_geo_free(f->geo);
    g_free(f->path);
    g_free(f);
    return 0;
}

static void
assert_same_str(const char *a, const char *b)
{
    if (!a || !b)
        assert_ptr_equal(a, b);
    else
        assert_string_equal(a, b);
}

static void
assert_same_ints(const GArray *a, const GArray *b)
{
    assert_int_equal(a->len, b->len);
    assert_memory_equal(a->data, b->data, a->len * sizeof(int));
}

static void
assert_same_lines(const cm__geo_line_t *a, const cm__geo_line_t *b)
{
    assert_int_equal(a->n, b->n);
    if (a->n)
        assert_memory_equal(a->pts, b->pts, sizeof *a->pts * (size_t)a->n);
}

static void
assert_same_maps(const cm_geo_map_t *a, const cm_geo_map_t *b, const cm_geo_t *b_geo)
{
    assert_memory_equal(&a->fit, &b->fit, sizeof a->fit);
    assert_int_equal(a->n_shapes, b->n_shapes);
    assert_int_equal(a->n_points, b->n_points);
    for (int i = 0; i < a->n_shapes; i++) {
        const cm_geo_shape_t *s = &a->shapes[i], *t = &b->shapes[i];
        assert_ptr_equal(t->feature, &b_geo->features[i]);
        assert_int_equal(s->n_rings, t->n_rings);
        for (int r = 0; r < s->n_rings; r++) {
            assert_int_equal(s->rings[r].hole, t->rings[r].hole);
            assert_int_equal(s->rings[r].n, t->rings[r].n);
            assert_memory_equal(s->rings[r].pts, t->rings[r].pts,
                                sizeof(cm_geo_xy_t) * (size_t)s->rings[r].n);
        }
        /* bit for bit: memcmp, not ==, so -0 and NaN would be caught too */
        assert_memory_equal(&s->area, &t->area, sizeof s->area);
        assert_memory_equal(&s->label, &t->label, sizeof s->label);
        assert_memory_equal(&s->label_dist, &t->label_dist, sizeof s->label_dist);
        assert_memory_equal(s->bbox, t->bbox, sizeof s->bbox);
        assert_int_equal(s->has_label, t->has_label);
    }
}

/* The whole base (features, extent, graticule, sphere, cut topology in metres) and its
 * pixel map come back exactly, with PROJ out of the picture. */
static void
test_round_trip(void **state)
{
    fixture_t *f = *state;
    cm_geo_t *geo = NULL;
    cm_geo_base_t *b = cm_geo_base_load_cached(f->key, f->path, &geo);
    assert_non_null(b);
    assert_non_null(geo);
    assert_string_equal(geo->path, f->geo->path);
    assert_int_equal(geo->n_features, f->geo->n_features);
    assert_int_equal(geo->topology, f->geo->topology);
    assert_int_equal(geo->outer_cw, f->geo->outer_cw);
    for (int i = 0; i < geo->n_features; i++) {
        assert_same_str(geo->features[i].id, f->geo->features[i].id);
        assert_same_str(geo->features[i].name, f->geo->features[i].name);
        assert_int_equal(geo->features[i].n_polygons, 0); /* ids and names only */
    }
    assert_memory_equal(b->extent, f->base->extent, sizeof b->extent);
    assert_int_equal(b->framed, f->base->framed);
    assert_true(b->framed); /* asia-pacific has a frame */
    assert_int_equal(b->graticule->len, f->base->graticule->len);
    for (guint i = 0; i < b->graticule->len; i++)
        assert_same_lines(&g_array_index(b->graticule, cm__geo_line_t, i),
                          &g_array_index(f->base->graticule, cm__geo_line_t, i));
    assert_true(f->base->sphere.n > 0);
    assert_same_lines(&b->sphere, &f->base->sphere);

    const cm__geo_cut_t *c = &b->pg->cut, *d = &f->base->pg->cut;
    assert_ptr_equal(b->pg->geo, geo);
    assert_int_equal(c->pts->len, d->pts->len);
    assert_memory_equal(c->pts->data, d->pts->data, c->pts->len * sizeof(cm_geo_xy_t));
    assert_same_ints(c->seg_off, d->seg_off);
    assert_same_ints(c->ring_refs, d->ring_refs);
    assert_int_equal(c->rings->len, d->rings->len);
    for (guint i = 0; i < c->rings->len; i++) {
        const cm__geo_cut_ring_t *x = &g_array_index(c->rings, cm__geo_cut_ring_t, i);
        const cm__geo_cut_ring_t *y = &g_array_index(d->rings, cm__geo_cut_ring_t, i);
        assert_int_equal(x->first_ref, y->first_ref);
        assert_int_equal(x->n_refs, y->n_refs);
        assert_int_equal(x->polygon, y->polygon);
        assert_int_equal(x->hole, y->hole);
    }
    assert_int_equal(c->n_features, d->n_features);
    assert_memory_equal(c->feat_off, d->feat_off, sizeof(int) * (size_t)(c->n_features + 1));
    assert_memory_equal(b->pg->extent, f->base->pg->extent, sizeof b->pg->extent);

    /* The same fit: the pixel map is read, not built, and equals the computed one. */
    const cm_geo_map_t *m = cm_geo_base_pixels(b, &f->map->fit);
    assert_int_equal(cm_geo_base_n_builds(b), 0);
    assert_same_maps(f->map, m, geo);
    /* And one built from the cached topology equals one built from the computed one. */
    cm_geo_map_t *fresh = cm_geo_map_new(b->pg, &f->map->fit, NULL);
    assert_same_maps(f->map, fresh, geo);
    cm_geo_map_free(fresh);
    cm_geo_base_free(b);
    cm_geo_free(geo);
}

static char *
cache_file(const char *kind, guint64 key)
{
    char *name = g_strdup_printf("%s-%016" G_GINT64_MODIFIER "x.bin", kind, key);
    char *path = g_build_filename(cm_cache_dir(), name, NULL);
    g_free(name);
    return path;
}

static GBytes *
read_file(const char *path)
{
    char *buf = NULL;
    gsize len = 0;
    assert_true(g_file_get_contents(path, &buf, &len, NULL));
    return g_bytes_new_take(buf, len);
}

static void
write_file(const char *path, const void *data, gsize len)
{
    assert_true(g_file_set_contents(path, data, (gssize)len, NULL));
}

static bool
base_loads(guint64 key, const char *path)
{
    cm_geo_t *geo = NULL;
    cm_geo_base_t *b = cm_geo_base_load_cached(key, path, &geo);
    bool ok = b != NULL;
    assert_true(ok == (geo != NULL));
    cm_geo_base_free(b);
    cm_geo_free(geo);
    return ok;
}

/* Every truncation, a flipped bit anywhere and another version are ignored. */
static void
test_damaged_files_are_refused(void **state)
{
    fixture_t *f = *state;
    char *path = cache_file("geo-base", f->key);
    GBytes *good = read_file(path);
    gsize len = 0;
    const guint8 *data = g_bytes_get_data(good, &len);
    assert_true(len > 48);
    assert_true(base_loads(f->key, f->path));

    guint8 *copy = g_memdup2(data, len);
    const gsize cuts[] = {0, 1, 7, 47, 48, 49, 100, len / 2, len - 9, len - 1};
    for (size_t i = 0; i < G_N_ELEMENTS(cuts); i++) {
        write_file(path, copy, cuts[i]);
        assert_false(base_loads(f->key, f->path));
    }
    /* one flipped bit: in the magic, version, key, length, checksum, and the payload */
    const gsize at[] = {0, 8, 12, 16, 24, 32, 40, 48, 60, len / 3, len - 1};
    for (size_t i = 0; i < G_N_ELEMENTS(at); i++) {
        memcpy(copy, data, len);
        copy[at[i]] ^= 0x10;
        write_file(path, copy, len);
        assert_false(base_loads(f->key, f->path));
    }
    /* a longer file with the right header for the shorter one */
    guint8 *longer = g_malloc0(len + 8);
    memcpy(longer, data, len);
    write_file(path, longer, len + 8);
    assert_false(base_loads(f->key, f->path));
    g_free(longer);
    /* the right bytes under another key's name */
    char *other = cache_file("geo-base", f->key ^ 1);
    write_file(other, data, len);
    assert_false(base_loads(f->key ^ 1, f->path));
    g_unlink(other);
    g_free(other);

    write_file(path, data, len); /* repaired: loads again */
    assert_true(base_loads(f->key, f->path));
    g_free(copy);
    g_bytes_unref(good);
    g_free(path);
}

/* A file whose checksum is right but whose counts or indices lie is refused by the
 * structural checks (no crash, no allocation sized by the lie). */
static void
test_forged_files_are_refused(void **state)
{
    fixture_t *f = *state;
    const cm_geo_t *geo = f->geo;
    const guint64 key = 0x1234;
    struct {
        const char *what;
        int feature_count, ring_ref, seg_last, str_len;
    } cases[] = {
        {"honest", 0, 0, 0, 0},
        {"feature count beyond the file", 1 << 30, 0, 0, 0},
        {"negative feature count", -5, 0, 0, 0},
        {"segment reference out of range", 0, 1 << 20, 0, 0},
        {"segment offsets not ending at the points", 0, 0, 1, 0},
        {"string longer than the file", 0, 0, 0, 1 << 28},
    };
    for (size_t k = 0; k < G_N_ELEMENTS(cases); k++) {
        /* a small basemap-like product: features of the real basemap, its projection */
        cm_geo_cache_writer_t w;
        cm_geo_cache_writer_init(&w);
        cm_geo_cache_put_i32(&w, geo->topology);
        cm_geo_cache_put_i32(&w, geo->outer_cw);
        cm_geo_cache_put_i32(&w, cases[k].feature_count ? cases[k].feature_count : 2);
        cm_geo_cache_put_str(&w, geo->features[0].id);
        if (cases[k].str_len) {
            cm_geo_cache_put_i32(&w, cases[k].str_len);
            cm_geo_cache_put_i32(&w, 0x41414141);
        } else {
            cm_geo_cache_put_str(&w, geo->features[0].name);
        }
        cm_geo_cache_put_str(&w, "002");
        cm_geo_cache_put_str(&w, NULL);
        /* cut topology: 4 points, one segment, one ring per feature */
        cm_geo_xy_t pts[4] = {{0, 0}, {1, 0}, {1, 1}, {0, 0}};
        cm_geo_cache_put_xy(&w, pts, 4);
        cm_geo_cache_put_i32(&w, 2);
        cm_geo_cache_put_i32(&w, 0);
        cm_geo_cache_put_i32(&w, 4 - cases[k].seg_last);
        cm_geo_cache_put_i32(&w, 1);
        cm_geo_cache_put_i32(&w, cases[k].ring_ref);
        cm_geo_cache_put_i32(&w, 1);
        cm_geo_cache_put_i32(&w, 0), cm_geo_cache_put_i32(&w, 1);
        cm_geo_cache_put_i32(&w, 0), cm_geo_cache_put_i32(&w, 0);
        cm_geo_cache_put_i32(&w, 2);
        cm_geo_cache_put_i32(&w, 0), cm_geo_cache_put_i32(&w, 1), cm_geo_cache_put_i32(&w, 1);
        for (int i = 0; i < 4; i++)
            cm_geo_cache_put_f64(&w, i);
        cm_geo_cache_put_i32(&w, 1);
        assert_true(cm_geo_cache_save("test", key, &w));
        cm_geo_cache_writer_release(&w);

        cm_geo_cache_reader_t r;
        GBytes *bytes = cm_geo_cache_load("test", key, &r);
        assert_non_null(bytes); /* the checksum is right: only the content lies */
        cm_geo_t *g = cm_geo_cache_get_geo(&r, "x.json");
        cm_geo_projected_t *pg = g ? cm_geo_cache_get_projected(&r, g) : NULL;
        bool honest = k == 0;
        if (honest) {
            assert_non_null(pg);
            assert_true(cm_geo_cache_reader_done(&r));
            assert_int_equal(g->n_features, 2);
            assert_string_equal(g->features[1].id, "002");
            assert_null(g->features[1].name);
        } else {
            assert_null(pg);
            assert_true(r.bad);
        }
        cm_geo_projected_free(pg);
        cm_geo_free(g);
        g_bytes_unref(bytes);
    }
    char *path = cache_file("test", key);
    g_unlink(path);
    g_free(path);
}

/* A pixel map's numbers are drawn as they are: one with NaN or infinite points, area,
 * label or fit (a checksum made over them) is refused, not drawn. */
static void
test_pixel_map_numbers_checked(void **state)
{
    fixture_t *f = *state;
    const cm_geo_t *geo = f->geo;
    enum { HONEST, NAN_POINT, INF_POINT, NAN_AREA, NAN_LABEL, HUGE_BBOX, ZERO_SCALE, N_CASES };
    for (int k = 0; k < N_CASES; k++) {
        cm_geo_cache_writer_t w;
        cm_geo_cache_writer_init(&w);
        cm_geo_cache_put_f64(&w, k == ZERO_SCALE ? 0 : 2);
        cm_geo_cache_put_f64(&w, 10);
        cm_geo_cache_put_f64(&w, 20);
        cm_geo_cache_put_i32(&w, 3 * geo->n_features);
        cm_geo_cache_put_i32(&w, geo->n_features);
        for (int i = 0; i < geo->n_features; i++) {
            bool last = i == geo->n_features - 1; /* the lie is in the last shape */
            cm_geo_cache_put_i32(&w, 1);
            cm_geo_cache_put_i32(&w, 0);
            cm_geo_xy_t pts[3] = {{0, 0}, {1, 0}, {1, 1}};
            if (last && k == NAN_POINT)
                pts[1].y = NAN;
            if (last && k == INF_POINT)
                pts[2].x = -INFINITY;
            cm_geo_cache_put_xy(&w, pts, 3);
            cm_geo_cache_put_f64(&w, last && k == NAN_AREA ? NAN : 0.5);
            cm_geo_cache_put_f64(&w, last && k == NAN_LABEL ? NAN : 0.7);
            cm_geo_cache_put_f64(&w, 0.3);
            cm_geo_cache_put_f64(&w, 0.1);
            for (int b = 0; b < 4; b++)
                cm_geo_cache_put_f64(&w, last && k == HUGE_BBOX && b == 2 ? INFINITY : b / 4.0);
            cm_geo_cache_put_i32(&w, 1);
        }
        /* the records as a file's payload holds them (behind the header save fills in) */
        assert_true(cm_geo_cache_save("test", 0x5678, &w));
        cm_geo_cache_reader_t r;
        GBytes *bytes = cm_geo_cache_load("test", 0x5678, &r);
        assert_non_null(bytes);
        cm_geo_map_t *map = cm_geo_cache_get_map(&r, geo);
        if (k == HONEST) {
            assert_non_null(map);
            assert_true(cm_geo_cache_reader_done(&r));
        } else {
            assert_null(map);
            assert_true(r.bad);
        }
        cm_geo_map_free(map);
        g_bytes_unref(bytes);
        cm_geo_cache_writer_release(&w);
    }
    char *path = cache_file("test", 0x5678);
    g_unlink(path);
    g_free(path);
}

/* Any input the content depends on is in the key: one byte of the basemap, the id
 * property, the vertex cap, the projection, the box; and the fit for pixel maps. */
static void
test_keys(void **state)
{
    fixture_t *f = *state;
    char *buf = NULL;
    gsize len = 0;
    assert_true(g_file_get_contents(f->path, &buf, &len, NULL));
    char *tmp = g_build_filename(cm_cache_dir(), "edited.json", NULL);
    buf[len / 2] ^= 1;
    write_file(tmp, buf, len);
    guint64 edited = cm_geo_cache_key_base(file_hash(tmp), NULL, "asia-pacific", NULL);
    assert_true(edited != f->key);
    assert_false(base_loads(edited, tmp)); /* nothing cached for the edited file */
    buf[len / 2] ^= 1;
    write_file(tmp, buf, len);
    assert_true(cm_geo_cache_key_base(file_hash(tmp), NULL, "asia-pacific", NULL) == f->key);
    g_unlink(tmp);
    g_free(tmp);
    g_free(buf);

    guint64 h = file_hash(f->path);
    cm_geo_load_opts_t id = {.id_property = "iso"}, cap = {.max_vertices = 1000};
    cm_geo_load_opts_t dflt = {.max_vertices = CM_GEO_MAX_VERTICES_DEFAULT};
    double box[4] = {65, -50, -150, 60}, box2[4] = {65, -50, -150, 60.000001};
    guint64 keys[] = {
        f->key,
        cm_geo_cache_key_base(h, &id, "asia-pacific", NULL),
        cm_geo_cache_key_base(h, &cap, "asia-pacific", NULL),
        cm_geo_cache_key_base(h, NULL, "world", NULL),
        cm_geo_cache_key_base(h, NULL, "asia-pacific", box),
        cm_geo_cache_key_base(h, NULL, "asia-pacific", box2),
    };
    for (size_t i = 0; i < G_N_ELEMENTS(keys); i++)
        for (size_t j = i + 1; j < G_N_ELEMENTS(keys); j++)
            assert_true(keys[i] != keys[j]);
    /* the default cap spelled out is the default */
    assert_true(cm_geo_cache_key_base(h, &dflt, "asia-pacific", NULL) == f->key);

    cm_geo_fit_t fit = f->map->fit, moved = fit;
    moved.tx = nextafter(moved.tx, 1e9);
    assert_true(cm_geo_cache_key_map(f->key, &fit, NULL) !=
                cm_geo_cache_key_map(f->key, &moved, NULL));
    cm_geo_map_opts_t tol = {.tolerance_px = 2};
    assert_true(cm_geo_cache_key_map(f->key, &fit, NULL) !=
                cm_geo_cache_key_map(f->key, &fit, &tol));
}

int
main(void)
{
    /* a private cache folder, chosen before anything asks for one */
    char *dir = g_dir_make_tmp("test-geo-cache-XXXXXX", NULL);
    assert_non_null(dir);
    g_setenv("CHRONOMAP_CACHE_DIR", dir, TRUE);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_damaged_files_are_refused),
        cmocka_unit_test(test_forged_files_are_refused),
        cmocka_unit_test(test_keys),
        cmocka_unit_test(test_pixel_map_numbers_checked),
    };
    int status = cmocka_run_group_tests(tests, setup, teardown);
    GDir *d = g_dir_open(dir, 0, NULL);
    const char *name;
    while (d && (name = g_dir_read_name(d))) {
        char *p = g_build_filename(dir, name, NULL);
        g_unlink(p);
        g_free(p);
    }
    if (d)
        g_dir_close(d);
    g_rmdir(dir);
    g_free(dir);
    return status;
}
