/* proto_format_test.c: irc_format and irc_printf never emit a broken
 * line: no CR, LF or NUL inside, CR LF at the end, never over the limit,
 * cut at a UTF-8 boundary, and they say when they cut. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "proto.h"
#include "tap.h"

static char out[IRC_LINE_MAX + 64];
static bool cut;

/* A message from its parts; params end at NULL. */
static struct irc_msg
msg(const char *prefix, const char *command, ...)
{
	struct irc_msg mm;
	va_list ap;
	char *p;

	memset(&mm, 0, sizeof mm);
	mm.prefix = (char *)prefix;
	mm.command = (char *)command;
	va_start(ap, command);
	while ((p = va_arg(ap, char *)) != NULL && mm.nparams < IRC_PARAMS_MAX)
		mm.params[mm.nparams++] = p;
	va_end(ap);
	return mm;
}

/* Whether out[0..n) is one well-formed line: CR LF only at its end, no
 * NUL inside, a NUL after it, the body within max bytes. */
static bool
line_ok(size_t n, size_t max)
{
	return n >= 2 && n - 2 <= max && out[n - 2] == '\r' &&
	    out[n - 1] == '\n' && out[n] == '\0' &&
	    strcspn(out, "\r\n") == n - 2;
}

static void
test_basic(void)
{
	struct irc_msg m;
	size_t n;

	m = msg(NULL, "PRIVMSG", "#a", "hello", NULL);
	n = irc_format(out, sizeof out, &m, &cut);
	tap_str(out, "PRIVMSG #a hello\r\n", "plain params");
	tap_int(n, 18, "length without the NUL");
	tap_ok(!cut, "not truncated");

	m = msg("srv", "001", "me", "Welcome to IRC", NULL);
	irc_format(out, sizeof out, &m, &cut);
	tap_str(out, ":srv 001 me :Welcome to IRC\r\n", "prefix and trailing");

	m = msg(NULL, "PING", NULL);
	irc_format(out, sizeof out, &m, &cut);
	tap_str(out, "PING\r\n", "no params");

	m = msg(NULL, "TOPIC", "#a", "", NULL);
	irc_format(out, sizeof out, &m, &cut);
	tap_str(out, "TOPIC #a :\r\n", "empty last param gets ':'");
	m = msg(NULL, "PRIVMSG", "#a", ":-)", NULL);
	irc_format(out, sizeof out, &m, &cut);
	tap_str(out, "PRIVMSG #a ::-)\r\n", "leading ':' gets ':'");
	m = msg(NULL, "PRIVMSG", "#a", "hi", NULL);
	m.trailing = true;
	irc_format(out, sizeof out, &m, &cut);
	tap_str(out, "PRIVMSG #a :hi\r\n", "trailing flag gets ':'");

	m = msg(NULL, "JOIN", "#a", NULL);
	m.nick = "n";
	m.user = "u";
	m.host = "h";
	irc_format(out, sizeof out, &m, NULL);
	tap_str(out, ":n!u@h JOIN #a\r\n", "prefix from nick, user, host");
	m.user = NULL;
	irc_format(out, sizeof out, &m, NULL);
	tap_str(out, ":n@h JOIN #a\r\n", "nick@host");
	m.host = NULL;
	irc_format(out, sizeof out, &m, NULL);
	tap_str(out, ":n JOIN #a\r\n", "nick alone");
	m.prefix = "whole!prefix@x";
	irc_format(out, sizeof out, &m, NULL);
	tap_str(out, ":whole!prefix@x JOIN #a\r\n", "a whole prefix wins");

	m = msg(NULL, "TAGMSG", "#a", NULL);
	m.tags = "+typing=active;msgid=1";
	irc_format(out, sizeof out, &m, NULL);
	tap_str(out, "@+typing=active;msgid=1 TAGMSG #a\r\n", "tags");
	m.tags = "";
	irc_format(out, sizeof out, &m, NULL);
	tap_str(out, "TAGMSG #a\r\n", "empty tags are no tags");
}

static void
test_invalid(void)
{
	struct irc_msg m;

	m = msg(NULL, "PRIVMSG", "#a b", "x", NULL);
	tap_int(irc_format(out, sizeof out, &m, &cut), 0,
	    "a middle param with a space is refused");
	tap_str(out, "", "and buf is left empty");
	m = msg(NULL, "PRIVMSG", "", "x", NULL);
	tap_int(irc_format(out, sizeof out, &m, &cut), 0, "empty middle");
	m = msg(NULL, "PRIVMSG", ":a", "x", NULL);
	tap_int(irc_format(out, sizeof out, &m, &cut), 0, "middle with ':'");
	m = msg(NULL, "PRIVMSG", "#a\r\nQUIT", "x", NULL);
	tap_int(irc_format(out, sizeof out, &m, &cut), 0, "middle with CR LF");
	m = msg(NULL, "PRIV MSG", NULL);
	tap_int(irc_format(out, sizeof out, &m, &cut), 0, "command with space");
	m = msg(NULL, "", NULL);
	tap_int(irc_format(out, sizeof out, &m, &cut), 0, "empty command");
	m = msg(NULL, "12", NULL);
	tap_int(irc_format(out, sizeof out, &m, &cut), 0, "two-digit command");
	m = msg(NULL, NULL, NULL);
	tap_int(irc_format(out, sizeof out, &m, &cut), 0, "no command");
	m = msg("a b", "PING", NULL);
	tap_int(irc_format(out, sizeof out, &m, &cut), 0, "prefix with space");
	m = msg("", "PING", NULL);
	tap_int(irc_format(out, sizeof out, &m, &cut), 0, "empty prefix");
	m = msg(NULL, "PING", NULL);
	m.nick = "n\r\n";
	tap_int(irc_format(out, sizeof out, &m, &cut), 0, "nick with CR LF");
	m = msg(NULL, "PING", NULL);
	m.tags = "a=b c";
	tap_int(irc_format(out, sizeof out, &m, &cut), 0, "tags with space");
	m = msg(NULL, "PING", "x", NULL);
	m.nparams = IRC_PARAMS_MAX + 1;
	tap_int(irc_format(out, sizeof out, &m, &cut), 0, "16 params");
	m.nparams = -1;
	tap_int(irc_format(out, sizeof out, &m, &cut), 0, "negative nparams");
	m = msg(NULL, "PING", "x", NULL);
	m.nparams = 2;
	tap_int(irc_format(out, sizeof out, &m, &cut), 0, "a NULL param");
	m = msg(NULL, "PING", NULL);
	tap_int(irc_format(out, 2, &m, &cut), 0, "no room for CR LF NUL");
	tap_int(irc_format(out, 6, &m, &cut), 0, "no room for the command");
	tap_int(irc_format(out, 7, &m, &cut), 6, "exactly enough room");
	tap_str(out, "PING\r\n", "and the line is whole");
}

static void
test_clean(void)
{
	struct irc_msg m;
	size_t n;

	m = msg(NULL, "PRIVMSG", "#a", "x\r\nQUIT :bye", NULL);
	n = irc_format(out, sizeof out, &m, &cut);
	tap_str(out, "PRIVMSG #a :x  QUIT :bye\r\n",
	    "CR and LF in the last param become spaces");
	tap_ok(line_ok(n, IRC_BODY_MAX), "one line");
	m = msg(NULL, "PRIVMSG", "#a", "\n", NULL);
	irc_format(out, sizeof out, &m, &cut);
	tap_str(out, "PRIVMSG #a : \r\n", "a lone LF gets ':' and a space");
}

/* The body is 510 bytes at most; the last param is cut to fit. */
static void
test_limit(void)
{
	static char text[IRC_LINE_MAX];
	struct irc_msg m;
	size_t n, head = strlen("PRIVMSG #a :");

	memset(text, 'x', sizeof text - 1);
	text[IRC_BODY_MAX - head] = '\0';
	m = msg(NULL, "PRIVMSG", "#a", text, NULL);
	m.trailing = true;
	n = irc_format(out, sizeof out, &m, &cut);
	tap_int(n, IRC_MSG_MAX, "a body of exactly 510 bytes");
	tap_ok(!cut, "is not truncated");
	tap_ok(line_ok(n, IRC_BODY_MAX), "and is one line");

	text[IRC_BODY_MAX - head] = 'x';
	text[IRC_BODY_MAX - head + 1] = '\0';
	n = irc_format(out, sizeof out, &m, &cut);
	tap_int(n, IRC_MSG_MAX, "511 bytes are cut to 510");
	tap_ok(cut, "and truncated is set");
	tap_ok(line_ok(n, IRC_BODY_MAX), "one line");

	text[IRC_BODY_MAX - head + 1] = 'x';
	m.trailing = false;
	n = irc_format(out, sizeof out, &m, &cut);
	tap_int(n, IRC_MSG_MAX, "a long middle-style last param is cut");
	tap_ok(cut && line_ok(n, IRC_BODY_MAX), "with ':' and one line");
	tap_ok(strncmp(out, "PRIVMSG #a :xxx", 15) == 0, "':' added");

	/* Without ':' a last param of 499 bytes fits. */
	text[IRC_BODY_MAX - head + 1] = '\0';
	n = irc_format(out, sizeof out, &m, &cut);
	tap_ok(n == IRC_MSG_MAX && !cut, "499 bytes fit without ':'");

	/* The fixed part alone over the limit. */
	text[IRC_BODY_MAX - head + 1] = 'x';
	text[600] = '\0';
	m = msg(NULL, "PRIVMSG", text, "x", NULL);
	tap_int(irc_format(out, sizeof out, &m, &cut), 0,
	    "middle params over the limit: refused");

	/* The caller's size is a limit too. */
	m = msg(NULL, "PRIVMSG", "#a", "hello world", NULL);
	n = irc_format(out, 20, &m, &cut);
	tap_ok(cut && n == 19 && line_ok(n, 17), "cut to the buffer size");
	tap_str(out, "PRIVMSG #a :hello\r\n", "what fitted");
	n = irc_format(out, 15, &m, &cut);
	tap_ok(cut && n == 14, "room for \" :\" and nothing more");
	tap_str(out, "PRIVMSG #a :\r\n", "an empty trailing");
	tap_int(irc_format(out, 14, &m, &cut), 0, "no room for \" :\": 0");
	tap_ok(!cut, "truncated is cleared when nothing is written");
}

/* A cut never splits a character, wherever it falls. */
static void
test_utf8_cut(void)
{
	static const char *const chars[] = { "\xc3\xa9", "\xe2\x82\xac",
	    "\xf0\x9f\x98\x80" };
	static char text[1200], command_pad[16];
	struct irc_msg m;
	size_t c, shift, n, clen, body;
	bool ok_boundary = true, ok_max = true, ok_line = true;

	for (c = 0; c < 3; c++) {
		clen = strlen(chars[c]);
		for (n = 0; n + clen < sizeof text; n += clen)
			memcpy(text + n, chars[c], clen);
		text[n] = '\0';
		/* Move the cut point across each byte of a character. */
		for (shift = 0; shift < 4; shift++) {
			memset(command_pad, 'a', shift + 1);
			command_pad[shift + 1] = '\0';
			m = msg(NULL, "PRIVMSG", command_pad, text, NULL);
			n = irc_format(out, sizeof out, &m, &cut);
			body = n - 2;
			if (!line_ok(n, IRC_BODY_MAX) || !cut)
				ok_line = false;
			if (!irc_utf8_valid(out, body))
				ok_boundary = false;
			if (body + clen <= IRC_BODY_MAX)
				ok_max = false;
		}
	}
	tap_ok(ok_line, "2-, 3- and 4-byte characters at the cut: one line");
	tap_ok(ok_boundary, "the cut falls between characters");
	tap_ok(ok_max, "and keeps as much as fits");

	/* Exactly at the limit with a multibyte character at the end. */
	memset(text, 'x', sizeof text);
	strcpy(text + IRC_BODY_MAX - strlen("PRIVMSG #a :") - 2, "\xc3\xa9");
	m = msg(NULL, "PRIVMSG", "#a", text, NULL);
	m.trailing = true;
	n = irc_format(out, sizeof out, &m, &cut);
	tap_ok(n == IRC_MSG_MAX && !cut, "a 2-byte character ending at 510");
	memset(text, 'x', sizeof text);
	strcpy(text + IRC_BODY_MAX - strlen("PRIVMSG #a :") - 1, "\xc3\xa9");
	n = irc_format(out, sizeof out, &m, &cut);
	tap_ok(n == IRC_MSG_MAX - 1 && cut, "one ending at 511 is dropped whole");
	tap_ok(irc_utf8_valid(out, n), "leaving valid UTF-8");
}

/* Tags do not count against the 510 bytes but have their own limit. */
static void
test_tags_limit(void)
{
	static char tags[IRC_TAGS_MAX + 8], text[600];
	struct irc_msg m;
	size_t n;

	memset(tags, 't', IRC_TAGS_MAX - 2);
	tags[IRC_TAGS_MAX - 2] = '\0';
	memset(text, 'x', sizeof text - 1);
	text[sizeof text - 1] = '\0';
	m = msg(NULL, "PRIVMSG", "#a", text, NULL);
	m.tags = tags;
	n = irc_format(out, sizeof out, &m, &cut);
	tap_int(n, IRC_LINE_MAX, "full tags and a cut body: IRC_LINE_MAX");
	tap_ok(cut && out[n - 2] == '\r' && out[n - 1] == '\n' &&
	    strcspn(out, "\r\n") == n - 2, "one line");
	tags[IRC_TAGS_MAX - 2] = 't';
	tags[IRC_TAGS_MAX - 1] = '\0';
	tap_int(irc_format(out, sizeof out, &m, &cut), 0,
	    "tags over IRC_TAGS_MAX: refused");
}

/* What irc_parse gives back formats to the same line. */
static void
test_round_trip(void)
{
	static const char *const lines[] = {
		"@a=b;c :n!u@h PRIVMSG #a :hello world",
		":irc.example.net 353 me = #a :@op +voice plain",
		"MODE #a +ov x y",
		"PRIVMSG #a ::-)",
		"TOPIC #a :",
		":n@h QUIT :bye",
		"CMD 1 2 3 4 5 6 7 8 9 10 11 12 13 14 :a b",
	};
	char copy[600];
	struct irc_msg m;
	size_t i, n;

	for (i = 0; i < sizeof lines / sizeof lines[0]; i++) {
		strcpy(copy, lines[i]);
		irc_parse(copy, strlen(copy), &m);
		n = irc_format(out, sizeof out, &m, &cut);
		tap_ok(n == strlen(lines[i]) + 2 &&
		    strncmp(out, lines[i], n - 2) == 0 && !cut,
		    "round trip: %s", lines[i]);
	}
}

static void
test_printf(void)
{
	static char big[1000];
	size_t n;
	bool ok = true;
	int i;

	n = irc_printf(out, sizeof out, &cut, "PRIVMSG %s :%s", "#a", "hi");
	tap_str(out, "PRIVMSG #a :hi\r\n", "printf a line");
	tap_ok(n == 16 && !cut, "length, not truncated");
	irc_printf(out, sizeof out, &cut, "PRIVMSG #a :%s", "x\r\nQUIT");
	tap_str(out, "PRIVMSG #a :x  QUIT\r\n", "CR LF from arguments: spaces");
	n = irc_printf(out, sizeof out, &cut, "A%cB", 0);
	tap_ok(n == 5 && memcmp(out, "A B\r\n", 6) == 0, "a NUL: a space");

	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	n = irc_printf(out, sizeof out, &cut, "PRIVMSG #a :%s", big);
	tap_ok(n == IRC_MSG_MAX && cut && line_ok(n, IRC_BODY_MAX),
	    "cut to 510 bytes and CR LF");
	n = irc_printf(out, sizeof out, NULL, "%.*s", IRC_BODY_MAX, big);
	tap_int(n, IRC_MSG_MAX, "exactly 510 bytes, truncated may be NULL");

	for (i = 0; i < 4; i++) {
		char euros[600];
		size_t k;

		for (k = 0; k + 3 < sizeof euros; k += 3)
			memcpy(euros + k, "\xe2\x82\xac", 3);
		euros[k] = '\0';
		n = irc_printf(out, sizeof out, &cut, "%.*s%s", i, "xxx",
		    euros);
		if (!line_ok(n, IRC_BODY_MAX) || !irc_utf8_valid(out, n) ||
		    n - 2 + 3 <= IRC_BODY_MAX || !cut)
			ok = false;
	}
	tap_ok(ok, "printf cuts at a character boundary");

	n = irc_printf(out, 10, &cut, "PRIVMSG #a :hello");
	tap_ok(n == 9 && cut && line_ok(n, 7), "small buffer: cut to fit");
	tap_str(out, "PRIVMSG\r\n", "what fitted");
	tap_int(irc_printf(out, 2, &cut, "PING"), 0, "no room for CR LF");
	tap_int(irc_printf(out, 3, &cut, "PING"), 2, "room for CR LF only");
	tap_ok(cut, "truncated");
}

int
main(void)
{
	/* A hang fails the test instead of stalling the suite. */
	alarm(60);
	test_basic();
	test_invalid();
	test_clean();
	test_limit();
	test_utf8_cut();
	test_tags_limit();
	test_round_trip();
	test_printf();
	return tap_done();
}
