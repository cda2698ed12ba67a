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
#include "../../libcore/getopt.c"

char *hb_prefix(const char *s, const char *pre);
#include "../../libcore/parse.c"

const char *hb_applet = "prog";

size_t hb_fmt(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

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
static const struct set flock_set = { "+sexnoFuw:E:hV",
	"shared\0exclusive\0unlock\0nonblocking\0nb\0timeout\0wait\0conflict-exit-code\0"
	"close\0no-fork\0verbose\0fcntl\0start\0length\0help\0version",
	"sxun\x6e\xf7\xf7\xc5oFvc\xd3\xcchV" };
static const struct set setsid_set = { "+cfwhV", "ctty\0fork\0wait\0version\0help", "cfwVh" };
static const struct set nohup_set = { "+", "help\0version", "hV" };

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
		}
		if (c == -1)
			break;
		printf("-%c [%s]\n", c, glibc ? (optarg ? optarg : "") : (hb_optarg ? hb_optarg : ""));
		optarg = hb_optarg = NULL;
	}
	for (i = glibc ? optind : hb_optind; argv[i]; i++)
		printf("operand %s\n", argv[i]);
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
		bad = 1;
	}
}

#define T(s, ...) check(&s##_set, (const char *const[]){ __VA_ARGS__, NULL })

int main(void)
{
	unsetenv("POSIXLY_CORRECT");
	/* detachpid: operands anywhere */
	T(detachpid, "1");
	T(detachpid, "-n", "1");
	T(detachpid, "1", "-n", "2");
	T(detachpid, "1", "-o", "f", "2", "-nk", "3");
	T(detachpid, "1", "-ofile", "-vs", "2");
	T(detachpid, "1", "2", "--timeout", "5", "3", "--null");
	T(detachpid, "1", "--timeout=5", "--", "-n", "2");
	T(detachpid, "--", "1");
	T(detachpid, "1", "--");
	T(detachpid, "-", "-n");
	T(detachpid, "1", "-nt");
	T(detachpid, "1", "-t");
	T(detachpid, "-t", "-n", "1");
	T(detachpid, "1", "--timeout");
	T(detachpid, "--timeout", "--null");
	T(detachpid, "--timeout=", "1");
	T(detachpid, "1", "-x");
	T(detachpid, "-nx", "1");
	T(detachpid, "-n:", "1");
	T(detachpid, "-n-", "1");
	T(detachpid, "--nu", "1");
	T(detachpid, "--n", "1");
	T(detachpid, "--no", "1");
	T(detachpid, "--no-h", "1");
	T(detachpid, "--null=1", "1");
	T(detachpid, "--bogus", "1");
	T(detachpid, "--bogus=x", "1");
	T(detachpid, "--=x", "1");
	T(detachpid, "--t", "7", "1");
	T(detachpid, "-m", "f", "-O1", "-E", "2", "-I", "0", "1");
	T(detachpid, "1", "2", "3");
	/* flock: stops at the first operand; aliases; long-only options */
	T(flock, "f", "-n", "true");
	T(flock, "-sn", "f", "true");
	T(flock, "-w", "1.5", "f", "true");
	T(flock, "-w1", "-E7", "f");
	T(flock, "--n", "f");
	T(flock, "--no", "f");
	T(flock, "--non", "f");
	T(flock, "--nb", "f");
	T(flock, "--w", "3", "f");
	T(flock, "--wait=3", "f");
	T(flock, "--t", "3", "f");
	T(flock, "--ver", "f");
	T(flock, "--verb", "f");
	T(flock, "--vers", "f");
	T(flock, "--st", "5", "--len=3", "f");
	T(flock, "--start", "f");
	T(flock, "--shared=1", "f");
	T(flock, "--bogus=1", "f");
	T(flock, "-sq", "f");
	T(flock, "-w");
	T(flock, "-E");
	T(flock, "--conflict-exit-code");
	T(flock, "--c", "f");
	T(flock, "--co", "f");
	T(flock, "--=", "f");
	T(flock, "-", "f");
	T(flock, "--", "-n", "f");
	T(flock, "-+", "f");
	/* setsid, nohup */
	T(setsid, "-cfw", "true");
	T(setsid, "-wx", "true");
	T(setsid, "--foo", "true");
	T(setsid, "--=x", "true");
	T(setsid, "--f", "--w", "true", "-c");
	T(setsid, "--ctty=1", "true");
	T(setsid, "--v");
	T(nohup, "--h");
	T(nohup, "--version", "--help");
	T(nohup, "-h");
	T(nohup, "--foo=bar");
	T(nohup, "--=x");
	T(nohup, "--", "--help");
	T(nohup, "cmd", "--help");
	if (!bad)
		puts("ok");
	return bad;
}
