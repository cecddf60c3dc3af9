#!/usr/bin/env python3
"""A hostile server against banter (issue 6): every control sequence in
a table, carried in every kind of line (PRIVMSG, NOTICE, ACTION, TOPIC,
a nick, QUIT and PART reasons, numerics), plus invalid UTF-8 and
overlong lines.

What banter writes to its terminal (recorded by tmux pipe-pane) must be
valid UTF-8 with no C1 control, no OSC, no BEL, no clear screen and none
of the server's sequences verbatim; each line must show with a visible
placeholder; the status and input lines stay where they belong; banter
still sends what is typed, and /quit exits 0."""

import ircharness as h
import evilirc as ev

ev.need_tmux()
t = h.Tests()

ESC = b"\x1b"
# name, hostile bytes.  Each is sent as "Qnn: <bytes>Znn" so the screen
# check finds the line by its head, and the raw check looks for the
# bytes with their tail: an ncurses sequence is never followed by "Znn".
TABLE = [
    ("ESC [2J clear screen", ESC + b"[2J"),
    ("ESC [3J clear scrollback", ESC + b"[3J"),
    ("ESC c full reset", ESC + b"c"),
    ("OSC 0 title, BEL", ESC + b"]0;PWNED\x07"),
    ("OSC 0 title, ST", ESC + b"]0;PWNED" + ESC + b"\\"),
    ("OSC 2 title", ESC + b"]2;PWNED\x07"),
    ("OSC 52 clipboard", ESC + b"]52;c;UFdORUQ=\x07"),
    ("OSC 8 hyperlink", ESC + b"]8;;http://evil.test/" + ESC + b"\\x" +
     ESC + b"]8;;" + ESC + b"\\"),
    ("CSI cursor position", ESC + b"[5;5H"),
    ("CSI cursor up", ESC + b"[10A"),
    ("CSI home", ESC + b"[H"),
    ("save/restore cursor", ESC + b"7" + ESC + b"[1;1HX" + ESC + b"8"),
    ("reverse index", ESC + b"M" + ESC + b"M"),
    ("CSI erase line", ESC + b"[2K"),
    ("CSI scroll region", ESC + b"[1;3r"),
    ("SGR blink red", ESC + b"[5;31m"),
    ("device status report", ESC + b"[6n"),
    ("device attributes", ESC + b"[c"),
    ("window ops", ESC + b"[8;1;1t" + ESC + b"[21t"),
    ("leave the alternate screen", ESC + b"[?1049l"),
    ("mouse reporting on", ESC + b"[?1000h"),
    ("bracketed paste off", ESC + b"[?2004l"),
    ("DCS XTGETTCAP", ESC + b"P+q544e" + ESC + b"\\"),
    ("DEC graphics charset", ESC + b"(0lqk"),
    ("shift out", b"\x0eabc\x0f"),
    ("backspaces", b"abc\x08\x08\x08"),
    ("CR in a line", b"abc\rxyz"),
    ("VT FF", b"\x0b\x0c"),
    ("DEL", b"\x7f"),
    ("C1 CSI raw", b"\x9b2J"),
    ("C1 OSC raw", b"\x9d0;PWNED\x9c"),
    ("C1 DCS NEL raw", b"\x90q\x9c\x85"),
    ("C1 CSI as UTF-8", b"\xc2\x9b2J"),
    ("C1 OSC as UTF-8", b"\xc2\x9d0;PWNED\xc2\x9c"),
    ("BEL flood", b"\x07" * 300),
    ("invalid UTF-8", b"\xff\xfe\xc0\xaf\xed\xa0\x80\xf8\x88\x80\x80\x80"),
    ("truncated UTF-8", b"\xe2\x82"),
]

# The lines that carry them (banter's nick is never in them: no
# highlight, so no bell of banter's own).
CARRIERS = [
    b":evil!e@h PRIVMSG #lobby :%s",
    b":evil!e@h NOTICE #lobby :%s",
    b":evil!e@h PRIVMSG #lobby :\x01ACTION %s\x01",
    b":evil.test 332 ana #lobby :%s",
    b":evil!e@h TOPIC #lobby :%s",
    b":evil.test 372 ana :- %s",
    b":evil.test 999 ana :%s",
    b":evil.test NOTICE * :%s",
]

FORBIDDEN = [
    ("an OSC sequence", ESC + b"]"),
    ("a BEL", b"\x07"),
    ("ESC [2J", ESC + b"[2J"),
    ("ESC [3J", ESC + b"[3J"),
    ("a DCS sequence", ESC + b"P"),
    ("a full reset", ESC + b"c"),
    ("a device status request", ESC + b"[6n"),
    ("a window operation", ESC + b"[8;"),
    ("mouse reporting", ESC + b"[?1000h"),
]


def payloads():
    """(marker head, line bytes, hostile bytes + tail) for each entry,
    round-robin over the carriers."""
    out = []
    for i, (name, data) in enumerate(TABLE):
        carrier = CARRIERS[i % len(CARRIERS)]
        head = b"Q%02d:" % i
        tail = b"Z%02d" % i
        out.append((name, head, carrier % (head + data + tail),
                    data + tail))
    return out


def in_server_window(line):
    return b" 372 " in line or b" 999 " in line or b"NOTICE * " in line


def run_table(b, conn, entries):
    """Send entries a screenful at a time; each must show, with its
    placeholders, in its window (#lobby is window 2, the server 1)."""
    batch = 8
    for k in range(0, len(entries), batch):
        group = entries[k:k + batch]
        for name, head, line, _ in group:
            conn.line(line)
        ends = {"M-1": "ENDS%d" % k, "M-2": "ENDC%d" % k}
        conn.line(":evil!e@h PRIVMSG #lobby :%s" % ends["M-2"])
        conn.line(":evil.test NOTICE * :%s" % ends["M-1"])
        screens = {}
        for window in ("M-1", "M-2"):
            b.tmux("send-keys", window)
            screens[window] = b.wait_text(ends[window])
            b.check_screen()
        for name, head, line, _ in group:
            where = "M-1" if in_server_window(line) else "M-2"
            h.check(head.decode() in screens[where],
                    "%s (%r): the line did not show in window %s; the "
                    "screen:\n%s" % (name, line[:60], where[-1],
                                     screens[where]))


@t.case("every control sequence in the table, in every kind of line: "
        "nothing reaches the terminal, the screen stays intact")
def _():
    with ev.session() as (b, conn):
        entries = payloads()
        run_table(b, conn, entries)
        # Placeholders: ESC shows as ^[, C1 and bad UTF-8 as U+FFFD.
        screen = b.screen()
        h.check("^[" in screen and "\ufffd" in screen,
                "no ^[ or U+FFFD placeholder on the screen:\n%s" % screen)
        raw = b.raw()
        h.check(b"Z00" in raw and b"^[" in raw, "the recording of the "
                "terminal output lacks the lines shown: %r" % raw[-300:])
        ev.check_raw_clean(raw, FORBIDDEN + [
            ("the server's bytes for %s verbatim" % name, verbatim)
            for name, _, _, verbatim in entries
            if any(c < 0x20 or 0x7F <= c <= 0x9F for c in verbatim)])


@t.case("hostile nicks, channel names, QUIT and PART reasons, CTCP "
        "names")
def _():
    with ev.session() as (b, conn):
        bad = ESC + b"]0;PWNED\x07" + ESC + b"[2J"
        conn.line(b":ev" + bad + b"il!e@h JOIN #lobby")
        conn.line(b":ev" + bad + b"il!e@h PRIVMSG #lobby :N01 from a "
                  b"bad nick")
        conn.line(b":ev" + bad + b"il!e@h NICK :n" + bad)
        conn.line(b":n" + bad + b"!e@h PART #lobby :P01" + bad)
        conn.line(b":evil!e@h JOIN #lobby")
        conn.line(b":evil!e@h QUIT :Q01" + bad)
        conn.line(b":evil!e@h PRIVMSG ana :\x01" + bad + b"\x01")
        conn.line(b":evil!e@h PRIVMSG ana :\x01VERSION" + bad + b"\x01")
        conn.line(b":ev" + bad + b"!e@h PRIVMSG ana :M01 private")
        conn.line(b":evil.test 401 ana n" + bad + b" :No such nick" + bad)
        conn.line(b":evil!e@h KICK #lobby evil :K01" + bad)
        conn.line(b":evil!e@h INVITE ana :#chan" + bad)
        conn.line(b":evil!e@h JOIN #ch" + bad)
        conn.line(b"ERROR :E01" + bad)
        conn.line(b":evil!e@h PRIVMSG #lobby :END1")
        b.wait_text("END1")
        b.check_screen()
        # Two private messages ring banter's own bell (one BEL each);
        # no BEL of the server's gets through.
        raw = b.raw()
        h.check(raw.count(b"\x07") <= 2, "%d BELs written for two "
                "private messages" % raw.count(b"\x07"))
        ev.check_raw_clean(raw.replace(b"\x07", b""), FORBIDDEN + [
            ("the server's sequence verbatim", bad)])


@t.case("overlong lines (600 bytes, 20 KB, 1 MB without a newline) are "
        "dropped or cut, never break the screen")
def _():
    with ev.session() as (b, conn):
        conn.line(b":evil!e@h PRIVMSG #lobby :L600 " + b"a" * 600)
        conn.line(b":evil!e@h PRIVMSG #lobby :L20K " + b"b" * 20000 +
                  ESC + b"[2J")
        conn.send(b":evil!e@h PRIVMSG #lobby :L1M " + b"c" * (1 << 20))
        conn.line(ESC + b"]0;PWNED\x07")
        conn.line(b":evil!e@h PRIVMSG #lobby :AFTER")
        b.wait_text("AFTER", timeout=15)
        b.check_screen()
        ev.check_raw_clean(b.raw(), FORBIDDEN)


@t.case("hostile values that reach the status line and window list: "
        "our own nick, a forced join, ISUPPORT, message tags")
def _():
    with ev.session() as (b, conn):
        osc = ESC + b"]0;PWNED\x07"
        clr = ESC + b"[2J"
        conn.line(b":evil.test 005 ana NETWORK=Ev" + osc + b"il "
                  b"PREFIX=(qaohv)~&@%+ CHANTYPES=#& NICKLEN=99999999999 "
                  b"CHANNELLEN=-5 :are supported")
        conn.line(b":evil.test 005 ana PREFIX=(ov)@ CHANTYPES= "
                  b"CASEMAPPING=" + clr + b" :are supported")
        conn.line(b":evil.test 005 ana PREFIX=(ov)@+ CHANTYPES=#& "
                  b"CASEMAPPING=rfc1459 :are supported")
        conn.line(b":ana!u@h NICK :an" + clr + b"a")
        conn.line(b":an" + clr + b"a!u@h JOIN #w" + osc + b"in")
        conn.line(b":evil.test 332 an" + clr + b"a #w" + osc + b"in :S01 " +
                  clr)
        conn.line(b":evil.test 353 an" + clr + b"a = #w" + osc + b"in :@an" +
                  clr + b"a ~&@%+evil " + b"+" * 50 + b"x")
        conn.line(b":evil.test 366 an" + clr + b"a #w" + osc + b"in :End")
        conn.line(b":evil!e@h PRIVMSG #w" + osc + b"in :S02 in the window")
        conn.line(b":e" + clr + b"v!e@h PRIVMSG an" + clr + b"a :S03 query")
        conn.line(b"@time=" + osc + b";+x=" + clr + b" :evil!e@h PRIVMSG "
                  b"#lobby :S04 tags")
        conn.line(b"@time=2026-99-99T99:99:99.999Z :evil!e@h PRIVMSG "
                  b"#lobby :S05 bad time")
        conn.line(b"@" + b"a=b;" * 1000 + b"c :evil!e@h PRIVMSG #lobby :S06")
        conn.line(b":an" + clr + b"a!u@h NICK :ana")
        conn.line(b":evil!e@h PRIVMSG #lobby :END3")
        # Every window drawn once, ending in #lobby.
        b.wait(lambda s: "4:" in s.split("\n")[ev.HEIGHT - 2] and
               "2:#lobby" in s, "the fourth window in the window list")
        for key in ("M-1", "M-3", "M-4", "M-2"):
            b.tmux("send-keys", key)
        screen = b.wait_text("END3")
        for text in ("S04 tags", "S05 bad time", "S06"):
            h.check(text in screen, "%r did not show in #lobby:\n%s" % (
                text, screen))
        b.wait(lambda s: "ana" in s.split("\n")[ev.HEIGHT - 2],
               "our nick back in the status line")
        b.check_screen()
        raw = b.raw()
        raw_nobell = raw.replace(b"\x07", b"")
        h.check(raw.count(b"\x07") <= 2, "%d BELs written for one private "
                "message" % raw.count(b"\x07"))
        ev.check_raw_clean(raw_nobell, FORBIDDEN + [
            ("the server's OSC verbatim", osc[:-1]),
            ("the server's clear verbatim", clr + b"a")])


t.done()
