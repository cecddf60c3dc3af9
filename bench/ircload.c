/* ircload.c: an IRC load generator for bench/run (see BENCHMARKS.md).
 *
 * N clients connect to one loopback server, register, join one channel,
 * then S of them send PRIVMSGs to it while every client reads.  Each
 * message carries its sender, a sequence number and the monotonic time it
 * was written, so every member checks order, loss and duplicates, and the
 * latency of every delivery is measured.  One epoll loop, non-blocking
 * sockets; every phase ends at a deadline, so the program always stops. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/resource.h>
#include <sys/socket.h>
#ifdef __linux__
#include <sys/epoll.h>
#include <sys/timerfd.h>
#endif

#include "i18n.h"

#ifdef __linux__

enum {
	PARTIAL_MAX = 1024,	/* longest server line kept; longer ones are skipped */
	READ_BUF = 256 * 1024,	/* one read() per readable client per turn */
	OUT_MAX = 1024 * 1024,	/* a client's unsent bytes before we give up on it */
	SEND_BATCH = 64 * 1024,	/* bytes of PRIVMSGs formatted per sender per turn */
	EVENTS_MAX = 1024,
	WINDOW_MAX = 1 << 14,
	RATE_RING = 1 << 16,	/* in-flight messages per sender at a fixed rate */
	TEXT_MAX = 400,		/* padded message text; stays under 512 with prefix */
	SENDERS_MAX = 1000,
	CLIENTS_MAX = 1000000,
	SLOTS_MAX = 50 * 1000 * 1000,	/* clients x senders order-tracking slots */
	TIMER_ID = UINT32_MAX,
};

enum client_state {
	C_IDLE, C_CONNECTING, C_REGISTERING, C_REGISTERED, C_JOINING, C_JOINED,
	C_DEAD,
};

enum phase { PH_REG, PH_JOIN, PH_SETTLE, PH_SEND, PH_DRAIN };

struct client {
	int fd;
	uint8_t state;
	bool discarding;	/* skipping the rest of an overlong line */
	bool want_out;		/* EPOLLOUT requested */
	uint16_t partial_len;
	uint32_t out_len, out_cap;
	char *out;
	char partial[PARTIAL_MAX];
};

/* A sender's messages in flight: need[seq & mask] counts the members that
 * have yet to receive seq; acked is the highest seq every member has. */
struct sender {
	uint32_t sent, acked;
	bool dead;
	uint32_t *need;
};

static struct options {
	const char *address;
	const char *port;
	const char *channel;
	const char *nick_prefix;
	size_t nick_prefix_len;
	uint32_t clients, senders, window, size;
	uint32_t reg_inflight, join_inflight, tail;
	double duration, rate, delivery_rate;
	double reg_timeout, join_timeout, drain_timeout, settle;
	long pid;
	bool join, verbose;
} opt = {
	.address = "127.0.0.1", .port = NULL, .channel = "#ircload",
	.nick_prefix = "b", .clients = 100, .senders = 10, .window = 16,
	.reg_inflight = 10, .join_inflight = 10, .duration = 5,
	.reg_timeout = 60, .join_timeout = 120, .drain_timeout = 10,
	.settle = 0.2, .pid = 0, .join = true,
};

/* Latency histogram: 32 linear steps per power of two (error < 3.2%). */
enum { HIST_SUB_BITS = 5, HIST_SUB = 1 << HIST_SUB_BITS,
	HIST_BUCKETS = (64 - HIST_SUB_BITS + 1) * HIST_SUB };

static struct run {
	struct sockaddr_storage addr;
	socklen_t addr_len;
	struct client *clients;
	struct sender *senders;
	uint32_t *last_seq;	/* [receiver * senders + sender] */
	uint32_t ring_mask;
	int epfd, timerfd;
	enum phase phase;
	char *rbuf;
	double msg_rate;	/* messages/s over all senders, 0: windowed */
	int64_t send_start, send_end;

	uint32_t next_connect, reg_inflight, registered, reg_failed;
	uint32_t next_join, join_inflight, joined, join_failed;
	uint32_t members;	/* joined and still connected */
	int64_t reg_last, join_last, tail_start;

	uint64_t deliveries, deliveries_window, sent_total;
	uint64_t lost_gaps, dups, misordered, bogus, error_replies;
	uint64_t conn_failed, disconnects, overlong, late_sends;
	int64_t lag_max;
	uint64_t hist[HIST_BUCKETS];
	uint64_t lat_count, lat_max;
} run;

static int64_t
clock_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int64_t
seconds_ns(double s)
{
	return (int64_t)(s * 1e9);
}

static double
ns_seconds(int64_t ns)
{
	return (double)ns / 1e9;
}

static unsigned
hist_index(uint64_t v)
{
	if (v < HIST_SUB)
		return (unsigned)v;
	unsigned e = 63 - (unsigned)__builtin_clzll(v);
	unsigned sub = (unsigned)(v >> (e - HIST_SUB_BITS)) & (HIST_SUB - 1);
	return (e - HIST_SUB_BITS + 1) * HIST_SUB + sub;
}

/* The middle of a bucket. */
static uint64_t
hist_value(unsigned idx)
{
	if (idx < HIST_SUB)
		return idx;
	unsigned e = idx / HIST_SUB + HIST_SUB_BITS - 1;
	uint64_t low = (uint64_t)(HIST_SUB + idx % HIST_SUB) << (e - HIST_SUB_BITS);
	return low + (((uint64_t)1 << (e - HIST_SUB_BITS)) >> 1);
}

static void
hist_add(uint64_t ns)
{
	run.hist[hist_index(ns)]++;
	run.lat_count++;
	if (ns > run.lat_max)
		run.lat_max = ns;
}

static uint64_t
hist_percentile(double p)
{
	uint64_t want = (uint64_t)(p * (double)run.lat_count + 0.999999);
	uint64_t seen = 0;

	if (run.lat_count == 0)
		return 0;
	if (want == 0)
		want = 1;
	for (unsigned i = 0; i < HIST_BUCKETS; i++) {
		seen += run.hist[i];
		if (seen >= want) {
			uint64_t v = hist_value(i);
			return v < run.lat_max ? v : run.lat_max;
		}
	}
	return run.lat_max;
}

static _Noreturn void
fatal(const char *what)
{
	fprintf(stderr, "ircload: %s\n", what);
	exit(2);
}

static _Noreturn void
fatal_errno(const char *what)
{
	fprintf(stderr, "ircload: %s: %s\n", what, strerror(errno));
	exit(2);
}

static void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n, size);

	if (p == NULL)
		fatal(_("out of memory; try fewer clients or senders."));
	return p;
}

/* Server figures from /proc: CPU time (utime + stime) and resident set. */
struct proc_sample {
	bool ok;
	double cpu_s;
	long rss_kb;
};

static struct proc_sample
proc_sample(void)
{
	struct proc_sample ps = { .ok = false };
	char path[64], buf[4096];
	unsigned long long utime, stime;
	FILE *f;

	if (opt.pid <= 0)
		return ps;
	snprintf(path, sizeof path, "/proc/%ld/stat", opt.pid);
	if ((f = fopen(path, "r")) == NULL)
		return ps;
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	/* The command name may hold spaces and parentheses: fields count
	 * from the last ')'; utime and stime are fields 14 and 15. */
	char *p = strrchr(buf, ')');
	if (p == NULL || sscanf(p + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u "
	    "%*u %*u %llu %llu", &utime, &stime) != 2)
		return ps;
	ps.cpu_s = (double)(utime + stime) / (double)sysconf(_SC_CLK_TCK);

	snprintf(path, sizeof path, "/proc/%ld/status", opt.pid);
	if ((f = fopen(path, "r")) == NULL)
		return ps;
	while (fgets(buf, sizeof buf, f) != NULL)
		if (sscanf(buf, "VmRSS: %ld", &ps.rss_kb) == 1) {
			ps.ok = true;
			break;
		}
	fclose(f);
	return ps;
}

static double
cpu_self(void)
{
	struct rusage ru;

	if (getrusage(RUSAGE_SELF, &ru) != 0)
		return 0;
	return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
	    (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

static void
epoll_set(uint32_t i, bool want_out)
{
	struct client *c = &run.clients[i];
	struct epoll_event ev = { .events = EPOLLIN, .data.u32 = i };

	if (want_out)
		ev.events |= EPOLLOUT;
	if (epoll_ctl(run.epfd, EPOLL_CTL_MOD, c->fd, &ev) != 0)
		fatal_errno("epoll_ctl");
	c->want_out = want_out;
}

static void sender_member_gone(uint32_t r);

/* The server closed the connection, refused it, or broke the protocol. */
static void
client_kill(uint32_t i)
{
	struct client *c = &run.clients[i];
	enum client_state was = c->state;

	if (was == C_DEAD)
		return;
	close(c->fd);
	c->fd = -1;
	c->state = C_DEAD;
	free(c->out);
	c->out = NULL;
	c->out_len = c->out_cap = 0;
	if (was == C_CONNECTING || was == C_REGISTERING) {
		run.reg_inflight--;
		run.reg_failed++;
	} else if (was == C_JOINING) {
		run.join_inflight--;
		run.join_failed++;
	} else if (was == C_JOINED) {
		run.members--;
		if (run.phase == PH_SEND || run.phase == PH_DRAIN)
			sender_member_gone(i);
	}
	if (was == C_CONNECTING)
		run.conn_failed++;
	else
		run.disconnects++;
	if (opt.verbose)
		fprintf(stderr, _("ircload: client %u lost\n"), i);
}

static void
client_flush(uint32_t i)
{
	struct client *c = &run.clients[i];

	while (c->out_len > 0) {
		ssize_t n = send(c->fd, c->out, c->out_len, MSG_NOSIGNAL);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				break;
			client_kill(i);
			return;
		}
		c->out_len -= (uint32_t)n;
		memmove(c->out, c->out + n, c->out_len);
	}
	if ((c->out_len > 0) != c->want_out)
		epoll_set(i, c->out_len > 0);
}

/* Room for len more bytes of output, or NULL when the server stopped
 * reading from this client for OUT_MAX bytes (the client is dropped). */
static char *
client_reserve(uint32_t i, size_t len)
{
	struct client *c = &run.clients[i];
	size_t need = (size_t)c->out_len + len;

	if (need > OUT_MAX) {
		client_kill(i);
		return NULL;
	}
	if (need > c->out_cap) {
		size_t cap = c->out_cap ? c->out_cap : 256;
		while (cap < need)
			cap *= 2;
		char *p = realloc(c->out, cap);
		if (p == NULL)
			fatal(_("out of memory; try fewer clients or senders."));
		c->out = p;
		c->out_cap = (uint32_t)cap;
	}
	return c->out + c->out_len;
}

static void
client_queue(uint32_t i, const char *data, size_t len)
{
	char *p = client_reserve(i, len);

	if (p == NULL)
		return;
	memcpy(p, data, len);
	run.clients[i].out_len += (uint32_t)len;
}

static void
client_connected(uint32_t i)
{
	char line[256];
	int n = snprintf(line, sizeof line,
	    "NICK %s%u\r\nUSER %s%u 0 * :ircload\r\n",
	    opt.nick_prefix, i, opt.nick_prefix, i);

	run.clients[i].state = C_REGISTERING;
	client_queue(i, line, (size_t)n);
	client_flush(i);
}

static void
client_connect(uint32_t i)
{
	struct client *c = &run.clients[i];
	int one = 1;

	c->fd = socket(run.addr.ss_family,
	    SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (c->fd < 0)
		fatal_errno(_("cannot create a socket"));
	/* Small messages must leave at once for the latency to be the
	 * server's, not Nagle's. */
	if (setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) != 0)
		fatal_errno("setsockopt TCP_NODELAY");
	struct epoll_event ev = { .events = EPOLLIN | EPOLLOUT, .data.u32 = i };
	if (epoll_ctl(run.epfd, EPOLL_CTL_ADD, c->fd, &ev) != 0)
		fatal_errno("epoll_ctl");
	c->want_out = true;
	c->state = C_CONNECTING;
	run.reg_inflight++;
	if (connect(c->fd, (struct sockaddr *)&run.addr, run.addr_len) == 0)
		client_connected(i);
	else if (errno != EINPROGRESS)
		client_kill(i);
}

static void
client_writable(uint32_t i)
{
	struct client *c = &run.clients[i];

	if (c->state == C_CONNECTING) {
		int err = 0;
		socklen_t len = sizeof err;
		if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0 ||
		    err != 0) {
			client_kill(i);
			return;
		}
		client_connected(i);
		return;
	}
	client_flush(i);
}

/* Digits at *p, advancing past them; false when there are none. */
static bool
parse_u64(const char **p, const char *end, uint64_t *out)
{
	const char *s = *p;
	uint64_t v = 0;

	if (s == end || *s < '0' || *s > '9')
		return false;
	for (; s < end && *s >= '0' && *s <= '9'; s++)
		v = v * 10 + (uint64_t)(*s - '0');
	*p = s;
	*out = v;
	return true;
}

static void
sender_advance(struct sender *sd)
{
	while (sd->acked < sd->sent &&
	    sd->need[(sd->acked + 1) & run.ring_mask] == 0)
		sd->acked++;
}

/* Member r left during the send phase: stop waiting for its deliveries. */
static void
sender_member_gone(uint32_t r)
{
	for (uint32_t s = 0; s < opt.senders; s++) {
		struct sender *sd = &run.senders[s];
		uint32_t from = run.last_seq[(size_t)r * opt.senders + s];

		if (s == r) {
			sd->dead = true;
			sd->acked = sd->sent;
			continue;
		}
		if (from < sd->acked)
			from = sd->acked;
		for (uint32_t q = from + 1; q <= sd->sent; q++)
			if (sd->need[q & run.ring_mask] > 0)
				sd->need[q & run.ring_mask]--;
		sender_advance(sd);
	}
}

/* ":NICKn!user@host PRIVMSG #chan :ircload S SEQ NS pad", NS being the
 * nanoseconds from the start of the send phase to the write. */
static void
handle_privmsg(uint32_t r, const char *nick, const char *nick_end,
    const char *text, const char *end, int64_t now)
{
	static const char magic[] = "ircload ";
	uint64_t s, seq, ts;
	const char *p = text;

	if ((size_t)(end - p) < sizeof magic - 1 ||
	    memcmp(p, magic, sizeof magic - 1) != 0)
		return;	/* not ours */
	p += sizeof magic - 1;
	if (!parse_u64(&p, end, &s) || p == end || *p++ != ' ' ||
	    !parse_u64(&p, end, &seq) || p == end || *p++ != ' ' ||
	    !parse_u64(&p, end, &ts) || s >= opt.senders || s == r) {
		run.bogus++;
		return;
	}
	struct sender *sd = &run.senders[s];
	if (seq == 0 || seq > sd->sent) {
		run.bogus++;
		return;
	}
	/* The prefix must name the sender the text claims. */
	size_t plen = opt.nick_prefix_len;
	const char *np = nick + plen;
	uint64_t nick_id;
	if (nick_end - nick <= (ptrdiff_t)plen ||
	    memcmp(nick, opt.nick_prefix, plen) != 0 ||
	    !parse_u64(&np, nick_end, &nick_id) ||
	    (np != nick_end && *np != '!' && *np != '@') || nick_id != s) {
		run.bogus++;
		return;
	}

	uint32_t *last = &run.last_seq[(size_t)r * opt.senders + s];
	if (seq <= *last) {
		run.dups++;
		return;
	}
	if (seq != *last + 1) {
		run.misordered++;
		run.lost_gaps += seq - *last - 1;
	}
	*last = (uint32_t)seq;
	run.deliveries++;
	if (now < run.send_end)
		run.deliveries_window++;
	int64_t sent_at = run.send_start + (int64_t)ts;
	if (now > sent_at)
		hist_add((uint64_t)(now - sent_at));
	else
		hist_add(0);
	if (seq > sd->acked && !sd->dead) {
		uint32_t *need = &sd->need[seq & run.ring_mask];
		if (*need > 0)
			(*need)--;
		if (seq == sd->acked + 1)
			sender_advance(sd);
	}
}

static bool
is_command(const char *cmd, size_t len, const char *name)
{
	return strlen(name) == len && memcmp(cmd, name, len) == 0;
}

static void
handle_line(uint32_t i, const char *line, const char *end, int64_t now)
{
	struct client *c = &run.clients[i];
	const char *p = line, *nick = NULL;
	const char *nick_end = NULL;

	if (p < end && *p == '@') {	/* tags: not asked for, skipped */
		p = memchr(p, ' ', (size_t)(end - p));
		if (p == NULL)
			return;
		p++;
	}
	if (p < end && *p == ':') {
		const char *sp = memchr(p, ' ', (size_t)(end - p));
		if (sp == NULL)
			return;
		nick = p + 1;
		nick_end = sp;	/* handle_privmsg() finds the '!' itself */
		p = sp + 1;
	}
	const char *cmd = p;
	const char *cmd_end = memchr(p, ' ', (size_t)(end - p));
	if (cmd_end == NULL)
		cmd_end = end;
	size_t cmd_len = (size_t)(cmd_end - cmd);
	const char *params = cmd_end < end ? cmd_end + 1 : end;

	if (is_command(cmd, cmd_len, "PRIVMSG")) {
		const char *text = memchr(params, ':', (size_t)(end - params));
		if (nick != NULL && text != NULL)
			handle_privmsg(i, nick, nick_end, text + 1, end, now);
	} else if (is_command(cmd, cmd_len, "PING")) {
		char pong[PARTIAL_MAX + 8];
		size_t n = (size_t)(end - params);
		if (n > PARTIAL_MAX)
			return;
		memcpy(pong, "PONG ", 5);
		memcpy(pong + 5, params, n);
		memcpy(pong + 5 + n, "\r\n", 2);
		client_queue(i, pong, n + 7);
	} else if (is_command(cmd, cmd_len, "001")) {
		if (c->state == C_REGISTERING) {
			c->state = C_REGISTERED;
			run.reg_inflight--;
			run.registered++;
			run.reg_last = now;
			if (run.registered == opt.clients - opt.tail)
				run.tail_start = now;
		}
	} else if (is_command(cmd, cmd_len, "366")) {
		if (c->state == C_JOINING) {
			c->state = C_JOINED;
			run.join_inflight--;
			run.joined++;
			run.members++;
			run.join_last = now;
		}
	} else if (cmd_len == 3 && (cmd[0] == '4' || cmd[0] == '5')) {
		/* 422 is "no MOTD": a normal answer, not an error. */
		if (!is_command(cmd, cmd_len, "422"))
			run.error_replies++;
		/* A refused nick never registers. */
		if (c->state == C_REGISTERING && cmd[0] == '4' && cmd[1] == '3')
			client_kill(i);
	}
}

static void
client_readable(uint32_t i, int64_t now)
{
	struct client *c = &run.clients[i];
	size_t keep = c->partial_len;
	ssize_t n;

	memcpy(run.rbuf, c->partial, keep);
	do
		n = recv(c->fd, run.rbuf + keep, READ_BUF - keep, 0);
	while (n < 0 && errno == EINTR);
	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
		return;
	if (n <= 0) {
		client_kill(i);
		return;
	}
	const char *p = run.rbuf, *end = run.rbuf + keep + (size_t)n;
	const char *nl;
	while ((nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		const char *e = nl > p && nl[-1] == '\r' ? nl - 1 : nl;
		if (c->discarding)
			c->discarding = false;
		else
			handle_line(i, p, e, now);
		p = nl + 1;
		if (c->state == C_DEAD)
			return;
	}
	size_t rest = (size_t)(end - p);
	if (c->discarding || rest > PARTIAL_MAX) {
		if (!c->discarding)
			run.overlong++;
		c->discarding = true;
		rest = 0;
	}
	memcpy(c->partial, p, rest);
	c->partial_len = (uint16_t)rest;
	if (c->out_len > 0)
		client_flush(i);
}

/* Messages a sender may have in flight: the window, or at a fixed rate
 * the ring (and the window when one was given). */
static uint32_t
sender_limit(void)
{
	uint32_t limit = run.msg_rate > 0 ? run.ring_mask + 1 : opt.window;

	return opt.window > 0 && opt.window < limit ? opt.window : limit;
}

/* When sender s's next message is due at the fixed rate. */
static int64_t
sender_due(uint32_t s)
{
	double k = (double)run.senders[s].sent * opt.senders + s;
	return run.send_start + (int64_t)(k * 1e9 / run.msg_rate);
}

static void
sender_pump(uint32_t s, int64_t now)
{
	struct client *c = &run.clients[s];
	struct sender *sd = &run.senders[s];
	uint32_t limit = sender_limit();
	char text[TEXT_MAX + 64];
	int written = 0;

	if (sd->dead || c->state != C_JOINED || c->out_len > 0)
		return;
	while (sd->sent - sd->acked < limit && written < SEND_BATCH) {
		if (run.msg_rate > 0) {
			int64_t due = sender_due(s);
			if (due > now)
				break;
			if (now - due > 1000000)
				run.late_sends++;
			if (now - due > run.lag_max)
				run.lag_max = now - due;
		}
		uint32_t seq = sd->sent + 1;
		/* The time is counted from the start of sending: shorter
		 * lines, less to parse. */
		int n = snprintf(text, sizeof text, "ircload %u %" PRIu32 " %" PRId64,
		    s, seq, now - run.send_start);
		while ((uint32_t)n < opt.size && n < TEXT_MAX)
			text[n++] = 'x';
		size_t len = strlen(opt.channel) + (size_t)n + 12;
		char *out = client_reserve(s, len + 1);
		if (out == NULL)
			return;
		snprintf(out, len + 1, "PRIVMSG %s :%.*s\r\n", opt.channel, n, text);
		c->out_len += (uint32_t)len;
		written += (int)len;
		sd->need[seq & run.ring_mask] = run.members - 1;
		sd->sent = seq;
		run.sent_total++;
		if (run.members <= 1)
			sender_advance(sd);
	}
	if (c->out_len > 0)
		client_flush(s);
}

static void
pump(int64_t now)
{
	switch (run.phase) {
	case PH_REG: {
		uint32_t limit = opt.reg_inflight ? opt.reg_inflight : opt.clients;
		while (run.next_connect < opt.clients && run.reg_inflight < limit)
			client_connect(run.next_connect++);
		break;
	}
	case PH_JOIN: {
		char line[256];
		int n = snprintf(line, sizeof line, "JOIN %s\r\n", opt.channel);
		uint32_t limit = opt.join_inflight ? opt.join_inflight : opt.clients;
		while (run.next_join < opt.clients && run.join_inflight < limit) {
			uint32_t i = run.next_join++;
			if (run.clients[i].state != C_REGISTERED)
				continue;
			run.clients[i].state = C_JOINING;
			run.join_inflight++;
			client_queue(i, line, (size_t)n);
			client_flush(i);
		}
		break;
	}
	case PH_SEND:
		if (now < run.send_end)
			for (uint32_t s = 0; s < opt.senders; s++)
				sender_pump(s, now);
		break;
	case PH_SETTLE:
	case PH_DRAIN:
		break;
	}
}

/* The nearest time a fixed-rate sender is due, or INT64_MAX. */
static int64_t
next_due(void)
{
	int64_t best = INT64_MAX;

	if (run.phase != PH_SEND || run.msg_rate <= 0)
		return best;
	for (uint32_t s = 0; s < opt.senders; s++) {
		const struct sender *sd = &run.senders[s];
		/* A sender still writing or with a full ring is woken by its
		 * socket or by deliveries, not by the clock. */
		if (sd->dead || run.clients[s].out_len > 0 ||
		    sd->sent - sd->acked >= sender_limit())
			continue;
		int64_t due = sender_due(s);
		if (due < best)
			best = due;
	}
	return best < run.send_end ? best : run.send_end;
}

static void
wait_events(int64_t deadline)
{
	static struct epoll_event events[EVENTS_MAX];
	int64_t now = clock_ns(), wake = next_due();
	int timeout = 0;

	if (wake < deadline) {
		/* Sub-millisecond wake-up for the fixed rate: a timerfd. */
		struct itimerspec its = { .it_value = {
			.tv_sec = wake / 1000000000,
			.tv_nsec = wake % 1000000000 } };
		if (wake <= now)
			timeout = 0;
		else if (timerfd_settime(run.timerfd, TFD_TIMER_ABSTIME, &its,
		    NULL) != 0)
			fatal_errno("timerfd_settime");
		else
			timeout = -1;
	} else {
		int64_t ms = (deadline - now + 999999) / 1000000;
		timeout = ms < 0 ? 0 : ms > 1000 ? 1000 : (int)ms;
	}
	int n = epoll_wait(run.epfd, events, EVENTS_MAX, timeout);
	if (n < 0) {
		if (errno == EINTR)
			return;
		fatal_errno("epoll_wait");
	}
	for (int k = 0; k < n; k++) {
		uint32_t i = events[k].data.u32;
		if (i == TIMER_ID) {
			uint64_t ticks;
			if (read(run.timerfd, &ticks, sizeof ticks) < 0 &&
			    errno != EAGAIN)
				fatal_errno("timerfd read");
			continue;
		}
		if (run.clients[i].state == C_DEAD)
			continue;
		if (events[k].events & (EPOLLIN | EPOLLHUP | EPOLLERR))
			client_readable(i, clock_ns());
		if (run.clients[i].state != C_DEAD &&
		    (events[k].events & EPOLLOUT))
			client_writable(i);
	}
}

/* Run the loop until done() holds (true) or the deadline passes (false). */
static bool
run_phase(enum phase phase, bool (*done)(void), int64_t deadline)
{
	run.phase = phase;
	for (;;) {
		int64_t now = clock_ns();
		pump(now);
		if (done != NULL && done())
			return true;
		if (now >= deadline)
			return false;
		wait_events(deadline);
	}
}

static bool
reg_done(void)
{
	return run.registered + run.reg_failed == opt.clients;
}

static bool
join_done(void)
{
	return run.next_join == opt.clients && run.join_inflight == 0;
}

static bool
drained(void)
{
	for (uint32_t s = 0; s < opt.senders; s++)
		if (!run.senders[s].dead && run.senders[s].acked != run.senders[s].sent)
			return false;
	return true;
}

/* Deliveries never seen by a member still present at the end. */
static uint64_t
count_lost(void)
{
	uint64_t lost = run.lost_gaps;

	for (uint32_t r = 0; r < opt.clients; r++) {
		if (run.clients[r].state != C_JOINED)
			continue;
		for (uint32_t s = 0; s < opt.senders; s++)
			if (s != r && !run.senders[s].dead)
				lost += run.senders[s].sent -
				    run.last_seq[(size_t)r * opt.senders + s];
	}
	return lost;
}

static void
resolve_loopback(void)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM,
		.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV };
	struct addrinfo *res;
	char host[INET6_ADDRSTRLEN + 2];
	const char *a = opt.address;
	size_t len = strlen(a);

	if (len >= 2 && a[0] == '[' && a[len - 1] == ']' && len < sizeof host) {
		memcpy(host, a + 1, len - 2);
		host[len - 2] = '\0';
		a = host;
	}
	if (strcmp(a, "localhost") == 0)
		a = "127.0.0.1";
	if (getaddrinfo(a, opt.port, &hints, &res) != 0) {
		fprintf(stderr, _("ircload: %s port %s: not a numeric address "
		    "and port; give a loopback address such as 127.0.0.1 or ::1.\n"),
		    opt.address, opt.port);
		exit(2);
	}
	bool loopback = false;
	if (res->ai_family == AF_INET) {
		const struct sockaddr_in *sin = (void *)res->ai_addr;
		loopback = (ntohl(sin->sin_addr.s_addr) >> 24) == 127;
	} else if (res->ai_family == AF_INET6) {
		const struct sockaddr_in6 *sin6 = (void *)res->ai_addr;
		loopback = IN6_IS_ADDR_LOOPBACK(&sin6->sin6_addr);
	}
	if (!loopback) {
		fprintf(stderr, _("ircload: %s is not a loopback address; "
		    "ircload only connects to 127.0.0.0/8 or ::1, so that a "
		    "benchmark never loads a network.\n"), opt.address);
		exit(2);
	}
	memcpy(&run.addr, res->ai_addr, res->ai_addrlen);
	run.addr_len = res->ai_addrlen;
	freeaddrinfo(res);
}

static void
raise_nofile(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
		fatal_errno("getrlimit");
	rl.rlim_cur = rl.rlim_max;
	if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
		fatal_errno("setrlimit");
	if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < (rlim_t)opt.clients + 16) {
		fprintf(stderr, _("ircload: %u clients need %u descriptors but "
		    "the limit is %llu; raise the hard limit (ulimit -Hn, as root) "
		    "or use fewer clients.\n"), opt.clients, opt.clients + 16,
		    (unsigned long long)rl.rlim_cur);
		exit(2);
	}
}

static void
usage(FILE *to)
{
	fprintf(to, _("Usage: %s -p PORT [OPTION]...\n"), "ircload");
	fputs(_("Load an IRC server on loopback: connect and register N "
	    "clients, join them\nto one channel, have S of them send "
	    "PRIVMSGs to it, and report the rates,\nlatencies, losses and "
	    "duplicates seen by every member.\n\n"), to);
	fputs(_(
"  -a, --address=ADDR      server address, loopback only (127.0.0.1)\n"
"  -p, --port=PORT         server port (required)\n"
"  -n, --clients=N         clients to connect (100)\n"
"  -s, --senders=S         clients that send, 0 for none (10)\n"
"  -c, --channel=NAME      channel to join (#ircload)\n"
"  -t, --duration=SEC      length of the send phase, 0 for none (5)\n"
"  -w, --window=W          messages per sender not yet delivered to every\n"
"                          member (16); with a rate, 0 means up to 65536\n"
"  -r, --rate=MSGS         send MSGS messages/s in all instead of a window\n"
"  -R, --delivery-rate=D   send at D deliveries/s (messages/s x members-1)\n"
"      --size=BYTES        pad each message text to BYTES (at most 400)\n"
"      --reg-inflight=K    registrations in flight, 0 for all at once (10)\n"
"      --tail=K            also time the last K registrations alone\n"
"      --join-inflight=K   JOINs in flight, 0 for all at once (10)\n"
"      --no-join           stop after registration\n"
"      --reg-timeout=SEC   deadline for registration (60)\n"
"      --join-timeout=SEC  deadline for joining (120)\n"
"      --drain-timeout=SEC deadline for deliveries after sending (10)\n"
"      --settle=SEC        pause before reading the server's RSS (0.2)\n"
"      --pid=PID           server process to read CPU time and RSS from\n"
"      --nick-prefix=STR   nicks are STR0, STR1, ... (b)\n"
"  -v, --verbose           say what each phase does\n"
"      --help              display this help and exit\n"
"      --version           output version information and exit\n"), to);
	fputs(_("\nThe last line of output is key=value figures for scripts "
	    "(see BENCHMARKS.md).\nExit status: 0 all delivered once and in "
	    "order, 1 a loss, duplicate,\ndisconnect or unfinished phase, "
	    "2 a usage or system error.\n"), to);
}

static double
arg_number(const char *name, const char *s, double lo, double hi)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno != 0 || end == s || *end != '\0' || v < lo || v > hi) {
		fprintf(stderr, _("ircload: --%s=%s: give a number from %g to %g.\n"),
		    name, s, lo, hi);
		exit(2);
	}
	return v;
}

static void
parse_args(int argc, char *argv[])
{
	enum { O_SIZE = 256, O_REG_INFLIGHT, O_JOIN_INFLIGHT, O_NO_JOIN,
		O_REG_TIMEOUT, O_JOIN_TIMEOUT, O_DRAIN_TIMEOUT, O_SETTLE,
		O_PID, O_NICK_PREFIX, O_TAIL, O_HELP, O_VERSION };
	static const struct option longopts[] = {
		{ "address", required_argument, NULL, 'a' },
		{ "port", required_argument, NULL, 'p' },
		{ "clients", required_argument, NULL, 'n' },
		{ "senders", required_argument, NULL, 's' },
		{ "channel", required_argument, NULL, 'c' },
		{ "duration", required_argument, NULL, 't' },
		{ "window", required_argument, NULL, 'w' },
		{ "rate", required_argument, NULL, 'r' },
		{ "delivery-rate", required_argument, NULL, 'R' },
		{ "size", required_argument, NULL, O_SIZE },
		{ "reg-inflight", required_argument, NULL, O_REG_INFLIGHT },
		{ "tail", required_argument, NULL, O_TAIL },
		{ "join-inflight", required_argument, NULL, O_JOIN_INFLIGHT },
		{ "no-join", no_argument, NULL, O_NO_JOIN },
		{ "reg-timeout", required_argument, NULL, O_REG_TIMEOUT },
		{ "join-timeout", required_argument, NULL, O_JOIN_TIMEOUT },
		{ "drain-timeout", required_argument, NULL, O_DRAIN_TIMEOUT },
		{ "settle", required_argument, NULL, O_SETTLE },
		{ "pid", required_argument, NULL, O_PID },
		{ "nick-prefix", required_argument, NULL, O_NICK_PREFIX },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, O_HELP },
		{ "version", no_argument, NULL, O_VERSION },
		{ NULL, 0, NULL, 0 },
	};
	bool window_set = false;
	int ch;

	while ((ch = getopt_long(argc, argv, "a:p:n:s:c:t:w:r:R:v", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'a': opt.address = optarg; break;
		case 'p': opt.port = optarg; break;
		case 'n':
			opt.clients = (uint32_t)arg_number("clients", optarg, 1,
			    CLIENTS_MAX);
			break;
		case 's':
			opt.senders = (uint32_t)arg_number("senders", optarg, 0,
			    SENDERS_MAX);
			break;
		case 'c': opt.channel = optarg; break;
		case 't':
			opt.duration = arg_number("duration", optarg, 0, 3600);
			break;
		case 'w':
			opt.window = (uint32_t)arg_number("window", optarg, 0,
			    WINDOW_MAX);
			window_set = true;
			break;
		case 'r': opt.rate = arg_number("rate", optarg, 0.001, 1e8); break;
		case 'R':
			opt.delivery_rate = arg_number("delivery-rate", optarg,
			    0.001, 1e10);
			break;
		case O_SIZE:
			opt.size = (uint32_t)arg_number("size", optarg, 0, TEXT_MAX);
			break;
		case O_REG_INFLIGHT:
			opt.reg_inflight = (uint32_t)arg_number("reg-inflight",
			    optarg, 0, CLIENTS_MAX);
			break;
		case O_JOIN_INFLIGHT:
			opt.join_inflight = (uint32_t)arg_number("join-inflight",
			    optarg, 0, CLIENTS_MAX);
			break;
		case O_TAIL:
			opt.tail = (uint32_t)arg_number("tail", optarg, 1,
			    CLIENTS_MAX);
			break;
		case O_NO_JOIN: opt.join = false; break;
		case O_REG_TIMEOUT:
			opt.reg_timeout = arg_number("reg-timeout", optarg, 0, 86400);
			break;
		case O_JOIN_TIMEOUT:
			opt.join_timeout = arg_number("join-timeout", optarg, 0, 86400);
			break;
		case O_DRAIN_TIMEOUT:
			opt.drain_timeout = arg_number("drain-timeout", optarg, 0,
			    86400);
			break;
		case O_SETTLE:
			opt.settle = arg_number("settle", optarg, 0, 3600);
			break;
		case O_PID: opt.pid = (long)arg_number("pid", optarg, 1, 1e9); break;
		case O_NICK_PREFIX: opt.nick_prefix = optarg; break;
		case 'v': opt.verbose = true; break;
		case O_HELP: usage(stdout); exit(0);
		case O_VERSION:
			printf("ircload (%s) %s\n", PACKAGE_NAME, PACKAGE_VERSION);
			exit(0);
		default:
			usage(stderr);
			exit(2);
		}
	}
	if (optind != argc || opt.port == NULL) {
		fputs(_("ircload: give the server's port with -p PORT; see "
		    "ircload --help.\n"), stderr);
		exit(2);
	}
	if (opt.rate > 0 && opt.delivery_rate > 0)
		fatal(_("give either --rate or --delivery-rate, not both."));
	if ((opt.rate > 0 || opt.delivery_rate > 0) && !window_set)
		opt.window = 0;
	if (opt.rate <= 0 && opt.delivery_rate <= 0 && opt.window == 0)
		fatal(_("a window of 0 needs a fixed --rate or --delivery-rate."));
	if (opt.senders > opt.clients)
		opt.senders = opt.clients;
	if (opt.tail >= opt.clients)
		fatal(_("--tail must be less than --clients."));
	if ((uint64_t)opt.clients * (opt.senders ? opt.senders : 1) > SLOTS_MAX)
		fatal(_("too many clients times senders; use fewer senders."));
	size_t plen = opt.nick_prefix_len = strlen(opt.nick_prefix);
	if (plen == 0 || plen > 16 ||
	    strspn(opt.nick_prefix, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ[]\\`_^{|}") != plen)
		fatal(_("--nick-prefix: give 1 to 16 letters."));
	if (strlen(opt.channel) < 2 || strlen(opt.channel) > 50 ||
	    strpbrk(opt.channel, " ,\r\n\a") != NULL)
		fatal(_("--channel: give a channel name such as #bench."));
}

static void
setup(void)
{
	run.clients = xcalloc(opt.clients, sizeof *run.clients);
	for (uint32_t i = 0; i < opt.clients; i++)
		run.clients[i].fd = -1;
	run.rbuf = xcalloc(1, READ_BUF);
	if (opt.senders > 0) {
		uint32_t ring = RATE_RING;
		if (opt.window > 0) {
			ring = 1;
			while (ring < opt.window)
				ring *= 2;
		}
		run.ring_mask = ring - 1;
		run.senders = xcalloc(opt.senders, sizeof *run.senders);
		for (uint32_t s = 0; s < opt.senders; s++)
			run.senders[s].need = xcalloc(ring, sizeof (uint32_t));
		run.last_seq = xcalloc((size_t)opt.clients * opt.senders,
		    sizeof (uint32_t));
	}
	if ((run.epfd = epoll_create1(EPOLL_CLOEXEC)) < 0)
		fatal_errno("epoll_create1");
	run.timerfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	if (run.timerfd < 0)
		fatal_errno("timerfd_create");
	struct epoll_event ev = { .events = EPOLLIN, .data.u32 = TIMER_ID };
	if (epoll_ctl(run.epfd, EPOLL_CTL_ADD, run.timerfd, &ev) != 0)
		fatal_errno("epoll_ctl");
}

static void
settle(void)
{
	if (opt.settle > 0)
		run_phase(PH_SETTLE, NULL, clock_ns() + seconds_ns(opt.settle));
}

static void
note(const char *what)
{
	if (opt.verbose)
		fprintf(stderr, "ircload: %s\n", what);
}

/* What a run measured, for the two report lines. */
struct figures {
	const char *status;
	bool sending;
	struct proc_sample base, reg, join, send0, send1;
	double reg_s, join_s, send_s, gen_cpu_send, gen_cpu_join;
	uint64_t lost;
};

static void
fail(struct figures *f, const char *status)
{
	if (strcmp(f->status, "ok") == 0)
		f->status = status;
}

/* An unfinished phase is timed to its end, not to its last success, so
 * that a rate never looks better for leaving clients behind. */
static bool
phase_register(struct figures *f)
{
	note(_("registering"));
	int64_t t0 = clock_ns();
	bool ok = run_phase(PH_REG, reg_done, t0 + seconds_ns(opt.reg_timeout));
	if (!ok || run.registered < opt.clients) {
		fail(f, "incomplete");
		f->reg_s = ns_seconds(clock_ns() - t0);
	} else
		f->reg_s = ns_seconds(run.reg_last - t0);
	settle();
	f->reg = proc_sample();
	return ok;
}

static bool
phase_join(struct figures *f)
{
	note(_("joining"));
	double cpu0 = cpu_self();
	int64_t t0 = clock_ns();
	bool ok = run_phase(PH_JOIN, join_done, t0 + seconds_ns(opt.join_timeout));
	if (!ok || run.joined < run.registered) {
		fail(f, "incomplete");
		f->join_s = ns_seconds(clock_ns() - t0);
	} else
		f->join_s = ns_seconds(run.join_last - t0);
	if (f->join_s > 0)
		f->gen_cpu_join = (cpu_self() - cpu0) / f->join_s;
	settle();
	f->join = proc_sample();
	return ok;
}

static void
phase_send(struct figures *f)
{
	run.msg_rate = opt.rate;
	if (opt.delivery_rate > 0 && run.members > 1)
		run.msg_rate = opt.delivery_rate / (run.members - 1);
	note(_("sending"));
	f->send0 = proc_sample();
	double cpu0 = cpu_self();
	run.send_start = clock_ns();
	run.send_end = run.send_start + seconds_ns(opt.duration);
	run_phase(PH_SEND, NULL, run.send_end);
	if (!run_phase(PH_DRAIN, drained,
	    clock_ns() + seconds_ns(opt.drain_timeout)))
		fail(f, "incomplete");
	f->send_s = ns_seconds(clock_ns() - run.send_start);
	if (f->send_s > 0)
		f->gen_cpu_send = (cpu_self() - cpu0) / f->send_s;
	f->send1 = proc_sample();
	f->lost = count_lost();
}

static double
per(double amount, uint64_t count)
{
	return count > 0 ? amount / (double)count : 0;
}

static void
print_sentence(const struct figures *f)
{
	printf(_("%u clients: %u registered in %.3f s (%.0f/s)"),
	    opt.clients, run.registered, f->reg_s,
	    f->reg_s > 0 ? run.registered / f->reg_s : 0.0);
	if (opt.join)
		printf(_(", %u joined %s in %.3f s"), run.joined, opt.channel,
		    f->join_s);
	if (f->sending)
		printf(_("; %u senders for %.1f s: %.0f deliveries/s, latency "
		    "p50 %.3f ms, p90 %.3f ms, p99 %.3f ms, max %.3f ms"),
		    opt.senders, opt.duration, run.deliveries_window / opt.duration,
		    hist_percentile(0.50) / 1e6, hist_percentile(0.90) / 1e6,
		    hist_percentile(0.99) / 1e6, run.lat_max / 1e6);
	printf(_("; lost %" PRIu64 ", duplicated %" PRIu64 ", out of order %"
	    PRIu64 ", disconnects %" PRIu64 ", refused %" PRIu64 ": %s.\n"),
	    f->lost, run.dups, run.misordered, run.disconnects, run.conn_failed,
	    f->status);
}

/* One line of key=value for scripts; BENCHMARKS.md explains each key. */
static void
print_result(const struct figures *f)
{
	double tail = 0;
	if (opt.tail > 0 && run.registered == opt.clients &&
	    run.reg_last > run.tail_start)
		tail = opt.tail / ns_seconds(run.reg_last - run.tail_start);

	printf("result status=%s clients=%u registered=%u reg_s=%.4f "
	    "reg_per_s=%.1f reg_tail_per_s=%.1f joined=%u join_s=%.4f",
	    f->status, opt.clients, run.registered, f->reg_s,
	    f->reg_s > 0 ? run.registered / f->reg_s : 0.0, tail, run.joined,
	    f->join_s);
	printf(" senders=%u sent=%" PRIu64 " msg_rate=%.1f send_s=%.3f "
	    "deliveries=%" PRIu64 " deliveries_per_s=%.0f",
	    f->sending ? opt.senders : 0, run.sent_total,
	    f->sending ? run.sent_total / opt.duration : 0.0, f->send_s,
	    run.deliveries, f->sending ? run.deliveries_window / opt.duration : 0.0);
	printf(" lat_p50_us=%.1f lat_p90_us=%.1f lat_p99_us=%.1f lat_max_us=%.1f",
	    hist_percentile(0.50) / 1e3, hist_percentile(0.90) / 1e3,
	    hist_percentile(0.99) / 1e3, run.lat_max / 1e3);
	printf(" lost=%" PRIu64 " dup=%" PRIu64 " misordered=%" PRIu64
	    " bogus=%" PRIu64 " disconnects=%" PRIu64 " refused=%" PRIu64
	    " error_replies=%" PRIu64 " overlong=%" PRIu64,
	    f->lost, run.dups, run.misordered, run.bogus, run.disconnects,
	    run.conn_failed, run.error_replies, run.overlong);
	printf(" late_sends=%" PRIu64 " send_lag_max_us=%.1f gen_cpu_pct=%.1f "
	    "gen_cpu_join_pct=%.1f", run.late_sends, run.lag_max / 1e3,
	    f->gen_cpu_send * 100, f->gen_cpu_join * 100);

	double cpu_reg = 0, cpu_del = 0, rss_client = 0, rss_member = 0;
	if (f->base.ok && f->reg.ok) {
		cpu_reg = per((f->reg.cpu_s - f->base.cpu_s) * 1e6, run.registered);
		rss_client = per(f->reg.rss_kb - f->base.rss_kb, run.registered);
	}
	if (f->base.ok && f->join.ok)
		rss_member = per(f->join.rss_kb - f->base.rss_kb, run.joined);
	if (f->send0.ok && f->send1.ok)
		cpu_del = per((f->send1.cpu_s - f->send0.cpu_s) * 1e6,
		    run.deliveries);
	printf(" server_rss_base_kb=%ld server_rss_reg_kb=%ld "
	    "server_rss_join_kb=%ld rss_per_client_kb=%.3f "
	    "rss_per_member_kb=%.3f cpu_per_reg_us=%.2f "
	    "cpu_per_delivery_us=%.4f\n", f->base.rss_kb, f->reg.rss_kb,
	    f->join.rss_kb, rss_client, rss_member, cpu_reg, cpu_del);
}

int
main(int argc, char *argv[])
{
	struct figures f = { .status = "ok" };

	i18n_init();
	parse_args(argc, argv);
	resolve_loopback();
	raise_nofile();
	if (signal(SIGPIPE, SIG_IGN) == SIG_ERR)
		fatal_errno("signal");
	setup();

	f.base = proc_sample();
	bool ok = phase_register(&f);
	if (ok && opt.join)
		ok = phase_join(&f);
	f.sending = ok && opt.join && opt.senders > 0 && opt.duration > 0;
	if (f.sending)
		phase_send(&f);
	if (f.lost || run.dups || run.misordered || run.bogus ||
	    run.disconnects || run.conn_failed)
		fail(&f, "failed");

	print_sentence(&f);
	print_result(&f);
	fflush(stdout);
	return strcmp(f.status, "ok") == 0 ? 0 : 1;
}

#else /* !__linux__ */

int
main(void)
{
	i18n_init();
	fputs(_("ircload: this load generator needs Linux (epoll, timerfd).\n"),
	    stderr);
	return 2;
}

#endif
