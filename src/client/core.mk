# src/client/core.mk: the pure modules of banter (editor, scrollback,
# formatting and the sanitizer, completion, splitting, paste, the
# reconnect backoff), used by
# src/client/local.mk and by their unit tests in tests/client_core.mk.
client_core_sources = \
	src/client/backoff.c src/client/backoff.h \
	src/client/buffer.c src/client/buffer.h \
	src/client/complete.c src/client/complete.h \
	src/client/edit.c src/client/edit.h \
	src/client/format.c src/client/format.h \
	src/client/history.c src/client/history.h \
	src/client/paste.c src/client/paste.h \
	src/client/split.c src/client/split.h
