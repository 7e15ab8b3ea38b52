/* cm_backend.h — replaying a scene onto Cairo surfaces, and the real text measurer.
 *
 * The backend knows nothing about dates or countries: it draws paths and text
 * runs. SVG is written by our own writer (glyph outlines defined once per
 * font, text placed as on every other surface), PDF comes from Cairo's PDF
 * surface; PNG is drawn on an image
 * surface and encoded by cm_png.c (no row filter, tuned zlib level, deflated
 * in bands on several threads: several times faster than
 * cairo_surface_write_to_png at a modestly larger file),
 * with a pHYs chunk carrying the DPI. Output goes to memory; the caller
 * writes it atomically.
 *
 * Reproducibility: PDF creation date pinned (the options' epoch), metric
 * hinting off on every surface and on the measurer, so text widths agree
 * between PNG, SVG, PDF and layout.
 *
 * Text: runs are shaped by Pango once and kept as shaped layouts (glyphs and
 * the font files they come from), in memory and in the cache folder
 * (util/cm_cache.h: text-<hash>.bin, checked against fontconfig's files and
 * font folders), so a figure whose text was shaped before starts neither
 * Pango nor fontconfig. Output is the same bytes either way. The owner of an
 * engine saves what it shaped with cm_text_save_cache; setting
 * CHRONOMAP_TEXT_DEBUG makes each save print the engine's hits and misses.
 *
 * Thread safety: a cm_text_t (shaped layouts, fonts, Pango font map) is per
 * thread.
 */
#ifndef CM_BACKEND_H
#define CM_BACKEND_H

#include "../scene/cm_scene.h"

typedef enum { CM_FORMAT_SVG, CM_FORMAT_PNG, CM_FORMAT_PDF, CM_FORMAT_DUMP } cm_format_t;

/* How SVG output carries text: glyph outlines only, or the outlines
 * plus the same strings as invisible <text> elements at the same positions
 * (selectable, searchable, read by screen readers). */
typedef enum { CM_SVG_TEXT_OUTLINE, CM_SVG_TEXT_SELECTABLE } cm_svg_text_t;

typedef struct {
    cm_format_t format;
    double scale;           /* PNG pixel ratio; 1 = one pixel per px */
    double dpi;             /* written to PNG pHYs; 0 = 96 × scale */
    int png_level;          /* zlib level 0..9; -1 = default (tuned) */
    gint64 epoch;           /* PDF creation date, seconds since 1970 (-1: 0) */
    cm_svg_text_t svg_text; /* SVG only; 0 = outlines only */
    double pt_per_px;       /* PDF points per scene px; 0 = 1. 0.75 makes 96 px one inch,
                               so a page given in mm prints at that size */
    int threads;            /* PNG: deflate on at most this many threads; 0 = one per
                               processor. The bytes never depend on it. A caller that
                               already runs one figure per core (batch) passes 1. */
} cm_render_opts_t;

/* Text engine: shaped layouts shared by measuring and drawing. cm_text_new
 * is cheap (no Pango, no fontconfig, no file read until the first measure). */
typedef struct cm_text cm_text_t;
cm_text_t *cm_text_new(void);
/* Writes the shapes TEXT made since it was created or last saved to the cache
 * folder (text-<hash>.bin, merged with what other processes added meanwhile,
 * replaced atomically), so that a later engine finds them and need not start
 * Pango. Does nothing when caching is off or nothing new was shaped; a file that
 * cannot be written is not an error (the cache is an optimisation only, output
 * never depends on it). Call it when a run is done, before cm_text_free; an engine
 * lent to several figures may be saved after each. With CHRONOMAP_TEXT_DEBUG set it
 * prints one line to stderr: the engine's hits, misses and whether Pango was used. */
void cm_text_save_cache(cm_text_t *text);
/* Frees TEXT and everything it owns (NULL: nothing). Writes no file: unsaved
 * shapes are lost to later runs (cm_text_save_cache). */
void cm_text_free(cm_text_t *text);
/* A measurer bound to TEXT (valid while TEXT lives). Results are cached per
 * (font, text, wrap, align) inside TEXT and across runs in the cache folder. */
cm_measurer_t cm_text_measurer(cm_text_t *text);

/* Format from a file name's extension (".svg", ".png", ".pdf", ".txt" → dump).
 * Returns false when unknown. */
bool cm_format_from_name(const char *name, cm_format_t *out);
bool cm_format_parse(const char *word, cm_format_t *out);

/* Renders SCENE into OUT (appended). Returns false with ERROR (CM_ERROR_IO)
 * when Cairo or zlib fails (sticky status: the first error wins), leaving
 * OUT as it was. Paths are filled with the even-odd rule, then stroked; a
 * text op's logical box is placed at its bbox. SVG output carries the scene's
 * title and desc as <title>/<desc>, PDF output as Title/Subject. */
bool cm_render(const cm_scene_t *scene, cm_text_t *text, const cm_render_opts_t *opts,
               GByteArray *out, GError **error);

/* The zlib level cm_png_encode uses for LEVEL -1 (measured in cm_png.c). */
#define CM_PNG_DEFAULT_LEVEL 3

/* Encodes an ARGB32 (premultiplied, native-endian) buffer as PNG into OUT:
 * RGB when every pixel is opaque, else RGBA (un-premultiplied); no row filter;
 * zlib LEVEL 0..9, or CM_PNG_DEFAULT_LEVEL when LEVEL is out of range (-1);
 * a pHYs chunk of DPI when DPI > 0. The bytes depend on the image and LEVEL
 * only (not on the number of processors or threads). Returns false with
 * ERROR (CM_ERROR_IO) on a zlib failure or a bad size, leaving OUT as it was. */
bool cm_png_encode(const unsigned char *argb, int width, int height, int stride, double dpi,
                   int level, GByteArray *out, GError **error);

/* Writes DATA to PATH atomically, as a file set of one file (util/cm_fileset.h): a
 * temporary file in the target's folder, fsync, rename; a new file gets 0666 less the
 * umask, a replaced one keeps its mode and owner; a symbolic link is written through;
 * "-", /dev/stdout and devices are written in place. A PATH that is a directory is
 * refused. On failure nothing is left behind and an existing PATH is untouched; ERROR
 * is CM_ERROR_IO (CM_ERROR_USAGE for standard input) and names PATH. */
bool cm_write_atomic(const char *path, const void *data, size_t len, GError **error);

#endif
