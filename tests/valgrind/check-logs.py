#!/usr/bin/env python3
"""Read the valgrind logs of make check-valgrind: fail on any error or leak.

    check-logs.py LOGDIR [SECONDS]

Each banterd run under tests/valgrind/banterd.py leaves LOGDIR/TEST.PID.log.
Servers the tests killed finish their leak check in the background, so
this waits (up to SECONDS, default 120) until every log has valgrind's
closing "ERROR SUMMARY" line.  Exit 0 when every log says 0 errors (leaks
of the definite and indirect kinds count as errors), 1 otherwise, with
the logs that failed printed.
"""

import glob
import os
import re
import sys
import time

SUMMARY = re.compile(r"ERROR SUMMARY: (\d+) errors")


def read(path):
    with open(path, "rb") as f:
        return f.read().decode("utf-8", "replace")


def main():
    if len(sys.argv) not in (2, 3):
        sys.stderr.write("usage: check-logs.py LOGDIR [SECONDS]\n")
        return 2
    logdir = sys.argv[1]
    wait = float(sys.argv[2]) if len(sys.argv) == 3 else 120.0
    deadline = time.monotonic() + wait
    while True:
        logs = sorted(glob.glob(os.path.join(logdir, "*.log")))
        unfinished = [p for p in logs if not SUMMARY.search(read(p))]
        if not unfinished or time.monotonic() >= deadline:
            break
        time.sleep(0.5)
    if not logs:
        print("check-valgrind: no valgrind log in %s: did banterd run "
              "under tests/valgrind/banterd.py?" % logdir)
        return 1
    bad = 0
    for path in logs:
        text = read(path)
        m = SUMMARY.search(text)
        if m is None:
            why = "valgrind did not finish within %.0f s" % wait
        elif int(m.group(1)) != 0:
            why = "%s error(s) or leak(s)" % m.group(1)
        else:
            continue
        bad += 1
        print("check-valgrind: %s: %s:" % (os.path.basename(path), why))
        print(text)
    print("check-valgrind: %d banterd run(s) under valgrind, %d with errors "
          "or leaks" % (len(logs), bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
