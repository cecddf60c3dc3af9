/*
 * auth.c: password checks with a time budget (see auth.h).  The time
 * spent in crypt(3) is a debt repaid at AUTH_SHARE_PCT percent of the
 * time that passes; a check is refused while the debt is over
 * AUTH_BURST_MS.  So at most one check's length (the hash cost the admin
 * chose) ever holds the loop up at once, and a flood of guesses costs at
 * most a tenth of the server's time.  Plain-text passwords cost nothing
 * and are always checked.
 */
#include "config.h"

#include "auth.h"
#include "server.h"

#define AUTH_SHARE_PCT	10
#define AUTH_BURST_MS	250

/* In hundredths of a millisecond, so that repaying is exact however
 * close together the checks come. */
static int64_t debt;
static int64_t repaid_at_ms;

enum auth_result
auth_check(const char *given, const char *stored)
{
	if (stored[0] != '$')
		return password_matches(given, stored) ? AUTH_OK : AUTH_BAD;
	int64_t start = clock_ms();
	debt -= (start - repaid_at_ms) * AUTH_SHARE_PCT;
	if (debt < 0)
		debt = 0;
	repaid_at_ms = start;
	if (debt > AUTH_BURST_MS * 100)
		return AUTH_BUSY;
	bool ok = password_matches(given, stored);
	debt += (clock_ms() - start) * 100;
	return ok ? AUTH_OK : AUTH_BAD;
}
