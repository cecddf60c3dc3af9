/*
 * poller.c: waiting for descriptors.  srv.pfds always holds every
 * descriptor and the events wanted (the shutdown flush polls it as is).
 *
 * Why epoll and not only poll(): poll() sets up and tears down a wait on
 * every descriptor each time it sleeps.  With 19,000 registered clients
 * (issue 5) that cost 803 us of server CPU per new registration, against
 * 34 us with epoll, which keeps the set in the kernel and reports only the
 * ready.  epoll is used level-triggered, so it means what poll() means.
 * configure --with-poller=poll|epoll|auto chooses (config.h defines
 * BANTERD_USE_EPOLL); -DBANTERD_USE_POLL forces poll() whatever config.h
 * says.  Both are built and tested: poll() is the portable one.
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>
#if defined(BANTERD_USE_EPOLL) && !defined(BANTERD_USE_POLL)
#include <sys/epoll.h>
#define USE_EPOLL 1
#endif

#include "i18n.h"
#include "server.h"

#ifdef USE_EPOLL
static int epfd = -1;

void
poller_init(void)
{
	epfd = epoll_create1(EPOLL_CLOEXEC);
	if (epfd < 0)
		fatal("epoll_create1: %s", strerror(errno));
}

static void
poller_ctl(int op, int fd, short events, uint64_t key)
{
	struct epoll_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.events = (uint32_t)(unsigned short)events;	/* EPOLLIN == POLLIN... */
	ev.data.u64 = key;
	if (epoll_ctl(epfd, op, fd, &ev) != 0 && op != EPOLL_CTL_DEL)
		fatal("epoll_ctl %d: %s", fd, strerror(errno));
}

void
poller_add(int fd, short events, uint64_t key)
{
	poller_ctl(EPOLL_CTL_ADD, fd, events, key);
}

void
poller_mod(int fd, short events, uint64_t key)
{
	poller_ctl(EPOLL_CTL_MOD, fd, events, key);
}

void
poller_del(int fd)
{
	poller_ctl(EPOLL_CTL_DEL, fd, 0, 0);
}

int
poller_wait(int timeout, struct poller_event *out, int max)
{
	struct epoll_event ev[POLLER_BATCH];

	if (max > POLLER_BATCH)
		max = POLLER_BATCH;
	int n = epoll_wait(epfd, ev, max, timeout);
	if (n < 0) {
		if (errno == EINTR)
			return 0;
		fatal("epoll_wait: %s", strerror(errno));
	}
	for (int i = 0; i < n; i++) {
		out[i].key = ev[i].data.u64;
		out[i].revents = (short)ev[i].events;
	}
	return n;
}

void
poller_close(void)
{
	if (epfd >= 0)
		close(epfd);
	epfd = -1;
}
#else
void
poller_init(void)
{
}

void
poller_add(int fd, short events, uint64_t key)
{
}

void
poller_mod(int fd, short events, uint64_t key)
{
}

void
poller_del(int fd)
{
}

/* The fixed descriptors first, then the clients from where the last full
 * batch stopped, so a crowd of busy clients at the front of srv.pfds
 * cannot keep those behind it waiting. */
static size_t rotate;

static bool
poll_take(size_t i, struct poller_event *out, int *got)
{
	if (srv.pfds[i].revents == 0)
		return false;
	out[*got].key = i < srv.nfixed ? i :
	    (uint64_t)(uintptr_t)srv.pclients[i];
	out[*got].revents = srv.pfds[i].revents;
	(*got)++;
	return true;
}

int
poller_wait(int timeout, struct poller_event *out, int max)
{
	int n = poll(srv.pfds, srv.npfds, timeout);

	if (n < 0) {
		if (errno == EINTR)
			return 0;
		fatal("poll: %s", strerror(errno));
	}
	int got = 0;
	for (size_t i = 0; i < srv.nfixed && n > 0 && got < max; i++)
		if (poll_take(i, out, &got))
			n--;
	size_t nclients = srv.npfds - srv.nfixed;
	if (rotate >= nclients)
		rotate = 0;
	for (size_t k = 0; k < nclients && n > 0; k++) {
		size_t i = srv.nfixed + (rotate + k) % nclients;
		if (got == max) {
			rotate = i - srv.nfixed;
			return got;
		}
		if (poll_take(i, out, &got))
			n--;
	}
	return got;
}

void
poller_close(void)
{
}
#endif
