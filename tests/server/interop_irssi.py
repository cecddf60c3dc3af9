#!/usr/bin/env python3
"""Interop: irssi, driven in a private tmux, connects, joins and chats
with a scripted client; then irssi and ii see each other's messages."""

import os
import shutil
import subprocess
import sys
import time

from ircharness import II, SKIP, Fail, Server, Tests, check, say, wait_for

for tool in ("irssi", "tmux", "ii"):
    if not shutil.which(tool):
        print("1..0 # SKIP %s is not installed" % tool)
        sys.exit(SKIP)

t = Tests()
TMUX_CONF = """set -g escape-time 0
set -g status off
set -g remain-on-exit on
set -g history-limit 2000
"""
IRSSI_CONF = """settings = {
  core = { real_name = "irssi tester"; user_name = "irssi"; nick = "irssiuser"; };
  "irc/core" = { cmds_max_at_once = "100"; cmd_queue_speed = "10msec"; };
  "fe-common/core" = { autocreate_own_query = "no"; };
};
"""


class Tmux:
    """A private tmux server (its own socket) running one program."""

    def __init__(self, workdir, argv, env):
        self.sock = os.path.join(workdir, "tmux.sock")
        conf = os.path.join(workdir, "tmux.conf")
        with open(conf, "w") as f:
            f.write(TMUX_CONF)
        self.env = env
        self.base = ["tmux", "-S", self.sock, "-f", conf]
        self.run("new-session", "-d", "-x", "120", "-y", "40", "--", *argv)

    def run(self, *args):
        return subprocess.run(self.base + list(args), env=self.env,
                              stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, timeout=10)

    def type(self, text):
        self.run("send-keys", "-l", text)
        self.run("send-keys", "Enter")

    def screen(self):
        return self.run("capture-pane", "-p", "-J", "-S", "-200"
                        ).stdout.decode("utf-8", "replace")

    def wait_screen(self, text, timeout=10):
        try:
            return wait_for(lambda: text in self.screen(), timeout=timeout,
                            step=0.05, what="%r on irssi's screen" % text)
        except Fail as e:
            raise Fail("%s\nthe screen:\n%s" % (e, self.screen()))

    def kill(self):
        self.run("kill-server")


with Server() as srv:
    home = os.path.join(srv.dir, "irssi-home")
    os.makedirs(home)
    with open(os.path.join(home, "config"), "w") as f:
        f.write(IRSSI_CONF)
    env = dict(os.environ, HOME=srv.dir, LANG="C.UTF-8", LC_ALL="C.UTF-8",
               TERM="xterm-256color", XDG_CONFIG_HOME=srv.dir,
               XDG_RUNTIME_DIR=srv.dir, TMUX_TMPDIR=srv.dir)
    env.pop("TMUX", None)
    argv = ["irssi", "--home=" + home, "-n", "irssiuser", "-c", "127.0.0.1",
            "-p", str(srv.port)]
    tmux = None
    ii = None
    observer = None
    try:
        @t.case("irssi connects and registers", fatal=True)
        def _():
            global observer, tmux
            observer = srv.user("observer", keep=True)
            tmux = Tmux(srv.dir, argv, env)

            def online():
                observer.send("ISON irssiuser")
                return "irssiuser" in observer.expect("303").text.split()
            try:
                wait_for(online, timeout=15, step=0.2, what="irssi online")
            except Fail as e:
                raise Fail("%s\nscreen:\n%s" % (e, tmux.screen()))

        @t.case("irssi joins a channel; the scripted client sees the JOIN")
        def _():
            observer.join("#irssi")
            tmux.type("/join #irssi")
            m = observer.expect("JOIN", timeout=10)
            check(m.nick == "irssiuser", "JOIN from %s" % m)
            # Typing goes to the active window: wait until irssi shows the
            # channel as joined.
            tmux.wait_screen("has joined #irssi")

        @t.case("a message typed in irssi reaches the scripted client")
        def _():
            tmux.type("hello from irssi")
            m = observer.expect("PRIVMSG", timeout=10)
            check(m.nick == "irssiuser" and
                  m.params == ["#irssi", "hello from irssi"],
                  "got %s" % m)

        @t.case("the scripted client's message shows on irssi's screen")
        def _():
            observer.send("PRIVMSG #irssi :hello irssi, from the script")
            tmux.wait_screen("hello irssi, from the script")

        @t.case("irssi and ii see each other's messages")
        def _():
            global ii
            ii = II(srv, "iiuser", srv.dir)
            ii.write("/j #irssi")
            m = observer.expect("JOIN", timeout=10)
            check(m.nick == "iiuser", "JOIN from %s" % m)
            tmux.wait_screen("iiuser")
            ii.write("ii says hi to irssi", ("#irssi",))
            tmux.wait_screen("ii says hi to irssi")
            tmux.type("irssi answers ii")
            ii.wait_out("<irssiuser> irssi answers ii", "#irssi", timeout=10)

        @t.case("irssi quits; the others see it")
        def _():
            tmux.type("/quit bye from irssi")
            m = observer.expect("QUIT", timeout=10)
            check(m.nick == "irssiuser" and "bye from irssi" in m.text,
                  "QUIT: %s" % m)
            start = time.monotonic()
            ii.wait_out("bye from irssi")   # ii logs QUITs at the server
            say("ii saw it after %.1fs" % (time.monotonic() - start))
    finally:
        if tmux:
            tmux.kill()
        if ii:
            ii.stop()

t.done()
