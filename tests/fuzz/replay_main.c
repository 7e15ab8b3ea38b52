/* replay_main.c — runs a fuzz target over files, without libFuzzer.
 *
 * Usage: fuzz_X_replay PATH...   (each PATH a file or a directory of files)
 *
 * Every file is read and passed once to LLVMFuzzerTestOneInput, in sorted
 * order, so the seed corpora and every crash turned regression input
 * (tests/fuzz/corpus/<target>/) are replayed by ctest on each build, under
 * ASan/UBSan when the build has them. A crash aborts the process; otherwise
 * it prints how many inputs it ran. No input at all is an error, so a
 * mistyped corpus path cannot pass silently.
 */
#include "fuzz_common.h"

#include <string.h>

static int
compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool
run_file(const char *path)
{
    char *data = NULL;
    gsize len = 0;
    GError *e = NULL;
    if (!g_file_get_contents(path, &data, &len, &e)) {
        fprintf(stderr, "replay: %s\n", e->message);
        g_error_free(e);
        return false;
    }
    if (g_getenv("CM_REPLAY_VERBOSE"))
        fprintf(stderr, "replay: %s (%zu bytes)\n", path, (size_t)len);
    /* A copy of exactly LEN bytes, so ASan sees any read past the end. */
    uint8_t *copy = g_malloc(len ? len : 1);
    memcpy(copy, data, len);
    LLVMFuzzerTestOneInput(copy, len);
    g_free(copy);
    g_free(data);
    return true;
}

static int
run_path(const char *path, int *count)
{
    if (!g_file_test(path, G_FILE_TEST_IS_DIR)) {
        if (!run_file(path))
            return 1;
        (*count)++;
        return 0;
    }
    GError *e = NULL;
    GDir *dir = g_dir_open(path, 0, &e);
    if (!dir) {
        fprintf(stderr, "replay: %s\n", e->message);
        g_error_free(e);
        return 1;
    }
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    const char *name;
    while ((name = g_dir_read_name(dir)))
        if (name[0] != '.' && strcmp(name, "README.md") != 0)
            g_ptr_array_add(names, g_build_filename(path, name, NULL));
    g_dir_close(dir);
    if (names->len > 1)
        qsort(names->pdata, names->len, sizeof(char *), compare_names);
    int status = 0;
    for (guint i = 0; i < names->len; i++)
        status |= run_path(g_ptr_array_index(names, i), count);
    g_ptr_array_free(names, TRUE);
    return status;
}

int
main(int argc, char **argv)
{
    int count = 0, status = 0;
    for (int i = 1; i < argc; i++)
        status |= run_path(argv[i], &count);
    if (count == 0) {
        fprintf(stderr, "replay: no inputs found in the paths given\n");
        return 1;
    }
    printf("replay: %d inputs, no crash\n", count);
    return status;
}
