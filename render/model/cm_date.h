/* cm_date.h — calendar dates with their precision.
 *
 * A cm_date_t is a date as a source gives it: a year ("1999"), a quarter
 * ("2004-Q3"), a month ("2012-09") or a day ("1999-03-12"), optionally marked
 * approximate ("~2008", "c. 2008"). The precision is part of the value and is
 * what labels show: "1999", "Q3 2004", "Sep 2012", "12 Mar 1999" — never a
 * fake first of the month.
 *
 * Calendar: proleptic Gregorian with astronomical year numbering, so year 0
 * is 1 BC and "-0043" is 44 BC. Years may have more than four digits; their
 * magnitude is capped at CM_DATE_YEAR_MAX.
 *
 * Day numbers count days since 1970-01-01 (day 0) in that calendar; they are
 * the time coordinate every layout uses. Conversion follows H. Hinnant,
 * "chrono-Compatible Low-Level Date Algorithms" (days_from_civil).
 */
#ifndef CM_DATE_H
#define CM_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <glib.h>

#define CM_DATE_YEAR_MAX 999999

typedef enum {
    CM_PREC_NONE = 0, /* not a date (zero value) */
    CM_PREC_YEAR = 1,
    CM_PREC_QUARTER = 2, /* month holds the quarter's first month: 1, 4, 7 or 10 */
    CM_PREC_MONTH = 3,
    CM_PREC_DAY = 4,
} cm_precision_t;

typedef struct {
    int32_t year;  /* astronomical: 0 = 1 BC */
    uint8_t month; /* 1..12, 0 when prec < QUARTER */
    uint8_t day;   /* 1..31, 0 when prec < DAY */
    uint8_t prec;  /* cm_precision_t */
    bool approx;   /* "~2008", "c. 2008" */
} cm_date_t;

/* ---- reading dates as sources write them (cm_date_parse.c) ----------------
 *
 * Forms read, besides ISO YYYY, YYYY-MM, YYYY-MM-DD (a sign for BC years and
 * for years beyond 9999: "-0043", "+12000"):
 *   ISO date-times      1978-01-24T00:00:00Z, 1978-01-24 10:00 (day kept)
 *   words (en de fr es it pt, full or abbreviated, any case, accents optional)
 *                       4 April 1949, 4. April 1949, 4 avril 1949, 24-Jan-1978,
 *                       4 de abril de 1949, April 4, 1949, Sep 2012, septembre 2012
 *   numeric             DD.MM.YYYY (day first), YYYY/MM/DD, YYYY.MM.DD, MM/YYYY;
 *                       DD/MM/YYYY or MM/DD/YYYY (also with "-"): see the order below
 *   quarters            Q3 2004, 2004-Q3, 2004 Q3
 *   Korean, Japanese    2012년 9월, 1949년 4월 4일, 2012年9月, 1949年4月4日
 *   approximate         ~, c., ca., circa, um, vers before; 경, 頃 after
 *   eras                27 BC, 27 BCE, AD 14, 14 CE, 44 v. Chr., 44 av. J.-C.,
 *                       기원전 27년, 紀元前27年 (no year 0 in BC/AD numbering)
 * Never guessed: a numeric date whose order is not given and not settled by
 * its own numbers (03/04/2005), a two-digit year without a century pivot, a
 * bare number above 9999 without an Excel epoch. Each of those fails with a
 * message naming the option that settles it. Parsing allocates nothing unless
 * it fails (the GError).
 */

typedef enum {
    CM_DATE_ORDER_AUTO = 0, /* numeric day/month order: settled by the value, else an error */
    CM_DATE_ORDER_DMY,
    CM_DATE_ORDER_MDY,
} cm_date_order_t;

/* What one numeric DD/MM or MM/DD value says about the order (cm_date_parse_opts). */
typedef enum {
    CM_DATE_HINT_NONE = 0, /* not such a value, or both orders give the same day */
    CM_DATE_HINT_DMY,      /* only day-first works: the first number is over 12 */
    CM_DATE_HINT_MDY,      /* only month-first works */
    CM_DATE_HINT_EITHER,   /* both work and differ (03/04/2005) */
} cm_date_hint_t;

typedef struct {
    cm_date_order_t order; /* for DD/MM/YYYY vs MM/DD/YYYY (and DD.MM.YYYY when not AUTO) */
    int32_t century_pivot; /* 0: two-digit years refused; else one is read as the year in
                              PIVOT..PIVOT+99 ending in those digits (1930: 78 -> 1978) */
    int excel_epoch;       /* 0: bare numbers over 9999 refused; 1900 or 1904: every bare
                              number (fraction allowed) is an Excel serial day number */
    const char *format;    /* borrowed; NULL = every form above; else only this pattern:
                              %Y %y %m %d %e %b %B %q, %H %M %S (read, ignored), %%;
                              a blank matches any run of blanks, other bytes themselves */
} cm_date_opts_t;

/* Reads TEXT with the defaults (no order, no pivot, no Excel epoch, every form).
 * Leading/trailing blanks are ignored. Returns false and fills ERROR
 * (CM_ERROR_DATA, message quotes the value and says what is wrong and how to
 * fix it: "no 30 February in 2023") for anything else; *OUT is then untouched. */
bool cm_date_parse(const char *text, cm_date_t *out, GError **error);

/* The same under OPTS (NULL = defaults). HINT (may be NULL) is set whether or
 * not the parse succeeds: CM_DATE_HINT_EITHER with a false return means only
 * the order was missing. */
bool cm_date_parse_opts(const char *text, const cm_date_opts_t *opts, cm_date_t *out,
                        cm_date_hint_t *hint, GError **error);

/* False (ERROR: CM_ERROR_USAGE) when FORMAT is not a pattern cm_date_parse_opts
 * can use (unknown %-letter, no year, a day without a month). */
bool cm_date_format_check(const char *format, GError **error);

/* True when TEXT means "still running": "", "present", "now", "ongoing"
 * (case-insensitive, blanks ignored). */
bool cm_date_is_open_word(const char *text);

/* Day number of the first day of the period the date names. */
int64_t cm_date_first_day(const cm_date_t *d);
/* Day number one past the last day of the period (exclusive end). */
int64_t cm_date_end_day(const cm_date_t *d);
/* Compares by first day, then by precision (coarser first). */
int cm_date_compare(const cm_date_t *a, const cm_date_t *b);

int64_t cm_days_from_civil(int64_t y, unsigned m, unsigned d);
void cm_civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d);
bool cm_is_leap_year(int64_t y);
unsigned cm_days_in_month(int64_t y, unsigned m);

/* Formats the date at its own precision in language LANG (NULL or "en":
 * "1999", "Q3 2004", "Sep 2012", "12 Mar 1999", "44 BC", "c. 2008"). Returns a new
 * string; g_free it. LANG is read by cm_lang_of (model/cm_lang.h): "de-AT" is
 * German, unsupported tags fall back to English. */
char *cm_date_format(const cm_date_t *d, const char *lang);
/* ISO form at its own precision ("2012-09", "2004-Q3"; a sign on years over
 * 9999: "+12000"), for file names and reports; it parses back to the date. */
char *cm_date_format_iso(const cm_date_t *d);

/* The latest SOURCE_DATE_EPOCH accepted: 9999-12-31 23:59:59 UTC (four year digits, as
 * the PDF creation date needs). */
#define CM_DATE_EPOCH_MAX G_GINT64_CONSTANT(253402300799)

/* The day (UTC, day precision) that SECS seconds after 1970-01-01 00:00 UTC fall on.
 * "Today" is the figure layer's to decide (cm_figure_env_read: SOURCE_DATE_EPOCH, else
 * the clock), so that the model reads no environment. */
cm_date_t cm_date_from_epoch(int64_t secs);

#endif
