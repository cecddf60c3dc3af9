/*
 * buffer.h: a window's scrollback.
 *
 * A bounded ring of logical lines, each one allocation (header, nick and
 * sanitized text).  Lines are wrapped lazily, only those on screen, for
 * the width asked; a line caches its row count for the last width.  The
 * reading position is a line and a byte offset in it, so a resize
 * re-wraps without losing the place.  Pure code: no curses, no I/O.
 */
#ifndef BANTER_BUFFER_H
#define BANTER_BUFFER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "format.h"

#define BUFFER_DEFAULT	10000
/* The smart filter hides joins, parts, quits and nick changes of
 * someone who has not spoken in the window for this long. */
#define BUFFER_QUIET_SECS	(15 * 60)
/* How far back (in lines) the smart filter looks for a nick's words. */
#define BUFFER_QUIET_LOOKBACK	1000

enum {
	LINE_HIGHLIGHT = 1 << 0,	/* names the user: drawn highlighted */
	LINE_EVENT = 1 << 1,		/* join/part/quit/nick: drawn dim */
	LINE_QUIET = 1 << 2,		/* set by buffer_push(): an event of
					 * someone silent, hidden by the filter */
	LINE_SELF = 1 << 3		/* the user's own words */
};

struct buffer_line {
	time_t time;
	uint32_t text_len;	/* bytes of text, NUL not counted */
	uint16_t flags;		/* LINE_* */
	uint8_t nick_len;
	uint8_t pad_;
	uint16_t wrap_width;	/* width wrap_rows was counted for, 0: none */
	uint16_t wrap_rows;
	char data[];		/* nick NUL text NUL */
};

/* The nick a line is about ("" if none) and its text (sanitized, with
 * formatting codes; what the line shows after the time stamp). */
static inline const char *
buffer_line_nick(const struct buffer_line *l)
{
	return l->data;
}

static inline const char *
buffer_line_text(const struct buffer_line *l)
{
	return l->data + l->nick_len + 1;
}

struct buffer {
	struct buffer_line **lines;	/* ring: count lines from first */
	size_t max, cap, count, first;
	uint64_t seq0;		/* number of the oldest line held; the
				 * newest is seq0 + count - 1 */
	/* The view: its bottom row is the row of line pos_seq holding byte
	 * pos_offset of its text, unless at_bottom (following new lines). */
	bool at_bottom;
	uint64_t pos_seq;
	size_t pos_offset;
	size_t bytes;		/* held by the lines, for a bound on them all */
	bool filter;		/* hide LINE_QUIET lines (toggled by a key) */
	bool has_match;		/* match_seq is the last search hit */
	uint64_t match_seq;
};

/* An empty scrollback of at most max lines (0: BUFFER_DEFAULT). */
void buffer_init(struct buffer *b, size_t max);
/* Free every line. */
void buffer_free(struct buffer *b);
/* Drop every line (/clear); the view goes to the bottom. */
void buffer_clear(struct buffer *b);
/* Change the bound; the oldest lines go if there are more. */
void buffer_set_max(struct buffer *b, size_t max);
/* Let the oldest line go (a bound on all windows together); false when
 * there is none. */
bool buffer_drop_oldest(struct buffer *b);

/*
 * Append a line.  text (len bytes, any bytes at all) is sanitized here
 * with fmt_sanitize(), so nothing remote reaches the screen raw; nick
 * ("" or NULL for none) is cut to 255 bytes and sanitized too.  An event
 * line (LINE_EVENT) of a nick with no non-event line in the last
 * BUFFER_QUIET_SECS gets LINE_QUIET.  The oldest line goes when the ring
 * is full.  Returns the line, or NULL when out of memory (line dropped).
 */
const struct buffer_line *buffer_push(struct buffer *b, time_t time,
    unsigned flags, const char *nick, const char *text, size_t len);

/* Lines held, and the ith (0 is the oldest) or NULL past the end. */
size_t buffer_count(const struct buffer *b);
const struct buffer_line *buffer_get(const struct buffer *b, size_t i);

/*
 * Wrapping.  From byte start of text[0..len), find the end of one row of
 * at most width columns: returns where the next row starts and sets
 * *row_end to where this row's text ends.  Breaks after the last space
 * that fits (the space is not drawn), else before the character that
 * does not fit; formatting codes take no column, combining marks stay
 * with their base, a wide character never straddles rows, and a row
 * always takes at least one character so wrapping ends.
 */
size_t buffer_wrap(const char *text, size_t len, size_t start, int width,
    size_t *row_end);
/* How many rows a line takes at width (cached in the line). */
size_t buffer_line_rows(struct buffer_line *l, int width);

/* One row on screen. */
struct buffer_row {
	const struct buffer_line *line;
	size_t start, end;	/* bytes of buffer_line_text() on this row */
	struct fmt_style style;	/* the style in force at start */
	bool first;		/* the line's first row: draw time stamp here */
	bool match;		/* the line is the last search hit */
};

/*
 * The rows the view shows in a pane of width x height, top to bottom,
 * into rows[0..height); returns how many were filled (fewer when the
 * lines do not fill the pane: draw them from the top or the bottom as
 * you like).  Wraps only those lines.  width and height >= 1.
 */
size_t buffer_view(struct buffer *b, int width, int height,
    struct buffer_row *rows);

/*
 * Scroll by n rows: up (older) for n > 0, down for n < 0.  Never past
 * the oldest line's first row at the top of the pane; reaching the
 * newest row goes back to following new lines.
 */
void buffer_scroll(struct buffer *b, int width, int height, long n);
/* The oldest line at the top (Alt-Home) / follow new lines (Alt-End). */
void buffer_scroll_top(struct buffer *b, int width, int height);
void buffer_scroll_bottom(struct buffer *b);
/* True while scrolled up ("more below"); how many lines are below. */
bool buffer_scrolled(const struct buffer *b);
size_t buffer_below(const struct buffer *b);

/*
 * Search backwards (Ctrl-R) for a line whose text, formatting codes
 * aside, holds needle (ASCII case ignored).  next false: start at the
 * last hit itself (as needle grows) or at the newest line; next true:
 * start above the last hit.  A hit becomes the bottom line of the view
 * and is marked (buffer_row.match); returns false, view unchanged, when
 * nothing matches.
 */
bool buffer_search(struct buffer *b, const char *needle, bool next);
/* Forget the search hit (Escape, Enter). */
void buffer_search_end(struct buffer *b);

#endif
