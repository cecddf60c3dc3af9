#!/usr/bin/env python3
"""How banter shows what a server says, against a scripted server on
loopback: numeric replies keep the numbers their sentence needs."""

import ircharness as h
from ircharness import check
import tuitest

tuitest.need_tmux()
t = h.Tests()


def connect(args=()):
    """A scripted server and banter registered to it as ana, in #lobby."""
    srv = tuitest.FakeServer()
    tm = tuitest.Tmux([tuitest.banter_path(), "-n", "ana"] + list(args) +
                      ["127.0.0.1:%d" % srv.port])
    srv.accept()
    srv.lines_until("USER")
    srv.send(":srv 001 ana :Welcome\r\n")
    srv.lines_until("JOIN")
    srv.send(":ana!u@h JOIN #lobby\r\n")
    tm.wait_text("joined #lobby")
    return srv, tm


@t.case("LUSERS counts: kept unless the sentence repeats them")
def _():
    srv, tm = connect()
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


t.done()
