# tests/client.mk: banter end to end, in tmux, against ngircd and banterd
# (tests/client/tuicases.py holds the cases; each server has a script).
TESTS += \
	tests/client/tables.py \
	tests/client/options.py \
	tests/client/hostile.py \
	tests/client/sanitize.py \
	tests/client/replies.py \
	tests/client/tui_ngircd.py \
	tests/client/tui_banterd.py
# tests/tmuxdriver.py runs a program in a private tmux server: tuitest.py
# here, tests/hostile/evilirc.py and tests/interop/interoplib.py use it.
EXTRA_DIST += \
	tests/tmuxdriver.py \
	tests/client/tuitest.py \
	tests/client/tuicases.py
# Issue 4, point by point: what the server sees of the command line and
# the config file; the registration and the reconnect; keys and screen;
# `banter localhost` in a network namespace of its own.
TESTS += \
	tests/client/startup.py \
	tests/client/register.py \
	tests/client/netns.py \
	tests/client/screenkeys.py \
	tests/client/mankeys.py
# The reconnect delay (src/client/backoff.c), a unit test.
check_PROGRAMS += tests/client/backoff_test
TESTS += tests/client/backoff_test
tests_client_backoff_test_SOURCES = tests/client/backoff_test.c tests/tap.h \
	src/client/backoff.c src/client/backoff.h
tests_client_backoff_test_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests
EXTRA_DIST += tests/client/scripted.py
