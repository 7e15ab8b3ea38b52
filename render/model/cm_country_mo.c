/* cm_country_mo.c — a reader for GNU gettext .mo catalogues.
 *
 * Reading the catalogue directly (rather than through gettext() with a
 * temporary textdomain binding) keeps loading independent of the process
 * locale and of gettext's global state, so it is thread-safe. Format, from the
 * GNU gettext manual, section "The Format of GNU MO Files": a 32-bit magic
 * 0x950412de in the file's byte order, a revision (major 0 or 1), the number of
 * strings N, the offset of the table of original strings and the offset of the
 * table of translations; each table holds N (length, offset) pairs of 32-bit
 * words, and each string is NUL-terminated after LENGTH bytes. A plural
 * original is "singular\0plural"; a msgctxt is "context\x04msgid". Every
 * offset is bounds-checked against the file size before use.
 */
#include "cm_country_private.h"

#include <string.h>

#include "util/cm_error.h"

#define MO_MAGIC 0x950412deu
#define MO_MAX_STRINGS (1 << 20)

static guint32
mo_word(const guint8 *p, bool swap)
{
    guint32 v;
    memcpy(&v, p, 4);
    return swap ? GUINT32_SWAP_LE_BE(v) : v;
}

/* Returns the string of table entry I, or NULL when it lies outside the file
 * or is not NUL-terminated. */
static const char *
mo_string(const guint8 *data, gsize size, guint32 table, guint32 i, bool swap)
{
    guint64 at = (guint64)table + (guint64)i * 8;
    if (at + 8 > size)
        return NULL;
    guint32 len = mo_word(data + at, swap);
    guint32 off = mo_word(data + at + 4, swap);
    if ((guint64)off + len >= size || data[off + len] != '\0')
        return NULL;
    return (const char *)data + off;
}

bool
cm__mo_init(cm__mo_t *mo, const char *path, GError **error)
{
    memset(mo, 0, sizeof *mo);
    GError *err = NULL;
    gsize size = 0;
    if (!g_file_get_contents(path, &mo->data, &size, &err)) {
        g_set_error(error, CM_ERROR, CM_ERROR_IO, "cannot read catalogue \"%s\": %s", path,
                    err->message);
        g_error_free(err);
        return false;
    }
    const guint8 *data = (const guint8 *)mo->data;
    if (size < 20)
        goto bad;
    guint32 magic;
    memcpy(&magic, data, 4);
    bool swap = magic != MO_MAGIC;
    if (swap && GUINT32_SWAP_LE_BE(magic) != MO_MAGIC)
        goto bad;
    if ((mo_word(data + 4, swap) >> 16) > 1)
        goto bad;
    guint32 n = mo_word(data + 8, swap);
    guint32 orig = mo_word(data + 12, swap);
    guint32 trans = mo_word(data + 16, swap);
    if (n > MO_MAX_STRINGS)
        goto bad;
    mo->msgid = g_new(const char *, n ? n : 1);
    mo->msgstr = g_new(const char *, n ? n : 1);
    for (guint32 i = 0; i < n; i++) {
        const char *id = mo_string(data, size, orig, i, swap);
        const char *str = mo_string(data, size, trans, i, swap);
        if (!id || !str)
            goto bad;
        if (!*id || !*str || strchr(id, '\x04'))
            continue;
        mo->msgid[mo->n] = id;
        mo->msgstr[mo->n] = str;
        mo->n++;
    }
    return true;
bad:
    g_set_error(error, CM_ERROR, CM_ERROR_DATA,
                "\"%s\" is not a valid gettext catalogue (.mo file)", path);
    cm__mo_release(mo);
    return false;
}

void
cm__mo_release(cm__mo_t *mo)
{
    if (!mo)
        return;
    g_free(mo->msgid);
    g_free(mo->msgstr);
    g_free(mo->data);
    memset(mo, 0, sizeof *mo);
}
