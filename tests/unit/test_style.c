/* test_style.c — style defaults, INI overlays, inheritance, --set, every error path. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <glib/gstdio.h>
#include <string.h>

#include "chronomap.h"

static char *tmpdir;

static char *
write_file(const char *name, const char *text)
{
    char *p = g_build_filename(tmpdir, name, NULL);
    g_assert(g_file_set_contents(p, text, -1, NULL));
    return p;
}

static int
setup(void **state)
{
    tmpdir = g_dir_make_tmp("cmstyle-XXXXXX", NULL);
    return tmpdir ? 0 : -1;
}

static int
teardown(void **state)
{
    char *cmd = g_strdup_printf("rm -rf '%s'", tmpdir);
    int rc = system(cmd);
    g_free(cmd);
    g_free(tmpdir);
    return rc;
}

static void
test_defaults(void **state)
{
    cm_style_t *s = cm_style_new_default();
    assert_true(s->width > 0 && s->height > 0);
    assert_int_equal(s->palette_len, 8);
    assert_non_null(strstr(s->title.family, "Noto Sans"));
    assert_true(s->title.size > s->label.size);
    cm_style_free(s);
}

static void
test_overlay_and_inherit(void **state)
{
    char *base = write_file("base.ini", "[page]\nbackground = #101010\nmargin = 10\n"
                                        "[title]\nsize = 40\n");
    char *child = write_file("child.ini", "[page]\ninherits = base\nmargin = 20\n"
                                          "[palette]\ncolors = #ff0000, #00ff00\n");
    cm_style_t *s = cm_style_new_default();
    cm_diag_t *d = cm_diag_new();
    GError *err = NULL;
    assert_true(cm_style_load(s, child, d, &err));
    assert_null(err);
    assert_float_equal(s->margin, 20, 1e-9);     /* child wins */
    assert_float_equal(s->title.size, 40, 1e-9); /* from parent */
    assert_float_equal(s->background.r, 16 / 255.0, 1e-9);
    assert_int_equal(s->palette_len, 2);
    assert_float_equal(s->palette[1].g, 1, 1e-9);
    cm_diag_free(d);
    cm_style_free(s);
    g_free(base);
    g_free(child);
}

static void
test_unknown_key_names_line_and_nearest(void **state)
{
    char *p = write_file("bad.ini", "[page]\nmargin = 5\n\n[title]\nsise = 12\n[lanes]\nx=1\n");
    cm_style_t *s = cm_style_new_default();
    cm_diag_t *d = cm_diag_new();
    GError *err = NULL;
    assert_false(cm_style_load(s, p, d, &err));
    assert_int_equal(err->code, CM_ERROR_USAGE);
    assert_int_equal(cm_diag_errors(d), 2);
    char *m0 = cm_diag_item_format(cm_diag_get(d, 0));
    char *m1 = cm_diag_item_format(cm_diag_get(d, 1));
    char *joined = g_strconcat(m0, "\n", m1, NULL);
    assert_non_null(strstr(joined, "bad.ini:5: error: unknown style key title.sise (did you mean "
                                   "title.size?)"));
    assert_non_null(strstr(joined, "bad.ini:6: error: unknown style group [lanes]"));
    g_free(joined);
    g_free(m0);
    g_free(m1);
    g_error_free(err);
    cm_diag_free(d);
    cm_style_free(s);
    g_free(p);
}

static void
test_bad_values(void **state)
{
    char *p = write_file("vals.ini", "[page]\nbackground = blue\nwidth = 0\nmargin = ten\n");
    cm_style_t *s = cm_style_new_default();
    cm_diag_t *d = cm_diag_new();
    GError *err = NULL;
    assert_false(cm_style_load(s, p, d, &err));
    assert_int_equal(cm_diag_errors(d), 3);
    char *m = cm_diag_item_format(cm_diag_get(d, 0));
    assert_non_null(strstr(m, "vals.ini:2: error: \"blue\" is not a colour"));
    g_free(m);
    g_error_free(err);
    cm_diag_free(d);
    cm_style_free(s);
    g_free(p);
}

static void
test_inherit_cycle_and_missing(void **state)
{
    char *a = write_file("a.ini", "[page]\ninherits = b\n");
    char *b = write_file("b.ini", "[page]\ninherits = a\n");
    char *c = write_file("c.ini", "[page]\ninherits = nowhere\n");
    cm_style_t *s = cm_style_new_default();
    cm_diag_t *d = cm_diag_new();
    GError *err = NULL;
    assert_false(cm_style_load(s, a, d, &err));
    assert_non_null(strstr(err->message, "cycle"));
    g_clear_error(&err);
    assert_false(cm_style_load(s, c, d, &err));
    assert_int_equal(err->code, CM_ERROR_IO);
    assert_non_null(strstr(err->message, "nowhere.ini"));
    g_clear_error(&err);
    cm_diag_free(d);
    cm_style_free(s);
    g_free(a);
    g_free(b);
    g_free(c);
}

static void
test_set(void **state)
{
    cm_style_t *s = cm_style_new_default();
    GError *err = NULL;
    assert_true(cm_style_set(s, "title.size=50", &err));
    assert_float_equal(s->title.size, 50, 1e-9);
    assert_true(cm_style_set(s, "title.font=Noto Serif", &err));
    assert_string_equal(s->title.family, "Noto Serif");
    assert_false(cm_style_set(s, "title.sizee=3", &err));
    assert_non_null(strstr(err->message, "did you mean title.size"));
    g_clear_error(&err);
    assert_false(cm_style_set(s, "nodot=3", &err));
    g_clear_error(&err);
    assert_false(cm_style_set(s, "lane.height=-4", &err));
    assert_non_null(strstr(err->message, "out of range"));
    g_clear_error(&err);
    cm_style_free(s);
}

static void
test_palette_wraps(void **state)
{
    cm_style_t *s = cm_style_new_default();
    cm_color_t a = cm_style_palette(s, 0), b = cm_style_palette(s, s->palette_len);
    assert_memory_equal(&a, &b, sizeof a);
    cm_style_free(s);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_overlay_and_inherit),
        cmocka_unit_test(test_unknown_key_names_line_and_nearest),
        cmocka_unit_test(test_bad_values),
        cmocka_unit_test(test_inherit_cycle_and_missing),
        cmocka_unit_test(test_set),
        cmocka_unit_test(test_palette_wraps),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
