/* info.c: what the server says about itself: ISUPPORT, LUSERS, MOTD,
 * VERSION, TIME, INFO and HELP. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "server.h"

#define ISUPPORT_PER_LINE 12

void
isupport_send(struct client *c)
{
	const struct config *conf = srv.conf;
	char tokens[24][80];
	size_t n = 0;

#define TOKEN(...) snprintf(tokens[n++], sizeof(tokens[0]), __VA_ARGS__)
	TOKEN("AWAYLEN=%d", AWAY_LEN);
	TOKEN("CASEMAPPING=%s", irc_casemap_name(CASEMAP));
	TOKEN("CHANLIMIT=%s:%u", CHANTYPES, conf->max_channels_per_client);
	TOKEN("CHANMODES=b,k,l,imnst");
	TOKEN("CHANNELLEN=%d", CHAN_LEN);
	TOKEN("CHANTYPES=%s", CHANTYPES);
	TOKEN("HOSTLEN=%d", HOST_LEN - 1);
	TOKEN("KICKLEN=%d", KICK_LEN);
	TOKEN("MAXLIST=b:%d", BANS_MAX);
	TOKEN("MAXTARGETS=%d", TARGETS_MAX);
	TOKEN("MODES=%d", MODES_MAX);
	TOKEN("NETWORK=%s", conf->network_name);
	TOKEN("NICKLEN=%u", conf->nick_length);
	TOKEN("PREFIX=(ov)@+");
	TOKEN("TARGMAX=JOIN:,KICK:,LIST:,NAMES:,NOTICE:%d,PART:,PRIVMSG:%d,"
	    "WHOIS:%d", TARGETS_MAX, TARGETS_MAX, TARGETS_MAX);
	TOKEN("TOPICLEN=%d", TOPIC_LEN);
	TOKEN("USERLEN=%d", USER_LEN);
#undef TOKEN
	for (size_t i = 0; i < n; i += ISUPPORT_PER_LINE) {
		char line[IRC_MSG_MAX];
		size_t len = 0;
		for (size_t j = i; j < n && j < i + ISUPPORT_PER_LINE; j++)
			len += (size_t)snprintf(line + len, sizeof(line) - len,
			    "%s ", tokens[j]);
		reply(c, RPL_ISUPPORT, "%s:are supported by this server",
		    line);
	}
}

void
user_lusers(struct client *c)
{
	reply(c, RPL_LUSERCLIENT, ":There are %u users and %u invisible on "
	    "1 servers", srv.nusers - srv.ninvisible, srv.ninvisible);
	reply(c, RPL_LUSEROP, "%u :operator(s) online", srv.nopers);
	reply(c, RPL_LUSERUNKNOWN, "%u :unknown connection(s)",
	    srv.nconns - srv.nusers);
	reply(c, RPL_LUSERCHANNELS, "%u :channels formed", srv.nchannels);
	reply(c, RPL_LUSERME, ":I have %u clients and 0 servers", srv.nusers);
	reply(c, RPL_LOCALUSERS, "%u %u :Current local users %u, max %u",
	    srv.nusers, srv.max_users, srv.nusers, srv.max_users);
	reply(c, RPL_GLOBALUSERS, "%u %u :Current global users %u, max %u",
	    srv.nusers, srv.max_users, srv.nusers, srv.max_users);
}

void
user_send_motd(struct client *c)
{
	const struct config *conf = srv.conf;

	if (conf->nmotd == 0) {
		reply(c, ERR_NOMOTD, ":MOTD File is missing");
		return;
	}
	reply(c, RPL_MOTDSTART, ":- %s Message of the day - ",
	    conf->server_name);
	for (size_t i = 0; i < conf->nmotd; i++)
		reply(c, RPL_MOTD, ":- %s", conf->motd[i]);
	reply(c, RPL_ENDOFMOTD, ":End of /MOTD command.");
}

/* A server parameter must name us (we have no links). */
static bool
names_us(struct client *c, const char *server)
{
	if (server == NULL || server[0] == '\0' ||
	    irc_mask_match(CASEMAP, server, srv.conf->server_name))
		return true;
	reply(c, ERR_NOSUCHSERVER, "%s :No such server",
	    server[0] == ':' ? "*" : server);
	return false;
}

static bool
is_us(struct client *c, struct irc_msg *m)
{
	return names_us(c, m->nparams > 0 ? m->params[0] : NULL);
}

void
cmd_motd(struct client *c, struct irc_msg *m)
{
	if (is_us(c, m))
		user_send_motd(c);
}

void
cmd_lusers(struct client *c, struct irc_msg *m)
{
	user_lusers(c);
}

void
cmd_version(struct client *c, struct irc_msg *m)
{
	if (!is_us(c, m))
		return;
	reply(c, RPL_VERSION, "%s. %s :a poll() IRC server", srv.version,
	    srv.conf->server_name);
	isupport_send(c);
}

void
cmd_time(struct client *c, struct irc_msg *m)
{
	char when[80];
	time_t now = time(NULL);
	struct tm tm;

	if (!is_us(c, m))
		return;
	localtime_r(&now, &tm);
	strftime(when, sizeof(when), "%A %B %d %Y -- %H:%M:%S %z", &tm);
	reply(c, RPL_TIME, "%s :%s", srv.conf->server_name, when);
}

void
cmd_info(struct client *c, struct irc_msg *m)
{
	static const char *const lines[] = {
		"banterd, the IRC server of the banter package.",
		"One poll() loop; messages are formatted once and queued",
		"as shared bytes for every recipient.",
		"It looks up no names: a client's host is its address.",
	};
	char started[64];
	struct tm tm;

	if (!is_us(c, m))
		return;
	for (size_t i = 0; i < sizeof(lines) / sizeof(*lines); i++)
		reply(c, RPL_INFO, ":%s", lines[i]);
	reply(c, RPL_INFO, ":Version %s", srv.version);
	gmtime_r(&srv.started, &tm);
	strftime(started, sizeof(started), "%Y-%m-%d %H:%M:%S UTC", &tm);
	reply(c, RPL_INFO, ":Running since %s", started);
	reply(c, RPL_ENDOFINFO, ":End of /INFO list");
}

/* ADMIN: there is no administrator in the config; say what is known. */
void
cmd_admin(struct client *c, struct irc_msg *m)
{
	if (!is_us(c, m))
		return;
	reply(c, RPL_ADMINME, "%s :Administrative info",
	    srv.conf->server_name);
	reply(c, RPL_ADMINLOC1, ":%s, network %s", srv.conf->server_name,
	    srv.conf->network_name);
	reply(c, RPL_ADMINLOC2, ":Running %s", srv.version);
	reply(c, RPL_ADMINEMAIL, ":Ask an IRC operator of this server");
}

/* LINKS [[server] mask]: a network of one, this server. */
void
cmd_links(struct client *c, struct irc_msg *m)
{
	const char *mask = "*";

	if (m->nparams >= 2) {
		if (!is_us(c, m))
			return;
		mask = m->params[1];
	} else if (m->nparams == 1 && m->params[0][0] != '\0')
		mask = m->params[0];
	if (mask[0] == ':' || strchr(mask, ' ') != NULL)
		mask = "*";
	if (irc_mask_match(CASEMAP, mask, srv.conf->server_name))
		reply(c, RPL_LINKS, "%s %s :0 banter IRC server",
		    srv.conf->server_name, srv.conf->server_name);
	reply(c, RPL_ENDOFLINKS, "%s :End of /LINKS list", mask);
}

/* STATS letter [server]: m (commands used), u (uptime); any other letter
 * only ends. */
void
cmd_stats(struct client *c, struct irc_msg *m)
{
	char letter = m->nparams > 0 ? m->params[0][0] : '\0';

	if (m->nparams >= 2 && !names_us(c, m->params[1]))
		return;
	if (letter == 'm')
		command_stats(c);
	if (letter == 'u') {
		long up = (long)(time(NULL) - srv.started);
		reply(c, RPL_STATSUPTIME, ":Server Up %ld days %ld:%02ld:%02ld",
		    up / 86400, up / 3600 % 24, up / 60 % 60, up % 60);
	}
	if (!isalnum((unsigned char)letter))
		letter = '*';
	reply(c, RPL_ENDOFSTATS, "%c :End of /STATS report", letter);
}

static const struct help {
	const char *topic;
	const char *text;
} helps[] = {
	{ "ADMIN", "ADMIN|Show who runs the server." },
	{ "AWAY", "AWAY [:message]|Mark yourself away, or back without a message." },
	{ "CAP", "CAP LS [302] | REQ :caps | LIST | END|Negotiate IRCv3 capabilities." },
	{ "HELP", "HELP [command]|Show help on a command." },
	{ "INFO", "INFO|Show information about the server." },
	{ "INVITE", "INVITE nick #channel|Invite a user to a channel." },
	{ "ISON", "ISON nick...|Ask which of the nicks are online." },
	{ "JOIN", "JOIN #chan[,#chan...] [key[,key...]] | JOIN 0|Join channels, or leave all of them." },
	{ "KICK", "KICK #channel nick[,nick...] [:reason]|Remove a user from a channel (channel operators)." },
	{ "KILL", "KILL nick :reason|Disconnect a user (IRC operators)." },
	{ "LINKS", "LINKS [mask]|List the servers of the network (this one)." },
	{ "LIST", "LIST [#chan|mask[,...]]|List channels, their users and topics." },
	{ "LUSERS", "LUSERS|Show user and channel counts." },
	{ "MODE", "MODE nick [+|-iw] | MODE #channel [+|-imnstklbov [args]]|Show or change user or channel modes." },
	{ "MOTD", "MOTD|Show the message of the day." },
	{ "NAMES", "NAMES [#channel[,...]]|List the users of channels." },
	{ "NICK", "NICK newnick|Change your nickname." },
	{ "NOTICE", "NOTICE target[,...] :text|Send a notice (never answered automatically)." },
	{ "OPER", "OPER name password|Become an IRC operator." },
	{ "PART", "PART #chan[,...] [:reason]|Leave channels." },
	{ "PASS", "PASS password|Give the connection password before registering." },
	{ "PING", "PING token|Ask the server to answer with PONG." },
	{ "PONG", "PONG token|Answer a PING." },
	{ "PRIVMSG", "PRIVMSG target[,...] :text|Send a message to users or channels." },
	{ "QUIT", "QUIT [:reason]|Leave the server." },
	{ "REHASH", "REHASH|Reload the configuration and MOTD (IRC operators)." },
	{ "STATS", "STATS letter|Server statistics: m for the commands used, u for the uptime." },
	{ "TAGMSG", "TAGMSG target|Send only message tags (message-tags)." },
	{ "TIME", "TIME|Show the server's local time." },
	{ "TOPIC", "TOPIC #channel [:topic]|Show or set a channel's topic." },
	{ "USER", "USER username mode * :realname|Register your user name and real name." },
	{ "USERHOST", "USERHOST nick...|Show user@host of up to five nicks." },
	{ "VERSION", "VERSION|Show the server version." },
	{ "WALLOPS", "WALLOPS :text|Message every user with +w (IRC operators)." },
	{ "WHO", "WHO [#channel|mask [o]]|List users of a channel or matching a mask." },
	{ "WHOIS", "WHOIS nick[,...]|Show information about users." },
	{ "WHOWAS", "WHOWAS nick [count]|Show who used a nick before." },
};

static int
help_compare(const void *topic, const void *row)
{
	return strcasecmp(topic, ((const struct help *)row)->topic);
}

void
cmd_help(struct client *c, struct irc_msg *m)
{
	const char *topic = m->nparams > 0 && m->params[0][0] != '\0' ?
	    m->params[0] : NULL;

	if (topic == NULL) {
		char line[IRC_MSG_MAX];
		size_t len = 0;
		reply(c, RPL_HELPSTART, "* :Commands (HELP command for more):");
		for (size_t i = 0; i < sizeof(helps) / sizeof(*helps); i++) {
			len += (size_t)snprintf(line + len, sizeof(line) - len,
			    "%s ", helps[i].topic);
			if (len > 60 || i + 1 == sizeof(helps) / sizeof(*helps)) {
				reply(c, RPL_HELPTXT, "* :%s", line);
				len = 0;
			}
		}
		reply(c, RPL_ENDOFHELP, "* :End of /HELP");
		return;
	}
	const struct help *h = bsearch(topic, helps,
	    sizeof(helps) / sizeof(*helps), sizeof(*helps), help_compare);
	if (h == NULL) {
		reply(c, ERR_HELPNOTFOUND, "%s :No help available on this "
		    "topic", topic[0] == ':' || strchr(topic, ' ') ? "*" :
		    topic);
		return;
	}
	const char *last = strrchr(h->text, '|');
	reply(c, RPL_HELPSTART, "%s :%.*s", h->topic,
	    (int)(last - h->text), h->text);
	reply(c, RPL_HELPTXT, "%s :%s", h->topic, last + 1);
	reply(c, RPL_ENDOFHELP, "%s :End of /HELP", h->topic);
}
