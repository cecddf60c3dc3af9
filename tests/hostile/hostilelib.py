"""hostilelib: what the hostile-client tests share (issue 6).

A Watch is two legitimate users, a sender and a receiver, in one channel,
driven by a thread while an attack runs in the main thread: every
interval the sender says "seq N" in the channel and the receiver sends a
PING and times the PONG.  At the end every round trip must have been
within the bound and every "seq" line must have arrived once, in order.

Also here: the server's CPU time, RSS and open descriptors from /proc,
raising this process's descriptor limit, and sockets that are closed
with a reset (RST).
"""

import os
import resource
import select
import signal
import socket
import struct
import threading
import time

import ircharness as h



def sanitized_banterd():
    """True if banterd is built with AddressSanitizer (configure
    --enable-sanitizers): it runs several times slower, and its
    quarantine holds freed memory, so RSS says nothing of leaks."""
    try:
        with open(h.banterd_path(), "rb") as f:
            return b"__asan_init" in f.read()
    except OSError:             # not built: require_banterd() says so
        return False


# The round trip a legitimate user must get while an attack runs: 1 s,
# 3 s for a sanitizer build (CI runs it with make -j2 check on a shared
# 2-core machine, the attack in the same process as the watch).
# HOSTILE_RTT_MAX overrides it.
RTT_MAX = float(os.environ.get("HOSTILE_RTT_MAX") or
                (3.0 if sanitized_banterd() else 1.0))


def need_fds(want):
    """Raise this process's soft RLIMIT_NOFILE to want (or the hard
    limit); skip if even the hard limit is far too low."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < want:
        if hard < want // 2:
            print("1..0 # SKIP the descriptor limit (%d) is too low for "
                  "%d connections; raise it with ulimit -Hn" % (hard, want))
            raise SystemExit(h.SKIP)
        want = hard
    if soft == resource.RLIM_INFINITY or soft >= want:
        return soft
    resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
    return want


def fd_count(pid):
    return len(os.listdir("/proc/%d/fd" % pid))


rss_kb = h.proc_rss_kb


def reset_close(sock):
    """Close with an RST: SO_LINGER on with a zero timeout."""
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                        struct.pack("ii", 1, 0))
    except OSError:
        pass
    sock.close()


def raw_connect(addr, timeout=h.WAIT):
    """A bare non-blocking socket connected to addr."""
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(timeout)
    s.connect(addr)
    s.setblocking(False)
    return s


class CpuMeter:
    """The server's CPU seconds (utime+stime) over a stretch of time."""

    def __init__(self, srv):
        self.pid = srv.proc.pid
        self.cpu0 = h.proc_cpu_seconds(self.pid)
        self.t0 = time.monotonic()

    def read(self):
        """(cpu seconds, wall seconds) since the meter started."""
        return (h.proc_cpu_seconds(self.pid) - self.cpu0,
                time.monotonic() - self.t0)

    def check(self, what, cpu_max, report):
        cpu, wall = self.read()
        report.append("%s: server CPU %.2fs over %.1fs (%.0f%%)" % (
            what, cpu, wall, 100.0 * cpu / max(wall, 1e-6)))
        h.say(report[-1])
        h.check(cpu <= cpu_max, "%s: the server used %.2fs CPU in %.1fs "
                "(bound %.2fs): it spins" % (what, cpu, wall, cpu_max))
        return cpu


class Watch:
    """Two legitimate users watched by a thread while an attack runs.

    The clients are made before the attack opens its sockets, so their
    descriptors stay below FD_SETSIZE for ircharness' select()."""

    def __init__(self, srv, chan="#watch", interval=0.25, tag="w"):
        self.srv = srv
        self.chan = chan
        self.interval = interval
        self.sender = srv.user(tag + "send", keep=True)
        self.receiver = srv.user(tag + "recv", keep=True)
        self.sender.join(chan)
        self.receiver.join(chan)
        self.receiver.sync()
        self.sent = 0
        self.got = []
        self.rtts = []
        self.errors = []
        self.stop_flag = threading.Event()
        self.thread = None
        self.lines_seen = 0
        self.counts = {}        # other senders' channel messages by nick
        self.quits = []         # QUIT lines the receiver saw
        self.keep_texts = False
        self.texts = {}         # their texts, when keep_texts is set

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop(check=False)
        self.sender.close()
        self.receiver.close()

    def start(self):
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _take(self, m):
        if "\0" in m.raw:
            self.errors.append("a NUL byte reached the receiver: %r" %
                               m.raw[:200])
        if m.command == "PRIVMSG" and m.nick == self.sender.nick and \
                m.text.startswith("seq "):
            self.got.append(int(m.text[4:]))
        elif m.command == "PRIVMSG":
            self.counts[m.nick] = self.counts.get(m.nick, 0) + 1
            if self.keep_texts:
                self.texts.setdefault(m.nick, []).append(m.text)
        elif m.command == "QUIT":
            self.quits.append(m)
        elif m.command in ("ERROR",):
            self.errors.append("receiver got %s" % m.raw)

    def _ping(self, token):
        r = self.receiver
        t0 = time.monotonic()
        r.send("PING :%s" % token)
        deadline = t0 + max(RTT_MAX * 5, 5.0)
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                self.errors.append("no PONG for %s within %.1fs" % (
                    token, max(RTT_MAX * 5, 5.0)))
                return
            m = r.next(left)
            if m is None:
                continue
            self.lines_seen += 1
            if m.command == "PONG" and token in m.params:
                self.rtts.append(time.monotonic() - t0)
                return
            self._take(m)

    def _run(self):
        n = 0
        try:
            while not self.stop_flag.is_set():
                self.sent += 1
                self.sender.send("PRIVMSG %s :seq %d" % (self.chan,
                                                         self.sent))
                n += 1
                self._ping("watch%d" % n)
                self.sender.drain()
                if self.sender.closed:
                    self.errors.append("the sender was disconnected: %s" %
                                       self.sender.report(5))
                    return
                self.stop_flag.wait(self.interval)
        except Exception as e:      # reported by stop()
            self.errors.append("watch thread: %r" % e)

    def stop(self, check=True, report=None):
        """Stop the thread, collect the last lines and check."""
        if self.thread is None:
            return
        self.stop_flag.set()
        self.thread.join(max(RTT_MAX * 5, 5.0) + 10)
        stuck = self.thread.is_alive()
        self.thread = None
        if not check:
            return
        h.check(not stuck, "the watch thread did not stop: a legitimate "
                "user's PING or message is stuck")
        h.check(not self.errors, "legitimate users: " +
                "; ".join(self.errors[:5]))
        # Everything sent before the last PONG has arrived by now.
        try:
            for m in self.receiver.sync(timeout=max(RTT_MAX * 5, 5.0)):
                self._take(m)
        except h.Fail as e:
            h.fail("legitimate receiver, final sync: %s" % e)
        h.check(not self.errors, "legitimate users: " +
                "; ".join(self.errors[:5]))
        want = list(range(1, self.sent + 1))
        h.check(self.got == want, "legitimate messages lost or out of "
                "order: sent seq 1..%d, received %s" % (
                    self.sent, _runs(self.got)))
        worst = max(self.rtts) if self.rtts else 0.0
        line = ("legitimate users: %d round trips, worst %.3fs, median "
                "%.3fs; %d channel messages all in order" % (
                    len(self.rtts), worst,
                    sorted(self.rtts)[len(self.rtts) // 2]
                    if self.rtts else 0.0, self.sent))
        h.say(line)
        if report is not None:
            report.append(line)
        h.check(self.rtts, "no round trip was measured")
        h.check(worst <= RTT_MAX, "a legitimate PING took %.3fs (bound "
                "%.1fs)" % (worst, RTT_MAX))

    def wait_rounds(self, n, timeout=30):
        """Let at least n more round trips happen."""
        start = len(self.rtts)
        h.wait_for(lambda: len(self.rtts) >= start + n or self.errors,
                   timeout, 0.05, "%d watch rounds" % n)


def _runs(nums):
    """A short text of a list of numbers: '1-5 7 9-12'."""
    out = []
    i = 0
    while i < len(nums):
        j = i
        while j + 1 < len(nums) and nums[j + 1] == nums[j] + 1:
            j += 1
        out.append(str(nums[i]) if i == j else "%d-%d" % (nums[i], nums[j]))
        i = j + 1
    text = " ".join(out)
    return text if len(text) < 300 else text[:300] + "..."


def read_until_closed(sock, timeout, limit=64 << 20):
    """Read a socket until EOF (or reset); returns (data, closed)."""
    data = bytearray()
    deadline = time.monotonic() + timeout
    p = select.poll()
    p.register(sock, select.POLLIN)
    while time.monotonic() < deadline:
        if not p.poll(max(0, int((deadline - time.monotonic()) * 1000))):
            continue
        try:
            chunk = sock.recv(1 << 20)
        except BlockingIOError:
            continue
        except (ConnectionResetError, OSError):
            return bytes(data), True
        if not chunk:
            return bytes(data), True
        data += chunk
        if len(data) > limit:       # keep the end, where ERROR is
            del data[:len(data) - limit]
    return bytes(data), False


def stop_clean(srv, timeout=10):
    """SIGTERM: banterd must exit 0 within timeout, and its log must hold
    no sanitizer report (a leak shows here in a sanitizer build)."""
    srv.signal(signal.SIGTERM)
    status = srv.wait_exit(timeout)
    srv.checked = True          # judged here: srv.stop() need not again
    log = srv.log_tail(60)
    h.check(status == 0, "banterd exited with status %s on SIGTERM; log:"
            "\n%s" % (status, log))
    with open(srv.log_path, "rb") as f:
        text = f.read().decode("utf-8", "replace")
    m = h.SANITIZER_REPORT.search(text)
    h.check(m is None, "banterd's log has a sanitizer report:\n%s" % (
        m and text[max(0, m.start() - 200):m.start() + 6000]))
