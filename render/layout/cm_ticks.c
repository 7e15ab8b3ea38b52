/* cm_ticks.c — calendar ticks for a time axis, one generator for measuring and drawing.
 *
 * Candidate steps run from fine to coarse: 1, 2, 7, 14 days; 1, 3, 6 months;
 * 1, 2, 5 years and then 1, 2, 2.5, 5 × 10^k years for any k. For each
 * candidate the major ticks are generated at calendar boundaries, their labels
 * formatted (cm_date_format, so every language the model knows works) and
 * measured, and the first candidate whose neighbouring labels keep
 * MIN_SPACING px apart wins — gnuplot's gen_tics idea: the ticks that were
 * measured are the ticks that get drawn. Candidates whose nominal spacing is
 * already below MIN_SPACING, or that would exceed TICKS_MAX ticks, are skipped
 * without generating anything, so the work is O(ticks) whatever the range.
 *
 * Alignment. Years use the historian's numbering: AD years at multiples of
 * the step (100, 200, …), BC years at multiples of the step in BC numbering
 * (100 BC is astronomical year -99), so a BC axis reads "500 BC, 400 BC, …"
 * and not "501 BC". There is no year 0 in that numbering; the interval that
 * straddles it is one year short, and the fit test uses real positions.
 * Months align to January (quarters Jan/Apr/Jul/Oct, halves Jan/Jul); weeks
 * to Mondays; 2-day steps to even day numbers. Minor (unlabelled) ticks
 * subdivide the major step when they stay MINOR_MIN_PX apart.
 */
#include "cm_ticks.h"

#include <math.h>
#include <string.h>

#define TICKS_MAX 2000   /* hard cap on ticks, majors and minors together */
#define MINOR_MIN_PX 5.0 /* minor ticks closer than this are left out */
#define MINOR_PER_MAJOR_MAX 10
#define DAYS_PER_MONTH 30.436875
#define DAYS_PER_YEAR 365.2425
#define STEP_YEARS_MAX 100000000LL /* far past CM_DATE_YEAR_MAX: the search ends here */
#define MONDAY_OFFSET 4            /* 1970-01-05, day 4, was a Monday */

typedef struct {
    cm_tick_unit_t unit;
    int64_t step;
} step_t;

typedef struct {
    /* borrowed */
    const cm_font_t *font;
    const cm_measurer_t *m;
    const char *lang;
    /* plain values */
    int64_t first, last; /* inclusive range of tick days */
    double width, min_spacing;
} gen_t;

static int64_t
floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

static int64_t
floor_mod(int64_t a, int64_t b)
{
    return a - floor_div(a, b) * b;
}

static double
step_days(step_t s)
{
    switch (s.unit) {
    case CM_TICK_UNIT_DAY:
        return (double)s.step;
    case CM_TICK_UNIT_MONTH:
        return (double)s.step * DAYS_PER_MONTH;
    case CM_TICK_UNIT_YEAR:
    default:
        return (double)s.step * DAYS_PER_YEAR;
    }
}

/* The Ith candidate step, fine to coarse; false past the last one. */
static bool
candidate(int i, step_t *out)
{
    static const step_t fixed[] = {
        {CM_TICK_UNIT_DAY, 1},   {CM_TICK_UNIT_DAY, 2},   {CM_TICK_UNIT_DAY, 7},
        {CM_TICK_UNIT_DAY, 14},  {CM_TICK_UNIT_MONTH, 1}, {CM_TICK_UNIT_MONTH, 3},
        {CM_TICK_UNIT_MONTH, 6}, {CM_TICK_UNIT_YEAR, 1},  {CM_TICK_UNIT_YEAR, 2},
        {CM_TICK_UNIT_YEAR, 5},
    };
    const int n_fixed = (int)G_N_ELEMENTS(fixed);
    if (i < n_fixed) {
        *out = fixed[i];
        return true;
    }
    /* 10, 20, 25, 50, 100, 200, 250, 500, … */
    static const int mant10[] = {10, 20, 25, 50};
    int j = i - n_fixed;
    int64_t p = 1;
    for (int k = 0; k < j / 4; k++)
        p *= 10;
    int64_t step = mant10[j % 4] * p;
    if (step > STEP_YEARS_MAX)
        return false;
    *out = (step_t){CM_TICK_UNIT_YEAR, step};
    return true;
}

/* True when astronomical YEAR is on the STEP grid (historian's numbering). */
static bool
year_aligned(int64_t year, int64_t step)
{
    return year > 0 ? year % step == 0 : (1 - year) % step == 0;
}

/* The smallest aligned year >= YEAR. */
static int64_t
next_aligned_year(int64_t year, int64_t step)
{
    if (year <= 0) {
        int64_t bc = (1 - year) / step * step; /* largest BC multiple <= 1 - year */
        if (bc > 0)
            return 1 - bc;
        year = 1;
    }
    return (year + step - 1) / step * step;
}

static int64_t
day_offset(int64_t step)
{
    return step % 7 == 0 ? MONDAY_OFFSET : 0;
}

static bool
day_aligned(int64_t day, int64_t step)
{
    return floor_mod(day - day_offset(step), step) == 0;
}

static bool
is_major(step_t major, int64_t day, int64_t y, unsigned m, unsigned d)
{
    switch (major.unit) {
    case CM_TICK_UNIT_DAY:
        return day_aligned(day, major.step);
    case CM_TICK_UNIT_MONTH:
        return d == 1 && (m - 1) % major.step == 0;
    case CM_TICK_UNIT_YEAR:
    default:
        return d == 1 && m == 1 && year_aligned(y, major.step);
    }
}

static void
push_tick(GArray *out, step_t grid, step_t major, int64_t day, int64_t y, unsigned m, unsigned d)
{
    cm_tick_t t = {.day = day};
    t.major = is_major(major, day, y, m, d);
    /* a tick has the precision of the step it stands for */
    cm_tick_unit_t unit = t.major ? major.unit : grid.unit;
    t.date.year = (int32_t)y;
    t.date.prec = unit == CM_TICK_UNIT_YEAR    ? CM_PREC_YEAR
                  : unit == CM_TICK_UNIT_MONTH ? CM_PREC_MONTH
                                               : CM_PREC_DAY;
    t.date.month = t.date.prec >= CM_PREC_MONTH ? (uint8_t)m : 0;
    t.date.day = t.date.prec >= CM_PREC_DAY ? (uint8_t)d : 0;
    g_array_append_val(out, t);
}

/* Appends the ticks of GRID inside [first, last], marking those on MAJOR. */
static void
emit_grid(const gen_t *g, step_t grid, step_t major, GArray *out)
{
    int64_t y0;
    unsigned m0, d0;
    cm_civil_from_days(g->first, &y0, &m0, &d0);
    switch (grid.unit) {
    case CM_TICK_UNIT_YEAR:
        for (int64_t y = next_aligned_year(y0, grid.step);;
             y = next_aligned_year(y + 1, grid.step)) {
            int64_t day = cm_days_from_civil(y, 1, 1);
            if (day > g->last || out->len >= TICKS_MAX)
                break;
            if (day >= g->first)
                push_tick(out, grid, major, day, y, 1, 1);
        }
        break;
    case CM_TICK_UNIT_MONTH: {
        /* Month index; every month step (1, 3, 6) divides 12, so aligning the
         * index to the step aligns the months to January. */
        int64_t mi = y0 * 12 + (m0 - 1);
        mi += floor_mod(-mi, grid.step);
        for (;; mi += grid.step) {
            int64_t y = floor_div(mi, 12);
            unsigned m = (unsigned)floor_mod(mi, 12) + 1;
            int64_t day = cm_days_from_civil(y, m, 1);
            if (day > g->last || out->len >= TICKS_MAX)
                break;
            if (day >= g->first)
                push_tick(out, grid, major, day, y, m, 1);
        }
        break;
    }
    case CM_TICK_UNIT_DAY:
    default: {
        int64_t day = g->first + floor_mod(day_offset(grid.step) - g->first, grid.step);
        for (; day <= g->last && out->len < TICKS_MAX; day += grid.step) {
            int64_t y;
            unsigned m, d;
            cm_civil_from_days(day, &y, &m, &d);
            push_tick(out, grid, major, day, y, m, d);
        }
        break;
    }
    }
}

/* The finest subdivision of MAJOR that keeps minor ticks MINOR_MIN_PX apart
 * and the total under TICKS_MAX; false when there is none. */
static bool
minor_step(const gen_t *g, step_t major, step_t *out)
{
    static const int64_t day_opts[] = {1, 7};
    static const int64_t month_opts[] = {1, 3, 6};
    double px_per_day = g->width / (double)MAX(g->last - g->first, 1);
    double range = (double)(g->last - g->first);
    step_t opts[16];
    int n = 0;
    switch (major.unit) {
    case CM_TICK_UNIT_DAY:
        for (size_t i = 0; i < G_N_ELEMENTS(day_opts); i++)
            if (day_opts[i] < major.step && major.step % day_opts[i] == 0)
                opts[n++] = (step_t){CM_TICK_UNIT_DAY, day_opts[i]};
        break;
    case CM_TICK_UNIT_MONTH:
        for (size_t i = 0; i < G_N_ELEMENTS(month_opts); i++)
            if (month_opts[i] < major.step && major.step % month_opts[i] == 0)
                opts[n++] = (step_t){CM_TICK_UNIT_MONTH, month_opts[i]};
        break;
    case CM_TICK_UNIT_YEAR:
        if (major.step == 1) {
            for (size_t i = 0; i < G_N_ELEMENTS(month_opts); i++)
                opts[n++] = (step_t){CM_TICK_UNIT_MONTH, month_opts[i]};
            break;
        }
        for (int i = 0; n < 16; i++) {
            step_t c;
            if (!candidate(i, &c))
                break;
            if (c.unit != CM_TICK_UNIT_YEAR)
                continue;
            if (c.step >= major.step)
                break;
            if (major.step % c.step == 0 && major.step / c.step <= MINOR_PER_MAJOR_MAX)
                opts[n++] = c;
        }
        break;
    }
    for (int i = 0; i < n; i++) {
        double sd = step_days(opts[i]);
        if (sd * px_per_day >= MINOR_MIN_PX && range / sd + 2 <= TICKS_MAX) {
            *out = opts[i];
            return true;
        }
    }
    return false;
}

/* FULL with the year text YEAR cut from its start or end ("12 Mar 2020" →
 * "12 Mar", "2020年3月" → "3月"); FULL itself when the year is elsewhere. */
static char *
strip_year(char *full, const char *year)
{
    size_t n = strlen(full), k = strlen(year);
    if (k == 0 || k >= n)
        return full;
    char *res = NULL;
    if (strcmp(full + n - k, year) == 0)
        res = g_strndup(full, n - k);
    else if (strncmp(full, year, k) == 0)
        res = g_strdup(full + k);
    if (!res)
        return full;
    g_strstrip(res);
    if (!*res) {
        g_free(res);
        return full;
    }
    g_free(full);
    return res;
}

/* The label of a major tick. WITH_YEAR puts the year on month and day labels. */
static char *
tick_label(const cm_tick_t *t, bool with_year, const char *lang)
{
    char *full = cm_date_format(&t->date, lang);
    if (t->date.prec == CM_PREC_YEAR || with_year)
        return full;
    cm_date_t yd = {.year = t->date.year, .prec = CM_PREC_YEAR};
    char *year = cm_date_format(&yd, lang);
    char *res = strip_year(full, year);
    g_free(year);
    return res;
}

static void
clear_ticks(GArray *ticks)
{
    for (guint i = 0; i < ticks->len; i++)
        g_free(g_array_index(ticks, cm_tick_t, i).label);
    g_array_set_size(ticks, 0);
}

/* Labels the majors of TICKS and tests that neighbours keep their distance.
 * Returns the number of majors, or -1 when two labels come too close. */
static int
label_and_fit(const gen_t *g, GArray *ticks)
{
    double scale = g->width / (double)MAX(g->last - g->first, 1);
    double prev_x = 0, prev_w = 0;
    int64_t prev_year = 0;
    int majors = 0;
    for (guint i = 0; i < ticks->len; i++) {
        cm_tick_t *t = &g_array_index(ticks, cm_tick_t, i);
        if (!t->major)
            continue;
        bool with_year = majors == 0 || t->date.year != prev_year;
        t->label = tick_label(t, with_year, g->lang);
        cm_text_extents_t e;
        cm_measure(g->m, g->font, t->label, 0, &e);
        double x = (double)(t->day - g->first) * scale;
        if (majors > 0 && x - prev_x < (prev_w + e.width) / 2 + g->min_spacing)
            return -1;
        prev_x = x;
        prev_w = e.width;
        prev_year = t->date.year;
        majors++;
    }
    return majors;
}

/* One labelled tick at FIRST (empty ranges and ranges no step can mark). */
static void
single_tick(cm_ticks_t *res, int64_t first, const char *lang)
{
    int64_t y;
    unsigned m, d;
    cm_civil_from_days(first, &y, &m, &d);
    cm_tick_t t = {.day = first, .major = true};
    t.date = (cm_date_t){
        .year = (int32_t)y, .month = (uint8_t)m, .day = (uint8_t)d, .prec = CM_PREC_DAY};
    res->unit = CM_TICK_UNIT_DAY;
    res->step = 1;
    t.label = cm_date_format(&t.date, lang);
    g_array_append_val(res->ticks, t);
}

cm_ticks_t *
cm_ticks_generate(int64_t first, int64_t last, double width, double min_spacing,
                  const cm_font_t *font, const cm_measurer_t *m, const char *lang)
{
    cm_ticks_t *res = g_new0(cm_ticks_t, 1);
    res->ticks = g_array_new(FALSE, FALSE, sizeof(cm_tick_t));
    if (last <= first || !(width > 0)) {
        single_tick(res, first, lang);
        return res;
    }
    gen_t g = {font, m, lang, first, last, width, fmax(min_spacing, 0)};
    double range = (double)(last - first);
    double px_per_day = width / range;
    step_t s;
    for (int i = 0; candidate(i, &s); i++) {
        double sd = step_days(s);
        if (sd * px_per_day < g.min_spacing || range / sd + 2 > TICKS_MAX)
            continue;
        step_t minor;
        bool has_minor = minor_step(&g, s, &minor);
        emit_grid(&g, has_minor ? minor : s, s, res->ticks);
        int majors = res->ticks->len < TICKS_MAX ? label_and_fit(&g, res->ticks) : -1;
        if (majors > 0) {
            res->unit = s.unit;
            res->step = (int)MIN(s.step, G_MAXINT);
            return res;
        }
        clear_ticks(res->ticks);
        if (majors == 0 && sd > 4 * (range + DAYS_PER_YEAR))
            break; /* steps this coarse mark nothing in the range */
    }
    single_tick(res, first, lang);
    return res;
}

void
cm_ticks_free(cm_ticks_t *ticks)
{
    if (!ticks)
        return;
    clear_ticks(ticks->ticks);
    g_array_free(ticks->ticks, TRUE);
    g_free(ticks);
}
