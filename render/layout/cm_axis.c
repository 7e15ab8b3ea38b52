/* cm_axis.c — the "axis" timeline: one time axis across the plot, every item
 * marked on it and labelled in tiers above and below.
 *
 * Events are dots on the axis line, spans bars along it (open spans run to the
 * right edge and end in an arrow head). Each item gets a two-line label, its
 * date at its own precision in bold over its label text (the item's label, or
 * its entity's name, wrapped to a column), joined to its mark by a thin leader
 * line. The labels are placed by cm_place_labels: items with a label of their
 * own first, then file order; obstacles are the title, the era names, the
 * legend and the time axis' tick labels, so a leader never runs through one.
 * Several items on one day stack into a column on one leader. When that leaves
 * labels out (and the axis has at most CM_AXIS_REMEDY_MAX items), placement is
 * tried again: the events of one day merged under one date, every tier that fits
 * (past [axis] tiers), a wider column, with and without the priority column
 * ranking first (must, high, normal, low); the try that leaves out the fewest
 * must-show events, then events, is kept, and a figure that lost nothing is laid
 * out as it always was. (A growing canvas is tried taller by cm_layout_timeline.)
 * Labels that still find no room are listed in notes->dropped and counted in
 * ctx->not_labelled (events, for the note line); their marks are drawn all the
 * same.
 *
 * When items carry groups, marks take the group's palette colour and a small
 * legend sits in the top-right corner of the plot (an obstacle for labels).
 * Text measurements are cached per distinct string, so 100 000 items cost
 * about as many measurer calls as there are distinct dates and names.
 */
#include "cm_layout_private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define LEGEND_MAX 12 /* legend rows; more groups wrap the palette silently */
#define KAPPA 0.5522847498
#define COLUMN_SNAP 1.0 /* px: marks closer than this share one leader */
#define PAIR_RANKS 2    /* items of one day placed in turn before the rest wait */

typedef struct {
    /* owned */
    char *date;   /* formatted date line */
    char *merged; /* the texts of every item of one day, one per line (TEXT points here) */
    /* borrowed */
    const char *text; /* label line(s): item label or entity name */
    /* plain values */
    int item;
    int n_items;            /* items this label stands for: 1, or more when one day's are merged */
    int group;              /* -1 when ungrouped */
    cm_priority_t priority; /* the highest of its items' */
    double anchor;          /* x of the mark */
    double column;          /* x of the leader: marks closer than COLUMN_SNAP share one */
    double date_w, date_h, text_w, text_h;
} entry_t;

typedef struct {
    /* borrowed */
    cm_lctx_t *ctx;
    /* owned */
    GHashTable *groups;     /* group name (borrowed) → index + 1 */
    GPtrArray *group_names; /* borrowed strings, in order of first use */
    GHashTable *measured;   /* "font tag" + text → cm_text_extents_t* */
    GArray *obstacles;      /* cm_rect_t */
    GArray *tick_labels;    /* cm_rect_t, the time axis' labels */
    /* plain values */
    cm_font_t date_font, text_font;
    double wrap;      /* label column width */
    double pad;       /* horizontal space kept between labels */
    double axis_y;    /* axis line */
    double clear;     /* band kept free around the axis */
    double bar_h;     /* span bar height */
    double x0, x1;    /* plot's horizontal extent */
    cm_rect_t legend; /* w == 0 when none */
} axis_t;

static const char *
item_group(const cm_dataset_t *ds, const cm_item_t *it)
{
    if (it->group && *it->group)
        return it->group;
    const char *g = cm_dataset_get_entity(ds, it->entity)->group;
    return g && *g ? g : NULL;
}

/* Index of NAME among the groups, added when new; -1 for NULL. */
static int
group_index(axis_t *a, const char *name)
{
    if (!name)
        return -1;
    gpointer v = g_hash_table_lookup(a->groups, name);
    if (v)
        return GPOINTER_TO_INT(v) - 1;
    g_ptr_array_add(a->group_names, (gpointer)name);
    int idx = (int)a->group_names->len - 1;
    g_hash_table_insert(a->groups, (gpointer)name, GINT_TO_POINTER(idx + 1));
    return idx;
}

/* Measures TEXT (DATE_LINE chooses font and wrap), cached by string. */
static cm_text_extents_t
measure(axis_t *a, const char *text, bool date_line)
{
    char *key = g_strconcat(date_line ? "d" : "t", text, NULL);
    cm_text_extents_t *e = g_hash_table_lookup(a->measured, key);
    if (e) {
        g_free(key);
        return *e;
    }
    e = g_new(cm_text_extents_t, 1);
    const cm_measurer_t *m = a->ctx->m;
    m->measure(m->ctx, date_line ? &a->date_font : &a->text_font, text, date_line ? 0 : a->wrap,
               CM_ALIGN_LEFT, e);
    g_hash_table_insert(a->measured, key, e);
    return *e;
}

/* The date line: "12 Mar 1999", "1999 – 2004", or "1999 –" for open spans. */
static char *
date_line(const cm_item_t *it, const char *lang)
{
    char *start = cm_date_format(&it->start, lang);
    if (it->kind != CM_ITEM_SPAN)
        return start;
    char *res;
    if (it->open) {
        res = g_strconcat(start, " \u2013", NULL);
    } else {
        char *end = cm_date_format(&it->end, lang);
        res = g_strconcat(start, " \u2013 ", end, NULL);
        g_free(end);
    }
    g_free(start);
    return res;
}

/* Day range [*a, *b) the item covers on the axis; false when it is out of the window. */
static bool
item_days(const cm_lctx_t *ctx, const cm_item_t *it, int64_t *a, int64_t *b)
{
    *a = cm_date_first_day(&it->start);
    if (it->kind != CM_ITEM_SPAN)
        *b = *a;
    else if (it->open)
        *b = ctx->t1;
    else
        *b = cm_date_end_day(&it->end);
    return *b >= ctx->t0 && *a <= ctx->t1;
}

static cm_color_t
mark_color(const axis_t *a, int group)
{
    return group < 0 ? a->ctx->style->accent : cm_style_palette(a->ctx->style, group);
}

static void
draw_dot(cm_scene_t *s, const char *id, double cx, double cy, double r, cm_color_t fill,
         cm_color_t stroke)
{
    double k = KAPPA * r;
    cm_scene_path_begin(s);
    cm_scene_move_to(s, cx + r, cy);
    cm_scene_curve_to(s, cx + r, cy + k, cx + k, cy + r, cx, cy + r);
    cm_scene_curve_to(s, cx - k, cy + r, cx - r, cy + k, cx - r, cy);
    cm_scene_curve_to(s, cx - r, cy - k, cx - k, cy - r, cx, cy - r);
    cm_scene_curve_to(s, cx + k, cy - r, cx + r, cy - k, cx + r, cy);
    cm_scene_close_path(s);
    cm_scene_path_end(s, id, fill, stroke, 1, 0);
}

/* A span bar resting on the axis from day A to day B; open spans end in an
 * arrow head at the right edge. */
static void
draw_span(axis_t *a, const char *id, const cm_item_t *it, int64_t da, int64_t db, cm_color_t color)
{
    cm_lctx_t *ctx = a->ctx;
    double w = a->x1 - a->x0;
    double xa = cm__x(ctx, (double)MAX(da, ctx->t0), a->x0, w);
    double xb = cm__x(ctx, (double)MIN(db, ctx->t1), a->x0, w);
    double y = a->axis_y, h = a->bar_h;
    color.a *= 0.6;
    if (!it->open) {
        cm_scene_rect(ctx->scene, id, (cm_rect_t){xa, y - h, fmax(xb - xa, 1), h}, color,
                      (cm_color_t){0}, 0);
        return;
    }
    double head = fmin(h, fmax(xb - xa, 0));
    double xe = xb - head;
    cm_scene_path_begin(ctx->scene);
    cm_scene_move_to(ctx->scene, xa, y - h);
    cm_scene_line_to(ctx->scene, xe, y - h);
    cm_scene_line_to(ctx->scene, xe, y - h * 1.35);
    cm_scene_line_to(ctx->scene, xb, y - h * 0.5);
    cm_scene_line_to(ctx->scene, xe, y + h * 0.35);
    cm_scene_line_to(ctx->scene, xe, y);
    cm_scene_line_to(ctx->scene, xa, y);
    cm_scene_close_path(ctx->scene);
    cm_scene_path_end(ctx->scene, id, color, (cm_color_t){0}, 0, 0);
}

/* Builds one entry per item in the window; counts those outside in *OUTSIDE. */
static GArray *
collect_entries(axis_t *a, int *outside)
{
    cm_lctx_t *ctx = a->ctx;
    const cm_dataset_t *ds = ctx->data;
    int n = cm_dataset_n_items(ds);
    GArray *entries = g_array_sized_new(FALSE, TRUE, sizeof(entry_t), n);
    double w = a->x1 - a->x0;
    *outside = 0;
    for (int i = 0; i < n; i++) {
        const cm_item_t *it = cm_dataset_get_item(ds, i);
        int group = group_index(a, item_group(ds, it));
        int64_t da, db;
        if (!item_days(ctx, it, &da, &db)) {
            (*outside)++;
            continue;
        }
        entry_t e = {.item = i, .n_items = 1, .group = group, .priority = it->priority};
        e.anchor = cm__x(ctx, (double)CLAMP(da, ctx->t0, ctx->t1), a->x0, w);
        e.date = date_line(it, ctx->lang);
        e.text = it->label && *it->label ? it->label : cm_dataset_get_entity(ds, it->entity)->name;
        if (!e.text)
            e.text = "";
        g_array_append_val(entries, e);
    }
    return entries;
}

/* The legend box in the top-right corner of the plot below TOP; w == 0 when
 * there are no groups or it would reach into the axis band. */
static cm_rect_t
legend_box(axis_t *a, double top)
{
    int n = MIN((int)a->group_names->len, LEGEND_MAX);
    cm_rect_t box = {0, 0, 0, 0};
    if (n == 0)
        return box;
    double wmax = 0, h = 0;
    for (int g = 0; g < n; g++) {
        cm_text_extents_t e = measure(a, g_ptr_array_index(a->group_names, g), true);
        wmax = fmax(wmax, e.width);
        h += e.height;
    }
    double sw = a->text_font.size * 0.8;
    box.w = sw + a->text_font.size * 0.5 + wmax;
    box.h = h;
    box.x = a->x1 - box.w;
    box.y = top;
    if (box.y + box.h > a->axis_y - a->clear || box.w > (a->x1 - a->x0) / 2) {
        cm_layout_notes_warn(a->ctx->notes, "axis: no room for the group legend");
        return (cm_rect_t){0, 0, 0, 0};
    }
    return box;
}

static void
draw_legend(axis_t *a)
{
    if (a->legend.w <= 0)
        return;
    cm_lctx_t *ctx = a->ctx;
    int n = MIN((int)a->group_names->len, LEGEND_MAX);
    double sw = a->text_font.size * 0.8;
    double y = a->legend.y;
    for (int g = 0; g < n; g++) {
        const char *name = g_ptr_array_index(a->group_names, g);
        cm_text_extents_t e = measure(a, name, true);
        char *id = g_strdup_printf("legend:swatch:%d", g);
        double sy = y + (e.height - sw) / 2;
        cm_scene_rect(ctx->scene, id, (cm_rect_t){a->legend.x, sy, sw, sw}, mark_color(a, g),
                      (cm_color_t){0}, 0);
        g_free(id);
        id = g_strdup_printf("legend:label:%d", g);
        /* each name beside its own swatch, not flush with the box's right edge */
        double tx = a->legend.x + sw + a->text_font.size * 0.5;
        cm_scene_text(ctx->scene, id, name, &a->date_font, ctx->style->text,
                      (cm_rect_t){tx, y, e.width, e.height}, 0, CM_ALIGN_LEFT);
        g_free(id);
        y += e.height;
    }
}

/* Collects the boxes of the text ops from index FROM on (the tick labels). */
static void
add_tick_labels(axis_t *a, int from)
{
    const cm_scene_t *s = a->ctx->scene;
    for (int i = from; i < cm_scene_n_ops(s); i++) {
        const cm_op_t *op = cm_scene_op(s, i);
        if (op->kind == CM_OP_TEXT) {
            g_array_append_val(a->obstacles, op->bbox);
            g_array_append_val(a->tick_labels, op->bbox);
        }
    }
}

static void
add_obstacle(axis_t *a, cm_rect_t r)
{
    if (r.w > 0 && r.h > 0)
        g_array_append_val(a->obstacles, r);
}

typedef struct {
    double anchor;
    int side, tier, idx;
} stack_key_t;

/* A vertical leader at X from Y0 down to Y1, broken where it would run
 * through a tick label (the axis band lies between the axis and the labels
 * below it). */
static void
leader(axis_t *a, const char *id, double x, double y0, double y1)
{
    const cm_style_t *st = a->ctx->style;
    const double gap = 2;
    for (guint i = 0; i < a->tick_labels->len && y1 > y0; i++) {
        const cm_rect_t *t = &g_array_index(a->tick_labels, cm_rect_t, i);
        if (x <= t->x || x >= t->x + t->w || t->y + t->h <= y0 || t->y >= y1)
            continue;
        if (t->y - gap > y0)
            cm_scene_line(a->ctx->scene, id, x, y0, x, t->y - gap, st->muted, 0.75, 0);
        y0 = t->y + t->h + gap;
    }
    if (y1 > y0)
        cm_scene_line(a->ctx->scene, id, x, y0, x, y1, st->muted, 0.75, 0);
}

static int
stack_cmp(const void *pa, const void *pb)
{
    const stack_key_t *p = pa, *q = pb;
    if (p->anchor != q->anchor)
        return p->anchor < q->anchor ? -1 : 1;
    if (p->side != q->side)
        return p->side - q->side;
    return p->tier - q->tier;
}

/* Leader lines: from each label to the axis, or to the label below it in
 * its stack (labels with the same anchor on the same side). */
static void
draw_leaders(axis_t *a, const GArray *entries, const cm_place_label_t *pl)
{
    int n = (int)entries->len, k = 0;
    stack_key_t *keys = g_new(stack_key_t, MAX(n, 1));
    for (int i = 0; i < n; i++)
        if (pl[i].placed)
            keys[k++] = (stack_key_t){pl[i].anchor_x, pl[i].tier > 0 ? 0 : 1, abs(pl[i].tier), i};
    qsort(keys, (size_t)k, sizeof *keys, stack_cmp);
    for (int j = 0; j < k; j++) {
        const cm_place_label_t *p = &pl[keys[j].idx];
        bool above = keys[j].side == 0;
        double from = above ? p->box.y + p->box.h : p->box.y;
        double to = a->axis_y;
        if (j > 0 && keys[j - 1].anchor == keys[j].anchor && keys[j - 1].side == keys[j].side) {
            const cm_rect_t *nb = &pl[keys[j - 1].idx].box;
            to = above ? nb->y : nb->y + nb->h;
        }
        const entry_t *e = &g_array_index(entries, entry_t, keys[j].idx);
        char *id = g_strdup_printf("leader:item:%d", e->item);
        leader(a, id, p->anchor_x, fmin(from, to), fmax(from, to));
        g_free(id);
    }
    g_free(keys);
}

/* Date over text, set towards the leader: flush right when the leader meets
 * the right third of the box, flush left for the left third, else centred
 * (the box carries half the padding on each side). */
static void
draw_label(axis_t *a, const entry_t *e, const cm_place_label_t *p)
{
    cm_lctx_t *ctx = a->ctx;
    char *id = g_strdup_printf("label:item:%d", e->item);
    double l = p->box.x + a->pad / 2, r = p->box.x + p->box.w - a->pad / 2;
    double at = (p->anchor_x - p->box.x) / fmax(p->box.w, 1e-9);
    cm_align_t align = at < 1.0 / 3   ? CM_ALIGN_LEFT
                       : at > 2.0 / 3 ? CM_ALIGN_RIGHT
                                      : CM_ALIGN_CENTER;
    double dx = align == CM_ALIGN_LEFT    ? l
                : align == CM_ALIGN_RIGHT ? r - e->date_w
                                          : (l + r - e->date_w) / 2;
    double tx = align == CM_ALIGN_LEFT    ? l
                : align == CM_ALIGN_RIGHT ? r - e->text_w
                                          : (l + r - e->text_w) / 2;
    cm_scene_text(ctx->scene, id, e->date, &a->date_font, ctx->style->text,
                  (cm_rect_t){dx, p->box.y, e->date_w, e->date_h}, 0, align);
    if (*e->text)
        cm_scene_text(ctx->scene, id, e->text, &a->text_font, ctx->style->muted,
                      (cm_rect_t){tx, p->box.y + e->date_h, e->text_w, e->text_h}, a->wrap, align);
    g_free(id);
}

/* "mark:item:N" into BUF without printf: one id per item, 100 000 of them
 * on a big axis, where g_strdup_printf was a tenth of the layout. */
static const char *
mark_id(char buf[32], int item)
{
    static const char prefix[] = "mark:item:";
    char digits[12];
    int n = 0;
    unsigned v = item < 0 ? 0u - (unsigned)item : (unsigned)item;
    do {
        digits[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    char *p = buf + sizeof prefix - 1;
    memcpy(buf, prefix, sizeof prefix - 1);
    if (item < 0)
        *p++ = '-';
    while (n > 0)
        *p++ = digits[--n];
    *p = '\0';
    return buf;
}

/* Which dots a later dot hides completely: dots are all the same opaque disc on the axis
 * line, so one at the same x as a later one is painted over by it whatever the colours
 * (with translucent marks that no longer holds, and nothing is hidden). On a long axis
 * many events share a day: of 100,000 events over 120 years some 60% are hidden, and
 * drawing them was a quarter of the render. Returns a mask over ENTRIES (g_free it). */
static bool *
hidden_dots(const axis_t *a, const GArray *entries)
{
    const cm_style_t *st = a->ctx->style;
    bool *hidden = g_new0(bool, entries->len ? entries->len : 1);
    if (st->background.a != 0 && st->background.a != 1)
        return hidden;
    GHashTable *seen = g_hash_table_new(g_int64_hash, g_int64_equal);
    gint64 *keys = g_new(gint64, entries->len ? entries->len : 1);
    for (guint k = entries->len; k-- > 0;) {
        const entry_t *e = &g_array_index(entries, entry_t, k);
        const cm_item_t *it = cm_dataset_get_item(a->ctx->data, e->item);
        if (it->kind == CM_ITEM_SPAN)
            continue;
        if (mark_color(a, e->group).a != 1) { /* a translucent dot hides nothing */
            g_hash_table_remove_all(seen);
            continue;
        }
        double x = e->anchor == 0 ? 0 : e->anchor; /* -0 and 0 are one position */
        memcpy(&keys[k], &x, sizeof x);
        if (g_hash_table_contains(seen, &keys[k]))
            hidden[k] = true;
        else
            g_hash_table_add(seen, &keys[k]);
    }
    g_hash_table_destroy(seen);
    g_free(keys);
    return hidden;
}

/* Marks every entry on the axis: spans first (they are wide), then dots, leaving out
 * dots a later dot covers. */
static void
draw_marks(axis_t *a, const GArray *entries)
{
    cm_lctx_t *ctx = a->ctx;
    char buf[32];
    bool *hidden = hidden_dots(a, entries);
    for (int pass = 0; pass < 2; pass++) {
        for (guint i = 0; i < entries->len; i++) {
            const entry_t *e = &g_array_index(entries, entry_t, i);
            const cm_item_t *it = cm_dataset_get_item(ctx->data, e->item);
            if ((it->kind == CM_ITEM_SPAN) != (pass == 0))
                continue;
            const char *id = mark_id(buf, e->item);
            if (pass == 0) {
                int64_t da, db;
                item_days(ctx, it, &da, &db);
                draw_span(a, id, it, da, db, mark_color(a, e->group));
            } else if (!hidden[i]) {
                draw_dot(ctx->scene, id, e->anchor, a->axis_y, ctx->style->marker_size / 2,
                         mark_color(a, e->group), ctx->style->background);
            }
        }
    }
    g_free(hidden);
}

typedef struct {
    double key;
    int idx;
} sort_key_t;

static int
key_cmp(const void *pa, const void *pb)
{
    const sort_key_t *p = pa, *q = pb;
    if (p->key != q->key)
        return p->key < q->key ? -1 : 1;
    return (p->idx > q->idx) - (p->idx < q->idx);
}

/* Sorts KEYS (N of them) by key, then index. */
static void
sort_keys(sort_key_t *keys, int n)
{
    qsort(keys, (size_t)n, sizeof *keys, key_cmp);
}

/* Snaps each entry's leader column to the first mark of its run of marks
 * less than COLUMN_SNAP apart (two events a day apart would otherwise draw
 * two leaders on top of each other). Returns the x of the middle of the
 * widest gap between columns, where the placement order starts; the plot's
 * centre when there is no gap. */
static double
snap_columns(axis_t *a, GArray *entries)
{
    int n = (int)entries->len;
    entry_t *e = (entry_t *)entries->data;
    sort_key_t *keys = g_new(sort_key_t, MAX(n, 1));
    for (int i = 0; i < n; i++)
        keys[i] = (sort_key_t){e[i].anchor, i};
    sort_keys(keys, n);
    double split = (a->x0 + a->x1) / 2, widest = 0;
    for (int k = 0; k < n; k++) {
        entry_t *c = &e[keys[k].idx];
        const entry_t *prev = k > 0 ? &e[keys[k - 1].idx] : NULL;
        c->column = prev && c->anchor - prev->column < COLUMN_SNAP ? prev->column : c->anchor;
        if (prev && c->column != prev->column && c->column - prev->column > widest) {
            widest = c->column - prev->column;
            split = (c->column + prev->column) / 2;
        }
    }
    g_free(keys);
    return split;
}

/* The orders tried, and where a label goes when it cannot help covering a
 * pending neighbour's mark (see cm_place.h). From the widest gap outwards,
 * each cluster is taken from its side nearest the gap, so the boxes can
 * lie on that side of their leaders and leave the pending marks beyond
 * uncovered; near tiers first keeps leaders short. From one end, with
 * crowded labels sent to the farthest tier, a cluster against the other end
 * (where boxes cannot reach past the edge) stacks from the outside in. */
typedef enum { ORDER_FROM_GAP, ORDER_FROM_RIGHT, ORDER_FROM_LEFT } order_kind_t;
static const struct {
    order_kind_t order;
    bool crowded_far;
} STRATEGIES[] = {
    {ORDER_FROM_GAP, false},
    {ORDER_FROM_RIGHT, true},
    {ORDER_FROM_LEFT, true},
    {ORDER_FROM_GAP, true},
};

/* The part of the priorities every order shares: items with a label of
 * their own first; then the first PAIR_RANKS items of each column (a pair
 * on one day goes above and below one mark) before the rest of a crowded
 * day, so it does not starve its neighbours. Steps of (n + 1) leave room
 * for the order within a class. */
static void
base_priorities(const axis_t *a, const GArray *entries, bool classes, double *base)
{
    int n = (int)entries->len;
    const entry_t *e = (const entry_t *)entries->data;
    sort_key_t *keys = g_new(sort_key_t, MAX(n, 1));
    int *rank = g_new(int, MAX(n, 1));
    for (int i = 0; i < n; i++)
        keys[i] = (sort_key_t){e[i].column, i};
    sort_keys(keys, n);
    for (int k = 0; k < n; k++)
        rank[keys[k].idx] = k > 0 && keys[k].key == keys[k - 1].key ? rank[keys[k - 1].idx] + 1 : 0;
    double step = (double)(n + 1), own = step * step; /* own > any rank penalty */
    for (int i = 0; i < n; i++) {
        const cm_item_t *it = cm_dataset_get_item(a->ctx->data, e[i].item);
        /* the priority column (CLASSES) ranks above everything else: must, high, normal,
         * low */
        base[i] = (classes ? 2 * own * (double)e[i].priority : 0) +
                  (it->label && *it->label ? own : 0) -
                  (rank[i] >= PAIR_RANKS ? rank[i] * step : 0);
    }
    g_free(keys);
    g_free(rank);
}

/* BASE plus the position of each entry in ORDER (earlier = higher). */
static void
order_priorities(const GArray *entries, const double *base, order_kind_t order, double split,
                 double *prio)
{
    int n = (int)entries->len;
    const entry_t *e = (const entry_t *)entries->data;
    sort_key_t *keys = g_new(sort_key_t, MAX(n, 1));
    for (int i = 0; i < n; i++) {
        double k = order == ORDER_FROM_LEFT    ? e[i].column
                   : order == ORDER_FROM_RIGHT ? -e[i].column
                                               : fabs(e[i].column - split);
        keys[i] = (sort_key_t){k, i};
    }
    sort_keys(keys, n);
    for (int k = 0; k < n; k++)
        prio[keys[k].idx] = base[keys[k].idx] + (double)(n - k);
    g_free(keys);
}

typedef struct {
    axis_t *a;
    GArray *entries;
} lazy_t;

/* cm_place_opts_t.measure: sizes entry I's label (date over text, padded). */
static void
measure_entry(void *user, int i, double *w, double *h)
{
    lazy_t *z = user;
    entry_t *e = &g_array_index(z->entries, entry_t, i);
    cm_text_extents_t d = measure(z->a, e->date, true);
    cm_text_extents_t t = *e->text ? measure(z->a, e->text, false) : (cm_text_extents_t){0};
    e->date_w = d.width;
    e->date_h = d.height;
    e->text_w = t.width;
    e->text_h = t.height;
    *w = fmax(d.width, t.width) + z->a->pad;
    *h = d.height + t.height;
}

/* How good a placement is, smaller is better: labels of their own dropped,
 * then labels dropped, then the leaders' total length in tiers. */
typedef struct {
    double must_dropped, own_dropped, dropped, reach;
} score_t;

static score_t
score(const axis_t *a, const GArray *entries, const cm_place_label_t *pl)
{
    score_t s = {0, 0, 0, 0};
    for (guint i = 0; i < entries->len; i++) {
        const entry_t *e = &g_array_index(entries, entry_t, i);
        const cm_item_t *it = cm_dataset_get_item(a->ctx->data, e->item);
        if (pl[i].placed) {
            s.reach += abs(pl[i].tier);
            continue;
        }
        s.dropped++;
        s.must_dropped += e->priority == CM_PRIORITY_MUST ? 1 : 0;
        s.own_dropped += it->label && *it->label;
    }
    return s;
}

static bool
score_better(score_t s, score_t t)
{
    if (s.must_dropped != t.must_dropped)
        return s.must_dropped < t.must_dropped;
    if (s.own_dropped != t.own_dropped)
        return s.own_dropped < t.own_dropped;
    if (s.dropped != t.dropped)
        return s.dropped < t.dropped;
    return s.reach < t.reach;
}

/* Places the labels; fills PL (one per entry) and returns the number
 * dropped. Each strategy is tried until one drops nothing (or the first
 * drops most), and the best result is kept (see score); the choice depends
 * on the input only. Labels
 * are measured lazily: on a crowded axis most are dropped at their
 * lower-bound size (one line, no width) without shaping any text. */
static int
place(axis_t *a, GArray *entries, cm_place_label_t *pl, double top, double bottom, bool capped,
      bool classes)
{
    const cm_style_t *st = a->ctx->style;
    int n = (int)entries->len;
    double split = snap_columns(a, entries);
    double *base = g_new(double, MAX(n, 1)), *prio = g_new(double, MAX(n, 1));
    /* the first try is the layout of old (figures that lose nothing stay as they were);
     * the priority column orders the tries that come after a label was left out */
    base_priorities(a, entries, classes, base);
    cm_text_extents_t line = measure(a, "0", true);
    /* Half-row tiers: a tier is one text line plus half the gap, so a
     * two-line label takes two tiers and a three-line one three (not four),
     * and labels in one tier still share a baseline. axis_tiers counts
     * two-line rows, as before. */
    double pitch = line.height + st->tier_gap / 2;
    int above = (int)floor((a->axis_y - a->clear - top + st->tier_gap) / pitch);
    int below = (int)floor((bottom - a->axis_y - a->clear + st->tier_gap) / pitch);
    lazy_t z = {a, entries};
    cm_place_opts_t o = {
        .axis_y = a->axis_y,
        .axis_clear = a->clear,
        .tier_height = pitch - st->tier_gap,
        .tier_gap = st->tier_gap,
        /* [axis] tiers caps how far labels stack, unless labels would be dropped */
        .tiers_above = capped ? CLAMP(above, 0, 2 * st->axis_tiers) : MAX(above, 0),
        .tiers_below = capped ? CLAMP(below, 0, 2 * st->axis_tiers) : MAX(below, 0),
        /* labels may reach half a margin out, as the tick labels do */
        .x_min = a->x0 - st->margin * 0.5,
        .x_max = a->x1 + st->margin * 0.5,
        .obstacles = (const cm_rect_t *)a->obstacles->data,
        .n_obstacles = (int)a->obstacles->len,
        .measure = measure_entry,
        .measure_ctx = &z,
    };
    cm_place_label_t *trial = g_new(cm_place_label_t, MAX(n, 1));
    score_t best = {INFINITY, INFINITY, INFINITY, INFINITY};
    int dropped = n;
    /* a saturated axis (most labels dropped whatever the order) keeps the
     * first result: the others would only shuffle which few survive */
    for (size_t s = 0;
         s < G_N_ELEMENTS(STRATEGIES) && best.dropped > 0 && !(s > 0 && 2 * best.dropped > n);
         s++) {
        order_priorities(entries, base, STRATEGIES[s].order, split, prio);
        for (int i = 0; i < n; i++)
            trial[i] = (cm_place_label_t){.anchor_x = g_array_index(entries, entry_t, i).column,
                                          .w = a->pad,
                                          .h = line.height * 0.9,
                                          .priority = prio[i]};
        o.crowded_far = STRATEGIES[s].crowded_far;
        int d = cm_place_labels(trial, n, &o);
        score_t sc = score(a, entries, trial);
        if (score_better(sc, best)) {
            best = sc;
            dropped = d;
            memcpy(pl, trial, sizeof *pl * (size_t)n);
        }
    }
    g_free(trial);
    g_free(base);
    g_free(prio);
    return dropped;
}

/* The labels of ENTRIES with the events of one day (same date line, same mark) merged
 * into one: the first one's date over every text, one per line, at the highest of their
 * priorities. Spans keep a label each. A new array; free with free_entries. */
static GArray *
merge_same_day(const cm_dataset_t *ds, const GArray *entries)
{
    GArray *out = g_array_sized_new(FALSE, TRUE, sizeof(entry_t), entries->len);
    GHashTable *first = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    GPtrArray *texts = g_ptr_array_new(); /* GString *, one per label of OUT */
    for (guint i = 0; i < entries->len; i++) {
        const entry_t *e = &g_array_index(entries, entry_t, i);
        bool event = cm_dataset_get_item(ds, e->item)->kind == CM_ITEM_EVENT;
        char *key = g_strdup_printf("%a\t%s", e->anchor, e->date);
        gpointer at;
        if (event && g_hash_table_lookup_extended(first, key, NULL, &at)) {
            entry_t *m = &g_array_index(out, entry_t, GPOINTER_TO_UINT(at));
            GString *t = g_ptr_array_index(texts, GPOINTER_TO_UINT(at));
            g_string_append_printf(t, "\n%s", e->text);
            m->n_items++;
            m->priority = MAX(m->priority, e->priority);
            g_free(key);
            continue;
        }
        g_ptr_array_add(texts, g_string_new(e->text));
        g_hash_table_insert(first, key, GUINT_TO_POINTER(out->len));
        g_array_append_val(out, *e);
        /* the copy in OUT owns its own date */
        entry_t *c = &g_array_index(out, entry_t, out->len - 1);
        c->date = g_strdup(e->date);
        c->merged = NULL;
    }
    for (guint i = 0; i < out->len; i++) {
        entry_t *m = &g_array_index(out, entry_t, i);
        bool keep = m->n_items > 1;
        char *t = g_string_free(g_ptr_array_index(texts, i), !keep);
        if (keep)
            m->text = m->merged = t;
    }
    g_ptr_array_free(texts, TRUE);
    g_hash_table_destroy(first);
    return out;
}

static GArray *
copy_entries(const GArray *entries)
{
    GArray *out = g_array_sized_new(FALSE, TRUE, sizeof(entry_t), entries->len);
    g_array_append_vals(out, entries->data, entries->len);
    for (guint i = 0; i < out->len; i++)
        g_array_index(out, entry_t, i).date = g_strdup(g_array_index(out, entry_t, i).date);
    return out;
}

static void
free_entries(GArray *entries)
{
    for (guint i = 0; i < entries->len; i++) {
        g_free(g_array_index(entries, entry_t, i).date);
        g_free(g_array_index(entries, entry_t, i).merged);
    }
    g_array_free(entries, TRUE);
}

/* Items of ENTRIES whose label PL left out, and how many of them are must-show. */
static int
items_dropped(const GArray *entries, const cm_place_label_t *pl, int *must)
{
    int n = 0;
    *must = 0;
    for (guint i = 0; i < entries->len; i++) {
        const entry_t *e = &g_array_index(entries, entry_t, i);
        if (!pl[i].placed) {
            n += e->n_items;
            *must += e->priority == CM_PRIORITY_MUST ? e->n_items : 0;
        }
    }
    return n;
}

static void
note_dropped(axis_t *a, const GArray *entries, const cm_place_label_t *pl)
{
    for (guint i = 0; i < entries->len; i++) {
        if (pl[i].placed)
            continue;
        const entry_t *e = &g_array_index(entries, entry_t, i);
        char *text = g_strdelimit(g_strdup(e->text), "\n", ';');
        g_ptr_array_add(a->ctx->notes->dropped,
                        g_strdup_printf("label:item:%d\t%s \u2014 %s", e->item, e->date, text));
        g_free(text);
        a->ctx->not_labelled += e->n_items;
    }
}

static void
axis_init(axis_t *a, cm_lctx_t *ctx)
{
    const cm_style_t *st = ctx->style;
    *a = (axis_t){.ctx = ctx};
    a->groups = g_hash_table_new(g_str_hash, g_str_equal);
    a->group_names = g_ptr_array_new();
    a->measured = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    a->obstacles = g_array_new(FALSE, FALSE, sizeof(cm_rect_t));
    a->tick_labels = g_array_new(FALSE, FALSE, sizeof(cm_rect_t));
    a->date_font = st->label;
    a->date_font.weight = 700;
    a->text_font = st->label;
    a->x0 = ctx->plot.x;
    a->x1 = ctx->plot.x + ctx->plot.w;
    a->pad = st->label.size * 0.6;
    a->wrap = CLAMP(ctx->plot.w / 6, st->label.size * 7, st->label.size * 14);
}

static void
axis_release(axis_t *a)
{
    g_hash_table_destroy(a->groups);
    g_ptr_array_free(a->group_names, TRUE);
    g_hash_table_destroy(a->measured);
    g_array_free(a->obstacles, TRUE);
    g_array_free(a->tick_labels, TRUE);
}

bool
cm__layout_axis(cm_lctx_t *ctx, GError **error)
{
    (void)error;
    const cm_style_t *st = ctx->style;
    const cm_rect_t P = ctx->plot;
    axis_t a;
    axis_init(&a, ctx);

    int outside = 0;
    GArray *entries = collect_entries(&a, &outside);
    if (outside > 0)
        cm_layout_notes_warn(ctx->notes, "axis: %d item%s outside the time window not drawn",
                             outside, outside == 1 ? "" : "s");

    double top = P.y;
    if (ctx->opts->eras) {
        double era_h = cm__eras(ctx, P.x, P.w, P.y, P.y + P.h);
        add_obstacle(&a, (cm_rect_t){P.x, P.y, P.w, era_h});
        top += era_h;
    }
    a.clear = cm__time_axis_height(ctx) + 2;
    a.axis_y = P.y + P.h / 2;
    a.bar_h = fmin(st->bar_height * 0.5, a.clear - 2);
    add_obstacle(&a, ctx->title_box);
    a.legend = legend_box(&a, top);
    add_obstacle(&a, a.legend);
    add_obstacle(&a, (cm_rect_t){P.x, a.axis_y - 1, P.w, 2}); /* the axis line */

    int first_axis_op = cm_scene_n_ops(ctx->scene);
    cm__time_axis(ctx, P.x, P.w, a.axis_y, false, NAN);
    add_tick_labels(&a, first_axis_op);

    int n = (int)entries->len;
    cm_place_label_t *pl = g_new0(cm_place_label_t, MAX(n, 1));
    int dropped = place(&a, entries, pl, top, P.y + P.h, true, false);
    GArray *labels = entries;
    if (dropped > 0 && n <= CM_AXIS_REMEDY_MAX) {
        /* Before leaving anything out: one label per day, every tier that fits on both
         * sides (past the style's [axis] tiers), then a wider column (fewer lines a
         * label). The first that leaves out fewer events is kept. */
        const double wraps[] = {a.wrap, fmax(a.wrap, st->label.size * 14)};
        double wrap = a.wrap;
        int must0;
        int items0 = items_dropped(entries, pl, &must0);
        for (size_t k = 0; k < 4 * G_N_ELEMENTS(wraps) && (items0 > 0 || must0 > 0); k++) {
            size_t w = k / 4;
            bool classes = k % 2 == 1; /* the mark order, then the priority column first */
            bool merge = k % 4 < 2;    /* days merged, then (a tall day) one label each */
            if (w > 0 && wraps[w] == wraps[w - 1])
                continue;
            a.wrap = wraps[w];
            g_hash_table_remove_all(a.measured);
            GArray *merged = merge ? merge_same_day(ctx->data, entries) : copy_entries(entries);
            cm_place_label_t *mpl = g_new0(cm_place_label_t, MAX(merged->len, 1));
            int md = place(&a, merged, mpl, top, P.y + P.h, false, classes);
            int must1, items1 = items_dropped(merged, mpl, &must1);
            if (must1 < must0 || (must1 == must0 && items1 < items0)) {
                if (labels != entries)
                    free_entries(labels);
                labels = merged;
                g_free(pl);
                pl = mpl;
                dropped = md;
                items0 = items1;
                must0 = must1;
                wrap = a.wrap;
            } else {
                free_entries(merged);
                g_free(mpl);
            }
        }
        if (a.wrap != wrap) {
            a.wrap = wrap; /* the labels were measured at WRAP */
            g_hash_table_remove_all(a.measured);
        }
    }

    draw_marks(&a, entries);
    draw_leaders(&a, labels, pl);
    for (guint i = 0; i < labels->len; i++)
        if (pl[i].placed)
            draw_label(&a, &g_array_index(labels, entry_t, i), &pl[i]);
    draw_legend(&a);
    if (dropped > 0)
        note_dropped(&a, labels, pl);

    if (labels != entries)
        free_entries(labels);
    free_entries(entries);
    g_free(pl);
    axis_release(&a);
    return true;
}
