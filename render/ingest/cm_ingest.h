/* cm_ingest.h — CSV files in, a cm_dataset_t out. The only module that knows libcsv.
 *
 * Accepts UTF-8 with or without a BOM, UTF-16 with a BOM, and — when the bytes
 * are not UTF-8 — Windows-1252 (or Latin-1), said in a warning; or the
 * encoding the options name. Comma, semicolon or tab delimiters (detected from
 * the header line unless given, or named by Excel's "sep=;" first line);
 * RFC 4180 quoting, including embedded delimiters, doubled quotes and
 * newlines; CRLF, LF or lone CR line ends. The first row is the header.
 *
 * Column roles are found by header name, compared case- and accent-insensitively
 * with blanks, "_" and "-" alike, among synonyms in en, de, fr, es, it, pt, ko
 * and ja (cm_ingest_header.c has them all), for example:
 *   entity: country, member, name, state, entity, member state, Land, Staat, pays, país, 국가, 国
 *   code:   code, iso, iso2, iso3, iso_a2, iso_a3, country code
 *   date:   date, joined, start, from, signed, begin, date of accession, entry into force,
 *           Beitritt, Mitglied seit, adhésion, fecha de adhesión, 가입일, 加盟日
 *   end:    end, left, to, until, withdrawal, Austritt, retrait
 *   group:  group, wave, round, category
 *   label, note, source: their own names (and translations)
 *   type:   type, kind — "event" or "span" per row (optional)
 * A mapping (role -> header name) overrides the search for that role.
 * entity (or code) and date are required; a missing one is reported with the
 * headers found and the --column ROLE=NAME that names the closest one.
 *
 * Rows become items: with a type column, "event"/"point" or "span"; without
 * one, a row is a span when the file has an end column (an empty end, or
 * "present", "now", "ongoing", makes it open) and an event otherwise. A row of
 * empty cells is ignored. Dates are read by cm_date_parse_opts (cm_date.h).
 *
 * Every problem is recorded in the diagnostics sink with file, line and
 * column (1-based, column counted in fields), quoting the value; reading goes
 * on so one run reports them all.
 */
#ifndef CM_INGEST_H
#define CM_INGEST_H

#include "../model/cm_dataset.h"
#include "../util/cm_diag.h"

typedef enum {
    CM_ROLE_ENTITY,
    CM_ROLE_CODE,
    CM_ROLE_DATE,
    CM_ROLE_END,
    CM_ROLE_GROUP,
    CM_ROLE_LABEL,
    CM_ROLE_NOTE,
    CM_ROLE_SOURCE,
    CM_ROLE_TYPE,
    CM_ROLE_PRIORITY, /* must | high | normal | low: which labels a crowded figure keeps */
    CM_ROLE_COUNT
} cm_role_t;

/* Caps (issue 6): each keeps memory and time bounded whatever the file holds.
 * A value of 0 in the options takes the default. The command line reads the
 * environment variable named beside each once, at the top (the figure layer's
 * cm_figure_env_read), and passes it in; ingest itself reads no environment.
 *   max_field  CHRONOMAP_MAX_FIELD  1 MiB    bytes in one CSV field
 *   max_rows   CHRONOMAP_MAX_ROWS   100 000  data rows; reading stops at the first row over
 *   max_text   CHRONOMAP_MAX_TEXT   1000     bytes in one entity, code, group, label, note
 *                                            or source cell (after trimming)
 * A row over a cap is reported with file:line:column and the cap's name. */
#define CM_INGEST_DEFAULT_MAX_FIELD ((size_t)1024 * 1024)
#define CM_INGEST_DEFAULT_MAX_ROWS ((size_t)100 * 1000)
#define CM_INGEST_DEFAULT_MAX_TEXT ((size_t)1000)

/* Rows whose date cell is empty or a phrase with no digit in it ("has not yet
 * signed", "n/a", "-"): an error each (the default), or left out and counted
 * in one warning. */
typedef enum { CM_UNDATED_ERROR = 0, CM_UNDATED_SKIP } cm_undated_t;

typedef struct {
    const char *columns[CM_ROLE_COUNT]; /* borrowed; NULL = find by synonyms */
    char delimiter;                     /* 0 = detect */
    /* Dates (cm_date.h). The day/month order of numeric dates is one for the
     * whole file (date and end columns): date_order, else the first value that
     * settles it (a number over 12); rows are held back until then, and a file
     * no value settles is an error naming the first ambiguous value. */
    cm_date_order_t date_order; /* CM_DATE_ORDER_AUTO = settled by the values */
    const char *date_format;    /* borrowed; NULL = every known form */
    int32_t century_pivot;      /* 0 = two-digit years refused */
    int excel_dates;            /* 0, 1900 or 1904 */
    cm_undated_t undated;
    const char *encoding; /* borrowed; NULL = UTF-8 (BOM or not), UTF-16 with a BOM, else
                             Windows-1252 when the bytes are not UTF-8; else an iconv name */
    size_t max_field;     /* 0 = 1 MiB */
    size_t max_rows;      /* 0 = 100 000 */
    size_t max_text;      /* 0 = 1000 */
} cm_ingest_opts_t;

/* Role name ("entity", "date", …) to role; returns -1 when unknown. */
int cm_role_from_name(const char *name);
const char *cm_role_name(cm_role_t role);

/* Reads PATH ("-" = stdin). Returns the dataset, or NULL when the file cannot
 * be read (ERROR: CM_ERROR_IO) or has any error-level problem (ERROR:
 * CM_ERROR_DATA "N errors in FILE"; the problems themselves are in DIAG).
 * OPTS may be NULL. Free the result with cm_dataset_free(). */
cm_dataset_t *cm_ingest_file(const char *path, const cm_ingest_opts_t *opts, cm_diag_t *diag,
                             GError **error);

/* The same from memory; NAME is used in messages. */
cm_dataset_t *cm_ingest_bytes(const char *name, const char *data, size_t len,
                              const cm_ingest_opts_t *opts, cm_diag_t *diag, GError **error);

/* The most fields a row may have; a row with more is reported once and
 * dropped (the extra fields are never stored). */
#define CM_INGEST_MAX_COLUMNS 10000

#endif
