/* chronomap.h — the public header of libchronomap.
 *
 * A figure goes down one road, one stage after another:
 *
 *   CSV --ingest--> cm_dataset_t --style--> cm_style_t --layout--> cm_scene_t
 *       --backend--> SVG / PNG / PDF bytes;  cm_scene_t --check--> problems
 *
 * Each stage takes its input as const and returns a new product, so stages can be used
 * and tested on their own. Above them, the figure layer (figure/cm_figure.h) draws a
 * whole figure from one typed spec, exactly as `chronomap timeline` and `chronomap map`
 * do (they are built on it): the same options give the same bytes. Build a program with
 * `cc prog.c $(pkg-config --cflags --libs chronomap)`. A program finds the shipped styles
 * and basemap in the prefix chronomap was configured for, or in $CHRONOMAP_DATADIR (set
 * it to `pkg-config --variable=pkgdatadir chronomap` when the prefix was moved).
 *
 * A timeline, written to files (the same as `chronomap timeline members.csv --layout
 * lanes --sort start --title "How NATO grew" -o nato.svg -o nato.png`):
 *
 * EXAMPLE timeline
 *   #include <chronomap/chronomap.h>
 *   #include <stdio.h>
 *
 *   int
 *   main(void)
 *   {
 *       cm_figure_spec_t spec;
 *       cm_figure_spec_init(&spec, CM_FIGURE_TIMELINE);
 *       spec.data = g_strdup("members.csv");
 *       spec.title = g_strdup("How NATO grew");
 *       spec.timeline.layout = CM_TIMELINE_LANES;
 *       spec.timeline.sort = CM_SORT_START;
 *       spec.outputs = g_strsplit("nato.svg,nato.png", ",", -1);
 *
 *       // the caps and SOURCE_DATE_EPOCH from the environment, as the command does
 *       cm_figure_env_t env = {0};
 *       GError *err = NULL;
 *       cm_figure_sink_t *files = cm_figure_sink_files_new();
 *       int status = cm_figure_env_read(&env, &err) ? cm_figure_render(&spec, &env, files, &err)
 *                                                   : 64;
 *       if (status)
 *           fprintf(stderr, "error: %s\n", err->message);
 *       g_clear_error(&err);
 *       cm_figure_sink_free(files);
 *       cm_figure_spec_release(&spec);
 *       return status;
 *   }
 * END
 *
 * A map, kept in memory; options can also be given in their command-line text form
 * (the same as `chronomap map partners.csv --labels=JP,KR --style screen --as-of
 * 2024-01-01 -o partners.svg`):
 *
 * EXAMPLE map
 *   #include <chronomap/chronomap.h>
 *   #include <stdio.h>
 *
 *   int
 *   main(void)
 *   {
 *       cm_figure_spec_t spec;
 *       cm_figure_spec_init(&spec, CM_FIGURE_MAP);
 *       spec.data = g_strdup("partners.csv");
 *       GError *err = NULL;
 *       bool ok = cm_figure_spec_set(&spec, "labels", "JP,KR", &err) &&
 *                 cm_figure_spec_set(&spec, "style", "screen", &err) &&
 *                 cm_figure_spec_set(&spec, "as-of", "2024-01-01", &err) &&
 *                 cm_figure_spec_set(&spec, "output", "partners.svg", &err);
 *
 *       cm_figure_sink_t *memory = cm_figure_sink_memory_new();
 *       int status = ok ? cm_figure_render(&spec, NULL, memory, &err) : 64;
 *       for (int i = 0; i < cm_figure_sink_n(memory); i++) {
 *           const char *path;
 *           gsize len;
 *           const void *bytes = g_bytes_get_data(cm_figure_sink_get(memory, i, &path), &len);
 *           FILE *out = fopen(path, "wb"); // a program would send them elsewhere
 *           if (!out || fwrite(bytes, 1, len, out) != len || fclose(out) != 0)
 *               status = 74;
 *       }
 *       if (err)
 *           fprintf(stderr, "error: %s\n", err->message);
 *       g_clear_error(&err);
 *       cm_figure_sink_free(memory);
 *       cm_figure_spec_release(&spec);
 *       return status;
 *   }
 * END
 *
 * The stages on their own: cm_ingest_file() reads a CSV into a cm_dataset_t,
 * cm_layout_timeline() / cm_layout_map() lay it out into a cm_scene_t with a style and a
 * text measurer (cm_text_measurer), and cm_render() turns the scene into SVG, PNG or PDF
 * bytes.
 */
#ifndef CHRONOMAP_H
#define CHRONOMAP_H

#include "util/cm_error.h"
#include "util/cm_diag.h"
#include "util/cm_datadir.h"
#include "model/cm_date.h"
#include "model/cm_lang.h"
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
