#!/usr/bin/env python3
"""banter against a hostile server: a fake IRC server on loopback sends
malformed, overlong, control-laden and flooding lines; banter must stay
up, keep the terminal clean, and still /quit with 0."""

import random

import ircharness as h
from ircharness import check
import tuitest

tuitest.need_tmux()
t = h.Tests()


def hostile_lines():
    rnd = random.Random(4)
    lines = [
        b":srv 005 ana PREFIX=(" + b"o" * 40 + b")@+ CHANTYPES=" +
        b"#" * 40 + b" CASEMAPPING=bogus :are supported",
        b":srv 005 ana PREFIX=(ov)@ PREFIX PREFIX= :x",
        b":srv CAP * LS :" + b"multi-prefix " * 30,
        b":srv CAP ana ACK",
        b":", b"@", b"@a", b": x", b"  ", b"PING", b"PONG",
        b":a!b@c PRIVMSG", b":a!b@c PRIVMSG #lobby", b":a!b@c JOIN",
        b":a!b@c PART", b":a!b@c KICK #lobby", b":a!b@c QUIT", b"MODE",
        b":a!b@c NICK", b":a!b@c NICK :", b":a!b@c TOPIC",
        b":a!b@c INVITE ana", b"ERROR", b":srv 001", b":srv 353",
        b":srv 333 ana #lobby nick notanumber",
        b":srv 333 ana #lobby nick 99999999999999999999999",
        b":srv 432", b":srv 999 ana a b c d e f g h i j k l m n o p q r",
        b":a!b@c PRIVMSG #lobby :\x01ACTION",
        b":a!b@c PRIVMSG #lobby :\x01",
        b":a!b@c PRIVMSG #lobby :\x01\x01\x01",
        b":a!b@c PRIVMSG ana :\x01VERSION\x01",
        b":a!b@c PRIVMSG ana :\x01VERSION\x01",
        b"@time=garbage :a!b@c PRIVMSG #lobby :bad time",
        b"@time=2026-13-45T99:99:99.000Z :a!b@c PRIVMSG #lobby :bad date",
        b"@" + b"k=\\\\\\s\\:\\" * 300 + b" :a!b@c PRIVMSG #lobby :tags",
        b":a!b@c JOIN #" + b"x" * 450,
        b":ana!u@h JOIN #" + b"y" * 450,
        b":ana!u@h JOIN #\x1b[2Jevil",
        b":a!b@c PRIVMSG #lobby :\x1b]0;title\x07\x1b[31m\x9b\x90\xff\xfe"
        b"\xc0\xaf\xed\xa0\x80\xf4\x90\x80\x80\x00x",
        b":a!b@c PRIVMSG #lobby :" + "\u202e\u200b\ufeff\U0001F600"
        "e\u0301".encode() * 20,
        b":a!b@c PRIVMSG #lobby :\x03" + b"99,99" * 50 + b"\x04ffffff"
        b"\x16\x1d\x1e\x1f\x11\x0f",
        b":" + b"n" * 500 + b"!u@h PRIVMSG ana :long nick",
        b":srv 353 ana = #lobby :" + b" ".join(b"@+%c" % (65 + i % 26)
                                              for i in range(200)),
    ]
    lines += [b":srv 433 * ana :in use"] * 40
    lines += [b":q%d!u@h PRIVMSG ana :window %d" % (i, i) for i in range(250)]
    lines += [bytes(rnd.randrange(1, 256) for _ in range(rnd.randrange(1, 600)))
              .replace(b"\n", b"").replace(b"\r", b"") for _ in range(300)]
    return lines


@t.case("a hostile server cannot crash banter or write to the terminal")
def _():
    srv, tm = tuitest.fake_session()
    try:
        title = tm.info("#{pane_title}")
        blob = b"".join(line + b"\r\n" for line in hostile_lines())
        # An overlong line, then a NUL inside one, then the marker.
        blob += b":a!b@c PRIVMSG #lobby :" + b"z" * 20000 + b"\r\n"
        blob += b":a!b@c PRIVMSG #lobby :nul\x00byte\r\n"
        blob += b":a!b@c PRIVMSG #lobby :FINAL MARKER\r\n"
        srv.send(blob)
        tm.keys("M-2")
        tm.wait_text("FINAL MARKER", timeout=20)
        check(tm.info("#{pane_title}") == title, "the title changed")
        # Past WINDOWS_MAX, private messages land in the server window,
        # not in some other conversation's.
        srv.send(":late!u@h PRIVMSG ana :LATE QUERY\r\n")
        tm.keys("M-1")
        tm.wait_text("LATE QUERY")
        tm.line("/query zz")
        tm.wait_text("windows are open already")
        check(tm.info("#{pane_dead}") == "0", "banter died")
        scr = tm.screen()
        check(scr.split("\n")[0] != "" or "FINAL MARKER" in scr,
              "the screen looks cleared:\n%s" % scr)
        tm.line("/quit")
        srv.lines_until("QUIT")
        srv.close()
        status = tm.exit_status()
        check(status == 0, "exit status %d; screen:\n%s" % (status,
                                                             tm.screen()))
    finally:
        tm.close()
        srv.close()


t.done()
