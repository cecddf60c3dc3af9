/* edit_test.c: the input line editor. */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "client/edit.h"
#include "tap.h"

/* Keys as the terminal sends them, for edit_binding(). */
#define CTRL(c)	((c) & 0x1f)

static struct edit e;

/* Start over with text and the cursor after `cursor` characters. */
static void
reset(const char *text, size_t cursor)
{
	edit_free(&e);
	edit_init(&e);
	edit_set_utf8(&e, text);
	e.pos = cursor;
}

static bool
key(bool meta, wchar_t k)
{
	return edit_do(&e, edit_binding(meta, k));
}

static void
test_bindings(void)
{
	static const struct {
		bool meta;
		wchar_t key;
		enum edit_action action;
	} want[] = {
		{ false, CTRL('A'), EDIT_HOME },
		{ false, CTRL('E'), EDIT_END },
		{ false, CTRL('B'), EDIT_LEFT },
		{ false, CTRL('F'), EDIT_RIGHT },
		{ false, CTRL('D'), EDIT_DELETE },
		{ false, CTRL('H'), EDIT_BACKSPACE },
		{ false, 0x7f, EDIT_BACKSPACE },
		{ false, CTRL('K'), EDIT_KILL_END },
		{ false, CTRL('U'), EDIT_KILL_START },
		{ false, CTRL('W'), EDIT_KILL_WORD_LEFT },
		{ false, CTRL('Y'), EDIT_YANK },
		{ false, CTRL('T'), EDIT_TRANSPOSE },
		{ true, 'b', EDIT_WORD_LEFT },
		{ true, 'f', EDIT_WORD_RIGHT },
		{ true, 'd', EDIT_KILL_WORD_RIGHT },
		{ true, 'y', EDIT_YANK_POP },
		{ true, 0x7f, EDIT_KILL_WORD_LEFT },
		{ false, 'a', EDIT_NONE },
		{ false, CTRL('C'), EDIT_NONE },
		{ true, 'z', EDIT_NONE },
	};
	size_t i;

	for (i = 0; i < sizeof want / sizeof want[0]; i++)
		tap_int(edit_binding(want[i].meta, want[i].key),
		    want[i].action, "binding %s0x%02x", want[i].meta ? "M-" : "",
		    (unsigned)want[i].key);
}

static void
test_motion(void)
{
	reset("hello world", 5);
	tap_ok(key(false, CTRL('A')) && e.pos == 0, "C-a to start");
	tap_ok(key(false, CTRL('E')) && e.pos == 11, "C-e to end");
	tap_ok(key(false, CTRL('B')) && e.pos == 10, "C-b left");
	tap_ok(key(false, CTRL('F')) && e.pos == 11, "C-f right");
	tap_ok(!key(false, CTRL('F')), "C-f at the end fails");
	tap_ok(edit_do(&e, EDIT_HOME) && !edit_do(&e, EDIT_LEFT),
	    "Left at the start fails");
	tap_ok(edit_do(&e, EDIT_RIGHT) && e.pos == 1, "Right");
	tap_ok(edit_do(&e, EDIT_END) && e.pos == 11, "End");

	reset("one, two  three", 15);
	tap_ok(key(true, 'b') && e.pos == 10, "M-b to the word start");
	tap_ok(key(true, 'b') && e.pos == 5, "M-b over spaces");
	tap_ok(key(true, 'b') && e.pos == 0, "M-b over punctuation");
	tap_ok(!key(true, 'b'), "M-b at the start fails");
	tap_ok(key(true, 'f') && e.pos == 3, "M-f to the word end");
	tap_ok(key(true, 'f') && e.pos == 8, "M-f over punctuation");
	tap_ok(key(true, 'f') && e.pos == 15, "M-f to the end");
	tap_ok(!key(true, 'f'), "M-f at the end fails");

	/* CJK words are letters too. */
	reset("hi \xe4\xbd\xa0\xe5\xa5\xbd \xf0\x9f\x98\x80", 7);
	tap_ok(key(true, 'b') && e.pos == 3, "M-b over CJK");
	tap_ok(key(true, 'f') && e.pos == 5, "M-f over CJK");
}

static void
test_delete(void)
{
	reset("abc", 1);
	tap_ok(key(false, CTRL('D')), "C-d");
	tap_str(edit_utf8(&e), "ac", "C-d deletes under the cursor");
	tap_ok(edit_do(&e, EDIT_DELETE), "Delete");
	tap_str(edit_utf8(&e), "a", "Delete deletes under the cursor");
	tap_ok(!edit_do(&e, EDIT_DELETE), "Delete at the end fails");
	tap_ok(key(false, 0x7f), "Backspace");
	tap_str(edit_utf8(&e), "", "Backspace deletes before the cursor");
	tap_ok(!key(false, CTRL('H')), "C-h at the start fails");
	reset("x\xe4\xb8\xad\xf0\x9f\x98\x80y", 3);
	tap_ok(key(false, CTRL('H')), "C-h over an emoji");
	tap_str(edit_utf8(&e), "x\xe4\xb8\xady", "a whole emoji goes");
	tap_ok(key(false, CTRL('H')), "C-h over CJK");
	tap_str(edit_utf8(&e), "xy", "a whole CJK character goes");
	tap_int(e.pos, 1, "cursor after x");
}

static void
test_kill_yank(void)
{
	reset("hello big world", 9);
	tap_ok(key(false, CTRL('K')), "C-k");
	tap_str(edit_utf8(&e), "hello big", "C-k kills to the end");
	tap_ok(key(false, CTRL('Y')), "C-y");
	tap_str(edit_utf8(&e), "hello big world", "C-y yanks it back");
	tap_int(e.pos, 15, "cursor after the yank");
	e.pos = 6;
	tap_ok(key(false, CTRL('U')), "C-u");
	tap_str(edit_utf8(&e), "big world", "C-u kills to the start");
	tap_int(e.pos, 0, "cursor at the start");
	tap_ok(!key(false, CTRL('U')), "C-u with nothing before fails");

	reset("say foo bar", 11);
	tap_ok(key(false, CTRL('W')), "C-w");
	tap_str(edit_utf8(&e), "say foo ", "C-w kills a word");
	tap_ok(key(false, CTRL('W')), "C-w again");
	tap_str(edit_utf8(&e), "say ", "C-w kills the next word back");
	tap_ok(key(false, CTRL('Y')), "C-y after two C-w");
	tap_str(edit_utf8(&e), "say foo bar", "consecutive kills join");

	reset("a-b c", 0);
	tap_ok(key(true, 'd'), "M-d");
	tap_str(edit_utf8(&e), "-b c", "M-d kills the word after");
	tap_ok(key(true, 'd'), "M-d again");
	tap_str(edit_utf8(&e), " c", "M-d kills past punctuation");
	tap_ok(key(false, CTRL('Y')), "C-y");
	tap_str(edit_utf8(&e), "a-b c", "forward kills append");

	reset("x.y", 3);
	tap_ok(key(true, 0x7f), "M-Backspace");
	tap_str(edit_utf8(&e), "", "M-Backspace kills to a space");

	/* The ring: three kills, then C-y and M-y cycle back. */
	reset("one two three", 13);
	key(false, CTRL('W'));
	edit_do(&e, EDIT_LEFT);		/* breaks the chain of kills */
	key(false, CTRL('W'));
	edit_do(&e, EDIT_LEFT);
	key(false, CTRL('W'));
	tap_str(edit_utf8(&e), "  ", "three kills");
	e.pos = 0;
	tap_ok(key(false, CTRL('Y')), "C-y");
	tap_str(edit_utf8(&e), "one  ", "C-y yanks the newest kill");
	tap_ok(key(true, 'y'), "M-y");
	tap_str(edit_utf8(&e), "two  ", "M-y swaps in the kill before");
	tap_ok(key(true, 'y'), "M-y again");
	tap_str(edit_utf8(&e), "three  ", "and the one before that");
	tap_ok(key(true, 'y'), "M-y wraps around");
	tap_str(edit_utf8(&e), "one  ", "back to the newest");
	edit_do(&e, EDIT_LEFT);
	tap_ok(!key(true, 'y'), "M-y not after a yank fails");

	reset("", 0);
	tap_ok(!key(false, CTRL('Y')), "C-y with an empty ring fails");
	tap_ok(!key(false, CTRL('K')), "C-k with nothing fails");

	/* Kill and yank CJK and emoji whole. */
	reset("\xe4\xbd\xa0\xe5\xa5\xbd \xf0\x9f\x98\x80\xf0\x9f\x98\x81", 5);
	tap_ok(key(false, CTRL('W')), "C-w over emoji");
	tap_str(edit_utf8(&e), "\xe4\xbd\xa0\xe5\xa5\xbd ", "emoji word gone");
	e.pos = 0;
	key(false, CTRL('Y'));
	tap_str(edit_utf8(&e), "\xf0\x9f\x98\x80\xf0\x9f\x98\x81"
	    "\xe4\xbd\xa0\xe5\xa5\xbd ", "emoji yanked at the start");
}

static void
test_transpose(void)
{
	reset("abcd", 2);
	tap_ok(key(false, CTRL('T')), "C-t");
	tap_str(edit_utf8(&e), "acbd", "C-t swaps around the cursor");
	tap_int(e.pos, 3, "and steps over");
	e.pos = 4;
	tap_ok(key(false, CTRL('T')), "C-t at the end");
	tap_str(edit_utf8(&e), "acdb", "swaps the last two");
	tap_int(e.pos, 4, "cursor stays at the end");
	e.pos = 0;
	tap_ok(!key(false, CTRL('T')), "C-t at the start fails");
	reset("a", 1);
	tap_ok(!key(false, CTRL('T')), "C-t on one character fails");
	reset("\xe4\xb8\xad\xf0\x9f\x98\x80", 2);
	tap_ok(key(false, CTRL('T')), "C-t on CJK and emoji");
	tap_str(edit_utf8(&e), "\xf0\x9f\x98\x80\xe4\xb8\xad",
	    "swapped whole characters");
}

static void
test_insert(void)
{
	reset("", 0);
	tap_ok(edit_insert(&e, L'h') && edit_insert(&e, 0xe9) &&
	    edit_insert(&e, 0x4e2d) && edit_insert(&e, 0x1f600),
	    "insert ASCII, Latin, CJK, emoji");
	tap_str(edit_utf8(&e), "h\xc3\xa9\xe4\xb8\xad\xf0\x9f\x98\x80",
	    "as UTF-8");
	tap_ok(!edit_empty(&e), "not empty");
	tap_ok(!edit_insert(&e, 0x1b), "ESC is refused");
	tap_ok(!edit_insert(&e, 0x07), "BEL is refused");
	tap_ok(!edit_insert(&e, 0x9b), "C1 is refused");
	tap_ok(!edit_insert(&e, 0x7f), "DEL is refused");
	tap_ok(!edit_insert(&e, 0xd800), "a surrogate is refused");
	tap_ok(edit_insert(&e, 0x02), "bold code is allowed");
	tap_ok(edit_is_control(0x02) && edit_glyph(0x02) == 'B',
	    "bold shows as a reverse B");
	tap_int(edit_wcwidth(0x02), 1, "a code takes one column");
	tap_ok(edit_is_control(0x202e) && edit_glyph(0x202e) == '?' &&
	    edit_wcwidth(0x202e) == 1,
	    "a completed or pasted RLO shows as one reverse ?");
	tap_ok(edit_is_control(0x200b) && edit_glyph(0x200b) == '?',
	    "so does a zero-width space");
	tap_ok(!edit_is_control(0x4e2d) && edit_glyph(0x4e2d) == 0x4e2d,
	    "CJK is itself");
	e.pos = 1;
	edit_insert(&e, L'X');
	tap_str(edit_utf8(&e), "hX\xc3\xa9\xe4\xb8\xad\xf0\x9f\x98\x80\x02",
	    "insert in the middle");
	tap_ok(edit_do(&e, EDIT_CLEAR) && edit_empty(&e) && e.pos == 0,
	    "clear");
	tap_str(edit_utf8(&e), "", "empty UTF-8");

	reset("", 0);
	tap_ok(edit_insert_utf8(&e, "a\tb\x1b[2J\r\n\xff", 11),
	    "insert UTF-8 with controls");
	tap_str(edit_utf8(&e), "a b[2J\xef\xbf\xbd",
	    "TAB a space, controls dropped, bad byte U+FFFD");

	reset("", 0);
	{
		size_t i;
		bool all = true;

		for (i = 0; i < EDIT_MAX; i++)
			all = all && edit_insert(&e, L'x');
		tap_ok(all && !edit_insert(&e, L'y'),
		    "the line holds EDIT_MAX characters, no more");
	}

	reset("nick: hello w", 13);
	tap_int(edit_word_start(&e), 12, "word start");
	tap_ok(edit_replace_utf8(&e, 12, 13, "world "), "replace");
	tap_str(edit_utf8(&e), "nick: hello world ", "replaced");
	tap_int(e.pos, 18, "cursor after the replacement");
	{
		char buf[8];

		tap_int(edit_range_utf8(&e, 0, 4, buf, sizeof buf), 4, "range");
		tap_str(buf, "nick", "range text");
	}
	reset("\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad", 3);
	{
		char buf[5];

		tap_int(edit_range_utf8(&e, 0, 3, buf, sizeof buf), 9,
		    "range length of CJK");
		tap_str(buf, "\xe4\xb8\xad", "short buffer: whole characters");
	}
}

/* The columns the view shows, drawn as a string of glyph widths. */
static int
view_cols(const struct edit_view *v)
{
	size_t i;
	int cols = 0;

	for (i = v->start; i < v->start + v->count; i++)
		cols += edit_wcwidth(e.text[i]);
	return cols;
}

/* The cursor column must match the widths of what is drawn before it. */
static int
cursor_col(const struct edit_view *v)
{
	size_t i;
	int cols = 0;

	for (i = v->start; i < e.pos; i++)
		cols += edit_wcwidth(e.text[i]);
	return cols;
}

static void
test_view(void)
{
	struct edit_view v;
	int width, bad;
	size_t i;

	reset("abc", 3);
	edit_view(&e, 10, &v);
	tap_ok(v.start == 0 && v.count == 3 && v.cursor == 3, "short line");

	reset("\xe4\xb8\xad\xe6\x96\x87x", 2);
	edit_view(&e, 10, &v);
	tap_int(v.cursor, 4, "cursor after two CJK is column 4");
	reset("\xf0\x9f\x98\x80" "e\xcc\x81" "a", 3);
	edit_view(&e, 10, &v);
	tap_int(v.cursor, 3, "emoji 2 + e + combining 0 = column 3");

	/* A long line: the cursor stays visible at every position and
	 * width, never on a split wide character. */
	reset("", 0);
	for (i = 0; i < 60; i++)
		edit_insert(&e, i % 3 == 0 ? 0x4e2d : i % 3 == 1 ? L'a' :
		    0x1f600);
	for (width = 1, bad = 0; width <= 30; width++) {
		e.scroll = 0;
		for (i = 0; i <= e.len; i++) {
			e.pos = i;
			edit_view(&e, width, &v);
			if (v.cursor != cursor_col(&v) || v.cursor >= width ||
			    v.start > e.pos || view_cols(&v) > width ||
			    (width >= 3 && v.cursor +
			    (i < e.len ? edit_wcwidth(e.text[i]) : 1) > width))
				bad++;
		}
		for (i = e.len + 1; i-- > 0;) {
			e.pos = i;
			edit_view(&e, width, &v);
			if (v.cursor != cursor_col(&v) || v.cursor >= width ||
			    v.start > e.pos || view_cols(&v) > width)
				bad++;
		}
	}
	tap_int(bad, 0, "cursor visible at every position, widths 1..30");

	reset("", 0);
	for (i = 0; i < 100; i++)
		edit_insert(&e, L'a' + i % 26);
	edit_view(&e, 20, &v);
	tap_ok(v.cursor == 19 && v.start + v.count == 100,
	    "at the end: the tail shown, cursor in the last column");
	edit_do(&e, EDIT_HOME);
	edit_view(&e, 20, &v);
	tap_ok(v.start == 0 && v.cursor == 0 && v.count == 20,
	    "Home scrolls back to the start");
	e.pos = 20;
	edit_view(&e, 20, &v);
	tap_ok(v.start > 0 && v.cursor < 20 && v.cursor >= 10,
	    "moving past the edge scrolls by a part of the width");
	e.pos = 100;
	edit_view(&e, 20, &v);
	while (edit_do(&e, EDIT_BACKSPACE) && e.len > 10)
		continue;
	edit_view(&e, 20, &v);
	tap_ok(v.start == 0 && v.cursor == 10,
	    "after deleting, the whole short line is shown again");
}

int
main(void)
{
	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL) {
		printf("1..0 # SKIP no C.UTF-8 locale\n");
		return 0;
	}
	edit_init(&e);
	test_bindings();
	test_motion();
	test_delete();
	test_kill_yank();
	test_transpose();
	test_insert();
	test_view();
	edit_free(&e);
	return tap_done();
}
