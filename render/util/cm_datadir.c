/* cm_datadir.c — finds the folder of chronomap's styles and data, once.
 *
 * The order is in cm_datadir.h. The build tree is recognised without a
 * compile-time build path: walking up from the executable's folder, the first
 * CMakeCache.txt found must name this program's source tree as
 * CMAKE_HOME_DIRECTORY (CMake writes that line into every cache). So a binary
 * in any build folder (build/, /tmp/build-x, build/tests/) uses the source
 * tree, while an installed or copied binary does not. The relocatable step
 * resolves "<bin>/../share/chronomap" the way autotools' relocatable prefix and
 * GLib's g_win32_get_package_installation_directory do: relative to the
 * executable, not the configured prefix.
 */
#include "cm_datadir.h"

#include <string.h>
#include <glib.h>

#ifndef CM_SRCDIR
#error "CM_SRCDIR must be defined (the cm_stage function of CMakeLists.txt does)"
#endif
#ifndef CM_DATADIR
#error "CM_DATADIR must be defined (the cm_stage function of CMakeLists.txt does)"
#endif

/* Deepest folder nesting walked up from the executable. */
#define MAX_DEPTH 64

/* Whether CACHE (a CMakeCache.txt) belongs to a build of CM_SRCDIR. */
static gboolean
cache_names_source(const char *cache)
{
    char *text = NULL;
    gsize len = 0;
    if (!g_file_get_contents(cache, &text, &len, NULL))
        return FALSE;
    char *line = g_strconcat("\nCMAKE_HOME_DIRECTORY:INTERNAL=", CM_SRCDIR, "\n", NULL);
    gboolean found = strstr(text, line) != NULL;
    g_free(line);
    g_free(text);
    return found;
}

/* Whether DIR, or a folder above it, is a CMake build folder of CM_SRCDIR:
 * the nearest CMakeCache.txt decides. */
static gboolean
in_build_tree(const char *dir)
{
    char *d = g_strdup(dir);
    gboolean found = FALSE;
    for (int depth = 0; depth < MAX_DEPTH; depth++) {
        char *cache = g_build_filename(d, "CMakeCache.txt", NULL);
        gboolean here = g_file_test(cache, G_FILE_TEST_IS_REGULAR);
        if (here)
            found = cache_names_source(cache);
        g_free(cache);
        char *up = g_path_get_dirname(d);
        gboolean top = strcmp(up, d) == 0;
        g_free(d);
        d = up;
        if (here || top)
            break;
    }
    g_free(d);
    return found;
}

static gpointer
find_datadir(gpointer unused)
{
    (void)unused;
    const char *env = g_getenv("CHRONOMAP_DATADIR");
    if (env && *env)
        return g_strdup(env);
    char *dir = NULL;
    char *exe = g_file_read_link("/proc/self/exe", NULL);
    if (exe && g_path_is_absolute(exe)) {
        char *bindir = g_path_get_dirname(exe);
        if (in_build_tree(bindir) && g_file_test(CM_SRCDIR "/styles", G_FILE_TEST_IS_DIR)) {
            dir = g_strdup(CM_SRCDIR);
        } else {
            char *rel = g_build_filename(bindir, "..", "share", "chronomap", NULL);
            if (g_file_test(rel, G_FILE_TEST_IS_DIR))
                dir = g_canonicalize_filename(rel, NULL);
            g_free(rel);
        }
        g_free(bindir);
    }
    g_free(exe);
    return dir ? dir : g_strdup(CM_DATADIR);
}

const char *
cm_datadir(void)
{
    static GOnce once = G_ONCE_INIT; /* the one answer of this process */
    return g_once(&once, find_datadir, NULL);
}

char *
cm_data_path(const char *relative)
{
    g_return_val_if_fail(relative != NULL, NULL);
    return g_build_filename(cm_datadir(), relative, NULL);
}
