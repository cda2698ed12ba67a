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
 * ioctls and one sigaction().  getenv("POSIXLY_CORRECT") is only read on
 * an error path, and only the first argument can be an option, so there is
 * no getopt.
 */
//config:config NOHUP
//config:	bool "nohup"
//config:	default y
//config:	help
//config:	  Run a command immune to hangups, as coreutils nohup: SIGHUP
//config:	  ignored, terminal output appended to nohup.out.
//applet:APPLET(nohup, "usr/bin")

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "hb.h"

const char nohup_usage[] =
"Usage: nohup COMMAND [ARG]...\n"
"  or:  nohup --help|--version\n"
"Run COMMAND, ignoring hangup signals.  A terminal on stdin is replaced by\n"
"an unreadable file, on stdout by nohup.out (appended; else $HOME/nohup.out),\n"
"on stderr by stdout.\n";

/* Exit status for nohup's own failures: POSIX wants 127, coreutils
 * prefers 125 unless POSIXLY_CORRECT is set. */
static int failure(void)
{
	return getenv("POSIXLY_CORRECT") ? 127 : 125;
}

/*
 * S quoted as coreutils' quoteaf() shows a name (shell-escape-always
 * style): 'name'; "it's" when the quote is the only special character
 * (# and ~ are not special first); otherwise ' becomes '\'' and control
 * characters $'\n' or $'\ooo'.  Bytes >= 0x80 are shown as they are, as a
 * UTF-8 locale shows valid characters.  The result is cut near 1000 bytes:
 * a message is at most 1024 anyway.
 */
static const char *quote(const char *s)
{
	static char q[1040];
	const unsigned char *p = (const unsigned char *)s;
	const char *special = "#~!\"$&()*;<=>?[\\^`{|}";
	char *o = q;
	size_t n = strlen(s);
	unsigned c = n ? p[n - 1] : 0;
	/* gnulib rescans a name with a quote and starts the rescan in the
	 * state the first scan ended in: after a trailing control character
	 * it believes a $'...' is still open. */
	int dq = 0, esc = (c - 1 < 0x1f || c == 0x7f) && strchr(s, '\'');

	while ((c = *p++)) {
		if (c < 0x80 && (c < ' ' || c == 0x7f ||
				 strchr(special + 2 * (p == (const unsigned char *)s + 1), c))) {
			dq = 0;
			break;
		}
		dq |= c == '\'';
	}
	if (dq) {
		hb_fmt(q, sizeof(q), "\"%s\"", s);
		return q;
	}
	*o++ = '\'';
	for (p = (const unsigned char *)s; (c = *p++) && o < q + 1000;) {
		if (c < ' ' || c == 0x7f) {
			const char *l = strchr("\aa\bb\ff\nn\rr\tt\vv", c);

			if (!esc)
				o = stpcpy(o, "'$'");
			esc = 1;
			o += l ? hb_fmt(o, 3, "\\%c", l[1]) : hb_fmt(o, 5, "\\%03o", c);
		} else {
			if (esc && c != '\'')
				o = stpcpy(o, "''");
			esc = 0;
			if (c == '\'')
				o = stpcpy(o, "'\\'");
			*o++ = c;
		}
	}
	*o++ = '\'';
	*o = 0;
	return q;
}

/* Open NAME; with TO >= 0, move it onto that descriptor (gnulib's
 * fd_reopen: the old TO stays open when the open fails). */
static int reopen(int to, const char *name, int flags)
{
	int fd = hb_open(name, flags, 0600), r = fd;

	if (fd >= 0 && to >= 0 && fd != to) {
		r = hb_dup2(fd, to);
		hb_close(fd);
	}
	return r;
}

/* One notice on stderr; nonzero when it could not be written.  (noinline
 * here and below: each is called from several places, 45 bytes less.) */
static int __attribute__((noinline)) say(int in_tty, const char *what, const char *name)
{
	return hb_dprintf(2, "nohup: %s%s%s\n",
			  in_tty ? "ignoring input and " : "", what, name) < 0;
}

static void __attribute__((noreturn, noinline)) bad_usage(const char *fmt, const char *arg)
{
	hb_usage_error(failure(), fmt, arg);
}

/* An option in argv[1]: getopt_long's words, abbreviations included. */
static void __attribute__((noinline)) option(const char *a)
{
	const char *n = a + 2, *fmt = "unrecognized option '%s'";
	size_t len = strcspn(n, "=");
	int h = !strncmp(n, "help", len), v = !strncmp(n, "version", len);

	if (a[1] != '-') {
		fmt = "invalid option -- '%.1s'";
		a++;
	} else if (h && v) {
		fmt = "option '%s' is ambiguous; possibilities: '--help' '--version'";
	} else if (h || v) {
		if (!n[len]) {
			if (h)
				hb_help();
			hb_version();
		}
		fmt = "option '--%s' doesn't allow an argument";
		a = h ? "help" : "version";
	}
	bad_usage(fmt, a);
}

HB_MAIN(nohup)
{
	char **cmd = argv + 1;
	const char *a = argc > 1 ? argv[1] : NULL;
	int in_tty, out_tty, err_tty, out_closed = 0, out = 1, saved_err = 2;
	int bad = 0, err;

	if (a && a[0] == '-' && a[1]) {
		if (strcmp(a, "--"))
			option(a);
		cmd++;
	}
	if (!*cmd)
		bad_usage("missing operand", NULL);

	in_tty = isatty(0);
	out_tty = isatty(1);
	err_tty = isatty(2);

	if (in_tty) {
		if (reopen(0, "/dev/null", O_WRONLY) < 0)
			hb_die(failure(), "failed to render standard input unusable: %m");
		if (!out_tty && !err_tty)
			bad = say(0, "ignoring input", "");
	}

	/* Output to nohup.out: for stdout when it is a terminal; for stderr
	 * alone (fd 1 left closed) when stdout was closed. */
	if (out_tty || (err_tty && (out_closed = fcntl(1, F_GETFD) < 0))) {
		const char *name = "nohup.out";
		mode_t mask = umask(0177);
		int to = out_tty ? 1 : -1, flags = O_WRONLY | O_CREAT | O_APPEND;

		out = reopen(to, name, flags);
		if (out < 0) {
			const char *home = getenv("HOME");

			err = errno;
			if (home) {
				/* gnulib's file_name_concat(): "/h//" gives
				 * "/h/nohup.out", "" and "//" no extra slash. */
				size_t n = strlen(home), k = n;
				char *path;

				while (k && home[k - 1] == '/')
					k--;
				if (k)
					n = k;
				path = alloca(n + 11);
				memcpy(path, home, n);
				if (k)
					path[n++] = '/';
				strcpy(path + n, name);
				out = reopen(to, path, flags);
				name = path;
			}
			if (out < 0) {
				int err2 = errno;

				errno = err;
				hb_warn("failed to open 'nohup.out': %m");
				errno = err2;
				if (home)
					hb_warn("failed to open %s: %m", quote(name));
				return failure();
			}
		}
		umask(mask);
		bad |= say(in_tty, "appending output to ", quote(name));
	}

	if (err_tty) {
		/* The original stderr, for a failed exec's message. */
		saved_err = fcntl(2, F_DUPFD_CLOEXEC, 3);
		if (!out_tty)
			bad |= say(in_tty, "redirecting stderr to stdout", "");
		if (hb_dup2(out, 2) < 0)
			hb_die(failure(), "failed to redirect standard error: %m");
		if (out_closed)
			close(out);
	}

	/* A notice that could not be written (stderr on /dev/full or
	 * closed) fails nohup, as coreutils' ferror(stderr) check does. */
	if (bad)
		return failure();

	hb_signal(SIGHUP, SIG_IGN);
	/* musl's execvp() reads $PATH even for a path: a third of the
	 * instructions nohup runs. */
	if (strchr(*cmd, '/'))
		execve(*cmd, cmd, environ);
	else
		execvp(*cmd, cmd);
	err = errno;
	if (hb_dup2(saved_err, 2) == 2) {
		errno = err;
		hb_warn("failed to run command %s: %m", quote(*cmd));
	}
	return err == ENOENT ? 127 : 126;
}
