/* cm_layout.h — model + resolved style + page size in, scene out.
 *
 * Layout never touches Cairo: text is measured through the injected
 * cm_measurer_t. The frame (title, subtitle, source line, legend) is measured
 * first and the plot gets what is left, so nothing is clipped at any size.
 *
 * Results are deterministic: same input, same scene.
 */
#ifndef CM_LAYOUT_H
#define CM_LAYOUT_H

#include "../model/cm_dataset.h"
#include "../style/cm_style.h"
#include "cm_ticks.h"

typedef enum { CM_TIMELINE_LANES, CM_TIMELINE_AXIS, CM_TIMELINE_STEP } cm_timeline_kind_t;
typedef enum { CM_SORT_FILE, CM_SORT_START, CM_SORT_NAME } cm_sort_t;

/* What layout could not do, for the report and stderr. */
typedef struct {
    GPtrArray *dropped;  /* char *: "label:event:12\tJapan joins…" (id TAB text) */
    GPtrArray *warnings; /* char *: human-readable */
} cm_layout_notes_t;

void cm_layout_notes_init(cm_layout_notes_t *notes);
void cm_layout_notes_release(cm_layout_notes_t *notes);
void cm_layout_notes_warn(cm_layout_notes_t *notes, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

typedef struct {
    cm_timeline_kind_t kind;
    double width, height; /* canvas px */
    bool grow; /* lanes: taller when the rows need it; axis: taller (up to 2x) to keep labels */
    const char *title, *subtitle, *source; /* may be NULL */
    bool has_from, has_to;
    cm_date_t from, to; /* time window */
    cm_date_t today;    /* where open spans are drawn to; day precision */
    cm_sort_t sort;
    bool grouped;             /* lanes: group by the group column with headings */
    const cm_dataset_t *eras; /* named background bands; may be NULL */
    const char *lang;         /* NULL or "" = style's (cm_lang_resolve) */
    int max_lanes;            /* lanes: the most rows, one per entity (0: 5000); over it,
                                 grouped data shows one row per group, else an error */
} cm_timeline_opts_t;

/* Lays out DATA as a timeline. Returns a new scene (cm_scene_free), or NULL
 * with ERROR (CM_ERROR_USAGE) when the canvas cannot hold the figure at all.
 * Dropped labels and warnings go to NOTES. */
cm_scene_t *cm_layout_timeline(const cm_dataset_t *data, const cm_style_t *style,
                               const cm_measurer_t *m, const cm_timeline_opts_t *opts,
                               cm_layout_notes_t *notes, GError **error);

#endif
