/* cm_text_font.c — the fonts shaped runs name, described and opened again.
 *
 * A run's font is recorded as a description: the values of the fontconfig
 * pattern Pango chose that cairo-ft reads when it makes a face from a pattern
 * (file, index, hinting, antialiasing, embolden, variations …), plus the font
 * matrix, CTM and options of the scaled font Pango drew with. From it
 * cm__text_font rebuilds that scaled font with
 * cairo_ft_font_face_create_for_pattern and cairo_scaled_font_create, which
 * need neither fontconfig's configuration nor Pango: the same glyph outlines
 * and advances whether the run was shaped in this process or read from the
 * cache folder.
 */
#include "cm_backend_private.h"
#include "../util/cm_bin.h"

#include <cairo-ft.h>
#include <string.h>

/* The pattern elements cairo-ft reads when it makes a face from a pattern
 * (cairo-ft-font.c: _cairo_ft_unscaled_font_create_for_pattern,
 * _get_pattern_ft_options). Only these are kept, so one font file drawn the
 * same way has one description whatever Pango asked fontconfig for (family
 * lists, languages), and a figure draws each font through one scaled font
 * whether its runs came from the cache or from Pango. */
static const char *const CAIRO_FT_OBJECTS[] = {
    FC_FILE,       FC_INDEX,           FC_ANTIALIAS,
    FC_HINTING,    FC_HINT_STYLE,      FC_RGBA,
    FC_LCD_FILTER, FC_AUTOHINT,        FC_VERTICAL_LAYOUT,
    FC_EMBOLDEN,   FC_EMBEDDED_BITMAP, FC_FONT_VARIATIONS,
};

/* Serialises PATTERN's values of CAIRO_FT_OBJECTS and the scaled font's
 * matrices and options into B. */
void
cm__text_describe_font(GByteArray *b, FcPattern *pattern, cairo_scaled_font_t *sf)
{
    GByteArray *objs = g_byte_array_new();
    guint32 n_objs = 0;
    for (size_t o = 0; o < G_N_ELEMENTS(CAIRO_FT_OBJECTS); o++) {
        FcPatternIter it;
        const char *obj = CAIRO_FT_OBJECTS[o];
        if (FcPatternFindIter(pattern, &it, obj)) {
            int n = FcPatternIterValueCount(pattern, &it);
            GByteArray *vals = g_byte_array_new();
            guint32 nv = 0;
            for (int i = 0; i < n; i++) {
                FcValue v;
                if (FcPatternIterGetValue(pattern, &it, i, &v, NULL) != FcResultMatch)
                    continue;
                guint8 type = (guint8)v.type;
                switch (v.type) {
                case FcTypeInteger:
                case FcTypeBool: {
                    gint32 x = v.type == FcTypeInteger ? v.u.i : v.u.b;
                    cm_bin_put(vals, &type, 1);
                    cm_bin_put(vals, &x, 4);
                    break;
                }
                case FcTypeDouble:
                    cm_bin_put(vals, &type, 1);
                    cm_bin_put(vals, &v.u.d, 8);
                    break;
                case FcTypeString:
                    cm_bin_put(vals, &type, 1);
                    cm_bin_put_str(vals, (const char *)v.u.s);
                    break;
                case FcTypeMatrix:
                    cm_bin_put(vals, &type, 1);
                    cm_bin_put(vals, &v.u.m->xx, 8);
                    cm_bin_put(vals, &v.u.m->xy, 8);
                    cm_bin_put(vals, &v.u.m->yx, 8);
                    cm_bin_put(vals, &v.u.m->yy, 8);
                    break;
                default:
                    continue;
                }
                nv++;
            }
            if (nv) {
                cm_bin_put_str(objs, obj);
                cm_bin_put_u32(objs, nv);
                cm_bin_put(objs, vals->data, vals->len);
                n_objs++;
            }
            g_byte_array_unref(vals);
        }
    }
    cm_bin_put_u32(b, n_objs);
    cm_bin_put(b, objs->data, objs->len);
    g_byte_array_unref(objs);

    cairo_matrix_t fm, ctm;
    cairo_scaled_font_get_font_matrix(sf, &fm);
    cairo_scaled_font_get_ctm(sf, &ctm);
    double m[12] = {fm.xx,  fm.yx,  fm.xy,  fm.yy,  fm.x0,  fm.y0,
                    ctm.xx, ctm.yx, ctm.xy, ctm.yy, ctm.x0, ctm.y0};
    cm_bin_put(b, m, sizeof m);
    cairo_font_options_t *o = cairo_font_options_create();
    cairo_scaled_font_get_font_options(sf, o);
    gint32 opt[4] = {cairo_font_options_get_antialias(o), cairo_font_options_get_subpixel_order(o),
                     cairo_font_options_get_hint_style(o), cairo_font_options_get_hint_metrics(o)};
    cm_bin_put(b, opt, sizeof opt);
    cm_bin_put_str(b, cairo_font_options_get_variations(o));
    cairo_font_options_destroy(o);
}

/* Reads a description back: D[0..LEN) as written by describe_font. Returns
 * the pattern (NULL when malformed) and fills the matrices and options. */
static FcPattern *
read_description(const guint8 *d, gsize len, cairo_matrix_t *fm, cairo_matrix_t *ctm,
                 cairo_font_options_t *o)
{
    if (!d || len == 0) /* an empty description (no pointer arithmetic on NULL) */
        return NULL;
    cm_bin_reader_t r = {d, d + len, false};
    FcPattern *pat = FcPatternCreate();
    guint32 n_objs = cm_bin_take_u32(&r);
    for (guint32 i = 0; i < n_objs && !r.bad; i++) {
        char *obj = cm_bin_take_str(&r);
        guint32 nv = cm_bin_take_u32(&r);
        for (guint32 j = 0; j < nv && !r.bad; j++) {
            const guint8 *type = cm_bin_take(&r, 1);
            if (!type)
                break;
            FcValue v = {.type = (FcType)*type};
            FcMatrix m;
            char *s = NULL;
            const void *p;
            switch ((FcType)*type) {
            case FcTypeInteger:
            case FcTypeBool:
                if ((p = cm_bin_take(&r, 4))) {
                    gint32 x;
                    memcpy(&x, p, 4);
                    if (v.type == FcTypeInteger)
                        v.u.i = x;
                    else
                        v.u.b = x;
                }
                break;
            case FcTypeDouble:
                if ((p = cm_bin_take(&r, 8)))
                    memcpy(&v.u.d, p, 8);
                break;
            case FcTypeString:
                s = cm_bin_take_str(&r);
                v.u.s = (const FcChar8 *)s;
                break;
            case FcTypeMatrix:
                if ((p = cm_bin_take(&r, 32))) {
                    double q[4];
                    memcpy(q, p, sizeof q);
                    m = (FcMatrix){q[0], q[1], q[2], q[3]};
                    v.u.m = &m;
                }
                break;
            default:
                r.bad = true;
            }
            if (!r.bad && obj)
                FcPatternAdd(pat, obj, v, FcTrue);
            g_free(s);
        }
        g_free(obj);
    }
    const void *mp = cm_bin_take(&r, 12 * sizeof(double));
    const void *op = cm_bin_take(&r, 4 * sizeof(gint32));
    char *variations = cm_bin_take_str(&r);
    if (r.bad || r.p != r.end) {
        g_free(variations);
        FcPatternDestroy(pat);
        return NULL;
    }
    double m[12];
    gint32 opt[4];
    memcpy(m, mp, sizeof m);
    memcpy(opt, op, sizeof opt);
    cairo_matrix_init(fm, m[0], m[1], m[2], m[3], m[4], m[5]);
    cairo_matrix_init(ctm, m[6], m[7], m[8], m[9], m[10], m[11]);
    cairo_font_options_set_antialias(o, (cairo_antialias_t)opt[0]);
    cairo_font_options_set_subpixel_order(o, (cairo_subpixel_order_t)opt[1]);
    cairo_font_options_set_hint_style(o, (cairo_hint_style_t)opt[2]);
    cairo_font_options_set_hint_metrics(o, (cairo_hint_metrics_t)opt[3]);
    if (*variations)
        cairo_font_options_set_variations(o, variations);
    g_free(variations);
    return pat;
}

bool
cm__text_font_desc_ok(const guint8 *desc, gsize len)
{
    cairo_matrix_t fm, ctm;
    cairo_font_options_t *o = cairo_font_options_create();
    FcPattern *p = read_description(desc, len, &fm, &ctm, o);
    FcChar8 *file = NULL;
    bool ok = p && FcPatternGetString(p, FC_FILE, 0, &file) == FcResultMatch;
    if (p)
        FcPatternDestroy(p);
    cairo_font_options_destroy(o);
    return ok;
}

cairo_scaled_font_t *
cm__text_font(cm_text_t *text, int id)
{
    if (id < 0 || (guint)id >= text->fonts->len)
        return NULL;
    cm__font_t *f = g_ptr_array_index(text->fonts, id);
    if (f->sf || f->sf_failed)
        return f->sf;
    cairo_matrix_t fm, ctm;
    cairo_font_options_t *o = cairo_font_options_create();
    FcPattern *p = read_description(f->desc, f->desc_len, &fm, &ctm, o);
    if (p) {
        cairo_font_face_t *face = cairo_ft_font_face_create_for_pattern(p);
        cairo_scaled_font_t *sf = cairo_scaled_font_create(face, &fm, &ctm, o);
        cairo_font_face_destroy(face);
        FcPatternDestroy(p);
        if (cairo_scaled_font_status(sf) == CAIRO_STATUS_SUCCESS) {
            f->sf = sf;
            FT_Face ft = cairo_ft_scaled_font_lock_face(sf);
            if (ft && ft->num_glyphs > 0)
                f->n_glyphs = (guint32)ft->num_glyphs;
            if (ft)
                cairo_ft_scaled_font_unlock_face(sf);
        } else
            cairo_scaled_font_destroy(sf);
    }
    cairo_font_options_destroy(o);
    f->sf_failed = f->sf == NULL;
    return f->sf;
}

bool
cm__text_glyph_ok(cm_text_t *text, int id, guint32 glyph)
{
    if (glyph == PANGO_GLYPH_EMPTY || glyph == PANGO_GLYPH_INVALID_INPUT ||
        (glyph & PANGO_GLYPH_UNKNOWN_FLAG))
        return true;
    if (!cm__text_font(text, id))
        return false;
    const cm__font_t *f = g_ptr_array_index(text->fonts, id);
    return f->n_glyphs == 0 || glyph < f->n_glyphs;
}
