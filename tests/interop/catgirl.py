#!/usr/bin/env python3
"""Interop: catgirl (Debian package catgirl) chats with a scripted client
in #lobby through banterd.

catgirl speaks only TLS and banterd has none, so stunnel (Debian package
stunnel4) takes TLS on a free loopback port in front of banterd, with a
certificate made for the run that catgirl is told not to verify (-!,
"insecure").  catgirl runs in a private tmux server at a fixed size
(tests/tmuxdriver.py); keys go in with send-keys and what it shows is
read back with capture-pane.  Both ways: channel lines, a private message, a topic, a nick change, and
catgirl's /quit (it exits 0; the others see the QUIT)."""

import re

import ircharness as h
from ircharness import Fail, check, say
import interoplib as lib
import tlsfront
import tmuxdriver

lib.need("catgirl", "tmux")
tlsfront.need()

W = lib.WAIT


def catgirl(port, nick):
    """catgirl in a private tmux server (tmuxdriver.Pane: 100x30, HOME of
    its own), connecting over TLS to 127.0.0.1:port as nick and joining
    #lobby; -! because the front's certificate is self-signed."""
    return tmuxdriver.Pane(["catgirl", "-!", "-h", "127.0.0.1",
                            "-p", str(port), "-n", nick, "-u", "catgirl",
                            "-r", "catgirl tester", "-j", "#lobby"],
                           env={"USER": nick}, prefix="banter-catgirl-")


def shows(pane, pattern, what=None, top=False):
    """Wait until a row of catgirl's screen (the top row, its status line,
    if top) matches the regular expression pattern."""
    rx = re.compile(pattern)
    return pane.wait(lambda screen: any(
        rx.search(row) for row in screen.split("\n")[:1 if top else None]),
        what or "/%s/ on catgirl's screen" % pattern, W)


def said(nick, text):
    """A regular message as catgirl shows it: <nick> (a mode prefix may
    stand before the nick), then text after its alignment."""
    return r"<[~&@%%+]?%s>\s+%s" % (re.escape(nick), re.escape(text))


def event(*words):
    """An event line: the words in order, separated by catgirl's
    alignment or single spaces."""
    return r"\s+".join(re.escape(w) for w in words)


def bob_got(nick, target, text):
    """The scripted client (bob) receives text from catgirl, as nick, to
    target (#lobby, or bob himself)."""
    m = bob.expect("PRIVMSG", lambda m: m.nick == nick,
                   what="%s's message to %s" % (nick, target))
    check(m.params == [target, text], "bob got %s" % m)


t = h.Tests()

# As a person runs it: `banterd -l 127.0.0.1:PORT`, built-in defaults.
with lib.person_server() as srv:
    front = cat = bob = None
    try:
        @t.case("stunnel takes TLS on a free loopback port in front of "
                "banterd", fatal=True)
        def _():
            global front
            front = tlsfront.start(srv)
            say("TLS on 127.0.0.1:%d, %s on 127.0.0.1:%d"
                % (front.port, srv.kind, srv.port))

        @t.case("catgirl connects over TLS, registers and joins #lobby; "
                "the topic is shown", fatal=True)
        def _():
            global cat, bob
            bob = srv.user("bob", keep=True)
            bob.join("#lobby")
            bob.send("TOPIC #lobby :the lobby before catgirl came")
            bob.expect("TOPIC", what="the TOPIC echo")
            cat = catgirl(front.port, "kitty")
            try:
                m = bob.expect("JOIN", lambda m: m.nick == "kitty",
                               what="catgirl's JOIN", timeout=W)
            except Fail as e:
                raise Fail("%s\ncatgirl's screen:\n%s\nstunnel's log:\n%s"
                           % (e, cat.screen(), front.log_tail()))
            check(m.params[0] == "#lobby", "JOIN %s" % m)
            shows(cat, event("kitty", "arrives in", "#lobby"))
            shows(cat, event("The sign in #lobby reads:",
                             "the lobby before catgirl came"))

        @t.case("a line from the script shows in catgirl; catgirl's line "
                "reaches the script")
        def _():
            bob.send("PRIVMSG #lobby :hello kitty, ünïcode ✓")
            shows(cat, said("bob", "hello kitty, ünïcode ✓"))
            cat.line("hello bob, from catgirl ✓")
            bob_got("kitty", "#lobby", "hello bob, from catgirl ✓")
            shows(cat, said("kitty", "hello bob, from catgirl ✓"))

        @t.case("private messages both ways")
        def _():
            bob.send("PRIVMSG kitty :a private word, kitty")
            # catgirl opens a window for bob and lists it in the status
            # line (top row) without switching to it.
            shows(cat, r"\bbob\b", "a window for bob in the status line",
                  top=True)
            cat.line("/window bob")
            shows(cat, said("bob", "a private word, kitty"))
            cat.line("/msg bob psst back, from catgirl")
            bob_got("kitty", "bob", "psst back, from catgirl")
            cat.line("/window #lobby")
            shows(cat, said("kitty", "hello bob, from catgirl ✓"),
                  "#lobby shown again")

        @t.case("topic: catgirl sets one, the script sees it; the script "
                "sets one, catgirl shows it")
        def _():
            # catgirl shows a new topic as a change from the old one: the
            # text in common once, the old rest (struck out), the new rest.
            # Topics sharing no first or last letter keep the new one
            # whole at the end of the row.
            cat.line("/topic Cats and friends!")
            m = bob.expect("TOPIC", lambda m: m.nick == "kitty",
                           what="catgirl's TOPIC")
            check(m.params == ["#lobby", "Cats and friends!"],
                  "TOPIC %s" % m)
            shows(cat, event("kitty", "places a new sign in", "#lobby:") +
                      r".*Cats and friends!\s*$")
            bob.send("TOPIC #lobby :Script's topic now")
            shows(cat, event("bob", "places a new sign in", "#lobby:") +
                      r".*Script's topic now\s*$")

        @t.case("nick changes both ways")
        def _():
            cat.line("/nick kitten")
            m = bob.expect("NICK", lambda m: m.nick == "kitty",
                           what="catgirl's NICK")
            check(m.text == "kitten", "NICK %s" % m)
            shows(cat, event("kitty", "is now known as", "kitten"))
            bob.send("NICK bobby")
            bob.expect("NICK", lambda m: m.nick == "bob")
            shows(cat, event("bob", "is now known as", "bobby"))
            cat.line("same cat, new name")
            bob_got("kitten", "#lobby", "same cat, new name")

        @t.case("catgirl /quit: the script sees the QUIT, catgirl exits 0")
        def _():
            cat.line("/quit bye from catgirl")
            m = bob.expect("QUIT", lambda m: m.nick == "kitten",
                           what="catgirl's QUIT", timeout=W)
            check("bye from catgirl" in m.text, "QUIT %s" % m)
            status = cat.exit_status()
            check(status == 0, "catgirl exited with %d; the screen:\n%s"
                  % (status, cat.screen()))
    finally:
        if cat:
            cat.close()
        if front:
            front.stop()
        if bob:
            bob.close()

t.done()
