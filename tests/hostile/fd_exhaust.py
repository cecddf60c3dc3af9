#!/usr/bin/env python3
"""Hostile clients (issue 6): running out of descriptors.  banterd runs
with RLIMIT_NOFILE 64 and is sent 200 connections that neither register
nor close; accept() fails with EMFILE.  The server must not spin, must
keep serving the clients it has, turn extra ones away with an ERROR (its
reserved descriptor; the rest wait in the listen queue), and take new
connections again once descriptors are free."""

import resource
import socket

import ircharness as h
import hostilelib as hl

NOFILE = 64
ATTACK = 200
t = h.Tests()
h.require_banterd("descriptor exhaustion")
cpu_report = []


def low_nofile():
    resource.setrlimit(resource.RLIMIT_NOFILE, (NOFILE, NOFILE))


@t.case("out of descriptors: no spin, existing users served, new "
        "connections work again once descriptors are free")
def _():
    with h.Server(conf={"max_clients": 1000, "registration_timeout": 60},
                  preexec_fn=low_nofile) as srv:
        pid = srv.proc.pid
        with hl.Watch(srv) as watch:
            meter = hl.CpuMeter(srv)
            socks = []
            for _ in range(ATTACK):
                try:
                    socks.append(hl.raw_connect(srv.addr, timeout=2))
                except (socket.timeout, OSError):
                    break       # the listen queue is full: fine
            h.say("%d attack connections made; the server holds %d "
                  "descriptors (limit %d)" % (len(socks), hl.fd_count(pid),
                                              NOFILE))
            h.wait_for(lambda: "out of file descriptors" in srv.log_tail(
                400), 10, 0.1, "the server to log running out of "
                "descriptors")
            watch.wait_rounds(4)
            hold = hl.CpuMeter(srv)
            h.wait_for(lambda: hold.read()[1] >= 3.0, 6, 0.1, "3 s")
            hold.check("out of descriptors, 3 s", 0.5, cpu_report)
            with open(srv.log_path, "rb") as f:
                warned = f.read().count(b"out of file descriptors")
            h.check(warned <= 2, "the server logged running out of "
                    "descriptors %d times in a few seconds: a log flood" %
                    warned)
            meter.check("out of descriptors, whole attack", 1.5,
                        cpu_report)
            told = 0
            for s in socks:
                try:
                    data = s.recv(4096)
                except (BlockingIOError, OSError):
                    data = b""
                if b"ERROR" in data:
                    told += 1
                s.close()
            h.say("%d of %d attack connections were told ERROR" % (
                told, len(socks)))
            # The reserved descriptor turns one away each time accept()
            # fails, with an ERROR, so a client knows to try later.
            h.check(told >= 1, "none of the %d connections the server "
                    "could not take was told ERROR (its reserved "
                    "descriptor)" % len(socks))
            # Descriptors are free again: a new user gets in.
            def newcomer():
                try:
                    c = srv.user("late%d" % newcomer.n)
                except (h.Fail, OSError):
                    newcomer.n += 1
                    return None
                return c
            newcomer.n = 0
            late = h.wait_for(newcomer, 15, 0.2, "a new user to register "
                              "after the attack")
            late.join("#watch")
            watch.wait_rounds(2)
            watch.stop(report=cpu_report)
            h.check(srv.alive(), "banterd died")
        hl.stop_clean(srv)


h.say("summary:\n" + "\n".join(cpu_report))
t.done()
