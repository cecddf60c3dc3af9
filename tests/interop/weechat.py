#!/usr/bin/env python3
"""Interop: weechat-headless, irssi (in tmux) and a scripted client chat
in #lobby through banterd, as three friends would: channel lines each
way, private messages, nick changes seen by the others, and a /quit.

weechat is driven through its fifo plugin and read back from its logger
plugin's files (interoplib.Weechat); irssi through tmux keys and its
screen."""

import ircharness as h
from ircharness import check, say
import interoplib as lib

lib.need_weechat()
lib.need("irssi", "tmux")

t = h.Tests()
W = lib.WAIT


def irssi_line(tmux, nick, text):
    """irssi shows "<nick> text" (a mode prefix may stand before nick)."""
    def seen(screen):
        return any(text in row and nick in row.partition(text)[0]
                   for row in screen.split("\n"))
    return tmux.wait(seen, "<%s> %s on irssi's screen" % (nick, text), W)


# As a person runs it: `banterd -l 127.0.0.1:PORT`, built-in defaults.
with lib.person_server() as srv:
    wee = irssi = script = None
    try:
        @t.case("weechat-headless registers and joins #lobby", fatal=True)
        def _():
            global wee, script
            script = srv.user("script", keep=True)
            script.join("#lobby")
            wee = lib.Weechat(srv, "weeuser", srv.dir)
            m = script.expect("JOIN", lambda m: m.nick == "weeuser",
                              what="weechat's JOIN", timeout=W)
            check(m.params[0] == "#lobby", "JOIN %s" % m)
            wee.wait_event("#lobby", "has joined #lobby")
            caps = wee.wait_event(None, "client capability, enabled")
            say("weechat: %s" % caps[1])

        @t.case("irssi registers and joins #lobby", fatal=True)
        def _():
            global irssi
            irssi = lib.irssi(srv, "irssiuser", srv.dir)
            lib.wait_online(script, "irssiuser", irssi, "irssi online")
            irssi.line("/join #lobby")
            script.expect("JOIN", lambda m: m.nick == "irssiuser",
                          what="irssi's JOIN", timeout=W)
            # Keys go to the active window: wait for irssi to be in it.
            irssi.wait_text("has joined #lobby", W)
            wee.wait_event("#lobby", "irssiuser")
            # irssi asks MODE, WHO and the ban list after joining; it
            # says "synced" once every answer has come.
            irssi.wait_text("Join to #lobby was synced", W)

        @t.case("a line from weechat reaches irssi and the scripted client")
        def _():
            wee.say("#lobby", "hello from weechat")
            m = script.expect("PRIVMSG", lambda m: m.nick == "weeuser",
                              what="weechat's line", timeout=W)
            check(m.params == ["#lobby", "hello from weechat"], "got %s" % m)
            irssi_line(irssi, "weeuser", "hello from weechat")

        @t.case("a line from irssi reaches weechat and the scripted client")
        def _():
            irssi.line("hello from irssi")
            m = script.expect("PRIVMSG", lambda m: m.nick == "irssiuser",
                              what="irssi's line", timeout=W)
            check(m.params == ["#lobby", "hello from irssi"], "got %s" % m)
            wee.wait_message("#lobby", "irssiuser", "hello from irssi")

        @t.case("the scripted client's line reaches weechat and irssi")
        def _():
            script.send("PRIVMSG #lobby :hello from the script, ünïcode ✓")
            wee.wait_message("#lobby", "script",
                             "hello from the script, ünïcode ✓")
            irssi_line(irssi, "script", "hello from the script, ünïcode ✓")

        @t.case("an action from weechat and a topic from the script are "
                "seen by all")
        def _():
            wee.command("/me waves at everyone", "#lobby")
            m = script.expect("PRIVMSG", lambda m: m.nick == "weeuser",
                              what="weechat's action", timeout=W)
            check(m.text == "\x01ACTION waves at everyone\x01", "got %s" % m)
            irssi.wait_text("weeuser waves at everyone", W)
            script.send("TOPIC #lobby :the lobby topic, set by the script")
            wee.wait_event("#lobby", "the lobby topic, set by the script")
            irssi.wait_text("the lobby topic, set by the script", W)

        @t.case("private messages: script to weechat, weechat to irssi, "
                "irssi to weechat")
        def _():
            script.send("PRIVMSG weeuser :psst, weechat")
            wee.wait_message("script", "script", "psst, weechat")
            wee.command("/msg irssiuser psst, irssi")
            # irssi puts it in a query window of its own: look there.
            irssi.wait(lambda scr: "Act:" in scr, "irssi's activity mark",
                       W)
            irssi.line("/window goto weeuser")
            irssi_line(irssi, "weeuser", "psst, irssi")
            irssi.line("/window goto #lobby")
            irssi.line("/msg weeuser psst back, from irssi")
            wee.wait_message("irssiuser", "irssiuser",
                             "psst back, from irssi")

        @t.case("nick changes are seen by the others")
        def _():
            wee.command("/nick weenew")
            m = script.expect("NICK", lambda m: m.nick == "weeuser",
                              what="weechat's NICK", timeout=W)
            check(m.text == "weenew", "NICK %s" % m)
            wee.wait_event(None, "You are now known as weenew")
            irssi.wait_text("weeuser is now known as weenew", W)
            irssi.line("/nick irssinew")
            m = script.expect("NICK", lambda m: m.nick == "irssiuser",
                              what="irssi's NICK", timeout=W)
            check(m.text == "irssinew", "NICK %s" % m)
            wee.wait_event("#lobby", "irssiuser is now known as irssinew")
            script.send("NICK scripted")
            script.expect("NICK", lambda m: m.nick == "script")
            wee.wait_event("#lobby", "script is now known as scripted")
            irssi.wait_text("script is now known as scripted", W)
            wee.say("#lobby", "same friend, new name")
            irssi_line(irssi, "weenew", "same friend, new name")

        @t.case("weechat /quit: the others see it, weechat exits 0")
        def _():
            wee.command("/quit bye from weechat", "core")
            m = script.expect("QUIT", lambda m: m.nick == "weenew",
                              what="weechat's QUIT", timeout=W)
            irssi.wait_text("weenew", W)
            irssi.wait(lambda scr: "has quit" in scr, "irssi showing the "
                       "quit", W)
            if "bye from weechat" not in m.text:
                # weechat closes right after its QUIT: a QUIT still held
                # by the flood throttle is lost (weechat_flood.py).
                say("the QUIT reason was lost: %s" % m)
            status = wee.wait_exit()
            check(status == 0, "weechat exited with %d" % status)

        @t.case("weechat showed no error from the server")
        def _():
            for buf in (None, "#lobby"):
                errors = [m for p, m in wee.lines(buf) if p == "=!="]
                check(not errors, "weechat's %s buffer shows errors:\n%s"
                      % (buf or "server", "\n".join(errors)))
    finally:
        if irssi:
            irssi.close()
        if wee:
            wee.stop()

t.done()
