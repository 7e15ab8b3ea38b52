/* cm_bin.c — the byte writer and bounded reader of cache files (see cm_bin.h). */
#include "cm_bin.h"

#include <string.h>

void
cm_bin_put(GByteArray *b, const void *p, gsize len)
{
    g_byte_array_append(b, p, (guint)len);
}

void
cm_bin_put_u32(GByteArray *b, guint32 v)
{
    cm_bin_put(b, &v, sizeof v);
}

void
cm_bin_put_i64(GByteArray *b, gint64 v)
{
    cm_bin_put(b, &v, sizeof v);
}

void
cm_bin_put_bytes(GByteArray *b, const void *p, gsize len)
{
    cm_bin_put_u32(b, (guint32)len);
    cm_bin_put(b, p, len);
}

void
cm_bin_put_str(GByteArray *b, const char *s)
{
    cm_bin_put_bytes(b, s ? s : "", s ? strlen(s) : 0);
}

const void *
cm_bin_take(cm_bin_reader_t *r, gsize n)
{
    if (r->bad || (gsize)(r->end - r->p) < n) {
        r->bad = true;
        return NULL;
    }
    const void *at = r->p;
    r->p += n;
    return at;
}

guint32
cm_bin_take_u32(cm_bin_reader_t *r)
{
    guint32 v = 0;
    const void *p = cm_bin_take(r, sizeof v);
    if (p)
        memcpy(&v, p, sizeof v);
    return v;
}

gint64
cm_bin_take_i64(cm_bin_reader_t *r)
{
    gint64 v = 0;
    const void *p = cm_bin_take(r, sizeof v);
    if (p)
        memcpy(&v, p, sizeof v);
    return v;
}

char *
cm_bin_take_str(cm_bin_reader_t *r)
{
    guint32 n = cm_bin_take_u32(r);
    const char *p = cm_bin_take(r, n);
    if (!p || memchr(p, 0, n)) {
        r->bad = true;
        return NULL;
    }
    return g_strndup(p, n);
}
