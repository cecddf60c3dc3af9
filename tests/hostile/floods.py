#!/usr/bin/env python3
"""Hostile clients (issue 6): flooders and a client that never reads.

With the default flood settings (flood_burst 10, flood_rate 2), a client
that sends PRIVMSG or JOIN/PART as fast as it can is throttled (its lines
run at flood_rate), then cut off with "ERROR ... (Excess Flood)"; a
client that joins a busy channel and never reads is cut off at
sendq_bytes with "SendQ exceeded".  Legitimate users in the same channel
are served promptly and lose nothing throughout."""

import select
import time

import ircharness as h
import hostilelib as hl

t = h.Tests()
h.require_banterd("flood control")
cpu_report = []
BURST, RATE = 10, 2             # banterd's defaults (banterd.conf.5)


def default_flood_server():
    # None leaves the key out: banterd's built-in defaults apply.
    return h.Server(conf={"flood_burst": None, "flood_rate": None,
                          "max_clients": 100})


def blast(c, line_fn, timeout=15):
    """Send lines as fast as the socket takes them until the server
    closes the connection; returns (lines sent, bytes received)."""
    sock = c.sock
    got = bytearray()
    sent = 0
    pending = b""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not pending:
            pending = b"".join(line_fn(sent + i) for i in range(100))
            sent += 100
        r, w, _ = select.select([sock], [sock], [], 0.5)
        if r:
            try:
                data = sock.recv(65536)
            except BlockingIOError:
                data = None
            except ConnectionResetError:
                data = b""
            if data == b"":
                return sent, bytes(got)
            if data:
                got += data
        if w:
            try:
                n = sock.send(pending)
                pending = pending[n:]
            except BlockingIOError:
                pass
            except (BrokenPipeError, ConnectionResetError):
                # Closed: what it said may still be readable.
                more, _ = hl.read_until_closed(sock, 2)
                return sent, bytes(got + more)
    h.fail("the flooder was still connected after %ds (sent %d lines); "
           "it received:\n%s" % (timeout, sent,
                                 bytes(got[-2000:]).decode(errors="replace")))


def flooder_case(nick, slow_lines, line_fn, what):
    with default_flood_server() as srv:
        with hl.Watch(srv, interval=0.6) as watch:
            f = srv.user(nick)
            f.join("#watch")
            watch.wait_rounds(2)
            meter = hl.CpuMeter(srv)
            # A burst of 40 lines fits in the server's input queue: it is
            # throttled, run at flood_rate, not all at once.
            f.sendraw(b"".join(slow_lines(i) for i in range(40)))
            t0 = time.monotonic()
            watch.wait_rounds(3)
            elapsed = time.monotonic() - t0
            f.drain()
            h.check(not f.closed, "a 40-line burst (under the input "
                    "queue) got the client cut off:\n%s" % f.report())
            ran = watch.counts.get(nick, 0)
            allowed = BURST + RATE * (elapsed + 1) + 2
            h.say("%s: %d of 40 burst lines relayed in %.1fs" % (
                what, ran, elapsed))
            h.check(ran <= allowed, "%d lines of a 40-line burst ran "
                    "within %.1fs: no throttling (allowed %d)" % (
                        ran, elapsed, allowed))
            h.check(ran >= BURST, "only %d lines of a 40-line burst ran "
                    "within %.1fs: the first %d should run at once" % (
                        ran, elapsed, BURST))
            # Now as fast as it can: cut off with an ERROR.
            sent, got = blast(f, line_fn)
            text = got.decode("utf-8", "replace")
            h.say("%s: flooder sent %d lines before being cut off" % (
                what, sent))
            h.check("ERROR" in text and "Excess Flood" in text,
                    "the flooder was closed without ERROR ... (Excess "
                    "Flood); it last received:\n%s" % text[-1000:])
            watch.wait_rounds(2)
            meter.check(what, 2.0, cpu_report)
            # It is still in #watch (it parts only the other channels).
            h.check(any(m.nick == nick and "Excess Flood" in m.text
                        for m in watch.quits), "the channel was not told "
                    "the flooder quit (Excess Flood): %s" % watch.quits)
            watch.stop(report=cpu_report)
            h.check(srv.alive(), "banterd died")
        hl.stop_clean(srv)


@t.case("a PRIVMSG flooder is throttled, then cut off (Excess Flood)")
def _():
    flooder_case(
        "flooder", lambda i: b"PRIVMSG #watch :burst %d\r\n" % i,
        lambda i: b"PRIVMSG #watch :flood %d %s\r\n" % (i, b"x" * 40),
        "PRIVMSG flood")


@t.case("a JOIN/PART flooder is throttled, then cut off (Excess Flood)")
def _():
    flooder_case(
        "joinpart", lambda i: b"PRIVMSG #watch :burst %d\r\n" % i,
        lambda i: b"JOIN #fl%d\r\nPART #fl%d :bye\r\n" % (i % 7, i % 7),
        "JOIN/PART flood")


@t.case("a client that never reads is cut off at sendq_bytes (SendQ "
        "exceeded); the channel is unaffected")
def _():
    # Flood control off (the harness default) so the talker can fill a
    # queue quickly; a small sendq keeps the test short.
    with h.Server(conf={"sendq_bytes": 32768, "max_clients": 100}) as srv:
        with hl.Watch(srv) as watch:
            deaf = srv.user("deaf", rcvbuf=4096)
            deaf.join("#watch")
            talk = srv.user("talker")
            talk.join("#watch")
            watch.wait_rounds(2)
            meter = hl.CpuMeter(srv)
            body = b"y" * 400
            n = 0
            deadline = time.monotonic() + 30
            while not any(m.nick == "deaf" for m in watch.quits):
                h.check(time.monotonic() < deadline, "the deaf client was "
                        "not cut off after %d messages of 400 bytes" % n)
                talk.sendraw(b"".join(b"PRIVMSG #watch :%d %s\r\n" % (
                    n + i, body) for i in range(100)))
                n += 100
                talk.roundtrip(timeout=10)
                if n % 2000 == 0:
                    watch.wait_rounds(1)
            quit_ = [m for m in watch.quits if m.nick == "deaf"][0]
            h.say("deaf cut off after %d messages; the channel saw %r" % (
                n, quit_.raw))
            h.check("SendQ exceeded" in quit_.text, "the deaf client quit "
                    "for another reason: %r" % quit_.raw)
            # It gets an ERROR at the end of what was queued for it (or
            # the connection is simply closed once its queue is full).
            data, closed = hl.read_until_closed(deaf.sock, 10)
            h.check(closed, "the deaf client's connection stayed open")
            tail = data[-600:].decode("utf-8", "replace")
            h.say("deaf read %d bytes after the cut; ends %r" % (
                len(data), tail[-120:]))
            h.check(b"ERROR" in data and b"SendQ exceeded" in data,
                    "no ERROR ... (SendQ exceeded) at the end of the deaf "
                    "client's stream: ...%r" % tail[-300:])
            watch.wait_rounds(2)
            h.check(watch.counts.get("talker", 0) == n, "the legitimate "
                    "receiver got %d of the talker's %d messages" % (
                        watch.counts.get("talker", 0), n))
            meter.check("a never-reading client and %d messages" % n, 5.0,
                        cpu_report)
            watch.stop(report=cpu_report)
        hl.stop_clean(srv)


h.say("summary:\n" + "\n".join(cpu_report))
t.done()
