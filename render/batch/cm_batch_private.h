/* cm_batch_private.h — what the batch module's files share: the table of
 * manifest keys. Not part of the public API.
 */
#ifndef CM_BATCH_PRIVATE_H
#define CM_BATCH_PRIVATE_H

#include "batch/cm_batch.h"

typedef enum {
    CM__BK_VALUE,  /* --key=VALUE */
    CM__BK_FILE,   /* --key=PATH, resolved against the manifest, an input */
    CM__BK_FLAG,   /* boolean: --key when true */
    CM__BK_LIST,   /* a;b -> --key=a --key=b */
    CM__BK_OPT,    /* optional value: --key or --key=VALUE */
    CM__BK_BATCH,  /* batch's own key, not passed on */
    CM__BK_OUTPUT, /* an output file path given to the command (report, alt-text) */
} cm__bk_type_t;

enum { CM__BK_TL = 1, CM__BK_MAP = 2, CM__BK_BOTH = 3 };

typedef struct {
    const char *name;
    int kinds; /* CM__BK_TL | CM__BK_MAP */
    cm__bk_type_t type;
    const char *values; /* allowed values, "a|b|c", or NULL for any */
} cm__batch_key_t;

/* The key named NAME, or NULL. */
const cm__batch_key_t *cm__batch_key(const char *name);
/* All keys, terminated by a NULL name. */
const cm__batch_key_t *cm__batch_keys(void);

#endif
