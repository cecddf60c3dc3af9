#!/usr/bin/env python3
"""A hostile server against banter (issue 6): windows by the thousand.
Private messages from many nicks and forced JOINs open windows; the
window list in the status line grows past the terminal's width.  The
status line must stay on its one row (the input line under it stays
clean), banter must stay responsive, and /quit exits 0."""

import time

import ircharness as h
import evilirc as ev

ev.need_tmux()
t = h.Tests()
report = []


@t.case("a window list wider than the terminal stays on the status row")
def _():
    with ev.session(still_here=False) as (b, conn):
        # Hot windows (a private message each) draw in bold: many runs.
        conn.send(b"".join(b":longnick%012d!e@h PRIVMSG ana :hello\r\n" % i
                           for i in range(20)))
        b.wait(lambda s: "longnick000000000000" in s.split("\n")[
            ev.HEIGHT - 2], "the window list in the status line")
        b.tmux("send-keys", "M-2")
        conn.line(":evil!e@h PRIVMSG #lobby :ENDW")
        b.wait_text("ENDW")
        b.type("typed text")
        screen = b.wait_text("typed text")
        rows = screen.split("\n")
        h.check(rows[ev.HEIGHT - 1].rstrip() == "typed text",
                "the input line holds %r, not just what was typed: the "
                "status line ran over into it; the screen:\n%s" % (
                    rows[ev.HEIGHT - 1], screen))
        b.check_screen()
        b.tmux("send-keys", "C-u")


@t.case("a terminal narrower than the status line (22x10, then tiny "
        "sizes and back): the status line stays on its row")
def _():
    with ev.session() as (b, conn):
        conn.line(b":evil!e@h PRIVMSG #lobby :" + "\u4e2d\u0301".encode() *
                  50 + b"\xf0\x9f\x98\x80" * 20)
        conn.line(":evil!e@h PRIVMSG #lobby :ENDN")
        b.wait_text("ENDN")
        for x, y in ((1, 1), (3, 2), (7, 3), (1, 30), (100, 1), (22, 10)):
            b.tmux("resize-window", "-x", str(x), "-y", str(y))
            b.wait(lambda s: b.info("#{pane_width}x#{pane_height}") ==
                   "%dx%d" % (x, y), "the pane at %dx%d" % (x, y))
            h.check(b.info("#{pane_dead}") == "0", "banter died at %dx%d" %
                    (x, y))
        # The cut falls inside the current window's bold name, so
        # another formatting run follows it.
        b.type("typed")
        screen = b.wait_text("typed")
        rows = screen.split("\n")
        h.check(rows[9].rstrip() == "typed" and "ana" in rows[8],
                "at 22x10 the status line is not on row 9 alone (the input "
                "row holds %r); the screen:\n%s" % (rows[9], screen))
        b.tmux("send-keys", "C-u")
        b.tmux("resize-window", "-x", str(ev.WIDTH), "-y", str(ev.HEIGHT))
        b.wait(lambda s: "ana" in s.split("\n")[ev.HEIGHT - 2] if
               len(s.split("\n")) >= ev.HEIGHT - 1 else False,
               "the status line back on row %d" % (ev.HEIGHT - 1))
        b.check_screen()


@t.case("2000 private messages from 2000 nicks and 2000 forced JOINs")
def _():
    with ev.session() as (b, conn):
        cpu0, t0 = b.cpu(), time.monotonic()
        conn.send(b"".join(b":q%d!e@h PRIVMSG ana :hello %d\r\n" % (i, i)
                           for i in range(2000)))
        conn.send(b"".join(b":ana!u@h JOIN #j%d\r\n" % i
                           for i in range(2000)))
        conn.line(":ana!u@h PRIVMSG #lobby :ENDJ")
        conn.line(":evil!e@h PRIVMSG ana :ENDJ2")
        b.wait(lambda s: "ENDJ" in s or "q1999" in s, "the flood drawn",
               timeout=20)
        b.enter("/window 2")
        b.wait_text("ENDJ", timeout=20)
        ev.banter_cpu_report(b, cpu0, t0, "4000 windows asked for", report)
        with open("/proc/%d/status" % b.pid) as f:
            rss = [line.split()[1] for line in f
                   if line.startswith("VmRSS")]
        report.append("4000 windows asked for: banter RSS %s kB, status "
                      "line %r" % (rss[0] if rss else "?",
                                   b.rows()[ev.HEIGHT - 2][:60]))
        h.say(report[-1])
        b.check_screen()


h.say("summary:\n" + "\n".join(report))
t.done()
