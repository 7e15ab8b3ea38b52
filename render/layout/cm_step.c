/* cm_step.c — the "step" timeline: how many entities are in, over time.
 *
 * Each span counts +1 on the first day it is in force and -1 on the first day it
 * no longer is (the model's rule, cm_item_in_force_from/_until); an entity with
 * only point events counts from its first event on. Changes on the same day form
 * one step. The count is drawn as a stepped line over a light area, with a
 * count axis on the left and the time axis below; every step is annotated by
 * its group (or label, or date) and the change ("+3 → 19").
 *
 * Annotations are placed greedily in time order: first just above-left of the
 * riser's top (the line is lower to the left when the count grows), then
 * above-right, then moved up until clear of every placed annotation and of
 * the line itself. An annotation that finds no room joins the one before it
 * into one cluster annotation ("2023, 2024 / +2 → 32") at the cluster's last
 * riser; what still cannot be placed is dropped, reported and counted for the
 * note line. A step where members only leave is headed by who left ("United
 * Kingdom leaves"), not by the group they once joined with. With more than MAX_NOTES steps only the
 * largest changes are annotated, so the cost stays bounded.
 */
#include "cm_layout_private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_NOTES 48

typedef struct {
    int64_t day;
    int delta;
    int count;      /* after this step */
    int first_item; /* item index of the first change, for the id */
    const char *group;
    bool mixed_group;
    int n_exits;     /* changes that are a span ending (-1) */
    int n_changes;   /* all changes on the day */
    int exit_entity; /* the first entity leaving, -1 when none */
} step_t;

typedef struct {
    int64_t day;
    int delta;
    int item;
} change_t;

static int
cmp_change(const void *pa, const void *pb)
{
    const change_t *a = pa, *b = pb;
    if (a->day != b->day)
        return a->day < b->day ? -1 : 1;
    return a->item - b->item;
}

static GArray *
compute_steps(const cm_dataset_t *ds)
{
    int n_ent = cm_dataset_n_entities(ds);
    bool *has_span = g_new0(bool, n_ent);
    int64_t *first_event = g_new(int64_t, n_ent);
    int *first_event_item = g_new(int, n_ent);
    for (int e = 0; e < n_ent; e++)
        first_event[e] = INT64_MAX;
    GArray *ch = g_array_new(FALSE, FALSE, sizeof(change_t));
    for (int i = 0; i < cm_dataset_n_items(ds); i++) {
        const cm_item_t *it = cm_dataset_get_item(ds, i);
        if (it->kind == CM_ITEM_SPAN) {
            has_span[it->entity] = true;
            change_t c = {cm_item_in_force_from(it), +1, i};
            g_array_append_val(ch, c);
            if (cm_item_in_force_until(it) != CM_DAY_NEVER) {
                change_t d = {cm_item_in_force_until(it), -1, i};
                g_array_append_val(ch, d);
            }
        } else if (cm_item_in_force_from(it) < first_event[it->entity]) {
            first_event[it->entity] = cm_item_in_force_from(it);
            first_event_item[it->entity] = i;
        }
    }
    for (int e = 0; e < n_ent; e++)
        if (!has_span[e] && first_event[e] != INT64_MAX) {
            change_t c = {first_event[e], +1, first_event_item[e]};
            g_array_append_val(ch, c);
        }
    qsort(ch->data, ch->len, sizeof(change_t), cmp_change);

    GArray *steps = g_array_new(FALSE, TRUE, sizeof(step_t));
    int count = 0;
    for (guint i = 0; i < ch->len; i++) {
        change_t c = g_array_index(ch, change_t, i);
        const cm_item_t *it = cm_dataset_get_item(ds, c.item);
        const char *g = it->group ? it->group : cm_dataset_get_entity(ds, it->entity)->group;
        count += c.delta;
        step_t *last = steps->len ? &g_array_index(steps, step_t, steps->len - 1) : NULL;
        if (last && last->day == c.day) {
            last->delta += c.delta;
            last->count = count;
            if (g_strcmp0(last->group, g) != 0)
                last->mixed_group = true;
            last->n_changes++;
            if (c.delta < 0 && last->n_exits++ == 0)
                last->exit_entity = it->entity;
            continue;
        }
        step_t s = {c.day,
                    c.delta,
                    count,
                    c.item,
                    g,
                    false,
                    c.delta < 0 ? 1 : 0,
                    1,
                    c.delta < 0 ? it->entity : -1};
        g_array_append_val(steps, s);
    }
    g_array_free(ch, TRUE);
    g_free(has_span);
    g_free(first_event);
    g_free(first_event_item);
    return steps;
}

/* A "nice" step for a count axis: 1, 2, 5 × 10^k giving about TARGET intervals. */
static int
nice_step(int max, int target)
{
    double raw = (double)MAX(max, 1) / MAX(target, 1);
    double p = pow(10, floor(log10(raw)));
    double m = raw / p;
    double s = m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10;
    return MAX(1, (int)(s * p));
}

typedef struct {
    cm_rect_t *boxes;
    int n;
    const cm_rect_t *line; /* the step line as thin boxes */
    int n_line;
    cm_rect_t plot;
} placed_t;

static bool
is_free(const placed_t *p, cm_rect_t b)
{
    if (b.x < p->plot.x || b.y < p->plot.y || b.x + b.w > p->plot.x + p->plot.w)
        return false;
    for (int i = 0; i < p->n; i++)
        if (cm_rect_intersects(b, p->boxes[i], 0))
            return false;
    for (int i = 0; i < p->n_line; i++)
        if (cm_rect_intersects(b, p->line[i], 0))
            return false;
    return true;
}

static int
cmp_step_day(const void *pa, const void *pb)
{
    const step_t *a = pa, *b = pb;
    return (a->day > b->day) - (a->day < b->day);
}

static gint
cmp_abs_delta(gconstpointer pa, gconstpointer pb)
{
    const step_t *a = pa, *b = pb;
    if (abs(a->delta) != abs(b->delta))
        return abs(b->delta) - abs(a->delta);
    return (a->day > b->day) - (a->day < b->day);
}

/* "United Kingdom leaves", in LANG; "A and 2 more leave" for several. */
static char *
exit_head(const cm_dataset_t *ds, const step_t *s, const char *lang)
{
    const char *name = cm_dataset_get_entity(ds, s->exit_entity)->name;
    int more = s->n_exits - 1;
    if (g_strcmp0(lang, "de") == 0)
        return more ? g_strdup_printf("%s und %d weitere treten aus", name, more)
                    : g_strdup_printf("%s tritt aus", name);
    if (g_strcmp0(lang, "fr") == 0)
        return more ? g_strdup_printf("%s et %d autres se retirent", name, more)
                    : g_strdup_printf("%s se retire", name);
    if (g_strcmp0(lang, "ko") == 0)
        return more ? g_strdup_printf("%s 외 %d곳 탈퇴", name, more)
                    : g_strdup_printf("%s 탈퇴", name);
    if (g_strcmp0(lang, "ja") == 0)
        return more ? g_strdup_printf("%sほか%d脱退", name, more) : g_strdup_printf("%s脱退", name);
    return more ? g_strdup_printf("%s and %d more leave", name, more)
                : g_strdup_printf("%s leaves", name);
}

/* The head line of step S's annotation: an exit names who left; else its group, its
 * label (one entry) or its date. */
static char *
step_head(const cm_lctx_t *ctx, const step_t *s)
{
    const cm_item_t *it = cm_dataset_get_item(ctx->data, s->first_item);
    if (s->n_exits > 0 && s->n_exits == s->n_changes)
        return exit_head(ctx->data, s, ctx->lang);
    if (s->group && !s->mixed_group)
        return g_strdup(s->group);
    if (it->label && s->delta == 1)
        return g_strdup(it->label);
    return cm_date_format(&it->start, ctx->lang);
}

/* One annotation planned: where it goes, what it says, for which steps. */
typedef struct {
    char *text, *head;
    cm_rect_t box;
    double x, ytop; /* the riser it points at */
    int first_item;
    int first_step, last_step; /* into the kept steps: a cluster spans several */
    bool placed;
} note_t;

/* Tries to place TEXT for the riser at X (levels YTOP, YBOT, rising when UP) against PL;
 * true with *B. */
static bool
place_note(const cm_lctx_t *ctx, const placed_t *pl, const char *text, double x, double ytop,
           double ybot, bool up, double y_bottom, cm_rect_t *b)
{
    const cm_style_t *st = ctx->style;
    cm_text_extents_t e;
    cm_measure(ctx->m, &st->annotation, text, 0, &e);
    double pad = st->annotation.size * 0.35;
    /* Above-left of the riser's top, above-right, then inside the area
     * right of the riser under the new level; then the first two, lifted. */
    cm_rect_t cands[3] = {
        {x - pad - e.width, ytop - pad - e.height, e.width, e.height},
        {x + pad, ytop - pad - e.height, e.width, e.height},
        {x + pad * 2, (up ? ytop : ybot) + pad * 2, e.width, e.height},
    };
    for (int c = 0; c < 3; c++) {
        *b = cands[c];
        if (is_free(pl, *b) && b->y + b->h <= y_bottom)
            return true;
    }
    for (double lift = e.height * 0.25; cands[0].y - lift >= pl->plot.y; lift += e.height * 0.25)
        for (int c = 0; c < 2; c++) {
            *b = cands[c];
            b->y -= lift;
            if (is_free(pl, *b))
                return true;
        }
    return false;
}

/* Where a step chart draws: the plot right of the count labels, from the count axis's
 * top (with headroom for the last steps' notes) to the time axis. */
typedef struct {
    double x0, w, y_top, y_bottom;
    int ymax;
} step_frame_t;

/* The y of count V. */
static double
yof(const step_frame_t *f, double v)
{
    return f->y_bottom - v / f->ymax * (f->y_bottom - f->y_top);
}

/* Measures and draws the count axis (labels on the left, grid lines), the eras and the
 * time axis; fills F. */
static void
draw_count_axis(cm_lctx_t *ctx, const GArray *steps, step_frame_t *f)
{
    const cm_style_t *st = ctx->style;
    cm_scene_t *sc = ctx->scene;
    cm_rect_t plot = ctx->plot;
    int max_count = 0;
    for (guint i = 0; i < steps->len; i++)
        max_count = MAX(max_count, g_array_index(steps, step_t, i).count);

    /* Count axis: labels on the left, measured first. */
    double axis_h = cm__time_axis_height(ctx);
    f->y_bottom = plot.y + plot.h - axis_h;
    /* Headroom over the top of the count axis for the last steps' notes. */
    cm_text_extents_t note_e;
    cm_measure(ctx->m, &st->annotation, "0\n0", 0, &note_e);
    f->y_top = plot.y + note_e.height * 1.3;
    int ystep =
        nice_step(max_count, (int)fmax(2, (f->y_bottom - f->y_top) / (st->tick.size * 3.5)));
    f->ymax = ((max_count + ystep - 1) / ystep) * ystep;
    if (f->ymax == max_count)
        f->ymax += ystep; /* headroom above the last step for its annotation */
    double ylab_w = 0;
    char buf[32];
    for (int v = 0; v <= f->ymax; v += ystep) {
        g_snprintf(buf, sizeof buf, "%d", v);
        cm_text_extents_t e;
        cm_measure(ctx->m, &st->tick, buf, 0, &e);
        ylab_w = fmax(ylab_w, e.width);
    }
    f->x0 = plot.x + ylab_w + st->tick.size * 0.6;
    f->w = plot.x + plot.w - f->x0;

    cm__eras(ctx, f->x0, f->w, f->y_top, f->y_bottom);
    for (int v = 0; v <= f->ymax; v += ystep) {
        double y = yof(f, v);
        g_snprintf(buf, sizeof buf, "%d", v);
        cm_text_extents_t e;
        cm_measure(ctx->m, &st->tick, buf, 0, &e);
        char *id = g_strdup_printf("count-label:%d", v);
        cm_scene_text(
            sc, id, buf, &st->tick, st->muted,
            (cm_rect_t){f->x0 - st->tick.size * 0.6 - e.width, y - e.height / 2, e.width, e.height},
            0, CM_ALIGN_RIGHT);
        g_free(id);
        if (v > 0)
            cm_scene_line(sc, "count-grid", f->x0, y, f->x0 + f->w, y, st->grid, 1, 0);
    }
    cm__time_axis(ctx, f->x0, f->w, f->y_bottom, false, NAN);
    cm__era_labels(ctx, f->x0, f->w, f->y_top);
}

/* Draws the step line and the area under it, clipped to the window. Returns the line as
 * thin boxes (obstacles for the notes; g_free), *N_LINE of them. */
static cm_rect_t *
draw_step_line(cm_lctx_t *ctx, const GArray *steps, const step_frame_t *f, int *n_line)
{
    const cm_style_t *st = ctx->style;
    cm_scene_t *sc = ctx->scene;
    double x0 = f->x0, w = f->w;
    int n = (int)steps->len;
    cm_rect_t *line = g_new(cm_rect_t, 2 * n + 2);
    *n_line = 0;
    if (n == 0)
        return line;
    cm_color_t area = st->accent;
    area.a = 0.14;
    double lw = fmax(2, st->tick.size * 0.18);
    for (int pass = 0; pass < 2; pass++) {
        cm_scene_path_begin(sc);
        int count = 0;
        double x_first =
            CLAMP(cm__x(ctx, (double)g_array_index(steps, step_t, 0).day, x0, w), x0, x0 + w);
        double x_prev = x_first;
        cm_scene_move_to(sc, x_first, yof(f, 0));
        for (int i = 0; i < n; i++) {
            const step_t *s = &g_array_index(steps, step_t, i);
            double x = CLAMP(cm__x(ctx, (double)s->day, x0, w), x0, x0 + w);
            cm_scene_line_to(sc, x, yof(f, count));
            if (pass == 1)
                line[(*n_line)++] = (cm_rect_t){x_prev, yof(f, count) - lw, x - x_prev, 2 * lw};
            cm_scene_line_to(sc, x, yof(f, s->count));
            if (pass == 1) {
                double ya = fmin(yof(f, count), yof(f, s->count));
                line[(*n_line)++] =
                    (cm_rect_t){x - lw, ya, 2 * lw, fabs(yof(f, count) - yof(f, s->count))};
            }
            count = s->count;
            x_prev = x;
        }
        cm_scene_line_to(sc, x0 + w, yof(f, count));
        if (pass == 1)
            line[(*n_line)++] = (cm_rect_t){x_prev, yof(f, count) - lw, x0 + w - x_prev, 2 * lw};
        if (pass == 0) {
            cm_scene_line_to(sc, x0 + w, yof(f, 0));
            cm_scene_line_to(sc, x_first, yof(f, 0));
            cm_scene_close_path(sc);
            cm_scene_path_end(sc, "step-area", area, (cm_color_t){0}, 0, 0);
        } else {
            cm_scene_path_end(sc, "step-line", (cm_color_t){0}, st->accent, lw, 0);
        }
    }
    return line;
}

/* The steps that get a note, in time order (a new array of *N_NOTES; g_free): all of
 * them, or the MAX_NOTES largest changes, the rest counted as not labelled. */
static step_t *
noted_steps(cm_lctx_t *ctx, const GArray *steps, int *n_notes)
{
    int n = (int)steps->len;
    GArray *order = g_array_sized_new(FALSE, FALSE, sizeof(step_t), n);
    g_array_append_vals(order, steps->data, n);
    if (n > MAX_NOTES)
        g_array_sort(order, cmp_abs_delta);
    *n_notes = MIN(n, MAX_NOTES);
    for (int i = *n_notes; i < n; i++) {
        const step_t *s = &g_array_index(order, step_t, i);
        const cm_item_t *it = cm_dataset_get_item(ctx->data, s->first_item);
        char *d = cm_date_format(&it->start, ctx->lang);
        g_ptr_array_add(ctx->notes->dropped, g_strdup_printf("step:%d\t%s", s->first_item, d));
        ctx->not_labelled++;
        g_free(d);
    }
    /* Place in time order among the kept ones. */
    step_t *keep = g_new(step_t, MAX(*n_notes, 1));
    memcpy(keep, order->data, sizeof(step_t) * *n_notes);
    qsort(keep, *n_notes, sizeof(step_t), cmp_step_day);
    g_array_free(order, TRUE);
    return keep;
}

/* What the notes must keep clear of: the step LINE and the era names already drawn, in
 * the plot of F; room for N_NOTES more boxes. */
static placed_t
obstacles(const cm_lctx_t *ctx, const step_frame_t *f, const cm_rect_t *line, int n_line,
          int n_notes)
{
    cm_scene_t *sc = ctx->scene;
    int n_fixed = 0;
    for (int i = 0; i < cm_scene_n_ops(sc); i++)
        n_fixed +=
            g_str_has_prefix(cm_scene_op(sc, i)->id ? cm_scene_op(sc, i)->id : "", "era-label:");
    placed_t pl = {g_new(cm_rect_t, n_notes + n_fixed + 1), 0, line, n_line,
                   (cm_rect_t){f->x0, ctx->plot.y, f->w, f->y_bottom - ctx->plot.y}};
    for (int i = 0; i < cm_scene_n_ops(sc); i++)
        if (g_str_has_prefix(cm_scene_op(sc, i)->id ? cm_scene_op(sc, i)->id : "", "era-label:"))
            pl.boxes[pl.n++] = cm_scene_op(sc, i)->bbox;
    return pl;
}

/* Plans every note of KEEP in time order into NOTES; one that finds no room joins the
 * one before it into a cluster ("2023, 2024 / +2 → 32") placed at the cluster's last
 * riser, so every step is labelled on its own or in a cluster. Returns how many notes
 * there are. */
static int
plan_notes(const cm_lctx_t *ctx, placed_t *pl, const step_t *keep, int n_notes,
           const step_frame_t *f, note_t *notes)
{
    int n_planned = 0;
    for (int i = 0; i < n_notes; i++) {
        const step_t *s = &keep[i];
        double x = cm__x(ctx, (double)s->day, f->x0, f->w);
        double ytop = yof(f, MAX(s->count, s->count - s->delta));
        double ybot = yof(f, MIN(s->count, s->count - s->delta));
        note_t *t = &notes[n_planned++];
        *t = (note_t){.head = step_head(ctx, s),
                      .x = x,
                      .ytop = ytop,
                      .first_item = s->first_item,
                      .first_step = i,
                      .last_step = i};
        t->text = g_strdup_printf("%s\n%+d → %d", t->head, s->delta, s->count);
        t->placed = place_note(ctx, pl, t->text, x, ytop, ybot, s->delta > 0, f->y_bottom, &t->box);
        if (t->placed) {
            pl->boxes[pl->n++] = t->box;
            continue;
        }
        note_t *prev = n_planned > 1 ? &notes[n_planned - 2] : NULL;
        if (!prev || !prev->placed)
            continue;
        /* the cluster: the previous annotation's steps and this one */
        int delta = 0;
        for (int k = prev->first_step; k <= i; k++)
            delta += keep[k].delta;
        char *head = g_strdup_printf("%s, %s", prev->head, t->head);
        char *text = g_strdup_printf("%s\n%+d → %d", head, delta, s->count);
        placed_t without = *pl;
        without.n = pl->n - 1; /* the previous box is the last placed */
        double cy = fmin(ytop, prev->ytop);
        cm_rect_t b;
        if (place_note(ctx, &without, text, x, cy, fmax(ybot, prev->ytop), delta > 0, f->y_bottom,
                       &b)) {
            g_free(prev->text);
            g_free(prev->head);
            g_free(t->text);
            g_free(t->head);
            prev->text = text;
            prev->head = head;
            prev->box = b;
            prev->x = x;
            prev->ytop = cy;
            prev->last_step = i;
            pl->boxes[pl->n - 1] = b;
            n_planned--;
        } else {
            g_free(text);
            g_free(head);
        }
    }
    return n_planned;
}

/* Draws the N planned NOTES (with a leader where a note stands off its riser), or counts
 * them as not labelled; frees their texts. */
static void
draw_notes(cm_lctx_t *ctx, note_t *notes, int n)
{
    const cm_style_t *st = ctx->style;
    for (int i = 0; i < n; i++) {
        note_t *t = &notes[i];
        char *id = g_strdup_printf("step-label:%d", t->first_item);
        if (t->placed) {
            cm_rect_t b = t->box;
            double pad = st->annotation.size * 0.35;
            cm_align_t al = b.x < t->x ? CM_ALIGN_RIGHT : CM_ALIGN_LEFT;
            cm_scene_text(ctx->scene, id, t->text, &st->annotation, st->text, b, 0, al);
            double lx = al == CM_ALIGN_RIGHT ? b.x + b.w : b.x;
            if (b.y + b.h + pad < t->ytop - 1) {
                char *lid = g_strdup_printf("leader:step:%d", t->first_item);
                cm_scene_line(ctx->scene, lid, lx, b.y + b.h, t->x, t->ytop - 1, st->muted, 0.75,
                              0);
                g_free(lid);
            }
        } else {
            g_ptr_array_add(ctx->notes->dropped, g_strdup_printf("%s\t%s", id, t->head));
            ctx->not_labelled += t->last_step - t->first_step + 1;
        }
        g_free(id);
        g_free(t->text);
        g_free(t->head);
    }
}

bool
cm__layout_step(cm_lctx_t *ctx, GError **error)
{
    (void)error;
    GArray *steps = compute_steps(ctx->data);
    step_frame_t f;
    draw_count_axis(ctx, steps, &f);
    int n_line;
    cm_rect_t *line = draw_step_line(ctx, steps, &f, &n_line);

    /* Annotations, largest changes first when there are too many. */
    int n_notes;
    step_t *keep = noted_steps(ctx, steps, &n_notes);
    placed_t pl = obstacles(ctx, &f, line, n_line, n_notes);
    note_t *notes = g_new0(note_t, MAX(n_notes, 1));
    int n_planned = plan_notes(ctx, &pl, keep, n_notes, &f, notes);
    draw_notes(ctx, notes, n_planned);
    g_free(notes);
    g_free(pl.boxes);
    g_free(keep);
    g_free(line);
    g_array_free(steps, TRUE);
    return true;
}
