#!/usr/bin/env python3
"""NAMES and WHO of one big channel are paged like LIST: a channel whose
member list is far bigger than the default send queue (sendq_bytes
131072) is sent to whoever JOINs it or asks NAMES #chan or WHO #chan as
the asker reads, so the asker gets every member once and one 366 (or
315), and is not cut off for "SendQ exceeded".  Members that leave while
the reply is half sent are not listed after they left; members that join
meanwhile are not listed (the asker sees their JOIN when it is in the
channel).  WHO by mask over every user is paged too, and stops at 500.
A NAMES or WHO asked while such a reply is sent waits for it and is
answered whole, in order: a client that JOINs #mid,#big and sends WHO
#mid after #mid's 366 gets all of #big's names, then the WHO.

The channel is built by raw sockets read through epoll: every member
reads every later member's JOIN, so the work grows with the square of the
members.  Nicks are nick_length (50) long, so a few thousand members make
a NAMES reply of about one and a half times the send queue in about two
seconds.  NAMES_PAGED_MEMBERS and NAMES_PAGED_NICKLEN set others: 15000
members with 10-character nicks (a 175 kB reply) take about 40 s on two
cores, most of it the 112 million JOIN deliveries of the set-up.
"""

import os
import resource
import select
import socket
import time

from ircharness import Msg, SKIP, Server, Tests, check, fail, \
    require_banterd, say

require_banterd("paged NAMES of one channel")
t = Tests()

# Under valgrind (make check-valgrind) a smaller channel and send queue
# keep the same proportions.
VALGRIND = "BANTER_VALGRIND_BANTERD" in os.environ
NICK_LEN = int(os.environ.get("NAMES_PAGED_NICKLEN", "50"))
MEMBERS = int(os.environ.get("NAMES_PAGED_MEMBERS",
                             "1500" if VALGRIND else "4000"))
SENDQ = 16384 if VALGRIND else 131072   # 131072: banterd's default
CHAN = "#big"
SETUP_TIMEOUT = 20 + MEMBERS * MEMBERS / 1.0e6
# Connections not yet answered: the JOINs one server turn may run, each
# queued to every member before the turn's writes (slower under valgrind).
INFLIGHT = 32 if VALGRIND else 256


def nick_of(i):
    return ("m%05d" % i).ljust(NICK_LEN, "x")


def need_fds(want):
    """Raise the soft descriptor limit (banterd inherits it) to want, or
    skip when the hard limit is lower."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < want:
        print("1..0 # SKIP %d members need %d descriptors; the hard "
              "limit (ulimit -Hn) is %d" % (MEMBERS, want, hard))
        raise SystemExit(SKIP)
    if soft != resource.RLIM_INFINITY and soft < want:
        resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))


class Raw:
    """A client on a bare socket read with poll() (descriptors past
    FD_SETSIZE), keeping every line it reads."""

    def __init__(self, addr, nick, rcvbuf=None, maxseg=None):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        if rcvbuf:
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF,
                                 rcvbuf)
        if maxseg:
            # A small MSS keeps the server's kernel send buffer small
            # (it grows by segments), so the reply stays half sent.
            self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_MAXSEG,
                                 maxseg)
        self.sock.settimeout(5)
        self.sock.connect(addr)
        self.sock.setblocking(False)
        self.nick = nick
        self.buf = b""
        self.lines = []
        self.pos = 0            # lines before this are consumed
        self.closed = False

    def send(self, text):
        data = (text + "\r\n").encode()
        deadline = time.monotonic() + 5
        while data:
            try:
                data = data[self.sock.send(data):]
            except BlockingIOError:
                check(time.monotonic() < deadline,
                      "%s: the server does not read" % self.nick)
                select.poll().poll(50)

    def wait_readable(self, timeout):
        p = select.poll()
        p.register(self.sock, select.POLLIN)
        return bool(p.poll(timeout * 1000))

    def read_until(self, done, timeout, what):
        """Read lines until done(msg); return them, that one last."""
        first = scan = self.pos
        deadline = time.monotonic() + timeout
        p = select.poll()
        p.register(self.sock, select.POLLIN)
        while True:
            for i in range(scan, len(self.lines)):
                if done(self.lines[i]):
                    self.pos = i + 1
                    return self.lines[first:i + 1]
            scan = len(self.lines)
            left = deadline - time.monotonic()
            if left <= 0:
                fail("%s: no %s within %.0fs; %d lines, last: %s" % (
                    self.nick, what, timeout, len(self.lines),
                    [m.raw[:120] for m in self.lines[-3:]]))
            if self.closed:
                fail("%s: closed by the server before %s; last: %s" % (
                    self.nick, what,
                    [m.raw[:120] for m in self.lines[-3:]]))
            if not p.poll(min(left, 1.0) * 1000):
                continue
            try:
                data = self.sock.recv(1 << 16)
            except BlockingIOError:
                continue
            except ConnectionResetError:
                data = b""
            if not data:
                self.closed = True
                continue
            self.buf += data
            *whole, self.buf = self.buf.split(b"\n")
            for raw in whole:
                text = raw.rstrip(b"\r").decode("utf-8", "replace")
                m = Msg(text)
                if m.command == "PING":
                    self.send("PONG :%s" % m.text)
                self.lines.append(m)

    def register(self):
        self.send("NICK %s" % self.nick)
        self.send("USER u 0 * :names paging")
        self.read_until(lambda m: m.command in ("376", "422"), 10,
                        "end of MOTD")

    def roundtrip(self, token):
        """A PING answered by its PONG, and nothing cut off before it."""
        self.send("PING :%s" % token)
        got = self.read_until(lambda m: m.command in ("PONG", "ERROR") and
                              (m.command == "ERROR" or token in m.params),
                              10, "PONG")
        check(got[-1].command == "PONG", "cut off: %s" % got[-1].raw)

    def close(self):
        self.sock.close()


END = {"NAMES": "366", "WHO": "315"}


def names_of(lines, command="NAMES", chan=CHAN):
    """Nicks in the 353s (or 352s) for chan, and the targets of the 366s
    (or 315s), for any channel."""
    nicks = []
    ends = []
    for m in lines:
        if m.command == "353" and m.param(2, "").lower() == chan:
            nicks += [n.lstrip("@+") for n in m.text.split()]
        elif m.command == "352" and m.param(1, "").lower() == chan:
            nicks.append(m.param(5))
        elif m.command == END[command]:
            ends.append(m.param(1))
    return nicks, ends


class Members:
    """The channel's members: raw sockets read (and thrown away) through
    one epoll, so none of them is cut off while the others join."""

    def __init__(self, srv, watcher):
        self.srv = srv
        self.watcher = watcher
        self.ep = select.epoll()
        self.socks = {}         # fd -> (socket, index)
        self.by_index = {}
        self.heard = set()      # indexes the server answered
        self.sink = bytearray(1 << 18)
        self.why = {}           # index -> the ERROR it was sent

    def connect(self, i):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.settimeout(5)
        s.connect(self.srv.addr)
        s.setblocking(False)
        s.send(("NICK %s\r\nUSER u 0 * :member\r\nJOIN %s\r\n" % (
            nick_of(i), CHAN)).encode())
        self.socks[s.fileno()] = (s, i)
        self.by_index[i] = s
        self.ep.register(s.fileno(), select.EPOLLIN)

    def drain(self, timeout):
        for fd, _ in self.ep.poll(timeout):
            s, i = self.socks[fd]
            try:
                n = s.recv_into(self.sink)
            except BlockingIOError:
                continue
            except ConnectionResetError:
                n = 0
            if n == 0:
                fail("member %d was cut off: %s" % (i, self.why.get(
                    i, "no ERROR seen (the server dropped it)")))
            tail = bytes(self.sink[max(0, n - 200):n])
            if b"ERROR" in tail:        # the last line before a close
                self.why[i] = tail[tail.index(b"ERROR"):].decode(
                    "utf-8", "replace").strip()
            self.heard.add(i)

    def count(self, chan=CHAN):
        """The channel's size from LIST (the watcher is not in it)."""
        self.watcher.send("LIST %s" % chan)
        sizes = []
        got = self.watcher.read_until(lambda m: m.command == "323", 10,
                                      "323")
        for m in got:
            if m.command == "322":
                sizes.append(int(m.param(2)))
        return sizes[0] if sizes else 0

    def build(self, first, last, want, timeout):
        """Members first..last-1 join; returns once LIST counts want."""
        deadline = time.monotonic() + timeout
        i = first
        next_count = 0
        while True:
            now = time.monotonic()
            if now > deadline:
                fail("%d of %d members joined within %.0fs" % (
                    self.count(), want, timeout))
            while i < last and i - len(self.heard) < INFLIGHT:
                self.connect(i)
                i += 1
            self.drain(0.01)
            if i == last and now >= next_count:
                if self.count() == want:
                    return
                next_count = now + 0.1

    def join(self, indexes, chan, timeout):
        """Members indexes join chan as well, INFLIGHT at a time; returns
        once LIST counts them all."""
        deadline = time.monotonic() + timeout
        for k in range(0, len(indexes), INFLIGHT):
            for i in indexes[k:k + INFLIGHT]:
                self.by_index[i].send(("JOIN %s\r\n" % chan).encode())
            want = min(k + INFLIGHT, len(indexes))
            while self.count(chan) != want:
                check(time.monotonic() < deadline, "%s: %d of %d members "
                      "joined within %.0fs" % (chan, self.count(chan),
                                               len(indexes), timeout))
                self.drain(0.01)

    def part(self, indexes):
        for i in indexes:
            self.by_index[i].send(("PART %s :leaving\r\n" % CHAN).encode())


need_fds(MEMBERS + 600)         # before the server, which inherits it
srv = Server(conf={"flood_burst": 0, "nick_length": max(NICK_LEN, 9),
                   "max_clients": MEMBERS + 1000,
                   "sendq_bytes": SENDQ if VALGRIND else None,
                   "registration_timeout": 120, "ping_interval": 300,
                   "ping_timeout": 300})
watcher = Raw(srv.addr, "watcher")
watcher.register()
members = Members(srv, watcher)


@t.case("set-up: %d members with %d-character nicks join %s" % (
    MEMBERS, NICK_LEN, CHAN), fatal=True)
def _():
    start = time.monotonic()
    members.build(0, MEMBERS, MEMBERS, SETUP_TIMEOUT)
    say("%d members joined in %.1fs" % (MEMBERS, time.monotonic() - start))


@t.case("JOIN with a %d-byte send queue: every member once, one 366, "
        "not cut off" % SENDQ)
def _():
    c = Raw(srv.addr, "joiner")
    c.register()
    start = time.monotonic()
    c.send("JOIN %s" % CHAN)
    got = c.read_until(lambda m: m.command in ("366", "ERROR"), 30, "366")
    nicks, ends = names_of(got)
    size = sum(len(m.raw) + 2 for m in got if m.command == "353")
    say("%d names in %d bytes of 353 in %.1fs" % (
        len(nicks), size, time.monotonic() - start))
    check(ends == [CHAN], "366s: %s" % ends[:5])
    check(size > SENDQ, "the reply (%d bytes) is no bigger than the send "
          "queue: the test proves nothing" % size)
    want = sorted([nick_of(i) for i in range(MEMBERS)] + ["joiner"])
    check(len(nicks) == len(set(nicks)), "%d names, %d distinct" % (
        len(nicks), len(set(nicks))))
    check(sorted(nicks) == want, "names: %d, missing %s, extra %s" % (
        len(nicks), sorted(set(want) - set(nicks))[:3],
        sorted(set(nicks) - set(want))[:3]))
    c.roundtrip("after-join")
    c.send("NAMES %s,#nowhere" % CHAN)
    got = c.read_until(lambda m: m.command == "366" and
                       m.param(1) == "#nowhere", 30, "366 #nowhere")
    nicks, ends = names_of(got)
    check(ends == [CHAN, "#nowhere"], "NAMES a,b: 366s %s" % ends)
    check(sorted(nicks) == want, "NAMES a,b: %d names" % len(nicks))
    c.roundtrip("after-names")
    c.send("WHO %s" % CHAN)
    got = c.read_until(lambda m: m.command in ("315", "ERROR"), 30, "315")
    nicks, ends = names_of(got, "WHO")
    size = sum(len(m.raw) + 2 for m in got if m.command == "352")
    say("WHO: %d members in %d bytes of 352" % (len(nicks), size))
    check(ends == [CHAN], "WHO: 315s %s" % ends[:5])
    check(size > SENDQ, "the WHO reply (%d bytes) is no bigger than the "
          "send queue" % size)
    check(sorted(nicks) == want, "WHO: %d members, %d distinct" % (
        len(nicks), len(set(nicks))))
    c.roundtrip("after-who")
    c.send("WHO m0*")
    got = c.read_until(lambda m: m.command in ("315", "ERROR"), 30, "315")
    listed = [m.param(5) for m in got if m.command == "352"]
    check([m.param(1) for m in got if m.command == "315"] == ["m0*"],
          "WHO m0*: %s" % got[-1])
    check(len(listed) == 500 and len(set(listed)) == 500 and
          set(listed) <= set(want), "WHO m0*: %d users, %d distinct" % (
              len(listed), len(set(listed))))
    c.roundtrip("after-who-mask")
    c.send("PART %s" % CHAN)
    c.read_until(lambda m: m.command == "PART", 10, "PART")
    c.close()


MID = "#mid"
MID_MEMBERS = MEMBERS // 20


@t.case("set-up: %d of the members join %s as well" % (MID_MEMBERS, MID),
        fatal=True)
def _():
    members.join(list(range(MID_MEMBERS)), MID, SETUP_TIMEOUT)


def split_names_who(got):
    """got, the lines up to a WHO's 315: those up to the last 366 (the
    names), and the rest (the WHO), with no 352 in the first nor 353 in
    the second."""
    last = max(i for i, m in enumerate(got) if m.command == "366")
    names, who = got[:last + 1], got[last + 1:]
    check("352" not in [m.command for m in names], "a 352 before the 366")
    check("353" not in [m.command for m in who], "a 353 after the 366")
    return names, who


def check_chan(lines, command, chan, want):
    """lines hold one complete reply to command for chan: want, once."""
    nicks, ends = names_of(lines, command, chan)
    check(len(nicks) == len(set(nicks)) and sorted(nicks) == sorted(want),
          "%s %s: %d nicks, %d distinct, %d wanted" % (
              command, chan, len(nicks), len(set(nicks)), len(want)))


def join_who(asker, after_366):
    """asker JOINs MID,CHAN and asks WHO MID, in the same write or after
    MID's 366: MID's and CHAN's names whole, one 366 each, then the WHO
    whole with one 315."""
    c = Raw(srv.addr, asker, rcvbuf=4096, maxseg=536)
    c.register()
    if after_366:
        c.send("JOIN %s,%s" % (MID, CHAN))
        got = c.read_until(lambda m: m.command == "ERROR" or (
            m.command == "366" and m.param(1).lower() == MID), 30,
            "366 " + MID)
        c.send("WHO %s" % MID)
    else:
        c.send("JOIN %s,%s\r\nWHO %s" % (MID, CHAN, MID))
        got = []
    got += c.read_until(lambda m: m.command in ("315", "ERROR"), 30, "315")
    names, who = split_names_who(got)
    check(names_of(names)[1] == [MID, CHAN], "366s: %s" % names_of(names)[1])
    check(names_of(who, "WHO")[1] == [MID], "315s: %s" % names_of(
        who, "WHO")[1])
    big = [nick_of(i) for i in range(MEMBERS)] + [asker]
    mid = [nick_of(i) for i in range(MID_MEMBERS)] + [asker]
    check_chan(names, "NAMES", MID, mid)
    check_chan(names, "NAMES", CHAN, big)
    check_chan(who, "WHO", MID, mid)
    c.send("PART %s,%s" % (MID, CHAN))
    c.read_until(lambda m: m.command == "PART" and
                 m.param(0).lower() == CHAN, 10, "PART")
    c.roundtrip("after-part")
    c.close()


@t.case("JOIN %s,%s and WHO %s in one write: the WHO waits; both "
        "channels' names whole, one 366 each, then the WHO whole with one "
        "315" % (MID, CHAN, MID))
def _():
    join_who("joinwho", False)


# The kernel may take all of CHAN's names before the WHO comes (its send
# buffer grows to hundreds of kB on loopback): the case above is the one
# a server that cut the names would always fail.
@t.case("JOIN %s,%s and WHO %s after its 366 (as weechat does): the same"
        % (MID, CHAN, MID))
def _():
    join_who("joinafter", True)


@t.case("NAMES %s then WHO %s in one write: the WHO waits; the names "
        "whole with one 366, then the WHO whole with one 315" % (CHAN, MID))
def _():
    c = Raw(srv.addr, "namesthenwho", rcvbuf=4096, maxseg=536)
    c.register()
    c.send("NAMES %s\r\nWHO %s" % (CHAN, MID))
    got = c.read_until(lambda m: m.command in ("315", "ERROR"), 30, "315")
    names, who = split_names_who(got)
    check(names_of(names)[1] == [CHAN], "366s: %s" % names_of(names)[1])
    check(names_of(who, "WHO")[1] == [MID], "315s: %s" % names_of(
        who, "WHO")[1])
    check_chan(names, "NAMES", CHAN, [nick_of(i) for i in range(MEMBERS)])
    check_chan(who, "WHO", MID, [nick_of(i) for i in range(MID_MEMBERS)])
    c.roundtrip("after-who")
    c.close()


FLOOD = 560
# Each waiting request takes two bytes more than its argument in a queue
# of LISTING_QUEUE_MAX (4096) bytes.
FLOOD_FITS = 4096 // len("#f0000..")


@t.case("a flood of %d WHOs while NAMES %s is paged: the first %d wait and "
        "are answered in order, the rest at once with 263 and their 315; "
        "one 315 each, not cut off" % (FLOOD, CHAN, FLOOD_FITS))
def _():
    c = Raw(srv.addr, "flooder", rcvbuf=4096)
    c.register()
    targets = ["#f%04d" % i for i in range(FLOOD)]
    # One write: the server reads it in one turn, while the names wait.
    c.send("NAMES %s\r\n%s" % (CHAN, "\r\n".join(
        "WHO %s" % target for target in targets)))
    left = [FLOOD]

    def done(m):
        left[0] -= m.command == "315"
        return m.command == "ERROR" or left[0] == 0
    got = c.read_until(done, 60, "%d 315s" % FLOOD)
    at = [m.command for m in got].index("366")
    check_chan(got, "NAMES", CHAN, [nick_of(i) for i in range(MEMBERS)])
    check(names_of(got)[1] == [CHAN], "366s: %s" % names_of(got)[1])
    waited = [m.param(1) for m in got[at:] if m.command == "315"]
    at_once = [m.param(1) for m in got[:at] if m.command == "315"]
    say("%d waited, %d answered at once" % (len(waited), len(at_once)))
    check(waited == targets[:FLOOD_FITS] and
          at_once == targets[FLOOD_FITS:], "waited %s..., at once %s..." % (
              waited[:3], at_once[:3]))
    tries = [i for i, m in enumerate(got) if m.command == "263"]
    check(len(tries) == len(at_once) and
          all(got[i].param(1) == "WHO" and got[i + 1].command == "315"
              for i in tries), "263s: %d" % len(tries))
    c.roundtrip("after-flood")
    c.close()


def leave_while_sent(command, asker, first, newcomer):
    """Members first.. (the oldest left) leave and 50 join from newcomer
    on while command's reply to asker is half sent."""
    leavers = list(range(first, first + MEMBERS // 10))  # listed last
    c = Raw(srv.addr, asker, rcvbuf=4096, maxseg=536)
    c.register()
    c.send("%s %s" % (command, CHAN))
    check(c.wait_readable(10), "no reply to %s" % command)
    members.part(leavers)
    # Those before first left in an earlier case.
    members.build(newcomer, newcomer + 50,
                  newcomer + 50 - (first + len(leavers)), 20)
    got = c.read_until(lambda m: m.command in (END[command], "ERROR"), 30,
                       END[command])
    nicks, ends = names_of(got, command)
    check(ends == [CHAN], "%ss: %s" % (END[command], ends[:5]))
    check(len(nicks) == len(set(nicks)), "%d names, %d distinct" % (
        len(nicks), len(set(nicks))))
    listed = set(nicks)
    stayers = {nick_of(i) for i in range(leavers[-1] + 1, newcomer)}
    check(stayers <= listed, "%d stayers missing, e.g. %s" % (
        len(stayers - listed), sorted(stayers - listed)[:3]))
    newcomers = {nick_of(i) for i in range(newcomer, newcomer + 50)}
    check(not newcomers & listed, "newcomers listed: %s" %
          sorted(newcomers & listed)[:3])
    gone = {nick_of(i) for i in leavers} - listed
    say("%d of %d leavers were not listed" % (len(gone), len(leavers)))
    check(gone, "every leaver was listed: the reply was not half sent "
          "when they left")
    check(listed <= stayers | {nick_of(i) for i in leavers},
          "strangers listed: %s" % sorted(listed - stayers)[:3])
    c.roundtrip("after-leaves")
    c.close()


@t.case("members leave and join while NAMES is half sent: the stayers "
        "once, the newcomers not, leavers not after they left, one 366")
def _():
    leave_while_sent("NAMES", "asker", 0, MEMBERS)


@t.case("members leave and join while WHO is half sent: the stayers "
        "once, the newcomers not, leavers not after they left, one 315")
def _():
    leave_while_sent("WHO", "whoasker", MEMBERS // 10, MEMBERS + 50)


t.done()
