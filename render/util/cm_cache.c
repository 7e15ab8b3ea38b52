/* cm_cache.c — the cache folder: where it is, reading a file, writing one atomically.
 *
 * See cm_cache.h for the rules. The hash is FNV-1a (64 bit), taken 8 bytes at a time
 * as one 64-bit word per step (folded back, so every byte reaches every bit) so a basemap of a few
 * hundred KB hashes in well under a millisecond; it only has to tell versions of our own inputs
 * apart, not resist an attacker (a cache folder is the user's own).
 */
#include "cm_cache.h"
#include "cm_error.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static gpointer
choose_dir(gpointer unused)
{
    (void)unused;
    const char *env = g_getenv("CHRONOMAP_CACHE_DIR");
    if (env) {
        if (!*env || strcmp(env, "0") == 0 || strcmp(env, "off") == 0)
            return NULL;
        return g_strdup(env);
    }
    const char *xdg = g_getenv("XDG_CACHE_HOME");
    if (xdg && g_path_is_absolute(xdg))
        return g_build_filename(xdg, "chronomap", NULL);
    const char *home = g_getenv("HOME");
    if (home && *home)
        return g_build_filename(home, ".cache", "chronomap", NULL);
    return NULL;
}

const char *
cm_cache_dir(void)
{
    static GOnce once = G_ONCE_INIT;
    return g_once(&once, choose_dir, NULL);
}

/* The cap: CM_CACHE_MAX_BYTES, or $CHRONOMAP_CACHE_MAX_MB megabytes when set. */
static gpointer
choose_max(gpointer unused)
{
    (void)unused;
    static gint64 max;
    /* a bad value is not worth failing a figure for: the cache keeps its default */
    guint64 mb;
    max =
        cm_env_cap("CHRONOMAP_CACHE_MAX_MB", CM_CACHE_MAX_BYTES >> 20, (guint64)1 << 40, &mb, NULL)
            ? (gint64)(mb << 20)
            : CM_CACHE_MAX_BYTES;
    return &max;
}

static gint64
max_bytes(void)
{
    static GOnce once = G_ONCE_INIT;
    return *(const gint64 *)g_once(&once, choose_max, NULL);
}

/* Removes the least recently used files (oldest mtime first: reads refresh it) until the
 * folder holds at most three quarters of the cap; KEEP, the file just written, stays.
 * Scans the folder after every write, which only runs that had something to cache do.
 * Errors are ignored: another process may be trimming too. */
typedef struct {
    char *path;
    gint64 mtime_ns;
    goffset size;
} file_t;

static int
by_age(gconstpointer a, gconstpointer b)
{
    const file_t *x = a, *y = b;
    return x->mtime_ns < y->mtime_ns ? -1 : x->mtime_ns > y->mtime_ns;
}

static void
trim(const char *dir, const char *keep)
{
    GDir *d = g_dir_open(dir, 0, NULL);
    if (!d)
        return;
    GArray *files = g_array_new(FALSE, FALSE, sizeof(file_t));
    goffset total = 0;
    for (const char *name; (name = g_dir_read_name(d));) {
        file_t f = {g_build_filename(dir, name, NULL), 0, 0};
        struct stat st;
        if (lstat(f.path, &st) != 0 || !S_ISREG(st.st_mode) || strcmp(f.path, keep) == 0) {
            g_free(f.path);
            continue;
        }
        f.mtime_ns = (gint64)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
        f.size = st.st_size;
        total += f.size;
        g_array_append_val(files, f);
    }
    g_dir_close(d);
    struct stat st;
    if (stat(keep, &st) == 0)
        total += st.st_size;
    if (total > max_bytes()) {
        g_array_sort(files, by_age);
        for (guint i = 0; i < files->len && total > max_bytes() / 4 * 3; i++) {
            file_t *f = &g_array_index(files, file_t, i);
            if (unlink(f->path) == 0)
                total -= f->size;
        }
    }
    for (guint i = 0; i < files->len; i++)
        g_free(g_array_index(files, file_t, i).path);
    g_array_free(files, TRUE);
}

static char *
cache_path(const char *name)
{
    const char *dir = cm_cache_dir();
    if (!dir || !name || !*name || strchr(name, '/'))
        return NULL;
    return g_build_filename(dir, name, NULL);
}

GBytes *
cm_cache_read(const char *name)
{
    char *path = cache_path(name);
    if (!path)
        return NULL;
    char *data = NULL;
    gsize len = 0;
    gboolean ok = g_file_get_contents(path, &data, &len, NULL);
    if (ok) /* a read is a use: the least recently used files are trimmed first */
        utimensat(AT_FDCWD, path, NULL, 0);
    g_free(path);
    return ok ? g_bytes_new_take(data, len) : NULL;
}

bool
cm_cache_write(const char *name, const void *data, size_t len)
{
    char *path = cache_path(name);
    if (!path)
        return false;
    bool ok = false;
    char *tmp = NULL;
    if (g_mkdir_with_parents(cm_cache_dir(), 0700) != 0)
        goto out;
    tmp = g_strdup_printf("%s.XXXXXX", path);
    int fd = g_mkstemp_full(tmp, O_WRONLY | O_CLOEXEC, 0644);
    if (fd < 0)
        goto out;
    const char *p = data;
    size_t left = len;
    while (left > 0) {
        ssize_t n = write(fd, p, left);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        p += n;
        left -= (size_t)n;
    }
    ok = left == 0;
    if (close(fd) != 0)
        ok = false;
    if (ok && rename(tmp, path) != 0)
        ok = false;
    if (!ok)
        unlink(tmp);
    else
        trim(cm_cache_dir(), path);
out:
    g_free(tmp);
    g_free(path);
    return ok;
}

guint64
cm_cache_hash(guint64 seed, const void *data, size_t len)
{
    const unsigned char *p = data;
    guint64 h = seed;
    const guint64 prime = 0x100000001b3ull;
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        guint64 w;
        memcpy(&w, p + i, 8);
        h = (h ^ w) * prime;
        h ^= h >> 32; /* let the high bytes of each word reach the low bits */
    }
    for (; i < len; i++)
        h = (h ^ p[i]) * prime;
    return h;
}
