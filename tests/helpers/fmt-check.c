/* SPDX-License-Identifier: 0BSD */
/* fmt-check: libcore's hb_vfmt, built for the host, against snprintf for
 * every conversion it has, and hb_duration against the text people read
 * (tests/hupbox.test).  Prints "ok", or each
 * format whose output or length differs.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
/* the way a 32-bit target divides (libcore/fmt.c); the 64-bit way is
 * the compiler's division, which every x86_64 message goes through */
#define HB_WORD_DIVIDE 1
#include "../../libcore/fmt.c"

static int bad;

#define T(...) do { \
	char a_[64], b_[64]; \
	size_t n_ = hb_fmt(a_, sizeof(a_), __VA_ARGS__); \
	int m_ = snprintf(b_, sizeof(b_), __VA_ARGS__); \
	if (strcmp(a_, b_) || n_ != (size_t)m_) { \
		printf("%s: '%s' (%zu), snprintf '%s' (%d)\n", #__VA_ARGS__, a_, n_, b_, m_); \
		bad = 1; \
	} \
} while (0)

/* hb_duration of MS against WANT, within its HB_DURATION bytes */
static void D(unsigned ms, const char *want)
{
	char a[HB_DURATION + 1];

	a[HB_DURATION] = 'X';
	hb_duration(a, ms);
	if (strcmp(a, want) || a[HB_DURATION] != 'X') {
		printf("hb_duration(%u): '%s', want '%s'\n", ms, a, want);
		bad = 1;
	}
}

int main(void)
{
	char s[4];

	T("plain"); T("%%"); T("a%%b");
	T("%d", 0); T("%d", -1); T("%d", INT_MIN); T("%d", INT_MAX);
	T("%u", 0u); T("%u", UINT_MAX); T("%x", 0u); T("%x", 0xdeadbeefu);
	T("%ld", LONG_MIN); T("%ld", LONG_MAX); T("%lu", ULONG_MAX); T("%lx", ULONG_MAX);
	T("%lld", LLONG_MIN); T("%lld", LLONG_MAX); T("%llu", ULLONG_MAX); T("%llx", 1ULL << 40);
	T("%c", 'q'); T("%s", ""); T("%s|%s", "ab", "cd");
	T("%s: %d %ld %lld %u %c %x", "mix", -5, -6L, -7LL, 8u, 'z', 255u);
	T("%s", "a string longer than the sixty-four bytes of the buffer, cut");
	/* under a second: ms, but whole tenths as seconds */
	D(0, "0s"); D(1, "1ms"); D(50, "50ms"); D(250, "250ms"); D(999, "999ms");
	D(100, "0.1s"); D(600, "0.6s");
	/* seconds with up to three decimals, no trailing zeros */
	D(1000, "1s"); D(1500, "1.5s"); D(1250, "1.25s"); D(1005, "1.005s");
	D(1050, "1.05s"); D(59999, "59.999s"); D(30000, "30s");
	/* minutes, the zero seconds left out */
	D(60000, "1m"); D(90000, "1m30s"); D(60250, "1m0.25s"); D(300000, "5m");
	D(5400000, "90m"); D(4294967295u, "71582m47.295s");
	errno = ENOENT;
	T("%m %d", 3);
	if (errno != ENOENT) {
		printf("errno changed\n");
		bad = 1;
	}
	/* NUL-terminated within SIZE; the length it wanted returned */
	if (hb_fmt(s, sizeof(s), "%s", "abcdef") != 6 || strcmp(s, "abc") ||
	    hb_fmt(s, 0, "%d", 12345) != 5 || strcmp(s, "abc")) {
		printf("truncation\n");
		bad = 1;
	}
	/* a format ending in "%l" stops there, never reading past its NUL
	 * (the bytes after it here would show) */
	{
		static const char f[] = "x%l\0y%s";
		char o[8];

		if (hb_fmt(o, sizeof(o), f, "z") != 1 || strcmp(o, "x")) {
			printf("%%l at the end: '%s'\n", o);
			bad = 1;
		}
	}
	if (!bad)
		printf("ok\n");
	return bad;
}
