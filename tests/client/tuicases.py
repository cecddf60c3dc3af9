"""tuicases: the end-to-end cases of banter, run against one server kind.

Each case starts its own banter (in its own tmux) under a nick of its
own, against one shared server, with a scripted second user on a raw
socket.  tui_ngircd.py and tui_banterd.py run them against each server.
"""

import os
import re
import signal
import time

import ircharness as h
from ircharness import check
import tuitest
from tuitest import Session, HEIGHT

_count = [0]


def fresh(base):
    _count[0] += 1
    return "%s%d" % (base, _count[0])


def run(kind):
    tuitest.need_tmux()
    t = h.Tests()
    srv = h.Server(kind=kind)
    sessions = []

    def session(nick, *args, **kw):
        s = Session(srv, args=args, nick=nick, **kw)
        sessions.append(s)
        return s

    def user(nick, chan="#lobby"):
        u = srv.user(nick)
        if chan:
            u.join(chan)
        return u

    def cleanup():
        for s in sessions:
            s.close()
        del sessions[:]

    def case(name):
        def wrap(fn):
            def body():
                try:
                    fn()
                finally:
                    cleanup()
            return t.case(name)(body)
        return wrap

    @case("joins #lobby at once; sends and receives UTF-8 and CJK")
    def _():
        ana = fresh("ana")
        bob = user(fresh("bob"))
        s = session(ana)
        bob.expect("JOIN", lambda m: m.nick == ana, what="ana's JOIN")
        bob.send("PRIVMSG #lobby :grüße 日本語のテキスト ok")
        s.t.wait_text("<%s> grüße 日本語のテキスト ok" % bob.nick)
        s.t.line("héllo wörld 中文 ✓")
        m = bob.expect("PRIVMSG", lambda m: m.nick == ana)
        check(m.params == ["#lobby", "héllo wörld 中文 ✓"],
              "bob got %r" % m.raw)
        s.t.wait_text("<%s> héllo wörld 中文 ✓" % ana)
        # The cursor stands where the terminal thinks: 2 columns each.
        s.t.type("中文")
        s.t.wait(lambda scr: s.t.info("#{cursor_x}") == "4",
                 "the cursor at column 4 after two wide characters")

    @case("mIRC formatting is drawn as attributes")
    def _():
        ana = fresh("ana")
        bob = user(fresh("bob"))
        s = session(ana)
        bob.send("PRIVMSG #lobby :plain \x02boldword\x02 "
                 "\x0304redword\x03 \x1funderword\x1f \x1ditalword\x1d")
        s.t.wait_text("plain boldword redword underword italword")
        scr = s.t.screen(colours=True)
        check(re.search(r"\x1b\[[0-9;]*1m[^\x1b]*boldword", scr),
              "no bold before boldword: %r" % scr)
        check(re.search(r"\x1b\[[0-9;]*(31|91|38;5;9)m[^\x1b]*redword", scr),
              "no red before redword: %r" % scr)
        check(re.search(r"\x1b\[[0-9;]*4m[^\x1b]*underword", scr),
              "no underline before underword: %r" % scr)

    @case("a hostile line shows placeholders and does nothing")
    def _():
        ana = fresh("ana")
        bob = user(fresh("bob"))
        s = session(ana)
        bob.send("PRIVMSG #lobby :before")
        s.t.wait_text("before")
        title = s.t.info("#{pane_title}")
        bob.send("PRIVMSG #lobby :X\x1b[2J\x1b]0;pwned\x07\x1b]52;c;"
                 "aGk=\x07\x1b[H\x07Y \xc2\x9b31m Z")
        s.t.wait_text("Z")
        scr = s.t.screen()
        check("before" in scr, "the screen was cleared:\n%s" % scr)
        check("^[[2J^[]0;pwned^G" in scr,
              "ESC and BEL are not shown as ^[ and ^G:\n%s" % scr)
        check("\ufffd" in scr, "the C1 CSI is not a placeholder:\n%s" % scr)
        check(s.t.info("#{pane_title}") == title,
              "the title changed to %r" % s.t.info("#{pane_title}"))
        check(s.t.info("#{cursor_y}") == str(HEIGHT - 1),
              "the cursor left the input line")

    @case("a line naming us is highlighted and marks its window; Alt-A")
    def _():
        ana = fresh("ana")
        bob = user(fresh("bob"))
        s = session(ana)
        s.t.keys("M-1")
        s.t.wait_status(lambda st: "1:127.0.0.1" in st.split("|")[1],
                        "showing window 1")
        bob.send("PRIVMSG #lobby :hey %s, look" % ana)
        s.t.wait_status(lambda st: "2:#lobby(1)!" in st,
                        "marking #lobby with 1 unread and !")
        s.t.keys("M-a")
        s.t.wait_status(lambda st: "2:#lobby" in st.split("|")[1],
                        "showing #lobby after Alt-A")
        s.t.wait_text("hey %s, look" % ana)
        scr = s.t.screen(colours=True)
        check(re.search(r"\x1b\[[0-9;]*7m[^\x1b]*(\x1b\[[0-9;]*m)*%s" %
                        bob.nick, scr),
              "the speaker is not shown reversed: %r" % scr)

    @case("private messages open a window; Alt-N, Ctrl-N/P, /window, /query")
    def _():
        ana = fresh("ana")
        bob = user(fresh("bob"))
        s = session(ana)
        bob.send("PRIVMSG %s :psst, private" % ana)
        s.t.wait_status(lambda st: "3:%s(1)!" % bob.nick in st,
                        "a window for %s" % bob.nick)
        s.t.keys("M-3")
        s.t.wait_text("<%s> psst, private" % bob.nick)
        s.t.line("answer in private")
        m = bob.expect("PRIVMSG", lambda m: m.nick == ana)
        check(m.params == [bob.nick, "answer in private"], m.raw)
        s.t.keys("C-n")
        s.t.wait_status(lambda st: "1:" in st.split("|")[1], "window 1")
        s.t.keys("C-p")
        s.t.wait_status(lambda st: "3:" in st.split("|")[1], "window 3")
        s.t.line("/window 2")
        s.t.wait_status(lambda st: "2:#lobby" in st.split("|")[1],
                        "window 2")
        s.t.line("/query carol hi carol")
        s.t.wait_status(lambda st: "4:carol" in st.split("|")[1],
                        "a query window for carol")
        s.t.line("/window 9")
        s.t.wait_text("Usage: /window N")

    @case("scrollback: PgUp, more below, Alt-Home, Alt-End, Ctrl-R search")
    def _():
        ana = fresh("ana")
        bob = user(fresh("bob"))
        s = session(ana)
        for i in range(80):
            bob.send("PRIVMSG #lobby :numbered line %02d" % i)
        s.t.wait_text("numbered line 79")
        s.t.keys("PageUp")
        s.t.wait_status(lambda st: "more below" in st, "saying more below")
        s.t.wait_gone("numbered line 79")
        s.t.keys("M-Home")
        s.t.wait_text("numbered line 00")
        s.t.keys("M-End")
        s.t.wait_text("numbered line 79")
        s.t.wait_status(lambda st: "more below" not in st,
                        "no longer saying more below")
        s.t.keys("C-r")
        s.t.type("line 07")
        s.t.wait_text("numbered line 07")
        s.t.wait(lambda scr: "(search) 'line 07'" in scr, "the prompt")
        s.t.wait_gone("numbered line 79")
        s.t.keys("Escape")
        s.t.wait_text("numbered line 79")
        s.t.wait(lambda scr: "(search)" not in scr, "the prompt to go")

    @case("resize re-wraps every line and keeps the reading position")
    def _():
        ana = fresh("ana")
        bob = user(fresh("bob"))
        s = session(ana)
        long = " ".join("word%02d" % i for i in range(25))
        bob.send("PRIVMSG #lobby :%s" % long)
        for i in range(40):
            bob.send("PRIVMSG #lobby :filler %02d" % i)
        s.t.wait_text("filler 39")
        s.t.keys("PageUp")
        s.t.wait_status(lambda st: "more below" in st, "more below")
        scr = s.t.screen()
        bottom = [r for r in scr.split("\n")[:HEIGHT - 2] if "filler" in r]
        check(bottom, "no filler line on screen:\n%s" % scr)
        mark = re.search(r"filler \d\d", bottom[-1]).group(0)
        s.t.tmux("resize-window", "-x", "50", "-y", "20")
        scr = s.t.wait(lambda scr: len(scr.split("\n")[0]) <= 50 and
                       mark in scr, "the re-wrapped screen at 50x20")
        s.t.tmux("resize-window", "-x", "100", "-y", "30")
        s.t.keys("M-End")
        s.t.wait_text("filler 39")
        s.t.tmux("resize-window", "-x", "40", "-y", "30")
        s.t.keys("M-Home")
        scr = s.t.wait_text("word24")
        rows = [r for r in scr.split("\n") if "word" in r]
        check(len(rows) >= 4 and all(len(r) <= 40 for r in rows),
              "the long line is not re-wrapped at 40 columns:\n%s" % scr)

    @case("bracketed paste: one line is typed in, several asked for")
    def _():
        ana = fresh("ana")
        bob = user(fresh("bob"))
        s = session(ana)
        s.t.paste("one pasted line")
        s.t.wait(lambda scr: scr.split("\n")[HEIGHT - 1].startswith(
            "one pasted line"), "the paste in the input line")
        s.t.keys("C-u")
        s.t.paste("first\nsecond\nthird\n")
        s.t.wait_text("Send 3 pasted lines to #lobby? (y/n)")
        s.t.type("y")
        got = [bob.expect("PRIVMSG", lambda m: m.nick == ana).text
               for _ in range(3)]
        check(got == ["first", "second", "third"], "bob got %r" % got)
        s.t.paste("not\nsent\n")
        s.t.wait_text("Send 2 pasted lines")
        s.t.type("n")
        s.t.wait(lambda scr: "Send 2" not in scr, "the question to go")
        # A paste whose end marker never comes ends by itself.
        s.t.hex(b"\x1b[200~stuck paste")
        s.t.wait(lambda scr: scr.split("\n")[HEIGHT - 1].startswith(
            "stuck paste"), "the unfinished paste in the input line",
            timeout=10)
        s.t.keys("C-u")
        s.t.line("after the paste")
        m = bob.expect("PRIVMSG", lambda m: m.nick == ana)
        check(m.text == "after the paste", "bob got %r" % m.raw)

    @case("a long paste is paced so the server does not drop us for flood")
    def _():
        ana = fresh("ana")
        bob = user(fresh("bob"))
        s = session(ana)
        lines = ["paced %d" % i for i in range(8)]
        s.t.paste("\n".join(lines))
        s.t.wait_text("Send 8 pasted lines")
        s.t.type("y")
        when = []
        for want in lines:
            m = bob.expect("PRIVMSG", lambda m: m.nick == ana, timeout=15)
            check(m.text == want, "got %r, wanted %r" % (m.text, want))
            when.append(time.monotonic())
        check(when[7] - when[0] >= 3.0,
              "8 lines in %.1fs: not paced" % (when[7] - when[0]))
        s.t.line("still here")
        bob.expect("PRIVMSG", lambda m: m.text == "still here", timeout=15)

    @case("Tab completes nicks and commands; Up recalls history")
    def _():
        ana = fresh("ana")
        bob = user(fresh("zed"))
        s = session(ana)
        bob.send("PRIVMSG #lobby :I am here")
        s.t.wait_text("I am here")
        s.t.type(bob.nick[:2])
        s.t.keys("Tab")
        s.t.wait(lambda scr: scr.split("\n")[HEIGHT - 1] ==
                 bob.nick + ":", "the completed nick")
        check(s.t.info("#{cursor_x}") == str(len(bob.nick) + 2),
              "no space after the colon")
        s.t.type("hello")
        s.t.keys("Enter")
        m = bob.expect("PRIVMSG", lambda m: m.nick == ana)
        check(m.text == "%s: hello" % bob.nick, m.raw)
        s.t.keys("Up")
        s.t.wait(lambda scr: scr.split("\n")[HEIGHT - 1].startswith(
            "%s: hello" % bob.nick), "the history entry")
        # The emacs keys, through the key table to the editor.
        s.t.keys("C-u")
        s.t.type("hello big world")

        def input_is(text):
            s.t.wait(lambda scr: scr.split("\n")[HEIGHT - 1] == text,
                     "the input line %r" % text)
        s.t.keys("C-w")
        input_is("hello big")
        s.t.keys("C-a")
        s.t.type("X")
        input_is("Xhello big")
        s.t.keys("M-f", "C-k")
        input_is("Xhello")
        s.t.keys("C-e", "C-y")
        input_is("Xhello big")
        # C-w left the space before "world": the yank brought it back.
        s.t.keys("Home", "Delete", "End", "BSpace", "BSpace")
        input_is("hello bi")
        s.t.keys("C-u")
        s.t.type("/whoi")
        s.t.keys("Tab")
        s.t.wait(lambda scr: scr.split("\n")[HEIGHT - 1] == "/whois",
                 "the completed command")

    @case("a long line goes as several messages, cut between characters")
    def _():
        ana = fresh("ana")
        bob = user(fresh("bob"))
        s = session(ana)
        text = "é" * 300 + "日本" * 100
        s.t.line(text)
        got = ""
        n = 0
        while len(got) < len(text):
            m = bob.expect("PRIVMSG", lambda m: m.nick == ana,
                           what="piece %d" % (n + 1))
            check("\ufffd" not in m.text, "a piece cut a character")
            got += m.text
            n += 1
        check(n >= 2 and got == text, "%d pieces, equal: %s" % (
            n, got == text))

    @case("commands: /me, /topic, /nick, /part, /help, unknown, //")
    def _():
        ana = fresh("ana")
        bob = user(fresh("bob"))
        s = session(ana)
        s.t.line("/me waves")
        m = bob.expect("PRIVMSG", lambda m: m.nick == ana)
        check(m.text == "\x01ACTION waves\x01", m.raw)
        s.t.wait_text("* %s waves" % ana)
        s.t.line("//slash text")
        m = bob.expect("PRIVMSG", lambda m: m.nick == ana)
        check(m.text == "/slash text", m.raw)
        # In a channel of its own banter is the operator who may set
        # the topic.
        chan = "#" + fresh("topic")
        s.t.line("/join %s" % chan)
        s.t.wait_status(lambda st: chan in st.split("|")[1], "in " + chan)
        s.t.wait_text("joined %s" % chan)
        bob.join(chan)
        s.t.line("/topic a new topic")
        bob.expect("TOPIC", lambda m: m.text == "a new topic")
        s.t.wait_text("set the topic: a new topic")
        s.t.line("/window 2")
        s.t.line("/help")
        s.t.wait_text("/whois NICK")
        s.t.line("/join")
        s.t.wait_text("Usage: /join CHANNEL")
        s.t.line("/privmsg %s :raw words" % bob.nick)
        m = bob.expect("PRIVMSG", lambda m: m.nick == ana)
        check(m.text == "raw words", m.raw)
        new = fresh("nu")
        s.t.line("/nick %s" % new)
        bob.expect("NICK", lambda m: m.text == new or m.params == [new])
        s.t.wait_status(lambda st: new in st, "the new nick")
        s.t.line("/part")
        bob.expect("PART", lambda m: m.nick == new)

    @case("commands: /notice /invite /kick /mode /quote /away /back "
          "/names /whois /who /list /clear /close")
    def _():
        ana = fresh("ana")
        bob = user(fresh("bob"))
        s = session(ana)
        chan = "#" + fresh("ops")
        s.t.line("/join %s" % chan)
        s.t.wait_text("joined %s" % chan)
        bob.join(chan)
        W = 20      # lines beyond the first five leave 2 s apart
        s.t.line("/notice %s a notice" % bob.nick)
        bob.expect("NOTICE", lambda m: m.text == "a notice", timeout=W)
        s.t.line("/mode +m")
        bob.expect("MODE", lambda m: "+m" in m.params, timeout=W)
        s.t.line("/quote PRIVMSG %s :quoted" % bob.nick)
        bob.expect("PRIVMSG", lambda m: m.text == "quoted", timeout=W)
        s.t.line("/names")
        s.t.wait_text("In %s: " % chan, timeout=W)
        s.t.line("/whois %s" % bob.nick)
        s.t.wait_text("%s is " % bob.nick, timeout=W)
        s.t.line("/who %s" % chan)
        s.t.wait_text(") in %s" % chan, timeout=W)
        s.t.line("/away out for lunch")
        s.t.wait_text("You are marked as away", timeout=W)
        s.t.line("/back")
        s.t.wait_text("no longer marked as away", timeout=W)
        s.t.line("/list")
        s.t.wait_text("%s (2)" % chan, timeout=W)
        s.t.line("/kick %s out you go" % bob.nick)
        bob.expect("KICK", lambda m: m.text == "out you go", timeout=W)
        s.t.line("/invite %s" % bob.nick)
        bob.expect("INVITE", lambda m: chan in m.params, timeout=W)
        s.t.line("/clear")
        s.t.wait_gone("joined %s" % chan)
        s.t.line("/close")
        s.t.wait_status(lambda st: chan not in st, "without %s" % chan,
                        timeout=W)

    @case("a nick in use gets _ appended, then digits")
    def _():
        ana = fresh("ana")
        squat = srv.user(ana)
        s = session(ana)
        s.t.wait_status(lambda st: (ana + "_ ") in st, "the nick %s_" % ana)
        squat2 = srv.user(ana + "x")
        squat3 = srv.user(ana + "x_")
        s2 = session(ana + "x")
        s2.t.wait_status(lambda st: (ana + "x1 ") in st,
                         "the nick %sx1" % ana)
        for c in (squat, squat2, squat3):
            c.close()

    @case("joins, parts and quits are dimmed; Alt-J toggles the filter")
    def _():
        ana = fresh("ana")
        s = session(ana)
        quiet = user(fresh("quiet"))
        talker = user(fresh("talker"))
        talker.send("PRIVMSG #lobby :I speak")
        s.t.wait_text("I speak")
        talker.send("PART #lobby :bye now")
        s.t.wait_text("%s left #lobby" % talker.nick)
        scr = s.t.screen(colours=True)
        check(re.search(r"\x1b\[[0-9;]*2m[^\n]*%s left" % talker.nick, scr),
              "the part is not dimmed: %r" % scr)
        check("%s (" % quiet.nick not in s.t.screen(),
              "the join of a silent user is shown")
        s.t.keys("M-j")
        s.t.wait_text("%s (" % quiet.nick)
        s.t.keys("M-j")
        s.t.wait_gone("%s (" % quiet.nick)

    @case("-T shows timestamps; -l writes logs; the config file")
    def _():
        ana = fresh("ana")
        s = session(ana, "-T", "-l")
        s.t.wait(lambda scr: re.search(r"^\[\d\d:\d\d\] ", scr, re.M),
                 "a [HH:MM] time stamp")
        s.t.line("logged words")
        s.t.wait_text("logged words")
        logdir = os.path.join(s.t.home, ".local", "share", "banter", "log",
                              "127.0.0.1")
        path = os.path.join(logdir, "#lobby.log")
        h.wait_for(lambda: os.path.exists(path) and
                   "logged words" in open(path).read(), what=path)
        # The same options from the config file, as long-option lines
        # ($XDG_CONFIG_HOME/banter/config, in the test's own home).
        nick = fresh("cfg")
        t2 = tuitest.Tmux([tuitest.banter_path(), "127.0.0.1:%d" % srv.port],
                          start=False)
        cfgdir = os.path.join(t2.home, ".config", "banter")
        os.makedirs(cfgdir)
        with open(os.path.join(cfgdir, "config"), "w") as f:
            f.write("# banter test\nnick = %s\njoin #cfgchan\n"
                    "timestamps\n" % nick)
        t2.start()
        try:
            t2.wait_status(lambda st: nick in st and "#cfgchan" in st,
                           "the nick and channel of the config file")
            t2.wait(lambda scr: re.search(r"^\[\d\d:\d\d\] ", scr, re.M),
                    "time stamps from the config file")
        finally:
            t2.close()

    @case("every address is tried: localhost, [::1]:PORT")
    def _():
        ana = fresh("ana")
        # The server listens on 127.0.0.1 only; localhost may name ::1
        # first, which refuses, and then 127.0.0.1.
        s = session(ana, host="localhost:%d" % srv.port)
        s.t.keys("M-1")
        s.t.wait_text("Connected to localhost (127.0.0.1)")
        s.close()
        sessions.remove(s)
        if not h.ipv6_available():
            raise h.Skip("no IPv6 on this machine")
        with h.Server(kind=kind, ipv6=True) as srv6:
            s6 = session(fresh("ana"), host="[::1]:%d" % srv6.port6)
            s6.t.keys("M-1")
            s6.t.wait_text("Connected to ::1 (::1)")

    @case("-w reads the server password from a file")
    def _():
        try:
            psrv = h.Server(kind=kind, conf={"password": "sekrit"})
        except h.Fail as e:
            raise h.Skip("%s did not start with a password: %s" % (kind, e))
        with psrv:
            ana = fresh("ana")
            pw = os.path.join(psrv.dir, "pw")
            with open(pw, "w") as f:
                f.write("sekrit\n")
            s = session(ana, "-w", pw, host="127.0.0.1:%d" % psrv.port)
            bad = os.path.join(psrv.dir, "nothing-here")
            t2 = tuitest.Tmux([tuitest.banter_path(), "-w", bad, "x"])
            try:
                check(t2.exit_status() == 2, "a missing password file "
                      "did not exit 2")
            finally:
                t2.close()

    @case("reconnects after the server restarts, keeping windows")
    def _():
        ana = fresh("ana")
        s = session(ana)
        s.t.line("/query bobby")
        s.t.line("/window 2")
        s.t.line("before the restart")
        s.t.wait_text("before the restart")
        tuitest.restart_same_port(srv)
        s.t.wait_text("Disconnected")
        s.t.wait(lambda scr: scr.count("joined #lobby") >= 2,
                 "the rejoin of #lobby", timeout=15)
        s.t.wait_text("before the restart")
        st = s.t.status()
        check("3:bobby" in st and "2:#lobby" in st,
              "a window was lost: %r" % st)
        bob = user(fresh("bob"))
        bob.send("PRIVMSG #lobby :after the restart")
        s.t.wait_text("after the restart")

    @case("/quit sends QUIT, restores the terminal, exits 0")
    def _():
        ana = fresh("ana")
        bob = user(fresh("bob"))
        s = session(ana)
        flags = "#{alternate_on} #{keypad_flag} #{keypad_cursor_flag}"
        check(s.t.info(flags) == "1 1 1", "not in the alternate screen "
              "with keypad mode: %r" % s.t.info(flags))
        s.t.line("/quit see you")
        m = bob.expect("QUIT", lambda m: m.nick == ana)
        check("see you" in m.text, m.raw)
        status = s.t.exit_status()
        check(status == 0, "exit status %d" % status)
        check(s.t.info(flags) == "0 0 0", "the terminal was not restored: "
              "%r" % s.t.info(flags))

    @case("Ctrl-C and SIGTERM end cleanly with 0")
    def _():
        ana = fresh("ana")
        bob = user(fresh("bob"))
        s = session(ana)
        s.t.keys("C-c")
        bob.expect("QUIT", lambda m: m.nick == ana)
        check(s.t.exit_status() == 0, "Ctrl-C: not 0")
        ana2 = fresh("ana")
        s2 = session(ana2)
        os.kill(s2.t.pid(), signal.SIGTERM)
        bob.expect("QUIT", lambda m: m.nick == ana2)
        check(s2.t.exit_status() == 0, "SIGTERM: not 0")

    srv.stop()
    t.done()
