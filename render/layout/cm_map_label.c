/* cm_map_label.c — where each country sits on the pixel map, and its name label.
 *
 * A country's place is the label point (pole of inaccessibility, Mapbox polylabel, made
 * by cm_geo_map_new) of its largest own shape; its area is that of all its own shapes.
 * Labels go in two passes, larger countries first, deterministic: first every label
 * whose box, centred on the label point, lies inside the polygon (its corners, edge
 * midpoints and centre pass the even-odd test) and clear of the obstacles; then the
 * rest outside, trying eight directions around the anchor at growing distances (the
 * candidate-position model of cartographic label placement, Imhof 1975; Christensen,
 * Marks & Shieber 1995) and taking the first box that is inside the bounds and clear of
 * every obstacle and placed label, joined to the anchor by a leader line. A label with
 * no room is dropped and reported.
 */
#include "cm_map_private.h"

#include <math.h>
#include <string.h>

#define PAD 2.0

static void
own_shapes(cm__map_place_t *p, const cm_geo_shape_t *s)
{
    p->area += s->area;
    if (s->has_label && (!p->shape || s->area > p->shape->area)) {
        p->shape = s;
        p->anchor = s->label;
    }
}

static bool
rect_contains_point(cm_rect_t r, cm_geo_xy_t p)
{
    return p.x >= r.x && p.x <= r.x + r.w && p.y >= r.y && p.y <= r.y + r.h;
}

cm__map_place_t *
cm__map_places(const cm_dataset_t *data, const cm_map_match_t *match,
               const cm__map_classes_t *classes, const cm_geo_map_t *px, const cm_map_opts_t *opts,
               const cm_style_t *style, cm_rect_t map, int *n)
{
    GArray *a = g_array_new(FALSE, TRUE, sizeof(cm__map_place_t));
    GHashTable *index = g_hash_table_new(NULL, NULL);
    for (int i = 0; i < cm_dataset_n_entities(data); i++) {
        const cm_country_t *c = cm_map_match_entity(match, i);
        if (!c || g_hash_table_contains(index, c))
            continue;
        cm__map_place_t p = {.country = c};
        g_array_append_val(a, p);
        g_hash_table_insert(index, (gpointer)c, GINT_TO_POINTER(a->len));
    }
    const cm_countries_t *cs = cm_map_match_countries(match);
    for (const char *const *t = opts->labels ? opts->label_only : NULL; t && *t; t++) {
        const cm_country_t *c = cm_countries_find(cs, *t);
        if (!c || g_hash_table_contains(index, c))
            continue;
        cm__map_place_t p = {.country = c};
        g_array_append_val(a, p);
        g_hash_table_insert(index, (gpointer)c, GINT_TO_POINTER(a->len));
    }
    for (int f = 0; f < px->n_shapes; f++) {
        const cm_country_t *c = cm_map_match_feature(match, f);
        int k = c ? GPOINTER_TO_INT(g_hash_table_lookup(index, c)) : 0;
        if (k)
            own_shapes(&g_array_index(a, cm__map_place_t, k - 1), &px->shapes[f]);
    }
    for (guint i = 0; i < a->len; i++) {
        cm__map_place_t *p = &g_array_index(a, cm__map_place_t, i);
        int cls = cm__map_class_of(classes, p->country);
        p->colored = cls >= 0;
        if (p->colored)
            p->color = g_array_index(classes->colors, cm_color_t, cls);
        p->in_map = p->shape && rect_contains_point(map, p->anchor);
        p->marker = p->colored && p->in_map && p->area < style->map_small_area;
    }
    g_hash_table_unref(index);
    *n = (int)a->len;
    return (cm__map_place_t *)g_array_free(a, FALSE);
}

/* ---- labels ---- */

typedef struct {
    int place;
    char *text; /* borrowed from the country table */
    double w, h;
    bool done;
} label_t;

static bool
clear_of(cm_rect_t box, const GArray *obstacles)
{
    for (guint i = 0; i < obstacles->len; i++)
        if (cm_rect_intersects(box, g_array_index(obstacles, cm_rect_t, i), 0))
            return false;
    return true;
}

static bool
within(cm_rect_t box, cm_rect_t bounds)
{
    return box.x >= bounds.x && box.y >= bounds.y && box.x + box.w <= bounds.x + bounds.w &&
           box.y + box.h <= bounds.y + bounds.h;
}

static cm_rect_t
padded(cm_rect_t r)
{
    return (cm_rect_t){r.x - PAD, r.y - PAD, r.w + 2 * PAD, r.h + 2 * PAD};
}

static bool
fits_inside(const cm_geo_shape_t *s, cm_rect_t b)
{
    for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 3; j++) {
            cm_geo_xy_t p = {b.x + b.w * i / 2, b.y + b.h * j / 2};
            if (!cm_geo_point_in_rings(s->rings, s->n_rings, p))
                return false;
        }
    }
    return true;
}

static cm_color_t
text_on(cm_color_t fill, const cm_style_t *st)
{
    double lum = 0.2126 * fill.r + 0.7152 * fill.g + 0.0722 * fill.b;
    return lum < 0.45 ? (cm_color_t){1, 1, 1, 1} : st->text;
}

static void
emit(cm_scene_t *scene, const cm_style_t *st, const cm__map_place_t *p, const label_t *l,
     cm_rect_t box, cm_color_t color, GArray *obstacles)
{
    char *id = g_strdup_printf("label:country:%s", p->country->id);
    cm_scene_text(scene, id, l->text, &st->label, color, box, 0, CM_ALIGN_LEFT);
    g_free(id);
    cm_rect_t pb = padded(box);
    g_array_append_val(obstacles, pb);
}

/* The box of a W × H label at distance D from (X, Y) in direction DIR (0..7). */
static cm_rect_t
candidate(double x, double y, double w, double h, double d, int dir)
{
    static const double dx[8] = {1, -1, 0.7, 0.7, -0.7, -0.7, 0, 0};
    static const double dy[8] = {0, 0, -0.7, 0.7, -0.7, 0.7, -1, 1};
    double cx = x + dx[dir] * d, cy = y + dy[dir] * d;
    double bx = dx[dir] > 0 ? cx : dx[dir] < 0 ? cx - w : cx - w / 2;
    double by = dy[dir] > 0 ? cy : dy[dir] < 0 ? cy - h : cy - h / 2;
    return (cm_rect_t){bx, by, w, h};
}

static void
leader(cm_scene_t *scene, const cm_style_t *st, const cm__map_place_t *p, cm_rect_t box,
       double min_len)
{
    double lx = CLAMP(p->anchor.x, box.x, box.x + box.w);
    double ly = CLAMP(p->anchor.y, box.y, box.y + box.h);
    if (hypot(lx - p->anchor.x, ly - p->anchor.y) < min_len)
        return;
    char *id = g_strdup_printf("leader:country:%s", p->country->id);
    cm_color_t col = st->muted;
    col.a = 0.9;
    cm_scene_line(scene, id, p->anchor.x, p->anchor.y, lx, ly, col, 0.8, 0);
    g_free(id);
}

/* True when BOX covers part of a coloured country (its largest shape): a label there
 * would sit on a fill it may not contrast with. */
static bool
over_coloured(cm_rect_t box, const cm__map_place_t *places, int n)
{
    for (int i = 0; i < n; i++) {
        const cm_geo_shape_t *s = places[i].shape;
        if (!places[i].colored || !s || s->bbox[0] > box.x + box.w || s->bbox[2] < box.x ||
            s->bbox[1] > box.y + box.h || s->bbox[3] < box.y)
            continue;
        for (int a = 0; a < 3; a++)
            for (int b = 0; b < 3; b++)
                if (cm_geo_point_in_rings(
                        s->rings, s->n_rings,
                        (cm_geo_xy_t){box.x + box.w * a / 2, box.y + box.h * b / 2}))
                    return true;
    }
    return false;
}

/* Tries the candidates nearest first; on the first round only boxes clear of coloured
 * countries, on the second any box clear of the obstacles. */
static bool
place_outside(cm_scene_t *scene, const cm_style_t *st, const cm__map_place_t *places, int n,
              const cm__map_place_t *p, const label_t *l, cm_rect_t bounds, GArray *obstacles)
{
    double k = st->label.size / 14.0;
    double d0 = p->marker ? cm__map_marker_radius(st) + 3 * k : 3 * k;
    static const double steps[] = {0, 10, 24, 44, 70, 105, 150};
    for (int round = 0; round < 2; round++) {
        for (size_t s = 0; s < G_N_ELEMENTS(steps); s++) {
            for (int dir = 0; dir < 8; dir++) {
                cm_rect_t box =
                    candidate(p->anchor.x, p->anchor.y, l->w, l->h, d0 + steps[s] * k, dir);
                if (!within(box, bounds) || !clear_of(padded(box), obstacles) ||
                    (round == 0 && over_coloured(box, places, n)))
                    continue;
                leader(scene, st, p, box, 4 * k);
                emit(scene, st, p, l, box, st->text, obstacles);
                return true;
            }
        }
    }
    return false;
}

static gint
by_area(gconstpointer a, gconstpointer b, gpointer data)
{
    const cm__map_place_t *places = data;
    const label_t *x = a, *y = b;
    double ax = places[x->place].area, ay = places[y->place].area;
    if (ax != ay)
        return ax > ay ? -1 : 1;
    return x->place - y->place;
}

/* The labels to place: the listed countries, or every coloured one. */
static GArray *
wanted(const cm_map_opts_t *opts, const cm_map_match_t *match, const cm__map_place_t *places, int n,
       cm_layout_notes_t *notes)
{
    GArray *out = g_array_new(FALSE, TRUE, sizeof(label_t));
    if (!opts->label_only) {
        for (int i = 0; i < n; i++)
            if (places[i].colored && places[i].in_map)
                g_array_append_val(out, ((label_t){.place = i}));
        return out;
    }
    const cm_countries_t *cs = cm_map_match_countries(match);
    for (const char *const *t = opts->label_only; *t; t++) {
        const cm_country_t *c = cm_countries_find(cs, *t);
        int i = 0;
        while (c && i < n && places[i].country != c)
            i++;
        if (!c) {
            char *msg = cm_countries_unknown_message(cs, *t);
            cm_layout_notes_warn(notes, "--labels: %s", msg);
            g_free(msg);
        } else if (i == n || !places[i].shape) {
            cm_layout_notes_warn(notes, "--labels: %s has no shape in the basemap", c->display);
        } else if (!places[i].in_map) {
            cm_layout_notes_warn(notes, "--labels: %s is outside the map", c->display);
        } else {
            bool dup = false;
            for (guint j = 0; j < out->len; j++)
                dup |= g_array_index(out, label_t, j).place == i;
            if (!dup)
                g_array_append_val(out, ((label_t){.place = i}));
        }
    }
    return out;
}

void
cm__map_labels(cm_scene_t *scene, const cm_measurer_t *m, const cm_style_t *st,
               const cm_map_match_t *match, const cm_geo_map_t *px, const cm_map_opts_t *opts,
               const char *lang, const cm__map_place_t *places, int n, cm_rect_t bounds,
               GArray *obstacles, cm_layout_notes_t *notes)
{
    (void)px;
    if (!opts->labels)
        return;
    GArray *ls = wanted(opts, match, places, n, notes);
    for (guint i = 0; i < ls->len; i++) {
        label_t *l = &g_array_index(ls, label_t, i);
        l->text = (char *)cm_country_name(places[l->place].country, lang);
        cm_text_extents_t e;
        cm_measure(m, &st->label, l->text, 0, &e);
        l->w = e.width;
        l->h = e.height;
    }
    g_array_sort_with_data(ls, by_area, (gpointer)places);
    for (guint i = 0; i < ls->len; i++) {
        label_t *l = &g_array_index(ls, label_t, i);
        const cm__map_place_t *p = &places[l->place];
        if (p->marker)
            continue;
        cm_rect_t box = {p->anchor.x - l->w / 2, p->anchor.y - l->h / 2, l->w, l->h};
        if (!within(box, bounds) || !fits_inside(p->shape, box) ||
            !clear_of(padded(box), obstacles))
            continue;
        emit(scene, st, p, l, box, text_on(p->colored ? p->color : st->map_land, st), obstacles);
        l->done = true;
    }
    for (guint i = 0; i < ls->len; i++) {
        label_t *l = &g_array_index(ls, label_t, i);
        const cm__map_place_t *p = &places[l->place];
        if (l->done || place_outside(scene, st, places, n, p, l, bounds, obstacles))
            continue;
        g_ptr_array_add(notes->dropped,
                        g_strdup_printf("label:country:%s\t%s", p->country->id, l->text));
    }
    g_array_unref(ls);
}
