/* A small printf for messages, so that applets need not pull in stdio. */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include "hb.h"

struct out {
	char *buf;
	size_t size, len;
};

static void put(struct out *o, const char *s, size_t n)
{
	while (n--) {
		if (o->len + 1 < o->size)
			o->buf[o->len] = *s;
		o->len++;
		s++;
	}
}

/* Conversions: %s %c %d %u %x with an optional l or ll, %m (strerror of
 * errno at the call), %% and a field width for numbers (with 0 for zero
 * padding): what the applets' messages use, no more. */
size_t hb_vfmt(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0 };
	int saved_errno = errno;

	for (; *fmt; fmt++) {
		char tmp[24], *p = tmp + sizeof(tmp), pad = ' ';
		const char *s = tmp;
		unsigned long long v;
		int width = 0, lng = 0, neg = 0;
		unsigned base = 10;

		if (*fmt != '%') {
			put(&o, fmt, 1);
			continue;
		}
		if (*++fmt == '0')
			pad = *fmt++;
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + *fmt++ - '0';
		while (*fmt == 'l') {
			lng++;
			fmt++;
		}
		switch (*fmt) {
		case 's':
			s = va_arg(ap, const char *);
			if (!s)
				s = "(null)";
			break;
		case 'm':
			s = strerror(saved_errno);
			break;
		case 'c':
			tmp[0] = va_arg(ap, int);
			tmp[1] = 0;
			break;
		case 'd':
		case 'i': {
			long long sv = lng > 1 ? va_arg(ap, long long) :
				       lng ? va_arg(ap, long) : va_arg(ap, int);

			neg = sv < 0;
			v = neg ? -(unsigned long long)sv : (unsigned long long)sv;
			goto number;
		}
		case 'x':
			base = 16;
			/* fall through */
		case 'u':
			v = lng > 1 ? va_arg(ap, unsigned long long) :
			    lng ? va_arg(ap, unsigned long) : va_arg(ap, unsigned);
		number:
			do {
				*--p = "0123456789abcdef"[v % base];
				v /= base;
			} while (v);
			if (neg) {
				put(&o, "-", 1);
				width--;
			}
			while (width-- > tmp + sizeof(tmp) - p)
				put(&o, &pad, 1);
			put(&o, p, tmp + sizeof(tmp) - p);
			continue;
		default:
			/* %% and, visibly, any conversion we do not know. */
			if (*fmt != '%')
				put(&o, "%", 1);
			if (!*fmt)
				fmt--;
			else
				put(&o, fmt, 1);
			continue;
		}
		put(&o, s, strlen(s));
	}
	if (size)
		buf[o.len < size ? o.len : size - 1] = 0;
	errno = saved_errno;
	return o.len;
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

int hb_vdprintf(int fd, const char *fmt, va_list ap)
{
	char buf[1024];
	size_t n = hb_vfmt(buf, sizeof(buf), fmt, ap);

	if (n >= sizeof(buf))
		n = sizeof(buf) - 1;
	return hb_write_all(fd, buf, n) < 0 ? -1 : (int)n;
}

int hb_dprintf(int fd, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = hb_vdprintf(fd, fmt, ap);
	va_end(ap);
	return n;
}

int hb_printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = hb_vdprintf(1, fmt, ap);
	va_end(ap);
	return n;
}
