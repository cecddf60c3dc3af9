#!/usr/bin/env python3
"""Hostile clients (issue 6): 2000 connections that never register
(slowloris) and 2000 that send half a line and stop, while two
legitimate users chat; then max_clients refusing cleanly.

The server must accept them all, not spin while they sit there, cut each
off at registration_timeout with an ERROR, and free every descriptor."""

import select
import time

import ircharness as h
import hostilelib as hl

N = 2000
REG_TIMEOUT = 6
t = h.Tests()
h.require_banterd("slowloris handling")
hl.need_fds(2 * N + 200)
cpu_report = []


def connect_many(srv, n, payload):
    socks = []
    for _ in range(n):
        s = hl.raw_connect(srv.addr)
        if payload:
            s.send(payload)
        socks.append(s)
    return socks


def wait_all_closed(socks, timeout, want):
    """Read every socket until EOF; returns how many saw want, and when
    the first was closed."""
    p = select.poll()
    bysock = {}
    for s in socks:
        p.register(s, select.POLLIN)
        bysock[s.fileno()] = [s, b""]
    open_ = len(bysock)
    deadline = time.monotonic() + timeout
    saw = 0
    first = None
    while open_ and time.monotonic() < deadline:
        for fd, _ in p.poll(200):
            entry = bysock.get(fd)
            if entry is None:
                continue
            try:
                data = entry[0].recv(4096)
            except BlockingIOError:
                continue
            except OSError:
                data = b""
            if data:
                entry[1] += data
                continue
            if want in entry[1]:
                saw += 1
            if first is None:
                first = time.monotonic()
            p.unregister(fd)
            entry[0].close()
            del bysock[fd]
            open_ -= 1
    for fd, (s, _) in bysock.items():
        s.close()
    h.check(open_ == 0, "%d of %d connections still open after %.0fs" % (
        open_, len(socks), timeout))
    return saw, first


@t.case("%d never-registering and %d half-line connections: legitimate "
        "users served, no spin, all cut off at registration_timeout" %
        (N, N))
def _():
    with h.Server(conf={"max_clients": 3 * N,
                        "registration_timeout": REG_TIMEOUT}) as srv:
        pid = srv.proc.pid
        with hl.Watch(srv) as watch:
            base_fds = hl.fd_count(pid)
            meter = hl.CpuMeter(srv)
            t0 = time.monotonic()
            socks = connect_many(srv, N, b"")
            socks += connect_many(srv, N, b"USER slow 0 * :half a li")
            h.wait_for(lambda: hl.fd_count(pid) >= base_fds + 2 * N, 10,
                       0.1, "the server to accept all %d connections" %
                       (2 * N))
            # The last one's registration_timeout runs from here (a
            # slow machine may take seconds to connect them all).
            accepted = time.monotonic()
            h.say("%d connections made and accepted in %.1fs" % (
                2 * N, accepted - t0))
            meter.check("accepting %d idle connections" % (2 * N), 4.0,
                        cpu_report)
            watch.wait_rounds(3)
            hold = hl.CpuMeter(srv)
            h.wait_for(lambda: hold.read()[1] >= 2.0, 5, 0.1, "2 s")
            hold.check("holding %d idle connections" % (2 * N), 0.3,
                       cpu_report)
            # Everyone is cut off at the registration timeout, with an
            # ERROR that says so; none much earlier than it.
            left = accepted + REG_TIMEOUT + 6 - time.monotonic()
            cut = hl.CpuMeter(srv)
            saw, first = wait_all_closed(socks, max(left, 3),
                                         b"Registration timed out")
            cut.check("timing out %d connections" % (2 * N), 3.0,
                      cpu_report)
            h.check(first - t0 >= REG_TIMEOUT - 1, "the first connection "
                    "was closed %.1fs after it was made, before the %ds "
                    "registration_timeout" % (first - t0, REG_TIMEOUT))
            h.check(saw == 2 * N, "only %d of %d connections got ERROR "
                    "... (Registration timed out)" % (saw, 2 * N))
            h.wait_for(lambda: hl.fd_count(pid) <= base_fds, 5, 0.1,
                       "the server's descriptors back to %d (now %d)" %
                       (base_fds, hl.fd_count(pid)))
            watch.stop(report=cpu_report)
        h.check(srv.alive(), "banterd died")
        hl.stop_clean(srv)


@t.case("max_clients refuses the extra connections with an ERROR and "
        "keeps the others")
def _():
    with h.Server(conf={"max_clients": 20}) as srv:
        with hl.Watch(srv) as watch:
            users = [srv.user("full%d" % i) for i in range(18)]
            meter = hl.CpuMeter(srv)
            extra = connect_many(srv, 30, b"NICK x\r\nUSER x 0 * :x\r\n")
            saw, _ = wait_all_closed(extra, 10, b"Server is full")
            h.check(saw == 30, "only %d of 30 refused connections were "
                    "told ERROR ... (Server is full)" % saw)
            meter.check("refusing 30 connections", 1.0, cpu_report)
            for u in users:
                u.roundtrip()
            # Its place is free once the server has closed it.
            leaving = users.pop()
            leaving.send("QUIT :making room")
            leaving.expect_closed(timeout=10)
            srv.user("room").roundtrip()
            watch.stop(report=cpu_report)
        hl.stop_clean(srv)


h.say("summary:\n" + "\n".join(cpu_report))
t.done()
