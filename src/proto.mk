# src/proto.mk: the shared protocol module.
noinst_LIBRARIES += src/libproto.a
src_libproto_a_SOURCES = src/proto.c src/proto.h src/i18n.h
