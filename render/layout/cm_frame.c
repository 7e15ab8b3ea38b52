/* cm_frame.c — what every timeline kind shares: notes, the dispatcher, the
 * frame (background, title, subtitle, source line), the time window, era bands
 * and the time axis.
 *
 * The frame is measured before the plot is sized: title and subtitle wrap to
 * the canvas width and take what they need from the top, the source line from
 * the bottom, and the plot gets the rest — so nothing is clipped at any size.
 * Type and spacing scale with the canvas (square root of the area ratio to
 * the style's reference size, clamped), the way a graphics desk sets a chart
 * for a phone column or a 4K screen from one template.
 */
#include "cm_layout_private.h"

#include <math.h>
#include <stdarg.h>

#include "../util/cm_error.h"
#include "../util/cm_xml.h"

void
cm_layout_notes_init(cm_layout_notes_t *notes)
{
    notes->dropped = g_ptr_array_new_with_free_func(g_free);
    notes->warnings = g_ptr_array_new_with_free_func(g_free);
}

void
cm_layout_notes_release(cm_layout_notes_t *notes)
{
    if (notes->dropped)
        g_ptr_array_free(notes->dropped, TRUE);
    if (notes->warnings)
        g_ptr_array_free(notes->warnings, TRUE);
    notes->dropped = notes->warnings = NULL;
}

void
cm_layout_notes_warn(cm_layout_notes_t *notes, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_ptr_array_add(notes->warnings, cm_text_escape_controls(msg)); /* printed on terminals */
    g_free(msg);
}

cm_style_t
cm__scaled_style(const cm_style_t *s, double k)
{
    cm_style_t t = *s;
    cm_font_t *fonts[] = {&t.title, &t.subtitle, &t.source,  &t.label,
                          &t.tick,  &t.lane,     &t.heading, &t.annotation};
    for (size_t i = 0; i < G_N_ELEMENTS(fonts); i++)
        fonts[i]->size = fmax(7.0, fonts[i]->size * k);
    t.margin *= k;
    t.tick_length *= k;
    t.tick_spacing *= k;
    t.tier_gap *= k;
    t.lane_height *= k;
    t.bar_height *= k;
    t.group_gap *= k;
    t.marker_size *= k;
    t.map_border_width *= fmin(k, 1.5); /* hairlines stay hairlines on big canvases */
    return t;
}

bool
cm__canvas_style(const cm_style_t *style, double width, double height, cm_style_t *out,
                 double *scale, GError **error)
{
    if (!(width >= 16 && height >= 16)) {
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE, "canvas %gx%g is too small", width, height);
        return false;
    }
    double k = CLAMP(sqrt((width * height) / (style->width * style->height)), 0.55, 2.6);
    *out = cm__scaled_style(style, k);
    if (scale)
        *scale = k;
    return true;
}

/* "3 events not labelled", in LANG. */
static char *
not_labelled_text(int n, const char *lang)
{
    if (g_strcmp0(lang, "de") == 0)
        return g_strdup_printf(
            n == 1 ? "%d Ereignis ohne Beschriftung" : "%d Ereignisse ohne Beschriftung", n);
    if (g_strcmp0(lang, "fr") == 0)
        return g_strdup_printf(
            n == 1 ? "%d événement sans étiquette" : "%d événements sans étiquette", n);
    if (g_strcmp0(lang, "ko") == 0)
        return g_strdup_printf("이벤트 %d개는 라벨 없음", n);
    if (g_strcmp0(lang, "ja") == 0)
        return g_strdup_printf("%d件の出来事はラベルなし", n);
    return g_strdup_printf(n == 1 ? "%d event not labelled" : "%d events not labelled", n);
}

/* One layout of the figure on a canvas HEIGHT tall (type at the scale of the size
 * asked for), with a note line kept free when RESERVE_NOTE; *NOT_LABELLED: the events
 * the kind's layout left without a label. */
static cm_scene_t *
layout_once(cm_lctx_t base, double height, bool reserve_note, cm_layout_notes_t *notes,
            int *not_labelled, GError **error)
{
    cm_lctx_t ctx = base;
    const cm_timeline_opts_t *opts = ctx.opts;
    const cm_style_t *st = ctx.style;
    ctx.notes = notes;
    ctx.height = height;
    ctx.reserve_note = reserve_note;
    ctx.scene = cm_scene_new(opts->width, ctx.height, st->background);
    cm_scene_set_title(ctx.scene, opts->title, NULL);
    bool ok = cm__frame(&ctx, error);
    if (ok) {
        cm__time_window(&ctx);
        switch (opts->kind) {
        case CM_TIMELINE_LANES:
            ok = cm__layout_lanes(&ctx, error);
            break;
        case CM_TIMELINE_AXIS:
            ok = cm__layout_axis(&ctx, error);
            break;
        case CM_TIMELINE_STEP:
            ok = cm__layout_step(&ctx, error);
            break;
        }
    }
    if (!ok) {
        cm_scene_free(ctx.scene);
        return NULL;
    }
    if (reserve_note && ctx.not_labelled > 0) {
        char *text = not_labelled_text(ctx.not_labelled, ctx.lang);
        cm_text_extents_t e;
        ctx.m->measure(ctx.m->ctx, &st->source, text, ctx.note_box.w, CM_ALIGN_LEFT, &e);
        cm_rect_t box = {ctx.note_box.x, ctx.note_box.y, e.width, e.height};
        cm_scene_text(ctx.scene, "note", text, &st->source, st->muted, box, ctx.note_box.w,
                      CM_ALIGN_LEFT);
        g_free(text);
    }
    *not_labelled = ctx.not_labelled;
    return ctx.scene;
}

static void
notes_move(cm_layout_notes_t *to, cm_layout_notes_t *from)
{
    cm_layout_notes_release(to);
    *to = *from;
    from->dropped = from->warnings = NULL;
}

cm_scene_t *
cm_layout_timeline(const cm_dataset_t *data, const cm_style_t *style, const cm_measurer_t *m,
                   const cm_timeline_opts_t *opts, cm_layout_notes_t *notes, GError **error)
{
    g_return_val_if_fail(data && style && m && opts && notes, NULL);
    cm_style_t st;
    if (!cm__canvas_style(style, opts->width, opts->height, &st, NULL, error))
        return NULL;

    cm_lctx_t ctx = {
        .data = data,
        .style = &st,
        .m = m,
        .opts = opts,
        .notes = notes,
        .lang = cm_lang_resolve(opts->lang, style->lang),
    };
    /* A growing lanes figure: measure the frame on a scratch scene, then make
     * the canvas as tall as frame plus rows need (type stays at the scale of
     * the size asked for). */
    double height = opts->height;
    if (opts->grow && opts->kind == CM_TIMELINE_LANES) {
        cm_lctx_t probe = ctx;
        probe.height = opts->height;
        probe.scene = cm_scene_new(opts->width, opts->height, st.background);
        if (cm__frame(&probe, NULL)) {
            double need = opts->height - probe.plot.h + cm__lanes_natural_height(&probe);
            height = fmin(fmax(opts->height, ceil(need)), 20000);
        }
        cm_scene_free(probe.scene);
    }
    int missing = 0;
    cm_scene_t *scene = layout_once(ctx, height, false, notes, &missing, error);
    if (!scene || missing == 0 || opts->kind == CM_TIMELINE_LANES)
        return scene;
    /* Labels left out. A growing axis figure grows (up to twice the height asked for)
     * until none is; what is still left out the figure says in its note line. */
    double best_h = height;
    bool grow = opts->grow && opts->kind == CM_TIMELINE_AXIS &&
                cm_dataset_n_items(data) <= CM_AXIS_REMEDY_MAX;
    for (int k = 1; grow && missing > 0 && k <= 5; k++) {
        double h = fmin(ceil(height * (1 + 0.2 * k)), 20000);
        cm_layout_notes_t tn;
        cm_layout_notes_init(&tn);
        int tm = 0;
        cm_scene_t *t = layout_once(ctx, h, false, &tn, &tm, NULL);
        if (t && tm < missing) {
            cm_scene_free(scene);
            scene = t;
            missing = tm;
            best_h = h;
            notes_move(notes, &tn);
        } else {
            cm_scene_free(t);
        }
        cm_layout_notes_release(&tn);
    }
    if (missing == 0)
        return scene;
    cm_layout_notes_t tn;
    cm_layout_notes_init(&tn);
    cm_scene_t *t = layout_once(ctx, best_h, true, &tn, &missing, error);
    cm_scene_free(scene);
    if (t)
        notes_move(notes, &tn);
    cm_layout_notes_release(&tn);
    return t;
}

/* Measures and draws one text block at (x, y); returns its box. */
static cm_rect_t
text_block(cm_lctx_t *ctx, const char *id, const char *text, const cm_font_t *font,
           cm_color_t color, double x, double y, double wrap)
{
    cm_text_extents_t e;
    ctx->m->measure(ctx->m->ctx, font, text, wrap, CM_ALIGN_LEFT, &e);
    cm_rect_t box = {x, y, e.width, e.height};
    cm_scene_text(ctx->scene, id, text, font, color, box, wrap, CM_ALIGN_LEFT);
    return box;
}

bool
cm__frame(cm_lctx_t *ctx, GError **error)
{
    const cm_style_t *st = ctx->style;
    const cm_timeline_opts_t *o = ctx->opts;
    double m = st->margin;
    double inner_w = o->width - 2 * m;
    double y = m;
    cm_rect_t tb = {m, m, 0, 0};
    if (inner_w < 40) {
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE, "canvas %gx%g is too narrow for a figure",
                    o->width, o->height);
        return false;
    }
    if (o->title && *o->title) {
        cm_rect_t b = text_block(ctx, "title", o->title, &st->title, st->text, m, y, inner_w);
        tb = cm_rect_union(tb, b);
        y += b.h + st->title.size * 0.25;
    }
    if (o->subtitle && *o->subtitle) {
        cm_rect_t b =
            text_block(ctx, "subtitle", o->subtitle, &st->subtitle, st->muted, m, y, inner_w);
        tb = cm_rect_union(tb, b);
        y += b.h;
    }
    if (tb.h > 0)
        y += st->subtitle.size * 1.0;
    ctx->title_box = tb;

    double bottom = ctx->height - m;
    if (o->source && *o->source) {
        cm_text_extents_t e;
        ctx->m->measure(ctx->m->ctx, &st->source, o->source, inner_w, CM_ALIGN_LEFT, &e);
        cm_rect_t box = {m, bottom - e.height, e.width, e.height};
        cm_scene_text(ctx->scene, "source", o->source, &st->source, st->muted, box, inner_w,
                      CM_ALIGN_LEFT);
        bottom = box.y - st->source.size * 0.8;
    }
    if (ctx->reserve_note) {
        cm_text_extents_t e;
        ctx->m->measure(ctx->m->ctx, &st->source, "0", 0, CM_ALIGN_LEFT, &e);
        ctx->note_box = (cm_rect_t){m, bottom - e.height, inner_w, e.height};
        bottom = ctx->note_box.y - st->source.size * 0.8;
    }
    ctx->plot = (cm_rect_t){m, y, inner_w, bottom - y};
    cm_scene_set_frame(ctx->scene, (cm_rect_t){m, m, inner_w, ctx->height - 2 * m});
    if (ctx->plot.h < 4 * st->tick.size) {
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE,
                    "canvas %gx%g leaves no room for the plot after the title and source line "
                    "(make it taller or the title shorter)",
                    o->width, ctx->height);
        return false;
    }
    return true;
}

void
cm__time_window(cm_lctx_t *ctx)
{
    const cm_timeline_opts_t *o = ctx->opts;
    int64_t first = 0, last = 1;
    bool any = cm_dataset_extent(ctx->data, &first, &last);
    int64_t today = cm_date_first_day(&o->today) + 1;
    bool open = false;
    for (int i = 0; i < cm_dataset_n_items(ctx->data); i++)
        open |= cm_dataset_get_item(ctx->data, i)->open;
    if (!any) {
        first = today - 365;
        last = today;
    }
    if (open && today > last)
        last = today;
    if (o->eras) {
        int64_t ef, el;
        if (cm_dataset_extent(o->eras, &ef, &el)) {
            /* Eras frame the data; they do not stretch the window far past it. */
            (void)ef;
            (void)el;
        }
    }
    /* A little air on both sides so the first and last marks are not on the edge. */
    int64_t span = MAX(last - first, 1);
    int64_t pad = MAX(span / 40, 1);
    ctx->t0 = o->has_from ? cm_date_first_day(&o->from) : first - pad;
    ctx->t1 = o->has_to ? cm_date_end_day(&o->to) : last + pad;
    if (ctx->t1 <= ctx->t0)
        ctx->t1 = ctx->t0 + 1;
    ctx->open_right = open && today >= ctx->t1;
    if (o->has_to)
        ctx->open_right = open;
}

/* The x range of era item IT over [x0, x0+w]; false when outside the window. */
static bool
era_range(const cm_lctx_t *ctx, const cm_item_t *it, double x0, double w, double *xa, double *xb)
{
    int64_t a = cm_date_first_day(&it->start);
    int64_t b =
        it->open ? ctx->t1 : cm_date_end_day(it->kind == CM_ITEM_SPAN ? &it->end : &it->start);
    if (b <= ctx->t0 || a >= ctx->t1)
        return false;
    *xa = cm__x(ctx, (double)MAX(a, ctx->t0), x0, w);
    *xb = cm__x(ctx, (double)MIN(b, ctx->t1), x0, w);
    return true;
}

static cm_font_t
era_font(const cm_style_t *st)
{
    cm_font_t f = st->annotation;
    f.italic = true;
    return f;
}

double
cm__eras(cm_lctx_t *ctx, double x0, double w, double y0, double y1)
{
    const cm_dataset_t *eras = ctx->opts->eras;
    if (!eras)
        return 0;
    for (int i = 0; i < cm_dataset_n_items(eras); i++) {
        double xa, xb;
        if (!era_range(ctx, cm_dataset_get_item(eras, i), x0, w, &xa, &xb))
            continue;
        char *id = g_strdup_printf("era:%d", i);
        cm_scene_rect(ctx->scene, id, (cm_rect_t){xa, y0, xb - xa, y1 - y0}, ctx->style->era_fill,
                      (cm_color_t){0}, 0);
        g_free(id);
    }
    cm_font_t f = era_font(ctx->style);
    cm_text_extents_t e;
    ctx->m->measure(ctx->m->ctx, &f, "Era", 0, CM_ALIGN_LEFT, &e);
    return e.height + 8;
}

double
cm__era_labels(cm_lctx_t *ctx, double x0, double w, double y0)
{
    const cm_dataset_t *eras = ctx->opts->eras;
    if (!eras)
        return 0;
    cm_font_t f = era_font(ctx->style);
    double need = 0;
    for (int i = 0; i < cm_dataset_n_items(eras); i++) {
        const cm_item_t *it = cm_dataset_get_item(eras, i);
        double xa, xb;
        if (!era_range(ctx, it, x0, w, &xa, &xb))
            continue;
        const char *name = it->label ? it->label : cm_dataset_get_entity(eras, it->entity)->name;
        cm_text_extents_t e;
        ctx->m->measure(ctx->m->ctx, &f, name, 0, CM_ALIGN_LEFT, &e);
        if (e.width + 8 > xb - xa) {
            cm_layout_notes_warn(ctx->notes, "era \"%s\" is too narrow for its name", name);
            continue;
        }
        char *id = g_strdup_printf("era-label:%d", i);
        cm_scene_text(ctx->scene, id, name, &f, ctx->style->era_text,
                      (cm_rect_t){xa + 6, y0 + 4, e.width, e.height}, 0, CM_ALIGN_LEFT);
        g_free(id);
        need = fmax(need, e.height + 8);
    }
    return need;
}

double
cm__time_axis_height(const cm_lctx_t *ctx)
{
    const cm_style_t *st = ctx->style;
    cm_text_extents_t e;
    ctx->m->measure(ctx->m->ctx, &st->tick, "0123456789", 0, CM_ALIGN_LEFT, &e);
    return st->tick_length + 4 + e.height;
}

double
cm__time_axis(cm_lctx_t *ctx, double x0, double w, double y, bool labels_above, double grid_end)
{
    const cm_style_t *st = ctx->style;
    cm_ticks_t *ticks =
        cm_ticks_generate(ctx->t0, ctx->t1, w, st->tick_spacing, &st->tick, ctx->m, ctx->lang);
    double band = 0;
    for (guint i = 0; i < ticks->ticks->len; i++) {
        const cm_tick_t *t = &g_array_index(ticks->ticks, cm_tick_t, i);
        if (t->day < ctx->t0 || t->day > ctx->t1)
            continue;
        double x = cm__x(ctx, (double)t->day, x0, w);
        double len = t->major ? st->tick_length : st->tick_length * 0.5;
        char *id = g_strdup_printf("tick:%d", (int)i);
        if (!isnan(grid_end) && t->major)
            cm_scene_line(ctx->scene, "grid", x, y, x, grid_end, st->grid, 1, 0);
        cm_scene_line(ctx->scene, id, x, y, x, labels_above ? y - len : y + len, st->axis, 1, 0);
        g_free(id);
        if (!t->major || !t->label)
            continue;
        cm_text_extents_t e;
        ctx->m->measure(ctx->m->ctx, &st->tick, t->label, 0, CM_ALIGN_LEFT, &e);
        double lx =
            CLAMP(x - e.width / 2, x0 - st->margin * 0.5, x0 + w + st->margin * 0.5 - e.width);
        double ly = labels_above ? y - st->tick_length - 4 - e.height : y + st->tick_length + 4;
        id = g_strdup_printf("tick-label:%d", (int)i);
        cm_scene_text(ctx->scene, id, t->label, &st->tick, st->muted,
                      (cm_rect_t){lx, ly, e.width, e.height}, 0, CM_ALIGN_LEFT);
        g_free(id);
        band = fmax(band, st->tick_length + 4 + e.height);
    }
    cm_scene_line(ctx->scene, "axis", x0, y, x0 + w, y, st->axis, 1, 0);
    cm_ticks_free(ticks);
    return band;
}
