/* cm_cache.c — the cache folder: where it is, reading a file, writing one atomically.
 *
 * See cm_cache.h for the rules. The hash is FNV-1a (64 bit), taken 8 bytes at a time
 * as one 64-bit word per step (folded back, so every byte reaches every bit) so a basemap of a few
 * hundred KB hashes in well under a millisecond; it only has to tell versions of our own inputs
 * apart, not resist an attacker.
 *
 * Trust: a cache file is an optimisation, so any doubt means "recompute". The folder is
 * used only when it is a real folder (not a symbolic link) owned by this user and
 * writable by nobody else; a file only when it is a regular file (opened with O_NOFOLLOW
 * | O_NONBLOCK, so neither a link to /dev/zero nor a FIFO is read) owned by this user,
 * writable by nobody else and within the size cap. Other users' files, and anything
 * whose name is not a cache file's, are never read, trimmed or replaced. The readers of
 * the records then check every record (cm_text_store.c, cm_geo_cache.c).
 */
#include "cm_cache.h"
#include "cm_error.h"
#include "cm_fileset_private.h"

#include <dirent.h>
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
        return g_build_filename(env, "chronomap", NULL);
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

/* Whether NAME can be a cache file's name: letters, digits, '-', '_' and '.', not
 * starting with '.', ending in ".bin". Only such names are read, written or trimmed. */
static bool
name_ok(const char *name)
{
    size_t n = name ? strlen(name) : 0;
    if (n < 5 || n > 200 || name[0] == '.' || strcmp(name + n - 4, ".bin") != 0)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!g_ascii_isalnum(name[i]) && !strchr("-_.", name[i]))
            return false;
    return true;
}

/* A folder or file that another user could have written: not ours to trust. */
static bool
trusted(const struct stat *st)
{
    return st->st_uid == geteuid() && (st->st_mode & (S_IWGRP | S_IWOTH)) == 0;
}

/* The cache folder, opened and checked: a real folder (not a link), owned by this user,
 * writable by nobody else. CREATE makes it (mode 0700, parents as needed). -1 when
 * caching is off or the folder is missing or not to be trusted. */
static int
open_dir(bool create)
{
    const char *dir = cm_cache_dir();
    if (!dir)
        return -1;
    if (create) {
        char *parent = g_path_get_dirname(dir);
        int made = g_mkdir_with_parents(parent, 0700);
        g_free(parent);
        if (made != 0 || (mkdir(dir, 0700) != 0 && errno != EEXIST))
            return -1;
    }
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return -1;
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISDIR(st.st_mode) || !trusted(&st)) {
        if (g_getenv("CHRONOMAP_CACHE_LOG"))
            g_printerr("chronomap: cache: ignoring '%s': not a folder of this user that only "
                       "this user can write\n",
                       dir);
        close(fd);
        return -1;
    }
    return fd;
}

/* Removes the least recently used cache files (oldest mtime first: reads refresh it)
 * until the folder holds at most three quarters of the cap; KEEP, the file just
 * written, stays. Only regular files of this user with cache names (name_ok) count and
 * are removed; anything else in the folder is never touched. Scans the folder after
 * every write, which only runs that had something to cache do. Errors are ignored:
 * another process may be trimming too. */
typedef struct {
    char *name;
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
trim(int dfd, const char *keep)
{
    int dup_fd = dup(dfd);
    DIR *d = dup_fd >= 0 ? fdopendir(dup_fd) : NULL;
    if (!d) {
        if (dup_fd >= 0)
            close(dup_fd);
        return;
    }
    GArray *files = g_array_new(FALSE, FALSE, sizeof(file_t));
    goffset total = 0;
    for (struct dirent *de; (de = readdir(d));) {
        struct stat st;
        if (!name_ok(de->d_name) || fstatat(dfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
            !S_ISREG(st.st_mode) || st.st_uid != geteuid())
            continue;
        total += st.st_size;
        if (strcmp(de->d_name, keep) == 0)
            continue;
        file_t f = {g_strdup(de->d_name),
                    (gint64)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec, st.st_size};
        g_array_append_val(files, f);
    }
    closedir(d);
    if (total > max_bytes()) {
        g_array_sort(files, by_age);
        for (guint i = 0; i < files->len && total > max_bytes() / 4 * 3; i++) {
            file_t *f = &g_array_index(files, file_t, i);
            if (unlinkat(dfd, f->name, 0) == 0)
                total -= f->size;
        }
    }
    for (guint i = 0; i < files->len; i++)
        g_free(g_array_index(files, file_t, i).name);
    g_array_free(files, TRUE);
}

GBytes *
cm_cache_read(const char *name)
{
    if (!name_ok(name))
        return NULL;
    int dfd = open_dir(false);
    if (dfd < 0)
        return NULL;
    /* O_NOFOLLOW: not a link (to /dev/zero, to another user's file); O_NONBLOCK: a FIFO
     * in its place does not block the render */
    int fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    close(dfd);
    if (fd < 0)
        return NULL;
    struct stat st;
    GBytes *out = NULL;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || !trusted(&st) || st.st_size < 0 ||
        st.st_size > max_bytes())
        goto out;
    gsize len = (gsize)st.st_size, got = 0;
    char *data = g_malloc(MAX(len, 1));
    while (got < len) {
        ssize_t n = read(fd, data + got, len - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        got += (gsize)n;
    }
    if (got != len) { /* shrank while read: another process rewrote it; next time */
        g_free(data);
        goto out;
    }
    futimens(fd, NULL); /* a read is a use: the least recently used files are trimmed first */
    out = g_bytes_new_take(data, len);
out:
    close(fd);
    return out;
}

bool
cm_cache_write(const char *name, const void *data, size_t len)
{
    if (!name_ok(name) || (gint64)len > max_bytes())
        return false;
    int dfd = open_dir(true);
    if (dfd < 0)
        return false;
    bool ok = false;
    char *tmp = NULL;
    int fd = -1;
    for (int tries = 0; tries < 100 && fd < 0; tries++) {
        g_free(tmp);
        /* ".NAME~cm.PID.START.n######": a killed writer's file is swept by the next one */
        char *full = cm__fileset_temp_name(".", name, 'n');
        tmp = g_path_get_basename(full);
        g_free(full);
        fd = openat(dfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (fd < 0 && errno != EEXIST)
            break;
    }
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
    if (ok && renameat(dfd, tmp, dfd, name) != 0)
        ok = false;
    if (!ok) {
        unlinkat(dfd, tmp, 0);
    } else {
        cm_fileset_sweep(cm_cache_dir());
        trim(dfd, name);
    }
out:
    close(dfd);
    g_free(tmp);
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
