#!/usr/bin/env python3
"""banterd's limits: sendq_bytes, flood control, max_clients, EMFILE.

Each abuser is checked to be cut off while the other clients stay served
(a PING round trip within a bound)."""

import os
import resource
import select
import socket
import time

from ircharness import (Client, Server, Skip, Tests, check, pump,
                        require_banterd, say, wait_for)

require_banterd("limits (sendq, flood, max_clients, EMFILE)")
t = Tests()
LATENCY = 1.5   # seconds a served client may wait for a PONG under abuse


def rtt(c):
    start = time.monotonic()
    c.roundtrip(timeout=LATENCY + 3)
    return time.monotonic() - start


@t.case("a client that stops reading is cut off at sendq_bytes; the "
        "others keep chatting")
def _():
    with Server(conf={"sendq_bytes": 16384}) as srv:
        victim = srv.user("victim", rcvbuf=4096)
        talker = srv.user("talker")
        watcher = srv.user("watcher")
        for c in (victim, talker, watcher):
            c.join("#sendq")
        talker.roundtrip()
        watcher.roundtrip()
        # From here on the victim reads nothing.
        text = "s" * 380
        sent = 0
        quit_seen = None
        deadline = time.monotonic() + 20
        worst = 0.0
        got = 0
        while quit_seen is None:
            check(time.monotonic() < deadline,
                  "victim still connected after %d messages (%d bytes)" %
                  (sent, sent * len(text)))
            check(sent < 20000, "victim never cut off")
            talker.sendraw("".join("PRIVMSG #sendq :%d %s\r\n" % (sent + i,
                                                                  text)
                                   for i in range(20)))
            sent += 20
            for c in (talker, watcher):
                c.drain()
            for c in (talker, watcher):
                while c.pending:
                    m = c.pending.pop(0)
                    if m.command == "QUIT" and m.nick == "victim":
                        quit_seen = m
                    if c is watcher and m.command == "PRIVMSG":
                        check(m.text.split()[0] == str(got),
                              "watcher missed a message: wanted %d, got %s"
                              % (got, m.text[:20]))
                        got += 1
            if sent % 200 == 0:
                worst = max(worst, rtt(watcher))
        say("victim cut after %d messages (%d KiB): %s" % (
            sent, sent * len(text) // 1024, quit_seen.raw))
        check(worst < LATENCY, "watcher waited %.2fs for a PONG" % worst)
        check(talker.is_open() and watcher.is_open(),
              "a reading client was disconnected")
        # The watcher still gets everything the talker sent.
        while got < sent:
            m = watcher.expect("PRIVMSG", timeout=5)
            check(m.text.split()[0] == str(got), "order: %s" % m.text[:20])
            got += 1
        check(rtt(watcher) < LATENCY, "slow after the cut")


@t.case("a flooder is throttled, then cut off; others stay served")
def _():
    with Server(conf={"flood_burst": 10, "flood_rate": 2}) as srv:
        flooder = srv.user("flooder")
        watcher = srv.user("watcher")
        other = srv.user("other")
        flooder.join("#flood")
        watcher.join("#flood")
        watcher.roundtrip()
        count = 500
        data = "".join("PRIVMSG #flood :flood %d\r\n" % i
                       for i in range(count)).encode()
        start = time.monotonic()
        view = memoryview(data)
        delivered = 0
        closed = False
        worst = 0.0
        deadline = start + 20
        next_ping = start
        while time.monotonic() < deadline:
            if view and not closed:
                try:
                    n = flooder.sock.send(view)
                    view = view[n:]
                except BlockingIOError:
                    pass
                except OSError:
                    closed = True
            pump([watcher], 0.05)
            while watcher.pending:
                m = watcher.pending.pop(0)
                if m.command == "PRIVMSG":
                    delivered += 1
                if m.command == "QUIT" and m.nick == "flooder":
                    closed = True
            if closed:
                break
            # At most one PING a second: "other" must stay under the
            # flood limit itself.
            if time.monotonic() >= next_ping:
                worst = max(worst, rtt(other))
                next_ping = time.monotonic() + 1.0
        elapsed = time.monotonic() - start
        say("flooder cut after %.1fs; %d of %d lines delivered; worst "
            "PONG wait of another client %.2fs" % (elapsed, delivered,
                                                   count, worst))
        check(closed, "flooder still connected after %.0fs" % elapsed)
        check(delivered < count // 2, "not throttled: %d of %d flood lines "
              "delivered" % (delivered, count))
        check(worst < LATENCY, "another client waited %.2fs" % worst)
        got = flooder.expect_closed(timeout=5)
        if not any(m.command == "ERROR" for m in got):
            say("note: the flooder did not get to read an ERROR")
        check(watcher.is_open() and other.is_open(), "bystander cut off")


@t.case("a paced flooder (100 lines/s) is held to flood_rate, then cut "
        "off; others stay served")
def _():
    burst, rate = 10, 2
    with Server(conf={"flood_burst": burst, "flood_rate": rate}) as srv:
        flooder = srv.user("flooder")
        watcher = srv.user("watcher")
        other = srv.user("other")
        flooder.join("#paced")
        watcher.join("#paced")
        watcher.roundtrip()
        start = time.monotonic()
        next_ping = start
        worst = 0.0
        sent = delivered = 0
        cut = None
        while cut is None:
            now = time.monotonic()
            check(now - start < 20, "flooder still connected after 20s "
                  "(%d lines sent, %d delivered)" % (sent, delivered))
            flooder.sendraw("PRIVMSG #paced :paced %d\r\n" % sent)
            sent += 1
            pump([watcher, flooder], 0.01)
            flooder.pending = []
            while watcher.pending:
                m = watcher.pending.pop(0)
                if m.command == "PRIVMSG":
                    delivered += 1
                    allowed = burst + rate * (time.monotonic() - start) + 2
                    check(delivered <= allowed, "not throttled: %d lines "
                          "delivered after %.1fs (flood_burst %d, "
                          "flood_rate %d/s)" % (delivered,
                                                time.monotonic() - start,
                                                burst, rate))
                if m.command == "QUIT" and m.nick == "flooder":
                    cut = m
            if flooder.closed or flooder.send_failed:
                cut = cut or "closed"
            if now >= next_ping:
                worst = max(worst, rtt(other))
                next_ping = time.monotonic() + 1.0
        say("flooder cut after %.1fs, %d lines sent, %d delivered: %s" % (
            time.monotonic() - start, sent, delivered, cut))
        check(delivered >= burst, "fewer than flood_burst lines went "
              "through (%d)" % delivered)
        check(worst < LATENCY, "another client waited %.2fs" % worst)
        check(watcher.is_open() and other.is_open(), "bystander cut off")


@t.case("a client within flood_burst is not cut off")
def _():
    with Server(conf={"flood_burst": 10, "flood_rate": 2}) as srv:
        a = srv.user("polite")
        b = srv.user("reader")
        for i in range(5):
            a.send("PRIVMSG reader :polite %d" % i)
        for i in range(5):
            check(b.expect("PRIVMSG").text == "polite %d" % i, "message")
        check(a.is_open(), "polite client cut off")


@t.case("flood_burst = 0 switches flood control off: 1000 lines in one "
        "write all run at once, and nobody is cut off")
def _():
    with Server(conf={"flood_burst": 0, "flood_rate": 2}) as srv:
        a = srv.user("torrent")
        start = time.monotonic()
        a.sendraw("".join("PING :tok%d\r\n" % i for i in range(1000)))
        got = a.collect(lambda m: m.command == "PONG" and
                        m.text == "tok999", timeout=10)
        took = time.monotonic() - start
        pongs = [m.text for m in got if m.command == "PONG"]
        say("1000 PONGs in %.2fs" % took)
        check(pongs == ["tok%d" % i for i in range(1000)],
              "%d PONGs, in order: %s" % (len(pongs), pongs[-3:]))
        # At flood_rate 2 they would take minutes: here well under 10 s.
        check(took < 5, "took %.1fs: throttled" % took)
        a.roundtrip()
        check(a.is_open(), "cut off with flood control off")


def slow_hash(password, rounds=250000):
    """A SHA-512 crypt(3) hash that takes tens of ms to check (libcrypt
    through ctypes), or None."""
    import ctypes
    import ctypes.util
    name = ctypes.util.find_library("crypt")
    if name is None:
        return None
    lib = ctypes.CDLL(name)
    lib.crypt.restype = ctypes.c_char_p
    lib.crypt.argtypes = (ctypes.c_char_p, ctypes.c_char_p)
    out = lib.crypt(password.encode(),
                    b"$6$rounds=%d$bantersalt$" % rounds)
    return out.decode() if out and out.startswith(b"$6$") else None


@t.case("OPER against a slow crypt(3) hash: a burst of guesses gets 263 "
        "(try again) once hashing would hold everyone up; others are "
        "served, and the right password works after a pause")
def _():
    hashed = slow_hash("rightpw")
    if hashed is None:
        raise Skip("no libcrypt with SHA-512 rounds= to make a slow hash")
    with Server(conf={"oper": ["slow " + hashed], "flood_burst": 0}) as srv:
        guesser = srv.user("guesser")
        other = srv.user("bystander")
        tries = 60
        guesser.sendraw("".join("OPER slow wrong%d\r\n" % i
                                for i in range(tries)))
        wait = rtt(other)
        answers = []

        def all_answered(m):
            if m.command in ("464", "263", "381"):
                answers.append(m)
            return len(answers) >= tries
        got = guesser.collect(all_answered, timeout=30)
        codes = [m.command for m in got]
        say("bystander's PONG after %.2fs; %d x 464, %d x 263" % (
            wait, codes.count("464"), codes.count("263")))
        check(wait < 1.0, "the bystander waited %.2fs while %d guesses "
              "were hashed" % (wait, tries))
        check(codes.count("464") >= 1 and codes.count("263") >= 1,
              "expected some 464 then 263: %s" % codes)
        check("381" not in codes, "a wrong password worked")

        def opered():
            guesser.send("OPER slow rightpw")
            m = guesser.expect(("381", "464", "263"), timeout=10)
            return m.command == "381"
        wait_for(opered, timeout=15, step=0.5,
                 what="OPER with the right password after the guesses")


@t.case("max_clients: one more connection gets a clear ERROR; a freed "
        "slot can be used")
def _():
    with Server(conf={"max_clients": 3}) as srv:
        users = [srv.user("u%d" % i) for i in range(3)]
        extra = srv.client("extra")
        extra.send("NICK extra")
        extra.send("USER extra 0 * :x")
        got = extra.expect_closed(timeout=5)
        errors = [m for m in got if m.command == "ERROR"]
        check(errors and len(errors[0].text) > 5,
              "no clear ERROR for the client over max_clients: %s" % got)
        check(not any(m.command == "001" for m in got), "it registered")
        say("ERROR given: %s" % errors[0].raw)
        check(all(u.is_open() for u in users), "a registered user was cut")
        users[0].send("QUIT")
        users[0].expect_closed()

        def try_register():
            c = srv.client("late")
            try:
                c.register("late", timeout=2)
                return c
            except Exception:
                c.close()
                return None
        wait_for(try_register, timeout=5, step=0.1,
                 what="a free slot after a QUIT")


def limit_fds(n):
    def fn():
        resource.setrlimit(resource.RLIMIT_NOFILE, (n, n))
    return fn


@t.case("EMFILE: accept failing for lack of descriptors does not spin; "
        "existing clients are served; it recovers")
def _():
    with Server(conf={"registration_timeout": 30},
                preexec_fn=limit_fds(24)) as srv:
        old = srv.user("old")
        socks = []
        try:
            for _ in range(40):
                # Not waiting for each connect: a server that stops
                # accepting may also have a short backlog.
                s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                s.setblocking(False)
                s.connect_ex(srv.addr)
                socks.append(s)
            # Let the server meet EMFILE for a while.
            old.roundtrip()
            fds = len(os.listdir("/proc/%d/fd" % srv.proc.pid))
            say("banterd holds %d of its 24 descriptors" % fds)
            cpu0 = srv.cpu_seconds()
            start = time.monotonic()
            worst = 0.0
            while time.monotonic() - start < 2.0:
                worst = max(worst, rtt(old))
                select.select([], [], [], 0.2)
            used = srv.cpu_seconds() - cpu0
            window = time.monotonic() - start
            say("server CPU %.2fs over %.1fs with 40 connections and 24 "
                "descriptors; PONG wait %.2fs" % (used, window, worst))
            check(used < 0.25 * window, srv.kind + " spins on EMFILE: %.2fs "
                  "CPU in %.1fs" % (used, window))
            check(worst < LATENCY, "existing client waited %.2fs" % worst)
            check(srv.alive(), "banterd died")
        finally:
            for s in socks:
                s.close()

        def fresh():
            c = None
            try:
                c = Client(srv.addr, name="fresh")
                c.register("fresh", timeout=2)
                return c
            except Exception:
                if c:
                    c.close()
                return None
        c = None
        try:
            c = wait_for(fresh, timeout=15, step=0.2,
                         what="a new client to register after fds freed")
        finally:
            if c:
                c.close()
        check(old.is_open(), "existing client dropped")

t.done()
