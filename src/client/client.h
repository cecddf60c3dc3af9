/*
 * client.h: what the files of banter share.
 *
 * main.c runs the one poll() loop; net.c owns the socket, handle.c the
 * messages from the server, command.c the /commands, window.c the windows
 * and their scrollback, ui.c the curses screen, input.c the keys,
 * config.c the options and the config file, log.c the log files.
 */
#ifndef BANTER_CLIENT_H
#define BANTER_CLIENT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "proto.h"

/* Exit statuses, as banter(1) documents them. */
enum {
	EXIT_OK = 0,		/* /quit, Ctrl-C, SIGTERM, SIGHUP */
	EXIT_ERROR = 1,		/* the terminal or the system failed */
	EXIT_USAGE = 2		/* bad option, config file or password file */
};

#define DEFAULT_PORT		"6667"
#define DEFAULT_CHANNEL		"#lobby"
#define SCROLLBACK_DEFAULT	10000
#define SCROLLBACK_MIN		100
#define SCROLLBACK_MAX		1000000
/* Each address gets this long to accept the connection. */
#define CONNECT_TIMEOUT_MS	20000
/* A server that has not welcomed us by then is dropped and retried. */
#define REGISTER_TIMEOUT_MS	60000
/* A quiet server is asked with PING after this, and dropped if still
 * quiet after as long again. */
#define IDLE_PING_MS		180000
#define IDLE_DROP_MS		60000
/* After /quit, wait this long for the server to close before leaving. */
#define QUIT_WAIT_MS		2000
/* Flood pacing as RFC 1459 8.10: each line costs 2 s, at most 10 s
 * ahead, so a burst of 5 and then one line every 2 s. */
#define FLOOD_LINE_MS		2000
#define FLOOD_BURST_MS		10000
#define PACED_MAX		512
/* The send queue: a client that cannot write this much is stuck. */
#define SENDQ_MAX		(64 * 1024)
#define NICK_MAX		64
/* CTCP VERSION is answered at most this often. */
#define CTCP_REPLY_MS		10000
/* Nicks tried at registration before asking the user. */
#define NICK_TRIES_MAX		20
/* The terminal bell rings at most this often. */
#define BELL_MIN_MS		1000
#define NAME_MAX_LEN		200	/* channel or query names */
#define WINDOWS_MAX		200
/* All scrollback together: a server filling 200 windows with 10,000
 * long lines each would otherwise take gigabytes.  Past it, the oldest
 * lines of the window holding most go. */
#define SCROLLBACK_BYTES_MAX	((size_t)256 * 1024 * 1024)
#define AWAY_MSG_DEFAULT	"away"

/* main.c / config.c: the options, from the command line and the file. */
struct options {
	char *host;
	char *port;
	char *nick;
	char *user;
	char *realname;
	char *join;
	char *password_file;
	char *config;
	char *password;		/* read from password_file */
	bool timestamps;
	bool log;
	long scrollback;
};
extern struct options opts;

/* An option as both the command line and the config file know it. */
enum option_id {
	OPT_HELP = 'h' + 256,
	OPT_VERSION,
	OPT_HOST,
	OPT_SCROLLBACK
};
/* Apply one option; false with *why set when the value is bad. */
bool options_apply(int id, const char *value, bool from_config,
    const char **why);
/* Read the config file (explicit: must exist); returns false after
 * printing "file:line: message" to stderr. */
bool config_read(const char *path, bool explicit);
/* The long option name for a config line, or -1. */
int config_option_id(const char *name, bool *takes_value);
char *config_default_path(void);

/* main.c */
int64_t clock_ms(void);
void quit_request(const char *message);
extern char *quit_message;
void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
char *xstrdup(const char *s);
void fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2),
    noreturn));

/* net.c: one connection, reconnected with backoff. */
enum net_state {
	NET_IDLE,		/* waiting to (re)connect */
	NET_CONNECTING,		/* a non-blocking connect in progress */
	NET_CONNECTED
};
void net_init(void);
void net_fini(void);
void net_connect_now(void);
void net_disconnect(const char *why, bool reconnect);
enum net_state net_state(void);
int net_fd(void);
short net_events(void);
void net_ready(short revents);
/* The nearest deadline in clock_ms() time, or -1. */
int64_t net_deadline(void);
void net_timers(int64_t now);
/* Queue one raw line (no CR LF); it is cut at IRC_BODY_MAX bytes on a
 * character boundary. */
void net_send(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* handle.c: messages from the server (and our own, echoed). */
struct self {
	char nick[NICK_MAX + 1];	/* the nick the server knows us by */
	char want_nick[NICK_MAX + 1];	/* the nick we asked for */
	bool registered;
	bool cap_echo;			/* echo-message acknowledged */
	bool cap_server_time;
	bool cap_away_notify;
	bool cap_multi_prefix;
	bool away;
	char away_message[256];		/* set again after a reconnect */
	enum irc_casemap casemap;
	char chantypes[16];
	char prefix_modes[16];		/* "ov" of PREFIX=(ov)@+ */
	char prefix_chars[16];		/* "@+" */
	char network[64];
	int nick_tries;
};
extern struct self self;
void handle_connected(void);
void handle_disconnected(void);
void handle_line(char *line, size_t len);
/* Feed a message we sent back through the handlers (local echo). */
void handle_echo(const char *command, const char *target, const char *text);
bool handle_is_channel(const char *name);

/* window.c: the server window, one per channel, one per query. */
enum heat {
	HEAT_EVENT,		/* joins, parts, quits, nicks: dimmed */
	HEAT_INFO,		/* replies and notices from the server */
	HEAT_CHAT,		/* someone spoke */
	HEAT_HOT		/* someone named us, or a private message */
};
struct window;
struct window *window_server(void);
struct window *window_current(void);
struct window *window_find(const char *name);
/* Find or open the window for name (a channel or a nick); NULL when
 * WINDOWS_MAX are open already. */
struct window *window_open(const char *name);
void window_close(struct window *w);
void window_show(struct window *w);
bool window_show_number(int number);	/* 1-based */
void window_show_next(int step);
void window_show_active(void);
int window_count(void);
struct window *window_at(int index);	/* 0-based */
int window_number(const struct window *w);	/* 1-based */
const char *window_name(const struct window *w);
void window_rename(struct window *w, const char *name);
bool window_is_channel(const struct window *w);
bool window_joined(const struct window *w);
void window_set_joined(struct window *w, bool joined);
unsigned window_unread(const struct window *w);
bool window_hot(const struct window *w);
/* Add a line to w: text may hold IRC formatting codes and anything the
 * network sent; the scrollback sanitizes it.  when is 0 for now. */
void window_add(struct window *w, enum heat heat, time_t when,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* A line spoken by nick (the smart filter remembers who spoke). */
void window_add_nick(struct window *w, enum heat heat, time_t when,
    const char *nick, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
void window_vadd(struct window *w, enum heat heat, time_t when,
    const char *nick, const char *fmt, va_list ap)
    __attribute__((format(printf, 5, 0)));
/* A join/part/quit/nick line about nick, hidden by the smart filter when
 * nick has not spoken lately. */
void window_add_event(struct window *w, const char *nick, time_t when,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* An error the user caused, marked with a bold '!'. */
void window_error(struct window *w, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void window_clear(struct window *w);
/* The bound on all scrollback together (SCROLLBACK_BYTES_MAX; tests set
 * a smaller one). */
void window_bound_bytes(size_t max);
/* Nicks in a channel, for completion and the smart filter. */
void window_nick_add(struct window *w, const char *nick, bool spoke);
void window_nick_remove(struct window *w, const char *nick);
bool window_nick_has(struct window *w, const char *nick);
void window_nick_rename(struct window *w, const char *from, const char *to);
void window_nick_clear(struct window *w);
/* Scrolling in the current window, whose pane is width x height. */
void window_scroll_page(int direction);
void window_scroll_top(void);
void window_scroll_bottom(void);
bool window_scrolled(const struct window *w);
/* Ctrl-R: search backwards; again: the hit before the last one. */
bool window_search(const char *text, bool again);
void window_search_end(void);
void window_toggle_filter(void);
bool window_filter_on(void);
/* The parts a window owns, for input.c and ui.c. */
struct buffer *window_buffer(struct window *w);
struct history *window_history(struct window *w);
struct complete *window_completion(struct window *w);
void window_free_all(void);

/* ui.c: the screen. */
void ui_init(void);
void ui_fini(void);
void ui_resize(void);
void ui_draw(void);
void ui_dirty(void);
/* Columns for a line's text (the pane less the time stamp). */
int ui_text_width(void);
int ui_pane_height(void);
void ui_bell(void);

/* input.c: keys from the terminal. */
struct edit;
void input_init(void);
void input_fini(void);
void input_read(void);
int64_t input_deadline(void);
void input_timers(int64_t now);
/* The line being typed, and what the input line shows before it. */
struct edit *input_edit(void);
const char *input_prompt(void);

/* command.c: what the user types. */
void command_run(struct window *w, const char *line);
/* Send text to the window's channel or query, split as needed. */
void command_say(struct window *w, const char *text);
/* The command names without '/', sorted, for completion. */
const char *const *command_names(size_t *count);

/* log.c: -l writes every window to $XDG_DATA_HOME/banter/log/. */
void log_init(void);
void log_line(const char *window, time_t when, const char *text);
void log_fini(void);

#endif
