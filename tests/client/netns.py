#!/usr/bin/env python3
"""What issue 4 is done with: a person who types `banter localhost` after
`banterd` is running is chatting in #lobby at once.  Both programs run
with no options at all, so on their defaults: banterd on 127.0.0.1:6667,
banter on port 6667, the nick from $USER, #lobby.  A fixed port is only
safe where nobody else is, so the script runs itself again in new user,
network and mount namespaces (unshare -rnm), where 6667 is its own; there
/etc/hosts also names "multi" with several addresses, of which only the
last listens, to show that banter tries every address in turn.  Skips
(77) where namespaces are not allowed."""

import atexit
import os
import select
import shutil
import socket
import subprocess
import sys
import tempfile

import ircharness as h
from ircharness import check
import tuitest

INSIDE = "BANTER_TEST_IN_NETNS"
# In the namespaces: lo up, the test's hosts file over /etc/hosts.
SETUP = ('{ ip link set lo up 2>/dev/null || true; } && '
         'mount --bind "$1" /etc/hosts')


def skip(why):
    print("1..0 # SKIP %s" % why)
    sys.exit(h.SKIP)


def enter():
    """Run this script again inside the namespaces, or skip."""
    tuitest.need_tmux()
    for tool in ("unshare", "mount"):
        if shutil.which(tool) is None:
            skip("%s is not installed" % tool)
    tmp = tempfile.mkdtemp(prefix="banter-netns-")
    hosts = os.path.join(tmp, "hosts")
    with open(hosts, "w") as f:
        f.write("127.0.0.1 localhost\n::1 localhost\n"
                "127.0.0.3 multi\n::1 multi\n127.0.0.2 multi\n"
                "127.0.0.1 multi\n")
    os.chmod(tmp, 0o755)
    os.chmod(hosts, 0o644)
    probe = subprocess.run(["unshare", "-rnm", "sh", "-c", SETUP, "sh",
                            hosts], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=30)
    if probe.returncode != 0:
        skip("no user, network and mount namespaces here (unshare -rnm: "
             "%s)" % probe.stdout.decode(errors="replace").strip())
    sys.stdout.flush()
    os.execvp("unshare", ["unshare", "-rnm", "sh", "-c",
                          SETUP + ' && shift && exec "$@"', "sh", hosts,
                          "env", INSIDE + "=" + tmp, sys.executable,
                          os.path.abspath(__file__)])


if not os.environ.get(INSIDE):
    enter()
# The hosts file stays mounted; its directory can go.
atexit.register(shutil.rmtree, os.environ[INSIDE], True)

t = h.Tests()
try:
    with socket.create_server(("127.0.0.1", 0)) as probe:
        socket.create_connection(probe.getsockname(), timeout=2).close()
except OSError as e:
    skip("no loopback in the new network namespace: %s" % e)


@t.case("banterd and `banter localhost`, with no options: chatting in "
        "#lobby at once")
def _():
    srv = h.Server(kind="banterd", start=False)
    srv.pick_ports = lambda: None
    srv.port = 6667
    srv.wrap = lambda argv: [argv[0]]       # plain `banterd`
    srv.launch()
    srv.wait_ready()
    bob = srv.user("bob")
    bob.join("#lobby")
    tm = tuitest.Tmux([tuitest.banter_path(), "localhost"],
                      env={"USER": "ana"})
    try:
        tm.wait_status(lambda st: st.startswith(" ana ") and
                       "#lobby" in st, "ana in #lobby")
        bob.expect("JOIN", lambda m: m.nick == "ana", what="ana's JOIN")
        tm.line("hello from banter")
        m = bob.expect("PRIVMSG", lambda m: m.nick == "ana")
        check(m.params == ["#lobby", "hello from banter"], m.raw)
        bob.send("PRIVMSG #lobby :hello ana, from bob")
        tm.wait_text("<bob> hello ana, from bob")
        tm.keys("M-1")
        tm.wait_text("Connecting to localhost port 6667...")
        tm.line("/quit")
        check(tm.exit_status() == 0, "/quit did not exit 0")
    finally:
        tm.close()
        srv.stop()


@t.case("every address of a name is tried in turn")
def _():
    order = []
    for ai in socket.getaddrinfo("multi", None, type=socket.SOCK_STREAM):
        if ai[4][0] not in order:
            order.append(ai[4][0])
    check(len(order) >= 3, "multi has the addresses %r" % order)
    last = order[-1]
    family = socket.AF_INET6 if ":" in last else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as lsock:
        try:
            lsock.bind((last, 0))
        except OSError as e:
            raise h.Skip("cannot listen on %s here: %s" % (last, e))
        lsock.listen(1)
        port = lsock.getsockname()[1]
        tm = tuitest.Tmux([tuitest.banter_path(), "-n", "ana",
                           "multi:%d" % port])
        try:
            r, _, _ = select.select([lsock], [], [], tuitest.WAIT)
            check(r, "banter never reached %s, the last address of %r" % (
                last, order))
            conn, _ = lsock.accept()
            conn.close()
            scr = tm.wait_text("Connected to multi (%s) port %d." % (last,
                                                                    port))
            for addr in order[:-1]:
                check("Cannot connect to %s port %d:" % (addr, port) in scr,
                      "%s was not tried first:\n%s" % (addr, scr))
        finally:
            tm.close()


t.done()
