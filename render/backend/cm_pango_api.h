/* cm_pango_api.h — the Pango functions the text engine uses, loaded at run time
 * (render/backend only).
 *
 * A figure whose text is all in the shaped-text cache (cm_text_store.c) needs no
 * Pango, and mapping Pango with what only it pulls in (HarfBuzz, FriBidi, libthai,
 * GIO, libmount, libselinux, ...) cost about 10 ms of CPU at every start, half of
 * a warm timeline. So the backend calls Pango only through this table, which the
 * first miss fills (cm__pango_api()). Types, macros and constants still come from
 * the Pango headers, and every field has the type of the function it stands for,
 * so a signature that does not match the header does not compile.
 *
 * Call through the table: `pg->layout_new(ctx)` for pango_layout_new(ctx).
 */
#ifndef CM_PANGO_API_H
#define CM_PANGO_API_H

#include <glib.h>
#include <pango/pangocairo.h>

/* X(name) for every pango_<name> in the table. Add a function here and nowhere else. */
#define CM__PANGO_FUNCTIONS(X)                                                                     \
    X(cairo_font_map_new)                                                                          \
    X(cairo_context_set_font_options)                                                              \
    X(cairo_font_get_scaled_font)                                                                  \
    X(cairo_glyph_string_path)                                                                     \
    X(font_map_create_context)                                                                     \
    X(context_set_round_glyph_positions)                                                           \
    X(font_description_new)                                                                        \
    X(font_description_set_family)                                                                 \
    X(font_description_set_absolute_size)                                                          \
    X(font_description_set_weight)                                                                 \
    X(font_description_set_style)                                                                  \
    X(font_description_free)                                                                       \
    X(units_from_double)                                                                           \
    X(layout_new)                                                                                  \
    X(layout_set_font_description)                                                                 \
    X(layout_set_width)                                                                            \
    X(layout_set_wrap)                                                                             \
    X(layout_set_alignment)                                                                        \
    X(layout_set_text)                                                                             \
    X(layout_get_text)                                                                             \
    X(layout_get_extents)                                                                          \
    X(layout_get_baseline)                                                                         \
    X(layout_get_unknown_glyphs_count)                                                             \
    X(layout_get_iter)                                                                             \
    X(layout_iter_free)                                                                            \
    X(layout_iter_get_line_readonly)                                                               \
    X(layout_iter_get_line_extents)                                                                \
    X(layout_iter_get_baseline)                                                                    \
    X(layout_iter_next_line)                                                                       \
    X(layout_iter_get_run_readonly)                                                                \
    X(layout_iter_get_run_extents)                                                                 \
    X(layout_iter_get_run_baseline)                                                                \
    X(layout_iter_next_run)                                                                        \
    X(glyph_item_iter_init_start)                                                                  \
    X(glyph_item_iter_next_cluster)

typedef struct {
/* NAME is a member's name here, not an expression to parenthesise. */
#define CM__PANGO_FIELD(name) __typeof__(pango_##name) *name; // NOLINT(bugprone-macro-parentheses)
    CM__PANGO_FUNCTIONS(CM__PANGO_FIELD)
#undef CM__PANGO_FIELD
} cm__pango_api_t;

/* The process-wide table, loading Pango on the first call (thread-safe; the
 * library then stays loaded). Pango is a hard dependency of text: when it
 * cannot be loaded, or lacks a function, the process stops with a message
 * naming the library and the loader's reason (g_error). Borrowed; never
 * changes. */
const cm__pango_api_t *cm__pango_api(void);

/* Pango units as double: what pango_units_to_double computes, without Pango. */
static inline double
cm__pango_units_to_double(int i)
{
    return (double)i / PANGO_SCALE;
}

#endif
