/* test_ticks.c — calendar tick generation: step choice, alignment, labels, bounds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "layout/cm_ticks.h"

static const cm_font_t FONT = {"Noto Sans", 14, 400, false};
#define SPACING 24.0

static int64_t
day(int64_t y, unsigned m, unsigned d)
{
    return cm_days_from_civil(y, m, d);
}

static cm_ticks_t *
gen(int64_t first, int64_t last, double width, const char *lang)
{
    cm_measurer_t m = cm_measurer_fixed();
    return cm_ticks_generate(first, last, width, SPACING, &FONT, &m, lang);
}

static const cm_tick_t *
tick(const cm_ticks_t *t, guint i)
{
    return &g_array_index(t->ticks, cm_tick_t, i);
}

static int
n_majors(const cm_ticks_t *t)
{
    int n = 0;
    for (guint i = 0; i < t->ticks->len; i++)
        n += tick(t, i)->major;
    return n;
}

static bool
has_label(const cm_ticks_t *t, const char *label)
{
    for (guint i = 0; i < t->ticks->len; i++)
        if (tick(t, i)->label && strcmp(tick(t, i)->label, label) == 0)
            return true;
    return false;
}

/* Invariants every result keeps: increasing days inside the range, labels on
 * majors only, neighbouring labels SPACING apart at their measured widths. */
static void
check_invariants(const cm_ticks_t *t, int64_t first, int64_t last, double width)
{
    cm_measurer_t m = cm_measurer_fixed();
    assert_true(t->ticks->len >= 1);
    assert_true(t->ticks->len <= 2000);
    assert_true(n_majors(t) >= 1);
    double prev_x = 0, prev_w = 0;
    bool have_prev = false;
    for (guint i = 0; i < t->ticks->len; i++) {
        const cm_tick_t *k = tick(t, i);
        if (i > 0)
            assert_true(k->day > tick(t, i - 1)->day);
        if (last > first) {
            assert_true(k->day >= first);
            assert_true(k->day <= last);
        }
        assert_int_equal(k->day, cm_date_first_day(&k->date));
        if (!k->major) {
            assert_null(k->label);
            continue;
        }
        assert_non_null(k->label);
        cm_text_extents_t e;
        cm_measure(&m, &FONT, k->label, 0, &e);
        double x = (double)(k->day - first) * width / (double)MAX(last - first, 1);
        if (have_prev)
            assert_true(x - prev_x >= (prev_w + e.width) / 2 + SPACING - 1e-9);
        prev_x = x;
        prev_w = e.width;
        have_prev = true;
    }
}

static void
test_decades(void **state)
{
    (void)state;
    int64_t a = day(1949, 1, 1), b = day(2025, 1, 1);
    cm_ticks_t *t = gen(a, b, 1600, "en");
    check_invariants(t, a, b, 1600);
    assert_int_equal(t->unit, CM_TICK_UNIT_YEAR);
    assert_true(t->step == 5 || t->step == 10);
    int minors = 0;
    for (guint i = 0; i < t->ticks->len; i++) {
        const cm_tick_t *k = tick(t, i);
        assert_int_equal(k->date.prec, CM_PREC_YEAR);
        if (k->major)
            assert_int_equal(k->date.year % t->step, 0);
        else
            minors++;
    }
    assert_true(minors > 0); /* yearly minor ticks between the majors */
    assert_true(has_label(t, "1950"));
    assert_true(has_label(t, "2000"));
    assert_false(has_label(t, "1949"));
    cm_ticks_free(t);
}

static void
test_months(void **state)
{
    (void)state;
    int64_t a = day(2020, 1, 15), b = day(2020, 4, 15);
    cm_ticks_t *t = gen(a, b, 400, "en");
    check_invariants(t, a, b, 400);
    assert_int_equal(t->unit, CM_TICK_UNIT_MONTH);
    assert_int_equal(t->step, 1);
    assert_int_equal(n_majors(t), 3);
    /* the first tick carries the year, the others do not */
    assert_string_equal(tick(t, 0)->label, "Feb 2020");
    assert_true(has_label(t, "Mar"));
    assert_true(has_label(t, "Apr"));
    cm_ticks_free(t);

    /* January always carries the year */
    a = day(2019, 10, 20);
    b = day(2020, 3, 1);
    t = gen(a, b, 600, "en");
    check_invariants(t, a, b, 600);
    assert_int_equal(t->unit, CM_TICK_UNIT_MONTH);
    assert_true(has_label(t, "Nov 2019"));
    assert_true(has_label(t, "Jan 2020"));
    assert_true(has_label(t, "Feb"));
    cm_ticks_free(t);
}

static void
test_quarters(void **state)
{
    (void)state;
    int64_t a = day(2018, 2, 1), b = day(2020, 11, 1);
    cm_ticks_t *t = gen(a, b, 800, "en");
    check_invariants(t, a, b, 800);
    assert_int_equal(t->unit, CM_TICK_UNIT_MONTH);
    assert_int_equal(t->step, 3);
    for (guint i = 0; i < t->ticks->len; i++) {
        const cm_tick_t *k = tick(t, i);
        assert_int_equal(k->date.prec, CM_PREC_MONTH);
        if (k->major)
            assert_int_equal((k->date.month - 1) % 3, 0); /* Jan, Apr, Jul, Oct */
    }
    assert_true(has_label(t, "Apr 2018"));
    assert_true(has_label(t, "Jan 2019"));
    assert_true(has_label(t, "Jul"));
    cm_ticks_free(t);
}

static void
test_days(void **state)
{
    (void)state;
    int64_t a = day(2020, 3, 10), b = day(2020, 3, 15);
    cm_ticks_t *t = gen(a, b, 800, "en");
    check_invariants(t, a, b, 800);
    assert_int_equal(t->unit, CM_TICK_UNIT_DAY);
    assert_int_equal(t->step, 1);
    assert_int_equal(n_majors(t), 6);
    assert_string_equal(tick(t, 0)->label, "10 Mar 2020");
    assert_string_equal(tick(t, 1)->label, "11 Mar");
    cm_ticks_free(t);

    /* weeks start on Mondays */
    a = day(2021, 5, 1);
    b = day(2021, 7, 1);
    t = gen(a, b, 900, "en");
    check_invariants(t, a, b, 900);
    assert_int_equal(t->unit, CM_TICK_UNIT_DAY);
    assert_true(t->step == 7 || t->step == 14);
    for (guint i = 0; i < t->ticks->len; i++)
        if (tick(t, i)->major) /* 1970-01-05 (day 4) was a Monday */
            assert_int_equal(((tick(t, i)->day - 4) % 7 + 7) % 7, 0);
    cm_ticks_free(t);
}

static void
test_bce(void **state)
{
    (void)state;
    int64_t a = day(-500, 1, 1), b = day(1500, 1, 1);
    cm_ticks_t *t = gen(a, b, 1600, "en");
    check_invariants(t, a, b, 1600);
    assert_int_equal(t->unit, CM_TICK_UNIT_YEAR);
    assert_true(t->step >= 100);
    for (guint i = 0; i < t->ticks->len; i++) {
        const cm_tick_t *k = tick(t, i);
        if (!k->major)
            continue;
        if (k->date.year <= 0) {
            /* historian's numbering: 100 BC is astronomical -99 */
            assert_int_equal((1 - k->date.year) % t->step, 0);
            assert_non_null(strstr(k->label, " BC"));
        } else {
            assert_int_equal(k->date.year % t->step, 0);
            assert_null(strstr(k->label, "BC"));
        }
    }
    assert_true(has_label(t, "400 BC"));
    assert_true(has_label(t, "1000"));
    assert_false(has_label(t, "1 BC"));
    cm_ticks_free(t);

    /* year by year across the era boundary: no year skipped, none doubled */
    a = day(-5, 1, 1);
    b = day(5, 1, 1);
    t = gen(a, b, 600, "en");
    check_invariants(t, a, b, 600);
    assert_int_equal(t->unit, CM_TICK_UNIT_YEAR);
    assert_int_equal(t->step, 1);
    assert_true(has_label(t, "1 BC"));
    assert_true(has_label(t, "6 BC"));
    assert_true(has_label(t, "1"));
    cm_ticks_free(t);
}

static void
test_width_coarsens(void **state)
{
    (void)state;
    const int64_t ranges[][2] = {
        {day(1949, 1, 1), day(2025, 1, 1)},  {day(2020, 1, 1), day(2020, 12, 31)},
        {day(1000, 1, 1), day(2000, 1, 1)},  {day(2020, 3, 1), day(2020, 3, 20)},
        {day(-3000, 1, 1), day(2000, 1, 1)},
    };
    for (size_t r = 0; r < G_N_ELEMENTS(ranges); r++) {
        int64_t a = ranges[r][0], b = ranges[r][1];
        double prev_days = 0;
        for (double w = 2400; w >= 150; w /= 2) {
            cm_ticks_t *t = gen(a, b, w, "en");
            check_invariants(t, a, b, w);
            double d = t->unit == CM_TICK_UNIT_DAY     ? t->step
                       : t->unit == CM_TICK_UNIT_MONTH ? t->step * 30.4
                                                       : t->step * 365.2;
            assert_true(d >= prev_days); /* narrower never picks a finer step */
            prev_days = d;
            cm_ticks_free(t);
        }
    }
    /* and the widest and narrowest do differ */
    cm_ticks_t *wide = gen(day(1949, 1, 1), day(2025, 1, 1), 1600, "en");
    cm_ticks_t *narrow = gen(day(1949, 1, 1), day(2025, 1, 1), 300, "en");
    assert_true(narrow->step > wide->step);
    cm_ticks_free(wide);
    cm_ticks_free(narrow);
}

static void
test_bounds(void **state)
{
    (void)state;
    /* empty and inverted ranges give one tick */
    cm_ticks_t *t = gen(100, 100, 800, "en");
    assert_int_equal(t->ticks->len, 1);
    assert_true(tick(t, 0)->major);
    cm_ticks_free(t);
    t = gen(200, 100, 800, "en");
    assert_int_equal(t->ticks->len, 1);
    cm_ticks_free(t);

    /* absurd ranges stay bounded */
    int64_t a = day(-999999, 1, 1), b = day(999999, 12, 31);
    t = gen(a, b, 1600, "en");
    check_invariants(t, a, b, 1600);
    assert_int_equal(t->unit, CM_TICK_UNIT_YEAR);
    assert_true(t->ticks->len < 200);
    cm_ticks_free(t);

    /* zero spacing and a huge width: the cap holds */
    cm_measurer_t m = cm_measurer_fixed();
    cm_font_t tiny = {"Noto Sans", 0.01, 400, false};
    t = cm_ticks_generate(day(1900, 1, 1), day(2000, 1, 1), 1e9, 0, &tiny, &m, "en");
    assert_true(t->ticks->len <= 2000);
    assert_true(t->ticks->len >= 2);
    cm_ticks_free(t);

    /* a few days on a very narrow axis still get one labelled tick */
    a = day(2020, 3, 3);
    b = day(2020, 3, 6);
    t = gen(a, b, 20, "en");
    check_invariants(t, a, b, 20);
    cm_ticks_free(t);
}

static void
test_languages(void **state)
{
    (void)state;
    int64_t a = day(2020, 1, 15), b = day(2020, 4, 15);
    cm_ticks_t *t = gen(a, b, 400, "de");
    check_invariants(t, a, b, 400);
    assert_true(has_label(t, "März"));
    cm_ticks_free(t);
    t = gen(a, b, 400, "ja");
    check_invariants(t, a, b, 400);
    assert_true(has_label(t, "3月"));
    assert_true(has_label(t, "2020年2月"));
    cm_ticks_free(t);
}

static void
test_deterministic(void **state)
{
    (void)state;
    int64_t a = day(1900, 6, 1), b = day(2024, 2, 1);
    cm_ticks_t *t1 = gen(a, b, 1234, "en"), *t2 = gen(a, b, 1234, "en");
    assert_int_equal(t1->ticks->len, t2->ticks->len);
    for (guint i = 0; i < t1->ticks->len; i++) {
        assert_int_equal(tick(t1, i)->day, tick(t2, i)->day);
        assert_int_equal(tick(t1, i)->major, tick(t2, i)->major);
        if (tick(t1, i)->label)
            assert_string_equal(tick(t1, i)->label, tick(t2, i)->label);
    }
    cm_ticks_free(t1);
    cm_ticks_free(t2);
    cm_ticks_free(NULL);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decades),       cmocka_unit_test(test_months),
        cmocka_unit_test(test_quarters),      cmocka_unit_test(test_days),
        cmocka_unit_test(test_bce),           cmocka_unit_test(test_width_coarsens),
        cmocka_unit_test(test_bounds),        cmocka_unit_test(test_languages),
        cmocka_unit_test(test_deterministic),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
