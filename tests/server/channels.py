#!/usr/bin/env python3
"""Channels: JOIN, PART, TOPIC, NAMES, LIST, KICK, INVITE, NICK, casemapping."""

from ircharness import Server, Skip, Tests, check

t = Tests()


def count(lines, command, pred=lambda m: True):
    return len([m for m in lines if m.command == command and pred(m)])


with Server(conf={"max_channels_per_client": 5}) as srv:

    @t.case("JOIN: the creator gets @, the echo has nick!user@host, "
            "peers see the JOIN")
    def _():
        a = srv.user("alice")
        names = a.join("#first")
        check(names == ["@alice"], "creator NAMES: %s" % names)
        b = srv.user("bob")
        b.send("JOIN #first")
        echo = b.expect("JOIN")
        check(echo.prefix.startswith("bob!") and "@" in echo.prefix,
              "JOIN echo prefix should be nick!user@host: %s" % echo)
        check(echo.params[0] == "#first", "JOIN echo: %s" % echo)
        got = b.collect(lambda m: m.command == "366")
        names = sum([m.text.split() for m in got if m.command == "353"], [])
        check(sorted(names) == ["@alice", "bob"], "NAMES: %s" % names)
        m = a.expect("JOIN")
        check(m.nick == "bob" and m.params[0] == "#first", "peer: %s" % m)
        check(sorted(a.names("#first")) == ["@alice", "bob"], "NAMES")

    @t.case("JOIN several channels at once, with keys")
    def _():
        a = srv.user("carol")
        a.join("#k1")
        a.join("#k2")
        a.send("MODE #k1 +k one")
        a.expect("MODE")
        a.send("MODE #k2 +k two")
        a.expect("MODE")
        b = srv.user("dave")
        b.send("JOIN #k1,#k2,#open one,two")
        got = b.collect(lambda m: m.command == "366" and
                        m.params[1] == "#open")
        joined = [m.params[0] for m in got if m.command == "JOIN"]
        check(joined == ["#k1", "#k2", "#open"], "joined %s\n%s" % (
            joined, got))

    @t.case("JOIN 0 parts every channel; peers see PART")
    def _():
        a = srv.user("erin")
        b = srv.user("frank")
        for ch in ("#z1", "#z2"):
            a.join(ch)
            b.join(ch)
        b.send("JOIN 0")
        parts = []
        for _ in range(2):
            parts.append(b.expect("PART").params[0])
        check(sorted(parts) == ["#z1", "#z2"], "PARTs: %s" % parts)
        seen = sorted(a.expect("PART", lambda m: m.nick == "frank").params[0]
                      for _ in range(2))
        check(seen == ["#z1", "#z2"], "peer saw %s" % seen)
        check(a.names("#z1") == ["@erin"], "frank still in #z1")

    @t.case("PART with a reason, several channels")
    def _():
        a = srv.user("gina")
        b = srv.user("hank")
        for ch in ("#p1", "#p2"):
            a.join(ch)
            b.join(ch)
        b.send("PART #p1,#p2 :see you")
        for ch in ("#p1", "#p2"):
            m = a.expect("PART", lambda m: m.params[0] == ch)
            check(m.nick == "hank" and m.text == "see you", "PART: %s" % m)

    @t.case("TOPIC: 331 unset, change seen by all, 332 and 333 on query "
            "and on join")
    def _():
        a = srv.user("ivy")
        b = srv.user("jack")
        a.join("#topic")
        b.join("#topic")
        a.send("TOPIC #topic")
        m = a.expect("331")
        check(m.params[1] == "#topic", "331: %s" % m)
        a.send("TOPIC #topic :the topic text")
        for c in (a, b):
            m = c.expect("TOPIC")
            check(m.nick == "ivy" and m.text == "the topic text",
                  "%s saw %s" % (c.name, m))
        b.send("TOPIC #topic")
        m = b.expect("332")
        check(m.params[1] == "#topic" and m.text == "the topic text",
              "332: %s" % m)
        m = b.expect("333")
        check(m.params[1] == "#topic" and m.params[2].split("!")[0] == "ivy"
              and m.params[3].isdigit(), "333: %s" % m)
        c = srv.user("kate")
        c.send("JOIN #topic")
        got = c.collect(lambda m: m.command == "366")
        check(count(got, "332", lambda m: m.text == "the topic text") == 1,
              "no 332 on join: %s" % got)
        a.send("TOPIC #topic :")
        m = b.expect("TOPIC")
        check(m.text == "", "clearing the topic: %s" % m)
        b.send("TOPIC #topic")
        b.expect("331")

    @t.case("LIST: all channels, a pattern, an exact name")
    def _():
        a = srv.user("liam")
        for ch in ("#lista", "#listb", "#other"):
            a.join(ch)
        a.send("TOPIC #lista :about a")
        a.expect("TOPIC")
        a.send("LIST")
        got = a.collect(lambda m: m.command == "323")
        listed = {m.params[1]: m for m in got if m.command == "322"}
        check({"#lista", "#listb", "#other"} <= set(listed),
              "LIST: %s" % got)
        check(listed["#lista"].params[2] == "1" and
              listed["#lista"].text.endswith("about a"),
              "322 should give users and topic: %s" % listed["#lista"])
        a.send("LIST #list*")
        got = a.collect(lambda m: m.command == "323")
        check(sorted(m.params[1] for m in got if m.command == "322") ==
              ["#lista", "#listb"], "LIST #list*: %s" % got)
        a.send("LIST #other")
        got = a.collect(lambda m: m.command == "323")
        check([m.params[1] for m in got if m.command == "322"] ==
              ["#other"], "LIST #other: %s" % got)

    @t.case("KICK: everyone sees it, the victim leaves the channel")
    def _():
        a = srv.user("mona")
        b = srv.user("ned")
        c = srv.user("olga")
        for u in (a, b, c):
            u.join("#kick")
        a.send("KICK #kick ned :behave")
        for u in (a, b, c):
            m = u.expect("KICK")
            check(m.nick == "mona" and m.params[:2] == ["#kick", "ned"] and
                  m.text == "behave", "%s saw %s" % (u.name, m))
        check(sorted(c.names("#kick")) == ["@mona", "olga"], "NAMES")
        b.send("PART #kick")
        b.expect_numeric(442)

    @t.case("INVITE: 341 to the inviter, INVITE to the target, who may "
            "then join +i")
    def _():
        a = srv.user("pete")
        b = srv.user("quinn")
        a.join("#invite")
        a.send("MODE #invite +i")
        a.expect("MODE")
        b.send("JOIN #invite")
        b.expect_numeric(473)
        a.send("INVITE quinn #invite")
        m = a.expect_numeric(341)
        check(m.params[1:3] == ["quinn", "#invite"], "341: %s" % m)
        m = b.expect("INVITE")
        check(m.nick == "pete" and m.params[0] == "quinn" and
              m.params[1] == "#invite", "INVITE: %s" % m)
        names = b.join("#invite")
        check("quinn" in names, "NAMES after invited join: %s" % names)

    @t.case("NICK change is seen once by every peer, not by strangers")
    def _():
        a = srv.user("rick")
        b = srv.user("sara")
        stranger = srv.user("theo")
        for ch in ("#n1", "#n2", "#n3"):
            a.join(ch)
            b.join(ch)
        stranger.join("#elsewhere")
        b.sync()
        a.send("NICK rick2")
        m = a.expect("NICK")
        check(m.nick == "rick" and m.text == "rick2", "own NICK: %s" % m)
        got = b.sync()
        check(count(got, "NICK") == 1, "peer in 3 channels saw %d NICKs:\n%s"
              % (count(got, "NICK"), got))
        check(count(stranger.sync(), "NICK") == 0, "stranger saw the NICK")
        b.send("PRIVMSG rick2 :found you")
        m = a.expect("PRIVMSG")
        check(m.text == "found you", "message to new nick: %s" % m)
        b.send("PRIVMSG rick :old nick")
        b.expect_numeric(401)
        a.send("NICK RICK2")
        m = a.expect("NICK")
        check(m.text == "RICK2", "case-only change: %s" % m)

    @t.case("QUIT is seen once by a peer sharing several channels")
    def _():
        a = srv.user("uma")
        b = srv.user("vic")
        for ch in ("#q1", "#q2"):
            a.join(ch)
            b.join(ch)
        b.sync()
        a.send("QUIT :bye")
        a.expect_closed()
        got = b.sync()
        check(count(got, "QUIT") == 1, "saw %d QUITs: %s" % (
            count(got, "QUIT"), got))

    @t.case("channel names and nicks compare by the advertised CASEMAPPING")
    def _():
        a = srv.user("w[x]")
        cm = a.isupport.get("CASEMAPPING")
        a.join("#Room[1]")
        b = srv.user("yolanda")
        if cm == "rfc1459":
            # RFC 1459 4.2: {}| are the lower case of []\ (and ^ of ~).
            names = b.join("#ROOM{1}")
            check("@w[x]" in names, "#ROOM{1} is not #Room[1]: %s" % names)
            b.send("PRIVMSG W{X} :hello")
            m = a.expect("PRIVMSG")
            check(m.text == "hello", "got %s" % m)
            c = srv.client("clash")
            c.send("NICK W{x}")
            c.expect_numeric(433)
            a.join("#tilde~")
            check("@w[x]" in b.join("#TILDE^"), "#tilde~ vs #TILDE^")
        else:
            check(cm == "ascii", "CASEMAPPING=%s" % cm)
            names = b.join("#ROOM[1]")
            check("@w[x]" in names, "#ROOM[1] is not #Room[1]: %s" % names)
            names = b.join("#room{1}")
            check(names == ["@yolanda"], "ascii: #room{1} is a new "
                  "channel: %s" % names)
            b.send("PRIVMSG W[X] :hello")
            m = a.expect("PRIVMSG")
            check(m.text == "hello", "got %s" % m)
        c = srv.client("clash2")
        c.send("NICK W[X]")
        c.expect_numeric(433)

    @t.case("the last PART ends a channel: the next joiner is its op")
    def _():
        a = srv.user("first")
        a.join("#ephemeral")
        a.send("TOPIC #ephemeral :old topic")
        a.expect("TOPIC")
        a.send("PART #ephemeral")
        a.expect("PART")
        b = srv.user("second")
        b.send("JOIN #ephemeral")
        got = b.collect(lambda m: m.command == "366")
        names = sum([m.text.split() for m in got if m.command == "353"], [])
        check(names == ["@second"], "NAMES: %s" % names)
        check(not [m for m in got if m.command == "332"],
              "the old channel's topic survived: %s" % got)

    @t.case("nicks are freed at once: after NICK, QUIT, and an unregistered "
            "NICK change")
    def _():
        a = srv.user("holder")
        a.send("NICK holder2")
        a.expect("NICK")
        b = srv.user("holder")
        check(b.nick == "holder", "old nick not free after NICK")
        b.send("QUIT")
        b.expect_closed()
        c = srv.client("undecided")
        c.send("NICK maybe")
        c.send("NICK surely")
        c.send("USER u 0 * :x")
        m = c.expect("001")
        check(m.params[0] == "surely", "registered as %s" % m.params[0])
        d = srv.user("maybe")
        check(d.nick == "maybe", "maybe")
        e = srv.user("holder")
        check(e.nick == "holder", "nick not free after QUIT")

    @t.case("a topic longer than TOPICLEN is cut to it")
    def _():
        a = srv.user("longtopic")
        topiclen = int(a.isupport.get("TOPICLEN", "0") or 0)
        check(topiclen > 0, "no TOPICLEN")
        if topiclen + 20 > 440:
            raise Skip("TOPICLEN=%d is about the line limit" % topiclen)
        a.join("#longtopic")
        text = ("abcdefghij" * 60)[:topiclen + 20]
        a.send("TOPIC #longtopic :" + text)
        m = a.expect("TOPIC")
        check(len(m.text.encode()) <= topiclen and text.startswith(m.text),
              "topic of %d bytes with TOPICLEN=%d" % (len(m.text),
                                                      topiclen))

    @t.case("LUSERS counts the users there are")
    def _():
        with Server() as fresh:
            users = [fresh.user("count%d" % i) for i in range(3)]
            users[0].send("LUSERS")
            got = users[0].collect(lambda m: m.command == "255")
            users[0].sync()
            m251 = [m for m in got if m.command == "251"]
            check(m251 and "3" in m251[0].text.split(),
                  "251 should count 3 users: %s" % got)

    @t.case("max_channels_per_client: one more JOIN gets 405")
    def _():
        a = srv.user("zed")
        limit = a.isupport.get("CHANLIMIT")
        if limit:
            check(limit.endswith(":5"), "CHANLIMIT=%s but "
                  "max_channels_per_client is 5" % limit)
        for i in range(5):
            a.join("#many%d" % i)
        a.send("JOIN #many5")
        m = a.expect(("405", "JOIN"))
        check(m.command == "405" and m.params[1] == "#many5",
              "sixth JOIN: %s" % m)

t.done()
