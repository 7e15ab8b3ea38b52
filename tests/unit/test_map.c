/* test_map.c — membership maps: matching rows and features to countries, unknown
 * countries, as-of logic on spans, small-country markers, labels that never overlap,
 * no streaks across the map, geometry reused across frames, and the shipped partners
 * dataset against the reference facts. Runs on the shipped 50m basemap with the fixed
 * measurer, so results do not depend on installed fonts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "chronomap.h"

typedef struct {
    cm_geo_t *geo;
    cm_countries_t *cs;
    cm_style_t *style;
    cm_measurer_t m;
} world_t;

static int
setup(void **state)
{
    world_t *w = g_new0(world_t, 1);
    GError *err = NULL;
    char *path = g_build_filename(CM_SRCDIR, "data", "world", "countries-50m.json", NULL);
    w->geo = cm_geo_load(path, NULL, &err);
    g_free(path);
    if (!w->geo)
        fail_msg("%s", err->message);
    w->cs = cm_countries_load(NULL, &err);
    if (!w->cs)
        fail_msg("%s", err->message);
    w->style = cm_style_new_default();
    w->m = cm_measurer_fixed();
    *state = w;
    return 0;
}

static int
teardown(void **state)
{
    world_t *w = *state;
    cm_style_free(w->style);
    cm_countries_free(w->cs);
    cm_geo_free(w->geo);
    g_free(w);
    return 0;
}

static cm_dataset_t *
csv(const char *text, cm_diag_t *diag)
{
    GError *err = NULL;
    cm_dataset_t *ds = cm_ingest_bytes("t.csv", text, strlen(text), NULL, diag, &err);
    if (!ds)
        fail_msg("%s", err->message);
    return ds;
}

/* One map: data, match, base, scene. */
typedef struct {
    cm_diag_t *diag;
    cm_dataset_t *ds;
    cm_map_match_t *match;
    cm_proj_t *proj;
    cm_geo_base_t *base;
    cm_scene_t *scene;
    cm_layout_notes_t notes;
} map_t;

static map_t
make(world_t *w, const char *text, const char *projection, cm_map_opts_t o)
{
    map_t r = {.diag = cm_diag_new()};
    GError *err = NULL;
    cm_layout_notes_init(&r.notes);
    r.ds = csv(text, r.diag);
    r.match = cm_map_match_new(r.ds, w->geo, w->cs, CM_MAP_UNMATCHED_ERROR, r.diag);
    r.proj = cm_proj_new(projection, &err);
    assert_non_null(r.proj);
    r.base = cm_geo_base_new(w->geo, r.proj, NULL, &err);
    assert_non_null(r.base);
    if (!o.width)
        o.width = 1600, o.height = 900;
    r.scene = cm_layout_map(r.ds, r.match, r.base, w->style, &w->m, &o, &r.notes, &err);
    if (!r.scene)
        fail_msg("%s", err->message);
    return r;
}

static void
release(map_t *r)
{
    cm_scene_free(r->scene);
    cm_geo_base_free(r->base);
    cm_proj_free(r->proj);
    cm_map_match_free(r->match);
    cm_dataset_free(r->ds);
    cm_diag_free(r->diag);
    cm_layout_notes_release(&r->notes);
}

static const cm_op_t *
find_op(const cm_scene_t *s, const char *id)
{
    for (int i = 0; i < cm_scene_n_ops(s); i++)
        if (cm_scene_op(s, i)->id && strcmp(cm_scene_op(s, i)->id, id) == 0)
            return cm_scene_op(s, i);
    return NULL;
}

static bool
same_color(cm_color_t a, cm_color_t b)
{
    return fabs(a.r - b.r) < 1e-9 && fabs(a.g - b.g) < 1e-9 && fabs(a.b - b.b) < 1e-9;
}

static int
feature_index(const cm_geo_t *geo, const char *name)
{
    for (int i = 0; i < geo->n_features; i++)
        if (geo->features[i].name && strcmp(geo->features[i].name, name) == 0)
            return i;
    fail_msg("no feature %s", name);
    return -1;
}

/* ---- matching ---- */

static void
test_match_codes_names_aliases_translations(void **state)
{
    world_t *w = *state;
    cm_diag_t *diag = cm_diag_new();
    cm_dataset_t *ds = csv("country,code,date\n"
                           "Czech Republic,,1999\n"
                           "Turkey,,1952\n"
                           ",MK,2020\n"
                           "대한민국,,2008\n"
                           "日本,,2008\n"
                           "Macedonia,,2020\n"
                           "Kosovo,,2008\n"
                           "USA,,1949\n",
                           diag);
    cm_map_match_t *mt = cm_map_match_new(ds, w->geo, w->cs, CM_MAP_UNMATCHED_ERROR, diag);
    assert_int_equal(cm_diag_errors(diag), 0);
    const char *want[] = {"CZE", "TUR", "MKD", "KOR", "JPN", "MKD", "XKX", "USA"};
    int n = cm_dataset_n_entities(ds);
    for (int i = 0, k = 0; i < n; i++) {
        const cm_country_t *c = cm_map_match_entity(mt, i);
        assert_non_null(c);
        /* "Macedonia" and ",MK" have different keys but one country */
        while (k < (int)G_N_ELEMENTS(want) && strcmp(c->alpha3 ? c->alpha3 : c->id, want[k]))
            k++;
        assert_true(k < (int)G_N_ELEMENTS(want));
    }
    assert_int_equal(cm_map_match_n_unmatched(mt), 0);
    cm_map_match_free(mt);
    cm_dataset_free(ds);
    cm_diag_free(diag);
}

static void
test_match_features_and_sovereigns(void **state)
{
    world_t *w = *state;
    cm_diag_t *diag = cm_diag_new();
    cm_dataset_t *ds = csv("country,date\nDenmark,1949\nAustralia,2022\nUnited States,1949\n"
                           "Kosovo,2008\n",
                           diag);
    cm_map_match_t *mt = cm_map_match_new(ds, w->geo, w->cs, CM_MAP_UNMATCHED_ERROR, diag);
    int aus = feature_index(w->geo, "Australia"),
        aci = feature_index(w->geo, "Ashmore and Cartier Is.");
    assert_string_equal(cm_map_match_feature(mt, aus)->id, "AUS");
    assert_string_equal(cm_map_match_feature(mt, aci)->id, "X-ACI"); /* shares 036 */
    assert_string_equal(cm_map_match_feature(mt, feature_index(w->geo, "Kosovo"))->id, "XKX");
    int grl = feature_index(w->geo, "Greenland");
    assert_string_equal(cm_map_match_feature(mt, grl)->id, "GRL");
    assert_string_equal(cm_map_match_owner(mt, grl)->id, "DNK");
    assert_string_equal(cm_map_match_owner(mt, feature_index(w->geo, "Puerto Rico"))->id, "USA");
    assert_null(cm_map_match_owner(mt, feature_index(w->geo, "France")));
    cm_map_match_free(mt);
    cm_dataset_free(ds);
    cm_diag_free(diag);
}

static void
test_unmatched_is_error_with_suggestion(void **state)
{
    world_t *w = *state;
    cm_diag_t *diag = cm_diag_new();
    cm_dataset_t *ds = csv("country,date\nFrance,1949\nGermnay,1955\nAtlantis,1999\n", diag);
    cm_map_match_t *mt = cm_map_match_new(ds, w->geo, w->cs, CM_MAP_UNMATCHED_ERROR, diag);
    assert_int_equal(cm_diag_errors(diag), 2);
    assert_int_equal(cm_map_match_n_unmatched(mt), 2);
    char *a = cm_diag_item_format(cm_diag_get(diag, 0));
    char *b = cm_diag_item_format(cm_diag_get(diag, 1));
    assert_non_null(strstr(a, "t.csv:3: error: unknown country \"Germnay\""));
    assert_non_null(strstr(a, "Germany"));
    assert_non_null(strstr(b, "t.csv:4: error: unknown country \"Atlantis\""));
    g_free(a);
    g_free(b);
    cm_map_match_free(mt);
    cm_diag_free(diag);

    diag = cm_diag_new();
    mt = cm_map_match_new(ds, w->geo, w->cs, CM_MAP_UNMATCHED_WARN, diag);
    assert_int_equal(cm_diag_errors(diag), 0);
    assert_int_equal(cm_diag_warnings(diag), 2);
    cm_map_match_free(mt);
    cm_diag_free(diag);
    cm_dataset_free(ds);
}

/* ---- as-of ---- */

static cm_date_t
date(const char *s)
{
    cm_date_t d;
    assert_true(cm_date_parse(s, &d, NULL));
    return d;
}

static bool
active_on(const cm_item_t *it, const char *day)
{
    cm_date_t d = date(day);
    return cm_map_item_active(it, &d);
}

static void
test_item_active_on_spans(void **state)
{
    (void)state;
    cm_item_t closed = {
        .kind = CM_ITEM_SPAN, .start = date("1966-07-01"), .end = date("2009-04-04")};
    cm_item_t open = {.kind = CM_ITEM_SPAN, .start = date("1999-03-12"), .open = true};
    cm_item_t year = {.kind = CM_ITEM_SPAN, .start = date("1967"), .end = date("1968")};
    cm_item_t event = {.kind = CM_ITEM_EVENT, .start = date("~2008")};
    assert_false(active_on(&closed, "1966-06-30"));
    assert_true(active_on(&closed, "1966-07-01"));
    assert_true(active_on(&closed, "2009-04-03"));
    assert_false(active_on(&closed, "2009-04-04")); /* out on its end day */
    assert_false(active_on(&closed, "2009-04-05"));
    assert_false(active_on(&open, "1999-03-11"));
    assert_true(active_on(&open, "2999"));
    assert_true(active_on(&year, "1967-12-31"));
    assert_false(active_on(&year, "1968")); /* a year end: out from its first day */
    assert_false(active_on(&event, "2007-12-31"));
    assert_true(active_on(&event, "2008"));
}

static void
test_as_of_colours_members_in_force(void **state)
{
    world_t *w = *state;
    const char *data = "country,start,end,group\n"
                       "Norway,1949-08-24,,member\n"
                       "Spain,1982-05-30,,member\n"
                       "Greece,1952-02-18,1974-08-13,member\n"
                       "Greece,1980-10-20,,member\n";
    cm_map_opts_t o = {.has_as_of = true, .as_of = date("1977")};
    map_t r = make(w, data, "europe", o);
    cm_color_t land = w->style->map_land;
    assert_false(same_color(find_op(r.scene, "country:NOR")->fill, land));
    assert_true(same_color(find_op(r.scene, "country:ESP")->fill, land)); /* not yet */
    assert_true(same_color(find_op(r.scene, "country:GRC")->fill, land)); /* left, not back */
    release(&r);
    o.as_of = date("1990");
    r = make(w, data, "europe", o);
    assert_false(same_color(find_op(r.scene, "country:GRC")->fill, land)); /* back */
    assert_false(same_color(find_op(r.scene, "country:ESP")->fill, land));
    assert_true(same_color(find_op(r.scene, "country:FRA")->fill, land)); /* not in data */
    release(&r);
}

static void
test_frame_dates(void **state)
{
    world_t *w = *state;
    cm_diag_t *diag = cm_diag_new();
    cm_dataset_t *ds = csv("country,start,end\nNorway,1949-08-24,\nSpain,1982-05-30,\n"
                           "Greece,1952-02-18,1974-08-14\nDenmark,1949-08-24,\n",
                           diag);
    GArray *d = cm_map_frame_dates(ds);
    assert_int_equal(d->len, 4); /* 1949, 1952, the day Greece left, 1982 */
    char *s = cm_date_format_iso(&g_array_index(d, cm_date_t, 2));
    assert_string_equal(s, "1974-08-14");
    g_free(s);
    g_array_unref(d);
    cm_dataset_free(ds);
    cm_diag_free(diag);
    (void)w;
}

/* ---- markers, labels, streaks ---- */

static void
test_small_countries_get_markers(void **state)
{
    world_t *w = *state;
    const char *data = "country,date,group\nLuxembourg,1949,a\nMalta,2004,a\nMontenegro,2017,a\n"
                       "Singapore,1965,a\nFrance,1949,a\n";
    map_t r = make(w, data, "world", (cm_map_opts_t){0});
    const char *small[] = {"marker:LUX", "marker:MLT", "marker:MNE", "marker:SGP"};
    const cm_op_t *fra = find_op(r.scene, "country:FRA");
    assert_non_null(fra);
    for (size_t i = 0; i < G_N_ELEMENTS(small); i++) {
        const cm_op_t *op = find_op(r.scene, small[i]);
        if (!op)
            fail_msg("no %s", small[i]);
        assert_true(same_color(op->fill, fra->fill)); /* in its class colour */
        assert_true(op->bbox.w > 4);
    }
    assert_null(find_op(r.scene, "marker:FRA"));
    release(&r);
}

static const char *nato =
    "country,code,date,group\n"
    "Belgium,BE,1949-08-24,1949\nCanada,CA,1949-08-24,1949\nDenmark,DK,1949-08-24,1949\n"
    "France,FR,1949-08-24,1949\nIceland,IS,1949-08-24,1949\nItaly,IT,1949-08-24,1949\n"
    "Luxembourg,LU,1949-08-24,1949\nNetherlands,NL,1949-08-24,1949\nNorway,NO,1949-08-24,1949\n"
    "Portugal,PT,1949-08-24,1949\nUnited Kingdom,GB,1949-08-24,1949\n"
    "United States,US,1949-08-24,1949\nGreece,GR,1952-02-18,1952\nTürkiye,TR,1952-02-18,1952\n"
    "Germany,DE,1955-05-06,1955\nSpain,ES,1982-05-30,1982\nCzechia,CZ,1999-03-12,1999\n"
    "Hungary,HU,1999-03-12,1999\nPoland,PL,1999-03-12,1999\nBulgaria,BG,2004-03-29,2004\n"
    "Estonia,EE,2004-03-29,2004\nLatvia,LV,2004-03-29,2004\nLithuania,LT,2004-03-29,2004\n"
    "Romania,RO,2004-03-29,2004\nSlovakia,SK,2004-03-29,2004\nSlovenia,SI,2004-03-29,2004\n"
    "Albania,AL,2009-04-01,2009\nCroatia,HR,2009-04-01,2009\nMontenegro,ME,2017-06-05,2017\n"
    "North Macedonia,MK,2020-03-27,2020\nFinland,FI,2023-04-04,2023\nSweden,SE,2024-03-07,2024\n";

static void
test_labels_never_overlap(void **state)
{
    world_t *w = *state;
    const char *proj[] = {"europe", "world", "north-atlantic"};
    for (size_t p = 0; p < G_N_ELEMENTS(proj); p++) {
        map_t r =
            make(w, nato, proj[p],
                 (cm_map_opts_t){
                     .labels = true, .color_by = CM_MAP_COLOR_DATE, .width = 1200, .height = 800});
        assert_int_equal(cm_scene_count_text_overlaps(r.scene, 0), 0);
        int labels = 0, legend = 0;
        for (int i = 0; i < cm_scene_n_ops(r.scene); i++) {
            const cm_op_t *op = cm_scene_op(r.scene, i);
            labels += op->id && g_str_has_prefix(op->id, "label:country:");
            legend += op->id && g_str_has_prefix(op->id, "legend:");
            if (!op->id || !g_str_has_prefix(op->id, "label:"))
                continue;
            for (int j = 0; j < cm_scene_n_ops(r.scene); j++) {
                const cm_op_t *q = cm_scene_op(r.scene, j);
                if (q->id &&
                    (g_str_has_prefix(q->id, "legend:") || g_str_has_prefix(q->id, "marker:")))
                    assert_false(cm_rect_intersects(op->bbox, q->bbox, 0.5));
            }
        }
        /* most labels placed; the rest reported as dropped, never silently lost */
        assert_true(labels >= 15);
        assert_true(labels + (int)r.notes.dropped->len <= 32);
        for (guint i = 0; i < r.notes.dropped->len; i++)
            assert_true(g_str_has_prefix(g_ptr_array_index(r.notes.dropped, i), "label:country:"));
        assert_int_equal(legend, 2 * 11);
        release(&r);
    }
}

static void
test_explicit_labels_in_korean(void **state)
{
    world_t *w = *state;
    const char *only[] = {"JP", "Republic of Korea", NULL};
    map_t r =
        make(w, "country,date\nJapan,~2008\nSouth Korea,~2008\nAustralia,2022-06-29\n",
             "asia-pacific", (cm_map_opts_t){.labels = true, .label_only = only, .lang = "ko"});
    const cm_op_t *jp = find_op(r.scene, "label:country:JPN");
    const cm_op_t *kr = find_op(r.scene, "label:country:KOR");
    assert_non_null(jp);
    assert_non_null(kr);
    assert_string_equal(jp->text, "일본");
    assert_string_equal(kr->text, "대한민국");
    assert_null(find_op(r.scene, "label:country:AUS"));
    assert_int_equal(cm_scene_count_text_overlaps(r.scene, 0), 0);
    release(&r);
}

/* True when segment A-B lies on one edge of the map rectangle R (a clip edge). */
static bool
on_edge(cm_point_t a, cm_point_t b, cm_rect_t r)
{
    const double e = 0.01;
    return (fabs(a.x - r.x) < e && fabs(b.x - r.x) < e) ||
           (fabs(a.x - r.x - r.w) < e && fabs(b.x - r.x - r.w) < e) ||
           (fabs(a.y - r.y) < e && fabs(b.y - r.y) < e) ||
           (fabs(a.y - r.y - r.h) < e && fabs(b.y - r.y - r.h) < e);
}

static void
test_no_streaks_in_any_preset(void **state)
{
    world_t *w = *state;
    const char *proj[] = {"world",          "robinson", "asia-pacific",
                          "north-atlantic", "europe",   "+proj=eqearth +lon_0=-150"};
    for (size_t p = 0; p < G_N_ELEMENTS(proj); p++) {
        map_t r = make(w, "country,date\nRussia,1991\nFiji,1970\nUnited States,1776\n", proj[p],
                       (cm_map_opts_t){0});
        const cm_op_t *ocean = find_op(r.scene, "ocean"); /* the map rectangle or sphere */
        assert_non_null(ocean);
        cm_rect_t frame = ocean->bbox;
        int checked = 0;
        for (int i = 0; i < cm_scene_n_ops(r.scene); i++) {
            const cm_op_t *op = cm_scene_op(r.scene, i);
            if (!op->id || !g_str_has_prefix(op->id, "country:"))
                continue;
            int pt = op->point0;
            cm_point_t prev = {0, 0}, first = {0, 0};
            for (int v = 0; v < op->n_verbs; v++) {
                guint8 verb = g_array_index(r.scene->verbs, guint8, op->verb0 + v);
                cm_point_t q =
                    verb == CM_VERB_CLOSE ? first : g_array_index(r.scene->points, cm_point_t, pt);
                if (verb == CM_VERB_MOVE)
                    first = q;
                if (verb == CM_VERB_LINE || verb == CM_VERB_CLOSE) {
                    if (fabs(q.x - prev.x) > frame.w / 2 && !on_edge(prev, q, frame))
                        fail_msg("%s: %s segment (%.0f,%.0f)-(%.0f,%.0f) spans more than half "
                                 "the map",
                                 proj[p], op->id, prev.x, prev.y, q.x, q.y);
                    checked++;
                }
                if (verb != CM_VERB_CLOSE)
                    pt++;
                prev = q;
            }
        }
        assert_true(checked > 1000);
        release(&r);
    }
}

static void
test_geometry_reused_across_frames(void **state)
{
    world_t *w = *state;
    map_t r = make(w, nato, "europe",
                   (cm_map_opts_t){.has_as_of = true,
                                   .show_date = true,
                                   .legend_all_classes = true,
                                   .as_of = date("1950-06-01")});
    GString *a = g_string_new(NULL), *b = g_string_new(NULL);
    cm_scene_dump(r.scene, a);
    GArray *dates = cm_map_frame_dates(r.ds);
    assert_int_equal(dates->len, 11);
    for (guint i = 0; i < dates->len; i++) {
        cm_map_opts_t o = {.width = 1600,
                           .height = 900,
                           .has_as_of = true,
                           .show_date = true,
                           .legend_all_classes = true,
                           .as_of = g_array_index(dates, cm_date_t, i)};
        cm_scene_t *s = cm_layout_map(r.ds, r.match, r.base, w->style, &w->m, &o, &r.notes, NULL);
        assert_non_null(s);
        cm_scene_free(s);
    }
    assert_int_equal(cm_geo_base_n_builds(r.base), 1);
    /* and a scene made again is the same scene */
    cm_map_opts_t o = {.width = 1600,
                       .height = 900,
                       .has_as_of = true,
                       .show_date = true,
                       .legend_all_classes = true,
                       .as_of = date("1950-06-01")};
    cm_scene_t *s = cm_layout_map(r.ds, r.match, r.base, w->style, &w->m, &o, &r.notes, NULL);
    cm_scene_dump(s, b);
    assert_string_equal(a->str, b->str);
    cm_scene_free(s);
    g_string_free(a, TRUE);
    g_string_free(b, TRUE);
    g_array_unref(dates);
    release(&r);
}

/* The legend's labels, in order ("legend:label:0", "legend:label:1", ...). */
static GPtrArray *
legend_labels(const cm_scene_t *s)
{
    GPtrArray *out = g_ptr_array_new();
    for (int i = 0;; i++) {
        char *id = g_strdup_printf("legend:label:%d", i);
        const cm_op_t *op = find_op(s, id);
        g_free(id);
        if (!op)
            break;
        g_ptr_array_add(out, (gpointer)op->text);
    }
    return out;
}

static void
test_legend_of_one_date_lists_bins_present(void **state)
{
    world_t *w = *state;
    /* By date, one bin per round: 1949, 1952, 1955, 1982, 1999, 2004, ... */
    cm_map_opts_t o = {.color_by = CM_MAP_COLOR_DATE, .has_as_of = true, .as_of = date("1953")};
    map_t one = make(w, nato, "europe", o);
    GPtrArray *l = legend_labels(one.scene);
    assert_int_equal(l->len, 2); /* only the rounds someone is in by 1953 */
    assert_string_equal(g_ptr_array_index(l, 0), "1949");
    assert_string_equal(g_ptr_array_index(l, 1), "1952");
    g_ptr_array_unref(l);

    /* A frame lists every round and gives each the colour the single map gave it. */
    o.legend_all_classes = true;
    map_t all = make(w, nato, "europe", o);
    l = legend_labels(all.scene);
    assert_true(l->len > 5);
    assert_string_equal(g_ptr_array_index(l, 2), "1955");
    g_ptr_array_unref(l);
    for (int k = 0; k < 2; k++) {
        char *id = g_strdup_printf("legend:swatch:%d", k);
        assert_true(same_color(find_op(one.scene, id)->fill, find_op(all.scene, id)->fill));
        g_free(id);
    }
    assert_true(same_color(find_op(one.scene, "country:GRC")->fill,
                           find_op(all.scene, "country:GRC")->fill));
    assert_true(same_color(find_op(one.scene, "country:DEU")->fill, w->style->map_land));
    release(&all);
    release(&one);

    /* Without an as-of date every country is in force: every bin is listed. */
    map_t plain = make(w, nato, "europe", (cm_map_opts_t){.color_by = CM_MAP_COLOR_DATE});
    l = legend_labels(plain.scene);
    assert_true(l->len > 5);
    g_ptr_array_unref(l);
    release(&plain);

    /* Groups too: before anyone joined, nothing to list. */
    o = (cm_map_opts_t){.has_as_of = true, .as_of = date("1940")};
    map_t none = make(w, nato, "europe", o);
    l = legend_labels(none.scene);
    assert_int_equal(l->len, 0);
    g_ptr_array_unref(l);
    release(&none);
}

static void
test_bad_bins_and_bbox(void **state)
{
    world_t *w = *state;
    GError *err = NULL;
    cm_proj_t *proj = cm_proj_new("world", &err);
    double bad[4] = {-10, 60, 30, 35};
    assert_null(cm_geo_base_new(w->geo, proj, bad, &err));
    assert_int_equal(err->code, CM_ERROR_USAGE);
    g_clear_error(&err);
    cm_proj_free(proj);

    map_t r = make(w, "country,date\nFrance,1949\n", "world", (cm_map_opts_t){0});
    cm_map_opts_t o = {.width = 800,
                       .height = 600,
                       .color_by = CM_MAP_COLOR_DATE,
                       .bins = CM_MAP_BINS_YEARS,
                       .bin_years = {2000, 1990},
                       .n_bin_years = 2};
    assert_null(cm_layout_map(r.ds, r.match, r.base, w->style, &w->m, &o, &r.notes, &err));
    assert_int_equal(err->code, CM_ERROR_USAGE);
    g_clear_error(&err);
    release(&r);
}

/* ---- the shipped partners dataset ---- */

static void
test_partners_dataset_matches_reference(void **state)
{
    world_t *w = *state;
    char *facts_path = g_build_filename(CM_SRCDIR, "tests", "reference", "facts.csv", NULL);
    char *path = g_build_filename(CM_SRCDIR, "data", "nato", "partners.csv", NULL);
    char *facts = NULL, *text = NULL;
    assert_true(g_file_get_contents(facts_path, &facts, NULL, NULL));
    assert_true(g_file_get_contents(path, &text, NULL, NULL));
    /* every row's iso2 + raw date string occurs in the reference ("2008" for "~2008") */
    char **lines = g_strsplit(text, "\n", -1);
    int rows = 0, partners = 0;
    for (int i = 1; lines[i] && *lines[i]; i++) {
        char **f = g_strsplit(lines[i], ",", 5);
        char *d = f[2][0] == '~' ? f[2] + 1 : f[2];
        char *needle = g_strdup_printf(",%s,", f[1]);
        char *dd = g_strdup_printf(",%s,", d);
        bool found = false;
        char **fl = g_strsplit(facts, "\n", -1);
        for (int j = 0; fl[j] && !found; j++)
            found = strstr(fl[j], needle) && strstr(fl[j], dd);
        if (!found)
            fail_msg("partners.csv:%d: %s %s not in the reference", i + 1, f[1], f[2]);
        partners += strstr(lines[i], "Partner across the globe") != NULL;
        rows++;
        g_strfreev(fl);
        g_free(needle);
        g_free(dd);
        g_strfreev(f);
    }
    assert_int_equal(rows, 36);
    assert_int_equal(partners, 4);
    g_strfreev(lines);
    /* it reads and matches cleanly */
    cm_diag_t *diag = cm_diag_new();
    cm_dataset_t *ds = cm_ingest_file(path, NULL, diag, NULL);
    assert_non_null(ds);
    cm_map_match_t *mt = cm_map_match_new(ds, w->geo, w->cs, CM_MAP_UNMATCHED_ERROR, diag);
    assert_int_equal(cm_diag_errors(diag), 0);
    for (int i = 0; i < cm_dataset_n_items(ds); i++)
        assert_non_null(cm_dataset_get_item(ds, i)->source);
    cm_map_match_free(mt);
    cm_dataset_free(ds);
    cm_diag_free(diag);
    g_free(facts);
    g_free(text);
    g_free(facts_path);
    g_free(path);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_match_codes_names_aliases_translations),
        cmocka_unit_test(test_match_features_and_sovereigns),
        cmocka_unit_test(test_unmatched_is_error_with_suggestion),
        cmocka_unit_test(test_item_active_on_spans),
        cmocka_unit_test(test_as_of_colours_members_in_force),
        cmocka_unit_test(test_frame_dates),
        cmocka_unit_test(test_small_countries_get_markers),
        cmocka_unit_test(test_labels_never_overlap),
        cmocka_unit_test(test_explicit_labels_in_korean),
        cmocka_unit_test(test_no_streaks_in_any_preset),
        cmocka_unit_test(test_geometry_reused_across_frames),
        cmocka_unit_test(test_legend_of_one_date_lists_bins_present),
        cmocka_unit_test(test_bad_bins_and_bbox),
        cmocka_unit_test(test_partners_dataset_matches_reference),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
