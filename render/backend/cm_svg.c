/* cm_svg.c — making Cairo's SVG reproducible and giving it a title.
 *
 * Cairo 1.16 names the drawing's top group id="surfaceN" (and embedded
 * images "imageN") after the surface's unique id, a process-wide counter: the
 * second SVG rendered in a process says surface11 where the first said
 * surface1. Glyph symbols (glyphF-G), clips, patterns and masks are numbered
 * per document and are already stable. We renumber the surface and image ids
 * by their order of first appearance, in both id="…" and href="#…", so the
 * same scene gives the same bytes in any process and at any point of it.
 *
 * Cairo writes no document metadata into SVG; the scene's title and
 * description become <title> and <desc> right after the root element's
 * opening tag, where SVG readers and screen readers look for them.
 */
#include "cm_backend_private.h"

#include <string.h>

static const char *const renumbered[] = {"surface", "image"};

static void
append_metadata(GString *s, const char *title, const char *desc)
{
    if (title) {
        char *t = g_markup_escape_text(title, -1);
        g_string_append_printf(s, "\n<title>%s</title>", t);
        g_free(t);
    }
    if (desc) {
        char *d = g_markup_escape_text(desc, -1);
        g_string_append_printf(s, "\n<desc>%s</desc>", d);
        g_free(d);
    }
}

/* Where the root element's opening tag ends (one past its '>'), or 0. */
static size_t
root_tag_end(const char *svg, size_t len)
{
    const char *root = g_strstr_len(svg, (gssize)len, "<svg");
    if (!root)
        return 0;
    const char *gt = memchr(root, '>', len - (size_t)(root - svg));
    return gt ? (size_t)(gt - svg) + 1 : 0;
}

/* If SVG[i..] is PREFIX followed by digits, returns the digits' length. */
static size_t
match_id(const char *svg, size_t len, size_t i, const char *prefix)
{
    size_t plen = strlen(prefix);
    if (len - i < plen + 1 || memcmp(svg + i, prefix, plen) != 0)
        return 0;
    size_t n = 0;
    while (i + plen + n < len && g_ascii_isdigit(svg[i + plen + n]))
        n++;
    return n;
}

void
cm__svg_finish(const char *svg, size_t len, const char *title, const char *desc, GByteArray *out)
{
    GString *s = g_string_sized_new(len + 256);
    GHashTable *ids = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    guint counters[G_N_ELEMENTS(renumbered)] = {0};
    size_t meta_at = (title || desc) ? root_tag_end(svg, len) : 0;
    size_t done = 0; /* svg[0..done) is in s */

    for (size_t i = 0; i < len; i++) {
        if (meta_at && i == meta_at) {
            g_string_append_len(s, svg + done, (gssize)(i - done));
            append_metadata(s, title, desc);
            done = i;
        }
        if (svg[i] != '"' && svg[i] != '#')
            continue;
        for (size_t k = 0; k < G_N_ELEMENTS(renumbered); k++) {
            size_t ndig = match_id(svg, len, i + 1, renumbered[k]);
            if (!ndig)
                continue;
            size_t plen = strlen(renumbered[k]);
            char *old = g_strndup(svg + i + 1, plen + ndig);
            guint id = GPOINTER_TO_UINT(g_hash_table_lookup(ids, old));
            if (!id) {
                id = ++counters[k];
                g_hash_table_insert(ids, old, GUINT_TO_POINTER(id));
            } else {
                g_free(old);
            }
            g_string_append_len(s, svg + done, (gssize)(i + 1 - done));
            g_string_append_printf(s, "%s%u", renumbered[k], id);
            done = i + 1 + plen + ndig;
            i = done - 1;
            break;
        }
    }
    g_string_append_len(s, svg + done, (gssize)(len - done));
    g_byte_array_append(out, (const guint8 *)s->str, (guint)s->len);
    g_hash_table_destroy(ids);
    g_string_free(s, TRUE);
}
