#!/usr/bin/env python3
"""Interop: two of Debian's ii(1) clients chat through the server, in a
channel and privately, and a scripted client sees the channel talk."""

import shutil
import sys

from ircharness import II, SKIP, Server, Tests, check, wait_for

if not shutil.which("ii"):
    print("1..0 # SKIP ii is not installed (Debian package ii)")
    sys.exit(SKIP)

t = Tests()

with Server() as srv:
    clients = []
    try:
        @t.case("both ii clients register", fatal=True)
        def _():
            global observer, one, two
            observer = srv.user("observer", keep=True)
            one = II(srv, "iione", srv.dir)
            two = II(srv, "iitwo", srv.dir)
            clients.extend([one, two])

            def online():
                observer.send("ISON iione iitwo")
                m = observer.expect("303")
                return sorted(m.text.split()) == ["iione", "iitwo"]
            wait_for(online, timeout=10, step=0.2, what="ii online")

        @t.case("both join a channel; the observer sees the JOINs")
        def _():
            observer.join("#interop")
            one.write("/j #interop")
            two.write("/j #interop")
            seen = set()
            for _ in range(2):
                seen.add(observer.expect("JOIN").nick)
            check(seen == {"iione", "iitwo"}, "JOINs from %s" % seen)

        @t.case("a channel message from one ii reaches the other and the "
                "observer")
        def _():
            one.write("hello from ii one", ("#interop",))
            two.wait_out("<iione> hello from ii one", "#interop")
            m = observer.expect("PRIVMSG")
            check(m.nick == "iione" and m.params == ["#interop",
                                                      "hello from ii one"],
                  "observer got %s" % m)
            two.write("and hello back", ("#interop",))
            one.wait_out("<iitwo> and hello back", "#interop")

        @t.case("a private message between the two ii clients")
        def _():
            one.write("/j iitwo psst, privately")
            two.wait_out("<iione> psst, privately", "iione")

        @t.case("the observer's message shows up in both ii channel logs")
        def _():
            observer.send("PRIVMSG #interop :from the script")
            one.wait_out("<observer> from the script", "#interop")
            two.wait_out("<observer> from the script", "#interop")

        @t.case("ii quits; the observer sees the QUIT")
        def _():
            one.write("/q leaving now")
            m = observer.expect("QUIT")
            check(m.nick == "iione", "QUIT from %s" % m)
    finally:
        for c in clients:
            c.stop()

t.done()
