#!/usr/bin/env python3
"""bench/ircload_test.py: ircload counts what it must.

Drives bench/ircload against bench/fakeircd.py, a tiny relay that can drop,
duplicate or reorder deliveries on purpose, and checks that a clean run
reports every delivery once (exit 0) and that each fault is noticed
(exit 1 with the matching count).  Also checks that a non-loopback address
is refused.  Not a benchmark: small loads, about ten seconds."""

import os
import socket
import subprocess
import sys
import time

top_srcdir = os.environ.get("top_srcdir", os.path.join(os.path.dirname(__file__), ".."))
top_builddir = os.environ.get("top_builddir", ".")
IRCLOAD = os.path.join(top_builddir, "bench", "ircload")
FAKE = os.path.join(top_srcdir, "bench", "fakeircd.py")
failures = []


def check(what, cond, detail=""):
    print(("ok: " if cond else "FAIL: ") + what + ("" if cond else " (%s)" % detail))
    if not cond:
        failures.append(what)


def start_fake(*faults):
    proc = subprocess.Popen([sys.executable, FAKE, "--lifetime", "60"] + list(faults),
                            stdout=subprocess.PIPE, text=True)
    line = proc.stdout.readline()  # "port N", or "" when it died
    if not line.startswith("port "):
        proc.kill()
        proc.wait()
        sys.exit("fakeircd.py did not start")
    return proc, line.split()[1]


def ircload(port, *args):
    r = subprocess.run([IRCLOAD, "-p", port] + list(args), capture_output=True,
                       text=True, timeout=60)
    result = {}
    for line in r.stdout.splitlines():
        if line.startswith("result "):
            result = dict(kv.split("=", 1) for kv in line.split()[1:])
    return r.returncode, result, r.stdout + r.stderr


def run_case(name, faults, args, expect_rc, expect):
    proc, port = start_fake(*faults)
    try:
        rc, res, out = ircload(port, *args)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    check("%s: exit status %d" % (name, expect_rc), rc == expect_rc,
          "got %d: %s" % (rc, out.strip()))
    for key, test in expect.items():
        val = res.get(key)
        check("%s: %s" % (name, key), val is not None and test(float(val)),
              "%s=%s" % (key, val))
    return res


def main():
    if not os.access(IRCLOAD, os.X_OK):
        print("ircload is not built (%s)" % IRCLOAD)
        return 77
    if not sys.platform.startswith("linux"):
        print("ircload needs Linux; skipped")
        return 77
    base = ["-n", "12", "-s", "3", "-t", "0.7", "--settle", "0"]
    # A fault stalls its sender's window, so those runs end at the drain
    # deadline; clean runs end as soon as everything arrived.
    clean = base + ["--drain-timeout", "10"]
    faulty = base + ["--drain-timeout", "0.7"]

    res = run_case("clean", [], clean, 0, {
        "lost": lambda v: v == 0, "dup": lambda v: v == 0,
        "misordered": lambda v: v == 0, "registered": lambda v: v == 12,
        "joined": lambda v: v == 12, "deliveries": lambda v: v > 0})
    if res:
        check("clean: every message reached the 11 other members",
              float(res["deliveries"]) == float(res["sent"]) * 11,
              "sent=%s deliveries=%s" % (res.get("sent"), res.get("deliveries")))
    run_case("drop", ["--drop", "97"], faulty, 1, {"lost": lambda v: v > 0})
    run_case("duplicate", ["--dup", "97"], faulty, 1, {"dup": lambda v: v > 0})
    run_case("reorder", ["--swap", "97"], faulty, 1,
             {"misordered": lambda v: v > 0})
    run_case("misattributed", ["--misattribute", "29"], faulty, 1,
             {"bogus": lambda v: v > 0})
    run_case("fixed rate", [], clean + ["-R", "3000", "-t", "1.5"], 0, {
        "deliveries_per_s": lambda v: 2000 < v < 4000,
        "lost": lambda v: v == 0})
    run_case("storm", [], ["-n", "40", "--reg-inflight", "0", "--no-join",
                           "--settle", "0"], 0,
             {"registered": lambda v: v == 40})

    r = subprocess.run([IRCLOAD, "-a", "192.0.2.1", "-p", "6667"],
                       capture_output=True, text=True, timeout=10)
    check("a non-loopback address is refused",
          r.returncode == 2 and "loopback" in r.stderr, r.stderr.strip())
    # A port bound but not listening refuses connections.
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        start = time.monotonic()
        r = subprocess.run([IRCLOAD, "-p", str(closed.getsockname()[1]),
                            "-n", "3", "--reg-timeout", "2"],
                           capture_output=True, text=True, timeout=30)
    check("a closed port ends the run with status 1",
          r.returncode == 1 and "refused=3" in r.stdout and
          time.monotonic() - start < 10, r.stdout.strip())
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
