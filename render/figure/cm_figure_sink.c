/* cm_figure_sink.c — where a figure's files go: to disk all together, or into memory.
 *
 * The file sink keeps every file a figure adds, and on commit writes each to a temporary
 * file beside its target before any is renamed into place (cm_write_prepare), so an error
 * in any leaves none of them changed. The memory sink keeps the bytes for a program that
 * links libchronomap and wants them rather than files.
 */
#include "figure/cm_figure_private.h"

typedef struct {
    cm_figure_sink_t base;
    GPtrArray *paths; /* char * */
    GPtrArray *blobs; /* GBytes * */
    bool committed;
} held_t;

static bool
held_add(cm_figure_sink_t *sink, const char *path, GBytes *bytes, GError **error)
{
    held_t *h = (held_t *)sink;
    g_ptr_array_add(h->paths, g_strdup(path));
    g_ptr_array_add(h->blobs, g_bytes_ref(bytes));
    return true;
}

static void
held_free(cm_figure_sink_t *sink)
{
    held_t *h = (held_t *)sink;
    g_ptr_array_unref(h->paths);
    g_ptr_array_unref(h->blobs);
    g_free(h);
}

static bool
files_commit(cm_figure_sink_t *sink, GError **error)
{
    held_t *h = (held_t *)sink;
    guint n = h->paths->len;
    cm_pending_write_t **w = g_new0(cm_pending_write_t *, MAX(n, 1));
    bool ok = true;
    for (guint i = 0; i < n && ok; i++) {
        gsize len = 0;
        const void *data = g_bytes_get_data(g_ptr_array_index(h->blobs, i), &len);
        ok = (w[i] = cm_write_prepare(g_ptr_array_index(h->paths, i), data, len, error));
    }
    for (guint i = 0; i < n; i++) {
        if (!w[i])
            continue;
        if (ok)
            ok = cm_write_commit(w[i], error);
        else
            cm_write_abort(w[i]);
    }
    g_free(w);
    h->committed = ok;
    return ok;
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
    return held_new(files_commit);
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
    return g_ptr_array_index(h->blobs, i);
}

void
cm_figure_sink_free(cm_figure_sink_t *sink)
{
    if (sink)
        sink->free(sink);
}
