/*
 * config.c: the config file, long options one a line.
 *
 *	# a comment
 *	nick = ana
 *	join #lobby,#banter
 *	timestamps
 *
 * The name is a long option without its dashes; the value follows after
 * '=' or a space.  Options on the command line win.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "i18n.h"

/* A config line longer than this is an error, not something to guess. */
#define CONFIG_LINE_MAX	1024

char *
config_default_path(void)
{
	const char *base = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");
	const char *tail = "/banter/config";
	char *path;

	if (base != NULL && *base == '/') {
		path = xmalloc(strlen(base) + strlen(tail) + 1);
		strcpy(path, base);
	} else if (home != NULL && *home != '\0') {
		tail = "/.config/banter/config";
		path = xmalloc(strlen(home) + strlen(tail) + 1);
		strcpy(path, home);
	} else {
		return NULL;
	}
	strcat(path, tail);
	return path;
}

static char *
trim(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

static bool
config_line(const char *path, unsigned lineno, char *line)
{
	bool takes_value;
	const char *why;
	char *name, *value;
	int id;

	name = trim(line);
	if (*name == '\0' || *name == '#')
		return true;
	value = name + strcspn(name, " \t=");
	if (*value != '\0') {
		*value++ = '\0';
		value = trim(value);
		if (*value == '=')
			value = trim(value + 1);
	}
	id = config_option_id(name, &takes_value);
	if (id < 0 || id == 'c' || id == OPT_HELP || id == OPT_VERSION) {
		fprintf(stderr, _("%s:%u: unknown option '%s'; see "
		    "'banter --help' for the long options\n"), path, lineno,
		    name);
		return false;
	}
	if (takes_value && *value == '\0') {
		fprintf(stderr, _("%s:%u: '%s' needs a value, as in "
		    "'%s = VALUE'\n"), path, lineno, name, name);
		return false;
	}
	if (!takes_value && *value != '\0') {
		fprintf(stderr, _("%s:%u: '%s' takes no value\n"), path,
		    lineno, name);
		return false;
	}
	if (!options_apply(id, value, true, &why)) {
		fprintf(stderr, "%s:%u: %s: %s\n", path, lineno, name, why);
		return false;
	}
	return true;
}

bool
config_read(const char *path, bool explicit)
{
	char line[CONFIG_LINE_MAX + 2];
	unsigned lineno = 0;
	bool ok = true, read_failed;
	FILE *f;

	f = fopen(path, "r");
	if (f == NULL) {
		if (!explicit && errno == ENOENT)
			return true;
		fprintf(stderr, _("banter: cannot read the config file %s: "
		    "%s\n"), path, strerror(errno));
		return false;
	}
	while (ok && fgets(line, sizeof line, f) != NULL) {
		lineno++;
		if (strchr(line, '\n') == NULL && !feof(f)) {
			fprintf(stderr, _("%s:%u: the line is too long "
			    "(at most %d bytes)\n"), path, lineno,
			    CONFIG_LINE_MAX);
			ok = false;
			break;
		}
		ok = config_line(path, lineno, line);
	}
	read_failed = ferror(f);
	if ((fclose(f) != 0 || read_failed) && ok) {
		fprintf(stderr, _("banter: cannot read the config file %s: "
		    "%s\n"), path, strerror(errno));
		ok = false;
	}
	return ok;
}
