#!/usr/bin/env python3
"""Hostile clients (issue 6): connections reset (RST, SO_LINGER 0) in the
middle of a line, in the middle of a burst of lines, and while the
server is writing to them.

The server must drop each one cleanly: no crash, no spin, no descriptor
or channel member left behind, nothing half-run, and legitimate users in
the same channel lose nothing."""

import select
import time

import ircharness as h
import hostilelib as hl

t = h.Tests()
h.require_banterd("connection resets")
cpu_report = []
srv = h.Server(conf={"max_clients": 1000})
pid = srv.proc.pid


def registered_raw(nick, lines=b""):
    """A raw socket registered as nick, in #watch, its replies read."""
    s = hl.raw_connect(srv.addr)
    s.send(b"NICK %s\r\nUSER r 0 * :r\r\nJOIN #watch\r\n" % nick.encode() +
           lines + b"PING :ready\r\n")
    data = b""
    deadline = time.monotonic() + h.WAIT
    while b"PONG" not in data:
        left = deadline - time.monotonic()
        h.check(left > 0, "%s: no PONG after registering: %r" % (
            nick, data[-300:]))
        select.select([s], [], [], left)
        try:
            chunk = s.recv(65536)
        except BlockingIOError:
            continue
        h.check(chunk, "%s: closed while registering: %r" % (nick, data))
        data += chunk
    return s


def settle(watch, base_fds):
    h.wait_for(lambda: hl.fd_count(pid) <= base_fds, 5, 0.05,
               "the server's descriptors back to %d" % base_fds)
    # Asked by a client of its own: the watch thread reads the others.
    settle.n += 1
    names = srv.user("checker%d" % settle.n).names("#watch")
    h.check(sorted(n.lstrip("@+") for n in names) ==
            sorted([watch.sender.nick, watch.receiver.nick]),
            "members left behind in #watch: %s" % names)


settle.n = 0


@t.case("300 connections reset in the middle of a line")
def _():
    with hl.Watch(srv, tag="a") as watch:
        base_fds = hl.fd_count(pid)
        meter = hl.CpuMeter(srv)
        for i in range(100):
            # Registered, then half a line, then reset.
            s = registered_raw("rst%d" % i)
            s.send(b"PRIVMSG #watch :half a li")
            hl.reset_close(s)
            # Reset at once, the server may not have read the lines yet.
            s = hl.raw_connect(srv.addr)
            s.send(b"NICK rs%d\r\nUSER r 0 * :r\r\nJOIN #watch\r\nPRIV" % i)
            hl.reset_close(s)
            # Reset before anything at all.
            hl.reset_close(hl.raw_connect(srv.addr))
        settle(watch, base_fds)
        watch.wait_rounds(2)
        meter.check("300 resets mid-line", 2.0, cpu_report)
        h.check(not watch.counts, "a half line was run: %s" % watch.counts)
        watch.stop(report=cpu_report)


@t.case("100 connections reset in the middle of a burst: what ran is a "
        "prefix of what was sent, in order")
def _():
    with hl.Watch(srv, tag="b") as watch:
        watch.keep_texts = True
        base_fds = hl.fd_count(pid)
        meter = hl.CpuMeter(srv)
        for i in range(100):
            nick = "burst%d" % i
            # The first 100 lines surely run (registered_raw waits for
            # their PONG), the next 100 race the reset.
            s = registered_raw(nick, b"".join(
                b"PRIVMSG #watch :%d\r\n" % k for k in range(100)))
            s.send(b"".join(b"PRIVMSG #watch :%d\r\n" % k
                            for k in range(100, 200)) +
                   b"PRIVMSG #watch :cut")
            hl.reset_close(s)
        settle(watch, base_fds)
        watch.wait_rounds(2)
        meter.check("100 resets mid-burst", 2.0, cpu_report)
        watch.stop(report=cpu_report)
        # Which lines ran is up to the kernel; their order is not.
        per = {n: v for n, v in watch.texts.items()
               if n.startswith("burst")}
        for nick, texts in per.items():
            h.check(texts == [str(k) for k in range(len(texts))],
                    "%s: lines ran out of order or with a gap: %s" % (
                        nick, texts[:20]))
        h.check(len(per) == 100, "only %d of 100 burst clients' lines "
                "reached the channel" % len(per))
        h.say("%d of 100 reset clients had lines run before the reset "
              "(%d lines in all)" % (len(per), sum(map(len,
                                                         per.values()))))


@t.case("50 connections reset while the server is writing to them")
def _():
    with hl.Watch(srv, tag="c") as watch:
        base_fds = hl.fd_count(pid)
        talker = srv.user("ctalk")
        talker.join("#watch")
        meter = hl.CpuMeter(srv)
        for i in range(50):
            s = registered_raw("deaf%d" % i)
            talker.sendraw(b"".join(b"PRIVMSG #watch :%d %s\r\n" % (
                k, b"z" * 300) for k in range(100)))
            talker.roundtrip()
            hl.reset_close(s)
        talker.close()
        settle(watch, base_fds)
        watch.wait_rounds(2)
        meter.check("50 resets while being written to", 2.0, cpu_report)
        watch.stop(report=cpu_report)
        h.check(srv.alive(), "banterd died")


@t.case("banterd exits cleanly on SIGTERM after all that")
def _():
    hl.stop_clean(srv)


srv.stop()
h.say("summary:\n" + "\n".join(cpu_report))
t.done()
