#!/usr/bin/env python3
"""PRIVMSG and NOTICE: nicks, channels, several targets, CTCP, echo-message."""

from ircharness import Server, Skip, Tests, check, ngircd_differs

t = Tests()

with Server() as srv:
    banterd = srv.kind == "banterd"

    @t.case("PRIVMSG to a nick: delivered with the sender's full prefix")
    def _():
        a = srv.user("alice")
        b = srv.user("bob")
        a.send("PRIVMSG bob :hello bob")
        m = b.expect("PRIVMSG")
        check(m.prefix.startswith("alice!") and "@" in m.prefix and
              m.params == ["bob", "hello bob"], "got %s" % m)
        got = a.sync()
        check(not [x for x in got if x.command == "PRIVMSG"],
              "sender got its own message back: %s" % got)

    @t.case("PRIVMSG and NOTICE to a channel reach the others, not the "
            "sender")
    def _():
        users = [srv.user(n) for n in ("carol", "dave", "erin")]
        for u in users:
            u.join("#chat")
        users[0].send("PRIVMSG #chat :hi all")
        users[0].send("NOTICE #chat :a notice")
        for u in users[1:]:
            m = u.expect("PRIVMSG")
            check(m.nick == "carol" and m.params == ["#chat", "hi all"],
                  "%s got %s" % (u.name, m))
            m = u.expect("NOTICE")
            check(m.params == ["#chat", "a notice"], "%s got %s" % (u.name, m))
        got = users[0].sync()
        check(not [x for x in got if x.command in ("PRIVMSG", "NOTICE")],
              "sender got its own message: %s" % got)

    @t.case("several targets in one PRIVMSG")
    def _():
        a = srv.user("frank")
        b = srv.user("gina")
        c = srv.user("hank")
        c.join("#multi")
        a.join("#multi")
        c.roundtrip()
        a.send("PRIVMSG gina,#multi :to both")
        check(b.expect("PRIVMSG").text == "to both", "gina")
        m = c.expect("PRIVMSG")
        check(m.params == ["#multi", "to both"], "hank got %s" % m)

    @t.case("more targets than MAXTARGETS/TARGMAX: 407")
    def _():
        a = srv.user("targets")
        limit = a.isupport.get("MAXTARGETS")
        for item in a.isupport.get("TARGMAX", "").split(","):
            if item.upper().startswith("PRIVMSG:") and item[8:]:
                limit = item[8:]
        if not limit:
            raise Skip("no target limit advertised")
        n = int(limit)
        names = ["tgt%d" % i for i in range(n + 1)]
        for nick in names:
            srv.user(nick)
        a.send("PRIVMSG %s :to many" % ",".join(names))
        got = a.sync()
        check("407" in [m.command for m in got],
              "%d targets with a limit of %d: %s" % (n + 1, n, got))

    @t.case("CTCP requests and replies pass through unchanged")
    def _():
        a = srv.user("ivy")
        b = srv.user("jack")
        a.send("PRIVMSG jack :\x01VERSION\x01")
        m = b.expect("PRIVMSG")
        check(m.text == "\x01VERSION\x01", "CTCP request: %r" % m.raw)
        b.send("NOTICE ivy :\x01VERSION test 1.0\x01")
        m = a.expect("NOTICE")
        check(m.text == "\x01VERSION test 1.0\x01", "CTCP reply: %r" % m.raw)
        a.join("#act")
        b.join("#act")
        a.send("PRIVMSG #act :\x01ACTION waves\x01")
        m = b.expect("PRIVMSG")
        check(m.text == "\x01ACTION waves\x01", "ACTION: %r" % m.raw)

    @t.case("texts starting with ':' or spaces arrive unchanged")
    def _():
        a = srv.user("colon")
        b = srv.user("spaces")
        texts = [":-)", "::", " leading space", "two  spaces", ":"]
        if not ngircd_differs(srv, "it strips trailing spaces from a "
                              "message's text"):
            texts.append("trailing space ")
        for text in texts:
            a.send("PRIVMSG spaces :" + text)
            m = b.expect("PRIVMSG")
            check(m.text == text, "sent %r, got %r (%s)" % (text, m.text,
                                                           m.raw))
        a.send("PRIVMSG spaces word")
        check(b.expect("PRIVMSG").text == "word", "a one-word text "
              "without ':'")

    @t.case("UTF-8 and colour codes pass through intact")
    def _():
        a = srv.user("kate")
        b = srv.user("liam")
        text = "gr\u00fc\u00dfe \u65e5\u672c \U0001f600 \x02bold\x02 \x0304red"
        a.send("PRIVMSG liam :" + text)
        m = b.expect("PRIVMSG")
        check(m.text == text, "got %r" % m.text)

    @t.case("a maximal PRIVMSG is relayed within 512 bytes")
    def _():
        a = srv.user("mona")
        b = srv.user("ned")
        b.join("#long")
        a.join("#long")
        line = "PRIVMSG #long :"
        body = ("0123456789" * 60)[:510 - len(line)]
        a.send(line + body)
        b.expect("PRIVMSG")
        raw = [r for r in b.seen if " PRIVMSG " in r][-1]
        check(len(raw.encode()) <= 510, "relayed line is %d bytes (+CRLF), "
              "over 512" % len(raw.encode()))
        text = raw.split(" :", 1)[1]
        if srv.kind == "ngircd":
            text = text.replace("[CUT]", "")    # ngircd marks the cut
        check(len(text) > 400 and body.startswith(text),
              "relayed text is not a prefix of what was sent")

    @t.case("NOTICE never gets an automatic error reply")
    def _():
        a = srv.user("olga")
        a.send("NOTICE nobodyhere :x")
        a.send("NOTICE #nochannel :x")
        a.send("NOTICE olga")
        got = a.sync()
        check(not [m for m in got if m.command.isdigit()],
              "NOTICE drew replies: %s" % got)

    @t.case("echo-message: the sender gets its own messages back")
    def _():
        if not banterd:
            raise Skip("ngircd has no echo-message")
        a = srv.user("pete", caps=["echo-message", "server-time"])
        check("echo-message" in a.caps, "echo-message not ACKed")
        b = srv.user("quinn")
        a.join("#echo")
        b.join("#echo")
        a.send("PRIVMSG #echo :echoed")
        m = a.expect("PRIVMSG")
        check(m.nick == "pete" and m.params == ["#echo", "echoed"],
              "echo: %s" % m)
        check("time" in m.tags, "echo lacks server-time tag: %s" % m.raw)
        a.send("PRIVMSG quinn :private echo")
        m = a.expect("PRIVMSG")
        check(m.params == ["quinn", "private echo"], "echo: %s" % m)
        a.send("NOTICE quinn :notice echo")
        m = a.expect("NOTICE")
        check(m.params == ["quinn", "notice echo"], "echo: %s" % m)
        check(b.expect("PRIVMSG").text == "echoed", "quinn")

    @t.case("echo-message: a message to a channel the sender is not in "
            "(no +n) is echoed too, once")
    def _():
        if not banterd:
            raise Skip("ngircd has no echo-message")
        a = srv.user("outsider", caps=["echo-message"])
        b = srv.user("insider")
        b.join("#open")
        b.send("MODE #open -n")
        b.sync()
        a.send("PRIVMSG #open :from outside")
        check(b.expect("PRIVMSG").text == "from outside", "insider")
        got = [m for m in a.sync() if m.command == "PRIVMSG"]
        check(len(got) == 1 and got[0].params == ["#open", "from outside"],
              "echo to the outsider: %s" % got)

    @t.case("message-tags: client-only tags reach clients that asked")
    def _():
        if not banterd:
            raise Skip("ngircd has no message-tags")
        a = srv.user("rick", caps=["message-tags"])
        b = srv.user("sara", caps=["message-tags"])
        c = srv.user("theo")
        check("message-tags" in b.caps, "message-tags not ACKed")
        a.send("@+example/tag=value PRIVMSG sara :tagged")
        m = b.expect("PRIVMSG")
        check(m.tags.get("+example/tag") == "value",
              "client tag lost: %s" % m.raw)
        a.send("@+example/tag=value PRIVMSG theo :tagged")
        m = c.expect("PRIVMSG")
        check(not m.tags, "tags sent to a client without message-tags: %s"
              % m.raw)

t.done()
