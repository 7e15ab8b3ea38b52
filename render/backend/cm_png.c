/* cm_png.c — PNG encoding of a Cairo ARGB32 image into memory, deflated in
 * parallel bands.
 *
 * Level and filter. Cairo's own cairo_surface_write_to_png uses zlib's
 * default level with libpng's adaptive row filters; on a chart (large flat
 * areas, a few lines and glyphs) that costs most of a render. Flat colour
 * compresses well without any row filter, so every row has filter type 0
 * (None) and zlib runs at a low level. Measured with tests/bench/bench_png.c
 * (`bench_png 21 --levels`) on a 1600x900 chart-like image, one thread,
 * median of 21 encodes, zlib 1.2.13, -O2, shared 2-core machine:
 *
 *   writer                        ms            bytes    speed vs cairo  size
 *   cairo_surface_write_to_png    34.7 .. 44.5  76602    1.0x            1.00x
 *   filter none, zlib level 1     7.9           103727   4.4 .. 5.6x     1.35x
 *   filter none, zlib level 3     8.1           100597   4.3 .. 5.5x     1.31x
 *   filter none, zlib level 4     13.9          88206    2.5 .. 3.2x     1.15x
 *   filter none, zlib level 6     18.5 .. 19.2  87830    1.8 .. 2.4x     1.15x
 *
 * Levels 1-3 use zlib's fast deflate and cost the same; level 3 is the
 * smallest of them, so it is the default (CM_PNG_DEFAULT_LEVEL).
 *
 * Parallel deflate (the technique of Mark Adler's pigz). Deflate is still
 * half of a whole lanes PNG process, so the filtered image data (the bytes
 * IDAT compresses: per row a filter byte and the pixels) is cut into bands of
 * whole rows, each deflated on its own as a raw deflate stream:
 *   - band b > 0 is primed with the last 32 KiB of the data before it
 *     (deflateSetDictionary), so it may refer back across the cut and
 *     compresses as well as one stream would;
 *   - every band but the last ends with Z_SYNC_FLUSH (the open block is
 *     finished and an empty stored block brings it to a byte boundary,
 *     not marked final), the last with Z_FINISH;
 *   - the zlib stream is the 2-byte header zlib itself would write, the bands
 *     in order, and the Adler-32 of all the data, joined from the bands'
 *     own with adler32_combine (RFC 1950, RFC 1951 3.2.3).
 * The cut depends only on the image size (about BAND_BYTES of data per band,
 * at most MAX_BANDS), never on the number of processors or on which thread
 * ran which band, so the bytes are the same on every machine and every run.
 * The bands are taken from a shared counter by up to as many threads as
 * there are processors (the calling thread is one of them).
 *
 * The file is written here: signature, IHDR, pHYs (the DPI in pixels per
 * metre, when given), IDAT chunks of at most 64 KiB, IEND; chunk CRCs from
 * zlib's crc32 (PNG specification, ISO/IEC 15948, 5.3 and 11.2). Fully
 * opaque images (the usual case: figures have a background) are written as
 * 8-bit RGB, others as RGBA with the premultiplied colour divided back out.
 */
#include "cm_backend_private.h"
#include "../util/cm_error.h"

#include <math.h>
#include <stdint.h>
#include <string.h>
#include <zlib.h>

enum {
    BAND_BYTES = 1 << 20, /* filtered data per band, roughly */
    MAX_BANDS = 8,
    WINDOW = 1 << 15,    /* deflate's window: what a band is primed with */
    CHUNK_IN = 1 << 16,  /* filtered data converted at a time, roughly */
    CHUNK_OUT = 1 << 15, /* deflate output grows by this much */
    IDAT_MAX = 1 << 16,  /* data bytes per IDAT chunk */
};

static inline uint32_t
pixel_at(const unsigned char *row, int x)
{
    uint32_t p;
    memcpy(&p, row + 4 * (size_t)x, sizeof p);
    return p;
}

/* Row by row, AND-ing the pixels together: a loop without a branch per pixel,
 * which the compiler vectorises (the per-pixel test cost 2 instructions a
 * pixel, 3% of a whole lanes figure). */
static bool
is_opaque(const unsigned char *argb, int width, int height, int stride)
{
    for (int y = 0; y < height; y++) {
        const unsigned char *row = argb + (size_t)y * (size_t)stride;
        uint32_t all = 0xffffffffu;
        for (int x = 0; x < width; x++)
            all &= pixel_at(row, x);
        if ((all >> 24) != 0xff)
            return false;
    }
    return true;
}

static void
row_to_rgb(const unsigned char *row, int width, unsigned char *dst)
{
    for (int x = 0; x < width; x++) {
        uint32_t p = pixel_at(row, x);
        dst[0] = (unsigned char)(p >> 16);
        dst[1] = (unsigned char)(p >> 8);
        dst[2] = (unsigned char)p;
        dst += 3;
    }
}

/* Cairo stores colour premultiplied by alpha; PNG wants it straight. */
static void
row_to_rgba(const unsigned char *row, int width, unsigned char *dst)
{
    for (int x = 0; x < width; x++) {
        uint32_t p = pixel_at(row, x);
        unsigned a = p >> 24;
        unsigned r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;
        if (a == 0) {
            r = g = b = 0;
        } else if (a != 0xff) {
            r = (r * 255 + a / 2) / a;
            g = (g * 255 + a / 2) / a;
            b = (b * 255 + a / 2) / a;
        }
        dst[0] = (unsigned char)r;
        dst[1] = (unsigned char)g;
        dst[2] = (unsigned char)b;
        dst[3] = (unsigned char)a;
        dst += 4;
    }
}

/* The image and how it is written; read by every band. */
typedef struct {
    /* borrowed */
    const unsigned char *argb;
    /* plain values */
    int width, height, stride;
    int level;
    bool opaque;
    size_t row_bytes; /* filtered row: filter byte + width × channels */
} png_image;

typedef struct {
    /* plain values */
    int y0, y1; /* rows [y0, y1) */
    bool last;
    /* owned, filled by deflate_band */
    GByteArray *z;  /* raw deflate data */
    uLong adler;    /* Adler-32 of the band's filtered data */
    uLong data_len; /* its length */
    int zerr;       /* Z_OK, or the zlib error that stopped the band */
} png_band;

/* Rows [y0, y1) of IMG, filtered (type 0, None), into DST. */
static void
filter_rows(const png_image *img, int y0, int y1, unsigned char *dst)
{
    for (int y = y0; y < y1; y++) {
        const unsigned char *src = img->argb + (size_t)y * (size_t)img->stride;
        dst[0] = 0;
        if (img->opaque)
            row_to_rgb(src, img->width, dst + 1);
        else
            row_to_rgba(src, img->width, dst + 1);
        dst += img->row_bytes;
    }
}

static voidpf
z_alloc(voidpf opaque, uInt items, uInt size)
{
    (void)opaque;
    return g_malloc_n(items, size);
}

static void
z_free(voidpf opaque, voidpf p)
{
    (void)opaque;
    g_free(p);
}

/* Runs deflate with FLUSH until it has taken all its input and, for a
 * flush, written all its output; appends the output to Z. */
static int
deflate_into(z_stream *zs, GByteArray *z, int flush)
{
    int rc;
    do {
        guint at = z->len;
        g_byte_array_set_size(z, at + CHUNK_OUT);
        zs->next_out = z->data + at;
        zs->avail_out = CHUNK_OUT;
        rc = deflate(zs, flush);
        g_byte_array_set_size(z, at + CHUNK_OUT - zs->avail_out);
        if (rc == Z_STREAM_ERROR)
            return rc;
    } while (zs->avail_out == 0);
    return Z_OK;
}

/* Primes ZS with the last WINDOW bytes of filtered data before row Y0. */
static int
prime_band(const png_image *img, int y0, z_stream *zs)
{
    int rows = (int)((WINDOW + img->row_bytes - 1) / img->row_bytes);
    if (rows > y0)
        rows = y0;
    size_t n = (size_t)rows * img->row_bytes;
    unsigned char *dict = g_malloc(n);
    filter_rows(img, y0 - rows, y0, dict);
    size_t use = n < WINDOW ? n : WINDOW;
    int rc = deflateSetDictionary(zs, dict + n - use, (uInt)use);
    g_free(dict);
    return rc;
}

static void
deflate_band(const png_image *img, png_band *band)
{
    z_stream zs = {.zalloc = z_alloc, .zfree = z_free};
    band->z = g_byte_array_new();
    band->adler = adler32(0, NULL, 0);
    band->data_len = 0;
    /* Raw deflate (negative window bits): the zlib wrapper is written once,
     * around all the bands, by cm_png_encode. */
    band->zerr = deflateInit2(&zs, img->level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
    if (band->zerr != Z_OK)
        return;
    if (band->y0 > 0)
        band->zerr = prime_band(img, band->y0, &zs);
    int chunk_rows = (int)(CHUNK_IN / img->row_bytes);
    if (chunk_rows < 1)
        chunk_rows = 1;
    unsigned char *buf = g_malloc((size_t)chunk_rows * img->row_bytes);
    for (int y = band->y0; y < band->y1 && band->zerr == Z_OK; y += chunk_rows) {
        int y1 = MIN(y + chunk_rows, band->y1);
        size_t n = (size_t)(y1 - y) * img->row_bytes;
        filter_rows(img, y, y1, buf);
        band->adler = adler32(band->adler, buf, (uInt)n);
        band->data_len += n;
        zs.next_in = buf;
        zs.avail_in = (uInt)n;
        band->zerr = deflate_into(&zs, band->z, Z_NO_FLUSH);
    }
    if (band->zerr == Z_OK)
        band->zerr = deflate_into(&zs, band->z, band->last ? Z_FINISH : Z_SYNC_FLUSH);
    deflateEnd(&zs);
    g_free(buf);
}

typedef struct {
    /* borrowed */
    const png_image *img;
    png_band *bands;
    /* plain values */
    int n_bands;
    gint next; /* the next band to take; atomic */
} band_pool;

static gpointer
pool_work(gpointer data)
{
    band_pool *pool = data;
    int b;
    while ((b = g_atomic_int_add(&pool->next, 1)) < pool->n_bands)
        deflate_band(pool->img, &pool->bands[b]);
    return NULL;
}

/* How many bands IMG's data is cut into: a function of its size only. */
static int
band_count(const png_image *img)
{
    size_t total = img->row_bytes * (size_t)img->height;
    size_t n = total / BAND_BYTES;
    if (n > MAX_BANDS)
        n = MAX_BANDS;
    if (n > (size_t)img->height)
        n = (size_t)img->height;
    return n < 1 ? 1 : (int)n;
}

/* Deflates all of POOL's bands on the calling thread and up to
 * MAX_THREADS - 1 more. */
static void
deflate_bands(band_pool *pool, int max_threads)
{
    int n_threads = MIN(pool->n_bands, max_threads);
    GThread *threads[MAX_BANDS];
    int started = 0;
    for (int i = 1; i < n_threads; i++) {
        GThread *t = g_thread_try_new("cm-png", pool_work, pool, NULL);
        if (!t)
            break; /* fewer threads, same bytes */
        threads[started++] = t;
    }
    pool_work(pool);
    for (int i = 0; i < started; i++)
        g_thread_join(threads[i]);
}

static void
put_be32(GByteArray *out, uint32_t v)
{
    const guint8 b[4] = {(guint8)(v >> 24), (guint8)(v >> 16), (guint8)(v >> 8), (guint8)v};
    g_byte_array_append(out, b, 4);
}

/* A chunk: length, type, data, CRC of type and data. */
static void
put_chunk(GByteArray *out, const char *type, const guint8 *data, guint32 len)
{
    put_be32(out, len);
    guint at = out->len;
    g_byte_array_append(out, (const guint8 *)type, 4);
    if (len > 0)
        g_byte_array_append(out, data, len);
    put_be32(out, (uint32_t)crc32(0, out->data + at, len + 4));
}

/* The two bytes zlib's deflate starts a stream at LEVEL with: 32 KiB window,
 * and its FLEVEL hint (RFC 1950 2.2; deflate.c). */
static void
put_zlib_header(GByteArray *z, int level)
{
    unsigned flevel = level < 2 ? 0 : level < 6 ? 1 : level == 6 ? 2 : 3;
    unsigned header = (Z_DEFLATED + (7 << 4)) << 8 | flevel << 6;
    header += 31 - header % 31;
    const guint8 b[2] = {(guint8)(header >> 8), (guint8)header};
    g_byte_array_append(z, b, 2);
}

static void
put_header(GByteArray *out, const png_image *img, double dpi)
{
    g_byte_array_append(out, (const guint8 *)"\x89PNG\r\n\x1a\n", 8);
    guint8 ihdr[13];
    for (int i = 0; i < 4; i++) {
        ihdr[i] = (guint8)((uint32_t)img->width >> (24 - 8 * i));
        ihdr[4 + i] = (guint8)((uint32_t)img->height >> (24 - 8 * i));
    }
    ihdr[8] = 8;                        /* bit depth */
    ihdr[9] = img->opaque ? 2 : 6;      /* colour type: RGB, RGBA */
    ihdr[10] = ihdr[11] = ihdr[12] = 0; /* deflate, adaptive filtering, no interlace */
    put_chunk(out, "IHDR", ihdr, sizeof ihdr);
    if (dpi > 0) {
        uint32_t ppm = (uint32_t)lround(dpi / 0.0254);
        guint8 phys[9];
        for (int i = 0; i < 4; i++)
            phys[i] = phys[4 + i] = (guint8)(ppm >> (24 - 8 * i));
        phys[8] = 1; /* unit: metre */
        put_chunk(out, "pHYs", phys, sizeof phys);
    }
}

bool
cm_png_encode(const unsigned char *argb, int width, int height, int stride, double dpi, int level,
              GByteArray *out, GError **error)
{
    return cm__png_encode_threads(argb, width, height, stride, dpi, level,
                                  (int)g_get_num_processors(), out, error);
}

bool
cm__png_encode_threads(const unsigned char *argb, int width, int height, int stride, double dpi,
                       int level, int max_threads, GByteArray *out, GError **error)
{
    g_return_val_if_fail(argb != NULL && out != NULL, false);
    if (width <= 0 || height <= 0 || stride < 4 * width) {
        g_set_error(error, CM_ERROR, CM_ERROR_IO,
                    "cannot encode png: bad image size %dx%d (stride %d)", width, height, stride);
        return false;
    }
    png_image img = {.argb = argb,
                     .width = width,
                     .height = height,
                     .stride = stride,
                     .level = level >= 0 && level <= 9 ? level : CM_PNG_DEFAULT_LEVEL,
                     .opaque = is_opaque(argb, width, height, stride)};
    img.row_bytes = 1 + (size_t)width * (img.opaque ? 3 : 4);

    band_pool pool = {.img = &img, .n_bands = band_count(&img)};
    pool.bands = g_new0(png_band, pool.n_bands);
    for (int b = 0; b < pool.n_bands; b++) {
        pool.bands[b].y0 = (int)((gint64)height * b / pool.n_bands);
        pool.bands[b].y1 = (int)((gint64)height * (b + 1) / pool.n_bands);
        pool.bands[b].last = b == pool.n_bands - 1;
    }
    deflate_bands(&pool, max_threads);

    bool ok = true;
    GByteArray *z = g_byte_array_new();
    put_zlib_header(z, img.level);
    uLong adler = adler32(0, NULL, 0);
    for (int b = 0; b < pool.n_bands; b++) {
        png_band *band = &pool.bands[b];
        if (band->zerr != Z_OK && ok) {
            g_set_error(error, CM_ERROR, CM_ERROR_IO, "cannot encode png: zlib failed: %s",
                        zError(band->zerr));
            ok = false;
        }
        g_byte_array_append(z, band->z->data, band->z->len);
        adler = adler32_combine(adler, band->adler, (z_off_t)band->data_len);
        g_byte_array_free(band->z, TRUE);
    }
    g_free(pool.bands);
    put_be32(z, (uint32_t)adler);

    if (ok) {
        put_header(out, &img, dpi);
        for (guint at = 0; at < z->len; at += IDAT_MAX)
            put_chunk(out, "IDAT", z->data + at, MIN(z->len - at, (guint)IDAT_MAX));
        put_chunk(out, "IEND", NULL, 0);
    }
    g_byte_array_free(z, TRUE);
    return ok;
}
