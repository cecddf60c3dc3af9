# tests/server.mk: banterd integration tests.
# Python scripts that start banterd on loopback (tests/ircharness.py);
# BANTER_TEST_SERVER=ngircd runs the protocol ones against ngircd.
TESTS += \
	tests/server/registration.py
EXTRA_DIST += tests/ircharness.py
