/* SPDX-License-Identifier: 0BSD */
/* detachpid: nohup, disown and redirection for a process that is already
 * running, by ptrace syscall injection.
 *
 * Every thread is seized and interrupted (no SIGSTOP, so nothing shows in
 * the shell's job table).  The calls run in one thread: preferably at a
 * syscall-entry stop of the syscall it was blocked in, which the kernel
 * restarts for us once we put the registers back (a sleep keeps its
 * remaining time); else, for a thread in user code, from a syscall
 * instruction found at its PC, in the vdso or in an executable mapping,
 * with the interrupted-syscall restart applied by hand.  Strings go below
 * the stack's red zone; what they overwrite is put back.  Every result is
 * checked; on failure what was done is undone in reverse order, so the
 * target runs on exactly as before.  Original descriptors are first
 * parked on a close-on-exec copy, which is what makes undo (and --keep)
 * possible.
 *
 * --session builds a dtach session (libcore/session.c's master, in a
 * child of ours) around a new pty before the target is touched, then
 * moves the target's terminal descriptors onto the pty's slave and, where
 * the kernel lets it (setsid() needs a process that leads no group),
 * makes the slave its controlling terminal.  On failure the master is
 * killed and the socket removed with the rest of the undo.
 */
//config:config DETACHPID
//config:	bool "detachpid"
//config:	default y
//config:	depends on HAVE_DETACHPID_ARCH
//config:	help
//config:	  nohup, disown and output redirection for a process that is
//config:	  already running (ptrace syscall injection, like reredirect).
//config:config DETACHPID_SESSION
//config:	bool "detachpid --session: move a program into a dtach session"
//config:	default y
//config:	depends on DETACHPID && DTACH
//config:	help
//config:	  detachpid -S SOCKET PID moves a running program's terminal
//config:	  onto a new pty held by a dtach master, so that dtach -a SOCKET
//config:	  attaches to it.  Shares dtach's master: without dtach in the
//config:	  build there is no client to attach with, and the master would
//config:	  be the bulk of the cost.
//applet:APPLET(detachpid, "usr/bin")
//kbuild:obj-$(CONFIG_DETACHPID) += applets/detachpid.o libcore/arch/$(ARCH).o libcore/nohupout.o
//kbuild:obj-$(CONFIG_DETACHPID_SESSION) += libcore/session.o

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <sys/fsuid.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include "autoconf.h"
#include "hb.h"
#include "arch/ARCH.h"
#ifdef CONFIG_DETACHPID_SESSION
#include <termios.h>
#include <sys/ioctl.h>
#include "session.h"
#endif

/* The options: hb_getopt() parses by this table, --help prints it. */
#define DETACHPID_OPTIONS(X) \
	X(STDOUT, 'o', "", "FILE", "stdout to FILE", "") \
	X(STDERR, 'e', "", "FILE", "stderr to FILE", "") \
	X(BOTH, 'm', "", "FILE", "both to FILE", "") \
	X(STDIN, 'i', "", "FILE", "stdin from FILE", "") \
	X(STDOUT_FD, 'O', "", "FD", "stdout from its FD", "") \
	X(STDERR_FD, 'E', "", "FD", "stderr from its FD", "") \
	X(STDIN_FD, 'I', "", "FD", "stdin from its FD", "") \
	X(NULL, 'n', "null", "", "no nohup.out", "") \
	X(NO_HUP, 0, "no-hup", "", "keep SIGHUP", "") \
	X(NO_CONT, 0, "no-cont", "", "leave it stopped", "") \
	X(JOB, 'g', "job", "", "every process of PID's process group", "") \
	X(SETSID, 's', "setsid", "", "new session", "") \
	HB_IF(CONFIG_DETACHPID_SESSION, X(SESSION, 'S', "session", "SOCKET", "into a new dtach session at SOCKET", "")) \
	X(KEEP, 'k', "keep", "", "print the undo", "") \
	X(TIMEOUT, 't', "timeout", "SECS", "attach timeout", "3") \
	X(VERBOSE, 'v', "verbose", "", "say each step", "") \
	HB_HELP_VERSION(X)
HB_OPTIONS(detachpid_options, DETACHPID_OPTIONS,
"Usage: detachpid [options] PID...\n"
"nohup for running processes: SIGHUP ignored, tty fds 0-2 to\n"
"/dev/null and ./nohup.out (or ~/), continued if stopped.\n",
"");

enum { E_PART = 1, E_USAGE, E_NOPROC, E_PERM, E_TRACED, E_SELF, E_TIMEOUT,
	E_INJECT, E_ARCH, E_SETUID, E_OTHER, E_SETSID, E_SESSION };

#define MAXT 512
/* -516 to -512, the kernel's restart codes.  -515 (ENOIOCTLCMD) among
 * them, unlike arch_restarting(): no call returns it to a process, so
 * the plainer test does. */
#define RESTARTING(v) ((unsigned long)(v) + 516 <= 4)

static struct {
	const char *path[3];	/* explicit file per fd */
	unsigned srcfd[3];	/* explicit target fd + 1 per fd, 0 none */
	/* -n --no-hup --no-cont -g -s -k -v */
	char null, no_hup, no_cont, job, setsid, keep, verbose;
	const char *session;	/* -S SOCKET */
	long long timeout_ms;
	char cwd[PATH_MAX], nohup_out[PATH_MAX], abs[3][PATH_MAX + 1];
} o;
/* -S given: never, in a build without it */
#ifdef CONFIG_DETACHPID_SESSION
#define SESSION o.session
#else
#define SESSION 0
#endif

/* sys_ptrace() of ARCH.h: one non-variadic function, so that no call
 * site passes SYS_ptrace itself */
long ptrace4(long req, long tid, long addr, long data)
{
	return syscall(SYS_ptrace, req, tid, addr, data);
}

/* SIGALRM only interrupts waitpid() */
static void tick(int sig) { (void)sig; }

/* An injected call to make when the work fails (U_FAIL, in reverse
 * order) or when it succeeded (U_OK: the temporary fds). */
enum { U_FAIL = 1, U_OK = 2 };
struct later { int when, sc; unsigned long a[4]; };

/* One target while we hold it.  The big arrays last: ARM reaches the
 * rest from one base. */
static struct tgt {
	int pid, inj, memfd, ntid, state, dirty, sigs[8], nsigs, more, nlog, stopped, was_ign, dead;
	int pgid, sid, via, err;
	long tracer, uid;
	long ctty;	/* --session: TIOCSCTTY's result, or -errno (1: not tried) */
	const char *what;	/* the injected call that failed */
	long entry_nr, knr;	/* at the entry stop: as the registers and the kernel say */
	unsigned long sc_pc, scr;
	int sc_mode, scr_len;
	struct later log[16];
	struct hb_regs orig, cur;
	int tids[MAXT];
	unsigned char scr_save[3 * PATH_MAX + 256];
} T HB_COLD;
enum { ST_TRAP, ST_ENTRY, ST_EXIT };	/* where the injecting thread stands */

static char line[6 * PATH_MAX + 512];
static size_t line_len;

/* code 0: append to the report line; else "detachpid: PID: ..." on
 * stderr (formatted past the line) and code returned (-1 for a note). */
static int msg(int code, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	n = hb_vfmt(line + line_len, sizeof(line) - line_len, fmt, ap);
	va_end(ap);
	if (!code)
		line_len += n;
	else
		hb_warn("%d: %s", T.pid, line + line_len);
	return code;
}
#define say(...) msg(0, __VA_ARGS__)
#define warn msg
#define note(...) msg(-1, __VA_ARGS__)

/* "/proc/ID/NAME", in a static buffer */
__attribute__((noinline)) static char *proc(long id, const char *name)
{
	static char path[48];

	hb_fmt(path, sizeof(path), "/proc/%ld/%s", id, name);
	return path;
}

/* "/proc/PID/fd/FD" of the target, in proc()'s buffer */
static char *fd_path(long fd)
{
	char n[24];

	hb_fmt(n, sizeof(n), "fd/%ld", fd);
	return proc(T.pid, n);
}

/* /proc/ID/NAME read by hb_read_file() */
static int rdproc(long id, const char *name, char *buf, size_t size)
{
	return hb_read_file(AT_FDCWD, proc(id, name), buf, size);
}

/* "Key:\tvalue" of /proc/PID/status; the value's text, "" when there is
 * no such line (which scan() reads as 0). */
static const char *field(const char *st, const char *key)
{
	for (const char *p = st, *v; ; p++) {
		if ((v = hb_prefix(p, key)) && *v == ':')
			return hb_blanks(v + 1);
		if (!*(p = strchrnul(p, '\n')))
			return p;
	}
}

/* A number at *s (after blanks; /proc never shows a negative one here),
 * moving *s past it. */
static long scan(const char **s, unsigned base)
{
	const unsigned char *p = (const unsigned char *)hb_blanks(*s);
	unsigned long v = 0;

	for (; ; p++) {
		unsigned d = *p >= 'a' ? *p - 'a' + 10 : *p - '0';

		if (d >= base)
			break;
		v = v * base + d;
	}
	*s = (const char *)p;
	return v;
}

/* noinline: a call of it is shorter than the scan() it makes */
__attribute__((noinline)) static long num(const char *s)
{
	return scan(&s, 10);
}

/* The filesystem uid or gid (the fourth of KEY's numbers) of status
 * text ST: what the kernel checks when the target opens a file. */
static long fs_id(const char *st, const char *key)
{
	const char *s = field(st, key);
	long v = 0;

	for (int i = 0; i < 4; i++)
		v = scan(&s, 10);
	return v;
}

/* The number in field KEY of status text ST, or 0.  noinline: two
 * callers. */
__attribute__((noinline)) static long fnum(const char *st, const char *key)
{
	return num(field(st, key));
}

/* fn(N) for every numeric entry of a /proc directory, until fn returns
 * nonzero: that, or -1 with errno. */
static int each_num(const char *path, int (*fn)(int))
{
	char buf[2048];
	int fd = hb_open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0), r = 0;
	long n = 0;

	if (fd < 0)
		return -1;
	while (!r && (n = syscall(SYS_getdents64, fd, buf, sizeof(buf))) > 0) {
		unsigned short len;

		/* struct linux_dirent64: ino, off, reclen at 16, type, name at 19 */
		for (long i = 0; !r && i < n; i += len) {
			long v = num(buf + i + 19);

			memcpy(&len, buf + i + 16, 2);
			if (v > 0)
				r = fn(v);
		}
	}
	hb_close(fd);
	return n < 0 ? -1 : r;
}

/* ---- waiting, bounded ---- */

static int waittid(int tid, int *st)
{
	long long end = hb_now_ms() + o.timeout_ms;

	for (;;) {
		int r = waitpid(tid, st, __WALL);

		if (r >= 0)
			return r;
		if (errno != EINTR)
			return -1;
		/* A killed group's other threads stay zombies until their
		 * tracer reaps them, and its leader's exit waits for them. */
		for (int i = 0; i < T.ntid; i++)
			if (T.tids[i] != tid)
				waitpid(T.tids[i], st, __WALL | WNOHANG);
		if (hb_now_ms() >= end) {
			errno = ETIMEDOUT;
			return -1;
		}
	}
}

/* Exited or killed: not stopped, which is 0x7f in the low byte (libc's
 * WIFSTOPPED also tells a continued status apart, which __WALL without
 * WCONTINUED never brings). */
static int gone(int st) { return (st & 0xff) != 0x7f; }
static int event(int st) { return st >> 16; }

/* Resume the injecting thread until its next syscall stop.  Signals that
 * arrive meanwhile are held back and sent again after detaching. */
static int to_syscall_stop(void)
{
	int st;

	for (;;) {
		if (sys_ptrace(PTRACE_SYSCALL, T.inj, 0, 0) < 0 || waittid(T.inj, &st) < 0)
			break;
		if (gone(st)) {
			errno = ESRCH;
			return -1;
		}
		if (WSTOPSIG(st) == (SIGTRAP | 0x80))
			return arch_get(T.inj, &T.cur);
		if (!event(st) && WSTOPSIG(st) != SIGTRAP && T.nsigs < 8)
			T.sigs[T.nsigs++] = WSTOPSIG(st);
	}
	if (errno == ETIMEDOUT) {
		/* Blocked in an injected call: interrupt it, it then fails with
		 * a restart code at its exit stop. */
		if (sys_ptrace(PTRACE_INTERRUPT, T.inj, 0, 0) < 0 || waittid(T.inj, &st) < 0 ||
		    gone(st) || arch_get(T.inj, &T.cur) < 0)
			T.state = -1;	/* lost: cannot inject any more */
		else if (WSTOPSIG(st) != (SIGTRAP | 0x80))
			T.state = ST_TRAP;	/* it never reached the syscall */
		errno = ETIMEDOUT;
	}
	return -1;
}

/* SC_* as the tracee's kernel numbers them. */
static long sys_nr(int sc)
{
	static const short native[SC_N] __attribute__((aligned(2))) = { SYS_rt_sigaction, SYS_openat, SYS_dup3,
		SYS_close, SYS_fcntl, SYS_setsid, SYS_setpgid, SYS_ioctl, SYS_restart_syscall };

#if ARCH_COMPAT
	if (T.orig.compat)
		return arch_compat_nr[sc];
#endif
	return native[sc];
}

/* One injected syscall with arguments a; its result or -errno. */
static long call(int sc, const unsigned long a[4])
{
	long nr = sys_nr(sc), v;
	int tries = 8, entry;

again:
	if (T.state < 0)
		return -EIO;
	/* T.cur is the registers of the last stop (at the entry stop, a
	 * copy of T.orig's): arch_args sets all that a call reads */
	entry = T.state == ST_ENTRY;
	arch_args(&T.cur, entry ? 0 : T.sc_pc, T.sc_mode, nr, a);
	T.dirty = 1;
	/* ESRCH: killed; to_syscall_stop says ETIMEDOUT for a call that
	 * blocks */
	if (entry ? arch_set_nr(T.inj, &T.cur, nr) < 0 :
	    arch_set(T.inj, &T.cur) < 0 || to_syscall_stop() < 0)
		goto traced;
	T.state = ST_EXIT;
	if (to_syscall_stop() < 0)
		goto traced;
	/* A signal interrupted the call (a blocking open): the signal is
	 * held at the next resume and sent again after detaching; the call
	 * runs again, as with SA_RESTART. */
	v = arch_ret(&T.cur);
	if (RESTARTING(v) && tries--)
		goto again;
	return v;
traced:
	/* ptrace failed, not the call: ESRCH there is the target gone (an
	 * injected call may fail with ESRCH itself, a FUSE open) */
	T.dead |= errno == ESRCH;
	return -errno;
}

/* A call of the work, skipped once one has failed; its result. */
static long step(int sc, unsigned long a0, unsigned long a1, unsigned long a2,
		 unsigned long a3, const char *what)
{
	unsigned long a[4] = { a0, a1, a2, a3 };
	long v = T.err ? -1 : call(sc, a);

	if (v < 0 && !T.err) {
		T.err = v;
		T.what = what;
	}
	return v;
}

/* Every call made later takes two arguments, a 0 and the sigset size
 * (rt_sigaction(SIGHUP, old, NULL, size)); the kernel ignores what a call
 * does not take. */
static void later(int when, int sc, unsigned long a0, unsigned long a1)
{
	T.log[T.nlog++] = (struct later){ when, sc, { a0, a1, 0, ARCH_SIGSET } };
}

/* ---- target memory ---- */

/* lseek, then read or write: pread and pwrite would be linked for this
 * alone */
__attribute__((noinline)) static int mem(int wr, unsigned long addr, void *buf, size_t len)
{
	ssize_t n;

	if (lseek(T.memfd, addr, SEEK_SET) == -1)
		return -1;
	n = wr ? write(T.memfd, buf, len) : read(T.memfd, buf, len);
	/* 0 bytes: its memory is gone, the target is exiting */
	if (n == (ssize_t)len)
		return 0;
	if (!n)
		errno = ESRCH;
	return -1;
}

/* A syscall instruction in the target, for a thread that is in user code:
 * at its PC, else in any executable mapping. */
__attribute__((noinline)) static int find_insn(void)
{
	unsigned char b[4096 + ARCH_INSN_MAX];
	static char maps[65536];
	unsigned long a = arch_pc(&T.orig), hi = a + ARCH_INSN_MAX;
	char *l = maps, *nl;

	if (rdproc(T.pid, "maps", maps, sizeof(maps)) < 0)
		return -1;
	/* first the PC itself, then each executable mapping */
	for (;;) {
		for (; a < hi; a += 4096) {
			size_t n = hi - a < sizeof(b) ? hi - a : sizeof(b);

			if (mem(0, a, b, n) < 0)
				break;
			for (size_t i = 0; i + ARCH_INSN_MAX <= n; i++)
				if ((T.sc_mode = arch_insn(&T.orig, b + i, a + i))) {
					T.sc_pc = a + i;
					return 0;
				}
		}
		do {
			const char *e = l;

			if (!*(nl = strchrnul(l, '\n'))) {
				errno = ENOEXEC;
				return -1;
			}
			a = scan(&e, 16);
			e++;
			hi = scan(&e, 16);
			l = nl + 1;
			if (e[3] == 'x')
				break;
		} while (1);
	}
}

/* ---- attach / detach ---- */

/* What status text ST says against attaching: ESRCH for a zombie,
 * EBUSY for a traced one (T.tracer its tracer), else 0. */
static int st_errno(const char *st)
{
	const char *s = field(st, "State");

	if (*s == 'Z' || *s == 'X')
		return ESRCH;
	return (T.tracer = fnum(st, "TracerPid")) > 0 ? EBUSY : 0;
}

/* Seize and interrupt one thread: 0, or -1 with errno (ETIMEDOUT: it
 * never stopped). */
static int attach_one(int tid)
{
	int st, i, r;

	for (i = 0; i < T.ntid; i++)
		if (T.tids[i] == tid)
			return 0;
	if (T.ntid == MAXT) {
		errno = E2BIG;
		return -1;
	}
	if (sys_ptrace(PTRACE_SEIZE, tid, 0, PTRACE_O_TRACESYSGOOD) < 0) {
		/* EPERM also comes for a thread that is exiting, and when
		 * another tracer (a second detachpid) was quicker */
		if (errno == EPERM) {
			char b[1024], name[32];
			int e;

			hb_fmt(name, sizeof(name), "task/%d/status", tid);
			e = rdproc(T.pid, name, b, sizeof(b)) < 0 ? ESRCH : st_errno(b);
			errno = e ? e : EPERM;
		}
		return errno == ESRCH && T.ntid ? 0 : -1;	/* a thread that just exited */
	}
	T.tids[T.ntid++] = tid;
	T.more = 1;
	/* ESRCH: it is exiting; its exit is reported below */
	if (sys_ptrace(PTRACE_INTERRUPT, tid, 0, 0) < 0 && errno != ESRCH)
		return -1;
	/* A signal may be reported first: let it through, the interrupt's
	 * trap follows. */
	while ((r = waittid(tid, &st)) >= 0 && !gone(st) && event(st) != PTRACE_EVENT_STOP)
		if (sys_ptrace(PTRACE_CONT, tid, 0, WSTOPSIG(st)) < 0)
			return 0;
	/* errno is the wait's only when it failed */
	return r < 0 && errno == ETIMEDOUT ? -1 : 0;
}

static void detach_all(void)
{
	for (int i = 0; i < T.ntid; i++)
		sys_ptrace(PTRACE_DETACH, T.tids[i], 0, 0);
	for (int i = 0; i < T.nsigs; i++)
		syscall(SYS_tgkill, T.pid, T.inj, T.sigs[i]);
}

/* ---- the work ---- */

#ifdef CONFIG_DETACHPID_SESSION
static void session_modes(int tty);
#endif

/* Whether the target's descriptor FD is a terminal; its name in NAME, left
 * empty (and 0 said) when it has none, closed. */
static int is_tty(int fd, char *name, size_t size)
{
	char *path = fd_path(fd);
	int t, r;

	if (hb_readlink(path, name, size) < 0)
		return 0;
	t = hb_open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC, 0);
	if (t < 0)	/* a terminal that hung up */
		return (path = hb_prefix(name, "/dev/")) && strcmp(path, "null");
	r = hb_isatty(t);
#ifdef CONFIG_DETACHPID_SESSION
	if (r > 0 && o.session)
		session_modes(t);
#endif
	hb_close(t);
	return r;
}

/* Why PTRACE_SEIZE said EPERM; E_PERM. */
static int perm_hint(const char *st)
{
	const char *yama = "/proc/sys/kernel/yama/ptrace_scope";
	char y[8];
	const char *u = field(st, "Uid"), *why = "not dumpable (setuid or file capabilities?)";
	long uid;

	if (*u && (uid_t)(uid = num(u)) != getuid())
		return warn(E_PERM, "permission denied: it belongs to uid %ld (run as that user or root)", uid);
	hb_read_file(AT_FDCWD, yama, y, sizeof(y));
	if (y[0] > '0' && y[0] <= '3')
		why = yama;
	/* No memory lines in its status: a kernel thread (no zombie here) */
	if (!*field(st, "VmSize"))
		why = "a kernel thread";
	return warn(E_PERM, "permission denied: %s", why);
}

static int traced(long tracer)
{
	char comm[32];

	rdproc(tracer, "comm", comm, sizeof(comm));
	*strchrnul(comm, '\n') = 0;
	return warn(E_TRACED, "already traced by %ld (%s): detach it first", tracer, comm);
}

/* Fields 4 to 8 of /proc/PID/stat, as stat_ids() stores them. */
enum { PPID, PGRP, SID, TTY, TPGID, STAT_IDS };

/* The parent, process group, session, terminal and that terminal's
 * foreground group of process Q, from its stat, in ID; all 0 when Q has
 * gone.  Its process group. */
static long stat_ids(long q, long *id)
{
	char b[512];
	/* the last ')' ends the name; then the state */
	const char *p = rdproc(q, "stat", b, sizeof(b)) < 0 ? NULL : hb_last(b, ')');

	/* gone: every id scanned from "", 0 */
	p = p ? p + 3 : "";
	for (int i = 0; i < STAT_IDS; i++)
		id[i] = scan(&p, 10);
	return id[PGRP];
}

/* 0, an exit code, or -errno for attach_error() to explain. */
static int precheck(int pid, char *st, size_t size)
{
	long p, self = getpid(), id[STAT_IDS];
	int e;

	if (rdproc(pid, "status", st, size) < 0)
		return -ESRCH;
	T.stopped = *field(st, "State") == 'T';
	if ((e = st_errno(st)) == ESRCH)
		return warn(E_NOPROC, "is a zombie (already exited)");
	T.uid = fs_id(st, "Uid");
	if (fnum(st, "Tgid") != pid)
		return warn(E_USAGE, "is a thread: give its process ID");
	if (e)
		return -e;
	/* Stopping an ancestor would stop whoever waits for us. */
	for (p = self; p > 0; p = id[PPID]) {
		if (p == pid)
			return warn(E_SELF, "is %s", p == self ? "detachpid itself" :
				"an ancestor of detachpid (it would wait for us while stopped)");
		stat_ids(p, id);
	}
	return 0;
}

/* Why attaching failed (errno e), said once every thread is let go; the
 * exit code.  A thread that never stopped stays attached until we exit,
 * and the kernel then lets it go untouched. */
static int attach_error(int e, const char *st)
{
	if (e == EPERM)
		return perm_hint(st);
	if (e == EBUSY)
		return traced(T.tracer);
	if (e == ESRCH || e == ENOENT)	/* ENOENT: its task directory went */
		return warn(E_NOPROC, "no such process");
	if (e == ETIMEDOUT)
		return warn(E_TIMEOUT, "did not stop within %lld ms: uninterruptible sleep (state D)? try again later",
			    o.timeout_ms);
	return warn(E_OTHER, "cannot attach: %s", e == ENOSYS ?
		    "ptrace is not available (qemu-user?)" : strerror(e));
}

/* The other members of the process group of the PID being done (a job),
 * for -g and for the note without it. */
static struct { long pg; int n, pid[MAXT]; } G HB_COLD;

static int job_scan(int q)
{
	long id[STAT_IDS];

	if (stat_ids(q, id) == G.pg && q != T.pid && G.n < MAXT)
		G.pid[G.n++] = q;
	return 0;
}

#ifdef CONFIG_DETACHPID_SESSION
/* --session: the new pty (its slave's name and our descriptor of it, kept
 * open until the target holds it: a pty with no slave open ends the
 * session) and the master, our child.  done: the size was copied; moves:
 * the descriptors to move there. */
static struct { int slave, master, done, moves; char tty[SESSION_TTY]; } S = { -1, 0, 0, 0, "" };
static char scrollback[4096];

/* The old terminal TTY's window size to the new one, once; its modes too
 * when the target is its foreground job, whose modes they are (an editor's
 * raw mode).  A background job finds a new terminal's defaults, as a
 * program dtach starts.  noinline: smaller than inlined into detach_pid(). */
__attribute__((noinline)) static void session_modes(int tty)
{
	struct termios tm;
	struct winsize ws;
	long id[STAT_IDS];

	if (S.done++)
		return;
	if (!hb_ioctl(tty, TIOCGWINSZ, (long)&ws))
		hb_ioctl(S.slave, TIOCSWINSZ, (long)&ws);
	if (stat_ids(T.pid, id) == id[TPGID] && !hb_ioctl(tty, TCGETS, (long)&tm))
		hb_ioctl(S.slave, TCSETS, (long)&tm);
}

/* The socket, the pty and the master, before the target is touched: 0, or
 * an exit code with nothing left behind. */
static int session_start(void)
{
	struct stat st;
	const char *what = o.session;	/* for the message */
	int sock, ptm, fd, e;

	if ((ptm = session_open_pty(&S.slave, S.tty)) < 0)
		return warn(E_SESSION, "%s: %m", "/dev/ptmx");
	/* root moving another user's program: the target opens the slave
	 * as itself, as a terminal of its own (the system call: musl's
	 * fchown() carries a /proc fallback for O_PATH descriptors) */
	if (!getuid() && T.uid && syscall(SYS_fchownat, S.slave, "", T.uid, -1, AT_EMPTY_PATH)) {
		what = S.tty;
		goto fail;
	}
	if ((sock = session_listen(o.session)) < 0) {
		/* dtach's rules: a live session is refused, a stale socket
		 * (no master behind it) said so */
		e = errno;
		if (e == EADDRINUSE && !hb_fstatat(AT_FDCWD, o.session, &st, AT_SYMLINK_NOFOLLOW) &&
		    S_ISSOCK(st.st_mode)) {
			if ((fd = session_connect(o.session)) < 0 && errno == ECONNREFUSED) {
				hb_close(ptm);
				return warn(E_SESSION, "%s: stale socket (no master): remove it", o.session);
			}
			close(fd);	/* -1 when it failed otherwise */
		}
		errno = e;
		goto fail;
	}
	session_name = o.session;
	session_ring = scrollback;
	session_ring_size = sizeof(scrollback);
	/* what dtach -l shows: the command line, after a space */
	e = rdproc(T.pid, "cmdline", session_command + 1, sizeof(session_command) - 2);
	for (*session_command = ' '; e-- > 1; )
		if (!session_command[e])
			session_command[e] = ' ';
	if ((S.master = session_fork()) < 0) {
		unlink(o.session);
		goto fail;
	}
	if (!S.master) {
		/* as dtach -n's master; our signals stay blocked but in its
		 * ppoll() */
		close(S.slave);
		session_catch(BIT(SIGCHLD) | BIT(SIGTERM) | BIT(SIGINT));
		_exit(session_master(sock, ptm, 0, 0));
	}
	close(sock);
	close(ptm);
	return 0;
fail:
	e = errno;
	hb_close(ptm);
	close(S.slave);
	S.slave = -1;
	errno = e;
	return warn(E_SESSION, "%s: %m", what);
}

/* After PID was done (RC 0) or not: our slave closed; on failure the
 * master killed and the socket removed. */
static void session_end(int rc)
{
	close(S.slave);
	if (rc && S.master > 0) {
		kill(S.master, SIGKILL);
		hb_waitpid(S.master, NULL, 0);
		unlink(o.session);
	}
}
#endif

/* For --setsid: another member of the target's process group (returned:
 * refuse), else note another group of its session to pass through. */
static int pgrp_scan(int q)
{
	long id[STAT_IDS], pg = stat_ids(q, id);

	if (q == T.pid || !pg)
		return 0;
	if (pg == T.pgid)
		return q;
	if (id[SID] == T.sid && T.via != T.sid)
		T.via = pg;	/* the session leader's group is preferred */
	return 0;
}

struct plan {
	const char *path[3];	/* open this for the fd */
	int src[3], at[3];	/* at: the path's offset in img */
	int safe[3];		/* the open's flags in a directory others can write */
	int saved[3];			/* the parked copy of the fd + 1, or 0 */
	char old[3][PATH_MAX];	/* last: the rest is near the frame's base */
};

/* The scratch image: the new and the old sigaction in the first 128
 * bytes, then the paths. */
static unsigned char img[sizeof(T.scr_save)];

/* The target has been killed: SIGKILL takes every thread out of its
 * ptrace stop, and from then on each request says ESRCH. */
static int killed(void)
{
	unsigned long msg;

	return T.dead || (sys_ptrace(PTRACE_GETEVENTMSG, T.inj, 0, (long)&msg) < 0 && errno == ESRCH);
}

/* The injected part; 0 or an exit code, with everything undone on failure.
 * Not inlined: its loops would hold registers all through detach_pid(). */
__attribute__((noinline)) static int inject(struct plan *pl)
{
	int w = ARCH_COMPAT && T.orig.compat ? 4 : (int)sizeof(long);
	int hoff = ARCH_SA_HANDLER, setsize = ARCH_SIGSET, size = ARCH_SA_WORDS * w + setsize;
	int fd, i, flags;
#ifdef CONFIG_DETACHPID_SESSION
	int pty = -1;
#endif
	unsigned long sa = T.scr + size;
	unsigned char *act = img + hoff;
	unsigned long old = 0;	/* w bytes: all of it, or the low half on x86_64 */
	long v;

	/* the new sigaction (SIG_IGN), room for the old one; detach_pid()
	 * put the paths at 128 (the whole scratch is saved and put back).
	 * Nothing else writes img below 128, so it is zero there but for
	 * the handler's low byte, the same one for every target. */
	act[(__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__) * (w - 1)] = 1;
	if (mem(1, T.scr, img, T.scr_len) < 0)
		return -1;

	if (!o.no_hup && step(SC_SIGACTION, SIGHUP, T.scr, sa, setsize, "rt_sigaction") >= 0) {
		/* the old action stays at sa, for undo */
		later(U_FAIL, SC_SIGACTION, SIGHUP, sa);
		if (!mem(0, sa + hoff, &old, w))
			T.was_ign = old == 1;	/* SIG_IGN */
	}
	for (fd = 0; fd < 3; fd++) {
		if (!pl->path[fd])
			continue;
		if (fd == 2 && pl->path[1] && !strcmp(pl->path[1], pl->path[2])) {
			pl->src[2] = pl->src[1];
			continue;
		}
		/* a FILE is created; nohup.out exists, /dev/null too; as
		 * nohup, /dev/null on stdin is write-only: reads from the old
		 * terminal now fail */
		flags = fd ? O_WRONLY | O_APPEND | O_NOCTTY | O_LARGEFILE | (o.path[fd] ? O_CREAT : 0) :
			o.path[0] ? O_RDONLY | O_NOCTTY | O_LARGEFILE : O_WRONLY | O_NOCTTY;
#ifdef CONFIG_DETACHPID_SESSION
		/* the session's pty, one open for every fd moved there */
		if (pl->path[fd] == S.tty) {
			if (pty >= 0) {
				pl->src[fd] = pty;
				continue;
			}
			flags = O_RDWR | O_NOCTTY;
		}
#endif
		v = pl->src[fd] = step(SC_OPENAT, AT_FDCWD, T.scr + pl->at[fd], flags | pl->safe[fd],
				       0666, pl->path[fd]);
		if (v < 0)
			continue;
#ifdef CONFIG_DETACHPID_SESSION
		if (pl->path[fd] == S.tty)
			pty = v;
#endif
		later(v > 2 ? U_FAIL | U_OK : U_FAIL, SC_CLOSE, v, 0);
		if (pl->safe[fd]) {
			/* what the target opened, seen through its fd: only
			 * its own regular file with one link, as nohup.out */
			struct stat sb;

			if (hb_fstatat(AT_FDCWD, fd_path(v), &sb, 0) < 0 || hb_unsafe(&sb, T.uid)) {
				T.err = -EACCES;
				T.what = pl->path[fd];
			}
			step(SC_FCNTL, v, F_SETFL, flags & O_APPEND, 0, "fcntl");
		}
	}
	for (fd = 0; fd < 3; fd++) {
		if (pl->src[fd] < 0)
			continue;
		if (pl->old[fd][0] && (v = step(SC_FCNTL, fd, F_DUPFD_CLOEXEC, 3, 0, "fcntl")) >= 0) {
			pl->saved[fd] = v + 1;
			later(o.keep ? U_FAIL : U_FAIL | U_OK, SC_CLOSE, v, 0);
		}
		if (step(SC_DUP3, pl->src[fd], fd, 0, 0, "dup3") < 0)
			continue;
		v = pl->saved[fd] - 1;
		later(U_FAIL, v >= 0 ? SC_DUP3 : SC_CLOSE, v >= 0 ? v : fd, fd);
		if (o.srcfd[fd] > 3)
			later(U_OK, SC_CLOSE, o.srcfd[fd] - 1, 0);
	}
	/* -s; --session too, where setsid() is allowed: it is refused to a
	 * group leader, which only -s passes through another group */
	if (o.setsid || (SESSION && T.pgid != T.pid)) {
		/* A group leader cannot setsid(): move it into another group
		 * of its session first (its own group then dies). */
		if (T.pgid == T.pid && step(SC_SETPGID, 0, T.via, 0, 0, "setpgid") >= 0)
			later(U_FAIL, SC_SETPGID, 0, T.pid);
		step(SC_SETSID, 0, 0, 0, 0, "setsid");
	}
#ifdef CONFIG_DETACHPID_SESSION
	/* The pty becomes its controlling terminal only in a session of its
	 * own.  Past setsid(), nothing is undone: without TIOCSCTTY it keeps
	 * the pty for its descriptors only. */
	T.ctty = 1;
	if (o.session && (o.setsid || T.pgid != T.pid) && !T.err) {
		unsigned long a[4] = { pty, TIOCSCTTY, 0, 0 };

		T.ctty = call(SC_IOCTL, a);
	}
#endif
	/* A call that failed as the target was being killed is the kill's
	 * doing (a threaded target killed mid-call has made dup3 say
	 * EINVAL): exited, 3, as any other request failing then.  Not a
	 * call that timed out: its thread never stopped, and a request to a
	 * running tracee fails as to a dead one. */
	if (T.dead || (T.err && T.err != -ETIMEDOUT && killed()))
		return -1;
	/* an open's cause is the file's; any other call cannot fail here
	 * but for a filter, or by blocking (the cause is then not said) */
	if (T.err)
		warn(E_INJECT, T.err == -ETIMEDOUT ? "injected %s did not return within the timeout; undoing" :
		     *T.what == '/' ? "the target cannot open %s: %s; undoing" :
		     "injected %s failed: %s; undoing (seccomp or LSM?)", T.what, strerror(-T.err));
	/* Done: only closing is left, and a close cannot be undone anyway;
	 * or undo, in reverse order. */
	for (i = T.nlog; i--; ) {
		struct later *l = &T.log[i];

		if (l->when & (T.err ? U_FAIL : U_OK))
			call(l->sc, l->a);
	}
	return T.err ? E_INJECT : 0;
}

static int detach_pid(int pid)
{
	static char st[4096];
	long id[STAT_IDS];
	struct plan pl;
	const char *s;
	int rc, fd, e;
	size_t need = 128, start;
	unsigned long long si[10];

	memset(&T, 0, sizeof(T));
	memset(&pl, 0, sizeof(pl));
	line_len = 0;
	T.pid = T.inj = pid;
	if ((rc = precheck(pid, st, sizeof(st))))
		goto let_go;
	T.pgid = stat_ids(pid, id);
	T.sid = id[SID];
	if (o.setsid) {
		int other = 0;

		if (T.sid != pid && T.pgid == pid)
			other = each_num("/proc", pgrp_scan);
		if (other || T.sid == pid || (T.pgid == pid && !T.via))
			return warn(E_SETSID, other ? "--setsid refused: process %d shares its process group %d (detach the job's processes without -s)" :
				    "--setsid refused: no other process group to pass through", other, T.pgid);
	}
#ifdef CONFIG_DETACHPID_SESSION
	if (o.session && (rc = session_start()))
		return rc;
#endif

	/* What to do with each descriptor. */
	for (fd = 0; fd < 3; fd++) {
		int tty = is_tty(fd, pl.old[fd], sizeof(pl.old[fd]));

		if ((pl.src[fd] = (int)(o.srcfd[fd] - 1)) >= 0)
			continue;

		if (!(pl.path[fd] = o.path[fd]) && tty > 0) {
			pl.path[fd] = "/dev/null";
#ifdef CONFIG_DETACHPID_SESSION
			if (o.session) {
				pl.path[fd] = S.tty;
				S.moves++;
			} else
#endif
			/* stderr follows -o, as in `nohup cmd >FILE` */
			if (fd == 2 && o.path[1])
				pl.path[2] = o.path[1];
			else if (fd && !o.null) {
				/* created here with the target's filesystem
				 * uid and gid (root lends it nothing), so that
				 * the target opens but never creates it */
				int first;

				setfsgid(fs_id(st, "Gid"));
				setfsuid(T.uid);
				e = hb_nohup_out(o.nohup_out, sizeof(o.nohup_out), o.cwd, -1,
						 O_WRONLY | O_CREAT | O_APPEND | O_NOCTTY | O_CLOEXEC, &first);
				setfsuid(getuid());
				setfsgid(getgid());
				if (e < 0)
					return warn(E_OTHER, "cannot open '%s' as uid %ld: %m", o.nohup_out, T.uid);
				close(e);
				pl.path[fd] = o.nohup_out;
			}
		}

		if (pl.path[fd]) {
			const char *p = pl.path[fd], *sl = hb_last(p, '/');

			/* absolute, so there is a slash: "/x" is in "/" */
			if (hb_shared_dir(p, sl - p + (sl == p), T.uid))
				pl.safe[fd] = O_NOFOLLOW | O_NONBLOCK;
			pl.at[fd] = need;
			need += hb_fmt((char *)img + need, sizeof(img) - need, "%s", pl.path[fd]) + 1;
		}
	}

	for (T.more = 1; T.more; ) {
		T.more = 0;
		if (!each_num(proc(pid, "task"), attach_one))
			continue;
		rc = -errno;	/* said below, once every thread is let go */
		goto let_go;
	}
#ifdef CONFIG_DETACHPID_SESSION
	/* after attaching: another user's descriptors are not ours to see */
	if (o.session && !S.moves) {
		rc = warn(E_SESSION, "no terminal on descriptors 0-2: nothing to move to %s", o.session);
		goto let_go;
	}
#endif
	/* Inject in the main thread unless it is gone (a zombie leader). */
	s = "registers";
	if (arch_get(T.inj, &T.orig) < 0 && arch_get(T.inj = T.tids[T.ntid - 1], &T.orig) < 0)
		goto fail;
	if ((T.memfd = hb_open(s = proc(pid, "mem"), O_RDWR | O_CLOEXEC, 0)) < 0)
		goto fail;
	if ((s = arch_check(&T.orig))) {
		rc = warn(E_ARCH, "unsupported: %s", s);
		goto out;
	}

	e = find_insn();
	if (arch_restarting(&T.orig) || (!e && T.sc_pc == arch_pc(&T.orig))) {
		/* In (or at) a syscall: let the kernel restart it up to its
		 * entry stop and borrow that. */
		s = "syscall entry";
		if (to_syscall_stop() < 0)
			goto fail;
		T.orig = T.cur;
		T.state = ST_ENTRY;
		T.entry_nr = T.knr = arch_entry_nr(&T.orig);
		if (ARCH_HIDDEN_RESTART && sys_ptrace(0x4200 + 0xe, T.inj, sizeof(si), si) > 0 &&
		    *(unsigned char *)si == 1)
			T.knr = si[3];	/* PTRACE_GET_SYSCALL_INFO: op ENTRY, nr */
		T.sc_pc = arch_pc(&T.orig) - arch_insn_len(&T.orig);
		T.sc_mode = 0;
		s = "at the entry of syscall %ld (%ld)";
	} else {
		T.cur = T.orig;
		s = "no syscall instruction";
		if (e < 0)
			goto fail;
		s = "in user code: through 0x%lx";
	}
	/* -v: where the calls run, by the format just chosen */
	if (o.verbose)
		note(s, T.state ? T.entry_nr : (long)T.sc_pc, T.knr);
	/* Scratch below the red zone, saved for restoring. */
	T.scr = (arch_sp(&T.orig) - 256 - 80 - need) & ~15UL;
	T.scr_len = 80 + need;
	s = "stack";
	if (mem(0, T.scr, T.scr_save, T.scr_len) < 0)
		goto fail;

	s = "stack";
	if ((rc = inject(&pl)) < 0)
		goto fail;

	mem(1, T.scr, T.scr_save, T.scr_len);
	if (T.dirty && T.state >= 0) {
		int restart;

		/* sc_mode 0: back before its own syscall, to run it again */
		arch_restore(&T.orig, T.sc_mode == 0);
		restart = ARCH_HIDDEN_RESTART && T.sc_mode == 0 && T.knr != T.entry_nr &&
			  T.knr == sys_nr(SC_RESTART);
		if (restart)
			arch_set_nreg(&T.orig, T.knr);
		s = "registers";
		if (arch_set(T.inj, &T.orig) < 0)
			goto fail;
		if (restart && !to_syscall_stop()) {
			/* arm: the kernel was restarting a sleep (restart_syscall)
			 * behind an r7 that names the sleep itself; the syscall
			 * now runs with the kernel's number, the program gets its
			 * own register back */
			arch_set_nreg(&T.cur, T.entry_nr);
			arch_set(T.inj, &T.cur);
		}
	}
out:
	close(T.memfd);
let_go:
	detach_all();
	if (rc < 0)
		return attach_error(-rc, st);
	if (rc)
		return rc;
	/* -g: the whole group at once, as bg does */
	if (T.stopped && !o.no_cont && !o.job)
		kill(pid, SIGCONT);

	say("%d", pid);
	start = line_len;
	if (!o.no_hup)
		say("; SIGHUP %signored", T.was_ign ? "already " : "");
	/* success: every fd with a source was moved */
	for (fd = 0; fd < 3; fd++) {
		if (pl.src[fd] < 0)
			continue;
		say("; fd %d %s -> ", fd, pl.old[fd][0] ? pl.old[fd] : "(closed)");
		pl.path[fd] ? say("%s", pl.path[fd]) : say("fd %d", pl.src[fd]);
	}
	if (o.setsid || (SESSION && T.pgid != pid))
		say("; new session");
#ifdef CONFIG_DETACHPID_SESSION
	if (o.session) {
		/* why there is none: a leader, or the ioctl's cause */
		if (T.ctty)
			say("; no controlling terminal (%s)", T.ctty < 0 ? strerror(-T.ctty) :
			    T.sid == pid ? "it leads its session" : "it leads its process group: -s makes one");
		else
			say("; controlling terminal");
		say("; dtach -a %s attaches", o.session);
	}
#endif
	if (T.stopped)
		say(o.no_cont ? "; left stopped" : "; continued");
	if (line_len == start)
		say("; nothing to change");
	line[start] = ':';
	say("\n");
	if (o.keep) {
		say("%d: to restore: detachpid --no-hup --no-cont", pid);
		for (fd = 0; fd < 3; fd++)
			if (pl.saved[fd])
				say(" -%c %d", "IOE"[fd], pl.saved[fd] - 1);
		say(" %d\n", pid);
	}
	return hb_write_all(1, line, line_len) < 0 ? E_OTHER : 0;
fail:
	/* killed: whatever failed first */
	e = errno;
	rc = killed() ?
		warn(E_NOPROC, "exited during the injection (killed?)") :
		(errno = e, warn(E_OTHER, "%s: %m", s));
	goto out;
}

int detachpid_main(int argc, char **argv)
{
	/* the flag options, by the field of o each sets; 0: not a flag */
	_Static_assert(offsetof(__typeof__(o), null) > 0, "a flag at offset 0");
	static const unsigned char flag[] = {
		[OPT_NULL] = offsetof(__typeof__(o), null),
		[OPT_NO_HUP] = offsetof(__typeof__(o), no_hup),
		[OPT_NO_CONT] = offsetof(__typeof__(o), no_cont),
		[OPT_JOB] = offsetof(__typeof__(o), job),
		[OPT_SETSID] = offsetof(__typeof__(o), setsid),
		[OPT_KEEP] = offsetof(__typeof__(o), keep),
		[OPT_VERBOSE] = offsetof(__typeof__(o), verbose),
	};
	/* the descriptor each of -o -e -m (and 2) -i -O -E -I names */
	static const unsigned char fd_of[] = {
		[OPT_STDOUT] = 1, [OPT_STDERR] = 2, [OPT_BOTH] = 1, [OPT_STDIN] = 0,
		[OPT_STDOUT_FD] = 1, [OPT_STDERR_FD] = 2, [OPT_STDIN_FD] = 0,
	};
	static const struct itimerval it = { { 0, 50000 }, { 0, 50000 } };
	struct timespec ts;
	static union { sigset_t set; unsigned long w[sizeof(sigset_t) / sizeof(long)]; } hold;
	int c, rc = -1, ok = 0, fd, euid;
	long v;

	o.timeout_ms = 3000;
	while ((c = hb_getopt(argv, &detachpid_options, E_USAGE)) != -1) {
		if (c < (int)sizeof(flag) && flag[c]) {
			((char *)&o)[flag[c]] = 1;
			continue;
		}
		switch (c) {
#ifdef CONFIG_DETACHPID_SESSION
		case OPT_SESSION:
			o.session = hb_optarg;
			break;
#endif
		case OPT_TIMEOUT:
			if (hb_parse_seconds(hb_optarg, &ts))
				goto bad;
			o.timeout_ms = ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
			break;
		case OPT_STDIN:
		case OPT_STDOUT:
		case OPT_STDERR:
		case OPT_BOTH:
			if (!*hb_optarg)	/* no file: "" would be our directory */
				goto bad;
			o.path[fd = fd_of[c]] = hb_optarg;
			if (c == OPT_BOTH)
				o.path[2] = hb_optarg;
			break;
		default:	/* -I -O -E: hb_getopt() refused all else */
			if (hb_parse_long(hb_optarg, 0, INT_MAX, &v))
				goto bad;
			o.srcfd[fd_of[c]] = v + 1;
		}
	}
	if (hb_optind >= argc)
		hb_usage_error(E_USAGE, "no PID given");
	/* one terminal, one program (a job's other members keep theirs) */
	if (SESSION && (o.job || hb_optind + 1 < argc))
		hb_usage_error(E_USAGE, "--session moves one PID, without -g");
	if ((c = getuid()) != (euid = geteuid()) || getgid() != getegid())
		hb_die(E_SETUID, "refusing to run setuid/setgid (uid %d, euid %d): detachpid never lends privilege",
		       c, euid);
	for (c = hb_optind; c < argc; c++)
		if (hb_parse_long(hb_optarg = argv[c], 1, INT_MAX, &v))
			hb_usage_error(E_USAGE, "invalid PID '%s'", hb_optarg);

	/* Paths as the target will see them: absolute.  The raw syscall:
	 * musl's getcwd() drags malloc in. */
	/* Linux gives "(unreachable)/..." for a directory outside our root,
	 * where glibc's getcwd() says ENOENT: no name to give a target */
	if (syscall(SYS_getcwd, o.cwd, sizeof(o.cwd)) < 0 || (*o.cwd != '/' && (errno = ENOENT)))
		hb_die(E_OTHER, "cannot get the current directory: %m");
	for (fd = 0; fd < 3; fd++) {
		const char *p = o.path[fd], *d = "";

		if (!p)
			continue;
		/* "/" itself adds no name: "/FILE", not "//FILE" */
		if (*p != '/' && o.cwd[1])
			d = o.cwd;
		if (hb_fmt(o.abs[fd], sizeof(o.abs[fd]), "%s/%s", d, p + (*p == '/')) >= PATH_MAX)
			goto bad;
		o.path[fd] = o.abs[fd];
	}
	/* Dying while a target holds injected registers would crash it: hold
	 * every signal we can (the timer's excepted) until we are done.
	 * SIG_SETMASK: a SIGALRM blocked by our caller must reach us too.
	 * Signal n is bit n - 1 of the first word, the kernel's layout:
	 * sigfillset() and sigdelset() would bring their code for this. */
	memset(&hold, 0xff, sizeof(hold));
	hold.w[0] = ~(1UL << (SIGALRM - 1));
	/* The handler first: a SIGALRM pending since before exec would
	 * otherwise kill us when unblocked. */
	if (hb_signal(SIGALRM, tick) < 0 || sigprocmask(SIG_SETMASK, &hold.set, NULL) < 0 ||
	    setitimer(ITIMER_REAL, &it, NULL) < 0)
		hb_die(E_OTHER, "cannot set a timer: %m");
	for (c = hb_optind; c < argc; c++) {
		/* "+12" passed hb_parse_long: skip the sign scan() does not know */
		int pid = num(argv[c] + (*argv[c] == '+')), i = -1, stopped = 0, r = 0;
		long id[STAT_IDS];

		T.pid = pid;
		G.n = 0;
		/* the note is for a job of a terminal, which can hang up */
		if ((G.pg = stat_ids(pid, id)) && (o.job || id[TTY]))
			each_num("/proc", job_scan);
		/* PID first, then with -g the rest of its job; a stopped job
		 * is continued once every member is done, as bg does */
		for (; i < G.n; i++) {
			r = detach_pid(i < 0 ? pid : G.pid[i]);
#ifdef CONFIG_DETACHPID_SESSION
			if (o.session)
				session_end(r);
#endif

			stopped |= T.stopped;
			ok += !r;
			if (r)
				rc = r;
			if (r || !o.job)
				break;
		}
		if (i == G.n && o.job && stopped && !o.no_cont)
			kill(-G.pg, SIGCONT);
		/* T.pid is PID still: only PID was done */
		if (!o.job && !SESSION && G.n && !r)
			note("%d more process%s in its process group (job) left as they are: -g detaches them too",
			     G.n, G.n > 1 ? "es" : "");
	}
	return rc < 0 ? 0 : ok ? E_PART : rc;
bad:
	hb_usage_error(E_USAGE, "invalid argument '%s'", hb_optarg);
}
