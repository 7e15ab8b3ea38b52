/* cm_proj_api.h — the PROJ functions geo uses, loaded at run time (render/geo only).
 *
 * Nothing links libproj: it pulls some 37 libraries into a process, and a timeline, which
 * never projects anything, would pay for mapping them at every start. The first caller of
 * cm__proj_api() loads the library by the soname found at configure time (CM_PROJ_SONAME)
 * and fills one table of function pointers; later callers, from any thread, get the same
 * table. Types and constants still come from <proj.h>, and every field has the type of the
 * function it stands for, so a signature that does not match the header does not compile.
 *
 * Call through the table: `api->create(ctx, def)` for proj_create(ctx, def).
 */
#ifndef CM_PROJ_API_H
#define CM_PROJ_API_H

#include <glib.h>
#include <proj.h>
#include <stdbool.h>

/* X(name) for every proj_<name> in the table. Add a function here and nowhere else. */
#define CM__PROJ_FUNCTIONS(X)                                                                      \
    X(context_create)                                                                              \
    X(context_destroy)                                                                             \
    X(context_set_enable_network)                                                                  \
    X(context_errno)                                                                               \
    X(context_errno_string)                                                                        \
    X(context_set_search_paths)                                                                    \
    X(log_func)                                                                                    \
    X(create)                                                                                      \
    X(create_crs_to_crs)                                                                           \
    X(normalize_for_visualization)                                                                 \
    X(destroy)                                                                                     \
    X(is_crs)                                                                                      \
    X(as_proj_string)                                                                              \
    X(trans_generic)                                                                               \
    X(errno_reset)

typedef struct {
/* NAME is a member's name here, not an expression to parenthesise. */
#define CM__PROJ_FIELD(name) __typeof__(proj_##name) *name; // NOLINT(bugprone-macro-parentheses)
    CM__PROJ_FUNCTIONS(CM__PROJ_FIELD)
#undef CM__PROJ_FIELD
} cm__proj_api_t;

/* The process-wide table, loading PROJ on the first call (thread-safe; the library then
 * stays loaded). Returns NULL and sets ERROR (CM_ERROR_IO) naming the library and the
 * loader's message when it cannot be loaded or lacks a function; every later call fails
 * the same way. The table is borrowed and never changes. */
const cm__proj_api_t *cm__proj_api(GError **error);

/* Loads the library SONAME into API, once per call and without caching: the worker of
 * cm__proj_api(), separate so tests can see how a missing or wrong library fails.
 * Returns false and sets ERROR (CM_ERROR_IO) as above; on success the library stays
 * loaded. */
bool cm__proj_api_load(const char *soname, cm__proj_api_t *api, GError **error);

#endif
