"""bench/benchlib.py: what bench/run and bench/client-run share: the private
network namespace, free ports, and starting banterd or ngircd for a run.
Also the TLS front end (stunnel) that lets a TLS-only client such as
catgirl reach banterd; the interop test tests/interop/catgirl.py uses the
same one (through tests/tlsfront.py), so it is standard library only and
does nothing when imported."""

import fcntl
import os
import shutil
import signal
import socket
import ssl
import statistics
import struct
import subprocess
import sys
import time

NETNS_MARK = "BANTER_BENCH_NETNS"

# Flood control off: banterd.conf(5) documents flood_rate = 0; the first
# server accepted flood_burst = 0 instead (the rate is then moot).
FLOOD_OFF = ("flood_rate = 0\n", "flood_burst = 0\nflood_rate = 1000000\n")


def say(msg):
    print("bench: " + msg, file=sys.stderr, flush=True)


def bring_lo_up():
    """Set lo up in our fresh network namespace (SIOCSIFFLAGS, no ip(8))."""
    siocgifflags, siocsifflags, iff_up = 0x8913, 0x8914, 0x1
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        req = struct.pack("16sh", b"lo", 0)
        flags = struct.unpack("16sh", fcntl.ioctl(s, siocgifflags, req))[1]
        fcntl.ioctl(s, siocsifflags, struct.pack("16sh", b"lo", flags | iff_up))


def widen_port_range():
    """Give ircload every unprivileged port in our namespace.  With the
    default 32768-60999, 19,000 clients leave connect() searching for a
    free port (81% of ircload's time, about 1,000 connects/s): the
    figure would be ircload's, not the server's."""
    path = "/proc/sys/net/ipv4/ip_local_port_range"
    try:
        with open(path, "w") as f:
            f.write("1024 65535\n")
        with open(path) as f:
            return "ports " + "-".join(f.read().split())
    except OSError as e:
        return "port range left as it is (%s)" % e.strerror


def enter_netns(no_netns):
    """Re-run this script inside `unshare` with a private network namespace;
    returns only when that is impossible (then we use the host's lo)."""
    if no_netns:
        say("using the host's loopback (--no-netns).")
        return
    if os.environ.get(NETNS_MARK) == "1":
        bring_lo_up()
        say("running in a private network namespace (only lo is up; %s)."
            % widen_port_range())
        return
    unshare = shutil.which("unshare")
    flags = ["-n"] if os.geteuid() == 0 else ["-r", "-n"]
    why = "unshare(1) is missing"
    if unshare is not None:
        probe = subprocess.run([unshare] + flags + ["true"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               text=True)
        if probe.returncode == 0:
            env = dict(os.environ, **{NETNS_MARK: "1"})
            cmd = [unshare] + flags + ["--", sys.executable,
                                       os.path.abspath(sys.argv[0])] + sys.argv[1:]
            sys.stdout.flush()
            os.execve(unshare, cmd, env)
        why = probe.stderr.strip() or "unshare failed"
    say("cannot make a private network namespace (%s); running on the "
        "host's loopback instead." % why)


def in_user_namespace():
    try:
        with open("/proc/self/uid_map") as f:
            return f.read().split() != ["0", "0", "4294967295"]
    except OSError:
        return False


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_listening(port, proc, deadline):
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.02)
    return False


def stop_process(proc):
    """SIGTERM, then SIGKILL after 5 s; waits for the process either way."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


class Server:
    """One server process, started afresh for one run."""

    def __init__(self, name, program, workdir):
        self.name, self.program, self.workdir = name, program, workdir
        self.proc = None
        self.log = None
        self.flood_off = FLOOD_OFF[0]

    def argv(self, port):
        conf = os.path.join(self.workdir, self.name + ".conf")
        if self.name == "banterd":
            with open(conf, "w") as f:
                f.write("# banterd for bench/run: loopback only, flood "
                        "control off (banterd.conf(5)).\n"
                        "listen = 127.0.0.1:%d\n"
                        "max_clients = 30000\n"
                        "%s"
                        "ping_interval = 600\n"
                        "ping_timeout = 600\n"
                        "registration_timeout = 600\n" % (port, self.flood_off))
            return [self.program, "-f", conf]
        with open(conf, "w") as f:
            f.write("# ngircd for bench/run: loopback only, penalties off.\n"
                    "[Global]\nName = ngircd.bench.invalid\n"
                    "Info = bench/run\nListen = 127.0.0.1\nPorts = %d\n"
                    "MotdPhrase = bench\n"
                    "[Limits]\nMaxConnections = 0\nMaxConnectionsIP = 0\n"
                    "MaxJoins = 0\nMaxNickLength = 30\nMaxPenaltyTime = 0\n"
                    "PingTimeout = 600\nPongTimeout = 600\n"
                    "[Options]\nDNS = no\nIdent = no\nPAM = no\n" % port)
        argv = [self.program, "-n", "-f", conf]
        # As root ngircd switches to "nobody", which a user namespace made
        # by `unshare -r` does not map: give it a nested one where it is.
        if os.geteuid() == 0 and in_user_namespace():
            argv = ["unshare", "--map-user=65534", "--map-group=65534"] + argv
        return argv

    def check(self):
        """None when the server can run, else why not."""
        if self.program is None or not os.access(self.program, os.X_OK):
            return "%s is not installed or not built" % self.name
        if self.name == "banterd":
            for self.flood_off in FLOOD_OFF:
                conf = self.argv(free_port())
                r = subprocess.run([self.program, "-n", "-f", conf[-1]],
                                   capture_output=True, text=True, timeout=10)
                if r.returncode == 0:
                    break
            else:
                return "banterd -n rejects the bench config: " + (
                    r.stderr.strip() or r.stdout.strip() or "exit %d" % r.returncode)
        return None

    def start(self):
        port = free_port()
        self.log = open(os.path.join(self.workdir, self.name + ".log"), "a")
        self.proc = subprocess.Popen(self.argv(port), stdin=subprocess.DEVNULL,
                                     stdout=self.log, stderr=subprocess.STDOUT)
        if not wait_listening(port, self.proc, time.monotonic() + 10):
            self.stop()
            return None
        return port

    def stop(self):
        if self.proc is None:
            return
        stop_process(self.proc)
        self.proc = None
        self.log.close()


class TLSFrontError(Exception):
    """The TLS front could not be made or did not come up; says why."""


def stunnel_program():
    """Debian's stunnel4 installs stunnel4 (and stunnel, in newer ones)."""
    return shutil.which("stunnel4") or shutil.which("stunnel")


class TLSFront:
    """stunnel taking TLS on a free port of 127.0.0.1 and passing the plain
    bytes on to 127.0.0.1:backend_port (banterd has no TLS).  Its
    certificate is self-signed, made for the run by openssl: clients are
    told not to verify it.  Everything lives in workdir."""

    def __init__(self, workdir, backend_port):
        self.workdir = workdir
        self.backend_port = backend_port
        self.port = None
        self.proc = None
        self.log_path = os.path.join(workdir, "stunnel.log")
        self.conf_path = os.path.join(workdir, "stunnel.conf")
        self.cert = os.path.join(workdir, "tls-front.crt")
        self.key = os.path.join(workdir, "tls-front.key")

    @staticmethod
    def missing():
        """None when stunnel and openssl are there, else the Debian package
        to install (stunnel4 depends on openssl)."""
        if stunnel_program() is None:
            return "stunnel4"
        if shutil.which("openssl") is None:
            return "openssl"
        return None

    def make_certificate(self):
        r = subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
             "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
             "-subj", "/CN=localhost", "-keyout", self.key, "-out", self.cert],
            stdin=subprocess.DEVNULL, capture_output=True, text=True,
            timeout=30)
        if r.returncode != 0:
            raise TLSFrontError("openssl could not make a self-signed "
                                "certificate: " + r.stderr.strip())

    def write_conf(self):
        # TCP_NODELAY both ways, as banterd and ircload set it, so the front
        # adds no Nagle delay; TIMEOUTclose 0 closes at once after a QUIT.
        with open(self.conf_path, "w") as f:
            f.write("; TLS on 127.0.0.1:%d in front of 127.0.0.1:%d, for "
                    "one run\n"
                    "foreground = yes\npid =\nsyslog = no\ndebug = notice\n"
                    "socket = l:TCP_NODELAY=1\nsocket = r:TCP_NODELAY=1\n"
                    "[front]\naccept = 127.0.0.1:%d\nconnect = 127.0.0.1:%d\n"
                    "cert = %s\nkey = %s\nTIMEOUTclose = 0\n"
                    % (self.port, self.backend_port, self.port,
                       self.backend_port, self.cert, self.key))

    def handshake(self):
        """One TLS handshake through the front (the certificate is not
        checked, as the clients are told): True once it listens."""
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        try:
            with socket.create_connection(("127.0.0.1", self.port),
                                          timeout=2) as raw:
                with ctx.wrap_socket(raw):
                    return True
        except (OSError, ssl.SSLError):
            return False

    def start(self, timeout=10):
        """Start stunnel; its port, or TLSFrontError with its log.  A port
        taken between choosing and binding it costs one more try."""
        if not os.path.exists(self.cert):
            self.make_certificate()
        for _ in range(3):
            self.port = free_port()
            self.write_conf()
            with open(self.log_path, "ab") as log:
                self.proc = subprocess.Popen(
                    [stunnel_program(), self.conf_path],
                    stdin=subprocess.DEVNULL, stdout=log,
                    stderr=subprocess.STDOUT)
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline and self.proc.poll() is None:
                if self.handshake():
                    return self.port
                time.sleep(0.05)
            if self.proc.poll() is None or "in use" not in self.log_tail():
                break
        self.stop()
        raise TLSFrontError("stunnel did not take TLS connections on "
                            "127.0.0.1:%d within %.0f s; its log:\n%s"
                            % (self.port, timeout, self.log_tail()))

    def log_tail(self, n=20):
        try:
            with open(self.log_path, errors="replace") as f:
                return "".join(f.readlines()[-n:])
        except OSError:
            return "(no log)"

    def stop(self):
        if self.proc is not None:
            stop_process(self.proc)
        self.proc = None


def median(values):
    return statistics.median(values) if values else None
