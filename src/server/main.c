/* main.c: banterd start-up (stub until the server lands). */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"

int
main(int argc, char *argv[])
{
	i18n_init();
	if (argc > 1 && strcmp(argv[1], "--help") == 0) {
		printf(_("Usage: %s [OPTION]...\n"), "banterd");
		fputs(_("an IRC server.\n"), stdout);
		return 0;
	}
	if (argc > 1 && strcmp(argv[1], "--version") == 0) {
		printf("%s (%s) %s\n", "banterd", PACKAGE_NAME, PACKAGE_VERSION);
		return 0;
	}
	fprintf(stderr, _("%s: not implemented yet\n"), "banterd");
	return 1;
}
