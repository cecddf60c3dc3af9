#!/usr/bin/env python3
"""SIGTERM and SIGINT close every client with an ERROR and exit 0;
-d detaches and writes --pidfile."""

import os
import signal
import subprocess
import time

from ircharness import (Client, Server, Tests, banterd_path, check,
                        free_port, require_banterd, say, wait_for)

require_banterd("signals and daemon mode")
t = Tests()


def stop_with(sig):
    with Server() as srv:
        users = [srv.user("user%d" % i) for i in range(3)]
        users[0].join("#bye")
        users[1].join("#bye")
        unreg = srv.client("unregistered")
        unreg.send("NICK halfway")
        # A queue to flush: the last user has unread lines waiting.
        for i in range(50):
            users[0].send("PRIVMSG user2 :queued %d" % i)
        users[0].roundtrip()
        start = time.monotonic()
        srv.signal(sig)
        for c in users + [unreg]:
            got = c.expect_closed(timeout=5)
            check(any(m.command == "ERROR" for m in got),
                  "%s got no ERROR before the close: %s" % (c.name, got[-5:]))
        got = [m for m in users[2].seen if "queued" in m]
        check(len(got) == 50, "user2 got %d of the 50 queued lines" %
              len(got))
        code = srv.wait_exit(5)
        took = time.monotonic() - start
        say("exit status %s after %.2fs" % (code, took))
        check(code == 0, "exit status %s, not 0; log:\n%s" % (
            code, srv.log_tail()))


@t.case("SIGTERM: every client gets ERROR, queues flushed, exit 0")
def _():
    stop_with(signal.SIGTERM)


@t.case("SIGINT: the same")
def _():
    stop_with(signal.SIGINT)


@t.case("SIGTERM with a client that stopped reading: exit 0 within a "
        "short bound all the same")
def _():
    with Server(conf={"sendq_bytes": 1 << 20}) as srv:
        srv.user("stuck", rcvbuf=4096)
        talker = srv.user("talker")
        line = "PRIVMSG stuck :" + "z" * 400 + "\r\n"
        talker.sendraw(line * 2000)      # ~800 KiB the victim never reads
        talker.roundtrip(timeout=10)
        start = time.monotonic()
        srv.signal(signal.SIGTERM)
        code = srv.wait_exit(10)
        took = time.monotonic() - start
        say("exit %s after %.2fs with a stuck client" % (code, took))
        check(code == 0, "exit status %s" % code)
        check(took < 6, "took %.1fs to exit" % took)
        got = talker.expect_closed(timeout=5)
        check(any(m.command == "ERROR" for m in got), "talker: no ERROR")


@t.case("SIGTERM while clients send without pause: exit 0 within a short "
        "bound all the same")
def _():
    import socket
    import threading
    with Server(conf={"flood_burst": 0}) as srv:
        stop = threading.Event()
        socks = []

        def pour(s):
            chunk = b"PRIVMSG nobody :" + b"x" * 400 + b"\r\n"
            chunk *= 150
            while not stop.is_set():
                try:
                    s.sendall(chunk)
                except OSError:
                    return
        threads = []
        for i in range(4):
            s = socket.create_connection(srv.addr, timeout=5)
            s.sendall(b"NICK pour%d\r\nUSER p 0 * :p\r\n" % i)
            socks.append(s)
            th = threading.Thread(target=pour, args=(s,), daemon=True)
            th.start()
            threads.append(th)
        try:
            cpu0 = srv.cpu_seconds()
            wait_for(lambda: srv.cpu_seconds() > cpu0 + 0.2, timeout=10,
                     what="banterd busy reading the pourers")
            start = time.monotonic()
            srv.signal(signal.SIGTERM)
            code = srv.wait_exit(10)
            took = time.monotonic() - start
            say("exit %s after %.2fs with 4 clients pouring" % (code, took))
            check(code == 0, "exit status %s" % code)
            check(took < 5, "took %.1fs to exit" % took)
        finally:
            stop.set()
            for s in socks:
                s.close()
            for th in threads:
                th.join(5)


@t.case("-d with a broken config fails in the foreground, exit 1")
def _():
    srv = Server(start=False)
    try:
        with open(srv.conf_path, "w") as f:
            f.write("no_such_key = 1\n")
        pidfile = os.path.join(srv.dir, "bad.pid")
        res = subprocess.run([banterd_path(), "-d", "-f", srv.conf_path,
                              "--pidfile", pidfile],
                             stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, timeout=10)
        check(res.returncode == 1 and b"server.conf:1:" in res.stderr,
              "exit %s: %s" % (res.returncode, res.stderr))
        check(not os.path.exists(pidfile), "a pid file was written")
    finally:
        srv.stop()


@t.case("-d detaches, writes --pidfile with the daemon's pid, chdir /")
def _():
    srv = Server(start=False)
    pidfile = os.path.join(srv.dir, "banterd.pid")
    pid = None
    try:
        srv.port = free_port()
        srv.write_conf()
        res = subprocess.run([banterd_path(), "-d", "-f", srv.conf_path,
                              "--pidfile", pidfile],
                             stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, timeout=10)
        check(res.returncode == 0, "banterd -d exited %s: %s" % (
            res.returncode, res.stderr.decode(errors="replace")))

        def read_pid():
            try:
                with open(pidfile) as f:
                    text = f.read().strip()
                return int(text) if text.isdigit() else None
            except OSError:
                return None
        found = wait_for(read_pid, timeout=5, what="the pid file")
        say("pid file says %d" % found)
        check(os.path.exists("/proc/%d" % found), "no process %d" % found)
        with open("/proc/%d/cmdline" % found, "rb") as f:
            argv0 = f.read().split(b"\0")[0]
        check(argv0.endswith(b"banterd"), "pid %d is %r" % (found, argv0))
        pid = found     # from here on, ours to kill
        check(os.readlink("/proc/%d/cwd" % pid) == "/",
              "daemon's cwd is %s" % os.readlink("/proc/%d/cwd" % pid))
        check(os.getsid(pid) != os.getsid(0), "daemon did not setsid")
        check(os.getsid(pid) != pid, "daemon is a session leader (no "
              "double fork): it could get a controlling terminal")
        with open("/proc/%d/stat" % pid) as f:
            ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        check(ppid != os.getpid(), "daemon is still our child")
        fd0 = os.readlink("/proc/%d/fd/0" % pid)
        check(fd0 == "/dev/null", "daemon stdin is %s" % fd0)

        def connects():
            try:
                c = Client(srv.addr, name="todaemon")
            except OSError:
                return None
            return c
        c = wait_for(connects, timeout=5, what="the daemon listening")
        c.register("todaemon")
        os.kill(pid, signal.SIGTERM)
        got = c.expect_closed(timeout=5)
        check(any(m.command == "ERROR" for m in got), "no ERROR: %s" % got)
        wait_for(lambda: not os.path.exists("/proc/%d" % pid) or
                 open("/proc/%d/stat" % pid).read().split(")")[1].split()[0]
                 == "Z", timeout=5, what="the daemon to exit")
        pid = None
    finally:
        # Whatever the pid file said, kill the daemon we started: the one
        # running with this test's own config file.
        leftovers = [pid] if pid is not None else []
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open("/proc/%s/cmdline" % entry, "rb") as f:
                    if srv.conf_path.encode() in f.read().split(b"\0"):
                        leftovers.append(int(entry))
            except OSError:
                pass
        for p in set(leftovers):
            try:
                os.kill(p, signal.SIGKILL)
            except OSError:
                pass
        srv.stop()

t.done()
