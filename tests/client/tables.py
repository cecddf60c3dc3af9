#!/usr/bin/env python3
"""banter's dispatch tables are searched with bsearch, so each must stay
sorted as its comparison function sorts: the server handlers and the
commands by name ignoring case, the key bindings by key code.  This
reads the rows from the sources and checks."""

import os
import re
import sys

import ircharness as h
from ircharness import check

top = os.environ.get("top_srcdir", os.path.join(os.path.dirname(__file__),
                                                "..", ".."))
src = os.path.join(top, "src", "client")
t = h.Tests()


def table(path, name):
    """The rows of the static array called name, as lists of fields."""
    with open(os.path.join(src, path)) as f:
        text = f.read()
    m = re.search(r"\b%s\[\] = \{\n(.*?)\n\};" % name, text, re.S)
    check(m, "no table %s in %s" % (name, path))
    return re.findall(r"\{ ([^{}]*?) \}", m.group(1)), text


def in_order(keys, what):
    for a, b in zip(keys, keys[1:]):
        check(a < b, "%s: %r comes before %r" % (what, a, b))
    return keys


@t.case("handle.c: the handlers are sorted by command, case ignored")
def _():
    rows, _ = table("handle.c", "handlers")
    names = [r.split(",")[0].strip().strip('"').lower() for r in rows]
    check(len(names) > 20, "only %d handlers found" % len(names))
    in_order(names, "handlers")


@t.case("command.c: the commands are sorted by name, case ignored")
def _():
    rows, _ = table("command.c", "commands")
    names = [r.split(",")[0].strip().strip('"').lower() for r in rows]
    want = ("away back clear close help invite join kick list me mode msg "
            "names nick notice part query quit quote topic who whois "
            "window").split()
    check(names == want, "commands %s, wanted %s" % (names, want))


@t.case("input.c: the key bindings are sorted by key code")
def _():
    rows, text = table("input.c", "bindings")
    enum = re.search(r"KEY_BASE = 0x110000,\n(.*?)K_META = (0x[0-9a-f]+)",
                     text, re.S)
    check(enum, "no key enum in input.c")
    values = {"K_META": int(enum.group(2), 16)}
    names = re.findall(r"\b(K_[A-Z_]+)\b", enum.group(1))
    for i, name in enumerate(n for n in names if n != "K_META"):
        values[name] = 0x110000 + i

    def code(expr):
        total = 0
        for part in expr.split("|"):
            part = part.strip()
            m = re.fullmatch(r"CTRL\('(.)'\)", part)
            if m:
                total |= ord(m.group(1)) & 0x1F
            elif re.fullmatch(r"'.'", part):
                total |= ord(part[1])
            else:
                check(part in values, "unknown key %r" % part)
                total |= values[part]
        return total
    keys = [code(r.rsplit(",", 1)[0]) for r in rows]
    check(len(keys) > 20, "only %d bindings found" % len(keys))
    in_order(keys, "bindings")


t.done()
