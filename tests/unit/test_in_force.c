/* test_in_force.c — "in force on day D", the model's one rule, and the two readers
 * that must agree on it: the map's colouring (cm__map_classes_init) and the alt text's
 * count of members (cm_alt_facts_from_dataset). Each case is one country with one
 * span, asked on the days around its start and its end, at day, month, quarter and
 * year precision. Runs on the shipped 50m basemap, as test_map does. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "chronomap.h"
#include "layout/cm_map_private.h"

typedef struct {
    cm_geo_t *geo;
    cm_countries_t *cs;
    cm_style_t *style;
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

static cm_date_t
date(const char *s)
{
    cm_date_t d;
    assert_true(cm_date_parse(s, &d, NULL));
    return d;
}

/* ---- the rule itself ---- */

static bool
in_force(const cm_item_t *it, const char *day)
{
    cm_date_t d = date(day);
    bool by_date = cm_item_in_force(it, &d);
    assert_true(by_date == cm_item_in_force_on(it, cm_date_first_day(&d)));
    return by_date;
}

static void
test_rule_on_boundary_days(void **state)
{
    (void)state;
    cm_item_t day = {.kind = CM_ITEM_SPAN, .start = date("1952-02-18"), .end = date("1966-07-01")};
    assert_false(in_force(&day, "1952-02-17"));
    assert_true(in_force(&day, "1952-02-18")); /* in on its start day */
    assert_true(in_force(&day, "1966-06-30"));
    assert_false(in_force(&day, "1966-07-01")); /* out on its end day */
    assert_false(in_force(&day, "1966-07-02"));
    assert_int_equal(cm_item_in_force_until(&day), cm_days_from_civil(1966, 7, 1));

    cm_item_t year = {.kind = CM_ITEM_SPAN, .start = date("1990"), .end = date("2020")};
    assert_false(in_force(&year, "1989-12-31"));
    assert_true(in_force(&year, "1990-01-01"));
    assert_true(in_force(&year, "2019-12-31"));
    assert_false(in_force(&year, "2020-01-01"));
    assert_false(in_force(&year, "2020-12-31"));
    assert_false(in_force(&year, "2020"));

    cm_item_t month = {.kind = CM_ITEM_SPAN, .start = date("2019-05"), .end = date("2020-01")};
    assert_false(in_force(&month, "2019-04-30"));
    assert_true(in_force(&month, "2019-05-01"));
    assert_true(in_force(&month, "2019-12-31"));
    assert_false(in_force(&month, "2020-01-01"));
    assert_false(in_force(&month, "2020-01-31"));

    cm_item_t quarter = {.kind = CM_ITEM_SPAN, .start = date("2004-Q2"), .end = date("2020-Q3")};
    assert_false(in_force(&quarter, "2004-03-31"));
    assert_true(in_force(&quarter, "2004-04-01"));
    assert_true(in_force(&quarter, "2020-06-30"));
    assert_false(in_force(&quarter, "2020-07-01"));
    assert_false(in_force(&quarter, "2020-09-30"));

    cm_item_t open = {.kind = CM_ITEM_SPAN, .start = date("1999-03-12"), .open = true};
    cm_item_t event = {.kind = CM_ITEM_EVENT, .start = date("~2008")};
    assert_int_equal(cm_item_in_force_until(&open), CM_DAY_NEVER);
    assert_int_equal(cm_item_in_force_until(&event), CM_DAY_NEVER);
    assert_false(in_force(&open, "1999-03-11"));
    assert_true(in_force(&open, "9999-12-31"));
    assert_false(in_force(&event, "2007-12-31"));
    assert_true(in_force(&event, "2008-01-01"));

    /* back to back: no overlap, no gap */
    cm_item_t next = {.kind = CM_ITEM_SPAN, .start = date("2020"), .end = date("2030")};
    for (const char *const *d = (const char *const[]){"2019-12-31", "2020-01-01", NULL}; *d; d++)
        assert_true(in_force(&year, *d) != in_force(&next, *d));
    /* a span that ends where it starts is in force on no day */
    cm_item_t empty = {
        .kind = CM_ITEM_SPAN, .start = date("2020-03-05"), .end = date("2020-03-05")};
    assert_false(in_force(&empty, "2020-03-04"));
    assert_false(in_force(&empty, "2020-03-05"));
    assert_false(in_force(&empty, "2020-03-06"));
}

/* ---- map and alt text agree ---- */

typedef struct {
    const char *start, *end; /* France's one span */
    const char *day;         /* asked on */
    bool member;             /* in force on DAY */
} case_t;

/* Whether the map colours France and what the alt text says of it, on C->day. */
static void
check_case(const world_t *w, const case_t *c)
{
    char *text = g_strdup_printf("country,start,end\nFrance,%s,%s\n", c->start, c->end);
    cm_diag_t *diag = cm_diag_new();
    GError *err = NULL;
    cm_dataset_t *ds = cm_ingest_bytes("t.csv", text, strlen(text), NULL, diag, &err);
    if (!ds)
        fail_msg("%s", err->message);
    cm_map_match_t *match = cm_map_match_new(ds, w->geo, w->cs, CM_MAP_UNMATCHED_ERROR, diag);
    const cm_country_t *fra = cm_map_match_entity(match, 0);
    assert_non_null(fra);

    cm_map_opts_t o = {.has_as_of = true, .as_of = date(c->day)};
    for (int by = 0; by < 2; by++) {
        o.color_by = by ? CM_MAP_COLOR_DATE : CM_MAP_COLOR_GROUP;
        cm__map_classes_t cl;
        assert_true(cm__map_classes_init(&cl, ds, match, w->style, &o, "en", &err));
        bool coloured = cm__map_class_of(&cl, fra) >= 0;
        cm__map_classes_release(&cl);
        if (coloured != c->member)
            fail_msg("%s to %s on %s: the map %s France", c->start, c->end, c->day,
                     coloured ? "colours" : "does not colour");
    }

    cm_alt_facts_t f;
    cm_alt_facts_init(&f);
    cm_alt_facts_from_dataset(&f, ds, &o.as_of);
    f.kind = CM_ALT_MAP;
    bool started = cm_date_first_day(&o.as_of) >= cm_item_in_force_from(cm_dataset_get_item(ds, 0));
    if (f.current != (c->member ? 1 : 0) || f.n_left != (started && !c->member ? 1 : 0)) {
        char *alt = cm_alt_text(&f);
        fail_msg("%s to %s on %s: the alt text says \"%s\"", c->start, c->end, c->day, alt);
    }
    cm_alt_facts_release(&f);

    cm_map_match_free(match);
    cm_dataset_free(ds);
    cm_diag_free(diag);
    g_free(text);
}

static void
test_map_and_alt_agree_on_boundary_days(void **state)
{
    const world_t *w = *state;
    static const case_t cases[] = {
        /* day precision: the France, out on 1 July 1966 */
        {"1949-08-24", "1966-07-01", "1949-08-23", false},
        {"1949-08-24", "1966-07-01", "1949-08-24", true},
        {"1949-08-24", "1966-07-01", "1949-08-25", true},
        {"1949-08-24", "1966-07-01", "1966-06-30", true},
        {"1949-08-24", "1966-07-01", "1966-07-01", false},
        {"1949-08-24", "1966-07-01", "1966-07-02", false},
        /* year precision: out from 1 January of its end year */
        {"1990", "2020", "1989-12-31", false},
        {"1990", "2020", "1990-01-01", true},
        {"1990", "2020", "2019-12-31", true},
        {"1990", "2020", "2020-01-01", false},
        {"1990", "2020", "2020-07-01", false},
        {"1990", "2020", "2021-01-01", false},
        {"1990", "2020", "2020", false},
        /* month precision */
        {"2019-05", "2020-01", "2019-04-30", false},
        {"2019-05", "2020-01", "2019-05-01", true},
        {"2019-05", "2020-01", "2019-12-31", true},
        {"2019-05", "2020-01", "2020-01-01", false},
        {"2019-05", "2020-01", "2020-01-15", false},
        {"2019-05", "2020-01", "2020-02-01", false},
        /* quarter precision */
        {"2004-Q2", "2020-Q3", "2004-03-31", false},
        {"2004-Q2", "2020-Q3", "2004-04-01", true},
        {"2004-Q2", "2020-Q3", "2020-06-30", true},
        {"2004-Q2", "2020-Q3", "2020-07-01", false},
        {"2004-Q2", "2020-Q3", "2020-10-01", false},
        /* open */
        {"1999-03-12", "", "1999-03-11", false},
        {"1999-03-12", "", "1999-03-12", true},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++)
        check_case(w, &cases[i]);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rule_on_boundary_days),
        cmocka_unit_test(test_map_and_alt_agree_on_boundary_days),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
