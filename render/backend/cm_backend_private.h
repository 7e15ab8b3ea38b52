/* cm_backend_private.h — what the backend's files share and nobody else sees.
 *
 * The text engine is one Pango font map plus the font options every surface
 * and context in the backend uses; cm_text.c owns it, cm_render.c draws with
 * it. Both set up layouts with cm__text_setup_layout, so a run is measured and
 * drawn from the same description, wrap width and alignment.
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
    PangoContext *measure_ctx;          /* from fontmap, with font_options */
    PangoLayout *measure_layout;        /* reused by every measurement */
    GHashTable *cache;                  /* char *key -> cm_text_extents_t * */
};

/* A new context on TEXT's font map with TEXT's font options and glyph
 * position rounding off (fractional advances, the same on every surface).
 * The caller unrefs it. */
PangoContext *cm__text_new_context(const cm_text_t *text);

/* Sets LAYOUT's text, font, wrap width (WRAP > 0: word wrap at WRAP px) and
 * alignment for one run. */
void cm__text_setup_layout(PangoLayout *layout, const cm_font_t *font, const char *text,
                           double wrap, cm_align_t align);

/* Renumbers Cairo's process-global SVG surface ids in SVG (len bytes) by order
 * of first appearance and inserts <title>/<desc> when given; appends the
 * result to OUT. */
void cm__svg_finish(const char *svg, size_t len, const char *title, const char *desc,
                    GByteArray *out);

#endif
