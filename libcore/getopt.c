/* SPDX-License-Identifier: 0BSD */
/* hb_getopt(): glibc's getopt_long() as util-linux and coreutils users
 * know it (clusters, abbreviations, argument order, messages), in less
 * code than musl's getopt_long() with the stdio its
 * messages need, and its messages have other words than glibc's.
 * tests/helpers/getopt-check.c holds it against glibc's.
 */
#include <string.h>
#include "hb.h"

int hb_optind = 1;
char *hb_optarg;
const char *hb_optname;
/* FIRST: the argument the option began in; CUR: the one being read;
 * POS: the next short option in it, 0 when the next call starts anew */
static int first, cur, pos;

/* The long option "--A[=value]" (A past the "--"), a unique prefix of a
 * name in NAMES (prefixes of options with the same value and argument
 * count as one, as glibc's): its value, its argument in hb_optarg. */
static int long_opt(char **argv, char *a, const char *names, const char *vals, int code)
{
	const char *n = names, *end, *r, *name = NULL, *why = NULL;
	char list[512], *p = list, *v = a;
	int i, hit = -1, ambiguous = 0;

	while (*v && *v != '=')
		v++;
	*p = 0;
	for (i = 0; vals[i]; i++, n = end + 1) {
		for (end = n; *end; end++)
			;
		if (!(r = hb_prefix(n, a)))
			continue;
		if (!*r) {
			hit = i;
			name = n;
			ambiguous = 0;
			break;
		}
		if (hit < 0)
			hit = i, name = n;
		else if (vals[i] != vals[hit])
			ambiguous = 1;
		else
			continue;
		/* hb_fmt returns the length it wanted: none past the end */
		if (p < list + sizeof(list))
			p += hb_fmt(p, list + sizeof(list) - p, " '--%s'", n);
	}
	cur++;
	if (hit < 0)
		why = "unrecognized option '--%s'";
	else if (ambiguous)
		why = "option '--%s' is ambiguous; possibilities:%s";
	else if (a = (char *)(hb_optname = name), vals[hit] & 0x80) {
		if (*v)
			hb_optarg = v + 1;
		else if (!(hb_optarg = argv[cur++]))
			why = "option '--%s' requires an argument";
	} else if (*v)
		why = "option '--%s' doesn't allow an argument";
	if (why)
		hb_die(code | HB_TRY, why, a, list);
	return vals[hit] & 0x7f;
}

/* The next short option of the cluster argv[cur]. */
static int short_opt(char **argv, const char *opts, int code)
{
	char *a = argv[cur];
	int c = a[pos++];
	const char *f = c == ':' ? NULL : strchr(opts + (*opts == '+'), c);

	if (!a[pos]) {
		pos = 0;
		cur++;
	}
	if (!f)
		hb_die(code | HB_TRY, "invalid option -- '%c'", c);
	if (f[1] == ':') {
		if (pos) {
			hb_optarg = a + pos;
			pos = 0;
			cur++;
		} else if (!(hb_optarg = argv[cur++])) {
			hb_die(code | HB_TRY, "option requires an argument -- '%c'", c);
		}
	}
	return c;
}

int hb_getopt(char **argv, const char *opts, const char *names, const char *vals, int code)
{
	char *a;
	int c = -1, k;

	if (!pos) {
		for (cur = hb_optind; (a = argv[cur]) && (*a != '-' || !a[1]); cur++)
			if (*opts == '+')
				return -1;
		if (!a)
			return -1;
		first = cur;
		if (a[1] != '-')
			pos = 1;
		else if (a[2])
			c = long_opt(argv, a + 2, names, vals, code);
		else	/* "--": the end of the options */
			cur++;
	}
	if (pos)
		c = short_opt(argv, opts, code);
	/* once the option is read, its arguments go before the operands it
	 * was found after, in order: each swapped down to hb_optind (a loop
	 * that shifts would become a call to memmove) */
	if (!pos)
		for (; first < cur; first++, hb_optind++)
			for (k = first; k > hb_optind; k--) {
				a = argv[k];
				argv[k] = argv[k - 1];
				argv[k - 1] = a;
			}
	return c;
}
