/* cm_fileset.c — a figure's files, checked against its inputs and committed together.
 *
 * The commit is a two-phase write in the manner of a database's: prepare everything that
 * can fail without anyone seeing it (temporary files beside each target, written and
 * fsynced, their mode and owner set; a hard link to each previous version; the sinks that
 * cannot be renamed over), then a run of renames, each atomic (rename(2) within a
 * folder), with an undo log — the previous versions — replayed backwards if one of them
 * fails. The folders are fsynced last so the new names survive a crash. What a SIGKILL
 * can leave is a mix of old and new targets and some temporary files; the next commit into
 * the folder removes those (cm_fileset_sweep). See cm_fileset.h for the rules.
 */
#include "cm_fileset_private.h"
#include "cm_error.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

struct cm_fileset {
    /* owned */
    GArray *inputs;    /* cm__entry_t */
    GArray *outputs;   /* cm__entry_t */
    GHashTable *swept; /* char * folder: already cleared of dead runs' temporary files */
    /* plain values */
    bool committed;
    bool inputs_resolved; /* since the last cm_fileset_add_input */
};

static void
entry_clear(cm__entry_t *e)
{
    g_free(e->given);
    g_free(e->role);
    if (e->data)
        g_bytes_unref(e->data);
    g_free(e->real);
    g_free(e->dir);
    g_free(e->base);
    g_free(e->tmp);
    g_free(e->backup);
    memset(e, 0, sizeof *e);
}

/* Forgets what an earlier check resolved, so a check sees the file system as it is now. */
static void
entry_unresolve(cm__entry_t *e)
{
    g_clear_pointer(&e->real, g_free);
    g_clear_pointer(&e->dir, g_free);
    g_clear_pointer(&e->base, g_free);
    e->exists = false;
    e->fd = -1;
}

cm_fileset_t *
cm_fileset_new(void)
{
    cm_fileset_t *set = g_new0(cm_fileset_t, 1);
    set->inputs = g_array_new(FALSE, TRUE, sizeof(cm__entry_t));
    set->outputs = g_array_new(FALSE, TRUE, sizeof(cm__entry_t));
    g_array_set_clear_func(set->inputs, (GDestroyNotify)entry_clear);
    g_array_set_clear_func(set->outputs, (GDestroyNotify)entry_clear);
    set->swept = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    return set;
}

void
cm_fileset_free(cm_fileset_t *set)
{
    if (!set)
        return;
    for (guint i = 0; i < set->outputs->len; i++) { /* staged, never committed */
        const cm__entry_t *e = &g_array_index(set->outputs, cm__entry_t, i);
        if (e->tmp && !e->renamed)
            unlink(e->tmp);
    }
    g_hash_table_unref(set->swept);
    g_array_unref(set->inputs);
    g_array_unref(set->outputs);
    g_free(set);
}

static void
add(GArray *to, const char *path, const char *role, GBytes *data)
{
    cm__entry_t e = {
        .given = g_strdup(path),
        .role = g_strdup(role),
        .data = data ? g_bytes_ref(data) : NULL,
        .fd = -1,
    };
    g_array_append_val(to, e);
}

void
cm_fileset_add_input(cm_fileset_t *set, const char *path, const char *role)
{
    g_return_if_fail(set != NULL && path != NULL && role != NULL);
    add(set->inputs, path, role, NULL);
    set->inputs_resolved = false;
}

void
cm_fileset_add(cm_fileset_t *set, const char *path, const char *role, GBytes *data)
{
    g_return_if_fail(set != NULL && path != NULL && role != NULL);
    add(set->outputs, path, role, data);
}

/* ---- the check ---------------------------------------------------------------------- */

static bool
same_inode(const cm__entry_t *a, const cm__entry_t *b)
{
    return a->exists && b->exists && S_ISREG(a->st.st_mode) && S_ISREG(b->st.st_mode) &&
           a->st.st_dev == b->st.st_dev && a->st.st_ino == b->st.st_ino;
}

/* True when A and B are one file (or one descriptor). */
static bool
same_file(const cm__entry_t *a, const cm__entry_t *b)
{
    if (same_inode(a, b))
        return true;
    if (a->kind == CM__TARGET_FD && b->kind == CM__TARGET_FD)
        return a->fd == b->fd;
    return a->kind == CM__TARGET_FILE && b->kind == CM__TARGET_FILE && a->real && b->real &&
           strcmp(a->real, b->real) == 0;
}

static void
resolve_inputs(cm_fileset_t *set)
{
    for (guint i = 0; i < set->inputs->len; i++) {
        cm__entry_t *in = &g_array_index(set->inputs, cm__entry_t, i);
        entry_unresolve(in);
        cm__fileset_resolve(in, false, NULL); /* an input never fails to resolve */
        /* an input is read through its links: compare the file it reads */
        if (in->kind == CM__TARGET_FILE && in->real)
            in->exists = stat(in->real, &in->st) == 0;
    }
    set->inputs_resolved = true;
}

/* Compares output I (resolved) with every input and every output before it. */
static bool
check_one(const cm_fileset_t *set, guint i, GError **error)
{
    const cm__entry_t *out = &g_array_index(set->outputs, cm__entry_t, i);
    for (guint j = 0; j < set->inputs->len; j++) {
        const cm__entry_t *in = &g_array_index(set->inputs, cm__entry_t, j);
        if (!same_file(out, in))
            continue;
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE,
                    "the %s '%s' is the %s '%s' (one file): writing it would destroy an "
                    "input; give the %s another name",
                    out->role, out->given, in->role, in->given, out->role);
        return false;
    }
    for (guint j = 0; j < i; j++) {
        const cm__entry_t *o = &g_array_index(set->outputs, cm__entry_t, j);
        if (!same_file(out, o))
            continue;
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE,
                    "the %s '%s' and the %s '%s' are one file: give each its own name", o->role,
                    o->given, out->role, out->given);
        return false;
    }
    return true;
}

/* A staged output resolves to where its temporary file was written. */
static bool
still_there(cm__entry_t *e, GError **error)
{
    cm__entry_t now = {.given = e->given, .role = e->role, .fd = -1};
    bool ok = cm__fileset_resolve(&now, true, error);
    if (ok && (now.kind != e->kind || g_strcmp0(now.real, e->real) != 0)) {
        g_set_error(error, CM_ERROR, CM_ERROR_IO,
                    "cannot write the %s '%s': it now names another file than when it was "
                    "written (a link changed); run again",
                    e->role, e->given);
        ok = false;
    }
    g_free(now.real);
    g_free(now.dir);
    g_free(now.base);
    return ok;
}

bool
cm_fileset_check(cm_fileset_t *set, GError **error)
{
    g_return_val_if_fail(set != NULL, false);
    resolve_inputs(set);
    for (guint i = 0; i < set->outputs->len; i++) {
        cm__entry_t *out = &g_array_index(set->outputs, cm__entry_t, i);
        if (out->staged) {
            if (!still_there(out, error))
                return false;
        } else {
            entry_unresolve(out);
            if (!cm__fileset_resolve(out, true, error))
                return false;
        }
        if (!check_one(set, i, error))
            return false;
    }
    return true;
}

/* ---- the commit --------------------------------------------------------------------- */

static bool
write_all(int fd, const void *data, size_t len)
{
    const char *p = data;
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && errno == EAGAIN) { /* a non-blocking pipe that is full: wait */
            struct pollfd pfd = {.fd = fd, .events = POLLOUT};
            if (poll(&pfd, 1, -1) < 0 && errno != EINTR)
                return false;
            continue;
        }
        if (n <= 0)
            return false;
        p += n;
        len -= (size_t)n;
    }
    return true;
}

static bool
fail_io(GError **error, const cm__entry_t *e, const char *what, int err)
{
    g_set_error(error, CM_ERROR, CM_ERROR_IO, "cannot write the %s '%s': %s: %s", e->role, e->given,
                what, g_strerror(err));
    return false;
}

/* Creates a new temporary file of kind K for E, open for writing; -1 with errno. */
static int
temp_open(const cm__entry_t *e, char k, char **name)
{
    for (int tries = 0; tries < 100; tries++) {
        *name = cm__fileset_temp_name(e->dir, e->base, k);
        int fd = open(*name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
        if (fd >= 0)
            return fd;
        int err = errno;
        g_clear_pointer(name, g_free);
        errno = err;
        if (err != EEXIST)
            return -1;
    }
    return -1;
}

/* Gives FD the previous version's mode and, where allowed, its owner and group. */
static bool
keep_mode(int fd, const struct stat *st)
{
    if (st->st_uid != geteuid() || st->st_gid != getegid()) {
        if (fchown(fd, st->st_uid, st->st_gid) != 0)
            (void)!fchown(fd, (uid_t)-1, st->st_gid); /* the group, if we are in it */
    }
    return fchmod(fd, st->st_mode & 07777) == 0; /* after fchown, which clears set-id bits */
}

/* Writes the new content of E to its temporary file. */
static bool
prepare_new(cm__entry_t *e, GError **error)
{
    int fd = temp_open(e, 'n', &e->tmp);
    if (fd < 0)
        return fail_io(error, e, "cannot create a temporary file in its folder", errno);
    gsize len;
    const void *data = g_bytes_get_data(e->data, &len);
    const char *what = NULL;
    if (!write_all(fd, data, len))
        what = "writing failed";
    else if (e->exists && !keep_mode(fd, &e->st))
        what = "keeping its mode failed";
    else if (fsync(fd) != 0)
        what = "syncing failed";
    int err = errno;
    if (close(fd) != 0 && !what) {
        err = errno;
        what = "closing failed";
    }
    return what ? fail_io(error, e, what, err) : true;
}

/* A copy of the previous version of E, where a hard link is refused (a file system
 * without links, fs.protected_hardlinks for a file of another user). */
static bool
backup_copy(cm__entry_t *e)
{
    int in = open(e->real, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (in < 0)
        return false;
    int out = temp_open(e, 'o', &e->backup);
    bool ok = out >= 0 && keep_mode(out, &e->st);
    char buf[1 << 16];
    while (ok) {
        ssize_t n = read(in, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            ok = n == 0;
            break;
        }
        ok = write_all(out, buf, (size_t)n);
    }
    ok = ok && fsync(out) == 0;
    if (out >= 0 && close(out) != 0)
        ok = false;
    close(in);
    return ok;
}

/* Keeps the previous version of E under a temporary name until the set commits. */
static bool
prepare_backup(cm__entry_t *e, GError **error)
{
    if (!e->exists)
        return true;
    for (int tries = 0; tries < 100; tries++) {
        e->backup = cm__fileset_temp_name(e->dir, e->base, 'o');
        if (link(e->real, e->backup) == 0)
            return true;
        int err = errno;
        g_clear_pointer(&e->backup, g_free);
        if (err == ENOENT) { /* removed since the check: nothing to restore */
            e->exists = false;
            return true;
        }
        if (err != EEXIST)
            break;
    }
    if (backup_copy(e))
        return true;
    int err = errno;
    if (e->backup)
        unlink(e->backup);
    g_clear_pointer(&e->backup, g_free);
    return fail_io(error, e, "cannot keep its previous version until the others are written", err);
}

/* Writes E, a sink that is not renamed, in place. */
static bool
write_sink(cm__entry_t *e, GError **error)
{
    gsize len;
    const void *data = g_bytes_get_data(e->data, &len);
    if (e->kind == CM__TARGET_FD) {
        if (e->fd == 1)
            fflush(stdout);
        else if (e->fd == 2)
            fflush(stderr);
        return write_all(e->fd, data, len) ? true : fail_io(error, e, "writing failed", errno);
    }
    /* O_NONBLOCK: a FIFO nobody reads fails (ENXIO) rather than waiting forever */
    int fd = open(e->real, O_WRONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return fail_io(error, e, "cannot open it", errno);
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0)
        fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
    bool ok = write_all(fd, data, len);
    int err = errno;
    if (close(fd) != 0 && ok) {
        ok = false;
        err = errno;
    }
    return ok ? true : fail_io(error, e, "writing failed", err);
}

static void
sync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return;
    (void)fsync(fd); /* the renames are done; a folder that cannot be synced is no error */
    close(fd);
}

/* Undoes the renames done so far and removes every temporary file. */
static void
roll_back(GArray *outputs)
{
    for (guint i = outputs->len; i-- > 0;) {
        cm__entry_t *e = &g_array_index(outputs, cm__entry_t, i);
        if (e->renamed) {
            if (e->backup && rename(e->backup, e->real) == 0)
                g_clear_pointer(&e->backup, g_free);
            else if (!e->backup)
                unlink(e->real);
            e->renamed = false;
            g_clear_pointer(&e->tmp, g_free);
        }
        if (e->tmp)
            unlink(e->tmp);
        if (e->backup)
            unlink(e->backup);
        g_clear_pointer(&e->tmp, g_free);
        g_clear_pointer(&e->backup, g_free);
    }
}

static void
sweep_folders(GArray *outputs)
{
    GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
    for (guint i = 0; i < outputs->len; i++) {
        cm__entry_t *e = &g_array_index(outputs, cm__entry_t, i);
        if (e->kind != CM__TARGET_FILE || !g_hash_table_add(seen, e->dir))
            continue;
        cm_fileset_sweep(e->dir);
    }
    g_hash_table_unref(seen);
}

bool
cm_fileset_commit(cm_fileset_t *set, GError **error)
{
    g_return_val_if_fail(set != NULL && !set->committed, false);
    for (guint i = 0; i < set->outputs->len; i++) {
        const cm__entry_t *e = &g_array_index(set->outputs, cm__entry_t, i);
        g_return_val_if_fail(e->data != NULL || e->staged, false);
    }
    set->committed = true;
    if (!cm_fileset_check(set, error))
        return false;
    GArray *outs = set->outputs;
    sweep_folders(outs);
    bool ok = true;
    for (guint i = 0; i < outs->len && ok; i++) {
        cm__entry_t *e = &g_array_index(outs, cm__entry_t, i);
        if (e->kind == CM__TARGET_FILE)
            ok = (e->staged || prepare_new(e, error)) && prepare_backup(e, error);
    }
    for (guint i = 0; i < outs->len && ok; i++) {
        cm__entry_t *e = &g_array_index(outs, cm__entry_t, i);
        if (e->kind != CM__TARGET_FILE)
            ok = write_sink(e, error);
    }
    for (guint i = 0; i < outs->len && ok; i++) {
        cm__entry_t *e = &g_array_index(outs, cm__entry_t, i);
        if (e->kind != CM__TARGET_FILE)
            continue;
        if (rename(e->tmp, e->real) != 0) {
            ok = fail_io(error, e, "renaming the new version into place failed", errno);
            break;
        }
        e->renamed = true;
    }
    if (!ok) {
        roll_back(outs);
        return false;
    }
    GHashTable *synced = g_hash_table_new(g_str_hash, g_str_equal);
    for (guint i = 0; i < outs->len; i++) {
        cm__entry_t *e = &g_array_index(outs, cm__entry_t, i);
        if (e->kind == CM__TARGET_FILE && g_hash_table_add(synced, e->dir))
            sync_dir(e->dir);
    }
    g_hash_table_unref(synced);
    for (guint i = 0; i < outs->len; i++) {
        cm__entry_t *e = &g_array_index(outs, cm__entry_t, i);
        if (e->backup)
            unlink(e->backup);
        g_clear_pointer(&e->backup, g_free);
        g_clear_pointer(&e->tmp, g_free);
    }
    return true;
}

bool
cm_fileset_stage(cm_fileset_t *set, const char *path, const char *role, GBytes *data,
                 GError **error)
{
    g_return_val_if_fail(set != NULL && path != NULL && role != NULL && data != NULL, false);
    g_return_val_if_fail(!set->committed, false);
    if (!set->inputs_resolved)
        resolve_inputs(set);
    add(set->outputs, path, role, data);
    guint i = set->outputs->len - 1;
    cm__entry_t *e = &g_array_index(set->outputs, cm__entry_t, i);
    bool ok = cm__fileset_resolve(e, true, error) && check_one(set, i, error);
    if (ok && e->kind == CM__TARGET_FILE) {
        if (g_hash_table_add(set->swept, g_strdup(e->dir)))
            cm_fileset_sweep(e->dir);
        ok = prepare_new(e, error);
        if (ok) {
            g_clear_pointer(&e->data, g_bytes_unref);
            e->staged = true;
        }
    }
    if (!ok) {
        if (e->tmp)
            unlink(e->tmp);
        g_array_remove_index(set->outputs, i);
    }
    return ok;
}
