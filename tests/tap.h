/* tap.h: the Test Anything Protocol for the unit tests, in one header. */
#ifndef BANTER_TAP_H
#define BANTER_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int tap_count, tap_failed;

static void __attribute__((format(printf, 2, 3)))
tap_ok(int pass, const char *fmt, ...)
{
	va_list ap;

	tap_count++;
	if (!pass)
		tap_failed++;
	printf("%sok %d - ", pass ? "" : "not ", tap_count);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

/* Compare two strings (either may be NULL) and show both on failure. */
#define tap_str(got, want, ...) do { \
	const char *tap_g_ = (got), *tap_w_ = (want); \
	int tap_p_ = (tap_g_ == NULL || tap_w_ == NULL) ? tap_g_ == tap_w_ : \
	    strcmp(tap_g_, tap_w_) == 0; \
	tap_ok(tap_p_, __VA_ARGS__); \
	if (!tap_p_) \
		printf("#   got:  \"%s\"\n#   want: \"%s\"\n", \
		    tap_g_ ? tap_g_ : "(null)", tap_w_ ? tap_w_ : "(null)"); \
} while (0)

#define tap_int(got, want, ...) do { \
	long long tap_g_ = (got), tap_w_ = (want); \
	tap_ok(tap_g_ == tap_w_, __VA_ARGS__); \
	if (tap_g_ != tap_w_) \
		printf("#   got:  %lld\n#   want: %lld\n", tap_g_, tap_w_); \
} while (0)

/* Print n bytes as a C string literal body, escaping what is not text. */
static inline void
tap_print_bytes(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '\\' || c == '"')
			printf("\\%c", c);
		else if (c >= 0x20 && c < 0x7f)
			putchar(c);
		else
			printf("\\x%02x", c);
	}
}

/* Compare two byte strings with their lengths; show both on failure. */
#define tap_mem(got, got_len, want, want_len, ...) do { \
	const char *tap_g_ = (got), *tap_w_ = (want); \
	size_t tap_gn_ = (got_len), tap_wn_ = (want_len); \
	int tap_p_ = tap_gn_ == tap_wn_ && \
	    (tap_gn_ == 0 || memcmp(tap_g_, tap_w_, tap_gn_) == 0); \
	tap_ok(tap_p_, __VA_ARGS__); \
	if (!tap_p_) { \
		printf("#   got:  %zu \"", tap_gn_); \
		tap_print_bytes(tap_g_, tap_gn_); \
		printf("\"\n#   want: %zu \"", tap_wn_); \
		tap_print_bytes(tap_w_, tap_wn_); \
		printf("\"\n"); \
	} \
} while (0)

static int
tap_done(void)
{
	printf("1..%d\n", tap_count);
	return tap_failed != 0;
}

#endif
