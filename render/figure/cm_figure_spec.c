/* cm_figure_spec.c — a figure spec's lifecycle, setting options by name, and the checks
 * that need more than one option (outputs and their formats, files that clash, the time
 * window, frames).
 */
#include "figure/cm_figure.h"

#include "util/cm_error.h"

#include <string.h>
#include <sys/stat.h>

void
cm_figure_spec_init(cm_figure_spec_t *s, cm_figure_kind_t kind)
{
    memset(s, 0, sizeof *s);
    s->kind = kind;
    s->scale = 1;
    s->svg_text = CM_SVG_TEXT_OUTLINE;
    s->timeline.layout = CM_TIMELINE_LANES;
    s->timeline.sort = CM_SORT_FILE;
    s->map.color_by = CM_MAP_COLOR_GROUP;
    s->map.unmatched = CM_MAP_UNMATCHED_ERROR;
    s->given = g_ptr_array_new_with_free_func(g_free);
}

void
cm_figure_spec_release(cm_figure_spec_t *s)
{
    g_free(s->data);
    g_strfreev(s->outputs);
    g_free(s->report);
    g_free(s->alt_text);
    g_free(s->title);
    g_free(s->subtitle);
    g_free(s->source);
    g_free(s->style);
    g_strfreev(s->set);
    g_free(s->lang);
    for (int i = 0; i < CM_ROLE_COUNT; i++)
        g_free(s->columns[i]);
    g_free(s->date_format);
    g_free(s->encoding);
    g_free(s->timeline.group_by);
    g_free(s->timeline.eras);
    g_free(s->map.projection);
    g_strfreev(s->map.label_only);
    g_free(s->map.basemap);
    g_free(s->map.id_property);
    g_strfreev(s->map.sovereigns);
    if (s->given)
        g_ptr_array_unref(s->given);
    memset(s, 0, sizeof *s);
}

bool
cm_figure_spec_set(cm_figure_spec_t *s, const char *name, const char *value, GError **error)
{
    const cm_figure_option_t *o = cm_figure_option_find(name);
    if (!o) {
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE, "unknown option --%s", name);
        return false;
    }
    if (!(o->kinds & s->kind)) {
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE, "--%s is an option of 'chronomap %s'", o->name,
                    o->kinds == CM_FIGURE_MAP ? "map" : "timeline");
        return false;
    }
    if (!value && o->arg != CM_FIGURE_ARG_FLAG && o->arg != CM_FIGURE_ARG_OPTIONAL) {
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE, "--%s needs a value (%s)", o->name,
                    o->arg_name);
        return false;
    }
    if (!o->set(s, o, value, error))
        return false;
    if (s->given && o->arg != CM_FIGURE_ARG_OUTPUT)
        g_ptr_array_add(s->given, g_strdup_printf("%s=%s", o->name, value ? value : ""));
    return true;
}

int
cm_figure_spec_n_outputs(const cm_figure_spec_t *s)
{
    return s->outputs ? (int)g_strv_length(s->outputs) : 0;
}

cm_format_t
cm_figure_spec_output_format(const cm_figure_spec_t *s, int i)
{
    cm_format_t f = CM_FORMAT_SVG;
    if (s->has_format)
        return s->format;
    cm_format_from_name(s->outputs[i], &f);
    return f;
}

static bool
same_existing_file(const char *a, const char *b)
{
    struct stat sa, sb;
    if (!a || !b || strcmp(a, "-") == 0 || strcmp(b, "-") == 0)
        return false;
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
           sa.st_ino == sb.st_ino;
}

/* Whether two output paths name one file (existing or not). */
static bool
same_output(const char *a, const char *b)
{
    if (strcmp(a, "-") == 0 || strcmp(b, "-") == 0)
        return strcmp(a, b) == 0;
    if (strcmp(a, b) == 0)
        return true;
    char *ca = g_canonicalize_filename(a, NULL), *cb = g_canonicalize_filename(b, NULL);
    bool same = strcmp(ca, cb) == 0;
    g_free(ca);
    g_free(cb);
    return same || same_existing_file(a, b);
}

/* Every file the figure writes, with the option naming it. */
static int
written_files(const cm_figure_spec_t *s, const char **opts, const char **paths, int cap)
{
    int n = 0;
    for (int i = 0; s->outputs && s->outputs[i] && n < cap; i++) {
        opts[n] = "-o";
        paths[n++] = s->outputs[i];
    }
    if (s->report && n < cap) {
        opts[n] = "--report";
        paths[n++] = s->report;
    }
    if (s->alt_text && n < cap) {
        opts[n] = "--alt-text";
        paths[n++] = s->alt_text;
    }
    return n;
}

static bool
check_files(const cm_figure_spec_t *s, GError **error)
{
    const char *opts[CM_FIGURE_MAX_OUTPUTS + 2], *paths[CM_FIGURE_MAX_OUTPUTS + 2];
    int n = written_files(s, opts, paths, (int)G_N_ELEMENTS(paths));
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++)
            if (same_output(paths[i], paths[j])) {
                g_set_error(error, CM_ERROR, CM_ERROR_USAGE,
                            "%s and %s both name %s; give each its own file", opts[i], opts[j],
                            paths[j]);
                return false;
            }
    const char *inputs[] = {s->data, s->timeline.eras, s->map.basemap, s->style};
    for (int i = 0; i < n; i++)
        for (size_t k = 0; k < G_N_ELEMENTS(inputs); k++)
            if (same_existing_file(inputs[k], paths[i])) {
                g_set_error(error, CM_ERROR, CM_ERROR_USAGE,
                            "the output %s is %s; choose another name", paths[i],
                            k == 0 ? "the input file" : "an input file");
                return false;
            }
    return true;
}

static bool
check_formats(const cm_figure_spec_t *s, int n, GError **error)
{
    if (s->has_format && n > 1) {
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE,
                    "--format with %d outputs: leave it out, each output's name gives its format",
                    n);
        return false;
    }
    for (int i = 0; i < n && !s->has_format; i++) {
        cm_format_t f;
        if (strcmp(s->outputs[i], "-") == 0) {
            g_set_error(error, CM_ERROR, CM_ERROR_USAGE, "writing to stdout needs --format");
            return false;
        }
        if (!cm_format_from_name(s->outputs[i], &f)) {
            g_set_error(error, CM_ERROR, CM_ERROR_USAGE,
                        "cannot tell the format of \"%s\" from its name: end it in .svg, .png or "
                        ".pdf, or give --format",
                        s->outputs[i]);
            return false;
        }
    }
    return true;
}

static bool
check_map(const cm_figure_spec_t *s, GError **error)
{
    if (s->map.frames && s->map.has_as_of) {
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE,
                    "--frames draws one map per date in the data; leave out --as-of");
        return false;
    }
    const char *opts[CM_FIGURE_MAX_OUTPUTS + 2], *paths[CM_FIGURE_MAX_OUTPUTS + 2];
    int n = written_files(s, opts, paths, (int)G_N_ELEMENTS(paths));
    for (int i = 0; s->map.frames && i < n; i++)
        if (strcmp(paths[i], "-") == 0) {
            g_set_error(error, CM_ERROR, CM_ERROR_USAGE,
                        "--frames writes one file per date; give a file name, not -");
            return false;
        }
    return true;
}

bool
cm_figure_spec_check(const cm_figure_spec_t *s, GError **error)
{
    int n = cm_figure_spec_n_outputs(s);
    if (n == 0) {
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE, "no output file: give -o FILE (or -o -)");
        return false;
    }
    if (n > CM_FIGURE_MAX_OUTPUTS) {
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE, "%d outputs: at most %d -o at a time", n,
                    CM_FIGURE_MAX_OUTPUTS);
        return false;
    }
    if (!check_files(s, error) || !check_formats(s, n, error))
        return false;
    const cm_date_t *from = &s->timeline.from, *to = &s->timeline.to;
    if (s->kind == CM_FIGURE_TIMELINE && s->timeline.has_from && s->timeline.has_to &&
        cm_date_first_day(from) >= cm_date_end_day(to)) {
        char *a = cm_date_format_iso(from), *b = cm_date_format_iso(to);
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE, "--from %s is not before --to %s", a, b);
        g_free(a);
        g_free(b);
        return false;
    }
    return s->kind != CM_FIGURE_MAP || check_map(s, error);
}

static gint
by_table_order(gconstpointer pa, gconstpointer pb)
{
    const char *a = *(const char *const *)pa, *b = *(const char *const *)pb;
    int ia = -1, ib = -1, i = 0;
    for (const cm_figure_option_t *o = cm_figure_options(); o->name; o++, i++) {
        size_t n = strlen(o->name);
        if (strncmp(a, o->name, n) == 0 && a[n] == '=')
            ia = i;
        if (strncmp(b, o->name, n) == 0 && b[n] == '=')
            ib = i;
    }
    return ia - ib; /* g_ptr_array_sort is stable: a list keeps its order */
}

char *
cm_figure_spec_canonical(const cm_figure_spec_t *s)
{
    GString *out = g_string_new(NULL);
    g_string_append_printf(out, "kind=%s\n", s->kind == CM_FIGURE_MAP ? "map" : "timeline");
    g_string_append_printf(out, "data=%s\n", s->data ? s->data : "");
    for (int i = 0; s->outputs && s->outputs[i]; i++)
        g_string_append_printf(out, "output=%s\n", s->outputs[i]);
    if (s->report)
        g_string_append_printf(out, "report=%s\n", s->report);
    if (s->alt_text)
        g_string_append_printf(out, "alt-text=%s\n", s->alt_text);
    GPtrArray *given = g_ptr_array_copy(s->given, NULL, NULL);
    g_ptr_array_set_free_func(given, NULL); /* the copy borrows the strings */
    g_ptr_array_sort(given, by_table_order);
    for (guint i = 0; i < given->len; i++)
        g_string_append_printf(out, "%s\n", (const char *)g_ptr_array_index(given, i));
    g_ptr_array_unref(given);
    return g_string_free(out, FALSE);
}

int
cm_figure_exit_code(const GError *e)
{
    return e && e->domain == CM_ERROR ? e->code : CM_ERROR_USAGE;
}
