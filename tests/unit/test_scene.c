/* test_scene.c — display list building, bounding boxes, overlap count, dump, colours. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <locale.h>
#include <string.h>

#include "chronomap.h"

static const cm_color_t BLACK = {0, 0, 0, 1};
static const cm_color_t NONE = {0, 0, 0, 0};

static void
test_path_bbox_includes_stroke(void **state)
{
    cm_scene_t *s = cm_scene_new(100, 50, (cm_color_t){1, 1, 1, 1});
    int i = cm_scene_line(s, "l", 10, 10, 30, 10, BLACK, 4, 0);
    const cm_op_t *op = cm_scene_op(s, i);
    assert_float_equal(op->bbox.x, 8, 1e-9);
    assert_float_equal(op->bbox.y, 8, 1e-9);
    assert_float_equal(op->bbox.w, 24, 1e-9);
    assert_float_equal(op->bbox.h, 4, 1e-9);
    i = cm_scene_rect(s, "r", (cm_rect_t){1, 2, 3, 4}, BLACK, NONE, 0);
    op = cm_scene_op(s, i);
    assert_float_equal(op->bbox.w, 3, 1e-9);
    assert_int_equal(op->n_verbs, 5);
    cm_scene_free(s);
}

static void
test_overlaps_counted_pairwise(void **state)
{
    cm_scene_t *s = cm_scene_new(100, 100, BLACK);
    cm_font_t f = {"Noto Sans", 10, 400, false};
    cm_scene_text(s, "a", "a", &f, BLACK, (cm_rect_t){0, 0, 10, 10}, 0, CM_ALIGN_LEFT);
    cm_scene_text(s, "b", "b", &f, BLACK, (cm_rect_t){5, 5, 10, 10}, 0, CM_ALIGN_LEFT);
    cm_scene_text(s, "c", "c", &f, BLACK, (cm_rect_t){50, 50, 10, 10}, 0, CM_ALIGN_LEFT);
    /* touching edges is not an overlap */
    cm_scene_text(s, "d", "d", &f, BLACK, (cm_rect_t){60, 50, 10, 10}, 0, CM_ALIGN_LEFT);
    assert_int_equal(cm_scene_count_text_overlaps(s, 0.5), 1);
    cm_scene_text(s, "e", "e", &f, BLACK, (cm_rect_t){2, 6, 60, 3}, 0, CM_ALIGN_LEFT);
    assert_int_equal(cm_scene_count_text_overlaps(s, 0.5), 3);
    cm_scene_free(s);
}

static void
test_dump_is_stable_and_locale_free(void **state)
{
    cm_scene_t *s = cm_scene_new(640.5, 480, (cm_color_t){1, 1, 1, 1});
    cm_font_t f = {"Noto Sans", 12.25, 700, false};
    cm_scene_text(s, "title", "Say \"hi\"", &f, BLACK, (cm_rect_t){1.234, 2, 3, 4}, 0,
                  CM_ALIGN_LEFT);
    cm_scene_line(s, "axis", 0, 1, 10, 1, BLACK, 1, 2);
    if (!setlocale(LC_NUMERIC, "de_DE.UTF-8"))
        setlocale(LC_NUMERIC, "C");
    GString *out = g_string_new(NULL);
    cm_scene_dump(s, out);
    setlocale(LC_NUMERIC, "C");
    assert_string_equal(out->str,
                        "scene 640.50x480.00 bg=#ffffffff\n"
                        "text title [1.23 2.00 3.00 4.00] color=#000000ff font=\"Noto Sans\" "
                        "12.25/700 \"Say \\\"hi\\\"\"\n"
                        "path axis [-0.50 0.50 11.00 1.00] stroke=#000000ff w=1.00 dash=2.00 "
                        "verbs=2\n");
    g_string_free(out, TRUE);
    cm_scene_free(s);
}

static void
test_color_parse(void **state)
{
    cm_color_t c;
    assert_true(cm_color_parse("#fff", &c));
    assert_float_equal(c.r, 1, 1e-9);
    assert_true(cm_color_parse("#0072b2", &c));
    assert_float_equal(c.b, 0xb2 / 255.0, 1e-9);
    assert_float_equal(c.a, 1, 1e-9);
    assert_true(cm_color_parse("#00000080", &c));
    assert_float_equal(c.a, 128 / 255.0, 1e-9);
    assert_false(cm_color_parse("blue", &c));
    assert_false(cm_color_parse("#12345", &c));
    assert_false(cm_color_parse("#gg0000", &c));
    assert_false(cm_color_parse("", &c));
}

static void
test_fixed_measurer(void **state)
{
    cm_measurer_t m = cm_measurer_fixed();
    cm_font_t f = {"x", 10, 400, false};
    cm_text_extents_t a, b, c;
    cm_measure(&m, &f, "abcd", 0, &a);
    cm_measure(&m, &f, "日本", 0, &b);
    cm_measure(&m, &f, "ab\ncd", 0, &c);
    assert_float_equal(a.width, 22, 1e-9);
    assert_float_equal(b.width, 20, 1e-9);
    assert_float_equal(c.height, 2 * a.height, 1e-9);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_path_bbox_includes_stroke),
        cmocka_unit_test(test_overlaps_counted_pairwise),
        cmocka_unit_test(test_dump_is_stable_and_locale_free),
        cmocka_unit_test(test_color_parse),
        cmocka_unit_test(test_fixed_measurer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
