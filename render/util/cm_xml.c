/* cm_xml.c — escaping for XML 1.0 and for terminals.
 *
 * The Char production is XML 1.0 (Fifth Edition) §2.2. Characters outside it are
 * replaced by U+FFFD REPLACEMENT CHARACTER (Unicode §23.8 "Specials": "used to replace an
 * incoming character whose value is unknown or unrepresentable"), never written as a
 * reference. Control characters in messages are written as C string escapes, as GLib's
 * g_strescape does for C0, but keeping every printable non-ASCII character readable.
 */
#include "cm_xml.h"

#include <string.h>

bool
cm_xml_char_ok(gunichar c)
{
    return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
           (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

char *
cm_xml_escape(const char *text, gssize len, int *replaced)
{
    if (!text)
        return g_strdup("");
    const char *p = text, *end = text + (len < 0 ? (gssize)strlen(text) : len);
    GString *s = g_string_sized_new((gsize)(end - p) + 16);
    int bad = 0;
    while (p < end) {
        gunichar c = g_utf8_get_char_validated(p, end - p);
        if (c == (gunichar)-1 || c == (gunichar)-2) { /* not UTF-8: one byte at a time */
            g_string_append(s, "\xef\xbf\xbd");
            bad++;
            p++;
            continue;
        }
        const char *next = g_utf8_next_char(p);
        switch (c) {
        case '&':
            g_string_append(s, "&amp;");
            break;
        case '<':
            g_string_append(s, "&lt;");
            break;
        case '>':
            g_string_append(s, "&gt;");
            break;
        case '"':
            g_string_append(s, "&quot;");
            break;
        case '\'':
            g_string_append(s, "&apos;");
            break;
        default:
            if (cm_xml_char_ok(c)) {
                g_string_append_len(s, p, next - p);
            } else {
                g_string_append(s, "\xef\xbf\xbd");
                bad++;
            }
        }
        p = next;
    }
    if (replaced)
        *replaced += bad;
    return g_string_free(s, FALSE);
}

static bool
is_control(gunichar c)
{
    return (c < 0x20 && c != '\n') || (c >= 0x7F && c <= 0x9F);
}

char *
cm_text_escape_controls(const char *text)
{
    if (!text)
        return g_strdup("");
    GString *s = g_string_sized_new(strlen(text) + 8);
    for (const char *p = text; *p;) {
        gunichar c = g_utf8_get_char_validated(p, -1);
        if (c == (gunichar)-1 || c == (gunichar)-2) {
            g_string_append_printf(s, "\\x%02x", (unsigned char)*p);
            p++;
            continue;
        }
        const char *next = g_utf8_next_char(p);
        if (is_control(c))
            g_string_append_printf(s, "\\x%02x", (unsigned)c);
        else
            g_string_append_len(s, p, next - p);
        p = next;
    }
    return g_string_free(s, FALSE);
}

bool
cm_text_has_controls(const char *text)
{
    for (const char *p = text ? text : ""; *p;) {
        gunichar c = g_utf8_get_char_validated(p, -1);
        if (c == (gunichar)-1 || c == (gunichar)-2 || is_control(c))
            return true;
        p = g_utf8_next_char(p);
    }
    return false;
}
