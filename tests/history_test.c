/* history_test.c: per-window input history. */
#include "config.h"

#include <stdio.h>

#include "client/history.h"
#include "tap.h"

int
main(void)
{
	struct history h;
	char line[16];
	int i;

	history_init(&h, 3);
	tap_ok(history_up(&h, "typing") == NULL, "Up with no history");
	tap_ok(history_down(&h) == NULL, "Down with no history");
	history_add(&h, "one");
	history_add(&h, "two");
	history_add(&h, "two");
	history_add(&h, "");
	history_add(&h, "three");
	tap_str(history_up(&h, "draft"), "three", "Up: the newest");
	tap_str(history_up(&h, "three"), "two", "Up: older (repeat not kept)");
	tap_str(history_up(&h, "two"), "one", "Up: the oldest");
	tap_ok(history_up(&h, "one") == NULL, "Up at the oldest stops");
	tap_str(history_down(&h), "two", "Down: newer");
	tap_str(history_down(&h), "three", "Down: newest");
	tap_str(history_down(&h), "draft", "Down: the line being typed");
	tap_ok(history_down(&h) == NULL, "Down at the draft stops");
	tap_str(history_up(&h, "draft 2"), "three", "Up again");
	tap_str(history_down(&h), "draft 2", "keeps the newer draft");

	history_add(&h, "four");
	tap_str(history_up(&h, ""), "four", "add stops browsing");
	tap_str(history_up(&h, ""), "three", "bounded: 3 entries");
	tap_str(history_up(&h, ""), "two", "the third");
	tap_ok(history_up(&h, "") == NULL, "\"one\" was dropped");
	history_reset(&h);
	tap_str(history_up(&h, "x"), "four", "reset starts from the newest");
	history_free(&h);

	history_init(&h, 0);
	for (i = 0; i < HISTORY_DEFAULT + 10; i++) {
		snprintf(line, sizeof line, "l%d", i);
		history_add(&h, line);
	}
	for (i = 0; history_up(&h, "") != NULL; i++)
		continue;
	tap_int(i, HISTORY_DEFAULT, "default bound");
	history_free(&h);
	return tap_done();
}
