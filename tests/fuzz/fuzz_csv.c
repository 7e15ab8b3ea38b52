/* fuzz_csv.c — libFuzzer target for CSV ingest (render/ingest).
 *
 * Three properties per input, beyond "no crash, no leak, no UB":
 * 1. Block independence: the reader fed the whole input at once and fed it in
 *    small pieces of pseudo-random sizes (seeded by the input) hands over the
 *    same rows (fields, line numbers, bad flags) and reports the same
 *    diagnostics — cm_ingest.h promises that blocks may split rows, quotes and
 *    CRLF pairs anywhere, and cm_ingest_file reads in 64 KiB blocks.
 * 2. Every field handed over and every diagnostic text is valid UTF-8.
 * 3. The dataset from cm_ingest_bytes keeps the model's invariants: valid
 *    entity indices, closed spans that do not end before they start.
 */
#include "fuzz_common.h"
#include "chronomap.h"
#include "ingest/cm_ingest_private.h"

#include <string.h>

typedef struct {
    GString *log;
    int rows;
} collect_t;

static bool
on_row(const cm__csv_row_t *row, void *data)
{
    collect_t *c = data;
    g_string_append_printf(c->log, "%d%s%d:", row->line, row->bad ? "!" : " ", row->n);
    for (int i = 0; i < row->n; i++) {
        FUZZ_CHECK(row->fields[i] != NULL);
        FUZZ_CHECK(g_utf8_validate(row->fields[i], -1, NULL));
        g_string_append(c->log, row->fields[i]);
        g_string_append_c(c->log, '\x1f');
    }
    g_string_append_c(c->log, '\n');
    return ++c->rows < 5000;
}

static void
append_diag(GString *log, const cm_diag_t *diag)
{
    for (int i = 0; i < cm_diag_count(diag); i++) {
        char *s = cm_diag_item_format(cm_diag_get(diag, i));
        FUZZ_CHECK(g_utf8_validate(s, -1, NULL));
        g_string_append(log, s);
        g_string_append_c(log, '\n');
        g_free(s);
    }
    g_string_append_printf(log, "errors=%d warnings=%d\n", cm_diag_errors(diag),
                           cm_diag_warnings(diag));
}

/* Reads DATA with the raw reader, in one block when SEED is 0, else in pieces
 * of 1..16 bytes chosen by a little LCG. Returns the log of rows and messages. */
static char *
read_rows(const uint8_t *data, size_t size, guint32 seed)
{
    collect_t c = {g_string_new(NULL), 0};
    cm_diag_t *diag = cm_diag_new();
    cm__csv_config_t cfg = {.name = "fuzz.csv",
                            .max_field = 256, /* small, so the cap path is reached */
                            .diag = diag,
                            .on_row = on_row,
                            .data = &c};
    cm__csv_reader_t *r = cm__csv_reader_new(&cfg);
    if (seed == 0) {
        cm__csv_reader_push(r, (const char *)data, size);
    } else {
        size_t off = 0;
        while (off < size) {
            seed = seed * 1103515245u + 12345u;
            size_t n = 1 + (seed >> 16) % 16;
            if (n > size - off)
                n = size - off;
            cm__csv_reader_push(r, (const char *)data + off, n);
            off += n;
        }
    }
    cm__csv_reader_finish(r);
    g_string_append_printf(c.log, "delimiter=%d\n", cm__csv_reader_delimiter(r));
    cm__csv_reader_free(r);
    append_diag(c.log, diag);
    cm_diag_free(diag);
    return g_string_free(c.log, FALSE);
}

static void
check_dataset(const cm_dataset_t *ds)
{
    int n_ent = cm_dataset_n_entities(ds);
    for (int i = 0; i < cm_dataset_n_items(ds); i++) {
        const cm_item_t *it = cm_dataset_get_item(ds, i);
        FUZZ_CHECK(it->entity >= 0 && it->entity < n_ent);
        FUZZ_CHECK(it->start.prec >= CM_PREC_YEAR && it->start.prec <= CM_PREC_DAY);
        if (it->kind == CM_ITEM_SPAN && !it->open)
            FUZZ_CHECK(cm_date_first_day(&it->start) <= cm_date_first_day(&it->end));
    }
    for (int i = 0; i < n_ent; i++) {
        const cm_entity_t *e = cm_dataset_get_entity(ds, i);
        FUZZ_CHECK(e->key != NULL && g_utf8_validate(e->key, -1, NULL));
    }
    int64_t first, last;
    if (cm_dataset_extent(ds, &first, &last))
        FUZZ_CHECK(first <= last);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    guint32 seed = 1;
    for (size_t i = 0; i < size; i++)
        seed = seed * 31u + data[i];
    char *whole = read_rows(data, size, 0);
    char *pieces = read_rows(data, size, seed | 1u);
    if (strcmp(whole, pieces) != 0) {
        fprintf(stderr, "whole input:\n%s\nin pieces:\n%s\n", whole, pieces);
        FUZZ_CHECK(!"reading in pieces changes the result");
    }
    g_free(whole);
    g_free(pieces);

    cm_diag_t *diag = cm_diag_new();
    GError *err = NULL;
    cm_ingest_opts_t opts = {.max_field = 4096, .max_rows = 2000};
    cm_dataset_t *ds = cm_ingest_bytes("fuzz.csv", (const char *)data, size, &opts, diag, &err);
    if (ds) {
        FUZZ_CHECK(err == NULL);
        FUZZ_CHECK(cm_diag_errors(diag) == 0);
        check_dataset(ds);
    } else {
        FUZZ_CHECK(err != NULL && err->domain == CM_ERROR);
        FUZZ_CHECK(g_utf8_validate(err->message, -1, NULL));
    }
    GString *sink = g_string_new(NULL);
    append_diag(sink, diag);
    g_string_free(sink, TRUE);
    g_clear_error(&err);
    cm_dataset_free(ds);
    cm_diag_free(diag);
    return 0;
}
