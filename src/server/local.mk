# src/server/local.mk: banterd.
sbin_PROGRAMS += src/banterd
src_banterd_SOURCES = src/server/server.h src/server/main.c \
	src/server/listen.c src/server/client.c src/server/sendq.c \
	src/server/command.c src/server/user.c src/server/channel.c \
	src/server/chanmode.c src/server/message.c src/server/query.c \
	src/server/info.c src/server/oper.c src/server/config.c \
	src/server/log.c src/server/sdnotify.c src/server/poller.c \
	src/server/auth.h src/server/auth.c
src_banterd_LDADD = src/libproto.a $(CRYPT_LIBS) $(LIBINTL)
