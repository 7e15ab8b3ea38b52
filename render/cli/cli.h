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

#include <stdio.h>

/* Most files one figure is written to at once (-o repeated). */
#define CLI_MAX_OUTPUTS 8

/* Where a run of a figure command talks and what it may share with other
 * runs. The command line uses stderr and no sharing; `chronomap batch` gives
 * each figure its own log (so the summary can quote it) and one cache for
 * all its threads. */
typedef struct cli_shared cli_shared_t;
typedef struct {
    FILE *log;            /* warnings and data diagnostics */
    cli_shared_t *shared; /* NULL: load every input for this run only */
    int threads;          /* threads one figure may use (PNG encoding); 0 = every core */
    cm_text_t *text;      /* a text engine to use (borrowed; only this run uses it
                             meanwhile), or NULL: the run makes its own */
} cli_env_t;

/* A thread-safe cache of read-only inputs that several figures use: loaded
 * basemaps (by path and id property) and country tables (by language and
 * sovereign overrides). Each is loaded once, by the first run that asks;
 * the others wait for it and share it. Errors are not cached. */
cli_shared_t *cli_shared_new(void);
void cli_shared_free(cli_shared_t *sh);
/* The basemap at PATH loaded with OPTS: from SH (may be NULL: a new one in *OWNED). */
const cm_geo_t *cli_shared_basemap(cli_shared_t *sh, const char *path,
                                   const cm_geo_load_opts_t *opts, cm_geo_t **owned,
                                   GError **error);
/* Records that a run took the basemap at PATH with OPTS from the disk cache instead of
 * loading it, so a batch counts it as read once. SH may be NULL. */
void cli_shared_basemap_cached(cli_shared_t *sh, const char *path, const cm_geo_load_opts_t *opts);
/* The country table for OPTS: from SH, or new in *OWNED when SH is NULL. */
const cm_countries_t *cli_shared_countries(cli_shared_t *sh, const cm_countries_opts_t *opts,
                                           cm_countries_t **owned, GError **error);
/* How many basemaps SH has loaded (for tests: one per distinct file). */
int cli_shared_n_basemaps(cli_shared_t *sh);

typedef struct {
    /* from the command line (owned by GOption: g_free / g_strfreev) */
    char **outputs; /* -o, repeatable: one layout, several files */
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
    int n_outputs;
    cm_format_t fmts[CLI_MAX_OUTPUTS]; /* per output */
    double width, height;              /* 0 = style's; after cli_load_style, the canvas */
    bool physical;                     /* the canvas was given in mm, cm, in or pt */
    double page_dpi; /* --dpi, else the style's [page] dpi (after cli_load_style) */
    cm_svg_text_t svg_mode;
    int threads; /* from cli_env_t: threads a render may use; 0 = every core */
} cli_figure_t;

/* Whether A and B are one existing file (same device and inode); "-" and
 * NULL are never the same as anything. */
bool cli_same_file(const char *a, const char *b);
/* The first of FIG's outputs, report and alt text that is the same file as
 * INPUT or OTHER (may be NULL), or NULL when none is. */
const char *cli_input_clash(const cli_figure_t *fig, const char *input, const char *other);

/* The exit status for E: its code in the CM_ERROR domain, else 64 (GOption's
 * own errors are usage errors). */
int cli_exit_code(const GError *e);

/* GOption entries for the shared options, bound to FIG. */
GOptionEntry *cli_figure_entries(cli_figure_t *fig);
void cli_figure_release(cli_figure_t *fig);

/* Checks and derives: each output's format from --format (one output only)
 * or its name, outputs that collide, size (WxH
 * with units, or a preset), --lang, --svg-text. Errors are CM_ERROR_USAGE. */
bool cli_figure_check(cli_figure_t *fig, GError **error);

/* Builds ingest options from --column role=name and --delimiter. COLUMNS
 * points into FIG's strings. */
bool cli_ingest_opts(const cli_figure_t *fig, cm_ingest_opts_t *opts, char ***owned,
                     GError **error);

/* Loads the style: defaults, --style (a file, or a name in the styles folder), --set.
 * Problems inside the style file go to LOG.
 * Then fills FIG's canvas (width, height, physical) from the style unless
 * --size gave one, and page_dpi. An unknown style name is CM_ERROR_USAGE. */
cm_style_t *cli_load_style(cli_figure_t *fig, FILE *log, GError **error);

/* The language figures are drawn in: --lang, else the style's. */
const char *cli_lang(const cli_figure_t *fig, const cm_style_t *style);

/* Render options for FIG in FORMAT (PNG scale and DPI, SVG text mode, PDF
 * points per px for physical sizes). Call after cli_load_style. */
void cli_render_opts(const cli_figure_t *fig, cm_format_t format, cm_render_opts_t *ro);

/* Warns on LOG about text in SCENE that no installed font can draw. */
void cli_check_glyphs(const cm_scene_t *scene, const cm_measurer_t *m, FILE *log);

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

/* The files of one figure, rendered but not yet written: each output in
 * its format, the alt text and the report. cli_emit_add() renders SCENE
 * into them with OUTPUTS renamed by SUFFIX (NULL: as given; "-1999-03-12"
 * for a frame: out.png -> out-1999-03-12.png); cli_emit_write() writes all
 * of them together (see cli_write_together). */
typedef struct {
    GPtrArray *paths; /* char * */
    GPtrArray *blobs; /* GBytes * */
} cli_emit_t;
void cli_emit_init(cli_emit_t *e);
void cli_emit_release(cli_emit_t *e);
bool cli_emit_add(cli_emit_t *e, const cli_figure_t *fig, const cm_scene_t *scene, cm_text_t *text,
                  const cm_layout_notes_t *notes, const cm_diag_t *diag, const char *suffix,
                  GError **error);
bool cli_emit_write(const cli_emit_t *e, GError **error);

/* Renders SCENE and writes it, its alt text and the report (if asked)
 * atomically: cli_emit_add() and cli_emit_write() for one scene. */
bool cli_emit(const cli_figure_t *fig, const cm_scene_t *scene, cm_text_t *text,
              const cm_layout_notes_t *notes, const cm_diag_t *diag, GError **error);

/* "dir/out.png" + "-1999" -> "dir/out-1999.png" (before the extension). */
char *cli_suffixed_name(const char *path, const char *suffix);

/* Prints notes (dropped labels, warnings) to LOG unless quiet. */
void cli_print_notes(const cm_layout_notes_t *notes, bool quiet, FILE *log);

/* The figure commands. *_run() take the argv of "timeline|map [options]
 * DATA", talk to ENV->log and return 0, or the exit status with ERROR set.
 * cmd_*() are the command line: stderr, no sharing, errors printed. */
int cmd_timeline_run(int argc, char **argv, const cli_env_t *env, GError **error);
int cmd_map_run(int argc, char **argv, const cli_env_t *env, GError **error);
int cmd_timeline(int argc, char **argv);
int cmd_map(int argc, char **argv);
int cmd_batch(int argc, char **argv);

#endif
