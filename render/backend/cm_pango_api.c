/* cm_pango_api.c — Pango, loaded on first use with dlopen.
 *
 * The program does not link Pango (CMakeLists.txt compiles the backend against
 * its headers only, and the backend calls none of its functions directly): a warm timeline, whose
 * text comes from the shaped-text cache, would otherwise pay for mapping and relocating Pango,
 * pangocairo, pangoft2 and what only they pull in at every start. The first
 * cm__pango_api() — the first text the cache does not have — opens
 * pangocairo by its soname, whose dependencies bring Pango itself, and looks up
 * each function of CM__PANGO_FUNCTIONS (dlsym on the handle searches its
 * dependencies too). g_once() makes that happen once, whichever of a batch's
 * threads gets there first; the table is written only inside the once and
 * read-only after it, and the library is never closed. The same pattern as
 * render/geo/cm_proj_api.c.
 */
#include "cm_pango_api.h"

#include <dlfcn.h>

#ifndef CM_PANGOCAIRO_SONAME
#define CM_PANGOCAIRO_SONAME "libpangocairo-1.0.so.0"
#endif

static gpointer
load_once(gpointer data)
{
    cm__pango_api_t *api = data;
    void *lib = dlopen(CM_PANGOCAIRO_SONAME, RTLD_LAZY | RTLD_LOCAL);
    if (!lib) {
        const char *why = dlerror();
        g_error("cannot load %s, which text needs: %s; install Pango", CM_PANGOCAIRO_SONAME,
                why ? why : "unknown reason");
    }
    /* POSIX guarantees a function pointer survives the round trip through dlsym's void *. */
#define CM__PANGO_LOOKUP(name)                                                                     \
    api->name = (__typeof__(api->name))dlsym(lib, "pango_" #name);                                 \
    if (!api->name)                                                                                \
        g_error("%s has no pango_" #name "; it is not the Pango chronomap was built against: "     \
                "rebuild chronomap",                                                               \
                CM_PANGOCAIRO_SONAME);
    CM__PANGO_FUNCTIONS(CM__PANGO_LOOKUP)
#undef CM__PANGO_LOOKUP
    return api;
}

const cm__pango_api_t *
cm__pango_api(void)
{
    /* The one piece of process-wide state in the backend: written inside the g_once only. */
    static GOnce once = G_ONCE_INIT;
    static cm__pango_api_t api;
    return g_once(&once, load_once, &api);
}
