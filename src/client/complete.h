/*
 * complete.h: tab completion of nicks and commands in the input line.
 *
 * Each window keeps its nicks most recent speaker first.  Tab completes
 * the word before the cursor: a nick ("nick: " at the start of the line,
 * "nick " elsewhere), or at the start a /command from the caller's list.
 * Tab again cycles through the other matches.  Pure code.
 */
#ifndef BANTER_COMPLETE_H
#define BANTER_COMPLETE_H

#include <stdbool.h>
#include <stddef.h>

#include "edit.h"
#include "proto.h"

/* A window remembers at most this many nicks (a big channel's NAMES). */
#define COMPLETE_MAX	4096

struct complete {
	char **nicks;		/* most recent speaker first */
	size_t count, cap;
	enum irc_casemap casemap;
	/* The same nicks in a hash set (linear probing, at most half
	 * full), so that asking whether a big channel holds a nick (every
	 * QUIT asks every window) costs one probe, not a comparison per
	 * member.  NULL after a failed allocation: the list is searched. */
	char **slots;
	size_t nslots;		/* a power of two */
	enum irc_casemap slots_casemap;
	/* Cycling: the word typed, where it starts, and the last match. */
	bool cycling;
	char *prefix;
	size_t word_start;	/* in characters of the edit line */
	size_t index;		/* of the match shown, in match order */
};

void complete_init(struct complete *c);
void complete_free(struct complete *c);

/* Someone spoke: move (or add) nick to the front. */
void complete_touch(struct complete *c, const char *nick);
/* Someone joined or was in NAMES: add nick at the back if absent. */
void complete_add(struct complete *c, const char *nick);
/* Someone left. */
void complete_remove(struct complete *c, const char *nick);
/* A nick change: keeps the place in the order. */
void complete_rename(struct complete *c, const char *old_nick,
    const char *new_nick);
/* Forget every nick (leaving a channel). */
void complete_clear(struct complete *c);
/* Is nick (under c's casemapping) among them? */
bool complete_has(const struct complete *c, const char *nick);

/*
 * Tab: complete the word before the cursor of e, or replace the last
 * completion with the next match when the previous key was Tab too.
 * commands is a list of ncommands command names without '/' ("join",
 * "msg"...), used when the word is at the line start and begins with
 * '/'.  Returns false when nothing matches (the caller may beep).
 */
bool complete_tab(struct complete *c, struct edit *e,
    const char *const *commands, size_t ncommands);
/* Any key but Tab ends cycling: call it before handling that key. */
void complete_reset(struct complete *c);

#endif
