/* cli.h — the chronomap command line: shared option handling for every figure command.
 *
 * Each command (timeline; later map and batch) parses its own options with
 * GOption into a cli_figure_t that also holds the options every figure shares
 * (output, format, size, style, titles, report, language, alt text, SVG
 * text mode). Errors are GErrors in the
 * CM_ERROR domain whose code is the exit status (64 usage, 65 data, 74 I/O).
 * Nothing is written until the whole figure has been rendered in memory; then
 * the output and the report are written atomically.
 */
#ifndef CM_CLI_H
#define CM_CLI_H

#include "chronomap.h"
#include "report/cm_alt.h"

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
    char *alt_text; /* --alt-text FILE */
    char *svg_text; /* --svg-text outline|selectable */
    gboolean quiet;
    /* derived */
    cm_format_t fmt;
    double width, height; /* 0 = style's; after cli_load_style, the canvas */
    bool physical;        /* the canvas was given in mm, cm, in or pt */
    double page_dpi;      /* --dpi, else the style's [page] dpi (after cli_load_style) */
    cm_svg_text_t svg_mode;
} cli_figure_t;

/* Whether A and B are one existing file (same device and inode); "-" and
 * NULL are never the same as anything. */
bool cli_same_file(const char *a, const char *b);
/* The exit status for E: its code in the CM_ERROR domain, else 64 (GOption's
 * own errors are usage errors). */
int cli_exit_code(const GError *e);

/* GOption entries for the shared options, bound to FIG. */
GOptionEntry *cli_figure_entries(cli_figure_t *fig);
void cli_figure_release(cli_figure_t *fig);

/* Checks and derives: format from --format or the output name, size (WxH
 * with units, or a preset), --lang, --svg-text. Errors are CM_ERROR_USAGE. */
bool cli_figure_check(cli_figure_t *fig, GError **error);

/* Builds ingest options from --column role=name and --delimiter. COLUMNS
 * points into FIG's strings. */
bool cli_ingest_opts(const cli_figure_t *fig, cm_ingest_opts_t *opts, char ***owned,
                     GError **error);

/* Loads the style: defaults, --style (a file, or a name in the styles folder), --set.
 * Then fills FIG's canvas (width, height, physical) from the style unless
 * --size gave one, and page_dpi. An unknown style name is CM_ERROR_USAGE. */
cm_style_t *cli_load_style(cli_figure_t *fig, GError **error);

/* The language figures are drawn in: --lang, else the style's. */
const char *cli_lang(const cli_figure_t *fig, const cm_style_t *style);

/* Render options for FIG (format, PNG scale and DPI, SVG text mode, PDF
 * points per px for physical sizes). Call after cli_load_style. */
void cli_render_opts(const cli_figure_t *fig, cm_render_opts_t *ro);

/* Writes SCENE's description (its alt text) to --alt-text FILE atomically;
 * does nothing without --alt-text. */
bool cli_write_alt_text(const cli_figure_t *fig, const cm_scene_t *scene, GError **error);

/* Warns on stderr about text in SCENE that no installed font can draw. */
void cli_check_glyphs(const cm_scene_t *scene, const cm_measurer_t *m, bool quiet);

/* Files that must appear together: all are written to temporary files
 * first, then renamed; if any cannot be written none appears. A NULL path is
 * skipped. */
typedef struct {
    const char *path;
    const void *data;
    size_t len;
} cli_file_t;
bool cli_write_together(const cli_file_t *files, int n, GError **error);

/* A PNG of SCENE with RO may not pass 20,000 px a side or 100 Mpx
 * (CM_ERROR_USAGE); other formats always pass. */
bool cli_check_pixels(const cm_scene_t *scene, const cm_render_opts_t *ro, GError **error);

/* Renders SCENE and writes it, its alt text and the report (if asked)
 * atomically, the figure first. */
bool cli_emit(const cli_figure_t *fig, const cm_scene_t *scene, cm_text_t *text,
              const cm_layout_notes_t *notes, const cm_diag_t *diag, GError **error);

/* Prints notes (dropped labels, warnings) to stderr unless quiet. */
void cli_print_notes(const cm_layout_notes_t *notes, bool quiet);

int cmd_timeline(int argc, char **argv);
int cmd_map(int argc, char **argv);
int cmd_batch(int argc, char **argv);

#endif
