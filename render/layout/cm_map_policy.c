/* cm_map_policy.c — what a map must say about itself: where the basemap's borders are not
 * those of the map's date, and the basemap's credit.
 *
 * The basemap has today's borders. A map of an earlier date that colours one of the
 * countries below says so, because the shape is not what the country was then. Dates are
 * the day the present borders began (sources: the states' own records, as summarised in
 * iso-codes' ISO 3166-3 withdrawals where they apply).
 */
#include "layout/cm_map.h"

#include <string.h>

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

char *
cm_map_border_caveats(const cm_dataset_t *data, const cm_map_match_t *match, const cm_date_t *as_of)
{
    GString *out = NULL;
    int64_t day = cm_date_first_day(as_of);
    for (size_t k = 0; k < G_N_ELEMENTS(border_changes); k++) {
        cm_date_t since;
        if (!cm_date_parse(border_changes[k].since, &since, NULL) ||
            day >= cm_date_first_day(&since))
            continue;
        bool coloured = false;
        for (int i = 0; i < cm_dataset_n_items(data) && !coloured; i++) {
            const cm_item_t *it = cm_dataset_get_item(data, i);
            const cm_country_t *c = cm_map_match_entity(match, it->entity);
            coloured = c && c->alpha2 && strcmp(c->alpha2, border_changes[k].alpha2) == 0 &&
                       cm_item_in_force(it, as_of);
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

#define NE_CREDIT "Basemap: Natural Earth."

char *
cm_map_credit(const char *source, bool own_basemap)
{
    if (own_basemap || (source && strstr(source, "Natural Earth")))
        return g_strdup(source);
    if (!source)
        return g_strdup(NE_CREDIT);
    /* "Source: NATO" + ". Basemap: …", without doubling a final stop */
    bool stop = false;
    static const char *const stops[] = {".", "!", "?", "\u3002", "\uff01", "\uff1f"};
    for (size_t i = 0; i < G_N_ELEMENTS(stops); i++)
        stop |= g_str_has_suffix(source, stops[i]);
    return g_strdup_printf("%s%s %s", source, stop ? "" : ".", NE_CREDIT);
}

char *
cm_map_source_with_caveat(const char *source, const char *caveat)
{
    if (!caveat)
        return g_strdup(source);
    return source ? g_strdup_printf("%s %s.", source, caveat) : g_strdup_printf("%s.", caveat);
}
