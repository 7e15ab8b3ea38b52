/* cli_figure.c — options shared by every figure command, and the last mile:
 * style loading, glyph checks, rendering and atomic writes of output and report.
 */
#include "cli.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define MAX_SIDE 20000.0
#define MAX_PIXELS 100e6

GOptionEntry *
cli_figure_entries(cli_figure_t *f)
{
    GOptionEntry e[] = {
        {"output", 'o', 0, G_OPTION_ARG_FILENAME, &f->output,
         "Write the figure to FILE (- for stdout)", "FILE"},
        {"format", 0, 0, G_OPTION_ARG_STRING, &f->format,
         "svg, png, pdf or dump (default: from the output name)", "FMT"},
        {"title", 0, 0, G_OPTION_ARG_STRING, &f->title, "Title above the figure", "TEXT"},
        {"subtitle", 0, 0, G_OPTION_ARG_STRING, &f->subtitle, "Subtitle under the title", "TEXT"},
        {"source", 0, 0, G_OPTION_ARG_STRING, &f->source, "Credit line at the bottom", "TEXT"},
        {"style", 0, 0, G_OPTION_ARG_FILENAME, &f->style, "Style file or name (styles/NAME.ini)",
         "FILE"},
        {"set", 0, 0, G_OPTION_ARG_STRING_ARRAY, &f->set, "Override a style key (repeatable)",
         "GROUP.KEY=VALUE"},
        {"size", 0, 0, G_OPTION_ARG_STRING, &f->size, "Canvas size in px (default: the style's)",
         "WxH"},
        {"scale", 0, 0, G_OPTION_ARG_DOUBLE, &f->scale, "PNG pixel ratio (2 = sharp @2x)", "K"},
        {"dpi", 0, 0, G_OPTION_ARG_DOUBLE, &f->dpi,
         "DPI written into PNG files (default 96 × scale)", "N"},
        {"report", 0, 0, G_OPTION_ARG_FILENAME, &f->report, "Write the layout report as JSON",
         "FILE"},
        {"lang", 0, 0, G_OPTION_ARG_STRING, &f->lang, "Language of dates: en, de, fr, ko, ja",
         "LANG"},
        {"column", 0, 0, G_OPTION_ARG_STRING_ARRAY, &f->columns,
         "Map a role to a column (repeatable), e.g. date=joined", "ROLE=NAME"},
        {"delimiter", 0, 0, G_OPTION_ARG_STRING, &f->delimiter,
         "Field delimiter: , ; or tab (default: detected)", "C"},
        {"quiet", 'q', 0, G_OPTION_ARG_NONE, &f->quiet, "Print nothing but errors", NULL},
        {NULL},
    };
    return g_memdup2(e, sizeof e);
}

void
cli_figure_release(cli_figure_t *f)
{
    g_free(f->output);
    g_free(f->format);
    g_free(f->title);
    g_free(f->subtitle);
    g_free(f->source);
    g_free(f->style);
    g_strfreev(f->set);
    g_free(f->size);
    g_free(f->report);
    g_free(f->lang);
    g_strfreev(f->columns);
    g_free(f->delimiter);
}

static bool
parse_size(const char *s, double *w, double *h, GError **error)
{
    char *end;
    double a = g_ascii_strtod(s, &end);
    if (end == s || (*end != 'x' && *end != 'X'))
        goto bad;
    const char *p = end + 1;
    double b = g_ascii_strtod(p, &end);
    if (end == p || *end)
        goto bad;
    if (!(a >= 16 && b >= 16 && a <= MAX_SIDE && b <= MAX_SIDE)) {
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE,
                    "--size %s: each side must be between 16 and %.0f px", s, MAX_SIDE);
        return false;
    }
    *w = a;
    *h = b;
    return true;
bad:
    g_set_error(error, CM_ERROR, CM_ERROR_USAGE, "--size wants WIDTHxHEIGHT in px, not \"%s\"", s);
    return false;
}

bool
cli_figure_check(cli_figure_t *f, GError **error)
{
    if (!f->output) {
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE, "no output file: give -o FILE (or -o -)");
        return false;
    }
    if (f->format) {
        if (!cm_format_parse(f->format, &f->fmt)) {
            g_set_error(error, CM_ERROR, CM_ERROR_USAGE, "--format %s: use svg, png, pdf or dump",
                        f->format);
            return false;
        }
    } else if (strcmp(f->output, "-") == 0) {
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE, "writing to stdout needs --format");
        return false;
    } else if (!cm_format_from_name(f->output, &f->fmt)) {
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE,
                    "cannot tell the format of \"%s\" from its name: end it in .svg, .png or "
                    ".pdf, or give --format",
                    f->output);
        return false;
    }
    if (f->size && !parse_size(f->size, &f->width, &f->height, error))
        return false;
    if (f->scale == 0)
        f->scale = 1;
    if (!(f->scale > 0 && f->scale <= 10)) {
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE, "--scale %g: use a value above 0, at most 10",
                    f->scale);
        return false;
    }
    if (f->dpi < 0 || f->dpi > 10000) {
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE, "--dpi %g is out of range", f->dpi);
        return false;
    }
    if (f->delimiter && strcmp(f->delimiter, "tab") != 0 && strcmp(f->delimiter, "\\t") != 0 &&
        strlen(f->delimiter) != 1) {
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE,
                    "--delimiter wants one character or \"tab\", not \"%s\"", f->delimiter);
        return false;
    }
    return true;
}

bool
cli_ingest_opts(const cli_figure_t *f, cm_ingest_opts_t *opts, char ***owned, GError **error)
{
    memset(opts, 0, sizeof *opts);
    GPtrArray *keep = g_ptr_array_new();
    for (char **c = f->columns; c && *c; c++) {
        const char *eq = strchr(*c, '=');
        char *role = eq ? g_strndup(*c, eq - *c) : NULL;
        int r = role ? cm_role_from_name(role) : -1;
        g_free(role);
        if (r < 0 || !eq[1]) {
            g_set_error(error, CM_ERROR, CM_ERROR_USAGE,
                        "--column %s: want ROLE=COLUMN with ROLE one of entity, code, date, end, "
                        "group, label, note, source, type",
                        *c);
            g_ptr_array_add(keep, NULL);
            *owned = (char **)g_ptr_array_free(keep, FALSE);
            return false;
        }
        opts->columns[r] = eq + 1;
    }
    if (f->delimiter)
        opts->delimiter = (strlen(f->delimiter) == 1) ? f->delimiter[0] : '\t';
    g_ptr_array_add(keep, NULL);
    *owned = (char **)g_ptr_array_free(keep, FALSE);
    return true;
}

/* A style given by name ("dark") is looked up in the source tree's styles/
 * folder, then the installed one. */
static char *
find_style(const char *name)
{
    if (strchr(name, '/') || g_str_has_suffix(name, ".ini"))
        return g_strdup(name);
    const char *dirs[] = {CM_SRCDIR "/styles", CM_DATADIR "/styles"};
    for (size_t i = 0; i < G_N_ELEMENTS(dirs); i++) {
        char *p = g_strdup_printf("%s/%s.ini", dirs[i], name);
        if (g_file_test(p, G_FILE_TEST_IS_REGULAR))
            return p;
        g_free(p);
    }
    return g_strdup(name);
}

cm_style_t *
cli_load_style(const cli_figure_t *f, GError **error)
{
    cm_style_t *st = cm_style_new_default();
    if (f->style) {
        cm_diag_t *diag = cm_diag_new();
        char *path = find_style(f->style);
        bool ok = cm_style_load(st, path, diag, error);
        g_free(path);
        cm_diag_print(diag, stderr);
        cm_diag_free(diag);
        if (!ok)
            goto fail;
    }
    for (char **s = f->set; s && *s; s++)
        if (!cm_style_set(st, *s, error))
            goto fail;
    return st;
fail:
    cm_style_free(st);
    return NULL;
}

void
cli_check_glyphs(const cm_scene_t *scene, const cm_measurer_t *m, bool quiet)
{
    for (int i = 0; i < cm_scene_n_ops(scene); i++) {
        const cm_op_t *op = cm_scene_op(scene, i);
        if (op->kind != CM_OP_TEXT)
            continue;
        cm_text_extents_t e;
        m->measure(m->ctx, &op->font, op->text, op->wrap, op->align, &e);
        if (e.unknown_glyphs > 0)
            fprintf(stderr,
                    "chronomap: warning: no installed font has %d of the characters in \"%s\" "
                    "(%s); install a font that covers them (e.g. fonts-noto)\n",
                    e.unknown_glyphs, op->text, op->id ? op->id : "text");
    }
    (void)quiet;
}

void
cli_print_notes(const cm_layout_notes_t *notes, bool quiet)
{
    if (quiet)
        return;
    for (guint i = 0; i < notes->dropped->len; i++) {
        const char *s = g_ptr_array_index(notes->dropped, i);
        const char *tab = strchr(s, '\t');
        fprintf(stderr, "chronomap: warning: dropped label \"%s\" (%.*s): no room left\n",
                tab ? tab + 1 : s, tab ? (int)(tab - s) : (int)strlen(s), s);
    }
    for (guint i = 0; i < notes->warnings->len; i++)
        fprintf(stderr, "chronomap: warning: %s\n", (char *)g_ptr_array_index(notes->warnings, i));
}

bool
cli_emit(const cli_figure_t *f, const cm_scene_t *scene, cm_text_t *text,
         const cm_layout_notes_t *notes, const cm_diag_t *diag, GError **error)
{
    cm_render_opts_t ro = {
        .format = f->fmt, .scale = f->scale, .dpi = f->dpi, .png_level = -1, .epoch = -1};
    GByteArray *bytes = g_byte_array_new();
    char *report = NULL;
    bool ok = cm_render(scene, text, &ro, bytes, error);
    if (ok && f->report)
        report = cm_report_json(scene, notes, diag);
    /* The figure first, then the report: a report never describes a figure
     * that was not written. */
    if (ok)
        ok = cm_write_atomic(f->output, bytes->data, bytes->len, error);
    if (ok && report)
        ok = cm_write_atomic(f->report, report, strlen(report), error);
    g_free(report);
    g_byte_array_unref(bytes);
    return ok;
}
