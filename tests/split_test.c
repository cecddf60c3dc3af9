/* split_test.c: splitting outgoing lines into messages. */
#include "config.h"

#include <string.h>

#include "client/split.h"
#include "proto.h"
#include "tap.h"

/* Split text at budget and check every piece. */
static const char *
check(const char *text, size_t budget, size_t *pieces)
{
	struct split sp;
	const char *piece, *expect = text;
	size_t len = strlen(text), n;

	*pieces = 0;
	split_start(&sp, text, len, budget);
	while (split_next(&sp, &piece, &n)) {
		(*pieces)++;
		if (n > budget)
			return "over the budget";
		if (n == 0)
			return "empty piece";
		if (!irc_utf8_valid(piece, n))
			return "cut inside a character";
		if (piece != expect)
			return "lost bytes";
		expect = piece + n;
		/* A dropped space only. */
		if (expect < text + len && expect == sp.s - 1 && *expect != ' ')
			return "dropped a non-space";
		expect = sp.s;
	}
	if (sp.len != 0)
		return "stopped early";
	return NULL;
}

int
main(void)
{
	static const char *const texts[] = {
		"hello world this is a long line of words to split",
		"\xe4\xb8\xad\xe6\x96\x87\xe5\xad\x97\xe7\xac\xa6\xe4\xb8\xb2"
		    "\xe4\xb8\xad\xe6\x96\x87\xe5\xad\x97\xe7\xac\xa6\xe4\xb8\xb2",
		"\xf0\x9f\x98\x80\xf0\x9f\x98\x81\xf0\x9f\x98\x82\xf0\x9f\x98"
		    "\x83 x\xf0\x9f\x98\x84\xf0\x9f\x98\x85",
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
		"a \xc3\xa9 b \xc3\xa9\xc3\xa9\xc3\xa9 c",
	};
	struct split sp;
	const char *piece, *why;
	size_t i, budget, n, pieces;
	char big[2000];
	bool ok;

	for (i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		for (budget = 4, ok = true, why = NULL; budget <= 60; budget++)
			if ((why = check(texts[i], budget, &pieces)) != NULL) {
				ok = false;
				break;
			}
		tap_ok(ok, "text %zu at budgets 4..60%s%s", i,
		    why ? ": " : "", why ? why : "");
	}
	split_start(&sp, "short", 5, 100);
	tap_ok(split_next(&sp, &piece, &n) && n == 5, "a short line is one");
	tap_ok(!split_next(&sp, &piece, &n), "and only one");
	split_start(&sp, "", 0, 100);
	tap_ok(!split_next(&sp, &piece, &n), "nothing to send");
	split_start(&sp, "hello world", 11, 8);
	tap_ok(split_next(&sp, &piece, &n) && n == 5, "cut at the space");
	tap_ok(split_next(&sp, &piece, &n) && n == 5 &&
	    memcmp(piece, "world", 5) == 0, "the space is dropped");
	split_start(&sp, "\xf0\x9f\x98\x80", 4, 3);
	tap_ok(!split_next(&sp, &piece, &n) && sp.len == 4,
	    "a character over the budget is refused, not cut");

	memset(big, 'x', sizeof big);
	for (i = 0; i + 4 <= sizeof big; i += 7)
		memcpy(big + i, "\xe4\xb8\xad ", 4);
	big[sizeof big - 1] = '\0';
	budget = split_budget("nick", "user", "host.example", "PRIVMSG",
	    "#chan");
	tap_int(budget, IRC_BODY_MAX - strlen(":nick!user@host.example "
	    "PRIVMSG #chan :"), "budget from the prefix");
	tap_ok(check(big, budget, &pieces) == NULL && pieces >= 4,
	    "a 2000 byte line at a real budget");
	tap_int(split_budget("n", NULL, NULL, "PRIVMSG", "#c"),
	    IRC_BODY_MAX - (1 + 1 + 1 + 10 + 1 + 63 + 1 + 7 + 1 + 2 + 2),
	    "unknown user and host: the longest");
	{
		char target[600];

		memset(target, 'c', sizeof target - 1);
		target[sizeof target - 1] = '\0';
		tap_int(split_budget("n", "u", "h", "PRIVMSG", target), 0,
		    "nothing fits");
	}
	return tap_done();
}
