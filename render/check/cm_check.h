/* cm_check.h — the figure checker: what a reader would see as wrong, from the scene alone.
 *
 * cm_check_scene() is a pure function over a finished scene (every op has a box and a
 * semantic id) and the layout notes. It returns the problems it finds, each with its kind
 * and the ids of the ops involved, in a stable order (by kind, then paint order):
 *
 *   text-over-text         two text boxes overlap
 *   text-over-mark         text covers a mark it does not belong to: a bar, dot, marker,
 *                          legend swatch, the step line, the axis, or a coloured map feature
 *   leader-crosses-label   a leader line runs through a label other than its own
 *   leader-crosses-leader  two leader lines cross (or run on top of each other)
 *   marker-hidden          a marker covers most of an earlier marker of another colour
 *   text-outside-canvas    a text box reaches past the canvas edge
 *   text-outside-margins   a text box reaches into the page margin (inside the canvas)
 *   text-too-small         type under the floor (style [text] min-size, min-size-cjk)
 *   low-contrast           text against what is painted under it (the scene's fills,
 *                          composited over the background) below the WCAG 2 ratio
 *   dropped-label          a label layout left out (from the notes)
 *
 * Ownership comes from the ids (see cm_check_subject): "label:item:12" belongs with
 * "mark:item:12", "leader:item:12" and "bar:item:12"; "label:country:BEL" with
 * "country:BEL", "marker:BEL" and "leader:country:BEL"; "legend:label:2" with
 * "legend:swatch:2"; "step-label:14" with "leader:step:14". Text is never flagged over
 * what it belongs to.
 *
 * Geometry is the ops' own: paths are flattened (curves into 16 segments) and tested
 * against text boxes shrunk to the part glyphs cover (the logical box holds line
 * spacing above and below the ink), so a box that only grazes a mark is not a problem.
 *
 * Lifecycle: cm_problems_free() frees what cm_check_scene() returns.
 */
#ifndef CM_CHECK_H
#define CM_CHECK_H

#include "../layout/cm_layout.h"

typedef enum {
    CM_PROBLEM_TEXT_OVER_TEXT,
    CM_PROBLEM_TEXT_OVER_MARK,
    CM_PROBLEM_LEADER_CROSSES_LABEL,
    CM_PROBLEM_LEADER_CROSSES_LEADER,
    CM_PROBLEM_MARKER_HIDDEN,
    CM_PROBLEM_TEXT_OUTSIDE_CANVAS,
    CM_PROBLEM_TEXT_OUTSIDE_MARGINS,
    CM_PROBLEM_TEXT_TOO_SMALL,
    CM_PROBLEM_LOW_CONTRAST,
    CM_PROBLEM_DROPPED_LABEL,
    CM_PROBLEM_N_KINDS
} cm_problem_kind_t;

typedef struct {
    cm_problem_kind_t kind;
    /* borrowed from the problem list: ids[0] the text, leader or hidden marker; ids[1]
     * the other op involved, or NULL */
    const char *ids[2];
    int ops[2];   /* the ops' indices in the scene, -1 when none (dropped labels) */
    double value; /* the measure: type size px, contrast ratio, covered fraction; or 0 */
} cm_problem_t;

typedef struct {
    /* owned */
    GArray *items; /* cm_problem_t */
    GStringChunk *strings;
} cm_problems_t;

typedef struct {
    double min_size;     /* type floor, px; 0: no floor */
    double min_size_cjk; /* floor for text with Hangul, kana or CJK ideographs */
    double min_contrast; /* WCAG 2 contrast ratio, 4.5 (AA for body text) */
} cm_check_opts_t;

/* The defaults: 9 px, 10 px for CJK, 4.5:1. */
void cm_check_opts_init(cm_check_opts_t *opts);
/* The defaults with the floors of STYLE's [text] group. */
void cm_check_opts_from_style(cm_check_opts_t *opts, const cm_style_t *style);

/* Checks SCENE (NOTES may be NULL: no dropped labels; OPTS NULL: the defaults). Returns a
 * new list, empty when the figure is clean; never NULL. */
cm_problems_t *cm_check_scene(const cm_scene_t *scene, const cm_layout_notes_t *notes,
                              const cm_check_opts_t *opts);
void cm_problems_free(cm_problems_t *problems);

static inline int
cm_problems_n(const cm_problems_t *p)
{
    return p ? (int)p->items->len : 0;
}
static inline const cm_problem_t *
cm_problems_get(const cm_problems_t *p, int i)
{
    return &g_array_index(p->items, cm_problem_t, i);
}
/* How many problems of KIND P holds. */
int cm_problems_count(const cm_problems_t *p, cm_problem_kind_t kind);

/* "text-over-mark" etc.; NULL for an out-of-range kind. */
const char *cm_problem_kind_name(cm_problem_kind_t kind);

/* "text-over-mark: label:item:3 bar:item:5" — the problem as one line, no newline (g_free). */
char *cm_problem_format(const cm_problem_t *p);

/* What an id is about, for ownership: the id without its role prefix, with map markers'
 * bare codes put under "country:" ("label:item:12" -> "item:12", "marker:LUX" ->
 * "country:LUX", "legend:swatch:2" -> "legend:2", "tick-label:4" -> "tick:4"). Ids
 * without a role are their own subject. Writes into OUT (N bytes, truncated). */
void cm_check_subject(const char *id, char *out, size_t n);

/* The WCAG 2 contrast ratio of two opaque colours, 1..21. */
double cm_contrast_ratio(cm_color_t a, cm_color_t b);

#endif
