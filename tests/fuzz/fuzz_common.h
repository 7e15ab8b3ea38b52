/* fuzz_common.h — small helpers shared by the libFuzzer targets in tests/fuzz.
 *
 * Every target defines LLVMFuzzerTestOneInput. Built with -DCM_FUZZ=ON and
 * clang it links libFuzzer (scripts/fuzz); otherwise it links replay_main.c,
 * which feeds every file of the seed and regression corpora through the same
 * function once, so ctest replays them on every build.
 *
 * FUZZ_CHECK states a property the code under test promises; a violation
 * aborts, which libFuzzer (and the replay driver, via ASan/abort) reports as a
 * crash with the input that caused it.
 */
#ifndef CM_FUZZ_COMMON_H
#define CM_FUZZ_COMMON_H

#include <glib.h>
#include <glib/gstdio.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define FUZZ_CHECK(cond)                                                                           \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: fuzz property failed: %s\n", __FILE__, __LINE__, #cond);       \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *fuzz__dir; /* one per process; a fuzz target is single-threaded */

/* Removes DIR and everything below it (the targets make at most a few levels). */
static inline void
fuzz__rmtree(const char *dir)
{
    GDir *d = g_dir_open(dir, 0, NULL);
    const char *name;
    while (d && (name = g_dir_read_name(d))) {
        char *p = g_build_filename(dir, name, NULL);
        if (g_file_test(p, G_FILE_TEST_IS_DIR) && !g_file_test(p, G_FILE_TEST_IS_SYMLINK))
            fuzz__rmtree(p);
        else
            g_unlink(p);
        g_free(p);
    }
    if (d)
        g_dir_close(d);
    g_rmdir(dir);
}

static inline void
fuzz__rmdir(void)
{
    fuzz__rmtree(fuzz__dir);
    g_free(fuzz__dir);
    fuzz__dir = NULL;
}

/* A private directory for the targets whose parsers only read files (style,
 * basemap): made once per process, removed at exit. Returns a borrowed path. */
static inline const char *
fuzz_tmpdir(void)
{
    if (!fuzz__dir) {
        GError *e = NULL;
        fuzz__dir = g_dir_make_tmp("cm-fuzz-XXXXXX", &e);
        if (!fuzz__dir) {
            fprintf(stderr, "fuzz: cannot make a temporary directory: %s\n", e->message);
            abort();
        }
        atexit(fuzz__rmdir);
    }
    return fuzz__dir;
}

/* Writes DATA to NAME inside fuzz_tmpdir() and returns the full path (g_free). */
static inline char *
fuzz_write_file(const char *name, const uint8_t *data, size_t size)
{
    char *path = g_build_filename(fuzz_tmpdir(), name, NULL);
    GError *e = NULL;
    if (!g_file_set_contents(path, (const char *)data, (gssize)size, &e)) {
        fprintf(stderr, "fuzz: cannot write %s: %s\n", path, e->message);
        abort();
    }
    return path;
}

#endif
