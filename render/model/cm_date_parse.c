/* cm_date_parse.c — reading dates in the forms real sources write them.
 *
 * One pass over a trimmed copy of the value on the stack (TEXT_MAX bytes), in
 * this order: an approximate marker ("~", "c.", "circa", "um", "vers"; "경" or
 * "頃" after), an era ("27 BC", "AD 14", "44 v. Chr.", "기원전 27년"), a time of
 * day after a full date ("T10:00:00Z", dropped: the day is kept), then the
 * date itself. ISO forms (YYYY, YYYY-MM, YYYY-MM-DD with an optional sign)
 * keep the messages they always had. Everything else is cut into tokens —
 * numbers, words, the CJK counters 年/月/日 and 년/월/일, separators — and the
 * token sequence is matched against the known shapes: day-month-year and
 * month-day-year in words (month names of en, de, fr, es, it, pt, folded to
 * ASCII so "fevrier" and "février" are one), numeric DD.MM.YYYY, YYYY/MM/DD,
 * MM/YYYY, DD/MM/YYYY or MM/DD/YYYY (order from the options or from the
 * value, never guessed), quarters, and the Korean and Japanese forms.
 * An explicit pattern (cm_date_opts_t.format) replaces the shape matching.
 *
 * Rules that are not guesses: a two-digit year needs a century pivot; a bare
 * number over 9999 needs an Excel epoch (Excel's 1900 system counts the
 * non-existent 29 February 1900 as day 60, ECMA-376 Part 1 §18.17.4.1, so days
 * from 61 on are one less than a plain count from 1899-12-31); BC and AD have
 * no year 0, so "27 BC" is astronomical year -26.
 *
 * Nothing is allocated unless the value fails, for the GError.
 */
#include "cm_date.h"

#include <stdarg.h>
#include <string.h>

#include "../util/cm_error.h"

#define TEXT_MAX 128      /* longest value that can be a date, in bytes */
#define QUOTE_MAX 60      /* longest value quoted in a message, in bytes */
#define TOK_MAX 16        /* most tokens in one date */
#define WORD_MAX 24       /* longest word compared, folded */
#define EXCEL_MAX 2958465 /* Excel's last day, 9999-12-31 */

static const char *const en_month_names[12] = {"January",   "February", "March",    "April",
                                               "May",       "June",     "July",     "August",
                                               "September", "October",  "November", "December"};

/* ---- messages ----------------------------------------------------------- */

/* TEXT (LEN bytes) for a message: at most QUOTE_MAX bytes, cut on a character
 * boundary, invalid UTF-8 replaced, "…" when cut. */
static char *
quoted_value(const char *text, size_t len)
{
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

typedef struct {
    /* borrowed */
    const char *text; /* the trimmed value, for messages (not NUL-terminated) */
    const cm_date_opts_t *opts;
    GError **error;
    /* plain values */
    size_t len;
    cm_date_hint_t hint;
    bool era; /* an era word was there: a year of one digit is a year ("1 BC") */
} pctx_t;

static bool fail(pctx_t *c, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

static bool
fail(pctx_t *c, const char *fmt, ...)
{
    if (!c->error)
        return false;
    va_list ap;
    va_start(ap, fmt);
    char *why = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    char *q = quoted_value(c->text, c->len);
    g_set_error(c->error, CM_ERROR, CM_ERROR_DATA, "\"%s\" is not a date: %s", q, why);
    g_free(q);
    g_free(why);
    return false;
}

static const char GENERIC_HINT[] =
    "expected YYYY, YYYY-MM or YYYY-MM-DD, or a form such as \"4 April 1949\", \"April 4, "
    "1949\", \"04.04.1949\" or \"Q2 1949\" (or describe yours with --date-format)";

static bool
fail_form(pctx_t *c)
{
    return fail(c, "%s", GENERIC_HINT);
}

static bool
two_digit_year_fails(pctx_t *c, unsigned yy)
{
    return fail(c,
                "the year \"%02u\" has two digits: write it in full, or give --century-pivot "
                "YEAR to read two-digit years as YEAR to YEAR+99 (--century-pivot 1930 reads it "
                "as %u)",
                yy, 1900 + yy >= 1930 ? 1900 + yy : 2000 + yy);
}

/* ---- small readers ------------------------------------------------------ */

static bool
is_blank_at(const char *s, size_t *n)
{
    if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n' || *s == '\v' || *s == '\f') {
        *n = 1;
        return true;
    }
    if ((unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0) { /* no-break space */
        *n = 2;
        return true;
    }
    return false;
}

static const char *
skip_blanks(const char *s)
{
    size_t n;
    while (is_blank_at(s, &n))
        s += n;
    return s;
}

/* Trims blanks from the end of BUF (NUL-terminated, LEN bytes); returns the new length. */
static size_t
trim_end(char *buf, size_t len)
{
    for (;;) {
        if (len && (buf[len - 1] == ' ' || buf[len - 1] == '\t' || buf[len - 1] == '\r' ||
                    buf[len - 1] == '\n' || buf[len - 1] == '\v' || buf[len - 1] == '\f'))
            len--;
        else if (len >= 2 && (unsigned char)buf[len - 2] == 0xC2 &&
                 (unsigned char)buf[len - 1] == 0xA0)
            len -= 2;
        else
            break;
        buf[len] = '\0';
    }
    return len;
}

static bool
has_prefix_ci(const char *s, const char *prefix)
{
    return g_ascii_strncasecmp(s, prefix, strlen(prefix)) == 0;
}

static bool
ends_with(const char *s, size_t len, const char *suffix)
{
    size_t n = strlen(suffix);
    return len >= n && memcmp(s + len - n, suffix, n) == 0;
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

/* ---- approximate markers and eras --------------------------------------- */

/* Strips an approximate marker from *S (prefix) or the end of BUF (suffix). */
static void
strip_approx(char **s, size_t *len, bool *approx)
{
    static const char *const prefixes[] = {"~",       "circa ", "circa", "ca.",   "ca ",   "c.",
                                           "approx.", "um ",    "vers ", "env. ", "hacia "};
    for (size_t i = 0; i < G_N_ELEMENTS(prefixes); i++) {
        if (has_prefix_ci(*s, prefixes[i])) {
            size_t n = strlen(prefixes[i]);
            /* "circa" and "ca " need a blank or digit after them, not a word */
            *approx = true;
            char *rest = (char *)skip_blanks(*s + n);
            *len -= (size_t)(rest - *s);
            *s = rest;
            return;
        }
    }
    static const char *const suffixes[] = {"경", "頃"};
    for (size_t i = 0; i < G_N_ELEMENTS(suffixes); i++) {
        if (ends_with(*s, *len, suffixes[i])) {
            *approx = true;
            *len -= strlen(suffixes[i]);
            (*s)[*len] = '\0';
            *len = trim_end(*s, *len);
            return;
        }
    }
}

typedef enum { ERA_NONE, ERA_BC, ERA_AD } era_t;

/* WORD (N bytes) without dots, blanks and hyphens, in ASCII lower case, into
 * OUT (at most CAP-1 bytes); false when it has anything else or is too long. */
static bool
fold_era_word(const char *word, size_t n, char *out, size_t cap)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        char ch = word[i];
        if (ch == '.' || ch == ' ' || ch == '-' || ch == '\t')
            continue;
        if (!g_ascii_isalpha(ch) || k + 1 >= cap)
            return false;
        out[k++] = g_ascii_tolower(ch);
    }
    out[k] = '\0';
    return k > 0;
}

static era_t
era_of_word(const char *word, size_t n)
{
    static const char *const bc[] = {"bc", "bce", "vchr", "vuz", "avjc", "ac", "aec", "ane"};
    static const char *const ad[] = {"ad", "ce", "nchr", "apjc", "aprjc", "dc", "ec"};
    char f[16];
    if (!fold_era_word(word, n, f, sizeof f))
        return ERA_NONE;
    for (size_t i = 0; i < G_N_ELEMENTS(bc); i++)
        if (strcmp(f, bc[i]) == 0)
            return ERA_BC;
    for (size_t i = 0; i < G_N_ELEMENTS(ad); i++)
        if (strcmp(f, ad[i]) == 0)
            return ERA_AD;
    return ERA_NONE;
}

/* Strips an era word: a prefix ("AD 14", "기원전 27년", "紀元前27年") or a suffix
 * after the last digit or CJK counter ("27 BC", "44 v. Chr."). */
static era_t
strip_era(char **s, size_t *len)
{
    static const struct {
        const char *word;
        era_t era;
    } prefixes[] = {{"기원전", ERA_BC}, {"紀元前", ERA_BC}, {"서기", ERA_AD},
                    {"西暦", ERA_AD},   {"A.D.", ERA_AD},   {"AD", ERA_AD}};
    for (size_t i = 0; i < G_N_ELEMENTS(prefixes); i++) {
        size_t n = strlen(prefixes[i].word);
        if (!has_prefix_ci(*s, prefixes[i].word))
            continue;
        const char *rest = skip_blanks(*s + n);
        if (!g_ascii_isdigit(*rest))
            continue;
        *len -= (size_t)(rest - *s);
        *s = (char *)rest;
        return prefixes[i].era;
    }
    /* Suffix: what follows the last digit, or the last CJK year counter. */
    size_t tail = *len;
    while (tail > 0 && !g_ascii_isdigit((*s)[tail - 1]))
        tail--;
    if (tail == 0 || tail == *len)
        return ERA_NONE;
    const char *t = *s + tail;
    if (has_prefix_ci(t, "년") || has_prefix_ci(t, "年"))
        return ERA_NONE;
    t = skip_blanks(t);
    era_t era = era_of_word(t, *len - (size_t)(t - *s));
    if (era != ERA_NONE) {
        *len = tail;
        (*s)[tail] = '\0';
    }
    return era;
}

/* ---- time of day after a date ------------------------------------------- */

/* Reads 1 or 2 digits at *S, at most MAX; false when they are not there. */
static bool
small_number(const char **s, unsigned max, unsigned *v)
{
    const char *p = *s;
    if (!g_ascii_isdigit(*p))
        return false;
    unsigned x = (unsigned)(*p++ - '0');
    if (g_ascii_isdigit(*p))
        x = x * 10 + (unsigned)(*p++ - '0');
    if (g_ascii_isdigit(*p) || x > max)
        return false;
    *v = x;
    *s = p;
    return true;
}

/* Whether T (NUL-terminated) is a time of day: H[H]:MM[:SS[.fff]] with an
 * optional zone (Z, UTC, GMT, +HH, +HHMM, +HH:MM). */
static bool
is_time(const char *t)
{
    unsigned v;
    if (!small_number(&t, 24, &v) || *t++ != ':' || !two_digits(&t, &v) || v > 59)
        return false;
    if (*t == ':') {
        t++;
        if (!two_digits(&t, &v) || v > 60)
            return false;
        if (*t == '.' || *t == ',') {
            t++;
            if (!g_ascii_isdigit(*t))
                return false;
            while (g_ascii_isdigit(*t))
                t++;
        }
    }
    t = skip_blanks(t);
    if (!*t)
        return true;
    if ((*t == 'Z' || *t == 'z') && !t[1])
        return true;
    if ((has_prefix_ci(t, "UTC") || has_prefix_ci(t, "GMT")) && !t[3])
        return true;
    if (*t != '+' && *t != '-')
        return false;
    t++;
    if (!two_digits(&t, &v) || v > 14)
        return false;
    if (*t == ':')
        t++;
    if (*t && (!two_digits(&t, &v) || v > 59))
        return false;
    return !*t;
}

/* Cuts a time of day off the end of S ("1978-01-24T10:00", "24.01.1978 10:00");
 * returns whether there was one. Fails (false, *BAD set) when what looks like
 * a time is not one. */
static bool
strip_time(pctx_t *c, char *s, size_t *len, bool *bad)
{
    char *colon = strchr(s, ':');
    *bad = false;
    if (!colon)
        return false;
    char *t = colon;
    while (t > s && g_ascii_isdigit(t[-1]) && colon - t < 2)
        t--;
    if (t == colon || t == s || !(t[-1] == 'T' || t[-1] == 't' || t[-1] == ' ')) {
        *bad = true;
        return fail_form(c);
    }
    if (!is_time(t)) {
        *bad = true;
        return fail(c, "the time after the date is not HH:MM or HH:MM:SS (with Z or +HH:MM)");
    }
    *len = (size_t)(t - 1 - s);
    s[*len] = '\0';
    *len = trim_end(s, *len);
    return true;
}

/* ---- the finished date -------------------------------------------------- */

/* What a form read, before the era, the pivot and the calendar checks. */
typedef struct {
    int64_t year;     /* as written (capped), without sign */
    int ydigits;      /* digits written for the year */
    unsigned month;   /* 0 = none */
    unsigned day;     /* 0 = none */
    unsigned quarter; /* 0 = none */
} raw_t;

/* RAW with ERA and the pivot applied, checked, into *OUT. */
static bool
finish(pctx_t *c, const raw_t *raw, era_t era, bool approx, cm_date_t *out)
{
    cm_date_t d = {.approx = approx};
    int64_t year = raw->year;
    if (era != ERA_NONE) {
        if (year == 0)
            return fail(c, "there is no year 0 %s: 1 BC is followed by AD 1",
                        era == ERA_BC ? "BC" : "AD");
        if (year - (era == ERA_BC) > CM_DATE_YEAR_MAX)
            return fail(c, "the year is beyond %d", CM_DATE_YEAR_MAX);
        if (era == ERA_BC)
            year = 1 - year;
    } else if (raw->ydigits == 2) {
        if (!c->opts || !c->opts->century_pivot)
            return two_digit_year_fails(c, (unsigned)year);
        int64_t pivot = c->opts->century_pivot;
        int64_t base = pivot - ((pivot % 100) + 100) % 100;
        year += base;
        if (year < pivot)
            year += 100;
    } else if (year > CM_DATE_YEAR_MAX || year < -CM_DATE_YEAR_MAX) {
        return fail(c, "the year is beyond %d", CM_DATE_YEAR_MAX);
    }
    d.year = (int32_t)year;
    d.prec = CM_PREC_YEAR;
    if (raw->quarter) {
        if (raw->quarter > 4)
            return fail(c, "quarter %u (quarters are Q1 to Q4)", raw->quarter);
        d.month = (uint8_t)(raw->quarter * 3 - 2);
        d.prec = CM_PREC_QUARTER;
    }
    if (raw->day && !raw->month)
        return fail(c, "month 0");
    if (raw->month) {
        if (raw->month > 12)
            return fail(c, "month %u", raw->month);
        d.month = (uint8_t)raw->month;
        d.prec = CM_PREC_MONTH;
    }
    if (raw->day) {
        if (raw->day > 31)
            return fail(c, "day %u", raw->day);
        if (raw->day > cm_days_in_month(d.year, d.month))
            return fail(c, "no %u %s in %d", raw->day, en_month_names[d.month - 1], (int)d.year);
        d.day = (uint8_t)raw->day;
        d.prec = CM_PREC_DAY;
    }
    *out = d;
    return true;
}

/* ---- ISO and bare numbers ----------------------------------------------- */

/* Whether S is [+-]digits(-digits)* and reads as ISO: signed, no hyphen, or a
 * first number of 3 digits or more (so "24-01-1978" is left to the tokens). */
static bool
looks_iso(const char *s)
{
    bool sign = *s == '+' || *s == '-';
    const char *p = s + sign;
    const char *first = p;
    while (g_ascii_isdigit(*p))
        p++;
    size_t n = (size_t)(p - first);
    if (n == 0)
        return sign; /* "-", "--1999": the ISO reader says what is wrong */
    bool hyphen = false;
    while (*p) {
        if (*p == '-')
            hyphen = true;
        else if (!g_ascii_isdigit(*p))
            return false;
        p++;
    }
    return sign || !hyphen || n >= 3;
}

/* An Excel serial day number (WHOLE, FRAC ignored) as a day. */
static bool
excel_day(pctx_t *c, int64_t serial, bool approx, cm_date_t *out)
{
    int epoch = c->opts->excel_epoch;
    if (serial > EXCEL_MAX)
        return fail(c, "Excel serial day numbers end at %d (9999-12-31)", EXCEL_MAX);
    int64_t z;
    if (epoch == 1904) {
        z = cm_days_from_civil(1904, 1, 1) + serial;
    } else {
        if (serial == 0)
            return fail(c, "Excel day 0 is not a date (day 1 is 1900-01-01)");
        if (serial == 60)
            return fail(c, "Excel day 60 is 29 February 1900, a day that did not exist");
        z = cm_days_from_civil(1899, 12, serial < 60 ? 31 : 30) + serial;
    }
    int64_t y;
    unsigned m, d;
    cm_civil_from_days(z, &y, &m, &d);
    *out = (cm_date_t){.year = (int32_t)y,
                       .month = (uint8_t)m,
                       .day = (uint8_t)d,
                       .prec = CM_PREC_DAY,
                       .approx = approx};
    return true;
}

/* The hint for a year of fewer than 4 digits written bare. */
static bool
short_year_fails(pctx_t *c, bool neg, int64_t year, size_t ndigits)
{
    if (neg)
        return fail(c,
                    "the year needs at least 4 digits: write \"%" G_GINT64_FORMAT
                    " BC\" for %" G_GINT64_FORMAT " BC; astronomical -%" G_GINT64_FORMAT
                    " (\"-%04d\") is %" G_GINT64_FORMAT " BC",
                    year, year, year, (int)year, year + 1);
    if (ndigits == 2)
        return fail(c,
                    "the year needs at least 4 digits (\"00%02d\" or \"AD %d\"); for 19%02d or "
                    "20%02d write it in full, or give --century-pivot YEAR",
                    (int)year, (int)year, (int)year, (int)year);
    return fail(c, "the year needs at least 4 digits (\"%04d\" or \"AD %d\")", (int)year,
                (int)year);
}

static bool
parse_iso(pctx_t *c, const char *s, bool approx, cm_date_t *out)
{
    const char *format_hint = "expected YYYY, YYYY-MM or YYYY-MM-DD";
    cm_date_t d = {.approx = approx};
    bool signed_ = *s == '+' || *s == '-';
    bool neg = false;
    if (signed_)
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
        return fail(c, "%s", format_hint);
    if (*s && *s != '-')
        return fail(c, "%s", format_hint);
    if (!*s && !signed_ && c->opts && c->opts->excel_epoch)
        return excel_day(c, year, approx, out);
    if (!*s && !signed_ && c->opts && c->opts->century_pivot && ndigits == 2) {
        raw_t raw = {.year = year, .ydigits = 2};
        return finish(c, &raw, ERA_NONE, approx, out);
    }
    if (ndigits < 4)
        return short_year_fails(c, neg, year, ndigits);
    if (year > CM_DATE_YEAR_MAX)
        return fail(c, "the year is beyond %d", CM_DATE_YEAR_MAX);
    if (!*s && !signed_ && year > 9999)
        return fail(c,
                    "a bare number above 9999 in a date column is read only with --excel-dates "
                    "1900 (or 1904, for workbooks from old Macs), as an Excel day number; for "
                    "the year %" G_GINT64_FORMAT " write \"+%" G_GINT64_FORMAT "\"",
                    year, year);
    d.year = (int32_t)(neg ? -year : year);
    d.prec = CM_PREC_YEAR;
    if (*s == '-') {
        s++;
        unsigned m;
        if (!two_digits(&s, &m))
            return fail(c, "the month needs 2 digits (YYYY-MM)");
        if (m < 1 || m > 12)
            return fail(c, "month %u", m);
        d.month = (uint8_t)m;
        d.prec = CM_PREC_MONTH;
    }
    if (*s == '-') {
        s++;
        unsigned day;
        if (!two_digits(&s, &day))
            return fail(c, "the day needs 2 digits (YYYY-MM-DD)");
        if (day < 1 || day > 31)
            return fail(c, "day %u", day);
        if (day > cm_days_in_month(d.year, d.month))
            return fail(c, "no %u %s in %d", day, en_month_names[d.month - 1], (int)d.year);
        d.day = (uint8_t)day;
        d.prec = CM_PREC_DAY;
    }
    if (*s)
        return fail(c, "%s", format_hint);
    *out = d;
    return true;
}

/* ---- words -------------------------------------------------------------- */

/* Folds the UTF-8 letter at S (N bytes) to an ASCII lower-case letter:
 * Latin-1 letters lose their accents ("é" -> 'e', "ß" -> 's'); 0 for others. */
static char
fold_letter(const unsigned char *s, size_t n)
{
    if (n == 1)
        return g_ascii_isalpha(s[0]) ? g_ascii_tolower((char)s[0]) : 0;
    if (n != 2 || s[0] != 0xC3)
        return 0;
    /* U+00C0..U+00FF: À..ÿ, upper half first */
    static const char map[64] = "aaaaaaaceeeeiiiidnooooo\0ouuuuyts"
                                "aaaaaaaceeeeiiiidnooooo\0ouuuuyty";
    unsigned char b = s[1];
    if (b < 0x80 || b > 0xBF)
        return 0;
    return map[b - 0x80];
}

static const struct {
    const char *name;
    uint8_t month;
} month_words[] = {
    /* en */
    {"january", 1},
    {"jan", 1},
    {"february", 2},
    {"feb", 2},
    {"march", 3},
    {"mar", 3},
    {"april", 4},
    {"apr", 4},
    {"may", 5},
    {"june", 6},
    {"jun", 6},
    {"july", 7},
    {"jul", 7},
    {"august", 8},
    {"aug", 8},
    {"september", 9},
    {"sep", 9},
    {"sept", 9},
    {"october", 10},
    {"oct", 10},
    {"november", 11},
    {"nov", 11},
    {"december", 12},
    {"dec", 12},
    /* de */
    {"januar", 1},
    {"janner", 1},
    {"jaenner", 1},
    {"februar", 2},
    {"feber", 2},
    {"marz", 3},
    {"maerz", 3},
    {"mrz", 3},
    {"mai", 5},
    {"juni", 6},
    {"juli", 7},
    {"oktober", 10},
    {"okt", 10},
    {"dezember", 12},
    {"dez", 12},
    /* fr */
    {"janvier", 1},
    {"janv", 1},
    {"fevrier", 2},
    {"fevr", 2},
    {"fev", 2},
    {"mars", 3},
    {"avril", 4},
    {"avr", 4},
    {"juin", 6},
    {"juillet", 7},
    {"juil", 7},
    {"aout", 8},
    {"septembre", 9},
    {"octobre", 10},
    {"novembre", 11},
    {"decembre", 12},
    /* es */
    {"enero", 1},
    {"ene", 1},
    {"febrero", 2},
    {"marzo", 3},
    {"abril", 4},
    {"abr", 4},
    {"mayo", 5},
    {"junio", 6},
    {"julio", 7},
    {"agosto", 8},
    {"ago", 8},
    {"septiembre", 9},
    {"setiembre", 9},
    {"set", 9},
    {"octubre", 10},
    {"noviembre", 11},
    {"diciembre", 12},
    {"dic", 12},
    /* it */
    {"gennaio", 1},
    {"gen", 1},
    {"febbraio", 2},
    {"aprile", 4},
    {"maggio", 5},
    {"mag", 5},
    {"giugno", 6},
    {"giu", 6},
    {"luglio", 7},
    {"lug", 7},
    {"settembre", 9},
    {"sett", 9},
    {"ottobre", 10},
    {"ott", 10},
    {"dicembre", 12},
    /* pt */
    {"janeiro", 1},
    {"fevereiro", 2},
    {"marco", 3},
    {"maio", 5},
    {"junho", 6},
    {"julho", 7},
    {"setembro", 9},
    {"outubro", 10},
    {"out", 10},
    {"novembro", 11},
    {"dezembro", 12},
};

/* Month 1..12 of the folded word F, 0 when it is none. */
static unsigned
month_of_word(const char *f)
{
    for (size_t i = 0; i < G_N_ELEMENTS(month_words); i++)
        if (strcmp(f, month_words[i].name) == 0)
            return month_words[i].month;
    return 0;
}

/* ---- tokens ------------------------------------------------------------- */

typedef enum {
    TK_NUM,   /* digits */
    TK_MONTH, /* a month name */
    TK_Q,     /* "Q" or "T" right before a quarter number */
    TK_FILL,  /* "de", "del", "of", "the", "第": read and ignored */
    TK_YEAR,  /* 年 년 */
    TK_MON,   /* 月 월 */
    TK_DAY,   /* 日 일 */
    TK_QTR,   /* 분기 四半期 */
} tk_kind_t;

typedef struct {
    uint8_t kind;
    char sep; /* separator before this token: 0 none, ' ' blanks, or one of - / . , */
    uint8_t ndigits;
    bool ordinal;  /* a number with "st", "nd", "rd", "th", "er", "º" */
    bool neg;      /* a number with a sign in front: only a leading year ("-0043-Q1") */
    int64_t value; /* number (capped) or month */
} tok_t;

typedef struct {
    tok_t t[TOK_MAX];
    int n;
} toks_t;

static const struct {
    const char *text;
    tk_kind_t kind;
} cjk_words[] = {{"年", TK_YEAR},  {"년", TK_YEAR},    {"月", TK_MON},
                 {"월", TK_MON},   {"日", TK_DAY},     {"일", TK_DAY},
                 {"분기", TK_QTR}, {"四半期", TK_QTR}, {"第", TK_FILL}};

/* Length of the UTF-8 character at S (1 for ASCII), 0 when invalid. */
static size_t
char_length(const char *s)
{
    unsigned char b = (unsigned char)*s;
    size_t n = b < 0x80                ? 1
               : b >= 0xC2 && b < 0xE0 ? 2
               : b >= 0xE0 && b < 0xF0 ? 3
               : b >= 0xF0 && b < 0xF5 ? 4
                                       : 0;
    for (size_t i = 1; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            return 0;
    return n;
}

static int
cjk_at(const char *s, size_t *n)
{
    for (size_t i = 0; i < G_N_ELEMENTS(cjk_words); i++) {
        size_t k = strlen(cjk_words[i].text);
        if (strncmp(s, cjk_words[i].text, k) == 0) {
            *n = k;
            return (int)cjk_words[i].kind;
        }
    }
    return -1;
}

static bool
is_ordinal_suffix(const char *f)
{
    static const char *const sfx[] = {"st", "nd", "rd", "th", "er", "e", "o", "a"};
    for (size_t i = 0; i < G_N_ELEMENTS(sfx); i++)
        if (strcmp(f, sfx[i]) == 0)
            return true;
    return false;
}

static bool
push(pctx_t *c, toks_t *tk, tok_t t)
{
    if (tk->n == TOK_MAX)
        return fail_form(c);
    tk->t[tk->n++] = t;
    return true;
}

/* Reads a word at *S (letters, accents folded) into F; returns false (after
 * failing) on a byte that cannot be in a date. */
static bool
read_word(pctx_t *c, const char **s, char *f, size_t *flen)
{
    const char *p = *s;
    size_t k = 0;
    for (;;) {
        size_t n = char_length(p), cn;
        if (!*p || n == 0 || g_ascii_isdigit(*p) || (n == 1 && !g_ascii_isalpha(*p)))
            break;
        if (p != *s && cjk_at(p, &cn) >= 0)
            break;
        if ((unsigned char)p[0] == 0xC2 &&
            ((unsigned char)p[1] == 0xBA || (unsigned char)p[1] == 0xAA)) { /* º ª */
            f[k < WORD_MAX ? k++ : k] = 'o';
            p += 2;
            continue;
        }
        if ((unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xA0)
            break; /* no-break space */
        char ch = fold_letter((const unsigned char *)p, n);
        if (k < WORD_MAX)
            f[k++] = ch ? ch : '?';
        p += n;
    }
    if (p == *s)
        return fail_form(c);
    f[MIN(k, (size_t)WORD_MAX)] = '\0';
    *flen = k;
    *s = p;
    return true;
}

/* Cuts S into tokens. */
static bool
tokenize(pctx_t *c, const char *s, toks_t *tk)
{
    tk->n = 0;
    char sep = 0;
    while (*s) {
        size_t n;
        if (is_blank_at(s, &n)) {
            if (!sep)
                sep = ' ';
            s += n;
            continue;
        }
        if (tk->n == 0 && !sep && (*s == '-' || *s == '+') && g_ascii_isdigit(s[1])) {
            tok_t t = {.kind = TK_NUM, .neg = *s == '-', .ordinal = false};
            const char *d = ++s;
            while (g_ascii_isdigit(*s)) {
                if (t.value <= 10 * (int64_t)CM_DATE_YEAR_MAX)
                    t.value = t.value * 10 + (*s - '0');
                s++;
            }
            t.ndigits = (uint8_t)MIN(s - d, 255);
            t.value = t.neg ? -t.value : t.value;
            t.ordinal = t.ndigits < 4; /* a signed year has at least four digits */
            if (!push(c, tk, t))
                return false;
            continue;
        }
        if (*s == '-' || *s == '/' || *s == '.' || *s == ',') {
            if (sep && sep != ' ')
                return fail_form(c); /* two separators in a row */
            sep = *s++;
            continue;
        }
        if (tk->n == 0 && sep && sep != ' ')
            return fail_form(c); /* a leading separator */
        tok_t t = {.sep = sep};
        sep = 0;
        if (g_ascii_isdigit(*s)) {
            const char *d = s;
            while (g_ascii_isdigit(*s)) {
                if (t.value <= 10 * (int64_t)CM_DATE_YEAR_MAX)
                    t.value = t.value * 10 + (*s - '0');
                s++;
            }
            t.ndigits = (uint8_t)MIN(s - d, 255);
            t.kind = TK_NUM;
            if (g_ascii_isalpha(*s) ||
                ((unsigned char)s[0] == 0xC2 &&
                 ((unsigned char)s[1] == 0xBA || (unsigned char)s[1] == 0xAA))) {
                const char *w = s;
                char f[WORD_MAX + 1];
                size_t fl;
                if (!read_word(c, &w, f, &fl))
                    return false;
                if (!is_ordinal_suffix(f))
                    return fail_form(c);
                t.ordinal = true;
                s = w;
            }
            if (!push(c, tk, t))
                return false;
            continue;
        }
        int cjk = cjk_at(s, &n);
        if (cjk >= 0) {
            t.kind = (uint8_t)cjk;
            s += n;
            if (cjk == TK_FILL)
                continue;
            if (!push(c, tk, t))
                return false;
            continue;
        }
        char f[WORD_MAX + 1];
        size_t fl;
        if (!read_word(c, &s, f, &fl))
            return false;
        if (*s == '.')
            s++; /* an abbreviation's dot: "Sept.", "4. Apr. 1949" */
        if ((strcmp(f, "q") == 0 || strcmp(f, "t") == 0) && g_ascii_isdigit(*s)) {
            t.kind = TK_Q;
        } else if (strcmp(f, "de") == 0 || strcmp(f, "del") == 0 || strcmp(f, "of") == 0 ||
                   strcmp(f, "the") == 0) {
            continue;
        } else if ((t.value = month_of_word(f)) != 0) {
            t.kind = TK_MONTH;
        } else {
            return fail_form(c);
        }
        if (!push(c, tk, t))
            return false;
    }
    if (sep && sep != ' ')
        return fail_form(c); /* a trailing separator */
    return true;
}

/* ---- shapes ------------------------------------------------------------- */

static bool
is_num(const toks_t *tk, int i, int min_digits, int max_digits)
{
    return i < tk->n && tk->t[i].kind == TK_NUM && tk->t[i].ndigits >= min_digits &&
           tk->t[i].ndigits <= max_digits;
}

static bool
is_kind(const toks_t *tk, int i, tk_kind_t kind)
{
    return i < tk->n && tk->t[i].kind == kind;
}

static raw_t
year_of(const tok_t *t)
{
    return (raw_t){.year = t->value, .ydigits = t->neg ? 4 : t->ndigits};
}

/* A year token in a shape: two digits or more, or one with an era ("Q4 1 BC"). */
static bool
is_year(const pctx_t *c, const toks_t *tk, int i)
{
    return is_num(tk, i, c->era ? 1 : 2, 7) && !tk->t[i].ordinal;
}

/* Day-month order of a numeric A s B s Y date: from the options, the
 * separator (dots are day-first wherever they are used) or the numbers. */
static bool
numeric_order(pctx_t *c, const tok_t *a, const tok_t *b, bool *day_first)
{
    unsigned x = (unsigned)a->value, y = (unsigned)b->value;
    cm_date_order_t order = c->opts ? c->opts->order : CM_DATE_ORDER_AUTO;
    if (x == 0 || y == 0)
        return fail(c, "0 is neither a day nor a month");
    if (x > 12 && y <= 12)
        c->hint = CM_DATE_HINT_DMY;
    else if (y > 12 && x <= 12)
        c->hint = CM_DATE_HINT_MDY;
    else if (x != y && x <= 12 && y <= 12)
        c->hint = CM_DATE_HINT_EITHER;
    if (b->sep == '.' && order == CM_DATE_ORDER_AUTO) {
        c->hint = CM_DATE_HINT_NONE; /* the dotted form says day-first itself */
        *day_first = true;
        return true;
    }
    if (order != CM_DATE_ORDER_AUTO) {
        *day_first = order == CM_DATE_ORDER_DMY;
        return true;
    }
    switch (c->hint) {
    case CM_DATE_HINT_DMY:
        *day_first = true;
        return true;
    case CM_DATE_HINT_MDY:
        *day_first = false;
        return true;
    case CM_DATE_HINT_EITHER:
        return fail(c,
                    "it could be %u %s or %s %u, and nothing says which; give --date-order dmy "
                    "(day first) or --date-order mdy (month first)",
                    x, en_month_names[y - 1], en_month_names[x - 1], y);
    default:
        if (x > 12)
            return fail(c, "neither %u nor %u can be a month", x, y);
        *day_first = true; /* the same day either way */
        return true;
    }
}

/* Numbers with separators only: DD.MM.YYYY, DD/MM/YYYY, MM/DD/YYYY, YYYY/MM/DD,
 * MM/YYYY, YYYY/MM, and Excel serials with a fraction. */
static bool
shape_numeric(pctx_t *c, const toks_t *tk, raw_t *raw)
{
    const tok_t *t = tk->t;
    if (tk->n == 3 && t[1].sep == t[2].sep && t[1].sep != ' ' && t[1].sep != ',' &&
        is_num(tk, 0, 1, 4) && is_num(tk, 1, 1, 2) && is_num(tk, 2, 1, 4)) {
        if (t[0].ndigits >= 3) { /* YYYY/MM/DD */
            *raw = year_of(&t[0]);
            raw->month = (unsigned)t[1].value;
            raw->day = (unsigned)t[2].value;
            if (t[2].ndigits > 2)
                return fail_form(c);
            return true;
        }
        if (t[2].ndigits == 1)
            return fail_form(c);
        bool day_first;
        if (!numeric_order(c, &t[0], &t[1], &day_first))
            return false;
        *raw = year_of(&t[2]);
        raw->day = (unsigned)(day_first ? t[0].value : t[1].value);
        raw->month = (unsigned)(day_first ? t[1].value : t[0].value);
        if (!raw->month)
            return fail(c, "month 0");
        if (!raw->day)
            return fail(c, "day 0");
        return true;
    }
    if (tk->n == 2 && (t[1].sep == '/' || t[1].sep == '.' || t[1].sep == '-')) {
        if (is_num(tk, 0, 1, 2) && is_num(tk, 1, 4, 4)) { /* MM/YYYY */
            *raw = year_of(&t[1]);
            raw->month = (unsigned)t[0].value;
        } else if (is_num(tk, 0, 4, 4) && is_num(tk, 1, t[1].sep == '.' ? 2 : 1, 2) &&
                   t[1].sep != '-') { /* YYYY/MM, YYYY.MM */
            *raw = year_of(&t[0]);
            raw->month = (unsigned)t[1].value;
        } else {
            return fail_form(c);
        }
        if (!raw->month)
            return fail(c, "month 0");
        return true;
    }
    return fail_form(c);
}

/* Shapes with a month name: D MONTH Y, MONTH D Y, MONTH Y. */
static bool
shape_words(pctx_t *c, const toks_t *tk, raw_t *raw)
{
    const tok_t *t = tk->t;
    int m = -1;
    for (int i = 0; i < tk->n; i++)
        if (t[i].kind == TK_MONTH)
            m = i;
    if (tk->n == 3 && m == 1 && is_num(tk, 0, 1, 2) && is_year(c, tk, 2)) { /* 4 April 1949 */
        *raw = year_of(&t[2]);
        raw->day = (unsigned)t[0].value;
    } else if (tk->n == 3 && m == 0 && is_num(tk, 1, 1, 2) &&
               is_year(c, tk, 2)) { /* April 4, 1949 */
        *raw = year_of(&t[2]);
        raw->day = (unsigned)t[1].value;
    } else if (tk->n == 2 && m == 0 && is_year(c, tk, 1)) { /* Sep 2012 */
        *raw = year_of(&t[1]);
    } else if (tk->n == 2 && m == 0 && is_num(tk, 1, 1, 1)) {
        return fail(c, "a month and a day but no year");
    } else {
        return fail_form(c);
    }
    raw->month = (unsigned)t[m].value;
    if (raw->day == 0 && tk->n == 3)
        return fail(c, "day 0");
    return true;
}

/* Quarters: Q3 2004, 2004-Q3, 2004 Q3, 2004년 3분기, 2004年第3四半期. */
static bool
shape_quarter(pctx_t *c, const toks_t *tk, raw_t *raw)
{
    const tok_t *t = tk->t;
    if (tk->n == 3 && is_kind(tk, 0, TK_Q) && is_num(tk, 1, 1, 1) && t[1].sep == 0 &&
        is_year(c, tk, 2)) {
        *raw = year_of(&t[2]);
        raw->quarter = (unsigned)t[1].value;
    } else if (tk->n == 3 && (is_year(c, tk, 0) || (is_num(tk, 0, 4, 7) && t[0].neg)) &&
               is_kind(tk, 1, TK_Q) && is_num(tk, 2, 1, 1) && t[2].sep == 0) {
        *raw = year_of(&t[0]);
        raw->quarter = (unsigned)t[2].value;
    } else if (tk->n == 4 && is_num(tk, 0, 1, 7) && is_kind(tk, 1, TK_YEAR) &&
               is_num(tk, 2, 1, 1) && is_kind(tk, 3, TK_QTR)) {
        *raw = year_of(&t[0]);
        raw->quarter = (unsigned)t[2].value;
    } else {
        return fail_form(c);
    }
    if (raw->quarter < 1)
        return fail(c, "quarter 0 (quarters are Q1 to Q4)");
    return true;
}

/* Korean and Japanese: Y年[M月[D日]], Y년 [M월 [D일]]. */
static bool
shape_cjk(pctx_t *c, const toks_t *tk, raw_t *raw)
{
    static const tk_kind_t counters[3] = {TK_YEAR, TK_MON, TK_DAY};
    if (tk->n % 2 || tk->n > 6)
        return fail_form(c);
    unsigned v[3] = {0, 0, 0};
    for (int i = 0; i < tk->n; i += 2) {
        if (!is_num(tk, i, 1, i ? 2 : 7) || !is_kind(tk, i + 1, counters[i / 2]) ||
            tk->t[i + 1].sep != 0 || (i && tk->t[i].sep != 0 && tk->t[i].sep != ' '))
            return fail_form(c);
        v[i / 2] = (unsigned)MIN(tk->t[i].value, (int64_t)G_MAXUINT);
    }
    *raw = (raw_t){.year = tk->t[0].value, .ydigits = tk->t[0].ndigits, .month = v[1], .day = v[2]};
    if (tk->n >= 4 && !v[1])
        return fail(c, "month 0");
    if (tk->n == 6 && !v[2])
        return fail(c, "day 0");
    return true;
}

static bool
parse_shapes(pctx_t *c, const char *s, raw_t *raw)
{
    toks_t tk;
    if (!tokenize(c, s, &tk))
        return false;
    if (tk.n == 0)
        return fail_form(c);
    bool months = false, q = false, cjk = false;
    for (int i = 0; i < tk.n; i++) {
        months |= tk.t[i].kind == TK_MONTH;
        q |= tk.t[i].kind == TK_Q || tk.t[i].kind == TK_QTR;
        cjk |= tk.t[i].kind >= TK_YEAR;
    }
    if (q)
        return shape_quarter(c, &tk, raw);
    if (tk.t[0].neg)
        return fail_form(c); /* a sign goes with ISO years and quarters only */
    if (cjk)
        return shape_cjk(c, &tk, raw);
    if (months)
        return shape_words(c, &tk, raw);
    for (int i = 0; i < tk.n; i++)
        if (tk.t[i].ordinal)
            return fail_form(c);
    return shape_numeric(c, &tk, raw);
}

/* ---- explicit patterns (--date-format) ---------------------------------- */

/* Reads N digits (MIN..MAX of them) at *S. */
static bool
pattern_digits(const char **s, int min, int max, int64_t *v, int *n)
{
    const char *p = *s;
    int64_t x = 0;
    int k = 0;
    while (k < max && g_ascii_isdigit(*p)) {
        x = x * 10 + (*p++ - '0');
        k++;
    }
    if (k < min)
        return false;
    *v = x;
    *n = k;
    *s = p;
    return true;
}

static bool
parse_pattern(pctx_t *c, const char *s, const char *fmt, raw_t *raw)
{
    *raw = (raw_t){0};
    bool have_year = false;
    for (const char *f = fmt; *f; f++) {
        size_t bn;
        if (is_blank_at(f, &bn)) {
            s = skip_blanks(s);
            f += bn - 1;
            continue;
        }
        if (*f != '%' || f[1] == '%') {
            if (g_ascii_tolower(*s) != g_ascii_tolower(*f))
                goto mismatch;
            s++;
            f += *f == '%';
            continue;
        }
        int64_t v = 0;
        int n = 0;
        bool neg = false;
        switch (*++f) {
        case 'Y':
            if (*s == '-' || *s == '+')
                neg = *s++ == '-';
            /* "%Y%m%d": a year right before another number has four digits */
            if (!pattern_digits(&s, 1, f[1] == '%' && f[2] != '%' ? 4 : 7, &v, &n))
                goto mismatch;
            raw->year = neg ? -v : v;
            raw->ydigits = n == 2 ? 3 : n; /* %Y is a full year, even "14" */
            have_year = true;
            break;
        case 'y':
            if (!pattern_digits(&s, 2, 2, &v, &n))
                goto mismatch;
            raw->year = v;
            raw->ydigits = 2;
            have_year = true;
            break;
        case 'm':
            if (!pattern_digits(&s, 1, 2, &v, &n) || v == 0)
                goto mismatch;
            raw->month = (unsigned)v;
            break;
        case 'e':
            s = skip_blanks(s);
            /* fall through */
        case 'd':
            if (!pattern_digits(&s, 1, 2, &v, &n) || v == 0)
                goto mismatch;
            raw->day = (unsigned)v;
            break;
        case 'q':
            if (!pattern_digits(&s, 1, 1, &v, &n) || v == 0)
                goto mismatch;
            raw->quarter = (unsigned)v;
            break;
        case 'H':
        case 'M':
        case 'S':
            if (!pattern_digits(&s, 1, 2, &v, &n))
                goto mismatch;
            break;
        case 'b':
        case 'B': {
            char w[WORD_MAX + 1];
            size_t wl;
            pctx_t quiet = *c;
            quiet.error = NULL;
            if (!read_word(&quiet, &s, w, &wl) || !(raw->month = month_of_word(w)))
                goto mismatch;
            if (*s == '.' && f[1] != '.')
                s++;
            break;
        }
        default:
            goto mismatch;
        }
    }
    if (*s || !have_year)
        goto mismatch;
    return true; /* a signed %Y is astronomical, as in ISO */
mismatch:
    return fail(c, "it does not match the date format \"%s\"", fmt);
}

bool
cm_date_format_check(const char *format, GError **error)
{
    g_return_val_if_fail(format != NULL, false);
    bool year = false, month = false, day = false, quarter = false;
    for (const char *f = format; *f; f++) {
        if (*f != '%')
            continue;
        switch (*++f) {
        case 'Y':
        case 'y':
            year = true;
            break;
        case 'm':
        case 'b':
        case 'B':
            month = true;
            break;
        case 'd':
        case 'e':
            day = true;
            break;
        case 'q':
            quarter = true;
            break;
        case 'H':
        case 'M':
        case 'S':
        case '%':
            break;
        default:
            g_set_error(error, CM_ERROR, CM_ERROR_USAGE,
                        "date format \"%s\": unknown %%%c; use %%Y %%y %%m %%d %%e %%b %%B %%q "
                        "%%H %%M %%S or %%%%",
                        format, *f ? *f : ' ');
            return false;
        }
        if (!*f)
            break;
    }
    const char *why = !year              ? "it has no year (%Y or %y)"
                      : day && !month    ? "it has a day but no month"
                      : quarter && month ? "it has both a quarter and a month"
                                         : NULL;
    if (why) {
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE, "date format \"%s\": %s", format, why);
        return false;
    }
    return true;
}

/* ---- entry points ------------------------------------------------------- */

static bool
parse_body(pctx_t *c, char *s, size_t len, cm_date_t *out)
{
    bool approx = false;
    strip_approx(&s, &len, &approx);
    if (!*s)
        return fail_form(c);
    const cm_date_opts_t *o = c->opts;
    raw_t raw = {0};
    if (o && o->format) {
        if (!parse_pattern(c, s, o->format, &raw))
            return false;
        return finish(c, &raw, ERA_NONE, approx, out);
    }
    era_t era = strip_era(&s, &len);
    c->era = era != ERA_NONE;
    bool bad_time;
    bool timed = strip_time(c, s, &len, &bad_time);
    if (bad_time)
        return false;
    if (era != ERA_NONE && (*s == '-' || *s == '+'))
        return fail(c, "a signed year with an era; write \"27 BC\" or \"-0026\", not both");
    if (era == ERA_NONE && looks_iso(s)) {
        if (!parse_iso(c, s, approx, out))
            return false;
        if (timed && out->prec != CM_PREC_DAY)
            return fail(c, "a time of day needs a full date before it");
        return true;
    }
    if (era != ERA_NONE) {
        const char *p = s;
        while (g_ascii_isdigit(*p))
            p++;
        if (!*p && p > s) { /* "27 BC", "AD 14": a bare year, any number of digits */
            raw = (raw_t){.ydigits = 4};
            for (p = s; *p; p++)
                raw.year = raw.year > CM_DATE_YEAR_MAX ? raw.year : raw.year * 10 + (*p - '0');
            return finish(c, &raw, era, approx, out);
        }
    }
    if (o && o->excel_epoch && era == ERA_NONE) {
        const char *p = s;
        int64_t whole = 0;
        while (g_ascii_isdigit(*p)) {
            whole = whole > EXCEL_MAX ? whole : whole * 10 + (*p - '0');
            p++;
        }
        if (p > s && *p == '.' && g_ascii_isdigit(p[1])) {
            const char *f = p + 1;
            while (g_ascii_isdigit(*f))
                f++;
            if (!*f)
                return excel_day(c, whole, approx, out);
        }
    }
    if (!parse_shapes(c, s, &raw))
        return false;
    if (era != ERA_NONE && raw.ydigits == 2)
        raw.ydigits = 4; /* "44 BC": an era year is never a two-digit abbreviation */
    if (!finish(c, &raw, era, approx, out))
        return false;
    if (timed && out->prec != CM_PREC_DAY)
        return fail(c, "a time of day needs a full date before it");
    return true;
}

bool
cm_date_parse_opts(const char *text, const cm_date_opts_t *opts, cm_date_t *out,
                   cm_date_hint_t *hint, GError **error)
{
    g_return_val_if_fail(text != NULL && out != NULL, false);
    const char *s = skip_blanks(text);
    size_t len = strlen(s);
    while (len && g_ascii_isspace(s[len - 1]))
        len--;
    while (len >= 2 && (unsigned char)s[len - 2] == 0xC2 && (unsigned char)s[len - 1] == 0xA0)
        len -= 2;
    /* Messages quote the trimmed value; the copy on the stack may be cut up. */
    pctx_t c = {.text = s, .opts = opts, .error = error, .len = len};
    if (hint)
        *hint = CM_DATE_HINT_NONE;
    if (len == 0)
        return fail(&c, "it is empty");
    if (len > TEXT_MAX)
        return fail(&c, "it is too long to be a date");
    char buf[TEXT_MAX + 1];
    memcpy(buf, s, len);
    buf[len] = '\0';
    len = trim_end(buf, len);
    cm_date_t d = {0};
    bool ok = parse_body(&c, buf, len, &d);
    if (hint)
        *hint = c.hint;
    if (ok)
        *out = d;
    return ok;
}

bool
cm_date_parse(const char *text, cm_date_t *out, GError **error)
{
    return cm_date_parse_opts(text, NULL, out, NULL, error);
}

bool
cm_date_is_open_word(const char *text)
{
    static const char *const words[] = {"present", "now", "ongoing"};
    if (!text)
        return true;
    const char *s = skip_blanks(text);
    size_t len = strlen(s);
    while (len && g_ascii_isspace(s[len - 1]))
        len--;
    if (len == 0)
        return true;
    for (size_t i = 0; i < G_N_ELEMENTS(words); i++)
        if (strlen(words[i]) == len && g_ascii_strncasecmp(s, words[i], len) == 0)
            return true;
    return false;
}
