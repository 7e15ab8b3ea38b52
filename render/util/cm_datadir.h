/* cm_datadir.h — where chronomap's shipped files (styles/, data/) are.
 *
 * One folder holds them, chosen once per process, in this order:
 *   1. $CHRONOMAP_DATADIR, when set and not empty (taken as given);
 *   2. the source tree the program was built from, when the running
 *      executable lives in that tree's CMake build folder (a folder above it
 *      has a CMakeCache.txt naming this source tree), so a freshly built
 *      binary or test uses the files being edited;
 *   3. <folder of the executable>/../share/chronomap, when it exists: an
 *      installed prefix, wherever it was installed or moved to;
 *   4. the folder configured at build time (CMAKE_INSTALL_PREFIX/share/chronomap).
 * The executable is read from /proc/self/exe; where that does not exist,
 * steps 2 and 3 are skipped.
 *
 * Thread-safe: the first call decides (g_once) and later calls, from any
 * thread, return the same answer; changing the environment afterwards has no
 * effect.
 */
#ifndef CM_DATADIR_H
#define CM_DATADIR_H

/* The data folder, absolute unless $CHRONOMAP_DATADIR is relative. Never NULL;
 * the string is owned by the library and lives as long as the process. The
 * folder is not guaranteed to exist (step 4 is the fallback). */
const char *cm_datadir(void);

/* RELATIVE inside the data folder ("styles/dark.ini",
 * "data/world/countries-50m.json"), as a new string (g_free it). Does not
 * check that the file exists: a caller that opens it reports the full path. */
char *cm_data_path(const char *relative);

#endif
