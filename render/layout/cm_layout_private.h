/* cm_layout_private.h — pieces shared by the timeline layout kinds (cm__ prefix).
 *
 * Every timeline kind does the same three things first: paint the frame
 * (background, title, subtitle, source line) and get the plot rectangle that
 * is left; decide the time window; map days to x. Then each kind draws its own
 * plot: cm__layout_lanes, cm__layout_axis, cm__layout_step.
 */
#ifndef CM_LAYOUT_PRIVATE_H
#define CM_LAYOUT_PRIVATE_H

#include "cm_layout.h"
#include "cm_place.h"

typedef struct {
    /* borrowed */
    const cm_dataset_t *data;
    const cm_style_t *style;
    const cm_measurer_t *m;
    const cm_timeline_opts_t *opts;
    cm_layout_notes_t *notes;
    cm_scene_t *scene;
    const char *lang;
    /* plain values */
    double height;       /* canvas height in effect (opts->height, or grown) */
    cm_rect_t plot;      /* what the frame left for the plot */
    cm_rect_t title_box; /* union of title and subtitle boxes (obstacle) */
    int64_t t0, t1;      /* time window, day numbers, t0 < t1 */
    bool open_right;     /* some open span runs past t1 */
    /* the note line: when RESERVE_NOTE, cm__frame keeps NOTE_BOX free above the source
     * line, and cm_layout_timeline says there how many events (NOT_LABELLED, counted by
     * the kind's layout) have no label */
    bool reserve_note;
    cm_rect_t note_box;
    int not_labelled;
} cm_lctx_t;

/* A copy of S with every length scaled by K (type, margins, ticks, lanes,
 * markers; map borders by at most 1.5); font families are borrowed. */
cm_style_t cm__scaled_style(const cm_style_t *s, double k);
/* STYLE scaled for a WIDTH x HEIGHT canvas (type and strokes grow with the
 * square root of its area against the style's own, within 0.55..2.6x; the
 * factor in *SCALE when not NULL); a canvas under 16 px a side is
 * CM_ERROR_USAGE. Timelines and maps share it. */
bool cm__canvas_style(const cm_style_t *style, double width, double height, cm_style_t *out,
                      double *scale, GError **error);

/* Paints background, title, subtitle, source line; sets ctx->plot and
 * ctx->title_box. Returns false with ERROR when the canvas is too small. */
bool cm__frame(cm_lctx_t *ctx, GError **error);

/* Sets ctx->t0, ctx->t1 from the data extent, today (for open spans) and the
 * --from/--to window, padded slightly so end markers are not on the edge. */
void cm__time_window(cm_lctx_t *ctx);

/* Maps a day number into [x0, x0 + w] over the window. */
static inline double
cm__x(const cm_lctx_t *ctx, double day, double x0, double w)
{
    return x0 + (day - (double)ctx->t0) / (double)(ctx->t1 - ctx->t0) * w;
}

/* Draws era bands (opts->eras) over [x0, x0+w] × [y0, y1]; returns the height
 * their names will need at the top of the band (0 without eras). */
double cm__eras(cm_lctx_t *ctx, double x0, double w, double y0, double y1);
/* Writes the era names at the top (Y0) of their bands, after grid lines so
 * nothing crosses them; returns the height used. */
double cm__era_labels(cm_lctx_t *ctx, double x0, double w, double y0);

/* Draws a time axis line at Y with ticks and labels below (or above when
 * LABELS_ABOVE), grid lines from the axis to GRID_END (NAN for none). Returns the ticks'
 * label band height. Uses cm_ticks_generate. */
double cm__time_axis(cm_lctx_t *ctx, double x0, double w, double y, bool labels_above,
                     double grid_end);

/* The height the time axis labels need (measured with the same generator). */
double cm__time_axis_height(const cm_lctx_t *ctx);

bool cm__layout_lanes(cm_lctx_t *ctx, GError **error);
/* The plot height lanes need to draw every row at the style's lane height. */
double cm__lanes_natural_height(const cm_lctx_t *ctx);
bool cm__layout_axis(cm_lctx_t *ctx, GError **error);
/* Up to this many items, an axis that would leave labels out tries again (merged days,
 * every tier, a wider column, a taller canvas); past it, a crowded axis is laid out once. */
#define CM_AXIS_REMEDY_MAX 2000
bool cm__layout_step(cm_lctx_t *ctx, GError **error);

#endif
