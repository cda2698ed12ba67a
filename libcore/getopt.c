/* SPDX-License-Identifier: 0BSD */
/* hb_getopt(): glibc's getopt_long() as util-linux and coreutils users
 * know it (clusters, abbreviations, argument order, messages), by an
 * applet's option table (HB_OPTIONS in hb.h), and hb_help(), which prints
 * that table as --help.  It is smaller than musl's getopt_long() with the
 * stdio its messages need, whose messages have other words than glibc's.
 * tests/helpers/getopt-check.c holds it against glibc's.
 */
#include <stdlib.h>
#include <string.h>
#include "hb.h"

int hb_optind = 1;
char *hb_optarg HB_HOT;
const char *hb_optname HB_HOT;
/* FIRST: the argument the option began in; CUR: the one being read;
 * POS: the next short option in it, 0 when the next call starts anew */
static int first HB_HOT, cur HB_HOT, pos HB_HOT;

/* The help lines start at this column, as util-linux's flock's
 * (toolchains/help.awk, which checks that --help fits in hb_help()'s
 * buffer, has it and the buffer's size too). */
#define HELP_COLUMN 26

/* The string after S. */
static const char *skip(const char *s)
{
	while (*s++)
		;
	return s;
}

/* An entry: its letter byte, then its name and its argument's name. */
#define NAME(e) ((e) + 1)
#define ARG(e) skip(NAME(e))
static const char *next_entry(const char *e)
{
	return skip(ARG(e));
}

/* The first entry of TABLE: after the pointer to its --help text. */
static const char *entries(const void *table)
{
	return (const char *)table + sizeof(const unsigned char *);
}

/* The long option "--A[=value]" (A past the "--"), a unique prefix of a
 * name in the table (prefixes of aliases, with one letter and argument,
 * count as one, as glibc's): its entry, its argument in hb_optarg. */
static const char *long_opt(char **argv, char *a, const char *e, int code)
{
	const char *r, *hit = NULL, *why = NULL;
	char list[512], *v = a;
	int ambiguous = 0;

	while (*v && *v != '=')
		v++;
	*list = 0;
	for (; *e; e = next_entry(e)) {
		if (!*NAME(e) || !(r = hb_prefix(NAME(e), a)))
			continue;
		if (!*r) {
			hit = e;
			ambiguous = 0;
			break;
		}
		if (!hit)
			hit = e;
		else if (*e != *hit ||
			 !*ARG(e) != !*ARG(hit))
			ambiguous = 1;
		else
			continue;
		/* appended: the list copied onto itself, then the name
		 * (hb_fmt copies a byte at a time, and cuts at the end) */
		hb_fmt(list, sizeof(list), "%s '--%s'", list, NAME(e));
	}
	cur++;
	if (!hit)
		why = "unrecognized option '--%s'";
	else if (ambiguous)
		why = "option '--%s' is ambiguous; possibilities:%s";
	else if (a = (char *)(hb_optname = NAME(hit)), *ARG(hit)) {
		if (*v)
			hb_optarg = v + 1;
		else if (!(hb_optarg = argv[cur++]))
			why = "option '--%s' requires an argument";
	} else if (*v)
		why = "option '--%s' doesn't allow an argument";
	if (why)
		hb_die(code | HB_TRY, why, a, list);
	return hit;
}

/* The next short option of the cluster argv[cur]: its entry (noinline:
 * inlined into hb_getopt(), its only caller, it is larger on x86_64). */
static const char * __attribute__((noinline)) short_opt(char **argv, const char *e, int code)
{
	/* in locals, stored once: the globals would be loaded at each use */
	int p = pos, k = cur;
	char *a = argv[k];
	unsigned char c = a[p++];

	if (!a[p]) {
		p = 0;
		k++;
	}
	/* '+' is the order mark, no option; a byte from HB_LONG_ONLY up is a
	 * long-only option's value */
	if (c == '+' || c >= HB_LONG_ONLY)
		e = "";
	while (*e && (unsigned char)*e != c)
		e = next_entry(e);
	if (!*e)
		hb_die(code | HB_TRY, "invalid option -- '%c'", c);
	if (*ARG(e)) {
		if (p) {
			hb_optarg = a + p;
			p = 0;
			k++;
		} else if (!(hb_optarg = argv[k++])) {
			hb_die(code | HB_TRY, "option requires an argument -- '%c'", c);
		}
	}
	pos = p;
	cur = k;
	return e;
}

/* The OPT_ constant of entry E: the place in TABLE of the first entry
 * with its letter byte, E's own or the one E is an alias of. */
static int number(const void *table, const char *e)
{
	const char *f = entries(table);
	int i = 0;

	for (; *f != *e; f = next_entry(f))
		i++;
	return i;
}

int hb_getopt(char **argv, const void *table, int code)
{
	const char *e = entries(table);
	char *a;
	int k;

	if (!pos) {
		for (cur = hb_optind; (a = argv[cur]) && (*a != '-' || !a[1]); cur++)
			if (*e == '+')
				return -1;
		if (!a)
			return -1;
		first = cur;
		if (a[1] != '-')
			pos = 1;
		else if (a[2])
			e = long_opt(argv, a + 2, e, code);
		else	/* "--": the end of the options */
			cur++, e = NULL;
	}
	if (pos)
		e = short_opt(argv, e, code);
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
	if (!e)
		return -1;
	if (!strcmp(NAME(e), "help"))
		hb_help(table);
	if (!strcmp(NAME(e), "version"))
		hb_version();
	return number(table, e);
}

/* S copied to P: past its end. */
static char * __attribute__((noinline)) put(char *p, const char *s)
{
	while (*s)
		*p++ = *s++;
	return p;
}

/* The --help text's pairs (toolchains/help.awk, generated at build time) */
extern const unsigned char hb_help_pair[][2];

char *hb_unpack(char *p, const unsigned char **text)
{
	unsigned c;

	while ((c = *(*text)++))
		p = hb_expand(p, c, hb_help_pair);
	return p;
}

void hb_help(const void *table)
{
	/* All of it, then one write: an applet's help is a fraction of it.
	 * On the stack, as the process ends here: a static buffer would lie
	 * between the option parser's state and the applet's, and cost the
	 * page between them to a supervisor that never asked for --help. */
	char out[4096];
	const unsigned char *text = *(const unsigned char *const *)table;
	const char *e = entries(table), *name, *arg;
	char *p = put(hb_unpack(out, &text), "\nOptions:\n"), *line;

	for (; *e; e = next_entry(e)) {
		/* an empty help line: an alias, left out */
		if (!*text) {
			text++;
			continue;
		}
		name = NAME(e);
		arg = skip(name);
		/* " -x, --long ARG", " -x ARG" or "     --long ARG": the
		 * first with its letter, blanked or cut short */
		line = p;
		p = put(p, " -x, --");
		line[2] = *e;
		if ((unsigned char)*e >= HB_LONG_ONLY)
			line[1] = line[2] = line[3] = ' ';
		if (!*name)
			p -= 4;
		p = put(p, name);
		if (*arg) {
			*p++ = ' ';
			p = put(p, arg);
		}
		do
			*p++ = ' ';
		while (p < line + HELP_COLUMN || p[-2] != ' ');
		p = hb_unpack(p, &text);
		*p++ = '\n';
	}
	p = hb_unpack(p, &text);
	exit(hb_write_all(1, out, p - out) < 0);
}
