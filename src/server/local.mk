# src/server/local.mk: banterd.  banterd_core_sources is everything but
# main.c, so the fuzz targets (tests/fuzz.mk) link the same server.
banterd_core_sources = src/server/server.h \
	src/server/listen.c src/server/client.c src/server/sendq.c \
	src/server/command.c src/server/user.c src/server/channel.c \
	src/server/chanmode.c src/server/message.c src/server/query.c \
	src/server/info.c src/server/oper.c src/server/config.c \
	src/server/log.c src/server/sdnotify.c src/server/poller.c \
	src/server/auth.h src/server/auth.c

sbin_PROGRAMS += src/banterd
src_banterd_SOURCES = src/server/main.c $(banterd_core_sources)
src_banterd_LDADD = src/libproto.a $(CRYPT_LIBS) $(LIBINTL)
