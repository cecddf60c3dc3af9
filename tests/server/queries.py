#!/usr/bin/env python3
"""Queries: WHO, WHOIS, WHOWAS, ISON, USERHOST, AWAY, MOTD, LUSERS,
VERSION, TIME, INFO, HELP, PING/PONG."""

from ircharness import Server, Skip, Tests, check, ngircd_differs

t = Tests()


def codes(lines):
    return [m.command for m in lines]


with Server() as srv:
    banterd = srv.kind == "banterd"

    @t.case("PING is answered with PONG carrying the token")
    def _():
        a = srv.user("alice")
        a.send("PING :token123")
        m = a.expect("PONG")
        check(m.text == "token123" and m.prefix == srv.name, "PONG: %s" % m)
        a.send("PONG :whatever")
        got = a.sync()
        check(not got, "an unsolicited PONG drew a reply: %s" % got)

    @t.case("WHO #channel: one 352 per member, then 315")
    def _():
        a = srv.user("bob")
        b = srv.user("carol")
        a.join("#who")
        b.join("#who")
        a.send("WHO #who")
        got = a.collect(lambda m: m.command == "315")
        rows = {m.params[5]: m for m in got if m.command == "352"}
        check(sorted(rows) == ["bob", "carol"], "352 rows: %s" % got)
        row = rows["bob"]
        check(row.params[1] == "#who" and row.params[4] == srv.name and
              row.params[3] == "127.0.0.1" and "@" in row.params[6] and
              row.params[6].startswith("H"),
              "352 should be '#who user 127.0.0.1 server bob H@ :0 real': %s"
              % row)
        check(row.text.startswith("0 "), "hopcount/realname: %s" % row)
        check(got[-1].params[1] == "#who", "315: %s" % got[-1])

    @t.case("WHO with a nick mask")
    def _():
        a = srv.user("dave")
        srv.user("davina")
        srv.user("erin")
        a.send("WHO dav*")
        got = a.collect(lambda m: m.command == "315")
        nicks = sorted(m.params[5] for m in got if m.command == "352")
        check(nicks == ["dave", "davina"], "WHO dav*: %s" % got)

    @t.case("WHOIS: 311, 319, 312, 318 (and 401 for nobody)")
    def _():
        a = srv.user("frank")
        b = srv.user("gina")
        b.join("#whois")
        a.send("WHOIS gina")
        got = a.collect(lambda m: m.command == "318")
        c = codes(got)
        for code in ("311", "312", "319"):
            check(code in c, "WHOIS lacks %s: %s" % (code, got))
        m311 = got[c.index("311")]
        check(m311.params[1] == "gina" and m311.params[3] == "127.0.0.1",
              "311: %s" % m311)
        m319 = got[c.index("319")]
        check("@#whois" in m319.text.split(), "319: %s" % m319)
        a.send("WHOIS nobodyhere")
        got = a.collect(lambda m: m.command == "318")
        check("401" in codes(got), "WHOIS nobody: %s" % got)

    @t.case("WHOWAS after a QUIT: 314 then 369; unknown: 406")
    def _():
        a = srv.user("hank")
        b = srv.user("ivy")
        b.send("QUIT")
        b.expect_closed()
        a.send("WHOWAS ivy")
        got = a.collect(lambda m: m.command == "369")
        if ngircd_differs(srv, "WHOWAS forgets clients connected under "
                          "30 seconds"):
            pass
        else:
            check("314" in codes(got), "WHOWAS ivy: %s" % got)
            m = got[codes(got).index("314")]
            check(m.params[1] == "ivy", "314: %s" % m)
        a.send("WHOWAS neverexisted")
        got = a.collect(lambda m: m.command == "369")
        check("406" in codes(got), "WHOWAS unknown: %s" % got)

    @t.case("ISON lists the nicks that are online")
    def _():
        a = srv.user("jack")
        srv.user("kate")
        a.send("ISON kate nobody JACK")
        m = a.expect("303")
        check(sorted(m.text.lower().split()) == ["jack", "kate"],
              "303: %s" % m)

    @t.case("USERHOST: nick=+user@host, * for opers, - when away")
    def _():
        a = srv.user("liam")
        a.send("USERHOST liam")
        m = a.expect("302")
        check(m.text.strip().startswith("liam=+") and
              m.text.strip().endswith("@127.0.0.1"), "302: %s" % m)
        a.send("AWAY :out")
        a.expect("306")
        a.send("USERHOST liam nobody")
        m = a.expect("302")
        check(m.text.strip().startswith("liam=-"), "away 302: %s" % m)

    @t.case("AWAY: 306, 301 to senders and in WHOIS, 305 when back")
    def _():
        a = srv.user("mona")
        b = srv.user("ned")
        a.send("AWAY :gone to lunch")
        a.expect("306")
        b.send("PRIVMSG mona :are you there")
        m = b.expect("301")
        check(m.params[1] == "mona" and m.text == "gone to lunch",
              "301: %s" % m)
        check(a.expect("PRIVMSG").text == "are you there", "still delivered")
        b.send("WHOIS mona")
        got = b.collect(lambda m: m.command == "318")
        check("301" in codes(got), "WHOIS lacks 301: %s" % got)
        b.send("WHO mona")
        got = b.collect(lambda m: m.command == "315")
        rows = [m for m in got if m.command == "352"]
        check(rows and rows[0].params[6].startswith("G"),
              "WHO flags for an away user should start with G: %s" % got)
        a.send("AWAY")
        a.expect("305")
        b.send("PRIVMSG mona :back?")
        got = b.sync()
        check("301" not in codes(got), "301 after unaway: %s" % got)

    @t.case("away-notify: channel peers that asked see AWAY")
    def _():
        if not banterd:
            raise Skip("ngircd has no away-notify")
        a = srv.user("olga")
        b = srv.user("pete", caps=["away-notify"])
        check("away-notify" in b.caps, "away-notify not ACKed")
        a.join("#away")
        b.join("#away")
        a.send("AWAY :brb")
        m = b.expect("AWAY")
        check(m.nick == "olga" and m.text == "brb", "AWAY: %s" % m)
        a.send("AWAY")
        m = b.expect("AWAY")
        check(m.nick == "olga" and not m.params, "unaway: %s" % m)

    @t.case("MOTD: 375, 372 lines of the file, 376")
    def _():
        a = srv.user("quinn")
        a.send("MOTD")
        got = a.collect(lambda m: m.command in ("376", "422"))
        c = codes(got)
        check(c[0] == "375" and c[-1] == "376", "MOTD: %s" % got)
        texts = [m.text for m in got if m.command == "372"]
        check(any("Welcome to the test server." in x for x in texts) and
              any("Second line." in x for x in texts), "372: %s" % texts)

    @t.case("LUSERS: 251 and 255 with sane counts")
    def _():
        a = srv.user("rick")
        a.send("LUSERS")
        got = a.collect(lambda m: m.command == "255")
        check("251" in codes(got), "LUSERS: %s" % got)

    @t.case("VERSION 351, TIME 391, INFO 371/374")
    def _():
        a = srv.user("sara")
        a.send("VERSION")
        m = a.expect("351")
        check(len(m.params) >= 3, "351: %s" % m)
        a.send("TIME")
        m = a.expect("391")
        check(m.params[1] == srv.name and m.text, "391: %s" % m)
        a.send("INFO")
        got = a.collect(lambda m: m.command == "374")
        check("371" in codes(got), "INFO: %s" % got)

    @t.case("HELP answers with help text")
    def _():
        a = srv.user("theo")
        a.send("HELP")
        got = a.sync()
        if srv.kind == "ngircd":
            check(got, "no HELP reply")
            return
        c = codes(got)
        check(c and c[0] == "704" and c[-1] == "706" and "705" in c,
              "HELP should give 704, 705..., 706: %s" % got)
        a.send("HELP PRIVMSG")
        got = a.sync()
        check(codes(got)[-1:] == ["706"], "HELP PRIVMSG: %s" % got)
        a.send("HELP NOSUCHTOPIC")
        a.expect_numeric(524)

    @t.case("+i users are hidden from WHO masks of strangers, not of "
            "channel peers")
    def _():
        ghost = srv.user("ghosty")
        ghost.send("MODE ghosty +i")
        ghost.expect("MODE")
        stranger = srv.user("stranger")
        stranger.send("WHO ghost*")
        got = stranger.collect(lambda m: m.command == "315")
        check(not [m for m in got if m.command == "352"],
              "a stranger's WHO mask shows a +i user: %s" % got)
        peer = srv.user("peer")
        ghost.join("#seen")
        peer.join("#seen")
        peer.send("WHO ghost*")
        got = peer.collect(lambda m: m.command == "315")
        check([m for m in got if m.command == "352"],
              "a channel peer's WHO mask hides the +i user: %s" % got)

    @t.case("WHOIS hides +s channels from those outside them")
    def _():
        a = srv.user("hider")
        a.join("#hidden")
        a.join("#shown")
        a.send("MODE #hidden +s")
        a.sync()
        b = srv.user("looker")
        b.send("WHOIS hider")
        got = b.collect(lambda m: m.command == "318")
        chans = " ".join(m.text for m in got if m.command == "319")
        check("#shown" in chans and "#hidden" not in chans,
              "319 for an outsider: %s" % chans)

    @t.case("WHOWAS remembers a nick changed away from")
    def _():
        a = srv.user("before")
        a.send("NICK after")
        a.expect("NICK")
        a.send("WHOWAS before")
        got = a.collect(lambda m: m.command == "369")
        if ngircd_differs(srv, "WHOWAS forgets clients connected under "
                          "30 seconds"):
            return
        check("314" in codes(got), "WHOWAS before: %s" % got)

    @t.case("unknown command: 421")
    def _():
        a = srv.user("uma")
        a.send("FROBNICATE now")
        m = a.expect_numeric(421)
        check(m.params[1].upper() == "FROBNICATE", "421: %s" % m)

t.done()
