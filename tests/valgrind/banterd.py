#!/usr/bin/env python3
"""banterd under valgrind memcheck, for make check-valgrind.

The server tests start "$BANTERD -f CONF ..."; check-valgrind points
BANTERD here.  This runs $BANTER_VALGRIND_BANTERD (the real banterd) with
the same arguments under valgrind, writing valgrind's report to
$BANTER_VALGRIND_LOGS/TEST.PID.log (TEST: the script that started it);
tests/valgrind/check-logs.py then reads them all.

The harness stops servers with SIGTERM (and waits longer for them under
valgrind: ircharness.STOP_WAIT), but a test may still SIGKILL this
process, which would end valgrind before its leak check.  So valgrind
runs as a child of this process, and the kernel sends it SIGTERM when
this process dies (PR_SET_PDEATHSIG): banterd shuts down cleanly and
valgrind reports.  Signals sent to this process are passed on, and its
exit status is banterd's (99 when valgrind found errors); LISTEN_PID
(systemd socket activation) is changed to the child's pid.
"""

import ctypes
import os
import signal
import sys

PR_SET_PDEATHSIG = 1
FORWARDED = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGQUIT,
             signal.SIGUSR1, signal.SIGUSR2)


def test_name():
    """The test script that started us, from our parent's command line."""
    try:
        with open("/proc/%d/cmdline" % os.getppid(), "rb") as f:
            args = f.read().decode(errors="replace").split("\0")
    except OSError:
        return "banterd"
    for arg in args[1:]:
        if arg.endswith(".py") or arg.endswith(".sh"):
            return os.path.splitext(os.path.basename(arg))[0]
    return "banterd"


def main():
    try:
        real = os.environ["BANTER_VALGRIND_BANTERD"]
        logs = os.environ["BANTER_VALGRIND_LOGS"]
    except KeyError as e:
        sys.stderr.write("tests/valgrind/banterd.py: %s is not set; run "
                         "make check-valgrind\n" % e.args[0])
        return 2
    argv = [os.environ.get("VALGRIND", "valgrind"), "--tool=memcheck",
            "--leak-check=full", "--show-leak-kinds=definite,indirect",
            "--errors-for-leak-kinds=definite,indirect",
            "--error-exitcode=99", "--num-callers=30",
            "--log-file=%s/%s.%%p.log" % (logs, test_name()),
            "--", real] + sys.argv[1:]
    me = os.getpid()
    pid = os.fork()
    if pid == 0:
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0) != 0:
            os._exit(126)
        if os.getppid() != me:      # the parent died before the prctl
            os._exit(126)
        # Socket activation names the process that gets the sockets:
        # that is now banterd (valgrind keeps the pid it is started with).
        if os.environ.get("LISTEN_PID") == str(me):
            os.environ["LISTEN_PID"] = str(os.getpid())
        try:
            os.execvp(argv[0], argv)
        except OSError as e:
            sys.stderr.write("tests/valgrind/banterd.py: %s: %s\n" % (
                argv[0], e.strerror))
        os._exit(127)

    def forward(signum, _frame):
        try:
            os.kill(pid, signum)
        except ProcessLookupError:
            pass
    for s in FORWARDED:
        signal.signal(s, forward)
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        signal.signal(sig, signal.SIG_DFL)
        os.kill(os.getpid(), sig)
    return os.waitstatus_to_exitcode(status) if os.WIFEXITED(status) else 1


if __name__ == "__main__":
    sys.exit(main())
