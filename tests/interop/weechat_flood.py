#!/usr/bin/env python3
"""Interop: banterd as a person runs it (built-in defaults, so flood
control on, like `banterd -l 127.0.0.1:PORT`), weechat-headless says a
quick burst of lines in #lobby and quits at once, as someone pasting a
few lines before leaving would.  The others must see every line, in
order, and the QUIT with weechat's reason: throttled lines are delayed,
never dropped, even when the peer closes right after sending them.

Against ngircd (BANTER_TEST_SERVER=ngircd) it runs with ngircd's own
penalty throttle on, as the reference."""

import ircharness as h
from ircharness import check, say
import interoplib as lib

lib.need_weechat()

t = h.Tests()
LINES = 14
with lib.person_server() as srv:
    wee = script = None
    try:
        @t.case("weechat-headless joins #lobby", fatal=True)
        def _():
            global wee, script
            script = srv.user("script", keep=True)
            script.join("#lobby")
            wee = lib.Weechat(srv, "weeuser", srv.dir)
            script.expect("JOIN", lambda m: m.nick == "weeuser",
                          what="weechat's JOIN", timeout=lib.WAIT)
            wee.wait_event("#lobby", "has joined #lobby")

        @t.case("a burst of %d lines then /quit: every line, in order, "
                "then the QUIT with its reason" % LINES)
        def _():
            for i in range(LINES):
                wee.say("#lobby", "burst line %d" % i)
            wee.command("/quit leaving after the burst", "core")
            got = []
            for _ in range(LINES + 1):
                m = script.expect(("PRIVMSG", "QUIT"),
                                  lambda m: m.nick == "weeuser",
                                  what="weechat's lines and QUIT",
                                  timeout=15)
                if m.command == "QUIT":
                    break
                got.append(m.text)
            check(m.command == "QUIT", "no QUIT after %d lines: %s" % (
                len(got), got))
            say("received %d lines; %s" % (len(got), m))
            check(got == ["burst line %d" % i for i in range(LINES)],
                  "lines received: %s" % got)
            check("leaving after the burst" in m.text,
                  "the QUIT reason was lost: %s" % m)
            status = wee.wait_exit()
            check(status == 0, "weechat exited with %d" % status)
    finally:
        if wee:
            wee.stop()

t.done()
