/* cm_cache.h — a folder of derived files that make the next run faster.
 *
 * Some of a figure's work depends only on inputs that rarely change: the basemap
 * projected for a preset, text shaped with the installed fonts. Modules may keep
 * such results as files here, named by a hash of every input they depend on, so a
 * later process can load them instead of recomputing. Rules for every user:
 *   - a cache file is an optimisation only: output must be byte-identical whether it
 *     was read, written or absent, and a missing, truncated, corrupt or foreign file
 *     is ignored (and rewritten), never reported as an error of the figure;
 *   - the name (or the header inside) covers everything the content depends on,
 *     including a format version, so a stale file is never used;
 *   - files are written atomically (cm_cache_write), so a reader running at the same
 *     time sees either the old file, the new one or none.
 *
 * The folder, chosen once per process, is a folder "chronomap" that holds nothing else:
 *   1. $CHRONOMAP_CACHE_DIR/chronomap when that is set; set and empty, "0" or "off"
 *      turns caching off;
 *   2. $XDG_CACHE_HOME/chronomap when XDG_CACHE_HOME is set and absolute;
 *   3. $HOME/.cache/chronomap;
 *   4. none (caching off) when there is no home.
 * It is created (mode 0700) on the first write. Thread-safe.
 *
 * Trust: any doubt means "recompute". The folder is used only when it is a real folder
 * owned by this user and writable by nobody else (else caching is off for the run); a
 * file only when it is a regular file (never followed through a link, never a FIFO or
 * device) owned by this user, writable by nobody else and within the size cap. Names are
 * letters, digits, '-', '_', '.' ending in ".bin"; nothing else in the folder is ever read,
 * trimmed or replaced, nor another user's file. Readers still validate every record.
 *
 * Size: after each write, when the cache files hold more than CM_CACHE_MAX_BYTES (or
 * $CHRONOMAP_CACHE_MAX_MB megabytes), the least recently used ones (a read counts as a
 * use) are removed until they hold three quarters of that; no one file may be larger.
 * Writes happen only when something was not cached, so this costs nothing on a repeat
 * run.
 */
#ifndef CM_CACHE_H
#define CM_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <glib.h>

#define CM_CACHE_MAX_BYTES ((gint64)256 << 20)

/* The cache folder, or NULL when caching is off. Owned by the library. */
const char *cm_cache_dir(void);

/* The contents of cache file NAME (a cache name, see above), or NULL when caching is
 * off or the file cannot be read or is not to be trusted. Unref the bytes when done. */
GBytes *cm_cache_read(const char *name);

/* Writes DATA as cache file NAME atomically (temporary file in the same folder, then
 * rename), then trims the folder to its size cap. Returns false, with nothing changed, when caching
 * is off or anything fails; callers ignore that: a cache that cannot be written is not an error. */
bool cm_cache_write(const char *name, const void *data, size_t len);

/* A 64-bit FNV-1a hash of LEN bytes, continuing from SEED (use CM_CACHE_HASH_SEED to
 * start): for cache names and content checks, not for security. */
#define CM_CACHE_HASH_SEED 0xcbf29ce484222325ull
guint64 cm_cache_hash(guint64 seed, const void *data, size_t len);

#endif
