# tests/hostile.mk: hostile clients against banterd and a hostile server
# against banter (issue 6).  Each script starts its own programs on
# loopback; tests/hostile/hostilelib.py holds what they share.
TESTS += \
	tests/hostile/idle_conns.py \
	tests/hostile/bad_input.py \
	tests/hostile/floods.py \
	tests/hostile/resets.py \
	tests/hostile/fd_exhaust.py \
	tests/hostile/churn.py \
	tests/hostile/evil_controls.py \
	tests/hostile/evil_behaviour.py \
	tests/hostile/evil_nickloop.py \
	tests/hostile/evil_bells.py \
	tests/hostile/evil_ctcp.py \
	tests/hostile/evil_windows.py \
	tests/hostile/evil_malformed.py
EXTRA_DIST += \
	tests/hostile/hostilelib.py \
	tests/hostile/evilirc.py
# Bidi controls and invisible characters in every kind of remote text.
TESTS += tests/hostile/evil_bidi.py
