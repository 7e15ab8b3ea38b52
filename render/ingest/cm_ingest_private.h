/* cm_ingest_private.h — module-internal (cm__) declarations of ingest, shared between
 * cm_ingest.c and cm_csv_reader.c (and their unit and fuzz tests) only: the streaming
 * libcsv reader. Not installed: libchronomap's public interface is cm_ingest.h. */
#ifndef CM_INGEST_PRIVATE_H
#define CM_INGEST_PRIVATE_H

#include "cm_ingest.h"

/* ---- module-internal (cm__): the libcsv reader behind cm_ingest_* -------
 *
 * The reader takes bytes in blocks of any size, strips a UTF-8 BOM, picks the
 * delimiter from the first line when none is given, and hands each row to a
 * callback together with the physical line its first byte is on (quoted line
 * ends count; CRLF, LF and lone CR each end one line). Structural problems
 * (stray quotes, unterminated quotes, invalid UTF-8, NUL bytes, fields over the
 * cap, too many fields) are reported to the sink by the reader itself; such a
 * row is still handed over, marked bad, so callers can count rows. Blank lines
 * are skipped. Memory is bounded by the field cap and the column cap.
 */
typedef struct {
    char **fields; /* n field texts, NUL-terminated valid UTF-8; "" for a bad field */
    int n;         /* fields kept (at most CM_INGEST_MAX_COLUMNS) */
    int line;      /* physical line where the row starts, 1-based */
    bool bad;      /* a problem in this row was already reported */
} cm__csv_row_t;

/* Called for each row; return false to stop reading (the rest is ignored). */
typedef bool (*cm__csv_row_fn)(const cm__csv_row_t *row, void *data);

typedef struct {
    const char *name;     /* borrowed: file name for messages */
    char delimiter;       /* 0 = detect from the first line (or Excel's "sep=;" line) */
    const char *encoding; /* borrowed; NULL = detect (cm__detect_encoding), else iconv name */
    size_t max_field;     /* bytes; 0 = CM_INGEST_DEFAULT_MAX_FIELD */
    cm_diag_t *diag;      /* borrowed */
    cm__csv_row_fn on_row;
    void *data;
} cm__csv_config_t;

typedef struct cm__csv_reader cm__csv_reader_t;

/* Returns a new reader (never NULL); CFG is copied, its pointers borrowed. */
cm__csv_reader_t *cm__csv_reader_new(const cm__csv_config_t *cfg);
void cm__csv_reader_free(cm__csv_reader_t *r);
/* Feeds LEN bytes; blocks may split rows, quotes and CRLF pairs anywhere. */
void cm__csv_reader_push(cm__csv_reader_t *r, const char *bytes, size_t len);
/* Ends the input: flushes the last row, reports an unterminated quote. */
void cm__csv_reader_finish(cm__csv_reader_t *r);
/* The delimiter in use (detected or given); ',' before anything was read. */
char cm__csv_reader_delimiter(const cm__csv_reader_t *r);

/* The delimiter among ',', ';' and '\t' that occurs most often outside quotes
 * in the first non-blank line of BYTES (ties: comma, semicolon, tab; none:
 * comma). Sets *COMPLETE to whether that line ended inside BYTES. */
char cm__csv_detect_delimiter(const char *bytes, size_t len, bool *complete);

/* ---- module-internal: header names (cm_ingest_header.c) ------------------- */

/* NAME as compared: Latin accents dropped, case-folded, blanks, "_", "-", ".",
 * "'" runs made one space, trimmed. Returns a new string; g_free it. */
char *cm__header_key(const char *name);
/* The header keys that give ROLE, NULL-terminated, English first (static). */
const char *const *cm__role_synonyms(cm_role_t role);
/* Whether header KEY names ROLE. */
bool cm__header_is(const char *key, cm_role_t role);
/* The index among N header KEYS (skipping TAKEN ones, which may be NULL)
 * closest to one of ROLE's synonyms; -1 when every one is taken. */
int cm__header_closest(char *const *keys, int n, const bool *taken, cm_role_t role);

/* ---- module-internal: encodings (cm_decode.c) ---------------------------- */

typedef struct cm__decoder cm__decoder_t;

/* A converter from ENCODING (an iconv name) to UTF-8; NULL (ERROR:
 * CM_ERROR_USAGE, naming the encoding) when iconv does not know it. */
cm__decoder_t *cm__decoder_new(const char *encoding, GError **error);
void cm__decoder_free(cm__decoder_t *d);
/* Converts LEN bytes, appending UTF-8 to OUT; a character cut at the end is
 * kept for the next call. Returns how many bytes it could not read (each
 * replaced by U+FFFD). */
size_t cm__decoder_push(cm__decoder_t *d, const char *in, size_t len, GByteArray *out);
/* Ends the input; false (a U+FFFD appended) when it ended inside a character. */
bool cm__decoder_finish(cm__decoder_t *d, GByteArray *out);
/* The encoding of a file starting with BYTES (LEN of them; ALL: that is the
 * whole file): "UTF-8", "UTF-16LE" or "UTF-16BE" from a byte-order mark (its
 * length in *BOM), "UTF-8" for UTF-8 (or mostly UTF-8), else "WINDOWS-1252", or
 * "ISO-8859-1" when a byte Windows-1252 leaves undefined occurs. */
const char *cm__detect_encoding(const char *bytes, size_t len, bool all, size_t *bom);

/* VALUE (LEN bytes, or -1 for NUL-terminated) cut to at most 60 bytes on a
 * character boundary with "…" appended when cut, invalid UTF-8 replaced, for
 * quoting in messages. Returns a new string; g_free it. */
char *cm__ingest_quote(const char *value, gssize len);

#endif
