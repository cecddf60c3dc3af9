"""scripted: banter in tmux against a tuitest.FakeServer, as context
managers that close both, for the scripts of issue 4's points
(startup.py, register.py, screenkeys.py)."""

import contextlib

import tuitest


@contextlib.contextmanager
def banter(*args, env=None, prepare=None):
    """A FakeServer and banter started with args, in which "{port}" is
    the server's port; prepare(srv), if given, runs before banter does.
    Yields (srv, tm)."""
    srv = tuitest.FakeServer()
    tm = None
    try:
        if prepare is not None:
            prepare(srv)
        tm = tuitest.Tmux([tuitest.banter_path()] +
                          [a.format(port=srv.port) for a in args], env=env)
        yield srv, tm
    finally:
        if tm is not None:
            tm.close()
        srv.close()


@contextlib.contextmanager
def session(*args):
    """tuitest.fake_session(args): banter registered as ana, in #lobby."""
    srv, tm = tuitest.fake_session(args)
    try:
        yield srv, tm
    finally:
        tm.close()
        srv.close()
