/* test_data.c — keeps the shipped datasets under data/ true to the reference facts.
 *
 * Every date chronomap ships comes from tests/reference/facts.csv, a verbatim
 * copy of the project's checked reference (columns entity, iso2, iso3, event,
 * date, precision, source_note). This test reads each shipped CSV twice: once
 * through cm_ingest_file(), as the product does, and once with a small
 * RFC 4180 reader of its own, so it can compare the raw date strings as well as
 * the parsed dates. It checks that
 *   - data/nato/members.csv has exactly the 32 members, each joined on its
 *     facts.csv date (founders: the treaty's entry into force), at day
 *     precision, still open; the member counts on key days; and that the
 *     dates most often published wrong are right;
 *   - every row of the milestone and treaty files names its fact
 *     ("entity/event" in column fact, the span end's in closing_fact; entity
 *     "*" means every founder row of that event), carries the same date string
 *     and precision (so "2012-09" stays a month and "~2008" stays
 *     approximate), and that each file covers all the facts it is meant to;
 *   - every row of every shipped CSV names a source.
 * Each disagreement is printed as FILE:LINE: message, all of them, and the test
 * then fails with their count.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "chronomap.h"

#define FACTS_REL "tests/reference/facts.csv"
#define MEMBERS_REL "data/nato/members.csv"
#define MILESTONES_REL "data/nato/milestones.csv"
#define ASIA_PACIFIC_REL "data/treaties/asia-pacific.csv"
#define JAPAN_KOREA_REL "data/treaties/japan-korea-nato.csv"
#define COLD_WAR_REL "data/eras/cold-war.csv"
#define LABEL_MAX_CHARS 40

/* ---- a small CSV reader, independent of the product's ingest ---- */

typedef struct {
    int line;          /* line the record starts on, 1-based (header = 1) */
    GPtrArray *fields; /* owned char * */
} rec_t;

typedef struct {
    char *rel;         /* owned; path relative to the source tree */
    GPtrArray *header; /* owned char * */
    GPtrArray *recs;   /* owned rec_t * */
} table_t;

static void
rec_free(gpointer p)
{
    rec_t *r = p;
    g_ptr_array_unref(r->fields);
    g_free(r);
}

static void
table_free(table_t *t)
{
    if (!t)
        return;
    g_free(t->rel);
    if (t->header)
        g_ptr_array_unref(t->header);
    g_ptr_array_unref(t->recs);
    g_free(t);
}

/* Reads one record at *P (RFC 4180: quotes, doubled quotes, newlines in
 * quotes; LF, CRLF or CR line ends), advancing *P and *LINE. */
static GPtrArray *
csv_next_record(const char **p, const char *end, int *line)
{
    GPtrArray *fields = g_ptr_array_new_with_free_func(g_free);
    const char *s = *p;
    for (;;) {
        GString *f = g_string_new(NULL);
        if (s < end && *s == '"') {
            for (s++; s < end; s++) {
                if (*s == '"' && s + 1 < end && s[1] == '"') {
                    g_string_append_c(f, '"');
                    s++;
                    continue;
                }
                if (*s == '"')
                    break;
                if (*s == '\n')
                    (*line)++;
                g_string_append_c(f, *s);
            }
            if (s < end)
                s++; /* closing quote */
        }
        while (s < end && *s != ',' && *s != '\n' && *s != '\r')
            g_string_append_c(f, *s++);
        g_ptr_array_add(fields, g_string_free(f, FALSE));
        if (s < end && *s == ',') {
            s++;
            continue;
        }
        break;
    }
    if (s < end && *s == '\r')
        s++;
    if (s < end && *s == '\n')
        s++;
    (*line)++;
    *p = s;
    return fields;
}

/* Reads CM_SRCDIR/REL; fails the test when the file cannot be read. */
static table_t *
table_read(const char *rel)
{
    char *path = g_build_filename(CM_SRCDIR, rel, NULL);
    char *text = NULL;
    gsize len = 0;
    GError *err = NULL;
    if (!g_file_get_contents(path, &text, &len, &err))
        fail_msg("%s: cannot read: %s", rel, err->message);
    g_free(path);

    table_t *t = g_new0(table_t, 1);
    t->rel = g_strdup(rel);
    t->recs = g_ptr_array_new_with_free_func(rec_free);
    const char *s = text, *end = text + len;
    if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
        s += 3;
    int line = 1;
    while (s < end) {
        int start = line;
        GPtrArray *fields = csv_next_record(&s, end, &line);
        bool blank = fields->len == 1 && *(char *)fields->pdata[0] == '\0';
        if (blank) {
            g_ptr_array_unref(fields);
        } else if (!t->header) {
            t->header = fields;
        } else {
            rec_t *r = g_new0(rec_t, 1);
            r->line = start;
            r->fields = fields;
            g_ptr_array_add(t->recs, r);
        }
    }
    g_free(text);
    if (!t->header)
        fail_msg("%s: no header line", rel);
    return t;
}

/* Index of the column named NAME (case-insensitive), or -1. */
static int
table_col(const table_t *t, const char *name)
{
    for (guint i = 0; i < t->header->len; i++)
        if (g_ascii_strcasecmp(t->header->pdata[i], name) == 0)
            return (int)i;
    return -1;
}

/* Like table_col() but fails the test when the column is missing. */
static int
table_need_col(const table_t *t, const char *name)
{
    int c = table_col(t, name);
    if (c < 0)
        fail_msg("%s: no column \"%s\"", t->rel, name);
    return c;
}

static const char *
rec_get(const rec_t *r, int col)
{
    if (col < 0 || (guint)col >= r->fields->len)
        return "";
    return r->fields->pdata[col];
}

static const rec_t *
table_rec(const table_t *t, guint i)
{
    return t->recs->pdata[i];
}

/* ---- problems: printed as they are found, counted, failed on at the end ---- */

typedef struct {
    int count;
} problems_t;

static void problem(problems_t *pr, const char *file, int line, const char *fmt, ...)
    G_GNUC_PRINTF(4, 5);

static void
problem(problems_t *pr, const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    if (line > 0)
        print_error("%s:%d: %s\n", file, line, msg);
    else
        print_error("%s: %s\n", file, msg);
    g_free(msg);
    pr->count++;
}

static void
problems_assert_none(const problems_t *pr, const char *what)
{
    if (pr->count > 0)
        fail_msg("%d problem(s) in %s; see the lines above", pr->count, what);
}

/* ---- dates as the reference writes them ---- */

typedef struct {
    int year, month, day;
    int prec; /* cm_precision_t */
    bool approx;
} ymd_t;

static bool
digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (!g_ascii_isdigit(s[i]))
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

static int
days_in_month(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

/* Parses "YYYY", "YYYY-MM", "YYYY-MM-DD", each with an optional leading "~".
 * Deliberately strict: these are the only forms the shipped data may use. */
static bool
ymd_parse(const char *s, ymd_t *out)
{
    memset(out, 0, sizeof *out);
    if (*s == '~') {
        out->approx = true;
        s++;
    }
    size_t n = strlen(s);
    if (n != 4 && n != 7 && n != 10)
        return false;
    if (!digits(s, 4, &out->year))
        return false;
    out->prec = CM_PREC_YEAR;
    if (n >= 7 &&
        (s[4] != '-' || !digits(s + 5, 2, &out->month) || out->month < 1 || out->month > 12))
        return false;
    if (n >= 7)
        out->prec = CM_PREC_MONTH;
    if (n == 10 && (s[7] != '-' || !digits(s + 8, 2, &out->day) || out->day < 1 ||
                    out->day > days_in_month(out->year, out->month)))
        return false;
    if (n == 10)
        out->prec = CM_PREC_DAY;
    return true;
}

static bool
date_matches(const cm_date_t *d, const ymd_t *e)
{
    return d->prec == e->prec && d->year == e->year && d->approx == e->approx &&
           (e->prec < CM_PREC_MONTH || d->month == e->month) &&
           (e->prec < CM_PREC_DAY || d->day == e->day);
}

/* "~2008 (year)", "2012-09 (month)": the ingested date, for messages. */
static char *
date_describe(const cm_date_t *d)
{
    static const char *const names[] = {"none", "year", "month", "day"};
    const char *pname = d->prec <= CM_PREC_DAY ? names[d->prec] : "bad";
    GString *s = g_string_new(d->approx ? "~" : "");
    g_string_append_printf(s, "%04d", (int)d->year);
    if (d->prec >= CM_PREC_MONTH)
        g_string_append_printf(s, "-%02u", d->month);
    if (d->prec >= CM_PREC_DAY)
        g_string_append_printf(s, "-%02u", d->day);
    g_string_append_printf(s, " (%s)", pname);
    return g_string_free(s, FALSE);
}

/* Lexicographic (year, month, day) order of two day-precision dates. */
static int
ymd_cmp_date(const cm_date_t *d, int y, int m, int day)
{
    if (d->year != y)
        return d->year < y ? -1 : 1;
    if (d->month != m)
        return d->month < m ? -1 : 1;
    if (d->day != day)
        return d->day < day ? -1 : 1;
    return 0;
}

/* ---- the reference facts ---- */

typedef struct {
    table_t *t;
    int c_entity, c_iso2, c_event, c_date, c_prec;
} facts_t;

static const char *
fact_entity(const facts_t *f, const rec_t *r)
{
    return rec_get(r, f->c_entity);
}

static const char *
fact_event(const facts_t *f, const rec_t *r)
{
    return rec_get(r, f->c_event);
}

/* The date string the shipped data must carry for fact R: the reference date,
 * with "~" in front when its precision is approximate. Returns a new string. */
static char *
fact_expected_text(const facts_t *f, const rec_t *r)
{
    const char *prec = rec_get(r, f->c_prec);
    return g_strconcat(g_str_has_prefix(prec, "approx") ? "~" : "", rec_get(r, f->c_date), NULL);
}

static char *
fact_key(const facts_t *f, const rec_t *r)
{
    return g_strconcat(fact_entity(f, r), "/", fact_event(f, r), NULL);
}

/* Facts named by KEY "entity/event" ("*" entity: every row of that event).
 * Returns a new array of borrowed records, empty when nothing matches. */
static GPtrArray *
facts_find(const facts_t *f, const char *key)
{
    GPtrArray *out = g_ptr_array_new();
    const char *slash = strrchr(key, '/');
    if (!slash)
        return out;
    char *entity = g_strndup(key, (gsize)(slash - key));
    const char *event = slash + 1;
    for (guint i = 0; i < f->t->recs->len; i++) {
        const rec_t *r = table_rec(f->t, i);
        if (strcmp(fact_event(f, r), event) != 0)
            continue;
        if (strcmp(entity, "*") == 0 || strcmp(entity, fact_entity(f, r)) == 0)
            g_ptr_array_add(out, (gpointer)r);
    }
    g_free(entity);
    return out;
}

static int
setup_facts(void **state)
{
    facts_t *f = g_new0(facts_t, 1);
    f->t = table_read(FACTS_REL);
    f->c_entity = table_need_col(f->t, "entity");
    f->c_iso2 = table_need_col(f->t, "iso2");
    f->c_event = table_need_col(f->t, "event");
    f->c_date = table_need_col(f->t, "date");
    f->c_prec = table_need_col(f->t, "precision");
    *state = f;
    return 0;
}

static int
teardown_facts(void **state)
{
    facts_t *f = *state;
    table_free(f->t);
    g_free(f);
    return 0;
}

/* ---- a shipped file, read both ways ---- */

typedef struct {
    table_t *raw;
    cm_dataset_t *ds;
    GHashTable *item_by_line; /* line -> const cm_item_t * (borrowed from ds) */
} shipped_t;

static void
shipped_free(shipped_t *s)
{
    g_hash_table_unref(s->item_by_line);
    cm_dataset_free(s->ds);
    table_free(s->raw);
    g_free(s);
}

/* Loads REL with cm_ingest_file() and with the reader above, and pairs each
 * raw record with the item ingested from its line. Fails the test when the
 * product cannot read the file or reports any problem, even a warning. */
static shipped_t *
shipped_load(const char *rel, problems_t *pr)
{
    shipped_t *s = g_new0(shipped_t, 1);
    s->raw = table_read(rel);
    char *path = g_build_filename(CM_SRCDIR, rel, NULL);
    cm_diag_t *diag = cm_diag_new();
    GError *err = NULL;
    s->ds = cm_ingest_file(path, NULL, diag, &err);
    if (cm_diag_count(diag) > 0)
        cm_diag_print(diag, stderr);
    if (!s->ds)
        fail_msg("%s: cm_ingest_file failed: %s", rel, err ? err->message : "(no message)");
    if (cm_diag_errors(diag) > 0 || cm_diag_warnings(diag) > 0)
        fail_msg("%s: %d ingest error(s) and %d warning(s), printed above; shipped data must "
                 "read cleanly",
                 rel, cm_diag_errors(diag), cm_diag_warnings(diag));
    cm_diag_free(diag);
    g_free(path);

    s->item_by_line = g_hash_table_new(g_direct_hash, g_direct_equal);
    for (int i = 0; i < cm_dataset_n_items(s->ds); i++) {
        const cm_item_t *it = cm_dataset_get_item(s->ds, i);
        if (g_hash_table_contains(s->item_by_line, GINT_TO_POINTER(it->line)))
            problem(pr, rel, it->line, "two items ingested from one line");
        g_hash_table_insert(s->item_by_line, GINT_TO_POINTER(it->line), (gpointer)it);
    }
    if ((guint)cm_dataset_n_items(s->ds) != s->raw->recs->len)
        problem(pr, rel, 0, "%u rows in the file but %d items ingested", s->raw->recs->len,
                cm_dataset_n_items(s->ds));
    return s;
}

/* The item ingested from raw record R, or NULL (and a problem). */
static const cm_item_t *
shipped_item(const shipped_t *s, const rec_t *r, problems_t *pr)
{
    const cm_item_t *it = g_hash_table_lookup(s->item_by_line, GINT_TO_POINTER(r->line));
    if (!it)
        problem(pr, s->raw->rel, r->line, "row not found among the ingested items");
    return it;
}

/* Every row names a non-empty source, in the raw file and once ingested. */
static void
check_sources(const shipped_t *s, problems_t *pr)
{
    int c_src = table_col(s->raw, "source");
    if (c_src < 0) {
        problem(pr, s->raw->rel, 1, "no \"source\" column");
        return;
    }
    for (guint i = 0; i < s->raw->recs->len; i++) {
        const rec_t *r = table_rec(s->raw, i);
        const cm_item_t *it = shipped_item(s, r, pr);
        char *src = g_strstrip(g_strdup(rec_get(r, c_src)));
        if (*src == '\0')
            problem(pr, s->raw->rel, r->line, "row \"%s\" has an empty source", rec_get(r, 0));
        g_free(src);
        if (it && (!it->source || !*it->source))
            problem(pr, s->raw->rel, r->line, "row \"%s\" ingested without a source",
                    rec_get(r, 0));
    }
}

/* ---- checks of rows that name their fact ---- */

/* Checks one date cell (column COL of R, ingested as GOT) against the facts
 * named by KEY. Adds the resolved fact keys to REFERENCED. */
static void
check_date_cell(const facts_t *f, const shipped_t *s, const rec_t *r, int col, const char *key,
                const cm_date_t *got, GHashTable *referenced, problems_t *pr)
{
    const char *rel = s->raw->rel;
    const char *text = rec_get(r, col);
    const char *colname = s->raw->header->pdata[col];
    GPtrArray *facts = facts_find(f, key);
    if (facts->len == 0) {
        problem(pr, rel, r->line, "\"%s\": fact \"%s\" is not in %s", rec_get(r, 0), key,
                FACTS_REL);
        g_ptr_array_unref(facts);
        return;
    }
    for (guint i = 0; i < facts->len; i++) {
        const rec_t *fr = facts->pdata[i];
        char *want = fact_expected_text(f, fr);
        g_hash_table_add(referenced, fact_key(f, fr));
        if (strcmp(text, want) != 0)
            problem(pr, rel, r->line,
                    "\"%s\": %s is \"%s\" but %s line %d (%s) says \"%s\" at precision %s",
                    rec_get(r, 0), colname, text, FACTS_REL, fr->line, key, want,
                    rec_get(fr, f->c_prec));
        ymd_t e;
        if (!ymd_parse(want, &e))
            problem(pr, FACTS_REL, fr->line, "date \"%s\" is not YYYY[-MM[-DD]]", want);
        else if (got && !date_matches(got, &e)) {
            char *d = date_describe(got);
            problem(pr, rel, r->line, "\"%s\": %s ingested as %s, but the fact is \"%s\"",
                    rec_get(r, 0), colname, d, want);
            g_free(d);
        }
        g_free(want);
    }
    g_ptr_array_unref(facts);
}

/* Every row of S (columns type, date, end, fact, closing_fact) carries its
 * facts' date strings and precision; spans have both ends from facts, events
 * have no end. The fact keys used are added to REFERENCED. */
static void
check_fact_rows(const facts_t *f, const shipped_t *s, GHashTable *referenced, problems_t *pr)
{
    const table_t *t = s->raw;
    int c_type = table_need_col(t, "type"), c_date = table_need_col(t, "date");
    int c_end = table_need_col(t, "end"), c_fact = table_need_col(t, "fact");
    int c_close = table_need_col(t, "closing_fact");
    for (guint i = 0; i < t->recs->len; i++) {
        const rec_t *r = table_rec(t, i);
        const cm_item_t *it = shipped_item(s, r, pr);
        const char *type = rec_get(r, c_type), *fact = rec_get(r, c_fact);
        const char *end = rec_get(r, c_end), *close = rec_get(r, c_close);
        bool span = strcmp(type, "span") == 0;
        if (!span && strcmp(type, "event") != 0)
            problem(pr, t->rel, r->line, "type \"%s\" is neither \"event\" nor \"span\"", type);
        if (it && it->kind != (span ? CM_ITEM_SPAN : CM_ITEM_EVENT))
            problem(pr, t->rel, r->line, "\"%s\": type \"%s\" but ingested as %s", rec_get(r, 0),
                    type, it->kind == CM_ITEM_SPAN ? "a span" : "an event");
        if (!*fact)
            problem(pr, t->rel, r->line,
                    "\"%s\": no fact; every shipped date must come from %s (column fact)",
                    rec_get(r, 0), FACTS_REL);
        else
            check_date_cell(f, s, r, c_date, fact, it ? &it->start : NULL, referenced, pr);
        if (!span && (*end || *close))
            problem(pr, t->rel, r->line, "\"%s\": an event with an end", rec_get(r, 0));
        if (span && (!*end || !*close))
            problem(pr, t->rel, r->line,
                    "\"%s\": a span needs an end date and its closing_fact (end \"%s\", "
                    "closing_fact \"%s\")",
                    rec_get(r, 0), end, close);
        if (span && *end && *close) {
            if (it && it->open)
                problem(pr, t->rel, r->line, "\"%s\": closed span ingested as open", rec_get(r, 0));
            check_date_cell(f, s, r, c_end, close, it && !it->open ? &it->end : NULL, referenced,
                            pr);
        }
    }
}

/* Every fact of the entities in ENTITIES, and every fact named by KEYS
 * ("entity/event" or "*" + "/event"), is used by some row of file REL. */
static void
check_coverage(const facts_t *f, const char *rel, GHashTable *referenced,
               const char *const *entities, const char *const *keys, problems_t *pr)
{
    for (guint i = 0; i < f->t->recs->len; i++) {
        const rec_t *fr = table_rec(f->t, i);
        for (const char *const *e = entities; e && *e; e++) {
            if (strcmp(*e, fact_entity(f, fr)) != 0)
                continue;
            char *key = fact_key(f, fr);
            if (!g_hash_table_contains(referenced, key))
                problem(pr, rel, 0, "no row for fact \"%s\" (%s line %d)", key, FACTS_REL,
                        fr->line);
            g_free(key);
        }
    }
    for (const char *const *k = keys; k && *k; k++) {
        GPtrArray *facts = facts_find(f, *k);
        if (facts->len == 0)
            problem(pr, FACTS_REL, 0, "fact \"%s\" expected but missing", *k);
        for (guint i = 0; i < facts->len; i++) {
            char *key = fact_key(f, facts->pdata[i]);
            if (!g_hash_table_contains(referenced, key))
                problem(pr, rel, 0, "no row for fact \"%s\"", key);
            g_free(key);
        }
        g_ptr_array_unref(facts);
    }
}

/* The row whose fact is FACT must be a span closed by CLOSE. */
static void
check_span_pair(const shipped_t *s, const char *fact, const char *close, problems_t *pr)
{
    const table_t *t = s->raw;
    int c_fact = table_need_col(t, "fact"), c_close = table_need_col(t, "closing_fact");
    int c_type = table_need_col(t, "type");
    for (guint i = 0; i < t->recs->len; i++) {
        const rec_t *r = table_rec(t, i);
        if (strcmp(rec_get(r, c_fact), fact) != 0)
            continue;
        if (strcmp(rec_get(r, c_type), "span") != 0 || strcmp(rec_get(r, c_close), close) != 0)
            problem(pr, t->rel, r->line, "\"%s\" must be a span from %s to %s", rec_get(r, 0), fact,
                    close);
        return;
    }
    problem(pr, t->rel, 0, "no span from %s to %s", fact, close);
}

/* The row whose fact is FACT has date string TEXT; guards the reference copy
 * itself against the errors most often published. */
static void
check_spot(const shipped_t *s, const char *fact, const char *text, problems_t *pr)
{
    const table_t *t = s->raw;
    int c_fact = table_need_col(t, "fact"), c_date = table_need_col(t, "date");
    for (guint i = 0; i < t->recs->len; i++) {
        const rec_t *r = table_rec(t, i);
        if (strcmp(rec_get(r, c_fact), fact) != 0)
            continue;
        if (strcmp(rec_get(r, c_date), text) != 0)
            problem(pr, t->rel, r->line, "%s must be \"%s\", not \"%s\"", fact, text,
                    rec_get(r, c_date));
        return;
    }
    problem(pr, t->rel, 0, "no row for %s", fact);
}

/* Rows whose fact is FACT say NEEDLE in their note. */
static void
check_note_mentions(const shipped_t *s, const char *fact, const char *needle, problems_t *pr)
{
    const table_t *t = s->raw;
    int c_fact = table_need_col(t, "fact"), c_note = table_need_col(t, "note");
    for (guint i = 0; i < t->recs->len; i++) {
        const rec_t *r = table_rec(t, i);
        if (strcmp(rec_get(r, c_fact), fact) == 0 && !strstr(rec_get(r, c_note), needle))
            problem(pr, t->rel, r->line, "note of %s must mention \"%s\"", fact, needle);
    }
}

/* ---- the reference itself ---- */

static void
test_reference_facts_are_well_formed(void **state)
{
    const facts_t *f = *state;
    problems_t pr = {0};
    static const char *const header[] = {"entity", "iso2",      "iso3",       "event",
                                         "date",   "precision", "source_note"};
    assert_int_equal(f->t->header->len, G_N_ELEMENTS(header));
    for (guint i = 0; i < G_N_ELEMENTS(header); i++)
        assert_string_equal(f->t->header->pdata[i], header[i]);
    int members = 0;
    for (guint i = 0; i < f->t->recs->len; i++) {
        const rec_t *r = table_rec(f->t, i);
        const char *prec = rec_get(r, f->c_prec);
        char *want = fact_expected_text(f, r);
        ymd_t e;
        if (r->fields->len != G_N_ELEMENTS(header))
            problem(&pr, FACTS_REL, r->line, "%u fields, expected %u", r->fields->len,
                    (unsigned)G_N_ELEMENTS(header));
        if (!ymd_parse(want, &e))
            problem(&pr, FACTS_REL, r->line, "date \"%s\" is not YYYY[-MM[-DD]]", want);
        else if (!e.approx && !((e.prec == CM_PREC_DAY && strcmp(prec, "day") == 0) ||
                                (e.prec == CM_PREC_MONTH && strcmp(prec, "month") == 0) ||
                                (e.prec == CM_PREC_YEAR && strcmp(prec, "year") == 0)))
            problem(&pr, FACTS_REL, r->line, "date \"%s\" does not have precision \"%s\"", want,
                    prec);
        else if (e.approx && e.prec != CM_PREC_YEAR)
            problem(&pr, FACTS_REL, r->line, "approximate date \"%s\" is not a year", want);
        const char *ev = fact_event(f, r);
        if (strcmp(ev, "nato_accession") == 0 || strcmp(ev, "nato_founder_treaty_in_force") == 0)
            members++;
        g_free(want);
    }
    if (members != 32)
        problem(&pr, FACTS_REL, 0, "%d NATO members, expected 32", members);
    problems_assert_none(&pr, FACTS_REL);
}

/* ---- data/nato/members.csv ---- */

typedef struct {
    int c_country, c_iso2, c_joined, c_left, c_round;
} members_cols_t;

/* Fact (accession or founders' treaty in force) for each member code. */
static GHashTable *
member_facts(const facts_t *f, problems_t *pr)
{
    GHashTable *by_iso2 = g_hash_table_new(g_str_hash, g_str_equal);
    for (guint i = 0; i < f->t->recs->len; i++) {
        const rec_t *r = table_rec(f->t, i);
        const char *ev = fact_event(f, r);
        if (strcmp(ev, "nato_accession") != 0 && strcmp(ev, "nato_founder_treaty_in_force") != 0)
            continue;
        const char *iso2 = rec_get(r, f->c_iso2);
        if (g_hash_table_contains(by_iso2, iso2))
            problem(pr, FACTS_REL, r->line, "second membership fact for %s", iso2);
        g_hash_table_insert(by_iso2, (gpointer)iso2, (gpointer)r);
    }
    return by_iso2;
}

static void
check_member_row(const facts_t *f, const shipped_t *s, const members_cols_t *c,
                 GHashTable *facts_by_iso2, const rec_t *r, problems_t *pr)
{
    const char *rel = s->raw->rel, *name = rec_get(r, c->c_country);
    const char *iso2 = rec_get(r, c->c_iso2), *joined = rec_get(r, c->c_joined);
    const cm_item_t *it = shipped_item(s, r, pr);
    const rec_t *fr = g_hash_table_lookup(facts_by_iso2, iso2);
    if (!fr) {
        problem(pr, rel, r->line, "%s (%s) is not a NATO member in %s", name, iso2, FACTS_REL);
        return;
    }
    if (strcmp(joined, rec_get(fr, f->c_date)) != 0 || strcmp(rec_get(fr, f->c_prec), "day"))
        problem(pr, rel, r->line, "%s joined \"%s\" but %s line %d (%s) says \"%s\" (%s)", name,
                joined, FACTS_REL, fr->line, fact_event(f, fr), rec_get(fr, f->c_date),
                rec_get(fr, f->c_prec));
    if (*rec_get(r, c->c_left))
        problem(pr, rel, r->line, "%s has left \"%s\": no member has left NATO", name,
                rec_get(r, c->c_left));
    if (!*rec_get(r, c->c_round))
        problem(pr, rel, r->line, "%s has no round", name);
    if (!it)
        return;
    ymd_t e;
    if (!ymd_parse(rec_get(fr, f->c_date), &e) || !date_matches(&it->start, &e) ||
        e.prec != CM_PREC_DAY) {
        char *d = date_describe(&it->start);
        problem(pr, rel, r->line, "%s joined ingested as %s, expected %s (day)", name, d,
                rec_get(fr, f->c_date));
        g_free(d);
    }
    if (it->kind != CM_ITEM_SPAN || !it->open)
        problem(pr, rel, r->line, "%s must be an open span (still a member)", name);
    const cm_entity_t *ent = cm_dataset_get_entity(s->ds, it->entity);
    if (!ent->code || strcmp(ent->code, iso2) != 0)
        problem(pr, rel, r->line, "%s: entity code is \"%s\", expected the iso2 \"%s\"", name,
                ent->code ? ent->code : "(none)", iso2);
    if (!ent->name || strcmp(ent->name, name) != 0)
        problem(pr, rel, r->line, "entity name \"%s\", expected \"%s\"",
                ent->name ? ent->name : "(none)", name);
}

/* Members whose (open or closed) span covers day Y-M-D. */
static int
members_on(const cm_dataset_t *ds, int y, int m, int d)
{
    int n = 0;
    for (int i = 0; i < cm_dataset_n_items(ds); i++) {
        const cm_item_t *it = cm_dataset_get_item(ds, i);
        if (it->kind != CM_ITEM_SPAN || ymd_cmp_date(&it->start, y, m, d) > 0)
            continue;
        if (it->open || ymd_cmp_date(&it->end, y, m, d) > 0)
            n++;
    }
    return n;
}

static void
check_member_counts(const shipped_t *s, problems_t *pr)
{
    static const struct {
        int y, m, d, want;
    } counts[] = {
        {1949, 8, 23, 0}, {1949, 8, 24, 12}, {1982, 5, 29, 15},
        {1990, 1, 1, 16}, {2020, 3, 26, 29}, {2020, 3, 27, 30},
        {2023, 4, 4, 31}, {2024, 3, 6, 31},  {2024, 3, 7, 32},
    };
    for (guint i = 0; i < G_N_ELEMENTS(counts); i++) {
        int got = members_on(s->ds, counts[i].y, counts[i].m, counts[i].d);
        if (got != counts[i].want)
            problem(pr, s->raw->rel, 0, "%d members on %04d-%02d-%02d, expected %d", got,
                    counts[i].y, counts[i].m, counts[i].d, counts[i].want);
    }
}

/* Dates most often published wrong: each must be present exactly so. */
static void
check_common_errors(const shipped_t *s, const members_cols_t *c, problems_t *pr)
{
    static const struct {
        const char *iso2, *joined, *wrong;
    } known[] = {
        {"ES", "1982-05-30", NULL},         {"MK", "2020-03-27", "2020-03-30"},
        {"FI", "2023-04-04", NULL},         {"SE", "2024-03-07", "2024-03-11"},
        {"DE", "1955-05-06", "1955-05-09"}, {"ME", "2017-06-05", "2017-06-07"},
    };
    for (guint k = 0; k < G_N_ELEMENTS(known); k++) {
        const rec_t *found = NULL;
        for (guint i = 0; i < s->raw->recs->len && !found; i++)
            if (strcmp(rec_get(table_rec(s->raw, i), c->c_iso2), known[k].iso2) == 0)
                found = table_rec(s->raw, i);
        if (!found) {
            problem(pr, s->raw->rel, 0, "member %s is missing", known[k].iso2);
            continue;
        }
        const char *joined = rec_get(found, c->c_joined);
        if (strcmp(joined, known[k].joined) != 0)
            problem(pr, s->raw->rel, found->line, "%s joined \"%s\", must be \"%s\"%s%s%s",
                    known[k].iso2, joined, known[k].joined, known[k].wrong ? " (not " : "",
                    known[k].wrong ? known[k].wrong : "", known[k].wrong ? ")" : "");
    }
}

static void
test_members_match_facts(void **state)
{
    const facts_t *f = *state;
    problems_t pr = {0};
    shipped_t *s = shipped_load(MEMBERS_REL, &pr);
    members_cols_t c = {
        .c_country = table_need_col(s->raw, "country"),
        .c_iso2 = table_need_col(s->raw, "iso2"),
        .c_joined = table_need_col(s->raw, "joined"),
        .c_left = table_need_col(s->raw, "left"),
        .c_round = table_need_col(s->raw, "round"),
    };
    GHashTable *facts_by_iso2 = member_facts(f, &pr);
    GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);

    if (s->raw->recs->len != 32)
        problem(&pr, MEMBERS_REL, 0, "%u members, expected 32", s->raw->recs->len);
    if (cm_dataset_n_entities(s->ds) != 32)
        problem(&pr, MEMBERS_REL, 0, "%d entities ingested, expected 32",
                cm_dataset_n_entities(s->ds));
    for (guint i = 0; i < s->raw->recs->len; i++) {
        const rec_t *r = table_rec(s->raw, i);
        const char *iso2 = rec_get(r, c.c_iso2);
        if (!g_hash_table_add(seen, (gpointer)iso2))
            problem(&pr, MEMBERS_REL, r->line, "%s listed twice", iso2);
        check_member_row(f, s, &c, facts_by_iso2, r, &pr);
    }
    GHashTableIter iter;
    gpointer key, value;
    g_hash_table_iter_init(&iter, facts_by_iso2);
    while (g_hash_table_iter_next(&iter, &key, &value))
        if (!g_hash_table_contains(seen, key))
            problem(&pr, MEMBERS_REL, 0, "member %s (%s line %d) is missing", (char *)key,
                    FACTS_REL, ((const rec_t *)value)->line);
    check_member_counts(s, &pr);
    check_common_errors(s, &c, &pr);
    check_sources(s, &pr);

    g_hash_table_unref(seen);
    g_hash_table_unref(facts_by_iso2);
    shipped_free(s);
    problems_assert_none(&pr, MEMBERS_REL);
}

/* ---- milestones and treaties ---- */

static void
test_milestones_match_facts(void **state)
{
    const facts_t *f = *state;
    problems_t pr = {0};
    shipped_t *s = shipped_load(MILESTONES_REL, &pr);
    GHashTable *referenced = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    static const char *const entities[] = {"Japan", "Republic of Korea", NULL};
    static const char *const keys[] = {"*/nato_founder_treaty_signed",
                                       "*/nato_founder_treaty_in_force",
                                       "Germany/reunification_gdr_territory_joins_nato",
                                       "France/integrated_command_withdrawal_effective",
                                       "France/integrated_command_return_formalised",
                                       "Greece/military_structure_withdrawal",
                                       "Greece/military_structure_return",
                                       "Australia/nato_madrid_summit_attendance",
                                       "New Zealand/nato_madrid_summit_attendance",
                                       NULL};

    check_fact_rows(f, s, referenced, &pr);
    check_coverage(f, MILESTONES_REL, referenced, entities, keys, &pr);
    check_span_pair(s, "France/integrated_command_withdrawal_effective",
                    "France/integrated_command_return_formalised", &pr);
    check_span_pair(s, "Greece/military_structure_withdrawal", "Greece/military_structure_return",
                    &pr);
    check_spot(s, "*/nato_founder_treaty_signed", "1949-04-04", &pr);
    check_spot(s, "Republic of Korea/nato_ipcp_signed", "2012-09", &pr);
    check_spot(s, "Republic of Korea/mission_to_nato_established", "2022-11", &pr);
    check_spot(s, "Japan/nato_partner_across_the_globe", "~2008", &pr);
    check_sources(s, &pr);

    g_hash_table_unref(referenced);
    shipped_free(s);
    problems_assert_none(&pr, MILESTONES_REL);
}

static const char *const treaty_entities[] = {
    "US-Japan Security Treaty",     "Treaty of Mutual Cooperation and Security (US-Japan)",
    "US-ROK Mutual Defense Treaty", "Quad (Quadrilateral Security Dialogue)",
    "Camp David trilateral summit", NULL,
};

static void
test_asia_pacific_matches_facts(void **state)
{
    const facts_t *f = *state;
    problems_t pr = {0};
    shipped_t *s = shipped_load(ASIA_PACIFIC_REL, &pr);
    GHashTable *referenced = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    static const char *const more[] = {"ANZUS Treaty", "SEATO (Manila Pact)", NULL};

    check_fact_rows(f, s, referenced, &pr);
    check_coverage(f, ASIA_PACIFIC_REL, referenced, treaty_entities, NULL, &pr);
    check_coverage(f, ASIA_PACIFIC_REL, referenced, more, NULL, &pr);
    check_span_pair(s, "SEATO (Manila Pact)/organisation_established",
                    "SEATO (Manila Pact)/organisation_dissolved", &pr);
    check_spot(s, "US-ROK Mutual Defense Treaty/treaty_in_force", "1954-11-17", &pr);
    check_spot(s, "Quad (Quadrilateral Security Dialogue)/quad_first_meeting", "2007-05", &pr);
    check_note_mentions(s, "US-ROK Mutual Defense Treaty/treaty_in_force", "18 Nov", &pr);
    check_sources(s, &pr);

    g_hash_table_unref(referenced);
    shipped_free(s);
    problems_assert_none(&pr, ASIA_PACIFIC_REL);
}

/* Labels of an axis timeline must be short enough to place. */
static void
check_labels_short(const shipped_t *s, problems_t *pr)
{
    int c_label = table_need_col(s->raw, "label");
    for (guint i = 0; i < s->raw->recs->len; i++) {
        const rec_t *r = table_rec(s->raw, i);
        const char *label = rec_get(r, c_label);
        glong n = g_utf8_strlen(label, -1);
        if (n == 0 || n > LABEL_MAX_CHARS)
            problem(pr, s->raw->rel, r->line, "label \"%s\" has %ld characters, want 1..%d", label,
                    n, LABEL_MAX_CHARS);
        const cm_item_t *it = shipped_item(s, r, pr);
        if (it && (!it->label || strcmp(it->label, label) != 0))
            problem(pr, s->raw->rel, r->line, "label ingested as \"%s\", expected \"%s\"",
                    it->label ? it->label : "(none)", label);
    }
}

static void
test_japan_korea_nato_matches_facts(void **state)
{
    const facts_t *f = *state;
    problems_t pr = {0};
    shipped_t *s = shipped_load(JAPAN_KOREA_REL, &pr);
    GHashTable *referenced = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    static const char *const partners[] = {"Japan", "Republic of Korea", NULL};

    check_fact_rows(f, s, referenced, &pr);
    check_coverage(f, JAPAN_KOREA_REL, referenced, treaty_entities, NULL, &pr);
    check_coverage(f, JAPAN_KOREA_REL, referenced, partners, NULL, &pr);
    check_spot(s, "Republic of Korea/nato_ipcp_signed", "2012-09", &pr);
    check_spot(s, "US-ROK Mutual Defense Treaty/treaty_in_force", "1954-11-17", &pr);
    check_note_mentions(s, "US-ROK Mutual Defense Treaty/treaty_in_force", "18 Nov", &pr);
    check_labels_short(s, &pr);
    check_sources(s, &pr);

    g_hash_table_unref(referenced);
    shipped_free(s);
    problems_assert_none(&pr, JAPAN_KOREA_REL);
}

/* ---- era bands ---- */

static void
test_cold_war_era(void **state)
{
    problems_t pr = {0};
    shipped_t *s = shipped_load(COLD_WAR_REL, &pr);
    int c_name = table_need_col(s->raw, "name"), c_start = table_need_col(s->raw, "start");
    int c_end = table_need_col(s->raw, "end");
    bool found = false;
    for (guint i = 0; i < s->raw->recs->len; i++) {
        const rec_t *r = table_rec(s->raw, i);
        const cm_item_t *it = shipped_item(s, r, &pr);
        if (it && (it->kind != CM_ITEM_SPAN || it->open))
            problem(&pr, COLD_WAR_REL, r->line, "era \"%s\" must be a closed span",
                    rec_get(r, c_name));
        if (strcmp(rec_get(r, c_name), "Cold War") != 0)
            continue;
        found = true;
        if (strcmp(rec_get(r, c_start), "1947") || strcmp(rec_get(r, c_end), "1991"))
            problem(&pr, COLD_WAR_REL, r->line,
                    "Cold War must run 1947 to 1991 as years, not "
                    "\"%s\" to \"%s\"",
                    rec_get(r, c_start), rec_get(r, c_end));
        if (it && (it->start.prec != CM_PREC_YEAR || it->end.prec != CM_PREC_YEAR))
            problem(&pr, COLD_WAR_REL, r->line, "Cold War ends must be year precision");
    }
    if (!found)
        problem(&pr, COLD_WAR_REL, 0, "no \"Cold War\" row");
    check_sources(s, &pr);
    shipped_free(s);
    problems_assert_none(&pr, COLD_WAR_REL);
}

/* ---- every shipped CSV ---- */

static void
test_every_shipped_row_has_a_source(void **state)
{
    static const char *const dirs[] = {"data/nato", "data/treaties", "data/eras"};
    problems_t pr = {0};
    int files = 0;
    for (guint d = 0; d < G_N_ELEMENTS(dirs); d++) {
        char *dir = g_build_filename(CM_SRCDIR, dirs[d], NULL);
        GDir *gd = g_dir_open(dir, 0, NULL);
        const char *name;
        while (gd && (name = g_dir_read_name(gd))) {
            if (!g_str_has_suffix(name, ".csv"))
                continue;
            char *rel = g_build_filename(dirs[d], name, NULL);
            shipped_t *s = shipped_load(rel, &pr);
            check_sources(s, &pr);
            shipped_free(s);
            g_free(rel);
            files++;
        }
        if (gd)
            g_dir_close(gd);
        g_free(dir);
    }
    if (files < 5)
        problem(&pr, "data", 0, "only %d CSV files found, expected at least 5", files);
    problems_assert_none(&pr, "data/");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reference_facts_are_well_formed),
        cmocka_unit_test(test_members_match_facts),
        cmocka_unit_test(test_milestones_match_facts),
        cmocka_unit_test(test_asia_pacific_matches_facts),
        cmocka_unit_test(test_japan_korea_nato_matches_facts),
        cmocka_unit_test(test_cold_war_era),
        cmocka_unit_test(test_every_shipped_row_has_a_source),
    };
    return cmocka_run_group_tests(tests, setup_facts, teardown_facts);
}
