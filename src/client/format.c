/* format.c: mIRC formatting codes, the sanitizer and nick colours. */
#include "config.h"

#include <string.h>
#include <wchar.h>

#include "client/format.h"
#include "proto.h"

#define REPLACEMENT	0xFFFD

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

size_t
fmt_sanitize(char *dst, size_t size, const char *s, size_t len)
{
	struct out o = { dst, size, 0, false };
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
			i++;
		} else {
			n = fmt_decode(s + i, len - i, &wc);
			/* C1 controls (U+0080..U+009F) would be CSI, OSC
			 * and friends to an 8-bit terminal. */
			if (n == 1 || (wc >= 0x80 && wc <= 0x9F) ||
			    wcwidth(wc) < 0)
				out_char(&o, REPLACEMENT);
			else
				out_bytes(&o, s + i, n);
			i += n;
		}
		if (!o.full)
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
