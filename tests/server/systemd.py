#!/usr/bin/env python3
"""Play systemd: a NOTIFY_SOCKET receiver (READY=1, RELOADING=1,
STOPPING=1) and socket activation (a listening fd 3, LISTEN_FDS=1,
LISTEN_PID set to banterd's pid)."""

import os
import select
import signal
import socket
import time

from ircharness import Client, Server, Tests, check, require_banterd, say

require_banterd("the systemd protocols")
t = Tests()


class Notify:
    """The receiving end of sd_notify: one datagram per state change."""

    def __init__(self, path):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(path)
        self.got = []

    def wait(self, key, timeout=5):
        deadline = time.monotonic() + timeout
        while True:
            for i, msg in enumerate(self.got):
                if key in msg.split("\n"):
                    del self.got[:i + 1]
                    return msg
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError("no %s within %.0fs; got %r" % (
                    key, timeout, self.got))
            r, _, _ = select.select([self.sock], [], [], left)
            if r:
                self.got.append(self.sock.recv(4096).decode(
                    errors="replace"))

    def close(self):
        self.sock.close()


def notify_cycle(address):
    srv = Server(start=False)
    path = address if not address.startswith("@") else "\0" + address[1:]
    if not address.startswith("@"):
        path = os.path.join(srv.dir, address)
        address = path
    n = Notify(path)
    try:
        srv.env = {"NOTIFY_SOCKET": address}
        srv.start()
        msg = n.wait("READY=1")
        say("got %r" % msg)
        c = srv.user("notified")
        srv.signal(signal.SIGHUP)
        msg = n.wait("RELOADING=1")
        say("got %r" % msg)
        n.wait("READY=1")
        check(c.is_open(), "client dropped by the reload")
        srv.signal(signal.SIGTERM)
        msg = n.wait("STOPPING=1")
        say("got %r" % msg)
        check(srv.wait_exit(5) == 0, "exit status %s" % srv.proc.returncode)
    finally:
        n.close()
        srv.stop()


@t.case("NOTIFY_SOCKET (a path): READY=1, RELOADING=1 on SIGHUP, "
        "STOPPING=1 on SIGTERM")
def _():
    notify_cycle("notify.sock")


@t.case("NOTIFY_SOCKET (an abstract @name): the same")
def _():
    notify_cycle("@banter-test-notify-%d" % os.getpid())


def activated(listen_pid_right):
    """A Server set up to get a listening socket as fd 3, the way systemd
    passes it (sd_listen_fds(3)); a shell sets LISTEN_PID to its own pid,
    which exec keeps for banterd."""
    lsock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    lsock.bind(("127.0.0.1", 0))
    lsock.listen(16)
    fd = lsock.fileno()
    check(fd <= 9, "sh redirects descriptors 0-9 only (got %d)" % fd)
    srv = Server(start=False)
    srv.pass_fds = (fd,)
    move = "" if fd == 3 else "3<&%d %d<&-" % (fd, fd)
    wrapper = ('LISTEN_FDS=1 LISTEN_PID=%s; export LISTEN_FDS LISTEN_PID; '
               'exec "$0" "$@" %s' % ("$$" if listen_pid_right else "1",
                                      move))
    srv.wrap = lambda argv: ["sh", "-c", wrapper] + argv
    return srv, lsock


@t.case("socket activation: a client connects through the passed fd 3")
def _():
    srv, lsock = activated(True)
    try:
        srv.conf["listen"] = None       # every listener comes from fd 3
        srv.port = lsock.getsockname()[1]
        srv.write_conf()
        srv.launch()
        lsock.close()                   # only banterd holds it now
        c = srv.user("activated")
        c.send("PRIVMSG activated :through fd 3")
        check(c.expect("PRIVMSG").text == "through fd 3", "message")
    finally:
        lsock.close()
        srv.stop()


@t.case("socket activation: LISTEN_PID for another process is ignored")
def _():
    srv, lsock = activated(False)
    try:
        srv.start()                     # its own listener from the config
        c = srv.user("configured")
        # The kernel completes the handshake on the passed socket, but
        # banterd must not serve it: no 001 arrives.
        other = Client(lsock.getsockname(), name="passed")
        other.send("NICK passed")
        other.send("USER passed 0 * :x")
        m = other.next(timeout=1.5)
        check(m is None, "banterd served a socket meant for pid 1: %s" % m)
        other.close()
        c.close()
    finally:
        lsock.close()
        srv.stop()

t.done()
