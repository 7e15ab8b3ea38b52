/* cm_backend_private.h — what the backend's files share and nobody else sees.
 *
 * The text engine (cm_text.c) turns every run of text into a shaped layout
 * (cm__shaped_t below: lines, runs, glyphs, clusters, each run naming its font
 * by the fontconfig pattern Pango chose) and keeps them, in memory and in the
 * cache folder (cm_text_store.c). Layout measures from shaped layouts and every
 * surface draws from them: cm_render.c through cm__text_show, cm_svg.c as
 * glyph outlines of cm__text_font. Pango is only asked on a miss, with one
 * description, wrap width and alignment (cm__text_setup_layout), so a figure
 * whose text is all in the cache never starts Pango or fontconfig, and a run
 * is drawn the same whether it was shaped now or read back.
 *
 * Every run is laid out at one size, CM__TEXT_LAYOUT_PX, whatever its font
 * size, and scaled by cm__text_scale (size / CM__TEXT_LAYOUT_PX) when measured
 * and through the Cairo matrix when drawn. Fontconfig then sorts its fallback
 * list once per family and style instead of once per size (each sort costs
 * about 5 M instructions), and the measure cache serves a string at every
 * size. With metric hinting and glyph position rounding off, advances and
 * line heights are linear in the size, so the scaling is exact up to Pango's
 * 1/1024 unit (at the layout size, which is finer than at the font size).
 */
#ifndef CM_BACKEND_PRIVATE_H
#define CM_BACKEND_PRIVATE_H

#include "cm_backend.h"

#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>

#include "cm_pango_api.h"

/* A shaped run of text: everything needed to measure it and to draw it on any
 * surface without Pango, at CM__TEXT_LAYOUT_PX. Lengths and positions are in
 * Pango units (1/1024 layout px) and byte offsets into the text, exactly as
 * Pango produced them, so drawing from a shaped layout places every glyph where
 * pango_cairo_show_layout would. Immutable once made; owned by the engine. */
typedef struct {
    guint32 glyph; /* glyph id in the run's font; PANGO_GLYPH_EMPTY; or
                      PANGO_GLYPH_UNKNOWN_FLAG | code point (drawn as box) */
    gint32 width;  /* advance */
    gint32 x_offset, y_offset;
    gint32 box0, n_box; /* unknown glyphs: Pango's hex box as cairo path data
                           (box[box0 .. box0 + n_box), at the glyph's origin) */
} cm__glyph_t;

typedef struct {
    gint32 num_bytes, num_glyphs; /* as pango_cairo's renderer passes them to cairo */
} cm__cluster_t;

typedef struct {
    gint32 font;             /* index in the engine's font table */
    gint32 x, base;          /* logical left edge and baseline in the layout */
    gint32 offset, length;   /* the run's bytes in the text */
    gint32 backward;         /* right-to-left run: clusters are backward */
    gint32 glyph0, n_glyphs; /* glyphs[glyph0 ..] */
    gint32 cluster0, n_clusters;
} cm__run_t;

typedef struct {
    gint32 start, length;      /* the line's bytes in the text */
    gint32 x, width, baseline; /* logical extents of the line */
} cm__line_t;

typedef struct {
    /* owned: one allocation each */
    char *key; /* the measure cache key; the text is key + text_off */
    cm__line_t *lines;
    cm__run_t *runs;
    cm__glyph_t *glyphs;
    cm__cluster_t *clusters;
    cairo_path_data_t *box;
    /* plain values */
    gint32 text_off, text_len;
    gint32 lx, ly, lw, lh; /* pango_layout_get_extents' logical rectangle */
    gint32 baseline;       /* pango_layout_get_baseline */
    gint32 unknown;        /* pango_layout_get_unknown_glyphs_count */
    gint32 n_lines, n_runs, n_glyphs, n_clusters, n_box;
    bool used; /* measured or drawn by this process (kept when the file is full) */
} cm__shaped_t;

/* A font a shaped run names: the fontconfig pattern Pango chose (its simple
 * values: file, index, embolden, matrix, hinting …) plus the Cairo font matrix,
 * CTM and options Pango scaled it with, serialised in DESC; enough for
 * cairo_ft_font_face_create_for_pattern to rebuild the same scaled font without
 * fontconfig's configuration. */
typedef struct {
    /* owned */
    guint8 *desc;
    char *file;              /* FC_FILE, also inside DESC */
    cairo_scaled_font_t *sf; /* made on first use; NULL until then */
    /* plain values */
    guint32 desc_len;
    gint64 size, mtime_ns; /* of FILE when it was recorded; -1: missing */
    guint32 n_glyphs;      /* in the face, once SF is made; 0: unknown */
    bool sf_failed;
} cm__font_t;

typedef struct cm__text_store cm__text_store_t; /* cm_text_store.c */

struct cm_text {
    /* owned */
    cairo_font_options_t *font_options; /* hint metrics off, hint style none, gray AA */
    /* owned, created on the first text not found in the cache (cm__text_pango) */
    PangoFontMap *fontmap;       /* pango_cairo_font_map_new(): not the global one */
    PangoContext *measure_ctx;   /* from fontmap, with font_options; identity matrix */
    PangoLayout *measure_layout; /* reused by every shaping */
    GHashTable *pango_fonts;     /* PangoFont * (reference held) -> font id + 1 */
    /* owned */
    GHashTable *shaped; /* char *key (the entry's) -> cm__shaped_t * */
    GPtrArray *fonts;   /* cm__font_t *; a run's font is an index here */
    cm__text_store_t *store;
    /* plain values */
    int hits, misses; /* shaped layouts found / made, for tests and debugging */
};

/* The size, in px, at which every run is laid out. */
#define CM__TEXT_LAYOUT_PX 64.0

/* FONT's size over CM__TEXT_LAYOUT_PX: what a layout's extents are multiplied
 * by, and the Cairo scale it is drawn with. 0 for a size that is not
 * positive (nothing to measure or draw). */
double cm__text_scale(const cm_font_t *font);

/* A new context on TEXT's font map with TEXT's font options and glyph
 * position rounding off (fractional advances, the same on every surface).
 * The caller unrefs it. Creates the font map first if needed. */
PangoContext *cm__text_new_context(cm_text_t *text);

/* Creates TEXT's font map, measuring context and layout if not yet done (this is
 * what initialises fontconfig) and returns the layout. */
PangoLayout *cm__text_pango(cm_text_t *text);

/* The shaped layout of one run (FONT's family, weight and style, TEXT, WRAP in
 * px of FONT's size, ALIGN), from the cache or, on a miss, laid out by Pango
 * with cm__text_setup_layout and recorded. Never NULL; owned by the engine and
 * valid while it lives. */
const cm__shaped_t *cm__text_shape(cm_text_t *text, const cm_font_t *font, const char *str,
                                   double wrap, cm_align_t align);

/* The text of S (S->text_len bytes, NUL-terminated). */
static inline const char *
cm__shaped_text(const cm__shaped_t *s)
{
    return s->key + s->text_off;
}

/* Font ID of TEXT as a Cairo scaled font at the layout size (identity CTM, as
 * Pango made it), created on first use from the recorded pattern. NULL when
 * the font cannot be opened (the file vanished): its glyphs are not drawn. */
cairo_scaled_font_t *cm__text_font(cm_text_t *text, int id);
/* Whether GLYPH can be drawn with font ID: an empty or unknown-character glyph always;
 * a glyph id only when it is within the font's face (a cache file may say anything).
 * Makes the scaled font (cm__text_font) when needed. */
bool cm__text_glyph_ok(cm_text_t *text, int id, guint32 glyph);

/* Draws S on CR in show mode as pango_cairo_show_layout would draw the layout
 * it came from: CR's current point is the layout's origin (the caller moves
 * there), the source is the text colour. Glyph runs use
 * cairo_show_text_glyphs with Pango's clusters on surfaces that take them
 * (PDF), so text stays extractable; unknown glyphs are their hex-box paths. */
void cm__text_show(cairo_t *cr, cm_text_t *text, const cm__shaped_t *s);

/* ---- the persistent cache (cm_text_store.c) ---- */

/* The store of TEXT, nothing read yet. */
cm__text_store_t *cm__text_store_new(void);
void cm__text_store_free(cm__text_store_t *store);

/* Loads the cache file of the current font environment into TEXT once (later
 * calls do nothing): entries whose fonts and fontconfig files are unchanged
 * become hits. A missing, foreign, stale or corrupt file loads nothing. */
void cm__text_store_load(cm_text_t *text);

/* Records, once, what the font environment depends on (fontconfig's files and
 * font folders, with size and time). Called after Pango laid out a miss, when
 * fontconfig is initialised. */
void cm__text_store_note_env(cm_text_t *text);

/* Writes TEXT's entries to its cache file when the engine shaped any since the last
 * save (merged with entries another process wrote meanwhile in the same
 * environment), atomically; restarts from this process's own entries when the file
 * would exceed its cap. Failures are ignored: the cache is an optimisation. What
 * cm_text_save_cache does. */
void cm__text_store_save(cm_text_t *text);

/* The cache file's name for the current environment ("text-<hex>.bin"). */
char *cm__text_store_name(void);

/* Serialises TEXT's entries (only those with USED set when ONLY_USED) into a
 * cache file image; parses one into TEXT (entries already present are kept).
 * Parsing validates every bound and the checksum and stats every recorded
 * dependency: false, with TEXT unchanged, when anything is off. */
GByteArray *cm__text_store_serialize(cm_text_t *text, bool only_used);
bool cm__text_store_parse(cm_text_t *text, const guint8 *data, gsize len);
/* cm__text_store_parse without the header (magic, byte order, length, checksum): the
 * records alone, as tests/fuzz/fuzz_cache.c feeds them. */
bool cm__text_store_parse_payload(cm_text_t *text, const guint8 *data, gsize len);

/* Adds S (its key owned by S) to TEXT; a font id of S refers to TEXT's table. */
void cm__text_insert(cm_text_t *text, cm__shaped_t *s);
void cm__shaped_free(cm__shaped_t *s);
void cm__font_free(cm__font_t *f);
/* Appends the description of a font Pango chose (its pattern PATTERN, the
 * scaled font SF it drew with) to B (cm_text_font.c). */
void cm__text_describe_font(GByteArray *b, FcPattern *pattern, cairo_scaled_font_t *sf);
/* Whether a font description (cm__text_describe_font) reads back as a pattern
 * naming a file; the store checks every description it loads. */
bool cm__text_font_desc_ok(const guint8 *desc, gsize len);
/* The index of a font with the same description as DESC in TEXT's table,
 * adding one (taking DESC, FILE) if there is none; frees DESC and FILE when
 * one exists. */
int cm__text_add_font(cm_text_t *text, guint8 *desc, guint32 desc_len, char *file, gint64 size,
                      gint64 mtime_ns);

/* Sets LAYOUT's text, font (at CM__TEXT_LAYOUT_PX, not FONT's size), wrap
 * width (WRAP > 0: word wrap at WRAP px of FONT's size, that is at
 * WRAP / cm__text_scale(FONT) layout px) and alignment for one run. The
 * layout's extents times cm__text_scale(FONT) are the run's extents. */
void cm__text_setup_layout(PangoLayout *layout, const cm_font_t *font, const char *text,
                           double wrap, cm_align_t align);

/* Appends SCENE as an SVG 1.1 document to OUT (cm_svg.c): paths, text as
 * glyph outlines placed as cm_render.c draws them, the scene's title and
 * desc as <title>/<desc>, and OVERLAY (may be NULL: SVG elements) last,
 * on top of the drawing. The bytes depend on the scene and OVERLAY only. */
void cm__svg_write(const cm_scene_t *scene, cm_text_t *text, const GString *overlay,
                   GByteArray *out);

/* cm_png_encode on at most MAX_THREADS threads (the calling one included;
 * fewer than 1 counts as 1) instead of one per processor. The bytes are the
 * same for any MAX_THREADS. */
bool cm__png_encode_threads(const unsigned char *argb, int width, int height, int stride,
                            double dpi, int level, int max_threads, GByteArray *out,
                            GError **error);

#endif
