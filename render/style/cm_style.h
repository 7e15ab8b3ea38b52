/* cm_style.h — the resolved style every layout reads.
 *
 * A style starts from built-in defaults (the "article" look: light, Noto Sans,
 * 680 px wide column) and is then overlaid with keys from INI files (GKeyFile
 * groups [page], [title], [subtitle], [source], [axis], [lane], [label],
 * [text], [palette], [map], [era]), each file able to say inherits=OTHER in [page].
 * Resolution happens before layout: layout only reads plain values from
 * cm_style_t.
 *
 * Units: every length in the style is in px, 96 to the inch (CSS px). Page
 * sizes may be written in px, mm, in or pt and are converted on load;
 * `physical` remembers that the page was given in mm/in/pt, so the backend
 * can size PDFs in real units and rasterise PNGs at `dpi`.
 *
 * Every settable key is one row of a table; cm_style_n_keys() and
 * cm_style_key() enumerate it and cm_style_get() prints a value the way a
 * style file would write it (styles/README.md is checked against this).
 *
 * Lifecycle: cm_style_new_default() / cm_style_free(). Fonts' family strings
 * and lang are owned by the style.
 */
#ifndef CM_STYLE_H
#define CM_STYLE_H

#include "../model/cm_lang.h" /* CM_LANGS, cm_lang_known: what page.lang accepts */
#include "../scene/cm_scene.h"
#include "../util/cm_diag.h"

#define CM_PALETTE_MAX 16

/* Page sides are limited to this range, in px, whatever the unit. */
#define CM_SIZE_MIN 16.0
#define CM_SIZE_MAX 20000.0
#define CM_SIZE_MAX_AREA 100e6 /* px² */

/* The largest style file cm_style_load reads, in bytes, unless the style's
 * max_file_bytes says otherwise (the command line takes it from
 * CHRONOMAP_MAX_STYLE_BYTES): a style is a short INI file, and a bigger one (or
 * a device named as a parent) is refused before it is read. */
#define CM_STYLE_DEFAULT_MAX_BYTES (1024 * 1024)

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
    double dpi;       /* PNG resolution for physical page sizes; 96 */
    bool physical;    /* page size was given in mm, in or pt */
    int grow;         /* 1: a lanes figure without --size grows taller to fit its rows */

    /* text elements */
    cm_font_t title, subtitle, source, label, tick, lane, heading, annotation;

    /* [text] the type floor the checker holds every text op to, px at scale 1 */
    double min_size;     /* 9 */
    double min_size_cjk; /* 10: text with Hangul, kana or CJK ideographs */

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
    cm_color_t accent;                     /* single-series colour (step line, axis ticks) */
    cm_color_t sequential[CM_PALETTE_MAX]; /* ramp for ordered values (dates), from the least
                                              emphasis to the most (the map's founders) */
    int sequential_len;

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

    /* not a style key: the largest style file cm_style_load reads (0: the default) */
    gint64 max_file_bytes;
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

/* The sequential ramp at T in [0, 1] (clamped), interpolated in sRGB between
 * its stops. */
cm_color_t cm_style_sequential(const cm_style_t *style, double t);

/* ---- the key table ---- */

typedef struct {
    const char *group, *key;
    const char *type; /* "number", "integer", "colour", "font", "text", "palette",
                         "length", "size", "language" */
} cm_style_key_t;

/* Number of settable keys, and the Ith (0 <= I < n) in table order. */
size_t cm_style_n_keys(void);
cm_style_key_t cm_style_key(size_t i);

/* The value of GROUP.KEY in STYLE as a style file would write it ("#1a1a1a",
 * "14", "Noto Sans, Noto Sans CJK JP", "680x480"). Returns a new string, or
 * NULL when there is no such key. */
char *cm_style_get(const cm_style_t *style, const char *group, const char *key);

/* ---- palettes ---- */

/* Copies the named palette into OUT (at most CM_PALETTE_MAX colours) and
 * returns how many it has, or 0 when NAME is unknown. Categorical:
 * "okabe-ito" (default), "okabe-ito-dark"; sequential, from the least emphasis
 * to the most: "ylgnbu" (default), "ylgnbu-dark", "blues", "blues-dark", "viridis". */
int cm_palette_named(const char *name, cm_color_t *out);
/* NULL-terminated list of the palette names above. */
const char *const *cm_palette_names(void);

/* Parses a palette: a name, or colours separated by commas or blanks
 * ("#0072b2, #e69f00"). Returns the count (1..CM_PALETTE_MAX), or 0 with
 * ERROR (CM_ERROR_USAGE) naming the bad part. */
int cm_palette_parse(const char *text, cm_color_t *out, GError **error);

/* ---- units and sizes ---- */

typedef enum { CM_UNIT_PX, CM_UNIT_MM, CM_UNIT_IN, CM_UNIT_PT } cm_unit_t;

/* Parses a length: a number with an optional unit px, mm, cm, in or pt
 * ("680", "170mm", "6.5in"), into px at 96 per inch. Returns false for
 * anything else (no range check). UNIT may be NULL. */
bool cm_length_parse(const char *text, double *px, cm_unit_t *unit);

/* Parses a page size: WxH with units ("1600x900", "170mmx110mm", "8inx5in")
 * or a preset name (cm_size_presets). Each side must lie within
 * CM_SIZE_MIN..CM_SIZE_MAX px and the area be at most CM_SIZE_MAX_AREA. PHYSICAL (may be NULL) is
 * set when a side was given in mm, cm, in or pt. Returns false with ERROR (CM_ERROR_USAGE) that
 * quotes TEXT and says what is allowed. */
bool cm_size_parse(const char *text, double *width, double *height, bool *physical, GError **error);

/* NULL-terminated list of size preset names: "column", "slide", "social",
 * "a4-landscape", "a4", "a5-landscape", "letter-landscape". */
const char *const *cm_size_presets(void);

#endif
