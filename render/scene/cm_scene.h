/* cm_scene.h — the display list between layout and backend.
 *
 * A scene is a flat, ordered list of drawing operations in points (1 pt = 1 px
 * at scale 1), origin top-left, Y down. Each op carries a semantic id
 * ("lane:FRA", "label:event:12", "title") and its bounding box, so tests and
 * the layout report can reason about what is where without a renderer.
 *
 * Text ops are positioned by the top-left corner of their logical box, as
 * measured by a cm_measurer_t; the backend draws them with the same font map
 * and options, so the box is what gets drawn.
 *
 * Invariants: ops are kept in paint order; all strings and path data are owned
 * by the scene; a scene is immutable once layout returns it.
 * Lifecycle: cm_scene_new() / cm_scene_free().
 */
#ifndef CM_SCENE_H
#define CM_SCENE_H

#include <stdbool.h>
#include <stdio.h>
#include <glib.h>

typedef struct {
    double r, g, b, a; /* 0..1 */
} cm_color_t;

typedef struct {
    double x, y, w, h;
} cm_rect_t;

typedef struct {
    const char *family; /* fontconfig family list, e.g. "Noto Sans, Noto Sans CJK JP" */
    double size;        /* px */
    int weight;         /* 400 regular, 700 bold */
    bool italic;
} cm_font_t;

typedef enum { CM_ALIGN_LEFT, CM_ALIGN_CENTER, CM_ALIGN_RIGHT } cm_align_t;

/* ---- text measuring, injected into layout ---- */

typedef struct {
    double width, height; /* logical box */
    double baseline;      /* from the top of the box to the first baseline */
    int unknown_glyphs;   /* glyphs no installed font has */
} cm_text_extents_t;

typedef struct cm_measurer {
    void *ctx;
    /* Measures TEXT in FONT; WRAP > 0 wraps lines at that width (word wrap). */
    void (*measure)(void *ctx, const cm_font_t *font, const char *text, double wrap,
                    cm_align_t align, cm_text_extents_t *out);
} cm_measurer_t;

static inline void
cm_measure(const cm_measurer_t *m, const cm_font_t *font, const char *text, double wrap,
           cm_text_extents_t *out)
{
    m->measure(m->ctx, font, text, wrap, CM_ALIGN_LEFT, out);
}

/* A deterministic measurer for tests: each character (UTF-8 code point) is
 * 0.55 em wide, CJK code points 1 em, lines 1.2 em high. No fonts needed. */
cm_measurer_t cm_measurer_fixed(void);

/* ---- the display list ---- */

typedef enum { CM_OP_PATH, CM_OP_TEXT } cm_op_kind_t;
typedef enum { CM_VERB_MOVE, CM_VERB_LINE, CM_VERB_CURVE, CM_VERB_CLOSE } cm_verb_t;
/* How a stroke turns a corner. Mitre (the default) keeps rectangles square; bevel suits
 * long thin polylines such as borders, whose sharp turns would grow mitre spikes, and
 * is several times cheaper for Cairo to stroke. */
typedef enum { CM_JOIN_MITER, CM_JOIN_BEVEL } cm_line_join_t;

typedef struct {
    cm_op_kind_t kind;
    const char *id; /* semantic id; owned by the scene */
    cm_rect_t bbox; /* for paths: of the points (plus half the line width) */

    /* CM_OP_PATH: verbs[verb0 .. verb0+n_verbs), each MOVE/LINE uses one point,
     * CURVE three, CLOSE none; points start at point0. */
    int verb0, n_verbs, point0;
    cm_color_t fill;   /* a == 0: not filled */
    cm_color_t stroke; /* a == 0: not stroked */
    double line_width;
    double dash; /* 0 = solid, else on/off length */
    cm_line_join_t join;

    /* CM_OP_TEXT */
    const char *text;
    cm_font_t font; /* family owned by the scene */
    cm_color_t color;
    double wrap; /* 0 = single line */
    cm_align_t align;
} cm_op_t;

typedef struct {
    double x, y;
} cm_point_t;

typedef struct {
    /* plain values */
    double width, height; /* canvas, px */
    cm_color_t background;
    cm_rect_t frame; /* inside the page margins, where text belongs; the canvas by default */
    /* owned */
    const char *title; /* document title metadata, may be NULL */
    const char *desc;  /* document description (alt text), may be NULL */
    GArray *ops;       /* cm_op_t */
    GArray *verbs;     /* guint8 cm_verb_t */
    GArray *points;    /* cm_point_t */
    GStringChunk *strings;
} cm_scene_t;

cm_scene_t *cm_scene_new(double width, double height, cm_color_t background);
void cm_scene_free(cm_scene_t *scene);

const char *cm_scene_intern(cm_scene_t *scene, const char *s);
void cm_scene_set_title(cm_scene_t *scene, const char *title, const char *desc);
/* Records the area inside the page margins (layout sets it; the checker keeps text in it).
 * Not part of the dump. */
void cm_scene_set_frame(cm_scene_t *scene, cm_rect_t frame);

/* Path building: begin, add verbs, end. The op is appended on cm_scene_path_end.
 * ID may be NULL. Returns the op's index. */
void cm_scene_path_begin(cm_scene_t *scene);
void cm_scene_move_to(cm_scene_t *scene, double x, double y);
void cm_scene_line_to(cm_scene_t *scene, double x, double y);
void cm_scene_curve_to(cm_scene_t *scene, double x1, double y1, double x2, double y2, double x3,
                       double y3);
void cm_scene_close_path(cm_scene_t *scene);
int cm_scene_path_end(cm_scene_t *scene, const char *id, cm_color_t fill, cm_color_t stroke,
                      double line_width, double dash);
/* Sets how the stroke of path op OP (an index from cm_scene_path_end) joins segments. */
void cm_scene_set_join(cm_scene_t *scene, int op, cm_line_join_t join);

/* Convenience: an axis-aligned rectangle, filled and/or stroked. */
int cm_scene_rect(cm_scene_t *scene, const char *id, cm_rect_t r, cm_color_t fill,
                  cm_color_t stroke, double line_width);
/* Convenience: one straight segment. */
int cm_scene_line(cm_scene_t *scene, const char *id, double x0, double y0, double x1, double y1,
                  cm_color_t stroke, double line_width, double dash);

/* A text run whose logical box is BOX (top-left at box.x, box.y), as measured. */
int cm_scene_text(cm_scene_t *scene, const char *id, const char *text, const cm_font_t *font,
                  cm_color_t color, cm_rect_t box, double wrap, cm_align_t align);

static inline int
cm_scene_n_ops(const cm_scene_t *s)
{
    return (int)s->ops->len;
}
static inline const cm_op_t *
cm_scene_op(const cm_scene_t *s, int i)
{
    return &g_array_index(s->ops, cm_op_t, i);
}

/* Pairs of text ops whose boxes intersect by more than EPS px in both axes. */
int cm_scene_count_text_overlaps(const cm_scene_t *scene, double eps);

/* Writes a stable, human-readable dump (one op per line, numbers with two
 * decimals in the C locale). This is the golden artefact of layout tests. */
void cm_scene_dump(const cm_scene_t *scene, GString *out);

/* Helpers */
cm_rect_t cm_rect_union(cm_rect_t a, cm_rect_t b);
bool cm_rect_intersects(cm_rect_t a, cm_rect_t b, double eps);
cm_color_t cm_color_rgba(double r, double g, double b, double a);
/* Parses "#rgb", "#rrggbb", "#rrggbbaa"; returns false otherwise. */
bool cm_color_parse(const char *s, cm_color_t *out);

#endif
