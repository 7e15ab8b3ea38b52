/* cm_dl.h — a library opened at run time, and a table of its functions.
 *
 * PROJ (maps), json-glib (lenient JSON) and Pango (text not in the cache) are not linked:
 * each is opened with dlopen the first time it is needed, so a process that never needs
 * it never maps it and the libraries it pulls in. Each keeps a table of its functions,
 * declared with an X-macro list so every field has the type of the function it stands
 * for (render/geo/cm_proj_api.h, render/util/cm_jsonglib_api.h,
 * render/backend/cm_pango_api.h); this is the loading they share.
 */
#ifndef CM_DL_H
#define CM_DL_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>

/* Opens SONAME with lazy binding and local symbols and looks up PREFIX + NAMES[i] for each
 * of the N names into SLOTS[i] (dlsym on the handle searches its dependencies too). On
 * success the library stays loaded for the life of the process. Otherwise returns false,
 * closes what it opened and sets ERROR (CM_ERROR_IO): "cannot load the WHAT library
 * SONAME, which NEEDED_BY: <loader's message>; install WHAT (the library, not its -dev
 * package, is enough)" or "the library SONAME has no PREFIXNAME (...); it is not the
 * WHAT chronomap was built against: rebuild chronomap". */
bool cm_dl_load(const char *soname, const char *what, const char *needed_by, const char *prefix,
                const char *const *names, void **slots, size_t n, GError **error);

/* For an X-macro list: X(name) -> "name", to build the NAMES array. */
#define CM_DL_NAME(name) #name,

#endif
