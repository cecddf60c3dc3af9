#!/usr/bin/env python3
"""A hostile server against banter (issue 6): CTCP reply amplification.
1000 CTCP VERSION requests arrive in one burst (from 1000 nicks, to
banter and to the channel).  Answering each would have banter send 1000
NOTICEs, and a real server would cut it off for flooding; banter must
answer a bounded number and stay connected and responsive."""

import ircharness as h
import evilirc as ev

ev.need_tmux()
t = h.Tests()
REPLIES_MAX = 20


@t.case("1000 CTCP VERSION requests get at most %d replies" % REPLIES_MAX)
def _():
    with ev.session(still_here=False) as (b, conn):
        conn.send(b"".join(b":f%d!e@h PRIVMSG %s :\x01VERSION\x01\r\n" % (
            i, b"ana" if i % 2 else b"#lobby") for i in range(1000)))
        conn.line(":evil!e@h PRIVMSG #lobby :AFTER-CTCP")
        b.tmux("send-keys", "M-2")
        b.wait_text("AFTER-CTCP", timeout=20)
        # Counted once "still here" is through, before the /quit.
        ev.responsive(b, conn)
        replies = sum(1 for line in conn.log if line.startswith("NOTICE ")
                      and "VERSION" in line)
        h.say("banter sent %d CTCP VERSION replies to 1000 requests" %
              replies)
    h.check(replies <= REPLIES_MAX, "banter answered %d of 1000 CTCP "
            "VERSION requests (bound %d): it would be cut off for "
            "flooding by a real server" % (replies, REPLIES_MAX))


t.done()
