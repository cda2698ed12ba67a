/* SPDX-License-Identifier: 0BSD */
/* respawn: supervise one command, restarting it with exponential backoff.
 *
 * One entry of the supervision engine (libcore/supervise.c).  The command's
 * output, when captured with -l, flows through one pipe that respawn keeps
 * open for its whole life, so restarts never lose the log and a pipe with
 * no writer never makes ppoll() spin.  Files named on the command line are
 * resolved against the starting directory through a directory fd, so -b
 * may chdir to / without rewriting paths.
 */
//config:config RESPAWN
//config:	bool "respawn"
//config:	default y
//config:	help
//config:	  Supervise one command: restart it with exponential backoff,
//config:	  park crash loops, capture and rotate its output, forward
//config:	  signals, write pidfiles, s6-style readiness.
//applet:APPLET(respawn, "usr/sbin")
//kbuild:obj-$(CONFIG_RESPAWN) += applets/respawn.o libcore/supervise.o libcore/lines.o libcore/syslog.o

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syslog.h>
#include <sys/wait.h>
#include "hb.h"
#include "supervise.h"
#include "lines.h"

/* The options: hb_getopt() parses by this table, --help prints it.  The
 * defaults shown are sv_conf0's (libcore/supervise.c) and those below. */
#define RESPAWN_OPTIONS(X) \
	HB_OPTIONS_FIRST(X) \
	X(MIN_DELAY, 0, "min-delay", "S", "2nd restart's delay, then doubled", "0.25") \
	X(MAX_DELAY, 0, "max-delay", "S", "longest delay", "60") \
	X(HEALTHY, 0, "healthy", "S", "a run this long resets the delay", "10") \
	X(CRASH_STARTS, 0, "crash-starts", "N", "starts in a window that park CMD", "10") \
	X(CRASH_WINDOW, 0, "crash-window", "S", "that window", "120") \
	X(PARK, 0, "park", "S", "how long CMD stays parked", "300") \
	X(STOP_SIGNAL, 0, "stop-signal", "SIG", "signal that stops CMD", "TERM") \
	X(STOP_TIMEOUT, 0, "stop-timeout", "S", "then KILL after S", "5") \
	X(MAX, 0, "max", "N", "exit after N restarts", "") \
	X(NO_RESTART_ON, 0, "no-restart-on", "CODE,...", "exit when CMD exits so", "") \
	X(RESTART_ON_HUP, 0, "restart-on-hup", "", "restart CMD on SIGHUP", "") \
	X(READY_FD, 0, "ready-fd", "N", "CMD says ready on fd N", "") \
	X(PIDFILE, 'p', "pidfile", "FILE", "write CMD's pid", "") \
	X(OWN_PIDFILE, 'P', "own-pidfile", "FILE", "write respawn's pid", "") \
	X(LOG, 'l', "log", "FILE", "append CMD's output to FILE", "") \
	X(LOG_SIZE, 0, "log-size", "BYTES", "rotate FILE at this size", "1048576") \
	X(LOG_KEEP, 0, "log-keep", "N", "rotated files kept", "1") \
	X(SYSLOG, 'S', "syslog", "", "CMD's output and restarts to syslog", "") \
	X(TAG, 't', "tag", "TAG", "syslog tag (implies -S)", "CMD's name") \
	X(PRIORITY, 0, "priority", "FAC[.LVL]", "facility, stdout's level (-S)", "daemon.info") \
	X(USER, 'u', "user", "USER[:GRP]", "run CMD as USER", "") \
	X(CHDIR, 'C', "chdir", "DIR", "run CMD in DIR", "") \
	X(BACKGROUND, 'b', "background", "", "detach and return at once", "") \
	HB_HELP_VERSION(X)
HB_OPTIONS(respawn_options, RESPAWN_OPTIONS,
"Usage: respawn [options] [--] CMD [ARG...]\n"
"Run CMD and restart it whenever it exits (S: seconds).\n",
"\nExit: CMD's status; 1 already running; 125 respawn's error;\n126/127 CMD cannot run\n");

/* Raw system calls: the child is single-threaded, and musl's wrappers
 * would pull in its all-threads machinery. */
#ifdef SYS_setuid32
#define SYS_SETUID SYS_setuid32
#define SYS_SETGID SYS_setgid32
#define SYS_SETGROUPS SYS_setgroups32
#else
#define SYS_SETUID SYS_setuid
#define SYS_SETGID SYS_setgid
#define SYS_SETGROUPS SYS_setgroups
#endif

static struct sv_entry ent HB_HOT;
static char **cmd HB_HOT;
/* the files named by -p, -P and -l (file[PID], file[OWN], file[LOG]), and -C */
enum { PID, OWN, LOG };
_Static_assert(OPT_OWN_PIDFILE - OPT_PIDFILE == OWN && OPT_LOG - OPT_PIDFILE == LOG,
	       "-p, -P and -l in file[]'s order");
static const char *file[3] HB_HOT, *dir HB_HOT;
static int base = AT_FDCWD, logfd = -1;
/* The log pipe (with -S and no -l: CMD's stdout's, and errp its
 * stderr's), and the readiness pipe of the coming or running child;
 * pipe2() leaves them -1 when it fails. */
static int logp[2] = { -1, -1 }, errp[2] = { -1, -1 }, readyp[2] = { -1, -1 };
#define logr logp[0]
#define logw logp[1]
#define errr errp[0]
#define errw errp[1]
#define readyr readyp[0]
#define readyw readyp[1]
/* --log-size --log-keep --max --ready-fd (-1: none) */
static long logsize = 1048576, logkeep = 1, maxrestarts = -1, readyfd = -1;
static unsigned long logcur HB_HOT;
static unsigned char norestart[32] HB_HOT;	/* bit per exit code */
/* -u's ids */
static unsigned uid = -1, gid = -1;
static unsigned char done HB_HOT, hup_restart HB_HOT, bg HB_HOT;
/* -b: the write end of the pipe the caller waits on */
static int syncw = -1;
static const char *dbname HB_HOT;
/* -S: the tag (NULL: no syslog), the facility, stdout's level; respawn's
 * own pid and the child's, the one the lines come from */
static const char *tag HB_HOT;
static int facility = LOG_DAEMON, outlevel = LOG_INFO;
static int self HB_HOT, cpid HB_HOT;

/* A line of an /etc/passwd-style file: when it is dbname's, its third
 * field into id[0] and its fourth, if a number, into id[1] (a user's
 * group; /etc/group's members are no number). */
static int dbline(char *line, int nr, void *id)
{
	char *f[5];
	long n;
	int i;

	(void)nr;
	if (!line || sv_fields(line, f, 5) < 4 || strcmp(f[0], dbname))
		return 0;
	for (i = 0; i < 2; i++)
		if (!hb_parse_long(f[2 + i], 0, INT_MAX, &n))
			((unsigned *)id)[i] = n;
		else if (!i)
			return 0;
	return 1;
}

/* A USER's uid and group (or a GROUP's gid, with USER 0) into ID: from a
 * number, else from /etc/passwd or /etc/group; without stdio, which
 * getpwnam() would pull in. */
static void dbfind(const char *name, int user, unsigned id[2])
{
	long n;

	dbname = name;
	if (!hb_parse_long(name, 0, INT_MAX, &n))
		id[0] = n;
	else if (sv_lines(user ? "/etc/passwd" : "/etc/group", dbline, id) != 1)
		hb_die(125, "unknown %s '%s'", user ? "user" : "group", name);
}

/* -p, -P, -l: the directory of each, opened once, and its last component.
 * Every call on the file itself is an *at() call on that directory with
 * that component alone, so nothing done to the path's directories later
 * (a directory swapped for a link) moves where respawn writes, and no
 * name built from it is longer than the component and its suffix. */
static int dirs[3] = { -1, -1, -1 };
static const char *leaf[3] HB_HOT;

/* File i's directory: relative names mean the starting directory, even
 * after -b's chdir.  -1 with errno when it cannot be opened; tried again
 * at the next use (a pidfile's directory made later). */
static int fdir(unsigned i)
{
	char *path = (char *)file[i], *end = hb_last(path, '/'), c;

	/* the directory with its slash ("/" for "/FILE"), "." for none */
	end = end ? end + 1 : path;
	leaf[i] = end;
	if (dirs[i] < 0) {
		c = *end;
		*end = 0;
		dirs[i] = hb_openat(base, *path ? path : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
		*end = c;
	}
	return dirs[i];
}

/* unlinkat() and renameat() as the system calls: nothing else needs
 * musl's wrappers.  Both act on directory entries, never on what a link
 * names. */
static void rm(unsigned i, const char *name)
{
	int d;

	if (file[i] && (d = fdir(i)) >= 0)
		syscall(SYS_unlinkat, d, name ? name : leaf[i], 0);
}

static int mv(int d, const char *from, const char *to)
{
#ifdef SYS_renameat
	return syscall(SYS_renameat, d, from, d, to);
#else	/* aarch64, riscv: renameat2 only */
	return syscall(SYS_renameat2, d, from, d, to, 0);
#endif
}

/* A name with a suffix ("FILE.1", "FILE.PID.tmp") goes in a buffer of
 * NAME_BUF bytes: one that hb_fmt() cuts short there is still PATH_MAX
 * bytes long, which the kernel refuses (ENAMETOOLONG), so it can never
 * name another, shorter file. */
#define NAME_BUF (PATH_MAX + 1)

/* A new file of respawn's own under a name with its pid (O_EXCL: nothing
 * planted there, a link or a FIFO, is ever opened; a leftover of an
 * earlier respawn with this pid is removed first), then renamed over
 * FILE, which only ever replaces the directory entry. */
static void write_pidfile(unsigned i, int pid)
{
	char tmp[NAME_BUF];
	int d = fdir(i), fd = -1;

	if (d >= 0) {
		hb_fmt(tmp, sizeof(tmp), "%s.%d.tmp", leaf[i], self);
		rm(i, tmp);
		fd = hb_openat(d, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	}
	/* Closed whatever the write did (a full disk must not cost an fd
	 * per start), its errno kept for the message. */
	if (fd < 0 || (hb_dprintf(fd, "%d\n", pid) < 0 ? (hb_close(fd), 1) : close(fd)) ||
	    mv(d, tmp, leaf[i])) {
		hb_warn("cannot write pidfile '%s': %m", file[i]);
		if (fd >= 0)
			rm(i, tmp);
	}
}

/* Output the log cannot take at once is dropped, never waited for. */
static unsigned long dropped HB_HOT;

static void log_dropped(void)
{
	if (dropped)
		hb_warn("log '%s': %lu bytes dropped", file[LOG], dropped);
	dropped = 0;
}

/* The log, opened without following a link at its name or waiting for a
 * FIFO's reader (ELOOP, ENXIO).  O_NONBLOCK stays on all but a regular
 * file, where it means nothing but on mandatory locks and some network
 * file systems, which would then fail writes at random.  FLAGS O_EXCL
 * after a rotation: FILE has been renamed or removed, and a new file of
 * respawn's own takes its place whatever was planted there meanwhile.
 * At the start, a file with another name too (a hard link to a victim:
 * EMLINK) or a regular file owned by neither respawn's user nor -u's
 * (EPERM) is refused.  0, or -1 after saying why. */
static int log_open(int flags)
{
	struct stat st;
	int d = fdir(LOG);

	logcur = 0;
	if (d >= 0 && flags)
		rm(LOG, NULL);
	logfd = d < 0 ? -1 : hb_openat(d, leaf[LOG], flags | O_WRONLY | O_CREAT | O_APPEND |
				       O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0644);
	if (logfd >= 0 && !hb_fstatat(logfd, "", &st, AT_EMPTY_PATH)) {
		errno = EMLINK;
		if (st.st_nlink == 1) {
			/* Only a regular file rotates (as BusyBox syslogd):
			 * never rename /dev/console, /dev/kmsg or a FIFO. */
			if (!S_ISREG(st.st_mode)) {
				logsize = 0;
				return 0;
			}
			errno = EPERM;
			/* its size is where the writes start (O_APPEND) */
			logcur = st.st_size;
			if ((st.st_uid == geteuid() || st.st_uid == uid) &&
			    !hb_fcntl(logfd, F_SETFL, O_APPEND))
				return 0;
		}
	}
	if (logfd >= 0)
		hb_close(logfd);
	logfd = -1;
	hb_warn("cannot open log '%s': %m", file[LOG]);
	return -1;
}

static void log_rotate(void)
{
	char a[NAME_BUF], b[NAME_BUF];
	long k;

	hb_close(logfd);
	/* FILE.k-1 -> FILE.k down to FILE -> FILE.1; with none kept, FILE
	 * goes.  When FILE cannot move (FILE.1 a directory, a read-only
	 * directory, a name too long), log_open() starts it afresh rather
	 * than rotate again for every write. */
	for (k = logkeep; k >= 0; k--) {
		hb_fmt(a, sizeof(a), k ? "%s.%lu" : "%s", leaf[LOG], k);
		if (k == logkeep)
			rm(LOG, a);
		else if (mv(dirs[LOG], a, b) && !k)
			hb_warn("cannot rotate log '%s': %m", file[LOG]);
		memcpy(b, a, sizeof(b));
	}
	log_open(O_EXCL);
}

/* What the log cannot take at once (a FIFO's reader that stopped, a full
 * disk, no log at all) is dropped and counted: said when it starts, and
 * the count when the log takes output again and at the end. */
static void log_put(const char *p, size_t k)
{
	/* one write: a chunk fits in a pipe's atomic size */
	ssize_t w = logfd < 0 ? -1 : write(logfd, p, k);

	if (w > 0)
		logcur += w;
	if (w == (ssize_t)k) {
		log_dropped();
		return;
	}
	if (!dropped && logfd >= 0)
		hb_warn("log '%s' not keeping up (%m): output dropped", file[LOG]);
	dropped += k - (w > 0 ? w : 0);
}

/* Whole lines go to one file when they fit, so a rotated file never ends
 * in the middle of a line unless that line alone exceeds --log-size. */
static void log_drain(void)
{
	char buf[1024], *p;
	ssize_t r;
	size_t n, k;
	int i = 64;

	/* At most a default pipe's worth (64 KB), then back to ppoll(): a
	 * child that writes faster than the log takes it must not keep
	 * respawn from its signals. */
	while (i-- && (r = read(logr, buf, sizeof(buf))) > 0)
		for (p = buf, n = r; n; p += k, n -= k) {
			k = n;
			/* no log, no rotation: logcur stays 0 */
			if (logsize && logcur + n > (unsigned long)logsize) {
				size_t room = logcur < (unsigned long)logsize ?
					      logsize - logcur : 0;

				for (k = room; k && p[k - 1] != '\n'; k--)
					;
				if (!k) {
					if (logcur) {
						log_rotate();
						continue;
					}
					k = room;
				}
			}
			log_put(p, k);
		}
}

/* Messages syslog could not take (no /dev/log, a daemon that stopped
 * reading) are dropped and counted as the log's bytes are: the first drop
 * is said, the count when syslog takes messages again and at the end.
 * On stderr only, not through hb_warn(): they are about syslog itself. */
static unsigned long sdropped HB_HOT;

static void sys_dropped(void)
{
	if (sdropped)
		hb_dprintf(2, "respawn: /dev/log: %lu messages dropped\n", sdropped);
	sdropped = 0;
}

static void sys(int level, int pid, const char *text)
{
	char buf[HB_SYSLOG_MAX];

	hb_fmt(buf, sizeof(buf), "<%d>%s[%d]: %s", facility | level, tag, pid, text);
	if (!hb_syslog(buf))
		sys_dropped();
	else if (!sdropped++)
		hb_dprintf(2, "respawn: cannot send to /dev/log (%m): messages dropped\n");
}

/* -S: respawn's own messages once it runs (the engine's: parking, fork;
 * a pidfile or log it cannot write) to syslog as well, at warning. */
static void warn_also(const char *msg)
{
	sys(LOG_WARNING, self, msg);
}

/* -S without -l: CMD's stdout (i 0, at --priority's level) and stderr
 * (i 1, at err) a message a line.  A line longer than LINE - 1 bytes goes
 * in pieces; the start of a line waits in part[i] for its end, or for
 * CMD's exit (FLUSH: a last line without newline, as sv_lines() ends
 * one).  As log_drain(), at most 64 reads a turn. */
#define LINE 400
/* not HB_HOT: written only by -S for a line that came in pieces, it
 * would take much of the page init's table starts on */
static char part[2][LINE];
static unsigned have[2] HB_HOT;

static void lines(int i, int flush)
{
	char in[512], *b = part[i];
	unsigned n = have[i];
	int turns = 64;
	ssize_t r, k;

	for (;;) {
		r = turns-- > 0 ? read(i ? errr : logr, in, sizeof(in)) : 0;
		if (r <= 0) {
			if (!flush || !n)
				break;
			in[0] = '\n';
			r = 1;
			flush = 0;
		}
		/* a full part goes when a byte more comes: a line of
		 * LINE - 1 bytes and its newline are one message */
		for (k = 0; k < r; k++) {
			if (in[k] == '\n' || n == LINE - 1) {
				b[n] = 0;
				sys(i ? LOG_ERR : outlevel, cpid, b);
				n = 0;
			}
			if (in[k] != '\n')
				b[n++] = in[k];
		}
	}
	have[i] = n;
}

/* CMD's output so far; FLUSH: CMD has exited */
static void drain(int flush)
{
	if (file[LOG]) {
		log_drain();
	} else if (logr >= 0) {
		lines(0, flush);
		lines(1, flush);
	}
}

/* A pipe for CMD's output, its read end non-blocking (not the child's
 * end: CMD's writes wait as on any pipe); 0, or -1 with errno. */
static int out_pipe(int p[2])
{
	int one = 1;

	return hb_pipe(p) || hb_ioctl(p[0], FIONBIO, (long)&one) ? -1 : 0;
}

/* *FD closed when open, and -1 */
static void drop(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

static void ready_close(void)
{
	drop(&readyr);
	drop(&readyw);
}

/* A new readiness pipe for each start: nothing from an earlier child's
 * descendants can pass for the new one's line. */
static void ready_open(void)
{
	if (readyfd >= 0 && hb_pipe(readyp))
		hb_warn("pipe: %m");
}

static int child(struct sv_entry *e)
{
	const char *what = "-C ", *arg = dir;

	(void)e;
	/* its messages go where its stderr goes (-S, -l), not twice */
	hb_warn_also = NULL;
	/* -b: the child's stdout and stderr are /dev/null (fd 1) even while
	 * respawn keeps the caller's stderr for its first messages */
	if (((logw >= 0 || bg) && sv_dup(logw >= 0 ? logw : 1, 1)) ||
	    (errw >= 0 && hb_dup2(errw, 2) < 0))
		return 125;
	/* -C before --ready-fd: the readiness fd may take base's number. A
	 * raw fchdir: base is a real directory fd, so musl's fallback for
	 * O_PATH fds (through /proc/self/fd) is never needed; chdir too, as
	 * musl's is just the call. */
	if (dir && ((base != AT_FDCWD && syscall(SYS_fchdir, base)) || syscall(SYS_chdir, dir)))
		goto fail;
	what = "--ready-fd";
	arg = "";
	if (readyw >= 0 && (readyw == (int)readyfd ? hb_ioctl(readyw, FIONCLEX, 0) :
			    hb_dup2(readyw, readyfd) < 0))
		goto fail;
	what = "-u";
	if (uid != (unsigned)-1 &&
	    (syscall(SYS_SETGROUPS, 1, &gid) || syscall(SYS_SETGID, gid) ||
	     syscall(SYS_SETUID, uid)))
		goto fail;
	return hb_exec(cmd);
fail:
	hb_warn("%s%s: %m", what, arg);
	return 125;
}

/* -b's first start is over (its pidfile written, or the start failed):
 * the caller, waiting on the other end of syncw, may go on, and
 * respawn's messages go to /dev/null from now on. */
static void detached(void)
{
	if (syncw >= 0) {
		hb_dup2(1, 2);
		drop(&syncw);
	}
}

static void event(struct sv_entry *e)
{
	int code = WEXITSTATUS(e->status), level = LOG_NOTICE;
	const char *why = NULL;
	char buf[256], gap[HB_DURATION];

	if (e->state == SV_RUN) {
		cpid = e->pid;
		/* Started: only the child holds the write end now, so the
		 * pipe ends when it does. */
		drop(&readyw);
		if (file[PID] && readyfd < 0)
			write_pidfile(PID, e->pid);
		detached();
		return;
	}
	detached();
	ready_close();
	rm(PID, NULL);
	drain(1);
	if (hup_restart) {
		hup_restart = 0;
		e->state = SV_DUE;
		e->at = e->gap = 0;
		e->restarts--;
	} else if (WIFEXITED(e->status) && norestart[code / 8] & 1 << code % 8) {
		why = "not restarted (--no-restart-on)";
	} else if (e->restarts > (unsigned long)maxrestarts) {
		why = "giving up (--max)";
		level = LOG_ERR;
	} else if (done) {
		why = "stopped";
	}
	if (why) {
		done = 1;
		e->state = SV_OFF;
		*gap = 0;
	} else {
		why = "restart in ";
		hb_duration(gap, e->gap);
	}
	if (tag) {
		hb_fmt(buf, sizeof(buf), sv_exited, e->name, hb_wait_code(e->status), why, gap);
		sys(level, self, buf);
	}
	if (e->state == SV_DUE)
		ready_open();
}

/* /proc/PID/WHAT into BUF, PROC_BUF bytes, by hb_read_file(): its
 * length, -1 when unreadable (noinline: inlined at both its calls it is
 * larger) */
#define PROC_BUF 4096
static int __attribute__((noinline)) proc_read(long pid, const char *what, char *buf)
{
	hb_fmt(buf, PROC_BUF, "/proc/%ld/%s", pid, what);
	return hb_read_file(AT_FDCWD, buf, buf, PROC_BUF);
}

/* A pidfile given at the start (-P OWN, -p PID): a name that is not a
 * regular file is refused; one naming a live process of this service
 * refuses the start, as start-stop-daemon does; any other (no such
 * process, another program, no number) is stale, and removed with a note.
 * Of this service: the process (for -p, its parent, respawn) has FILE as given,
 * or a longer argument ending in it ("-PFILE", a path to it), among its
 * arguments in /proc/PID/cmdline.  A pid reused by another program has
 * not; a respawn whose binary was upgraded, or run by an emulator, has. */
static void check_pidfile(unsigned i)
{
	char buf[PROC_BUF], *p = buf;
	struct stat st;
	const char *name = file[i];
	size_t len = strlen(name), l;
	long pid, who;
	int d = fdir(i), n;

	if (d < 0 || hb_fstatat(d, leaf[i], &st, AT_SYMLINK_NOFOLLOW))
		return;
	if (!S_ISREG(st.st_mode))
		hb_die(125, "pidfile '%s' is not a regular file", name);
	hb_read_file(d, leaf[i], buf, 16);
	sv_sep(&p, "\n");
	/* a process that is gone, or a zombie, has no arguments to read */
	if (!hb_parse_long(buf, 1, INT_MAX, &pid) && pid != getpid()) {
		who = pid;
		if (i == PID) {
			/* the fourth field of /proc/PID/stat, past the name */
			who = 0;
			proc_read(pid, "stat", buf);
			if ((p = hb_last(buf, ')'))) {
				p += 4;
				hb_parse_long(sv_sep(&p, " "), 1, INT_MAX, &who);
			}
		}
		n = proc_read(who, "cmdline", buf);
		for (p = buf; p - buf < n; p += l + 1) {
			l = strlen(p);
			if (l >= len && !strcmp(p + l - len, name))
				hb_die(1, "%s already running as PID %ld", cmd[0], pid);
		}
	}
	hb_warn("replacing stale pidfile '%s'", name);
	rm(i, NULL);
}

static struct sv s = { .tab = &ent, .n = 1, .stride = sizeof(ent),
			.child = child, .event = event, .say = hb_warn };

/* -u USER[:GROUP] */
static void set_user(char *arg)
{
	unsigned id[2] = { -1, -1 };

	dbfind(sv_sep(&arg, ":"), 1, id);
	uid = id[0];
	gid = id[1];
	if (arg && *arg) {
		dbfind(arg, 0, id);
		gid = id[0];
	}
	if (gid == (unsigned)-1)
		gid = uid;
}

/* --priority FACILITY[.LEVEL], logger's names; 0 when valid */
static int set_priority(char *arg)
{
	/* aligned(1): no padding before bytes read one at a time (main.c) */
	static const char fac[] __attribute__((aligned(1))) = "kern\0user\0mail\0daemon\0auth\0syslog\0lpr\0"
		"news\0uucp\0cron\0authpriv\0ftp\0";
	static const char lvl[] __attribute__((aligned(1))) = "emerg\0alert\0crit\0err\0warning\0notice\0info\0debug\0";
	char *dot = strchr(arg, '.'), *l;
	int f, n = 0;

	if (dot)
		*dot = 0;
	l = hb_prefix(arg, "local");
	f = l && *l >= '0' && *l <= '7' && !l[1] ? 16 + *l - '0' : hb_word(fac, 12, arg);
	if (dot) {
		*dot = '.';
		n = hb_word(lvl, 8, dot + 1);
		outlevel = n;
	}
	if (f < 0 || n < 0)
		return -1;
	facility = f << 3;
	return 0;
}

/* --no-restart-on CODE,...: 0 when every code is one */
static int set_norestart(char *arg)
{
	char *p;
	long n;

	while ((p = sv_sep(&arg, ","))) {
		/* the message names the bad code, not the rest */
		if (hb_parse_long(p, 0, 255, &n)) {
			hb_optarg = p;
			return -1;
		}
		norestart[n >> 3] |= 1 << (n & 7);
	}
	return 0;
}

/* The options that are sv_opt()'s settings: each one's SV_ number + 1. */
static const unsigned char setting[] = {
	[OPT_MIN_DELAY] = SV_MIN + 1, [OPT_MAX_DELAY] = SV_MAX + 1,
	[OPT_HEALTHY] = SV_HEALTHY + 1, [OPT_CRASH_WINDOW] = SV_WINDOW + 1,
	[OPT_PARK] = SV_PARK + 1, [OPT_STOP_TIMEOUT] = SV_STOPMS + 1,
	[OPT_CRASH_STARTS] = SV_STARTS + 1, [OPT_STOP_SIGNAL] = SV_SIG + 1,
};

int respawn_main(int argc, char **argv)
{
	struct pollfd pfd[4];	/* and the engine's */
	int c, hup = 0, sig, bad = 0;
	/* the tag, into tag once known: the global would be loaded at each use */
	const char *t = NULL;
	/* Static, not in this frame, which lasts as long as respawn: every
	 * call would go below it and touch a page more of stack. */
	static char abs[PATH_MAX];
	char *p;
	long n;

	ent.c = sv_conf0;
	while ((c = hb_getopt(argv, &respawn_options, 125)) != -1) {
		/* read once, into a register, not loaded again in each case */
		char *arg = hb_optarg;

		if (c < (int)sizeof(setting) && setting[c])
			bad = sv_opt(&ent.c, setting[c] - 1, arg);
		switch (c) {
		case OPT_LOG_SIZE:
			bad = hb_parse_long(arg, 0, LONG_MAX, &logsize);
			break;
		case OPT_LOG_KEEP:
			bad = hb_parse_long(arg, 0, 99, &logkeep);
			break;
		case OPT_MAX:
			bad = hb_parse_long(arg, 0, INT_MAX, &maxrestarts);
			break;
		case OPT_READY_FD:
			/* not 0-2: CMD's stdin, stdout and stderr */
			bad = hb_parse_long(arg, 3, 1023, &readyfd);
			break;
		case OPT_NO_RESTART_ON:
			bad = set_norestart(arg);
			break;
		case OPT_RESTART_ON_HUP:
			hup = 1;
			break;
		case OPT_PIDFILE:
		case OPT_OWN_PIDFILE:
		case OPT_LOG:
			file[c - OPT_PIDFILE] = arg;
			break;
		case OPT_CHDIR:
			dir = arg;
			break;
		case OPT_USER:
			set_user(arg);
			break;
		case OPT_BACKGROUND:
			bg = 1;
			break;
		case OPT_PRIORITY:
			bad = set_priority(arg);
			/* fall through */
		case OPT_SYSLOG:
			if (!t)
				t = "";
			break;
		case OPT_TAG:
			t = arg;
		}
		if (bad)
			hb_usage_error(125, "invalid --%s: '%s'", hb_optname, hb_optarg);
	}
	if (hb_optind >= argc)
		hb_usage_error(125, "no command specified");
	/* CMD as argv from here: a register, where cmd would be loaded at
	 * each use */
	cmd = argv += hb_optind;
	ent.name = argv[0];
	/* as a daemon names itself to openlog(): its name, no directory */
	if (t && !*t)
		t = (p = hb_last(argv[0], '/')) ? p + 1 : argv[0];
	tag = t;

	/* fds 0-2 closed by the caller: /dev/null on them, as s6 and BusyBox */
	sv_stdio("/dev/null");
	if (bg) {
		base = hb_open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
		if (base < 0)
			hb_die(125, "cannot open the current directory: %m");
	}
	/* tested here: the 4 KB frame, never needed without them, would cost
	 * respawn a page of stack for good */
	if (file[OWN])
		check_pidfile(OWN);
	if (file[PID])
		check_pidfile(PID);
	if (bg) {
		/* A command that cannot run at all is refused now, while
		 * the caller still hears why, with exec's 126 or 127: looked
		 * for from the child's directory (base keeps the starting
		 * one for everything else).  A relative one ("./app") is
		 * made absolute before the move to /. */
		if (dir && syscall(SYS_chdir, dir))
			hb_die(125, "-C %s: %m", dir);
		errno = 0;
		hb_execvp(argv[0], NULL);
		if (!errno && !dir && hb_last(argv[0], '/') && *argv[0] != '/' &&
		    (n = syscall(SYS_getcwd, abs, PATH_MAX)) > 0) {
			if (hb_fmt(abs + n - 1, PATH_MAX - n + 1, "/%s", argv[0]) < (size_t)(PATH_MAX - n + 1))
				argv[0] = abs;
			else
				errno = ENAMETOOLONG;
		}
		if (errno)
			hb_die(hb_exec_code(errno), "failed to run command '%s': %m", argv[0]);
	}
	if (file[LOG] && log_open(0))
		return 125;
	/* -S without -l: stdout and stderr apart, for their levels */
	if ((file[LOG] || t) && (out_pipe(logp) || (!file[LOG] && out_pipe(errp))))
		hb_die(125, "pipe: %m");
	if (bg) {
		int pid, sync[2];

		if (hb_pipe(sync) || (pid = sv_fork()) < 0)
			hb_die(125, "fork: %m");
		if (pid) {
			/* Returns once the daemon has written its pidfiles
			 * and the first start is done (its end closed), so
			 * that `kill $(cat FILE)` on the next line works. */
			close(sync[1]);
			read(sync[0], &c, 1);
			_exit(0);
		}
		close(sync[0]);
		syncw = sync[1];
		setsid();
		/* /dev/null on stdin and stdout; stderr stays the caller's
		 * until detached() */
		close(0);
		close(1);
		if (sv_stdio("/dev/null") || syscall(SYS_chdir, "/"))
			_exit(125);
	}
	sv_subreaper();
	self = getpid();
	if (t)
		hb_warn_also = warn_also;
	if (file[OWN])
		write_pidfile(OWN, self);
	sv_signals(SV_BIT(SIGTERM) | SV_BIT(SIGINT) | SV_BIT(SIGHUP) |
		   SV_BIT(SIGQUIT) | SV_BIT(SIGUSR1) | SV_BIT(SIGUSR2) |
		   SV_BIT(SIGALRM) | SV_BIT(SIGWINCH));

	ent.respawn = 1;
	ent.state = SV_DUE;
	ready_open();
	while (!done || ent.state != SV_OFF) {
		unsigned long got;

		/* ppoll() skips negative fds.  The readiness pipe never reads
		 * as ready or ended before its child starts: respawn holds
		 * the write end until then. */
		pfd[0].fd = logr;
		pfd[1].fd = readyr;
		pfd[2].fd = errr;
		pfd[0].events = pfd[1].events = pfd[2].events = POLLIN;
		got = sv_step(&s, pfd, 3);
		if (pfd[0].revents || pfd[2].revents)
			drain(0);
		if (pfd[1].revents) {
			char buf[64];
			ssize_t r = read(readyr, buf, sizeof(buf)), i = 0;

			while (i < r && buf[i] != '\n')
				i++;
			if (i < r) {	/* a newline: ready */
				sv_healthy(&ent);
				if (file[PID] && ent.pid)
					write_pidfile(PID, ent.pid);
				ready_close();
			} else if (r <= 0) {	/* no EINTR: signals are blocked */
				ready_close();
			}
		}
		sv_reap(&s);
		for (sig = 1; sig < 32; sig++) {
			if (!(got & 1UL << sig) || sig == SIGCHLD || done)
				continue;
			if (sig == SIGTERM || sig == SIGINT) {
				done = 1;
				hup_restart = 0;
				sv_stop(&ent);
			} else if (sig == SIGHUP && hup) {
				if (ent.state == SV_RUN) {
					hup_restart = 1;
					sv_stop(&ent);
				} else if (ent.state == SV_DUE) {
					ent.at = 0;
				}
			} else if (ent.state == SV_RUN) {
				sv_kill(&ent, sig);
			}
		}
	}
	rm(PID, NULL);
	rm(OWN, NULL);
	log_dropped();
	sys_dropped();
	return hb_wait_code(ent.status);
}
