#!/usr/bin/env python3
"""A client that closes (or half-closes) right after a burst: the lines
flood control still holds are run at the flood pace, never dropped, a
QUIT among them keeps its reason, and the server does not spin while it
waits (the closed socket is no longer polled)."""

import socket
import time

from ircharness import (Server, Tests, check, proc_cpu_seconds,
                        require_banterd, say)

require_banterd("the lines held by flood control at a client's EOF")
t = Tests()
RATE = 5
BURST = 5
LINES = 12


def settle():
    """Let the flood budget spent on registering refill (the rate is
    RATE lines/s, so BURST / RATE seconds is enough)."""
    time.sleep(BURST / RATE + 0.2)


def collect(watcher, nick, timeout):
    """PRIVMSG texts from nick up to its QUIT; returns (texts, quit)."""
    got = []
    for _ in range(LINES + 2):
        m = watcher.expect(("PRIVMSG", "QUIT"), lambda m: m.nick == nick,
                           what="%s's lines and QUIT" % nick,
                           timeout=timeout)
        if m.command == "QUIT":
            return got, m
        got.append(m.text)
    return got, None


with Server(conf={"flood_burst": BURST, "flood_rate": RATE}) as srv:
    watcher = srv.user("watcher", keep=True)
    watcher.join("#eof")
    burst = ["PRIVMSG #eof :line %d" % i for i in range(LINES)]
    want = ["line %d" % i for i in range(LINES)]

    @t.case("a burst, QUIT with a reason, close: every line in order, "
            "then the QUIT with its reason")
    def _():
        c = srv.user("paster")
        c.join("#eof")
        watcher.expect("JOIN", lambda m: m.nick == "paster")
        settle()
        c.sendraw("\r\n".join(burst + ["QUIT :gone for lunch"]) + "\r\n")
        c.close()
        got, quit = collect(watcher, "paster", timeout=LINES / RATE + 5)
        say("received %d lines, then %s" % (len(got), quit))
        check(got == want, "lines received: %s" % got)
        check(quit is not None and "gone for lunch" in quit.text,
              "the QUIT reason was lost: %s" % quit)

    @t.case("a burst then close without QUIT: every line, then 'Remote "
            "host closed the connection'; no CPU burnt while waiting")
    def _():
        c = srv.user("closer")
        c.join("#eof")
        watcher.expect("JOIN", lambda m: m.nick == "closer")
        settle()
        cpu = proc_cpu_seconds(srv.proc.pid)
        start = time.monotonic()
        c.sendraw("\r\n".join(burst) + "\r\n")
        c.close()
        got, quit = collect(watcher, "closer", timeout=LINES / RATE + 5)
        took = time.monotonic() - start
        used = proc_cpu_seconds(srv.proc.pid) - cpu
        say("%d lines in %.1fs, then %s; server CPU %.2fs" % (
            len(got), took, quit, used))
        check(got == want, "lines received: %s" % got)
        check(quit is not None and "Remote host closed" in quit.text,
              "wrong QUIT: %s" % quit)
        check(took >= (LINES - BURST) / RATE * 0.7,
              "the held lines were not paced (%.1fs)" % took)
        check(used < 0.5 * took + 0.1,
              "the server spun while the lines were held (%.2fs CPU in "
              "%.1fs)" % (used, took))

    @t.case("a half-closed client still reads: its replies, then ERROR "
            "and EOF once its held lines have run")
    def _():
        c = srv.user("halfer")
        c.join("#eof")
        watcher.expect("JOIN", lambda m: m.nick == "halfer")
        settle()
        c.sendraw("\r\n".join(burst + ["PING :last-one"]) + "\r\n")
        c.sock.shutdown(socket.SHUT_WR)
        got, quit = collect(watcher, "halfer", timeout=LINES / RATE + 5)
        check(got == want, "lines received: %s" % got)
        check(quit is not None and "Remote host closed" in quit.text,
              "wrong QUIT: %s" % quit)
        lines = c.expect_closed(timeout=5)
        cmds = [m.command for m in lines]
        say("the half-closed client read: %s" % cmds)
        check(any(m.command == "PONG" and m.text == "last-one"
                  for m in lines), "no PONG for the held PING: %s" % lines)
        check(cmds and cmds[-1] == "ERROR", "no final ERROR: %s" % cmds)

    @t.case("others are served while a client's lines are held")
    def _():
        c = srv.user("slowpoke")
        c.join("#eof")
        watcher.expect("JOIN", lambda m: m.nick == "slowpoke")
        settle()
        c.sendraw("\r\n".join(burst) + "\r\n")
        c.close()
        start = time.monotonic()
        watcher.send("PING :still-here")
        watcher.expect("PONG", lambda m: m.text == "still-here",
                       timeout=1)
        say("PONG after %.2fs" % (time.monotonic() - start))
        collect(watcher, "slowpoke", timeout=LINES / RATE + 5)

t.done()
