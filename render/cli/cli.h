/* cli.h — the chronomap command line: option parsing, the batch scheduler and printing.
 *
 * The figure commands (timeline, map) build their GOption entries from the figure
 * option table (render/figure/cm_figure.h), parse argv into a figure spec and hand it to
 * cm_figure_render() with a file sink; `chronomap batch` hands the specs of a manifest
 * to the same call. Errors are GErrors in the CM_ERROR domain whose code is the exit
 * status (64 usage, 65 data, 74 I/O).
 */
#ifndef CM_CLI_H
#define CM_CLI_H

#include "batch/cm_batch.h"
#include "figure/cm_figure.h"
#include "util/cm_datadir.h"
#include "util/cm_error.h"

/* GOption entries (NULL-terminated, g_free) for every option of KIND in the table; each
 * sets its option in the cm_figure_spec_t that is the group's user data. */
GOptionEntry *cli_figure_entries(cm_figure_kind_t kind);

/* Prints the option table, one line per option and kind:
 * "KIND NAME SHORT ARG VALUES MANIFEST" (for the tests that check the man page and the
 * bash completion against it). */
void cli_print_options(FILE *out);

/* Removes the first "--" from ARGV[1..*ARGC) (GOption leaves it there when what follows
 * looks like an option): it ends the options and is not itself an argument, so
 * `chronomap timeline -o f.svg -- -data.csv` reads -data.csv. */
void cli_drop_end_of_options(int *argc, char **argv);

int cmd_timeline(int argc, char **argv);
int cmd_map(int argc, char **argv);
int cmd_batch(int argc, char **argv);

#endif
