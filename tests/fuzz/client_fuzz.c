/*
 * client_fuzz.c: libFuzzer target for banter's handling of what a server
 * sends: framing and parsing (src/proto.c), the handler table
 * (src/client/handle.c), the windows and their scrollback (window.c,
 * buffer.c) and the sanitizer (format.c).  No curses: the few ui.c,
 * net.c, log.c and main.c functions those files call are stubs here; the
 * lines banter would send back are formatted as net.c does and checked
 * to be single lines.
 *
 * After the input, every window's name and every stored line is rendered
 * as ui.c would (the sanitizer, the formatting runs, wrapping): no byte
 * that could start a terminal control sequence (C0 but the formatting
 * codes, DEL, C1 in any encoding, invalid UTF-8) may come out.
 *
 * The first input byte holds flags: bit 0 echoes one of our own messages
 * through the handlers after each line, bit 1 ends with a disconnect;
 * bits 2-7 pick the chunk size the stream is framed in (1 to 64 bytes).
 */
#include "config.h"

#include <locale.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buffer.h"
#include "client.h"
#include "format.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define check(cond) do { \
	if (!(cond)) { \
		fprintf(stderr, "client_fuzz.c:%d: check failed: %s\n", \
		    __LINE__, #cond); \
		abort(); \
	} \
} while (0)

/* The stubs of main.c, net.c, ui.c and log.c. */
struct options opts;
static int64_t fake_now;

int64_t
clock_ms(void)
{
	fake_now += 3000;	/* CTCP replies: both sides of the limit */
	return fake_now;
}

void *
xmalloc(size_t size)
{
	void *p = malloc(size);

	check(p != NULL);
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n, size);

	check(p != NULL);
	return p;
}

char *
xstrdup(const char *s)
{
	char *p = strdup(s);

	check(p != NULL);
	return p;
}

/* What banter would send, formatted as net.c does: one line. */
void
net_send(const char *fmt, ...)
{
	char line[IRC_MSG_MAX + 1];
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	n = irc_vprintf(line, sizeof line, NULL, fmt, ap);
	va_end(ap);
	check(n >= 2 && line[n - 2] == '\r' && line[n - 1] == '\n');
	check(strcspn(line, "\r\n") == n - 2);
}

void
log_line(const char *window, time_t when, const char *text)
{
	(void)window;
	(void)when;
	(void)text;
}

void
ui_dirty(void)
{
}

void
ui_bell(void)
{
}

int
ui_text_width(void)
{
	return 60;
}

int
ui_pane_height(void)
{
	return 20;
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL &&
	    setlocale(LC_CTYPE, "en_US.UTF-8") == NULL) {
		fprintf(stderr, "client_fuzz: no UTF-8 locale (C.UTF-8)\n");
		exit(1);
	}
	opts.nick = "me";
	opts.user = "me";
	opts.realname = "Me Myself";
	opts.join = "#lobby";
	opts.scrollback = 100;	/* small: the rings wrap */
	return 0;
}

/* Sanitized text: valid UTF-8, no control but the formatting codes, no
 * C1 control (U+0080..U+009F), and the sanitizer leaves it unchanged. */
static void
check_clean(const char *s, size_t len)
{
	static char again[FMT_SANITIZE_MAX(2 * IRC_LINE_MAX)];

	check(irc_utf8_valid(s, len));
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];

		check(ch >= 0x20 || fmt_is_code(ch));
		check(ch != 0x7f && ch != 0x1b && ch != 0x07);
		if (ch == 0xc2 && i + 1 < len)
			check((unsigned char)s[i + 1] < 0x80 ||
			    (unsigned char)s[i + 1] > 0x9f);
	}
	if (len < 2 * IRC_LINE_MAX) {
		size_t n = fmt_sanitize(again, sizeof again, s, len);

		check(n == len && memcmp(again, s, len) == 0);
	}
}

/* A run as ui.c draws it: plain text, no formatting code. */
static void
check_runs(const char *s, size_t len)
{
	struct fmt_iter it;
	struct fmt_run run;
	size_t runs = 0;

	fmt_iter_start(&it, s, len, fmt_plain);
	while (fmt_iter_next(&it, &run)) {
		check(run.len > 0 && run.text >= s &&
		    run.text + run.len <= s + len);
		for (size_t i = 0; i < run.len; i++)
			check(!fmt_is_code((unsigned char)run.text[i]));
		check(run.style.fg >= FMT_DEFAULT &&
		    run.style.fg < FMT_COLOURS);
		check(run.style.bg >= FMT_DEFAULT &&
		    run.style.bg < FMT_COLOURS);
		check(runs++ <= len);
	}
}

/* The status line shows window names: ui.c sanitizes them. */
static void
check_name(const char *name)
{
	static char clean[FMT_SANITIZE_MAX(2 * IRC_LINE_MAX)];
	size_t len = strlen(name);
	size_t n;

	check(len < 2 * IRC_LINE_MAX);
	n = fmt_sanitize(clean, sizeof clean, name, len);
	check(n < sizeof clean);
	check_clean(clean, n);
}

static void
check_windows(void)
{
	struct buffer_row rows[20];

	for (int i = 0; i < window_count(); i++) {
		struct window *w = window_at(i);
		struct buffer *b = window_buffer(w);
		size_t count = buffer_count(b);

		check_name(window_name(w));
		for (size_t j = 0; j < count; j++) {
			const struct buffer_line *l = buffer_get(b, j);
			const char *text = buffer_line_text(l);
			const char *nick = buffer_line_nick(l);

			check(strlen(text) == l->text_len);
			check_clean(nick, strlen(nick));
			check_clean(text, l->text_len);
			check_runs(text, l->text_len);
		}
		size_t n = buffer_view(b, 1 + (int)(count % 60), 20, rows);
		check(n <= 20);
		for (size_t j = 0; j < n; j++)
			check(rows[j].start <= rows[j].end &&
			    rows[j].end <= rows[j].line->text_len);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char buf[IRC_LINE_MAX + 64];
	struct irc_framer framer;
	size_t have = 0, chunk;
	unsigned flags;

	if (size < 1)
		return 0;
	flags = data[0];
	chunk = 1 + (flags >> 2);
	data++;
	size--;
	memset(&self, 0, sizeof self);
	memset(&framer, 0, sizeof framer);
	handle_connected();
	while (size > 0 || have > 0) {
		size_t k = size < chunk ? size : chunk;
		char *line;
		size_t used, len;
		enum irc_frame_result r;

		if (k > sizeof buf - have)
			k = sizeof buf - have;
		memcpy(buf + have, data, k);
		have += k;
		data += k;
		size -= k;
		r = irc_frame(&framer, buf, have, &used, &line, &len);
		check(used <= have);
		if (r == IRC_FRAME_LINE) {
			handle_line(line, len);
			if (flags & 1)
				handle_echo("PRIVMSG", window_name(
				    window_current()), "me too \x02!\x02");
		}
		memmove(buf, buf + used, have - used);
		have -= used;
		if (r == IRC_FRAME_MORE && size == 0)
			break;
		check(k > 0 || used > 0);	/* progress */
	}
	if (flags & 2)
		handle_disconnected();
	check_windows();
	window_free_all();
	return 0;
}
