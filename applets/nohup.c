/* SPDX-License-Identifier: 0BSD */
/* nohup: run a command immune to hangups (POSIX, GNU coreutils behaviour).
 *
 * Case by case what coreutils 9.x does, checked against it (docs/nohup.md):
 * a terminal on stdin is replaced by /dev/null opened write-only (a read
 * fails rather than seeing EOF); a terminal on stdout by ./nohup.out or
 * $HOME/nohup.out, appended, created with exactly 0600 whatever the umask;
 * a terminal on stderr by stdout's file.  SIGHUP is ignored and nohup is
 * replaced by the command: no fork, so the caller sees the command's status.
 *
 * Start-up cost is the point of a tool that sits in front of every daemon:
 * with no terminal involved the work before the exec is three isatty()
 * ioctls and one sigaction().  $POSIXLY_CORRECT is only read on
 * an error path, and the options are looked for only when the first
 * argument starts with '-'.
 */
//config:config NOHUP
//config:	bool "nohup"
//config:	default y
//config:	help
//config:	  Run a command immune to hangups, as coreutils nohup: SIGHUP
//config:	  ignored, terminal output appended to nohup.out.
//applet:APPLET(nohup, "usr/bin")
//kbuild:obj-$(CONFIG_NOHUP) += applets/nohup.o libcore/nohupout.o

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>
#include "hb.h"

#define NOHUP_OPTIONS(X) \
	HB_OPTIONS_FIRST(X) \
	X(HELP, 0, "help", "", "", "") \
	X(VERSION, 0, "version", "", "", "")
HB_OPTIONS(nohup_options, NOHUP_OPTIONS,
"Usage: nohup COMMAND [ARG]...\n"
"Run COMMAND with hangups ignored.\n",
"\nWhat is a terminal is redirected:\n"
" stdin   from /dev/null, unreadable (opened for writing)\n"
" stdout  appended to ./nohup.out, else to $HOME/nohup.out\n"
" stderr  to stdout\n");

/*
 * S as coreutils' quoteaf() shows an ordinary name: 'name'.  A quote in
 * it becomes '\'' as there; a control character, which coreutils shows
 * as $'\n' or $'\ooo', is shown as '?' (docs/nohup.md).  Cut near 1000
 * bytes: a message is at most 1024 anyway.
 */
static const char *quote(const char *s)
{
	static char q[1040];
	char *o = q;
	unsigned c;

	*o++ = '\'';
	while ((c = *(unsigned char *)s++) && o < q + 1000) {
		if (c == '\'') {
			memcpy(o, "'\\'", 3);
			o += 3;
		}
		*o++ = c < ' ' || c == 0x7f ? '?' : c;
	}
	*o++ = '\'';
	*o = 0;
	return q;
}

/* One notice on stderr; nonzero when it could not be written. */
static int __attribute__((noinline)) say(int in_tty, const char *what, const char *name)
{
	return hb_dprintf(2, "nohup: %s%s%s\n",
			  in_tty ? "ignoring input and " : "", what, name) < 0;
}

static void open_failed(const char *name, int err)
{
	errno = err;
	hb_warn("failed to open %s: %m", quote(name));
}

/* ./nohup.out, else $HOME/nohup.out, appended to, created 0600; moved
 * to descriptor TO when TO >= 0.  Its name is left in out_name, sized
 * past PATH_MAX: a name cut there still fails as the whole one does. */
static char out_name[PATH_MAX + 2];

static int open_out(int to)
{
	int err = 0, fd = hb_nohup_out(out_name, sizeof(out_name), NULL, to,
				       O_WRONLY | O_CREAT | O_APPEND, &err);

	if (fd < 0) {
		int err2 = errno;	/* the second file's cause */

		if (err)
			open_failed("nohup.out", err);
		open_failed(out_name, err2);
	}
	return fd;
}

int nohup_main(int argc, char **argv)
{
	char **cmd = argv + 1;
	const char *a = argv[1];	/* argc is at least 1: NULL or an argument */
	int i, tty, out_closed = 0, out = 1, saved_err = 2, bad = 0, err;
	/* Exit status for nohup's own failures: POSIX wants 127, coreutils
	 * prefers 125 unless POSIXLY_CORRECT is set. */
	int failure = hb_getenv("POSIXLY_CORRECT") ? 127 : 125;

	(void)argc;
	/* only the first argument can be an option, as coreutils' */
	if (a && a[0] == '-' && a[1]) {
		/* --help and --version exit in there; "--" returns */
		hb_getopt(argv, &nohup_options, failure);
		cmd = argv + hb_optind;
	}
	if (!*cmd)
		hb_usage_error(failure, "missing operand");

	/* bit N: descriptor N is a terminal */
	for (tty = i = 0; i < 3; i++)
		tty |= hb_isatty(i) << i;
	if (tty & 1) {
		if (hb_reopen(0, "/dev/null", O_WRONLY) < 0)
			hb_die(failure, "failed to render standard input unusable: %m");
		if (tty == 1)
			bad = say(0, "ignoring input", "");
	}

	/* Output to nohup.out: for stdout when it is a terminal; for stderr
	 * alone (fd 1 left closed) when stdout was closed. */
	if (tty & 2 || (tty & 4 && (out_closed = hb_fcntl(1, F_GETFD, 0) < 0))) {
		out = open_out(tty & 2 ? 1 : -1);
		if (out < 0)
			return failure;
		bad |= say(tty & 1, "appending output to ", quote(out_name));
	}

	if (tty & 4) {
		/* The original stderr, for a failed exec's message. */
		saved_err = hb_fcntl(2, F_DUPFD_CLOEXEC, 3);
		if (!(tty & 2))
			bad |= say(tty & 1, "redirecting stderr to stdout", "");
		if (hb_dup2(out, 2) < 0)
			hb_die(failure, "failed to redirect standard error: %m");
		if (out_closed)
			close(out);
	}

	/* A notice that could not be written (stderr on /dev/full or
	 * closed) fails nohup, as coreutils' ferror(stderr) check does. */
	if (bad)
		return failure;

	hb_signal(SIGHUP, SIG_IGN);
	hb_execvp(*cmd, cmd);
	err = errno;
	if (hb_dup2(saved_err, 2) == 2) {
		errno = err;
		/* unwritable (/dev/full): coreutils' close_stdout() says 125 */
		if (hb_dprintf(2, "nohup: failed to run command %s: %m\n",
			       quote(*cmd)) < 0)
			return failure;
	}
	return err == ENOENT ? 127 : 126;
}
