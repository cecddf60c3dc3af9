/*
 * chanmode.c: channel MODE (RFC 2812 3.2.3, RFC 2811 4): the flags imnst,
 * the key (k), the limit (l), bans (b) and member status (o, v).  Changes
 * that took effect are sent to the channel as one MODE line.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "server.h"

#define KEY_LEN		23
#define BANMASK_LEN	(NICK_LEN_MAX + USER_LEN + HOST_LEN + 2)

static const struct flag {
	char letter;
	unsigned bit;
} flags[] = {
	{ 'i', CMODE_INVITE },
	{ 'm', CMODE_MODERATED },
	{ 'n', CMODE_NOEXTERNAL },
	{ 's', CMODE_SECRET },
	{ 't', CMODE_TOPIC },
};

void
chan_mode_string(const struct channel *ch, bool with_key, char *buf,
    size_t size)
{
	char letters[16], args[64] = "";
	size_t n = 0;

	letters[n++] = '+';
	for (size_t i = 0; i < sizeof(flags) / sizeof(*flags); i++) {
		if (ch->modes & flags[i].bit)
			letters[n++] = flags[i].letter;
		if (flags[i].letter == 'i' && ch->key != NULL)
			letters[n++] = 'k';
		if (flags[i].letter == 'i' && ch->limit != 0)
			letters[n++] = 'l';
	}
	letters[n] = '\0';
	if (ch->key != NULL)
		snprintf(args, sizeof(args), " %s", with_key ? ch->key : "*");
	if (ch->limit != 0)
		snprintf(args + strlen(args), sizeof(args) - strlen(args),
		    " %u", ch->limit);
	snprintf(buf, size, "%s%s", letters, args);
}

/* "nick", "user@host", "nick!user" become full nick!user@host masks. */
static void
ban_normalize(const char *in, char *out, size_t size)
{
	const char *bang = strchr(in, '!'), *at = strchr(in, '@');

	if (bang == NULL && at == NULL)
		snprintf(out, size, "%s!*@*", in);
	else if (bang == NULL)
		snprintf(out, size, "*!%s", in);
	else if (at == NULL)
		snprintf(out, size, "%s@*", in);
	else
		snprintf(out, size, "%s", in);
}

static void
ban_list(struct client *c, const struct channel *ch)
{
	for (unsigned i = 0; i < ch->nbans; i++)
		reply(c, RPL_BANLIST, "%s %s %s %lld", ch->name,
		    ch->bans[i].mask, ch->bans[i].by,
		    (long long)ch->bans[i].when);
	reply(c, RPL_ENDOFBANLIST, "%s :End of channel ban list", ch->name);
}

/* Returns whether the list changed. */
static bool
ban_change(struct client *c, struct channel *ch, bool add, const char *mask)
{
	unsigned i;

	for (i = 0; i < ch->nbans; i++)
		if (irc_casecmp(CASEMAP, ch->bans[i].mask, mask) == 0)
			break;
	if (!add) {
		if (i == ch->nbans)
			return false;
		free(ch->bans[i].mask);
		free(ch->bans[i].by);
		ch->bans[i] = ch->bans[--ch->nbans];
		return true;
	}
	if (i < ch->nbans)
		return false;
	if (ch->nbans >= BANS_MAX) {
		reply(c, 478, "%s %s :Channel ban list is full", ch->name,
		    mask);
		return false;
	}
	ch->bans = xrealloc(ch->bans, (ch->nbans + 1) * sizeof(*ch->bans));
	ch->bans[ch->nbans].mask = xstrdup(mask);
	ch->bans[ch->nbans].by = xstrdup(c->nick);
	ch->bans[ch->nbans].when = time(NULL);
	ch->nbans++;
	return true;
}

struct change {
	char letters[64];
	size_t nletters;
	char sign;
	char args[IRC_MSG_MAX];
	size_t nargs;
};

static void
change_add(struct change *ch, char sign, char letter, const char *arg)
{
	if (ch->nletters + 3 >= sizeof(ch->letters))
		return;
	if (ch->sign != sign)
		ch->letters[ch->nletters++] = ch->sign = sign;
	ch->letters[ch->nletters++] = letter;
	ch->letters[ch->nletters] = '\0';
	if (arg != NULL) {
		int n = snprintf(ch->args + ch->nargs,
		    sizeof(ch->args) - ch->nargs, " %s", arg);
		if (n > 0 && ch->nargs + (size_t)n < sizeof(ch->args))
			ch->nargs += (size_t)n;
	}
}

static bool
key_valid(const char *key)
{
	size_t len = strlen(key);

	return len > 0 && len <= KEY_LEN && strpbrk(key, " ,:") == NULL &&
	    key[0] != ':';
}

static void
member_mode(struct client *c, struct channel *ch, char sign, char letter,
    const char *nick, struct change *out)
{
	struct client *t = user_find(nick);
	uint8_t bit = letter == 'o' ? MEMBER_OP : MEMBER_VOICE;

	if (t == NULL) {
		reply(c, ERR_NOSUCHNICK, "%s :No such nick/channel",
		    nick[0] == ':' || strchr(nick, ' ') ? "*" : nick);
		return;
	}
	struct member *tm = member_find(t, ch);
	if (tm == NULL) {
		reply(c, ERR_USERNOTINCHANNEL, "%s %s :They aren't on that "
		    "channel", t->nick, ch->name);
		return;
	}
	if (sign == '+')
		tm->modes |= bit;
	else
		tm->modes &= (uint8_t)~bit;
	change_add(out, sign, letter, t->nick);
}

void
chan_mode(struct client *c, struct irc_msg *m, struct channel *ch)
{
	struct member *mem = member_find(c, ch);
	bool op = mem != NULL && (mem->modes & MEMBER_OP);
	char buf[128];

	if (m->nparams < 2) {
		chan_mode_string(ch, mem != NULL, buf, sizeof(buf));
		reply(c, RPL_CHANNELMODEIS, "%s %s", ch->name, buf);
		reply(c, RPL_CREATIONTIME, "%s %lld", ch->name,
		    (long long)ch->created);
		return;
	}
	struct change out;
	memset(&out, 0, sizeof(out));
	char sign = '+';
	int argi = 2, withargs = 0;
	bool denied = false, listed = false;
	for (const char *s = m->params[1]; *s != '\0'; s++) {
		const char *arg = NULL;
		char letter = *s;
		if (letter == '+' || letter == '-') {
			sign = letter;
			continue;
		}
		bool takes = strchr("bov", letter) != NULL ||
		    (strchr("kl", letter) != NULL && sign == '+') ||
		    (letter == 'k' && argi < m->nparams);
		if (strchr("bklov", letter) != NULL && takes) {
			if (argi < m->nparams)
				arg = m->params[argi++];
			else if (letter == 'b') {
				if (!listed)
					ban_list(c, ch);
				listed = true;
				continue;
			} else {
				continue;	/* no argument: ignored */
			}
			if (++withargs > MODES_MAX)
				break;
		}
		const struct flag *f = NULL;
		for (size_t i = 0; i < sizeof(flags) / sizeof(*flags); i++)
			if (flags[i].letter == letter)
				f = &flags[i];
		if (f == NULL && strchr("bklov", letter) == NULL) {
			if (letter <= ' ' || letter == ':')
				continue;
			reply(c, ERR_UNKNOWNMODE, "%c :is unknown mode char "
			    "to me for %s", letter, ch->name);
			continue;
		}
		if (!op) {
			if (!denied)
				reply(c, ERR_CHANOPRIVSNEEDED, "%s :You're not "
				    "channel operator", ch->name);
			denied = true;
			continue;
		}
		if (f != NULL) {
			if (((ch->modes & f->bit) != 0) == (sign == '+'))
				continue;
			if (sign == '+')
				ch->modes |= f->bit;
			else
				ch->modes &= ~f->bit;
			change_add(&out, sign, letter, NULL);
			continue;
		}
		switch (letter) {
		case 'o':
		case 'v':
			member_mode(c, ch, sign, letter, arg, &out);
			break;
		case 'b': {
			char mask[BANMASK_LEN + 1];
			if (arg[0] == ':' || strchr(arg, ' ') != NULL)
				break;
			ban_normalize(arg, mask, sizeof(mask));
			if (ban_change(c, ch, sign == '+', mask))
				change_add(&out, sign, 'b', mask);
			break;
		}
		case 'k':
			if (sign == '+') {
				if (ch->key != NULL) {
					reply(c, ERR_KEYSET, "%s :Channel key "
					    "already set", ch->name);
					break;
				}
				if (!key_valid(arg))
					break;
				ch->key = xstrdup(arg);
				change_add(&out, '+', 'k', arg);
			} else if (ch->key != NULL) {
				free(ch->key);
				ch->key = NULL;
				change_add(&out, '-', 'k', "*");
			}
			break;
		case 'l':
			if (sign == '+') {
				char *end;
				long n = strtol(arg, &end, 10);
				if (*end != '\0' || n <= 0 || n > 1000000)
					break;
				ch->limit = (unsigned)n;
				snprintf(buf, sizeof(buf), "%ld", n);
				change_add(&out, '+', 'l', buf);
			} else if (ch->limit != 0) {
				ch->limit = 0;
				change_add(&out, '-', 'l', NULL);
			}
			break;
		}
	}
	if (out.nletters == 0)
		return;
	struct outmsg o;
	out_init(&o, NULL, ":%s!%s@%s MODE %s %s%s", c->nick, c->user,
	    c->host, ch->name, out.letters, out.args);
	chan_send(ch, &o, NULL);
	out_done(&o);
}
