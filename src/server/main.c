/*
 * main.c: banterd's start-up, signals and the poll() loop.
 *
 * Signals only write their number to a self-pipe; the loop reads it like
 * any descriptor.  Each turn: poll, read what is readable (running the
 * commands), accept, run due timers, write every queue that grew (one
 * writev() per client per turn), free the closed.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "i18n.h"
#include "server.h"

#define DEFAULT_CONFIG	SYSCONFDIR "/banterd.conf"
/* Descriptors besides clients and listeners: stdio, the self-pipe, the
 * EMFILE reserve, syslog, a NOTIFY_SOCKET datagram, and a little slack. */
#define FD_OVERHEAD	10
/* Reads of a client's unread input at exit: 256 KiB. */
#define SHUTDOWN_DRAIN_READS 64

struct server srv;

static int sig_pipe[2] = { -1, -1 };
static volatile sig_atomic_t quit_signal;
static const char *pidfile;

enum { OPT_PIDFILE = 256 };

static const struct option long_options[] = {
	{ "check", no_argument, NULL, 'n' },
	{ "config", required_argument, NULL, 'f' },
	{ "daemon", no_argument, NULL, 'd' },
	{ "help", no_argument, NULL, 'h' },
	{ "listen", required_argument, NULL, 'l' },
	{ "pidfile", required_argument, NULL, OPT_PIDFILE },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

static void
usage(void)
{
	printf(_("Usage: %s [-d] [-n] [-f FILE] [-l ADDR]... [--pidfile FILE]\n"),
	    "banterd");
	fputs(_("Run the banter IRC server.\n\n"), stdout);
	fputs(_(
"  -d, --daemon          detach from the terminal, log to syslog\n"
"  -f, --config=FILE     read the configuration from FILE\n"), stdout);
	printf(_(
"                          (default %s;\n"
"                          without it, the built-in defaults)\n"),
	    DEFAULT_CONFIG);
	fputs(_(
"  -l, --listen=ADDR     listen on ADDR instead of the config's listen\n"
"                          lines (repeatable): 127.0.0.1:6667,\n"
"                          [::1]:6667, :6667 for every address, or the\n"
"                          path of a UNIX-domain socket\n"
"  -n, --check           check the configuration, report errors and exit\n"
"      --pidfile=FILE    write the process id to FILE\n"
"  -h, --help            display this help and exit\n"
"  -V, --version         output version information and exit\n"
"\n"
"SIGHUP reloads the configuration and the MOTD; SIGTERM and SIGINT close\n"
"every connection and exit.  Exit status: 0 when all went well, 1 for a\n"
"usage or configuration error, 2 when the server cannot listen or start.\n"),
	    stdout);
	if (PACKAGE_BUGREPORT[0] != '\0')
		printf(_("\nReport bugs to: %s\n"), PACKAGE_BUGREPORT);
}

static void
version(void)
{
	printf("banterd (%s) %s\n", PACKAGE_NAME, PACKAGE_VERSION);
	fputs(_("Copyright (C) 2026 the banter authors.\n"
	    "License ISC: <https://www.isc.org/licenses/>.\n"
	    "This is free software: you are free to change and redistribute it.\n"
	    "There is NO WARRANTY, to the extent permitted by law.\n"), stdout);
}

static void
on_signal(int sig)
{
	int saved = errno;
	unsigned char b = (unsigned char)sig;

	if (write(sig_pipe[1], &b, 1) < 0) {
		/* The pipe is full: a signal is already waiting. */
	}
	errno = saved;
}

static void
signals_init(void)
{
	struct sigaction sa;

	if (pipe2(sig_pipe, O_NONBLOCK | O_CLOEXEC) != 0)
		fatal("pipe: %s", strerror(errno));
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
}

/* As many descriptors as the hard limit allows (19,000 clients and more
 * need it); max_clients is held below what we get. */
static void
rlimit_raise(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
		return;
	if (rl.rlim_cur < rl.rlim_max) {
		rlim_t want = rl.rlim_max;
		rl.rlim_cur = want;
		if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
			getrlimit(RLIMIT_NOFILE, &rl);
	}
	rlim_t n = rl.rlim_cur == RLIM_INFINITY ? UINT_MAX : rl.rlim_cur;
	if (n > UINT_MAX)
		n = UINT_MAX;
	srv.rlimit_clients = (unsigned)n;
}

/* Once the listeners are open: what is left is for clients. */
static void
rlimit_clients(void)
{
	unsigned used = FD_OVERHEAD + (unsigned)srv.nlisteners;

	srv.rlimit_clients = srv.rlimit_clients > used ?
	    srv.rlimit_clients - used : 1;
}

static void
limits_warn(void)
{
	if (srv.conf->max_clients > srv.rlimit_clients)
		log_warn(_("max_clients is %u but the descriptor limit "
		    "allows %u clients; raise it with ulimit -n or "
		    "LimitNOFILE="), srv.conf->max_clients,
		    srv.rlimit_clients);
}

static bool
listen_lines_equal(char **a, size_t na, char **b, size_t nb)
{
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++)
		if (strcmp(a[i], b[i]) != 0)
			return false;
	return true;
}

void
server_rehash(const char *who)
{
	char msg[64];
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	snprintf(msg, sizeof(msg), "RELOADING=1\nMONOTONIC_USEC=%lld",
	    (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000);
	sd_notify_send(msg);
	struct config *conf = config_load(srv.config_path,
	    srv.config_must_exist);
	if (conf == NULL) {
		log_err(_("reloading %s failed (%s); the old configuration "
		    "stays in force"), srv.config_path, who);
	} else {
		if (srv.listen_override == NULL &&
		    !listen_lines_equal(conf->listen, conf->nlisten,
		    srv.conf->listen, srv.conf->nlisten))
			log_warn(_("listen lines changed: they take effect "
			    "when banterd is restarted"));
		/* Clients know the server by the source of its replies. */
		if (strcmp(conf->server_name, srv.conf->server_name) != 0) {
			log_warn(_("server_name changed: it takes effect "
			    "when banterd is restarted"));
			free(conf->server_name);
			conf->server_name = xstrdup(srv.conf->server_name);
		}
		config_free(srv.conf);
		srv.conf = conf;
		limits_warn();
		timer_note(srv.now);	/* timeouts may have shortened */
		log_info(_("reloaded %s (%s)"), srv.config_path, who);
	}
	sd_notify_send("READY=1");
}

static void
signals_read(void)
{
	unsigned char buf[64];
	ssize_t n;

	while ((n = read(sig_pipe[0], buf, sizeof(buf))) > 0) {
		for (ssize_t i = 0; i < n; i++) {
			if (buf[i] == SIGHUP)
				server_rehash("SIGHUP");
			else
				quit_signal = buf[i];
		}
	}
}

/* A path as seen from the directory banterd started in, for use after
 * -d has changed to the root directory. */
static char *
path_from_start(const char *path)
{
	char cwd[PATH_MAX];

	if (path[0] == '/')
		return xstrdup(path);
	if (getcwd(cwd, sizeof(cwd)) == NULL) {
		log_err(_("cannot find the current directory to resolve %s "
		    "(%s); give an absolute path"), path, strerror(errno));
		exit(EXIT_CONFIG);
	}
	size_t len = strlen(cwd) + 1 + strlen(path) + 1;
	char *abs = xmalloc(len);
	snprintf(abs, len, "%s%s%s", cwd, strcmp(cwd, "/") == 0 ? "" : "/",
	    path);
	return abs;
}

/* -d: detach.  The first process waits on a pipe until the daemon says
 * it is ready (or why not), so init scripts see the real outcome. */
static int
daemonize(void)
{
	int ready[2];

	if (pipe2(ready, O_CLOEXEC) != 0)
		fatal("pipe: %s", strerror(errno));
	pid_t pid = fork();
	if (pid < 0)
		fatal("fork: %s", strerror(errno));
	if (pid > 0) {
		unsigned char status = EXIT_START;
		close(ready[1]);
		waitpid(pid, NULL, 0);
		if (read(ready[0], &status, 1) != 1)
			status = EXIT_START;
		_exit(status);
	}
	close(ready[0]);
	if (setsid() < 0)
		fatal("setsid: %s", strerror(errno));
	pid = fork();
	if (pid < 0)
		fatal("fork: %s", strerror(errno));
	if (pid > 0)
		_exit(0);
	if (chdir("/") != 0)
		fatal("chdir /: %s", strerror(errno));
	return ready[1];
}

/* After the pid file: errors until here still reach the terminal. */
static void
daemon_stdio(void)
{
	int null = open("/dev/null", O_RDWR);
	if (null < 0)
		fatal("/dev/null: %s", strerror(errno));
	dup2(null, STDIN_FILENO);
	dup2(null, STDOUT_FILENO);
	dup2(null, STDERR_FILENO);
	if (null > STDERR_FILENO)
		close(null);
}

static bool
pidfile_write(const char *path)
{
	char buf[32];
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	if (fd < 0) {
		log_err(_("cannot write the pid file %s: %s"), path,
		    strerror(errno));
		return false;
	}
	int n = snprintf(buf, sizeof(buf), "%ld\n", (long)getpid());
	if (write(fd, buf, (size_t)n) != n) {
		log_err(_("cannot write the pid file %s: %s"), path,
		    strerror(errno));
		close(fd);
		return false;
	}
	close(fd);
	return true;
}

static int
poll_timeout(void)
{
	int64_t next = srv.next_tick;

	/* Deferred output goes by its deadline (see server.h). */
	if (srv.flush_deadline != 0 && srv.flush_deadline < next)
		next = srv.flush_deadline;
	if (next == INT64_MAX)
		return -1;
	int64_t wait = next - srv.now;
	if (wait < 0)
		return 0;
	return wait > INT_MAX ? INT_MAX : (int)wait;
}

static void
server_loop(void)
{
	static struct poller_event ev[POLLER_BATCH];

	while (quit_signal == 0) {
		int n = poller_wait(poll_timeout(), ev, POLLER_BATCH);
		srv.now = clock_ms();
		bool listeners = false;
		for (int i = 0; i < n; i++) {
			if (ev[i].key >= srv.nfixed)
				continue;
			if (ev[i].key == 0)
				signals_read();
			else
				listeners = true;
		}
		clients_ready(ev, n);
		for (int i = 0; listeners && i < n; i++)
			if (ev[i].key > 0 && ev[i].key < srv.nfixed &&
			    (ev[i].revents & POLLIN))
				listen_accept((size_t)ev[i].key - 1, srv.now);
		if (srv.now >= srv.next_tick)
			clients_tick(srv.now);
		clients_flush_all(false);
		clients_free_dead();
	}
}

/* SIGTERM/SIGINT: an ERROR to everyone, a bounded wait for the queues to
 * drain, then close. */
static void
server_shutdown(void)
{
	log_info(_("shutting down (signal %d)"), (int)quit_signal);
	sd_notify_send("STOPPING=1");
	for (size_t i = 0; i < srv.nlisteners; i++)
		srv.pfds[1 + i].events = 0;
	srv.pfds[0].events = 0;
	for (size_t i = srv.nfixed; i < srv.npfds; i++) {
		struct client *c = srv.pclients[i];
		if (!(c->flags & (C_CLOSING | C_DEAD)))
			client_sendf(c, "ERROR :Closing Link: %s (Server "
			    "shutting down)", c->host);
	}
	int64_t deadline = clock_ms() + SHUTDOWN_FLUSH_MS;
	for (;;) {
		srv.now = clock_ms();
		size_t waiting = 0;
		struct client *list = srv.flushes;
		srv.flushes = NULL;
		srv.nflushes = 0;
		srv.flush_deadline = 0;
		for (; list != NULL; list = list->flush_next)
			list->flags &= ~C_FLUSHQ;
		for (size_t i = srv.nfixed; i < srv.npfds; i++) {
			struct client *c = srv.pclients[i];
			srv.pfds[i].events = 0;
			if (c->sendq.count == 0 || (c->flags & C_DEAD))
				continue;
			if (sendq_write(&c->sendq, c->fd) < 0) {
				sendq_clear(&c->sendq);
				continue;
			}
			if (c->sendq.count > 0) {
				srv.pfds[i].events = POLLOUT;
				waiting++;
			}
		}
		if (waiting == 0 || srv.now >= deadline)
			break;
		if (poll(srv.pfds, srv.npfds, (int)(deadline - srv.now)) < 0 &&
		    errno != EINTR)
			break;
	}
	for (size_t i = srv.nfixed; i < srv.npfds; i++) {
		struct client *c = srv.pclients[i];
		char drain[4096];
		shutdown(c->fd, SHUT_WR);
		/* Unread input would make close() send a reset instead of
		 * the ERROR; a bounded drain, as a client may send on. */
		for (int n = 0; n < SHUTDOWN_DRAIN_READS &&
		    read(c->fd, drain, sizeof(drain)) > 0; n++)
			;
		close(c->fd);
		c->channels = NULL;
	}
	chans_free();
	for (size_t i = srv.nfixed; i < srv.npfds; i++)
		client_free(srv.pclients[i]);
	srv.npfds = srv.nfixed;
	nicks_free();
	whowas_free();
	listen_close_all();
}

static void
pfds_fixed(void)
{
	srv.pfds_size = 64;
	while (srv.pfds_size < srv.nlisteners + 1)
		srv.pfds_size *= 2;
	srv.pfds = xcalloc(srv.pfds_size, sizeof(*srv.pfds));
	srv.pclients = xcalloc(srv.pfds_size, sizeof(*srv.pclients));
	poller_init();
	srv.pfds[0].fd = sig_pipe[0];
	srv.pfds[0].events = POLLIN;
	poller_add(sig_pipe[0], POLLIN, 0);
	for (size_t i = 0; i < srv.nlisteners; i++) {
		srv.pfds[1 + i].fd = srv.listeners[i].fd;
		srv.pfds[1 + i].events = POLLIN;
		poller_add(srv.listeners[i].fd, POLLIN, 1 + i);
	}
	srv.npfds = srv.nfixed = srv.nlisteners + 1;
}

int
main(int argc, char *argv[])
{
	bool daemon_mode = false, check = false;
	int opt;

	i18n_init();
	srv.config_path = DEFAULT_CONFIG;
	srv.version = "banterd-" PACKAGE_VERSION;
	srv.next_tick = INT64_MAX;
	srv.reserve_fd = -1;
	while ((opt = getopt_long(argc, argv, "df:hl:nV", long_options,
	    NULL)) != -1) {
		char err[256];
		switch (opt) {
		case 'd':
			daemon_mode = true;
			break;
		case 'f':
			srv.config_path = optarg;
			srv.config_must_exist = true;
			break;
		case 'l':
			if (!listen_valid(optarg, err, sizeof(err))) {
				fprintf(stderr, "banterd: %s\n", err);
				return EXIT_CONFIG;
			}
			srv.listen_override = xrealloc(srv.listen_override,
			    (srv.nlisten_override + 1) * sizeof(char *));
			srv.listen_override[srv.nlisten_override++] = optarg;
			break;
		case 'n':
			check = true;
			break;
		case OPT_PIDFILE:
			pidfile = optarg;
			break;
		case 'h':
			usage();
			return EXIT_OK;
		case 'V':
			version();
			return EXIT_OK;
		default:
			fprintf(stderr, _("Try '%s --help' for more "
			    "information.\n"), "banterd");
			return EXIT_CONFIG;
		}
	}
	if (optind < argc) {
		fprintf(stderr, _("banterd: unexpected argument '%s'\n"),
		    argv[optind]);
		fprintf(stderr, _("Try '%s --help' for more information.\n"),
		    "banterd");
		return EXIT_CONFIG;
	}
	srv.conf = config_load(srv.config_path, srv.config_must_exist);
	if (srv.conf == NULL)
		return EXIT_CONFIG;
	if (check) {
		fprintf(stderr, _("banterd: %s: the configuration is valid\n"),
		    srv.config_path);
		config_free(srv.conf);
		free(srv.listen_override);
		return EXIT_OK;
	}
	/* After -d's chdir("/"), SIGHUP rereads the file and exit removes
	 * the pid file: their names must not be relative. */
	char *abs_config = NULL, *abs_pidfile = NULL;
	if (daemon_mode) {
		srv.config_path = abs_config = path_from_start(srv.config_path);
		if (pidfile != NULL)
			pidfile = abs_pidfile = path_from_start(pidfile);
	}
	signals_init();
	rlimit_raise();
	int inherited = listen_inherited();
	if (inherited < 0)
		return EXIT_START;
	if (inherited == 0) {
		bool ok = srv.listen_override != NULL ?
		    listen_open(srv.listen_override, srv.nlisten_override) :
		    listen_open(srv.conf->listen, srv.conf->nlisten);
		if (!ok) {
			listen_close_all();
			return EXIT_START;
		}
	}
	rlimit_clients();
	limits_warn();
	srv.reserve_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	int ready_fd = -1;
	if (daemon_mode)
		ready_fd = daemonize();
	bool pid_ok = pidfile == NULL || pidfile_write(pidfile);
	if (daemon_mode) {
		daemon_stdio();
		log_open(true);
	} else
		log_open(false);
	if (!pid_ok) {
		if (ready_fd >= 0) {
			unsigned char st = EXIT_START;
			if (write(ready_fd, &st, 1) < 0) {
				/* the parent sees EOF: start failed */
			}
		}
		return EXIT_START;
	}
	srv.started = time(NULL);
	srv.now = clock_ms();
	pfds_fixed();
	log_info(_("%s ready: %s, %zu listener(s)"), srv.version,
	    srv.conf->server_name, srv.nlisteners);
	sd_notify_send("READY=1");
	if (ready_fd >= 0) {
		unsigned char st = EXIT_OK;
		if (write(ready_fd, &st, 1) < 0) {
			/* the parent is gone: nothing to tell */
		}
		close(ready_fd);
	}
	server_loop();
	server_shutdown();
	if (pidfile != NULL)
		unlink(pidfile);
	log_info(_("exiting"));
	config_free(srv.conf);
	free(srv.listen_override);
	free(abs_config);
	free(abs_pidfile);
	free(srv.pfds);
	free(srv.pclients);
	if (srv.reserve_fd >= 0)
		close(srv.reserve_fd);
	close(sig_pipe[0]);
	close(sig_pipe[1]);
	poller_close();
	return EXIT_OK;
}
