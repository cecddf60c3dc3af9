"""interoplib: other programs' IRC servers and clients for interop tests.

- Weechat: one weechat-headless with a private --dir, driven through its
  fifo plugin, read back through its logger plugin's files.
- InspIRCd and Ergo: ircharness.Server with a generated loopback-only
  config (so the scripted clients, the logs shown on failure and the
  cleanup at exit are the harness's own).
- irssi(): irssi in a private tmux (tests/tmuxdriver.py).
- wait_online(): until a scripted client sees a nick online (ISON), the
  program's screen shown on a timeout.
- banter_cases(): banter in tmux (tests/client/tuitest.py) against one of
  those servers, with a scripted second user.

Every wait has a deadline (ircharness.wait_for); every process is killed
by the script's finally blocks or the harness's atexit hook.
"""

import glob
import os
import re
import shutil
import subprocess
import sys

import ircharness as h
from ircharness import Fail, check, say, wait_for
import tmuxdriver

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "client"))
import tuitest  # noqa: E402  (needs the path above)

WAIT = 10.0


def skip(why):
    print("1..0 # SKIP %s" % why)
    sys.exit(h.SKIP)


def need(*tools):
    for tool in tools:
        if shutil.which(tool) is None:
            skip("%s is not installed" % tool)


# ---------------------------------------------------------------- weechat

def need_weechat():
    """weechat-headless and its fifo plugin (Debian: weechat-headless and
    weechat-plugins), or skip."""
    need("weechat-headless")
    where = ["/usr/lib/*/weechat/plugins", "/usr/lib/weechat/plugins",
             "/usr/local/lib/*/weechat/plugins",
             "/usr/local/lib/weechat/plugins"]
    if not any(glob.glob(os.path.join(d, "fifo.so")) for d in where):
        skip("weechat's fifo plugin is not installed (Debian package "
             "weechat-plugins)")


class Weechat:
    """weechat-headless with its home in workdir, connected to srv as nick
    and joining #lobby.  Commands go in through the fifo plugin's pipe
    (weechat_fifo_PID in the runtime directory); what it receives comes
    back from the logger plugin's files, flushed at once."""

    SERVER = "banter"           # weechat's name for the server

    def __init__(self, srv, nick, workdir, channel="#lobby"):
        self.nick = nick
        self.dir = os.path.join(workdir, "weechat-" + nick)
        os.makedirs(self.dir)
        host, port = srv.addr
        s = "irc.server." + self.SERVER
        # Only the plugins used: no scripts, no spell checker, no relay.
        # The anti-flood delays (2 s between lines by default) are off, so
        # the commands of a test go out at once.
        cmds = [
            "/set logger.file.flush_delay 0",
            "/set irc.server_default.anti_flood_prio_high 0",
            "/set irc.server_default.anti_flood_prio_low 0",
            "/set irc.server_default.autoreconnect off",
            "/server add %s %s/%d -notls" % (self.SERVER, host, port),
            "/set %s.nicks %s" % (s, nick),
            "/set %s.username weechat" % s,
            "/set %s.realname weechat tester" % s,
            "/set %s.autojoin %s" % (s, channel),
            "/connect " + self.SERVER,
        ]
        self.out = open(os.path.join(workdir, "weechat-%s.out" % nick), "wb")
        env = dict(os.environ, HOME=self.dir, LANG="C.UTF-8",
                   LC_ALL="C.UTF-8", TERM="dumb")
        self.proc = subprocess.Popen(
            ["weechat-headless", "--dir", self.dir, "--no-script",
             "--plugins", "irc,fifo,logger", "--run-command", ";".join(cmds)],
            stdin=subprocess.DEVNULL, stdout=self.out,
            stderr=subprocess.STDOUT, env=env)
        self.fifo = os.path.join(self.dir, "weechat_fifo_%d" % self.proc.pid)

    # commands

    def command(self, line, buffer=None):
        """Run a /command (on the server buffer by default) or say a line
        in a buffer ("#lobby", a nick), through the fifo."""
        if buffer is None:
            target = "irc.server." + self.SERVER
        elif buffer == "core":
            target = "core.weechat"
        else:
            target = "irc.%s.%s" % (self.SERVER, buffer)
        data = ("%s *%s\n" % (target, line)).encode()

        def write():
            if self.proc.poll() is not None:
                raise Fail("weechat exited with status %d; its output:\n%s"
                           % (self.proc.returncode, self.output()))
            return h.write_fifo(self.fifo, data)
        wait_for(write, timeout=WAIT, step=0.05,
                 what="weechat's fifo %s" % self.fifo)

    def say(self, buffer, text):
        self.command(text, buffer)

    # what it received

    def log_path(self, buffer=None):
        if buffer is None:
            name = "irc.server." + self.SERVER
        elif buffer == "core":
            name = "core.weechat"
        else:
            name = "irc.%s.%s" % (self.SERVER, buffer.lower())
        return os.path.join(self.dir, "logs", name + ".weechatlog")

    def log(self, buffer=None):
        return h.read_text(self.log_path(buffer))

    def lines(self, buffer=None):
        """The logged lines as (prefix, message) pairs."""
        got = []
        for line in self.log(buffer).splitlines():
            parts = line.split("\t", 2)
            if len(parts) == 3:
                got.append((parts[1], parts[2]))
        return got

    def wait_log(self, pred, buffer=None, what=None, timeout=WAIT):
        """Wait until a logged (prefix, message) line satisfies pred."""
        try:
            return wait_for(lambda: next((ln for ln in self.lines(buffer)
                                          if pred(*ln)), None),
                            timeout=timeout, step=0.05,
                            what="%s in weechat's %s log" % (
                                what or "a line", buffer or "server"))
        except Fail as e:
            raise Fail("%s\nthe log %s holds:\n%s" % (
                e, self.log_path(buffer), self.log(buffer)[-1500:]))

    def wait_message(self, buffer, nick, text, timeout=WAIT):
        """A message from nick (weechat shows a channel mode prefix such
        as @ or + before the nick)."""
        return self.wait_log(lambda p, m: p.lstrip("@+%&~") == nick and
                             m == text, buffer,
                             "<%s> %s" % (nick, text), timeout)

    def wait_event(self, buffer, text, timeout=WAIT):
        """An event line (join, nick change...) holding text."""
        return self.wait_log(lambda p, m: text in m, buffer, repr(text),
                             timeout)

    def output(self):
        self.out.flush()
        data = h.read_text(self.out.name)
        return "%s\n(core log:)\n%s" % (data[-1500:],
                                          self.log("core")[-1500:])

    def wait_exit(self, timeout=WAIT):
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            raise Fail("weechat still running %.0fs after /quit" % timeout)

    def stop(self):
        h.stop_process(self.proc, self.out)


# ---------------------------------------------------------------- banterd

def person_server():
    """The server as a person starts it: `banterd -l 127.0.0.1:PORT` with
    nothing set in its (empty) config, so built-in defaults, flood control
    included.  Against ngircd (BANTER_TEST_SERVER=ngircd), the harness's
    ngircd with its penalty throttle on."""
    if h.target_kind() != "banterd":
        return h.Server(conf={"flood_burst": 10, "flood_rate": 2})
    srv = h.Server(start=False)
    srv.conf = {"listen": None}     # an empty config file
    srv.wrap = lambda argv: argv + ["-l", "127.0.0.1:%d" % srv.port]
    return srv.start()


# ------------------------------------------------------------------ irssi

# irssi's flood protection (one command every 2.2 s after the first five)
# is opened wide, as it would be for a LAN, so a test does not wait on it.
IRSSI_CONF = """settings = {
  core = { real_name = "irssi tester"; user_name = "irssi"; nick = "%s"; };
  "irc/core" = { cmds_max_at_once = "100"; cmd_queue_speed = "10msec"; };
  "fe-common/core" = { autocreate_own_query = "no"; };
};
"""


def irssi(srv, nick, workdir):
    """irssi in a private tmux (tests/tmuxdriver.py), connecting to srv."""
    home = os.path.join(workdir, "irssi-" + nick)
    os.makedirs(home)
    with open(os.path.join(home, "config"), "w") as f:
        f.write(IRSSI_CONF % nick)
    host, port = srv.addr
    return tmuxdriver.Pane(["irssi", "--home=" + home, "-n", nick,
                            "-c", host, "-p", str(port)],
                           env={"TERM": "tmux-256color", "USER": nick},
                           prefix="banter-irssi-")


def wait_online(client, nick, pane, what, timeout=15):
    """Until the scripted client sees nick online (ISON, answered by 303);
    a timeout's Fail carries the screen of the program's pane."""
    def online():
        client.send("ISON %s" % nick)
        return nick in client.expect("303").text.split()
    try:
        wait_for(online, timeout=timeout, step=0.2, what=what)
    except Fail as e:
        raise Fail("%s\nscreen:\n%s" % (e, pane.screen()))


# ---------------------------------------------------------------- servers

class InspIRCd(h.Server):
    """InspIRCd 3 in the foreground (--nofork), every file in its test
    directory, one client listener on 127.0.0.1, no DNS or ident lookups
    of clients, flood limits opened wide, and the modules that offer the
    capabilities banter asks for."""

    BINARY = shutil.which("inspircd") or "/usr/sbin/inspircd"
    MODULES = ("cap", "ircv3", "ircv3_servertime", "ircv3_echomessage",
               "namesx")

    def __init__(self, **kw):
        h.Server.__init__(self, kind="inspircd", **kw)

    def pick_ports(self):
        # One port free on both 127.0.0.1 and ::1, as for ngircd.
        self.port = h.free_port_both() if self.want_ipv6 else h.free_port()
        self.port6 = self.port if self.want_ipv6 else None

    def lost_port_race(self):
        # Its log does not say "in use": any early exit may be the race.
        return True

    def write_conf(self):
        d = self.dir
        for sub in ("data", "logs", "run"):
            os.makedirs(os.path.join(d, sub), exist_ok=True)
        lines = [
            '<server name="irc.inspircd.test" description="banter '
            'interop test" network="%s">' % self.network,
            '<admin name="test" nick="test" email="test@localhost">',
            '<path configdir="%s" datadir="%s/data" logdir="%s/logs" '
            'runtimedir="%s/run">' % (d, d, d, d),
            '<bind address="127.0.0.1" port="%d" type="clients">' % self.port,
        ] + ([
            '<bind address="::1" port="%d" type="clients">' % self.port6,
        ] if self.port6 else []) + [
            '<connect name="main" allow="*" timeout="30" pingfreq="120" '
            'hardsendq="1048576" softsendq="65536" recvq="65536" '
            'threshold="1000" commandrate="100000" fakelag="no" '
            'localmax="200" globalmax="200" maxconnwarn="no" '
            'resolvehostnames="no" useident="no" limit="200" '
            'maxchans="50">',
            '<files motd="%s">' % self.motd_path,
            '<pid file="%s/run/inspircd.pid">' % d,
            # No lookups are made (resolvehostnames, nouserdns), and if one
            # were it would stay on this machine.
            '<dns server="127.0.0.1" timeout="1">',
            '<performance nouserdns="yes">',
            '<log method="file" type="* -USERINPUT -USEROUTPUT" '
            'level="default" target="%s/logs/ircd.log">' % d,
            # Every line in and out, for the tests to see what a client
            # sent (CAP negotiation) and for failure reports.
            '<log method="file" type="USERINPUT USEROUTPUT" '
            'level="rawio" target="%s/logs/raw.log">' % d,
        ]
        lines += ['<module name="%s">' % m for m in self.MODULES]
        with open(self.conf_path, "w") as f:
            f.write("\n".join(lines) + "\n")

    RAW = re.compile(r"USER(?:INPUT|OUTPUT): C\[(\w+)\] ([IO]) (.*)$")

    def traffic(self, nick):
        """What the connection that first sent NICK nick sent (I) and was
        sent (O), from the raw I/O log: a list of (direction, line)."""
        try:
            with open(os.path.join(self.dir, "logs", "raw.log"), "rb") as f:
                text = f.read().decode("utf-8", "replace")
        except OSError:
            return []
        rows = [m.groups() for m in map(self.RAW.search, text.splitlines())
                if m]
        uid = next((u for u, d, line in rows if d == "I" and
                    line.split()[:2] == ["NICK", nick]), None)
        return [(d, line) for u, d, line in rows if u == uid]

    def argv(self):
        argv = [self.BINARY, "--nofork", "--config", self.conf_path]
        if os.geteuid() == 0:
            argv.append("--runasroot")  # CI runs the suite as root
        return argv + self.extra_args


def ergo_binary():
    """The Ergo IRC server's binary, or None.  Debian's package called
    'ergo' is a quantum chemistry program: a binary of that name counts
    only if 'ergo version' answers like the IRC server ("ergo-2.x")."""
    path = shutil.which("ergo")
    if path is None:
        return None
    try:
        res = subprocess.run([path, "version"], stdin=subprocess.DEVNULL,
                             stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, timeout=5)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if re.match(rb"\s*(ergo|oragono)-\d", res.stdout):
        return path
    return None


class Ergo(h.Server):
    """Ergo (ergochat) in the foreground ('ergo run'), with a minimal
    config: one plain-text listener on 127.0.0.1, its datastore in the
    test directory, no TLS, no lookups, no flood limits."""

    def __init__(self, binary, **kw):
        self.binary = binary
        h.Server.__init__(self, kind="ergo", **kw)

    def write_conf(self):
        d = self.dir
        text = ERGO_CONF % {
            "port": self.port, "network": self.network, "dir": d,
            "motd": self.motd_path,
        }
        with open(self.conf_path, "w") as f:
            f.write(text)

    def launch(self):
        """Older Ergo releases want the datastore made first (newer ones
        make it themselves): make it, within a deadline."""
        db = os.path.join(self.dir, "ircd.db")
        if not os.path.exists(db):
            with open(self.log_path, "ab") as log:
                try:
                    subprocess.run([self.binary, "initdb", "--conf",
                                    self.conf_path, "--quiet"],
                                   stdin=subprocess.DEVNULL, stdout=log,
                                   stderr=subprocess.STDOUT, timeout=20)
                except subprocess.TimeoutExpired:
                    raise Fail("ergo initdb took over 20 s")
        return h.Server.launch(self)

    def argv(self):
        return [self.binary, "run", "--conf", self.conf_path] + \
            self.extra_args


ERGO_CONF = """# generated by tests/interop/interoplib.py
network:
    name: %(network)s
server:
    name: irc.ergo.test
    listeners:
        "127.0.0.1:%(port)d": {}
    unix-bind-mode: 0777
    check-ident: false
    lookup-hostnames: false
    forward-confirm-hostnames: false
    enforce-utf8: true
    motd: %(motd)s
    motd-formatting: false
    ip-cloaking:
        enabled: false
    relaymsg:
        enabled: false
    ip-limits:
        count: false
        throttle: false
    max-sendq: 96k
    casemapping: ascii
    compatibility:
        force-trailing: true
        send-unprefixed-sasl: true
        allow-truncation: false
accounts:
    authentication-enabled: false
    registration:
        enabled: false
    nick-reservation:
        enabled: false
    multiclient:
        enabled: false
channels:
    default-modes: +nt
    registration:
        enabled: false
datastore:
    path: %(dir)s/ircd.db
    autoupgrade: true
lock-file: %(dir)s/ircd.lock
languages:
    enabled: false
limits:
    nicklen: 32
    identlen: 20
    realnamelen: 150
    channellen: 64
    awaylen: 390
    kicklen: 390
    topiclen: 390
    monitor-entries: 100
    whowas-entries: 100
    chan-list-modes: 60
    registration-messages: 1024
    multiline:
        max-bytes: 4096
        max-lines: 100
fakelag:
    enabled: false
history:
    enabled: false
logging:
    -
        method: stderr
        type: "* -userinput -useroutput"
        level: info
"""


# ------------------------------------------------------------ banter cases

def banter_cases(t, srv):
    """banter in tmux against srv with a scripted second user: register
    (CAP), #lobby, messages both ways, a nick change, /quit with exit 0."""
    kind = srv.kind
    state = {}
    try:
        _banter_cases(t, srv, kind, state)
    finally:
        if state.get("s"):
            state["s"].close()
        if state.get("bob"):
            state["bob"].close()


def check_cap_negotiation(traffic):
    """banter sent CAP LS 302, asked for what it wants among what was
    offered, got an ACK and ended with CAP END before the 001."""
    said = [line for d, line in traffic if d == "I"]
    heard = [line for d, line in traffic if d == "O"]
    report = "the connection's traffic:\n" + "\n".join(
        "%s %s" % row for row in traffic[:40])
    check(any(line.startswith("CAP LS") for line in said),
          "banter sent no CAP LS; " + report)
    req = next((line for line in said if line.startswith("CAP REQ")), None)
    check(req is not None, "banter sent no CAP REQ; " + report)
    check(any(" ACK " in line for line in heard), "no ACK; " + report)
    check("CAP END" in said, "banter sent no CAP END; " + report)
    say("banter asked for: %s" % req.partition(":")[2])


def _banter_cases(t, srv, kind, state):

    @t.case("%s is up: two scripted clients register and talk in #lobby"
            % kind, fatal=True)
    def _():
        a = srv.user("probea")
        b = srv.user("probeb", caps=["multi-prefix", "server-time"])
        say("%s offers and acks: %s" % (kind, " ".join(sorted(b.caps))
                                        or "(no capabilities)"))
        a.join("#probe")
        b.join("#probe")
        a.expect("JOIN", lambda m: m.nick == "probeb", what="probeb's JOIN")
        b.send("PRIVMSG #probe :probe line")
        m = a.expect("PRIVMSG", lambda m: m.nick == "probeb")
        check(m.params == ["#probe", "probe line"], "got %s" % m)

    @t.case("banter registers with CAP negotiation and joins #lobby on %s; "
            "MOTD, names and topic shown" % kind, fatal=True)
    def _():
        bob = srv.user("bob", keep=True)
        bob.join("#lobby")
        bob.send("TOPIC #lobby :the %s interop topic" % kind)
        bob.expect("TOPIC", what="the TOPIC echo")
        state["bob"] = bob
        s = tuitest.Session(srv, nick="ana")   # waits for #lobby on screen
        state["s"] = s
        bob.expect("JOIN", lambda m: m.nick == "ana", what="ana's JOIN",
                   timeout=WAIT)
        if hasattr(srv, "traffic"):
            check_cap_negotiation(srv.traffic("ana"))
        s.t.wait(lambda scr: any(sorted(row.split()[2:]) == ["@bob", "ana"]
                                 for row in scr.split("\n")
                                 if row.startswith("In #lobby:")),
                 "In #lobby: @bob ana (in any order)")
        s.t.wait_text("The topic of #lobby is: the %s interop topic" % kind)
        s.t.wait_text("The topic was set by bob")
        # The welcome burst went to the server window: its MOTD shows.
        s.t.keys("M-1")
        s.t.wait_status(lambda st: "1:" in st.split("|")[1], "window 1")
        s.t.wait_text("Welcome to the test server.")
        s.t.keys("M-2")
        s.t.wait_status(lambda st: "2:#lobby" in st.split("|")[1],
                        "#lobby shown again")

    s = state["s"]
    bob = state["bob"]

    @t.case("banter and a scripted user exchange messages on %s" % kind)
    def _():
        bob.send("PRIVMSG #lobby :hello ana, from %s" % kind)
        s.t.wait_text("<bob> hello ana, from %s" % kind)
        s.t.line("hello bob, from banter ✓")
        m = bob.expect("PRIVMSG", lambda m: m.nick == "ana",
                       what="ana's message")
        check(m.params == ["#lobby", "hello bob, from banter ✓"],
              "bob got %s" % m)
        scr = s.t.wait_text("<ana> hello bob, from banter ✓")
        # With echo-message the server's echo is what is shown: once.
        check(scr.count("hello bob, from banter") == 1,
              "banter shows its line %d times:\n%s" % (
                  scr.count("hello bob, from banter"), scr))
        bob.send("PRIVMSG ana :a private word")
        s.t.wait_status(lambda st: "3:bob" in st, "a window for bob")

    @t.case("a long line from banter arrives whole on %s, in several "
            "messages" % kind)
    def _():
        text = " ".join("w%03d-long" % i for i in range(100))
        s.t.line(text)
        pieces = []
        for _ in range(10):
            if len(" ".join(pieces)) >= len(text):
                break
            m = bob.expect("PRIVMSG", lambda m: m.nick == "ana",
                           what="the rest of the long line (%d bytes of "
                           "%d so far)" % (len(" ".join(pieces)), len(text)))
            pieces.append(m.text)
        check(len(pieces) >= 2, "one message of %d bytes" % len(text))
        check(" ".join(pieces) == text,
              "the pieces do not make the line: %r" % pieces)
        say("%d bytes in %d messages of %s bytes" % (
            len(text), len(pieces), "/".join(str(len(p)) for p in pieces)))

    @t.case("banter changes its nick on %s; the others see it" % kind)
    def _():
        s.t.line("/nick anna")
        bob.expect("NICK", lambda m: m.nick == "ana" and
                   m.text == "anna", what="ana's NICK")
        s.t.wait_status(lambda st: "anna" in st, "the new nick")
        bob.send("NICK bobby")
        s.t.wait_text("bob is now known as bobby")
        s.t.line("still here as anna")
        m = bob.expect("PRIVMSG", lambda m: m.nick == "anna",
                       what="anna's message")
        check(m.text == "still here as anna", "got %s" % m)

    @t.case("a second banter asking for a taken nick registers as bobby_ "
            "on %s" % kind)
    def _():
        s2 = tuitest.Session(srv, nick="bobby")
        try:
            bob.expect("JOIN", lambda m: m.nick == "bobby_",
                       what="bobby_'s JOIN", timeout=WAIT)
            s2.t.wait_status(lambda st: "bobby_" in st, "the nick bobby_")
        finally:
            s2.close()

    @t.case("banter connects to %s over IPv6 ([::1]:PORT)" % kind)
    def _():
        if not srv.port6:
            raise h.Skip("%s listens on no IPv6 address here" % kind)
        s6 = tuitest.Session(srv, nick="ana6", host="[::1]:%d" % srv.port6)
        try:
            m = bob.expect("JOIN", lambda m: m.nick == "ana6",
                           what="ana6's JOIN", timeout=WAIT)
            # InspIRCd writes ::1 as 0::1 (a host may not start with ':').
            check(m.prefix.rpartition("@")[2] in ("::1", "0::1"),
                  "ana6 is not from ::1: %s" % m)
            s6.t.line("/quit")
            bob.expect("QUIT", lambda m: m.nick == "ana6",
                       what="ana6's QUIT")
        finally:
            s6.close()

    @t.case("banter /quit on %s: QUIT seen, exit status 0" % kind)
    def _():
        s.t.line("/quit bye from banter")
        m = bob.expect("QUIT", lambda m: m.nick == "anna",
                       what="anna's QUIT")
        check("bye from banter" in m.text, "QUIT: %s" % m)
        status = s.t.exit_status()
        check(status == 0, "banter exited with %d" % status)
