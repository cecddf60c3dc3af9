/*
 * message.c: PRIVMSG, NOTICE and TAGMSG to channels and nicks (CTCP is
 * just text and passes through).  The line is formatted once per target;
 * members share it.  NOTICE never gets an error reply (RFC 2812 3.3.2).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "server.h"

/* The client-only tags ("+name[=value]") of a message, still escaped, to
 * relay to message-tags clients; the rest are the server's to set. */
static void
client_tags(const char *tags, char *out, size_t size)
{
	size_t n = 0;

	out[0] = '\0';
	if (tags == NULL)
		return;
	while (*tags != '\0') {
		size_t len = strcspn(tags, ";");
		/* A raw CR would end the line early for the recipients
		 * (an attacker's text read as a second line): drop the tag. */
		if (tags[0] == '+' && len > 1 && n + len + 2 < size &&
		    memchr(tags, '\r', len) == NULL) {
			if (n > 0)
				out[n++] = ';';
			memcpy(out + n, tags, len);
			n += len;
			out[n] = '\0';
		}
		tags += len;
		if (*tags == ';')
			tags++;
	}
}

static bool
can_send(const struct client *c, const struct channel *ch)
{
	const struct member *mem = member_find(c, ch);

	if (mem == NULL)
		return !(ch->modes & (CMODE_NOEXTERNAL | CMODE_MODERATED)) &&
		    !chan_banned(ch, c);
	if (mem->modes & (MEMBER_OP | MEMBER_VOICE))
		return true;
	return !(ch->modes & CMODE_MODERATED) && !chan_banned(ch, c);
}

static void
send_to_channel(struct client *c, const char *command, struct channel *ch,
    const char *tags, const char *text, bool tagmsg)
{
	struct outmsg o;

	if (tagmsg)
		out_init(&o, tags, ":%s!%s@%s %s %s", c->nick, c->user,
		    c->host, command, ch->name);
	else
		out_init(&o, tags, ":%s!%s@%s %s %s :%s", c->nick, c->user,
		    c->host, command, ch->name, text);
	bool echo = (c->caps & CAP_ECHO_MESSAGE) &&
	    (!tagmsg || (c->caps & CAP_MESSAGE_TAGS));
	if (tagmsg) {
		for (struct member *m = ch->members; m != NULL; m = m->chan_next)
			if (m->client != c &&
			    (m->client->caps & CAP_MESSAGE_TAGS))
				out_send(m->client, &o);
	} else
		chan_send(ch, &o, c);
	/* The echo also reaches a sender outside the channel (no +n). */
	if (echo)
		out_send(c, &o);
	out_done(&o);
}

static void
send_to_user(struct client *c, const char *command, struct client *t,
    const char *tags, const char *text, bool tagmsg)
{
	struct outmsg o;

	if (tagmsg)
		out_init(&o, tags, ":%s!%s@%s %s %s", c->nick, c->user,
		    c->host, command, t->nick);
	else
		out_init(&o, tags, ":%s!%s@%s %s %s :%s", c->nick, c->user,
		    c->host, command, t->nick, text);
	if (!tagmsg || (t->caps & CAP_MESSAGE_TAGS))
		out_send(t, &o);
	if ((c->caps & CAP_ECHO_MESSAGE) && t != c &&
	    (!tagmsg || (c->caps & CAP_MESSAGE_TAGS)))
		out_send(c, &o);
	out_done(&o);
}

static void
message(struct client *c, struct irc_msg *m, const char *command,
    bool notice, bool tagmsg)
{
	char tags[IRC_TAGS_MAX + 1];
	const char *text = NULL;

	if (m->nparams < 1 || m->params[0][0] == '\0') {
		if (!notice)
			reply(c, ERR_NORECIPIENT, ":No recipient given (%s)",
			    command);
		return;
	}
	if (!tagmsg) {
		if (m->nparams < 2 || m->params[1][0] == '\0') {
			if (!notice)
				reply(c, ERR_NOTEXTTOSEND, ":No text to send");
			return;
		}
		text = m->params[1];
		if (!notice)
			c->idle_since = time(NULL);
	}
	client_tags(m->tags, tags, sizeof(tags));
	char *cursor = m->params[0];
	for (int n = 0; cursor != NULL; n++) {
		char *target = cursor;
		char *comma = strchr(cursor, ',');
		if (comma != NULL)
			*comma = '\0';
		cursor = comma != NULL ? comma + 1 : NULL;
		if (target[0] == '\0')
			continue;
		const char *shown = target[0] == ':' ? "*" : target;
		if (n >= TARGETS_MAX) {
			if (!notice)
				reply(c, ERR_TOOMANYTARGETS, "%s :Too many "
				    "recipients", shown);
			continue;
		}
		if (strchr(CHANTYPES, target[0]) != NULL) {
			struct channel *ch = chan_find(target);
			if (ch == NULL) {
				if (!notice)
					reply(c, ERR_NOSUCHNICK, "%s :No such "
					    "nick/channel", shown);
			} else if (!can_send(c, ch)) {
				if (!notice)
					reply(c, ERR_CANNOTSENDTOCHAN, "%s "
					    ":Cannot send to channel",
					    ch->name);
			} else
				send_to_channel(c, command, ch, tags, text,
				    tagmsg);
			continue;
		}
		struct client *t = user_find(target);
		if (t == NULL) {
			if (!notice)
				reply(c, ERR_NOSUCHNICK, "%s :No such "
				    "nick/channel", shown);
			continue;
		}
		send_to_user(c, command, t, tags, text, tagmsg);
		if (!notice && !tagmsg && t->away != NULL)
			reply(c, RPL_AWAY, "%s :%s", t->nick, t->away);
	}
}

void
cmd_privmsg(struct client *c, struct irc_msg *m)
{
	message(c, m, "PRIVMSG", false, false);
}

void
cmd_notice(struct client *c, struct irc_msg *m)
{
	message(c, m, "NOTICE", true, false);
}

void
cmd_tagmsg(struct client *c, struct irc_msg *m)
{
	message(c, m, "TAGMSG", true, true);
}
