/* Messages prefixed with the applet's name, hb_dprintf, and the help/usage
 * exits. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "hb.h"

const char *hb_applet = "hupbox";
/* set by the dispatcher before any applet runs: in .bss, not .data */
const char *hb_usage_text;

/* FMT on FD in one write(2); with WARN (1) as "APPLET: FMT\n".  The bytes
 * written, or -1. */
static int out(int fd, int warn, const char *fmt, va_list ap)
{
	char buf[1024], *p = buf;
	const char *a = hb_applet;	/* an applet's name: it fits */
	size_t n;

	if (warn) {
		while (*a)
			*p++ = *a++;
		*p++ = ':';
		*p++ = ' ';
	}
	n = p - buf + hb_vfmt(p, buf + sizeof(buf) - p, fmt, ap);
	if (n > sizeof(buf) - 1 - warn)
		n = sizeof(buf) - 1 - warn;
	if (warn)
		buf[n++] = '\n';
	return hb_write_all(fd, buf, n) < 0 ? -1 : (int)n;
}

int hb_dprintf(int fd, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = out(fd, 0, fmt, ap);
	va_end(ap);
	return n;
}

void hb_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	out(2, 1, fmt, ap);
	va_end(ap);
}

void hb_die(int code, const char *fmt, ...)
{
	va_list ap;

	if (fmt) {
		va_start(ap, fmt);
		out(2, 1, fmt, ap);
		va_end(ap);
	}
	if (code & HB_TRY)
		hb_dprintf(2, "Try '%s --help' for more information.\n", hb_applet);
	exit(code & 0xff);
}

void hb_help(void)
{
	exit(hb_write_all(1, hb_usage_text, strlen(hb_usage_text)) ? 1 : 0);
}

void hb_version(void)
{
	exit(hb_printf("%s (hupbox) " HB_VERSION "\n", hb_applet) < 0);
}

/* glibc's getopt_long words for a bad option, as musl's differ: a short
 * option C, else the long option A as a unique prefix of one in OPTS,
 * which is returned when it is fine.  A long option that wants an
 * argument and has none was bad only for want of it (getopt_long's ':'). */
const struct option *hb_bad_option(int code, const char *a, int c,
				   const struct option *opts)
{
	const char *n = a + 2, *v = n, *r, *why = NULL;
	const struct option *o, *hit = NULL;
	char list[256], *p = list;
	int cnt = 0;

	code |= HB_TRY;
	if (a[1] != '-')
		hb_die(code, "invalid option -- '%c'", c);
	*p = 0;
	while (*v && *v != '=')
		v++;
	for (o = opts; o->name; o++) {
		if (!(r = hb_prefix(o->name, n)))
			continue;
		hit = o;
		if (!*r) {
			cnt = 1;
			break;
		}
		cnt++;
		/* hb_fmt returns the length it wanted: none past the end */
		if (p < list + sizeof(list))
			p += hb_fmt(p, list + sizeof(list) - p, " '--%s'", o->name);
	}
	if (!cnt)
		why = "unrecognized option '%s'";
	else if (cnt > 1)
		why = "option '%s' is ambiguous; possibilities:%s";
	else if (a = hit->name, *v && !hit->has_arg)
		why = "option '--%s' doesn't allow an argument";
	else if (!*v && hit->has_arg == required_argument)
		why = "option '--%s' requires an argument";
	if (why)
		hb_die(code, why, a, list);
	return hit;
}

/* LO filled from NAMES ("name\0name\0...") and VALS (each one's value,
 * 0x80 set when it takes an argument; 0 ends), and 0-terminated: a static
 * struct option is 32 bytes on 64-bit, this is a few per option. */
struct option *hb_longopts(struct option *lo, const char *names,
			   const char *vals)
{
	struct option *o = lo;

	for (; *vals; vals++, o++) {
		o->name = names;
		o->has_arg = (unsigned char)*vals >> 7;
		o->flag = NULL;
		o->val = *vals & 0x7f;
		while (*names++)
			;
	}
	memset(o, 0, sizeof(*o));
	return lo;
}
