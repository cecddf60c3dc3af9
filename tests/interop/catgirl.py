#!/usr/bin/env python3
"""Interop: catgirl (Debian package catgirl) chats with a scripted client
in #lobby through banterd.

catgirl speaks only TLS and banterd has none, so stunnel (Debian package
stunnel4) takes TLS on a free loopback port in front of banterd, with a
certificate made for the run that catgirl is told not to verify (-!,
"insecure").  catgirl runs in a private tmux server at a fixed size; keys
go in with send-keys and what it shows is read back with capture-pane.
Both ways: channel lines, a private message, a topic, a nick change, and
catgirl's /quit (it exits 0; the others see the QUIT)."""

import os
import re
import signal
import subprocess
import time

import ircharness as h
from ircharness import Fail, check, say, wait_for
import interoplib as lib
import tlsfront

lib.need("catgirl", "tmux")
tlsfront.need()

W = lib.WAIT
WIDTH, HEIGHT = 100, 30


class Catgirl:
    """One catgirl in its own tmux server (socket and config in workdir,
    HOME there too), connected to 127.0.0.1:port over TLS as nick and
    joining #lobby.  interoplib has no tmux driver for a program of
    ours to name (its irssi() is irssi's own), hence this small one."""

    def __init__(self, port, nick, workdir):
        self.dir = os.path.join(workdir, "catgirl-" + nick)
        home = os.path.join(self.dir, "home")
        os.makedirs(os.path.join(home, ".config"))
        self.sock = os.path.join(self.dir, "tmux.sock")
        self.conf = os.path.join(self.dir, "tmux.conf")
        with open(self.conf, "w") as f:
            f.write("set -g escape-time 0\nset -g status off\n"
                    "set -g remain-on-exit on\n"
                    "set -g default-terminal tmux-256color\n")
        env = ["HOME=" + home, "XDG_CONFIG_HOME=" + home + "/.config",
               "XDG_DATA_HOME=" + home + "/.local/share",
               "LANG=C.UTF-8", "LC_ALL=C.UTF-8", "USER=" + nick]
        self.tmux("new-session", "-d", "-x", str(WIDTH), "-y", str(HEIGHT),
                  "--", "env", *env, "catgirl", "-!", "-h", "127.0.0.1",
                  "-p", str(port), "-n", nick, "-u", "catgirl",
                  "-r", "catgirl tester", "-j", "#lobby")
        self.pid = int(self.info("#{pane_pid}"))

    def tmux(self, *args):
        res = subprocess.run(["tmux", "-S", self.sock, "-f", self.conf] +
                             list(args), stdin=subprocess.DEVNULL,
                             capture_output=True, timeout=10)
        if res.returncode != 0:
            raise Fail("tmux %s: %s" % (args[0], res.stderr.decode(
                errors="replace").strip()))
        return res.stdout.decode("utf-8", "replace")

    def line(self, text):
        """Type text (literally) and Enter."""
        self.tmux("send-keys", "-l", text)
        self.tmux("send-keys", "Enter")

    def screen(self):
        return self.tmux("capture-pane", "-p")

    def shows(self, pattern, what=None, timeout=W, top=False):
        """Wait until a row of the screen (the top row, catgirl's status
        line, if top) matches the regular expression pattern; the row.
        On failure the screen is in the message."""
        rx = re.compile(pattern)

        def row():
            rows = self.screen().split("\n")
            return next((r for r in rows[:1 if top else None]
                         if rx.search(r)), None)
        try:
            return wait_for(row, timeout=timeout, step=0.05,
                            what=what or "/%s/ on catgirl's screen" % pattern)
        except Fail as e:
            raise Fail("%s; the screen:\n%s" % (e, self.screen()))

    def info(self, fmt):
        return self.tmux("display-message", "-p", fmt).strip()

    def exited(self):
        """True once catgirl has ended (a zombie counts: tmux reaps it)."""
        try:
            with open("/proc/%d/stat" % self.pid) as f:
                return f.read().rpartition(")")[2].split()[0] == "Z"
        except OSError:
            return True

    def exit_status(self, timeout=W):
        """catgirl's exit status once it has ended.  tmux 3.3a can miss a
        pane's exit: once catgirl is gone, its tmux server gets a SIGCHLD
        (the nudge of STYLE.md), again every second if need be."""
        nudged = [0.0]

        def status():
            value = self.info("#{pane_dead_status}")
            if not value and self.exited() and \
                    time.monotonic() - nudged[0] >= 1:
                os.kill(int(self.info("#{pid}")), signal.SIGCHLD)
                nudged[0] = time.monotonic()
            return value
        try:
            return int(wait_for(status, timeout=timeout, step=0.05,
                                what="catgirl to exit"))
        except Fail as e:
            raise Fail("%s; the screen:\n%s" % (e, self.screen()))

    def close(self):
        subprocess.run(["tmux", "-S", self.sock, "kill-server"],
                       stdin=subprocess.DEVNULL, capture_output=True,
                       timeout=10)


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
            say("TLS on 127.0.0.1:%d, banterd on 127.0.0.1:%d"
                % (front.port, srv.port))

        @t.case("catgirl connects over TLS, registers and joins #lobby; "
                "the topic is shown", fatal=True)
        def _():
            global cat, bob
            bob = srv.user("bob", keep=True)
            bob.join("#lobby")
            bob.send("TOPIC #lobby :the lobby before catgirl came")
            bob.expect("TOPIC", what="the TOPIC echo")
            cat = Catgirl(front.port, "kitty", srv.dir)
            try:
                m = bob.expect("JOIN", lambda m: m.nick == "kitty",
                               what="catgirl's JOIN", timeout=W)
            except Fail as e:
                raise Fail("%s\ncatgirl's screen:\n%s\nstunnel's log:\n%s"
                           % (e, cat.screen(), front.log_tail()))
            check(m.params[0] == "#lobby", "JOIN %s" % m)
            cat.shows(event("kitty", "arrives in", "#lobby"))
            cat.shows(event("The sign in #lobby reads:",
                            "the lobby before catgirl came"))

        @t.case("a line from the script shows in catgirl; catgirl's line "
                "reaches the script")
        def _():
            bob.send("PRIVMSG #lobby :hello kitty, ünïcode ✓")
            cat.shows(said("bob", "hello kitty, ünïcode ✓"))
            cat.line("hello bob, from catgirl ✓")
            bob_got("kitty", "#lobby", "hello bob, from catgirl ✓")
            cat.shows(said("kitty", "hello bob, from catgirl ✓"))

        @t.case("private messages both ways")
        def _():
            bob.send("PRIVMSG kitty :a private word, kitty")
            # catgirl opens a window for bob and lists it in the status
            # line (top row) without switching to it.
            cat.shows(r"\bbob\b", "a window for bob in the status line",
                      top=True)
            cat.line("/window bob")
            cat.shows(said("bob", "a private word, kitty"))
            cat.line("/msg bob psst back, from catgirl")
            bob_got("kitty", "bob", "psst back, from catgirl")
            cat.line("/window #lobby")
            cat.shows(said("kitty", "hello bob, from catgirl ✓"),
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
            cat.shows(event("kitty", "places a new sign in", "#lobby:") +
                      r".*Cats and friends!\s*$")
            bob.send("TOPIC #lobby :Script's topic now")
            cat.shows(event("bob", "places a new sign in", "#lobby:") +
                      r".*Script's topic now\s*$")

        @t.case("nick changes both ways")
        def _():
            cat.line("/nick kitten")
            m = bob.expect("NICK", lambda m: m.nick == "kitty",
                           what="catgirl's NICK")
            check(m.text == "kitten", "NICK %s" % m)
            cat.shows(event("kitty", "is now known as", "kitten"))
            bob.send("NICK bobby")
            bob.expect("NICK", lambda m: m.nick == "bob")
            cat.shows(event("bob", "is now known as", "bobby"))
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
