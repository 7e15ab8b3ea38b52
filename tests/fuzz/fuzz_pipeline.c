/* fuzz_pipeline.c — libFuzzer target for the whole timeline road:
 * CSV bytes -> ingest -> default style -> layout -> scene -> small PNG.
 *
 * The layout kind and canvas size come from a hash of the input, so one corpus
 * covers lanes, axis and step at sizes from 64×48 to 480×320 px (small, to
 * keep each run in milliseconds). Rows are capped at 300: the lanes layout of
 * many rows is a scaling question for scripts/bench, not a fuzzing one.
 */
#include "fuzz_render.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    guint32 h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < size; i++)
        h = (h ^ data[i]) * 16777619u;
    cm_timeline_kind_t kind = (cm_timeline_kind_t)(h % 3);
    double w = 64 + (h >> 4) % 417, hgt = 48 + (h >> 13) % 273;

    cm_diag_t *diag = cm_diag_new();
    GError *err = NULL;
    cm_ingest_opts_t opts = {.max_field = 4096, .max_rows = 300};
    cm_dataset_t *ds = cm_ingest_bytes("fuzz.csv", (const char *)data, size, &opts, diag, &err);
    if (ds) {
        cm_style_t *style = cm_style_new_default();
        fuzz_render_timeline(ds, style, kind, w, hgt);
        cm_style_free(style);
    }
    g_clear_error(&err);
    cm_dataset_free(ds);
    cm_diag_free(diag);
    return 0;
}
