#!/usr/bin/env python3
"""banter's side of the connection against a scripted server: CAP
negotiation (multi-prefix, server-time, echo-message, away-notify when
offered, nothing else), PING before and after the welcome, the MOTD in
the server window, and the reconnect backoff (1 s, then 2 s...)."""

import re
import time

import ircharness as h
from ircharness import check
import scripted
import tuitest

tuitest.need_tmux()
t = h.Tests()
WANTED = {"multi-prefix", "server-time", "echo-message", "away-notify"}


def start(args=(), env=None):
    return scripted.banter("-n", "ana", *args, "127.0.0.1:{port}", env=env)


@t.case("CAP LS over two lines: the four wanted caps are asked for; with "
        "them acknowledged, server-time, echo-message and multi-prefix are "
        "used")
def _():
    with start(["-T"], env={"TZ": "UTC"}) as (srv, tm):
        srv.accept()
        got = srv.lines_until("USER")
        check(got[0] == "CAP LS 302", "not CAP LS 302 first: %r" % got)
        srv.send(":srv CAP * LS * :multi-prefix sasl=PLAIN,EXTERNAL "
                 "extended-join\r\n"
                 ":srv CAP * LS :server-time echo-message away-notify "
                 "account-tag\r\n")
        req = srv.lines_until("CAP")[-1]
        check(req.startswith("CAP REQ :") and
              set(req[len("CAP REQ :"):].split()) == WANTED,
              "asked for %r" % req)
        srv.send(":srv PING :before-welcome\r\n")
        check("PONG :before-welcome" in srv.lines_until("PONG"),
              "no PONG before the welcome")
        srv.send(":srv CAP ana ACK :%s\r\n" % " ".join(sorted(WANTED)))
        check(srv.lines_until("CAP")[-1] == "CAP END", "no CAP END")
        srv.send(":srv 001 ana :Welcome\r\n")
        srv.lines_until("JOIN")
        srv.send(":ana!u@h JOIN #lobby\r\n"
                 ":srv 353 ana = #lobby :@+bob +carol @ana\r\n"
                 ":srv 366 ana #lobby :End of /NAMES list.\r\n")
        tm.wait_text("joined #lobby")
        # away-notify: a line for the client, not for the screen.
        srv.send(":bob!u@h AWAY :gone fishing\r\n")
        # echo-message: what we say shows once the server echoes it.
        tm.line("echo me")
        got = srv.lines_until("PRIVMSG")
        check(got[-1] == "PRIVMSG #lobby :echo me", "sent %r" % got)
        check("<ana> echo me" not in tm.screen(),
              "shown before the server's echo:\n%s" % tm.screen())
        srv.send("@time=2020-01-02T03:04:05.000Z :ana!u@h PRIVMSG #lobby "
                 ":echo me\r\n")
        scr = tm.wait_text("<ana> echo me")
        check(re.search(r"^\[03:04\] <ana> echo me", scr, re.M),
              "the server-time is not the line's time:\n%s" % scr)
        check("gone fishing" not in scr, "the AWAY line is shown:\n%s" % scr)
        check(scr.count("<ana> echo me") == 1, "echoed twice:\n%s" % scr)
        # multi-prefix: "@+bob" is bob for completion.
        tm.type("bo")
        tm.keys("Tab")
        tm.wait(lambda s: s.split("\n")[tuitest.HEIGHT - 1] == "bob:",
                "bob completed from @+bob")
        tm.keys("C-u")
        srv.send(":srv PING :after-welcome\r\n")
        check("PONG :after-welcome" in srv.lines_until("PONG"),
              "no PONG after the welcome")


@t.case("no CAP: a server answering 421 or NAK still registers; nothing "
        "wanted offered: CAP END")
def _():
    for answer, expect_end in ((":srv 421 * CAP :Unknown command", False),
                               (":srv CAP * LS :sasl extended-join", True)):
        with start() as (srv, tm):
            srv.accept()
            srv.lines_until("USER")
            srv.send(answer + "\r\n")
            if expect_end:
                check(srv.lines_until("CAP")[-1] == "CAP END",
                      "no CAP END after %r" % answer)
            srv.send(":srv 001 ana :Welcome\r\n")
            srv.lines_until("JOIN")
            srv.send(":ana!u@h JOIN #lobby\r\n")
            tm.wait_text("joined #lobby")
            tm.keys("M-1")
            scr = tm.wait_text("Welcome")
            check("CAP" not in scr, "the CAP answer is shown:\n%s" % scr)
    with start() as (srv, tm):
        srv.accept()
        srv.lines_until("USER")
        srv.send(":srv CAP * LS :multi-prefix\r\n")
        check(srv.lines_until("CAP")[-1] == "CAP REQ :multi-prefix", "REQ")
        srv.send(":srv CAP ana NAK :multi-prefix\r\n")
        check(srv.lines_until("CAP")[-1] == "CAP END", "no CAP END after NAK")


@t.case("the MOTD goes to the server window, not the channel")
def _():
    with scripted.session() as (srv, tm):
        srv.send(":srv 375 ana :- srv Message of the day -\r\n"
                 ":srv 372 ana :- motd line one\r\n"
                 ":srv 372 ana :- motd line two\r\n"
                 ":srv 376 ana :End of /MOTD command.\r\n"
                 ":bob!u@h PRIVMSG #lobby :after the motd\r\n")
        scr = tm.wait_text("after the motd")
        check("motd line" not in scr, "the MOTD is in #lobby:\n%s" % scr)
        tm.keys("M-1")
        scr = tm.wait_text("- motd line two")
        check("- motd line one" in scr and "End of /MOTD" in scr, scr)


@t.case("a dropped link is retried after 1 s, then 2 s, then 4 s")
def _():
    with scripted.session() as (srv, tm):
        accepted = []
        for wait in (1, 2):
            srv.conn.close()
            dropped = time.monotonic()
            tm.keys("M-1")
            tm.wait_text("Reconnecting in %d s." % wait)
            srv.accept(timeout=wait + 5)
            accepted.append(time.monotonic() - dropped)
            srv.buf = b""
            srv.lines_until("USER")
        check(0.8 <= accepted[0] < 1.9 and 1.8 <= accepted[1] < 3.9,
              "reconnected after %s s, wanted 1 and 2" % ["%.1f" % a for a
                                                           in accepted])
        srv.conn.close()
        tm.wait_text("Reconnecting in 4 s.")
        tm.line("/quit")
        check(tm.exit_status() == 0, "/quit while waiting: not 0")


t.done()
