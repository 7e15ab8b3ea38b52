/* cm_bin.h — writing and reading the binary records of cache files.
 *
 * Values are written in the machine's own byte order and sizes (a cache file is
 * read back only by the program that wrote it, and says which build that was); a
 * string or a blob is its length as a 32-bit count, then its bytes. The reader
 * never reads past its end: the first request that does not fit marks it bad, and
 * from then on every take returns NULL or 0, so a caller checks `bad` once after a
 * record rather than after every field.
 */
#ifndef CM_BIN_H
#define CM_BIN_H

#include <glib.h>
#include <stdbool.h>

void cm_bin_put(GByteArray *b, const void *p, gsize len);
void cm_bin_put_u32(GByteArray *b, guint32 v);
void cm_bin_put_i64(GByteArray *b, gint64 v);
/* LEN as a u32, then the LEN bytes at P. */
void cm_bin_put_bytes(GByteArray *b, const void *p, gsize len);
/* cm_bin_put_bytes of S without its NUL; NULL is written as "". */
void cm_bin_put_str(GByteArray *b, const char *s);

typedef struct {
    const guint8 *p, *end;
    bool bad; /* a take did not fit, or a value was malformed */
} cm_bin_reader_t;

/* The next N bytes (borrowed), or NULL and BAD set when fewer are left. */
const void *cm_bin_take(cm_bin_reader_t *r, gsize n);
guint32 cm_bin_take_u32(cm_bin_reader_t *r);
gint64 cm_bin_take_i64(cm_bin_reader_t *r);
/* A string written by cm_bin_put_str, as a new NUL-terminated copy; NULL (and BAD
 * set) when it does not fit or holds a NUL byte. */
char *cm_bin_take_str(cm_bin_reader_t *r);

#endif
