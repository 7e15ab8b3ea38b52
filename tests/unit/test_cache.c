/* test_cache.c — the cache folder: which folder, atomic writes that leave no
 * temporary files, reads of what was written, names that are refused, and a
 * hash that changes whatever byte of the input changes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/cm_cache.h"

static char *dir; /* the test's own cache folder (not yet created) */

static void
test_dir_from_env(void **state)
{
    (void)state;
    assert_non_null(cm_cache_dir());
    assert_string_equal(cm_cache_dir(), dir);
    /* chosen once: a later change of the environment has no effect */
    g_setenv("CHRONOMAP_CACHE_DIR", "/nonexistent", TRUE);
    assert_string_equal(cm_cache_dir(), dir);
}

static void
test_write_read(void **state)
{
    (void)state;
    assert_null(cm_cache_read("absent.bin"));
    const char data[] = "abc\0def"; /* binary-safe */
    assert_true(cm_cache_write("one.bin", data, sizeof data));
    assert_true(g_file_test(dir, G_FILE_TEST_IS_DIR)); /* created on the first write */
    GBytes *b = cm_cache_read("one.bin");
    assert_non_null(b);
    gsize len;
    const char *got = g_bytes_get_data(b, &len);
    assert_int_equal(len, sizeof data);
    assert_memory_equal(got, data, sizeof data);
    g_bytes_unref(b);

    /* rewriting replaces the file whole; no temporary file is left behind */
    assert_true(cm_cache_write("one.bin", "xy", 2));
    b = cm_cache_read("one.bin");
    assert_int_equal(g_bytes_get_size(b), 2);
    g_bytes_unref(b);
    assert_true(cm_cache_write("empty.bin", "", 0));
    b = cm_cache_read("empty.bin");
    assert_non_null(b);
    assert_int_equal(g_bytes_get_size(b), 0);
    g_bytes_unref(b);
    GDir *d = g_dir_open(dir, 0, NULL);
    int n = 0;
    for (const char *name; (name = g_dir_read_name(d)); n++)
        assert_true(strcmp(name, "one.bin") == 0 || strcmp(name, "empty.bin") == 0);
    g_dir_close(d);
    assert_int_equal(n, 2);
}

static void
test_bad_names(void **state)
{
    (void)state;
    assert_false(cm_cache_write("../escape.bin", "x", 1));
    assert_false(cm_cache_write("a/b", "x", 1));
    assert_false(cm_cache_write("", "x", 1));
    assert_null(cm_cache_read("../escape.bin"));
    char *outside = g_build_filename(dir, "..", "escape.bin", NULL);
    assert_false(g_file_test(outside, G_FILE_TEST_EXISTS));
    g_free(outside);
}

/* With a 1 MB cap: writing past it removes the least recently used files (a read is a
 * use), never the one just written, down to three quarters of the cap. */
static void
test_trim(void **state)
{
    (void)state;
    enum { SIZE = 300 << 10 };
    char *block = g_malloc0(SIZE);
    char name[32];
    for (int i = 0; i < 3; i++) { /* 900 KB: under the cap */
        g_snprintf(name, sizeof name, "t%d.bin", i);
        assert_true(cm_cache_write(name, block, SIZE));
        g_usleep(20000); /* distinct modification times */
    }
    GBytes *b = cm_cache_read("t0.bin"); /* t0 becomes the most recently used */
    assert_non_null(b);
    g_bytes_unref(b);
    g_usleep(20000);
    assert_true(cm_cache_write("t3.bin", block, SIZE)); /* 1.2 MB: over the cap */
    char *p;
#define EXISTS(n)                                                                                  \
    (p = g_build_filename(dir, n, NULL),                                                           \
     g_file_test(p, G_FILE_TEST_EXISTS) ? (g_free(p), true) : (g_free(p), false))
    assert_true(EXISTS("t3.bin"));  /* just written */
    assert_true(EXISTS("t0.bin"));  /* just read */
    assert_false(EXISTS("t1.bin")); /* least recently used */
    assert_false(EXISTS("t2.bin")); /* next: 900 KB left would still be over 768 KB */
#undef EXISTS
    g_free(block);
}

/* Runs cm_cache_read(NAME) in a child with a 10 s alarm: true when it returned NULL (a
 * read that blocks or eats memory fails the test instead of hanging it). */
static bool
read_refused(const char *name)
{
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        alarm(10);
        GBytes *b = cm_cache_read(name);
        _exit(b ? 1 : 0);
    }
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

static char *
in_cache(const char *name)
{
    return g_build_filename(dir, name, NULL);
}

/* What is not a regular file of this user, writable by nobody else, within the cap, is
 * not read: a FIFO blocked the render forever, a link to /dev/zero ate memory. */
static void
test_untrusted_files_not_read(void **state)
{
    (void)state;
    assert_true(cm_cache_write("good.bin", "ok", 2));
    char *p;
    p = in_cache("fifo.bin");
    assert_int_equal(mkfifo(p, 0600), 0);
    g_free(p);
    p = in_cache("zero.bin");
    assert_int_equal(symlink("/dev/zero", p), 0);
    g_free(p);
    p = in_cache("link.bin");
    assert_int_equal(symlink("good.bin", p), 0);
    g_free(p);
    p = in_cache("shared.bin");
    assert_true(g_file_set_contents(p, "forged", -1, NULL));
    assert_int_equal(chmod(p, 0666), 0);
    g_free(p);
    p = in_cache("huge.bin");
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    assert_int_equal(fseek(f, (2 << 20) - 1, SEEK_SET), 0); /* 2 MB, the cap is 1 MB */
    fputc(0, f);
    fclose(f);
    g_free(p);
    const char *refused[] = {"fifo.bin", "zero.bin", "link.bin", "shared.bin", "huge.bin"};
    for (size_t i = 0; i < G_N_ELEMENTS(refused); i++)
        assert_true(read_refused(refused[i]));
    if (geteuid() == 0) { /* only root can make a file another user's */
        p = in_cache("theirs.bin");
        assert_true(g_file_set_contents(p, "forged", -1, NULL));
        assert_int_equal(chmod(p, 0644), 0);
        assert_int_equal(chown(p, 12345, 12345), 0);
        g_free(p);
        assert_true(read_refused("theirs.bin"));
    }
    assert_false(read_refused("good.bin"));
}

/* A folder another user can write (or that is not this user's) is not used at all. */
static void
test_untrusted_folder_ignored(void **state)
{
    (void)state;
    assert_true(cm_cache_write("mine.bin", "ok", 2));
    assert_int_equal(chmod(dir, 0777), 0);
    assert_null(cm_cache_read("mine.bin"));
    assert_false(cm_cache_write("new.bin", "x", 1));
    assert_int_equal(chmod(dir, 0700), 0);
    GBytes *b = cm_cache_read("mine.bin");
    assert_non_null(b);
    g_bytes_unref(b);
    if (geteuid() == 0) {
        assert_int_equal(chown(dir, 12345, 12345), 0);
        assert_null(cm_cache_read("mine.bin"));
        assert_int_equal(chown(dir, 0, 0), 0);
    }
}

/* Trimming removes cache files only: the user's own files in CHRONOMAP_CACHE_DIR (the
 * trimmer deleted 2 of 3 unrelated 100 MB files) and anything in the cache folder that
 * is not a cache file stay; a dead writer's temporary file goes. */
static void
test_trim_touches_only_cache_files(void **state)
{
    (void)state;
    enum { SIZE = 400 << 10 };
    char *block = g_malloc0(SIZE);
    char *parent = g_path_get_dirname(dir);
    const char *users[] = {"holiday.mov", "thesis.pdf", "data.bin"};
    for (size_t i = 0; i < G_N_ELEMENTS(users); i++) {
        char *p = g_build_filename(parent, users[i], NULL);
        assert_true(g_file_set_contents(p, block, SIZE, NULL));
        g_free(p);
    }
    char *notes = in_cache("notes.txt"); /* not a cache name, even inside the folder */
    assert_true(g_file_set_contents(notes, block, SIZE, NULL));
    char *stale = g_strdup_printf("%s/.x.bin~cm.999999999.1.nabcdef", dir); /* no such pid */
    assert_true(g_file_set_contents(stale, "", 0, NULL));
    for (int i = 0; i < 6; i++) { /* 2.4 MB of cache files: over the cap twice */
        char name[32];
        g_snprintf(name, sizeof name, "c%d.bin", i);
        assert_true(cm_cache_write(name, block, SIZE));
    }
    for (size_t i = 0; i < G_N_ELEMENTS(users); i++) {
        char *p = g_build_filename(parent, users[i], NULL);
        assert_true(g_file_test(p, G_FILE_TEST_EXISTS));
        g_free(p);
    }
    assert_true(g_file_test(notes, G_FILE_TEST_EXISTS));
    assert_false(g_file_test(stale, G_FILE_TEST_EXISTS));
    g_free(stale);
    g_free(notes);
    g_free(parent);
    g_free(block);
}

static void
test_hash(void **state)
{
    (void)state;
    unsigned char buf[67];
    for (size_t i = 0; i < sizeof buf; i++)
        buf[i] = (unsigned char)(i * 37 + 1);
    guint64 h = cm_cache_hash(CM_CACHE_HASH_SEED, buf, sizeof buf);
    assert_true(h == cm_cache_hash(CM_CACHE_HASH_SEED, buf, sizeof buf)); /* stable */
    /* one bit flipped anywhere (whole words and the tail) changes the hash, and the
     * low 32 bits alone (names may use a prefix of the hex) change too */
    for (size_t i = 0; i < sizeof buf; i++) {
        for (int bit = 0; bit < 8; bit++) {
            buf[i] ^= (unsigned char)(1u << bit);
            guint64 g = cm_cache_hash(CM_CACHE_HASH_SEED, buf, sizeof buf);
            buf[i] ^= (unsigned char)(1u << bit);
            assert_true(g != h);
            assert_true((guint32)g != (guint32)h);
        }
    }
    /* length counts: a prefix hashes differently, and the seed chains calls */
    assert_true(cm_cache_hash(CM_CACHE_HASH_SEED, buf, 66) != h);
    guint64 two = cm_cache_hash(cm_cache_hash(CM_CACHE_HASH_SEED, "ab", 2), "cd", 2);
    assert_true(two != cm_cache_hash(cm_cache_hash(CM_CACHE_HASH_SEED, "cd", 2), "ab", 2));
}

int
main(void)
{
    char *tmp = g_dir_make_tmp("cm-cache-XXXXXX", NULL);
    char *parent = g_build_filename(tmp, "sub", NULL);
    dir = g_build_filename(parent, "chronomap", NULL); /* the cache's own folder in it */
    g_setenv("CHRONOMAP_CACHE_DIR", parent, TRUE);
    g_free(parent);
    g_setenv("CHRONOMAP_CACHE_MAX_MB", "1", TRUE);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dir_from_env),
        cmocka_unit_test(test_write_read),
        cmocka_unit_test(test_bad_names),
        cmocka_unit_test(test_trim),
        cmocka_unit_test(test_hash),
        cmocka_unit_test(test_untrusted_files_not_read),
        cmocka_unit_test(test_untrusted_folder_ignored),
        cmocka_unit_test(test_trim_touches_only_cache_files),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    char *cmd = g_strdup_printf("rm -rf '%s'", tmp);
    if (system(cmd) != 0)
        rc = 1;
    g_free(cmd);
    g_free(tmp);
    g_free(dir);
    return rc;
}
