/* backoff.c: the reconnect delay, doubling and reset (backoff.h). */
#include "config.h"

#include "client/backoff.h"

int64_t
backoff_next(struct backoff *b, int64_t up_ms)
{
	int64_t wait;

	if (up_ms >= BACKOFF_STABLE_MS || b->next_ms < BACKOFF_MIN_MS)
		b->next_ms = BACKOFF_MIN_MS;
	wait = b->next_ms;
	b->next_ms = wait * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : wait * 2;
	return wait;
}
