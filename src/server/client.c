/*
 * client.c: one connection's life.  Input is read into one shared buffer
 * and framed there; only an unfinished line (or what a throttled client
 * sent ahead) is kept per client, so an idle client holds no buffers.
 * Output is queued (sendq.c) and written once per loop turn.  Leaving is
 * two-step: client_exit() notes the reason, clients_reap_exits() tells
 * the others at a safe point (never inside a loop over members), then the
 * ERROR is flushed, the socket shut down and read until its EOF, briefly,
 * so the peer sees the ERROR and not a reset.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "i18n.h"
#include "server.h"

static char rbuf[RECVQ_MAX];
static struct client *deads;

static void
pfds_reserve(void)
{
	if (srv.npfds < srv.pfds_size)
		return;
	size_t size = srv.pfds_size ? srv.pfds_size * 2 : 64;
	srv.pfds = xrealloc(srv.pfds, size * sizeof(*srv.pfds));
	srv.pclients = xrealloc(srv.pclients, size * sizeof(*srv.pclients));
	srv.pfds_size = size;
}

void
timer_note(int64_t when)
{
	/* Rounded up to a grain, so deadlines spread over time share a
	 * scan of the client table. */
	when = (when + TIMER_SLACK_MS - 1) / TIMER_SLACK_MS * TIMER_SLACK_MS;
	if (when < srv.next_tick)
		srv.next_tick = when;
}

struct client *
client_new(int fd, const char *host)
{
	struct client *c = xcalloc(1, sizeof(*c));

	c->fd = fd;
	c->id = ++srv.next_id;
	c->created_ms = c->active_ms = srv.now;
	c->signon = c->idle_since = time(NULL);
	snprintf(c->host, sizeof(c->host), "%s", host);
	pfds_reserve();
	c->pidx = (uint32_t)srv.npfds++;
	srv.pfds[c->pidx].fd = fd;
	srv.pfds[c->pidx].events = POLLIN;
	srv.pfds[c->pidx].revents = 0;
	srv.pclients[c->pidx] = c;
	poller_add(fd, POLLIN, (uint64_t)(uintptr_t)c);
	srv.nconns++;
	timer_note(srv.now + srv.conf->registration_timeout * 1000LL);
	return c;
}

void
client_free(struct client *c)
{
	sendq_clear(&c->sendq);
	chan_listing_free(c);
	free(c->inbuf);
	free(c->realname);
	free(c->away);
	free(c->pass);
	free(c->exit_reason);
	free(c);
}

void
client_update_events(struct client *c)
{
	short ev = 0;

	if (c->flags & C_EOF)
		return;		/* no longer polled: see client_eof() */
	if (!(c->flags & C_DEAD)) {
		ev = POLLIN;
		if (c->sendq.count > 0)
			ev |= POLLOUT;
	}
	if (srv.pfds[c->pidx].events != ev) {
		srv.pfds[c->pidx].events = ev;
		poller_mod(c->fd, ev, (uint64_t)(uintptr_t)c);
	}
}

static void
client_dead(struct client *c)
{
	if (c->flags & C_DEAD)
		return;
	c->flags |= C_DEAD;
	c->exit_next = deads;
	deads = c;
	srv.pfds[c->pidx].events = 0;
	poller_del(c->fd);
}

void
client_exit(struct client *c, const char *reason)
{
	if (c->flags & (C_EXITING | C_CLOSING | C_DEAD))
		return;
	c->flags |= C_EXITING;
	c->exit_reason = xstrdup(reason);
	c->exit_next = srv.exits;
	srv.exits = c;
}

void
clients_reap_exits(void)
{
	while (srv.exits != NULL) {
		struct client *c = srv.exits;
		srv.exits = c->exit_next;
		c->exit_next = NULL;
		user_quit(c, c->exit_reason);
		c->flags = (c->flags & ~C_EXITING) | C_CLOSING;
		c->closing_ms = srv.now;
		srv.nconns--;
		timer_note(srv.now + LINGER_MS);
	}
}

/* Flood control, the classic ircd way: each line moves the client's clock
 * on by 1/flood_rate s, and lines run while that clock is less than
 * flood_burst lines ahead of real time. */
static int64_t
flood_window_us(void)
{
	return (int64_t)srv.conf->flood_burst * (1000000 / srv.conf->flood_rate);
}

static bool
flood_allows(struct client *c)
{
	if (srv.conf->flood_burst == 0)
		return true;
	int64_t now_us = srv.now * 1000;
	if (c->flood_us < now_us)
		c->flood_us = now_us;
	return c->flood_us - now_us < flood_window_us();
}

static int64_t
flood_resume_ms(const struct client *c)
{
	return (c->flood_us - flood_window_us()) / 1000 + 1;
}

static void
flood_charge(struct client *c)
{
	if (srv.conf->flood_burst != 0)
		c->flood_us += 1000000 / srv.conf->flood_rate;
}

/* Keep what is left of buf (unfinished line or throttled lines). */
static void
client_hold(struct client *c, const char *buf, size_t len)
{
	if (len == 0 || (c->flags & (C_EXITING | C_CLOSING))) {
		free(c->inbuf);
		c->inbuf = NULL;
		c->inlen = 0;
		return;
	}
	c->inbuf = xrealloc(c->inbuf, len);
	memmove(c->inbuf, buf, len);
	c->inlen = (uint32_t)len;
}

/* Run the complete lines in buf[0..have), while the budget allows. */
static void
client_input(struct client *c, char *buf, size_t have)
{
	size_t pos = 0;

	while (!(c->flags & (C_EXITING | C_CLOSING))) {
		if (!flood_allows(c)) {
			if (!(c->flags & C_THROTTLED)) {
				c->flags |= C_THROTTLED;
				timer_note(flood_resume_ms(c));
			}
			break;
		}
		char *line;
		size_t used, len;
		enum irc_frame_result r = irc_frame(&c->framer, buf + pos,
		    have - pos, &used, &line, &len);
		pos += used;
		if (r == IRC_FRAME_MORE)
			break;
		c->active_ms = srv.now;
		c->ping_ms = 0;
		c->flags |= C_ACTIVE;
		flood_charge(c);
		if (r == IRC_FRAME_OVERLONG)
			reply(c, ERR_INPUTTOOLONG, ":Input line was too long");
		else
			command_dispatch(c, line, len);
		clients_reap_exits();
	}
	client_hold(c, buf + pos, have - pos);
	/* After its EOF, the client leaves once no complete line is held. */
	if ((c->flags & (C_EOF | C_THROTTLED | C_EXITING | C_CLOSING)) ==
	    C_EOF) {
		client_exit(c, "Remote host closed the connection");
		clients_reap_exits();
	}
}

void
client_process_held(struct client *c)
{
	size_t have = c->inlen;

	c->flags &= ~C_THROTTLED;
	if (have > 0)
		memcpy(rbuf, c->inbuf, have);
	client_input(c, rbuf, have);
}

void
client_linger_read(struct client *c)
{
	ssize_t n = read(c->fd, rbuf, sizeof(rbuf));

	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK &&
	    errno != EINTR))
		client_dead(c);
}

/*
 * The peer's EOF.  Lines its flood control still holds run at the flood
 * pace as if it were still connected (weechat sends a pasted burst and
 * /quit's QUIT, then closes at once: ngircd delivers them all), then it
 * leaves; held input is capped at RECVQ_MAX and the wait at EOF_DRAIN_MS.
 * The socket is no longer polled (its EOF or a reset would be reported
 * every turn); output is still written when queued, as far as the socket
 * takes it.
 */
static void
client_eof(struct client *c)
{
	if (!(c->flags & C_THROTTLED)) {
		client_exit(c, "Remote host closed the connection");
		clients_reap_exits();
		return;
	}
	c->flags |= C_EOF;
	c->closing_ms = srv.now;
	srv.pfds[c->pidx].fd = -1;
	srv.pfds[c->pidx].events = 0;
	poller_del(c->fd);
	timer_note(srv.now + EOF_DRAIN_MS);
}

void
client_read(struct client *c)
{
	if (c->flags & C_EOF)
		return;
	if (c->flags & (C_CLOSING | C_DEAD)) {
		if (!(c->flags & C_DEAD))
			client_linger_read(c);
		return;
	}
	size_t have = c->inlen;
	if (have >= sizeof(rbuf)) {
		client_exit(c, "Excess Flood");
		clients_reap_exits();
		return;
	}
	if (have > 0)
		memcpy(rbuf, c->inbuf, have);
	ssize_t n = read(c->fd, rbuf + have, sizeof(rbuf) - have);
	if (n < 0) {
		if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
			return;
		char reason[128];
		snprintf(reason, sizeof(reason), "Read error: %s",
		    strerror(errno));
		client_exit(c, reason);
		clients_reap_exits();
		return;
	}
	if (n == 0) {
		client_eof(c);
		return;
	}
	have += (size_t)n;
	if (c->flags & C_THROTTLED)
		client_hold(c, rbuf, have);
	else
		client_input(c, rbuf, have);
}

void
client_flush(struct client *c)
{
	if (c->flags & C_DEAD)
		return;
	if (c->sendq.count > 0 && sendq_write(&c->sendq, c->fd) < 0) {
		if (c->flags & C_CLOSING) {
			client_dead(c);
			return;
		}
		sendq_clear(&c->sendq);
		if (c->flags & C_EOF) {
			/* Reset after its EOF: run its held lines, write
			 * nothing more. */
			c->flags |= C_WRCLOSED;
			return;
		}
		char reason[128];
		snprintf(reason, sizeof(reason), "Write error: %s",
		    strerror(errno));
		client_exit(c, reason);
		return;
	}
	if (c->listing != NULL &&
	    c->sendq.bytes < srv.conf->sendq_bytes / 2)
		chan_listing_resume(c);
	if ((c->flags & C_CLOSING) && c->sendq.count == 0) {
		if (!(c->flags & C_WRCLOSED)) {
			c->flags |= C_WRCLOSED;
			if (shutdown(c->fd, SHUT_WR) != 0) {
				client_dead(c);
				return;
			}
		}
		if (c->flags & C_EOF) {
			client_dead(c);	/* its EOF is already read */
			return;
		}
	}
	client_update_events(c);
}

static int64_t
clock_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static bool
flush_now(const struct client *c)
{
	return (c->flags & (C_ACTIVE | C_CLOSING | C_EXITING | C_DEAD)) ||
	    c->sendq.bytes >= FLUSH_BYTES;
}

/* Whether messages to big channels come faster than a big flush takes,
 * twice over (the mean interval between them, smoothed over the last
 * few; the margin keeps a flush slowed by a busy machine from holding
 * back messages that come one at a time). */
static bool
fanout_streaming(void)
{
	if (srv.fanouts > 0) {
		int64_t now_us = clock_us();
		int64_t gap = (now_us - srv.fanout_last_us) / srv.fanouts;
		if (gap > 1000000)
			gap = 1000000;
		srv.fanout_gap_us += (gap - srv.fanout_gap_us) / 8;
		srv.fanout_last_us = now_us;
		srv.fanouts = 0;
	}
	return srv.fanout_gap_us < srv.flush_took_us / 2;
}

/* Write the queues that grew (see FLUSH_EAGER_MAX in server.h); force
 * writes them all. */
void
clients_flush_all(bool force)
{
	if (srv.flush_deadline != 0 && (srv.now >= srv.flush_deadline ||
	    ++srv.flush_deferrals > FLUSH_TURNS_MAX))
		force = true;
	bool streaming = fanout_streaming();
	while (srv.flushes != NULL || srv.exits != NULL) {
		clients_reap_exits();
		bool big = srv.nflushes > FLUSH_EAGER_MAX;
		bool all = force || !big || !streaming ||
		    srv.now >= srv.flush_next_ms;
		int64_t start = big && all ? clock_us() : 0;
		struct client *list = srv.flushes, *kept = NULL;
		unsigned nkept = 0;
		srv.flushes = NULL;
		srv.nflushes = 0;
		while (list != NULL) {
			struct client *c = list;
			list = c->flush_next;
			if (!all && !flush_now(c)) {
				c->flush_next = kept;
				kept = c;
				nkept++;
				continue;
			}
			c->flags &= ~(C_FLUSHQ | C_ACTIVE);
			client_flush(c);
		}
		if (start != 0) {
			int64_t took = clock_us() - start;
			int64_t delay = took < FLUSH_DELAY_MIN_US ?
			    FLUSH_DELAY_MIN_US : took > FLUSH_DELAY_MAX_US ?
			    FLUSH_DELAY_MAX_US : took;
			srv.flush_took_us = took;
			/* The next big flush waits as long again. */
			srv.flush_next_ms = srv.now + (took + delay + 999) / 1000;
		}
		if (kept != NULL) {
			/* Deferred: back on the list, to go by the deadline. */
			struct client *tail = kept;
			while (tail->flush_next != NULL)
				tail = tail->flush_next;
			tail->flush_next = srv.flushes;
			srv.flushes = kept;
			srv.nflushes += nkept;
			if (srv.flush_deadline == 0)
				srv.flush_deadline = srv.flush_next_ms;
			if (srv.exits == NULL && srv.nflushes == nkept)
				break;
		} else {
			srv.flush_deadline = 0;
			srv.flush_deferrals = 0;
		}
	}
}

/* The clients among one wait's events: read what came in, write what
 * can go.  Listener and signal events (keys below srv.nfixed) are the
 * loop's own. */
void
clients_ready(const struct poller_event *ev, int n)
{
	for (int i = 0; i < n; i++) {
		if (ev[i].key < srv.nfixed)
			continue;
		struct client *c = (struct client *)(uintptr_t)ev[i].key;
		short re = ev[i].revents;

		if (c->flags & C_DEAD)
			continue;
		if (re & (POLLIN | POLLHUP | POLLERR))
			client_read(c);
		if ((re & POLLOUT) && !(c->flags & C_DEAD))
			client_flush(c);
	}
}

void
clients_free_dead(void)
{
	while (deads != NULL) {
		struct client *c = deads;
		deads = c->exit_next;
		size_t last = srv.npfds - 1;
		if (c->pidx != last) {
			srv.pfds[c->pidx] = srv.pfds[last];
			srv.pclients[c->pidx] = srv.pclients[last];
			srv.pclients[c->pidx]->pidx = c->pidx;
		}
		srv.npfds--;
		close(c->fd);
		client_free(c);
	}
}

/* One client's timers; returns its next deadline. */
static int64_t
client_timers(struct client *c, int64_t now)
{
	const struct config *conf = srv.conf;
	int64_t d;

	if (c->flags & C_DEAD)
		return INT64_MAX;
	if (c->flags & C_CLOSING) {
		d = c->closing_ms + LINGER_MS;
		if (now < d)
			return d;
		client_dead(c);
		return INT64_MAX;
	}
	int64_t next = INT64_MAX;
	if (c->flags & C_EOF) {
		next = c->closing_ms + EOF_DRAIN_MS;
		if (now >= next) {
			client_exit(c, "Remote host closed the connection");
			clients_reap_exits();
			return INT64_MAX;
		}
	}
	if (c->flags & C_THROTTLED) {
		d = flood_resume_ms(c);
		if (now >= d)
			client_process_held(c);
		conf = srv.conf;	/* a held REHASH may have freed it */
		if (c->flags & (C_CLOSING | C_EXITING))
			return INT64_MAX;
		if ((c->flags & C_THROTTLED) && flood_resume_ms(c) < next)
			next = flood_resume_ms(c);
	}
	if (!(c->flags & C_REGISTERED)) {
		d = c->created_ms + conf->registration_timeout * 1000LL;
		if (now >= d) {
			client_exit(c, "Registration timed out");
			clients_reap_exits();
			return INT64_MAX;
		}
	} else if (c->ping_ms != 0) {
		d = c->ping_ms + conf->ping_timeout * 1000LL;
		if (now >= d) {
			char reason[64];
			snprintf(reason, sizeof(reason),
			    "Ping timeout: %u seconds", conf->ping_timeout);
			client_exit(c, reason);
			clients_reap_exits();
			return INT64_MAX;
		}
	} else {
		d = c->active_ms + conf->ping_interval * 1000LL;
		if (now >= d) {
			client_sendf(c, "PING :%s", conf->server_name);
			c->ping_ms = now;
			d = now + conf->ping_timeout * 1000LL;
		}
	}
	return d < next ? d : next;
}

void
clients_tick(int64_t now)
{
	int64_t next = INT64_MAX;

	srv.next_tick = INT64_MAX;
	if (srv.listen_resume_ms != 0) {
		if (now >= srv.listen_resume_ms) {
			srv.listen_resume_ms = 0;
			for (size_t i = 0; i < srv.nlisteners; i++) {
				srv.pfds[1 + i].events = POLLIN;
				poller_mod(srv.pfds[1 + i].fd, POLLIN, 1 + i);
			}
		} else
			next = srv.listen_resume_ms;
	}
	for (size_t i = srv.nfixed; i < srv.npfds; i++) {
		int64_t d = client_timers(srv.pclients[i], now);
		if (d < next)
			next = d;
	}
	if (next != INT64_MAX)
		timer_note(next);
}
