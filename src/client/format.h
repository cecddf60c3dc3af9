/*
 * format.h: mIRC formatting codes, the sanitizer and nick colours.
 *
 * Every byte from the network passes fmt_sanitize() before it is stored
 * or shown: afterwards the text is valid UTF-8 holding no control
 * character but the formatting codes below, so nothing remote can reach
 * the terminal as a control sequence.  The run iterator then turns
 * sanitized text into runs of plain text and attributes for ui.c.
 * Pure code: no curses, no I/O.
 */
#ifndef BANTER_FORMAT_H
#define BANTER_FORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

/* The formatting codes (modern.ircdocs.horse/formatting). */
enum {
	FMT_CODE_BOLD = 0x02,
	FMT_CODE_COLOUR = 0x03,
	FMT_CODE_HEXCOLOUR = 0x04,	/* parsed and skipped: no attribute */
	FMT_CODE_RESET = 0x0F,
	FMT_CODE_MONOSPACE = 0x11,
	FMT_CODE_REVERSE = 0x16,
	FMT_CODE_ITALIC = 0x1D,
	FMT_CODE_STRIKE = 0x1E,
	FMT_CODE_UNDERLINE = 0x1F
};

/* Attribute bits of a style. */
enum {
	FMT_BOLD = 1 << 0,
	FMT_ITALIC = 1 << 1,
	FMT_UNDERLINE = 1 << 2,
	FMT_REVERSE = 1 << 3,
	FMT_STRIKE = 1 << 4,
	FMT_MONOSPACE = 1 << 5
};

/* mIRC colour numbers 0..98; FMT_DEFAULT means the terminal's own. */
#define FMT_DEFAULT	(-1)
#define FMT_COLOURS	99

struct fmt_style {
	unsigned attr;		/* FMT_BOLD | ... */
	int fg, bg;		/* 0..98 or FMT_DEFAULT */
};

/* The style of plain text: no attribute, default colours. */
extern const struct fmt_style fmt_plain;

/* True for the bytes above that start a formatting code. */
bool fmt_is_code(unsigned char c);

/*
 * If s[0..len) starts with a formatting code, apply it to *style and
 * return its length in bytes (colour digits included); else return 0.
 * "\x03" alone resets both colours; "\x03" "4,5" sets fg 4, bg 5; a comma
 * not followed by a digit is left as text.  "\x04" RRGGBB[,RRGGBB] is
 * consumed without changing the style.
 */
size_t fmt_code(const char *s, size_t len, struct fmt_style *style);

/* One stretch of text drawn in one style.  text points into the input
 * and holds no formatting code; len > 0. */
struct fmt_run {
	const char *text;
	size_t len;
	struct fmt_style style;
};

struct fmt_iter {
	const char *s;
	size_t len;
	struct fmt_style style;
};

/* Iterate over the runs of s[0..len), starting in style start (use
 * fmt_plain, or the style a wrapped row begins in). */
void fmt_iter_start(struct fmt_iter *it, const char *s, size_t len,
    struct fmt_style start);
/* The next run, or false at the end.  Codes between runs are applied. */
bool fmt_iter_next(struct fmt_iter *it, struct fmt_run *run);

/* The style in force after s[0..len), starting from start. */
struct fmt_style fmt_style_after(const char *s, size_t len,
    struct fmt_style start);

/*
 * Copy s[0..len) without its formatting codes into dst (size bytes,
 * always NUL-terminated when size > 0); returns the length the whole
 * result needs, as snprintf does.  For logs, search and notifications.
 */
size_t fmt_strip(char *dst, size_t size, const char *s, size_t len);

/*
 * The sanitizer.  Write s[0..len) into dst (size bytes; always
 * NUL-terminated when size > 0; cut at a character boundary when short)
 * and return the length the whole result needs, as snprintf does, so a
 * caller can ask with size 0 first.  At most FMT_SANITIZE_MAX(len) bytes
 * are ever needed.
 * - the formatting codes pass unchanged; TAB becomes a space;
 * - other C0 controls (NUL, BEL, ESC, CR, LF...) and DEL become caret
 *   notation in plain ASCII: ESC shows as "^[", NUL as "^@", DEL "^?";
 * - C1 controls U+0080..U+009F, invalid or overlong UTF-8, encoded
 *   surrogates, code points over U+10FFFF, and characters the locale
 *   cannot print (wcwidth() < 0) each become U+FFFD (EF BF BD), one per
 *   bad byte for broken sequences;
 * - invisible characters that reorder or hide text become a placeholder
 *   "<U+202E>" between two FMT_CODE_REVERSE codes (reverse video, the
 *   style around it unchanged): the bidi embeddings, overrides, isolates
 *   and marks (U+202A..U+202E, U+2066..U+2069, U+200E, U+200F, U+061C),
 *   the line and paragraph separators U+2028, U+2029, the zero-width
 *   and filler characters (U+200B, U+2060..U+2064, U+FEFF, U+00AD, the
 *   Hangul fillers...), U+FFF9..U+FFFB and the tags U+E0000..U+E007F;
 * - ZWNJ and ZWJ (U+200C, U+200D) stay between two visible non-ASCII
 *   characters (Persian, Indic scripts, emoji sequences), and variation
 *   selectors right after one (or in a keycap, "1" U+FE0F U+20E3);
 *   anywhere else, next to ASCII for one, they become placeholders, so
 *   "al" U+200D "ice" never looks like "alice".  A short buffer is not
 *   cut between a joiner and the character it joins;
 * - everything else, valid printable UTF-8, passes unchanged.
 * The result is valid UTF-8 with no byte 0x00..0x1F (but the codes),
 * 0x7F, no C1 control in any encoding and none of the invisible
 * characters above out of place; sanitizing it again changes nothing.
 * Needs setlocale(LC_CTYPE) with a UTF-8 locale, as the whole client
 * does.  Worst case: a 2-byte character (U+061C) becomes 10 bytes.
 */
#define FMT_SANITIZE_MAX(len)	(5 * (len) + 1)
size_t fmt_sanitize(char *dst, size_t size, const char *s, size_t len);

/* True for the invisible characters fmt_sanitize() always shows as a
 * placeholder, whatever stands beside them (not ZWJ, ZWNJ, variation
 * selectors): for the input line, which draws one glyph a character. */
bool fmt_is_invisible(wchar_t wc);

/*
 * Decode one UTF-8 character of s[0..len) (len > 0) into *wc; returns
 * its length (1..4).  An invalid, overlong or surrogate sequence gives
 * *wc = U+FFFD and length 1.  Used by the wrapper and the editor.
 */
size_t fmt_decode(const char *s, size_t len, wchar_t *wc);
/* Encode wc as UTF-8 into out (4 bytes room); returns the length.
 * Invalid code points encode as U+FFFD. */
size_t fmt_encode(wchar_t wc, char out[4]);

/*
 * Columns a character of sanitized text takes: 0 for combining marks,
 * 2 for wide (CJK, most emoji), 1 otherwise (wcwidth() < 0 counts as 1:
 * draw it as U+FFFD).  Formatting codes take no column: skip them with
 * fmt_code() before asking.
 */
int fmt_wcwidth(wchar_t wc);
/* Columns of sanitized text s[0..len), formatting codes skipped. */
size_t fmt_width(const char *s, size_t len);

/*
 * A stable colour for a nick: the same nick (under RFC 1459 case
 * folding) always gets the same mIRC colour number, picked from the
 * colours readable on both dark and light terminals (never white, black
 * or the greys).
 */
int fmt_nick_colour(const char *nick);

#endif
