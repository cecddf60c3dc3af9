# man/local.mk: mdoc pages, filled in with the configured paths.
