/* cm_style.h — the resolved style every layout reads.
 *
 * A style starts from built-in defaults (the "article" look: light, Noto Sans,
 * 680 px wide column) and is then overlaid with keys from INI files (GKeyFile
 * groups [page], [title], [subtitle], [source], [axis], [lane], [label],
 * [palette], [era]), each file able to say inherits=OTHER.ini. Resolution
 * happens before layout: layout only reads plain values from cm_style_t.
 *
 * Lifecycle: cm_style_new_default() / cm_style_free(). Fonts' family strings
 * are owned by the style.
 */
#ifndef CM_STYLE_H
#define CM_STYLE_H

#include "../scene/cm_scene.h"
#include "../util/cm_diag.h"

#define CM_PALETTE_MAX 16

typedef struct {
    /* [page] */
    double width, height; /* default canvas, px */
    double margin;        /* outer margin, px */
    cm_color_t background;
    cm_color_t text;  /* main text */
    cm_color_t muted; /* secondary text, ticks */
    cm_color_t grid;
    cm_color_t axis;
    const char *lang; /* owned; "en" */

    /* text elements */
    cm_font_t title, subtitle, source, label, tick, lane, heading, annotation;

    /* [axis] */
    double tick_length;
    double tick_spacing; /* minimum px between major tick labels */
    int axis_tiers;      /* max label tiers above and below the axis line */
    double tier_gap;     /* vertical gap between tiers */

    /* [lane] */
    double lane_height;
    double bar_height;
    double group_gap;   /* space before a group heading */
    double marker_size; /* point-event marker diameter */

    /* [palette] */
    cm_color_t palette[CM_PALETTE_MAX];
    int palette_len;
    cm_color_t accent; /* single-series colour (step line, axis ticks) */

    /* [map] */
    cm_color_t map_land;   /* countries not in the data */
    cm_color_t map_border; /* country outlines */
    double map_border_width;
    cm_color_t map_ocean;     /* inside the sphere outline; a = 0 for none */
    cm_color_t map_graticule; /* a = 0 for none */
    double map_small_area;    /* px²: a matched country smaller than this also gets a marker */

    /* [era] */
    cm_color_t era_fill;
    cm_color_t era_text;
} cm_style_t;

/* Returns the built-in default style; never NULL. */
cm_style_t *cm_style_new_default(void);
void cm_style_free(cm_style_t *style);

/* Overlays the keys of the INI file PATH (and what it inherits) onto STYLE.
 * Unknown groups or keys and bad values are recorded in DIAG with file and
 * line, naming the nearest valid key. Returns false (ERROR set: CM_ERROR_IO
 * when unreadable, CM_ERROR_USAGE for bad content) on any error. */
bool cm_style_load(cm_style_t *style, const char *path, cm_diag_t *diag, GError **error);

/* Sets one key, "group.key=value" (for --set). Returns false with ERROR. */
bool cm_style_set(cm_style_t *style, const char *assignment, GError **error);

/* The Nth categorical colour (wraps). */
cm_color_t cm_style_palette(const cm_style_t *style, int i);

#endif
