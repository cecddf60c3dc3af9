/* format_test.c: formatting codes, the sanitizer and nick colours. */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/format.h"
#include "tap.h"

/* Hostile input: what a server or another user may send. */
static const struct {
	const char *name;
	const char *in;
	size_t len;		/* 0: strlen(in) */
} hostile[] = {
	{ "clear screen ESC [2J", "a\x1b[2Jb", 0 },
	{ "OSC 0 title BEL", "\x1b]0;pwned\x07", 0 },
	{ "OSC 0 title ST", "\x1b]0;pwned\x1b\\", 0 },
	{ "OSC 52 clipboard", "\x1b]52;c;cm0gLXJmIH4=\x07", 0 },
	{ "CSI cursor moves", "\x1b[10;10H\x1b[A\x1b[2K\x1b[s\x1b[u", 0 },
	{ "8-bit CSI 0x9B", "x\x9b" "2Jy", 0 },
	{ "8-bit OSC 0x9D and ST 0x9C", "\x9d" "0;t\x9c", 0 },
	{ "C1 CSI as UTF-8 U+009B", "x\xc2\x9b" "2J", 0 },
	{ "C1 OSC as UTF-8 U+009D", "\xc2\x9d" "52;c;AA\xc2\x9c", 0 },
	{ "every C1 as UTF-8", "\xc2\x80\xc2\x85\xc2\x8d\xc2\x90\xc2\x9f", 0 },
	{ "BEL flood", "\a\a\a\a\a\a\a\a\a\a\a\a\a\a\a\a", 0 },
	{ "DEL", "a\x7f\x7f" "b", 0 },
	{ "NUL", "a\0b\0\x1b[2J", 9 },
	{ "CR LF", "line\r\nnext\rback", 0 },
	{ "backspace and form feed", "abc\b\b\b\f\v", 0 },
	{ "invalid UTF-8", "\xff\xfe\x80\xbf\xc0", 0 },
	{ "overlong ESC C0 9B", "\xc0\x9b", 0 },
	{ "overlong ESC E0 80 9B", "\xe0\x80\x9b", 0 },
	{ "overlong ESC F0 80 80 9B", "\xf0\x80\x80\x9b", 0 },
	{ "overlong NUL C0 80", "\xc0\x80", 0 },
	{ "lone surrogate D800", "\xed\xa0\x80", 0 },
	{ "lone surrogate DFFF", "\xed\xbf\xbf", 0 },
	{ "beyond U+10FFFF", "\xf4\x90\x80\x80\xf7\xbf\xbf\xbf", 0 },
	{ "truncated sequence then ESC", "\xe4\xb8\x1b[2J", 0 },
	{ "5 and 6 byte forms", "\xf8\x88\x80\x80\x80\xfc\x84\x80\x80\x80\x80", 0 },
	{ "DCS and APC", "\x1bP1$r\x1b\\\x1b_x\x1b\\", 0 },
	{ "8-bit DCS 0x90", "\x90q\x9c", 0 },
	{ "ESC at the end", "text\x1b", 0 },
	{ "formatting codes around ESC", "\x02\x03" "4\x1b[31m\x0f", 0 },
	{ "colour digits hiding ESC", "\x03\x1b[2J", 0 },
	{ "hex colour then ESC", "\x04" "ff00\x1b[2J", 0 },
	{ "SO SI charset switch", "\x0e\x0f\x1b(0", 0 },
	{ "tab", "a\tb", 0 },
};

/* No byte of out may be a C0 control (but the formatting codes), DEL,
 * or a C1 control; out must be valid UTF-8 encoding no C1 either. */
static const char *
unsafe(const char *out, size_t len)
{
	const unsigned char *u = (const unsigned char *)out;
	size_t i, n;
	wchar_t wc;

	for (i = 0; i < len; i++) {
		if (u[i] == 0x1b)
			return "ESC";
		if (u[i] == 0x9b)
			return "0x9B";
		/* Nothing in the table is valid text that needs one. */
		if (u[i] >= 0x80 && u[i] <= 0x9f)
			return "a byte 0x80..0x9F";
		if (u[i] == 0x07)
			return "BEL";
		if (u[i] == 0x7f)
			return "DEL";
		if (u[i] < 0x20 && !fmt_is_code(u[i]))
			return "C0";
	}
	for (i = 0; i < len; i += n) {
		n = fmt_decode(out + i, len - i, &wc);
		if (n == 1 && u[i] >= 0x80)
			return "invalid UTF-8";
		if (wc >= 0x80 && wc <= 0x9f)
			return "C1";
	}
	if (strlen(out) != len)
		return "NUL inside";
	return NULL;
}

/* As unsafe(), but valid UTF-8 text may hold continuation bytes in
 * 0x80..0x9F (random input makes real characters too). */
static const char *
unsafe_text(const char *out, size_t len)
{
	const unsigned char *u = (const unsigned char *)out;
	size_t i, n;
	wchar_t wc;

	for (i = 0; i < len; i += n) {
		n = fmt_decode(out + i, len - i, &wc);
		if (n == 1 && u[i] >= 0x80)
			return "invalid UTF-8";
		if ((wc < 0x20 && !fmt_is_code((unsigned char)wc)) ||
		    (wc >= 0x7f && wc <= 0x9f))
			return "control";
	}
	return NULL;
}

static void
test_hostile(void)
{
	char out[FMT_SANITIZE_MAX(64)], small[7];
	const char *why;
	size_t i, len, n, need;

	for (i = 0; i < sizeof hostile / sizeof hostile[0]; i++) {
		len = hostile[i].len ? hostile[i].len : strlen(hostile[i].in);
		need = fmt_sanitize(NULL, 0, hostile[i].in, len);
		n = fmt_sanitize(out, sizeof out, hostile[i].in, len);
		why = unsafe(out, strlen(out));
		tap_ok(why == NULL && n == need && n == strlen(out) &&
		    n <= FMT_SANITIZE_MAX(len) - 1, "sanitize %s%s%s",
		    hostile[i].name, why ? ": " : "", why ? why : "");
		/* A short buffer cuts at a character, never half one. */
		fmt_sanitize(small, sizeof small, hostile[i].in, len);
		why = unsafe(small, strlen(small));
		tap_ok(why == NULL && strlen(small) < sizeof small,
		    "sanitize %s into 7 bytes", hostile[i].name);
	}
}

/* Random bytes, biased to the dangerous ones, from a fixed seed. */
static void
test_random(void)
{
	static const unsigned char pick[] = {
		0x1b, 0x9b, 0x9d, 0x07, 0x00, 0x7f, 0xc2, 0xe0, 0xed, 0xf0,
		0xf4, 0x80, 0xbf, 0x03, '[', ']', '0', ';', 'a', 0xff,
	};
	unsigned long seed = 12345;
	unsigned char in[64];
	char out[FMT_SANITIZE_MAX(sizeof in)];
	size_t i, k, n, bad = 0;

	for (i = 0; i < 3000; i++) {
		for (k = 0; k < sizeof in; k++) {
			seed = seed * 1103515245 + 12345;
			in[k] = (seed >> 16) & 1 ? pick[(seed >> 17) %
			    sizeof pick] : (unsigned char)(seed >> 20);
		}
		n = fmt_sanitize(out, sizeof out, (char *)in, sizeof in);
		if (n != strlen(out) || unsafe_text(out, n) != NULL)
			bad++;
	}
	tap_int(bad, 0, "3000 random hostile strings sanitize safely");
}

static void
san(char *out, size_t size, const char *s)
{
	fmt_sanitize(out, size, s, strlen(s));
}

static void
test_sanitize_exact(void)
{
	char out[256];

	fmt_sanitize(out, sizeof out, "a\x1b[2Jb", 6);
	tap_str(out, "a^[[2Jb", "ESC shows as ^[");
	fmt_sanitize(out, sizeof out, "\a", 1);
	tap_str(out, "^G", "BEL shows as ^G");
	fmt_sanitize(out, sizeof out, "\x7f", 1);
	tap_str(out, "^?", "DEL shows as ^?");
	fmt_sanitize(out, sizeof out, "\0", 1);
	tap_str(out, "^@", "NUL shows as ^@");
	fmt_sanitize(out, sizeof out, "\xc2\x9b", 2);
	tap_str(out, "\xef\xbf\xbd", "U+009B shows as U+FFFD");
	fmt_sanitize(out, sizeof out, "\x9b", 1);
	tap_str(out, "\xef\xbf\xbd", "a lone 0x9B shows as U+FFFD");
	fmt_sanitize(out, sizeof out, "\xc0\x80", 2);
	tap_str(out, "\xef\xbf\xbd\xef\xbf\xbd",
	    "overlong NUL: one U+FFFD per byte");
	fmt_sanitize(out, sizeof out, "a\tb", 3);
	tap_str(out, "a b", "TAB becomes a space");
	san(out, sizeof out, "\x02" "b\x1d" "i\x1f" "u\x16" "r"
	    "\x03" "4,5c\x04" "ff0000h\x1e" "s\x11" "m\x0f");
	tap_str(out, "\x02" "b\x1d" "i\x1f" "u\x16" "r\x03" "4,5c\x04"
	    "ff0000h\x1e" "s\x11" "m\x0f", "formatting codes pass");
	san(out, sizeof out, "caf\xc3\xa9 \xe4\xb8\xad\xe6\x96\x87"
	    " \xf0\x9f\x98\x80 e\xcc\x81");
	tap_str(out, "caf\xc3\xa9 \xe4\xb8\xad\xe6\x96\x87 \xf0\x9f\x98\x80"
	    " e\xcc\x81", "valid UTF-8, CJK, emoji, combining pass");
	fmt_sanitize(out, sizeof out, "\xef\xbf\xbd", 3);
	tap_str(out, "\xef\xbf\xbd", "a real U+FFFD passes");
	tap_int(fmt_sanitize(out, 0, "\x1b", 1), 2, "size 0 asks the length");
	tap_int(fmt_sanitize(out, 2, "\x1b", 1), 2,
	    "a short buffer still says the length");
	tap_str(out, "", "and holds no half character");
}

/* s with the code points of cps (0-terminated) appended, as UTF-8. */
static char *
utf8(char *s, const long *cps)
{
	size_t len = strlen(s);

	for (; *cps != 0; cps++)
		len += fmt_encode((wchar_t)*cps, s + len);
	s[len] = '\0';
	return s;
}

/* The placeholder fmt_sanitize() writes for cp. */
static const char *
placeholder(char *dst, size_t size, long cp)
{
	snprintf(dst, size, "\x16<U+%04lX>\x16", (unsigned long)cp);
	return dst;
}

/* Sanitized once and again: the same. */
static bool
stable(const char *out)
{
	char again[FMT_SANITIZE_MAX(256)];

	return fmt_sanitize(again, sizeof again, out, strlen(out)) ==
	    strlen(out) && strcmp(again, out) == 0;
}

/* Each class of invisible character shows as "<U+XXXX>" in reverse. */
static void
test_invisible_classes(void)
{
	static const struct {
		const char *name;
		long first, last;
	} classes[] = {
		{ "bidi embeddings and overrides LRE RLE PDF LRO RLO",
		    0x202A, 0x202E },
		{ "bidi isolates LRI RLI FSI PDI", 0x2066, 0x2069 },
		{ "marks LRM RLM", 0x200E, 0x200F },
		{ "Arabic letter mark", 0x061C, 0x061C },
		{ "line and paragraph separators", 0x2028, 0x2029 },
		{ "zero width space", 0x200B, 0x200B },
		{ "BOM, zero width no-break space", 0xFEFF, 0xFEFF },
		{ "word joiner and invisible operators", 0x2060, 0x2064 },
		{ "deprecated format characters", 0x206A, 0x206F },
		{ "interlinear annotation", 0xFFF9, 0xFFFB },
		{ "tags", 0xE0000, 0xE007F },
		{ "soft hyphen", 0x00AD, 0x00AD },
		{ "Hangul fillers", 0x115F, 0x1160 },
		{ "Hangul filler U+3164", 0x3164, 0x3164 },
		{ "halfwidth Hangul filler", 0xFFA0, 0xFFA0 },
		{ "Mongolian vowel separator", 0x180E, 0x180E },
	};
	char in[32], out[64], want[64], ph[16];
	size_t i, bad;
	long cp;

	for (i = 0; i < sizeof classes / sizeof classes[0]; i++) {
		bad = 0;
		for (cp = classes[i].first; cp <= classes[i].last; cp++) {
			long cps[] = { cp, 0 };

			strcpy(in, "x");
			utf8(in, cps);
			strcat(in, "y");
			san(out, sizeof out, in);
			snprintf(want, sizeof want, "x%sy",
			    placeholder(ph, sizeof ph, cp));
			if (strcmp(out, want) != 0 || !fmt_is_invisible(cp) ||
			    !stable(out)) {
				printf("# U+%04lX: \"%s\"\n", cp, out);
				bad++;
			}
		}
		tap_int(bad, 0, "%s: shown as <U+XXXX>", classes[i].name);
	}
	/* Trojan Source: a file name shown backwards. */
	san(out, sizeof out, "see evil\xe2\x80\xaetxt.exe");
	tap_str(out, "see evil\x16<U+202E>\x16txt.exe",
	    "RLO in a file name shows, and reverses nothing");
	san(out, sizeof out, "\xe2\x81\xa7x\xe2\x81\xa9\xe2\x80\xa9");
	tap_str(out, "\x16<U+2067>\x16x\x16<U+2069>\x16\x16<U+2029>\x16",
	    "RLI x PDI PS");
	san(out, sizeof out, "\xf3\xa0\x81\x81\xf3\xa0\x81\xbf");
	tap_str(out, "\x16<U+E0041>\x16\x16<U+E007F>\x16",
	    "tag A and cancel tag: five hex digits");
	san(out, sizeof out, "\x02\xe2\x80\xae" "b\x03" "4\xe2\x80\xae" "5");
	tap_str(out, "\x02\x16<U+202E>\x16" "b\x03" "4\x16<U+202E>\x16" "5",
	    "codes around placeholders keep their meaning");
	tap_ok(fmt_is_invisible(0x202E) && fmt_is_invisible(0xE0041) &&
	    !fmt_is_invisible(0x200D) && !fmt_is_invisible(0x200C) &&
	    !fmt_is_invisible(0xFE0F) && !fmt_is_invisible('a') &&
	    !fmt_is_invisible(0x4E2D) && !fmt_is_invisible(0x2065),
	    "fmt_is_invisible: not joiners, selectors, text, unassigned");
}

/* ZWJ, ZWNJ and the variation selectors stay where they do their work,
 * and show everywhere else. */
static void
test_joiners(void)
{
	static const struct {
		const char *name, *in, *want;
	} cases[] = {
		{ "emoji family with ZWJ",
		    "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d"
		    "\xf0\x9f\x91\xa7", NULL },
		{ "Persian ZWNJ", "\xd9\x85\xdb\x8c\xe2\x80\x8c\xd8\xae\xd9\x88",
		    NULL },
		{ "Devanagari ZWJ after virama",
		    "\xe0\xa4\x95\xe0\xa5\x8d\xe2\x80\x8d\xe0\xa4\xb7", NULL },
		{ "rainbow flag: VS16 then ZWJ",
		    "\xf0\x9f\x8f\xb3\xef\xb8\x8f\xe2\x80\x8d\xf0\x9f\x8c\x88",
		    NULL },
		{ "heart with VS16", "\xe2\x9d\xa4\xef\xb8\x8f", NULL },
		{ "ideograph with VS17", "\xe6\xbc\xa2\xf3\xa0\x84\x80", NULL },
		{ "keycap 1", "1\xef\xb8\x8f\xe2\x83\xa3", NULL },
		{ "keycap #", "#\xef\xb8\x8f\xe2\x83\xa3", NULL },
		{ "ZWJ between ASCII letters", "al\xe2\x80\x8dice",
		    "al\x16<U+200D>\x16ice" },
		{ "ZWNJ at the end", "alice\xe2\x80\x8c",
		    "alice\x16<U+200C>\x16" },
		{ "ZWJ at the start", "\xe2\x80\x8d\xc3\xa9",
		    "\x16<U+200D>\x16\xc3\xa9" },
		{ "ZWJ before ASCII", "\xc3\xa9\xe2\x80\x8d" "a",
		    "\xc3\xa9\x16<U+200D>\x16" "a" },
		{ "ZWJ after ASCII", "a\xe2\x80\x8d\xc3\xa9",
		    "a\x16<U+200D>\x16\xc3\xa9" },
		{ "two ZWJ", "\xc3\xa9\xe2\x80\x8d\xe2\x80\x8d\xc3\xa9",
		    "\xc3\xa9\x16<U+200D>\x16\x16<U+200D>\x16\xc3\xa9" },
		{ "ZWJ before RLO", "\xc3\xa9\xe2\x80\x8d\xe2\x80\xae\xc3\xa9",
		    "\xc3\xa9\x16<U+200D>\x16\x16<U+202E>\x16\xc3\xa9" },
		{ "ZWJ before a bad byte", "\xc3\xa9\xe2\x80\x8d\xff",
		    "\xc3\xa9\x16<U+200D>\x16\xef\xbf\xbd" },
		{ "VS16 after ASCII", "a\xef\xb8\x8f", "a\x16<U+FE0F>\x16" },
		{ "VS16 alone", "\xef\xb8\x8f", "\x16<U+FE0F>\x16" },
		{ "two VS16", "\xe2\x9d\xa4\xef\xb8\x8f\xef\xb8\x8f",
		    "\xe2\x9d\xa4\xef\xb8\x8f\x16<U+FE0F>\x16" },
		{ "VS16 after a digit, no keycap", "1\xef\xb8\x8f",
		    "1\x16<U+FE0F>\x16" },
		{ "VS16 then keycap after a letter",
		    "a\xef\xb8\x8f\xe2\x83\xa3", "a\x16<U+FE0F>\x16\xe2\x83\xa3" },
		{ "grapheme joiner after ASCII", "a\xcd\x8f" "b",
		    "a\x16<U+034F>\x16" "b" },
	};
	char out[128];
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *want = cases[i].want ? cases[i].want : cases[i].in;

		san(out, sizeof out, cases[i].in);
		tap_str(out, want, "%s %s", cases[i].name,
		    cases[i].want ? "shows" : "is kept");
		tap_ok(stable(out), "%s: sanitized again, unchanged",
		    cases[i].name);
	}
}

/* Placeholders take their columns, take no style away, fit the bound,
 * and a short buffer never cuts one, nor a joiner from its character. */
static void
test_invisible_width(void)
{
	char in[256], out[FMT_SANITIZE_MAX(200)], cut[16];
	const char *s;
	struct fmt_iter it;
	struct fmt_run run;
	struct fmt_style st;
	size_t i, need, n;
	int runs = 0;
	bool prefix = true;

	san(out, sizeof out, "a\xe2\x80\xae" "b");
	tap_int(fmt_width(out, strlen(out)), 10, "a<U+202E>b: 10 columns");
	st = fmt_style_after(out, strlen(out), fmt_plain);
	tap_int(st.attr, 0, "the style after a placeholder is the one before");
	fmt_iter_start(&it, out, strlen(out), fmt_plain);
	while (fmt_iter_next(&it, &run)) {
		runs++;
		if (run.text[0] == '<')
			tap_ok(run.len == 8 && run.style.attr == FMT_REVERSE,
			    "the placeholder is one run in reverse video");
		else
			tap_ok(run.len == 1 && run.style.attr == 0,
			    "text around it is plain");
	}
	tap_int(runs, 3, "three runs");
	san(in, sizeof in, "\x16x\xe2\x80\x8b");
	st = fmt_style_after(in, strlen(in), fmt_plain);
	tap_int(st.attr, FMT_REVERSE, "in reverse text, reverse after too");
	san(out, sizeof out, "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9");
	tap_int(fmt_width(out, strlen(out)), 4, "kept ZWJ takes no column");
	san(out, sizeof out, "al\xe2\x80\x8bice");
	tap_int(fmt_width(out, strlen(out)), 13, "al<U+200B>ice: 13 columns");

	/* The worst case: two-byte characters becoming ten bytes. */
	for (i = 0; i < 100; i++)
		memcpy(in + 2 * i, i % 2 ? "\xd8\x9c" : "\xc2\xad", 2);
	need = fmt_sanitize(NULL, 0, in, 200);
	tap_ok(need == 1000 && need <= FMT_SANITIZE_MAX(200) - 1,
	    "100 ALM and soft hyphens: %zu bytes, within the bound", need);
	tap_int(fmt_sanitize(out, sizeof out, in, 200), need,
	    "and written whole");

	s = "ab\xe2\x80\xae" "cd";
	san(out, sizeof out, s);
	for (n = 1; n <= sizeof cut; n++) {
		fmt_sanitize(cut, n, s, strlen(s));
		if (strncmp(cut, out, strlen(cut)) != 0 ||
		    (strlen(cut) > 2 && strlen(cut) < 12))
			prefix = false;
	}
	tap_ok(prefix, "short buffers hold \"ab\", then the whole placeholder");
	s = "\xc3\xa9\xe2\x80\x8d\xc3\xa9";
	fmt_sanitize(cut, 6, s, strlen(s));
	tap_str(cut, "\xc3\xa9", "a short buffer drops a joiner whose "
	    "character does not fit");
	fmt_sanitize(cut, 8, s, strlen(s));
	tap_str(cut, s, "and keeps both when they fit");
	s = "1\xef\xb8\x8f\xe2\x83\xa3";
	fmt_sanitize(cut, 5, s, strlen(s));
	tap_str(cut, "1", "nor cuts a keycap after its selector");
}

/* Random strings of the characters that matter here: nothing invisible
 * out of place, valid UTF-8, stable, within the bound, and every cut
 * a prefix that is itself stable. */
static void
test_random_invisible(void)
{
	static const long pick[] = {
		'a', '1', '#', ' ', 0x202E, 0x2066, 0x200B, 0x200D, 0x200C,
		0xFE0F, 0x20E3, 0x1F468, 0x00E9, 0x0645, 0xE0041, 0x061C,
		0x00AD, 0x4E2D, 0x0301, 0x2028, 0xFEFF, 0xE0100,
	};
	unsigned long seed = 777;
	char in[128], out[FMT_SANITIZE_MAX(128)], cut[FMT_SANITIZE_MAX(128)];
	size_t i, k, n, len, j, step, bad = 0, badcut = 0;
	long cps[2] = { 0, 0 };
	wchar_t wc;

	for (i = 0; i < 2000; i++) {
		in[0] = '\0';
		for (k = 0; k < 24; k++) {
			seed = seed * 1103515245 + 12345;
			cps[0] = pick[(seed >> 16) % (sizeof pick /
			    sizeof pick[0])];
			utf8(in, cps);
		}
		len = strlen(in);
		n = fmt_sanitize(out, sizeof out, in, len);
		if (n != strlen(out) || n > FMT_SANITIZE_MAX(len) - 1 ||
		    unsafe_text(out, n) != NULL || !stable(out))
			bad++;
		for (j = 0; j < n; j += step) {
			step = fmt_decode(out + j, n - j, &wc);
			if (fmt_is_invisible(wc))
				bad++;
		}
		seed = seed * 1103515245 + 12345;
		fmt_sanitize(cut, 1 + (seed >> 16) % (n + 1), in, len);
		if (strncmp(cut, out, strlen(cut)) != 0 || !stable(cut))
			badcut++;
	}
	tap_int(bad, 0, "2000 random strings of invisibles sanitize safely");
	tap_int(badcut, 0, "and cut short, each a stable prefix");
}

static void
test_runs(void)
{
	struct fmt_iter it;
	struct fmt_run run;
	struct fmt_style st;
	const char *s = "a\x02" "b\x03" "4,12c\x03" "d\x1f\x1d" "e\x0f" "f";
	int n = 0;
	char text[16] = "";

	fmt_iter_start(&it, s, strlen(s), fmt_plain);
	while (fmt_iter_next(&it, &run)) {
		n++;
		strncat(text, run.text, run.len);
		if (run.text[0] == 'a')
			tap_ok(run.style.attr == 0 && run.style.fg == -1,
			    "run a plain");
		if (run.text[0] == 'b')
			tap_ok(run.style.attr == FMT_BOLD, "run b bold");
		if (run.text[0] == 'c')
			tap_ok(run.style.attr == FMT_BOLD &&
			    run.style.fg == 4 && run.style.bg == 12,
			    "run c bold, fg 4, bg 12");
		if (run.text[0] == 'd')
			tap_ok(run.style.fg == -1 && run.style.bg == -1,
			    "run d: bare ^C resets colours");
		if (run.text[0] == 'e')
			tap_ok(run.style.attr == (FMT_BOLD | FMT_UNDERLINE |
			    FMT_ITALIC), "run e bold underline italic");
		if (run.text[0] == 'f')
			tap_ok(run.style.attr == 0 && run.style.fg == -1,
			    "run f: ^O resets all");
	}
	tap_int(n, 6, "six runs");
	tap_str(text, "abcdef", "runs hold the text without codes");

	st = fmt_plain;
	tap_int(fmt_code("\x03" "123", 4, &st), 3, "colour takes 2 digits");
	tap_int(st.fg, 12, "fg 12");
	st = fmt_plain;
	tap_int(fmt_code("\x03" "4,x", 4, &st), 2, "comma without digit is text");
	tap_int(st.bg, -1, "bg unchanged");
	st = fmt_plain;
	tap_int(fmt_code("\x03" "99,99", 6, &st), 6, "colour 99");
	tap_ok(st.fg == -1 && st.bg == -1, "99 is the default colour");
	st = fmt_plain;
	tap_int(fmt_code("\x03" "5,03x", 6, &st), 5, "fg,bg");
	tap_ok(st.fg == 5 && st.bg == 3, "fg 5 bg 3");
	st = fmt_plain;
	st.fg = 3;
	tap_int(fmt_code("\x04" "FF00aa,000000x", 15, &st), 14,
	    "hex colour pair is skipped");
	tap_int(st.fg, 3, "hex colour leaves the style");
	tap_int(fmt_code("\x04" "ff00", 5, &st), 1, "short hex: code alone");
	tap_int(st.fg, -1, "bare hex code resets colours");
	tap_int(fmt_code("x", 1, &st), 0, "text is no code");
	tap_int(fmt_code("\x03", 1, &st), 1, "^C at the end");
	tap_int(fmt_code("\x1e\x11\x16", 3, &st), 1, "one code at a time");
	st = fmt_style_after("\x02\x1e\x11\x16", 4, fmt_plain);
	tap_int(st.attr, FMT_BOLD | FMT_STRIKE | FMT_MONOSPACE | FMT_REVERSE,
	    "strike, monospace, reverse");
	st = fmt_style_after("\x02\x02", 2, fmt_plain);
	tap_int(st.attr, 0, "bold toggles");
}

static void
test_strip_width(void)
{
	char out[64];

	tap_int(fmt_strip(out, sizeof out, "\x02" "bo\x03" "4,5ld\x0f!", 11),
	    5, "strip length");
	tap_str(out, "bold!", "strip");
	fmt_strip(out, 3, "abcdef", 6);
	tap_str(out, "ab", "strip into a short buffer");
	tap_int(fmt_width("\x02" "ab\x03" "12c", 7), 3, "codes take no width");
	tap_int(fmt_width("\xe4\xb8\xad\xe6\x96\x87", 6), 4, "CJK is wide");
	tap_int(fmt_width("\xf0\x9f\x98\x80", 4), 2, "emoji is wide");
	tap_int(fmt_width("e\xcc\x81", 3), 1, "combining mark is 0");
	tap_int(fmt_wcwidth(0x4e2d), 2, "wcwidth U+4E2D");
}

static void
test_codec(void)
{
	char buf[4];
	wchar_t wc;

	tap_int(fmt_encode(0x1f600, buf), 4, "encode emoji 4 bytes");
	tap_int(fmt_decode(buf, 4, &wc), 4, "decode emoji");
	tap_int(wc, 0x1f600, "emoji round trip");
	tap_int(fmt_encode(0xd800, buf), 3, "surrogate encodes as U+FFFD");
	tap_int(fmt_decode(buf, 3, &wc), 3, "decode it");
	tap_int(wc, 0xfffd, "U+FFFD");
	tap_int(fmt_decode("\xe4\xb8", 2, &wc), 1, "truncated: 1 byte");
	tap_int(wc, 0xfffd, "as U+FFFD");
	tap_int(fmt_encode(0xe9, buf), 2, "encode U+00E9");
	tap_int(fmt_decode("\xc3\xa9", 2, &wc), 2, "decode U+00E9");
}

static void
test_nick_colour(void)
{
	int a = fmt_nick_colour("alice"), i, c;
	bool ok = true, differ = false;
	char nick[16];

	tap_int(fmt_nick_colour("alice"), a, "nick colour is stable");
	tap_int(fmt_nick_colour("ALICE"), a, "and ignores case");
	tap_int(fmt_nick_colour("a[b]"), fmt_nick_colour("a{b}"),
	    "rfc1459 case: [] as {}");
	for (i = 0; i < 200; i++) {
		snprintf(nick, sizeof nick, "user%d", i);
		c = fmt_nick_colour(nick);
		if (c < 2 || c > 13 || c == 8)
			ok = false;
		if (c != a)
			differ = true;
	}
	tap_ok(ok, "colours are readable ones (2..13, not 8)");
	tap_ok(differ, "different nicks get different colours");
}

int
main(void)
{
	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL) {
		printf("1..0 # SKIP no C.UTF-8 locale\n");
		return 0;
	}
	test_hostile();
	test_random();
	test_sanitize_exact();
	test_invisible_classes();
	test_joiners();
	test_invisible_width();
	test_random_invisible();
	test_runs();
	test_strip_width();
	test_codec();
	test_nick_colour();
	return tap_done();
}
