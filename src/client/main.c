/* main.c: banter's options, signals and the one poll() loop. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <langinfo.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "client.h"
#include "i18n.h"

struct options opts = { .scrollback = SCROLLBACK_DEFAULT };
char *quit_message;

/* What the command line set, which the config file must not change. */
static bool port_given, scrollback_given;

static int signal_pipe[2] = { -1, -1 };
static bool quitting;
static int64_t quit_deadline = -1;
static const char *program = "banter";

static const char short_options[] = "c:j:ln:p:r:Tu:w:";
static const struct option long_options[] = {
	{ "config", required_argument, NULL, 'c' },
	{ "help", no_argument, NULL, OPT_HELP },
	{ "host", required_argument, NULL, OPT_HOST },
	{ "join", required_argument, NULL, 'j' },
	{ "log", no_argument, NULL, 'l' },
	{ "nick", required_argument, NULL, 'n' },
	{ "password-file", required_argument, NULL, 'w' },
	{ "port", required_argument, NULL, 'p' },
	{ "realname", required_argument, NULL, 'r' },
	{ "scrollback", required_argument, NULL, OPT_SCROLLBACK },
	{ "timestamps", no_argument, NULL, 'T' },
	{ "user", required_argument, NULL, 'u' },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 }
};

void *
xmalloc(size_t size)
{
	void *p = malloc(size == 0 ? 1 : size);

	if (p == NULL)
		fatal(_("out of memory"));
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n == 0 ? 1 : n, size == 0 ? 1 : size);

	if (p == NULL)
		fatal(_("out of memory"));
	return p;
}

char *
xstrdup(const char *s)
{
	char *p = strdup(s);

	if (p == NULL)
		fatal(_("out of memory"));
	return p;
}

void
fatal(const char *fmt, ...)
{
	va_list ap;

	ui_fini();
	fprintf(stderr, "%s: ", program);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(EXIT_ERROR);
}

int64_t
clock_ms(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
		fatal("clock_gettime: %s", strerror(errno));
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
usage(void)
{
	printf(_("Usage: %s [OPTION]... HOST[:PORT]\n"), program);
	fputs(_("Chat on the IRC server HOST in a full-screen terminal client.\n"
	    "\n"), stdout);
	fputs(_(
"  -n, --nick=NICK           your nickname (default: $USER)\n"
"  -p, --port=PORT           the server's port (default: 6667)\n"
"  -j, --join=CHAN[,CHAN...] channels to join (default: #lobby)\n"
"  -u, --user=USER           the user name sent to the server (default: NICK)\n"
"  -r, --realname=REALNAME   the real name sent to the server (default: NICK)\n"
"  -w, --password-file=FILE  read the server password from the first line of\n"
"                              FILE\n"
"  -T, --timestamps          show the time of each line\n"
"  -c, --config=FILE         read options from FILE\n"
"                              (default: $XDG_CONFIG_HOME/banter/config)\n"
"  -l, --log                 log every window under\n"
"                              $XDG_DATA_HOME/banter/log/\n"
"      --host=HOST           the server (for the config file)\n"
"      --scrollback=LINES    lines kept per window (default: 10000)\n"
"      --help                display this help and exit\n"
"      --version             output version information and exit\n"),
	    stdout);
	fputs(_(
"\n"
"HOST may be a name, an IPv4 address or an IPv6 address; [::1]:6667 gives\n"
"an IPv6 address with a port.  The config file holds long options, one a\n"
"line, without the dashes: \"nick = NICK\", \"timestamps\".\n"
"\n"
"Type /help in banter for the commands and the keys.\n"
"\n"
"Exit status: 0 after /quit, Ctrl-C or a signal; 1 if the terminal or the\n"
"system fails; 2 for a bad option, config file or password file.\n"),
	    stdout);
}

/* GNU: output that could not be written is an error, not exit 0
 * (banter --help > /dev/full). */
static void
stdout_done(void) __attribute__((noreturn));

static void
stdout_done(void)
{
	if (fflush(stdout) != 0 || ferror(stdout) || fclose(stdout) != 0) {
		fprintf(stderr, _("%s: write error: %s\n"), program,
		    strerror(errno));
		exit(EXIT_ERROR);
	}
	exit(EXIT_OK);
}

static void
version(void)
{
	printf("banter (%s) %s\n", PACKAGE_NAME, PACKAGE_VERSION);
	fputs(_("Copyright (C) 2026 the banter authors.\n"
	    "License ISC: <https://www.isc.org/licenses/>.\n"
	    "This is free software: you are free to change and redistribute it.\n"
	    "There is NO WARRANTY, to the extent permitted by law.\n"), stdout);
}

static void
set_string(char **field, const char *value)
{
	free(*field);
	*field = xstrdup(value);
}

static bool
port_valid(const char *port)
{
	char *end;
	long n;

	if (strspn(port, "0123456789") != strlen(port))
		return *port != '\0';	/* a service name: getaddrinfo knows */
	n = strtol(port, &end, 10);
	return *end == '\0' && n >= 1 && n <= 65535;
}

static const char *
option_name(int id)
{
	for (const struct option *o = long_options; o->name != NULL; o++)
		if (o->val == id)
			return o->name;
	return "?";
}

/* HOST, [HOST]:PORT or HOST:PORT (one colon only, else an IPv6 address).
 * keep_port: a port in arg is checked but not used (the command line
 * gave one). */
static bool
split_host(const char *arg, bool keep_port)
{
	const char *colon;
	char *host;

	if (arg[0] == '[') {
		const char *close = strchr(arg, ']');

		if (close == NULL || close == arg + 1 ||
		    (close[1] != '\0' && close[1] != ':'))
			return false;
		host = xstrdup(arg + 1);
		host[close - arg - 1] = '\0';
		if (close[1] == ':' && !port_valid(close + 2))
			return free(host), false;
		if (close[1] == ':' && !keep_port)
			set_string(&opts.port, close + 2);
	} else if ((colon = strchr(arg, ':')) != NULL &&
	    strchr(colon + 1, ':') == NULL) {
		if (colon == arg || !port_valid(colon + 1))
			return false;
		host = xstrdup(arg);
		host[colon - arg] = '\0';
		if (!keep_port)
			set_string(&opts.port, colon + 1);
	} else {
		if (*arg == '\0')
			return false;
		host = xstrdup(arg);
	}
	free(opts.host);
	opts.host = host;
	return true;
}

/* Options from the command line win over the config file: the file is
 * read afterwards and fills in only what is still unset. */
bool
options_apply(int id, const char *value, bool from_config, const char **why)
{
	char **field = NULL;
	char *end;
	long n;

	switch (id) {
	case 'c': field = &opts.config; break;
	case 'j': field = &opts.join; break;
	case 'n': field = &opts.nick; break;
	case 'p': field = &opts.port; break;
	case 'r': field = &opts.realname; break;
	case 'u': field = &opts.user; break;
	case 'w': field = &opts.password_file; break;
	case OPT_HOST:
		if (from_config && opts.host != NULL)
			return true;
		if (!split_host(value, from_config && port_given)) {
			*why = _("this is not a host name, an address or "
			    "HOST:PORT");
			return false;
		}
		return true;
	case 'l':
		opts.log = true;
		return true;
	case 'T':
		opts.timestamps = true;
		return true;
	case OPT_SCROLLBACK:
		if (from_config && scrollback_given)
			return true;
		errno = 0;
		n = strtol(value, &end, 10);
		if (errno != 0 || end == value || *end != '\0' ||
		    n < SCROLLBACK_MIN || n > SCROLLBACK_MAX) {
			*why = _("the scrollback must be a number of lines "
			    "from 100 to 1000000");
			return false;
		}
		opts.scrollback = n;
		return true;
	default:
		*why = _("this option cannot be used here");
		return false;
	}
	if (from_config && *field != NULL)
		return true;
	if (*value == '\0') {
		*why = _("the value is empty");
		return false;
	}
	if (id == 'p' && !port_valid(value)) {
		*why = _("the port must be a number from 1 to 65535");
		return false;
	}
	set_string(field, value);
	return true;
}

int
config_option_id(const char *name, bool *takes_value)
{
	for (const struct option *o = long_options; o->name != NULL; o++) {
		if (strcmp(o->name, name) == 0) {
			*takes_value = o->has_arg == required_argument;
			return o->val;
		}
	}
	return -1;
}

static void
usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2),
    noreturn));

static void
usage_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", program);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, _("\nTry '%s --help' for more information.\n"),
	    program);
	exit(EXIT_USAGE);
}

static void
read_password(void)
{
	FILE *f;
	char line[512];
	bool failed;

	f = fopen(opts.password_file, "r");
	if (f == NULL) {
		fprintf(stderr, _("%s: cannot read the password file %s: %s\n"),
		    program, opts.password_file, strerror(errno));
		exit(EXIT_USAGE);
	}
	if (fgets(line, sizeof line, f) == NULL)
		line[0] = '\0';
	failed = ferror(f);
	if (fclose(f) != 0 || failed) {
		fprintf(stderr, _("%s: cannot read the password file %s: %s\n"),
		    program, opts.password_file, strerror(errno));
		exit(EXIT_USAGE);
	}
	line[strcspn(line, "\r\n")] = '\0';
	if (line[0] == '\0') {
		fprintf(stderr, _("%s: the password file %s is empty; put the "
		    "password on its first line\n"), program,
		    opts.password_file);
		exit(EXIT_USAGE);
	}
	opts.password = xstrdup(line);
	explicit_bzero(line, sizeof line);
}

static void
parse_options(int argc, char *argv[])
{
	const char *why;
	char *env;
	char *config;
	int c;

	while ((c = getopt_long(argc, argv, short_options, long_options,
	    NULL)) != -1) {
		switch (c) {
		case OPT_HELP:
			usage();
			stdout_done();
			break;
		case OPT_VERSION:
			version();
			stdout_done();
			break;
		case '?':
			fprintf(stderr, _("Try '%s --help' for more "
			    "information.\n"), program);
			exit(EXIT_USAGE);
		default:
			if (!options_apply(c, optarg, false, &why))
				usage_error("--%s=%s: %s", option_name(c),
				    optarg, why);
			scrollback_given |= c == OPT_SCROLLBACK;
		}
	}
	if (optind + 1 < argc)
		usage_error(_("only one HOST may be given, not '%s'"),
		    argv[optind + 1]);
	if (optind < argc && !split_host(argv[optind], false))
		usage_error(_("'%s' is not a host name, an address or "
		    "HOST:PORT"), argv[optind]);
	port_given |= opts.port != NULL;

	config = opts.config != NULL ? xstrdup(opts.config) :
	    config_default_path();
	if (config != NULL && !config_read(config, opts.config != NULL))
		exit(EXIT_USAGE);
	free(config);

	if (opts.host == NULL)
		usage_error(_("no server given: name one, as in "
		    "'%s irc.example.org'"), program);
	if (opts.nick == NULL) {
		env = getenv("USER");
		opts.nick = xstrdup(env != NULL && *env != '\0' ? env :
		    "banter");
	}
	if (!irc_nick_valid(opts.nick, NICK_MAX))
		usage_error(_("'%s' cannot be an IRC nick: use letters, digits "
		    "and -[]\\`^{}|_, starting with a letter"), opts.nick);
	if (opts.port == NULL)
		opts.port = xstrdup(DEFAULT_PORT);
	if (opts.user == NULL)
		opts.user = xstrdup(opts.nick);
	if (opts.realname == NULL)
		opts.realname = xstrdup(opts.nick);
	if (opts.join == NULL)
		opts.join = xstrdup(DEFAULT_CHANNEL);
	if (opts.password_file != NULL)
		read_password();
}

static void
on_signal(int sig)
{
	int saved = errno;
	unsigned char byte = (unsigned char)sig;

	/* A full pipe already holds a wake-up; losing this byte is fine. */
	if (write(signal_pipe[1], &byte, 1) < 0)
		errno = saved;
	errno = saved;
}

static void
signals_init(void)
{
	static const int caught[] = { SIGWINCH, SIGTERM, SIGINT, SIGHUP };
	struct sigaction sa;

	if (pipe(signal_pipe) != 0)
		fatal("pipe: %s", strerror(errno));
	for (int i = 0; i < 2; i++) {
		int flags = fcntl(signal_pipe[i], F_GETFL);

		if (flags < 0 || fcntl(signal_pipe[i], F_SETFL,
		    flags | O_NONBLOCK) != 0 ||
		    fcntl(signal_pipe[i], F_SETFD, FD_CLOEXEC) != 0)
			fatal("fcntl: %s", strerror(errno));
	}
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESTART;
	for (size_t i = 0; i < sizeof caught / sizeof caught[0]; i++)
		if (sigaction(caught[i], &sa, NULL) != 0)
			fatal("sigaction: %s", strerror(errno));
	sa.sa_handler = SIG_IGN;
	if (sigaction(SIGPIPE, &sa, NULL) != 0)
		fatal("sigaction: %s", strerror(errno));
}

static void
signals_read(void)
{
	unsigned char sigs[64];
	ssize_t n;

	while ((n = read(signal_pipe[0], sigs, sizeof sigs)) > 0) {
		for (ssize_t i = 0; i < n; i++) {
			if (sigs[i] == SIGWINCH)
				ui_resize();
			else
				quit_request(NULL);
		}
	}
	if (n < 0 && errno != EAGAIN && errno != EINTR)
		fatal("read: %s", strerror(errno));
}

/* Say goodbye to the server and leave once it has closed the link (or
 * after QUIT_WAIT_MS, whichever comes first). */
void
quit_request(const char *message)
{
	if (quitting) {
		quit_deadline = clock_ms();
		return;
	}
	quitting = true;
	if (net_state() == NET_CONNECTED) {
		net_send("QUIT :%s", message != NULL ? message :
		    quit_message != NULL ? quit_message : "banter");
		quit_deadline = clock_ms() + QUIT_WAIT_MS;
	} else {
		quit_deadline = clock_ms();
	}
}

static int
poll_timeout(int64_t now)
{
	int64_t deadline = net_deadline();
	int64_t d = input_deadline();

	if (d >= 0 && (deadline < 0 || d < deadline))
		deadline = d;
	if (quitting && (deadline < 0 || quit_deadline < deadline))
		deadline = quit_deadline;
	if (deadline < 0)
		return -1;
	if (deadline <= now)
		return 0;
	return deadline - now > INT_MAX ? INT_MAX : (int)(deadline - now);
}

static void
loop(void)
{
	struct pollfd fds[3];
	int64_t now;

	for (;;) {
		now = clock_ms();
		if (quitting && (now >= quit_deadline ||
		    net_state() != NET_CONNECTED))
			break;
		ui_draw();
		fds[0] = (struct pollfd){ .fd = STDIN_FILENO, .events = POLLIN };
		fds[1] = (struct pollfd){ .fd = signal_pipe[0],
		    .events = POLLIN };
		fds[2] = (struct pollfd){ .fd = net_fd(),
		    .events = net_events() };
		if (poll(fds, 3, poll_timeout(now)) < 0) {
			if (errno == EINTR)
				continue;
			fatal("poll: %s", strerror(errno));
		}
		if (fds[1].revents & POLLIN)
			signals_read();
		if (fds[0].revents & (POLLHUP | POLLERR | POLLNVAL))
			quit_request(NULL);
		else if (fds[0].revents & POLLIN)
			input_read();
		if (fds[2].fd >= 0 && fds[2].revents != 0)
			net_ready(fds[2].revents);
		now = clock_ms();
		net_timers(now);
		input_timers(now);
	}
}

/* IRC today is UTF-8, and so is everything banter draws; in a locale of
 * another charset, switch the character type alone to C.UTF-8. */
static void
utf8_locale(void)
{
	if (strcmp(nl_langinfo(CODESET), "UTF-8") == 0)
		return;
	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL &&
	    setlocale(LC_CTYPE, "en_US.UTF-8") == NULL)
		fprintf(stderr, _("%s: no UTF-8 locale: characters past "
		    "ASCII will show as placeholders; set LANG to a UTF-8 "
		    "locale\n"), program);
}

int
main(int argc, char *argv[])
{
	i18n_init();
	utf8_locale();
	if (argc > 0 && argv[0] != NULL && strrchr(argv[0], '/') != NULL)
		program = strrchr(argv[0], '/') + 1;
	else if (argc > 0 && argv[0] != NULL && *argv[0] != '\0')
		program = argv[0];
	parse_options(argc, argv);
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, _("%s: the input and output must be a "
		    "terminal\n"), program);
		return EXIT_ERROR;
	}
	signals_init();
	log_init();
	ui_init();
	input_init();
	net_init();
	net_connect_now();
	loop();
	net_fini();
	ui_fini();
	input_fini();
	log_fini();
	window_free_all();
	return EXIT_OK;
}
