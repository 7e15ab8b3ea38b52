/* cm_country_key.c — matching keys for country names and the edit distance between them.
 *
 * A key is what is left of a name after folding away everything people write
 * differently. Each character is fully decomposed with compatibility mappings
 * (NFKD per character, without canonical reordering: full-width "ＵＳＡ"
 * becomes "USA", "ô" becomes "o" + circumflex, Hangul syllables become jamo)
 * and lower-cased as case folding does (ß → ss, final sigma → sigma).
 * Combining marks after Latin, Greek and Cyrillic letters are dropped (é → e;
 * marks in other scripts carry meaning and stay), a few Latin letters without
 * a decomposition are spelt in ASCII (ø, æ, œ, ł, đ, ı, þ), and every other
 * character that is not a letter or digit separates words. "the", "and" and
 * "of" are dropped, a word written with a dot after it is expanded when it is
 * one of Natural Earth's abbreviations ("Is." → islands, "Rep." → republic,
 * "Dem." → democratic, ...), "St" becomes "saint", and the words are joined
 * without spaces. So "Korea, Rep." and "Republic of Korea" inverted meet at
 * "korearepublic", and "Guinea Bissau" equals "Guinea-Bissau". Per-character
 * decomposition avoids g_utf8_normalize()'s two allocations per name, which
 * made up much of the load time with thousands of translated names to key.
 *
 * The distance is the optimal string alignment variant of the
 * Damerau–Levenshtein distance (insertions, deletions, substitutions and
 * transpositions of adjacent characters, each costing one; Damerau 1964,
 * "A technique for computer detection and correction of spelling errors"),
 * computed over code points with three rows and an early exit once every cell
 * of a row exceeds the caller's limit.
 */
#include "cm_country_private.h"

#include <string.h>

typedef struct {
    const char *word;
    const char *full;
} abbrev_t;

/* Abbreviations as Natural Earth writes them, expanded only when followed by
 * a dot; "st" is expanded with or without one. */
static const abbrev_t abbrevs[] = {
    {"is", "islands"},       {"isl", "islands"},    {"i", "island"},     {"rep", "republic"},
    {"dem", "democratic"},   {"eq", "equatorial"},  {"fr", "french"},    {"br", "british"},
    {"ter", "territory"},    {"terr", "territory"}, {"st", "saint"},     {"ste", "sainte"},
    {"herz", "herzegovina"}, {"geo", "georgia"},    {"barb", "barbuda"}, {"gren", "grenadines"},
    {"vin", "vincent"},      {"mt", "mount"},
};

static bool
is_stopword(const char *w)
{
    return !strcmp(w, "the") || !strcmp(w, "and") || !strcmp(w, "of");
}

static const char *
expand(const char *w, bool dotted)
{
    if (!strcmp(w, "st"))
        return "saint";
    if (!dotted)
        return w;
    for (size_t i = 0; i < G_N_ELEMENTS(abbrevs); i++)
        if (!strcmp(w, abbrevs[i].word))
            return abbrevs[i].full;
    return w;
}

/* Latin letters that NFKD leaves whole, as plain ASCII; NULL for others. */
static const char *
latin_fold(gunichar c)
{
    switch (c) {
    case 0x00F8:
        return "o"; /* ø */
    case 0x00E6:
        return "ae"; /* æ */
    case 0x0153:
        return "oe"; /* œ */
    case 0x0142:
        return "l"; /* ł */
    case 0x0111:
        return "d"; /* đ */
    case 0x00F0:
        return "d"; /* ð */
    case 0x0131:
        return "i"; /* ı */
    case 0x00FE:
        return "th"; /* þ */
    case 0x00DF:
        return "ss"; /* ß: what case folding gives */
    default:
        return NULL;
    }
}

static bool
strips_marks(GUnicodeScript script)
{
    return script == G_UNICODE_SCRIPT_LATIN || script == G_UNICODE_SCRIPT_GREEK ||
           script == G_UNICODE_SCRIPT_CYRILLIC;
}

/* Word-building state: the key so far, the current word and the script of
 * the last base character (for dropping marks). */
typedef struct {
    GString *key;
    GString *word;
    GUnicodeScript base;
} keybuf_t;

static void
end_word(keybuf_t *kb, bool dotted)
{
    if (kb->word->len && !is_stopword(kb->word->str))
        g_string_append(kb->key, expand(kb->word->str, dotted));
    g_string_truncate(kb->word, 0);
    kb->base = G_UNICODE_SCRIPT_COMMON;
}

/* Feeds one character of the decomposed text; a non-word character ends the
 * current word. */
static void
feed(keybuf_t *kb, gunichar c)
{
    if (c < 0x80) {
        if (!g_ascii_isalnum((char)c)) {
            end_word(kb, c == '.');
            return;
        }
        kb->base = G_UNICODE_SCRIPT_LATIN;
        g_string_append_c(kb->word, g_ascii_tolower((char)c));
        return;
    }
    if (g_unichar_ismark(c)) {
        if (kb->word->len && !strips_marks(kb->base))
            g_string_append_unichar(kb->word, c);
        return;
    }
    if (!g_unichar_isalnum(c)) {
        end_word(kb, false);
        return;
    }
    c = c == 0x03C2 ? 0x03C3 : g_unichar_tolower(c); /* final sigma folds to sigma */
    const char *f = latin_fold(c);
    if (f) {
        kb->base = G_UNICODE_SCRIPT_LATIN;
        g_string_append(kb->word, f);
    } else if (c < 0x80) { /* K (Kelvin sign) and friends */
        kb->base = G_UNICODE_SCRIPT_LATIN;
        g_string_append_c(kb->word, (char)c);
    } else {
        kb->base = g_unichar_get_script(c);
        g_string_append_unichar(kb->word, c);
    }
}

char *
cm__country_key(const char *s)
{
    if (!s || !g_utf8_validate(s, -1, NULL))
        return NULL;
    size_t len = strlen(s);
    keybuf_t kb = {g_string_sized_new(len), g_string_sized_new(32), G_UNICODE_SCRIPT_COMMON};
    for (const char *p = s; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (c < 0x80) {
            feed(&kb, c);
            continue;
        }
        gunichar d[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];
        gsize n = g_unichar_fully_decompose(c, TRUE, d, G_N_ELEMENTS(d));
        for (gsize i = 0; i < n; i++)
            feed(&kb, d[i]);
    }
    end_word(&kb, false);
    g_string_free(kb.word, TRUE);
    if (kb.key->len == 0) {
        g_string_free(kb.key, TRUE);
        return NULL;
    }
    return g_string_free(kb.key, FALSE);
}

int
cm__country_distance(const char *a, const char *b, int limit)
{
    glong la, lb;
    gunichar *x = g_utf8_to_ucs4_fast(a, -1, &la);
    gunichar *y = g_utf8_to_ucs4_fast(b, -1, &lb);
    int result = limit + 1;
    if (ABS(la - lb) > limit)
        goto out;
    /* rows: r2 = i-2, r1 = i-1, r0 = i */
    int *r2 = g_new(int, lb + 1), *r1 = g_new(int, lb + 1), *r0 = g_new(int, lb + 1);
    for (glong j = 0; j <= lb; j++)
        r1[j] = (int)j;
    for (glong i = 1; i <= la; i++) {
        r0[0] = (int)i;
        int row_min = r0[0];
        for (glong j = 1; j <= lb; j++) {
            int cost = x[i - 1] == y[j - 1] ? 0 : 1;
            int v = MIN(MIN(r1[j] + 1, r0[j - 1] + 1), r1[j - 1] + cost);
            if (i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1])
                v = MIN(v, r2[j - 2] + 1);
            r0[j] = v;
            row_min = MIN(row_min, v);
        }
        int *t = r2;
        r2 = r1;
        r1 = r0;
        r0 = t;
        if (row_min > limit)
            goto done;
    }
    result = r1[lb];
done:
    g_free(r0);
    g_free(r1);
    g_free(r2);
out:
    g_free(x);
    g_free(y);
    return result > limit ? limit + 1 : result;
}
