/* format.c: mIRC formatting codes, the sanitizer and nick colours. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "client/format.h"
#include "proto.h"

#define REPLACEMENT	0xFFFD
#define KEYCAP		"\xe2\x83\xa3"	/* U+20E3, after 0-9 # * and VS16 */

const struct fmt_style fmt_plain = { 0, FMT_DEFAULT, FMT_DEFAULT };

bool
fmt_is_code(unsigned char c)
{
	switch (c) {
	case FMT_CODE_BOLD: case FMT_CODE_COLOUR: case FMT_CODE_HEXCOLOUR:
	case FMT_CODE_RESET: case FMT_CODE_MONOSPACE: case FMT_CODE_REVERSE:
	case FMT_CODE_ITALIC: case FMT_CODE_STRIKE: case FMT_CODE_UNDERLINE:
		return true;
	default:
		return false;
	}
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool
is_hex(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* Up to two digits of a colour number at s[*i]; -2 if none.  99 is the
 * mIRC "default colour". */
static int
colour_digits(const char *s, size_t len, size_t *i)
{
	int n;

	if (*i >= len || !is_digit(s[*i]))
		return -2;
	n = s[(*i)++] - '0';
	if (*i < len && is_digit(s[*i]))
		n = n * 10 + (s[(*i)++] - '0');
	return n >= FMT_COLOURS ? FMT_DEFAULT : n;
}

/* Six hex digits at s[*i]: consumed if there, else nothing. */
static bool
hex_digits(const char *s, size_t len, size_t *i)
{
	size_t k;

	for (k = 0; k < 6; k++)
		if (*i + k >= len || !is_hex(s[*i + k]))
			return false;
	*i += 6;
	return true;
}

static size_t
colour_code(const char *s, size_t len, struct fmt_style *style)
{
	size_t i = 1;
	int fg, bg;

	fg = colour_digits(s, len, &i);
	if (fg == -2) {
		style->fg = style->bg = FMT_DEFAULT;
		return i;
	}
	style->fg = fg;
	if (i + 1 < len && s[i] == ',' && is_digit(s[i + 1])) {
		i++;
		bg = colour_digits(s, len, &i);
		style->bg = bg;
	}
	return i;
}

/* Hex colours cannot be drawn in 16 colours: consume, keep the style. */
static size_t
hex_colour_code(const char *s, size_t len, struct fmt_style *style)
{
	size_t i = 1, save;

	if (!hex_digits(s, len, &i)) {
		style->fg = style->bg = FMT_DEFAULT;
		return i;
	}
	save = i;
	if (i < len && s[i] == ',') {
		i++;
		if (!hex_digits(s, len, &i))
			i = save;
	}
	return i;
}

size_t
fmt_code(const char *s, size_t len, struct fmt_style *style)
{
	if (len == 0)
		return 0;
	switch ((unsigned char)s[0]) {
	case FMT_CODE_BOLD: style->attr ^= FMT_BOLD; return 1;
	case FMT_CODE_ITALIC: style->attr ^= FMT_ITALIC; return 1;
	case FMT_CODE_UNDERLINE: style->attr ^= FMT_UNDERLINE; return 1;
	case FMT_CODE_REVERSE: style->attr ^= FMT_REVERSE; return 1;
	case FMT_CODE_STRIKE: style->attr ^= FMT_STRIKE; return 1;
	case FMT_CODE_MONOSPACE: style->attr ^= FMT_MONOSPACE; return 1;
	case FMT_CODE_RESET: *style = fmt_plain; return 1;
	case FMT_CODE_COLOUR: return colour_code(s, len, style);
	case FMT_CODE_HEXCOLOUR: return hex_colour_code(s, len, style);
	default: return 0;
	}
}

void
fmt_iter_start(struct fmt_iter *it, const char *s, size_t len,
    struct fmt_style start)
{
	it->s = s;
	it->len = len;
	it->style = start;
}

bool
fmt_iter_next(struct fmt_iter *it, struct fmt_run *run)
{
	size_t n, i;

	while (it->len > 0 && (n = fmt_code(it->s, it->len, &it->style)) > 0) {
		it->s += n;
		it->len -= n;
	}
	if (it->len == 0)
		return false;
	for (i = 0; i < it->len && !fmt_is_code((unsigned char)it->s[i]); i++)
		continue;
	run->text = it->s;
	run->len = i;
	run->style = it->style;
	it->s += i;
	it->len -= i;
	return true;
}

struct fmt_style
fmt_style_after(const char *s, size_t len, struct fmt_style start)
{
	size_t i = 0, n;

	while (i < len) {
		n = fmt_code(s + i, len - i, &start);
		i += n > 0 ? n : 1;
	}
	return start;
}

size_t
fmt_strip(char *dst, size_t size, const char *s, size_t len)
{
	struct fmt_style style = fmt_plain;
	size_t i = 0, out = 0, n;

	while (i < len) {
		n = fmt_code(s + i, len - i, &style);
		if (n > 0) {
			i += n;
			continue;
		}
		if (out + 1 < size)
			dst[out] = s[i];
		out++;
		i++;
	}
	if (size > 0)
		dst[out < size ? out : size - 1] = '\0';
	return out;
}

size_t
fmt_decode(const char *s, size_t len, wchar_t *wc)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned long c, min;
	size_t n, i;

	if (u[0] < 0x80) {
		*wc = u[0];
		return 1;
	}
	if (u[0] >= 0xC2 && u[0] <= 0xDF) {
		n = 2; c = u[0] & 0x1F; min = 0x80;
	} else if (u[0] >= 0xE0 && u[0] <= 0xEF) {
		n = 3; c = u[0] & 0x0F; min = 0x800;
	} else if (u[0] >= 0xF0 && u[0] <= 0xF4) {
		n = 4; c = u[0] & 0x07; min = 0x10000;
	} else {
		goto bad;
	}
	if (len < n)
		goto bad;
	for (i = 1; i < n; i++) {
		if ((u[i] & 0xC0) != 0x80)
			goto bad;
		c = (c << 6) | (u[i] & 0x3F);
	}
	/* Overlong forms, UTF-16 surrogates and beyond U+10FFFF are not
	 * UTF-8 (RFC 3629 3). */
	if (c < min || (c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF)
		goto bad;
	*wc = (wchar_t)c;
	return n;
bad:
	*wc = REPLACEMENT;
	return 1;
}

size_t
fmt_encode(wchar_t wc, char out[4])
{
	unsigned long c = (unsigned long)wc;

	if ((c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF)
		c = REPLACEMENT;
	if (c < 0x80) {
		out[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		out[0] = (char)(0xC0 | (c >> 6));
		out[1] = (char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		out[0] = (char)(0xE0 | (c >> 12));
		out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		out[2] = (char)(0x80 | (c & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (c >> 18));
	out[1] = (char)(0x80 | ((c >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((c >> 6) & 0x3F));
	out[3] = (char)(0x80 | (c & 0x3F));
	return 4;
}

int
fmt_wcwidth(wchar_t wc)
{
	int w = wcwidth(wc);

	return w < 0 ? 1 : w;
}

size_t
fmt_width(const char *s, size_t len)
{
	struct fmt_style style = fmt_plain;
	size_t i = 0, n, width = 0;
	wchar_t wc;

	while (i < len) {
		n = fmt_code(s + i, len - i, &style);
		if (n == 0) {
			n = fmt_decode(s + i, len - i, &wc);
			width += (size_t)fmt_wcwidth(wc);
		}
		i += n;
	}
	return width;
}

/* Append bytes to the sanitizer's output, whole or not at all, so a cut
 * never falls inside a character. */
struct out {
	char *dst;
	size_t size, len;
	bool full;
};

static void
out_bytes(struct out *o, const char *s, size_t n)
{
	if (!o->full && o->len + n < o->size)
		memcpy(o->dst + o->len, s, n);
	else
		o->full = true;
	o->len += n;
}

static void
out_char(struct out *o, wchar_t wc)
{
	char buf[4];

	out_bytes(o, buf, fmt_encode(wc, buf));
}

/* "^[" for ESC, "^?" for DEL: plain ASCII, where a control picture
 * (U+241B is E2 90 9B) would carry a C1 byte to an 8-bit terminal. */
static void
out_caret(struct out *o, unsigned char c)
{
	char caret[2] = { '^', c == 0x7F ? '?' : (char)(c + '@') };

	out_bytes(o, caret, 2);
}

/*
 * Characters that draw nothing and yet change what a line shows: the
 * bidi controls of UAX #9 reorder the text around them (a nick or a URL
 * shown backwards: "Trojan Source", CVE-2021-42574), the separators end
 * a bidi paragraph, and the zero-width and filler characters make two
 * different nicks look the same.  Sorted, for bsearch.
 */
enum invisible_kind {
	INVISIBLE_ALWAYS,	/* always shown as a placeholder */
	INVISIBLE_JOINER,	/* kept between two visible non-ASCII
				 * characters: Persian, Indic, emoji */
	INVISIBLE_SELECTOR	/* kept right after a visible non-ASCII
				 * character: emoji, CJK, Mongolian */
};

static const struct invisible {
	uint32_t first, last;
	enum invisible_kind kind;
} invisibles[] = {
	{ 0x00AD, 0x00AD, INVISIBLE_ALWAYS },	/* soft hyphen */
	{ 0x034F, 0x034F, INVISIBLE_SELECTOR },	/* grapheme joiner */
	{ 0x061C, 0x061C, INVISIBLE_ALWAYS },	/* ALM */
	{ 0x115F, 0x1160, INVISIBLE_ALWAYS },	/* Hangul fillers */
	{ 0x17B4, 0x17B5, INVISIBLE_ALWAYS },	/* Khmer inherent vowels */
	{ 0x180B, 0x180D, INVISIBLE_SELECTOR },	/* Mongolian FVS1-3 */
	{ 0x180E, 0x180E, INVISIBLE_ALWAYS },	/* Mongolian vowel sep. */
	{ 0x180F, 0x180F, INVISIBLE_SELECTOR },	/* Mongolian FVS4 */
	{ 0x200B, 0x200B, INVISIBLE_ALWAYS },	/* zero width space */
	{ 0x200C, 0x200D, INVISIBLE_JOINER },	/* ZWNJ, ZWJ */
	{ 0x200E, 0x200F, INVISIBLE_ALWAYS },	/* LRM, RLM */
	{ 0x2028, 0x202E, INVISIBLE_ALWAYS },	/* LS, PS; LRE RLE PDF LRO RLO */
	{ 0x2060, 0x2064, INVISIBLE_ALWAYS },	/* word joiner, invisible ops */
	{ 0x2066, 0x206F, INVISIBLE_ALWAYS },	/* LRI RLI FSI PDI; deprecated */
	{ 0x3164, 0x3164, INVISIBLE_ALWAYS },	/* Hangul filler */
	{ 0xFE00, 0xFE0F, INVISIBLE_SELECTOR },	/* VS1-16 */
	{ 0xFEFF, 0xFEFF, INVISIBLE_ALWAYS },	/* BOM, zero width no-break */
	{ 0xFFA0, 0xFFA0, INVISIBLE_ALWAYS },	/* halfwidth Hangul filler */
	{ 0xFFF9, 0xFFFB, INVISIBLE_ALWAYS },	/* interlinear annotation */
	{ 0x13430, 0x1343F, INVISIBLE_ALWAYS },	/* hieroglyph format */
	{ 0x1BCA0, 0x1BCA3, INVISIBLE_ALWAYS },	/* shorthand format */
	{ 0x1D173, 0x1D17A, INVISIBLE_ALWAYS },	/* musical format */
	/* Tags: a cell of ncurses holds 4 zero-width characters at most
	 * (CCHARW_MAX 5), so a flag's tag sequence never arrives whole. */
	{ 0xE0000, 0xE007F, INVISIBLE_ALWAYS },
	{ 0xE0100, 0xE01EF, INVISIBLE_SELECTOR },	/* VS17-256 */
};

static int
invisible_cmp(const void *key, const void *member)
{
	uint32_t c = *(const uint32_t *)key;
	const struct invisible *range = member;

	return c < range->first ? -1 : c > range->last;
}

static const struct invisible *
invisible_find(wchar_t wc)
{
	uint32_t c = (uint32_t)wc;

	if (c < invisibles[0].first)
		return NULL;
	return bsearch(&c, invisibles, sizeof invisibles / sizeof invisibles[0],
	    sizeof invisibles[0], invisible_cmp);
}

bool
fmt_is_invisible(wchar_t wc)
{
	const struct invisible *found = invisible_find(wc);

	return found != NULL && found->kind == INVISIBLE_ALWAYS;
}

/* What the sanitizer wrote last, for the characters kept or shown by
 * what stands beside them. */
enum after {
	AFTER_OTHER,		/* ASCII, a code, a placeholder; the start */
	AFTER_KEYCAP_BASE,	/* 0-9 # *: may take VS16 and U+20E3 */
	AFTER_VISIBLE,		/* a visible non-ASCII character */
	AFTER_SELECTOR,		/* a variation selector kept */
	AFTER_PENDING		/* a joiner kept for the character after it:
				 * a short buffer is not cut in between */
};

/* Does s[0..len) start with a visible non-ASCII character? */
static bool
visible_next(const char *s, size_t len)
{
	wchar_t wc;

	return len > 0 && (unsigned char)s[0] >= 0x80 &&
	    fmt_decode(s, len, &wc) > 1 && wc > 0x9F &&
	    invisible_find(wc) == NULL && wcwidth(wc) >= 0;
}

/*
 * Keep a joiner or selector only where it does its work; elsewhere it
 * would hide a difference ("al\u200Dice" is not "alice").  A joiner
 * needs a visible non-ASCII character on both sides, a selector one
 * before it, but for the keycaps ("1\uFE0F\u20E3").
 */
static bool
invisible_kept(const struct invisible *inv, wchar_t wc, enum after after,
    const char *next, size_t next_len)
{
	switch (inv->kind) {
	case INVISIBLE_JOINER:
		return (after == AFTER_VISIBLE || after == AFTER_SELECTOR) &&
		    visible_next(next, next_len);
	case INVISIBLE_SELECTOR:
		if (after == AFTER_KEYCAP_BASE)
			return (wc == 0xFE0E || wc == 0xFE0F) &&
			    next_len >= 3 && memcmp(next, KEYCAP, 3) == 0;
		return after == AFTER_VISIBLE;
	default:
		return false;
	}
}

/* An invisible character as "<U+202E>" in reverse video: readable,
 * searchable, and reordering or hiding nothing.  Whole or not at all. */
static void
out_placeholder(struct out *o, wchar_t wc)
{
	char buf[16];
	int n;

	n = snprintf(buf, sizeof buf, "%c<U+%04lX>%c", FMT_CODE_REVERSE,
	    (unsigned long)wc, FMT_CODE_REVERSE);
	out_bytes(o, buf, (size_t)n);
}

/* The character wc, n bytes at s (len bytes left), not ASCII. */
static enum after
sanitize_wide(struct out *o, const char *s, size_t len, size_t n, wchar_t wc,
    enum after after)
{
	const struct invisible *inv;

	/* C1 controls (U+0080..U+009F) would be CSI, OSC and friends to an
	 * 8-bit terminal. */
	if (n == 1 || wc <= 0x9F) {
		out_char(o, REPLACEMENT);
		return AFTER_VISIBLE;
	}
	inv = invisible_find(wc);
	if (inv != NULL && !invisible_kept(inv, wc, after, s + n, len - n)) {
		out_placeholder(o, wc);
		return AFTER_OTHER;
	}
	if (wcwidth(wc) < 0) {
		out_char(o, REPLACEMENT);
		return AFTER_VISIBLE;
	}
	out_bytes(o, s, n);
	if (inv == NULL)
		return AFTER_VISIBLE;
	if (inv->kind == INVISIBLE_SELECTOR && after == AFTER_VISIBLE)
		return AFTER_SELECTOR;
	return AFTER_PENDING;
}

static bool
is_keycap_base(unsigned char c)
{
	return is_digit((char)c) || c == '#' || c == '*';
}

size_t
fmt_sanitize(char *dst, size_t size, const char *s, size_t len)
{
	struct out o = { dst, size, 0, false };
	enum after after = AFTER_OTHER;
	size_t i = 0, n, kept = 0;
	unsigned char c;
	wchar_t wc;

	while (i < len) {
		c = (unsigned char)s[i];
		if (c < 0x80) {
			if (fmt_is_code(c) || (c >= 0x20 && c < 0x7F))
				out_bytes(&o, s + i, 1);
			else if (c == '\t')
				out_bytes(&o, " ", 1);
			else
				out_caret(&o, c);
			after = is_keycap_base(c) ? AFTER_KEYCAP_BASE :
			    AFTER_OTHER;
			i++;
		} else {
			n = fmt_decode(s + i, len - i, &wc);
			after = sanitize_wide(&o, s + i, len - i, n, wc, after);
			i += n;
		}
		if (!o.full && after != AFTER_PENDING)
			kept = o.len;
	}
	if (size > 0)
		dst[kept] = '\0';
	return o.len;
}

/* Readable on dark and light backgrounds alike: no white, black, grey
 * or yellow. */
static const int nick_colours[] = { 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 13 };

int
fmt_nick_colour(const char *nick)
{
	uint32_t h = irc_casehash(IRC_CASEMAP_RFC1459, nick);

	return nick_colours[h % (sizeof nick_colours / sizeof nick_colours[0])];
}
