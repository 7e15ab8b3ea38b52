/* cm_csv_reader.c — libcsv driven in line-sized pieces, so every row knows its line.
 *
 * libcsv (csv_parse with field and row callbacks, CSV_STRICT) does the RFC 4180
 * quoting, but it does not say where in the input a row began. So the reader
 * cuts the input into pieces that end at each CR or LF (or after PIECE_MAX
 * bytes) and feeds them one at a time: every callback fired while a piece is
 * fed was caused by a byte of that piece, and a piece never spans two physical
 * lines, so "the line of the piece being fed" is the line of the callback. A
 * row starts in the first piece, after the previous row ended, that holds a
 * byte libcsv does not skip (anything but blanks and line ends). Lines are
 * counted on the raw bytes, quoted or not: LF, CR and CRLF each end one.
 *
 * With CSV_REPALL_NL every line end reaches the row callback, including the LF
 * of a CRLF pair; those empty rows are dropped here, so blank lines are too.
 * A strict-mode error (a stray quote) is reported once per row and the
 * offending byte skipped, which resumes libcsv in the state it stopped in.
 * A field that outgrows the cap is reported, the parser is reset and the rest
 * of that field is skipped byte by byte (tracking its quotes), so memory stays
 * bounded by the cap; the row is handed over marked bad.
 */
#include "cm_ingest_private.h"
#include "util/cm_xml.h"

#include <csv.h>
#include <limits.h>
#include <stdarg.h>
#include <string.h>

#define PIECE_MAX (64 * 1024)    /* largest piece fed to csv_parse at once */
#define DETECT_MAX (1024 * 1024) /* bytes held back to find the header line */
#define QUOTE_BYTES 60
#define BLOCK_SIZE (16 * 1024) /* libcsv grows its field buffer by this much */

/* libcsv's parser states (libcsv.c; struct csv_parser.pstate). */
enum { PS_ROW_NOT_BEGUN = 0, PS_FIELD_NOT_BEGUN = 1, PS_FIELD_BEGUN = 2, PS_FIELD_MIGHT_END = 3 };

typedef enum {
    SKIP_NONE,       /* feeding libcsv */
    SKIP_UNQUOTED,   /* dropping an over-long unquoted field up to a delimiter or line end */
    SKIP_QUOTED,     /* dropping an over-long quoted field up to its closing quote */
    SKIP_QUOTE_SEEN, /* ... a quote was just dropped: closing, or the first of "" */
} skip_t;

struct cm__csv_reader {
    /* borrowed */
    cm__csv_config_t cfg;
    /* owned */
    struct csv_parser parser;
    GByteArray *pending; /* held back until the encoding, BOM and delimiter are settled */
    GPtrArray *row;      /* char *: fields of the row being read */
    cm__decoder_t *dec;  /* NULL: the input is UTF-8 */
    GByteArray *conv;    /* scratch: converted bytes */
    /* plain values */
    size_t max_field;
    unsigned char delim;
    bool started;    /* BOM stripped, delimiter known, parser live */
    bool stopped;    /* the row callback asked to stop */
    int line;        /* physical line of the piece being fed */
    bool prev_cr;    /* the last byte counted was a CR */
    bool in_row;     /* a row has begun and not yet ended */
    int row_line;    /* line where the current row began */
    int field_line;  /* line where the field being read began */
    int n_fields;    /* fields seen in this row, including dropped ones */
    bool row_bad;    /* a problem in this row was reported */
    int stray_field; /* field whose stray quote was reported, 0 = none */
    skip_t skip;
};

char *
cm__ingest_quote(const char *value, gssize len)
{
    if (!value)
        return g_strdup("");
    size_t n = len < 0 ? strlen(value) : (size_t)len;
    if (n <= QUOTE_BYTES)
        return g_utf8_make_valid(value, (gssize)n);
    size_t cut = QUOTE_BYTES;
    while (cut > 0 && ((unsigned char)value[cut] & 0xC0) == 0x80)
        cut--; /* do not split a character */
    char *valid = g_utf8_make_valid(value, (gssize)cut);
    char *out = g_strconcat(valid, "…", NULL);
    g_free(valid);
    return out;
}

static void report(cm__csv_reader_t *r, int line, int column, const char *fmt, ...)
    G_GNUC_PRINTF(4, 5);

static void
report(cm__csv_reader_t *r, int line, int column, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    cm_diag_add(r->cfg.diag, CM_DIAG_ERROR, r->cfg.name, line, column, "%s", msg);
    g_free(msg);
}

static void warn(cm__csv_reader_t *r, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

static void
warn(cm__csv_reader_t *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    cm_diag_add(r->cfg.diag, CM_DIAG_WARNING, r->cfg.name, 0, 0, "%s", msg);
    g_free(msg);
}

static bool
is_blank(const cm__csv_reader_t *r, unsigned char c)
{
    return (c == ' ' || c == '\t') && c != r->delim;
}

/* ---- rows and fields ---------------------------------------------------- */

static void
end_row(cm__csv_reader_t *r)
{
    if (!r->stopped) {
        cm__csv_row_t row = {
            .fields = (char **)r->row->pdata,
            .n = (int)r->row->len,
            .line = r->row_line,
            .bad = r->row_bad,
        };
        if (!r->cfg.on_row(&row, r->cfg.data))
            r->stopped = true;
    }
    g_ptr_array_set_size(r->row, 0);
    r->in_row = false;
    r->n_fields = 0;
    r->row_bad = false;
    r->stray_field = 0;
}

static void
report_field_too_long(cm__csv_reader_t *r, int column)
{
    report(r, r->row_line, column,
           "field longer than %zu bytes (the cap); is a quote left open? raise max_field "
           "(CHRONOMAP_MAX_FIELD) if the data is right",
           r->max_field);
    r->row_bad = true;
}

/* The field's text (valid UTF-8, LEN bytes at S) as a new string, with every character
 * that XML 1.0 forbids (control characters but tab, newline and carriage return; U+FFFE,
 * U+FFFF) replaced by U+FFFD, and a warning naming the field when there was one: the
 * figures are SVG and HTML, which cannot hold them, and messages would echo them to a
 * terminal. */
static char *
xml_chars(cm__csv_reader_t *r, const char *s, size_t len, int column)
{
    GString *out = NULL;
    gunichar first = 0;
    int n = 0;
    for (const char *p = s, *end = s + len; p < end; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (!out && cm_xml_char_ok(c))
            continue;
        if (!out)
            out = g_string_new_len(s, p - s);
        if (cm_xml_char_ok(c)) {
            g_string_append_len(out, p, g_utf8_next_char(p) - p);
        } else {
            if (n++ == 0)
                first = c;
            g_string_append(out, "\xef\xbf\xbd");
        }
    }
    if (!out)
        return g_strndup(s, len);
    cm_diag_add(r->cfg.diag, CM_DIAG_WARNING, r->cfg.name, r->row_line, column,
                "%d control or non-character%s (the first U+%04X) replaced by U+FFFD; SVG and "
                "HTML cannot hold %s: remove %s from the data",
                n, n == 1 ? "" : "s", (unsigned)first, n == 1 ? "it" : "them",
                n == 1 ? "it" : "them");
    return g_string_free(out, FALSE);
}

/* Checks one field and returns its text (new string), or NULL after reporting
 * why it cannot be used. */
static char *
field_text(cm__csv_reader_t *r, const char *s, size_t len, int column)
{
    if (len > r->max_field) {
        report_field_too_long(r, column);
        return NULL;
    }
    if (memchr(s, '\0', len)) {
        report(r, r->row_line, column,
               "field contains a nul byte (is this a binary or UTF-16 file? save it as UTF-8 "
               "text)");
        return NULL;
    }
    const char *end;
    if (!g_utf8_validate_len(s, len, &end)) {
        char *q = cm__ingest_quote(s, end - s);
        report(r, r->row_line, column,
               "invalid UTF-8 after \"%s\" (byte %zu of the field); save the file as UTF-8, or "
               "name its encoding with --encoding",
               q, (size_t)(end - s) + 1);
        g_free(q);
        return NULL;
    }
    return xml_chars(r, s, len, column);
}

static void
on_field(void *s, size_t len, void *data)
{
    cm__csv_reader_t *r = data;
    if (r->stopped)
        return;
    int column = ++r->n_fields;
    r->field_line = r->line; /* the next field opens on the line this one closed */
    if (column > CM_INGEST_MAX_COLUMNS) {
        if (column == CM_INGEST_MAX_COLUMNS + 1)
            report(r, r->row_line, column, "row has more than %d fields (the cap)",
                   CM_INGEST_MAX_COLUMNS);
        r->row_bad = true;
        return;
    }
    char *text = field_text(r, s ? s : "", len, column);
    if (!text) {
        r->row_bad = true;
        text = g_strdup("");
    }
    g_ptr_array_add(r->row, text);
}

static void
on_row_end(int c, void *data)
{
    cm__csv_reader_t *r = data;
    if (r->in_row) /* else: a blank line or the LF of CRLF (CSV_REPALL_NL) */
        end_row(r);
}

/* ---- feeding ------------------------------------------------------------ */

static void
parser_init(cm__csv_reader_t *r)
{
    csv_init(&r->parser, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL);
    csv_set_delim(&r->parser, r->delim);
    csv_set_blk_size(&r->parser, BLOCK_SIZE);
}

/* Counts the line ends in S: LF, CR, and CRLF as one. */
static void
count_lines(cm__csv_reader_t *r, const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        bool ends = s[i] == '\r' || (s[i] == '\n' && !r->prev_cr);
        r->prev_cr = s[i] == '\r';
        if (ends && r->line < INT_MAX)
            r->line++;
    }
}

static void
report_stray_quote(cm__csv_reader_t *r)
{
    if (r->stray_field == r->n_fields + 1)
        return; /* one report per field, however many bytes follow the quote */
    r->stray_field = r->n_fields + 1;
    struct csv_parser *p = &r->parser;
    size_t n = p->entry_pos;
    bool after_close = p->quoted && p->pstate == PS_FIELD_MIGHT_END;
    if (after_close && n > p->spaces)
        n -= p->spaces + 1; /* the buffer ends with the closing quote and blanks */
    char *q = cm__ingest_quote((const char *)p->entry_buf, (gssize)n);
    if (after_close)
        report(r, r->row_line, r->n_fields + 1,
               "text after the closing quote of \"%s\"; inside a quoted field write a quote as "
               "\"\"",
               q);
    else
        report(r, r->row_line, r->n_fields + 1,
               "stray quote in unquoted field \"%s\"; quote the whole field and write inner "
               "quotes as \"\"",
               q);
    g_free(q);
    r->row_bad = true;
}

/* Starts dropping the current over-long field: resets libcsv (freeing its
 * buffer) and remembers whether the field is quoted. */
static void
begin_skip(cm__csv_reader_t *r)
{
    struct csv_parser *p = &r->parser;
    report_field_too_long(r, r->n_fields + 1);
    if (!p->quoted)
        r->skip = SKIP_UNQUOTED;
    else
        r->skip = p->pstate == PS_FIELD_MIGHT_END ? SKIP_QUOTE_SEEN : SKIP_QUOTED;
    csv_free(p);
    parser_init(r);
    /* The field's slot: libcsv restarts at the delimiter that ends it. */
}

/* Drops bytes of an over-long field; returns how many were consumed. The byte
 * that ends the field (delimiter, line end, or what follows a closing quote) is
 * left for the fresh parser. */
static size_t
skip_bytes(cm__csv_reader_t *r, const unsigned char *s, size_t n)
{
    size_t i = 0;
    for (; i < n && r->skip != SKIP_NONE; i++) {
        unsigned char c = s[i];
        switch (r->skip) {
        case SKIP_UNQUOTED:
            if (c == r->delim || c == '\r' || c == '\n')
                r->skip = SKIP_NONE;
            break;
        case SKIP_QUOTED:
            if (c == '"')
                r->skip = SKIP_QUOTE_SEEN;
            break;
        case SKIP_QUOTE_SEEN:
            r->skip = c == '"' ? SKIP_QUOTED : SKIP_NONE;
            break;
        case SKIP_NONE:
            break;
        }
        if (r->skip == SKIP_NONE)
            break; /* not consumed */
    }
    count_lines(r, s, i);
    return i;
}

/* Feeds one piece: bytes of one physical line, ending at its line end if any. */
static void
feed_piece(cm__csv_reader_t *r, const unsigned char *s, size_t n)
{
    if (!r->in_row) {
        for (size_t i = 0; i < n; i++) {
            if (!is_blank(r, s[i]) && s[i] != '\r' && s[i] != '\n') {
                r->in_row = true;
                r->row_line = r->field_line = r->line;
                break;
            }
        }
    }
    size_t off = 0;
    while (off < n && !r->stopped) {
        off += csv_parse(&r->parser, s + off, n - off, on_field, on_row_end, r);
        if (off >= n)
            break;
        if (csv_error(&r->parser) != CSV_EPARSE) {
            report(r, r->row_line, 0, "cannot parse the file: %s",
                   csv_strerror(csv_error(&r->parser)));
            r->stopped = true;
            return;
        }
        report_stray_quote(r);
        off++; /* skip the offending byte; libcsv resumes in the state it stopped in */
    }
    count_lines(r, s, n);
    if (r->parser.entry_pos > r->max_field && !r->stopped)
        begin_skip(r);
}

/* Length of the next piece of S: up to and including the first CR or LF. */
static size_t
piece_length(const unsigned char *s, size_t n)
{
    size_t max = MIN(n, (size_t)PIECE_MAX);
    for (size_t i = 0; i < max; i++)
        if (s[i] == '\r' || s[i] == '\n')
            return i + 1;
    return max;
}

static void
feed(cm__csv_reader_t *r, const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n && !r->stopped) {
        if (r->skip != SKIP_NONE) {
            i += skip_bytes(r, s + i, n - i);
            continue;
        }
        size_t len = piece_length(s + i, n - i);
        /* Never feed past the byte that makes the current field too long, so
         * the cap fires at the same byte however the input arrives in blocks
         * (and what follows in that field is skipped the same way). */
        if (r->parser.entry_pos <= r->max_field)
            len = MIN(len, r->max_field + 1 - r->parser.entry_pos);
        feed_piece(r, s + i, len);
        i += len;
    }
}

/* ---- start: BOM and delimiter ------------------------------------------- */

char
cm__csv_detect_delimiter(const char *bytes, size_t len, bool *complete)
{
    static const char cands[3] = {',', ';', '\t'};
    size_t counts[3] = {0, 0, 0};
    bool quoted = false, content = false;
    *complete = false;
    for (size_t i = 0; i < len; i++) {
        char c = bytes[i];
        if (c == '"') {
            quoted = !quoted;
        } else if (!quoted && (c == '\r' || c == '\n')) {
            if (content) {
                *complete = true;
                break;
            }
            continue;
        }
        for (int k = 0; k < 3; k++)
            if (!quoted && c == cands[k])
                counts[k]++;
        if (c != ' ' && c != '\r' && c != '\n')
            content = true;
    }
    int best = 0;
    for (int k = 1; k < 3; k++)
        if (counts[k] > counts[best])
            best = k;
    return cands[best];
}

static bool
starts_with_bom(const GByteArray *a)
{
    return a->len >= 3 && memcmp(a->data, "\xEF\xBB\xBF", 3) == 0;
}

static bool
is_utf8_name(const char *enc)
{
    return g_ascii_strcasecmp(enc, "UTF-8") == 0 || g_ascii_strcasecmp(enc, "UTF8") == 0;
}

/* Whether enough bytes are held back to settle the encoding, the BOM and the
 * delimiter: the header line when the input is known to be UTF-8 (a BOM or
 * the caller says so), else DETECT_MAX bytes, so a legacy byte in a data row
 * is seen before the first byte is read. */
static bool
ready_to_start(const cm__csv_reader_t *r)
{
    const GByteArray *a = r->pending;
    if (a->len >= DETECT_MAX)
        return true;
    if (a->len < 3)
        return false;
    bool utf8 = r->cfg.encoding ? is_utf8_name(r->cfg.encoding) : starts_with_bom(a);
    if (!utf8)
        return false;
    if (r->cfg.delimiter)
        return true;
    size_t skip = starts_with_bom(a) ? 3 : 0;
    bool complete;
    cm__csv_detect_delimiter((const char *)a->data + skip, a->len - skip, &complete);
    return complete;
}

/* Picks the encoding of the held-back bytes and converts them; returns the
 * UTF-8 to read (A itself, or r->conv), and the BOM length to skip in it. */
static GByteArray *
decode_start(cm__csv_reader_t *r, GByteArray *a, bool all, size_t *skip)
{
    size_t bom = 0;
    const char *detected = cm__detect_encoding((const char *)a->data, MIN(a->len, DETECT_MAX),
                                               all && a->len <= DETECT_MAX, &bom);
    /* A named encoding wins; iconv reads a UTF-16 BOM itself, and a BOM that
     * comes out as U+FEFF is skipped after conversion. */
    const char *enc = r->cfg.encoding ? r->cfg.encoding : detected;
    if (r->cfg.encoding)
        bom = 0;
    *skip = 0;
    if (is_utf8_name(enc)) {
        *skip = starts_with_bom(a) ? 3 : 0;
        return a;
    }
    GError *err = NULL;
    r->dec = cm__decoder_new(enc, &err);
    if (!r->dec) { /* checked by the caller's options; read as UTF-8 */
        g_error_free(err);
        return a;
    }
    if (!r->cfg.encoding && strncmp(enc, "UTF-16", 6) != 0)
        warn(r,
             "the file is not UTF-8: read as %s (name another with --encoding, or save the "
             "file as UTF-8)",
             g_ascii_strcasecmp(enc, "WINDOWS-1252") == 0 ? "Windows-1252" : "Latin-1");
    r->conv = g_byte_array_new();
    size_t bad = cm__decoder_push(r->dec, (const char *)a->data + bom, a->len - bom, r->conv);
    if (bad)
        report(r, 0, 0,
               "%zu byte%s cannot be read as %s (each shown as U+FFFD); name the "
               "encoding with --encoding",
               bad, bad == 1 ? "" : "s", enc);
    *skip = r->conv->len >= 3 && memcmp(r->conv->data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    return r->conv;
}

/* Excel's first line "sep=;" names the delimiter; returns the bytes it takes. */
static size_t
excel_sep_line(const guint8 *s, size_t n, char *delim)
{
    if (n < 5 || g_ascii_strncasecmp((const char *)s, "sep=", 4) != 0)
        return 0;
    char d = (char)s[4];
    if (d == '\r' || d == '\n' || d == '"')
        return 0;
    size_t i = 5;
    if (i < n && s[i] != '\r' && s[i] != '\n')
        return 0;
    if (i < n && s[i] == '\r')
        i++;
    if (i < n && s[i] == '\n')
        i++;
    *delim = d;
    return i;
}

static void
start(cm__csv_reader_t *r, bool all)
{
    GByteArray *pending = r->pending;
    size_t skip = 0;
    GByteArray *a = pending->len ? decode_start(r, pending, all, &skip) : pending;
    bool complete;
    char sep = 0;
    /* An empty input (a->data may then be NULL) has nothing to detect or feed. */
    size_t sep_len = a->len > skip ? excel_sep_line(a->data + skip, a->len - skip, &sep) : 0;
    if (sep_len) {
        skip += sep_len;
        r->line++; /* the header is on line 2 */
    }
    bool empty = a->len <= skip;
    if (r->cfg.delimiter)
        r->delim = (unsigned char)r->cfg.delimiter;
    else if (sep)
        r->delim = (unsigned char)sep;
    else if (empty)
        r->delim = ',';
    else
        r->delim = (unsigned char)cm__csv_detect_delimiter((const char *)a->data + skip,
                                                           a->len - skip, &complete);
    parser_init(r);
    r->started = true;
    r->pending = NULL;
    if (!empty)
        feed(r, a->data + skip, a->len - skip);
    if (r->conv)
        g_byte_array_set_size(r->conv, 0);
    g_byte_array_free(pending, TRUE);
}

/* Feeds BYTES, converted first when the input is not UTF-8. */
static void
feed_input(cm__csv_reader_t *r, const char *bytes, size_t len)
{
    if (!r->dec) {
        feed(r, (const unsigned char *)bytes, len);
        return;
    }
    size_t bad = cm__decoder_push(r->dec, bytes, len, r->conv);
    if (bad)
        report(r, r->line, 0,
               "%zu byte%s cannot be read in the file's encoding (each shown as "
               "U+FFFD); name the encoding with --encoding",
               bad, bad == 1 ? "" : "s");
    feed(r, r->conv->data, r->conv->len);
    g_byte_array_set_size(r->conv, 0);
}

/* ---- public (module) API ------------------------------------------------ */

cm__csv_reader_t *
cm__csv_reader_new(const cm__csv_config_t *cfg)
{
    g_return_val_if_fail(cfg && cfg->on_row && cfg->diag, NULL);
    cm__csv_reader_t *r = g_new0(cm__csv_reader_t, 1);
    r->cfg = *cfg;
    r->max_field = cfg->max_field ? cfg->max_field : CM_INGEST_DEFAULT_MAX_FIELD;
    r->pending = g_byte_array_new();
    r->row = g_ptr_array_new_with_free_func(g_free);
    r->delim = cfg->delimiter ? (unsigned char)cfg->delimiter : ',';
    r->line = 1;
    return r;
}

void
cm__csv_reader_free(cm__csv_reader_t *r)
{
    if (!r)
        return;
    if (r->started)
        csv_free(&r->parser);
    if (r->pending)
        g_byte_array_free(r->pending, TRUE);
    cm__decoder_free(r->dec);
    if (r->conv)
        g_byte_array_free(r->conv, TRUE);
    g_ptr_array_free(r->row, TRUE);
    g_free(r);
}

void
cm__csv_reader_push(cm__csv_reader_t *r, const char *bytes, size_t len)
{
    if (r->stopped || len == 0)
        return;
    if (r->started) {
        feed_input(r, bytes, len);
        return;
    }
    g_byte_array_append(r->pending, (const guint8 *)bytes, (guint)len);
    if (ready_to_start(r))
        start(r, false);
}

void
cm__csv_reader_finish(cm__csv_reader_t *r)
{
    if (!r->started)
        start(r, true);
    if (r->stopped)
        return;
    if (r->dec && !cm__decoder_finish(r->dec, r->conv)) {
        report(r, r->line, 0, "the file ends inside a character (a cut file?)");
        feed(r, r->conv->data, r->conv->len);
        g_byte_array_set_size(r->conv, 0);
    }
    if (r->skip != SKIP_NONE) {
        /* EOF inside an over-long field: already reported. */
        r->skip = SKIP_NONE;
    } else if (csv_fini(&r->parser, on_field, on_row_end, r) != 0) {
        report(r, r->field_line, r->n_fields + 1,
               "unterminated quote: the field quoted here runs to the end of the file; close it "
               "with \"");
        r->row_bad = true;
    }
    if (r->in_row)
        end_row(r);
}

char
cm__csv_reader_delimiter(const cm__csv_reader_t *r)
{
    return (char)r->delim;
}
