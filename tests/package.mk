# tests/package.mk: man pages, translations, installation, the unit file.
TESTS += tests/package/manlint.sh tests/package/i18n.py \
	tests/package/install.sh tests/package/security.sh
