/* cm_alt.c — alt text from the data: facts first, then words.
 *
 * Facts come from one pass over the dataset: each entity's first start (its
 * "joining"), which of its spans are open or ended, the latest change, and
 * the groups (the group column, else start years) ordered by their earliest
 * start. Words are small per-language templates filled with those facts, so
 * every number in the text is computed, never typed in. Dates are written in
 * full ("7 March 2024"), as running text wants them, not the abbreviated
 * labels of the figure.
 */
#include "cm_alt.h"

#include <string.h>

#include "../model/cm_lang.h"

/* ---- facts ------------------------------------------------------------- */

void
cm_alt_facts_init(cm_alt_facts_t *f)
{
    memset(f, 0, sizeof *f);
    f->groups = g_array_new(FALSE, TRUE, sizeof(cm_alt_group_t));
}

void
cm_alt_facts_release(cm_alt_facts_t *f)
{
    if (f->groups)
        g_array_free(f->groups, TRUE);
    f->groups = NULL;
}

/* True when IT has started by AS_OF (every item when there is no AS_OF). */
static bool
counted(const cm_item_t *it, const cm_date_t *as_of)
{
    return !as_of || cm_item_in_force_from(it) <= cm_date_first_day(as_of);
}

/* Adds START to the group NAME (or the start's year when NAME is NULL). */
static void
add_to_group(GArray *groups, const char *name, const cm_date_t *start)
{
    for (guint i = 0; i < groups->len; i++) {
        cm_alt_group_t *g = &g_array_index(groups, cm_alt_group_t, i);
        bool same = name ? (g->name && strcmp(g->name, name) == 0)
                         : (!g->name && g->first.year == start->year);
        if (!same)
            continue;
        g->count++;
        if (cm_date_compare(start, &g->first) < 0)
            g->first = *start;
        if (cm_date_compare(start, &g->last) > 0)
            g->last = *start;
        return;
    }
    cm_alt_group_t g = {name, 1, *start, *start};
    if (!name) { /* a year group is named by its year alone */
        g.first = g.last = (cm_date_t){.year = start->year, .prec = CM_PREC_YEAR};
    }
    g_array_append_val(groups, g);
}

static gint
cmp_groups(gconstpointer a, gconstpointer b)
{
    const cm_alt_group_t *ga = a, *gb = b;
    return cm_date_compare(&ga->first, &gb->first);
}

/* The later of A and B by last day. */
static void
keep_latest(cm_date_t *latest, bool *any, const cm_date_t *d)
{
    if (!*any || cm_date_end_day(d) > cm_date_end_day(latest))
        *latest = *d;
    *any = true;
}

void
cm_alt_facts_from_dataset(cm_alt_facts_t *f, const cm_dataset_t *ds, const cm_date_t *as_of)
{
    g_return_if_fail(f && f->groups && ds);
    g_array_set_size(f->groups, 0);
    int n_ent = cm_dataset_n_entities(ds);
    f->members = false;
    for (int i = 0; i < cm_dataset_n_items(ds); i++)
        f->members |= cm_dataset_get_item(ds, i)->kind == CM_ITEM_SPAN;

    /* Per entity: first start, and whether any span is still running. */
    cm_date_t *first = g_new0(cm_date_t, MAX(n_ent, 1));
    bool *has = g_new0(bool, MAX(n_ent, 1));
    bool any_group = false, any_latest = false, any_first = false;
    cm_date_t latest = {0}, earliest = {0};
    const cm_item_t *latest_item = NULL;
    int64_t state_day = INT64_MIN; /* the last first day something came in or went out */
    f->n_items = 0;
    for (int i = 0; i < cm_dataset_n_items(ds); i++) {
        const cm_item_t *it = cm_dataset_get_item(ds, i);
        if (!counted(it, as_of))
            continue;
        f->n_items++;
        if (!has[it->entity] || cm_date_compare(&it->start, &first[it->entity]) < 0)
            first[it->entity] = it->start;
        has[it->entity] = true;
        any_group |= it->group != NULL;
        if (!any_first || cm_date_compare(&it->start, &earliest) < 0)
            earliest = it->start;
        any_first = true;
        if (!latest_item || cm_date_compare(&it->start, &latest_item->start) >= 0)
            latest_item = it;
        keep_latest(&latest, &any_latest, &it->start);
        int64_t until = cm_item_in_force_until(it);
        bool ended = until != CM_DAY_NEVER && (!as_of || until <= cm_date_first_day(as_of));
        if (ended)
            keep_latest(&latest, &any_latest, &it->end);
        state_day = MAX(state_day, ended ? until : cm_item_in_force_from(it));
    }
    f->empty = f->n_items == 0;
    f->from = earliest;
    f->to = latest;
    f->since = latest;
    f->latest_label = NULL;
    if (latest_item && !f->members)
        f->latest_label = latest_item->label ? latest_item->label
                                             : cm_dataset_get_entity(ds, latest_item->entity)->name;

    /* Members on the as-of day, else on the day of the last change: an entity with a
     * span in force on that day (the map colours by the same rule on the same day). */
    int64_t day = as_of ? cm_date_first_day(as_of) : state_day;
    f->n_entities = f->current = f->n_left = 0;
    bool *active = g_new0(bool, MAX(n_ent, 1));
    for (int i = 0; i < cm_dataset_n_items(ds); i++) {
        const cm_item_t *it = cm_dataset_get_item(ds, i);
        if (!counted(it, as_of) || it->kind != CM_ITEM_SPAN)
            continue;
        active[it->entity] |= cm_item_in_force_on(it, day);
    }
    for (int e = 0; e < n_ent; e++) {
        if (!has[e])
            continue;
        f->n_entities++;
        if (f->members) {
            f->current += active[e];
            f->n_left += !active[e];
        }
    }

    /* Groups: members by entity (their first start), events by item. */
    if (f->members) {
        for (int e = 0; e < n_ent; e++)
            if (has[e])
                add_to_group(f->groups, any_group ? cm_dataset_get_entity(ds, e)->group : NULL,
                             &first[e]);
    } else if (any_group) {
        for (int i = 0; i < cm_dataset_n_items(ds); i++) {
            const cm_item_t *it = cm_dataset_get_item(ds, i);
            if (counted(it, as_of))
                add_to_group(f->groups, it->group ? it->group : "", &it->start);
        }
    }
    /* A lone unnamed group says nothing. */
    if (f->groups->len == 1 && g_array_index(f->groups, cm_alt_group_t, 0).name &&
        !*g_array_index(f->groups, cm_alt_group_t, 0).name)
        g_array_set_size(f->groups, 0);
    g_array_sort(f->groups, cmp_groups); /* stable in GLib >= 2.32 */
    g_free(active);
    g_free(has);
    g_free(first);
}

/* ---- words ------------------------------------------------------------- */

static const char *const month_long[][12] = {
    [CM_LANG_EN] = {"January", "February", "March", "April", "May", "June", "July", "August",
                    "September", "October", "November", "December"},
    [CM_LANG_DE] = {"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
                    "September", "Oktober", "November", "Dezember"},
    [CM_LANG_FR] = {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
                    "septembre", "octobre", "novembre", "décembre"},
};

char *
cm_alt_date(const cm_date_t *d, const char *lang)
{
    cm_lang_t l = cm_lang_of(lang);
    if (l == CM_LANG_KO || l == CM_LANG_JA || d->prec == CM_PREC_NONE ||
        d->prec == CM_PREC_QUARTER || d->year <= 0)
        return cm_date_format(d, lang); /* already in full */
    static const char *const approx[] = {
        [CM_LANG_EN] = "c. ", [CM_LANG_DE] = "ca. ", [CM_LANG_FR] = "vers "};
    GString *s = g_string_new(d->approx ? approx[l] : "");
    if (d->prec >= CM_PREC_DAY) {
        if (l == CM_LANG_DE)
            g_string_append_printf(s, "%u. ", d->day);
        else if (l == CM_LANG_FR && d->day == 1)
            g_string_append(s, "1er ");
        else
            g_string_append_printf(s, "%u ", d->day);
    }
    if (d->prec >= CM_PREC_MONTH)
        g_string_append_printf(s, "%s ", month_long[l][d->month - 1]);
    g_string_append_printf(s, "%d", (int)d->year);
    return g_string_free(s, FALSE);
}

/* The year of D as a reader of L writes it: "1949", "1949년", "27 BC", "27 v. Chr.",
 * "기원전 27년" (never the astronomical -26). */
static char *
year_text(const cm_date_t *d, cm_lang_t l)
{
    cm_date_t y = {.year = d->year, .prec = CM_PREC_YEAR};
    return cm_date_format(&y, cm_lang_code(l));
}

/* Year or year range of a group: "1949", "1999–2004", "27 BC"; with the CJK counter. */
static char *
period(const cm_alt_group_t *g, cm_lang_t l)
{
    char *a = year_text(&g->first, l);
    if (g->first.year == g->last.year)
        return a;
    char *b = year_text(&g->last, l);
    char *p = g_strdup_printf("%s–%s", a, b);
    g_free(a);
    g_free(b);
    return p;
}

typedef struct {
    const char *kind[4];    /* by cm_alt_kind_t */
    const char *span;       /* "%s to %s" (years) */
    const char *members[2]; /* one, many */
    const char *events[2];
    const char *groups; /* "in %d groups" */
    const char *sep, *last_sep, *colon, *stop;
} words_t;

static const words_t WORDS[] = {
    [CM_LANG_EN] = {{"Timeline", "Timeline of events", "Step chart of the number of members",
                     "Map"},
                    "%s to %s",
                    {"member", "members"},
                    {"event", "events"},
                    " in %d groups",
                    ", ",
                    " and ",
                    ": ",
                    ". "},
    [CM_LANG_DE] = {{"Zeitleiste", "Zeitleiste der Ereignisse", "Stufendiagramm der Mitgliederzahl",
                     "Karte"},
                    "%s bis %s",
                    {"Mitglied", "Mitglieder"},
                    {"Ereignis", "Ereignisse"},
                    " in %d Gruppen",
                    ", ",
                    " und ",
                    ": ",
                    ". "},
    [CM_LANG_FR] = {{"Frise chronologique", "Frise chronologique des événements",
                     "Graphique en escalier du nombre de membres", "Carte"},
                    "de %s à %s",
                    {"membre", "membres"},
                    {"événement", "événements"},
                    " en %d groupes",
                    ", ",
                    " et ",
                    " : ",
                    ". "},
    [CM_LANG_KO] = {{"타임라인", "사건 타임라인", "회원 수 계단형 차트", "지도"},
                    "%s–%s",
                    {"회원", "회원"},
                    {"사건", "사건"},
                    ", 그룹 %d개",
                    ", ",
                    ", ",
                    ": ",
                    ". "},
    [CM_LANG_JA] = {{"タイムライン", "出来事のタイムライン", "メンバー数の階段グラフ", "地図"},
                    "%s～%s",
                    {"メンバー", "メンバー"},
                    {"出来事", "出来事"},
                    "、グループ%d",
                    "、",
                    "、",
                    "：",
                    "。"},
};

/* "Timeline, 1949 to 2024: How NATO grew. " */
static void
append_lead(GString *s, const cm_alt_facts_t *f, cm_lang_t l)
{
    const words_t *w = &WORDS[l];
    g_string_append(s, w->kind[f->kind]);
    if (!f->empty) {
        char *a = year_text(&f->from, l), *b = year_text(&f->to, l);
        g_string_append(s, l == CM_LANG_JA ? "、" : ", ");
        if (f->from.year == f->to.year)
            g_string_append(s, a);
        else
            g_string_append_printf(s, w->span, a, b);
        g_free(a);
        g_free(b);
    }
    if (f->title && *f->title) {
        g_string_append(s, w->colon);
        g_string_append(s, f->title);
    }
    g_string_append(s, w->stop);
}

/* "32 members in 11 groups" (en, de, fr) or "회원 32, 그룹 11개" (ko, ja). */
static void
append_count(GString *s, const cm_alt_facts_t *f, cm_lang_t l, int n, bool with_groups)
{
    const words_t *w = &WORDS[l];
    const char *const *noun = f->members ? w->members : w->events;
    if (l == CM_LANG_KO || l == CM_LANG_JA)
        g_string_append_printf(s, "%s %d", noun[1], n);
    else
        g_string_append_printf(s, "%d %s", n, noun[n != 1]);
    if (with_groups)
        g_string_append_printf(s, w->groups, (int)f->groups->len);
}

/* One group: "12 in 1949 (1949 founders)" (en), "1949: 12 (…)" (others);
 * events: "Japan: 10". */
static void
append_group(GString *s, const cm_alt_facts_t *f, const cm_alt_group_t *g, cm_lang_t l)
{
    if (!f->members) {
        g_string_append_printf(s, "%s%s%d", g->name, l == CM_LANG_FR ? " : " : ": ", g->count);
        return;
    }
    char *p = period(g, l);
    if (l == CM_LANG_EN)
        g_string_append_printf(s, "%d in %s", g->count, p);
    else
        g_string_append_printf(s, "%s%s%d", p,
                               l == CM_LANG_FR   ? " : "
                               : l == CM_LANG_JA ? " "
                                                 : ": ",
                               g->count);
    char *plain = period(g, CM_LANG_EN);
    bool named = g->name && *g->name && strcmp(g->name, p) != 0 && strcmp(g->name, plain) != 0;
    g_free(plain);
    if (named)
        g_string_append_printf(s, l == CM_LANG_JA ? "（%s）" : " (%s)", g->name);
    g_free(p);
}

static void
append_groups(GString *s, const cm_alt_facts_t *f, cm_lang_t l)
{
    const words_t *w = &WORDS[l];
    guint n = f->groups->len, shown = MIN(n, CM_ALT_MAX_GROUPS);
    for (guint i = 0; i < shown; i++) {
        if (i > 0)
            g_string_append(s, i + 1 == shown && shown == n ? w->last_sep : w->sep);
        append_group(s, f, &g_array_index(f->groups, cm_alt_group_t, i), l);
    }
    if (shown < n) {
        static const char *const more[] = {[CM_LANG_EN] = " and %u more",
                                           [CM_LANG_DE] = " und %u weitere",
                                           [CM_LANG_FR] = " et %u autres",
                                           [CM_LANG_KO] = " 외 %u개",
                                           [CM_LANG_JA] = "、ほか%u"};
        g_string_append_printf(s, more[l], n - shown);
    }
}

/* "32 members since 7 March 2024" and who left. */
static void
append_state(GString *s, const cm_alt_facts_t *f, cm_lang_t l)
{
    char *since = cm_alt_date(&f->since, cm_lang_code(l));
    if (f->members) {
        switch (l) {
        case CM_LANG_EN:
            g_string_append_printf(s, "%d %s since %s", f->current,
                                   f->current == 1 ? "member" : "members", since);
            if (f->n_left)
                g_string_append_printf(s, "; %d no longer %s", f->n_left,
                                       f->n_left == 1 ? "is" : "are");
            break;
        case CM_LANG_DE:
            g_string_append_printf(s, "%d %s seit dem %s", f->current,
                                   f->current == 1 ? "Mitglied" : "Mitglieder", since);
            if (f->n_left)
                g_string_append_printf(s, "; %d ausgetreten", f->n_left);
            break;
        case CM_LANG_FR:
            g_string_append_printf(s, "%d %s depuis le %s", f->current,
                                   f->current == 1 ? "membre" : "membres", since);
            if (f->n_left)
                g_string_append_printf(s, " ; %d sorti%s", f->n_left, f->n_left == 1 ? "" : "s");
            break;
        case CM_LANG_KO:
            g_string_append_printf(s, "%s 이후 회원 %d", since, f->current);
            if (f->n_left)
                g_string_append_printf(s, ", 탈퇴 %d", f->n_left);
            break;
        case CM_LANG_JA:
            g_string_append_printf(s, "%s以降のメンバー数は%d", since, f->current);
            if (f->n_left)
                g_string_append_printf(s, "、脱退%d", f->n_left);
            break;
        }
    } else if (f->latest_label) {
        static const char *const latest[] = {[CM_LANG_EN] = "the latest on %s: %s",
                                             [CM_LANG_DE] = "das letzte am %s: %s",
                                             [CM_LANG_FR] = "le dernier le %s : %s",
                                             [CM_LANG_KO] = "마지막 사건(%s): %s",
                                             [CM_LANG_JA] = "最新（%s）：%s"};
        g_string_append_printf(s, latest[l], since, f->latest_label);
    }
    g_free(since);
}

char *
cm_alt_text(const cm_alt_facts_t *f)
{
    g_return_val_if_fail(f && f->groups, NULL);
    cm_lang_t l = cm_lang_of(f->lang);
    const words_t *w = &WORDS[l];
    GString *s = g_string_new(NULL);
    append_lead(s, f, l);
    if (f->empty) {
        static const char *const none[] = {[CM_LANG_EN] = "No dated entries.",
                                           [CM_LANG_DE] = "Keine datierten Einträge.",
                                           [CM_LANG_FR] = "Aucune entrée datée.",
                                           [CM_LANG_KO] = "날짜가 있는 항목이 없습니다.",
                                           [CM_LANG_JA] = "日付のある項目はありません。"};
        g_string_append(s, none[l]);
        return g_string_free(s, FALSE);
    }
    int n = f->members ? f->n_entities : f->n_items;
    append_count(s, f, l, n, f->groups->len > 1);
    if (f->groups->len > 0) {
        g_string_append(s, w->colon);
        append_groups(s, f, l);
    }
    g_string_append(s, l == CM_LANG_JA ? "。" : l == CM_LANG_FR ? " ; " : "; ");
    append_state(s, f, l);
    g_string_append(s, l == CM_LANG_JA ? "。" : ".");
    return g_string_free(s, FALSE);
}

char *
cm_alt_timeline(const cm_dataset_t *data, const cm_timeline_opts_t *o, const char *lang)
{
    cm_alt_facts_t f;
    cm_alt_facts_init(&f);
    cm_alt_facts_from_dataset(&f, data, o->has_to ? &o->to : NULL);
    f.kind = o->kind == CM_TIMELINE_AXIS   ? CM_ALT_AXIS
             : o->kind == CM_TIMELINE_STEP ? CM_ALT_STEP
                                           : CM_ALT_LANES;
    f.title = o->title;
    f.lang = lang;
    char *text = cm_alt_text(&f);
    cm_alt_facts_release(&f);
    return text;
}
