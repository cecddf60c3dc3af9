/* complete_test.c: tab completion of nicks and commands. */
#include "config.h"

#include <locale.h>
#include <stdio.h>

#include "client/complete.h"
#include "tap.h"

static const char *const commands[] = {
	"away", "back", "clear", "close", "help", "join", "me", "msg",
	"nick", "part", "query", "quit", "quote",
};
#define NCOMMANDS	(sizeof commands / sizeof commands[0])

static struct complete c;
static struct edit e;

static bool
tab(void)
{
	return complete_tab(&c, &e, commands, NCOMMANDS);
}

static void
type(const char *text)
{
	complete_reset(&c);
	edit_set_utf8(&e, text);
}

/* complete_has() agrees with a plain search of the list, and every
 * listed nick is found, after each of many random changes (the hash set
 * must follow adds, removes, renames, evictions and casemap changes). */
static void
random_ops(void)
{
	static const char *const shapes[] = { "n", "N", "a[", "A{" };
	struct complete r;
	unsigned seed = 12345, bad = 0, i, k;
	char nick[32], other[32];

	complete_init(&r);
	for (i = 0; i < 20000 && bad == 0; i++) {
		seed = seed * 1103515245u + 12345u;
		snprintf(nick, sizeof nick, "%s%u", shapes[(seed >> 8) & 3],
		    (seed >> 12) % 300);
		snprintf(other, sizeof other, "%s%u", shapes[(seed >> 20) & 3],
		    (seed >> 22) % 300);
		switch ((seed >> 16) % 8) {
		case 0: case 1: complete_add(&r, nick); break;
		case 2: case 3: complete_touch(&r, nick); break;
		case 4: case 5: complete_remove(&r, nick); break;
		case 6: complete_rename(&r, nick, other); break;
		default:
			if ((seed >> 24) % 50 == 0)
				r.casemap = r.casemap == IRC_CASEMAP_ASCII ?
				    IRC_CASEMAP_RFC1459 : IRC_CASEMAP_ASCII;
			if ((seed >> 24) % 200 == 1)
				complete_clear(&r);
			break;
		}
		for (k = 0; k < r.count; k++)
			if (!complete_has(&r, r.nicks[k]))
				bad++;
		for (k = 0; k < 4; k++) {
			bool listed = false;

			snprintf(nick, sizeof nick, "%s%u", shapes[k],
			    (seed >> 4) % 300);
			for (size_t j = 0; j < r.count; j++)
				if (irc_casecmp(r.casemap, r.nicks[j], nick) == 0)
					listed = true;
			if (complete_has(&r, nick) != listed)
				bad++;
		}
	}
	tap_int(bad, 0, "has agrees with the list through 20000 random "
	    "changes");
	for (i = 0; i < COMPLETE_MAX + 100; i++) {
		snprintf(nick, sizeof nick, "big%u", i);
		complete_add(&r, nick);
	}
	snprintf(nick, sizeof nick, "BIG%u", COMPLETE_MAX / 2);
	tap_ok(complete_has(&r, nick), "has in a full list");
	tap_ok(!complete_has(&r, "nobody"), "has not in a full list");
	complete_free(&r);
}

int
main(void)
{
	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL) {
		printf("1..0 # SKIP no C.UTF-8 locale\n");
		return 0;
	}
	complete_init(&c);
	edit_init(&e);

	complete_add(&c, "alice");
	complete_add(&c, "albert");
	complete_add(&c, "bob");
	complete_add(&c, "Alice");		/* the same nick */
	tap_int(c.count, 3, "add ignores a nick already there");
	tap_ok(complete_has(&c, "ALICE"), "has: case folded");
	tap_ok(complete_has(&c, "bob"), "has: bob");
	tap_ok(!complete_has(&c, "bo"), "has: not a prefix");
	c.casemap = IRC_CASEMAP_ASCII;
	complete_add(&c, "x{y");
	tap_ok(!complete_has(&c, "X[Y"), "has: ascii casemapping");
	c.casemap = IRC_CASEMAP_RFC1459;
	tap_ok(complete_has(&c, "X[Y"), "has: rfc1459 casemapping");
	complete_remove(&c, "x{y");
	complete_touch(&c, "albert");		/* albert spoke last */

	type("al");
	tap_ok(tab(), "Tab at the line start");
	tap_str(edit_utf8(&e), "albert: ", "most recent speaker first, \"nick: \"");
	tap_ok(tab(), "Tab again");
	tap_str(edit_utf8(&e), "alice: ", "cycles to the next match");
	tap_ok(tab(), "Tab again");
	tap_str(edit_utf8(&e), "albert: ", "and around");

	type("hi AL");
	tap_ok(tab(), "Tab in the middle");
	tap_str(edit_utf8(&e), "hi albert ", "\"nick \" in the middle, case ignored");

	complete_touch(&c, "ALICE");
	type("hi al");
	tab();
	tap_str(edit_utf8(&e), "hi alice ", "a new speaker comes first");
	tap_str(c.nicks[0], "alice", "touch keeps the nick's spelling");

	type("hi al and more");
	e.pos = 5;
	tab();
	tap_str(edit_utf8(&e), "hi alice  and more", "completes before the cursor");
	tap_int(e.pos, 9, "cursor after the completion");

	type("zed");
	tap_ok(!tab(), "no match");
	tap_str(edit_utf8(&e), "zed", "line unchanged");
	type("hi ");
	tap_ok(!tab(), "an empty word in the middle does nothing");
	type("");
	tap_ok(tab(), "an empty line");
	tap_str(edit_utf8(&e), "alice: ", "gives the last speaker");

	type("/qu");
	tap_ok(tab(), "command");
	tap_str(edit_utf8(&e), "/query ", "first command in the list");
	tab();
	tap_str(edit_utf8(&e), "/quit ", "cycles commands");
	tab();
	tap_str(edit_utf8(&e), "/quote ", "third");
	type("/msg al");
	tab();
	tap_str(edit_utf8(&e), "/msg alice ", "nicks after a command");
	type("/xyz");
	tap_ok(!tab(), "unknown command prefix");

	complete_rename(&c, "alice", "alicia");
	type("ali");
	tab();
	tap_str(edit_utf8(&e), "alicia: ", "rename keeps the place");
	complete_remove(&c, "alicia");
	type("ali");
	tap_ok(!tab(), "removed nick is gone");
	complete_touch(&c, "\xc3\xa9mile");
	type("\xc3\xa9m");
	tab();
	tap_str(edit_utf8(&e), "\xc3\xa9mile: ", "UTF-8 nick");
	complete_rename(&c, "bob", "albert");
	tap_int(c.count, 2, "rename onto an existing nick merges");
	complete_clear(&c);
	tap_int(c.count, 0, "clear");

	{
		char nick[16];
		int i;

		for (i = 0; i < COMPLETE_MAX + 10; i++) {
			snprintf(nick, sizeof nick, "n%d", i);
			complete_touch(&c, nick);
		}
		tap_int(c.count, COMPLETE_MAX, "bounded by COMPLETE_MAX");
		snprintf(nick, sizeof nick, "n%d", COMPLETE_MAX + 9);
		tap_str(c.nicks[0], nick, "newest first");
	}
	complete_free(&c);
	edit_free(&e);
	random_ops();
	return tap_done();
}
