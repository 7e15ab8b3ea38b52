/* cli_command.c — `chronomap timeline|map [options] DATA.csv -o OUT`: argv into a figure
 * spec, through GOption entries made from the figure option table, then one
 * cm_figure_render() into files.
 */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static gboolean
on_option(const char *name, const char *value, gpointer data, GError **error)
{
    cm_figure_spec_t *s = data;
    const char *bare = name[0] == '-' && name[1] == '-' ? name + 2 : name + 1;
    return cm_figure_spec_set(s, bare, value, error);
}

GOptionEntry *
cli_figure_entries(cm_figure_kind_t kind)
{
    GArray *e = g_array_new(TRUE, TRUE, sizeof(GOptionEntry));
    for (const cm_figure_option_t *o = cm_figure_options(); o->name; o++) {
        if (!(o->kinds & kind))
            continue;
        int flags = 0;
        if (o->arg == CM_FIGURE_ARG_FLAG)
            flags = G_OPTION_FLAG_NO_ARG;
        else if (o->arg == CM_FIGURE_ARG_OPTIONAL)
            flags = G_OPTION_FLAG_OPTIONAL_ARG;
        else if (o->arg == CM_FIGURE_ARG_FILE || o->arg == CM_FIGURE_ARG_OUTPUT)
            flags = G_OPTION_FLAG_FILENAME;
        GOptionEntry entry = {
            o->name, o->short_name, flags, G_OPTION_ARG_CALLBACK, (gpointer)on_option,
            o->help, o->arg_name};
        g_array_append_val(e, entry);
    }
    return (GOptionEntry *)g_array_free(e, FALSE);
}

void
cli_print_options(FILE *out)
{
    static const char *const args[] = {"value", "file", "output", "list", "flag", "optional"};
    for (int k = CM_FIGURE_TIMELINE; k <= CM_FIGURE_MAP; k++)
        for (const cm_figure_option_t *o = cm_figure_options(); o->name; o++)
            if (o->kinds & (unsigned)k)
                fprintf(out, "%s %s %c %s %s %s\n", k == CM_FIGURE_MAP ? "map" : "timeline",
                        o->name, o->short_name ? o->short_name : '-', args[o->arg],
                        o->values ? o->values : "-", o->manifest ? "manifest" : "cli");
}

void
cli_drop_end_of_options(int *argc, char **argv)
{
    for (int i = 1; i < *argc; i++) {
        if (strcmp(argv[i], "--") != 0)
            continue;
        memmove(&argv[i], &argv[i + 1], sizeof *argv * (size_t)(*argc - i)); /* and the NULL */
        (*argc)--;
        return;
    }
}

/* Parses ARGV of `chronomap KIND` into S; false with ERROR (usage). */
static bool
parse(cm_figure_kind_t kind, int argc, char **argv, cm_figure_spec_t *s, GError **error)
{
    GOptionEntry *entries = cli_figure_entries(kind);
    GOptionContext *oc = g_option_context_new("DATA.csv -o OUT.svg|png|pdf");
    g_option_context_set_summary(
        oc, kind == CM_FIGURE_MAP ? "Draw a membership map (choropleth) from a CSV of dates."
                                  : "Draw a timeline (lanes, axis or step) from a CSV of dates.");
    GOptionGroup *main_group = g_option_group_new(NULL, NULL, NULL, s, NULL);
    g_option_group_add_entries(main_group, entries);
    g_option_context_set_main_group(oc, main_group);
    bool ok = g_option_context_parse(oc, &argc, &argv, error);
    if (ok)
        cli_drop_end_of_options(&argc, argv);
    if (ok && argc < 2) {
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE,
                    "no data file: chronomap %s DATA.csv -o OUT.svg",
                    kind == CM_FIGURE_MAP ? "map" : "timeline");
        ok = false;
    } else if (ok && argc > 2) {
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE, "one data file at a time (got %d)", argc - 1);
        ok = false;
    }
    if (ok)
        s->data = g_strdup(argv[1]);
    g_option_context_free(oc);
    g_free(entries);
    return ok;
}

static int
figure_command(cm_figure_kind_t kind, int argc, char **argv)
{
    cm_figure_spec_t s;
    cm_figure_spec_init(&s, kind);
    GError *err = NULL;
    int status = CM_ERROR_USAGE;
    cm_figure_env_t env = {.log = stderr};
    if (parse(kind, argc, argv, &s, &err) && cm_figure_env_read(&env, &err)) {
        cm_figure_sink_t *sink = cm_figure_sink_files_new();
        status = cm_figure_render(&s, &env, sink, &err);
        cm_figure_sink_free(sink);
    }
    if (status)
        fprintf(stderr, "chronomap: error: %s\n", err ? err->message : "failed");
    g_clear_error(&err);
    cm_figure_spec_release(&s);
    return status;
}

int
cmd_timeline(int argc, char **argv)
{
    return figure_command(CM_FIGURE_TIMELINE, argc, argv);
}

int
cmd_map(int argc, char **argv)
{
    return figure_command(CM_FIGURE_MAP, argc, argv);
}
