/*
 * config.c: banterd.conf, "key = value" lines and '#' comments.  Keys are
 * rows in one sorted table; an unknown key, a bad value or a key given
 * twice (but for the lists listen and oper) is an error reported as
 * "file:line: message".  The MOTD is read here too, so SIGHUP reloads both.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef HAVE_CRYPT_H
#include <crypt.h>
#endif
#include <unistd.h>

#include "i18n.h"
#include "server.h"

#define CONFIG_LINE_MAX	1024
#define DEFAULT_MOTD	SYSCONFDIR "/banterd.motd"

enum key_type { KEY_STRING, KEY_SECRET, KEY_UINT, KEY_LISTEN, KEY_OPER };

struct key {
	const char *name;
	enum key_type type;
	size_t offset;
	unsigned min, max;
	bool (*valid)(const char *value);
};

static bool
name_valid(const char *s)
{
	size_t len = strlen(s);

	if (len == 0 || len > SERVER_NAME_LEN || strchr(s, '.') == NULL)
		return false;
	for (; *s != '\0'; s++)
		if (!isalnum((unsigned char)*s) && *s != '.' && *s != '-')
			return false;
	return true;
}

static bool
word_valid(const char *s)
{
	if (*s == '\0' || strlen(s) > 32)
		return false;
	for (; *s != '\0'; s++)
		if (!isgraph((unsigned char)*s))
			return false;
	return true;
}

static bool
line_valid(const char *s)
{
	return *s != '\0' && strlen(s) < 256;
}

#define OFF(f)	offsetof(struct config, f)
static const struct key keys[] = {
	{ "flood_burst", KEY_UINT, OFF(flood_burst), 0, 1000000, NULL },
	{ "flood_rate", KEY_UINT, OFF(flood_rate), 1, 1000000, NULL },
	{ "listen", KEY_LISTEN, 0, 0, 0, NULL },
	{ "max_channels_per_client", KEY_UINT, OFF(max_channels_per_client),
	    1, 10000, NULL },
	{ "max_clients", KEY_UINT, OFF(max_clients), 1, 1000000, NULL },
	{ "motd_file", KEY_STRING, OFF(motd_file), 0, 0, line_valid },
	{ "network_name", KEY_STRING, OFF(network_name), 0, 0, word_valid },
	{ "nick_length", KEY_UINT, OFF(nick_length), NICK_LEN_MIN,
	    NICK_LEN_MAX, NULL },
	{ "oper", KEY_OPER, 0, 0, 0, NULL },
	{ "password", KEY_SECRET, OFF(password), 0, 0, line_valid },
	{ "ping_interval", KEY_UINT, OFF(ping_interval), 1, 86400, NULL },
	{ "ping_timeout", KEY_UINT, OFF(ping_timeout), 1, 86400, NULL },
	{ "registration_timeout", KEY_UINT, OFF(registration_timeout),
	    1, 86400, NULL },
	{ "sendq_bytes", KEY_UINT, OFF(sendq_bytes), 1024, 1U << 30, NULL },
	{ "server_name", KEY_STRING, OFF(server_name), 0, 0, name_valid },
};
#undef OFF

static int
key_compare(const void *name, const void *k)
{
	return strcmp(name, ((const struct key *)k)->name);
}

static struct config *
config_defaults(const char *path)
{
	struct config *conf = xcalloc(1, sizeof(*conf));

	conf->file = xstrdup(path);
	conf->max_clients = 10000;
	conf->max_channels_per_client = 20;
	conf->nick_length = 30;
	conf->ping_interval = 120;
	conf->ping_timeout = 60;
	conf->registration_timeout = 60;
	conf->sendq_bytes = 128 * 1024;
	conf->flood_burst = 10;
	conf->flood_rate = 2;
	return conf;
}

/* After the file: what was not set takes its default. */
static void
config_finish(struct config *conf)
{
	if (conf->server_name == NULL)
		conf->server_name = xstrdup("irc.localhost");
	if (conf->network_name == NULL)
		conf->network_name = xstrdup("banter");
	if (conf->nlisten == 0) {
		conf->listen = xmalloc(sizeof(char *));
		conf->listen[conf->nlisten++] = xstrdup("127.0.0.1:6667");
	}
}

void
config_free(struct config *conf)
{
	if (conf == NULL)
		return;
	free(conf->file);
	free(conf->server_name);
	free(conf->network_name);
	free(conf->motd_file);
	free(conf->password);
	for (size_t i = 0; i < conf->nlisten; i++)
		free(conf->listen[i]);
	free(conf->listen);
	for (size_t i = 0; i < conf->nopers; i++) {
		free(conf->opers[i].name);
		free(conf->opers[i].password);
	}
	free(conf->opers);
	for (size_t i = 0; i < conf->nmotd; i++)
		free(conf->motd[i]);
	free(conf->motd);
	free(conf);
}

static char *
trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	size_t len = strlen(s);
	while (len > 0 && isspace((unsigned char)s[len - 1]))
		s[--len] = '\0';
	return s;
}

/* A password starting with '$' is a crypt(3) hash: one this system's
 * crypt(3) cannot use would never match, so it is an error (without
 * echoing the value). */
static const char *
secret_check(const char *value, char *err, size_t errsize)
{
	if (value[0] != '$')
		return NULL;
#ifdef HAVE_CRYPT
	const char *h = crypt("", value);
	if (h != NULL && h[0] != '*')
		return NULL;
	snprintf(err, errsize, _("the password is not a crypt(3) hash this "
	    "system knows (a plain-text password cannot start with '$'); "
	    "make one with \"openssl passwd -6\" or mkpasswd"));
#else
	snprintf(err, errsize, _("this banterd was built without crypt(3), "
	    "so a password starting with '$' cannot be a hash; give it in "
	    "plain text"));
#endif
	return err;
}

/* One "key = value"; an error message in err, or NULL. */
static const char *
config_set(struct config *conf, const char *name, char *value,
    unsigned *seen, char *err, size_t errsize)
{
	const struct key *k = bsearch(name, keys, sizeof(keys) / sizeof(*keys),
	    sizeof(*keys), key_compare);

	if (k == NULL) {
		snprintf(err, errsize, _("unknown key \"%s\""), name);
		return err;
	}
	if (*value == '\0') {
		snprintf(err, errsize, _("\"%s\" needs a value"), name);
		return err;
	}
	unsigned bit = 1u << (k - keys);
	if (k->type != KEY_LISTEN && k->type != KEY_OPER) {
		if (*seen & bit) {
			snprintf(err, errsize,
			    _("\"%s\" is given twice; keep one line"), name);
			return err;
		}
		*seen |= bit;
	}
	switch (k->type) {
	case KEY_SECRET:
		if (k->valid != NULL && !k->valid(value)) {
			snprintf(err, errsize, _("the password must be at "
			    "most 255 bytes"));
			return err;
		}
		if (secret_check(value, err, errsize) != NULL)
			return err;
		*(char **)((char *)conf + k->offset) = xstrdup(value);
		break;
	case KEY_STRING:
		if (k->valid != NULL && !k->valid(value)) {
			snprintf(err, errsize, _("\"%s\" is not a valid %s"),
			    value, name);
			return err;
		}
		*(char **)((char *)conf + k->offset) = xstrdup(value);
		break;
	case KEY_UINT: {
		char *end;
		errno = 0;
		unsigned long n = strtoul(value, &end, 10);
		if (!isdigit((unsigned char)*value) || *end != '\0' ||
		    errno != 0 || n < k->min || n > k->max) {
			snprintf(err, errsize,
			    _("%s must be a whole number from %u to %u"),
			    name, k->min, k->max);
			return err;
		}
		*(unsigned *)((char *)conf + k->offset) = (unsigned)n;
		break;
	}
	case KEY_LISTEN:
		if (!listen_valid(value, err, errsize))
			return err;
		conf->listen = xrealloc(conf->listen,
		    (conf->nlisten + 1) * sizeof(char *));
		conf->listen[conf->nlisten++] = xstrdup(value);
		break;
	case KEY_OPER: {
		char *pass = value + strcspn(value, " \t");
		if (*pass == '\0') {
			snprintf(err, errsize,
			    _("oper needs a name and a password: "
			    "oper = NAME PASSWORD"));
			return err;
		}
		*pass++ = '\0';
		pass = trim(pass);
		if (strlen(value) > NICK_LEN_MAX || strpbrk(pass, " \t")) {
			snprintf(err, errsize,
			    _("oper needs a name and a password: "
			    "oper = NAME PASSWORD"));
			return err;
		}
		if (secret_check(pass, err, errsize) != NULL)
			return err;
		conf->opers = xrealloc(conf->opers,
		    (conf->nopers + 1) * sizeof(*conf->opers));
		conf->opers[conf->nopers].name = xstrdup(value);
		conf->opers[conf->nopers].password = xstrdup(pass);
		conf->nopers++;
		break;
	}
	}
	return NULL;
}

static bool
config_parse(struct config *conf, FILE *f, const char *path)
{
	char line[CONFIG_LINE_MAX + 2];
	char err[512];
	unsigned lineno = 0, seen = 0;
	bool ok = true;

	while (fgets(line, sizeof(line), f) != NULL) {
		lineno++;
		size_t len = strlen(line);
		if (len > CONFIG_LINE_MAX) {
			log_err(_("%s:%u: line too long (the limit is %d "
			    "bytes)"), path, lineno, CONFIG_LINE_MAX);
			ok = false;
			int ch;
			while ((ch = getc(f)) != EOF && ch != '\n')
				;
			continue;
		}
		char *s = trim(line);
		if (*s == '\0' || *s == '#')
			continue;
		char *eq = strchr(s, '=');
		if (eq == NULL) {
			log_err(_("%s:%u: expected \"key = value\""), path,
			    lineno);
			ok = false;
			continue;
		}
		*eq = '\0';
		char *name = trim(s), *value = trim(eq + 1);
		if (config_set(conf, name, value, &seen, err, sizeof(err))) {
			log_err("%s:%u: %s", path, lineno, err);
			ok = false;
		}
	}
	if (ferror(f)) {
		log_err(_("%s: cannot read: %s"), path, strerror(errno));
		ok = false;
	}
	return ok;
}

/* A relative motd_file is in the config file's directory (which main.c
 * makes absolute under -d, so reloads after chdir("/") find it). */
static char *
motd_path(const struct config *conf)
{
	const char *name = conf->motd_file ? conf->motd_file : DEFAULT_MOTD;
	const char *slash = strrchr(conf->file, '/');

	if (name[0] == '/' || slash == NULL)
		return xstrdup(name);
	size_t dirlen = (size_t)(slash - conf->file) + 1;
	char *path = xmalloc(dirlen + strlen(name) + 1);
	memcpy(path, conf->file, dirlen);
	strcpy(path + dirlen, name);
	return path;
}

/* The MOTD as lines; a missing default file simply means no MOTD. */
static void
motd_load(struct config *conf)
{
	char *path = motd_path(conf);
	FILE *f = fopen(path, "r");
	char line[MOTD_LINE_LEN * 2];

	if (f == NULL) {
		if (conf->motd_file != NULL)
			log_warn(_("cannot read the MOTD %s: %s"), path,
			    strerror(errno));
		free(path);
		return;
	}
	free(path);
	while (conf->nmotd < MOTD_LINES_MAX &&
	    fgets(line, sizeof(line), f) != NULL) {
		size_t len = strcspn(line, "\r\n");
		if (line[len] == '\0' && !feof(f)) {
			int ch;	/* an overlong line: keep its start */
			while ((ch = getc(f)) != EOF && ch != '\n')
				;
		}
		len = irc_utf8_cut(line, len, MOTD_LINE_LEN);
		conf->motd = xrealloc(conf->motd,
		    (conf->nmotd + 1) * sizeof(char *));
		conf->motd[conf->nmotd++] = xstrndup(line, len);
	}
	fclose(f);
}

struct config *
config_load(const char *path, bool must_exist)
{
	struct config *conf = config_defaults(path);
	FILE *f = fopen(path, "r");

	if (f == NULL) {
		if (errno == ENOENT && !must_exist) {
			config_finish(conf);
			motd_load(conf);
			return conf;
		}
		log_err(_("%s: cannot open: %s"), path, strerror(errno));
		config_free(conf);
		return NULL;
	}
	bool ok = config_parse(conf, f, path);
	fclose(f);
	if (!ok) {
		config_free(conf);
		return NULL;
	}
	config_finish(conf);
	motd_load(conf);
	return conf;
}

/* A stored password starting with '$' is a crypt(3) hash. */
bool
password_matches(const char *given, const char *stored)
{
	const char *want = stored;
	const char *got = given;

#ifdef HAVE_CRYPT
	if (stored[0] == '$') {
		got = crypt(given, stored);
		if (got == NULL || got[0] == '*')
			return false;
	}
#endif
	size_t wl = strlen(want), gl = strlen(got);
	unsigned char diff = wl != gl;
	for (size_t i = 0; i < wl; i++)
		diff |= (unsigned char)(want[i] ^ got[i < gl ? i : 0]);
	return diff == 0 && gl > 0;
}
