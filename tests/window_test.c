/* window_test.c: the windows' bounds (window.c), with the few functions
 * of main.c, handle.c, ui.c and log.c it calls stubbed. */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buffer.h"
#include "client.h"
#include "tap.h"

struct options opts;
struct self self;

void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n, size);

	if (p == NULL)
		abort();
	return p;
}

char *
xstrdup(const char *s)
{
	char *p = strdup(s);

	if (p == NULL)
		abort();
	return p;
}

bool
handle_is_channel(const char *name)
{
	return name[0] == '#';
}

void
ui_dirty(void)
{
}

int
ui_pane_height(void)
{
	return 20;
}

int
ui_text_width(void)
{
	return 80;
}

void
log_line(const char *window, time_t when, const char *text)
{
	(void)window;
	(void)when;
	(void)text;
}

static size_t
total_bytes(void)
{
	size_t total = 0;

	for (int i = 0; i < window_count(); i++)
		total += window_buffer(window_at(i))->bytes;
	return total;
}

/* All windows together stay within the byte bound: the biggest gives
 * up its oldest lines, every window keeps its newest. */
static void
test_bytes(void)
{
	char name[16], text[400];
	const size_t max = 2 * 1024 * 1024;
	size_t over = 0;
	struct buffer *b;

	memset(text, 'x', sizeof text - 1);
	text[sizeof text - 1] = '\0';
	window_bound_bytes(max);
	for (int i = 0; i < 20000; i++) {
		snprintf(name, sizeof name, "q%d", i % 10);
		window_add(window_open(name), HEAT_CHAT, 1, "%d %s", i, text);
		if (total_bytes() > max)
			over++;
	}
	tap_int(over, 0, "all scrollback within the bound after each line");
	tap_ok(total_bytes() > max - 10 * 1024, "and close to it");
	b = window_buffer(window_find("q9"));
	tap_ok(strncmp(buffer_line_text(buffer_get(b, buffer_count(b) - 1)),
	    "19999 ", 6) == 0, "the newest line stays");
	tap_ok(buffer_count(window_buffer(window_server())) == 0,
	    "an empty window loses nothing");
	window_free_all();
}

/* At WINDOWS_MAX, window_open() says no instead of handing back some
 * other conversation's window. */
static void
test_count(void)
{
	char name[16];
	int opened = 0;

	for (int i = 0; i < WINDOWS_MAX + 50; i++) {
		snprintf(name, sizeof name, "n%d", i);
		if (window_open(name) != NULL)
			opened++;
	}
	tap_int(opened, WINDOWS_MAX - 1, "windows past the server's: "
	    "WINDOWS_MAX - 1");
	tap_int(window_count(), WINDOWS_MAX, "WINDOWS_MAX in all");
	tap_ok(window_open("n5") == window_find("n5") &&
	    window_find("n5") != NULL, "an open window is still found");
	window_free_all();
}

int
main(void)
{
	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL) {
		printf("1..0 # SKIP no C.UTF-8 locale\n");
		return 0;
	}
	opts.host = "srv";
	opts.scrollback = SCROLLBACK_DEFAULT;
	test_bytes();
	test_count();
	return tap_done();
}
