# tests/valgrind.mk: make check-valgrind runs the banterd integration tests
# with banterd under valgrind memcheck (tests/valgrind/banterd.py).  Any
# memory error, or any definite or indirect leak, in any banterd run fails
# it (tests/valgrind/check-logs.py reads the logs in tests/valgrind-logs).
# Every tests/server/*.py in TESTS runs, but these, left out because
# valgrind itself breaks what they measure:
# - limits.py: runs banterd with RLIMIT_NOFILE 24 (valgrind keeps
#   descriptors of its own) and counts /proc/PID/fd and CPU time of the
#   process it started (here the wrapper, not banterd);
# - signals.py: finds the -d daemon by its /proc/PID/cmdline, which under
#   valgrind names valgrind.
valgrind_skip = tests/server/limits.py tests/server/signals.py
# make check-valgrind VALGRIND_TESTS='tests/server/oper.py' runs just those.
VALGRIND = valgrind
valgrind_env = BANTERD='$(abs_top_srcdir)/tests/valgrind/banterd.py'; \
	BANTER_VALGRIND_BANTERD='$(abs_top_builddir)/src/banterd'; \
	BANTER_VALGRIND_LOGS='$(abs_top_builddir)/tests/valgrind-logs'; \
	VALGRIND='$(VALGRIND)'; \
	export BANTERD BANTER_VALGRIND_BANTERD BANTER_VALGRIND_LOGS VALGRIND;

check-valgrind: all
	@command -v $(VALGRIND) >/dev/null 2>&1 || { \
	  echo "check-valgrind: $(VALGRIND) not found: install valgrind" \
	    "or run make check-valgrind VALGRIND=/path/to/valgrind" >&2; \
	  exit 1; }
	rm -rf tests/valgrind-logs
	$(MKDIR_P) tests/valgrind-logs
	@status=0; list='$(VALGRIND_TESTS)'; \
	test -n "$$list" || for t in $(TESTS); do \
	  case " $(valgrind_skip) " in *" $$t "*) continue;; esac; \
	  case $$t in tests/server/*.py) list="$$list $$t";; esac; \
	done; \
	$(MAKE) $(AM_MAKEFLAGS) check TESTS="$$list" \
	  TEST_SUITE_LOG=tests/valgrind-suite.log \
	  TESTS_ENVIRONMENT="$(valgrind_env)" || status=1; \
	$(PYTHON) $(srcdir)/tests/valgrind/check-logs.py tests/valgrind-logs \
	  || status=1; \
	exit $$status

clean-valgrind:
	rm -rf tests/valgrind-logs tests/valgrind-suite.log
.PHONY: check-valgrind clean-valgrind
clean-local: clean-valgrind

EXTRA_DIST += tests/valgrind/banterd.py tests/valgrind/check-logs.py
