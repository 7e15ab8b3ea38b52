/* cm_lanes.c — the "lanes" timeline: one row per entity, bars for spans,
 * markers for point events, optional group headings.
 *
 * Layout order: decide the lane order (file, start or name) and the groups;
 * measure every lane label and size the label column to the widest one (the
 * lane font shrinks if the column would eat more than 40% of the width, so a
 * label is never clipped); fit the rows into the height left under the time
 * axis (rows shrink, down to a readable minimum, or grow up to 1.6×); then
 * draw back to front: eras, grid, guides, bars, markers, labels. Each bar's
 * start date is written at its own precision beside the bar when there is
 * room, inside it when there is not, and left out only when neither fits.
 *
 * The lanes cap (issue 6): a figure has at most CHRONOMAP_MAX_LANES lanes
 * (default DEFAULT_MAX_LANES). With more entities than that, grouped data
 * collapses to one row per group (with a warning), and ungrouped data is a
 * data error naming the count and the cap; so memory and time stay bounded
 * (a million entities once took 4.4 GB and three minutes).
 */
#include "cm_layout_private.h"

#include <math.h>
#include <string.h>

#include "../util/cm_error.h"

#define DEFAULT_MAX_LANES 5000

typedef struct {
    int entity;
    int64_t first; /* earliest start, for sorting */
    int group;     /* index into groups, -1 when ungrouped */
    char *collate; /* owned */
} lane_t;

typedef struct {
    const cm_dataset_t *ds;
    cm_sort_t sort;
} sort_ctx_t;

static gint
cmp_lane(gconstpointer pa, gconstpointer pb, gpointer user)
{
    const lane_t *a = pa, *b = pb;
    const sort_ctx_t *sc = user;
    if (a->group != b->group)
        return a->group < b->group ? -1 : 1;
    if (sc->sort == CM_SORT_START && a->first != b->first)
        return a->first < b->first ? -1 : 1;
    if (sc->sort == CM_SORT_NAME) {
        int c = strcmp(a->collate, b->collate);
        if (c)
            return c;
    }
    return (a->entity > b->entity) - (a->entity < b->entity);
}

/* Lanes in display order; GROUPS gets the group names in display order. */
static GArray *
order_lanes(const cm_lctx_t *ctx, GPtrArray *groups)
{
    const cm_dataset_t *ds = ctx->data;
    int n = cm_dataset_n_entities(ds);
    GArray *lanes = g_array_sized_new(FALSE, TRUE, sizeof(lane_t), n);
    g_array_set_size(lanes, n);
    /* Filled in place: each lane's collation key is owned by the array. */
    for (int e = 0; e < n; e++)
        g_array_index(lanes, lane_t, e) =
            (lane_t){e, INT64_MAX, -1, g_utf8_collate_key(cm_dataset_get_entity(ds, e)->name, -1)};
    for (int i = 0; i < cm_dataset_n_items(ds); i++) {
        const cm_item_t *it = cm_dataset_get_item(ds, i);
        lane_t *l = &g_array_index(lanes, lane_t, it->entity);
        l->first = MIN(l->first, cm_date_first_day(&it->start));
    }
    if (ctx->opts->grouped) {
        /* Groups appear in the order of their earliest member under the chosen sort. */
        sort_ctx_t pre = {ds, ctx->opts->sort};
        g_array_sort_with_data(lanes, cmp_lane, &pre);
        GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
        for (guint i = 0; i < lanes->len; i++) {
            lane_t *l = &g_array_index(lanes, lane_t, i);
            const char *g = cm_dataset_get_entity(ds, l->entity)->group;
            if (!g)
                g = "";
            gpointer v;
            if (!g_hash_table_lookup_extended(seen, g, NULL, &v)) {
                v = GINT_TO_POINTER(groups->len);
                g_hash_table_insert(seen, (gpointer)g, v);
                g_ptr_array_add(groups, (gpointer)g);
            }
            l->group = GPOINTER_TO_INT(v);
        }
        g_hash_table_destroy(seen);
    }
    sort_ctx_t sc = {ds, ctx->opts->sort};
    g_array_sort_with_data(lanes, cmp_lane, &sc);
    return lanes;
}

static void
free_lanes(GArray *lanes)
{
    for (guint i = 0; i < lanes->len; i++)
        g_free(g_array_index(lanes, lane_t, i).collate);
    g_array_free(lanes, TRUE);
}

/* A bar with rounded ends; an open bar ends in an arrow tip instead. */
static void
bar(cm_scene_t *sc, const char *id, double x0, double x1, double yc, double h, bool open_end,
    cm_color_t fill)
{
    double r = fmin(h / 2, fmax((x1 - x0) / 2, 0.5)) * 0.5;
    double y0 = yc - h / 2, y1 = yc + h / 2;
    double tip = open_end ? fmin(h * 0.6, fmax(x1 - x0, 0)) : 0;
    cm_scene_path_begin(sc);
    cm_scene_move_to(sc, x0 + r, y0);
    if (open_end) {
        cm_scene_line_to(sc, x1 - tip, y0);
        cm_scene_line_to(sc, x1, yc);
        cm_scene_line_to(sc, x1 - tip, y1);
    } else {
        cm_scene_line_to(sc, x1 - r, y0);
        cm_scene_curve_to(sc, x1 - r * 0.45, y0, x1, y0 + r * 0.45, x1, y0 + r);
        cm_scene_line_to(sc, x1, y1 - r);
        cm_scene_curve_to(sc, x1, y1 - r * 0.45, x1 - r * 0.45, y1, x1 - r, y1);
    }
    cm_scene_line_to(sc, x0 + r, y1);
    cm_scene_curve_to(sc, x0 + r * 0.45, y1, x0, y1 - r * 0.45, x0, y1 - r);
    cm_scene_line_to(sc, x0, y0 + r);
    cm_scene_curve_to(sc, x0, y0 + r * 0.45, x0 + r * 0.45, y0, x0 + r, y0);
    cm_scene_close_path(sc);
    cm_scene_path_end(sc, id, fill, (cm_color_t){0}, 0, 0);
}

static void
diamond(cm_scene_t *sc, const char *id, double x, double y, double d, cm_color_t fill,
        cm_color_t ring)
{
    double r = d / 2;
    cm_scene_path_begin(sc);
    cm_scene_move_to(sc, x, y - r);
    cm_scene_line_to(sc, x + r, y);
    cm_scene_line_to(sc, x, y + r);
    cm_scene_line_to(sc, x - r, y);
    cm_scene_close_path(sc);
    cm_scene_path_end(sc, id, fill, ring, 1.5, 0);
}

/* Relative luminance (WCAG 2) to choose white or dark text on a bar. */
static double
luminance(cm_color_t c)
{
    double v[3] = {c.r, c.g, c.b};
    for (int i = 0; i < 3; i++)
        v[i] = v[i] <= 0.03928 ? v[i] / 12.92 : pow((v[i] + 0.055) / 1.055, 2.4);
    return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
}

/* Writes the start date of a bar beside it (left, in the empty part of the
 * lane) or inside it; returns false when neither has room. */
static bool
date_label(cm_lctx_t *ctx, const char *id, const char *text, double label_right, double x0,
           double x1, double yc, cm_color_t bar_color)
{
    const cm_style_t *st = ctx->style;
    cm_font_t f = st->annotation;
    f.size = fmin(f.size, st->lane.size * 0.9);
    cm_text_extents_t e;
    cm_measure(ctx->m, &f, text, 0, &e);
    double pad = f.size * 0.4;
    cm_rect_t box = {0, yc - e.height / 2, e.width, e.height};
    cm_color_t color = st->muted;
    if (x0 - label_right >= e.width + 2 * pad) {
        box.x = x0 - pad - e.width;
    } else if (x1 - x0 >= e.width + 2 * pad) {
        box.x = x0 + pad;
        /* whichever of the text and page colours reads better on the bar (WCAG 2) */
        double lb = luminance(bar_color), lt = luminance(st->text), lp = luminance(st->background);
        double ct = (fmax(lb, lt) + 0.05) / (fmin(lb, lt) + 0.05);
        double cp = (fmax(lb, lp) + 0.05) / (fmin(lb, lp) + 0.05);
        color = ct >= cp ? st->text : st->background;
    } else if (ctx->plot.x + ctx->plot.w - x1 >= e.width + 2 * pad) {
        box.x = x1 + pad;
    } else {
        return false;
    }
    cm_scene_text(ctx->scene, id, text, &f, color, box, 0, CM_ALIGN_LEFT);
    return true;
}

/* One drawn row: an entity, or a whole group when entities do not fit. */
typedef struct {
    const char *key; /* for semantic ids */
    char *label;     /* owned */
    int group;       /* -1 when ungrouped */
    GArray *items;   /* int item indices, owned */
} row_t;

static void
rows_free(GArray *rows)
{
    for (guint i = 0; i < rows->len; i++) {
        row_t *r = &g_array_index(rows, row_t, i);
        g_free(r->label);
        g_array_free(r->items, TRUE);
    }
    g_array_free(rows, TRUE);
}

/* Rows in display order: one per entity, or with COLLAPSE one per group. */
static GArray *
build_rows(const cm_dataset_t *ds, const GArray *lanes, const GPtrArray *groups, bool collapse)
{
    GArray *rows = g_array_new(FALSE, TRUE, sizeof(row_t));
    int *row_of_entity = g_new(int, MAX(cm_dataset_n_entities(ds), 1));
    for (guint i = 0; i < lanes->len; i++) {
        const lane_t *l = &g_array_index(lanes, lane_t, i);
        const cm_entity_t *e = cm_dataset_get_entity(ds, l->entity);
        if (collapse && rows->len > 0 &&
            g_array_index(rows, row_t, rows->len - 1).group == l->group) {
            row_of_entity[l->entity] = (int)rows->len - 1;
            continue;
        }
        /* The new row is filled in place: its label and items are owned by ROWS. */
        g_array_set_size(rows, rows->len + 1);
        row_t *r = &g_array_index(rows, row_t, rows->len - 1);
        *r = (row_t){e->key, NULL, l->group, g_array_new(FALSE, FALSE, sizeof(int))};
        if (collapse) {
            const char *g = g_ptr_array_index(groups, l->group);
            r->key = *g ? g : "other";
            r->label = g_strdup(*g ? g : "Other");
        } else {
            r->label = g_strdup(e->name);
        }
        row_of_entity[l->entity] = (int)rows->len - 1;
    }
    for (int i = 0; i < cm_dataset_n_items(ds); i++) {
        row_t *r = &g_array_index(rows, row_t, row_of_entity[cm_dataset_get_item(ds, i)->entity]);
        g_array_append_val(r->items, i);
    }
    if (collapse) /* "2004 (7)": how many entities the row stands for */
        for (guint i = 0; i < rows->len; i++) {
            row_t *r = &g_array_index(rows, row_t, i);
            int n = 0;
            for (guint j = 0; j < lanes->len; j++)
                n += g_array_index(lanes, lane_t, j).group == r->group;
            char *l = g_strdup_printf("%s (%d)", r->label, n);
            g_free(r->label);
            r->label = l;
        }
    g_free(row_of_entity);
    return rows;
}

/* Number of distinct groups among ROWS (they are sorted by group). */
static int
count_groups(const GArray *rows)
{
    int n = 0, last = -2;
    for (guint i = 0; i < rows->len; i++) {
        int g = g_array_index(rows, row_t, i).group;
        if (g != last)
            n++;
        last = g;
    }
    return n;
}

#define MIN_FONT 7.0 /* px: below this a label is not drawn but reported */
#define LINE_EM 1.4  /* text box height per em (Noto Sans logical extents) */

/* Draws the spans and events of ROW centred on YC. */
static void
draw_row_items(cm_lctx_t *ctx, const row_t *row, double x0, double w, double yc, cm_color_t color,
               bool dates)
{
    const cm_dataset_t *ds = ctx->data;
    const cm_style_t *st = ctx->style;
    cm_scene_t *sc = ctx->scene;
    /* In a collapsed row many bars share a start: date only the first. The
     * starts seen so far (day, precision, approximate) are kept in a set, so a
     * row of many items costs linear time. */
    gint64 *starts = g_new(gint64, MAX(row->items->len, 1));
    GHashTable *seen = g_hash_table_new(g_int64_hash, g_int64_equal);
    /* Two passes, bars and marks first, so no bar of the row covers a date. */
    for (int pass = 0; pass < 2; pass++) {
        for (guint j = 0; j < row->items->len; j++) {
            int i = g_array_index(row->items, int, j);
            const cm_item_t *it = cm_dataset_get_item(ds, i);
            int64_t a = cm_date_first_day(&it->start);
            bool first_of_day = false;
            if (pass == 1) {
                starts[j] = a * 16 + it->start.prec * 2 + (it->start.approx ? 1 : 0);
                first_of_day = g_hash_table_add(seen, &starts[j]);
            }
            char *id;
            if (it->kind == CM_ITEM_EVENT) {
                if (pass == 1 || a < ctx->t0 || a > ctx->t1)
                    continue;
                id = g_strdup_printf("mark:item:%d", i);
                diamond(sc, id, cm__x(ctx, (double)a, x0, w), yc, st->marker_size, color,
                        st->background);
                g_free(id);
                continue;
            }
            int64_t b = it->open ? ctx->t1 : cm_date_end_day(&it->end);
            if (b <= ctx->t0 || a >= ctx->t1)
                continue;
            double xa = cm__x(ctx, (double)MAX(a, ctx->t0), x0, w);
            double xb = cm__x(ctx, (double)MIN(b, ctx->t1), x0, w);
            if (it->open)
                xb = x0 + w + (ctx->open_right ? st->bar_height * 0.3 : 0);
            xb = fmax(xb, xa + 2);
            if (pass == 0) {
                id = g_strdup_printf("bar:item:%d", i);
                bar(sc, id, xa, xb, yc, st->bar_height, it->open || b > ctx->t1, color);
                g_free(id);
                continue;
            }
            if (dates && a >= ctx->t0 && first_of_day) {
                char *d = cm_date_format(&it->start, ctx->lang);
                id = g_strdup_printf("date:item:%d", i);
                if (!date_label(ctx, id, d, x0, xa, xb, yc, color))
                    cm_layout_notes_warn(ctx->notes, "no room for the date of line %d (%s)",
                                         it->line, d);
                g_free(id);
                g_free(d);
            }
        }
    }
    g_hash_table_destroy(seen);
    g_free(starts);
}

/* The lanes cap: the options' max_lanes, else DEFAULT_MAX_LANES. */
static int
lanes_cap(const cm_lctx_t *ctx)
{
    return ctx->opts->max_lanes > 0 ? ctx->opts->max_lanes : DEFAULT_MAX_LANES;
}

double
cm__lanes_natural_height(const cm_lctx_t *ctx)
{
    const cm_style_t *st = ctx->style;
    GPtrArray *groups = g_ptr_array_new();
    GArray *lanes = order_lanes(ctx, groups);
    bool grouped =
        ctx->opts->grouped && (groups->len > 1 || (groups->len == 1 && *(char *)groups->pdata[0]));
    int cap = lanes_cap(ctx);
    /* over the cap, grouped data shows one row per group (see cm__layout_lanes) */
    guint n = lanes->len > (guint)cap && grouped ? groups->len : lanes->len;
    double h = cm__time_axis_height(ctx) + st->lane_height * 0.25 + n * st->lane_height +
               (grouped ? MAX((int)groups->len - 1, 0) * st->group_gap : 0);
    if (ctx->opts->eras) {
        cm_text_extents_t ex;
        cm_measure(ctx->m, &st->annotation, "Era", 0, &ex);
        h += ex.height + 8;
    }
    free_lanes(lanes);
    g_ptr_array_free(groups, TRUE);
    return h;
}

/* A lanes figure fitted to its plot: the rows, their metrics and the columns. */
typedef struct {
    /* owned */
    GPtrArray *groups; /* char *: group names, in lane order */
    GArray *lanes;
    GArray *rows; /* row_t */
    /* plain values */
    cm_style_t st; /* the style with lane metrics shrunk to fit */
    int n, n_groups;
    int stride;    /* label every STRIDE-th row */
    bool headings; /* group names are drawn */
    bool dates;    /* dates beside bars are drawn */
    bool palette_groups;
    double axis_h, top, bottom, avail;
    double group_w, group_gap_x, label_w, gutter, x0, w;
} lanes_fit_t;

static void
fit_release(lanes_fit_t *f)
{
    if (f->rows)
        rows_free(f->rows);
    if (f->lanes)
        free_lanes(f->lanes);
    if (f->groups)
        g_ptr_array_free(f->groups, TRUE);
}

/* The rows (one per lane, or per group when the lanes do not fit) and the vertical
 * metrics. False with ERROR when there are more lanes than the cap and no groups. */
static bool
fit_rows(cm_lctx_t *ctx, lanes_fit_t *f, GError **error)
{
    const cm_dataset_t *ds = ctx->data;
    cm_style_t *st = &f->st;
    int cap = lanes_cap(ctx);
    f->groups = g_ptr_array_new();
    f->lanes = order_lanes(ctx, f->groups);
    GPtrArray *groups = f->groups;
    /* A single unnamed group (no group column) is no grouping at all. */
    bool grouped =
        ctx->opts->grouped && (groups->len > 1 || (groups->len == 1 && *(char *)groups->pdata[0]));

    /* Rows under the axis (and the era names), a small gap between groups.
     * Group names sit in their own column on the row of the group's first
     * lane, so they cost no rows. When entity rows would need type below
     * MIN_FONT and there are groups, show one row per group instead. */
    f->axis_h = cm__time_axis_height(ctx);
    double era_h = 0;
    if (ctx->opts->eras) {
        cm_text_extents_t ex;
        cm_measure(ctx->m, &st->annotation, "Era", 0, &ex);
        era_h = ex.height + 8;
    }
    f->top = ctx->plot.y + f->axis_h + era_h + st->lane_height * 0.25;
    f->avail = ctx->plot.y + ctx->plot.h - f->top;
    guint n_lanes = f->lanes->len;
    bool over_cap = n_lanes > (guint)cap;
    if (over_cap && !(grouped && groups->len > 1 && groups->len <= (guint)cap)) {
        g_set_error(error, CM_ERROR, CM_ERROR_DATA,
                    "%s: %u lanes (one per entity) are more than the cap of %d "
                    "(CHRONOMAP_MAX_LANES); use --layout step or axis, add a group column (too "
                    "many lanes then show one row per group), or filter the data",
                    ds->path ? ds->path : "data", n_lanes, cap);
        return false;
    }
    bool collapse = grouped && groups->len > 1 &&
                    (over_cap || (f->avail / (double)n_lanes < MIN_FONT * LINE_EM &&
                                  f->avail / (double)groups->len >= MIN_FONT * LINE_EM));
    f->rows = build_rows(ds, f->lanes, groups, collapse);
    if (over_cap)
        cm_layout_notes_warn(ctx->notes,
                             "%u lanes are more than the cap of %d (CHRONOMAP_MAX_LANES); "
                             "showing the %u groups instead",
                             n_lanes, cap, groups->len);
    else if (collapse)
        cm_layout_notes_warn(ctx->notes,
                             "%u lanes do not fit %.0f px of height; showing the %u groups "
                             "instead (make the figure taller to see every lane)",
                             n_lanes, f->avail, groups->len);
    f->n = (int)f->rows->len;
    f->n_groups = grouped && !collapse ? count_groups(f->rows) : 0;
    f->palette_groups = grouped && groups->len > 1 && (int)groups->len <= st->palette_len;
    return true;
}

/* Shrinks the lane metrics of F to its rows; labels every STRIDE-th row when even the
 * smallest readable type does not fit. */
static void
fit_metrics(cm_lctx_t *ctx, lanes_fit_t *f)
{
    cm_style_t *st = &f->st;
    int n = f->n;
    double need = n * st->lane_height + MAX(f->n_groups - 1, 0) * st->group_gap;
    double k = need > 0 ? CLAMP(f->avail / need, 0.0, 1.5) : 1;
    st->lane_height *= k;
    st->group_gap *= k;
    st->bar_height = fmin(st->bar_height * k, st->lane_height * 0.72);
    st->lane.size = fmin(st->lane.size, st->lane_height / LINE_EM);
    st->annotation.size = fmin(st->annotation.size, st->lane_height / (LINE_EM + 0.05));
    st->heading.size = fmin(st->heading.size, (st->lane_height + st->group_gap) / (LINE_EM + 0.05));
    st->marker_size = fmin(st->marker_size, st->lane_height * 0.8);
    /* Too many rows even so: label every STRIDE-th row at MIN_FONT, report the rest. */
    f->stride = 1;
    if (st->lane.size < MIN_FONT) {
        f->stride = (int)ceil(MIN_FONT * LINE_EM / fmax(st->lane_height, 0.01));
        st->lane.size = MIN_FONT;
        cm_layout_notes_warn(ctx->notes,
                             "%d lanes do not fit %.0f px of height at a readable size; "
                             "labelling every %d%s lane (make the figure taller or filter "
                             "the data)",
                             n, f->avail, f->stride,
                             f->stride == 2   ? "nd"
                             : f->stride == 3 ? "rd"
                                              : "th");
    }
    f->headings = f->n_groups > 0 && st->heading.size >= MIN_FONT;
    f->dates = st->annotation.size >= MIN_FONT;
    if (!f->dates)
        cm_layout_notes_warn(ctx->notes, "lanes are too thin for their dates; dates left out");
}

/* Columns: group names, then lane labels; together at most 40% of the plot. */
static void
fit_columns(cm_lctx_t *ctx, lanes_fit_t *f)
{
    cm_style_t *st = &f->st;
    const cm_rect_t plot = ctx->plot;
    double group_w = 0, label_w = 0;
    for (int g = 0; f->headings && g < (int)f->groups->len; g++) {
        const char *name = g_ptr_array_index(f->groups, g);
        cm_text_extents_t ex;
        cm_measure(ctx->m, &st->heading, *name ? name : "Other", 0, &ex);
        group_w = fmax(group_w, ex.width);
    }
    for (int i = 0; i < f->n; i++) {
        cm_text_extents_t ex;
        cm_measure(ctx->m, &st->lane, g_array_index(f->rows, row_t, i).label, 0, &ex);
        label_w = fmax(label_w, ex.width);
    }
    double group_gap_x = group_w > 0 ? st->lane.size * 1.2 : 0;
    double cols = group_w + group_gap_x + label_w;
    if (cols > plot.w * 0.4) {
        double k = plot.w * 0.4 / cols;
        st->lane.size *= k;
        st->heading.size *= k;
        group_w *= k;
        group_gap_x *= k;
        label_w *= k;
    }
    f->group_w = group_w;
    f->group_gap_x = group_gap_x;
    f->label_w = label_w;
    f->gutter = st->lane.size * 0.9;
    f->x0 = plot.x + group_w + group_gap_x + label_w + f->gutter;
    f->w = plot.x + plot.w - f->x0 - (ctx->open_right ? st->bar_height * 0.3 : 0);
    f->bottom = f->top + f->n * st->lane_height + MAX(f->n_groups - 1, 0) * st->group_gap;
}

/* The heading of the group starting at row RI (at Y), and its bracket. */
static void
draw_group(cm_lctx_t *ctx, const lanes_fit_t *f, int ri, double y)
{
    const cm_style_t *st = &f->st;
    int group = g_array_index(f->rows, row_t, ri).group;
    int members = 0;
    for (int rj = ri; rj < f->n && g_array_index(f->rows, row_t, rj).group == group; rj++)
        members++;
    const char *g = g_ptr_array_index(f->groups, group);
    char *id = g_strdup_printf("heading:%d", group);
    if (f->headings) {
        cm_text_extents_t ex;
        cm_measure(ctx->m, &st->heading, *g ? g : "Other", 0, &ex);
        cm_scene_text(
            ctx->scene, id, *g ? g : "Other", &st->heading, st->text,
            (cm_rect_t){ctx->plot.x, y + st->lane_height / 2 - ex.height / 2, ex.width, ex.height},
            0, CM_ALIGN_LEFT);
    } else {
        g_ptr_array_add(ctx->notes->dropped, g_strdup_printf("%s\t%s", id, g));
    }
    g_free(id);
    if (f->headings && members > 1) {
        /* A bracket from the group's first lane to its last. */
        double bx = ctx->plot.x + f->group_w + f->group_gap_x / 2;
        id = g_strdup_printf("bracket:%d", group);
        cm_scene_line(ctx->scene, id, bx, y + st->lane_height * 0.2, bx,
                      y + members * st->lane_height - st->lane_height * 0.2, st->grid, 1.5, 0);
        g_free(id);
    }
}

/* Row RI centred on YC: its label (or a dropped-label note), a guide, its items. */
static void
draw_row(cm_lctx_t *ctx, const lanes_fit_t *f, int ri, double yc)
{
    const cm_style_t *st = &f->st;
    const row_t *row = &g_array_index(f->rows, row_t, ri);
    double x0 = f->x0, w = f->w;
    cm_color_t color = f->palette_groups ? cm_style_palette(st, row->group) : st->accent;
    char *id = g_strdup_printf("lane-label:%s", row->key);
    if (ri % f->stride == 0) {
        cm_text_extents_t ex;
        cm_measure(ctx->m, &st->lane, row->label, 0, &ex);
        cm_scene_text(
            ctx->scene, id, row->label, &st->lane, st->text,
            (cm_rect_t){x0 - f->gutter - ex.width, yc - ex.height / 2, ex.width, ex.height}, 0,
            CM_ALIGN_RIGHT);
    } else {
        g_ptr_array_add(ctx->notes->dropped, g_strdup_printf("%s\t%s", id, row->label));
    }
    g_free(id);

    /* A faint guide from the label to the row's first mark. */
    double first_x = x0 + w;
    for (guint j = 0; j < row->items->len; j++) {
        const cm_item_t *it = cm_dataset_get_item(ctx->data, g_array_index(row->items, int, j));
        first_x = fmin(first_x, cm__x(ctx, (double)cm_date_first_day(&it->start), x0, w));
    }
    first_x = fmax(first_x, x0);
    if (first_x > x0 + 2) {
        id = g_strdup_printf("guide:%s", row->key);
        cm_scene_line(ctx->scene, id, x0, yc, first_x, yc, st->grid, 1, 0);
        g_free(id);
    }
    draw_row_items(ctx, row, x0, w, yc, color, f->dates);
}

bool
cm__layout_lanes(cm_lctx_t *ctx, GError **error)
{
    lanes_fit_t f = {.st = *ctx->style}; /* local copy: lane metrics shrink to fit */
    if (!fit_rows(ctx, &f, error)) {
        fit_release(&f);
        return false;
    }
    fit_metrics(ctx, &f);
    fit_columns(ctx, &f);

    const cm_style_t *saved_style = ctx->style;
    ctx->style = &f.st;
    double axis_y = ctx->plot.y + f.axis_h;
    cm__eras(ctx, f.x0, f.w, axis_y, f.bottom);
    cm__time_axis(ctx, f.x0, f.w, axis_y, true, f.bottom);
    cm__era_labels(ctx, f.x0, f.w, axis_y);

    double y = f.top;
    int cur_group = -1;
    for (int ri = 0; ri < f.n; ri++) {
        int group = g_array_index(f.rows, row_t, ri).group;
        if (f.n_groups && group != cur_group) {
            if (cur_group >= 0)
                y += f.st.group_gap;
            cur_group = group;
            draw_group(ctx, &f, ri, y);
        }
        draw_row(ctx, &f, ri, y + f.st.lane_height / 2);
        y += f.st.lane_height;
    }
    ctx->style = saved_style;
    fit_release(&f);
    return true;
}
