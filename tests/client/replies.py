#!/usr/bin/env python3
"""banter against a scripted server on loopback: numeric replies keep
the numbers their sentence needs, the status line in a narrow terminal,
what a multi-line paste sends."""

import ircharness as h
from ircharness import check
import tuitest

tuitest.need_tmux()
t = h.Tests()


@t.case("LUSERS counts: kept unless the sentence repeats them")
def _():
    srv, tm = tuitest.fake_session()
    try:
        srv.send(":srv 252 ana 3 :operator(s) online\r\n"
                 ":srv 254 ana 12 :channels formed\r\n"
                 ":srv 265 ana 4 9 :Current local users 4, max 9\r\n"
                 ":srv 999 ana a b :END\r\n")
        tm.keys("M-1")
        screen = tm.wait_text("END")
        for text in ("3 operator(s) online", "12 channels formed"):
            check(text in screen, "%r is not shown:\n%s" % (text, screen))
        check("\n4 9 Current" not in screen and
              "Current local users 4, max 9" in screen,
              "265 shows its counts twice:\n%s" % screen)
        tm.line("/quit")
        srv.lines_until("QUIT")
    finally:
        tm.close()
        srv.close()


@t.case("a narrow terminal still says \"more below\" and keeps the place")
def _():
    srv, tm = tuitest.fake_session()
    try:
        srv.send("".join(":bob!u@h PRIVMSG #lobby :row %d of the "
                         "scrollback\r\n" % i for i in range(80)))
        tm.wait_text("row 79 of")
        # Many windows: the list is longer than the terminal is wide.
        srv.send("".join(":q%d!u@h PRIVMSG ana :hi\r\n" % i
                         for i in range(12)))
        tm.wait_status(lambda s: "5:q2" in s, "naming window 5")
        tm.keys("PageUp")
        tm.wait_status(lambda s: "more below" in s, "saying more below")
        rows = tm.rows()
        bottom = rows[tuitest.HEIGHT - 3]
        tm.tmux("resize-window", "-x", "40", "-y", "15")
        tm.wait(lambda s: len(s.split("\n")) <= 16, "the smaller size")
        status = tm.rows()[13]
        check("more below" in status, "not in the status line: %r" % status)
        tm.tmux("resize-window", "-x", str(tuitest.WIDTH), "-y",
                str(tuitest.HEIGHT))
        tm.wait(lambda s: len(s.split("\n")) >= tuitest.HEIGHT and
                s.split("\n")[tuitest.HEIGHT - 3] == bottom,
                "%r back at the bottom of the pane" % bottom)
        tm.line("/quit")
        srv.lines_until("QUIT")
    finally:
        tm.close()
        srv.close()


@t.case("a window list too long for the terminal keeps the windows "
        "with something new")
def _():
    srv, tm = tuitest.fake_session()
    try:
        srv.send("".join(":ana!u@h JOIN #channel%02d\r\n" % i
                         for i in range(14)))
        srv.send(":zed!u@h PRIVMSG ana :psst\r\n")
        tm.wait_status(lambda s: "zed(1)!" in s, "naming zed's window, "
                       "marked, though the list is too long")
        status = tm.status()
        check("#channel05" not in status and "2:#lobby" not in status,
              "windows with nothing new are listed: %r" % status)
        tm.line("/quit")
        srv.lines_until("QUIT")
    finally:
        tm.close()
        srv.close()


@t.case("a multi-line paste sends what the input line would take: no "
        "control bytes")
def _():
    srv, tm = tuitest.fake_session()
    try:
        tm.keys("M-2")
        tm.paste("one\x1b[31mred\x07\ntwo\tx\n")
        tm.wait_text("(y/n)")
        tm.type("y")
        got = srv.lines_until("PRIVMSG") + srv.lines_until("PRIVMSG")
        sent = [line for line in got if line.startswith("PRIVMSG")]
        check(sent == ["PRIVMSG #lobby :one[31mred", "PRIVMSG #lobby :two x"],
              "sent %r" % sent)
        tm.line("/quit")
        srv.lines_until("QUIT")
    finally:
        tm.close()
        srv.close()


t.done()
