/* cm_fileset.h — the files of one figure, committed all or nothing.
 *
 * A figure is often several files (the image in one or more formats, its alt text, its
 * report, a batch stamp). A file set collects them with the inputs they were made from,
 * then writes them so that:
 *   - no output is an input, and no two outputs are one file: every path is resolved
 *     (symbolic links, "..", hard links by device and inode) before anything is written,
 *     and a clash is CM_ERROR_USAGE naming both paths and their roles;
 *   - all or nothing: every regular file is first written to a temporary file in its
 *     target's folder and fsynced; then the sinks that cannot be renamed over (standard
 *     output, "/dev/stdout" and the like, devices, FIFOs) are written directly; then the
 *     temporary files are renamed into place, the previous version of each kept as a hard
 *     link (or a copy where links are refused) until the last rename succeeds. When a
 *     rename fails the files already renamed get their previous version back (or are
 *     removed when there was none) and the error names the file;
 *   - an output that is a symbolic link is written through: the file it points to is
 *     replaced (atomically, in that file's folder) and the link stays a link;
 *   - a replaced file keeps its permission bits, and its owner and group where the process
 *     may give them (root, or the same user; otherwise the group where it can); a new file
 *     gets 0666 less the umask;
 *   - temporary files are named ".NAME~cm.PID.START.KRANDOM" (START: the process's start
 *     time, so a recycled process id is told apart); a process killed at any moment leaves
 *     each target old or new, and every commit first removes the temporary files of dead
 *     processes (of this user) from the folders it writes into.
 * Readers of a target see the old file or the new one, never part of one.
 *
 * Lifecycle: cm_fileset_new / cm_fileset_free. Not thread-safe (one set, one thread);
 * distinct sets may be committed from distinct threads, into the same folders too.
 */
#ifndef CM_FILESET_H
#define CM_FILESET_H

#include <glib.h>
#include <stdbool.h>

typedef struct cm_fileset cm_fileset_t;

/* An empty set. Free with cm_fileset_free (NULL does nothing). */
cm_fileset_t *cm_fileset_new(void);
void cm_fileset_free(cm_fileset_t *set);

/* PATH (copied) was read to make the outputs; ROLE (copied) says what it is in messages:
 * "data", "style", "eras", "basemap", "manifest". "-" (standard input) and paths that do
 * not exist are recorded but never clash. */
void cm_fileset_add_input(cm_fileset_t *set, const char *path, const char *role);

/* PATH (copied) is to hold DATA (a reference is taken; NULL: the path only takes part in
 * cm_fileset_check, for a run that checks every figure's paths before writing any). ROLE
 * (copied): "output", "report", "alt text", "stamp". "-" is standard output. */
void cm_fileset_add(cm_fileset_t *set, const char *path, const char *role, GBytes *data);

/* cm_fileset_add, but a regular file is written to its temporary file now and DATA is not
 * kept (a reference is taken only until then), so a set of many files (the frames of a
 * map) holds at most one in memory. PATH is resolved and compared with the inputs added
 * so far and the outputs before it; false with ERROR (as cm_fileset_commit would fail)
 * and nothing kept when it clashes or cannot be written. Sinks (standard output, devices)
 * keep DATA until the commit. cm_fileset_commit checks every path again, and a target
 * that resolves elsewhere by then is an error; cm_fileset_free without a commit removes
 * the temporary files. */
bool cm_fileset_stage(cm_fileset_t *set, const char *path, const char *role, GBytes *data,
                      GError **error);

/* Resolves every path and compares them (see above). True when nothing clashes and every
 * output can be a target (its folder exists; it is not a folder, not standard input);
 * else false with ERROR: CM_ERROR_USAGE for a clash, CM_ERROR_IO for a path that cannot
 * be resolved. Writes nothing. */
bool cm_fileset_check(cm_fileset_t *set, GError **error);

/* cm_fileset_check, then writes every output (each must have DATA) as described above.
 * False with ERROR (CM_ERROR_IO naming the file, or the check's error) when the set could
 * not be committed: then no regular target has changed (sinks written before the failure
 * may have received their bytes) and no temporary file is left. The set may not be
 * committed twice. */
bool cm_fileset_commit(cm_fileset_t *set, GError **error);

/* Removes from folder DIR the temporary files that a dead chronomap process of this user
 * left there (see above). Returns how many were removed. Commits call it on their
 * folders; exposed for tests and for callers that clean up a folder up front. */
int cm_fileset_sweep(const char *dir);

/* Makes sure file descriptors 0, 1 and 2 are open (to /dev/null when closed), so that no
 * file opened later gets one of them and receives what was meant for standard output or
 * the diagnostics. Call first thing in main(). False when /dev/null cannot be opened. */
bool cm_std_fds_ensure(void);

#endif
