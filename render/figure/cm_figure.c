/* cm_figure.c — cm_figure_render: one figure, whatever its kind, from spec to sink.
 *
 * Checks the spec, loads the style, resolves the canvas and the language once, makes (or
 * borrows) the text engine, and hands the figure to its kind (cm_figure_timeline.c,
 * cm_figure_map.c), which reads its inputs, lays out and adds every file to the sink.
 * Only when all of them were made is the sink committed.
 */
#include "figure/cm_figure_private.h"

#include <time.h>

static void
resolve_canvas(cm__figure_run_t *r)
{
    const cm_figure_spec_t *s = r->spec;
    const cm_style_t *st = r->style;
    r->canvas = (cm__figure_canvas_t){
        .width = s->has_size ? s->width : st->width,
        .height = s->has_size ? s->height : st->height,
        .physical = s->has_size ? s->physical : st->physical,
        .page_dpi = s->dpi > 0 ? s->dpi : st->dpi,
        .grow = !s->has_size && st->grow, /* --size is a promise of that size */
    };
}

int
cm_figure_render(const cm_figure_spec_t *s, const cm_figure_env_t *env, cm_figure_sink_t *sink,
                 GError **error)
{
    static const cm_figure_env_t none = {0};
    if (!env)
        env = &none;
    cm__figure_run_t r = {
        .spec = s,
        .env = env,
        .log = env->log ? env->log : stderr,
        .shared = env->shared,
        .sink = sink,
        .threads = env->threads,
        .cache_log = env->cache_log,
    };
    GError *err = NULL;
    r.today = env->has_today ? env->today : cm_date_from_epoch((int64_t)time(NULL));
    bool ok = cm_figure_spec_check(s, &err);
    if (ok && !s->data) {
        g_set_error(&err, CM_ERROR, CM_ERROR_USAGE, "no data file: set the spec's data");
        ok = false;
    }
    if (ok) /* before any file is added: a file sink checks each against the inputs */
        cm__figure_sink_note_spec(sink, s);
    if (ok)
        ok = (r.style = cm__figure_style_load(s, env, r.log, &err)) != NULL;
    if (ok) {
        resolve_canvas(&r);
        r.lang = cm_lang_resolve(s->lang, r.style->lang);
        r.diag = cm_diag_new();
        /* batch lends each figure a text engine whose font lookups are already warm */
        r.text = env->text ? env->text : (r.own_text = cm_text_new());
        ok = s->kind == CM_FIGURE_MAP ? cm__figure_map(&r, &err) : cm__figure_timeline(&r, &err);
    }
    if (ok)
        ok = sink->commit(sink, &err);
    if (ok && r.after_commit)
        fputs(r.after_commit, r.log);
    g_free(r.after_commit);
    if (r.own_text) /* a lent engine is its owner's to save */
        cm_text_save_cache(r.own_text);
    cm_text_free(r.own_text);
    cm_style_free(r.style);
    cm_diag_free(r.diag);
    if (ok)
        return 0;
    if (!err)
        g_set_error(&err, CM_ERROR, CM_ERROR_USAGE, "failed");
    int status = cm_figure_exit_code(err);
    g_propagate_error(error, err);
    return status;
}

bool
cm_figure_env_read(cm_figure_env_t *env, GError **error)
{
    guint64 field, rows, text, lanes, style;
    if (!cm_env_cap("CHRONOMAP_MAX_FIELD", CM_INGEST_DEFAULT_MAX_FIELD, G_MAXSIZE / 2, &field,
                    error) ||
        !cm_env_cap("CHRONOMAP_MAX_ROWS", CM_INGEST_DEFAULT_MAX_ROWS, G_MAXSIZE / 2, &rows,
                    error) ||
        !cm_env_cap("CHRONOMAP_MAX_TEXT", CM_INGEST_DEFAULT_MAX_TEXT, G_MAXSIZE / 2, &text,
                    error) ||
        !cm_env_cap("CHRONOMAP_MAX_LANES", 5000, G_MAXINT, &lanes, error) ||
        !cm_env_cap("CHRONOMAP_MAX_STYLE_BYTES", CM_STYLE_DEFAULT_MAX_BYTES, G_MAXINT64, &style,
                    error))
        return false;
    env->max_field = (size_t)field;
    env->max_rows = (size_t)rows;
    env->max_text = (size_t)text;
    env->max_lanes = (int)lanes;
    env->max_style_bytes = (gint64)style;
    const char *sde = g_getenv("SOURCE_DATE_EPOCH");
    guint64 secs = 0;
    if (sde && *sde &&
        !g_ascii_string_to_unsigned(sde, 10, 0, (guint64)CM_DATE_EPOCH_MAX, &secs, NULL)) {
        /* a huge one ran the axis to the year 100,000,000 */
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE,
                    "SOURCE_DATE_EPOCH=%s: want whole seconds since 1970-01-01 from 0 to "
                    "%" G_GINT64_FORMAT " (9999-12-31), or leave it unset for the clock",
                    sde, CM_DATE_EPOCH_MAX);
        return false;
    }
    bool pinned = sde && *sde;
    env->has_today = true;
    env->today = cm_date_from_epoch(pinned ? (int64_t)secs : (int64_t)time(NULL));
    env->epoch = pinned ? (gint64)secs : 0;
    env->cache_log = g_getenv("CHRONOMAP_CACHE_LOG") != NULL;
    return true;
}
