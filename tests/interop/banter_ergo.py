#!/usr/bin/env python3
"""Interop: banter, in tmux, against the Ergo IRC server (ergochat) on a
free loopback port, with a scripted second user (interoplib.py).

Debian 12 has no package of the Ergo IRC server (its package 'ergo' is a
quantum chemistry program): this test runs where an 'ergo' binary that
answers 'ergo version' like the IRC server is on PATH, and skips
otherwise."""

import ircharness as h
import interoplib as lib

binary = lib.ergo_binary()
if binary is None:
    lib.skip("the Ergo IRC server is not installed (no 'ergo' on PATH "
             "that answers 'ergo version' with ergo-N.N; Debian's 'ergo' "
             "package is a chemistry program, not this server)")
lib.need("tmux")
t = h.Tests()
srv = None
try:
    @t.case("Ergo starts on a free loopback port", fatal=True)
    def _():
        global srv
        srv = lib.Ergo(binary)
    if srv:
        lib.banter_cases(t, srv)
finally:
    if srv:
        srv.stop()
t.done()
