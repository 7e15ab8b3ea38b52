/* chronomap.h — the public header of libchronomap.
 *
 * A figure goes down one road, one stage after another:
 *
 *   CSV --ingest--> cm_dataset_t --style--> cm_style_t --layout--> cm_scene_t
 *       --backend--> SVG / PNG / PDF bytes;  cm_scene_t --check--> problems
 *
 * Each stage takes its input as const and returns a new product, so stages can
 * be used and tested on their own. A minimal program:
 *
 *   cm_diag_t *diag = cm_diag_new();
 *   cm_dataset_t *ds = cm_ingest_file("members.csv", NULL, diag, &err);
 *   cm_style_t *style = cm_style_new_default();
 *   cm_text_t *text = cm_text_new();
 *   cm_measurer_t m = cm_text_measurer(text);
 *   cm_timeline_opts_t o = {.kind = CM_TIMELINE_LANES, .width = 1600, .height = 900,
 *                           .today = cm_date_today()};
 *   cm_layout_notes_t notes; cm_layout_notes_init(&notes);
 *   cm_scene_t *scene = cm_layout_timeline(ds, style, &m, &o, &notes, &err);
 *   GByteArray *png = g_byte_array_new();
 *   cm_render(scene, text, &(cm_render_opts_t){.format = CM_FORMAT_PNG, .scale = 1,
 *             .png_level = -1, .epoch = -1}, png, &err);
 *   cm_write_atomic("out.png", png->data, png->len, &err);
 *   cm_text_save_cache(text); // optional: the next run finds its text shaped
 */
#ifndef CHRONOMAP_H
#define CHRONOMAP_H

#include "util/cm_error.h"
#include "util/cm_diag.h"
#include "util/cm_datadir.h"
#include "model/cm_date.h"
#include "model/cm_dataset.h"
#include "model/cm_country.h"
#include "ingest/cm_ingest.h"
#include "scene/cm_scene.h"
#include "style/cm_style.h"
#include "layout/cm_ticks.h"
#include "layout/cm_place.h"
#include "layout/cm_layout.h"
#include "check/cm_check.h"
#include "backend/cm_backend.h"
#include "report/cm_report.h"
#include "report/cm_alt.h"
#include "geo/cm_geo.h"
#include "layout/cm_map.h"
#include "figure/cm_figure.h"

#endif
