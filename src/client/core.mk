# src/client/core.mk: the pure modules of banter (editor, scrollback, format).
client_core_sources =
