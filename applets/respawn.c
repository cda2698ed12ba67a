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
#include <getopt.h>
#include <limits.h>
#include <stdio.h>	/* renameat() only */
#include <string.h>
#include <unistd.h>
#include <stddef.h>
#include <sys/syscall.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include "hb.h"
#include "supervise.h"

const char respawn_usage[] =
"Usage: respawn [OPTIONS] [--] COMMAND [ARGS...]\n"
"Run COMMAND, restart it when it exits: at once, then after a delay doubling\n"
"up to a maximum; park a crash loop.  S: seconds, fractions allowed.\n"
"-p FILE  child's pid file        --min-delay S   second delay (0.25)\n"
"-P FILE  respawn's pid file      --max-delay S   delay ceiling (60)\n"
"-l FILE  log stdout+stderr       --healthy S     run resetting backoff (10)\n"
"--log-size B  rotate (1048576)   --crash-starts N  crash loop: N starts (10)\n"
"--log-keep N  FILE.1..N (1)      --crash-window S  within S (120)\n"
"-u USER[:GROUP]  -C DIR          --park S        park it S (300)\n"
"-b  detach (session, /dev/null)  --max N         give up after N restarts\n"
"--stop-signal SIG (TERM)         --no-restart-on CODES  e.g. 0,3: end there\n"
"--stop-timeout S (5), then KILL  --restart-on-hup  HUP restarts the child\n"
"--ready-fd N  child writes a newline to fd N when ready\n"
"TERM/INT stop the child, exit with its status; HUP QUIT USR1 USR2 ALRM\n"
"WINCH are forwarded.  Exit: the child's status (128+N: signal N), 125:\n"
"respawn's own error.\n";

/* The options holding seconds, in the order of msfield[]. */
enum { O_MIN = 256, O_MAXD, O_HEALTHY, O_CWIN, O_PARK, O_STOPTMO,
       O_LOGSIZE, O_LOGKEEP, O_STOPSIG, O_CSTARTS, O_MAX, O_NORESTART, O_HUP,
       O_READY };
static const unsigned char msfield[] = {
	offsetof(struct sv_conf, min_ms), offsetof(struct sv_conf, max_ms),
	offsetof(struct sv_conf, healthy_ms), offsetof(struct sv_conf, window_ms),
	offsetof(struct sv_conf, park_ms), offsetof(struct sv_conf, stop_ms),
};

/* Raw system calls: the child is single-threaded, and musl's wrappers
 * would pull in its all-threads machinery (about 1.5 KB). */
#ifdef SYS_setuid32
#define SYS_SETUID SYS_setuid32
#define SYS_SETGID SYS_setgid32
#define SYS_SETGROUPS SYS_setgroups32
#else
#define SYS_SETUID SYS_setuid
#define SYS_SETGID SYS_setgid
#define SYS_SETGROUPS SYS_setgroups
#endif

static const struct option longopts[] = {
	{ "pidfile", 1, 0, 'p' }, { "own-pidfile", 1, 0, 'P' },
	{ "log", 1, 0, 'l' }, { "log-size", 1, 0, O_LOGSIZE },
	{ "log-keep", 1, 0, O_LOGKEEP }, { "user", 1, 0, 'u' },
	{ "chdir", 1, 0, 'C' }, { "background", 0, 0, 'b' },
	{ "stop-signal", 1, 0, O_STOPSIG }, { "stop-timeout", 1, 0, O_STOPTMO },
	{ "min-delay", 1, 0, O_MIN }, { "max-delay", 1, 0, O_MAXD },
	{ "healthy", 1, 0, O_HEALTHY }, { "crash-starts", 1, 0, O_CSTARTS },
	{ "crash-window", 1, 0, O_CWIN }, { "park", 1, 0, O_PARK },
	{ "max", 1, 0, O_MAX }, { "no-restart-on", 1, 0, O_NORESTART },
	{ "restart-on-hup", 0, 0, O_HUP }, { "ready-fd", 1, 0, O_READY },
	{ "help", 0, 0, 'h' }, { "version", 0, 0, 'V' },
	{ 0, 0, 0, 0 }
};

static struct sv_entry ent = { .c = SV_CONF_DEFAULT };
static char **cmd;
static const char *pidfile, *ownpid, *logname, *dir;
static int base = AT_FDCWD, logr = -1, logw = -1, logfd = -1;
static int readyfd = -1, readyr = -1, readyw = -1;
static unsigned long logsize = 1048576, logcur;
static long logkeep = 1, maxrestarts = -1;
static unsigned char norestart[32];	/* bit per exit code */
static unsigned uid = -1, gid = -1;
static int done, hup_restart;

static int li;	/* getopt_long's index of the option being parsed */

static void die_opt(const char *arg)
{
	hb_usage_error(125, "invalid --%s: '%s'", longopts[li].name, arg);
}

static unsigned parse_ms(const char *arg)
{
	struct timespec ts;

	if (hb_parse_seconds(arg, &ts) || ts.tv_sec > 4000000)
		die_opt(arg);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static long parse_num(const char *arg, long min, long max)
{
	long n;

	if (hb_parse_long(arg, min, max, &n))
		die_opt(arg);
	return n;
}

struct dbq {
	const char *name;
	unsigned *id, *id2;
};

static int dbline(char *line, int nr, void *arg)
{
	struct dbq *q = arg;
	char *f[4];
	long n;

	(void)nr;
	if (!line || sv_fields(line, f, 4) < 4 || strcmp(f[0], q->name) ||
	    hb_parse_long(strsep(&f[2], ":"), 0, INT_MAX, &n))
		return 0;
	*q->id = n;
	if (q->id2 && !hb_parse_long(strsep(&f[3], ":"), 0, INT_MAX, &n))
		*q->id2 = n;
	return 1;
}

/* Field 3 (the id) and 4 of NAME's line in an /etc/passwd-style file;
 * without stdio, which getpwnam() would pull in. */
static int dbfind(const char *file, const char *name, unsigned *id, unsigned *id2)
{
	struct dbq q = { name, id, id2 };

	return sv_lines(file, dbline, &q) == 1 ? 0 : -1;
}

static void parse_user(char *arg)
{
	char *grp = strchr(arg, ':');
	long n;

	if (grp)
		*grp++ = 0;
	if (!hb_parse_long(arg, 0, INT_MAX, &n))
		uid = n;
	else if (dbfind("/etc/passwd", arg, &uid, &gid))
		hb_die(125, "unknown user '%s'", arg);
	if (grp && *grp) {
		if (!hb_parse_long(grp, 0, INT_MAX, &n))
			gid = n;
		else if (dbfind("/etc/group", grp, &gid, NULL))
			hb_die(125, "unknown group '%s'", grp);
	}
	if (gid == (unsigned)-1)
		gid = uid;
}

static void write_pidfile(const char *name, int pid)
{
	char tmp[PATH_MAX];
	int fd;

	hb_fmt(tmp, sizeof(tmp), "%s.tmp", name);
	fd = openat(base, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0 || hb_dprintf(fd, "%d\n", pid) < 0 || close(fd) ||
	    renameat(base, tmp, base, name)) {
		hb_warn("cannot write pidfile '%s': %m", name);
		if (fd >= 0)
			unlinkat(base, tmp, 0);
	}
}

static void log_open(void)
{
	off_t end;

	logfd = openat(base, logname, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	if (logfd < 0)
		hb_warn("cannot open log '%s': %m", logname);
	end = logfd >= 0 ? lseek(logfd, 0, SEEK_END) : 0;
	logcur = end > 0 ? end : 0;
}

static void log_rotate(void)
{
	char a[PATH_MAX], b[PATH_MAX];
	long k;

	hb_close(logfd);
	for (k = logkeep; k > 0; k--) {
		hb_fmt(a, sizeof(a), k > 1 ? "%s.%ld" : "%s", logname, k - 1);
		hb_fmt(b, sizeof(b), "%s.%ld", logname, k);
		renameat(base, a, base, b);
	}
	if (!logkeep)
		unlinkat(base, logname, 0);
	log_open();
}

/* Whole lines go to one file when they fit, so a rotated file never ends
 * in the middle of a line unless that line alone exceeds --log-size. */
static void log_write(const char *p, size_t n)
{
	while (n && logfd >= 0) {
		size_t k = n;

		if (logsize && logcur + n > logsize) {
			size_t room = logcur < logsize ? logsize - logcur : 0;

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
		if (hb_write_all(logfd, p, k))
			return;	/* a full disk drops output, never blocks the child */
		logcur += k;
		p += k;
		n -= k;
	}
}

static void log_drain(void)
{
	char buf[1024];
	ssize_t n;

	while ((n = read(logr, buf, sizeof(buf))) > 0)
		log_write(buf, n);
}

static void ready_close(void)
{
	if (readyr >= 0)
		close(readyr);
	readyr = -1;
}

static void child(struct sv_entry *e)
{
	(void)e;
	if (logw >= 0 && (hb_dup2(logw, 1) < 0 || hb_dup2(logw, 2) < 0))
		_exit(125);
	if (readyw >= 0) {
		if (readyw == readyfd ? fcntl(readyw, F_SETFD, 0) :
		    hb_dup2(readyw, readyfd) < 0) {
			hb_warn("--ready-fd %d: %m", readyfd);
			_exit(125);
		}
	}
	if (dir && ((base != AT_FDCWD && fchdir(base)) || chdir(dir))) {
		hb_warn("cannot change directory to '%s': %m", dir);
		_exit(125);
	}
	if (uid != (unsigned)-1 &&
	    (syscall(SYS_SETGROUPS, 1, &gid) || syscall(SYS_SETGID, gid) ||
	     syscall(SYS_SETUID, uid))) {
		hb_warn("cannot become user %u: %m", uid);
		_exit(125);
	}
	_exit(hb_exec(cmd));
}

static void event(struct sv_entry *e, int ev)
{
	if (ev == SV_EV_PARK) {
		hb_warn("'%s' crashed %u times within %us: parked for %us",
			cmd[0], e->c.starts, e->c.window_ms / 1000, e->c.park_ms / 1000);
		return;
	}
	ready_close();
	if (pidfile)
		unlinkat(base, pidfile, 0);
	if (logr >= 0)
		log_drain();
	if (hup_restart) {
		hup_restart = 0;
		e->state = SV_DUE;
		e->at = 0;
		e->restarts--;
		return;
	}
	if (WIFEXITED(e->status) &&
	    norestart[WEXITSTATUS(e->status) / 8] & 1 << WEXITSTATUS(e->status) % 8)
		done = 1;
	if (maxrestarts >= 0 && e->restarts > (unsigned long)maxrestarts)
		done = 1;
	if (done)
		e->state = SV_OFF;
}

static void daemonize(void)
{
	int pid = _Fork(), fd;

	if (pid < 0)
		hb_die(125, "fork: %m");
	if (pid)
		_exit(0);
	setsid();
	fd = hb_open("/dev/null", O_RDWR, 0);
	if (fd < 0 || hb_dup2(fd, 0) < 0 || hb_dup2(fd, 1) < 0 || hb_dup2(fd, 2) < 0)
		_exit(125);
	if (fd > 2)
		close(fd);
	if (chdir("/"))
		_exit(125);
}

HB_MAIN(respawn)
{
	static const unsigned char sigs[] = {
		SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM,
		SIGWINCH, 0
	};
	struct sv s = { .tab = &ent, .n = 1, .stride = sizeof(ent),
			.child = child, .event = event };
	struct pollfd pfd[2];
	int c, bg = 0, hup = 0, sig;
	char *p;
	long n;

	while ((c = getopt_long(argc, argv, "+p:P:l:u:C:bhV", longopts, &li)) != -1) {
		switch (c) {
		case 'p': pidfile = optarg; break;
		case 'P': ownpid = optarg; break;
		case 'l': logname = optarg; break;
		case 'u': parse_user(optarg); break;
		case 'C': dir = optarg; break;
		case 'b': bg = 1; break;
		case O_MIN: case O_MAXD: case O_HEALTHY: case O_CWIN: case O_PARK:
		case O_STOPTMO:
			*(unsigned *)((char *)&ent.c + msfield[c - O_MIN]) = parse_ms(optarg);
			break;
		case O_LOGSIZE: logsize = parse_num(optarg, 0, LONG_MAX); break;
		case O_LOGKEEP: logkeep = parse_num(optarg, 0, 99); break;
		case O_STOPSIG:
			sig = hb_sig_parse(optarg);
			if (sig < 1 || sig > 31)
				die_opt(optarg);
			ent.c.stop_sig = sig;
			break;
		case O_CSTARTS: ent.c.starts = parse_num(optarg, 0, 65535); break;
		case O_MAX: maxrestarts = parse_num(optarg, 0, INT_MAX); break;
		case O_NORESTART:
			while ((p = strsep(&optarg, ","))) {
				n = parse_num(p, 0, 255);
				norestart[n / 8] |= 1 << n % 8;
			}
			break;
		case O_HUP: hup = 1; break;
		case O_READY: readyfd = parse_num(optarg, 3, 1023); break;
		case 'h': hb_help();
		case 'V': hb_version();
		default: hb_usage_error(125, "unknown option");
		}
	}
	if (optind >= argc)
		hb_usage_error(125, "no command specified");
	cmd = argv + optind;
	if (ent.c.max_ms < ent.c.min_ms)
		ent.c.max_ms = ent.c.min_ms;

	if (bg) {
		base = hb_open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
		if (base < 0)
			hb_die(125, "cannot open the current directory: %m");
	}
	if (logname) {
		int pf[2];

		log_open();
		if (logfd < 0)
			return 125;
		if (pipe2(pf, O_CLOEXEC) || fcntl(pf[0], F_SETFL, O_NONBLOCK))
			hb_die(125, "pipe: %m");
		logr = pf[0];
		logw = pf[1];
	}
	if (bg)
		daemonize();
	/* Orphans of the child are ours to reap, not init's. */
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	if (ownpid)
		write_pidfile(ownpid, getpid());
	sv_signals(sigs);

	ent.respawn = 1;
	ent.state = SV_DUE;
	for (;;) {
		unsigned long got;
		int nfds = 0, before = ent.pid;

		if (readyfd >= 0 && ent.state == SV_DUE && readyr < 0) {
			int rp[2];

			if (pipe2(rp, O_CLOEXEC)) {
				hb_warn("pipe: %m");
			} else {
				readyr = rp[0];
				readyw = rp[1];
			}
		}
		sv_run(&s);
		if (ent.pid && ent.pid != before) {
			if (readyw >= 0)
				close(readyw);
			readyw = -1;
			if (pidfile && readyfd < 0)
				write_pidfile(pidfile, ent.pid);
		}
		if (done && ent.state == SV_OFF)
			break;
		if (logr >= 0) {
			pfd[nfds].fd = logr;
			pfd[nfds++].events = POLLIN;
		}
		if (readyr >= 0 && readyw < 0) {
			pfd[nfds].fd = readyr;
			pfd[nfds++].events = POLLIN;
		}
		got = sv_wait(&s, pfd, nfds);
		if (logr >= 0 && pfd[0].revents)
			log_drain();
		if (readyr >= 0 && readyw < 0 && pfd[nfds - 1].revents) {
			char buf[64];
			ssize_t r = read(readyr, buf, sizeof(buf));

			if (r > 0 && memchr(buf, '\n', r)) {
				sv_healthy(&ent);
				if (pidfile && ent.pid)
					write_pidfile(pidfile, ent.pid);
				ready_close();
			} else if (r == 0 || (r < 0 && errno != EINTR)) {
				ready_close();
			}
		}
		if (got & 1UL << SIGCHLD)
			sv_reap(&s);
		if (got & (1UL << SIGTERM | 1UL << SIGINT)) {
			done = 1;
			hup_restart = 0;
			sv_stop(&ent, 0);
		}
		for (sig = 1; sig < 32; sig++) {
			if (!(got & 1UL << sig) || sig == SIGCHLD || sig == SIGTERM ||
			    sig == SIGINT || done)
				continue;
			if (sig == SIGHUP && hup) {
				if (ent.state == SV_RUN) {
					hup_restart = 1;
					sv_stop(&ent, 0);
				} else if (ent.state == SV_DUE) {
					ent.at = 0;
				}
			} else if (ent.state == SV_RUN) {
				sv_kill(&ent, sig);
			}
		}
	}
	if (pidfile)
		unlinkat(base, pidfile, 0);
	if (ownpid)
		unlinkat(base, ownpid, 0);
	return hb_wait_code(ent.status);
}
