/*
 * query.c: questions about users: WHO, WHOIS, WHOWAS, ISON, USERHOST,
 * and the ring of departed nicks WHOWAS answers from.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "server.h"

struct whowas {
	char *nick;
	char *user;
	char *host;
	char *realname;
	time_t when;
};

static struct whowas whowas[WHOWAS_MAX];
static unsigned whowas_next;

void
whowas_add(const struct client *c)
{
	struct whowas *w = &whowas[whowas_next];

	whowas_next = (whowas_next + 1) % WHOWAS_MAX;
	free(w->nick);
	free(w->user);
	free(w->host);
	free(w->realname);
	w->nick = xstrdup(c->nick);
	w->user = xstrdup(c->user);
	w->host = xstrdup(c->host);
	w->realname = xstrdup(c->realname ? c->realname : "");
	w->when = time(NULL);
}

void
whowas_free(void)
{
	for (unsigned i = 0; i < WHOWAS_MAX; i++) {
		free(whowas[i].nick);
		free(whowas[i].user);
		free(whowas[i].host);
		free(whowas[i].realname);
	}
	memset(whowas, 0, sizeof(whowas));
}

static const char *
echo_word(const char *s)
{
	return s[0] == '\0' || s[0] == ':' || strchr(s, ' ') ? "*" : s;
}

void
who_reply(struct client *c, const char *chname, const struct client *t,
    const struct member *mem)
{
	reply(c, RPL_WHOREPLY, "%s %s %s %s %s %c%s%s :0 %s", chname, t->user,
	    t->host, srv.conf->server_name, t->nick, t->away ? 'G' : 'H',
	    (t->umodes & UMODE_OPER) ? "*" : "",
	    mem ? member_prefix(mem, c->caps & CAP_MULTI_PREFIX) : "",
	    t->realname);
}

static bool
who_matches(const struct client *c, const struct client *t,
    const char *mask, bool opers)
{
	if (!(t->flags & C_REGISTERED) ||
	    (t->flags & (C_CLOSING | C_EXITING)) ||
	    !user_visible(c, t) || (opers && !(t->umodes & UMODE_OPER)))
		return false;
	return irc_mask_match(CASEMAP, mask, t->nick) ||
	    irc_mask_match(CASEMAP, mask, t->user) ||
	    irc_mask_match(CASEMAP, mask, t->host) ||
	    irc_mask_match(CASEMAP, mask, t->realname) ||
	    irc_mask_match(CASEMAP, mask, srv.conf->server_name);
}

/*
 * Send the next users matching mask, in id order, until the asker's
 * queue reaches stop; true when done (WHO_MAX reached, or no more).  The
 * client table is not in id order (leavers' places are filled from its
 * end), so each scan keeps the WHO_BATCH lowest ids past the last listed:
 * once the batch is full, most users are passed over by their id alone.
 */
bool
who_users_more(struct client *c, const char *mask, struct who_walk *w,
    size_t stop)
{
	for (;;) {
		const struct client *batch[WHO_BATCH];
		size_t n = 0;
		for (size_t i = srv.nfixed; i < srv.npfds; i++) {
			const struct client *t = srv.pclients[i];
			if (t->id <= w->after ||
			    (n == WHO_BATCH && t->id > batch[n - 1]->id) ||
			    !who_matches(c, t, mask, w->opers))
				continue;
			size_t j = n < WHO_BATCH ? n++ : n - 1;
			for (; j > 0 && batch[j - 1]->id > t->id; j--)
				batch[j] = batch[j - 1];
			batch[j] = t;
		}
		for (size_t k = 0; k < n; k++) {
			if (w->found >= WHO_MAX)
				return true;
			if (c->sendq.bytes >= stop)
				return false;
			const struct client *t = batch[k];
			const struct member *mem;
			for (mem = t->channels; mem != NULL;
			    mem = mem->user_next)
				if (chan_visible(c, mem->chan))
					break;
			who_reply(c, mem ? mem->chan->name : "*", t, mem);
			w->after = t->id;
			w->found++;
		}
		if (n < WHO_BATCH || w->found >= WHO_MAX)
			return true;
	}
}

/* WHO [#chan|mask [o]]: paged (chan_who()). */
void
cmd_who(struct client *c, struct irc_msg *m)
{
	const char *mask = m->nparams > 0 && m->params[0][0] != '\0' ?
	    m->params[0] : "*";
	bool opers = m->nparams > 1 && strchr(m->params[1], 'o') != NULL;

	if (strcmp(mask, "0") == 0)
		mask = "*";
	chan_who(c, mask, opers);
}

static void
whois_channels(struct client *c, const struct client *t)
{
	char line[IRC_MSG_MAX];
	size_t len = 0;
	bool multi = c->caps & CAP_MULTI_PREFIX;
	/* Room for ":server 319 nick tnick :" in the 510 bytes. */
	size_t room = IRC_BODY_MAX - 16 - strlen(srv.conf->server_name) -
	    strlen(c->nick) - strlen(t->nick);

	for (const struct member *m = t->channels; m != NULL;
	    m = m->user_next) {
		if ((m->chan->modes & CMODE_SECRET) && c != t &&
		    member_find(c, m->chan) == NULL)
			continue;
		const char *p = member_prefix(m, multi);
		size_t need = strlen(p) + strlen(m->chan->name) + 1;
		if (len + need > room && len > 0) {
			line[len - 1] = '\0';
			reply(c, RPL_WHOISCHANNELS, "%s :%s", t->nick, line);
			len = 0;
		}
		len += (size_t)snprintf(line + len, sizeof(line) - len, "%s%s ",
		    p, m->chan->name);
	}
	if (len > 0) {
		line[len - 1] = '\0';
		reply(c, RPL_WHOISCHANNELS, "%s :%s", t->nick, line);
	}
}

void
cmd_whois(struct client *c, struct irc_msg *m)
{
	if (m->nparams < 1 || m->params[0][0] == '\0') {
		reply(c, ERR_NONICKNAMEGIVEN, ":No nickname given");
		return;
	}
	/* "WHOIS server nick" asks a server: we are the only one. */
	char *list = m->params[m->nparams > 1 ? 1 : 0];
	char *shown = list;
	int n = 0;
	for (char *cursor = list; cursor != NULL && n < TARGETS_MAX; n++) {
		char *nick = cursor, *comma = strchr(cursor, ',');
		if (comma != NULL)
			*comma = '\0';
		cursor = comma ? comma + 1 : NULL;
		struct client *t = user_find(nick);
		if (t == NULL) {
			reply(c, ERR_NOSUCHNICK, "%s :No such nick/channel",
			    echo_word(nick));
			continue;
		}
		reply(c, RPL_WHOISUSER, "%s %s %s * :%s", t->nick, t->user,
		    t->host, t->realname);
		whois_channels(c, t);
		reply(c, RPL_WHOISSERVER, "%s %s :%s", t->nick,
		    srv.conf->server_name, srv.conf->network_name);
		if (t->away != NULL)
			reply(c, RPL_AWAY, "%s :%s", t->nick, t->away);
		if (t->umodes & UMODE_OPER)
			reply(c, RPL_WHOISOPERATOR, "%s :is an IRC operator",
			    t->nick);
		reply(c, RPL_WHOISIDLE, "%s %lld %lld :seconds idle, signon "
		    "time", t->nick, (long long)(time(NULL) - t->idle_since),
		    (long long)t->signon);
	}
	reply(c, RPL_ENDOFWHOIS, "%s :End of /WHOIS list", echo_word(shown));
}

void
cmd_whowas(struct client *c, struct irc_msg *m)
{
	if (m->nparams < 1 || m->params[0][0] == '\0') {
		reply(c, ERR_NONICKNAMEGIVEN, ":No nickname given");
		return;
	}
	char *nick = m->params[0], *comma = strchr(nick, ',');
	if (comma != NULL)
		*comma = '\0';
	long max = m->nparams > 1 ? strtol(m->params[1], NULL, 10) : 0;
	if (max <= 0)
		max = WHOWAS_MAX;
	long found = 0;
	for (unsigned i = 0; i < WHOWAS_MAX && found < max; i++) {
		const struct whowas *w =
		    &whowas[(whowas_next + WHOWAS_MAX - 1 - i) % WHOWAS_MAX];
		if (w->nick == NULL || irc_casecmp(CASEMAP, w->nick, nick) != 0)
			continue;
		char when[64];
		struct tm tm;
		gmtime_r(&w->when, &tm);
		strftime(when, sizeof(when), "%a %b %d %H:%M:%S %Y UTC", &tm);
		reply(c, RPL_WHOWASUSER, "%s %s %s * :%s", w->nick, w->user,
		    w->host, w->realname);
		reply(c, RPL_WHOISSERVER, "%s %s :%s", w->nick,
		    srv.conf->server_name, when);
		found++;
	}
	if (found == 0)
		reply(c, ERR_WASNOSUCHNICK, "%s :There was no such nickname",
		    echo_word(nick));
	reply(c, RPL_ENDOFWHOWAS, "%s :End of WHOWAS", echo_word(nick));
}

void
cmd_ison(struct client *c, struct irc_msg *m)
{
	char out[IRC_MSG_MAX];
	size_t len = 0;

	out[0] = '\0';
	for (int i = 0; i < m->nparams; i++) {
		char *s = m->params[i];
		while (*s != '\0') {
			while (*s == ' ')
				s++;
			size_t wl = strcspn(s, " ");
			if (wl == 0)
				break;
			char save = s[wl];
			s[wl] = '\0';
			struct client *t = user_find(s);
			if (t != NULL && len + strlen(t->nick) + 2 < 400)
				len += (size_t)snprintf(out + len,
				    sizeof(out) - len, "%s%s", len ? " " : "",
				    t->nick);
			s[wl] = save;
			s += wl;
		}
	}
	reply(c, RPL_ISON, ":%s", out);
}

void
cmd_userhost(struct client *c, struct irc_msg *m)
{
	char out[IRC_MSG_MAX];
	size_t len = 0;

	out[0] = '\0';
	for (int i = 0; i < m->nparams && i < 5; i++) {
		struct client *t = user_find(m->params[i]);
		if (t == NULL)
			continue;
		len += (size_t)snprintf(out + len, sizeof(out) - len,
		    "%s%s%s=%c%s@%s", len ? " " : "", t->nick,
		    (t->umodes & UMODE_OPER) ? "*" : "", t->away ? '-' : '+',
		    t->user, t->host);
		if (len >= sizeof(out))
			break;
	}
	reply(c, RPL_USERHOST, ":%s", out);
}
