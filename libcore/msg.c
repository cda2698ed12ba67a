/* Messages prefixed with the applet's name, and the help/usage exits. */
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

	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
	hb_dprintf(2, "Try '%s --help' for more information.\n", hb_applet);
	exit(code);
}

void hb_version(void)
{
	exit(hb_printf("%s (hupbox) " HB_VERSION "\n", hb_applet) < 0);
}
