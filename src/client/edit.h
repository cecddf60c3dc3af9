/*
 * edit.h: the input line editor.
 *
 * The text is held as wide characters so that the cursor moves by
 * character and the columns are counted with wcwidth(); it leaves as
 * UTF-8.  Emacs keys, a kill ring with yank and yank-pop, and the
 * horizontal scroll that keeps the cursor on screen.  Knows nothing of
 * curses: input.c maps keys to actions (edit_binding() helps), ui.c draws
 * what edit_view() says.
 */
#ifndef BANTER_EDIT_H
#define BANTER_EDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

/* A line longer than this (in characters) is refused: 8 IRC messages. */
#define EDIT_MAX	4096
/* Kills remembered for yank-pop. */
#define EDIT_KILL_RING	8

enum edit_action {
	EDIT_NONE = 0,
	EDIT_HOME,		/* Ctrl-A, Home */
	EDIT_END,		/* Ctrl-E, End */
	EDIT_LEFT,		/* Ctrl-B, Left */
	EDIT_RIGHT,		/* Ctrl-F, Right */
	EDIT_WORD_LEFT,		/* Alt-B */
	EDIT_WORD_RIGHT,	/* Alt-F */
	EDIT_DELETE,		/* Ctrl-D, Delete: the character under the cursor */
	EDIT_BACKSPACE,		/* Ctrl-H, Backspace (DEL) */
	EDIT_KILL_END,		/* Ctrl-K: kill to the end */
	EDIT_KILL_START,	/* Ctrl-U: kill to the start */
	EDIT_KILL_WORD_LEFT,	/* Ctrl-W, Alt-Backspace: kill the word before */
	EDIT_KILL_WORD_RIGHT,	/* Alt-D: kill the word after */
	EDIT_YANK,		/* Ctrl-Y: insert the last kill */
	EDIT_YANK_POP,		/* Alt-Y after a yank: swap in the kill before */
	EDIT_TRANSPOSE,		/* Ctrl-T: swap the characters around the cursor */
	EDIT_CLEAR		/* erase everything (after Enter); not a kill */
};

struct edit {
	wchar_t *text;		/* len characters, not NUL-terminated */
	size_t len, cap;
	size_t pos;		/* cursor: 0..len */
	size_t scroll;		/* first character shown, kept by edit_view() */
	wchar_t *kill[EDIT_KILL_RING];	/* [0] is the newest kill */
	size_t kill_len[EDIT_KILL_RING];
	size_t yank_start, yank_end;	/* what the last yank inserted */
	int yank_index;		/* ring slot of the last yank */
	enum edit_action last;	/* to append kills and allow yank-pop */
	char *utf8;		/* edit_utf8()'s result, rebuilt on demand */
	size_t utf8_cap;
	bool utf8_stale;
};

/* An empty editor; edit_free() releases everything. */
void edit_init(struct edit *e);
void edit_free(struct edit *e);

/*
 * The action bound to a key: ctrl is a control character (0x01..0x1F,
 * 0x7F) or, with meta set, the character typed after Escape/Alt ('b',
 * 'f', 'd', 'y', 0x7F).  EDIT_NONE if unbound.  Function keys (Left,
 * Home...) are curses' business: input.c maps them to actions itself.
 */
enum edit_action edit_binding(bool meta, wchar_t key);

/* Do an action.  Returns false when it could do nothing (the cursor at
 * an edge, nothing to yank), so the caller may beep. */
bool edit_do(struct edit *e, enum edit_action action);

/*
 * Insert one character at the cursor.  Controls are refused (false)
 * except the formatting codes of format.h, so a user can type bold or
 * colour; a full line (EDIT_MAX) refuses too.
 */
bool edit_insert(struct edit *e, wchar_t wc);
/* Insert UTF-8 text (a paste or a completion): invalid bytes become
 * U+FFFD, TAB a space, other controls but the formatting codes are
 * dropped, CR and LF too.  Returns false if something did not fit. */
bool edit_insert_utf8(struct edit *e, const char *s, size_t len);
/* Replace the whole line (a history entry); the cursor goes to the end. */
void edit_set_utf8(struct edit *e, const char *s);

/* Replace characters [from, to) with UTF-8 text (as edit_insert_utf8),
 * leaving the cursor after it.  For tab completion. */
bool edit_replace_utf8(struct edit *e, size_t from, size_t to,
    const char *s);
/* Characters [from, to) as UTF-8 into dst (size bytes, NUL-terminated);
 * returns the length the whole range needs. */
size_t edit_range_utf8(const struct edit *e, size_t from, size_t to,
    char *dst, size_t size);
/* Where the word before the cursor starts (after the previous space). */
size_t edit_word_start(const struct edit *e);

/* The whole line as NUL-terminated UTF-8, valid until the next change. */
const char *edit_utf8(struct edit *e);
/* True if the line holds nothing. */
bool edit_empty(const struct edit *e);

/* Columns a character takes in the input line: wcwidth(), except that
 * controls (the formatting codes) and unprintable characters take 1. */
int edit_wcwidth(wchar_t wc);
/* What ui.c draws for a character: a control (a formatting code) as its
 * letter, Ctrl-B as 'B', to be drawn in reverse video (edit_is_control
 * says which); unprintable characters as U+FFFD; the rest as is. */
wchar_t edit_glyph(wchar_t wc);
bool edit_is_control(wchar_t wc);

/* What to draw in a line of width columns. */
struct edit_view {
	size_t start;		/* first character to draw */
	size_t count;		/* characters to draw from start */
	int cursor;		/* the cursor's column, 0..width-1 */
};

/*
 * Fit the line into width columns (width >= 1) keeping the cursor
 * visible: scroll by a third of the width when the cursor leaves the
 * view, never split a wide character, leave a column for the cursor at
 * the end.  Updates e->scroll, so call it once per redraw.
 */
void edit_view(struct edit *e, int width, struct edit_view *v);

#endif
