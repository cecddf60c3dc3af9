# tests/package.mk: man pages, translations, installation.
