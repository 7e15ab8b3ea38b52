/* test_cache.c — the cache folder: which folder, atomic writes that leave no
 * temporary files, reads of what was written, names that are refused, and a
 * hash that changes whatever byte of the input changes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

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
    dir = g_build_filename(tmp, "sub", "chronomap", NULL);
    g_setenv("CHRONOMAP_CACHE_DIR", dir, TRUE);
    g_setenv("CHRONOMAP_CACHE_MAX_MB", "1", TRUE);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dir_from_env), cmocka_unit_test(test_write_read),
        cmocka_unit_test(test_bad_names),    cmocka_unit_test(test_trim),
        cmocka_unit_test(test_hash),
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
