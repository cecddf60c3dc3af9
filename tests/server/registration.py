#!/usr/bin/env python3
"""Registration: PASS, NICK, USER, CAP, the welcome burst, early QUIT."""

import re
import time

from ircharness import Server, Skip, Tests, check, fail, ngircd_differs

t = Tests()
ISO_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")
REQUIRED_CAPS = {"multi-prefix", "server-time", "echo-message",
                 "message-tags", "away-notify"}

with Server(conf={"nick_length": 20}) as srv:
    banterd = srv.kind == "banterd"

    @t.case("welcome burst 001-005 in order, then LUSERS and MOTD")
    def _():
        c = srv.client("alice")
        c.send("NICK alice")
        c.send("USER alice 0 * :Alice A")
        got = c.collect(lambda m: m.command in ("376", "422"))
        codes = [m.command for m in got if m.command.isdigit()]
        first = [x for x in codes if x in ("001", "002", "003", "004")]
        check(first == ["001", "002", "003", "004"],
              "001-004 missing or out of order: %s" % codes)
        check(codes.index("005") > codes.index("004"),
              "005 before 004: %s" % codes)
        check(all(m.params[0] == "alice" for m in got
                  if m.command.isdigit()),
              "numerics not addressed to alice:\n%s" % got)
        check(got[0].command == "001" and "alice" in got[0].text,
              "001 does not greet alice: %s" % got[0])
        check(got[0].prefix == srv.name,
              "numerics should come from %s: %s" % (srv.name, got[0]))
        check("251" in codes, "no LUSERS (251) in the burst: %s" % codes)
        check("376" in codes or "422" in codes, "no MOTD end")
        if "376" in codes:
            motd = [m.text for m in got if m.command == "372"]
            check(any("Welcome to the test server." in x for x in motd),
                  "MOTD file text not shown: %s" % motd)
            check("375" in codes, "no 375 before the MOTD")
        elif banterd:
            fail("banterd has a motd_file but answered 422")

    @t.case("ISUPPORT carries the required tokens with sane values")
    def _():
        c = srv.user("bob")
        isup = c.isupport
        for key in ("CASEMAPPING", "CHANTYPES", "CHANMODES", "PREFIX",
                    "NICKLEN", "CHANNELLEN", "TOPICLEN", "NETWORK"):
            check(key in isup, "005 lacks %s: %s" % (key, isup))
        check(isup["NETWORK"] == srv.network, "NETWORK=%s" % isup["NETWORK"])
        check(isup["NICKLEN"] == "20", "NICKLEN=%s, config says 20" %
              isup["NICKLEN"])
        check(isup["CASEMAPPING"] in ("rfc1459", "ascii", "strict-rfc1459"),
              "CASEMAPPING=%s" % isup["CASEMAPPING"])
        check("#" in isup["CHANTYPES"], "CHANTYPES=%s" % isup["CHANTYPES"])
        check(re.match(r"^\(([a-z]+)\)(\S+)$", isup["PREFIX"]) and
              "o" in isup["PREFIX"] and "v" in isup["PREFIX"],
              "PREFIX=%s" % isup["PREFIX"])
        groups = isup["CHANMODES"].split(",")
        check(len(groups) >= 4, "CHANMODES=%s" % isup["CHANMODES"])
        check("b" in groups[0] and "k" in groups[1] and "l" in groups[2],
              "CHANMODES=%s (b list, k key, l limit)" % isup["CHANMODES"])
        for mode in "tnmis":
            check(mode in groups[3], "CHANMODES lacks %s: %s" % (
                mode, isup["CHANMODES"]))

    @t.case("NICK longer than NICKLEN is refused (432) or cut to NICKLEN")
    def _():
        c = srv.client("long")
        c.send("NICK " + "n" * 25)
        c.send("USER long 0 * :x")
        m = c.expect(("432", "001"))
        if m.command == "001":
            check(len(m.params[0]) <= 20, "registered as %s" % m.params[0])

    @t.case("NICK errors during registration: 431, 432, 433")
    def _():
        holder = srv.user("carol")
        c = srv.client("new")
        c.send("NICK")
        if ngircd_differs(srv, "NICK without a nick gets 461, not 431"):
            c.expect_numeric(461)
        else:
            c.expect_numeric(431)
        for bad in ("1abc", "-dash", "#chan", "a,b", "a:b"):
            c.send("NICK %s" % bad)
            m = c.expect_numeric(432)
            check(m.params[1] == bad or bad.startswith(m.params[1]),
                  "432 names %s, sent %s" % (m.params[1], bad))
        c.send("NICK carol")
        m = c.expect_numeric(433)
        check(m.params[0] == "*" and m.params[1] == "carol",
              "433 before registration should be '* carol ...': %s" % m)
        c.send("NICK CAROL")
        c.expect_numeric(433)
        c.send("NICK carol2")
        c.send("USER c 0 * :Carol Two")
        m = c.expect("001")
        check(m.params[0] == "carol2", "registered as %s" % m.params[0])
        holder.close()

    @t.case("USER with too few parameters: 461; again after welcome: 462")
    def _():
        c = srv.client("dave")
        c.send("NICK dave")
        c.send("USER dave")
        m = c.expect_numeric(461)
        check(m.params[1].upper() == "USER", "461 names %s" % m.params[1])
        c.send("USER dave 0 * :Dave")
        c.expect("001")
        c.read_burst()
        c.send("USER dave 0 * :Dave again")
        c.expect_numeric(462)
        c.send("PASS whatever")
        c.expect_numeric(462)

    @t.case("commands before registration get 451")
    def _():
        c = srv.client("early")
        for line in ("JOIN #early", "PRIVMSG bob :hi", "WHOIS bob",
                     "MODE early +i"):
            c.send(line)
            m = c.expect_numeric(451)
            check(m.params[0] == "*", "451 target should be *: %s" % m)

    @t.case("unregistered QUIT is answered with ERROR at once")
    def _():
        c = srv.client("quitter")
        c.send("NICK quitter")
        start = time.monotonic()
        c.send("QUIT :bye")
        got = c.expect_closed(timeout=2)
        check(any(m.command == "ERROR" for m in got),
              "no ERROR before close: %s" % got)
        check(time.monotonic() - start < 2, "took too long")

    @t.case("registered QUIT: ERROR to the quitter, QUIT with reason to peers")
    def _():
        a = srv.user("erin")
        b = srv.user("frank")
        a.send("JOIN #quitroom")
        a.expect("366")
        b.send("JOIN #quitroom")
        b.expect("366")
        a.expect("JOIN", lambda m: m.nick == "frank")
        b.send("QUIT :gone fishing")
        got = b.expect_closed()
        check(any(m.command == "ERROR" for m in got), "no ERROR: %s" % got)
        m = a.expect("QUIT")
        check(m.nick == "frank" and "gone fishing" in m.text,
              "QUIT seen as %s" % m)

    @t.case("CAP LS 302 holds registration until CAP END")
    def _():
        c = srv.client("capper")
        c.send("CAP LS 302")
        c.send("NICK capper")
        c.send("USER capper 0 * :Cap")
        ls = c.cap_ls_lines()
        offered = set()
        for m in ls:
            check(m.params[0] == "*", "CAP LS target should be *: %s" % m)
            offered |= {x.split("=")[0] for x in m.text.split()}
        if banterd:
            missing = REQUIRED_CAPS - offered
            check(not missing, "CAP LS lacks %s: %s" % (missing, offered))
        check("multi-prefix" in offered, "no multi-prefix: %s" % offered)
        c.send("CAP LIST")
        got = c.collect(lambda m: m.command == "CAP" and
                        m.param(1) == "LIST")
        check(not any(m.command == "001" for m in got),
              "registered before CAP END: %s" % got)
        c.send("CAP REQ :multi-prefix")
        m = c.expect("CAP")
        check(m.param(1) == "ACK" and m.text.strip() == "multi-prefix",
              "REQ multi-prefix: %s" % m)
        c.send("CAP REQ :no-such-capability")
        m = c.expect("CAP")
        check(m.param(1) == "NAK", "unknown cap not NAKed: %s" % m)
        c.send("CAP REQ :multi-prefix no-such-capability")
        m = c.expect("CAP")
        check(m.param(1) == "NAK", "a REQ with one unknown cap must be "
              "NAKed as a whole: %s" % m)
        c.send("CAP LIST")
        m = c.expect("CAP", lambda m: m.param(1) == "LIST")
        check(m.text.split() == ["multi-prefix"], "CAP LIST: %s" % m)
        c.send("CAP END")
        m = c.expect("001")
        check(m.params[0] == "capper", "001 to %s" % m.params[0])

    @t.case("CAP REQ of every offered capability, -cap removes one")
    def _():
        c = srv.client("capall")
        c.send("CAP LS 302")
        offered = set()
        for m in c.cap_ls_lines():
            offered |= {x.split("=")[0] for x in m.text.split()}
        want = sorted(offered & REQUIRED_CAPS)
        c.send("CAP REQ :%s" % " ".join(want))
        m = c.expect("CAP")
        check(m.param(1) == "ACK" and sorted(m.text.split()) == want,
              "ACK %s: %s" % (want, m))
        c.send("CAP REQ :-multi-prefix")
        m = c.expect("CAP")
        check(m.param(1) == "ACK" and "-multi-prefix" in m.text.split(),
              "ACK -multi-prefix: %s" % m)
        c.send("CAP LIST")
        m = c.expect("CAP", lambda m: m.param(1) == "LIST")
        check("multi-prefix" not in m.text.split(), "still on: %s" % m)
        c.send("NICK capall")
        c.send("USER capall 0 * :x")
        c.send("CAP END")
        c.expect("001")

    @t.case("server-time: messages carry an ISO 8601 time tag")
    def _():
        if not banterd:
            raise Skip("ngircd has no server-time")
        a = srv.user("tina", caps=["server-time"])
        check("server-time" in a.caps, "server-time not ACKed")
        b = srv.user("tom")
        b.send("PRIVMSG tina :what time is it")
        m = a.expect("PRIVMSG")
        check(ISO_TIME.match(m.tags.get("time", "")),
              "no time=YYYY-MM-DDThh:mm:ss.sssZ tag: %s" % m.raw)
        b.send("PRIVMSG tom :to myself")
        m = b.expect("PRIVMSG")
        check("time" not in m.tags, "time tag sent to a client that did "
              "not ask for it: %s" % m.raw)

    @t.case("CAP REQ after registration works")
    def _():
        c = srv.user("later")
        c.send("CAP REQ :multi-prefix")
        m = c.expect("CAP")
        check(m.param(1) == "ACK", "post-registration REQ: %s" % m)

with Server(conf={"motd_file": "/nonexistent/banter-test-motd"}) as srv:

    @t.case("no MOTD: 422 ends the welcome burst, and answers MOTD")
    def _():
        c = srv.client("nomotd")
        c.send("NICK nomotd")
        c.send("USER nomotd 0 * :x")
        got = c.collect(lambda m: m.command in ("376", "422"))
        codes = [m.command for m in got]
        check(codes[-1] == "422" and "375" not in codes and
              "372" not in codes, "burst: %s" % codes)
        c.send("MOTD")
        got = c.collect(lambda m: m.command in ("376", "422"))
        check([m.command for m in got][-1] == "422", "MOTD: %s" % got)

with Server(conf={"password": "opensesame"}) as srv:

    @t.case("connection password: right PASS registers")
    def _():
        c = srv.user("passer", password="opensesame")
        check(c.nick == "passer", "nick %s" % c.nick)

    @t.case("connection password: wrong or missing PASS gets 464 and ERROR")
    def _():
        for pw in ("wrong", None):
            c = srv.client("badpass")
            if pw:
                c.send("PASS %s" % pw)
            c.send("NICK badpass")
            c.send("USER badpass 0 * :x")
            got = c.expect_closed()
            codes = [m.command for m in got]
            if ngircd_differs(srv, "bad PASS gets ERROR without 464"):
                codes.append("464")
            check("464" in codes and "ERROR" in codes,
                  "PASS %s: expected 464 then ERROR, got %s" % (pw, got))
            check("001" not in codes, "registered with PASS %s" % pw)

t.done()
