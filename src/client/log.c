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

/* Bytes of a window's file name before ".log": under the 255 of most
 * file systems, however a remote channel name grows when sanitized. */
#define LOG_NAME_MAX	200

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

/* A window or host name as one safe file name component: sanitized as
 * the screen shows it (a remote name may hold ESC or C1 bytes, which ls
 * or a shell would write raw), formatting codes dropped, no '/', no
 * leading dot. */
static void
file_name(char *dst, size_t size, const char *name)
{
	size_t len = strnlen(name, NAME_MAX_LEN);
	char clean[FMT_SANITIZE_MAX(NAME_MAX_LEN)];

	fmt_sanitize(clean, sizeof clean, name, len);
	len = fmt_strip(dst, size, clean, strlen(clean));
	/* fmt_strip cuts bytewise: drop a character cut in half. */
	if (len >= size)
		dst[irc_utf8_cut(dst, len, size - 1)] = '\0';
	for (char *p = dst; *p != '\0'; p++)
		if (*p == '/' || (p == dst && *p == '.'))
			*p = '_';
	if (dst[0] == '\0' && size > 1)
		strcpy(dst, "_");
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
	char name[LOG_NAME_MAX + 1], stamp[32], plain[2 * IRC_LINE_MAX];
	struct tm tm;
	size_t size;
	char *path;
	FILE *f;
	int fd;

	if (log_dir == NULL || log_failed)
		return;
	file_name(name, sizeof name, window);
	size = strlen(log_dir) + strlen(name) + 8;
	path = xmalloc(size);
	snprintf(path, size, "%s/%s.log", log_dir, name);
	/* Opened per line: no descriptor per window to keep or leak.
	 * Private from the start: logs are conversations. */
	fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	free(path);
	if (fd < 0 || (f = fdopen(fd, "a")) == NULL) {
		log_failed = true;
		window_add(window_server(), HEAT_INFO, 0, _("Logging stopped: "
		    "cannot write in %s: %s"), log_dir, strerror(errno));
		if (fd >= 0)
			close(fd);
		return;
	}
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
