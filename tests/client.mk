# tests/client.mk: banter unit and tmux tests.
