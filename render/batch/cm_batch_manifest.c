/* cm_batch_manifest.c — loading and validating a batch manifest.
 *
 * Two passes over the file. The first scans the raw text line by line, because
 * GKeyFile silently merges a repeated group (and keeps the last of a repeated
 * key): it records the line of every group and key and reports duplicates,
 * unknown group names and lines that are neither group, key nor comment. The
 * second reads the values through GKeyFile (so escapes and lists behave as in
 * styles) and merges [defaults] into each [figure NAME]: unknown keys (with
 * the nearest known one), values outside a key's choices, missing input
 * files, outputs written twice and output folders that cannot be written are
 * all reported, each with the manifest's name and line, before anything is
 * rendered. The exit status is the first problem's: 64 for the manifest's
 * own mistakes, 74 for files that cannot be read or written.
 */
#include "batch/cm_batch.h"
#include "util/cm_datadir.h"
#include "util/cm_strdist.h"
#include "util/cm_error.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#define DEFAULT_BASEMAP "data/world/countries-50m.json"
#define MAX_MANIFEST_BYTES (64 * 1024 * 1024)

typedef struct {
    /* borrowed */
    const char *path;
    cm_diag_t *diag;
    /* owned */
    char *dir;
    GHashTable *lines;   /* "GROUP" or "GROUP\x1fKEY" -> line */
    GHashTable *written; /* canonical output path -> "figure NAME (line N)" */
    GHashTable *dirs_ok; /* folders already checked -> 1 ok, 2 bad */
    GKeyFile *kf;
    /* plain */
    int first_code;
} load_t;

static void problem(load_t *ld, int code, int line, const char *fmt, ...) G_GNUC_PRINTF(4, 5);

static void
problem(load_t *ld, int code, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    cm_diag_add(ld->diag, CM_DIAG_ERROR, ld->path, line, 0, "%s", msg);
    g_free(msg);
    if (!ld->first_code)
        ld->first_code = code;
}

static int
line_of(load_t *ld, const char *group, const char *key)
{
    char *k = key ? g_strconcat(group, "\x1f", key, NULL) : g_strdup(group);
    int line = GPOINTER_TO_INT(g_hash_table_lookup(ld->lines, k));
    g_free(k);
    return line;
}

static bool
valid_figure_name(const char *name)
{
    if (!*name || name[0] == '.' || strlen(name) > 200)
        return false;
    for (const char *p = name; *p; p++)
        if (!g_ascii_isalnum(*p) && !strchr("._-", *p))
            return false;
    return true;
}

/* ---- pass 1: the raw text ---- */

static void
scan_group(load_t *ld, const char *group, int n)
{
    int first = GPOINTER_TO_INT(g_hash_table_lookup(ld->lines, group));
    if (first) {
        problem(ld, CM_ERROR_USAGE, n,
                "duplicate group [%s] (first at line %d): give each figure its own name", group,
                first);
        return;
    }
    g_hash_table_insert(ld->lines, g_strdup(group), GINT_TO_POINTER(n));
    if (strcmp(group, "defaults") == 0)
        return;
    if (!g_str_has_prefix(group, "figure ")) {
        problem(ld, CM_ERROR_USAGE, n, "unknown group [%s]: use [defaults] or [figure NAME]",
                group);
        return;
    }
    const char *name = group + strlen("figure ");
    if (!valid_figure_name(name))
        problem(ld, CM_ERROR_USAGE, n,
                "figure name \"%s\": use letters, digits, '.', '_' and '-' (it names files)", name);
}

static void
scan(load_t *ld, const char *text)
{
    char **lines = g_strsplit(text, "\n", -1);
    char *group = NULL;
    for (int i = 0; lines[i]; i++) {
        int n = i + 1;
        char *l = g_strstrip(lines[i]);
        if (!*l || *l == '#' || *l == ';')
            continue;
        if (*l == '[') {
            size_t len = strlen(l);
            g_free(group);
            group = NULL;
            if (l[len - 1] != ']') {
                problem(ld, CM_ERROR_USAGE, n, "group header \"%s\" lacks its closing ']'", l);
                continue;
            }
            group = g_strndup(l + 1, len - 2);
            scan_group(ld, group, n);
            continue;
        }
        const char *eq = strchr(l, '=');
        if (!eq) {
            problem(ld, CM_ERROR_USAGE, n, "\"%s\" is not a [group], a key = value or a # comment",
                    l);
            continue;
        }
        if (!group) {
            problem(ld, CM_ERROR_USAGE, n,
                    "key outside a group: start with [defaults] or "
                    "[figure NAME]");
            continue;
        }
        char *key = g_strstrip(g_strndup(l, eq - l));
        char *k = g_strconcat(group, "\x1f", key, NULL);
        int first = GPOINTER_TO_INT(g_hash_table_lookup(ld->lines, k));
        if (first)
            problem(ld, CM_ERROR_USAGE, n, "key \"%s\" given twice in [%s] (first at line %d)", key,
                    group, first);
        else
            g_hash_table_insert(ld->lines, k, GINT_TO_POINTER(n)), k = NULL;
        g_free(k);
        g_free(key);
    }
    g_free(group);
    g_strfreev(lines);
}

/* ---- pass 2: values ---- */

static char *
resolve(load_t *ld, const char *value)
{
    return g_canonicalize_filename(value, ld->dir);
}

/* The value of KEY for the figure GROUP: its own, else [defaults]'s. LINE gets
 * the line it came from. NULL when neither has it. */
static const char *
source_group(load_t *ld, const char *group, const char *key, int *line)
{
    if (g_key_file_has_key(ld->kf, group, key, NULL)) {
        *line = line_of(ld, group, key);
        return group;
    }
    if (g_key_file_has_key(ld->kf, "defaults", key, NULL)) {
        *line = line_of(ld, "defaults", key);
        return "defaults";
    }
    *line = line_of(ld, group, NULL);
    return NULL;
}

static char *
get_string(load_t *ld, const char *group, const char *key, int *line)
{
    const char *g = source_group(ld, group, key, line);
    return g ? g_key_file_get_string(ld->kf, g, key, NULL) : NULL;
}

static char **
get_list(load_t *ld, const char *group, const char *key, int *line)
{
    const char *g = source_group(ld, group, key, line);
    return g ? g_key_file_get_string_list(ld->kf, g, key, NULL, NULL) : NULL;
}

/* The keys of batch itself, which every figure takes. */
static const char *const batch_keys[] = {"kind", "data", "output", "outputs", "output-dir", NULL};

/* Whether a figure of KINDS takes key NAME. */
static bool
takes_key(const char *name, unsigned kinds)
{
    if (g_strv_contains(batch_keys, name))
        return true;
    const cm_figure_option_t *o = name[0] && name[1] ? cm_figure_option_find(name) : NULL;
    return o && o->manifest && (o->kinds & kinds);
}

/* The nearest key to NAME that a figure of KINDS takes, or NULL. */
static const char *
nearest_key(const char *name, unsigned kinds)
{
    const char *best = NULL;
    int best_d = 4;
    GPtrArray *names = g_ptr_array_new();
    for (int i = 0; batch_keys[i]; i++)
        g_ptr_array_add(names, (gpointer)batch_keys[i]);
    for (const cm_figure_option_t *o = cm_figure_options(); o->name; o++)
        if (o->manifest && (o->kinds & kinds))
            g_ptr_array_add(names, (gpointer)o->name);
    for (guint i = 0; i < names->len; i++) {
        const char *k = g_ptr_array_index(names, i);
        int d = cm_edit_distance(name, k);
        if (d < best_d || (d <= 3 && g_str_has_prefix(k, name) && !best)) {
            best = k;
            best_d = d;
        }
    }
    g_ptr_array_free(names, TRUE);
    return best && (best_d <= 2 || best_d * 3 <= (int)strlen(name)) ? best : NULL;
}

static void
unknown_key(load_t *ld, const char *group, const char *key, unsigned kinds, const char *kind_name)
{
    int line = line_of(ld, group, key);
    const cm_figure_option_t *other = key[0] && key[1] ? cm_figure_option_find(key) : NULL;
    if (other && other->manifest) {
        problem(ld, CM_ERROR_USAGE, line, "key \"%s\" is a %s option; figure [%s] is a %s", key,
                other->kinds == CM_FIGURE_MAP ? "map" : "timeline", group, kind_name);
        return;
    }
    const char *near = nearest_key(key, kinds);
    if (near)
        problem(ld, CM_ERROR_USAGE, line, "unknown key \"%s\" in [%s]; did you mean \"%s\"?", key,
                group, near);
    else
        problem(ld, CM_ERROR_USAGE, line,
                "unknown key \"%s\" in [%s]: use kind, data, outputs, output or a long option "
                "of 'chronomap %s'",
                key, group, kind_name);
}

static void
check_input(load_t *ld, const char *what, const char *path, int line)
{
    if (g_file_test(path, G_FILE_TEST_IS_REGULAR) && access(path, R_OK) == 0)
        return;
    problem(ld, CM_ERROR_IO, line, "%s \"%s\": %s", what, path,
            g_file_test(path, G_FILE_TEST_EXISTS) ? "cannot be read (not a readable file)"
                                                  : "no such file");
}

/* A style's files: a path (and the .ini files beside it, which it may
 * inherit from), or a name looked up like the commands do: styles/NAME.ini
 * in the data folder (cm_datadir). */
static void
style_inputs(load_t *ld, const char *style, int line, GPtrArray *inputs, char **resolved)
{
    char *file = NULL;
    if (strchr(style, '/') || g_str_has_suffix(style, ".ini")) {
        file = resolve(ld, style);
        check_input(ld, "style file", file, line);
    } else {
        char *rel = g_strconcat("styles/", style, ".ini", NULL);
        file = cm_data_path(rel);
        g_free(rel);
        if (!g_file_test(file, G_FILE_TEST_IS_REGULAR))
            g_clear_pointer(&file, g_free);
        if (!file) {
            problem(ld, CM_ERROR_USAGE, line,
                    "style \"%s\": no such style (give a name from styles/ or a path to an "
                    ".ini file)",
                    style);
            return;
        }
    }
    *resolved = g_strdup(file);
    char *dir = g_path_get_dirname(file);
    GDir *d = g_dir_open(dir, 0, NULL);
    for (const char *n; d && (n = g_dir_read_name(d));)
        if (g_str_has_suffix(n, ".ini"))
            g_ptr_array_add(inputs, g_build_filename(dir, n, NULL));
    if (d)
        g_dir_close(d);
    g_free(dir);
    g_free(file);
}

static char *
default_basemap(void)
{
    char *p = cm_data_path(DEFAULT_BASEMAP);
    if (g_file_test(p, G_FILE_TEST_IS_REGULAR))
        return p;
    g_free(p);
    return NULL;
}

/* Whether files can be created in DIR (or in the folders that would be made
 * for it): it is a folder, or does not exist yet and its nearest existing
 * ancestor is a writable folder. */
static bool
dir_writable(const char *dir, char **why)
{
    char *d = g_strdup(dir);
    for (;;) {
        struct stat st;
        if (stat(d, &st) == 0) {
            bool ok = S_ISDIR(st.st_mode) && access(d, W_OK | X_OK) == 0;
            if (!ok)
                *why = g_strdup_printf(
                    S_ISDIR(st.st_mode) ? "folder %s is not writable" : "%s is not a folder", d);
            g_free(d);
            return ok;
        }
        char *up = g_path_get_dirname(d);
        bool top = strcmp(up, d) == 0;
        g_free(d);
        d = up;
        if (top)
            break;
    }
    *why = g_strdup_printf("no folder of %s exists", dir);
    g_free(d);
    return false;
}

static void
check_output(load_t *ld, const cm_batch_figure_t *f, const char *path, int line)
{
    char *owner = g_strdup_printf("figure %s (line %d)", f->name, f->line);
    const char *prev = g_hash_table_lookup(ld->written, path);
    if (prev) {
        problem(ld, CM_ERROR_USAGE, line, "figure %s writes %s, which %s writes too", f->name, path,
                prev);
        g_free(owner);
        return;
    }
    g_hash_table_insert(ld->written, g_strdup(path), owner);
    if (g_file_test(path, G_FILE_TEST_IS_DIR)) {
        problem(ld, CM_ERROR_IO, line, "output %s of figure %s is a folder", path, f->name);
        return;
    }
    char *dir = g_path_get_dirname(path);
    int state = GPOINTER_TO_INT(g_hash_table_lookup(ld->dirs_ok, dir));
    if (!state) {
        char *why = NULL;
        state = dir_writable(dir, &why) ? 1 : 2;
        if (state == 2)
            problem(ld, CM_ERROR_IO, line, "cannot write %s for figure %s: %s", path, f->name, why);
        g_free(why);
        g_hash_table_insert(ld->dirs_ok, g_strdup(dir), GINT_TO_POINTER(state));
    }
    g_free(dir);
}

static void
figure_free(cm_batch_figure_t *f)
{
    if (!f)
        return;
    g_free(f->name);
    g_free(f->data);
    g_free(f->title);
    g_strfreev(f->outputs);
    g_free(f->report);
    g_free(f->alt_text);
    g_strfreev(f->inputs);
    cm_figure_spec_release(&f->spec);
    g_free(f);
}

static bool
is_format(const char *s)
{
    return strcmp(s, "svg") == 0 || strcmp(s, "png") == 0 || strcmp(s, "pdf") == 0 ||
           strcmp(s, "dump") == 0;
}

static const char *
format_word(cm_format_t f)
{
    static const char *const words[] = {[CM_FORMAT_SVG] = "svg",
                                        [CM_FORMAT_PNG] = "png",
                                        [CM_FORMAT_PDF] = "pdf",
                                        [CM_FORMAT_DUMP] = "dump"};
    return words[f];
}

/* outputs = svg;png;pdf (formats, after output = BASE) or explicit paths. */
static void
figure_outputs(load_t *ld, cm_batch_figure_t *f, const char *group, const cm_batch_manifest_t *m)
{
    int base_line, line;
    char *base_key = get_string(ld, group, "output", &base_line);
    char *base = base_key && g_key_file_has_key(ld->kf, group, "output", NULL)
                     ? resolve(ld, base_key)
                     : g_build_filename(m->output_dir, f->name, NULL);
    if (base_key && !g_key_file_has_key(ld->kf, group, "output", NULL))
        problem(ld, CM_ERROR_USAGE, base_line,
                "\"output\" names one figure's files: put it in the [figure NAME] group, or "
                "output-dir in [defaults]");
    char **list = get_list(ld, group, "outputs", &line);
    GPtrArray *outs = g_ptr_array_new();
    const char *const dflt[] = {"svg", "png", "pdf", NULL};
    /* format = png without outputs: that one format */
    const char *format = f->spec.has_format ? format_word(f->spec.format) : NULL;
    const char *const one[] = {format, NULL};
    const char *const *items = list ? (const char *const *)list : format ? one : dflt;
    if (list && !list[0])
        problem(ld, CM_ERROR_USAGE, line, "figure %s: outputs is empty; e.g. outputs = svg;png",
                f->name);
    for (int i = 0; items[i]; i++) {
        const char *it = items[i];
        char *path = is_format(it) ? g_strconcat(base, ".", it, NULL) : resolve(ld, it);
        const char *dot = strrchr(path, '.');
        if (!f->spec.has_format && (!dot || !is_format(dot + 1))) {
            problem(ld, CM_ERROR_USAGE, line,
                    "output \"%s\" of figure %s: give a format (svg, png, pdf) or a path "
                    "ending in .svg, .png or .pdf",
                    it, f->name);
            g_free(path);
            continue;
        }
        g_ptr_array_add(outs, path);
        check_output(ld, f, path, line);
    }
    g_ptr_array_add(outs, NULL);
    f->outputs = (char **)g_ptr_array_free(outs, FALSE);
    g_strfreev(list);
    g_free(base);
    g_free(base_key);
}

/* Sets option O of F's spec from VALUE, or records the problem at LINE. */
static void
spec_set(load_t *ld, cm_batch_figure_t *f, const cm_figure_option_t *o, const char *value, int line)
{
    GError *e = NULL;
    if (!cm_figure_spec_set(&f->spec, o->name, value, &e)) {
        /* "--layout lanez: use …" reads "layout = lanez: use …" in a manifest */
        char *with_value = g_strdup_printf("--%s %s: ", o->name, value ? value : "");
        char *bare = g_strdup_printf("--%s: ", o->name);
        const char *why = e->message;
        if (g_str_has_prefix(why, with_value))
            why += strlen(with_value);
        else if (g_str_has_prefix(why, bare))
            why += strlen(bare);
        problem(ld, CM_ERROR_USAGE, line, "%s = %s: %s", o->name, value ? value : "", why);
        g_free(with_value);
        g_free(bare);
    }
    g_clear_error(&e);
}

static void
figure_option(load_t *ld, cm_batch_figure_t *f, const char *group, const cm_figure_option_t *o,
              GPtrArray *inputs)
{
    int line;
    if (o->arg == CM_FIGURE_ARG_LIST) {
        char **items = get_list(ld, group, o->name, &line);
        for (int i = 0; items && items[i]; i++)
            spec_set(ld, f, o, items[i], line);
        g_strfreev(items);
        return;
    }
    if (o->arg == CM_FIGURE_ARG_FLAG) {
        const char *g = source_group(ld, group, o->name, &line);
        if (!g)
            return;
        GError *e = NULL;
        gboolean on = g_key_file_get_boolean(ld->kf, g, o->name, &e);
        if (e)
            problem(ld, CM_ERROR_USAGE, line, "key \"%s\": want true or false", o->name);
        else
            spec_set(ld, f, o, on ? "true" : "false", line);
        g_clear_error(&e);
        return;
    }
    char *v = get_string(ld, group, o->name, &line);
    if (!v)
        return;
    if (strcmp(o->name, "style") == 0) {
        char *file = NULL;
        style_inputs(ld, v, line, inputs, &file);
        if (file)
            spec_set(ld, f, o, file, line);
        g_free(file);
    } else if (o->arg == CM_FIGURE_ARG_FILE) {
        char *p = resolve(ld, v);
        check_input(ld, o->name, p, line);
        spec_set(ld, f, o, p, line);
        g_ptr_array_add(inputs, p);
    } else if (o->arg == CM_FIGURE_ARG_OUTPUT) {
        char *p = resolve(ld, v);
        check_output(ld, f, p, line);
        spec_set(ld, f, o, p, line);
        if (strcmp(o->name, "report") == 0)
            f->report = p;
        else
            f->alt_text = p;
    } else {
        spec_set(ld, f, o, o->arg == CM_FIGURE_ARG_OPTIONAL && !*v ? NULL : v, line);
        if (strcmp(o->name, "title") == 0)
            f->title = g_strdup(v);
    }
    g_free(v);
}

static cm_batch_figure_t *
load_figure(load_t *ld, const char *group, const cm_batch_manifest_t *m)
{
    cm_batch_figure_t *f = g_new0(cm_batch_figure_t, 1);
    f->name = g_strdup(group + strlen("figure "));
    f->line = line_of(ld, group, NULL);
    int line;
    char *kind = get_string(ld, group, "kind", &line);
    if (!kind) {
        problem(ld, CM_ERROR_USAGE, f->line,
                "figure %s has no kind: add kind = timeline or kind = map", f->name);
    } else if (strcmp(kind, "map") == 0) {
        f->kind = CM_BATCH_MAP;
    } else if (strcmp(kind, "timeline") != 0) {
        problem(ld, CM_ERROR_USAGE, line, "kind = %s: use timeline or map", kind);
    }
    g_free(kind);
    unsigned kinds = f->kind == CM_BATCH_MAP ? CM_FIGURE_MAP : CM_FIGURE_TIMELINE;
    const char *kind_name = f->kind == CM_BATCH_MAP ? "map" : "timeline";
    cm_figure_spec_init(&f->spec, kinds);
    /* A figure's notes go to its log only when its manifest asks (quiet = false). */
    f->spec.quiet = true;

    char **keys = g_key_file_get_keys(ld->kf, group, NULL, NULL);
    for (int i = 0; keys && keys[i]; i++) {
        if (!takes_key(keys[i], kinds))
            unknown_key(ld, group, keys[i], kinds, kind_name);
        else if (strcmp(keys[i], "output-dir") == 0)
            problem(ld, CM_ERROR_USAGE, line_of(ld, group, keys[i]),
                    "output-dir belongs in [defaults]; use output = PATH for one figure");
    }
    g_strfreev(keys);

    GPtrArray *inputs = g_ptr_array_new();
    char *data = get_string(ld, group, "data", &line);
    if (!data) {
        problem(ld, CM_ERROR_USAGE, f->line, "figure %s has no data: add data = FILE.csv", f->name);
    } else {
        f->data = resolve(ld, data);
        check_input(ld, "data file", f->data, line);
        g_ptr_array_add(inputs, g_strdup(f->data));
    }
    g_free(data);
    for (const cm_figure_option_t *o = cm_figure_options(); o->name; o++)
        if (o->manifest && (o->kinds & kinds))
            figure_option(ld, f, group, o, inputs);
    if (f->kind == CM_BATCH_MAP && !g_key_file_has_key(ld->kf, group, "basemap", NULL) &&
        !g_key_file_has_key(ld->kf, "defaults", "basemap", NULL)) {
        char *b = default_basemap();
        if (b)
            g_ptr_array_add(inputs, b);
    }
    g_ptr_array_add(inputs, NULL);
    f->inputs = (char **)g_ptr_array_free(inputs, FALSE);
    figure_outputs(ld, f, group, m);
    if (!f->alt_text) {
        char *name = g_strconcat(f->name, ".txt", NULL);
        f->alt_text = g_build_filename(m->state_dir, name, NULL);
        g_free(name);
        check_output(ld, f, f->alt_text, f->line);
    }
    /* The spec draws exactly what the figure's stamp and gallery describe. */
    f->spec.data = g_strdup(f->data);
    f->spec.outputs = g_strdupv(f->outputs);
    g_free(f->spec.alt_text);
    f->spec.alt_text = g_strdup(f->alt_text);
    GError *e = NULL;
    if (f->data && !cm_figure_spec_check(&f->spec, &e))
        problem(ld, CM_ERROR_USAGE, f->line, "figure %s: %s", f->name, e->message);
    g_clear_error(&e);
    return f;
}

static void
check_defaults(load_t *ld)
{
    char **keys = g_key_file_get_keys(ld->kf, "defaults", NULL, NULL);
    for (int i = 0; keys && keys[i]; i++)
        if (!takes_key(keys[i], CM_FIGURE_BOTH))
            unknown_key(ld, "defaults", keys[i], CM_FIGURE_BOTH, "timeline' or 'chronomap map");
    g_strfreev(keys);
}

void
cm_batch_manifest_free(cm_batch_manifest_t *m)
{
    if (!m)
        return;
    g_free(m->path);
    g_free(m->dir);
    g_free(m->output_dir);
    g_free(m->state_dir);
    if (m->figures)
        g_ptr_array_unref(m->figures);
    g_free(m);
}

static void
load_release(load_t *ld)
{
    g_free(ld->dir);
    g_hash_table_unref(ld->lines);
    g_hash_table_unref(ld->written);
    g_hash_table_unref(ld->dirs_ok);
    if (ld->kf)
        g_key_file_free(ld->kf);
}

static void
load_values(load_t *ld, cm_batch_manifest_t *m)
{
    int line;
    char *od = NULL;
    if (g_key_file_has_key(ld->kf, "defaults", "output-dir", NULL))
        od = g_key_file_get_string(ld->kf, "defaults", "output-dir", NULL);
    line = line_of(ld, "defaults", "output-dir");
    m->output_dir = resolve(ld, od ? od : "output");
    m->state_dir = g_build_filename(m->output_dir, CM_BATCH_STATE_DIR, NULL);
    g_free(od);
    char *why = NULL;
    if (!dir_writable(m->output_dir, &why))
        problem(ld, CM_ERROR_IO, line, "output-dir %s: %s", m->output_dir, why);
    g_free(why);
    check_defaults(ld);
    char **groups = g_key_file_get_groups(ld->kf, NULL);
    for (int i = 0; groups[i]; i++)
        if (g_str_has_prefix(groups[i], "figure ") &&
            valid_figure_name(groups[i] + strlen("figure ")))
            g_ptr_array_add(m->figures, load_figure(ld, groups[i], m));
    g_strfreev(groups);
    if (m->figures->len == 0)
        problem(ld, CM_ERROR_USAGE, 0, "no figures: add a [figure NAME] group with kind and data");
}

cm_batch_manifest_t *
cm_batch_manifest_load(const char *path, cm_diag_t *diag, GError **error)
{
    char *text = NULL;
    gsize len = 0;
    GError *e = NULL;
    if (!g_file_get_contents(path, &text, &len, &e)) {
        g_set_error(error, CM_ERROR, CM_ERROR_IO, "cannot read manifest %s: %s", path, e->message);
        g_error_free(e);
        return NULL;
    }
    const char *bad = NULL;
    if (len > MAX_MANIFEST_BYTES || strlen(text) != len || !g_utf8_validate(text, len, &bad)) {
        /* The line and column of the first byte that is not text (a NUL
         * counts), in the sink like every other problem. */
        const char *stop = len > MAX_MANIFEST_BYTES ? text : (bad ? bad : text + strlen(text));
        int line = 1, col = 1;
        for (const char *c = text; c < stop; c++, col++)
            if (*c == '\n') {
                line++;
                col = 0;
            }
        if (len > MAX_MANIFEST_BYTES)
            cm_diag_add(diag, CM_DIAG_ERROR, path, 0, 0, "manifest is over 64 MB");
        else
            cm_diag_add(diag, CM_DIAG_ERROR, path, line, col,
                        "byte 0x%02x is not UTF-8 text: save the manifest as UTF-8",
                        (unsigned)(unsigned char)*stop);
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE,
                    "manifest %s is not UTF-8 text (or over 64 MB)", path);
        g_free(text);
        return NULL;
    }
    char *cwd = g_get_current_dir();
    char *abs = g_canonicalize_filename(path, cwd);
    load_t ld = {
        .path = path,
        .diag = diag,
        .dir = g_path_get_dirname(abs),
        .lines = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL),
        .written = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free),
        .dirs_ok = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL),
        .kf = g_key_file_new(),
    };
    g_free(abs);
    g_free(cwd);
    cm_batch_manifest_t *m = g_new0(cm_batch_manifest_t, 1);
    m->path = g_strdup(path);
    m->dir = g_strdup(ld.dir);
    m->figures = g_ptr_array_new_with_free_func((GDestroyNotify)figure_free);
    g_key_file_set_list_separator(ld.kf, ';');

    scan(&ld, text);
    if (!g_key_file_load_from_data(ld.kf, text, len, G_KEY_FILE_NONE, &e)) {
        if (!ld.first_code) /* pass 1 explains syntax errors better, with lines */
            problem(&ld, CM_ERROR_USAGE, 0, "%s", e->message);
        g_clear_error(&e);
    } else {
        load_values(&ld, m);
    }
    g_free(text);
    int code = ld.first_code;
    load_release(&ld);
    if (code) {
        int n = cm_diag_errors(diag);
        g_set_error(error, CM_ERROR, code, "%s: %d problem%s; nothing rendered", path, n,
                    n == 1 ? "" : "s");
        cm_batch_manifest_free(m);
        return NULL;
    }
    return m;
}
