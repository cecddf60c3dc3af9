#!/usr/bin/env python3
"""banterd's command line and config file: -n, -f, -l, --help,
--version, SIGHUP reload (and a broken file on reload)."""

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time

from ircharness import (STOP_WAIT, Client, Server, Skip, Tests,
                        banterd_path, check, free_port, ipv6_available,
                        require_banterd, sanitizer_check, say,
                        server_report, wait_for)

require_banterd("the command line and config file")
t = Tests()
BANTERD = banterd_path()
tmp = tempfile.mkdtemp(prefix="banter-config-")

GOOD = """# every key banterd knows
server_name = irc.test.local
network_name = TestNet
listen = 127.0.0.1:%(port)d
motd_file = %(tmp)s/motd
password = letmein
oper = boss secret
oper = other $5$salt$hash
max_clients = 100
max_channels_per_client = 20
nick_length = 30
ping_interval = 120
ping_timeout = 60
registration_timeout = 30
sendq_bytes = 65536
flood_burst = 10
flood_rate = 2
"""


def write(name, text):
    path = os.path.join(tmp, name)
    with open(path, "w") as f:
        f.write(text)
    return path


def run(*args, timeout=10):
    res = subprocess.run([BANTERD] + list(args), stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, timeout=timeout,
                         env=dict(os.environ, LC_ALL="C"))
    sanitizer_check(res.stderr.decode(errors="replace"))
    return res


def show(res):
    return "exit %s\nstdout: %s\nstderr: %s" % (
        res.returncode, res.stdout.decode(errors="replace"),
        res.stderr.decode(errors="replace"))


def start(args):
    """banterd in the foreground with args; caller kills it."""
    return subprocess.Popen([BANTERD] + args, stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)


def stop(proc):
    """SIGTERM, as Server.stop does: a banterd still running must exit 0
    (a sanitizer build checks for leaks at exit)."""
    running = proc.poll() is None
    if running:
        proc.terminate()
    try:
        proc.wait(STOP_WAIT)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(5)
        server_report("banterd did not exit on SIGTERM", "killed after "
                      "%.0fs" % STOP_WAIT)
        running = False
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.stderr:
        proc.stderr.close()
    if running and proc.returncode != 0:
        server_report("banterd exited with status %s on SIGTERM, not 0" %
                      proc.returncode, "stderr:\n%s" % err[-3000:])
    sanitizer_check(err)
    return err


def can_connect(addr, family=socket.AF_INET):
    s = socket.socket(family, socket.SOCK_STREAM)
    s.settimeout(1)
    try:
        s.connect(addr)
        return True
    except OSError:
        return False
    finally:
        s.close()


def wait_listening(proc, addr, family=socket.AF_INET):
    def up():
        if proc.poll() is not None:
            raise AssertionError("banterd exited with %s: %s" % (
                proc.returncode, proc.stderr.read().decode(errors="replace")))
        return can_connect(addr, family)
    wait_for(up, timeout=10, what="banterd listening on %s" % (addr,))


write("motd", "config test motd\n")


@t.case("--help and --version in GNU form, exit 0")
def _():
    res = run("--help")
    out = res.stdout.decode()
    check(res.returncode == 0 and out.startswith("Usage: banterd"),
          "--help: %s" % show(res))
    for opt in ("-d", "-n", "-f", "-l", "--pidfile", "--help", "--version"):
        check(opt in out, "--help does not mention %s" % opt)
    res = run("--version")
    first = res.stdout.decode().splitlines()[0] if res.stdout else ""
    check(res.returncode == 0 and first.startswith("banterd (banter) "),
          "--version: %s" % show(res))


@t.case("an unknown option is an error")
def _():
    res = run("--no-such-option")
    check(res.returncode != 0 and res.stderr, "unknown option: %s" % show(res))


@t.case("-n with a good file exits 0")
def _():
    path = write("good.conf", GOOD % {"port": free_port(), "tmp": tmp})
    res = run("-n", "-f", path)
    check(res.returncode == 0, "-n good.conf: %s" % show(res))
    res = run("--check", "--config", path)
    check(res.returncode == 0, "--check --config good.conf: %s" % show(res))


@t.case("-n with an unknown key prints file:line and exits 1")
def _():
    path = write("unknown.conf", "server_name = irc.test.local\n"
                 "# a comment\n\nno_such_key = 1\n")
    res = run("-n", "-f", path)
    err = res.stderr.decode()
    check(res.returncode == 1, "exit status: %s" % show(res))
    check("%s:4:" % path in err or "unknown.conf:4:" in err,
          "no file:line in: %s" % err)


@t.case("-n with bad values and bad lines: file:line, exit 1")
def _():
    for text, line in (("max_clients = lots\n", 1),
                       ("server_name = irc.test.local\nmax_clients = -5\n", 2),
                       ("server_name = irc.test.local\njust words\n", 2),
                       ("ping_interval = 99999999999999999999\n", 1),
                       ("oper = onlyname\n", 1),
                       ("listen = 127.0.0.1:notaport\n", 1)):
        path = write("bad.conf", text)
        res = run("-n", "-f", path)
        err = res.stderr.decode()
        check(res.returncode == 1 and "bad.conf:%d:" % line in err,
              "for %r: %s" % (text, show(res)))


@t.case("a missing file named with -f is an error")
def _():
    missing = os.path.join(tmp, "does-not-exist.conf")
    res = run("-n", "-f", missing)
    check(res.returncode != 0 and b"does-not-exist.conf" in res.stderr,
          "-n -f missing: %s" % show(res))
    proc = start(["-f", missing, "-l", "127.0.0.1:%d" % free_port()])
    try:
        code = proc.wait(5)
    except subprocess.TimeoutExpired:
        code = None
    err = stop(proc)
    check(code not in (None, 0), "banterd started with a missing -f file "
          "(exit %s): %s" % (code, err))


@t.case("-l overrides the config's listen lines")
def _():
    conf_port, cli_port = free_port(), free_port()
    path = write("listen.conf", GOOD % {"port": conf_port, "tmp": tmp})
    path = write("listen.conf", open(path).read().replace(
        "password = letmein\n", ""))
    proc = start(["-f", path, "-l", "127.0.0.1:%d" % cli_port])
    try:
        wait_listening(proc, ("127.0.0.1", cli_port))
        check(not can_connect(("127.0.0.1", conf_port)),
              "the config's listen line is still used")
        c = Client(("127.0.0.1", cli_port), name="cli")
        c.register("cli")
        c.close()
    finally:
        stop(proc)


@t.case("-l [::1]:PORT and -l :PORT (every address)")
def _():
    if not ipv6_available():
        raise Skip("::1 cannot be bound here")
    path = write("v6.conf", "server_name = irc.test.local\n")
    port = free_port(socket.AF_INET6, "::1")
    proc = start(["-f", path, "-l", "[::1]:%d" % port])
    try:
        wait_listening(proc, ("::1", port), socket.AF_INET6)
        c = Client(("::1", port), name="v6")
        c.register("v6")
        c.close()
    finally:
        stop(proc)
    port = free_port()
    proc = start(["-f", path, "-l", ":%d" % port])
    try:
        wait_listening(proc, ("127.0.0.1", port))
        check(can_connect(("::1", port), socket.AF_INET6),
              "-l :%d does not listen on ::1" % port)
        for addr in (("127.0.0.1", port), ("::1", port)):
            c = Client(addr, name="any")
            c.register("any%d" % len(addr[0]))
            c.close()
    finally:
        stop(proc)


@t.case("-l on an address in use: exit 2 with a message naming it")
def _():
    busy = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    busy.bind(("127.0.0.1", 0))
    busy.listen(1)
    port = busy.getsockname()[1]
    path = write("busy.conf", "server_name = irc.test.local\n")
    proc = start(["-f", path, "-l", "127.0.0.1:%d" % port])
    try:
        code = proc.wait(10)
    except subprocess.TimeoutExpired:
        code = None
    err = stop(proc)
    busy.close()
    check(code == 2, "exit status %s (want 2): %s" % (code, err))
    check(str(port) in err, "the message does not name the address: %s"
          % err)


@t.case("-l with something that is no address: exit 1, saying which")
def _():
    path = write("badl.conf", "server_name = irc.test.local\n")
    for bad in ("6667", "localhost", "127.0.0.1:99999", "::1:6667"):
        res = run("-f", path, "-l", bad, timeout=10)
        check(res.returncode == 1 and bad.encode() in res.stderr,
              "-l %s: %s" % (bad, show(res)))


@t.case("-l PATH listens on a UNIX-domain socket")
def _():
    path = write("unix.conf", "server_name = irc.test.local\n")
    sock_path = os.path.join(tmp, "banterd.sock")
    proc = start(["-f", path, "-l", sock_path])
    try:
        wait_listening(proc, sock_path, socket.AF_UNIX)
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(5)
        s.connect(sock_path)
        s.sendall(b"NICK unixuser\r\nUSER u 0 * :x\r\n")
        data = b""
        deadline = time.monotonic() + 5
        while b" 001 " not in data and time.monotonic() < deadline:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
        s.close()
        check(b" 001 unixuser" in data, "no 001 over the UNIX socket: %r"
              % data[:300])
    finally:
        stop(proc)


with Server() as srv:

    @t.case("SIGHUP reloads the MOTD; nobody is disconnected")
    def _():
        users = [srv.user("hup%d" % i) for i in range(3)]
        users[0].join("#hup")
        users[1].join("#hup")
        srv.write_motd("The new message of the day.")
        srv.signal(signal.SIGHUP)

        def new_motd():
            users[2].send("MOTD")
            got = users[2].collect(lambda m: m.command in ("376", "422"))
            return any("The new message of the day." in m.text for m in got)
        wait_for(new_motd, timeout=5, step=0.1, what="the new MOTD")
        for u in users:
            check(u.is_open(), "%s disconnected by SIGHUP" % u.name)
            u.roundtrip()
        users[0].send("PRIVMSG #hup :still here")
        check(users[1].expect("PRIVMSG").text == "still here", "chat")
        check(srv.alive(), "banterd died on SIGHUP")

    @t.case("SIGHUP applies config keys; a broken file keeps the old config")
    def _():
        u = srv.user("keeper")
        good = srv.banterd_conf()
        with open(srv.conf_path, "w") as f:
            f.write(good.replace("network_name = TestNet",
                                 "network_name = BrokenNet") +
                    "no_such_key = 1\n")
        srv.signal(signal.SIGHUP)
        # The reload is done when a PING round trip completes after it:
        # signals are handled in the loop, so give it a couple of turns.
        for _ in range(3):
            u.roundtrip()
        check(srv.alive(), "banterd died on a broken reload")
        check(u.is_open(), "client dropped on a broken reload")
        c = srv.user("afterbroken")
        check(c.isupport.get("NETWORK") == "TestNet",
              "broken file applied: NETWORK=%s" % c.isupport.get("NETWORK"))
        with open(srv.conf_path, "w") as f:
            f.write(good.replace("network_name = TestNet",
                                 "network_name = NewNet"))
        srv.signal(signal.SIGHUP)

        def new_network():
            c = srv.user("afterfix")
            net = c.isupport.get("NETWORK")
            c.send("QUIT")
            c.close()
            return net == "NewNet"
        wait_for(new_network, timeout=5, step=0.2,
                 what="NETWORK=NewNet after a good reload")
        check(u.is_open(), "client dropped by a good reload")

with Server() as srv:

    @t.case("SIGHUP applies changed oper lines")
    def _():
        conf = srv.banterd_conf()
        check("oper = boss secret" in conf, "harness oper line")
        with open(srv.conf_path, "w") as f:
            f.write(conf.replace("oper = boss secret", "oper = boss newpw"))
        srv.signal(signal.SIGHUP)

        def new_password_works():
            c = srv.user("operhup")
            c.send("OPER boss newpw")
            m = c.expect(("381", "464", "491"))
            c.close()
            return m.command == "381"
        wait_for(new_password_works, timeout=5, step=0.2,
                 what="the new oper password after SIGHUP")
        c = srv.user("operold")
        c.send("OPER boss secret")
        m = c.expect(("381", "464", "491"))
        check(m.command != "381", "the old oper password still works")
        with open(srv.conf_path, "w") as f:
            f.write(conf)
        srv.signal(signal.SIGHUP)

    @t.case("logs: connect, registration, disconnect with reason, oper "
            "action; never message text or passwords")
    def _():
        a = srv.user("logger")
        b = srv.user("reader")
        a.send("PRIVMSG reader :confidential-payload-7391")
        b.expect("PRIVMSG")
        a.send("OPER boss secret")
        a.expect("381")
        a.send("OPER boss wrong-password-5521")
        a.expect("464")
        b.send("QUIT")
        b.expect_closed()
        a.roundtrip()
        log = open(srv.log_path, errors="replace").read()
        lines = [x for x in log.splitlines() if "reader" in x or
                 "logger" in x]
        say("log lines:\n" + "\n".join(lines))
        check(len([x for x in lines if "reader" in x]) >= 2,
              "expected a registration and a disconnect line for reader")
        check(any("logger" in x and "boss" in x for x in lines) or
              any("oper" in x.lower() and "logger" in x for x in lines),
              "no log line for logger's OPER")
        for secret in ("confidential-payload-7391", "wrong-password-5521",
                       " secret"):
            check(secret not in log, "the log holds %r" % secret)

    @t.case("nick_length defaults to 30")
    def _():
        check("nick_length" not in srv.conf, "the harness set nick_length")
        c = srv.user("deflen")
        check(c.isupport.get("NICKLEN") == "30", "NICKLEN=%s" %
              c.isupport.get("NICKLEN"))

with Server() as srv:

    @t.case("SIGHUP with a broken file: the log names file:line and says "
            "the old configuration stays")
    def _():
        good = srv.banterd_conf()
        with open(srv.conf_path, "w") as f:
            f.write(good + "bogus_key = 1\n")
        line = len(good.splitlines()) + 1
        srv.signal(signal.SIGHUP)

        def logged():
            log = open(srv.log_path, errors="replace").read()
            return "server.conf:%d:" % line in log and log
        log = wait_for(logged, timeout=5, what="server.conf:%d: in the log"
                       % line)
        say("\n".join(x for x in log.splitlines() if "server.conf" in x))
        check("old configuration" in log, "the log does not say the old "
              "configuration stays")
        with open(srv.conf_path, "w") as f:
            f.write(good)
        srv.user("stillok").roundtrip()

    @t.case("SIGHUP keeps server_name (as ngircd and InspIRCd do): the "
            "replies' source does not change under connected clients")
    def _():
        good = srv.banterd_conf()
        with open(srv.conf_path, "w") as f:
            f.write(good.replace("server_name = irc.test.local",
                                 "server_name = irc.renamed.local")
                    .replace("network_name = TestNet",
                             "network_name = RenamedNet"))
        u = srv.user("named")
        srv.signal(signal.SIGHUP)

        def reloaded():
            c = srv.user("afterrename")
            c.close()
            return c.isupport.get("NETWORK") == "RenamedNet" and c
        c = wait_for(reloaded, timeout=5, step=0.2, what="the reload")
        u.send("VERSION")
        m = u.expect("351")
        check(m.prefix == "irc.test.local", "server renamed under a "
              "connected client: %s" % m.raw)
        log = open(srv.log_path, errors="replace").read()
        check("server_name" in log, "the log does not say server_name "
              "needs a restart")
        with open(srv.conf_path, "w") as f:
            f.write(good)
        srv.signal(signal.SIGHUP)
        u.roundtrip()

    @t.case("logs: an unregistered client's QUIT text is not logged either")
    def _():
        c = srv.client("early")
        c.send("NICK early")
        c.send("QUIT :unregistered-words-6620")
        c.expect_closed()
        r = srv.user("witness")
        r.send("QUIT :registered-words-6621")
        r.expect_closed()

        def logged():
            log = open(srv.log_path, errors="replace").read()
            return log.count("disconnect") >= 2 and log
        log = wait_for(logged, timeout=5, what="two disconnect lines")
        say("\n".join(x for x in log.splitlines() if "disconnect" in x))
        for words in ("unregistered-words-6620", "registered-words-6621"):
            check(words not in log, "the log holds %r" % words)


@t.case("a missing default config file means built-in defaults")
def _():
    out = run("--help").stdout.decode()
    default = None
    for word in out.replace("(", " ").replace(";", " ").split():
        if word.endswith("/banterd.conf"):
            default = word
    check(default, "--help does not name the default config file")
    if os.path.exists(default):
        raise Skip("%s exists here" % default)
    res = run("-n")
    check(res.returncode == 0, "-n without a config file: %s" % show(res))

shutil.rmtree(tmp, ignore_errors=True)
t.done()
