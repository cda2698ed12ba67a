/* A small printf for messages, so that applets need not pull in stdio. */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include "hb.h"

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
				 * their unsigned type: a va_arg is 30 bytes of
				 * code on x86_64. */
				unsigned long long v = lng > 1 ? va_arg(ap, unsigned long long) :
					lng ? va_arg(ap, unsigned long) : va_arg(ap, unsigned);
				long long sv = lng > 1 ? (long long)v : lng ? (long)v : (int)v;
				unsigned base = *fmt == 'x' ? 16 : 10;

				if (*fmt == 'c') {
					*--p = v;
				} else {
					if (*fmt == 'd' && sv < 0)
						v = -(unsigned long long)sv;
					do
						*--p = "0123456789abcdef"[v % base];
					while (v /= base);
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
