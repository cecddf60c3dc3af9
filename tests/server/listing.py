#!/usr/bin/env python3
"""LIST and NAMES over every channel on a server with far more channels
than the asker's send queue holds (sendq_bytes = 8192 here): the replies
are paged as the queue drains, so the asker gets every channel once and
the end reply, and is not cut off for "SendQ exceeded"."""

import time

from ircharness import Server, Tests, check, require_banterd, say

require_banterd("paged LIST and NAMES")
t = Tests()
NCHANS = 300
TOPIC = "a topic long enough to make every LIST reply weigh something " * 2

with Server(conf={"sendq_bytes": 8192, "max_channels_per_client": 1000,
                  "nick_length": 30}) as srv:
    owner = srv.user("owner", keep=True)
    names = ["#room%03d" % i for i in range(NCHANS)]

    @t.case("set-up: %d channels with topics" % NCHANS, fatal=True)
    def _():
        # In small steps: the owner's own queue is small too.
        for i in range(0, NCHANS, 10):
            owner.send("JOIN %s" % ",".join(names[i:i + 10]))
            for name in names[i:i + 10]:
                owner.send("TOPIC %s :%s" % (name, TOPIC))
            owner.sync(timeout=20)

    def still_there(c):
        """Nothing was dropped: an ERROR would follow what was queued."""
        c.send("PING :after")
        m = c.expect(("PONG", "ERROR"))
        check(m.command == "PONG", "cut off: %s" % m)

    def read_all(c, end, timeout=20):
        got = []
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            check(left > 0, "no %s within %ds; %d lines" % (end, timeout,
                                                         len(got)))
            m = c.next(left)
            check(m is not None, "nothing more after %d lines" % len(got))
            check(m.command != "ERROR", "cut off: %s" % m)
            got.append(m)
            if m.command == end and (end != "366" or m.param(1) == "*"):
                return got

    @t.case("LIST: all %d channels once, then 323, not cut off" % NCHANS)
    def _():
        c = srv.user("lister", rcvbuf=4096)
        c.send("LIST")
        got = read_all(c, "323")
        listed = [m.param(1) for m in got if m.command == "322"]
        say("%d lines" % len(got))
        check(sorted(listed) == names, "channels listed: %d, %d distinct" % (
            len(listed), len(set(listed))))
        check(got[0].command == "321", "first: %s" % got[0])
        still_there(c)

    @t.case("LIST with masks: the matching channels once (two masks "
            "matching the same channel list it once)")
    def _():
        c = srv.user("masker", rcvbuf=4096)
        c.send("LIST #room1*,#room1?0")
        got = read_all(c, "323")
        listed = sorted(m.param(1) for m in got if m.command == "322")
        want = [n for n in names if n.startswith("#room1")]
        check(listed == want, "listed %s" % listed)
        still_there(c)

    @t.case("NAMES without a channel: a 353 and 366 per channel, then "
            "366 *, not cut off")
    def _():
        c = srv.user("namer", rcvbuf=4096)
        c.send("NAMES")
        got = read_all(c, "366")
        ends = [m.param(1) for m in got if m.command == "366"]
        check(sorted(ends[:-1]) == names and ends[-1] == "*",
              "366 for %d channels, last %s" % (len(ends) - 1, ends[-1]))
        check(all("owner" in m.text for m in got if m.command == "353"),
              "a 353 without owner")
        still_there(c)

    @t.case("a second LIST while the first is paged: the first ends, then "
            "the second is whole")
    def _():
        c = srv.user("twice", rcvbuf=4096)
        c.send("LIST")
        c.send("LIST #room00*")
        got = read_all(c, "323")
        got += read_all(c, "323")
        cmds = [m.command for m in got]
        check(cmds.count("321") == 2 and cmds.count("323") == 2,
              "321/323: %s" % cmds.count("321"))
        second = got[cmds.index("321", 1):]
        listed = sorted(m.param(1) for m in second if m.command == "322")
        check(listed == names[:10], "second LIST: %s" % listed)
        still_there(c)

    @t.case("a channel made while LIST is paged does not disturb it")
    def _():
        c = srv.user("during", rcvbuf=4096)
        c.send("LIST")
        for i in range(0, 300, 10):   # past 256: the channel table doubles
            owner.send("JOIN %s" % ",".join("#new%03d" % j
                                            for j in range(i, i + 10)))
            owner.sync(timeout=20)
        got = read_all(c, "323")
        listed = [m.param(1) for m in got if m.command == "322"]
        old = sorted(n for n in listed if n.startswith("#room"))
        check(old == names, "old channels: %d listed, %d distinct" % (
            len(old), len(set(old))))
        check(len(listed) == len(set(listed)), "a channel listed twice")
        still_there(c)

t.done()
