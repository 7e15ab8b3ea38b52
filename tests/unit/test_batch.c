/* test_batch.c — batch manifests: parsing and every bad-input error with its
 * line, incremental decisions, shard partition, argv and the gallery page. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>
#include <glib/gstdio.h>

#include "chronomap.h"
#include "batch/cm_batch.h"
#include "util/cm_strdist.h"

typedef struct {
    char *dir;
} fx_t;

static int
setup(void **state)
{
    fx_t *fx = g_new0(fx_t, 1);
    fx->dir = g_dir_make_tmp("test_batch-XXXXXX", NULL);
    assert_non_null(fx->dir);
    *state = fx;
    return 0;
}

static void
rm_rf(const char *path)
{
    GDir *d = g_dir_open(path, 0, NULL);
    if (d) {
        for (const char *n; (n = g_dir_read_name(d));) {
            char *p = g_build_filename(path, n, NULL);
            rm_rf(p);
            g_free(p);
        }
        g_dir_close(d);
        g_rmdir(path);
    } else {
        g_unlink(path);
    }
}

static int
teardown(void **state)
{
    fx_t *fx = *state;
    rm_rf(fx->dir);
    g_free(fx->dir);
    g_free(fx);
    return 0;
}

static char *
put(fx_t *fx, const char *name, const char *text)
{
    char *p = g_build_filename(fx->dir, name, NULL);
    char *d = g_path_get_dirname(p);
    g_mkdir_with_parents(d, 0777);
    g_free(d);
    assert_true(g_file_set_contents(p, text, -1, NULL));
    return p;
}

/* Loads TEXT as fx/m.ini (with a.csv and b.csv beside it). */
static cm_batch_manifest_t *
load(fx_t *fx, const char *text, cm_diag_t *diag, GError **error)
{
    g_free(put(fx, "a.csv", "name,date\nX,2000\n"));
    g_free(put(fx, "b.csv", "name,date\nY,2001\n"));
    char *path = put(fx, "m.ini", text);
    cm_batch_manifest_t *m = cm_batch_manifest_load(path, diag, error);
    g_free(path);
    return m;
}

/* Whether some diagnostic is at LINE and contains TEXT. */
static bool
has_diag(const cm_diag_t *diag, int line, const char *text)
{
    for (int i = 0; i < cm_diag_count(diag); i++) {
        const cm_diag_item_t *it = cm_diag_get(diag, i);
        if (it->line == line && strstr(it->message, text) && g_str_has_suffix(it->file, "m.ini"))
            return true;
    }
    return false;
}

/* Whether F's spec was given ARG ("--layout=axis"; a flag "--graticule" is "=true"). */
static bool
has_arg(const cm_batch_figure_t *f, const char *arg)
{
    char *want = strchr(arg, '=') ? g_strdup(arg + 2) : g_strconcat(arg + 2, "=true", NULL);
    bool found = false;
    for (guint i = 0; i < f->spec.given->len && !found; i++)
        found = strcmp(g_ptr_array_index(f->spec.given, i), want) == 0;
    g_free(want);
    return found;
}

static const char *good = "# example\n"
                          "[defaults]\n"
                          "outputs = svg;png\n"
                          "source = From the defaults\n"
                          "layout = axis\n"
                          "projection = europe\n"
                          "\n"
                          "[figure one]\n"
                          "kind = timeline\n"
                          "data = a.csv\n"
                          "title = One <&> \"two\"\n"
                          "set = page.dpi=150;fonts.title=20\n"
                          "\n"
                          "[figure two]\n"
                          "kind = map\n"
                          "data = b.csv\n"
                          "source = Own source\n"
                          "labels = JP,KR\n"
                          "graticule = true\n"
                          "outputs = pdf;sub/explicit.png\n";

static void
test_parse_good(void **state)
{
    fx_t *fx = *state;
    cm_diag_t *diag = cm_diag_new();
    GError *err = NULL;
    cm_batch_manifest_t *m = load(fx, good, diag, &err);
    assert_null(err);
    assert_non_null(m);
    assert_int_equal(cm_diag_errors(diag), 0);
    assert_int_equal(m->figures->len, 2);
    char *outdir = g_build_filename(fx->dir, "output", NULL);
    assert_string_equal(m->output_dir, outdir);

    const cm_batch_figure_t *one = g_ptr_array_index(m->figures, 0);
    assert_string_equal(one->name, "one");
    assert_int_equal(one->line, 8);
    assert_int_equal(one->kind, CM_BATCH_TIMELINE);
    assert_string_equal(one->title, "One <&> \"two\"");
    assert_true(has_arg(one, "--layout=axis")); /* from [defaults] */
    assert_true(has_arg(one, "--source=From the defaults"));
    assert_false(has_arg(one, "--projection=europe")); /* a map key: not for timelines */
    assert_true(has_arg(one, "--set=page.dpi=150"));
    assert_true(has_arg(one, "--set=fonts.title=20"));
    assert_int_equal(g_strv_length(one->outputs), 2);
    char *svg = g_build_filename(outdir, "one.svg", NULL);
    assert_string_equal(one->outputs[0], svg);
    g_free(svg);
    assert_true(g_str_has_suffix(one->alt_text, "/output/.chronomap-batch/one.txt"));

    const cm_batch_figure_t *two = g_ptr_array_index(m->figures, 1);
    assert_int_equal(two->kind, CM_BATCH_MAP);
    assert_true(has_arg(two, "--source=Own source")); /* its own key wins */
    assert_false(has_arg(two, "--source=From the defaults"));
    assert_true(has_arg(two, "--projection=europe"));
    assert_false(has_arg(two, "--layout=axis"));
    assert_true(has_arg(two, "--labels=JP,KR"));
    assert_true(has_arg(two, "--graticule"));
    char *explicit = g_build_filename(fx->dir, "sub", "explicit.png", NULL);
    assert_string_equal(two->outputs[1], explicit);
    g_free(explicit);
    char *data = g_build_filename(fx->dir, "b.csv", NULL);
    assert_string_equal(two->data, data);
    assert_string_equal(two->inputs[0], data);
    g_free(data);
    /* loading wrote nothing */
    assert_false(g_file_test(outdir, G_FILE_TEST_EXISTS));
    g_free(outdir);
    cm_batch_manifest_free(m);
    cm_diag_free(diag);
}

static void
test_spec(void **state)
{
    fx_t *fx = *state;
    cm_diag_t *diag = cm_diag_new();
    cm_batch_manifest_t *m = load(fx, good, diag, NULL);
    assert_non_null(m);
    const cm_batch_figure_t *one = g_ptr_array_index(m->figures, 0);
    const cm_batch_figure_t *two = g_ptr_array_index(m->figures, 1);
    /* the typed spec the figure is drawn from */
    assert_int_equal(one->spec.kind, CM_FIGURE_TIMELINE);
    assert_int_equal(one->spec.timeline.layout, CM_TIMELINE_AXIS);
    assert_int_equal(two->spec.kind, CM_FIGURE_MAP);
    assert_string_equal(two->spec.data, two->data);
    assert_true(two->spec.map.graticule);
    assert_non_null(two->spec.map.label_only);
    assert_string_equal(two->spec.map.label_only[0], "JP");
    assert_string_equal(two->spec.map.label_only[1], "KR");
    assert_null(two->spec.map.label_only[2]);
    /* every output once, in manifest order; alt text to the state folder; quiet */
    guint n_out = g_strv_length(two->outputs);
    assert_true(n_out >= 2);
    assert_int_equal(cm_figure_spec_n_outputs(&two->spec), n_out);
    for (guint k = 0; k < n_out; k++)
        assert_string_equal(two->spec.outputs[k], two->outputs[k]);
    assert_string_equal(two->spec.alt_text, two->alt_text);
    assert_null(two->spec.report);
    assert_true(two->spec.quiet);
    GError *e = NULL;
    assert_true(cm_figure_spec_check(&two->spec, &e));
    assert_null(e);
    cm_batch_manifest_free(m);
    cm_diag_free(diag);
}

/* Loads TEXT expecting failure with CODE and a diagnostic at LINE saying TEXT. */
static void
expect_error(fx_t *fx, const char *manifest, int code, int line, const char *text)
{
    cm_diag_t *diag = cm_diag_new();
    GError *err = NULL;
    cm_batch_manifest_t *m = load(fx, manifest, diag, &err);
    assert_null(m);
    assert_non_null(err);
    assert_int_equal(err->code, code);
    if (!has_diag(diag, line, text)) {
        cm_diag_print(diag, stderr);
        fail_msg("no diagnostic at line %d with \"%s\"", line, text);
    }
    g_error_free(err);
    cm_diag_free(diag);
    char *outdir = g_build_filename(fx->dir, "output", NULL);
    assert_false(g_file_test(outdir, G_FILE_TEST_EXISTS));
    g_free(outdir);
}

static void
test_duplicate_figure(void **state)
{
    expect_error(*state,
                 "[figure a]\nkind = timeline\ndata = a.csv\n\n"
                 "[figure a]\nkind = timeline\ndata = b.csv\n",
                 CM_ERROR_USAGE, 5, "duplicate group [figure a] (first at line 1)");
}

static void
test_duplicate_key(void **state)
{
    expect_error(*state, "[figure a]\nkind = timeline\ndata = a.csv\ntitle = x\ntitle = y\n",
                 CM_ERROR_USAGE, 5, "key \"title\" given twice");
}

static void
test_unknown_key_suggestion(void **state)
{
    expect_error(*state, "[figure a]\nkind = timeline\ndata = a.csv\nsubtitel = x\n",
                 CM_ERROR_USAGE, 4, "did you mean \"subtitle\"");
    expect_error(*state, "[defaults]\nprojektion = europe\n[figure a]\nkind = map\ndata = a.csv\n",
                 CM_ERROR_USAGE, 2, "did you mean \"projection\"");
    expect_error(*state, "[figure a]\nkind = timeline\ndata = a.csv\nzzzzqqq = x\n", CM_ERROR_USAGE,
                 4, "unknown key \"zzzzqqq\"");
}

static void
test_key_of_other_kind(void **state)
{
    expect_error(*state, "[figure a]\nkind = map\ndata = a.csv\nlayout = lanes\n", CM_ERROR_USAGE,
                 4, "\"layout\" is a timeline option");
}

static void
test_bad_values(void **state)
{
    expect_error(*state, "[figure a]\nkind = chart\ndata = a.csv\n", CM_ERROR_USAGE, 2,
                 "kind = chart");
    expect_error(*state, "[figure a]\nkind = timeline\ndata = a.csv\nlayout = lanez\n",
                 CM_ERROR_USAGE, 4, "layout = lanez: use lanes, axis or step");
    expect_error(*state, "[figure a]\ndata = a.csv\n", CM_ERROR_USAGE, 1, "has no kind");
    expect_error(*state, "[figure a]\nkind = timeline\n", CM_ERROR_USAGE, 1, "has no data");
    expect_error(*state, "[figure a b]\nkind = timeline\ndata = a.csv\n", CM_ERROR_USAGE, 1,
                 "figure name \"a b\"");
    expect_error(*state, "[figures]\n", CM_ERROR_USAGE, 1, "unknown group [figures]");
    expect_error(*state, "[figure a]\nkind timeline\n", CM_ERROR_USAGE, 2, "is not a [group]");
    expect_error(*state, "[figure a]\nkind = timeline\ndata = a.csv\noutputs = svg;gif\n",
                 CM_ERROR_USAGE, 4, "output \"gif\"");
    expect_error(*state, "[figure a]\nkind = timeline\ndata = a.csv\nstyle = nosuchstyle\n",
                 CM_ERROR_USAGE, 4, "style \"nosuchstyle\"");
    expect_error(*state, "# nothing\n[defaults]\n", CM_ERROR_USAGE, 0, "no figures");
}

static void
test_missing_input(void **state)
{
    expect_error(*state, "[figure a]\nkind = timeline\ndata = nope.csv\n", CM_ERROR_IO, 3,
                 "no such file");
    expect_error(*state, "[figure a]\nkind = timeline\ndata = a.csv\neras = gone.csv\n",
                 CM_ERROR_IO, 4, "eras");
}

static void
test_same_output(void **state)
{
    expect_error(*state,
                 "[figure a]\nkind = timeline\ndata = a.csv\noutput = out/x\n\n"
                 "[figure b]\nkind = timeline\ndata = b.csv\noutputs = out/x.png\n",
                 CM_ERROR_USAGE, 9, "which figure a (line 1) writes too");
}

static void
test_unwritable_output(void **state)
{
    fx_t *fx = *state;
    g_free(put(fx, "blocker", "a file, not a folder\n"));
    expect_error(fx, "[figure a]\nkind = timeline\ndata = a.csv\noutputs = blocker/a.svg\n",
                 CM_ERROR_IO, 4, "is not a folder");
    /* The first problem decides the status: usage (line 4) before I/O (line 5). */
    cm_diag_t *diag = cm_diag_new();
    GError *err = NULL;
    assert_null(load(fx,
                     "[figure a]\nkind = timeline\ndata = a.csv\nsubtitel = x\n"
                     "outputs = blocker/a.svg\n",
                     diag, &err));
    assert_int_equal(err->code, CM_ERROR_USAGE);
    assert_int_equal(cm_diag_errors(diag), 2);
    g_error_free(err);
    cm_diag_free(diag);
}

/* ---- incremental ---- */

static void
write_outputs(const cm_batch_figure_t *f)
{
    for (char **o = f->outputs; *o; o++) {
        char *d = g_path_get_dirname(*o);
        g_mkdir_with_parents(d, 0777);
        g_free(d);
        assert_true(g_file_set_contents(*o, "x", 1, NULL));
    }
}

static void
test_incremental(void **state)
{
    fx_t *fx = *state;
    cm_diag_t *diag = cm_diag_new();
    cm_batch_manifest_t *m = load(fx, good, diag, NULL);
    assert_non_null(m);
    const cm_batch_figure_t *f = g_ptr_array_index(m->figures, 0);
    char *s1 = cm_batch_stamp(f, "v1");
    assert_int_equal(strlen(s1), 64);
    char *again = cm_batch_stamp(f, "v1");
    assert_string_equal(s1, again); /* deterministic */
    g_free(again);

    assert_false(cm_batch_up_to_date(m, f, s1, false)); /* nothing rendered */
    write_outputs(f);
    assert_false(cm_batch_up_to_date(m, f, s1, false)); /* no stamp yet */
    assert_true(cm_batch_stamp_write(m, f, s1, NULL, 0, NULL));
    assert_true(cm_batch_up_to_date(m, f, s1, false));
    assert_false(cm_batch_up_to_date(m, f, s1, true)); /* its alt text is missing */

    /* another program version */
    char *sv = cm_batch_stamp(f, "v2");
    assert_string_not_equal(sv, s1);
    assert_false(cm_batch_up_to_date(m, f, sv, false));
    g_free(sv);

    /* an output removed */
    g_unlink(f->outputs[1]);
    assert_false(cm_batch_up_to_date(m, f, s1, false));
    write_outputs(f);
    assert_true(cm_batch_up_to_date(m, f, s1, false));

    /* the data file touched: a new mtime, a new stamp */
    struct stat st;
    assert_int_equal(stat(f->data, &st), 0);
    struct timespec ts[2] = {st.st_atim, st.st_mtim};
    ts[1].tv_sec += 5;
    assert_int_equal(utimensat(AT_FDCWD, f->data, ts, 0), 0);
    char *s2 = cm_batch_stamp(f, "v1");
    assert_string_not_equal(s1, s2);
    assert_false(cm_batch_up_to_date(m, f, s2, false));
    g_free(s2);
    cm_batch_manifest_free(m);

    /* the manifest group changed: another stamp for the same figure */
    char *changed = g_strdup(good);
    char *t = strstr(changed, "One <&>");
    t[0] = 'Z';
    m = load(fx, changed, diag, NULL);
    f = g_ptr_array_index(m->figures, 0);
    char *s3 = cm_batch_stamp(f, "v1");
    assert_string_not_equal(s1, s3);
    g_free(s3);
    /* and the unchanged second figure keeps its stamp across loads */
    cm_batch_manifest_t *m2 = load(fx, good, diag, NULL);
    char *a = cm_batch_stamp(g_ptr_array_index(m->figures, 1), "v1");
    char *b = cm_batch_stamp(g_ptr_array_index(m2->figures, 1), "v1");
    assert_string_equal(a, b);
    g_free(a);
    g_free(b);
    cm_batch_manifest_free(m2);
    g_free(changed);
    g_free(s1);
    cm_batch_manifest_free(m);
    cm_diag_free(diag);
}

/* ---- shards ---- */

static void
test_shard_parse(void **state)
{
    (void)state;
    int k, n;
    assert_true(cm_batch_shard_parse("2/8", &k, &n, NULL));
    assert_int_equal(k, 2);
    assert_int_equal(n, 8);
    assert_true(cm_batch_shard_parse("1/1", &k, &n, NULL));
    const char *bad[] = {"0/4", "5/4", "1/0", "a/4", "2/", "/2", "2/4x", "2", "-1/4", "1/20000"};
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        GError *e = NULL;
        assert_false(cm_batch_shard_parse(bad[i], &k, &n, &e));
        assert_int_equal(e->code, CM_ERROR_USAGE);
        g_error_free(e);
    }
}

static void
test_shard_partition(void **state)
{
    (void)state;
    const int n_names = 1000;
    for (int n = 1; n <= 7; n++) {
        int *count = g_new0(int, n + 1);
        for (int i = 0; i < n_names; i++) {
            char *name = g_strdup_printf("figure-%d", i);
            int owners = 0;
            for (int k = 1; k <= n; k++)
                if (cm_batch_in_shard(name, k, n)) {
                    owners++;
                    count[k]++;
                }
            assert_int_equal(owners, 1); /* exactly one shard renders each figure */
            g_free(name);
        }
        for (int k = 1; k <= n; k++) /* and the shares are roughly even */
            assert_true(count[k] > n_names / n / 2 && count[k] < n_names * 2 / n);
        g_free(count);
    }
    /* deterministic: the same answer every time */
    assert_int_equal(cm_batch_in_shard("nato-lanes", 1, 3), cm_batch_in_shard("nato-lanes", 1, 3));
}

/* ---- gallery ---- */

static void
test_gallery(void **state)
{
    fx_t *fx = *state;
    cm_diag_t *diag = cm_diag_new();
    cm_batch_manifest_t *m = load(fx, good, diag, NULL);
    assert_non_null(m);
    const cm_batch_figure_t *one = g_ptr_array_index(m->figures, 0);
    g_mkdir_with_parents(m->state_dir, 0777);
    assert_true(g_file_set_contents(one->alt_text, "Alt <b>bold</b> & \"q\"\n", -1, NULL));
    char *html = cm_batch_gallery_html(m, m->figures);
    assert_non_null(strstr(html, "<!DOCTYPE html>"));
    assert_non_null(strstr(html, "<h2>One &lt;&amp;&gt; &quot;two&quot;</h2>"));
    assert_non_null(strstr(html, "alt=\"Alt &lt;b&gt;bold&lt;/b&gt; &amp; &quot;q&quot;\""));
    assert_null(strstr(html, "<b>bold"));
    /* one: PNG thumbnail in the page's folder; two: no PNG of its own name, so
     * the explicit sub/explicit.png, reached from output/ by ../ */
    assert_non_null(strstr(html, "<img src=\"one.png\""));
    assert_non_null(strstr(html, "<a href=\"one.svg\">SVG</a>"));
    assert_non_null(strstr(html, "<img src=\"../sub/explicit.png\""));
    assert_non_null(strstr(html, "<a href=\"two.pdf\">PDF</a>"));
    g_free(html);
    cm_batch_manifest_free(m);
    cm_diag_free(diag);
}

static void
test_relative_path(void **state)
{
    (void)state;
    char *p = cm_batch_relative_path("/a/b", "/a/b/c/d.png");
    assert_string_equal(p, "c/d.png");
    g_free(p);
    p = cm_batch_relative_path("/a/b", "/a/x/d.png");
    assert_string_equal(p, "../x/d.png");
    g_free(p);
    p = cm_batch_relative_path("/a/b", "/a/bb/d.png");
    assert_string_equal(p, "../bb/d.png");
    g_free(p);
}

static void
test_edit_distance(void **state)
{
    (void)state;
    assert_int_equal(cm_edit_distance("subtitel", "subtitle"), 2);
    assert_int_equal(cm_edit_distance("", "abc"), 3);
    assert_int_equal(cm_edit_distance("layout", "layout"), 0);
    /* characters, not bytes: one Hangul syllable is one edit */
    assert_int_equal(cm_edit_distance("가입일", "가입날"), 1);
    assert_int_equal(cm_edit_distance("Beitritt", "beitritt"), 1);
    char **keys = cm_batch_key_names(CM_BATCH_MAP);
    assert_true(g_strv_contains((const char *const *)keys, "projection"));
    assert_false(g_strv_contains((const char *const *)keys, "layout"));
    assert_false(g_strv_contains((const char *const *)keys, "kind"));
    g_strfreev(keys);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_parse_good, setup, teardown),
        cmocka_unit_test_setup_teardown(test_spec, setup, teardown),
        cmocka_unit_test_setup_teardown(test_duplicate_figure, setup, teardown),
        cmocka_unit_test_setup_teardown(test_duplicate_key, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unknown_key_suggestion, setup, teardown),
        cmocka_unit_test_setup_teardown(test_key_of_other_kind, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_values, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_input, setup, teardown),
        cmocka_unit_test_setup_teardown(test_same_output, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unwritable_output, setup, teardown),
        cmocka_unit_test_setup_teardown(test_incremental, setup, teardown),
        cmocka_unit_test(test_shard_parse),
        cmocka_unit_test(test_shard_partition),
        cmocka_unit_test_setup_teardown(test_gallery, setup, teardown),
        cmocka_unit_test(test_relative_path),
        cmocka_unit_test(test_edit_distance),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
