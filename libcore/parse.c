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
	/* strtod's decimal forms: the digits as one number, then moved by
	 * the point and the exponent to nanoseconds */
	long long v = 0;
	int digits = 0, point = 0, frac = 0, e = 0, neg;

	while (*s == ' ' || (*s >= '\t' && *s <= '\r'))
		s++;
	s += *s == '+';
	for (;; s++) {
		if (*s == '.' && !point) {
			point = 1;
			continue;
		}
		if (*s < '0' || *s > '9')
			break;
		digits++;
		if (v > LLONG_MAX / 10 - 9) {
			/* a digit past any precision: a place for the
			 * exponent to move, if in the whole part */
			frac -= !point;
			continue;
		}
		v = v * 10 + (*s - '0');
		frac += point;
	}
	if ((*s == 'e' || *s == 'E') && digits) {
		neg = *++s == '-';
		s += neg || *s == '+';
		for (digits = 0; *s >= '0' && *s <= '9'; s++, digits++)
			if (e < 1000)
				e = e * 10 + (*s - '0');
		if (neg)
			e = -e;
	}
	if (*s || !digits)
		return -1;
	for (e += 9 - frac; e > 0; e--) {
		if (v > LLONG_MAX / 10)
			return -1;
		v *= 10;
	}
	for (; e < 0; e++)
		v /= 10;
	/* a time_t of 32 bits (glibc mips) must not wrap */
	if (v / 1000000000 > INT_MAX)
		return -1;
	out->tv_sec = v / 1000000000;
	out->tv_nsec = v % 1000000000;
	return 0;
}

/* The system call itself: musl's clock_gettime() brings its vDSO lookup,
 * about 950 bytes, to save a syscall that is made only a few times per
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
