/*
 * config_fuzz.c: libFuzzer target for banterd's config file parser
 * (src/server/config.c).  The input is written to a temporary file and
 * loaded with config_load(); a configuration it accepts must hold values
 * within the documented limits, and everything is freed again.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "server.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define check(cond) do { \
	if (!(cond)) { \
		fprintf(real_stderr, "config_fuzz.c:%d: check failed: %s\n", \
		    __LINE__, #cond); \
		abort(); \
	} \
} while (0)

/* main.c is not linked (the server objects need these). */
struct server srv;

void
server_rehash(const char *who)
{
	(void)who;
}

static FILE *real_stderr;
static char path[] = "/tmp/banter-config-fuzz.XXXXXX";
static int fd = -1;

static void
remove_file(void)
{
	unlink(path);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	/* Each bad line is logged to stderr: keep the fuzzer's output
	 * readable.  Sanitizer reports write to descriptor 2 directly. */
	real_stderr = stderr;
#ifdef __GLIBC__
	stderr = fopen("/dev/null", "w");
	if (stderr == NULL)
		stderr = real_stderr;
#endif
	fd = mkstemp(path);
	check(fd >= 0);
	atexit(remove_file);
	return 0;
}

static void
check_config(const struct config *conf)
{
	check(conf->server_name != NULL && strlen(conf->server_name) <=
	    SERVER_NAME_LEN && strchr(conf->server_name, '.') != NULL);
	check(conf->network_name != NULL);
	check(conf->nlisten >= 1);
	for (size_t i = 0; i < conf->nlisten; i++) {
		char err[256];

		check(listen_valid(conf->listen[i], err, sizeof err));
	}
	for (size_t i = 0; i < conf->nopers; i++) {
		const struct oper_entry *o = &conf->opers[i];

		check(*o->name != '\0' && strlen(o->name) <= NICK_LEN_MAX);
		check(strpbrk(o->password, " \t") == NULL);
		/* A '$' hash goes to crypt(3), which may be slow by design. */
		if (o->password[0] != '$') {
			check(password_matches(o->password, o->password));
			check(!password_matches("", o->password));
		}
	}
	check(conf->nick_length >= NICK_LEN_MIN &&
	    conf->nick_length <= NICK_LEN_MAX);
	check(conf->flood_rate >= 1 && conf->sendq_bytes >= 1024);
	check(conf->ping_interval >= 1 && conf->ping_timeout >= 1 &&
	    conf->registration_timeout >= 1);
	check(conf->max_clients >= 1 && conf->max_channels_per_client >= 1);
	check(conf->nmotd <= MOTD_LINES_MAX);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config *conf;

	check(ftruncate(fd, 0) == 0);
	check(pwrite(fd, data, size, 0) == (ssize_t)size);
	conf = config_load(path, true);
	if (conf != NULL) {
		check_config(conf);
		config_free(conf);
	}
	return 0;
}
