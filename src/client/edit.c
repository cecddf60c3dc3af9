/* edit.c: the input line editor (emacs keys, kill ring, scrolling). */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "client/edit.h"
#include "client/format.h"

void
edit_init(struct edit *e)
{
	memset(e, 0, sizeof *e);
	e->utf8_stale = true;
}

void
edit_free(struct edit *e)
{
	int i;

	free(e->text);
	for (i = 0; i < EDIT_KILL_RING; i++)
		free(e->kill[i]);
	free(e->utf8);
	edit_init(e);
}

static bool
reserve(struct edit *e, size_t len)
{
	size_t cap;
	wchar_t *text;

	if (len <= e->cap)
		return true;
	cap = e->cap ? e->cap : 64;
	while (cap < len)
		cap *= 2;
	if ((text = realloc(e->text, cap * sizeof *text)) == NULL)
		return false;
	e->text = text;
	e->cap = cap;
	return true;
}

/* Insert n characters at the cursor, leaving it after them. */
static bool
insert_at_cursor(struct edit *e, const wchar_t *s, size_t n)
{
	if (e->len + n > EDIT_MAX || !reserve(e, e->len + n))
		return false;
	memmove(e->text + e->pos + n, e->text + e->pos,
	    (e->len - e->pos) * sizeof *e->text);
	memcpy(e->text + e->pos, s, n * sizeof *s);
	e->len += n;
	e->pos += n;
	e->utf8_stale = true;
	return true;
}

static void
remove_range(struct edit *e, size_t from, size_t to)
{
	memmove(e->text + from, e->text + to, (e->len - to) * sizeof *e->text);
	e->len -= to - from;
	if (e->pos >= to)
		e->pos -= to - from;
	else if (e->pos > from)
		e->pos = from;
	e->utf8_stale = true;
}

/* Controls may not be typed, except the formatting codes. */
static bool
insertable(wchar_t wc)
{
	if (wc < 0x20)
		return fmt_is_code((unsigned char)wc);
	return wc != 0x7F && !(wc >= 0x80 && wc <= 0x9F) &&
	    !(wc >= 0xD800 && wc <= 0xDFFF) && wc <= 0x10FFFF;
}

bool
edit_insert(struct edit *e, wchar_t wc)
{
	e->last = EDIT_NONE;
	if (!insertable(wc))
		return false;
	return insert_at_cursor(e, &wc, 1);
}

bool
edit_insert_utf8(struct edit *e, const char *s, size_t len)
{
	size_t i = 0;
	bool all = true;
	wchar_t wc;

	e->last = EDIT_NONE;
	while (i < len) {
		i += fmt_decode(s + i, len - i, &wc);
		if (wc == '\t')
			wc = ' ';
		if (insertable(wc) && !insert_at_cursor(e, &wc, 1))
			all = false;
	}
	return all;
}

void
edit_set_utf8(struct edit *e, const char *s)
{
	e->len = e->pos = e->scroll = 0;
	e->utf8_stale = true;
	edit_insert_utf8(e, s, strlen(s));
}

bool
edit_replace_utf8(struct edit *e, size_t from, size_t to, const char *s)
{
	if (from > to || to > e->len)
		return false;
	remove_range(e, from, to);
	e->pos = from;
	return edit_insert_utf8(e, s, strlen(s));
}

size_t
edit_range_utf8(const struct edit *e, size_t from, size_t to, char *dst,
    size_t size)
{
	size_t out = 0, kept = 0, n, i;
	char buf[4];

	/* Whole characters or none, so a short dst never ends mid-way. */
	for (i = from; i < to && i < e->len; i++) {
		n = fmt_encode(e->text[i], buf);
		if (kept == out && out + n < size) {
			memcpy(dst + out, buf, n);
			kept += n;
		}
		out += n;
	}
	if (size > 0)
		dst[kept] = '\0';
	return out;
}

const char *
edit_utf8(struct edit *e)
{
	size_t need = e->len * 4 + 1;
	char *buf;

	if (!e->utf8_stale && e->utf8 != NULL)
		return e->utf8;
	if (need > e->utf8_cap) {
		if ((buf = realloc(e->utf8, need)) == NULL)
			return "";
		e->utf8 = buf;
		e->utf8_cap = need;
	}
	edit_range_utf8(e, 0, e->len, e->utf8, e->utf8_cap);
	e->utf8_stale = false;
	return e->utf8;
}

bool
edit_empty(const struct edit *e)
{
	return e->len == 0;
}

size_t
edit_word_start(const struct edit *e)
{
	size_t i = e->pos;

	while (i > 0 && !iswspace((wint_t)e->text[i - 1]))
		i--;
	return i;
}

/* Word motions (Alt-B/F/D) stop at letters and digits, as in emacs;
 * Ctrl-W kills back to white space, as readline does. */
static bool
word_char(wchar_t wc)
{
	return iswalnum((wint_t)wc);
}

static size_t
word_left(const struct edit *e)
{
	size_t i = e->pos;

	while (i > 0 && !word_char(e->text[i - 1]))
		i--;
	while (i > 0 && word_char(e->text[i - 1]))
		i--;
	return i;
}

static size_t
word_right(const struct edit *e)
{
	size_t i = e->pos;

	while (i < e->len && !word_char(e->text[i]))
		i++;
	while (i < e->len && word_char(e->text[i]))
		i++;
	return i;
}

static size_t
space_word_left(const struct edit *e)
{
	size_t i = e->pos;

	while (i > 0 && iswspace((wint_t)e->text[i - 1]))
		i--;
	while (i > 0 && !iswspace((wint_t)e->text[i - 1]))
		i--;
	return i;
}

static bool
is_kill(enum edit_action a)
{
	return a == EDIT_KILL_END || a == EDIT_KILL_START ||
	    a == EDIT_KILL_WORD_LEFT || a == EDIT_KILL_WORD_RIGHT;
}

/* Save text[from, to) in the kill ring: a kill right after a kill
 * grows the newest entry (at the front when killing backwards), as in
 * emacs, so Ctrl-W Ctrl-W yanks back both words. */
static bool
save_kill(struct edit *e, size_t from, size_t to, bool backwards)
{
	size_t n = to - from, old;
	wchar_t *k;
	int i;

	if (is_kill(e->last) && e->kill[0] != NULL) {
		old = e->kill_len[0];
		if ((k = realloc(e->kill[0], (old + n) * sizeof *k)) == NULL)
			return false;
		if (backwards) {
			memmove(k + n, k, old * sizeof *k);
			memcpy(k, e->text + from, n * sizeof *k);
		} else {
			memcpy(k + old, e->text + from, n * sizeof *k);
		}
		e->kill[0] = k;
		e->kill_len[0] = old + n;
		return true;
	}
	if ((k = malloc(n * sizeof *k)) == NULL)
		return false;
	memcpy(k, e->text + from, n * sizeof *k);
	free(e->kill[EDIT_KILL_RING - 1]);
	for (i = EDIT_KILL_RING - 1; i > 0; i--) {
		e->kill[i] = e->kill[i - 1];
		e->kill_len[i] = e->kill_len[i - 1];
	}
	e->kill[0] = k;
	e->kill_len[0] = n;
	return true;
}

static bool
kill_range(struct edit *e, size_t from, size_t to, bool backwards)
{
	if (from >= to || !save_kill(e, from, to, backwards))
		return false;
	remove_range(e, from, to);
	return true;
}

static bool
do_home(struct edit *e)
{
	e->pos = 0;
	return true;
}

static bool
do_end(struct edit *e)
{
	e->pos = e->len;
	return true;
}

/* Move the cursor to i; false (nothing to do) when it is there. */
static bool
move_to(struct edit *e, size_t i)
{
	if (i == e->pos)
		return false;
	e->pos = i;
	return true;
}

static bool
do_left(struct edit *e)
{
	return move_to(e, e->pos > 0 ? e->pos - 1 : 0);
}

static bool
do_right(struct edit *e)
{
	return move_to(e, e->pos < e->len ? e->pos + 1 : e->len);
}

static bool
do_word_left(struct edit *e)
{
	return move_to(e, word_left(e));
}

static bool
do_word_right(struct edit *e)
{
	return move_to(e, word_right(e));
}

static bool
do_delete(struct edit *e)
{
	if (e->pos == e->len)
		return false;
	remove_range(e, e->pos, e->pos + 1);
	return true;
}

static bool
do_backspace(struct edit *e)
{
	if (e->pos == 0)
		return false;
	remove_range(e, e->pos - 1, e->pos);
	return true;
}

static bool
do_kill_end(struct edit *e)
{
	return kill_range(e, e->pos, e->len, false);
}

static bool
do_kill_start(struct edit *e)
{
	return kill_range(e, 0, e->pos, true);
}

static bool
do_kill_word_left(struct edit *e)
{
	return kill_range(e, space_word_left(e), e->pos, true);
}

static bool
do_kill_word_right(struct edit *e)
{
	return kill_range(e, e->pos, word_right(e), false);
}

static bool
yank_slot(struct edit *e, int slot)
{
	size_t start = e->pos;

	if (e->kill[slot] == NULL ||
	    !insert_at_cursor(e, e->kill[slot], e->kill_len[slot]))
		return false;
	e->yank_start = start;
	e->yank_end = e->pos;
	e->yank_index = slot;
	return true;
}

static bool
do_yank(struct edit *e)
{
	return yank_slot(e, 0);
}

/* Alt-Y right after a yank: replace it with the kill before it. */
static bool
do_yank_pop(struct edit *e)
{
	int slot = e->yank_index;

	if (e->last != EDIT_YANK && e->last != EDIT_YANK_POP)
		return false;
	do
		slot = (slot + 1) % EDIT_KILL_RING;
	while (e->kill[slot] == NULL);
	if (slot == e->yank_index)
		return false;
	e->pos = e->yank_end;
	remove_range(e, e->yank_start, e->yank_end);
	return yank_slot(e, slot);
}

/* Ctrl-T: swap the characters before and under the cursor and step
 * over them; at the end of the line, the last two (as emacs). */
static bool
do_transpose(struct edit *e)
{
	wchar_t wc;

	if (e->pos == 0 || e->len < 2)
		return false;
	if (e->pos == e->len)
		e->pos--;
	wc = e->text[e->pos - 1];
	e->text[e->pos - 1] = e->text[e->pos];
	e->text[e->pos] = wc;
	e->pos++;
	e->utf8_stale = true;
	return true;
}

static bool
do_clear(struct edit *e)
{
	e->len = e->pos = e->scroll = 0;
	e->utf8_stale = true;
	return true;
}

static bool (*const actions[])(struct edit *) = {
	[EDIT_HOME] = do_home,
	[EDIT_END] = do_end,
	[EDIT_LEFT] = do_left,
	[EDIT_RIGHT] = do_right,
	[EDIT_WORD_LEFT] = do_word_left,
	[EDIT_WORD_RIGHT] = do_word_right,
	[EDIT_DELETE] = do_delete,
	[EDIT_BACKSPACE] = do_backspace,
	[EDIT_KILL_END] = do_kill_end,
	[EDIT_KILL_START] = do_kill_start,
	[EDIT_KILL_WORD_LEFT] = do_kill_word_left,
	[EDIT_KILL_WORD_RIGHT] = do_kill_word_right,
	[EDIT_YANK] = do_yank,
	[EDIT_YANK_POP] = do_yank_pop,
	[EDIT_TRANSPOSE] = do_transpose,
	[EDIT_CLEAR] = do_clear,
};

bool
edit_do(struct edit *e, enum edit_action action)
{
	bool done;

	if ((size_t)action >= sizeof actions / sizeof actions[0] ||
	    actions[action] == NULL)
		return false;
	done = actions[action](e);
	/* A failed yank-pop must not end the chance of another. */
	if (done || action != EDIT_YANK_POP)
		e->last = done ? action : EDIT_NONE;
	return done;
}

struct binding {
	bool meta;
	wchar_t key;
	enum edit_action action;
};

/* Sorted by (meta, key) for bsearch. */
static const struct binding bindings[] = {
	{ false, 0x01, EDIT_HOME },		/* C-a */
	{ false, 0x02, EDIT_LEFT },		/* C-b */
	{ false, 0x04, EDIT_DELETE },		/* C-d */
	{ false, 0x05, EDIT_END },		/* C-e */
	{ false, 0x06, EDIT_RIGHT },		/* C-f */
	{ false, 0x08, EDIT_BACKSPACE },	/* C-h */
	{ false, 0x0B, EDIT_KILL_END },		/* C-k */
	{ false, 0x14, EDIT_TRANSPOSE },	/* C-t */
	{ false, 0x15, EDIT_KILL_START },	/* C-u */
	{ false, 0x17, EDIT_KILL_WORD_LEFT },	/* C-w */
	{ false, 0x19, EDIT_YANK },		/* C-y */
	{ false, 0x7F, EDIT_BACKSPACE },	/* DEL from Backspace */
	{ true, 0x08, EDIT_KILL_WORD_LEFT },	/* M-C-h */
	{ true, 'b', EDIT_WORD_LEFT },
	{ true, 'd', EDIT_KILL_WORD_RIGHT },
	{ true, 'f', EDIT_WORD_RIGHT },
	{ true, 'y', EDIT_YANK_POP },
	{ true, 0x7F, EDIT_KILL_WORD_LEFT },	/* M-Backspace */
};

static int
binding_cmp(const void *a, const void *b)
{
	const struct binding *x = a, *y = b;

	if (x->meta != y->meta)
		return x->meta ? 1 : -1;
	return x->key < y->key ? -1 : x->key > y->key;
}

enum edit_action
edit_binding(bool meta, wchar_t key)
{
	struct binding want = { meta, key, EDIT_NONE };
	const struct binding *found;

	found = bsearch(&want, bindings, sizeof bindings / sizeof bindings[0],
	    sizeof bindings[0], binding_cmp);
	return found != NULL ? found->action : EDIT_NONE;
}

int
edit_wcwidth(wchar_t wc)
{
	if (wc < 0x20 || fmt_is_invisible(wc))
		return 1;
	return fmt_wcwidth(wc);
}

/* A completed nick or a paste may hold bidi controls and other
 * invisible characters: one reversed '?' each, as controls show. */
wchar_t
edit_glyph(wchar_t wc)
{
	if (wc < 0x20)
		return '@' + wc;
	if (fmt_is_invisible(wc))
		return '?';
	if (wcwidth(wc) < 0)
		return 0xFFFD;
	return wc;
}

bool
edit_is_control(wchar_t wc)
{
	return wc < 0x20 || fmt_is_invisible(wc);
}

/* Step left from i while the characters passed fit in cols columns. */
static size_t
back_cols(const struct edit *e, size_t i, int cols)
{
	int used = 0, w;

	while (i > 0 && used + (w = edit_wcwidth(e->text[i - 1])) <= cols) {
		used += w;
		i--;
	}
	return i;
}

static int
cols_between(const struct edit *e, size_t from, size_t to)
{
	int cols = 0;

	while (from < to)
		cols += edit_wcwidth(e->text[from++]);
	return cols;
}

void
edit_view(struct edit *e, int width, struct edit_view *v)
{
	int col, under, used, w;
	size_t i;

	if (width < 1)
		width = 1;
	if (e->scroll > e->pos)
		e->scroll = back_cols(e, e->pos, width / 3);
	under = e->pos < e->len ? edit_wcwidth(e->text[e->pos]) : 1;
	if (under < 1)
		under = 1;
	if (cols_between(e, e->scroll, e->pos) + under > width) {
		e->scroll = back_cols(e, e->pos, width - width / 3 - under);
		while (e->scroll < e->pos &&
		    cols_between(e, e->scroll, e->pos) + under > width)
			e->scroll++;
	}
	/* Room left at the end (after a deletion): show more on the left. */
	if (e->scroll > 0 && cols_between(e, e->scroll, e->len) + 1 < width)
		e->scroll = back_cols(e, e->len, width - 1);
	col = cols_between(e, e->scroll, e->pos);
	used = 0;
	for (i = e->scroll; i < e->len; i++) {
		w = edit_wcwidth(e->text[i]);
		if (used + w > width)
			break;
		used += w;
	}
	v->start = e->scroll;
	v->count = i - e->scroll;
	v->cursor = col < width ? col : width - 1;
}
