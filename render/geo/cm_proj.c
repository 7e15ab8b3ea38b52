/* cm_proj.c — map projections through PROJ: presets, PROJ strings, EPSG codes.
 *
 * Every cm_proj_t owns a PJ_CONTEXT (PROJ contexts are not thread-safe) with network
 * access off, and one operation from EPSG:4326 lon, lat degrees to the target's easting,
 * northing. PROJ itself is loaded on the first cm_proj_new() (cm_proj_api.c), so programs
 * that never make a map never map libproj.
 *
 * A preset carries that operation ready-made, as the pipeline PROJ builds for it, and the
 * target's PROJ string as PROJ writes it, and its context gets no resource files: so no
 * proj.db is opened (parsing its schema alone is ~25M instructions) and no operations are
 * searched in it (crs_to_crs: another 25M for Equal Earth, 130M for EPSG:3035, which is
 * nothing but a database lookup). tests/unit/test_geo_proj.c checks every preset against
 * PROJ's own crs_to_crs + normalize_for_visualization (to 1e-6 m on a global grid) and
 * proj_as_proj_string. Anything else — a PROJ string, an EPSG code — goes through
 * proj_create_crs_to_crs and proj_normalize_for_visualization, so points still go in as
 * lon, lat and come out as easting, northing.
 *
 * The central meridian is read from the target's PROJ string (+lon_0); it decides where
 * rings are cut (cm_geo_cut.c). Azimuthal projections have no edge meridian and are not
 * cut. A preset may carry a lon/lat framing box; cm_proj_frame_extent() projects a
 * densified outline of such a box (or of the whole globe) to find what the map has to show.
 */
#include "cm_geo.h"
#include "cm_proj_api.h"
#include "util/cm_error.h"

#include <math.h>
#include <string.h>

struct cm_proj {
    /* borrowed (static) */
    const cm__proj_api_t *api;
    const char *preset;
    /* owned */
    PJ_CONTEXT *ctx;
    PJ *op;
    char *def;
    char *proj_string;
    /* plain values */
    double lon_0;
    bool cuts;
    bool has_frame;
    double frame[4];
};

typedef struct {
    const char *name;
    const char *crs;         /* the target, as the user would write it (documentation) */
    const char *proj_string; /* proj_as_proj_string(PJ_PROJ_5) of CRS */
    const char *pipeline;    /* normalised crs_to_crs from EPSG:4326 to CRS */
    bool has_frame;
    double frame[4]; /* west, south, east, north */
} preset_t;

#define DEG_TO_RAD "+proj=pipeline +step +proj=unitconvert +xy_in=deg +xy_out=rad +step "

static const preset_t presets[] = {
    {"world",
     "+proj=eqearth +lon_0=0 +datum=WGS84 +units=m +type=crs",
     "+proj=eqearth +lon_0=0 +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs +type=crs",
     DEG_TO_RAD "+proj=eqearth +lon_0=0 +x_0=0 +y_0=0 +ellps=WGS84",
     false,
     {0}},
    {"robinson",
     "+proj=robin +lon_0=0 +datum=WGS84 +units=m +type=crs",
     "+proj=robin +lon_0=0 +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs +type=crs",
     DEG_TO_RAD "+proj=robin +lon_0=0 +x_0=0 +y_0=0 +ellps=WGS84",
     false,
     {0}},
    /* LAEA Europe; Iceland to Turkey, Portugal and Cyprus to North Cape. Both of PROJ's
     * operations from WGS 84 (ETRS89 to WGS 84 (1), and the ballpark one outside its area)
     * are this same pipeline: the datum shift is zero. */
    {"europe",
     "EPSG:3035",
     "+proj=laea +lat_0=52 +lon_0=10 +x_0=4321000 +y_0=3210000 +ellps=GRS80 +units=m +no_defs "
     "+type=crs",
     DEG_TO_RAD "+proj=laea +lat_0=52 +lon_0=10 +x_0=4321000 +y_0=3210000 +ellps=GRS80",
     true,
     {-25.0, 33.5, 45.0, 71.5}},
    /* A pseudo-cylindrical centred on the North Atlantic, Alaska and the US to Turkey: a
     * conic this wide turns Europe some 50 degrees (Albers with lon_0 = -45 stood Türkiye
     * on end), Equal Earth keeps north up from Alaska to the Caspian. */
    {"north-atlantic",
     "+proj=eqearth +lon_0=-40 +datum=WGS84 +units=m +type=crs",
     "+proj=eqearth +lon_0=-40 +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs +type=crs",
     DEG_TO_RAD "+proj=eqearth +lon_0=-40 +x_0=0 +y_0=0 +ellps=WGS84",
     true,
     {-130.0, 20.0, 50.0, 75.0}},
    /* Pacific-centred Equal Earth: India to Hawaii, Kamchatka to New Zealand */
    {"asia-pacific",
     "+proj=eqearth +lon_0=150 +datum=WGS84 +units=m +type=crs",
     "+proj=eqearth +lon_0=150 +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs +type=crs",
     DEG_TO_RAD "+proj=eqearth +lon_0=150 +x_0=0 +y_0=0 +ellps=WGS84",
     true,
     {65.0, -50.0, -150.0, 60.0}},
};

static const char *const azimuthal[] = {"laea", "aeqd",  "stere", "sterea", "ups",  "ortho",
                                        "gnom", "nsper", "tpers", "airy",   "geos", NULL};

static void
log_to_string(void *data, int level, const char *msg)
{
    GString *s = data;
    if (!s || level > PJ_LOG_ERROR)
        return;
    if (s->len)
        g_string_append(s, "; ");
    g_string_append(s, msg);
}

/* The value of "+KEY=" in a PROJ string, as a new string, or NULL. */
static char *
proj_param(const char *s, const char *key)
{
    char *pat = g_strconcat("+", key, "=", NULL);
    const char *p = s ? strstr(s, pat) : NULL;
    char *v = NULL;
    if (p) {
        p += strlen(pat);
        v = g_strndup(p, strcspn(p, " \t"));
    }
    g_free(pat);
    return v;
}

static void
fail(GError **error, const cm_proj_t *p, GString *log, const char *what)
{
    const char *why =
        log->len ? log->str : p->api->context_errno_string(p->ctx, p->api->context_errno(p->ctx));
    g_set_error(error, CM_ERROR, CM_ERROR_USAGE, "projection “%s”: %s: %s", p->def, what,
                why && *why ? why : "unknown PROJ error");
}

/* lon_0 and whether rings are cut, from P->proj_string. */
static void
read_target(cm_proj_t *p)
{
    char *lon0 = proj_param(p->proj_string, "lon_0");
    p->lon_0 = lon0 ? g_ascii_strtod(lon0, NULL) : 0.0;
    if (!isfinite(p->lon_0))
        p->lon_0 = 0;
    g_free(lon0);
    char *name = proj_param(p->proj_string, "proj");
    p->cuts = true;
    for (int i = 0; name && azimuthal[i]; i++)
        if (strcmp(name, azimuthal[i]) == 0)
            p->cuts = false;
    g_free(name);
}

/* A preset: its pipeline, and what it says of its target; no database. */
static bool
make_preset(cm_proj_t *p, const preset_t *ps, GString *log, GError **error)
{
    p->preset = ps->name;
    p->has_frame = ps->has_frame;
    memcpy(p->frame, ps->frame, sizeof p->frame);
    p->proj_string = g_strdup(ps->proj_string);
    read_target(p);
    /* proj_create() opens proj.db for any operation, wanted or not (25M instructions of
     * parsing its schema with PROJ 9.1). A pipeline of built-in ellipsoids needs no file
     * at all: point this context's resource search at a path nothing can be under, and
     * PROJ goes on without a database. (proj.ini was read when the context was made.) */
    const char *nowhere[] = {"/dev/null"};
    p->api->context_set_search_paths(p->ctx, 1, nowhere);
    p->op = p->api->create(p->ctx, ps->pipeline);
    if (!p->op)
        fail(error, p, log, "PROJ rejects the preset's pipeline");
    return p->op != NULL;
}

/* Anything else PROJ accepts: the target CRS, then crs_to_crs from EPSG:4326. */
static bool
make_general(cm_proj_t *p, GString *log, GError **error)
{
    const cm__proj_api_t *api = p->api;
    const char *target = p->def;
    char *owned = NULL;
    if (target[0] == '+' && !strstr(target, "type=crs"))
        target = owned = g_strconcat(target, " +type=crs", NULL);
    PJ *crs = NULL, *op = NULL;
    bool ok = false;
    crs = api->create(p->ctx, target);
    if (!crs) {
        fail(error, p, log, "PROJ rejects it");
        goto out;
    }
    if (!api->is_crs(crs)) {
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE,
                    "projection “%s” is not a coordinate reference system", p->def);
        goto out;
    }
    const char *s = api->as_proj_string(p->ctx, crs, PJ_PROJ_5, NULL);
    p->proj_string = g_strdup(s ? s : p->def);
    read_target(p);
    op = api->create_crs_to_crs(p->ctx, "EPSG:4326", target, NULL);
    if (!op) {
        fail(error, p, log, "no transformation from EPSG:4326");
        goto out;
    }
    p->op = api->normalize_for_visualization(p->ctx, op);
    if (!p->op) {
        fail(error, p, log, "cannot normalise axis order");
        goto out;
    }
    ok = true;
out:
    api->destroy(op);
    api->destroy(crs);
    g_free(owned);
    return ok;
}

cm_proj_t *
cm_proj_new(const char *def, GError **error)
{
    g_return_val_if_fail(def != NULL, NULL);
    if (!*def) {
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE,
                    "empty projection; use a preset (world, robinson, europe, north-atlantic, "
                    "asia-pacific), a PROJ string or an EPSG code");
        return NULL;
    }
    const cm__proj_api_t *api = cm__proj_api(error);
    if (!api)
        return NULL;
    const preset_t *ps = NULL;
    for (size_t i = 0; i < G_N_ELEMENTS(presets); i++)
        if (g_ascii_strcasecmp(def, presets[i].name) == 0)
            ps = &presets[i];

    cm_proj_t *p = g_new0(cm_proj_t, 1);
    p->api = api;
    p->def = g_strdup(def);
    GString *log = g_string_new(NULL);
    p->ctx = api->context_create();
    api->context_set_enable_network(p->ctx, 0);
    api->log_func(p->ctx, log, log_to_string);
    bool ok = ps ? make_preset(p, ps, log, error) : make_general(p, log, error);
    api->log_func(p->ctx, NULL, log_to_string); /* LOG dies below: stop writing to it */
    g_string_free(log, TRUE);
    if (!ok) {
        cm_proj_free(p);
        return NULL;
    }
    return p;
}

void
cm_proj_free(cm_proj_t *p)
{
    if (!p)
        return;
    if (p->op)
        p->api->destroy(p->op);
    if (p->ctx)
        p->api->context_destroy(p->ctx);
    g_free(p->def);
    g_free(p->proj_string);
    g_free(p);
}

const char *
cm_proj_definition(const cm_proj_t *p)
{
    return p->def;
}

const char *
cm_proj_preset(const cm_proj_t *p)
{
    return p->preset;
}

const char *
cm_proj_string(const cm_proj_t *p)
{
    return p->proj_string;
}

double
cm_proj_lon0(const cm_proj_t *p)
{
    return p->lon_0;
}

bool
cm_proj_cuts(const cm_proj_t *p)
{
    return p->cuts;
}

bool
cm_proj_frame(const cm_proj_t *p, double bbox[4])
{
    if (p->has_frame && bbox)
        memcpy(bbox, p->frame, sizeof p->frame);
    return p->has_frame;
}

void
cm_proj_forward(cm_proj_t *p, cm_geo_xy_t *pts, size_t n)
{
    if (n == 0)
        return;
    p->api->trans_generic(p->op, PJ_FWD, &pts[0].x, sizeof *pts, n, &pts[0].y, sizeof *pts, n, NULL,
                          0, 0, NULL, 0, 0);
    p->api->errno_reset(p->op);
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(pts[i].x) || !isfinite(pts[i].y) || fabs(pts[i].x) > 1e15 ||
            fabs(pts[i].y) > 1e15)
            pts[i].x = pts[i].y = HUGE_VAL;
    }
}

static void
add_point(GArray *a, double lon, double lat)
{
    cm_geo_xy_t p = {lon, lat};
    g_array_append_val(a, p);
}

bool
cm_proj_frame_extent(cm_proj_t *p, const double *bbox, double extent[4], GError **error)
{
    double w, s, e, n;
    const double eps = 1e-7;
    if (bbox || p->has_frame) {
        const double *b = bbox ? bbox : p->frame;
        w = b[0], s = b[1], e = b[2], n = b[3];
        if (!(s < n) || s < -90 || n > 90 || !isfinite(w) || !isfinite(e) || fabs(w) > 360 ||
            fabs(e) > 360) {
            g_set_error(error, CM_ERROR, CM_ERROR_USAGE,
                        "bounding box %g,%g,%g,%g is not west,south,east,north in degrees with "
                        "south < north",
                        w, s, e, n);
            return false;
        }
        if (e <= w)
            e += 360;
        /* Keep the box inside the map's own longitudes so its edges do not wrap. */
        double c = remainder((w + e) / 2 - p->lon_0, 360.0) + p->lon_0;
        double half = MIN((e - w) / 2, 180 - eps);
        w = c - half, e = c + half;
    } else {
        w = p->lon_0 - 180 + eps, e = p->lon_0 + 180 - eps, s = -90, n = 90;
    }
    GArray *a = g_array_new(FALSE, FALSE, sizeof(cm_geo_xy_t));
    int nx = (int)ceil((e - w) * 2) + 1, ny = (int)ceil((n - s) * 2) + 1;
    for (int i = 0; i <= nx; i++) {
        add_point(a, w + (e - w) * i / nx, s);
        add_point(a, w + (e - w) * i / nx, n);
    }
    for (int i = 0; i <= ny; i++) {
        add_point(a, w, s + (n - s) * i / ny);
        add_point(a, e, s + (n - s) * i / ny);
    }
    cm_proj_forward(p, (cm_geo_xy_t *)a->data, a->len);
    extent[0] = extent[1] = G_MAXDOUBLE;
    extent[2] = extent[3] = -G_MAXDOUBLE;
    for (guint i = 0; i < a->len; i++) {
        cm_geo_xy_t q = g_array_index(a, cm_geo_xy_t, i);
        if (q.x == HUGE_VAL)
            continue;
        extent[0] = MIN(extent[0], q.x), extent[1] = MIN(extent[1], q.y);
        extent[2] = MAX(extent[2], q.x), extent[3] = MAX(extent[3], q.y);
    }
    g_array_free(a, TRUE);
    if (extent[0] > extent[2]) {
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE,
                    "bounding box %g,%g,%g,%g does not project with “%s”", w, s, e, n, p->def);
        return false;
    }
    return true;
}
