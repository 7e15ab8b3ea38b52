/* cm_jsonglib_api.h — the json-glib functions chronomap uses, loaded at run time.
 *
 * json-glib reads only what chronomap's own readers do not: JSON they refuse (its
 * "line:column: message" words the error) or accept only leniently, in basemaps
 * (render/geo/cm_geo_json.c) and iso-codes files (render/model/cm_country_iso.c).
 * Linking it would map json-glib and, through it, GIO and five more libraries into
 * every process at start, for a path almost no run takes. So nothing links it: the
 * first caller of cm__jsonglib() opens it by the soname found at configure time
 * (CM_JSONGLIB_SONAME) and fills one table of function pointers, the way
 * render/geo/cm_proj_api.h loads PROJ. Types and constants still come from
 * <json-glib/json-glib.h>; every field has the type of the function it stands for.
 *
 * Call through the table: `j->json_node_get_object(n)`. The header's macros that call
 * functions (JSON_NODE_TYPE, JSON_NODE_HOLDS_*) must not be used: compare
 * `j->json_node_get_node_type(n)` instead.
 */
#ifndef CM_JSONGLIB_API_H
#define CM_JSONGLIB_API_H

#include <glib.h>
#include <json-glib/json-glib.h>
#include <stdbool.h>

/* X(name) for every json-glib function in the table. Add a function here and nowhere
 * else. */
#define CM__JSONGLIB_FUNCTIONS(X)                                                                  \
    X(json_parser_new_immutable)                                                                   \
    X(json_parser_load_from_file)                                                                  \
    X(json_parser_load_from_data)                                                                  \
    X(json_parser_get_root)                                                                        \
    X(json_node_get_node_type)                                                                     \
    X(json_node_get_object)                                                                        \
    X(json_node_get_array)                                                                         \
    X(json_node_get_value_type)                                                                    \
    X(json_node_get_string)                                                                        \
    X(json_node_get_int)                                                                           \
    X(json_node_get_double)                                                                        \
    X(json_node_get_boolean)                                                                       \
    X(json_object_get_member)                                                                      \
    X(json_object_get_members)                                                                     \
    X(json_array_get_length)                                                                       \
    X(json_array_get_element)

typedef struct {
/* NAME is a member's name here, not an expression to parenthesise. */
#define CM__JSONGLIB_FIELD(name) __typeof__(name) *name; // NOLINT(bugprone-macro-parentheses)
    CM__JSONGLIB_FUNCTIONS(CM__JSONGLIB_FIELD)
#undef CM__JSONGLIB_FIELD
} cm__jsonglib_api_t;

/* The process-wide table, loading json-glib on the first call (thread-safe; the library
 * then stays loaded). Returns NULL and sets ERROR (CM_ERROR_IO) naming the library and
 * the loader's message when it cannot be loaded or lacks a function; every later call
 * fails the same way. The table is borrowed and never changes. */
const cm__jsonglib_api_t *cm__jsonglib(GError **error);

#endif
