/* main.c: banter start-up (stub until the client lands). */
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
		printf(_("Usage: %s [OPTION]...\n"), "banter");
		fputs(_("a terminal IRC client.\n"), stdout);
		return 0;
	}
	if (argc > 1 && strcmp(argv[1], "--version") == 0) {
		printf("%s (%s) %s\n", "banter", PACKAGE_NAME, PACKAGE_VERSION);
		return 0;
	}
	fprintf(stderr, _("%s: not implemented yet\n"), "banter");
	return 1;
}
