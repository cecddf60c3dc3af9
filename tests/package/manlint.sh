#!/bin/sh
# manlint.sh: the three generated man pages are clean under mandoc -Tlint
# (no message of any level, but for "referenced manual not found") and
# have every @placeholder@ filled in, with the paths banterd was built
# with.
if ! command -v mandoc >/dev/null 2>&1; then
	echo "SKIP: mandoc is not installed (Debian: apt-get install mandoc)"
	exit 77
fi
status=0
for page in man/banter.1 man/banterd.8 man/banterd.conf.5; do
	file=$top_builddir/$page
	if [ ! -f "$file" ]; then
		echo "FAIL: $file was not built"
		status=1
		continue
	fi
	# Whether an Xr target is installed says nothing about the page (ours
	# are not installed yet), so that one STYLE message is left out.
	out=$(mandoc -Tlint -Wall "$file" 2>&1 |
		grep -v -e 'STYLE: referenced manual not found' \
			-e 'outdated mandoc.db')
	if [ -n "$out" ]; then
		echo "FAIL: mandoc -Tlint $page:"
		printf '%s\n' "$out"
		status=1
	fi
	if grep -n '@[a-zA-Z_]*@' "$file"; then
		echo "FAIL: $page has a placeholder left unfilled"
		status=1
	fi
	echo "checked $page"
done

# Filled in with the configured paths: the config file banterd reads by
# default (its --help names it, from the SYSCONFDIR it was built with)
# is the one banterd.8 and banterd.conf.5 list under FILES.
conf=$(LC_ALL=C "$BANTERD" --help | sed -n 's/.*(default \(\/[^;)]*\).*/\1/p' |
	head -n 1)
if [ -z "$conf" ]; then
	echo "FAIL: banterd --help names no default config file"
	status=1
else
	for page in man/banterd.8 man/banterd.conf.5; do
		if grep -q -x -F ".It Pa $conf" "$top_builddir/$page"; then
			echo "$page lists $conf, which banterd reads"
		else
			echo "FAIL: $page does not list $conf (banterd's default) under FILES"
			status=1
		fi
	done
fi
exit $status
