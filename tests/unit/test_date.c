/* test_date.c — cm_date: parsing, precision, calendar arithmetic, formatting. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>
#include <cmocka.h>

#include "model/cm_date.h"
#include "util/cm_error.h"

static cm_date_t
parse_ok(const char *text)
{
    cm_date_t d;
    GError *err = NULL;
    bool ok = cm_date_parse(text, &d, &err);
    if (!ok)
        fail_msg("\"%s\" should parse: %s", text, err->message);
    assert_null(err);
    return d;
}

/* Asserts TEXT is rejected with exactly MESSAGE (or any message if NULL). */
static void
parse_fails(const char *text, const char *message)
{
    cm_date_t d = {.year = 77};
    GError *err = NULL;
    assert_false(cm_date_parse(text, &d, &err));
    assert_non_null(err);
    assert_true(g_error_matches(err, CM_ERROR, CM_ERROR_DATA));
    if (message)
        assert_string_equal(err->message, message);
    assert_int_equal(d.year, 77); /* output untouched on failure */
    g_error_free(err);
}

static void
test_parse_precisions(void **state)
{
    cm_date_t d = parse_ok("1999");
    assert_int_equal(d.year, 1999);
    assert_int_equal(d.month, 0);
    assert_int_equal(d.day, 0);
    assert_int_equal(d.prec, CM_PREC_YEAR);
    assert_false(d.approx);

    d = parse_ok("2012-09");
    assert_int_equal(d.year, 2012);
    assert_int_equal(d.month, 9);
    assert_int_equal(d.day, 0);
    assert_int_equal(d.prec, CM_PREC_MONTH);

    d = parse_ok("  1999-03-12\t");
    assert_int_equal(d.year, 1999);
    assert_int_equal(d.month, 3);
    assert_int_equal(d.day, 12);
    assert_int_equal(d.prec, CM_PREC_DAY);

    d = parse_ok("+2004");
    assert_int_equal(d.year, 2004);
}

static void
test_parse_bce_and_long_years(void **state)
{
    cm_date_t d = parse_ok("-0043");
    assert_int_equal(d.year, -43);
    assert_int_equal(d.prec, CM_PREC_YEAR);
    d = parse_ok("0000");
    assert_int_equal(d.year, 0);
    d = parse_ok("-0043-03-15");
    assert_int_equal(d.year, -43);
    assert_int_equal(d.month, 3);
    assert_int_equal(d.day, 15);
    d = parse_ok("12000");
    assert_int_equal(d.year, 12000);
    d = parse_ok("-10000-01");
    assert_int_equal(d.year, -10000);
    assert_int_equal(d.prec, CM_PREC_MONTH);
    d = parse_ok("999999");
    assert_int_equal(d.year, CM_DATE_YEAR_MAX);
    parse_fails("1000000", "\"1000000\" is not a date: the year is beyond 999999");
    parse_fails("-99999999999999999999999", NULL);
}

static void
test_parse_approx(void **state)
{
    const char *forms[] = {"~2008", "c. 2008", "ca. 2008", "C.2008", "circa 2008", " ~ 2008 "};
    for (size_t i = 0; i < G_N_ELEMENTS(forms); i++) {
        cm_date_t d = parse_ok(forms[i]);
        assert_int_equal(d.year, 2008);
        assert_int_equal(d.prec, CM_PREC_YEAR);
        assert_true(d.approx);
    }
    cm_date_t d = parse_ok("~2012-09");
    assert_true(d.approx);
    assert_int_equal(d.prec, CM_PREC_MONTH);
    d = parse_ok("c. -0500");
    assert_true(d.approx);
    assert_int_equal(d.year, -500);
}

static void
test_parse_invalid(void **state)
{
    parse_fails("2023-02-30", "\"2023-02-30\" is not a date: no 30 February in 2023");
    parse_fails("1999-13", "\"1999-13\" is not a date: month 13");
    parse_fails("1999-00", "\"1999-00\" is not a date: month 0");
    parse_fails("1999-04-31", "\"1999-04-31\" is not a date: no 31 April in 1999");
    parse_fails("1999-01-32", "\"1999-01-32\" is not a date: day 32");
    parse_fails("1999-01-00", "\"1999-01-00\" is not a date: day 0");
    parse_fails("", "\"\" is not a date: it is empty");
    parse_fails("   ", "\"\" is not a date: it is empty");
    parse_fails("99", "\"99\" is not a date: the year needs at least 4 digits (\"0099\")");
    parse_fails("1999-3", "\"1999-3\" is not a date: the month needs 2 digits (YYYY-MM)");
    parse_fails("1999-03-5", "\"1999-03-5\" is not a date: the day needs 2 digits (YYYY-MM-DD)");
    parse_fails("1999/03/12", "\"1999/03/12\" is not a date: expected YYYY, YYYY-MM or YYYY-MM-DD");
    parse_fails("abc", "\"abc\" is not a date: expected YYYY, YYYY-MM or YYYY-MM-DD");
    parse_fails("1999-03-12x", NULL);
    parse_fails("1999-03-12-01", NULL);
    parse_fails("--1999", NULL);
    parse_fails("~", NULL);
    parse_fails("12 March 1999", NULL);
}

static void
test_parse_long_value_quoted_short(void **state)
{
    char *long_text = g_strnfill(500, '7');
    long_text[10] = 'x';
    cm_date_t d;
    GError *err = NULL;
    assert_false(cm_date_parse(long_text, &d, &err));
    assert_true(strlen(err->message) < 200);
    assert_non_null(strstr(err->message, "…"));
    g_error_free(err);
    g_free(long_text);
}

static void
test_leap_years(void **state)
{
    assert_false(cm_is_leap_year(1900));
    assert_true(cm_is_leap_year(2000));
    assert_true(cm_is_leap_year(1600));
    assert_true(cm_is_leap_year(-4));
    assert_true(cm_is_leap_year(0));
    assert_false(cm_is_leap_year(-100));
    assert_true(cm_is_leap_year(-400));
    assert_false(cm_is_leap_year(2023));
    assert_true(cm_is_leap_year(2024));

    assert_int_equal(cm_days_in_month(1900, 2), 28);
    assert_int_equal(cm_days_in_month(2000, 2), 29);
    assert_int_equal(cm_days_in_month(-4, 2), 29);
    assert_int_equal(cm_days_in_month(1999, 4), 30);
    assert_int_equal(cm_days_in_month(1999, 12), 31);
    assert_int_equal(cm_days_in_month(1999, 13), 0);

    parse_fails("1900-02-29", "\"1900-02-29\" is not a date: no 29 February in 1900");
    parse_ok("2000-02-29");
    parse_ok("1600-02-29");
    parse_ok("-0004-02-29");
    parse_fails("-0100-02-29", NULL);
}

static void
test_day_numbers(void **state)
{
    assert_int_equal(cm_days_from_civil(1970, 1, 1), 0);
    assert_int_equal(cm_days_from_civil(1969, 12, 31), -1);
    assert_int_equal(cm_days_from_civil(2000, 3, 1), 11017);
    assert_int_equal(cm_days_from_civil(1, 1, 1), -719162);
    assert_int_equal(cm_days_from_civil(0, 3, 1), -719468);

    /* Consecutive day numbers walk the calendar one day at a time. */
    int64_t y;
    unsigned m, d;
    cm_civil_from_days(-800000, &y, &m, &d);
    for (int64_t z = -800000; z < 800000; z++) {
        int64_t y2;
        unsigned m2, d2;
        cm_civil_from_days(z + 1, &y2, &m2, &d2);
        if (d2 == 1) {
            assert_int_equal(d, cm_days_in_month(y, m));
            assert_true((m2 == m + 1 && y2 == y) || (m == 12 && m2 == 1 && y2 == y + 1));
        } else {
            assert_int_equal(d2, d + 1);
            assert_int_equal(m2, m);
            assert_int_equal(y2, y);
        }
        assert_int_equal(cm_days_from_civil(y2, m2, d2), z + 1);
        y = y2, m = m2, d = d2;
    }
    cm_civil_from_days(11017, &y, &m, &d);
    assert_int_equal(y, 2000);
    assert_int_equal(m, 3);
    assert_int_equal(d, 1);
}

static void
test_first_and_end_days(void **state)
{
    cm_date_t d = parse_ok("1999");
    assert_int_equal(cm_date_first_day(&d), cm_days_from_civil(1999, 1, 1));
    assert_int_equal(cm_date_end_day(&d), cm_days_from_civil(2000, 1, 1));
    d = parse_ok("2000");
    assert_int_equal(cm_date_end_day(&d) - cm_date_first_day(&d), 366);

    d = parse_ok("2012-09");
    assert_int_equal(cm_date_first_day(&d), cm_days_from_civil(2012, 9, 1));
    assert_int_equal(cm_date_end_day(&d), cm_days_from_civil(2012, 10, 1));
    d = parse_ok("2000-02");
    assert_int_equal(cm_date_end_day(&d) - cm_date_first_day(&d), 29);
    d = parse_ok("1900-02");
    assert_int_equal(cm_date_end_day(&d) - cm_date_first_day(&d), 28);
    d = parse_ok("1999-12");
    assert_int_equal(cm_date_end_day(&d), cm_days_from_civil(2000, 1, 1));

    d = parse_ok("1999-03-12");
    assert_int_equal(cm_date_first_day(&d), cm_days_from_civil(1999, 3, 12));
    assert_int_equal(cm_date_end_day(&d), cm_date_first_day(&d) + 1);

    d = parse_ok("-0004");
    assert_int_equal(cm_date_end_day(&d) - cm_date_first_day(&d), 366);
    d = parse_ok("-0043");
    assert_int_equal(cm_date_end_day(&d) - cm_date_first_day(&d), 365);
    assert_int_equal(cm_date_end_day(&d), cm_days_from_civil(-42, 1, 1));
}

static void
test_compare(void **state)
{
    cm_date_t y = parse_ok("1999"), m = parse_ok("1999-01"), d = parse_ok("1999-01-01");
    cm_date_t later = parse_ok("1999-03-12"), bc = parse_ok("-0043");
    assert_true(cm_date_compare(&y, &m) < 0); /* same first day: coarser first */
    assert_true(cm_date_compare(&m, &d) < 0);
    assert_true(cm_date_compare(&d, &y) > 0);
    assert_true(cm_date_compare(&later, &y) > 0);
    assert_true(cm_date_compare(&bc, &y) < 0);
    assert_int_equal(cm_date_compare(&later, &later), 0);
}

static void
assert_format(const char *text, const char *lang, const char *expected)
{
    cm_date_t d = parse_ok(text);
    char *s = cm_date_format(&d, lang);
    assert_string_equal(s, expected);
    g_free(s);
}

static void
test_format_en(void **state)
{
    assert_format("1999", NULL, "1999");
    assert_format("2012-09", "en", "Sep 2012");
    assert_format("1999-03-12", "en", "12 Mar 1999");
    assert_format("-0043", "en", "44 BC");
    assert_format("0000", "en", "1 BC");
    assert_format("-0043-03-15", "en", "15 Mar 44 BC");
    assert_format("~2008", "en", "c. 2008");
    assert_format("c. 2012-09", "en_GB.UTF-8", "c. Sep 2012");
    assert_format("12000", "en", "12000");
    /* Unknown languages fall back to English. */
    assert_format("2012-09", "xx", "Sep 2012");
    assert_format("2012-09", "", "Sep 2012");
    assert_format("2012-09", "deu", "Sep 2012");
}

static void
test_format_de_fr(void **state)
{
    assert_format("1999-03-12", "de", "12. März 1999");
    assert_format("2012-09", "de", "Sept. 2012");
    assert_format("2004-05", "de_DE.UTF-8", "Mai 2004");
    assert_format("1999", "de", "1999");
    assert_format("-0043", "de", "44 v. Chr.");
    assert_format("~2008", "de", "ca. 2008");
    assert_format("1949-04-04", "DE", "4. Apr. 1949");

    assert_format("1999-03-12", "fr", "12 mars 1999");
    assert_format("2012-09", "fr", "sept. 2012");
    assert_format("2004-05-01", "fr_FR", "1er mai 2004");
    assert_format("1981-12", "fr", "déc. 1981");
    assert_format("-0043", "fr", "44 av. J.-C.");
    assert_format("~2008", "fr", "vers 2008");
}

static void
test_format_ko_ja(void **state)
{
    assert_format("1999-03-12", "ko", "1999년 3월 12일");
    assert_format("2012-09", "ko", "2012년 9월");
    assert_format("1999", "ko_KR.UTF-8", "1999년");
    assert_format("-0043", "ko", "기원전 44년");
    assert_format("~2008", "ko", "2008년경");

    assert_format("1999-03-12", "ja", "1999年3月12日");
    assert_format("2012-09", "ja", "2012年9月");
    assert_format("1999", "ja", "1999年");
    assert_format("-0043", "ja", "紀元前44年");
    assert_format("~2008", "ja_JP", "2008年頃");
}

static void
test_format_iso(void **state)
{
    const char *same[] = {"1999", "2012-09", "1999-03-12", "-0043", "-0043-03-15", "12000", "0000"};
    for (size_t i = 0; i < G_N_ELEMENTS(same); i++) {
        cm_date_t d = parse_ok(same[i]);
        char *s = cm_date_format_iso(&d);
        assert_string_equal(s, same[i]);
        g_free(s);
    }
    cm_date_t d = parse_ok("~0800-07");
    char *s = cm_date_format_iso(&d);
    assert_string_equal(s, "0800-07");
    g_free(s);
}

static void
test_today(void **state)
{
    char *saved = g_strdup(g_getenv("SOURCE_DATE_EPOCH"));

    g_setenv("SOURCE_DATE_EPOCH", "1764288000", TRUE);
    cm_date_t t = cm_date_today();
    assert_int_equal(t.year, 2025);
    assert_int_equal(t.month, 11);
    assert_int_equal(t.day, 28);
    assert_int_equal(t.prec, CM_PREC_DAY);
    assert_false(t.approx);

    g_setenv("SOURCE_DATE_EPOCH", "1764287999", TRUE);
    t = cm_date_today();
    assert_int_equal(t.day, 27);

    g_setenv("SOURCE_DATE_EPOCH", "0", TRUE);
    t = cm_date_today();
    assert_int_equal(cm_date_first_day(&t), 0);

    /* Invalid values fall back to the clock. */
    const char *bad[] = {"yesterday", "-5", "12abc", ""};
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        g_setenv("SOURCE_DATE_EPOCH", bad[i], TRUE);
        int64_t before = (int64_t)time(NULL) / 86400;
        t = cm_date_today();
        int64_t after = (int64_t)time(NULL) / 86400;
        int64_t got = cm_date_first_day(&t);
        assert_true(got == before || got == after);
    }

    if (saved)
        g_setenv("SOURCE_DATE_EPOCH", saved, TRUE);
    else
        g_unsetenv("SOURCE_DATE_EPOCH");
    g_free(saved);
}

static void
test_open_words(void **state)
{
    assert_true(cm_date_is_open_word(""));
    assert_true(cm_date_is_open_word("   "));
    assert_true(cm_date_is_open_word(NULL));
    assert_true(cm_date_is_open_word(" Present "));
    assert_true(cm_date_is_open_word("NOW"));
    assert_true(cm_date_is_open_word("ongoing"));
    assert_false(cm_date_is_open_word("2001"));
    assert_false(cm_date_is_open_word("never"));
    assert_false(cm_date_is_open_word("presently"));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_precisions),
        cmocka_unit_test(test_parse_bce_and_long_years),
        cmocka_unit_test(test_parse_approx),
        cmocka_unit_test(test_parse_invalid),
        cmocka_unit_test(test_parse_long_value_quoted_short),
        cmocka_unit_test(test_leap_years),
        cmocka_unit_test(test_day_numbers),
        cmocka_unit_test(test_first_and_end_days),
        cmocka_unit_test(test_compare),
        cmocka_unit_test(test_format_en),
        cmocka_unit_test(test_format_de_fr),
        cmocka_unit_test(test_format_ko_ja),
        cmocka_unit_test(test_format_iso),
        cmocka_unit_test(test_today),
        cmocka_unit_test(test_open_words),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
