#!/usr/bin/env python3
"""A hostile server against banter (issue 6): malformed and truncated
lines.  Every command and numeric banter handles, with no parameters,
too few, empty ones, too many; prefixes and tags alone; CAP lines that
never end.  banter must survive each (no crash: a sanitizer build shows
any memory error), keep its screen, stay responsive and exit 0."""

import ircharness as h
import evilirc as ev

ev.need_tmux()
t = h.Tests()

COMMANDS = [
    "PRIVMSG", "NOTICE", "JOIN", "PART", "QUIT", "NICK", "KICK", "MODE",
    "TOPIC", "INVITE", "PING", "PONG", "ERROR", "CAP", "AWAY", "ACCOUNT",
    "CHGHOST", "SETNAME", "BATCH", "TAGMSG", "WALLOPS", "KILL",
    "001", "002", "003", "004", "005", "221", "301", "305", "306", "311",
    "312", "317", "318", "319", "321", "322", "323", "324", "329", "330",
    "331", "332", "333", "341", "352", "353", "366", "367", "368", "372",
    "375", "376", "401", "403", "404", "421", "422", "432", "433", "436",
    "437", "441", "442", "443", "451", "461", "462", "464", "465", "471",
    "473", "474", "475", "477", "482", "900", "903", "904", "999", "000",
    "1234",
]

SHAPES = [
    b"", b" ", b" :", b" :\x01", b" #lobby", b" ana", b" ana :",
    b" ana #lobby", b" ana #lobby :", b" * LS", b" * LS *",
    b" * ACK :", b" * NAK :x", b" :" + b"x" * 400,
    b" " + b" ".join(b"p%d" % i for i in range(30)) + b" :t",
    b" #lobby +ovovovovovovovovov a b c", b" ana :\x01ACTION",
    b" ana :\x01\x01", b" ana :\x01VERSION", b" @ = :",
    b" ana = #lobby :@ + @+ +@ ~&%",
]

PREFIXES = [b"", b":", b":evil!e@h ", b":ana!u@h ", b":!@ ", b":evil.test ",
            b"@ ", b"@a=b ", b"@;;; :x ", b"@time= :evil!e@h "]

ODD_LINES = [
    b":", b"@", b"@a", b":a", b": :", b"@ :", b"\x00", b" ", b"  x",
    b":evil!e@h", b":evil!e@h KICK #lobby ana :out you go",
    b":ana!u@h JOIN #lobby", b":ana!u@h PART #lobby :gone",
    b":ana!u@h JOIN #lobby", b":ana!u@h NICK :", b":ana!u@h NICK :ana",
    b":evil!e@h MODE ana +iwxyzZ", b":evil.test 005 ana PREFIX=( :x",
    b":evil.test 005 ana PREFIX=(ov :x", b":evil.test 005 ana PREFIX=)( :x",
    b":evil.test 005 ana PREFIX=(ov)@+ CHANTYPES=#& :x",
    b":evil.test 005 ana " + b" ".join(b"K%d=%s" % (i, b"v" * 20)
                                       for i in range(20)) + b" :x",
    b":evil.test 353 ana = #nowhere :a b c",
    b":evil.test 366 ana #nowhere :end",
    b":evil.test 332 ana #nowhere :topic of nowhere",
    b":evil!e@h PART #nowhere", b":evil!e@h KICK #nowhere ana",
    b":evil!e@h PRIVMSG #nowhere :to a channel we are not in",
    b":evil!e@h PRIVMSG &other :another chantype",
    b":evil!e@h PRIVMSG @#lobby :status message",
    b":evil!e@h PRIVMSG +#lobby :status message",
    b"BATCH +x chathistory #lobby", b"@batch=x :evil!e@h PRIVMSG #lobby :b",
    b"BATCH -x", b"BATCH -neverstarted",
]


def lines():
    out = list(ODD_LINES)
    for cmd in COMMANDS:
        for shape in SHAPES:
            out.append(PREFIXES[len(out) % len(PREFIXES)] + cmd.encode() +
                       shape)
    # CAP LS that never ends (continuation lines, for ever).
    out += [b":evil.test CAP * LS * :" + b" ".join(
        b"cap%d-%d" % (k, i) for i in range(40)) for k in range(2000)]
    return out


@t.case("every command and numeric with missing, empty and extra "
        "parameters, odd prefixes and tags, an endless CAP LS")
def _():
    with ev.session() as (b, conn):
        all_lines = lines()
        for k in range(0, len(all_lines), 200):
            conn.send(b"".join(x + b"\r\n" for x in all_lines[k:k + 200]))
        # We were kicked and parted above; come back to #lobby.
        conn.line(":ana!u@h JOIN #lobby")
        conn.line(":evil!e@h PRIVMSG #lobby :END-MALFORMED")
        b.enter("/window 2")
        b.wait_text("END-MALFORMED", timeout=20)
        h.check(b.info("#{pane_dead}") == "0", "banter died")
        b.check_screen()
        ev.check_raw_clean(b.raw().replace(b"\x07", b""), [])
        h.say("%d malformed lines sent" % len(all_lines))


t.done()
