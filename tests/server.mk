# tests/server.mk: banterd integration tests.
# Python scripts that start banterd on loopback (tests/ircharness.py);
# BANTER_TEST_SERVER=ngircd runs the protocol ones against ngircd.
TESTS += \
	tests/server/registration.py \
	tests/server/channels.py \
	tests/server/messages.py \
	tests/server/queries.py \
	tests/server/modes.py \
	tests/server/oper.py \
	tests/server/errors.py \
	tests/server/abuse.py \
	tests/server/limits.py \
	tests/server/timeouts.py \
	tests/server/eof.py \
	tests/server/server_info.py \
	tests/server/listing.py \
	tests/server/names_paged.py \
	tests/server/config.py \
	tests/server/signals.py \
	tests/server/systemd.py \
	tests/server/interop_ii.py \
	tests/server/interop_irssi.py
EXTRA_DIST += tests/ircharness.py
# -d and --pidfile: relative paths, stdio, syslog.
TESTS += tests/server/daemon.py
