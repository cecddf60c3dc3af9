#!/usr/bin/env python3
"""Every error numeric the RFC names, one row per command that draws it.

Each row is sent, then a PING; every reply to the row has arrived when
the PONG does (commands are handled in order), so the expected numeric
must be among the lines before it."""

from ircharness import Server, Tests, check, say

t = Tests()

# (who sends, command, numeric (None: no reply at all), what the
# numeric's first argument is (or None), what ngircd sends instead (None:
# the same; "MODE": it accepts the command; "skip": nothing to compare))
ROWS = [
    ("tester", "PRIVMSG nosuchnick :x", 401, "nosuchnick", None),
    ("tester", "WHOIS nosuchnick", 401, "nosuchnick", None),
    ("tester", "INVITE nosuchnick #plain", 401, "nosuchnick", None),
    ("tester", "PART #nonexistent", 403, "#nonexistent", None),
    ("tester", "JOIN nochanprefix", 403, "nochanprefix", None),
    ("opal", "MODE #nonexistent +m", 403, "#nonexistent", 401),
    ("opal", "KICK #nonexistent tester", 403, "#nonexistent", None),
    ("tester", "PRIVMSG #nout :outside", 404, "#nout", None),
    ("tester", "NOTICE #nout :outside", None, None, None),
    ("tester", "PRIVMSG", 411, None, None),
    ("tester", "PRIVMSG opal", 412, None, None),
    ("tester", "PRIVMSG opal :", 412, None, "skip"),
    ("tester", "FOOBAR x y", 421, "FOOBAR", None),
    ("tester", "NICK", 431, None, 461),
    ("tester", "WHOIS", 431, None, None),
    ("tester", "NICK 9bad", 432, "9bad", None),
    ("tester", "NICK bad!nick", 432, "bad!nick", None),
    ("tester", "NICK opal", 433, "opal", None),
    ("tester", "NICK OPAL", 433, "OPAL", None),
    ("opal", "KICK #plain outsider", 441, "outsider", None),
    ("opal", "MODE #plain +o outsider", 441, "outsider", None),
    ("tester", "PART #other", 442, "#other", None),
    ("tester", "TOPIC #other :x", 442, "#other", None),
    ("tester", "KICK #other opal", 442, "#other", None),
    ("opal", "INVITE mem #plain", 443, "mem", None),
    ("tester", "JOIN", 461, "JOIN", None),
    ("tester", "PART", 461, "PART", None),
    ("tester", "MODE", 461, "MODE", None),
    ("tester", "TOPIC", 461, "TOPIC", None),
    ("tester", "KICK #plain", 461, "KICK", None),
    ("tester", "INVITE opal", 461, "INVITE", None),
    ("tester", "OPER boss", 461, "OPER", None),
    ("tester", "USER a 0 * :again", 462, None, None),
    ("tester", "PASS again", 462, None, None),
    ("opal", "MODE #key +k other", 467, "#key", "MODE"),
    ("tester", "JOIN #full", 471, "#full", None),
    ("tester", "JOIN #inv", 473, "#inv", None),
    ("tester", "JOIN #ban", 474, "#ban", None),
    ("tester", "JOIN #key", 475, "#key", None),
    ("tester", "JOIN #key wrongkey", 475, "#key", None),
    ("tester", "KILL mem :x", 481, None, None),
    ("tester", "WALLOPS :x", 481, None, None),
    ("tester", "MODE #plain +m", 482, "#plain", None),
    ("tester", "MODE #plain +o tester", 482, "#plain", None),
    ("tester", "KICK #plain mem", 482, "#plain", None),
    ("tester", "TOPIC #plain :x", 482, "#plain", None),
    ("tester", "INVITE outsider #inv", 442, "#inv", None),
    ("mem", "INVITE outsider #invm", 482, "#invm", None),
    ("opal", "MODE #plain +Z", 472, "Z", None),
    ("tester", "MODE tester +Z", 501, None, None),
    ("tester", "MODE opal +i", 502, None, None),
    ("tester", "PING", 409, None, None),
    ("tester", "WHOWAS nosuchnick", 406, "nosuchnick", None),
]


with Server() as srv:
    users = {}

    @t.case("set up: channels in every state the rows need", fatal=True)
    def _():
        for n in ("opal", "mem", "tester", "outsider"):
            users[n] = srv.user(n, keep=True)
        opal, mem, tester = users["opal"], users["mem"], users["tester"]
        for ch in ("#plain", "#nout", "#other", "#key", "#full", "#inv",
                   "#ban", "#invm"):
            opal.join(ch)
        mem.join("#plain")
        mem.join("#invm")
        tester.join("#plain")
        for ch, modes in (("#plain", "+t"), ("#nout", "+n"),
                          ("#key", "+k sesame"), ("#full", "+l 1"),
                          ("#inv", "+i"), ("#invm", "+i"),
                          ("#ban", "+b tester!*@*")):
            # No echo is needed: the server may set +nt by default.
            opal.send("MODE %s %s" % (ch, modes))
            opal.sync()
        # Outside channels the rows use, tester must not be on #other.
        tester.sync()

    for sender, command, code, arg, ngircd_code in ROWS:
        want = code
        if srv.kind == "ngircd" and ngircd_code is not None:
            want = ngircd_code

        @t.case("%s: %s -> %s" % (sender, command,
                                  code if code else "no reply"))
        def _(sender=sender, command=command, code=code, arg=arg,
              want=want):
            c = users[sender]
            c.send(command)
            got = c.sync()
            if want != code:
                say("ngircd differs here: %s draws %s, not %s" % (
                    command, "nothing" if want == "skip" else want, code))
            if want == "skip":
                return
            if want is None:
                nums = [m for m in got if m.command.isdigit()]
                check(not nums, "expected no numeric, got %s" % nums)
                return
            if want == "MODE":
                check(any(m.command == "MODE" for m in got),
                      "expected MODE, got %s" % got)
                return
            hits = [m for m in got if m.command == "%03d" % want]
            check(hits, "expected %03d, got %s" % (want, got or "nothing"))
            m = hits[0]
            check(m.params[0] == c.nick, "numeric not addressed to %s: %s" %
                  (c.nick, m))
            if arg is not None and want == code:
                check(arg in m.params[1:-1] or
                      m.param(1, "").lower() == arg.lower(),
                      "%03d should name %s: %s" % (want, arg, m))

    @t.case("unregistered: PRIVMSG -> 451")
    def _():
        c = srv.client("unreg")
        c.send("PRIVMSG opal :x")
        m = c.expect_numeric(451)
        check(m.params[0] == "*", "451: %s" % m)

    @t.case("OPER with a wrong password: 464")
    def _():
        c = srv.user("wrongpw")
        c.send("OPER boss wrong")
        c.expect_numeric(464)

t.done()
