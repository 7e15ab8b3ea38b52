/* test_axis.c — the "axis" timeline kind through cm_layout_timeline: labels
 * clear of each other, the title and the axis line; every item drawn or
 * reported dropped; stacks, spans, legend, determinism and scale. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "layout/cm_layout.h"

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

typedef struct {
    cm_dataset_t *ds;
    cm_style_t *style;
    cm_measurer_t m;
    cm_layout_notes_t notes;
    cm_scene_t *scene;
} fixture_t;

static cm_date_t
ymd(int y, int m, int d)
{
    cm_date_t t = {.year = y, .month = (uint8_t)m, .day = (uint8_t)d};
    t.prec = d ? CM_PREC_DAY : m ? CM_PREC_MONTH : CM_PREC_YEAR;
    return t;
}

static void
add(cm_dataset_t *ds, const char *name, cm_date_t start, const char *label, const char *group)
{
    int e = cm_dataset_entity(ds, name, name, NULL, NULL, NULL, 1);
    cm_item_t it = {.kind = CM_ITEM_EVENT, .entity = e, .start = start};
    it.label = cm_dataset_intern(ds, label);
    it.group = cm_dataset_intern(ds, group);
    it.line = cm_dataset_n_items(ds) + 2;
    cm_dataset_add_item(ds, &it);
}

static void
add_span(cm_dataset_t *ds, const char *name, cm_date_t start, const cm_date_t *end,
         const char *group)
{
    int e = cm_dataset_entity(ds, name, name, NULL, NULL, NULL, 1);
    cm_item_t it = {.kind = CM_ITEM_SPAN, .entity = e, .start = start, .open = end == NULL};
    if (end)
        it.end = *end;
    it.group = cm_dataset_intern(ds, group);
    it.line = cm_dataset_n_items(ds) + 2;
    cm_dataset_add_item(ds, &it);
}

/* NATO accessions: clusters on one day (1949, 2004) test the stacks. */
static void
nato(cm_dataset_t *ds)
{
    static const char *founders[] = {"Belgium", "Canada",   "Denmark",        "France",
                                     "Iceland", "Italy",    "Luxembourg",     "Netherlands",
                                     "Norway",  "Portugal", "United Kingdom", "United States"};
    for (size_t i = 0; i < G_N_ELEMENTS(founders); i++)
        add(ds, founders[i], ymd(1949, 8, 24), NULL, NULL);
    add(ds, "Greece", ymd(1952, 2, 18), NULL, NULL);
    add(ds, "Turkey", ymd(1952, 2, 18), NULL, NULL);
    add(ds, "West Germany", ymd(1955, 5, 6), "Federal Republic of Germany joins", NULL);
    add(ds, "Spain", ymd(1982, 5, 30), NULL, NULL);
    add(ds, "Czech Republic", ymd(1999, 3, 12), NULL, NULL);
    add(ds, "Hungary", ymd(1999, 3, 12), NULL, NULL);
    add(ds, "Poland", ymd(1999, 3, 12), NULL, NULL);
    static const char *big[] = {"Bulgaria", "Estonia",  "Latvia",  "Lithuania",
                                "Romania",  "Slovakia", "Slovenia"};
    for (size_t i = 0; i < G_N_ELEMENTS(big); i++)
        add(ds, big[i], ymd(2004, 3, 29), NULL, NULL);
    add(ds, "Albania", ymd(2009, 4, 1), NULL, NULL);
    add(ds, "Croatia", ymd(2009, 4, 1), NULL, NULL);
    add(ds, "Montenegro", ymd(2017, 6, 5), NULL, NULL);
    add(ds, "North Macedonia", ymd(2020, 3, 27), NULL, NULL);
    add(ds, "Finland", ymd(2023, 4, 4), NULL, NULL);
    add(ds, "Sweden", ymd(2024, 3, 7), NULL, NULL);
}

static int
setup(void **state)
{
    fixture_t *f = g_new0(fixture_t, 1);
    f->ds = cm_dataset_new("test.csv");
    f->style = screen_style();
    f->m = cm_measurer_fixed();
    cm_layout_notes_init(&f->notes);
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    fixture_t *f = *state;
    cm_scene_free(f->scene);
    cm_layout_notes_release(&f->notes);
    cm_style_free(f->style);
    cm_dataset_free(f->ds);
    g_free(f);
    return 0;
}

static cm_timeline_opts_t
axis_opts(double w, double h)
{
    return (cm_timeline_opts_t){.kind = CM_TIMELINE_AXIS,
                                .width = w,
                                .height = h,
                                .title = "NATO enlargement, 1949–2024",
                                .subtitle = "Accession dates of member states",
                                .source = "Source: NATO",
                                .today = ymd(2025, 11, 28)};
}

static void
layout(fixture_t *f, const cm_timeline_opts_t *o)
{
    GError *err = NULL;
    cm_scene_free(f->scene);
    cm_layout_notes_release(&f->notes);
    cm_layout_notes_init(&f->notes);
    f->scene = cm_layout_timeline(f->ds, f->style, &f->m, o, &f->notes, &err);
    assert_null(err);
    assert_non_null(f->scene);
}

static const cm_op_t *
find_op(const cm_scene_t *s, const char *id)
{
    for (int i = 0; i < cm_scene_n_ops(s); i++)
        if (strcmp(cm_scene_op(s, i)->id, id) == 0)
            return cm_scene_op(s, i);
    return NULL;
}

static int
item_of(const char *id, const char *prefix)
{
    size_t n = strlen(prefix);
    if (strncmp(id, prefix, n) != 0)
        return -1;
    return atoi(id + n);
}

/* Items of the last check_scene whose text is a line of a dropped merged label. */
static int merged_dropped;

/* Whether item K, without a label or note of its own, was merged into the label (or the
 * dropped note) of another event on its day: 1 labelled there, 2 dropped with it, 0 not. */
static int
merged_into(const fixture_t *f, int k, const guint8 *labelled, const guint8 *dropped)
{
    const cm_item_t *it = cm_dataset_get_item(f->ds, k);
    const char *text =
        it->label && *it->label ? it->label : cm_dataset_get_entity(f->ds, it->entity)->name;
    int n = cm_dataset_n_items(f->ds);
    for (int j = 0; j < n; j++) {
        const cm_item_t *o = cm_dataset_get_item(f->ds, j);
        if (j == k || o->kind != CM_ITEM_EVENT || it->kind != CM_ITEM_EVENT ||
            cm_date_first_day(&o->start) != cm_date_first_day(&it->start))
            continue;
        char *id = g_strdup_printf("label:item:%d", j);
        int found = 0;
        for (int i = 0; labelled[j] && !found && i < cm_scene_n_ops(f->scene); i++) {
            const cm_op_t *op = cm_scene_op(f->scene, i);
            found = strcmp(op->id, id) == 0 && strstr(op->text, text) ? 1 : 0;
        }
        for (guint i = 0; dropped[j] && !found && i < f->notes.dropped->len; i++) {
            const char *d = g_ptr_array_index(f->notes.dropped, i);
            found = g_str_has_prefix(d, id) && d[strlen(id)] == '\t' && strstr(d, text) ? 2 : 0;
        }
        g_free(id);
        if (found)
            return found;
    }
    return 0;
}

/* The promises of the axis kind, checked on F's scene. Returns the number of
 * items drawn with a label (their own, or one merged with others of their day). */
static int
check_scene(const fixture_t *f)
{
    const cm_scene_t *s = f->scene;
    int n = cm_dataset_n_items(f->ds);
    assert_int_equal(cm_scene_count_text_overlaps(s, 0.01), 0);
    const cm_op_t *axis = find_op(s, "axis");
    assert_non_null(axis);
    double axis_y = axis->bbox.y + axis->bbox.h / 2;
    cm_rect_t title = {0, 0, 0, 0};
    const cm_op_t *t = find_op(s, "title");
    if (t)
        title = t->bbox;
    const cm_op_t *sub = find_op(s, "subtitle");
    if (sub)
        title = cm_rect_union(title, sub->bbox);

    guint8 *labelled = g_new0(guint8, n), *marked = g_new0(guint8, n), *dropped = g_new0(guint8, n),
           *leader = g_new0(guint8, n);
    for (int i = 0; i < cm_scene_n_ops(s); i++) {
        const cm_op_t *op = cm_scene_op(s, i);
        int k;
        if ((k = item_of(op->id, "label:item:")) >= 0) {
            assert_true(k < n);
            assert_int_equal(op->kind, CM_OP_TEXT);
            labelled[k] = 1;
            assert_false(cm_rect_intersects(op->bbox, title, 0));
            /* wholly above or below the axis line */
            assert_true(op->bbox.y + op->bbox.h <= axis_y || op->bbox.y >= axis_y);
            /* inside the canvas */
            assert_true(op->bbox.x >= 0 && op->bbox.x + op->bbox.w <= s->width);
            assert_true(op->bbox.y >= 0 && op->bbox.y + op->bbox.h <= s->height);
        } else if ((k = item_of(op->id, "mark:item:")) >= 0) {
            assert_true(k < n);
            marked[k] = 1;
        } else if ((k = item_of(op->id, "leader:item:")) >= 0) {
            assert_true(k < n);
            leader[k] = 1;
        }
    }
    for (guint i = 0; i < f->notes.dropped->len; i++) {
        const char *d = g_ptr_array_index(f->notes.dropped, i);
        int k = item_of(d, "label:item:");
        assert_true(k >= 0 && k < n);
        assert_non_null(strchr(d, '\t'));
        assert_false(labelled[k]); /* never both */
        assert_false(dropped[k]);  /* listed once */
        dropped[k] = 1;
    }
    /* leaders run through no text, their own label's included */
    for (int i = 0; i < cm_scene_n_ops(s); i++) {
        const cm_op_t *l = cm_scene_op(s, i);
        if (item_of(l->id, "leader:item:") < 0)
            continue;
        cm_rect_t seg = {l->bbox.x + l->bbox.w / 2, l->bbox.y, 0, l->bbox.h};
        for (int j = 0; j < cm_scene_n_ops(s); j++) {
            const cm_op_t *t = cm_scene_op(s, j);
            if (t->kind == CM_OP_TEXT)
                assert_false(cm_rect_intersects(seg, t->bbox, 0.5));
        }
    }
    int n_labelled = 0;
    merged_dropped = 0;
    for (int k = 0; k < n; k++) {
        /* every item: a label or a note, its own or one shared with events of its day */
        int merged = labelled[k] || dropped[k] ? 0 : merged_into(f, k, labelled, dropped);
        assert_true(labelled[k] || dropped[k] || merged);
        n_labelled += merged == 1;
        merged_dropped += merged == 2;
        /* and always its mark, or (a dot hidden under a later one) another event's mark
         * on the same day */
        if (!marked[k]) {
            const cm_item_t *it = cm_dataset_get_item(f->ds, k);
            assert_int_equal(it->kind, CM_ITEM_EVENT);
            bool covered = false;
            for (int j = 0; j < n && !covered; j++) {
                const cm_item_t *o = cm_dataset_get_item(f->ds, j);
                covered = marked[j] && o->kind == CM_ITEM_EVENT &&
                          cm_date_first_day(&o->start) == cm_date_first_day(&it->start);
            }
            assert_true(covered);
        }
        assert_int_equal(leader[k], labelled[k]);
        n_labelled += labelled[k];
    }
    g_free(labelled);
    g_free(marked);
    g_free(dropped);
    g_free(leader);
    return n_labelled;
}

static void
test_nato(void **state)
{
    fixture_t *f = *state;
    nato(f->ds);
    cm_timeline_opts_t o = axis_opts(1600, 900);
    layout(f, &o);
    int n = check_scene(f);
    /* tall enough for most: 1600 x 900 holds at least 25 of 31 */
    assert_true(n >= 25);
    /* the item with its own label shows it, with its date in bold above */
    const cm_op_t *date = NULL, *text = NULL;
    for (int i = 0; i < cm_scene_n_ops(f->scene); i++) {
        const cm_op_t *op = cm_scene_op(f->scene, i);
        if (strcmp(op->id, "label:item:14") != 0)
            continue;
        if (!date)
            date = op;
        else
            text = op;
    }
    assert_non_null(date);
    assert_non_null(text);
    assert_string_equal(date->text, "6 May 1955");
    assert_int_equal(date->font.weight, 700);
    assert_string_equal(text->text, "Federal Republic of Germany joins");
    assert_true(fabs(text->bbox.y - (date->bbox.y + date->bbox.h)) < 1e-9);
}

static void
test_dropped_when_small(void **state)
{
    fixture_t *f = *state;
    nato(f->ds);
    cm_timeline_opts_t o = axis_opts(480, 270);
    layout(f, &o);
    int n = check_scene(f);
    assert_true(n > 0);
    assert_true(f->notes.dropped->len > 0);
    assert_int_equal((int)f->notes.dropped->len + merged_dropped + n, cm_dataset_n_items(f->ds));
    /* the founders came first in the file and win the space on their day */
    const char *d = g_ptr_array_index(f->notes.dropped, 0);
    assert_non_null(strstr(d, " \u2014 "));
}

/* The label of an event, or NULL (dropped, or merged into another's). */
static const cm_op_t *
label_of(const fixture_t *f, int item)
{
    char id[32];
    g_snprintf(id, sizeof id, "label:item:%d", item);
    return find_op(f->scene, id);
}

static int
n_dropped_items(const fixture_t *f)
{
    return (int)f->notes.dropped->len + merged_dropped;
}

static void
test_same_day_merged(void **state)
{
    /* 680 x 420 drops a third of NATO's labels one a row; merged by day, none */
    fixture_t *f = *state;
    nato(f->ds);
    cm_timeline_opts_t o = axis_opts(680, 420);
    layout(f, &o);
    assert_int_equal(check_scene(f), cm_dataset_n_items(f->ds));
    assert_int_equal(f->notes.dropped->len, 0);
    assert_null(find_op(f->scene, "note")); /* nothing left out: no note line */
    /* the founders: one date over their twelve names, one per line */
    bool founders = false;
    for (int i = 0; i < cm_scene_n_ops(f->scene); i++) {
        const cm_op_t *op = cm_scene_op(f->scene, i);
        founders = founders || (op->text && strstr(op->text, "Belgium\nCanada\nDenmark"));
    }
    assert_true(founders);
    assert_null(label_of(f, 1)); /* Canada's is Belgium's */
}

static void
test_note_line_and_must(void **state)
{
    fixture_t *f = *state;
    nato(f->ds);
    cm_timeline_opts_t o = axis_opts(480, 270);
    layout(f, &o);
    check_scene(f);
    int missing = n_dropped_items(f);
    assert_true(missing > 0);
    /* the figure says how many events have no label */
    const cm_op_t *note = find_op(f->scene, "note");
    assert_non_null(note);
    char *want = g_strdup_printf("%d events not labelled", missing);
    assert_string_equal(note->text, want);
    g_free(want);
    const cm_op_t *source = find_op(f->scene, "source");
    assert_non_null(source);
    assert_true(note->bbox.y + note->bbox.h <= source->bbox.y);

    /* a must-show row is shown: each label left out at this size, once marked */
    int n_notes = (int)f->notes.dropped->len;
    int *left_out = g_new(int, n_notes);
    for (int i = 0; i < n_notes; i++)
        left_out[i] = item_of(g_ptr_array_index(f->notes.dropped, i), "label:item:");
    for (int i = 0; i < n_notes; i++) {
        int k = left_out[i];
        assert_true(k >= 0);
        assert_null(label_of(f, k));
        ((cm_item_t *)cm_dataset_get_item(f->ds, k))->priority = CM_PRIORITY_MUST;
        layout(f, &o);
        check_scene(f);
        assert_non_null(label_of(f, k));
        ((cm_item_t *)cm_dataset_get_item(f->ds, k))->priority = CM_PRIORITY_NORMAL;
        layout(f, &o);
    }
    g_free(left_out);
}

static void
test_grows_for_labels(void **state)
{
    /* a growing figure grows until every label fits (or twice the height asked for) */
    fixture_t *f = *state;
    nato(f->ds);
    cm_timeline_opts_t o = axis_opts(480, 270);
    layout(f, &o);
    check_scene(f);
    int fixed = n_dropped_items(f);
    o.grow = true;
    layout(f, &o);
    check_scene(f);
    assert_true(f->scene->height > 270);
    assert_true(f->scene->height <= 540);
    assert_true(n_dropped_items(f) < fixed);
    assert_true(f->scene->width == 480);
}

static void
test_spans_groups_legend(void **state)
{
    fixture_t *f = *state;
    cm_date_t e1 = ymd(1991, 12, 26), e2 = ymd(2020, 1, 31);
    add_span(f->ds, "Soviet Union", ymd(1922, 12, 30), &e1, "treaty");
    add_span(f->ds, "European Union", ymd(1993, 11, 1), NULL, "union");
    add_span(f->ds, "United Kingdom", ymd(1973, 0, 0), &e2, "member");
    add(f->ds, "Rome", ymd(1957, 3, 25), "Treaties of Rome", "treaty");
    add(f->ds, "Maastricht", ymd(1992, 2, 7), "Maastricht Treaty", "treaty");
    add(f->ds, "Lisbon", ymd(2007, 12, 13), "Treaty of Lisbon", "treaty");
    cm_timeline_opts_t o = axis_opts(1200, 700);
    layout(f, &o);
    int n = check_scene(f);
    assert_int_equal(n, 6);
    /* the span labels read start – end; open spans end in a dash */
    bool open_seen = false, closed_seen = false;
    for (int i = 0; i < cm_scene_n_ops(f->scene); i++) {
        const cm_op_t *op = cm_scene_op(f->scene, i);
        if (op->kind != CM_OP_TEXT)
            continue;
        open_seen |= strcmp(op->text, "1 Nov 1993 \u2013") == 0;
        closed_seen |= strcmp(op->text, "1973 \u2013 31 Jan 2020") == 0;
    }
    assert_true(open_seen);
    assert_true(closed_seen);
    /* the open span reaches the right edge of the plot (the axis end) */
    const cm_op_t *axis = find_op(f->scene, "axis");
    const cm_op_t *open = find_op(f->scene, "mark:item:1");
    assert_true(fabs(open->bbox.x + open->bbox.w - (axis->bbox.x + axis->bbox.w)) < 1.0);
    /* a legend with the three groups, in first-use order, coloured as the marks */
    const cm_op_t *l0 = find_op(f->scene, "legend:label:0");
    const cm_op_t *l2 = find_op(f->scene, "legend:label:2");
    assert_non_null(l0);
    assert_non_null(l2);
    assert_string_equal(l0->text, "treaty");
    assert_string_equal(l2->text, "member");
    const cm_op_t *sw = find_op(f->scene, "legend:swatch:0");
    const cm_op_t *mark = find_op(f->scene, "mark:item:3");
    assert_memory_equal(&sw->fill.r, &mark->fill.r, 3 * sizeof(double));
}

static void
test_deterministic(void **state)
{
    fixture_t *f = *state;
    nato(f->ds);
    cm_timeline_opts_t o = axis_opts(1000, 600);
    layout(f, &o);
    GString *a = g_string_new(NULL), *b = g_string_new(NULL);
    cm_scene_dump(f->scene, a);
    layout(f, &o);
    cm_scene_dump(f->scene, b);
    assert_string_equal(a->str, b->str);
    g_string_free(a, TRUE);
    g_string_free(b, TRUE);
}

static void
test_bce(void **state)
{
    fixture_t *f = *state;
    add(f->ds, "Rome", ymd(-752, 0, 0), "Founding of Rome", NULL);
    add(f->ds, "Caesar", ymd(-43, 3, 15), "Assassination of Caesar", NULL);
    add(f->ds, "Augustus", ymd(-26, 0, 0), "Augustus", NULL);
    add(f->ds, "Fall", ymd(476, 9, 4), "Fall of the Western Empire", NULL);
    cm_timeline_opts_t o = axis_opts(1200, 600);
    layout(f, &o);
    assert_int_equal(check_scene(f), 4);
    bool bc = false;
    for (int i = 0; i < cm_scene_n_ops(f->scene); i++) {
        const cm_op_t *op = cm_scene_op(f->scene, i);
        if (op->kind == CM_OP_TEXT && strcmp(op->text, "15 Mar 44 BC") == 0)
            bc = true;
    }
    assert_true(bc);
}

static void
test_many_events(void **state)
{
    fixture_t *f = *state;
    enum { N = 30000 };
    GRand *r = g_rand_new_with_seed(7);
    char name[32];
    for (int i = 0; i < N; i++) {
        snprintf(name, sizeof name, "E%d", g_rand_int_range(r, 0, 500));
        add(f->ds, name,
            ymd(g_rand_int_range(r, 1900, 2025), g_rand_int_range(r, 1, 13),
                g_rand_int_range(r, 1, 29)),
            NULL, NULL);
    }
    g_rand_free(r);
    cm_timeline_opts_t o = axis_opts(1600, 900);
    layout(f, &o);
    int n = check_scene(f);
    assert_true(n > 30);
    assert_int_equal((int)f->notes.dropped->len, N - n);
    /* speed is measured by scripts/bench, never timed in a test */
}

/* Eight events within 1% of the axis width (Jan–Sep 2023 on a 75-year
 * axis), against its right end, among sparser ones: with a 1600 x 900
 * canvas every label is placed, fanned out over the tiers. */
static void
test_dense_cluster(void **state)
{
    fixture_t *f = *state;
    static const struct {
        int y, m, d;
        const char *label;
    } ev[] = {
        {1951, 9, 8, "Security treaty signed"},
        {1960, 1, 19, "Revised treaty signed"},
        {1990, 0, 0, "First contacts"},
        {2005, 0, 0, "Dialogue begins"},
        {2012, 9, 0, "Partnership programme signed"},
        {2017, 11, 12, "Dialogue revived"},
        {2023, 1, 16, "Mission opens"},
        {2023, 2, 2, "Office proposed"},
        {2023, 3, 20, "Joint exercise announced"},
        {2023, 4, 4, "Observer at the summit"},
        {2023, 5, 11, "Programme adopted"},
        {2023, 6, 12, "Programme agreed"},
        {2023, 7, 18, "Trilateral summit"},
        {2023, 9, 1, "Liaison officer posted"},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(ev); i++)
        add(f->ds, "Japan", ymd(ev[i].y, ev[i].m, ev[i].d), ev[i].label, NULL);
    cm_timeline_opts_t o = axis_opts(1600, 900);
    o.has_from = o.has_to = true;
    o.from = ymd(1950, 0, 0);
    o.to = ymd(2024, 0, 0);
    layout(f, &o);
    assert_int_equal(check_scene(f), (int)G_N_ELEMENTS(ev));
    assert_int_equal(f->notes.dropped->len, 0);
    /* deterministic, whichever placement order won */
    GString *a = g_string_new(NULL), *b = g_string_new(NULL);
    cm_scene_dump(f->scene, a);
    layout(f, &o);
    cm_scene_dump(f->scene, b);
    assert_string_equal(a->str, b->str);
    g_string_free(a, TRUE);
    g_string_free(b, TRUE);
}

/* Dots on one day are the same opaque disc: only the last one drawn is kept, the ones
 * under it are left out (check_scene accepts a missing mark only then). With a
 * translucent palette or a translucent background (the dots' outline) every dot is
 * drawn, since the ones underneath would show. */
static bool
has_op(const cm_scene_t *s, const char *id)
{
    return find_op(s, id) != NULL;
}

static void
test_hidden_dots(void **state)
{
    fixture_t *f = *state;
    add(f->ds, "A", ymd(1990, 3, 1), "first", "g1");
    add(f->ds, "B", ymd(1990, 3, 1), "second", "g2");
    add(f->ds, "C", ymd(1990, 3, 1), "third", "g1");
    add(f->ds, "D", ymd(2000, 0, 0), "other day", "g2");
    cm_timeline_opts_t o = axis_opts(1200, 700);
    layout(f, &o);
    check_scene(f);
    assert_false(has_op(f->scene, "mark:item:0"));
    assert_false(has_op(f->scene, "mark:item:1"));
    assert_true(has_op(f->scene, "mark:item:2")); /* the last of the day, on top */
    assert_true(has_op(f->scene, "mark:item:3"));

    for (int i = 0; i < f->style->palette_len; i++)
        f->style->palette[i].a = 0.6;
    layout(f, &o);
    for (int k = 0; k < 4; k++) {
        char id[32];
        g_snprintf(id, sizeof id, "mark:item:%d", k);
        assert_true(has_op(f->scene, id));
    }
    for (int i = 0; i < f->style->palette_len; i++)
        f->style->palette[i].a = 1;
    f->style->background.a = 0.5;
    layout(f, &o);
    assert_true(has_op(f->scene, "mark:item:0"));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_nato, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dropped_when_small, setup, teardown),
        cmocka_unit_test_setup_teardown(test_same_day_merged, setup, teardown),
        cmocka_unit_test_setup_teardown(test_note_line_and_must, setup, teardown),
        cmocka_unit_test_setup_teardown(test_grows_for_labels, setup, teardown),
        cmocka_unit_test_setup_teardown(test_spans_groups_legend, setup, teardown),
        cmocka_unit_test_setup_teardown(test_deterministic, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bce, setup, teardown),
        cmocka_unit_test_setup_teardown(test_many_events, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dense_cluster, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hidden_dots, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
