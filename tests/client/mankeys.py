#!/usr/bin/env python3
"""Every key banter binds is in banter.1 and in /help; banter.1 has the
sections issue 4 asks for (config file, files, environment, exit status).

The keys are read from the tables they live in: the bindings of
src/client/input.c (windows, scrollback, Tab, Enter...), its table of
editing keys the terminal sends as sequences (Left, Home, Delete...), and
the emacs keys of src/client/edit.c.  Each must be named in the KEYS
section of the built man page, and in the key lines of /help
(src/client/command.c), as a person would write it: Ctrl-A, Alt-B, PgUp.
"""

import os
import re

import ircharness as h
from ircharness import check

SRC = os.environ.get("top_srcdir", os.path.join(os.path.dirname(__file__),
                                                "..", ".."))
BUILD = os.environ.get("top_builddir", SRC)
t = h.Tests()

# Key names of input.c's K_ codes.
NAMED = {
    "K_UP": "Up", "K_DOWN": "Down", "K_LEFT": "Left", "K_RIGHT": "Right",
    "K_HOME": "Home", "K_END": "End", "K_DELETE": "Delete",
    "K_PGUP": "PgUp", "K_PGDN": "PgDn", "K_CTRL_LEFT": "Ctrl-Left",
    "K_CTRL_RIGHT": "Ctrl-Right",
}
# Controls that are keys of their own.
CONTROL = {"I": "Tab", "J": "Enter", "M": "Enter", "H": "Ctrl-H",
           "?": "Backspace"}


def read(*parts):
    with open(os.path.join(*parts), encoding="utf-8") as f:
        return f.read()


def rows(path, name):
    text = read(SRC, "src", "client", path)
    m = re.search(r"\b%s\[\] = \{\n(.*?)\n\};" % re.escape(name), text, re.S)
    check(m, "no table %s in %s" % (name, path))
    return re.findall(r"\{ ([^{}]*?) \}", m.group(1))


def key_name(expr):
    """'CTRL('N')' -> Ctrl-N, 'K_META | 'a'' -> Alt-A, 'K_PGUP' -> PgUp."""
    alt = "K_META" in expr
    expr = expr.replace("K_META", "").strip(" |")
    m = re.fullmatch(r"CTRL\('(.)'\)", expr)
    if m:
        base = CONTROL.get(m.group(1), "Ctrl-" + m.group(1))
    elif re.fullmatch(r"'.'", expr):
        base = expr[1].upper()
    else:
        check(expr in NAMED, "a key without a name here: %r" % expr)
        base = NAMED[expr]
    return ("Alt-" if alt else "") + base


def edit_key_name(meta, code):
    """A row of edit.c's bindings: (false, 0x01) -> Ctrl-A."""
    c = int(code, 16) if code.startswith("0x") else ord(code.strip("'"))
    if c == 0x7F:
        base = "Backspace"
    elif c == 0x08 and meta:
        base = "Backspace"      # ESC ^H: Alt-Backspace on some terminals
    elif c < 0x20:
        base = "Ctrl-" + chr(c + 0x40)
    else:
        base = chr(c).upper()
    return ("Alt-" if meta == "true" or meta is True else "") + base


def all_keys():
    keys = set()
    for row in rows("input.c", "bindings"):
        keys.add(key_name(row.rsplit(",", 1)[0]))
    for row in rows("input.c", "keys"):
        keys.add(key_name(row.split(",")[0]))
    for row in rows("edit.c", "bindings"):
        meta, code = [f.strip() for f in row.split(",")[:2]]
        keys.add(edit_key_name(meta == "true", code))
    check(len(keys) > 30, "only %d keys found: %r" % (len(keys), keys))
    return sorted(keys)


def documented(text, key):
    """Is key named in text?  Alt-1 .. Alt-9 count for the digits."""
    m = re.fullmatch(r"Alt-([1-9])", key)
    if m:
        return re.search(r"Alt-1\b.*\.\..*Alt-9\b", text) is not None
    # Ctrl-A/E/B/F (as /help groups them) names Ctrl-E too.
    if re.search(r"(?<![\w-])%s(?![\w-])" % re.escape(key), text):
        return True
    prefix, _, letter = key.rpartition("-")
    return len(letter) == 1 and re.search(
        r"%s-(?:[A-Z]/)*%s(?:/[A-Z])*\b" % (re.escape(prefix), letter),
        text) is not None


@t.case("every key is in the KEYS section of banter.1")
def _():
    page = read(BUILD, "man", "banter.1")
    m = re.search(r"^\.Sh KEYS\n(.*?)^\.Sh ", page, re.S | re.M)
    check(m, "no KEYS section in banter.1")
    # mdoc: ".It Ic Ctrl-N , Ic Ctrl-P": the words are what counts.
    text = re.sub(r"\b(?:Ic|No|Ns|It|Li|Ql) ", " ", m.group(1))
    missing = [k for k in all_keys() if not documented(text, k)]
    check(not missing, "not in banter.1's KEYS: %s" % ", ".join(missing))


@t.case("every key is in /help")
def _():
    text = read(SRC, "src", "client", "command.c")
    m = re.search(r"keys_help\[\] = \{\n(.*?)\n\};", text, re.S)
    check(m, "no keys_help in command.c")
    help_text = " ".join(re.findall(r'"([^"]*)"', m.group(1)))
    missing = [k for k in all_keys() if not documented(help_text, k)]
    check(not missing, "not in /help: %s" % ", ".join(missing))


@t.case("banter.1 has the config file, files, environment, exit status")
def _():
    page = read(BUILD, "man", "banter.1")
    for section, words in (
            ("CONFIGURATION FILE", ("timestamps", "host =", "Ql #")),
            ("ENVIRONMENT", ("Ev USER", "Ev XDG_CONFIG_HOME",
                             "Ev XDG_DATA_HOME", "Ev HOME", "Ev TERM")),
            ("FILES", ("Pa $XDG_CONFIG_HOME/banter/config",
                       "Pa $XDG_DATA_HOME/banter/log/")),
            ("EXIT STATUS", (".It 0", ".It 1", ".It 2"))):
        m = re.search(r"^\.Sh %s\n(.*?)^\.Sh " % section, page,
                      re.S | re.M)
        check(m, "no %s section in banter.1" % section)
        for word in words:
            check(word in m.group(1), "%s does not say %r" % (section, word))


t.done()
