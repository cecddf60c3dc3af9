/* complete.c: tab completion of nicks and commands. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "client/complete.h"

void
complete_init(struct complete *c)
{
	memset(c, 0, sizeof *c);
	c->casemap = IRC_CASEMAP_RFC1459;
}

void
complete_clear(struct complete *c)
{
	size_t i;

	for (i = 0; i < c->count; i++)
		free(c->nicks[i]);
	c->count = 0;
	if (c->slots != NULL)
		memset(c->slots, 0, c->nslots * sizeof *c->slots);
	complete_reset(c);
}

void
complete_free(struct complete *c)
{
	complete_clear(c);
	free(c->nicks);
	free(c->slots);
	complete_init(c);
}

void
complete_reset(struct complete *c)
{
	c->cycling = false;
	free(c->prefix);
	c->prefix = NULL;
}

static size_t
slot_start(const struct complete *c, const char *nick)
{
	return irc_casehash(c->casemap, nick) & (c->nslots - 1);
}

static bool
indexed(const struct complete *c)
{
	return c->slots != NULL && c->slots_casemap == c->casemap;
}

/* The stored nick equal to nick under the casemapping, or NULL. */
static char *
lookup(const struct complete *c, const char *nick)
{
	size_t i, mask = c->nslots - 1;

	if (!indexed(c)) {
		for (i = 0; i < c->count; i++)
			if (irc_casecmp(c->casemap, c->nicks[i], nick) == 0)
				return c->nicks[i];
		return NULL;
	}
	for (i = slot_start(c, nick); c->slots[i] != NULL; i = (i + 1) & mask)
		if (irc_casecmp(c->casemap, c->slots[i], nick) == 0)
			return c->slots[i];
	return NULL;
}

static bool
find(const struct complete *c, const char *nick, size_t *at)
{
	char *stored = lookup(c, nick);
	size_t i;

	for (i = 0; stored != NULL && i < c->count; i++)
		if (c->nicks[i] == stored) {
			*at = i;
			return true;
		}
	return false;
}

static void
index_add(struct complete *c, char *nick)
{
	size_t i, mask = c->nslots - 1;

	if (!indexed(c))
		return;
	for (i = slot_start(c, nick); c->slots[i] != NULL; i = (i + 1) & mask)
		continue;
	c->slots[i] = nick;
}

/* Take the stored nick out of the set, shifting back the entries after
 * it that probed past its slot (no tombstones). */
static void
index_remove(struct complete *c, const char *stored)
{
	size_t i, j, k, mask = c->nslots - 1;

	if (!indexed(c))
		return;
	for (i = slot_start(c, stored); c->slots[i] != stored;
	    i = (i + 1) & mask)
		if (c->slots[i] == NULL)
			return;
	for (j = i;;) {
		j = (j + 1) & mask;
		if (c->slots[j] == NULL)
			break;
		k = slot_start(c, c->slots[j]);
		/* Leave it when its home slot lies in (i, j]. */
		if (i <= j ? i < k && k <= j : i < k || k <= j)
			continue;
		c->slots[i] = c->slots[j];
		i = j;
	}
	c->slots[i] = NULL;
}

/* Make the set fit one more nick under the current casemapping. */
static void
index_ready(struct complete *c)
{
	size_t nslots = 64, i;

	if (indexed(c) && 2 * (c->count + 1) <= c->nslots)
		return;
	while (nslots < 2 * (c->count + 1))
		nslots *= 2;
	free(c->slots);
	c->nslots = nslots;
	c->slots_casemap = c->casemap;
	if ((c->slots = calloc(nslots, sizeof *c->slots)) == NULL)
		return;
	for (i = 0; i < c->count; i++)
		index_add(c, c->nicks[i]);
}

bool
complete_has(const struct complete *c, const char *nick)
{
	return lookup(c, nick) != NULL;
}

static bool
reserve(struct complete *c)
{
	size_t cap;
	char **nicks;

	if (c->count < c->cap)
		return true;
	cap = c->cap ? c->cap * 2 : 16;
	if ((nicks = realloc(c->nicks, cap * sizeof *nicks)) == NULL)
		return false;
	c->nicks = nicks;
	c->cap = cap;
	return true;
}

void
complete_touch(struct complete *c, const char *nick)
{
	size_t at;
	char *name;

	index_ready(c);
	if (find(c, nick, &at)) {
		name = c->nicks[at];
	} else {
		if (*nick == '\0' || (name = strdup(nick)) == NULL)
			return;
		if (c->count == COMPLETE_MAX) {
			index_remove(c, c->nicks[c->count - 1]);
			free(c->nicks[--c->count]);
		}
		if (!reserve(c)) {
			free(name);
			return;
		}
		at = c->count++;
		index_add(c, name);
	}
	memmove(c->nicks + 1, c->nicks, at * sizeof *c->nicks);
	c->nicks[0] = name;
}

void
complete_add(struct complete *c, const char *nick)
{
	size_t at;
	char *name;

	index_ready(c);
	if (*nick == '\0' || find(c, nick, &at) || c->count == COMPLETE_MAX ||
	    !reserve(c) || (name = strdup(nick)) == NULL)
		return;
	c->nicks[c->count++] = name;
	index_add(c, name);
}

void
complete_remove(struct complete *c, const char *nick)
{
	size_t at;

	index_ready(c);
	if (!find(c, nick, &at))
		return;
	index_remove(c, c->nicks[at]);
	free(c->nicks[at]);
	c->count--;
	memmove(c->nicks + at, c->nicks + at + 1,
	    (c->count - at) * sizeof *c->nicks);
}

void
complete_rename(struct complete *c, const char *old_nick,
    const char *new_nick)
{
	size_t at, dup;
	char *name;

	index_ready(c);
	if (!find(c, old_nick, &at))
		return;
	if (find(c, new_nick, &dup) && dup != at) {
		complete_remove(c, old_nick);
		return;
	}
	if ((name = strdup(new_nick)) == NULL)
		return;
	index_remove(c, c->nicks[at]);
	free(c->nicks[at]);
	c->nicks[at] = name;
	index_add(c, name);
}

static bool
matches(const struct complete *c, const char *name, const char *prefix,
    size_t len, bool command)
{
	if (command)
		return strncasecmp(name, prefix, len) == 0;
	return irc_ncasecmp(c->casemap, name, prefix, len) == 0;
}

/* The index-th (wrapping around) of names[0..count) that starts with
 * prefix, or NULL if none does. */
static const char *
pick(const struct complete *c, const char *const *names, size_t count,
    const char *prefix, bool command, size_t index)
{
	size_t i, n = 0, len = strlen(prefix);

	for (i = 0; i < count; i++)
		if (matches(c, names[i], prefix, len, command))
			n++;
	if (n == 0)
		return NULL;
	index %= n;
	for (i = 0; i < count; i++)
		if (matches(c, names[i], prefix, len, command) && index-- == 0)
			return names[i];
	return NULL;
}

bool
complete_tab(struct complete *c, struct edit *e,
    const char *const *commands, size_t ncommands)
{
	char word[512], *replacement;
	const char *name;
	size_t need;
	bool command, done;

	if (!c->cycling) {
		c->word_start = edit_word_start(e);
		need = edit_range_utf8(e, c->word_start, e->pos, word,
		    sizeof word);
		/* An empty word completes only at the line start. */
		if (need >= sizeof word || (need == 0 && c->word_start > 0) ||
		    (c->prefix = strdup(word)) == NULL)
			return false;
		c->index = 0;
	} else {
		c->index++;
	}
	command = c->word_start == 0 && c->prefix[0] == '/';
	if (command)
		name = pick(c, commands, ncommands, c->prefix + 1, true,
		    c->index);
	else
		name = pick(c, (const char *const *)c->nicks, c->count,
		    c->prefix, false, c->index);
	if (name == NULL) {
		complete_reset(c);
		return false;
	}
	need = strlen(name) + 3;
	if ((replacement = malloc(need)) == NULL)
		return false;
	snprintf(replacement, need, "%s%s%s", command ? "/" : "", name,
	    command ? " " : c->word_start == 0 ? ": " : " ");
	done = edit_replace_utf8(e, c->word_start, e->pos, replacement);
	free(replacement);
	c->cycling = true;
	return done;
}
