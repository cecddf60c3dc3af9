# tests/client_core.mk: unit tests of the pure client modules (TAP).
# Each test links the module sources it needs directly.
client_core_tests = tests/buffer_test tests/complete_test tests/edit_test \
	tests/format_test tests/history_test tests/paste_test tests/split_test \
	tests/window_test
check_PROGRAMS += $(client_core_tests)
TESTS += $(client_core_tests)

tests_buffer_test_SOURCES = tests/buffer_test.c tests/tap.h \
	src/client/buffer.c src/client/buffer.h \
	src/client/format.c src/client/format.h
tests_buffer_test_LDADD = src/libproto.a
tests_complete_test_SOURCES = tests/complete_test.c tests/tap.h \
	src/client/complete.c src/client/complete.h \
	src/client/edit.c src/client/edit.h \
	src/client/format.c src/client/format.h
tests_complete_test_LDADD = src/libproto.a
tests_edit_test_SOURCES = tests/edit_test.c tests/tap.h \
	src/client/edit.c src/client/edit.h \
	src/client/format.c src/client/format.h
tests_edit_test_LDADD = src/libproto.a
tests_format_test_SOURCES = tests/format_test.c tests/tap.h \
	src/client/format.c src/client/format.h
tests_format_test_LDADD = src/libproto.a
tests_history_test_SOURCES = tests/history_test.c tests/tap.h \
	src/client/history.c src/client/history.h
tests_history_test_LDADD = src/libproto.a
tests_paste_test_SOURCES = tests/paste_test.c tests/tap.h \
	src/client/paste.c src/client/paste.h
tests_paste_test_LDADD = src/libproto.a
tests_split_test_SOURCES = tests/split_test.c tests/tap.h \
	src/client/split.c src/client/split.h
tests_split_test_LDADD = src/libproto.a
# window.c with stubs for what it calls in main.c, handle.c, ui.c, log.c.
tests_window_test_SOURCES = tests/window_test.c tests/tap.h \
	$(client_core_sources) src/client/client.h src/client/window.c
tests_window_test_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/src/client
tests_window_test_LDADD = src/libproto.a $(LIBINTL)
