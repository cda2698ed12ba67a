/* Messages prefixed with the applet's name, and the help/usage exits. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "hb.h"

const char *hb_applet = "hupbox";
const char *hb_usage_text = "";

static void vwarn(const char *fmt, va_list ap)
{
	char buf[1024];
	size_t n = hb_fmt(buf, sizeof(buf), "%s: ", hb_applet);

	if (n < sizeof(buf))
		n += hb_vfmt(buf + n, sizeof(buf) - n, fmt, ap);
	if (n > sizeof(buf) - 2)
		n = sizeof(buf) - 2;
	buf[n++] = '\n';
	hb_write_all(2, buf, n);
}

void hb_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
}

void hb_die(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
	exit(code);
}

void hb_help(void)
{
	exit(hb_write_all(1, hb_usage_text, strlen(hb_usage_text)) ? 1 : 0);
}

void hb_usage_error(int code, const char *fmt, ...)
{
	va_list ap;

	if (fmt) {
		va_start(ap, fmt);
		vwarn(fmt, ap);
		va_end(ap);
	}
	hb_dprintf(2, "Try '%s --help' for more information.\n", hb_applet);
	exit(code);
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
	const char *n = a + 2, *v = n, *r;
	const struct option *o, *hit = NULL;
	char list[256], *p = list;
	int cnt = 0;

	if (a[1] != '-')
		hb_usage_error(code, "invalid option -- '%c'", c);
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
		p += hb_fmt(p, list + sizeof(list) - p, " '--%s'", o->name);
	}
	if (!cnt)
		hb_usage_error(code, "unrecognized option '%s'", a);
	if (cnt > 1)
		hb_usage_error(code, "option '%s' is ambiguous; possibilities:%s", a, list);
	if (*v && !hit->has_arg)
		hb_usage_error(code, "option '--%s' doesn't allow an argument", hit->name);
	if (!*v && hit->has_arg == required_argument)
		hb_usage_error(code, "option '--%s' requires an argument", hit->name);
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
