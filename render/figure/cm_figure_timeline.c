/* cm_figure_timeline.c — a timeline figure: reads the data (and eras), lays out the
 * chosen kind (lanes, axis, step) once and emits every file of it.
 */
#include "figure/cm_figure_private.h"

#include "report/cm_alt.h"

bool
cm__figure_timeline(cm__figure_run_t *r, GError **error)
{
    const cm_figure_spec_t *s = r->spec;
    cm_dataset_t *ds = NULL, *eras = NULL;
    cm_scene_t *scene = NULL;
    cm_layout_notes_t notes;
    cm_layout_notes_init(&notes);
    bool ok = false;

    cm_ingest_opts_t io;
    cm__figure_ingest_opts(r, &io);
    if (s->timeline.group_by)
        io.columns[CM_ROLE_GROUP] = s->timeline.group_by;
    ds = cm_ingest_file(s->data, &io, r->diag, error);
    if (s->timeline.eras && ds) {
        /* The eras file takes the day/month order and the century pivot of the data, not
         * its pattern, Excel epoch, undated rule or encoding (cm_figure_spec_t). */
        cm_ingest_opts_t eo = {.date_order = io.date_order,
                               .century_pivot = io.century_pivot,
                               .max_field = io.max_field,
                               .max_rows = io.max_rows,
                               .max_text = io.max_text};
        eras = cm_ingest_file(s->timeline.eras, &eo, r->diag, error);
    }
    cm_diag_print(r->diag, r->log);
    if (!ds || (s->timeline.eras && !eras))
        goto out;

    /* Group lanes when the data has groups, unless told not to. */
    bool has_groups = false;
    for (int i = 0; i < cm_dataset_n_entities(ds) && !has_groups; i++)
        has_groups = cm_dataset_get_entity(ds, i)->group != NULL;
    cm_timeline_opts_t o = {
        .kind = s->timeline.layout,
        .width = r->canvas.width,
        .height = r->canvas.height,
        .grow = r->canvas.grow,
        .title = s->title,
        .subtitle = s->subtitle,
        .source = s->source,
        .has_from = s->timeline.has_from,
        .has_to = s->timeline.has_to,
        .from = s->timeline.from,
        .to = s->timeline.to,
        .today = r->today,
        .sort = s->timeline.sort,
        .grouped = has_groups && !s->timeline.no_groups,
        .eras = eras,
        .lang = s->lang,
        .max_lanes = r->env->max_lanes,
    };
    cm_measurer_t m = cm_text_measurer(r->text);
    scene = cm_layout_timeline(ds, r->style, &m, &o, &notes, error);
    if (!scene)
        goto out;
    char *alt = cm_alt_timeline(ds, &o, r->lang);
    cm_scene_set_title(scene, s->title, alt); /* SVG <title>/<desc>, PDF metadata */
    g_free(alt);
    cm__figure_print_notes(&notes, s->quiet, r->log);
    cm__figure_check_glyphs(scene, &m, r->log);
    ok = cm__figure_emit(r, scene, &notes, NULL, error);
out:
    cm_scene_free(scene);
    cm_layout_notes_release(&notes);
    cm_dataset_free(eras);
    cm_dataset_free(ds);
    return ok;
}
