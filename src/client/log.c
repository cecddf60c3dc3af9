/*
 * log.c: with -l, every window's lines go to
 * $XDG_DATA_HOME/banter/log/HOST/WINDOW.log (default
 * ~/.local/share/banter/log/), formatting codes stripped.  The text is
 * already sanitized, so a log is safe to cat.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "client.h"
#include "format.h"
#include "i18n.h"

static char *log_dir;
static bool log_failed;

/* mkdir -p, private: logs are conversations. */
static bool
make_dirs(char *path)
{
	for (char *p = path + 1; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char saved = *p;

		*p = '\0';
		if (mkdir(path, 0700) != 0 && errno != EEXIST) {
			*p = saved;
			return false;
		}
		*p = saved;
		if (saved == '\0')
			return true;
	}
}

/* A window or host name as one safe file name component. */
static void
file_name(char *dst, size_t size, const char *name)
{
	size_t i = 0;

	for (; *name != '\0' && i + 1 < size; name++, i++) {
		bool bad = *name == '/' || (unsigned char)*name < 0x20 ||
		    (i == 0 && *name == '.');

		dst[i] = bad ? '_' : *name;
	}
	dst[i] = '\0';
}

void
log_init(void)
{
	const char *base = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");
	char host[256];
	size_t size;

	if (!opts.log)
		return;
	file_name(host, sizeof host, opts.host);
	size = (base != NULL ? strlen(base) : 0) +
	    (home != NULL ? strlen(home) : 0) + strlen(host) + 64;
	log_dir = xmalloc(size);
	if (base != NULL && *base == '/')
		snprintf(log_dir, size, "%s/banter/log/%s", base, host);
	else if (home != NULL && *home != '\0')
		snprintf(log_dir, size, "%s/.local/share/banter/log/%s",
		    home, host);
	else
		fatal(_("-l needs HOME or XDG_DATA_HOME set to know where the "
		    "logs go"));
	if (!make_dirs(log_dir))
		fatal(_("cannot make the log directory %s: %s"), log_dir,
		    strerror(errno));
}

void
log_line(const char *window, time_t when, const char *text)
{
	char name[256], stamp[32], plain[2 * IRC_LINE_MAX];
	struct tm tm;
	size_t size;
	char *path;
	FILE *f;

	if (log_dir == NULL || log_failed)
		return;
	file_name(name, sizeof name, window);
	size = strlen(log_dir) + strlen(name) + 8;
	path = xmalloc(size);
	snprintf(path, size, "%s/%s.log", log_dir, name);
	/* Opened per line: no descriptor per window to keep or leak. */
	f = fopen(path, "ae");
	free(path);
	if (f == NULL) {
		log_failed = true;
		window_add(window_server(), HEAT_INFO, 0, _("Logging stopped: "
		    "cannot write in %s: %s"), log_dir, strerror(errno));
		return;
	}
	fchmod(fileno(f), 0600);
	if (localtime_r(&when, &tm) == NULL ||
	    strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S", &tm) == 0)
		strcpy(stamp, "?");
	fmt_strip(plain, sizeof plain, text, strlen(text));
	fprintf(f, "%s %s\n", stamp, plain);
	if (fclose(f) != 0 && !log_failed) {
		log_failed = true;
		window_add(window_server(), HEAT_INFO, 0, _("Logging stopped: "
		    "cannot write in %s: %s"), log_dir, strerror(errno));
	}
}

void
log_fini(void)
{
	free(log_dir);
	log_dir = NULL;
}
