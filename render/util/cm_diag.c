/* cm_diag.c — the diagnostics sink: a capped list of file:line:column messages. */
#include "cm_diag.h"
#include "cm_xml.h"

#include <stdarg.h>

#define CM_DIAG_CAP 1000

struct cm_diag {
    GArray *items; /* cm_diag_item_t, owned */
    int errors;
    int warnings;
    int dropped;
};

cm_diag_t *
cm_diag_new(void)
{
    cm_diag_t *d = g_new0(cm_diag_t, 1);
    d->items = g_array_new(FALSE, TRUE, sizeof(cm_diag_item_t));
    return d;
}

void
cm_diag_free(cm_diag_t *diag)
{
    if (!diag)
        return;
    for (guint i = 0; i < diag->items->len; i++) {
        cm_diag_item_t *it = &g_array_index(diag->items, cm_diag_item_t, i);
        g_free(it->file);
        g_free(it->message);
    }
    g_array_free(diag->items, TRUE);
    g_free(diag);
}

void
cm_diag_add(cm_diag_t *diag, cm_diag_level_t level, const char *file, int line, int column,
            const char *fmt, ...)
{
    g_return_if_fail(diag != NULL);
    if (level == CM_DIAG_ERROR)
        diag->errors++;
    else
        diag->warnings++;
    if (diag->items->len >= CM_DIAG_CAP) {
        diag->dropped++;
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    /* messages quote data, and a terminal obeys the escape sequences in what it shows */
    cm_diag_item_t it = {level, cm_text_escape_controls(file), line, column,
                         cm_text_escape_controls(msg)};
    g_free(msg);
    g_array_append_val(diag->items, it);
}

int
cm_diag_errors(const cm_diag_t *diag)
{
    return diag ? diag->errors : 0;
}

int
cm_diag_warnings(const cm_diag_t *diag)
{
    return diag ? diag->warnings : 0;
}

int
cm_diag_count(const cm_diag_t *diag)
{
    return diag ? (int)diag->items->len : 0;
}

const cm_diag_item_t *
cm_diag_get(const cm_diag_t *diag, int i)
{
    g_return_val_if_fail(diag && i >= 0 && (guint)i < diag->items->len, NULL);
    return &g_array_index(diag->items, cm_diag_item_t, i);
}

char *
cm_diag_item_format(const cm_diag_item_t *it)
{
    GString *s = g_string_new(NULL);
    if (it->file) {
        g_string_append(s, it->file);
        if (it->line > 0) {
            g_string_append_printf(s, ":%d", it->line);
            if (it->column > 0)
                g_string_append_printf(s, ":%d", it->column);
        }
        g_string_append(s, ": ");
    }
    g_string_append(s, it->level == CM_DIAG_ERROR ? "error: " : "warning: ");
    g_string_append(s, it->message);
    return g_string_free(s, FALSE);
}

void
cm_diag_print(const cm_diag_t *diag, FILE *out)
{
    if (!diag)
        return;
    for (guint i = 0; i < diag->items->len; i++) {
        char *line = cm_diag_item_format(&g_array_index(diag->items, cm_diag_item_t, i));
        fprintf(out, "%s\n", line);
        g_free(line);
    }
    if (diag->dropped > 0)
        fprintf(out, "chronomap: %d more problems not shown\n", diag->dropped);
}
