/* cm_dataset.c — storage for entities and items, strings in one chunk; and the one
 * "in force on a day" rule every stage asks (see cm_dataset.h). */
#include "cm_dataset.h"

cm_dataset_t *
cm_dataset_new(const char *path)
{
    cm_dataset_t *ds = g_new0(cm_dataset_t, 1);
    ds->strings = g_string_chunk_new(4096);
    ds->entities = g_array_new(FALSE, TRUE, sizeof(cm_entity_t));
    ds->items = g_array_new(FALSE, TRUE, sizeof(cm_item_t));
    ds->by_key = g_hash_table_new(g_str_hash, g_str_equal);
    ds->path = path ? g_string_chunk_insert_const(ds->strings, path) : NULL;
    return ds;
}

void
cm_dataset_free(cm_dataset_t *ds)
{
    if (!ds)
        return;
    g_hash_table_destroy(ds->by_key);
    g_array_free(ds->items, TRUE);
    g_array_free(ds->entities, TRUE);
    g_string_chunk_free(ds->strings);
    g_free(ds);
}

const char *
cm_dataset_intern(cm_dataset_t *ds, const char *s)
{
    if (!s || !*s)
        return NULL;
    return g_string_chunk_insert_const(ds->strings, s);
}

int
cm_dataset_entity(cm_dataset_t *ds, const char *key, const char *name, const char *code,
                  const char *group, const char *label, int line)
{
    g_return_val_if_fail(key && *key, -1);
    gpointer found = g_hash_table_lookup(ds->by_key, key);
    if (found)
        return GPOINTER_TO_INT(found) - 1;
    cm_entity_t e = {
        .key = cm_dataset_intern(ds, key),
        .name = cm_dataset_intern(ds, name ? name : key),
        .code = cm_dataset_intern(ds, code),
        .group = cm_dataset_intern(ds, group),
        .label = cm_dataset_intern(ds, label),
        .line = line,
    };
    g_array_append_val(ds->entities, e);
    int idx = (int)ds->entities->len - 1;
    g_hash_table_insert(ds->by_key, (gpointer)e.key, GINT_TO_POINTER(idx + 1));
    return idx;
}

void
cm_dataset_add_item(cm_dataset_t *ds, const cm_item_t *item)
{
    g_return_if_fail(item->entity >= 0 && (guint)item->entity < ds->entities->len);
    g_array_append_val(ds->items, *item);
}

bool
cm_dataset_extent(const cm_dataset_t *ds, int64_t *first, int64_t *last)
{
    if (ds->items->len == 0)
        return false;
    int64_t lo = INT64_MAX, hi = INT64_MIN;
    for (guint i = 0; i < ds->items->len; i++) {
        const cm_item_t *it = &g_array_index(ds->items, cm_item_t, i);
        int64_t a = cm_date_first_day(&it->start);
        int64_t b = (it->kind == CM_ITEM_SPAN && !it->open) ? cm_date_end_day(&it->end)
                                                            : cm_date_end_day(&it->start);
        lo = MIN(lo, a);
        hi = MAX(hi, b);
    }
    *first = lo;
    *last = hi;
    return true;
}

/* ---- in force on a day: the rule is in cm_dataset.h ---- */

int64_t
cm_item_in_force_from(const cm_item_t *it)
{
    g_return_val_if_fail(it != NULL, CM_DAY_NEVER);
    return cm_date_first_day(&it->start);
}

int64_t
cm_item_in_force_until(const cm_item_t *it)
{
    g_return_val_if_fail(it != NULL, CM_DAY_NEVER);
    if (it->kind != CM_ITEM_SPAN || it->open || it->end.prec == CM_PREC_NONE)
        return CM_DAY_NEVER;
    return cm_date_first_day(&it->end);
}

bool
cm_item_in_force_on(const cm_item_t *it, int64_t day)
{
    return cm_item_in_force_from(it) <= day && day < cm_item_in_force_until(it);
}

bool
cm_item_in_force(const cm_item_t *it, const cm_date_t *date)
{
    g_return_val_if_fail(date != NULL, false);
    return cm_item_in_force_on(it, cm_date_first_day(date));
}
