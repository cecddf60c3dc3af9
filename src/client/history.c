/* history.c: per-window input history for Up and Down. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "client/history.h"

void
history_init(struct history *h, size_t max)
{
	memset(h, 0, sizeof *h);
	h->max = max > 0 ? max : HISTORY_DEFAULT;
}

void
history_free(struct history *h)
{
	size_t i;

	for (i = 0; i < h->count; i++)
		free(h->entries[(h->first + i) % h->max]);
	free(h->entries);
	free(h->draft);
	history_init(h, h->max);
}

/* The nth newest entry, 1 being the newest. */
static const char *
nth_newest(const struct history *h, size_t n)
{
	return h->entries[(h->first + h->count - n) % h->max];
}

void
history_reset(struct history *h)
{
	h->browse = 0;
	free(h->draft);
	h->draft = NULL;
}

void
history_add(struct history *h, const char *line)
{
	char *copy;

	history_reset(h);
	if (*line == '\0' ||
	    (h->count > 0 && strcmp(nth_newest(h, 1), line) == 0))
		return;
	if (h->entries == NULL &&
	    (h->entries = calloc(h->max, sizeof *h->entries)) == NULL)
		return;
	if ((copy = strdup(line)) == NULL)
		return;
	if (h->count == h->max) {
		free(h->entries[h->first]);
		h->first = (h->first + 1) % h->max;
		h->count--;
	}
	h->entries[(h->first + h->count) % h->max] = copy;
	h->count++;
}

const char *
history_up(struct history *h, const char *current)
{
	char *draft;

	if (h->browse >= h->count)
		return NULL;
	if (h->browse == 0) {
		if ((draft = strdup(current)) == NULL)
			return NULL;
		free(h->draft);
		h->draft = draft;
	}
	h->browse++;
	return nth_newest(h, h->browse);
}

const char *
history_down(struct history *h)
{
	if (h->browse == 0)
		return NULL;
	h->browse--;
	if (h->browse == 0)
		return h->draft != NULL ? h->draft : "";
	return nth_newest(h, h->browse);
}
