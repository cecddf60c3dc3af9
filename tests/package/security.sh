#!/bin/sh
# security.sh: systemd-analyze rates the generated banterd.service at an
# exposure of at most 2.0 (0 is locked down, 10 is wide open).
limit=2.0
unit=$top_builddir/init/banterd.service
if ! command -v systemd-analyze >/dev/null 2>&1; then
	echo "SKIP: systemd-analyze is not installed (Debian: apt-get install systemd)"
	exit 77
fi
if [ ! -f "$unit" ]; then
	echo "FAIL: $unit was not built"
	exit 1
fi
out=$(systemd-analyze security --offline=true --no-pager "$unit" 2>&1)
rc=$?
printf '%s\n' "$out"
if [ $rc -ne 0 ] && printf '%s\n' "$out" | grep -q -e 'unrecognized option' -e 'Unknown command'; then
	echo "SKIP: this systemd-analyze has no offline security check (systemd 250 or later has)"
	exit 77
fi
score=$(printf '%s\n' "$out" | sed -n 's/.*[Oo]verall exposure level for [^:]*: *\([0-9][0-9.]*\).*/\1/p')
if [ -z "$score" ]; then
	echo "FAIL: no exposure level in systemd-analyze's output (exit $rc)"
	exit 1
fi
if awk -v s="$score" -v l="$limit" 'BEGIN { exit !(s + 0 <= l + 0) }'; then
	echo "PASS: exposure $score <= $limit"
	exit 0
fi
echo "FAIL: exposure $score is above $limit: harden init/banterd.service.in"
exit 1
