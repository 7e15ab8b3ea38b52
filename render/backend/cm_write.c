/* cm_write.c — output formats by name, and atomic file writes.
 *
 * cm_write_atomic is a file set of one file (util/cm_fileset.h): symbolic links are
 * written through, devices and /dev/std* written in place, the mode and owner of a
 * replaced file kept, and temporary files of dead processes removed.
 *
 * Several files that must appear together are a file set of several (figures use one
 * through their file sink, render/figure/cm_figure_sink.c).
 */
#include "cm_backend.h"
#include "../util/cm_error.h"
#include "../util/cm_fileset.h"

#include <string.h>

bool
cm_format_parse(const char *word, cm_format_t *out)
{
    static const struct {
        const char *name;
        cm_format_t format;
    } names[] = {
        {"svg", CM_FORMAT_SVG},   {"png", CM_FORMAT_PNG},  {"pdf", CM_FORMAT_PDF},
        {"dump", CM_FORMAT_DUMP}, {"txt", CM_FORMAT_DUMP},
    };
    if (!word)
        return false;
    for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
        if (g_ascii_strcasecmp(word, names[i].name) == 0) {
            *out = names[i].format;
            return true;
        }
    }
    return false;
}

bool
cm_format_from_name(const char *name, cm_format_t *out)
{
    if (!name)
        return false;
    const char *slash = strrchr(name, '/');
    const char *base = slash ? slash + 1 : name;
    const char *dot = strrchr(base, '.');
    if (!dot || dot == base)
        return false;
    return cm_format_parse(dot + 1, out);
}

bool
cm_write_atomic(const char *path, const void *data, size_t len, GError **error)
{
    g_return_val_if_fail(path != NULL && (data != NULL || len == 0), false);
    cm_fileset_t *set = cm_fileset_new();
    GBytes *bytes = g_bytes_new_static(data, len); /* borrowed for this call only */
    cm_fileset_add(set, path, "output", bytes);
    g_bytes_unref(bytes);
    bool ok = cm_fileset_commit(set, error);
    cm_fileset_free(set);
    return ok;
}
