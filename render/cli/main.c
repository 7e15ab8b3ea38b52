/* main.c — the chronomap command: dispatch to a subcommand. */
#include "cli.h"
#include "util/cm_datadir.h"
#include "util/cm_fileset.h"

#include <locale.h>
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* The heap on huge pages.
 *
 * On the virtual machines chronomap is measured on, a page fault costs 10-15 µs, and a
 * figure touches a lot of fresh memory: a 1600x900 PNG canvas alone is 5.6 MB, 1,400
 * faults, ~20 ms; a world map faulted 6,200 pages (more than a third of its time). So the
 * command (not the library: heap policy belongs to the process) asks glibc for one
 * heap that all threads share and that grows in 64 MB steps, and marks that range for
 * transparent huge pages: the same memory then costs a few 2 MB faults. It only sets
 * malloc parameters and an madvise hint; nothing depends on it. Where malloc is not
 * glibc's brk heap (AddressSanitizer, valgrind) the block below is not in the brk range
 * and nothing is marked. CHRONOMAP_HUGEPAGES=0 turns it off (for comparisons). */
static void
heap_on_huge_pages(void)
{
    const char *env = getenv("CHRONOMAP_HUGEPAGES");
    if (env && strcmp(env, "0") == 0)
        return;
    enum { PAD = 64 << 20, HUGE_PAGE = 2 << 20 };
    mallopt(M_ARENA_MAX, 1);              /* threads share the marked heap */
    mallopt(M_MMAP_THRESHOLD, 32 << 20);  /* big blocks from the heap too (glibc's max) */
    mallopt(M_TRIM_THRESHOLD, 256 << 20); /* and never give them back mid-run */
    mallopt(M_TOP_PAD, PAD);              /* grow the heap in 64 MB steps */
    /* A block larger than what is left at the top makes malloc grow the heap now, by
     * the pad; everything from it to the new break is then marked. */
    void *p = malloc(1 << 20);
    uintptr_t start = ((uintptr_t)p + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1);
    uintptr_t end = (uintptr_t)sbrk(0) & ~(uintptr_t)(HUGE_PAGE - 1);
    if (p && (uintptr_t)p < end && end - (uintptr_t)p <= 2 * (uintptr_t)PAD && start < end)
        /* an address range of the heap, not an object: hence the integer arithmetic */
        madvise((void *)start, end - start, MADV_HUGEPAGE); // NOLINT(performance-no-int-to-ptr)
    free(p);
}

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
    /* A closed 0, 1 or 2 would be handed to the next file opened, which would then get
     * the progress lines or the figure meant for the terminal. */
    if (!cm_std_fds_ensure())
        return CM_ERROR_IO;
    heap_on_huge_pages();
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
    if (strcmp(cmd, "options") == 0) { /* the option table, for tests and tools */
        cli_print_options(stdout);
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
