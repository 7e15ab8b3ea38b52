/* test_layout.c — invariants of the lanes and step timelines through the scene,
 * with the deterministic fixed measurer (no fonts involved). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "chronomap.h"

/* The 1600x900 "screen" theme these layouts were designed against. */
static cm_style_t *
screen_style(void)
{
    cm_style_t *st = cm_style_new_default();
    cm_diag_t *d = cm_diag_new();
    GError *err = NULL;
    if (!cm_style_load(st, CM_SRCDIR "/styles/screen.ini", d, &err))
        fail_msg("cannot load styles/screen.ini: %s", err->message);
    cm_diag_free(d);
    return st;
}

static cm_date_t
day(int y, int m, int d)
{
    return (cm_date_t){.year = y, .month = m, .day = d, .prec = CM_PREC_DAY};
}

static void
add_span(cm_dataset_t *ds, const char *name, const char *group, cm_date_t a, cm_date_t *b)
{
    int e = cm_dataset_entity(ds, name, name, NULL, group, NULL, 1);
    cm_item_t it = {.kind = CM_ITEM_SPAN,
                    .entity = e,
                    .start = a,
                    .open = b == NULL,
                    .group = cm_dataset_intern(ds, group)};
    if (b)
        it.end = *b;
    cm_dataset_add_item(ds, &it);
}

/* NATO's 32 members, as far as layout cares: names, rounds, dates. */
static cm_dataset_t *
nato(void)
{
    static const struct {
        const char *n, *g;
        int y, m, d;
    } rows[] = {
        {"Belgium", "1949", 1949, 8, 24},        {"Canada", "1949", 1949, 8, 24},
        {"Denmark", "1949", 1949, 8, 24},        {"France", "1949", 1949, 8, 24},
        {"Iceland", "1949", 1949, 8, 24},        {"Italy", "1949", 1949, 8, 24},
        {"Luxembourg", "1949", 1949, 8, 24},     {"Netherlands", "1949", 1949, 8, 24},
        {"Norway", "1949", 1949, 8, 24},         {"Portugal", "1949", 1949, 8, 24},
        {"United Kingdom", "1949", 1949, 8, 24}, {"United States", "1949", 1949, 8, 24},
        {"Greece", "1952", 1952, 2, 18},         {"Türkiye", "1952", 1952, 2, 18},
        {"Germany", "1955", 1955, 5, 6},         {"Spain", "1982", 1982, 5, 30},
        {"Czechia", "1999", 1999, 3, 12},        {"Hungary", "1999", 1999, 3, 12},
        {"Poland", "1999", 1999, 3, 12},         {"Bulgaria", "2004", 2004, 3, 29},
        {"Estonia", "2004", 2004, 3, 29},        {"Latvia", "2004", 2004, 3, 29},
        {"Lithuania", "2004", 2004, 3, 29},      {"Romania", "2004", 2004, 3, 29},
        {"Slovakia", "2004", 2004, 3, 29},       {"Slovenia", "2004", 2004, 3, 29},
        {"Albania", "2009", 2009, 4, 1},         {"Croatia", "2009", 2009, 4, 1},
        {"Montenegro", "2017", 2017, 6, 5},      {"North Macedonia", "2020", 2020, 3, 27},
        {"Finland", "2023", 2023, 4, 4},         {"Sweden", "2024", 2024, 3, 7},
    };
    cm_dataset_t *ds = cm_dataset_new("nato.csv");
    for (size_t i = 0; i < G_N_ELEMENTS(rows); i++)
        add_span(ds, rows[i].n, rows[i].g, day(rows[i].y, rows[i].m, rows[i].d), NULL);
    return ds;
}

static cm_scene_t *
lay(const cm_dataset_t *ds, cm_timeline_kind_t kind, double w, double h, cm_layout_notes_t *notes)
{
    cm_style_t *st = screen_style();
    cm_measurer_t m = cm_measurer_fixed();
    cm_timeline_opts_t o = {.kind = kind,
                            .width = w,
                            .height = h,
                            .title = "How NATO grew",
                            .subtitle = "Members by date of accession, grouped by round",
                            .source = "Source: NATO",
                            .today = day(2025, 11, 28),
                            .sort = CM_SORT_START,
                            .grouped = true};
    GError *err = NULL;
    cm_scene_t *s = cm_layout_timeline(ds, st, &m, &o, notes, &err);
    if (!s)
        fail_msg("layout failed: %s", err->message);
    cm_style_free(st);
    return s;
}

static int
count_ops(const cm_scene_t *s, const char *prefix)
{
    int n = 0;
    for (int i = 0; i < cm_scene_n_ops(s); i++)
        if (cm_scene_op(s, i)->id && g_str_has_prefix(cm_scene_op(s, i)->id, prefix))
            n++;
    return n;
}

static void
assert_texts_inside(const cm_scene_t *s)
{
    for (int i = 0; i < cm_scene_n_ops(s); i++) {
        const cm_op_t *op = cm_scene_op(s, i);
        if (op->kind != CM_OP_TEXT)
            continue;
        if (op->bbox.x < -0.01 || op->bbox.y < -0.01 || op->bbox.x + op->bbox.w > s->width + 0.01 ||
            op->bbox.y + op->bbox.h > s->height + 0.01)
            fail_msg("text %s \"%s\" [%.1f %.1f %.1f %.1f] leaves the %gx%g canvas", op->id,
                     op->text, op->bbox.x, op->bbox.y, op->bbox.w, op->bbox.h, s->width, s->height);
    }
}

static void
test_lanes_invariants_at_every_size(void **state)
{
    cm_dataset_t *ds = nato();
    const double sizes[][2] = {{480, 270}, {1600, 900}, {3840, 2160}, {680, 900}};
    for (size_t i = 0; i < G_N_ELEMENTS(sizes); i++) {
        cm_layout_notes_t notes;
        cm_layout_notes_init(&notes);
        cm_scene_t *s = lay(ds, CM_TIMELINE_LANES, sizes[i][0], sizes[i][1], &notes);
        assert_int_equal(cm_scene_count_text_overlaps(s, 0.5), 0);
        assert_texts_inside(s);
        assert_int_equal(count_ops(s, "bar:item:"), 32);
        if (sizes[i][1] < 300) {
            /* 32 lanes cannot be read in 270 px: one row per round instead, said so */
            assert_int_equal(count_ops(s, "lane-label:"), 11);
            assert_int_equal(notes.warnings->len, 1);
            assert_non_null(strstr(g_ptr_array_index(notes.warnings, 0), "11 groups"));
        } else {
            assert_int_equal(count_ops(s, "lane-label:"), 32);
            assert_int_equal(count_ops(s, "heading:"), 11); /* rounds */
        }
        cm_scene_free(s);
        cm_layout_notes_release(&notes);
    }
    cm_dataset_free(ds);
}

static void
test_lanes_too_many_rows_label_every_kth(void **state)
{
    cm_dataset_t *ds = cm_dataset_new("many.csv");
    for (int i = 0; i < 120; i++) {
        char name[32];
        g_snprintf(name, sizeof name, "Entity %d", i);
        add_span(ds, name, NULL, day(1900 + i % 100, 1, 1), NULL);
    }
    cm_layout_notes_t notes;
    cm_layout_notes_init(&notes);
    cm_scene_t *s = lay(ds, CM_TIMELINE_LANES, 800, 450, &notes);
    assert_int_equal(cm_scene_count_text_overlaps(s, 0.5), 0);
    assert_texts_inside(s);
    int shown = count_ops(s, "lane-label:");
    assert_true(shown > 10 && shown < 120);
    assert_int_equal(shown + (int)notes.dropped->len, 120); /* none lost silently */
    cm_scene_free(s);
    cm_layout_notes_release(&notes);
    cm_dataset_free(ds);
}

static void
test_lanes_open_spans_reach_the_right_edge(void **state)
{
    cm_dataset_t *ds = nato();
    cm_layout_notes_t notes;
    cm_layout_notes_init(&notes);
    cm_scene_t *s = lay(ds, CM_TIMELINE_LANES, 1600, 900, &notes);
    double right = 0, title_bottom = 0;
    for (int i = 0; i < cm_scene_n_ops(s); i++) {
        const cm_op_t *op = cm_scene_op(s, i);
        if (g_str_has_prefix(op->id ? op->id : "", "bar:"))
            right = fmax(right, op->bbox.x + op->bbox.w);
        if (g_strcmp0(op->id, "subtitle") == 0)
            title_bottom = op->bbox.y + op->bbox.h;
    }
    cm_style_t *st = screen_style();
    assert_true(right > 1600 - st->margin - 2);
    assert_true(right <= 1600 - st->margin + 0.01);
    /* every bar sits below the title block */
    for (int i = 0; i < cm_scene_n_ops(s); i++) {
        const cm_op_t *op = cm_scene_op(s, i);
        if (g_str_has_prefix(op->id ? op->id : "", "bar:"))
            assert_true(op->bbox.y > title_bottom);
    }
    cm_style_free(st);
    cm_scene_free(s);
    cm_layout_notes_release(&notes);
    cm_dataset_free(ds);
}

static void
test_lanes_rejoined_member_has_two_bars(void **state)
{
    cm_dataset_t *ds = cm_dataset_new("x.csv");
    cm_date_t left = day(1966, 7, 1);
    add_span(ds, "France", NULL, day(1949, 8, 24), &left);
    add_span(ds, "France", NULL, day(2009, 4, 4), NULL);
    add_span(ds, "Spain", NULL, day(1982, 5, 30), NULL);
    cm_layout_notes_t notes;
    cm_layout_notes_init(&notes);
    cm_scene_t *s = lay(ds, CM_TIMELINE_LANES, 1000, 400, &notes);
    assert_int_equal(count_ops(s, "lane-label:"), 2);
    assert_int_equal(count_ops(s, "bar:item:"), 3);
    cm_scene_free(s);
    cm_layout_notes_release(&notes);
    cm_dataset_free(ds);
}

static const cm_op_t *
find_text(const cm_scene_t *s, const char *needle)
{
    for (int i = 0; i < cm_scene_n_ops(s); i++) {
        const cm_op_t *op = cm_scene_op(s, i);
        if (op->kind == CM_OP_TEXT && strstr(op->text, needle))
            return op;
    }
    return NULL;
}

static void
test_step_counts_and_annotations(void **state)
{
    cm_dataset_t *ds = nato();
    const double sizes[][2] = {{1600, 900}, {480, 270}, {3840, 2160}};
    for (size_t i = 0; i < G_N_ELEMENTS(sizes); i++) {
        cm_layout_notes_t notes;
        cm_layout_notes_init(&notes);
        cm_scene_t *s = lay(ds, CM_TIMELINE_STEP, sizes[i][0], sizes[i][1], &notes);
        assert_int_equal(cm_scene_count_text_overlaps(s, 0.5), 0);
        assert_texts_inside(s);
        /* 11 steps: each annotated on its own or in a cluster ("2023, 2024 / +2 → 32"),
         * none dropped */
        int covered = 0;
        for (int k = 0; k < cm_scene_n_ops(s); k++) {
            const cm_op_t *op = cm_scene_op(s, k);
            if (!g_str_has_prefix(op->id, "step-label:"))
                continue;
            covered++;
            for (const char *p = op->text; *p && *p != '\n'; p++)
                covered += p[0] == ',' && p[1] == ' ';
        }
        assert_int_equal(notes.dropped->len, 0);
        assert_int_equal(covered, 11);
        if (sizes[i][0] >= 1600) {
            assert_int_equal(count_ops(s, "step-label:"), 11);
            assert_non_null(find_text(s, "+12 → 12"));
            assert_non_null(find_text(s, "+1 → 32"));
            assert_non_null(find_text(s, "+7 → 26"));
        }
        cm_scene_free(s);
        cm_layout_notes_release(&notes);
    }
    cm_dataset_free(ds);
}

static void
test_step_counts_leaving(void **state)
{
    cm_dataset_t *ds = cm_dataset_new("x.csv");
    cm_date_t left = day(1970, 1, 1);
    add_span(ds, "A", NULL, day(1950, 1, 1), NULL);
    add_span(ds, "B", NULL, day(1950, 1, 1), &left);
    add_span(ds, "C", NULL, day(1980, 1, 1), NULL);
    cm_layout_notes_t notes;
    cm_layout_notes_init(&notes);
    cm_scene_t *s = lay(ds, CM_TIMELINE_STEP, 1200, 700, &notes);
    assert_non_null(find_text(s, "+2 → 2"));
    assert_non_null(find_text(s, "-1 → 1"));
    assert_non_null(find_text(s, "+1 → 2"));
    cm_scene_free(s);
    cm_layout_notes_release(&notes);
    cm_dataset_free(ds);
}

static void
test_layout_is_deterministic(void **state)
{
    cm_dataset_t *ds = nato();
    for (int k = 0; k < 3; k++) {
        GString *a = g_string_new(NULL), *b = g_string_new(NULL);
        cm_layout_notes_t n1, n2;
        cm_layout_notes_init(&n1);
        cm_layout_notes_init(&n2);
        cm_scene_t *s1 = lay(ds, (cm_timeline_kind_t)k, 1600, 900, &n1);
        cm_scene_t *s2 = lay(ds, (cm_timeline_kind_t)k, 1600, 900, &n2);
        cm_scene_dump(s1, a);
        cm_scene_dump(s2, b);
        assert_string_equal(a->str, b->str);
        g_string_free(a, TRUE);
        g_string_free(b, TRUE);
        cm_scene_free(s1);
        cm_scene_free(s2);
        cm_layout_notes_release(&n1);
        cm_layout_notes_release(&n2);
    }
    cm_dataset_free(ds);
}

static void
test_too_small_canvas_is_an_error(void **state)
{
    cm_dataset_t *ds = nato();
    cm_style_t *st = cm_style_new_default();
    cm_measurer_t m = cm_measurer_fixed();
    cm_timeline_opts_t o = {.kind = CM_TIMELINE_LANES,
                            .width = 60,
                            .height = 40,
                            .title = "A very long title that will not fit",
                            .today = day(2025, 1, 1)};
    cm_layout_notes_t notes;
    cm_layout_notes_init(&notes);
    GError *err = NULL;
    assert_null(cm_layout_timeline(ds, st, &m, &o, &notes, &err));
    assert_int_equal(err->code, CM_ERROR_USAGE);
    g_error_free(err);
    cm_layout_notes_release(&notes);
    cm_style_free(st);
    cm_dataset_free(ds);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lanes_invariants_at_every_size),
        cmocka_unit_test(test_lanes_open_spans_reach_the_right_edge),
        cmocka_unit_test(test_lanes_too_many_rows_label_every_kth),
        cmocka_unit_test(test_lanes_rejoined_member_has_two_bars),
        cmocka_unit_test(test_step_counts_and_annotations),
        cmocka_unit_test(test_step_counts_leaving),
        cmocka_unit_test(test_layout_is_deterministic),
        cmocka_unit_test(test_too_small_canvas_is_an_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
