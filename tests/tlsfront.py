"""tlsfront: stunnel on loopback in front of a test server, for clients
that speak only TLS (catgirl); banterd has no TLS.

The launcher is bench/benchlib.py's TLSFront, which bench/client-run uses
too (bench/ cannot import tests/, so the one copy lives there).  This
module fits it to the harness: a missing program skips the script (77),
naming the Debian package; a front that does not come up is a Fail; every
front is stopped at exit, however the script ends."""

import atexit
import os
import sys

import ircharness as h

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "bench"))
import benchlib  # noqa: E402  (needs the path above)


def need():
    """Skip unless stunnel and openssl are installed."""
    package = benchlib.TLSFront.missing()
    if package:
        print("1..0 # SKIP %s is not installed (Debian package %s)"
              % ("stunnel" if package == "stunnel4" else package, package))
        sys.exit(h.SKIP)


def start(srv):
    """A TLS front for srv (an ircharness.Server), its files in srv.dir;
    .port is where TLS clients connect."""
    front = benchlib.TLSFront(srv.dir, srv.port)
    atexit.register(front.stop)
    try:
        front.start()
    except benchlib.TLSFrontError as e:
        raise h.Fail(str(e))
    return front
