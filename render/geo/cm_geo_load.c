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
 * json-glib parses the document. It builds one node per number, which for the 50m world
 * (160 000 numbers in "arcs") costs ~120 ms, so a strict scanner first reads the top-level
 * "arcs" array of a TopoJSON file straight from the bytes and blanks it out (newlines kept,
 * so json-glib's line:column in errors stay true) before json-glib sees the rest. Whenever
 * that scanner meets anything unexpected it gives up and json-glib reads the whole file,
 * so every syntax error is reported by json-glib.
 */
#include "cm_geo.h"
#include "cm_geo_private.h"
#include "util/cm_error.h"

#include <json-glib/json-glib.h>
#include <limits.h>
#include <math.h>
#include <string.h>

/* Raw arc positions before the transform: xy pairs and per-arc offsets (n_arcs + 1). */
typedef struct {
    GArray *xy;  /* double */
    GArray *off; /* int */
} raw_arcs_t;

typedef struct {
    const char *path;
    const char *id_property;
    GArray *features; /* cm_geo_feature_t */
    GArray *arcs;     /* cm_geo_arc_t */
    int n_ids;
} loader_t;

/* ---- the fast "arcs" scanner ---- */

typedef struct {
    const char *s, *end;
} cursor_t;

static void
skip_ws(cursor_t *c)
{
    while (c->s < c->end && (*c->s == ' ' || *c->s == '\n' || *c->s == '\r' || *c->s == '\t'))
        c->s++;
}

static bool
eat(cursor_t *c, char ch)
{
    skip_ws(c);
    if (c->s < c->end && *c->s == ch) {
        c->s++;
        return true;
    }
    return false;
}

/* Reads one JSON number; plain integers without the libc, the rest with g_ascii_strtod. */
static bool
scan_number(cursor_t *c, double *out)
{
    skip_ws(c);
    const char *p = c->s;
    bool neg = false;
    if (p < c->end && *p == '-') {
        neg = true;
        p++;
    }
    const char *digits = p;
    gint64 v = 0;
    while (p < c->end && *p >= '0' && *p <= '9' && p - digits < 15)
        v = v * 10 + (*p++ - '0');
    if (p == digits)
        return false;
    if (p < c->end && (*p == '.' || *p == 'e' || *p == 'E' || (*p >= '0' && *p <= '9'))) {
        char buf[64];
        const char *q = c->s;
        size_t k = 0;
        while (q < c->end && k < sizeof buf - 1 && strchr("+-.eE0123456789", *q))
            buf[k++] = *q++;
        buf[k] = '\0';
        char *endp;
        double d = g_ascii_strtod(buf, &endp);
        if (endp == buf || !isfinite(d))
            return false;
        *out = d;
        c->s += endp - buf;
        return true;
    }
    *out = neg ? -(double)v : (double)v;
    c->s = p;
    return true;
}

/* [[[x,y,...],...],...] into RAW; false on anything else. */
static bool
scan_arcs(cursor_t *c, raw_arcs_t *raw)
{
    if (!eat(c, '['))
        return false;
    if (eat(c, ']'))
        return true;
    do {
        if (!eat(c, '['))
            return false;
        if (!eat(c, ']')) {
            do {
                double x, y, z;
                if (!eat(c, '[') || !scan_number(c, &x) || !eat(c, ',') || !scan_number(c, &y))
                    return false;
                while (eat(c, ','))
                    if (!scan_number(c, &z))
                        return false;
                if (!eat(c, ']'))
                    return false;
                g_array_append_val(raw->xy, x);
                g_array_append_val(raw->xy, y);
            } while (eat(c, ','));
            if (!eat(c, ']'))
                return false;
        }
        int n = (int)(raw->xy->len / 2);
        g_array_append_val(raw->off, n);
    } while (eat(c, ','));
    return eat(c, ']');
}

/* Finds the value of the top-level member "arcs": the offset of its first byte. */
static bool
find_top_arcs(const char *s, size_t len, size_t *start)
{
    int depth = 0;
    for (size_t i = 0; i < len; i++) {
        char ch = s[i];
        if (ch == '{' || ch == '[') {
            depth++;
        } else if (ch == '}' || ch == ']') {
            depth--;
        } else if (ch == '"') {
            size_t k = i + 1;
            while (k < len && s[k] != '"')
                k += s[k] == '\\' ? 2 : 1;
            if (k >= len)
                return false;
            bool is_arcs = depth == 1 && k - i - 1 == 4 && memcmp(s + i + 1, "arcs", 4) == 0;
            i = k;
            if (!is_arcs)
                continue;
            size_t j = k + 1;
            while (j < len && strchr(" \t\r\n", s[j]))
                j++;
            if (j < len && s[j] == ':') {
                *start = j + 1;
                return true;
            }
        }
    }
    return false;
}

/* Reads the top-level "arcs" into RAW and cuts them out of BUF, leaving "[]" and the
 * newlines they spanned (line numbers in later errors stay true; the caller re-parses the
 * original when json-glib reports an error). Updates *LEN. False leaves BUF alone. */
static bool
fast_arcs(char *buf, gsize *len, raw_arcs_t *raw)
{
    size_t start;
    if (!find_top_arcs(buf, *len, &start))
        return false;
    cursor_t c = {buf + start, buf + *len};
    int zero = 0;
    g_array_append_val(raw->off, zero);
    if (!scan_arcs(&c, raw)) {
        g_array_set_size(raw->xy, 0);
        g_array_set_size(raw->off, 0);
        return false;
    }
    char *w = buf + start;
    *w++ = '[';
    *w++ = ']';
    for (const char *p = buf + start; p < c.s; p++)
        if (*p == '\n')
            *w++ = '\n';
    size_t tail = (size_t)(buf + *len - c.s);
    memmove(w, c.s, tail);
    *len = (gsize)(w + tail - buf);
    buf[*len] = '\0';
    return true;
}

/* ---- helpers on json-glib nodes ---- */

static const char *
member_string(JsonObject *o, const char *name)
{
    JsonNode *n = o ? json_object_get_member(o, name) : NULL;
    if (!n || JSON_NODE_TYPE(n) != JSON_NODE_VALUE || json_node_get_value_type(n) != G_TYPE_STRING)
        return NULL;
    return json_node_get_string(n);
}

static JsonArray *
member_array(JsonObject *o, const char *name)
{
    JsonNode *n = o ? json_object_get_member(o, name) : NULL;
    return n && JSON_NODE_HOLDS_ARRAY(n) ? json_node_get_array(n) : NULL;
}

static JsonObject *
member_object(JsonObject *o, const char *name)
{
    JsonNode *n = o ? json_object_get_member(o, name) : NULL;
    return n && JSON_NODE_HOLDS_OBJECT(n) ? json_node_get_object(n) : NULL;
}

static bool
node_number(JsonNode *n, double *out)
{
    if (!n || JSON_NODE_TYPE(n) != JSON_NODE_VALUE)
        return false;
    GType t = json_node_get_value_type(n);
    if (t == G_TYPE_INT64)
        *out = (double)json_node_get_int(n);
    else if (t == G_TYPE_DOUBLE)
        *out = json_node_get_double(n);
    else
        return false;
    return isfinite(*out);
}

/* A string or number id as a new string; NULL otherwise. */
static char *
node_id(JsonNode *n)
{
    if (!n || JSON_NODE_TYPE(n) != JSON_NODE_VALUE)
        return NULL;
    GType t = json_node_get_value_type(n);
    if (t == G_TYPE_STRING) {
        const char *s = json_node_get_string(n);
        return s && *s ? g_strdup(s) : NULL;
    }
    if (t == G_TYPE_INT64)
        return g_strdup_printf("%" G_GINT64_FORMAT, json_node_get_int(n));
    if (t == G_TYPE_DOUBLE) {
        char buf[G_ASCII_DTOSTR_BUF_SIZE];
        return g_strdup(g_ascii_formatd(buf, sizeof buf, "%.15g", json_node_get_double(n)));
    }
    return NULL;
}

static void
feature_id_name(loader_t *L, JsonObject *feat, cm_geo_feature_t *f)
{
    JsonObject *props = member_object(feat, "properties");
    if (L->id_property)
        f->id = node_id(props ? json_object_get_member(props, L->id_property) : NULL);
    else
        f->id = node_id(json_object_get_member(feat, "id"));
    static const char *const names[] = {"name", "NAME", "name_en", "ADMIN", "admin"};
    for (size_t i = 0; i < G_N_ELEMENTS(names) && !f->name; i++) {
        const char *s = member_string(props, names[i]);
        if (s && *s)
            f->name = g_strdup(s);
    }
    if (f->id)
        L->n_ids++;
}

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

/* ---- TopoJSON ---- */

static bool
topo_raw_arcs_from_tree(loader_t *L, JsonArray *arr, raw_arcs_t *raw, GError **error)
{
    int zero = 0;
    g_array_append_val(raw->off, zero);
    guint n = json_array_get_length(arr);
    for (guint i = 0; i < n; i++) {
        JsonNode *an = json_array_get_element(arr, i);
        if (!JSON_NODE_HOLDS_ARRAY(an))
            goto bad;
        JsonArray *a = json_node_get_array(an);
        for (guint k = 0; k < json_array_get_length(a); k++) {
            JsonNode *pn = json_array_get_element(a, k);
            double x, y;
            if (!JSON_NODE_HOLDS_ARRAY(pn) || json_array_get_length(json_node_get_array(pn)) < 2 ||
                !node_number(json_array_get_element(json_node_get_array(pn), 0), &x) ||
                !node_number(json_array_get_element(json_node_get_array(pn), 1), &y))
                goto bad;
            g_array_append_val(raw->xy, x);
            g_array_append_val(raw->xy, y);
        }
        int end = (int)(raw->xy->len / 2);
        g_array_append_val(raw->off, end);
        continue;
    bad:
        g_set_error(error, CM_ERROR, CM_ERROR_DATA,
                    "basemap “%s”: arc %u is not a list of [x, y] positions", L->path, i);
        return false;
    }
    return true;
}

static bool
topo_decode_arcs(loader_t *L, JsonObject *root, const raw_arcs_t *raw, GError **error)
{
    double sx = 1, sy = 1, tx = 0, ty = 0;
    bool quantized = false;
    JsonObject *tr = member_object(root, "transform");
    if (tr) {
        JsonArray *s = member_array(tr, "scale"), *t = member_array(tr, "translate");
        if (!s || !t || json_array_get_length(s) < 2 || json_array_get_length(t) < 2 ||
            !node_number(json_array_get_element(s, 0), &sx) ||
            !node_number(json_array_get_element(s, 1), &sy) ||
            !node_number(json_array_get_element(t, 0), &tx) ||
            !node_number(json_array_get_element(t, 1), &ty)) {
            g_set_error(error, CM_ERROR, CM_ERROR_DATA,
                        "basemap “%s”: “transform” needs “scale” and “translate” of two numbers",
                        L->path);
            return false;
        }
        quantized = true;
    }
    const double *xy = (const double *)raw->xy->data;
    const int *off = (const int *)raw->off->data;
    int n_arcs = (int)raw->off->len - 1;
    for (int i = 0; i < n_arcs; i++) {
        cm_geo_arc_t arc = {.n = off[i + 1] - off[i]};
        arc.pts = g_new(cm_geo_xy_t, arc.n > 0 ? arc.n : 1);
        double x = 0, y = 0;
        for (int k = 0; k < arc.n; k++) {
            const double *p = xy + 2 * (off[i] + k);
            if (quantized) {
                x += p[0];
                y += p[1];
                arc.pts[k] = (cm_geo_xy_t){x * sx + tx, y * sy + ty};
            } else {
                arc.pts[k] = (cm_geo_xy_t){p[0], p[1]};
            }
        }
        g_array_append_val(L->arcs, arc);
    }
    return true;
}

/* One ring from a JSON array of arc indices. */
static bool
topo_ring(loader_t *L, JsonArray *refs, GArray *rings, const char *what, GError **error)
{
    int n_arcs = (int)L->arcs->len;
    GArray *pts = g_array_new(FALSE, FALSE, sizeof(cm_geo_xy_t));
    GArray *arcs = g_array_new(FALSE, FALSE, sizeof(int));
    for (guint k = 0; k < json_array_get_length(refs); k++) {
        JsonNode *n = json_array_get_element(refs, k);
        double d;
        if (!node_number(n, &d) || d != floor(d)) {
            g_set_error(error, CM_ERROR, CM_ERROR_DATA,
                        "basemap “%s”: %s: arc references must be integers", L->path, what);
            goto fail;
        }
        if (d < -(double)INT_MAX || d > INT_MAX || (d < 0 ? ~(int)d : (int)d) >= n_arcs) {
            g_set_error(error, CM_ERROR, CM_ERROR_DATA,
                        "basemap “%s”: %s: arc index %.0f out of range (the file has %d arcs)",
                        L->path, what, d, n_arcs);
            goto fail;
        }
        int idx = d < 0 ? ~(int)d : (int)d;
        const cm_geo_arc_t *arc = &g_array_index(L->arcs, cm_geo_arc_t, idx);
        for (int j = 0; j < arc->n; j++) {
            cm_geo_xy_t p = arc->pts[d < 0 ? arc->n - 1 - j : j];
            if (j == 0 && pts->len > 0)
                continue; /* the join point is shared with the previous arc */
            g_array_append_val(pts, p);
        }
        int ref = (int)d;
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

/* A polygon: an array of rings, each an array of arc indices. */
static bool
topo_polygon(loader_t *L, JsonNode *pn, GArray *polys, const char *what, GError **error)
{
    if (!JSON_NODE_HOLDS_ARRAY(pn))
        goto bad;
    JsonArray *pa = json_node_get_array(pn);
    GArray *rings = g_array_new(FALSE, FALSE, sizeof(cm_geo_ring_t));
    for (guint r = 0; r < json_array_get_length(pa); r++) {
        JsonNode *rn = json_array_get_element(pa, r);
        if (!JSON_NODE_HOLDS_ARRAY(rn)) {
            rings_free(rings);
            goto bad;
        }
        GError *err = NULL;
        if (!topo_ring(L, json_node_get_array(rn), rings, what, &err)) {
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
bad:
    g_set_error(error, CM_ERROR, CM_ERROR_DATA,
                "basemap “%s”: %s: “arcs” is not a list of rings of arc indices", L->path, what);
    return false;
}

static bool
topo_geometry(loader_t *L, JsonObject *g, int index, GError **error)
{
    const char *type = member_string(g, "type");
    bool multi = type && strcmp(type, "MultiPolygon") == 0;
    if (!type || (!multi && strcmp(type, "Polygon") != 0))
        return true; /* points, lines, null geometries: nothing to draw */
    cm_geo_feature_t f = {0};
    feature_id_name(L, g, &f);
    char what[160];
    feature_label(&f, index, what, sizeof what);
    JsonArray *arcs = member_array(g, "arcs");
    GArray *polys = g_array_new(FALSE, FALSE, sizeof(cm_geo_polygon_t));
    if (!arcs) {
        g_set_error(error, CM_ERROR, CM_ERROR_DATA, "basemap “%s”: %s: %s without “arcs”", L->path,
                    what, type);
        goto fail;
    }
    if (multi) {
        for (guint i = 0; i < json_array_get_length(arcs); i++)
            if (!topo_polygon(L, json_array_get_element(arcs, i), polys, what, error))
                goto fail;
    } else if (!topo_polygon(L, json_object_get_member(g, "arcs"), polys, what, error)) {
        goto fail;
    }
    feature_finish(L, &f, polys);
    return true;
fail:
    f.n_polygons = (int)polys->len;
    f.polygons = (cm_geo_polygon_t *)g_array_free(polys, FALSE);
    cm__geo_feature_clear(&f);
    return false;
}

static JsonObject *
topo_pick_object(JsonObject *objects)
{
    JsonObject *o = member_object(objects, "countries");
    if (o)
        return o;
    GList *names = json_object_get_members(objects);
    for (GList *l = names; l; l = l->next) {
        JsonObject *c = member_object(objects, l->data);
        const char *t = member_string(c, "type");
        if (t && strcmp(t, "GeometryCollection") == 0) {
            o = c;
            break;
        }
    }
    g_list_free(names);
    return o;
}

static bool
load_topojson(loader_t *L, JsonObject *root, raw_arcs_t *raw, bool have_raw, GError **error)
{
    if (!have_raw) {
        JsonArray *arr = member_array(root, "arcs");
        if (!arr) {
            g_set_error(error, CM_ERROR, CM_ERROR_DATA,
                        "basemap “%s”: TopoJSON without an “arcs” array", L->path);
            return false;
        }
        if (!topo_raw_arcs_from_tree(L, arr, raw, error))
            return false;
    }
    if (!topo_decode_arcs(L, root, raw, error))
        return false;
    JsonObject *obj = topo_pick_object(member_object(root, "objects"));
    JsonArray *geoms = member_array(obj, "geometries");
    if (!geoms) {
        g_set_error(error, CM_ERROR, CM_ERROR_DATA,
                    "basemap “%s”: TopoJSON without “objects.countries” or another "
                    "GeometryCollection",
                    L->path);
        return false;
    }
    for (guint i = 0; i < json_array_get_length(geoms); i++) {
        JsonNode *gn = json_array_get_element(geoms, i);
        if (JSON_NODE_HOLDS_OBJECT(gn) &&
            !topo_geometry(L, json_node_get_object(gn), (int)i, error))
            return false;
    }
    return true;
}

/* ---- GeoJSON ---- */

/* A ring: an array of positions. It becomes a new arc. */
static bool
geojson_ring(loader_t *L, JsonNode *rn, GArray *rings)
{
    if (!JSON_NODE_HOLDS_ARRAY(rn))
        return false;
    JsonArray *ra = json_node_get_array(rn);
    GArray *pts = g_array_new(FALSE, FALSE, sizeof(cm_geo_xy_t));
    for (guint k = 0; k < json_array_get_length(ra); k++) {
        JsonNode *pn = json_array_get_element(ra, k);
        cm_geo_xy_t p;
        if (!JSON_NODE_HOLDS_ARRAY(pn) || json_array_get_length(json_node_get_array(pn)) < 2 ||
            !node_number(json_array_get_element(json_node_get_array(pn), 0), &p.x) ||
            !node_number(json_array_get_element(json_node_get_array(pn), 1), &p.y)) {
            g_array_free(pts, TRUE);
            return false;
        }
        g_array_append_val(pts, p);
    }
    if (pts->len > 0)
        ring_close(pts);
    cm_geo_arc_t arc = {.n = (int)pts->len};
    arc.pts = g_memdup2(pts->data, sizeof(cm_geo_xy_t) * (pts->len ? pts->len : 1));
    int ref = (int)L->arcs->len;
    g_array_append_val(L->arcs, arc);
    GArray *arcs = g_array_new(FALSE, FALSE, sizeof(int));
    g_array_append_val(arcs, ref);
    polygon_add_ring(rings, pts, arcs);
    return true;
}

static bool
geojson_polygon(loader_t *L, JsonNode *pn, GArray *polys)
{
    if (!JSON_NODE_HOLDS_ARRAY(pn))
        return false;
    JsonArray *pa = json_node_get_array(pn);
    GArray *rings = g_array_new(FALSE, FALSE, sizeof(cm_geo_ring_t));
    for (guint r = 0; r < json_array_get_length(pa); r++) {
        guint before = rings->len;
        if (!geojson_ring(L, json_array_get_element(pa, r), rings)) {
            rings_free(rings);
            return false;
        }
        if (r == 0 && rings->len == before)
            break; /* degenerate outer ring: drop the polygon */
    }
    feature_add_polygon(polys, rings);
    return true;
}

static bool
geojson_feature(loader_t *L, JsonObject *feat, int index, GError **error)
{
    JsonObject *geom = member_object(feat, "geometry");
    const char *type = member_string(geom, "type");
    bool multi = type && strcmp(type, "MultiPolygon") == 0;
    if (!type || (!multi && strcmp(type, "Polygon") != 0))
        return true;
    cm_geo_feature_t f = {0};
    feature_id_name(L, feat, &f);
    GArray *polys = g_array_new(FALSE, FALSE, sizeof(cm_geo_polygon_t));
    JsonNode *coords = json_object_get_member(geom, "coordinates");
    bool ok = coords != NULL;
    if (ok && multi) {
        ok = JSON_NODE_HOLDS_ARRAY(coords);
        JsonArray *ca = ok ? json_node_get_array(coords) : NULL;
        for (guint i = 0; ok && i < json_array_get_length(ca); i++)
            ok = geojson_polygon(L, json_array_get_element(ca, i), polys);
    } else if (ok) {
        ok = geojson_polygon(L, coords, polys);
    }
    if (!ok) {
        char what[160];
        g_set_error(error, CM_ERROR, CM_ERROR_DATA,
                    "basemap “%s”: %s: %s “coordinates” are not rings of [lon, lat] positions",
                    L->path, feature_label(&f, index, what, sizeof what), type);
        f.n_polygons = (int)polys->len;
        f.polygons = (cm_geo_polygon_t *)g_array_free(polys, FALSE);
        cm__geo_feature_clear(&f);
        return false;
    }
    feature_finish(L, &f, polys);
    return true;
}

static bool
load_geojson(loader_t *L, JsonObject *root, const char *type, GError **error)
{
    if (strcmp(type, "Feature") == 0)
        return geojson_feature(L, root, 0, error);
    JsonArray *feats = member_array(root, "features");
    if (!feats) {
        g_set_error(error, CM_ERROR, CM_ERROR_DATA,
                    "basemap “%s”: FeatureCollection without a “features” array", L->path);
        return false;
    }
    for (guint i = 0; i < json_array_get_length(feats); i++) {
        JsonNode *fn = json_array_get_element(feats, i);
        if (JSON_NODE_HOLDS_OBJECT(fn) &&
            !geojson_feature(L, json_node_get_object(fn), (int)i, error))
            return false;
    }
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

/* json-glib parses recursively: nesting deep enough overflows the stack (a
 * worker thread's first). GeoJSON needs about six levels and TopoJSON five;
 * refuse anything past MAX_DEPTH before parsing. Returns the line of the
 * first too-deep bracket, or 0. */
enum { MAX_DEPTH = 256 };

static int
too_deep(const char *buf, gsize len)
{
    int depth = 0, line = 1;
    bool in_string = false;
    for (gsize i = 0; i < len; i++) {
        char c = buf[i];
        if (c == '\n')
            line++;
        if (in_string) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > MAX_DEPTH)
                return line;
        } else if (c == ']' || c == '}') {
            depth--;
        }
    }
    return 0;
}

static bool
parse_json(const char *path, const char *buf, gsize len, JsonParser *parser, GError **error)
{
    GError *err = NULL;
    int deep = too_deep(buf, len);
    if (deep) {
        g_set_error(error, CM_ERROR, CM_ERROR_DATA,
                    "basemap “%s”:%d: JSON nested more than %d levels deep; not a basemap", path,
                    deep, MAX_DEPTH);
        return false;
    }
    if (json_parser_load_from_data(parser, buf, (gssize)len, &err))
        return true;
    /* json-glib says "<data>:LINE:COL: Parse error: ..."; put the file name in front. */
    const char *msg = err->message;
    if (g_str_has_prefix(msg, "<data>:"))
        msg += strlen("<data>:");
    g_set_error(error, CM_ERROR, CM_ERROR_DATA, "basemap “%s” is not JSON: %s:%s", path, path, msg);
    g_error_free(err);
    return false;
}

cm_geo_t *
cm_geo_load(const char *path, const char *id_property, GError **error)
{
    g_return_val_if_fail(path != NULL, NULL);
    char *buf = NULL;
    gsize len = 0;
    GError *err = NULL;
    if (!g_file_get_contents(path, &buf, &len, &err)) {
        g_set_error(error, CM_ERROR, CM_ERROR_IO, "cannot read basemap “%s”: %s", path,
                    err->message);
        g_error_free(err);
        return NULL;
    }
    loader_t L = {.path = path, .id_property = id_property};
    L.features = g_array_new(FALSE, FALSE, sizeof(cm_geo_feature_t));
    L.arcs = g_array_new(FALSE, FALSE, sizeof(cm_geo_arc_t));
    raw_arcs_t raw = {g_array_new(FALSE, FALSE, sizeof(double)),
                      g_array_new(FALSE, FALSE, sizeof(int))};
    bool have_raw = fast_arcs(buf, &len, &raw);
    bool topo = false;
    JsonParser *parser = json_parser_new_immutable();
    cm_geo_t *geo = NULL;
    bool ok = parse_json(path, buf, len, parser, NULL);
    if (!ok) {
        /* Report json-glib's line:column for the file as it is, not the cut-down copy. */
        g_free(buf);
        buf = NULL;
        if (!g_file_get_contents(path, &buf, &len, NULL))
            len = 0;
        parse_json(path, buf ? buf : "", len, parser, error);
        goto out;
    }
    JsonNode *rootn = json_parser_get_root(parser);
    JsonObject *root = rootn && JSON_NODE_HOLDS_OBJECT(rootn) ? json_node_get_object(rootn) : NULL;
    const char *type = member_string(root, "type");
    topo = type && strcmp(type, "Topology") == 0;
    if (topo) {
        ok = load_topojson(&L, root, &raw, have_raw, error);
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
out:
    geo = g_new0(cm_geo_t, 1);
    geo->path = g_strdup(path);
    geo->topology = topo;
    geo->n_features = (int)L.features->len;
    geo->features = (cm_geo_feature_t *)g_array_free(L.features, FALSE);
    geo->n_arcs = (int)L.arcs->len;
    geo->arcs = (cm_geo_arc_t *)g_array_free(L.arcs, FALSE);
    g_array_free(raw.xy, TRUE);
    g_array_free(raw.off, TRUE);
    g_object_unref(parser);
    g_free(buf);
    if (!ok) {
        cm_geo_free(geo);
        return NULL;
    }
    geo->outer_cw = detect_outer_cw(geo);
    return geo;
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
