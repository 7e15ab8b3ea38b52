/* cm_figure_private.h — what the figure layer's files share: one running figure (its
 * spec, environment, style, canvas and diagnostics) and the steps every kind takes. Not
 * part of the public API (not installed).
 */
#ifndef CM_FIGURE_PRIVATE_H
#define CM_FIGURE_PRIVATE_H

#include "figure/cm_figure.h"
#include "report/cm_report.h"
#include "style/cm_style.h"
#include "util/cm_diag.h"
#include "util/cm_error.h"

/* The canvas of a figure, resolved once from --size, else the style. */
typedef struct {
    double width, height; /* px at 96 per inch */
    bool physical;        /* given in mm, cm, in or pt: PDF in real units, PNG at PAGE_DPI */
    double page_dpi;      /* --dpi, else the style's [page] dpi */
    bool grow;            /* lanes may grow taller: no --size and the style allows it */
} cm__figure_canvas_t;

/* One figure being rendered. */
typedef struct {
    /* borrowed */
    const cm_figure_spec_t *spec;
    const cm_figure_env_t *env;
    FILE *log;
    cm_figure_shared_t *shared; /* may be NULL */
    cm_figure_sink_t *sink;
    cm_text_t *text; /* env's or OWN_TEXT */
    /* owned */
    cm_text_t *own_text;
    cm_style_t *style;
    cm_diag_t *diag;
    char *after_commit; /* printed on LOG once the sink committed, or NULL */
    /* plain values */
    cm__figure_canvas_t canvas;
    const char *lang; /* the figure's language: --lang, else the style's (borrowed) */
    cm_date_t today;  /* the environment's, else the clock's */
    int threads;
    bool cache_log;
} cm__figure_run_t;

/* Tells a file sink (cm_figure_sink_files_new; others ignore it) the inputs of S that its
 * files must not overwrite, and which of its paths are the report and the alt text. */
void cm__figure_sink_note_spec(cm_figure_sink_t *sink, const cm_figure_spec_t *s);

/* The kinds: lay out and add every file to R->sink (not committed). */
bool cm__figure_timeline(cm__figure_run_t *r, GError **error);
bool cm__figure_map(cm__figure_run_t *r, GError **error);

/* Loads the style of S: defaults, --style (a file, or a name in the styles folder), --set.
 * Problems inside the style file go to LOG. NULL with ERROR (an unknown name: usage). */
cm_style_t *cm__figure_style_load(const cm_figure_spec_t *s, const cm_figure_env_t *env, FILE *log,
                                  GError **error);
/* The ingest options of R's spec (columns point into it) with R's caps. */
void cm__figure_ingest_opts(const cm__figure_run_t *r, cm_ingest_opts_t *io);

/* Renders SCENE in each of R's output formats, then its alt text and report (if asked),
 * and adds them to R's sink with names taking SUFFIX (NULL: as given; "-1999-03-12" for
 * a frame: out.png -> out-1999-03-12.png). */
bool cm__figure_emit(const cm__figure_run_t *r, const cm_scene_t *scene,
                     const cm_layout_notes_t *notes, const char *suffix, GError **error);
/* "dir/out.png" + "-1999" -> "dir/out-1999.png" (before the extension). */
char *cm__figure_suffixed_name(const char *path, const char *suffix);
/* Warns on LOG about text in SCENE that no installed font can draw. */
void cm__figure_check_glyphs(const cm_scene_t *scene, const cm_measurer_t *m, FILE *log);
/* Prints NOTES (dropped labels, warnings) to LOG unless QUIET. */
void cm__figure_print_notes(const cm_layout_notes_t *notes, bool quiet, FILE *log);

/* Shared inputs (cm_figure_shared.c). SH may be NULL: a new one in *OWNED. */
const cm_geo_t *cm__figure_shared_basemap(cm_figure_shared_t *sh, const char *path,
                                          const cm_geo_load_opts_t *opts, cm_geo_t **owned,
                                          GError **error);
/* Records that a figure took the basemap at PATH from the disk cache instead of loading
 * it, so a batch counts it as read once. SH may be NULL. */
void cm__figure_shared_basemap_cached(cm_figure_shared_t *sh, const char *path,
                                      const cm_geo_load_opts_t *opts);
const cm_countries_t *cm__figure_shared_countries(cm_figure_shared_t *sh,
                                                  const cm_countries_opts_t *opts,
                                                  cm_countries_t **owned, GError **error);

#endif
