/*
 * proto_fuzz.c: libFuzzer target for src/proto.c.
 *
 * The input is a byte stream from a hostile peer (its first byte picks a
 * chunk size).  It is framed twice, whole and in chunks, and both must
 * give the same lines.  Each line is parsed; a parsed message is formatted
 * again, and the output must be one well-formed line within the limits
 * that parses back to the same fields.  The other helpers run on the
 * pieces to look for crashes and broken invariants.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define check(cond) do { \
	if (!(cond)) { \
		fprintf(stderr, "proto_fuzz.c:%d: check failed: %s\n", \
		    __LINE__, #cond); \
		abort(); \
	} \
} while (0)

/* Framing */

struct conn {
	struct irc_framer f;
	char buf[IRC_LINE_MAX];
	size_t len;
	uint32_t hash;		/* FNV-1a over everything handed out */
};

static void
hash_bytes(struct conn *c, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		c->hash ^= (unsigned char)s[i];
		c->hash *= 16777619u;
	}
}

static void check_line(char *line, size_t len);

static void
conn_drain(struct conn *c, bool check_lines)
{
	enum irc_frame_result r;
	size_t used, line_len, turns;
	char *line;

	for (turns = 0; turns <= sizeof c->buf; turns++) {
		r = irc_frame(&c->f, c->buf, c->len, &used, &line, &line_len);
		check(used <= c->len);
		if (r == IRC_FRAME_OVERLONG)
			hash_bytes(c, "O", 1);
		if (r == IRC_FRAME_LINE) {
			hash_bytes(c, "L", 1);
			check(line >= c->buf && line + line_len < c->buf +
			    c->len);
			check(line_len > 0 && line[line_len] == '\0');
			check(memchr(line, '\n', line_len) == NULL);
			check(line_len <= IRC_LINE_MAX - 2);
			hash_bytes(c, line, line_len + 1);
			if (check_lines)
				check_line(line, line_len);
		}
		memmove(c->buf, c->buf + used, c->len - used);
		c->len -= used;
		if (r == IRC_FRAME_MORE)
			break;
	}
	check(c->len < sizeof c->buf);	/* progress */
}

static void
conn_feed(struct conn *c, const char *s, size_t n, size_t chunk,
    bool check_lines)
{
	while (n > 0) {
		size_t room = sizeof c->buf - c->len;
		size_t k = n < chunk ? n : chunk;

		if (k > room)
			k = room;
		check(k > 0);
		memcpy(c->buf + c->len, s, k);
		c->len += k;
		s += k;
		n -= k;
		conn_drain(c, check_lines);
	}
}

/* Parse, format, parse again */

/* s with CR, LF and NUL as irc_format writes them: spaces. */
static void
clean_copy(char *dst, const char *s)
{
	for (; *s != '\0'; s++)
		*dst++ = (*s == '\r' || *s == '\n') ? ' ' : *s;
	*dst = '\0';
}

static bool
has_cr(const char *s)
{
	return s != NULL && strchr(s, '\r') != NULL;
}

static bool
same(const char *a, const char *b)
{
	return (a == NULL && b == NULL) ||
	    (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* The invariants of a parsed message. */
static void
check_parsed(const struct irc_msg *m)
{
	int i;

	check(m->command != NULL && *m->command != '\0');
	check(m->numeric >= 0 && m->numeric <= 999);
	check(m->nparams >= 0 && m->nparams <= IRC_PARAMS_MAX);
	check(m->prefix == NULL || (m->nick == m->prefix && *m->nick != '\0'));
	check(m->tags == NULL || *m->tags != '\0');
	for (i = 0; i < m->nparams; i++) {
		check(m->params[i] != NULL);
		if (i < m->nparams - 1 || (i < IRC_PARAMS_MAX - 1 &&
		    !m->trailing)) {
			check(*m->params[i] != '\0' && *m->params[i] != ':');
			check(strchr(m->params[i], ' ') == NULL);
		}
	}
}

/* Whether irc_format may refuse m: a CR in what must be one word. */
static bool
may_refuse(const struct irc_msg *m)
{
	int i;

	if (has_cr(m->tags) || has_cr(m->nick) || has_cr(m->user) ||
	    has_cr(m->host))
		return true;
	for (i = 0; i < m->nparams - 1; i++)
		if (has_cr(m->params[i]))
			return true;
	return false;
}

/* out[0..n) is one line: CR LF at its end only, within the limits. */
static void
check_formatted(const char *out, size_t n, const struct irc_msg *m)
{
	size_t tags = 0;

	check(n >= 2 && n <= IRC_LINE_MAX);
	check(out[n - 2] == '\r' && out[n - 1] == '\n' && out[n] == '\0');
	check(strcspn(out, "\r\n") == n - 2);
	if (out[0] == '@')
		tags = (size_t)(strchr(out, ' ') - out) + 1;
	check(tags <= IRC_TAGS_MAX);
	check(n - tags <= IRC_MSG_MAX);
	check(m->tags == NULL || tags > 0);
}

static void
check_round_trip(const struct irc_msg *m)
{
	static char out[IRC_LINE_MAX + 1], again[IRC_LINE_MAX + 1];
	static char want[IRC_LINE_MAX + 1];
	struct irc_msg m2;
	bool cut;
	size_t n;
	int i, last;

	n = irc_format(out, sizeof out, m, &cut);
	if (n == 0) {
		check(may_refuse(m));
		check(!cut && out[0] == '\0');
		return;
	}
	check_formatted(out, n, m);
	memcpy(again, out, n - 2);
	again[n - 2] = '\0';
	check(irc_parse(again, n - 2, &m2) == IRC_PARSE_OK);
	check(same(m->tags, m2.tags));
	check(same(m->nick, m2.nick));
	check(same(m->user, m2.user));
	check(same(m->host, m2.host));
	check(strcmp(m->command, m2.command) == 0);
	check(m->numeric == m2.numeric);
	check(m->nparams == m2.nparams);
	last = m->nparams - 1;
	for (i = 0; i < last; i++)
		check(strcmp(m->params[i], m2.params[i]) == 0);
	if (last < 0)
		return;
	clean_copy(want, m->params[last]);
	if (!cut) {
		check(strcmp(want, m2.params[last]) == 0);
		check(m2.trailing || !m->trailing);
	} else {
		size_t kept = strlen(m2.params[last]);

		check(kept < strlen(want));
		check(memcmp(want, m2.params[last], kept) == 0);
		check(m2.trailing);
	}
}

static void
check_tags(char *tags)
{
	char *cursor = tags, *key, *value;
	int count = 0;

	while (irc_tag_next(&cursor, &key, &value)) {
		check(*key != '\0' && strchr(key, ';') == NULL);
		check(strchr(key, '=') == NULL);
		check(count++ < IRC_TAGS_MAX);
	}
}

/* Casemapping: equal under casecmp exactly when the folds are equal. */
static void
check_casemap(enum irc_casemap cm, const char *a, const char *b)
{
	static char fa[IRC_MSG_MAX], fb[IRC_MSG_MAX];
	size_t la = irc_casefold(cm, fa, a, sizeof fa);
	size_t lb = irc_casefold(cm, fb, b, sizeof fb);
	bool equal = irc_casecmp(cm, a, b) == 0;

	check(la == strlen(fa) && lb == strlen(fb));
	if (la < sizeof fa - 1 && lb < sizeof fb - 1) {
		check(equal == (strcmp(fa, fb) == 0));
		if (equal)
			check(irc_casehash(cm, a) == irc_casehash(cm, b));
	}
	check(irc_casehash(cm, a) == irc_casehash(cm, fa) ||
	    la == sizeof fa - 1);
}

static void
check_names(const struct irc_msg *m)
{
	static char token[IRC_MSG_MAX];
	char *key, *value;
	bool negated;
	const char *a, *b;
	size_t n, cut;

	if (m->nparams < 1)
		return;
	a = m->params[0];
	b = m->nparams > 1 ? m->params[1] : m->command;
	(void)irc_nick_valid(a, 30);
	(void)irc_chan_valid(a, 50, "#&");
	(void)irc_mask_match(IRC_CASEMAP_RFC1459, a, b);
	(void)irc_mask_match(IRC_CASEMAP_ASCII, b, a);
	check(irc_mask_match(IRC_CASEMAP_RFC1459, "*", a));
	check(irc_mask_match(IRC_CASEMAP_ASCII, a, a) ||
	    strpbrk(a, "*?") != NULL);
	check_casemap(IRC_CASEMAP_RFC1459, a, b);
	check_casemap(IRC_CASEMAP_ASCII, a, b);

	n = strlen(b);
	cut = irc_utf8_cut(b, n, n / 2);
	check(cut <= n / 2 && cut + 3 >= n / 2);
	if (irc_utf8_valid(b, n))
		check(irc_utf8_valid(b, cut));

	n = strlen(a);
	if (n < sizeof token) {
		memcpy(token, a, n + 1);
		if (irc_isupport_split(token, &key, &value, &negated))
			check(*key != '\0' && strlen(value) <= n);
	}
}

static void
check_printf(const char *line)
{
	static char out[IRC_LINE_MAX];
	bool cut;
	size_t n = irc_printf(out, sizeof out, &cut, "%s", line);

	check(n >= 2 && n <= IRC_MSG_MAX);
	check(out[n - 2] == '\r' && out[n - 1] == '\n' && out[n] == '\0');
	check(strcspn(out, "\r\n") == n - 2);
	check(cut == (strlen(line) > IRC_BODY_MAX));
	n = irc_printf(out, 1 + strlen(line) % 40, &cut, "%s", line);
	check(n == 0 || out[n - 1] == '\n');
}

static void
check_line(char *line, size_t len)
{
	static char copy[IRC_LINE_MAX];
	struct irc_msg m;
	enum irc_parse_result r;

	memcpy(copy, line, len + 1);
	check_printf(copy);
	r = irc_parse(copy, len, &m);
	check(irc_parse_strerror(r) != NULL);
	if (r != IRC_PARSE_OK) {
		static const struct irc_msg zero;

		check(memcmp(&m, &zero, sizeof m) == 0);
		check(r != IRC_PARSE_NUL || memchr(line, '\0', len) != NULL);
		return;
	}
	check_parsed(&m);
	check_round_trip(&m);
	check_names(&m);
	if (m.tags != NULL)
		check_tags(m.tags);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct conn whole, chunked;
	const char *stream = (const char *)data + 1;
	size_t chunk;

	if (size < 1)
		return 0;
	chunk = 1 + data[0] % 97;
	memset(&whole, 0, sizeof whole);
	memset(&chunked, 0, sizeof chunked);
	whole.hash = chunked.hash = 2166136261u;
	conn_feed(&whole, stream, size - 1, size, true);
	conn_feed(&chunked, stream, size - 1, chunk, false);
	check(whole.hash == chunked.hash);
	check(whole.len == chunked.len && whole.f.discarding ==
	    chunked.f.discarding);
	return 0;
}
