/* cm_map.c — the map layout: frame, legend strip, ocean, graticule, countries, markers.
 *
 * The frame (title, subtitle, source line) comes from cm__frame, as for timelines, with
 * type and spacing scaled to the canvas the same way. The legend is measured next and
 * takes a strip under the map, so nothing drawn on the map can cover it; the map gets
 * the rest, fitted (aspect kept) and pushed to the top so the legend follows it. The
 * pixel geometry comes from the base (built once per fit). Every ring is clipped to the
 * map rectangle with Sutherland–Hodgman (Sutherland & Hodgman 1974, "Reentrant polygon
 * clipping"; exact for a convex window, and even-odd filling of the clipped rings stays
 * right), graticule lines with Liang–Barsky. Countries too small to see get a marker in
 * their colour at their pole of inaccessibility. Labels are placed by cm_map_label.c.
 */
#include "cm_map_private.h"

#include <math.h>
#include <string.h>

#include "../model/cm_lang.h"
#include "../util/cm_error.h"
#include "cm_layout_private.h"

#define KAPPA 0.5522847498

/* ---- clipping ---- */

typedef struct {
    double x0, y0, x1, y1;
} box_t;

static bool
inside_edge(cm_geo_xy_t p, int edge, const box_t *b)
{
    switch (edge) {
    case 0:
        return p.x >= b->x0;
    case 1:
        return p.x <= b->x1;
    case 2:
        return p.y >= b->y0;
    default:
        return p.y <= b->y1;
    }
}

static cm_geo_xy_t
cross_edge(cm_geo_xy_t a, cm_geo_xy_t c, int edge, const box_t *b)
{
    double t;
    if (edge < 2) {
        double x = edge == 0 ? b->x0 : b->x1;
        t = (x - a.x) / (c.x - a.x);
        return (cm_geo_xy_t){x, a.y + t * (c.y - a.y)};
    }
    double y = edge == 2 ? b->y0 : b->y1;
    t = (y - a.y) / (c.y - a.y);
    return (cm_geo_xy_t){a.x + t * (c.x - a.x), y};
}

/* Clips the closed ring PTS[N] to B into OUT (cleared first); TMP is scratch. */
static void
clip_ring(const cm_geo_xy_t *pts, int n, const box_t *b, GArray *out, GArray *tmp)
{
    g_array_set_size(out, 0);
    g_array_append_vals(out, pts, (guint)n);
    for (int edge = 0; edge < 4 && out->len > 0; edge++) {
        g_array_set_size(tmp, 0);
        const cm_geo_xy_t *p = (const cm_geo_xy_t *)out->data;
        guint m = out->len;
        for (guint i = 0; i < m; i++) {
            cm_geo_xy_t cur = p[i], prev = p[(i + m - 1) % m];
            bool ci = inside_edge(cur, edge, b), pi = inside_edge(prev, edge, b);
            if (ci) {
                if (!pi) {
                    cm_geo_xy_t q = cross_edge(prev, cur, edge, b);
                    g_array_append_val(tmp, q);
                }
                g_array_append_val(tmp, cur);
            } else if (pi) {
                cm_geo_xy_t q = cross_edge(prev, cur, edge, b);
                g_array_append_val(tmp, q);
            }
        }
        g_array_set_size(out, 0);
        g_array_append_vals(out, tmp->data, tmp->len);
    }
}

/* Liang–Barsky: clips segment A-C to B; false when nothing is left. */
static bool
clip_segment(cm_geo_xy_t *a, cm_geo_xy_t *c, const box_t *b)
{
    double t0 = 0, t1 = 1, dx = c->x - a->x, dy = c->y - a->y;
    double p[4] = {-dx, dx, -dy, dy};
    double q[4] = {a->x - b->x0, b->x1 - a->x, a->y - b->y0, b->y1 - a->y};
    for (int i = 0; i < 4; i++) {
        if (p[i] == 0) {
            if (q[i] < 0)
                return false;
            continue;
        }
        double r = q[i] / p[i];
        if (p[i] < 0)
            t0 = fmax(t0, r);
        else
            t1 = fmin(t1, r);
        if (t0 > t1)
            return false;
    }
    cm_geo_xy_t a2 = {a->x + t0 * dx, a->y + t0 * dy}, c2 = {a->x + t1 * dx, a->y + t1 * dy};
    *a = a2;
    *c = c2;
    return true;
}

/* ---- the context ---- */

typedef struct {
    /* borrowed */
    const cm_dataset_t *data;
    const cm_map_match_t *match;
    const cm_geo_base_t *base;
    const cm_style_t *style; /* scaled */
    const cm_measurer_t *m;
    const cm_map_opts_t *opts;
    cm_layout_notes_t *notes;
    cm_scene_t *scene;
    const cm_geo_map_t *px;
    const char *lang;
    /* owned */
    cm__map_classes_t classes;
    GArray *obstacles; /* cm_rect_t: legend, markers, placed labels */
    GArray *buf, *tmp; /* cm_geo_xy_t scratch */
    /* plain values */
    double k;
    cm_rect_t plot;   /* what the frame left */
    cm_rect_t map;    /* the drawn map (fitted extent) */
    cm_rect_t bounds; /* where labels may go */
    double legend_y;
    bool framed; /* clipped to a rectangle: a preset's frame, --bbox or the data's extent */
} mctx_t;

/* ---- legend ---- */

typedef struct {
    double w, h; /* measured text */
    double x, y; /* swatch top-left */
} entry_t;

static cm_font_t
date_font(const cm_style_t *st)
{
    cm_font_t f = st->subtitle;
    f.weight = 700;
    return f;
}

/* Measures the legend, lays it out in rows under the map; returns its height. */
static double
legend_layout(mctx_t *c, entry_t *e, int n, double x, double y, double width,
              cm_text_extents_t *date)
{
    const cm_style_t *st = c->style;
    double sw = st->label.size * 0.95, gap = 6 * c->k, sep = 20 * c->k;
    double date_w = date->width > 0 ? date->width + 24 * c->k : 0;
    double row_h = fmax(sw, date->height > 0 ? 0 : sw);
    for (int i = 0; i < n; i++)
        row_h = fmax(row_h, e[i].h);
    double cx = x, cy = y, right = x + width - date_w;
    int rows = n ? 1 : 0;
    for (int i = 0; i < n; i++) {
        double ew = sw + gap + e[i].w;
        if (cx > x && cx + ew > right) {
            cx = x;
            cy += row_h + gap;
            rows++;
        }
        e[i].x = cx;
        e[i].y = cy + (row_h - sw) / 2;
        cx += ew + sep;
    }
    double h = rows * row_h + (rows > 1 ? (rows - 1) * gap : 0);
    return fmax(h, date->height);
}

static void
legend_draw(mctx_t *c, entry_t *e, int n, double row_h)
{
    const cm_style_t *st = c->style;
    double sw = st->label.size * 0.95, gap = 6 * c->k;
    for (int i = 0; i < n; i++) {
        cm_color_t col = g_array_index(c->classes.colors, cm_color_t, i);
        char *id = g_strdup_printf("legend:swatch:%d", i);
        cm_scene_rect(c->scene, id, (cm_rect_t){e[i].x, e[i].y, sw, sw}, col, c->style->map_border,
                      0.5);
        g_free(id);
        id = g_strdup_printf("legend:label:%d", i);
        cm_rect_t box = {e[i].x + sw + gap, e[i].y + sw / 2 - e[i].h / 2, e[i].w, e[i].h};
        cm_scene_text(c->scene, id, g_ptr_array_index(c->classes.labels, i), &st->label, st->text,
                      box, 0, CM_ALIGN_LEFT);
        g_array_append_val(c->obstacles, box);
        cm_rect_t sbox = {e[i].x, e[i].y, sw, sw};
        g_array_append_val(c->obstacles, sbox);
        g_free(id);
    }
    (void)row_h;
}

/* ---- paths ---- */

static void
emit_ring(mctx_t *c, const cm_geo_xy_t *p, int n)
{
    cm_scene_move_to(c->scene, p[0].x, p[0].y);
    for (int i = 1; i < n; i++)
        cm_scene_line_to(c->scene, p[i].x, p[i].y);
    cm_scene_close_path(c->scene);
}

static box_t
map_box(const mctx_t *c)
{
    return (box_t){c->map.x, c->map.y, c->map.x + c->map.w, c->map.y + c->map.h};
}

/* Adds the ring (clipped to the map when CLIP) to the open path; false when empty. */
static bool
add_ring(mctx_t *c, const cm_geo_xy_t *pts, int n, bool clip)
{
    if (!clip) {
        emit_ring(c, pts, n);
        return true;
    }
    box_t b = map_box(c);
    clip_ring(pts, n, &b, c->buf, c->tmp);
    if (c->buf->len < 3)
        return false;
    emit_ring(c, (const cm_geo_xy_t *)c->buf->data, (int)c->buf->len);
    return true;
}

static bool
bbox_inside(const double bb[4], const box_t *b)
{
    return bb[0] >= b->x0 && bb[1] >= b->y0 && bb[2] <= b->x1 && bb[3] <= b->y1;
}

static cm_geo_xy_t
to_px(const cm_geo_fit_t *f, cm_geo_xy_t p)
{
    return (cm_geo_xy_t){f->tx + f->scale * p.x, f->ty - f->scale * p.y};
}

static void
draw_ocean(mctx_t *c)
{
    const cm_style_t *st = c->style;
    int n;
    const cm_geo_xy_t *sphere = cm_geo_base_sphere(c->base, &n);
    if (st->map_ocean.a <= 0)
        return;
    if (n && !c->framed) {
        cm_geo_xy_t *p = g_new(cm_geo_xy_t, n);
        for (int i = 0; i < n; i++)
            p[i] = to_px(&c->px->fit, sphere[i]);
        cm_scene_path_begin(c->scene);
        bool any = add_ring(c, p, n, true);
        g_free(p);
        if (any)
            cm_scene_path_end(c->scene, "ocean", st->map_ocean, (cm_color_t){0}, 0, 0);
        else
            cm_scene_path_end(c->scene, NULL, (cm_color_t){0}, (cm_color_t){0}, 0, 0);
        return;
    }
    cm_scene_rect(c->scene, "ocean", c->map, st->map_ocean, (cm_color_t){0}, 0);
}

static void
draw_outline(mctx_t *c)
{
    cm_color_t col = c->style->muted;
    col.a = 0.55;
    int n;
    const cm_geo_xy_t *sphere = cm_geo_base_sphere(c->base, &n);
    if (n && !c->framed) {
        cm_geo_xy_t *p = g_new(cm_geo_xy_t, n);
        for (int i = 0; i < n; i++)
            p[i] = to_px(&c->px->fit, sphere[i]);
        cm_scene_path_begin(c->scene);
        add_ring(c, p, n, true);
        g_free(p);
        cm_scene_path_end(c->scene, "outline", (cm_color_t){0}, col, 0.8, 0);
        return;
    }
    cm_scene_rect(c->scene, "outline", c->map, (cm_color_t){0}, col, 0.8);
}

static void
draw_graticule(mctx_t *c)
{
    cm_color_t col = c->style->map_graticule;
    if (!c->opts->graticule || col.a <= 0)
        return;
    box_t b = map_box(c);
    double jump = c->map.w / 2;
    int segments = 0;
    cm_scene_path_begin(c->scene);
    for (int i = 0; i < cm_geo_base_n_graticule(c->base); i++) {
        int n;
        const cm_geo_xy_t *pts = cm_geo_base_graticule(c->base, i, &n);
        bool pen = false;
        cm_geo_xy_t last = {0, 0};
        for (int j = 1; j < n; j++) {
            cm_geo_xy_t a = to_px(&c->px->fit, pts[j - 1]), e = to_px(&c->px->fit, pts[j]);
            if (fabs(e.x - a.x) > jump || !clip_segment(&a, &e, &b)) {
                pen = false;
                continue;
            }
            if (!pen || a.x != last.x || a.y != last.y)
                cm_scene_move_to(c->scene, a.x, a.y);
            cm_scene_line_to(c->scene, e.x, e.y);
            pen = true;
            last = e;
            segments++;
        }
    }
    cm_scene_path_end(c->scene, segments ? "graticule" : NULL, (cm_color_t){0},
                      segments ? col : (cm_color_t){0}, 0.6, 0);
}

static char *
feature_id(const mctx_t *c, int f)
{
    const cm_country_t *ct = cm_map_match_feature(c->match, f);
    if (ct)
        return g_strdup_printf("country:%s", ct->id);
    return g_strdup_printf("feature:%d", f);
}

static cm_color_t
feature_fill(const mctx_t *c, int f)
{
    const cm_country_t *owner = cm_map_match_owner(c->match, f);
    int k = owner ? cm__map_class_of(&c->classes, owner) : -1;
    return k >= 0 ? g_array_index(c->classes.colors, cm_color_t, k) : c->style->map_land;
}

static void
draw_countries(mctx_t *c)
{
    box_t b = map_box(c);
    const cm_style_t *st = c->style;
    for (int f = 0; f < c->px->n_shapes; f++) {
        const cm_geo_shape_t *s = &c->px->shapes[f];
        if (s->n_rings == 0)
            continue;
        bool clip = !bbox_inside(s->bbox, &b);
        if (clip &&
            (s->bbox[2] < b.x0 || s->bbox[0] > b.x1 || s->bbox[3] < b.y0 || s->bbox[1] > b.y1))
            continue;
        cm_scene_path_begin(c->scene);
        int rings = 0;
        for (int r = 0; r < s->n_rings; r++)
            rings += add_ring(c, s->rings[r].pts, s->rings[r].n, clip);
        char *id = rings ? feature_id(c, f) : NULL;
        int op =
            cm_scene_path_end(c->scene, id, rings ? feature_fill(c, f) : (cm_color_t){0},
                              rings ? st->map_border : (cm_color_t){0}, st->map_border_width, 0);
        /* thousands of short segments: mitre spikes at sharp turns, and a stroke Cairo
         * takes 3.5 times longer to draw than with bevels (all the borders were 60% of
         * a world map's instructions) */
        cm_scene_set_join(c->scene, op, CM_JOIN_BEVEL);
        g_free(id);
    }
}

/* ---- markers ---- */

static void
circle(cm_scene_t *s, double x, double y, double r)
{
    double k = KAPPA * r;
    cm_scene_move_to(s, x + r, y);
    cm_scene_curve_to(s, x + r, y + k, x + k, y + r, x, y + r);
    cm_scene_curve_to(s, x - k, y + r, x - r, y + k, x - r, y);
    cm_scene_curve_to(s, x - r, y - k, x - k, y - r, x, y - r);
    cm_scene_curve_to(s, x + k, y - r, x + r, y - k, x + r, y);
    cm_scene_close_path(s);
}

double
cm__map_marker_radius(const cm_style_t *st)
{
    return fmax(3.0, st->marker_size * 0.45);
}

static void
draw_markers(mctx_t *c, cm__map_place_t *places, int n)
{
    double r = cm__map_marker_radius(c->style);
    cm_color_t edge = c->style->text;
    edge.a = 0.75;
    for (int i = 0; i < n; i++) {
        cm__map_place_t *p = &places[i];
        if (!p->marker)
            continue;
        char *id = g_strdup_printf("marker:%s", p->country->id);
        cm_scene_path_begin(c->scene);
        circle(c->scene, p->anchor.x, p->anchor.y, r);
        cm_scene_path_end(c->scene, id, p->color, edge, 0.8, 0);
        g_free(id);
        cm_rect_t box = {p->anchor.x - r - 1, p->anchor.y - r - 1, 2 * r + 2, 2 * r + 2};
        g_array_append_val(c->obstacles, box);
    }
}

/* ---- the layout ---- */

static bool
frame(mctx_t *c, const cm_style_t *st, GError **error)
{
    cm_timeline_opts_t to = {
        .width = c->opts->width,
        .height = c->opts->height,
        .title = c->opts->title,
        .subtitle = c->opts->subtitle,
        .source = c->opts->source,
    };
    cm_lctx_t lc = {
        .data = c->data,
        .style = st,
        .m = c->m,
        .opts = &to,
        .notes = c->notes,
        .scene = c->scene,
        .lang = c->lang,
        .height = c->opts->height,
    };
    if (!cm__frame(&lc, error))
        return false;
    c->plot = lc.plot;
    return true;
}

/* The projected extent of the basemap features the data colours (own or sovereign's),
 * with a margin: what a custom projection without --bbox shows. False when none of them
 * projects. */
static bool
data_extent(const mctx_t *c, double e[4])
{
    e[0] = e[1] = G_MAXDOUBLE;
    e[2] = e[3] = -G_MAXDOUBLE;
    for (int i = 0; i < cm_geo_base_n_features(c->base); i++) {
        double f[4];
        if (!cm_map_match_owner(c->match, i) || !cm_geo_base_feature_extent(c->base, i, f))
            continue;
        e[0] = MIN(e[0], f[0]), e[1] = MIN(e[1], f[1]);
        e[2] = MAX(e[2], f[2]), e[3] = MAX(e[3], f[3]);
    }
    if (!(e[0] <= e[2]))
        return false;
    double pad = 0.04 * MAX(e[2] - e[0], e[3] - e[1]);
    if (pad <= 0)
        pad = 50e3; /* one point: 50 km around it */
    e[0] -= pad, e[1] -= pad, e[2] += pad, e[3] += pad;
    return true;
}

/* A view that shows none of the data, or in which the globe (its 30° graticule, sampled
 * every 2°, and the basemap) covers under a tenth of the map (a strip, a dot), is an
 * error that says how to get a map. */
static bool
check_view(const mctx_t *c, GError **error)
{
    const cm_rect_t *m = &c->map;
    double land[4] = {G_MAXDOUBLE, G_MAXDOUBLE, -G_MAXDOUBLE, -G_MAXDOUBLE};
    bool data_seen = false, any_data = false;
    for (int i = 0; i < c->px->n_shapes; i++) {
        const cm_geo_shape_t *s = &c->px->shapes[i];
        bool ours = cm_map_match_owner(c->match, i) != NULL;
        any_data |= ours;
        if (s->n_rings == 0)
            continue;
        double x0 = MAX(s->bbox[0], m->x), y0 = MAX(s->bbox[1], m->y);
        double x1 = MIN(s->bbox[2], m->x + m->w), y1 = MIN(s->bbox[3], m->y + m->h);
        if (x1 <= x0 || y1 <= y0)
            continue;
        data_seen |= ours;
        land[0] = MIN(land[0], x0), land[1] = MIN(land[1], y0);
        land[2] = MAX(land[2], x1), land[3] = MAX(land[3], y1);
    }
    for (int i = 0; i < cm_geo_base_n_graticule(c->base); i++) {
        int nl;
        const cm_geo_xy_t *pts = cm_geo_base_graticule(c->base, i, &nl);
        for (int j = 0; j < nl; j++) {
            cm_geo_xy_t p = to_px(&c->px->fit, pts[j]);
            if (p.x < m->x || p.x > m->x + m->w || p.y < m->y || p.y > m->y + m->h)
                continue;
            land[0] = MIN(land[0], p.x), land[1] = MIN(land[1], p.y);
            land[2] = MAX(land[2], p.x), land[3] = MAX(land[3], p.y);
        }
    }
    if (any_data && !data_seen) {
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE,
                    "no country of the data is visible in this view: give --bbox W,S,E,N "
                    "around the data, or another --projection preset (world, …)");
        return false;
    }
    double area = land[0] < land[2] ? (land[2] - land[0]) * (land[3] - land[1]) : 0;
    if (area < 0.10 * m->w * m->h) {
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE,
                    "this view degenerates: the globe covers %.0f%% of the map (at least 10%% "
                    "needed); give --bbox W,S,E,N around the data, or another --projection "
                    "preset (world, europe, …)",
                    100 * area / (m->w * m->h));
        return false;
    }
    return true;
}

/* Sizes the map under the legend, fits the projection into it, gets the pixel map. */
static bool
fit_map(mctx_t *c, double legend_h, GError **error)
{
    double gap = legend_h > 0 ? 14 * c->k : 0;
    cm_rect_t r = {c->plot.x, c->plot.y, c->plot.w, c->plot.h - legend_h - gap};
    if (r.h < 40 || r.w < 40) {
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE,
                    "canvas %gx%g leaves no room for the map after the title, legend and source "
                    "line (make it larger)",
                    c->opts->width, c->opts->height);
        return false;
    }
    /* A framed map (a preset's region or --bbox) fills the width it is given:
     * the frame is the least it shows, widened or heightened about its centre
     * to the rectangle's proportions, rather than floating in white margins. */
    double e[4];
    cm_geo_base_extent(c->base, e);
    c->framed = cm_geo_base_framed(c->base);
    if (cm_geo_base_fit_data(c->base)) {
        if (!data_extent(c, e)) {
            g_set_error(error, CM_ERROR, CM_ERROR_USAGE,
                        "no country of the data is visible in this projection: give --bbox "
                        "W,S,E,N around the data, or a preset --projection (world, europe, …)");
            return false;
        }
        c->framed = true;
    }
    if (c->framed && e[2] > e[0] && e[3] > e[1]) {
        double ew = e[2] - e[0], eh = e[3] - e[1];
        double want = r.w / r.h;
        if (ew / eh < want) {
            double grow = (eh * want - ew) / 2;
            e[0] -= grow;
            e[2] += grow;
        } else {
            double grow = (ew / want - eh) / 2;
            e[1] -= grow;
            e[3] += grow;
        }
    }
    cm_geo_fit_t fit = cm_geo_fit(e, r.x, r.y, r.w, r.h);
    double top = fit.ty - fit.scale * e[3];
    fit.ty -= top - r.y; /* top-align: the legend follows the map */
    c->px = cm_geo_base_pixels(c->base, &fit);
    double x0 = fit.tx + fit.scale * e[0], x1 = fit.tx + fit.scale * e[2];
    double y0 = fit.ty - fit.scale * e[3], y1 = fit.ty - fit.scale * e[1];
    c->map = (cm_rect_t){x0, y0, x1 - x0, y1 - y0};
    c->legend_y = c->map.y + c->map.h + gap;
    c->bounds = (cm_rect_t){c->plot.x, c->plot.y, c->plot.w, c->map.y + c->map.h - c->plot.y};
    return true;
}

static void
release(mctx_t *c)
{
    cm__map_classes_release(&c->classes);
    if (c->obstacles)
        g_array_unref(c->obstacles);
    if (c->buf)
        g_array_unref(c->buf);
    if (c->tmp)
        g_array_unref(c->tmp);
}

/* "as of DATE" in the figure's language: the line that says which day the map shows. */
static char *
as_of_text(const cm_date_t *d, const char *lang)
{
    char *date = cm_date_format(d, lang);
    char *t;
    switch (cm_lang_of(lang)) {
    case CM_LANG_DE:
        t = g_strdup_printf("Stand: %s", date);
        break;
    case CM_LANG_FR:
        t = g_strdup_printf("au %s", date);
        break;
    case CM_LANG_JA:
        t = g_strdup_printf("%s時点", date);
        break;
    case CM_LANG_KO:
        t = g_strdup_printf("%s 기준", date);
        break;
    default:
        t = g_strdup_printf("as of %s", date);
        break;
    }
    g_free(date);
    return t;
}

/* The room a date of the as-of date's precision needs in any month of a four-digit
 * year, so every frame of an animation gets the same legend and the same map fit. */
static cm_text_extents_t
date_slot_size(const mctx_t *c, const cm_font_t *font)
{
    cm_text_extents_t best = {0};
    for (int month = 1; month <= 12; month++) {
        cm_date_t d = {.year = 2000, .month = (uint8_t)month, .day = 28, .prec = CM_PREC_DAY};
        d.prec = c->opts->as_of.prec;
        d.approx = c->opts->as_of.approx;
        if (d.prec < CM_PREC_QUARTER)
            d.month = 0;
        if (d.prec < CM_PREC_DAY)
            d.day = 0;
        char *t = as_of_text(&d, c->lang);
        cm_text_extents_t e;
        cm_measure(c->m, font, t, 0, &e);
        g_free(t);
        best.width = fmax(best.width, e.width);
        best.height = fmax(best.height, e.height);
    }
    return best;
}

static bool
layout(mctx_t *c, GError **error)
{
    const cm_style_t *st = c->style;
    if (!frame(c, st, error))
        return false;
    int n = (int)c->classes.labels->len;
    entry_t *e = g_new0(entry_t, MAX(n, 1));
    for (int i = 0; i < n; i++) {
        cm_text_extents_t x;
        cm_measure(c->m, &st->label, g_ptr_array_index(c->classes.labels, i), 0, &x);
        e[i].w = x.width;
        e[i].h = x.height;
    }
    cm_text_extents_t date = {0};
    char *date_text = NULL;
    cm_font_t dfont = date_font(st);
    cm_text_extents_t date_slot = {0};
    if (c->opts->show_date && c->opts->has_as_of) {
        date_text = as_of_text(&c->opts->as_of, c->lang);
        cm_measure(c->m, &dfont, date_text, 0, &date);
        date_slot = date_slot_size(c, &dfont);
        date_slot.width = fmax(date_slot.width, date.width);
        date_slot.height = fmax(date_slot.height, date.height);
    }
    /* Measure once for the height, fit, then lay the legend out from the map's left. */
    double legend_h = legend_layout(c, e, n, c->plot.x, c->plot.y, c->plot.w, &date_slot);
    bool ok = fit_map(c, legend_h, error) && check_view(c, error);
    if (ok) {
        /* The legend runs under the map, from its left edge to its right edge (at least
         * half the plot wide); when that takes more rows than measured, the full plot. */
        double x = CLAMP(c->map.x, c->plot.x, c->plot.x + c->plot.w * 0.5);
        double right = MIN(MAX(c->map.x + c->map.w, x + c->plot.w * 0.5), c->plot.x + c->plot.w);
        double h2 = legend_layout(c, e, n, x, c->legend_y, right - x, &date_slot);
        if (h2 > legend_h + 0.5) {
            x = c->plot.x;
            right = c->plot.x + c->plot.w;
            legend_layout(c, e, n, x, c->legend_y, right - x, &date_slot);
        }
        draw_ocean(c);
        draw_graticule(c);
        draw_countries(c);
        draw_outline(c);
        legend_draw(c, e, n, 0);
        if (date_text) {
            cm_rect_t box = {right - date.width, c->legend_y, date.width, date.height};
            cm_scene_text(c->scene, "legend:date", date_text, &dfont, st->text, box, 0,
                          CM_ALIGN_LEFT);
            g_array_append_val(c->obstacles, box);
        }
        int np = 0;
        cm__map_place_t *places =
            cm__map_places(c->data, c->match, &c->classes, c->px, c->opts, st, c->map, &np);
        draw_markers(c, places, np);
        cm__map_labels(c->scene, c->m, st, c->match, c->px, c->opts, c->lang, places, np, c->bounds,
                       c->obstacles, c->notes);
        g_free(places);
    }
    g_free(date_text);
    g_free(e);
    return ok;
}

/* True when NOTES already carry the palette warning (frames share one notes list). */
static bool
warned_palette(const cm_layout_notes_t *notes)
{
    for (guint i = 0; i < notes->warnings->len; i++)
        if (strstr(g_ptr_array_index(notes->warnings, i), "palette colours"))
            return true;
    return false;
}

cm_scene_t *
cm_layout_map(const cm_dataset_t *data, const cm_map_match_t *match, const cm_geo_base_t *base,
              const cm_style_t *style, const cm_measurer_t *m, const cm_map_opts_t *opts,
              cm_layout_notes_t *notes, GError **error)
{
    g_return_val_if_fail(data && match && base && style && m && opts && notes, NULL);
    cm_style_t st;
    double k;
    if (!cm__canvas_style(style, opts->width, opts->height, &st, &k, error))
        return NULL;
    mctx_t c = {
        .data = data,
        .match = match,
        .base = base,
        .style = &st,
        .m = m,
        .opts = opts,
        .notes = notes,
        .lang = cm_lang_resolve(opts->lang, style->lang),
        .k = k,
    };
    if (!cm__map_classes_init(&c.classes, data, match, &st, opts, c.lang, error))
        return NULL;
    if (c.classes.wrapped && !warned_palette(notes))
        cm_layout_notes_warn(notes,
                             "%u groups but %d palette colours: some groups share a colour "
                             "(use --color-by date, or a style with a longer palette)",
                             c.classes.labels->len, st.palette_len);
    c.obstacles = g_array_new(FALSE, FALSE, sizeof(cm_rect_t));
    c.buf = g_array_new(FALSE, FALSE, sizeof(cm_geo_xy_t));
    c.tmp = g_array_new(FALSE, FALSE, sizeof(cm_geo_xy_t));
    c.scene = cm_scene_new(opts->width, opts->height, st.background);
    cm_scene_set_title(c.scene, opts->title, NULL);
    bool ok = layout(&c, error);
    release(&c);
    if (!ok) {
        cm_scene_free(c.scene);
        return NULL;
    }
    return c.scene;
}
