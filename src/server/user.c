/*
 * user.c: nicks and registration.  The nick table is a hash table keyed
 * by the casemapped nick (unregistered clients hold their nick there too,
 * so two connections cannot register one nick).  A change everyone should
 * see (NICK, QUIT, AWAY) goes to each peer once: peers are marked with a
 * fresh generation number while walking the user's channels.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth.h"
#include "i18n.h"
#include "server.h"

static struct client **nick_table;
static size_t nick_size, nick_count;

static size_t
nick_bucket(const char *nick)
{
	return irc_casehash(CASEMAP, nick) & (nick_size - 1);
}

struct client *
nick_find(const char *nick)
{
	if (nick_size == 0)
		return NULL;
	for (struct client *c = nick_table[nick_bucket(nick)]; c != NULL;
	    c = c->hnext)
		if (irc_casecmp(CASEMAP, c->nick, nick) == 0)
			return c;
	return NULL;
}

struct client *
user_find(const char *nick)
{
	struct client *c = nick_find(nick);

	return c != NULL && (c->flags & C_REGISTERED) ? c : NULL;
}

static void
nick_grow(void)
{
	size_t old = nick_size;
	struct client **table = nick_table;

	nick_size = old ? old * 2 : 1024;
	nick_table = xcalloc(nick_size, sizeof(*nick_table));
	for (size_t i = 0; i < old; i++) {
		while (table[i] != NULL) {
			struct client *c = table[i];
			table[i] = c->hnext;
			size_t b = nick_bucket(c->nick);
			c->hnext = nick_table[b];
			nick_table[b] = c;
		}
	}
	free(table);
}

void
nick_add(struct client *c)
{
	if (nick_count >= nick_size)
		nick_grow();
	size_t b = nick_bucket(c->nick);
	c->hnext = nick_table[b];
	nick_table[b] = c;
	nick_count++;
	c->flags |= C_GOT_NICK;
}

void
nick_del(struct client *c)
{
	if (!(c->flags & C_GOT_NICK))
		return;
	for (struct client **p = &nick_table[nick_bucket(c->nick)]; *p != NULL;
	    p = &(*p)->hnext) {
		if (*p == c) {
			*p = c->hnext;
			nick_count--;
			break;
		}
	}
	c->hnext = NULL;
	c->flags &= ~C_GOT_NICK;
}

void
nicks_free(void)
{
	free(nick_table);
	nick_table = NULL;
	nick_size = nick_count = 0;
}

bool
users_share_channel(const struct client *a, const struct client *b)
{
	for (const struct member *m = a->channels; m != NULL; m = m->user_next)
		if (member_find(b, m->chan) != NULL)
			return true;
	return false;
}

bool
user_visible(const struct client *viewer, const struct client *c)
{
	return viewer == c || !(c->umodes & UMODE_INVISIBLE) ||
	    users_share_channel(viewer, c);
}

/* To self (if asked) and to every peer once; needcap filters peers. */
static void
peers_send(struct client *c, struct outmsg *o, bool self, unsigned needcap)
{
	uint32_t gen = ++srv.mark_gen;

	c->mark = gen;
	if (self)
		out_send(c, o);
	for (struct member *m = c->channels; m != NULL; m = m->user_next) {
		for (struct member *p = m->chan->members; p != NULL;
		    p = p->chan_next) {
			struct client *peer = p->client;
			if (peer->mark == gen)
				continue;
			peer->mark = gen;
			if (needcap == 0 || (peer->caps & needcap))
				out_send(peer, o);
		}
	}
}

/* A word from the client fit to echo as a middle parameter. */
static const char *
echo_word(const char *s)
{
	return s[0] == '\0' || s[0] == ':' || strchr(s, ' ') ? "*" : s;
}

void
cmd_nick(struct client *c, struct irc_msg *m)
{
	if (m->nparams < 1 || m->params[0][0] == '\0') {
		reply(c, ERR_NONICKNAMEGIVEN, ":No nickname given");
		return;
	}
	const char *nick = m->params[0];
	if (!irc_nick_valid(nick, srv.conf->nick_length)) {
		reply(c, ERR_ERRONEUSNICKNAME, "%s :Erroneous nickname",
		    echo_word(nick));
		return;
	}
	struct client *other = nick_find(nick);
	if (other != NULL && other != c) {
		reply(c, ERR_NICKNAMEINUSE, "%s :Nickname is already in use",
		    nick);
		return;
	}
	if (strcmp(c->nick, nick) == 0)
		return;
	if (c->flags & C_REGISTERED) {
		struct outmsg o;
		out_init(&o, NULL, ":%s!%s@%s NICK :%s", c->nick, c->user,
		    c->host, nick);
		peers_send(c, &o, true, 0);
		out_done(&o);
		whowas_add(c);
	}
	nick_del(c);
	snprintf(c->nick, sizeof(c->nick), "%s", nick);
	nick_add(c);
	user_try_register(c);
}

void
cmd_user(struct client *c, struct irc_msg *m)
{
	if (c->flags & (C_REGISTERED | C_GOT_USER)) {
		reply(c, ERR_ALREADYREGISTERED, ":You may not reregister");
		return;
	}
	/* Keep the characters a user name may hold (no ident: it is only
	 * what the client says). */
	size_t n = 0;
	for (const char *s = m->params[0]; *s != '\0' && n < USER_LEN; s++)
		if (isalnum((unsigned char)*s) || strchr("-_.[]{}\\|^`", *s))
			c->user[n++] = *s;
	c->user[n] = '\0';
	if (n == 0) {
		if (m->params[0][0] == '\0') {
			reply(c, ERR_NEEDMOREPARAMS, "USER :Not enough "
			    "parameters");
			return;
		}
		snprintf(c->user, sizeof(c->user), "user");
	}
	const char *real = m->params[3];
	c->realname = xstrndup(real, irc_utf8_cut(real, strlen(real),
	    REALNAME_LEN));
	/* RFC 2812 3.1.3: bit 2 asks for +w, bit 3 for +i. */
	char *end;
	long mode = strtol(m->params[1], &end, 10);
	if (*end == '\0') {
		if (mode & 8)
			c->umodes |= UMODE_INVISIBLE;
		if (mode & 4)
			c->umodes |= UMODE_WALLOPS;
	}
	c->flags |= C_GOT_USER;
	user_try_register(c);
}

void
cmd_pass(struct client *c, struct irc_msg *m)
{
	if (c->flags & C_REGISTERED) {
		reply(c, ERR_ALREADYREGISTERED, ":You may not reregister");
		return;
	}
	free(c->pass);
	c->pass = xstrndup(m->params[0], 256);
}

static const struct cap {
	const char *name;
	unsigned bit;
} caps[] = {
	{ "away-notify", CAP_AWAY_NOTIFY },
	{ "echo-message", CAP_ECHO_MESSAGE },
	{ "message-tags", CAP_MESSAGE_TAGS },
	{ "multi-prefix", CAP_MULTI_PREFIX },
	{ "server-time", CAP_SERVER_TIME },
};
#define NCAPS (sizeof(caps) / sizeof(*caps))

static const struct cap *
cap_find(const char *name, size_t len)
{
	for (size_t i = 0; i < NCAPS; i++)
		if (strlen(caps[i].name) == len &&
		    strncmp(caps[i].name, name, len) == 0)
			return &caps[i];
	return NULL;
}

static void
cap_list(char *buf, size_t size, unsigned mask)
{
	size_t n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < NCAPS; i++) {
		if (!(mask & caps[i].bit))
			continue;
		n += (size_t)snprintf(buf + n, size - n, "%s%s",
		    n ? " " : "", caps[i].name);
	}
}

/* CAP REQ is all or nothing (IRCv3 capability negotiation). */
static void
cap_req(struct client *c, const char *list)
{
	unsigned add = 0, del = 0;
	bool nak = false;

	for (const char *s = list; *s != '\0' && !nak;) {
		while (*s == ' ')
			s++;
		if (*s == '\0')
			break;
		bool remove = *s == '-';
		if (remove)
			s++;
		size_t len = strcspn(s, " ");
		const struct cap *cap = cap_find(s, len);
		if (cap == NULL)
			nak = true;
		else if (remove)
			del |= cap->bit;
		else
			add |= cap->bit;
		s += len;
	}
	if (nak || (add == 0 && del == 0)) {
		client_sendf(c, ":%s CAP %s NAK :%s", srv.conf->server_name,
		    client_name(c), list);
		return;
	}
	c->caps = (uint8_t)((c->caps | add) & ~del);
	client_sendf(c, ":%s CAP %s ACK :%s", srv.conf->server_name,
	    client_name(c), list);
}

void
cmd_cap(struct client *c, struct irc_msg *m)
{
	const char *sub = m->params[0];
	char list[256];

	if (strcasecmp(sub, "LS") == 0) {
		if (!(c->flags & C_REGISTERED))
			c->flags |= C_CAPNEG;
		if (m->nparams > 1 && atoi(m->params[1]) >= 302)
			c->flags |= C_CAP302;
		cap_list(list, sizeof(list), ~0u);
		client_sendf(c, ":%s CAP %s LS :%s", srv.conf->server_name,
		    client_name(c), list);
	} else if (strcasecmp(sub, "LIST") == 0) {
		cap_list(list, sizeof(list), c->caps);
		client_sendf(c, ":%s CAP %s LIST :%s", srv.conf->server_name,
		    client_name(c), list);
	} else if (strcasecmp(sub, "REQ") == 0) {
		if (m->nparams < 2) {
			reply(c, ERR_NEEDMOREPARAMS,
			    "CAP :Not enough parameters");
			return;
		}
		if (!(c->flags & C_REGISTERED))
			c->flags |= C_CAPNEG;
		cap_req(c, m->params[1]);
	} else if (strcasecmp(sub, "END") == 0) {
		if (c->flags & C_REGISTERED)
			return;
		c->flags &= ~C_CAPNEG;
		user_try_register(c);
	} else {
		reply(c, ERR_INVALIDCAPCMD, "%s :Invalid CAP command",
		    echo_word(sub));
	}
}

void
user_try_register(struct client *c)
{
	if ((c->flags & (C_REGISTERED | C_CAPNEG)) ||
	    !(c->flags & C_GOT_NICK) || !(c->flags & C_GOT_USER))
		return;
	enum auth_result auth = srv.conf->password == NULL ? AUTH_OK :
	    c->pass == NULL ? AUTH_BAD : auth_check(c->pass, srv.conf->password);
	if (auth == AUTH_BUSY) {
		reply(c, RPL_TRYAGAIN, "PASS :Please wait a while and try "
		    "again.");
		client_exit(c, "Too many password checks at once; try again");
		return;
	}
	if (auth == AUTH_BAD) {
		reply(c, ERR_PASSWDMISMATCH, ":Password incorrect");
		client_exit(c, "Bad password");
		return;
	}
	free(c->pass);
	c->pass = NULL;
	c->flags |= C_REGISTERED;
	c->active_ms = srv.now;
	timer_note(srv.now + srv.conf->ping_interval * 1000LL);
	srv.nusers++;
	if (srv.nusers > srv.max_users)
		srv.max_users = srv.nusers;
	if (c->umodes & UMODE_INVISIBLE)
		srv.ninvisible++;
	log_info(_("register %s!%s@%s (fd %d)"), c->nick, c->user, c->host,
	    c->fd);
	user_send_welcome_motd(c);
}

void
user_send_welcome_motd(struct client *c)
{
	const struct config *conf = srv.conf;
	char created[64];
	struct tm tm;

	gmtime_r(&srv.started, &tm);
	strftime(created, sizeof(created), "%Y-%m-%d %H:%M:%S UTC", &tm);
	reply(c, RPL_WELCOME, ":Welcome to the %s Internet Relay Chat "
	    "Network %s!%s@%s", conf->network_name, c->nick, c->user, c->host);
	reply(c, RPL_YOURHOST, ":Your host is %s, running version %s",
	    conf->server_name, srv.version);
	reply(c, RPL_CREATED, ":This server was created %s", created);
	reply(c, RPL_MYINFO, "%s %s iow biklmnstv bklov", conf->server_name,
	    srv.version);
	isupport_send(c);
	user_lusers(c);
	user_send_motd(c);
	if (c->umodes != 0) {
		char modes[8] = "+";
		size_t n = 1;
		if (c->umodes & UMODE_INVISIBLE)
			modes[n++] = 'i';
		if (c->umodes & UMODE_WALLOPS)
			modes[n++] = 'w';
		modes[n] = '\0';
		client_sendf(c, ":%s!%s@%s MODE %s :%s", c->nick, c->user,
		    c->host, c->nick, modes);
	}
}

/* What the log may say of a reason: never a user's or oper's own words
 * ("Quit: text" is logged as "Quit", "Killed (op (text))" as
 * "Killed (op)"). */
static const char *
log_reason(const char *reason, char *buf, size_t size)
{
	if (strncmp(reason, "Quit: ", 6) == 0)
		return "Quit";
	if (strncmp(reason, "Killed (", 8) == 0) {
		size_t n = strcspn(reason + 8, " )");
		snprintf(buf, size, "Killed (%.*s)", (int)n, reason + 8);
		return buf;
	}
	return reason;
}

void
user_quit(struct client *c, const char *reason)
{
	char buf[NICK_LEN_MAX + 16];

	if (c->flags & C_REGISTERED) {
		struct outmsg o;
		out_init(&o, NULL, ":%s!%s@%s QUIT :%s", c->nick, c->user,
		    c->host, reason);
		peers_send(c, &o, false, 0);
		out_done(&o);
		whowas_add(c);
		chan_part_all(c, NULL, false);
		srv.nusers--;
		if (c->umodes & UMODE_INVISIBLE)
			srv.ninvisible--;
		if (c->umodes & UMODE_OPER)
			srv.nopers--;
		log_info(_("disconnect %s!%s@%s (fd %d): %s"), c->nick,
		    c->user, c->host, c->fd, log_reason(reason, buf,
		    sizeof(buf)));
	} else {
		log_info(_("disconnect %s (fd %d, unregistered): %s"),
		    c->host, c->fd, log_reason(reason, buf, sizeof(buf)));
	}
	nick_del(c);
	client_sendf(c, "ERROR :Closing Link: %s (%s)", c->host, reason);
}

void
cmd_away(struct client *c, struct irc_msg *m)
{
	struct outmsg o;

	if (m->nparams < 1 || m->params[0][0] == '\0') {
		bool was = c->away != NULL;
		free(c->away);
		c->away = NULL;
		reply(c, RPL_UNAWAY, ":You are no longer marked as being "
		    "away");
		if (!was)
			return;
		out_init(&o, NULL, ":%s!%s@%s AWAY", c->nick, c->user,
		    c->host);
	} else {
		const char *text = m->params[0];
		free(c->away);
		c->away = xstrndup(text, irc_utf8_cut(text, strlen(text),
		    AWAY_LEN));
		reply(c, RPL_NOWAWAY, ":You have been marked as being away");
		out_init(&o, NULL, ":%s!%s@%s AWAY :%s", c->nick, c->user,
		    c->host, c->away);
	}
	peers_send(c, &o, false, CAP_AWAY_NOTIFY);
	out_done(&o);
}

static void
umode_string(const struct client *c, char *buf)
{
	size_t n = 0;

	buf[n++] = '+';
	if (c->umodes & UMODE_INVISIBLE)
		buf[n++] = 'i';
	if (c->umodes & UMODE_OPER)
		buf[n++] = 'o';
	if (c->umodes & UMODE_WALLOPS)
		buf[n++] = 'w';
	buf[n] = '\0';
}

void
user_mode(struct client *c, struct irc_msg *m)
{
	struct client *t = user_find(m->params[0]);
	char buf[8];

	if (t == NULL) {
		reply(c, ERR_NOSUCHNICK, "%s :No such nick/channel",
		    echo_word(m->params[0]));
		return;
	}
	if (t != c) {
		reply(c, ERR_USERSDONTMATCH, ":Can't change mode for other "
		    "users");
		return;
	}
	if (m->nparams < 2) {
		umode_string(c, buf);
		reply(c, RPL_UMODEIS, "%s", buf);
		return;
	}
	char out[32];
	size_t n = 0;
	char sign = '+', outsign = '\0';
	bool unknown = false;
	for (const char *s = m->params[1]; *s != '\0' && n < 24; s++) {
		unsigned bit = 0;
		switch (*s) {
		case '+':
		case '-':
			sign = *s;
			continue;
		case 'i':
			bit = UMODE_INVISIBLE;
			break;
		case 'w':
			bit = UMODE_WALLOPS;
			break;
		case 'o':
			/* +o only through OPER (RFC 2812 3.1.5). */
			if (sign == '+')
				continue;
			bit = UMODE_OPER;
			break;
		default:
			unknown = true;
			continue;
		}
		bool on = (c->umodes & bit) != 0;
		if (on == (sign == '+'))
			continue;
		if (sign == '+')
			c->umodes |= bit;
		else
			c->umodes &= ~bit;
		if (bit == UMODE_INVISIBLE)
			srv.ninvisible += sign == '+' ? 1 : -1;
		if (bit == UMODE_OPER)
			srv.nopers--;
		if (outsign != sign)
			out[n++] = outsign = sign;
		out[n++] = *s;
	}
	out[n] = '\0';
	if (unknown)
		reply(c, ERR_UMODEUNKNOWNFLAG, ":Unknown MODE flag");
	if (n > 0)
		client_sendf(c, ":%s!%s@%s MODE %s :%s", c->nick, c->user,
		    c->host, c->nick, out);
}
