/* flock: manage file locks from shell scripts (util-linux 2.42 behaviour)
 *
 * The timeout is a POSIX timer on CLOCK_MONOTONIC that raises SIGALRM: the
 * signal is unblocked and caught only while flock waits, and the caller's
 * mask and disposition are put back before the command runs, so neither a
 * blocked nor an ignored SIGALRM in the caller breaks -w, and the command
 * inherits exactly what flock was given.  The timer is created with the raw
 * syscall because musl's timer_create() links pthread_create for
 * SIGEV_THREAD.  Whether the deadline has passed is decided by the clock,
 * not by which signal arrived, so a stray SIGALRM only retries the lock; the
 * timer re-fires every 20 ms after the deadline, so an expiry that lands
 * between the clock check and the next flock(2) cannot leave us blocked.
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

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/file.h>
#include <sys/syscall.h>
#include "hb.h"

const char flock_usage[] =
"Usage: flock [OPTIONS] FILE|DIRECTORY COMMAND [ARG...]\n"
"       flock [OPTIONS] FILE|DIRECTORY -c COMMAND_STRING\n"
"       flock [OPTIONS] FD\n"
"\n"
"Hold a file lock while COMMAND runs, or lock the open descriptor FD.\n"
"\n"
"-s --shared          shared lock\n"
"-x -e --exclusive    exclusive lock (default)\n"
"-u --unlock          release the lock\n"
"-n --nb --nonblock   fail at once if the lock is taken\n"
"-w --wait --timeout SECS  give up after SECS (-w 0: as -n)\n"
"-E --conflict-exit-code N  exit N on conflict or timeout (default 1)\n"
"-o --close           the command does not inherit the lock fd\n"
"-c --command STRING  run STRING with $SHELL -c\n"
"-F --no-fork         exec the command in flock's process\n"
"--fcntl              fcntl(F_OFD_SETLK) locks instead of flock(2)\n"
"--start OFFSET, --length LENGTH  byte range (imply --fcntl)\n"
"--verbose            report the wait and the command on stdout\n"
"-h --help, -V --version\n";

enum { EX_USAGE = 64, EX_DATAERR, EX_NOINPUT, EX_UNAVAILABLE = 69,
       EX_OSERR = 71, EX_CANTCREAT = 73 };

static void on_alarm(int sig)
{
	(void)sig;	/* only here to make flock(2) return EINTR */
}

/* *flags: the access mode wanted, then the one obtained */
static int open_lock(const char *name, int *flags)
{
	int fd = hb_open(name, *flags | O_NOCTTY | O_CREAT, 0666);

	/* O_CREAT (or write access) on a directory gives EISDIR */
	if (fd < 0 && errno == EISDIR)
		fd = hb_open(name, *flags = O_RDONLY | O_NOCTTY, 0);
	if (fd < 0) {
		int e = errno;

		hb_warn("cannot open lock file %s: %m", name);
		exit(e == ENOMEM || e == EMFILE || e == ENFILE ? EX_OSERR :
		     e == EROFS || e == ENOSPC ? EX_CANTCREAT : EX_NOINPUT);
	}
	return fd;
}

/* Sizes as util-linux accepts them: 1K = 1KiB = 1024, 1KB = 1000. */
static long long parse_size(const char *s, const char *what)
{
	static const char units[] = "KMGTPE";
	const char *u, *arg = s;
	long long v = 0, mul = 1, base = 1024;

	if (*s < '0' || *s > '9')
		goto bad;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (v > (LLONG_MAX - 9) / 10)
			goto bad;
		v = v * 10 + *s - '0';
	}
	if (*s && (u = strchr(units, *s & ~0x20))) {
		s++;
		if (!strcmp(s, "B"))
			base = 1000, s++;
		else if (!strcmp(s, "iB"))
			s += 2;
		for (; u >= units; u--)
			mul *= base;
	}
	if (*s || v > LLONG_MAX / mul)
		goto bad;
	return v * mul;
bad:
	hb_die(EX_USAGE, "invalid %s: '%s'", what, arg);
}

static void run(char **cmd)
{
	int e;

	execvp(cmd[0], cmd);
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

/* a - b, normalised */
static void ts_sub(struct timespec *r, const struct timespec *a,
		   const struct timespec *b)
{
	r->tv_sec = a->tv_sec - b->tv_sec;
	r->tv_nsec = a->tv_nsec - b->tv_nsec;
	if (r->tv_nsec < 0) {
		r->tv_sec--;
		r->tv_nsec += 1000000000;
	}
}

HB_MAIN(flock)
{
	enum { OPT_VERBOSE = 256, OPT_FCNTL, OPT_START, OPT_LENGTH };
	static const struct option longopts[] = {
		{ "shared", 0, 0, 's' }, { "exclusive", 0, 0, 'x' },
		{ "unlock", 0, 0, 'u' }, { "nonblocking", 0, 0, 'n' },
		{ "nb", 0, 0, 'n' },
		{ "timeout", 1, 0, 'w' }, { "wait", 1, 0, 'w' },
		{ "conflict-exit-code", 1, 0, 'E' }, { "close", 0, 0, 'o' },
		{ "no-fork", 0, 0, 'F' }, { "verbose", 0, 0, OPT_VERBOSE },
		{ "fcntl", 0, 0, OPT_FCNTL }, { "start", 1, 0, OPT_START },
		{ "length", 1, 0, OPT_LENGTH }, { "help", 0, 0, 'h' },
		{ "version", 0, 0, 'V' }, { 0, 0, 0, 0 }
	};
	struct flock fl = { .l_whence = SEEK_SET };
	struct timespec tmo = { 0, 0 }, t0, t1, d;
	struct sigaction sa = { .sa_handler = on_alarm }, old_sa;
	sigset_t set, old_set;
	int op = LOCK_EX, nb = 0, timed = 0, verbose = 0, ofd = 0;
	int do_close = 0, no_fork = 0, conflict = 1, flags = 0, timer = -1;
	int fd, opt, status;
	char **cmd = NULL, *sh[4];
	const char *file = NULL;
	long n;

	if (argc < 2)
		hb_usage_error(EX_USAGE, "not enough arguments");
	while ((opt = getopt_long(argc, argv, "+sexnoFuw:E:hV", longopts,
				  NULL)) != -1) {
		switch (opt) {
		case 's': op = LOCK_SH; break;
		case 'e': case 'x': op = LOCK_EX; break;
		case 'u': op = LOCK_UN; break;
		case 'n': nb = LOCK_NB; break;
		case 'o': do_close = 1; break;
		case 'F': no_fork = 1; break;
		case 'w':
			if (hb_parse_seconds(optarg, &tmo))
				hb_die(EX_USAGE, "invalid timeout value: '%s'", optarg);
			timed = 1;
			break;
		case 'E':
			if (hb_parse_long(optarg, INT_MIN, INT_MAX, &n))
				hb_die(EX_USAGE, "invalid exit code: '%s'", optarg);
			if (n < 0 || n > 255)
				hb_die(EX_USAGE, "exit code out of range (expected 0 to 255)");
			conflict = n;
			break;
		case OPT_VERBOSE: verbose = 1; break;
		case OPT_START:
			fl.l_start = parse_size(optarg, "start offset");
			ofd = 1;
			break;
		case OPT_LENGTH:
			fl.l_len = parse_size(optarg, "length");
			/* fall through */
		case OPT_FCNTL: ofd = 1; break;
		case 'V': hb_version();
		case 'h': hb_help();
		default:
			hb_dprintf(2, "Try 'flock --help' for more information.\n");
			return EX_USAGE;
		}
	}
	if (no_fork && do_close)
		hb_die(EX_USAGE, "the --no-fork and --close options are incompatible");
	/* an exclusive OFD lock needs a descriptor open for writing */
	if (ofd && op == LOCK_EX)
		flags = O_WRONLY;

	if (argc > optind + 1) {
		file = argv[optind];
		cmd = argv + optind + 1;
		if (!strcmp(*cmd, "-c") || !strcmp(*cmd, "--command")) {
			if (argc != optind + 3)
				hb_die(EX_USAGE, "%s requires exactly one command argument", *cmd);
			sh[0] = getenv("SHELL");
			if (!sh[0] || !*sh[0])
				sh[0] = "/bin/sh";
			sh[1] = "-c";
			sh[2] = cmd[1];
			sh[3] = NULL;
			cmd = sh;
		}
		fd = open_lock(file, &flags);
	} else if (optind < argc) {
		if (hb_parse_long(argv[optind], INT_MIN, INT_MAX, &n))
			hb_die(EX_USAGE, "bad file descriptor: '%s'", argv[optind]);
		fd = n;
	} else {
		hb_die(EX_USAGE, "requires file descriptor, file or directory");
	}

	if (timed && !tmo.tv_sec && !tmo.tv_nsec) {
		timed = 0;
		nb = LOCK_NB;
	}
	hb_now(&t0);
	if (timed) {
		struct sigevent ev = { .sigev_notify = SIGEV_SIGNAL,
				       .sigev_signo = SIGALRM };
		struct itimerspec its = { { 0, 20000000 }, tmo };

		sigemptyset(&set);
		sigaddset(&set, SIGALRM);
		if (sigaction(SIGALRM, &sa, &old_sa) ||
		    sigprocmask(SIG_UNBLOCK, &set, &old_set) ||
		    syscall(SYS_timer_create, CLOCK_MONOTONIC, &ev, &timer) ||
		    timer_settime((timer_t)(intptr_t)timer, 0, &its, NULL))
			hb_die(EX_OSERR, "cannot set up timer: %m");
		/* the deadline */
		t1 = t0;
		t1.tv_sec += tmo.tv_sec;
		t1.tv_nsec += tmo.tv_nsec;
		if (t1.tv_nsec >= 1000000000) {
			t1.tv_sec++;
			t1.tv_nsec -= 1000000000;
		}
	}

	for (;;) {
		int r;

		if (ofd) {
			fl.l_type = op == LOCK_SH ? F_RDLCK : op == LOCK_EX ? F_WRLCK : F_UNLCK;
			r = fcntl(fd, nb ? F_OFD_SETLK : F_OFD_SETLKW, &fl);
		} else {
			r = flock(fd, op | nb);
		}
		if (!r)
			break;
		switch (errno) {
		case EWOULDBLOCK:
		case EACCES:	/* fcntl's word for a conflict */
			if (verbose)
				hb_warn("failed to get lock");
			return conflict;
		case EINTR:
			if (timed) {
				hb_now(&d);
				if (d.tv_sec > t1.tv_sec || (d.tv_sec == t1.tv_sec &&
							     d.tv_nsec >= t1.tv_nsec)) {
					if (verbose)
						hb_warn("timeout while waiting to get lock");
					return conflict;
				}
			}
			continue;
		case EIO:
		case EBADF:
			r = errno;
			/* NFS emulates flock(2) with fcntl locks, which want
			 * a writable descriptor for an exclusive lock.  The
			 * new descriptor is opened before the old one is
			 * closed, so it never reuses its number. */
			if (!(flags & O_RDWR) && op != LOCK_SH && file &&
			    !access(file, R_OK | W_OK)) {
				int nfd;

				flags = O_RDWR;
				nfd = open_lock(file, &flags);
				hb_close(fd);
				fd = nfd;
				if (flags & O_RDWR)
					continue;
				errno = r;
			}
			/* fall through */
		default:
			r = errno;
			if (file)
				hb_warn("%s: %m", file);
			else
				hb_warn("%d: %m", fd);
			return r == ENOLCK || r == ENOMEM ? EX_OSERR : EX_DATAERR;
		}
	}

	if (timed) {
		/* disarm while our handler still takes a late expiry, then
		 * give the command the caller's mask and disposition back */
		syscall(SYS_timer_delete, timer);
		sigaction(SIGALRM, &old_sa, NULL);
		sigprocmask(SIG_SETMASK, &old_set, NULL);
	}
	if (verbose) {
		hb_now(&t1);
		ts_sub(&d, &t1, &t0);
		hb_printf("flock: getting lock took %ld.%06ld seconds\n",
			  (long)d.tv_sec, d.tv_nsec / 1000);
	}
	if (!cmd)
		return 0;

	/* an inherited SIG_IGN would make waitpid() fail */
	signal(SIGCHLD, SIG_DFL);
	if (verbose)
		hb_printf("flock: executing %s\n", cmd[0]);
	if (no_fork)
		run(cmd);
	n = spawn(cmd, do_close ? fd : -1);
	if (n < 0)
		hb_die(EX_OSERR, "fork failed: %m");
	if (hb_waitpid(n, &status, 0) < 0)
		hb_die(1, "waitpid failed: %m");
	return hb_wait_code(status);
}
