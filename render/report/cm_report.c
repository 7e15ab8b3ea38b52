/* cm_report.c — the layout report as JSON (json-glib builder, pretty-printed).
 *
 * Numbers are rounded to 0.01 px so reports are stable across runs and
 * readable in diffs; json-glib formats doubles independently of the locale.
 */
#include "cm_report.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

static double
r2(double v)
{
    return round(v * 100) / 100;
}

char *
cm_report_json(const cm_scene_t *scene, const cm_layout_notes_t *notes, const cm_diag_t *diag)
{
    JsonBuilder *b = json_builder_new();
    json_builder_begin_object(b);

    json_builder_set_member_name(b, "canvas");
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "width");
    json_builder_add_double_value(b, r2(scene->width));
    json_builder_set_member_name(b, "height");
    json_builder_add_double_value(b, r2(scene->height));
    json_builder_end_object(b);

    json_builder_set_member_name(b, "texts");
    json_builder_begin_array(b);
    for (int i = 0; i < cm_scene_n_ops(scene); i++) {
        const cm_op_t *op = cm_scene_op(scene, i);
        if (op->kind != CM_OP_TEXT)
            continue;
        json_builder_begin_object(b);
        json_builder_set_member_name(b, "id");
        json_builder_add_string_value(b, op->id ? op->id : "");
        json_builder_set_member_name(b, "text");
        json_builder_add_string_value(b, op->text);
        const char *k[] = {"x", "y", "w", "h"};
        double v[] = {op->bbox.x, op->bbox.y, op->bbox.w, op->bbox.h};
        for (int j = 0; j < 4; j++) {
            json_builder_set_member_name(b, k[j]);
            json_builder_add_double_value(b, r2(v[j]));
        }
        json_builder_end_object(b);
    }
    json_builder_end_array(b);

    json_builder_set_member_name(b, "dropped");
    json_builder_begin_array(b);
    for (guint i = 0; notes && i < notes->dropped->len; i++) {
        const char *s = g_ptr_array_index(notes->dropped, i);
        const char *tab = strchr(s, '\t');
        json_builder_begin_object(b);
        json_builder_set_member_name(b, "id");
        char *id = tab ? g_strndup(s, tab - s) : g_strdup(s);
        json_builder_add_string_value(b, id);
        g_free(id);
        json_builder_set_member_name(b, "text");
        json_builder_add_string_value(b, tab ? tab + 1 : "");
        json_builder_end_object(b);
    }
    json_builder_end_array(b);

    json_builder_set_member_name(b, "overlaps");
    json_builder_add_int_value(b, cm_scene_count_text_overlaps(scene, 0.5));

    json_builder_set_member_name(b, "warnings");
    json_builder_begin_array(b);
    for (guint i = 0; notes && i < notes->warnings->len; i++)
        json_builder_add_string_value(b, g_ptr_array_index(notes->warnings, i));
    for (int i = 0; i < cm_diag_count(diag); i++) {
        char *line = cm_diag_item_format(cm_diag_get(diag, i));
        json_builder_add_string_value(b, line);
        g_free(line);
    }
    json_builder_end_array(b);

    json_builder_end_object(b);
    JsonGenerator *gen = json_generator_new();
    json_generator_set_pretty(gen, TRUE);
    JsonNode *root = json_builder_get_root(b);
    json_generator_set_root(gen, root);
    char *out = json_generator_to_data(gen, NULL);
    json_node_unref(root);
    g_object_unref(gen);
    g_object_unref(b);
    return out;
}
