/* cm_batch_keys.c — the keys a manifest figure takes, and suggestions for the ones it
 * does not.
 *
 * The keys are the figure options (render/figure/cm_figure_options.c: the table the
 * command line is built from too) that are marked as manifest keys, plus batch's own
 * (kind, data, output, outputs, output-dir).
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
