/* cm_geo_cache.h — a basemap's derived geometry kept on disk between runs (see cm_cache.h).
 *
 * A map spends most of its setup on work that depends only on its inputs: parsing the
 * basemap, loading PROJ, cutting and projecting every arc, simplifying them to pixels. This
 * module writes those products into cache files and reads them back bit for bit, so a
 * later run with the same inputs skips the work (and never loads PROJ).
 *
 * Keys: cm_geo_cache_key_base() covers the basemap file's bytes (through their hash), the
 * load options, the projection as given, the box, a format version and the identity of the
 * code that computed the content (the ELF build id of the object holding this module, so a
 * rebuilt program never reads what an older one wrote); cm_geo_cache_key_map() adds a fit
 * and the pixel-map options. A file is named by its key (KIND-<16 hex digits>.bin) and
 * holds the key again in its header, with a format version, byte-order and type-size
 * marks, the payload's length and a checksum of the payload (cm_cache_hash).
 *
 * Reading: cm_geo_cache_load() verifies all of that; the cm_geo_cache_get_*() functions
 * check every count against the bytes left before allocating and every index against what
 * it points into, and fail (NULL) on anything inconsistent: a damaged or foreign file is
 * never trusted, only ignored. A reader that failed once stays failed.
 *
 * Byte order and layout are the machine's own (the header says which): doubles are
 * stored as their 8 bytes, so values come back bit-exact.
 *
 * Threads: no shared state except the build identity, computed once (thread-safe).
 */
#ifndef CM_GEO_CACHE_H
#define CM_GEO_CACHE_H

#include "cm_geo.h"
#include "../util/cm_bin.h"

/* Bump when the layout of any cache file changes. */
#define CM_GEO_CACHE_VERSION 2

/* ---- keys ---- */

/* The key of the projected basemap: FILE_HASH is cm_cache_hash over the basemap file's
 * bytes; OPTS as given to cm_geo_load_full (NULL: defaults); PROJ_DEF the projection
 * definition as given to cm_proj_new; BBOX the lon/lat box or NULL. */
guint64 cm_geo_cache_key_base(guint64 file_hash, const cm_geo_load_opts_t *opts,
                              const char *proj_def, const double *bbox);
/* The key of a pixel map made from the base of BASE_KEY with FIT and OPTS (NULL:
 * defaults). */
guint64 cm_geo_cache_key_map(guint64 base_key, const cm_geo_fit_t *fit,
                             const cm_geo_map_opts_t *opts);

/* ---- writing ---- */

typedef struct {
    GByteArray *buf; /* owned */
} cm_geo_cache_writer_t;

void cm_geo_cache_writer_init(cm_geo_cache_writer_t *w);
void cm_geo_cache_writer_release(cm_geo_cache_writer_t *w);
void cm_geo_cache_put_i32(cm_geo_cache_writer_t *w, gint32 v);
void cm_geo_cache_put_f64(cm_geo_cache_writer_t *w, double v);
/* N, then N points. */
void cm_geo_cache_put_xy(cm_geo_cache_writer_t *w, const cm_geo_xy_t *pts, int n);
/* A string (NULL allowed): its length (-1 for NULL), then its bytes. */
void cm_geo_cache_put_str(cm_geo_cache_writer_t *w, const char *s);

/* Writes W's bytes, behind a header, as the cache file of KIND and KEY (atomically, via
 * cm_cache_write). Returns false when caching is off or the write failed; never an
 * error for the caller. */
bool cm_geo_cache_save(const char *kind, guint64 key, const cm_geo_cache_writer_t *w);

/* ---- reading ---- */

/* The payload still to read (borrowed) and whether a read failed (then every later read
 * fails too): util's bounded reader. */
typedef cm_bin_reader_t cm_geo_cache_reader_t;

/* The cache file of KIND and KEY when it exists and its header, length and checksum are
 * right: the file's bytes (g_bytes_unref when done; R points into them), else NULL. */
GBytes *cm_geo_cache_load(const char *kind, guint64 key, cm_geo_cache_reader_t *r);
/* The next value; 0 (and R->bad set) past the end. */
gint32 cm_geo_cache_get_i32(cm_geo_cache_reader_t *r);
double cm_geo_cache_get_f64(cm_geo_cache_reader_t *r);
/* A count written by cm_geo_cache_put_i32 that must be in [0, MAX] and leave room for
 * that many items of at least ITEM_SIZE bytes each; -1 (and R->bad) otherwise. */
int cm_geo_cache_get_count(cm_geo_cache_reader_t *r, int max, size_t item_size);
/* Points written by cm_geo_cache_put_xy, new (g_free; NULL when empty), count in *N;
 * NULL with R->bad when damaged. */
cm_geo_xy_t *cm_geo_cache_get_xy(cm_geo_cache_reader_t *r, int *n);
/* A string written by cm_geo_cache_put_str, new; NULL for a NULL string or when
 * damaged (then R->bad). */
char *cm_geo_cache_get_str(cm_geo_cache_reader_t *r);
/* True when R read everything without a failure. */
bool cm_geo_cache_reader_done(const cm_geo_cache_reader_t *r);

/* ---- the geometry products ---- */

/* A basemap's features by id and name, with its flags: what the rest of a map needs of a
 * cm_geo_t once its geometry is projected. */
void cm_geo_cache_put_geo(cm_geo_cache_writer_t *w, const cm_geo_t *geo);
/* Reads it back as a cm_geo_t without geometry (no polygons, no arcs) named PATH, or
 * NULL when damaged. Free with cm_geo_free. Such a basemap can be matched (its ids and
 * names are those of the file) but not projected again. */
cm_geo_t *cm_geo_cache_get_geo(cm_geo_cache_reader_t *r, const char *path);

void cm_geo_cache_put_projected(cm_geo_cache_writer_t *w, const cm_geo_projected_t *pg);
/* The projected basemap written by cm_geo_cache_put_projected, pointing at GEO's features
 * (which must be as many as when it was written), or NULL when damaged. */
cm_geo_projected_t *cm_geo_cache_get_projected(cm_geo_cache_reader_t *r, const cm_geo_t *geo);

void cm_geo_cache_put_map(cm_geo_cache_writer_t *w, const cm_geo_map_t *map);
/* The pixel map written by cm_geo_cache_put_map, its shapes pointing at GEO's features,
 * or NULL when damaged or made for another number of features. */
cm_geo_map_t *cm_geo_cache_get_map(cm_geo_cache_reader_t *r, const cm_geo_t *geo);

#endif
