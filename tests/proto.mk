# tests/proto.mk: unit tests of src/proto.c (TAP).
check_PROGRAMS += tests/proto_test
tests_proto_test_SOURCES = tests/proto_test.c tests/tap.h
tests_proto_test_LDADD = src/libproto.a
TESTS += tests/proto_test
