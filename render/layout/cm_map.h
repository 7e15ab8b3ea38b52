/* cm_map.h — membership maps: a dataset coloured onto basemap countries, as a scene.
 *
 * A map is a second layout kind next to the timeline. It takes three products made
 * once per figure and reused across frames:
 *
 *   cm_map_match_new()  dataset + basemap + country table -> which country each data
 *                       entity is and which country each basemap feature stands for;
 *                       unknown countries go to the diagnostics sink as FILE:LINE
 *                       errors (or warnings), with the closest candidates
 *   cm_geo_base_new()   basemap + projection + optional lon/lat box -> projected,
 *                       cut geometry, graticule and sphere outline (metres), plus a
 *                       cache of the pixel map for the last fit
 *   cm_layout_map()     all that + style + page size -> a scene: frame, legend, ocean,
 *                       graticule, one filled path per feature ("country:FRA"), markers
 *                       for small coloured countries ("marker:LUX"), labels with
 *                       leader lines ("label:country:JPN", "leader:country:JPN")
 *
 * Colouring: a feature is coloured by the data rows of its own country when the data
 * has any, else by those of its sovereign (Greenland with Denmark), else it gets the
 * style's neutral land colour. Categorical colouring uses the group column (palette
 * order = first appearance in the file); date colouring puts each country's start
 * date in a bin (enlargement rounds, decades, or explicit years) on a sequential
 * ramp (ColorBrewer YlGnBu, earliest darkest). With an as-of date only rows in force
 * on that day count, by the model's one rule (cm_item_in_force, model/cm_dataset.h):
 * an event from its day on, a span from its first day until (not including) the first
 * day of its end, an open span from its first day on.
 *
 * Views: a preset frames its region, --bbox its box; a projection of the user's own
 * without --bbox frames the data (the features it colours). A view where no data
 * country is visible, or where the globe covers under a tenth of the map, is an error
 * (CM_ERROR_USAGE) naming --bbox and the presets.
 *
 * Invariants: the scene holds pixel paths only; the legend strip sits between the map
 * and the source line, so nothing on the map overlaps it; labels never overlap each
 * other, the legend, the title or a marker (a label that cannot be placed is dropped
 * and named in the notes); every path lies inside the map rectangle (geometry is
 * clipped to it). Same input, same scene.
 *
 * Threads: a match may be shared; a base caches the last pixel map and must be used by
 * one thread at a time.
 */
#ifndef CM_MAP_H
#define CM_MAP_H

#include "../geo/cm_geo.h"
#include "../geo/cm_geo_base.h"
#include "../model/cm_country.h"
#include "../model/cm_dataset.h"
#include "../util/cm_diag.h"
#include "cm_layout.h"

/* ---- matching data rows and basemap features to countries ---- */

typedef struct cm_map_match cm_map_match_t;

typedef enum { CM_MAP_UNMATCHED_ERROR, CM_MAP_UNMATCHED_WARN } cm_map_unmatched_t;

/* Resolves each entity of DATA by its code, then its name (cm_countries_find), and each
 * feature of GEO by its numeric id, or by its name when it has no id or when its name
 * names a private entry sharing the id (Ashmore and Cartier Is. shares 036 with
 * Australia). Each entity that matches nothing is recorded in DIAG as
 * "FILE:LINE: error: unknown country \"X\" (did you mean …?)" (a warning with
 * CM_MAP_UNMATCHED_WARN); a matched country without any shape in GEO is a warning.
 * DATA, GEO and CS are borrowed and must outlive the match. Never NULL. */
cm_map_match_t *cm_map_match_new(const cm_dataset_t *data, const cm_geo_t *geo,
                                 const cm_countries_t *cs, cm_map_unmatched_t mode,
                                 cm_diag_t *diag);
void cm_map_match_free(cm_map_match_t *match);

/* The country entity I of the data stands for, or NULL when unmatched. */
const cm_country_t *cm_map_match_entity(const cm_map_match_t *match, int entity);
/* The country feature I of the basemap stands for, or NULL. */
const cm_country_t *cm_map_match_feature(const cm_map_match_t *match, int feature);
/* The data country that colours feature I: its own country when the data has it, else
 * its sovereign when the data has that, else NULL. */
const cm_country_t *cm_map_match_owner(const cm_map_match_t *match, int feature);
/* Number of entities that matched nothing. */
int cm_map_match_n_unmatched(const cm_map_match_t *match);
/* The country table (borrowed). */
const cm_countries_t *cm_map_match_countries(const cm_map_match_t *match);

/* ---- layout ---- */

typedef enum { CM_MAP_COLOR_GROUP, CM_MAP_COLOR_DATE } cm_map_color_by_t;
typedef enum {
    CM_MAP_BINS_AUTO,    /* rounds when there are few distinct start dates, else decades */
    CM_MAP_BINS_ROUNDS,  /* one bin per distinct start date */
    CM_MAP_BINS_DECADES, /* one bin per decade present */
    CM_MAP_BINS_YEARS,   /* explicit boundaries: [y0, y1), [y1, y2), …, [yn, ∞) */
} cm_map_bins_t;

#define CM_MAP_MAX_BINS 16

typedef struct {
    double width, height;                  /* canvas px */
    const char *title, *subtitle, *source; /* may be NULL */
    cm_map_color_by_t color_by;
    cm_map_bins_t bins;
    int bin_years[CM_MAP_MAX_BINS]; /* CM_MAP_BINS_YEARS: strictly ascending */
    int n_bin_years;
    bool has_as_of;
    cm_date_t as_of; /* colour the state on this day */
    /* Label countries: LABELS set and LABEL_ONLY NULL labels every coloured country;
     * LABEL_ONLY (NULL-terminated, any text cm_countries_find resolves) only those. */
    bool labels;
    const char *const *label_only;
    const char *lang; /* countries, dates; NULL or "" = style's (cm_lang_resolve) */
    bool graticule;   /* draw the 30° graticule (when the style's colour is visible) */
    bool show_date;   /* write the as-of date at the right of the legend strip */
    /* With an as-of date the legend lists only the classes some country has on that day;
     * set this to list every class of the whole data instead, as --frames does so all
     * frames share one legend (and so one map fit). Colours are the same either way. */
    bool legend_all_classes;
} cm_map_opts_t;

/* Lays out DATA as a map on BASE (its pixel map is built for this canvas, or reused
 * when the previous call had the same map rectangle). Returns a new scene
 * (cm_scene_free), or NULL with ERROR (CM_ERROR_USAGE) when the canvas is too small or
 * the options are inconsistent (bins not ascending). Dropped labels and warnings go to
 * NOTES. */
cm_scene_t *cm_layout_map(const cm_dataset_t *data, const cm_map_match_t *match,
                          const cm_geo_base_t *base, const cm_style_t *style,
                          const cm_measurer_t *m, const cm_map_opts_t *opts,
                          cm_layout_notes_t *notes, GError **error);

/* The distinct dates on which the data changes (item starts and closed spans' ends,
 * the first days something is in or out of force), ascending, each at its own
 * precision; of dates with the same first day the coarsest is kept. A new GArray of
 * cm_date_t (g_array_unref). */
GArray *cm_map_frame_dates(const cm_dataset_t *data);

/* Deprecated: cm_item_in_force(IT, AS_OF) from model/cm_dataset.h, which this calls;
 * nothing in render/ calls it any more; kept for library callers. */
bool cm_map_item_active(const cm_item_t *it, const cm_date_t *as_of);

/* ---- what a map says about itself (cm_map_policy.c) ---- */

/* "Germany drawn in today's borders (…)" for each country DATA colours on AS_OF (as
 * matched by MATCH) whose borders in the basemap began after AS_OF, joined with "; ";
 * NULL when there is none. g_free. */
char *cm_map_border_caveats(const cm_dataset_t *data, const cm_map_match_t *match,
                            const cm_date_t *as_of);
/* The credit line of a map: SOURCE (may be NULL) with the Natural Earth credit added
 * unless the map has its own basemap or SOURCE already names it. g_free; NULL when the
 * map has no credit at all. */
char *cm_map_credit(const char *source, bool own_basemap);
/* SOURCE with "CAVEAT." appended (CAVEAT may be NULL: SOURCE as it is). g_free. */
char *cm_map_source_with_caveat(const char *source, const char *caveat);

#endif
