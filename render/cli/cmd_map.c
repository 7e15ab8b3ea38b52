/* cmd_map.c — `chronomap map [options] DATA.csv -o OUT.svg|png|pdf`.
 *
 * Reads the data, the country table (iso-codes) and the basemap (world-atlas 50m by
 * default, found in the source tree or the installed data folder), matches rows to
 * countries (unknown ones are data errors, exit 65, or warnings), projects the basemap
 * once and lays out the map, or with --frames one map per date in the data, reusing the
 * projected geometry. Everything is rendered in memory first; only then are the files
 * written, each atomically. The basemap is read in a second thread while the country
 * table, the projection and the data are prepared in this one.
 *
 * Before any of that, the projected basemap is looked for in the disk cache
 * (cm_map_base_load_cached, keyed by the basemap file's bytes, the load options, the
 * projection and the box). On a hit neither the basemap nor PROJ is loaded: the cached
 * base brings the features' ids and names for matching. On a miss everything runs as
 * without a cache and the base is written to it afterwards. Output is the same bytes
 * either way. With CHRONOMAP_CACHE_LOG set, the run says on its log whether the cache
 * hit and whether PROJ ended up mapped into the process (read from /proc/self/maps).
 */
#include "cli.h"
#include "geo/cm_geo_cache.h"
#include "util/cm_cache.h"
#include "util/cm_datadir.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DEFAULT_BASEMAP "countries-50m.json"

#define NE_CREDIT "Basemap: Natural Earth."

typedef struct {
    cli_figure_t fig;
    char *projection;
    char *bbox;
    char *color_by;
    char *bins;
    char *as_of;
    char *labels;
    gboolean labels_all;
    char *basemap;
    char *id_property;
    gint64 max_vertices;
    gboolean frames;
    char *unmatched;
    gboolean graticule;
    char **sovereigns;
} map_args_t;

static void
args_release(map_args_t *a)
{
    cli_figure_release(&a->fig);
    g_free(a->projection);
    g_free(a->bbox);
    g_free(a->color_by);
    g_free(a->bins);
    g_free(a->as_of);
    g_free(a->labels);
    g_free(a->basemap);
    g_free(a->id_property);
    g_free(a->unmatched);
    g_strfreev(a->sovereigns);
}

static gboolean
on_labels(const char *name, const char *value, gpointer data, GError **error)
{
    map_args_t *a = data;
    (void)name;
    (void)error;
    g_free(a->labels);
    a->labels = NULL;
    a->labels_all = !value || !*value || g_ascii_strcasecmp(value, "all") == 0;
    if (!a->labels_all)
        a->labels = g_strdup(value);
    return TRUE;
}

/* The default basemap in the data folder (cm_datadir); loading it reports
 * a missing file with its full path. */
static char *
find_basemap(void)
{
    return cm_data_path("data/world/" DEFAULT_BASEMAP);
}

static bool
parse_bbox(const char *s, double b[4], GError **error)
{
    char **parts = g_strsplit(s, ",", -1);
    bool ok = g_strv_length(parts) == 4;
    for (int i = 0; ok && i < 4; i++) {
        char *end;
        const char *p = g_strstrip(parts[i]);
        b[i] = g_ascii_strtod(p, &end);
        ok = end != p && !*end && isfinite(b[i]);
    }
    g_strfreev(parts);
    if (!ok) {
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE,
                    "--bbox wants WEST,SOUTH,EAST,NORTH in degrees, not \"%s\"", s);
        return false;
    }
    if (!(b[1] < b[3]) || b[1] < -90 || b[3] > 90 || fabs(b[0]) > 360 || fabs(b[2]) > 360) {
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE,
                    "--bbox %s: want WEST,SOUTH,EAST,NORTH with -90 <= south < north <= 90", s);
        return false;
    }
    return true;
}

static bool
parse_bins(const char *s, cm_map_opts_t *o, GError **error)
{
    if (strcmp(s, "rounds") == 0) {
        o->bins = CM_MAP_BINS_ROUNDS;
        return true;
    }
    if (strcmp(s, "decades") == 0) {
        o->bins = CM_MAP_BINS_DECADES;
        return true;
    }
    if (strcmp(s, "auto") == 0) {
        o->bins = CM_MAP_BINS_AUTO;
        return true;
    }
    char **parts = g_strsplit(s, ",", -1);
    int n = (int)g_strv_length(parts);
    bool ok = n >= 1 && n <= CM_MAP_MAX_BINS;
    for (int i = 0; ok && i < n; i++) {
        char *end;
        const char *p = g_strstrip(parts[i]);
        gint64 y = g_ascii_strtoll(p, &end, 10);
        ok = end != p && !*end && y > -CM_DATE_YEAR_MAX && y < CM_DATE_YEAR_MAX &&
             (i == 0 || y > o->bin_years[i - 1]);
        o->bin_years[i] = (int)y;
    }
    g_strfreev(parts);
    if (!ok) {
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE,
                    "--bins %s: use rounds, decades, or up to %d ascending years "
                    "(e.g. 1949,1990,2000)",
                    s, CM_MAP_MAX_BINS);
        return false;
    }
    o->bins = CM_MAP_BINS_YEARS;
    o->n_bin_years = n;
    return true;
}

/* Map options from the command line; the rest (size, texts) is filled in later. */
static bool
map_options(const map_args_t *a, cm_map_opts_t *o, bool *has_bbox, double bbox[4],
            cm_map_unmatched_t *unmatched, GError **error)
{
    if (a->color_by) {
        if (strcmp(a->color_by, "group") == 0)
            o->color_by = CM_MAP_COLOR_GROUP;
        else if (strcmp(a->color_by, "date") == 0)
            o->color_by = CM_MAP_COLOR_DATE;
        else {
            g_set_error(error, CM_ERROR, CM_ERROR_USAGE, "--color-by %s: use group or date",
                        a->color_by);
            return false;
        }
    }
    if (a->bins && !parse_bins(a->bins, o, error))
        return false;
    if (a->bins && !a->color_by)
        o->color_by = CM_MAP_COLOR_DATE;
    if (a->as_of) {
        GError *e = NULL;
        if (g_ascii_strcasecmp(a->as_of, "today") == 0) {
            o->as_of = cm_date_today();
        } else if (!cm_date_parse(a->as_of, &o->as_of, &e)) {
            g_set_error(error, CM_ERROR, CM_ERROR_USAGE, "--as-of: %s", e->message);
            g_error_free(e);
            return false;
        }
        o->has_as_of = true;
        o->show_date = true;
    }
    if (a->frames && a->as_of) {
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE,
                    "--frames draws one map per date in the data; leave out --as-of");
        return false;
    }
    const char *side[] = {a->fig.report, a->fig.alt_text};
    for (int i = 0; a->frames && i < a->fig.n_outputs + 2; i++) {
        const char *p = i < a->fig.n_outputs ? a->fig.outputs[i] : side[i - a->fig.n_outputs];
        if (p && strcmp(p, "-") == 0) {
            g_set_error(error, CM_ERROR, CM_ERROR_USAGE,
                        "--frames writes one file per date; give a file name, not -");
            return false;
        }
    }
    if (a->max_vertices < 0) {
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE,
                    "--max-vertices %" G_GINT64_FORMAT ": use a positive number", a->max_vertices);
        return false;
    }
    *has_bbox = a->bbox != NULL;
    if (a->bbox && !parse_bbox(a->bbox, bbox, error))
        return false;
    *unmatched = CM_MAP_UNMATCHED_ERROR;
    if (a->unmatched) {
        if (strcmp(a->unmatched, "warn") == 0)
            *unmatched = CM_MAP_UNMATCHED_WARN;
        else if (strcmp(a->unmatched, "error") != 0) {
            g_set_error(error, CM_ERROR, CM_ERROR_USAGE, "--unmatched %s: use error or warn",
                        a->unmatched);
            return false;
        }
    }
    return true;
}

/* ---- the basemap, read in a second thread ---- */

typedef struct {
    const char *path;
    cm_geo_load_opts_t opts;
    cli_shared_t *shared;
    const cm_geo_t *geo;
    cm_geo_t *owned;
    GError *error;
} load_job_t;

static gpointer
load_basemap(gpointer data)
{
    load_job_t *j = data;
    j->geo = cli_shared_basemap(j->shared, j->path, &j->opts, &j->owned, &j->error);
    return NULL;
}

/* ---- the projected basemap from the disk cache ---- */

typedef struct {
    guint64 key;
    bool has_key;        /* the basemap's bytes were read: its base can be cached */
    struct stat st;      /* the basemap file when it was hashed */
    cm_geo_t *geo;       /* owned: the features (ids, names) of a hit */
    cm_map_base_t *base; /* owned: the base of a hit, until the run takes it */
} cached_t;

/* cm_cache_hash of the file at PATH, read in pieces (a multiple of the hash's 8-byte
 * step, so the result is that of the whole file in one piece) into one small buffer
 * rather than a heap block as big as the file. False when it cannot be read. */
static bool
hash_file(const char *path, guint64 *hash)
{
    enum { PIECE = 64 << 10 };
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    char *buf = g_malloc(PIECE);
    guint64 h = CM_CACHE_HASH_SEED;
    bool ok = true;
    for (;;) {
        size_t have = 0;
        while (have < PIECE) {
            ssize_t n = read(fd, buf + have, PIECE - have);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0) {
                ok = n == 0;
                break;
            }
            have += (size_t)n;
        }
        if (!ok)
            break;
        h = cm_cache_hash(h, buf, have);
        if (have < PIECE)
            break;
    }
    g_free(buf);
    close(fd);
    *hash = h;
    return ok;
}

/* Looks for the base of the basemap at PATH, projected with PROJ_DEF and framed to BBOX.
 * Anything that goes wrong is a miss; the real load reports real problems. */
static void
probe_cache(cached_t *c, const char *path, const cm_geo_load_opts_t *opts, const char *proj_def,
            const double *bbox)
{
    guint64 file_hash;
    if (!cm_cache_dir() || stat(path, &c->st) != 0 || !hash_file(path, &file_hash))
        return;
    c->key = cm_geo_cache_key_base(file_hash, opts, proj_def, bbox);
    c->has_key = true;
    c->base = cm_map_base_load_cached(c->key, path, &c->geo);
}

/* Whether libproj is mapped into this process. */
static bool
proj_mapped(void)
{
    char *maps = NULL;
    bool found = false;
    if (g_file_get_contents("/proc/self/maps", &maps, NULL, NULL))
        found = strstr(maps, "/libproj.so") != NULL;
    g_free(maps);
    return found;
}

static const cm_countries_t *
load_countries(const map_args_t *a, cli_shared_t *shared, cm_countries_t **owned, GError **error)
{
    GPtrArray *langs = g_ptr_array_new();
    for (const char *const *l = cm_countries_default_languages(); *l; l++)
        g_ptr_array_add(langs, (gpointer)*l);
    if (a->fig.lang)
        g_ptr_array_add(langs, a->fig.lang);
    g_ptr_array_add(langs, NULL);
    cm_countries_opts_t co = {
        .languages = (const char *const *)langs->pdata,
        .sovereigns = (const char *const *)a->sovereigns,
    };
    GError *e = NULL;
    const cm_countries_t *cs = cli_shared_countries(shared, &co, owned, &e);
    g_ptr_array_free(langs, TRUE);
    if (!cs && e && e->code == CM_ERROR_USAGE) {
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE, "--sovereign: %s", e->message);
        g_error_free(e);
    } else if (!cs) {
        g_propagate_error(error, e);
    }
    if (cs && a->fig.lang && !cm_countries_has_language(cs, a->fig.lang)) {
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE,
                    "--lang %s: iso-codes has no country names in that language", a->fig.lang);
        return NULL;
    }
    return cs;
}

/* 1999-03-12 -> "-1999-03-12", the suffix of that date's frame files
 * (out-1999-03-12.png); a BCE year keeps its digits only. */
static char *
frame_suffix(const cm_date_t *d)
{
    char *iso = cm_date_format_iso(d);
    GString *clean = g_string_new("-");
    for (const char *p = iso; *p; p++)
        if (g_ascii_isdigit(*p) || (*p == '-' && clean->len > 1))
            g_string_append_c(clean, *p);
    g_free(iso);
    return g_string_free(clean, FALSE);
}

typedef struct {
    /* borrowed */
    const cm_dataset_t *ds;
    const cm_map_match_t *match;
    cm_map_base_t *base;
    const cm_style_t *style;
    cm_text_t *text;
    map_args_t *a;
    cm_layout_notes_t *notes; /* every frame's, for the log */
    const cm_diag_t *diag;
    const cli_env_t *env;
} run_t;

/* The basemap has today's borders. A map of an earlier date that colours
 * one of these countries says so in its credit line, because the shape is
 * not what the country was then. Dates are the day the present borders
 * began (sources: the states' own records, as summarised in iso-codes'
 * ISO 3166-3 withdrawals where they apply). */
static const struct {
    const char *alpha2, *since, *note;
} border_changes[] = {
    {"DE", "1990-10-03",
     "Germany drawn in today's borders (West and East Germany until 3 Oct 1990)"},
    {"YE", "1990-05-22", "Yemen drawn in today's borders (two states until 22 May 1990)"},
    {"CZ", "1993-01-01", "Czechia drawn in today's borders (Czechoslovakia until 1993)"},
    {"SK", "1993-01-01", "Slovakia drawn in today's borders (Czechoslovakia until 1993)"},
    {"ER", "1993-05-24", "Eritrea drawn in today's borders (part of Ethiopia until 24 May 1993)"},
    {"ME", "2006-06-03",
     "Montenegro drawn in today's borders (Serbia and Montenegro until 3 Jun 2006)"},
    {"RS", "2006-06-05",
     "Serbia drawn in today's borders (Serbia and Montenegro until 5 Jun 2006)"},
    {"SS", "2011-07-09", "South Sudan drawn in today's borders (part of Sudan until 9 Jul 2011)"},
    {"SD", "2011-07-09", "Sudan drawn in today's borders (with South Sudan until 9 Jul 2011)"},
};

/* "Germany drawn in today's borders (…)" for each coloured country whose borders
 * changed after AS_OF, joined with "; " (NULL when none). */
static char *
border_caveats(const run_t *r, const cm_date_t *as_of)
{
    GString *out = NULL;
    int64_t day = cm_date_first_day(as_of);
    for (size_t k = 0; k < G_N_ELEMENTS(border_changes); k++) {
        cm_date_t since;
        if (!cm_date_parse(border_changes[k].since, &since, NULL) ||
            day >= cm_date_first_day(&since))
            continue;
        bool coloured = false;
        for (int i = 0; i < cm_dataset_n_items(r->ds) && !coloured; i++) {
            const cm_item_t *it = cm_dataset_get_item(r->ds, i);
            const cm_country_t *c = cm_map_match_entity(r->match, it->entity);
            coloured = c && c->alpha2 && strcmp(c->alpha2, border_changes[k].alpha2) == 0 &&
                       cm_map_item_active(it, as_of);
        }
        if (!coloured)
            continue;
        if (!out)
            out = g_string_new(NULL);
        else
            g_string_append(out, "; ");
        g_string_append(out, border_changes[k].note);
    }
    return out ? g_string_free(out, FALSE) : NULL;
}

/* Appends the notes of one frame to the run's, without repeats. */
static void
notes_merge(cm_layout_notes_t *all, const cm_layout_notes_t *one)
{
    GPtrArray *pairs[][2] = {{all->dropped, one->dropped}, {all->warnings, one->warnings}};
    for (size_t k = 0; k < G_N_ELEMENTS(pairs); k++)
        for (guint i = 0; i < pairs[k][1]->len; i++) {
            const char *s = g_ptr_array_index(pairs[k][1], i);
            bool seen = false;
            for (guint j = 0; j < pairs[k][0]->len && !seen; j++)
                seen = strcmp(g_ptr_array_index(pairs[k][0], j), s) == 0;
            if (!seen)
                g_ptr_array_add(pairs[k][0], g_strdup(s));
        }
}

/* Lays out one map and renders it into OUT: every output format, its alt
 * text and its report, with file names taking SUFFIX (a frame's date). */
static bool
render_one(run_t *r, cm_map_opts_t *o, cli_emit_t *out, const char *suffix, GError **error)
{
    cm_measurer_t m = cm_text_measurer(r->text);
    cm_layout_notes_t notes;
    cm_layout_notes_init(&notes);
    /* A map of the past drawn on today's borders says where they differ. */
    const char *source = o->source;
    char *caveat = o->has_as_of ? border_caveats(r, &o->as_of) : NULL, *credit = NULL;
    if (caveat) {
        credit =
            source ? g_strdup_printf("%s %s.", source, caveat) : g_strdup_printf("%s.", caveat);
        o->source = credit;
        cm_layout_notes_warn(&notes, "%s", caveat);
    }
    cm_scene_t *scene = cm_layout_map(r->ds, r->match, r->base, r->style, &m, o, &notes, error);
    o->source = source;
    g_free(credit);
    g_free(caveat);
    bool ok = scene != NULL;
    if (ok) {
        cli_check_glyphs(scene, &m, r->env->log);
        /* Alt text: the map's own facts (the state on its as-of day). */
        cm_alt_facts_t facts;
        cm_alt_facts_init(&facts);
        cm_alt_facts_from_dataset(&facts, r->ds, o->has_as_of ? &o->as_of : NULL);
        facts.kind = CM_ALT_MAP;
        facts.title = o->title;
        facts.lang = cli_lang(&r->a->fig, r->style);
        char *alt = cm_alt_text(&facts);
        cm_alt_facts_release(&facts);
        cm_scene_set_title(scene, o->title, alt);
        g_free(alt);
        ok = cli_emit_add(out, &r->a->fig, scene, r->text, &notes, r->diag, suffix, error);
    }
    notes_merge(r->notes, &notes);
    cm_layout_notes_release(&notes);
    cm_scene_free(scene);
    return ok;
}

/* One map per date in the data, each with its own alt text and report
 * (report-1999-03-12.json beside out-1999-03-12.png). All frames are
 * rendered first, then written together: an error leaves no partial set. */
static bool
emit_frames(run_t *r, cm_map_opts_t *o, GError **error)
{
    GArray *dates = cm_map_frame_dates(r->ds);
    cli_emit_t out;
    cli_emit_init(&out);
    bool ok = dates->len > 0;
    if (!ok)
        g_set_error(error, CM_ERROR, CM_ERROR_DATA, "--frames: the data has no dates");
    /* One legend for the whole set: a class appears in every frame's legend,
     * even before any country has it, so the legend does not shift. */
    o->legend_all_classes = true;
    for (guint i = 0; ok && i < dates->len; i++) {
        o->as_of = g_array_index(dates, cm_date_t, i);
        o->has_as_of = o->show_date = true;
        char *suffix = frame_suffix(&o->as_of);
        ok = render_one(r, o, &out, suffix, error);
        g_free(suffix);
    }
    if (ok)
        ok = cli_emit_write(&out, error);
    if (ok && !r->a->fig.quiet)
        fprintf(r->env->log, "chronomap: wrote %u frames (%u files), %s … %s\n", dates->len,
                out.paths->len, (char *)g_ptr_array_index(out.paths, 0),
                (char *)g_ptr_array_index(out.paths, out.paths->len - 1));
    cli_emit_release(&out);
    g_array_unref(dates);
    return ok;
}

static bool
emit_single(run_t *r, cm_map_opts_t *o, GError **error)
{
    cli_emit_t out;
    cli_emit_init(&out);
    bool ok = render_one(r, o, &out, NULL, error) && cli_emit_write(&out, error);
    cli_emit_release(&out);
    return ok;
}

/* Number of distinct groups in the data. */
static int
n_groups(const cm_dataset_t *ds)
{
    GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
    for (int i = 0; i < cm_dataset_n_items(ds); i++) {
        const cm_item_t *it = cm_dataset_get_item(ds, i);
        const char *g = it->group ? it->group : cm_dataset_get_entity(ds, it->entity)->group;
        if (g)
            g_hash_table_add(seen, (gpointer)g);
    }
    int n = (int)g_hash_table_size(seen);
    g_hash_table_unref(seen);
    return n;
}

int
cmd_map_run(int argc, char **argv, const cli_env_t *env, GError **error)
{
    map_args_t a = {0};
    GOptionEntry own[] = {
        {"projection", 'p', 0, G_OPTION_ARG_STRING, &a.projection,
         "world (default), robinson, europe, north-atlantic, asia-pacific, a PROJ string or "
         "EPSG:n",
         "DEF"},
        {"bbox", 0, 0, G_OPTION_ARG_STRING, &a.bbox, "Frame the map to a lon/lat box", "W,S,E,N"},
        {"color-by", 0, 0, G_OPTION_ARG_STRING, &a.color_by,
         "group (the group column; default when there is one) or date", "WHAT"},
        {"bins", 0, 0, G_OPTION_ARG_STRING, &a.bins,
         "Date bins: rounds, decades or ascending years (implies --color-by date)",
         "rounds|decades|Y1,Y2,…"},
        {"as-of", 0, 0, G_OPTION_ARG_STRING, &a.as_of, "Colour the state on this date (or today)",
         "DATE"},
        {"labels", 0, G_OPTION_FLAG_OPTIONAL_ARG, G_OPTION_ARG_CALLBACK, (gpointer)on_labels,
         "Label every coloured country, or only those listed (--labels=JP,KR)", "LIST"},
        {"basemap", 0, 0, G_OPTION_ARG_FILENAME, &a.basemap,
         "GeoJSON or TopoJSON countries (default: Natural Earth 1:50m)", "FILE"},
        {"id-property", 0, 0, G_OPTION_ARG_STRING, &a.id_property,
         "Basemap property holding the ISO code (default: the feature id)", "NAME"},
        {"max-vertices", 0, 0, G_OPTION_ARG_INT64, &a.max_vertices,
         "Refuse a basemap with more than N vertices (default 5000000)", "N"},
        {"frames", 0, 0, G_OPTION_ARG_NONE, &a.frames,
         "One image per date in the data: OUT-YYYY-MM-DD.EXT", NULL},
        {"unmatched", 0, 0, G_OPTION_ARG_STRING, &a.unmatched,
         "Rows naming no known country: error (default) or warn", "MODE"},
        {"graticule", 0, 0, G_OPTION_ARG_NONE, &a.graticule, "Draw a 30° graticule", NULL},
        {"sovereign", 0, 0, G_OPTION_ARG_STRING_ARRAY, &a.sovereigns,
         "Colour DEP with SOV (repeatable; DEP= to stand alone)", "DEP=SOV"},
        {NULL},
    };
    GOptionEntry *shared = cli_figure_entries(&a.fig);
    GOptionContext *oc = g_option_context_new("DATA.csv -o OUT.svg|png|pdf");
    g_option_context_set_summary(oc, "Draw a membership map (choropleth) from a CSV of dates.");
    GOptionGroup *main_group = g_option_group_new(NULL, NULL, NULL, &a, NULL);
    g_option_group_add_entries(main_group, own);
    g_option_group_add_entries(main_group, shared);
    g_option_context_set_main_group(oc, main_group);

    GError *err = NULL;
    cm_diag_t *diag = cm_diag_new();
    cm_dataset_t *ds = NULL;
    cm_style_t *style = NULL;
    cm_text_t *text = NULL, *own_text = NULL;
    const cm_countries_t *cs = NULL;
    cm_countries_t *own_cs = NULL;
    cm_proj_t *proj = NULL;
    cm_map_match_t *match = NULL;
    cm_map_base_t *base = NULL;
    char **owned = NULL, **label_list = NULL, *source = NULL, *basemap = NULL;
    GThread *loader = NULL;
    load_job_t job = {0};
    cached_t cached = {0};
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
                    argc < 2 ? "no data file: chronomap map DATA.csv -o OUT.svg"
                             : "one data file at a time (got %d)",
                    argc - 1);
        goto fail;
    }
    const char *input = argv[1];
    a.fig.threads = env->threads;
    if (!cli_figure_check(&a.fig, &err))
        goto fail;
    const char *clash = cli_input_clash(&a.fig, input, a.basemap);
    if (clash) {
        g_set_error(&err, CM_ERROR, CM_ERROR_USAGE,
                    "the output %s is an input file; choose another name", clash);
        goto fail;
    }
    cm_map_opts_t o = {.color_by = CM_MAP_COLOR_GROUP};
    double bbox[4];
    bool has_bbox = false;
    cm_map_unmatched_t unmatched;
    if (!map_options(&a, &o, &has_bbox, bbox, &unmatched, &err))
        goto fail;
    cm_ingest_opts_t io;
    if (!cli_ingest_opts(&a.fig, &io, &owned, &err))
        goto fail;

    basemap = a.basemap ? g_strdup(a.basemap) : find_basemap();
    const char *proj_def = a.projection ? a.projection : "world";
    job = (load_job_t){
        .path = basemap,
        .opts = {.id_property = a.id_property, .max_vertices = a.max_vertices},
        .shared = env->shared,
    };
    probe_cache(&cached, basemap, &job.opts, proj_def, has_bbox ? bbox : NULL);
    if (cached.base)
        cli_shared_basemap_cached(env->shared, basemap, &job.opts);
    else
        loader = g_thread_new("basemap", load_basemap, &job);

    style = cli_load_style(&a.fig, env->log, &err);
    if (!style)
        goto fail;
    /* A hit was projected by a definition PROJ accepted; PROJ is only loaded on a miss. */
    if (!cached.base && !(proj = cm_proj_new(proj_def, &err))) {
        if (err && err->code == CM_ERROR_USAGE) /* not when PROJ itself cannot be loaded */
            g_prefix_error(&err, "--projection: ");
        goto fail;
    }
    cs = load_countries(&a, env->shared, &own_cs, &err);
    if (!cs)
        goto fail;
    ds = cm_ingest_file(input, &io, diag, &err);
    if (loader)
        g_thread_join(loader);
    loader = NULL;
    if (!ds) {
        cm_diag_print(diag, env->log);
        goto fail;
    }
    const cm_geo_t *geo = cached.base ? cached.geo : job.geo;
    if (!geo) {
        cm_diag_print(diag, env->log);
        g_propagate_error(&err, job.error);
        job.error = NULL;
        goto fail;
    }
    match = cm_map_match_new(ds, geo, cs, unmatched, diag);
    cm_diag_print(diag, env->log);
    if (cm_diag_errors(diag) > 0) {
        g_set_error(&err, CM_ERROR, CM_ERROR_DATA,
                    "%d row%s of %s name no known country (use --unmatched warn to draw the "
                    "map without them)",
                    cm_map_match_n_unmatched(match),
                    cm_map_match_n_unmatched(match) == 1 ? "" : "s", input);
        goto fail;
    }
    if (cached.base) {
        base = cached.base;
        cached.base = NULL;
    } else {
        base = cm_map_base_new(geo, proj, has_bbox ? bbox : NULL, &err);
        if (!base) {
            g_prefix_error(&err, "--bbox: ");
            goto fail;
        }
        /* Saved under the key of the bytes hashed only if the file did not change since:
         * the loader read it again, and an edit in between would cache new geometry
         * under the old content's key. */
        struct stat now;
        if (cached.has_key && stat(basemap, &now) == 0 && now.st_size == cached.st.st_size &&
            now.st_ino == cached.st.st_ino && now.st_mtim.tv_sec == cached.st.st_mtim.tv_sec &&
            now.st_mtim.tv_nsec == cached.st.st_mtim.tv_nsec)
            cm_map_base_save_cached(base, cached.key);
    }

    /* By default: groups when there are some and the palette can tell them apart
     * (member / partner), else dates (eleven enlargement rounds). */
    int groups = n_groups(ds);
    if (!a.color_by && !a.bins && (groups == 0 || groups > style->palette_len))
        o.color_by = CM_MAP_COLOR_DATE;
    if (a.labels)
        label_list = g_strsplit(a.labels, ",", -1);
    o.labels = a.labels_all || a.labels;
    o.label_only = (const char *const *)label_list;
    o.width = a.fig.width > 0 ? a.fig.width : style->width;
    o.height = a.fig.height > 0 ? a.fig.height : style->height;
    o.title = a.fig.title;
    o.subtitle = a.fig.subtitle;
    if (!a.fig.source)
        source = g_strdup(a.basemap ? NULL : NE_CREDIT);
    else if (!a.basemap && !strstr(a.fig.source, "Natural Earth")) {
        /* "Source: NATO" + ". Basemap: …", without doubling a final stop */
        bool stop = false;
        static const char *const stops[] = {".", "!", "?", "\u3002", "\uff01", "\uff1f"};
        for (size_t i = 0; i < G_N_ELEMENTS(stops); i++)
            stop |= g_str_has_suffix(a.fig.source, stops[i]);
        source = g_strdup_printf("%s%s %s", a.fig.source, stop ? "" : ".", NE_CREDIT);
    } else
        source = g_strdup(a.fig.source);
    o.source = source;
    o.lang = a.fig.lang;
    o.graticule = a.graticule;

    /* batch lends each figure a text engine whose font lookups are already warm */
    text = env->text ? env->text : (own_text = cm_text_new());
    run_t r = {.ds = ds,
               .match = match,
               .base = base,
               .style = style,
               .text = text,
               .a = &a,
               .notes = &notes,
               .diag = diag,
               .env = env};
    bool ok = a.frames ? emit_frames(&r, &o, &err) : emit_single(&r, &o, &err);
    cli_print_notes(&notes, a.fig.quiet, env->log);
    if (!ok)
        goto fail;
    if (g_getenv("CHRONOMAP_CACHE_LOG"))
        fprintf(env->log, "chronomap: basemap cache %s; PROJ %s\n",
                geo == cached.geo ? "hit"
                : cached.has_key  ? "miss"
                                  : "off",
                proj_mapped() ? "loaded" : "not loaded");
    goto out;

fail:
    if (!err)
        g_set_error(&err, CM_ERROR, CM_ERROR_USAGE, "failed");
    status = cli_exit_code(err);
    g_propagate_error(error, err);
    err = NULL;
out:
    if (loader)
        g_thread_join(loader);
    g_clear_error(&job.error);
    g_clear_error(&err);
    cm_map_base_free(base);
    cm_map_base_free(cached.base);
    cm_map_match_free(match);
    cm_geo_free(job.owned);
    cm_geo_free(cached.geo);
    cm_proj_free(proj);
    cm_countries_free(own_cs);
    cm_text_free(own_text);
    cm_layout_notes_release(&notes);
    cm_style_free(style);
    cm_dataset_free(ds);
    cm_diag_free(diag);
    g_strfreev(label_list);
    g_free(owned);
    g_free(source);
    g_free(basemap);
    g_free(shared);
    g_option_context_free(oc);
    args_release(&a);
    return status;
}

int
cmd_map(int argc, char **argv)
{
    cli_env_t env = {.log = stderr};
    GError *err = NULL;
    int status = cmd_map_run(argc, argv, &env, &err);
    if (status)
        fprintf(stderr, "chronomap: error: %s\n", err->message);
    g_clear_error(&err);
    return status;
}
