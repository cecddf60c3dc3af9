/* buffer_test.c: scrollback, wrapping, re-wrapping, search, filter. */
#include "config.h"

#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/buffer.h"
#include "tap.h"

#define HEIGHT_MAX	64

static const char *const texts[] = {
	"hello world, this is a line that needs wrapping at most widths",
	"\xe4\xb8\xad\xe6\x96\x87\xe5\xad\x97\xe7\xac\xa6\xe4\xb8\xb2\xe5"
	    "\xbe\x88\xe9\x95\xbf\xe9\x95\xbf\xe9\x95\xbf\xe9\x95\xbf",
	"emoji \xf0\x9f\x98\x80\xf0\x9f\x98\x81\xf0\x9f\x98\x82 mixed a"
	    "\xe4\xb8\xad" "b\xe6\x96\x87" "c e\xcc\x81\xcc\x81 end",
	"\x02" "bold\x02 \x03" "4,12colour\x03 \x1funder\x1f \x1d" "it\x0f"
	    " plain \x03" "04" "\xe4\xb8\xad\xe6\x96\x87\x0f" " tail",
	"averyveryverylongwordwithoutanyspacesatalltobreakanywhere",
	"  leading and   several   spaces  ",
	"",
	"x",
};

/* Check the rows of text at width: they follow each other, only a
 * space is left out between two rows, each fits, none starts inside a
 * character.  Returns a reason or NULL. */
static const char *
check_wrap(const char *text, int width)
{
	size_t len = strlen(text), start = 0, next, end, rows = 0;
	size_t cols;

	do {
		next = buffer_wrap(text, len, start, width, &end);
		if (next <= start && len > 0)
			return "no progress";
		if (end < start || end > next)
			return "row end out of order";
		if (next - end > 1 || (next - end == 1 && text[end] != ' '))
			return "dropped more than one space";
		if ((text[start] & 0xc0) == 0x80 || (next < len &&
		    (text[next] & 0xc0) == 0x80))
			return "row starts inside a character";
		cols = fmt_width(text + start, end - start);
		/* Only a lone wide character may pass a width of 1. */
		if (cols > (size_t)width && (width >= 2 || cols > 2))
			return "row too wide";
		start = next;
		if (++rows > 10000)
			return "too many rows";
	} while (start < len);
	return NULL;
}

static void
test_wrap(void)
{
	size_t i;
	int width;
	const char *why;
	size_t end;

	for (i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		why = NULL;
		for (width = 1; width <= 80 && why == NULL; width++)
			why = check_wrap(texts[i], width);
		tap_ok(why == NULL, "wrap text %zu at widths 1..80%s%s", i,
		    why ? ": " : "", why ? why : "");
	}

	tap_int(buffer_wrap("abc def", 7, 0, 4, &end), 4, "break at space");
	tap_int(end, 3, "the space is not drawn");
	tap_int(buffer_wrap("abcdef", 6, 0, 4, &end), 4, "hard break");
	tap_int(end, 4, "at the width");
	/* Two CJK (4 columns) fit width 5; the third goes down whole. */
	tap_int(buffer_wrap("\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad", 9, 0, 5,
	    &end), 6, "wide characters do not straddle");
	tap_int(buffer_wrap("\x02\x03" "04ab\x0f" "cd", 10, 0, 4, &end), 10,
	    "codes take no width");
	tap_int(buffer_wrap("ae\xcc\x81" "b", 5, 0, 2, &end), 4,
	    "a combining mark stays with its letter");
	tap_int(buffer_wrap("\xe4\xb8\xad" "a", 4, 0, 1, &end), 3,
	    "a wide character alone at width 1 still moves on");
}

static struct buffer b;

static void
push(const char *text)
{
	buffer_push(&b, 1000, 0, "someone", text, strlen(text));
}

/* The text of view row i, for comparisons. */
static const char *
row_text(const struct buffer_row *r)
{
	static char out[512];
	size_t n = r->end - r->start;

	if (n >= sizeof out)
		n = sizeof out - 1;
	memcpy(out, buffer_line_text(r->line) + r->start, n);
	out[n] = '\0';
	return out;
}

static void
test_ring(void)
{
	char text[32];
	size_t i;
	const struct buffer_line *l;

	buffer_init(&b, 100);
	for (i = 0; i < 250; i++) {
		snprintf(text, sizeof text, "line %zu", i);
		push(text);
	}
	tap_int(buffer_count(&b), 100, "the ring keeps 100 lines");
	tap_str(buffer_line_text(buffer_get(&b, 0)), "line 150",
	    "the oldest kept is line 150");
	tap_str(buffer_line_text(buffer_get(&b, 99)), "line 249",
	    "the newest is line 249");
	tap_ok(buffer_get(&b, 100) == NULL, "past the end is NULL");
	tap_int(b.seq0, 150, "sequence numbers go on");
	buffer_set_max(&b, 10);
	tap_int(buffer_count(&b), 10, "a smaller bound drops lines");
	tap_str(buffer_line_text(buffer_get(&b, 0)), "line 240",
	    "the oldest go first");
	l = buffer_push(&b, 5, LINE_HIGHLIGHT, "nick\x1b[2J", "hi\x1b]0;x\a",
	    8);
	tap_str(buffer_line_text(l), "hi^[]0;x^G", "push sanitizes the text");
	tap_str(buffer_line_nick(l), "nick^[[2J", "and the nick");
	tap_ok(l->time == 5 && l->flags == LINE_HIGHLIGHT, "time and flags");
	{
		size_t bytes = 0;

		for (i = 0; i < buffer_count(&b); i++) {
			l = buffer_get(&b, i);
			bytes += sizeof *l + strlen(buffer_line_nick(l)) + 1 +
			    strlen(buffer_line_text(l)) + 1;
		}
		tap_int(b.bytes, bytes, "bytes counts every line held");
		l = buffer_get(&b, 0);
		bytes -= sizeof *l + strlen(buffer_line_nick(l)) + 1 +
		    strlen(buffer_line_text(l)) + 1;
		tap_ok(buffer_drop_oldest(&b) && b.bytes == bytes &&
		    buffer_count(&b) == 9, "drop_oldest: one line less");
	}
	buffer_clear(&b);
	tap_int(buffer_count(&b), 0, "clear");
	tap_int(b.bytes, 0, "clear: no bytes");
	tap_ok(!buffer_drop_oldest(&b), "drop_oldest: none left");
	tap_ok(!buffer_scrolled(&b), "clear goes to the bottom");
	buffer_free(&b);

	/* The default bound, filled past it. */
	buffer_init(&b, 0);
	for (i = 0; i < BUFFER_DEFAULT + 5; i++)
		push("x");
	tap_int(buffer_count(&b), BUFFER_DEFAULT, "default bound 10000");
	buffer_free(&b);
}

static void
test_view(void)
{
	struct buffer_row rows[HEIGHT_MAX];
	size_t n, i;
	char text[64];

	buffer_init(&b, 0);
	tap_int(buffer_view(&b, 20, 5, rows), 0, "an empty view");
	push("first line");
	push("second line is long enough to wrap");
	push("\x02" "third\x02 \x03" "4red text that wraps\x0f too");
	n = buffer_view(&b, 10, 20, rows);
	tap_int(n, 1 + 4 + 4, "all rows when the pane is tall");
	tap_str(row_text(&rows[0]), "first line", "row 0");
	tap_ok(rows[0].first && rows[1].first && !rows[2].first,
	    "first rows of lines marked");
	tap_str(row_text(&rows[1]), "second", "row 1 wraps at a space");
	tap_str(row_text(&rows[2]), "line is", "row 2");
	/* The red colour carries over to the next row. */
	for (i = 0; i < n; i++)
		if (strcmp(row_text(&rows[i]), "text that") == 0)
			break;
	tap_ok(i < n && rows[i].style.fg == 4, "style carried across rows");
	n = buffer_view(&b, 10, 3, rows);
	tap_int(n, 3, "a short pane shows the bottom rows");
	tap_str(row_text(&rows[2]), "wraps\x0f too",
	    "the last row at the bottom");
	buffer_free(&b);

	/* Scrolling by rows and pages. */
	buffer_init(&b, 0);
	for (i = 0; i < 100; i++) {
		snprintf(text, sizeof text, "line %zu", i);
		push(text);
	}
	buffer_scroll(&b, 40, 10, 5);
	tap_ok(buffer_scrolled(&b), "scrolled up");
	n = buffer_view(&b, 40, 10, rows);
	tap_str(row_text(&rows[9]), "line 94", "5 rows up");
	tap_int(buffer_below(&b), 5, "5 lines below");
	buffer_scroll(&b, 40, 10, -2);
	n = buffer_view(&b, 40, 10, rows);
	tap_str(row_text(&rows[9]), "line 96", "2 rows down");
	buffer_scroll(&b, 40, 10, -100);
	tap_ok(!buffer_scrolled(&b), "down past the end follows again");
	buffer_scroll(&b, 40, 10, 1000);
	n = buffer_view(&b, 40, 10, rows);
	tap_ok(n == 10 && strcmp(row_text(&rows[0]), "line 0") == 0,
	    "up past the start stops with line 0 at the top");
	buffer_scroll(&b, 40, 10, LONG_MIN);
	tap_ok(!buffer_scrolled(&b), "scroll by LONG_MIN: the bottom");
	buffer_scroll(&b, 40, 10, LONG_MAX);
	n = buffer_view(&b, 40, 10, rows);
	tap_str(row_text(&rows[0]), "line 0", "scroll by LONG_MAX: the top");
	buffer_scroll_bottom(&b);
	buffer_scroll_top(&b, 40, 10);
	n = buffer_view(&b, 40, 10, rows);
	tap_str(row_text(&rows[0]), "line 0", "Alt-Home: line 0 at the top");
	tap_str(row_text(&rows[9]), "line 9", "and line 9 at the bottom");
	push("new line");
	n = buffer_view(&b, 40, 10, rows);
	tap_str(row_text(&rows[9]), "line 9", "scrolled up: new lines wait");
	buffer_scroll_bottom(&b);
	n = buffer_view(&b, 40, 10, rows);
	tap_str(row_text(&rows[9]), "new line", "Alt-End: back to the bottom");

	/* Eviction under a scrolled view. */
	buffer_set_max(&b, 50);
	buffer_scroll_top(&b, 40, 10);
	push("evicts one");
	n = buffer_view(&b, 40, 10, rows);
	tap_str(row_text(&rows[0]), buffer_line_text(buffer_get(&b, 0)),
	    "eviction keeps the view on the oldest line");
	buffer_free(&b);
}

/* Resize: the line at the bottom of the view stays there. */
static void
test_rewrap(void)
{
	struct buffer_row rows[HEIGHT_MAX];
	char text[160];
	size_t i, n;
	int width, bad = 0, width2;
	const struct buffer_line *want;

	buffer_init(&b, 0);
	for (i = 0; i < 300; i++) {
		snprintf(text, sizeof text, "%zu: words \xe4\xb8\xad\xe6\x96\x87"
		    " and \xf0\x9f\x98\x80 go on and on, %s", i,
		    i % 3 ? "short" : "a much longer tail that wraps a lot "
		    "more than the others do at small widths");
		push(text);
	}
	buffer_scroll(&b, 50, 20, 200);
	n = buffer_view(&b, 50, 20, rows);
	want = rows[n - 1].line;
	for (width = 10; width <= 120; width += 7) {
		n = buffer_view(&b, width, 20, rows);
		if (n != 20 || rows[n - 1].line != want)
			bad++;
	}
	tap_int(bad, 0, "resizing keeps the bottom line at many widths");
	/* Scroll at one width, resize, scroll back: the same place. */
	for (width = 10, bad = 0; width <= 80; width += 5) {
		width2 = 130 - width;
		n = buffer_view(&b, width, 15, rows);
		want = rows[n - 1].line;
		buffer_scroll(&b, width2, 15, 3);
		buffer_scroll(&b, width2, 15, -3);
		n = buffer_view(&b, width, 15, rows);
		if (rows[n - 1].line != want)
			bad++;
	}
	tap_int(bad, 0, "scroll up and down at another width comes back");
	/* Row counts are cached per width and stay right. */
	{
		struct buffer_line *l = b.lines[(b.first + 3) % b.cap];
		size_t r40 = buffer_line_rows(l, 40), r20;

		r20 = buffer_line_rows(l, 20);
		tap_ok(r20 > r40 && buffer_line_rows(l, 40) == r40 &&
		    buffer_line_rows(l, 20) == r20, "row counts per width");
	}
	buffer_free(&b);
}

static void
test_search(void)
{
	char text[32];
	size_t i, n;
	struct buffer_row rows[HEIGHT_MAX];

	buffer_init(&b, 0);
	push("the needle here");
	for (i = 0; i < 50; i++) {
		snprintf(text, sizeof text, "hay %zu", i);
		push(text);
	}
	push("another NEE\x02" "DLE, bold inside");
	for (i = 0; i < 50; i++)
		push("more hay");
	tap_ok(buffer_search(&b, "needle", false), "search finds");
	n = buffer_view(&b, 40, 5, rows);
	tap_str(buffer_line_text(rows[n - 1].line),
	    "another NEE\x02" "DLE, bold inside",
	    "the newest match, case and codes ignored, at the bottom");
	tap_ok(rows[n - 1].match, "marked as the match");
	tap_ok(buffer_search(&b, "needle", false), "same search again");
	n = buffer_view(&b, 40, 5, rows);
	tap_str(buffer_line_text(rows[n - 1].line),
	    "another NEE\x02" "DLE, bold inside", "stays on the match");
	tap_ok(buffer_search(&b, "needle", true), "Ctrl-R again: next");
	n = buffer_view(&b, 40, 5, rows);
	tap_str(buffer_line_text(rows[n - 1].line), "the needle here",
	    "the older match");
	tap_ok(!buffer_search(&b, "needle", true), "no older match");
	n = buffer_view(&b, 40, 5, rows);
	tap_str(buffer_line_text(rows[n - 1].line), "the needle here",
	    "the view stays");
	tap_ok(!buffer_search(&b, "absent", false), "no match at all");
	tap_ok(!buffer_search(&b, "", false), "empty needle");
	buffer_search_end(&b);
	tap_ok(!b.has_match, "search end forgets the match");
	buffer_free(&b);
}

static void
test_filter(void)
{
	struct buffer_row rows[HEIGHT_MAX];
	size_t n;
	const struct buffer_line *l;

	buffer_init(&b, 0);
	buffer_push(&b, 1000, 0, "talker", "<talker> hi", 11);
	l = buffer_push(&b, 1100, LINE_EVENT, "TALKER", "talker left", 11);
	tap_ok(!(l->flags & LINE_QUIET), "an event of a speaker is shown");
	l = buffer_push(&b, 1100, LINE_EVENT, "lurker", "lurker joined", 13);
	tap_ok(l->flags & LINE_QUIET, "an event of a silent nick is quiet");
	l = buffer_push(&b, 1000 + BUFFER_QUIET_SECS + 200, LINE_EVENT,
	    "talker", "talker joined", 13);
	tap_ok(l->flags & LINE_QUIET, "spoke too long ago: quiet");
	buffer_push(&b, 5000, 0, "other", "<other> end", 11);
	n = buffer_view(&b, 40, 10, rows);
	tap_int(n, 5, "filter off: all lines");
	b.filter = true;
	n = buffer_view(&b, 40, 10, rows);
	tap_int(n, 3, "filter on: quiet lines hidden");
	tap_str(row_text(&rows[1]), "talker left", "the speaker's event stays");
	buffer_scroll(&b, 40, 2, 1);
	n = buffer_view(&b, 40, 2, rows);
	tap_str(row_text(&rows[1]), "talker left", "scrolling skips hidden");
	b.filter = false;
	n = buffer_view(&b, 40, 2, rows);
	tap_str(row_text(&rows[1]), "talker left", "toggling keeps the place");
	buffer_free(&b);
}

int
main(void)
{
	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL) {
		printf("1..0 # SKIP no C.UTF-8 locale\n");
		return 0;
	}
	test_wrap();
	test_ring();
	test_view();
	test_rewrap();
	test_search();
	test_filter();
	return tap_done();
}
