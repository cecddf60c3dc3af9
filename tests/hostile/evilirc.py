"""evilirc: a scripted, hostile IRC server and banter in tmux (issue 6).

EvilServer listens on a free port of 127.0.0.1; a thread accepts banter's
connections and reads its lines; the test sends whatever bytes it likes.
By default it plays a minimal server (CAP LS answered empty, the welcome
burst once NICK and USER are in, JOIN echoed with NAMES, PING answered);
flags turn parts of that off.

Banter runs in a private tmux server (tests/tmuxdriver.py: STYLE.md's
fixed 100x30 window and settings) that records every byte banter writes
to its terminal, from its very first one.

session() is a case's frame: the server, banter in #lobby on it, and on
the way out the checks every case ends with ("still here" typed reaches
the server, /quit exits 0) and the cleanup.
"""

import contextlib
import os
import queue
import socket
import sys
import threading
import time

import ircharness as h
import tmuxdriver
from tmuxdriver import HEIGHT, WAIT, WIDTH

NICK = "ana"
SERVER = "evil.test"


banter_path = h.banter_path


def need_tmux():
    tmuxdriver.need_tmux()
    if not os.path.exists(banter_path()):
        print("banter is not built at %s" % banter_path())
        sys.exit(1)


class Conn:
    """One connection from banter."""

    def __init__(self, server, sock):
        self.server = server
        self.sock = sock
        self.accepted_at = time.monotonic()
        self.closed_at = None
        self.lines = queue.Queue()
        self.log = []           # every line received
        self.nick = None
        self.got_user = False
        self.registered = False
        self.closed = False
        self.shut = False       # close() was called: the reader ends
        self.lock = threading.Lock()
        self.reading = threading.Event()    # cleared: stop reading
        self.reading.set()
        threading.Thread(target=self._read, daemon=True).start()

    def send(self, data):
        if isinstance(data, str):
            data = data.encode()
        with self.lock:
            try:
                self.sock.sendall(data)
            except OSError:
                self.closed = True

    def line(self, data):
        if isinstance(data, str):
            data = data.encode()
        self.send(data + b"\r\n")

    def close(self):
        """Shut the connection down.  The reader thread frees the
        descriptor: freed here, a recv() that thread is about to make
        could land on a new socket given the same number (banter's next
        connection), as the accept thread's did."""
        self.closed = True
        if self.closed_at is None:
            self.closed_at = time.monotonic()
        self.shut = True
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.reading.set()      # a paused reader ends too

    def _read(self):
        buf = b""
        while True:
            self.reading.wait()
            try:
                data = b"" if self.shut else self.sock.recv(65536)
            except OSError:
                data = b""
            if not data:
                self.closed = True
                with self.lock:         # not while send() writes
                    self.sock.close()
                self.lines.put(None)
                return
            buf += data
            while b"\n" in buf:
                raw, buf = buf.split(b"\n", 1)
                text = raw.rstrip(b"\r").decode("utf-8", "replace")
                self.log.append(text)
                m = h.Msg(text)
                self.server.auto(self, m)
                self.lines.put(m)

    def expect(self, pred, what, timeout=WAIT):
        """The first line received from now on that pred() accepts."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                h.fail("the server did not receive %s within %.0fs; banter "
                       "sent (last lines):\n  %s" % (
                           what, timeout, "\n  ".join(self.log[-15:])))
            try:
                m = self.lines.get(timeout=left)
            except queue.Empty:
                continue
            if m is None:
                h.fail("banter closed the connection while the server "
                       "waited for %s" % what)
            if pred(m):
                return m

    def welcome(self):
        n = self.nick
        for line in (
                ":%s 001 %s :Welcome to the hostile test net" % (SERVER, n),
                ":%s 002 %s :Your host is %s" % (SERVER, n, SERVER),
                ":%s 003 %s :This server was created today" % (SERVER, n),
                ":%s 004 %s %s evil-1 io ovimnstklb" % (SERVER, n, SERVER),
                ":%s 005 %s CHANTYPES=# PREFIX=(ov)@+ CASEMAPPING=rfc1459 "
                "NICKLEN=30 :are supported by this server" % (SERVER, n),
                ":%s 422 %s :MOTD File is missing" % (SERVER, n)):
            self.line(line)
        self.registered = True


class EvilServer:
    """Listens on 127.0.0.1; every connection becomes a Conn."""

    def __init__(self, register=True, answer_ping=True, nick_taken=False,
                 echo_join=True):
        self.register = register
        self.answer_ping = answer_ping
        self.nick_taken = nick_taken
        self.echo_join = echo_join
        self.nick_attempts = 0
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(8)
        self.port = self.listener.getsockname()[1]
        self.conns = queue.Queue()
        self.all = []
        self.banter = None      # set by Banter: its screen on failures
        self.acceptor = threading.Thread(target=self._accept, daemon=True)
        self.acceptor.start()

    def _accept(self):
        while True:
            try:
                sock, _ = self.listener.accept()
            except OSError:
                return
            c = Conn(self, sock)
            self.all.append(c)
            self.conns.put(c)

    def next_conn(self, timeout=WAIT):
        # A sanitizer build starts and reconnects several times slower,
        # more so on a loaded machine: give it longer before failing.
        if sanitized(banter_path()):
            timeout *= 3
        try:
            return self.conns.get(timeout=timeout)
        except queue.Empty:
            screen = ""
            if self.banter is not None:
                screen = "; its screen:\n" + self.banter.tmux(
                    "capture-pane", "-p", check=False)
            h.fail("banter did not connect within %.0fs%s" % (timeout,
                                                              screen))

    def auto(self, c, m):
        """The minimal server, run on banter's lines as they arrive."""
        if m.command == "CAP" and m.param(0, "").upper() == "LS" and \
                self.register:
            c.line(":%s CAP * LS :" % SERVER)
        elif m.command == "NICK":
            self.nick_attempts += 1
            if self.nick_taken:
                c.line(":%s 433 %s %s :Nickname is already in use" % (
                    SERVER, c.nick or "*", m.param(0, "")))
                return
            old = c.nick
            c.nick = m.param(0, "")
            if c.registered:
                c.line(":%s!u@h NICK :%s" % (old, c.nick))
        elif m.command == "USER":
            c.got_user = True
        elif m.command == "QUIT":
            c.line("ERROR :Closing Link: 127.0.0.1 (Quit: %s)" % m.text)
            try:
                c.sock.shutdown(socket.SHUT_WR)
            except OSError:
                pass
        elif m.command == "PING" and self.answer_ping:
            c.line(":%s PONG %s :%s" % (SERVER, SERVER, m.text))
        elif m.command == "JOIN" and c.registered and self.echo_join:
            for chan in m.param(0, "").split(","):
                c.line(":%s!u@127.0.0.1 JOIN %s" % (c.nick, chan))
                c.line(":%s 353 %s = %s :@%s evil" % (SERVER, c.nick, chan,
                                                     c.nick))
                c.line(":%s 366 %s %s :End of /NAMES list." % (
                    SERVER, c.nick, chan))
        if self.register and not c.registered and c.nick and c.got_user \
                and not self.nick_taken:
            c.welcome()

    def close(self):
        # shutdown() wakes the accept thread and it ends before the
        # descriptor is freed: closed alone, the socket went on
        # listening, held by a thread left in accept() for good, while
        # the next server reused the descriptor number.
        try:
            self.listener.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.acceptor.join(WAIT)
        self.listener.close()
        for c in self.all:
            c.close()


class Banter(tmuxdriver.Pane):
    """banter in a private tmux server (tests/tmuxdriver.py), its
    terminal output recorded; pid is banter's."""

    def __init__(self, server, args=()):
        argv = [banter_path(), "-n", NICK] + list(args) + \
            ["127.0.0.1:%d" % server.port]
        tmuxdriver.Pane.__init__(self, argv, {"USER": NICK}, record=True,
                                 name="banter", prefix="banter-hostile-")
        self.pid = self.pane_pid()
        server.banter = self

    def enter(self, text):
        self.line(text)

    def rows(self):
        rows = self.screen().split("\n")
        return rows + [""] * (HEIGHT - len(rows))

    def check_screen(self, chan="#lobby"):
        """The status line and the input line are where they belong."""
        rows = self.rows()
        status = rows[HEIGHT - 2]
        h.check(NICK in status and chan in status, "the status line (row "
                "%d) lost its place: %r; the screen:\n%s" % (
                    HEIGHT - 1, status, "\n".join(rows)))
        cy = self.info("#{cursor_y}")
        h.check(cy == str(HEIGHT - 1), "the cursor is on row %s, not on "
                "the input line (%d); the screen:\n%s" % (
                    cy, HEIGHT - 1, "\n".join(rows)))
        size = self.info("#{pane_width}x#{pane_height}")
        h.check(size == "%dx%d" % (WIDTH, HEIGHT), "the pane is %s" % size)

    def quit(self, conn=None):
        """/quit: QUIT reaches the server (if connected), exit status 0."""
        self.enter("/quit")
        if conn is not None and not conn.closed:
            conn.expect(lambda m: m.command == "QUIT", "QUIT")
        status = self.exit_status()
        h.check(status == 0, "banter exited with status %d after /quit; "
                "the screen:\n%s" % (status, self.screen()))


def start(server, args=(), join="#lobby"):
    """banter connected to server and (if join) in join; returns
    (banter, conn).  On a failure banter's tmux is closed."""
    b = Banter(server, args)
    try:
        conn = server.next_conn()
        if join and server.register:
            conn.expect(lambda m: m.command == "JOIN", "JOIN")
            b.wait(lambda s: join in s.split("\n")[HEIGHT - 2] if
                   len(s.split("\n")) >= HEIGHT - 1 else False,
                   "the status line to name %s" % join)
    except BaseException:
        b.close()
        raise
    return b, conn


def responsive(b, conn, timeout=WAIT, window=None):
    """banter still sends what is typed: "still here", typed in the
    current window (after the key window, e.g. "M-2", if given), reaches
    the server as a PRIVMSG within timeout."""
    if window:
        b.keys(window)
    b.enter("still here")
    conn.expect(lambda m: m.command == "PRIVMSG" and
                m.text == "still here", "PRIVMSG #lobby :still here",
                timeout)


class Session:
    """What session() yields: unpacks as (banter, conn).  conn is the
    connection the checks on the way out use; reconnect() replaces it."""

    def __init__(self, server, banter, conn):
        self.server, self.banter, self.conn = server, banter, conn

    def __iter__(self):
        return iter((self.banter, self.conn))

    def reconnect(self, timeout=WAIT):
        """banter's next connection, from now on the session's."""
        self.conn = self.server.next_conn(timeout=timeout)
        return self.conn


@contextlib.contextmanager
def session(args=(), join="#lobby", still_here=True, window=None,
            timeout=WAIT):
    """A new EvilServer and banter connected to it, in join (start());
    yields a Session, (banter, conn).

    When the case's body ends without failing: banter is still
    responsive (responsive() with window and timeout; not with
    still_here=False, for a case that checks it itself or not at all)
    and /quit sends QUIT and exits 0 (Banter.quit).  Whatever happens,
    banter's tmux and the server are closed; a failure propagates
    unchanged."""
    srv = EvilServer()
    try:
        b, conn = start(srv, args, join)
        try:
            s = Session(srv, b, conn)
            yield s
            if still_here:
                responsive(b, s.conn, timeout, window)
            # Whatever the case sent, nothing of it reached the terminal
            # raw (banter's own bells are the only BELs it may write; the
            # cases that count them do so).
            check_raw_clean(b.raw().replace(b"\x07", b""), [])
            b.quit(s.conn)
        finally:
            b.close()
    finally:
        srv.close()


# The C0 controls curses writes for tmux-256color (infocmp): BS, HT,
# LF, CR, ESC, SO and SI (smacs, rmacs, sgr0), BEL for a bell.  Any
# other (a CTCP's 0x01, a NUL, VT, FF, DEL) is the server's, let through.
CURSES_C0 = "\b\t\n\r\x1b\x0e\x0f\x07"


def check_raw_clean(raw, forbidden):
    """Every byte banter wrote: valid UTF-8, no C1 control, no C0 control
    but CURSES_C0, none of the forbidden byte strings."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        h.fail("banter wrote invalid UTF-8 to the terminal at byte %d: "
               "...%r..." % (e.start, raw[max(0, e.start - 40):e.start + 20]))
    for i, ch in enumerate(text):
        if 0x7F <= ord(ch) <= 0x9F or (ord(ch) < 0x20 and
                                        ch not in CURSES_C0):
            h.fail("banter wrote the control U+%04X to the terminal: "
                   "...%r..." % (ord(ch), text[max(0, i - 40):i + 20]))
    for what, data in forbidden:
        i = raw.find(data)
        h.check(i < 0, "banter wrote %s to the terminal: ...%r..." % (
            what, raw[max(0, i - 40):i + len(data) + 20]))


def sanitized(path):
    """True if the program at path is built with AddressSanitizer (its
    quarantine holds freed memory, so RSS says nothing of leaks)."""
    with open(path, "rb") as f:
        return b"__asan_init" in f.read()


rss_kb = h.proc_rss_kb


def banter_cpu_report(b, t0_cpu, t0, what, report):
    cpu = b.cpu() - t0_cpu
    wall = time.monotonic() - t0
    report.append("%s: banter CPU %.2fs over %.1fs" % (what, cpu, wall))
    h.say(report[-1])
    return cpu
