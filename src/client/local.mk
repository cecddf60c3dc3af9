# src/client/local.mk: banter, the terminal client.  The pure modules
# (client_core_sources) come from src/client/core.mk; these files are the
# shell around them: the loop, the socket, the screen and the keys.
bin_PROGRAMS += src/banter
src_banter_SOURCES = $(client_core_sources) \
	src/client/client.h \
	src/client/command.c \
	src/client/config.c \
	src/client/handle.c \
	src/client/input.c \
	src/client/log.c \
	src/client/main.c \
	src/client/net.c \
	src/client/ui.c \
	src/client/window.c
src_banter_CPPFLAGS = $(AM_CPPFLAGS) $(NCURSES_CFLAGS)
src_banter_LDADD = src/libproto.a $(NCURSES_LIBS) $(LIBINTL)
