/* Signal names and handler installation. */
#include <string.h>
#include "hb.h"

/* Indexed by number (every one below 32 on every arch; "" for those
 * not named, as x86's STKFLT): no number to store beside each name. */
static const char sigs[32][7] = {
	[SIGHUP] = "HUP", [SIGINT] = "INT", [SIGQUIT] = "QUIT",
	[SIGILL] = "ILL", [SIGTRAP] = "TRAP", [SIGABRT] = "ABRT",
	[SIGBUS] = "BUS", [SIGFPE] = "FPE", [SIGKILL] = "KILL",
	[SIGUSR1] = "USR1", [SIGSEGV] = "SEGV", [SIGUSR2] = "USR2",
	[SIGPIPE] = "PIPE", [SIGALRM] = "ALRM", [SIGTERM] = "TERM",
	[SIGCHLD] = "CHLD", [SIGCONT] = "CONT", [SIGSTOP] = "STOP",
	[SIGTSTP] = "TSTP", [SIGTTIN] = "TTIN", [SIGTTOU] = "TTOU",
	[SIGURG] = "URG", [SIGXCPU] = "XCPU", [SIGXFSZ] = "XFSZ",
	[SIGVTALRM] = "VTALRM", [SIGPROF] = "PROF", [SIGWINCH] = "WINCH",
	[SIGIO] = "IO", [SIGPWR] = "PWR", [SIGSYS] = "SYS",
};

int hb_sig_parse(const char *s)
{
	long n;
	int i;

	if (!hb_parse_long(s, 1, _NSIG - 1, &n))
		return n;
	if (!strncmp(s, "SIG", 3))
		s += 3;
	for (i = 1; i < 32; i++)
		if (*sigs[i] && !strcmp(s, sigs[i]))
			return i;
	return -1;
}

const char *hb_sig_name(int sig)
{
	return sig > 0 && sig < 32 && *sigs[sig] ? sigs[sig] : NULL;
}

int hb_signal(int sig, void (*handler)(int))
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = handler;
	return sigaction(sig, &sa, NULL);
}
