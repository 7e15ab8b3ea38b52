/* fuzz_date.c — libFuzzer target for the date parser (render/model/cm_date.c).
 *
 * The input, cut at its first NUL, is one date text. Properties checked when it
 * parses: fields in range for their precision, year within CM_DATE_YEAR_MAX,
 * a period that ends after it starts, day numbers that convert back to the
 * same civil date, formatting in every language gives valid UTF-8, and the
 * ISO form parses back to the same date. When it does not parse: a CM_ERROR
 * with a message (valid UTF-8 whenever the input was).
 */
#include "fuzz_common.h"
#include "chronomap.h"

#include <string.h>

static void
check_date(const cm_date_t *d)
{
    FUZZ_CHECK(d->prec >= CM_PREC_YEAR && d->prec <= CM_PREC_DAY);
    FUZZ_CHECK(d->year >= -CM_DATE_YEAR_MAX && d->year <= CM_DATE_YEAR_MAX);
    if (d->prec >= CM_PREC_MONTH)
        FUZZ_CHECK(d->month >= 1 && d->month <= 12);
    else
        FUZZ_CHECK(d->month == 0);
    if (d->prec == CM_PREC_DAY)
        FUZZ_CHECK(d->day >= 1 && d->day <= cm_days_in_month(d->year, d->month));
    else
        FUZZ_CHECK(d->day == 0);

    int64_t first = cm_date_first_day(d), end = cm_date_end_day(d);
    FUZZ_CHECK(first < end);
    int64_t y;
    unsigned m, day;
    cm_civil_from_days(first, &y, &m, &day);
    FUZZ_CHECK(y == d->year);
    FUZZ_CHECK(m == (d->month ? d->month : 1u));
    FUZZ_CHECK(day == (d->day ? d->day : 1u));
    FUZZ_CHECK(cm_days_from_civil(y, m, day) == first);
    FUZZ_CHECK(cm_date_compare(d, d) == 0);

    static const char *const langs[] = {NULL, "en", "de", "fr", "ko", "ja", "xx"};
    for (size_t i = 0; i < G_N_ELEMENTS(langs); i++) {
        char *s = cm_date_format(d, langs[i]);
        FUZZ_CHECK(s != NULL && *s && g_utf8_validate(s, -1, NULL));
        g_free(s);
    }
    char *iso = cm_date_format_iso(d);
    cm_date_t back;
    GError *e = NULL;
    if (!cm_date_parse(iso, &back, &e)) {
        fprintf(stderr, "iso form \"%s\" does not parse: %s\n", iso, e->message);
        FUZZ_CHECK(!"the ISO form of a parsed date parses");
    }
    FUZZ_CHECK(back.year == d->year && back.month == d->month && back.day == d->day &&
               back.prec == d->prec);
    g_free(iso);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096)
        return 0;
    char *text = g_strndup((const char *)data, size);
    cm_date_t d;
    GError *err = NULL;
    if (cm_date_parse(text, &d, &err)) {
        FUZZ_CHECK(err == NULL);
        check_date(&d);
    } else {
        FUZZ_CHECK(err != NULL && err->domain == CM_ERROR && err->message && *err->message);
        if (g_utf8_validate(text, -1, NULL))
            FUZZ_CHECK(g_utf8_validate(err->message, -1, NULL));
        g_error_free(err);
    }
    (void)cm_date_is_open_word(text);
    g_free(text);
    return 0;
}
