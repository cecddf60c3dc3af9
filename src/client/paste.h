/*
 * paste.h: holding a bracketed paste.
 *
 * The terminal wraps a paste in ESC [200~ ... ESC [201~.  The text in
 * between is held here (bounded) instead of being typed: one line goes
 * into the input line, several are shown and sent only once the user
 * agrees.  A paste whose end marker never comes times out.  Pure code:
 * the caller gives the clock.
 */
#ifndef BANTER_PASTE_H
#define BANTER_PASTE_H

#include <stdbool.h>
#include <stddef.h>

/* The most a paste may hold; more is dropped (and said so). */
#define PASTE_MAX	(64 * 1024)
/* A paste without its end marker for this long is ended by force. */
#define PASTE_TIMEOUT_MS	2000

struct paste {
	char *text;
	size_t len, cap;
	bool active;		/* between the markers */
	bool overflow;		/* bytes were dropped at PASTE_MAX */
	long long started_ms;	/* the caller's monotonic clock */
};

void paste_init(struct paste *p);
void paste_free(struct paste *p);
/* ESC [200~ seen: start holding (drops anything held before). */
void paste_begin(struct paste *p, long long now_ms);
/* Bytes between the markers.  Returns false once PASTE_MAX is passed. */
bool paste_add(struct paste *p, const char *s, size_t len);
/* ESC [201~ seen, or paste_expired(): stop holding. */
void paste_end(struct paste *p);
/* True when the paste has been open longer than PASTE_TIMEOUT_MS;
 * the poll() timeout should be at most paste_wait_ms(). */
bool paste_expired(const struct paste *p, long long now_ms);
/* (-1 when no paste is open) */
long long paste_wait_ms(const struct paste *p, long long now_ms);

/* The number of non-empty lines held (CR, LF or CR LF end a line; a
 * final newline does not make another). */
size_t paste_lines(const struct paste *p);
/* More than one line: ask before sending. */
bool paste_multiline(const struct paste *p);
/*
 * Iterate over the non-empty lines: *offset starts at 0.  Returns false
 * at the end.  *line is not NUL-terminated.
 */
bool paste_next_line(const struct paste *p, size_t *offset,
    const char **line, size_t *line_len);
/* Forget the text (after sending or cancelling). */
void paste_clear(struct paste *p);

#endif
