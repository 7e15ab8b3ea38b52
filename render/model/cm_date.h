/* cm_date.h — calendar dates with their precision.
 *
 * A cm_date_t is a date as a source gives it: a year ("1999"), a month
 * ("2012-09") or a day ("1999-03-12"), optionally marked approximate
 * ("~2008", "c. 2008"). The precision is part of the value and is what labels
 * show: "1999", "Sep 2012", "12 Mar 1999" — never a fake first of the month.
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
    CM_PREC_MONTH = 2,
    CM_PREC_DAY = 3,
} cm_precision_t;

typedef struct {
    int32_t year;  /* astronomical: 0 = 1 BC */
    uint8_t month; /* 1..12, 0 when prec < MONTH */
    uint8_t day;   /* 1..31, 0 when prec < DAY */
    uint8_t prec;  /* cm_precision_t */
    bool approx;   /* "~2008", "c. 2008" */
} cm_date_t;

/* Parses YYYY, YYYY-MM or YYYY-MM-DD (sign and more digits allowed, "~" or
 * "c." prefix for approximate). Leading/trailing blanks are ignored.
 * Returns false and fills ERROR (CM_ERROR_DATA, message quotes the value and
 * says what is wrong: "no 30 February in 2023") for anything else. */
bool cm_date_parse(const char *text, cm_date_t *out, GError **error);

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
 * "1999", "Sep 2012", "12 Mar 1999", "44 BC", "c. 2008"). Returns a new
 * string; g_free it. Unknown languages fall back to English. */
char *cm_date_format(const cm_date_t *d, const char *lang);
/* ISO form at its own precision ("2012-09"), for file names and reports. */
char *cm_date_format_iso(const cm_date_t *d);

/* Today as a day-precision date: from SOURCE_DATE_EPOCH when set (so output
 * is reproducible), else from the clock, in UTC. */
cm_date_t cm_date_today(void);

#endif
