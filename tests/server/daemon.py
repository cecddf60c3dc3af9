#!/usr/bin/env python3
"""-d and --pidfile beyond signals.py: relative paths still work after the
daemon changes to /, the pid file and a UNIX socket are removed at exit,
stdio goes to /dev/null and the log to syslog."""

import os
import shutil
import signal
import socket
import subprocess
import tempfile

from ircharness import (Client, Skip, Tests, banterd_path, check, free_port,
                        require_banterd, say, wait_for)

require_banterd("daemon mode")
t = Tests()
BANTERD = banterd_path()
started = []    # (marker, pid or None): daemons to kill at the end


def workdir():
    path = tempfile.mkdtemp(prefix="banter-daemon-")
    os.chmod(path, 0o755)
    return path


def write(path, text):
    with open(path, "w") as f:
        f.write(text)


def pid_in(path):
    try:
        with open(path) as f:
            text = f.read().strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


def parent_of(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            return int(f.read().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return None


def gone(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


def kill_leftovers():
    """Kill the daemons this script started: by pid, and by the unique
    config file name each was given (in case the pid file is wrong)."""
    pids = set(p for _, p in started if p)
    markers = set(m.encode() for m, _ in started)
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open("/proc/%s/cmdline" % entry, "rb") as f:
                argv = f.read().split(b"\0")
        except OSError:
            continue
        if any(a.endswith(m) for a in argv for m in markers):
            pids.add(int(entry))
    for p in pids:
        try:
            os.kill(p, signal.SIGKILL)
        except OSError:
            pass


def conf_text(port, extra=""):
    return ("server_name = irc.test.local\nnetwork_name = FirstNet\n"
            "listen = 127.0.0.1:%d\nflood_burst = 0\n%s" % (port, extra))


def register(addr, nick, family=None):
    c = Client(addr, name=nick, family=family)
    c.send("NICK %s" % nick)
    c.send("USER %s 0 * :daemon test" % nick)
    got = c.collect(lambda m: m.command in ("376", "422"))
    isup = {}
    for m in got:
        if m.command == "005":
            for tok in m.params[1:-1]:
                k, _, v = tok.partition("=")
                isup[k] = v
    motd = " ".join(m.text for m in got if m.command == "372")
    return c, isup, motd


@t.case("-d with a relative -f, --pidfile, motd_file and socket path: the "
        "files are where they were named, SIGHUP after detaching reloads "
        "both, and the pid file and socket are removed at exit")
def _():
    d = workdir()
    marker = "relative-%d.conf" % os.getpid()
    started.append((marker, None))
    port = free_port()
    write(os.path.join(d, "motd.txt"), "the first motd\n")
    write(os.path.join(d, marker), conf_text(
        port, "motd_file = motd.txt\nlisten = ./irc.sock\n"))
    pidname = "daemon-%d.pid" % os.getpid()
    try:
        res = subprocess.run([BANTERD, "-d", "-f", marker, "--pidfile",
                              pidname], cwd=d, stdin=subprocess.DEVNULL,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             timeout=10)
        check(res.returncode == 0, "banterd -d exited %s: %s" % (
            res.returncode, res.stderr.decode(errors="replace")))
        pid = wait_for(lambda: pid_in(os.path.join(d, pidname)), timeout=5,
                       what="the pid file in the directory it was named "
                       "from (%s)" % d)
        started.append((marker, pid))
        check(not os.path.exists("/" + pidname), "a pid file in / too")
        c, isup, motd = register(("127.0.0.1", port), "first")
        check("the first motd" in motd, "MOTD: %r" % motd)
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(5)
        s.connect(os.path.join(d, "irc.sock"))
        s.close()

        write(os.path.join(d, "motd.txt"), "the second motd\n")
        write(os.path.join(d, marker), conf_text(
            port, "motd_file = motd.txt\nlisten = ./irc.sock\n").replace(
                "FirstNet", "SecondNet"))
        os.kill(pid, signal.SIGHUP)

        def reloaded():
            c2, isup2, motd2 = register(("127.0.0.1", port), "second")
            c2.send("QUIT")
            c2.close()
            return isup2.get("NETWORK") == "SecondNet" and \
                "the second motd" in motd2 and (isup2, motd2)
        got = wait_for(reloaded, timeout=5, step=0.2,
                       what="NETWORK=SecondNet and the second MOTD after "
                       "SIGHUP (the config and MOTD named relative to %s)"
                       % d)
        say("after SIGHUP: NETWORK=%s, MOTD %r" % (got[0]["NETWORK"],
                                                   got[1]))
        check(c.is_open(), "SIGHUP dropped a client")
        c.close()
        os.kill(pid, signal.SIGTERM)
        wait_for(lambda: gone(pid), timeout=5, what="the daemon to exit")
        check(not os.path.exists(os.path.join(d, pidname)),
              "the pid file is still there after exit")
        check(not os.path.exists(os.path.join(d, "irc.sock")),
              "the UNIX socket is still there after exit")
    finally:
        kill_leftovers()
        if os.path.exists("/" + pidname):
            os.unlink("/" + pidname)    # left there by a broken banterd
        shutil.rmtree(d, ignore_errors=True)


@t.case("--pidfile without -d: written once listening, removed at exit")
def _():
    d = workdir()
    port = free_port()
    write(os.path.join(d, "fg.conf"), conf_text(port))
    proc = subprocess.Popen([BANTERD, "-f", "fg.conf", "--pidfile", "fg.pid"],
                            cwd=d, stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        pid = wait_for(lambda: pid_in(os.path.join(d, "fg.pid")), timeout=5,
                       what="the pid file")
        # make check-valgrind's wrapper runs banterd as its child.
        check(pid == proc.pid or parent_of(pid) == proc.pid,
              "pid file says %d, banterd is %d" % (pid, proc.pid))
        register(("127.0.0.1", port), "fg")[0].close()
        proc.send_signal(signal.SIGTERM)
        check(proc.wait(5) == 0, "exit status %s" % proc.returncode)
        check(not os.path.exists(os.path.join(d, "fg.pid")),
              "the pid file is still there after exit")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(5)
        shutil.rmtree(d, ignore_errors=True)


# Syslog: /dev/log is replaced, in a private mount namespace, by a socket
# this script reads (needs unshare(1) and the right to mount).
NS_SCRIPT = """set -e
touch "$T/null"
mount --bind /dev/null "$T/null"
mount -t tmpfs tmpfs /dev
touch /dev/null /dev/log
mount --bind "$T/null" /dev/null
mount --bind "$T/log" /dev/log
exec "$@"
"""


@t.case("-d: stdin, stdout and stderr are /dev/null; the log goes to "
        "syslog (LOG_DAEMON)")
def _():
    if shutil.which("unshare") is None:
        raise Skip("unshare(1) is not installed")
    d = workdir()
    marker = "syslog-%d.conf" % os.getpid()
    started.append((marker, None))
    port = free_port()
    write(os.path.join(d, marker), conf_text(port))
    log = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    log.bind(os.path.join(d, "log"))
    log.settimeout(0.2)
    try:
        probe = subprocess.run(["unshare", "-m", "--propagation", "private",
                                "true"], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, timeout=10)
        if probe.returncode != 0:
            raise Skip("no private mount namespace here (unshare -m)")
        pidfile = os.path.join(d, "syslog.pid")
        res = subprocess.run(
            ["unshare", "-m", "--propagation", "private", "sh", "-c",
             NS_SCRIPT, "sh", BANTERD, "-d", "-f", os.path.join(d, marker),
             "--pidfile", pidfile],
            env=dict(os.environ, T=d, LC_ALL="C"), stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=10)
        if res.returncode != 0 and b"mount" in res.stderr:
            raise Skip("cannot mount in a private namespace: %s" %
                       res.stderr.decode(errors="replace").strip())
        check(res.returncode == 0, "banterd -d exited %s: %s" % (
            res.returncode, res.stderr.decode(errors="replace")))
        pid = wait_for(lambda: pid_in(pidfile), timeout=5,
                       what="the pid file")
        started.append((marker, pid))
        for fd in (0, 1, 2):
            target = os.readlink("/proc/%d/fd/%d" % (pid, fd))
            check(target == "/dev/null", "fd %d is %s" % (fd, target))
        c = register(("127.0.0.1", port), "logged")[0]
        c.send("QUIT")
        c.expect_closed()
        lines = []

        def heard(word):
            while True:
                try:
                    lines.append(log.recv(4096).decode(errors="replace"))
                except socket.timeout:
                    break
            return any(word in x for x in lines)
        wait_for(lambda: heard("disconnect logged"), timeout=5,
                 what="a 'disconnect logged' line on syslog")
        say("syslog got:\n" + "\n".join(lines))
        check(all(x.startswith("<30>") or x.startswith("<28>")
                  for x in lines),
              "not LOG_DAEMON info/warning lines: %s" % lines)
        check(any("banterd[%d]" % pid in x for x in lines),
              "no banterd[pid] tag: %s" % lines)
        check(any("register logged!" in x for x in lines),
              "no registration line: %s" % lines)
        os.kill(pid, signal.SIGTERM)
        wait_for(lambda: gone(pid), timeout=5, what="the daemon to exit")
    finally:
        log.close()
        kill_leftovers()
        shutil.rmtree(d, ignore_errors=True)


kill_leftovers()
t.done()
