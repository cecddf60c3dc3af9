/*
 * server_fuzz.c: libFuzzer target for banterd's whole input path.
 *
 * Each run builds a server with no listener and four clients on
 * socketpair()s: alice, bob and carol register, join channels, set modes,
 * a topic, an away message, capabilities and an oper; then the fuzz input
 * is written to the fourth client's socket and the server's own code runs
 * on it as the loop of main.c would: client_read(), the commands for
 * real, client_flush(), the timers (time is simulated, so throttled lines
 * run and lingering clients close).  Everything the server writes
 * to any client must be whole lines within the IRC limits.  At the end
 * the server state is freed as server_shutdown() does, so each run starts
 * clean and LeakSanitizer sees any leak.
 *
 * The first input byte holds flags: bit 0 registers the attacker as
 * mallory first, bit 1 makes mallory join #lobby, bit 2 makes mallory an
 * oper, bit 3 closes mallory's socket after the input; bits 4-7 are the
 * number of pieces (1 to 16) the input is written in, the server running
 * in between.
 */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "server.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define check(cond) do { \
	if (!(cond)) { \
		fprintf(real_stderr, "server_fuzz.c:%d: check failed: %s\n", \
		    __LINE__, #cond); \
		abort(); \
	} \
} while (0)

#define PEERS_MAX	4
#define ROUNDS_MAX	300	/* loop turns per piece of input */
#define NEAR_MS		5000	/* timers the pump jumps to */

/* main.c is not linked: the server state and the rehash live here. */
struct server srv;

static FILE *real_stderr;
static char conf_path[] = "/tmp/banter-server-fuzz.XXXXXX";
static char motd_path[] = "/tmp/banter-server-fuzz-motd.XXXXXX";

/* The far end of each client's socket, and the line being received. */
struct peer {
	int fd;
	size_t len;		/* bytes of the current line so far */
	size_t tags;		/* bytes of its tags (with '@' and ' ') */
	bool in_tags;
	bool cr;		/* the last byte was CR */
};
static struct peer peers[PEERS_MAX];
static size_t npeers;
/* srv with no client, as LLVMFuzzerInitialize() leaves it. */
static struct server srv_empty;

void
server_rehash(const char *who)
{
	struct config *conf = config_load(srv.config_path, true);

	(void)who;
	check(conf != NULL);
	config_free(srv.conf);
	srv.conf = conf;
}

static void
write_file(char *path, const char *text)
{
	int fd = mkstemp(path);

	check(fd >= 0);
	check(write(fd, text, strlen(text)) == (ssize_t)strlen(text));
	check(close(fd) == 0);
}

static void
remove_files(void)
{
	unlink(conf_path);
	unlink(motd_path);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char conf[512];

	(void)argc;
	(void)argv;
	signal(SIGPIPE, SIG_IGN);
	/* banterd logs each connection to stderr: keep the fuzzer's output
	 * readable.  Sanitizer reports write to descriptor 2 directly. */
	real_stderr = stderr;
#ifdef __GLIBC__
	stderr = fopen("/dev/null", "w");
	if (stderr == NULL)
		stderr = real_stderr;
#endif
	write_file(motd_path, "Welcome to the fuzzing server.\n"
	    "Second line of the MOTD.\n");
	snprintf(conf, sizeof conf,
	    "server_name = irc.fuzz.test\n"
	    "network_name = FuzzNet\n"
	    "motd_file = %s\n"
	    "oper = root secret\n"
	    "max_channels_per_client = 5\n"
	    "nick_length = 16\n"
	    "sendq_bytes = 16384\n"
	    "flood_burst = 60\n"
	    "flood_rate = 50\n", motd_path);
	write_file(conf_path, conf);
	atexit(remove_files);
	srv.config_path = conf_path;
	srv.config_must_exist = true;
	srv.version = "banterd-fuzz";
	srv.conf = config_load(conf_path, true);
	check(srv.conf != NULL);
	srv.pfds_size = 16;
	srv.pfds = calloc(srv.pfds_size, sizeof(*srv.pfds));
	srv.pclients = calloc(srv.pfds_size, sizeof(*srv.pclients));
	check(srv.pfds != NULL && srv.pclients != NULL);
	srv.pfds[0].fd = -1;	/* no self-pipe, no listener */
	srv.npfds = srv.nfixed = 1;
	poller_init();
	srv.reserve_fd = -1;
	srv.now = 1000000;
	srv.next_tick = INT64_MAX;
	srv.started = 1700000000;
	srv_empty = srv;
	return 0;
}

/* A bad byte at buf[i]: show what led to it, then stop. */
static void
peer_fail(size_t peer, const char *buf, size_t i, int line, const char *why)
{
	size_t from = i > 300 ? i - 300 : 0;

	fprintf(real_stderr, "server_fuzz.c:%d: client %zu received %s; "
	    "the bytes up to it:\n", line, peer, why);
	for (size_t j = from; j <= i; j++) {
		unsigned char ch = (unsigned char)buf[j];

		if (ch >= 0x20 && ch < 0x7f && ch != '\\')
			fputc(ch, real_stderr);
		else
			fprintf(real_stderr, "\\x%02x", ch);
	}
	fputc('\n', real_stderr);
	abort();
}

#define peer_assert(cond, why) do { \
	if (!(cond)) \
		peer_fail(p - peers, buf, i, __LINE__, why); \
} while (0)

/* What a client receives: CR LF lines, no NUL, no bare CR or LF, tags
 * within IRC_TAGS_MAX and the rest within IRC_MSG_MAX. */
static void
peer_check(struct peer *p, const char *buf, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char ch = buf[i];

		peer_assert(ch != '\0', "a NUL");
		if (p->cr) {
			peer_assert(ch == '\n', "a CR not before LF");
			peer_assert(p->len + 1 - p->tags <= IRC_MSG_MAX,
			    "a line over 512 bytes");
			p->len = p->tags = 0;
			p->cr = p->in_tags = false;
			continue;
		}
		peer_assert(ch != '\n', "an LF without CR");
		if (p->len == 0 && ch == '@')
			p->in_tags = true;
		p->len++;
		if (p->in_tags) {
			p->tags++;
			peer_assert(p->tags <= IRC_TAGS_MAX + 1, "tags too long");
			if (ch == ' ')
				p->in_tags = false;
		}
		p->cr = ch == '\r';
		peer_assert(p->len <= IRC_LINE_MAX, "an overlong line");
	}
}

static void
peers_drain(void)
{
	char buf[16384];

	for (size_t i = 0; i < npeers; i++) {
		ssize_t n;
		int reads = 0;

		while (reads++ < 64 && (n = read(peers[i].fd, buf,
		    sizeof buf)) > 0)
			peer_check(&peers[i], buf, (size_t)n);
	}
}

/* main.c's server_loop(), without sleeping: wait for nothing, read,
 * flush, free.  When nothing is ready, the clock jumps to the next timer
 * if it is near (lines held back by flood control, a closing client's
 * linger), so those run too; far timers (pings) end the pump. */
static void
pump(void)
{
	static struct poller_event ev[POLLER_BATCH];

	for (int round = 0; round < ROUNDS_MAX; round++) {
		int n = poller_wait(0, ev, POLLER_BATCH);

		clients_ready(ev, n);
		if (n == 0) {
			if (srv.next_tick - srv.now > NEAR_MS)
				break;
			if (srv.next_tick > srv.now)
				srv.now = srv.next_tick;
		}
		if (srv.now >= srv.next_tick)
			clients_tick(srv.now);
		clients_flush_all(true);
		clients_free_dead();
		peers_drain();
	}
	clients_flush_all(true);
	clients_free_dead();
	peers_drain();
}

static void
send_text(int fd, const char *text, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, text, len);

		if (n < 0 && errno == EAGAIN) {
			pump();
			continue;
		}
		if (n < 0 && (errno == EPIPE || errno == ECONNRESET))
			return;		/* the server closed it */
		check(n > 0);
		text += n;
		len -= (size_t)n;
	}
}

static void
say(int fd, const char *text)
{
	send_text(fd, text, strlen(text));
	pump();
}

static int
connect_client(const char *host)
{
	int sv[2];

	check(npeers < PEERS_MAX);
	check(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    0, sv) == 0);
	(void)client_new(sv[0], host);
	memset(&peers[npeers], 0, sizeof peers[npeers]);
	peers[npeers].fd = sv[1];
	npeers++;
	return sv[1];
}

static void
setup(void)
{
	int alice, bob, carol;

	alice = connect_client("127.0.0.1");
	say(alice, "NICK alice\r\nUSER alice 0 * :Alice A\r\n"
	    "JOIN #lobby,#ops,&local\r\n"
	    "TOPIC #lobby :the lobby topic\r\n"
	    "MODE #ops +ntkl opkey 10\r\n"
	    "MODE #lobby +b *!*@banned.example\r\n");
	bob = connect_client("::1");
	say(bob, "CAP LS 302\r\nCAP REQ :server-time message-tags "
	    "echo-message\r\nCAP REQ :away-notify multi-prefix\r\n"
	    "NICK bob\r\nUSER bob 0 * :Bob B\r\nCAP END\r\n"
	    "JOIN #lobby\r\nMODE bob +iw\r\nAWAY :out to lunch\r\n");
	say(alice, "MODE #lobby +v bob\r\nINVITE bob #ops\r\n");
	carol = connect_client("10.0.0.3");
	say(carol, "NICK carol\r\nUSER carol 0 * :Carol C\r\n"
	    "OPER root secret\r\nJOIN #lobby,#ops opkey\r\n"
	    "JOIN #hidden\r\nMODE #hidden +sim\r\n"
	    "PRIVMSG #lobby :hello, everyone\r\n");
	check(srv.nusers == 3 && srv.nchannels == 4);
}

static void
teardown(void)
{
	clients_flush_all(true);
	clients_free_dead();
	/* server_shutdown(): members go with their channels. */
	for (size_t i = srv.nfixed; i < srv.npfds; i++) {
		close(srv.pclients[i]->fd);
		srv.pclients[i]->channels = NULL;
	}
	chans_free();
	for (size_t i = srv.nfixed; i < srv.npfds; i++)
		client_free(srv.pclients[i]);
	nicks_free();
	whowas_free();
	for (size_t i = 0; i < npeers; i++)
		close(peers[i].fd);
	npeers = 0;
	/* Counters, lists and clocks as they were; keep what was
	 * allocated since (a grown pfds, a REHASHed config). */
	struct server grown = srv;
	srv = srv_empty;
	srv.pfds = grown.pfds;
	srv.pclients = grown.pclients;
	srv.pfds_size = grown.pfds_size;
	srv.conf = grown.conf;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned flags, pieces;
	int mallory;

	if (size < 1)
		return 0;
	flags = data[0];
	pieces = 1 + (flags >> 4);
	data++;
	size--;
	setup();
	mallory = connect_client("203.0.113.9");
	if (flags & 1)
		say(mallory, "NICK mallory\r\nUSER m 0 * :M\r\n");
	if (flags & 2)
		say(mallory, "JOIN #lobby\r\n");
	if (flags & 4)
		say(mallory, "OPER root secret\r\n");
	for (unsigned i = 0; i < pieces; i++) {
		size_t from = size * i / pieces, to = size * (i + 1) / pieces;

		send_text(mallory, (const char *)data + from, to - from);
		pump();
	}
	if (flags & 8) {
		(void)shutdown(mallory, SHUT_WR);
		pump();
	}
	teardown();
	return 0;
}
