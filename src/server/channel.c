/*
 * channel.c: channels, membership, JOIN, PART, TOPIC, NAMES, LIST, KICK
 * and INVITE.  Channels live in a hash table keyed by the casemapped
 * name; membership is a struct member linked into both the channel's and
 * the user's list, so either side is walked without a search.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "server.h"

static struct channel **chan_table;
static size_t chan_size;
static uint64_t join_seq;	/* the last membership's seq */

static size_t
chan_bucket(const char *name)
{
	return irc_casehash(CASEMAP, name) & (chan_size - 1);
}

struct channel *
chan_find(const char *name)
{
	if (chan_size == 0)
		return NULL;
	for (struct channel *ch = chan_table[chan_bucket(name)]; ch != NULL;
	    ch = ch->hnext)
		if (irc_casecmp(CASEMAP, ch->name, name) == 0)
			return ch;
	return NULL;
}

static void
chan_grow(void)
{
	size_t old = chan_size;
	struct channel **table = chan_table;

	chan_size = old ? old * 2 : 256;
	chan_table = xcalloc(chan_size, sizeof(*chan_table));
	for (size_t i = 0; i < old; i++) {
		while (table[i] != NULL) {
			struct channel *ch = table[i];
			table[i] = ch->hnext;
			size_t b = chan_bucket(ch->name);
			ch->hnext = chan_table[b];
			chan_table[b] = ch;
		}
	}
	free(table);
}

static struct channel *
chan_new(const char *name)
{
	size_t len = strlen(name);
	struct channel *ch = xcalloc(1, sizeof(*ch) + len + 1);

	memcpy(ch->name, name, len + 1);
	ch->created = time(NULL);
	if (srv.nchannels >= chan_size)
		chan_grow();
	size_t b = chan_bucket(name);
	ch->hnext = chan_table[b];
	chan_table[b] = ch;
	srv.nchannels++;
	return ch;
}

static void
chan_free(struct channel *ch)
{
	for (unsigned i = 0; i < ch->nbans; i++) {
		free(ch->bans[i].mask);
		free(ch->bans[i].by);
	}
	free(ch->bans);
	free(ch->key);
	free(ch->topic);
	free(ch->topic_by);
	free(ch);
}

static void
chan_del(struct channel *ch)
{
	for (struct channel **p = &chan_table[chan_bucket(ch->name)];
	    *p != NULL; p = &(*p)->hnext) {
		if (*p == ch) {
			*p = ch->hnext;
			break;
		}
	}
	srv.nchannels--;
	chan_free(ch);
}

void
chans_free(void)
{
	for (size_t i = 0; i < chan_size; i++) {
		while (chan_table[i] != NULL) {
			struct channel *ch = chan_table[i];
			chan_table[i] = ch->hnext;
			while (ch->members != NULL) {
				struct member *m = ch->members;
				ch->members = m->chan_next;
				free(m);
			}
			chan_free(ch);
		}
	}
	free(chan_table);
	chan_table = NULL;
	chan_size = 0;
}

struct member *
member_find(const struct client *c, const struct channel *ch)
{
	for (struct member *m = c->channels; m != NULL; m = m->user_next)
		if (m->chan == ch)
			return m;
	return NULL;
}

static struct member *
member_add(struct client *c, struct channel *ch, uint8_t modes)
{
	struct member *m = xcalloc(1, sizeof(*m));

	m->client = c;
	m->chan = ch;
	m->seq = ++join_seq;
	m->modes = modes;
	m->chan_next = ch->members;
	if (ch->members != NULL)
		ch->members->chan_prev = m;
	ch->members = m;
	ch->nmembers++;
	m->user_next = c->channels;
	if (c->channels != NULL)
		c->channels->user_prev = m;
	c->channels = m;
	c->nchannels++;
	return m;
}

/* Remove a membership; the channel goes when its last member does. */
static void
member_del(struct member *m)
{
	struct channel *ch = m->chan;
	struct client *c = m->client;

	if (m->chan_prev != NULL)
		m->chan_prev->chan_next = m->chan_next;
	else
		ch->members = m->chan_next;
	if (m->chan_next != NULL)
		m->chan_next->chan_prev = m->chan_prev;
	if (m->user_prev != NULL)
		m->user_prev->user_next = m->user_next;
	else
		c->channels = m->user_next;
	if (m->user_next != NULL)
		m->user_next->user_prev = m->user_prev;
	ch->nmembers--;
	c->nchannels--;
	free(m);
	if (ch->nmembers == 0)
		chan_del(ch);
}

const char *
member_prefix(const struct member *m, bool multi)
{
	if ((m->modes & MEMBER_OP) && (m->modes & MEMBER_VOICE) && multi)
		return "@+";
	if (m->modes & MEMBER_OP)
		return "@";
	if (m->modes & MEMBER_VOICE)
		return "+";
	return "";
}

bool
chan_visible(const struct client *c, const struct channel *ch)
{
	return !(ch->modes & CMODE_SECRET) || member_find(c, ch) != NULL;
}

bool
chan_banned(const struct channel *ch, const struct client *c)
{
	char who[NICK_LEN_MAX + USER_LEN + HOST_LEN + 3];

	if (ch->nbans == 0)
		return false;
	snprintf(who, sizeof(who), "%s!%s@%s", c->nick, c->user, c->host);
	for (unsigned i = 0; i < ch->nbans; i++)
		if (irc_mask_match(CASEMAP, ch->bans[i].mask, who))
			return true;
	return false;
}

/* The hot path: one formatted message, a reference per member. */
void
chan_send(struct channel *ch, struct outmsg *o, const struct client *skip)
{
	if (ch->nmembers > FLUSH_EAGER_MAX)
		srv.fanouts++;		/* see clients_flush_all() */
	for (struct member *m = ch->members; m != NULL; m = m->chan_next)
		if (m->client != skip)
			out_send(m->client, o);
}

void
chan_part_all(struct client *c, const char *reason, bool announce)
{
	while (c->channels != NULL) {
		struct member *m = c->channels;
		if (announce) {
			struct outmsg o;
			if (reason != NULL)
				out_init(&o, NULL, ":%s!%s@%s PART %s :%s",
				    c->nick, c->user, c->host, m->chan->name,
				    reason);
			else
				out_init(&o, NULL, ":%s!%s@%s PART %s",
				    c->nick, c->user, c->host, m->chan->name);
			chan_send(m->chan, &o, NULL);
			out_done(&o);
		}
		member_del(m);
	}
}

static const char *
echo_word(const char *s)
{
	return s[0] == '\0' || s[0] == ':' || strchr(s, ' ') ? "*" : s;
}

/* Next item of a comma list, cut in place; NULL at the end. */
static char *
list_next(char **cursor)
{
	char *s = *cursor;

	if (s == NULL)
		return NULL;
	char *comma = strchr(s, ',');
	if (comma != NULL) {
		*comma = '\0';
		*cursor = comma + 1;
	} else
		*cursor = NULL;
	return s;
}

static bool
chan_invited(struct channel *ch, const struct client *c, bool consume)
{
	for (unsigned i = 0; i < ch->ninvites; i++) {
		if (ch->invites[i] == c->id) {
			if (consume)
				ch->invites[i] = ch->invites[--ch->ninvites];
			return true;
		}
	}
	return false;
}

static void
topic_send(struct client *c, const struct channel *ch)
{
	if (ch->topic == NULL) {
		reply(c, RPL_NOTOPIC, "%s :No topic is set", ch->name);
		return;
	}
	reply(c, RPL_TOPIC, "%s :%s", ch->name, ch->topic);
	reply(c, RPL_TOPICWHOTIME, "%s %s %lld", ch->name, ch->topic_by,
	    (long long)ch->topic_time);
}

static void
join_one(struct client *c, const char *name, const char *key)
{
	if (!irc_chan_valid(name, CHAN_LEN, CHANTYPES)) {
		reply(c, ERR_NOSUCHCHANNEL, "%s :No such channel",
		    echo_word(name));
		return;
	}
	struct channel *ch = chan_find(name);
	if (ch != NULL && member_find(c, ch) != NULL)
		return;
	if (c->nchannels >= srv.conf->max_channels_per_client) {
		reply(c, ERR_TOOMANYCHANNELS, "%s :You have joined too many "
		    "channels", name);
		return;
	}
	uint8_t modes = 0;
	if (ch != NULL) {
		bool invited = chan_invited(ch, c, false);
		if ((ch->modes & CMODE_INVITE) && !invited) {
			reply(c, ERR_INVITEONLYCHAN, "%s :Cannot join channel "
			    "(+i)", ch->name);
			return;
		}
		if (ch->key != NULL && (key == NULL ||
		    strcmp(key, ch->key) != 0)) {
			reply(c, ERR_BADCHANNELKEY, "%s :Cannot join channel "
			    "(+k)", ch->name);
			return;
		}
		if (ch->limit != 0 && ch->nmembers >= ch->limit) {
			reply(c, ERR_CHANNELISFULL, "%s :Cannot join channel "
			    "(+l)", ch->name);
			return;
		}
		if (!invited && chan_banned(ch, c)) {
			reply(c, ERR_BANNEDFROMCHAN, "%s :Cannot join channel "
			    "(+b)", ch->name);
			return;
		}
		chan_invited(ch, c, true);
	} else {
		ch = chan_new(name);
		modes = MEMBER_OP;	/* the creator */
	}
	member_add(c, ch, modes);
	struct outmsg o;
	out_init(&o, NULL, ":%s!%s@%s JOIN %s", c->nick, c->user, c->host,
	    ch->name);
	chan_send(ch, &o, NULL);
	out_done(&o);
	if (c->away != NULL) {
		out_init(&o, NULL, ":%s!%s@%s AWAY :%s", c->nick, c->user,
		    c->host, c->away);
		for (struct member *m = ch->members; m != NULL; m = m->chan_next)
			if (m->client != c && (m->client->caps & CAP_AWAY_NOTIFY))
				out_send(m->client, &o);
		out_done(&o);
	}
	if (ch->topic != NULL)
		topic_send(c, ch);
	chan_names(c, ch);
}

void
cmd_join(struct client *c, struct irc_msg *m)
{
	if (strcmp(m->params[0], "0") == 0) {
		chan_part_all(c, NULL, true);
		return;
	}
	char *names = m->params[0];
	char *keys = m->nparams > 1 ? m->params[1] : NULL;
	char *name;
	while ((name = list_next(&names)) != NULL &&
	    !(c->flags & (C_EXITING | C_CLOSING))) {
		char *key = list_next(&keys);
		if (*name != '\0')
			join_one(c, name, key != NULL && *key ? key : NULL);
	}
}

void
cmd_part(struct client *c, struct irc_msg *m)
{
	char *names = m->params[0], *name;
	const char *reason = m->nparams > 1 && m->params[1][0] != '\0' ?
	    m->params[1] : NULL;

	while ((name = list_next(&names)) != NULL) {
		struct channel *ch = chan_find(name);
		if (ch == NULL) {
			reply(c, ERR_NOSUCHCHANNEL, "%s :No such channel",
			    echo_word(name));
			continue;
		}
		struct member *mem = member_find(c, ch);
		if (mem == NULL) {
			reply(c, ERR_NOTONCHANNEL, "%s :You're not on that "
			    "channel", ch->name);
			continue;
		}
		struct outmsg o;
		if (reason != NULL)
			out_init(&o, NULL, ":%s!%s@%s PART %s :%.*s", c->nick,
			    c->user, c->host, ch->name, QUIT_LEN, reason);
		else
			out_init(&o, NULL, ":%s!%s@%s PART %s", c->nick,
			    c->user, c->host, ch->name);
		chan_send(ch, &o, NULL);
		out_done(&o);
		member_del(mem);
	}
}

void
cmd_topic(struct client *c, struct irc_msg *m)
{
	struct channel *ch = chan_find(m->params[0]);

	if (ch == NULL) {
		reply(c, ERR_NOSUCHCHANNEL, "%s :No such channel",
		    echo_word(m->params[0]));
		return;
	}
	struct member *mem = member_find(c, ch);
	if (m->nparams < 2) {
		if (mem == NULL && (ch->modes & CMODE_SECRET))
			reply(c, ERR_NOTONCHANNEL, "%s :You're not on that "
			    "channel", ch->name);
		else
			topic_send(c, ch);
		return;
	}
	if (mem == NULL) {
		reply(c, ERR_NOTONCHANNEL, "%s :You're not on that channel",
		    ch->name);
		return;
	}
	if ((ch->modes & CMODE_TOPIC) && !(mem->modes & MEMBER_OP)) {
		reply(c, ERR_CHANOPRIVSNEEDED, "%s :You're not channel "
		    "operator", ch->name);
		return;
	}
	const char *text = m->params[1];
	free(ch->topic);
	free(ch->topic_by);
	ch->topic = NULL;
	ch->topic_by = NULL;
	if (text[0] != '\0') {
		char by[NICK_LEN_MAX + USER_LEN + HOST_LEN + 3];
		snprintf(by, sizeof(by), "%s!%s@%s", c->nick, c->user, c->host);
		ch->topic = xstrndup(text, irc_utf8_cut(text, strlen(text),
		    TOPIC_LEN));
		ch->topic_by = xstrdup(by);
		ch->topic_time = time(NULL);
	}
	struct outmsg o;
	out_init(&o, NULL, ":%s!%s@%s TOPIC %s :%s", c->nick, c->user,
	    c->host, ch->name, ch->topic ? ch->topic : "");
	chan_send(ch, &o, NULL);
	out_done(&o);
}

/*
 * Long replies are paged: LIST, NAMES and WHO stop when the asker's send
 * queue passes half of sendq_bytes and go on once it has drained below a
 * quarter (client_flush() calls chan_listing_resume()), so no reply can
 * push its asker past sendq_bytes, and each page is big enough to be
 * worth finding its place again.  Between pages nothing is held but
 * names and numbers, so whatever leaves or goes meanwhile cannot be
 * touched: a channel is found again by name, and the place in its member
 * list by join order (members are added at the head, so the list runs
 * newest first, and a seq above the page's says "listed already, or
 * joined since").  Each channel asked for ends with one 366 (NAMES) or
 * 315 (WHO).
 *
 * One reply is sent at a time.  NAMES (also after JOIN), WHO and LIST
 * asked meanwhile wait in a queue and are answered in order, whole: a
 * client that sends WHO #a after #a's 366 while #b's names are paged
 * still gets all of #b's.  Only a LIST asked again ends the LIST before
 * it (at once with its 323, or with 321 and 323 when its turn comes):
 * LIST is a look at the server that the asker wants anew, not state it
 * keeps, and the rest of the old one would only delay the new one.  The
 * queue holds at most LISTING_QUEUE_MAX bytes; a request beyond that is
 * answered at once, ahead of those waiting: the NAMES after a JOIN
 * whole, as before paging (the joiner needs them; what it does not read
 * counts against its send queue), and NAMES, WHO or LIST asked with
 * RPL_TRYAGAIN and its end replies, which cost no work and no memory.
 */
enum page_kind { PAGE_NAMES, PAGE_WHO, PAGE_WHO_OPERS };

struct chan_page {
	char chan[CHAN_LEN + 1];	/* "" when none is being sent */
	enum page_kind kind;
	uint64_t upto;		/* members with seq <= upto are to come */
	uint64_t self;		/* the asker's membership then, or 0 */
};

/* A request: in the queue, its kind byte, its argument and a '\0'. */
enum ask {
	ASK_NONE = 0,
	ASK_NAMES = 'N',	/* NAMES of channels, comma-separated */
	ASK_NAMES_ALL = 'A',	/* NAMES of every channel */
	ASK_WHO = 'W',		/* WHO #chan or WHO mask */
	ASK_WHO_OPERS = 'O',	/* the same with "o" */
	ASK_LIST = 'L'		/* LIST, with its argument */
};

/*
 * The walk over every channel goes by groups: group i is bucket i of the
 * channel table as it was at the start (base buckets).  The table only
 * doubles, and bucket i of then is buckets i, i + base, i + 2 base... of
 * now.  Within a group channels go in (hash, name) order, which growing
 * the table does not change, so a page may end after any channel and
 * every channel that exists throughout is listed exactly once.  WHO by
 * mask walks the users instead (who_users_more() in query.c).
 */
struct listing {
	enum ask walk;		/* ASK_NAMES_ALL, ASK_LIST, ASK_WHO (by mask)
				 * being walked, or ASK_NONE */
	bool in_group;		/* last_hash and last: the group's last done */
	uint32_t last_hash;
	size_t base;		/* chan_size at the start */
	size_t next;		/* the group being walked */
	char last[CHAN_LEN + 1];
	struct chan_page page;
	struct who_walk who;
	char *queue;		/* the requests waiting */
	size_t qhead, qlen;
	unsigned lists;		/* LISTs among them */
	char masks[IRC_MSG_MAX + 1];	/* LIST's wildcard masks,
					 * comma-separated, or WHO's mask */
};

static void
page_start(const struct client *c, struct chan_page *p,
    const struct channel *ch, enum page_kind kind)
{
	const struct member *self = member_find(c, ch);

	snprintf(p->chan, sizeof(p->chan), "%s", ch->name);
	p->kind = kind;
	p->upto = join_seq;
	p->self = self != NULL ? self->seq : 0;
}

static void
names_line(struct client *c, char *line, size_t len)
{
	memcpy(line + len - 1, "\r\n", 2);	/* over the last space */
	client_send_raw(c, line, len + 1);
}

/* Stop the page before m when the asker's queue has reached stop. */
static bool
page_full(const struct client *c, struct chan_page *p,
    const struct member *m, size_t stop)
{
	if (c->sendq.bytes < stop)
		return false;
	p->upto = m->seq;
	return true;
}

/*
 * Send 353s (or 352s) for the page until the asker's queue reaches stop;
 * true when the channel is done.  It is done early when the channel is
 * gone, or secret and the asker not in it, or the asker has left it (the
 * reply after its own JOIN ends with its PART; a new JOIN brings a new
 * one).
 */
static bool
page_more(struct client *c, struct chan_page *p, size_t stop)
{
	struct channel *ch = chan_find(p->chan);

	if (ch == NULL)
		return true;
	const struct member *self = member_find(c, ch);
	if (p->self != 0 && (self == NULL || self->seq != p->self))
		return true;
	if (self == NULL && (ch->modes & CMODE_SECRET))
		return true;
	char line[IRC_MSG_MAX + 1];
	bool multi = c->caps & CAP_MULTI_PREFIX;
	int head = snprintf(line, sizeof(line), ":%s 353 %s %c %s :",
	    srv.conf->server_name, client_name(c),
	    ch->modes & CMODE_SECRET ? '@' : '=', ch->name);
	size_t len = (size_t)head;
	struct member *m = ch->members;
	while (m != NULL && m->seq > p->upto)
		m = m->chan_next;
	for (; m != NULL; m = m->chan_next) {
		const struct client *u = m->client;
		if ((self == NULL && (u->umodes & UMODE_INVISIBLE)) ||
		    (p->kind == PAGE_WHO_OPERS && !(u->umodes & UMODE_OPER)))
			continue;
		if (p->kind != PAGE_NAMES) {
			if (page_full(c, p, m, stop))
				return false;
			who_reply(c, ch->name, u, m);
			continue;
		}
		const char *prefix = member_prefix(m, multi);
		size_t pl = strlen(prefix), nl = strlen(u->nick);
		if (len + pl + nl + 1 > IRC_BODY_MAX) {
			names_line(c, line, len);
			len = (size_t)head;
			if (page_full(c, p, m, stop))
				return false;
		}
		memcpy(line + len, prefix, pl);
		memcpy(line + len + pl, u->nick, nl);
		len += pl + nl;
		line[len++] = ' ';
	}
	if (len > (size_t)head)
		names_line(c, line, len);
	return true;
}

static void
names_end_reply(struct client *c, const char *name)
{
	reply(c, RPL_ENDOFNAMES, "%s :End of /NAMES list", echo_word(name));
}

static void
who_end_reply(struct client *c, const char *mask)
{
	reply(c, RPL_ENDOFWHO, "%s :End of /WHO list", echo_word(mask));
}

static void
page_end(struct client *c, struct chan_page *p)
{
	if (p->kind == PAGE_NAMES)
		names_end_reply(c, p->chan);
	else
		who_end_reply(c, p->chan);
	p->chan[0] = '\0';
}

/* The end replies of a request, for one that is not answered. */
static void
ask_end(struct client *c, enum ask kind, const char *arg)
{
	char copy[IRC_MSG_MAX + 1], *names = copy, *name;

	switch (kind) {
	case ASK_NAMES:
		snprintf(copy, sizeof(copy), "%s", arg);
		while ((name = list_next(&names)) != NULL)
			names_end_reply(c, name);
		break;
	case ASK_NAMES_ALL:
		names_end_reply(c, "*");
		break;
	case ASK_WHO:
	case ASK_WHO_OPERS:
		who_end_reply(c, arg);
		break;
	case ASK_LIST:
		reply(c, RPL_LISTEND, ":End of /LIST");
		break;
	case ASK_NONE:
		break;
	}
}

static bool
queue_add(struct listing *l, enum ask kind, const char *arg)
{
	size_t len = strlen(arg);

	if (l->qhead > 0) {
		l->qlen -= l->qhead;
		memmove(l->queue, l->queue + l->qhead, l->qlen);
		l->qhead = 0;
	}
	if (l->qlen + len + 2 > LISTING_QUEUE_MAX)
		return false;
	l->queue = xrealloc(l->queue, l->qlen + len + 2);
	l->queue[l->qlen] = (char)kind;
	memcpy(l->queue + l->qlen + 1, arg, len + 1);
	l->qlen += len + 2;
	if (kind == ASK_LIST)
		l->lists++;
	return true;
}

/* The next request; its argument is valid until the next queue_add(). */
static enum ask
queue_pop(struct listing *l, char **arg)
{
	if (l->qhead == l->qlen)
		return ASK_NONE;
	char *entry = l->queue + l->qhead;
	*arg = entry + 1;
	l->qhead += strlen(entry) + 1;
	if (entry[0] == ASK_LIST)
		l->lists--;
	return (enum ask)entry[0];
}

/*
 * NAMES of the first of names (a name that is no channel gets its 366 at
 * once); the rest goes back to the head of the queue, its kind byte over
 * the comma before it.
 */
static void
names_next(struct client *c, struct listing *l, char *names)
{
	char *name = list_next(&names);
	struct channel *ch = chan_find(name);

	if (ch != NULL)
		page_start(c, &l->page, ch, PAGE_NAMES);
	else
		names_end_reply(c, name);
	if (names != NULL) {
		names[-1] = (char)ASK_NAMES;
		l->qhead = (size_t)(names - 1 - l->queue);
	}
}

static int
walk_cmp(uint32_t ha, const char *a, uint32_t hb, const char *b)
{
	if (ha != hb)
		return ha < hb ? -1 : 1;
	return irc_casecmp(CASEMAP, a, b);
}

/* The walk's masks are set by the caller. */
static void
walk_start(struct listing *l, enum ask walk)
{
	l->walk = walk;
	l->in_group = false;
	l->base = chan_size;
	l->next = 0;
	memset(&l->who, 0, sizeof(l->who));
}

static struct channel *
walk_next(struct listing *l)
{
	for (; l->next < l->base; l->next++, l->in_group = false) {
		struct channel *best = NULL;
		uint32_t best_hash = 0;
		for (size_t b = l->next; b < chan_size; b += l->base)
			for (struct channel *ch = chan_table[b]; ch != NULL;
			    ch = ch->hnext) {
				uint32_t h = irc_casehash(CASEMAP, ch->name);
				if (l->in_group && walk_cmp(h, ch->name,
				    l->last_hash, l->last) <= 0)
					continue;
				if (best == NULL || walk_cmp(h, ch->name,
				    best_hash, best->name) < 0) {
					best = ch;
					best_hash = h;
				}
			}
		if (best != NULL) {
			l->in_group = true;
			l->last_hash = best_hash;
			snprintf(l->last, sizeof(l->last), "%s", best->name);
			return best;
		}
	}
	return NULL;
}

static void
walk_end(struct client *c, struct listing *l)
{
	ask_end(c, l->walk, l->masks);
	l->walk = ASK_NONE;
}

static void
list_one(struct client *c, const struct channel *ch)
{
	if (chan_visible(c, ch))
		reply(c, RPL_LIST, "%s %u :%s", ch->name, ch->nmembers,
		    ch->topic ? ch->topic : "");
}

static bool
list_matches(const char *masks, const char *name)
{
	if (masks[0] == '\0')
		return true;
	char copy[IRC_MSG_MAX + 1], *items = copy, *item;
	snprintf(copy, sizeof(copy), "%s", masks);
	while ((item = list_next(&items)) != NULL)
		if (irc_mask_match(CASEMAP, item, name))
			return true;
	return false;
}

/* LIST [#chan|mask[,...]]: named channels at once, masks walked. */
static void
list_start(struct client *c, struct listing *l, char *items)
{
	bool all = items[0] == '\0';
	size_t nmasks = 0;
	char *item;

	reply(c, RPL_LISTSTART, "Channel :Users  Name");
	if (l->lists > 0) {	/* a LIST asked since ends this one */
		reply(c, RPL_LISTEND, ":End of /LIST");
		return;
	}
	while (!all && (item = list_next(&items)) != NULL) {
		if (strpbrk(item, "*?") == NULL) {
			struct channel *ch = chan_find(item);
			if (ch != NULL)
				list_one(c, ch);
			continue;
		}
		size_t len = strlen(item);
		if (nmasks + len + 2 > sizeof(l->masks))
			break;		/* a framed line holds less */
		if (nmasks > 0)
			l->masks[nmasks++] = ',';
		memcpy(l->masks + nmasks, item, len);
		nmasks += len;
	}
	l->masks[nmasks] = '\0';
	if (all || nmasks > 0)
		walk_start(l, ASK_LIST);
	else
		reply(c, RPL_LISTEND, ":End of /LIST");
}

/* WHO #chan, or WHO mask over every user (opers: only operators). */
static void
who_start(struct client *c, struct listing *l, const char *mask,
    bool opers)
{
	if (strchr(CHANTYPES, mask[0]) == NULL) {
		snprintf(l->masks, sizeof(l->masks), "%s", mask);
		walk_start(l, ASK_WHO);
		l->who.opers = opers;
		return;
	}
	struct channel *ch = chan_find(mask);
	if (ch == NULL || !chan_visible(c, ch))
		who_end_reply(c, mask);
	else
		page_start(c, &l->page, ch, opers ? PAGE_WHO_OPERS : PAGE_WHO);
}

static void
ask_start(struct client *c, struct listing *l, enum ask kind, char *arg)
{
	switch (kind) {
	case ASK_NAMES:
		names_next(c, l, arg);
		break;
	case ASK_NAMES_ALL:
		walk_start(l, ASK_NAMES_ALL);
		break;
	case ASK_WHO:
	case ASK_WHO_OPERS:
		who_start(c, l, arg, kind == ASK_WHO_OPERS);
		break;
	case ASK_LIST:
		list_start(c, l, arg);
		break;
	case ASK_NONE:
		break;
	}
}

void
chan_listing_free(struct client *c)
{
	if (c->listing != NULL)
		free(c->listing->queue);
	free(c->listing);
	c->listing = NULL;
}

/* Send what comes next while the asker's queue is under half of
 * sendq_bytes: the channel being sent, the walk, the requests waiting. */
static void
listing_run(struct client *c)
{
	struct listing *l = c->listing;
	size_t half = srv.conf->sendq_bytes / 2;
	enum ask kind;
	char *arg;

	for (;;) {
		if (c->sendq.bytes >= half ||
		    (c->flags & (C_EXITING | C_CLOSING | C_DEAD)))
			return;
		if (l->page.chan[0] != '\0') {
			if (!page_more(c, &l->page, half))
				return;
			page_end(c, &l->page);
		} else if (l->walk == ASK_WHO) {
			if (!who_users_more(c, l->masks, &l->who, half))
				return;
			walk_end(c, l);
		} else if (l->walk != ASK_NONE) {
			struct channel *ch = walk_next(l);
			if (ch == NULL)
				walk_end(c, l);
			else if (l->walk == ASK_NAMES_ALL) {
				if (chan_visible(c, ch))
					page_start(c, &l->page, ch,
					    PAGE_NAMES);
			} else if (list_matches(l->masks, ch->name))
				list_one(c, ch);
		} else if ((kind = queue_pop(l, &arg)) != ASK_NONE)
			ask_start(c, l, kind, arg);
		else {
			chan_listing_free(c);
			return;
		}
	}
}

void
chan_listing_resume(struct client *c)
{
	if (c->sendq.bytes <= srv.conf->sendq_bytes / 4)
		listing_run(c);
}

/* Queue a request behind those waiting and send what may go now; false
 * when the queue is full. */
static bool
listing_queue(struct client *c, enum ask kind, const char *arg)
{
	if (c->listing == NULL)
		c->listing = xcalloc(1, sizeof(*c->listing));
	bool queued = queue_add(c->listing, kind, arg);
	listing_run(c);
	return queued;
}

/* A request asked for; one the full queue cannot take is answered at
 * once with RPL_TRYAGAIN and its end replies. */
static void
listing_ask(struct client *c, enum ask kind, const char *arg,
    const char *command)
{
	if (listing_queue(c, kind, arg))
		return;
	reply(c, RPL_TRYAGAIN, "%s :Please wait a while and try again.",
	    command);
	ask_end(c, kind, arg);
}

/* The NAMES after a JOIN: at once, or paged, or after what is waiting. */
void
chan_names(struct client *c, struct channel *ch)
{
	struct chan_page p;

	if (listing_queue(c, ASK_NAMES, ch->name))
		return;
	/* A full queue (joining and parting in a loop while not reading)
	 * gets the reply whole, as before paging. */
	page_start(c, &p, ch, PAGE_NAMES);
	page_more(c, &p, SIZE_MAX);
	page_end(c, &p);
}

void
cmd_names(struct client *c, struct irc_msg *m)
{
	if (m->nparams < 1 || m->params[0][0] == '\0')
		listing_ask(c, ASK_NAMES_ALL, "", "NAMES");
	else
		listing_ask(c, ASK_NAMES, m->params[0], "NAMES");
}

void
chan_who(struct client *c, const char *mask, bool opers)
{
	listing_ask(c, opers ? ASK_WHO_OPERS : ASK_WHO, mask, "WHO");
}

/* A LIST asked again ends the one being sent (see above). */
void
cmd_list(struct client *c, struct irc_msg *m)
{
	if (c->listing != NULL && c->listing->walk == ASK_LIST)
		walk_end(c, c->listing);
	listing_ask(c, ASK_LIST, m->nparams > 0 ? m->params[0] : "",
	    "LIST");
}

static void
kick_one(struct client *c, const char *chname, const char *nick,
    const char *reason)
{
	struct channel *ch = chan_find(chname);
	if (ch == NULL) {
		reply(c, ERR_NOSUCHCHANNEL, "%s :No such channel",
		    echo_word(chname));
		return;
	}
	struct member *mem = member_find(c, ch);
	if (mem == NULL) {
		reply(c, ERR_NOTONCHANNEL, "%s :You're not on that channel",
		    ch->name);
		return;
	}
	if (!(mem->modes & MEMBER_OP)) {
		reply(c, ERR_CHANOPRIVSNEEDED, "%s :You're not channel "
		    "operator", ch->name);
		return;
	}
	struct client *t = user_find(nick);
	if (t == NULL) {
		reply(c, ERR_NOSUCHNICK, "%s :No such nick/channel",
		    echo_word(nick));
		return;
	}
	struct member *tm = member_find(t, ch);
	if (tm == NULL) {
		reply(c, ERR_USERNOTINCHANNEL, "%s %s :They aren't on that "
		    "channel", t->nick, ch->name);
		return;
	}
	struct outmsg o;
	out_init(&o, NULL, ":%s!%s@%s KICK %s %s :%.*s", c->nick, c->user,
	    c->host, ch->name, t->nick, KICK_LEN, reason);
	chan_send(ch, &o, NULL);
	out_done(&o);
	member_del(tm);
}

void
cmd_kick(struct client *c, struct irc_msg *m)
{
	char *chans = m->params[0], *users = m->params[1];
	const char *reason = m->nparams > 2 && m->params[2][0] != '\0' ?
	    m->params[2] : c->nick;
	size_t nchans = 1;

	for (const char *s = chans; *s != '\0'; s++)
		nchans += *s == ',';
	char *chname = list_next(&chans), *nick;
	/* RFC 2812 3.2.8: one channel and many users, or pairs. */
	while ((nick = list_next(&users)) != NULL) {
		if (chname == NULL)
			break;
		if (*nick != '\0')
			kick_one(c, chname, nick, reason);
		if (nchans > 1)
			chname = list_next(&chans);
	}
}

void
cmd_invite(struct client *c, struct irc_msg *m)
{
	struct client *t = user_find(m->params[0]);
	const char *chname = m->params[1];

	if (t == NULL) {
		reply(c, ERR_NOSUCHNICK, "%s :No such nick/channel",
		    echo_word(m->params[0]));
		return;
	}
	struct channel *ch = chan_find(chname);
	if (ch != NULL) {
		struct member *mem = member_find(c, ch);
		if (mem == NULL) {
			reply(c, ERR_NOTONCHANNEL, "%s :You're not on that "
			    "channel", ch->name);
			return;
		}
		if (member_find(t, ch) != NULL) {
			reply(c, ERR_USERONCHANNEL, "%s %s :is already on "
			    "channel", t->nick, ch->name);
			return;
		}
		if ((ch->modes & CMODE_INVITE) && !(mem->modes & MEMBER_OP)) {
			reply(c, ERR_CHANOPRIVSNEEDED, "%s :You're not "
			    "channel operator", ch->name);
			return;
		}
		if (!chan_invited(ch, t, false)) {
			if (ch->ninvites == INVITES_MAX)
				memmove(ch->invites, ch->invites + 1,
				    --ch->ninvites * sizeof(*ch->invites));
			ch->invites[ch->ninvites++] = t->id;
		}
		chname = ch->name;
	} else if (!irc_chan_valid(chname, CHAN_LEN, CHANTYPES)) {
		reply(c, ERR_NOSUCHCHANNEL, "%s :No such channel",
		    echo_word(chname));
		return;
	}
	reply(c, RPL_INVITING, "%s %s", t->nick, chname);
	struct outmsg o;
	out_init(&o, NULL, ":%s!%s@%s INVITE %s :%s", c->nick, c->user,
	    c->host, t->nick, chname);
	out_send(t, &o);
	out_done(&o);
	if (t->away != NULL)
		reply(c, RPL_AWAY, "%s :%s", t->nick, t->away);
}

void
cmd_mode(struct client *c, struct irc_msg *m)
{
	const char *target = m->params[0];

	if (strchr(CHANTYPES, target[0]) == NULL || target[0] == '\0') {
		user_mode(c, m);
		return;
	}
	struct channel *ch = chan_find(target);
	if (ch == NULL) {
		reply(c, ERR_NOSUCHCHANNEL, "%s :No such channel",
		    echo_word(target));
		return;
	}
	chan_mode(c, m, ch);
}
