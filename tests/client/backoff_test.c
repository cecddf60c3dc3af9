/* backoff_test.c: the reconnect delay of banter (issue 4: 1 s doubling
 * to 60 s, reset after a stable connection). */
#include "config.h"

#include <stdio.h>

#include "client/backoff.h"
#include "tap.h"

int
main(void)
{
	static const long long want[] = {
		1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000
	};
	struct backoff b = { 0 };

	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		tap_int(backoff_next(&b, -1), want[i], "attempt %zu", i + 1);
	tap_int(backoff_next(&b, BACKOFF_STABLE_MS - 1), 60000,
	    "a link up less than a minute does not reset it");
	tap_int(backoff_next(&b, BACKOFF_STABLE_MS), 1000,
	    "a link up a minute resets it to 1 s");
	tap_int(backoff_next(&b, -1), 2000, "then it doubles again");
	tap_int(backoff_next(&b, 5000), 4000,
	    "a short registered link goes on doubling");
	tap_int(backoff_next(&b, 3600000), 1000, "an hour-long link: 1 s");
	return tap_done();
}
