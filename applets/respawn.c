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

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "hb.h"
#include "supervise.h"

const char respawn_usage[] =
"Usage: respawn [OPTIONS] [--] CMD [ARG...]\n"
"Run CMD, restart it when it exits (at once, then with a doubling delay).\n"
"--min-delay S --max-delay S --healthy S --crash-window S --park S\n"
"--stop-timeout S --crash-starts N --stop-signal SIG --log-size B\n"
"--log-keep N --max N --ready-fd N --no-restart-on CODE,... --restart-on-hup\n"
"-p/--pidfile FILE (CMD's)  -P/--own-pidfile FILE  -l/--log FILE\n"
"-u/--user USER[:GRP]  -C/--chdir DIR  -b/--background  --help  --version\n"
"Exit: CMD's status, 125: respawn's error\n";

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

/* The long options, named by the --words of the usage text, in its
 * order.  Values 1-8 are sv_opt()'s settings plus one;
 * A: takes an argument. */
enum { O_LOGSIZE = 9, O_LOGKEEP, O_MAX, O_READY, O_NORESTART, O_HUP };
#define A 0x80
static const unsigned char lvals[] = {
	A | 1, A | 2, A | 3, A | 4, A | 5, A | 6, A | 7, A | 8, A | O_LOGSIZE,
	A | O_LOGKEEP, A | O_MAX, A | O_READY, A | O_NORESTART, O_HUP,
	A | 'p', A | 'P', A | 'l', A | 'u', A | 'C', 'b', 'h', 'V', 0
};

static struct sv_entry ent;
static char **cmd;
/* -p -P -l -C, in the order of "pPlC" */
static const char *strs[4];
#define pidfile strs[0]
#define ownpid strs[1]
#define logname strs[2]
#define dir strs[3]
static int base = AT_FDCWD, logfd = -1;
/* The log pipe, and the readiness pipe of the coming or running child;
 * pipe2() leaves them -1 when it fails. */
static int logp[2] = { -1, -1 }, readyp[2] = { -1, -1 };
#define logr logp[0]
#define logw logp[1]
#define readyr readyp[0]
#define readyw readyp[1]
/* The numbers of O_LOGSIZE...O_READY, and their ranges. */
static long num[4] = { 1048576, 1, -1, -1 };
#define logsize num[0]
#define logkeep num[1]
#define maxrestarts num[2]
#define readyfd num[3]
static const long nummax[4] = { LONG_MAX, 99, INT_MAX, 1023 };
static unsigned long logcur;
static unsigned char norestart[32];	/* bit per exit code */
/* -u's uid and gid; the third takes /etc/group's fourth field */
static unsigned ids[3] = { -1, -1 };
#define uid ids[0]
#define gid ids[1]
static unsigned char done, hup_restart;
static const char *dbname;

/* A line of an /etc/passwd-style file: when it is dbname's, its third
 * field into id[0] and its fourth, if a number, into id[1]. */
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

/* NAME's ids from a number, else /etc/passwd for ids, /etc/group for
 * &gid; without stdio, which getpwnam() would pull in. */
static void dbfind(const char *name, unsigned *id)
{
	int user = id == ids;
	long n;

	dbname = name;
	if (!hb_parse_long(name, 0, INT_MAX, &n))
		*id = n;
	else if (sv_lines(user ? "/etc/passwd" : "/etc/group", dbline, id) != 1)
		hb_die(125, "unknown %s '%s'", user ? "user" : "group", name);
}

/* NAME under -b's directory, for writing */
static int open_w(const char *name, int flags)
{
	return hb_openat(base, name, flags | O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
}

/* unlinkat() and renameat() as the system calls: nothing else needs
 * musl's wrappers.  NULL: nothing to remove. */
static void rm(const char *name)
{
	if (name)
		syscall(SYS_unlinkat, base, name, 0);
}

static int mv(const char *from, const char *to)
{
#ifdef SYS_renameat
	return syscall(SYS_renameat, base, from, base, to);
#else	/* aarch64, riscv: renameat2 only */
	return syscall(SYS_renameat2, base, from, base, to, 0);
#endif
}

static void write_pidfile(const char *name, int pid)
{
	char tmp[PATH_MAX];
	int fd;

	hb_fmt(tmp, sizeof(tmp), "%s.tmp", name);
	fd = open_w(tmp, O_TRUNC);
	/* Closed whatever the write did (a full disk must not cost an fd
	 * per start), its errno kept for the message. */
	if (fd < 0 || (hb_dprintf(fd, "%d\n", pid) < 0 ? (hb_close(fd), 1) : close(fd)) ||
	    mv(tmp, name)) {
		hb_warn("cannot write pidfile '%s': %m", name);
		if (fd >= 0)
			rm(tmp);
	}
}

/* flags O_TRUNC after a rotation: when renaming failed (FILE.1 a
 * directory, a read-only directory), FILE starts afresh rather than being
 * rotated again for every write. */
static void log_open(int flags)
{
	logfd = open_w(logname, O_APPEND | flags);
	if (logfd < 0)
		hb_warn("cannot open log '%s': %m", logname);
	logcur = 0;
}

static void log_rotate(void)
{
	char a[PATH_MAX], b[PATH_MAX];
	long k;

	hb_close(logfd);
	/* FILE.k-1 -> FILE.k down to FILE -> FILE.1; with none kept, FILE
	 * goes. */
	for (k = logkeep; k >= 0; k--) {
		hb_fmt(a, sizeof(a), k ? "%s.%ld" : "%s", logname, k);
		if (k == logkeep)
			rm(a);
		else
			mv(a, b);
		memcpy(b, a, sizeof(b));
	}
	log_open(O_TRUNC);
}

/* Whole lines go to one file when they fit, so a rotated file never ends
 * in the middle of a line unless that line alone exceeds --log-size. */
static void log_drain(void)
{
	char buf[1024], *p;
	ssize_t r;
	size_t n;
	int i = 64;

	/* At most a default pipe's worth (64 KB), then back to ppoll(): a
	 * child that writes faster than the log takes it must not keep
	 * respawn from its signals. */
	while (i-- && (r = read(logr, buf, sizeof(buf))) > 0)
		for (p = buf, n = r; n && logfd >= 0;) {
			size_t k = n;

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
			/* A full disk drops output, never blocks the child. */
			if (hb_write_all(logfd, p, k))
				break;
			logcur += k;
			p += k;
			n -= k;
		}
}

static void ready_close(void)
{
	if (readyr >= 0)
		close(readyr);
	if (readyw >= 0)
		close(readyw);
	readyr = readyw = -1;
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
	if (logw >= 0 && sv_dup(logw, 1))
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

static void event(struct sv_entry *e)
{
	int code = WEXITSTATUS(e->status);

	if (e->state == SV_RUN) {
		/* Started: only the child holds the write end now, so the
		 * pipe ends when it does. */
		if (readyw >= 0)
			close(readyw);
		readyw = -1;
		if (pidfile && readyfd < 0)
			write_pidfile(pidfile, e->pid);
		return;
	}
	ready_close();
	rm(pidfile);
	if (logr >= 0)
		log_drain();
	if (hup_restart) {
		hup_restart = 0;
		e->state = SV_DUE;
		e->at = 0;
		e->restarts--;
	} else if ((WIFEXITED(e->status) && norestart[code / 8] & 1 << code % 8) ||
		   e->restarts > (unsigned long)maxrestarts || done) {
		done = 1;
		e->state = SV_OFF;
	}
	if (e->state == SV_DUE)
		ready_open();
}

static struct sv s = { .tab = &ent, .n = 1, .stride = sizeof(ent),
			.child = child, .event = event, .say = hb_warn };

HB_MAIN(respawn)
{
	struct pollfd pfd[2];
	int c, bg = 0, hup = 0, sig, fd, one = 1;
	char names[sizeof(respawn_usage)], *p = names;	/* never longer */
	const char *u;
	long n;

	for (u = respawn_usage; *u; u++)
		if (*u == '-' && u[1] == '-' && u[2] >= 'a') {
			for (u += 2; *u == '-' || *u >= 'a'; )
				*p++ = *u++;
			*p++ = 0;
		}
	ent.c = sv_conf0;
	while ((c = hb_getopt(argv, "+p:P:l:u:C:bhV", names, (const char *)lvals, 125)) != -1) {
		if (c < O_LOGSIZE) {
			if (sv_opt(&ent.c, c - 1, hb_optarg))
				goto bad;
		} else if (c <= O_READY) {
			unsigned k = c - O_LOGSIZE;

			if (hb_parse_long(hb_optarg, c == O_READY ? 3 : 0, nummax[k], &n))
				goto bad;
			num[k] = n;
		} else if (c == O_NORESTART) {
			while ((p = sv_sep(&hb_optarg, ","))) {
				/* the message names the bad code, not the rest */
				if (hb_parse_long(p, 0, 255, &n)) {
					hb_optarg = p;
					goto bad;
				}
				norestart[n >> 3] |= 1 << (n & 7);
			}
		} else if (c == O_HUP) {
			hup = 1;
		} else if (c == 'b') {
			bg = 1;
		} else if (c == 'u') {
			p = sv_sep(&hb_optarg, ":");
			dbfind(p, ids);
			if (hb_optarg && *hb_optarg)
				dbfind(hb_optarg, &gid);
			if (gid == (unsigned)-1)
				gid = uid;
		} else if (c == 'h') {
			hb_help();
		} else if (c == 'V') {
			hb_version();
		} else {	/* hb_getopt() refused all else */
			strs[strchr("pPlC", c) - "pPlC"] = hb_optarg;
		}
	}
	if (hb_optind >= argc)
		hb_usage_error(125, "no command specified");
	cmd = argv + hb_optind;
	ent.name = cmd[0];

	/* fds 0-2 closed by the caller: /dev/null on them, as s6 and BusyBox */
	sv_stdio("/dev/null");
	if (bg) {
		base = hb_open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
		if (base < 0)
			hb_die(125, "cannot open the current directory: %m");
	}
	if (logname) {
		struct stat st;

		log_open(0);
		if (logfd < 0)
			return 125;
		/* Only a regular file rotates (as BusyBox syslogd): never
		 * rename /dev/console, /dev/kmsg or a FIFO.  Its size is
		 * where the writes start (O_APPEND). */
		if (hb_fstatat(logfd, "", &st, AT_EMPTY_PATH) || !S_ISREG(st.st_mode))
			logsize = 0;
		else
			logcur = st.st_size;
		if (hb_pipe(logp) || hb_ioctl(logr, FIONBIO, (long)&one))
			hb_die(125, "pipe: %m");
	}
	if (bg) {
		int pid = sv_fork();

		if (pid < 0)
			hb_die(125, "fork: %m");
		if (pid)
			_exit(0);
		setsid();
		fd = hb_open("/dev/null", O_RDWR, 0);
		if (fd < 0 || sv_dup(fd, 0) || syscall(SYS_chdir, "/"))
			_exit(125);
		if (fd > 2)
			close(fd);
	}
	sv_subreaper();
	if (ownpid)
		write_pidfile(ownpid, getpid());
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
		pfd[0].events = pfd[1].events = POLLIN;
		got = sv_step(&s, pfd, 2);
		if (pfd[0].revents)
			log_drain();
		if (pfd[1].revents) {
			char buf[64];
			ssize_t r = read(readyr, buf, sizeof(buf)), i = 0;

			while (i < r && buf[i] != '\n')
				i++;
			if (i < r) {	/* a newline: ready */
				sv_healthy(&ent);
				if (pidfile && ent.pid)
					write_pidfile(pidfile, ent.pid);
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
	rm(pidfile);
	rm(ownpid);
	return hb_wait_code(ent.status);
bad:
	hb_usage_error(125, "invalid --%s: '%s'", hb_optname, hb_optarg);
}
