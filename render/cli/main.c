/* main.c — the chronomap command: dispatch to a subcommand. */
#include "cli.h"
#include "util/cm_datadir.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

static void
usage(FILE *out)
{
    fprintf(out, "usage: chronomap COMMAND [options] …\n"
                 "\n"
                 "commands:\n"
                 "  timeline   draw a timeline (lanes, axis or step) from a CSV of dates\n"
                 "  map        draw a membership map (choropleth) from a CSV of dates\n"
                 "  batch      render every figure of a manifest, in parallel and incrementally\n"
                 "\n"
                 "other options:\n"
                 "  --version  print the version\n"
                 "  --datadir  print the folder the styles and data are read from\n"
                 "\n"
                 "Run 'chronomap COMMAND --help' for a command's options.\n"
                 "Exit status: 0 ok, 64 usage error, 65 data error, 74 I/O error.\n");
}

int
main(int argc, char **argv)
{
    /* Numbers in files never follow the locale; text may. */
    setlocale(LC_ALL, "");
    setlocale(LC_NUMERIC, "C");
    if (argc < 2) {
        usage(stderr);
        return CM_ERROR_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
        printf("chronomap %s\n", CM_VERSION);
        return 0;
    }
    if (strcmp(cmd, "--datadir") == 0) {
        printf("%s\n", cm_datadir());
        return 0;
    }
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        usage(stdout);
        return 0;
    }
    if (strcmp(cmd, "timeline") == 0)
        return cmd_timeline(argc - 1, argv + 1);
    if (strcmp(cmd, "map") == 0)
        return cmd_map(argc - 1, argv + 1);
    if (strcmp(cmd, "batch") == 0)
        return cmd_batch(argc - 1, argv + 1);
    fprintf(stderr, "chronomap: error: unknown command \"%s\"\n", cmd);
    usage(stderr);
    return CM_ERROR_USAGE;
}
