#!/usr/bin/env python3
"""banter's command line and config file: --help, --version, the exit
statuses, and errors that name file:line.  No terminal, no server."""

import os
import pty
import subprocess
import tempfile

import ircharness as h
from ircharness import check
import tuitest

t = h.Tests()
tmp = tempfile.mkdtemp(prefix="banter-opts-")
env = dict(os.environ, HOME=tmp, XDG_CONFIG_HOME=os.path.join(tmp, "cfg"),
           LC_ALL="C.UTF-8", USER="ana")
env.pop("LANGUAGE", None)


def banter(*args):
    res = subprocess.run([tuitest.banter_path()] + list(args),
                         stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, env=env, timeout=10)
    return res.returncode, res.stdout.decode(), res.stderr.decode()


def write(name, text):
    path = os.path.join(tmp, name)
    with open(path, "w") as f:
        f.write(text)
    return path


@t.case("--help lists every option and exits 0")
def _():
    rc, out, err = banter("--help")
    check(rc == 0 and err == "", "status %d, stderr %r" % (rc, err))
    for opt in ("-n, --nick=NICK", "-p, --port=PORT", "-j, --join=CHAN",
                "-u, --user=USER", "-r, --realname=REALNAME",
                "-w, --password-file=FILE", "-T, --timestamps",
                "-c, --config=FILE", "-l, --log", "--host=HOST",
                "--scrollback=LINES", "--help", "--version",
                "HOST[:PORT]", "Exit status"):
        check(opt in out, "%r is not in --help:\n%s" % (opt, out))


@t.case("--version names the program and exits 0")
def _():
    rc, out, _ = banter("--version")
    check(rc == 0 and out.startswith("banter (banter) "), out)


@t.case("--help and --version that cannot be written exit 1")
def _():
    if not os.path.exists("/dev/full"):
        raise h.Skip("no /dev/full")
    for opt in ("--help", "--version"):
        with open("/dev/full", "w") as full:
            res = subprocess.run([tuitest.banter_path(), opt],
                                 stdin=subprocess.DEVNULL, stdout=full,
                                 stderr=subprocess.PIPE, env=env,
                                 timeout=10)
        err = res.stderr.decode()
        check(res.returncode == 1 and "write error" in err,
              "%s > /dev/full: status %d, stderr %r" % (
                  opt, res.returncode, err))


@t.case("an unknown terminal type exits 1 with a sentence, in a pty")
def _():
    master, slave = pty.openpty()
    try:
        res = subprocess.run([tuitest.banter_path(), "127.0.0.1:1"],
                             stdin=slave, stdout=slave,
                             stderr=subprocess.PIPE,
                             env=dict(env, TERM="bogus-term"), timeout=10)
    finally:
        os.close(slave)
        os.close(master)
    err = res.stderr.decode()
    check(res.returncode == 1 and "'bogus-term'" in err and
          "set TERM" in err, "status %d, stderr %r" % (res.returncode, err))


@t.case("usage errors exit 2 with a sentence that says what to do")
def _():
    for args, says in ((("",), "no server given"),
                       ((), "no server given"),
                       (("--bogus", "x"), "--help"),
                       (("-n", "9lives", "x"), "cannot be an IRC nick"),
                       (("--scrollback=5", "x"), "from 100 to 1000000"),
                       (("[::1",), "HOST:PORT"),
                       (("a", "b"), "only one HOST"),
                       (("-w", os.path.join(tmp, "none"), "x"),
                        "cannot read the password file"),
                       (("-c", os.path.join(tmp, "none"), "x"),
                        "cannot read the config file")):
        args = [a for a in args if a]
        rc, _, err = banter(*args)
        check(rc == 2 and says in err,
              "banter %s: status %d, stderr %r" % (" ".join(args), rc, err))


@t.case("config errors name file:line")
def _():
    path = write("bad.conf", "# comment\nnick = ana\nbogus = 1\n")
    rc, _, err = banter("-c", path, "x")
    check(rc == 2 and "%s:3: unknown option 'bogus'" % path in err, err)
    path = write("bad2.conf", "timestamps yes\n")
    rc, _, err = banter("-c", path, "x")
    check(rc == 2 and "%s:1: 'timestamps' takes no value" % path in err, err)
    path = write("bad3.conf", "\n\njoin\n")
    rc, _, err = banter("-c", path, "x")
    check(rc == 2 and "%s:3: 'join' needs a value" % path in err, err)


@t.case("a good config file and HOST from it; no terminal exits 1")
def _():
    path = write("good.conf", "host = [::1]:7000\nnick = cfgnick\n"
                 "timestamps\nlog\nscrollback = 500\n")
    rc, _, err = banter("-c", path)
    check(rc == 1 and "must be a terminal" in err,
          "status %d, stderr %r" % (rc, err))
    # The default file is read too.
    os.makedirs(os.path.join(tmp, "cfg", "banter"))
    write(os.path.join("cfg", "banter", "config"), "bogus\n")
    rc, _, err = banter("x")
    check(rc == 2 and "config:1: unknown option" in err, err)


t.done()
