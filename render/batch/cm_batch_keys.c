/* cm_batch_keys.c — the keys a manifest figure takes, and suggestions for the ones it
 * does not.
 *
 * The keys are the figure options (render/figure/cm_figure_options.c: the table the
 * command line is built from too) that are marked as manifest keys, plus batch's own
 * (kind, data, output, outputs, output-dir). Suggestions for unknown keys use the
 * Levenshtein distance (Wagner–Fischer, two rows).
 */
#include "batch/cm_batch.h"

#include <string.h>

char **
cm_batch_key_names(cm_batch_kind_t kind)
{
    unsigned want = kind == CM_BATCH_MAP ? CM_FIGURE_MAP : CM_FIGURE_TIMELINE;
    GPtrArray *names = g_ptr_array_new();
    for (const cm_figure_option_t *o = cm_figure_options(); o->name; o++)
        if (o->manifest && (o->kinds & want))
            g_ptr_array_add(names, g_strdup(o->name));
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
