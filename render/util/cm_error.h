/* cm_error.h — the one GError domain of libchronomap and its codes.
 *
 * The codes are the process exit statuses the CLI uses (BSD sysexits), so a
 * caller can map an error to an exit code without a table.
 */
#ifndef CM_ERROR_H
#define CM_ERROR_H

#include <glib.h>
#include <stdbool.h>

#define CM_ERROR (cm_error_quark())

typedef enum {
    CM_ERROR_USAGE = 64, /* bad option, bad style key, unknown layout */
    CM_ERROR_DATA = 65,  /* malformed input data */
    CM_ERROR_IO = 74,    /* cannot read or write a file */
} cm_error_code_t;

GQuark cm_error_quark(void);

/* A size cap from the environment: *OUT is $VAR when set, else DEF. False, with ERROR
 * (CM_ERROR_USAGE) "VAR=VALUE: want a whole number above 0 (or leave it unset for DEF)",
 * when VAR is set to anything but a whole number from 1 to MAX. The one reader of the
 * CHRONOMAP_MAX_* variables (rows, fields, text cells, style bytes, lanes). */
bool cm_env_cap(const char *var, guint64 def, guint64 max, guint64 *out, GError **error);

#endif
