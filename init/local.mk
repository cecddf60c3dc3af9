# init/local.mk: systemd units, SysV script, example config.
