/* proto_frame_test.c: irc_frame, bytes in and lines out, with hostile
 * streams: bare LF, no newline at all, lines at and past the limit, every
 * split of a stream, a full buffer. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "proto.h"
#include "tap.h"

/*
 * A connection as the programs keep one: a buffer of IRC_LINE_MAX bytes
 * that is filled from the stream, handed to irc_frame until it wants more,
 * and shifted.  What comes out is written to a log as text: "L<line>\n"
 * for a line (bytes escaped), "O\n" for an overlong report, "STUCK\n" if
 * a full buffer made no progress.
 */
struct conn {
	struct irc_framer f;
	char buf[IRC_LINE_MAX];
	size_t len;
	char log[1 << 16];
	size_t log_len;
};

static void
log_add(struct conn *c, const char *s, size_t n)
{
	if (n > sizeof c->log - c->log_len)
		n = sizeof c->log - c->log_len;
	memcpy(c->log + c->log_len, s, n);
	c->log_len += n;
}

static void
log_line(struct conn *c, const char *line, size_t n)
{
	char hex[5];
	size_t i;

	log_add(c, "L", 1);
	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)line[i];

		if (ch >= 0x20 && ch < 0x7f && ch != '\\')
			log_add(c, line + i, 1);
		else {
			snprintf(hex, sizeof hex, "\\x%02x", ch);
			log_add(c, hex, 4);
		}
	}
	log_add(c, "\n", 1);
}

/* Frame everything the buffer holds; bounded by the buffer size. */
static void
conn_drain(struct conn *c)
{
	enum irc_frame_result r;
	size_t used, line_len, turns;
	char *line;

	for (turns = 0; turns <= sizeof c->buf; turns++) {
		r = irc_frame(&c->f, c->buf, c->len, &used, &line, &line_len);
		if (used > c->len) {
			log_add(c, "BADUSED\n", 8);
			used = c->len;
		}
		if (r == IRC_FRAME_LINE) {
			if (line[line_len] != '\0')
				log_add(c, "NOTNUL\n", 7);
			log_line(c, line, line_len);
		} else if (r == IRC_FRAME_OVERLONG)
			log_add(c, "O\n", 2);
		memmove(c->buf, c->buf + used, c->len - used);
		c->len -= used;
		if (r == IRC_FRAME_MORE)
			break;
	}
	if (c->len == sizeof c->buf)
		log_add(c, "STUCK\n", 6);
}

static void
conn_feed(struct conn *c, const char *data, size_t n)
{
	while (n > 0) {
		size_t room = sizeof c->buf - c->len;
		size_t k = n < room ? n : room;

		if (k == 0)
			break;	/* STUCK was logged */
		memcpy(c->buf + c->len, data, k);
		c->len += k;
		data += k;
		n -= k;
		conn_drain(c);
	}
}

static struct conn conn_a, conn_b;

static void
conn_reset(struct conn *c)
{
	memset(c, 0, sizeof *c);
}

/* The log of feeding s whole, as a NUL-terminated string in conn_a. */
static const char *
frame_all(const char *s, size_t n)
{
	conn_reset(&conn_a);
	conn_feed(&conn_a, s, n);
	log_add(&conn_a, "", 1);
	conn_a.log[sizeof conn_a.log - 1] = '\0';
	return conn_a.log;
}

/* A line of n copies of c, then the ending. */
static size_t
make_line(char *dst, const char *head, char c, size_t n, const char *end)
{
	size_t h = strlen(head), e = strlen(end);

	memcpy(dst, head, h);
	memset(dst + h, c, n - h);
	memcpy(dst + n, end, e);
	dst[n + e] = '\0';
	return n + e;
}

static void
test_simple(void)
{
	struct irc_framer f = { false };
	char buf[64], *line;
	size_t used, len;
	enum irc_frame_result r;

	strcpy(buf, "PING a\r\nPING b\n");
	r = irc_frame(&f, buf, 15, &used, &line, &len);
	tap_int(r, IRC_FRAME_LINE, "CRLF line found");
	tap_str(line, "PING a", "CRLF removed, NUL-terminated");
	tap_int(len, 6, "line length without CRLF");
	tap_int(used, 8, "used runs past the LF");
	tap_ok(line == buf, "the line points into the buffer");
	r = irc_frame(&f, buf + 8, 7, &used, &line, &len);
	tap_int(r, IRC_FRAME_LINE, "LF-only line found");
	tap_str(line, "PING b", "LF removed");
	tap_int(used, 7, "used counts the LF");

	strcpy(buf, "PING a");
	r = irc_frame(&f, buf, 6, &used, &line, &len);
	tap_int(r, IRC_FRAME_MORE, "no CR or LF: more");
	tap_int(used, 0, "an incomplete line is kept");
	tap_ok(line == NULL && len == 0, "no line handed out");
	r = irc_frame(&f, buf, 0, &used, &line, &len);
	tap_int(r, IRC_FRAME_MORE, "empty buffer: more");
	tap_int(used, 0, "empty buffer: nothing used");

	strcpy(buf, "PING a\r");
	r = irc_frame(&f, buf, 7, &used, &line, &len);
	tap_int(r, IRC_FRAME_MORE, "CR without LF: more (LF ends a line)");
	tap_int(used, 0, "CR without LF: kept");

	strcpy(buf, "\r\n\n\r\nPING c\r\n");
	r = irc_frame(&f, buf, 13, &used, &line, &len);
	tap_int(r, IRC_FRAME_LINE, "empty lines skipped");
	tap_str(line, "PING c", "line after empty lines");
	tap_int(used, 13, "empty lines used up too");

	strcpy(buf, "\r\n\n");
	r = irc_frame(&f, buf, 3, &used, &line, &len);
	tap_int(r, IRC_FRAME_MORE, "only empty lines: more");
	tap_int(used, 3, "only empty lines: all used");
}

static void
test_cr_and_nul(void)
{
	tap_str(frame_all("a\rb\r\n", 5), "La\\x0db\n",
	    "a CR inside the line stays");
	tap_str(frame_all("PING\r\r\n", 7), "LPING\\x0d\n",
	    "only one CR before LF is removed");
	tap_str(frame_all("PING \0x\r\n", 9), "LPING \\x00x\n",
	    "a NUL byte is framed (irc_parse refuses it)");
	tap_str(frame_all("\xff\xfe\r\n", 4), "L\\xff\\xfe\n",
	    "invalid UTF-8 is framed as bytes");
	tap_str(frame_all(" \r\n", 3), "L \n",
	    "a line of a space is handed out (irc_parse says empty)");
}

/* Body lengths around the limit, with CR LF and with LF alone. */
static void
test_lengths(void)
{
	static char line[IRC_LINE_MAX + 64], want[IRC_LINE_MAX + 64];
	static const size_t lengths[] = { 509, 510, 511, 512, 513 };
	static const char *const ends[] = { "\r\n", "\n" };
	size_t i, j, n;

	for (j = 0; j < 2; j++) {
		for (i = 0; i < sizeof lengths / sizeof lengths[0]; i++) {
			size_t body = lengths[i];

			n = make_line(line, "PRIVMSG #a :", 'x', body, ends[j]);
			memcpy(line + n, "PING ok\r\n", 10);
			if (body <= IRC_BODY_MAX) {
				make_line(want, "LPRIVMSG #a :", 'x', body + 1,
				    "\nLPING ok\n");
			} else
				strcpy(want, "O\nLPING ok\n");
			tap_str(frame_all(line, n + 9), want,
			    "body of %zu bytes ending in %s, then a good line",
			    body, j == 0 ? "CR LF" : "LF");
		}
	}

	/* Whole lines of exactly 510..513 bytes, endings included. */
	for (j = 0; j < 2; j++) {
		for (n = 510; n <= 513; n++) {
			size_t body = n - strlen(ends[j]);

			make_line(line, "PING :", 'y', body, ends[j]);
			if (body <= IRC_BODY_MAX)
				make_line(want, "LPING :", 'y', body + 1, "\n");
			else
				strcpy(want, "O\n");
			tap_str(frame_all(line, n), want,
			    "a line of %zu bytes with %s: %s", n,
			    j == 0 ? "CR LF" : "LF",
			    body <= IRC_BODY_MAX ? "passes" : "overlong");
		}
	}
}

/* The tags part may take IRC_TAGS_MAX bytes ('@' and space included). */
static void
test_tags_length(void)
{
	static char line[IRC_LINE_MAX + 64];
	size_t n;
	const char *log;

	n = make_line(line, "@a=", 'v', IRC_TAGS_MAX - 1, " ");
	n += make_line(line + n, "PRIVMSG #a :", 'x', IRC_BODY_MAX, "\r\n");
	tap_int(n, IRC_LINE_MAX, "the longest line is IRC_LINE_MAX bytes");
	log = frame_all(line, n);
	tap_ok(log[0] == 'L' && strlen(log) == IRC_LINE_MAX - 2 + 2,
	    "a line of IRC_LINE_MAX bytes (full tags, full body) passes");

	n = make_line(line, "@a=", 'v', IRC_TAGS_MAX, " ");
	n += make_line(line + n, "PING :", 'x', 10, "\r\n");
	tap_str(frame_all(line, n), "O\n", "tags of IRC_TAGS_MAX + 1: overlong");

	n = make_line(line, "@a=", 'v', 100, " ");
	n += make_line(line + n, "PING :", 'x', IRC_BODY_MAX + 1, "\r\n");
	tap_str(frame_all(line, n), "O\n", "short tags, body of 511: overlong");

	n = make_line(line, "@a=", 'v', 100, "\r\n");
	tap_ok(frame_all(line, n)[0] == 'L',
	    "a line of tags alone is framed (irc_parse says no command)");
}

/* Overlong lines, seen before and after their LF, and what follows. */
static void
test_overlong(void)
{
	static char big[20000];
	const char *tail = "yyy\r\nPING ok\r\n";

	memset(big, 'x', sizeof big);
	conn_reset(&conn_a);
	conn_feed(&conn_a, big, 600);
	log_add(&conn_a, "", 1);
	tap_str(conn_a.log, "O\n", "600 bytes without LF: reported at once");
	tap_int(conn_a.len, 0, "and dropped from the buffer");
	conn_a.log_len = 0;
	conn_feed(&conn_a, big, sizeof big);
	log_add(&conn_a, "", 1);
	tap_str(conn_a.log, "", "more of it: dropped, not reported again");
	conn_a.log_len = 0;
	conn_feed(&conn_a, tail, strlen(tail));
	log_add(&conn_a, "", 1);
	tap_str(conn_a.log, "LPING ok\n",
	    "its end dropped, the next line comes out");

	memcpy(big + 700, "\r\nPING ok\r\n", 11);
	tap_str(frame_all(big, 711), "O\nLPING ok\n",
	    "overlong with its CR LF in the same buffer, then a good line");
	memcpy(big + 700, "\nPING ok\n", 9);
	tap_str(frame_all(big, 709), "O\nLPING ok\n",
	    "overlong with LF in the same buffer, then a good line");

	/* Partial lines just under the limit are not judged too early. */
	memset(big, 'x', sizeof big);
	big[IRC_BODY_MAX] = '\r';
	conn_reset(&conn_a);
	conn_feed(&conn_a, big, IRC_BODY_MAX + 1);
	tap_int(conn_a.log_len, 0, "510 bytes and a CR without LF: wait");
	conn_feed(&conn_a, "\n", 1);
	tap_ok(conn_a.log_len == IRC_BODY_MAX + 2 && conn_a.log[0] == 'L',
	    "then the LF: a line of 510 bytes");

	memset(big, 'x', sizeof big);
	conn_reset(&conn_a);
	conn_feed(&conn_a, big, IRC_BODY_MAX + 1);
	tap_int(conn_a.log_len, 0, "511 bytes without LF: wait");
	conn_feed(&conn_a, "x", 1);
	log_add(&conn_a, "", 1);
	tap_str(conn_a.log, "O\n", "512 bytes without LF: overlong");
}

/* Whatever the stream, a buffer of IRC_LINE_MAX bytes never sticks. */
static void
test_progress(void)
{
	static char big[3 * IRC_LINE_MAX];
	size_t n;

	/* Worst case: a tags part at its limit, then body, no LF. */
	n = make_line(big, "@", 't', IRC_TAGS_MAX - 1, " ");
	memset(big + n, 'b', sizeof big - n);
	conn_reset(&conn_a);
	conn_feed(&conn_a, big, sizeof big);
	conn_feed(&conn_a, "\r\nPING ok\r\n", 11);
	log_add(&conn_a, "", 1);
	tap_str(conn_a.log, "O\nLPING ok\n",
	    "full tags and endless body: one report, then the next line");

	memset(big, '@', sizeof big);
	conn_reset(&conn_a);
	conn_feed(&conn_a, big, sizeof big);
	conn_feed(&conn_a, "\nPING ok\n", 9);
	log_add(&conn_a, "", 1);
	tap_str(conn_a.log, "O\nLPING ok\n",
	    "endless tags without a space: one report, then the next line");
}

static void
test_many_lines(void)
{
	static char stream[100 * 32], want[100 * 32];
	size_t n = 0, w = 0;
	int i;

	for (i = 0; i < 100; i++) {
		n += (size_t)sprintf(stream + n, "PRIVMSG #c :%d\r\n", i);
		w += (size_t)sprintf(want + w, "LPRIVMSG #c :%d\n", i);
	}
	tap_str(frame_all(stream, n), want, "100 lines in one buffer, in order");
}

/*
 * One stream of several messages: fed whole, split in two at every byte,
 * and in chunks of every size, the same lines must come out.
 */
static void
test_splits(void)
{
	static char stream[2048];
	static char want[1 << 16];
	size_t n = 0, i, k;
	int bad_split = -1, bad_chunk = -1;

	n += (size_t)sprintf(stream + n, "@time=1;x :n!u@h PRIVMSG #a :hi there\r\n");
	n += (size_t)sprintf(stream + n, "\r\nPING :tok\n");
	memset(stream + n, 'z', 530);
	n += 530;
	n += (size_t)sprintf(stream + n, "\r\n:srv 001 me :Welcome\r\n\n");
	memset(stream + n, 'w', 515);
	n += 515;
	n += (size_t)sprintf(stream + n, "\n:a JOIN #b\r\nQUIT\r\n");

	strcpy(want, frame_all(stream, n));
	tap_str(want, "L@time=1;x :n!u@h PRIVMSG #a :hi there\nLPING :tok\n"
	    "O\nL:srv 001 me :Welcome\nO\nL:a JOIN #b\nLQUIT\n",
	    "the stream fed whole");
	for (i = 0; i <= n && bad_split < 0; i++) {
		conn_reset(&conn_b);
		conn_feed(&conn_b, stream, i);
		conn_feed(&conn_b, stream + i, n - i);
		log_add(&conn_b, "", 1);
		if (strcmp(conn_b.log, want) != 0)
			bad_split = (int)i;
	}
	tap_int(bad_split, -1, "split in two at each of %zu positions", n + 1);
	for (k = 1; k <= n && bad_chunk < 0; k++) {
		conn_reset(&conn_b);
		for (i = 0; i < n; i += k)
			conn_feed(&conn_b, stream + i, n - i < k ? n - i : k);
		log_add(&conn_b, "", 1);
		if (strcmp(conn_b.log, want) != 0)
			bad_chunk = (int)k;
	}
	tap_int(bad_chunk, -1, "fed in chunks of every size from 1 to %zu", n);
}

int
main(void)
{
	/* A hang fails the test instead of stalling the suite. */
	alarm(60);
	test_simple();
	test_cr_and_nul();
	test_lengths();
	test_tags_length();
	test_overlong();
	test_progress();
	test_many_lines();
	test_splits();
	return tap_done();
}
