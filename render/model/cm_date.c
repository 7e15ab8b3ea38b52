/* cm_date.c — calendar dates with precision: parsing, day numbers, formatting.
 *
 * Dates are proleptic Gregorian with astronomical year numbering (year 0 is
 * 1 BC). Day numbers count from 1970-01-01 and are computed with Howard
 * Hinnant's days_from_civil / civil_from_days ("chrono-Compatible Low-Level
 * Date Algorithms", http://howardhinnant.github.io/date_algorithms.html),
 * which work on 400-year eras and are exact for every year in range.
 * Parsing is in cm_date_parse.c. Formatting writes the date at its own
 * precision in English, German (Duden abbreviations), French (Imprimerie
 * nationale abbreviations), Korean and Japanese; quarters as "Q3 2004" (French
 * "T3 2004", for trimestre; Korean "2004년 3분기", Japanese "2004年第3四半期").
 */
#include "cm_date.h"
#include "../util/cm_error.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cm_lang.h"

/* ---- calendar arithmetic ------------------------------------------------ */

bool
cm_is_leap_year(int64_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

unsigned
cm_days_in_month(int64_t y, unsigned m)
{
    static const unsigned char days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12)
        return 0;
    if (m == 2 && cm_is_leap_year(y))
        return 29;
    return days[m - 1];
}

int64_t
cm_days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const int64_t yoe = y - era * 400;                                   /* [0, 399] */
    const int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1; /* [0, 365] */
    const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;           /* [0, 146096] */
    return era * 146097 + doe - 719468;
}

void
cm_civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const int64_t doe = z - era * 146097;                                      /* [0, 146096] */
    const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; /* [0, 399] */
    const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);               /* [0, 365] */
    const int64_t mp = (5 * doy + 2) / 153;                                    /* [0, 11] */
    const unsigned dd = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
    const unsigned mm = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (mm <= 2);
    *m = mm;
    *d = dd;
}

int64_t
cm_date_first_day(const cm_date_t *d)
{
    switch (d->prec) {
    case CM_PREC_YEAR:
        return cm_days_from_civil(d->year, 1, 1);
    case CM_PREC_QUARTER:
    case CM_PREC_MONTH:
        return cm_days_from_civil(d->year, d->month, 1);
    case CM_PREC_DAY:
        return cm_days_from_civil(d->year, d->month, d->day);
    default:
        return 0;
    }
}

int64_t
cm_date_end_day(const cm_date_t *d)
{
    switch (d->prec) {
    case CM_PREC_YEAR:
        return cm_days_from_civil((int64_t)d->year + 1, 1, 1);
    case CM_PREC_QUARTER:
        return d->month >= 10 ? cm_days_from_civil((int64_t)d->year + 1, 1, 1)
                              : cm_days_from_civil(d->year, d->month + 3u, 1);
    case CM_PREC_MONTH:
        return cm_days_from_civil(d->year, d->month, 1) + cm_days_in_month(d->year, d->month);
    case CM_PREC_DAY:
        return cm_days_from_civil(d->year, d->month, d->day) + 1;
    default:
        return 0;
    }
}

int
cm_date_compare(const cm_date_t *a, const cm_date_t *b)
{
    int64_t fa = cm_date_first_day(a), fb = cm_date_first_day(b);
    if (fa != fb)
        return fa < fb ? -1 : 1;
    if (a->prec != b->prec)
        return a->prec < b->prec ? -1 : 1;
    if (a->approx != b->approx)
        return a->approx ? 1 : -1;
    return 0;
}

/* ---- formatting --------------------------------------------------------- */

static const char *const month_abbr[][12] = {
    [CM_LANG_EN] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
                    "Dec"},
    [CM_LANG_DE] = {"Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.",
                    "Nov.", "Dez."},
    [CM_LANG_FR] = {"janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.",
                    "oct.", "nov.", "déc."},
};

/* Appends the year as a reader of LANG writes it: BC years (<= 0) as 1 - year. */
static void
append_year(GString *s, int32_t year, cm_lang_t lang)
{
    int64_t bc = 1 - (int64_t)year;
    switch (lang) {
    case CM_LANG_KO:
        if (year <= 0)
            g_string_append_printf(s, "기원전 %" G_GINT64_FORMAT "년", bc);
        else
            g_string_append_printf(s, "%d년", (int)year);
        return;
    case CM_LANG_JA:
        if (year <= 0)
            g_string_append_printf(s, "紀元前%" G_GINT64_FORMAT "年", bc);
        else
            g_string_append_printf(s, "%d年", (int)year);
        return;
    default:
        break;
    }
    if (year > 0) {
        g_string_append_printf(s, "%d", (int)year);
        return;
    }
    static const char *const bc_word[] = {
        [CM_LANG_EN] = "BC", [CM_LANG_DE] = "v. Chr.", [CM_LANG_FR] = "av. J.-C."};
    g_string_append_printf(s, "%" G_GINT64_FORMAT " %s", bc, bc_word[lang]);
}

/* Korean and Japanese: year, then month and day with their counters; the
 * approximate marker is a suffix. */
static void
format_cjk(GString *s, const cm_date_t *d, cm_lang_t lang)
{
    bool ko = lang == CM_LANG_KO;
    append_year(s, d->year, lang);
    if (d->prec >= CM_PREC_MONTH)
        g_string_append_printf(s, ko ? " %u월" : "%u月", d->month);
    if (d->prec >= CM_PREC_DAY)
        g_string_append_printf(s, ko ? " %u일" : "%u日", d->day);
    if (d->approx)
        g_string_append(s, ko ? "경" : "頃");
}

/* English, German and French: [approx] [day] [month] year. */
static void
format_latin(GString *s, const cm_date_t *d, cm_lang_t lang)
{
    static const char *const approx_word[] = {
        [CM_LANG_EN] = "c. ", [CM_LANG_DE] = "ca. ", [CM_LANG_FR] = "vers "};
    if (d->approx)
        g_string_append(s, approx_word[lang]);
    if (d->prec >= CM_PREC_DAY) {
        if (lang == CM_LANG_DE)
            g_string_append_printf(s, "%u. ", d->day);
        else if (lang == CM_LANG_FR && d->day == 1)
            g_string_append(s, "1er ");
        else
            g_string_append_printf(s, "%u ", d->day);
    }
    if (d->prec >= CM_PREC_MONTH) {
        g_string_append(s, month_abbr[lang][d->month - 1]);
        g_string_append_c(s, ' ');
    }
    append_year(s, d->year, lang);
}

/* "Q3 2004", "T3 2004", "2004년 3분기", "2004年第3四半期", approximate as the rest. */
static void
format_quarter(GString *s, const cm_date_t *d, cm_lang_t lang)
{
    unsigned q = d->month ? (d->month - 1u) / 3u + 1u : 1u;
    cm_date_t year = {.year = d->year, .prec = CM_PREC_YEAR, .approx = d->approx};
    if (lang == CM_LANG_KO || lang == CM_LANG_JA) {
        year.approx = false;
        format_cjk(s, &year, lang);
        g_string_append_printf(s, lang == CM_LANG_KO ? " %u분기" : "第%u四半期", q);
        if (d->approx)
            g_string_append(s, lang == CM_LANG_KO ? "경" : "頃");
        return;
    }
    GString *y = g_string_new(NULL);
    year.approx = false;
    format_latin(y, &year, lang);
    static const char *const approx_word[] = {
        [CM_LANG_EN] = "c. ", [CM_LANG_DE] = "ca. ", [CM_LANG_FR] = "vers "};
    g_string_append_printf(s, "%s%c%u %s", d->approx ? approx_word[lang] : "",
                           lang == CM_LANG_FR ? 'T' : 'Q', q, y->str);
    g_string_free(y, TRUE);
}

char *
cm_date_format(const cm_date_t *d, const char *lang)
{
    g_return_val_if_fail(d != NULL, NULL);
    if (d->prec == CM_PREC_NONE)
        return g_strdup("");
    cm_lang_t l = cm_lang_of(lang);
    GString *s = g_string_new(NULL);
    if (d->prec == CM_PREC_QUARTER)
        format_quarter(s, d, l);
    else if (l == CM_LANG_KO || l == CM_LANG_JA)
        format_cjk(s, d, l);
    else
        format_latin(s, d, l);
    return g_string_free(s, FALSE);
}

char *
cm_date_format_iso(const cm_date_t *d)
{
    g_return_val_if_fail(d != NULL, NULL);
    /* ISO 8601 expanded years: a sign beyond four digits, so "+12000" reads back */
    const char *sign = d->year < 0 ? "-" : d->year > 9999 ? "+" : "";
    int year = abs((int)d->year);
    switch (d->prec) {
    case CM_PREC_YEAR:
        return g_strdup_printf("%s%04d", sign, year);
    case CM_PREC_QUARTER:
        return g_strdup_printf("%s%04d-Q%u", sign, year, d->month ? (d->month - 1u) / 3u + 1u : 1u);
    case CM_PREC_MONTH:
        return g_strdup_printf("%s%04d-%02u", sign, year, d->month);
    case CM_PREC_DAY:
        return g_strdup_printf("%s%04d-%02u-%02u", sign, year, d->month, d->day);
    default:
        return g_strdup("");
    }
}

/* ---- today -------------------------------------------------------------- */

cm_date_t
cm_date_from_epoch(int64_t secs)
{
    int64_t days = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
    int64_t y;
    unsigned m, dd;
    cm_civil_from_days(days, &y, &m, &dd);
    return (cm_date_t){.year = (int32_t)y,
                       .month = (uint8_t)m,
                       .day = (uint8_t)dd,
                       .prec = CM_PREC_DAY,
                       .approx = false};
}
