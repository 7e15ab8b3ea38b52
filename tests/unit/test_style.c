/* test_style.c — style defaults, INI overlays, inheritance, --set, every error
 * path; units and size presets; named and inline palettes; languages; the key
 * table and its documentation in styles/README.md. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "chronomap.h"

static char *tmpdir;

static char *
write_file(const char *name, const char *text)
{
    char *p = g_build_filename(tmpdir, name, NULL);
    g_assert(g_file_set_contents(p, text, -1, NULL));
    return p;
}

static int
setup(void **state)
{
    tmpdir = g_dir_make_tmp("cmstyle-XXXXXX", NULL);
    return tmpdir ? 0 : -1;
}

static int
teardown(void **state)
{
    char *cmd = g_strdup_printf("rm -rf '%s'", tmpdir);
    int rc = system(cmd);
    g_free(cmd);
    g_free(tmpdir);
    return rc;
}

static void
test_defaults(void **state)
{
    cm_style_t *s = cm_style_new_default();
    assert_true(s->width > 0 && s->height > 0);
    assert_int_equal(s->palette_len, 8);
    assert_non_null(strstr(s->title.family, "Noto Sans"));
    /* article: a 680 px column at 96 dpi, English */
    assert_float_equal(s->width, 680, 1e-9);
    assert_float_equal(s->dpi, 96, 1e-9);
    assert_false(s->physical);
    assert_string_equal(s->lang, "en");
    assert_true(s->sequential_len >= 2);
    assert_true(s->title.size > s->label.size);
    cm_style_free(s);
}

static void
test_overlay_and_inherit(void **state)
{
    char *base = write_file("base.ini", "[page]\nbackground = #101010\nmargin = 10\n"
                                        "[title]\nsize = 40\n");
    char *child = write_file("child.ini", "[page]\ninherits = base\nmargin = 20\n"
                                          "[palette]\ncolors = #ff0000, #00ff00\n");
    cm_style_t *s = cm_style_new_default();
    cm_diag_t *d = cm_diag_new();
    GError *err = NULL;
    assert_true(cm_style_load(s, child, d, &err));
    assert_null(err);
    assert_float_equal(s->margin, 20, 1e-9);     /* child wins */
    assert_float_equal(s->title.size, 40, 1e-9); /* from parent */
    assert_float_equal(s->background.r, 16 / 255.0, 1e-9);
    assert_int_equal(s->palette_len, 2);
    assert_float_equal(s->palette[1].g, 1, 1e-9);
    cm_diag_free(d);
    cm_style_free(s);
    g_free(base);
    g_free(child);
}

static void
test_unknown_key_names_line_and_nearest(void **state)
{
    char *p = write_file("bad.ini", "[page]\nmargin = 5\n\n[title]\nsise = 12\n[lanes]\nx=1\n");
    cm_style_t *s = cm_style_new_default();
    cm_diag_t *d = cm_diag_new();
    GError *err = NULL;
    assert_false(cm_style_load(s, p, d, &err));
    assert_int_equal(err->code, CM_ERROR_USAGE);
    assert_int_equal(cm_diag_errors(d), 2);
    char *m0 = cm_diag_item_format(cm_diag_get(d, 0));
    char *m1 = cm_diag_item_format(cm_diag_get(d, 1));
    char *joined = g_strconcat(m0, "\n", m1, NULL);
    assert_non_null(strstr(joined, "bad.ini:5: error: unknown style key title.sise (did you mean "
                                   "title.size?)"));
    assert_non_null(strstr(joined, "bad.ini:6: error: unknown style group [lanes]"));
    g_free(joined);
    g_free(m0);
    g_free(m1);
    g_error_free(err);
    cm_diag_free(d);
    cm_style_free(s);
    g_free(p);
}

static void
test_bad_values(void **state)
{
    char *p = write_file("vals.ini", "[page]\nbackground = blue\nwidth = 0\nmargin = ten\n");
    cm_style_t *s = cm_style_new_default();
    cm_diag_t *d = cm_diag_new();
    GError *err = NULL;
    assert_false(cm_style_load(s, p, d, &err));
    assert_int_equal(cm_diag_errors(d), 3);
    char *m = cm_diag_item_format(cm_diag_get(d, 0));
    assert_non_null(strstr(m, "vals.ini:2: error: page.background: \"blue\" is not a colour"));
    g_free(m);
    m = cm_diag_item_format(cm_diag_get(d, 1));
    assert_non_null(strstr(m, "vals.ini:3: error: page.width = 0 is 0 px"));
    g_free(m);
    m = cm_diag_item_format(cm_diag_get(d, 2));
    assert_non_null(strstr(m, "vals.ini:4: error: page.margin: \"ten\" is not a number"));
    g_free(m);
    g_error_free(err);
    cm_diag_free(d);
    cm_style_free(s);
    g_free(p);
}

static void
test_inherit_cycle_and_missing(void **state)
{
    char *a = write_file("a.ini", "[page]\ninherits = b\n");
    char *b = write_file("b.ini", "# b\n[page]\nmargin = 3\ninherits = a\n");
    char *c = write_file("c.ini", "[page]\ninherits = nowhere\n");
    char *self = write_file("self.ini", "[title]\nsize = 9\n[page]\ninherits = self.ini\n");
    cm_style_t *s = cm_style_new_default();
    cm_diag_t *d = cm_diag_new();
    GError *err = NULL;
    assert_false(cm_style_load(s, a, d, &err));
    assert_int_equal(err->code, CM_ERROR_USAGE);
    /* named at the file and line that closes the cycle */
    assert_non_null(strstr(err->message, "b.ini:4: page.inherits = a makes a cycle"));
    assert_non_null(strstr(err->message, "a.ini -> b.ini -> a.ini"));
    g_clear_error(&err);
    assert_false(cm_style_load(s, self, d, &err));
    assert_non_null(strstr(err->message, "self.ini:4: page.inherits = self.ini makes a cycle"));
    g_clear_error(&err);
    assert_false(cm_style_load(s, c, d, &err));
    assert_int_equal(err->code, CM_ERROR_USAGE);
    assert_non_null(strstr(err->message, "c.ini:2: page.inherits = nowhere"));
    assert_non_null(strstr(err->message, "nowhere.ini"));
    g_clear_error(&err);
    /* a style file that is not there at all is an I/O error */
    char *gone = g_build_filename(tmpdir, "gone.ini", NULL);
    assert_false(cm_style_load(s, gone, d, &err));
    assert_int_equal(err->code, CM_ERROR_IO);
    g_clear_error(&err);
    /* a directory, a FIFO (would block), a file with a NUL byte */
    assert_false(cm_style_load(s, tmpdir, d, &err));
    assert_int_equal(err->code, CM_ERROR_IO);
    g_clear_error(&err);
    char *fifo = g_build_filename(tmpdir, "fifo.ini", NULL);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    assert_false(cm_style_load(s, fifo, d, &err));
    assert_non_null(strstr(err->message, "not a regular file"));
    g_clear_error(&err);
    g_free(fifo);
    char *nul = g_build_filename(tmpdir, "nul.ini", NULL);
    assert_true(g_file_set_contents(nul, "\0[page]\nmargin = 3\n", 19, NULL));
    assert_false(cm_style_load(s, nul, d, &err));
    assert_int_equal(err->code, CM_ERROR_USAGE);
    assert_non_null(strstr(err->message, "NUL byte"));
    g_clear_error(&err);
    g_free(nul);
    g_free(gone);
    cm_diag_free(d);
    cm_style_free(s);
    g_free(a);
    g_free(b);
    g_free(c);
    g_free(self);
}

static void
test_set(void **state)
{
    cm_style_t *s = cm_style_new_default();
    GError *err = NULL;
    assert_true(cm_style_set(s, "title.size=50", &err));
    assert_float_equal(s->title.size, 50, 1e-9);
    assert_true(cm_style_set(s, "title.font=Noto Serif", &err));
    assert_string_equal(s->title.family, "Noto Serif");
    assert_false(cm_style_set(s, "title.sizee=3", &err));
    assert_non_null(strstr(err->message, "did you mean title.size"));
    g_clear_error(&err);
    assert_false(cm_style_set(s, "nodot=3", &err));
    g_clear_error(&err);
    assert_false(cm_style_set(s, "lane.height=-4", &err));
    assert_non_null(strstr(err->message, "out of range"));
    g_clear_error(&err);
    cm_style_free(s);
}

static void
test_palette_wraps(void **state)
{
    cm_style_t *s = cm_style_new_default();
    cm_color_t a = cm_style_palette(s, 0), b = cm_style_palette(s, s->palette_len);
    assert_memory_equal(&a, &b, sizeof a);
    cm_style_free(s);
}

static void
test_lengths_and_units(void **state)
{
    double px;
    cm_unit_t u;
    assert_true(cm_length_parse("680", &px, &u));
    assert_float_equal(px, 680, 1e-9);
    assert_int_equal(u, CM_UNIT_PX);
    assert_true(cm_length_parse("25.4mm", &px, &u));
    assert_float_equal(px, 96, 1e-9);
    assert_int_equal(u, CM_UNIT_MM);
    assert_true(cm_length_parse("2in", &px, &u));
    assert_float_equal(px, 192, 1e-9);
    assert_true(cm_length_parse("72pt", &px, &u));
    assert_float_equal(px, 96, 1e-9);
    assert_int_equal(u, CM_UNIT_PT);
    assert_true(cm_length_parse("1cm", &px, NULL));
    assert_float_equal(px, 960 / 25.4, 1e-9);
    assert_false(cm_length_parse("12furlongs", &px, NULL));
    assert_false(cm_length_parse("-5mm", &px, NULL));
    assert_false(cm_length_parse("mm", &px, NULL));
    assert_false(cm_length_parse("inf", &px, NULL));
}

static void
test_sizes_and_presets(void **state)
{
    double w, h;
    bool phys;
    GError *err = NULL;
    assert_true(cm_size_parse("1600x900", &w, &h, &phys, &err));
    assert_float_equal(w, 1600, 1e-9);
    assert_float_equal(h, 900, 1e-9);
    assert_false(phys);
    assert_true(cm_size_parse("170mmx110mm", &w, &h, &phys, &err));
    assert_float_equal(w, 170 / 25.4 * 96, 1e-9);
    assert_float_equal(h, 110 / 25.4 * 96, 1e-9);
    assert_true(phys);
    assert_true(cm_size_parse("8inx4.5in", &w, &h, &phys, &err));
    assert_float_equal(w, 768, 1e-9);
    assert_float_equal(h, 432, 1e-9);
    assert_true(cm_size_parse("slide", &w, &h, &phys, &err));
    assert_float_equal(w, 1920, 1e-9);
    assert_float_equal(h, 1080, 1e-9);
    assert_false(phys);
    assert_true(cm_size_parse("social", &w, &h, NULL, &err));
    assert_float_equal(w, 1200, 1e-9);
    assert_float_equal(h, 675, 1e-9);
    assert_true(cm_size_parse("a4-landscape", &w, &h, &phys, &err));
    assert_float_equal(w, 297 / 25.4 * 96, 1e-9);
    assert_float_equal(h, 210 / 25.4 * 96, 1e-9);
    assert_true(phys);
    assert_true(cm_size_parse("column", &w, &h, NULL, &err));
    assert_float_equal(w, 680, 1e-9);
    for (const char *const *p = cm_size_presets(); *p; p++)
        assert_true(cm_size_parse(*p, &w, &h, NULL, NULL));
    assert_null(err);

    const char *bad[] = {"0x100", "100000x100", "100x0",    "12furlongsx3", "1600",       "x900",
                         "1600x", "bigxsmall",  "1600*900", "-5x100",       "1600x900px3"};
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        w = h = -1;
        assert_false(cm_size_parse(bad[i], &w, &h, NULL, &err));
        assert_int_equal(err->code, CM_ERROR_USAGE);
        assert_non_null(strstr(err->message, bad[i]));
        assert_float_equal(w, -1, 0); /* untouched */
        g_clear_error(&err);
    }
    assert_false(cm_size_parse("100000x100", &w, &h, NULL, &err));
    assert_non_null(strstr(err->message, "between 16 and 20000 px"));
    g_clear_error(&err);
    assert_false(cm_size_parse("6000mmx100mm", &w, &h, NULL, &err)); /* 22677 px */
    g_clear_error(&err);
    assert_true(cm_size_parse("10000x10000", &w, &h, NULL, &err)); /* 100 million px: the cap */
    assert_false(cm_size_parse("20000x20000", &w, &h, NULL, &err));
    assert_non_null(strstr(err->message, "400 million px: at most 100 million"));
    g_clear_error(&err);
    assert_false(cm_size_parse("abc", &w, &h, NULL, &err));
    assert_non_null(strstr(err->message, "\"abc\" is not WIDTHxHEIGHT"));
    g_clear_error(&err);
}

static void
test_page_units_in_files(void **state)
{
    char *p = write_file("print.ini", "[page]\nwidth = 170mm\nheight = 110mm\ndpi = 300\n");
    char *q = write_file("preset.ini", "[page]\nsize = slide\n");
    cm_style_t *s = cm_style_new_default();
    cm_diag_t *d = cm_diag_new();
    GError *err = NULL;
    assert_true(cm_style_load(s, p, d, &err));
    assert_float_equal(s->width, 170 / 25.4 * 96, 1e-9);
    assert_float_equal(s->height, 110 / 25.4 * 96, 1e-9);
    assert_float_equal(s->dpi, 300, 1e-9);
    assert_true(s->physical);
    assert_true(cm_style_load(s, q, d, &err));
    assert_float_equal(s->width, 1920, 1e-9);
    assert_false(s->physical);
    assert_true(cm_style_set(s, "page.size=a5-landscape", &err));
    assert_true(s->physical);
    assert_float_equal(s->width, 210 / 25.4 * 96, 1e-9);
    assert_false(cm_style_set(s, "page.size=0x0", &err));
    assert_non_null(strstr(err->message, "page.size"));
    g_clear_error(&err);
    assert_false(cm_style_set(s, "page.width=3parsecs", &err));
    assert_non_null(strstr(err->message, "not a length"));
    g_clear_error(&err);
    cm_diag_free(d);
    cm_style_free(s);
    g_free(p);
    g_free(q);
}

static void
test_palettes(void **state)
{
    cm_style_t *s = cm_style_new_default();
    GError *err = NULL;
    /* the default is Okabe–Ito, and prints as its name */
    char *v = cm_style_get(s, "palette", "colors");
    assert_string_equal(v, "okabe-ito");
    g_free(v);
    cm_color_t c0 = cm_style_palette(s, 0);
    assert_float_equal(c0.b, 0xb2 / 255.0, 1e-9);
    /* every named palette loads */
    cm_color_t cols[CM_PALETTE_MAX];
    for (const char *const *n = cm_palette_names(); *n; n++)
        assert_true(cm_palette_named(*n, cols) >= 2);
    assert_int_equal(cm_palette_named("rainbow", cols), 0);
    /* a sequential palette by name, and interpolation between its stops */
    assert_true(cm_style_set(s, "palette.sequential=viridis", &err));
    assert_int_equal(s->sequential_len, 10);
    cm_color_t lo = cm_style_sequential(s, -1), hi = cm_style_sequential(s, 2);
    assert_float_equal(lo.r, 0x44 / 255.0, 1e-9);
    assert_float_equal(hi.g, 0xe7 / 255.0, 1e-9);
    cm_color_t mid = cm_style_sequential(s, 0.5 / 9); /* halfway between stops 0 and 1 */
    assert_float_equal(mid.r, (0x44 + 0x48) / 2.0 / 255.0, 1e-9);
    /* inline */
    assert_true(cm_style_set(s, "palette.colors=#ff0000 #00ff00,#0000ff", &err));
    assert_int_equal(s->palette_len, 3);
    v = cm_style_get(s, "palette", "colors");
    assert_string_equal(v, "#ff0000, #00ff00, #0000ff");
    g_free(v);
    /* errors name the key and the bad part */
    assert_false(cm_style_set(s, "palette.colors=rainbow", &err));
    assert_non_null(strstr(err->message, "palette.colors: \"rainbow\" is not a palette"));
    g_clear_error(&err);
    assert_false(cm_style_set(s, "palette.colors=#ff0000, red", &err));
    assert_non_null(strstr(err->message, "\"red\" is not a colour"));
    g_clear_error(&err);
    assert_false(cm_style_set(s, "palette.sequential=", &err));
    g_clear_error(&err);
    assert_int_equal(s->palette_len, 3); /* failed sets change nothing */
    cm_style_free(s);
}

static void
test_languages(void **state)
{
    assert_true(cm_lang_known("en"));
    assert_true(cm_lang_known("ko"));
    assert_true(cm_lang_known("ja"));
    assert_true(cm_lang_known("de"));
    assert_true(cm_lang_known("fr"));
    assert_false(cm_lang_known("xx"));
    assert_false(cm_lang_known("EN-us"));
    assert_false(cm_lang_known(NULL));
    char *p = write_file("lang.ini", "[page]\nlang = ko\n");
    char *q = write_file("badlang.ini", "[page]\n\nlang = tlh\n");
    cm_style_t *s = cm_style_new_default();
    cm_diag_t *d = cm_diag_new();
    GError *err = NULL;
    assert_true(cm_style_load(s, p, d, &err));
    assert_string_equal(s->lang, "ko");
    assert_false(cm_style_load(s, q, d, &err));
    char *m = cm_diag_item_format(cm_diag_get(d, 0));
    assert_non_null(strstr(m, "badlang.ini:3: error: page.lang: \"tlh\" is not a language"));
    g_free(m);
    g_clear_error(&err);
    assert_string_equal(s->lang, "ko");
    cm_diag_free(d);
    cm_style_free(s);
    g_free(p);
    g_free(q);
}

/* Every key round-trips: cm_style_get prints what cm_style_set reads back. */
static void
test_key_table_roundtrip(void **state)
{
    cm_style_t *a = cm_style_new_default();
    cm_style_t *b = cm_style_new_default();
    assert_true(cm_style_set(b, "page.background=#000000", NULL));
    assert_true(cm_style_n_keys() > 40);
    for (size_t i = 0; i < cm_style_n_keys(); i++) {
        cm_style_key_t k = cm_style_key(i);
        char *v = cm_style_get(a, k.group, k.key);
        assert_non_null(v);
        assert_non_null(k.type);
        char *assign = g_strdup_printf("%s.%s=%s", k.group, k.key, v);
        GError *err = NULL;
        if (!cm_style_set(b, assign, &err))
            fail_msg("%s: %s", assign, err->message);
        char *back = cm_style_get(b, k.group, k.key);
        assert_string_equal(v, back);
        g_free(back);
        g_free(assign);
        g_free(v);
    }
    assert_null(cm_style_get(a, "page", "nope"));
    cm_style_free(a);
    cm_style_free(b);
}

/* A style file over the size cap is refused before it is read, naming the
 * file, its size and the cap; the cap is the style's max_file_bytes. */
static void
test_size_cap(void **state)
{
    (void)state;
    cm_style_t *s = cm_style_new_default();
    cm_diag_t *d = cm_diag_new();
    GError *err = NULL;
    GString *big = g_string_new("[page]\nmargin = 3\n");
    while (big->len <= CM_STYLE_DEFAULT_MAX_BYTES)
        g_string_append(big, "# a comment line that makes the file longer than the cap\n");
    char *path = write_file("big.ini", big->str);
    assert_false(cm_style_load(s, path, d, &err));
    assert_int_equal(err->code, CM_ERROR_USAGE);
    char *want = g_strdup_printf("%s: style file of %zu bytes is larger than the cap of %d bytes "
                                 "(CHRONOMAP_MAX_STYLE_BYTES)",
                                 path, big->len, CM_STYLE_DEFAULT_MAX_BYTES);
    assert_non_null(strstr(err->message, want));
    g_clear_error(&err);
    g_free(want);

    /* the style's own cap (the command line's CHRONOMAP_MAX_STYLE_BYTES): an 18-byte
     * style loads under 18, not under 17; the environment is not read here */
    char *small = write_file("small.ini", "[page]\nmargin = 3\n");
    s->max_file_bytes = 18;
    assert_true(cm_style_load(s, small, d, &err));
    assert_true(cm_style_load(s, path, d, &err) == false);
    g_clear_error(&err);
    s->max_file_bytes = 17;
    assert_false(cm_style_load(s, small, d, &err));
    assert_non_null(
        strstr(err->message, "style file of 18 bytes is larger than the cap of 17 bytes"));
    g_clear_error(&err);
    g_setenv("CHRONOMAP_MAX_STYLE_BYTES", "lots", TRUE);
    s->max_file_bytes = 0;
    assert_true(cm_style_load(s, small, d, &err));
    g_unsetenv("CHRONOMAP_MAX_STYLE_BYTES");
    assert_int_equal(cm_diag_errors(d), 0);
    g_free(small);
    g_free(path);
    g_string_free(big, TRUE);
    cm_diag_free(d);
    cm_style_free(s);
}

/* styles/README.md documents every key of the table with its default value:
 * a row "| `group.key` | … | `DEFAULT` | …" per key. */
static void
test_readme_documents_every_key(void **state)
{
    char *text = NULL;
    assert_true(g_file_get_contents(CM_SRCDIR "/styles/README.md", &text, NULL, NULL));
    cm_style_t *s = cm_style_new_default();
    int missing = 0;
    for (size_t i = 0; i < cm_style_n_keys(); i++) {
        cm_style_key_t k = cm_style_key(i);
        char *v = cm_style_get(s, k.group, k.key);
        char *row = g_strdup_printf("| `%s.%s` |", k.group, k.key);
        char *def = g_strdup_printf("`%s`", v);
        const char *at = strstr(text, row);
        const char *eol = at ? strchr(at, '\n') : NULL;
        char *line = at ? g_strndup(at, eol ? (gsize)(eol - at) : strlen(at)) : NULL;
        if (!line) {
            print_error("styles/README.md has no row for %s.%s\n", k.group, k.key);
            missing++;
        } else if (!strstr(line, def)) {
            print_error("styles/README.md: %s.%s should give its default %s\n", k.group, k.key,
                        def);
            missing++;
        }
        g_free(line);
        g_free(def);
        g_free(row);
        g_free(v);
    }
    assert_int_equal(missing, 0);
    cm_style_free(s);
    g_free(text);
}

/* The shipped themes load without a diagnostic, inherit article, and say
 * what they are for. */
static void
test_shipped_themes_load(void **state)
{
    const char *names[] = {"article", "dark", "slide", "print", "social"};
    for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
        char *path = g_strdup_printf("%s/styles/%s.ini", CM_SRCDIR, names[i]);
        cm_style_t *s = cm_style_new_default();
        cm_diag_t *d = cm_diag_new();
        GError *err = NULL;
        if (!cm_style_load(s, path, d, &err))
            fail_msg("%s: %s", path, err->message);
        assert_int_equal(cm_diag_count(d), 0);
        if (strcmp(names[i], "slide") == 0) {
            assert_float_equal(s->width, 1920, 1e-9);
            assert_float_equal(s->height, 1080, 1e-9);
        } else if (strcmp(names[i], "social") == 0) {
            assert_float_equal(s->width, 1200, 1e-9);
            assert_float_equal(s->height, 675, 1e-9);
        } else if (strcmp(names[i], "print") == 0) {
            assert_true(s->physical);
            assert_float_equal(s->dpi, 300, 1e-9);
        } else if (strcmp(names[i], "dark") == 0) {
            assert_true(s->background.r < 0.2 && s->text.r > 0.8);
        } else {
            /* article.ini restates the built-in defaults: loading changes nothing */
            cm_style_t *def = cm_style_new_default();
            for (size_t k = 0; k < cm_style_n_keys(); k++) {
                cm_style_key_t key = cm_style_key(k);
                char *a = cm_style_get(def, key.group, key.key);
                char *b = cm_style_get(s, key.group, key.key);
                assert_string_equal(a, b);
                g_free(a);
                g_free(b);
            }
            cm_style_free(def);
        }
        cm_diag_free(d);
        cm_style_free(s);
        g_free(path);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_overlay_and_inherit),
        cmocka_unit_test(test_unknown_key_names_line_and_nearest),
        cmocka_unit_test(test_bad_values),
        cmocka_unit_test(test_inherit_cycle_and_missing),
        cmocka_unit_test(test_set),
        cmocka_unit_test(test_palette_wraps),
        cmocka_unit_test(test_lengths_and_units),
        cmocka_unit_test(test_sizes_and_presets),
        cmocka_unit_test(test_page_units_in_files),
        cmocka_unit_test(test_palettes),
        cmocka_unit_test(test_languages),
        cmocka_unit_test(test_key_table_roundtrip),
        cmocka_unit_test(test_size_cap),
        cmocka_unit_test(test_readme_documents_every_key),
        cmocka_unit_test(test_shipped_themes_load),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
