/*
 * window.c: the windows, each a scrollback, an input history, the nicks
 * for completion, an unread count and a highlight mark.  Window 1 is the
 * server's; channels and queries follow in the order they opened.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buffer.h"
#include "client.h"
#include "complete.h"
#include "history.h"
#include "i18n.h"

struct window {
	char *name;
	struct buffer buffer;
	struct history history;
	struct complete nicks;
	unsigned unread;
	bool hot;
	bool joined;
};

static struct window *windows[WINDOWS_MAX];
static int nwindows;
static int current;
static bool filter = true;

static struct window *
window_new(const char *name)
{
	struct window *w = xcalloc(1, sizeof *w);

	w->name = xstrdup(name);
	buffer_init(&w->buffer, opts.scrollback);
	w->buffer.filter = filter;
	history_init(&w->history, 0);
	complete_init(&w->nicks);
	w->nicks.casemap = self.casemap;
	return w;
}

static void
window_free(struct window *w)
{
	free(w->name);
	buffer_free(&w->buffer);
	history_free(&w->history);
	complete_free(&w->nicks);
	free(w);
}

struct window *
window_server(void)
{
	if (nwindows == 0) {
		windows[0] = window_new(opts.host != NULL ? opts.host :
		    "server");
		nwindows = 1;
	}
	return windows[0];
}

struct window *
window_current(void)
{
	window_server();
	return windows[current];
}

int
window_count(void)
{
	window_server();
	return nwindows;
}

struct window *
window_at(int index)
{
	return index >= 0 && index < window_count() ? windows[index] : NULL;
}

int
window_number(const struct window *w)
{
	for (int i = 0; i < nwindows; i++)
		if (windows[i] == w)
			return i + 1;
	return 0;
}

const char *
window_name(const struct window *w)
{
	return w->name;
}

struct buffer *
window_buffer(struct window *w)
{
	return &w->buffer;
}

struct history *
window_history(struct window *w)
{
	return &w->history;
}

struct complete *
window_completion(struct window *w)
{
	w->nicks.casemap = self.casemap;
	return &w->nicks;
}

struct window *
window_find(const char *name)
{
	window_server();
	for (int i = 1; i < nwindows; i++)
		if (irc_casecmp(self.casemap, windows[i]->name, name) == 0)
			return windows[i];
	return NULL;
}

struct window *
window_open(const char *name)
{
	struct window *w = window_find(name);

	if (w != NULL)
		return w;
	/* Past the limit the caller uses the server window: a server
	 * cannot make banter hold windows without end. */
	if (nwindows == WINDOWS_MAX)
		return NULL;
	w = window_new(name);
	windows[nwindows++] = w;
	ui_dirty();
	return w;
}

void
window_close(struct window *w)
{
	int i = window_number(w) - 1;

	if (i <= 0)
		return;
	window_free(w);
	memmove(windows + i, windows + i + 1,
	    (nwindows - i - 1) * sizeof windows[0]);
	nwindows--;
	if (current > i || current >= nwindows)
		current--;
	window_show(windows[current]);
}

void
window_show(struct window *w)
{
	int i = window_number(w) - 1;

	if (i < 0)
		return;
	if (i != current)
		history_reset(&windows[current]->history);
	current = i;
	w->unread = 0;
	w->hot = false;
	ui_dirty();
}

bool
window_show_number(int number)
{
	if (number < 1 || number > window_count())
		return false;
	window_show(windows[number - 1]);
	return true;
}

void
window_show_next(int step)
{
	int n = window_count();

	window_show(windows[((current + step) % n + n) % n]);
}

/* Alt-A: the next window naming us, else the next with unread lines. */
void
window_show_active(void)
{
	int n = window_count();

	for (int pass = 0; pass < 2; pass++) {
		for (int k = 1; k < n; k++) {
			struct window *w = windows[(current + k) % n];

			if (pass == 0 ? w->hot : w->unread > 0) {
				window_show(w);
				return;
			}
		}
	}
}

void
window_rename(struct window *w, const char *name)
{
	free(w->name);
	w->name = xstrdup(name);
	ui_dirty();
}

bool
window_is_channel(const struct window *w)
{
	return w != windows[0] && handle_is_channel(w->name);
}

bool
window_joined(const struct window *w)
{
	return w->joined;
}

void
window_set_joined(struct window *w, bool joined)
{
	w->joined = joined;
	ui_dirty();
}

unsigned
window_unread(const struct window *w)
{
	return w->unread;
}

bool
window_hot(const struct window *w)
{
	return w->hot;
}

bool
window_scrolled(const struct window *w)
{
	return buffer_scrolled(&w->buffer);
}

static size_t scrollback_bytes_max = SCROLLBACK_BYTES_MAX;

void
window_bound_bytes(size_t max)
{
	scrollback_bytes_max = max;
}

/* Keep all the scrollback within scrollback_bytes_max. */
static void
bound_scrollback(void)
{
	size_t total = 0;

	for (int i = 0; i < nwindows; i++)
		total += windows[i]->buffer.bytes;
	while (total > scrollback_bytes_max) {
		struct buffer *most = &windows[0]->buffer;
		size_t before;

		for (int i = 1; i < nwindows; i++)
			if (windows[i]->buffer.bytes > most->bytes)
				most = &windows[i]->buffer;
		before = most->bytes;
		if (!buffer_drop_oldest(most))
			return;
		total -= before - most->bytes;
	}
}

void
window_vadd(struct window *w, enum heat heat, time_t when, const char *nick,
    const char *fmt, va_list ap)
{
	char text[2 * IRC_LINE_MAX];
	const struct buffer_line *line;
	unsigned flags = 0;
	int len;

	len = vsnprintf(text, sizeof text, fmt, ap);
	if (len < 0)
		return;
	if ((size_t)len >= sizeof text)
		len = sizeof text - 1;
	if (when == 0)
		when = time(NULL);
	if (heat == HEAT_EVENT)
		flags |= LINE_EVENT;
	if (heat == HEAT_HOT)
		flags |= LINE_HIGHLIGHT;
	if (nick != NULL && irc_casecmp(self.casemap, nick, self.nick) == 0)
		flags |= LINE_SELF;
	line = buffer_push(&w->buffer, when, flags, nick, text, len);
	if (line == NULL)
		return;
	if (opts.log)
		log_line(w->name, when, buffer_line_text(line));
	if (w != windows[current] || buffer_scrolled(&w->buffer)) {
		if (heat >= HEAT_CHAT && !(flags & LINE_SELF))
			w->unread++;
		if (heat == HEAT_HOT)
			w->hot = true;
	}
	bound_scrollback();
	ui_dirty();
}

void
window_add(struct window *w, enum heat heat, time_t when, const char *fmt,
    ...)
{
	va_list ap;

	va_start(ap, fmt);
	window_vadd(w, heat, when, NULL, fmt, ap);
	va_end(ap);
}

void
window_add_nick(struct window *w, enum heat heat, time_t when,
    const char *nick, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	window_vadd(w, heat, when, nick, fmt, ap);
	va_end(ap);
}

void
window_add_event(struct window *w, const char *nick, time_t when,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	window_vadd(w, HEAT_EVENT, when, nick, fmt, ap);
	va_end(ap);
}

void
window_error(struct window *w, const char *fmt, ...)
{
	char text[IRC_LINE_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	window_add(w, HEAT_INFO, 0, "\x02!\x02 %s", text);
}

void
window_clear(struct window *w)
{
	buffer_clear(&w->buffer);
	ui_dirty();
}

void
window_nick_add(struct window *w, const char *nick, bool spoke)
{
	if (!window_is_channel(w))
		return;
	w->nicks.casemap = self.casemap;
	if (spoke)
		complete_touch(&w->nicks, nick);
	else
		complete_add(&w->nicks, nick);
}

void
window_nick_remove(struct window *w, const char *nick)
{
	complete_remove(&w->nicks, nick);
}

bool
window_nick_has(struct window *w, const char *nick)
{
	if (!window_is_channel(w))
		return irc_casecmp(self.casemap, w->name, nick) == 0 &&
		    w != windows[0];
	w->nicks.casemap = self.casemap;
	return complete_has(&w->nicks, nick);
}

void
window_nick_rename(struct window *w, const char *from, const char *to)
{
	complete_rename(&w->nicks, from, to);
}

void
window_nick_clear(struct window *w)
{
	complete_clear(&w->nicks);
}

void
window_scroll_page(int direction)
{
	struct window *w = window_current();
	int height = ui_pane_height();

	buffer_scroll(&w->buffer, ui_text_width(), height,
	    (long)direction * (height > 2 ? height - 2 : 1));
	if (!buffer_scrolled(&w->buffer))
		w->unread = 0, w->hot = false;
	ui_dirty();
}

void
window_scroll_top(void)
{
	buffer_scroll_top(&window_current()->buffer, ui_text_width(),
	    ui_pane_height());
	ui_dirty();
}

void
window_scroll_bottom(void)
{
	struct window *w = window_current();

	buffer_scroll_bottom(&w->buffer);
	w->unread = 0;
	w->hot = false;
	ui_dirty();
}

bool
window_search(const char *text, bool again)
{
	ui_dirty();
	return buffer_search(&window_current()->buffer, text, again);
}

void
window_search_end(void)
{
	buffer_search_end(&window_current()->buffer);
	ui_dirty();
}

void
window_toggle_filter(void)
{
	filter = !filter;
	for (int i = 0; i < window_count(); i++)
		windows[i]->buffer.filter = filter;
	window_add(window_current(), HEAT_INFO, 0, "%s", filter ?
	    _("Joins, parts and quits of people who have not spoken lately "
	    "are now hidden (Alt-J shows them).") :
	    _("All joins, parts and quits are now shown (Alt-J hides "
	    "those of people who have not spoken lately)."));
}

bool
window_filter_on(void)
{
	return filter;
}

void
window_free_all(void)
{
	for (int i = 0; i < nwindows; i++)
		window_free(windows[i]);
	nwindows = 0;
	current = 0;
}
