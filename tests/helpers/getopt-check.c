/* SPDX-License-Identifier: 0BSD */
/* getopt-check: libcore's hb_getopt, built for the host, against glibc's
 * getopt_long on the option sets of hupbox's applets (tests/hupbox.test).
 * Each command line runs in a child per parser, which prints every option
 * and argument it gets, then the operands in their final order, or the
 * error message (glibc's getopt_long prints its own; hupbox's hb_die the
 * same words and the try-help line).  Prints "ok", or each command line
 * whose outputs differ.
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

struct set {
	const char *opts, *names, *vals;
};

/* The applets' option sets (a value | 0x80 takes an argument). */
static const struct set detachpid_set = { "o:e:m:i:O:E:I:nskt:vh",
	"null\0no-hup\0no-cont\0setsid\0keep\0timeout\0verbose\0help", "nHCsk\xf4vh" };
static const struct set flock_set = { "+sexnoFuw:E:hV?",
	"shared\0exclusive\0unlock\0nonblocking\0nb\0timeout\0wait\0conflict-exit-code\0"
	"close\0no-fork\0verbose\0fcntl\0start\0length\0help\0version",
	"sxun\x6e\xf7\xf7\xc5oFvc\xd3\xcchV" };
static const struct set setsid_set = { "+cfwhV", "ctty\0fork\0wait\0version\0help", "cfwVh" };
static const struct set nohup_set = { "+", "help\0version", "hV" };
/* respawn's long names come from its usage text: these are its words */
static const struct set respawn_set = { "+p:P:l:u:C:bhV",
	"min-delay\0max-delay\0healthy\0crash-window\0park\0stop-timeout\0"
	"crash-starts\0stop-signal\0log-size\0log-keep\0max\0ready-fd\0"
	"no-restart-on\0restart-on-hup\0pidfile\0own-pidfile\0log\0user\0chdir\0"
	"background\0help\0version",
	"\x81\x82\x83\x84\x85\x86\x87\x88\x89\x8a\x8b\x8c\x8d\x0e"
	"\xf0\xd0\xec\xf5\xc3" "bhV" };

static void run(const struct set *s, char **argv, int glibc)
{
	struct option lo[32];
	const char *n = s->names;
	int c, i, k;

	for (i = 0; s->vals[i]; i++) {
		lo[i].name = n;
		lo[i].has_arg = (unsigned char)s->vals[i] >> 7;
		lo[i].flag = NULL;
		lo[i].val = s->vals[i] & 0x7f;
		n += strlen(n) + 1;
	}
	memset(&lo[i], 0, sizeof(lo[i]));
	for (k = 0; argv[k]; k++)
		;
	for (;;) {
		if (glibc) {
			c = getopt_long(k, argv, s->opts, lo, NULL);
			if (c == '?') {
				fprintf(stderr, "Try '%s --help' for more information.\n", hb_applet);
				exit(7);
			}
		} else {
			c = hb_getopt(argv, s->opts, s->names, s->vals, 7);
			/* an applet's '?' (flock's): the try-help line alone */
			if (c == '?') {
				fprintf(stderr, "Try '%s --help' for more information.\n", hb_applet);
				exit(7);
			}
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
		printf(" (opts \"%s\"):\nglibc:\n%shb_getopt:\n%s", s->opts, a, b);
		bad++;
	}
}

/* Each case: the option set's letter (d detachpid, f flock, s setsid,
 * n nohup, r respawn), then the arguments, split at spaces. */
static const char *const cases[] = {
	"r --max 3 cmd -p x",
	"r --ma=1 cmd",
	"r --max-d 5 --log x cmd",
	"r --lo x cmd",
	"r --log-s=1 --log-k 2 cmd",
	"r --re cmd",
	"r --restart-on-hup=1 cmd",
	"r -bp pf -- cmd",
	"r -u",
	"r --no-r 1,2 cmd",
	"f -?",
	"f -s? f true",
	"d 1",
	"d -n 1",
	"d 1 -n 2",
	"d 1 -o f 2 -nk 3",
	"d 1 -ofile -vs 2",
	"d 1 2 --timeout 5 3 --null",
	"d 1 --timeout=5 -- -n 2",
	"d -- 1",
	"d 1 --",
	"d - -n",
	"d 1 -nt",
	"d 1 -t",
	"d -t -n 1",
	"d 1 --timeout",
	"d --timeout --null",
	"d --timeout= 1",
	"d 1 -x",
	"d -nx 1",
	"d -n: 1",
	"d -n- 1",
	"d --nu 1",
	"d --n 1",
	"d --no 1",
	"d --no-h 1",
	"d --null=1 1",
	"d --bogus 1",
	"d --bogus=x 1",
	"d --=x 1",
	"d --t 7 1",
	"d -m f -O1 -E 2 -I 0 1",
	"d 1 2 3",
	"f f -n true",
	"f -sn f true",
	"f -w 1.5 f true",
	"f -w1 -E7 f",
	"f --n f",
	"f --no f",
	"f --non f",
	"f --nb f",
	"f --w 3 f",
	"f --wait=3 f",
	"f --t 3 f",
	"f --ver f",
	"f --verb f",
	"f --vers f",
	"f --st 5 --len=3 f",
	"f --start f",
	"f --shared=1 f",
	"f --bogus=1 f",
	"f -sq f",
	"f -w",
	"f -E",
	"f --conflict-exit-code",
	"f --c f",
	"f --co f",
	"f --= f",
	"f - f",
	"f -- -n f",
	"f -+ f",
	"s -cfw true",
	"s -wx true",
	"s --foo true",
	"s --=x true",
	"s --f --w true -c",
	"s --ctty=1 true",
	"s --v",
	"n --h",
	"n --version --help",
	"n -h",
	"n --foo=bar",
	"n --=x",
	"n -- --help",
	"n cmd --help",
};

static unsigned seed = 1;

static unsigned rnd(unsigned n)
{
	seed = seed * 1103515245 + 12345;
	return (seed >> 16) % n;
}

/* Up to six random words for S: its options whole, abbreviated, with
 * "=v", clustered or with a bad letter, "--", "-", "", "--=x" and
 * operands, in WORDS (the strings in BUF). */
static void random_case(const struct set *s, char buf[][40], const char **words)
{
	int n = rnd(7), i, k;

	for (i = 0; i < n; i++) {
		char *w = buf[i];
		const char *name = s->names;

		switch (rnd(8)) {
		case 0:
			snprintf(w, 40, "op%d", i);
			break;
		case 1:	/* a cluster of 1 to 3 letters, some not options */
			w[0] = '-';
			for (k = 1; k <= 1 + (int)rnd(3); k++) {
				const char *o = s->opts + (*s->opts == '+');
				w[k] = rnd(4) && *o ? o[rnd(strlen(o))] : "xq?:-+W"[rnd(7)];
			}
			w[k] = 0;
			break;
		case 2:	/* a long option, maybe abbreviated, maybe "=v" */
			for (k = rnd(strlen(s->vals)); k--; )
				name += strlen(name) + 1;
			k = strlen(name);
			snprintf(w, 40, "--%.*s%s", rnd(2) ? k : 1 + (int)rnd(k), name, rnd(3) ? "" : "=v");
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
			snprintf(w, 40, "-%cval", s->opts[rnd(strlen(s->opts))]);
			break;
		}
		words[i] = w;
	}
	words[n] = NULL;
}

int main(void)
{
	const struct set *sets[] = { ['d' - 'a'] = &detachpid_set, ['f' - 'a'] = &flock_set,
				     ['s' - 'a'] = &setsid_set, ['n' - 'a'] = &nohup_set,
				     ['r' - 'a'] = &respawn_set };
	static const char letters[] = "dfsnr";
	char buf[6][40];
	const char *words[7];
	size_t i;

	unsetenv("POSIXLY_CORRECT");
	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		char line[256], *args[32], *p = line;
		int n = 0;

		snprintf(line, sizeof(line), "%s", cases[i] + 2);
		while ((args[n] = strsep(&p, " ")))
			n++;
		check(sets[cases[i][0] - 'a'], (const char *const *)args);
	}
	/* and random command lines, the same every run: 40 for each set, or
	 * $GETOPT_CHECK_RANDOM (tests/stress: thousands, a fork each) */
	for (i = 0; i < 5 * (getenv("GETOPT_CHECK_RANDOM") ? strtoul(getenv("GETOPT_CHECK_RANDOM"), 0, 10) : 40) &&
		    bad < 5; i++) {
		random_case(sets[letters[i % 5] - 'a'], buf, words);
		check(sets[letters[i % 5] - 'a'], words);
	}
	if (!bad)
		puts("ok");
	return bad;
}
