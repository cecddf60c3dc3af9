#!/usr/bin/env python3
"""Timeouts: registration_timeout and ping_interval/ping_timeout.

The config sets them to a second or two so the script stays fast."""

import time

from ircharness import Msg, Server, Tests, check, pump, require_banterd, say

require_banterd("registration and ping timeouts")
t = Tests()
SLACK = 3.0

with Server(conf={"registration_timeout": 2, "ping_interval": 1,
                  "ping_timeout": 2}) as srv:

    @t.case("a client that never registers is cut at registration_timeout")
    def _():
        silent = srv.client("silent")
        half = srv.client("half")
        half.send("NICK halfway")
        start = time.monotonic()
        for c in (silent, half):
            got = c.expect_closed(timeout=2 + SLACK)
            took = time.monotonic() - start
            say("%s cut after %.1fs: %s" % (c.name, took, got))
            check(took >= 1.0, "%s cut too early (%.1fs)" % (c.name, took))
            check(any(m.command == "ERROR" for m in got),
                  "%s got no ERROR: %s" % (c.name, got))

    @t.case("a client that never ends CAP negotiation is cut too")
    def _():
        c = srv.client("capstuck")
        c.send("CAP LS 302")
        c.send("NICK capstuck")
        c.send("USER capstuck 0 * :x")
        start = time.monotonic()
        got = c.expect_closed(timeout=2 + SLACK)
        check(not any(m.command == "001" for m in got),
              "registered without CAP END: %s" % got)
        say("cut after %.1fs" % (time.monotonic() - start))

    @t.case("a registered client that answers PINGs stays; a dead peer is "
            "cut at ping_timeout; the other sees its QUIT")
    def _():
        live = srv.user("live")
        dead = srv.user("dead", autopong=False)
        live.join("#ping")
        dead.join("#ping")
        live.roundtrip()
        start = time.monotonic()
        # Read both: live answers the server's PINGs as they come.
        deadline = start + 1 + 2 + SLACK
        while not dead.closed:
            check(time.monotonic() < deadline, "dead peer still connected "
                  "after %.1fs\n%s" % (deadline - start, dead.report()))
            pump([live, dead], 0.1)
        took = time.monotonic() - start
        say("dead peer cut after %.1fs" % took)
        check(took >= 1.5, "cut too early")
        pinged = [x for x in dead.seen if Msg(x).command == "PING"]
        check(pinged, "the dead peer was never PINGed: %s" % dead.seen[-5:])
        check(any(Msg(x).command == "ERROR" for x in dead.seen),
              "dead peer got no ERROR: %s" % dead.seen[-5:])
        m = live.expect("QUIT", lambda x: x.nick == "dead", timeout=2)
        say("live saw %s" % m.raw)
        # live has been idle as long as dead was, answering PINGs.
        check(live.is_open(), "the live client was cut too")
        pings = [x for x in live.seen if Msg(x).command == "PING"]
        check(pings, "the live client was never PINGed")
        check(time.monotonic() - start > 2, "too quick to mean anything")

t.done()
