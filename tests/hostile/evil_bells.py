#!/usr/bin/env python3
"""A hostile server against banter (issue 6): a bell flood made of
banter's own bells.  400 private messages and highlights arrive in one
burst; banter rings the terminal bell for a highlight, but a flood of
them must not become a flood of BELs on the terminal (a few at most)."""

import ircharness as h
import evilirc as ev

ev.need_tmux()
t = h.Tests()
BELLS_MAX = 5


@t.case("400 highlights in a burst ring the bell at most %d times" %
        BELLS_MAX)
def _():
    with ev.session(still_here=False) as (b, conn):
        conn.send(b"".join(b":evil!e@h PRIVMSG ana :hi %d\r\n" % i
                           for i in range(200)))
        conn.send(b"".join(b":evil!e@h PRIVMSG #lobby :ana: hi %d\r\n" % i
                           for i in range(200)))
        conn.line(":evil!e@h PRIVMSG #lobby :END-OF-FLOOD")
        b.tmux("send-keys", "M-2")
        b.wait_text("END-OF-FLOOD")
        b.wait_text("ana: hi 199")
        # Counted once "still here" is through, before the /quit.
        ev.responsive(b, conn)
        bells = b.raw().count(b"\x07")
        h.say("banter wrote %d BELs for 400 highlights" % bells)
    h.check(bells <= BELLS_MAX, "banter wrote %d BELs to the terminal "
            "for a burst of 400 highlights (bound %d)" % (
                bells, BELLS_MAX))


t.done()
