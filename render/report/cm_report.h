/* cm_report.h — the machine-readable layout report (--report FILE.json).
 *
 * Written from the scene (every text box), the layout notes (dropped labels,
 * warnings) and the diagnostics: canvas size, texts [{id, text, x, y, w, h}],
 * dropped [{id, text}], overlaps (pairs of intersecting text boxes), problems
 * [{kind, ids, value}] (the figure checker's, cm_check.h) and warnings. Users' CI can assert on it
 * as the tests do.
 */
#ifndef CM_REPORT_H
#define CM_REPORT_H

#include "../check/cm_check.h"
#include "../layout/cm_layout.h"

/* Returns the report as pretty-printed JSON (g_free it). DIAG may be NULL. Its problems
 * are the figure checker's with the default floors (cm_check_opts_init). */
char *cm_report_json(const cm_scene_t *scene, const cm_layout_notes_t *notes,
                     const cm_diag_t *diag);
/* The same with the problems PROBLEMS (cm_check_scene with the figure's own options;
 * NULL: none listed). */
char *cm_report_json_checked(const cm_scene_t *scene, const cm_layout_notes_t *notes,
                             const cm_diag_t *diag, const cm_problems_t *problems);

#endif
