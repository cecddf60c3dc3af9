#!/usr/bin/env python3
"""ADMIN, LINKS and STATS: the server-information commands irssi and
weechat send from /admin, /links and /stats.  Each is answered (never
421 Unknown command), ends with its end numeric, and a server name that
is not ours gets 402."""

from ircharness import Server, Tests, check, ngircd_differs, say

t = Tests()

with Server() as srv:
    c = srv.user("asker", keep=True)
    name = srv.name

    def numerics(msgs):
        return [m.command for m in msgs]

    def upto(code):
        return lambda m: m.command == code

    @t.case("ADMIN: 256 to 259, the server name in 256")
    def _():
        c.send("ADMIN")
        got = c.collect(upto("259"))
        say(" / ".join(m.text for m in got))
        check(numerics(got) == ["256", "257", "258", "259"],
              "ADMIN replies: %s" % got)
        check(got[0].param(1) == name, "256 names no server: %s" % got[0])
        for m in got:
            check(m.text.strip() != "", "an empty ADMIN line: %s" % m)

    @t.case("ADMIN with our name answers; another server gets 402")
    def _():
        c.send("ADMIN %s" % name)
        check(numerics(c.collect(upto("259")))[0] == "256", "no 256 for our name")
        c.send("ADMIN other.example")
        m = c.expect_numeric("402")
        check(m.param(1) == "other.example", "402 names: %s" % m)

    @t.case("LINKS: this server alone (364 hop count 0), then 365")
    def _():
        c.send("LINKS")
        got = c.collect(upto("365"))
        check(numerics(got) == ["364", "365"], "LINKS replies: %s" % got)
        check(got[0].param(1) == name and got[0].param(2) == name,
              "364: %s" % got[0])
        check(got[0].text.split()[0] == "0", "hop count: %s" % got[0])

    @t.case("LINKS with a mask: 364 only when it matches us")
    def _():
        c.send("LINKS *.test.local")
        check(numerics(c.collect(upto("365"))) == ["364", "365"], "no 364")
        c.send("LINKS nowhere.*")
        got = c.collect(upto("365"))
        check(numerics(got) == ["365"], "a 364 for a foreign mask: %s" % got)
        check(got[0].param(1) == "nowhere.*", "365 mask: %s" % got[0])

    @t.case("STATS u: 242 uptime, then 219 u")
    def _():
        c.send("STATS u")
        got = c.collect(upto("219"))
        say(" / ".join(m.text for m in got))
        check(numerics(got) == ["242", "219"], "STATS u: %s" % got)
        check(got[0].text.startswith("Server Up "), "242: %s" % got[0])
        check(got[1].param(1) == "u", "219 letter: %s" % got[1])

    @t.case("STATS with other letters (and none): 219 only, no 421")
    def _():
        for letter in ("q", "Z", "x"):
            c.send("STATS %s" % letter)
            got = c.collect(upto("219"))
            check(numerics(got) == ["219"], "STATS %s: %s" % (letter, got))
            check(got[0].param(1) == letter, "219 letter: %s" % got[0])
        c.send("STATS")
        got = c.collect(upto("219"))
        check(numerics(got) == ["219"], "bare STATS: %s" % got)

    @t.case("STATS m: 212 per command used (STATS itself among them), "
            "then 219 m")
    def _():
        c.send("STATS m")
        got = c.collect(upto("219"))
        rows = {m.param(1): m for m in got if m.command == "212"}
        say("%d commands" % len(rows))
        check(numerics(got)[-1] == "219" and "STATS" in rows and
              "ADMIN" in rows, "STATS m: %s" % got)
        check(int(rows["STATS"].param(2)) >= 1, "count: %s" % rows["STATS"])

    @t.case("STATS u for another server gets 402; for ours, 242")
    def _():
        c.send("STATS u other.example")
        c.expect_numeric("402")
        c.send("STATS u %s" % name)
        check(numerics(c.collect(upto("219"))) == ["242", "219"], "no 242")

    @t.case("unregistered: 451 for all three")
    def _():
        u = srv.client("early")
        for cmd in ("ADMIN", "LINKS", "STATS u"):
            u.send(cmd)
            u.expect_numeric("451")

    @t.case("HELP knows them")
    def _():
        if ngircd_differs(srv, "its HELP has other numerics"):
            return
        for cmd in ("ADMIN", "LINKS", "STATS"):
            c.send("HELP %s" % cmd)
            got = c.collect(upto("706"))
            check(got and got[0].command == "704", "HELP %s: %s" % (
                cmd, got))

t.done()
