/* test_report.c — the layout report as JSON: json-glib (an independent reader)
 * parses what cm_report_json writes, and every value comes back: texts with
 * quotes, backslashes, control characters and CJK, numbers rounded to 0.01 px
 * and printed as the shortest decimal, dropped labels split at the tab,
 * warnings from layout and diagnostics, the overlap count, empty arrays. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <json-glib/json-glib.h>
#include <string.h>

#include "chronomap.h"
#include "report/cm_report.h"

static JsonObject *
parse(JsonParser *p, const char *json)
{
    GError *err = NULL;
    if (!json_parser_load_from_data(p, json, -1, &err))
        fail_msg("not JSON: %s\n%s", err->message, json);
    JsonNode *root = json_parser_get_root(p);
    assert_true(JSON_NODE_HOLDS_OBJECT(root));
    return json_node_get_object(root);
}

static void
test_values_round_trip(void **state)
{
    (void)state;
    cm_scene_t *s = cm_scene_new(1600, 900, (cm_color_t){1, 1, 1, 1});
    cm_font_t font = {.family = "Noto Sans", .size = 14, .weight = 400};
    const char *tricky = "Tab\there \"q\" \\ \x01 end\nnext é 日本 대한민국";
    cm_scene_text(s, "title", tricky, &font, (cm_color_t){0, 0, 0, 1},
                  (cm_rect_t){16, 16.004, 160.444, 27.239999999999998}, 0, CM_ALIGN_LEFT);
    cm_scene_text(s, "b", "overlaps title", &font, (cm_color_t){0, 0, 0, 1},
                  (cm_rect_t){20, 20, 10, 10}, 0, CM_ALIGN_LEFT);
    cm_layout_notes_t notes;
    cm_layout_notes_init(&notes);
    g_ptr_array_add(notes.dropped, g_strdup("label:event:12\tJapan joins \"x\""));
    cm_layout_notes_warn(&notes, "a warning with a \\ backslash");
    cm_diag_t *d = cm_diag_new();
    cm_diag_add(d, CM_DIAG_WARNING, "f.csv", 3, 2, "unknown country \"%s\"", "Atlantis");

    char *json = cm_report_json(s, &notes, d);
    /* the layout scripts grep for */
    assert_non_null(strstr(json, "\n  \"texts\" : [\n    {\n      \"id\" : \"title\","));
    assert_non_null(strstr(json, "\"w\" : 160.44,"));   /* rounded */
    assert_non_null(strstr(json, "\"h\" : 27.24\n"));   /* shortest, not 27.239999… */
    assert_non_null(strstr(json, "\"y\" : 16,"));       /* 16.004 rounds to 16 */
    assert_non_null(strstr(json, "\"overlaps\" : 1,")); /* title and b intersect */
    assert_non_null(strstr(json, "\\u0001"));           /* control character escaped */

    JsonParser *p = json_parser_new();
    JsonObject *o = parse(p, json);
    JsonObject *canvas = json_object_get_object_member(o, "canvas");
    assert_true(json_object_get_double_member(canvas, "width") == 1600);
    assert_true(json_object_get_double_member(canvas, "height") == 900);
    JsonArray *texts = json_object_get_array_member(o, "texts");
    assert_int_equal(json_array_get_length(texts), 2);
    JsonObject *t0 = json_array_get_object_element(texts, 0);
    assert_string_equal(json_object_get_string_member(t0, "id"), "title");
    assert_string_equal(json_object_get_string_member(t0, "text"), tricky);
    assert_true(json_object_get_double_member(t0, "w") == 160.44);
    assert_true(json_object_get_double_member(t0, "h") == 27.24);
    JsonArray *dropped = json_object_get_array_member(o, "dropped");
    assert_int_equal(json_array_get_length(dropped), 1);
    JsonObject *d0 = json_array_get_object_element(dropped, 0);
    assert_string_equal(json_object_get_string_member(d0, "id"), "label:event:12");
    assert_string_equal(json_object_get_string_member(d0, "text"), "Japan joins \"x\"");
    assert_int_equal(json_object_get_int_member(o, "overlaps"), 1);
    JsonArray *w = json_object_get_array_member(o, "warnings");
    assert_int_equal(json_array_get_length(w), 2);
    assert_string_equal(json_array_get_string_element(w, 0), "a warning with a \\ backslash");
    assert_non_null(strstr(json_array_get_string_element(w, 1), "f.csv:3"));
    assert_non_null(strstr(json_array_get_string_element(w, 1), "\"Atlantis\""));

    g_object_unref(p);
    g_free(json);
    cm_diag_free(d);
    cm_layout_notes_release(&notes);
    cm_scene_free(s);
}

static void
test_empty(void **state)
{
    (void)state;
    cm_scene_t *s = cm_scene_new(480.005, 270, (cm_color_t){1, 1, 1, 1});
    char *json = cm_report_json(s, NULL, NULL);
    JsonParser *p = json_parser_new();
    JsonObject *o = parse(p, json);
    assert_true(json_object_get_double_member(json_object_get_object_member(o, "canvas"),
                                              "width") == 480.01);
    assert_int_equal(json_array_get_length(json_object_get_array_member(o, "texts")), 0);
    assert_int_equal(json_array_get_length(json_object_get_array_member(o, "dropped")), 0);
    assert_int_equal(json_array_get_length(json_object_get_array_member(o, "warnings")), 0);
    assert_int_equal(json_object_get_int_member(o, "overlaps"), 0);
    g_object_unref(p);
    g_free(json);
    cm_scene_free(s);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_values_round_trip),
        cmocka_unit_test(test_empty),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
