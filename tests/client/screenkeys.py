#!/usr/bin/env python3
"""banter's screen and keys against a scripted server, for what
tuicases.py leaves out: italic, reverse, colours on a background and the
reset code; quits and nick changes dimmed; PgDn; the input history of
each window on its own; /msg; a long input line scrolled sideways;
Ctrl-C restoring the terminal."""

import re

import ircharness as h
from ircharness import check
import scripted
import tuitest
from tuitest import HEIGHT

tuitest.need_tmux()
t = h.Tests()


def attrs_at(scr, text):
    """The SGR attributes in force where text starts on the screen (tmux
    carries them from row to row): "1" bold, "2" dim, "3" italic, "4"
    underline, "7" reverse, "fg:N" and "bg:N" colours."""
    pos = scr.index(text)
    state = set()
    for m in re.finditer(r"\x1b\[([0-9;]*)m", scr[:pos]):
        codes = (m.group(1) or "0").split(";")
        i = 0
        while i < len(codes):
            c = int(codes[i] or 0)
            if c in (38, 48) and i + 2 < len(codes):
                kind = "fg" if c == 38 else "bg"
                state = {a for a in state if not a.startswith(kind)}
                state.add("%s:%s" % (kind, codes[i + 2]))
                i += 2
            elif c == 0:
                state.clear()
            elif c == 22:
                state -= {"1", "2"}
            elif c in (23, 24, 27):
                state.discard(str(c - 20))
            elif c in (39, 49):
                kind = "fg" if c == 39 else "bg"
                state = {a for a in state if not a.startswith(kind)}
            elif 30 <= c <= 37 or 90 <= c <= 97 or 40 <= c <= 47 or \
                    100 <= c <= 107:
                kind = "fg" if c < 40 or 90 <= c <= 97 else "bg"
                state = {a for a in state if not a.startswith(kind)}
                state.add("%s:%d" % (kind, c % 10 + (8 if c >= 90 else 0)))
            else:
                state.add(str(c))
            i += 1
    return state


@t.case("mIRC italic, reverse, colour on a background and reset")
def _():
    with scripted.session() as (srv, tm):
        srv.send(":bob!u@h PRIVMSG #lobby :\x1ditalword\x1d "
                 "\x16revword\x16 \x0304,02redonblue\x03 "
                 "\x02\x1fboth\x0fplainword\r\n")
        tm.wait_text("italword revword redonblue bothplainword")
        scr = tm.screen(colours=True)
        for word, want in (("italword", {"3"}), ("revword", {"7"}),
                           ("both", {"1", "4"})):
            got = attrs_at(scr, word)
            check(want <= got, "%s: %r, wanted %r" % (word, got, want))
        got = attrs_at(scr, "redonblue")
        check(got & {"fg:1", "fg:9"} and got & {"bg:4", "bg:12"},
              "redonblue is not red on blue: %r" % got)
        got = attrs_at(scr, "plainword")
        check(not got & {"1", "3", "4", "7"},
              "the reset did not end bold and underline: %r" % got)


@t.case("quits and nick changes of speakers are dimmed")
def _():
    with scripted.session() as (srv, tm):
        srv.send(":srv 353 ana = #lobby :ana bob carol\r\n"
                 ":bob!u@h PRIVMSG #lobby :I am bob\r\n"
                 ":carol!u@h PRIVMSG #lobby :I am carol\r\n"
                 ":bob!u@h NICK robert\r\n"
                 ":carol!u@h QUIT :gone home\r\n"
                 ":robert!u@h PRIVMSG #lobby :not dim\r\n")
        tm.wait_text("not dim")
        scr = tm.screen(colours=True)
        for text in ("bob is now known as robert", "carol quit (gone home)"):
            check("2" in attrs_at(scr, text), "%r is not dimmed" % text)
        check("2" not in attrs_at(scr, "not dim"), "a message is dimmed")


@t.case("PgUp, then PgDn back to the newest line")
def _():
    with scripted.session() as (srv, tm):
        srv.send("".join(":bob!u@h PRIVMSG #lobby :page line %02d\r\n" % i
                         for i in range(90)))
        tm.wait_text("page line 89")
        tm.keys("PageUp", "PageUp")
        tm.wait_status(lambda st: "more below" in st, "more below")
        tm.wait_gone("page line 60")
        tm.keys("PageDown")
        scr = tm.wait_text("page line 60")
        check("page line 89" not in scr, "PgDn went to the end:\n%s" % scr)
        tm.keys("PageDown")
        tm.wait_text("page line 89")
        tm.wait_status(lambda st: "more below" not in st, "no more below")


@t.case("each window has its own input history; /msg; the line being "
        "typed stays across Ctrl-N, Ctrl-P")
def _():
    with scripted.session() as (srv, tm):
        tm.line("said in lobby")
        srv.lines_until("PRIVMSG")
        tm.keys("M-1")
        tm.wait_status(lambda st: "| 1:" in st, "window 1")
        tm.line("/msg bob said with msg")
        got = srv.lines_until("PRIVMSG")
        check(got[-1] == "PRIVMSG bob :said with msg", "sent %r" % got)
        tm.keys("Up")
        tm.wait(lambda s: s.split("\n")[HEIGHT - 1] ==
                "/msg bob said with msg", "window 1's history")
        tm.keys("C-u", "M-2", "Up")
        tm.wait(lambda s: s.split("\n")[HEIGHT - 1] == "said in lobby",
                "window 2's history")
        tm.keys("Up")
        tm.wait(lambda s: s.split("\n")[HEIGHT - 1] == "said in lobby",
                "only window 2's history in window 2")
        tm.keys("C-u")
        check(tm.status().count(":bob") == 1, "no window for bob: %r" %
              tm.status())
        # What is being typed stays across Ctrl-N and Ctrl-P.
        tm.type("half typed")
        tm.keys("C-n")
        tm.wait_status(lambda st: "| 3:bob" in st, "window 3")
        tm.keys("C-p")
        tm.wait_status(lambda st: "| 2:#lobby" in st, "window 2")
        check(tm.rows()[HEIGHT - 1] == "half typed",
              "the typed line is gone: %r" % tm.rows()[HEIGHT - 1])


@t.case("a long input line scrolls sideways; the cursor stays on screen")
def _():
    with scripted.session() as (srv, tm):
        text = "".join("w%03d " % i for i in range(60))     # 300 columns
        tm.type(text)
        row = tm.wait(lambda s: "w059" in s.split("\n")[HEIGHT - 1],
                      "the end of the line in view").split("\n")[HEIGHT - 1]
        check("w000" not in row, "the start still shows: %r" % row)
        x = int(tm.info("#{cursor_x}"))
        check(x < tuitest.WIDTH and row[:x].rstrip().endswith("w059"),
              "the cursor at %d in %r" % (x, row))
        tm.keys("C-a")
        tm.wait(lambda s: s.split("\n")[HEIGHT - 1].startswith("w000"),
                "the start of the line in view")
        check(tm.info("#{cursor_x}") == "0", "the cursor is not at 0")
        tm.keys("Enter")
        got = srv.lines_until("PRIVMSG")
        check(got[-1] == "PRIVMSG #lobby :" + text.rstrip(" ") or
              got[-1] == "PRIVMSG #lobby :" + text, "sent %r" % got[-1])


@t.case("/list: the channels in the window it was typed in, and no "
        "\"End of /LIST\" left in the server window")
def _():
    with scripted.session() as (srv, tm):
        tm.line("/list")
        check(srv.lines_until("LIST")[-1] == "LIST", "no LIST sent")
        srv.send(":srv 321 ana Channel :Users  Name\r\n"
                 ":srv 322 ana #lobby 3 :the lobby\r\n"
                 ":srv 323 ana :End of /LIST\r\n"
                 ":srv 999 ana :after the list\r\n")
        tm.wait_text("#lobby (3): the lobby")
        tm.keys("M-1")
        scr = tm.wait_text("after the list")
        check("End of /LIST" not in scr and "Users" not in scr,
              "the list's frame is in the server window:\n%s" % scr)


@t.case("Ctrl-C: QUIT sent, the terminal restored, exit 0")
def _():
    with scripted.session() as (srv, tm):
        flags = "#{alternate_on} #{keypad_flag} #{keypad_cursor_flag}"
        check(tm.info(flags) == "1 1 1", "not in the alternate screen")
        tm.keys("C-c")
        check(srv.lines_until("QUIT")[-1].startswith("QUIT"), "no QUIT")
        srv.close()
        check(tm.exit_status() == 0, "not 0")
        check(tm.info(flags) == "0 0 0", "the terminal was not restored: "
              "%r" % tm.info(flags))


t.done()
