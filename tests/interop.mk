# tests/interop.mk: other people's IRC programs with ours.
# weechat-headless and irssi chat with a scripted client through banterd;
# banter runs against InspIRCd and Ergo; catgirl (TLS only) chats through
# banterd behind stunnel (tests/tlsfront.py, which uses bench/benchlib.py's
# launcher).  Each script skips (77), saying so, when the program it needs
# is not installed.
TESTS += \
	tests/interop/weechat.py \
	tests/interop/weechat_flood.py \
	tests/interop/banter_inspircd.py \
	tests/interop/banter_ergo.py \
	tests/interop/catgirl.py
EXTRA_DIST += tests/interop/interoplib.py tests/tlsfront.py
