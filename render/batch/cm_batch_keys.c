/* cm_batch_keys.c — the keys a manifest may use, and a figure's argv.
 *
 * The table mirrors the long options of `chronomap timeline` and `chronomap
 * map` (render/cli/cmd_timeline.c, cmd_map.c, cli_figure.c); tests/e2e/
 * batch_cli.sh checks it against their --help so the two cannot drift apart.
 * Options batch decides itself (-o, --format, --quiet) and --frames (whose
 * file names depend on the data) are not manifest keys. Suggestions for
 * unknown keys use the Levenshtein distance (Wagner–Fischer, two rows).
 */
#include "batch/cm_batch_private.h"

#include <string.h>

static const cm__batch_key_t keys[] = {
    /* batch's own */
    {"kind", CM__BK_BOTH, CM__BK_BATCH, "timeline|map"},
    {"data", CM__BK_BOTH, CM__BK_BATCH, NULL},
    {"output", CM__BK_BOTH, CM__BK_BATCH, NULL},
    {"outputs", CM__BK_BOTH, CM__BK_BATCH, NULL},
    {"output-dir", CM__BK_BOTH, CM__BK_BATCH, NULL},
    /* shared figure options (cli_figure.c) */
    {"title", CM__BK_BOTH, CM__BK_VALUE, NULL},
    {"subtitle", CM__BK_BOTH, CM__BK_VALUE, NULL},
    {"source", CM__BK_BOTH, CM__BK_VALUE, NULL},
    {"style", CM__BK_BOTH, CM__BK_VALUE, NULL}, /* a name or a file: see style_inputs */
    {"set", CM__BK_BOTH, CM__BK_LIST, NULL},
    {"size", CM__BK_BOTH, CM__BK_VALUE, NULL},
    {"scale", CM__BK_BOTH, CM__BK_VALUE, NULL},
    {"dpi", CM__BK_BOTH, CM__BK_VALUE, NULL},
    {"report", CM__BK_BOTH, CM__BK_OUTPUT, NULL},
    {"lang", CM__BK_BOTH, CM__BK_VALUE, NULL},
    {"alt-text", CM__BK_BOTH, CM__BK_OUTPUT, NULL},
    {"svg-text", CM__BK_BOTH, CM__BK_VALUE, "outline|selectable"},
    {"column", CM__BK_BOTH, CM__BK_LIST, NULL},
    {"delimiter", CM__BK_BOTH, CM__BK_VALUE, NULL},
    /* timeline (cmd_timeline.c) */
    {"layout", CM__BK_TL, CM__BK_VALUE, "lanes|axis|step"},
    {"from", CM__BK_TL, CM__BK_VALUE, NULL},
    {"to", CM__BK_TL, CM__BK_VALUE, NULL},
    {"group-by", CM__BK_TL, CM__BK_VALUE, NULL},
    {"sort", CM__BK_TL, CM__BK_VALUE, "start|name|file"},
    {"eras", CM__BK_TL, CM__BK_FILE, NULL},
    /* map (cmd_map.c) */
    {"projection", CM__BK_MAP, CM__BK_VALUE, NULL},
    {"bbox", CM__BK_MAP, CM__BK_VALUE, NULL},
    {"color-by", CM__BK_MAP, CM__BK_VALUE, "group|date"},
    {"bins", CM__BK_MAP, CM__BK_VALUE, NULL},
    {"as-of", CM__BK_MAP, CM__BK_VALUE, NULL},
    {"labels", CM__BK_MAP, CM__BK_OPT, NULL},
    {"basemap", CM__BK_MAP, CM__BK_FILE, NULL},
    {"id-property", CM__BK_MAP, CM__BK_VALUE, NULL},
    {"max-vertices", CM__BK_MAP, CM__BK_VALUE, NULL},
    {"unmatched", CM__BK_MAP, CM__BK_VALUE, "error|warn"},
    {"graticule", CM__BK_MAP, CM__BK_FLAG, NULL},
    {"sovereign", CM__BK_MAP, CM__BK_LIST, NULL},
    {NULL, 0, 0, NULL},
};

const cm__batch_key_t *
cm__batch_keys(void)
{
    return keys;
}

const cm__batch_key_t *
cm__batch_key(const char *name)
{
    for (const cm__batch_key_t *k = keys; k->name; k++)
        if (strcmp(k->name, name) == 0)
            return k;
    return NULL;
}

char **
cm_batch_key_names(cm_batch_kind_t kind)
{
    int want = kind == CM_BATCH_MAP ? CM__BK_MAP : CM__BK_TL;
    GPtrArray *names = g_ptr_array_new();
    for (const cm__batch_key_t *k = keys; k->name; k++)
        if ((k->kinds & want) && k->type != CM__BK_BATCH)
            g_ptr_array_add(names, g_strdup(k->name));
    g_ptr_array_add(names, NULL);
    return (char **)g_ptr_array_free(names, FALSE);
}

int
cm_batch_edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 100 || lb > 100)
        return 100;
    int prev[101], cur[101];
    for (size_t j = 0; j <= lb; j++)
        prev[j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = (int)i;
        for (size_t j = 1; j <= lb; j++) {
            int sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
            int del = prev[j] + 1, ins = cur[j - 1] + 1;
            cur[j] = MIN(sub, MIN(del, ins));
        }
        memcpy(prev, cur, sizeof(int) * (lb + 1));
    }
    return MIN(prev[lb], 100);
}

GPtrArray *
cm_batch_figure_argv(const cm_batch_figure_t *f, const char *alt_text, const char *report)
{
    GPtrArray *av = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(av, g_strdup(f->kind == CM_BATCH_MAP ? "map" : "timeline"));
    for (guint i = 0; i < f->args->len; i++)
        g_ptr_array_add(av, g_strdup(g_ptr_array_index(f->args, i)));
    g_ptr_array_add(av, g_strdup("--quiet"));
    if (alt_text)
        g_ptr_array_add(av, g_strconcat("--alt-text=", alt_text, NULL));
    if (report)
        g_ptr_array_add(av, g_strconcat("--report=", report, NULL));
    for (char **o = f->outputs; *o; o++) {
        g_ptr_array_add(av, g_strdup("-o"));
        g_ptr_array_add(av, g_strdup(*o));
    }
    g_ptr_array_add(av, g_strdup(f->data));
    g_ptr_array_add(av, NULL);
    return av;
}
