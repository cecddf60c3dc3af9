/*
 * backoff.h: how long banter waits before it reconnects.
 *
 * 1 s after the first drop, doubling up to 60 s; a link that got as far
 * as the welcome and stayed up BACKOFF_STABLE_MS starts it again at 1 s,
 * so a server restart is retried at once but a server that accepts and
 * drops is not hammered.  Pure code: the caller keeps the clock.
 */
#ifndef BANTER_BACKOFF_H
#define BANTER_BACKOFF_H

#include <stdint.h>

#define BACKOFF_MIN_MS		1000
#define BACKOFF_MAX_MS		60000
#define BACKOFF_STABLE_MS	60000

/* Zeroed, it starts at BACKOFF_MIN_MS. */
struct backoff {
	int64_t next_ms;	/* the wait after the next drop */
};

/* A link ended or an attempt failed: the wait before the next attempt.
 * up_ms is how long a registered link lasted, or -1 if it never got the
 * welcome. */
int64_t backoff_next(struct backoff *b, int64_t up_ms);

#endif
