/* cm_figure_sink.c — where a figure's files go: to disk all together, or into memory.
 *
 * The file sink hands every file a figure adds to a file set (util/cm_fileset.h) at once
 * (cm_fileset_stage: written beside its target and fsynced, its bytes dropped, so the
 * frames of a map take no more memory than one), after the figure's inputs: no output may
 * be an input or another output. The commit writes standard output and devices first
 * (never renamed over), then renames every file into place; a failed rename puts back
 * what the earlier ones replaced, and a sink freed uncommitted leaves nothing. The memory sink
 * keeps the bytes for a program that links libchronomap and wants them rather than files.
 */
#include "figure/cm_figure_private.h"

#include "util/cm_datadir.h"
#include "util/cm_fileset.h"

#include <string.h>

typedef struct {
    cm_figure_sink_t base;
    GPtrArray *paths;  /* char * */
    GPtrArray *blobs;  /* GBytes *; empty for the file sink, whose files are staged */
    cm_fileset_t *set; /* the file sink's; NULL for the memory sink */
    char *report;      /* the spec's, to name the report in messages; NULL: none */
    char *alt_text;
    bool committed;
} held_t;

static const char *
role_of(const held_t *h, const char *path)
{
    if (h->report && strcmp(path, h->report) == 0)
        return "report";
    if (h->alt_text && strcmp(path, h->alt_text) == 0)
        return "alt text";
    return "output";
}

static bool
held_add(cm_figure_sink_t *sink, const char *path, GBytes *bytes, GError **error)
{
    held_t *h = (held_t *)sink;
    if (h->set && !cm_fileset_stage(h->set, path, role_of(h, path), bytes, error))
        return false;
    g_ptr_array_add(h->paths, g_strdup(path));
    if (!h->set)
        g_ptr_array_add(h->blobs, g_bytes_ref(bytes));
    return true;
}

static void
held_free(cm_figure_sink_t *sink)
{
    held_t *h = (held_t *)sink;
    g_ptr_array_unref(h->paths);
    g_ptr_array_unref(h->blobs);
    cm_fileset_free(h->set); /* uncommitted: removes the staged files */
    g_free(h->report);
    g_free(h->alt_text);
    g_free(h);
}

static bool
files_commit(cm_figure_sink_t *sink, GError **error)
{
    held_t *h = (held_t *)sink;
    bool ok = cm_fileset_commit(h->set, error);
    h->committed = ok;
    return ok;
}

void
cm_figure_sink_files_add_input(cm_figure_sink_t *sink, const char *path, const char *role)
{
    g_return_if_fail(sink != NULL && path != NULL && role != NULL);
    if (sink->commit != files_commit)
        return;
    cm_fileset_add_input(((held_t *)sink)->set, path, role);
}

void
cm__figure_sink_note_spec(cm_figure_sink_t *sink, const cm_figure_spec_t *s)
{
    if (sink->commit != files_commit)
        return;
    held_t *h = (held_t *)sink;
    g_free(h->report);
    g_free(h->alt_text);
    h->report = g_strdup(s->report);
    h->alt_text = g_strdup(s->alt_text);
    if (s->data)
        cm_figure_sink_files_add_input(sink, s->data, "data");
    if (s->style && (strchr(s->style, '/') || g_str_has_suffix(s->style, ".ini"))) {
        cm_figure_sink_files_add_input(sink, s->style, "style");
    } else if (s->style) { /* a name: the file in the data folder */
        char *rel = g_strconcat("styles/", s->style, ".ini", NULL);
        char *p = cm_data_path(rel);
        cm_figure_sink_files_add_input(sink, p, "style");
        g_free(p);
        g_free(rel);
    }
    if (s->kind == CM_FIGURE_TIMELINE && s->timeline.eras)
        cm_figure_sink_files_add_input(sink, s->timeline.eras, "eras");
    if (s->kind == CM_FIGURE_MAP && s->map.basemap)
        cm_figure_sink_files_add_input(sink, s->map.basemap, "basemap");
}

static bool
memory_commit(cm_figure_sink_t *sink, GError **error)
{
    ((held_t *)sink)->committed = true;
    return true;
}

static cm_figure_sink_t *
held_new(bool (*commit)(cm_figure_sink_t *, GError **))
{
    held_t *h = g_new0(held_t, 1);
    h->base = (cm_figure_sink_t){.add = held_add, .commit = commit, .free = held_free};
    h->paths = g_ptr_array_new_with_free_func(g_free);
    h->blobs = g_ptr_array_new_with_free_func((GDestroyNotify)g_bytes_unref);
    return &h->base;
}

cm_figure_sink_t *
cm_figure_sink_files_new(void)
{
    cm_figure_sink_t *sink = held_new(files_commit);
    ((held_t *)sink)->set = cm_fileset_new();
    return sink;
}

cm_figure_sink_t *
cm_figure_sink_memory_new(void)
{
    return held_new(memory_commit);
}

int
cm_figure_sink_n(const cm_figure_sink_t *sink)
{
    const held_t *h = (const held_t *)sink;
    return h->committed ? (int)h->paths->len : 0;
}

GBytes *
cm_figure_sink_get(const cm_figure_sink_t *sink, int i, const char **path)
{
    const held_t *h = (const held_t *)sink;
    g_return_val_if_fail(i >= 0 && i < cm_figure_sink_n(sink), NULL);
    if (path)
        *path = g_ptr_array_index(h->paths, i);
    return (guint)i < h->blobs->len ? g_ptr_array_index(h->blobs, i) : NULL;
}

void
cm_figure_sink_free(cm_figure_sink_t *sink)
{
    if (sink)
        sink->free(sink);
}
