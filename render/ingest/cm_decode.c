/* cm_decode.c — bytes in a file's encoding to UTF-8, in blocks, for the CSV reader.
 *
 * The encoding is named by the caller (an iconv name), read from a byte-order
 * mark (UTF-8, UTF-16LE, UTF-16BE), or told from the first bytes: valid UTF-8
 * is UTF-8; bytes that are not, with not one valid multi-byte UTF-8 sequence
 * among them, are a legacy single-byte file: Windows-1252 (what Excel and
 * Notepad write on Western European Windows), or ISO-8859-1 when a byte that
 * Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) occurs. Bytes
 * that are mostly UTF-8 with a few bad sequences stay UTF-8, so the reader
 * reports them where they are instead of turning the whole file into mojibake.
 *
 * Conversion is GLib's g_iconv, fed block by block: a character cut at the
 * end of a block is kept for the next one; a byte the encoding cannot read is
 * replaced by U+FFFD and counted.
 */
#include "cm_ingest_private.h"

#include <errno.h>
#include <string.h>

#include "../util/cm_error.h"

#define CARRY_MAX 8 /* longest cut character kept between blocks */

struct cm__decoder {
    /* owned */
    GIConv cd;
    /* plain values */
    char carry[CARRY_MAX];
    size_t n_carry;
};

cm__decoder_t *
cm__decoder_new(const char *encoding, GError **error)
{
    g_return_val_if_fail(encoding != NULL, NULL);
    GIConv cd = g_iconv_open("UTF-8", encoding);
    if (cd == (GIConv)-1) { // NOLINT(performance-no-int-to-ptr): g_iconv_open's error value
        g_set_error(error, CM_ERROR, CM_ERROR_USAGE,
                    "unknown encoding \"%s\"; give an iconv name such as windows-1252, latin1, "
                    "utf-16 or utf-8",
                    encoding);
        return NULL;
    }
    cm__decoder_t *d = g_new0(cm__decoder_t, 1);
    d->cd = cd;
    return d;
}

void
cm__decoder_free(cm__decoder_t *d)
{
    if (!d)
        return;
    g_iconv_close(d->cd);
    g_free(d);
}

static void
append_replacement(GByteArray *out)
{
    g_byte_array_append(out, (const guint8 *)"\xEF\xBF\xBD", 3);
}

/* Converts IN (LEN bytes) and appends to OUT; returns the bytes replaced. On
 * a cut character at the end, *REST is how many bytes were left over. */
static size_t
convert(cm__decoder_t *d, const char *in, size_t len, GByteArray *out, size_t *rest)
{
    size_t bad = 0;
    char buf[4096];
    gchar *ip = (gchar *)in;
    gsize ileft = len;
    while (ileft > 0) {
        gchar *op = buf;
        gsize oleft = sizeof buf;
        gsize r = g_iconv(d->cd, &ip, &ileft, &op, &oleft);
        int e = errno;
        g_byte_array_append(out, (const guint8 *)buf, (guint)(op - buf));
        if (r != (gsize)-1)
            continue;
        if (e == E2BIG)
            continue;
        if (e == EINVAL) { /* a character cut at the end */
            *rest = ileft;
            return bad;
        }
        append_replacement(out); /* EILSEQ: a byte it cannot read */
        bad++;
        ip++;
        ileft--;
    }
    *rest = 0;
    return bad;
}

size_t
cm__decoder_push(cm__decoder_t *d, const char *in, size_t len, GByteArray *out)
{
    size_t bad = 0, rest = 0;
    /* Finish a character cut at the end of the last block, one byte at a time. */
    while (d->n_carry && len) {
        d->carry[d->n_carry++] = *in++;
        len--;
        char tmp[CARRY_MAX];
        size_t n = d->n_carry;
        memcpy(tmp, d->carry, n);
        d->n_carry = 0;
        bad += convert(d, tmp, n, out, &rest);
        if (rest) {
            if (rest >= CARRY_MAX) {
                append_replacement(out);
                bad++;
                rest = 0;
            } else {
                memcpy(d->carry, tmp + n - rest, rest);
                d->n_carry = rest;
            }
        }
    }
    if (!len)
        return bad;
    bad += convert(d, in, len, out, &rest);
    if (rest >= CARRY_MAX) {
        append_replacement(out);
        bad++;
    } else if (rest) {
        memcpy(d->carry, in + len - rest, rest);
        d->n_carry = rest;
    }
    return bad;
}

bool
cm__decoder_finish(cm__decoder_t *d, GByteArray *out)
{
    if (!d->n_carry)
        return true;
    d->n_carry = 0;
    append_replacement(out);
    return false;
}

/* Whether BYTES (LEN) is valid UTF-8, allowing a character cut at the end when
 * the sample is cut (ALL false). Sets *MULTI when it holds a valid multi-byte
 * sequence. */
static bool
valid_utf8(const char *bytes, size_t len, bool all, bool *multi)
{
    const char *p = bytes, *end = bytes + len;
    bool valid = true;
    *multi = false;
    while (p < end) {
        if ((unsigned char)*p < 0x80) {
            p++;
            continue;
        }
        gunichar c = g_utf8_get_char_validated(p, end - p);
        if (c == (gunichar)-2 && !all)
            break; /* cut by the end of the sample */
        if (c == (gunichar)-1 || c == (gunichar)-2) {
            valid = false;
            p++;
            continue;
        }
        *multi = true;
        p = g_utf8_next_char(p);
    }
    return valid;
}

const char *
cm__detect_encoding(const char *bytes, size_t len, bool all, size_t *bom)
{
    const unsigned char *b = (const unsigned char *)bytes;
    *bom = 0;
    if (len >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF) {
        *bom = 3;
        return "UTF-8";
    }
    if (len >= 2 && b[0] == 0xFF && b[1] == 0xFE) {
        *bom = 2;
        return "UTF-16LE";
    }
    if (len >= 2 && b[0] == 0xFE && b[1] == 0xFF) {
        *bom = 2;
        return "UTF-16BE";
    }
    bool multi;
    if (valid_utf8(bytes, len, all, &multi) || multi)
        return "UTF-8";
    for (size_t i = 0; i < len; i++)
        if (b[i] == 0x81 || b[i] == 0x8D || b[i] == 0x8F || b[i] == 0x90 || b[i] == 0x9D)
            return "ISO-8859-1";
    return "WINDOWS-1252";
}
