/* cm_map_match.c — which country each data row and each basemap feature stands for.
 *
 * Entities are resolved with cm_countries_find() on their code first (alpha-2,
 * alpha-3, numeric, as written in the file), then on their name (English names,
 * aliases, translations), so "Czech Republic", "CZ" and "체코" all land on Czechia.
 * Features are resolved by their ISO 3166-1 numeric id; a feature without an id
 * (Kosovo, N. Cyprus, Somaliland in world-atlas) by its name, and a feature whose name
 * names a private entry is that entry even when it carries a shared id (world-atlas
 * gives Ashmore and Cartier Is. Australia's 036). A feature is then coloured by the
 * data rows of its own country, or failing that of its sovereign (cm_country_sovereign:
 * Greenland and the Faroe Islands with Denmark, Puerto Rico with the United States).
 */
#include "cm_map.h"

#include <string.h>

struct cm_map_match {
    /* borrowed */
    const cm_dataset_t *data;
    const cm_geo_t *geo;
    const cm_countries_t *cs;
    /* owned */
    const cm_country_t **entity_country;  /* per entity */
    const cm_country_t **feature_country; /* per feature */
    const cm_country_t **feature_owner;   /* per feature */
    /* plain values */
    int n_unmatched;
};

static const cm_country_t *
feature_country(const cm_countries_t *cs, const cm_geo_feature_t *f)
{
    const cm_country_t *by_id = f->id ? cm_countries_find_numeric(cs, f->id) : NULL;
    if (!by_id && f->id)
        by_id = cm_countries_find(cs, f->id);
    const cm_country_t *by_name = f->name ? cm_countries_find(cs, f->name) : NULL;
    if (!by_id)
        return by_name;
    if (by_name && by_name != by_id && by_name->kind == CM_COUNTRY_PRIVATE)
        return by_name;
    return by_id;
}

static const cm_country_t *
entity_country(const cm_countries_t *cs, const cm_entity_t *e)
{
    const cm_country_t *c = e->code ? cm_countries_find(cs, e->code) : NULL;
    if (!c && e->name)
        c = cm_countries_find(cs, e->name);
    return c;
}

static void
report_unmatched(cm_map_match_t *mt, const cm_entity_t *e, cm_map_unmatched_t mode, cm_diag_t *diag)
{
    const char *text = e->name ? e->name : e->key;
    char *msg = cm_countries_unknown_message(mt->cs, text);
    if (e->code && e->name && strcmp(e->code, e->name) != 0) {
        char *more = g_strdup_printf("%s; its code \"%s\" matches nothing either", msg, e->code);
        g_free(msg);
        msg = more;
    }
    cm_diag_add(diag, mode == CM_MAP_UNMATCHED_WARN ? CM_DIAG_WARNING : CM_DIAG_ERROR,
                mt->data->path, e->line, 0, "%s", msg);
    g_free(msg);
    mt->n_unmatched++;
}

cm_map_match_t *
cm_map_match_new(const cm_dataset_t *data, const cm_geo_t *geo, const cm_countries_t *cs,
                 cm_map_unmatched_t mode, cm_diag_t *diag)
{
    g_return_val_if_fail(data && geo && cs && diag, NULL);
    cm_map_match_t *mt = g_new0(cm_map_match_t, 1);
    mt->data = data;
    mt->geo = geo;
    mt->cs = cs;
    int ne = cm_dataset_n_entities(data);
    mt->entity_country = g_new0(const cm_country_t *, MAX(ne, 1));
    mt->feature_country = g_new0(const cm_country_t *, MAX(geo->n_features, 1));
    mt->feature_owner = g_new0(const cm_country_t *, MAX(geo->n_features, 1));

    GHashTable *in_data = g_hash_table_new(NULL, NULL);
    for (int i = 0; i < ne; i++) {
        const cm_entity_t *e = cm_dataset_get_entity(data, i);
        mt->entity_country[i] = entity_country(cs, e);
        if (mt->entity_country[i])
            g_hash_table_add(in_data, (gpointer)mt->entity_country[i]);
        else
            report_unmatched(mt, e, mode, diag);
    }
    GHashTable *has_shape = g_hash_table_new(NULL, NULL);
    for (int f = 0; f < geo->n_features; f++) {
        const cm_country_t *c = feature_country(cs, &geo->features[f]);
        mt->feature_country[f] = c;
        if (!c)
            continue;
        const cm_country_t *sov = cm_country_sovereign(c);
        if (g_hash_table_contains(in_data, c))
            mt->feature_owner[f] = c;
        else if (g_hash_table_contains(in_data, sov))
            mt->feature_owner[f] = sov;
        if (mt->feature_owner[f])
            g_hash_table_add(has_shape, (gpointer)mt->feature_owner[f]);
    }
    for (int i = 0; i < ne; i++) {
        const cm_country_t *c = mt->entity_country[i];
        if (!c || g_hash_table_contains(has_shape, c))
            continue;
        g_hash_table_add(has_shape, (gpointer)c); /* warn once per country */
        const cm_entity_t *e = cm_dataset_get_entity(data, i);
        cm_diag_add(diag, CM_DIAG_WARNING, data->path, e->line, 0,
                    "\"%s\" (%s) has no shape in the basemap %s; it is left off the map",
                    e->name ? e->name : e->key, c->display, geo->path ? geo->path : "");
    }
    g_hash_table_unref(has_shape);
    g_hash_table_unref(in_data);
    return mt;
}

void
cm_map_match_free(cm_map_match_t *mt)
{
    if (!mt)
        return;
    g_free(mt->entity_country);
    g_free(mt->feature_country);
    g_free(mt->feature_owner);
    g_free(mt);
}

const cm_country_t *
cm_map_match_entity(const cm_map_match_t *mt, int entity)
{
    g_return_val_if_fail(entity >= 0 && entity < cm_dataset_n_entities(mt->data), NULL);
    return mt->entity_country[entity];
}

const cm_country_t *
cm_map_match_feature(const cm_map_match_t *mt, int feature)
{
    g_return_val_if_fail(feature >= 0 && feature < mt->geo->n_features, NULL);
    return mt->feature_country[feature];
}

const cm_country_t *
cm_map_match_owner(const cm_map_match_t *mt, int feature)
{
    g_return_val_if_fail(feature >= 0 && feature < mt->geo->n_features, NULL);
    return mt->feature_owner[feature];
}

int
cm_map_match_n_unmatched(const cm_map_match_t *mt)
{
    return mt->n_unmatched;
}

const cm_countries_t *
cm_map_match_countries(const cm_map_match_t *mt)
{
    return mt->cs;
}
