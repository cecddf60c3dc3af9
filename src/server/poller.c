/*
 * poller.c: waiting for descriptors.  srv.pfds always holds every
 * descriptor and the events wanted (the shutdown flush polls it as is).
 * On Linux the wait itself is epoll, level-triggered, so it means what
 * poll() means: poll() sets up and tears down a wait on every descriptor
 * each time it sleeps, which at 19,000 idle clients costs milliseconds per
 * loop turn; epoll keeps the set in the kernel and reports only the ready.
 * Elsewhere (or built with -DBANTERD_USE_POLL) poll() over srv.pfds does
 * the job.
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>
#if defined(__linux__) && !defined(BANTERD_USE_POLL)
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
	for (size_t i = 0; i < srv.npfds && got < max && n > 0; i++) {
		if (srv.pfds[i].revents == 0)
			continue;
		n--;
		out[got].key = i < srv.nfixed ? i :
		    (uint64_t)(uintptr_t)srv.pclients[i];
		out[got].revents = srv.pfds[i].revents;
		got++;
	}
	return got;
}

void
poller_close(void)
{
}
#endif
