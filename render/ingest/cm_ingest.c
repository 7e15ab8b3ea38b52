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
 * the options, which the command line takes from CHRONOMAP_MAX_ROWS, _FIELD and _TEXT,
 * else the defaults)
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
    [CM_ROLE_ENTITY] = "entity",     [CM_ROLE_CODE] = "code",     [CM_ROLE_DATE] = "date",
    [CM_ROLE_END] = "end",           [CM_ROLE_GROUP] = "group",   [CM_ROLE_LABEL] = "label",
    [CM_ROLE_NOTE] = "note",         [CM_ROLE_SOURCE] = "source", [CM_ROLE_TYPE] = "type",
    [CM_ROLE_PRIORITY] = "priority",
};

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
    char **keys;   /* their keys (cm__header_key), NULL-terminated */
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
    /* dates: the options, and the file's numeric day/month order */
    cm_date_opts_t date_opts; /* .order is the order in force */
    int order_line;           /* line of the value that settled the order; 0 = the options */
    char *order_value;        /* owned: that value */
    GPtrArray *held;          /* owned, held_row_t *: rows waiting for the order */
    int held_line, held_column;
    char *held_value;  /* owned: the first value that left the order open */
    bool order_failed; /* no value settled it: ambiguous cells are already reported */
    size_t undated;    /* rows left out by CM_UNDATED_SKIP */
    int undated_lines[3];
    char *undated_first; /* owned: the first such cell */
} ingest_t;

/* A row kept back while the day/month order is open: a copy of the reader's row. */
typedef struct {
    char **fields; /* owned, NULL-terminated */
    int n, line;
} held_row_t;

/* The date and end cells of a row, parsed once. */
typedef struct {
    bool parsed;
    bool ok;
    cm_date_t date;
    cm_date_hint_t hint;
    GError *error; /* owned */
} cell_date_t;

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

#define SYNONYMS_SHOWN 6

/* The first synonyms of ROLE, "date, joined, start, from, signed, begin, …". */
static char *
synonym_list(cm_role_t role)
{
    const char *const *syn = cm__role_synonyms(role);
    GString *s = g_string_new(NULL);
    for (int k = 0; syn[k]; k++) {
        if (k == SYNONYMS_SHOWN) {
            g_string_append(s, ", …");
            break;
        }
        g_string_append_printf(s, "%s%s", k ? ", " : "", syn[k]);
    }
    return g_string_free(s, FALSE);
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
    char *key = cm__header_key(name);
    int found = -1;
    for (int i = 0; i < in->n_columns && found < 0; i++)
        if (!(taken && taken[i]) && strcmp(in->keys[i], key) == 0)
            found = i;
    g_free(key);
    return found;
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
    for (int i = 0; i < in->n_columns; i++)
        if (!taken[i] && cm__header_is(in->keys[i], role))
            return i;
    return -1;
}

/* NAME as a shell word for a suggested option: quoted when it needs it. */
static char *
shell_word(const char *name)
{
    for (const char *p = name; *p; p++)
        if (!g_ascii_isalnum(*p) && *p != '_' && *p != '-' && *p != '.' && (unsigned char)*p < 0x80)
            return g_shell_quote(name);
    return g_strdup(name);
}

static void
report_missing_role(ingest_t *in, const char *what, cm_role_t a, int b, const bool *taken)
{
    char *found = found_list(in);
    char *looked = synonym_list(a);
    if (b >= 0) {
        char *more = synonym_list((cm_role_t)b);
        char *both = g_strconcat(looked, "; ", more, NULL);
        g_free(looked);
        g_free(more);
        looked = both;
    }
    int near = cm__header_closest(in->keys, in->n_columns, taken, a);
    char *fix;
    if (near >= 0) {
        char *q = cm__ingest_quote(in->header[near], -1);
        char *w = shell_word(q);
        fix = g_strdup_printf("; name it with --column %s=NAME (closest: --column %s=%s)",
                              role_names[a], role_names[a], w);
        g_free(w);
        g_free(q);
    } else {
        fix = g_strdup_printf("; name it with --column %s=NAME", role_names[a]);
    }
    error_at(in, in->header_line, 0, "no %s column (looked for %s); found: %s%s", what, looked,
             found, fix);
    g_free(fix);
    g_free(looked);
    g_free(found);
}

static void
take_header(ingest_t *in, const cm__csv_row_t *row)
{
    in->header_line = row->line;
    in->n_columns = row->n;
    in->header = g_new0(char *, row->n + 1);
    in->keys = g_new0(char *, row->n + 1);
    for (int i = 0; i < row->n; i++) {
        in->header[i] = g_strstrip(g_strdup(row->fields[i]));
        in->keys[i] = cm__header_key(in->header[i]);
    }
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
    /* A role the mapping names but the header lacks was reported above. */
    if (in->col[CM_ROLE_ENTITY] < 0 && in->col[CM_ROLE_CODE] < 0 && !given(in, CM_ROLE_ENTITY) &&
        !given(in, CM_ROLE_CODE)) {
        report_missing_role(in, "entity or code", CM_ROLE_ENTITY, CM_ROLE_CODE, taken);
        ok = false;
    }
    if (in->col[CM_ROLE_DATE] < 0 && !given(in, CM_ROLE_DATE)) {
        report_missing_role(in, "date", CM_ROLE_DATE, -1, taken);
        ok = false;
    }
    g_free(taken);
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

/* ---- dates: one day/month order per file ------------------------------------ */

static bool
has_digit(const char *s)
{
    for (; *s; s++)
        if (g_ascii_isdigit(*s))
            return true;
    return false;
}

/* Whether a date cell holds no date at all: empty, or a phrase without digits. */
static bool
is_undated(const char *text)
{
    return !has_digit(text);
}

static void
cell_date_clear(cell_date_t *cd)
{
    g_clear_error(&cd->error);
    *cd = (cell_date_t){0};
}

/* Parses the date cell (CD[0]) and, for a file with an end column, the end cell
 * (CD[1], left unparsed when it is empty or an open word) under the order in force. */
static void
parse_row_dates(ingest_t *in, const cm__csv_row_t *row, cell_date_t cd[2])
{
    static const cm_role_t roles[2] = {CM_ROLE_DATE, CM_ROLE_END};
    for (int i = 0; i < 2; i++) {
        cell_date_clear(&cd[i]);
        if (in->col[roles[i]] < 0)
            continue;
        const char *text = cell(in, row, roles[i]);
        if (i == 0 ? !*text : cm_date_is_open_word(text))
            continue;
        cd[i].parsed = true;
        cd[i].ok = cm_date_parse_opts(text, &in->date_opts, &cd[i].date, &cd[i].hint, &cd[i].error);
    }
}

static const char *
order_name(cm_date_order_t order)
{
    return order == CM_DATE_ORDER_MDY ? "month-first" : "day-first";
}

/* Reports the date cell of ROLE that did not parse (CD), with what the file's
 * order and the undated rule add to the parser's message. */
static void
report_bad_date(ingest_t *in, const cm__csv_row_t *row, cm_role_t role, const cell_date_t *cd)
{
    int column = column_of(in, role);
    const char *text = cell(in, row, role);
    cm_date_order_t order = in->date_opts.order;
    bool against = (cd->hint == CM_DATE_HINT_DMY && order == CM_DATE_ORDER_MDY) ||
                   (cd->hint == CM_DATE_HINT_MDY && order == CM_DATE_ORDER_DMY);
    char *q = cm__ingest_quote(text, -1);
    if (cd->hint == CM_DATE_HINT_EITHER && in->order_failed) {
        /* reported once, at the first such value */
    } else if (against && in->order_line > 0) {
        char *qs = cm__ingest_quote(in->order_value, -1);
        error_at(in, row->line, column,
                 "\"%s\" is %s, but the dates before it are %s (\"%s\" on line %d); a file "
                 "never mixes orders: fix this date",
                 q, order_name(order == CM_DATE_ORDER_DMY ? CM_DATE_ORDER_MDY : CM_DATE_ORDER_DMY),
                 order_name(order), qs, in->order_line);
        g_free(qs);
    } else if (against) {
        error_at(in, row->line, column, "%s (read %s, as --date-order %s says)", cd->error->message,
                 order_name(order), order == CM_DATE_ORDER_DMY ? "dmy" : "mdy");
    } else if (role == CM_ROLE_DATE && is_undated(text) && !in->date_opts.format) {
        error_at(in, row->line, column,
                 "\"%s\" is not a date (it has no digits); rows without a date are left out "
                 "with --undated skip",
                 q);
    } else {
        error_at(in, row->line, column, "%s", cd->error->message);
    }
    g_free(q);
}

/* Takes the order a value settled: the first value of the file that only
 * one order can read. */
static void
settle_order(ingest_t *in, const cm__csv_row_t *row, const cell_date_t cd[2])
{
    static const cm_role_t roles[2] = {CM_ROLE_DATE, CM_ROLE_END};
    for (int i = 0; i < 2; i++) {
        if (cd[i].hint != CM_DATE_HINT_DMY && cd[i].hint != CM_DATE_HINT_MDY)
            continue;
        in->date_opts.order =
            cd[i].hint == CM_DATE_HINT_DMY ? CM_DATE_ORDER_DMY : CM_DATE_ORDER_MDY;
        in->order_line = row->line;
        in->order_value = g_strdup(cell(in, row, roles[i]));
        return;
    }
}

static bool
order_open(const cell_date_t cd[2])
{
    return (cd[0].parsed && !cd[0].ok && cd[0].hint == CM_DATE_HINT_EITHER) ||
           (cd[1].parsed && !cd[1].ok && cd[1].hint == CM_DATE_HINT_EITHER);
}

static void
held_row_free(gpointer p)
{
    held_row_t *h = p;
    g_strfreev(h->fields);
    g_free(h);
}

static void
hold_row(ingest_t *in, const cm__csv_row_t *row, const cell_date_t cd[2])
{
    if (!in->held->len) {
        int i = cd[0].parsed && !cd[0].ok && cd[0].hint == CM_DATE_HINT_EITHER ? 0 : 1;
        cm_role_t role = i == 0 ? CM_ROLE_DATE : CM_ROLE_END;
        in->held_line = row->line;
        in->held_column = column_of(in, role);
        in->held_value = g_strdup(cell(in, row, role));
    }
    held_row_t *h = g_new0(held_row_t, 1);
    h->fields = g_new0(char *, row->n + 1);
    for (int i = 0; i < row->n; i++)
        h->fields[i] = g_strdup(row->fields[i]);
    h->n = row->n;
    h->line = row->line;
    g_ptr_array_add(in->held, h);
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

/* Fills the span end of IT from the end cell (parsed in CD); false (reported)
 * when bad. */
static bool
row_span_end(ingest_t *in, const cm__csv_row_t *row, const cell_date_t *cd, cm_item_t *it)
{
    const char *end = cell(in, row, CM_ROLE_END);
    if (!cd->parsed) {
        it->open = true;
        return true;
    }
    if (!cd->ok) {
        report_bad_date(in, row, CM_ROLE_END, cd);
        return false;
    }
    it->end = cd->date;
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

/* Reads the priority cell of ROW into *OUT; false (reported) for an unknown word. */
static bool
row_priority(ingest_t *in, const cm__csv_row_t *row, cm_priority_t *out)
{
    static const struct {
        const char *word;
        cm_priority_t priority;
    } words[] = {
        {"", CM_PRIORITY_NORMAL},   {"normal", CM_PRIORITY_NORMAL}, {"must", CM_PRIORITY_MUST},
        {"high", CM_PRIORITY_HIGH}, {"low", CM_PRIORITY_LOW},
    };
    const char *p = cell(in, row, CM_ROLE_PRIORITY);
    for (size_t i = 0; i < G_N_ELEMENTS(words); i++)
        if (g_ascii_strcasecmp(p, words[i].word) == 0) {
            *out = words[i].priority;
            return true;
        }
    char *q = cm__ingest_quote(p, -1);
    error_at(in, row->line, column_of(in, CM_ROLE_PRIORITY),
             "unknown priority \"%s\"; use must, high, normal or low (or leave it empty)", q);
    g_free(q);
    return false;
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
take_data_row(ingest_t *in, const cm__csv_row_t *row, const cell_date_t cd[2])
{
    if (row->n != in->n_columns) {
        error_at(in, row->line, 0,
                 "row has %d field%s but the header has %d; check for an "
                 "unquoted delimiter or a missing one",
                 row->n, row->n == 1 ? "" : "s", in->n_columns);
        return;
    }
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
        error_at(in, row->line, column_of(in, CM_ROLE_DATE),
                 "empty date for \"%s\"; rows without a date are left out with --undated skip", q);
        g_free(q);
        ok = false;
    } else if (!cd[0].ok) {
        report_bad_date(in, row, CM_ROLE_DATE, &cd[0]);
        ok = false;
    } else if (kind_ok && it.kind == CM_ITEM_SPAN) {
        it.start = cd[0].date;
        ok = row_span_end(in, row, &cd[1], &it) && ok;
    } else if (kind_ok && *end) {
        it.start = cd[0].date;
        char *q = cm__ingest_quote(end, -1);
        warning_at(in, row->line, column_of(in, CM_ROLE_END),
                   "end \"%s\" of an event is ignored; set the type to \"span\" to use it", q);
        g_free(q);
    }
    ok = ok && kind_ok;
    ok = row_priority(in, row, &it.priority) && ok;
    ok = text_cells_ok(in, row) && ok;
    if (!ok)
        return;
    it.start = cd[0].date;

    cm_dataset_t *ds = in->ds;
    it.group = cm_dataset_intern(ds, cell(in, row, CM_ROLE_GROUP));
    it.label = cm_dataset_intern(ds, cell(in, row, CM_ROLE_LABEL));
    it.note = cm_dataset_intern(ds, cell(in, row, CM_ROLE_NOTE));
    it.source = cm_dataset_intern(ds, cell(in, row, CM_ROLE_SOURCE));
    it.entity = cm_dataset_entity(ds, key, *entity ? entity : code, *code ? code : NULL, it.group,
                                  it.label, row->line);
    cm_dataset_add_item(ds, &it);
}

/* Whether ROW is left out as undated (counted for the warning). */
static bool
skip_undated(ingest_t *in, const cm__csv_row_t *row)
{
    if (in->opts == NULL || in->opts->undated != CM_UNDATED_SKIP || in->col[CM_ROLE_DATE] < 0 ||
        row->n != in->n_columns)
        return false;
    const char *text = cell(in, row, CM_ROLE_DATE);
    if (!is_undated(text))
        return false;
    if (in->undated < G_N_ELEMENTS(in->undated_lines))
        in->undated_lines[in->undated] = row->line;
    if (!in->undated_first && *text)
        in->undated_first = g_strdup(text);
    in->undated++;
    return true;
}

static void replay_held(ingest_t *in);

/* A data row: held while the order is open, else made an item. */
static void
take_row(ingest_t *in, const cm__csv_row_t *row)
{
    if (skip_undated(in, row))
        return;
    cell_date_t cd[2] = {{0}, {0}};
    if (row->n == in->n_columns)
        parse_row_dates(in, row, cd);
    bool auto_order = in->date_opts.order == CM_DATE_ORDER_AUTO;
    if (auto_order && !in->order_failed)
        settle_order(in, row, cd);
    if (in->date_opts.order == CM_DATE_ORDER_AUTO && !in->order_failed &&
        (in->held->len || order_open(cd))) {
        hold_row(in, row, cd);
    } else {
        if (auto_order && in->date_opts.order != CM_DATE_ORDER_AUTO) {
            replay_held(in); /* this row settled the order */
            parse_row_dates(in, row, cd);
        }
        take_data_row(in, row, cd);
    }
    cell_date_clear(&cd[0]);
    cell_date_clear(&cd[1]);
}

/* Feeds the held rows through take_row again, in file order, now that the
 * order is known (or known to be missing). */
static void
replay_held(ingest_t *in)
{
    GPtrArray *held = in->held;
    in->held = g_ptr_array_new_with_free_func(held_row_free);
    for (guint i = 0; i < held->len; i++) {
        held_row_t *h = g_ptr_array_index(held, i);
        cm__csv_row_t row = {.fields = h->fields, .n = h->n, .line = h->line};
        take_row(in, &row);
    }
    g_ptr_array_free(held, TRUE);
}

/* At the end of the file: rows still held mean no value settled the order. */
static void
finish_order(ingest_t *in)
{
    if (!in->held->len)
        return;
    char *q = cm__ingest_quote(in->held_value, -1);
    error_at(in, in->held_line, in->held_column,
             "\"%s\" could be day-first or month-first, and no date in the file settles it (a "
             "first or second number over 12 would); give --date-order dmy (day first) or "
             "--date-order mdy (month first)",
             q);
    g_free(q);
    in->order_failed = true;
    replay_held(in);
}

static void
report_undated(ingest_t *in)
{
    if (!in->undated)
        return;
    GString *lines = g_string_new(NULL);
    size_t shown = MIN(in->undated, G_N_ELEMENTS(in->undated_lines));
    for (size_t i = 0; i < shown; i++)
        g_string_append_printf(lines, "%s%d", i ? ", " : "", in->undated_lines[i]);
    if (in->undated > shown)
        g_string_append(lines, ", …");
    char *q = in->undated_first ? cm__ingest_quote(in->undated_first, -1) : NULL;
    warning_at(in, 0, 0, "%zu row%s without a date left out (--undated skip), on line%s %s%s%s%s",
               in->undated, in->undated == 1 ? "" : "s", in->undated == 1 ? "" : "s", lines->str,
               q ? " (such as \"" : "", q ? q : "", q ? "\")" : "");
    g_free(q);
    g_string_free(lines, TRUE);
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
    if (row->bad || !in->roles_ok || row_is_empty(row))
        return true; /* a row of empty cells (",,", Excel's trailing rows) is no row */
    take_row(in, row);
    return true;
}

/* ---- driver --------------------------------------------------------------- */

/* The caps in force: the options' own, else the defaults. */
typedef struct {
    size_t max_field, max_rows, max_text;
} caps_t;

static bool
resolve_caps(const cm_ingest_opts_t *opts, caps_t *caps, GError **error)
{
    caps->max_field = opts && opts->max_field ? opts->max_field : CM_INGEST_DEFAULT_MAX_FIELD;
    caps->max_rows = opts && opts->max_rows ? opts->max_rows : CM_INGEST_DEFAULT_MAX_ROWS;
    caps->max_text = opts && opts->max_text ? opts->max_text : CM_INGEST_DEFAULT_MAX_TEXT;
    return true;
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
        .held = g_ptr_array_new_with_free_func(held_row_free),
    };
    if (opts) {
        in->date_opts = (cm_date_opts_t){.order = opts->date_order,
                                         .century_pivot = opts->century_pivot,
                                         .excel_epoch = opts->excel_dates,
                                         .format = opts->date_format};
    }
}

static void
ingest_release(ingest_t *in)
{
    g_strfreev(in->header);
    g_strfreev(in->keys);
    cm_dataset_free(in->ds);
    g_ptr_array_free(in->held, TRUE);
    g_free(in->held_value);
    g_free(in->order_value);
    g_free(in->undated_first);
}

static cm__csv_reader_t *
reader_for(ingest_t *in)
{
    cm__csv_config_t cfg = {
        .name = in->name,
        .delimiter = in->opts ? in->opts->delimiter : 0,
        .encoding = in->opts ? in->opts->encoding : NULL,
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
    finish_order(in);
    report_undated(in);
    if (!in->have_header)
        error_at(in, 0, 0, "empty file; expected a header row and data rows");
    else if (in->data_rows == 0)
        error_at(in, 0, 0, "no data rows (only a header on line %d)", in->header_line);
    else if (in->undated && cm_dataset_n_items(in->ds) == 0 &&
             cm_diag_errors(in->diag) == errors_before)
        error_at(in, 0, 0, "no row has a date (%zu left out as undated)", in->undated);
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

/* False (ERROR: CM_ERROR_USAGE) when OPTS asks for a delimiter CSV cannot use,
 * an Excel epoch other than 1900 or 1904, or a date format that is no pattern. */
static bool
check_opts(const cm_ingest_opts_t *opts, GError **error)
{
    if (opts && opts->excel_dates && opts->excel_dates != 1900 && opts->excel_dates != 1904) {
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE,
                    "Excel dates count from 1900 or 1904, not %d (--excel-dates 1900|1904)",
                    opts->excel_dates);
        return false;
    }
    if (opts && opts->date_format && !cm_date_format_check(opts->date_format, error))
        return false;
    if (opts && opts->encoding) {
        cm__decoder_t *d = cm__decoder_new(opts->encoding, error);
        if (!d)
            return false;
        cm__decoder_free(d);
    }
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
