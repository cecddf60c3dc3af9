"""tmuxdriver: one terminal program in a private tmux server, for tests.

The method of STYLE.md: one tmux server per test on its own socket, in a
directory of its own; a fixed window (100x30 unless told), escape-time 0,
no status bar, remain-on-exit on, history-limit 0; HOME and the XDG
directories inside the test directory, LANG=C.UTF-8.  Keys go in with
send-keys (-l for text, -H for bytes), the screen comes back with
capture-pane (-e for attributes), polled until a condition holds or a
deadline passes; the screen is printed on failure.

With record=True, `pipe-pane -O` records every byte the program writes to
its terminal from its first one: the pane starts a shell that waits for a
line on its terminal, and gets it once the pipe is on.

tests/client/tuitest.py (banter against servers), tests/hostile/evilirc.py
(banter against a hostile server) and tests/interop/interoplib.py (irssi)
drive their programs with this.  Every failure raises ircharness.Fail.
"""

import atexit
import os
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import ircharness as h

WIDTH, HEIGHT = 100, 30
WAIT = 8.0
STEP = 0.03                 # how often the screen is polled

CONF = ("set -g escape-time 0\n"
        "set -g status off\n"
        "set -g remain-on-exit on\n"
        "set -g default-terminal tmux-256color\n"
        "set -g history-limit 0\n")

# Panes not closed yet: their tmux servers are killed at exit, so a test
# that dies on an exception leaves no tmux behind.
_open = []


def need_tmux():
    """Skip (77) the whole script when tmux is not installed."""
    if shutil.which("tmux") is None:
        print("1..0 # SKIP tmux is not installed")
        sys.exit(h.SKIP)


def _gone(pid):
    """True once pid has exited (a zombie counts: it waits for tmux)."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


class Pane:
    """argv in the one pane of a private tmux server."""

    def __init__(self, argv, env=None, start=True, record=False,
                 width=WIDTH, height=HEIGHT, name=None,
                 prefix="banter-tmux-"):
        self.name = name or os.path.basename(argv[0])
        self.width, self.height = width, height
        self.record = record
        self.dir = tempfile.mkdtemp(prefix=prefix)
        self.sock = os.path.join(self.dir, "tmux.sock")
        self.conf = os.path.join(self.dir, "tmux.conf")
        self.raw_path = os.path.join(self.dir, "pane.raw")
        self.home = os.path.join(self.dir, "home")
        os.makedirs(os.path.join(self.home, ".config"))
        with open(self.conf, "w") as f:
            f.write(CONF)
        envs = {
            "HOME": self.home,
            "XDG_CONFIG_HOME": os.path.join(self.home, ".config"),
            "XDG_DATA_HOME": os.path.join(self.home, ".local", "share"),
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
        }
        envs.update(env or {})
        self.cmd = ["env"] + ["%s=%s" % kv for kv in envs.items()] + \
            list(argv)
        self._pid = None
        _open.append(self)
        if start:
            self.start()

    def start(self):
        size = ["-x", str(self.width), "-y", str(self.height)]
        if not self.record:
            self.tmux("new-session", "-d", *size, "--", *self.cmd)
            return
        self.tmux("new-session", "-d", *size, "--", "sh", "-c",
                  'read gate; exec "$@"', "sh", *self.cmd)
        self.tmux("pipe-pane", "-O", "cat >> %s" % shlex.quote(
            self.raw_path))
        self.keys("Enter")

    def tmux(self, *args, check=True):
        """Run a tmux command on this server; its standard output."""
        res = subprocess.run(["tmux", "-S", self.sock, "-f", self.conf] +
                             list(args), stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, timeout=10)
        if check and res.returncode != 0:
            raise h.Fail("tmux %s failed: %s" % (
                " ".join(args), res.stderr.decode(errors="replace")))
        return res.stdout.decode("utf-8", "replace")

    def info(self, fmt):
        """A tmux format (#{pane_dead}, #{cursor_y}...) for the pane."""
        return self.tmux("display-message", "-p", fmt).strip()

    # input

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
        """A bracketed paste of text."""
        path = os.path.join(self.dir, "paste")
        with open(path, "w") as f:
            f.write(text)
        self.tmux("load-buffer", path)
        self.tmux("paste-buffer", "-p", "-d")

    # output

    def screen(self, colours=False):
        args = ["capture-pane", "-p"] + (["-e"] if colours else [])
        return self.tmux(*args)

    def rows(self):
        return self.screen().split("\n")

    def raw(self):
        """Every byte the program has written to its terminal (record)."""
        try:
            with open(self.raw_path, "rb") as f:
                return f.read()
        except OSError:
            return b""

    # waiting, each with a deadline

    def wait(self, pred, what, timeout=WAIT):
        """Poll the screen until pred(screen) holds; the screen."""
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if pred(screen):
                return screen
            if time.monotonic() >= deadline:
                raise h.Fail("timed out after %.0fs waiting for %s; the "
                             "screen:\n%s" % (timeout, what, screen))
            time.sleep(STEP)

    def wait_text(self, text, timeout=WAIT):
        return self.wait(lambda s: text in s, repr(text), timeout)

    def wait_gone(self, text, timeout=WAIT):
        return self.wait(lambda s: text not in s, "%r to go" % text, timeout)

    def wait_raw(self, data, timeout=WAIT):
        """Until the program has written data (bytes) to its terminal."""
        h.wait_for(lambda: data in self.raw(), timeout, STEP,
                   "%s to write %r to its terminal" % (self.name, data))

    def exit_status(self, timeout=WAIT):
        """The exit status, once the program has ended.  tmux 3.3a may
        miss a pane's exit (STYLE.md): once the program is gone, SIGCHLD
        to this test's own tmux server makes it look."""
        pid = self.pane_pid()
        deadline = time.monotonic() + timeout
        while True:
            status = self.info("#{pane_dead_status}")
            if status != "":
                return int(status)
            if time.monotonic() >= deadline:
                raise h.Fail("%s did not exit within %.0fs; the screen:\n%s"
                             % (self.name, timeout, self.screen()))
            if _gone(pid):
                server = self.info("#{pid}")
                if server.isdigit():
                    os.kill(int(server), signal.SIGCHLD)
            time.sleep(STEP)

    # the program as a process

    def pane_pid(self):
        """The program's pid (with record, the shell exec'd it)."""
        if self._pid is None:
            self._pid = int(self.info("#{pane_pid}"))
        return self._pid

    def cpu(self):
        """The program's CPU seconds so far (user + system)."""
        return h.proc_cpu_seconds(self.pane_pid())

    def rss_kb(self):
        return h.proc_rss_kb(self.pane_pid())

    def close(self):
        """Kill the tmux server (the program gets SIGHUP); remove the
        directory."""
        if self in _open:
            _open.remove(self)
        self.tmux("kill-server", check=False)
        shutil.rmtree(self.dir, ignore_errors=True)


@atexit.register
def _close_all():
    for pane in list(_open):
        pane.close()
