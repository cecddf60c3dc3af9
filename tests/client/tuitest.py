"""tuitest: drive banter in a private tmux server, end to end.

The method of STYLE.md: one tmux server per test on its own socket, a
fixed 100x30 window, escape-time 0, no status bar, remain-on-exit on,
HOME and the XDG directories inside the test directory, LANG=C.UTF-8.
Keys go in with send-keys (-l for text), the screen comes back with
capture-pane, polled until the expected text shows or a deadline passes
(the screen is printed on failure).  The IRC servers and the scripted
second user come from ircharness.
"""

import os
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

import ircharness as h

WIDTH, HEIGHT = 100, 30
WAIT = 8.0


def banter_path():
    path = os.environ.get("BANTER")
    if not path:
        top = os.environ.get("top_builddir", ".")
        path = os.path.join(top, "src", "banter")
    return os.path.abspath(path)


def need_tmux():
    if shutil.which("tmux") is None:
        print("1..0 # SKIP tmux is not installed")
        sys.exit(h.SKIP)


class FakeServer:
    """One listening socket; one accepted client, raw lines both ways."""

    def __init__(self):
        self.lsock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.lsock.bind(("127.0.0.1", 0))
        self.lsock.listen(4)
        self.port = self.lsock.getsockname()[1]
        self.conn = None
        self.buf = b""

    def accept(self, timeout=WAIT):
        r, _, _ = select.select([self.lsock], [], [], timeout)
        h.check(r, "banter did not connect")
        self.conn, _ = self.lsock.accept()
        self.conn.settimeout(WAIT)

    def lines_until(self, word, timeout=WAIT):
        deadline = time.monotonic() + timeout
        got = []
        while True:
            while b"\n" in self.buf:
                line, self.buf = self.buf.split(b"\n", 1)
                line = line.rstrip(b"\r").decode("utf-8", "replace")
                got.append(line)
                if line.split(" ")[0] == word:
                    return got
            left = deadline - time.monotonic()
            h.check(left > 0, "no %s from banter; got %r" % (word, got))
            r, _, _ = select.select([self.conn], [], [], left)
            if r:
                data = self.conn.recv(65536)
                h.check(data, "banter closed the connection; got %r" % got)
                self.buf += data

    def send(self, data):
        if isinstance(data, str):
            data = data.encode("utf-8", "surrogateescape")
        self.conn.sendall(data)

    def close(self):
        for s in (self.conn, self.lsock):
            if s is not None:
                s.close()


def fake_session(args=(), record=False):
    """A FakeServer and banter registered to it as ana, in #lobby."""
    srv = FakeServer()
    tm = Tmux([banter_path(), "-n", "ana"] + list(args) +
              ["127.0.0.1:%d" % srv.port], record=record)
    try:
        srv.accept()
        srv.lines_until("USER")
        srv.send(":srv 001 ana :Welcome\r\n")
        srv.lines_until("JOIN")
        srv.send(":ana!u@h JOIN #lobby\r\n")
        tm.wait_text("joined #lobby")
    except BaseException:
        tm.close()
        srv.close()
        raise
    return srv, tm


class Tmux:
    """One banter in one private tmux server."""

    def __init__(self, argv, env=None, start=True, record=False):
        self.dir = tempfile.mkdtemp(prefix="banter-tui-")
        self.sock = os.path.join(self.dir, "tmux.sock")
        self.record = record
        self.raw_path = os.path.join(self.dir, "pane.raw")
        self.home = os.path.join(self.dir, "home")
        os.makedirs(os.path.join(self.home, ".config"))
        conf = os.path.join(self.dir, "tmux.conf")
        with open(conf, "w") as f:
            f.write("set -g escape-time 0\n"
                    "set -g status off\n"
                    "set -g remain-on-exit on\n"
                    "set -g default-terminal tmux-256color\n"
                    "set -g history-limit 0\n")
        self.conf = conf
        envs = {
            "HOME": self.home,
            "XDG_CONFIG_HOME": os.path.join(self.home, ".config"),
            "XDG_DATA_HOME": os.path.join(self.home, ".local", "share"),
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
            "USER": "ana",
        }
        envs.update(env or {})
        self.cmd = ["env"] + ["%s=%s" % kv for kv in envs.items()] + \
            list(argv)
        if start:
            self.start()

    def start(self):
        if not self.record:
            self.tmux("new-session", "-d", "-x", str(WIDTH), "-y",
                      str(HEIGHT), "--", *self.cmd)
            return
        # The shell waits for a line, so pipe-pane -O records banter's
        # output from its first byte.
        self.tmux("new-session", "-d", "-x", str(WIDTH), "-y", str(HEIGHT),
                  "--", "sh", "-c", 'read gate; exec "$@"', "sh",
                  *self.cmd)
        self.tmux("pipe-pane", "-O", "cat >> '%s'" % self.raw_path)
        self.keys("Enter")

    def raw(self):
        """Every byte banter has written to its terminal (record=True)."""
        try:
            with open(self.raw_path, "rb") as f:
                return f.read()
        except OSError:
            return b""

    def tmux(self, *args, check=True):
        res = subprocess.run(["tmux", "-S", self.sock, "-f", self.conf]
                             + list(args), stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, timeout=10)
        if check and res.returncode != 0:
            raise h.Fail("tmux %s failed: %s" % (
                " ".join(args), res.stderr.decode(errors="replace")))
        return res.stdout.decode("utf-8", "replace")

    def keys(self, *names):
        self.tmux("send-keys", *names)

    def type(self, text):
        self.tmux("send-keys", "-l", text)

    def line(self, text):
        """Type text and Enter."""
        self.type(text)
        self.keys("Enter")

    def hex(self, data):
        self.tmux("send-keys", "-H", *["%02x" % b for b in data])

    def paste(self, text):
        path = os.path.join(self.dir, "paste")
        with open(path, "w") as f:
            f.write(text)
        self.tmux("load-buffer", path)
        self.tmux("paste-buffer", "-p", "-d")

    def screen(self, colours=False):
        args = ["capture-pane", "-p"] + (["-e"] if colours else [])
        return self.tmux(*args)

    def rows(self):
        return self.screen().split("\n")

    def status(self):
        return self.rows()[HEIGHT - 2] if len(self.rows()) >= HEIGHT - 1 \
            else ""

    def input_row(self):
        rows = self.rows()
        return rows[HEIGHT - 1] if len(rows) >= HEIGHT else ""

    def info(self, fmt):
        return self.tmux("display-message", "-p", fmt).strip()

    def wait(self, pred, what, timeout=WAIT):
        """Poll the screen until pred(screen) holds."""
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if pred(screen):
                return screen
            if time.monotonic() >= deadline:
                raise h.Fail("timed out after %.0fs waiting for %s; the "
                             "screen:\n%s" % (timeout, what, screen))
            time.sleep(0.03)

    def wait_text(self, text, timeout=WAIT):
        return self.wait(lambda s: text in s, repr(text), timeout)

    def wait_gone(self, text, timeout=WAIT):
        return self.wait(lambda s: text not in s, "%r to go" % text, timeout)

    def wait_status(self, pred, what, timeout=WAIT):
        def check(screen):
            rows = screen.split("\n")
            return len(rows) >= HEIGHT - 1 and pred(rows[HEIGHT - 2])
        return self.wait(check, "status line " + what, timeout)

    def exit_status(self, timeout=WAIT):
        """The exit status, once banter has ended (tmux 3.3a may miss a
        pane's exit: nudge it with SIGCHLD, as STYLE.md says)."""
        deadline = time.monotonic() + timeout
        nudged = False
        while True:
            status = self.info("#{pane_dead_status}")
            if status != "":
                return int(status)
            now = time.monotonic()
            if now >= deadline:
                raise h.Fail("banter did not exit within %.0fs; the "
                             "screen:\n%s" % (timeout, self.screen()))
            if not nudged and now >= deadline - timeout / 2:
                pid = self.info("#{pid}")
                if pid.isdigit():
                    os.kill(int(pid), signal.SIGCHLD)
                nudged = True
            time.sleep(0.03)

    def pid(self):
        return int(self.info("#{pane_pid}"))

    def close(self):
        self.tmux("kill-server", check=False)
        shutil.rmtree(self.dir, ignore_errors=True)


class Session:
    """A server, banter connected to it as ana, and helpers."""

    def __init__(self, srv, args=(), nick="ana", env=None, join=True,
                 host=None):
        self.srv = srv
        self.nick = nick
        argv = [banter_path(), "-n", nick] + list(args) + \
            [host or "127.0.0.1:%d" % srv.port]
        self.t = Tmux(argv, env)
        if join:
            self.t.wait_status(lambda s: "#lobby" in s and "|" in s,
                               "naming #lobby")
            self.t.wait_text("joined #lobby")

    def close(self):
        self.t.close()


def restart_same_port(srv):
    """Kill the server and start it again on the same port."""
    srv.proc.kill()
    srv.proc.wait(5)
    srv.logf.close()
    srv.logf = open(srv.log_path, "ab")
    env = dict(os.environ)
    env.setdefault("LC_ALL", "C")
    deadline = time.monotonic() + WAIT
    while True:
        srv.proc = subprocess.Popen(srv.argv(), stdin=subprocess.DEVNULL,
                                    stdout=srv.logf,
                                    stderr=subprocess.STDOUT, env=env)
        try:
            srv.wait_ready(timeout=3)
            return
        except h.Fail:
            # The port may linger a moment after the kill: try again.
            if srv.proc.poll() is None or time.monotonic() >= deadline:
                raise
            time.sleep(0.1)


def received(client, command, pred, what, timeout=WAIT):
    return client.expect(command, pred=pred, timeout=timeout, what=what)
