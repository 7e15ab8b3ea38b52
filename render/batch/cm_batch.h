/* cm_batch.h — batch export: a manifest of figures and the pure decisions
 * around rendering them.
 *
 * A manifest is an INI file (GKeyFile) with one optional [defaults] group and
 * one [figure NAME] group per figure. Keys are the long options of the
 * single-figure commands (title, style, layout, projection, as-of, …) plus
 * the batch keys: kind (timeline|map), data, output (base path without
 * extension; default OUTPUT-DIR/NAME), outputs (a list of formats, svg;png;pdf,
 * or of explicit paths; default svg;png;pdf), and output-dir in [defaults]
 * (where the gallery and the state folder live; default "output"). Relative
 * paths are relative to the manifest's folder. A [defaults] key applies to
 * every figure whose kind takes it.
 *
 * This module does no rendering: each figure's keys are set in its figure spec
 * (render/figure/, the same option table as the command line's), and the CLI
 * (render/cli/cmd_batch.c) hands the specs to cm_figure_render() in a thread
 * pool. What is here: loading and validating a manifest (every problem named
 * with manifest file and line before anything is rendered), the stamp that
 * decides whether a figure is up to date, the shard a figure belongs to, and
 * the gallery page.
 *
 * Invariants: a loaded manifest has at least one figure; figure names are
 * unique; no two figures (or two outputs of one figure) write the same file;
 * every input file named existed at load time.
 */
#ifndef CM_BATCH_H
#define CM_BATCH_H

#include <stdbool.h>
#include <glib.h>

#include "figure/cm_figure.h"
#include "util/cm_diag.h"

typedef enum { CM_BATCH_TIMELINE, CM_BATCH_MAP } cm_batch_kind_t;

/* The folder under OUTPUT-DIR holding stamps and alt texts. */
#define CM_BATCH_STATE_DIR ".chronomap-batch"

typedef struct {
    /* owned */
    char *name;
    char *data;            /* resolved path of the data file */
    char *title;           /* NULL when the figure has none */
    char **outputs;        /* resolved figure files, NULL-terminated, at least one */
    char *report;          /* resolved --report path, or NULL */
    char *alt_text;        /* resolved --alt-text path: the key's, else STATE/NAME.txt */
    char **inputs;         /* files it reads besides the program: data, style(s), eras, basemap */
    cm_figure_spec_t spec; /* what it draws: its keys, data, outputs, report, alt text */
    /* plain */
    int line; /* of its [figure NAME] header */
    cm_batch_kind_t kind;
} cm_batch_figure_t;

typedef struct {
    /* owned */
    char *path;         /* the manifest as given */
    char *dir;          /* its folder: relative paths start here */
    char *output_dir;   /* gallery (index.html) and state folder live here */
    char *state_dir;    /* OUTPUT_DIR/.chronomap-batch */
    GPtrArray *figures; /* cm_batch_figure_t *, manifest order */
} cm_batch_manifest_t;

/* Loads and validates the manifest PATH. Every problem (syntax, duplicate
 * figure, unknown key with the nearest known one, bad kind or value, missing
 * input file, two figures writing one file, an output folder that cannot be
 * written) is added to DIAG as "PATH:LINE: error: …". Returns NULL when there
 * was any, with ERROR in CM_ERROR whose code is the first problem's exit
 * status (64 usage, 74 I/O); nothing is created on disk either way. Free with
 * cm_batch_manifest_free(). */
cm_batch_manifest_t *cm_batch_manifest_load(const char *path, cm_diag_t *diag, GError **error);
void cm_batch_manifest_free(cm_batch_manifest_t *m);

/* The command options a figure of KIND takes as manifest keys (without the
 * batch keys kind, data, output, outputs, output-dir); free with g_strfreev. */
char **cm_batch_key_names(cm_batch_kind_t kind);

/* ---- incremental ---- */

/* A hex SHA-256 over everything the figure's files depend on: VERSION (the
 * program's identity), kind, name, the figure spec (cm_figure_spec_canonical), data, outputs, and
 * each input's path, size and modification time. Free with g_free. */
char *cm_batch_stamp(const cm_batch_figure_t *f, const char *version);

/* STATE_DIR/NAME.stamp; free with g_free. */
char *cm_batch_stamp_path(const cm_batch_manifest_t *m, const cm_batch_figure_t *f);

/* True when F's stored stamp equals STAMP and every file it wrote exists: its outputs,
 * its report and (when NEED_ALT) its alt text, or for --frames the files listed with
 * the stamp. */
bool cm_batch_up_to_date(const cm_batch_manifest_t *m, const cm_batch_figure_t *f,
                         const char *stamp, bool need_alt);

/* Stores STAMP for F atomically (creating the state folder), with the N files WRITTEN
 * (one per line after the stamp: what a --frames figure must find to be up to date). */
bool cm_batch_stamp_write(const cm_batch_manifest_t *m, const cm_batch_figure_t *f,
                          const char *stamp, const char *const *written, int n, GError **error);

/* ---- shards ---- */

/* Parses "K/N" with 1 <= K <= N <= 10000 (CM_ERROR_USAGE otherwise). */
bool cm_batch_shard_parse(const char *text, int *k, int *n, GError **error);

/* Whether the figure NAME belongs to shard K of N: FNV-1a of the name mod N
 * equals K-1. Deterministic across runs and machines, and stable when other
 * figures are added or reordered. */
bool cm_batch_in_shard(const char *name, int k, int n);

/* ---- gallery ---- */

/* The gallery page for FIGURES (cm_batch_figure_t *, borrowed) of M: one card
 * per figure with a thumbnail (its PNG, else its SVG), links to each output,
 * the title and the alt text (read from the figure's alt-text file; missing
 * is empty), all HTML-escaped; links relative to M's output_dir. Returns a
 * new string (g_free). */
char *cm_batch_gallery_html(const cm_batch_manifest_t *m, GPtrArray *figures);

/* PATH relative to the folder DIR when below it, else absolute; g_free. */
char *cm_batch_relative_path(const char *dir, const char *path);

#endif
