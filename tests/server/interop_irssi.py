#!/usr/bin/env python3
"""Interop: irssi, driven in a private tmux, connects, joins and chats
with a scripted client; then irssi and ii see each other's messages.

irssi runs as tests/interop/interoplib.py runs it (its configuration, in
a tests/tmuxdriver.py Pane)."""

import os
import sys
import time

from ircharness import II, Server, Tests, check, say

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "interop"))
import interoplib as lib  # noqa: E402  (needs the path above)

lib.need("irssi", "tmux", "ii")

t = Tests()
W = lib.WAIT


with Server() as srv:
    irssi = None
    ii = None
    observer = None
    try:
        @t.case("irssi connects and registers", fatal=True)
        def _():
            global observer, irssi
            observer = srv.user("observer", keep=True)
            irssi = lib.irssi(srv, "irssiuser", srv.dir)
            lib.wait_online(observer, "irssiuser", irssi, "irssi online")

        @t.case("irssi joins a channel; the scripted client sees the JOIN")
        def _():
            observer.join("#irssi")
            irssi.line("/join #irssi")
            m = observer.expect("JOIN", timeout=10)
            check(m.nick == "irssiuser", "JOIN from %s" % m)
            # Typing goes to the active window: wait until irssi shows the
            # channel as joined.
            irssi.wait_text("has joined #irssi", W)

        @t.case("a message typed in irssi reaches the scripted client")
        def _():
            irssi.line("hello from irssi")
            m = observer.expect("PRIVMSG", timeout=10)
            check(m.nick == "irssiuser" and
                  m.params == ["#irssi", "hello from irssi"],
                  "got %s" % m)

        @t.case("the scripted client's message shows on irssi's screen")
        def _():
            observer.send("PRIVMSG #irssi :hello irssi, from the script")
            irssi.wait_text("hello irssi, from the script", W)

        @t.case("irssi and ii see each other's messages")
        def _():
            global ii
            ii = II(srv, "iiuser", srv.dir)
            ii.write("/j #irssi")
            m = observer.expect("JOIN", timeout=10)
            check(m.nick == "iiuser", "JOIN from %s" % m)
            irssi.wait_text("iiuser", W)
            ii.write("ii says hi to irssi", ("#irssi",))
            irssi.wait_text("ii says hi to irssi", W)
            irssi.line("irssi answers ii")
            ii.wait_out("<irssiuser> irssi answers ii", "#irssi", timeout=10)

        @t.case("irssi quits; the others see it")
        def _():
            irssi.line("/quit bye from irssi")
            m = observer.expect("QUIT", timeout=10)
            check(m.nick == "irssiuser" and "bye from irssi" in m.text,
                  "QUIT: %s" % m)
            start = time.monotonic()
            ii.wait_out("bye from irssi")   # ii logs QUITs at the server
            say("ii saw it after %.1fs" % (time.monotonic() - start))
    finally:
        if irssi:
            irssi.close()
        if ii:
            ii.stop()

t.done()
