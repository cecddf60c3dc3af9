/* oper.c: operator commands: OPER, KILL, WALLOPS, REHASH.  Each is
 * logged (who, as whom, on whom), never with message text. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "auth.h"
#include "i18n.h"
#include "server.h"

static bool
need_oper(struct client *c)
{
	if (c->umodes & UMODE_OPER)
		return true;
	reply(c, ERR_NOPRIVILEGES, ":Permission Denied- You're not an IRC "
	    "operator");
	return false;
}

void
cmd_oper(struct client *c, struct irc_msg *m)
{
	const struct config *conf = srv.conf;
	const char *name = m->params[0];

	for (size_t i = 0; i < conf->nopers; i++) {
		if (strcmp(conf->opers[i].name, name) != 0)
			continue;
		enum auth_result r = auth_check(m->params[1],
		    conf->opers[i].password);
		if (r == AUTH_BUSY) {
			reply(c, RPL_TRYAGAIN, "OPER :Please wait a while and "
			    "try again.");
			log_warn(_("oper attempt by %s!%s@%s as %s turned away "
			    "unchecked: too many password checks at once"),
			    c->nick, c->user, c->host, conf->opers[i].name);
			return;
		}
		if (r == AUTH_BAD)
			break;
		if (!(c->umodes & UMODE_OPER)) {
			c->umodes |= UMODE_OPER;
			srv.nopers++;
			client_sendf(c, ":%s!%s@%s MODE %s :+o", c->nick,
			    c->user, c->host, c->nick);
		}
		reply(c, RPL_YOUREOPER, ":You are now an IRC operator");
		log_info(_("oper %s!%s@%s as %s"), c->nick, c->user, c->host,
		    conf->opers[i].name);
		return;
	}
	reply(c, ERR_PASSWDMISMATCH, ":Password incorrect");
	log_warn(_("failed oper attempt by %s!%s@%s as %.*s"), c->nick,
	    c->user, c->host, NICK_LEN_MAX, name);
}

void
cmd_kill(struct client *c, struct irc_msg *m)
{
	if (!need_oper(c))
		return;
	struct client *t = user_find(m->params[0]);
	if (t == NULL) {
		reply(c, ERR_NOSUCHNICK, "%s :No such nick/channel",
		    m->params[0][0] == ':' ? "*" : m->params[0]);
		return;
	}
	char reason[QUIT_LEN + NICK_LEN_MAX + 16];
	snprintf(reason, sizeof(reason), "Killed (%s (%.*s))", c->nick,
	    QUIT_LEN, m->params[1]);
	client_sendf(t, ":%s!%s@%s KILL %s :%s", c->nick, c->user, c->host,
	    t->nick, m->params[1]);
	log_info(_("kill %s!%s@%s by %s"), t->nick, t->user, t->host,
	    c->nick);
	client_exit(t, reason);
}

void
cmd_wallops(struct client *c, struct irc_msg *m)
{
	if (!need_oper(c))
		return;
	struct outmsg o;
	out_init(&o, NULL, ":%s!%s@%s WALLOPS :%s", c->nick, c->user,
	    c->host, m->params[0]);
	for (size_t i = srv.nfixed; i < srv.npfds; i++) {
		struct client *t = srv.pclients[i];
		if ((t->flags & C_REGISTERED) && (t->umodes & UMODE_WALLOPS))
			out_send(t, &o);
	}
	out_done(&o);
	log_info(_("wallops by %s"), c->nick);
}

void
cmd_rehash(struct client *c, struct irc_msg *m)
{
	if (!need_oper(c))
		return;
	reply(c, RPL_REHASHING, "%s :Rehashing", srv.config_path);
	log_info(_("rehash by %s!%s@%s"), c->nick, c->user, c->host);
	server_rehash(c->nick);
}
