/* test_date.c — cm_date: parsing, precision, calendar arithmetic, formatting. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
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
    d = parse_ok("+12000"); /* beyond 9999 with a sign, as ISO 8601 writes expanded years */
    assert_int_equal(d.year, 12000);
    d = parse_ok("-10000-01");
    assert_int_equal(d.year, -10000);
    assert_int_equal(d.prec, CM_PREC_MONTH);
    d = parse_ok("+999999");
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
    parse_fails("99", "\"99\" is not a date: the year needs at least 4 digits (\"0099\" or \"AD "
                      "99\"); for 1999 or 2099 write it in full, or give --century-pivot YEAR");
    parse_fails("800", "\"800\" is not a date: the year needs at least 4 digits (\"0800\" or "
                       "\"AD 800\")");
    parse_fails("1999-3", "\"1999-3\" is not a date: the month needs 2 digits (YYYY-MM)");
    parse_fails("1999-03-5", "\"1999-03-5\" is not a date: the day needs 2 digits (YYYY-MM-DD)");
    parse_fails("1999-03-12T", NULL);
    parse_fails("abc", "\"abc\" is not a date: expected YYYY, YYYY-MM or YYYY-MM-DD, or a form "
                       "such as \"4 April 1949\", \"April 4, 1949\", \"04.04.1949\" or \"Q2 "
                       "1949\" (or describe yours with --date-format)");
    parse_fails("1999-03-12x", NULL);
    parse_fails("1999-03-12-01", NULL);
    parse_fails("--1999", NULL);
    parse_fails("~", NULL);
    parse_fails("12 Marchember 1999", NULL);
    parse_fails("12 March", NULL);
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
    assert_format("+12000", "en", "12000");
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
    const char *same[] = {"1999",        "2012-09", "1999-03-12", "-0043",
                          "-0043-03-15", "+12000",  "0000",       "2004-Q3"};
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

/* A day from seconds since 1970: UTC, day precision, the day a second falls on. */
static void
test_from_epoch(void **state)
{
    (void)state;
    cm_date_t t = cm_date_from_epoch(1764288000);
    assert_int_equal(t.year, 2025);
    assert_int_equal(t.month, 11);
    assert_int_equal(t.day, 28);
    assert_int_equal(t.prec, CM_PREC_DAY);
    assert_false(t.approx);
    t = cm_date_from_epoch(1764287999);
    assert_int_equal(t.day, 27);
    t = cm_date_from_epoch(0);
    assert_int_equal(cm_date_first_day(&t), 0);
    t = cm_date_from_epoch(CM_DATE_EPOCH_MAX); /* 9999-12-31 23:59:59 */
    assert_int_equal(t.year, 9999);
    assert_int_equal(t.month, 12);
    assert_int_equal(t.day, 31);
    t = cm_date_from_epoch(-1); /* the last second of 1969 */
    assert_int_equal(t.year, 1969);
    assert_int_equal(t.day, 31);
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

/* ---- the forms real sources write (issue 15) ---------------------------- */

/* TEXT under OPTS reads as the ISO form WANT with precision PREC. */
static void
reads_as(const char *text, const cm_date_opts_t *opts, const char *want, int prec)
{
    cm_date_t d;
    GError *err = NULL;
    if (!cm_date_parse_opts(text, opts, &d, NULL, &err))
        fail_msg("\"%s\" should parse: %s", text, err->message);
    char *iso = cm_date_format_iso(&d);
    if (strcmp(iso, want) != 0 || d.prec != prec)
        fail_msg("\"%s\": got %s (precision %d), want %s (precision %d)", text, iso, d.prec, want,
                 prec);
    g_free(iso);
}

/* TEXT under OPTS is refused with a message containing WORDS. */
static void
refused(const char *text, const cm_date_opts_t *opts, const char *words)
{
    cm_date_t d = {.year = 77};
    GError *err = NULL;
    if (cm_date_parse_opts(text, opts, &d, NULL, &err))
        fail_msg("\"%s\" should be refused", text);
    assert_true(g_error_matches(err, CM_ERROR, CM_ERROR_DATA));
    if (!strstr(err->message, words))
        fail_msg("\"%s\": message \"%s\" lacks \"%s\"", text, err->message, words);
    assert_int_equal(d.year, 77);
    g_error_free(err);
}

static void
test_words_in_six_languages(void **state)
{
    static const char *const april4[] = {"4 April 1949",
                                         "4. April 1949",
                                         "4 avril 1949",
                                         "4 de abril de 1949",
                                         "4 aprile 1949",
                                         "4 de abril de 1949",
                                         "April 4, 1949",
                                         "April 4 1949",
                                         "Apr. 4, 1949",
                                         "APRIL 4TH, 1949",
                                         "4th of April 1949",
                                         "4-Apr-1949",
                                         "4 Apr. 1949",
                                         "  4 April 1949 ",
                                         "4\xC2\xA0"
                                         "April 1949"};
    for (size_t i = 0; i < G_N_ELEMENTS(april4); i++)
        reads_as(april4[i], NULL, "1949-04-04", CM_PREC_DAY);
    /* every month in every language, full and abbreviated, accents optional */
    static const char *const months[][12] = {
        {"January", "February", "March", "April", "May", "June", "July", "August", "September",
         "October", "November", "December"},
        {"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
         "Oktober", "November", "Dezember"},
        {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
         "octobre", "novembre", "décembre"},
        {"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
         "octubre", "noviembre", "diciembre"},
        {"gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto",
         "settembre", "ottobre", "novembre", "dicembre"},
        {"janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro",
         "outubro", "novembro", "dezembro"},
        {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
        {"Jan.", "Feb.", "Mrz.", "Apr.", "Mai", "Jun.", "Jul.", "Aug.", "Sept.", "Okt.", "Nov.",
         "Dez."},
        {"janv.", "fevr.", "mars", "avr.", "mai", "juin", "juil.", "aout", "sept.", "oct.", "nov.",
         "dec."},
        {"ene.", "feb.", "mar.", "abr.", "may.", "jun.", "jul.", "ago.", "set.", "oct.", "nov.",
         "dic."},
        {"gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "sett", "ott", "nov", "dic"},
        {"jan", "fev", "MARCO", "abr", "mai", "jun", "jul", "ago", "set", "out", "nov", "dez"},
    };
    for (size_t l = 0; l < G_N_ELEMENTS(months); l++) {
        for (int m = 0; m < 12; m++) {
            char *text = g_strdup_printf("%s 2012", months[l][m]);
            char *want = g_strdup_printf("2012-%02d", m + 1);
            reads_as(text, NULL, want, CM_PREC_MONTH);
            g_free(text);
            g_free(want);
            text = g_strdup_printf("17 %s 1999", months[l][m]);
            want = g_strdup_printf("1999-%02d-17", m + 1);
            reads_as(text, NULL, want, CM_PREC_DAY);
            g_free(text);
            g_free(want);
        }
    }
    reads_as("1er mai 2004", NULL, "2004-05-01", CM_PREC_DAY);
    reads_as("1º de maio de 2000", NULL, "2000-05-01", CM_PREC_DAY);
    reads_as("24-Jan-1978", NULL, "1978-01-24", CM_PREC_DAY);
    reads_as("FÉVRIER 1999", NULL, "1999-02", CM_PREC_MONTH);
    refused("31 April 2000", NULL, "no 31 April in 2000");
    refused("4 Aprill 1949", NULL, "expected YYYY");
    refused("Apr 4", NULL, "no year");
    refused("0 April 1949", NULL, "day 0");
}

static void
test_numeric_forms(void **state)
{
    reads_as("24.01.1978", NULL, "1978-01-24", CM_PREC_DAY);
    reads_as("01.02.1978", NULL, "1978-02-01", CM_PREC_DAY); /* dots are day-first */
    reads_as("1978/01/24", NULL, "1978-01-24", CM_PREC_DAY);
    reads_as("1978.01.24", NULL, "1978-01-24", CM_PREC_DAY);
    reads_as("24/01/1978", NULL, "1978-01-24", CM_PREC_DAY);
    reads_as("01/24/1978", NULL, "1978-01-24", CM_PREC_DAY);
    reads_as("24-01-1978", NULL, "1978-01-24", CM_PREC_DAY);
    reads_as("05/05/2005", NULL, "2005-05-05", CM_PREC_DAY); /* the same either way */
    reads_as("09/2012", NULL, "2012-09", CM_PREC_MONTH);
    reads_as("2012.09", NULL, "2012-09", CM_PREC_MONTH);
    refused("1978.5", NULL, "expected YYYY");
    refused("25/13/2005", NULL, "neither 25 nor 13 can be a month");
    refused("31.04.2005", NULL, "no 31 April in 2005");
    refused("24/01/1978/1", NULL, "expected YYYY");
    refused("24/01.1978", NULL, "expected YYYY");
}

static void
test_numeric_order_never_guessed(void **state)
{
    cm_date_t d;
    cm_date_hint_t hint;
    GError *err = NULL;
    assert_false(cm_date_parse_opts("03/04/2005", NULL, &d, &hint, &err));
    assert_int_equal(hint, CM_DATE_HINT_EITHER);
    assert_string_equal(err->message,
                        "\"03/04/2005\" is not a date: it could be 3 April or March 4, and "
                        "nothing says which; give --date-order dmy (day first) or --date-order "
                        "mdy (month first)");
    g_clear_error(&err);
    assert_true(cm_date_parse_opts("25/04/2005", NULL, &d, &hint, NULL));
    assert_int_equal(hint, CM_DATE_HINT_DMY);
    assert_true(cm_date_parse_opts("04/25/2005", NULL, &d, &hint, NULL));
    assert_int_equal(hint, CM_DATE_HINT_MDY);
    assert_true(cm_date_parse_opts("2005-04-03", NULL, &d, &hint, NULL));
    assert_int_equal(hint, CM_DATE_HINT_NONE);

    cm_date_opts_t dmy = {.order = CM_DATE_ORDER_DMY}, mdy = {.order = CM_DATE_ORDER_MDY};
    reads_as("03/04/2005", &dmy, "2005-04-03", CM_PREC_DAY);
    reads_as("03/04/2005", &mdy, "2005-03-04", CM_PREC_DAY);
    reads_as("03.04.2005", &mdy, "2005-03-04", CM_PREC_DAY);
    refused("25/04/2005", &mdy, "month 25");
    /* the hint is set even when the value fails under the order given */
    assert_false(cm_date_parse_opts("25/04/2005", &mdy, &d, &hint, NULL));
    assert_int_equal(hint, CM_DATE_HINT_DMY);
}

static void
test_date_times_quarters_cjk(void **state)
{
    reads_as("1978-01-24T00:00:00", NULL, "1978-01-24", CM_PREC_DAY);
    reads_as("1978-01-24T10:15:30.250Z", NULL, "1978-01-24", CM_PREC_DAY);
    reads_as("1978-01-24 10:15+01:00", NULL, "1978-01-24", CM_PREC_DAY);
    reads_as("24.01.1978 10:00", NULL, "1978-01-24", CM_PREC_DAY);
    refused("1978-01T10:00", NULL, "a time of day needs a full date");
    refused("1978-01-24T25:00", NULL, "the time after the date");

    reads_as("Q3 2004", NULL, "2004-Q3", CM_PREC_QUARTER);
    reads_as("2004-Q3", NULL, "2004-Q3", CM_PREC_QUARTER);
    reads_as("2004 q1", NULL, "2004-Q1", CM_PREC_QUARTER);
    reads_as("T4 2004", NULL, "2004-Q4", CM_PREC_QUARTER);
    reads_as("2004년 3분기", NULL, "2004-Q3", CM_PREC_QUARTER);
    reads_as("2004年第3四半期", NULL, "2004-Q3", CM_PREC_QUARTER);
    refused("Q5 2004", NULL, "quarter 5");
    refused("Q0 2004", NULL, "quarter 0");

    reads_as("2012년 9월", NULL, "2012-09", CM_PREC_MONTH);
    reads_as("2012年9月", NULL, "2012-09", CM_PREC_MONTH);
    reads_as("1949年4月4日", NULL, "1949-04-04", CM_PREC_DAY);
    reads_as("1949년 4월 4일", NULL, "1949-04-04", CM_PREC_DAY);
    reads_as("1949년", NULL, "1949", CM_PREC_YEAR);
    refused("1949年13月", NULL, "month 13");
    refused("1949年4日", NULL, "expected YYYY");
}

static void
test_quarter_days_and_labels(void **state)
{
    cm_date_t q = parse_ok("2004-Q4");
    assert_int_equal(q.month, 10);
    assert_int_equal(cm_date_first_day(&q), cm_days_from_civil(2004, 10, 1));
    assert_int_equal(cm_date_end_day(&q), cm_days_from_civil(2005, 1, 1));
    q = parse_ok("Q1 2004");
    assert_int_equal(cm_date_end_day(&q), cm_days_from_civil(2004, 4, 1));
    cm_date_t y = parse_ok("2004"), m = parse_ok("2004-01");
    assert_true(cm_date_compare(&y, &q) < 0 && cm_date_compare(&q, &m) < 0); /* coarser first */
    assert_format("2004-Q3", "en", "Q3 2004");
    assert_format("2004-Q3", "de", "Q3 2004");
    assert_format("2004-Q3", "fr", "T3 2004");
    assert_format("2004-Q3", "ko", "2004년 3분기");
    assert_format("2004-Q3", "ja", "2004年第3四半期");
    assert_format("~2004-Q3", "en", "c. Q3 2004");
    assert_format("-0043-Q1", "en", "Q1 44 BC");
}

static void
test_approx_and_eras(void **state)
{
    static const char *const approx[] = {"c. 1500", "ca. 1500",  "ca 1500",  "circa 1500", "~1500",
                                         "um 1500", "vers 1500", "1500년경", "1500年頃"};
    for (size_t i = 0; i < G_N_ELEMENTS(approx); i++) {
        cm_date_t d = parse_ok(approx[i]);
        assert_int_equal(d.year, 1500);
        assert_true(d.approx);
    }
    reads_as("27 BC", NULL, "-0026", CM_PREC_YEAR);
    reads_as("27 BCE", NULL, "-0026", CM_PREC_YEAR);
    reads_as("27 B.C.", NULL, "-0026", CM_PREC_YEAR);
    reads_as("1 BC", NULL, "0000", CM_PREC_YEAR);
    reads_as("AD 14", NULL, "0014", CM_PREC_YEAR);
    reads_as("A.D. 14", NULL, "0014", CM_PREC_YEAR);
    reads_as("14 CE", NULL, "0014", CM_PREC_YEAR);
    reads_as("44 v. Chr.", NULL, "-0043", CM_PREC_YEAR);
    reads_as("44 av. J.-C.", NULL, "-0043", CM_PREC_YEAR);
    reads_as("15 March 44 BC", NULL, "-0043-03-15", CM_PREC_DAY);
    reads_as("기원전 27년", NULL, "-0026", CM_PREC_YEAR);
    reads_as("紀元前27年", NULL, "-0026", CM_PREC_YEAR);
    reads_as("c. 500 BC", NULL, "-0499", CM_PREC_YEAR);
    refused("0 BC", NULL, "there is no year 0 BC");
    refused("-0027 BC", NULL, "a signed year with an era");
    /* every BC label reads back as the same year */
    static const char *const langs[] = {"en", "de", "fr", "ko", "ja"};
    cm_date_t bc = parse_ok("-0026");
    for (size_t i = 0; i < G_N_ELEMENTS(langs); i++) {
        char *s = cm_date_format(&bc, langs[i]);
        cm_date_t back = parse_ok(s);
        assert_int_equal(back.year, -26);
        g_free(s);
    }
    assert_format("-0026", "en", "27 BC");
    assert_format("-0026", "ko", "기원전 27년");
    assert_format("-0026", "ja", "紀元前27年");
}

static void
test_hints_name_the_fix(void **state)
{
    /* the examples: each refusal names the option that settles it */
    refused("24-Jan-78", NULL,
            "the year \"78\" has two digits: write it in full, or give --century-pivot YEAR");
    refused("24/01/78", NULL, "--century-pivot 1930 reads it as 1978");
    refused("-27", NULL,
            "the year needs at least 4 digits: write \"27 BC\" for 27 BC; astronomical -27 "
            "(\"-0027\") is 28 BC");
    refused("28514", NULL, "--excel-dates 1900");
    refused("12000", NULL, "write \"+12000\"");
    refused("has not yet signed", NULL, "--date-format");
}

static void
test_two_digit_years_and_serials(void **state)
{
    cm_date_opts_t pivot = {.century_pivot = 1930};
    reads_as("24-Jan-78", &pivot, "1978-01-24", CM_PREC_DAY);
    reads_as("24/01/29", &pivot, "2029-01-24", CM_PREC_DAY);
    reads_as("24/01/30", &pivot, "1930-01-24", CM_PREC_DAY);
    reads_as("Sep 12", &pivot, "2012-09", CM_PREC_MONTH);
    reads_as("78", &pivot, "1978", CM_PREC_YEAR);
    reads_as("44 BC", &pivot, "-0043", CM_PREC_YEAR); /* an era year is never abbreviated */
    cm_date_opts_t p2000 = {.century_pivot = 2000};
    reads_as("99", &p2000, "2099", CM_PREC_YEAR);

    cm_date_opts_t x1900 = {.excel_epoch = 1900}, x1904 = {.excel_epoch = 1904};
    reads_as("28514", &x1900, "1978-01-24", CM_PREC_DAY);
    reads_as("28514.75", &x1900, "1978-01-24", CM_PREC_DAY);
    reads_as("27052", &x1904, "1978-01-24", CM_PREC_DAY);
    reads_as("1", &x1900, "1900-01-01", CM_PREC_DAY);
    reads_as("59", &x1900, "1900-02-28", CM_PREC_DAY);
    reads_as("61", &x1900, "1900-03-01", CM_PREC_DAY);
    reads_as("0", &x1904, "1904-01-01", CM_PREC_DAY);
    reads_as("2958465", &x1900, "9999-12-31", CM_PREC_DAY);
    reads_as("1978-01-24", &x1900, "1978-01-24", CM_PREC_DAY);
    refused("60", &x1900, "29 February 1900");
    refused("0", &x1900, "Excel day 0");
    refused("2958466", &x1900, "end at 2958465");
}

static void
test_explicit_format(void **state)
{
    cm_date_opts_t o = {.format = "%d %b %Y"};
    reads_as("4 Apr 1949", &o, "1949-04-04", CM_PREC_DAY);
    reads_as("4 avr. 1949", &o, "1949-04-04", CM_PREC_DAY);
    refused("1949-04-04", &o, "it does not match the date format \"%d %b %Y\"");
    o.format = "%Y%m%d";
    reads_as("19490404", &o, "1949-04-04", CM_PREC_DAY);
    o.format = "%m/%Y";
    reads_as("4/1949", &o, "1949-04", CM_PREC_MONTH);
    o.format = "%Y-%q";
    reads_as("2004-3", &o, "2004-Q3", CM_PREC_QUARTER);
    o.format = "%d.%m.%y %H:%M";
    refused("24.01.78 10:00", &o, "--century-pivot");
    o.century_pivot = 1950;
    reads_as("24.01.78 10:00", &o, "1978-01-24", CM_PREC_DAY);

    GError *err = NULL;
    assert_true(cm_date_format_check("%d/%m/%Y", NULL));
    assert_false(cm_date_format_check("%d/%m", &err));
    assert_true(g_error_matches(err, CM_ERROR, CM_ERROR_USAGE));
    assert_non_null(strstr(err->message, "no year"));
    g_clear_error(&err);
    assert_false(cm_date_format_check("%d %Y", &err));
    assert_non_null(strstr(err->message, "a day but no month"));
    g_clear_error(&err);
    assert_false(cm_date_format_check("%Y %x", &err));
    assert_non_null(strstr(err->message, "unknown %x"));
    g_clear_error(&err);
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
        cmocka_unit_test(test_from_epoch),
        cmocka_unit_test(test_open_words),
        cmocka_unit_test(test_words_in_six_languages),
        cmocka_unit_test(test_numeric_forms),
        cmocka_unit_test(test_numeric_order_never_guessed),
        cmocka_unit_test(test_date_times_quarters_cjk),
        cmocka_unit_test(test_quarter_days_and_labels),
        cmocka_unit_test(test_approx_and_eras),
        cmocka_unit_test(test_hints_name_the_fix),
        cmocka_unit_test(test_two_digit_years_and_serials),
        cmocka_unit_test(test_explicit_format),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
