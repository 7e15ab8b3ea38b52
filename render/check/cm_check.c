/* cm_check.c — the figure checker's entry point, its problem list, ownership by id, and
 * the checks that need text boxes only: text over text, text outside the canvas or the
 * margins, type under the floor, dropped labels.
 *
 * The checks run in the order of cm_problem_kind_t and each appends in paint order, so
 * the list is stable for a given scene. Kinds' names are the ones `--check` prints and
 * the JSON report carries; they are part of the interface.
 */
#include "cm_check_private.h"

#include <math.h>
#include <string.h>

static const char *const KIND_NAMES[CM_PROBLEM_N_KINDS] = {
    [CM_PROBLEM_TEXT_OVER_TEXT] = "text-over-text",
    [CM_PROBLEM_TEXT_OVER_MARK] = "text-over-mark",
    [CM_PROBLEM_LEADER_CROSSES_LABEL] = "leader-crosses-label",
    [CM_PROBLEM_LEADER_CROSSES_LEADER] = "leader-crosses-leader",
    [CM_PROBLEM_MARKER_HIDDEN] = "marker-hidden",
    [CM_PROBLEM_TEXT_OUTSIDE_CANVAS] = "text-outside-canvas",
    [CM_PROBLEM_TEXT_OUTSIDE_MARGINS] = "text-outside-margins",
    [CM_PROBLEM_TEXT_TOO_SMALL] = "text-too-small",
    [CM_PROBLEM_LOW_CONTRAST] = "low-contrast",
    [CM_PROBLEM_DROPPED_LABEL] = "dropped-label",
};

/* Overlaps and overhangs under this many px are not problems: boxes are measured to
 * fractions of a pixel, and a hair of anti-aliasing is not something a reader sees. */
#define EPS 0.5

void
cm_check_opts_init(cm_check_opts_t *opts)
{
    opts->min_size = 9;
    opts->min_size_cjk = 10;
    opts->min_contrast = 4.5;
}

void
cm_check_opts_from_style(cm_check_opts_t *opts, const cm_style_t *style)
{
    cm_check_opts_init(opts);
    opts->min_size = style->min_size;
    opts->min_size_cjk = style->min_size_cjk;
}

const char *
cm_problem_kind_name(cm_problem_kind_t kind)
{
    return (unsigned)kind < CM_PROBLEM_N_KINDS ? KIND_NAMES[kind] : NULL;
}

char *
cm_problem_format(const cm_problem_t *p)
{
    GString *s = g_string_new(cm_problem_kind_name(p->kind));
    g_string_append_c(s, ':');
    for (int i = 0; i < 2; i++)
        if (p->ids[i])
            g_string_append_printf(s, " %s", p->ids[i]);
    return g_string_free(s, FALSE);
}

int
cm_problems_count(const cm_problems_t *p, cm_problem_kind_t kind)
{
    int n = 0;
    for (int i = 0; i < cm_problems_n(p); i++)
        n += cm_problems_get(p, i)->kind == kind;
    return n;
}

void
cm_problems_free(cm_problems_t *problems)
{
    if (!problems)
        return;
    g_array_free(problems->items, TRUE);
    g_string_chunk_free(problems->strings);
    g_free(problems);
}

static const char *
keep(cm_problems_t *p, const char *s)
{
    return s ? g_string_chunk_insert_const(p->strings, s) : NULL;
}

void
cm__problem_add(cm_problems_t *p, cm_problem_kind_t kind, const cm_scene_t *scene, int op0, int op1,
                double value)
{
    cm_problem_t pr = {kind, {NULL, NULL}, {op0, op1}, value};
    int ops[2] = {op0, op1};
    for (int i = 0; i < 2; i++)
        if (ops[i] >= 0)
            pr.ids[i] =
                keep(p, cm_scene_op(scene, ops[i])->id ? cm_scene_op(scene, ops[i])->id : "-");
    g_array_append_val(p->items, pr);
}

/* ---- ownership ----------------------------------------------------------- */

void
cm_check_subject(const char *id, char *out, size_t n)
{
    /* Role prefixes and what the rest is about. Longest first where one is the start of
     * another ("legend:swatch:" before a plain "legend:" would match). */
    static const struct {
        const char *role, *ns;
    } roles[] = {
        {"legend:swatch:", "legend:"},
        {"legend:label:", "legend:"},
        {"lane-label:", "lane:"},
        {"guide:", "lane:"},
        {"step-label:", "step:"},
        {"era-label:", "era:"},
        {"tick-label:", "tick:"},
        {"count-label:", "count:"},
        {"heading:", "group:"},
        {"bracket:", "group:"},
        {"marker:", "country:"},
        {"label:", ""},
        {"leader:", ""},
        {"mark:", ""},
        {"bar:", ""},
        {"date:", ""},
    };
    g_return_if_fail(out && n > 0);
    if (!id) {
        out[0] = '\0';
        return;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(roles); i++) {
        if (g_str_has_prefix(id, roles[i].role)) {
            g_snprintf(out, n, "%s%s", roles[i].ns, id + strlen(roles[i].role));
            return;
        }
    }
    g_strlcpy(out, id, n);
}

bool
cm__is_leader(const char *id)
{
    return id && (strcmp(id, "leader") == 0 || g_str_has_prefix(id, "leader:"));
}

bool
cm__is_marker(const char *id)
{
    return id && (g_str_has_prefix(id, "mark:") || g_str_has_prefix(id, "marker:"));
}

/* ---- checks on text boxes ------------------------------------------------ */

static bool
is_text(const cm__geom_t *g, int k)
{
    const cm_op_t *op = cm__op(g, k);
    return op->kind == CM_OP_TEXT && op->bbox.w > 0 && op->bbox.h > 0 && op->text && *op->text;
}

static void
check_text_overlaps(const cm__geom_t *g, cm_problems_t *out)
{
    int n = cm_scene_n_ops(g->scene);
    for (int a = 0; a < n; a++) {
        if (!is_text(g, a))
            continue;
        for (int b = a + 1; b < n; b++)
            if (is_text(g, b) && cm__rects_overlap(g->ink[a], g->ink[b], EPS))
                cm__problem_add(out, CM_PROBLEM_TEXT_OVER_TEXT, g->scene, a, b, 0);
    }
}

static bool
inside(cm_rect_t box, cm_rect_t area)
{
    return box.x >= area.x - EPS && box.y >= area.y - EPS &&
           box.x + box.w <= area.x + area.w + EPS && box.y + box.h <= area.y + area.h + EPS;
}

static void
check_text_bounds(const cm__geom_t *g, cm_problems_t *out)
{
    const cm_scene_t *s = g->scene;
    cm_rect_t canvas = {0, 0, s->width, s->height};
    for (int k = 0; k < cm_scene_n_ops(s); k++) {
        if (is_text(g, k) && !inside(g->ink[k], canvas))
            cm__problem_add(out, CM_PROBLEM_TEXT_OUTSIDE_CANVAS, s, k, -1, 0);
    }
    for (int k = 0; k < cm_scene_n_ops(s); k++) {
        if (is_text(g, k) && inside(g->ink[k], canvas) && !inside(g->ink[k], s->frame))
            cm__problem_add(out, CM_PROBLEM_TEXT_OUTSIDE_MARGINS, s, k, -1, 0);
    }
}

/* True when TEXT has a Han, Hiragana, Katakana or Hangul character. */
static bool
has_cjk(const char *text)
{
    for (const char *p = text; p && *p; p = g_utf8_next_char(p)) {
        GUnicodeScript sc = g_unichar_get_script(g_utf8_get_char(p));
        if (sc == G_UNICODE_SCRIPT_HAN || sc == G_UNICODE_SCRIPT_HIRAGANA ||
            sc == G_UNICODE_SCRIPT_KATAKANA || sc == G_UNICODE_SCRIPT_HANGUL)
            return true;
    }
    return false;
}

static void
check_text_size(const cm__geom_t *g, const cm_check_opts_t *o, cm_problems_t *out)
{
    for (int k = 0; k < cm_scene_n_ops(g->scene); k++) {
        if (!is_text(g, k))
            continue;
        const cm_op_t *op = cm__op(g, k);
        double floor_px = has_cjk(op->text) ? fmax(o->min_size, o->min_size_cjk) : o->min_size;
        if (op->font.size < floor_px - 0.005)
            cm__problem_add(out, CM_PROBLEM_TEXT_TOO_SMALL, g->scene, k, -1, op->font.size);
    }
}

static void
check_dropped(const cm_layout_notes_t *notes, cm_problems_t *out)
{
    for (guint i = 0; notes && notes->dropped && i < notes->dropped->len; i++) {
        const char *s = g_ptr_array_index(notes->dropped, i);
        const char *tab = strchr(s, '\t');
        char *id = tab ? g_strndup(s, (gsize)(tab - s)) : g_strdup(s);
        cm_problem_t pr = {CM_PROBLEM_DROPPED_LABEL, {keep(out, id), NULL}, {-1, -1}, 0};
        g_array_append_val(out->items, pr);
        g_free(id);
    }
}

static int
cmp_kind(const void *a, const void *b)
{
    const cm_problem_t *x = a, *y = b;
    return (x->kind > y->kind) - (x->kind < y->kind);
}

cm_problems_t *
cm_check_scene(const cm_scene_t *scene, const cm_layout_notes_t *notes, const cm_check_opts_t *opts)
{
    g_return_val_if_fail(scene, NULL);
    cm_check_opts_t defaults;
    cm_check_opts_init(&defaults);
    if (!opts)
        opts = &defaults;
    cm_problems_t *out = g_new0(cm_problems_t, 1);
    out->items = g_array_new(FALSE, FALSE, sizeof(cm_problem_t));
    out->strings = g_string_chunk_new(1024);

    cm__geom_t g;
    cm__geom_init(&g, scene);
    check_text_overlaps(&g, out);
    cm__check_marks(&g, out);
    cm__check_leaders(&g, out);
    cm__check_markers(&g, out);
    check_text_bounds(&g, out);
    check_text_size(&g, opts, out);
    cm__check_contrast(&g, opts, out);
    check_dropped(notes, out);
    cm__geom_release(&g);
    /* Each check appended in paint order; a stable sort by kind keeps that order. */
    g_array_sort(out->items, cmp_kind); /* GLib's sort is stable (merge sort) */
    return out;
}
