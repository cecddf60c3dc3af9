#!/usr/bin/env python3
"""Operators: OPER, KILL, WALLOPS, user modes +o and +w."""

import os
import shutil
import subprocess
import tempfile

from ircharness import (Server, Skip, Tests, banterd_path, check,
                        ngircd_differs, target_kind)

t = Tests()


def make_oper(srv, nick):
    c = srv.user(nick)
    c.send("OPER boss secret")
    got = c.collect(lambda m: m.command in ("381", "464", "491"))
    check(got[-1].command == "381", "OPER boss secret: %s" % got)
    return c


with Server() as srv:

    @t.case("OPER: wrong password 464, too few parameters 461")
    def _():
        # One failure per client: ngircd holds a client back for a while
        # after a failed OPER.
        a = srv.user("alice")
        a.send("OPER boss")
        a.expect_numeric(461)
        a.send("OPER boss wrong")
        a.expect_numeric(464)
        a2 = srv.user("alice2")
        a2.send("MODE alice2")
        a2.expect("221")
        a2.send("OPER nosuchoper secret")
        a2.expect(("464", "491"))
        b = srv.user("watcher")
        b.send("WHOIS alice2")
        got = b.collect(lambda m: m.command == "318")
        check("313" not in [m.command for m in got],
              "oper after failures: %s" % got)

    @t.case("OPER: 381 and user mode +o; WHOIS shows 313; -o drops it")
    def _():
        a = make_oper(srv, "bob")
        a.send("MODE bob")
        m = a.expect("221")
        check("o" in m.params[1], "221 after OPER: %s" % m)
        b = srv.user("carol")
        b.send("WHOIS bob")
        got = b.collect(lambda m: m.command == "318")
        check("313" in [m.command for m in got], "WHOIS lacks 313: %s" % got)
        b.send("USERHOST bob")
        m = b.expect("302")
        check(m.text.strip().startswith("bob*="), "USERHOST of an oper "
              "should read bob*=...: %s" % m)
        a.send("MODE bob -o")
        a.expect("MODE")
        a.send("MODE bob")
        m = a.expect("221")
        check("o" not in m.params[1], "still +o: %s" % m)

    @t.case("KILL: 481 for users, 401 for nobody; the victim gets ERROR, "
            "peers a QUIT")
    def _():
        a = srv.user("dave")
        victim = srv.user("erin")
        peer = srv.user("frank")
        victim.join("#kill")
        peer.join("#kill")
        a.send("KILL erin :no reason")
        a.expect_numeric(481)
        o = make_oper(srv, "gina")
        o.send("KILL nobodyhere :x")
        if not ngircd_differs(srv, "KILL of an unknown nick is not "
                              "answered with 401"):
            o.expect_numeric(401)
        o.send("KILL")
        o.expect_numeric(461)
        o.send("KILL erin :spamming")
        got = victim.expect_closed()
        check(any(m.command == "ERROR" for m in got), "victim: %s" % got)
        m = peer.expect("QUIT")
        check(m.nick == "erin", "peer saw %s" % m)
        o.send("ISON erin")
        check(o.expect("303").text.strip() == "", "erin still online")

    @t.case("WALLOPS: 481 for users; opers' WALLOPS reach users with +w")
    def _():
        a = srv.user("hank")
        a.send("WALLOPS :hello")
        a.expect_numeric(481)
        o = make_oper(srv, "ivy")
        o.send("MODE ivy +w")
        o.expect("MODE")
        listener = srv.user("jack")
        listener.send("MODE jack +w")
        listener.expect("MODE")
        deaf = srv.user("kate")
        o.send("WALLOPS :attention please")
        for c in (o, listener):
            m = c.expect("WALLOPS")
            check(m.nick == "ivy" and m.text == "attention please",
                  "%s got %s" % (c.name, m))
        got = deaf.sync()
        check(not [m for m in got if m.command == "WALLOPS"],
              "user without +w got WALLOPS: %s" % got)


with Server() as srv:

    def opers_online(c):
        c.send("LUSERS")
        got = c.collect(lambda m: m.command == "255")
        rows = [m for m in got if m.command == "252"]
        return int(rows[0].params[1]) if rows else 0

    @t.case("LUSERS 252 counts operators: OPER adds one, -o, KILL and "
            "QUIT take one off")
    def _():
        watcher = srv.user("counter")
        check(opers_online(watcher) == 0, "an oper before any OPER")
        a = make_oper(srv, "ops1")
        b = make_oper(srv, "ops2")
        c = make_oper(srv, "ops3")
        a.send("OPER boss secret")      # again: still one oper
        a.expect("381")
        check(opers_online(watcher) == 3, "three opers: 252 says %d" %
              opers_online(watcher))
        a.send("MODE ops1 -o")
        a.expect("MODE")
        b.send("QUIT")
        b.expect_closed()
        c.send("KILL ops3 :self")
        c.expect_closed()
        check(opers_online(watcher) == 0, "after -o, QUIT and KILL: 252 "
              "says %d" % opers_online(watcher))

    if target_kind() == "banterd":
        @t.case("REHASH: 481 for users; an oper's REHASH reloads (382) "
                "and is logged")
        def _():
            u = srv.user("plain")
            u.send("REHASH")
            u.expect_numeric(481)
            with open(srv.conf_path) as f:
                conf = f.read()
            with open(srv.conf_path, "w") as f:
                f.write(conf.replace("TestNet", "RehashNet"))
            o = make_oper(srv, "rehasher")
            o.send("REHASH")
            m = o.expect_numeric(382)
            check("server.conf" in m.params[1], "382: %s" % m)
            c = srv.user("afterrehash")
            check(c.isupport.get("NETWORK") == "RehashNet",
                  "NETWORK=%s" % c.isupport.get("NETWORK"))
            with open(srv.log_path, errors="replace") as f:
                log = f.read()
            check("rehash by rehasher" in log, "REHASH not logged")


def crypt_hash(password):
    """A SHA-512 crypt(3) hash, from openssl (Python's crypt module is
    going away)."""
    try:
        res = subprocess.run(["openssl", "passwd", "-6", "-salt",
                              "bantersalt", password],
                             stdout=subprocess.PIPE, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return None
    text = res.stdout.decode().strip()
    return text if res.returncode == 0 and text.startswith("$6$") else None


hashed = crypt_hash("hashedpw")
if target_kind() == "banterd":
    @t.case("oper = NAME HASH: a crypt(3) hash is accepted")
    def _():
        if hashed is None:
            raise Skip("openssl passwd -6 is not available")
        with Server(conf={"oper": ["boss secret", "hasher " + hashed]}) \
                as srv2:
            c = srv2.user("hashy")
            c.send("OPER hasher wrongpw")
            c.expect_numeric(464)
            c2 = srv2.user("hashy2")
            c2.send("OPER hasher hashedpw")
            got = c2.collect(lambda m: m.command in ("381", "464", "491"))
            check(got[-1].command == "381", "OPER with the hashed "
                  "password: %s" % got)
            c3 = srv2.user("hashy3")
            c3.send("OPER hasher " + hashed)
            m = c3.expect(("381", "464", "491"))
            check(m.command != "381", "the hash itself worked as the "
                  "password")

if target_kind() == "banterd":
    @t.case("-n: a hash crypt(3) cannot use (unknown method, or a plain "
            "password starting with $) is an error at its line")
    def _():
        d = tempfile.mkdtemp(prefix="banter-operhash-")
        path = os.path.join(d, "hash.conf")
        try:
            for line in ("oper = boss $9$no-such-method",
                         "oper = boss $dollars",
                         "password = $nohash"):
                with open(path, "w") as f:
                    f.write("server_name = irc.test.local\n%s\n" % line)
                res = subprocess.run([banterd_path(), "-n", "-f", path],
                                     stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, timeout=10,
                                     env=dict(os.environ, LC_ALL="C"))
                err = res.stderr.decode(errors="replace")
                check(res.returncode == 1 and "hash.conf:2:" in err,
                      "%r: exit %s, %s" % (line, res.returncode, err))
            if hashed is not None:
                with open(path, "w") as f:
                    f.write("oper = boss %s\npassword = %s\n" % (
                        hashed, hashed))
                res = subprocess.run([banterd_path(), "-n", "-f", path],
                                     stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, timeout=10)
                check(res.returncode == 0, "a good hash: exit %s, %s" % (
                    res.returncode, res.stderr))
        finally:
            shutil.rmtree(d, ignore_errors=True)

t.done()
