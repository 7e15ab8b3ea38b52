/* cm_report.c — the layout report as JSON, pretty-printed, written directly.
 *
 * Numbers are rounded to 0.01 px so reports are stable across runs and
 * readable in diffs, and printed as the shortest decimal that reads back as
 * the same double ("27.24", not json-glib's "27.239999999999998"), in the C
 * locale whatever the user's. The layout (two-space indent, "key" : value, one
 * member per line) is the one the report always had, so scripts that grep it
 * keep working. Written here rather than with json-glib's builder so that a
 * figure does not load json-glib and GIO (a dozen libraries) just to print a
 * few hundred lines.
 */
#include "cm_report.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static double
r2(double v)
{
    return round(v * 100) / 100;
}

/* The shortest of %.15g, %.16g, %.17g that reads back as V. */
static void
put_number(GString *s, double v)
{
    if (!isfinite(v)) {
        g_string_append(s, "null");
        return;
    }
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    for (int prec = 15; prec <= 17; prec++) {
        char fmt[8];
        snprintf(fmt, sizeof fmt, "%%.%dg", prec);
        g_ascii_formatd(buf, sizeof buf, fmt, v);
        if (g_ascii_strtod(buf, NULL) == v)
            break;
    }
    g_string_append(s, buf);
}

static void
put_string(GString *s, const char *v)
{
    g_string_append_c(s, '"');
    for (const unsigned char *p = (const unsigned char *)(v ? v : ""); *p; p++) {
        switch (*p) {
        case '"':
            g_string_append(s, "\\\"");
            break;
        case '\\':
            g_string_append(s, "\\\\");
            break;
        case '\n':
            g_string_append(s, "\\n");
            break;
        case '\r':
            g_string_append(s, "\\r");
            break;
        case '\t':
            g_string_append(s, "\\t");
            break;
        case '\b':
            g_string_append(s, "\\b");
            break;
        case '\f':
            g_string_append(s, "\\f");
            break;
        default:
            if (*p < 0x20 || *p == 0x7f)
                g_string_append_printf(s, "\\u%04x", *p);
            else
                g_string_append_c(s, (char)*p);
        }
    }
    g_string_append_c(s, '"');
}

/* A writer of nested objects and arrays: it knows the depth and whether the
 * container being filled has a member yet, so commas and indents come out
 * right. */
typedef struct {
    GString *s;
    int depth;
    bool first[8]; /* per depth: nothing written in that container yet */
} writer_t;

static void
item(writer_t *w, const char *key)
{
    if (!w->first[w->depth])
        g_string_append_c(w->s, ',');
    w->first[w->depth] = false;
    g_string_append_c(w->s, '\n');
    for (int i = 0; i < w->depth; i++)
        g_string_append(w->s, "  ");
    if (key) {
        put_string(w->s, key);
        g_string_append(w->s, " : ");
    }
}

static void
open_(writer_t *w, const char *key, char bracket)
{
    if (w->depth > 0)
        item(w, key);
    g_string_append_c(w->s, bracket);
    g_assert(w->depth + 1 < (int)G_N_ELEMENTS(w->first)); /* the report nests 4 deep */
    w->depth++;
    w->first[w->depth] = true;
}

static void
close_(writer_t *w, char bracket)
{
    bool empty = w->first[w->depth];
    w->depth--;
    if (!empty) {
        g_string_append_c(w->s, '\n');
        for (int i = 0; i < w->depth; i++)
            g_string_append(w->s, "  ");
    }
    g_string_append_c(w->s, bracket);
}

static void
member_number(writer_t *w, const char *key, double v)
{
    item(w, key);
    put_number(w->s, v);
}

static void
member_string(writer_t *w, const char *key, const char *v)
{
    item(w, key);
    put_string(w->s, v);
}

static void
put_problems(writer_t *w, const cm_problems_t *problems)
{
    open_(w, "problems", '[');
    for (int i = 0; i < cm_problems_n(problems); i++) {
        const cm_problem_t *p = cm_problems_get(problems, i);
        open_(w, NULL, '{');
        member_string(w, "kind", cm_problem_kind_name(p->kind));
        open_(w, "ids", '[');
        for (int j = 0; j < 2; j++)
            if (p->ids[j])
                member_string(w, NULL, p->ids[j]);
        close_(w, ']');
        if (p->value != 0)
            member_number(w, "value", r2(p->value));
        close_(w, '}');
    }
    close_(w, ']');
}

char *
cm_report_json(const cm_scene_t *scene, const cm_layout_notes_t *notes, const cm_diag_t *diag)
{
    cm_problems_t *problems = cm_check_scene(scene, notes, NULL);
    char *json = cm_report_json_checked(scene, notes, diag, problems);
    cm_problems_free(problems);
    return json;
}

char *
cm_report_json_checked(const cm_scene_t *scene, const cm_layout_notes_t *notes,
                       const cm_diag_t *diag, const cm_problems_t *problems)
{
    writer_t w = {.s = g_string_sized_new(4096)};
    open_(&w, NULL, '{');

    open_(&w, "canvas", '{');
    member_number(&w, "width", r2(scene->width));
    member_number(&w, "height", r2(scene->height));
    close_(&w, '}');

    open_(&w, "texts", '[');
    for (int i = 0; i < cm_scene_n_ops(scene); i++) {
        const cm_op_t *op = cm_scene_op(scene, i);
        if (op->kind != CM_OP_TEXT)
            continue;
        open_(&w, NULL, '{');
        member_string(&w, "id", op->id ? op->id : "");
        member_string(&w, "text", op->text);
        const char *k[] = {"x", "y", "w", "h"};
        double v[] = {op->bbox.x, op->bbox.y, op->bbox.w, op->bbox.h};
        for (int j = 0; j < 4; j++)
            member_number(&w, k[j], r2(v[j]));
        close_(&w, '}');
    }
    close_(&w, ']');

    open_(&w, "dropped", '[');
    for (guint i = 0; notes && i < notes->dropped->len; i++) {
        const char *s = g_ptr_array_index(notes->dropped, i);
        const char *tab = strchr(s, '\t');
        open_(&w, NULL, '{');
        char *id = tab ? g_strndup(s, tab - s) : g_strdup(s);
        member_string(&w, "id", id);
        g_free(id);
        member_string(&w, "text", tab ? tab + 1 : "");
        close_(&w, '}');
    }
    close_(&w, ']');

    member_number(&w, "overlaps", cm_scene_count_text_overlaps(scene, 0.5));
    put_problems(&w, problems);

    open_(&w, "warnings", '[');
    for (guint i = 0; notes && i < notes->warnings->len; i++)
        member_string(&w, NULL, g_ptr_array_index(notes->warnings, i));
    for (int i = 0; i < cm_diag_count(diag); i++) {
        char *line = cm_diag_item_format(cm_diag_get(diag, i));
        member_string(&w, NULL, line);
        g_free(line);
    }
    close_(&w, ']');

    close_(&w, '}');
    return g_string_free(w.s, FALSE);
}
