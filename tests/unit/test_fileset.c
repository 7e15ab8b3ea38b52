/* test_fileset.c — a figure's files committed all or nothing: new files and replaced ones
 * (mode and owner kept), symbolic links written through, sinks written in place and never
 * renamed over, a failed sink or rename leaving every target as it was, outputs that are
 * inputs (or each other) refused by name, stale temporary files of dead processes removed,
 * closed standard descriptors reopened, and a writer killed at random moments leaving each
 * file old or new. rename(2) is wrapped (-Wl,--wrap=rename) so a test can make the Nth
 * rename fail. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "util/cm_error.h"
#include "util/cm_fileset.h"

/* ---- rename that fails on demand ---- */
int __real_rename(const char *from, const char *to);
static int renames_left = -1; /* -1: never fail; N: the (N+1)th rename fails */
int
__wrap_rename(const char *from, const char *to)
{
    if (renames_left == 0) {
        renames_left = -1;
        errno = EIO;
        return -1;
    }
    if (renames_left > 0)
        renames_left--;
    return __real_rename(from, to);
}

/* ---- fixture: a temporary folder ---- */
typedef struct {
    char *dir;
} fixture;

static int
setup(void **state)
{
    fixture *f = g_new0(fixture, 1);
    f->dir = g_dir_make_tmp("test_fileset-XXXXXX", NULL);
    assert_non_null(f->dir);
    *state = f;
    return 0;
}

static void
remove_tree(const char *path)
{
    GDir *d = g_dir_open(path, 0, NULL);
    if (d) {
        for (const char *n; (n = g_dir_read_name(d));) {
            char *p = g_build_filename(path, n, NULL);
            struct stat st;
            if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
                remove_tree(p);
            else
                g_unlink(p);
            g_free(p);
        }
        g_dir_close(d);
    }
    g_rmdir(path);
}

static int
teardown(void **state)
{
    fixture *f = *state;
    remove_tree(f->dir);
    g_free(f->dir);
    g_free(f);
    renames_left = -1;
    return 0;
}

static char *
in_dir(const fixture *f, const char *name)
{
    return g_build_filename(f->dir, name, NULL);
}

static void
put(const char *path, const char *text)
{
    assert_true(g_file_set_contents(path, text, -1, NULL));
}

static void
assert_file(const char *path, const char *want)
{
    char *got = NULL;
    gsize n = 0;
    assert_true(g_file_get_contents(path, &got, &n, NULL));
    assert_string_equal(got, want);
    g_free(got);
}

/* The names in DIR that contain "~cm." (temporary files), counted. */
static int
temps_in(const char *dir)
{
    GDir *d = g_dir_open(dir, 0, NULL);
    assert_non_null(d);
    int n = 0;
    for (const char *name; (name = g_dir_read_name(d));)
        n += strstr(name, "~cm.") != NULL;
    g_dir_close(d);
    return n;
}

static void
add_text(cm_fileset_t *set, const char *path, const char *role, const char *text)
{
    GBytes *b = g_bytes_new(text, strlen(text));
    cm_fileset_add(set, path, role, b);
    g_bytes_unref(b);
}

/* Commits PATHS[i] = TEXTS[i] for N files; returns the commit's result. */
static bool
commit_texts(int n, char **paths, const char **texts, GError **err)
{
    cm_fileset_t *set = cm_fileset_new();
    for (int i = 0; i < n; i++)
        add_text(set, paths[i], "output", texts[i]);
    bool ok = cm_fileset_commit(set, err);
    cm_fileset_free(set);
    return ok;
}

/* ---- tests ---- */

static void
test_new_and_replaced(void **state)
{
    fixture *f = *state;
    char *paths[3] = {in_dir(f, "a.svg"), in_dir(f, "a.json"), in_dir(f, "a.txt")};
    const char *one[3] = {"svg 1", "json 1", "alt 1"};
    const char *two[3] = {"svg two", "", "alt two"};
    GError *err = NULL;
    mode_t mask = umask(022);
    assert_true(commit_texts(3, paths, one, &err));
    assert_null(err);
    for (int i = 0; i < 3; i++) {
        assert_file(paths[i], one[i]);
        struct stat st;
        assert_int_equal(stat(paths[i], &st), 0);
        assert_int_equal(st.st_mode & 07777, 0644);
    }
    assert_true(commit_texts(3, paths, two, &err));
    for (int i = 0; i < 3; i++)
        assert_file(paths[i], two[i]);
    assert_int_equal(temps_in(f->dir), 0);
    umask(mask);
    for (int i = 0; i < 3; i++)
        g_free(paths[i]);
}

static void
test_mode_and_owner_kept(void **state)
{
    fixture *f = *state;
    char *path = in_dir(f, "secret.png");
    put(path, "old");
    assert_int_equal(chmod(path, 0600), 0);
    bool root = geteuid() == 0;
    if (root) /* only root can give a file away: then the replacement must keep the owner */
        assert_int_equal(chown(path, 12345, 23456), 0);
    const char *text = "new";
    GError *err = NULL;
    assert_true(commit_texts(1, &path, &text, &err));
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 07777, 0600);
    if (root) {
        assert_int_equal(st.st_uid, 12345);
        assert_int_equal(st.st_gid, 23456);
    }
    assert_file(path, "new");
    g_free(path);
}

static void
test_symlink_written_through(void **state)
{
    fixture *f = *state;
    char *sub = in_dir(f, "real");
    assert_int_equal(g_mkdir(sub, 0755), 0);
    char *target = g_build_filename(sub, "fig.svg", NULL);
    put(target, "old");
    char *link = in_dir(f, "fig.svg");
    assert_int_equal(symlink("real/fig.svg", link), 0); /* relative, from the link's folder */
    char *dangling = in_dir(f, "new.svg");
    assert_int_equal(symlink("real/new.svg", dangling), 0);
    char *paths[2] = {link, dangling};
    const char *texts[2] = {"new", "created"};
    GError *err = NULL;
    assert_true(commit_texts(2, paths, texts, &err));
    struct stat st;
    assert_int_equal(lstat(link, &st), 0);
    assert_true(S_ISLNK(st.st_mode)); /* still a link */
    assert_int_equal(lstat(dangling, &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    assert_file(target, "new");
    char *created = g_build_filename(sub, "new.svg", NULL);
    assert_file(created, "created");
    assert_int_equal(temps_in(f->dir), 0);
    assert_int_equal(temps_in(sub), 0);
    g_free(created);
    g_free(dangling);
    g_free(link);
    g_free(target);
    g_free(sub);
}

/* Runs a commit of PATH in a child whose descriptor 1 is OUT_PATH (a regular file). */
static void
test_stdout_written_not_renamed(void **state)
{
    fixture *f = *state;
    char *out = in_dir(f, "stdout.txt");
    char *file = in_dir(f, "fig.txt");
    put(out, "");
    struct stat before;
    assert_int_equal(stat(out, &before), 0);
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        int fd = open(out, O_WRONLY | O_APPEND);
        dup2(fd, 1);
        close(fd);
        char *paths[3] = {"/dev/stdout", file, "/dev/null"};
        const char *texts[3] = {"via /dev/stdout\n", "file\n", "into the void"};
        GError *err = NULL;
        _exit(commit_texts(3, paths, texts, &err) ? 0 : 1);
    }
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    struct stat after;
    assert_int_equal(stat(out, &after), 0);
    assert_int_equal(after.st_ino, before.st_ino); /* written into, not replaced */
    assert_file(out, "via /dev/stdout\n");
    assert_file(file, "file\n");
    assert_int_equal(stat("/dev/null", &after), 0);
    assert_true(S_ISCHR(after.st_mode));
    g_free(file);
    g_free(out);
}

static void
test_failed_sink_changes_nothing(void **state)
{
    fixture *f = *state;
    if (access("/dev/full", W_OK) != 0)
        skip();
    char *keep = in_dir(f, "keep.svg");
    put(keep, "precious");
    char *fresh = in_dir(f, "fresh.svg");
    char *paths[3] = {keep, "/dev/full", fresh};
    const char *texts[3] = {"new", "report", "new"};
    GError *err = NULL;
    assert_false(commit_texts(3, paths, texts, &err));
    assert_non_null(err);
    assert_int_equal(err->code, CM_ERROR_IO);
    assert_non_null(strstr(err->message, "/dev/full"));
    g_clear_error(&err);
    assert_file(keep, "precious");
    assert_false(g_file_test(fresh, G_FILE_TEST_EXISTS));
    assert_int_equal(temps_in(f->dir), 0);
    g_free(fresh);
    g_free(keep);
}

static void
test_failed_rename_restores(void **state)
{
    fixture *f = *state;
    char *paths[4] = {in_dir(f, "a.svg"), in_dir(f, "a.png"), in_dir(f, "a.json"),
                      in_dir(f, "a.txt")};
    put(paths[0], "old svg");
    put(paths[1], "old png");
    put(paths[3], "old alt");
    const char *texts[4] = {"new svg", "new png", "new json", "new alt"};
    GError *err = NULL;
    renames_left = 3; /* three renames succeed, the fourth fails */
    assert_false(commit_texts(4, paths, texts, &err));
    assert_non_null(err);
    assert_int_equal(err->code, CM_ERROR_IO);
    assert_non_null(strstr(err->message, paths[3]));
    g_clear_error(&err);
    assert_file(paths[0], "old svg");
    assert_file(paths[1], "old png");
    assert_false(g_file_test(paths[2], G_FILE_TEST_EXISTS)); /* was not there before */
    assert_file(paths[3], "old alt");
    assert_int_equal(temps_in(f->dir), 0);
    for (int i = 0; i < 4; i++)
        g_free(paths[i]);
}

/* A set whose output OUT (role "report") is checked against input IN (role "style"). */
static GError *
clash(const char *in, const char *out)
{
    cm_fileset_t *set = cm_fileset_new();
    cm_fileset_add_input(set, in, "style");
    add_text(set, out, "report", "{}");
    GError *err = NULL;
    bool ok = cm_fileset_commit(set, &err);
    cm_fileset_free(set);
    assert_true(ok == (err == NULL));
    return err;
}

static void
test_output_is_input(void **state)
{
    fixture *f = *state;
    char *style = in_dir(f, "style.ini");
    put(style, "[canvas]\n");
    char *sub = in_dir(f, "sub");
    assert_int_equal(g_mkdir(sub, 0755), 0);
    char *dotdot = g_build_filename(sub, "..", "style.ini", NULL);
    char *sym = in_dir(f, "link.json");
    assert_int_equal(symlink(style, sym), 0);
    char *hard = in_dir(f, "hard.json");
    assert_int_equal(link(style, hard), 0);
    char *dirlink = in_dir(f, "dirlink");
    assert_int_equal(symlink(f->dir, dirlink), 0);
    char *via_dirlink = g_build_filename(dirlink, "style.ini", NULL);
    const char *outs[] = {style, dotdot, sym, hard, via_dirlink};
    for (size_t i = 0; i < G_N_ELEMENTS(outs); i++) {
        GError *err = clash(style, outs[i]);
        assert_non_null(err);
        assert_int_equal(err->code, CM_ERROR_USAGE);
        assert_non_null(strstr(err->message, outs[i])); /* names both */
        assert_non_null(strstr(err->message, style));
        assert_non_null(strstr(err->message, "style"));
        g_error_free(err);
        assert_file(style, "[canvas]\n");
    }
    /* the input read through a link is the file it points to */
    GError *err = clash(sym, style);
    assert_non_null(err);
    g_error_free(err);
    char *other = in_dir(f, "report.json");
    assert_null(clash(style, other)); /* and a different file is fine */
    assert_file(other, "{}");
    assert_null(clash("-", other)); /* standard input never clashes */
    g_free(other);
    g_free(via_dirlink);
    g_free(dirlink);
    g_free(hard);
    g_free(sym);
    g_free(dotdot);
    g_free(sub);
    g_free(style);
}

static void
test_outputs_clash(void **state)
{
    fixture *f = *state;
    char *a = in_dir(f, "a.svg");
    char *dirlink = in_dir(f, "same");
    assert_int_equal(symlink(".", dirlink), 0);
    char *b = g_build_filename(dirlink, "a.svg", NULL);
    const char *pairs[][2] = {{a, b}, {"-", "/dev/stdout"}, {"/dev/fd/1", "/proc/self/fd/1"}};
    for (size_t i = 0; i < G_N_ELEMENTS(pairs); i++) {
        cm_fileset_t *set = cm_fileset_new();
        cm_fileset_add(set, pairs[i][0], "output", NULL);
        cm_fileset_add(set, pairs[i][1], "alt text", NULL);
        GError *err = NULL;
        assert_false(cm_fileset_check(set, &err));
        assert_int_equal(err->code, CM_ERROR_USAGE);
        assert_non_null(strstr(err->message, pairs[i][0]));
        assert_non_null(strstr(err->message, pairs[i][1]));
        g_error_free(err);
        cm_fileset_free(set);
    }
    assert_false(g_file_test(a, G_FILE_TEST_EXISTS)); /* a check writes nothing */
    g_free(b);
    g_free(dirlink);
    g_free(a);
}

static void
test_refused_targets(void **state)
{
    fixture *f = *state;
    struct {
        const char *path;
        int code;
        const char *words;
    } cases[] = {
        {"/dev/stdin", CM_ERROR_USAGE, "standard input"},
        {f->dir, CM_ERROR_IO, "is a directory"},
        {"", CM_ERROR_USAGE, "empty"},
    };
    char *missing = g_build_filename(f->dir, "no-such-dir", "x.svg", NULL);
    for (size_t i = 0; i <= G_N_ELEMENTS(cases); i++) {
        const char *path = i < G_N_ELEMENTS(cases) ? cases[i].path : missing;
        cm_fileset_t *set = cm_fileset_new();
        add_text(set, path, "output", "x");
        GError *err = NULL;
        assert_false(cm_fileset_commit(set, &err));
        if (i < G_N_ELEMENTS(cases)) {
            assert_int_equal(err->code, cases[i].code);
            assert_non_null(strstr(err->message, cases[i].words));
        } else {
            assert_int_equal(err->code, CM_ERROR_IO);
            assert_non_null(strstr(err->message, "No such file or directory"));
        }
        g_error_free(err);
        cm_fileset_free(set);
    }
    g_free(missing);
}

static void
test_fifo_without_reader_does_not_hang(void **state)
{
    fixture *f = *state;
    char *fifo = in_dir(f, "pipe");
    assert_int_equal(mkfifo(fifo, 0600), 0);
    char *file = in_dir(f, "fig.svg");
    char *paths[2] = {file, fifo};
    const char *texts[2] = {"svg", "report"};
    GError *err = NULL;
    assert_false(commit_texts(2, paths, texts, &err));
    assert_int_equal(err->code, CM_ERROR_IO);
    assert_non_null(strstr(err->message, fifo));
    g_error_free(err);
    struct stat st;
    assert_int_equal(lstat(fifo, &st), 0);
    assert_true(S_ISFIFO(st.st_mode)); /* never renamed over */
    assert_false(g_file_test(file, G_FILE_TEST_EXISTS));
    g_free(file);
    g_free(fifo);
}

/* The process id of a process that has exited (and been reaped). */
static long
dead_pid(void)
{
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0)
        _exit(0);
    int status;
    waitpid(pid, &status, 0);
    return (long)pid;
}

static void
test_sweep_removes_only_dead_temps(void **state)
{
    fixture *f = *state;
    long me = (long)getpid();
    char *dead = g_strdup_printf("%s/.a.svg~cm.%ld.123.nAbC123", f->dir, dead_pid());
    char *dead_old = g_strdup_printf("%s/.a.svg~cm.%ld.5.oxyzXYZ", f->dir, dead_pid());
    char *reused = g_strdup_printf("%s/.a.svg~cm.%ld.1.n000000", f->dir, me); /* other start */
    /* this process's own temporary name (a concurrent set's file): kept */
    char *mine_path = g_build_filename(f->dir, "b.svg", NULL);
    cm_fileset_t *set = cm_fileset_new();
    add_text(set, mine_path, "output", "x");
    assert_true(cm_fileset_commit(set, NULL));
    cm_fileset_free(set);
    /* find what a temporary name of ours looks like: write one by hand the same way */
    char stat_line[1024] = "";
    FILE *fp = fopen("/proc/self/stat", "r");
    unsigned long long start = 0;
    if (fp && fgets(stat_line, sizeof stat_line, fp)) {
        const char *s = strrchr(stat_line, ')');
        for (int field = 2; s && field < 22; field++)
            s = strchr(s + 1, ' ');
        if (s)
            start = strtoull(s + 1, NULL, 10);
    }
    if (fp)
        fclose(fp);
    char *mine = g_strdup_printf("%s/.a.svg~cm.%ld.%llu.nmine00", f->dir, me, start);
    const char *unrelated[] = {"a.svg~cm.1.2.n123456", ".a.svg~cm.x.2.n123456", ".fig.svg.AbCdEf",
                               ".a~cm.1.2.n12345"};
    for (size_t i = 0; i < G_N_ELEMENTS(unrelated); i++) {
        char *p = in_dir(f, unrelated[i]);
        put(p, "user's");
        g_free(p);
    }
    put(dead, "");
    put(dead_old, "");
    put(reused, "");
    put(mine, "");
    assert_int_equal(cm_fileset_sweep(f->dir), 3);
    assert_false(g_file_test(dead, G_FILE_TEST_EXISTS));
    assert_false(g_file_test(dead_old, G_FILE_TEST_EXISTS));
    assert_false(g_file_test(reused, G_FILE_TEST_EXISTS));
    assert_true(g_file_test(mine, G_FILE_TEST_EXISTS));
    for (size_t i = 0; i < G_N_ELEMENTS(unrelated); i++) {
        char *p = in_dir(f, unrelated[i]);
        assert_file(p, "user's");
        g_free(p);
    }
    /* and a commit into the folder sweeps it */
    put(dead, "");
    const char *text = "y";
    assert_true(commit_texts(1, &mine_path, &text, NULL));
    assert_false(g_file_test(dead, G_FILE_TEST_EXISTS));
    g_free(mine);
    g_free(mine_path);
    g_free(reused);
    g_free(dead_old);
    g_free(dead);
}

static void
test_std_fds_ensure(void **state)
{
    (void)state;
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(0);
        close(2);
        if (!cm_std_fds_ensure())
            _exit(2);
        struct stat st, null;
        if (fstat(0, &st) != 0 || stat("/dev/null", &null) != 0 || st.st_rdev != null.st_rdev)
            _exit(3);
        if (fstat(2, &st) != 0 || st.st_rdev != null.st_rdev)
            _exit(4);
        if ((fcntl(2, F_GETFL) & O_ACCMODE) == O_RDONLY)
            _exit(5);
        int fd = open("/dev/null", O_RDONLY); /* the next file gets 3 or above */
        _exit(fd >= 3 ? 0 : 6);
    }
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
}

static void
note_freed(gpointer flag)
{
    *(bool *)flag = true;
}

/* Staged files are written at once and their bytes dropped (the frames of a map hold one
 * in memory, not all); a clash is refused at the stage; an uncommitted set leaves
 * nothing; a committed one puts every file in place. */
static void
test_stage(void **state)
{
    fixture *f = *state;
    char *a = in_dir(f, "a.svg"), *b = in_dir(f, "b.svg"), *style = in_dir(f, "style.ini");
    put(style, "[canvas]\n");
    bool freed = false;
    cm_fileset_t *set = cm_fileset_new();
    cm_fileset_add_input(set, style, "style");
    GBytes *big = g_bytes_new_with_free_func("staged a", 8, note_freed, &freed);
    GError *err = NULL;
    assert_true(cm_fileset_stage(set, a, "output", big, &err));
    g_bytes_unref(big);
    assert_true(freed); /* the set kept no reference */
    assert_int_equal(temps_in(f->dir), 1);
    assert_false(g_file_test(a, G_FILE_TEST_EXISTS)); /* not before the commit */
    GBytes *other = g_bytes_new_static("x", 1);
    assert_false(cm_fileset_stage(set, style, "report", other, &err)); /* an input */
    assert_int_equal(err->code, CM_ERROR_USAGE);
    g_clear_error(&err);
    assert_false(cm_fileset_stage(set, a, "alt text", other, &err)); /* the same output */
    g_clear_error(&err);
    assert_int_equal(temps_in(f->dir), 1);
    GBytes *bb = g_bytes_new_static("staged b", 8);
    assert_true(cm_fileset_stage(set, b, "output", bb, &err));
    assert_true(cm_fileset_commit(set, &err));
    cm_fileset_free(set);
    assert_file(a, "staged a");
    assert_file(b, "staged b");
    assert_file(style, "[canvas]\n");
    assert_int_equal(temps_in(f->dir), 0);

    set = cm_fileset_new(); /* staged, never committed: nothing stays */
    assert_true(cm_fileset_stage(set, a, "output", bb, &err));
    assert_int_equal(temps_in(f->dir), 1);
    cm_fileset_free(set);
    assert_int_equal(temps_in(f->dir), 0);
    assert_file(a, "staged a");
    g_bytes_unref(bb);
    g_bytes_unref(other);
    g_free(style);
    g_free(b);
    g_free(a);
}

/* A writer killed at random moments: each of its files is old or new, and the next
 * commit leaves no temporary file. */
static void
test_killed_writer(void **state)
{
    fixture *f = *state;
    enum { N = 3, ROUNDS = 100 };
    char *paths[N] = {in_dir(f, "k.svg"), in_dir(f, "k.json"), in_dir(f, "k.txt")};
    const char *va[N] = {"svg version A", "json version A", "alt version A"};
    char *big = g_strnfill(1 << 20, 'B'); /* big enough for a kill to land mid-write */
    const char *vb[N] = {big, "json version B", "alt version B"};
    GError *err = NULL;
    assert_true(commit_texts(N, paths, va, &err));
    GRand *rnd = g_rand_new_with_seed(19);
    for (int round = 0; round < ROUNDS; round++) {
        fflush(NULL);
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            for (int i = 0;; i++)
                commit_texts(N, paths, i % 2 ? va : vb, NULL);
        }
        struct timespec ts = {0, g_rand_int_range(rnd, 0, 20000) * 1000L};
        nanosleep(&ts, NULL);
        kill(pid, SIGKILL);
        int status;
        waitpid(pid, &status, 0);
        for (int i = 0; i < N; i++) {
            char *got = NULL;
            assert_true(g_file_get_contents(paths[i], &got, NULL, NULL));
            assert_true(strcmp(got, va[i]) == 0 || strcmp(got, vb[i]) == 0);
            g_free(got);
        }
    }
    assert_true(commit_texts(N, paths, va, &err));
    assert_int_equal(temps_in(f->dir), 0);
    g_rand_free(rnd);
    g_free(big);
    for (int i = 0; i < N; i++)
        g_free(paths[i]);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_new_and_replaced, setup, teardown),
        cmocka_unit_test_setup_teardown(test_mode_and_owner_kept, setup, teardown),
        cmocka_unit_test_setup_teardown(test_symlink_written_through, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stdout_written_not_renamed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_failed_sink_changes_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_failed_rename_restores, setup, teardown),
        cmocka_unit_test_setup_teardown(test_output_is_input, setup, teardown),
        cmocka_unit_test_setup_teardown(test_outputs_clash, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refused_targets, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fifo_without_reader_does_not_hang, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sweep_removes_only_dead_temps, setup, teardown),
        cmocka_unit_test(test_std_fds_ensure),
        cmocka_unit_test_setup_teardown(test_stage, setup, teardown),
        cmocka_unit_test_setup_teardown(test_killed_writer, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
