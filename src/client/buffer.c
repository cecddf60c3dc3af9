/* buffer.c: scrollback rings of logical lines, wrapped lazily. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "client/buffer.h"
#include "proto.h"

/* Local text can be long (a big NAMES reply); remote lines are under
 * IRC_LINE_MAX.  More than this is cut. */
#define LINE_TEXT_MAX	(64 * 1024)
#define NICK_BYTES_MAX	255

void
buffer_init(struct buffer *b, size_t max)
{
	memset(b, 0, sizeof *b);
	b->max = max > 0 ? max : BUFFER_DEFAULT;
	b->at_bottom = true;
}

static struct buffer_line *
line_at(const struct buffer *b, size_t i)
{
	return b->lines[(b->first + i) % b->cap];
}

static size_t
line_bytes(const struct buffer_line *l)
{
	return sizeof *l + l->nick_len + 1 + l->text_len + 1;
}

void
buffer_clear(struct buffer *b)
{
	size_t i;

	for (i = 0; i < b->count; i++)
		free(line_at(b, i));
	b->bytes = 0;
	b->seq0 += b->count;
	b->count = b->first = 0;
	b->at_bottom = true;
	b->has_match = false;
}

void
buffer_free(struct buffer *b)
{
	buffer_clear(b);
	free(b->lines);
	buffer_init(b, b->max);
}

static void
drop_oldest(struct buffer *b)
{
	b->bytes -= line_bytes(line_at(b, 0));
	free(line_at(b, 0));
	b->first = (b->first + 1) % b->cap;
	b->count--;
	b->seq0++;
	if (!b->at_bottom && b->pos_seq < b->seq0) {
		b->pos_seq = b->seq0;
		b->pos_offset = 0;
	}
	if (b->has_match && b->match_seq < b->seq0)
		b->has_match = false;
}

void
buffer_set_max(struct buffer *b, size_t max)
{
	b->max = max > 0 ? max : BUFFER_DEFAULT;
	while (b->count > b->max)
		drop_oldest(b);
}

bool
buffer_drop_oldest(struct buffer *b)
{
	if (b->count == 0)
		return false;
	drop_oldest(b);
	return true;
}

size_t
buffer_count(const struct buffer *b)
{
	return b->count;
}

const struct buffer_line *
buffer_get(const struct buffer *b, size_t i)
{
	return i < b->count ? line_at(b, i) : NULL;
}

/* Room for one more line: grow the ring (doubling, up to max) or let
 * the oldest line go. */
static bool
make_room(struct buffer *b)
{
	struct buffer_line **lines;
	size_t cap, i;

	if (b->count == b->max) {
		drop_oldest(b);
		return true;
	}
	if (b->count < b->cap)
		return true;
	cap = b->cap ? b->cap * 2 : 64;
	if (cap > b->max)
		cap = b->max;
	if ((lines = malloc(cap * sizeof *lines)) == NULL)
		return false;
	for (i = 0; i < b->count; i++)
		lines[i] = line_at(b, i);
	free(b->lines);
	b->lines = lines;
	b->cap = cap;
	b->first = 0;
	return true;
}

/* Has nick said anything (a line that is not an event) since since? */
static bool
spoke_since(const struct buffer *b, const char *nick, time_t since)
{
	const struct buffer_line *l;
	size_t i, seen;

	for (i = b->count, seen = 0; i > 0 && seen < BUFFER_QUIET_LOOKBACK;
	    i--, seen++) {
		l = line_at(b, i - 1);
		if (l->time < since)
			break;
		if (!(l->flags & LINE_EVENT) &&
		    irc_casecmp(IRC_CASEMAP_RFC1459, buffer_line_nick(l),
		    nick) == 0)
			return true;
	}
	return false;
}

const struct buffer_line *
buffer_push(struct buffer *b, time_t time, unsigned flags, const char *nick,
    const char *text, size_t len)
{
	char nick_buf[NICK_BYTES_MAX + 1];
	size_t nick_len = 0, text_len;
	struct buffer_line *l;

	if (nick != NULL) {
		/* Cut to what a byte holds where the sanitizer cuts: never
		 * inside a placeholder, nor after a joiner. */
		fmt_sanitize(nick_buf, NICK_BYTES_MAX + 1, nick,
		    strnlen(nick, NICK_BYTES_MAX));
		nick_len = strlen(nick_buf);
	} else {
		nick_buf[0] = '\0';
	}
	if (len > LINE_TEXT_MAX)
		len = LINE_TEXT_MAX;
	text_len = fmt_sanitize(NULL, 0, text, len);
	if (!make_room(b) ||
	    (l = malloc(sizeof *l + nick_len + 1 + text_len + 1)) == NULL)
		return NULL;
	l->time = time;
	l->text_len = (uint32_t)text_len;
	l->flags = (uint16_t)(flags & ~LINE_QUIET);
	l->nick_len = (uint8_t)nick_len;
	l->pad_ = 0;
	l->wrap_width = 0;
	l->wrap_rows = 0;
	memcpy(l->data, nick_buf, nick_len + 1);
	fmt_sanitize(l->data + nick_len + 1, text_len + 1, text, len);
	if ((flags & LINE_EVENT) && nick_len > 0 &&
	    !spoke_since(b, nick_buf, time - BUFFER_QUIET_SECS))
		l->flags |= LINE_QUIET;
	b->lines[(b->first + b->count) % b->cap] = l;
	b->count++;
	b->bytes += line_bytes(l);
	return l;
}

size_t
buffer_wrap(const char *text, size_t len, size_t start, int width,
    size_t *row_end)
{
	struct fmt_style style = fmt_plain;
	size_t i = start, n, space = start;
	bool taken = false;
	int col = 0, w;
	wchar_t wc;

	if (width < 1)
		width = 1;
	while (i < len) {
		if ((n = fmt_code(text + i, len - i, &style)) > 0) {
			i += n;
			continue;
		}
		n = fmt_decode(text + i, len - i, &wc);
		w = fmt_wcwidth(wc);
		if (col + w > width && taken) {
			if (wc == ' ') {
				*row_end = i;
				return i + 1;
			}
			if (space > start) {
				*row_end = space;
				return space + 1;
			}
			*row_end = i;
			return i;
		}
		if (wc == ' ')
			space = i;
		col += w;
		taken = true;
		i += n;
	}
	*row_end = len;
	return len;
}

size_t
buffer_line_rows(struct buffer_line *l, int width)
{
	const char *text = buffer_line_text(l);
	size_t start = 0, end, rows = 0;

	if (width < 1)
		width = 1;
	if (l->wrap_width == width)
		return l->wrap_rows;
	do {
		start = buffer_wrap(text, l->text_len, start, width, &end);
		rows++;
	} while (start < l->text_len);
	if (rows > UINT16_MAX)
		rows = UINT16_MAX;
	if (width <= UINT16_MAX) {
		l->wrap_width = (uint16_t)width;
		l->wrap_rows = (uint16_t)rows;
	}
	return rows;
}

/* Where row `row` of a line starts, in bytes of its text. */
static size_t
row_start(const struct buffer_line *l, int width, size_t row)
{
	const char *text = buffer_line_text(l);
	size_t start = 0, end;

	while (row-- > 0 && start < l->text_len)
		start = buffer_wrap(text, l->text_len, start, width, &end);
	return start;
}

/* Which row of a line holds byte offset (the last row if past it). */
static size_t
row_of(const struct buffer_line *l, int width, size_t offset)
{
	const char *text = buffer_line_text(l);
	size_t start = 0, next, end, row = 0;

	for (;;) {
		next = buffer_wrap(text, l->text_len, start, width, &end);
		if (offset < next || next >= l->text_len)
			return row;
		start = next;
		row++;
	}
}

static bool
shown(const struct buffer *b, size_t i)
{
	return !(b->filter && (line_at(b, i)->flags & LINE_QUIET));
}

/* The shown line before/after *i; false if none. */
static bool
prev_shown(const struct buffer *b, size_t *i)
{
	size_t j = *i;

	while (j > 0)
		if (shown(b, --j)) {
			*i = j;
			return true;
		}
	return false;
}

static bool
next_shown(const struct buffer *b, size_t *i)
{
	size_t j = *i;

	while (++j < b->count)
		if (shown(b, j)) {
			*i = j;
			return true;
		}
	return false;
}

/* A place in the scrollback: line index and row. */
struct place {
	size_t line, row;
};

static bool
newest_place(struct buffer *b, int width, struct place *p)
{
	p->line = b->count;
	if (!prev_shown(b, &p->line))
		return false;
	p->row = buffer_line_rows(line_at(b, p->line), width) - 1;
	return true;
}

static bool
oldest_place(const struct buffer *b, struct place *p)
{
	p->line = 0;
	p->row = 0;
	return b->count > 0 && (shown(b, 0) || next_shown(b, &p->line));
}

/* The row at the bottom of the view. */
static bool
bottom_place(struct buffer *b, int width, struct place *p)
{
	struct buffer_line *l;

	if (b->at_bottom || b->pos_seq < b->seq0 ||
	    b->pos_seq - b->seq0 >= b->count)
		return newest_place(b, width, p);
	p->line = (size_t)(b->pos_seq - b->seq0);
	if (!shown(b, p->line)) {
		/* Hidden by the filter since: the line above it, else below. */
		if (prev_shown(b, &p->line)) {
			p->row = buffer_line_rows(line_at(b, p->line),
			    width) - 1;
			return true;
		}
		if (!next_shown(b, &p->line))
			return false;
		p->row = 0;
		return true;
	}
	l = line_at(b, p->line);
	p->row = row_of(l, width, b->pos_offset);
	return true;
}

static void
set_place(struct buffer *b, int width, const struct place *p)
{
	struct place newest;

	if (newest_place(b, width, &newest) && newest.line == p->line &&
	    newest.row == p->row) {
		b->at_bottom = true;
		return;
	}
	b->at_bottom = false;
	b->pos_seq = b->seq0 + p->line;
	b->pos_offset = row_start(line_at(b, p->line), width, p->row);
}

/* Move p up by n rows; returns how many it moved. */
static size_t
move_up(struct buffer *b, int width, struct place *p, size_t n)
{
	size_t moved = 0, line;

	while (moved < n) {
		if (p->row > 0) {
			p->row--;
		} else {
			line = p->line;
			if (!prev_shown(b, &line))
				break;
			p->line = line;
			p->row = buffer_line_rows(line_at(b, line), width) - 1;
		}
		moved++;
	}
	return moved;
}

static size_t
move_down(struct buffer *b, int width, struct place *p, size_t n)
{
	size_t moved = 0, line;

	while (moved < n) {
		if (p->row + 1 < buffer_line_rows(line_at(b, p->line), width)) {
			p->row++;
		} else {
			line = p->line;
			if (!next_shown(b, &line))
				break;
			p->line = line;
			p->row = 0;
		}
		moved++;
	}
	return moved;
}

/* Fill out[0..want) with the last want rows of line i, ending at row
 * `last` (wrapping the line from its start for the styles). */
static void
line_rows(const struct buffer *b, size_t i, int width, size_t last,
    size_t want, struct buffer_row *out)
{
	const struct buffer_line *l = line_at(b, i);
	const char *text = buffer_line_text(l);
	struct fmt_style style = fmt_plain;
	size_t row, start = 0, next, end, first = last + 1 - want;
	struct buffer_row *r;

	for (row = 0; row <= last; row++) {
		next = buffer_wrap(text, l->text_len, start, width, &end);
		if (row >= first) {
			r = &out[row - first];
			r->line = l;
			r->start = start;
			r->end = end;
			r->style = style;
			r->first = row == 0;
			r->match = b->has_match && b->match_seq == b->seq0 + i;
		}
		style = fmt_style_after(text + start, next - start, style);
		start = next;
	}
}

size_t
buffer_view(struct buffer *b, int width, int height, struct buffer_row *rows)
{
	struct place p;
	size_t left, want, line;

	if (width < 1)
		width = 1;
	if (height < 1 || !bottom_place(b, width, &p))
		return 0;
	/* Fill from the bottom up, then move the rows to the front. */
	left = (size_t)height;
	for (;;) {
		want = p.row + 1 < left ? p.row + 1 : left;
		left -= want;
		line_rows(b, p.line, width, p.row, want, rows + left);
		line = p.line;
		if (left == 0 || !prev_shown(b, &line))
			break;
		p.line = line;
		p.row = buffer_line_rows(line_at(b, line), width) - 1;
	}
	if (left > 0)
		memmove(rows, rows + left, ((size_t)height - left) *
		    sizeof *rows);
	return (size_t)height - left;
}

/* The bottom place when the oldest row is at the top of the pane. */
static bool
top_place(struct buffer *b, int width, int height, struct place *p)
{
	if (!oldest_place(b, p))
		return false;
	move_down(b, width, p, height > 1 ? (size_t)height - 1 : 0);
	return true;
}

/* True if a is above (older than) b. */
static bool
place_before(const struct place *a, const struct place *b)
{
	return a->line < b->line || (a->line == b->line && a->row < b->row);
}

void
buffer_scroll(struct buffer *b, int width, int height, long n)
{
	struct place p, top;

	if (width < 1)
		width = 1;
	if (n == 0 || !bottom_place(b, width, &p))
		return;
	if (n > 0) {
		move_up(b, width, &p, (size_t)n);
		if (top_place(b, width, height, &top) &&
		    place_before(&p, &top))
			p = top;
	} else {
		/* -(n + 1) + 1: no overflow even for LONG_MIN. */
		move_down(b, width, &p, (size_t)-(n + 1) + 1);
	}
	set_place(b, width, &p);
}

void
buffer_scroll_top(struct buffer *b, int width, int height)
{
	struct place p;

	if (width < 1)
		width = 1;
	if (top_place(b, width, height, &p))
		set_place(b, width, &p);
}

void
buffer_scroll_bottom(struct buffer *b)
{
	b->at_bottom = true;
}

bool
buffer_scrolled(const struct buffer *b)
{
	return !b->at_bottom;
}

size_t
buffer_below(const struct buffer *b)
{
	if (b->at_bottom || b->pos_seq < b->seq0)
		return 0;
	return b->count - 1 - (size_t)(b->pos_seq - b->seq0);
}

static int
ascii_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* Skip formatting codes at text[i]. */
static size_t
skip_codes(const char *text, size_t len, size_t i)
{
	struct fmt_style style = fmt_plain;
	size_t n;

	while (i < len && (n = fmt_code(text + i, len - i, &style)) > 0)
		i += n;
	return i;
}

/* Does text hold needle, formatting codes aside, ASCII case ignored? */
static bool
contains(const char *text, size_t len, const char *needle)
{
	size_t i, j, k;

	for (i = skip_codes(text, len, 0); i < len;
	    i = skip_codes(text, len, i + 1)) {
		for (j = i, k = 0; needle[k] != '\0'; j++, k++) {
			j = skip_codes(text, len, j);
			if (j >= len || ascii_lower((unsigned char)text[j]) !=
			    ascii_lower((unsigned char)needle[k]))
				break;
		}
		if (needle[k] == '\0')
			return true;
	}
	return false;
}

bool
buffer_search(struct buffer *b, const char *needle, bool next)
{
	const struct buffer_line *l;
	size_t i;

	if (*needle == '\0' || b->count == 0)
		return false;
	if (b->has_match)
		i = (size_t)(b->match_seq - b->seq0) + (next ? 0 : 1);
	else
		i = b->count;
	while (prev_shown(b, &i)) {
		l = line_at(b, i);
		if (contains(buffer_line_text(l), l->text_len, needle)) {
			b->has_match = true;
			b->match_seq = b->seq0 + i;
			b->at_bottom = false;
			b->pos_seq = b->match_seq;
			b->pos_offset = l->text_len;
			return true;
		}
	}
	return false;
}

void
buffer_search_end(struct buffer *b)
{
	b->has_match = false;
}
