#!/usr/bin/env python3
"""MODE: user +i, channel +o +v +t +n +m +i +k +l +b +s, multi-prefix."""

from ircharness import Server, Tests, check, ngircd_differs

t = Tests()


def op_channel(srv, chan, *nicks):
    """The first nick creates chan (so is op); the others join it."""
    users = [srv.user(n) for n in nicks]
    for u in users:
        u.join(chan)
    users[0].sync()
    return users


def set_mode(op, chan, modes, *others):
    """Set modes and wait until every client has seen the result.  A mode
    already set (a server's defaults may include +nt) draws no MODE line,
    so the effect is checked by behaviour, not by the echo."""
    op.send("MODE %s %s" % (chan, modes))
    got = op.sync()
    check(not [m for m in got if m.command in ("482", "472", "461", "403")],
          "MODE %s %s refused: %s" % (chan, modes, got))
    for o in others:
        o.roundtrip()
    return got


with Server() as srv:

    @t.case("user mode +i: MODE echo, 221 shows it; others' modes: 502; "
            "unknown flag: 501")
    def _():
        a = srv.user("alice")
        a.send("MODE alice +i")
        m = a.expect("MODE")
        check(m.params[0] == "alice" and m.text == "+i", "echo: %s" % m)
        a.send("MODE alice")
        m = a.expect("221")
        check("i" in m.params[1], "221: %s" % m)
        a.send("MODE alice -i")
        a.expect("MODE")
        srv.user("bob")
        a.send("MODE bob +i")
        a.expect_numeric(502)
        a.send("MODE alice +Z")
        a.expect_numeric(501)
        a.send("MODE alice +o")
        a.sync()
        a.send("MODE alice")
        m = a.expect("221")
        check("o" not in m.params[1], "a user made itself oper: %s" % m)

    @t.case("channel mode query: 324")
    def _():
        (a,) = op_channel(srv, "#query", "carol")
        a.send("MODE #query")
        m = a.expect("324")
        check(m.params[1] == "#query" and m.params[2].startswith("+"),
              "324: %s" % m)

    @t.case("+o and +v: seen by members, prefixes in NAMES, multi-prefix")
    def _():
        a, b, c = op_channel(srv, "#ov", "dave", "erin", "frank")
        set_mode(a, "#ov", "+v erin", b, c)
        set_mode(a, "#ov", "+o erin", b, c)
        names = c.names("#ov")
        check(sorted(names) == ["@dave", "@erin", "frank"],
              "NAMES without multi-prefix: %s" % names)
        d = srv.user("gina", caps=["multi-prefix"])
        check("multi-prefix" in d.caps, "multi-prefix not ACKed")
        names = d.join("#ov")
        check("@+erin" in names, "multi-prefix NAMES: %s" % names)
        d.send("WHO #ov")
        got = d.collect(lambda m: m.command == "315")
        row = [m for m in got if m.command == "352" and m.params[5] == "erin"]
        check(row and "@+" in row[0].params[6],
              "multi-prefix WHO flags: %s" % got)
        set_mode(a, "#ov", "-o erin", b, c)
        check("+erin" in c.names("#ov"), "after -o")

    @t.case("+t: only ops set the topic (482); -t opens it")
    def _():
        a, b = op_channel(srv, "#t", "hank", "ivy")
        set_mode(a, "#t", "+t", b)
        b.send("TOPIC #t :mine")
        b.expect_numeric(482)
        set_mode(a, "#t", "-t", b)
        b.send("TOPIC #t :mine")
        check(b.expect("TOPIC").text == "mine", "topic")

    @t.case("+n: no messages from outside (404); -n allows them")
    def _():
        a, = op_channel(srv, "#n", "jack")
        out = srv.user("kate")
        set_mode(a, "#n", "+n")
        out.send("PRIVMSG #n :from outside")
        m = out.expect_numeric(404)
        check(m.params[1] == "#n", "404: %s" % m)
        set_mode(a, "#n", "-n")
        out.send("PRIVMSG #n :from outside")
        check(a.expect("PRIVMSG").text == "from outside", "delivered")

    @t.case("+m: only voiced and ops speak")
    def _():
        a, b, c = op_channel(srv, "#m", "liam", "mona", "ned")
        set_mode(a, "#m", "+m", b, c)
        b.send("PRIVMSG #m :muted")
        b.expect_numeric(404)
        set_mode(a, "#m", "+v mona", b, c)
        b.send("PRIVMSG #m :voiced")
        check(c.expect("PRIVMSG").text == "voiced", "voiced message")
        a.send("PRIVMSG #m :op speaks")
        check(c.expect("PRIVMSG").text == "op speaks", "op message")

    @t.case("+i: 473 without an invite")
    def _():
        a, = op_channel(srv, "#i", "olga")
        set_mode(a, "#i", "+i")
        b = srv.user("pete")
        b.send("JOIN #i")
        m = b.expect_numeric(473)
        check(m.params[1] == "#i", "473: %s" % m)

    @t.case("+k: 475 without the key, 467 when a key is set, -k removes")
    def _():
        a, = op_channel(srv, "#k", "quinn")
        set_mode(a, "#k", "+k sesame")
        a.send("MODE #k +k other")
        if ngircd_differs(srv, "+k over a set key replaces it, no 467"):
            set_mode(a, "#k", "+k sesame")
        else:
            a.expect_numeric(467)
        b = srv.user("rick")
        b.send("JOIN #k")
        b.expect_numeric(475)
        b.send("JOIN #k wrong")
        b.expect_numeric(475)
        b.join("#k", "sesame")
        b.send("PART #k")
        b.expect("PART")
        set_mode(a, "#k", "-k sesame")
        b.join("#k")

    @t.case("+l: 471 when full")
    def _():
        a, b = op_channel(srv, "#l", "sara", "theo")
        set_mode(a, "#l", "+l 2", b)
        c = srv.user("uma")
        c.send("JOIN #l")
        m = c.expect_numeric(471)
        check(m.params[1] == "#l", "471: %s" % m)
        set_mode(a, "#l", "-l", b)
        c.join("#l")

    @t.case("+b: ban list 367/368, banned join 474, banned member 404, -b")
    def _():
        a, b = op_channel(srv, "#b", "vic", "walt")
        set_mode(a, "#b", "+b walt!*@*", b)
        set_mode(a, "#b", "+b *!*@bad.example", b)
        a.send("MODE #b +b")
        got = a.collect(lambda m: m.command == "368")
        bans = sorted(m.params[2] for m in got if m.command == "367")
        check(bans == ["*!*@bad.example", "walt!*@*"], "367: %s" % got)
        b.send("PRIVMSG #b :banned talk")
        b.expect_numeric(404)
        c = srv.user("xena")
        set_mode(a, "#b", "+b x*!*@127.0.0.1", b)
        c.send("JOIN #b")
        m = c.expect_numeric(474)
        check(m.params[1] == "#b", "474: %s" % m)
        set_mode(a, "#b", "-b x*!*@127.0.0.1", b)
        c.join("#b")

    @t.case("+s: hidden from LIST for non-members")
    def _():
        a, = op_channel(srv, "#secret", "yara")
        a.join("#visible")
        set_mode(a, "#secret", "+s")
        b = srv.user("zack")
        b.send("LIST")
        got = b.collect(lambda m: m.command == "323")
        listed = [m.params[1] for m in got if m.command == "322"]
        check("#visible" in listed and "#secret" not in listed,
              "LIST for an outsider: %s" % listed)
        a.send("LIST")
        got = a.collect(lambda m: m.command == "323")
        listed = [m.params[1] for m in got if m.command == "322"]
        check("#secret" in listed, "member's LIST: %s" % listed)
        a.send("NAMES #secret")
        got = a.collect(lambda m: m.command == "366")
        rows = [m for m in got if m.command == "353"]
        if not ngircd_differs(srv, "353 marks a secret channel '=', not "
                              "'@'"):
            check(rows and rows[0].params[1] == "@",
                  "353 of a secret channel should say '@': %s" % got)
        b.send("NAMES #secret")
        got = b.collect(lambda m: m.command == "366")
        check(not [m for m in got if m.command == "353"],
              "an outsider sees a secret channel's names: %s" % got)

    @t.case("several modes with parameters in one MODE")
    def _():
        a, b = op_channel(srv, "#multi", "abe", "bea")
        a.send("MODE #multi +kl key 10")
        m = a.expect("MODE")
        check("+" in m.params[1] and "k" in m.params[1] and
              "l" in m.params[1], "MODE echo: %s" % m)
        b.expect("MODE")
        a.send("MODE #multi")
        m = a.expect("324")
        flags = m.params[2]
        for f in "kl":
            check(f in flags, "324 lacks %s: %s" % (f, m))

    @t.case("+b masks: a bare nick or user@host is made a full mask; "
            "masks match whatever the case of nick and mask")
    def _():
        a, b = op_channel(srv, "#masks", "mop", "Quinn")
        got = set_mode(a, "#masks", "+b QUINN", b)
        echo = [m for m in got if m.command == "MODE"]
        check(echo and echo[0].params[-1] == "QUINN!*@*",
              "+b QUINN echoed as %s" % echo)
        b.send("PRIVMSG #masks :still here?")
        b.expect_numeric(404)
        set_mode(a, "#masks", "-b quinn!*@*", b)
        b.send("PRIVMSG #masks :back")
        check(a.expect("PRIVMSG").text == "back", "-b by another case")
        got = set_mode(a, "#masks", "+b *@127.0.0.*", b)
        echo = [m for m in got if m.command == "MODE"]
        check(echo and echo[0].params[-1] == "*!*@127.0.0.*",
              "+b user@host echoed as %s" % echo)
        c = srv.user("rex")
        c.send("JOIN #MASKS")
        c.expect_numeric(474)

t.done()
