/* cm_figure_map.c — a map figure: the data, the country table (iso-codes) and the
 * basemap (world-atlas 50m by default, found in the data folder), rows matched to
 * countries (unknown ones are data errors, exit 65, or warnings), the basemap projected
 * once and the map laid out, or with --frames one map per date in the data, reusing the
 * projected geometry.
 *
 * The basemap comes ready from geo (cm_geo_basemap_open: the disk cache, else read in a
 * second thread while the country table and the data are prepared here, and projected).
 * With the environment's cache_log set, the figure says on its log whether the cache hit
 * and whether PROJ ended up mapped into the process.
 */
#include "figure/cm_figure_private.h"

#include "report/cm_alt.h"
#include "util/cm_datadir.h"

#include <string.h>

#define DEFAULT_BASEMAP "data/world/countries-50m.json"

/* The basemap of a figure that shares loaded inputs: from the shared cache. */
static const cm_geo_t *
load_shared(void *ctx, const char *path, const cm_geo_load_opts_t *opts, cm_geo_t **owned,
            GError **error)
{
    return cm__figure_shared_basemap(ctx, path, opts, owned, error);
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
load_countries(const cm__figure_run_t *r, cm_countries_t **owned, GError **error)
{
    const cm_figure_spec_t *s = r->spec;
    GPtrArray *langs = g_ptr_array_new();
    for (const char *const *l = cm_countries_default_languages(); *l; l++)
        g_ptr_array_add(langs, (gpointer)*l);
    if (s->lang)
        g_ptr_array_add(langs, s->lang);
    g_ptr_array_add(langs, NULL);
    cm_countries_opts_t co = {
        .languages = (const char *const *)langs->pdata,
        .sovereigns = (const char *const *)s->map.sovereigns,
    };
    GError *e = NULL;
    const cm_countries_t *cs = cm__figure_shared_countries(r->shared, &co, owned, &e);
    g_ptr_array_free(langs, TRUE);
    if (!cs && e && e->code == CM_ERROR_USAGE) {
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE, "--sovereign: %s", e->message);
        g_error_free(e);
    } else if (!cs) {
        g_propagate_error(error, e);
    }
    if (cs && s->lang && !cm_countries_has_language(cs, s->lang)) {
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE,
                    "--lang %s: iso-codes has no country names in that language", s->lang);
        return NULL;
    }
    return cs;
}

/* 1999-03-12 -> "-1999-03-12", the suffix of that date's frame files
 * (out-1999-03-12.png); a year before 1 keeps its ISO sign (-1999, 2000 BC:
 * out--1999.png), so it never shares a name with 1999 (two frames announced, one
 * written). Only digits and '-' are kept. */
static char *
frame_suffix(const cm_date_t *d)
{
    char *iso = cm_date_format_iso(d);
    GString *clean = g_string_new("-");
    for (const char *p = iso; *p; p++)
        if (g_ascii_isdigit(*p) || *p == '-')
            g_string_append_c(clean, *p);
    g_free(iso);
    return g_string_free(clean, FALSE);
}

/* What one map figure has read, for each of its frames. */
typedef struct {
    /* borrowed */
    cm__figure_run_t *run;
    const cm_dataset_t *ds;
    const cm_map_match_t *match;
    const cm_geo_base_t *base;
    cm_layout_notes_t *notes; /* every frame's, for the log */
} map_t;

/* Appends the notes of one frame to the figure's, without repeats. */
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

/* Lays out one map and renders it into the sink: every output format, its alt text and
 * its report, with file names taking SUFFIX (a frame's date). */
static bool
render_one(map_t *mp, cm_map_opts_t *o, const char *suffix, GError **error)
{
    cm__figure_run_t *r = mp->run;
    cm_measurer_t m = cm_text_measurer(r->text);
    cm_layout_notes_t notes;
    cm_layout_notes_init(&notes);
    /* A map of the past drawn on today's borders says where they differ. */
    const char *source = o->source;
    char *caveat = o->has_as_of ? cm_map_border_caveats(mp->ds, mp->match, &o->as_of) : NULL;
    char *credit = caveat ? cm_map_source_with_caveat(source, caveat) : NULL;
    if (caveat) {
        o->source = credit;
        cm_layout_notes_warn(&notes, "%s", caveat);
    }
    cm_scene_t *scene = cm_layout_map(mp->ds, mp->match, mp->base, r->style, &m, o, &notes, error);
    o->source = source;
    g_free(credit);
    g_free(caveat);
    bool ok = scene != NULL;
    if (ok) {
        cm__figure_check_glyphs(scene, &m, r->log);
        /* Alt text: the map's own facts (the state on its as-of day). */
        cm_alt_facts_t facts;
        cm_alt_facts_init(&facts);
        cm_alt_facts_from_dataset(&facts, mp->ds, o->has_as_of ? &o->as_of : NULL);
        facts.kind = CM_ALT_MAP;
        facts.title = o->title;
        facts.lang = r->lang;
        char *alt = cm_alt_text(&facts);
        cm_alt_facts_release(&facts);
        cm_scene_set_title(scene, o->title, alt);
        g_free(alt);
        ok = cm__figure_emit(r, scene, &notes, suffix, error);
    }
    notes_merge(mp->notes, &notes);
    cm_layout_notes_release(&notes);
    cm_scene_free(scene);
    return ok;
}

/* One map per date in the data, each with its own alt text and report
 * (report-1999-03-12.json beside out-1999-03-12.png), all into the sink. */
static bool
emit_frames(map_t *mp, cm_map_opts_t *o, GError **error)
{
    GArray *dates = cm_map_frame_dates(mp->ds);
    bool ok = dates->len > 0;
    if (!ok)
        g_set_error(error, CM_ERROR, CM_ERROR_DATA, "--frames: the data has no dates");
    /* One legend for the whole set: a class appears in every frame's legend, even
     * before any country has it, so the legend does not shift. */
    o->legend_all_classes = true;
    for (guint i = 0; ok && i < dates->len; i++) {
        o->as_of = g_array_index(dates, cm_date_t, i);
        o->has_as_of = o->show_date = true;
        char *suffix = frame_suffix(&o->as_of);
        ok = render_one(mp, o, suffix, error);
        g_free(suffix);
    }
    if (ok && !mp->run->spec->quiet) {
        const cm_figure_spec_t *sp = mp->run->spec;
        int n_out = cm_figure_spec_n_outputs(sp);
        /* each frame's files in the order they were added: outputs, alt text, report */
        const char *last_of_frame = sp->report     ? sp->report
                                    : sp->alt_text ? sp->alt_text
                                                   : sp->outputs[n_out - 1];
        char *first = frame_suffix(&g_array_index(dates, cm_date_t, 0));
        char *last = frame_suffix(&g_array_index(dates, cm_date_t, dates->len - 1));
        char *a = cm__figure_suffixed_name(sp->outputs[0], first);
        char *b = cm__figure_suffixed_name(last_of_frame, last);
        guint per_frame = (guint)(n_out + !!sp->report + !!sp->alt_text);
        mp->run->after_commit = g_strdup_printf("chronomap: wrote %u frames (%u files), %s … %s\n",
                                                dates->len, dates->len * per_frame, a, b);
        g_free(a);
        g_free(b);
        g_free(first);
        g_free(last);
    }
    g_array_unref(dates);
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

/* The map options of the spec; size and texts from the run. */
static void
map_options(const cm__figure_run_t *r, const cm_dataset_t *ds, cm_map_opts_t *o)
{
    const cm_figure_spec_t *s = r->spec;
    *o = (cm_map_opts_t){
        .width = r->canvas.width,
        .height = r->canvas.height,
        .title = s->title,
        .subtitle = s->subtitle,
        .color_by = s->map.color_by,
        .bins = s->map.bins,
        .n_bin_years = s->map.n_bin_years,
        /* No --as-of: the state today (SOURCE_DATE_EPOCH when set), said on the figure,
         * so a membership that has ended is never coloured as current. */
        .has_as_of = true,
        .as_of = s->map.as_of_today || !s->map.has_as_of ? r->today : s->map.as_of,
        .show_date = true,
        .labels = s->map.labels,
        .label_only = (const char *const *)s->map.label_only,
        .lang = s->lang,
        .graticule = s->map.graticule,
    };
    memcpy(o->bin_years, s->map.bin_years, sizeof o->bin_years);
    /* --bins implies dates; by default: groups when there are some and the palette can
     * tell them apart (member / partner), else dates (eleven enlargement rounds). */
    if (!s->map.has_color_by && s->map.has_bins)
        o->color_by = CM_MAP_COLOR_DATE;
    int groups = n_groups(ds);
    if (!s->map.has_color_by && !s->map.has_bins && (groups == 0 || groups > r->style->palette_len))
        o->color_by = CM_MAP_COLOR_DATE;
}

bool
cm__figure_map(cm__figure_run_t *r, GError **error)
{
    const cm_figure_spec_t *s = r->spec;
    cm_dataset_t *ds = NULL;
    const cm_countries_t *cs = NULL;
    cm_countries_t *own_cs = NULL;
    cm_map_match_t *match = NULL;
    cm_geo_basemap_t *bm = NULL;
    char *source = NULL;
    char *basemap = s->map.basemap ? g_strdup(s->map.basemap) : cm_data_path(DEFAULT_BASEMAP);
    cm_layout_notes_t notes;
    cm_layout_notes_init(&notes);
    bool ok = false;

    cm_ingest_opts_t io;
    cm__figure_ingest_opts(r, &io);
    cm_geo_basemap_request_t req = {
        .path = basemap,
        .opts = {.id_property = s->map.id_property, .max_vertices = s->map.max_vertices},
        .projection = s->map.projection ? s->map.projection : "world",
        .bbox = s->map.has_bbox ? s->map.bbox : NULL,
        .use_cache = true,
        .load = load_shared,
        .load_ctx = r->shared,
    };
    if (!(bm = cm_geo_basemap_open(&req, error))) {
        if (*error && (*error)->code == CM_ERROR_USAGE) /* not when PROJ cannot be loaded */
            g_prefix_error(error, "--projection: ");
        goto out;
    }
    if (cm_geo_basemap_cache_state(bm) == CM_GEO_CACHE_HIT)
        cm__figure_shared_basemap_cached(r->shared, basemap, &req.opts);
    if (!(cs = load_countries(r, &own_cs, error)))
        goto out;
    ds = cm_ingest_file(s->data, &io, r->diag, error);
    const cm_geo_t *geo = ds ? cm_geo_basemap_features(bm, error) : NULL;
    cm_diag_print(r->diag, r->log);
    if (!ds || !geo)
        goto out;
    match = cm_map_match_new(ds, geo, cs, s->map.unmatched, r->diag);
    cm_diag_print(r->diag, r->log);
    if (cm_diag_errors(r->diag) > 0) {
        int n = cm_map_match_n_unmatched(match);
        g_set_error(error, CM_ERROR, CM_ERROR_DATA,
                    "%d row%s of %s name no known country (use --unmatched warn to draw the "
                    "map without them)",
                    n, n == 1 ? "" : "s", s->data);
        goto out;
    }
    const cm_geo_base_t *base = cm_geo_basemap_base(bm, error);
    if (!base) {
        g_prefix_error(error, "--bbox: ");
        goto out;
    }

    cm_map_opts_t o;
    map_options(r, ds, &o);
    source = cm_map_credit(s->source, s->map.basemap != NULL);
    o.source = source;
    map_t mp = {.run = r, .ds = ds, .match = match, .base = base, .notes = &notes};
    ok = s->map.frames ? emit_frames(&mp, &o, error) : render_one(&mp, &o, NULL, error);
    cm__figure_print_notes(&notes, s->quiet, r->log);
    if (ok && r->cache_log) {
        static const char *const state[] = {"off", "miss", "hit"};
        fprintf(r->log, "chronomap: basemap cache %s; PROJ %s\n",
                state[cm_geo_basemap_cache_state(bm)], proj_mapped() ? "loaded" : "not loaded");
    }
out:
    cm_map_match_free(match);
    cm_geo_basemap_free(bm);
    cm_countries_free(own_cs);
    cm_layout_notes_release(&notes);
    cm_dataset_free(ds);
    g_free(source);
    g_free(basemap);
    return ok;
}
