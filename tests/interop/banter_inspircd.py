#!/usr/bin/env python3
"""Interop: banter, in tmux, against InspIRCd (Debian's inspircd) on a
free loopback port, with a scripted second user (interoplib.py)."""

import os

import ircharness as h
import interoplib as lib

if not os.access(lib.InspIRCd.BINARY, os.X_OK):
    lib.skip("InspIRCd is not installed (%s; Debian package inspircd)"
             % lib.InspIRCd.BINARY)
lib.need("tmux")
t = h.Tests()
srv = None
try:
    @t.case("InspIRCd starts on a free loopback port", fatal=True)
    def _():
        global srv
        srv = lib.InspIRCd(ipv6=True)
    if srv:
        lib.banter_cases(t, srv)
finally:
    if srv:
        srv.stop()
t.done()
