/* SPDX-License-Identifier: 0BSD */
/* A small printf for messages, so that applets need not pull in stdio. */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include "hb.h"

/* V / 16 (HEX) or V / 10, the remainder in *R, by shifts and by a
 * constant, which compilers multiply out: no division routine.  A 32-bit
 * target divides by 10 16 bits of V at a time, as a 64-bit division there
 * is libgcc's (2.2 KB on mipsel).  tests/helpers/fmt-check.c sets
 * HB_WORD_DIVIDE to check that way on the 64-bit host. */
#ifndef HB_WORD_DIVIDE
#define HB_WORD_DIVIDE (sizeof(long) < 8)
#endif
static unsigned long long divide(unsigned long long v, int hex, unsigned *r)
{
	unsigned w[2] = { v >> 32, v }, t, d, i;
	unsigned long long q = 0;

	if (hex) {
		*r = v & 15;
		return v >> 4;
	}
	if (!HB_WORD_DIVIDE) {
		*r = v % 10;
		return v / 10;
	}
	for (*r = i = 0; i < 4; i++) {
		t = *r << 16 | (w[i >> 1] >> (i & 1 ? 0 : 16) & 0xffff);
		d = t / 10;
		q = q << 16 | d;
		/* d is t / 10 multiplied out; gcc -Oz would take this for
		 * t % 10 and call ARM's division routine (0.7 KB) for it */
		__asm__("" : "+r"(d));
		*r = t - d * 10;
	}
	return q;
}

/* Conversions: %s %c %d %u %x (d u x with l or ll) and %m (strerror of
 * errno at the call): what the applets' messages use, no more.  Any other
 * character after '%' stands for itself, so %% is '%'. */
size_t hb_vfmt(char *buf, size_t size, const char *fmt, va_list ap)
{
	size_t len = 0;

	for (; *fmt; fmt++) {
		char tmp[24], *p = tmp + sizeof(tmp);
		const char *s = fmt;
		size_t n = 1;
		int lng = 0;

		if (*fmt == '%' && fmt[1]) {
			while (*++fmt == 'l')
				lng++;
			if (!*fmt)	/* "%l" at the end: never past the NUL */
				break;
			s = fmt;
			switch (*fmt) {
			case 's':
				s = va_arg(ap, const char *);
				if (!s)
					s = "(null)";
				n = strlen(s);
				break;
			case 'm':
				/* nothing here sets errno: the caller's */
				s = strerror(errno);
				n = strlen(s);
				break;
			case 'c':
			case 'd':
			case 'u':
			case 'x': {
				/* One va_arg per size, signed ones read as
				 * their unsigned type: each va_arg site is
				 * a block of code of its own; %l is read as
				 * %ll where long is long long's size. */
				int wide = lng > 1 || (lng && sizeof(long) == sizeof(long long));
				unsigned long long v = wide ? va_arg(ap, unsigned long long) :
					lng ? va_arg(ap, unsigned long) : va_arg(ap, unsigned);
				long long sv = wide ? (long long)v : lng ? (long)v : (int)v;

				if (*fmt == 'c') {
					*--p = v;
				} else {
					if (*fmt == 'd' && sv < 0)
						v = -(unsigned long long)sv;
					do {
						unsigned digit;

						v = divide(v, *fmt == 'x', &digit);
						*--p = digit + (digit > 9 ? 'a' - 10 : '0');
					} while (v);
					if (*fmt == 'd' && sv < 0)
						*--p = '-';
				}
				s = p;
				n = tmp + sizeof(tmp) - p;
			}
			}
		}
		for (; n--; s++, len++)
			if (len + 1 < size)
				buf[len] = *s;
	}
	if (size)
		buf[len < size ? len : size - 1] = 0;
	return len;
}

size_t hb_fmt(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	n = hb_vfmt(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

/* "250ms" below a second unless whole tenths ("0.6s"), else minutes and
 * seconds, a zero part left out, seconds with up to three decimals ("1.5s",
 * "1m30s", "5m", "90m", "1m0.25s").  Apart from hb_vfmt, so that only the
 * applets that print a duration link it.  Digits by divide() and minutes
 * by subtraction: no division routine where the CPU has no divide (ARM). */
char *hb_duration(char *buf, unsigned ms)
{
	unsigned long long sec = ms;
	unsigned dec[3], min = 0, last = 3, i;
	size_t n = 0;

	for (i = 3; i--; )	/* dec[0] the tenths ... dec[2] the thousandths */
		sec = divide(sec, 0, &dec[i]);
	while (last && !dec[last - 1])
		last--;
	if (ms < 1000 && last > 1) {
		hb_fmt(buf, HB_DURATION, "%ums", ms);
		return buf;
	}
	for (; sec >= 60; sec -= 60)	/* at most 71582 turns */
		min++;
	if (min)
		n = hb_fmt(buf, HB_DURATION, "%um", min);
	if (sec || last || !n) {
		n += hb_fmt(buf + n, HB_DURATION - n, "%u", (unsigned)sec);
		if (last)
			buf[n++] = '.';
		for (i = 0; i < last; i++)
			buf[n++] = '0' + dec[i];
		buf[n++] = 's';
		buf[n] = 0;
	}
	return buf;
}
