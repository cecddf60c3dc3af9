#!/bin/sh
# run.sh: run each of the four libFuzzer targets for a bounded time.
#
# From a build directory configured with CC=clang --enable-fuzzing and
# built with make:  FUZZ_SECONDS=60 sh /path/to/tests/fuzz/run.sh
# Each tests/fuzz/NAME_fuzz runs on a copy of tests/fuzz/corpus/NAME in a
# temporary directory (the checked-in corpus is never written), inputs up
# to 9000 bytes (the longest IRC line with tags is 8703).  A crash leaves
# its input as tests/fuzz/NAME-crash-* in the build directory and makes
# this script exit 1: fix the bug, then add the input to the corpus.
# Exit status: 0 all four clean, 1 one failed or is missing (not built,
# no corpus), 2 none is built.

seconds=${FUZZ_SECONDS:-60}
srcdir=$(cd "$(dirname "$0")" && pwd) || exit 2
builddir=${top_builddir:-$(pwd)}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/banter-fuzz.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM

case $seconds in
''|*[!0-9]*)
	echo "run.sh: FUZZ_SECONDS must be a whole number of seconds" >&2
	exit 2;;
esac

# Every target issue 6 asks for, each with its seed corpus: one left
# out of the build or a corpus left out of the dist is a failure, not a
# quiet pass over fewer targets.
targets="proto server client config"
ran=0
failed=0
for name in $targets; do
	target=$builddir/tests/fuzz/${name}_fuzz
	if [ ! -x "$target" ]; then
		echo "run.sh: $target is not built" >&2
		failed=$((failed + 1))
		continue
	fi
	mkdir "$tmp/$name" || exit 2
	if ! cp "$srcdir/corpus/$name"/* "$tmp/$name/"; then
		echo "run.sh: no seed corpus in $srcdir/corpus/$name" >&2
		failed=$((failed + 1))
		continue
	fi
	echo "run.sh: fuzzing $name for $seconds s"
	if "$target" -max_len=9000 -max_total_time="$seconds" -timeout=10 \
	    -rss_limit_mb=1024 -print_final_stats=1 \
	    -artifact_prefix="$builddir/tests/fuzz/$name-" "$tmp/$name" \
	    >"$tmp/$name.log" 2>&1; then
		tail -n 12 "$tmp/$name.log"
		echo "run.sh: $name: no crash in $seconds s"
	else
		tail -n 60 "$tmp/$name.log"
		echo "run.sh: $name FAILED; the input is in $builddir/tests/fuzz/$name-*" >&2
		failed=$((failed + 1))
	fi
	ran=$((ran + 1))
done

if [ "$ran" -eq 0 ]; then
	echo "run.sh: no fuzz targets in $builddir/tests/fuzz: configure with CC=clang --enable-fuzzing, run make, then run this from the build directory" >&2
	exit 2
fi
echo "run.sh: $ran target(s) fuzzed, $failed failed"
[ "$failed" -eq 0 ]
