/* cm_map_private.h — module-internal (cm__) declarations of the map layout, shared
 * between the cm_map*.c files (and their unit tests) only: the colour
 * classes, the places and labels of countries. Not installed: libchronomap's public
 * interface is cm_map.h (cm_geo_base_t stays opaque there). */
#ifndef CM_MAP_PRIVATE_H
#define CM_MAP_PRIVATE_H

#include "cm_map.h"

/* ---- module-internal (cm__): shared between the cm_map*.c files only ---- */

/* The colour classes of one figure: legend entries and each data country's class. */
typedef struct {
    /* owned */
    GPtrArray *labels;   /* char *: legend text per class */
    GArray *colors;      /* cm_color_t per class */
    GHashTable *country; /* const cm_country_t * -> class + 1 (absent: not coloured) */
    /* plain values */
    bool wrapped; /* more groups than palette colours: some share a colour */
} cm__map_classes_t;

/* Builds the classes from DATA as matched by MATCH, for OPTS (colouring, bins, as-of).
 * Classes and their colours come from the whole data, whatever the as-of date; with an
 * as-of date and without OPTS->legend_all_classes the classes no country has on that day
 * are then dropped (the rest keep their colours). Returns false with ERROR
 * (CM_ERROR_USAGE) for bins that are not ascending. */
bool cm__map_classes_init(cm__map_classes_t *cl, const cm_dataset_t *data,
                          const cm_map_match_t *match, const cm_style_t *style,
                          const cm_map_opts_t *opts, const char *lang, GError **error);
void cm__map_classes_release(cm__map_classes_t *cl);
/* The class of data country C, or -1 when it is not coloured (absent, or not in force
 * on the as-of date). */
int cm__map_class_of(const cm__map_classes_t *cl, const cm_country_t *c);

/* One data country (or a country asked for by --labels) on the pixel map. */
typedef struct {
    const cm_country_t *country; /* borrowed */
    const cm_geo_shape_t *shape; /* its largest own shape (borrowed), NULL when none */
    cm_geo_xy_t anchor;          /* where its label points: the shape's label point */
    double area;                 /* px² of all its own shapes (not its dependencies) */
    cm_color_t color;            /* its class colour when COLORED */
    bool colored;                /* the data colours it (on the as-of day) */
    bool marker;                 /* coloured but smaller than the style's small-area */
    bool in_map;                 /* the anchor lies inside the map rectangle */
} cm__map_place_t;

/* The places of every matched data country (entity order), then of the countries
 * OPTS->label_only names that the data lacks. A new array of *N entries (g_free). */
cm__map_place_t *cm__map_places(const cm_dataset_t *data, const cm_map_match_t *match,
                                const cm__map_classes_t *classes, const cm_geo_map_t *px,
                                const cm_map_opts_t *opts, const cm_style_t *style, cm_rect_t map,
                                int *n);
/* Radius of a small-country marker in STYLE (already scaled). */
double cm__map_marker_radius(const cm_style_t *style);
/* Places the country labels OPTS asks for: inside the country at its label point when
 * the box fits in the polygon, else outside next to it with a leader line; never over
 * OBSTACLES (cm_rect_t; placed labels are added) and inside BOUNDS. Labels that find no
 * room are dropped into NOTES. */
void cm__map_labels(cm_scene_t *scene, const cm_measurer_t *m, const cm_style_t *style,
                    const cm_map_match_t *match, const cm_geo_map_t *px, const cm_map_opts_t *opts,
                    const char *lang, const cm__map_place_t *places, int n, cm_rect_t bounds,
                    GArray *obstacles, cm_layout_notes_t *notes);

#endif
