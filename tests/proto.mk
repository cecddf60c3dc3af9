# tests/proto.mk: unit tests of src/proto.c (TAP), one program per part.
proto_tests = tests/proto_frame_test tests/proto_parse_test \
	tests/proto_format_test tests/proto_names_test
check_PROGRAMS += $(proto_tests)
TESTS += $(proto_tests)
tests_proto_frame_test_SOURCES = tests/proto_frame_test.c tests/tap.h
tests_proto_frame_test_LDADD = src/libproto.a
tests_proto_parse_test_SOURCES = tests/proto_parse_test.c tests/tap.h
tests_proto_parse_test_LDADD = src/libproto.a
tests_proto_format_test_SOURCES = tests/proto_format_test.c tests/tap.h
tests_proto_format_test_LDADD = src/libproto.a
tests_proto_names_test_SOURCES = tests/proto_names_test.c tests/tap.h
tests_proto_names_test_LDADD = src/libproto.a

# The libFuzzer target (configure --enable-fuzzing, CC=clang) has its own
# copy of proto.c built with the fuzzing flags; tests/fuzz/run.sh runs it
# for a bounded time (not part of make check).
if FUZZING
noinst_PROGRAMS += tests/fuzz/proto_fuzz
endif
tests_fuzz_proto_fuzz_SOURCES = tests/fuzz/proto_fuzz.c src/proto.c src/proto.h
tests_fuzz_proto_fuzz_CFLAGS = $(AM_CFLAGS) $(FUZZ_CFLAGS)
tests_fuzz_proto_fuzz_LDFLAGS = -fsanitize=fuzzer,address,undefined
EXTRA_DIST += tests/fuzz/run.sh tests/fuzz/corpus
