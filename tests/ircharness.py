"""ircharness: start IRC servers on loopback and drive them from tests.

Integration tests import this module (PYTHONPATH holds tests/).  It starts
banterd (or, to check the tests themselves, ngircd) with a generated
config on a free port of 127.0.0.1 (and ::1 when it can be bound), waits
with a deadline until it accepts connections, and always stops it at the
end with SIGTERM: banterd must then exit 0 with no sanitizer report in its
log (Server.stop), or the script fails.  Clients are plain sockets with
send and expect-with-deadline.

    BANTER_TEST_SERVER=ngircd python3 tests/server/channels.py

runs a script against ngircd instead of banterd (scripts that test
banterd-only behaviour then skip; BANTER_TEST_ANYWAY=1 runs them all the
same, to see how ngircd fares).  Where ngircd is known to differ from
RFC 2812 or from what issue 3 asks, the scripts say so and accept
ngircd's answer; banterd is always held to the RFC.

Output is TAP-like: "ok N - what", "not ok N - what" followed by "# "
lines saying what was received; the exit status is what Automake reads
(0 pass, 1 fail, 77 skip).
"""

import atexit
import os
import re
import select
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import time
import traceback

SKIP = 77
# Generous enough for a loaded 2-core machine, short enough that a broken
# server fails the suite quickly.
WAIT = 5.0
NGIRCD = os.environ.get("NGIRCD", "/usr/sbin/ngircd")


class Fail(Exception):
    """A check did not hold; the message says what was expected and got."""


class Skip(Exception):
    """A case cannot run here (a tool or address family is missing)."""


def say(text):
    for line in str(text).splitlines() or [""]:
        print("# " + line)
    sys.stdout.flush()


def fail(text):
    raise Fail(text)


def check(cond, text):
    if not cond:
        raise Fail(text)


def ngircd_differs(srv, text):
    """True (after saying so) when the reference ngircd is known to differ
    from RFC 2812 here; banterd is held to the RFC."""
    if srv.kind == "ngircd":
        say("ngircd differs here (banterd is held to RFC 2812 and issue "
            "3): " + text)
        return True
    return False


def target_kind():
    kind = os.environ.get("BANTER_TEST_SERVER", "banterd")
    if kind not in ("banterd", "ngircd"):
        print("BANTER_TEST_SERVER must be banterd or ngircd", file=sys.stderr)
        sys.exit(2)
    return kind


def banterd_path():
    path = os.environ.get("BANTERD")
    if not path:
        top = os.environ.get("top_builddir", ".")
        path = os.path.join(top, "src", "banterd")
    return os.path.abspath(path)


def banter_path():
    """The banter client under test: $BANTER, or top_builddir's."""
    return os.path.abspath(os.environ.get("BANTER") or os.path.join(
        os.environ.get("top_builddir", "."), "src", "banter"))


def require_banterd(why):
    """Scripts that test banterd-only behaviour call this first."""
    if target_kind() != "banterd" and not os.environ.get("BANTER_TEST_ANYWAY"):
        print("1..0 # SKIP %s is tested against banterd only" % why)
        sys.exit(SKIP)


def ipv6_available():
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as s:
            s.bind(("::1", 0))
        return True
    except OSError:
        return False


def free_port(family=socket.AF_INET, host="127.0.0.1"):
    """A port the kernel says is free now (the server binds it next)."""
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def free_port_both():
    """One port free on both 127.0.0.1 and ::1 (ngircd has one Ports)."""
    for _ in range(50):
        port = free_port()
        try:
            with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as s:
                s.bind(("::1", port))
            return port
        except OSError:
            continue
    return free_port()


def proc_cpu_seconds(pid):
    """utime + stime of a process, from /proc/PID/stat."""
    with open("/proc/%d/stat" % pid) as f:
        data = f.read()
    fields = data[data.rindex(")") + 2:].split()
    ticks = int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def proc_rss_kb(pid):
    """A process's resident set size in kB, from /proc/PID/status."""
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def wait_for(cond, timeout=WAIT, step=0.02, what="condition"):
    """Poll cond() until it returns a true value or the deadline passes."""
    deadline = time.monotonic() + timeout
    while True:
        value = cond()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise Fail("timed out after %.1fs waiting for %s" % (timeout, what))
        time.sleep(step)


# ---------------------------------------------------------------- messages

def casefold(name, casemapping="rfc1459"):
    """Lower-case name as CASEMAPPING says (RFC 1459 4.2: {}|^ are the
    lower case of []\\~)."""
    name = name.lower()
    if casemapping in ("rfc1459", "strict-rfc1459"):
        name = name.translate(str.maketrans("[]\\", "{}|"))
        if casemapping == "rfc1459":
            name = name.replace("~", "^")
    return name


class Msg:
    """One IRC line split as RFC 1459 2.3.1 says (plus IRCv3 tags)."""

    def __init__(self, raw):
        self.raw = raw
        self.tags = {}
        self.prefix = None
        rest = raw
        if rest.startswith("@"):
            tags, _, rest = rest[1:].partition(" ")
            for item in tags.split(";"):
                key, _, value = item.partition("=")
                self.tags[key] = value
            rest = rest.lstrip(" ")
        if rest.startswith(":"):
            self.prefix, _, rest = rest[1:].partition(" ")
            rest = rest.lstrip(" ")
        self.params = []
        if " :" in rest or rest.startswith(":"):
            head, _, trailing = (" " + rest).partition(" :")
            words = head.split()
            self.params = words[1:] + [trailing]
            self.command = words[0].upper() if words else ""
        else:
            words = rest.split()
            self.command = words[0].upper() if words else ""
            self.params = words[1:]
        self.nick = (self.prefix or "").split("!")[0]

    def __repr__(self):
        return self.raw

    def param(self, i, default=None):
        return self.params[i] if i < len(self.params) else default

    @property
    def text(self):
        return self.params[-1] if self.params else ""


# ----------------------------------------------------------------- clients

class Closed(Exception):
    pass


class Client:
    """A scripted IRC client: a socket, a line buffer, expect()."""

    def __init__(self, addr, name="client", family=None, autopong=True,
                 rcvbuf=None, timeout=WAIT):
        self.name = name
        self.autopong = autopong
        self.buf = b""
        self.pending = []        # parsed lines not yet consumed
        self.seen = []           # every line received, for failure reports
        self.closed = False
        self.send_failed = False
        self.nick = None
        self.isupport = {}
        self.caps = set()
        host, port = addr
        fam = family or (socket.AF_INET6 if ":" in host else socket.AF_INET)
        self.sock = socket.socket(fam, socket.SOCK_STREAM)
        if rcvbuf:
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        self.sock.settimeout(timeout)
        self.sock.connect((host, port))
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.sock.setblocking(False)

    # sending

    def sendraw(self, data, timeout=WAIT):
        if isinstance(data, str):
            data = data.encode()
        view = memoryview(data)
        deadline = time.monotonic() + timeout
        while view:
            try:
                n = self.sock.send(view)
                view = view[n:]
            except (BrokenPipeError, ConnectionResetError):
                # The server closed on us; what it said is still readable.
                self.send_failed = True
                return
            except BlockingIOError:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise Fail("%s: could not send for %.1fs (server not "
                               "reading)" % (self.name, timeout))
                select.select([], [self.sock], [], min(left, 0.2))

    def send(self, line):
        if isinstance(line, str):
            line = line.encode()
        self.sendraw(line + b"\r\n")

    # receiving

    def fileno(self):
        return self.sock.fileno()

    def _fill(self, timeout):
        """Read once, waiting up to timeout; False on timeout."""
        if self.closed:
            raise Closed()
        r, _, _ = select.select([self.sock], [], [], max(timeout, 0))
        if not r:
            return False
        try:
            data = self.sock.recv(65536)
        except BlockingIOError:
            return True
        except ConnectionResetError:
            data = b""
        if not data:
            self.closed = True
            self._split(final=True)
            if not self.pending:
                raise Closed()
            return True
        self.buf += data
        self._split()
        return True

    def _split(self, final=False):
        while True:
            i = self.buf.find(b"\n")
            if i < 0:
                break
            raw, self.buf = self.buf[:i], self.buf[i + 1:]
            self._add(raw)
        if final and self.buf:
            self._add(self.buf)
            self.buf = b""

    def _add(self, raw):
        text = raw.rstrip(b"\r").decode("utf-8", "replace")
        if not text:
            return
        m = Msg(text)
        self.seen.append(text)
        if len(self.seen) > 400:
            del self.seen[:100]
        if self.autopong and m.command == "PING":
            try:
                self.send("PONG :%s" % m.text)
            except (OSError, Fail):
                pass
        self.pending.append(m)

    def drain(self):
        """Read whatever has arrived without waiting."""
        try:
            while self._fill(0):
                pass
        except Closed:
            pass

    def next(self, timeout=WAIT):
        """The next line (a Msg), or None on timeout; Closed at EOF."""
        deadline = time.monotonic() + timeout
        while not self.pending:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            self._fill(left)
        return self.pending.pop(0)

    def report(self, n=25):
        lines = self.seen[-n:]
        return "%s received (last %d lines):\n  %s" % (
            self.name, len(lines), "\n  ".join(lines) or "(nothing)")

    def expect(self, command=None, pred=None, timeout=WAIT, what=None):
        """Consume lines until one matches; Fail at the deadline."""
        want = command.upper() if isinstance(command, str) else None
        if isinstance(command, (list, tuple, set)):
            wantset = {c.upper() for c in command}
        else:
            wantset = None
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            try:
                m = self.next(max(left, 0))
            except Closed:
                fail("%s: connection closed while waiting for %s\n%s" % (
                    self.name, what or command, self.report()))
            if m is None:
                fail("%s: no %s within %.1fs\n%s" % (
                    self.name, what or command or "line", timeout,
                    self.report()))
            if want and m.command != want:
                continue
            if wantset and m.command not in wantset:
                continue
            if pred and not pred(m):
                continue
            return m

    def expect_numeric(self, code, timeout=WAIT):
        return self.expect("%03d" % int(code), timeout=timeout)

    def collect(self, until, timeout=WAIT):
        """Every line up to and including the first matching until()."""
        got = []
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            try:
                m = self.next(max(left, 0))
            except Closed:
                fail("%s: closed while collecting\n%s" % (self.name,
                                                         self.report()))
            if m is None:
                fail("%s: timed out collecting\n%s" % (self.name,
                                                      self.report()))
            got.append(m)
            if until(m):
                return got

    _token = 0

    def sync(self, timeout=WAIT):
        """PING the server and return every line received before its PONG.

        Lines are processed in order, so when the PONG arrives every
        reply to what was sent before it has arrived too."""
        Client._token += 1
        token = "sync%d" % Client._token
        self.send("PING :%s" % token)
        got = self.collect(lambda m: m.command == "PONG" and
                           token in m.params, timeout)
        return got[:-1]

    def roundtrip(self, timeout=WAIT):
        """A PING round trip that leaves the other lines to be read."""
        got = self.sync(timeout)
        self.pending[:0] = got

    def expect_closed(self, timeout=WAIT):
        """Wait for EOF; returns the lines received before it."""
        got = []
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                fail("%s: still connected after %.1fs\n%s" % (
                    self.name, timeout, self.report()))
            try:
                m = self.next(left)
            except Closed:
                return got
            except OSError:
                return got
            if m is not None:
                got.append(m)

    def is_open(self):
        """True if the server has not closed this connection (so far)."""
        self.drain()
        return not self.closed

    # registration

    def register(self, nick, user=None, realname="Test User", password=None,
                 caps=None, timeout=WAIT):
        """Register and read the welcome burst up to the end of the MOTD.

        caps: capabilities to request (the ones the server ACKs are kept
        in self.caps; the rest are silently left out)."""
        if caps is not None:
            self.send("CAP LS 302")
        if password is not None:
            self.send("PASS %s" % password)
        self.send("NICK %s" % nick)
        user = user or re.sub("[^a-z0-9]", "", nick.lower()) or "user"
        self.send("USER %s 0 * :%s" % (user, realname))
        if caps is not None:
            ls = self.cap_ls_lines(timeout)
            offered = set()
            for m in ls:
                offered |= {c.split("=")[0] for c in m.text.split()}
            want = [c for c in caps if c in offered]
            if want:
                self.send("CAP REQ :%s" % " ".join(want))
                m = self.expect("CAP", lambda m: m.param(1) in
                                ("ACK", "NAK"), timeout)
                if m.param(1) == "ACK":
                    self.caps = set(m.text.split())
            self.send("CAP END")
        m = self.expect("001", timeout=timeout, what="001 welcome")
        self.nick = m.params[0]
        self.read_burst(timeout)
        return self

    def cap_ls_lines(self, timeout=WAIT):
        """CAP LS replies, following 302 continuation lines ('*')."""
        lines = []
        for _ in range(50):
            m = self.expect("CAP", lambda m: m.param(1) == "LS", timeout)
            lines.append(m)
            if len(m.params) < 4 or m.params[2] != "*":
                return lines
        fail("endless CAP LS")

    def read_burst(self, timeout=WAIT):
        """Consume up to 376/422, keeping the ISUPPORT tokens."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            m = self.expect(None, timeout=max(left, 0),
                            what="end of MOTD (376/422)")
            if m.command == "005":
                for tok in m.params[1:-1]:
                    key, _, value = tok.partition("=")
                    self.isupport[key.upper()] = value
            if m.command in ("376", "422"):
                return

    def join(self, chan, key=None):
        """JOIN and wait for the end of NAMES; returns the names seen."""
        self.send("JOIN %s%s" % (chan, " " + key if key else ""))
        cm = self.isupport.get("CASEMAPPING", "rfc1459")
        got = self.collect(lambda m: m.command == "366" and
                           casefold(m.param(1, ""), cm) ==
                           casefold(chan, cm))
        check(any(m.command == "JOIN" for m in got),
              "%s: no JOIN echo for %s: %s" % (self.name, chan, got))
        names = []
        for m in got:
            if m.command == "353":
                names += m.text.split()
        return names

    def names(self, chan):
        """NAMES chan as a list (with prefixes)."""
        self.send("NAMES %s" % chan)
        got = self.collect(lambda m: m.command == "366")
        names = []
        for m in got:
            if m.command == "353":
                names += m.text.split()
        return names

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass
        self.closed = True


def pump(clients, timeout):
    """Read from several clients at once (used while one floods)."""
    socks = [c for c in clients if not c.closed]
    if not socks:
        return
    r, _, _ = select.select(socks, [], [], timeout)
    for c in r:
        try:
            c._fill(0)
        except Closed:
            pass


# ------------------------------------------------------------------ servers

_open_clients = []
_servers = []
_server_reports = []        # (headline, details): each fails the script
# A sanitizer build (configure --enable-sanitizers) reports on stderr:
# ASan and LSan open with "ERROR: ...Sanitizer", UBSan with "runtime
# error:", and each ends with a "SUMMARY: " line.
SANITIZER_REPORT = re.compile(
    r"ERROR: (?:Address|Leak|UndefinedBehavior)Sanitizer|runtime error:|"
    r"^SUMMARY: ", re.M)
# How long stop() gives banterd to exit after SIGTERM: its shutdown flush
# takes at most SHUTDOWN_FLUSH_MS (2 s); valgrind's leak check (make
# check-valgrind) takes longer.
STOP_WAIT = 60.0 if os.environ.get("BANTER_VALGRIND_BANTERD") else 10.0


def server_report(headline, details):
    """A server problem found outside any case; Tests.done() fails the
    script with it."""
    _server_reports.append((headline, details))


def sanitizer_check(text):
    """Keep a sanitizer report found in a server's stderr (the script then
    fails in Tests.done())."""
    m = SANITIZER_REPORT.search(text)
    if m:
        at = m.start()
        server_report("the server's sanitizers reported a bug",
                      text[max(0, at - 200):at + 6000])
    return m is not None


def _kill_servers():
    for srv in list(_servers):
        srv.stop()


def _at_exit():
    """However a script ends, stop its servers; a problem they show fails
    it even when it ends without Tests.done()."""
    _kill_servers()
    if _server_reports:
        Tests.print_server_reports([])
        sys.stdout.flush()
        os._exit(1)


# However a script ends (an exception, sys.exit, SIGTERM from make), no
# server outlives it.
atexit.register(_at_exit)
signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))

class Server:
    """A banterd or ngircd process on loopback, ended by stop()."""

    def __init__(self, kind=None, ipv6=False, extra_args=(), conf=None,
                 start=True, preexec_fn=None, env=None, pass_fds=()):
        self.kind = kind or target_kind()
        if self.kind == "ngircd" and not os.access(NGIRCD, os.X_OK):
            print("1..0 # SKIP ngircd is not installed (%s; Debian package "
                  "ngircd, or set NGIRCD)" % NGIRCD)
            sys.exit(SKIP)
        self.name = "irc.test.local"
        self.network = "TestNet"
        self.dir = tempfile.mkdtemp(prefix="banter-%s-" % self.kind)
        os.chmod(self.dir, 0o755)   # ngircd drops to nobody to read files
        self.conf_path = os.path.join(self.dir, "server.conf")
        self.motd_path = os.path.join(self.dir, "motd")
        self.log_path = os.path.join(self.dir, "server.log")
        self.proc = None
        self.checked = True     # stop() has judged how self.proc ended
        self.log_start = 0      # where self.proc's part of the log starts
        self.clients = []       # every harness client connected to it
        self.logf = None
        self.want_ipv6 = ipv6 and ipv6_available()
        self.port6 = None
        self.extra_args = list(extra_args)
        self.preexec_fn = preexec_fn
        self.env = env
        self.pass_fds = pass_fds
        self.wrap = None        # argv -> argv, e.g. a shell wrapper
        _servers.append(self)
        self.write_motd("Welcome to the test server.\nSecond line.")
        # Protocol tests send commands back to back: flood control is
        # opened wide unless a test sets it.
        self.conf = {
            "server_name": self.name,
            "network_name": self.network,
            "motd_file": self.motd_path,
            "ping_interval": 60,
            "ping_timeout": 60,
            "registration_timeout": 30,
            "flood_burst": 100000,
            "flood_rate": 100000,
            "max_clients": 1000,
            "oper": ["boss secret"],
        }
        if conf:
            self.conf.update(conf)
        if start:
            self.start()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()

    @property
    def addr(self):
        return ("127.0.0.1", self.port)

    @property
    def addr6(self):
        return ("::1", self.port6) if self.port6 else None

    def write_motd(self, text):
        with open(self.motd_path, "w") as f:
            f.write(text + "\n")
        os.chmod(self.motd_path, 0o644)

    # config files

    def banterd_conf(self):
        lines = ["# generated by tests/ircharness.py"]
        for key, value in self.conf.items():
            if value is None:
                continue
            for v in (value if isinstance(value, list) else [value]):
                lines.append("%s = %s" % (key, v))
        if "listen" not in self.conf:
            lines.append("listen = 127.0.0.1:%d" % self.port)
            if self.port6:
                lines.append("listen = [::1]:%d" % self.port6)
        return "\n".join(lines) + "\n"

    def ngircd_conf(self):
        c = self.conf
        listen = "127.0.0.1" + (",::1" if self.port6 else "")
        g = ["[Global]", "Name = %s" % c["server_name"],
             "Info = banter test server", "Listen = %s" % listen,
             "Ports = %d" % self.port, "MotdFile = %s" % c["motd_file"],
             "AdminInfo1 = test", "AdminInfo2 = test",
             "AdminEMail = test@localhost"]
        if c.get("network_name"):
            g.append("Network = %s" % c["network_name"])
        if c.get("password"):
            g.append("Password = %s" % c["password"])
        lim = ["[Limits]", "MaxConnectionsIP = 0",
               "PingTimeout = %d" % c["ping_interval"],
               "PongTimeout = %d" % c["ping_timeout"],
               "MaxNickLength = %d" % c.get("nick_length", 30),
               "MaxJoins = %d" % c.get("max_channels_per_client", 0),
               "MaxConnections = %d" % c.get("max_clients", 0)]
        if c.get("flood_burst", 0) >= 1000:
            lim.append("MaxPenaltyTime = 0")
        opt = ["[Options]", "DNS = no", "Ident = no", "PAM = no"]
        ops = []
        for op in c.get("oper") or []:
            name, password = op.split()
            ops += ["[Operator]", "Name = %s" % name,
                    "Password = %s" % password]
        return "\n".join(g + lim + opt + ops) + "\n"

    def write_conf(self):
        text = (self.banterd_conf() if self.kind == "banterd"
                else self.ngircd_conf())
        with open(self.conf_path, "w") as f:
            f.write(text)
        os.chmod(self.conf_path, 0o644)

    # process

    def argv(self):
        if self.kind == "banterd":
            return [banterd_path(), "-f", self.conf_path] + self.extra_args
        return [NGIRCD, "-n", "-f", self.conf_path] + self.extra_args

    def launch(self):
        """Run the server with the current config file (no port picking)."""
        self.logf = open(self.log_path, "ab")
        self.log_start = self.logf.tell()
        self.checked = False
        env = dict(os.environ)
        env.setdefault("LC_ALL", "C")
        if self.env:
            env.update(self.env)
        argv = self.argv()
        if self.wrap:
            argv = self.wrap(argv)
        self.proc = subprocess.Popen(
            argv, stdin=subprocess.DEVNULL, stdout=self.logf,
            stderr=subprocess.STDOUT, env=env,
            preexec_fn=self.preexec_fn, pass_fds=self.pass_fds)
        return self

    def pick_ports(self):
        """Free ports for the listeners (ngircd has one port for both
        address families)."""
        if self.kind == "ngircd" and self.want_ipv6:
            self.port = free_port_both()
            self.port6 = self.port
        else:
            self.port = free_port()
            if self.want_ipv6:
                self.port6 = free_port(socket.AF_INET6, "::1")

    def lost_port_race(self):
        """After an early exit: did another process take the port?"""
        return b"in use" in self.log_tail().encode()

    def start(self, wait=True):
        for attempt in range(3):
            self.pick_ports()
            self.write_conf()
            self.launch()
            if not wait:
                return self
            try:
                self.wait_ready()
                return self
            except Fail:
                if self.proc.poll() is not None and attempt < 2 and \
                        self.lost_port_race():
                    if self.logf:
                        self.logf.close()
                    continue    # lost a port race: try another port
                self.stop(status=None)      # the Fail says what happened
                raise
        return self

    def wait_ready(self, timeout=10.0):
        """Connect until the listener answers, or fail with the log."""
        deadline = time.monotonic() + timeout
        while True:
            if self.proc.poll() is not None:
                raise Fail("%s exited with status %s before accepting "
                           "connections; log:\n%s" % (
                               self.kind, self.proc.returncode,
                               self.log_tail()))
            try:
                with socket.create_connection(self.addr, timeout=1):
                    return
            except OSError:
                pass
            if time.monotonic() >= deadline:
                raise Fail("%s did not accept connections within %.0fs; "
                           "log:\n%s" % (self.kind, timeout, self.log_tail()))
            time.sleep(0.02)

    def log_tail(self, n=30):
        try:
            with open(self.log_path, "rb") as f:
                lines = f.read().decode("utf-8", "replace").splitlines()
        except OSError:
            return "(no log)"
        return "\n".join(lines[-n:])

    def signal(self, sig):
        self.proc.send_signal(sig)

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def cpu_seconds(self):
        return proc_cpu_seconds(self.proc.pid)

    def wait_exit(self, timeout=WAIT):
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            raise Fail("%s still running %.0fs after being told to stop" % (
                self.kind, timeout))

    def stop(self, keep_dir=False, status=0):
        """End the server and judge how it ended: banterd gets SIGTERM and
        must exit with status (None: any, for a test that kills it or
        expects it to fail) within STOP_WAIT, and its log must hold no
        sanitizer report (LeakSanitizer reports at exit).  A problem fails
        the script in Tests.done(), not the case: stop() also runs from
        __exit__ and finally blocks."""
        if self.proc is not None and not self.checked:
            self.checked = True
            self.end(status)
        if self.logf:
            self.logf.close()
            self.logf = None
        if not keep_dir and os.path.isdir(self.dir):
            shutil.rmtree(self.dir, ignore_errors=True)
        if self in _servers:
            _servers.remove(self)

    def end(self, status):
        bad_exit = False
        if self.proc.poll() is None:
            # Clients that stopped reading would hold banterd's shutdown
            # flush for its whole bound: nobody reads them now.
            for c in self.clients:
                c.close()
            del self.clients[:]
            if self.kind != "banterd":
                self.proc.kill()
            else:
                self.proc.terminate()
            try:
                self.proc.wait(STOP_WAIT)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                try:
                    self.proc.wait(5)
                except subprocess.TimeoutExpired:
                    pass
                server_report(
                    "banterd did not exit on SIGTERM",
                    "banterd still ran %.0fs after SIGTERM and was killed; "
                    "log:\n%s" % (STOP_WAIT, self.log_tail()))
                status = None
        code = self.proc.returncode
        if self.kind == "banterd" and status not in (None, code):
            bad_exit = True
            server_report("banterd exited with status %s, not %s" % (
                code, status), "log:\n%s" % self.log_tail())
        try:
            with open(self.log_path, "rb") as f:
                f.seek(self.log_start)
                text = f.read().decode("utf-8", "replace")
        except OSError:
            return
        if sanitizer_check(text) and bad_exit:
            # The report says why: no need for the log twice.
            _server_reports[-2] = (_server_reports[-2][0],
                                   "(the sanitizer report follows)")

    # clients

    def client(self, name="client", ipv6=False, keep=False, **kw):
        """A connected, unregistered client (closed after the case unless
        keep is set)."""
        addr = self.addr6 if ipv6 else self.addr
        c = Client(addr, name=name, **kw)
        self.clients.append(c)
        if not keep:
            _open_clients.append(c)
        return c

    def user(self, nick, caps=None, ipv6=False, autopong=True, rcvbuf=None,
             password=None, keep=False):
        """A registered client called nick."""
        c = self.client(name=nick, ipv6=ipv6, autopong=autopong,
                        rcvbuf=rcvbuf, keep=keep)
        return c.register(nick, caps=caps, password=password)


# ------------------------------------------- other programs, run by tests

def read_text(path):
    """A file's text (bad UTF-8 replaced), or "" while there is none."""
    try:
        with open(path, "rb") as f:
            return f.read().decode("utf-8", "replace")
    except OSError:
        return ""


def write_fifo(path, data):
    """Write data to the FIFO at path if a reader has it open; False
    while it is not there yet, not a FIFO, or not open for reading."""
    try:
        if not stat.S_ISFIFO(os.stat(path).st_mode):
            return False
        fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
    except OSError:
        return False
    try:
        os.write(fd, data)
    finally:
        os.close(fd)
    return True


def stop_process(proc, logf=None, timeout=5):
    """Kill proc if it still runs, reap it, close the file it logs to."""
    if proc.poll() is None:
        proc.kill()
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        pass
    if logf is not None:
        logf.close()


# ------------------------------------------------------ Debian's ii client

class II:
    """One ii(1) process: it writes what it hears to DIR/HOST/.../out and
    reads commands from the in FIFOs."""

    def __init__(self, srv, nick, workdir):
        self.nick = nick
        self.base = os.path.join(workdir, "ii-" + nick)
        os.makedirs(self.base, exist_ok=True)
        self.host = srv.addr[0]
        self.log = open(os.path.join(workdir, "ii-%s.log" % nick), "wb")
        self.proc = subprocess.Popen(
            ["ii", "-s", self.host, "-p", str(srv.port), "-n", nick,
             "-f", "ii user " + nick, "-i", self.base],
            stdin=subprocess.DEVNULL, stdout=self.log,
            stderr=subprocess.STDOUT)

    def path(self, *parts):
        return os.path.join(self.base, self.host, *parts)

    def write(self, line, where=()):
        """Write a line to an in FIFO (waiting for ii to open it)."""
        fifo = self.path(*(list(where) + ["in"]))
        data = (line + "\n").encode()
        wait_for(lambda: write_fifo(fifo, data), timeout=WAIT, step=0.05,
                 what="ii's FIFO %s" % fifo)

    def out(self, *where):
        return read_text(self.path(*(list(where) + ["out"])))

    def wait_out(self, text, *where, timeout=WAIT):
        """Wait until text appears in an out file; return the file."""
        try:
            return wait_for(lambda: text in self.out(*where) and
                            self.out(*where), timeout=timeout, step=0.05,
                            what="%r in ii %s's %s/out" % (
                                text, self.nick, "/".join(where) or
                                "server"))
        except Fail as e:
            raise Fail("%s\nthe file holds:\n%s" % (e, self.out(*where)[-800:]))

    def stop(self):
        stop_process(self.proc, self.log)


# -------------------------------------------------------------- test runner

class Tests:
    """Runs named cases, prints TAP-like lines, exits 0/1."""

    def __init__(self):
        self.n = 0
        self.failed = []

    def case(self, name, fatal=False):
        """Decorator: run the function now as one case.  A fatal case (a
        set-up the rest depend on) ends the script when it fails."""
        def run(fn):
            failed = len(self.failed)
            self.n += 1
            start = time.monotonic()
            try:
                fn()
            except Skip as e:
                print("ok %d - %s # SKIP %s" % (self.n, name, e))
            except Fail as e:
                self.failed.append(name)
                print("not ok %d - %s" % (self.n, name))
                say(e)
                self.server_logs()
            except Exception:
                self.failed.append(name)
                print("not ok %d - %s" % (self.n, name))
                say(traceback.format_exc())
                self.server_logs()
            else:
                print("ok %d - %s (%.1fs)" % (self.n, name,
                                               time.monotonic() - start))
            sys.stdout.flush()
            for c in _open_clients:
                c.close()
            del _open_clients[:]
            if fatal and len(self.failed) > failed:
                print("# the cases after this one need it: stopping")
                self.done()
            return fn
        return run

    @staticmethod
    def server_logs():
        for srv in _servers:
            if srv.logf is not None:
                srv.logf.flush()
                say("%s log (last lines):\n%s" % (srv.kind, srv.log_tail(15)))

    @staticmethod
    def print_server_reports(failed):
        for headline, details in _server_reports:
            failed.append(headline)
            print("not ok - %s" % headline)
            say(details)
        del _server_reports[:]

    def done(self):
        _kill_servers()
        self.print_server_reports(self.failed)
        print("1..%d" % self.n)
        if self.failed:
            print("# FAILED: %s" % "; ".join(self.failed))
            sys.exit(1)
        sys.exit(0)
