/* proto_parse_test.c: irc_parse, irc_tag_next, irc_command_is and
 * irc_parse_strerror, with the hostile lines a server must survive. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "proto.h"
#include "tap.h"

static char line[IRC_LINE_MAX + 1];
static struct irc_msg m;

/* Parse a copy of s (n bytes) into m. */
static enum irc_parse_result
parse_n(const char *s, size_t n)
{
	memcpy(line, s, n);
	line[n] = '\0';
	return irc_parse(line, n, &m);
}

static enum irc_parse_result
parse(const char *s)
{
	return parse_n(s, strlen(s));
}

static bool
msg_is_zero(void)
{
	static const struct irc_msg zero;

	return memcmp(&m, &zero, sizeof m) == 0;
}

/* The params joined with '|' for a compact check. */
static const char *
params_joined(void)
{
	static char out[IRC_LINE_MAX + 64];
	size_t n = 0;
	int i;

	out[0] = '\0';
	for (i = 0; i < m.nparams; i++)
		n += (size_t)snprintf(out + n, sizeof out - n, "%s%s",
		    i > 0 ? "|" : "", m.params[i]);
	return out;
}

static void
test_whole(void)
{
	tap_int(parse("@time=x;y :nick!user@host PRIVMSG #chan :hello world"),
	    IRC_PARSE_OK, "a full message parses");
	tap_str(m.tags, "time=x;y", "tags without '@'");
	tap_str(m.prefix, "nick", "prefix split in place: its first part");
	tap_str(m.nick, "nick", "nick");
	tap_str(m.user, "user", "user");
	tap_str(m.host, "host", "host");
	tap_str(m.command, "PRIVMSG", "command");
	tap_int(m.numeric, 0, "not a numeric");
	tap_int(m.nparams, 2, "two params");
	tap_str(params_joined(), "#chan|hello world", "params");
	tap_ok(m.trailing, "the last came after ' :'");

	tap_int(parse("PING"), IRC_PARSE_OK, "a bare command parses");
	tap_ok(m.tags == NULL && m.prefix == NULL && m.nick == NULL &&
	    m.user == NULL && m.host == NULL, "no tags nor prefix: NULL");
	tap_int(m.nparams, 0, "no params");
	tap_ok(!m.trailing, "no trailing");

	tap_int(parse("privmsg #a b"), IRC_PARSE_OK, "lower case command");
	tap_str(m.command, "privmsg", "command case is kept");
	tap_ok(!m.trailing, "last param without ':' is not trailing");
	tap_str(params_joined(), "#a|b", "middle params");
}

static void
test_spaces(void)
{
	tap_int(parse("   :n   PRIVMSG   #a    b   :c  d  "), IRC_PARSE_OK,
	    "runs of spaces everywhere");
	tap_str(m.nick, "n", "prefix after leading spaces");
	tap_str(m.command, "PRIVMSG", "command between runs of spaces");
	tap_str(params_joined(), "#a|b|c  d  ",
	    "runs of spaces separate; the trailing keeps its own");
	tap_int(parse("MODE #a +o x   "), IRC_PARSE_OK, "trailing spaces");
	tap_int(m.nparams, 3, "trailing spaces make no empty param");
	tap_int(parse(""), IRC_PARSE_EMPTY, "empty line");
	tap_int(parse("     "), IRC_PARSE_EMPTY, "only spaces");
	tap_ok(msg_is_zero(), "an empty line leaves m zeroed");
}

static void
test_trailing(void)
{
	tap_int(parse("PRIVMSG #a :"), IRC_PARSE_OK, "empty trailing");
	tap_int(m.nparams, 2, "empty trailing is a param");
	tap_str(m.params[1], "", "and it is empty");
	tap_ok(m.trailing, "trailing flag set");
	tap_int(parse("PRIVMSG #a ::-)"), IRC_PARSE_OK, "trailing with ':'");
	tap_str(m.params[1], ":-)", "only the first ':' goes");
	tap_int(parse("PRIVMSG #a :x :y z"), IRC_PARSE_OK, "':' inside");
	tap_str(m.params[1], "x :y z", "the trailing takes the rest");
	tap_int(parse("PRIVMSG #a b:c"), IRC_PARSE_OK, "':' inside a middle");
	tap_str(params_joined(), "#a|b:c", "a ':' not first is a byte");
}

/* RFC 2812 2.3.1: 14 middles, then the 15th takes the rest. */
static void
test_many_params(void)
{
	tap_int(parse("CMD 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15"), IRC_PARSE_OK,
	    "15 params");
	tap_int(m.nparams, 15, "15 params counted");
	tap_str(m.params[14], "15", "the 15th");
	tap_ok(!m.trailing, "15th without ':' is not trailing");

	tap_int(parse("CMD 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17"),
	    IRC_PARSE_OK, "17 params parse");
	tap_int(m.nparams, 15, "at most 15 params");
	tap_str(m.params[14], "15 16 17", "the 15th takes the rest of the line");
	tap_str(m.params[13], "14", "the 14th is a middle");

	tap_int(parse("CMD 1 2 3 4 5 6 7 8 9 10 11 12 13 14  15  16 "),
	    IRC_PARSE_OK, "16 params with runs of spaces");
	tap_str(m.params[14], "15  16 ", "the rest is taken as it is");

	tap_int(parse("CMD 1 2 3 4 5 6 7 8 9 10 11 12 13 14 :a b"),
	    IRC_PARSE_OK, "14 middles and a trailing");
	tap_int(m.nparams, 15, "15 params");
	tap_str(m.params[14], "a b", "the ':' of the 15th is removed");
	tap_ok(m.trailing, "and it is trailing");

	tap_int(parse("CMD 1 2 3 4 5 6 7 8 9 10 11 12 13 :a b"),
	    IRC_PARSE_OK, "13 middles and a trailing");
	tap_int(m.nparams, 14, "14 params");
	tap_str(m.params[13], "a b", "trailing");

	memset(line, 0, sizeof line);
	{
		char many[4000];
		size_t n = 0;
		int i;

		n += (size_t)sprintf(many, "CMD");
		for (i = 0; i < 1000; i++)
			n += (size_t)sprintf(many + n, " %d", i);
		tap_int(parse(many), IRC_PARSE_OK, "1000 params parse");
		tap_int(m.nparams, IRC_PARAMS_MAX, "and stop at 15");
		tap_ok(strncmp(m.params[14], "14 15 16", 8) == 0,
		    "the 15th holds the rest");
	}
}

static void
test_prefix(void)
{
	tap_int(parse(":irc.example.net 001 me :Welcome"), IRC_PARSE_OK,
	    "a server prefix");
	tap_str(m.nick, "irc.example.net", "a server name is all nick");
	tap_ok(m.user == NULL && m.host == NULL, "no user or host");
	tap_str(m.prefix, "irc.example.net", "the prefix is whole then");
	tap_int(parse(":nick@host QUIT"), IRC_PARSE_OK, "nick@host");
	tap_str(m.nick, "nick", "nick before '@'");
	tap_ok(m.user == NULL, "no user");
	tap_str(m.host, "host", "host after '@'");
	tap_int(parse(":nick!user QUIT"), IRC_PARSE_OK, "nick!user");
	tap_str(m.user, "user", "user without host");
	tap_ok(m.host == NULL, "no host");
	tap_int(parse(":n!@h QUIT"), IRC_PARSE_OK, "empty user");
	tap_str(m.user, "", "user is empty");
	tap_str(m.host, "h", "host");
	tap_int(parse(":n!u@h@x QUIT"), IRC_PARSE_OK, "two '@'");
	tap_str(m.host, "h@x", "the host takes the rest");

	tap_int(parse(":"), IRC_PARSE_BADPREFIX, "a lone ':'");
	tap_ok(msg_is_zero(), "m zeroed after an error");
	tap_int(parse(": PING"), IRC_PARSE_BADPREFIX, "empty prefix");
	tap_int(parse(":!u@h PING"), IRC_PARSE_BADPREFIX, "empty nick part");
	tap_int(parse(":@h PING"), IRC_PARSE_BADPREFIX, "empty nick before '@'");
	tap_int(parse(":nick"), IRC_PARSE_NOCOMMAND, "prefix only");
	tap_int(parse(":nick    "), IRC_PARSE_NOCOMMAND, "prefix and spaces");
	tap_ok(msg_is_zero(), "m zeroed");
}

static void
test_command(void)
{
	tap_int(parse(":s 001 me :hi"), IRC_PARSE_OK, "numeric 001");
	tap_int(m.numeric, 1, "numeric value 1");
	tap_str(m.command, "001", "command text kept");
	tap_int(parse(":s 999 me"), IRC_PARSE_OK, "numeric 999");
	tap_int(m.numeric, 999, "numeric value 999");
	tap_int(parse(":s 000 me"), IRC_PARSE_OK, "000 is a command");
	tap_int(m.numeric, 0, "with numeric 0");
	tap_int(parse(":s 12 me"), IRC_PARSE_BADCOMMAND, "two digits");
	tap_int(parse(":s 1234 me"), IRC_PARSE_BADCOMMAND, "four digits");
	tap_int(parse("PRIV1MSG"), IRC_PARSE_BADCOMMAND, "letters and digits");
	tap_int(parse("12a"), IRC_PARSE_BADCOMMAND, "digits and a letter");
	tap_int(parse("PRIV-MSG"), IRC_PARSE_BADCOMMAND, "a dash");
	tap_int(parse("\xc3\xa9t\xc3\xa9"), IRC_PARSE_BADCOMMAND, "non-ASCII");
	tap_int(parse("\r"), IRC_PARSE_BADCOMMAND, "a lone CR");
	tap_ok(msg_is_zero(), "m zeroed after a bad command");

	parse("privMSG #a :x");
	tap_ok(irc_command_is(&m, "PRIVMSG"), "irc_command_is ignores case");
	tap_ok(irc_command_is(&m, "privmsg"), "both ways");
	tap_ok(!irc_command_is(&m, "PRIVMS"), "not a prefix of it");
	tap_ok(!irc_command_is(&m, "PRIVMSGX"), "not longer");
	parse("");
	tap_ok(!irc_command_is(&m, "PRIVMSG"), "no command: false");
}

static void
test_nul(void)
{
	tap_int(parse_n("PRIVMSG #a :a\0b", 15), IRC_PARSE_NUL,
	    "NUL in the trailing");
	tap_ok(msg_is_zero(), "m zeroed after NUL");
	tap_int(parse_n("\0PING", 5), IRC_PARSE_NUL, "NUL first");
	tap_int(parse_n("PING\0", 5), IRC_PARSE_NUL, "NUL last");
	tap_int(parse_n("@a\0=b PING", 10), IRC_PARSE_NUL, "NUL in tags");
}

/* Bytes the parser must carry without judging them. */
static void
test_bytes(void)
{
	tap_int(parse("PRIVMSG #a :\xff\xfe\xc0\x80 \xed\xa0\x80"), IRC_PARSE_OK,
	    "invalid UTF-8 in the trailing parses");
	tap_str(m.params[1], "\xff\xfe\xc0\x80 \xed\xa0\x80", "bytes kept");
	tap_ok(!irc_utf8_valid(m.params[1], strlen(m.params[1])),
	    "and irc_utf8_valid says so");
	tap_int(parse("PRIVMSG #\xe9 :\x01" "ACTION waves\x01"), IRC_PARSE_OK,
	    "CTCP and Latin-1");
	tap_str(m.params[1], "\x01" "ACTION waves\x01", "CTCP kept");
	tap_int(parse("PRIVMSG #a :x\ry"), IRC_PARSE_OK, "a CR in the line");
	tap_str(m.params[1], "x\ry", "kept for the caller to clean");
	tap_int(parse("PRIVMSG\t#a"), IRC_PARSE_BADCOMMAND,
	    "a tab does not separate");
}

static void
test_tags(void)
{
	char *cursor, *key, *value;

	tap_int(parse("@a;b=;c=d PING"), IRC_PARSE_OK, "tags without values");
	tap_str(m.command, "PING", "the command after them");
	cursor = m.tags;
	tap_ok(irc_tag_next(&cursor, &key, &value), "first tag");
	tap_str(key, "a", "key without '='");
	tap_str(value, "", "gets an empty value");
	tap_ok(irc_tag_next(&cursor, &key, &value), "second tag");
	tap_str(key, "b", "key with '='");
	tap_str(value, "", "and an empty value");
	tap_ok(irc_tag_next(&cursor, &key, &value), "third tag");
	tap_str(key, "c", "key");
	tap_str(value, "d", "value");
	tap_ok(!irc_tag_next(&cursor, &key, &value), "then the end");
	tap_ok(!irc_tag_next(&cursor, &key, &value), "and it stays there");

	parse("@k=a\\:b\\sc\\\\d\\re\\nf\\xg;+draft/v=1=2;;=v;x=\\ PING");
	cursor = m.tags;
	irc_tag_next(&cursor, &key, &value);
	tap_str(key, "k", "escaped key");
	tap_str(value, "a;b c\\d\re\nfxg", "\\: \\s \\\\ \\r \\n and \\x unescaped");
	tap_ok(irc_tag_next(&cursor, &key, &value), "client tag");
	tap_str(key, "+draft/v", "client-only tag key");
	tap_str(value, "1=2", "'=' inside the value is kept");
	tap_ok(irc_tag_next(&cursor, &key, &value), "';;' and '=v' skipped");
	tap_str(key, "x", "the key after ';;'");
	tap_str(value, "", "a lone '\\' at the end is dropped");
	tap_ok(!irc_tag_next(&cursor, &key, &value), "end");

	tap_int(parse("@ PING"), IRC_PARSE_BADTAGS, "'@' with no tags");
	tap_ok(msg_is_zero(), "m zeroed");
	tap_int(parse("@"), IRC_PARSE_BADTAGS, "a lone '@'");
	tap_int(parse("@a=b"), IRC_PARSE_NOCOMMAND, "tags only");
	tap_int(parse("@a=b    "), IRC_PARSE_NOCOMMAND, "tags and spaces");
	tap_int(parse("@a=b  :n  PING"), IRC_PARSE_OK, "spaces after the tags");
	tap_str(m.nick, "n", "prefix after tags");
}

static void
test_tags_length(void)
{
	static char big[IRC_LINE_MAX + 64];
	size_t n;

	/* '@', the tags and the space: IRC_TAGS_MAX bytes at most. */
	big[0] = '@';
	memset(big + 1, 'a', IRC_TAGS_MAX - 2);
	n = IRC_TAGS_MAX - 1;
	strcpy(big + n, " PING");
	tap_int(parse(big), IRC_PARSE_OK, "tags of IRC_TAGS_MAX bytes");
	tap_int(strlen(m.tags), IRC_TAGS_MAX - 2, "all kept");
	memset(big + 1, 'a', IRC_TAGS_MAX - 1);
	n = IRC_TAGS_MAX;
	strcpy(big + n, " PING");
	tap_int(parse(big), IRC_PARSE_BADTAGS, "tags of IRC_TAGS_MAX + 1");
}

static void
test_strerror(void)
{
	enum irc_parse_result r;
	const char *seen[IRC_PARSE_BADCOMMAND + 1];
	bool distinct = true;
	int i;

	for (r = IRC_PARSE_OK; r <= IRC_PARSE_BADCOMMAND; r++) {
		seen[r] = irc_parse_strerror(r);
		for (i = 0; i < (int)r; i++)
			if (seen[r] == NULL || strcmp(seen[i], seen[r]) == 0)
				distinct = false;
	}
	tap_ok(distinct && seen[0] != NULL, "each result has its own text");
	tap_str(irc_parse_strerror(IRC_PARSE_NUL),
	    "the line contains a NUL byte", "the NUL text");
	tap_ok(irc_parse_strerror((enum irc_parse_result)99) != NULL,
	    "an unknown code still gets a text");
}

int
main(void)
{
	/* A hang fails the test instead of stalling the suite. */
	alarm(60);
	test_whole();
	test_spaces();
	test_trailing();
	test_many_params();
	test_prefix();
	test_command();
	test_nul();
	test_bytes();
	test_tags();
	test_tags_length();
	test_strerror();
	return tap_done();
}
