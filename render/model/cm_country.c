/* cm_country.c — the country table: built once from iso-codes, then only read.
 *
 * Loading reads ISO 3166-1 and ISO 3166-3 from iso-codes' JSON files
 * (cm_country_iso.c), appends the private entries of cm_country_data.c, indexes
 * codes and numbers, then every English name, alias and derived form ("Korea,
 * Republic of" also as "Republic of Korea", "Holy See (Vatican City State)"
 * also as "Holy See" and "Vatican City State") under its matching key
 * (cm_country_key.c) with a priority, so a curated alias beats an ISO name,
 * which beats a former country's name, which beats a translation. Then each
 * gettext catalogue (cm_country_mo.c) adds its translations, keyed by the
 * English msgid they translate, and remembers one display name per country and
 * language. The result is immutable; lookups only read hash tables.
 */
#include "cm_country_private.h"

#include <string.h>

#include "cm_lang.h"
#include "util/cm_error.h"

/* Priorities of name sources, strongest first. */
enum {
    P_ALIAS,
    P_EN,
    P_EN_DERIVED,
    P_HIST,
    P_HIST_DERIVED,
    P_TRANS,
    P_TRANS_DERIVED,
    P_HIST_TRANS,
};

/* A name slot packs priority and entry index + 1 into one word; an index of
 * SLOT_AMBIGUOUS marks a key two entries claim at the same priority. */
#define SLOT_SHIFT 20
#define SLOT_MASK ((1u << SLOT_SHIFT) - 1)
#define SLOT_AMBIGUOUS SLOT_MASK

typedef struct {
    char *code;         /* owned: "ko", "pt_BR" */
    const char **names; /* owned array of count entries; strings in the trans_t's chunk */
} lang_t;

/* Matching keys and their slots. */
typedef struct {
    GHashTable *names;  /* key (in keys) -> packed slot */
    GStringChunk *keys; /* the matching keys of names */
} name_index_t;

/* What the gettext catalogues add. Built on first need (most maps match every row by code
 * or English name and label in English, and never need it), then read-only. Its keys have
 * only translation priorities, all weaker than every key of the table's own index, so a
 * lookup that finds the key there never needs this one: the two together are the one
 * table the header describes. */
typedef struct {
    /* owned */
    GStringChunk *strings; /* translations and their label forms */
    name_index_t index;
    GPtrArray *langs;         /* lang_t *, sorted by code */
    GHashTable *lang_by_code; /* lang->code -> lang_t * */
} trans_t;

struct cm_countries {
    /* owned */
    GStringChunk *strings;
    cm_country_t *entries;
    int n;
    GHashTable *codes;    /* upper-case code (in strings) -> cm_country_t * */
    GHashTable *numerics; /* GINT_TO_POINTER(numeric) -> cm_country_t * */
    name_index_t index;   /* English names, aliases, former countries */
    char *locale_dir;     /* where the catalogues are */
    char **languages;     /* the language codes asked for ("*": all), NULL-terminated */
    /* built once on first need, behind g_once_init_enter (see translations()) */
    trans_t *trans;
};

/* ---- building ---- */

static const char *
intern(cm_countries_t *cs, const char *s)
{
    return s && *s ? g_string_chunk_insert_const(cs->strings, s) : NULL;
}

static void
add_key(name_index_t *ix, const char *key, int idx, int prio)
{
    gpointer old, stored;
    guint slot = ((guint)prio << SLOT_SHIFT) | (guint)(idx + 1);
    if (!g_hash_table_lookup_extended(ix->names, key, &stored, &old)) {
        g_hash_table_insert(ix->names, g_string_chunk_insert(ix->keys, key),
                            GUINT_TO_POINTER(slot));
        return;
    }
    guint o = GPOINTER_TO_UINT(old);
    int oprio = (int)(o >> SLOT_SHIFT);
    if (oprio < prio || (o & SLOT_MASK) == (guint)(idx + 1))
        return;
    if (oprio == prio)
        slot = ((guint)prio << SLOT_SHIFT) | SLOT_AMBIGUOUS;
    g_hash_table_insert(ix->names, stored, GUINT_TO_POINTER(slot));
}

static void
add_name_raw(name_index_t *ix, const char *name, int idx, int prio)
{
    char *key = cm__country_key(name);
    if (key)
        add_key(ix, key, idx, prio);
    g_free(key);
}

/* Adds NAME at PRIO and its derived forms at PRIO + 1: the part before and the
 * part inside a parenthesis, and "B A" for "A, B". */
static void
add_name(name_index_t *ix, const char *name, int idx, int prio)
{
    if (!name)
        return;
    add_name_raw(ix, name, idx, prio);
    const char *open = strstr(name, "(");
    const char *wide = strstr(name, "\xEF\xBC\x88"); /* U+FF08 FULLWIDTH LEFT PARENTHESIS */
    if (!open || (wide && wide < open))
        open = wide;
    if (open) {
        char *before = g_strndup(name, (gsize)(open - name));
        add_name_raw(ix, before, idx, prio + 1);
        const char *in = open + (*open == '(' ? 1 : 3);
        const char *close = strstr(in, *open == '(' ? ")" : "\xEF\xBC\x89");
        char *inside = close ? g_strndup(in, (gsize)(close - in)) : g_strdup(in);
        add_name_raw(ix, inside, idx, prio + 1);
        g_free(before);
        g_free(inside);
    }
    const char *comma = strstr(name, ", ");
    if (comma && !open) {
        char *a = g_strndup(name, (gsize)(comma - name));
        char *inverted = g_strconcat(comma + 2, " ", a, NULL);
        add_name_raw(ix, inverted, idx, prio + 1);
        g_free(inverted);
        g_free(a);
    }
}

static int
parse_numeric(const char *s)
{
    if (!s)
        return -1;
    while (*s == ' ' || *s == '\t')
        s++;
    int v = 0, digits = 0;
    for (; g_ascii_isdigit(*s); s++, digits++)
        v = v * 10 + (*s - '0');
    while (*s == ' ' || *s == '\t')
        s++;
    return digits >= 1 && digits <= 3 && !*s ? v : -1;
}

static bool
load_iso_file(cm_countries_t *cs, GArray *entries, const char *dir, bool historic, GError **error)
{
    const char *file = historic ? "iso_3166-3.json" : "iso_3166-1.json";
    char *path = g_build_filename(dir, file, NULL);
    cm__iso_rows_t rows;
    bool ok = cm__iso_rows_init(&rows, path, historic ? "3166-3" : "3166-1", error);
    for (guint i = 0; ok && i < rows.rows->len; i++) {
        const char *const *f = g_array_index(rows.rows, cm__iso_row_t, i).field;
        if (!f[CM__ISO_ALPHA2] || !f[CM__ISO_ALPHA3] || !f[CM__ISO_NAME] ||
            (historic && !f[CM__ISO_ALPHA4])) {
            g_set_error(error, CM_ERROR, CM_ERROR_DATA,
                        "%s: entry %u lacks alpha_2, alpha_3%s or name", file, i + 1,
                        historic ? ", alpha_4" : "");
            ok = false;
            break;
        }
        cm_country_t c = {
            .alpha2 = intern(cs, f[CM__ISO_ALPHA2]),
            .alpha3 = intern(cs, f[CM__ISO_ALPHA3]),
            .alpha4 = historic ? intern(cs, f[CM__ISO_ALPHA4]) : NULL,
            .name = intern(cs, f[CM__ISO_NAME]),
            .official_name = intern(cs, f[CM__ISO_OFFICIAL_NAME]),
            .common_name = intern(cs, f[CM__ISO_COMMON_NAME]),
            .withdrawn = intern(cs, f[CM__ISO_WITHDRAWN]),
            .numeric = parse_numeric(f[CM__ISO_NUMERIC]),
            .kind = historic ? CM_COUNTRY_HISTORIC : CM_COUNTRY_ISO,
        };
        g_array_append_val(entries, c);
    }
    cm__iso_rows_release(&rows);
    g_free(path);
    return ok;
}

static void
add_privates(cm_countries_t *cs, GArray *entries)
{
    for (const cm__country_private_t *p = cm__country_privates; p->id; p++) {
        cm_country_t c = {
            .id = intern(cs, p->id),
            .alpha2 = intern(cs, p->alpha2),
            .alpha3 = intern(cs, p->alpha3),
            .name = intern(cs, p->name),
            .official_name = intern(cs, p->official_name),
            .display = intern(cs, p->display),
            .numeric = -1,
            .kind = p->alpha2 ? CM_COUNTRY_ISO : CM_COUNTRY_PRIVATE,
        };
        g_array_append_val(entries, c);
    }
}

static void
add_code(cm_countries_t *cs, const char *code, cm_country_t *c)
{
    if (!code)
        return;
    char *up = g_ascii_strup(code, -1);
    if (!g_hash_table_contains(cs->codes, up))
        g_hash_table_insert(cs->codes, (gpointer)intern(cs, up), c);
    g_free(up);
}

/* Codes and numbers: current and private entries first, so they keep codes
 * that former countries also had. */
static void
index_codes(cm_countries_t *cs)
{
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < cs->n; i++) {
            cm_country_t *c = &cs->entries[i];
            if ((c->kind == CM_COUNTRY_HISTORIC) != (pass == 1))
                continue;
            if (!c->id) {
                bool taken = g_hash_table_contains(cs->codes, c->alpha3);
                c->id = taken && c->alpha4 ? c->alpha4 : c->alpha3;
            }
            add_code(cs, c->id, c);
            add_code(cs, c->alpha2, c);
            add_code(cs, c->alpha3, c);
            add_code(cs, c->alpha4, c);
            gpointer num = GINT_TO_POINTER(c->numeric);
            if (c->numeric >= 0 && !g_hash_table_contains(cs->numerics, num))
                g_hash_table_insert(cs->numerics, num, c);
        }
}

/* Entry named by a code in the curated tables, where "CS"-style reused
 * codes are avoided by using alpha-4 for former countries. */
static cm_country_t *
table_entry(cm_countries_t *cs, const char *code)
{
    cm_country_t *c = (cm_country_t *)cm_countries_find_code(cs, code);
    if (!c)
        g_warning("cm_country_data.c names unknown code \"%s\"", code);
    return c;
}

static void
set_displays(cm_countries_t *cs)
{
    for (const cm__country_pair_t *p = cm__country_displays; p->code; p++) {
        cm_country_t *c = table_entry(cs, p->code);
        if (c)
            c->display = intern(cs, p->text);
    }
    for (int i = 0; i < cs->n; i++) {
        cm_country_t *c = &cs->entries[i];
        if (c->display)
            continue;
        if (c->common_name) {
            c->display = c->common_name;
        } else if (c->kind == CM_COUNTRY_HISTORIC && strchr(c->name, ',')) {
            char *head = g_strndup(c->name, (gsize)(strchr(c->name, ',') - c->name));
            c->display = intern(cs, head);
            g_free(head);
        } else {
            c->display = c->name;
        }
    }
}

static void
index_names(cm_countries_t *cs)
{
    for (const cm__country_pair_t *p = cm__country_aliases; p->code; p++) {
        cm_country_t *c = table_entry(cs, p->code);
        if (c)
            add_name_raw(&cs->index, p->text, c->index_, P_ALIAS);
    }
    for (int i = 0; i < cs->n; i++) {
        cm_country_t *c = &cs->entries[i];
        int prio = c->kind == CM_COUNTRY_HISTORIC ? P_HIST : P_EN;
        add_name(&cs->index, c->name, i, prio);
        add_name(&cs->index, c->official_name, i, prio);
        add_name(&cs->index, c->common_name, i, prio);
        add_name(&cs->index, c->display, i, prio);
    }
}

/* ---- translations ---- */

static char *
default_locale_dir(const char *iso_codes_dir)
{
    if (iso_codes_dir) {
        char *d = g_build_filename(iso_codes_dir, "..", "..", "locale", NULL);
        if (g_file_test(d, G_FILE_TEST_IS_DIR))
            return d;
        g_free(d);
    }
    return g_strdup(CM_LOCALE_DEFAULT_DIR);
}

/* Every language with an iso_3166-1 catalogue under LOCALE_DIR, sorted. */
static GPtrArray *
list_languages(const char *locale_dir)
{
    GPtrArray *langs = g_ptr_array_new_with_free_func(g_free);
    GDir *dir = g_dir_open(locale_dir, 0, NULL);
    if (!dir)
        return langs;
    const char *name;
    while ((name = g_dir_read_name(dir))) {
        char *mo = g_build_filename(locale_dir, name, "LC_MESSAGES", "iso_3166-1.mo", NULL);
        if (g_file_test(mo, G_FILE_TEST_IS_REGULAR))
            g_ptr_array_add(langs, g_strdup(name));
        g_free(mo);
    }
    g_dir_close(dir);
    g_ptr_array_sort(langs, (GCompareFunc)g_strcmp0);
    return langs;
}

static int
compare_ptr_str(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The label form of translation TR of C's name. Catalogues often write names
 * the way ISO sorts them, "Russie, Fédération de" or "Åland, Îles": turned
 * back ("Fédération de Russie", "Îles Åland") unless the English name is a
 * list ("Bonaire, Sint Eustatius and Saba"); a former country whose English
 * name has a comma too keeps the part before it ("Tschechoslowakei,
 * Tschechoslowakische Sozialistische Republik" → "Tschechoslowakei"). */
static const char *
display_form(trans_t *t, const cm_country_t *c, const char *tr)
{
    const char *comma = strstr(tr, ", ");
    if (!comma)
        return tr;
    const char *en_comma = strstr(c->name, ", ");
    if (en_comma && strstr(en_comma, " and "))
        return tr;
    char *head = g_strndup(tr, (gsize)(comma - tr));
    char *text;
    if (c->kind == CM_COUNTRY_HISTORIC && en_comma) {
        text = head;
        head = NULL;
    } else {
        const char *tail = comma + 2;
        bool elided = g_str_has_suffix(tail, "'") || g_str_has_suffix(tail, "\u2019");
        text = g_strconcat(tail, elided ? "" : " ", head, NULL);
    }
    const char *out = g_string_chunk_insert_const(t->strings, text);
    g_free(head);
    g_free(text);
    return out;
}

/* Map labels in the form a newspaper in that language prints, where the
 * catalogue has only the long official form ("大韓民国 (韓国)", "オーストラリア
 * 連邦"). The long forms still match as input; only the label changes. */
static const struct {
    const char *lang, *alpha2, *label;
} SHORT_LABELS[] = {
    {"ja", "KR", "韓国"},     {"ja", "KP", "北朝鮮"},   {"ja", "AU", "オーストラリア"},
    {"ja", "US", "アメリカ"}, {"ja", "GB", "イギリス"}, {"ja", "RU", "ロシア"},
    {"ja", "CN", "中国"},     {"ja", "TW", "台湾"},     {"ko", "KP", "북한"},
    {"ko", "US", "미국"},     {"ko", "GB", "영국"},     {"ko", "RU", "러시아"},
};

static void
apply_short_labels(const cm_countries_t *cs, trans_t *t, lang_t *lang)
{
    for (size_t i = 0; i < G_N_ELEMENTS(SHORT_LABELS); i++) {
        if (strcmp(SHORT_LABELS[i].lang, lang->code) != 0)
            continue;
        for (int k = 0; k < cs->n; k++)
            if (cs->entries[k].alpha2 && !strcmp(cs->entries[k].alpha2, SHORT_LABELS[i].alpha2)) {
                const char *label = g_string_chunk_insert_const(t->strings, SHORT_LABELS[i].label);
                add_name(&t->index, label, k, P_TRANS);
                lang->names[k] = label;
            }
    }
}

/* Adds the translations of catalogue DOMAIN in LANG. ENGLISH maps msgids to
 * entry index + 1; the entry's display name in LANG is the translation of
 * its common name, else of its name. */
static void
load_catalogue(const cm_countries_t *cs, trans_t *t, lang_t *lang, const char *domain,
               GHashTable *english, int prio)
{
    char *file = g_strconcat(domain, ".mo", NULL);
    char *path = g_build_filename(cs->locale_dir, lang->code, "LC_MESSAGES", file, NULL);
    cm__mo_t mo;
    bool ok = cm__mo_init(&mo, path, NULL);
    g_free(path);
    g_free(file);
    if (!ok)
        return;
    for (int k = 0; k < mo.n; k++) {
        int idx = GPOINTER_TO_INT(g_hash_table_lookup(english, mo.msgid[k])) - 1;
        if (idx < 0 || !strcmp(mo.msgid[k], mo.msgstr[k]))
            continue;
        const cm_country_t *c = &cs->entries[idx];
        const char *tr = g_string_chunk_insert(t->strings, mo.msgstr[k]);
        add_name(&t->index, tr, idx, prio);
        if (c->common_name && !strcmp(mo.msgid[k], c->common_name))
            lang->names[idx] = display_form(t, c, tr);
        else if (!strcmp(mo.msgid[k], c->name) && !lang->names[idx])
            lang->names[idx] = display_form(t, c, tr);
    }
    cm__mo_release(&mo);
}

static void
lang_free(gpointer p)
{
    lang_t *lang = p;
    g_free(lang->code);
    g_free(lang->names);
    g_free(lang);
}

static void
trans_free(trans_t *t)
{
    if (!t)
        return;
    g_hash_table_destroy(t->lang_by_code);
    g_ptr_array_free(t->langs, TRUE);
    g_hash_table_destroy(t->index.names);
    g_string_chunk_free(t->index.keys);
    g_string_chunk_free(t->strings);
    g_free(t);
}

/* Reads the catalogues of the languages the table was loaded for. */
static trans_t *
load_translations(const cm_countries_t *cs)
{
    trans_t *t = g_new0(trans_t, 1);
    t->strings = g_string_chunk_new(16384);
    t->index.names = g_hash_table_new(g_str_hash, g_str_equal);
    t->index.keys = g_string_chunk_new(16384);
    t->langs = g_ptr_array_new_with_free_func(lang_free);
    t->lang_by_code = g_hash_table_new(g_str_hash, g_str_equal);
    GPtrArray *codes;
    if (cs->languages[0] && !strcmp(cs->languages[0], "*")) {
        codes = list_languages(cs->locale_dir);
    } else {
        codes = g_ptr_array_new_with_free_func(g_free);
        for (char **l = cs->languages; *l; l++)
            g_ptr_array_add(codes, g_strdelimit(g_strdup(*l), "-", '_'));
        g_ptr_array_sort(codes, compare_ptr_str);
    }
    GHashTable *current = g_hash_table_new(g_str_hash, g_str_equal);
    GHashTable *former = g_hash_table_new(g_str_hash, g_str_equal);
    for (int i = cs->n - 1; i >= 0; i--) {
        const cm_country_t *c = &cs->entries[i];
        GHashTable *h = c->kind == CM_COUNTRY_HISTORIC ? former : current;
        const char *names[] = {c->name, c->official_name, c->common_name};
        for (size_t k = 0; k < G_N_ELEMENTS(names); k++)
            if (names[k])
                g_hash_table_insert(h, (gpointer)names[k], GINT_TO_POINTER(i + 1));
    }
    for (guint i = 0; i < codes->len; i++) {
        const char *code = g_ptr_array_index(codes, i);
        if (g_hash_table_contains(t->lang_by_code, code) || g_str_has_prefix(code, "en"))
            continue;
        lang_t *lang = g_new0(lang_t, 1);
        lang->code = g_strdup(code);
        lang->names = g_new0(const char *, cs->n);
        load_catalogue(cs, t, lang, "iso_3166-1", current, P_TRANS);
        load_catalogue(cs, t, lang, "iso_3166-3", former, P_HIST_TRANS);
        bool any = false;
        for (int k = 0; k < cs->n && !any; k++)
            any = lang->names[k] != NULL;
        if (!any) {
            lang_free(lang);
            continue;
        }
        apply_short_labels(cs, t, lang); /* only over a catalogue that loaded */
        g_ptr_array_add(t->langs, lang);
        g_hash_table_insert(t->lang_by_code, lang->code, lang);
    }
    g_hash_table_destroy(current);
    g_hash_table_destroy(former);
    g_ptr_array_free(codes, TRUE);
    return t;
}

/* The translations, read on the first call from any thread; later calls only read. The
 * table is otherwise immutable: this is the one field filled after loading, once, behind
 * g_once_init_enter's barrier, so sharing a table between threads stays safe. */
static const trans_t *
translations(const cm_countries_t *cs)
{
    cm_countries_t *mut = (cm_countries_t *)cs; /* the lazily filled field only */
    if (g_once_init_enter(&mut->trans))
        g_once_init_leave(&mut->trans, load_translations(cs));
    return cs->trans;
}

bool
cm__countries_translations_loaded(const cm_countries_t *cs)
{
    return g_atomic_pointer_get(&cs->trans) != NULL;
}

/* ---- sovereigns ---- */

static bool
apply_rule(cm_countries_t *cs, int *direct, const char *rule, GError **error)
{
    const char *eq = strchr(rule, '=');
    if (!eq) {
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE,
                    "sovereign rule \"%s\" has no \"=\": write DEPENDENCY=SOVEREIGN (\"GL=DK\")",
                    rule);
        return false;
    }
    char *dep_text = g_strstrip(g_strndup(rule, (gsize)(eq - rule)));
    char *sov_text = g_strstrip(g_strdup(eq + 1));
    const cm_country_t *dep = cm_countries_find(cs, dep_text);
    const cm_country_t *sov = *sov_text ? cm_countries_find(cs, sov_text) : dep;
    bool ok = dep && sov;
    if (ok) {
        direct[dep->index_] = sov->index_;
    } else {
        char *msg = cm_countries_unknown_message(cs, !dep ? dep_text : sov_text);
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE, "%s in sovereign rule \"%s\"", msg, rule);
        g_free(msg);
    }
    g_free(dep_text);
    g_free(sov_text);
    return ok;
}

static bool
set_sovereigns(cm_countries_t *cs, const cm_countries_opts_t *opts, GError **error)
{
    int *direct = g_new(int, MAX(cs->n, 1));
    bool ok = true;
    for (int i = 0; i < cs->n; i++)
        direct[i] = i;
    if (!opts->no_default_sovereigns)
        for (const cm__country_pair_t *p = cm__country_sovereigns; p->code; p++) {
            cm_country_t *dep = table_entry(cs, p->code), *sov = table_entry(cs, p->text);
            if (dep && sov)
                direct[dep->index_] = sov->index_;
        }
    for (const char *const *r = opts->sovereigns; ok && r && *r; r++)
        ok = apply_rule(cs, direct, *r, error);
    for (int i = 0; ok && i < cs->n; i++) {
        int s = i, steps = 0;
        while (direct[s] != s && steps++ <= cs->n)
            s = direct[s];
        if (direct[s] != s) {
            g_set_error(error, CM_ERROR, CM_ERROR_USAGE,
                        "sovereign rules form a cycle through %s: remove one of its rules",
                        cs->entries[i].display);
            ok = false;
        }
        cs->entries[i].sovereign_ = &cs->entries[s];
    }
    g_free(direct);
    return ok;
}

/* ---- lifecycle ---- */

const char *const *
cm_countries_default_languages(void)
{
    return cm__country_default_languages;
}

cm_countries_t *
cm_countries_load(const char *iso_codes_dir, GError **error)
{
    cm_countries_opts_t opts = {.iso_codes_dir = iso_codes_dir};
    return cm_countries_load_full(&opts, error);
}

cm_countries_t *
cm_countries_load_full(const cm_countries_opts_t *opts, GError **error)
{
    cm_countries_opts_t none = {0};
    if (!opts)
        opts = &none;
    const char *dir = opts->iso_codes_dir ? opts->iso_codes_dir : CM_ISO_CODES_DEFAULT_DIR;
    cm_countries_t *cs = g_new0(cm_countries_t, 1);
    cs->strings = g_string_chunk_new(16384);
    cs->codes = g_hash_table_new(g_str_hash, g_str_equal);
    cs->numerics = g_hash_table_new(g_direct_hash, g_direct_equal);
    cs->index.names = g_hash_table_new(g_str_hash, g_str_equal);
    cs->index.keys = g_string_chunk_new(16384);
    cs->locale_dir =
        opts->locale_dir ? g_strdup(opts->locale_dir) : default_locale_dir(opts->iso_codes_dir);
    cs->languages =
        g_strdupv((char **)(opts->languages ? opts->languages : cm_countries_default_languages()));

    GArray *entries = g_array_new(FALSE, TRUE, sizeof(cm_country_t));
    if (!load_iso_file(cs, entries, dir, false, error)) {
        g_array_free(entries, TRUE);
        goto fail;
    }
    add_privates(cs, entries);
    if (!load_iso_file(cs, entries, dir, true, error)) {
        g_array_free(entries, TRUE);
        goto fail;
    }
    cs->n = (int)entries->len;
    cs->entries = (cm_country_t *)g_array_free(entries, FALSE);
    for (int i = 0; i < cs->n; i++) {
        cs->entries[i].table_ = cs;
        cs->entries[i].index_ = i;
    }
    index_codes(cs);
    set_displays(cs);
    index_names(cs);
    if (!set_sovereigns(cs, opts, error))
        goto fail;
    return cs;
fail:
    cm_countries_free(cs);
    return NULL;
}

void
cm_countries_free(cm_countries_t *cs)
{
    if (!cs)
        return;
    trans_free(cs->trans);
    g_strfreev(cs->languages);
    g_free(cs->locale_dir);
    g_hash_table_destroy(cs->index.names);
    g_string_chunk_free(cs->index.keys);
    g_hash_table_destroy(cs->numerics);
    g_hash_table_destroy(cs->codes);
    g_free(cs->entries);
    g_string_chunk_free(cs->strings);
    g_free(cs);
}

/* ---- enumeration ---- */

int
cm_countries_count(const cm_countries_t *cs)
{
    g_return_val_if_fail(cs, 0);
    return cs->n;
}

const cm_country_t *
cm_countries_get(const cm_countries_t *cs, int i)
{
    g_return_val_if_fail(cs && i >= 0 && i < cs->n, NULL);
    return &cs->entries[i];
}

int
cm_countries_n_languages(const cm_countries_t *cs)
{
    g_return_val_if_fail(cs, 0);
    return (int)translations(cs)->langs->len;
}

/* The loaded language for LANG: exact ("pt_BR"), then its base ("de_AT" →
 * "de"), then the first regional variant of a base ("zh" → "zh_CN"). */
static const lang_t *
find_lang(const trans_t *t, const char *lang)
{
    char code[32];
    g_strlcpy(code, lang, sizeof code);
    g_strdelimit(code, "-", '_');
    const lang_t *l = g_hash_table_lookup(t->lang_by_code, code);
    if (l)
        return l;
    code[cm_lang_primary_len(code)] = '\0';
    if ((l = g_hash_table_lookup(t->lang_by_code, code)))
        return l;
    size_t len = strlen(code);
    for (guint i = 0; len && i < t->langs->len; i++) {
        l = g_ptr_array_index(t->langs, i);
        if (!strncmp(l->code, code, len) && l->code[len] == '_')
            return l;
    }
    return NULL;
}

bool
cm_countries_has_language(const cm_countries_t *cs, const char *lang)
{
    g_return_val_if_fail(cs, false);
    return cm_lang_is_english(lang) || find_lang(translations(cs), lang) != NULL;
}

/* ---- lookup ---- */

static bool
code_shaped(const char *s, size_t len)
{
    if (len < 2 || len > 5 || !g_ascii_isalpha(s[0]))
        return false;
    for (size_t i = 1; i < len; i++)
        if (!g_ascii_isalpha(s[i]) && s[i] != '-')
            return false;
    return true;
}

const cm_country_t *
cm_countries_find_code(const cm_countries_t *cs, const char *code)
{
    g_return_val_if_fail(cs, NULL);
    if (!code)
        return NULL;
    char buf[8];
    size_t len = strlen(code);
    if (len < 2 || len >= sizeof buf)
        return NULL;
    for (size_t i = 0; i <= len; i++)
        buf[i] = g_ascii_toupper(code[i]);
    return g_hash_table_lookup(cs->codes, buf);
}

const cm_country_t *
cm_countries_by_numeric(const cm_countries_t *cs, int numeric)
{
    g_return_val_if_fail(cs, NULL);
    if (numeric < 0)
        return NULL;
    return g_hash_table_lookup(cs->numerics, GINT_TO_POINTER(numeric));
}

const cm_country_t *
cm_countries_find_numeric(const cm_countries_t *cs, const char *id)
{
    return cm_countries_by_numeric(cs, parse_numeric(id));
}

/* The key's slot in the table's own index, else among the translations. */
static const cm_country_t *
find_key(const cm_countries_t *cs, const char *key)
{
    gpointer v;
    if (!g_hash_table_lookup_extended(cs->index.names, key, NULL, &v))
        v = g_hash_table_lookup(translations(cs)->index.names, key);
    guint slot = GPOINTER_TO_UINT(v);
    guint idx = slot & SLOT_MASK;
    if (idx == 0 || idx == SLOT_AMBIGUOUS)
        return NULL;
    return &cs->entries[idx - 1];
}

const cm_country_t *
cm_countries_find(const cm_countries_t *cs, const char *text)
{
    g_return_val_if_fail(cs, NULL);
    if (!text)
        return NULL;
    while (g_ascii_isspace(*text))
        text++;
    size_t len = strlen(text);
    while (len && g_ascii_isspace(text[len - 1]))
        len--;
    char *trimmed = g_strndup(text, len);
    const cm_country_t *c = NULL;
    if (code_shaped(trimmed, len))
        c = cm_countries_find_code(cs, trimmed);
    if (!c)
        c = cm_countries_find_numeric(cs, trimmed);
    if (!c) {
        char *key = cm__country_key(trimmed);
        c = key ? find_key(cs, key) : NULL;
        g_free(key);
    }
    g_free(trimmed);
    return c;
}

/* ---- suggestions ---- */

typedef struct {
    const cm_country_t *c;
    int dist;
} candidate_t;

static int
compare_candidates(gconstpointer a, gconstpointer b)
{
    const candidate_t *x = a, *y = b;
    if (x->dist != y->dist)
        return x->dist - y->dist;
    int d = strcmp(x->c->display, y->c->display);
    return d ? d : x->c->index_ - y->c->index_;
}

/* Candidates within the edit limit for TEXT, sorted closest first; a new
 * array of candidate_t (free with g_array_free). */
static GArray *
suggest_scored(const cm_countries_t *cs, const char *text)
{
    GArray *cands = g_array_new(FALSE, FALSE, sizeof(candidate_t));
    char *key = text ? cm__country_key(text) : NULL;
    if (!key)
        return cands;
    int limit = MIN(3, 1 + (int)g_utf8_strlen(key, -1) / 4);
    int n = cs->n; /* a local: translations() below fills a field of CS */
    int *best = g_new(int, MAX(n, 1));
    for (int i = 0; i < n; i++)
        best[i] = limit + 1;
    GHashTable *indexes[] = {cs->index.names, translations(cs)->index.names};
    for (size_t ix = 0; ix < G_N_ELEMENTS(indexes); ix++) {
        GHashTableIter it;
        gpointer k, v;
        g_hash_table_iter_init(&it, indexes[ix]);
        while (g_hash_table_iter_next(&it, &k, &v)) {
            guint idx = GPOINTER_TO_UINT(v) & SLOT_MASK;
            if (idx == 0 || idx > (guint)n) /* none, or SLOT_AMBIGUOUS */
                continue;
            if (ix > 0 && g_hash_table_contains(cs->index.names, k))
                continue; /* the table's own slot for that key wins */
            int d = cm__country_distance(key, k, best[idx - 1] - 1);
            if (d < best[idx - 1])
                best[idx - 1] = d;
        }
    }
    for (int i = 0; i < n; i++)
        if (best[i] <= limit)
            g_array_append_val(cands, ((candidate_t){&cs->entries[i], best[i]}));
    g_array_sort(cands, compare_candidates);
    g_free(best);
    g_free(key);
    return cands;
}

int
cm_countries_suggest(const cm_countries_t *cs, const char *text, const cm_country_t **out, int max)
{
    g_return_val_if_fail(cs && (out || max <= 0), 0);
    GArray *cands = suggest_scored(cs, text);
    int n = MAX(0, MIN(max, (int)cands->len));
    for (int i = 0; i < n; i++)
        out[i] = g_array_index(cands, candidate_t, i).c;
    g_array_free(cands, TRUE);
    return n;
}

char *
cm_countries_unknown_message(const cm_countries_t *cs, const char *text)
{
    g_return_val_if_fail(cs, NULL);
    GArray *cands = suggest_scored(cs, text);
    /* only the candidates as close as the closest: "Niger or Nigeria" */
    guint n = 0;
    while (n < cands->len && n < 3 &&
           g_array_index(cands, candidate_t, n).dist == g_array_index(cands, candidate_t, 0).dist)
        n++;
    GString *s = g_string_new(NULL);
    g_string_append_printf(s, "unknown country \"%s\"", text ? text : "");
    if (n == 0)
        g_string_append(s, " (use an ISO 3166 code such as \"DE\" or \"DEU\", or a country name)");
    else
        g_string_append(s, " (did you mean ");
    for (guint i = 0; i < n; i++) {
        if (i > 0)
            g_string_append(s, i == n - 1 ? " or " : ", ");
        g_string_append(s, g_array_index(cands, candidate_t, i).c->display);
    }
    if (n > 0)
        g_string_append(s, "?)");
    g_array_free(cands, TRUE);
    return g_string_free(s, FALSE);
}

/* ---- entries ---- */

const char *
cm_country_name(const cm_country_t *c, const char *lang)
{
    g_return_val_if_fail(c, NULL);
    if (cm_lang_is_english(lang))
        return c->display;
    const lang_t *l = find_lang(translations(c->table_), lang);
    return l && l->names[c->index_] ? l->names[c->index_] : c->display;
}

const cm_country_t *
cm_country_sovereign(const cm_country_t *c)
{
    g_return_val_if_fail(c, NULL);
    return c->sovereign_ ? c->sovereign_ : c;
}
