/* cli_figure.c — options shared by every figure command, and the last mile:
 * style loading, glyph checks, rendering and atomic writes of output, alt
 * text and report.
 *
 * Sizes: the canvas is in px at 96 per inch. A size given in mm, cm, in or
 * pt (on the command line or in the style) makes a "physical" figure: its
 * PDF is sized in real units (0.75 pt per px) and its PNG is rasterised at
 * the page DPI (--dpi, else the style's [page] dpi), with that DPI in pHYs.
 */
#include "cli.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

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
        {"size", 0, 0, G_OPTION_ARG_STRING, &f->size,
         "Canvas size: WxH in px, mm, cm, in or pt (170mmx110mm), or column, slide, social, "
         "a4-landscape, a4, a5-landscape, letter-landscape (default: the style's)",
         "SIZE"},
        {"scale", 0, 0, G_OPTION_ARG_DOUBLE, &f->scale, "PNG pixel ratio (2 = sharp @2x)", "K"},
        {"dpi", 0, 0, G_OPTION_ARG_DOUBLE, &f->dpi,
         "PNG resolution for sizes in mm/in/pt (default: the style's, 96; print: 300); for px "
         "sizes only written into the PNG",
         "N"},
        {"report", 0, 0, G_OPTION_ARG_FILENAME, &f->report, "Write the layout report as JSON",
         "FILE"},
        {"lang", 0, 0, G_OPTION_ARG_STRING, &f->lang,
         "Language of dates and alt text: en, de, fr, ko, ja (default: the style's)", "LANG"},
        {"alt-text", 0, 0, G_OPTION_ARG_FILENAME, &f->alt_text,
         "Also write the figure's text description (alt text) to FILE", "FILE"},
        {"svg-text", 0, 0, G_OPTION_ARG_STRING, &f->svg_text,
         "SVG text: outline (default) or selectable (adds invisible, searchable <text>)", "MODE"},
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
    g_free(f->alt_text);
    g_free(f->svg_text);
}

bool
cli_same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    if (!a || !b || strcmp(a, "-") == 0 || strcmp(b, "-") == 0)
        return false;
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
           sa.st_ino == sb.st_ino;
}

int
cli_exit_code(const GError *e)
{
    return e && e->domain == CM_ERROR ? e->code : CM_ERROR_USAGE;
}

/* Whether two output paths name one file (existing or not). */
static bool
same_output(const char *a, const char *b)
{
    if (strcmp(a, b) == 0)
        return true;
    char *ca = g_canonicalize_filename(a, NULL), *cb = g_canonicalize_filename(b, NULL);
    bool same = strcmp(ca, cb) == 0;
    g_free(ca);
    g_free(cb);
    return same || cli_same_file(a, b);
}

bool
cli_figure_check(cli_figure_t *f, GError **error)
{
    if (!f->output) {
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE, "no output file: give -o FILE (or -o -)");
        return false;
    }
    const struct {
        const char *opt, *path;
    } outs[] = {{"-o", f->output}, {"--report", f->report}, {"--alt-text", f->alt_text}};
    for (size_t i = 0; i < G_N_ELEMENTS(outs); i++)
        for (size_t j = i + 1; j < G_N_ELEMENTS(outs); j++)
            if (outs[i].path && outs[j].path && same_output(outs[i].path, outs[j].path)) {
                g_set_error(error, CM_ERROR, CM_ERROR_USAGE,
                            "%s and %s both name %s; give each its own file", outs[i].opt,
                            outs[j].opt, outs[j].path);
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
    if (f->size) {
        GError *e = NULL;
        if (!cm_size_parse(f->size, &f->width, &f->height, &f->physical, &e)) {
            g_set_error(error, CM_ERROR, CM_ERROR_USAGE, "--%s", e->message); /* "--size …" */
            g_error_free(e);
            return false;
        }
    }
    if (f->lang && !cm_lang_known(f->lang)) {
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE, "--lang %s: use one of %s", f->lang, CM_LANGS);
        return false;
    }
    f->svg_mode = CM_SVG_TEXT_OUTLINE;
    if (f->svg_text && strcmp(f->svg_text, "selectable") == 0)
        f->svg_mode = CM_SVG_TEXT_SELECTABLE;
    else if (f->svg_text && strcmp(f->svg_text, "outline") != 0) {
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE, "--svg-text %s: use outline or selectable",
                    f->svg_text);
        return false;
    }
    if (f->alt_text && strcmp(f->alt_text, f->output) == 0 && strcmp(f->output, "-") != 0) {
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE,
                    "--alt-text %s is the output file; choose another name", f->alt_text);
        return false;
    }
    if (f->scale == 0)
        f->scale = 1;
    if (!(f->scale > 0 && f->scale <= 10)) {
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE, "--scale %g: use a value above 0, at most 10",
                    f->scale);
        return false;
    }
    if (f->dpi != 0 && !(f->dpi >= 24 && f->dpi <= 2400)) {
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE, "--dpi %g: use 24 to 2400", f->dpi);
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

static const char *const style_dirs[] = {CM_SRCDIR "/styles", CM_DATADIR "/styles"};

/* A style given by name ("dark") is looked up in the source tree's styles/
 * folder, then the installed one. Returns NULL when a name is not found. */
static char *
find_style(const char *name)
{
    if (strchr(name, '/') || g_str_has_suffix(name, ".ini"))
        return g_strdup(name);
    for (size_t i = 0; i < G_N_ELEMENTS(style_dirs); i++) {
        char *p = g_strdup_printf("%s/%s.ini", style_dirs[i], name);
        if (g_file_test(p, G_FILE_TEST_IS_REGULAR))
            return p;
        g_free(p);
    }
    return NULL;
}

static gint
cmp_names(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* "article, dark, …": the style names found in the first styles folder that exists. */
static char *
style_names(void)
{
    for (size_t i = 0; i < G_N_ELEMENTS(style_dirs); i++) {
        GDir *dir = g_dir_open(style_dirs[i], 0, NULL);
        if (!dir)
            continue;
        GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
        for (const char *n; (n = g_dir_read_name(dir));)
            if (g_str_has_suffix(n, ".ini"))
                g_ptr_array_add(names, g_strndup(n, strlen(n) - 4));
        g_dir_close(dir);
        g_ptr_array_sort(names, cmp_names);
        g_ptr_array_add(names, NULL);
        char *s = g_strjoinv(", ", (char **)names->pdata);
        g_ptr_array_free(names, TRUE);
        return s;
    }
    return g_strdup("none installed");
}

cm_style_t *
cli_load_style(cli_figure_t *f, GError **error)
{
    cm_style_t *st = cm_style_new_default();
    if (f->style) {
        char *path = find_style(f->style);
        if (!path) {
            char *names = style_names();
            g_set_error(error, CM_ERROR, CM_ERROR_USAGE,
                        "--style %s: no such style (styles: %s; or give a path to an .ini file)",
                        f->style, names);
            g_free(names);
            goto fail;
        }
        cm_diag_t *diag = cm_diag_new();
        GError *e = NULL;
        bool ok = cm_style_load(st, path, diag, &e);
        cm_diag_print(diag, stderr);
        cm_diag_free(diag);
        g_free(path);
        if (!ok) {
            /* An unreadable --style file is an I/O error (74); anything wrong
             * inside a style, a missing parent included, a usage error (64). */
            g_propagate_error(error, e);
            goto fail;
        }
    }
    for (char **s = f->set; s && *s; s++)
        if (!cm_style_set(st, *s, error))
            goto fail;
    if (!f->size) {
        f->width = st->width;
        f->height = st->height;
        f->physical = st->physical;
    }
    f->page_dpi = f->dpi > 0 ? f->dpi : st->dpi;
    return st;
fail:
    cm_style_free(st);
    return NULL;
}

const char *
cli_lang(const cli_figure_t *f, const cm_style_t *style)
{
    return f->lang ? f->lang : style->lang;
}

void
cli_render_opts(const cli_figure_t *f, cm_render_opts_t *ro)
{
    double scale = f->scale > 0 ? f->scale : 1;
    double dpi = f->page_dpi > 0 ? f->page_dpi : 96;
    *ro = (cm_render_opts_t){
        .format = f->fmt,
        .scale = scale,
        .dpi = f->dpi,
        .png_level = -1,
        .epoch = -1,
        .svg_text = f->svg_mode,
        .pt_per_px = 1,
    };
    if (f->physical) {
        /* Real units: the PNG has DPI pixels per inch (times --scale), the
         * PDF is as many mm wide as asked. */
        ro->scale = scale * dpi / 96;
        ro->dpi = dpi * scale;
        ro->pt_per_px = 0.75;
    }
}

bool
cli_write_alt_text(const cli_figure_t *f, const cm_scene_t *scene, GError **error)
{
    if (!f->alt_text)
        return true;
    char *text = g_strconcat(scene->desc ? scene->desc : "", "\n", NULL);
    bool ok = cm_write_atomic(f->alt_text, text, strlen(text), error);
    g_free(text);
    return ok;
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
cli_write_together(const cli_file_t *files, int n, GError **error)
{
    cm_pending_write_t **w = g_new0(cm_pending_write_t *, MAX(n, 1));
    bool ok = true;
    for (int i = 0; i < n && ok; i++)
        if (files[i].path)
            ok = (w[i] = cm_write_prepare(files[i].path, files[i].data, files[i].len, error));
    for (int i = 0; i < n; i++) {
        if (!w[i])
            continue;
        if (ok)
            ok = cm_write_commit(w[i], error);
        else
            cm_write_abort(w[i]);
    }
    g_free(w);
    return ok;
}

bool
cli_check_pixels(const cm_scene_t *scene, const cm_render_opts_t *ro, GError **error)
{
    if (ro->format != CM_FORMAT_PNG)
        return true;
    double w = ceil(scene->width * ro->scale), h = ceil(scene->height * ro->scale);
    if (w <= CM_SIZE_MAX && h <= CM_SIZE_MAX && w * h <= CM_SIZE_MAX_AREA)
        return true;
    g_set_error(error, CM_ERROR, CM_ERROR_USAGE,
                "the PNG would be %.0fx%.0f px (%.0f Mpx); the limit is %.0f px a side and "
                "%.0f Mpx: use a smaller --size, --scale or --dpi",
                w, h, w * h / 1e6, CM_SIZE_MAX, CM_SIZE_MAX_AREA / 1e6);
    return false;
}

bool
cli_emit(const cli_figure_t *f, const cm_scene_t *scene, cm_text_t *text,
         const cm_layout_notes_t *notes, const cm_diag_t *diag, GError **error)
{
    cm_render_opts_t ro;
    cli_render_opts(f, &ro);
    if (!cli_check_pixels(scene, &ro, error))
        return false;
    GByteArray *bytes = g_byte_array_new();
    char *report = NULL, *alt = NULL;
    bool ok = cm_render(scene, text, &ro, bytes, error);
    if (ok) {
        /* Figure, alt text and report appear together or not at all. */
        if (f->report)
            report = cm_report_json(scene, notes, diag);
        if (f->alt_text)
            alt = g_strconcat(scene->desc ? scene->desc : "", "\n", NULL);
        cli_file_t files[] = {
            {f->output, bytes->data, bytes->len},
            {f->alt_text, alt, alt ? strlen(alt) : 0},
            {f->report, report, report ? strlen(report) : 0},
        };
        ok = cli_write_together(files, G_N_ELEMENTS(files), error);
    }
    g_free(alt);
    g_free(report);
    g_byte_array_unref(bytes);
    return ok;
}
