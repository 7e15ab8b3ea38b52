/* cm_report.h — the machine-readable layout report (--report FILE.json).
 *
 * Written from the scene (every text box), the layout notes (dropped labels,
 * warnings) and the diagnostics: canvas size, texts [{id, text, x, y, w, h}],
 * dropped [{id, text}], overlaps (pairs of intersecting text boxes) and
 * warnings. Users' CI can assert on it as the tests do.
 */
#ifndef CM_REPORT_H
#define CM_REPORT_H

#include "../layout/cm_layout.h"

/* Returns the report as pretty-printed JSON (g_free it). DIAG may be NULL. */
char *cm_report_json(const cm_scene_t *scene, const cm_layout_notes_t *notes,
                     const cm_diag_t *diag);

#endif
