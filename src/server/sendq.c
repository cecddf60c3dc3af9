/*
 * sendq.c: output.  A client's send queue is a ring of references to
 * message buffers.  A message for many recipients is formatted once into a
 * shared buffer that every queue references (the hot path: no copy and no
 * allocation per recipient); replies to one client are appended to a
 * private buffer at the tail.  Queues drain with writev().
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <time.h>

#include "server.h"

static struct msgbuf *
msgbuf_new(size_t len, size_t cap)
{
	struct msgbuf *mb = xmalloc(sizeof(*mb) + (cap ? cap : len));

	mb->refs = 1;
	mb->len = (uint32_t)len;
	mb->cap = (uint32_t)cap;
	return mb;
}

void
msgbuf_unref(struct msgbuf *mb)
{
	if (--mb->refs == 0)
		free(mb);
}

static void
sendq_grow(struct sendq *q)
{
	uint32_t size = q->size ? q->size * 2 : 8;
	struct msgbuf **ring = xmalloc(size * sizeof(*ring));

	for (uint32_t i = 0; i < q->count; i++)
		ring[i] = q->ring[(q->head + i) & (q->size - 1)];
	free(q->ring);
	q->ring = ring;
	q->head = 0;
	q->size = size;
}

void
sendq_push(struct sendq *q, struct msgbuf *mb)
{
	if (q->count == q->size)
		sendq_grow(q);
	q->ring[(q->head + q->count) & (q->size - 1)] = mb;
	q->count++;
	q->bytes += mb->len;
	mb->refs++;
}

void
sendq_append(struct sendq *q, const char *data, size_t len)
{
	if (q->count > 0) {
		struct msgbuf *tail =
		    q->ring[(q->head + q->count - 1) & (q->size - 1)];
		/* The head may be half written: appending is still fine. */
		if (tail->cap != 0 && tail->refs == 1 &&
		    tail->cap - tail->len >= len) {
			memcpy(tail->data + tail->len, data, len);
			tail->len += (uint32_t)len;
			q->bytes += len;
			return;
		}
	}
	struct msgbuf *mb = msgbuf_new(len,
	    len > PRIVATE_BUF_SIZE ? len : PRIVATE_BUF_SIZE);
	memcpy(mb->data, data, len);
	sendq_push(q, mb);
	mb->refs--;
}

/* Write what the socket takes; -1 with errno on an error, else the
 * number of bytes written (0 when it would block). */
ssize_t
sendq_write(struct sendq *q, int fd)
{
	ssize_t total = 0;

	while (q->count > 0) {
		struct iovec iov[IOV_BATCH];
		int n = 0;

		for (uint32_t i = 0; i < q->count && n < IOV_BATCH; i++) {
			struct msgbuf *mb =
			    q->ring[(q->head + i) & (q->size - 1)];
			size_t skip = i == 0 ? q->offset : 0;
			iov[n].iov_base = mb->data + skip;
			iov[n].iov_len = mb->len - skip;
			n++;
		}
		ssize_t w = writev(fd, iov, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return total;
			return -1;
		}
		total += w;
		q->bytes -= (size_t)w;
		size_t left = (size_t)w;
		while (left > 0) {
			struct msgbuf *mb = q->ring[q->head];
			size_t rest = mb->len - q->offset;
			if (left < rest) {
				q->offset += (uint32_t)left;
				break;
			}
			left -= rest;
			q->offset = 0;
			q->head = (q->head + 1) & (q->size - 1);
			q->count--;
			msgbuf_unref(mb);
		}
		if (q->count > 0 && n < IOV_BATCH)
			return total;	/* a short write: the socket is full */
	}
	/* Idle clients keep no ring: memory per idle client stays small. */
	if (q->size > 8) {
		free(q->ring);
		q->ring = NULL;
		q->size = 0;
		q->head = 0;
	}
	return total;
}

void
sendq_clear(struct sendq *q)
{
	for (uint32_t i = 0; i < q->count; i++)
		msgbuf_unref(q->ring[(q->head + i) & (q->size - 1)]);
	free(q->ring);
	memset(q, 0, sizeof(*q));
}

static void
client_queued(struct client *c)
{
	if (!(c->flags & C_FLUSHQ)) {
		c->flags |= C_FLUSHQ;
		c->flush_next = srv.flushes;
		srv.flushes = c;
		srv.nflushes++;
	}
	if (c->sendq.bytes > srv.conf->sendq_bytes &&
	    !(c->flags & (C_EXITING | C_CLOSING)))
		client_exit(c, "SendQ exceeded");
}

void
client_send(struct client *c, struct msgbuf *mb)
{
	if (c->flags & (C_CLOSING | C_DEAD | C_WRCLOSED))
		return;
	sendq_push(&c->sendq, mb);
	client_queued(c);
}

void
client_send_raw(struct client *c, const char *line, size_t len)
{
	if ((c->flags & (C_CLOSING | C_DEAD | C_WRCLOSED)) || len == 0)
		return;
	sendq_append(&c->sendq, line, len);
	client_queued(c);
}

void
client_sendf(struct client *c, const char *fmt, ...)
{
	char line[IRC_MSG_MAX + 1];
	va_list ap;

	va_start(ap, fmt);
	size_t len = irc_vprintf(line, sizeof(line), NULL, fmt, ap);
	va_end(ap);
	client_send_raw(c, line, len);
}

const char *
client_name(const struct client *c)
{
	return c->nick[0] != '\0' ? c->nick : "*";
}

/* Every numeric goes through here: ":server NNN target ...". */
void
reply(struct client *c, int code, const char *fmt, ...)
{
	char text[IRC_MSG_MAX + 1];
	char line[IRC_MSG_MAX + 1];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	size_t len = irc_printf(line, sizeof(line), NULL, ":%s %03d %s %s",
	    srv.conf->server_name, code, client_name(c), text);
	client_send_raw(c, line, len);
}

void
out_init(struct outmsg *o, const char *tags, const char *fmt, ...)
{
	va_list ap;

	o->tags = tags != NULL && tags[0] != '\0' ? tags : NULL;
	memset(o->variant, 0, sizeof(o->variant));
	va_start(ap, fmt);
	o->len = irc_vprintf(o->body, sizeof(o->body), NULL, fmt, ap);
	va_end(ap);
}

/* "@time=...;+tag ..." in front of the body, built when first needed. */
static struct msgbuf *
out_variant(struct outmsg *o, unsigned v)
{
	char tags[IRC_TAGS_MAX + 64];
	size_t n = 0;

	if (v == 0) {
		struct msgbuf *mb = msgbuf_new(o->len, 0);
		memcpy(mb->data, o->body, o->len);
		return mb;
	}

	if (v & 1) {
		struct timespec ts;
		struct tm tm;
		clock_gettime(CLOCK_REALTIME, &ts);
		gmtime_r(&ts.tv_sec, &tm);
		n += strftime(tags, sizeof(tags), "@time=%Y-%m-%dT%H:%M:%S", &tm);
		n += (size_t)snprintf(tags + n, sizeof(tags) - n, ".%03ldZ",
		    ts.tv_nsec / 1000000);
	}
	if (v & 2) {
		size_t tl = strlen(o->tags);
		if (tl > IRC_TAGS_MAX - 2 - n)
			tl = IRC_TAGS_MAX - 2 - n;	/* framed input: never */
		tags[n] = n == 0 ? '@' : ';';
		n++;
		memcpy(tags + n, o->tags, tl);
		n += tl;
	}
	tags[n++] = ' ';
	struct msgbuf *mb = msgbuf_new(n + o->len, 0);
	memcpy(mb->data, tags, n);
	memcpy(mb->data + n, o->body, o->len);
	return mb;
}

void
out_send(struct client *c, struct outmsg *o)
{
	unsigned v = 0;

	if (c->caps & CAP_SERVER_TIME)
		v |= 1;
	if (o->tags != NULL && (c->caps & CAP_MESSAGE_TAGS))
		v |= 2;
	if (o->variant[v] == NULL) {
		o->variant[v] = out_variant(o, v);
	}
	client_send(c, o->variant[v]);
}

void
out_done(struct outmsg *o)
{
	for (unsigned i = 0; i < 4; i++)
		if (o->variant[i] != NULL)
			msgbuf_unref(o->variant[i]);
}
