/* cm_proj_api.c — PROJ, loaded on first use with dlopen.
 *
 * Linking libproj costs every chronomap process some 25 ms before main(): the dynamic
 * loader maps and relocates it and its dependencies (curl, gnutls, krb5, ldap, sqlite,
 * tiff, libstdc++, ...), more than a whole timeline render takes. So the program does not
 * link it. The first cm__proj_api() opens the library by its soname (CM_PROJ_SONAME, read
 * from the library at configure time, so the runtime package suffices and the -dev
 * symlink is not needed) and looks up each function of CM__PROJ_FUNCTIONS (cm_dl_load,
 * shared with json-glib and Pango). g_once() makes that happen once, whichever of a batch's threads
 * gets there first; the table is written only inside the once and read-only after it,
 * and the library is never closed. A failure is remembered as its message, so every
 * caller gets a GError that names the library and says why (dlerror()).
 */
#include "cm_proj_api.h"
#include "util/cm_dl.h"
#include "util/cm_error.h"

#include <string.h>

#ifndef CM_PROJ_SONAME
#error "CM_PROJ_SONAME (PROJ's soname, e.g. \"libproj.so.25\") comes from CMakeLists.txt"
#endif

typedef struct {
    cm__proj_api_t api;
    char *error; /* owned, never freed: the message of a failed load, NULL when loaded */
} loaded_t;

bool
cm__proj_api_load(const char *soname, cm__proj_api_t *api, GError **error)
{
    g_return_val_if_fail(soname != NULL && api != NULL, false);
    static const char *const names[] = {CM__PROJ_FUNCTIONS(CM_DL_NAME)};
    void *slots[G_N_ELEMENTS(names)];
    if (!cm_dl_load(soname, "PROJ", "maps need", "proj_", names, slots, G_N_ELEMENTS(names),
                    error)) {
        memset(api, 0, sizeof *api);
        return false;
    }
    size_t i = 0;
#define CM__PROJ_FILL(name) api->name = (__typeof__(api->name))slots[i++];
    CM__PROJ_FUNCTIONS(CM__PROJ_FILL)
#undef CM__PROJ_FILL
    return true;
}

static gpointer
load_once(gpointer data)
{
    loaded_t *l = data;
    GError *err = NULL;
    if (!cm__proj_api_load(CM_PROJ_SONAME, &l->api, &err)) {
        l->error = g_strdup(err->message);
        g_error_free(err);
    }
    return l;
}

const cm__proj_api_t *
cm__proj_api(GError **error)
{
    /* The one piece of process-wide state in geo: written inside the g_once only. */
    static GOnce once = G_ONCE_INIT;
    static loaded_t loaded;
    const loaded_t *l = g_once(&once, load_once, &loaded);
    if (l->error) {
        g_set_error_literal(error, CM_ERROR, CM_ERROR_IO, l->error);
        return NULL;
    }
    return &l->api;
}
