/* cm_country.h — country identity: codes, names in many languages, aliases, sovereigns.
 *
 * A cm_countries_t is a table of countries built once from Debian's iso-codes:
 * ISO 3166-1 (current countries), ISO 3166-3 (former ones: East Germany, the
 * USSR, Czechoslovakia, Yugoslavia, ... as historic entries) and the gettext
 * catalogues that translate their names (read directly from the .mo files, so
 * loading depends on neither the process locale nor gettext's global state).
 * It adds what iso-codes lacks: Kosovo (XK/XKX), and entries with private ids
 * for the Natural Earth features without an ISO code (X-NCY N. Cyprus, X-SOL
 * Somaliland, X-SIA Siachen Glacier, X-AIT Indian Ocean Ter., X-ACI Ashmore and
 * Cartier Is.), a curated alias list (Czech Republic, Turkey, Holland, Burma,
 * South Korea, the abbreviated Natural Earth names such as "Dem. Rep. Congo",
 * ...) and a short English display name for the awkward ISO names
 * ("Korea, Republic of" is shown as "South Korea").
 *
 * Matching is case-, accent-, whitespace- and punctuation-insensitive:
 * "COTE D'IVOIRE", "cote divoire" and "Côte d’Ivoire" are one key; "St." reads
 * as "Saint", "Is." as "Islands", "Rep." as "Republic", and "the", "and", "of"
 * are ignored, so "Korea, Rep." meets "Republic of Korea". When two countries
 * claim one key, the stronger source wins (curated alias > English ISO name >
 * historic name > translation); a tie between two countries makes the key
 * ambiguous and it matches nothing.
 *
 * Invariants: every entry has a non-NULL id, name and display name; ids are
 * unique; current ISO entries own their codes (a historic entry keeps a code
 * only when no current country uses it: "DD", "SU", "YU", "CS" is
 * Czechoslovakia, but "BY" is Belarus); every entry's sovereign is an entry of
 * the same table (itself when it has none).
 *
 * Threads: a table is immutable after cm_countries_load() returns; every
 * function here only reads it, so one table may be shared by many threads.
 * Entries and all strings they point to are owned by the table and live until
 * cm_countries_free().
 */
#ifndef CM_COUNTRY_H
#define CM_COUNTRY_H

#include <stdbool.h>
#include <glib.h>

typedef struct cm_countries cm_countries_t;

typedef enum {
    CM_COUNTRY_ISO = 0,      /* ISO 3166-1 entry (Kosovo's XK counts as one) */
    CM_COUNTRY_HISTORIC = 1, /* ISO 3166-3 former country */
    CM_COUNTRY_PRIVATE = 2,  /* no ISO code; id starts with "X-" */
} cm_country_kind_t;

typedef struct cm_country {
    /* borrowed from the table, never NULL */
    const char *id;      /* unique: alpha-3 ("DEU"), alpha-4 for a historic entry whose alpha-3
                            a current country reuses ("FQHH"), or private ("X-NCY") */
    const char *name;    /* iso-codes English name ("Korea, Republic of"); Natural Earth's
                            name for private entries ("N. Cyprus") */
    const char *display; /* short English name for labels ("South Korea") */
    /* borrowed from the table, NULL when absent */
    const char *alpha2;        /* "DE" */
    const char *alpha3;        /* "DEU" */
    const char *alpha4;        /* historic entries only ("DDDE") */
    const char *official_name; /* "Federal Republic of Germany" */
    const char *common_name;   /* iso-codes common_name ("South Korea") */
    const char *withdrawn;     /* historic: withdrawal date as iso-codes writes it */
    /* plain values */
    int numeric; /* ISO 3166-1 numeric (276), -1 when none */
    cm_country_kind_t kind;
    /* private to cm_country.c: read through the functions below */
    const struct cm_country *sovereign_;
    const cm_countries_t *table_;
    int index_;
} cm_country_t;

/* Options for cm_countries_load_full(); zero-initialise and set what you need. */
typedef struct {
    /* Directory of iso_3166-1.json and iso_3166-3.json; NULL means
     * CM_ISO_CODES_DEFAULT_DIR. */
    const char *iso_codes_dir;
    /* Root of the gettext catalogues (<dir>/<lang>/LC_MESSAGES/iso_3166-1.mo).
     * NULL means "../../locale" next to iso_codes_dir when that exists, else
     * /usr/share/locale. */
    const char *locale_dir;
    /* NULL-terminated language list ("ko", "ja", "pt-BR"). NULL loads the
     * default set cm_countries_default_languages(); {"*", NULL} loads every
     * catalogue found (about 150: some 60 ms instead of about 6); {NULL} loads
     * none. Languages without a catalogue are skipped (see
     * cm_countries_has_language()), so a caller that needs names in one more
     * language (a map's --lang) lists the defaults plus that one. */
    const char *const *languages;
    /* NULL-terminated rules "DEP=SOV" applied after the default table (or
     * instead of it with no_default_sovereigns): DEP is coloured with SOV.
     * "DEP=" makes DEP stand alone. Both sides are any text cm_countries_find()
     * resolves ("GL=DK", "Greenland=Denmark", "X-NCY="). */
    const char *const *sovereigns;
    bool no_default_sovereigns;
} cm_countries_opts_t;

#define CM_ISO_CODES_DEFAULT_DIR "/usr/share/iso-codes/json"
#define CM_LOCALE_DEFAULT_DIR "/usr/share/locale"

/* The languages loaded by default, NULL-terminated: the major languages of
 * the membership data this program draws (de es fr it ja ko nl pl pt ru uk
 * zh_CN zh_TW). */
const char *const *cm_countries_default_languages(void);

/* ---- lifecycle ---- */

/* Loads the table from ISO_CODES_DIR (NULL: the Debian default) with the
 * default languages and the default sovereign table. Returns NULL and fills
 * ERROR (CM_ERROR_IO when a JSON file cannot be read, CM_ERROR_DATA when it is
 * malformed) on failure. A missing or corrupt .mo catalogue is skipped, not an
 * error. Free with cm_countries_free(). */
cm_countries_t *cm_countries_load(const char *iso_codes_dir, GError **error);
/* As cm_countries_load() with options (OPTS may be NULL). A sovereign rule
 * naming an unknown country fails with CM_ERROR_USAGE and a suggestion. */
cm_countries_t *cm_countries_load_full(const cm_countries_opts_t *opts, GError **error);
/* Frees the table and every entry and string in it; NULL does nothing. */
void cm_countries_free(cm_countries_t *cs);

/* ---- enumeration ---- */

/* Number of entries and the Ith entry (0 <= I < count), in a stable order:
 * ISO 3166-1 in file order, then the private entries, then ISO 3166-3. */
int cm_countries_count(const cm_countries_t *cs);
const cm_country_t *cm_countries_get(const cm_countries_t *cs, int i);
/* Number of languages whose catalogue was loaded (English not counted). */
int cm_countries_n_languages(const cm_countries_t *cs);
/* True when names in LANG ("ko", "pt-BR", "de_AT" → "de") are available;
 * "en", "" and NULL are always available. */
bool cm_countries_has_language(const cm_countries_t *cs, const char *lang);

/* ---- lookup (all return NULL when nothing matches; never allocate) ---- */

/* Resolves free text as a user writes it in a CSV cell: an ISO alpha-2,
 * alpha-3, alpha-4 (historic) or private id, a numeric code ("250", "056",
 * "56"), an English name (name, official or common), an alias, or a name in any
 * loaded language. Leading and trailing blanks are ignored. Returns NULL for
 * NULL, empty, invalid UTF-8, unknown and ambiguous text. */
const cm_country_t *cm_countries_find(const cm_countries_t *cs, const char *text);
/* Only codes: alpha-2, alpha-3, alpha-4 or a private id, case-insensitive. */
const cm_country_t *cm_countries_find_code(const cm_countries_t *cs, const char *code);
/* Only ISO 3166-1 numeric codes given as text, as world-atlas feature ids
 * are ("036", "36", " 4 "); current countries win over former ones that had
 * the same number. NULL for anything but 1-3 digits (e.g. "-99"). */
const cm_country_t *cm_countries_find_numeric(const cm_countries_t *cs, const char *id);
/* The same by number; NULL for a number nobody has. */
const cm_country_t *cm_countries_by_numeric(const cm_countries_t *cs, int numeric);

/* ---- suggestions for unmatched text ---- */

/* Fills OUT with up to MAX distinct entries whose names or aliases (in any
 * loaded language) are closest to TEXT by edit distance (optimal string
 * alignment over matching keys, so "Germnay" is one step from Germany),
 * closest first, ties by English display name. Only candidates within
 * 1 + length/4 edits (at most 3) of the key are returned. Returns how many
 * were written (0..MAX). Scans every key: meant for error paths. */
int cm_countries_suggest(const cm_countries_t *cs, const char *text, const cm_country_t **out,
                         int max);
/* Returns a new string (g_free it) for an error message:
 * "unknown country \"Germnay\" (did you mean Germany?)", naming up to three
 * suggestions that are all as close as the closest one ("did you mean Niger
 * or Nigeria?"), or a hint on what is accepted when nothing is close. */
char *cm_countries_unknown_message(const cm_countries_t *cs, const char *text);

/* ---- entries ---- */

/* The country's name in LANG ("ko", "ja", "de", "fr", "pt-BR"; NULL, "" and
 * "en" mean English): the catalogue's translation of its common name, else of
 * its ISO name, else the English display name (so a language or a name the
 * catalogues lack falls back to English, never to NULL). Borrowed. */
const char *cm_country_name(const cm_country_t *c, const char *lang);
/* The entry C is coloured with on membership maps: Greenland → Denmark,
 * Puerto Rico → United States, ..., C itself when it has no sovereign. */
const cm_country_t *cm_country_sovereign(const cm_country_t *c);

#endif
