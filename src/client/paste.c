/* paste.c: holding a bracketed paste until it is complete. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "client/paste.h"

void
paste_init(struct paste *p)
{
	memset(p, 0, sizeof *p);
}

void
paste_free(struct paste *p)
{
	free(p->text);
	paste_init(p);
}

void
paste_clear(struct paste *p)
{
	p->len = 0;
	p->active = false;
	p->overflow = false;
}

void
paste_begin(struct paste *p, long long now_ms)
{
	paste_clear(p);
	p->active = true;
	p->started_ms = now_ms;
}

bool
paste_add(struct paste *p, const char *s, size_t len)
{
	size_t cap, room = PASTE_MAX - p->len;
	char *text;

	if (len > room) {
		len = room;
		p->overflow = true;
	}
	if (p->len + len > p->cap) {
		cap = p->cap ? p->cap : 1024;
		while (cap < p->len + len)
			cap *= 2;
		if (cap > PASTE_MAX)
			cap = PASTE_MAX;
		if ((text = realloc(p->text, cap)) == NULL) {
			p->overflow = true;
			return false;
		}
		p->text = text;
		p->cap = cap;
	}
	if (len > 0)
		memcpy(p->text + p->len, s, len);
	p->len += len;
	return !p->overflow;
}

void
paste_end(struct paste *p)
{
	p->active = false;
}

bool
paste_expired(const struct paste *p, long long now_ms)
{
	return p->active && now_ms - p->started_ms >= PASTE_TIMEOUT_MS;
}

long long
paste_wait_ms(const struct paste *p, long long now_ms)
{
	long long left;

	if (!p->active)
		return -1;
	left = p->started_ms + PASTE_TIMEOUT_MS - now_ms;
	return left > 0 ? left : 0;
}

bool
paste_next_line(const struct paste *p, size_t *offset, const char **line,
    size_t *line_len)
{
	size_t i = *offset, start;

	while (i < p->len && (p->text[i] == '\r' || p->text[i] == '\n'))
		i++;
	start = i;
	while (i < p->len && p->text[i] != '\r' && p->text[i] != '\n')
		i++;
	*offset = i;
	if (i == start)
		return false;
	*line = p->text + start;
	*line_len = i - start;
	return true;
}

size_t
paste_lines(const struct paste *p)
{
	size_t offset = 0, n = 0, len;
	const char *line;

	while (paste_next_line(p, &offset, &line, &len))
		n++;
	return n;
}

bool
paste_multiline(const struct paste *p)
{
	return paste_lines(p) > 1;
}
