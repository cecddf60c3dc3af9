/* paste_test.c: holding bracketed pastes. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "client/paste.h"
#include "tap.h"

int
main(void)
{
	struct paste p;
	const char *line;
	size_t offset = 0, len;
	char *big;

	paste_init(&p);
	tap_ok(!p.active && paste_wait_ms(&p, 0) == -1, "idle: no wait");
	paste_begin(&p, 1000);
	tap_ok(p.active, "begin");
	tap_ok(paste_add(&p, "one line", 8), "add");
	tap_ok(!paste_multiline(&p), "one line is not multi-line");
	tap_ok(paste_add(&p, "\r", 1) && !paste_multiline(&p),
	    "a final newline does not make two lines");
	tap_ok(paste_add(&p, "two\r\nthree\n\n\rfour", 17), "add more");
	tap_int(paste_lines(&p), 4, "four lines: CR, LF, CR LF, blanks skipped");
	tap_ok(paste_multiline(&p), "multi-line");
	tap_ok(paste_next_line(&p, &offset, &line, &len) && len == 8 &&
	    memcmp(line, "one line", 8) == 0, "line 1");
	tap_ok(paste_next_line(&p, &offset, &line, &len) && len == 3 &&
	    memcmp(line, "two", 3) == 0, "line 2");
	tap_ok(paste_next_line(&p, &offset, &line, &len) && len == 5 &&
	    memcmp(line, "three", 5) == 0, "line 3");
	tap_ok(paste_next_line(&p, &offset, &line, &len) && len == 4 &&
	    memcmp(line, "four", 4) == 0, "line 4");
	tap_ok(!paste_next_line(&p, &offset, &line, &len), "the end");
	tap_ok(!paste_expired(&p, 1000 + PASTE_TIMEOUT_MS - 1), "not yet");
	tap_int(paste_wait_ms(&p, 1500), PASTE_TIMEOUT_MS - 500, "wait left");
	tap_ok(paste_expired(&p, 1000 + PASTE_TIMEOUT_MS),
	    "no end marker: expires");
	tap_int(paste_wait_ms(&p, 1000 + 2 * PASTE_TIMEOUT_MS), 0,
	    "overdue: wait 0");
	paste_end(&p);
	tap_ok(!p.active && !paste_expired(&p, 1000000), "end");
	paste_clear(&p);
	tap_int(paste_lines(&p), 0, "clear");

	paste_begin(&p, 0);
	big = malloc(PASTE_MAX);
	memset(big, 'x', PASTE_MAX);
	tap_ok(paste_add(&p, big, PASTE_MAX), "PASTE_MAX fits");
	tap_ok(!paste_add(&p, "y", 1) && p.overflow && p.len == PASTE_MAX,
	    "more is dropped and said");
	free(big);
	paste_free(&p);
	return tap_done();
}
