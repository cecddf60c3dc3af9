# man/local.mk: mdoc pages, filled in with the configured paths.  They are
# made in the build directory from man/*.in (distcheck's srcdir is
# read-only) and so are not distributed themselves.
man_generated = man/banter.1 man/banterd.8 man/banterd.conf.5
nodist_man_MANS = $(man_generated)
EXTRA_DIST += man/banter.1.in man/banterd.8.in man/banterd.conf.5.in
CLEANFILES += $(man_generated)

man/banter.1: $(srcdir)/man/banter.1.in
man/banterd.8: $(srcdir)/man/banterd.8.in
man/banterd.conf.5: $(srcdir)/man/banterd.conf.5.in
$(man_generated): Makefile
	$(AM_V_GEN)$(MKDIR_P) man && rm -f $@ $@.tmp && \
	$(edit) $(srcdir)/$@.in >$@.tmp && mv $@.tmp $@
