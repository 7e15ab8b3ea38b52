/* cm_lang.h — the language a figure is written in: one parser, one set, one rule.
 *
 * chronomap writes dates, alt text and the frame's text in the languages of
 * CM_LANGS; country names come from iso-codes, in any language it has. Every
 * stage reads a language tag the same way: by its primary subtag, the letters
 * before the first '-', '_', '.' or '@', case-insensitively, so "de", "de-AT",
 * "de_AT.UTF-8" and "DE" are all German. What a reader cannot write in falls
 * back to English. An option or a style key is stricter: it must name one of
 * CM_LANGS exactly (cm_lang_known), so a typo is an error, not English.
 *
 * The rule a figure follows: --lang when given, else the style's page.lang
 * (cm_lang_resolve). The stages above model call it once per figure and pass
 * the result down; nobody else decides.
 *
 * Nothing here allocates; returned strings are static.
 */
#ifndef CM_LANG_H
#define CM_LANG_H

#include <stdbool.h>
#include <stddef.h>

/* The languages chronomap writes in, as --help and error messages list them. */
#define CM_LANGS "en, de, fr, ko, ja"

/* In the order of CM_LANGS; usable as an array index. */
typedef enum { CM_LANG_EN, CM_LANG_DE, CM_LANG_FR, CM_LANG_KO, CM_LANG_JA } cm_lang_t;
#define CM_LANG_COUNT (CM_LANG_JA + 1)

/* Length of TAG's primary subtag: "pt-BR" → 2, "de_AT.UTF-8" → 2, "ja" → 2.
 * 0 for NULL or "". */
size_t cm_lang_primary_len(const char *tag);

/* True when TAG's primary subtag is one of CM_LANGS; sets *OUT (may be NULL).
 * False for NULL, "" and anything else ("deu", "pt-BR"). */
bool cm_lang_parse(const char *tag, cm_lang_t *out);

/* TAG's language for writing: cm_lang_parse's, else CM_LANG_EN (NULL, "",
 * unsupported). */
cm_lang_t cm_lang_of(const char *tag);

/* The code of LANG ("en", "de", ...), static; "en" for an out-of-range value. */
const char *cm_lang_code(cm_lang_t lang);

/* True when TAG's primary subtag is English, or TAG is NULL or "": the
 * language country names need no catalogue for. */
bool cm_lang_is_english(const char *tag);

/* True when TAG is exactly one of CM_LANGS ("en", not "EN" or "en-US"): what
 * --lang and the style key page.lang accept. */
bool cm_lang_known(const char *tag);

/* The language a figure is drawn in: OPTION (--lang, a library caller's
 * opts->lang) when given and not "", else STYLE_LANG (the resolved style's
 * page.lang). Returns one of the two pointers, borrowed; NULL when both are
 * unset, which every reader takes as English. */
const char *cm_lang_resolve(const char *option, const char *style_lang);

#endif
