/* cli.h — the chronomap command line: shared option handling for every figure command.
 *
 * Each command (timeline; later map and batch) parses its own options with
 * GOption into a cli_figure_t that also holds the options every figure shares
 * (output, format, size, style, titles, report). Errors are GErrors in the
 * CM_ERROR domain whose code is the exit status (64 usage, 65 data, 74 I/O).
 * Nothing is written until the whole figure has been rendered in memory; then
 * the output and the report are written atomically.
 */
#ifndef CM_CLI_H
#define CM_CLI_H

#include "chronomap.h"

typedef struct {
    /* from the command line (owned by GOption: g_free / g_strfreev) */
    char *output;
    char *format;
    char *title, *subtitle, *source;
    char *style;
    char **set;
    char *size;
    double scale;
    double dpi;
    char *report;
    char *lang;
    char **columns;
    char *delimiter;
    gboolean quiet;
    /* derived */
    cm_format_t fmt;
    double width, height; /* 0 = style's */
} cli_figure_t;

/* GOption entries for the shared options, bound to FIG. */
GOptionEntry *cli_figure_entries(cli_figure_t *fig);
void cli_figure_release(cli_figure_t *fig);

/* Checks and derives: format from --format or the output name, size. */
bool cli_figure_check(cli_figure_t *fig, GError **error);

/* Builds ingest options from --column role=name and --delimiter. COLUMNS
 * points into FIG's strings. */
bool cli_ingest_opts(const cli_figure_t *fig, cm_ingest_opts_t *opts, char ***owned,
                     GError **error);

/* Loads the style: defaults, --style (a file, or a name in the styles folder), --set. */
cm_style_t *cli_load_style(const cli_figure_t *fig, GError **error);

/* Warns on stderr about text in SCENE that no installed font can draw. */
void cli_check_glyphs(const cm_scene_t *scene, const cm_measurer_t *m, bool quiet);

/* Renders SCENE and writes it and the report (if asked) atomically. */
bool cli_emit(const cli_figure_t *fig, const cm_scene_t *scene, cm_text_t *text,
              const cm_layout_notes_t *notes, const cm_diag_t *diag, GError **error);

/* Prints notes (dropped labels, warnings) to stderr unless quiet. */
void cli_print_notes(const cm_layout_notes_t *notes, bool quiet);

int cmd_timeline(int argc, char **argv);

#endif
