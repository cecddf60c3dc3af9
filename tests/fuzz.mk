# tests/fuzz.mk: the libFuzzer targets (configure CC=clang --enable-fuzzing).
# Each has its own copies of the code it fuzzes, built with the fuzzing
# flags; tests/fuzz/run.sh runs every target for a bounded time on its
# seed corpus tests/fuzz/corpus/NAME (not part of make check).
if FUZZING
noinst_PROGRAMS += tests/fuzz/proto_fuzz tests/fuzz/server_fuzz \
	tests/fuzz/client_fuzz tests/fuzz/config_fuzz
endif
fuzz_ldflags = -fsanitize=fuzzer,address,undefined

# banterd without main.c: the targets define srv and server_rehash().
fuzz_server_sources = $(banterd_core_sources) src/proto.c src/proto.h

tests_fuzz_proto_fuzz_SOURCES = tests/fuzz/proto_fuzz.c src/proto.c src/proto.h
tests_fuzz_proto_fuzz_CFLAGS = $(AM_CFLAGS) $(FUZZ_CFLAGS)
tests_fuzz_proto_fuzz_LDFLAGS = $(fuzz_ldflags)

tests_fuzz_server_fuzz_SOURCES = tests/fuzz/server_fuzz.c \
	$(fuzz_server_sources)
tests_fuzz_server_fuzz_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/src/server
tests_fuzz_server_fuzz_CFLAGS = $(AM_CFLAGS) $(FUZZ_CFLAGS)
tests_fuzz_server_fuzz_LDFLAGS = $(fuzz_ldflags)
tests_fuzz_server_fuzz_LDADD = $(CRYPT_LIBS) $(LIBINTL)

tests_fuzz_config_fuzz_SOURCES = tests/fuzz/config_fuzz.c \
	$(fuzz_server_sources)
tests_fuzz_config_fuzz_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/src/server
tests_fuzz_config_fuzz_CFLAGS = $(AM_CFLAGS) $(FUZZ_CFLAGS)
tests_fuzz_config_fuzz_LDFLAGS = $(fuzz_ldflags)
tests_fuzz_config_fuzz_LDADD = $(CRYPT_LIBS) $(LIBINTL)

# banter's message handling without curses, the socket or main.c: the
# target stubs the few functions of those that handle.c and window.c call.
tests_fuzz_client_fuzz_SOURCES = tests/fuzz/client_fuzz.c \
	$(client_core_sources) src/client/client.h src/client/handle.c \
	src/client/window.c src/proto.c src/proto.h
tests_fuzz_client_fuzz_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/src/client
tests_fuzz_client_fuzz_CFLAGS = $(AM_CFLAGS) $(FUZZ_CFLAGS)
tests_fuzz_client_fuzz_LDFLAGS = $(fuzz_ldflags)
tests_fuzz_client_fuzz_LDADD = $(LIBINTL)

EXTRA_DIST += tests/fuzz/run.sh tests/fuzz/corpus
