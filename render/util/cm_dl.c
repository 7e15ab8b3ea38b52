/* cm_dl.c — opening a library at run time and looking up its functions (cm_dl.h). */
#include "cm_dl.h"
#include "cm_error.h"

#include <dlfcn.h>

bool
cm_dl_load(const char *soname, const char *what, const char *needed_by, const char *prefix,
           const char *const *names, void **slots, size_t n, GError **error)
{
    void *lib = dlopen(soname, RTLD_LAZY | RTLD_LOCAL);
    if (!lib) {
        const char *why = dlerror();
        g_set_error(error, CM_ERROR, CM_ERROR_IO,
                    "cannot load the %s library %s, which %s: %s; install %s (the library, not "
                    "its -dev package, is enough)",
                    what, soname, needed_by, why ? why : "unknown reason", what);
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        char *sym = g_strconcat(prefix, names[i], NULL);
        slots[i] = dlsym(lib, sym);
        if (!slots[i]) {
            const char *why = dlerror();
            g_set_error(error, CM_ERROR, CM_ERROR_IO,
                        "the library %s has no %s (%s); it is not the %s chronomap was built "
                        "against: rebuild chronomap",
                        soname, sym, why ? why : "symbol not found", what);
            g_free(sym);
            dlclose(lib);
            return false;
        }
        g_free(sym);
    }
    return true;
}
