/* proto_names_test.c: casemapping, nick and channel names, masks, UTF-8,
 * ISUPPORT tokens and numeric names. */
#include "config.h"

#include <string.h>
#include <unistd.h>
#include <time.h>

#include "proto.h"
#include "tap.h"

static const enum irc_casemap rfc = IRC_CASEMAP_RFC1459;
static const enum irc_casemap ascii = IRC_CASEMAP_ASCII;

static void
test_casemap(void)
{
	char folded[16];
	enum irc_casemap cm;

	tap_int(irc_tolower(rfc, 'A'), 'a', "A folds to a");
	tap_int(irc_tolower(rfc, 'Z'), 'z', "Z folds to z");
	tap_int(irc_tolower(rfc, '['), '{', "rfc1459: [ folds to {");
	tap_int(irc_tolower(rfc, ']'), '}', "rfc1459: ] folds to }");
	tap_int(irc_tolower(rfc, '\\'), '|', "rfc1459: \\ folds to |");
	tap_int(irc_tolower(rfc, '~'), '^', "rfc1459: ~ folds to ^");
	tap_int(irc_tolower(rfc, '^'), '^', "rfc1459: ^ stays");
	tap_int(irc_tolower(rfc, '{'), '{', "rfc1459: { stays");
	tap_int(irc_tolower(ascii, '['), '[', "ascii: [ stays");
	tap_int(irc_tolower(ascii, '~'), '~', "ascii: ~ stays");
	tap_int(irc_tolower(rfc, 0xc9), 0xc9, "non-ASCII bytes stay");
	tap_int(irc_tolower(rfc, '@'), '@', "@ stays");

	tap_int(irc_casecmp(rfc, "Nick[]\\~", "nick{}|^"), 0,
	    "rfc1459: Nick[]\\~ equals nick{}|^");
	tap_ok(irc_casecmp(ascii, "Nick[]\\~", "nick{}|^") != 0,
	    "ascii: they differ");
	tap_int(irc_casecmp(ascii, "NICK", "nick"), 0, "ascii: letters fold");
	tap_ok(irc_casecmp(rfc, "a", "b") < 0, "a sorts before b");
	tap_ok(irc_casecmp(rfc, "b", "A") > 0, "b sorts after A");
	tap_ok(irc_casecmp(rfc, "ab", "a") > 0, "longer sorts after");
	tap_ok(irc_casecmp(rfc, "", "a") < 0, "empty sorts first");
	tap_int(irc_ncasecmp(rfc, "ABCx", "abcy", 3), 0, "ncasecmp: first 3");
	tap_ok(irc_ncasecmp(rfc, "ABCx", "abcy", 4) != 0, "ncasecmp: 4 differ");
	tap_int(irc_ncasecmp(rfc, "ab", "AB", 10), 0, "ncasecmp stops at NUL");
	tap_int(irc_ncasecmp(rfc, "x", "y", 0), 0, "ncasecmp of 0 bytes");
	tap_ok(irc_casecmp(rfc, "\xe9", "a") > 0, "bytes compare unsigned");

	tap_int(irc_casefold(rfc, folded, "Nick[]\\~", sizeof folded), 8,
	    "casefold returns the length");
	tap_str(folded, "nick{}|^", "casefold rfc1459");
	irc_casefold(ascii, folded, "Nick[]\\~", sizeof folded);
	tap_str(folded, "nick[]\\~", "casefold ascii");
	tap_int(irc_casefold(rfc, folded, "ABCDEF", 4), 3,
	    "casefold into a small buffer: what fitted");
	tap_str(folded, "abc", "and NUL-terminated");
	folded[0] = 'x';
	tap_int(irc_casefold(rfc, folded, "ABC", 0), 0, "size 0 writes nothing");
	tap_int(folded[0], 'x', "really nothing");

	tap_int(irc_casehash(rfc, "Nick[]\\~"), irc_casehash(rfc, "nick{}|^"),
	    "equal names hash alike (rfc1459)");
	tap_ok(irc_casehash(ascii, "Nick[") != irc_casehash(ascii, "nick{"),
	    "ascii: [ and { hash apart");
	tap_int(irc_casehash(rfc, ""), 2166136261u, "FNV-1a offset basis");
	tap_int(irc_casehash(rfc, "a"), 0xe40c292cu, "FNV-1a of \"a\"");
	tap_int(irc_casehash(rfc, "A"), 0xe40c292cu, "FNV-1a of \"A\" folded");

	tap_str(irc_casemap_name(rfc), "rfc1459", "name of rfc1459");
	tap_str(irc_casemap_name(ascii), "ascii", "name of ascii");
	tap_ok(irc_casemap_parse("ascii", &cm) && cm == ascii, "parse ascii");
	tap_ok(irc_casemap_parse("rfc1459", &cm) && cm == rfc, "parse rfc1459");
	tap_ok(irc_casemap_parse("RFC1459", &cm) && cm == rfc, "any case");
	cm = ascii;
	tap_ok(!irc_casemap_parse("strict-rfc1459", &cm), "unknown name");
	tap_ok(cm == ascii, "leaves cm alone");
	tap_ok(!irc_casemap_parse("", &cm), "empty name");
	tap_ok(!irc_casemap_parse("rfc14599", &cm), "longer name");
}

static void
test_nick(void)
{
	tap_ok(irc_nick_valid("nick", 9), "a plain nick");
	tap_ok(irc_nick_valid("[a]b\\c`d_e^f{g|h}-9", 30), "specials, -, digit");
	tap_ok(irc_nick_valid("_", 9), "a special first");
	tap_ok(irc_nick_valid("ninechars", 9), "exactly maxlen");
	tap_ok(!irc_nick_valid("tenchars10", 9), "over maxlen");
	tap_ok(!irc_nick_valid("", 9), "empty");
	tap_ok(!irc_nick_valid("nick", 0), "maxlen 0");
	tap_ok(!irc_nick_valid("9nick", 9), "a digit first");
	tap_ok(!irc_nick_valid("-nick", 9), "a dash first");
	tap_ok(!irc_nick_valid("ni ck", 9), "a space");
	tap_ok(!irc_nick_valid("ni!ck", 9), "a '!'");
	tap_ok(!irc_nick_valid("ni@ck", 9), "an '@'");
	tap_ok(!irc_nick_valid("ni,ck", 9), "a comma");
	tap_ok(!irc_nick_valid("#nick", 9), "a '#'");
	tap_ok(!irc_nick_valid(":nick", 9), "a ':'");
	tap_ok(!irc_nick_valid("ni*k", 9), "a '*'");
	tap_ok(!irc_nick_valid("n\xc3\xa9", 9), "non-ASCII");
	tap_ok(!irc_nick_valid("nick\r", 9), "a CR");
}

static void
test_chan(void)
{
	tap_ok(irc_chan_valid("#a", 50, "#&"), "#a");
	tap_ok(irc_chan_valid("&local", 50, "#&"), "&local");
	tap_ok(irc_chan_valid("##x", 50, "#"), "##x");
	tap_ok(irc_chan_valid("#caf\xc3\xa9", 50, "#"), "UTF-8 is allowed");
	tap_ok(irc_chan_valid("#a", 50, NULL), "NULL chantypes means #&");
	tap_ok(irc_chan_valid("&a", 50, NULL), "&a with NULL chantypes");
	tap_ok(!irc_chan_valid("+a", 50, NULL), "+a with NULL chantypes");
	tap_ok(!irc_chan_valid("&a", 50, "#"), "a type not offered");
	tap_ok(!irc_chan_valid("#", 50, "#"), "a type alone");
	tap_ok(!irc_chan_valid("", 50, "#"), "empty");
	tap_ok(!irc_chan_valid("a", 50, "#"), "no type");
	tap_ok(!irc_chan_valid("#a b", 50, "#"), "a space");
	tap_ok(!irc_chan_valid("#a,b", 50, "#"), "a comma");
	tap_ok(!irc_chan_valid("#a\ab", 50, "#"), "a BEL");
	tap_ok(!irc_chan_valid("#a:b", 50, "#"), "a ':'");
	tap_ok(!irc_chan_valid("#a\r", 50, "#"), "a CR");
	tap_ok(!irc_chan_valid("#a\n", 50, "#"), "an LF");
	tap_ok(irc_chan_valid("#abcd", 5, "#"), "exactly maxlen");
	tap_ok(!irc_chan_valid("#abcde", 5, "#"), "over maxlen");
	tap_ok(!irc_chan_valid("#a", 0, "#"), "maxlen 0");
}

static double
seconds_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) +
	    (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

static void
test_mask(void)
{
	static char subject[5001], hostile[2001];
	struct timespec t0;
	int i;
	bool all_false = true;

	tap_ok(irc_mask_match(rfc, "*!*@*", "nick!user@host"), "*!*@*");
	tap_ok(irc_mask_match(rfc, "nick!*@*", "NICK!u@h"), "case folds");
	tap_ok(irc_mask_match(rfc, "n[ck]!*", "N{CK}!x"), "rfc1459 folds []");
	tap_ok(!irc_mask_match(ascii, "n[ck]!*", "N{CK}!x"), "ascii does not");
	tap_ok(irc_mask_match(rfc, "n?ck", "nick"), "? matches one byte");
	tap_ok(!irc_mask_match(rfc, "n?ck", "nck"), "? needs a byte");
	tap_ok(!irc_mask_match(rfc, "n?ck", "niick"), "? only one byte");
	tap_ok(irc_mask_match(rfc, "*", ""), "* matches empty");
	tap_ok(irc_mask_match(rfc, "", ""), "empty matches empty");
	tap_ok(!irc_mask_match(rfc, "", "a"), "empty matches only empty");
	tap_ok(!irc_mask_match(rfc, "?", ""), "? does not match empty");
	tap_ok(irc_mask_match(rfc, "a*", "a"), "a* matches a");
	tap_ok(irc_mask_match(rfc, "**a**", "xxa"), "runs of *");
	tap_ok(irc_mask_match(rfc, "*a*b*c", "xaxbxbxc"), "backtracking");
	tap_ok(!irc_mask_match(rfc, "*a*b*c", "xaxbxbxcx"), "anchored end");
	tap_ok(!irc_mask_match(rfc, "abc", "abcd"), "anchored, no star");
	tap_ok(!irc_mask_match(rfc, "abcd", "abc"), "mask longer");
	tap_ok(irc_mask_match(rfc, "*.example.net", "irc.example.net"),
	    "server mask");
	tap_ok(irc_mask_match(rfc, "*@192.0.2.*", "x!y@192.0.2.77"), "IP mask");
	tap_ok(irc_mask_match(rfc, "\xc3\xa9*", "\xc3\xa9t\xc3\xa9"),
	    "bytes beyond ASCII");

	/* Hostile masks must stay fast: no exponential backtracking. */
	memset(subject, 'a', sizeof subject - 1);
	for (i = 0; i < 1000; i++)
		memcpy(hostile + 2 * i, "*a", 2);
	hostile[2000] = '\0';
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < 20; i++) {
		if (irc_mask_match(rfc, "*a*a*a*a*a*b", subject))
			all_false = false;
		if (irc_mask_match(rfc, "*?*?*?*?*?*?*?*?*?*b", subject))
			all_false = false;
	}
	tap_ok(all_false, "*a*a*a*a*a*b does not match a run of a");
	tap_ok(irc_mask_match(rfc, hostile, subject),
	    "1000 times *a matches 5000 a");
	hostile[1999] = 'b';
	tap_ok(!irc_mask_match(rfc, hostile, subject), "and ending in b not");
	tap_ok(seconds_since(&t0) < 2.0, "hostile masks take little time "
	    "(%.3f s)", seconds_since(&t0));
}

static void
test_utf8(void)
{
	static const struct {
		const char *s;
		bool valid;
		const char *what;
	} cases[] = {
		{ "plain ASCII", true, "ASCII" },
		{ "caf\xc3\xa9", true, "2 bytes" },
		{ "\xe2\x82\xac", true, "3 bytes" },
		{ "\xf0\x9f\x98\x80", true, "4 bytes" },
		{ "\xc2\x80", true, "U+0080, the first 2-byte" },
		{ "\xef\xbf\xbf", true, "U+FFFF" },
		{ "\xf4\x8f\xbf\xbf", true, "U+10FFFF, the last" },
		{ "\xed\x9f\xbf", true, "U+D7FF, before the surrogates" },
		{ "\xee\x80\x80", true, "U+E000, after the surrogates" },
		{ "\xc0\x80", false, "overlong NUL" },
		{ "\xc1\xbf", false, "overlong 2 bytes" },
		{ "\xe0\x80\x80", false, "overlong 3 bytes" },
		{ "\xe0\x9f\xbf", false, "overlong 3 bytes, top" },
		{ "\xf0\x80\x80\x80", false, "overlong 4 bytes" },
		{ "\xf0\x8f\xbf\xbf", false, "overlong 4 bytes, top" },
		{ "\xed\xa0\x80", false, "surrogate U+D800" },
		{ "\xed\xbf\xbf", false, "surrogate U+DFFF" },
		{ "\xf4\x90\x80\x80", false, "U+110000" },
		{ "\xf5\x80\x80\x80", false, "F5 lead" },
		{ "\xff", false, "FF" },
		{ "\x80", false, "a lone continuation" },
		{ "a\xc3", false, "cut after a lead" },
		{ "\xe2\x82", false, "cut inside 3 bytes" },
		{ "\xf0\x9f\x98", false, "cut inside 4 bytes" },
		{ "\xc3\x28", false, "lead then ASCII" },
		{ "\xe2\x28\xa1", false, "bad second byte" },
		{ "\xe2\x82\x28", false, "bad third byte" },
		{ "\xf0\x9f\x98\x28", false, "bad fourth byte" },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		tap_ok(irc_utf8_valid(cases[i].s, strlen(cases[i].s)) ==
		    cases[i].valid, "utf8 %s: %s", cases[i].valid ? "valid" :
		    "invalid", cases[i].what);
	tap_ok(irc_utf8_valid("", 0), "empty is valid");
	tap_ok(irc_utf8_valid("a\0b", 3), "NUL counts as a character");
	tap_ok(irc_utf8_valid("\xc3\xa9\xc3", 2), "len is respected");
	tap_ok(!irc_utf8_valid("\xe2\x82\xac", 2), "a sequence past len");
}

static void
test_utf8_cut(void)
{
	const char *s = "a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80z";	/* 11 */

	tap_int(irc_utf8_cut(s, 11, 20), 11, "shorter than max: whole");
	tap_int(irc_utf8_cut(s, 11, 11), 11, "exactly max: whole");
	tap_int(irc_utf8_cut(s, 11, 10), 10, "cut before z");
	tap_int(irc_utf8_cut(s, 11, 9), 6, "inside 4 bytes (3 in)");
	tap_int(irc_utf8_cut(s, 11, 8), 6, "inside 4 bytes (2 in)");
	tap_int(irc_utf8_cut(s, 11, 7), 6, "inside 4 bytes (1 in)");
	tap_int(irc_utf8_cut(s, 11, 6), 6, "at a boundary");
	tap_int(irc_utf8_cut(s, 11, 5), 3, "inside 3 bytes (2 in)");
	tap_int(irc_utf8_cut(s, 11, 4), 3, "inside 3 bytes (1 in)");
	tap_int(irc_utf8_cut(s, 11, 2), 1, "inside 2 bytes");
	tap_int(irc_utf8_cut(s, 11, 1), 1, "after ASCII");
	tap_int(irc_utf8_cut(s, 11, 0), 0, "max 0");
	tap_int(irc_utf8_cut("\x80\x80\x80\x80\x80\x80", 6, 4), 4,
	    "stray continuations: cut at max");
	tap_int(irc_utf8_cut("ab\xc3", 3, 2), 2, "before a lead byte");
	tap_int(irc_utf8_cut("\xff\xff\xff", 3, 2), 2,
	    "invalid bytes: at most 3 back, here none");
}

static void
test_isupport(void)
{
	char token[64], *key, *value;
	bool neg;

	strcpy(token, "CHANTYPES=#&");
	tap_ok(irc_isupport_split(token, &key, &value, &neg), "KEY=VALUE");
	tap_str(key, "CHANTYPES", "key");
	tap_str(value, "#&", "value");
	tap_ok(!neg, "not negated");
	strcpy(token, "EXCEPTS");
	tap_ok(irc_isupport_split(token, &key, &value, &neg), "KEY");
	tap_str(key, "EXCEPTS", "key alone");
	tap_str(value, "", "empty value");
	strcpy(token, "EXCEPTS=");
	tap_ok(irc_isupport_split(token, &key, &value, &neg), "KEY=");
	tap_str(value, "", "empty value after '='");
	strcpy(token, "-INVEX");
	tap_ok(irc_isupport_split(token, &key, &value, &neg), "-KEY");
	tap_str(key, "INVEX", "key without '-'");
	tap_ok(neg, "negated");
	strcpy(token, "NETWORK=Foo\\x20Bar\\x3D\\x5c\\x00\\xZZ\\x4");
	tap_ok(irc_isupport_split(token, &key, &value, &neg), "escapes");
	tap_str(value, "Foo Bar=\\\\x00\\xZZ\\x4",
	    "\\xHH decoded, \\x00 and malformed kept");
	strcpy(token, "PREFIX=(ov)@+");
	irc_isupport_split(token, &key, &value, &neg);
	tap_str(value, "(ov)@+", "PREFIX value");
	strcpy(token, "A=b=c");
	irc_isupport_split(token, &key, &value, &neg);
	tap_str(value, "b=c", "'=' in the value");
	strcpy(token, "-KEY=x");
	tap_ok(!irc_isupport_split(token, &key, &value, &neg), "-KEY=VALUE");
	strcpy(token, "=x");
	tap_ok(!irc_isupport_split(token, &key, &value, &neg), "empty key");
	strcpy(token, "");
	tap_ok(!irc_isupport_split(token, &key, &value, &neg), "empty token");
	strcpy(token, "-");
	tap_ok(!irc_isupport_split(token, &key, &value, &neg), "a lone '-'");
}

static void
test_numerics(void)
{
	static const struct {
		int code;
		const char *name;
	} known[] = {
		{ RPL_WELCOME, "RPL_WELCOME" },
		{ 5, "RPL_ISUPPORT" },
		{ 332, "RPL_TOPIC" },
		{ 353, "RPL_NAMREPLY" },
		{ 376, "RPL_ENDOFMOTD" },
		{ 401, "ERR_NOSUCHNICK" },
		{ 417, "ERR_INPUTTOOLONG" },
		{ 433, "ERR_NICKNAMEINUSE" },
		{ 482, "ERR_CHANOPRIVSNEEDED" },
		{ 706, "RPL_ENDOFHELP" },
	};
	size_t i;
	int code, named = 0;

	for (i = 0; i < sizeof known / sizeof known[0]; i++)
		tap_str(irc_numeric_name(known[i].code), known[i].name,
		    "numeric %03d", known[i].code);
	tap_ok(irc_numeric_name(0) == NULL, "0 has no name");
	tap_ok(irc_numeric_name(999) == NULL, "999 has no name");
	tap_ok(irc_numeric_name(-1) == NULL, "-1 has no name");
	tap_ok(irc_numeric_name(400) == NULL, "400 has no name");
	/* The table is sorted if bsearch finds every row. */
	for (code = 0; code < 1000; code++)
		if (irc_numeric_name(code) != NULL)
			named++;
	tap_int(named, 90, "every numeric in proto.h has a name");
}

int
main(void)
{
	/* A hang fails the test instead of stalling the suite. */
	alarm(60);
	test_casemap();
	test_nick();
	test_chan();
	test_mask();
	test_utf8();
	test_utf8_cut();
	test_isupport();
	test_numerics();
	return tap_done();
}
