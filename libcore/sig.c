/* SPDX-License-Identifier: 0BSD */
/* Signal names and handler installation. */
#include <string.h>
#include "hb.h"

/* The named signals, with their numbers beside (these differ between
 * arches; every one is below 32): smaller than a table indexed by
 * number, which needs 32 slots of the longest name.  aligned(1): no
 * padding before bytes read one at a time (as main.c's names). */
static const char names[] __attribute__((aligned(1))) =
	"HUP\0INT\0QUIT\0ILL\0TRAP\0ABRT\0BUS\0FPE\0KILL\0USR1\0SEGV\0USR2\0"
	"PIPE\0ALRM\0TERM\0CHLD\0CONT\0STOP\0TSTP\0TTIN\0TTOU\0URG\0XCPU\0"
	"XFSZ\0VTALRM\0PROF\0WINCH\0IO\0PWR\0SYS";
static const unsigned char nums[] __attribute__((aligned(1))) = {
	SIGHUP, SIGINT, SIGQUIT, SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE,
	SIGKILL, SIGUSR1, SIGSEGV, SIGUSR2, SIGPIPE, SIGALRM, SIGTERM,
	SIGCHLD, SIGCONT, SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU, SIGURG,
	SIGXCPU, SIGXFSZ, SIGVTALRM, SIGPROF, SIGWINCH, SIGIO, SIGPWR, SIGSYS
};

int hb_word(const char *list, unsigned n, const char *w)
{
	unsigned i;

	for (i = 0; i < n; i++) {
		if (!strcmp(w, list))
			return i;
		while (*list++)
			;
	}
	return -1;
}

int hb_sig_parse(const char *s)
{
	const char *q = hb_prefix(s, "SIG");
	long n;

	if (!hb_parse_long(s, 1, 31, &n))
		return n;
	n = hb_word(names, sizeof(nums), q ? q : s);
	return n < 0 ? n : nums[n];
}

int hb_signal(int sig, void (*handler)(int))
{
	struct sigaction sa = { .sa_handler = handler };

	return sigaction(sig, &sa, NULL);
}
