# bench/local.mk: the load generator and bench/run (see BENCHMARKS.md).
# ircload is built with the package (so CI compiles it) but not installed;
# `make bench` runs the benchmark, which CI never does.
noinst_PROGRAMS += bench/ircload
bench_ircload_SOURCES = bench/ircload.c
bench_ircload_LDADD = $(LIBINTL)
dist_noinst_SCRIPTS += bench/run bench/client-run bench/fakeircd.py
# A check of the tool itself (against a fake server), not a benchmark.
TESTS += bench/ircload_test.py
EXTRA_DIST += BENCHMARKS.md bench/benchlib.py

BENCH_FLAGS =
bench: all
	$(PYTHON) $(srcdir)/bench/run --builddir '$(abs_top_builddir)' $(BENCH_FLAGS)
bench-client: all
	$(PYTHON) $(srcdir)/bench/client-run --builddir '$(abs_top_builddir)' $(BENCH_FLAGS)
.PHONY: bench bench-client
