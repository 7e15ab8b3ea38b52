/* cm_geo_map.c — from cut, projected topology to pixel rings: project, fit, simplify.
 *
 * cm_geo_project() cuts the basemap at the projection's edge meridian (cm_geo_cut.c) and
 * sends every point through PROJ in one batch. cm_geo_map_new() maps the projected points
 * to pixels with the fit, simplifies every segment (a piece of a shared arc, or a closure)
 * on its own with Douglas–Peucker (cm_geo_simplify.c) and rebuilds each ring from its
 * simplified segments, so borders shared by two features come out identical in both.
 * Rings that fall below 3 points or the minimum area are dropped, and so are holes whose
 * outer ring went. Area and bounding box are measured on the unsimplified rings, so a
 * country that vanished at this scale still reports where it is and how small it is; the
 * label point is the pole of inaccessibility of the largest remaining polygon
 * (cm_geo_label.c), or the centroid of the largest unsimplified ring when nothing remains.
 */
#include "cm_geo_private.h"

#include <math.h>
#include <string.h>

#define EDGE_NUDGE 1e-7     /* degrees: keeps points on lon_0 ± 180 on their own side */
#define MAX_SEGMENT_PX 64.0 /* simplification keeps long straight runs in steps this long */

cm_geo_projected_t *
cm_geo_project(const cm_geo_t *geo, cm_proj_t *proj)
{
    cm_geo_projected_t *pg = g_new0(cm_geo_projected_t, 1);
    pg->geo = geo;
    double lon_0 = cm_proj_lon0(proj);
    cm__geo_cut_init(&pg->cut, geo, lon_0, cm_proj_cuts(proj));
    cm_geo_xy_t *p = (cm_geo_xy_t *)pg->cut.pts->data;
    guint n = pg->cut.pts->len;
    for (guint i = 0; i < n; i++) {
        p[i].x = lon_0 + CLAMP(p[i].x, -180.0 + EDGE_NUDGE, 180.0 - EDGE_NUDGE);
        p[i].y = CLAMP(p[i].y, -90.0, 90.0);
    }
    cm_proj_forward(proj, p, n);
    double *e = pg->extent;
    e[0] = e[1] = G_MAXDOUBLE;
    e[2] = e[3] = -G_MAXDOUBLE;
    for (guint i = 0; i < n; i++) {
        if (p[i].x == HUGE_VAL)
            continue;
        e[0] = MIN(e[0], p[i].x), e[1] = MIN(e[1], p[i].y);
        e[2] = MAX(e[2], p[i].x), e[3] = MAX(e[3], p[i].y);
    }
    pg->has_extent = e[0] <= e[2];
    return pg;
}

void
cm_geo_projected_free(cm_geo_projected_t *pg)
{
    if (!pg)
        return;
    cm__geo_cut_release(&pg->cut);
    g_free(pg);
}

bool
cm_geo_projected_extent(const cm_geo_projected_t *pg, double extent[4])
{
    if (pg->has_extent)
        memcpy(extent, pg->extent, sizeof pg->extent);
    return pg->has_extent;
}

bool
cm_geo_projected_feature_extent(const cm_geo_projected_t *pg, int feature, double extent[4])
{
    const cm__geo_cut_t *c = &pg->cut;
    extent[0] = extent[1] = G_MAXDOUBLE;
    extent[2] = extent[3] = -G_MAXDOUBLE;
    if (feature < 0 || feature >= c->n_features)
        return false;
    const cm_geo_xy_t *p = (const cm_geo_xy_t *)c->pts->data;
    const int *off = (const int *)c->seg_off->data;
    const int *refs = (const int *)c->ring_refs->data;
    for (int r = c->feat_off[feature]; r < c->feat_off[feature + 1]; r++) {
        const cm__geo_cut_ring_t *ring = &g_array_index(c->rings, cm__geo_cut_ring_t, r);
        if (ring->hole)
            continue;
        for (int k = 0; k < ring->n_refs; k++) {
            int s = refs[ring->first_ref + k];
            if (s < 0)
                s = ~s;
            for (int i = off[s]; i < off[s + 1]; i++) {
                if (p[i].x == HUGE_VAL || !isfinite(p[i].x) || !isfinite(p[i].y))
                    continue;
                extent[0] = MIN(extent[0], p[i].x), extent[1] = MIN(extent[1], p[i].y);
                extent[2] = MAX(extent[2], p[i].x), extent[3] = MAX(extent[3], p[i].y);
            }
        }
    }
    return extent[0] <= extent[2];
}

cm_geo_fit_t
cm_geo_fit(const double extent[4], double x, double y, double w, double h)
{
    double ew = extent[2] - extent[0], eh = extent[3] - extent[1];
    double scale = 1;
    if (ew > 0 && eh > 0 && w > 0 && h > 0)
        scale = MIN(w / ew, h / eh);
    else if (ew > 0 && w > 0)
        scale = w / ew;
    else if (eh > 0 && h > 0)
        scale = h / eh;
    cm_geo_fit_t f = {scale, 0, 0};
    f.tx = x + w / 2 - scale * (extent[0] + extent[2]) / 2;
    f.ty = y + h / 2 + scale * (extent[1] + extent[3]) / 2;
    return f;
}

/* ---- building the pixel map ---- */

typedef struct {
    const cm__geo_cut_t *c;
    const cm_geo_xy_t *pix; /* every cut point in pixels */
    const bool *keep;       /* simplification result per point */
    double min_area;
    GArray *tmp; /* cm_geo_xy_t scratch */
} builder_t;

typedef struct {
    double area, cx, cy; /* unsimplified signed area and centroid sums */
} ring_stats_t;

static int
seg_off(const builder_t *b, int s)
{
    return g_array_index(b->c->seg_off, int, s);
}

/* Walks the unsimplified ring: area, centroid sums, bounding box. */
static ring_stats_t
ring_full(const builder_t *b, const cm__geo_cut_ring_t *r, double bbox[4])
{
    ring_stats_t st = {0};
    const int *refs = &g_array_index(b->c->ring_refs, int, r->first_ref);
    cm_geo_xy_t first = {0}, prev = {0};
    bool any = false;
    for (int i = 0; i < r->n_refs; i++) {
        int s = refs[i] < 0 ? ~refs[i] : refs[i], lo = seg_off(b, s), hi = seg_off(b, s + 1);
        for (int j = 0; j < hi - lo; j++) {
            cm_geo_xy_t p = b->pix[refs[i] < 0 ? hi - 1 - j : lo + j];
            if (p.x == HUGE_VAL)
                continue;
            bbox[0] = MIN(bbox[0], p.x), bbox[1] = MIN(bbox[1], p.y);
            bbox[2] = MAX(bbox[2], p.x), bbox[3] = MAX(bbox[3], p.y);
            if (!any) {
                first = prev = p;
                any = true;
                continue;
            }
            double f = prev.x * p.y - p.x * prev.y;
            st.area += f, st.cx += (prev.x + p.x) * f, st.cy += (prev.y + p.y) * f;
            prev = p;
        }
    }
    double f = prev.x * first.y - first.x * prev.y;
    st.area += f, st.cx += (prev.x + first.x) * f, st.cy += (prev.y + first.y) * f;
    st.area /= 2;
    return st;
}

/* The simplified ring into B->tmp, without repeated or closing points. */
static void
ring_simplified(builder_t *b, const cm__geo_cut_ring_t *r)
{
    GArray *t = b->tmp;
    g_array_set_size(t, 0);
    const int *refs = &g_array_index(b->c->ring_refs, int, r->first_ref);
    for (int i = 0; i < r->n_refs; i++) {
        int s = refs[i] < 0 ? ~refs[i] : refs[i], lo = seg_off(b, s), hi = seg_off(b, s + 1);
        for (int j = 0; j < hi - lo; j++) {
            int k = refs[i] < 0 ? hi - 1 - j : lo + j;
            cm_geo_xy_t p = b->pix[k];
            if (!b->keep[k] || p.x == HUGE_VAL)
                continue;
            if (t->len > 0) {
                cm_geo_xy_t q = g_array_index(t, cm_geo_xy_t, t->len - 1);
                if (q.x == p.x && q.y == p.y)
                    continue;
            }
            g_array_append_val(t, p);
        }
    }
    while (t->len > 1) {
        cm_geo_xy_t a = g_array_index(t, cm_geo_xy_t, 0);
        cm_geo_xy_t z = g_array_index(t, cm_geo_xy_t, t->len - 1);
        if (a.x != z.x || a.y != z.y)
            break;
        g_array_set_size(t, t->len - 1);
    }
}

static void
shape_label(cm_geo_shape_t *sh, const int *poly_of, const ring_stats_t *fallback)
{
    int best = -1;
    double best_area = 0;
    for (int i = 0; i < sh->n_rings; i++) {
        double a = fabs(cm_geo_signed_area(sh->rings[i].pts, sh->rings[i].n));
        if (!sh->rings[i].hole && a > best_area)
            best = i, best_area = a;
    }
    if (best < 0) {
        if (fallback && fallback->area != 0) {
            sh->label = (cm_geo_xy_t){fallback->cx / (6 * fallback->area),
                                      fallback->cy / (6 * fallback->area)};
            sh->has_label = true;
        } else if (sh->bbox[0] <= sh->bbox[2]) {
            sh->label =
                (cm_geo_xy_t){(sh->bbox[0] + sh->bbox[2]) / 2, (sh->bbox[1] + sh->bbox[3]) / 2};
            sh->has_label = true;
        }
        return;
    }
    cm_geo_path_t *sel = g_new(cm_geo_path_t, sh->n_rings);
    int n = 0;
    sel[n++] = sh->rings[best];
    for (int i = 0; i < sh->n_rings; i++)
        if (sh->rings[i].hole && poly_of[i] == poly_of[best] &&
            cm_geo_point_in_rings(&sh->rings[best], 1, sh->rings[i].pts[0]))
            sel[n++] = sh->rings[i];
    /* Half a pixel for small polygons, 1 % of the smaller side for big ones: a label anchor
     * needs no more, and the search cost grows with size / precision. */
    double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;
    for (int i = 0; i < sel[0].n; i++) {
        x0 = MIN(x0, sel[0].pts[i].x), y0 = MIN(y0, sel[0].pts[i].y);
        x1 = MAX(x1, sel[0].pts[i].x), y1 = MAX(y1, sel[0].pts[i].y);
    }
    double precision = MAX(0.5, MIN(x1 - x0, y1 - y0) / 100);
    /* Search on the rings simplified further (1 px, or 2 % of the smaller side: each probe
     * costs a pass over every vertex, and an anchor moves by at most that), then make sure
     * the point is inside the real polygon. */
    double coarse_tol = MAX(1.0, MIN(x1 - x0, y1 - y0) / 50);
    cm_geo_path_t *coarse = g_new(cm_geo_path_t, n);
    for (int i = 0; i < n; i++) {
        bool *keep = g_new(bool, sel[i].n);
        cm__geo_simplify(sel[i].pts, sel[i].n, coarse_tol, 0, keep);
        coarse[i] = (cm_geo_path_t){g_new(cm_geo_xy_t, sel[i].n), 0, sel[i].hole};
        for (int k = 0; k < sel[i].n; k++)
            if (keep[k])
                coarse[i].pts[coarse[i].n++] = sel[i].pts[k];
        g_free(keep);
    }
    bool usable = coarse[0].n >= 3;
    if (usable)
        sh->label = cm_geo_polylabel(coarse, n, precision, &sh->label_dist);
    if (!usable || !cm_geo_point_in_rings(sel, n, sh->label))
        sh->label = cm_geo_polylabel(sel, n, precision, &sh->label_dist);
    for (int i = 0; i < n; i++)
        g_free(coarse[i].pts);
    g_free(coarse);
    sh->has_label = true;
    g_free(sel);
}

static void
build_shape(builder_t *b, cm_geo_shape_t *sh, int f)
{
    const cm__geo_cut_t *c = b->c;
    sh->bbox[0] = sh->bbox[1] = G_MAXDOUBLE;
    sh->bbox[2] = sh->bbox[3] = -G_MAXDOUBLE;
    GArray *paths = g_array_new(FALSE, FALSE, sizeof(cm_geo_path_t));
    GArray *poly = g_array_new(FALSE, FALSE, sizeof(int));
    ring_stats_t biggest = {0};
    double area = 0;
    for (int ri = c->feat_off[f]; ri < c->feat_off[f + 1]; ri++) {
        const cm__geo_cut_ring_t *r = &g_array_index(c->rings, cm__geo_cut_ring_t, ri);
        ring_stats_t st = ring_full(b, r, sh->bbox);
        area += r->hole ? -fabs(st.area) : fabs(st.area);
        if (!r->hole && fabs(st.area) > fabs(biggest.area))
            biggest = st;
        ring_simplified(b, r);
        if (b->tmp->len < 3)
            continue;
        cm_geo_xy_t *pts = (cm_geo_xy_t *)b->tmp->data;
        if (fabs(cm_geo_signed_area(pts, (int)b->tmp->len)) < b->min_area)
            continue;
        cm_geo_path_t path = {g_memdup2(pts, sizeof *pts * b->tmp->len), (int)b->tmp->len, r->hole};
        g_array_append_val(paths, path);
        g_array_append_val(poly, r->polygon);
    }
    /* Holes whose outer ring was dropped would fill instead of cut: drop them too. */
    cm_geo_path_t *pv = (cm_geo_path_t *)paths->data;
    const int *po = (const int *)poly->data;
    guint kept = 0;
    for (guint i = 0; i < paths->len; i++) {
        bool ok = !pv[i].hole;
        for (guint j = 0; j < paths->len && !ok; j++)
            ok = !pv[j].hole && po[j] == po[i];
        if (!ok) {
            g_free(pv[i].pts);
            continue;
        }
        g_array_index(poly, int, kept) = po[i];
        pv[kept++] = pv[i];
    }
    g_array_set_size(paths, kept);
    sh->area = MAX(area, 0);
    sh->n_rings = (int)paths->len;
    sh->rings = (cm_geo_path_t *)g_array_free(paths, FALSE);
    shape_label(sh, (const int *)poly->data, &biggest);
    g_array_free(poly, TRUE);
}

cm_geo_map_t *
cm_geo_map_new(const cm_geo_projected_t *pg, const cm_geo_fit_t *fit, const cm_geo_map_opts_t *opts)
{
    g_return_val_if_fail(pg != NULL && fit != NULL, NULL);
    const cm__geo_cut_t *c = &pg->cut;
    double tol = opts && opts->tolerance_px > 0 ? opts->tolerance_px : 0.5;
    int np = (int)c->pts->len, ns = cm__geo_seg_count(c);
    const cm_geo_xy_t *src = (const cm_geo_xy_t *)c->pts->data;
    /* Zeroed: when there are no points, no segment has any either, but the analyzer cannot
     * see that and would follow a read of the unset spare element. */
    cm_geo_xy_t *pix = g_new0(cm_geo_xy_t, np > 0 ? np : 1);
    for (int i = 0; i < np; i++) {
        if (src[i].x == HUGE_VAL)
            pix[i] = src[i];
        else
            pix[i] =
                (cm_geo_xy_t){fit->tx + fit->scale * src[i].x, fit->ty - fit->scale * src[i].y};
    }
    bool *keep = g_new0(bool, np > 0 ? np : 1);
    for (int s = 0; s < ns; s++) {
        int lo = g_array_index(c->seg_off, int, s), hi = g_array_index(c->seg_off, int, s + 1);
        cm__geo_simplify(pix + lo, hi - lo, tol, MAX_SEGMENT_PX, keep + lo);
    }
    builder_t b = {c, pix, keep, opts && opts->min_area_px2 > 0 ? opts->min_area_px2 : 0.25,
                   g_array_new(FALSE, FALSE, sizeof(cm_geo_xy_t))};
    cm_geo_map_t *map = g_new0(cm_geo_map_t, 1);
    map->fit = *fit;
    map->n_shapes = c->n_features;
    map->shapes = g_new0(cm_geo_shape_t, MAX(c->n_features, 1));
    for (int f = 0; f < c->n_features; f++) {
        map->shapes[f].feature = &pg->geo->features[f];
        build_shape(&b, &map->shapes[f], f);
        for (int r = 0; r < map->shapes[f].n_rings; r++)
            map->n_points += map->shapes[f].rings[r].n;
    }
    g_array_free(b.tmp, TRUE);
    g_free(keep);
    g_free(pix);
    return map;
}

void
cm_geo_map_free(cm_geo_map_t *map)
{
    if (!map)
        return;
    for (int f = 0; f < map->n_shapes; f++) {
        for (int r = 0; r < map->shapes[f].n_rings; r++)
            g_free(map->shapes[f].rings[r].pts);
        g_free(map->shapes[f].rings);
    }
    g_free(map->shapes);
    g_free(map);
}

const cm_geo_shape_t *
cm_geo_map_find(const cm_geo_map_t *map, const char *id)
{
    for (int i = 0; map && id && i < map->n_shapes; i++) {
        const char *fid = map->shapes[i].feature->id;
        if (fid && strcmp(fid, id) == 0)
            return &map->shapes[i];
    }
    return NULL;
}
