#!/usr/bin/env python3
"""doccheck.py: the manual and the example config cover the code.

Every long option in the option tables of src/server/main.c and
src/client/main.c is in banterd.8 or banter.1; every /command of
src/client/command.c is in banter.1, every IRC command of
src/server/command.c in banterd.8; every key of src/server/config.c is
in banterd.conf.5 and in the example banterd.conf; and the example with
every setting uncommented passes "banterd -n".
"""
import os
import re
import subprocess
import sys
import tempfile

SRC = os.environ["top_srcdir"]
BUILD = os.environ["top_builddir"]
failed = []


def read(*parts):
    with open(os.path.join(*parts), encoding="utf-8") as f:
        return f.read()


def table(path, start, row):
    """The first string of each row of the C table that starts at start."""
    text = read(SRC, path)
    at = text.find(start)
    if at < 0:
        failed.append("%s: no table %r (did it move?)" % (path, start))
        return []
    body = text[at:text.index("};", at)]
    return re.findall(row, body)


def need(names, where, pattern, what):
    page = read(BUILD, where) if where.startswith(("man/", "init/")) \
        else read(SRC, where)
    for name in names:
        if not re.search(pattern % re.escape(name), page, re.M):
            failed.append("%s: %s %s is not documented" % (where, what, name))
    print("%s: %d %ss checked" % (where, len(names), what))


OPTION_ROW = r'\{\s*"([a-z-]+)",\s*(?:no|required|optional)_argument'
server_options = table("src/server/main.c", "long_options[]", OPTION_ROW)
client_options = table("src/client/main.c", "long_options[]", OPTION_ROW)
commands = table("src/client/command.c", "commands[]", r'\{\s*"([a-z]+)",\s*cmd_')
keys = table("src/server/config.c", "keys[]", r'\{\s*"([a-z_]+)",\s*KEY_')
irc_commands = table("src/server/command.c", "commands[]",
                     r'\{\s*"([A-Z]+)",\s*cmd_')

need(server_options, "man/banterd.8", r"Fl -%s\b", "option")
need(client_options, "man/banter.1", r"Fl -%s\b", "option")
need(commands, "man/banter.1", r"^\.It Ic /%s\b", "command")
need(irc_commands, "man/banterd.8", r"^\.(?:Cm|It Cm) .*\b%s\b", "IRC command")
need(keys, "man/banterd.conf.5", r"^\.It Cm %s\b", "key")
need(keys, "init/banterd.conf", r"^#%s = ", "key")

# The example, every setting uncommented (the first of each single key).
example = read(BUILD, "init/banterd.conf")
seen = set()
lines = []
for line in example.splitlines():
    m = re.match(r"#([a-z_]+) = (.*)", line)
    if m and (m.group(1) not in seen or m.group(1) in ("listen", "oper")):
        seen.add(m.group(1))
        lines.append("%s = %s" % m.groups())
with tempfile.NamedTemporaryFile("w", suffix=".conf", delete=False) as f:
    f.write("\n".join(lines) + "\n")
try:
    proc = subprocess.run([os.environ["BANTERD"], "-n", "-f", f.name],
                          capture_output=True, text=True, timeout=20,
                          check=False)
finally:
    os.unlink(f.name)
if proc.returncode != 0:
    failed.append("banterd -n rejects the example with every setting on:\n" +
                  "\n".join(lines) + "\n" + proc.stderr)
else:
    print("banterd -n accepts the example with %d settings on" % len(lines))

for f in failed:
    print("FAIL:", f)
sys.exit(1 if failed else 0)
