# tests/interop.mk: other people's IRC programs with ours.
# weechat-headless and irssi chat with a scripted client through banterd;
# banter runs against InspIRCd and Ergo.  Each script skips (77), saying
# so, when the program it needs is not installed.
TESTS += \
	tests/interop/weechat.py \
	tests/interop/weechat_flood.py \
	tests/interop/banter_inspircd.py \
	tests/interop/banter_ergo.py
EXTRA_DIST += tests/interop/interoplib.py
