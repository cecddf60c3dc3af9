"""tuitest: drive banter in a private tmux server, end to end.

Tmux is tests/tmuxdriver.py's Pane (STYLE.md's method: a private tmux
server per test, a fixed 100x30 window, the screen polled with a
deadline and printed on failure) with banter's own rows: the status line
and the input line.  FakeServer is a bare listening socket for scripted
replies; the IRC servers and the scripted second user come from
ircharness.
"""

import os
import select
import socket
import subprocess
import time

import ircharness as h
import tmuxdriver
from tmuxdriver import HEIGHT, WAIT, WIDTH  # noqa: F401 (tests use them)

banter_path = h.banter_path
need_tmux = tmuxdriver.need_tmux


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


class Tmux(tmuxdriver.Pane):
    """One banter in one private tmux server (tests/tmuxdriver.py)."""

    def __init__(self, argv, env=None, start=True, record=False):
        tmuxdriver.Pane.__init__(self, argv, dict({"USER": "ana"},
                                                  **(env or {})),
                                 start=start, record=record, name="banter",
                                 prefix="banter-tui-")

    def status(self):
        return self.rows()[HEIGHT - 2] if len(self.rows()) >= HEIGHT - 1 \
            else ""

    def input_row(self):
        rows = self.rows()
        return rows[HEIGHT - 1] if len(rows) >= HEIGHT else ""

    def wait_status(self, pred, what, timeout=WAIT):
        def check(screen):
            rows = screen.split("\n")
            return len(rows) >= HEIGHT - 1 and pred(rows[HEIGHT - 2])
        return self.wait(check, "status line " + what, timeout)

    def pid(self):
        return self.pane_pid()


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
