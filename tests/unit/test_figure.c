/* test_figure.c — the figure layer's environment: read once, at the top. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>
#include <time.h>

#include "chronomap.h"

/* Sets VAR to VALUE (NULL: unset) for one test, restoring it afterwards. */
typedef struct {
    char *saved[2];
} saved_env_t;

static const char *const vars[] = {"SOURCE_DATE_EPOCH", "CHRONOMAP_MAX_ROWS"};

static int
setup(void **state)
{
    saved_env_t *s = g_new0(saved_env_t, 1);
    for (size_t i = 0; i < G_N_ELEMENTS(vars); i++)
        s->saved[i] = g_strdup(g_getenv(vars[i]));
    *state = s;
    return 0;
}

static int
teardown(void **state)
{
    saved_env_t *s = *state;
    for (size_t i = 0; i < G_N_ELEMENTS(vars); i++) {
        if (s->saved[i])
            g_setenv(vars[i], s->saved[i], TRUE);
        else
            g_unsetenv(vars[i]);
        g_free(s->saved[i]);
    }
    g_free(s);
    return 0;
}

/* SOURCE_DATE_EPOCH pins today and the PDF date; unset, today is the clock's. */
static void
test_today_from_the_environment(void **state)
{
    (void)state;
    cm_figure_env_t env = {0};
    g_setenv("SOURCE_DATE_EPOCH", "1764288000", TRUE);
    assert_true(cm_figure_env_read(&env, NULL));
    assert_true(env.has_today);
    assert_int_equal(env.today.year, 2025);
    assert_int_equal(env.today.month, 11);
    assert_int_equal(env.today.day, 28);
    assert_int_equal(env.epoch, 1764288000);
    g_setenv("SOURCE_DATE_EPOCH", "253402300799", TRUE); /* 9999-12-31 23:59:59 */
    assert_true(cm_figure_env_read(&env, NULL));
    assert_int_equal(env.today.year, 9999);

    g_unsetenv("SOURCE_DATE_EPOCH");
    int64_t before = (int64_t)time(NULL) / 86400;
    assert_true(cm_figure_env_read(&env, NULL));
    int64_t after = (int64_t)time(NULL) / 86400, got = cm_date_first_day(&env.today);
    assert_true(got == before || got == after);
    assert_int_equal(env.epoch, 0); /* the pinned default */
}

/* A SOURCE_DATE_EPOCH out of range is a usage error naming it (a huge one ran the axis
 * to the year 100,000,000), never today. */
static void
test_bad_epoch_is_an_error(void **state)
{
    (void)state;
    const char *bad[] = {"253402300800", "3155760000000000", "9223372036854775807", "-1", "1e9",
                         "soon"};
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        g_setenv("SOURCE_DATE_EPOCH", bad[i], TRUE);
        cm_figure_env_t env = {0};
        GError *err = NULL;
        assert_false(cm_figure_env_read(&env, &err));
        assert_true(g_error_matches(err, CM_ERROR, CM_ERROR_USAGE));
        assert_non_null(strstr(err->message, bad[i]));
        assert_non_null(strstr(err->message, "SOURCE_DATE_EPOCH="));
        g_error_free(err);
    }
}

/* The caps come from the environment here, and only here. */
static void
test_caps_from_the_environment(void **state)
{
    (void)state;
    cm_figure_env_t env = {0};
    g_setenv("CHRONOMAP_MAX_ROWS", "7", TRUE);
    assert_true(cm_figure_env_read(&env, NULL));
    assert_int_equal(env.max_rows, 7);
    g_setenv("CHRONOMAP_MAX_ROWS", "12abc", TRUE);
    GError *err = NULL;
    assert_false(cm_figure_env_read(&env, &err));
    assert_true(g_error_matches(err, CM_ERROR, CM_ERROR_USAGE));
    assert_non_null(strstr(err->message, "CHRONOMAP_MAX_ROWS="));
    g_error_free(err);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_today_from_the_environment, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_epoch_is_an_error, setup, teardown),
        cmocka_unit_test_setup_teardown(test_caps_from_the_environment, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
