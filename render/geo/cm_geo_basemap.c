/* cm_geo_basemap.c — a figure's basemap made ready: from the disk cache, or loaded in a
 * second thread and projected (see cm_geo_base.h).
 *
 * The cache key starts with a hash of the basemap file's bytes, read in pieces into one
 * small buffer. A base made on a miss is saved under that key only if the file did not
 * change since it was hashed: the loader read it again, and an edit in between would
 * cache new geometry under the old content's key. Anything that goes wrong with the cache
 * is a miss; the real load reports real problems.
 */
#include "cm_geo_base_private.h"

#include "../util/cm_cache.h"
#include "../util/cm_error.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

struct cm_geo_basemap {
    /* borrowed */
    cm_geo_basemap_request_t req; /* strings borrowed from the caller */
    const cm_geo_t *geo;          /* the features: the loaded basemap's or the cached ones */
    /* owned */
    GThread *loader;
    cm_geo_t *owned_geo;  /* a basemap loaded for this figure only */
    cm_geo_t *cached_geo; /* the features of a cache hit */
    cm_geo_base_t *base;
    cm_proj_t *proj;
    GError *load_error;
    /* plain values */
    guint64 key;
    bool has_key;   /* the basemap's bytes were read: its base can be cached */
    struct stat st; /* the basemap file when it was hashed */
    bool joined;
};

/* cm_cache_hash of the file at PATH, read in pieces (a multiple of the hash's 8-byte
 * step, so the result is that of the whole file in one piece). False when it cannot be
 * read. */
static bool
hash_file(const char *path, guint64 *hash)
{
    enum { PIECE = 64 << 10 };
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    char *buf = g_malloc(PIECE);
    guint64 h = CM_CACHE_HASH_SEED;
    bool ok = true;
    for (;;) {
        size_t have = 0;
        while (have < PIECE) {
            ssize_t n = read(fd, buf + have, PIECE - have);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0) {
                ok = n == 0;
                break;
            }
            have += (size_t)n;
        }
        if (!ok)
            break;
        h = cm_cache_hash(h, buf, have);
        if (have < PIECE)
            break;
    }
    g_free(buf);
    close(fd);
    *hash = h;
    return ok;
}

static void
probe_cache(cm_geo_basemap_t *b)
{
    const cm_geo_basemap_request_t *q = &b->req;
    guint64 file_hash;
    if (!q->use_cache || !cm_cache_dir() || stat(q->path, &b->st) != 0 ||
        !hash_file(q->path, &file_hash))
        return;
    b->key = cm_geo_cache_key_base(file_hash, &q->opts, q->projection, q->bbox);
    b->has_key = true;
    b->base = cm_geo_base_load_cached(b->key, q->path, &b->cached_geo);
}

static const cm_geo_t *
load_own(void *ctx, const char *path, const cm_geo_load_opts_t *opts, cm_geo_t **owned,
         GError **error)
{
    return (*owned = cm_geo_load_full(path, opts, error));
}

static gpointer
load_thread(gpointer data)
{
    cm_geo_basemap_t *b = data;
    cm_geo_loader_t load = b->req.load ? b->req.load : load_own;
    b->geo = load(b->req.load_ctx, b->req.path, &b->req.opts, &b->owned_geo, &b->load_error);
    return NULL;
}

cm_geo_basemap_t *
cm_geo_basemap_open(const cm_geo_basemap_request_t *req, GError **error)
{
    cm_geo_basemap_t *b = g_new0(cm_geo_basemap_t, 1);
    b->req = *req;
    probe_cache(b);
    if (b->base) {
        b->geo = b->cached_geo;
        b->joined = true;
        return b;
    }
    b->loader = g_thread_new("basemap", load_thread, b);
    /* PROJ is set up while the basemap is read; a hit needs neither. */
    if (!(b->proj = cm_proj_new(req->projection, error))) {
        cm_geo_basemap_free(b);
        return NULL;
    }
    return b;
}

const cm_geo_t *
cm_geo_basemap_features(cm_geo_basemap_t *b, GError **error)
{
    if (!b->joined) {
        g_thread_join(b->loader);
        b->loader = NULL;
        b->joined = true;
    }
    if (!b->geo && b->load_error) {
        g_propagate_error(error, b->load_error);
        b->load_error = NULL;
    } else if (!b->geo) {
        g_set_error(error, CM_ERROR, CM_ERROR_IO, "the basemap %s was not loaded", b->req.path);
    }
    return b->geo;
}

/* Saves the base just made, unless the file changed since it was hashed. */
static void
save_base(cm_geo_basemap_t *b)
{
    struct stat now;
    if (b->has_key && stat(b->req.path, &now) == 0 && now.st_size == b->st.st_size &&
        now.st_ino == b->st.st_ino && now.st_mtim.tv_sec == b->st.st_mtim.tv_sec &&
        now.st_mtim.tv_nsec == b->st.st_mtim.tv_nsec)
        cm_geo_base_save_cached(b->base, b->key);
}

const cm_geo_base_t *
cm_geo_basemap_base(cm_geo_basemap_t *b, GError **error)
{
    if (b->base)
        return b->base;
    const cm_geo_t *geo = cm_geo_basemap_features(b, error);
    if (!geo || !(b->base = cm_geo_base_new(geo, b->proj, b->req.bbox, error)))
        return NULL;
    save_base(b);
    return b->base;
}

cm_geo_cache_state_t
cm_geo_basemap_cache_state(const cm_geo_basemap_t *b)
{
    if (b->cached_geo)
        return CM_GEO_CACHE_HIT;
    return b->has_key ? CM_GEO_CACHE_MISS : CM_GEO_CACHE_OFF;
}

void
cm_geo_basemap_free(cm_geo_basemap_t *b)
{
    if (!b)
        return;
    if (b->loader)
        g_thread_join(b->loader);
    g_clear_error(&b->load_error);
    cm_geo_base_free(b->base); /* before the features it borrows */
    cm_geo_free(b->owned_geo);
    cm_geo_free(b->cached_geo);
    cm_proj_free(b->proj);
    g_free(b);
}
