# tests/package.mk: man pages, translations, installation, init files.
TESTS += tests/package/manlint.sh tests/package/doccheck.py \
	tests/package/i18n.py tests/package/install.sh \
	tests/package/security.sh tests/package/initscript.sh
