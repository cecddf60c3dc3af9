#!/bin/sh
# pocomplete.sh: every catalog of po/LINGUAS translates every message of
# the current sources: none untranslated, none fuzzy, every format string
# matching (msgfmt -c).  The template is made afresh from po/POTFILES.in
# with po/Makevars' keywords, and POTFILES.in must name every source file
# that marks strings with _() or N_().  A failure lists the msgids to
# translate: add them to po/LANG.po (make -C po update-po merges them).
for tool in xgettext msgmerge msgattrib msgfmt; do
	if ! command -v $tool >/dev/null 2>&1; then
		echo "SKIP: $tool is not installed (Debian: apt-get install gettext)"
		exit 77
	fi
done
po=$top_srcdir/po
tmp=$(mktemp -d /tmp/banter-po.XXXXXX) || exit 1
trap 'rm -rf "$tmp"' EXIT
status=0

# Every file with _( or N_( is in POTFILES.in.
sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$po/POTFILES.in" | sort >"$tmp/listed"
(cd "$top_srcdir" && grep -l -E '(^|[^A-Za-z0-9_])N?_\(' \
	src/*.c src/*/*.c 2>/dev/null) | sort >"$tmp/marked"
missing=$(comm -13 "$tmp/listed" "$tmp/marked")
if [ -n "$missing" ]; then
	echo "FAIL: po/POTFILES.in lacks files that mark strings:"
	printf '  %s\n' $missing
	status=1
fi

keywords=$(sed -n 's/^XGETTEXT_OPTIONS *= *//p' "$po/Makevars")
# shellcheck disable=SC2046,SC2086
if ! (cd "$top_srcdir" && xgettext --from-code=UTF-8 $keywords \
	-o "$tmp/banter.pot" $(cat "$tmp/listed")) 2>"$tmp/xgettext.err"; then
	cat "$tmp/xgettext.err"
	echo "FAIL: xgettext could not read the sources"
	exit 1
fi
total=$(msgattrib --no-wrap "$tmp/banter.pot" | grep -c '^msgid ')
total=$((total - 1))	# the header
echo "the sources have $total messages"

for lang in $(sed 's/#.*//' "$po/LINGUAS"); do
	if [ ! -f "$po/$lang.po" ]; then
		echo "FAIL: po/LINGUAS names $lang but po/$lang.po is missing"
		status=1
		continue
	fi
	if ! msgfmt -c -o /dev/null "$po/$lang.po" 2>"$tmp/$lang.err"; then
		cat "$tmp/$lang.err"
		echo "FAIL: msgfmt -c rejects po/$lang.po"
		status=1
	fi
	# No fuzzy matching: a changed message is a new one to translate.
	msgmerge -q --no-fuzzy-matching -o "$tmp/$lang.po" "$po/$lang.po" \
		"$tmp/banter.pot" || { echo "FAIL: msgmerge $lang.po"; status=1; continue; }
	msgattrib --no-obsolete --no-wrap --untranslated "$tmp/$lang.po" \
		>"$tmp/$lang.untranslated"
	msgattrib --no-obsolete --no-wrap --only-fuzzy "$tmp/$lang.po" \
		>"$tmp/$lang.fuzzy"
	bad=0
	for kind in untranslated fuzzy; do
		# Each entry's place and msgid; the header (no #:) is left out.
		list=$(awk 'BEGIN { RS = "" }
			/(^|\n)#: / { n = split($0, l, "\n"); id = 0
				for (i = 1; i <= n; i++) {
					if (l[i] ~ /^#: /) print l[i]
					else if (l[i] ~ /^msgid /) id = 1
					else if (l[i] !~ /^"/) id = 0
					if (id) print l[i]
				} }' "$tmp/$lang.$kind")
		[ -n "$list" ] || continue
		echo "FAIL: po/$lang.po: $kind for the current sources:"
		printf '%s\n' "$list" | sed 's/^/  /'
		bad=1
	done
	if [ $bad -eq 0 ]; then
		echo "ok: po/$lang.po translates all $total messages"
	else
		status=1
	fi
done
exit $status
