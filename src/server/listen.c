/*
 * listen.c: listening sockets.  Addresses are "HOST:PORT", "[V6]:PORT",
 * ":PORT" (every address, IPv4 and IPv6) or a path for a UNIX-domain
 * socket; systemd may pass them in instead (LISTEN_FDS).  Accepting runs
 * in a loop per readable listener; when descriptors run out (EMFILE) a
 * reserved one is freed to turn the connection away, and listeners rest
 * for a moment instead of waking poll() again at once.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "i18n.h"
#include "server.h"

struct addr_parts {
	char host[256];		/* "" for every address */
	char port[8];
	bool is_path;
};

static bool
addr_split(const char *addr, struct addr_parts *a, char *err, size_t errsize)
{
	memset(a, 0, sizeof(*a));
	if (strchr(addr, '/') != NULL) {
		if (strlen(addr) >= sizeof(((struct sockaddr_un *)0)->sun_path)) {
			snprintf(err, errsize, _("the socket path %s is too "
			    "long"), addr);
			return false;
		}
		a->is_path = true;
		return true;
	}
	const char *colon, *host = addr;
	size_t hostlen;
	if (addr[0] == '[') {
		const char *close = strchr(addr, ']');
		if (close == NULL || close[1] != ':')
			goto bad;
		host = addr + 1;
		hostlen = (size_t)(close - host);
		colon = close + 1;
	} else {
		colon = strrchr(addr, ':');
		if (colon == NULL)
			goto bad;
		hostlen = (size_t)(colon - addr);
		if (memchr(addr, ':', hostlen) != NULL)
			goto bad;	/* an IPv6 address needs [] */
	}
	if (hostlen >= sizeof(a->host))
		goto bad;
	memcpy(a->host, host, hostlen);
	if (strcmp(a->host, "*") == 0)
		a->host[0] = '\0';
	const char *port = colon + 1;
	size_t plen = strlen(port);
	if (plen == 0 || plen > 5 || strspn(port, "0123456789") != plen ||
	    atoi(port) > 65535)
		goto bad;
	memcpy(a->port, port, plen + 1);
	return true;
bad:
	snprintf(err, errsize, _("\"%s\" is not a listen address (try "
	    "127.0.0.1:6667, [::1]:6667, :6667 or /path/to/socket)"), addr);
	return false;
}

bool
listen_valid(const char *addr, char *err, size_t errsize)
{
	struct addr_parts a;

	return addr_split(addr, &a, err, errsize);
}

/* The text of an address: a client's host (no port), or a listener's
 * name (with one). */
static void
addr_text(const struct sockaddr *sa, char *buf, size_t size, bool port)
{
	char ip[INET6_ADDRSTRLEN];
	unsigned p = 0;

	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *sin = (const void *)sa;
		inet_ntop(AF_INET, &sin->sin_addr, ip, sizeof(ip));
		p = ntohs(sin->sin_port);
	} else if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *sin6 = (const void *)sa;
		if (IN6_IS_ADDR_V4MAPPED(&sin6->sin6_addr) && !port)
			inet_ntop(AF_INET, &sin6->sin6_addr.s6_addr[12], ip,
			    sizeof(ip));
		else
			inet_ntop(AF_INET6, &sin6->sin6_addr, ip, sizeof(ip));
		p = ntohs(sin6->sin6_port);
		if (port) {
			snprintf(buf, size, "[%s]:%u", ip, p);
			return;
		}
	} else {
		snprintf(buf, size, "localhost");
		return;
	}
	if (port)
		snprintf(buf, size, "%s:%u", ip, p);
	else	/* "::1" would start a trailing parameter */
		snprintf(buf, size, "%s%s", ip[0] == ':' ? "0" : "", ip);
}

static void
listener_add(int fd, const char *name, const char *path)
{
	srv.listeners = xrealloc(srv.listeners,
	    (srv.nlisteners + 1) * sizeof(*srv.listeners));
	struct listener *l = &srv.listeners[srv.nlisteners++];
	l->fd = fd;
	l->name = xstrdup(name);
	l->path = path ? xstrdup(path) : NULL;
	log_info(_("listening on %s"), name);
}

static void
listener_name(int fd, char *buf, size_t size)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);

	if (getsockname(fd, (struct sockaddr *)&ss, &len) != 0 ||
	    ss.ss_family == AF_UNIX) {
		struct sockaddr_un *sun = (struct sockaddr_un *)&ss;
		if (ss.ss_family == AF_UNIX && sun->sun_path[0] != '\0')
			snprintf(buf, size, "%s", sun->sun_path);
		else
			snprintf(buf, size, "fd %d", fd);
		return;
	}
	addr_text((struct sockaddr *)&ss, buf, size, true);
}

static int
listen_socket(int family, const struct sockaddr *sa, socklen_t len,
    const char *addr, bool dual)
{
	int fd = socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	int one = 1, zero = 0;

	if (fd < 0) {
		log_err(_("cannot listen on %s: %s"), addr, strerror(errno));
		return -1;
	}
	if (family != AF_UNIX &&
	    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) != 0)
		log_warn("%s: SO_REUSEADDR: %s", addr, strerror(errno));
	if (family == AF_INET6 && setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY,
	    dual ? &zero : &one, sizeof(int)) != 0 && dual) {
		log_err(_("cannot listen on %s: %s"), addr, strerror(errno));
		close(fd);
		return -1;
	}
	if (bind(fd, sa, len) != 0 || listen(fd, SOMAXCONN) != 0) {
		log_err(_("cannot listen on %s: %s"), addr, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

static bool
listen_path(const char *path)
{
	struct sockaddr_un sun;
	struct stat st;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	memcpy(sun.sun_path, path, strlen(path));
	/* A socket left by a server that died is replaced; a live one is
	 * not. */
	if (lstat(path, &st) == 0 && S_ISSOCK(st.st_mode)) {
		int probe = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (probe >= 0) {
			if (connect(probe, (struct sockaddr *)&sun,
			    sizeof(sun)) != 0 && errno == ECONNREFUSED)
				unlink(path);
			close(probe);
		}
	}
	int fd = listen_socket(AF_UNIX, (struct sockaddr *)&sun, sizeof(sun),
	    path, false);
	if (fd < 0)
		return false;
	/* Removed at exit, perhaps after -d's chdir("/"). */
	char *abs = realpath(path, NULL);
	listener_add(fd, path, abs != NULL ? abs : path);
	free(abs);
	return true;
}

static bool
listen_one(const char *addr)
{
	struct addr_parts a;
	char err[256], name[300];

	if (!addr_split(addr, &a, err, sizeof(err))) {
		log_err("%s", err);
		return false;
	}
	if (a.is_path)
		return listen_path(addr);
	if (a.host[0] == '\0') {
		/* Every address: one IPv6 socket that takes IPv4 too, or
		 * IPv4 alone where there is no IPv6. */
		struct sockaddr_in6 sin6;
		memset(&sin6, 0, sizeof(sin6));
		sin6.sin6_family = AF_INET6;
		sin6.sin6_addr = in6addr_any;
		sin6.sin6_port = htons((uint16_t)atoi(a.port));
		int fd = socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (fd >= 0) {
			close(fd);
			fd = listen_socket(AF_INET6, (struct sockaddr *)&sin6,
			    sizeof(sin6), addr, true);
			if (fd < 0)
				return false;
			listener_name(fd, name, sizeof(name));
			listener_add(fd, name, NULL);
			return true;
		}
		struct sockaddr_in sin;
		memset(&sin, 0, sizeof(sin));
		sin.sin_family = AF_INET;
		sin.sin_addr.s_addr = htonl(INADDR_ANY);
		sin.sin_port = sin6.sin6_port;
		fd = listen_socket(AF_INET, (struct sockaddr *)&sin,
		    sizeof(sin), addr, false);
		if (fd < 0)
			return false;
		listener_name(fd, name, sizeof(name));
		listener_add(fd, name, NULL);
		return true;
	}
	struct addrinfo hints, *res, *ai;
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	int e = getaddrinfo(a.host, a.port, &hints, &res);
	if (e != 0) {
		log_err(_("cannot listen on %s: %s"), addr, gai_strerror(e));
		return false;
	}
	bool ok = true;
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		int fd = listen_socket(ai->ai_family, ai->ai_addr,
		    ai->ai_addrlen, addr, false);
		if (fd < 0) {
			ok = false;
			break;
		}
		listener_name(fd, name, sizeof(name));
		listener_add(fd, name, NULL);
	}
	freeaddrinfo(res);
	return ok;
}

bool
listen_open(char **addrs, size_t naddrs)
{
	for (size_t i = 0; i < naddrs; i++)
		if (!listen_one(addrs[i]))
			return false;
	return true;
}

/* systemd socket activation (sd_listen_fds(3)): descriptors from 3 on,
 * for us only if LISTEN_PID is our pid.  Returns how many, -1 on error. */
int
listen_inherited(void)
{
	const char *pid = getenv("LISTEN_PID");
	const char *fds = getenv("LISTEN_FDS");
	char name[300];

	if (pid == NULL || fds == NULL)
		return 0;
	char *end;
	long p = strtol(pid, &end, 10);
	if (*end != '\0' || p != (long)getpid())
		return 0;
	long n = strtol(fds, &end, 10);
	if (*end != '\0' || n < 0 || n > 1000) {
		log_err(_("LISTEN_FDS=%s is not a number of sockets"), fds);
		return -1;
	}
	unsetenv("LISTEN_PID");
	unsetenv("LISTEN_FDS");
	unsetenv("LISTEN_FDNAMES");
	for (int fd = 3; fd < 3 + n; fd++) {
		int on = 0;
		socklen_t len = sizeof(on);
		if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &on, &len) != 0 ||
		    !on) {
			log_err(_("descriptor %d from systemd is not a "
			    "listening socket"), fd);
			return -1;
		}
		int fl = fcntl(fd, F_GETFL);
		if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) != 0 ||
		    fcntl(fd, F_SETFD, FD_CLOEXEC) != 0) {
			log_err("fcntl %d: %s", fd, strerror(errno));
			return -1;
		}
		listener_name(fd, name, sizeof(name));
		listener_add(fd, name, NULL);
	}
	return (int)n;
}

static void
listen_pause(int64_t now)
{
	for (size_t i = 0; i < srv.nlisteners; i++) {
		srv.pfds[1 + i].events = 0;
		poller_mod(srv.pfds[1 + i].fd, 0, 1 + i);
	}
	srv.listen_resume_ms = now + ACCEPT_BACKOFF_MS;
	timer_note(srv.listen_resume_ms);
}

/* Out of descriptors: turn the oldest waiting connection away with the
 * reserved one, then rest.  Logged once a minute at most: a connection
 * flood must not become a flood of log lines (four a second). */
static void
accept_emfile(struct listener *l, int64_t now)
{
	static const char msg[] =
	    "ERROR :Closing Link: (Server is out of resources; try later)\r\n";
	static int64_t logged_ms;
	static bool logged;

	if (srv.reserve_fd >= 0) {
		close(srv.reserve_fd);
		srv.reserve_fd = -1;
		int fd = accept(l->fd, NULL, NULL);
		if (fd >= 0) {
			if (write(fd, msg, sizeof(msg) - 1) < 0) {
				/* nothing more to tell it */
			}
			close(fd);
		}
		srv.reserve_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	}
	if (!logged || now - logged_ms >= EMFILE_LOG_MS) {
		log_warn(_("out of file descriptors: not accepting for %d ms"),
		    ACCEPT_BACKOFF_MS);
		logged = true;
		logged_ms = now;
	}
	listen_pause(now);
}

void
listen_accept(size_t li, int64_t now)
{
	struct listener *l = &srv.listeners[li];

	for (int i = 0; i < ACCEPT_BATCH; i++) {
		struct sockaddr_storage ss;
		socklen_t sl = sizeof(ss);
		int fd = accept4(l->fd, (struct sockaddr *)&ss, &sl,
		    SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0) {
			switch (errno) {
			case EINTR:
			case ECONNABORTED:
			case EPROTO:
			case EPERM:
				continue;
			case EAGAIN:
#if EWOULDBLOCK != EAGAIN
			case EWOULDBLOCK:
#endif
				return;
			case EMFILE:
			case ENFILE:
			case ENOBUFS:
			case ENOMEM:
				accept_emfile(l, now);
				return;
			default:
				log_err(_("accept on %s: %s"), l->name,
				    strerror(errno));
				listen_pause(now);
				return;
			}
		}
		char host[HOST_LEN], peer[HOST_LEN + 8];
		addr_text((struct sockaddr *)&ss, host, sizeof(host), false);
		addr_text((struct sockaddr *)&ss, peer, sizeof(peer), true);
		if (ss.ss_family != AF_UNIX) {
			int one = 1;
			setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one,
			    sizeof(one));
		}
		log_info(_("connect from %s on %s (fd %d)"), peer, l->name, fd);
		struct client *c = client_new(fd, host);
		unsigned limit = srv.conf->max_clients;
		if (srv.rlimit_clients < limit)
			limit = srv.rlimit_clients;
		if (srv.nconns > limit)
			client_exit(c, "Server is full");
	}
}

void
listen_close_all(void)
{
	for (size_t i = 0; i < srv.nlisteners; i++) {
		close(srv.listeners[i].fd);
		if (srv.listeners[i].path != NULL)
			unlink(srv.listeners[i].path);
		free(srv.listeners[i].name);
		free(srv.listeners[i].path);
	}
	free(srv.listeners);
	srv.listeners = NULL;
	srv.nlisteners = 0;
}
