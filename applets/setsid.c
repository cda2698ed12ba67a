/* SPDX-License-Identifier: 0BSD */
/* setsid: run a program in a new session (util-linux behaviour).
 *
 * util-linux forks when asked (-f) or when it is a process-group leader
 * (setsid(2) would fail), and otherwise runs the program in its own
 * process.  It asks getpgrp() == getpid() first; here setsid() is simply
 * tried, and its EPERM (we lead a process group) is the cue to fork: one
 * system call instead of three on the common path.
 *
 * Differences from util-linux, on purpose (docs/setsid.md): with -w a
 * child killed by signal N gives 128+N, as a shell reports it, where
 * util-linux exits with the raw wait status; and the parent waits for its
 * own child only, not for any child it may have inherited.
 */
//config:config SETSID
//config:	bool "setsid"
//config:	default y
//config:	help
//config:	  Run a program in a new session, as util-linux setsid
//config:	  (-c, -f, -w).
//applet:APPLET(setsid, "usr/bin")
//kbuild:obj-$(CONFIG_SETSID) += applets/setsid.o

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include "hb.h"

/* The options: hb_getopt() parses by this table, --help prints it.  In
 * util-linux's order, which its "ambiguous" message shows. */
#define SETSID_OPTIONS(X) \
	HB_OPTIONS_FIRST(X) \
	X(CTTY, 'c', "ctty", "", "stdin's tty becomes the controlling tty", "") \
	X(FORK, 'f', "fork", "", "always fork", "") \
	X(WAIT, 'w', "wait", "", "wait; exit with its status", "") \
	X(VERSION, 'V', "version", "", "", "") \
	X(HELP, 'h', "help", "", "", "")
HB_OPTIONS(setsid_options, SETSID_OPTIONS,
"Usage: setsid [options] PROGRAM [ARG]...\n"
"Run PROGRAM in a new session.\n",
"");

int setsid_main(int argc, char **argv)
{
	/* the options given, a bit each (1 << OPT_ constant) */
	unsigned seen = 0;
	int c, status;
	int sync[2] = { -1, -1 };
	pid_t pid;
	char b;

	(void)argc;
	/* -c, -f, -w: hb_getopt() refused all else */
	while ((c = hb_getopt(argv, &setsid_options, 1)) != -1)
		seen |= 1U << c;
	argv += hb_optind;
	if (!*argv)
		hb_usage_error(1, "no command specified");

	if (seen & 1U << OPT_FORK || setsid() < 0) {
		/* The parent returns once the child has exec'd (the close-on-exec
		 * pipe closes), so in its new session: when the parent leads a
		 * session, its exit hangs up the terminal's foreground group,
		 * which the child is in until it calls setsid().  util-linux
		 * has that race. */
		if (hb_pipe(sync)) {
			/* sync stays -1: no wait, util-linux's behaviour */
		}
		pid = hb_fork();
		if (pid < 0)
			hb_die(1, "fork: %m");
		if (pid) {
			close(sync[1]);
			if (read(sync[0], &b, 1) < 0) {
				/* EOF is the news; nothing can be read. */
			}
			if (!(seen & 1U << OPT_WAIT))
				return 0;
			if (hb_waitpid(pid, &status, 0) < 0)
				hb_die(1, "wait: %m");
			if (WIFSIGNALED(status))
				hb_warn("child %d did not exit normally", pid);
			return hb_wait_code(status);
		}
		if (setsid() < 0)
			hb_die(1, "setsid failed: %m");
	}
	/* 1: take it from another session, with CAP_SYS_ADMIN (util-linux). */
	if (seen & 1U << OPT_CTTY && hb_ioctl(0, TIOCSCTTY, 1))
		hb_die(1, "failed to set the controlling terminal: %m");
	hb_execvp(*argv, argv);
	hb_die(errno == ENOENT ? 127 : 126, "failed to execute %s: %m", *argv);
}
