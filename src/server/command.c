/*
 * command.c: the command table and the small commands.  One sorted row
 * per command: its name, the parameters it needs, and whether the client
 * must be registered first; the table is searched with bsearch().
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "server.h"

enum { NEEDS_REG = 1 };

static const struct command {
	const char *name;
	command_fn *fn;
	int min_params;
	int flags;
} commands[] = {
	{ "ADMIN", cmd_admin, 0, NEEDS_REG },
	{ "AWAY", cmd_away, 0, NEEDS_REG },
	{ "CAP", cmd_cap, 1, 0 },
	{ "HELP", cmd_help, 0, NEEDS_REG },
	{ "INFO", cmd_info, 0, NEEDS_REG },
	{ "INVITE", cmd_invite, 2, NEEDS_REG },
	{ "ISON", cmd_ison, 1, NEEDS_REG },
	{ "JOIN", cmd_join, 1, NEEDS_REG },
	{ "KICK", cmd_kick, 2, NEEDS_REG },
	{ "KILL", cmd_kill, 2, NEEDS_REG },
	{ "LINKS", cmd_links, 0, NEEDS_REG },
	{ "LIST", cmd_list, 0, NEEDS_REG },
	{ "LUSERS", cmd_lusers, 0, NEEDS_REG },
	{ "MODE", cmd_mode, 1, NEEDS_REG },
	{ "MOTD", cmd_motd, 0, NEEDS_REG },
	{ "NAMES", cmd_names, 0, NEEDS_REG },
	{ "NICK", cmd_nick, 0, 0 },
	{ "NOTICE", cmd_notice, 0, NEEDS_REG },
	{ "OPER", cmd_oper, 2, NEEDS_REG },
	{ "PART", cmd_part, 1, NEEDS_REG },
	{ "PASS", cmd_pass, 1, 0 },
	{ "PING", cmd_ping, 0, 0 },
	{ "PONG", cmd_pong, 0, 0 },
	{ "PRIVMSG", cmd_privmsg, 0, NEEDS_REG },
	{ "QUIT", cmd_quit, 0, 0 },
	{ "REHASH", cmd_rehash, 0, NEEDS_REG },
	{ "STATS", cmd_stats, 0, NEEDS_REG },
	{ "TAGMSG", cmd_tagmsg, 1, NEEDS_REG },
	{ "TIME", cmd_time, 0, NEEDS_REG },
	{ "TOPIC", cmd_topic, 1, NEEDS_REG },
	{ "USER", cmd_user, 4, 0 },
	{ "USERHOST", cmd_userhost, 1, NEEDS_REG },
	{ "VERSION", cmd_version, 0, NEEDS_REG },
	{ "WALLOPS", cmd_wallops, 1, NEEDS_REG },
	{ "WHO", cmd_who, 0, NEEDS_REG },
	{ "WHOIS", cmd_whois, 0, NEEDS_REG },
	{ "WHOWAS", cmd_whowas, 0, NEEDS_REG },
};

#define NCOMMANDS	(sizeof(commands) / sizeof(*commands))

/* For STATS m: how often each command ran, and its bytes. */
static struct {
	unsigned long count;
	unsigned long long bytes;
} command_use[NCOMMANDS];

static int
command_compare(const void *name, const void *row)
{
	return strcasecmp(name, ((const struct command *)row)->name);
}

void
command_dispatch(struct client *c, char *line, size_t len)
{
	struct irc_msg m;
	enum irc_parse_result r = irc_parse(line, len, &m);

	if (r == IRC_PARSE_EMPTY)
		return;
	if (r != IRC_PARSE_OK) {
		if (r == IRC_PARSE_BADCOMMAND || r == IRC_PARSE_NOCOMMAND)
			reply(c, ERR_UNKNOWNCOMMAND, "* :Unknown command");
		return;
	}
	if (m.numeric != 0 || (m.command[0] >= '0' && m.command[0] <= '9'))
		return;		/* replies are for servers to send */
	const struct command *cmd = bsearch(m.command, commands, NCOMMANDS,
	    sizeof(*commands), command_compare);
	if (cmd == NULL) {
		if (c->flags & C_REGISTERED)
			reply(c, ERR_UNKNOWNCOMMAND, "%s :Unknown command",
			    m.command);
		else
			reply(c, ERR_NOTREGISTERED, ":You have not "
			    "registered");
		return;
	}
	if ((cmd->flags & NEEDS_REG) && !(c->flags & C_REGISTERED)) {
		reply(c, ERR_NOTREGISTERED, ":You have not registered");
		return;
	}
	if (m.nparams < cmd->min_params) {
		reply(c, ERR_NEEDMOREPARAMS, "%s :Not enough parameters",
		    cmd->name);
		return;
	}
	command_use[cmd - commands].count++;
	command_use[cmd - commands].bytes += len;
	cmd->fn(c, &m);
}

/* STATS m: RPL_STATSCOMMANDS for each command used. */
void
command_stats(struct client *c)
{
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (command_use[i].count > 0)
			reply(c, RPL_STATSCOMMANDS, "%s %lu %llu 0",
			    commands[i].name, command_use[i].count,
			    command_use[i].bytes);
}

void
cmd_ping(struct client *c, struct irc_msg *m)
{
	if (m->nparams < 1 || m->params[0][0] == '\0') {
		reply(c, ERR_NOORIGIN, ":No origin specified");
		return;
	}
	client_sendf(c, ":%s PONG %s :%s", srv.conf->server_name,
	    srv.conf->server_name, m->params[0]);
}

void
cmd_pong(struct client *c, struct irc_msg *m)
{
	/* Any line resets the ping timer; PONG needs no answer. */
	if (m->nparams < 1 || m->params[0][0] == '\0')
		reply(c, ERR_NOORIGIN, ":No origin specified");
}

void
cmd_quit(struct client *c, struct irc_msg *m)
{
	char reason[QUIT_LEN + 8];

	if (m->nparams > 0 && m->params[0][0] != '\0') {
		const char *text = m->params[0];
		snprintf(reason, sizeof(reason), "Quit: %.*s",
		    (int)irc_utf8_cut(text, strlen(text), QUIT_LEN), text);
	} else
		snprintf(reason, sizeof(reason), "Client Quit");
	client_exit(c, reason);
}
