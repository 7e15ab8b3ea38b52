/* cmd_timeline.c — `chronomap timeline [options] DATA.csv -o OUT`.
 *
 * Reads the data (and eras), resolves the style, lays out the chosen kind
 * (lanes, axis, step), renders in memory and only then writes, atomically.
 */
#include "cli.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

typedef struct {
    cli_figure_t fig;
    char *layout;
    char *from, *to;
    char *group_by;
    char *sort;
    char *eras;
} timeline_args_t;

static void
args_release(timeline_args_t *a)
{
    cli_figure_release(&a->fig);
    g_free(a->layout);
    g_free(a->from);
    g_free(a->to);
    g_free(a->group_by);
    g_free(a->sort);
    g_free(a->eras);
}

static bool
parse_window_date(const char *opt, const char *text, cm_date_t *out, GError **error)
{
    GError *e = NULL;
    if (cm_date_parse(text, out, &e))
        return true;
    g_set_error(error, CM_ERROR, CM_ERROR_USAGE, "%s: %s", opt, e->message);
    g_error_free(e);
    return false;
}

int
cmd_timeline_run(int argc, char **argv, const cli_env_t *env, GError **error)
{
    timeline_args_t a = {0};
    GOptionEntry own[] = {
        {"layout", 'l', 0, G_OPTION_ARG_STRING, &a.layout, "lanes (default), axis or step", "KIND"},
        {"from", 0, 0, G_OPTION_ARG_STRING, &a.from, "Start of the time window", "DATE"},
        {"to", 0, 0, G_OPTION_ARG_STRING, &a.to, "End of the time window", "DATE"},
        {"group-by", 0, 0, G_OPTION_ARG_STRING, &a.group_by,
         "Group lanes by COLUMN (none: no groups)", "COLUMN"},
        {"sort", 0, 0, G_OPTION_ARG_STRING, &a.sort, "Lane order: start, name or file (default)",
         "ORDER"},
        {"eras", 0, 0, G_OPTION_ARG_FILENAME, &a.eras,
         "Background bands from a CSV of name,start,end", "FILE"},
        {NULL},
    };
    GOptionEntry *shared = cli_figure_entries(&a.fig);
    GOptionContext *oc = g_option_context_new("DATA.csv -o OUT.svg|png|pdf");
    g_option_context_set_summary(oc, "Draw a timeline (lanes, axis or step) from a CSV of dates.");
    g_option_context_add_main_entries(oc, own, NULL);
    g_option_context_add_main_entries(oc, shared, NULL);

    GError *err = NULL;
    cm_diag_t *diag = cm_diag_new();
    cm_dataset_t *ds = NULL, *eras = NULL;
    cm_style_t *style = NULL;
    cm_text_t *text = NULL, *own_text = NULL;
    cm_scene_t *scene = NULL;
    char **owned = NULL;
    cm_layout_notes_t notes;
    cm_layout_notes_init(&notes);
    int status = 0;

    if (!g_option_context_parse(oc, &argc, &argv, &err)) {
        /* GOption's errors are usage errors: cli_exit_code() maps them to 64 */
        if (!err)
            g_set_error(&err, CM_ERROR, CM_ERROR_USAGE, "bad options");
        goto fail;
    }
    if (argc != 2) {
        g_clear_error(&err);
        g_set_error(&err, CM_ERROR, CM_ERROR_USAGE,
                    argc < 2 ? "no data file: chronomap timeline DATA.csv -o OUT.svg"
                             : "one data file at a time (got %d)",
                    argc - 1);
        goto fail;
    }
    const char *input = argv[1];
    a.fig.threads = env->threads;
    if (!cli_figure_check(&a.fig, &err))
        goto fail;
    const char *clash = cli_input_clash(&a.fig, input, a.eras);
    if (clash) {
        g_set_error(&err, CM_ERROR, CM_ERROR_USAGE,
                    "the output %s is the input file; choose another name", clash);
        goto fail;
    }

    cm_timeline_opts_t o = {.kind = CM_TIMELINE_LANES, .sort = CM_SORT_FILE};
    if (a.layout) {
        if (strcmp(a.layout, "lanes") == 0)
            o.kind = CM_TIMELINE_LANES;
        else if (strcmp(a.layout, "axis") == 0)
            o.kind = CM_TIMELINE_AXIS;
        else if (strcmp(a.layout, "step") == 0)
            o.kind = CM_TIMELINE_STEP;
        else {
            g_set_error(&err, CM_ERROR, CM_ERROR_USAGE, "--layout %s: use lanes, axis or step",
                        a.layout);
            goto fail;
        }
    }
    if (a.sort) {
        if (strcmp(a.sort, "start") == 0)
            o.sort = CM_SORT_START;
        else if (strcmp(a.sort, "name") == 0)
            o.sort = CM_SORT_NAME;
        else if (strcmp(a.sort, "file") == 0)
            o.sort = CM_SORT_FILE;
        else {
            g_set_error(&err, CM_ERROR, CM_ERROR_USAGE, "--sort %s: use start, name or file",
                        a.sort);
            goto fail;
        }
    }
    if (a.from && !parse_window_date("--from", a.from, &o.from, &err))
        goto fail;
    if (a.to && !parse_window_date("--to", a.to, &o.to, &err))
        goto fail;
    o.has_from = a.from != NULL;
    o.has_to = a.to != NULL;
    if (o.has_from && o.has_to && cm_date_first_day(&o.from) >= cm_date_end_day(&o.to)) {
        g_set_error(&err, CM_ERROR, CM_ERROR_USAGE, "--from %s is not before --to %s", a.from,
                    a.to);
        goto fail;
    }

    cm_ingest_opts_t io;
    if (!cli_ingest_opts(&a.fig, &io, &owned, &err))
        goto fail;
    bool no_groups = a.group_by && g_ascii_strcasecmp(a.group_by, "none") == 0;
    if (a.group_by && !no_groups)
        io.columns[CM_ROLE_GROUP] = a.group_by;

    style = cli_load_style(&a.fig, env->log, &err);
    if (!style)
        goto fail;

    ds = cm_ingest_file(input, &io, diag, &err);
    if (a.eras && ds) {
        cm_ingest_opts_t eo = {0};
        eo.columns[CM_ROLE_ENTITY] = NULL;
        eras = cm_ingest_file(a.eras, &eo, diag, ds ? &err : NULL);
    }
    cm_diag_print(diag, env->log);
    if (!ds || (a.eras && !eras))
        goto fail;

    /* Group lanes when the data has groups, unless told not to. */
    bool has_groups = false;
    for (int i = 0; i < cm_dataset_n_entities(ds) && !has_groups; i++)
        has_groups = cm_dataset_get_entity(ds, i)->group != NULL;
    o.grouped = has_groups && !no_groups;
    o.width = a.fig.width > 0 ? a.fig.width : style->width;
    o.height = a.fig.height > 0 ? a.fig.height : style->height;
    o.grow = !a.fig.size && style->grow; /* --size is a promise of that size */
    o.title = a.fig.title;
    o.subtitle = a.fig.subtitle;
    o.source = a.fig.source;
    o.today = cm_date_today();
    o.eras = eras;
    o.lang = a.fig.lang;

    /* batch lends each figure a text engine whose font lookups are already warm */
    text = env->text ? env->text : (own_text = cm_text_new());
    cm_measurer_t m = cm_text_measurer(text);
    scene = cm_layout_timeline(ds, style, &m, &o, &notes, &err);
    if (!scene)
        goto fail;
    {
        char *alt = cm_alt_timeline(ds, &o, cli_lang(&a.fig, style));
        cm_scene_set_title(scene, a.fig.title, alt); /* SVG <title>/<desc>, PDF metadata */
        g_free(alt);
    }
    cli_print_notes(&notes, a.fig.quiet, env->log);
    cli_check_glyphs(scene, &m, env->log);
    if (!cli_emit(&a.fig, scene, text, &notes, diag, &err))
        goto fail;
    goto out;

fail:
    if (!err)
        g_set_error(&err, CM_ERROR, CM_ERROR_USAGE, "failed");
    status = cli_exit_code(err);
    g_propagate_error(error, err);
    err = NULL;
out:
    g_clear_error(&err);
    cm_scene_free(scene);
    cm_text_free(own_text);
    cm_layout_notes_release(&notes);
    cm_style_free(style);
    cm_dataset_free(eras);
    cm_dataset_free(ds);
    cm_diag_free(diag);
    g_free(owned);
    g_free(shared);
    g_option_context_free(oc);
    args_release(&a);
    return status;
}

int
cmd_timeline(int argc, char **argv)
{
    cli_env_t env = {.log = stderr};
    GError *err = NULL;
    int status = cmd_timeline_run(argc, argv, &env, &err);
    if (status)
        fprintf(stderr, "chronomap: error: %s\n", err->message);
    g_clear_error(&err);
    return status;
}
