#!/bin/sh
# manlint.sh: the three generated man pages are clean under mandoc -Tlint
# (no message of any level, but for "referenced manual not found") and
# have every @placeholder@ filled in.
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
exit $status
