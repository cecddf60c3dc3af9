# src/server/local.mk: banterd.
sbin_PROGRAMS += src/banterd
src_banterd_SOURCES = src/server/main.c
src_banterd_LDADD = src/libproto.a $(CRYPT_LIBS) $(LIBINTL)
