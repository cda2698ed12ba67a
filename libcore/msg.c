/* SPDX-License-Identifier: 0BSD */
/* Messages prefixed with the applet's name, hb_dprintf, and the version
 * and usage-error exits. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "hb.h"
/* HB_VERSION: VERSION, or `git describe` in a git checkout (the Makefile);
 * included only here, so that a new commit rebuilds only this file */
#include "version.h"

const char *hb_applet = "hupbox";
/* one string for every place that prints the version; aligned(1): no
 * padding before bytes read one at a time (by hb_fmt) */
const char hb_name_version[] __attribute__((aligned(1))) = "hupbox " HB_VERSION;
void (*hb_warn_also)(const char *) HB_HOT;

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
	if (warn) {
		buf[n] = 0;
		if (hb_warn_also)
			hb_warn_also(p);
		buf[n++] = '\n';
	}
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

void hb_version(void)
{
	/* the version alone: past "hupbox " (sizeof counts its NUL for the space) */
	exit(hb_printf("%s (hupbox) %s\n", hb_applet, hb_name_version + sizeof("hupbox")) < 0);
}
