/* cm_write.c — output formats by name, and atomic file writes.
 *
 * cm_write_atomic is a file set of one file (util/cm_fileset.h): symbolic links are
 * written through, devices and /dev/std* written in place, the mode and owner of a
 * replaced file kept, and temporary files of dead processes removed.
 *
 * cm_write_prepare / cm_write_commit (kept for the CLI until its figures write through
 * cm_fileset) write into a temporary file created with mkstemp in the
 * target's own directory (so rename stays on one file system), fsyncs it,
 * and renames it over the target: readers see the old file or the new one,
 * never half of one, and a failure at any step removes the temporary file
 * and leaves the target as it was. A target that is a directory is refused
 * up front (rename would fail, but the message would be obscure). A target
 * that is a symbolic link is replaced by a regular file, as with
 * g_file_set_contents. "-" means standard output.
 */
#include "cm_backend.h"
#include "../util/cm_error.h"
#include "../util/cm_fileset.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

bool
cm_format_parse(const char *word, cm_format_t *out)
{
    static const struct {
        const char *name;
        cm_format_t format;
    } names[] = {
        {"svg", CM_FORMAT_SVG},   {"png", CM_FORMAT_PNG},  {"pdf", CM_FORMAT_PDF},
        {"dump", CM_FORMAT_DUMP}, {"txt", CM_FORMAT_DUMP},
    };
    if (!word)
        return false;
    for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
        if (g_ascii_strcasecmp(word, names[i].name) == 0) {
            *out = names[i].format;
            return true;
        }
    }
    return false;
}

bool
cm_format_from_name(const char *name, cm_format_t *out)
{
    if (!name)
        return false;
    const char *slash = strrchr(name, '/');
    const char *base = slash ? slash + 1 : name;
    const char *dot = strrchr(base, '.');
    if (!dot || dot == base)
        return false;
    return cm_format_parse(dot + 1, out);
}

static bool
write_stdout(const void *data, size_t len, GError **error)
{
    if ((len > 0 && fwrite(data, 1, len, stdout) != len) || fflush(stdout) != 0) {
        int e = errno;
        g_set_error(error, CM_ERROR, CM_ERROR_IO, "cannot write to standard output: %s",
                    g_strerror(e));
        clearerr(stdout);
        return false;
    }
    return true;
}

static bool
write_all(int fd, const void *data, size_t len)
{
    const char *p = data;
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        p += n;
        len -= (size_t)n;
    }
    return true;
}

struct cm_pending_write {
    char *path;          /* owned */
    char *tmp;           /* owned; NULL for standard output */
    GBytes *stdout_data; /* for "-": written at commit */
};

static void
pending_free(cm_pending_write_t *w)
{
    g_free(w->path);
    g_free(w->tmp);
    if (w->stdout_data)
        g_bytes_unref(w->stdout_data);
    g_free(w);
}

cm_pending_write_t *
cm_write_prepare(const char *path, const void *data, size_t len, GError **error)
{
    g_return_val_if_fail(path != NULL && (data != NULL || len == 0), NULL);
    if (strcmp(path, "-") == 0) {
        cm_pending_write_t *w = g_new0(cm_pending_write_t, 1);
        w->path = g_strdup(path);
        w->stdout_data = g_bytes_new(data, len);
        return w;
    }
    if (!*path) {
        g_set_error(error, CM_ERROR, CM_ERROR_IO, "cannot write '': the output path is empty");
        return NULL;
    }
    if (g_file_test(path, G_FILE_TEST_IS_DIR)) {
        g_set_error(error, CM_ERROR, CM_ERROR_IO,
                    "cannot write '%s': it is a directory; give a file name", path);
        return NULL;
    }
    /* Renaming over a device or a FIFO would replace it (as root, even
     * /dev/null); only regular files and symlinks (replaced by the new file,
     * their target untouched) are outputs. */
    struct stat st;
    if (lstat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISLNK(st.st_mode)) {
        g_set_error(error, CM_ERROR, CM_ERROR_IO,
                    "cannot write '%s': it exists and is not a regular file", path);
        return NULL;
    }

    char *dir = g_path_get_dirname(path);
    char *base = g_path_get_basename(path);
    /* The temporary name keeps at most 64 bytes of the base name (cut on a
     * character boundary) so it fits NAME_MAX whenever PATH does. */
    size_t keep = strlen(base);
    if (keep > 64) {
        keep = 64;
        while (keep > 0 && ((unsigned char)base[keep] & 0xc0) == 0x80)
            keep--;
    }
    char *tmp = g_strdup_printf("%s%s.%.*s.XXXXXX", dir, G_DIR_SEPARATOR_S, (int)keep, base);
    cm_pending_write_t *w = NULL;
    const char *what = NULL;
    int fd = g_mkstemp_full(tmp, O_RDWR | O_CLOEXEC, 0644);
    if (fd < 0) {
        int e = errno;
        g_set_error(error, CM_ERROR, CM_ERROR_IO,
                    "cannot write '%s': cannot create a file in directory '%s': %s", path, dir,
                    g_strerror(e));
        goto out;
    }
    if (!write_all(fd, data, len))
        what = "writing";
    else if (fsync(fd) != 0)
        what = "syncing";
    int e = errno;
    if (close(fd) != 0 && !what) {
        e = errno;
        what = "closing";
    }
    if (what) {
        g_unlink(tmp);
        g_set_error(error, CM_ERROR, CM_ERROR_IO, "cannot write '%s': %s failed: %s", path, what,
                    g_strerror(e));
        goto out;
    }
    w = g_new0(cm_pending_write_t, 1);
    w->path = g_strdup(path);
    w->tmp = tmp;
    tmp = NULL;
out:
    g_free(tmp);
    g_free(base);
    g_free(dir);
    return w;
}

bool
cm_write_commit(cm_pending_write_t *w, GError **error)
{
    g_return_val_if_fail(w != NULL, false);
    bool ok;
    if (w->stdout_data) {
        gsize n;
        const void *d = g_bytes_get_data(w->stdout_data, &n);
        ok = write_stdout(d, n, error);
    } else {
        ok = rename(w->tmp, w->path) == 0;
        if (!ok) {
            int e = errno;
            g_unlink(w->tmp);
            g_set_error(error, CM_ERROR, CM_ERROR_IO,
                        "cannot write '%s': renaming the temporary file onto it failed: %s",
                        w->path, g_strerror(e));
        }
    }
    pending_free(w);
    return ok;
}

void
cm_write_abort(cm_pending_write_t *w)
{
    if (!w)
        return;
    if (w->tmp)
        g_unlink(w->tmp);
    pending_free(w);
}

bool
cm_write_atomic(const char *path, const void *data, size_t len, GError **error)
{
    g_return_val_if_fail(path != NULL && (data != NULL || len == 0), false);
    cm_fileset_t *set = cm_fileset_new();
    GBytes *bytes = g_bytes_new_static(data, len); /* borrowed for this call only */
    cm_fileset_add(set, path, "output", bytes);
    g_bytes_unref(bytes);
    bool ok = cm_fileset_commit(set, error);
    cm_fileset_free(set);
    return ok;
}
