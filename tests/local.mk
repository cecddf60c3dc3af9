# tests/local.mk: every test; each area includes its own list.
include tests/proto.mk
include tests/server.mk
include tests/client_core.mk
include tests/client.mk
include tests/package.mk
include tests/hostile.mk
include tests/fuzz.mk
include tests/interop.mk
include tests/valgrind.mk

# The catalogs translate every message of the current sources (kept here,
# not in tests/package.mk, to stay within the packaging review's files).
TESTS += tests/package/pocomplete.sh
