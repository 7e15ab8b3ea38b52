/* cm_country_private.h — module-internal (cm__) declarations of the country table,
 * shared between the cm_country*.c files (and their unit tests) only: the matching key
 * and edit distance, the gettext and iso-codes readers, the curated data tables.
 * Not installed: libchronomap's public interface is cm_country.h. */
#ifndef CM_COUNTRY_PRIVATE_H
#define CM_COUNTRY_PRIVATE_H

#include "cm_country.h"

/* ---- internal: shared between the cm_country*.c files only ---- */

/* Normalised matching key of S (see above), a new string, or NULL when S is
 * NULL, not UTF-8 or has no letters or digits. */
char *cm__country_key(const char *s);
/* Optimal-string-alignment distance between UTF-8 strings A and B, or a value
 * > LIMIT as soon as the distance is known to exceed LIMIT. */
int cm__country_distance(const char *a, const char *b, int limit);

/* One gettext catalogue: N pairs of strings borrowed from its bytes. */
typedef struct {
    char *data; /* owned: the whole file */
    int n;
    const char **msgid;  /* owned array; strings borrowed from data */
    const char **msgstr; /* owned array; strings borrowed from data */
} cm__mo_t;
/* Reads the .mo file at PATH. Returns false and fills ERROR when it cannot be
 * read or is not a valid catalogue. Entries with an empty msgid (the header),
 * an empty translation or a context are left out. */
bool cm__mo_init(cm__mo_t *mo, const char *path, GError **error);
void cm__mo_release(cm__mo_t *mo);

/* The rows of an iso-codes JSON file (cm_country_iso.c): each entry's string fields,
 * NULL when absent or not a string. */
enum {
    CM__ISO_ALPHA2,
    CM__ISO_ALPHA3,
    CM__ISO_ALPHA4,
    CM__ISO_NAME,
    CM__ISO_OFFICIAL_NAME,
    CM__ISO_COMMON_NAME,
    CM__ISO_WITHDRAWN,
    CM__ISO_NUMERIC,
    CM__ISO_N_FIELDS
};
typedef struct {
    const char *field[CM__ISO_N_FIELDS]; /* borrowed from the cm__iso_rows_t */
} cm__iso_row_t;
typedef struct {
    char *buf;    /* owned: the file's bytes (fast path) */
    void *parser; /* owned: a JsonParser (the json-glib path), or NULL */
    GArray *rows; /* owned: cm__iso_row_t */
} cm__iso_rows_t;
/* Reads the array KEY ("3166-1") of the iso-codes file PATH. Returns false and fills
 * ERROR (CM_ERROR_IO when unreadable, CM_ERROR_DATA when not such a file); release ROWS
 * either way. */
bool cm__iso_rows_init(cm__iso_rows_t *rows, const char *path, const char *key, GError **error);
void cm__iso_rows_release(cm__iso_rows_t *rows);

/* Whether TABLE has read its translation catalogues yet (they are read on first need):
 * for tests. */
bool cm__countries_translations_loaded(const cm_countries_t *cs);

/* Static data tables (cm_country_data.c). */
typedef struct {
    const char *code; /* alpha-2, alpha-4 (historic) or private id */
    const char *text;
} cm__country_pair_t;
typedef struct {
    const char *id, *alpha2, *alpha3, *name, *official_name, *display;
} cm__country_private_t;
extern const cm__country_pair_t cm__country_aliases[];
extern const cm__country_pair_t cm__country_displays[];
extern const cm__country_pair_t cm__country_sovereigns[];
extern const cm__country_private_t cm__country_privates[];
extern const char *const cm__country_default_languages[];

#endif
