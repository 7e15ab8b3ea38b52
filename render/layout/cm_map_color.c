/* cm_map_color.c — what colour each data country gets on a map, and the legend entries.
 *
 * Rows count when they are in force on the as-of day (cm_item_in_force, the model's
 * one rule; all rows when there is no as-of date). Categorical colouring takes the group of a
 * country's first row in force (palette order = first appearance of each group in the file). Date
 * colouring takes the earliest start among its rows in force and puts it in a bin; the bins are
 * made from every country's earliest start so that all frames of an animation share their colours.
 * Bin colours run on a sequential ramp, darkest for the earliest bin (the founders), lightest for
 * the latest. A single map on an as-of date then drops the classes nobody has on that day from its
 * legend (a map of 1955 lists no 1999 bin); frames keep them all (legend_all_classes), so they
 * share one legend.
 */
#include "cm_map_private.h"

#include <string.h>

#include "../util/cm_error.h"

#define AUTO_MAX_ROUNDS 12
#define MAX_CLASSES 64

bool
cm_map_item_active(const cm_item_t *it, const cm_date_t *as_of)
{
    return cm_item_in_force(it, as_of);
}

static gint
date_cmp(gconstpointer a, gconstpointer b)
{
    return cm_date_compare(a, b);
}

GArray *
cm_map_frame_dates(const cm_dataset_t *data)
{
    GArray *all = g_array_new(FALSE, FALSE, sizeof(cm_date_t));
    for (int i = 0; i < cm_dataset_n_items(data); i++) {
        const cm_item_t *it = cm_dataset_get_item(data, i);
        g_array_append_val(all, it->start);
        if (cm_item_in_force_until(it) != CM_DAY_NEVER)
            g_array_append_val(all, it->end); /* the first day it is out */
    }
    g_array_sort(all, date_cmp);
    GArray *out = g_array_new(FALSE, FALSE, sizeof(cm_date_t));
    for (guint i = 0; i < all->len; i++) {
        const cm_date_t *d = &g_array_index(all, cm_date_t, i);
        if (out->len &&
            cm_date_first_day(&g_array_index(out, cm_date_t, out->len - 1)) == cm_date_first_day(d))
            continue;
        g_array_append_val(out, *d);
    }
    g_array_unref(all);
    return out;
}

/* ---- per-country facts ---- */

typedef struct {
    const cm_country_t *country;
    cm_date_t first;   /* earliest start over all rows */
    bool active;       /* some row in force */
    cm_date_t since;   /* earliest start over the rows in force */
    const char *group; /* group of the first row in force */
} country_t;

static const char *
item_group(const cm_dataset_t *data, const cm_item_t *it)
{
    return it->group ? it->group : cm_dataset_get_entity(data, it->entity)->group;
}

/* One country_t per matched data country, in order of first row. */
static GArray *
gather(const cm_dataset_t *data, const cm_map_match_t *match, const cm_map_opts_t *opts)
{
    GArray *cs = g_array_new(FALSE, TRUE, sizeof(country_t));
    GHashTable *index = g_hash_table_new(NULL, NULL);
    for (int i = 0; i < cm_dataset_n_items(data); i++) {
        const cm_item_t *it = cm_dataset_get_item(data, i);
        const cm_country_t *c = cm_map_match_entity(match, it->entity);
        if (!c)
            continue;
        gpointer v = g_hash_table_lookup(index, c);
        if (!v) {
            country_t fresh = {.country = c, .first = it->start};
            g_array_append_val(cs, fresh);
            v = GINT_TO_POINTER(cs->len);
            g_hash_table_insert(index, (gpointer)c, v);
        }
        country_t *ct = &g_array_index(cs, country_t, GPOINTER_TO_INT(v) - 1);
        if (cm_date_compare(&it->start, &ct->first) < 0)
            ct->first = it->start;
        if (opts->has_as_of && !cm_item_in_force(it, &opts->as_of))
            continue;
        if (!ct->active || cm_date_compare(&it->start, &ct->since) < 0)
            ct->since = it->start;
        if (!ct->active)
            ct->group = item_group(data, it);
        ct->active = true;
    }
    g_hash_table_unref(index);
    return cs;
}

static int
add_class(cm__map_classes_t *cl, char *label, cm_color_t color)
{
    g_ptr_array_add(cl->labels, label);
    g_array_append_val(cl->colors, color);
    return (int)cl->labels->len - 1;
}

static void
classes_by_group(cm__map_classes_t *cl, const cm_dataset_t *data, GArray *cs,
                 const cm_style_t *style)
{
    /* Groups in order of first appearance in the file (all rows: a stable legend). */
    GHashTable *by_name = g_hash_table_new(g_str_hash, g_str_equal);
    bool any = false;
    for (int i = 0; i < cm_dataset_n_items(data); i++)
        any |= item_group(data, cm_dataset_get_item(data, i)) != NULL;
    for (int i = 0; i < cm_dataset_n_items(data) && any; i++) {
        const char *g = item_group(data, cm_dataset_get_item(data, i));
        if (!g || g_hash_table_contains(by_name, g) || (int)cl->labels->len >= MAX_CLASSES)
            continue;
        int k = add_class(cl, g_strdup(g), cm_style_palette(style, (int)cl->labels->len));
        g_hash_table_insert(by_name, (gpointer)g, GINT_TO_POINTER(k + 1));
    }
    if ((int)cl->labels->len > style->palette_len && style->palette_len > 0)
        cl->wrapped = true;
    int none = -1;
    for (guint i = 0; i < cs->len; i++) {
        country_t *c = &g_array_index(cs, country_t, i);
        if (!c->active)
            continue;
        int k = c->group ? GPOINTER_TO_INT(g_hash_table_lookup(by_name, c->group)) - 1 : -1;
        if (k < 0 && c->group)
            k = (int)cl->labels->len - 1; /* past the class cap: share the last class */
        if (k < 0) {
            if (none < 0)
                none = add_class(cl, g_strdup(any ? "Other" : "In the data"),
                                 cm_style_palette(style, (int)cl->labels->len));
            k = none;
        }
        g_hash_table_insert(cl->country, (gpointer)c->country, GINT_TO_POINTER(k + 1));
    }
    g_hash_table_unref(by_name);
}

/* Bin starts (first days) and labels for date colouring. */
static int
make_bins(const cm_map_opts_t *opts, GArray *cs, const char *lang, int64_t *starts, char **labels)
{
    GArray *firsts = g_array_new(FALSE, FALSE, sizeof(cm_date_t));
    for (guint i = 0; i < cs->len; i++)
        g_array_append_val(firsts, g_array_index(cs, country_t, i).first);
    g_array_sort(firsts, date_cmp);
    int n = 0;
    cm_map_bins_t kind = opts->bins;
    if (kind == CM_MAP_BINS_AUTO) {
        int distinct = 0;
        for (guint i = 0; i < firsts->len; i++)
            distinct += i == 0 || cm_date_first_day(&g_array_index(firsts, cm_date_t, i)) !=
                                      cm_date_first_day(&g_array_index(firsts, cm_date_t, i - 1));
        kind = distinct <= AUTO_MAX_ROUNDS ? CM_MAP_BINS_ROUNDS : CM_MAP_BINS_DECADES;
    }
    if (kind == CM_MAP_BINS_ROUNDS) {
        for (guint i = 0; i < firsts->len && n < MAX_CLASSES; i++) {
            const cm_date_t *d = &g_array_index(firsts, cm_date_t, i);
            if (n && starts[n - 1] == cm_date_first_day(d))
                continue;
            starts[n] = cm_date_first_day(d);
            bool same_year = false;
            for (guint j = 0; j < firsts->len; j++) {
                const cm_date_t *o = &g_array_index(firsts, cm_date_t, j);
                same_year |= o->year == d->year && cm_date_first_day(o) != starts[n];
            }
            labels[n++] = same_year ? cm_date_format(d, lang) : g_strdup_printf("%d", d->year);
        }
    } else if (kind == CM_MAP_BINS_DECADES) {
        for (guint i = 0; i < firsts->len && n < MAX_CLASSES; i++) {
            int32_t y = g_array_index(firsts, cm_date_t, i).year;
            int32_t dec = y >= 0 ? y / 10 * 10 : -((-y + 9) / 10 * 10);
            int64_t day = cm_days_from_civil(dec, 1, 1);
            if (n && starts[n - 1] == day)
                continue;
            starts[n] = day;
            labels[n++] = g_strdup_printf("%ds", dec);
        }
    } else {
        int64_t earliest =
            firsts->len ? cm_date_first_day(&g_array_index(firsts, cm_date_t, 0)) : G_MAXINT64;
        int y0 = opts->bin_years[0];
        if (earliest < cm_days_from_civil(y0, 1, 1)) {
            starts[n] = G_MININT64;
            labels[n++] = g_strdup_printf("before %d", y0);
        }
        for (int i = 0; i < opts->n_bin_years; i++) {
            starts[n] = cm_days_from_civil(opts->bin_years[i], 1, 1);
            labels[n++] = i + 1 < opts->n_bin_years ? g_strdup_printf("%d–%d", opts->bin_years[i],
                                                                      opts->bin_years[i + 1] - 1)
                                                    : g_strdup_printf("%d–", opts->bin_years[i]);
        }
    }
    g_array_unref(firsts);
    return n;
}

/* Bin I of N on the style's sequential ramp (palette.sequential, from the least emphasis
 * to the most): the earliest bin (the founders) on its last stop, the latest on its first,
 * a single bin at 60%. The default, ColorBrewer YlGnBu light to dark, gives the colours
 * this map always had. */
static cm_color_t
bin_color(const cm_style_t *style, int i, int n)
{
    return cm_style_sequential(style, n == 1 ? 0.6 : 1.0 - (double)i / (n - 1));
}

static void
classes_by_date(cm__map_classes_t *cl, GArray *cs, const cm_map_opts_t *opts,
                const cm_style_t *style, const char *lang)
{
    int64_t starts[MAX_CLASSES];
    char *labels[MAX_CLASSES];
    int n = make_bins(opts, cs, lang, starts, labels);
    for (int i = 0; i < n; i++)
        add_class(cl, labels[i], bin_color(style, i, n));
    for (guint i = 0; i < cs->len; i++) {
        country_t *c = &g_array_index(cs, country_t, i);
        if (!c->active || n == 0)
            continue;
        int64_t day = cm_date_first_day(&c->since);
        int k = 0;
        while (k + 1 < n && starts[k + 1] <= day)
            k++;
        g_hash_table_insert(cl->country, (gpointer)c->country, GINT_TO_POINTER(k + 1));
    }
}

/* Drops the classes no country has, keeping the others' order and colours. */
static void
keep_used_classes(cm__map_classes_t *cl)
{
    guint n = cl->labels->len;
    int *renum = g_new(int, MAX(n, 1));
    for (guint k = 0; k < n; k++)
        renum[k] = -1;
    GHashTableIter it;
    gpointer key, v;
    g_hash_table_iter_init(&it, cl->country);
    while (g_hash_table_iter_next(&it, &key, &v))
        renum[GPOINTER_TO_INT(v) - 1] = 0;
    GPtrArray *labels = g_ptr_array_new_with_free_func(g_free);
    GArray *colors = g_array_new(FALSE, FALSE, sizeof(cm_color_t));
    for (guint k = 0; k < n; k++) {
        if (renum[k] < 0)
            continue;
        renum[k] = (int)labels->len;
        g_ptr_array_add(labels, g_strdup(g_ptr_array_index(cl->labels, k)));
        g_array_append_val(colors, g_array_index(cl->colors, cm_color_t, k));
    }
    g_hash_table_iter_init(&it, cl->country);
    while (g_hash_table_iter_next(&it, &key, &v))
        g_hash_table_iter_replace(&it, GINT_TO_POINTER(renum[GPOINTER_TO_INT(v) - 1] + 1));
    g_ptr_array_unref(cl->labels);
    g_array_unref(cl->colors);
    cl->labels = labels;
    cl->colors = colors;
    g_free(renum);
}

bool
cm__map_classes_init(cm__map_classes_t *cl, const cm_dataset_t *data, const cm_map_match_t *match,
                     const cm_style_t *style, const cm_map_opts_t *opts, const char *lang,
                     GError **error)
{
    memset(cl, 0, sizeof *cl);
    if (opts->color_by == CM_MAP_COLOR_DATE && opts->bins == CM_MAP_BINS_YEARS) {
        bool ok = opts->n_bin_years > 0 && opts->n_bin_years <= CM_MAP_MAX_BINS;
        for (int i = 1; ok && i < opts->n_bin_years; i++)
            ok = opts->bin_years[i] > opts->bin_years[i - 1];
        if (!ok) {
            g_set_error(error, CM_ERROR, CM_ERROR_USAGE,
                        "bins must be 1 to %d years in ascending order", CM_MAP_MAX_BINS);
            return false;
        }
    }
    cl->labels = g_ptr_array_new_with_free_func(g_free);
    cl->colors = g_array_new(FALSE, FALSE, sizeof(cm_color_t));
    cl->country = g_hash_table_new(NULL, NULL);
    GArray *cs = gather(data, match, opts);
    if (opts->color_by == CM_MAP_COLOR_GROUP)
        classes_by_group(cl, data, cs, style);
    else
        classes_by_date(cl, cs, opts, style, lang);
    g_array_unref(cs);
    if (opts->has_as_of && !opts->legend_all_classes)
        keep_used_classes(cl);
    return true;
}

void
cm__map_classes_release(cm__map_classes_t *cl)
{
    if (cl->labels)
        g_ptr_array_unref(cl->labels);
    if (cl->colors)
        g_array_unref(cl->colors);
    if (cl->country)
        g_hash_table_unref(cl->country);
    memset(cl, 0, sizeof *cl);
}

int
cm__map_class_of(const cm__map_classes_t *cl, const cm_country_t *c)
{
    return GPOINTER_TO_INT(g_hash_table_lookup(cl->country, c)) - 1;
}
