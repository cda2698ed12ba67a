/* SPDX-License-Identifier: 0BSD */
/* flock: manage file locks from shell scripts (util-linux 2.42 behaviour)
 *
 * The timeout is an ITIMER_REAL timer that raises SIGALRM: the signal is
 * unblocked and caught only while flock waits, and the caller's mask,
 * disposition and timer are put back before the command runs, so neither
 * a blocked nor an ignored SIGALRM in the caller breaks -w, and the command
 * inherits exactly what flock was given.  Whether the deadline has passed
 * is decided by the clock, not by which signal arrived, so a stray SIGALRM
 * only retries the lock; the timer re-fires every 20 ms after the deadline,
 * so an expiry that lands between the clock check and the next flock(2)
 * cannot leave us blocked.
 *
 * Unlike util-linux, --verbose lines are written at once (util-linux
 * buffers them behind the command's output, and loses them with -F).
 */
//config:config FLOCK
//config:	bool "flock"
//config:	default y
//config:	help
//config:	  Manage file locks from shell scripts, as util-linux flock:
//config:	  -s -x -u -n -w -E -o -F -c, --verbose, --fcntl (OFD locks)
//config:	  with --start/--length ranges.
//applet:APPLET(flock, "usr/bin")
//kbuild:obj-$(CONFIG_FLOCK) += applets/flock.o libcore/nohupout.o

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/file.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include "hb.h"

/* The options: hb_getopt() parses by this table, --help prints it. */
#define FLOCK_OPTIONS(X) \
	HB_OPTIONS_FIRST(X) \
	X(SHARED, 's', "shared", "", "get a shared lock", "") \
	X(EXCLUSIVE, 'x', "exclusive", "", "get an exclusive lock (default)", "") \
	X(E, 'e', "", "", "", "") \
	X(UNLOCK, 'u', "unlock", "", "remove the lock", "") \
	X(NONBLOCK, 'n', "nonblocking", "", "fail rather than wait", "") \
	X(NB, 'n', "nb", "", "", "") \
	X(TIMEOUT, 'w', "timeout", "SECS", "wait at most SECS", "") \
	X(WAIT, 'w', "wait", "SECS", "", "") \
	X(CONFLICT_EXIT_CODE, 'E', "conflict-exit-code", "N", "exit code if not locked", "1") \
	X(CLOSE, 'o', "close", "", "no lock fd for COMMAND", "") \
	X(COMMAND, 'c', "command", "STRING", "run $SHELL -c STRING", "") \
	X(NO_FORK, 'F', "no-fork", "", "exec COMMAND, no fork", "") \
	X(FD, 0, "fd", "N", "lock open descriptor N", "") \
	X(FCNTL, 0, "fcntl", "", "OFD lock (fcntl)", "") \
	X(START, 0, "start", "OFF", "its range's offset", "0") \
	X(LENGTH, 0, "length", "LEN", "and length, 0: to EOF", "") \
	X(VERBOSE, 0, "verbose", "", "say what happens", "") \
	HB_HELP_VERSION(X) \
	X(TRY_HELP, '?', "", "", "", "")
HB_OPTIONS(flock_options, FLOCK_OPTIONS,
"Usage: flock [options] FILE|DIR {COMMAND [ARG...] | -c STRING}\n"
"   or: flock [options] --fd N {COMMAND [ARG...] | -c STRING}\n"
"   or: flock [options] N\n"
"Hold a file lock around a command, or on descriptor N.\n",
"");

/* An option's bit in flock_main's set of those given */
#define OPTION(o) (1UL << OPT_##o)

enum { EX_USAGE = 64, EX_DATAERR, EX_NOINPUT, EX_UNAVAILABLE = 69,
       EX_OSERR = 71, EX_CANTCREAT = 73 };

static void on_alarm(int sig)
{
	(void)sig;	/* only here to make flock(2) return EINTR */
}

/* *flags: the access mode wanted, then the one obtained.  Never blocking
 * (a FIFO at the name: util-linux waits for a writer), and in a directory
 * another user can write (/tmp) never through a symbolic link, which
 * would have root create or lock a file of the link's choosing.  Another
 * user's lock file is fine: sharing one is what locks are for. */
static int open_lock(const char *name, int *flags)
{
	const char *slash = hb_last(name, '/');
	int safe = O_NONBLOCK | O_NOCTTY |
		   (hb_shared_dir(name, slash ? (size_t)(slash - name) + (slash == name) : 0,
				  geteuid()) ? O_NOFOLLOW : 0);
	int fd = hb_open(name, *flags | safe | O_CREAT, 0666);

	/* O_CREAT (or write access) on a directory gives EISDIR */
	if (fd < 0 && errno == EISDIR)
		fd = hb_open(name, *flags = O_RDONLY | safe, 0);
	if (fd < 0) {
		int e = errno;

		hb_die(e == ENOMEM || e == EMFILE || e == ENFILE ? EX_OSERR :
		       e == EROFS || e == ENOSPC ? EX_CANTCREAT : EX_NOINPUT,
		       "cannot open lock file %s: %m", name);
	}
	hb_fcntl(fd, F_SETFL, 0);	/* blocking again, for the command */
	return fd;
}

static void __attribute__((noreturn, noinline)) bad(const char *fmt, const char *arg)
{
	hb_die(EX_USAGE, fmt, arg);
}

/* A number in int's range, else a usage error with FMT. */
static int number(const char *s, const char *fmt)
{
	long n;

	if (hb_parse_long(s, INT_MIN, INT_MAX, &n))
		bad(fmt, s);
	return n;
}

/* Sizes as util-linux accepts them: 1K = 1KiB = 1024, 1KB = 1000. */
static long long parse_size(const char *s, const char *fmt)
{
	static const char units[] = "KMGTPE";
	const char *p = s, *u;
	unsigned long long v = 0, mul = 1, base = 1024;

	for (; *p >= '0' && *p <= '9' && v <= LLONG_MAX / 10; p++)
		v = v * 10 + *p - '0';
	if (p == s)	/* a unit alone ("K") is no size */
		bad(fmt, s);
	/* a NUL or a blank (0 after & ~0x20) is in no string hb_last searches */
	if ((u = hb_last(units, *p & ~0x20))) {
		if (*++p == 'B')
			base = 1000, p++;
		else if (*p == 'i' && p[1] == 'B')
			p += 2;
		do
			mul *= base;
		while (u-- > units);
	}
	/* the product's overflow, not LLONG_MAX / mul: a 64-bit division
	 * is libgcc's on a 32-bit target */
	if (*p || __builtin_mul_overflow(v, mul, &v) || v > LLONG_MAX)
		bad(fmt, s);
	return v;
}

static void run(char **cmd)
{
	int e;

	hb_execvp(cmd[0], cmd);
	e = errno;
	hb_warn("failed to execute %s: %m", cmd[0]);
	_exit(e == ENOMEM ? EX_OSERR : EX_UNAVAILABLE);
}

/* In a function of its own so that vfork() clobbers none of main's
 * variables; the child never returns from here. */
static int spawn(char **cmd, int close_fd)
{
	int pid = vfork();

	if (!pid) {
		if (close_fd >= 0)
			close(close_fd);
		run(cmd);
	}
	return pid;
}

/* The time since T0 in D, normalised: a timespec, as microseconds in a
 * long long would need a 64-bit division to print, libgcc's on 32-bit
 * targets. */
static void __attribute__((noinline)) since(const struct timespec *t0, struct timespec *d)
{
	hb_now(d);
	d->tv_sec -= t0->tv_sec;
	if ((d->tv_nsec -= t0->tv_nsec) < 0) {
		d->tv_nsec += 1000000000;
		d->tv_sec--;
	}
}

int flock_main(int argc, char **argv)
{
	/* static: zeroed for free (fl.l_whence = SEEK_SET, set empty), and
	 * shorter to address than deep in a 1 KB stack frame */
	static struct flock fl;
	static struct sigaction sa, old_sa;
	static struct itimerval it, old_it;
	static sigset_t set, old_set;
	static char *shell_cmd[4];
	struct timespec tmo, t0, d;
	/* op: F_RDLCK, F_WRLCK or F_UNLCK; flock(2) takes flock_op[op] */
	static const char flock_op[] = { LOCK_SH, LOCK_EX, LOCK_UN };
	_Static_assert(F_RDLCK == 0 && F_WRLCK == 1 && F_UNLCK == 2, "F_*LCK");
	int op = F_WRLCK, conflict = 1, flags = 0, fd = -1, opt, status, r;
	/* the options given, a bit each (1 << OPT_ constant): those that
	 * only switch something on are read from here */
	unsigned long seen = 0;
	_Static_assert(OPT_TRY_HELP < 32, "an option's bit in an unsigned long");
	char **cmd = NULL, *command = NULL;
	const char *file = NULL;
	long n;

	if (argc < 2)
		hb_usage_error(EX_USAGE, "not enough arguments");
	while ((opt = hb_getopt(argv, &flock_options, EX_USAGE)) != -1) {
		/* read once, into a register, not loaded again in each case */
		char *arg = hb_optarg;

		seen |= 1UL << opt;
		switch (opt) {
		case OPT_SHARED:
			op = F_RDLCK;
			break;
		case OPT_EXCLUSIVE:
		case OPT_E:
			op = F_WRLCK;
			break;
		case OPT_UNLOCK:
			op = F_UNLCK;
			break;
		case OPT_TIMEOUT:
			if (hb_parse_seconds(arg, &tmo))
				bad("invalid timeout value: '%s'", arg);
			break;
		case OPT_CONFLICT_EXIT_CODE:
			conflict = number(arg, "invalid exit code: '%s'");
			if (conflict < 0 || conflict > 255)
				bad("exit code out of range (expected 0 to 255)", NULL);
			break;
		case OPT_COMMAND:
			command = arg;
			break;
		case OPT_FD:
			fd = number(arg, "bad file descriptor: '%s'");
			break;
		case OPT_START:
			fl.l_start = parse_size(arg, "invalid start offset: '%s'");
			break;
		case OPT_LENGTH:
			fl.l_len = parse_size(arg, "invalid length: '%s'");
			break;
		case OPT_TRY_HELP:	/* -? as util-linux's: only told to try --help */
			hb_usage_error(EX_USAGE, NULL);
		}
	}
	if (seen & OPTION(NO_FORK) && seen & OPTION(CLOSE))
		bad("the --no-fork and --close options are incompatible", NULL);
	/* a range is an OFD lock's (fcntl) */
	if (seen & (OPTION(START) | OPTION(LENGTH)))
		seen |= OPTION(FCNTL);
	/* an exclusive OFD lock needs a descriptor open for writing */
	if (seen & OPTION(FCNTL) && op == F_WRLCK)
		flags = O_WRONLY;

	argv += hb_optind;
	argc -= hb_optind;
	if (seen & OPTION(FD)) {
		/* --fd N: every operand is the command */
		if (argc)
			cmd = argv;
	} else if (argc > 1 || (argc && command)) {
		file = *argv;
		cmd = argv + 1;
		if (*cmd && hb_word("-c\0--command", 2, *cmd) >= 0) {
			if (argc != 3)
				bad("%s requires exactly one command argument", *cmd);
			command = cmd[1];
			cmd = NULL;
		}
		fd = open_lock(file, &flags);
	} else if (argc) {
		fd = number(*argv, "bad file descriptor: '%s'");
	} else {
		bad("requires file descriptor, file or directory", NULL);
	}
	if (command) {
		if (cmd && *cmd)
			bad("%s requires exactly one command argument", "--command");
		/* $SHELL -c STRING */
		cmd = shell_cmd;
		cmd[0] = hb_getenv("SHELL");
		if (!cmd[0] || !*cmd[0])
			cmd[0] = "/bin/sh";
		cmd[1] = "-c";
		cmd[2] = command;
	}

	/* -w 0 is -n */
	if (seen & OPTION(TIMEOUT) && !tmo.tv_sec && !tmo.tv_nsec)
		seen = (seen & ~OPTION(TIMEOUT)) | OPTION(NONBLOCK);
	hb_now(&t0);
	if (seen & OPTION(TIMEOUT)) {
		/* an expiry below 1 us would disarm the timer */
		sa.sa_handler = on_alarm;
		it.it_interval.tv_usec = 20000;
		it.it_value.tv_sec = tmo.tv_sec;
		it.it_value.tv_usec = tmo.tv_nsec / 1000 | 1;
		/* word 0 of every libc's sigset_t holds signals 1 to 32:
		 * sigaddset() would bring its code for this one bit */
		*(unsigned long *)&set = 1UL << (SIGALRM - 1);
		if (sigaction(SIGALRM, &sa, &old_sa) ||
		    sigprocmask(SIG_UNBLOCK, &set, &old_set) ||
		    setitimer(ITIMER_REAL, &it, &old_it))
			hb_die(EX_OSERR, "cannot set up timer: %m");
	}

	for (;;) {
		if (seen & OPTION(FCNTL)) {
			fl.l_type = op;
			r = hb_fcntl(fd, seen & OPTION(NONBLOCK) ? F_OFD_SETLK : F_OFD_SETLKW,
				     (long)&fl);
		} else {
			/* all musl's flock() is, without its wrapper */
			r = syscall(SYS_flock, fd,
				    flock_op[op] | (seen & OPTION(NONBLOCK) ? LOCK_NB : 0));
		}
		if (!r)
			break;
		r = errno;
		/* EACCES: fcntl's word for a conflict */
		if (r == EWOULDBLOCK || r == EACCES ||
		    (r == EINTR && seen & OPTION(TIMEOUT) && (since(&t0, &d),
		     d.tv_sec * 1000000LL + d.tv_nsec / 1000 >=
		     tmo.tv_sec * 1000000LL + (tmo.tv_nsec + 999) / 1000))) {
			if (seen & OPTION(VERBOSE))
				hb_warn(r == EINTR ? "timeout while waiting to get lock" :
					"failed to get lock");
			return conflict;
		}
		if (r == EINTR)
			continue;
		/* NFS emulates flock(2) with fcntl locks, which want a writable
		 * descriptor for an exclusive lock.  The new descriptor is
		 * opened before the old one is closed, so it never reuses its
		 * number. */
		if ((r == EIO || r == EBADF) && !(flags & O_RDWR) &&
		    op != F_RDLCK && file && !access(file, R_OK | W_OK)) {
			int nfd;

			flags = O_RDWR;
			nfd = open_lock(file, &flags);
			hb_close(fd);
			fd = nfd;
			if (flags & O_RDWR)
				continue;
		}
		n = r == ENOLCK || r == ENOMEM ? EX_OSERR : EX_DATAERR;
		errno = r;
		if (file)
			hb_die(n, "%s: %m", file);
		hb_die(n, "%d: %m", fd);
	}

	if (seen & OPTION(TIMEOUT)) {
		/* disarm while our handler still takes a late expiry, then
		 * give the command the caller's timer, mask and disposition */
		setitimer(ITIMER_REAL, &old_it, NULL);
		sigaction(SIGALRM, &old_sa, NULL);
		sigprocmask(SIG_SETMASK, &old_set, NULL);
	}
	if (seen & OPTION(VERBOSE)) {
		char frac[24];

		/* A stdout whose reader is gone must not keep the command
		 * from running (util-linux's buffered lines fail only at its
		 * exit): SIGPIPE ignored for our lines, the caller's
		 * disposition (kept in old_sa, done with) for the command. */
		if (cmd) {
			sa.sa_handler = SIG_IGN;
			sigaction(SIGPIPE, &sa, &old_sa);
		}
		/* the fraction's leading zeros: a seventh digit, skipped */
		since(&t0, &d);
		hb_fmt(frac, sizeof(frac), "%ld", d.tv_nsec / 1000 + 1000000);
		hb_printf("flock: getting lock took %ld.%s seconds\n",
			  (long)d.tv_sec, frac + 1);
	}
	if (!cmd)
		return 0;

	/* an inherited SIG_IGN would make waitpid() fail; sa (no mask, no
	 * flags) rather than hb_signal(), which flock need not bring */
	sa.sa_handler = SIG_DFL;
	sigaction(SIGCHLD, &sa, NULL);
	if (seen & OPTION(VERBOSE)) {
		hb_printf("flock: executing %s\n", cmd[0]);
		sigaction(SIGPIPE, &old_sa, NULL);
	}
	if (seen & OPTION(NO_FORK))
		run(cmd);
	n = spawn(cmd, seen & OPTION(CLOSE) ? fd : -1);
	if (n < 0)
		hb_die(EX_OSERR, "fork failed: %m");
	if (hb_waitpid(n, &status, 0) < 0)
		hb_die(1, "waitpid failed: %m");
	return hb_wait_code(status);
}
