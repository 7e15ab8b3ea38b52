/* cm_jsonglib_api.c — json-glib, loaded on first use with dlopen.
 *
 * See cm_jsonglib_api.h for why. The first cm__jsonglib() opens the library by its soname
 * (CM_JSONGLIB_SONAME, read from the library at configure time) with lazy binding and
 * local symbols and looks up each function of CM__JSONGLIB_FUNCTIONS; g_once() makes that
 * happen once whichever thread gets there first, and the library is never closed. A
 * failure is remembered as its message, so every caller gets a GError naming the library.
 */
#include "cm_jsonglib_api.h"
#include "cm_error.h"

#include <dlfcn.h>

#ifndef CM_JSONGLIB_SONAME
#error "CM_JSONGLIB_SONAME (e.g. \"libjson-glib-1.0.so.0\") comes from CMakeLists.txt"
#endif

typedef struct {
    cm__jsonglib_api_t api;
    char *error; /* owned, never freed: the message of a failed load, NULL when loaded */
} loaded_t;

static gpointer
load_once(gpointer data)
{
    loaded_t *l = data;
    void *lib = dlopen(CM_JSONGLIB_SONAME, RTLD_LAZY | RTLD_LOCAL);
    if (!lib) {
        const char *why = dlerror();
        l->error = g_strdup_printf("cannot load the json-glib library %s: %s; install json-glib "
                                   "(the library, not its -dev package, is enough)",
                                   CM_JSONGLIB_SONAME, why ? why : "unknown reason");
        return l;
    }
    const char *missing = NULL;
    /* POSIX guarantees a function pointer survives the round trip through dlsym's void *. */
#define CM__JSONGLIB_LOOKUP(name)                                                                  \
    if (!missing) {                                                                                \
        l->api.name = (__typeof__(l->api.name))dlsym(lib, #name);                                  \
        if (!l->api.name)                                                                          \
            missing = #name;                                                                       \
    }
    CM__JSONGLIB_FUNCTIONS(CM__JSONGLIB_LOOKUP)
#undef CM__JSONGLIB_LOOKUP
    if (missing) {
        l->error = g_strdup_printf("the library %s has no %s; it is not the json-glib chronomap "
                                   "was built against: rebuild chronomap",
                                   CM_JSONGLIB_SONAME, missing);
        dlclose(lib);
    }
    return l;
}

const cm__jsonglib_api_t *
cm__jsonglib(GError **error)
{
    static GOnce once = G_ONCE_INIT;
    static loaded_t loaded;
    const loaded_t *l = g_once(&once, load_once, &loaded);
    if (l->error) {
        g_set_error_literal(error, CM_ERROR, CM_ERROR_IO, l->error);
        return NULL;
    }
    return &l->api;
}
