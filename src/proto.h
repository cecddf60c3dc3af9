/*
 * proto.h: IRC messages, shared by banterd and banter.
 *
 * Framing, parsing in place, formatting within the limits, casemapping,
 * name validation, masks, UTF-8 helpers and numeric reply codes.  No I/O;
 * nothing here allocates.
 */
#ifndef BANTER_PROTO_H
#define BANTER_PROTO_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* RFC 1459 2.3: 512 bytes including CR LF, so 510 of content. */
#define IRC_MSG_MAX	512
#define IRC_BODY_MAX	(IRC_MSG_MAX - 2)
/* IRCv3 message-tags: up to 8191 bytes of tags, '@' and space included. */
#define IRC_TAGS_MAX	8191
/* The longest line the framer will hand out, tags, CR and LF included. */
#define IRC_LINE_MAX	(IRC_TAGS_MAX + IRC_MSG_MAX)
/* RFC 2812 2.3.1: at most 15 parameters; the 15th takes the rest. */
#define IRC_PARAMS_MAX	15

/* Framing: bytes in, complete lines out. */

enum irc_frame_result {
	IRC_FRAME_MORE,		/* no complete line yet: read more */
	IRC_FRAME_LINE,		/* *line holds one line, CR/LF removed */
	IRC_FRAME_OVERLONG	/* a line over the limit was dropped */
};

struct irc_framer {
	bool discarding;	/* inside an overlong line: drop up to LF */
};

/*
 * Look for the next line in buf[0..len).  *used is how many bytes of buf
 * the caller may now drop from the front, whatever the result.
 * IRC_FRAME_LINE: the line starts at *line (inside buf), is *line_len
 * bytes long and NUL-terminated in place (the CR or LF is overwritten).
 * Lines end in LF, CR LF or a lone CR before LF; an empty line is skipped.
 * IRC_FRAME_OVERLONG: a line longer than IRC_LINE_MAX (or whose part after
 * the tags is longer than IRC_BODY_MAX) was seen; its bytes are dropped up
 * to and including its LF, even across later calls, and it is reported
 * once.  IRC_FRAME_MORE: buf holds no complete line; call again with more.
 * A caller whose buffer holds IRC_LINE_MAX bytes always gets progress.
 *
 * Details: the limits apply to the content, CR and LF not counted,
 * whatever the line ends with (RFC 1459 2.3 leaves 510 bytes for it), so
 * a body of 510 bytes passes and 511 is overlong.  Only LF ends a line; one CR right before it
 * is removed and any other CR stays in the line.  An overlong line is
 * reported as soon as it is certain (body already over IRC_BODY_MAX + 1
 * without LF), not only when its LF arrives.
 */
enum irc_frame_result irc_frame(struct irc_framer *f, char *buf, size_t len,
    size_t *used, char **line, size_t *line_len);

/* Parsing: one line into slices, in place. */

enum irc_parse_result {
	IRC_PARSE_OK = 0,
	IRC_PARSE_EMPTY,	/* nothing but spaces */
	IRC_PARSE_NUL,		/* a NUL byte inside the line */
	IRC_PARSE_BADTAGS,	/* '@' with no tags, or tags too long */
	IRC_PARSE_BADPREFIX,	/* ':' with no prefix after it */
	IRC_PARSE_NOCOMMAND,	/* no command after tags/prefix */
	IRC_PARSE_BADCOMMAND	/* not letters, nor exactly 3 digits */
};

struct irc_msg {
	char *tags;		/* raw tags without '@', or NULL */
	char *prefix;		/* whole prefix without ':', or NULL */
	char *nick;		/* prefix split: nick (or server name) */
	char *user;		/* after '!', or NULL */
	char *host;		/* after '@', or NULL */
	char *command;		/* as sent (case kept) */
	int numeric;		/* 1..999 for a 3-digit command, else 0 */
	int nparams;
	char *params[IRC_PARAMS_MAX];
	bool trailing;		/* the last param came after " :" */
};

/*
 * Parse a NUL-terminated line of len bytes (no CR/LF) in place: the line
 * is cut with NULs and m points into it.  Runs of spaces separate
 * parameters; a 15th parameter takes the rest of the line.  On an error
 * m is left zeroed.
 *
 * Details: leading spaces are skipped.  The prefix is
 * split in place, so m->prefix then holds only its first part (it equals
 * m->nick); "nick@host" gives a host and no user; an empty nick part
 * (":!u@h") is IRC_PARSE_BADPREFIX.  "000" is a command with numeric 0.
 * A 15th parameter keeps its spaces; trailing is true only if it began
 * with ':' (RFC 2812 2.3.1: the ':' is optional there).
 */
enum irc_parse_result irc_parse(char *line, size_t len, struct irc_msg *m);
const char *irc_parse_strerror(enum irc_parse_result r);

/* Case-insensitive command compare ("privmsg" == "PRIVMSG"). */
bool irc_command_is(const struct irc_msg *m, const char *command);

/*
 * Iterate over a tags string (m->tags), unescaping values in place
 * (\: \s \\ \r \n).  *cursor starts at m->tags; returns false at the end.
 * A tag without '=' or with an empty value gets *value = "".
 * Items without a key (";;", ";=v") are skipped; an unknown escape "\x" gives "x" and a
 * lone '\' at the end is dropped (IRCv3 message-tags).
 */
bool irc_tag_next(char **cursor, char **key, char **value);

/* Formatting: never emits a broken line. */

/*
 * Write m (tags, prefix, command, params) into buf as one line ending in
 * CR LF, NUL-terminated.  The last parameter is written with ':' when it
 * must be (empty, has a space, starts with ':') or when m->trailing.  CR,
 * LF and NUL never reach the output (each becomes a space); a middle
 * parameter with a space is refused.  When the line would exceed the
 * limit (IRC_MSG_MAX after the tags, or size), the last parameter is cut
 * at a UTF-8 character boundary and *truncated is set.  Returns the length
 * written (without the NUL), or 0 if even the fixed part does not fit or
 * the message is invalid.
 *
 * Details: the prefix is m->prefix, or nick[!user][@host] when m->prefix
 * is NULL or equal to m->nick (as irc_parse leaves it), so a parsed
 * message formats back whole.  Invalid: no command or one that is not
 * letters or 3 digits; tags, prefix or nick with a space, CR or LF; a
 * middle parameter empty, with a space/CR/LF or starting with ':'; a NULL
 * parameter; nparams outside 0..15.  Empty m->tags counts as no tags.
 * A cut last parameter is always written with ':'.  truncated may be
 * NULL; otherwise it is always set.
 */
size_t irc_format(char *buf, size_t size, const struct irc_msg *m,
    bool *truncated);

/*
 * printf into buf as one raw line ("PRIVMSG #a :hi"), then the same
 * guarantees as irc_format: CR/LF/NUL become spaces, cut at a character
 * boundary to IRC_BODY_MAX bytes, CR LF appended.  Returns the length.
 */
size_t irc_printf(char *buf, size_t size, bool *truncated,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
size_t irc_vprintf(char *buf, size_t size, bool *truncated,
    const char *fmt, va_list ap) __attribute__((format(printf, 4, 0)));

/* Casemapping (RFC 1459 4.2: {}|^ are the lower case of []\~). */

enum irc_casemap {
	IRC_CASEMAP_RFC1459,
	IRC_CASEMAP_ASCII
};

int irc_tolower(enum irc_casemap cm, int c);
int irc_casecmp(enum irc_casemap cm, const char *a, const char *b);
int irc_ncasecmp(enum irc_casemap cm, const char *a, const char *b,
    size_t n);
/* Fold src into dst (at most size bytes with the NUL); returns length
 * written (less than strlen(src) if dst was too small). */
size_t irc_casefold(enum irc_casemap cm, char *dst, const char *src,
    size_t size);
/* FNV-1a of the folded name: equal names hash alike. */
uint32_t irc_casehash(enum irc_casemap cm, const char *s);
/* "rfc1459" or "ascii"; parse returns false for an unknown name (such as
 * "strict-rfc1459"; callers may then keep rfc1459).  Case-insensitive. */
const char *irc_casemap_name(enum irc_casemap cm);
bool irc_casemap_parse(const char *name, enum irc_casemap *cm);

/* Names. */

/* RFC 2812 2.3.1 nick: letter or special first, then letters, digits,
 * specials and '-'; 1..maxlen bytes. */
bool irc_nick_valid(const char *nick, size_t maxlen);
/* A channel: starts with one of chantypes, 2..maxlen bytes, no space,
 * comma, BEL, NUL, CR, LF or ':' (RFC 2812 1.3).  chantypes NULL means
 * "#&".  Lengths are in bytes; maxlen 0 accepts nothing. */
bool irc_chan_valid(const char *name, size_t maxlen, const char *chantypes);

/* Masks: '*' any run, '?' one byte, compared under cm (bans, LIST, WHO).
 * No escapes.  Time is at most strlen(mask) * strlen(s) steps. */
bool irc_mask_match(enum irc_casemap cm, const char *mask, const char *s);

/* UTF-8. */

bool irc_utf8_valid(const char *s, size_t len);
/* The longest prefix of s[0..len) of at most max bytes that does not end
 * inside a UTF-8 sequence.  valid: RFC 3629 (no overlongs, surrogates or
 * code points over U+10FFFF).  cut only looks at lead bytes, so it also
 * behaves on invalid input (never cuts more than 3 bytes below max). */
size_t irc_utf8_cut(const char *s, size_t len, size_t max);

/* ISUPPORT (005) tokens: "KEY", "KEY=VALUE" or "-KEY", split in place.
 * *value is "" when there is none; \xHH escapes in it are decoded (but
 * \x00).  False for an empty key, a space in it, or "-KEY=VALUE". */
bool irc_isupport_split(char *token, char **key, char **value,
    bool *negated);

/* Numeric replies (RFC 1459/2812, modern.ircdocs.horse). */

enum irc_numeric {
	RPL_WELCOME = 1,
	RPL_YOURHOST = 2,
	RPL_CREATED = 3,
	RPL_MYINFO = 4,
	RPL_ISUPPORT = 5,
	RPL_UMODEIS = 221,
	RPL_LUSERCLIENT = 251,
	RPL_LUSEROP = 252,
	RPL_LUSERUNKNOWN = 253,
	RPL_LUSERCHANNELS = 254,
	RPL_LUSERME = 255,
	RPL_ADMINME = 256,
	RPL_LOCALUSERS = 265,
	RPL_GLOBALUSERS = 266,
	RPL_AWAY = 301,
	RPL_USERHOST = 302,
	RPL_ISON = 303,
	RPL_UNAWAY = 305,
	RPL_NOWAWAY = 306,
	RPL_WHOISUSER = 311,
	RPL_WHOISSERVER = 312,
	RPL_WHOISOPERATOR = 313,
	RPL_WHOWASUSER = 314,
	RPL_ENDOFWHO = 315,
	RPL_WHOISIDLE = 317,
	RPL_ENDOFWHOIS = 318,
	RPL_WHOISCHANNELS = 319,
	RPL_LISTSTART = 321,
	RPL_LIST = 322,
	RPL_LISTEND = 323,
	RPL_CHANNELMODEIS = 324,
	RPL_CREATIONTIME = 329,
	RPL_NOTOPIC = 331,
	RPL_TOPIC = 332,
	RPL_TOPICWHOTIME = 333,
	RPL_INVITING = 341,
	RPL_VERSION = 351,
	RPL_WHOREPLY = 352,
	RPL_NAMREPLY = 353,
	RPL_ENDOFNAMES = 366,
	RPL_BANLIST = 367,
	RPL_ENDOFBANLIST = 368,
	RPL_ENDOFWHOWAS = 369,
	RPL_INFO = 371,
	RPL_MOTD = 372,
	RPL_ENDOFINFO = 374,
	RPL_MOTDSTART = 375,
	RPL_ENDOFMOTD = 376,
	RPL_YOUREOPER = 381,
	RPL_REHASHING = 382,
	RPL_TIME = 391,
	ERR_NOSUCHNICK = 401,
	ERR_NOSUCHSERVER = 402,
	ERR_NOSUCHCHANNEL = 403,
	ERR_CANNOTSENDTOCHAN = 404,
	ERR_TOOMANYCHANNELS = 405,
	ERR_WASNOSUCHNICK = 406,
	ERR_TOOMANYTARGETS = 407,
	ERR_NOORIGIN = 409,
	ERR_NORECIPIENT = 411,
	ERR_NOTEXTTOSEND = 412,
	ERR_INPUTTOOLONG = 417,
	ERR_UNKNOWNCOMMAND = 421,
	ERR_NOMOTD = 422,
	ERR_NONICKNAMEGIVEN = 431,
	ERR_ERRONEUSNICKNAME = 432,
	ERR_NICKNAMEINUSE = 433,
	ERR_USERNOTINCHANNEL = 441,
	ERR_NOTONCHANNEL = 442,
	ERR_USERONCHANNEL = 443,
	ERR_NOTREGISTERED = 451,
	ERR_NEEDMOREPARAMS = 461,
	ERR_ALREADYREGISTERED = 462,
	ERR_PASSWDMISMATCH = 464,
	ERR_KEYSET = 467,
	ERR_CHANNELISFULL = 471,
	ERR_UNKNOWNMODE = 472,
	ERR_INVITEONLYCHAN = 473,
	ERR_BANNEDFROMCHAN = 474,
	ERR_BADCHANNELKEY = 475,
	ERR_BADCHANMASK = 476,
	ERR_NOPRIVILEGES = 481,
	ERR_CHANOPRIVSNEEDED = 482,
	ERR_NOOPERHOST = 491,
	ERR_UMODEUNKNOWNFLAG = 501,
	ERR_USERSDONTMATCH = 502,
	ERR_HELPNOTFOUND = 524,
	RPL_HELPSTART = 704,
	RPL_HELPTXT = 705,
	RPL_ENDOFHELP = 706
};

/* "RPL_WELCOME" for 1, or NULL for a code not in the table. */
const char *irc_numeric_name(int code);

#endif
