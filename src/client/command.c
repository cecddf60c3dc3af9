/*
 * command.c: what the user types.  Plain text goes to the window's
 * channel or query; /commands are rows of one sorted table (bsearch);
 * an unknown /command goes to the server as it is, and //text sends
 * text that starts with a slash.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "client.h"
#include "i18n.h"
#include "split.h"

enum {
	NEED_CONNECTION = 1 << 0,	/* refused while disconnected */
	NEED_ARGS = 1 << 1,		/* refused without arguments */
	NEED_CHANNEL = 1 << 2		/* only in a channel window */
};

struct command {
	const char *name;
	void (*fn)(struct window *w, char *args);
	unsigned flags;
	const char *usage;
	const char *help;
};

static void
say_error(struct window *w, const char *text)
{
	window_error(w, "%s", text);
}

/* The first word of *args, which then points past it. */
static char *
next_word(char **args)
{
	char *word = *args, *end;

	while (*word == ' ')
		word++;
	if (*word == '\0')
		return NULL;
	end = word + strcspn(word, " ");
	if (*end != '\0')
		*end++ = '\0';
	while (*end == ' ')
		end++;
	*args = end;
	return word;
}

/* PRIVMSG or NOTICE in pieces that fit one message each. */
static void
send_text(const char *command, const char *target, const char *text,
    bool action)
{
	char piece_text[IRC_MSG_MAX + 16];
	const char *piece;
	size_t piece_len, budget;
	struct split sp;

	budget = split_budget(self.nick, NULL, NULL, command, target);
	if (action)
		budget = budget > 9 ? budget - 9 : 0;	/* \1ACTION \1 */
	if (budget == 0)
		return;
	split_start(&sp, text, strlen(text), budget);
	while (split_next(&sp, &piece, &piece_len)) {
		if (action)
			snprintf(piece_text, sizeof piece_text,
			    "\001ACTION %.*s\001", (int)piece_len, piece);
		else
			snprintf(piece_text, sizeof piece_text, "%.*s",
			    (int)piece_len, piece);
		net_send("%s %s :%s", command, target, piece_text);
		if (!self.cap_echo)
			handle_echo(command, target, piece_text);
	}
}

static bool
check_talk(struct window *w)
{
	if (net_state() != NET_CONNECTED || !self.registered) {
		say_error(w, _("Not connected to the server: nothing was "
		    "sent.  banter reconnects by itself."));
		return false;
	}
	if (w == window_server()) {
		say_error(w, _("This is the server window: switch to a "
		    "channel (Alt-2) or use /msg NICK TEXT."));
		return false;
	}
	if (window_is_channel(w) && !window_joined(w)) {
		window_error(w, _("You are not in %s: type /join %s to talk "
		    "there."), window_name(w), window_name(w));
		return false;
	}
	return true;
}

void
command_say(struct window *w, const char *text)
{
	if (*text == '\0' || !check_talk(w))
		return;
	send_text("PRIVMSG", window_name(w), text, false);
}

static void
cmd_away(struct window *w, char *args)
{
	snprintf(self.away_message, sizeof self.away_message, "%s",
	    *args != '\0' ? args : AWAY_MSG_DEFAULT);
	net_send("AWAY :%s", self.away_message);
}

static void
cmd_back(struct window *w, char *args)
{
	self.away_message[0] = '\0';
	net_send("AWAY");
}

static void
cmd_clear(struct window *w, char *args)
{
	window_clear(w);
}

static void
cmd_close(struct window *w, char *args)
{
	if (w == window_server()) {
		say_error(w, _("The server window cannot be closed; /quit "
		    "leaves banter."));
		return;
	}
	if (window_is_channel(w) && window_joined(w))
		net_send("PART %s :%s", window_name(w), args);
	window_close(w);
}

static void cmd_help(struct window *w, char *args);

static void
cmd_invite(struct window *w, char *args)
{
	char *nick = next_word(&args);
	char *chan = next_word(&args);

	if (chan == NULL && !window_is_channel(w)) {
		say_error(w, _("Usage: /invite NICK CHANNEL (the channel may "
		    "be left out in a channel window)"));
		return;
	}
	net_send("INVITE %s %s", nick, chan != NULL ? chan : window_name(w));
}

static void
cmd_join(struct window *w, char *args)
{
	char *chans = next_word(&args);
	char *key = next_word(&args);
	struct window *open = window_find(chans);

	if (open != NULL)
		window_show(open);
	if (key != NULL)
		net_send("JOIN %s %s", chans, key);
	else
		net_send("JOIN %s", chans);
}

static void
cmd_kick(struct window *w, char *args)
{
	char *nick = next_word(&args);

	net_send("KICK %s %s :%s", window_name(w), nick, args);
}

static void
cmd_list(struct window *w, char *args)
{
	if (*args != '\0')
		net_send("LIST %s", args);
	else
		net_send("LIST");
}

static void
cmd_me(struct window *w, char *args)
{
	if (check_talk(w))
		send_text("PRIVMSG", window_name(w), args, true);
}

static void
cmd_mode(struct window *w, char *args)
{
	if (*args == '\0' || *args == '+' || *args == '-') {
		if (w == window_server())
			net_send("MODE %s %s", self.nick, args);
		else
			net_send("MODE %s %s", window_name(w), args);
	} else {
		net_send("MODE %s", args);
	}
}

static void
cmd_msg_or_notice(struct window *w, char *args, const char *command)
{
	char *target = next_word(&args);

	if (*args == '\0') {
		say_error(w, strcmp(command, "NOTICE") == 0 ?
		    _("Usage: /notice TARGET TEXT") :
		    _("Usage: /msg TARGET TEXT"));
		return;
	}
	send_text(command, target, args, false);
}

static void
cmd_msg(struct window *w, char *args)
{
	cmd_msg_or_notice(w, args, "PRIVMSG");
}

static void
cmd_notice(struct window *w, char *args)
{
	cmd_msg_or_notice(w, args, "NOTICE");
}

static void
cmd_names(struct window *w, char *args)
{
	if (*args == '\0' && !window_is_channel(w)) {
		say_error(w, _("Usage: /names CHANNEL (the channel may be "
		    "left out in a channel window)"));
		return;
	}
	net_send("NAMES %s", *args != '\0' ? args : window_name(w));
}

static void
cmd_nick(struct window *w, char *args)
{
	char *nick = next_word(&args);

	if (!irc_nick_valid(nick, NICK_MAX)) {
		say_error(w, _("That cannot be a nick: use letters, digits "
		    "and -[]\\`^{}|_, starting with a letter."));
		return;
	}
	snprintf(self.want_nick, sizeof self.want_nick, "%s", nick);
	net_send("NICK %s", nick);
}

static void
cmd_part(struct window *w, char *args)
{
	const char *chan = window_name(w);

	if (handle_is_channel(args)) {
		chan = next_word(&args);
	} else if (!window_is_channel(w)) {
		say_error(w, _("Usage: /part [CHANNEL] [REASON]"));
		return;
	}
	net_send("PART %s :%s", chan, args);
}

static void
cmd_query(struct window *w, char *args)
{
	char *nick = next_word(&args);

	if (handle_is_channel(nick) || strlen(nick) > NAME_MAX_LEN) {
		say_error(w, _("Usage: /query NICK [TEXT]; use /join for a "
		    "channel."));
		return;
	}
	w = window_open(nick);
	if (w == NULL) {
		window_error(window_current(), _("%d windows are open "
		    "already: /close some first."), WINDOWS_MAX);
		return;
	}
	window_show(w);
	if (*args != '\0')
		command_say(w, args);
}

static void
cmd_quit(struct window *w, char *args)
{
	quit_request(*args != '\0' ? args : NULL);
}

static void
cmd_quote(struct window *w, char *args)
{
	net_send("%s", args);
}

static void
cmd_topic(struct window *w, char *args)
{
	if (*args != '\0')
		net_send("TOPIC %s :%s", window_name(w), args);
	else
		net_send("TOPIC %s", window_name(w));
}

static void
cmd_who(struct window *w, char *args)
{
	if (*args == '\0' && !window_is_channel(w)) {
		say_error(w, _("Usage: /who MASK"));
		return;
	}
	net_send("WHO %s", *args != '\0' ? args : window_name(w));
}

static void
cmd_whois(struct window *w, char *args)
{
	net_send("WHOIS %s", args);
}

static void
cmd_window(struct window *w, char *args)
{
	char *end;
	long n = strtol(args, &end, 10);

	if (end == args || *end != '\0' || !window_show_number((int)n)) {
		struct window *named = window_find(args);

		if (named != NULL) {
			window_show(named);
			return;
		}
		say_error(w, _("Usage: /window N, where N is a window number "
		    "on the status line (or its name)."));
	}
}

/* Sorted by name for bsearch; /help lists them in this order. */
static const struct command commands[] = {
	{ "away", cmd_away, NEED_CONNECTION, N_("[MESSAGE]"),
	    N_("mark yourself as away") },
	{ "back", cmd_back, NEED_CONNECTION, "",
	    N_("mark yourself as back") },
	{ "clear", cmd_clear, 0, "", N_("empty this window's scrollback") },
	{ "close", cmd_close, 0, N_("[REASON]"),
	    N_("leave and close this window") },
	{ "help", cmd_help, 0, N_("[COMMAND]"),
	    N_("list the commands and keys") },
	{ "invite", cmd_invite, NEED_CONNECTION | NEED_ARGS,
	    N_("NICK [CHANNEL]"), N_("invite someone to a channel") },
	{ "join", cmd_join, NEED_CONNECTION | NEED_ARGS,
	    N_("CHANNEL[,CHANNEL...] [KEY]"), N_("join channels") },
	{ "kick", cmd_kick, NEED_CONNECTION | NEED_ARGS | NEED_CHANNEL,
	    N_("NICK [REASON]"), N_("remove someone from this channel") },
	{ "list", cmd_list, NEED_CONNECTION, N_("[MASK]"),
	    N_("list the channels") },
	{ "me", cmd_me, NEED_CONNECTION | NEED_ARGS, N_("ACTION"),
	    N_("say what you are doing") },
	{ "mode", cmd_mode, NEED_CONNECTION, N_("[TARGET] [MODES]"),
	    N_("show or change modes") },
	{ "msg", cmd_msg, NEED_CONNECTION | NEED_ARGS, N_("TARGET TEXT"),
	    N_("send a private message") },
	{ "names", cmd_names, NEED_CONNECTION, N_("[CHANNEL]"),
	    N_("list who is in a channel") },
	{ "nick", cmd_nick, NEED_ARGS, N_("NICK"),
	    N_("change your nick") },
	{ "notice", cmd_notice, NEED_CONNECTION | NEED_ARGS,
	    N_("TARGET TEXT"), N_("send a notice") },
	{ "part", cmd_part, NEED_CONNECTION, N_("[CHANNEL] [REASON]"),
	    N_("leave a channel (the window stays)") },
	{ "query", cmd_query, NEED_ARGS, N_("NICK [TEXT]"),
	    N_("open a private conversation") },
	{ "quit", cmd_quit, 0, N_("[MESSAGE]"), N_("leave banter") },
	{ "quote", cmd_quote, NEED_CONNECTION | NEED_ARGS, N_("LINE"),
	    N_("send a raw IRC line") },
	{ "topic", cmd_topic, NEED_CONNECTION | NEED_CHANNEL, N_("[TEXT]"),
	    N_("show or set this channel's topic") },
	{ "who", cmd_who, NEED_CONNECTION, N_("[MASK]"),
	    N_("list users matching a mask") },
	{ "whois", cmd_whois, NEED_CONNECTION | NEED_ARGS, N_("NICK"),
	    N_("show who someone is") },
	{ "window", cmd_window, NEED_ARGS, N_("N"),
	    N_("show window number N") },
};
#define NCOMMANDS	(sizeof commands / sizeof commands[0])

static const char *const keys_help[] = {
	N_("Alt-1..Alt-9, /window N   show window N"),
	N_("Ctrl-N, Ctrl-P            next, previous window"),
	N_("Alt-A                     next window with activity"),
	N_("PgUp, PgDn                scroll a page"),
	N_("Alt-Home, Alt-End         oldest line, newest line"),
	N_("Ctrl-R                    search back (again: older match)"),
	N_("Alt-J                     show or hide joins of the silent"),
	N_("Up, Down                  input history of this window"),
	N_("Tab                       complete a nick or a command"),
	N_("Ctrl-A/E/B/F, Alt-B/F     move; Ctrl-D/H/K/U/W, Alt-D delete"),
	N_("Left, Right, Home, End    move; Ctrl-Left, Ctrl-Right: a word"),
	N_("Backspace, Delete         delete; Alt-Backspace: the word before"),
	N_("Ctrl-Y, Alt-Y, Ctrl-T     yank, yank older, transpose"),
	N_("Enter                     send the line"),
	N_("Ctrl-L                    redraw the screen"),
	N_("Ctrl-C                    quit"),
};

const char *const *
command_names(size_t *count)
{
	static const char *names[NCOMMANDS];

	for (size_t i = 0; i < NCOMMANDS; i++)
		names[i] = commands[i].name;
	*count = NCOMMANDS;
	return names;
}

static int
command_cmp(const void *key, const void *row)
{
	return strcasecmp(key, ((const struct command *)row)->name);
}

static void
cmd_help(struct window *w, char *args)
{
	const struct command *c;
	char *name = next_word(&args);

	if (name != NULL) {
		if (*name == '/')
			name++;
		c = bsearch(name, commands, NCOMMANDS, sizeof commands[0],
		    command_cmp);
		if (c == NULL) {
			say_error(w, _("No such command; /help lists them."));
			return;
		}
		window_add(w, HEAT_INFO, 0, "\x02/%s\x02 %s  %s", c->name,
		    *c->usage ? _(c->usage) : "", _(c->help));
		return;
	}
	window_add(w, HEAT_INFO, 0, "%s", _("Commands (other /COMMANDS go to "
	    "the server as they are; //text sends text starting with /):"));
	for (c = commands; c < commands + NCOMMANDS; c++) {
		char left[128];

		snprintf(left, sizeof left, "/%s %s", c->name,
		    *c->usage ? _(c->usage) : "");
		window_add(w, HEAT_INFO, 0, "  %-34s %s", left, _(c->help));
	}
	window_add(w, HEAT_INFO, 0, "%s", _("Keys:"));
	for (size_t i = 0; i < sizeof keys_help / sizeof keys_help[0]; i++)
		window_add(w, HEAT_INFO, 0, "  %s", _(keys_help[i]));
}

void
command_run(struct window *w, const char *line)
{
	char buf[4 * IRC_LINE_MAX];
	const struct command *c;
	char *name, *args;

	if (line[0] != '/') {
		command_say(w, line);
		return;
	}
	if (line[1] == '/') {
		command_say(w, line + 1);
		return;
	}
	snprintf(buf, sizeof buf, "%s", line + 1);
	args = buf;
	name = next_word(&args);
	if (name == NULL) {
		say_error(w, _("Type a command after the slash; /help lists "
		    "them."));
		return;
	}
	c = bsearch(name, commands, NCOMMANDS, sizeof commands[0],
	    command_cmp);
	if (c == NULL) {
		if (net_state() != NET_CONNECTED) {
			say_error(w, _("Not connected to the server: nothing "
			    "was sent."));
			return;
		}
		for (char *p = name; *p != '\0'; p++)
			*p = toupper((unsigned char)*p);
		net_send("%s%s%s", name, *args != '\0' ? " " : "", args);
		return;
	}
	if ((c->flags & NEED_ARGS) && *args == '\0') {
		window_error(w, _("Usage: /%s %s"), c->name, _(c->usage));
		return;
	}
	if ((c->flags & NEED_CONNECTION) && net_state() != NET_CONNECTED) {
		say_error(w, _("Not connected to the server: nothing was "
		    "sent.  banter reconnects by itself."));
		return;
	}
	if ((c->flags & NEED_CHANNEL) && !window_is_channel(w)) {
		window_error(w, _("/%s works in a channel window."), c->name);
		return;
	}
	c->fn(w, args);
}
