/* cm_diag.h — a sink for data problems found while reading user files.
 *
 * Parsers do not stop at the first bad cell: they record every problem as
 * "FILE:LINE:COLUMN: error: message" (or warning) and keep going, so one run
 * reports all of them (the Graphviz agerr/agerrors pattern). The caller decides
 * afterwards, from cm_diag_errors(), whether the product may be used.
 *
 * Invariants: messages are kept in the order they were added; line and column
 * are 1-based, 0 means "not applicable" and is left out of the text.
 * Lifecycle: cm_diag_new() / cm_diag_free(); cm_diag_free(NULL) does nothing.
 */
#ifndef CM_DIAG_H
#define CM_DIAG_H

#include <stdbool.h>
#include <stdio.h>
#include <glib.h>

typedef enum { CM_DIAG_ERROR, CM_DIAG_WARNING } cm_diag_level_t;

typedef struct {
    cm_diag_level_t level;
    char *file;    /* owned; may be NULL */
    int line;      /* 1-based; 0 = none */
    int column;    /* 1-based; 0 = none */
    char *message; /* owned; lowercase, quotes the value */
} cm_diag_item_t;

typedef struct cm_diag cm_diag_t;

/* Returns a new empty sink; never NULL. */
cm_diag_t *cm_diag_new(void);
void cm_diag_free(cm_diag_t *diag);

/* Records one problem. FILE may be NULL. Errors past the cap (1000) are counted but
 * their text is dropped, so a million bad rows cannot exhaust memory. */
void cm_diag_add(cm_diag_t *diag, cm_diag_level_t level, const char *file, int line, int column,
                 const char *fmt, ...) G_GNUC_PRINTF(6, 7);

int cm_diag_errors(const cm_diag_t *diag);
int cm_diag_warnings(const cm_diag_t *diag);
/* Number of stored items (at most the cap) and the Nth of them (borrowed). */
int cm_diag_count(const cm_diag_t *diag);
const cm_diag_item_t *cm_diag_get(const cm_diag_t *diag, int i);

/* Formats one item as "file:line:col: error: msg" into a new string (g_free it). */
char *cm_diag_item_format(const cm_diag_item_t *item);
/* Prints every item, one per line, then "N more errors not shown" if any were dropped. */
void cm_diag_print(const cm_diag_t *diag, FILE *out);

#endif
