/*
 * input.c: bytes from the terminal become keys, keys become actions.
 *
 * The terminal's escape sequences are rows of one table; Alt is Escape
 * before the key.  Bindings are rows of a second table sorted by key,
 * found with bsearch; the emacs editing keys the editor knows itself.
 * Bracketed paste (ESC [200~ ... ESC [201~) is held and, when it has
 * several lines, sent only once the user says yes.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buffer.h"
#include "client.h"
#include "complete.h"
#include "edit.h"
#include "format.h"
#include "history.h"
#include "i18n.h"
#include "paste.h"

/* Keys past Unicode: function keys, and Alt as a flag on any key. */
enum {
	KEY_BASE = 0x110000,
	K_UP = KEY_BASE, K_DOWN, K_LEFT, K_RIGHT, K_HOME, K_END, K_DELETE,
	K_INSERT, K_PGUP, K_PGDN, K_CTRL_LEFT, K_CTRL_RIGHT, K_PASTE_START,
	K_PASTE_END, K_ESCAPE,
	K_META = 0x200000
};
#define CTRL(c)	((c) & 0x1f)

/* A lone Escape is known when nothing follows it this soon. */
#define ESC_WAIT_MS	30

struct sequence {
	const char *bytes;
	int key;
};

/* What xterm, tmux, screen and the linux console send, in both cursor
 * key modes. */
static const struct sequence sequences[] = {
	{ "\033[1;3F", K_META | K_END },
	{ "\033[1;3H", K_META | K_HOME },
	{ "\033[1;5C", K_CTRL_RIGHT },
	{ "\033[1;5D", K_CTRL_LEFT },
	{ "\033[1~", K_HOME },
	{ "\033[200~", K_PASTE_START },
	{ "\033[201~", K_PASTE_END },
	{ "\033[2~", K_INSERT },
	{ "\033[3~", K_DELETE },
	{ "\033[4~", K_END },
	{ "\033[5~", K_PGUP },
	{ "\033[6~", K_PGDN },
	{ "\033[7~", K_HOME },
	{ "\033[8~", K_END },
	{ "\033[A", K_UP },
	{ "\033[B", K_DOWN },
	{ "\033[C", K_RIGHT },
	{ "\033[D", K_LEFT },
	{ "\033[F", K_END },
	{ "\033[H", K_HOME },
	{ "\033\033[1~", K_META | K_HOME },
	{ "\033\033[4~", K_META | K_END },
	{ "\033\033[7~", K_META | K_HOME },
	{ "\033\033[8~", K_META | K_END },
	{ "\033\033[H", K_META | K_HOME },
	{ "\033\033[F", K_META | K_END },
	{ "\033OA", K_UP },
	{ "\033OB", K_DOWN },
	{ "\033OC", K_RIGHT },
	{ "\033OD", K_LEFT },
	{ "\033OF", K_END },
	{ "\033OH", K_HOME },
};

enum mode {
	MODE_EDIT,
	MODE_SEARCH,		/* Ctrl-R: typing a search */
	MODE_PASTE_ASK		/* a multi-line paste waits for y or n */
};

static struct edit line;
static struct paste paste;
static enum mode mode = MODE_EDIT;
static char search_text[256];
static size_t search_len;
static bool search_failed;
static char prompt[512];

static unsigned char pending[4096];
static size_t pending_len;
static int64_t esc_deadline = -1;

struct edit *
input_edit(void)
{
	return &line;
}

const char *
input_prompt(void)
{
	return prompt;
}

void
input_init(void)
{
	edit_init(&line);
	paste_init(&paste);
}

void
input_fini(void)
{
	edit_free(&line);
	paste_free(&paste);
}

static void
set_prompt(void)
{
	switch (mode) {
	case MODE_EDIT:
		prompt[0] = '\0';
		break;
	case MODE_SEARCH:
		snprintf(prompt, sizeof prompt, "%s'%s': ", search_failed ?
		    _("(failed search) ") : _("(search) "), search_text);
		break;
	case MODE_PASTE_ASK:
		snprintf(prompt, sizeof prompt, _("Send %zu pasted lines to "
		    "%s? (y/n) "), paste_lines(&paste),
		    window_name(window_current()));
		break;
	}
	ui_dirty();
}

/* Actions. */

static void
do_enter(void)
{
	struct window *w = window_current();
	char *text = xstrdup(edit_utf8(&line));

	edit_do(&line, EDIT_CLEAR);
	history_add(window_history(w), text);
	window_scroll_bottom();
	if (*text != '\0')
		command_run(w, text);
	free(text);
}

static void
do_history(int direction)
{
	struct history *h = window_history(window_current());
	const char *entry = direction < 0 ? history_up(h, edit_utf8(&line)) :
	    history_down(h);

	if (entry != NULL)
		edit_set_utf8(&line, entry);
	else
		ui_bell();
}

static void
do_tab(void)
{
	size_t count;
	const char *const *names = command_names(&count);

	if (!complete_tab(window_completion(window_current()), &line, names,
	    count))
		ui_bell();
}

/* The line being typed stays across a window switch (as in irssi); only
 * the history browsing of the new window starts afresh. */
static void
switch_window(void)
{
	history_reset(window_history(window_current()));
}

struct binding {
	int key;
	void (*fn)(int key);
};

static void key_quit(int key) { quit_request(NULL); }
static void key_enter(int key) { do_enter(); }
static void key_tab(int key) { do_tab(); }
static void key_next(int key) { window_show_next(+1); }
static void key_prev(int key) { window_show_next(-1); }
static void key_active(int key) { window_show_active(); }
static void key_filter(int key) { window_toggle_filter(); }
static void key_redraw(int key) { ui_resize(); }
static void key_up(int key) { do_history(-1); }
static void key_down(int key) { do_history(+1); }
static void key_pgup(int key) { window_scroll_page(+1); }
static void key_pgdn(int key) { window_scroll_page(-1); }
static void key_top(int key) { window_scroll_top(); }
static void key_bottom(int key) { window_scroll_bottom(); }

static void
key_window(int key)
{
	int n = (key & ~K_META) - '0';

	if (!window_show_number(n))
		ui_bell();
}

static void
key_search(int key)
{
	mode = MODE_SEARCH;
	search_text[0] = '\0';
	search_len = 0;
	search_failed = false;
	set_prompt();
}

static void
key_edit(int key)
{
	static const struct {
		int key;
		enum edit_action action;
	} keys[] = {
		{ K_LEFT, EDIT_LEFT }, { K_RIGHT, EDIT_RIGHT },
		{ K_HOME, EDIT_HOME }, { K_END, EDIT_END },
		{ K_DELETE, EDIT_DELETE }, { K_CTRL_LEFT, EDIT_WORD_LEFT },
		{ K_CTRL_RIGHT, EDIT_WORD_RIGHT },
	};

	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (keys[i].key == key && !edit_do(&line, keys[i].action))
			ui_bell();
}

/* Sorted by key for bsearch. */
static const struct binding bindings[] = {
	{ CTRL('C'), key_quit },
	{ CTRL('I'), key_tab },
	{ CTRL('J'), key_enter },
	{ CTRL('L'), key_redraw },
	{ CTRL('M'), key_enter },
	{ CTRL('N'), key_next },
	{ CTRL('P'), key_prev },
	{ CTRL('R'), key_search },
	{ K_UP, key_up },
	{ K_DOWN, key_down },
	{ K_LEFT, key_edit },
	{ K_RIGHT, key_edit },
	{ K_HOME, key_edit },
	{ K_END, key_edit },
	{ K_DELETE, key_edit },
	{ K_PGUP, key_pgup },
	{ K_PGDN, key_pgdn },
	{ K_CTRL_LEFT, key_edit },
	{ K_CTRL_RIGHT, key_edit },
	{ K_META | '1', key_window },
	{ K_META | '2', key_window },
	{ K_META | '3', key_window },
	{ K_META | '4', key_window },
	{ K_META | '5', key_window },
	{ K_META | '6', key_window },
	{ K_META | '7', key_window },
	{ K_META | '8', key_window },
	{ K_META | '9', key_window },
	{ K_META | 'a', key_active },
	{ K_META | 'j', key_filter },
	{ K_META | K_HOME, key_top },
	{ K_META | K_END, key_bottom },
};

static int
binding_cmp(const void *key, const void *row)
{
	int a = *(const int *)key, b = ((const struct binding *)row)->key;

	return a < b ? -1 : a > b;
}

/* A key while typing a line. */
static void
key_in_edit(int key)
{
	const struct binding *b;
	enum edit_action action;
	struct complete *c = window_completion(window_current());
	struct window *before = window_current();

	if (key != CTRL('I'))
		complete_reset(c);
	b = bsearch(&key, bindings, sizeof bindings / sizeof bindings[0],
	    sizeof bindings[0], binding_cmp);
	if (b != NULL) {
		b->fn(key);
		if (window_current() != before)
			switch_window();
		return;
	}
	if (key & K_META) {
		action = edit_binding(true, key & ~K_META);
		if (action != EDIT_NONE && !edit_do(&line, action))
			ui_bell();
		return;
	}
	if (key < 0x20 || key == 0x7f) {
		action = edit_binding(false, key);
		if (action == EDIT_NONE) {
			/* Ctrl-B, Ctrl-C... that the editor keeps as
			 * formatting codes are typed in. */
			if (!edit_insert(&line, key))
				ui_bell();
		} else if (!edit_do(&line, action)) {
			ui_bell();
		}
		return;
	}
	if (key < KEY_BASE && !edit_insert(&line, key))
		ui_bell();
}

static void
key_in_search(int key)
{
	bool again = false;

	if (key == CTRL('R')) {
		again = true;
	} else if (key == CTRL('M') || key == CTRL('J') || key == K_ESCAPE ||
	    key == CTRL('G') || key == CTRL('C')) {
		mode = MODE_EDIT;
		if (key != CTRL('M') && key != CTRL('J'))
			window_scroll_bottom();
		window_search_end();
		set_prompt();
		return;
	} else if (key == 0x7f || key == CTRL('H')) {
		while (search_len > 0 &&
		    (search_text[search_len - 1] & 0xc0) == 0x80)
			search_len--;
		if (search_len > 0)
			search_len--;
		search_text[search_len] = '\0';
	} else if (key >= 0x20 && key < KEY_BASE && key != 0x7f) {
		char utf8[4];
		size_t n = fmt_encode(key, utf8);

		if (search_len + n >= sizeof search_text) {
			ui_bell();
			return;
		}
		memcpy(search_text + search_len, utf8, n);
		search_len += n;
		search_text[search_len] = '\0';
	} else {
		return;
	}
	search_failed = search_len > 0 && !window_search(search_text, again);
	if (search_failed)
		ui_bell();
	set_prompt();
}

static void
send_paste(void)
{
	struct window *w = window_current();
	const char *text;
	size_t offset = 0, len;
	struct edit piece;

	/* Each line as the input line would take it: controls (ESC from a
	 * copied terminal, NUL) dropped, TAB a space, at most EDIT_MAX
	 * characters. */
	edit_init(&piece);
	while (paste_next_line(&paste, &offset, &text, &len)) {
		edit_do(&piece, EDIT_CLEAR);
		edit_insert_utf8(&piece, text, len);
		command_say(w, edit_utf8(&piece));
	}
	edit_free(&piece);
}

static void
key_in_paste_ask(int key)
{
	if (key == 'y' || key == 'Y') {
		send_paste();
	} else if (key != 'n' && key != 'N' && key != K_ESCAPE &&
	    key != CTRL('C') && key != CTRL('G')) {
		ui_bell();
		return;
	}
	paste_clear(&paste);
	mode = MODE_EDIT;
	set_prompt();
}

/* The paste ended (marker or timeout): one line is typed in, several
 * are held for the question. */
static void
paste_done(void)
{
	paste_end(&paste);
	ui_dirty();
	if (paste.overflow)
		window_error(window_current(), _("The paste was longer "
		    "than %d bytes; the rest was dropped."), PASTE_MAX);
	if (paste_multiline(&paste) && mode == MODE_EDIT) {
		mode = MODE_PASTE_ASK;
		set_prompt();
		return;
	}
	if (mode == MODE_EDIT && paste.len > 0 &&
	    !edit_insert_utf8(&line, paste.text, paste.len))
		ui_bell();
	paste_clear(&paste);
}

static void
dispatch(int key)
{
	ui_dirty();
	if (key == K_PASTE_START) {
		paste_begin(&paste, clock_ms());
		return;
	}
	if (key == K_PASTE_END)
		return;
	switch (mode) {
	case MODE_EDIT:
		key_in_edit(key);
		break;
	case MODE_SEARCH:
		key_in_search(key);
		break;
	case MODE_PASTE_ASK:
		key_in_paste_ask(key);
		break;
	}
}

static void
consume(size_t n)
{
	memmove(pending, pending + n, pending_len - n);
	pending_len -= n;
}

/* Inside a paste: everything up to the end marker is text. */
static bool
take_paste(void)
{
	static const char end[] = "\033[201~";
	size_t keep;
	unsigned char *hit = memmem(pending, pending_len, end, sizeof end - 1);

	if (hit != NULL) {
		paste_add(&paste, (char *)pending, hit - pending);
		consume(hit - pending + sizeof end - 1);
		paste_done();
		return true;
	}
	/* Hold back what could be the start of the marker. */
	for (keep = sizeof end - 2; keep > 0; keep--)
		if (pending_len >= keep &&
		    memcmp(pending + pending_len - keep, end, keep) == 0)
			break;
	paste_add(&paste, (char *)pending, pending_len - keep);
	consume(pending_len - keep);
	return false;
}

/* Decode an escape sequence at the front of pending.  Returns the bytes
 * used, or 0 when more may be coming. */
static size_t
take_escape(int *key)
{
	bool prefix = false;
	size_t n;
	wchar_t wc;

	for (size_t i = 0; i < sizeof sequences / sizeof sequences[0]; i++) {
		size_t len = strlen(sequences[i].bytes);

		if (pending_len >= len &&
		    memcmp(pending, sequences[i].bytes, len) == 0) {
			*key = sequences[i].key;
			return len;
		}
		if (pending_len < len &&
		    memcmp(pending, sequences[i].bytes, pending_len) == 0)
			prefix = true;
	}
	if (prefix || pending_len == 1)
		return 0;
	if (pending[1] == '[' || pending[1] == 'O') {
		/* An unknown CSI or SS3 sequence: skip it whole. */
		for (n = 2; n < pending_len; n++)
			if (pending[n] >= 0x40 && pending[n] <= 0x7e &&
			    (pending[1] == '[' || n == 2)) {
				*key = -1;
				return n + 1;
			}
		return pending_len > 32 ? (*key = -1, pending_len) : 0;
	}
	if (pending[1] == 0x1b) {
		*key = K_ESCAPE;
		return 1;
	}
	if (pending[1] < 0x80) {
		*key = K_META | pending[1];
		return 2;
	}
	n = fmt_decode((char *)pending + 1, pending_len - 1, &wc);
	*key = K_META | (int)wc;
	return 1 + n;
}

static void
process(bool flush)
{
	while (pending_len > 0) {
		size_t used;
		int key;

		if (paste.active) {
			if (!take_paste())
				return;
			continue;
		}
		if (pending[0] == 0x1b) {
			used = take_escape(&key);
			if (used == 0 && !flush) {
				esc_deadline = clock_ms() + ESC_WAIT_MS;
				return;
			}
			if (used == 0) {
				key = K_ESCAPE;
				used = 1;
			}
		} else if (pending[0] < 0x80) {
			key = pending[0];
			used = 1;
		} else {
			wchar_t wc;
			size_t need = pending[0] >= 0xf0 ? 4 :
			    pending[0] >= 0xe0 ? 3 : 2;

			if (pending_len < need && !flush) {
				esc_deadline = clock_ms() + ESC_WAIT_MS;
				return;
			}
			used = fmt_decode((char *)pending, pending_len, &wc);
			key = (int)wc;
		}
		esc_deadline = -1;
		consume(used);
		if (key >= 0)
			dispatch(key);
	}
	esc_deadline = -1;
}

void
input_read(void)
{
	ssize_t n;

	n = read(STDIN_FILENO, pending + pending_len,
	    sizeof pending - pending_len);
	if (n < 0) {
		if (errno == EINTR || errno == EAGAIN)
			return;
		fatal("read: %s", strerror(errno));
	}
	if (n == 0) {
		quit_request(NULL);
		return;
	}
	pending_len += n;
	process(pending_len == sizeof pending);
}

int64_t
input_deadline(void)
{
	int64_t d = esc_deadline;

	if (paste.active) {
		int64_t p = clock_ms() + paste_wait_ms(&paste, clock_ms());

		if (d < 0 || p < d)
			d = p;
	}
	return d;
}

void
input_timers(int64_t now)
{
	if (paste.active && paste_expired(&paste, now)) {
		/* No end marker came: what arrived is the paste. */
		paste_add(&paste, (char *)pending, pending_len);
		pending_len = 0;
		paste_done();
	}
	if (esc_deadline >= 0 && now >= esc_deadline)
		process(true);
}
