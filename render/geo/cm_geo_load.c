/* cm_geo_load.c — reads GeoJSON and TopoJSON basemaps into a cm_geo_t.
 *
 * TopoJSON (https://github.com/topojson/topojson-specification): every border is an arc,
 * a list of positions; with a "transform" the positions are quantized integers stored as
 * deltas from the previous position (x = Σdx · scale + translate). A ring is a list of arc
 * indices; a negative index ~i means arc i walked backwards. Consecutive arcs share their
 * join point, which is written once. GeoJSON (RFC 7946): each ring is a list of positions;
 * here every GeoJSON ring becomes an arc of its own, so the rest of the pipeline sees one
 * model.
 *
 * The bytes are parsed by cm_geo_json.c (a strict parser that packs arrays of numbers,
 * with json-glib behind it for error messages and lenient files); this file walks the tree.
 * Data errors name the file and, where the tree knows it, the line of the offending value.
 */
#include "cm_geo.h"
#include "cm_geo_private.h"
#include "util/cm_error.h"

#include <limits.h>
#include <math.h>
#include <string.h>

typedef const cm__json_node_t node_t;

typedef struct {
    const char *path;
    const char *id_property;
    GArray *features; /* cm_geo_feature_t */
    GArray *arcs;     /* cm_geo_arc_t */
    int n_ids;
    gint64 max_vertices; /* the cap, on vertices as drawn: arcs counted at every use */
    gint64 expanded;     /* vertices of the rings built so far */
} loader_t;

/* ---- helpers on tree nodes ---- */

static const char *
member_string(node_t *o, const char *name)
{
    node_t *n = cm__json_member(o, name);
    return n && n->type == CM__JSON_STRING ? n->v.s : NULL;
}

static node_t *
member_object(node_t *o, const char *name)
{
    node_t *n = cm__json_member(o, name);
    return n && n->type == CM__JSON_OBJECT ? n : NULL;
}

static bool
is_list(node_t *n)
{
    return n && (n->type == CM__JSON_ARRAY || n->type == CM__JSON_NUMBERS);
}

/* Walks the numbers of a list in order, packed or not. */
typedef struct {
    node_t *list, *at;
    int k;
} nums_t;

static void
nums_init(nums_t *it, node_t *list)
{
    it->list = list;
    it->at = list->type == CM__JSON_ARRAY ? list->v.first : NULL;
    it->k = 0;
}

/* The next element as a finite number; false when it is something else. */
static bool
nums_next(nums_t *it, double *d)
{
    if (it->list->type == CM__JSON_NUMBERS) {
        *d = it->list->v.nums[it->k++];
        return isfinite(*d);
    }
    node_t *n = it->at;
    it->at = n->next;
    it->k++;
    return cm__json_number(n, d);
}

/* A position: a list of at least two finite numbers. */
static bool
position(node_t *n, cm_geo_xy_t *p)
{
    if (!n || n->type != CM__JSON_NUMBERS || n->n < 2)
        return false;
    p->x = n->v.nums[0];
    p->y = n->v.nums[1];
    return isfinite(p->x) && isfinite(p->y);
}

/* A string or number id as a new string; NULL otherwise. */
static char *
node_id(node_t *n)
{
    if (!n)
        return NULL;
    if (n->type == CM__JSON_STRING)
        return *n->v.s ? g_strdup(n->v.s) : NULL;
    if (n->type == CM__JSON_INT)
        return g_strdup_printf("%" G_GINT64_FORMAT, n->v.i);
    if (n->type == CM__JSON_DOUBLE) {
        char buf[G_ASCII_DTOSTR_BUF_SIZE];
        return g_strdup(g_ascii_formatd(buf, sizeof buf, "%.15g", n->v.d));
    }
    return NULL;
}

static void
feature_id_name(loader_t *L, node_t *feat, cm_geo_feature_t *f)
{
    node_t *props = member_object(feat, "properties");
    if (L->id_property)
        f->id = node_id(cm__json_member(props, L->id_property));
    else
        f->id = node_id(cm__json_member(feat, "id"));
    static const char *const names[] = {"name", "NAME", "name_en", "ADMIN", "admin"};
    for (size_t i = 0; i < G_N_ELEMENTS(names) && !f->name; i++) {
        const char *s = member_string(props, names[i]);
        if (s && *s)
            f->name = g_strdup(s);
    }
    if (f->id)
        L->n_ids++;
}

/* "feature “ID”" (or its name, or its number) followed by ": " for messages. */
static const char *
feature_label(const cm_geo_feature_t *f, int index, char *buf, size_t size)
{
    if (f->id)
        g_snprintf(buf, size, "feature “%s”", f->id);
    else if (f->name)
        g_snprintf(buf, size, "feature “%s”", f->name);
    else
        g_snprintf(buf, size, "feature %d", index + 1);
    return buf;
}

/* "PATH”:LINE" — the file and, when known, the line of N — for messages. */
static const char *
where(const loader_t *L, node_t *n, char *buf, size_t size)
{
    if (n && n->line > 0)
        g_snprintf(buf, size, "%s”:%d", L->path, n->line);
    else
        g_snprintf(buf, size, "%s”", L->path);
    return buf;
}

/* ---- rings ---- */

static void
ring_close(GArray *pts)
{
    cm_geo_xy_t *a = &g_array_index(pts, cm_geo_xy_t, 0);
    cm_geo_xy_t *b = &g_array_index(pts, cm_geo_xy_t, pts->len - 1);
    if (a->x != b->x || a->y != b->y) {
        cm_geo_xy_t first = *a;
        g_array_append_val(pts, first);
    }
}

/* Appends RING to POLYS' last polygon when it has at least 4 points (a closed triangle);
 * an outer ring that is too short drops its whole polygon (signalled by false). */
static bool
polygon_add_ring(GArray *rings, GArray *pts, GArray *arcs)
{
    if (pts->len < 4) {
        g_array_free(pts, TRUE);
        g_array_free(arcs, TRUE);
        return rings->len > 0;
    }
    cm_geo_ring_t r = {0};
    r.n = (int)pts->len;
    r.pts = (cm_geo_xy_t *)g_array_free(pts, FALSE);
    r.n_arcs = (int)arcs->len;
    r.arcs = (int *)g_array_free(arcs, FALSE);
    r.hole = rings->len > 0;
    g_array_append_val(rings, r);
    return true;
}

static void
rings_free(GArray *rings)
{
    for (guint i = 0; i < rings->len; i++) {
        cm_geo_ring_t *r = &g_array_index(rings, cm_geo_ring_t, i);
        g_free(r->pts);
        g_free(r->arcs);
    }
    g_array_free(rings, TRUE);
}

static void
feature_add_polygon(GArray *polys, GArray *rings)
{
    if (rings->len == 0) {
        g_array_free(rings, TRUE);
        return;
    }
    cm_geo_polygon_t p = {.n_rings = (int)rings->len};
    p.rings = (cm_geo_ring_t *)g_array_free(rings, FALSE);
    g_array_append_val(polys, p);
}

static void
feature_finish(loader_t *L, cm_geo_feature_t *f, GArray *polys)
{
    f->n_polygons = (int)polys->len;
    f->polygons = (cm_geo_polygon_t *)g_array_free(polys, FALSE);
    if (f->n_polygons == 0) {
        if (f->id)
            L->n_ids--;
        cm__geo_feature_clear(f);
        return;
    }
    g_array_append_val(L->features, *f);
}

/* Frees what a half-built feature owns. */
static void
feature_abandon(cm_geo_feature_t *f, GArray *polys)
{
    f->n_polygons = (int)polys->len;
    f->polygons = (cm_geo_polygon_t *)g_array_free(polys, FALSE);
    cm__geo_feature_clear(f);
}

/* ---- TopoJSON ---- */

static bool
topo_transform(loader_t *L, node_t *root, double t[4], bool *quantized, GError **error)
{
    node_t *tr = member_object(root, "transform");
    *quantized = tr != NULL;
    if (!tr)
        return true;
    node_t *s = cm__json_member(tr, "scale"), *o = cm__json_member(tr, "translate");
    cm_geo_xy_t scale, translate;
    if (!position(s, &scale) || !position(o, &translate)) {
        char at[512];
        g_set_error(error, CM_ERROR, CM_ERROR_DATA,
                    "basemap “%s: “transform” needs “scale” and “translate” of two numbers",
                    where(L, tr, at, sizeof at));
        return false;
    }
    t[0] = scale.x, t[1] = scale.y, t[2] = translate.x, t[3] = translate.y;
    return true;
}

/* Decodes the top-level "arcs" (positions delta-encoded when QUANTIZED). */
static bool
topo_arcs(loader_t *L, node_t *arcs, const double t[4], bool quantized, GError **error)
{
    int i = 0;
    node_t *an = arcs->type == CM__JSON_ARRAY ? arcs->v.first : NULL;
    if (arcs->type == CM__JSON_NUMBERS)
        goto bad;
    for (; an; an = an->next, i++) {
        if (an->type != CM__JSON_ARRAY)
            goto bad;
        cm_geo_arc_t arc = {.n = an->n};
        arc.pts = g_new(cm_geo_xy_t, arc.n > 0 ? arc.n : 1);
        double x = 0, y = 0;
        int k = 0;
        for (node_t *pn = an->v.first; pn; pn = pn->next, k++) {
            cm_geo_xy_t p;
            if (!position(pn, &p)) {
                g_free(arc.pts);
                an = pn;
                goto bad;
            }
            if (quantized) {
                x += p.x;
                y += p.y;
                arc.pts[k] = (cm_geo_xy_t){x * t[0] + t[2], y * t[1] + t[3]};
            } else {
                arc.pts[k] = p;
            }
        }
        g_array_append_val(L->arcs, arc);
    }
    return true;
bad : {
    char at[512];
    g_set_error(error, CM_ERROR, CM_ERROR_DATA,
                "basemap “%s: arc %d is not a list of [x, y] positions",
                where(L, an ? an : arcs, at, sizeof at), i);
    return false;
}
}

/* One ring from a list of arc indices. */
static bool
topo_ring(loader_t *L, node_t *refs, GArray *rings, const char *what, GError **error)
{
    int n_arcs = (int)L->arcs->len;
    GArray *pts = g_array_new(FALSE, FALSE, sizeof(cm_geo_xy_t));
    GArray *arcs = g_array_new(FALSE, FALSE, sizeof(int));
    char at[512];
    nums_t it;
    nums_init(&it, refs);
    for (int k = 0; k < refs->n; k++) {
        double d;
        if (!nums_next(&it, &d) || d != floor(d)) {
            g_set_error(error, CM_ERROR, CM_ERROR_DATA,
                        "basemap “%s: %s: arc references must be integers",
                        where(L, refs, at, sizeof at), what);
            goto fail;
        }
        if (d < -(double)INT_MAX || d > INT_MAX || (d < 0 ? ~(int)d : (int)d) >= n_arcs) {
            g_set_error(error, CM_ERROR, CM_ERROR_DATA,
                        "basemap “%s: %s: arc index %.*g out of range (the file has %d arcs)",
                        where(L, refs, at, sizeof at), what, fabs(d) < 1e15 ? 15 : 6, d, n_arcs);
            goto fail;
        }
        int idx = d < 0 ? ~(int)d : (int)d;
        const cm_geo_arc_t *arc = &g_array_index(L->arcs, cm_geo_arc_t, idx);
        int ref = (int)d;
        /* An arc reused by many rings costs its vertices at every use: a small file whose
         * arcs are referenced over and over must not make unbounded work downstream. */
        L->expanded += arc->n;
        if (L->expanded > L->max_vertices) {
            g_set_error(error, CM_ERROR, CM_ERROR_DATA,
                        "basemap “%s: %s: the rings reuse arcs to more than %" G_GINT64_FORMAT
                        " vertices in all (the cap); raise --max-vertices if the file is right",
                        where(L, refs, at, sizeof at), what, L->max_vertices);
            goto fail;
        }
        /* An empty arc adds nothing, not even a reference: copying from it was undefined
         * (no points), and the cut assumes every referenced arc has an end. */
        if (arc->n == 0)
            continue;
        /* the join point is shared with the previous arc */
        int skip = pts->len > 0 ? 1 : 0;
        guint at = pts->len;
        g_array_set_size(pts, at + (guint)(arc->n - skip));
        cm_geo_xy_t *out = &g_array_index(pts, cm_geo_xy_t, at);
        if (d >= 0)
            memcpy(out, arc->pts + skip, sizeof *out * (size_t)(arc->n - skip));
        else
            for (int j = skip; j < arc->n; j++)
                *out++ = arc->pts[arc->n - 1 - j];
        g_array_append_val(arcs, ref);
    }
    if (pts->len > 0)
        ring_close(pts);
    return polygon_add_ring(rings, pts, arcs);
fail:
    g_array_free(pts, TRUE);
    g_array_free(arcs, TRUE);
    return false;
}

/* A polygon: a list of rings, each a list of arc indices. */
static bool
topo_polygon(loader_t *L, node_t *pn, GArray *polys, const char *what, GError **error)
{
    if (!pn || pn->type != CM__JSON_ARRAY)
        goto bad;
    GArray *rings = g_array_new(FALSE, FALSE, sizeof(cm_geo_ring_t));
    for (node_t *rn = pn->v.first; rn; rn = rn->next) {
        if (!is_list(rn)) {
            rings_free(rings);
            goto bad;
        }
        GError *err = NULL;
        if (!topo_ring(L, rn, rings, what, &err)) {
            if (err) {
                g_propagate_error(error, err);
                rings_free(rings);
                return false;
            }
            break; /* outer ring too short: the polygon is dropped */
        }
    }
    feature_add_polygon(polys, rings);
    return true;
bad : {
    char at[512];
    g_set_error(error, CM_ERROR, CM_ERROR_DATA,
                "basemap “%s: %s: “arcs” is not a list of rings of arc indices",
                where(L, pn, at, sizeof at), what);
    return false;
}
}

static bool
topo_geometry(loader_t *L, node_t *g, int index, GError **error)
{
    const char *type = member_string(g, "type");
    bool multi = type && strcmp(type, "MultiPolygon") == 0;
    if (!type || (!multi && strcmp(type, "Polygon") != 0))
        return true; /* points, lines, null geometries: nothing to draw */
    cm_geo_feature_t f = {0};
    feature_id_name(L, g, &f);
    char what[160];
    feature_label(&f, index, what, sizeof what);
    node_t *arcs = cm__json_member(g, "arcs");
    GArray *polys = g_array_new(FALSE, FALSE, sizeof(cm_geo_polygon_t));
    if (!is_list(arcs)) {
        char at[512];
        g_set_error(error, CM_ERROR, CM_ERROR_DATA, "basemap “%s: %s: %s without “arcs”",
                    where(L, g, at, sizeof at), what, type);
        goto fail;
    }
    if (multi) {
        if (arcs->type == CM__JSON_NUMBERS) {
            if (!topo_polygon(L, NULL, polys, what, error))
                goto fail;
        }
        for (node_t *pn = arcs->type == CM__JSON_ARRAY ? arcs->v.first : NULL; pn; pn = pn->next)
            if (!topo_polygon(L, pn, polys, what, error))
                goto fail;
    } else if (!topo_polygon(L, arcs, polys, what, error)) {
        goto fail;
    }
    feature_finish(L, &f, polys);
    return true;
fail:
    feature_abandon(&f, polys);
    return false;
}

static node_t *
topo_pick_object(node_t *objects)
{
    node_t *o = member_object(objects, "countries");
    if (o)
        return o;
    for (node_t *m = objects ? objects->v.first : NULL; m; m = m->next) {
        const char *t = m->type == CM__JSON_OBJECT ? member_string(m, "type") : NULL;
        if (t && strcmp(t, "GeometryCollection") == 0 && cm__json_member(objects, m->key) == m)
            return m;
    }
    return NULL;
}

static bool
load_topojson(loader_t *L, node_t *root, GError **error)
{
    node_t *arcs = cm__json_member(root, "arcs");
    if (!is_list(arcs)) {
        g_set_error(error, CM_ERROR, CM_ERROR_DATA,
                    "basemap “%s”: TopoJSON without an “arcs” array", L->path);
        return false;
    }
    double t[4] = {1, 1, 0, 0};
    bool quantized;
    if (!topo_transform(L, root, t, &quantized, error) || !topo_arcs(L, arcs, t, quantized, error))
        return false;
    node_t *obj = topo_pick_object(member_object(root, "objects"));
    node_t *geoms = cm__json_member(obj, "geometries");
    if (!geoms || geoms->type != CM__JSON_ARRAY) {
        if (geoms && geoms->type == CM__JSON_NUMBERS)
            return true; /* nothing but numbers: no geometry objects */
        g_set_error(error, CM_ERROR, CM_ERROR_DATA,
                    "basemap “%s”: TopoJSON without “objects.countries” or another "
                    "GeometryCollection",
                    L->path);
        return false;
    }
    int i = 0;
    for (node_t *gn = geoms->v.first; gn; gn = gn->next, i++)
        if (gn->type == CM__JSON_OBJECT && !topo_geometry(L, gn, i, error))
            return false;
    return true;
}

/* ---- GeoJSON ---- */

/* A ring: a list of positions. It becomes a new arc. */
static bool
geojson_ring(loader_t *L, node_t *rn, GArray *rings)
{
    if (!rn || rn->type != CM__JSON_ARRAY)
        return false;
    GArray *pts = g_array_sized_new(FALSE, FALSE, sizeof(cm_geo_xy_t), (guint)rn->n + 1);
    for (node_t *pn = rn->v.first; pn; pn = pn->next) {
        cm_geo_xy_t p;
        if (!position(pn, &p)) {
            g_array_free(pts, TRUE);
            return false;
        }
        g_array_append_val(pts, p);
    }
    if (pts->len > 0)
        ring_close(pts);
    int ref = (int)L->arcs->len;
    g_array_set_size(L->arcs, L->arcs->len + 1); /* the arc is made in place: L owns it */
    cm_geo_arc_t *arc = &g_array_index(L->arcs, cm_geo_arc_t, ref);
    arc->n = (int)pts->len;
    arc->pts = g_new(cm_geo_xy_t, pts->len ? pts->len : 1);
    if (pts->len)
        memcpy(arc->pts, pts->data, sizeof(cm_geo_xy_t) * pts->len);
    GArray *arcs = g_array_new(FALSE, FALSE, sizeof(int));
    g_array_append_val(arcs, ref);
    polygon_add_ring(rings, pts, arcs);
    return true;
}

static bool
geojson_polygon(loader_t *L, node_t *pn, GArray *polys)
{
    if (!pn || pn->type != CM__JSON_ARRAY)
        return false;
    GArray *rings = g_array_new(FALSE, FALSE, sizeof(cm_geo_ring_t));
    bool first = true;
    for (node_t *rn = pn->v.first; rn; rn = rn->next) {
        guint before = rings->len;
        if (!geojson_ring(L, rn, rings)) {
            rings_free(rings);
            return false;
        }
        if (first && rings->len == before)
            break; /* degenerate outer ring: drop the polygon */
        first = false;
    }
    feature_add_polygon(polys, rings);
    return true;
}

static bool
geojson_feature(loader_t *L, node_t *feat, int index, GError **error)
{
    node_t *geom = member_object(feat, "geometry");
    const char *type = member_string(geom, "type");
    bool multi = type && strcmp(type, "MultiPolygon") == 0;
    if (!type || (!multi && strcmp(type, "Polygon") != 0))
        return true;
    cm_geo_feature_t f = {0};
    feature_id_name(L, feat, &f);
    GArray *polys = g_array_new(FALSE, FALSE, sizeof(cm_geo_polygon_t));
    node_t *coords = cm__json_member(geom, "coordinates");
    bool ok = coords != NULL;
    if (ok && multi) {
        ok = coords->type == CM__JSON_ARRAY;
        for (node_t *pn = ok ? coords->v.first : NULL; ok && pn; pn = pn->next)
            ok = geojson_polygon(L, pn, polys);
    } else if (ok) {
        ok = geojson_polygon(L, coords, polys);
    }
    if (!ok) {
        char what[160], at[512];
        g_set_error(error, CM_ERROR, CM_ERROR_DATA,
                    "basemap “%s: %s: %s “coordinates” are not rings of [lon, lat] positions",
                    where(L, coords ? coords : geom, at, sizeof at),
                    feature_label(&f, index, what, sizeof what), type);
        feature_abandon(&f, polys);
        return false;
    }
    feature_finish(L, &f, polys);
    return true;
}

static bool
load_geojson(loader_t *L, node_t *root, const char *type, GError **error)
{
    if (strcmp(type, "Feature") == 0)
        return geojson_feature(L, root, 0, error);
    node_t *feats = cm__json_member(root, "features");
    if (!feats || feats->type != CM__JSON_ARRAY) {
        g_set_error(error, CM_ERROR, CM_ERROR_DATA,
                    "basemap “%s”: FeatureCollection without a “features” array", L->path);
        return false;
    }
    int i = 0;
    for (node_t *fn = feats->v.first; fn; fn = fn->next, i++)
        if (fn->type == CM__JSON_OBJECT && !geojson_feature(L, fn, i, error))
            return false;
    return true;
}

/* ---- the whole file ---- */

/* Whether the first rings of polygons mostly run clockwise (lon/lat, y up). Rings that
 * jump across ±180 are left out: their planar area means nothing. */
static bool
detect_outer_cw(const cm_geo_t *geo)
{
    int cw = 0, ccw = 0;
    for (int i = 0; i < geo->n_features; i++) {
        const cm_geo_feature_t *f = &geo->features[i];
        for (int p = 0; p < f->n_polygons; p++) {
            const cm_geo_ring_t *r = &f->polygons[p].rings[0];
            bool jumps = false;
            for (int k = 1; k < r->n && !jumps; k++)
                jumps = fabs(r->pts[k].x - r->pts[k - 1].x) > 180;
            if (jumps)
                continue;
            double a = cm_geo_signed_area(r->pts, r->n);
            cw += a < 0;
            ccw += a > 0;
        }
    }
    return cw >= ccw;
}

cm_geo_t *
cm_geo_load_full(const char *path, const cm_geo_load_opts_t *opts, GError **error)
{
    g_return_val_if_fail(path != NULL, NULL);
    const char *id_property = opts ? opts->id_property : NULL;
    gint64 max_vertices =
        opts && opts->max_vertices > 0 ? opts->max_vertices : CM_GEO_MAX_VERTICES_DEFAULT;
    char *buf = NULL;
    gsize len = 0;
    GError *err = NULL;
    if (!g_file_get_contents(path, &buf, &len, &err)) {
        g_set_error(error, CM_ERROR, CM_ERROR_IO, "cannot read basemap “%s”: %s", path,
                    err->message);
        g_error_free(err);
        return NULL;
    }
    cm__json_t *doc = cm__json_read(path, buf, len, max_vertices, error);
    g_free(buf);
    if (!doc)
        return NULL;
    loader_t L = {.path = path, .id_property = id_property, .max_vertices = max_vertices};
    L.features = g_array_new(FALSE, FALSE, sizeof(cm_geo_feature_t));
    L.arcs = g_array_new(FALSE, FALSE, sizeof(cm_geo_arc_t));
    node_t *root = cm__json_root(doc);
    const char *type = member_string(root, "type");
    bool topo = type && strcmp(type, "Topology") == 0;
    bool ok;
    if (topo) {
        ok = load_topojson(&L, root, error);
    } else if (type && (strcmp(type, "FeatureCollection") == 0 || strcmp(type, "Feature") == 0)) {
        ok = load_geojson(&L, root, type, error);
    } else {
        ok = false;
        g_set_error(error, CM_ERROR, CM_ERROR_DATA,
                    "basemap “%s” is neither GeoJSON nor TopoJSON (top-level “type” is “%s”, "
                    "expected “FeatureCollection” or “Topology”)",
                    path, type ? type : "missing");
    }
    if (ok && L.features->len == 0) {
        ok = false;
        g_set_error(error, CM_ERROR, CM_ERROR_DATA,
                    "basemap “%s” has no Polygon or MultiPolygon features", path);
    } else if (ok && L.n_ids == 0) {
        ok = false;
        if (id_property)
            g_set_error(error, CM_ERROR, CM_ERROR_DATA,
                        "basemap “%s”: no feature has the id property “%s”; name the property "
                        "that holds country codes",
                        path, id_property);
        else
            g_set_error(error, CM_ERROR, CM_ERROR_DATA,
                        "basemap “%s”: no feature has an “id”; name the property that holds "
                        "country codes (--id-property)",
                        path);
    }
    cm__json_free(doc);
    cm_geo_t *geo = g_new0(cm_geo_t, 1);
    geo->path = g_strdup(path);
    geo->topology = topo;
    geo->n_features = (int)L.features->len;
    geo->features = (cm_geo_feature_t *)g_array_free(L.features, FALSE);
    geo->n_arcs = (int)L.arcs->len;
    geo->arcs = (cm_geo_arc_t *)g_array_free(L.arcs, FALSE);
    if (!ok) {
        cm_geo_free(geo);
        return NULL;
    }
    geo->outer_cw = detect_outer_cw(geo);
    return geo;
}

cm_geo_t *
cm_geo_load(const char *path, const char *id_property, GError **error)
{
    cm_geo_load_opts_t opts = {.id_property = id_property};
    return cm_geo_load_full(path, &opts, error);
}

void
cm_geo_free(cm_geo_t *geo)
{
    if (!geo)
        return;
    for (int i = 0; i < geo->n_features; i++)
        cm__geo_feature_clear(&geo->features[i]);
    for (int i = 0; i < geo->n_arcs; i++)
        g_free(geo->arcs[i].pts);
    g_free(geo->features);
    g_free(geo->arcs);
    g_free(geo->path);
    g_free(geo);
}

void
cm__geo_feature_clear(cm_geo_feature_t *f)
{
    for (int p = 0; p < f->n_polygons; p++) {
        for (int r = 0; r < f->polygons[p].n_rings; r++) {
            g_free(f->polygons[p].rings[r].pts);
            g_free(f->polygons[p].rings[r].arcs);
        }
        g_free(f->polygons[p].rings);
    }
    g_free(f->polygons);
    g_free(f->id);
    g_free(f->name);
    memset(f, 0, sizeof *f);
}

const cm_geo_feature_t *
cm_geo_find(const cm_geo_t *geo, const char *id)
{
    for (int i = 0; geo && id && i < geo->n_features; i++)
        if (geo->features[i].id && strcmp(geo->features[i].id, id) == 0)
            return &geo->features[i];
    return NULL;
}

const cm_geo_feature_t *
cm_geo_find_name(const cm_geo_t *geo, const char *name)
{
    for (int i = 0; geo && name && i < geo->n_features; i++)
        if (geo->features[i].name && strcmp(geo->features[i].name, name) == 0)
            return &geo->features[i];
    return NULL;
}
