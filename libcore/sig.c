/* Signal names and handler installation. */
#include <string.h>
#include "hb.h"

static const struct { unsigned char nr; char name[7]; } sigs[] = {
	{ SIGHUP, "HUP" }, { SIGINT, "INT" }, { SIGQUIT, "QUIT" },
	{ SIGILL, "ILL" }, { SIGTRAP, "TRAP" }, { SIGABRT, "ABRT" },
	{ SIGBUS, "BUS" }, { SIGFPE, "FPE" }, { SIGKILL, "KILL" },
	{ SIGUSR1, "USR1" }, { SIGSEGV, "SEGV" }, { SIGUSR2, "USR2" },
	{ SIGPIPE, "PIPE" }, { SIGALRM, "ALRM" }, { SIGTERM, "TERM" },
	{ SIGCHLD, "CHLD" }, { SIGCONT, "CONT" }, { SIGSTOP, "STOP" },
	{ SIGTSTP, "TSTP" }, { SIGTTIN, "TTIN" }, { SIGTTOU, "TTOU" },
	{ SIGURG, "URG" }, { SIGXCPU, "XCPU" }, { SIGXFSZ, "XFSZ" },
	{ SIGVTALRM, "VTALRM" }, { SIGPROF, "PROF" }, { SIGWINCH, "WINCH" },
	{ SIGIO, "IO" }, { SIGPWR, "PWR" }, { SIGSYS, "SYS" },
};

int hb_sig_parse(const char *s)
{
	long n;
	unsigned i;

	if (!hb_parse_long(s, 1, _NSIG - 1, &n))
		return n;
	if (!strncmp(s, "SIG", 3))
		s += 3;
	for (i = 0; i < sizeof(sigs) / sizeof(*sigs); i++)
		if (!strcmp(s, sigs[i].name))
			return sigs[i].nr;
	return -1;
}

const char *hb_sig_name(int sig)
{
	unsigned i;

	for (i = 0; i < sizeof(sigs) / sizeof(*sigs); i++)
		if (sigs[i].nr == sig)
			return sigs[i].name;
	return NULL;
}

int hb_signal(int sig, void (*handler)(int))
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = handler;
	return sigaction(sig, &sa, NULL);
}
