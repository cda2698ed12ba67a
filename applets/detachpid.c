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
 */
//config:config DETACHPID
//config:	bool "detachpid"
//config:	default y
//config:	help
//config:	  nohup, disown and output redirection for a process that is
//config:	  already running (ptrace syscall injection, like reredirect).
//applet:APPLET(detachpid, "usr/bin")

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include "hb.h"
#include "arch/ARCH.h"

const char detachpid_usage[] =
"Usage: detachpid [OPTIONS] PID...\n"
"\n"
"nohup for running processes: ignore SIGHUP, terminal stdin from /dev/null,\n"
"terminal output appended to ./nohup.out (or $HOME/), continue if stopped.\n"
"\n"
"  -o/-e/-m FILE    stdout/stderr/both appended to FILE; -i FILE stdin\n"
"  -O/-E/-I FD      stdout/stderr/stdin from the target's FD (then closed)\n"
"  -n, --null       /dev/null instead of nohup.out\n"
"      --no-hup     leave SIGHUP alone\n"
"      --no-cont    leave a stopped process stopped\n"
"  -s, --setsid     also leave the terminal's session\n"
"  -k, --keep       keep the old fds open, print how to restore them\n"
"  -t, --timeout S  wait at most S s for each stop (3)\n"
"  -v, --verbose    say how the calls were injected\n"
"\n"
"Exit: 0 done, 1 some PIDs failed, 2 usage, 3 no process, 4 permission,\n"
"5 traced, 6 self/ancestor, 7 timeout, 8 injected call failed (undone),\n"
"9 unsupported arch, 10 setuid, 11 other, 12 setsid refused\n";

enum { E_PART = 1, E_USAGE, E_NOPROC, E_PERM, E_TRACED, E_SELF, E_TIMEOUT,
	E_INJECT, E_ARCH, E_SETUID, E_OTHER, E_SETSID };

#define MAXT 512
#define RESTARTING(v) ((v) <= -512 && (v) >= -516)

static struct {
	const char *path[3];	/* explicit file per fd */
	int srcfd[3];		/* explicit target fd per fd, -1 none */
	int null, nohup, nocont, setsid, keep, verbose;
	long long timeout_ms;
	char nohup_out[PATH_MAX], cwd[PATH_MAX];
} o;

/* SIGALRM only interrupts waitpid() */
static void tick(int sig) { (void)sig; }

/* One target while we hold it. */
static struct tgt {
	int pid, inj, memfd, ntid, state, dirty, sigs[8], nsigs, more;
	long pgid, sid, via;
	int tids[MAXT];
	struct hb_regs orig, cur;
	long entry_nr, knr;	/* at the entry stop: as the registers and the kernel say */
	unsigned long sc_pc, scr;
	int sc_mode, scr_len;
	unsigned char scr_save[3 * PATH_MAX + 256];
} T;
enum { ST_TRAP, ST_ENTRY, ST_EXIT };	/* where the injecting thread stands */

static char line[4 * PATH_MAX + 512];
static size_t line_len;

static void say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	line_len += hb_vfmt(line + line_len, sizeof(line) - line_len, fmt, ap);
	va_end(ap);
}

static int rdfile(const char *path, char *buf, size_t size)
{
	int fd = hb_open(path, O_RDONLY | O_CLOEXEC, 0);
	size_t len = 0;
	ssize_t n = 0;

	if (fd < 0)
		return -1;
	/* proc files come a page per read */
	while (len < size - 1 && (n = read(fd, buf + len, size - 1 - len)) > 0)
		len += n;
	hb_close(fd);
	if (n < 0)
		return -1;
	buf[len] = 0;
	return len;
}

/* "Key:\tvalue" of /proc/PID/status; the value's text, or NULL. */
static const char *field(const char *st, const char *key)
{
	size_t n = strlen(key);

	for (const char *p = st; p; p = strchr(p, '\n')) {
		if (*p == '\n')
			p++;
		if (!strncmp(p, key, n) && p[n] == ':')
			return p + n + 1 + strspn(p + n + 1, " \t");
	}
	return NULL;
}

/* A number at *s (after blanks, maybe negative), moving *s past it. */
static long scan(const char **s, int base)
{
	const char *p = *s + strspn(*s, " \t");
	int neg = *p == '-';
	unsigned long v = 0;

	for (p += neg; ; p++) {
		unsigned d = *p >= 'a' ? *p - 'a' + 10 : *p - '0';

		if (d >= (unsigned)base)
			break;
		v = v * base + d;
	}
	*s = p;
	return neg ? -(long)v : (long)v;
}

static long num(const char *s)
{
	return s ? scan(&s, 10) : -1;
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
			const char *name = buf + i + 19;
			long v = num(name);

			memcpy(&len, buf + i + 16, 2);
			if (v > 0)
				r = fn(v);
		}
	}
	hb_close(fd);
	return n < 0 ? -1 : r;
}

static int status(int pid, char *buf, size_t size)
{
	char path[32];

	hb_fmt(path, sizeof(path), "/proc/%d/status", pid);
	return rdfile(path, buf, size);
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
		if (hb_now_ms() >= end) {
			errno = ETIMEDOUT;
			return -1;
		}
	}
}

static int gone(int st) { return WIFEXITED(st) || WIFSIGNALED(st); }
static int event(int st) { return st >> 16; }

/* Resume the injecting thread until its next syscall stop.  Signals that
 * arrive meanwhile are held back and sent again after detaching. */
static int to_syscall_stop(void)
{
	int st;

	for (;;) {
		if (ptrace(PTRACE_SYSCALL, T.inj, 0, 0) < 0 || waittid(T.inj, &st) < 0)
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
		int e = errno;

		if (ptrace(PTRACE_INTERRUPT, T.inj, 0, 0) < 0 || waittid(T.inj, &st) < 0 ||
		    !WIFSTOPPED(st) || arch_get(T.inj, &T.cur) < 0)
			T.state = -1;	/* lost: cannot inject any more */
		else if (WSTOPSIG(st) != (SIGTRAP | 0x80))
			T.state = ST_TRAP;	/* it never reached the syscall */
		errno = e;
	}
	return -1;
}

/* One injected syscall; its result or -errno. */
static long call(int sc, unsigned long a0, unsigned long a1, unsigned long a2, unsigned long a3)
{
	unsigned long a[4] = { a0, a1, a2, a3 };
	long nr = arch_nr(&T.orig, sc);
	struct hb_regs r = T.state == ST_ENTRY ? T.orig : T.cur;

	if (T.state < 0)
		return -EIO;
	if (T.state != ST_ENTRY)
		arch_setpc(&r, T.sc_pc, T.sc_mode);
	arch_args(&r, nr, a);
	T.dirty = 1;
	if (T.state == ST_ENTRY ? arch_set_nr(T.inj, &r, nr) < 0 :
	    arch_set(T.inj, &r) < 0 || to_syscall_stop() < 0)
		return -errno;
	T.state = ST_EXIT;
	if (to_syscall_stop() < 0)
		return RESTARTING(arch_ret(&T.cur)) ? -ETIMEDOUT : -errno;
	return arch_ret(&T.cur);
}

/* ---- target memory ---- */

static int mem(int write, unsigned long addr, void *buf, size_t len)
{
	ssize_t n = write ? pwrite(T.memfd, buf, len, addr) : pread(T.memfd, buf, len, addr);

	return n == (ssize_t)len ? 0 : -1;
}

/* A syscall instruction in the target, for a thread that is in user code:
 * at its PC, else in the vdso, else in any executable mapping. */
static int find_insn(void)
{
	unsigned char b[4096 + ARCH_INSN_MAX];
	static char maps[65536];
	char path[32];
	unsigned long pc = arch_pc(&T.orig);
	int pass, m;

	if (!mem(0, pc, b, ARCH_INSN_MAX) && (m = arch_insn(&T.orig, b, pc))) {
		T.sc_pc = pc;
		T.sc_mode = m;
		return 0;
	}
	hb_fmt(path, sizeof(path), "/proc/%d/maps", T.pid);
	if (rdfile(path, maps, sizeof(maps)) < 0)
		return -1;
	for (pass = 0; pass < 2; pass++) {
		for (char *l = maps; *l; l = strchr(l, '\n') + 1) {
				const char *e = l, *nl = strchr(l, '\n');
			unsigned long lo = scan(&e, 16), hi, a;

			e++;
			hi = scan(&e, 16);
			if (!nl)
				break;
			if (e[3] != 'x' || (!pass && (nl - l < 6 || memcmp(nl - 6, "[vdso]", 6))))
				continue;
			for (a = lo; a < hi; a += 4096) {
				size_t n = hi - a < 4096 + ARCH_INSN_MAX ? hi - a : 4096 + ARCH_INSN_MAX;

				if (mem(0, a, b, n) < 0)
					break;
				for (size_t i = 0; i + ARCH_INSN_MAX <= n; i++)
					if ((m = arch_insn(&T.orig, b + i, a + i))) {
						T.sc_pc = a + i;
						T.sc_mode = m;
						return 0;
					}
			}
		}
	}
	errno = ENOEXEC;
	return -1;
}

/* ---- attach / detach ---- */

static int attached(int tid)
{
	for (int i = 0; i < T.ntid; i++)
		if (T.tids[i] == tid)
			return 1;
	return 0;
}

/* Seize and interrupt one thread: 0, or -1 with errno (ETIMEDOUT: it
 * never stopped). */
static int attach_one(int tid)
{
	int st;

	if (attached(tid))
		return 0;
	if (T.ntid == MAXT) {
		errno = E2BIG;
		return -1;
	}
	if (ptrace(PTRACE_SEIZE, tid, 0, PTRACE_O_TRACESYSGOOD) < 0)
		return errno == ESRCH && T.ntid ? 0 : -1;	/* a thread that just exited */
	T.tids[T.ntid++] = tid;
	T.more = 1;
	if (ptrace(PTRACE_INTERRUPT, tid, 0, 0) < 0)
		return -1;
	/* A signal may be reported first: let it through, the interrupt's
	 * trap follows. */
	while (waittid(tid, &st) >= 0 && !gone(st) && event(st) != PTRACE_EVENT_STOP)
		if (ptrace(PTRACE_CONT, tid, 0, WSTOPSIG(st)) < 0)
			return 0;
	return errno == ETIMEDOUT ? -1 : 0;
}

/* Every thread, listing them again until no new one appears. */
static int attach_all(void)
{
	char path[32];

	hb_fmt(path, sizeof(path), "/proc/%d/task", T.pid);
	for (T.more = 1; T.more; ) {
		T.more = 0;
		if (each_num(path, attach_one))
			return -1;
	}
	return 0;
}

static void detach_all(void)
{
	for (int i = 0; i < T.ntid; i++)
		ptrace(PTRACE_DETACH, T.tids[i], 0, 0);
	for (int i = 0; i < T.nsigs; i++)
		syscall(SYS_tgkill, T.pid, T.inj, T.sigs[i]);
}

/* ---- the work ---- */

static int is_tty(int pid, int fd, char *name, size_t size)
{
	char path[40];
	ssize_t n;
	int t, r;

	hb_fmt(path, sizeof(path), "/proc/%d/fd/%d", pid, fd);
	n = readlink(path, name, size - 1);
	if (n < 0)
		return -1;
	name[n] = 0;
	t = hb_open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC, 0);
	if (t < 0)
		return !strncmp(name, "/dev/tty", 8) || !strncmp(name, "/dev/pts/", 9) ||
		       !strcmp(name, "/dev/console");
	r = isatty(t);
	hb_close(t);
	return r;
}

static void put_word(unsigned char *p, int w, unsigned long v)
{
	uint32_t v32 = v;
	uint64_t v64 = v;

	w == 4 ? memcpy(p, &v32, 4) : memcpy(p, &v64, 8);
}

static unsigned long get_word(const unsigned char *p, int w)
{
	uint32_t v32;
	uint64_t v64;

	return w == 4 ? (memcpy(&v32, p, 4), v32) : (memcpy(&v64, p, 8), v64);
}

static const char *errname(long v)
{
	errno = -v;
	return strerror(errno);
}

/* Why PTRACE_SEIZE said EPERM. */
static void perm_hint(int pid, const char *st)
{
	char y[8] = "";
	const char *u = field(st, "Uid");

	rdfile("/proc/sys/kernel/yama/ptrace_scope", y, sizeof(y));
	if (u && (uid_t)num(u) != getuid())
		hb_warn("%d: permission denied: it belongs to uid %ld (run as that user or root)", pid, num(u));
	else if (y[0] > '0' && y[0] <= '3')
		hb_warn("%d: permission denied by Yama ptrace_scope=%c (as root: echo 0 > /proc/sys/kernel/yama/ptrace_scope)", pid, y[0]);
	else
		hb_warn("%d: permission denied: not dumpable (setuid or file capabilities?)", pid);
}

static int precheck(int pid, char *st, size_t size)
{
	const char *s;
	long tracer, p;

	if (status(pid, st, size) < 0) {
		hb_warn("%d: no such process", pid);
		return E_NOPROC;
	}
	s = field(st, "State");
	if (s && (*s == 'Z' || *s == 'X')) {
		hb_warn("%d: is a zombie (already exited)", pid);
		return E_NOPROC;
	}
	if (num(field(st, "Tgid")) != pid) {
		hb_warn("%d: is a thread of %ld: give the process ID", pid, num(field(st, "Tgid")));
		return E_USAGE;
	}
	tracer = num(field(st, "TracerPid"));
	if (tracer > 0) {
		char path[32], comm[32] = "?";

		hb_fmt(path, sizeof(path), "/proc/%ld/comm", tracer);
		if (rdfile(path, comm, sizeof(comm)) > 0)
			comm[strcspn(comm, "\n")] = 0;
		hb_warn("%d: already traced by %ld (%s): detach it first", pid, tracer, comm);
		return E_TRACED;
	}
	/* Stopping an ancestor would stop whoever waits for us. */
	for (p = getpid(); p > 0; ) {
		char b[1024];

		if (p == pid) {
			hb_warn("%d: is %s", pid, p == getpid() ? "detachpid itself" :
				"an ancestor of detachpid (it would wait for us while stopped)");
			return E_SELF;
		}
		if (status(p, b, sizeof(b)) < 0)
			break;
		p = num(field(b, "PPid"));
	}
	return 0;
}

/* For --setsid: another member of the target's process group (returned:
 * refuse), else note another group of its session to pass through. */
static int pgrp_scan(int q)
{
	char path[40], b[512];
	const char *p;
	long pg, sid;

	hb_fmt(path, sizeof(path), "/proc/%d/stat", q);
	if (q == T.pid || rdfile(path, b, sizeof(b)) < 0 || !(p = strrchr(b, ')')))
		return 0;
	p += 4;		/* ") S " */
	scan(&p, 10);
	pg = scan(&p, 10);
	sid = scan(&p, 10);
	if (pg == T.pgid)
		return q;
	if (sid == T.sid && pg != T.pgid && T.via != T.sid)
		T.via = pg;	/* the session leader's group is preferred */
	return 0;
}

struct plan {
	char old[3][PATH_MAX];
	const char *path[3];	/* open this for the fd */
	int flags[3], src[3], saved[3], done[3], open[3];
	unsigned long addr[3];
};

/* The injected part; 0 or an exit code, with everything undone on failure. */
static int inject(struct plan *pl, int *was_ign)
{
	unsigned char act[40], oact[40];
	int hoff, setsize, size = arch_sigact(&T.orig, &hoff, &setsize), w = arch_word(&T.orig);
	int hup = 0, fd, rc = E_INJECT, sid = 0;
	unsigned long a = T.scr;
	const char *what = "";
	long v = 0;

	/* strings and the sigaction buffers at the scratch area */
	memset(act, 0, sizeof(act));
	put_word(act + hoff, w, 1);	/* SIG_IGN */
	if (mem(1, a, act, size) < 0)
		goto mem_err;
	a += 2 * size;
	for (fd = 0; fd < 3; fd++) {
		if (!pl->path[fd])
			continue;
		pl->addr[fd] = a;
		if (mem(1, a, (void *)pl->path[fd], strlen(pl->path[fd]) + 1) < 0)
			goto mem_err;
		a += strlen(pl->path[fd]) + 1;
	}

	if (o.nohup) {
		v = call(SC_SIGACTION, SIGHUP, T.scr, T.scr + size, setsize);
		what = "rt_sigaction(SIGHUP)";
		if (v < 0 || mem(0, T.scr + size, oact, size) < 0)
			goto fail;
		hup = 1;
		*was_ign = get_word(oact + hoff, w) == 1;
	}
	for (fd = 0; fd < 3; fd++) {
		int same = fd == 2 && pl->path[2] && pl->path[1] && !strcmp(pl->path[1], pl->path[2]);

		if (!pl->path[fd])
			continue;
		if (same) {
			pl->src[2] = pl->src[1];
			continue;
		}
		v = call(SC_OPENAT, AT_FDCWD, pl->addr[fd], pl->flags[fd], 0666);
		what = pl->path[fd];
		if (v < 0)
			goto fail;
		pl->src[fd] = v;
		pl->open[fd] = 1;
	}
	for (fd = 0; fd < 3; fd++) {
		if (pl->src[fd] < 0)
			continue;
		what = "fcntl(F_DUPFD_CLOEXEC)";
		if (pl->old[fd][0] && (v = pl->saved[fd] = call(SC_FCNTL, fd, F_DUPFD_CLOEXEC, 3, 0)) < 0)
			goto fail;
		what = "dup3";
		if ((v = call(SC_DUP3, pl->src[fd], fd, 0, 0)) < 0)
			goto fail;
		pl->done[fd] = 1;
	}
	if (o.setsid) {
		what = "setpgid";
		/* A group leader cannot setsid(): move it into another group
		 * of its session first (its own group then dies). */
		if (T.pgid == T.pid && (v = call(SC_SETPGID, 0, T.via, 0, 0)) < 0)
			goto fail;
		sid = T.pgid == T.pid;
		what = "setsid";
		if ((v = call(SC_SETSID, 0, 0, 0, 0)) < 0)
			goto fail;
	}
	/* Done: only closing is left, and a close cannot be undone anyway. */
	for (fd = 0; fd < 3; fd++) {
		if (pl->open[fd] && pl->src[fd] > 2)
			call(SC_CLOSE, pl->src[fd], 0, 0, 0);
		if (o.srcfd[fd] >= 0 && o.srcfd[fd] > 2)
			call(SC_CLOSE, o.srcfd[fd], 0, 0, 0);
		if (pl->saved[fd] >= 0 && !o.keep)
			call(SC_CLOSE, pl->saved[fd], 0, 0, 0);
	}
	return 0;

mem_err:
	hb_warn("%d: cannot write its stack at 0x%lx: %m", T.pid, T.scr);
	return E_OTHER;
fail:
	if (v == -ETIMEDOUT)
		hb_warn("%d: injected %s did not return within the timeout; undoing", T.pid, what);
	else if (v == -EIO && T.state < 0)
		hb_warn("%d: lost the thread while injecting %s: %m", T.pid, what);
	else
		hb_warn("%d: injected %s failed: %s; undoing (seccomp or LSM?)", T.pid, what, errname(v));
	if (sid)
		call(SC_SETPGID, 0, T.pid, 0, 0);
	for (fd = 2; fd >= 0; fd--) {
		if (pl->done[fd])
			pl->saved[fd] >= 0 ? call(SC_DUP3, pl->saved[fd], fd, 0, 0) : call(SC_CLOSE, fd, 0, 0, 0);
		if (pl->saved[fd] >= 0)
			call(SC_CLOSE, pl->saved[fd], 0, 0, 0);
		if (pl->open[fd])
			call(SC_CLOSE, pl->src[fd], 0, 0, 0);
	}
	if (hup && (mem(1, T.scr, oact, size) < 0 || call(SC_SIGACTION, SIGHUP, T.scr, 0, setsize) < 0))
		hb_warn("%d: could not restore its SIGHUP action", T.pid);
	return rc;
}

/* nohup's file, created 0600 here so that the target opens but never
 * creates it; the first time it is needed. */
static int nohup_file(void)
{
	const char *home = getenv("HOME");
	mode_t um;
	int fd;

	if (o.nohup_out[0])
		return 0;
	um = umask(0);
	hb_fmt(o.nohup_out, sizeof(o.nohup_out), "%s/nohup.out", strcmp(o.cwd, "/") ? o.cwd : "");
	fd = hb_open(o.nohup_out, O_WRONLY | O_CREAT | O_APPEND | O_NOCTTY | O_CLOEXEC, 0600);
	if (fd < 0 && home && *home) {
		hb_fmt(o.nohup_out, sizeof(o.nohup_out), "%s/nohup.out", home);
		fd = hb_open(o.nohup_out, O_WRONLY | O_CREAT | O_APPEND | O_NOCTTY | O_CLOEXEC, 0600);
	}
	umask(um);
	if (fd < 0) {
		hb_warn("cannot open '%s': %m", o.nohup_out);
		o.nohup_out[0] = 0;
		return -1;
	}
	close(fd);
	return 0;
}

static int detach_pid(int pid)
{
	static char st[4096];
	struct plan pl;
	const char *s, *why;
	int rc, fd, stopped, was_ign = 0;
	char path[32];
	size_t need = 128, start;
	unsigned long long si[10];

	memset(&T, 0, sizeof(T));
	memset(&pl, 0, sizeof(pl));
	line_len = 0;
	T.pid = T.inj = pid;
	if ((rc = precheck(pid, st, sizeof(st))))
		return rc;
	s = field(st, "State");
	stopped = s && *s == 'T';
	if (o.setsid) {
		int other;

		T.pgid = num(field(st, "NSpgid"));
		T.sid = num(field(st, "NSsid"));
		if (T.sid == pid) {
			hb_warn("%d: already leads its own session", pid);
			return E_SETSID;
		}
		other = T.pgid == pid ? each_num("/proc", pgrp_scan) : 0;
		if (other) {
			hb_warn("%d: --setsid refused: process %d shares its process group %ld (detach the job's processes without -s)", pid, other, T.pgid);
			return E_SETSID;
		}
		if (T.pgid == pid && !T.via) {
			hb_warn("%d: --setsid refused: it leads its process group and its session %ld has no other group to pass through", pid, T.sid);
			return E_SETSID;
		}
	}

	/* What to do with each descriptor. */
	for (fd = 0; fd < 3; fd++) {
		int tty = is_tty(pid, fd, pl.old[fd], sizeof(pl.old[fd]));

		pl.src[fd] = o.srcfd[fd];
		pl.saved[fd] = -1;
		if (tty < 0)
			pl.old[fd][0] = 0;
		pl.flags[fd] = (fd ? O_WRONLY | O_CREAT | O_APPEND : O_RDONLY) | O_NOCTTY | O_LARGEFILE;
		if (o.srcfd[fd] >= 0)
			continue;
		if (o.path[fd])
			pl.path[fd] = o.path[fd];
		else if (tty > 0) {
			if (fd && !o.null && nohup_file() < 0)
				return E_OTHER;
			pl.path[fd] = fd && !o.null ? o.nohup_out : "/dev/null";
			/* as nohup: reads from the old terminal now fail */
			if (!fd)
				pl.flags[0] = O_WRONLY | O_NOCTTY;
			else if (!o.null)
				pl.flags[fd] = O_WRONLY | O_APPEND | O_NOCTTY | O_LARGEFILE;
		}
		if (pl.path[fd])
			need += strlen(pl.path[fd]) + 1;
	}

	if (attach_all() < 0) {
		int e = errno;

		detach_all();
		errno = e;
		if (e == EPERM)
			perm_hint(pid, st);
		else if (e == ESRCH)
			hb_warn("%d: no such process", pid);
		else if (e == ETIMEDOUT)
			hb_warn("%d: did not stop within %lld ms: uninterruptible sleep (state D)? try again later",
				pid, o.timeout_ms);
		else
			hb_warn("%d: cannot attach: %s", pid, e == ENOSYS ?
				"ptrace is not available (qemu-user?)" : strerror(e));
		/* A thread that never stopped stays attached until we exit, and
		 * the kernel then lets it go untouched. */
		return e == EPERM ? E_PERM : e == ESRCH ? E_NOPROC : e == ETIMEDOUT ? E_TIMEOUT : E_OTHER;
	}
	/* Inject in the main thread unless it is gone (a zombie leader). */
	if (arch_get(T.inj, &T.orig) < 0) {
		T.inj = T.tids[T.ntid - 1];
		if (arch_get(T.inj, &T.orig) < 0) {
			hb_warn("%d: cannot read registers: %m", pid);
			detach_all();
			return E_OTHER;
		}
	}
	if ((why = arch_check(&T.orig))) {
		hb_warn("%d: unsupported: %s", pid, why);
		detach_all();
		return E_ARCH;
	}
	hb_fmt(path, sizeof(path), "/proc/%d/mem", pid);
	T.memfd = hb_open(path, O_RDWR | O_CLOEXEC, 0);
	if (T.memfd < 0) {
		hb_warn("%d: %s: %m", pid, path);
		detach_all();
		return E_OTHER;
	}

	rc = E_OTHER;
	if (arch_restarting(&T.orig) || (!find_insn() && T.sc_pc == arch_pc(&T.orig))) {
		/* In (or at) a syscall: let the kernel restart it up to its
		 * entry stop and borrow that. */
		if (to_syscall_stop() < 0) {
			hb_warn("%d: no syscall-entry stop: %m", pid);
			goto out;
		}
		T.orig = T.cur;
		T.state = ST_ENTRY;
		T.entry_nr = T.knr = arch_entry_nr(&T.orig);
		if (ptrace(0x4200 + 0xe, T.inj, sizeof(si), si) > 0 && *(unsigned char *)si == 1)
			T.knr = si[3];	/* PTRACE_GET_SYSCALL_INFO: op ENTRY, nr */
		T.sc_pc = arch_pc(&T.orig) - arch_insn_len(&T.orig);
		T.sc_mode = 0;
		if (o.verbose)
			hb_warn("%d: injecting at the entry of its syscall %ld (kernel: %ld)", pid, T.entry_nr, T.knr);
	} else {
		T.cur = T.orig;
		if (!T.sc_pc && find_insn() < 0) {
			hb_warn("%d: found no syscall instruction to borrow", pid);
			goto out;
		}
		if (o.verbose)
			hb_warn("%d: in user code: injecting through the instruction at 0x%lx", pid, T.sc_pc);
	}
	/* Scratch below the red zone, saved for restoring. */
	T.scr = (arch_sp(&T.orig) - 256 - 80 - need) & ~15UL;
	T.scr_len = 80 + need;
	if (mem(0, T.scr, T.scr_save, T.scr_len) < 0) {
		hb_warn("%d: cannot read its stack: %m", pid);
		goto out;
	}

	rc = inject(&pl, &was_ign);

	mem(1, T.scr, T.scr_save, T.scr_len);
	if (T.dirty && T.state >= 0) {
		struct hb_regs r = T.orig;
		int restart;

		if (T.sc_mode == 0)	/* back before the borrowed syscall, to run it again */
			arch_rerun(&r);
		else
			arch_fix_restart(&r);
		restart = T.sc_mode == 0 && T.knr != T.entry_nr &&
			  T.knr == arch_nr(&T.orig, SC_RESTART);
		if (restart)
			arch_set_nreg(&r, T.knr);
		if (arch_set(T.inj, &r) < 0) {
			hb_warn("%d: cannot restore registers: %m", pid);
			rc = E_OTHER;
		} else if (restart && !to_syscall_stop()) {
			/* arm: the kernel was restarting a sleep (restart_syscall)
			 * behind an r7 that names the sleep itself; the syscall
			 * now runs with the kernel's number, the program gets its
			 * own register back */
			r = T.cur;
			arch_set_nreg(&r, T.entry_nr);
			arch_set(T.inj, &r);
		}
	}
out:
	close(T.memfd);
	detach_all();
	if (stopped && !o.nocont && !rc)
		kill(pid, SIGCONT);
	if (rc)
		return rc;

	say("%d", pid);
	start = line_len;
	if (o.nohup)
		say("; SIGHUP %s", was_ign ? "already ignored" : "ignored");
	for (fd = 0; fd < 3; fd++) {
		if (!pl.done[fd])
			continue;
		say("; fd %d %s -> ", fd, pl.old[fd][0] ? pl.old[fd] : "(closed)");
		pl.path[fd] ? say("%s", pl.path[fd]) : say("fd %d", pl.src[fd]);
	}
	if (o.setsid)
		say("; new session");
	if (stopped)
		say(o.nocont ? "; left stopped" : "; continued");
	if (line_len == start)
		say("; nothing to change");
	line[start] = ':';
	say("\n");
	if (o.keep) {
		say("%d: to restore: detachpid --no-hup --no-cont", pid);
		for (fd = 0; fd < 3; fd++)
			if (pl.saved[fd] >= 0)
				say(" -%c %d", "IOE"[fd], pl.saved[fd]);
		say(" %d\n", pid);
	}
	if (hb_write_all(1, line, line_len) < 0)
		return E_OTHER;
	return 0;
}

HB_MAIN(detachpid)
{
	static const struct option lo[] = {
		{ "null", 0, 0, 'n' }, { "no-hup", 0, 0, 'H' }, { "no-cont", 0, 0, 'C' },
		{ "setsid", 0, 0, 's' }, { "keep", 0, 0, 'k' }, { "timeout", 1, 0, 't' },
		{ "verbose", 0, 0, 'v' }, { "help", 0, 0, 'h' }, { 0, 0, 0, 0 }
	};
	struct sigaction sa = { .sa_handler = tick };
	struct itimerval it = { { 0, 50000 }, { 0, 50000 } };
	sigset_t set;
	int c, rc = -1, ok = 0, fd;
	long v;

	o.nohup = 1;
	o.srcfd[0] = o.srcfd[1] = o.srcfd[2] = -1;
	o.timeout_ms = 3000;
	while ((c = getopt_long(argc, argv, "o:e:m:i:O:E:I:nskt:vh", lo, NULL)) != -1) {
		switch (c) {
		case 'm': o.path[1] = optarg; /* fall through */
		case 'e': o.path[2] = optarg; break;
		case 'o': o.path[1] = optarg; break;
		case 'i': o.path[0] = optarg; break;
		case 'I': case 'O': case 'E':
			if (hb_parse_long(optarg, 0, INT_MAX, &v))
				hb_usage_error(E_USAGE, "invalid descriptor '%s'", optarg);
			o.srcfd[c == 'I' ? 0 : c == 'O' ? 1 : 2] = v;
			break;
		case 'n': o.null = 1; break;
		case 'H': o.nohup = 0; break;
		case 'C': o.nocont = 1; break;
		case 's': o.setsid = 1; break;
		case 'k': o.keep = 1; break;
		case 't': {
			struct timespec ts;

			if (hb_parse_seconds(optarg, &ts))
				hb_usage_error(E_USAGE, "invalid timeout '%s'", optarg);
			o.timeout_ms = ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
			break;
		}
		case 'v': o.verbose = 1; break;
		case 'h': hb_help();
		default:
			hb_dprintf(2, "Try 'detachpid --help' for more information.\n");
			return E_USAGE;
		}
	}
	if (optind >= argc)
		hb_usage_error(E_USAGE, "no PID given");
	if (getuid() != geteuid() || getgid() != getegid())
		hb_die(E_SETUID, "refusing to run setuid/setgid (uid %d, euid %d): detachpid never lends privilege",
		       (int)getuid(), (int)geteuid());
	for (c = optind; c < argc; c++)
		if (hb_parse_long(argv[c], 1, INT_MAX, &v))
			hb_usage_error(E_USAGE, "invalid PID '%s'", argv[c]);

	/* Paths as the target will see them: absolute. */
	/* the raw syscall: musl's getcwd() drags malloc in */
	if (syscall(SYS_getcwd, o.cwd, sizeof(o.cwd)) < 0)
		hb_die(E_OTHER, "cannot get the current directory: %m");
	for (fd = 0; fd < 3; fd++) {
		if (o.path[fd] && o.path[fd][0] != '/') {
			static char abs[3][PATH_MAX + 1];

			if (hb_fmt(abs[fd], sizeof(abs[fd]), "%s/%s", o.cwd, o.path[fd]) >= PATH_MAX)
				hb_usage_error(E_USAGE, "path too long: %s", o.path[fd]);
			o.path[fd] = abs[fd];
		}
		if (o.path[fd] && strlen(o.path[fd]) >= PATH_MAX)
			hb_usage_error(E_USAGE, "path too long: %s", o.path[fd]);
	}
	/* Dying while a target holds injected registers would crash it: hold
	 * every signal we can (the timer's excepted) until we are done. */
	sigfillset(&set);
	sigdelset(&set, SIGALRM);
	if (sigprocmask(SIG_BLOCK, &set, NULL) < 0 || sigaction(SIGALRM, &sa, NULL) < 0 ||
	    setitimer(ITIMER_REAL, &it, NULL) < 0)
		hb_die(E_OTHER, "cannot set a timer: %m");
	for (c = optind; c < argc; c++) {
		int r = detach_pid(num(argv[c]));

		ok += !r;
		if (r)
			rc = r;
	}
	return rc < 0 ? 0 : ok ? E_PART : rc;
}
