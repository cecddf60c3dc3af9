/*
 * handle.c: what the server sends, one sorted table row per command or
 * numeric, found with bsearch.  Our own messages come through here too
 * (local echo, or the server's echo-message), so they look alike.
 */
#include "config.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "client.h"
#include "format.h"
#include "i18n.h"

struct self self;

/* The capabilities banter asks for when the server offers them. */
static const char *const caps_wanted[] = {
	"away-notify", "echo-message", "multi-prefix", "server-time"
};
static char caps_request[128];
static bool ever_registered;

/* The time of the message being handled (server-time), or 0 for now. */
static time_t msg_time;

static const char *
param(const struct irc_msg *m, int i)
{
	return i < m->nparams && m->params[i] != NULL ? m->params[i] : "";
}

static const char *
last_param(const struct irc_msg *m)
{
	return m->nparams > 0 ? m->params[m->nparams - 1] : "";
}

/* params[first..] joined by spaces into dst (cut when long). */
static const char *
join_params(const struct irc_msg *m, int first, char *dst, size_t size)
{
	size_t len = 0;

	dst[0] = '\0';
	for (int i = first; i < m->nparams && len < size; i++)
		len += snprintf(dst + len, size - len, "%s%s",
		    i > first ? " " : "", m->params[i]);
	return dst;
}

static const char *
who(const struct irc_msg *m)
{
	return m->nick != NULL ? m->nick : "";
}

bool
handle_is_channel(const char *name)
{
	const char *types = self.chantypes[0] != '\0' ? self.chantypes : "#&";

	return name[0] != '\0' && strchr(types, name[0]) != NULL;
}

static bool
is_self(const char *nick)
{
	return irc_casecmp(self.casemap, nick, self.nick) == 0;
}

static bool
is_ascii_word(char c)
{
	return isalnum((unsigned char)c) || strchr("-[]\\`^{}|_", c) != NULL;
}

/* Does text name our nick as a word? */
static bool
names_self(const char *text)
{
	size_t n = strlen(self.nick);

	if (n == 0)
		return false;
	for (const char *p = text; *p != '\0'; p++) {
		if (irc_ncasecmp(self.casemap, p, self.nick, n) == 0 &&
		    (p == text || !is_ascii_word(p[-1])) &&
		    !is_ascii_word(p[n]))
			return true;
	}
	return false;
}

/* "<nick>" in the nick's colour; reversed when the line names us. */
static void
nick_tag(char *dst, size_t size, const char *nick, bool hot)
{
	snprintf(dst, size, "%s\x03%02d%s\x0f%s", hot ? "\x16" : "",
	    fmt_nick_colour(nick), nick, hot ? "\x16" : "");
}

static struct window *
window_for_error(void)
{
	return window_current();
}

static void
show_server(const struct irc_msg *m, const char *text)
{
	window_add(window_server(), HEAT_INFO, msg_time, "%s", text);
	(void)m;
}

static bool
counts_repeated(const struct irc_msg *m)
{
	const char *sentence = last_param(m);

	if (!m->trailing || m->numeric < 250 || m->numeric >= 300 ||
	    m->nparams < 3)
		return false;
	for (int i = 1; i < m->nparams - 1; i++)
		if (strstr(sentence, m->params[i]) == NULL)
			return false;
	return true;
}

/* Numerics with nothing to remember: show the text after our nick. */
static void
show_numeric(const struct irc_msg *m)
{
	char text[IRC_LINE_MAX];

	/* A server that does not know CAP says so: nothing to show. */
	if (m->numeric == ERR_UNKNOWNCOMMAND && !self.registered &&
	    strcasecmp(param(m, 1), "CAP") == 0)
		return;
	/* Counts before a sentence that repeats them go (265 "1 1 :Current
	 * local users 1, max 1"); those it does not (252 "0 :operator(s)
	 * online") stay. */
	join_params(m, counts_repeated(m) ? m->nparams - 1 : 1, text,
	    sizeof text);
	if (m->numeric >= 400 && m->numeric < 600 && m->nparams >= 3)
		window_error(window_for_error(), "%s: %s", param(m, 1),
		    last_param(m));
	else if (m->numeric >= 400 && m->numeric < 600)
		window_error(window_for_error(), "%s", text);
	else
		show_server(m, text);
}

/* Registration. */

void
handle_connected(void)
{
	self.registered = false;
	self.cap_echo = self.cap_server_time = false;
	self.cap_away_notify = self.cap_multi_prefix = false;
	self.nick_tries = 0;
	self.casemap = IRC_CASEMAP_RFC1459;
	strcpy(self.chantypes, "#&");
	strcpy(self.prefix_modes, "ov");
	strcpy(self.prefix_chars, "@+");
	if (self.want_nick[0] == '\0')
		snprintf(self.want_nick, sizeof self.want_nick, "%s",
		    opts.nick);
	snprintf(self.nick, sizeof self.nick, "%s", self.want_nick);
	net_send("CAP LS 302");
	if (opts.password != NULL)
		net_send("PASS :%s", opts.password);
	net_send("NICK %s", self.nick);
	net_send("USER %s 0 * :%s", opts.user, opts.realname);
}

void
handle_disconnected(void)
{
	self.registered = false;
	for (int i = 0; i < window_count(); i++) {
		struct window *w = window_at(i);

		if (i > 0)
			window_add(w, HEAT_INFO, 0, "%s",
			    _("Disconnected from the server; banter will "
			    "reconnect and rejoin."));
	}
}

static void
join_channels(void)
{
	char list[IRC_BODY_MAX];
	size_t len = 0;

	/* After a reconnect, the channels of the open windows. */
	if (ever_registered) {
		for (int i = 0; i < window_count(); i++) {
			struct window *w = window_at(i);
			const char *name = window_name(w);

			if (!window_is_channel(w) || !window_joined(w))
				continue;
			if (len > 0 && len + strlen(name) + 1 > 400) {
				net_send("JOIN %s", list);
				len = 0;
			}
			len += snprintf(list + len, sizeof list - len, "%s%s",
			    len > 0 ? "," : "", name);
		}
		if (len > 0)
			net_send("JOIN %s", list);
		return;
	}
	net_send("JOIN %s", opts.join);
}

static void
on_welcome(struct irc_msg *m)
{
	snprintf(self.nick, sizeof self.nick, "%s", param(m, 0));
	self.registered = true;
	show_numeric(m);
	if (self.away_message[0] != '\0')
		net_send("AWAY :%s", self.away_message);
	join_channels();
	ever_registered = true;
}

static void
on_isupport(struct irc_msg *m)
{
	char *key, *value;
	bool negated;

	for (int i = 1; i + 1 < m->nparams; i++) {
		if (!irc_isupport_split(m->params[i], &key, &value, &negated) ||
		    negated || value == NULL)
			continue;
		if (strcmp(key, "CASEMAPPING") == 0) {
			irc_casemap_parse(value, &self.casemap);
		} else if (strcmp(key, "CHANTYPES") == 0) {
			snprintf(self.chantypes, sizeof self.chantypes, "%s",
			    value);
		} else if (strcmp(key, "NETWORK") == 0) {
			/* \xHH escapes are decoded: any byte may be here. */
			fmt_sanitize(self.network, sizeof self.network, value,
			    strlen(value));
		} else if (strcmp(key, "PREFIX") == 0 && value[0] == '(') {
			char *close = strchr(value, ')');
			size_t n;

			if (close == NULL)
				continue;
			n = close - value - 1;
			if (n >= sizeof self.prefix_modes ||
			    strlen(close + 1) != n)
				continue;
			memcpy(self.prefix_modes, value + 1, n);
			self.prefix_modes[n] = '\0';
			snprintf(self.prefix_chars, sizeof self.prefix_chars,
			    "%s", close + 1);
		}
	}
}

/* CAP LS [*] :caps, CAP ACK :caps, CAP NAK :caps (IRCv3 capability
 * negotiation); LS may come in several lines, '*' marking all but the
 * last. */
static void
on_cap(struct irc_msg *m)
{
	const char *sub = param(m, 1);
	bool more = m->nparams > 3 && strcmp(param(m, 2), "*") == 0;
	char list[IRC_LINE_MAX];
	char *save, *cap;

	if (self.registered)
		return;
	snprintf(list, sizeof list, "%s", last_param(m));
	if (strcasecmp(sub, "LS") == 0) {
		for (cap = strtok_r(list, " ", &save); cap != NULL;
		    cap = strtok_r(NULL, " ", &save)) {
			cap[strcspn(cap, "=")] = '\0';
			for (size_t i = 0; i < sizeof caps_wanted /
			    sizeof caps_wanted[0]; i++) {
				size_t len = strlen(caps_request);

				if (strcmp(cap, caps_wanted[i]) != 0)
					continue;
				snprintf(caps_request + len,
				    sizeof caps_request - len, "%s%s",
				    len > 0 ? " " : "", cap);
			}
		}
		if (more)
			return;
		if (caps_request[0] != '\0')
			net_send("CAP REQ :%s", caps_request);
		else
			net_send("CAP END");
		caps_request[0] = '\0';
	} else if (strcasecmp(sub, "ACK") == 0) {
		for (cap = strtok_r(list, " ", &save); cap != NULL;
		    cap = strtok_r(NULL, " ", &save)) {
			if (strcmp(cap, "echo-message") == 0)
				self.cap_echo = true;
			else if (strcmp(cap, "server-time") == 0)
				self.cap_server_time = true;
			else if (strcmp(cap, "away-notify") == 0)
				self.cap_away_notify = true;
			else if (strcmp(cap, "multi-prefix") == 0)
				self.cap_multi_prefix = true;
		}
		net_send("CAP END");
	} else if (strcasecmp(sub, "NAK") == 0) {
		net_send("CAP END");
	}
}

/* 432, 433 before registration: try nick_, then nick1, nick2...  A 432
 * for a nick made up here means it was too long: cut the base. */
static void
on_nick_taken(struct irc_msg *m)
{
	static size_t room = NICK_MAX;
	char next[NICK_MAX + 1], suffix[16];
	size_t base;

	if (self.registered) {
		window_error(window_current(),
		    _("The nick %s cannot be used: %s"), param(m, 1),
		    last_param(m));
		return;
	}
	show_server(m, last_param(m));
	if (self.nick_tries >= NICK_TRIES_MAX) {
		window_error(window_server(), _("The server took none of the "
		    "nicks tried; choose one with /nick NICK."));
		return;
	}
	if (m->numeric == ERR_ERRONEUSNICKNAME && self.nick_tries > 0 &&
	    strlen(self.nick) > 2)
		room = strlen(self.nick) - 1;
	self.nick_tries++;
	if (self.nick_tries == 1)
		strcpy(suffix, "_");
	else
		snprintf(suffix, sizeof suffix, "%d", self.nick_tries - 1);
	base = strlen(self.want_nick);
	if (base + strlen(suffix) > room)
		base = room > strlen(suffix) ? room - strlen(suffix) : 1;
	snprintf(next, sizeof next, "%.*s%s", (int)base, self.want_nick,
	    suffix);
	window_add(window_server(), HEAT_INFO, msg_time,
	    _("The nick %s cannot be used; trying %s."), param(m, 1), next);
	snprintf(self.nick, sizeof self.nick, "%s", next);
	net_send("NICK %s", next);
}

static void
on_ping(struct irc_msg *m)
{
	net_send("PONG :%s", last_param(m));
}

static void
on_error(struct irc_msg *m)
{
	window_add(window_server(), HEAT_INFO, msg_time, _("Server error: %s"),
	    last_param(m));
}

static void
on_join(struct irc_msg *m)
{
	const char *chan = param(m, 0);
	struct window *w;

	if (!handle_is_channel(chan) || strlen(chan) > NAME_MAX_LEN)
		return;
	if (is_self(who(m))) {
		/* A new window is shown; a rejoin keeps the user's place. */
		bool fresh = window_find(chan) == NULL;

		w = window_open(chan);
		if (w == NULL) {
			window_error(window_server(), _("You joined %s, but "
			    "%d windows are open already: /close some and "
			    "/join it again."), chan, WINDOWS_MAX);
			return;
		}
		window_set_joined(w, true);
		window_nick_clear(w);
		window_nick_add(w, self.nick, false);
		if (fresh)
			window_show(w);
		window_add(w, HEAT_EVENT, msg_time, _("You joined %s"), chan);
		return;
	}
	w = window_find(chan);
	if (w == NULL)
		return;
	window_add_event(w, who(m), msg_time, _("%s (%s@%s) joined %s"),
	    who(m), m->user != NULL ? m->user : "?",
	    m->host != NULL ? m->host : "?", chan);
	window_nick_add(w, who(m), false);
}

static void
on_part(struct irc_msg *m)
{
	struct window *w = window_find(param(m, 0));
	const char *reason = m->nparams > 1 ? last_param(m) : "";

	if (w == NULL)
		return;
	if (is_self(who(m))) {
		window_set_joined(w, false);
		window_nick_clear(w);
		window_add(w, HEAT_EVENT, msg_time, _("You left %s"),
		    param(m, 0));
		return;
	}
	window_add_event(w, who(m), msg_time, _("%s left %s%s%s%s"), who(m),
	    param(m, 0), *reason ? " (" : "", reason, *reason ? "\x0f)" : "");
	window_nick_remove(w, who(m));
}

static void
on_kick(struct irc_msg *m)
{
	struct window *w = window_find(param(m, 0));
	const char *victim = param(m, 1);

	if (w == NULL)
		return;
	if (is_self(victim)) {
		window_set_joined(w, false);
		window_nick_clear(w);
		window_add(w, HEAT_HOT, msg_time,
		    _("%s kicked you from %s (%s\x0f)"), who(m), param(m, 0),
		    last_param(m));
		return;
	}
	window_add(w, HEAT_EVENT, msg_time, _("%s kicked %s from %s (%s\x0f)"),
	    who(m), victim, param(m, 0), last_param(m));
	window_nick_remove(w, victim);
}

static void
on_quit(struct irc_msg *m)
{
	for (int i = 0; i < window_count(); i++) {
		struct window *w = window_at(i);

		if (!window_nick_has(w, who(m)))
			continue;
		window_add_event(w, who(m), msg_time, _("%s quit (%s\x0f)"),
		    who(m), last_param(m));
		window_nick_remove(w, who(m));
	}
}

static void
on_nick(struct irc_msg *m)
{
	const char *to = param(m, 0);
	bool me = is_self(who(m));
	struct window *query;

	if (*to == '\0' || strlen(to) > NICK_MAX)
		return;
	query = window_find(who(m));
	if (query != NULL && window_find(to) == NULL)
		window_rename(query, to);
	for (int i = 0; i < window_count(); i++) {
		struct window *w = window_at(i);

		if (!window_nick_has(w, who(m)) && w != query)
			continue;
		if (me)
			window_add(w, HEAT_EVENT, msg_time,
			    _("You are now known as %s"), to);
		else
			window_add_event(w, who(m), msg_time,
			    _("%s is now known as %s"), who(m), to);
		window_nick_rename(w, who(m), to);
	}
	if (me) {
		snprintf(self.nick, sizeof self.nick, "%s", to);
		snprintf(self.want_nick, sizeof self.want_nick, "%s", to);
		if (!self.registered)
			return;
		window_add(window_server(), HEAT_INFO, msg_time,
		    _("You are now known as %s"), to);
	}
}

/*
 * CTCP: "\1ACTION waves\1" becomes "waves" with *action set.  Any other
 * CTCP is said in the server window (VERSION answered at most every
 * CTCP_REPLY_MS, so nobody can make us flood) and false returned.
 */
static bool
ctcp_unwrap(struct irc_msg *m, char *body, bool *action)
{
	static int64_t last_reply = -CTCP_REPLY_MS;
	size_t len = strlen(body);
	int64_t now;

	*action = false;
	if (body[0] != '\001')
		return true;
	if (len > 1 && body[len - 1] == '\001')
		body[--len] = '\0';
	if (strncmp(body + 1, "ACTION", 6) == 0 &&
	    (body[7] == ' ' || body[7] == '\0')) {
		*action = true;
		memmove(body, body + (body[7] ? 8 : 7),
		    strlen(body + (body[7] ? 8 : 7)) + 1);
		return true;
	}
	now = clock_ms();
	if (irc_command_is(m, "PRIVMSG") && !is_self(who(m)) &&
	    strcmp(body + 1, "VERSION") == 0 &&
	    now - last_reply >= CTCP_REPLY_MS) {
		last_reply = now;
		net_send("NOTICE %s :\001VERSION banter %s\001", who(m),
		    PACKAGE_VERSION);
	}
	window_add(window_server(), HEAT_INFO, msg_time,
	    _("%s sent a CTCP %s"), who(m), body + 1);
	return false;
}

/* The window a message belongs in. */
static struct window *
message_window(struct irc_msg *m, bool notice)
{
	const char *target = param(m, 0), *from = who(m);
	struct window *w;

	if (handle_is_channel(target))
		w = window_find(target);
	else if (is_self(from))
		w = strlen(target) <= NAME_MAX_LEN ? window_open(target) :
		    NULL;
	else if (m->user == NULL || !self.registered)
		w = NULL;	/* the server itself */
	else if (notice)
		w = window_find(from) != NULL ? window_find(from) :
		    window_current();
	else
		w = strlen(from) <= NAME_MAX_LEN ? window_open(from) : NULL;
	return w != NULL ? w : window_server();
}

/* PRIVMSG and NOTICE, CTCP ACTION included. */
static void
on_message(struct irc_msg *m)
{
	bool notice = irc_command_is(m, "NOTICE");
	bool to_channel = handle_is_channel(param(m, 0));
	const char *from = who(m);
	bool mine = is_self(from);
	char tag[NICK_MAX + 32], body[IRC_LINE_MAX];
	struct window *w;
	enum heat heat;
	bool action, hot;

	if (m->nparams < 2)
		return;
	snprintf(body, sizeof body, "%s", last_param(m));
	if (!ctcp_unwrap(m, body, &action))
		return;
	w = message_window(m, notice);
	/* Named, or spoken to in private by a person, not the server. */
	hot = !mine && (names_self(body) || (!to_channel && !notice &&
	    m->user != NULL));
	heat = hot ? HEAT_HOT : HEAT_CHAT;
	if (to_channel)
		window_nick_add(w, from, !mine);
	nick_tag(tag, sizeof tag, from, hot && to_channel);
	if (action)
		window_add_nick(w, heat, msg_time, from, "* %s %s", tag, body);
	else if (notice)
		window_add_nick(w, heat, msg_time, from, "-%s- %s", tag, body);
	else
		window_add_nick(w, heat, msg_time, from, "<%s> %s", tag, body);
	if (hot)
		ui_bell();
}

static void
on_topic(struct irc_msg *m)
{
	struct window *w = window_find(param(m, 0));

	if (w == NULL)
		return;
	window_add(w, HEAT_INFO, msg_time, _("%s set the topic: %s"), who(m),
	    last_param(m));
}

static void
on_mode(struct irc_msg *m)
{
	char modes[IRC_LINE_MAX];
	struct window *w = window_find(param(m, 0));

	window_add(w != NULL ? w : window_server(), HEAT_EVENT, msg_time,
	    _("%s set mode %s %s"), who(m), param(m, 0),
	    join_params(m, 1, modes, sizeof modes));
}

static void
on_invite(struct irc_msg *m)
{
	window_add(window_current(), HEAT_HOT, msg_time,
	    _("%s invites you to %s (type /join %s)"), who(m), param(m, 1),
	    param(m, 1));
}

static void
on_away_notify(struct irc_msg *m)
{
	/* away-notify only tells who is away; nothing to show. */
	(void)m;
}

static void
on_away_reply(struct irc_msg *m)
{
	struct window *w = window_find(param(m, 1));

	window_add(w != NULL ? w : window_current(), HEAT_INFO, msg_time,
	    _("%s is away: %s"), param(m, 1), last_param(m));
}

static void
on_away_state(struct irc_msg *m)
{
	self.away = m->numeric == RPL_NOWAWAY;
	window_add(window_current(), HEAT_INFO, msg_time, "%s",
	    self.away ? _("You are marked as away (/back to return).") :
	    _("You are no longer marked as away."));
}

static void
on_topic_reply(struct irc_msg *m)
{
	struct window *w = window_find(param(m, 1));

	if (m->numeric == RPL_NOTOPIC)
		window_add(w != NULL ? w : window_current(), HEAT_INFO,
		    msg_time, _("%s has no topic"), param(m, 1));
	else
		window_add(w != NULL ? w : window_current(), HEAT_INFO,
		    msg_time, _("The topic of %s is: %s"), param(m, 1),
		    last_param(m));
}

static void
on_topic_who(struct irc_msg *m)
{
	struct window *w = window_find(param(m, 1));
	time_t when = strtol(param(m, 3), NULL, 10);
	char date[64] = "?";
	struct tm tm;

	if (when > 0 && localtime_r(&when, &tm) != NULL)
		strftime(date, sizeof date, "%Y-%m-%d %H:%M", &tm);
	window_add(w != NULL ? w : window_current(), HEAT_INFO, msg_time,
	    _("The topic was set by %s on %s"), param(m, 2), date);
}

/* 353: "= #chan :@ana +bo cy"; the prefixes go, the nicks are kept for
 * completion. */
static void
on_names(struct irc_msg *m)
{
	struct window *w = window_find(param(m, 2));
	char list[IRC_LINE_MAX];
	char *save, *nick;

	if (w == NULL) {
		window_add(window_current(), HEAT_INFO, msg_time,
		    _("In %s: %s"), param(m, 2), last_param(m));
		return;
	}
	window_add(w, HEAT_INFO, msg_time, _("In %s: %s"), param(m, 2),
	    last_param(m));
	snprintf(list, sizeof list, "%s", last_param(m));
	for (nick = strtok_r(list, " ", &save); nick != NULL;
	    nick = strtok_r(NULL, " ", &save)) {
		nick += strspn(nick, self.prefix_chars);
		nick[strcspn(nick, "!")] = '\0';
		if (*nick != '\0' && strlen(nick) <= NICK_MAX)
			window_nick_add(w, nick, false);
	}
}

static void
on_ignore(struct irc_msg *m)
{
	(void)m;
}

/* Replies to /whois, /who, /list and the like go to the window the user
 * typed in, one sentence each. */
static void
reply(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void
reply(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	window_vadd(window_current(), HEAT_INFO, msg_time, NULL, fmt, ap);
	va_end(ap);
}

static void
on_whois_user(struct irc_msg *m)
{
	reply(_("%s is %s@%s (%s\x0f)"), param(m, 1), param(m, 2),
	    param(m, 3), last_param(m));
}

static void
on_whois_server(struct irc_msg *m)
{
	reply(_("%s is on %s (%s\x0f)"), param(m, 1), param(m, 2),
	    last_param(m));
}

static void
on_whois_idle(struct irc_msg *m)
{
	reply(_("%s has been idle for %s seconds"), param(m, 1), param(m, 2));
}

static void
on_whois_channels(struct irc_msg *m)
{
	reply(_("%s is in %s"), param(m, 1), last_param(m));
}

static void
on_whois_account(struct irc_msg *m)
{
	reply(_("%s is logged in as %s"), param(m, 1), param(m, 2));
}

/* 352: "#chan user host server nick flags :hops realname" */
static void
on_who_reply(struct irc_msg *m)
{
	const char *real = last_param(m);

	real += strspn(real, "0123456789");
	real += strspn(real, " ");
	reply(_("%s (%s@%s) in %s: %s"), param(m, 5), param(m, 2),
	    param(m, 3), param(m, 1), real);
}

static void
on_list_reply(struct irc_msg *m)
{
	reply(_("%s (%s): %s"), param(m, 1), param(m, 2), last_param(m));
}

static void
on_channel_modes(struct irc_msg *m)
{
	char modes[IRC_LINE_MAX];

	reply(_("%s has modes %s"), param(m, 1),
	    join_params(m, 2, modes, sizeof modes));
}

static void
on_inviting(struct irc_msg *m)
{
	reply(_("You invited %s to %s"), param(m, 1), param(m, 2));
}

static void
on_motd(struct irc_msg *m)
{
	window_add(window_server(), HEAT_INFO, msg_time, "%s", last_param(m));
}

struct handler {
	const char *command;
	void (*fn)(struct irc_msg *m);
};

/* Sorted by command (digits sort before letters): bsearch finds rows. */
static const struct handler handlers[] = {
	{ "001", on_welcome },
	{ "005", on_isupport },
	{ "301", on_away_reply },
	{ "305", on_away_state },
	{ "306", on_away_state },
	{ "311", on_whois_user },
	{ "312", on_whois_server },
	{ "315", on_ignore },
	{ "317", on_whois_idle },
	{ "318", on_ignore },
	{ "319", on_whois_channels },
	{ "321", on_ignore },
	{ "322", on_list_reply },
	{ "323", on_ignore },
	{ "324", on_channel_modes },
	{ "329", on_ignore },
	{ "330", on_whois_account },
	{ "331", on_topic_reply },
	{ "332", on_topic_reply },
	{ "333", on_topic_who },
	{ "341", on_inviting },
	{ "352", on_who_reply },
	{ "353", on_names },
	{ "366", on_ignore },
	{ "372", on_motd },
	{ "375", on_motd },
	{ "376", on_motd },
	{ "422", on_motd },
	{ "432", on_nick_taken },
	{ "433", on_nick_taken },
	{ "AWAY", on_away_notify },
	{ "CAP", on_cap },
	{ "ERROR", on_error },
	{ "INVITE", on_invite },
	{ "JOIN", on_join },
	{ "KICK", on_kick },
	{ "MODE", on_mode },
	{ "NICK", on_nick },
	{ "NOTICE", on_message },
	{ "PART", on_part },
	{ "PING", on_ping },
	{ "PONG", on_ignore },
	{ "PRIVMSG", on_message },
	{ "QUIT", on_quit },
	{ "TOPIC", on_topic },
};

static int
handler_cmp(const void *key, const void *row)
{
	return strcasecmp(key, ((const struct handler *)row)->command);
}

/* "time=2026-11-24T01:02:03.456Z" (IRCv3 server-time) as a time_t. */
static time_t
tag_time(struct irc_msg *m)
{
	char *cursor = m->tags, *key, *value;
	struct tm tm;

	if (cursor == NULL || !self.cap_server_time)
		return 0;
	while (irc_tag_next(&cursor, &key, &value)) {
		if (strcmp(key, "time") != 0)
			continue;
		memset(&tm, 0, sizeof tm);
		if (strptime(value, "%Y-%m-%dT%H:%M:%S", &tm) == NULL)
			return 0;
		return timegm(&tm);
	}
	return 0;
}

static void
dispatch(struct irc_msg *m)
{
	const struct handler *h;

	h = bsearch(m->command, handlers, sizeof handlers / sizeof handlers[0],
	    sizeof handlers[0], handler_cmp);
	if (h != NULL)
		h->fn(m);
	else if (m->numeric != 0)
		show_numeric(m);
}

void
handle_line(char *line, size_t len)
{
	struct irc_msg m;
	enum irc_parse_result r;

	r = irc_parse(line, len, &m);
	if (r != IRC_PARSE_OK) {
		if (r != IRC_PARSE_EMPTY)
			window_add(window_server(), HEAT_INFO, 0,
			    _("The server sent a line banter cannot read "
			    "(%s)."), irc_parse_strerror(r));
		return;
	}
	msg_time = tag_time(&m);
	dispatch(&m);
	msg_time = 0;
}

void
handle_echo(const char *command, const char *target, const char *text)
{
	struct irc_msg m;

	memset(&m, 0, sizeof m);
	m.nick = self.nick;
	m.user = (char *)"";
	m.command = (char *)command;
	m.nparams = 2;
	m.params[0] = (char *)target;
	m.params[1] = (char *)text;
	m.trailing = true;
	msg_time = 0;
	dispatch(&m);
}
