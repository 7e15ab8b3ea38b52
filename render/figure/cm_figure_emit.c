/* cm_figure_emit.c — the steps every figure takes around its layout: the style, the
 * ingest options, and the last mile (rendering each format, the alt text and the report
 * into the sink, glyph checks, notes on the log).
 *
 * Sizes: the canvas is in px at 96 per inch. A size given in mm, cm, in or pt (on the
 * command line or in the style) makes a "physical" figure: its PDF is sized in real units
 * (0.75 pt per px) and its PNG is rasterised at the page DPI (--dpi, else the style's
 * [page] dpi), with that DPI in pHYs.
 */
#include "figure/cm_figure_private.h"

#include "check/cm_check.h"
#include "util/cm_datadir.h"

#include <math.h>
#include <string.h>

/* A style given by name ("dark") is styles/NAME.ini in the data folder (cm_datadir).
 * Returns NULL when a name is not found. */
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
cm__figure_style_load(const cm_figure_spec_t *s, const cm_figure_env_t *env, FILE *log,
                      GError **error)
{
    cm_style_t *st = cm_style_new_default();
    st->max_file_bytes = env->max_style_bytes;
    if (s->style) {
        char *path = find_style(s->style);
        if (!path) {
            char *names = style_names();
            g_set_error(error, CM_ERROR, CM_ERROR_USAGE,
                        "--style %s: no such style (styles: %s; or give a path to an .ini file)",
                        s->style, names);
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
            /* An unreadable --style file is an I/O error (74); anything wrong inside a
             * style, a missing parent included, a usage error (64). */
            g_propagate_error(error, e);
            goto fail;
        }
    }
    for (char **set = s->set; set && *set; set++)
        if (!cm_style_set(st, *set, error))
            goto fail;
    return st;
fail:
    cm_style_free(st);
    return NULL;
}

void
cm__figure_ingest_opts(const cm__figure_run_t *r, cm_ingest_opts_t *io)
{
    const cm_figure_spec_t *s = r->spec;
    memset(io, 0, sizeof *io);
    io->max_field = r->env->max_field;
    io->max_rows = r->env->max_rows;
    io->max_text = r->env->max_text;
    for (int r = 0; r < CM_ROLE_COUNT; r++)
        io->columns[r] = s->columns[r];
    io->delimiter = s->delimiter;
    io->date_order = s->date_order;
    io->date_format = s->date_format;
    io->century_pivot = s->century_pivot;
    io->excel_dates = s->excel_dates;
    io->undated = s->undated;
    io->encoding = s->encoding;
}

/* Render options for output format FORMAT of R. */
static void
render_opts(const cm__figure_run_t *r, cm_format_t format, cm_render_opts_t *ro)
{
    const cm_figure_spec_t *s = r->spec;
    double scale = s->scale > 0 ? s->scale : 1;
    *ro = (cm_render_opts_t){
        .format = format,
        .scale = scale,
        .dpi = s->dpi,
        .png_level = -1,
        .epoch = r->env->epoch,
        .svg_text = s->svg_text,
        .pt_per_px = 1,
        .threads = r->threads,
    };
    if (r->canvas.physical) {
        /* Real units: the PNG has DPI pixels per inch (times --scale), the PDF is as many
         * mm wide as asked. */
        double dpi = r->canvas.page_dpi > 0 ? r->canvas.page_dpi : 96;
        ro->scale = scale * dpi / 96;
        ro->dpi = dpi * scale;
        ro->pt_per_px = 0.75;
    }
}

/* A PNG of SCENE with RO may not pass 20,000 px a side or 100 Mpx (CM_ERROR_USAGE). */
static bool
check_pixels(const cm_scene_t *scene, const cm_render_opts_t *ro, GError **error)
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
cm__figure_suffixed_name(const char *path, const char *suffix)
{
    if (!suffix || !*suffix)
        return g_strdup(path);
    const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');
    if (!dot || (slash && dot < slash) || dot == path || (slash && dot == slash + 1))
        dot = path + strlen(path);
    return g_strdup_printf("%.*s%s%s", (int)(dot - path), path, suffix, dot);
}

static bool
add_file(const cm__figure_run_t *r, const char *path, const char *suffix, GBytes *bytes,
         GError **error)
{
    char *name = strcmp(path, "-") == 0 ? g_strdup("-") : cm__figure_suffixed_name(path, suffix);
    bool ok = r->sink->add(r->sink, name, bytes, error);
    g_free(name);
    g_bytes_unref(bytes);
    return ok;
}

/* --check: prints each of PROBLEMS on R's log as "FIGURE: KIND: ids" (FIGURE: the first
 * output's name, or the data file's when that is stdout) and fails with CM_ERROR_DATA
 * (65) when there is any. The caller writes nothing then: a figure that failed its check
 * must not replace a good one in the user's CI or site. */
static bool
check_passes(const cm__figure_run_t *r, const cm_problems_t *problems, const char *suffix,
             GError **error)
{
    int n = cm_problems_n(problems);
    if (n == 0)
        return true;
    const cm_figure_spec_t *s = r->spec;
    const char *out = s->outputs[0];
    char *figure = strcmp(out, "-") == 0 ? g_strdup(strcmp(s->data, "-") == 0 ? "stdin" : s->data)
                                         : cm__figure_suffixed_name(out, suffix);
    for (int i = 0; i < n; i++) {
        char *line = cm_problem_format(cm_problems_get(problems, i));
        fprintf(r->log, "%s: %s\n", figure, line);
        g_free(line);
    }
    g_set_error(error, CM_ERROR, CM_ERROR_DATA,
                "--check: %s has %d problem%s (listed above); nothing written", figure, n,
                n == 1 ? "" : "s");
    g_free(figure);
    return false;
}

static bool emit_files(const cm__figure_run_t *r, const cm_scene_t *scene,
                       const cm_layout_notes_t *notes, const cm_problems_t *problems,
                       const char *suffix, GError **error);

bool
cm__figure_emit(const cm__figure_run_t *r, const cm_scene_t *scene, const cm_layout_notes_t *notes,
                const char *suffix, GError **error)
{
    const cm_figure_spec_t *s = r->spec;
    /* The checker, with the style's type floors, once: its problems go into the report,
     * and with --check any problem fails the figure before anything is rendered. */
    cm_check_opts_t co;
    cm_check_opts_from_style(&co, r->style);
    cm_problems_t *problems = cm_check_scene(scene, notes, &co);
    bool ok = !s->check || check_passes(r, problems, suffix, error);
    if (ok)
        ok = emit_files(r, scene, notes, problems, suffix, error);
    cm_problems_free(problems);
    return ok;
}

static bool
emit_files(const cm__figure_run_t *r, const cm_scene_t *scene, const cm_layout_notes_t *notes,
           const cm_problems_t *problems, const char *suffix, GError **error)
{
    const cm_figure_spec_t *s = r->spec;
    int n = cm_figure_spec_n_outputs(s);
    /* One layout, every format: check them all before rendering any. */
    for (int i = 0; i < n; i++) {
        cm_render_opts_t ro;
        render_opts(r, cm_figure_spec_output_format(s, i), &ro);
        if (!check_pixels(scene, &ro, error))
            return false;
    }
    for (int i = 0; i < n; i++) {
        cm_render_opts_t ro;
        render_opts(r, cm_figure_spec_output_format(s, i), &ro);
        GByteArray *bytes = g_byte_array_new();
        if (!cm_render(scene, r->text, &ro, bytes, error)) {
            g_byte_array_unref(bytes);
            return false;
        }
        if (!add_file(r, s->outputs[i], suffix, g_byte_array_free_to_bytes(bytes), error))
            return false;
    }
    if (s->alt_text) {
        char *alt = g_strconcat(scene->desc ? scene->desc : "", "\n", NULL);
        size_t len = strlen(alt);
        if (!add_file(r, s->alt_text, suffix, g_bytes_new_take(alt, len), error))
            return false;
    }
    if (s->report) {
        char *report = cm_report_json_checked(scene, notes, r->diag, problems);
        size_t len = strlen(report);
        if (!add_file(r, s->report, suffix, g_bytes_new_take(report, len), error))
            return false;
    }
    return true;
}

void
cm__figure_check_glyphs(const cm_scene_t *scene, const cm_measurer_t *m, FILE *log)
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
cm__figure_print_notes(const cm_layout_notes_t *notes, bool quiet, FILE *log)
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
