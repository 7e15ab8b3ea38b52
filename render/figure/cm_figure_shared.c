/* cm_figure_shared.c — inputs that the figures of one batch run share: loaded
 * basemaps and country tables, each read once and then only read.
 *
 * A map figure spends most of its setup reading the 50m basemap (several MB
 * of TopoJSON) and the iso-codes tables; a manifest with twenty maps on two
 * threads would read them twenty times. Here the first run that asks for an
 * input loads it while holding that entry's lock; runs asking for the same
 * input meanwhile wait on the lock and then share the result. Nothing loaded
 * is modified afterwards (cm_map_match_new() and cm_geo_base_new() take them
 * const), so sharing needs no further locking. A failed load is not cached:
 * the next run tries again and reports its own error.
 *
 * A map whose projected basemap is in the disk cache (cm_geo_cache.h) needs no loaded
 * basemap at all; it says so with cm__figure_shared_basemap_cached(), so the batch's count of
 * basemaps read still counts each file once, whether its maps loaded it, found it in the
 * cache, or both.
 */
#include "figure/cm_figure_private.h"

#include <string.h>

typedef struct {
    GMutex lock; /* held while loading */
    gpointer value;
    GDestroyNotify free;
    bool counted; /* a basemap counted in n_basemaps */
} entry_t;

struct cm_figure_shared {
    GMutex lock;         /* guards the table, not the entries' values */
    GHashTable *entries; /* key (g_free) -> entry_t * */
    int n_basemaps;
};

static void
entry_free(gpointer p)
{
    entry_t *e = p;
    if (e->value && e->free)
        e->free(e->value);
    g_mutex_clear(&e->lock);
    g_free(e);
}

cm_figure_shared_t *
cm_figure_shared_new(void)
{
    cm_figure_shared_t *sh = g_new0(cm_figure_shared_t, 1);
    g_mutex_init(&sh->lock);
    sh->entries = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, entry_free);
    return sh;
}

void
cm_figure_shared_free(cm_figure_shared_t *sh)
{
    if (!sh)
        return;
    g_hash_table_unref(sh->entries);
    g_mutex_clear(&sh->lock);
    g_free(sh);
}

/* The entry for KEY, created empty if new, returned LOCKED. */
static entry_t *
entry_lock(cm_figure_shared_t *sh, const char *key)
{
    g_mutex_lock(&sh->lock);
    entry_t *e = g_hash_table_lookup(sh->entries, key);
    if (!e) {
        e = g_new0(entry_t, 1);
        g_mutex_init(&e->lock);
        g_hash_table_insert(sh->entries, g_strdup(key), e);
    }
    g_mutex_unlock(&sh->lock);
    g_mutex_lock(&e->lock);
    return e;
}

/* The basemap's entry, LOCKED. Keyed by the file as named (canonical), so
 * "a/../x.json" and "x.json" share, and by the load options. */
static entry_t *
basemap_lock(cm_figure_shared_t *sh, const char *path, const cm_geo_load_opts_t *opts)
{
    char *canon = g_canonicalize_filename(path, NULL);
    char *key = g_strdup_printf("basemap\x1f%s\x1f%s\x1f%" G_GINT64_FORMAT, canon,
                                opts->id_property ? opts->id_property : "", opts->max_vertices);
    entry_t *e = entry_lock(sh, key);
    g_free(key);
    g_free(canon);
    return e;
}

/* Counts E's basemap once (E locked). */
static void
count_basemap(cm_figure_shared_t *sh, entry_t *e)
{
    if (e->counted)
        return;
    e->counted = true;
    g_atomic_int_inc(&sh->n_basemaps);
}

const cm_geo_t *
cm__figure_shared_basemap(cm_figure_shared_t *sh, const char *path, const cm_geo_load_opts_t *opts,
                          cm_geo_t **owned, GError **error)
{
    *owned = NULL;
    if (!sh)
        return *owned = cm_geo_load_full(path, opts, error);
    entry_t *e = basemap_lock(sh, path, opts);
    if (!e->value) {
        e->value = cm_geo_load_full(path, opts, error);
        e->free = (GDestroyNotify)cm_geo_free;
        if (e->value)
            count_basemap(sh, e);
    }
    const cm_geo_t *geo = e->value;
    g_mutex_unlock(&e->lock);
    return geo;
}

void
cm__figure_shared_basemap_cached(cm_figure_shared_t *sh, const char *path,
                                 const cm_geo_load_opts_t *opts)
{
    if (!sh)
        return;
    entry_t *e = basemap_lock(sh, path, opts);
    count_basemap(sh, e);
    g_mutex_unlock(&e->lock);
}

static void
append_list(GString *key, const char *const *list)
{
    for (const char *const *s = list; s && *s; s++) {
        g_string_append(key, *s);
        g_string_append_c(key, '\x1e');
    }
    g_string_append_c(key, '\x1f');
}

const cm_countries_t *
cm__figure_shared_countries(cm_figure_shared_t *sh, const cm_countries_opts_t *opts,
                            cm_countries_t **owned, GError **error)
{
    *owned = NULL;
    if (!sh)
        return *owned = cm_countries_load_full(opts, error);
    GString *key = g_string_new("countries\x1f");
    g_string_append(key, opts->iso_codes_dir ? opts->iso_codes_dir : "");
    g_string_append_c(key, '\x1f');
    g_string_append(key, opts->locale_dir ? opts->locale_dir : "");
    g_string_append_c(key, '\x1f');
    append_list(key, opts->languages);
    append_list(key, opts->sovereigns);
    g_string_append_c(key, opts->no_default_sovereigns ? '1' : '0');
    entry_t *e = entry_lock(sh, key->str);
    if (!e->value) {
        e->value = cm_countries_load_full(opts, error);
        e->free = (GDestroyNotify)cm_countries_free;
    }
    const cm_countries_t *cs = e->value;
    g_mutex_unlock(&e->lock);
    g_string_free(key, TRUE);
    return cs;
}

int
cm_figure_shared_n_basemaps(cm_figure_shared_t *sh)
{
    return sh ? g_atomic_int_get(&sh->n_basemaps) : 0;
}
