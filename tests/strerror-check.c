/* SPDX-License-Identifier: 0BSD */
/* tests/strerror.test's program (make musl-check-strerror): libcore/
 * strerror.c, compiled as hb_strerror(), against the libc's own
 * strerror() for every errno value from -4096 to past 65536 (where a
 * 16-bit index would wrap) and the int's extremes.  Prints each value
 * that differs, then "VALUES values, MESSAGES messages, DIFFER differ"
 * (MESSAGES: the values whose message is not the unknown one's); exits 1
 * when any differs.  When errmsg.h has no table (toolchains/errmsg.sh's
 * fallback), there is no hb_strerror(): prints "no table", exits 2. */
#include <limits.h>
#include <locale.h>
#include <string.h>
#include <unistd.h>
#include "errmsg.h"

static void put(const char *s)
{
	if (write(1, s, strlen(s)) < 0)
		_exit(3);
}

#ifdef ERRMSG_COUNT
static void put_num(long long v)
{
	char b[24], *p = b + sizeof(b);
	unsigned long long u = v < 0 ? -(unsigned long long)v : (unsigned long long)v;

	*--p = 0;
	do
		*--p = '0' + u % 10;
	while (u /= 10);
	if (v < 0)
		*--p = '-';
	put(p);
}

char *hb_strerror(int e);

static long long values, messages, differ;

static void compare(int e)
{
	const char *libc = strerror(e), *own = hb_strerror(e);

	values++;
	if (strcmp(libc, strerror(-1)))
		messages++;
	if (!strcmp(libc, own))
		return;
	differ++;
	put("errno ");
	put_num(e);
	put(": libc \"");
	put(libc);
	put("\", hupbox \"");
	put(own);
	put("\"\n");
}

int main(void)
{
	static const int edge[] = { INT_MIN, INT_MIN + 1, INT_MAX - 1, INT_MAX };
	unsigned i;
	int e;

	/* musl's strerror() reads the thread's locale, which libcore/musl.c's
	 * start-up leaves unset where libcore/strerror.c's table is in use
	 * (hupbox's then has no other reader: toolchains/musl.awk checks) */
	uselocale(LC_GLOBAL_LOCALE);
	for (e = -4096; e <= 70000; e++)
		compare(e);
	for (i = 0; i < sizeof(edge) / sizeof(*edge); i++)
		compare(edge[i]);
	put_num(values);
	put(" values, ");
	put_num(messages);
	put(" messages, ");
	put_num(differ);
	put(" differ\n");
	return differ != 0;
}
#else
int main(void)
{
	put("no table\n");
	return 2;
}
#endif
