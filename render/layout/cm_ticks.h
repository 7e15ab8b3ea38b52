/* cm_ticks.h — calendar tick generation for time axes.
 *
 * One generator serves measuring and drawing (gnuplot's gen_tics): the layout
 * asks for ticks once, measures their labels, and draws exactly those ticks.
 * Ticks snap to calendar boundaries: millennium, century, decade (and 5/2-year
 * steps), year, quarter, month, day (and 7/14-day steps). The step is the
 * smallest one whose labels keep at least MIN_SPACING px apart at the axis
 * width, so dense axes coarsen instead of colliding.
 */
#ifndef CM_TICKS_H
#define CM_TICKS_H

#include "../model/cm_date.h"
#include "../scene/cm_scene.h"

typedef enum {
    CM_TICK_UNIT_DAY,
    CM_TICK_UNIT_MONTH,
    CM_TICK_UNIT_YEAR,
} cm_tick_unit_t;

typedef struct {
    int64_t day;    /* day number of the tick */
    cm_date_t date; /* the boundary as a date, at the tick's precision */
    char *label;    /* owned: "1990", "Mar", "Mar 2020", "12 Mar" */
    bool major;     /* labelled */
} cm_tick_t;

typedef struct {
    cm_tick_unit_t unit;
    int step;      /* in units: 1, 2, 5, 10, 100, … years; 1, 3, 6 months; 1, 7, 14 days */
    GArray *ticks; /* cm_tick_t, owned; increasing day */
} cm_ticks_t;

/* Ticks for the day range [FIRST, LAST) drawn over WIDTH px, labels in FONT
 * measured by M so that neighbours keep MIN_SPACING px apart. Never returns
 * NULL; an empty or inverted range gives one tick. Free with cm_ticks_free. */
cm_ticks_t *cm_ticks_generate(int64_t first, int64_t last, double width, double min_spacing,
                              const cm_font_t *font, const cm_measurer_t *m, const char *lang);
void cm_ticks_free(cm_ticks_t *ticks);

#endif
