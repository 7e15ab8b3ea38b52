#!/usr/bin/env python3
"""ab.py — interleaved A/B timing of two programs on the same arguments.

On a shared, loaded machine, timing A's runs and then B's measures the load as
much as the programs. This runs A, B, A, B, ... (the order of each pair
alternating), and prints per program the median wall time and the median CPU
time (user + system, all threads) and the B/A ratios of the medians and the
median of the per-pair ratios.

    tests/bench/ab.py [-n RUNS] BASELINE CANDIDATE -- ARGS...

"{out}" in ARGS is replaced by a per-program path in a temporary directory
("-o {out}.png"), so both programs write the same kind of file.
"""
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time


def run(cmd):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall * 1000, cpu * 1000


def main(argv):
    runs = 31
    if len(argv) > 2 and argv[1] == "-n":
        runs = int(argv[2])
        argv = argv[:1] + argv[3:]
    if len(argv) < 4 or argv[3] != "--":
        sys.exit(__doc__)
    progs, args = argv[1:3], argv[4:]
    with tempfile.TemporaryDirectory() as tmp:
        cmds = [[p] + [a.replace("{out}", os.path.join(tmp, str(i))) for a in args]
                for i, p in enumerate(progs)]
        for c in cmds:  # warm the page cache and font caches
            run(c)
        res = [[], []]
        for r in range(runs):
            order = (0, 1) if r % 2 == 0 else (1, 0)
            for i in order:
                res[i].append(run(cmds[i]))
    for i, p in enumerate(progs):
        w = statistics.median(x[0] for x in res[i])
        c = statistics.median(x[1] for x in res[i])
        print("%-40s wall %8.1f ms   cpu %8.1f ms" % (p[-40:], w, c))
    mw = [statistics.median(x[k] for x in res[i]) for i in (0, 1) for k in (0, 1)]
    pw = statistics.median(res[1][r][0] / res[0][r][0] for r in range(runs))
    pc = statistics.median(res[1][r][1] / max(res[0][r][1], 1e-9) for r in range(runs))
    print("B/A wall: %.3f (medians), %.3f (median of pairs)" % (mw[2] / mw[0], pw))
    print("B/A cpu:  %.3f (medians), %.3f (median of pairs)" % (mw[3] / mw[1], pc))


if __name__ == "__main__":
    main(sys.argv)
