/*
 * ui.c: the curses screen: the message pane, the status line and the
 * input line, drawn once per loop turn with one doupdate().  Only
 * sanitized text reaches it (buffer_push() sanitizes; the status line is
 * sanitized here), written with the wide-character calls.
 */
#include "config.h"

#include <curses.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include "buffer.h"
#include "client.h"
#include "edit.h"
#include "format.h"
#include "i18n.h"

/* "[HH:MM] " before each line with -T. */
#define STAMP_WIDTH	8
#define BRACKETED_PASTE_ON	"\033[?2004h"
#define BRACKETED_PASTE_OFF	"\033[?2004l"

static bool started;
static bool dirty = true;
static short pairs[FMT_COLOURS + 1][FMT_COLOURS + 1];
static short next_pair = 1;

/* mIRC colours 0..15 as the 16 terminal colours (modern.ircdocs.horse). */
static const short mirc_colour[16] = {
	15, 0, 4, 2, 9, 1, 5, 3, 11, 10, 6, 14, 12, 13, 8, 7
};

void
ui_dirty(void)
{
	dirty = true;
}

int
ui_pane_height(void)
{
	return started && LINES > 2 ? LINES - 2 : 1;
}

int
ui_text_width(void)
{
	int width = started ? COLS : 80;

	if (opts.timestamps && width > STAMP_WIDTH + 10)
		width -= STAMP_WIDTH;
	return width > 1 ? width : 1;
}

/* A flood of highlights must not become a flood of bells. */
void
ui_bell(void)
{
	static int64_t last = -BELL_MIN_MS;
	int64_t now = clock_ms();

	if (!started || now - last < BELL_MIN_MS)
		return;
	last = now;
	beep();
}

static void
term_write(const char *s)
{
	/* Our own constant sequences, never remote bytes. */
	if (write(STDOUT_FILENO, s, strlen(s)) < 0)
		return;
}

void
ui_init(void)
{
	const char *term = getenv("TERM");

	/* newterm, not initscr: initscr exits by itself, in English, on a
	 * terminal type it does not know. */
	if (newterm(NULL, stdout, stdin) == NULL)
		fatal(_("cannot use the terminal type '%s': set TERM to your "
		    "terminal's type (such as xterm-256color)"),
		    term != NULL ? term : "");
	started = true;
	raw();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	keypad(stdscr, TRUE);
	if (has_colors()) {
		start_color();
		use_default_colors();
	}
	refresh();
	term_write(BRACKETED_PASTE_ON);
	ui_resize();
}

void
ui_fini(void)
{
	if (!started)
		return;
	started = false;
	endwin();
	term_write(BRACKETED_PASTE_OFF);
}

void
ui_resize(void)
{
	struct winsize ws;

	if (!started)
		return;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 &&
	    ws.ws_col > 0)
		resizeterm(ws.ws_row, ws.ws_col);
	clearok(curscr, TRUE);
	dirty = true;
}

static short
colour_of(int mirc)
{
	if (mirc < 0 || mirc >= 16)
		return -1;
	if (COLORS >= 16)
		return mirc_colour[mirc];
	return mirc_colour[mirc] % 8;
}

/* A colour pair for mIRC fg and bg, made on first use. */
static short
pair_of(int fg, int bg)
{
	short *slot;

	if (!has_colors() || (fg == FMT_DEFAULT && bg == FMT_DEFAULT))
		return 0;
	slot = &pairs[fg < 0 ? FMT_COLOURS : fg][bg < 0 ? FMT_COLOURS : bg];
	if (*slot == 0 && next_pair < COLOR_PAIRS && next_pair < SHRT_MAX) {
		if (init_pair(next_pair, colour_of(fg), colour_of(bg)) == OK)
			*slot = next_pair++;
	}
	return *slot;
}

static attr_t
attr_of(const struct fmt_style *s)
{
	attr_t a = A_NORMAL;

	if (s->attr & FMT_BOLD)
		a |= A_BOLD;
	if (s->attr & FMT_ITALIC)
		a |= A_ITALIC;
	if (s->attr & FMT_UNDERLINE)
		a |= A_UNDERLINE;
	if (s->attr & FMT_REVERSE)
		a |= A_REVERSE;
	return a;
}

/*
 * Draw sanitized text at the cursor, no further than column limit.
 * extra is added to every run's attributes (dim events, a search hit).
 * Once a character does not fit, nothing more is drawn: the next run
 * would start wherever ncurses left the cursor, on the next row.
 */
static void
draw_text(const char *text, size_t len, struct fmt_style start,
    attr_t extra, int limit)
{
	struct fmt_iter it;
	struct fmt_run run;
	wchar_t wide[256];
	bool full = false;
	int x = getcurx(stdscr);

	fmt_iter_start(&it, text, len, start);
	while (!full && fmt_iter_next(&it, &run)) {
		size_t i = 0;

		wattr_set(stdscr, attr_of(&run.style) | extra,
		    pair_of(run.style.fg, run.style.bg), NULL);
		while (!full && i < run.len) {
			size_t n = 0;

			while (i < run.len && n < sizeof wide /
			    sizeof wide[0] - 1) {
				wchar_t wc;
				size_t used = fmt_decode(run.text + i,
				    run.len - i, &wc);
				int w = fmt_wcwidth(wc);

				if (x >= limit || x + w > limit) {
					full = true;
					break;
				}
				x += w;
				i += used;
				wide[n++] = wc;
			}
			if (n > 0)
				waddnwstr(stdscr, wide, (int)n);
			/* Should curses have taken more columns than
			 * counted, believe it (but not a wrap to column 0). */
			if (getcurx(stdscr) > x)
				x = getcurx(stdscr);
		}
	}
	wattr_set(stdscr, A_NORMAL, 0, NULL);
}

static void
draw_pane(void)
{
	struct window *w = window_current();
	int height = ui_pane_height(), width = ui_text_width();
	struct buffer_row *rows = xcalloc(height, sizeof *rows);
	size_t n = buffer_view(window_buffer(w), width, height, rows);

	for (size_t r = 0; r < n; r++) {
		const struct buffer_line *line = rows[r].line;
		const char *text = buffer_line_text(line);
		attr_t extra = A_NORMAL;

		move((int)r, 0);
		if (line->flags & LINE_EVENT)
			extra |= A_DIM;
		if (line->flags & LINE_HIGHLIGHT)
			extra |= A_BOLD;
		if (opts.timestamps && COLS > STAMP_WIDTH + 10) {
			char stamp[STAMP_WIDTH + 1] = "        ";
			struct tm tm;

			if (rows[r].first &&
			    localtime_r(&line->time, &tm) != NULL)
				strftime(stamp, sizeof stamp, "[%H:%M] ",
				    &tm);
			attron(A_DIM);
			addstr(stamp);
			attroff(A_DIM);
		}
		if (rows[r].match)
			extra |= A_REVERSE;
		draw_text(text + rows[r].start, rows[r].end - rows[r].start,
		    rows[r].style, extra, COLS);
	}
	free(rows);
}

static size_t
status_add(char *dst, size_t size, size_t len, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static size_t
status_add(char *dst, size_t size, size_t len, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (len >= size)
		return len;
	va_start(ap, fmt);
	n = vsnprintf(dst + len, size - len, fmt, ap);
	va_end(ap);
	return n < 0 ? len : len + (size_t)n >= size ? size - 1 : len + n;
}

/* fmt_sanitize, returning the length kept in dst rather than needed. */
static size_t
sanitize(char *dst, size_t size, const char *s, size_t len)
{
	size_t n = fmt_sanitize(dst, size, s, len);

	return n < size ? n : strlen(dst);
}

/* A name from the network without its formatting codes, which would
 * toggle the status line's own bold and reverse. */
static const char *
plain_name(char *dst, size_t size, const char *name)
{
	fmt_strip(dst, size, name, strlen(name));
	return dst;
}

/* How much of the status line to give up when it does not fit: first
 * "@ HOST" (the server window's name says it), then the windows with
 * nothing new in them. */
enum status_fit {
	STATUS_ALL,
	STATUS_NO_HOST,
	STATUS_ACTIVE_WINDOWS
};

static size_t
status_text(char *status, size_t size, enum status_fit fit)
{
	struct window *cur = window_current();
	char name[NAME_MAX_LEN + 1];
	size_t len = 0;

	len = status_add(status, size, len, " %s%s",
	    plain_name(name, sizeof name, self.nick[0] != '\0' ? self.nick :
	    opts.nick), self.away ? _(" (away)") : "");
	if (fit == STATUS_ALL)
		len = status_add(status, size, len, " @ %s", opts.host);
	len = status_add(status, size, len, " ");
	if (net_state() != NET_CONNECTED)
		len = status_add(status, size, len, "%s ",
		    net_state() == NET_CONNECTING ? _("[connecting]") :
		    _("[disconnected]"));
	len = status_add(status, size, len, "| \x02%d:%s\x02",
	    window_number(cur), plain_name(name, sizeof name,
	    window_name(cur)));
	/* What the view is doing comes before the window list, which a
	 * narrow terminal cuts. */
	if (window_scrolled(cur))
		len = status_add(status, size, len, _(" | -- more below (%zu) "
		    "--"), buffer_below(window_buffer(cur)));
	if (!window_filter_on())
		len = status_add(status, size, len, " %s", _("[all joins]"));
	len = status_add(status, size, len, " |");
	for (int i = 0; i < window_count(); i++) {
		struct window *w = window_at(i);

		if (w == cur || (fit == STATUS_ACTIVE_WINDOWS &&
		    window_unread(w) == 0 && !window_hot(w)))
			continue;
		len = status_add(status, size, len, " %s%d:%s",
		    window_hot(w) ? "\x02" : "", i + 1,
		    plain_name(name, sizeof name, window_name(w)));
		if (window_unread(w) > 0)
			len = status_add(status, size, len, "(%u)",
			    window_unread(w));
		if (window_hot(w))
			len = status_add(status, size, len, "!\x02");
	}
	return len;
}

static void
draw_status(void)
{
	char status[2048], clean[FMT_SANITIZE_MAX(sizeof status)];
	size_t len, clean_len;

	for (enum status_fit fit = STATUS_ALL; ; fit++) {
		len = status_text(status, sizeof status, fit);
		clean_len = sanitize(clean, sizeof clean, status, len);
		if (fit == STATUS_ACTIVE_WINDOWS ||
		    fmt_width(clean, clean_len) <= (size_t)COLS)
			break;
	}
	move(LINES - 2, 0);
	attron(A_REVERSE);
	hline(' ', COLS);
	draw_text(clean, clean_len, fmt_plain, A_REVERSE, COLS);
	attroff(A_REVERSE);
}

static void
draw_input(void)
{
	struct edit *e = input_edit();
	const char *prompt = input_prompt();
	char clean[1024];
	size_t clean_len;
	struct edit_view v;
	int x, width;

	move(LINES - 1, 0);
	clean_len = sanitize(clean, sizeof clean, prompt, strlen(prompt));
	draw_text(clean, clean_len, fmt_plain, A_BOLD, COLS - 1);
	x = getcurx(stdscr);
	width = COLS - x;
	if (width < 1)
		return;
	edit_view(e, width, &v);
	for (size_t i = 0; i < v.count; i++) {
		wchar_t wc = e->text[v.start + i];
		wchar_t glyph[2] = { edit_glyph(wc), L'\0' };
		bool control = edit_is_control(wc) || wc == 0x7f;

		if (control)
			attron(A_REVERSE);
		addnwstr(glyph, 1);
		if (control)
			attroff(A_REVERSE);
	}
	move(LINES - 1, x + v.cursor);
}

void
ui_draw(void)
{
	if (!started || !dirty)
		return;
	dirty = false;
	erase();
	if (LINES >= 3 && COLS >= 1) {
		draw_pane();
		draw_status();
	}
	draw_input();
	wnoutrefresh(stdscr);
	doupdate();
}
