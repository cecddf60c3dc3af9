#!/usr/bin/env python3
"""A hostile server against banter (issue 6): a nick collision loop.
The server answers every NICK with 433 (nickname in use), for ever.
banter must not turn that into a loop at network speed: it tries a
bounded number of nicks (then waits for the user's /nick), does not
spin, stays responsive, and /quit exits 0."""

import time

import ircharness as h
import evilirc as ev

ev.need_tmux()
t = h.Tests()
TRIES_MAX = 30          # nicks tried in 3 s; a loop makes thousands
report = []


@t.case("every NICK answered 433: a bounded number of tries, no spin")
def _():
    srv = ev.EvilServer(nick_taken=True)
    b = ev.Banter(srv)
    try:
        conn = srv.next_conn()
        conn.expect(lambda m: m.command == "USER", "USER")
        cpu0, t0 = b.cpu(), time.monotonic()
        h.wait_for(lambda: time.monotonic() - t0 >= 3.0, 5, 0.1, "3 s")
        cpu = ev.banter_cpu_report(b, cpu0, t0, "nick collision loop",
                                   report)
        tries = srv.nick_attempts
        report.append("nick collision loop: %d NICK commands in %.1fs, "
                      "the last %r" % (tries, time.monotonic() - t0,
                                       conn.log[-1] if conn.log else ""))
        h.say(report[-1])
        rows = b.rows()
        h.check(ev.NICK[:2] in rows[ev.HEIGHT - 2], "no status line:\n%s" %
                "\n".join(rows))
        ev.check_raw_clean(b.raw().replace(b"\x07", b""), [])
        b.quit()
        h.check(tries <= TRIES_MAX, "banter sent %d NICK commands in 3 s "
                "to a server that refuses every nick (bound %d): an "
                "endless loop at network speed" % (tries, TRIES_MAX))
        h.check(cpu < 0.5, "banter used %.2fs CPU in 3 s" % cpu)
    finally:
        b.close()
        srv.close()


t.done()
