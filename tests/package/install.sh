#!/bin/sh
# install.sh: "make install DESTDIR=..." puts both programs, three man
# pages, the de and fr catalogs, the init files (and the systemd units when
# configured) in place; "make uninstall" removes every file again.
tmp=$top_builddir/tests/package/install.tmp
rm -rf "$tmp"
mkdir -p "$tmp" || exit 1
# Run make afresh, not as a part of the make that runs this test.
unset MAKEFLAGS MFLAGS MAKELEVEL
make=${MAKE:-make}
log=$tmp.log

fail() {
	echo "FAIL: $*"
	exit 1
}

$make -C "$top_builddir" install DESTDIR="$tmp/root" >"$log" 2>&1 ||
	{ cat "$log"; fail "make install DESTDIR=... failed"; }

expect() {
	found=$(find "$tmp/root" -type f -path "*/$1" | head -n 1)
	[ -n "$found" ] || { find "$tmp/root" -type f; fail "nothing installed as */$1"; }
	echo "installed ${found#"$tmp/root"}"
}
expect bin/banter
expect sbin/banterd
expect man1/banter.1
expect man8/banterd.8
expect man5/banterd.conf.5
expect de/LC_MESSAGES/banter.mo
expect fr/LC_MESSAGES/banter.mo
expect init.d/banterd
expect examples/banterd.conf
expect etc/banterd.conf
unitdir=$(sed -n "s/^systemdsystemunitdir = //p" "$top_builddir/Makefile" | sed "s|//*|/|g")
case $unitdir in
''|no) echo "no systemd unit directory configured: units not expected" ;;
*)
	expect "${unitdir#/}/banterd.service"
	expect "${unitdir#/}/banterd.socket"
	;;
esac
[ -x "$(find "$tmp/root" -type f -path '*/init.d/banterd')" ] ||
	fail "the init script is not executable"
if grep -l '@[a-zA-Z_]*@' $(find "$tmp/root" -type f -name 'banter*' ! -name '*.mo' ! -path '*bin/*'); then
	fail "an installed file has a placeholder left unfilled"
fi

# An admin's own config survives a reinstall and an uninstall.
conf=$(find "$tmp/root" -type f -path '*/etc/banterd.conf')
echo 'server_name = irc.example.org' >"$conf"
$make -C "$top_builddir" install DESTDIR="$tmp/root" >"$log" 2>&1 ||
	{ cat "$log"; fail "the second make install failed"; }
grep -q irc.example.org "$conf" || fail "make install overwrote $conf"
$make -C "$top_builddir" uninstall DESTDIR="$tmp/root" >"$log" 2>&1 ||
	{ cat "$log"; fail "make uninstall DESTDIR=... failed"; }
left=$(find "$tmp/root" -type f)
[ "$left" = "$conf" ] || { printf '%s\n' "$left"; fail "make uninstall left files behind"; }
rm -f "$conf"

# A pristine install is removed completely.
$make -C "$top_builddir" install DESTDIR="$tmp/root" >"$log" 2>&1 ||
	{ cat "$log"; fail "make install DESTDIR=... failed"; }
$make -C "$top_builddir" uninstall DESTDIR="$tmp/root" >"$log" 2>&1 ||
	{ cat "$log"; fail "make uninstall DESTDIR=... failed"; }
left=$(find "$tmp/root" -type f)
[ -z "$left" ] || { printf '%s\n' "$left"; fail "make uninstall left files behind"; }
rm -rf "$tmp" "$log"
echo "PASS"
