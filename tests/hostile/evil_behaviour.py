#!/usr/bin/env python3
"""A hostile server against banter (issue 6): floods and broken
behaviour.  A 10,000-nick NAMES, a CTCP flood, a PING flood, a server
that never answers registration and one that closes in the middle of a
line.  Through each banter must stay responsive (what is typed reaches
the server), keep its screen, not spin, and exit 0 on /quit."""

import select
import time

import ircharness as h
import evilirc as ev

ev.need_tmux()
t = h.Tests()
report = []


# After a flood: a little longer than evilirc's WAIT.
STILL_HERE_WAIT = 10


def responsive(b, conn):
    ev.responsive(b, conn, STILL_HERE_WAIT)


@t.case("a 10,000-nick NAMES reply")
def _():
    with ev.session(still_here=False) as (b, conn):
        cpu0, t0 = b.cpu(), time.monotonic()
        nicks = ["u%05d" % i for i in range(10000)]
        for k in range(0, len(nicks), 40):
            conn.line(":evil.test 353 ana = #lobby :" +
                      " ".join(nicks[k:k + 40]))
        conn.line(":evil.test 366 ana #lobby :End of /NAMES list.")
        conn.line(":evil!e@h PRIVMSG #lobby :AFTER-NAMES")
        b.wait_text("AFTER-NAMES", timeout=20)
        b.check_screen()
        responsive(b, conn)
        ev.banter_cpu_report(b, cpu0, t0, "10,000-nick NAMES", report)


@t.case("a CTCP flood (1000 CTCP VERSION and PING requests)")
def _():
    with ev.session(still_here=False) as (b, conn):
        cpu0, t0 = b.cpu(), time.monotonic()
        burst = b"".join(
            b":f%d!e@h PRIVMSG %s :\x01%s\x01\r\n" % (
                i, b"ana" if i % 2 else b"#lobby",
                b"VERSION" if i % 3 else b"PING 123") for i in range(1000))
        conn.send(burst)
        conn.line(":evil!e@h PRIVMSG #lobby :AFTER-CTCP")
        b.tmux("send-keys", "M-2")
        b.wait_text("AFTER-CTCP", timeout=20)
        b.check_screen()
        responsive(b, conn)
        ev.banter_cpu_report(b, cpu0, t0, "CTCP flood", report)
        replies = sum(1 for line in conn.log if line.startswith("NOTICE ")
                      and "\x01" in line)
        report.append("CTCP flood: banter sent %d CTCP replies to 1000 "
                      "requests" % replies)
        h.say(report[-1])


@t.case("a PING flood (5000 PINGs): every one answered, in order")
def _():
    with ev.session(still_here=False) as (b, conn):
        cpu0, t0 = b.cpu(), time.monotonic()
        n = 5000
        for k in range(0, n, 500):
            conn.send(b"".join(b"PING :p%d\r\n" % i
                               for i in range(k, k + 500)))
        conn.expect(lambda m: m.command == "PONG" and m.text == "p%d" %
                    (n - 1), "PONG :p%d" % (n - 1), timeout=20)
        pongs = [h.Msg(line).text for line in conn.log
                 if line.startswith("PONG")]
        want = ["p%d" % i for i in range(n)]
        h.check(pongs == want, "the PONGs are not p0..p%d in order: %d "
                "of them, first wrong at %s" % (
                    n - 1, len(pongs), next((i for i, (a, w) in enumerate(
                        zip(pongs, want)) if a != w), len(pongs))))
        b.check_screen()
        responsive(b, conn)
        ev.banter_cpu_report(b, cpu0, t0, "PING flood", report)


@t.case("a server that never answers registration: no spin, /quit works")
def _():
    srv = ev.EvilServer(register=False)
    b, conn = ev.start(srv, join=None)
    try:
        conn.expect(lambda m: m.command == "USER", "USER")
        cpu0, t0 = b.cpu(), time.monotonic()
        h.wait_for(lambda: time.monotonic() - t0 >= 2.0, 4, 0.1, "2 s")
        cpu = ev.banter_cpu_report(b, cpu0, t0, "silent server", report)
        h.check(cpu < 0.3, "banter used %.2fs CPU in 2 s waiting for a "
                "silent server" % cpu)
        rows = b.rows()
        h.check(ev.NICK in rows[ev.HEIGHT - 2], "no status line: %s" %
                "\n".join(rows))
        b.type("typed while waiting")
        b.wait_text("typed while waiting")
        b.tmux("send-keys", "C-u")
        ev.check_raw_clean(b.raw().replace(b"\x07", b""), [])
        b.quit()
    finally:
        b.close()
        srv.close()


@t.case("a server that closes in the middle of a line: banter says so, "
        "reconnects, rejoins")
def _():
    with ev.session(timeout=STILL_HERE_WAIT) as sess:
        b, conn = sess
        conn.line(":evil!e@h PRIVMSG #lobby :WHOLE line")
        b.wait_text("WHOLE line")
        conn.send(b":evil!e@h PRIVMSG #lobby :HALF a li")
        conn.close()
        conn2 = sess.reconnect(timeout=10)
        conn2.expect(lambda m: m.command == "JOIN" and "#lobby" in
                     m.param(0, ""), "JOIN #lobby after reconnecting",
                     timeout=10)
        conn2.line(":evil!e@h PRIVMSG #lobby :BACK AGAIN")
        screen = b.wait_text("BACK AGAIN")
        b.check_screen()
        if "HALF a li" in screen:
            report.append("closes mid-line: banter showed the unfinished "
                          "line")
            h.say(report[-1])


@t.case("a message flood (120,000 lines): scrollback and memory bounded")
def _():
    with ev.session(still_here=False) as (b, conn):
        rss = []
        cpu0, t0 = b.cpu(), time.monotonic()
        for rnd in range(4):
            for k in range(0, 30000, 1000):
                conn.send(b"".join(
                    b":evil!e@h PRIVMSG #lobby :round %d line %d %s\r\n" %
                    (rnd, k + i, b"z" * 150) for i in range(1000)))
            conn.line(":evil!e@h PRIVMSG #lobby :END%d" % rnd)
            b.wait_text("END%d" % rnd, timeout=30)
            rss.append(ev.rss_kb(b.pid))
        responsive(b, conn)
        ev.banter_cpu_report(b, cpu0, t0, "120,000-line flood", report)
        report.append("120,000-line flood: banter RSS after each 30,000 "
                      "lines: %s kB" % " ".join(map(str, rss)))
        h.say(report[-1])
        if ev.sanitized(ev.banter_path()):
            h.say("banter is built with AddressSanitizer: RSS not bounded")
        else:
            h.check(rss[-1] - rss[1] <= 1024, "banter's RSS grew from %d kB "
                    "to %d kB over 60,000 more lines: the scrollback is not "
                    "bounded" % (rss[1], rss[-1]))
        b.check_screen()


def flood_until_dropped(sock, limit, deadline_s=120):
    """Sends PINGs until banter drops the link (a send fails) or limit
    lines are out; returns how many went out.  A slow banter (a
    sanitizer build on a busy machine) only makes the writes wait: a
    stall is not taken for a drop, only the deadline ends the wait."""
    sock.setblocking(False)
    deadline = time.monotonic() + deadline_s
    sent, pending = 0, b""
    while sent < limit and time.monotonic() < deadline:
        if not pending:
            pending = b"".join(b"PING :p%07d\r\n" % (sent + i)
                               for i in range(1000))
        _, w, _ = select.select([], [sock], [], 1.0)
        if not w:
            continue
        try:
            n = sock.send(pending)
        except BlockingIOError:
            continue
        except OSError:
            break               # banter gave up on us: reset or closed
        pending = pending[n:]
        if not pending:
            sent += 1000
    return sent


@t.case("a server that stops reading and floods PINGs: banter's queue "
        "stays bounded, it drops the link and reconnects")
def _():
    with ev.session(timeout=STILL_HERE_WAIT) as sess:
        b, conn = sess
        rss0 = ev.rss_kb(b.pid)
        conn.reading.clear()
        conn.line("PING :last-read")    # the reader takes one more chunk
        conn.expect(lambda m: m.command == "PONG", "PONG :last-read")
        cpu0, t0 = b.cpu(), time.monotonic()
        sent = flood_until_dropped(conn.sock, 2000000)
        conn2 = sess.reconnect(timeout=10)
        rss1 = ev.rss_kb(b.pid)
        ev.banter_cpu_report(b, cpu0, t0, "a server that stops reading",
                             report)
        report.append("a server that stops reading: banter dropped it "
                      "after %d PINGs; RSS %d kB before, %d kB after" % (
                          sent, rss0, rss1))
        h.say(report[-1])
        h.check(sent < 2000000, "banter took 2,000,000 PINGs without "
                "dropping a server that reads none of its PONGs")
        if not ev.sanitized(ev.banter_path()):
            h.check(rss1 - rss0 < 2048, "banter's RSS grew from %d kB to "
                    "%d kB: its send queue is not bounded" % (rss0, rss1))
        conn2.expect(lambda m: m.command == "JOIN", "JOIN after "
                     "reconnecting")
        b.wait(lambda s: "#lobby" in s.split("\n")[ev.HEIGHT - 2],
               "#lobby in the status line")


@t.case("a server that drops banter right after registration, again "
        "and again: reconnects back off")
def _():
    srv = ev.EvilServer()
    b = ev.Banter(srv)
    try:
        conns = []
        for _ in range(4):
            c = srv.next_conn(timeout=15)
            conns.append(c)
            c.expect(lambda m: m.command == "JOIN", "JOIN")
            c.close()
        # From each drop to the next connection (not from connection to
        # connection: how long a slow banter took to register and join
        # is not part of its back-off).  1, 2, 4 s: each at least 80%.
        gaps = [b.accepted_at - a.closed_at for a, b in
                zip(conns, conns[1:])]
        report.append("reconnects after being dropped: gaps %s s" %
                      " ".join("%.1f" % g for g in gaps))
        h.say(report[-1])
        h.check(all(g >= 0.8 * 2 ** i for i, g in enumerate(gaps)),
                "the reconnect gaps do not back off from 1 s doubling: "
                "%s" % ["%.2f" % g for g in gaps])
        b.type("typed while disconnected")
        b.wait_text("typed while disconnected")
        b.tmux("send-keys", "C-u")
        ev.check_raw_clean(b.raw().replace(b"\x07", b""), [])
        b.quit()
    finally:
        b.close()
        srv.close()


h.say("summary:\n" + "\n".join(report))
t.done()
