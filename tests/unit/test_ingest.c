/* test_ingest.c — CSV ingest: quoting, line numbers, delimiters, roles, items, diagnostics.
 *
 * In-memory cases go through cm_ingest_bytes(); the bad-input corpus in
 * tests/bad/csv/ goes through cm_ingest_file(), and every message is compared
 * as the full "file:line:column: error: text" a user would see.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <cmocka.h>

#include <glib/gstdio.h>

#include "ingest/cm_ingest_private.h"
#include "util/cm_error.h"

#define BAD(name) CM_TESTDIR "/bad/csv/" name

typedef struct {
    cm_diag_t *diag;
    GError *error;
    cm_dataset_t *ds;
} fixture_t;

static int
setup(void **state)
{
    fixture_t *f = g_new0(fixture_t, 1);
    f->diag = cm_diag_new();
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    fixture_t *f = *state;
    cm_dataset_free(f->ds);
    g_clear_error(&f->error);
    cm_diag_free(f->diag);
    g_free(f);
    return 0;
}

/* Ingests TEXT as "t.csv"; returns the dataset (also kept in F for teardown). */
static cm_dataset_t *
ingest_opts(fixture_t *f, const char *text, size_t len, const cm_ingest_opts_t *opts)
{
    cm_dataset_free(f->ds);
    g_clear_error(&f->error);
    f->ds = cm_ingest_bytes("t.csv", text, len, opts, f->diag, &f->error);
    return f->ds;
}

static cm_dataset_t *
ingest(fixture_t *f, const char *text)
{
    return ingest_opts(f, text, strlen(text), NULL);
}

static cm_dataset_t *
ingest_ok(fixture_t *f, const char *text, const cm_ingest_opts_t *opts)
{
    cm_dataset_t *ds = ingest_opts(f, text, strlen(text), opts);
    if (!ds) {
        cm_diag_print(f->diag, stderr);
        fail_msg("ingest failed: %s", f->error ? f->error->message : "?");
    }
    assert_int_equal(cm_diag_errors(f->diag), 0);
    return ds;
}

/* Asserts the sink holds exactly the N formatted messages given. */
static void
assert_diags(fixture_t *f, int n, ...)
{
    va_list ap;
    va_start(ap, n);
    for (int i = 0; i < n && i < cm_diag_count(f->diag); i++) {
        char *got = cm_diag_item_format(cm_diag_get(f->diag, i));
        const char *want = va_arg(ap, const char *);
        if (strcmp(got, want) != 0)
            fail_msg("diagnostic %d:\n  got:  %s\n  want: %s", i, got, want);
        g_free(got);
    }
    va_end(ap);
    if (cm_diag_count(f->diag) != n) {
        cm_diag_print(f->diag, stderr);
        fail_msg("expected %d diagnostics, got %d", n, cm_diag_count(f->diag));
    }
}

static void
assert_data_error(fixture_t *f, const char *message)
{
    assert_null(f->ds);
    assert_non_null(f->error);
    assert_true(g_error_matches(f->error, CM_ERROR, CM_ERROR_DATA));
    assert_string_equal(f->error->message, message);
}

static const cm_item_t *
item(const cm_dataset_t *ds, int i)
{
    assert_true(i < cm_dataset_n_items(ds));
    return cm_dataset_get_item(ds, i);
}

static const char *
entity_name(const cm_dataset_t *ds, int item_index)
{
    return cm_dataset_get_entity(ds, item(ds, item_index)->entity)->name;
}

/* ---- quoting and line numbers ------------------------------------------ */

static void
test_quoting(void **state)
{
    fixture_t *f = *state;
    const char *csv = "country,joined,note\n"
                      "\"Bosnia, and Herzegovina\",2008,\"He said \"\"yes\"\"\"\n"
                      "\"Multi\nline\",2001,\"a\r\nb\"\n"
                      "Next,2002,  plain  \n";
    cm_dataset_t *ds = ingest_ok(f, csv, NULL);
    assert_int_equal(cm_dataset_n_items(ds), 3);
    assert_string_equal(entity_name(ds, 0), "Bosnia, and Herzegovina");
    assert_string_equal(item(ds, 0)->note, "He said \"yes\"");
    assert_int_equal(item(ds, 0)->line, 2);
    assert_string_equal(entity_name(ds, 1), "Multi\nline");
    assert_string_equal(item(ds, 1)->note, "a\r\nb");
    assert_int_equal(item(ds, 1)->line, 3);
    /* The row after two quoted newlines (one of them CRLF) starts on line 6. */
    assert_string_equal(entity_name(ds, 2), "Next");
    assert_string_equal(item(ds, 2)->note, "plain");
    assert_int_equal(item(ds, 2)->line, 6);
    assert_int_equal(cm_dataset_get_entity(ds, 2)->line, 6);
}

static void
test_error_line_after_quoted_newlines(void **state)
{
    fixture_t *f = *state;
    f->ds = cm_ingest_file(BAD("quoted_newline_error.csv"), NULL, f->diag, &f->error);
    assert_diags(
        f, 1, BAD("quoted_newline_error.csv") ":5:2: error: \"2009-13\" is not a date: month 13");
    assert_data_error(f, "1 error in " BAD("quoted_newline_error.csv"));
}

static void
test_bom(void **state)
{
    fixture_t *f = *state;
    cm_dataset_t *ds = ingest_ok(f,
                                 "\xEF\xBB\xBF"
                                 "country,joined\nFrance,1949\n",
                                 NULL);
    assert_int_equal(cm_dataset_n_items(ds), 1);
    assert_string_equal(entity_name(ds, 0), "France");
    assert_int_equal(item(ds, 0)->line, 2);
}

static void
test_delimiters(void **state)
{
    fixture_t *f = *state;
    const char *files[] = {
        "country,joined,note\nFrance,1949,\"a; b\"\nGermany,1955,x\n",
        "country;joined;note\nFrance;1949;a, b\nGermany;1955;x\n",
        "country\tjoined\tnote\nFrance\t1949\ta, b; c\nGermany\t1955\tx\n",
        /* Quoted delimiters in the header do not count. */
        "country,joined,\"x;y;z;w\"\nFrance,1949,a\nGermany,1955,x\n",
    };
    for (size_t i = 0; i < G_N_ELEMENTS(files); i++) {
        cm_dataset_t *ds = ingest_ok(f, files[i], NULL);
        assert_int_equal(cm_dataset_n_items(ds), 2);
        assert_int_equal(item(ds, 0)->start.year, 1949);
        assert_int_equal(item(ds, 1)->start.year, 1955);
        assert_string_equal(entity_name(ds, 1), "Germany");
    }

    bool complete;
    assert_int_equal(cm__csv_detect_delimiter("a;b,c;d\n", 8, &complete), ';');
    assert_true(complete);
    assert_int_equal(cm__csv_detect_delimiter("\n\nsolo", 6, &complete), ',');
    assert_false(complete);
    assert_int_equal(cm__csv_detect_delimiter("a\tb\n", 4, &complete), '\t');

    /* A given delimiter wins over detection. */
    cm_ingest_opts_t opts = {.delimiter = ';'};
    cm_dataset_t *ds = ingest_ok(f, "country;joined;note\nFrance;1949;a,b,c,d,e\n", &opts);
    assert_string_equal(item(ds, 0)->note, "a,b,c,d,e");
    opts.delimiter = '"';
    assert_null(ingest_opts(f, "a\"b\n", 4, &opts));
    assert_true(g_error_matches(f->error, CM_ERROR, CM_ERROR_USAGE));
    opts.delimiter = '|';
    ds = ingest_ok(f, "country|joined\n\"A|B\"|1949\n", &opts);
    assert_string_equal(entity_name(ds, 0), "A|B");
}

static void
test_line_ends(void **state)
{
    fixture_t *f = *state;
    cm_dataset_t *ds = ingest_ok(f, "country,joined\r\nFrance,1949\r\n\r\nGermany,1955\r\n", NULL);
    assert_int_equal(cm_dataset_n_items(ds), 2);
    assert_int_equal(item(ds, 0)->line, 2);
    assert_int_equal(item(ds, 1)->line, 4);
    assert_int_equal(item(ds, 1)->start.year, 1955);

    ds = ingest_ok(f, "country,joined\rFrance,1949\r\rGermany,1955", NULL);
    assert_int_equal(cm_dataset_n_items(ds), 2);
    assert_int_equal(item(ds, 0)->line, 2);
    assert_int_equal(item(ds, 1)->line, 4);

    /* Leading blank lines: the header is on line 3. */
    ds = ingest_ok(f, "\n  \ncountry,joined\nFrance,1949", NULL);
    assert_int_equal(item(ds, 0)->line, 4);
}

/* Rows and their lines, as the reader reports them. */
static bool
collect_row(const cm__csv_row_t *row, void *data)
{
    GString *s = data;
    g_string_append_printf(s, "%d%s:", row->line, row->bad ? "!" : "");
    for (int i = 0; i < row->n; i++)
        g_string_append_printf(s, "[%s]", row->fields[i]);
    g_string_append_c(s, '\n');
    return true;
}

static char *
read_rows(const char *text, size_t len, size_t block, cm_diag_t *diag)
{
    GString *out = g_string_new(NULL);
    cm__csv_config_t cfg = {.name = "t.csv", .diag = diag, .on_row = collect_row, .data = out};
    cm__csv_reader_t *r = cm__csv_reader_new(&cfg);
    for (size_t i = 0; i < len; i += block)
        cm__csv_reader_push(r, text + i, MIN(block, len - i));
    cm__csv_reader_finish(r);
    cm__csv_reader_free(r);
    return g_string_free(out, FALSE);
}

static void
test_reader_blocks(void **state)
{
    fixture_t *f = *state;
    /* BOM, CRLF, quoted CRLF and doubled quotes split at every possible place. */
    const char *text = "\xEF\xBB\xBFname;note\r\n\"a;b\";\"x\r\n\"\"y\"\"\"\r\n\rc ; d \n\"e\";";
    const char *want = "1:[name][note]\n2:[a;b][x\r\n\"y\"]\n5:[c][d]\n6:[e][]\n";
    for (size_t block = 1; block <= strlen(text); block++) {
        char *got = read_rows(text, strlen(text), block, f->diag);
        if (strcmp(got, want) != 0)
            fail_msg("block %zu: got\n%s", block, got);
        g_free(got);
    }
    assert_int_equal(cm_diag_count(f->diag), 0);
}

/* ---- structure errors --------------------------------------------------- */

static void
test_ragged_rows(void **state)
{
    fixture_t *f = *state;
    f->ds = cm_ingest_file(BAD("ragged.csv"), NULL, f->diag, &f->error);
    assert_diags(f, 2,
                 BAD("ragged.csv") ":3: error: row has 3 fields but the header has 2; check for "
                                   "an unquoted delimiter or a missing one",
                 BAD("ragged.csv") ":4: error: row has 1 field but the header has 2; check for "
                                   "an unquoted delimiter or a missing one");
    assert_data_error(f, "2 errors in " BAD("ragged.csv"));
}

static void
test_unterminated_quote(void **state)
{
    fixture_t *f = *state;
    f->ds = cm_ingest_file(BAD("unterminated_quote.csv"), NULL, f->diag, &f->error);
    assert_diags(f, 1,
                 BAD("unterminated_quote.csv") ":3:3: error: unterminated quote: the field "
                                               "quoted here runs to the end of the file; close "
                                               "it with \"");
    assert_data_error(f, "1 error in " BAD("unterminated_quote.csv"));

    /* The quote opens on a later line than the row starts. */
    cm_diag_free(f->diag);
    f->diag = cm_diag_new();
    assert_null(ingest(f, "country,joined,note\n\"A\nB\",1949,\"open\n\n"));
    assert_diags(f, 1,
                 "t.csv:3:3: error: unterminated quote: the field quoted here runs to the end of "
                 "the file; close it with \"");
}

static void
test_stray_quotes(void **state)
{
    fixture_t *f = *state;
    f->ds = cm_ingest_file(BAD("stray_quote.csv"), NULL, f->diag, &f->error);
    assert_diags(f, 2,
                 BAD("stray_quote.csv") ":2:1: error: stray quote in unquoted field \"Fr\"; "
                                        "quote the whole field and write inner quotes as \"\"",
                 BAD("stray_quote.csv") ":3:1: error: text after the closing quote of "
                                        "\"Spain\"; inside a quoted field write a quote as \"\"");
    assert_data_error(f, "2 errors in " BAD("stray_quote.csv"));
}

static void
test_invalid_utf8_and_nul(void **state)
{
    fixture_t *f = *state;
    /* Latin-1 bytes and no UTF-8 sequence: read as Windows-1252, and said so */
    f->ds = cm_ingest_file(BAD("invalid_utf8.csv"), NULL, f->diag, &f->error);
    assert_non_null(f->ds);
    assert_string_equal(entity_name(f->ds, 0), "Français");
    assert_diags(f, 1,
                 BAD("invalid_utf8.csv") ": warning: the file is not UTF-8: read as Windows-1252 "
                                         "(name another with --encoding, or save the file as "
                                         "UTF-8)");
    cm_dataset_free(f->ds);
    /* told it is UTF-8, the same bytes are an error */
    cm_diag_free(f->diag);
    f->diag = cm_diag_new();
    cm_ingest_opts_t utf8 = {.encoding = "utf-8"};
    f->ds = cm_ingest_file(BAD("invalid_utf8.csv"), &utf8, f->diag, &f->error);
    assert_diags(f, 1,
                 BAD("invalid_utf8.csv") ":2:1: error: invalid UTF-8 after \"Fran\" (byte 5 of "
                                         "the field); save the file as UTF-8, or name its "
                                         "encoding with --encoding");
    assert_data_error(f, "1 error in " BAD("invalid_utf8.csv"));

    cm_diag_free(f->diag);
    f->diag = cm_diag_new();
    g_clear_error(&f->error);
    f->ds = cm_ingest_file(BAD("nul_byte.csv"), NULL, f->diag, &f->error);
    assert_diags(f, 1,
                 BAD("nul_byte.csv") ":2:1: error: field contains a nul byte (is this a binary "
                                     "or UTF-16 file? save it as UTF-8 text)");
    assert_data_error(f, "1 error in " BAD("nul_byte.csv"));
}

static void
test_empty_and_header_only(void **state)
{
    fixture_t *f = *state;
    f->ds = cm_ingest_file(BAD("empty.csv"), NULL, f->diag, &f->error);
    assert_diags(f, 1, BAD("empty.csv") ": error: empty file; expected a header row and data rows");
    assert_data_error(f, "1 error in " BAD("empty.csv"));

    cm_diag_free(f->diag);
    f->diag = cm_diag_new();
    g_clear_error(&f->error);
    f->ds = cm_ingest_file(BAD("header_only.csv"), NULL, f->diag, &f->error);
    assert_diags(f, 1, BAD("header_only.csv") ": error: no data rows (only a header on line 1)");

    cm_diag_free(f->diag);
    f->diag = cm_diag_new();
    assert_null(ingest(f, "\xEF\xBB\xBF \r\n\n"));
    assert_diags(f, 1, "t.csv: error: empty file; expected a header row and data rows");
}

static void
test_field_cap(void **state)
{
    fixture_t *f = *state;
    cm_ingest_opts_t opts = {.max_field = 100};
    char *big = g_strnfill(500, 'x');
    /* Unquoted, then quoted with a newline inside: both skipped, the rows after keep
     * their line numbers and are still checked. */
    char *csv = g_strdup_printf("country,joined,note\n"
                                "A,1949,%s\n"
                                "B,1950,\"%s\n%s\"\"q\"\"\",\n"
                                "C,1999-13,ok\n"
                                "D,1951,fine\n",
                                big, big, big);
    assert_null(ingest_opts(f, csv, strlen(csv), &opts));
    const char *cap = "field longer than 100 bytes (the cap); is a quote left open? raise "
                      "max_field (CHRONOMAP_MAX_FIELD) if the data is right";
    char *e1 = g_strdup_printf("t.csv:2:3: error: %s", cap);
    char *e2 = g_strdup_printf("t.csv:3:3: error: %s", cap);
    assert_diags(f, 3, e1, e2, "t.csv:5:2: error: \"1999-13\" is not a date: month 13");
    assert_data_error(f, "3 errors in t.csv");
    g_free(e1);
    g_free(e2);
    g_free(csv);
    g_free(big);

    /* The default cap is 1 MiB; a field of 1.5 MiB is refused, 1000 bytes are fine. */
    cm_diag_free(f->diag);
    f->diag = cm_diag_new();
    size_t n = 1536 * 1024;
    GString *s = g_string_new("country,joined\n\"");
    for (size_t i = 0; i < n; i++)
        g_string_append_c(s, 'a' + (char)(i % 26));
    g_string_append(s, "\",1949\nB,1950\n");
    assert_null(ingest_opts(f, s->str, s->len, NULL));
    assert_int_equal(cm_diag_errors(f->diag), 1);
    assert_non_null(strstr(cm_diag_get(f->diag, 0)->message, "longer than 1048576 bytes"));
    assert_int_equal(cm_diag_get(f->diag, 0)->line, 2);
    g_string_free(s, TRUE);

    cm_diag_free(f->diag);
    f->diag = cm_diag_new();
    char *ok_field = g_strnfill(1000, 'y');
    char *ok_csv = g_strdup_printf("country,joined\n%s,1949\n", ok_field);
    cm_dataset_t *ds = ingest_ok(f, ok_csv, NULL);
    assert_int_equal(strlen(entity_name(ds, 0)), 1000);
    g_free(ok_csv);
    g_free(ok_field);
}

static void
test_column_and_row_caps(void **state)
{
    fixture_t *f = *state;
    GString *s = g_string_new("country,joined\nA,1949\n");
    for (int i = 0; i < CM_INGEST_MAX_COLUMNS + 50; i++)
        g_string_append(s, "z,");
    g_string_append(s, "z\nB,1950\n");
    assert_null(ingest_opts(f, s->str, s->len, NULL));
    assert_diags(f, 1, "t.csv:3:10001: error: row has more than 10000 fields (the cap)");
    g_string_free(s, TRUE);

    cm_diag_free(f->diag);
    f->diag = cm_diag_new();
    cm_ingest_opts_t opts = {.max_rows = 3};
    const char *rows = "country,joined\nA,1949\nB,1950\nC,1951\nD,1952\nE,19xx\n";
    assert_null(ingest_opts(f, rows, strlen(rows), &opts));
    assert_diags(f, 1,
                 "t.csv:5: error: more than 3 data rows (the cap, max_rows or "
                 "CHRONOMAP_MAX_ROWS); split the file or raise the cap");
}

/* The text cap (label, note, … cells), and caps taken from the environment. */
static void
test_text_and_env_caps(void **state)
{
    fixture_t *f = *state;
    char *long_label = g_strnfill(CM_INGEST_DEFAULT_MAX_TEXT + 1, 'l');
    char *ok_note = g_strnfill(CM_INGEST_DEFAULT_MAX_TEXT, 'n');
    char *csv = g_strdup_printf("country,joined,label,note\n"
                                "A,1949,%s,short\n"
                                "B,1950,fine,%s\n"
                                "C,1951,fine,%s n\n",
                                long_label, ok_note, ok_note);
    assert_null(ingest(f, csv));
    assert_diags(f, 2,
                 "t.csv:2:3: error: label text of 1001 bytes is longer than the cap of 1000 "
                 "(max_text or CHRONOMAP_MAX_TEXT); shorten it",
                 "t.csv:4:4: error: note text of 1002 bytes is longer than the cap of 1000 "
                 "(max_text or CHRONOMAP_MAX_TEXT); shorten it");

    /* the options' cap wins over the default; ingest reads no environment */
    cm_diag_free(f->diag);
    f->diag = cm_diag_new();
    g_setenv("CHRONOMAP_MAX_TEXT", "5000", TRUE);
    assert_null(ingest(f, csv));
    cm_diag_free(f->diag);
    f->diag = cm_diag_new();
    cm_ingest_opts_t big = {.max_text = 5000};
    assert_non_null(ingest_opts(f, csv, strlen(csv), &big));
    cm_ingest_opts_t opts = {.max_text = 4};
    const char *names = "country,joined\nA,1949\nFrance,1949\n";
    assert_null(ingest_opts(f, names, strlen(names), &opts));
    assert_diags(f, 1,
                 "t.csv:3:1: error: entity text of 6 bytes is longer than the cap of 4 "
                 "(max_text or CHRONOMAP_MAX_TEXT); shorten it");
    g_unsetenv("CHRONOMAP_MAX_TEXT");

    cm_diag_free(f->diag);
    f->diag = cm_diag_new();
    cm_ingest_opts_t two = {.max_rows = 2};
    const char *three = "country,joined\nA,1949\nB,1950\nC,1951\n";
    assert_null(ingest_opts(f, three, strlen(three), &two));
    assert_diags(f, 1,
                 "t.csv:4: error: more than 2 data rows (the cap, max_rows or "
                 "CHRONOMAP_MAX_ROWS); split the file or raise the cap");
    cm_diag_free(f->diag);
    f->diag = cm_diag_new();
    ingest_ok(f, "country,joined\nA,1949\n", NULL);
    g_free(csv);
    g_free(ok_note);
    g_free(long_label);
}

/* ---- roles -------------------------------------------------------------- */

static void
test_missing_columns(void **state)
{
    fixture_t *f = *state;
    f->ds = cm_ingest_file(BAD("missing_date.csv"), NULL, f->diag, &f->error);
    assert_diags(f, 1,
                 BAD("missing_date.csv") ":1: error: no date column (looked for date, joined, "
                                         "start, from, signed, begin, …); found: country, iso2, "
                                         "year; name it with --column date=NAME (closest: "
                                         "--column date=year)");
    assert_data_error(f, "1 error in " BAD("missing_date.csv"));

    cm_diag_free(f->diag);
    f->diag = cm_diag_new();
    assert_null(ingest(f, "When,Note\n1949,x\n"));
    assert_diags(f, 2,
                 "t.csv:1: error: no entity or code column (looked for country, member, name, "
                 "state, entity, member state, …; code, iso, iso2, iso3, iso a2, iso a3, …); "
                 "found: When, Note; name it with --column entity=NAME (closest: --column "
                 "entity=When)",
                 "t.csv:1: error: no date column (looked for date, joined, start, from, signed, "
                 "begin, …); found: When, Note; name it with --column date=NAME (closest: "
                 "--column date=When)");
}

static void
test_header_synonyms_in_languages(void **state)
{
    fixture_t *f = *state;
    static const struct {
        const char *header;
        const char *row;
    } files[] = {
        {"Member State,Date of accession\n", "France,1958\n"},
        {"Contracting State,Entry into force\n", "France,1978\n"},
        {"Land;Beitritt\n", "Frankreich;1958\n"},
        {"Staat;Mitglied seit\n", "Frankreich;1958\n"},
        {"Pays,Adhésion\n", "France,1958\n"},
        {"PAYS,DATE D'ADHÉSION\n", "France,1958\n"},
        {"País,Fecha de adhesión\n", "Francia,1958\n"},
        {"Paese,Data di adesione\n", "Francia,1958\n"},
        {"País,Data de adesão\n", "França,1958\n"},
        {"국가,가입일\n", "프랑스,1958\n"},
        {"国,加盟日\n", "フランス,1958\n"},
        {" member_state , date-of-accession \n", "France,1958\n"},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(files); i++) {
        char *csv = g_strconcat(files[i].header, files[i].row, NULL);
        cm_dataset_t *ds = ingest_ok(f, csv, NULL);
        assert_int_equal(cm_dataset_n_items(ds), 1);
        g_free(csv);
    }
    /* the mapping compares keys too */
    cm_ingest_opts_t o = {0};
    o.columns[CM_ROLE_DATE] = "datum der aufnahme";
    cm_dataset_t *ds = ingest_ok(f, "Land,Datum der Aufnahme\nFrankreich,1958\n", &o);
    assert_int_equal(cm_dataset_n_items(ds), 1);
    /* the suggestion quotes a header with blanks */
    assert_null(ingest(f, "Land,Tag der Aufnahme\nFrankreich,1958\n"));
    assert_non_null(
        strstr(cm_diag_get(f->diag, 0)->message, "(closest: --column date='Tag der Aufnahme')"));
}

static void
test_header_synonyms(void **state)
{
    fixture_t *f = *state;
    cm_dataset_t *ds =
        ingest_ok(f,
                  " Member ,ISO3,Signed,Until,Wave,Label,Note,Source,Kind\n"
                  "France,FRA,1949-04-04,1966-07,founders,Fr.,left command,nato.int,span\n",
                  NULL);
    const cm_item_t *it = item(ds, 0);
    assert_int_equal(it->kind, CM_ITEM_SPAN);
    assert_int_equal(it->start.prec, CM_PREC_DAY);
    assert_int_equal(it->end.month, 7);
    assert_false(it->open);
    assert_string_equal(it->group, "founders");
    assert_string_equal(it->label, "Fr.");
    assert_string_equal(it->note, "left command");
    assert_string_equal(it->source, "nato.int");
    const cm_entity_t *e = cm_dataset_get_entity(ds, 0);
    assert_string_equal(e->key, "FRA");
    assert_string_equal(e->name, "France");
    assert_string_equal(e->code, "FRA");
    assert_string_equal(e->group, "founders");
    assert_string_equal(e->label, "Fr.");
    assert_int_equal(e->line, 2);
}

static void
test_column_mapping(void **state)
{
    fixture_t *f = *state;
    cm_ingest_opts_t opts = {0};
    opts.columns[CM_ROLE_ENTITY] = "land";
    opts.columns[CM_ROLE_DATE] = " Beitritt ";
    cm_dataset_t *ds = ingest_ok(f, "Land,Beitritt,Jahr\nFrankreich,1949,x\n", &opts);
    assert_string_equal(entity_name(ds, 0), "Frankreich");
    assert_int_equal(item(ds, 0)->start.year, 1949);

    /* The mapping beats the synonyms: "start" is the date, "date" is left alone. */
    cm_ingest_opts_t pick = {0};
    pick.columns[CM_ROLE_DATE] = "start";
    ds = ingest_ok(f, "country,date,start\nFrance,1800,1949\n", &pick);
    assert_int_equal(item(ds, 0)->start.year, 1949);

    /* A mapped column that is missing: one error listing the headers. */
    opts.columns[CM_ROLE_DATE] = "Datum";
    assert_null(ingest_opts(f, "Land,Beitritt\nA,1949\n", 21, &opts));
    assert_diags(f, 1,
                 "t.csv:1: error: no column \"Datum\" for the date role given in the column "
                 "mapping; found: Land, Beitritt");
}

static void
test_roles_by_name(void **state)
{
    assert_int_equal(cm_role_from_name("entity"), CM_ROLE_ENTITY);
    assert_int_equal(cm_role_from_name("DATE"), CM_ROLE_DATE);
    assert_int_equal(cm_role_from_name("type"), CM_ROLE_TYPE);
    assert_int_equal(cm_role_from_name("source"), CM_ROLE_SOURCE);
    assert_int_equal(cm_role_from_name("joined"), -1);
    assert_int_equal(cm_role_from_name(NULL), -1);
    for (int r = 0; r < CM_ROLE_COUNT; r++)
        assert_int_equal(cm_role_from_name(cm_role_name((cm_role_t)r)), r);
    assert_string_equal(cm_role_name(CM_ROLE_END), "end");
}

/* ---- items -------------------------------------------------------------- */

static void
test_open_spans(void **state)
{
    fixture_t *f = *state;
    cm_dataset_t *ds = ingest_ok(f,
                                 "country,joined,left\n"
                                 "France,1949,\n"
                                 "Germany,1955,present\n"
                                 "UK,1973, NOW \n"
                                 "Greece,1952,1974-08\n"
                                 "Spain,1982,ongoing\n",
                                 NULL);
    assert_int_equal(cm_dataset_n_items(ds), 5);
    bool open[] = {true, true, true, false, true};
    for (int i = 0; i < 5; i++) {
        assert_int_equal(item(ds, i)->kind, CM_ITEM_SPAN);
        assert_int_equal(item(ds, i)->open, open[i]);
        if (open[i])
            assert_int_equal(item(ds, i)->end.prec, CM_PREC_NONE);
    }
    assert_int_equal(item(ds, 3)->end.prec, CM_PREC_MONTH);
}

static void
test_multiple_spans_per_entity(void **state)
{
    fixture_t *f = *state;
    cm_dataset_t *ds = ingest_ok(f,
                                 "country,code,joined,left\n"
                                 "France,FR,1949,1966\n"
                                 "Germany,DE,1955,\n"
                                 "Frankreich,FR,2009,\n",
                                 NULL);
    assert_int_equal(cm_dataset_n_entities(ds), 2);
    assert_int_equal(cm_dataset_n_items(ds), 3);
    assert_int_equal(item(ds, 0)->entity, 0);
    assert_int_equal(item(ds, 2)->entity, 0);
    assert_int_equal(item(ds, 1)->entity, 1);
    assert_string_equal(cm_dataset_get_entity(ds, 0)->name, "France"); /* first row wins */
    assert_false(item(ds, 0)->open);
    assert_true(item(ds, 2)->open);
    assert_int_equal(item(ds, 2)->line, 4);

    /* Code only: the code is the name too. Empty code: the name is the key. */
    ds = ingest_ok(f, "iso2,date\nFR,1949\n", NULL);
    assert_string_equal(cm_dataset_get_entity(ds, 0)->name, "FR");
    assert_int_equal(item(ds, 0)->kind, CM_ITEM_EVENT);
    ds = ingest_ok(f, "country,code,date\nKosovo,,2008\n", NULL);
    assert_string_equal(cm_dataset_get_entity(ds, 0)->key, "Kosovo");
    assert_null(cm_dataset_get_entity(ds, 0)->code);
}

static void
test_item_types(void **state)
{
    fixture_t *f = *state;
    cm_ingest_opts_t opts = {.columns = {[CM_ROLE_ENTITY] = "treaty"}};
    cm_dataset_t *ds = ingest_ok(f,
                                 "treaty,date,end,type\n"
                                 "Rome,1957-03-25,,event\n"
                                 "EEC,1958,1993,span\n"
                                 "Paris,1951-04-18,,Point\n"
                                 "ECSC,1952,2002,\n"
                                 "Open,2000,,span\n",
                                 &opts);
    cm_item_kind_t kinds[] = {CM_ITEM_EVENT, CM_ITEM_SPAN, CM_ITEM_EVENT, CM_ITEM_SPAN,
                              CM_ITEM_SPAN};
    for (int i = 0; i < 5; i++)
        assert_int_equal(item(ds, i)->kind, kinds[i]);
    assert_true(item(ds, 4)->open);
    assert_false(item(ds, 3)->open);

    /* Without an end column every row is an event. */
    ds = ingest_ok(f, "country,signed\nA,1999\n", NULL);
    assert_int_equal(item(ds, 0)->kind, CM_ITEM_EVENT);
    assert_false(item(ds, 0)->open);

    /* An event with an end: kept, with a warning. */
    ds = ingest_ok(f, "country,date,end,type\nA,1999,2001,event\n", NULL);
    assert_int_equal(item(ds, 0)->kind, CM_ITEM_EVENT);
    assert_diags(f, 1,
                 "t.csv:2:3: warning: end \"2001\" of an event is ignored; set the type to "
                 "\"span\" to use it");
}

static void
test_row_errors(void **state)
{
    fixture_t *f = *state;
    assert_null(ingest(f, "country,code,date,end,type\n"
                          "A,,1999,2001,spam\n"
                          ",,1999,1998,\n"
                          "B,,,,\n"
                          "C,,1999-06,1999-05,\n"
                          "D,,1999-06,1999-06-30,\n"
                          ",,,,\n"));
    assert_diags(f, 5,
                 "t.csv:2:5: error: unknown type \"spam\"; use \"event\" (or \"point\") or "
                 "\"span\"",
                 "t.csv:3:1: error: empty country cell; every row needs an entity or a code",
                 "t.csv:3:4: error: end \"1998\" is before start \"1999\"; swap them or fix "
                 "the year",
                 "t.csv:4:3: error: empty date for \"B\"; rows without a date are left out with "
                 "--undated skip",
                 "t.csv:5:4: error: end \"1999-05\" is before start \"1999-06\"; swap them or "
                 "fix the year");
    assert_data_error(f, "5 errors in t.csv");
}

static void
test_several_errors_one_run(void **state)
{
    fixture_t *f = *state;
    const char *path = BAD("bad_dates.csv");
    f->ds = cm_ingest_file(path, NULL, f->diag, &f->error);
    assert_diags(f, 4, BAD("bad_dates.csv") ":4:3: error: \"1999-13\" is not a date: month 13",
                 BAD("bad_dates.csv") ":5:3: error: \"2023-02-30\" is not a date: no 30 "
                                      "February in 2023",
                 BAD("bad_dates.csv") ":6:4: error: end \"1950\" is before start \"1952\"; swap "
                                      "them or fix the year",
                 BAD("bad_dates.csv") ":7:3: error: \"abc\" is not a date (it has no "
                                      "digits); rows without a date are left out with "
                                      "--undated skip");
    assert_data_error(f, "4 errors in " BAD("bad_dates.csv"));
}

/* ---- files -------------------------------------------------------------- */

static void
test_file_io(void **state)
{
    fixture_t *f = *state;
    f->ds = cm_ingest_file("/nonexistent/dir/members.csv", NULL, f->diag, &f->error);
    assert_null(f->ds);
    assert_true(g_error_matches(f->error, CM_ERROR, CM_ERROR_IO));
    assert_non_null(strstr(f->error->message, "/nonexistent/dir/members.csv"));
    g_clear_error(&f->error);

    f->ds = cm_ingest_file(CM_TESTDIR "/bad", NULL, f->diag, &f->error);
    assert_null(f->ds);
    assert_true(g_error_matches(f->error, CM_ERROR, CM_ERROR_IO));
    g_clear_error(&f->error);

    /* A good file, and the diag is optional. */
    char *tmp = NULL;
    int fd = g_file_open_tmp("cm-ingest-XXXXXX.csv", &tmp, NULL);
    assert_true(fd >= 0);
    const char *csv = "country,joined\nFrance,1949\nGermany,1955\n";
    assert_int_equal(write(fd, csv, strlen(csv)), (ssize_t)strlen(csv));
    close(fd);
    f->ds = cm_ingest_file(tmp, NULL, NULL, &f->error);
    assert_non_null(f->ds);
    assert_int_equal(cm_dataset_n_items(f->ds), 2);
    assert_string_equal(f->ds->path, tmp);

    /* "-" reads standard input. */
    cm_dataset_free(f->ds);
    int saved = dup(0);
    int in = open(tmp, O_RDONLY);
    assert_true(in >= 0 && saved >= 0);
    dup2(in, 0);
    close(in);
    f->ds = cm_ingest_file("-", NULL, f->diag, &f->error);
    dup2(saved, 0);
    close(saved);
    clearerr(stdin);
    assert_non_null(f->ds);
    assert_int_equal(cm_dataset_n_items(f->ds), 2);
    assert_string_equal(entity_name(f->ds, 1), "Germany");

    g_unlink(tmp);
    g_free(tmp);

    /* No diag given: still NULL and an error on bad data. */
    cm_dataset_free(f->ds);
    f->ds = cm_ingest_bytes("x.csv", "country,joined\nA,1999-13\n", 25, NULL, NULL, &f->error);
    assert_data_error(f, "1 error in x.csv");
}

/* ---- dates as sources write them (issue 15) ---------------------------- */

static cm_dataset_t *
ingest_ok_or_not(fixture_t *f, const char *text, const cm_ingest_opts_t *opts)
{
    return ingest_opts(f, text, strlen(text), opts);
}

/* The ISO form of item I's start. */
static void
assert_start(const cm_dataset_t *ds, int i, const char *iso)
{
    char *s = cm_date_format_iso(&item(ds, i)->start);
    assert_string_equal(s, iso);
    g_free(s);
}

static void
test_ambiguous_order_is_an_error(void **state)
{
    fixture_t *f = *state;
    /* no value over 12: never guessed, one error at the first ambiguous value */
    ingest(f, "country,joined\nA,03/04/2005\nB,01/02/2006\nC,2007-01-01\n");
    assert_diags(f, 1,
                 "t.csv:2:2: error: \"03/04/2005\" could be day-first or month-first, and no date "
                 "in the file settles it (a first or second number over 12 would); give "
                 "--date-order dmy (day first) or --date-order mdy (month first)");
    assert_data_error(f, "1 error in t.csv");
}

static void
test_order_settled_by_a_later_value(void **state)
{
    fixture_t *f = *state;
    const char *csv = "country,joined,left\n"
                      "A,03/04/2005,\n"
                      "B,01/02/2006,05/06/2010\n"
                      "C,2007-01-01,\n"
                      "D,25/12/2008,\n"
                      "E,02/03/2009,\n";
    cm_dataset_t *ds = ingest_ok(f, csv, NULL);
    assert_int_equal(cm_dataset_n_items(ds), 5);
    /* held rows come back in file order, read day-first */
    assert_string_equal(entity_name(ds, 0), "A");
    assert_start(ds, 0, "2005-04-03");
    assert_start(ds, 1, "2006-02-01");
    char *end = cm_date_format_iso(&item(ds, 1)->end);
    assert_string_equal(end, "2010-06-05"); /* the end column shares the order */
    g_free(end);
    assert_start(ds, 2, "2007-01-01");
    assert_start(ds, 3, "2008-12-25");
    assert_start(ds, 4, "2009-03-02");
    assert_int_equal(item(ds, 4)->line, 6);

    ds = ingest_ok(f, "country,joined\nA,03/04/2005\nB,12/25/2008\n", NULL);
    assert_start(ds, 0, "2005-03-04");
}

static void
test_order_never_mixed(void **state)
{
    fixture_t *f = *state;
    ingest(f, "country,joined\nA,25/04/2005\nB,03/04/2005\nC,04/25/2005\n");
    assert_diags(f, 1,
                 "t.csv:4:2: error: \"04/25/2005\" is month-first, but the dates before it are "
                 "day-first (\"25/04/2005\" on line 2); a file never mixes orders: fix this date");
    cm_ingest_opts_t o = {.date_order = CM_DATE_ORDER_MDY};
    cm_diag_free(f->diag);
    f->diag = cm_diag_new();
    ingest_ok_or_not(f, "country,joined\nA,25/04/2005\n", &o);
    assert_diags(f, 1,
                 "t.csv:2:2: error: \"25/04/2005\" is not a date: month 25 (read month-first, as "
                 "--date-order mdy says)");
    cm_diag_free(f->diag);
    f->diag = cm_diag_new();
    o.date_order = CM_DATE_ORDER_DMY;
    cm_dataset_t *ds = ingest_ok(f, "country,joined\nA,03/04/2005\n", &o);
    assert_start(ds, 0, "2005-04-03");
}

static void
test_date_options(void **state)
{
    fixture_t *f = *state;
    cm_ingest_opts_t o = {.century_pivot = 1930};
    cm_dataset_t *ds = ingest_ok(f, "country,joined\nA,24-Jan-78\nB,01-Apr-05\n", &o);
    assert_start(ds, 0, "1978-01-24");
    assert_start(ds, 1, "2005-04-01");
    o = (cm_ingest_opts_t){.excel_dates = 1900};
    ds = ingest_ok(f, "country,joined\nA,28514\n", &o);
    assert_start(ds, 0, "1978-01-24");
    o = (cm_ingest_opts_t){.date_format = "%Y%m%d"};
    ds = ingest_ok(f, "country,joined\nA,19780124\n", &o);
    assert_start(ds, 0, "1978-01-24");

    o = (cm_ingest_opts_t){.excel_dates = 1901};
    assert_null(ingest_ok_or_not(f, "country,joined\nA,1\n", &o));
    assert_true(g_error_matches(f->error, CM_ERROR, CM_ERROR_USAGE));
    o = (cm_ingest_opts_t){.date_format = "%d.%m"};
    assert_null(ingest_ok_or_not(f, "country,joined\nA,1\n", &o));
    assert_true(g_error_matches(f->error, CM_ERROR, CM_ERROR_USAGE));
}

static void
test_undated_rows(void **state)
{
    fixture_t *f = *state;
    const char *csv = "country,signed\n"
                      "France,24-Jan-1978\n"
                      "Andorra,has not yet signed\n"
                      "Palau,\n"
                      "Tuvalu,n/a\n"
                      "Nauru,-\n"
                      "Kiribati,31/02/2000\n";
    ingest(f, csv);
    assert_diags(f, 5,
                 "t.csv:3:2: error: \"has not yet signed\" is not a date (it has no digits); rows "
                 "without a date are left out with --undated skip",
                 "t.csv:4:2: error: empty date for \"Palau\"; rows without a date are left out "
                 "with --undated skip",
                 "t.csv:5:2: error: \"n/a\" is not a date (it has no digits); rows without a date "
                 "are left out with --undated skip",
                 "t.csv:6:2: error: \"-\" is not a date (it has no digits); rows without a date "
                 "are left out with --undated skip",
                 "t.csv:7:2: error: \"31/02/2000\" is not a date: no 31 February in 2000");

    cm_diag_free(f->diag);
    f->diag = cm_diag_new();
    cm_ingest_opts_t o = {.undated = CM_UNDATED_SKIP};
    /* a wrong date is still an error: skip leaves out rows with no date at all */
    ingest_opts(f, csv, strlen(csv), &o);
    assert_int_equal(cm_diag_errors(f->diag), 1);
    cm_diag_free(f->diag);
    f->diag = cm_diag_new();
    cm_dataset_t *ds = ingest_ok(f,
                                 "country,signed\nFrance,24-Jan-1978\nAndorra,has not yet "
                                 "signed\nPalau,\nTuvalu,n/a\nNauru,-\n",
                                 &o);
    assert_int_equal(cm_dataset_n_items(ds), 1);
    assert_diags(f, 1,
                 "t.csv: warning: 4 rows without a date left out (--undated skip), on lines 3, "
                 "4, 5, … (such as \"has not yet signed\")");
    cm_diag_free(f->diag);
    f->diag = cm_diag_new();
    assert_null(ingest_ok_or_not(f, "country,signed\nAndorra,-\n", &o));
    assert_int_equal(cm_diag_errors(f->diag), 1);
}

static void
test_empty_rows_ignored(void **state)
{
    fixture_t *f = *state;
    /* Excel's trailing rows: empty cells, sometimes more or fewer of them */
    cm_dataset_t *ds = ingest_ok(f, "country,joined,note\nFrance,1949,\n,,\n , ,\n,,,,\n,\n", NULL);
    assert_int_equal(cm_dataset_n_items(ds), 1);
    assert_int_equal(cm_diag_count(f->diag), 0);
}

/* ---- encodings and Excel's sep= line ------------------------------------ */

static cm_dataset_t *
ingest_blocks(fixture_t *f, const char *text, size_t len, const cm_ingest_opts_t *opts)
{
    return ingest_opts(f, text, len, opts);
}

static void
test_encodings(void **state)
{
    fixture_t *f = *state;
    /* UTF-16 with a BOM, both byte orders */
    const char *utf8 = "country,joined\nÖsterreich,1995-01-01\n日本,1956\n";
    for (int be = 0; be < 2; be++) {
        gsize n;
        char *u16 = g_convert(utf8, -1, be ? "UTF-16BE" : "UTF-16LE", "UTF-8", NULL, &n, NULL);
        assert_non_null(u16);
        GString *bytes = g_string_new_len(be ? "\xFE\xFF" : "\xFF\xFE", 2);
        g_string_append_len(bytes, u16, (gssize)n);
        cm_dataset_t *ds = ingest_blocks(f, bytes->str, bytes->len, NULL);
        if (!ds)
            cm_diag_print(f->diag, stderr);
        assert_non_null(ds);
        assert_int_equal(cm_dataset_n_items(ds), 2);
        assert_string_equal(entity_name(ds, 0), "Österreich");
        assert_string_equal(entity_name(ds, 1), "日本");
        assert_int_equal(item(ds, 1)->line, 3);
        assert_int_equal(cm_diag_count(f->diag), 0); /* a BOM is not a guess: nothing to say */
        g_string_free(bytes, TRUE);
        g_free(u16);
    }
    /* Windows-1252: € and „ are 0x80 and 0x84 there */
    const char cp1252[] = "country,joined,note\nM\xFCnchen,1990,\x84\x80\x93\n";
    cm_dataset_t *ds = ingest_blocks(f, cp1252, sizeof cp1252 - 1, NULL);
    assert_non_null(ds);
    assert_string_equal(entity_name(ds, 0), "München");
    assert_string_equal(item(ds, 0)->note, "„€“");
    assert_int_equal(cm_diag_warnings(f->diag), 1);
    /* a byte Windows-1252 leaves undefined: Latin-1 */
    cm_diag_free(f->diag);
    f->diag = cm_diag_new();
    const char latin1[] = "country,joined\nS\xE3o Tom\xE9\x81,1990\n";
    ds = ingest_blocks(f, latin1, sizeof latin1 - 1, NULL);
    assert_non_null(ds);
    assert_non_null(strstr(cm_diag_get(f->diag, 0)->message, "read as Latin-1"));
    /* mostly UTF-8 with one bad byte stays UTF-8: the byte is reported where it is */
    cm_diag_free(f->diag);
    f->diag = cm_diag_new();
    ingest(f, "country,joined\nZürich,1990\nGen\xE8ve,1991\n");
    assert_int_equal(cm_diag_errors(f->diag), 1);
    assert_int_equal(cm_diag_get(f->diag, 0)->line, 3);
    /* named encodings */
    cm_diag_free(f->diag);
    f->diag = cm_diag_new();
    cm_ingest_opts_t o = {.encoding = "latin1"};
    ds = ingest_ok(f, "country,joined\nM\xFCnchen,1990\n", &o);
    assert_string_equal(entity_name(ds, 0), "München");
    assert_int_equal(cm_diag_count(f->diag), 0);
    o.encoding = "klingon-8";
    assert_null(ingest_ok_or_not(f, "country,joined\nA,1990\n", &o));
    assert_true(g_error_matches(f->error, CM_ERROR, CM_ERROR_USAGE));
    assert_non_null(strstr(f->error->message, "unknown encoding \"klingon-8\""));
}

static void
test_encoding_detected_past_the_header(void **state)
{
    fixture_t *f = *state;
    /* the header is ASCII; the first legacy byte is far down, in a later block */
    GString *s = g_string_new("country,joined\n");
    for (int i = 0; i < 3000; i++)
        g_string_append_printf(s, "C%d,1990\n", i);
    g_string_append(s, "K\xF6ln,1991\n");
    cm_diag_t *diag = f->diag;
    char *path = g_build_filename(g_get_tmp_dir(), "cm-test-enc-XXXXXX.csv", NULL);
    int fd = g_mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, s->str, s->len), (ssize_t)s->len);
    close(fd);
    f->ds = cm_ingest_file(path, NULL, diag, &f->error);
    assert_non_null(f->ds);
    assert_string_equal(entity_name(f->ds, 3000), "Köln");
    assert_int_equal(item(f->ds, 3000)->line, 3002);
    g_unlink(path);
    g_free(path);
    g_string_free(s, TRUE);
}

static void
test_excel_sep_line(void **state)
{
    fixture_t *f = *state;
    cm_dataset_t *ds = ingest_ok(f, "sep=;\r\nLand;Beitritt\r\nÖsterreich;01.01.1995\r\n", NULL);
    assert_int_equal(cm_dataset_n_items(ds), 1);
    assert_int_equal(item(ds, 0)->line, 3);
    assert_start(ds, 0, "1995-01-01");
    /* a comma file that says sep=, even though its header has semicolons in it */
    ds = ingest_ok(f, "sep=;\ncountry;joined;note,a,b,c\nFrance;1949;x\n", NULL);
    assert_int_equal(cm_dataset_n_items(ds), 1);
    /* with a BOM first */
    ds = ingest_ok(f, "\xEF\xBB\xBFsep=;\nLand;Beitritt\nItalien;1958\n", NULL);
    assert_string_equal(entity_name(ds, 0), "Italien");
}

/* ---- the real files of issue 15 (tests/realworld) ------------------------ */

#define REAL(name) CM_TESTDIR "/realworld/" name

static void
test_real_pct_list(void **state)
{
    fixture_t *f = *state;
    /* as published, without options: one error per two-digit year, naming the fix */
    f->ds = cm_ingest_file(REAL("pct-published.csv"), NULL, f->diag, &f->error);
    assert_null(f->ds);
    assert_int_equal(cm_diag_errors(f->diag), 6);
    assert_non_null(strstr(cm_diag_get(f->diag, 0)->message, "--century-pivot YEAR"));
    assert_non_null(strstr(cm_diag_get(f->diag, 5)->message, "--undated skip"));
    /* with the pivot and --undated skip, the map of contracting states can be drawn */
    cm_diag_free(f->diag);
    f->diag = cm_diag_new();
    g_clear_error(&f->error);
    cm_ingest_opts_t o = {.century_pivot = 1930, .undated = CM_UNDATED_SKIP};
    f->ds = cm_ingest_file(REAL("pct-published.csv"), &o, f->diag, &f->error);
    assert_non_null(f->ds);
    assert_int_equal(cm_dataset_n_items(f->ds), 5);
    assert_start(f->ds, 0, "1978-01-24");
    assert_start(f->ds, 4, "1978-10-01");
    assert_string_equal(cm_dataset_get_entity(f->ds, 0)->code, "US");
    assert_diags(f, 1,
                 REAL("pct-published.csv") ": warning: 1 row without a date left out (--undated "
                                           "skip), on line 7 (such as \"has not yet signed\")");
}

static void
test_real_german_excel_export(void **state)
{
    fixture_t *f = *state;
    f->ds = cm_ingest_file(REAL("de-excel-export.csv"), NULL, f->diag, &f->error);
    if (!f->ds)
        cm_diag_print(f->diag, stderr);
    assert_non_null(f->ds);
    assert_int_equal(cm_dataset_n_items(f->ds), 5);
    assert_string_equal(entity_name(f->ds, 1), "Dänemark");
    assert_string_equal(entity_name(f->ds, 2), "Österreich");
    assert_start(f->ds, 2, "1995-01-01");
    assert_start(f->ds, 4, "2013-07-01");
    assert_int_equal(item(f->ds, 0)->line, 3);
    assert_diags(f, 1,
                 REAL("de-excel-export.csv") ": warning: the file is not UTF-8: read as "
                                             "Windows-1252 (name another with --encoding, or save "
                                             "the file as UTF-8)");
}

static void
test_real_schengen_in_words(void **state)
{
    fixture_t *f = *state;
    f->ds = cm_ingest_file(REAL("schengen-words.csv"), NULL, f->diag, &f->error);
    assert_non_null(f->ds);
    assert_int_equal(cm_dataset_n_items(f->ds), 11);
    assert_int_equal(cm_diag_count(f->diag), 0);
    assert_start(f->ds, 0, "1995-03-26");
    assert_start(f->ds, 4, "1997-12-01");
    assert_start(f->ds, 10, "2023-01-01");
    assert_int_equal(item(f->ds, 10)->start.prec, CM_PREC_DAY);
}

int
main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_quoting),
        T(test_error_line_after_quoted_newlines),
        T(test_bom),
        T(test_delimiters),
        T(test_line_ends),
        T(test_reader_blocks),
        T(test_ragged_rows),
        T(test_unterminated_quote),
        T(test_stray_quotes),
        T(test_invalid_utf8_and_nul),
        T(test_empty_and_header_only),
        T(test_field_cap),
        T(test_column_and_row_caps),
        T(test_text_and_env_caps),
        T(test_missing_columns),
        T(test_header_synonyms),
        T(test_column_mapping),
        T(test_roles_by_name),
        T(test_open_spans),
        T(test_multiple_spans_per_entity),
        T(test_item_types),
        T(test_row_errors),
        T(test_several_errors_one_run),
        T(test_file_io),
        cmocka_unit_test_setup_teardown(test_ambiguous_order_is_an_error, setup, teardown),
        cmocka_unit_test_setup_teardown(test_order_settled_by_a_later_value, setup, teardown),
        cmocka_unit_test_setup_teardown(test_order_never_mixed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_date_options, setup, teardown),
        cmocka_unit_test_setup_teardown(test_undated_rows, setup, teardown),
        cmocka_unit_test_setup_teardown(test_empty_rows_ignored, setup, teardown),
        cmocka_unit_test_setup_teardown(test_encodings, setup, teardown),
        cmocka_unit_test_setup_teardown(test_encoding_detected_past_the_header, setup, teardown),
        cmocka_unit_test_setup_teardown(test_excel_sep_line, setup, teardown),
        cmocka_unit_test_setup_teardown(test_header_synonyms_in_languages, setup, teardown),
        cmocka_unit_test_setup_teardown(test_real_pct_list, setup, teardown),
        cmocka_unit_test_setup_teardown(test_real_german_excel_export, setup, teardown),
        cmocka_unit_test_setup_teardown(test_real_schengen_in_words, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
