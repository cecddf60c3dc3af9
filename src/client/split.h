/*
 * split.h: cutting an outgoing line into IRC messages.
 *
 * A line longer than one message goes out as several, each within a
 * byte budget, cut at a word or at least a UTF-8 character boundary,
 * never inside a character.  Pure code.
 */
#ifndef BANTER_SPLIT_H
#define BANTER_SPLIT_H

#include <stdbool.h>
#include <stddef.h>

/*
 * The bytes of text that fit in one "COMMAND target :text" message as
 * others receive it: IRC_BODY_MAX less ":nick!user@host COMMAND target :".
 * user or host NULL (not known yet) count as the longest usual ones
 * (10 and 63 bytes).  0 if nothing fits.
 */
size_t split_budget(const char *nick, const char *user, const char *host,
    const char *command, const char *target);

struct split {
	const char *s;		/* what is left */
	size_t len;
	size_t budget;
};

/* Start splitting text[0..len) into pieces of at most budget bytes. */
void split_start(struct split *sp, const char *text, size_t len,
    size_t budget);
/*
 * The next piece: *piece points into the text, *piece_len <= budget.
 * Cuts after the last space that leaves the piece at least half the
 * budget (that space is dropped), else at the last character boundary.
 * Returns false at the end, or when not even one character fits the
 * budget (sp->len then says what was left unsent).
 */
bool split_next(struct split *sp, const char **piece, size_t *piece_len);

#endif
