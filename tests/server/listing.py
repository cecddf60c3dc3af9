#!/usr/bin/env python3
"""LIST and NAMES over every channel on a server with far more channels
than the asker's send queue holds (sendq_bytes = 8192 here): the replies
are paged as the queue drains, so the asker gets every channel once and
the end reply, and is not cut off for "SendQ exceeded".  So are NAMES and
WHO of one channel whose members outweigh the queue, after JOIN or asked
for, and WHO by mask over every user (names_paged.py does the same with
thousands of members).  One reply is sent at a time: a NAMES, WHO or LIST
asked while one is paged waits and is answered whole, in order (a LIST
asked again ends the LIST before it); when too many wait, one more is
answered at once with 263 and its end reply."""

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

    def read_all(c, end, timeout=20, target="*"):
        """Lines up to end (for 366 and 315: the one for target, None for
        any)."""
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
            if m.command == end and (end not in ("315", "366") or
                                     target is None or
                                     m.param(1) == target):
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

    CROWD = 300
    crowd = []

    def nick_of(i):
        return ("crowd%03d" % i).ljust(30, "x")

    def crowd_join(chan):
        """The crowd joins chan, ten at a time (new clients the first
        time); returns once LIST counts them all."""
        # Every member reads the others' JOINs as they come: their own
        # queues are small too.  Each ten wait for their names, so the
        # server never runs more JOINs in one turn than the queues hold.
        for i in range(0, CROWD, 10):
            for j in range(i, i + 10):
                if j == len(crowd):
                    crowd.append(srv.user(nick_of(j), keep=True))
                crowd[j].send("JOIN %s" % chan)
            for c in crowd[i:i + 10]:
                read_all(c, "366", target=chan)
            for c in crowd:
                c.drain()
                c.pending.clear()
        deadline = time.monotonic() + 20
        while True:
            owner.send("LIST %s" % chan)
            got = read_all(owner, "323")
            size = [int(m.param(2)) for m in got if m.command == "322"]
            if size == [CROWD]:
                break
            check(time.monotonic() < deadline, "%s: %s members" % (chan,
                                                                   size))
            for c in crowd:
                c.drain()
                c.pending.clear()
        for c in crowd:
            c.drain()
            c.pending.clear()
            check(not c.closed, "%s was cut off" % c.nick)

    @t.case("set-up: %d members with 30-character nicks in #crowd" % CROWD,
            fatal=True)
    def _():
        crowd_join("#crowd")

    everyone = sorted(nick_of(i) for i in range(CROWD))

    def names(got, chan="#crowd"):
        return [n.lstrip("@+") for m in got if m.command == "353" and
                m.param(2) == chan for n in m.text.split()]

    def members(got, chan="#crowd"):
        """chan's set-up members in got (askers of earlier cases may be
        leaving still)."""
        return sorted(n for n in names(got, chan) if n.startswith("crowd"))

    def ends(got, end="366"):
        return [m.param(1) for m in got if m.command == end]

    def ask(nick, text, target=None, end="366"):
        """A new client with a small receive buffer sends text; returns it
        and its lines up to the end reply for target (None: the first)."""
        c = srv.user(nick, rcvbuf=4096)
        c.send(text)
        return c, read_all(c, end, target=target)

    def check_whole(got, asker=None, chan="#crowd"):
        """chan's names in got: every member once (and the asker)."""
        listed = names(got, chan)
        check(len(listed) == len(set(listed)), "%s: a name twice" % chan)
        check(members(got, chan) == everyone, "%s: %d names" % (
            chan, len(listed)))
        check(asker is None or asker in listed, "%s: no %s" % (chan, asker))

    @t.case("JOIN a channel whose names outweigh the send queue: every "
            "member once, one 366, not cut off")
    def _():
        c, got = ask("joiner", "JOIN #crowd")
        size = sum(len(m.raw) + 2 for m in got if m.command == "353")
        check(size > 8192, "the names are only %d bytes" % size)
        check_whole(got, "joiner")
        check(ends(got) == ["#crowd"], "366s: %s" % ends(got))
        still_there(c)

    @t.case("JOIN of two big channels: the second's names wait for the "
            "first's, each complete with one 366")
    def _():
        c, got = ask("twojoin", "JOIN #crowd,#room000", "#room000")
        check(ends(got) == ["#crowd", "#room000"], "366s: %s" % ends(got))
        check_whole(got, "twojoin")
        check(sorted(names(got, "#room000")) == ["owner", "twojoin"],
              "#room000: %s" % names(got, "#room000"))
        still_there(c)

    @t.case("NAMES #a,#b,#nowhere of big channels: paged, one 366 each in "
            "order")
    def _():
        c, got = ask("askboth", "NAMES #crowd,#nowhere,#room001", "#room001")
        check(ends(got) == ["#crowd", "#nowhere", "#room001"],
              "366s: %s" % ends(got))
        check_whole(got)
        still_there(c)

    @t.case("PART while the JOIN's names are half sent: they end with one "
            "366 after the PART")
    def _():
        c, got = ask("leaver", "JOIN #crowd\r\nPART #crowd")
        check(ends(got) == ["#crowd"], "366s: %s" % ends(got))
        cmds = [m.command for m in got]
        check("PART" in cmds and cmds.index("PART") < len(cmds) - 1,
              "no PART before the 366: %s" % cmds[-3:])
        check(len(names(got)) == len(set(names(got))), "a name twice")
        say("%d of %d names sent before the PART" % (len(names(got)),
                                                    CROWD + 1))
        still_there(c)

    @t.case("a second NAMES while the first is half sent: it waits, both "
            "are whole, in order")
    def _():
        c, got = ask("again", "NAMES #crowd\r\nNAMES #crowd")
        second = read_all(c, "366", target=None)
        check(ends(got) == ["#crowd"] and ends(second) == ["#crowd"],
              "366s: %s %s" % (ends(got), ends(second)))
        check_whole(got)
        check_whole(second)
        still_there(c)

    @t.case("NAMES without a channel pages inside a big channel too")
    def _():
        c, got = ask("allnames", "NAMES", "*")
        check_whole(got)
        check(ends(got).count("#crowd") == 1, "366 #crowd: %d" %
              ends(got).count("#crowd"))
        still_there(c)

    def who(got, chan="#crowd"):
        return [m.param(5) for m in got if m.command == "352" and
                m.param(1) == chan]

    def check_who(got, asker=None, chan="#crowd"):
        """chan's members in got's 352s: each once (and the asker)."""
        listed = who(got, chan)
        check(len(listed) == len(set(listed)), "a member twice")
        check(sorted(n for n in listed if n.startswith("crowd")) ==
              everyone, "%s: %d in WHO" % (chan, len(listed)))
        check(asker is None or asker in listed, "no %s" % asker)

    def check_big_who(c, got, target):
        """got, the reply to WHO target, outweighs the queue and has one
        315; WHO target o lists nobody (no operators here); c is still
        connected."""
        size = sum(len(m.raw) + 2 for m in got if m.command == "352")
        check(size > 8192, "the WHO reply is only %d bytes" % size)
        check(ends(got, "315") == [target], "315s: %s" % ends(got, "315"))
        c.send("WHO %s o" % target)
        got = read_all(c, "315", target=target)
        check([m.command for m in got] == ["315"], "WHO o: %s" % got[:3])
        still_there(c)

    @t.case("WHO #crowd from outside: every member once, one 315, not "
            "cut off")
    def _():
        c, got = ask("whoer", "WHO #crowd", "#crowd", "315")
        check_who(got)
        check_big_who(c, got, "#crowd")

    @t.case("WHO #crowd while the JOIN's names are half sent: it waits, "
            "the names are whole with one 366, then the WHO is whole")
    def _():
        c, got = ask("joinwho", "JOIN #crowd\r\nWHO #crowd", "#crowd",
                     "315")
        check(ends(got) == ["#crowd"], "366s: %s" % ends(got))
        check_whole(got, "joinwho")
        check(ends(got, "315") == ["#crowd"], "315s: %s" % ends(got, "315"))
        check_who(got, "joinwho")
        check([m.command for m in got].index("366") <
              [m.command for m in got].index("352"), "a 352 before the 366")
        still_there(c)

    @t.case("a second WHO while the first is half sent: it waits, both "
            "are whole, in order")
    def _():
        c, got = ask("whotwice", "WHO #crowd\r\nWHO #crowd", "#crowd",
                     "315")
        second = read_all(c, "315", target="#crowd")
        check(ends(got, "315") == ["#crowd"], "first: %s" % ends(got, "315"))
        check_who(got)
        check_who(second)
        check(ends(second, "315") == ["#crowd"], "second: %s" %
              ends(second, "315"))
        still_there(c)

    @t.case("PART while WHO #crowd is half sent: it ends with one 315 "
            "after the PART")
    def _():
        c = srv.user("whopart", rcvbuf=4096)
        c.send("JOIN #crowd")
        read_all(c, "366", target="#crowd")
        c.send("WHO #crowd\r\nPART #crowd")
        got = read_all(c, "315", target="#crowd")
        cmds = [m.command for m in got]
        check(cmds.count("315") == 1 and "PART" in cmds,
              "PART, 315: %s" % cmds[-3:])
        check(cmds.index("PART") < cmds.index("315"), "315 before PART")
        check(len(who(got)) == len(set(who(got))), "a member twice")
        say("%d of %d members sent before the PART" % (len(who(got)),
                                                      CROWD + 1))
        still_there(c)

    @t.case("a JOIN while WHO #crowd is paged: its names follow the 315")
    def _():
        c, got = ask("whojoin", "WHO #crowd\r\nJOIN #room002", "#room002")
        cmds = [m.command for m in got]
        check(ends(got, "315") == ["#crowd"] and ends(got) == ["#room002"],
              "315s %s, 366s %s" % (ends(got, "315"), ends(got)))
        check(cmds.index("315") < cmds.index("353"), "names before the 315")
        check_who(got)
        still_there(c)

    @t.case("WHO by mask over every user: paged, each match once, one 315")
    def _():
        c, got = ask("whomask", "WHO crowd*", "crowd*", "315")
        listed = [m.param(5) for m in got if m.command == "352"]
        check(sorted(listed) == everyone, "WHO crowd*: %d, %d distinct" % (
            len(listed), len(set(listed))))
        check(all(m.param(1) == "#crowd" for m in got if m.command == "352"),
              "a 352 without #crowd")
        check_big_who(c, got, "crowd*")

    @t.case("LIST, LIST #room00* while WHO #crowd is paged: they wait; "
            "the first, ended by the second, gets 321 and 323 alone")
    def _():
        c, got = ask("whothenlist", "WHO #crowd\r\nLIST\r\nLIST #room00*",
                     "#crowd", "315")
        check_who(got)
        check("321" not in [m.command for m in got], "a LIST before 315")
        first = read_all(c, "323")
        check([m.command for m in first] == ["321", "323"], "first LIST: "
              "%s" % [m.command for m in first][:5])
        second = read_all(c, "323")
        listed = sorted(m.param(1) for m in second if m.command == "322")
        check(listed == ["#room%03d" % i for i in range(10)],
              "second LIST: %s" % listed)
        still_there(c)

    def read_ends(c, end, n):
        """Lines up to the nth end reply from now."""
        got = []
        while len(ends(got, end)) < n:
            got += read_all(c, end, target=None)
        return got

    FLOOD = 530
    # Each waiting request takes two bytes more than its argument in a
    # queue of LISTING_QUEUE_MAX (4096) bytes.
    FLOOD_FITS = 4096 // len("#f0000..")

    @t.case("a flood of %d WHOs while NAMES #crowd is paged: the first %d "
            "wait and are answered in order, the rest at once with 263 and "
            "their 315; one 315 each, not cut off" % (FLOOD, FLOOD_FITS))
    def _():
        targets = ["#f%04d" % i for i in range(FLOOD)]
        # One write: the server reads it in one turn, while the asker has
        # not read the names.
        c, got = ask("flooder", "NAMES #crowd\r\n" + "\r\n".join(
            "WHO %s" % target for target in targets), "#crowd")
        at = len(got)
        got += read_ends(c, "315", FLOOD - len(ends(got, "315")))
        check_whole(got)
        check(ends(got) == ["#crowd"], "366s: %s" % ends(got))
        check(sorted(ends(got, "315")) == targets, "315s: %d for %d WHOs" %
              (len(ends(got, "315")), FLOOD))
        waited, at_once = ends(got[at:], "315"), ends(got[:at], "315")
        say("%d waited, %d answered at once" % (len(waited), len(at_once)))
        check(waited == targets[:FLOOD_FITS] and
              at_once == targets[FLOOD_FITS:], "waited %s..., at once %s..."
              % (waited[:3], at_once[:3]))
        tries = [i for i, m in enumerate(got) if m.command == "263"]
        check(len(tries) == len(at_once) and
              all(got[i].param(1) == "WHO" and got[i + 1].command == "315"
                  for i in tries), "263s: %d" % len(tries))
        still_there(c)

    @t.case("QUIT while WHO #crowd and WHO crowd* are half sent: the "
            "server frees them and goes on")
    def _():
        for nick, text in (("quitwho", "WHO #crowd"),
                           ("quitmask", "WHO crowd*"),
                           ("quitjoin", "JOIN #crowd\r\nWHO #crowd")):
            c = srv.user(nick, rcvbuf=4096)
            c.send(text + "\r\nQUIT :bye")
            c.expect_closed(timeout=20)
        still_there(owner)

    @t.case("set-up: the crowd joins #crowd2 as well", fatal=True)
    def _():
        crowd_join("#crowd2")

    def check_join_who(got, asker):
        """got, the reply to JOIN #crowd,#crowd2 and WHO #crowd: both
        channels' names whole, one 366 each, then the WHO whole."""
        check(ends(got) == ["#crowd", "#crowd2"], "366s: %s" % ends(got))
        check(ends(got, "315") == ["#crowd"], "315s: %s" % ends(got, "315"))
        check_whole(got, asker)
        check_whole(got, asker, "#crowd2")
        check_who(got, asker)
        cmds = [m.command for m in got]
        check(cmds.index("352") > len(cmds) - 1 - cmds[::-1].index("366"),
              "a 352 before the last 366")

    @t.case("JOIN of two big channels and WHO of the first in one write: "
            "the WHO waits for both channels' names")
    def _():
        c, got = ask("joinboth", "JOIN #crowd,#crowd2\r\nWHO #crowd",
                     "#crowd", "315")
        check_join_who(got, "joinboth")
        still_there(c)

    @t.case("JOIN of two big channels, WHO of the first after its 366: the "
            "second's names are whole, then the WHO")
    def _():
        c = srv.user("joinafter", rcvbuf=4096)
        c.send("JOIN #crowd,#crowd2")
        got = read_all(c, "366", target="#crowd")
        c.send("WHO #crowd")
        say("#crowd2's 366 was %s read when the WHO was sent" % (
            "already" if "366" in [m.command for m in c.pending] else
            "not yet"))
        got += read_all(c, "315", target="#crowd")
        check_join_who(got, "joinafter")
        still_there(c)

    @t.case("NAMES #crowd, WHO #crowd2 in one write: the WHO waits, both "
            "whole")
    def _():
        c, got = ask("namesthenwho", "NAMES #crowd\r\nWHO #crowd2",
                     "#crowd2", "315")
        check(ends(got) == ["#crowd"] and ends(got, "315") == ["#crowd2"],
              "366s %s, 315s %s" % (ends(got), ends(got, "315")))
        check_whole(got)
        check_who(got, chan="#crowd2")
        cmds = [m.command for m in got]
        check(cmds.index("366") < cmds.index("352"), "a 352 before the 366")
        still_there(c)

    for c in crowd:
        c.close()

t.done()
