/* A small printf for messages, so that applets need not pull in stdio. */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include "hb.h"

struct out {
	char *buf;
	size_t size, len;
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void put_padded(struct out *o, const char *s, size_t n,
		       int width, int left, char pad)
{
	int fill = width > (int)n ? width - (int)n : 0;

	if (!left)
		while (fill-- > 0)
			put(o, pad);
	while (n--)
		put(o, *s++);
	if (left)
		while (fill-- > 0)
			put(o, ' ');
}

static void put_number(struct out *o, unsigned long long v, int neg,
		       unsigned base, int width, int left, char pad)
{
	char tmp[24];
	int i = sizeof(tmp);

	do {
		tmp[--i] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	if (neg) {
		if (pad == '0') {
			put(o, '-');
			width--;
		} else {
			tmp[--i] = '-';
		}
	}
	put_padded(o, tmp + i, sizeof(tmp) - i, width, left, pad);
}

size_t hb_vfmt(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0 };
	int saved_errno = errno;

	for (; *fmt; fmt++) {
		int width = 0, prec = -1, left = 0, lng = 0;
		char pad = ' ';

		if (*fmt != '%') {
			put(&o, *fmt);
			continue;
		}
		fmt++;
		if (*fmt == '-') {
			left = 1;
			fmt++;
		}
		if (*fmt == '0') {
			pad = '0';
			fmt++;
		}
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + *fmt++ - '0';
		if (*fmt == '.') {
			prec = 0;
			for (fmt++; *fmt >= '0' && *fmt <= '9'; fmt++)
				prec = prec * 10 + *fmt - '0';
		}
		while (*fmt == 'l') {
			lng++;
			fmt++;
		}
		switch (*fmt) {
		case 's': {
			const char *s = va_arg(ap, const char *);
			size_t n;

			if (!s)
				s = "(null)";
			n = strlen(s);
			if (prec >= 0 && (size_t)prec < n)
				n = prec;
			put_padded(&o, s, n, width, left, ' ');
			break;
		}
		case 'm': {
			const char *s = strerror(saved_errno);

			put_padded(&o, s, strlen(s), width, left, ' ');
			break;
		}
		case 'c': {
			char c = va_arg(ap, int);

			put_padded(&o, &c, 1, width, left, ' ');
			break;
		}
		case 'd':
		case 'i': {
			long long v = lng > 1 ? va_arg(ap, long long) :
				      lng ? va_arg(ap, long) : va_arg(ap, int);
			unsigned long long u = v < 0 ? -(unsigned long long)v : (unsigned long long)v;

			put_number(&o, u, v < 0, 10, width, left, pad);
			break;
		}
		case 'u':
		case 'x':
		case 'o': {
			unsigned long long v = lng > 1 ? va_arg(ap, unsigned long long) :
					       lng ? va_arg(ap, unsigned long) :
					       va_arg(ap, unsigned);

			put_number(&o, v, 0, *fmt == 'u' ? 10 : *fmt == 'x' ? 16 : 8,
				   width, left, pad);
			break;
		}
		case '%':
			put(&o, '%');
			break;
		default:
			/* An unknown conversion is a programming error: show it. */
			put(&o, '%');
			if (!*fmt)
				fmt--;
			else
				put(&o, *fmt);
		}
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
