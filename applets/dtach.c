/* SPDX-License-Identifier: 0BSD */
/* dtach: sessions you can leave and come back to (dtach 0.9's command
 * line), with scrollback, a listing and safer sockets.
 *
 * A master process holds a pseudo-terminal, whose slave is the program's
 * controlling terminal, and a Unix stream socket; clients connect to the
 * socket, send fixed-size packets (keys, window sizes, attach, detach) and
 * read the terminal's output as a plain byte stream.  The protocol is
 * hupbox's own: a hupbox client does not talk to a dtach 0.9 master.
 *
 * The master is libcore/session.c's, which detachpid --session also runs
 * around a pty it moves a running program onto; this file is the command
 * line, the program's start and the client.
 *
 * Differences from dtach 0.9: docs/dtach.md.
 */
//config:config DTACH
//config:	bool "dtach"
//config:	default y
//config:	help
//config:	  Run a program on a pseudo-terminal held by a small master
//config:	  process, detach from it and attach again later, as dtach 0.9
//config:	  (-a -A -c -n -N -p), with scrollback and a listing (-l).
//applet:APPLET(dtach, "usr/bin")
//kbuild:obj-$(CONFIG_DTACH) += applets/dtach.o libcore/session.o

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include "hb.h"
#include "session.h"

/* mmap() itself: musl's checks arguments never given here. */
#ifdef SYS_mmap2
#define sys_mmap(len) (void *)syscall(SYS_mmap2, 0, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
#else
#define sys_mmap(len) (void *)syscall(SYS_mmap, 0, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
#endif

/* The options: hb_getopt() parses by this table, --help prints it.  The
 * mode comes first, as in dtach 0.9 (checked before the parse). */
#define DTACH_OPTIONS(X) \
	HB_OPTIONS_FIRST(X) \
	X(ATTACH, 'a', "", "SOCKET", "attach to SOCKET's session", "") \
	X(ATTACH_OR_CREATE, 'A', "", "SOCKET", "attach, or create it running COMMAND", "") \
	X(CREATE, 'c', "", "SOCKET", "create it running COMMAND, and attach", "") \
	X(CREATE_DETACHED, 'n', "", "SOCKET", "create it detached", "") \
	X(CREATE_FOREGROUND, 'N', "", "SOCKET", "create it detached, staying in the foreground", "") \
	X(PUSH_STDIN, 'p', "", "SOCKET", "copy stdin to the session", "") \
	X(LIST, 'l', "", "", "list the sessions in DIR (default .)", "") \
	X(DETACH_CHAR, 'e', "", "CHAR", "the detach key, ^X for Ctrl-X", "^\\") \
	X(NO_DETACH_CHAR, 'E', "", "", "no detach key", "") \
	X(REDRAW, 'r', "", "METHOD", "on attach: none, ctrl_l or winch", "ctrl_l") \
	X(NO_SUSPEND, 'z', "", "", "the suspend key goes to the program", "") \
	X(SCROLLBACK, 's', "", "BYTES", "output kept for the next attach", "4096") \
	HB_HELP_VERSION(X)
HB_OPTIONS(dtach_options, DTACH_OPTIONS,
"Usage: dtach -a|-A|-c|-n|-N SOCKET [options] [COMMAND...]\n"
"   or: dtach -p SOCKET   or: dtach -l [DIR]\n"
"Run COMMAND on a terminal that survives its clients: detach, attach again.\n",
"");

/* -e, -E: the detach character (dtach_main sets it; ^\ by default), -1 for
 * none; -z */
static int detach_char, no_suspend;
static struct termios orig_term;
/* orig_term.c_cflag is never 0 on a terminal (CREAD, a character size) */
#define have_tty (orig_term.c_cflag)

/* "dtach: WHAT: cause" (errno's), exit 1. */
static void __attribute__((noreturn)) die_on(const char *what)
{
	hb_die(1, "%s: %m", what);
}

/* How connect_to() takes a missing or stale socket (no master behind it). */
enum { MUST_LIVE, REPLACE, LISTING };

/* A connection to the session at session_name (every caller's, -l's for
 * each name it lists), or exit with a one-line error.  The
 * socket must be ours: a socket (not a link to one) that this user owns.
 * As HOW says, a missing or stale socket is an error (MUST_LIVE), or gives
 * -1: for -A, which removes a stale one (REPLACE), and for -l (LISTING),
 * which gets -2 for a file that is no socket of ours. */
static int connect_to(int how)
{
	const char *name = session_name;
	struct stat st;
	int s;

	if (hb_fstatat(AT_FDCWD, name, &st, AT_SYMLINK_NOFOLLOW)) {
		if (errno == ENOENT && how)
			return -1;
		goto fail;
	}
	if (!S_ISSOCK(st.st_mode)) {
		if (how == LISTING)
			return -2;
		errno = ENOTSOCK;
		goto fail;
	}
	if (st.st_uid != geteuid()) {
		if (how == LISTING)
			return -2;
		hb_die(1, "%s: owned by uid %u, not you", name, (unsigned)st.st_uid);
	}
	/* a master gone is a write error, not a signal (with the terminal
	 * raw, the client must live to restore it) */
	hb_signal(SIGPIPE, SIG_IGN);
	if ((s = session_connect(name)) < 0) {
		if (errno != ECONNREFUSED)
			goto fail;
		if (how == REPLACE && unlink(name))
			goto fail;
		if (how)
			return -1;
		hb_die(1, "%s: stale socket (no master): remove it, or use -A", name);
	}
	return s;
fail:
	die_on(name);
}

/* The child on the pty slave FD, session leader with it as its
 * controlling terminal, in the caller's terminal modes; an exec failure's
 * errno goes to REPORT. */
static void __attribute__((noreturn)) run_on(int fd, char **argv, int report)
{
	int i;

	sigprocmask(SIG_SETMASK, &session_wait_mask.set, NULL);
	if (setsid() < 0 || hb_ioctl(fd, TIOCSCTTY, 0))
		goto fail;
	if (have_tty)
		hb_ioctl(fd, TCSETS, (long)&orig_term);
	for (i = 0; i < 3; i++)
		if (hb_dup2(fd, i) < 0)
			goto fail;
	hb_execvp(*argv, argv);
fail:
	i = errno;
	if (write(report, &i, sizeof(i))) {
	}
	_Exit(127);
}

/* 0 once the program has been exec'd (REPORT read to EOF), else report
 * why not and 1. */
static int started_ok(int report, const char *cmd)
{
	int err;

	if (read(report, &err, sizeof(err)) != sizeof(err))
		return 0;
	errno = err;
	hb_warn("could not execute %s: %m", cmd);
	return 1;
}

/* A new session running ARGV: the socket, the pty, the master (in the
 * background unless FOREGROUND) and the program.  Returns 0 once the
 * program runs (in the foreground: the session's end, as master()), 1
 * after an error it reported. */
static int create(char **argv, int foreground)
{
	char tty[SESSION_TTY];
	int report[2], slave, ptm = session_open_pty(&slave, tty), sock, rc, i;
	size_t n = 0;
	pid_t pid;

	if (ptm < 0)
		die_on("/dev/ptmx");
	if ((sock = session_listen(session_name)) < 0) {
		hb_warn("%s: %m", session_name);
		return 1;
	}
	for (i = 0; argv[i] && n < sizeof(session_command) - 1; i++)
		n += hb_fmt(session_command + n, sizeof(session_command) - n, " %s", argv[i]);
	if (hb_pipe(report))
		goto fail;
	/* Blocked from here, so that a SIGCHLD is not lost before the
	 * master's loop; the child opens them again. */
	session_catch(BIT(SIGCHLD) | BIT(SIGTERM) | BIT(SIGINT));
	if (!foreground) {
		if ((pid = session_fork()) < 0)
			goto fail;
		if (pid) {
			close(report[1]);
			close(sock);
			close(ptm);
			close(slave);
			return started_ok(report[0], *argv);
		}
	}
	if ((pid = hb_fork()) < 0)
		goto fail;
	if (!pid)
		run_on(slave, argv, report[1]);
	close(report[1]);
	close(slave);
	if (foreground && started_ok(report[0], *argv)) {
		unlink(session_name);
		return 1;
	}
	close(report[0]);
	rc = session_master(sock, ptm, pid, foreground ? SESSION_REAP : 0);
	if (!foreground)
		_Exit(rc);
	return rc;
fail:
	rc = errno;
	unlink(session_name);
	errno = rc;
	die_on("fork");
}

/* ---- The client ---- */

static struct termios raw_term;

/* Our terminal in modes T, once its output is out. */
static void set_term(const struct termios *t)
{
	hb_ioctl(0, TCSETSW, (long)t);
}

static void send_packet(int s, int type, int len)
{
	struct packet p = { .type = type, .len = len };

	/* the size, which ATTACH, REATTACH and WINCH carry */
	if (hb_ioctl(0, TIOCGWINSZ, (long)&p.u.ws)) {
	}
	if (write(s, &p, sizeof(p))) {
	}
}

/* Leave: the terminal as it was, MSG at its bottom line, exit CODE. */
static void __attribute__((noreturn)) leave(int code, const char *msg)
{
	set_term(&orig_term);
	hb_dprintf(1, "\33[999H\r\n[%s]\r\n\33[?25h", msg);
	exit(code);
}

static void set_raw(void)
{
	/* every input, output and local mode off (no echo, no signal keys,
	 * no flow control, no line editing); 8-bit characters */
	raw_term = orig_term;
	raw_term.c_iflag = raw_term.c_oflag = raw_term.c_lflag = 0;
	raw_term.c_cflag = (raw_term.c_cflag & ~(CSIZE | PARENB)) | CS8;
	raw_term.c_cc[VMIN] = 1;
	raw_term.c_cc[VTIME] = 0;
	set_term(&raw_term);
}

/* Keys typed: the detach character, the suspend key, or the program's. */
static void keys(int s)
{
	struct packet p = { .type = PUSH };
	ssize_t n = read(0, p.u.buf, sizeof(p.u.buf));

	/* no EINTR: signals are blocked outside ppoll() */
	if (n <= 0)
		leave(1, "detached");
	if (p.u.buf[0] == detach_char)
		leave(0, "detached");
	if (!no_suspend && p.u.buf[0] == orig_term.c_cc[VSUSP]) {
		send_packet(s, DETACH, 0);
		set_term(&orig_term);
		hb_dprintf(1, "\33[999H\r\n");
		kill(getpid(), SIGTSTP);
		set_term(&raw_term);
		send_packet(s, REATTACH, session_redraw);
		return;
	}
	p.len = n;
	/* a master gone is seen as the socket's EOF */
	if (write(s, &p, sizeof(p))) {
	}
}

/* Attach to the session on S until detached or the session ends. */
static int attach(int s)
{
	struct pollfd pf[2] = { { 0, POLLIN, 0 }, { s, POLLIN, 0 } };
	char buf[16384];
	unsigned long got;
	ssize_t n;

	session_catch(BIT(SIGHUP) | BIT(SIGTERM) | BIT(SIGINT) | BIT(SIGQUIT) | BIT(SIGWINCH));
	set_raw();
	hb_dprintf(1, "\33[H\33[J");
	send_packet(s, ATTACH, session_redraw);
	for (;;) {
		/* an interrupted ppoll() leaves the last call's revents: a
		 * stale POLLIN would block in read() (the master's reads do
		 * not block) */
		pf[0].revents = pf[1].revents = 0;
		got = session_wait(pf, 2, NULL);
		if (got & BIT(SIGWINCH) << 1)
			send_packet(s, WINCH, 0);
		/* SIGHUP (the terminal hung up), SIGINT, SIGTERM, SIGQUIT */
		if (got & ~(BIT(SIGWINCH) << 1))
			leave(1, "detached");
		if (pf[1].revents) {
			n = read(s, buf, sizeof(buf));
			if (!n)
				leave(0, "EOF - dtach terminating");
			if (n < 0)
				leave(1, "read returned an error");
			/* the terminal is gone */
			if (n > 0 && hb_write_all(1, buf, n))
				leave(1, "detached");
		}
		if (pf[0].revents)
			keys(s);
	}
}

/* dtach -p: standard input to the session's program. */
static int push(int s)
{
	struct packet p = { .type = PUSH };
	ssize_t n;

	while ((n = read(0, p.u.buf, sizeof(p.u.buf)))) {
		p.len = n;
		if (n < 0 || hb_write_all(s, &p, sizeof(p)))
			die_on(session_name);
	}
	return 0;
}

/* dtach -l: each session of ours in DIR, as its master describes it. */
static int list(const char *dir)
{
	char buf[4096] __attribute__((aligned(8))), reply[512];
	long n, at;
	int fd, s;
	const char *what;
	ssize_t r;

	/* there: the sockets' names are short enough for an address */
	if (chdir(dir) || (fd = hb_open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0)) < 0)
		die_on(dir);
	while ((n = syscall(SYS_getdents64, fd, buf, sizeof(buf))) > 0)
		for (at = 0; at < n; at += *(unsigned short *)(buf + at + 16)) {
			/* struct linux_dirent64: the name at 19 */
			session_name = buf + at + 19;
			what = "stale: no master\n";
			if ((s = connect_to(LISTING)) < -1)
				continue;
			if (s >= 0) {
				send_packet(s, INFO, 0);
				/* the master's one write */
				r = read(s, reply, sizeof(reply) - 1);
				reply[r > 0 ? r : 0] = 0;
				close(s);
				what = reply;
			}
			hb_printf("%s\t%s", session_name, what);
		}
	if (n < 0)
		die_on(dir);
	return 0;
}

int dtach_main(int argc, char **argv)
{
	/* '-': a long option (--help) */
	static const char modes[] = "aAcnNpl-";
	long scrollback = 4096;
	const char *m;
	char *a, mode;
	int c, s, no_tty, i, dc = 034;

	(void)argc;
	/* dtach 0.9's words for a missing mode or socket. */
	a = argv[1];
	if (!a || *a != '-')
		hb_usage_error(1, "No mode was specified.");
	mode = a[1];
	for (m = modes; !mode || *m != mode; m++)
		if (!*m)
			hb_usage_error(1, "Invalid mode '-%c'", mode);
	if (mode != 'l' && mode != '-' && !argv[2])
		hb_usage_error(1, "No socket was specified.");

	/* Options, the mode first as in dtach 0.9: -MODE SOCKET [OPTIONS]
	 * [COMMAND...]; none after the command. */
	while ((c = hb_getopt(argv, &dtach_options, 1)) != -1) {
		/* read once, into a register, not loaded again in each case */
		char *arg = hb_optarg;

		switch (c) {
		case OPT_DETACH_CHAR:
			dc = *arg;
			if (dc == '^' && arg[1])
				dc = arg[1] == '?' ? 0177 : arg[1] & 037;
			break;
		case OPT_NO_DETACH_CHAR:
			dc = -1;
			break;
		case OPT_REDRAW:
			/* -r's words, from R_NONE on */
			if ((i = hb_word("none\0ctrl_l\0winch", 3, arg)) < 0)
				hb_usage_error(1, "Invalid redraw method specified.");
			session_redraw = R_NONE + i;
			break;
		case OPT_NO_SUSPEND:
			no_suspend = 1;
			break;
		case OPT_SCROLLBACK:
			for (scrollback = 0, a = arg; *a >= '0' && *a <= '9' && scrollback < 1L << 28; a++)
				scrollback = scrollback * 10 + *a - '0';
			if (*a || a == arg)
				hb_usage_error(1, "Invalid scrollback size.");
			break;
		default:	/* a mode (the first option) and its socket */
			session_name = arg;
		}
	}
	argv += hb_optind;
	detach_char = dc;

	if (mode == 'l')
		return list(*argv ? *argv : ".");
	if (mode == 'p') {
		if (*argv)
			hb_usage_error(1, "Invalid number of arguments.");
		return push(connect_to(MUST_LIVE));
	}
	no_tty = hb_ioctl(0, TCGETS, (long)&orig_term);
	if (mode != 'a' && !*argv)
		hb_usage_error(1, "No command was specified.");
	if (no_tty && mode != 'n' && mode != 'N')
		hb_die(1, "Attaching to a session requires a terminal.");
	if (mode == 'a' && *argv)
		hb_usage_error(1, "Invalid number of arguments.");
	/* without the memory, no scrollback */
	if (scrollback && (session_ring = sys_mmap(scrollback)) != MAP_FAILED)
		session_ring_size = scrollback;
	if (mode == 'a')
		return attach(connect_to(MUST_LIVE));
	/* -A: a live session is attached to, else one made as with -c */
	if (mode == 'A' && (s = connect_to(REPLACE)) >= 0)
		return attach(s);
	if ((s = create(argv, mode == 'N')) || mode == 'n' || mode == 'N')
		return s;
	return attach(connect_to(MUST_LIVE));
}
