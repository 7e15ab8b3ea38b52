/* cm_date.c — calendar dates with precision: parsing, day numbers, formatting.
 *
 * Dates are proleptic Gregorian with astronomical year numbering (year 0 is
 * 1 BC). Day numbers count from 1970-01-01 and are computed with Howard
 * Hinnant's days_from_civil / civil_from_days ("chrono-Compatible Low-Level
 * Date Algorithms", http://howardhinnant.github.io/date_algorithms.html),
 * which work on 400-year eras and are exact for every year in range.
 * Parsing accepts YYYY, YYYY-MM and YYYY-MM-DD with an optional sign, more than
 * four year digits, and a "~", "c." or "ca." prefix for approximate dates; every
 * rejection says what is wrong with the value. Formatting writes the date at
 * its own precision in English, German (Duden abbreviations), French
 * (Imprimerie nationale abbreviations), Korean and Japanese.
 */
#include "cm_date.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../util/cm_error.h"

#define QUOTE_MAX 60 /* longest value quoted in a message, in bytes */

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

/* ---- parsing ------------------------------------------------------------ */

static const char *const en_month_names[12] = {"January",   "February", "March",    "April",
                                               "May",       "June",     "July",     "August",
                                               "September", "October",  "November", "December"};

/* TEXT for a message: at most QUOTE_MAX bytes, cut on a character boundary,
 * invalid UTF-8 replaced, "…" when cut. */
static char *
quoted_value(const char *text)
{
    size_t len = strlen(text);
    if (len <= QUOTE_MAX)
        return g_utf8_make_valid(text, (gssize)len);
    size_t cut = QUOTE_MAX;
    while (cut > 0 && ((unsigned char)text[cut] & 0xC0) == 0x80)
        cut--;
    char *valid = g_utf8_make_valid(text, (gssize)cut);
    char *out = g_strconcat(valid, "…", NULL);
    g_free(valid);
    return out;
}

static bool
fail(GError **error, const char *text, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *why = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    char *q = quoted_value(text);
    g_set_error(error, CM_ERROR, CM_ERROR_DATA, "\"%s\" is not a date: %s", q, why);
    g_free(q);
    g_free(why);
    return false;
}

/* Skips an approximate-date prefix ("~", "c.", "ca.", "circa") and the blanks
 * after it; returns the rest, and sets *approx when one was there. */
static const char *
skip_approx(const char *s, bool *approx)
{
    static const char *const prefixes[] = {"~", "ca.", "c.", "circa "};
    for (size_t i = 0; i < G_N_ELEMENTS(prefixes); i++) {
        size_t n = strlen(prefixes[i]);
        if (g_ascii_strncasecmp(s, prefixes[i], n) == 0) {
            *approx = true;
            s += n;
            while (g_ascii_isspace(*s))
                s++;
            return s;
        }
    }
    *approx = false;
    return s;
}

/* Reads exactly two digits at *S into *V; false when they are not there. */
static bool
two_digits(const char **s, unsigned *v)
{
    const char *p = *s;
    if (!g_ascii_isdigit(p[0]) || !g_ascii_isdigit(p[1]) || g_ascii_isdigit(p[2]))
        return false;
    *v = (unsigned)((p[0] - '0') * 10 + (p[1] - '0'));
    *s = p + 2;
    return true;
}

static bool
parse_trimmed(const char *text, cm_date_t *out, GError **error)
{
    const char *format_hint = "expected YYYY, YYYY-MM or YYYY-MM-DD";
    cm_date_t d = {0};
    if (!*text)
        return fail(error, text, "it is empty");
    const char *s = skip_approx(text, &d.approx);
    bool neg = false;
    if (*s == '+' || *s == '-')
        neg = *s++ == '-';
    const char *digits = s;
    int64_t year = 0;
    while (g_ascii_isdigit(*s)) {
        if (year <= CM_DATE_YEAR_MAX)
            year = year * 10 + (*s - '0');
        s++;
    }
    size_t ndigits = (size_t)(s - digits);
    if (ndigits == 0)
        return fail(error, text, "%s", format_hint);
    if (*s && *s != '-')
        return fail(error, text, "%s", format_hint);
    if (ndigits < 4)
        return fail(error, text, "the year needs at least 4 digits (\"%s%0*d\")", neg ? "-" : "", 4,
                    (int)year);
    if (year > CM_DATE_YEAR_MAX)
        return fail(error, text, "the year is beyond %d", CM_DATE_YEAR_MAX);
    d.year = (int32_t)(neg ? -year : year);
    d.prec = CM_PREC_YEAR;
    if (*s == '-') {
        s++;
        unsigned m;
        if (!two_digits(&s, &m))
            return fail(error, text, "the month needs 2 digits (YYYY-MM)");
        if (m < 1 || m > 12)
            return fail(error, text, "month %u", m);
        d.month = (uint8_t)m;
        d.prec = CM_PREC_MONTH;
    }
    if (*s == '-') {
        s++;
        unsigned day;
        if (!two_digits(&s, &day))
            return fail(error, text, "the day needs 2 digits (YYYY-MM-DD)");
        if (day < 1 || day > 31)
            return fail(error, text, "day %u", day);
        if (day > cm_days_in_month(d.year, d.month))
            return fail(error, text, "no %u %s in %d", day, en_month_names[d.month - 1],
                        (int)d.year);
        d.day = (uint8_t)day;
        d.prec = CM_PREC_DAY;
    }
    if (*s)
        return fail(error, text, "%s", format_hint);
    *out = d;
    return true;
}

bool
cm_date_parse(const char *text, cm_date_t *out, GError **error)
{
    g_return_val_if_fail(text != NULL && out != NULL, false);
    char *t = g_strstrip(g_strdup(text));
    bool ok = parse_trimmed(t, out, error);
    g_free(t);
    return ok;
}

bool
cm_date_is_open_word(const char *text)
{
    static const char *const words[] = {"", "present", "now", "ongoing"};
    if (!text)
        return true;
    char *t = g_strstrip(g_strdup(text));
    bool open = false;
    for (size_t i = 0; i < G_N_ELEMENTS(words) && !open; i++)
        open = g_ascii_strcasecmp(t, words[i]) == 0;
    g_free(t);
    return open;
}

/* ---- formatting --------------------------------------------------------- */

typedef enum { LANG_EN, LANG_DE, LANG_FR, LANG_KO, LANG_JA } lang_t;

static lang_t
lang_from_name(const char *lang)
{
    static const struct {
        const char *code;
        lang_t lang;
    } known[] = {{"de", LANG_DE}, {"fr", LANG_FR}, {"ko", LANG_KO}, {"ja", LANG_JA}};
    if (!lang)
        return LANG_EN;
    size_t n = strcspn(lang, "_-.@");
    for (size_t i = 0; i < G_N_ELEMENTS(known); i++)
        if (n == 2 && g_ascii_strncasecmp(lang, known[i].code, 2) == 0)
            return known[i].lang;
    return LANG_EN;
}

static const char *const month_abbr[][12] = {
    [LANG_EN] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
                 "Dec"},
    [LANG_DE] = {"Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.",
                 "Nov.", "Dez."},
    [LANG_FR] = {"janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.",
                 "nov.", "déc."},
};

/* Appends the year as a reader of LANG writes it: BC years (<= 0) as 1 - year. */
static void
append_year(GString *s, int32_t year, lang_t lang)
{
    int64_t bc = 1 - (int64_t)year;
    switch (lang) {
    case LANG_KO:
        if (year <= 0)
            g_string_append_printf(s, "기원전 %" G_GINT64_FORMAT "년", bc);
        else
            g_string_append_printf(s, "%d년", (int)year);
        return;
    case LANG_JA:
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
        [LANG_EN] = "BC", [LANG_DE] = "v. Chr.", [LANG_FR] = "av. J.-C."};
    g_string_append_printf(s, "%" G_GINT64_FORMAT " %s", bc, bc_word[lang]);
}

/* Korean and Japanese: year, then month and day with their counters; the
 * approximate marker is a suffix. */
static void
format_cjk(GString *s, const cm_date_t *d, lang_t lang)
{
    bool ko = lang == LANG_KO;
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
format_latin(GString *s, const cm_date_t *d, lang_t lang)
{
    static const char *const approx_word[] = {
        [LANG_EN] = "c. ", [LANG_DE] = "ca. ", [LANG_FR] = "vers "};
    if (d->approx)
        g_string_append(s, approx_word[lang]);
    if (d->prec >= CM_PREC_DAY) {
        if (lang == LANG_DE)
            g_string_append_printf(s, "%u. ", d->day);
        else if (lang == LANG_FR && d->day == 1)
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

char *
cm_date_format(const cm_date_t *d, const char *lang)
{
    g_return_val_if_fail(d != NULL, NULL);
    if (d->prec == CM_PREC_NONE)
        return g_strdup("");
    lang_t l = lang_from_name(lang);
    GString *s = g_string_new(NULL);
    if (l == LANG_KO || l == LANG_JA)
        format_cjk(s, d, l);
    else
        format_latin(s, d, l);
    return g_string_free(s, FALSE);
}

char *
cm_date_format_iso(const cm_date_t *d)
{
    g_return_val_if_fail(d != NULL, NULL);
    const char *sign = d->year < 0 ? "-" : "";
    int year = abs((int)d->year);
    switch (d->prec) {
    case CM_PREC_YEAR:
        return g_strdup_printf("%s%04d", sign, year);
    case CM_PREC_MONTH:
        return g_strdup_printf("%s%04d-%02u", sign, year, d->month);
    case CM_PREC_DAY:
        return g_strdup_printf("%s%04d-%02u-%02u", sign, year, d->month, d->day);
    default:
        return g_strdup("");
    }
}

/* ---- today -------------------------------------------------------------- */

/* SOURCE_DATE_EPOCH when it is a plain non-negative decimal number, else -1. */
static int64_t
source_date_epoch(void)
{
    const char *env = g_getenv("SOURCE_DATE_EPOCH");
    if (!env || !*env)
        return -1;
    guint64 v;
    if (!g_ascii_string_to_unsigned(env, 10, 0, (guint64)INT64_MAX / 2, &v, NULL))
        return -1;
    return (int64_t)v;
}

cm_date_t
cm_date_today(void)
{
    int64_t secs = source_date_epoch();
    if (secs < 0)
        secs = (int64_t)time(NULL);
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
