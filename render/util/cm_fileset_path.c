/* cm_fileset_path.c — what a path names, for the file set: a descriptor, a device, or a
 * regular file in a real folder.
 *
 * A path is resolved one hop at a time: its folder by realpath(3), its last part by
 * lstat(2); a symbolic link there is followed (relative links from the folder that holds
 * them), at most 40 times (the kernel's own limit), so a link to a file that does not
 * exist yet resolves to that file and writing creates it beside the link's target, not in
 * place of the link. At every hop the names that stand for an open descriptor
 * (/dev/stdout, /dev/stderr, /dev/stdin, /dev/fd/N, /proc/self/fd/N,
 * /proc/thread-self/fd/N, /proc/PID/fd/N for this process) are recognised before the
 * kernel's magic links would turn them into "pipe:[…]" or a deleted file's name.
 */
#include "cm_fileset_private.h"
#include "cm_error.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { MAX_HOPS = 40 };

/* N when PATH names descriptor N of this process, else -1. */
static int
fd_named(const char *path)
{
    if (strcmp(path, "-") == 0 || strcmp(path, "/dev/stdout") == 0)
        return 1;
    if (strcmp(path, "/dev/stderr") == 0)
        return 2;
    if (strcmp(path, "/dev/stdin") == 0)
        return 0;
    char self[64];
    g_snprintf(self, sizeof self, "/proc/%ld/fd/", (long)getpid());
    const char *prefixes[] = {"/dev/fd/", "/proc/self/fd/", "/proc/thread-self/fd/", self};
    for (size_t i = 0; i < G_N_ELEMENTS(prefixes); i++) {
        size_t n = strlen(prefixes[i]);
        if (strncmp(path, prefixes[i], n) != 0)
            continue;
        const char *digits = path + n;
        char *end;
        errno = 0;
        long v = strtol(digits, &end, 10);
        if (end == digits || *end || errno || v < 0 || v > INT_MAX)
            return -1;
        return (int)v;
    }
    return -1;
}

static bool
resolve_fd(cm__entry_t *e, int fd, bool for_output, GError **error)
{
    e->kind = CM__TARGET_FD;
    e->fd = fd;
    e->exists = fstat(fd, &e->st) == 0;
    if (!for_output)
        return true;
    if (fd == 0) {
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE,
                    "cannot write the %s to '%s': it is standard input", e->role, e->given);
        return false;
    }
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0 || (fl & O_ACCMODE) == O_RDONLY) {
        g_set_error(error, CM_ERROR, CM_ERROR_IO,
                    "cannot write the %s to '%s': descriptor %d is not open for writing", e->role,
                    e->given, fd);
        return false;
    }
    return true;
}

/* DIR/NAME, without a doubled slash when DIR is "/". */
static char *
join(const char *dir, const char *name)
{
    return g_build_filename(dir, name, NULL);
}

bool
cm__fileset_resolve(cm__entry_t *e, bool for_output, GError **error)
{
    char *p = g_strdup(e->given);
    bool ok = false;
    for (int hop = 0; hop <= MAX_HOPS; hop++) {
        int fd = !for_output && strcmp(p, "-") == 0 ? 0 : fd_named(p);
        if (fd >= 0) {
            ok = resolve_fd(e, fd, for_output, error);
            goto out;
        }
        if (!*p) {
            g_set_error(error, CM_ERROR, CM_ERROR_USAGE, "the %s path is empty", e->role);
            goto out;
        }
        char *dir = g_path_get_dirname(p), *base = g_path_get_basename(p);
        char *rdir = realpath(dir, NULL);
        int e_dir = errno;
        bool dots = strcmp(base, ".") == 0 || strcmp(base, "..") == 0 ||
                    strcmp(base, G_DIR_SEPARATOR_S) == 0 || g_str_has_suffix(p, "/");
        g_free(dir);
        if (!rdir) {
            g_free(base);
            if (!for_output)
                goto missing_input;
            g_set_error(error, CM_ERROR, CM_ERROR_IO, "cannot write the %s '%s': its folder: %s",
                        e->role, e->given, g_strerror(e_dir));
            goto out;
        }
        char *full = dots ? realpath(p, NULL) : join(rdir, base);
        if (!full)
            full = join(rdir, base);
        g_free(rdir);
        g_free(base);
        fd = fd_named(full);
        if (fd >= 0) {
            g_free(full);
            ok = resolve_fd(e, fd, for_output, error);
            goto out;
        }
        struct stat st;
        if (lstat(full, &st) != 0) {
            int err = errno;
            if (err == ENOENT || !for_output) {
                e->kind = CM__TARGET_FILE;
                e->exists = false;
                e->real = full;
                ok = true;
                goto out;
            }
            g_set_error(error, CM_ERROR, CM_ERROR_IO, "cannot write the %s '%s': %s", e->role,
                        e->given, g_strerror(err));
            g_free(full);
            goto out;
        }
        if (S_ISLNK(st.st_mode)) {
            char *target = g_file_read_link(full, NULL);
            if (!target) {
                g_free(full);
                break;
            }
            g_free(p);
            if (g_path_is_absolute(target)) {
                p = target;
            } else {
                char *holder = g_path_get_dirname(full);
                p = join(holder, target);
                g_free(holder);
                g_free(target);
            }
            g_free(full);
            continue;
        }
        if (S_ISDIR(st.st_mode) && for_output) {
            g_set_error(error, CM_ERROR, CM_ERROR_IO,
                        "cannot write the %s '%s': it is a directory; give a file name", e->role,
                        e->given);
            g_free(full);
            goto out;
        }
        e->kind = S_ISREG(st.st_mode) || S_ISDIR(st.st_mode) ? CM__TARGET_FILE : CM__TARGET_DEVICE;
        e->exists = true;
        e->st = st;
        e->real = full;
        ok = true;
        goto out;
    }
    if (!for_output)
        goto missing_input;
    g_set_error(error, CM_ERROR, CM_ERROR_IO,
                "cannot write the %s '%s': too many symbolic links (or a broken one)", e->role,
                e->given);
    goto out;
missing_input:
    e->kind = CM__TARGET_FILE;
    e->exists = false;
    ok = true;
out:
    g_free(p);
    if (ok && e->kind == CM__TARGET_FILE && e->real) {
        e->dir = g_path_get_dirname(e->real);
        e->base = g_path_get_basename(e->real);
    }
    return ok;
}
