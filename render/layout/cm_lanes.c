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
 */
#include "cm_layout_private.h"

#include <math.h>
#include <string.h>

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
    for (int e = 0; e < n; e++) {
        lane_t l = {e, INT64_MAX, -1, NULL};
        l.collate = g_utf8_collate_key(cm_dataset_get_entity(ds, e)->name, -1);
        g_array_append_val(lanes, l);
    }
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
        color = luminance(bar_color) > 0.4 ? st->text : st->background;
    } else if (ctx->plot.x + ctx->plot.w - x1 >= e.width + 2 * pad) {
        box.x = x1 + pad;
    } else {
        return false;
    }
    cm_scene_text(ctx->scene, id, text, &f, color, box, 0, CM_ALIGN_LEFT);
    return true;
}

bool
cm__layout_lanes(cm_lctx_t *ctx, GError **error)
{
    const cm_dataset_t *ds = ctx->data;
    cm_style_t st = *ctx->style; /* local copy: lane metrics may shrink to fit */
    cm_scene_t *sc = ctx->scene;
    const cm_rect_t plot = ctx->plot;
    GPtrArray *groups = g_ptr_array_new();
    GArray *lanes = order_lanes(ctx, groups);
    int n = (int)lanes->len;
    int n_groups = ctx->opts->grouped ? (int)groups->len : 0;

    /* Rows: n lanes under the axis (and the era names), a small gap between
     * groups. Group names sit in their own column left of the lane labels, on
     * the row of the group's first lane, so they cost no rows. Text boxes are
     * 1.4 em high, so fonts follow the row pitch down when rows shrink. */
    double axis_h = cm__time_axis_height(ctx);
    double era_h = 0;
    if (ctx->opts->eras) {
        cm_text_extents_t ex;
        cm_measure(ctx->m, &st.annotation, "Era", 0, &ex);
        era_h = ex.height + 8;
    }
    double top = plot.y + axis_h + era_h + st.lane_height * 0.25;
    double avail = plot.y + plot.h - top;
    double need = n * st.lane_height + MAX(n_groups - 1, 0) * st.group_gap;
    double k = need > 0 ? CLAMP(avail / need, 0.0, 1.5) : 1;
    st.lane_height *= k;
    st.group_gap *= k;
    st.bar_height = fmin(st.bar_height * k, st.lane_height * 0.72);
    st.lane.size = fmin(st.lane.size, st.lane_height / 1.4);
    st.annotation.size = fmin(st.annotation.size, st.lane_height / 1.45);
    st.heading.size = fmin(st.heading.size, (st.lane_height + st.group_gap) / 1.45);
    st.marker_size = fmin(st.marker_size, st.lane_height * 0.8);
    if (st.lane.size < 6) {
        cm_layout_notes_warn(ctx->notes,
                             "%d lanes do not fit %.0f px of height at a readable size; "
                             "make the figure taller or filter the data",
                             n, avail);
        st.lane.size = fmax(st.lane.size, 3);
        st.annotation.size = fmax(st.annotation.size, 3);
        st.heading.size = fmax(st.heading.size, 3);
    }

    /* Columns: group names, then lane labels; together at most 40% of the plot. */
    double group_w = 0, label_w = 0;
    for (int g = 0; g < n_groups; g++) {
        const char *name = g_ptr_array_index(groups, g);
        cm_text_extents_t ex;
        cm_measure(ctx->m, &st.heading, *name ? name : "Other", 0, &ex);
        group_w = fmax(group_w, ex.width);
    }
    for (int i = 0; i < n; i++) {
        const cm_entity_t *e = cm_dataset_get_entity(ds, g_array_index(lanes, lane_t, i).entity);
        cm_text_extents_t ex;
        cm_measure(ctx->m, &st.lane, e->name, 0, &ex);
        label_w = fmax(label_w, ex.width);
    }
    double group_gap_x = group_w > 0 ? st.lane.size * 1.2 : 0;
    double cols = group_w + group_gap_x + label_w;
    if (cols > plot.w * 0.4) {
        double f = plot.w * 0.4 / cols;
        st.lane.size *= f;
        st.heading.size *= f;
        group_w *= f;
        group_gap_x *= f;
        label_w *= f;
    }
    double gutter = st.lane.size * 0.9;
    double x0 = plot.x + group_w + group_gap_x + label_w + gutter;
    double w = plot.x + plot.w - x0 - (ctx->open_right ? st.bar_height * 0.3 : 0);
    double bottom = top + n * st.lane_height + MAX(n_groups - 1, 0) * st.group_gap;
    bool palette_groups = n_groups > 1 && n_groups <= st.palette_len;

    const cm_style_t *saved_style = ctx->style;
    ctx->style = &st;
    cm__eras(ctx, x0, w, plot.y + axis_h, bottom);

    /* Items by entity (counting sort), so each lane visits only its own. */
    int n_items = cm_dataset_n_items(ds);
    int *start = g_new0(int, cm_dataset_n_entities(ds) + 1);
    int *by_entity = g_new(int, MAX(n_items, 1));
    for (int i = 0; i < n_items; i++)
        start[cm_dataset_get_item(ds, i)->entity + 1]++;
    for (int e = 0; e < cm_dataset_n_entities(ds); e++)
        start[e + 1] += start[e];
    int *fill = g_memdup2(start, sizeof(int) * (cm_dataset_n_entities(ds) + 1));
    for (int i = 0; i < n_items; i++)
        by_entity[fill[cm_dataset_get_item(ds, i)->entity]++] = i;
    g_free(fill);
    cm__time_axis(ctx, x0, w, plot.y + axis_h, true, bottom);
    cm__era_labels(ctx, x0, w, plot.y + axis_h);

    double y = top;
    int cur_group = -1;
    for (int li = 0; li < n; li++) {
        const lane_t *l = &g_array_index(lanes, lane_t, li);
        const cm_entity_t *ent = cm_dataset_get_entity(ds, l->entity);
        if (n_groups && l->group != cur_group) {
            if (cur_group >= 0)
                y += st.group_gap;
            cur_group = l->group;
            const char *g = g_ptr_array_index(groups, cur_group);
            int members = 0;
            for (int lj = li; lj < n && g_array_index(lanes, lane_t, lj).group == cur_group; lj++)
                members++;
            cm_text_extents_t ex;
            cm_measure(ctx->m, &st.heading, *g ? g : "Other", 0, &ex);
            char *id = g_strdup_printf("heading:%d", cur_group);
            cm_scene_text(
                sc, id, *g ? g : "Other", &st.heading, st.text,
                (cm_rect_t){plot.x, y + st.lane_height / 2 - ex.height / 2, ex.width, ex.height}, 0,
                CM_ALIGN_LEFT);
            g_free(id);
            if (members > 1) {
                /* A bracket from the group's first lane to its last. */
                double bx = plot.x + group_w + group_gap_x / 2;
                id = g_strdup_printf("bracket:%d", cur_group);
                cm_scene_line(sc, id, bx, y + st.lane_height * 0.2, bx,
                              y + members * st.lane_height - st.lane_height * 0.2, st.grid, 1.5, 0);
                g_free(id);
            }
        }
        double yc = y + st.lane_height / 2;
        cm_color_t color = palette_groups ? cm_style_palette(&st, l->group) : st.accent;

        char *id = g_strdup_printf("lane-label:%s", ent->key);
        cm_text_extents_t ex;
        cm_measure(ctx->m, &st.lane, ent->name, 0, &ex);
        cm_scene_text(sc, id, ent->name, &st.lane, st.text,
                      (cm_rect_t){x0 - gutter - ex.width, yc - ex.height / 2, ex.width, ex.height},
                      0, CM_ALIGN_RIGHT);
        g_free(id);

        /* A faint guide from the label to the lane's first mark. */
        double first_x = x0 + w;
        for (int j = start[l->entity]; j < start[l->entity + 1]; j++) {
            const cm_item_t *it = cm_dataset_get_item(ds, by_entity[j]);
            first_x = fmin(first_x, cm__x(ctx, (double)cm_date_first_day(&it->start), x0, w));
        }
        first_x = fmax(first_x, x0);
        if (first_x > x0 + 2) {
            id = g_strdup_printf("guide:%s", ent->key);
            cm_scene_line(sc, id, x0, yc, first_x, yc, st.grid, 1, 0);
            g_free(id);
        }

        for (int j = start[l->entity]; j < start[l->entity + 1]; j++) {
            int i = by_entity[j];
            const cm_item_t *it = cm_dataset_get_item(ds, i);
            int64_t a = cm_date_first_day(&it->start);
            if (it->kind == CM_ITEM_EVENT) {
                if (a < ctx->t0 || a > ctx->t1)
                    continue;
                double xm = cm__x(ctx, (double)a, x0, w);
                id = g_strdup_printf("mark:item:%d", i);
                diamond(sc, id, xm, yc, st.marker_size, color, st.background);
                g_free(id);
                continue;
            }
            int64_t b = it->open ? ctx->t1 : cm_date_end_day(&it->end);
            if (b <= ctx->t0 || a >= ctx->t1)
                continue;
            bool clipped_right = it->open || b > ctx->t1;
            double xa = cm__x(ctx, (double)MAX(a, ctx->t0), x0, w);
            double xb = cm__x(ctx, (double)MIN(b, ctx->t1), x0, w);
            if (it->open)
                xb = x0 + w + (ctx->open_right ? st.bar_height * 0.3 : 0);
            xb = fmax(xb, xa + 2);
            id = g_strdup_printf("bar:item:%d", i);
            bar(sc, id, xa, xb, yc, st.bar_height, clipped_right, color);
            g_free(id);
            if (a >= ctx->t0) {
                char *d = cm_date_format(&it->start, ctx->lang);
                id = g_strdup_printf("date:item:%d", i);
                if (!date_label(ctx, id, d, x0, xa, xb, yc, color))
                    cm_layout_notes_warn(ctx->notes, "no room for the date of line %d (%s)",
                                         it->line, d);
                g_free(id);
                g_free(d);
            }
        }
        y += st.lane_height;
    }
    (void)error;
    ctx->style = saved_style;
    g_free(start);
    g_free(by_entity);
    free_lanes(lanes);
    g_ptr_array_free(groups, TRUE);
    return true;
}
