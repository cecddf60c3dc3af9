#!/usr/bin/env python3
"""bench/fakeircd.py: the smallest IRC relay ircload can drive, with faults
to inject (dropped, duplicated, swapped or misattributed deliveries), so that
bench/ircload_test.py can check that ircload notices each of them.

It speaks just enough IRC: NICK and USER get 001, JOIN gets the JOIN echo
and 366, PRIVMSG to a channel is relayed to the other members, PING gets
PONG.  It listens on 127.0.0.1 on a free port, prints "port N" on stdout,
and exits by itself after --lifetime seconds."""

import argparse
import select
import socket
import sys
import time


class Client:
    def __init__(self, sock):
        self.sock = sock
        self.inbuf = b""
        self.out = bytearray()
        self.nick = None
        self.held = None  # a delivery kept back to be sent out of order


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--drop", type=int, default=0, help="drop every Nth delivery")
    p.add_argument("--dup", type=int, default=0, help="send every Nth delivery twice")
    p.add_argument("--swap", type=int, default=0,
                   help="send every Nth delivery after the next one to that member")
    p.add_argument("--misattribute", type=int, default=0,
                   help="relay every Nth message under another nick")
    p.add_argument("--lifetime", type=float, default=60)
    args = p.parse_args()

    lsock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    lsock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    lsock.bind(("127.0.0.1", 0))
    lsock.listen(socket.SOMAXCONN)
    lsock.setblocking(False)
    print("port %d" % lsock.getsockname()[1], flush=True)

    poller = select.poll()
    poller.register(lsock, select.POLLIN)
    clients = {}
    members = []
    count = 0
    relayed = 0
    end = time.monotonic() + args.lifetime

    def deliver(member, line):
        nonlocal count
        count += 1
        if args.drop and count % args.drop == 0:
            return
        if member.held is not None:
            member.out += line + member.held
            member.held = None
            return
        if args.swap and count % args.swap == 0:
            member.held = line
            return
        member.out += line
        if args.dup and count % args.dup == 0:
            member.out += line

    def close(c):
        poller.unregister(c.fd)
        c.sock.close()
        del clients[c.fd]
        if c in members:
            members.remove(c)

    def handle(c, line):
        words = line.split(b" ", 2)
        cmd = words[0].upper()
        if cmd == b"NICK" and len(words) > 1:
            c.nick = words[1]
        elif cmd == b"USER" and c.nick:
            c.out += b":fake 001 " + c.nick + b" :Welcome\r\n"
        elif cmd == b"JOIN" and len(words) > 1:
            members.append(c)
            msg = b":" + c.nick + b"!u@127.0.0.1 JOIN " + words[1] + b"\r\n"
            for m in members:
                m.out += msg
            c.out += b":fake 366 " + c.nick + b" " + words[1] + b" :End\r\n"
        elif cmd == b"PRIVMSG" and len(words) > 2:
            nonlocal relayed
            relayed += 1
            nick = c.nick
            if args.misattribute and relayed % args.misattribute == 0:
                nick = b"someone"
            msg = b":" + nick + b"!u@127.0.0.1 " + line + b"\r\n"
            for m in members:
                if m is not c:
                    deliver(m, msg)
        elif cmd == b"PING":
            c.out += b":fake PONG fake " + (words[1] if len(words) > 1 else b"") + b"\r\n"

    while time.monotonic() < end:
        for c in clients.values():
            poller.modify(c.sock, select.POLLIN | (select.POLLOUT if c.out else 0))
        for fd, ev in poller.poll(100):
            if fd == lsock.fileno():
                for _ in range(1000):
                    try:
                        s, _addr = lsock.accept()
                    except BlockingIOError:
                        break
                    s.setblocking(False)
                    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                    c = Client(s)
                    c.fd = s.fileno()
                    clients[c.fd] = c
                    poller.register(s, select.POLLIN)
                continue
            c = clients.get(fd)
            if c is None:
                continue
            if ev & (select.POLLIN | select.POLLHUP | select.POLLERR):
                try:
                    data = c.sock.recv(65536)
                except (BlockingIOError, InterruptedError):
                    data = None
                except OSError:
                    data = b""
                if data == b"":
                    close(c)
                    continue
                if data:
                    c.inbuf += data
                    *lines, c.inbuf = c.inbuf.split(b"\n")
                    for line in lines:
                        handle(c, line.rstrip(b"\r"))
            if c.out:
                try:
                    n = c.sock.send(c.out)
                    del c.out[:n]
                except (BlockingIOError, InterruptedError):
                    pass
                except OSError:
                    close(c)
    return 0


if __name__ == "__main__":
    sys.exit(main())
