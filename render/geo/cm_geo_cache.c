/* cm_geo_cache.c — cache files of basemap geometry: keys, framing, and the three products.
 *
 * A file is a 48-byte header and a payload. The header: the magic "CMGEOCH", the format
 * version, a byte-order mark (0x01020304 as the machine stores it), the sizes of double,
 * int and cm_geo_xy_t, the key, the payload's length and its cm_cache_hash. The payload is
 * a flat sequence of 32-bit integers, doubles (their 8 bytes, so NaN payloads and -0 come
 * back as they went) and length-prefixed strings and point arrays, read back by a cursor
 * that fails for good at the first read past the end. Counts are checked against the bytes
 * left before anything is allocated, and indices (segment references, ring and feature
 * offsets) against what they index, so a file that passes the checksum by chance or by
 * design still cannot make the reader crash or build an inconsistent product.
 *
 * The key mixes in the ELF build id (NT_GNU_BUILD_ID) of the object this code is in, found
 * with dl_iterate_phdr: results computed by other code (a fixed cut, another simplifier,
 * other preset pipelines inside cm_proj.c) are never read back. Without a build id the
 * object's path, size and modification time stand in.
 */
#define _GNU_SOURCE
#include "cm_geo_cache.h"
#include "cm_geo_private.h"
#include "util/cm_cache.h"

#include <dlfcn.h>
#include <elf.h>
#include <stdint.h>
#include <link.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>

#define MAGIC "CMGEOCH"
#define HEADER_SIZE 48
#define BYTE_ORDER_MARK 0x01020304u
#define TYPE_SIZES                                                                                 \
    ((guint32)sizeof(double) << 16 | (guint32)sizeof(int) << 8 | (guint32)sizeof(cm_geo_xy_t))

/* ---- the identity of this code ---- */

typedef struct {
    const void *addr; /* an address inside this object */
    guint64 id;
    bool found;
} build_probe_t;

static int
find_build_id(struct dl_phdr_info *info, size_t size, void *data)
{
    build_probe_t *b = data;
    (void)size;
    bool mine = false;
    for (int i = 0; i < info->dlpi_phnum && !mine; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        guintptr lo = info->dlpi_addr + ph->p_vaddr, a = (guintptr)b->addr;
        mine = ph->p_type == PT_LOAD && a >= lo && a < lo + ph->p_memsz;
    }
    if (!mine)
        return 0;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type != PT_NOTE)
            continue;
        uintptr_t at = info->dlpi_addr + ph->p_vaddr;
        /* the loader gives the segment as an address: integer to pointer is the point */
        const guint8 *p = (const guint8 *)at; // NOLINT(performance-no-int-to-ptr)
        const guint8 *end = p + ph->p_memsz;
        while (p + sizeof(ElfW(Nhdr)) <= end) {
            const ElfW(Nhdr) *nh = (const ElfW(Nhdr) *)p;
            const guint8 *name = p + sizeof *nh;
            const guint8 *desc = name + ((nh->n_namesz + 3) & ~3u);
            if (desc + nh->n_descsz > end)
                break;
            if (nh->n_type == NT_GNU_BUILD_ID && nh->n_namesz == 4 && memcmp(name, "GNU", 4) == 0) {
                b->id = cm_cache_hash(CM_CACHE_HASH_SEED, desc, nh->n_descsz);
                b->found = true;
                return 1;
            }
            p = desc + ((nh->n_descsz + 3) & ~3u);
        }
    }
    return 1;
}

static gpointer
compute_build_id(gpointer unused)
{
    (void)unused;
    build_probe_t b = {.addr = (const void *)compute_build_id};
    dl_iterate_phdr(find_build_id, &b);
    guint64 *id = g_new(guint64, 1);
    *id = b.id;
    Dl_info dl;
    struct stat st;
    if (!b.found && dladdr(b.addr, &dl) && dl.dli_fname && stat(dl.dli_fname, &st) == 0) {
        guint64 v[3] = {(guint64)st.st_size, (guint64)st.st_mtim.tv_sec,
                        (guint64)st.st_mtim.tv_nsec};
        *id = cm_cache_hash(cm_cache_hash(CM_CACHE_HASH_SEED, dl.dli_fname, strlen(dl.dli_fname)),
                            v, sizeof v);
    }
    return id; /* lives as long as the process */
}

static guint64
build_id(void)
{
    static GOnce once = G_ONCE_INIT;
    return *(const guint64 *)g_once(&once, compute_build_id, NULL);
}

/* ---- keys ---- */

static guint64
hash_u64(guint64 h, guint64 v)
{
    return cm_cache_hash(h, &v, sizeof v);
}

static guint64
hash_str(guint64 h, const char *s)
{
    if (!s)
        return hash_u64(h, G_MAXUINT64);
    h = hash_u64(h, strlen(s));
    return cm_cache_hash(h, s, strlen(s));
}

static guint64
hash_f64(guint64 h, double d)
{
    guint64 v;
    memcpy(&v, &d, sizeof v);
    return hash_u64(h, v);
}

guint64
cm_geo_cache_key_base(guint64 file_hash, const cm_geo_load_opts_t *opts, const char *proj_def,
                      const double *bbox)
{
    guint64 h = hash_str(CM_CACHE_HASH_SEED, "chronomap geo base");
    h = hash_u64(h, CM_GEO_CACHE_VERSION);
    h = hash_u64(h, TYPE_SIZES);
    h = hash_u64(h, build_id());
    h = hash_u64(h, file_hash);
    h = hash_str(h, opts ? opts->id_property : NULL);
    gint64 maxv = opts && opts->max_vertices > 0 ? opts->max_vertices : CM_GEO_MAX_VERTICES_DEFAULT;
    h = hash_u64(h, (guint64)maxv);
    h = hash_str(h, proj_def);
    h = hash_u64(h, bbox != NULL);
    for (int i = 0; bbox && i < 4; i++)
        h = hash_f64(h, bbox[i]);
    return h;
}

guint64
cm_geo_cache_key_map(guint64 base_key, const cm_geo_fit_t *fit, const cm_geo_map_opts_t *opts)
{
    guint64 h = hash_str(CM_CACHE_HASH_SEED, "chronomap geo map");
    h = hash_u64(h, base_key);
    h = hash_f64(h, fit->scale);
    h = hash_f64(h, fit->tx);
    h = hash_f64(h, fit->ty);
    /* as cm_geo_map_new reads them: <= 0 means the default */
    h = hash_f64(h, opts && opts->tolerance_px > 0 ? opts->tolerance_px : 0);
    h = hash_f64(h, opts && opts->min_area_px2 > 0 ? opts->min_area_px2 : 0);
    return h;
}

/* ---- writing ---- */

void
cm_geo_cache_writer_init(cm_geo_cache_writer_t *w)
{
    w->buf = g_byte_array_sized_new(1 << 16);
    guint8 header[HEADER_SIZE] = {0};
    g_byte_array_append(w->buf, header, sizeof header); /* filled in by cm_geo_cache_save */
}

void
cm_geo_cache_writer_release(cm_geo_cache_writer_t *w)
{
    if (w->buf)
        g_byte_array_free(w->buf, TRUE);
    w->buf = NULL;
}

void
cm_geo_cache_put_i32(cm_geo_cache_writer_t *w, gint32 v)
{
    cm_bin_put(w->buf, &v, sizeof v);
}

void
cm_geo_cache_put_f64(cm_geo_cache_writer_t *w, double v)
{
    cm_bin_put(w->buf, &v, sizeof v);
}

void
cm_geo_cache_put_xy(cm_geo_cache_writer_t *w, const cm_geo_xy_t *pts, int n)
{
    cm_geo_cache_put_i32(w, n);
    if (n > 0)
        cm_bin_put(w->buf, pts, sizeof *pts * (size_t)n);
}

void
cm_geo_cache_put_str(cm_geo_cache_writer_t *w, const char *s)
{
    cm_geo_cache_put_i32(w, s ? (gint32)strlen(s) : -1);
    if (s)
        cm_bin_put(w->buf, s, strlen(s));
}

static char *
file_name(const char *kind, guint64 key)
{
    return g_strdup_printf("%s-%016" G_GINT64_MODIFIER "x.bin", kind, key);
}

bool
cm_geo_cache_save(const char *kind, guint64 key, const cm_geo_cache_writer_t *w)
{
    if (!cm_cache_dir() || w->buf->len < HEADER_SIZE)
        return false;
    guint8 *h = w->buf->data;
    guint64 len = w->buf->len - HEADER_SIZE;
    guint64 sum = cm_cache_hash(CM_CACHE_HASH_SEED, h + HEADER_SIZE, len);
    guint32 version = CM_GEO_CACHE_VERSION, bom = BYTE_ORDER_MARK, sizes = TYPE_SIZES, pad = 0;
    memcpy(h, MAGIC, 8);
    memcpy(h + 8, &version, 4);
    memcpy(h + 12, &bom, 4);
    memcpy(h + 16, &sizes, 4);
    memcpy(h + 20, &pad, 4);
    memcpy(h + 24, &key, 8);
    memcpy(h + 32, &len, 8);
    memcpy(h + 40, &sum, 8);
    char *name = file_name(kind, key);
    bool ok = cm_cache_write(name, w->buf->data, w->buf->len);
    g_free(name);
    return ok;
}

/* ---- reading ---- */

GBytes *
cm_geo_cache_load(const char *kind, guint64 key, cm_geo_cache_reader_t *r)
{
    *r = (cm_geo_cache_reader_t){.bad = true};
    if (!cm_cache_dir())
        return NULL;
    char *name = file_name(kind, key);
    GBytes *bytes = cm_cache_read(name);
    g_free(name);
    if (!bytes)
        return NULL;
    gsize size = 0;
    const guint8 *d = g_bytes_get_data(bytes, &size);
    guint32 version, bom, sizes;
    guint64 fkey, len, sum;
    if (size < HEADER_SIZE || memcmp(d, MAGIC, 8) != 0)
        goto bad;
    memcpy(&version, d + 8, 4);
    memcpy(&bom, d + 12, 4);
    memcpy(&sizes, d + 16, 4);
    memcpy(&fkey, d + 24, 8);
    memcpy(&len, d + 32, 8);
    memcpy(&sum, d + 40, 8);
    if (version != CM_GEO_CACHE_VERSION || bom != BYTE_ORDER_MARK || sizes != TYPE_SIZES ||
        fkey != key || len != size - HEADER_SIZE ||
        cm_cache_hash(CM_CACHE_HASH_SEED, d + HEADER_SIZE, len) != sum)
        goto bad;
    *r = (cm_geo_cache_reader_t){.p = d + HEADER_SIZE, .end = d + size};
    return bytes;
bad:
    g_bytes_unref(bytes);
    return NULL;
}

static bool
take(cm_geo_cache_reader_t *r, void *out, size_t n)
{
    if (n == 0) /* OUT may be NULL then (an empty array), and memcpy must not see it */
        return !r->bad;
    const void *p = cm_bin_take(r, n);
    if (!p) {
        memset(out, 0, n);
        return false;
    }
    memcpy(out, p, n);
    return true;
}

gint32
cm_geo_cache_get_i32(cm_geo_cache_reader_t *r)
{
    gint32 v;
    take(r, &v, sizeof v);
    return v;
}

double
cm_geo_cache_get_f64(cm_geo_cache_reader_t *r)
{
    double v;
    take(r, &v, sizeof v);
    return v;
}

int
cm_geo_cache_get_count(cm_geo_cache_reader_t *r, int max, size_t item_size)
{
    gint32 n = cm_geo_cache_get_i32(r);
    if (r->bad || n < 0 || n > max ||
        (item_size > 0 && (size_t)n > (size_t)(r->end - r->p) / item_size)) {
        r->bad = true;
        return -1;
    }
    return n;
}

cm_geo_xy_t *
cm_geo_cache_get_xy(cm_geo_cache_reader_t *r, int *n)
{
    *n = 0;
    int k = cm_geo_cache_get_count(r, G_MAXINT32, sizeof(cm_geo_xy_t));
    if (k <= 0)
        return NULL;
    cm_geo_xy_t *pts = g_new0(cm_geo_xy_t, k); /* (zeroed: the analyzer cannot see take fill it) */
    take(r, pts, sizeof *pts * (size_t)k);
    *n = k;
    return pts;
}

char *
cm_geo_cache_get_str(cm_geo_cache_reader_t *r)
{
    gint32 n = cm_geo_cache_get_i32(r);
    if (r->bad || n == -1) /* -1: written for NULL */
        return NULL;
    const char *p = n >= 0 ? cm_bin_take(r, (gsize)n) : NULL;
    if (!p || memchr(p, 0, (size_t)n)) {
        r->bad = true;
        return NULL;
    }
    return g_strndup(p, (gsize)n);
}

bool
cm_geo_cache_reader_done(const cm_geo_cache_reader_t *r)
{
    return !r->bad && r->p == r->end;
}

/* ---- the basemap's features ---- */

void
cm_geo_cache_put_geo(cm_geo_cache_writer_t *w, const cm_geo_t *geo)
{
    cm_geo_cache_put_i32(w, geo->topology);
    cm_geo_cache_put_i32(w, geo->outer_cw);
    cm_geo_cache_put_i32(w, geo->n_features);
    for (int i = 0; i < geo->n_features; i++) {
        cm_geo_cache_put_str(w, geo->features[i].id);
        cm_geo_cache_put_str(w, geo->features[i].name);
    }
}

static bool
get_flag(cm_geo_cache_reader_t *r)
{
    gint32 v = cm_geo_cache_get_i32(r);
    if (v != 0 && v != 1)
        r->bad = true;
    return v == 1;
}

cm_geo_t *
cm_geo_cache_get_geo(cm_geo_cache_reader_t *r, const char *path)
{
    cm_geo_t *geo = g_new0(cm_geo_t, 1);
    geo->path = g_strdup(path);
    geo->topology = get_flag(r);
    geo->outer_cw = get_flag(r);
    /* each feature takes at least its two string lengths */
    int n = cm_geo_cache_get_count(r, G_MAXINT32, 2 * sizeof(gint32));
    if (n > 0)
        geo->features = g_new0(cm_geo_feature_t, n);
    for (int i = 0; i < n && !r->bad; i++) {
        geo->features[i].id = cm_geo_cache_get_str(r);
        geo->features[i].name = cm_geo_cache_get_str(r);
        geo->n_features = i + 1;
    }
    if (r->bad || n <= 0) {
        cm_geo_free(geo);
        return NULL;
    }
    return geo;
}

/* ---- projected, cut geometry ---- */

static void
put_ints(cm_geo_cache_writer_t *w, const GArray *a)
{
    cm_geo_cache_put_i32(w, (gint32)a->len);
    g_byte_array_append(w->buf, (const guint8 *)a->data, a->len * (guint)sizeof(int));
}

/* A GArray of N ints read from R, or NULL (R->bad) when damaged. */
static GArray *
get_ints(cm_geo_cache_reader_t *r)
{
    int n = cm_geo_cache_get_count(r, G_MAXINT32, sizeof(int));
    if (n < 0)
        return NULL;
    GArray *a = g_array_sized_new(FALSE, FALSE, sizeof(int), (guint)n);
    g_array_set_size(a, (guint)n);
    take(r, a->data, sizeof(int) * (size_t)n);
    return a;
}

void
cm_geo_cache_put_projected(cm_geo_cache_writer_t *w, const cm_geo_projected_t *pg)
{
    const cm__geo_cut_t *c = &pg->cut;
    cm_geo_cache_put_xy(w, (const cm_geo_xy_t *)c->pts->data, (int)c->pts->len);
    put_ints(w, c->seg_off);
    put_ints(w, c->ring_refs);
    cm_geo_cache_put_i32(w, (gint32)c->rings->len);
    for (guint i = 0; i < c->rings->len; i++) {
        const cm__geo_cut_ring_t *rg = &g_array_index(c->rings, cm__geo_cut_ring_t, i);
        cm_geo_cache_put_i32(w, rg->first_ref);
        cm_geo_cache_put_i32(w, rg->n_refs);
        cm_geo_cache_put_i32(w, rg->polygon);
        cm_geo_cache_put_i32(w, rg->hole);
    }
    cm_geo_cache_put_i32(w, c->n_features);
    for (int i = 0; i <= c->n_features; i++)
        cm_geo_cache_put_i32(w, c->feat_off[i]);
    for (int i = 0; i < 4; i++)
        cm_geo_cache_put_f64(w, pg->extent[i]);
    cm_geo_cache_put_i32(w, pg->has_extent);
}

/* True when OFF (N >= 1 entries) starts at 0, never decreases and ends at LAST. */
static bool
offsets_ok(const int *off, int n, int last)
{
    if (n < 1 || off[0] != 0 || off[n - 1] != last)
        return false;
    for (int i = 1; i < n; i++)
        if (off[i] < off[i - 1])
            return false;
    return true;
}

/* Whether every projected point is finite, or PROJ's HUGE_VAL marker (a point it could
 * not project, skipped by every user). */
static bool
projected_points_ok(const GArray *pts)
{
    for (guint i = 0; i < pts->len; i++) {
        const cm_geo_xy_t *p = &g_array_index(pts, cm_geo_xy_t, i);
        if (p->x != HUGE_VAL && (!isfinite(p->x) || !isfinite(p->y)))
            return false;
    }
    return true;
}

static bool
cut_ok(const cm__geo_cut_t *c)
{
    if (!projected_points_ok(c->pts))
        return false;
    int n_seg = (int)c->seg_off->len - 1;
    if (!offsets_ok((const int *)c->seg_off->data, (int)c->seg_off->len, (int)c->pts->len))
        return false;
    const int *refs = (const int *)c->ring_refs->data;
    for (guint i = 0; i < c->ring_refs->len; i++) {
        int s = refs[i] < 0 ? ~refs[i] : refs[i];
        if (s >= n_seg)
            return false;
    }
    for (guint i = 0; i < c->rings->len; i++) {
        const cm__geo_cut_ring_t *rg = &g_array_index(c->rings, cm__geo_cut_ring_t, i);
        if (rg->first_ref < 0 || rg->n_refs < 0 || rg->polygon < 0 ||
            (gint64)rg->first_ref + rg->n_refs > (gint64)c->ring_refs->len)
            return false;
    }
    return offsets_ok(c->feat_off, c->n_features + 1, (int)c->rings->len);
}

cm_geo_projected_t *
cm_geo_cache_get_projected(cm_geo_cache_reader_t *r, const cm_geo_t *geo)
{
    cm_geo_projected_t *pg = g_new0(cm_geo_projected_t, 1);
    cm__geo_cut_t *c = &pg->cut;
    pg->geo = geo;
    int n = 0;
    cm_geo_xy_t *pts = cm_geo_cache_get_xy(r, &n);
    c->pts = g_array_sized_new(FALSE, FALSE, sizeof(cm_geo_xy_t), (guint)n);
    if (n > 0)
        g_array_append_vals(c->pts, pts, (guint)n);
    g_free(pts);
    c->seg_off = get_ints(r);
    c->ring_refs = get_ints(r);
    int n_rings = cm_geo_cache_get_count(r, G_MAXINT32, 4 * sizeof(gint32));
    c->rings = g_array_sized_new(FALSE, FALSE, sizeof(cm__geo_cut_ring_t), MAX(n_rings, 0));
    for (int i = 0; i < n_rings && !r->bad; i++) {
        cm__geo_cut_ring_t rg;
        rg.first_ref = cm_geo_cache_get_i32(r);
        rg.n_refs = cm_geo_cache_get_i32(r);
        rg.polygon = cm_geo_cache_get_i32(r);
        rg.hole = get_flag(r);
        g_array_append_val(c->rings, rg);
    }
    int nf = cm_geo_cache_get_count(r, G_MAXINT32 - 1, sizeof(gint32));
    if (nf != geo->n_features)
        r->bad = true;
    if (!r->bad) {
        c->n_features = nf;
        c->feat_off = g_new(int, nf + 1);
        for (int i = 0; i <= nf; i++)
            c->feat_off[i] = cm_geo_cache_get_i32(r);
    }
    for (int i = 0; i < 4; i++)
        pg->extent[i] = cm_geo_cache_get_f64(r);
    pg->has_extent = get_flag(r);
    for (int i = 0; i < 4 && pg->has_extent; i++)
        if (!isfinite(pg->extent[i]))
            r->bad = true;
    if (r->bad || !c->seg_off || !c->ring_refs || !cut_ok(c)) {
        r->bad = true;
        cm_geo_projected_free(pg);
        return NULL;
    }
    return pg;
}

/* ---- the pixel map ---- */

void
cm_geo_cache_put_map(cm_geo_cache_writer_t *w, const cm_geo_map_t *map)
{
    cm_geo_cache_put_f64(w, map->fit.scale);
    cm_geo_cache_put_f64(w, map->fit.tx);
    cm_geo_cache_put_f64(w, map->fit.ty);
    cm_geo_cache_put_i32(w, map->n_points);
    cm_geo_cache_put_i32(w, map->n_shapes);
    for (int f = 0; f < map->n_shapes; f++) {
        const cm_geo_shape_t *s = &map->shapes[f];
        cm_geo_cache_put_i32(w, s->n_rings);
        for (int i = 0; i < s->n_rings; i++) {
            cm_geo_cache_put_i32(w, s->rings[i].hole);
            cm_geo_cache_put_xy(w, s->rings[i].pts, s->rings[i].n);
        }
        cm_geo_cache_put_f64(w, s->area);
        cm_geo_cache_put_f64(w, s->label.x);
        cm_geo_cache_put_f64(w, s->label.y);
        cm_geo_cache_put_f64(w, s->label_dist);
        for (int i = 0; i < 4; i++)
            cm_geo_cache_put_f64(w, s->bbox[i]);
        cm_geo_cache_put_i32(w, s->has_label);
    }
}

/* Whether the N numbers at V are finite (a pixel map holds no NaN or infinity). */
static bool
finite_all(const double *v, int n)
{
    for (int i = 0; i < n; i++)
        if (!isfinite(v[i]))
            return false;
    return true;
}

static bool
ring_finite(const cm_geo_path_t *ring)
{
    for (int i = 0; i < ring->n; i++)
        if (!isfinite(ring->pts[i].x) || !isfinite(ring->pts[i].y))
            return false;
    return true;
}

static bool
get_shape(cm_geo_cache_reader_t *r, cm_geo_shape_t *s, int *n_points)
{
    /* a ring takes at least its flag and its count */
    int n = cm_geo_cache_get_count(r, G_MAXINT32, 2 * sizeof(gint32));
    if (n > 0)
        s->rings = g_new0(cm_geo_path_t, n);
    for (int i = 0; i < n && !r->bad; i++) {
        s->rings[i].hole = get_flag(r);
        s->rings[i].pts = cm_geo_cache_get_xy(r, &s->rings[i].n);
        s->n_rings = i + 1;
        if (r->bad || s->rings[i].n < 3 || !ring_finite(&s->rings[i]))
            r->bad = true; /* cm_geo_map_new keeps no ring shorter than that */
        else if (*n_points > G_MAXINT32 - s->rings[i].n)
            r->bad = true;
        else
            *n_points += s->rings[i].n;
    }
    s->area = cm_geo_cache_get_f64(r);
    s->label.x = cm_geo_cache_get_f64(r);
    s->label.y = cm_geo_cache_get_f64(r);
    s->label_dist = cm_geo_cache_get_f64(r);
    for (int i = 0; i < 4; i++)
        s->bbox[i] = cm_geo_cache_get_f64(r);
    s->has_label = get_flag(r);
    const double label[] = {s->label.x, s->label.y, s->label_dist};
    if (!finite_all(&s->area, 1) || !finite_all(s->bbox, 4) ||
        (s->has_label && !finite_all(label, 3)))
        r->bad = true;
    return !r->bad;
}

cm_geo_map_t *
cm_geo_cache_get_map(cm_geo_cache_reader_t *r, const cm_geo_t *geo)
{
    cm_geo_map_t *map = g_new0(cm_geo_map_t, 1);
    map->fit.scale = cm_geo_cache_get_f64(r);
    map->fit.tx = cm_geo_cache_get_f64(r);
    map->fit.ty = cm_geo_cache_get_f64(r);
    int n_points = cm_geo_cache_get_i32(r), counted = 0;
    const double fit[] = {map->fit.scale, map->fit.tx, map->fit.ty};
    if (!finite_all(fit, 3) || !(map->fit.scale > 0))
        r->bad = true;
    int n = cm_geo_cache_get_count(r, G_MAXINT32, sizeof(gint32));
    if (n != geo->n_features)
        r->bad = true;
    if (!r->bad)
        map->shapes = g_new0(cm_geo_shape_t, MAX(n, 1));
    for (int f = 0; f < n && !r->bad; f++) {
        map->n_shapes = f + 1;
        map->shapes[f].feature = &geo->features[f];
        get_shape(r, &map->shapes[f], &counted);
    }
    map->n_points = counted;
    if (r->bad || counted != n_points) {
        r->bad = true;
        cm_geo_map_free(map);
        return NULL;
    }
    return map;
}
