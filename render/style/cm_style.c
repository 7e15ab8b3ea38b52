/* cm_style.c — built-in defaults and INI overlays for the resolved style.
 *
 * Every settable key is one row of a table (group, key, type, offset into
 * cm_style_t), so loading, --set overrides, "did you mean" suggestions for
 * unknown keys, cm_style_get and the documentation check all come from one
 * place. Files are read with GKeyFile; "inherits=" in [page] loads the parent
 * first (relative to the child's folder, ".ini" optional); the chain of files
 * being loaded is kept so a cycle is reported as one, naming file and line.
 *
 * Units: lengths are CSS px (96 per inch); 1 pt = 96/72 px, 1 in = 25.4 mm.
 * Palettes: Okabe & Ito (2008), "Color Universal Design (CUD): how to make
 * figures and presentations that are friendly to colorblind people"; YlGnBu
 * and Blues from ColorBrewer 2.0 (C. Brewer, Penn State, colorbrewer2.org);
 * viridis from matplotlib (van der Walt & Smith 2015), ten evenly spaced stops.
 * Sequential palettes run from the least emphasis (first stop) to the most (last
 * stop): a date-coloured map gives the founders the last stop.
 */
#include "cm_style.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>

#include "../util/cm_error.h"

typedef enum {
    K_NUM,
    K_INT,
    K_COLOR,
    K_FAMILY,
    K_STRING,
    K_PALETTE, /* categorical: palette[], palette_len */
    K_SEQ,     /* sequential: sequential[], sequential_len */
    K_LENGTH,  /* a page side with a unit */
    K_SIZE,    /* both page sides: WxH or a preset */
    K_LANG,
} key_type_t;

static const char *const type_names[] = {
    [K_NUM] = "number",  [K_INT] = "integer",     [K_COLOR] = "colour", [K_FAMILY] = "font",
    [K_STRING] = "text", [K_PALETTE] = "palette", [K_SEQ] = "palette",  [K_LENGTH] = "length",
    [K_SIZE] = "size",   [K_LANG] = "language",
};

typedef struct {
    const char *group;
    const char *key;
    key_type_t type;
    size_t offset;
    double min, max; /* for numbers */
} key_def_t;

#define OFF(f) offsetof(cm_style_t, f)
/* F names a member path for offsetof (title.family), which cannot be put in
 * parentheses; GRP is a string literal. */
// NOLINTBEGIN(bugprone-macro-parentheses)
#define FONT_KEYS(grp, f)                                                                          \
    {grp, "font", K_FAMILY, OFF(f.family), 0, 0}, {grp, "size", K_NUM, OFF(f.size), 4, 400},       \
    {                                                                                              \
        grp, "weight", K_INT, OFF(f.weight), 100, 900                                              \
    }
// NOLINTEND(bugprone-macro-parentheses)

static const key_def_t KEYS[] = {
    {"page", "size", K_SIZE, OFF(width), 0, 0},
    {"page", "width", K_LENGTH, OFF(width), CM_SIZE_MIN, CM_SIZE_MAX},
    {"page", "height", K_LENGTH, OFF(height), CM_SIZE_MIN, CM_SIZE_MAX},
    {"page", "dpi", K_NUM, OFF(dpi), 24, 2400},
    {"page", "margin", K_NUM, OFF(margin), 0, 500},
    {"page", "grow", K_INT, OFF(grow), 0, 1},
    {"page", "background", K_COLOR, OFF(background), 0, 0},
    {"page", "text", K_COLOR, OFF(text), 0, 0},
    {"page", "muted", K_COLOR, OFF(muted), 0, 0},
    {"page", "grid", K_COLOR, OFF(grid), 0, 0},
    {"page", "axis", K_COLOR, OFF(axis), 0, 0},
    {"page", "lang", K_LANG, OFF(lang), 0, 0},
    FONT_KEYS("title", title),
    FONT_KEYS("subtitle", subtitle),
    FONT_KEYS("source", source),
    FONT_KEYS("label", label),
    FONT_KEYS("annotation", annotation),
    FONT_KEYS("heading", heading),
    {"text", "min-size", K_NUM, OFF(min_size), 1, 100},
    {"text", "min-size-cjk", K_NUM, OFF(min_size_cjk), 1, 100},
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
    {"palette", "sequential", K_SEQ, OFF(sequential), 0, 0},
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

/* ---- palettes ---------------------------------------------------------- */

typedef struct {
    const char *name;
    unsigned rgb[CM_PALETTE_MAX];
    int n;
} named_palette_t;

static const named_palette_t PALETTES[] = {
    /* Okabe & Ito 2008, in their order: blue, orange, bluish green, reddish
     * purple, sky blue, vermillion, yellow, black. */
    {"okabe-ito",
     {0x0072b2, 0xe69f00, 0x009e73, 0xcc79a7, 0x56b4e9, 0xd55e00, 0xf0e442, 0x000000},
     8},
    /* The same hues for a dark page: sky blue leads, black becomes near-white. */
    {"okabe-ito-dark",
     {0x56b4e9, 0xe69f00, 0x009e73, 0xcc79a7, 0xf0e442, 0xd55e00, 0x0072b2, 0xf2f2f2},
     8},
    /* ColorBrewer YlGnBu, 9 classes without the palest (#ffffd9), so that the
     * least-emphasis stop still stands out from a light neutral land: light to dark.
     * The default, and the map ramp chronomap always drew. */
    {"ylgnbu", {0xedf8b1, 0xc7e9b4, 0x7fcdbb, 0x41b6c4, 0x1d91c0, 0x225ea8, 0x253494, 0x081d58}, 8},
    /* YlGnBu for dark pages: its six lighter classes, dark to light, so the most
     * emphasis is the palest. Against the dark style's ocean (#1b2027) and page
     * (#15191e) the last stop has 14.6:1 and 15.7:1 (WCAG 2), the first 2.5:1 and
     * 2.7:1; every bin of a 12-bin map stays >= 18.9 ΔE00 from its land (#3a4149)
     * (tests/unit/test_themes.c). */
    {"ylgnbu-dark", {0x225ea8, 0x1d91c0, 0x41b6c4, 0x7fcdbb, 0xc7e9b4, 0xedf8b1}, 6},
    /* ColorBrewer Blues, 7 classes: light to dark. */
    {"blues", {0xeff3ff, 0xc6dbef, 0x9ecae1, 0x6baed6, 0x4292c6, 0x2171b5, 0x084594}, 7},
    /* For dark pages: dark to light. */
    {"blues-dark", {0x17324d, 0x1f4e79, 0x2b6ca3, 0x3c8ccc, 0x5aaae6, 0x8ec8f2, 0xc6e3f8}, 7},
    {"viridis",
     {0x440154, 0x482878, 0x3e4989, 0x31688e, 0x26828e, 0x1f9e89, 0x35b779, 0x6ece58, 0xb5de2b,
      0xfde725},
     10},
};

const char *const *
cm_palette_names(void)
{
    static const char *const names[] = {"okabe-ito", "okabe-ito-dark", "ylgnbu",  "ylgnbu-dark",
                                        "blues",     "blues-dark",     "viridis", NULL};
    return names;
}

int
cm_palette_named(const char *name, cm_color_t *out)
{
    for (size_t i = 0; i < G_N_ELEMENTS(PALETTES); i++) {
        if (g_ascii_strcasecmp(PALETTES[i].name, name) != 0)
            continue;
        for (int k = 0; k < PALETTES[i].n; k++)
            out[k] = hex(PALETTES[i].rgb[k]);
        return PALETTES[i].n;
    }
    return 0;
}

int
cm_palette_parse(const char *text, cm_color_t *out, GError **error)
{
    char *t = g_strstrip(g_strdup(text));
    int n = 0;
    if (g_ascii_isalpha(t[0])) {
        n = cm_palette_named(t, out);
        if (!n) {
            char *names = g_strjoinv(", ", (char **)cm_palette_names());
            g_set_error(error, CM_ERROR, CM_ERROR_USAGE,
                        "\"%s\" is not a palette (use one of %s, or a list of colours)", t, names);
            g_free(names);
        }
        g_free(t);
        return n;
    }
    char **parts = g_strsplit_set(t, ", \t", -1);
    for (char **p = parts; *p; p++) {
        if (!**p)
            continue;
        if (n == CM_PALETTE_MAX) {
            g_set_error(error, CM_ERROR, CM_ERROR_USAGE, "a palette holds at most %d colours",
                        CM_PALETTE_MAX);
            n = -1;
            break;
        }
        if (!cm_color_parse(*p, &out[n])) {
            g_set_error(error, CM_ERROR, CM_ERROR_USAGE,
                        "\"%s\" is not a colour (use #rgb, #rrggbb or #rrggbbaa)", *p);
            n = -1;
            break;
        }
        n++;
    }
    if (n == 0)
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE, "a palette needs at least one colour");
    g_strfreev(parts);
    g_free(t);
    return MAX(n, 0);
}

/* ---- units and sizes --------------------------------------------------- */

bool
cm_length_parse(const char *text, double *px, cm_unit_t *unit)
{
    static const struct {
        const char *suffix;
        double px;
        cm_unit_t unit;
    } units[] = {{"px", 1, CM_UNIT_PX},
                 {"mm", 96 / 25.4, CM_UNIT_MM},
                 {"cm", 960 / 25.4, CM_UNIT_MM},
                 {"in", 96, CM_UNIT_IN},
                 {"pt", 96 / 72.0, CM_UNIT_PT}};
    char *end = NULL;
    while (*text == ' ' || *text == '\t')
        text++;
    if (!g_ascii_isdigit(*text) && *text != '.')
        return false; /* no sign, no "inf"/"nan" */
    double v = g_ascii_strtod(text, &end);
    if (end == text || !isfinite(v))
        return false;
    while (*end == ' ')
        end++;
    size_t rest = strlen(end);
    while (rest > 0 && (end[rest - 1] == ' ' || end[rest - 1] == '\t'))
        rest--;
    double k = 1;
    cm_unit_t u = CM_UNIT_PX;
    if (rest > 0) {
        bool found = false;
        for (size_t i = 0; i < G_N_ELEMENTS(units) && !found; i++) {
            if (rest == strlen(units[i].suffix) &&
                g_ascii_strncasecmp(end, units[i].suffix, rest) == 0) {
                k = units[i].px;
                u = units[i].unit;
                found = true;
            }
        }
        if (!found)
            return false;
    }
    *px = v * k;
    if (unit)
        *unit = u;
    return true;
}

typedef struct {
    const char *name, *size;
} size_preset_t;

static const size_preset_t PRESETS[] = {
    {"column", "680x480"},
    {"slide", "1920x1080"},
    {"social", "1200x675"},
    {"a4-landscape", "297mmx210mm"},
    {"a4", "210mmx297mm"},
    {"a5-landscape", "210mmx148mm"},
    {"letter-landscape", "11inx8.5in"},
};

const char *const *
cm_size_presets(void)
{
    static const char *const names[] = {"column",           "slide", "social",
                                        "a4-landscape",     "a4",    "a5-landscape",
                                        "letter-landscape", NULL};
    return names;
}

static bool
size_out_of_range(double w, double h)
{
    return !(w >= CM_SIZE_MIN && h >= CM_SIZE_MIN && w <= CM_SIZE_MAX && h <= CM_SIZE_MAX);
}

bool
cm_size_parse(const char *text, double *width, double *height, bool *physical, GError **error)
{
    g_return_val_if_fail(text && width && height, false);
    const char *spec = text;
    for (size_t i = 0; i < G_N_ELEMENTS(PRESETS); i++)
        if (g_ascii_strcasecmp(text, PRESETS[i].name) == 0)
            spec = PRESETS[i].size;
    /* The separator is the 'x' right after a number or a unit: "170mmx110mm". */
    const char *x = NULL;
    for (const char *p = spec; *p && !x; p++) /* "" has no separator: never read before it */
        if (p > spec && (*p == 'x' || *p == 'X') &&
            (g_ascii_isdigit(p[-1]) || g_ascii_isalpha(p[-1])) &&
            (g_ascii_isdigit(p[1]) || p[1] == '.' || p[1] == ' '))
            x = p;
    double w = 0, h = 0;
    cm_unit_t uw = CM_UNIT_PX, uh = CM_UNIT_PX;
    char *left = x ? g_strndup(spec, (gsize)(x - spec)) : NULL;
    bool ok = x && cm_length_parse(left, &w, &uw) && cm_length_parse(x + 1, &h, &uh);
    g_free(left);
    if (!ok) {
        char *names = g_strjoinv(", ", (char **)cm_size_presets());
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE,
                    "size %s: \"%s\" is not WIDTHxHEIGHT with units px (default), mm, cm, in "
                    "or pt (\"1600x900\", \"170mmx110mm\"), nor one of %s",
                    text, text, names);
        g_free(names);
        return false;
    }
    if (size_out_of_range(w, h)) {
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE,
                    "size %s is %.0fx%.0f px: each side must be between %.0f and %.0f px", text, w,
                    h, CM_SIZE_MIN, CM_SIZE_MAX);
        return false;
    }
    if (w * h > CM_SIZE_MAX_AREA) {
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE,
                    "size %s is %.0fx%.0f px, %.0f million px: at most %.0f million", text, w, h,
                    w * h / 1e6, CM_SIZE_MAX_AREA / 1e6);
        return false;
    }
    *width = w;
    *height = h;
    if (physical)
        *physical = uw != CM_UNIT_PX || uh != CM_UNIT_PX;
    return true;
}

/* ---- defaults ---------------------------------------------------------- */

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
    /* The "article" look, for a 680 px article column: light page, dark grey
     * text (WCAG 2 contrast >= 4.5:1 for every text colour), Okabe–Ito
     * palette. Layout scales type with the canvas from this reference size. */
    static const char *sans = "Noto Sans, Noto Sans CJK JP";
    cm_style_t *s = g_new0(cm_style_t, 1);
    s->width = 680;
    s->height = 480;
    s->dpi = 96;
    s->grow = 1;
    s->margin = 16;
    s->background = hex(0xffffff);
    s->text = hex(0x1a1a1a);
    s->muted = hex(0x5c5c5c);
    s->grid = hex(0xe3e3e3);
    s->axis = hex(0x333333);
    s->lang = g_strdup("en");
    set_font(&s->title, sans, 20, 700);
    set_font(&s->subtitle, sans, 13.5, 400);
    set_font(&s->source, sans, 10.5, 400);
    set_font(&s->label, sans, 11, 400);
    set_font(&s->annotation, sans, 10.5, 400);
    set_font(&s->heading, sans, 11, 700);
    set_font(&s->tick, sans, 11, 400);
    set_font(&s->lane, sans, 11.5, 400);
    s->min_size = 9;
    s->min_size_cjk = 10;
    s->tick_length = 4;
    s->tick_spacing = 14;
    s->axis_tiers = 6;
    s->tier_gap = 4;
    s->lane_height = 16;
    s->bar_height = 10;
    s->group_gap = 7;
    s->marker_size = 7;
    s->palette_len = cm_palette_named("okabe-ito", s->palette);
    s->sequential_len = cm_palette_named("ylgnbu", s->sequential);
    s->accent = hex(0x0072b2);
    s->map_land = hex(0xdcdcd7);
    s->map_border = hex(0xffffff);
    s->map_border_width = 0.6;
    s->map_ocean = hex(0xf3f6f9);
    s->map_graticule = (cm_color_t){0x8c / 255.0, 0x99 / 255.0, 0xad / 255.0, 0x40 / 255.0};
    s->map_small_area = 60;
    s->era_fill = (cm_color_t){0x1a / 255.0, 0x1a / 255.0, 0x1a / 255.0, 0x0f / 255.0};
    s->era_text = hex(0x5c5c5c);
    return s;
}

void
cm_style_free(cm_style_t *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < N_KEYS; i++)
        if (KEYS[i].type == K_FAMILY || KEYS[i].type == K_STRING || KEYS[i].type == K_LANG)
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

cm_color_t
cm_style_sequential(const cm_style_t *style, double t)
{
    int n = style->sequential_len;
    if (n <= 0)
        return style->accent;
    if (n == 1 || !(t > 0))
        return style->sequential[0];
    if (t >= 1)
        return style->sequential[n - 1];
    double f = t * (n - 1);
    int i = (int)floor(f);
    double u = f - i;
    cm_color_t a = style->sequential[i], b = style->sequential[i + 1];
    return (cm_color_t){a.r + (b.r - a.r) * u, a.g + (b.g - a.g) * u, a.b + (b.b - a.b) * u,
                        a.a + (b.a - a.a) * u};
}

/* ---- the table --------------------------------------------------------- */

size_t
cm_style_n_keys(void)
{
    return N_KEYS;
}

cm_style_key_t
cm_style_key(size_t i)
{
    g_return_val_if_fail(i < N_KEYS, (cm_style_key_t){0});
    return (cm_style_key_t){KEYS[i].group, KEYS[i].key, type_names[KEYS[i].type]};
}

static void
append_color(GString *s, cm_color_t c)
{
    int r = (int)lround(c.r * 255), g = (int)lround(c.g * 255), b = (int)lround(c.b * 255);
    int a = (int)lround(c.a * 255);
    g_string_append_printf(s, "#%02x%02x%02x", r, g, b);
    if (a != 255)
        g_string_append_printf(s, "%02x", a);
}

static void
append_number(GString *s, double v)
{
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    g_string_append(s, g_ascii_formatd(buf, sizeof buf, "%.4g", v));
}

/* The palette's name when COLS equals a named palette, else its colours. */
static void
append_palette(GString *s, const cm_color_t *cols, int n)
{
    for (size_t i = 0; i < G_N_ELEMENTS(PALETTES); i++) {
        if (PALETTES[i].n != n)
            continue;
        bool same = true;
        for (int k = 0; k < n && same; k++) {
            cm_color_t c = hex(PALETTES[i].rgb[k]);
            same = c.r == cols[k].r && c.g == cols[k].g && c.b == cols[k].b && c.a == cols[k].a;
        }
        if (same) {
            g_string_append(s, PALETTES[i].name);
            return;
        }
    }
    for (int k = 0; k < n; k++) {
        if (k)
            g_string_append(s, ", ");
        append_color(s, cols[k]);
    }
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

char *
cm_style_get(const cm_style_t *s, const char *group, const char *key)
{
    const key_def_t *d = find_key(group, key);
    if (!d)
        return NULL;
    const void *field = (const char *)s + d->offset;
    GString *out = g_string_new(NULL);
    switch (d->type) {
    case K_NUM:
    case K_LENGTH:
        append_number(out, *(const double *)field);
        break;
    case K_INT:
        g_string_append_printf(out, "%d", *(const int *)field);
        break;
    case K_COLOR:
        append_color(out, *(const cm_color_t *)field);
        break;
    case K_FAMILY:
    case K_STRING:
    case K_LANG:
        g_string_append(out, *(char *const *)field);
        break;
    case K_PALETTE:
        append_palette(out, s->palette, s->palette_len);
        break;
    case K_SEQ:
        append_palette(out, s->sequential, s->sequential_len);
        break;
    case K_SIZE:
        append_number(out, s->width);
        g_string_append_c(out, 'x');
        append_number(out, s->height);
        break;
    }
    return g_string_free(out, FALSE);
}

static char *
range_message(const key_def_t *d, const char *value)
{
    return g_strdup_printf("%s.%s = %s is out of range (%g to %g)", d->group, d->key, value, d->min,
                           d->max);
}

/* Applies VALUE to the key D; on failure returns a new message string that
 * names the key. */
static char *
apply(cm_style_t *s, const key_def_t *d, const char *value)
{
    void *field = (char *)s + d->offset;
    char *end = NULL;
    GError *err = NULL;
    switch (d->type) {
    case K_NUM: {
        double v = g_ascii_strtod(value, &end);
        if (end == value || *g_strchug(end) || !isfinite(v))
            return g_strdup_printf("%s.%s: \"%s\" is not a number", d->group, d->key, value);
        if (v < d->min || v > d->max)
            return range_message(d, value);
        *(double *)field = v;
        return NULL;
    }
    case K_INT: {
        gint64 v = g_ascii_strtoll(value, &end, 10);
        if (end == value || *end)
            return g_strdup_printf("%s.%s: \"%s\" is not a whole number", d->group, d->key, value);
        if (v < d->min || v > d->max)
            return range_message(d, value);
        *(int *)field = (int)v;
        return NULL;
    }
    case K_LENGTH: {
        double v;
        cm_unit_t u;
        if (!cm_length_parse(value, &v, &u))
            return g_strdup_printf("%s.%s: \"%s\" is not a length (a number with px, mm, cm, in "
                                   "or pt)",
                                   d->group, d->key, value);
        if (v < d->min || v > d->max)
            return g_strdup_printf("%s.%s = %s is %.0f px: use %g to %g px", d->group, d->key,
                                   value, v, d->min, d->max);
        *(double *)field = v;
        s->physical = u != CM_UNIT_PX;
        return NULL;
    }
    case K_SIZE: {
        double w, h;
        bool phys;
        if (!cm_size_parse(value, &w, &h, &phys, &err)) {
            char *m = g_strdup_printf("%s.%s: %s", d->group, d->key, err->message);
            g_error_free(err);
            return m;
        }
        s->width = w;
        s->height = h;
        s->physical = phys;
        return NULL;
    }
    case K_COLOR:
        if (!cm_color_parse(value, (cm_color_t *)field))
            return g_strdup_printf("%s.%s: \"%s\" is not a colour (use #rgb, #rrggbb or "
                                   "#rrggbbaa)",
                                   d->group, d->key, value);
        return NULL;
    case K_LANG:
        if (!cm_lang_known(value))
            return g_strdup_printf("%s.%s: \"%s\" is not a language chronomap knows (use %s)",
                                   d->group, d->key, value, CM_LANGS);
        /* fall through */
    case K_FAMILY:
    case K_STRING:
        if (!*value)
            return g_strdup_printf("%s.%s must not be empty", d->group, d->key);
        g_free(*(char **)field);
        *(char **)field = g_strdup(value);
        return NULL;
    case K_PALETTE:
    case K_SEQ: {
        cm_color_t cols[CM_PALETTE_MAX];
        int n = cm_palette_parse(value, cols, &err);
        if (!n) {
            char *m = g_strdup_printf("%s.%s: %s", d->group, d->key, err->message);
            g_error_free(err);
            return m;
        }
        memcpy(field, cols, sizeof(cm_color_t) * (size_t)n);
        if (d->type == K_PALETTE)
            s->palette_len = n;
        else
            s->sequential_len = n;
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

/* The files being loaded, child first: CHAIN[0] inherits CHAIN[1] … */
typedef struct {
    GPtrArray *paths; /* char *, canonical, owned */
} chain_t;

static bool load_file(cm_style_t *s, const char *path, chain_t *chain, cm_diag_t *diag,
                      GError **error);

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

/* Loads the parent named by CHILD's inherits= (at LINE of TEXT). Errors name
 * the child's file, line and key. */
static bool
load_parent(cm_style_t *s, const char *child, int line, const char *parent, chain_t *chain,
            cm_diag_t *diag, GError **error)
{
    char *ppath = resolve_parent(child, parent);
    char *canon = g_canonicalize_filename(ppath, NULL);
    bool ok = false;
    for (guint i = 0; i < chain->paths->len; i++) {
        if (strcmp(chain->paths->pdata[i], canon) != 0)
            continue;
        GString *cycle = g_string_new(NULL);
        for (guint k = i; k < chain->paths->len; k++) {
            char *base = g_path_get_basename(chain->paths->pdata[k]);
            g_string_append_printf(cycle, "%s -> ", base);
            g_free(base);
        }
        char *base = g_path_get_basename(canon);
        g_string_append(cycle, base);
        g_free(base);
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE,
                    "%s:%d: page.inherits = %s makes a cycle (%s); a style cannot inherit "
                    "from itself",
                    child, line, parent, cycle->str);
        g_string_free(cycle, TRUE);
        goto out;
    }
    if (chain->paths->len > MAX_INHERIT_DEPTH) {
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE,
                    "%s:%d: page.inherits = %s: more than %d levels of inheritance", child, line,
                    parent, MAX_INHERIT_DEPTH);
        goto out;
    }
    if (!g_file_test(ppath, G_FILE_TEST_IS_REGULAR)) {
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE,
                    "%s:%d: page.inherits = %s: no style file %s (the parent is looked up next "
                    "to the child)",
                    child, line, parent, ppath);
        goto out;
    }
    ok = load_file(s, ppath, chain, diag, error);
out:
    g_free(canon);
    g_free(ppath);
    return ok;
}

/* False (ERROR set) when PATH is larger than the style size cap of S. */
static bool
check_size(const cm_style_t *s, const char *path, GError **error)
{
    guint64 cap = s->max_file_bytes > 0 ? (guint64)s->max_file_bytes : CM_STYLE_DEFAULT_MAX_BYTES;
    GStatBuf st;
    if (g_stat(path, &st) != 0 || (guint64)st.st_size <= cap)
        return true; /* a missing file is reported when it is read */
    g_set_error(error, CM_ERROR, CM_ERROR_USAGE,
                "%s: style file of %lld bytes is larger than the cap of %" G_GUINT64_FORMAT
                " bytes (CHRONOMAP_MAX_STYLE_BYTES); a style is a short INI file",
                path, (long long)st.st_size, cap);
    return false;
}

static bool
load_file(cm_style_t *s, const char *path, chain_t *chain, cm_diag_t *diag, GError **error)
{
    char *text = NULL;
    gsize len = 0;
    GError *err = NULL;
    /* Not a FIFO or a device: reading one could block forever. */
    if (g_file_test(path, G_FILE_TEST_EXISTS) && !g_file_test(path, G_FILE_TEST_IS_REGULAR)) {
        g_set_error(error, CM_ERROR, CM_ERROR_IO, "cannot read style %s: not a regular file", path);
        return false;
    }
    if (!check_size(s, path, error))
        return false;
    if (!g_file_get_contents(path, &text, &len, &err)) {
        g_set_error(error, CM_ERROR, CM_ERROR_IO, "cannot read style %s: %s", path, err->message);
        g_error_free(err);
        return false;
    }
    g_ptr_array_add(chain->paths, g_canonicalize_filename(path, NULL));
    GKeyFile *kf = g_key_file_new();
    bool ok = false;
    int errors_before = cm_diag_errors(diag);
    if (memchr(text, '\0', len)) { /* GKeyFile would stop reading there */
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE,
                    "%s: not a valid style file: it contains a NUL byte (a binary file?)", path);
        goto out;
    }
    if (!g_key_file_load_from_data(kf, text, len, G_KEY_FILE_NONE, &err)) {
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE, "%s: not a valid style file: %s", path,
                    err->message);
        g_error_free(err);
        goto out;
    }
    char *parent = g_key_file_get_string(kf, "page", "inherits", NULL);
    if (parent) {
        g_strstrip(parent);
        bool pok =
            load_parent(s, path, line_of(text, "page", "inherits"), parent, chain, diag, error);
        g_free(parent);
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
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE, "%d error%s in style %s",
                    cm_diag_errors(diag) - errors_before,
                    cm_diag_errors(diag) - errors_before == 1 ? "" : "s", path);
        goto out;
    }
    ok = true;
out:
    g_ptr_array_remove_index(chain->paths, chain->paths->len - 1);
    g_key_file_free(kf);
    g_free(text);
    return ok;
}

bool
cm_style_load(cm_style_t *style, const char *path, cm_diag_t *diag, GError **error)
{
    g_return_val_if_fail(style && path && diag, false);
    chain_t chain = {g_ptr_array_new_with_free_func(g_free)};
    bool ok = load_file(style, path, &chain, diag, error);
    g_ptr_array_free(chain.paths, TRUE);
    return ok;
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
