# tests/client_core.mk: unit tests of the pure client modules.
