# src/client/local.mk: banter.
bin_PROGRAMS += src/banter
src_banter_SOURCES = src/client/main.c
src_banter_CPPFLAGS = $(AM_CPPFLAGS) $(NCURSES_CFLAGS)
src_banter_LDADD = src/libproto.a $(NCURSES_LIBS) $(LIBINTL)
