#!/usr/bin/env python3
"""Hostile clients (issue 6): malformed input.  One client sends 1 MB
without a newline, NUL bytes, invalid UTF-8, 10,000 parameters, lines of
only spaces and only CRs, while two legitimate users chat.

The server must never run a broken line as something else, never spin,
keep reading the hostile client (it is answered or its bad lines are
dropped), and the legitimate users lose nothing."""

import ircharness as h
import hostilelib as hl

t = h.Tests()
h.require_banterd("hostile input handling")
cpu_report = []
srv = h.Server(conf={"max_clients": 100})
ncase = [0]


def attack(what, chunks, cpu_max=1.0, relayed_ok=None):
    """Send chunks from a fresh registered client while a Watch runs;
    then the client must still get a PONG and its next message must
    reach the channel (the attack ate no good line), nothing the
    receiver gets may hold a NUL (the Watch checks), and relayed_ok(text)
    must accept the text of every other message it had relayed."""
    ncase[0] += 1
    marker = "served after case %d" % ncase[0]
    with hl.Watch(srv, tag="w%d" % ncase[0]) as watch:
        watch.keep_texts = True
        bad = srv.user("bad%d" % ncase[0])
        bad.send("JOIN #watch")
        bad.sync()
        watch.wait_rounds(2)
        meter = hl.CpuMeter(srv)
        for chunk in chunks:
            bad.sendraw(chunk, timeout=10)
        bad.sendraw(b"\r\nPRIVMSG #watch :%s\r\n" % marker.encode())
        try:
            replies = bad.sync(timeout=10)
        except h.Fail as e:
            h.fail("the hostile client was not served after %s: %s" % (
                what, e))
        watch.wait_rounds(2)
        meter.check(what, cpu_max, cpu_report)
        watch.stop(report=cpu_report)
        # Its nick may have changed if the attack held a valid NICK.
        relayed = [text for texts in watch.texts.values() for text in texts]
        h.check(relayed and relayed[-1] == marker, "after %s the hostile "
                "client's next message did not reach the channel (the "
                "channel got %r)" % (what, [x[:60] for x in relayed[-5:]]))
        if relayed_ok:
            for text in relayed[:-1]:
                h.check(relayed_ok(text), "relayed to the channel: %r" %
                        text[:200])
        h.check(srv.alive(), "banterd died")
        return replies


@t.case("1 MB without a newline: dropped, client still served")
def _():
    replies = attack("1 MB without newline", [b"PRIVMSG #watch :" +
                                              b"x" * (1 << 20)],
                     relayed_ok=lambda text: False)
    h.check(any(m.command == "417" for m in replies),
            "no 417 (input line too long) for the 1 MB line: %s" %
            replies[:5])


@t.case("NUL bytes: never relayed, the connection keeps working")
def _():
    attack("NUL bytes", [b"PRIVMSG #watch :nul\0byte\r\n",
                         b"NICK a\0b\r\n", b"\0\0\0\0\r\n" * 100,
                         b"\0" * 5000 + b"\r\n",
                         b"PRIVMSG #watch :after nuls\r\n"])


@t.case("invalid UTF-8 in text, nicks and channel names")
def _():
    attack("invalid UTF-8", [
        b"PRIVMSG #watch :\xff\xfe\xc0\xaf\xed\xa0\x80\xf8\x88\x80\x80"
        b"\x80\r\n", b"NICK \xff\xfe\r\n", b"NICK \xc3\r\n",
        b"JOIN #\xff\xfe\xc0\xaf\r\n", b"PART #\xe2\x82\r\n",
        b"TOPIC #watch :\xfe\xfe\r\n", b"WHOIS \xff\r\n",
        b"PRIVMSG \xff\xfe :x\r\n"])


@t.case("10,000 parameters (one long line, and 20 lines of 250)")
def _():
    replies = attack("10,000 parameters", [
        b"PRIVMSG" + b" a" * 10000 + b"\r\n",
        b"MODE #watch" + b" +o" * 10000 + b"\r\n",
        b"JOIN " + b",".join(b"#c%d" % i for i in range(10000)) + b"\r\n",
    ] + [b"MODE #watch +" + b"o" * 100 + b" x" * 150 + b"\r\n"] * 10 +
        [b"PRIVMSG #watch" + b" y" * 250 + b"\r\n"] * 10)
    h.check(sum(m.command == "417" for m in replies) >= 3,
            "the three overlong lines were not each answered 417: %s" %
            [m.raw for m in replies][:10])


@t.case("lines of only spaces")
def _():
    attack("only spaces", [b" " * 600 + b"\r\n", b" \r\n" * 2000,
                           b" " * 20000 + b"\r\n", b"   \n" * 1000])


@t.case("only CRs")
def _():
    attack("only CRs", [b"\r" * 100000, b"\n", b"\r" * 1000 + b"\n",
                        b"PING :x\r\r\r\n"])


COMMANDS = ("AWAY CAP HELP INFO INVITE ISON JOIN KICK KILL LIST LUSERS MODE "
            "MOTD NAMES NICK NOTICE OPER PART PASS PING PONG PRIVMSG QUIT "
            "REHASH TAGMSG TIME TOPIC USER USERHOST VERSION WALLOPS WHO "
            "WHOIS WHOWAS SQUIT CONNECT STATS ADMIN LINKS TRACE SERVICE "
            "SERVLIST SQUERY DIE RESTART SUMMON USERS ERROR WEBIRC "
            "AUTHENTICATE BATCH").split()
SHAPES = [b"", b" ", b" :", b" :\x01", b" *", b" #watch", b" #watch :",
          b" #watch #watch #watch", b" ,,,,", b" #,#,#", b" 0", b" -1",
          b" 99999999999999999999", b" #watch +ovovovovovovovov a b c d e",
          b" #watch -bbbbbbbbbb", b" #watch +k", b" #watch +l -5",
          b" #watch +b *!*@*", b" LS 999", b" REQ :" + b"x " * 100,
          b" " + b" ".join(b"p%d" % i for i in range(40)) + b" :last",
          b" :" + b"y" * 400, b" \xff\xfe :\xc0\xaf", b" @ =",
          b" wsendX,wrecvX :hi", b" * * * *"]
PREFIXES = [b"", b":x ", b":wsend!a@b ", b"@a=b ", b"@+draft/x=\\:\\s ",
            b"@;;;= ", b":"]


def command_table():
    out = []
    for cmd in COMMANDS:
        for i, shape in enumerate(SHAPES):
            out.append(PREFIXES[(i + len(out)) % len(PREFIXES)] +
                       cmd.encode() + shape + b"\r\n")
    return out


@t.case("every command with missing, empty, odd and extra parameters, "
        "registered and unregistered")
def _():
    table = command_table()
    # Not a QUIT that ends the test early: QUIT goes last.
    table.sort(key=lambda line: b"QUIT" in line)
    for name in ("registered", "unregistered"):
        with hl.Watch(srv, tag="t" + name[0]) as watch:
            if name == "registered":
                c = srv.user("table%s" % name[0])
            else:
                c = srv.client("table%s" % name[0])
            meter = hl.CpuMeter(srv)
            for k in range(0, len(table), 100):
                c.sendraw(b"".join(table[k:k + 100]), timeout=10)
            c.expect_closed(timeout=10)
            watch.wait_rounds(2)
            meter.check("%d malformed commands, %s" % (len(table), name),
                        1.0, cpu_report)
            watch.stop(report=cpu_report)
    h.check(srv.alive(), "banterd died")


@t.case("banterd exits cleanly on SIGTERM after all that")
def _():
    hl.stop_clean(srv)


srv.stop()
h.say("summary:\n" + "\n".join(cpu_report))
t.done()
