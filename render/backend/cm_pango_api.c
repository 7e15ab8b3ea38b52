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
 * read-only after it, and the library is never closed. The loading itself is
 * util's cm_dl_load, as for PROJ and json-glib.
 */
#include "cm_pango_api.h"
#include "../util/cm_dl.h"

#ifndef CM_PANGOCAIRO_SONAME
#define CM_PANGOCAIRO_SONAME "libpangocairo-1.0.so.0"
#endif

static gpointer
load_once(gpointer data)
{
    cm__pango_api_t *api = data;
    static const char *const names[] = {CM__PANGO_FUNCTIONS(CM_DL_NAME)};
    void *slots[G_N_ELEMENTS(names)];
    GError *err = NULL;
    /* Pango is a dependency of the package, not an option: without it no text can be
     * shaped, and the measurer has no way to report an error, so this stops. */
    if (!cm_dl_load(CM_PANGOCAIRO_SONAME, "Pango", "text needs", "pango_", names, slots,
                    G_N_ELEMENTS(names), &err))
        g_error("%s", err->message);
    size_t i = 0;
#define CM__PANGO_FILL(name) api->name = (__typeof__(api->name))slots[i++];
    CM__PANGO_FUNCTIONS(CM__PANGO_FILL)
#undef CM__PANGO_FILL
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
