/* cm_ingest.c — CSV rows to a cm_dataset_t: column roles, items, diagnostics.
 *
 * The first row the reader (cm_csv_reader.c) hands over is the header: each
 * role is given a column, by the caller's mapping or else by the first header
 * that matches one of the role's synonyms (case-insensitive, trimmed). Each
 * later row is checked against the header's field count and turned into an
 * event or a span of its entity (code cell if any, else entity cell). Every
 * problem goes to the diagnostics sink with file:line:column and the offending
 * value, and reading goes on; the dataset is returned only when the file had
 * no error. Files are streamed in blocks, so memory follows the data kept, not
 * the file size; the caps on rows, field and text length (cm_ingest.h: from
 * the options, else CHRONOMAP_MAX_ROWS, _FIELD and _TEXT, else the defaults)
 * bound what is kept.
 */
#include "cm_ingest_private.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../util/cm_error.h"

#define READ_BLOCK (64 * 1024)
#define FOUND_MAX 20 /* header names listed in a "no column" message */

static const char *const role_names[CM_ROLE_COUNT] = {
    [CM_ROLE_ENTITY] = "entity", [CM_ROLE_CODE] = "code",     [CM_ROLE_DATE] = "date",
    [CM_ROLE_END] = "end",       [CM_ROLE_GROUP] = "group",   [CM_ROLE_LABEL] = "label",
    [CM_ROLE_NOTE] = "note",     [CM_ROLE_SOURCE] = "source", [CM_ROLE_TYPE] = "type",
};

/* Header names that give a column its role, NULL-terminated. */
static const char *const *
role_synonyms(cm_role_t role)
{
    static const char *const entity[] = {"country", "member", "name", "state", "entity", NULL};
    static const char *const code[] = {"code", "iso", "iso2", "iso3", "iso_a2", "iso_a3", NULL};
    static const char *const date[] = {"date", "joined", "start", "from", "signed", "begin", NULL};
    static const char *const end[] = {"end", "left", "to", "until", NULL};
    static const char *const group[] = {"group", "wave", "round", "category", NULL};
    static const char *const label[] = {"label", NULL};
    static const char *const note[] = {"note", NULL};
    static const char *const source[] = {"source", NULL};
    static const char *const type[] = {"type", "kind", NULL};
    static const char *const *const all[CM_ROLE_COUNT] = {
        [CM_ROLE_ENTITY] = entity, [CM_ROLE_CODE] = code,     [CM_ROLE_DATE] = date,
        [CM_ROLE_END] = end,       [CM_ROLE_GROUP] = group,   [CM_ROLE_LABEL] = label,
        [CM_ROLE_NOTE] = note,     [CM_ROLE_SOURCE] = source, [CM_ROLE_TYPE] = type,
    };
    return all[role];
}

int
cm_role_from_name(const char *name)
{
    if (!name)
        return -1;
    for (int i = 0; i < CM_ROLE_COUNT; i++)
        if (g_ascii_strcasecmp(name, role_names[i]) == 0)
            return i;
    return -1;
}

const char *
cm_role_name(cm_role_t role)
{
    g_return_val_if_fail((int)role >= 0 && role < CM_ROLE_COUNT, NULL);
    return role_names[role];
}

/* ---- ingest state --------------------------------------------------------- */

typedef struct {
    /* borrowed */
    const char *name; /* file name in messages */
    const cm_ingest_opts_t *opts;
    cm_diag_t *diag;
    /* owned */
    cm_dataset_t *ds;
    char **header; /* trimmed header names, NULL-terminated */
    /* plain values */
    int n_columns;
    int header_line;
    int col[CM_ROLE_COUNT]; /* 0-based column of each role, -1 = none */
    bool have_header;
    bool roles_ok; /* the header gave every required role */
    size_t data_rows;
    size_t max_rows;
    size_t max_field;
    size_t max_text;
} ingest_t;

static void error_at(ingest_t *in, int line, int column, const char *fmt, ...) G_GNUC_PRINTF(4, 5);

static void
error_at(ingest_t *in, int line, int column, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    cm_diag_add(in->diag, CM_DIAG_ERROR, in->name, line, column, "%s", msg);
    g_free(msg);
}

static void warning_at(ingest_t *in, int line, int column, const char *fmt, ...)
    G_GNUC_PRINTF(4, 5);

static void
warning_at(ingest_t *in, int line, int column, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    cm_diag_add(in->diag, CM_DIAG_WARNING, in->name, line, column, "%s", msg);
    g_free(msg);
}

/* ---- header --------------------------------------------------------------- */

/* "a, b, c" from the header names (the first FOUND_MAX of them). */
static char *
found_list(const ingest_t *in)
{
    GString *s = g_string_new(NULL);
    for (int i = 0; i < in->n_columns; i++) {
        if (i == FOUND_MAX) {
            g_string_append_printf(s, ", … (%d in all)", in->n_columns);
            break;
        }
        char *q = cm__ingest_quote(in->header[i], -1);
        g_string_append_printf(s, "%s%s", i ? ", " : "", q);
        g_free(q);
    }
    return g_string_free(s, FALSE);
}

static char *
synonym_list(cm_role_t role)
{
    return g_strjoinv(", ", (char **)role_synonyms(role));
}

/* Whether the caller's mapping names a column for ROLE. */
static bool
given(const ingest_t *in, cm_role_t role)
{
    return in->opts && in->opts->columns[role];
}

static int
find_header(const ingest_t *in, const char *name, const bool *taken)
{
    for (int i = 0; i < in->n_columns; i++)
        if (!(taken && taken[i]) && g_ascii_strcasecmp(in->header[i], name) == 0)
            return i;
    return -1;
}

/* Columns named by the caller's mapping; false when one is missing. */
static bool
map_given_columns(ingest_t *in, bool *taken)
{
    bool ok = true;
    for (int role = 0; role < CM_ROLE_COUNT; role++) {
        if (!given(in, (cm_role_t)role))
            continue;
        const char *want = in->opts->columns[role];
        char *trimmed = g_strstrip(g_strdup(want));
        in->col[role] = find_header(in, trimmed, NULL);
        if (in->col[role] >= 0) {
            taken[in->col[role]] = true;
        } else {
            char *found = found_list(in);
            char *q = cm__ingest_quote(trimmed, -1);
            error_at(in, in->header_line, 0,
                     "no column \"%s\" for the %s role given in the column mapping; found: %s", q,
                     role_names[role], found);
            g_free(q);
            g_free(found);
            ok = false;
        }
        g_free(trimmed);
    }
    return ok;
}

/* The first column, left to right, whose header is a synonym of ROLE. */
static int
find_by_synonyms(const ingest_t *in, cm_role_t role, const bool *taken)
{
    const char *const *syn = role_synonyms(role);
    for (int i = 0; i < in->n_columns; i++) {
        if (taken[i])
            continue;
        for (int k = 0; syn[k]; k++)
            if (g_ascii_strcasecmp(in->header[i], syn[k]) == 0)
                return i;
    }
    return -1;
}

static void
report_missing_role(ingest_t *in, const char *what, cm_role_t a, int b)
{
    char *found = found_list(in);
    char *looked = synonym_list(a);
    if (b >= 0) {
        char *more = synonym_list((cm_role_t)b);
        char *both = g_strconcat(looked, ", ", more, NULL);
        g_free(looked);
        g_free(more);
        looked = both;
    }
    error_at(in, in->header_line, 0, "no %s column (looked for %s); found: %s", what, looked,
             found);
    g_free(looked);
    g_free(found);
}

static void
take_header(ingest_t *in, const cm__csv_row_t *row)
{
    in->header_line = row->line;
    in->n_columns = row->n;
    in->header = g_new0(char *, row->n + 1);
    for (int i = 0; i < row->n; i++)
        in->header[i] = g_strstrip(g_strdup(row->fields[i]));
    for (int r = 0; r < CM_ROLE_COUNT; r++)
        in->col[r] = -1;
    if (row->bad)
        return; /* already reported; the columns cannot be trusted */

    bool *taken = g_new0(bool, row->n + 1);
    bool ok = map_given_columns(in, taken);
    for (int role = 0; role < CM_ROLE_COUNT; role++) {
        if (in->col[role] >= 0 || given(in, (cm_role_t)role))
            continue;
        in->col[role] = find_by_synonyms(in, (cm_role_t)role, taken);
        if (in->col[role] >= 0)
            taken[in->col[role]] = true;
    }
    g_free(taken);
    /* A role the mapping names but the header lacks was reported above. */
    if (in->col[CM_ROLE_ENTITY] < 0 && in->col[CM_ROLE_CODE] < 0 && !given(in, CM_ROLE_ENTITY) &&
        !given(in, CM_ROLE_CODE)) {
        report_missing_role(in, "entity or code", CM_ROLE_ENTITY, CM_ROLE_CODE);
        ok = false;
    }
    if (in->col[CM_ROLE_DATE] < 0 && !given(in, CM_ROLE_DATE)) {
        report_missing_role(in, "date", CM_ROLE_DATE, -1);
        ok = false;
    }
    in->roles_ok = ok;
}

/* ---- data rows ------------------------------------------------------------ */

/* The trimmed cell of ROLE in ROW ("" when the file has no such column). The
 * reader's field strings are ours to trim in place. */
static const char *
cell(const ingest_t *in, const cm__csv_row_t *row, cm_role_t role)
{
    int c = in->col[role];
    return c >= 0 ? g_strstrip(row->fields[c]) : "";
}

/* 1-based column of ROLE for messages (0 when absent). */
static int
column_of(const ingest_t *in, cm_role_t role)
{
    return in->col[role] + 1;
}

static bool
row_is_empty(const cm__csv_row_t *row)
{
    for (int i = 0; i < row->n; i++)
        if (*g_strstrip(row->fields[i]))
            return false;
    return true;
}

/* Parses the date cell of ROLE; reports and returns false when it is not one. */
static bool
row_date(ingest_t *in, const cm__csv_row_t *row, cm_role_t role, cm_date_t *out)
{
    GError *err = NULL;
    if (cm_date_parse(cell(in, row, role), out, &err))
        return true;
    error_at(in, row->line, column_of(in, role), "%s", err->message);
    g_error_free(err);
    return false;
}

/* Decides event or span for ROW; false (reported) for an unknown type. */
static bool
row_kind(ingest_t *in, const cm__csv_row_t *row, cm_item_kind_t *kind)
{
    const char *t = cell(in, row, CM_ROLE_TYPE);
    if (!*t) {
        *kind = in->col[CM_ROLE_END] >= 0 ? CM_ITEM_SPAN : CM_ITEM_EVENT;
        return true;
    }
    if (g_ascii_strcasecmp(t, "event") == 0 || g_ascii_strcasecmp(t, "point") == 0) {
        *kind = CM_ITEM_EVENT;
        return true;
    }
    if (g_ascii_strcasecmp(t, "span") == 0) {
        *kind = CM_ITEM_SPAN;
        return true;
    }
    char *q = cm__ingest_quote(t, -1);
    error_at(in, row->line, column_of(in, CM_ROLE_TYPE),
             "unknown type \"%s\"; use \"event\" (or \"point\") or \"span\"", q);
    g_free(q);
    return false;
}

/* Fills the span end of IT from the end cell; false (reported) when bad. */
static bool
row_span_end(ingest_t *in, const cm__csv_row_t *row, cm_item_t *it)
{
    const char *end = cell(in, row, CM_ROLE_END);
    if (cm_date_is_open_word(end)) {
        it->open = true;
        return true;
    }
    if (!row_date(in, row, CM_ROLE_END, &it->end))
        return false;
    if (cm_date_first_day(&it->end) < cm_date_first_day(&it->start)) {
        char *qe = cm__ingest_quote(end, -1);
        char *qs = cm__ingest_quote(cell(in, row, CM_ROLE_DATE), -1);
        error_at(in, row->line, column_of(in, CM_ROLE_END),
                 "end \"%s\" is before start \"%s\"; swap them or fix the year", qe, qs);
        g_free(qe);
        g_free(qs);
        return false;
    }
    return true;
}

/* Checks the text cells (entity, code, group, label, note, source) against
 * the text cap; reports each one over it. */
static bool
text_cells_ok(ingest_t *in, const cm__csv_row_t *row)
{
    static const cm_role_t text_roles[] = {CM_ROLE_ENTITY, CM_ROLE_CODE, CM_ROLE_GROUP,
                                           CM_ROLE_LABEL,  CM_ROLE_NOTE, CM_ROLE_SOURCE};
    bool ok = true;
    for (size_t i = 0; i < G_N_ELEMENTS(text_roles); i++) {
        cm_role_t role = text_roles[i];
        size_t len = strlen(cell(in, row, role));
        if (len <= in->max_text)
            continue;
        error_at(in, row->line, column_of(in, role),
                 "%s text of %zu bytes is longer than the cap of %zu (max_text or "
                 "CHRONOMAP_MAX_TEXT); shorten it",
                 role_names[role], len, in->max_text);
        ok = false;
    }
    return ok;
}

static void
take_data_row(ingest_t *in, const cm__csv_row_t *row)
{
    if (row->n != in->n_columns) {
        error_at(in, row->line, 0,
                 "row has %d field%s but the header has %d; check for an "
                 "unquoted delimiter or a missing one",
                 row->n, row->n == 1 ? "" : "s", in->n_columns);
        return;
    }
    if (row_is_empty(row))
        return;
    const char *entity = cell(in, row, CM_ROLE_ENTITY);
    const char *code = cell(in, row, CM_ROLE_CODE);
    const char *key = *code ? code : entity;
    bool ok = true;
    if (!*key) {
        cm_role_t r = in->col[CM_ROLE_ENTITY] >= 0 ? CM_ROLE_ENTITY : CM_ROLE_CODE;
        char *q = cm__ingest_quote(in->header[in->col[r]], -1);
        error_at(in, row->line, column_of(in, r), "empty %s cell; every row needs an entity%s", q,
                 in->col[CM_ROLE_ENTITY] >= 0 && in->col[CM_ROLE_CODE] >= 0 ? " or a code" : "");
        g_free(q);
        ok = false;
    }
    cm_item_t it = {.line = row->line};
    bool kind_ok = row_kind(in, row, &it.kind);
    const char *end = cell(in, row, CM_ROLE_END);
    if (!*cell(in, row, CM_ROLE_DATE)) {
        char *q = cm__ingest_quote(key, -1);
        error_at(in, row->line, column_of(in, CM_ROLE_DATE), "empty date for \"%s\"", q);
        g_free(q);
        ok = false;
    } else if (!row_date(in, row, CM_ROLE_DATE, &it.start)) {
        ok = false;
    } else if (kind_ok && it.kind == CM_ITEM_SPAN) {
        ok = row_span_end(in, row, &it) && ok;
    } else if (kind_ok && *end) {
        char *q = cm__ingest_quote(end, -1);
        warning_at(in, row->line, column_of(in, CM_ROLE_END),
                   "end \"%s\" of an event is ignored; set the type to \"span\" to use it", q);
        g_free(q);
    }
    ok = ok && kind_ok;
    ok = text_cells_ok(in, row) && ok;
    if (!ok)
        return;

    cm_dataset_t *ds = in->ds;
    it.group = cm_dataset_intern(ds, cell(in, row, CM_ROLE_GROUP));
    it.label = cm_dataset_intern(ds, cell(in, row, CM_ROLE_LABEL));
    it.note = cm_dataset_intern(ds, cell(in, row, CM_ROLE_NOTE));
    it.source = cm_dataset_intern(ds, cell(in, row, CM_ROLE_SOURCE));
    it.entity = cm_dataset_entity(ds, key, *entity ? entity : code, *code ? code : NULL, it.group,
                                  it.label, row->line);
    cm_dataset_add_item(ds, &it);
}

static bool
on_row(const cm__csv_row_t *row, void *data)
{
    ingest_t *in = data;
    if (!in->have_header) {
        in->have_header = true;
        take_header(in, row);
        return true;
    }
    if (++in->data_rows > in->max_rows) {
        error_at(in, row->line, 0,
                 "more than %zu data rows (the cap, max_rows or CHRONOMAP_MAX_ROWS); split the "
                 "file or raise the cap",
                 in->max_rows);
        return false;
    }
    if (row->bad || !in->roles_ok)
        return true;
    take_data_row(in, row);
    return true;
}

/* ---- driver --------------------------------------------------------------- */

/* The caps in force: the options' own, else the environment's, else the defaults. */
typedef struct {
    size_t max_field, max_rows, max_text;
} caps_t;

/* A cap: GIVEN when not 0, else $VAR when set, else DEFAULT. False (ERROR:
 * CM_ERROR_USAGE) when $VAR is set to anything but a whole number above 0. */
static bool
cap_value(size_t given, const char *var, size_t def, size_t *out, GError **error)
{
    guint64 v = given;
    if (!given && !cm_env_cap(var, def, G_MAXSIZE / 2, &v, error))
        return false;
    *out = (size_t)v;
    return true;
}

static bool
resolve_caps(const cm_ingest_opts_t *opts, caps_t *caps, GError **error)
{
    return cap_value(opts ? opts->max_field : 0, "CHRONOMAP_MAX_FIELD", CM_INGEST_DEFAULT_MAX_FIELD,
                     &caps->max_field, error) &&
           cap_value(opts ? opts->max_rows : 0, "CHRONOMAP_MAX_ROWS", CM_INGEST_DEFAULT_MAX_ROWS,
                     &caps->max_rows, error) &&
           cap_value(opts ? opts->max_text : 0, "CHRONOMAP_MAX_TEXT", CM_INGEST_DEFAULT_MAX_TEXT,
                     &caps->max_text, error);
}

static void
ingest_init(ingest_t *in, const char *name, const char *path, const cm_ingest_opts_t *opts,
            const caps_t *caps, cm_diag_t *diag)
{
    *in = (ingest_t){
        .name = name,
        .opts = opts,
        .diag = diag,
        .ds = cm_dataset_new(path),
        .max_rows = caps->max_rows,
        .max_field = caps->max_field,
        .max_text = caps->max_text,
    };
}

static void
ingest_release(ingest_t *in)
{
    g_strfreev(in->header);
    cm_dataset_free(in->ds);
}

static cm__csv_reader_t *
reader_for(ingest_t *in)
{
    cm__csv_config_t cfg = {
        .name = in->name,
        .delimiter = in->opts ? in->opts->delimiter : 0,
        .max_field = in->max_field,
        .diag = in->diag,
        .on_row = on_row,
        .data = in,
    };
    return cm__csv_reader_new(&cfg);
}

/* After the last byte: file-level checks, then the dataset or the error. */
static cm_dataset_t *
ingest_finish(ingest_t *in, int errors_before, GError **error)
{
    if (!in->have_header)
        error_at(in, 0, 0, "empty file; expected a header row and data rows");
    else if (in->data_rows == 0)
        error_at(in, 0, 0, "no data rows (only a header on line %d)", in->header_line);
    int n = cm_diag_errors(in->diag) - errors_before;
    if (n > 0) {
        g_set_error(error, CM_ERROR, CM_ERROR_DATA, "%d error%s in %s", n, n == 1 ? "" : "s",
                    in->name);
        return NULL;
    }
    cm_dataset_t *ds = in->ds;
    in->ds = NULL;
    return ds;
}

/* Reads stream F into the reader; false (ERROR set) on a read error. */
static bool
pump(FILE *f, const char *name, cm__csv_reader_t *reader, GError **error)
{
    char *buf = g_malloc(READ_BLOCK);
    bool ok = true;
    for (;;) {
        size_t n = fread(buf, 1, READ_BLOCK, f);
        if (n > 0)
            cm__csv_reader_push(reader, buf, n);
        if (n < READ_BLOCK) {
            if (ferror(f)) {
                int e = errno;
                g_set_error(error, CM_ERROR, CM_ERROR_IO, "cannot read %s: %s", name,
                            g_strerror(e));
                ok = false;
            }
            break;
        }
    }
    g_free(buf);
    return ok;
}

/* False (ERROR: CM_ERROR_USAGE) when OPTS asks for a delimiter CSV cannot use. */
static bool
check_opts(const cm_ingest_opts_t *opts, GError **error)
{
    char d = opts ? opts->delimiter : 0;
    if (d != '"' && d != '\r' && d != '\n')
        return true;
    g_set_error(error, CM_ERROR, CM_ERROR_USAGE,
                "%s cannot be the delimiter; use ',', ';' or a tab",
                d == '"' ? "the quote character" : "a line end");
    return false;
}

cm_dataset_t *
cm_ingest_bytes(const char *name, const char *data, size_t len, const cm_ingest_opts_t *opts,
                cm_diag_t *diag, GError **error)
{
    g_return_val_if_fail(data != NULL || len == 0, NULL);
    g_return_val_if_fail(error == NULL || *error == NULL, NULL);
    caps_t caps;
    if (!check_opts(opts, error) || !resolve_caps(opts, &caps, error))
        return NULL;
    cm_diag_t *own = diag ? NULL : cm_diag_new();
    ingest_t in;
    ingest_init(&in, name ? name : "<data>", name, opts, &caps, diag ? diag : own);
    int before = cm_diag_errors(in.diag);
    cm__csv_reader_t *reader = reader_for(&in);
    cm__csv_reader_push(reader, data, len);
    cm__csv_reader_finish(reader);
    cm__csv_reader_free(reader);
    cm_dataset_t *ds = ingest_finish(&in, before, error);
    ingest_release(&in);
    cm_diag_free(own);
    return ds;
}

cm_dataset_t *
cm_ingest_file(const char *path, const cm_ingest_opts_t *opts, cm_diag_t *diag, GError **error)
{
    g_return_val_if_fail(path != NULL, NULL);
    g_return_val_if_fail(error == NULL || *error == NULL, NULL);
    caps_t caps;
    if (!check_opts(opts, error) || !resolve_caps(opts, &caps, error))
        return NULL;
    bool is_stdin = strcmp(path, "-") == 0;
    const char *name = is_stdin ? "<stdin>" : path;
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (!f) {
        int e = errno;
        g_set_error(error, CM_ERROR, CM_ERROR_IO, "cannot open %s: %s", path, g_strerror(e));
        return NULL;
    }
    cm_diag_t *own = diag ? NULL : cm_diag_new();
    ingest_t in;
    ingest_init(&in, name, path, opts, &caps, diag ? diag : own);
    int before = cm_diag_errors(in.diag);
    cm__csv_reader_t *reader = reader_for(&in);
    cm_dataset_t *ds = NULL;
    if (pump(f, name, reader, error)) {
        cm__csv_reader_finish(reader);
        ds = ingest_finish(&in, before, error);
    }
    cm__csv_reader_free(reader);
    ingest_release(&in);
    cm_diag_free(own);
    if (!is_stdin)
        fclose(f);
    return ds;
}
