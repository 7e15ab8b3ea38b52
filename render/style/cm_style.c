/* cm_style.c — built-in defaults and INI overlays for the resolved style.
 *
 * Every settable key is one row of a table (group, key, type, offset into
 * cm_style_t), so loading, --set overrides, "did you mean" suggestions for
 * unknown keys and the documentation all come from one place. Files are read
 * with GKeyFile; "inherits=" in [page] loads the parent first (relative to the
 * child's folder, ".ini" optional), with a depth cap that also catches cycles.
 */
#include "cm_style.h"

#include <math.h>
#include <stddef.h>
#include <string.h>

#include "../util/cm_error.h"

typedef enum { K_NUM, K_INT, K_COLOR, K_FAMILY, K_STRING, K_PALETTE } key_type_t;

typedef struct {
    const char *group;
    const char *key;
    key_type_t type;
    size_t offset;
    double min, max; /* for numbers */
} key_def_t;

#define OFF(f) offsetof(cm_style_t, f)
#define FONT_KEYS(grp, f)                                                                          \
    {grp, "font", K_FAMILY, OFF(f.family), 0, 0}, {grp, "size", K_NUM, OFF(f.size), 4, 400},       \
    {                                                                                              \
        grp, "weight", K_INT, OFF(f.weight), 100, 900                                              \
    }

static const key_def_t KEYS[] = {
    {"page", "width", K_NUM, OFF(width), 16, 20000},
    {"page", "height", K_NUM, OFF(height), 16, 20000},
    {"page", "margin", K_NUM, OFF(margin), 0, 500},
    {"page", "background", K_COLOR, OFF(background), 0, 0},
    {"page", "text", K_COLOR, OFF(text), 0, 0},
    {"page", "muted", K_COLOR, OFF(muted), 0, 0},
    {"page", "grid", K_COLOR, OFF(grid), 0, 0},
    {"page", "axis", K_COLOR, OFF(axis), 0, 0},
    {"page", "lang", K_STRING, OFF(lang), 0, 0},
    FONT_KEYS("title", title),
    FONT_KEYS("subtitle", subtitle),
    FONT_KEYS("source", source),
    FONT_KEYS("label", label),
    FONT_KEYS("annotation", annotation),
    FONT_KEYS("heading", heading),
    {"axis", "font", K_FAMILY, OFF(tick.family), 0, 0},
    {"axis", "size", K_NUM, OFF(tick.size), 4, 400},
    {"axis", "weight", K_INT, OFF(tick.weight), 100, 900},
    {"axis", "tick-length", K_NUM, OFF(tick_length), 0, 100},
    {"axis", "tick-spacing", K_NUM, OFF(tick_spacing), 0, 500},
    {"axis", "tiers", K_INT, OFF(axis_tiers), 1, 50},
    {"axis", "tier-gap", K_NUM, OFF(tier_gap), 0, 200},
    {"lane", "font", K_FAMILY, OFF(lane.family), 0, 0},
    {"lane", "size", K_NUM, OFF(lane.size), 4, 400},
    {"lane", "weight", K_INT, OFF(lane.weight), 100, 900},
    {"lane", "height", K_NUM, OFF(lane_height), 4, 400},
    {"lane", "bar-height", K_NUM, OFF(bar_height), 1, 400},
    {"lane", "group-gap", K_NUM, OFF(group_gap), 0, 400},
    {"lane", "marker-size", K_NUM, OFF(marker_size), 1, 100},
    {"palette", "colors", K_PALETTE, OFF(palette), 0, 0},
    {"palette", "accent", K_COLOR, OFF(accent), 0, 0},
    {"map", "land", K_COLOR, OFF(map_land), 0, 0},
    {"map", "border", K_COLOR, OFF(map_border), 0, 0},
    {"map", "border-width", K_NUM, OFF(map_border_width), 0, 20},
    {"map", "ocean", K_COLOR, OFF(map_ocean), 0, 0},
    {"map", "graticule", K_COLOR, OFF(map_graticule), 0, 0},
    {"map", "small-area", K_NUM, OFF(map_small_area), 0, 1e6},
    {"era", "fill", K_COLOR, OFF(era_fill), 0, 0},
    {"era", "text", K_COLOR, OFF(era_text), 0, 0},
};
#define N_KEYS G_N_ELEMENTS(KEYS)
#define MAX_INHERIT_DEPTH 8

static cm_color_t
hex(unsigned rgb)
{
    return (cm_color_t){((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0,
                        (rgb & 0xff) / 255.0, 1};
}

static void
set_font(cm_font_t *f, const char *family, double size, int weight)
{
    f->family = g_strdup(family);
    f->size = size;
    f->weight = weight;
    f->italic = false;
}

cm_style_t *
cm_style_new_default(void)
{
    /* The "article" look: light page, dark grey text, Okabe–Ito palette
     * (Okabe & Ito 2008, "Color Universal Design"), sizes for a 680 px column
     * scaled up cleanly to 1600 px. */
    static const char *sans = "Noto Sans, Noto Sans CJK JP";
    cm_style_t *s = g_new0(cm_style_t, 1);
    s->width = 1600;
    s->height = 900;
    s->margin = 32;
    s->background = hex(0xffffff);
    s->text = hex(0x1a1a1a);
    s->muted = hex(0x5c5c5c);
    s->grid = hex(0xe3e3e3);
    s->axis = hex(0x333333);
    s->lang = g_strdup("en");
    set_font(&s->title, sans, 30, 700);
    set_font(&s->subtitle, sans, 19, 400);
    set_font(&s->source, sans, 13, 400);
    set_font(&s->label, sans, 14, 400);
    set_font(&s->annotation, sans, 14, 400);
    set_font(&s->heading, sans, 14, 700);
    set_font(&s->tick, sans, 14, 400);
    set_font(&s->lane, sans, 15, 400);
    s->tick_length = 6;
    s->tick_spacing = 24;
    s->axis_tiers = 6;
    s->tier_gap = 6;
    s->lane_height = 22;
    s->bar_height = 14;
    s->group_gap = 10;
    s->marker_size = 9;
    static const unsigned okabe_ito[] = {0x0072b2, 0xe69f00, 0x009e73, 0xcc79a7,
                                         0x56b4e9, 0xd55e00, 0xf0e442, 0x000000};
    for (size_t i = 0; i < G_N_ELEMENTS(okabe_ito); i++)
        s->palette[i] = hex(okabe_ito[i]);
    s->palette_len = G_N_ELEMENTS(okabe_ito);
    s->accent = hex(0x0072b2);
    s->map_land = hex(0xdcdcd7);
    s->map_border = hex(0xffffff);
    s->map_border_width = 0.6;
    s->map_ocean = hex(0xf3f6f9);
    s->map_graticule = (cm_color_t){0.55, 0.6, 0.68, 0.25};
    s->map_small_area = 60;
    s->era_fill = (cm_color_t){0.1, 0.1, 0.1, 0.06};
    s->era_text = hex(0x5c5c5c);
    return s;
}

void
cm_style_free(cm_style_t *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < N_KEYS; i++)
        if (KEYS[i].type == K_FAMILY || KEYS[i].type == K_STRING)
            g_free(*(char **)((char *)s + KEYS[i].offset));
    g_free(s);
}

cm_color_t
cm_style_palette(const cm_style_t *style, int i)
{
    if (style->palette_len <= 0)
        return style->accent;
    int n = style->palette_len;
    return style->palette[((i % n) + n) % n];
}

static const key_def_t *
find_key(const char *group, const char *key)
{
    for (size_t i = 0; i < N_KEYS; i++)
        if (strcmp(KEYS[i].group, group) == 0 && strcmp(KEYS[i].key, key) == 0)
            return &KEYS[i];
    return NULL;
}

static bool
group_exists(const char *group)
{
    for (size_t i = 0; i < N_KEYS; i++)
        if (strcmp(KEYS[i].group, group) == 0)
            return true;
    return false;
}

/* Levenshtein distance, for "did you mean". */
static int
edit_distance(const char *a, const char *b)
{
    size_t n = strlen(a), m = strlen(b);
    int *row = g_new(int, m + 1);
    for (size_t j = 0; j <= m; j++)
        row[j] = (int)j;
    for (size_t i = 1; i <= n; i++) {
        int prev = row[0];
        row[0] = (int)i;
        for (size_t j = 1; j <= m; j++) {
            int cur = row[j];
            int sub = prev + (a[i - 1] != b[j - 1]);
            row[j] = MIN(MIN(row[j] + 1, row[j - 1] + 1), sub);
            prev = cur;
        }
    }
    int d = row[m];
    g_free(row);
    return d;
}

/* "group.key" nearest to GROUP.KEY over the table; a new string. */
static char *
nearest_key(const char *group, const char *key)
{
    char *want = g_strdup_printf("%s.%s", group, key);
    int best = G_MAXINT;
    char *best_name = NULL;
    for (size_t i = 0; i < N_KEYS; i++) {
        char *cand = g_strdup_printf("%s.%s", KEYS[i].group, KEYS[i].key);
        int d = edit_distance(want, cand);
        if (strcmp(KEYS[i].group, group) == 0)
            d -= 1; /* prefer keys of the same group */
        if (d < best) {
            best = d;
            g_free(best_name);
            best_name = cand;
        } else {
            g_free(cand);
        }
    }
    g_free(want);
    return best_name;
}

/* Applies VALUE to the key D; on failure returns a new message string. */
static char *
apply(cm_style_t *s, const key_def_t *d, const char *value)
{
    void *field = (char *)s + d->offset;
    char *end = NULL;
    switch (d->type) {
    case K_NUM: {
        double v = g_ascii_strtod(value, &end);
        if (end == value || *g_strchug(end) || !isfinite(v))
            return g_strdup_printf("\"%s\" is not a number", value);
        if (v < d->min || v > d->max)
            return g_strdup_printf("%s.%s = %s is out of range (%g to %g)", d->group, d->key, value,
                                   d->min, d->max);
        *(double *)field = v;
        return NULL;
    }
    case K_INT: {
        gint64 v = g_ascii_strtoll(value, &end, 10);
        if (end == value || *end)
            return g_strdup_printf("\"%s\" is not a whole number", value);
        if (v < d->min || v > d->max)
            return g_strdup_printf("%s.%s = %s is out of range (%g to %g)", d->group, d->key, value,
                                   d->min, d->max);
        *(int *)field = (int)v;
        return NULL;
    }
    case K_COLOR:
        if (!cm_color_parse(value, (cm_color_t *)field))
            return g_strdup_printf("\"%s\" is not a colour (use #rgb, #rrggbb or #rrggbbaa)",
                                   value);
        return NULL;
    case K_FAMILY:
    case K_STRING:
        if (!*value)
            return g_strdup_printf("%s.%s must not be empty", d->group, d->key);
        g_free(*(char **)field);
        *(char **)field = g_strdup(value);
        return NULL;
    case K_PALETTE: {
        char **parts = g_strsplit_set(value, ", ", -1);
        cm_color_t cols[CM_PALETTE_MAX];
        int n = 0;
        char *err = NULL;
        for (char **p = parts; *p && !err; p++) {
            if (!**p)
                continue;
            if (n == CM_PALETTE_MAX)
                err = g_strdup_printf("a palette holds at most %d colours", CM_PALETTE_MAX);
            else if (!cm_color_parse(*p, &cols[n++]))
                err =
                    g_strdup_printf("\"%s\" is not a colour (use #rgb, #rrggbb or #rrggbbaa)", *p);
        }
        g_strfreev(parts);
        if (!err && n == 0)
            err = g_strdup("a palette needs at least one colour");
        if (err)
            return err;
        memcpy(s->palette, cols, sizeof(cm_color_t) * n);
        s->palette_len = n;
        return NULL;
    }
    }
    return NULL;
}

/* Line of KEY in GROUP in the raw file text, for messages (GKeyFile keeps none). */
static int
line_of(const char *text, const char *group, const char *key)
{
    int line = 1, found_group = 0;
    char *hdr = g_strdup_printf("[%s]", group);
    for (const char *p = text; *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        char *l = g_strstrip(g_strndup(p, len));
        if (l[0] == '[')
            found_group = strcmp(l, hdr) == 0;
        else if (found_group && key && g_str_has_prefix(l, key)) {
            const char *rest = l + strlen(key);
            while (*rest == ' ' || *rest == '\t')
                rest++;
            if (*rest == '=') {
                g_free(l);
                g_free(hdr);
                return line;
            }
        }
        if (!key && found_group) {
            g_free(l);
            g_free(hdr);
            return line;
        }
        g_free(l);
        if (!nl)
            break;
        p = nl + 1;
        line++;
    }
    g_free(hdr);
    return 0;
}

static bool load_file(cm_style_t *s, const char *path, int depth, cm_diag_t *diag, GError **error);

static char *
resolve_parent(const char *child, const char *name)
{
    char *dir = g_path_get_dirname(child);
    char *file = g_str_has_suffix(name, ".ini") ? g_strdup(name) : g_strconcat(name, ".ini", NULL);
    char *path = g_path_is_absolute(file) ? g_strdup(file) : g_build_filename(dir, file, NULL);
    g_free(dir);
    g_free(file);
    return path;
}

static bool
load_file(cm_style_t *s, const char *path, int depth, cm_diag_t *diag, GError **error)
{
    if (depth > MAX_INHERIT_DEPTH) {
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE,
                    "%s: inherits= goes deeper than %d files (a cycle?)", path, MAX_INHERIT_DEPTH);
        return false;
    }
    char *text = NULL;
    gsize len = 0;
    GError *err = NULL;
    if (!g_file_get_contents(path, &text, &len, &err)) {
        g_set_error(error, CM_ERROR, CM_ERROR_IO, "cannot read style %s: %s", path, err->message);
        g_error_free(err);
        return false;
    }
    GKeyFile *kf = g_key_file_new();
    bool ok = false;
    int errors_before = cm_diag_errors(diag);
    if (!g_key_file_load_from_data(kf, text, len, G_KEY_FILE_NONE, &err)) {
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE, "%s: not a valid style file: %s", path,
                    err->message);
        g_error_free(err);
        goto out;
    }
    char *parent = g_key_file_get_string(kf, "page", "inherits", NULL);
    if (parent) {
        char *ppath = resolve_parent(path, parent);
        g_free(parent);
        bool pok = load_file(s, ppath, depth + 1, diag, error);
        g_free(ppath);
        if (!pok)
            goto out;
    }
    gsize n_groups = 0;
    char **groups = g_key_file_get_groups(kf, &n_groups);
    for (gsize g = 0; g < n_groups; g++) {
        if (!group_exists(groups[g])) {
            cm_diag_add(diag, CM_DIAG_ERROR, path, line_of(text, groups[g], NULL), 0,
                        "unknown style group [%s]", groups[g]);
            continue;
        }
        gsize n_keys = 0;
        char **keys = g_key_file_get_keys(kf, groups[g], &n_keys, NULL);
        for (gsize k = 0; k < n_keys; k++) {
            if (strcmp(groups[g], "page") == 0 && strcmp(keys[k], "inherits") == 0)
                continue;
            int line = line_of(text, groups[g], keys[k]);
            const key_def_t *d = find_key(groups[g], keys[k]);
            if (!d) {
                char *near = nearest_key(groups[g], keys[k]);
                cm_diag_add(diag, CM_DIAG_ERROR, path, line, 0,
                            "unknown style key %s.%s (did you mean %s?)", groups[g], keys[k], near);
                g_free(near);
                continue;
            }
            char *value = g_key_file_get_string(kf, groups[g], keys[k], NULL);
            char *msg = apply(s, d, value ? g_strstrip(value) : "");
            if (msg) {
                cm_diag_add(diag, CM_DIAG_ERROR, path, line, 0, "%s", msg);
                g_free(msg);
            }
            g_free(value);
        }
        g_strfreev(keys);
    }
    g_strfreev(groups);
    if (cm_diag_errors(diag) > errors_before) {
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE, "%d errors in style %s",
                    cm_diag_errors(diag) - errors_before, path);
        goto out;
    }
    ok = true;
out:
    g_key_file_free(kf);
    g_free(text);
    return ok;
}

bool
cm_style_load(cm_style_t *style, const char *path, cm_diag_t *diag, GError **error)
{
    g_return_val_if_fail(style && path && diag, false);
    return load_file(style, path, 0, diag, error);
}

bool
cm_style_set(cm_style_t *style, const char *assignment, GError **error)
{
    const char *eq = strchr(assignment, '=');
    const char *dot = strchr(assignment, '.');
    if (!eq || !dot || dot > eq) {
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE, "--set wants group.key=value, not \"%s\"",
                    assignment);
        return false;
    }
    char *group = g_strndup(assignment, dot - assignment);
    char *key = g_strstrip(g_strndup(dot + 1, eq - dot - 1));
    char *value = g_strstrip(g_strdup(eq + 1));
    bool ok = false;
    const key_def_t *d = find_key(group, key);
    if (!d) {
        char *near = nearest_key(group, key);
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE, "unknown style key %s.%s (did you mean %s?)",
                    group, key, near);
        g_free(near);
        goto out;
    }
    char *msg = apply(style, d, value);
    if (msg) {
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE, "--set %s: %s", assignment, msg);
        g_free(msg);
        goto out;
    }
    ok = true;
out:
    g_free(group);
    g_free(key);
    g_free(value);
    return ok;
}
