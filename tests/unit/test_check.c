/* test_check.c — the figure checker on hand-made scenes: each problem present, and the
 * same scene without it (moved apart, owned, large enough, dark enough) clean. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <string.h>

#include "chronomap.h"

static const cm_color_t WHITE = {1, 1, 1, 1};
static const cm_color_t INK = {0x1a / 255.0, 0x1a / 255.0, 0x1a / 255.0, 1};
static const cm_color_t BLUE = {0, 0x72 / 255.0, 0xb2 / 255.0, 1};
static const cm_color_t ORANGE = {0xe6 / 255.0, 0x9f / 255.0, 0, 1};
static const cm_color_t NAVY = {0x08 / 255.0, 0x1d / 255.0, 0x58 / 255.0, 1};
static const cm_color_t GREY = {0xdc / 255.0, 0xdc / 255.0, 0xd7 / 255.0, 1};
static const cm_color_t NONE = {0, 0, 0, 0};

/* A 400x300 page with 16 px margins. */
static cm_scene_t *
page(void)
{
    cm_scene_t *s = cm_scene_new(400, 300, WHITE);
    cm_scene_set_frame(s, (cm_rect_t){16, 16, 368, 268});
    return s;
}

/* A one-line text of SIZE px whose logical box is 0.55 em per character wide and 1.4 em
 * high (what the measurer gives Noto Sans), top-left at X, Y. */
static int
text(cm_scene_t *s, const char *id, const char *t, double x, double y, double size,
     cm_color_t color)
{
    cm_font_t f = {"Noto Sans", size, 400, false};
    double w = 0.55 * size * (double)g_utf8_strlen(t, -1);
    return cm_scene_text(s, id, t, &f, color, (cm_rect_t){x, y, w, 1.4 * size}, 0, CM_ALIGN_LEFT);
}

static void
dot(cm_scene_t *s, const char *id, double cx, double cy, double r, cm_color_t fill)
{
    const double k = 0.5523 * r; /* four cubic arcs */
    cm_scene_path_begin(s);
    cm_scene_move_to(s, cx + r, cy);
    cm_scene_curve_to(s, cx + r, cy + k, cx + k, cy + r, cx, cy + r);
    cm_scene_curve_to(s, cx - k, cy + r, cx - r, cy + k, cx - r, cy);
    cm_scene_curve_to(s, cx - r, cy - k, cx - k, cy - r, cx, cy - r);
    cm_scene_curve_to(s, cx + k, cy - r, cx + r, cy - k, cx + r, cy);
    cm_scene_close_path(s);
    cm_scene_path_end(s, id, fill, WHITE, 1, 0);
}

static cm_problems_t *
check(const cm_scene_t *s)
{
    return cm_check_scene(s, NULL, NULL);
}

/* Asserts S has exactly N problems of KIND, and that the first names IDS0 (and IDS1). */
static void
expect(const cm_scene_t *s, cm_problem_kind_t kind, int n, const char *id0, const char *id1)
{
    cm_problems_t *p = check(s);
    for (int i = 0; i < cm_problems_n(p); i++) {
        char *line = cm_problem_format(cm_problems_get(p, i));
        print_message("  %s\n", line);
        g_free(line);
    }
    assert_int_equal(cm_problems_count(p, kind), n);
    for (int i = 0; n > 0 && i < cm_problems_n(p); i++) {
        const cm_problem_t *pr = cm_problems_get(p, i);
        if (pr->kind != kind)
            continue;
        assert_string_equal(pr->ids[0], id0);
        if (id1)
            assert_string_equal(pr->ids[1], id1);
        else
            assert_null(pr->ids[1]);
        break;
    }
    cm_problems_free(p);
}

static void
test_clean_scene_has_no_problems(void **state)
{
    cm_scene_t *s = page();
    text(s, "title", "A clean figure", 16, 16, 20, INK);
    cm_scene_rect(s, "bar:item:0", (cm_rect_t){40, 100, 200, 10}, BLUE, NONE, 0);
    text(s, "date:item:0", "1949", 244, 98, 11, INK);
    dot(s, "mark:item:1", 100, 200, 5, ORANGE);
    text(s, "label:item:1", "1952", 90, 150, 11, INK);
    cm_scene_line(s, "leader:item:1", 100, 166, 100, 194, INK, 0.75, 0);
    cm_problems_t *p = check(s);
    assert_int_equal(cm_problems_n(p), 0);
    cm_problems_free(p);
    cm_scene_free(s);
}

static void
test_text_over_text(void **state)
{
    cm_scene_t *s = page();
    text(s, "label:item:1", "Paris", 50, 50, 11, INK);
    text(s, "label:item:2", "Rome", 60, 52, 11, INK);
    expect(s, CM_PROBLEM_TEXT_OVER_TEXT, 1, "label:item:1", "label:item:2");
    cm_scene_free(s);
    /* Logical boxes that share only their line gap do not overlap in ink. */
    s = page();
    text(s, "label:item:1", "Paris", 50, 50, 11, INK);
    text(s, "label:item:2", "Rome", 50, 50 + 1.4 * 11 - 3, 11, INK);
    expect(s, CM_PROBLEM_TEXT_OVER_TEXT, 0, NULL, NULL);
    cm_scene_free(s);
}

static void
test_text_over_foreign_bar(void **state)
{
    cm_scene_t *s = page();
    cm_scene_rect(s, "bar:item:5", (cm_rect_t){40, 100, 200, 10}, BLUE, NONE, 0);
    text(s, "date:item:3", "1999", 100, 98, 11, INK);
    expect(s, CM_PROBLEM_TEXT_OVER_MARK, 1, "date:item:3", "bar:item:5");
    cm_scene_free(s);
    /* Its own bar is not a problem (a date inside its bar), nor the bars of its collapsed
     * row drawn exactly over it in its colour. */
    s = page();
    cm_scene_rect(s, "bar:item:3", (cm_rect_t){40, 96, 200, 20}, INK, NONE, 0);
    cm_scene_rect(s, "bar:item:4", (cm_rect_t){40, 96, 200, 20}, INK, NONE, 0);
    text(s, "date:item:3", "1999", 100, 98, 11, WHITE);
    expect(s, CM_PROBLEM_TEXT_OVER_MARK, 0, NULL, NULL);
    cm_scene_free(s);
}

static void
test_text_over_dot_uses_its_shape(void **state)
{
    /* The dot's box reaches into the label's corner, the round dot does not. */
    cm_scene_t *s = page();
    dot(s, "mark:item:2", 100, 100, 6, ORANGE);
    text(s, "label:item:1", "Seoul", 104.5, 104.5 - 0.2 * 11, 11, INK);
    expect(s, CM_PROBLEM_TEXT_OVER_MARK, 0, NULL, NULL);
    cm_scene_free(s);
    s = page();
    dot(s, "mark:item:2", 100, 100, 6, ORANGE);
    text(s, "label:item:1", "Seoul", 98, 94, 11, INK);
    expect(s, CM_PROBLEM_TEXT_OVER_MARK, 1, "label:item:1", "mark:item:2");
    cm_scene_free(s);
}

static void
test_text_over_step_line_and_swatch(void **state)
{
    cm_scene_t *s = page();
    cm_scene_path_begin(s);
    cm_scene_move_to(s, 20, 200);
    cm_scene_line_to(s, 120, 200);
    cm_scene_line_to(s, 120, 150);
    cm_scene_line_to(s, 300, 150);
    cm_scene_path_end(s, "step-line", NONE, BLUE, 2.5, 0);
    text(s, "step-label:12", "1952", 60, 190, 11, INK); /* on the level at y 200 */
    cm_scene_rect(s, "legend:swatch:0", (cm_rect_t){300, 30, 10, 10}, BLUE, NONE, 0);
    text(s, "legend:label:0", "Japan", 330, 26, 11, INK);
    text(s, "legend:label:1", "Korea", 296, 28, 11, INK); /* over swatch 0 */
    cm_problems_t *p = check(s);
    assert_int_equal(cm_problems_count(p, CM_PROBLEM_TEXT_OVER_MARK), 2);
    assert_string_equal(cm_problems_get(p, 0)->ids[1], "step-line");
    assert_string_equal(cm_problems_get(p, 1)->ids[0], "legend:label:1");
    assert_string_equal(cm_problems_get(p, 1)->ids[1], "legend:swatch:0");
    cm_problems_free(p);
    cm_scene_free(s);
    /* Above the line it is clear, though its box lies inside the line's bounding box. */
    s = page();
    cm_scene_path_begin(s);
    cm_scene_move_to(s, 20, 200);
    cm_scene_line_to(s, 120, 200);
    cm_scene_line_to(s, 120, 150);
    cm_scene_line_to(s, 300, 150);
    cm_scene_path_end(s, "step-line", NONE, BLUE, 2.5, 0);
    text(s, "step-label:12", "1952", 60, 175, 11, INK);
    expect(s, CM_PROBLEM_TEXT_OVER_MARK, 0, NULL, NULL);
    cm_scene_free(s);
}

static void
square(cm_scene_t *s, const char *id, double x, double y, double w, cm_color_t fill)
{
    cm_scene_rect(s, id, (cm_rect_t){x, y, w, w}, fill, WHITE, 0.6);
}

static void
test_text_over_coloured_map_feature(void **state)
{
    /* A label of one member over another member: a problem. Over grey land (not in the
     * legend, not labelled): ground, not a problem. */
    cm_scene_t *s = page();
    square(s, "country:DNK", 100, 100, 60, NAVY);
    square(s, "country:POL", 200, 100, 60, GREY);
    square(s, "legend:swatch:0", 20, 260, 10, NAVY);
    text(s, "legend:label:0", "1949", 34, 256, 11, INK);
    text(s, "label:country:GBR", "United Kingdom", 60, 120, 11, INK);
    text(s, "label:country:LUX", "Luxembourg", 205, 120, 11, INK);
    expect(s, CM_PROBLEM_TEXT_OVER_MARK, 1, "label:country:GBR", "country:DNK");
    cm_scene_free(s);
    /* Its own country is not. */
    s = page();
    square(s, "country:DNK", 100, 100, 60, GREY);
    text(s, "label:country:DNK", "Denmark", 105, 120, 9, INK);
    expect(s, CM_PROBLEM_TEXT_OVER_MARK, 0, NULL, NULL);
    cm_scene_free(s);
}

static void
test_leader_crosses_label(void **state)
{
    cm_scene_t *s = page();
    text(s, "step-label:12", "1952", 100, 100, 11, INK);
    text(s, "step-label:14", "1955", 140, 60, 11, INK);
    cm_scene_line(s, "leader:step:14", 140, 76, 110, 140, INK, 0.75, 0);
    expect(s, CM_PROBLEM_LEADER_CROSSES_LABEL, 1, "leader:step:14", "step-label:12");
    cm_scene_free(s);
    s = page();
    text(s, "step-label:12", "1952", 100, 100, 11, INK);
    text(s, "step-label:14", "1955", 140, 60, 11, INK);
    cm_scene_line(s, "leader:step:14", 140, 76, 160, 140, INK, 0.75, 0);
    expect(s, CM_PROBLEM_LEADER_CROSSES_LABEL, 0, NULL, NULL);
    cm_scene_free(s);
}

static void
test_leaders_cross(void **state)
{
    cm_scene_t *s = page();
    cm_scene_line(s, "leader:country:BEL", 100, 100, 200, 200, INK, 0.8, 0);
    cm_scene_line(s, "leader:country:NLD", 100, 200, 200, 100, INK, 0.8, 0);
    expect(s, CM_PROBLEM_LEADER_CROSSES_LEADER, 1, "leader:country:BEL", "leader:country:NLD");
    cm_scene_free(s);
    /* Running on top of each other is as bad as crossing. */
    s = page();
    cm_scene_line(s, "leader:item:1", 100, 100, 100, 200, INK, 0.8, 0);
    cm_scene_line(s, "leader:item:2", 100, 150, 100, 250, INK, 0.8, 0);
    expect(s, CM_PROBLEM_LEADER_CROSSES_LEADER, 1, "leader:item:1", "leader:item:2");
    cm_scene_free(s);
    /* Parallel, or meeting end to end, is not. */
    s = page();
    cm_scene_line(s, "leader:item:1", 100, 100, 100, 200, INK, 0.8, 0);
    cm_scene_line(s, "leader:item:2", 104, 100, 104, 200, INK, 0.8, 0);
    cm_scene_line(s, "leader:item:3", 104, 200, 150, 250, INK, 0.8, 0);
    expect(s, CM_PROBLEM_LEADER_CROSSES_LEADER, 0, NULL, NULL);
    cm_scene_free(s);
}

static void
test_marker_hides_other_series(void **state)
{
    cm_scene_t *s = page();
    dot(s, "mark:item:20", 100, 100, 5, ORANGE);
    dot(s, "mark:item:21", 101, 100, 5, BLUE);
    expect(s, CM_PROBLEM_MARKER_HIDDEN, 1, "mark:item:20", "mark:item:21");
    cm_scene_free(s);
    /* The same series on top of itself, or side by side: not hidden. */
    s = page();
    dot(s, "mark:item:20", 100, 100, 5, BLUE);
    dot(s, "mark:item:21", 101, 100, 5, BLUE);
    dot(s, "mark:item:22", 108, 100, 5, ORANGE);
    expect(s, CM_PROBLEM_MARKER_HIDDEN, 0, NULL, NULL);
    cm_scene_free(s);
}

static void
test_text_outside_canvas_and_margins(void **state)
{
    cm_scene_t *s = page();
    text(s, "label:item:0", "8 Sep 1951", 11, 100, 11, INK);    /* in the left margin */
    text(s, "label:item:23", "16 Jan 2025", 360, 100, 11, INK); /* past the right edge */
    text(s, "title", "Inside", 16, 16, 20, INK);
    cm_problems_t *p = check(s);
    assert_int_equal(cm_problems_count(p, CM_PROBLEM_TEXT_OUTSIDE_MARGINS), 1);
    assert_int_equal(cm_problems_count(p, CM_PROBLEM_TEXT_OUTSIDE_CANVAS), 1);
    assert_int_equal(cm_problems_n(p), 2);
    assert_string_equal(cm_problems_get(p, 0)->ids[0], "label:item:23"); /* canvas first */
    assert_string_equal(cm_problems_get(p, 1)->ids[0], "label:item:0");
    cm_problems_free(p);
    cm_scene_free(s);
}

static void
test_type_floor(void **state)
{
    cm_scene_t *s = page();
    text(s, "tick-label:1", "1950", 50, 50, 8, INK);
    text(s, "tick-label:2", "1960", 100, 50, 9, INK);
    text(s, "label:item:1", "1951年", 50, 100, 9.5, INK); /* CJK: 10 px floor */
    text(s, "label:item:2", "서울", 150, 100, 10, INK);
    cm_problems_t *p = check(s);
    assert_int_equal(cm_problems_count(p, CM_PROBLEM_TEXT_TOO_SMALL), 2);
    assert_string_equal(cm_problems_get(p, 0)->ids[0], "tick-label:1");
    assert_float_equal(cm_problems_get(p, 0)->value, 8, 1e-9);
    assert_string_equal(cm_problems_get(p, 1)->ids[0], "label:item:1");
    cm_problems_free(p);
    /* The floor is the style's: [text] min-size. */
    cm_style_t *st = cm_style_new_default();
    assert_true(cm_style_set(st, "text.min-size=6", NULL));
    assert_true(cm_style_set(st, "text.min-size-cjk=6", NULL));
    cm_check_opts_t o;
    cm_check_opts_from_style(&o, st);
    p = cm_check_scene(s, NULL, &o);
    assert_int_equal(cm_problems_n(p), 0);
    cm_problems_free(p);
    cm_style_free(st);
    cm_scene_free(s);
}

static void
test_low_contrast_sampled_from_fills(void **state)
{
    assert_float_equal(cm_contrast_ratio(WHITE, (cm_color_t){0, 0, 0, 1}), 21, 1e-9);
    /* Dark text on a navy country: unreadable. White text on it: fine. Dark text on a
     * faint era band (a translucent fill over the page): fine. */
    cm_scene_t *s = page();
    cm_scene_rect(s, "era:0", (cm_rect_t){20, 20, 300, 200}, (cm_color_t){0.1, 0.1, 0.1, 0.06},
                  NONE, 0);
    square(s, "country:USA", 40, 100, 120, NAVY);
    text(s, "label:country:USA", "United States", 45, 120, 11, INK);
    text(s, "label:country:CAN", "Canada", 45, 160, 11, WHITE);
    text(s, "era-label:0", "Cold War", 200, 30, 11, INK);
    cm_problems_t *p = check(s);
    assert_int_equal(cm_problems_count(p, CM_PROBLEM_LOW_CONTRAST), 1);
    const cm_problem_t *pr = cm_problems_get(p, cm_problems_n(p) - 1);
    assert_int_equal(pr->kind, CM_PROBLEM_LOW_CONTRAST);
    assert_string_equal(pr->ids[0], "label:country:USA");
    assert_string_equal(pr->ids[1], "country:USA");
    assert_true(pr->value < 2);
    cm_problems_free(p);
    cm_scene_free(s);
    /* Muted grey on a white page passes; light grey does not (page under it: no id). */
    s = page();
    text(s, "source", "Source: NATO", 16, 260, 10.5,
         (cm_color_t){0x5c / 255.0, 0x5c / 255.0, 0x5c / 255.0, 1});
    text(s, "subtitle", "faint", 16, 60, 13, (cm_color_t){0.7, 0.7, 0.7, 1});
    p = check(s);
    assert_int_equal(cm_problems_n(p), 1);
    assert_string_equal(cm_problems_get(p, 0)->ids[0], "subtitle");
    assert_null(cm_problems_get(p, 0)->ids[1]);
    cm_problems_free(p);
    cm_scene_free(s);
}

static void
test_dropped_labels_from_notes(void **state)
{
    cm_scene_t *s = page();
    cm_layout_notes_t notes;
    cm_layout_notes_init(&notes);
    cm_problems_t *p = cm_check_scene(s, &notes, NULL);
    assert_int_equal(cm_problems_n(p), 0);
    cm_problems_free(p);
    g_ptr_array_add(notes.dropped, g_strdup("label:item:14\t12 Nov 2017 — Quad revived"));
    p = cm_check_scene(s, &notes, NULL);
    assert_int_equal(cm_problems_count(p, CM_PROBLEM_DROPPED_LABEL), 1);
    char *line = cm_problem_format(cm_problems_get(p, 0));
    assert_string_equal(line, "dropped-label: label:item:14");
    g_free(line);
    cm_problems_free(p);
    cm_layout_notes_release(&notes);
    cm_scene_free(s);
}

static void
test_subjects(void **state)
{
    static const char *const cases[][2] = {
        {"label:item:12", "item:12"},    {"mark:item:12", "item:12"},
        {"leader:item:12", "item:12"},   {"marker:LUX", "country:LUX"},
        {"country:LUX", "country:LUX"},  {"label:country:LUX", "country:LUX"},
        {"legend:swatch:2", "legend:2"}, {"legend:label:2", "legend:2"},
        {"step-label:14", "step:14"},    {"leader:step:14", "step:14"},
        {"tick-label:4", "tick:4"},      {"title", "title"},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        char buf[64];
        cm_check_subject(cases[i][0], buf, sizeof buf);
        assert_string_equal(buf, cases[i][1]);
    }
}

/* The report carries every problem with its ids. */
static void
test_report_lists_problems(void **state)
{
    cm_scene_t *s = page();
    text(s, "label:item:1", "Paris", 50, 50, 11, INK);
    text(s, "label:item:2", "Rome", 60, 52, 11, INK);
    char *json = cm_report_json(s, NULL, NULL);
    assert_non_null(strstr(json, "\"problems\" : ["));
    assert_non_null(strstr(json, "\"kind\" : \"text-over-text\""));
    assert_non_null(strstr(json, "\"label:item:2\""));
    g_free(json);
    cm_scene_free(s);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clean_scene_has_no_problems),
        cmocka_unit_test(test_text_over_text),
        cmocka_unit_test(test_text_over_foreign_bar),
        cmocka_unit_test(test_text_over_dot_uses_its_shape),
        cmocka_unit_test(test_text_over_step_line_and_swatch),
        cmocka_unit_test(test_text_over_coloured_map_feature),
        cmocka_unit_test(test_leader_crosses_label),
        cmocka_unit_test(test_leaders_cross),
        cmocka_unit_test(test_marker_hides_other_series),
        cmocka_unit_test(test_text_outside_canvas_and_margins),
        cmocka_unit_test(test_type_floor),
        cmocka_unit_test(test_low_contrast_sampled_from_fills),
        cmocka_unit_test(test_dropped_labels_from_notes),
        cmocka_unit_test(test_subjects),
        cmocka_unit_test(test_report_lists_problems),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
