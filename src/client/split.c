/* split.c: cutting an outgoing line into IRC messages. */
#include "config.h"

#include <string.h>

#include "client/split.h"
#include "proto.h"

/* When the server has not told us our user and host yet, assume the
 * longest usual ones: USERLEN 10 and HOSTLEN 63 of the common ircds. */
#define USER_GUESS	10
#define HOST_GUESS	63

size_t
split_budget(const char *nick, const char *user, const char *host,
    const char *command, const char *target)
{
	size_t fixed;

	/* ":nick!user@host COMMAND target :" as the server relays it;
	 * IRC_BODY_MAX already leaves out the CR LF. */
	fixed = 1 + strlen(nick) + 1 + (user ? strlen(user) : USER_GUESS) +
	    1 + (host ? strlen(host) : HOST_GUESS) + 1 + strlen(command) +
	    1 + strlen(target) + 2;
	return fixed < IRC_BODY_MAX ? IRC_BODY_MAX - fixed : 0;
}

void
split_start(struct split *sp, const char *text, size_t len, size_t budget)
{
	sp->s = text;
	sp->len = len;
	sp->budget = budget;
}

bool
split_next(struct split *sp, const char **piece, size_t *piece_len)
{
	size_t cut, at;

	if (sp->len == 0)
		return false;
	if (sp->len <= sp->budget) {
		*piece = sp->s;
		*piece_len = sp->len;
		sp->s += sp->len;
		sp->len = 0;
		return true;
	}
	if ((cut = irc_utf8_cut(sp->s, sp->len, sp->budget)) == 0)
		return false;
	/* Prefer a word boundary in the second half; the space goes. */
	for (at = cut; at > 0 && at >= sp->budget / 2; at--)
		if (sp->s[at] == ' ') {
			*piece = sp->s;
			*piece_len = at;
			sp->s += at + 1;
			sp->len -= at + 1;
			return true;
		}
	*piece = sp->s;
	*piece_len = cut;
	sp->s += cut;
	sp->len -= cut;
	return true;
}
