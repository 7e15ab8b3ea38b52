/* cm_xml.h — text made safe for the readers it is written for: XML 1.0 (SVG, HTML) and
 * terminals (messages).
 *
 * XML 1.0 forbids most control characters even as character references (&#x1; is not
 * well-formed: the Char production, §2.2), and a terminal obeys the escape sequences in
 * what it is shown. Data may hold either; these functions are the one place that decides
 * what reaches an output file or a message.
 */
#ifndef CM_XML_H
#define CM_XML_H

#include <glib.h>
#include <stdbool.h>

/* Whether C is a Char of XML 1.0: tab, newline, carriage return, U+0020..U+D7FF,
 * U+E000..U+FFFD, U+10000..U+10FFFF. */
bool cm_xml_char_ok(gunichar c);

/* The first LEN bytes of TEXT (-1: up to its NUL) as XML character data or an attribute
 * value: & < > " ' escaped, every character XML 1.0 forbids and every byte that is not
 * UTF-8 replaced by U+FFFD. Adds the number replaced to *REPLACED (when not NULL).
 * Returns a new string (g_free). TEXT NULL is "". */
char *cm_xml_escape(const char *text, gssize len, int *replaced);

/* TEXT with every control character (U+0000..U+001F but newline, U+007F, U+0080..U+009F)
 * written as \xNN and every byte that is not UTF-8 as \xNN, so a message shows the data
 * rather than obeying it. Returns a new string (g_free). TEXT NULL is "". */
char *cm_text_escape_controls(const char *text);

/* Whether TEXT holds anything cm_text_escape_controls would change. */
bool cm_text_has_controls(const char *text);

#endif
