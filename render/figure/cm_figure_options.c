/* cm_figure_options.c — the one table of figure options, and how each is set.
 *
 * Every option of `chronomap timeline` and `chronomap map` is a row here: its long and
 * short name, which kinds take it, how it is given (value, file, list, flag), its help
 * text and the words it takes. The command line builds its GOption entries from the
 * rows (render/cli/cli_command.c), `chronomap batch` takes every row with MANIFEST set as
 * a key (render/batch/cm_batch_manifest.c), and `chronomap options` prints the table for
 * the tests that check the man page and the bash completion against it. Each row's
 * setter parses the text form into the typed spec; checks that need several options are
 * in cm_figure_spec_check (cm_figure_spec.c).
 */
#include "figure/cm_figure.h"

#include "style/cm_style.h"
#include "util/cm_error.h"

#include <math.h>
#include <string.h>

/* ---- setters shared by several rows ---- */

static char **
string_field(cm_figure_spec_t *s, const char *name)
{
    static const struct {
        const char *name;
        size_t offset;
    } fields[] = {
        {"title", offsetof(cm_figure_spec_t, title)},
        {"subtitle", offsetof(cm_figure_spec_t, subtitle)},
        {"source", offsetof(cm_figure_spec_t, source)},
        {"style", offsetof(cm_figure_spec_t, style)},
        {"report", offsetof(cm_figure_spec_t, report)},
        {"alt-text", offsetof(cm_figure_spec_t, alt_text)},
        {"eras", offsetof(cm_figure_spec_t, timeline.eras)},
        {"projection", offsetof(cm_figure_spec_t, map.projection)},
        {"basemap", offsetof(cm_figure_spec_t, map.basemap)},
        {"id-property", offsetof(cm_figure_spec_t, map.id_property)},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(fields); i++)
        if (strcmp(fields[i].name, name) == 0)
            return (char **)((char *)s + fields[i].offset);
    g_assert_not_reached();
    return NULL;
}

static bool
set_string(cm_figure_spec_t *s, const cm_figure_option_t *o, const char *v, GError **error)
{
    char **field = string_field(s, o->name);
    g_free(*field);
    *field = g_strdup(v ? v : "");
    return true;
}

static bool
append(char ***list, const char *v)
{
    guint n = *list ? g_strv_length(*list) : 0;
    *list = g_renew(char *, *list, n + 2);
    (*list)[n] = g_strdup(v ? v : "");
    (*list)[n + 1] = NULL;
    return true;
}

static bool
bad_choice(const cm_figure_option_t *o, const char *v, GError **error)
{
    char *words = g_strdup(o->values);
    char *last = strrchr(words, '|');
    GString *use = g_string_new(NULL);
    for (char *p = words; *p; p++) {
        if (*p != '|')
            g_string_append_c(use, *p);
        else
            g_string_append(use, p == last ? " or " : ", ");
    }
    g_set_error(error, CM_ERROR, CM_ERROR_USAGE, "--%s %s: use %s", o->name, v, use->str);
    g_string_free(use, TRUE);
    g_free(words);
    return false;
}

/* The index of V among O's values ("a|b|c"), or -1. */
static int
choice(const cm_figure_option_t *o, const char *v)
{
    char **words = g_strsplit(o->values, "|", -1);
    int found = -1;
    for (int i = 0; v && words[i] && found < 0; i++)
        if (strcmp(words[i], v) == 0)
            found = i;
    g_strfreev(words);
    return found;
}

static bool
parse_flag(const cm_figure_option_t *o, const char *v, bool *out, GError **error)
{
    if (!v || strcmp(v, "true") == 0 || strcmp(v, "1") == 0) {
        *out = true;
        return true;
    }
    if (strcmp(v, "false") == 0 || strcmp(v, "0") == 0) {
        *out = false;
        return true;
    }
    g_set_error(error, CM_ERROR, CM_ERROR_USAGE, "--%s %s: want true or false", o->name, v);
    return false;
}

static bool
parse_number(const cm_figure_option_t *o, const char *v, double *out, GError **error)
{
    char *end = NULL;
    double d = v ? g_ascii_strtod(v, &end) : NAN;
    if (!v || end == v || *end || !isfinite(d)) {
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE, "--%s %s: want a number", o->name, v ? v : "");
        return false;
    }
    *out = d;
    return true;
}

static bool
parse_date(const cm_figure_option_t *o, const char *v, cm_date_t *out, GError **error)
{
    GError *e = NULL;
    if (cm_date_parse(v, out, &e))
        return true;
    g_set_error(error, CM_ERROR, CM_ERROR_USAGE, "--%s: %s", o->name, e->message);
    g_error_free(e);
    return false;
}

/* ---- shared options ---- */

static bool
set_output(cm_figure_spec_t *s, const cm_figure_option_t *o, const char *v, GError **error)
{
    return append(&s->outputs, v);
}

static bool
set_format(cm_figure_spec_t *s, const cm_figure_option_t *o, const char *v, GError **error)
{
    if (!cm_format_parse(v, &s->format)) {
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE, "--format %s: use svg, png, pdf or dump", v);
        return false;
    }
    s->has_format = true;
    return true;
}

static bool
set_style_list(cm_figure_spec_t *s, const cm_figure_option_t *o, const char *v, GError **error)
{
    return append(&s->set, v);
}

static bool
set_size(cm_figure_spec_t *s, const cm_figure_option_t *o, const char *v, GError **error)
{
    GError *e = NULL;
    if (!cm_size_parse(v, &s->width, &s->height, &s->physical, &e)) {
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE, "--%s", e->message); /* "--size …" */
        g_error_free(e);
        return false;
    }
    s->has_size = true;
    return true;
}

static bool
set_scale(cm_figure_spec_t *s, const cm_figure_option_t *o, const char *v, GError **error)
{
    double k;
    if (!parse_number(o, v, &k, error))
        return false;
    if (!(k > 0 && k <= 10)) {
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE, "--scale %g: use a value above 0, at most 10",
                    k);
        return false;
    }
    s->scale = k;
    return true;
}

static bool
set_dpi(cm_figure_spec_t *s, const cm_figure_option_t *o, const char *v, GError **error)
{
    double d;
    if (!parse_number(o, v, &d, error))
        return false;
    if (d != 0 && !(d >= 24 && d <= 2400)) {
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE, "--dpi %g: use 24 to 2400", d);
        return false;
    }
    s->dpi = d;
    return true;
}

static bool
set_lang(cm_figure_spec_t *s, const cm_figure_option_t *o, const char *v, GError **error)
{
    if (!cm_lang_known(v)) {
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE, "--lang %s: use one of %s", v, CM_LANGS);
        return false;
    }
    g_free(s->lang);
    s->lang = g_strdup(v);
    return true;
}

static bool
set_svg_text(cm_figure_spec_t *s, const cm_figure_option_t *o, const char *v, GError **error)
{
    int c = choice(o, v);
    if (c < 0)
        return bad_choice(o, v, error);
    s->svg_text = c == 0 ? CM_SVG_TEXT_OUTLINE : CM_SVG_TEXT_SELECTABLE;
    return true;
}

static bool
set_column(cm_figure_spec_t *s, const cm_figure_option_t *o, const char *v, GError **error)
{
    const char *eq = strchr(v, '=');
    char *role = eq ? g_strndup(v, eq - v) : NULL;
    int r = role ? cm_role_from_name(role) : -1;
    g_free(role);
    if (r < 0 || !eq[1]) {
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE,
                    "--column %s: want ROLE=COLUMN with ROLE one of entity, code, date, end, "
                    "group, label, note, source, type",
                    v);
        return false;
    }
    g_free(s->columns[r]);
    s->columns[r] = g_strdup(eq + 1);
    return true;
}

static bool
set_delimiter(cm_figure_spec_t *s, const cm_figure_option_t *o, const char *v, GError **error)
{
    if (strcmp(v, "tab") == 0 || strcmp(v, "\\t") == 0) {
        s->delimiter = '\t';
        return true;
    }
    if (strlen(v) != 1) {
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE,
                    "--delimiter wants one character or \"tab\", not \"%s\"", v);
        return false;
    }
    s->delimiter = v[0];
    return true;
}

static bool
set_check(cm_figure_spec_t *s, const cm_figure_option_t *o, const char *v, GError **error)
{
    return parse_flag(o, v, &s->check, error);
}

static bool
set_date_order(cm_figure_spec_t *s, const cm_figure_option_t *o, const char *v, GError **error)
{
    int c = choice(o, v);
    if (c < 0)
        return bad_choice(o, v, error);
    s->date_order = c == 0 ? CM_DATE_ORDER_DMY : CM_DATE_ORDER_MDY;
    return true;
}

static bool
set_date_format(cm_figure_spec_t *s, const cm_figure_option_t *o, const char *v, GError **error)
{
    GError *e = NULL;
    if (!cm_date_format_check(v, &e)) {
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE, "--date-format: %s", e->message);
        g_error_free(e);
        return false;
    }
    g_free(s->date_format);
    s->date_format = g_strdup(v);
    return true;
}

static bool
set_century_pivot(cm_figure_spec_t *s, const cm_figure_option_t *o, const char *v, GError **error)
{
    char *end = NULL;
    gint64 y = g_ascii_strtoll(v, &end, 10);
    if (end == v || *end || y < 100 || y > 9900) {
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE,
                    "--century-pivot %s: use a year from 100 to 9900 (1930 reads two-digit "
                    "years as 1930 to 2029)",
                    v);
        return false;
    }
    s->century_pivot = (int32_t)y;
    return true;
}

static bool
set_excel_dates(cm_figure_spec_t *s, const cm_figure_option_t *o, const char *v, GError **error)
{
    int c = choice(o, v);
    if (c < 0)
        return bad_choice(o, v, error);
    s->excel_dates = c == 0 ? 1900 : 1904;
    return true;
}

static bool
set_undated(cm_figure_spec_t *s, const cm_figure_option_t *o, const char *v, GError **error)
{
    int c = choice(o, v);
    if (c < 0)
        return bad_choice(o, v, error);
    s->undated = c == 0 ? CM_UNDATED_SKIP : CM_UNDATED_ERROR;
    return true;
}

static bool
set_encoding(cm_figure_spec_t *s, const cm_figure_option_t *o, const char *v, GError **error)
{
    /* An empty name would be iconv's locale charset: not reproducible, so refused. */
    GIConv cd = *v ? g_iconv_open("UTF-8", v) : NULL;
    bool known = cd && cd != (GIConv)-1; // NOLINT(performance-no-int-to-ptr): its error value
    if (known)
        g_iconv_close(cd);
    if (!known) {
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE,
                    "--encoding %s: unknown encoding; give an iconv name such as "
                    "windows-1252, latin1, utf-16 or utf-8",
                    v);
        return false;
    }
    g_free(s->encoding);
    s->encoding = g_strdup(v);
    return true;
}

static bool
set_quiet(cm_figure_spec_t *s, const cm_figure_option_t *o, const char *v, GError **error)
{
    return parse_flag(o, v, &s->quiet, error);
}

/* ---- timeline ---- */

static bool
set_layout(cm_figure_spec_t *s, const cm_figure_option_t *o, const char *v, GError **error)
{
    static const cm_timeline_kind_t kinds[] = {CM_TIMELINE_LANES, CM_TIMELINE_AXIS,
                                               CM_TIMELINE_STEP};
    int c = choice(o, v);
    if (c < 0)
        return bad_choice(o, v, error);
    s->timeline.layout = kinds[c];
    return true;
}

static bool
set_sort(cm_figure_spec_t *s, const cm_figure_option_t *o, const char *v, GError **error)
{
    static const cm_sort_t sorts[] = {CM_SORT_START, CM_SORT_NAME, CM_SORT_FILE};
    int c = choice(o, v);
    if (c < 0)
        return bad_choice(o, v, error);
    s->timeline.sort = sorts[c];
    return true;
}

static bool
set_from(cm_figure_spec_t *s, const cm_figure_option_t *o, const char *v, GError **error)
{
    return (s->timeline.has_from = parse_date(o, v, &s->timeline.from, error));
}

static bool
set_to(cm_figure_spec_t *s, const cm_figure_option_t *o, const char *v, GError **error)
{
    return (s->timeline.has_to = parse_date(o, v, &s->timeline.to, error));
}

static bool
set_group_by(cm_figure_spec_t *s, const cm_figure_option_t *o, const char *v, GError **error)
{
    g_free(s->timeline.group_by);
    s->timeline.no_groups = g_ascii_strcasecmp(v, "none") == 0;
    s->timeline.group_by = s->timeline.no_groups ? NULL : g_strdup(v);
    return true;
}

/* ---- map ---- */

static bool
set_bbox(cm_figure_spec_t *s, const cm_figure_option_t *o, const char *v, GError **error)
{
    double *b = s->map.bbox;
    char **parts = g_strsplit(v, ",", -1);
    bool ok = g_strv_length(parts) == 4;
    for (int i = 0; ok && i < 4; i++) {
        char *end;
        const char *p = g_strstrip(parts[i]);
        b[i] = g_ascii_strtod(p, &end);
        ok = end != p && !*end && isfinite(b[i]);
    }
    g_strfreev(parts);
    if (!ok) {
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE,
                    "--bbox wants WEST,SOUTH,EAST,NORTH in degrees, not \"%s\"", v);
        return false;
    }
    if (!(b[1] < b[3]) || b[1] < -90 || b[3] > 90 || fabs(b[0]) > 360 || fabs(b[2]) > 360) {
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE,
                    "--bbox %s: want WEST,SOUTH,EAST,NORTH with -90 <= south < north <= 90", v);
        return false;
    }
    s->map.has_bbox = true;
    return true;
}

static bool
set_color_by(cm_figure_spec_t *s, const cm_figure_option_t *o, const char *v, GError **error)
{
    int c = choice(o, v);
    if (c < 0)
        return bad_choice(o, v, error);
    s->map.color_by = c == 0 ? CM_MAP_COLOR_GROUP : CM_MAP_COLOR_DATE;
    s->map.has_color_by = true;
    return true;
}

static bool
set_bins(cm_figure_spec_t *s, const cm_figure_option_t *o, const char *v, GError **error)
{
    static const struct {
        const char *word;
        cm_map_bins_t bins;
    } words[] = {
        {"rounds", CM_MAP_BINS_ROUNDS},
        {"decades", CM_MAP_BINS_DECADES},
        {"auto", CM_MAP_BINS_AUTO},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(words); i++)
        if (strcmp(v, words[i].word) == 0) {
            s->map.bins = words[i].bins;
            s->map.has_bins = true;
            return true;
        }
    char **parts = g_strsplit(v, ",", -1);
    int n = (int)g_strv_length(parts);
    bool ok = n >= 1 && n <= CM_MAP_MAX_BINS;
    for (int i = 0; ok && i < n; i++) {
        char *end;
        const char *p = g_strstrip(parts[i]);
        gint64 y = g_ascii_strtoll(p, &end, 10);
        ok = end != p && !*end && y > -CM_DATE_YEAR_MAX && y < CM_DATE_YEAR_MAX &&
             (i == 0 || y > s->map.bin_years[i - 1]);
        s->map.bin_years[i] = (int)y;
    }
    g_strfreev(parts);
    if (!ok) {
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE,
                    "--bins %s: use rounds, decades, or up to %d ascending years "
                    "(e.g. 1949,1990,2000)",
                    v, CM_MAP_MAX_BINS);
        return false;
    }
    s->map.bins = CM_MAP_BINS_YEARS;
    s->map.n_bin_years = n;
    s->map.has_bins = true;
    return true;
}

static bool
set_as_of(cm_figure_spec_t *s, const cm_figure_option_t *o, const char *v, GError **error)
{
    s->map.as_of_today = g_ascii_strcasecmp(v, "today") == 0;
    if (!s->map.as_of_today && !parse_date(o, v, &s->map.as_of, error))
        return false;
    s->map.has_as_of = true;
    return true;
}

static bool
set_labels(cm_figure_spec_t *s, const cm_figure_option_t *o, const char *v, GError **error)
{
    g_strfreev(s->map.label_only);
    s->map.label_only = NULL;
    s->map.labels = true;
    if (v && *v && g_ascii_strcasecmp(v, "all") != 0)
        s->map.label_only = g_strsplit(v, ",", -1);
    return true;
}

static bool
set_max_vertices(cm_figure_spec_t *s, const cm_figure_option_t *o, const char *v, GError **error)
{
    char *end = NULL;
    gint64 n = g_ascii_strtoll(v, &end, 10);
    if (end == v || *end || n < 0) {
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE, "--max-vertices %s: use a positive number", v);
        return false;
    }
    s->map.max_vertices = n;
    return true;
}

static bool
set_frames(cm_figure_spec_t *s, const cm_figure_option_t *o, const char *v, GError **error)
{
    return parse_flag(o, v, &s->map.frames, error);
}

static bool
set_unmatched(cm_figure_spec_t *s, const cm_figure_option_t *o, const char *v, GError **error)
{
    int c = choice(o, v);
    if (c < 0)
        return bad_choice(o, v, error);
    s->map.unmatched = c == 0 ? CM_MAP_UNMATCHED_ERROR : CM_MAP_UNMATCHED_WARN;
    return true;
}

static bool
set_graticule(cm_figure_spec_t *s, const cm_figure_option_t *o, const char *v, GError **error)
{
    return parse_flag(o, v, &s->map.graticule, error);
}

static bool
set_sovereign(cm_figure_spec_t *s, const cm_figure_option_t *o, const char *v, GError **error)
{
    return append(&s->map.sovereigns, v);
}

/* ---- the table ---- */

#define TL CM_FIGURE_TIMELINE
#define MAP CM_FIGURE_MAP
#define BOTH CM_FIGURE_BOTH

static const cm_figure_option_t options[] = {
    /* shared */
    {"output", 'o', BOTH, CM_FIGURE_ARG_OUTPUT, "FILE",
     "Write the figure to FILE (- for stdout); repeat for several formats of one layout", NULL,
     false, set_output},
    {"format", 0, BOTH, CM_FIGURE_ARG_VALUE, "FMT",
     "svg, png, pdf or dump (default: from the output name)", "svg|png|pdf|dump", true, set_format},
    {"title", 0, BOTH, CM_FIGURE_ARG_VALUE, "TEXT", "Title above the figure", NULL, true,
     set_string},
    {"subtitle", 0, BOTH, CM_FIGURE_ARG_VALUE, "TEXT", "Subtitle under the title", NULL, true,
     set_string},
    {"source", 0, BOTH, CM_FIGURE_ARG_VALUE, "TEXT", "Credit line at the bottom", NULL, true,
     set_string},
    {"style", 0, BOTH, CM_FIGURE_ARG_FILE, "FILE", "Style file or name (styles/NAME.ini)", NULL,
     true, set_string},
    {"set", 0, BOTH, CM_FIGURE_ARG_LIST, "GROUP.KEY=VALUE", "Override a style key (repeatable)",
     NULL, true, set_style_list},
    {"size", 0, BOTH, CM_FIGURE_ARG_VALUE, "SIZE",
     "Canvas size: WxH in px, mm, cm, in or pt (170mmx110mm), or column, slide, social, "
     "a4-landscape, a4, a5-landscape, letter-landscape (default: the style's)",
     NULL, true, set_size},
    {"scale", 0, BOTH, CM_FIGURE_ARG_VALUE, "K", "PNG pixel ratio (2 = sharp @2x)", NULL, true,
     set_scale},
    {"dpi", 0, BOTH, CM_FIGURE_ARG_VALUE, "N",
     "PNG resolution for sizes in mm/in/pt (default: the style's, 96; print: 300); for px "
     "sizes only written into the PNG",
     NULL, true, set_dpi},
    {"report", 0, BOTH, CM_FIGURE_ARG_OUTPUT, "FILE", "Write the layout report as JSON", NULL, true,
     set_string},
    {"check", 0, BOTH, CM_FIGURE_ARG_FLAG, NULL,
     "Run the figure checker: list each problem and exit 65, writing nothing, if any is found",
     NULL, true, set_check},
    {"lang", 0, BOTH, CM_FIGURE_ARG_VALUE, "LANG",
     "Language of dates and alt text: en, de, fr, ko, ja (default: the style's)", "en|de|fr|ko|ja",
     true, set_lang},
    {"alt-text", 0, BOTH, CM_FIGURE_ARG_OUTPUT, "FILE",
     "Also write the figure's text description (alt text) to FILE", NULL, true, set_string},
    {"svg-text", 0, BOTH, CM_FIGURE_ARG_VALUE, "MODE",
     "SVG text: outline (default) or selectable (adds invisible, searchable <text>)",
     "outline|selectable", true, set_svg_text},
    {"column", 0, BOTH, CM_FIGURE_ARG_LIST, "ROLE=NAME",
     "Map a role to a column (repeatable), e.g. date=joined", NULL, true, set_column},
    {"delimiter", 0, BOTH, CM_FIGURE_ARG_VALUE, "C",
     "Field delimiter: , ; or tab (default: detected)", NULL, true, set_delimiter},
    {"date-order", 0, BOTH, CM_FIGURE_ARG_VALUE, "ORDER",
     "Numeric dates are day first (dmy: 03/04/2005 is 3 April) or month first (mdy) "
     "(default: settled by a day over 12, else an error)",
     "dmy|mdy", true, set_date_order},
    {"date-format", 0, BOTH, CM_FIGURE_ARG_VALUE, "PATTERN",
     "Read the data's dates only with PATTERN: %Y %y %m %d %e %b %B %q %H %M %S %% "
     "(e.g. %d.%m.%Y)",
     NULL, true, set_date_format},
    {"century-pivot", 0, BOTH, CM_FIGURE_ARG_VALUE, "YEAR",
     "Read two-digit years as YEAR to YEAR+99 (1930: 78 is 1978, 05 is 2005; default: "
     "refused)",
     NULL, true, set_century_pivot},
    {"excel-dates", 0, BOTH, CM_FIGURE_ARG_VALUE, "EPOCH",
     "Read bare numbers in date columns as Excel day numbers from 1900 (or 1904, old Mac "
     "workbooks)",
     "1900|1904", true, set_excel_dates},
    {"undated", 0, BOTH, CM_FIGURE_ARG_VALUE, "MODE",
     "Rows whose date is empty or no date (\"n/a\"): skip (left out, counted in one "
     "warning) or error (default)",
     "skip|error", true, set_undated},
    {"encoding", 0, BOTH, CM_FIGURE_ARG_VALUE, "NAME",
     "The data file's encoding, an iconv name (default: UTF-8 or UTF-16 with a BOM, else "
     "Windows-1252)",
     NULL, true, set_encoding},
    {"quiet", 'q', BOTH, CM_FIGURE_ARG_FLAG, NULL, "Print nothing but errors", NULL, true,
     set_quiet},
    /* timeline */
    {"layout", 'l', TL, CM_FIGURE_ARG_VALUE, "KIND", "lanes (default), axis or step",
     "lanes|axis|step", true, set_layout},
    {"from", 0, TL, CM_FIGURE_ARG_VALUE, "DATE", "Start of the time window", NULL, true, set_from},
    {"to", 0, TL, CM_FIGURE_ARG_VALUE, "DATE", "End of the time window", NULL, true, set_to},
    {"group-by", 0, TL, CM_FIGURE_ARG_VALUE, "COLUMN", "Group lanes by COLUMN (none: no groups)",
     NULL, true, set_group_by},
    {"sort", 0, TL, CM_FIGURE_ARG_VALUE, "ORDER", "Lane order: start, name or file (default)",
     "start|name|file", true, set_sort},
    {"eras", 0, TL, CM_FIGURE_ARG_FILE, "FILE", "Background bands from a CSV of name,start,end",
     NULL, true, set_string},
    /* map */
    {"projection", 'p', MAP, CM_FIGURE_ARG_VALUE, "DEF",
     "world (default), robinson, europe, north-atlantic, asia-pacific, a PROJ string or EPSG:n",
     NULL, true, set_string},
    {"bbox", 0, MAP, CM_FIGURE_ARG_VALUE, "W,S,E,N", "Frame the map to a lon/lat box", NULL, true,
     set_bbox},
    {"color-by", 0, MAP, CM_FIGURE_ARG_VALUE, "WHAT",
     "group (the group column; default when there is one) or date", "group|date", true,
     set_color_by},
    {"bins", 0, MAP, CM_FIGURE_ARG_VALUE, "rounds|decades|Y1,Y2,…",
     "Date bins: rounds, decades or ascending years (implies --color-by date)", NULL, true,
     set_bins},
    {"as-of", 0, MAP, CM_FIGURE_ARG_VALUE, "DATE", "Colour the state on this date (or today)", NULL,
     true, set_as_of},
    {"labels", 0, MAP, CM_FIGURE_ARG_OPTIONAL, "LIST",
     "Label every coloured country, or only those listed (--labels=JP,KR)", NULL, true, set_labels},
    {"basemap", 0, MAP, CM_FIGURE_ARG_FILE, "FILE",
     "GeoJSON or TopoJSON countries (default: Natural Earth 1:50m)", NULL, true, set_string},
    {"id-property", 0, MAP, CM_FIGURE_ARG_VALUE, "NAME",
     "Basemap property holding the ISO code (default: the feature id)", NULL, true, set_string},
    {"max-vertices", 0, MAP, CM_FIGURE_ARG_VALUE, "N",
     "Refuse a basemap with more than N vertices (default 5000000)", NULL, true, set_max_vertices},
    {"frames", 0, MAP, CM_FIGURE_ARG_FLAG, NULL,
     "One image per date in the data: OUT-YYYY-MM-DD.EXT", NULL, true, set_frames},
    {"unmatched", 0, MAP, CM_FIGURE_ARG_VALUE, "MODE",
     "Rows naming no known country: error (default) or warn", "error|warn", true, set_unmatched},
    {"graticule", 0, MAP, CM_FIGURE_ARG_FLAG, NULL, "Draw a 30° graticule", NULL, true,
     set_graticule},
    {"sovereign", 0, MAP, CM_FIGURE_ARG_LIST, "DEP=SOV",
     "Colour DEP with SOV (repeatable; DEP= to stand alone)", NULL, true, set_sovereign},
    {NULL},
};

const cm_figure_option_t *
cm_figure_options(void)
{
    return options;
}

const cm_figure_option_t *
cm_figure_option_find(const char *name)
{
    bool one = name[0] && !name[1];
    for (const cm_figure_option_t *o = options; o->name; o++)
        if (one ? o->short_name == name[0] : strcmp(o->name, name) == 0)
            return o;
    return NULL;
}
