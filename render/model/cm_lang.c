/* cm_lang.c — language tags: the one parser behind dates, country names, alt
 * text and the frame, the supported set, and the option-else-style rule. A tag
 * is read by its primary subtag as BCP 47 and POSIX locale names both begin
 * ("de-AT", "de_AT.UTF-8@euro"); see cm_lang.h. */
#include "cm_lang.h"

#include <glib.h>
#include <string.h>

static const char *const CODES[CM_LANG_COUNT] = {
    [CM_LANG_EN] = "en", [CM_LANG_DE] = "de", [CM_LANG_FR] = "fr",
    [CM_LANG_KO] = "ko", [CM_LANG_JA] = "ja",
};

size_t
cm_lang_primary_len(const char *tag)
{
    return tag ? strcspn(tag, "-_.@") : 0;
}

bool
cm_lang_parse(const char *tag, cm_lang_t *out)
{
    size_t n = cm_lang_primary_len(tag);
    for (int i = 0; i < CM_LANG_COUNT; i++) {
        if (n != strlen(CODES[i]) || g_ascii_strncasecmp(tag, CODES[i], n) != 0)
            continue;
        if (out)
            *out = (cm_lang_t)i;
        return true;
    }
    return false;
}

cm_lang_t
cm_lang_of(const char *tag)
{
    cm_lang_t l = CM_LANG_EN;
    cm_lang_parse(tag, &l);
    return l;
}

const char *
cm_lang_code(cm_lang_t lang)
{
    return (int)lang >= 0 && (int)lang < CM_LANG_COUNT ? CODES[lang] : CODES[CM_LANG_EN];
}

bool
cm_lang_is_english(const char *tag)
{
    if (!tag || !*tag)
        return true;
    cm_lang_t l;
    return cm_lang_parse(tag, &l) && l == CM_LANG_EN;
}

bool
cm_lang_known(const char *tag)
{
    for (int i = 0; tag && i < CM_LANG_COUNT; i++)
        if (strcmp(tag, CODES[i]) == 0)
            return true;
    return false;
}

const char *
cm_lang_resolve(const char *option, const char *style_lang)
{
    return option && *option ? option : style_lang;
}
