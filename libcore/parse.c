/* SPDX-License-Identifier: 0BSD */
/* Numbers and durations from the command line; monotonic time. */
#include <errno.h>
#include <limits.h>
#include <unistd.h>
#include <sys/syscall.h>
#include "hb.h"

char *hb_blanks(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return (char *)p;
}

char *hb_last(const char *s, int c)
{
	const char *last = NULL;

	for (; *s; s++)
		if (*s == c)
			last = s;
	return (char *)last;
}

char *hb_prefix(const char *s, const char *pre)
{
	for (; *pre && *pre != '='; s++, pre++)
		if (*s != *pre)
			return NULL;
	return (char *)s;
}

int hb_parse_long(const char *s, long min, long max, long *out)
{
	int neg = *s == '-';
	/* the magnitude, up to LONG_MIN's */
	unsigned long v = 0, lim = (unsigned long)LONG_MAX + neg, d;
	long r;

	if (*s == '-' || *s == '+')
		s++;
	if (!*s)
		return -1;
	for (; *s; s++) {
		d = *s - '0';
		if (d > 9 || __builtin_mul_overflow(v, 10, &v) ||
		    __builtin_add_overflow(v, d, &v) || v > lim)
			return -1;
	}
	r = neg && v ? -(long)(v - 1) - 1 : (long)v;
	if (r < min || r > max)
		return -1;
	*out = r;
	return 0;
}

int hb_parse_seconds(const char *s, struct timespec *out)
{
	/* Words, no long long: a 64-bit division would bring libgcc's on
	 * 32-bit targets.  Whole seconds are at most INT_MAX,
	 * a time_t of 32 bits (glibc mips) too.  The places fit in 32 bits;
	 * aligned(4): not x86_64's 16 for an array. */
	static const unsigned place[9] __attribute__((aligned(4))) = {
		1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000
	};
	unsigned long sec = 0, nsec = 0;
	const char *m, *end;
	int digits = 0, whole, e = 0, neg = 0, q;

	/* strtod's decimal forms: blanks, '+', a fraction, an exponent */
	while (*s == ' ' || (*s >= '\t' && *s <= '\r'))
		s++;
	s += *s == '+';
	for (m = s; *s >= '0' && *s <= '9'; s++)
		digits++;
	whole = digits;
	if (*s == '.')
		for (s++; *s >= '0' && *s <= '9'; s++)
			digits++;
	end = s;
	if ((*s == 'e' || *s == 'E') && digits) {
		neg = *++s == '-';
		s += neg || *s == '+';
		for (digits = 0; *s >= '0' && *s <= '9'; s++, digits++)
			if (e < 100000)
				e = e * 10 + (*s - '0');
	}
	if (*s || !digits)
		return -1;
	/* Each digit at its place once the exponent has moved it, q: 0 the
	 * units, -1 the tenths; past the nanoseconds dropped. */
	q = whole - 1 + (neg ? -e : e);
	for (; m < end; m++) {
		if (*m == '.')
			continue;
		if (q >= 0) {
			if (sec > INT_MAX / 10)
				return -1;
			sec = sec * 10 + (*m - '0');
		} else if (q >= -9) {
			nsec += (*m - '0') * place[9 + q];
		}
		q--;
	}
	for (; q >= 0; q--) {	/* the exponent's zeros */
		if (sec > INT_MAX / 10)
			return -1;
		sec *= 10;
	}
	if (sec > INT_MAX)
		return -1;
	out->tv_sec = sec;
	out->tv_nsec = nsec;
	return 0;
}

/* The system call itself: musl's clock_gettime() brings its vDSO lookup,
 * to save a syscall that is made only a few times per
 * event here. */
void hb_now(struct timespec *ts)
{
#ifdef SYS_clock_gettime64
	/* A 32-bit arch.  With a 64-bit time_t (musl) ts is the kernel's
	 * time64 struct; kernels before 5.1 have only the old call, whose
	 * struct is two longs (as is glibc's 32-bit time_t one). */
	long t[2];
	int e = errno;

	if (sizeof(ts->tv_sec) > 4 &&
	    !syscall(SYS_clock_gettime64, CLOCK_MONOTONIC, ts))
		return;
	errno = e;
#ifdef SYS_clock_gettime32
	syscall(SYS_clock_gettime32, CLOCK_MONOTONIC, t);
#else
	syscall(SYS_clock_gettime, CLOCK_MONOTONIC, t);
#endif
	ts->tv_sec = t[0];
	ts->tv_nsec = t[1];
#else
	syscall(SYS_clock_gettime, CLOCK_MONOTONIC, ts);
#endif
}

long long hb_now_ms(void)
{
	struct timespec ts;

	hb_now(&ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
