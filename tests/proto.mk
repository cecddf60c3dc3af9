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
