/* fuzz_manifest.c — libFuzzer target for batch manifests (render/batch).
 *
 * The input is written as m.ini into a private folder that also holds the
 * data files the example manifests name (members.csv, eras.csv, bad-date.csv,
 * a.csv, b.csv, and nato/, eras/, treaties/ with the names data/figures.ini
 * uses), so a manifest can load all the way through. It is loaded with
 * cm_batch_manifest_load. Checks: a failure is a CM_ERROR with exit code 64
 * or 74 and at least one error in the sink; a success has no error in the
 * sink; every message names the manifest and a line within the file (or 0).
 * A manifest that loads keeps the invariants cm_batch.h states: at least one
 * figure, unique names, no file written twice, absolute resolved paths; and
 * each figure's argv, stamp, shard and the gallery page can be built from it.
 *
 * Inputs naming /dev, /proc or /sys are skipped: a fuzzer must not stat or
 * list device folders, nor read a device file as an alt text.
 */
#include "fuzz_common.h"

#include <string.h>

#include "batch/cm_batch.h"
#include "util/cm_error.h"

static const char MEMBERS[] = "country,joined,group\nFrance,1949-04-04,founders\n"
                              "Greece,1952-02-18,1952\nSweden,2024-03-07,2024\n";
static const char ERAS[] = "label,start,end\nCold War,1947,1991\n";

/* The folder with the data files, made once per process. */
static const char *
fixture_dir(void)
{
    const char *dir = fuzz_tmpdir();
    static const char *const files[] = {
        "members.csv",
        "eras.csv",
        "bad-date.csv",
        "a.csv",
        "b.csv",
        "nato/members.csv",
        "nato/partners.csv",
        "eras/cold-war.csv",
        "treaties/japan-korea-nato.csv",
    };
    char *probe = g_build_filename(dir, "members.csv", NULL);
    bool done = g_file_test(probe, G_FILE_TEST_EXISTS);
    g_free(probe);
    if (done)
        return dir;
    for (size_t i = 0; i < G_N_ELEMENTS(files); i++) {
        const char *text = strstr(files[i], "eras") ? ERAS : MEMBERS;
        char *path = g_build_filename(dir, files[i], NULL);
        char *sub = g_path_get_dirname(path);
        g_mkdir_with_parents(sub, 0700);
        g_free(sub);
        g_free(path);
        g_free(fuzz_write_file(files[i], (const uint8_t *)text, strlen(text)));
    }
    return dir;
}

static void
check_diag(const cm_diag_t *diag, const char *path, int n_lines)
{
    for (int i = 0; i < cm_diag_count(diag); i++) {
        const cm_diag_item_t *it = cm_diag_get(diag, i);
        FUZZ_CHECK(it->message != NULL && g_utf8_validate(it->message, -1, NULL));
        FUZZ_CHECK(it->file != NULL && strcmp(it->file, path) == 0);
        FUZZ_CHECK(it->line >= 0 && it->line <= n_lines + 1);
    }
}

static void
check_manifest(const cm_batch_manifest_t *m)
{
    FUZZ_CHECK(m->figures->len >= 1);
    FUZZ_CHECK(m->output_dir && m->state_dir && m->dir);
    GHashTable *names = g_hash_table_new(g_str_hash, g_str_equal);
    GHashTable *outputs = g_hash_table_new(g_str_hash, g_str_equal);
    for (guint i = 0; i < m->figures->len; i++) {
        const cm_batch_figure_t *f = g_ptr_array_index(m->figures, i);
        FUZZ_CHECK(f->name && *f->name && g_hash_table_add(names, f->name));
        FUZZ_CHECK(f->kind == CM_BATCH_TIMELINE || f->kind == CM_BATCH_MAP);
        FUZZ_CHECK(f->data && g_path_is_absolute(f->data));
        FUZZ_CHECK(f->outputs && f->outputs[0]);
        for (char **o = f->outputs; *o; o++) {
            FUZZ_CHECK(g_path_is_absolute(*o));
            FUZZ_CHECK(g_hash_table_add(outputs, *o)); /* no file written twice */
        }
        FUZZ_CHECK(f->alt_text && g_path_is_absolute(f->alt_text));

        /* the spec draws exactly the figure's files, and passes the render's checks */
        const cm_figure_spec_t *sp = &f->spec;
        FUZZ_CHECK(sp->data && strcmp(sp->data, f->data) == 0);
        FUZZ_CHECK(sp->kind == (f->kind == CM_BATCH_MAP ? CM_FIGURE_MAP : CM_FIGURE_TIMELINE));
        FUZZ_CHECK(cm_figure_spec_n_outputs(sp) == (int)g_strv_length(f->outputs));
        for (int k = 0; f->outputs[k]; k++)
            FUZZ_CHECK(strcmp(sp->outputs[k], f->outputs[k]) == 0);
        FUZZ_CHECK(sp->alt_text && strcmp(sp->alt_text, f->alt_text) == 0);
        FUZZ_CHECK(!f->report == !sp->report);
        FUZZ_CHECK(cm_figure_spec_check(sp, NULL));

        char *stamp = cm_batch_stamp(f, "fuzz");
        FUZZ_CHECK(stamp && strlen(stamp) == 64);
        char *again = cm_batch_stamp(f, "fuzz");
        FUZZ_CHECK(strcmp(stamp, again) == 0);
        g_free(again);
        g_free(stamp);
        int in = 0;
        for (int k = 1; k <= 3; k++)
            in += cm_batch_in_shard(f->name, k, 3);
        FUZZ_CHECK(in == 1);
    }
    char *html = cm_batch_gallery_html(m, m->figures);
    FUZZ_CHECK(html && g_utf8_validate(html, -1, NULL));
    g_free(html);
    g_hash_table_destroy(outputs);
    g_hash_table_destroy(names);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 16384 || g_strstr_len((const char *)data, (gssize)size, "/dev") ||
        g_strstr_len((const char *)data, (gssize)size, "/proc") ||
        g_strstr_len((const char *)data, (gssize)size, "/sys"))
        return 0;
    fixture_dir();
    char *path = fuzz_write_file("m.ini", data, size);
    int n_lines = 1;
    for (size_t i = 0; i < size; i++)
        n_lines += data[i] == '\n';

    cm_diag_t *diag = cm_diag_new();
    GError *err = NULL;
    cm_batch_manifest_t *m = cm_batch_manifest_load(path, diag, &err);
    if (m) {
        FUZZ_CHECK(err == NULL && cm_diag_errors(diag) == 0);
        check_manifest(m);
        cm_batch_manifest_free(m);
    } else {
        FUZZ_CHECK(err != NULL && err->domain == CM_ERROR);
        FUZZ_CHECK(err->code == CM_ERROR_USAGE || err->code == CM_ERROR_IO);
        /* every refusal is in the sink with its place, a file that is not
         * text included (corpus/manifest/regress-not-utf8-no-diag.ini) */
        FUZZ_CHECK(cm_diag_errors(diag) >= 1);
    }
    check_diag(diag, path, n_lines);
    g_clear_error(&err);
    cm_diag_free(diag);
    g_free(path);
    return 0;
}
