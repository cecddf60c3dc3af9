/*
 * net.c: the one connection to the server.
 *
 * Every address getaddrinfo gives is tried in turn with a non-blocking
 * connect inside the poll() loop; a dropped link is retried with backoff.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>

#include "backoff.h"
#include "client.h"
#include "i18n.h"

static enum net_state state = NET_IDLE;
static int sock = -1;
static struct addrinfo *addrs, *addr_next;
static char addr_text[NI_MAXHOST];
static int last_error;

static struct irc_framer framer;
static char recvq[IRC_LINE_MAX + IRC_MSG_MAX];
static size_t recvq_len;
static char *sendq;
static size_t sendq_len, sendq_size;

/* The flood pacing: a ring of lines waiting, and when the budget is
 * spent up to. */
static char *paced[PACED_MAX];
static size_t paced_first, paced_count;
static int64_t penalty_until;

static struct backoff backoff;
static int64_t reconnect_at = -1;
static int64_t connect_deadline = -1;
static int64_t connected_at = -1;
static int64_t last_heard = -1;
static bool ping_sent;

void
net_init(void)
{
	sendq_size = 4096;
	sendq = xmalloc(sendq_size);
}

void
net_fini(void)
{
	net_disconnect(NULL, false);
	free(sendq);
	sendq = NULL;
	sendq_size = 0;
}

enum net_state
net_state(void)
{
	return state;
}

int
net_fd(void)
{
	return state == NET_IDLE ? -1 : sock;
}

short
net_events(void)
{
	if (state == NET_CONNECTING)
		return POLLOUT;
	if (state == NET_CONNECTED)
		return POLLIN | (sendq_len > 0 ? POLLOUT : 0);
	return 0;
}

static void
say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void
say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	window_vadd(window_server(), HEAT_INFO, 0, NULL, fmt, ap);
	va_end(ap);
}

static void
drop_paced(void)
{
	while (paced_count > 0) {
		free(paced[paced_first]);
		paced[paced_first] = NULL;
		paced_first = (paced_first + 1) % PACED_MAX;
		paced_count--;
	}
}

static void
close_socket(void)
{
	/* The descriptor is gone even when close fails (Linux frees it
	 * first), so there is nothing to retry; say so and go on. */
	if (sock >= 0 && close(sock) != 0)
		say(_("Closing the connection failed: %s."), strerror(errno));
	sock = -1;
	recvq_len = 0;
	sendq_len = 0;
	framer = (struct irc_framer){ 0 };
	drop_paced();
	penalty_until = 0;
}

/* registered: the link that just ended got as far as the welcome; only
 * such a link, up for STABLE_MS, counts as stable. */
static void
schedule_reconnect(bool registered)
{
	int64_t now = clock_ms();
	int64_t wait = backoff_next(&backoff, registered && connected_at >= 0 ?
	    now - connected_at : -1);

	connected_at = -1;
	reconnect_at = now + wait;
	say(_("Reconnecting in %lld s."), (long long)(wait / 1000));
}

static void
on_connected(void)
{
	state = NET_CONNECTED;
	connect_deadline = -1;
	connected_at = last_heard = clock_ms();
	ping_sent = false;
	freeaddrinfo(addrs);
	addrs = addr_next = NULL;
	say(_("Connected to %s (%s) port %s."), opts.host, addr_text,
	    opts.port);
	handle_connected();
}

/* Try the addresses left, in getaddrinfo's order. */
static void
try_next(void)
{
	while (addr_next != NULL) {
		struct addrinfo *ai = addr_next;

		addr_next = ai->ai_next;
		if (getnameinfo(ai->ai_addr, ai->ai_addrlen, addr_text,
		    sizeof addr_text, NULL, 0, NI_NUMERICHOST) != 0)
			strcpy(addr_text, "?");
		sock = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK |
		    SOCK_CLOEXEC, ai->ai_protocol);
		if (sock < 0) {
			last_error = errno;
			continue;
		}
		if (connect(sock, ai->ai_addr, ai->ai_addrlen) == 0) {
			on_connected();
			return;
		}
		if (errno == EINPROGRESS) {
			state = NET_CONNECTING;
			connect_deadline = clock_ms() + CONNECT_TIMEOUT_MS;
			return;
		}
		last_error = errno;
		say(_("Cannot connect to %s port %s: %s."), addr_text,
		    opts.port, strerror(last_error));
		close_socket();
	}
	freeaddrinfo(addrs);
	addrs = NULL;
	state = NET_IDLE;
	say(_("Cannot reach %s port %s; check the host name and the port."),
	    opts.host, opts.port);
	schedule_reconnect(false);
}

void
net_connect_now(void)
{
	struct addrinfo hints;
	int rc;

	if (state != NET_IDLE)
		net_disconnect(NULL, false);
	reconnect_at = -1;
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	say(_("Connecting to %s port %s..."), opts.host, opts.port);
	rc = getaddrinfo(opts.host, opts.port, &hints, &addrs);
	if (rc != 0) {
		addrs = NULL;
		say(_("Cannot look up %s port %s: %s."), opts.host, opts.port,
		    gai_strerror(rc));
		schedule_reconnect(false);
		return;
	}
	addr_next = addrs;
	try_next();
}

void
net_disconnect(const char *why, bool reconnect)
{
	bool was_connected = state == NET_CONNECTED;
	bool was_registered = was_connected && self.registered;

	close_socket();
	if (addrs != NULL)
		freeaddrinfo(addrs);
	addrs = addr_next = NULL;
	state = NET_IDLE;
	connect_deadline = -1;
	reconnect_at = -1;
	if (why != NULL)
		say(_("Disconnected: %s."), why);
	if (was_connected)
		handle_disconnected();
	if (reconnect)
		schedule_reconnect(was_registered);
	else
		connected_at = -1;
}

static void
queue_bytes(const char *line, size_t len)
{
	if (sendq_len + len > SENDQ_MAX) {
		net_disconnect(_("the server stopped reading what banter "
		    "sends"), true);
		return;
	}
	if (sendq_len + len > sendq_size) {
		while (sendq_len + len > sendq_size)
			sendq_size *= 2;
		char *grown = realloc(sendq, sendq_size);

		if (grown == NULL)
			fatal(_("out of memory"));
		sendq = grown;
	}
	memcpy(sendq + sendq_len, line, len);
	sendq_len += len;
}

/* Lines held back by the flood pacing leave as the budget allows. */
static void
release_paced(int64_t now)
{
	while (paced_count > 0 && penalty_until - now < FLOOD_BURST_MS) {
		char *line = paced[paced_first];

		paced[paced_first] = NULL;
		paced_first = (paced_first + 1) % PACED_MAX;
		paced_count--;
		penalty_until = (penalty_until > now ? penalty_until : now) +
		    FLOOD_LINE_MS;
		queue_bytes(line, strlen(line));
		free(line);
		if (state != NET_CONNECTED)
			return;
	}
}

/*
 * Servers disconnect a client that sends too fast (RFC 1459 8.10: two
 * seconds a message, ten ahead at most), so once registered every line
 * but PONG and QUIT goes through that same budget, in order.
 */
void
net_send(const char *fmt, ...)
{
	char line[IRC_MSG_MAX + 1];
	bool truncated, urgent;
	int64_t now = clock_ms();
	va_list ap;
	size_t len;

	if (state != NET_CONNECTED)
		return;
	va_start(ap, fmt);
	len = irc_vprintf(line, sizeof line, &truncated, fmt, ap);
	va_end(ap);
	if (len == 0)
		return;
	urgent = !self.registered || strncmp(line, "PONG ", 5) == 0 ||
	    strncmp(line, "QUIT ", 5) == 0;
	if (urgent || (paced_count == 0 &&
	    penalty_until - now < FLOOD_BURST_MS)) {
		if (!urgent)
			penalty_until = (penalty_until > now ? penalty_until :
			    now) + FLOOD_LINE_MS;
		queue_bytes(line, len);
		return;
	}
	if (paced_count == PACED_MAX) {
		window_error(window_current(), _("Too much is waiting to be "
		    "sent; this line was dropped."));
		return;
	}
	paced[(paced_first + paced_count++) % PACED_MAX] = xstrdup(line);
}

static void
flush_sendq(void)
{
	ssize_t n;

	while (sendq_len > 0) {
		n = send(sock, sendq, sendq_len, MSG_NOSIGNAL);
		if (n < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK ||
			    errno == EINTR)
				return;
			net_disconnect(strerror(errno), true);
			return;
		}
		memmove(sendq, sendq + n, sendq_len - n);
		sendq_len -= n;
	}
}

static void
read_lines(void)
{
	size_t used, len;
	char *line;
	int fd = sock;
	ssize_t n;

	n = recv(sock, recvq + recvq_len, sizeof recvq - recvq_len, 0);
	if (n < 0) {
		if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
			return;
		net_disconnect(strerror(errno), true);
		return;
	}
	if (n == 0) {
		net_disconnect(_("the server closed the connection"), true);
		return;
	}
	recvq_len += n;
	last_heard = clock_ms();
	ping_sent = false;
	for (;;) {
		enum irc_frame_result r = irc_frame(&framer, recvq, recvq_len,
		    &used, &line, &len);

		if (r == IRC_FRAME_LINE) {
			/* Copy out: a handler may reconnect and reuse recvq. */
			char copy[IRC_LINE_MAX + 1];

			memcpy(copy, line, len + 1);
			memmove(recvq, recvq + used, recvq_len - used);
			recvq_len -= used;
			handle_line(copy, len);
			if (state != NET_CONNECTED || sock != fd)
				return;
			continue;
		}
		memmove(recvq, recvq + used, recvq_len - used);
		recvq_len -= used;
		if (r == IRC_FRAME_MORE)
			break;
		say(_("The server sent a line too long to read; it was "
		    "skipped."));
	}
}

void
net_ready(short revents)
{
	int err = 0;
	socklen_t len = sizeof err;

	if (state == NET_CONNECTING) {
		if (getsockopt(sock, SOL_SOCKET, SO_ERROR, &err, &len) != 0)
			err = errno;
		if (err == 0) {
			on_connected();
			return;
		}
		say(_("Cannot connect to %s port %s: %s."), addr_text,
		    opts.port, strerror(err));
		close_socket();
		try_next();
		return;
	}
	if (state != NET_CONNECTED)
		return;
	if (revents & (POLLIN | POLLHUP | POLLERR))
		read_lines();
	if (state == NET_CONNECTED && (revents & POLLOUT))
		flush_sendq();
}

int64_t
net_deadline(void)
{
	switch (state) {
	case NET_IDLE:
		return reconnect_at;
	case NET_CONNECTING:
		return connect_deadline;
	case NET_CONNECTED:
		if (paced_count > 0)
			return penalty_until - FLOOD_BURST_MS + 1;
		if (!self.registered)
			return connected_at + REGISTER_TIMEOUT_MS;
		return last_heard + IDLE_PING_MS + (ping_sent ? IDLE_DROP_MS :
		    0);
	}
	return -1;
}

void
net_timers(int64_t now)
{
	if (state == NET_CONNECTED && paced_count > 0)
		release_paced(now);
	if (state == NET_CONNECTED && !self.registered &&
	    now >= connected_at + REGISTER_TIMEOUT_MS) {
		net_disconnect(_("the server did not finish the registration "
		    "in time"), true);
	} else if (state == NET_IDLE && reconnect_at >= 0 &&
	    now >= reconnect_at) {
		net_connect_now();
	} else if (state == NET_CONNECTING && now >= connect_deadline) {
		say(_("Cannot connect to %s port %s: %s."), addr_text,
		    opts.port, strerror(ETIMEDOUT));
		close_socket();
		try_next();
	} else if (state == NET_CONNECTED && !ping_sent &&
	    now >= last_heard + IDLE_PING_MS) {
		ping_sent = true;
		net_send("PING :%s", opts.host);
	} else if (state == NET_CONNECTED && ping_sent &&
	    now >= last_heard + IDLE_PING_MS + IDLE_DROP_MS) {
		net_disconnect(_("the server stopped answering"), true);
	}
}
