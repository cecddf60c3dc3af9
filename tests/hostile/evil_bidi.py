#!/usr/bin/env python3
"""A hostile server against banter: Unicode bidi controls and invisible
characters ("Trojan Source", CVE-2021-42574) in messages, nicks, topics,
a channel's name, a query's name, quit and part reasons.

On the screen (tmux capture-pane) each must show as a placeholder
"<U+202E>" in reverse video; in what banter wrote to its terminal
(recorded by tmux pipe-pane) none may appear.  ZWJ and ZWNJ inside emoji
and Persian words still reach the terminal, but not between ASCII
letters.  Lines of placeholders wrap within the window, the status and
input lines stay where they belong, and /quit exits 0."""

import re

import ircharness as h
import evilirc as ev

ev.need_tmux()
t = h.Tests()

# The characters that must never reach the terminal as themselves.
INVISIBLE = [
    ("LRE", 0x202A), ("RLE", 0x202B), ("PDF", 0x202C), ("LRO", 0x202D),
    ("RLO", 0x202E), ("LRI", 0x2066), ("RLI", 0x2067), ("FSI", 0x2068),
    ("PDI", 0x2069), ("LRM", 0x200E), ("RLM", 0x200F), ("ALM", 0x061C),
    ("line separator", 0x2028), ("paragraph separator", 0x2029),
    ("BOM", 0xFEFF), ("zero width space", 0x200B), ("word joiner", 0x2060),
    ("invisible plus", 0x2064), ("annotation anchor", 0xFFF9),
    ("annotation terminator", 0xFFFB), ("tag A", 0xE0041),
    ("cancel tag", 0xE007F), ("soft hyphen", 0x00AD),
    ("Hangul filler", 0x3164),
]

RLO, LRI, PDI, ZWSP, ZWJ, ZWNJ, WJ = (
    "\u202e", "\u2066", "\u2069", "\u200b", "\u200d", "\u200c", "\u2060")


def ph(ch):
    """The placeholder banter shows for the character ch."""
    return "<U+%04X>" % ord(ch)


def forbidden():
    return [("%s (U+%04X)" % (name, cp), chr(cp).encode())
            for name, cp in INVISIBLE]


def check_reverse(b, placeholder):
    """placeholder shows in reverse video (SGR 7 just before it)."""
    screen = b.tmux("capture-pane", "-p", "-e")
    before = re.findall(r"((?:\x1b\[[0-9;:]*m)+)" + re.escape(placeholder),
                        screen)
    h.check(before and all("7" in re.split(r"[;:m\[]", sgr)
                           for sgr in before),
            "%s is not drawn in reverse video (attributes before it: %r); "
            "the screen with attributes:\n%r" % (placeholder, before,
                                                   screen))


def check_no_raw_chars(screen):
    for name, cp in INVISIBLE:
        h.check(chr(cp) not in screen, "the screen holds %s (U+%04X) "
                "itself:\n%s" % (name, cp, screen))


def show(b, key, marker):
    """Switch to a window (Alt-key) and wait for marker there."""
    b.tmux("send-keys", key)
    return b.wait_text(marker)


@t.case("every bidi control and invisible character in a message shows "
        "as <U+XXXX> in reverse video; none reaches the terminal")
def _():
    with ev.session(window="M-2") as (b, conn):
        batch = 12
        for k in range(0, len(INVISIBLE), batch):
            group = INVISIBLE[k:k + batch]
            for i, (name, cp) in enumerate(group, k):
                conn.line(":evil!e@h PRIVMSG #lobby :B%02d:a%sb" % (
                    i, chr(cp)))
            conn.line(":evil!e@h PRIVMSG #lobby :ENDB%d" % k)
            screen = b.wait_text("ENDB%d" % k)
            for i, (name, cp) in enumerate(group, k):
                want = "B%02d:a<U+%04X>b" % (i, cp)
                h.check(want in screen, "%s: %r is not on the screen:\n%s"
                        % (name, want, screen))
            check_no_raw_chars(screen)
            check_reverse(b, "<U+%04X>" % group[0][1])
            b.check_screen()
        ev.check_raw_clean(b.raw(), forbidden())


@t.case("a reversing nick, a lookalike nick, topics, a channel's and a "
        "query's name, nick changes, quit and part reasons")
def _():
    with ev.session(window="M-2") as (b, conn):
        rev_nick = "ev" + RLO + "li"
        look_nick = "ev" + ZWSP + "il"
        chan, chan_shown = "#b" + RLO + "idi", "#b" + ph(RLO) + "idi"
        query, query_shown = "q" + LRI + "x", "q" + ph(LRI) + "x"
        conn.line(":evil!e@h PRIVMSG #lobby :N00 the real evil")
        conn.line(":%s!e@h JOIN #lobby" % rev_nick)
        conn.line(":%s!e@h PRIVMSG #lobby :N01 from a reversing nick" %
                  rev_nick)
        conn.line(":%s!e@h JOIN #lobby" % look_nick)
        conn.line(":%s!e@h PRIVMSG #lobby :N02 from a lookalike" %
                  look_nick)
        conn.line(":evil!e@h TOPIC #lobby :T01 https://evil.test/%sgpj.exe"
                  % RLO)
        conn.line(":evil.test 332 ana #lobby :T02 %sreversed%s" % (LRI, PDI))
        conn.line(":evil!e@h NICK :ev%sil" % WJ)
        conn.line(":%s!e@h PART #lobby :P01 %sbye" % (rev_nick, RLO))
        conn.line(":%s!e@h QUIT :Q01 %sgone" % (look_nick, RLO))
        conn.line(":ana!u@h JOIN %s" % chan)
        conn.line(":%s!e@h PRIVMSG %s :C01 in the channel" % (rev_nick,
                                                               chan))
        conn.line(":%s!e@h PRIVMSG ana :M01 private" % query)
        conn.line(":ev%sil!e@h PRIVMSG #lobby :ENDL" % WJ)
        # The forced JOIN shows its window: once the query is in the
        # window list, go back to #lobby.
        b.wait(lambda s: query_shown in s.split("\n")[ev.HEIGHT - 2] if
               len(s.split("\n")) >= ev.HEIGHT - 1 else False,
               "the query window in the window list")
        lobby = show(b, "M-2", "ENDL")
        for want in ("<evil> N00", "<ev%sli> N01" % ph(RLO),
                     "<ev%sil> N02" % ph(ZWSP),
                     "https://evil.test/%sgpj.exe" % ph(RLO),
                     "T02 %sreversed%s" % (ph(LRI), ph(PDI)),
                     "ev%sil" % ph(WJ), "P01 %sbye" % ph(RLO),
                     "Q01 %sgone" % ph(RLO)):
            h.check(want in lobby, "%r is not in #lobby:\n%s" % (want,
                                                                 lobby))
        check_no_raw_chars(lobby)
        check_reverse(b, ph(RLO))
        b.check_screen()
        # The window list names the channel and the query with
        # placeholders; so does the status line of each.
        status = lobby.split("\n")[ev.HEIGHT - 2]
        for key, name, marker in (("M-3", chan_shown, "C01 in the channel"),
                                  ("M-4", query_shown, "M01 private")):
            h.check(name in status, "the window list does not show %r: "
                    "%r" % (name, status))
            screen = show(b, key, marker)
            b.check_screen(chan=name)
            check_no_raw_chars(screen)
        raw = b.raw()
        # One private message rings banter's own bell; no other BEL.
        ev.check_raw_clean(raw.replace(b"\x07", b""), forbidden())


@t.case("ZWJ and ZWNJ stay in emoji and Persian, show between ASCII "
        "letters; lines of placeholders wrap within the window")
def _():
    with ev.session(window="M-2") as (b, conn):
        family = "\U0001F468" + ZWJ + "\U0001F469" + ZWJ + "\U0001F467"
        persian = "\u0645\u06cc" + ZWNJ + "\u062e\u0648\u0627\u0647\u0645"
        keycap = "1\ufe0f\u20e3"
        conn.line(":evil!e@h PRIVMSG #lobby :J01 %s %s %s" % (
            family, persian, keycap))
        conn.line(":evil!e@h PRIVMSG #lobby :J02 al%sice bo%sb" % (ZWJ,
                                                                   ZWNJ))
        count = 30
        conn.line(":evil!e@h PRIVMSG #lobby :W01%s W99" % (
            (" " + RLO) * count))
        conn.line(":evil!e@h PRIVMSG #lobby :ENDJ")
        screen = b.wait_text("ENDJ")
        h.check("J02 al%sice bo%sb" % (ph(ZWJ), ph(ZWNJ)) in screen,
                "ZWJ and ZWNJ between ASCII letters do not show:\n%s" %
                screen)
        raw = b.raw()
        # ncurses drops a zero-width character after a double-width one,
        # so the family's ZWJs never reach the terminal; banter must not
        # turn them into placeholders all the same.
        row = next(r for r in screen.split("\n") if "J01" in r)
        h.check(family.replace(ZWJ, "") in row.replace(ZWJ, "") and
                "<U+" not in row, "the emoji family does not show as three "
                "emoji: %r" % row)
        for what, text in (("the Persian word", persian),
                           ("the keycap", keycap)):
            h.check(text.encode() in raw, "%s did not reach the terminal "
                    "whole (joiner or selector and all)" % what)
        for bad in ("l" + ZWJ + "i", "o" + ZWNJ + "b"):
            h.check(bad.encode() not in raw, "a joiner between ASCII "
                    "letters reached the terminal: %r" % bad)
        # 30 placeholders of 8 columns, a space apart: three rows, each
        # placeholder whole on one of them, and the rows after in place.
        rows = screen.split("\n")
        shown = sum(r.count(ph(RLO)) for r in rows)
        h.check(shown == count, "%d of %d placeholders on the screen:\n%s"
                % (shown, count, screen))
        first = next(i for i, r in enumerate(rows) if "W01" in r)
        last = next(i for i, r in enumerate(rows) if "W99" in r)
        h.check(last - first == 2 and "ENDJ" in rows[last + 1],
                "the wrapped line takes rows %d..%d, not three, or the next "
                "line is not under it:\n%s" % (first, last, screen))
        h.check(all(len(r) <= ev.WIDTH for r in rows), "a row is wider "
                "than the window:\n%s" % screen)
        check_no_raw_chars(screen)
        b.check_screen()
        b.type("typed")
        b.wait_text("typed")
        x = b.info("#{cursor_x}")
        h.check(x == "5", "the cursor is at column %s after typing 5 "
                "characters" % x)
        b.tmux("send-keys", "C-u")
        ev.check_raw_clean(raw, forbidden())


t.done()
