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
#include "util/cm_datadir.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

GOptionEntry *
cli_figure_entries(cli_figure_t *f)
{
    GOptionEntry e[] = {
        {"output", 'o', 0, G_OPTION_ARG_FILENAME_ARRAY, &f->outputs,
         "Write the figure to FILE (- for stdout); repeat for several formats of one layout",
         "FILE"},
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
    g_strfreev(f->outputs);
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

const char *
cli_input_clash(const cli_figure_t *f, const char *input, const char *other)
{
    for (int i = 0; f->outputs && f->outputs[i]; i++)
        if (cli_same_file(input, f->outputs[i]) || cli_same_file(other, f->outputs[i]))
            return f->outputs[i];
    const char *side[] = {f->report, f->alt_text};
    for (size_t i = 0; i < G_N_ELEMENTS(side); i++)
        if (cli_same_file(input, side[i]) || cli_same_file(other, side[i]))
            return side[i];
    return NULL;
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
    f->n_outputs = f->outputs ? (int)g_strv_length(f->outputs) : 0;
    if (f->n_outputs == 0) {
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE, "no output file: give -o FILE (or -o -)");
        return false;
    }
    if (f->n_outputs > CLI_MAX_OUTPUTS) {
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE, "%d outputs: at most %d -o at a time",
                    f->n_outputs, CLI_MAX_OUTPUTS);
        return false;
    }
    /* Every file this run writes must be its own. */
    GPtrArray *opts = g_ptr_array_new(), *paths = g_ptr_array_new();
    for (int i = 0; i < f->n_outputs; i++) {
        g_ptr_array_add(opts, "-o");
        g_ptr_array_add(paths, f->outputs[i]);
    }
    g_ptr_array_add(opts, "--report");
    g_ptr_array_add(paths, f->report);
    g_ptr_array_add(opts, "--alt-text");
    g_ptr_array_add(paths, f->alt_text);
    bool clash = false;
    for (guint i = 0; i < paths->len && !clash; i++)
        for (guint j = i + 1; j < paths->len && !clash; j++) {
            const char *a = g_ptr_array_index(paths, i), *b = g_ptr_array_index(paths, j);
            if (a && b && (strcmp(a, "-") == 0 ? strcmp(b, "-") == 0 : same_output(a, b))) {
                clash = true;
                g_set_error(error, CM_ERROR, CM_ERROR_USAGE,
                            "%s and %s both name %s; give each its own file",
                            (char *)g_ptr_array_index(opts, i), (char *)g_ptr_array_index(opts, j),
                            b);
            }
        }
    g_ptr_array_free(opts, TRUE);
    g_ptr_array_free(paths, TRUE);
    if (clash)
        return false;
    if (f->format && f->n_outputs > 1) {
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE,
                    "--format with %d outputs: leave it out, each output's name gives its format",
                    f->n_outputs);
        return false;
    }
    for (int i = 0; i < f->n_outputs; i++) {
        const char *out = f->outputs[i];
        if (f->format) {
            if (!cm_format_parse(f->format, &f->fmts[i])) {
                g_set_error(error, CM_ERROR, CM_ERROR_USAGE,
                            "--format %s: use svg, png, pdf or dump", f->format);
                return false;
            }
        } else if (strcmp(out, "-") == 0) {
            g_set_error(error, CM_ERROR, CM_ERROR_USAGE, "writing to stdout needs --format");
            return false;
        } else if (!cm_format_from_name(out, &f->fmts[i])) {
            g_set_error(error, CM_ERROR, CM_ERROR_USAGE,
                        "cannot tell the format of \"%s\" from its name: end it in .svg, .png or "
                        ".pdf, or give --format",
                        out);
            return false;
        }
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

/* A style given by name ("dark") is styles/NAME.ini in the data folder
 * (cm_datadir). Returns NULL when a name is not found. */
static char *
find_style(const char *name)
{
    if (strchr(name, '/') || g_str_has_suffix(name, ".ini"))
        return g_strdup(name);
    char *rel = g_strconcat("styles/", name, ".ini", NULL);
    char *p = cm_data_path(rel);
    g_free(rel);
    if (g_file_test(p, G_FILE_TEST_IS_REGULAR))
        return p;
    g_free(p);
    return NULL;
}

static gint
cmp_names(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* "article, dark, …": the style names in the data folder's styles/. */
static char *
style_names(void)
{
    char *styles = cm_data_path("styles");
    GDir *dir = g_dir_open(styles, 0, NULL);
    g_free(styles);
    if (!dir)
        return g_strdup("none installed");
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

cm_style_t *
cli_load_style(cli_figure_t *f, FILE *log, GError **error)
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
        cm_diag_print(diag, log);
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
cli_render_opts(const cli_figure_t *f, cm_format_t format, cm_render_opts_t *ro)
{
    double scale = f->scale > 0 ? f->scale : 1;
    double dpi = f->page_dpi > 0 ? f->page_dpi : 96;
    *ro = (cm_render_opts_t){
        .format = format,
        .scale = scale,
        .dpi = f->dpi,
        .png_level = -1,
        .epoch = -1,
        .svg_text = f->svg_mode,
        .pt_per_px = 1,
        .threads = f->threads,
    };
    if (f->physical) {
        /* Real units: the PNG has DPI pixels per inch (times --scale), the
         * PDF is as many mm wide as asked. */
        ro->scale = scale * dpi / 96;
        ro->dpi = dpi * scale;
        ro->pt_per_px = 0.75;
    }
}

void
cli_check_glyphs(const cm_scene_t *scene, const cm_measurer_t *m, FILE *log)
{
    for (int i = 0; i < cm_scene_n_ops(scene); i++) {
        const cm_op_t *op = cm_scene_op(scene, i);
        if (op->kind != CM_OP_TEXT)
            continue;
        cm_text_extents_t e;
        m->measure(m->ctx, &op->font, op->text, op->wrap, op->align, &e);
        if (e.unknown_glyphs > 0)
            fprintf(log,
                    "chronomap: warning: no installed font has %d of the characters in \"%s\" "
                    "(%s); install a font that covers them (e.g. fonts-noto)\n",
                    e.unknown_glyphs, op->text, op->id ? op->id : "text");
    }
}

void
cli_print_notes(const cm_layout_notes_t *notes, bool quiet, FILE *log)
{
    if (quiet)
        return;
    for (guint i = 0; i < notes->dropped->len; i++) {
        const char *s = g_ptr_array_index(notes->dropped, i);
        const char *tab = strchr(s, '\t');
        fprintf(log, "chronomap: warning: dropped label \"%s\" (%.*s): no room left\n",
                tab ? tab + 1 : s, tab ? (int)(tab - s) : (int)strlen(s), s);
    }
    for (guint i = 0; i < notes->warnings->len; i++)
        fprintf(log, "chronomap: warning: %s\n", (char *)g_ptr_array_index(notes->warnings, i));
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

char *
cli_suffixed_name(const char *path, const char *suffix)
{
    if (!suffix || !*suffix)
        return g_strdup(path);
    const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');
    if (!dot || (slash && dot < slash) || dot == path || (slash && dot == slash + 1))
        dot = path + strlen(path);
    return g_strdup_printf("%.*s%s%s", (int)(dot - path), path, suffix, dot);
}

void
cli_emit_init(cli_emit_t *e)
{
    e->paths = g_ptr_array_new_with_free_func(g_free);
    e->blobs = g_ptr_array_new_with_free_func((GDestroyNotify)g_bytes_unref);
}

void
cli_emit_release(cli_emit_t *e)
{
    g_ptr_array_unref(e->paths);
    g_ptr_array_unref(e->blobs);
}

static void
emit_take(cli_emit_t *e, char *path, GBytes *blob)
{
    g_ptr_array_add(e->paths, path);
    g_ptr_array_add(e->blobs, blob);
}

bool
cli_emit_add(cli_emit_t *e, const cli_figure_t *f, const cm_scene_t *scene, cm_text_t *text,
             const cm_layout_notes_t *notes, const cm_diag_t *diag, const char *suffix,
             GError **error)
{
    /* One layout, every format: check them all before rendering any. */
    for (int i = 0; i < f->n_outputs; i++) {
        cm_render_opts_t ro;
        cli_render_opts(f, f->fmts[i], &ro);
        if (!cli_check_pixels(scene, &ro, error))
            return false;
    }
    for (int i = 0; i < f->n_outputs; i++) {
        cm_render_opts_t ro;
        cli_render_opts(f, f->fmts[i], &ro);
        GByteArray *bytes = g_byte_array_new();
        if (!cm_render(scene, text, &ro, bytes, error)) {
            g_byte_array_unref(bytes);
            return false;
        }
        char *path = strcmp(f->outputs[i], "-") == 0 ? g_strdup("-")
                                                     : cli_suffixed_name(f->outputs[i], suffix);
        emit_take(e, path, g_byte_array_free_to_bytes(bytes));
    }
    if (f->alt_text) {
        char *alt = g_strconcat(scene->desc ? scene->desc : "", "\n", NULL);
        size_t n = strlen(alt);
        emit_take(e, cli_suffixed_name(f->alt_text, suffix), g_bytes_new_take(alt, n));
    }
    if (f->report) {
        char *report = cm_report_json(scene, notes, diag);
        size_t n = strlen(report);
        emit_take(e, cli_suffixed_name(f->report, suffix), g_bytes_new_take(report, n));
    }
    return true;
}

bool
cli_emit_write(const cli_emit_t *e, GError **error)
{
    int n = (int)e->paths->len;
    cli_file_t *files = g_new0(cli_file_t, MAX(n, 1));
    for (int i = 0; i < n; i++) {
        gsize len = 0;
        files[i].path = g_ptr_array_index(e->paths, i);
        files[i].data = g_bytes_get_data(g_ptr_array_index(e->blobs, i), &len);
        files[i].len = len;
    }
    bool ok = cli_write_together(files, n, error);
    g_free(files);
    return ok;
}

bool
cli_emit(const cli_figure_t *f, const cm_scene_t *scene, cm_text_t *text,
         const cm_layout_notes_t *notes, const cm_diag_t *diag, GError **error)
{
    cli_emit_t e;
    cli_emit_init(&e);
    bool ok =
        cli_emit_add(&e, f, scene, text, notes, diag, NULL, error) && cli_emit_write(&e, error);
    cli_emit_release(&e);
    return ok;
}
