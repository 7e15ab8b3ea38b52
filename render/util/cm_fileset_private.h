/* cm_fileset_private.h — what the three files of the file set share: one path, resolved,
 * and the temporary names. Not installed. */
#ifndef CM_FILESET_PRIVATE_H
#define CM_FILESET_PRIVATE_H

#include "cm_fileset.h"

#include <sys/stat.h>

typedef enum {
    CM__TARGET_FILE,   /* a regular file (or none yet): written by rename */
    CM__TARGET_FD,     /* "-", /dev/stdout, /dev/fd/N: written to the descriptor */
    CM__TARGET_DEVICE, /* a device, FIFO or socket: opened and written in place */
} cm__target_kind_t;

typedef struct {
    /* owned */
    char *given;  /* as the caller named it */
    char *role;   /* "output", "style", ... */
    GBytes *data; /* NULL for inputs and check-only outputs */
    char *real;   /* resolved absolute path (FILE, DEVICE); NULL until resolved */
    char *dir;    /* FILE: the folder that holds REAL */
    char *base;   /* FILE: REAL's name in DIR */
    char *tmp;    /* FILE, during a commit: the new content's temporary name */
    char *backup; /* FILE, during a commit: the previous version's name */
    /* plain values */
    cm__target_kind_t kind;
    int fd;      /* FD: the descriptor */
    bool exists; /* FILE: REAL exists (ST is its lstat); FD: ST is its fstat */
    struct stat st;
    bool renamed; /* FILE, during a commit: TMP is now REAL */
    bool staged;  /* FILE: written to TMP by cm_fileset_stage, DATA dropped */
} cm__entry_t;

/* Resolves E->given as an output (FOR_OUTPUT) or an input, filling kind, fd, real, dir,
 * base, exists and st. An input that does not exist, or is "-", resolves to exists=false.
 * False with ERROR (CM_ERROR_IO, or CM_ERROR_USAGE for standard input as an output) when
 * an output cannot be a target. */
bool cm__fileset_resolve(cm__entry_t *e, bool for_output, GError **error);

/* The temporary name for a file named BASE in DIR, of kind K ('n' new content, 'o' the
 * previous version): DIR/.BASE~cm.PID.START.K###### (BASE cut to 64 bytes). Newly
 * allocated; the random part differs from call to call. */
char *cm__fileset_temp_name(const char *dir, const char *base, char k);

#endif
