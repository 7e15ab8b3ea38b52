/* fuzz_text_draw.c — libFuzzer target for shaped-text cache records that are adopted
 * and then used: measured and drawn, as a figure would (render/backend/cm_text_store.c,
 * cm_text_draw.c).
 *
 * The input is a text cache file's payload (the checksum is skipped: a forger computes
 * it). Whatever the reader accepts must be drawable without undefined behaviour: every
 * adopted entry is drawn with cm__text_show onto a small image surface, and the surface
 * must stay out of an error state (one bad glyph would blank the rest of a figure).
 * Seeds: the text payloads of corpus/cache (their first byte, the selector, stripped).
 */
#include "fuzz_common.h"
#include "backend/cm_backend_private.h"
#include "chronomap.h"

#include <cairo.h>

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cm_text_t *t = cm_text_new();
    if (cm__text_store_parse_payload(t, data, size)) {
        cairo_surface_t *surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 64, 32);
        cairo_t *cr = cairo_create(surface);
        GHashTableIter it;
        gpointer k, v;
        g_hash_table_iter_init(&it, t->shaped);
        while (g_hash_table_iter_next(&it, &k, &v)) {
            const cm__shaped_t *s = v;
            cm__text_show(cr, t, s);
            FUZZ_CHECK(cairo_status(cr) == CAIRO_STATUS_SUCCESS);
        }
        cairo_destroy(cr);
        cairo_surface_destroy(surface);
    }
    cm_text_free(t);
    return 0;
}
