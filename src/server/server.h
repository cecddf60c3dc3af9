/*
 * server.h: banterd's shared state, limits and functions.
 *
 * One poll() loop (main.c) over listeners (listen.c) and clients
 * (client.c).  Lines go through proto.h to the command table (command.c)
 * and the handlers in user.c, channel.c, message.c and query.c; replies
 * and relayed messages leave through reference-counted buffers in each
 * client's send queue (sendq.c).
 */
#ifndef BANTERD_SERVER_H
#define BANTERD_SERVER_H

#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "proto.h"

/* Limits.  Those clients must know are advertised in ISUPPORT. */
#define CASEMAP		IRC_CASEMAP_RFC1459
#define CHANTYPES	"#&"
#define NICK_LEN_MIN	9	/* RFC 2812 1.2.1 */
#define NICK_LEN_MAX	50	/* the most nick_length may say */
#define USER_LEN	10	/* USERLEN */
#define HOST_LEN	64	/* an IPv6 address text, plus a leading '0' */
#define REALNAME_LEN	200
#define CHAN_LEN	50	/* CHANNELLEN */
#define TOPIC_LEN	390	/* TOPICLEN */
#define KICK_LEN	300	/* KICKLEN */
#define AWAY_LEN	200	/* AWAYLEN */
#define QUIT_LEN	300
#define BANS_MAX	50	/* MAXLIST=b:50 */
#define INVITES_MAX	32	/* pending invites kept per channel */
#define MODES_MAX	6	/* MODES: modes with a parameter per command */
#define TARGETS_MAX	4	/* TARGMAX for PRIVMSG, NOTICE */
#define WHOWAS_MAX	256	/* nicks remembered for WHOWAS */
#define WHO_MAX		500	/* replies to one WHO by mask */
#define WHO_BATCH	64	/* users one scan of a paged WHO finds */
/* NAMES (also after JOIN), WHO and LIST waiting behind a paged reply, two
 * bytes more than their argument each: 80 channels of CHANNELLEN, or
 * some 400 of ten characters.  Those the queue cannot take are answered
 * at once (channel.c). */
#define LISTING_QUEUE_MAX 4096
#define SERVER_NAME_LEN	63
#define MOTD_LINES_MAX	200
#define MOTD_LINE_LEN	400
/* Input held for one client: a whole line, plus what a throttled client
 * may send ahead of its budget before it is "Excess Flood". */
#define RECVQ_MAX	(IRC_LINE_MAX + 4096)
/* Replies to one client are appended to a private buffer of this size. */
#define PRIVATE_BUF_SIZE 2048
#define IOV_BATCH	64	/* buffers handed to one writev() */
#define LINGER_MS	2000	/* reading a closed client until its EOF */
/* After a client's EOF the lines its flood control still holds run at the
 * flood pace (a QUIT and its reason among them), for at most this long. */
#define EOF_DRAIN_MS	30000
#define SHUTDOWN_FLUSH_MS 2000	/* flushing the ERRORs at exit */
#define ACCEPT_BACKOFF_MS 250	/* listener rest after EMFILE */
#define EMFILE_LOG_MS	60000	/* out of descriptors: logged this often */
#define TIMER_SLACK_MS	250	/* ping and registration timer grain */
#define ACCEPT_BATCH	512	/* connections accepted per listener turn */
/*
 * Output batching.  Clients that sent a command get their replies at the
 * end of the turn.  When a turn leaves more than FLUSH_EAGER_MAX other
 * clients with output (a big channel), writing them all is a "big flush";
 * one write per member per message is what makes big channels slow.  A
 * message to a big channel goes at once while such messages come further
 * apart than half a big flush takes (latency matters then); when they come
 * closer (5000 JOINs to one channel, a busy channel of thousands), a big
 * flush waits until as long as the last one took has passed since it
 * ended (within the bounds below), so each write() carries several
 * messages and at most half of the server's time goes to them.  A queue
 * over FLUSH_BYTES goes at once.
 */
#define FLUSH_EAGER_MAX	256
#define FLUSH_BYTES	8192
#define FLUSH_DELAY_MIN_US 1000
#define FLUSH_DELAY_MAX_US 20000
#define FLUSH_TURNS_MAX	16	/* turns output may wait */

/* Exit statuses (banterd.8). */
#define EXIT_OK		0
#define EXIT_CONFIG	1	/* usage or configuration error */
#define EXIT_START	2	/* cannot listen or start */

/* Numerics proto.h does not name (modern.ircdocs.horse). */
#define RPL_STATSCOMMANDS	212
#define RPL_ENDOFSTATS		219
#define RPL_STATSUPTIME		242
#define RPL_ADMINLOC1		257
#define RPL_ADMINLOC2		258
#define RPL_ADMINEMAIL		259
#define RPL_TRYAGAIN		263
#define RPL_LINKS		364
#define RPL_ENDOFLINKS		365
#define ERR_INVALIDCAPCMD	410
#define ERR_NOCHANMODES		477

/* Configuration (config.c). */
struct oper_entry {
	char *name;
	char *password;		/* plain text, or a crypt(3) hash ('$') */
};

struct config {
	char *file;		/* where it came from, for messages */
	char *server_name;
	char *network_name;
	char *motd_file;
	char *password;		/* connection password, or NULL */
	char **listen;
	size_t nlisten;
	struct oper_entry *opers;
	size_t nopers;
	unsigned max_clients;
	unsigned max_channels_per_client;
	unsigned nick_length;
	unsigned ping_interval;		/* seconds */
	unsigned ping_timeout;
	unsigned registration_timeout;
	unsigned sendq_bytes;
	unsigned flood_burst;		/* 0: no flood control */
	unsigned flood_rate;		/* lines per second */
	/* The MOTD, read with the config. */
	char **motd;
	size_t nmotd;
};

struct config *config_load(const char *path, bool must_exist);
void config_free(struct config *conf);
bool password_matches(const char *given, const char *stored);

/* Shared, reference-counted output buffers (sendq.c). */
struct msgbuf {
	uint32_t refs;
	uint32_t len;
	uint32_t cap;		/* 0: shared, never appended to */
	char data[];
};

struct sendq {
	struct msgbuf **ring;
	uint32_t head;
	uint32_t count;
	uint32_t size;		/* slots, a power of two */
	uint32_t offset;	/* bytes of the head already written */
	size_t bytes;		/* bytes not yet written */
};

void msgbuf_unref(struct msgbuf *mb);
void sendq_push(struct sendq *q, struct msgbuf *mb);
void sendq_append(struct sendq *q, const char *data, size_t len);
ssize_t sendq_write(struct sendq *q, int fd);
void sendq_clear(struct sendq *q);

/*
 * A message for many recipients: formatted once, and built once more per
 * set of tags (server-time, relayed client tags) that some recipient
 * asked for.  Each recipient's queue takes a reference.
 */
struct outmsg {
	const char *tags;	/* client-only tags, without '@', or NULL */
	size_t len;
	struct msgbuf *variant[4];
	char body[IRC_MSG_MAX + 1];
};

struct client;
void out_init(struct outmsg *o, const char *tags, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void out_send(struct client *c, struct outmsg *o);
void out_done(struct outmsg *o);

/* Clients (client.c). */
enum {
	C_REGISTERED	= 1 << 0,
	C_CAPNEG	= 1 << 1,	/* CAP LS/REQ before registration */
	C_GOT_USER	= 1 << 2,
	C_GOT_NICK	= 1 << 3,
	C_EXITING	= 1 << 4,	/* on the exit list */
	C_CLOSING	= 1 << 5,	/* ERROR queued; flushing, lingering */
	C_WRCLOSED	= 1 << 6,	/* shutdown(SHUT_WR) done */
	C_DEAD		= 1 << 7,	/* to be freed at the end of the turn */
	C_FLUSHQ	= 1 << 8,	/* on the flush list */
	C_THROTTLED	= 1 << 9,	/* over its flood budget */
	C_CAP302	= 1 << 10,
	C_ACTIVE	= 1 << 11,	/* sent a command this turn */
	C_EOF		= 1 << 12	/* peer's EOF read; running held lines */
};

enum {
	CAP_AWAY_NOTIFY		= 1 << 0,
	CAP_ECHO_MESSAGE	= 1 << 1,
	CAP_MESSAGE_TAGS	= 1 << 2,
	CAP_MULTI_PREFIX	= 1 << 3,
	CAP_SERVER_TIME		= 1 << 4
};

enum {
	UMODE_INVISIBLE	= 1 << 0,
	UMODE_OPER	= 1 << 1,
	UMODE_WALLOPS	= 1 << 2
};

struct member;
struct listing;

struct client {
	int fd;
	uint32_t pidx;		/* index in srv.pfds and srv.pclients */
	uint32_t flags;
	uint8_t caps;
	uint8_t umodes;
	uint16_t nchannels;
	uint32_t mark;		/* srv.mark_gen when last reached */
	uint32_t inlen;
	uint64_t id;
	int64_t created_ms;	/* monotonic */
	int64_t active_ms;	/* last line received */
	int64_t ping_ms;	/* PING sent, or 0 */
	int64_t flood_us;	/* flood budget clock, microseconds */
	int64_t closing_ms;	/* C_CLOSING or C_EOF since */
	time_t signon;		/* wall clock, for WHOIS */
	time_t idle_since;	/* last PRIVMSG/NOTICE, for WHOIS */
	struct irc_framer framer;
	char *inbuf;		/* held input, NULL when none */
	struct sendq sendq;
	struct member *channels;
	struct listing *listing;	/* LIST, NAMES, WHO sent and waiting */
	struct client *hnext;	/* nick hash chain */
	struct client *exit_next;
	struct client *flush_next;
	char *realname;
	char *away;
	char *pass;		/* PASS given before registration */
	char *exit_reason;
	char nick[NICK_LEN_MAX + 1];
	char user[USER_LEN + 1];
	char host[HOST_LEN];
};

struct client *client_new(int fd, const char *host);
void client_read(struct client *c);
void client_linger_read(struct client *c);
void client_flush(struct client *c);
void client_process_held(struct client *c);
void client_exit(struct client *c, const char *reason);
void clients_reap_exits(void);
void clients_flush_all(bool force);
void clients_free_dead(void);
struct poller_event;
void clients_ready(const struct poller_event *ev, int n);
void clients_tick(int64_t now);
void client_update_events(struct client *c);
void client_free(struct client *c);

/* Sending (sendq.c). */
void client_send(struct client *c, struct msgbuf *mb);
void client_send_raw(struct client *c, const char *line, size_t len);
void client_sendf(struct client *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void reply(struct client *c, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
const char *client_name(const struct client *c);

/* Users (user.c). */
struct client *nick_find(const char *nick);
struct client *user_find(const char *nick);	/* registered only */
void nick_add(struct client *c);
void nick_del(struct client *c);
void user_try_register(struct client *c);
void user_quit(struct client *c, const char *reason);
void user_send_welcome_motd(struct client *c);
void user_lusers(struct client *c);
void user_send_motd(struct client *c);
void whowas_add(const struct client *c);
void who_reply(struct client *c, const char *chname, const struct client *t,
    const struct member *mem);
/* WHO by mask, paged in channel.c: users go in id order, so a page can
 * end after any of them. */
struct who_walk {
	uint64_t after;		/* the id last listed */
	unsigned found;
	bool opers;		/* only operators */
};
bool who_users_more(struct client *c, const char *mask, struct who_walk *w,
    size_t stop);
void whowas_free(void);
void nicks_free(void);
bool users_share_channel(const struct client *a, const struct client *b);
bool user_visible(const struct client *viewer, const struct client *c);

/* Channels (channel.c). */
enum {
	CMODE_INVITE	= 1 << 0,
	CMODE_MODERATED	= 1 << 1,
	CMODE_NOEXTERNAL = 1 << 2,
	CMODE_SECRET	= 1 << 3,
	CMODE_TOPIC	= 1 << 4
};

enum {
	MEMBER_OP	= 1 << 0,
	MEMBER_VOICE	= 1 << 1
};

struct member {
	struct client *client;
	struct channel *chan;
	struct member *chan_prev, *chan_next;
	struct member *user_prev, *user_next;
	uint64_t seq;		/* join order: a channel's list runs newest first */
	uint8_t modes;
};

struct ban {
	char *mask;
	char *by;
	time_t when;
};

struct channel {
	struct channel *hnext;
	struct member *members;
	unsigned nmembers;
	unsigned modes;
	unsigned limit;		/* +l, 0 when unset */
	char *key;		/* +k, NULL when unset */
	char *topic;
	char *topic_by;
	time_t topic_time;
	time_t created;
	struct ban *bans;
	unsigned nbans;
	uint64_t invites[INVITES_MAX];
	unsigned ninvites;
	char name[];
};

struct channel *chan_find(const char *name);
struct member *member_find(const struct client *c, const struct channel *ch);
bool chan_visible(const struct client *c, const struct channel *ch);
bool chan_banned(const struct channel *ch, const struct client *c);
void chan_part_all(struct client *c, const char *reason, bool announce);
void chan_send(struct channel *ch, struct outmsg *o, const struct client *skip);
const char *member_prefix(const struct member *m, bool multi);
void chan_mode_string(const struct channel *ch, bool with_key, char *buf,
    size_t size);
void chans_free(void);
void chan_names(struct client *c, struct channel *ch);
void chan_who(struct client *c, const char *mask, bool opers);
void chan_listing_resume(struct client *c);
void chan_listing_free(struct client *c);

/* Command handlers take the parsed line; m->params hold at least the
 * table's minimum. */
typedef void command_fn(struct client *c, struct irc_msg *m);
void command_dispatch(struct client *c, char *line, size_t len);
void command_stats(struct client *c);
command_fn cmd_admin, cmd_away, cmd_cap, cmd_help, cmd_info, cmd_invite, cmd_ison,
    cmd_join, cmd_kick, cmd_kill, cmd_links, cmd_list, cmd_lusers, cmd_mode, cmd_motd,
    cmd_names, cmd_nick, cmd_notice, cmd_oper, cmd_part, cmd_pass, cmd_ping,
    cmd_pong, cmd_privmsg, cmd_quit, cmd_rehash, cmd_stats, cmd_tagmsg,
    cmd_time,
    cmd_topic, cmd_user, cmd_userhost, cmd_version, cmd_wallops, cmd_who,
    cmd_whois, cmd_whowas;
void user_mode(struct client *c, struct irc_msg *m);
void chan_mode(struct client *c, struct irc_msg *m, struct channel *ch);
void isupport_send(struct client *c);

/* Listeners (listen.c). */
struct listener {
	int fd;
	char *name;		/* as shown in logs */
	char *path;		/* a UNIX socket to unlink at exit */
};

bool listen_valid(const char *addr, char *err, size_t errsize);
bool listen_open(char **addrs, size_t naddrs);
int listen_inherited(void);
void listen_accept(size_t li, int64_t now);
void listen_close_all(void);

/* Logging (log.c). */
void log_open(bool use_syslog);
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void fatal(const char *fmt, ...)
    __attribute__((format(printf, 1, 2), noreturn));
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* Waiting for descriptors (poller.c).  A key is a pfds index below
 * srv.nfixed (self-pipe, listeners), else a struct client pointer. */
#define POLLER_BATCH	1024
struct poller_event {
	uint64_t key;
	short revents;
};

void poller_init(void);
void poller_add(int fd, short events, uint64_t key);
void poller_mod(int fd, short events, uint64_t key);
void poller_del(int fd);
int poller_wait(int timeout, struct poller_event *out, int max);
void poller_close(void);

/* systemd readiness (sdnotify.c). */
void sd_notify_send(const char *state);

/* Time. */
int64_t clock_ms(void);

/* The whole server. */
struct server {
	struct config *conf;
	const char *config_path;
	bool config_must_exist;
	char **listen_override;	/* -l, in place of the config's lines */
	size_t nlisten_override;
	struct pollfd *pfds;	/* [0] self-pipe, then listeners, then clients */
	struct client **pclients;	/* NULL below nfixed */
	size_t npfds;
	size_t pfds_size;
	size_t nfixed;
	struct listener *listeners;
	size_t nlisteners;
	int64_t listen_resume_ms;	/* listeners paused after EMFILE */
	int reserve_fd;		/* spare descriptor for EMFILE */
	int64_t now;		/* monotonic ms, this turn */
	int64_t next_tick;	/* earliest timer deadline */
	time_t started;
	uint64_t next_id;
	uint32_t mark_gen;
	unsigned nconns;	/* live connections (not closing) */
	unsigned nusers;	/* registered */
	unsigned ninvisible;
	unsigned nopers;
	unsigned nchannels;
	unsigned max_users;	/* most registered at once */
	unsigned rlimit_clients;	/* what the descriptor limit allows */
	struct client *exits;	/* waiting for user_quit */
	struct client *flushes;	/* clients with queued output */
	unsigned nflushes;
	int64_t flush_deadline;	/* when deferred output must go, or 0 */
	int64_t flush_took_us;	/* the last big flush */
	int64_t flush_next_ms;	/* no big flush before, in a stream */
	unsigned fanouts;	/* messages to big channels this turn */
	int64_t fanout_last_us;	/* when the last were counted */
	int64_t fanout_gap_us;	/* mean interval between them */
	unsigned flush_deferrals;
	const char *version;
};

extern struct server srv;

void timer_note(int64_t when);
void server_rehash(const char *who);

#endif
