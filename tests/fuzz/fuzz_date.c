/* fuzz_date.c — libFuzzer target for the date parser (render/model/cm_date_parse.c).
 *
 * The input, cut at its first NUL, is one date text. When it starts with
 * "\x01" the next byte picks the options (day/month order, century pivot,
 * Excel epoch, one of a few explicit patterns) and the rest is the text, so
 * every form and option of cm_date_parse_opts is reached. Properties checked
 * when it parses: fields in range for their precision (a quarter starts on
 * month 1, 4, 7 or 10), year within CM_DATE_YEAR_MAX, a period that ends after
 * it starts, day numbers that convert back to the same civil date, formatting
 * in every language gives valid UTF-8, the ISO form parses back to the same
 * date, and the English label parses back to the same year (BC labels
 * included). When it does not parse: a CM_ERROR with a message (valid UTF-8
 * whenever the input was), and a hint of "either order" only for a value that
 * does parse under both explicit orders.
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
    else if (d->prec == CM_PREC_QUARTER)
        FUZZ_CHECK(d->month == 1 || d->month == 4 || d->month == 7 || d->month == 10);
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
    /* The English label of a year reads back ("27 BC", "Q3 2004", "c. 1500"). */
    if (d->prec == CM_PREC_YEAR || d->prec == CM_PREC_QUARTER) {
        char *label = cm_date_format(d, "en");
        if ((d->year >= 1000 && d->year <= 9999) ||
            d->year <= 0) { /* "14", "12000" bare: refused */
            if (!cm_date_parse(label, &back, &e)) {
                fprintf(stderr, "label \"%s\" does not parse: %s\n", label, e->message);
                FUZZ_CHECK(!"the English label of a year parses");
            }
            FUZZ_CHECK(back.year == d->year && back.prec == d->prec && back.approx == d->approx);
        }
        g_free(label);
    }
}

/* Options from one byte: order, pivot, Excel epoch, pattern. */
static cm_date_opts_t
opts_from_byte(uint8_t b)
{
    static const char *const patterns[] = {NULL,    "%d %b %Y",  "%Y%m%d", "%m/%d/%y %H:%M",
                                           "%Y-%q", "%e. %B %Y", "%Y",     "%d.%m.%Y"};
    cm_date_opts_t o = {0};
    o.order = (cm_date_order_t)(b % 3);
    o.century_pivot = (b >> 2) & 1 ? 1930 : 0;
    o.excel_epoch = (b >> 3) & 1 ? ((b >> 4) & 1 ? 1904 : 1900) : 0;
    o.format = patterns[(b >> 5) & 7];
    return o;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096)
        return 0;
    cm_date_opts_t opts = {0};
    bool with_opts = size >= 2 && data[0] == 1;
    if (with_opts) {
        opts = opts_from_byte(data[1]);
        data += 2;
        size -= 2;
    }
    char *text = g_strndup((const char *)data, size);
    cm_date_t d;
    cm_date_hint_t hint;
    GError *err = NULL;
    if (cm_date_parse_opts(text, with_opts ? &opts : NULL, &d, &hint, &err)) {
        FUZZ_CHECK(err == NULL);
        check_date(&d);
    } else {
        FUZZ_CHECK(err != NULL && err->domain == CM_ERROR && err->message && *err->message);
        if (g_utf8_validate(text, -1, NULL))
            FUZZ_CHECK(g_utf8_validate(err->message, -1, NULL));
        g_error_free(err);
        if (hint == CM_DATE_HINT_EITHER && opts.order == CM_DATE_ORDER_AUTO) {
            cm_date_opts_t dmy = opts, mdy = opts;
            dmy.order = CM_DATE_ORDER_DMY;
            mdy.order = CM_DATE_ORDER_MDY;
            cm_date_t a, b;
            bool ok_a = cm_date_parse_opts(text, &dmy, &a, NULL, NULL);
            bool ok_b = cm_date_parse_opts(text, &mdy, &b, NULL, NULL);
            /* either both orders give a date, or the failure was not the order */
            if (ok_a && ok_b)
                FUZZ_CHECK(cm_date_first_day(&a) != cm_date_first_day(&b));
        }
    }
    (void)cm_date_is_open_word(text);
    g_free(text);
    return 0;
}
