# bench/local.mk: the load generator and bench/run.
