/* cm_backend_private.h — what the backend's files share and nobody else sees.
 *
 * The text engine is one Pango font map plus the font options every surface
 * and context in the backend uses; cm_text.c owns it, cm_render.c draws with
 * it. Both set up layouts with cm__text_setup_layout, so a run is measured and
 * drawn from the same description, wrap width and alignment.
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
#include <pango/pangocairo.h>

struct cm_text {
    /* owned */
    PangoFontMap *fontmap;              /* pango_cairo_font_map_new(): not the global one */
    cairo_font_options_t *font_options; /* hint metrics off, hint style none, gray AA */
    PangoContext *measure_ctx;          /* from fontmap, with font_options; identity matrix */
    PangoLayout *measure_layout;        /* reused by every measurement and drawing */
    GHashTable *cache;                  /* char *key -> cm_text_extents_t * */
};

/* The size, in px, at which every run is laid out. */
#define CM__TEXT_LAYOUT_PX 64.0

/* FONT's size over CM__TEXT_LAYOUT_PX: what a layout's extents are multiplied
 * by, and the Cairo scale it is drawn with. 0 for a size that is not
 * positive (nothing to measure or draw). */
double cm__text_scale(const cm_font_t *font);

/* A new context on TEXT's font map with TEXT's font options and glyph
 * position rounding off (fractional advances, the same on every surface).
 * The caller unrefs it. */
PangoContext *cm__text_new_context(const cm_text_t *text);

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
