/* cm_figure.h — the figure layer: one typed figure spec, one option table, one render call.
 *
 * A figure is a cm_figure_spec_t: its kind (timeline or map), its inputs, every option of
 * both kinds as typed values, and its outputs. The command line, `chronomap batch`
 * manifests and programs that link libchronomap all build the same spec and hand it to
 * cm_figure_render(), which reads the inputs, lays the figure out once, renders every
 * requested format with its alt text and report, and gives the files to a sink: the file
 * sink writes them together (all or none), the memory sink keeps them for a library user.
 *
 * The option table (cm_figure_options()) is the only list of options: GOption entries,
 * manifest keys, `--help` and the `chronomap options` listing (which the man page and the
 * bash completion are checked against) are all made from it. A spec can also be filled
 * in C directly; cm_figure_spec_set() takes an option's text form the way the command
 * line gives it ("--as-of 1966-07-01" is cm_figure_spec_set(s, "as-of", "1966-07-01")).
 *
 * Invariants: a spec owns every string in it (g_free); cm_figure_spec_check() must pass
 * before cm_figure_render() draws anything (render calls it itself); nothing is written
 * until every file of the figure has been rendered.
 */
#ifndef CM_FIGURE_H
#define CM_FIGURE_H

#include "../backend/cm_backend.h"
#include "../geo/cm_geo.h"
#include "../ingest/cm_ingest.h"
#include "../layout/cm_layout.h"
#include "../layout/cm_map.h"
#include "../model/cm_country.h"
#include "../model/cm_date.h"

#include <stdbool.h>
#include <stdio.h>
#include <glib.h>

/* Most files one figure is written to at once (-o repeated). */
#define CM_FIGURE_MAX_OUTPUTS 8

typedef enum {
    CM_FIGURE_TIMELINE = 1,
    CM_FIGURE_MAP = 2,
} cm_figure_kind_t;
/* An option both kinds take. */
#define CM_FIGURE_BOTH (CM_FIGURE_TIMELINE | CM_FIGURE_MAP)

typedef struct {
    /* plain values */
    cm_figure_kind_t kind;
    /* owned (g_free / g_strfreev); NULL when not given */
    char *data;     /* the CSV file; "-" reads stdin */
    char **outputs; /* NULL-terminated; -o, repeatable: one layout, several files */
    char *report;   /* --report FILE.json */
    char *alt_text; /* --alt-text FILE */
    char *title, *subtitle, *source;
    char *style;                  /* a style name (styles/NAME.ini) or a file */
    char **set;                   /* GROUP.KEY=VALUE style overrides, in order */
    char *lang;                   /* a known language tag (cm_lang_known), or NULL: the style's */
    char *columns[CM_ROLE_COUNT]; /* --column ROLE=NAME */
    char *date_format;            /* --date-format PATTERN (cm_date_opts_t.format), or NULL */
    char *encoding;               /* --encoding NAME (an iconv name), or NULL: detected */
    /* plain values */
    bool has_format;
    cm_format_t format;   /* --format: the one output's format */
    bool has_size;        /* --size: a promise of that size (a lanes figure does not grow) */
    double width, height; /* --size in px at 96 per inch */
    bool physical;        /* --size was given in mm, cm, in or pt */
    double scale;         /* PNG pixel ratio, 1 by default */
    double dpi;           /* --dpi; 0 = the style's */
    cm_svg_text_t svg_text;
    /* How the data file is read (cm_ingest_opts_t). The eras file takes date_order and
     * century_pivot too, but not date_format, excel_dates, undated or encoding: its own
     * dates are in every known form, a bare year is a year, an era needs its dates, and
     * its encoding is detected on its own. */
    cm_date_order_t date_order; /* --date-order; CM_DATE_ORDER_AUTO = settled by the values */
    int32_t century_pivot;      /* --century-pivot; 0 = two-digit years refused */
    int excel_dates;            /* --excel-dates: 0, 1900 or 1904 */
    cm_undated_t undated;       /* --undated */
    char delimiter;             /* 0 = detect */
    bool quiet;
    bool check; /* --check: any problem the checker finds fails the figure (65), nothing written */

    struct {
        /* owned */
        char *group_by; /* a column name, or NULL */
        char *eras;     /* a CSV of name,start,end */
        /* plain values */
        cm_date_t from, to;
        cm_timeline_kind_t layout;
        cm_sort_t sort;
        bool has_from, has_to;
        bool no_groups; /* --group-by none */
    } timeline;

    struct {
        /* owned */
        char *projection;  /* a preset, PROJ string or EPSG code; NULL = world */
        char **label_only; /* --labels=JP,KR */
        char *basemap;     /* NULL = Natural Earth 1:50m */
        char *id_property;
        char **sovereigns; /* DEP=SOV */
        /* plain values */
        double bbox[4]; /* W, S, E, N in degrees, when HAS_BBOX */
        gint64 max_vertices;
        cm_date_t as_of;
        int bin_years[CM_MAP_MAX_BINS];
        int n_bin_years;
        cm_map_color_by_t color_by;
        cm_map_bins_t bins;
        cm_map_unmatched_t unmatched;
        bool has_bbox;
        bool has_color_by;
        bool has_bins;
        bool has_as_of;
        bool as_of_today; /* --as-of today: resolved when rendered */
        bool labels;      /* --labels: every coloured country, or LABEL_ONLY */
        bool frames;
        bool graticule;
    } map;

    /* owned: what was given through cm_figure_spec_set, as "name=value" in the table's
     * order (cm_figure_spec_canonical); the options a stamp depends on. */
    GPtrArray *given;
} cm_figure_spec_t;

void cm_figure_spec_init(cm_figure_spec_t *s, cm_figure_kind_t kind);
void cm_figure_spec_release(cm_figure_spec_t *s);

/* ---- the option table ---- */

typedef enum {
    CM_FIGURE_ARG_VALUE,    /* --name=VALUE */
    CM_FIGURE_ARG_FILE,     /* --name=PATH: an input file (manifests resolve and check it) */
    CM_FIGURE_ARG_OUTPUT,   /* --name=PATH: a file the figure writes */
    CM_FIGURE_ARG_LIST,     /* repeatable; a manifest gives a;b */
    CM_FIGURE_ARG_FLAG,     /* --name; a manifest gives true or false */
    CM_FIGURE_ARG_OPTIONAL, /* --name or --name=VALUE */
} cm_figure_arg_t;

typedef struct cm_figure_option cm_figure_option_t;
/* Fields in the order a table row reads, not packed: the table has a few dozen rows. */
struct cm_figure_option { // NOLINT(clang-analyzer-optin.performance.Padding)
    const char *name;     /* the long option and the manifest key */
    char short_name;      /* 0 when none */
    unsigned kinds;       /* CM_FIGURE_TIMELINE | CM_FIGURE_MAP */
    cm_figure_arg_t arg;
    const char *arg_name; /* in --help; NULL for flags */
    const char *help;
    const char *values; /* the words it takes, "a|b|c" (completion, docs), or NULL */
    bool manifest;      /* also a manifest key (-o is not: batch has outputs) */
    /* Sets the option in S from VALUE (NULL: a flag or an optional value left out).
     * False with ERROR (CM_ERROR_USAGE, naming the option and the fix). */
    bool (*set)(cm_figure_spec_t *s, const cm_figure_option_t *o, const char *value,
                GError **error);
};

/* Every option, terminated by an entry whose name is NULL. */
const cm_figure_option_t *cm_figure_options(void);
/* The option with long name NAME (or, when NAME is one character, short name), or NULL. */
const cm_figure_option_t *cm_figure_option_find(const char *name);

/* Sets option NAME of S from its text form, as `--NAME VALUE` does (VALUE NULL for a
 * flag). False with ERROR (CM_ERROR_USAGE) for an unknown option, one S's kind does not
 * take, or a bad value. */
bool cm_figure_spec_set(cm_figure_spec_t *s, const char *name, const char *value, GError **error);

/* Checks what single options cannot: at least one output and at most
 * CM_FIGURE_MAX_OUTPUTS, no two files the same, each output's format (from --format or
 * its name), --format with one output only, --from before --to, --frames without
 * --as-of and without stdout, and that no output is an input. False with ERROR
 * (CM_ERROR_USAGE). */
bool cm_figure_spec_check(const cm_figure_spec_t *s, GError **error);

/* The format of output I of S (after cm_figure_spec_check). */
cm_format_t cm_figure_spec_output_format(const cm_figure_spec_t *s, int i);
int cm_figure_spec_n_outputs(const cm_figure_spec_t *s);

/* "name=value\n" for every option given through cm_figure_spec_set, in table order, then
 * kind, data and outputs: equal for two specs that draw the same figure from the same
 * files. A new string (g_free). */
char *cm_figure_spec_canonical(const cm_figure_spec_t *s);

/* ---- inputs several figures share ---- */

/* A thread-safe cache of read-only inputs that several figures use: loaded basemaps (by
 * path and load options) and country tables (by languages and sovereign overrides). Each
 * is loaded once, by the first figure that asks; the others wait for it and share it.
 * Errors are not cached. */
typedef struct cm_figure_shared cm_figure_shared_t;
cm_figure_shared_t *cm_figure_shared_new(void);
void cm_figure_shared_free(cm_figure_shared_t *sh);
/* How many basemaps SH has read or found in the disk cache (one per distinct file). */
int cm_figure_shared_n_basemaps(cm_figure_shared_t *sh);

/* ---- where the files go ---- */

/* A sink takes the files of one figure (each output, alt text and report; for --frames,
 * every frame's) and commits them together. add() keeps a file (the sink takes a
 * reference to BYTES); commit() makes all of them appear, or none with ERROR. */
typedef struct cm_figure_sink cm_figure_sink_t;
struct cm_figure_sink {
    bool (*add)(cm_figure_sink_t *sink, const char *path, GBytes *bytes, GError **error);
    bool (*commit)(cm_figure_sink_t *sink, GError **error);
    void (*free)(cm_figure_sink_t *sink);
};
/* Writes the files atomically and together through a file set (util/cm_fileset.h):
 * every path resolved and compared with the figure's inputs (data, style, eras, basemap:
 * cm_figure_render adds them) and with each other, a clash a usage error naming both;
 * temporary files beside each target, fsynced; standard output, /dev/std* and devices
 * written first and never renamed over; symbolic links written through; a replaced file's
 * mode and owner kept; all of them renamed into place or none. "-" is standard output. */
cm_figure_sink_t *cm_figure_sink_files_new(void);
/* Another input the files of a file sink must not overwrite (a batch's manifest): PATH
 * and ROLE are copied. Does nothing for other sinks. */
void cm_figure_sink_files_add_input(cm_figure_sink_t *sink, const char *path, const char *role);
/* Keeps the files in memory, for a program that wants the bytes rather than files. */
cm_figure_sink_t *cm_figure_sink_memory_new(void);
/* For a sink made by cm_figure_sink_files_new or _memory_new: how many files it
 * committed (0 before a successful commit), and the path and bytes of file I (borrowed,
 * valid until the sink is freed), in the order they were added. A file sink keeps no
 * bytes (each file is written when added): NULL. */
int cm_figure_sink_n(const cm_figure_sink_t *sink);
GBytes *cm_figure_sink_get(const cm_figure_sink_t *sink, int i, const char **path);
void cm_figure_sink_free(cm_figure_sink_t *sink);

/* ---- rendering ---- */

/* Where a figure runs. Zero-initialised is a valid environment: warnings to stderr, no
 * sharing, every core, its own text engine. */
typedef struct {
    FILE *log;                  /* warnings and data diagnostics; NULL = stderr */
    cm_figure_shared_t *shared; /* NULL: load every input for this figure only */
    int threads;                /* threads one figure may use (PNG encoding); 0 = all */
    cm_text_t *text;            /* a text engine to use (borrowed; only this figure uses it
                                   meanwhile), or NULL: the figure makes its own */
    bool cache_log;             /* say on LOG whether the basemap cache hit */
    /* Caps that keep memory and time bounded (0: each one's default): bytes in a CSV
     * field, data rows, bytes in a text cell, lanes, bytes in a style file. */
    size_t max_field, max_rows, max_text;
    int max_lanes;
    gint64 max_style_bytes;
    /* What "today" is (open spans run to it, a map without --as-of shows it) and the PDF
     * creation date, in seconds since 1970: from SOURCE_DATE_EPOCH through
     * cm_figure_env_read. Without HAS_TODAY, today is the clock's day (UTC); EPOCH 0 is
     * 1970-01-01, the pinned default. */
    bool has_today;
    cm_date_t today;
    gint64 epoch;
} cm_figure_env_t;

/* Fills ENV's caps, today, epoch and cache_log from the environment, once, at the top of
 * a program (no stage below the figure layer reads it): CHRONOMAP_MAX_FIELD, _ROWS,
 * _TEXT, _LANES, _STYLE_BYTES (whole numbers above 0), SOURCE_DATE_EPOCH (whole seconds
 * from 0 to CM_DATE_EPOCH_MAX; unset: today from the clock, PDF date 1970-01-01) and
 * CHRONOMAP_CACHE_LOG. False with ERROR (CM_ERROR_USAGE, naming the variable and its
 * value) for a value out of range. */
bool cm_figure_env_read(cm_figure_env_t *env, GError **error);

/* Renders the figure S describes into SINK (and commits it): reads the data (and eras,
 * basemap, country table), loads the style, lays the figure out once (once per frame
 * with --frames) and renders each output's format, the alt text and the report.
 * Returns 0, or the exit status (64 usage, 65 data, 74 I/O) with ERROR set in CM_ERROR;
 * on failure nothing is committed. */
int cm_figure_render(const cm_figure_spec_t *s, const cm_figure_env_t *env, cm_figure_sink_t *sink,
                     GError **error);

/* The exit status for E: its code in the CM_ERROR domain, else 64. */
int cm_figure_exit_code(const GError *e);

#endif
