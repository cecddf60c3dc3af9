# tests/server.mk: banterd integration tests.
