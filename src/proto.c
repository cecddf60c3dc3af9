/*
 * proto.c: IRC messages (see proto.h for the contract).
 *
 * Sources: RFC 1459, RFC 2812 (2.3 messages, 2.3.1 grammar), IRCv3
 * message-tags, and modern.ircdocs.horse where practice moved on.  No I/O,
 * no allocation: every function works on the caller's buffers.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "proto.h"

static bool
is_letter(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Framing */

/*
 * Whether the line s[0..n) is over the limits: the tags part ('@' up to
 * and with its space) may hold IRC_TAGS_MAX bytes and the rest
 * IRC_BODY_MAX.  slack is 1 for a line still being received, whose last
 * byte may turn out to be the CR before its LF.
 */
static bool
frame_too_long(const char *s, size_t n, size_t slack)
{
	size_t tags = 0;

	if (n > 0 && s[0] == '@') {
		const char *space = memchr(s, ' ', n);

		tags = space != NULL ? (size_t)(space - s) + 1 : n;
	}
	return tags > IRC_TAGS_MAX || n - tags > IRC_BODY_MAX + slack;
}

enum irc_frame_result
irc_frame(struct irc_framer *f, char *buf, size_t len, size_t *used,
    char **line, size_t *line_len)
{
	size_t off = 0;

	*line = NULL;
	*line_len = 0;
	/* Each turn consumes one line, so this ends within len turns. */
	for (;;) {
		char *start = buf + off;
		size_t rest = len - off;
		char *lf = rest > 0 ? memchr(start, '\n', rest) : NULL;
		size_t n;

		if (f->discarding) {
			/* Already reported: drop silently up to its LF. */
			if (lf == NULL) {
				*used = len;
				return IRC_FRAME_MORE;
			}
			f->discarding = false;
			off += (size_t)(lf - start) + 1;
			continue;
		}
		if (lf == NULL) {
			if (frame_too_long(start, rest, 1)) {
				f->discarding = true;
				*used = len;
				return IRC_FRAME_OVERLONG;
			}
			*used = off;
			return IRC_FRAME_MORE;
		}
		n = (size_t)(lf - start);
		*used = off + n + 1;
		if (n > 0 && start[n - 1] == '\r')
			n--;
		if (frame_too_long(start, n, 0))
			return IRC_FRAME_OVERLONG;
		if (n == 0) {
			off = *used;	/* an empty line: ignored */
			continue;
		}
		start[n] = '\0';
		*line = start;
		*line_len = n;
		return IRC_FRAME_LINE;
	}
}

/* Parsing (RFC 2812 2.3.1) */

static char *
skip_spaces(char *p)
{
	while (*p == ' ')
		p++;
	return p;
}

/* Cut the word at p with a NUL; return where the next one may start. */
static char *
cut_word(char *p)
{
	char *space = strchr(p, ' ');

	if (space == NULL)
		return p + strlen(p);
	*space = '\0';
	return space + 1;
}

/* nick!user@host; a server name is all nick.  The nick part may not be
 * empty; "nick@host" (no user) is accepted as servers send it. */
static bool
split_prefix(struct irc_msg *m)
{
	char *bang = strchr(m->prefix, '!');
	char *at = strchr(bang != NULL ? bang : m->prefix, '@');

	m->nick = m->prefix;
	if (at != NULL) {
		*at = '\0';
		m->host = at + 1;
	}
	if (bang != NULL) {
		*bang = '\0';
		m->user = bang + 1;
	}
	return *m->nick != '\0';
}

/* A command is letters, or exactly three digits (RFC 2812 2.3.1). */
static bool
command_valid(const char *s, int *numeric)
{
	size_t i, n = strlen(s);

	*numeric = 0;
	if (n == 3 && is_digit(s[0]) && is_digit(s[1]) && is_digit(s[2])) {
		*numeric = (s[0] - '0') * 100 + (s[1] - '0') * 10 + s[2] - '0';
		return true;
	}
	for (i = 0; i < n; i++)
		if (!is_letter(s[i]))
			return false;
	return n > 0;
}

/* Middle params, then a trailing one after ':' or as the 15th. */
static void
parse_params(char *p, struct irc_msg *m)
{
	for (;;) {
		p = skip_spaces(p);
		if (*p == '\0')
			return;
		if (*p == ':' || m->nparams == IRC_PARAMS_MAX - 1) {
			if (*p == ':') {
				p++;
				m->trailing = true;
			}
			m->params[m->nparams++] = p;
			return;
		}
		m->params[m->nparams++] = p;
		p = cut_word(p);
	}
}

static enum irc_parse_result
parse_fail(struct irc_msg *m, enum irc_parse_result r)
{
	memset(m, 0, sizeof *m);
	return r;
}

enum irc_parse_result
irc_parse(char *line, size_t len, struct irc_msg *m)
{
	char *p;

	memset(m, 0, sizeof *m);
	if (memchr(line, '\0', len) != NULL)
		return IRC_PARSE_NUL;
	p = skip_spaces(line);
	if (*p == '\0')
		return IRC_PARSE_EMPTY;
	if (*p == '@') {
		m->tags = p + 1;
		p = cut_word(p);
		/* '@' and the space count against IRC_TAGS_MAX. */
		if (*m->tags == '\0' || strlen(m->tags) + 2 > IRC_TAGS_MAX)
			return parse_fail(m, IRC_PARSE_BADTAGS);
		p = skip_spaces(p);
	}
	if (*p == ':') {
		m->prefix = p + 1;
		p = cut_word(p);
		if (!split_prefix(m))
			return parse_fail(m, IRC_PARSE_BADPREFIX);
		p = skip_spaces(p);
	}
	if (*p == '\0')
		return parse_fail(m, IRC_PARSE_NOCOMMAND);
	m->command = p;
	p = cut_word(p);
	if (!command_valid(m->command, &m->numeric))
		return parse_fail(m, IRC_PARSE_BADCOMMAND);
	parse_params(p, m);
	return IRC_PARSE_OK;
}

const char *
irc_parse_strerror(enum irc_parse_result r)
{
	switch (r) {
	case IRC_PARSE_OK:
		return _("no error");
	case IRC_PARSE_EMPTY:
		return _("the line is empty");
	case IRC_PARSE_NUL:
		return _("the line contains a NUL byte");
	case IRC_PARSE_BADTAGS:
		return _("the message tags are empty or too long");
	case IRC_PARSE_BADPREFIX:
		return _("the prefix after ':' is empty or has no name");
	case IRC_PARSE_NOCOMMAND:
		return _("the line has no command");
	case IRC_PARSE_BADCOMMAND:
		return _("the command is neither letters nor a 3-digit number");
	}
	return _("unknown parse error");
}

bool
irc_command_is(const struct irc_msg *m, const char *command)
{
	return m->command != NULL &&
	    irc_casecmp(IRC_CASEMAP_ASCII, m->command, command) == 0;
}

/* IRCv3 message-tags: \: \s \\ \r \n; any other escaped character stands
 * for itself and a lone '\' at the end is dropped. */
static void
tag_unescape(char *s)
{
	char *out = s;

	for (; *s != '\0'; s++) {
		if (*s != '\\') {
			*out++ = *s;
			continue;
		}
		s++;
		switch (*s) {
		case ':':	*out++ = ';'; break;
		case 's':	*out++ = ' '; break;
		case 'r':	*out++ = '\r'; break;
		case 'n':	*out++ = '\n'; break;
		case '\0':	s--; break;
		default:	*out++ = *s; break;
		}
	}
	*out = '\0';
}

bool
irc_tag_next(char **cursor, char **key, char **value)
{
	char *p = *cursor;

	/* Items without a key (";;" or ";=v") are skipped. */
	do {
		if (p == NULL || *p == '\0') {
			*cursor = p;
			return false;
		}
		*key = p;
		p += strcspn(p, ";");
		if (*p == ';')
			*p++ = '\0';
	} while (**key == '\0' || **key == '=');
	*cursor = p;
	*value = strchr(*key, '=');
	if (*value == NULL) {
		*value = *key + strlen(*key);	/* "" inside the line */
		return true;
	}
	*(*value)++ = '\0';
	tag_unescape(*value);
	return true;
}

/* Formatting */

/* A cursor over the output: it never writes past end, and remembers
 * whether everything fitted. */
struct out {
	char *p, *end;
	bool full;
};

static void
out_bytes(struct out *o, const char *s, size_t n)
{
	if ((size_t)(o->end - o->p) < n) {
		o->full = true;
		return;
	}
	memcpy(o->p, s, n);
	o->p += n;
}

static void
out_str(struct out *o, const char *s)
{
	out_bytes(o, s, strlen(s));
}

/* Bytes that would end or split a line. */
static bool
breaks_line(char c)
{
	return c == '\r' || c == '\n' || c == '\0';
}

/* A word (tags, prefix, command, middle param) must be non-empty and
 * hold no space, CR or LF. */
static bool
word_valid(const char *s)
{
	return s != NULL && *s != '\0' && strpbrk(s, " \r\n") == NULL;
}

/* The last param needs ':' when empty, with a space or a leading ':'. */
static bool
needs_colon(const char *s, bool trailing)
{
	return trailing || *s == '\0' || *s == ':' ||
	    strpbrk(s, " \r\n") != NULL;
}

/* Whether the prefix is to be written from nick, user and host: when
 * no whole prefix is given, or when irc_parse split it (prefix == nick). */
static bool
prefix_split(const struct irc_msg *m)
{
	return m->nick != NULL && (m->prefix == NULL || m->prefix == m->nick);
}

/* Parts of the prefix after '!' or '@' may be empty ("nick!@host"). */
static bool
part_valid(const char *s)
{
	return s == NULL || strpbrk(s, " \r\n") == NULL;
}

static bool
msg_valid(const struct irc_msg *m)
{
	int i, numeric;

	if (m->command == NULL || !command_valid(m->command, &numeric))
		return false;
	if (m->tags != NULL && *m->tags != '\0' && !word_valid(m->tags))
		return false;
	if (!prefix_split(m) && m->prefix != NULL && !word_valid(m->prefix))
		return false;
	if (prefix_split(m) && (!word_valid(m->nick) || !part_valid(m->user) ||
	    !part_valid(m->host)))
		return false;
	if (m->nparams < 0 || m->nparams > IRC_PARAMS_MAX)
		return false;
	for (i = 0; i < m->nparams; i++) {
		if (m->params[i] == NULL)
			return false;
		if (i < m->nparams - 1 && (!word_valid(m->params[i]) ||
		    m->params[i][0] == ':'))
			return false;
	}
	return true;
}

/* Everything up to the last param: ":prefix COMMAND middle...". */
static void
format_head(struct out *o, const struct irc_msg *m)
{
	int i;

	if (m->prefix != NULL || m->nick != NULL) {
		out_str(o, ":");
		if (!prefix_split(m))
			out_str(o, m->prefix);
		else {
			out_str(o, m->nick);
			if (m->user != NULL) {
				out_str(o, "!");
				out_str(o, m->user);
			}
			if (m->host != NULL) {
				out_str(o, "@");
				out_str(o, m->host);
			}
		}
		out_str(o, " ");
	}
	out_str(o, m->command);
	for (i = 0; i < m->nparams - 1; i++) {
		out_str(o, " ");
		out_str(o, m->params[i]);
	}
}

/* Copy s[0..n) with CR, LF and NUL turned into spaces. */
static void
out_clean(struct out *o, const char *s, size_t n)
{
	size_t i;

	if ((size_t)(o->end - o->p) < n) {
		o->full = true;
		return;
	}
	for (i = 0; i < n; i++)
		*o->p++ = breaks_line(s[i]) ? ' ' : s[i];
}

/* "@tags " within IRC_TAGS_MAX (IRCv3 message-tags). */
static void
format_tags(struct out *o, const struct irc_msg *m)
{
	const char *start = o->p;

	if (m->tags == NULL || *m->tags == '\0')
		return;
	out_str(o, "@");
	out_str(o, m->tags);
	out_str(o, " ");
	if (o->p - start > IRC_TAGS_MAX)
		o->full = true;
}

/* " last" or " :last", cut to the room left; true if it was cut. */
static bool
format_last(struct out *o, const struct irc_msg *m)
{
	const char *last = m->params[m->nparams - 1];
	size_t len = strlen(last), room = (size_t)(o->end - o->p);
	bool colon = needs_colon(last, m->trailing);
	bool cut = room < 1 + colon + len;

	if (cut) {
		/* A cut param always gets ':', so " :" must fit. */
		colon = true;
		len = irc_utf8_cut(last, len, room < 2 ? 0 : room - 2);
	}
	out_str(o, colon ? " :" : " ");
	out_clean(o, last, len);
	return cut;
}

size_t
irc_format(char *buf, size_t size, const struct irc_msg *m, bool *truncated)
{
	struct out o;
	bool cut = false;

	if (truncated != NULL)
		*truncated = false;
	if (size > 0)
		buf[0] = '\0';
	if (size < 3 || !msg_valid(m))
		return 0;
	o.p = buf;
	o.end = buf + size - 3;	/* room for CR LF NUL */
	o.full = false;
	format_tags(&o, m);
	/* RFC 1459 2.3: 510 bytes after the tags, CR LF not counted. */
	if (o.end - o.p > IRC_BODY_MAX)
		o.end = o.p + IRC_BODY_MAX;
	format_head(&o, m);
	if (m->nparams > 0)
		cut = format_last(&o, m);
	if (o.full) {
		buf[0] = '\0';
		return 0;
	}
	if (truncated != NULL)
		*truncated = cut;
	memcpy(o.p, "\r\n", 3);
	return (size_t)(o.p + 2 - buf);
}

size_t
irc_vprintf(char *buf, size_t size, bool *truncated, const char *fmt,
    va_list ap)
{
	int ret;
	size_t n, max, i;

	if (truncated != NULL)
		*truncated = false;
	if (size < 3) {
		if (size > 0)
			buf[0] = '\0';
		return 0;
	}
	ret = vsnprintf(buf, size, fmt, ap);
	if (ret < 0) {
		buf[0] = '\0';
		return 0;
	}
	n = (size_t)ret < size ? (size_t)ret : size - 1;
	max = size - 3 < IRC_BODY_MAX ? size - 3 : IRC_BODY_MAX;
	if ((size_t)ret > max) {
		n = irc_utf8_cut(buf, n, max);
		if (truncated != NULL)
			*truncated = true;
	}
	for (i = 0; i < n; i++)
		if (breaks_line(buf[i]))
			buf[i] = ' ';
	memcpy(buf + n, "\r\n", 3);
	return n + 2;
}

size_t
irc_printf(char *buf, size_t size, bool *truncated, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	n = irc_vprintf(buf, size, truncated, fmt, ap);
	va_end(ap);
	return n;
}

/* Casemapping (RFC 1459 4.2; modern.ircdocs.horse "casemapping") */

int
irc_tolower(enum irc_casemap cm, int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 'a';
	if (cm != IRC_CASEMAP_RFC1459)
		return c;
	switch (c) {
	case '[':	return '{';
	case ']':	return '}';
	case '\\':	return '|';
	case '~':	return '^';
	}
	return c;
}

int
irc_ncasecmp(enum irc_casemap cm, const char *a, const char *b, size_t n)
{
	const unsigned char *ua = (const unsigned char *)a;
	const unsigned char *ub = (const unsigned char *)b;
	size_t i;

	for (i = 0; i < n; i++) {
		int ca = irc_tolower(cm, ua[i]), cb = irc_tolower(cm, ub[i]);

		if (ca != cb)
			return ca - cb;
		if (ca == '\0')
			break;
	}
	return 0;
}

int
irc_casecmp(enum irc_casemap cm, const char *a, const char *b)
{
	return irc_ncasecmp(cm, a, b, SIZE_MAX);
}

size_t
irc_casefold(enum irc_casemap cm, char *dst, const char *src, size_t size)
{
	size_t i;

	if (size == 0)
		return 0;
	for (i = 0; i + 1 < size && src[i] != '\0'; i++)
		dst[i] = (char)irc_tolower(cm, (unsigned char)src[i]);
	dst[i] = '\0';
	return i;
}

/* FNV-1a, 32 bits (Fowler, Noll, Vo): fast and good enough for names. */
uint32_t
irc_casehash(enum irc_casemap cm, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t h = 2166136261u;

	for (; *p != '\0'; p++) {
		h ^= (uint32_t)irc_tolower(cm, *p);
		h *= 16777619u;
	}
	return h;
}

const char *
irc_casemap_name(enum irc_casemap cm)
{
	return cm == IRC_CASEMAP_ASCII ? "ascii" : "rfc1459";
}

bool
irc_casemap_parse(const char *name, enum irc_casemap *cm)
{
	if (irc_casecmp(IRC_CASEMAP_ASCII, name, "rfc1459") == 0)
		*cm = IRC_CASEMAP_RFC1459;
	else if (irc_casecmp(IRC_CASEMAP_ASCII, name, "ascii") == 0)
		*cm = IRC_CASEMAP_ASCII;
	else
		return false;
	return true;
}

/* Names */

/* RFC 2812 2.3.1: special = "[", "]", "\", "`", "_", "^", "{", "|", "}" */
static bool
is_special(char c)
{
	return (c >= '[' && c <= '`') || (c >= '{' && c <= '}');
}

bool
irc_nick_valid(const char *nick, size_t maxlen)
{
	size_t i, n = strlen(nick);

	if (n == 0 || n > maxlen)
		return false;
	if (!is_letter(nick[0]) && !is_special(nick[0]))
		return false;
	for (i = 1; i < n; i++) {
		char c = nick[i];

		if (!is_letter(c) && !is_special(c) && !is_digit(c) && c != '-')
			return false;
	}
	return true;
}

bool
irc_chan_valid(const char *name, size_t maxlen, const char *chantypes)
{
	size_t n = strlen(name);

	if (chantypes == NULL)
		chantypes = "#&";
	if (n < 2 || n > maxlen || strchr(chantypes, name[0]) == NULL)
		return false;
	/* RFC 2812 2.3.1 chanstring; NUL cannot occur in a C string. */
	return strpbrk(name, " ,\a\r\n:") == NULL;
}

/* Masks */

/*
 * Glob with '*' and '?', iterative: on a mismatch, go back to the last
 * '*' and let it take one more byte.  Only the last '*' matters, so the
 * work is at most strlen(mask) * strlen(s) steps, never exponential.
 */
bool
irc_mask_match(enum irc_casemap cm, const char *mask, const char *s)
{
	const char *star = NULL, *resume = NULL;

	while (*s != '\0') {
		if (*mask == '*') {
			star = ++mask;
			resume = s;
		} else if (*mask != '\0' && (*mask == '?' ||
		    irc_tolower(cm, (unsigned char)*mask) ==
		    irc_tolower(cm, (unsigned char)*s))) {
			mask++;
			s++;
		} else if (star != NULL) {
			mask = star;
			s = ++resume;
		} else
			return false;
	}
	while (*mask == '*')
		mask++;
	return *mask == '\0';
}

/* UTF-8 (RFC 3629 4: the well-formed byte sequences) */

/* Length of the well-formed sequence at s (at most n bytes), or 0. */
static size_t
utf8_seq_len(const unsigned char *s, size_t n)
{
	unsigned char lo = 0x80, hi = 0xBF;
	size_t len, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		len = 2;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		len = 3;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		len = 4;
	else
		return 0;	/* continuation, overlong C0/C1, F5..FF */
	if (s[0] == 0xE0)
		lo = 0xA0;	/* overlong */
	else if (s[0] == 0xED)
		hi = 0x9F;	/* surrogates */
	else if (s[0] == 0xF0)
		lo = 0x90;	/* overlong */
	else if (s[0] == 0xF4)
		hi = 0x8F;	/* over U+10FFFF */
	if (n < len || s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < len; i++)
		if ((s[i] & 0xC0) != 0x80)
			return 0;
	return len;
}

bool
irc_utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n;

	while (i < len) {
		n = utf8_seq_len(p + i, len - i);
		if (n == 0)
			return false;
		i += n;
	}
	return true;
}

/* The byte count a lead byte announces (1 for anything else, and for
 * F5..FF, which start nothing). */
static size_t
utf8_lead_len(unsigned char c)
{
	if (c >= 0xF5)
		return 1;
	if (c >= 0xF0)
		return 4;
	if (c >= 0xE0)
		return 3;
	if (c >= 0xC0)
		return 2;
	return 1;
}

size_t
irc_utf8_cut(const char *s, size_t len, size_t max)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i;

	if (len <= max)
		return len;
	/* Does a sequence starting up to 3 bytes back run past max? */
	for (i = max; i > 0 && max - i < 3; i--) {
		if ((p[i - 1] & 0xC0) != 0x80) {
			if (i - 1 + utf8_lead_len(p[i - 1]) > max)
				return i - 1;
			break;
		}
	}
	return max;
}

/* ISUPPORT (modern.ircdocs.horse "RPL_ISUPPORT tokens") */

static int
hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Values escape bytes as \xHH; \x00 stays escaped (it would cut the
 * string) and so does anything malformed. */
static void
isupport_unescape(char *s)
{
	char *out = s;

	while (*s != '\0') {
		if (s[0] == '\\' && s[1] == 'x' && hex_value(s[2]) >= 0 &&
		    hex_value(s[3]) >= 0 &&
		    hex_value(s[2]) * 16 + hex_value(s[3]) != 0) {
			*out++ = (char)(hex_value(s[2]) * 16 + hex_value(s[3]));
			s += 4;
		} else
			*out++ = *s++;
	}
	*out = '\0';
}

bool
irc_isupport_split(char *token, char **key, char **value, bool *negated)
{
	char *eq;

	*negated = *token == '-';
	if (*negated)
		token++;
	*key = token;
	eq = strchr(token, '=');
	if (eq == NULL)
		*value = token + strlen(token);	/* "" */
	else {
		*eq = '\0';
		*value = eq + 1;
		isupport_unescape(*value);
	}
	/* "-KEY=VALUE" makes no sense; a key is never empty. */
	return **key != '\0' && !(*negated && eq != NULL) &&
	    strchr(*key, ' ') == NULL;
}

/* Numeric names, sorted by code for bsearch. */

struct numeric_name {
	int code;
	const char *name;
};

#define N(x) { x, #x }
static const struct numeric_name numeric_names[] = {
	N(RPL_WELCOME), N(RPL_YOURHOST), N(RPL_CREATED), N(RPL_MYINFO),
	N(RPL_ISUPPORT), N(RPL_UMODEIS), N(RPL_LUSERCLIENT), N(RPL_LUSEROP),
	N(RPL_LUSERUNKNOWN), N(RPL_LUSERCHANNELS), N(RPL_LUSERME),
	N(RPL_ADMINME), N(RPL_LOCALUSERS), N(RPL_GLOBALUSERS), N(RPL_AWAY),
	N(RPL_USERHOST), N(RPL_ISON), N(RPL_UNAWAY), N(RPL_NOWAWAY),
	N(RPL_WHOISUSER), N(RPL_WHOISSERVER), N(RPL_WHOISOPERATOR),
	N(RPL_WHOWASUSER), N(RPL_ENDOFWHO), N(RPL_WHOISIDLE),
	N(RPL_ENDOFWHOIS), N(RPL_WHOISCHANNELS), N(RPL_LISTSTART),
	N(RPL_LIST), N(RPL_LISTEND), N(RPL_CHANNELMODEIS),
	N(RPL_CREATIONTIME), N(RPL_NOTOPIC), N(RPL_TOPIC),
	N(RPL_TOPICWHOTIME), N(RPL_INVITING), N(RPL_VERSION),
	N(RPL_WHOREPLY), N(RPL_NAMREPLY), N(RPL_ENDOFNAMES), N(RPL_BANLIST),
	N(RPL_ENDOFBANLIST), N(RPL_ENDOFWHOWAS), N(RPL_INFO), N(RPL_MOTD),
	N(RPL_ENDOFINFO), N(RPL_MOTDSTART), N(RPL_ENDOFMOTD),
	N(RPL_YOUREOPER), N(RPL_REHASHING), N(RPL_TIME), N(ERR_NOSUCHNICK),
	N(ERR_NOSUCHSERVER), N(ERR_NOSUCHCHANNEL), N(ERR_CANNOTSENDTOCHAN),
	N(ERR_TOOMANYCHANNELS), N(ERR_WASNOSUCHNICK), N(ERR_TOOMANYTARGETS),
	N(ERR_NOORIGIN), N(ERR_NORECIPIENT), N(ERR_NOTEXTTOSEND),
	N(ERR_INPUTTOOLONG), N(ERR_UNKNOWNCOMMAND), N(ERR_NOMOTD),
	N(ERR_NONICKNAMEGIVEN), N(ERR_ERRONEUSNICKNAME),
	N(ERR_NICKNAMEINUSE), N(ERR_USERNOTINCHANNEL), N(ERR_NOTONCHANNEL),
	N(ERR_USERONCHANNEL), N(ERR_NOTREGISTERED), N(ERR_NEEDMOREPARAMS),
	N(ERR_ALREADYREGISTERED), N(ERR_PASSWDMISMATCH), N(ERR_KEYSET),
	N(ERR_CHANNELISFULL), N(ERR_UNKNOWNMODE), N(ERR_INVITEONLYCHAN),
	N(ERR_BANNEDFROMCHAN), N(ERR_BADCHANNELKEY), N(ERR_BADCHANMASK),
	N(ERR_NOPRIVILEGES), N(ERR_CHANOPRIVSNEEDED), N(ERR_NOOPERHOST),
	N(ERR_UMODEUNKNOWNFLAG), N(ERR_USERSDONTMATCH), N(ERR_HELPNOTFOUND),
	N(RPL_HELPSTART), N(RPL_HELPTXT), N(RPL_ENDOFHELP),
};
#undef N

static int
numeric_compare(const void *key, const void *elem)
{
	int code = *(const int *)key;
	const struct numeric_name *row = elem;

	return (code > row->code) - (code < row->code);
}

const char *
irc_numeric_name(int code)
{
	const struct numeric_name *row;

	row = bsearch(&code, numeric_names,
	    sizeof numeric_names / sizeof numeric_names[0],
	    sizeof numeric_names[0], numeric_compare);
	return row != NULL ? row->name : NULL;
}
