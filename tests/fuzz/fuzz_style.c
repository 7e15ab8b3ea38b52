/* fuzz_style.c — libFuzzer target for style files (render/style).
 *
 * The input is written as an INI file next to a fixed parent, parent.ini, and
 * loaded with cm_style_load (so inherits=parent, inherits= of itself — a
 * cycle — and inherits= of a missing file are all reachable). Then every
 * input line holding '=' is tried as a --set assignment. Checks: failures are
 * CM_ERRORs; a style that loads keeps its values within the documented
 * ranges; and it lays out and renders a fixed three-row timeline to a small
 * PNG without crashing.
 *
 * Inputs naming /dev, /proc or /sys are skipped: inherits=/dev/zero makes
 * cm_style_load read without end (reported; covered by the bad-input corpus,
 * tests/bad/cases/styles.cases), and a fuzzer must not read device files.
 */
#include "fuzz_render.h"

static const char PARENT[] = "[page]\nmargin=10\nbackground=#fafafa\n[palette]\ncolors=#112233, "
                             "#445566\n[title]\nsize=12\n";

static const char DATA[] = "country,joined,left,group\n"
                           "France,1949-04-04,,founders\n"
                           "Greece,1952-02,1974,south\n"
                           "Sweden,2024-03-07,,north\n";

static void
check_style(const cm_style_t *s)
{
    FUZZ_CHECK(s->width >= 16 && s->width <= 20000 && s->height >= 16 && s->height <= 20000);
    FUZZ_CHECK(s->palette_len >= 0 && s->palette_len <= CM_PALETTE_MAX);
    const cm_font_t *fonts[] = {&s->title, &s->subtitle, &s->source,  &s->label,
                                &s->tick,  &s->lane,     &s->heading, &s->annotation};
    for (size_t i = 0; i < G_N_ELEMENTS(fonts); i++) {
        FUZZ_CHECK(fonts[i]->family != NULL);
        FUZZ_CHECK(fonts[i]->size >= 4 && fonts[i]->size <= 400);
    }
    FUZZ_CHECK(s->lang != NULL);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 16384 || g_strstr_len((const char *)data, (gssize)size, "/dev") ||
        g_strstr_len((const char *)data, (gssize)size, "/proc") ||
        g_strstr_len((const char *)data, (gssize)size, "/sys"))
        return 0;
    g_free(fuzz_write_file("parent.ini", (const uint8_t *)PARENT, sizeof PARENT - 1));
    char *path = fuzz_write_file("style.ini", data, size);

    cm_style_t *style = cm_style_new_default();
    cm_diag_t *diag = cm_diag_new();
    GError *err = NULL;
    bool ok = cm_style_load(style, path, diag, &err);
    if (!ok)
        FUZZ_CHECK(err != NULL && err->domain == CM_ERROR);
    g_clear_error(&err);

    char *text = g_strndup((const char *)data, size);
    char **lines = g_strsplit(text, "\n", 64);
    for (char **l = lines; *l; l++) {
        if (!strchr(*l, '='))
            continue;
        if (!cm_style_set(style, *l, &err))
            FUZZ_CHECK(err != NULL && err->domain == CM_ERROR);
        g_clear_error(&err);
    }
    g_strfreev(lines);
    g_free(text);

    if (ok) {
        check_style(style);
        cm_dataset_t *ds = cm_ingest_bytes("fuzz.csv", DATA, sizeof DATA - 1, NULL, NULL, &err);
        FUZZ_CHECK(ds != NULL);
        fuzz_render_timeline(ds, style, (cm_timeline_kind_t)(size % 3), 240, 160);
        cm_dataset_free(ds);
    }
    cm_diag_free(diag);
    cm_style_free(style);
    g_free(path);
    return 0;
}
