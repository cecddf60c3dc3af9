#!/usr/bin/env python3
"""Hostile clients (issue 6): 200 clients churning (connect, register,
join, talk, quit, again) for CHURN_SECONDS (default 30) while two
legitimate users chat in the busiest channel.

Checks: the server's RSS stays flat within a bound once warm, no
descriptor is leaked (/proc/PID/fd counted before and after), every
message a churning client sent to the watched channel reached the
legitimate receiver, and the legitimate users were served promptly."""

import errno
import os
import selectors
import socket
import time

import ircharness as h
import hostilelib as hl

SLOTS = 200
CHANNELS = 5
SECONDS = float(os.environ.get("CHURN_SECONDS", "30"))
# New connections per second in all (the machine is shared: a pace, not
# a stress test of accept()).
RATE = float(os.environ.get("CHURN_RATE", "200"))
# How long each client stays: SLOTS clients at once, RATE a second.
HOLD = SLOTS / RATE
# RSS may grow this much after warming up (allocator caches, hash tables
# at their high-water mark) but no more: a leak per connection grows it
# without bound (banterd holds some 2 MB in all; a warm 30 s run grows
# it by under 100 kB).
RSS_SLACK_KB = int(os.environ.get("CHURN_RSS_SLACK_KB", "1024"))
# The server's CPU over the run, as a share of the time: the churn costs
# a few per cent (up to some 15% with sanitizers); a busy loop is 100%.
CPU_SHARE_MAX = 0.5
t = h.Tests()
h.require_banterd("long-run churn")
hl.need_fds(SLOTS * 2 + 100)
cpu_report = []


class Slot:
    """One churning client: a small state machine over one socket."""

    def __init__(self, churn, i):
        self.churn = churn
        self.i = i
        self.gen = 0
        self.sock = None
        self.buf = b""
        self.state = None
        self.out = b""
        self.due = None         # when to connect again
        self.talk_at = None     # when to say the rest and quit

    def connect(self):
        self.gen += 1
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setblocking(False)
        e = self.sock.connect_ex(self.churn.srv.addr)
        if e not in (0, errno.EINPROGRESS):
            raise h.Fail("slot %d: connect: %s" % (self.i, os.strerror(e)))
        self.nick = "c%d_%d" % (self.i, self.gen % 100000)
        self.chan = "#churn%d" % (self.i % CHANNELS)
        self.buf = b""
        self.state = "register"
        self.queue(b"NICK %s\r\nUSER churn 0 * :churn\r\n" %
                   self.nick.encode())
        self.churn.sel.register(self.sock, selectors.EVENT_READ |
                                selectors.EVENT_WRITE, self)

    def queue(self, data):
        self.out += data

    def events(self, mask):
        if mask & selectors.EVENT_WRITE and self.out:
            try:
                n = self.sock.send(self.out)
                self.out = self.out[n:]
            except BlockingIOError:
                pass
            except OSError as e:
                raise h.Fail("slot %d (%s): send: %s" % (self.i, self.nick,
                                                         e))
        if mask & selectors.EVENT_READ:
            try:
                data = self.sock.recv(65536)
            except BlockingIOError:
                data = None
            except OSError as e:
                raise h.Fail("slot %d (%s): recv: %s" % (self.i, self.nick,
                                                         e))
            if data == b"":
                self.closed()
                return
            if data:
                self.buf += data
                self.lines()
        if self.sock is not None:
            want = selectors.EVENT_READ | (selectors.EVENT_WRITE
                                           if self.out else 0)
            self.churn.sel.modify(self.sock, want, self)

    def lines(self):
        while b"\n" in self.buf:
            line, self.buf = self.buf.split(b"\n", 1)
            m = h.Msg(line.rstrip(b"\r").decode("utf-8", "replace"))
            if m.command == "PING":
                self.queue(b"PONG :%s\r\n" % m.text.encode())
            elif self.state == "register" and m.command == "001":
                # Join and say one thing now, two more after a while
                # (talk()), so about SLOTS clients are on at any time.
                self.state = "talk"
                self.talk_at = time.monotonic() + HOLD
                self.queue(b"JOIN %s\r\nPRIVMSG %s :churn 0\r\n" % (
                    self.chan.encode(), self.chan.encode()))
            elif self.state == "finish" and m.command == "PONG" and \
                    m.text == "done":
                self.state = "quit"
                if self.chan == "#churn0":
                    self.churn.sent0 += 3
                self.queue(b"QUIT :churning\r\n")
            elif m.command == "ERROR" and self.state != "quit":
                raise h.Fail("slot %d (%s) got %s" % (self.i, self.nick,
                                                      m.raw))

    def talk(self):
        self.state = "finish"
        self.talk_at = None
        self.queue(b"".join(b"PRIVMSG %s :churn %d\r\n" % (
            self.chan.encode(), k) for k in (1, 2)) + b"PING :done\r\n")
        self.churn.sel.modify(self.sock, selectors.EVENT_READ |
                              selectors.EVENT_WRITE, self)

    def closed(self):
        h.check(self.state == "quit", "slot %d (%s): closed by the server "
                "in state %s: %r" % (self.i, self.nick, self.state,
                                     self.buf[-300:]))
        self.churn.sel.unregister(self.sock)
        self.sock.close()
        self.sock = None
        self.churn.done += 1
        self.due = time.monotonic() + 0.05


class Churn:
    def __init__(self, srv):
        self.srv = srv
        self.sel = selectors.DefaultSelector()
        self.done = 0
        self.sent0 = 0
        self.running = True
        self.slots = [Slot(self, i) for i in range(SLOTS)]

    def run(self, seconds, on_tick):
        start = time.monotonic()
        for s in self.slots:
            s.due = start + s.i / RATE
        end = time.monotonic() + seconds
        next_tick = time.monotonic() + 1
        while True:
            now = time.monotonic()
            if now >= end and self.running:
                self.running = False
                stop_by = now + 15
            if not self.running:
                if all(s.sock is None for s in self.slots):
                    return
                h.check(now < stop_by, "%d churning clients did not "
                        "finish within 15 s" % sum(
                            s.sock is not None for s in self.slots))
            for s in self.slots:
                if s.talk_at is not None and s.talk_at <= now:
                    s.talk()
                if s.due is not None and s.due <= now:
                    s.due = None
                    if self.running:
                        s.connect()
            for key, mask in self.sel.select(0.02):
                key.data.events(mask)
            if now >= next_tick:
                on_tick()
                next_tick = now + 1


@t.case("%d clients churning for %.0f s: RSS flat, no descriptor leak, "
        "nothing lost" % (SLOTS, SECONDS))
def _():
    with h.Server(conf={"max_clients": SLOTS * 3}) as srv:
        pid = srv.proc.pid
        with hl.Watch(srv, chan="#churn0", interval=0.5) as watch:
            base_fds = hl.fd_count(pid)
            rss0 = hl.rss_kb(pid)
            meter = hl.CpuMeter(srv)
            churn = Churn(srv)
            warm = [None]
            samples = []
            warm_at = time.monotonic() + max(5.0, SECONDS * 0.2)

            peak = [0]

            def tick():
                peak[0] = max(peak[0], sum(s.sock is not None
                                           for s in churn.slots))
                rss = hl.rss_kb(pid)
                samples.append(rss)
                if warm[0] is None and time.monotonic() >= warm_at:
                    warm[0] = rss
                h.check(not watch.errors, "legitimate users: %s" %
                        watch.errors[:3])

            churn.run(SECONDS, tick)
            cpu, wall = meter.read()
            rss1 = hl.rss_kb(pid)
            if warm[0] is None:
                warm[0] = samples[-1] if samples else rss1
            line = ("churn: %d connections in %.0fs (%.0f/s, up to %d at "
                    "once); server CPU "
                    "%.1fs (%.0f%%); RSS %d kB at start, %d kB warm, %d kB "
                    "peak, %d kB at the end" % (
                        churn.done, wall, churn.done / wall, peak[0], cpu,
                        100 * cpu / wall, rss0, warm[0],
                        max(samples + [rss1]), rss1))
            h.say(line)
            cpu_report.append(line)
            if samples:
                step = max(1, len(samples) // 10)
                cpu_report.append("churn: RSS (kB) every %ds: %s" % (
                    step, " ".join(str(x) for x in samples[::step])))
                h.say(cpu_report[-1])
            h.check(churn.done >= SLOTS, "only %d connections completed" %
                    churn.done)
            h.check(cpu <= CPU_SHARE_MAX * wall, "the server used %.1fs CPU "
                    "in %.0fs of churn (bound %.0f%%): it spins" % (
                        cpu, wall, 100 * CPU_SHARE_MAX))
            h.wait_for(lambda: hl.fd_count(pid) <= base_fds, 10, 0.1,
                       "the server's descriptors back to %d (now %d)" % (
                           base_fds, hl.fd_count(pid)))
            fds = hl.fd_count(pid)
            cpu_report.append("churn: server descriptors %d before, %d "
                              "after" % (base_fds, fds))
            h.say(cpu_report[-1])
            if hl.sanitized_banterd():
                h.say("banterd is built with AddressSanitizer, whose "
                      "quarantine holds freed memory: RSS not bounded")
            else:
                h.check(rss1 <= warm[0] + RSS_SLACK_KB, "RSS grew from "
                        "%d kB (warm) to %d kB during the churn: a leak?" %
                        (warm[0], rss1))
            watch.stop(report=cpu_report)
            got = sum(watch.counts.get(n, 0) for n in watch.counts
                      if n.startswith("c"))
            h.check(got == churn.sent0, "the legitimate receiver got %d of "
                    "the %d messages churning clients sent to #churn0" % (
                        got, churn.sent0))
            h.check(srv.alive(), "banterd died")
        hl.stop_clean(srv)


h.say("summary:\n" + "\n".join(cpu_report))
t.done()
