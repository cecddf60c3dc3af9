/* i18n.h: gettext for the strings a person reads. */
#ifndef BANTER_I18N_H
#define BANTER_I18N_H

#include <locale.h>
#include <stdlib.h>

#if ENABLE_NLS
#include <libintl.h>
#define _(s) gettext(s)
#else
#define _(s) (s)
#endif
#define N_(s) s

/* Set the locale and the catalog; BANTER_LOCALEDIR (for the test suite,
 * which runs uninstalled programs) names another catalog directory. */
static inline void
i18n_init(void)
{
	setlocale(LC_ALL, "");
#if ENABLE_NLS
	const char *dir = getenv("BANTER_LOCALEDIR");

	bindtextdomain(PACKAGE, dir != NULL && *dir != '\0' ? dir : LOCALEDIR);
	textdomain(PACKAGE);
#endif
}

#endif
