#!/bin/sh
# initscript.sh: the generated SysV script starts banterd with -d and a pid
# file, reports its status, reloads it, refuses a broken config and stops
# it.  The script reads its paths from a defaults file of the test's own
# (BANTERD_DEFAULTS), so it runs the built banterd: as the current user,
# and when that is root also as "nobody" (start-stop-daemon --chuid, the
# way it runs on a real system) if nobody may run the built program.
script=$top_builddir/init/banterd
[ -f "$script" ] || { echo "FAIL: $script was not built"; exit 1; }
tmp=$(mktemp -d /tmp/banter-init.XXXXXX) || exit 1
export BANTERD_DEFAULTS="$tmp/defaults"

cleanup() {
	if [ -f "$tmp/run/banterd.pid" ]; then
		kill "$(cat "$tmp/run/banterd.pid")" 2>/dev/null
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT

fail() {
	echo "FAIL: $*"
	for f in "$tmp"/*.out; do
		[ -f "$f" ] && { echo "--- $f"; cat "$f"; }
	done
	exit 1
}

# wait_for TEST...: run TEST every 0.1 s for at most 10 s.
wait_for() {
	tries=0
	until "$@"; do
		tries=$((tries + 1))
		[ $tries -lt 100 ] || return 1
		sleep 0.1
	done
}

port=$(python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])') || fail "no free port"
connects() {
	python3 -c 'import socket, sys
socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=2).close()' "$port" 2>/dev/null
}
alive() { kill -0 "$pid" 2>/dev/null; }
dead() { ! kill -0 "$pid" 2>/dev/null; }

# run_as USER: the whole life cycle with banterd running as USER.
run_as() {
	user=$1
	echo "as $user:"
	rm -rf "$tmp/run" "$tmp"/*.out
	chmod 755 "$tmp"
	cat >"$tmp/defaults" <<-EOT
	DAEMON=$BANTERD
	CONFIG=$tmp/banterd.conf
	RUNDIR=$tmp/run
	PIDFILE=$tmp/run/banterd.pid
	BANTERD_USER=$user
	EOT
	cat >"$tmp/banterd.conf" <<-EOT
	server_name = init.test
	listen = 127.0.0.1:$port
	EOT

	sh "$script" configtest >"$tmp/configtest.out" 2>&1 || fail "configtest failed"
	sh "$script" start >"$tmp/start.out" 2>&1 || fail "start failed"
	wait_for test -s "$tmp/run/banterd.pid" || fail "no pid file after start"
	pid=$(cat "$tmp/run/banterd.pid")
	wait_for connects || fail "banterd (pid $pid) does not accept connections"
	sh "$script" status >"$tmp/status.out" 2>&1 || fail "status is not 0 while running"
	grep -q "running (pid $pid)" "$tmp/status.out" || fail "status does not name pid $pid"
	sh "$script" start >"$tmp/start2.out" 2>&1 || fail "a second start failed"
	grep -q "already running" "$tmp/start2.out" || fail "a second start did not notice banterd"

	sh "$script" reload >"$tmp/reload.out" 2>&1 || fail "reload failed"
	sleep 0.2
	alive || fail "banterd died on reload"
	connects || fail "banterd stopped listening after reload"

	echo 'no_such_key = 1' >>"$tmp/banterd.conf"
	sh "$script" configtest >"$tmp/broken.out" 2>&1 && fail "configtest passed a broken file"
	grep -q "banterd.conf:3" "$tmp/broken.out" || fail "configtest did not name file:line"
	sh "$script" reload >"$tmp/reload2.out" 2>&1 && fail "reload took a broken file"
	alive || fail "banterd died on a broken reload"

	sh "$script" stop >"$tmp/stop.out" 2>&1 || fail "stop failed"
	wait_for dead || fail "banterd (pid $pid) still runs after stop"
	[ ! -e "$tmp/run/banterd.pid" ] || fail "stop left the pid file"
	sh "$script" status >"$tmp/status2.out" 2>&1
	rc=$?
	[ $rc -eq 3 ] || fail "status after stop is $rc, not 3"
	sh "$script" start >"$tmp/start3.out" 2>&1 && fail "start ran with a broken config"
	[ ! -s "$tmp/run/banterd.pid" ] || fail "start with a broken config left a pid file"
	echo "ok as $user"
}

run_as "$(id -un)"
if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1 &&
	command -v start-stop-daemon >/dev/null 2>&1; then
	if su -s /bin/sh nobody -c "test -x '$BANTERD'" 2>/dev/null; then
		run_as nobody
	else
		echo "nobody cannot run $BANTERD (a directory above it is private): not run as nobody"
	fi
fi
echo "PASS"
