#!/usr/bin/env python3
"""i18n.py: with LC_ALL=C.UTF-8 LANGUAGE=de (and fr), banterd --help and
banter --help print the catalog's translations.

The catalogs come from the build (po/LANG.gmo), installed into a locale
tree of the test's own that BANTER_LOCALEDIR points the programs at.  Each
message of the catalog that the English --help prints whole must be
replaced by its translation; at least one must be, or nothing was shown.
Only messages that end a line count: a short one such as "NICK" is found
inside other text without being printed on its own.
"""
import gettext
import os
import shutil
import subprocess
import sys
import tempfile

LANGS = ("de", "fr")


def find_gmo(lang):
    for top in (os.environ["top_builddir"], os.environ["top_srcdir"]):
        path = os.path.join(top, "po", lang + ".gmo")
        if os.path.isfile(path):
            return path
    return None


def run(prog, localedir, lang):
    env = dict(os.environ, LC_ALL="C.UTF-8", BANTER_LOCALEDIR=localedir)
    env.pop("LANG", None)
    if lang:
        env["LANGUAGE"] = lang
    else:
        env.pop("LANGUAGE", None)
    proc = subprocess.run([prog, "--help"], env=env, capture_output=True,
                          timeout=20, check=False)
    if proc.returncode != 0:
        raise SystemExit("FAIL: %s --help exited %d: %s" % (
            prog, proc.returncode, proc.stderr.decode("utf-8", "replace")))
    return proc.stdout.decode("utf-8")


def main():
    tmp = tempfile.mkdtemp(prefix="banter-i18n.")
    try:
        return check(tmp)
    finally:
        shutil.rmtree(tmp)


def check(tmp):
    failed = False
    localedir = os.path.join(tmp, "locale")
    catalogs = {}
    for lang in LANGS:
        gmo = find_gmo(lang)
        if gmo is None:
            print("FAIL: po/%s.gmo was not built" % lang)
            return 1
        dest = os.path.join(localedir, lang, "LC_MESSAGES")
        os.makedirs(dest)
        shutil.copyfile(gmo, os.path.join(dest, "banter.mo"))
        with open(gmo, "rb") as f:
            catalogs[lang] = gettext.GNUTranslations(f)._catalog
    for prog in (os.environ["BANTERD"], os.environ["BANTER"]):
        english = run(prog, localedir, None)
        for lang in LANGS:
            shown = run(prog, localedir, lang)
            checked = 0
            for msgid, msgstr in catalogs[lang].items():
                if (not isinstance(msgid, str) or not msgid.endswith("\n")
                        or "%" in msgid):
                    continue
                if msgid not in english or msgstr == msgid:
                    continue
                checked += 1
                if msgstr not in shown:
                    print("FAIL: %s --help in %s lacks %r (for %r)" % (
                        os.path.basename(prog), lang, msgstr, msgid))
                    failed = True
            if shown == english:
                print("FAIL: %s --help in %s is the English text" % (
                    os.path.basename(prog), lang))
                failed = True
            elif checked == 0:
                print("FAIL: no message of %s --help has a %s translation" % (
                    os.path.basename(prog), lang))
                failed = True
            else:
                print("ok: %s --help in %s: %d messages translated" % (
                    os.path.basename(prog), lang, checked))
                print(shown)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
