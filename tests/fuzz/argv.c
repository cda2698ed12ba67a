/* SPDX-License-Identifier: 0BSD */
/* Fuzz harness: every applet's command line, through its own main() up to
 * the end of its option parsing.
 *
 * The input is a command line, one argument a line (the last may lack its
 * newline); the first is the applet's name (nohup, setsid, flock,
 * detachpid, respawn).  Each argument is a buffer of its own, as exact in
 * size as the kernel's, so that ASan sees a read past any of them.
 *
 * The applet's main() runs unchanged: hb_getopt with the applet's option
 * set, and what the applet does with each option (hb_parse_seconds,
 * hb_parse_long, hb_sig_parse, flock's sizes, respawn's sv_opt settings,
 * --no-restart-on lists, -u's /etc/passwd and /etc/group lookup).  The
 * parse ends where the applet would start acting: hb_getopt's -1 (or,
 * for nohup without an option, its first isatty), both wrapped here with
 * ld --wrap and ended with a longjmp; its exits too (see fuzz.h).
 * init is not here: its command line is no option parse (a "-f" scan,
 * as PID 1 must ignore the kernel's leftovers); tests/fuzz/inittab.c
 * covers its parser.
 *
 * libcore/getopt.c is included, not linked, to reset its static state
 * between inputs (a process parses once and never needs a reset).
 *
 * Fails (abort) when a parse ends with an exit code other than the
 * applet's documented usage error (0 for --help and --version), or when
 * the options left argv other than a permutation of itself with the
 * operands at hb_optind.
 */
#include <stdlib.h>
#include <string.h>
#include "hb.h"
#include "fuzz.h"
/* getopt.c's hb_help() answers --help: here it prints nothing and ends
 * the parse as the wrapped exits do */
#define exit(code) fuzz_exit(code)
#define hb_write_all(fd, buf, len) 0
#include "../../libcore/getopt.c"
#undef exit
#undef hb_write_all

int nohup_main(int, char **);
int setsid_main(int, char **);
int flock_main(int, char **);
int detachpid_main(int, char **);
int respawn_main(int, char **);

static const struct {
	const char *name;
	int (*main)(int, char **);
	int usage_code;		/* docs/APPLET.md */
} applets[] = {
	{ "nohup", nohup_main, 125 },
	{ "setsid", setsid_main, 1 },
	{ "flock", flock_main, 64 },
	{ "detachpid", detachpid_main, 2 },
	{ "respawn", respawn_main, 125 },
};

int __real_hb_getopt(char **, const void *, int);

int __wrap_hb_getopt(char **argv, const void *table, int code)
{
	int c = __real_hb_getopt(argv, table, code);

	if (c == -1)
		fuzz_exit(FUZZ_PARSED);
	return c;
}

int __wrap_hb_isatty(int fd)
{
	(void)fd;
	fuzz_exit(FUZZ_PARSED);
}

#define MAXARGS 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char *args[MAXARGS], **argv;
	static int argc, app;
	const uint8_t *p = data, *end = data + size, *nl;
	int i, k;

	for (argc = 0; p < end && argc < MAXARGS; argc++, p = nl + 1) {
		nl = memchr(p, '\n', end - p);
		if (!nl)
			nl = end;
		args[argc] = malloc(nl - p + 1);
		memcpy(args[argc], p, nl - p);
		args[argc][nl - p] = 0;
	}
	for (app = 0; argc && app < (int)(sizeof(applets) / sizeof(*applets)); app++)
		if (!strcmp(args[0], applets[app].name))
			break;
	if (!argc || app == (int)(sizeof(applets) / sizeof(*applets)))
		goto out;
	argv = malloc((argc + 1) * sizeof(*argv));
	memcpy(argv, args, argc * sizeof(*argv));
	argv[argc] = NULL;

	hb_applet = applets[app].name;
	hb_optind = 1;
	hb_optarg = NULL;
	hb_optname = NULL;
	first = cur = pos = 0;
	unsetenv("POSIXLY_CORRECT");	/* nohup's 127 */
	if (!setjmp(fuzz_jmp)) {
		fuzz_armed = 1;
		applets[app].main(argc, argv);
		fuzz_fail("%s: main() returned from its option parse", hb_applet);
	}
	if (fuzz_code != FUZZ_PARSED && fuzz_code && fuzz_code != applets[app].usage_code)
		fuzz_fail("%s: exit %d from its option parse, not %d", hb_applet,
			  fuzz_code, applets[app].usage_code);
	if (fuzz_code == FUZZ_PARSED) {
		if (hb_optind < 1 || hb_optind > argc || argv[argc])
			fuzz_fail("%s: hb_optind %d of %d arguments", hb_applet, hb_optind, argc);
		/* each argument once: a permutation */
		for (i = 0; i < argc; i++) {
			for (k = 0; k < argc && argv[k] != args[i]; k++)
				;
			if (k == argc)
				fuzz_fail("%s: argument %d lost from argv", hb_applet, i);
		}
	}
	free(argv);
out:
	while (argc)
		free(args[--argc]);
	return 0;
}
