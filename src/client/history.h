/*
 * history.h: the lines a user sent in one window, for Up and Down.
 *
 * Bounded: the oldest entry goes when a new one would pass the limit.
 * Going up from the line being typed keeps it as a draft, which Down
 * brings back.  Pure code: entries are UTF-8 strings.
 */
#ifndef BANTER_HISTORY_H
#define BANTER_HISTORY_H

#include <stddef.h>

#define HISTORY_DEFAULT	500

struct history {
	char **entries;		/* a ring of count entries from first */
	size_t max, count, first;
	size_t browse;		/* 0: at the draft; n: the nth newest entry */
	char *draft;		/* the line being typed when browsing began */
};

/* An empty history of at most max entries (0: HISTORY_DEFAULT). */
void history_init(struct history *h, size_t max);
void history_free(struct history *h);

/*
 * Remember a sent line and stop browsing.  Empty lines and a repeat of
 * the newest entry are not added.
 */
void history_add(struct history *h, const char *line);

/*
 * Up: current is what the input line holds now.  Returns the older
 * entry to show, or NULL at the oldest (nothing changes then).  The
 * first Up keeps current as the draft.
 */
const char *history_up(struct history *h, const char *current);
/* Down: the newer entry, the draft when leaving the newest entry, or
 * NULL when already at the draft. */
const char *history_down(struct history *h);
/* Forget browsing (the draft too): after Enter or a window switch. */
void history_reset(struct history *h);

#endif
