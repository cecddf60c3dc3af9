#!/usr/bin/env python3
"""Every path by which a server's bytes reach banter's terminal, each
driven with ESC, BEL and C1 payloads: message text, nicks, user@host,
channel and query names (the status line), topics, CTCP, QUIT, PART and
KICK reasons, MOTD, ERROR, numerics' text, ISUPPORT, and the log files'
names and contents (-l).  tmux records the raw terminal output
(pipe-pane -O): no OSC, no BEL but banter's own, no device query, no C1
control in any encoding may be in it; the logs hold none either."""

import os
import re

import ircharness as h
from ircharness import check
import tuitest

tuitest.need_tmux()
t = h.Tests()

ESC = b"\x1b"
# One payload: a title (OSC 0, BEL), a clear, a device status query, a
# raw C1 CSI, a UTF-8 C1 OSC and NEL, a DEL.
BAD = (ESC + b"]0;PWNED\x07" + ESC + b"[2J" + ESC + b"[6n" + b"\x9b6n" +
       b"\xc2\x9d0;PWNED\xc2\x9c\xc2\x85\x7f")


def marked(n):
    """Marker n, then the payload: the line is found by its marker."""
    return b"S%02d" % n + BAD


def lines():
    """(window key, line) for every path; markers S00.. in order."""
    n = iter(range(100))
    c = "#lobby"
    out = [
        # The server window: MOTD, numerics, errors, notices, CTCP.
        ("M-1", b":srv 375 ana :" + marked(next(n))),
        ("M-1", b":srv 372 ana :" + marked(next(n))),
        ("M-1", b":srv 376 ana :" + marked(next(n))),
        ("M-1", b":srv 422 ana :" + marked(next(n))),
        ("M-1", b":srv 251 ana :" + marked(next(n))),
        ("M-1", b":srv 002 ana :" + marked(next(n))),
        ("M-1", b":srv 999 ana x y :" + marked(next(n))),
        ("M-1", b":srv NOTICE ana :" + marked(next(n))),
        ("M-1", b":e!u@h PRIVMSG ana :\x01" + marked(next(n)) + b"\x01"),
        ("M-1", b"ERROR :" + marked(next(n))),
        # #lobby: the window the replies go to as well (the current one).
        ("M-2", b":e" + BAD + b"!u@h PRIVMSG #lobby :" + marked(next(n))),
        ("M-2", b":e!u@h PRIVMSG #lobby :" + marked(next(n))),
        ("M-2", b":e!u" + marked(next(n)) + b"@h" + BAD + b" JOIN #lobby"),
        ("M-2", b":e!u@h NOTICE #lobby :" + marked(next(n))),
        ("M-2", b":e!u@h PRIVMSG #lobby :\x01ACTION " + marked(next(n)) +
         b"\x01"),
        ("M-2", b":e!u@h TOPIC #lobby :" + marked(next(n))),
        ("M-2", b":srv 332 ana #lobby :" + marked(next(n))),
        ("M-2", b":srv 333 ana #lobby " + marked(next(n)) + b" 1700000000"),
        ("M-2", b":srv 353 ana = #lobby :" + marked(next(n)) + b" @e"),
        ("M-2", b":srv 353 ana = #nowhere :" + marked(next(n))),
        ("M-2", b":e!u@h MODE #lobby +b " + marked(next(n))),
        ("M-2", b":srv 301 ana e :" + marked(next(n))),
        ("M-2", b":srv 311 ana e " + marked(next(n)) + b" h * :r"),
        ("M-2", b":srv 312 ana e " + marked(next(n)) + b" :info"),
        ("M-2", b":srv 317 ana e " + marked(next(n)) + b" 0 :idle"),
        ("M-2", b":srv 319 ana e :" + marked(next(n))),
        ("M-2", b":srv 330 ana e " + marked(next(n)) + b" :is logged in"),
        ("M-2", b":srv 352 ana #lobby u h srv " + marked(next(n)) +
         b" H :0 real"),
        ("M-2", b":srv 322 ana " + marked(next(n)) + b" 3 :topic"),
        ("M-2", b":srv 324 ana #lobby +k " + marked(next(n))),
        ("M-2", b":srv 341 ana e " + marked(next(n))),
        ("M-2", b":srv 401 ana e :" + marked(next(n))),
        ("M-2", b":srv 404 ana " + marked(next(n)) + b" :cannot send"),
        ("M-2", b":srv 433 ana x :" + marked(next(n))),
        ("M-2", b":e!u@h INVITE ana :" + marked(next(n))),
        ("M-2", b":e!u@h PART #lobby :" + marked(next(n))),
        ("M-2", b":f!u@h JOIN #lobby"),
        ("M-2", b":f!u@h PRIVMSG #lobby :hi"),
        ("M-2", b":f!u@h QUIT :" + marked(next(n))),
        ("M-2", b":g!u@h JOIN #lobby"),
        ("M-2", b":g!u@h PRIVMSG #lobby :hi"),
        ("M-2", b":e!u@h KICK #lobby g :" + marked(next(n))),
        ("M-2", b":g!u@h JOIN #lobby"),
        ("M-2", b":g!u@h NICK :" + marked(next(n))),
        # Window 3: a query from a hostile nick; 4: a hostile channel.
        ("M-3", b":q" + BAD + b"!u@h PRIVMSG ana :" + marked(next(n))),
        ("M-4", b":ana!u@h JOIN :#c" + BAD),
        ("M-4", b":e!u@h PRIVMSG #c" + BAD + b" :" + marked(next(n))),
    ]
    return out, next(n)


def log_files(home):
    top = os.path.join(home, ".local", "share", "banter", "log")
    found = {}
    for d, _, files in os.walk(top):
        for f in files:
            with open(os.path.join(d, f), "rb") as fh:
                found[os.path.join(d, f)[len(top):].encode(
                    "utf-8", "surrogateescape")] = fh.read()
    return found


def clean(data, what, allow=b""):
    """No C0 control but allow, no DEL, no C1 in any encoding."""
    for b in data:
        check(b >= 0x20 or bytes([b]) in allow, "%s holds byte %#x: %r" %
              (what, b, data[:200]))
    check(b"\x7f" not in data, "%s holds DEL" % what)
    text = data.decode("utf-8", "surrogateescape")
    for ch in text:
        check(not 0x80 <= ord(ch) <= 0x9f and
              not 0xdc80 <= ord(ch) <= 0xdcff,
              "%s holds %r: a C1 control or invalid UTF-8" % (what, ch))


@t.case("no network byte reaches the terminal or a log as a control")
def _():
    srv = tuitest.FakeServer()
    tm = tuitest.Tmux([tuitest.banter_path(), "-n", "ana", "-l",
                       "127.0.0.1:%d" % srv.port], record=True)
    try:
        srv.accept()
        srv.lines_until("USER")
        srv.send(b":srv 001 ana :" + marked(99) + b"\r\n")
        srv.send(b":srv 005 ana NETWORK=Ev\\x1B]0;PWNED\\x07il "
                 b"CHANTYPES=#& :are supported\r\n")
        srv.lines_until("JOIN")
        srv.send(":ana!u@h JOIN #lobby\r\n")
        tm.wait_text("joined #lobby")
        todo, count = lines()
        for _, line in todo:
            srv.send(line + b"\r\n")
        srv.send(b":q" + BAD + b"!u@h PRIVMSG ana :END\r\n")
        # Every window drawn, once the forced join has opened window 4
        # and the last line is in.
        tm.wait_status(lambda s: "4:#c^[" in s, "naming window 4")
        tm.keys("M-3")
        tm.wait_text("END")
        for key in ("M-1", "M-2", "M-4", "M-3"):
            tm.keys(key)
            last = [line for k, line in todo if k == key][-1]
            marker = last[last.rindex(b"S"):][:3].decode()
            tm.wait_text(marker)
        # The status line names the hostile windows with placeholders.
        status = tm.status()
        check("3:q^[" in status or "3:q^[" in tm.screen(),
              "the query window is not in the status line:\n%s" % status)
        raw = tm.raw()
        check(b"END" in raw, "the recording lacks the last line")
        check(b"PWNED^G" in raw, "no caret placeholders recorded")
        check(ESC + b"]" not in raw, "an OSC sequence was written")
        check(ESC + b"[6n" not in raw, "a device status query was written")
        # tmux-256color's own clear is ESC [H ESC [J: this one is theirs.
        check(ESC + b"[2J" not in raw, "the server's ESC [2J was written")
        check(b"PWNED\x07" not in raw, "the server's BEL was written")
        # Two private messages (the query, END) may ring banter's own bell.
        check(raw.count(b"\x07") <= 2, "%d BELs written" %
              raw.count(b"\x07"))
        text = raw.decode("utf-8", "surrogateescape")
        bad = [hex(ord(ch)) for ch in text if 0x80 <= ord(ch) <= 0x9f or
               0xdc80 <= ord(ch) <= 0xdcff]
        check(not bad, "C1 controls or invalid UTF-8 written: %s" % bad[:8])
        # Formatting codes in a window name must not colour the status
        # line (its only attribute is reverse video).
        srv.send(b":r\x0304ed\x16!u@h PRIVMSG ana :RED\r\n")
        h.wait_for(lambda: tm.keys("M-5") or "RED" in tm.screen(),
                   what="window 5 with RED")
        tm.wait_status(lambda s: "5:red" in s, "naming window 5")
        row = tm.screen(colours=True).split("\n")[tuitest.HEIGHT - 2]
        check(not re.search(r"\x1b\[(?:[0-9;]*;)?(3[0-8]|4[0-8]|9[0-7]|"
                            r"10[0-7])[;m]", row),
              "the status line is coloured: %r" % row)
        tm.line("/quit")
        srv.lines_until("QUIT")
        srv.close()
        check(tm.exit_status() == 0, "banter did not exit 0")
        # The logs: file names and contents clean, every path logged.
        logs = log_files(tm.home)
        check(len(logs) >= 4, "expected 4 log files: %r" % list(logs))
        every = b"".join(logs.values())
        for name, data in logs.items():
            clean(name, "the log file name %r" % name)
            clean(data, "the log %r" % name, allow=b"\n")
        for i in range(count):
            check(b"S%02d^[]0;PWNED^G" % i in every,
                  "S%02d is not in the logs" % i)
    finally:
        tm.close()
        srv.close()


t.done()
