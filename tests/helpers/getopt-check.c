/* SPDX-License-Identifier: 0BSD */
/* getopt-check: libcore's hb_getopt, built for the host, against glibc's
 * getopt_long on the option tables of hupbox's applets themselves: make
 * copies each NAME_OPTIONS list out of applets/NAME.c into options.h
 * (build/tools), and glibc's option string and struct option are made
 * from the same table hb_getopt reads.  Each command line runs in a child
 * per parser, which prints every option (its entry's place in the table)
 * and argument it gets, then the operands in their final order, or the
 * error message (glibc's getopt_long prints its own; hupbox's hb_die the
 * same words and the try-help line), or --help's text (hb_help for both;
 * the tables' help lines, compressed by toolchains/help.awk as the build
 * does, are make's getopt-help.c, made from this file).
 * It also checks each table: an entry's letter is an earlier entry's
 * only when it is that entry's alias (same argument), names are unique.
 * Prints "ok", or each command line whose outputs differ.
 */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include "../../libcore/fmt.c"
#include "../../libcore/getopt.c"
#include "../../libcore/bpe.c"

char *hb_prefix(const char *s, const char *pre);
#include "../../libcore/parse.c"

const char *hb_applet = "prog";

void hb_die(int code, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", hb_applet);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (code & HB_TRY)
		fprintf(stderr, "Try '%s --help' for more information.\n", hb_applet);
	exit(code & 0xff);
}

void hb_version(void)
{
	printf("%s (hupbox)\n", hb_applet);
	exit(0);
}

int hb_write_all(int fd, const void *buf, size_t len)
{
	return write(fd, buf, len) == (ssize_t)len ? 0 : -1;
}

/* Each applet's table, made by HB_OPTIONS from its own list, and its
 * help lines (no usage or trailer) */
#define TABLE(applet, list) \
	static const void *applet##_table(void) \
	{ \
		HB_OPTIONS(applet##_options, list, "", ""); \
		return &applet##_options; \
	}
#include "options.h"
#undef TABLE
#ifndef HB_HELP_DUMP
#include "getopt-help.c"
#endif

static const struct set {
	const char *name;
	const void *(*table)(void);
} sets[] = {
#define TABLE(applet, list) { #applet, applet##_table },
#include "options.h"
#undef TABLE
};
#define NSETS (sizeof(sets) / sizeof(*sets))

/* The entries of a table, as hb_getopt() walks them. */
struct entry {
	unsigned char letter;
	const char *name, *arg;
};

static int read_table(const void *table, struct entry *e)
{
	const char *p = entries(table);
	int n = 0;

	for (; *p; p = next_entry(p), n++) {
		e[n].letter = *p;
		e[n].name = NAME(p);
		e[n].arg = ARG(p);
	}
	return n;
}

/* The entry glibc's value stands for: a long-only option's value is
 * 0x100 + its place; a letter's, its first entry. */
static int entry_of(const struct entry *e, int n, int val)
{
	int i;

	if (val >= 0x100)
		return val - 0x100;
	for (i = 0; i < n && e[i].letter != val; i++)
		;
	return i;
}

static void run(const struct set *s, char **argv, int glibc)
{
	const void *table = s->table();
	struct entry e[64];
	struct option lo[64];
	char opts[160], *o = opts;
	int n = read_table(table, e), c, i, k, nl = 0;

	for (i = 0; i < n; i++) {
		if (e[i].letter == '+' && !i)
			*o++ = '+';
		else if (e[i].letter < HB_LONG_ONLY) {
			*o++ = e[i].letter;
			if (*e[i].arg)
				*o++ = ':';
		}
		if (*e[i].name) {
			lo[nl].name = e[i].name;
			lo[nl].has_arg = *e[i].arg ? required_argument : no_argument;
			lo[nl].flag = NULL;
			lo[nl].val = e[i].letter >= HB_LONG_ONLY ? 0x100 + i : e[i].letter;
			nl++;
		}
	}
	*o = 0;
	memset(&lo[nl], 0, sizeof(lo[nl]));
	for (k = 0; argv[k]; k++)
		;
	for (;;) {
		if (glibc) {
			c = getopt_long(k, argv, opts, lo, NULL);
			if (c != -1 && c != '?')
				c = entry_of(e, n, c);
			/* what hb_getopt() answers itself */
			if (c >= 0 && c < n && !strcmp(e[c].name, "help"))
				hb_help(table);
			if (c >= 0 && c < n && !strcmp(e[c].name, "version"))
				hb_version();
		} else {
			c = hb_getopt(argv, table, 7);
			if (c != -1 && e[c].letter == '?')
				c = '?';
		}
		/* a bad option (glibc) or -? (an applet's, flock's): the
		 * try-help line alone after the message */
		if (c == '?') {
			fprintf(stderr, "Try '%s --help' for more information.\n", hb_applet);
			exit(7);
		}
		if (c == -1)
			break;
		printf("option %d [%s]\n", c, glibc ? (optarg ? optarg : "") : (hb_optarg ? hb_optarg : ""));
		optarg = hb_optarg = NULL;
	}
	printf("optind %d:", glibc ? optind : hb_optind);
	for (i = 1; argv[i]; i++)
		printf(" '%s'", argv[i]);
	printf("\n");
	exit(0);
}

/* The output and exit status of one parser on ARGS, in OUT. */
static void capture(const struct set *s, const char *const *args, int glibc, char *out, size_t size)
{
	char *argv[32];
	int p[2], st, i;
	ssize_t n, len = 0;
	pid_t pid;

	argv[0] = (char *)hb_applet;
	for (i = 0; args[i]; i++)
		argv[i + 1] = (char *)args[i];
	argv[i + 1] = NULL;
	if (pipe(p) < 0 || (pid = fork()) < 0) {
		perror("getopt-check");
		exit(2);
	}
	if (!pid) {
		dup2(p[1], 1);
		dup2(p[1], 2);
		close(p[0]);
		setvbuf(stdout, NULL, _IONBF, 0);
		run(s, argv, glibc);
	}
	close(p[1]);
	while ((n = read(p[0], out + len, size - 1 - len)) > 0)
		len += n;
	close(p[0]);
	waitpid(pid, &st, 0);
	snprintf(out + len, size - len, "exit %d\n", WEXITSTATUS(st));
}

static int bad;

static void check(const struct set *s, const char *const *args)
{
	char a[4096], b[4096];
	int i;

	capture(s, args, 1, a, sizeof(a));
	capture(s, args, 0, b, sizeof(b));
	if (strcmp(a, b)) {
		printf("prog");
		for (i = 0; args[i]; i++)
			printf(" '%s'", args[i]);
		printf(" (%s):\nglibc:\n%shb_getopt:\n%s", s->name, a, b);
		bad++;
	}
}

/* Each case: the applet, then the arguments, split at spaces. */
static const char *const cases[] = {
	"respawn --max 3 cmd -p x",
	"respawn --ma=1 cmd",
	"respawn --max-d 5 --log x cmd",
	"respawn --lo x cmd",
	"respawn --log-s=1 --log-k 2 cmd",
	"respawn --re cmd",
	"respawn --restart-on-hup=1 cmd",
	"respawn -bp pf -- cmd",
	"respawn -u",
	"respawn --no-r 1,2 cmd",
	"respawn --he",
	"respawn --hel",
	"flock -?",
	"flock -s? f true",
	"flock --fd 3 true",
	"flock --f 3 true",
	"flock --fd=3 -c true",
	"flock -c",
	"flock --co x",
	"flock --v",
	"flock -h",
	"flock --version --help",
	"detachpid 1",
	"detachpid -n 1",
	"detachpid 1 -n 2",
	"detachpid 1 -o f 2 -nk 3",
	"detachpid 1 -ofile -vs 2",
	"detachpid 1 2 --timeout 5 3 --null",
	"detachpid 1 --timeout=5 -- -n 2",
	"detachpid -- 1",
	"detachpid 1 --",
	"detachpid - -n",
	"detachpid 1 -nt",
	"detachpid 1 -t",
	"detachpid -t -n 1",
	"detachpid 1 --timeout",
	"detachpid --timeout --null",
	"detachpid --timeout= 1",
	"detachpid 1 -x",
	"detachpid -nx 1",
	"detachpid -n: 1",
	"detachpid -n- 1",
	"detachpid --nu 1",
	"detachpid --n 1",
	"detachpid --no 1",
	"detachpid --no-h 1",
	"detachpid --null=1 1",
	"detachpid --bogus 1",
	"detachpid --bogus=x 1",
	"detachpid --=x 1",
	"detachpid --t 7 1",
	"detachpid -m f -O1 -E 2 -I 0 1",
	"detachpid 1 2 3",
	"detachpid -gV 1",
	"detachpid --j 1",
	"flock f -n true",
	"flock -sn f true",
	"flock -w 1.5 f true",
	"flock -w1 -E7 f",
	"flock --n f",
	"flock --no f",
	"flock --non f",
	"flock --nb f",
	"flock --w 3 f",
	"flock --wait=3 f",
	"flock --t 3 f",
	"flock --ver f",
	"flock --verb f",
	"flock --vers f",
	"flock --st 5 --len=3 f",
	"flock --start f",
	"flock --shared=1 f",
	"flock --bogus=1 f",
	"flock -sq f",
	"flock -w",
	"flock -E",
	"flock --conflict-exit-code",
	"flock --c f",
	"flock --co f",
	"flock --= f",
	"flock - f",
	"flock -- -n f",
	"flock -+ f",
	"setsid -cfw true",
	"setsid -wx true",
	"setsid --foo true",
	"setsid --=x true",
	"setsid --f --w true -c",
	"setsid --ctty=1 true",
	"setsid --v",
	"setsid -h",
	"nohup --h",
	"nohup --version --help",
	"nohup -h",
	"nohup --foo=bar",
	"nohup --=x",
	"nohup -- --help",
	"nohup cmd --help",
	"init -f x",
	"init -fx 1 2",
	"init --help",
	"init -q",
};

static unsigned seed = 1;

static unsigned rnd(unsigned n)
{
	seed = seed * 1103515245 + 12345;
	return (seed >> 16) % n;
}

/* Up to six random words for the table's entries E (N of them): its
 * options whole, abbreviated, with "=v", clustered or with a bad letter,
 * "--", "-", "", "--=x" and operands, in WORDS (the strings in BUF). */
static void random_case(const struct entry *e, int n, char buf[][40], const char **words)
{
	int count = rnd(7), i, k;

	for (i = 0; i < count; i++) {
		char *w = buf[i];
		const struct entry *r = &e[rnd(n)];

		switch (rnd(8)) {
		case 0:
			snprintf(w, 40, "op%d", i);
			break;
		case 1:	/* a cluster of 1 to 3 letters, some not options */
			w[0] = '-';
			for (k = 1; k <= 1 + (int)rnd(3); k++) {
				r = &e[rnd(n)];
				w[k] = rnd(4) && r->letter < HB_LONG_ONLY ? r->letter : "xq?:-+W"[rnd(7)];
			}
			w[k] = 0;
			break;
		case 2:	/* a long option, maybe abbreviated, maybe "=v" */
			k = strlen(r->name);
			snprintf(w, 40, "--%.*s%s", rnd(2) || !k ? k : 1 + (int)rnd(k), r->name,
				 rnd(3) ? "" : "=v");
			break;
		case 3:
			strcpy(w, "--");
			break;
		case 4:
			strcpy(w, "-");
			break;
		case 5:
			strcpy(w, rnd(2) ? "" : "--=x");
			break;
		default:	/* an option letter with its argument attached */
			snprintf(w, 40, "-%cval", r->letter < HB_LONG_ONLY ? r->letter : 'x');
			break;
		}
		words[i] = w;
	}
	words[count] = NULL;
}

/* Aliases have one letter and argument; names differ; a long-only
 * option's byte is HB_LONG_ONLY plus its place. */
static void check_table(const struct set *s)
{
	struct entry e[64];
	int n = read_table(s->table(), e), i, k;

	for (i = 0; i < n; i++) {
		if (e[i].letter >= HB_LONG_ONLY && e[i].letter != HB_LONG_ONLY + i) {
			printf("%s: entry %d's byte is %#x\n", s->name, i, e[i].letter);
			bad++;
		}
		for (k = 0; k < i; k++) {
			if (e[i].letter == e[k].letter &&
			    !*e[i].arg != !*e[k].arg) {
				printf("%s: entries %d and %d share '%c' but not the argument\n",
				       s->name, k, i, e[i].letter);
				bad++;
			}
			if (*e[i].name && !strcmp(e[i].name, e[k].name)) {
				printf("%s: --%s twice\n", s->name, e[i].name);
				bad++;
			}
		}
	}
}

/* --help lists every entry that has a help line (help and version have
 * theirs from help.awk): "--name", or "-x" for a letter alone. */
static void check_help(const struct set *s)
{
	static const char *const args[] = { "--help", NULL };
	const void *table = s->table();
	const char *p = entries(table);
	/* the usage text, then each entry's help line */
	const unsigned char *text = *(const unsigned char *const *)table;
	char out[8192], want[64];
	int has_help;

	capture(s, args, 0, out, sizeof(out));
	while (*text++)
		;
	for (; *p; p = next_entry(p)) {
		has_help = *text;
		while (*text++)
			;
		if (!has_help)
			continue;
		if (*NAME(p))
			snprintf(want, sizeof(want), " --%s", NAME(p));
		else
			snprintf(want, sizeof(want), " -%c ", *p);
		if (!strstr(out, want)) {
			printf("%s --help: no '%s' in:\n%s", s->name, want, out);
			bad++;
		}
	}
}

static const struct set *find(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < NSETS; i++)
		if (strlen(sets[i].name) == len && !strncmp(sets[i].name, name, len))
			return &sets[i];
	fprintf(stderr, "getopt-check: no applet '%.*s'\n", (int)len, name);
	exit(2);
}

int main(void)
{
	struct entry e[64];
	char buf[6][40];
	const char *words[7];
	size_t i;

	unsetenv("POSIXLY_CORRECT");
	for (i = 0; i < NSETS; i++) {
		check_table(&sets[i]);
		check_help(&sets[i]);
	}
	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		char line[256], *args[32], *p = line;
		int n = 0;

		snprintf(line, sizeof(line), "%s", strchr(cases[i], ' ') + 1);
		while ((args[n] = strsep(&p, " ")))
			n++;
		check(find(cases[i], strcspn(cases[i], " ")), (const char *const *)args);
	}
	/* and random command lines for each applet, the same every run: 10
	 * each, or $GETOPT_CHECK_RANDOM (tests/stress: thousands, a fork each) */
	for (i = 0; i < (getenv("GETOPT_CHECK_RANDOM") ?
			 (int)strtoul(getenv("GETOPT_CHECK_RANDOM"), 0, 10) : 10) * NSETS &&
		    bad < 5; i++) {
		const struct set *s = &sets[i % NSETS];

		random_case(e, read_table(s->table(), e), buf, words);
		check(s, words);
	}
	if (!bad)
		puts("ok");
	return bad;
}
