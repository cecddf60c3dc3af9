#!/usr/bin/env python3
"""banter's command line and config file as a server sees them: the nick
from $USER, -u -r -j -p -w on the wire, a config file of long-option
lines given with -c (the command line winning over it), the scrollback
bound and the logs under $XDG_DATA_HOME.  A scripted server on loopback,
banter in tmux."""

import atexit
import os
import re
import select
import shutil
import socket
import stat
import tempfile

import ircharness as h
from ircharness import check
import scripted
import tuitest

tuitest.need_tmux()
t = h.Tests()
tmp = tempfile.mkdtemp(prefix="banter-startup-")
atexit.register(shutil.rmtree, tmp, True)


def write(name, text):
    path = os.path.join(tmp, name)
    with open(path, "w") as f:
        f.write(text)
    return path


def sent(lines, word):
    """The lines banter sent starting with word."""
    return [line for line in lines if line.split(" ")[0] == word]


def registers(srv, password, nick, user, join):
    """banter connects and sends these; srv welcomes it."""
    srv.accept()
    got = srv.lines_until("USER")
    words = [line.split(" ")[0] for line in got]
    check(sent(got, "PASS") == ["PASS :" + password], "PASS: %r" % got)
    check(words.index("PASS") < words.index("NICK"),
          "PASS does not come before NICK: %r" % got)
    check(sent(got, "NICK") == ["NICK " + nick], "NICK: %r" % got)
    check(sent(got, "USER") == ["USER " + user], "USER: %r" % got)
    srv.send(":srv 001 %s :Welcome\r\n" % nick)
    got = srv.lines_until("JOIN")
    check(sent(got, "JOIN") == ["JOIN " + join], "JOIN: %r" % got)


@t.case("no -n: the nick is $USER; -u, -r, -j, -p, -w reach the server")
def _():
    pw = write("pw", "s3cret word\nsecond line ignored\n")
    with scripted.banter("-u", "someuser", "-r", "Carla Real", "-j",
                         "#one,#two", "-p", "{port}", "-w", pw, "127.0.0.1",
                         env={"USER": "carla"}) as (srv, tm):
        registers(srv, "s3cret word", "carla", "someuser 0 * :Carla Real",
                  "#one,#two")
        tm.wait_status(lambda st: st.startswith(" carla "), "the nick carla")


@t.case("-c FILE of long-option lines: every option; the command line "
        "wins over it")
def _():
    pw = write("pw2", "from-config\n")
    data = os.path.join(tmp, "data")
    # The file names a port nobody listens on and a scrollback of 5000:
    # -p and --scrollback on the command line must win.
    cfg = write("banter.conf",
                "# every long option, as a line\n"
                "host = 127.0.0.1:1\n"
                "nick = cfgnick\n"
                "user=cfguser\n"
                "realname = Config Real Name\n"
                "join   #cfg1,#cfg2\n"
                "password-file = %s\n"
                "timestamps\n"
                "log\n"
                "scrollback = 5000\n" % pw)
    with scripted.banter("-c", cfg, "-p", "{port}", "--scrollback=100",
                         "-n", "clinick", env={"XDG_DATA_HOME": data,
                                               "TZ": "UTC"}) as (srv, tm):
        registers(srv, "from-config", "clinick",
                  "cfguser 0 * :Config Real Name", "#cfg1,#cfg2")
        srv.send(":clinick!u@h JOIN #cfg1\r\n")
        srv.send("".join(":bob!u@h PRIVMSG #cfg1 :scroll line %03d\r\n" % i
                         for i in range(150)))
        tm.wait_text("scroll line 149")
        tm.wait(lambda scr: re.search(r"^\[\d\d:\d\d\] <bob> scroll", scr,
                                      re.M), "time stamps (the file's "
                "'timestamps')")
        # 100 lines kept: the oldest is line 050.
        tm.keys("M-Home")
        scr = tm.wait_text("scroll line 050")
        check("scroll line 049" not in scr and
              "joined #cfg1" not in scr,
              "more than 100 lines kept:\n%s" % scr)
        log = os.path.join(data, "banter", "log", "127.0.0.1", "#cfg1.log")
        h.wait_for(lambda: os.path.exists(log) and
                   "scroll line 149" in h.read_text(log),
                   what="%s (the file's 'log', under $XDG_DATA_HOME)" % log)
        mode = stat.S_IMODE(os.stat(log).st_mode)
        check(mode & 0o077 == 0, "the log is readable by others: %o" % mode)


@t.case("--host in the file gives its port unless the command line does")
def _():
    cfg = os.path.join(tmp, "host.conf")

    def prepare(srv):
        write(cfg, "host = 127.0.0.1:%d\nnick = hostcfg\n" % srv.port)
    with scripted.banter("-c", cfg, prepare=prepare) as (srv, tm):
        srv.accept()
        got = srv.lines_until("USER")
        check(sent(got, "NICK") == ["NICK hostcfg"], "NICK: %r" % got)


@t.case("a bare IPv6 address with -p")
def _():
    if not h.ipv6_available():
        raise h.Skip("no IPv6 on this machine")
    with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as lsock:
        lsock.bind(("::1", 0))
        lsock.listen(1)
        port = lsock.getsockname()[1]
        tm = tuitest.Tmux([tuitest.banter_path(), "-n", "ana", "-p",
                           str(port), "::1"])
        try:
            r, _, _ = select.select([lsock], [], [], tuitest.WAIT)
            check(r, "banter did not connect to ::1 port %d" % port)
            lsock.accept()[0].close()
            tm.keys("M-1")
            tm.wait_text("Connected to ::1 (::1) port %d." % port)
        finally:
            tm.close()


t.done()
