/* fuzz_render.h — the last stages for the fuzz targets that go all the way to
 * pixels (fuzz_pipeline, fuzz_style): lay out a timeline, check the scene and
 * render a small PNG in memory.
 *
 * The Pango text engine is made once per process and kept: remaking it leaks
 * 512 bytes inside fontconfig per font (library-internal, cairo's FT font
 * faces), which LeakSanitizer would report as ours. Its measurement cache
 * grows with the inputs; -rss_limit_mb in scripts/fuzz bounds a long run.
 */
#ifndef CM_FUZZ_RENDER_H
#define CM_FUZZ_RENDER_H

#include "fuzz_common.h"
#include "chronomap.h"

#include <math.h>
#include <string.h>

static cm_text_t *fuzz__text; /* one per process; a fuzz target is single-threaded */

static inline void
fuzz__text_free(void)
{
    cm_text_free(fuzz__text);
    fuzz__text = NULL;
}

static inline cm_text_t *
fuzz_text(void)
{
    if (!fuzz__text) {
        fuzz__text = cm_text_new();
        atexit(fuzz__text_free);
    }
    return fuzz__text;
}

static inline bool
fuzz__finite_rect(cm_rect_t r)
{
    return isfinite(r.x) && isfinite(r.y) && isfinite(r.w) && isfinite(r.h) && r.w >= 0 && r.h >= 0;
}

/* Lays DS out with STYLE as KIND on a W×H canvas and renders it as PNG.
 * Checks: the layout either succeeds or fails with a CM_ERROR; every op's box
 * and every path point is finite; the PNG has the PNG signature. */
static inline void
fuzz_render_timeline(const cm_dataset_t *ds, const cm_style_t *style, cm_timeline_kind_t kind,
                     double w, double h)
{
    cm_text_t *text = fuzz_text();
    cm_measurer_t m = cm_text_measurer(text);
    cm_timeline_opts_t o = {.kind = kind,
                            .width = w,
                            .height = h,
                            .title = "Fuzz",
                            .source = "Source: fuzz",
                            .sort = CM_SORT_START,
                            .grouped = true,
                            .today = {.year = 2025, .month = 11, .day = 28, .prec = CM_PREC_DAY}};
    cm_layout_notes_t notes;
    cm_layout_notes_init(&notes);
    GError *err = NULL;
    cm_scene_t *scene = cm_layout_timeline(ds, style, &m, &o, &notes, &err);
    if (!scene) {
        FUZZ_CHECK(err != NULL && err->domain == CM_ERROR);
        goto out;
    }
    for (int i = 0; i < cm_scene_n_ops(scene); i++)
        FUZZ_CHECK(fuzz__finite_rect(cm_scene_op(scene, i)->bbox));
    for (guint i = 0; i < scene->points->len; i++) {
        cm_point_t p = g_array_index(scene->points, cm_point_t, i);
        FUZZ_CHECK(isfinite(p.x) && isfinite(p.y));
    }
    GByteArray *png = g_byte_array_new();
    cm_render_opts_t ro = {.format = CM_FORMAT_PNG, .scale = 1, .png_level = 1, .epoch = 0};
    if (cm_render(scene, text, &ro, png, &err))
        FUZZ_CHECK(png->len > 8 && memcmp(png->data, "\x89PNG\r\n\x1a\n", 8) == 0);
    else
        FUZZ_CHECK(err != NULL);
    g_byte_array_unref(png);
out:
    g_clear_error(&err);
    cm_scene_free(scene);
    cm_layout_notes_release(&notes);
}

#endif
