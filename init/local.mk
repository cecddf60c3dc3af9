# init/local.mk: systemd units, SysV script, example config.
#
# The units go into the systemd unit directory when configure found one
# (--with-systemdsystemunitdir); the SysV script into $(sysconfdir)/init.d
# as "banterd"; the example config into $(docdir)/examples, and also into
# $(sysconfdir)/banterd.conf unless one is already there (an admin's file
# is never overwritten, nor removed by uninstall once edited).
init_generated = init/banterd.service init/banterd init/banterd.conf
EXTRA_DIST += init/banterd.service.in init/banterd.socket \
	init/banterd.init.in init/banterd.conf.in
CLEANFILES += $(init_generated)

if HAVE_SYSTEMD
nodist_systemdsystemunit_DATA = init/banterd.service
systemdsystemunit_DATA = init/banterd.socket
else
# Built anyway, for the tests that read it.
noinst_DATA = init/banterd.service
endif

initddir = $(sysconfdir)/init.d
nodist_initd_SCRIPTS = init/banterd
# An init script takes start, stop...; std-options is for the programs.
AM_INSTALLCHECK_STD_OPTIONS_EXEMPT = init/banterd

examplesdir = $(docdir)/examples
nodist_examples_DATA = init/banterd.conf

init/banterd.service: $(srcdir)/init/banterd.service.in Makefile
	$(AM_V_GEN)$(MKDIR_P) init && rm -f $@ $@.tmp && \
	$(edit) $(srcdir)/init/banterd.service.in >$@.tmp && mv $@.tmp $@
init/banterd.conf: $(srcdir)/init/banterd.conf.in Makefile
	$(AM_V_GEN)$(MKDIR_P) init && rm -f $@ $@.tmp && \
	$(edit) $(srcdir)/init/banterd.conf.in >$@.tmp && mv $@.tmp $@
init/banterd: $(srcdir)/init/banterd.init.in Makefile
	$(AM_V_GEN)$(MKDIR_P) init && rm -f $@ $@.tmp && \
	$(edit) $(srcdir)/init/banterd.init.in >$@.tmp && chmod +x $@.tmp && \
	mv $@.tmp $@

install-data-local: init/banterd.conf
	@conf='$(DESTDIR)$(sysconfdir)/banterd.conf'; \
	if test -f "$$conf"; then \
	  echo "keeping $$conf (the new example is in $(examplesdir))"; \
	else \
	  echo " $(INSTALL_DATA) init/banterd.conf '$$conf'"; \
	  $(MKDIR_P) '$(DESTDIR)$(sysconfdir)' && \
	  $(INSTALL_DATA) init/banterd.conf "$$conf"; \
	fi

uninstall-local: init/banterd.conf
	@conf='$(DESTDIR)$(sysconfdir)/banterd.conf'; \
	if cmp -s init/banterd.conf "$$conf"; then \
	  echo " rm -f '$$conf'"; rm -f "$$conf"; \
	fi
