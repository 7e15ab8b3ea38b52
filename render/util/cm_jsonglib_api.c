/* cm_jsonglib_api.c — json-glib, loaded on first use with dlopen.
 *
 * See cm_jsonglib_api.h for why. The first cm__jsonglib() opens the library by its soname
 * (CM_JSONGLIB_SONAME, read from the library at configure time) and looks up each function
 * of CM__JSONGLIB_FUNCTIONS (cm_dl_load); g_once() makes that
 * happen once whichever thread gets there first, and the library is never closed. A
 * failure is remembered as its message, so every caller gets a GError naming the library.
 */
#include "cm_jsonglib_api.h"
#include "cm_dl.h"
#include "cm_error.h"

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
    static const char *const names[] = {CM__JSONGLIB_FUNCTIONS(CM_DL_NAME)};
    void *slots[G_N_ELEMENTS(names)];
    GError *err = NULL;
    if (!cm_dl_load(CM_JSONGLIB_SONAME, "json-glib", "lenient JSON needs", "", names, slots,
                    G_N_ELEMENTS(names), &err)) {
        l->error = g_strdup(err->message);
        g_error_free(err);
        return l;
    }
    size_t i = 0;
#define CM__JSONGLIB_FILL(name) l->api.name = (__typeof__(l->api.name))slots[i++];
    CM__JSONGLIB_FUNCTIONS(CM__JSONGLIB_FILL)
#undef CM__JSONGLIB_FILL
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
