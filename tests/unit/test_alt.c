/* test_alt.c — alt text built from the data: numbers, dates and groups are
 * checked, in every language, for the shipped examples and for small
 * datasets built by hand (leavers, events, no groups, an as-of date). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <string.h>

#include "chronomap.h"
#include "report/cm_alt.h"

static cm_dataset_t *
load(const char *rel)
{
    char *path = g_build_filename(CM_SRCDIR, rel, NULL);
    cm_diag_t *d = cm_diag_new();
    GError *err = NULL;
    cm_dataset_t *ds = cm_ingest_file(path, NULL, d, &err);
    if (!ds)
        fail_msg("%s: %s", path, err ? err->message : "?");
    cm_diag_free(d);
    g_free(path);
    return ds;
}

static char *
nato_alt(cm_timeline_kind_t kind, const char *lang)
{
    cm_dataset_t *ds = load("data/nato/members.csv");
    cm_timeline_opts_t o = {.kind = kind, .title = "How NATO grew"};
    char *alt = cm_alt_timeline(ds, &o, lang);
    cm_dataset_free(ds);
    return alt;
}

#define assert_contains(hay, needle)                                                               \
    do {                                                                                           \
        if (!strstr((hay), (needle)))                                                              \
            fail_msg("\"%s\" not in \"%s\"", (needle), (hay));                                     \
    } while (0)

static void
test_nato_english(void **state)
{
    char *alt = nato_alt(CM_TIMELINE_LANES, "en");
    assert_contains(alt, "Timeline, 1949 to 2024: How NATO grew.");
    assert_contains(alt, "32 members in 11 groups: ");
    assert_contains(alt, "12 in 1949 (1949 founders), 2 in 1952, 1 in 1955, 1 in 1982, "
                         "3 in 1999, 7 in 2004, 2 in 2009, 1 in 2017, 1 in 2020, 1 in 2023 "
                         "and 1 in 2024");
    assert_contains(alt, "; 32 members since 7 March 2024.");
    assert_null(strstr(alt, "no longer"));
    g_free(alt);
    alt = nato_alt(CM_TIMELINE_STEP, NULL);
    assert_true(g_str_has_prefix(alt, "Step chart of the number of members, 1949 to 2024"));
    g_free(alt);
}

static void
test_nato_other_languages(void **state)
{
    char *de = nato_alt(CM_TIMELINE_LANES, "de");
    assert_contains(de, "Zeitleiste, 1949 bis 2024");
    assert_contains(de, "32 Mitglieder in 11 Gruppen");
    assert_contains(de, "1949: 12 (1949 founders)");
    assert_contains(de, "2004: 7");
    assert_contains(de, "32 Mitglieder seit dem 7. März 2024.");
    char *fr = nato_alt(CM_TIMELINE_LANES, "fr");
    assert_contains(fr, "de 1949 à 2024");
    assert_contains(fr, "32 membres en 11 groupes");
    assert_contains(fr, "32 membres depuis le 7 mars 2024.");
    char *ko = nato_alt(CM_TIMELINE_LANES, "ko");
    assert_contains(ko, "1949년–2024년");
    assert_contains(ko, "1949년: 12 (1949 founders)");
    assert_contains(ko, "2004년: 7,");
    assert_null(strstr(ko, "(2004)")); /* a group named by its year is not repeated */
    assert_contains(ko, "2024년 3월 7일 이후 회원 32.");
    char *ja = nato_alt(CM_TIMELINE_LANES, "ja");
    assert_contains(ja, "1949年～2024年");
    assert_contains(ja, "2004年 7");
    assert_contains(ja, "2024年3月7日以降のメンバー数は32。");
    g_free(de);
    g_free(fr);
    g_free(ko);
    g_free(ja);
}

static void
test_long_dates(void **state)
{
    cm_date_t d = {.year = 2009, .month = 4, .day = 1, .prec = CM_PREC_DAY};
    const struct {
        const char *lang, *want;
    } cases[] = {{"en", "1 April 2009"},   {"de", "1. April 2009"}, {"fr", "1er avril 2009"},
                 {"ko", "2009년 4월 1일"}, {"ja", "2009年4月1日"},  {NULL, "1 April 2009"}};
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        char *s = cm_alt_date(&d, cases[i].lang);
        assert_string_equal(s, cases[i].want);
        g_free(s);
    }
    cm_date_t m = {.year = 2012, .month = 9, .prec = CM_PREC_MONTH, .approx = true};
    char *s = cm_alt_date(&m, "en");
    assert_string_equal(s, "c. September 2012");
    g_free(s);
}

/* Members who leave are not current; the state date is the last change. */
static void
test_members_who_left(void **state)
{
    cm_dataset_t *ds = cm_dataset_new("hand.csv");
    const char *rows[][4] = {{"A", "2001-05-01", "", "first"},
                             {"B", "2001-06-01", "2010-01-15", "first"},
                             {"C", "2005", "", "second"}};
    for (size_t i = 0; i < G_N_ELEMENTS(rows); i++) {
        int e = cm_dataset_entity(ds, rows[i][0], rows[i][0], NULL,
                                  cm_dataset_intern(ds, rows[i][3]), NULL, (int)i + 2);
        cm_item_t it = {.kind = CM_ITEM_SPAN, .entity = e, .line = (int)i + 2};
        assert_true(cm_date_parse(rows[i][1], &it.start, NULL));
        if (*rows[i][2])
            assert_true(cm_date_parse(rows[i][2], &it.end, NULL));
        else
            it.open = true;
        it.group = cm_dataset_intern(ds, rows[i][3]);
        cm_dataset_add_item(ds, &it);
    }
    cm_alt_facts_t f;
    cm_alt_facts_init(&f);
    cm_alt_facts_from_dataset(&f, ds, NULL);
    assert_true(f.members);
    assert_int_equal(f.n_entities, 3);
    assert_int_equal(f.current, 2);
    assert_int_equal(f.n_left, 1);
    assert_int_equal(f.groups->len, 2);
    char *alt = cm_alt_text(&f);
    assert_contains(alt, "Timeline, 2001 to 2010. 3 members in 2 groups: 2 in 2001 (first) and "
                         "1 in 2005 (second); 2 members since 15 January 2010; 1 no longer is.");
    g_free(alt);

    /* As of a date: only what had started, members on that day. */
    cm_date_t as_of = {.year = 2003, .month = 1, .day = 1, .prec = CM_PREC_DAY};
    cm_alt_facts_from_dataset(&f, ds, &as_of);
    f.kind = CM_ALT_MAP;
    f.lang = "en";
    f.title = "Members in 2003";
    alt = cm_alt_text(&f);
    assert_string_equal(alt, "Map, 2001: Members in 2003. 2 members: 2 in 2001 (first); "
                             "2 members since 1 June 2001.");
    g_free(alt);
    cm_alt_facts_release(&f);
    cm_dataset_free(ds);
}

static void
test_events(void **state)
{
    cm_dataset_t *ds = load("data/treaties/japan-korea-nato.csv");
    cm_timeline_opts_t o = {.kind = CM_TIMELINE_AXIS};
    char *alt = cm_alt_timeline(ds, &o, "en");
    /* counts recomputed here from the data, not typed in */
    int n = cm_dataset_n_items(ds);
    char *want = g_strdup_printf("%d events in ", n);
    assert_contains(alt, "Timeline of events, 1951 to 2025. ");
    assert_contains(alt, want);
    assert_contains(alt, "the latest on 16 January 2025: ");
    g_free(want);
    g_free(alt);
    cm_dataset_free(ds);
}

static void
test_no_groups_uses_years_and_empty(void **state)
{
    cm_dataset_t *ds = cm_dataset_new("y.csv");
    const char *starts[] = {"1990", "1990-03", "1995-07-04"};
    for (int i = 0; i < 3; i++) {
        char key[2] = {(char)('A' + i), 0};
        int e = cm_dataset_entity(ds, key, key, NULL, NULL, NULL, i + 2);
        cm_item_t it = {.kind = CM_ITEM_SPAN, .entity = e, .open = true};
        assert_true(cm_date_parse(starts[i], &it.start, NULL));
        cm_dataset_add_item(ds, &it);
    }
    cm_timeline_opts_t o = {.kind = CM_TIMELINE_LANES};
    char *alt = cm_alt_timeline(ds, &o, "en");
    assert_string_equal(alt, "Timeline, 1990 to 1995. 3 members in 2 groups: 2 in 1990 and 1 "
                             "in 1995; 3 members since 4 July 1995.");
    g_free(alt);
    cm_dataset_free(ds);

    cm_dataset_t *empty = cm_dataset_new("e.csv");
    alt = cm_alt_timeline(empty, &o, "de");
    assert_string_equal(alt, "Zeitleiste. Keine datierten Einträge.");
    g_free(alt);
    cm_dataset_free(empty);
}

/* BCE years in the reader's era, never astronomical (-0026 is 27 BC): the lead, year
 * groups and group ranges (issue 15). */
static void
test_bce_years(void **state)
{
    cm_dataset_t *ds = cm_dataset_new("emperors.csv");
    const char *rows[][3] = {{"Augustus", "-0026-01-16", "0014-08-19"},
                             {"Tiberius", "0014-09-18", "0037-03-16"}};
    for (size_t i = 0; i < G_N_ELEMENTS(rows); i++) {
        int e = cm_dataset_entity(ds, rows[i][0], rows[i][0], NULL, NULL, NULL, (int)i + 2);
        cm_item_t it = {.kind = CM_ITEM_SPAN, .entity = e, .line = (int)i + 2};
        assert_true(cm_date_parse(rows[i][1], &it.start, NULL));
        assert_true(cm_date_parse(rows[i][2], &it.end, NULL));
        cm_dataset_add_item(ds, &it);
    }
    cm_timeline_opts_t o = {.kind = CM_TIMELINE_LANES};
    static const struct {
        const char *lang, *lead, *group;
    } want[] = {
        {"en", "Timeline, 27 BC to 37. ", "1 in 27 BC and 1 in 14"},
        {"de", "Zeitleiste, 27 v. Chr. bis 37. ", "27 v. Chr.: 1 und 14: 1"},
        {"fr", "Frise chronologique, de 27 av. J.-C. à 37. ", "27 av. J.-C. : 1 et 14 : 1"},
        {"ko", "타임라인, 기원전 27년–37년. ", "기원전 27년: 1, 14년: 1"},
        {"ja", "タイムライン、紀元前27年～37年。", "紀元前27年 1、14年 1"},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(want); i++) {
        char *alt = cm_alt_timeline(ds, &o, want[i].lang);
        assert_contains(alt, want[i].lead);
        assert_contains(alt, want[i].group);
        assert_null(strstr(alt, "-26"));
        g_free(alt);
    }

    /* A named group that spans the era change: "27 BC–14". */
    cm_alt_facts_t f;
    cm_alt_facts_init(&f);
    cm_alt_group_t g = {"Julio-Claudian",
                        2,
                        {.year = -26, .prec = CM_PREC_YEAR},
                        {.year = 14, .prec = CM_PREC_YEAR}};
    g_array_append_val(f.groups, g);
    f.members = true;
    f.n_entities = 2;
    f.from = g.first;
    f.to = g.last;
    f.lang = "en";
    char *alt = cm_alt_text(&f);
    assert_contains(alt, "2 in 27 BC–14 (Julio-Claudian)");
    g_free(alt);
    cm_alt_facts_release(&f);
    cm_dataset_free(ds);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nato_english), cmocka_unit_test(test_nato_other_languages),
        cmocka_unit_test(test_long_dates),   cmocka_unit_test(test_members_who_left),
        cmocka_unit_test(test_events),       cmocka_unit_test(test_no_groups_uses_years_and_empty),
        cmocka_unit_test(test_bce_years),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
