/* SPDX-License-Identifier: 0BSD */
/* The supervision engine: see supervise.h.
 *
 * The signals stay blocked and are read from a signalfd that ppoll()
 * watches with the applet's fds: no handler, so nothing can race the
 * main loop, and no signal frame is ever written on the stack (the CPU's
 * whole register state, kilobytes with AVX-512: a page of PID 1's memory
 * for good).  A kernel built without signalfd gets the handlers instead,
 * run only inside ppoll(), where each sets a bit.  Idle means ppoll()
 * with a NULL timeout: zero wakeups.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "hb.h"
#include "supervise.h"

const struct sv_conf sv_conf0 = {
	{ 250, 60000, 10000, 120000, 300000, 5000 }, 10, SIGTERM
};

/* aligned(1): no padding before a string (as main.c's names) */
const char sv_exited[] __attribute__((aligned(1))) = "'%s' exited (status %d): %s%s";
static int sigfd = -1;
/* orig: the caller's mask, for the
 * children; handled: the signals read (blocked for good); wait: ppoll()'s
 * mask, with a signalfd the mask as it is, else it less handled, which
 * ppoll() must open even if the caller blocked them. */
struct sv_hot sv_hot HB_HOT;

static void on_signal(int sig)
{
	sv_hot.caught |= 1UL << sig;
}

unsigned sv_ms(const char *v)
{
	struct timespec ts;

	if (hb_parse_seconds(v, &ts) || ts.tv_sec > 4000000)
		return -1U;
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int sv_opt(struct sv_conf *c, unsigned i, const char *v)
{
	long n;

	if (i < SV_STARTS) {
		unsigned ms = sv_ms(v);

		if (ms == -1U)
			return -1;
		c->ms[i] = ms;
	} else if (i == SV_STARTS) {
		if (hb_parse_long(v, 0, 65535, &n))
			return -1;
		c->starts = n;
	} else {
		n = hb_sig_parse(v);
		if (n < 0)
			return -1;
		c->stop_sig = n;
	}
	return 0;
}

static int ignored(int sig)
{
	struct sigaction old;

	return !sigaction(sig, NULL, &old) && old.sa_handler == SIG_IGN;
}

void sv_signals(unsigned long mask)
{
	struct sigaction sa = { .sa_handler = SIG_DFL };
	int sig;

	/* An ignored HUP stays ignored, here and in the children (`nohup
	 * respawn ...`): exec keeps SIG_IGN.  Not INT and QUIT, which a
	 * shell ignores for every background job.  PIPE is blocked and
	 * read as the others, never acted on (a supervisor must not die
	 * writing to a broken stderr), and the children get it back as it
	 * was. */
	mask |= SV_BIT(SIGCHLD) | SV_BIT(SIGPIPE);
	if (ignored(SIGHUP))
		mask &= ~SV_BIT(SIGHUP);
	if (ignored(SIGPIPE))
		mask &= ~SV_BIT(SIGPIPE);
	sv_hot.handled.w = mask >> 1;
	/* All blocked before a handler is set: a handler run outside
	 * ppoll() would leave its bit unseen while ppoll() sleeps.  A
	 * blocked signal is queued for the signalfd even where its action
	 * is SIG_IGN; CHLD's must be SIG_DFL all the same (SIG_IGN reaps
	 * the children unseen) and is made so below. */
	sigprocmask(SIG_BLOCK, &sv_hot.handled.set, &sv_hot.orig.set);
	sigfd = syscall(SYS_signalfd4, sigfd, &sv_hot.handled, _NSIG / 8,
			SFD_NONBLOCK | SFD_CLOEXEC);
	sv_hot.wait.w = sv_hot.orig.w | sv_hot.handled.w;
	if (sigfd < 0) {
		sa.sa_handler = on_signal;
		sv_hot.wait.w = sv_hot.orig.w & ~sv_hot.handled.w;
	}
	/* Each handler runs with every handled signal blocked: caught |= bit
	 * is a load and a store, and a second signal that interrupted a
	 * handler between them would be lost (a TERM after a CONT, a HUP
	 * after a TSTP: found by the PID-1 fuzz). */
	sa.sa_mask = sv_hot.handled.set;
	for (sig = 1; sig < 32; sig++)
		if (mask >> sig & 1)
			sigaction(sig, &sa, NULL);
}

int sv_stdio(const char *dev)
{
	int fd;

	do {
		/* O_NONBLOCK: a serial console waiting for its carrier must
		 * not hold PID 1 in open(); blocking again for the children. */
		fd = hb_open(dev, O_RDWR | O_NOCTTY | O_NONBLOCK, 0);
		if (fd < 0)
			fd = hb_open("/dev/null", O_RDWR, 0);
		hb_fcntl(fd, F_SETFL, 0);
	} while (fd >= 0 && fd <= 2);
	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}

void sv_subreaper(void)
{
	/* The system call itself: musl's prctl() is variadic. */
	syscall(SYS_prctl, PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
}

unsigned long sv_step(struct sv *s, struct pollfd *fds, int nfds)
{
	struct pollfd own;
	long long now = hb_now_ms(), next = sv_until ? sv_until : LLONG_MAX;
	struct timespec ts, *tp = NULL;
	unsigned long got;
	unsigned i;
	int r;

	for (i = 0; i < s->n; i++) {
		struct sv_entry *e = SV_AT(s, i);
		int due = e->state == SV_STOP || (e->state == SV_DUE && !s->paused);

		if (due && e->at <= now) {
			if (e->state == SV_DUE) {
				sv_start(s, e);
			} else {
				sv_kill(e, SIGKILL);
				e->at = LLONG_MAX;
			}
			due = e->state == SV_DUE;
		}
		if (due && e->at < next)
			next = e->at;
	}
	if (next != LLONG_MAX) {
		unsigned ms;

		next -= now;
		ms = next > 0 ? next : 0;
		ts.tv_sec = ms / 1000;
		ts.tv_nsec = ms % 1000 * 1000000;
		tp = &ts;
	}
	if (!nfds)
		fds = &own;
	fds[nfds].fd = sigfd;	/* -1 without one: ppoll() skips it */
	fds[nfds].events = POLLIN;
	nfds++;
#ifdef SYS_ppoll_time64
	/* 32-bit: musl's ppoll() picks the time64 call or, on kernels
	 * before 5.1, converts to the old one */
	r = ppoll(fds, nfds, tp, &sv_hot.wait.set);
#else
	/* 64-bit: the system call itself (musl's wrapper copies ts, which
	 * the kernel updates, and brings the stack protector's code) */
	r = syscall(SYS_ppoll, fds, nfds, tp, &sv_hot.wait, _NSIG / 8);
#endif
	if (r < 0 && errno != EINTR)
		s->say("ppoll: %m");
	if (r > 0 && fds[nfds - 1].revents) {
		struct signalfd_siginfo si;

		/* several of a kind read as one, as the handlers' bits */
		while (read(sigfd, &si, sizeof(si)) == sizeof(si))
			sv_hot.caught |= 1UL << si.ssi_signo;
	} else if (r > 0 && sigfd < 0) {
		/* A ppoll() that returns ready fds leaves pending signals
		 * pending: open the mask for a moment, or a log pipe that
		 * never empties would keep TERM out for ever. */
		sigprocmask(SIG_SETMASK, &sv_hot.wait.set, NULL);
		sigprocmask(SIG_BLOCK, &sv_hot.handled.set, NULL);
	}
	got = sv_hot.caught & ~SV_BIT(SIGPIPE);
	sv_hot.caught = 0;
	return got;
}

static void exited(struct sv *s, struct sv_entry *e, int status)
{
	long long now = hb_now_ms();
	unsigned *ms = e->c.ms, max = ms[SV_MAX] < ms[SV_MIN] ? ms[SV_MIN] : ms[SV_MAX];

	e->pid = 0;
	e->status = status;
	if (e->state == SV_RUN && e->respawn) {
		if (now - e->started >= ms[SV_HEALTHY])
			sv_healthy(e);
		e->state = SV_DUE;
		e->gap = e->delay;
		e->at = now + e->gap;
		e->delay = !e->delay ? ms[SV_MIN] :
			   e->delay >= max / 2 ? max : e->delay * 2;
		e->restarts++;
	} else {
		e->state = SV_OFF;
	}
	s->event(e);
}

int sv_reap(struct sv *s)
{
	int pid, status;
	unsigned i;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
		for (i = 0; i < s->n; i++) {
			struct sv_entry *e = SV_AT(s, i);

			/* pid is 0 but in SV_RUN and SV_STOP */
			if (e->pid == pid) {
				exited(s, e, status);
				break;
			}
		}
	return pid < 0 && errno == ECHILD;
}

void sv_healthy(struct sv_entry *e)
{
	e->delay = 0;
	e->nstarts = 0;
}

void sv_unblock(void)
{
	int sig;

	/* only the fallback's handlers to take back: with a signalfd the
	 * dispositions are SIG_DFL already */
	if (sigfd < 0)
		for (sig = 1; sig < 32; sig++)
			if (sv_hot.handled.w >> (sig - 1) & 1)
				hb_signal(sig, SIG_DFL);
	sigprocmask(SIG_SETMASK, &sv_hot.orig.set, NULL);
}

int sv_fork(void)
{
	/* apart from hb_fork() so that the fuzzers can wrap it */
	return hb_fork();
}

int sv_start(struct sv *s, struct sv_entry *e)
{
	long long now = hb_now_ms();
	unsigned *ms = e->c.ms;
	int pid;

	if (now - e->win > ms[SV_WINDOW]) {
		e->win = now;
		e->nstarts = 0;
	}
	if (e->c.starts && e->nstarts >= e->c.starts) {
		char w[HB_DURATION], p[HB_DURATION];

		s->say("'%s' crashed %u times within %s: parked for %s", e->name,
		       e->c.starts, hb_duration(w, ms[SV_WINDOW]), hb_duration(p, ms[SV_PARK]));
		e->nstarts = 0;
		e->at = e->win = now + ms[SV_PARK];
		e->state = SV_DUE;
		return 0;
	}
	e->nstarts++;
	e->started = now;
	e->state = SV_RUN;
	pid = sv_fork();
	if (pid < 0) {
		s->say("fork: %m");
		/* As a start that failed at once: backoff, not a storm. */
		exited(s, e, 127 << 8);
		return 0;
	}
	if (!pid) {
		/* The system calls themselves: setpgid() is libc's only for
		 * this; a fresh child can never fail either. */
		syscall(s->session ? SYS_setsid : SYS_setpgid, 0, 0);
		sv_unblock();
		_exit(s->child(e));
	}
	e->pid = pid;
	s->event(e);
	return pid;
}

void sv_kill(struct sv_entry *e, int sig)
{
	if (e->pid > 0 && kill(-e->pid, sig) && errno == ESRCH)
		kill(e->pid, sig);
}

int sv_stop(struct sv_entry *e)
{
	int sig = e->c.stop_sig;

	if (e->state == SV_RUN) {
		sv_kill(e, sig);
		/* A stopped group would never act on TERM. */
		if (sig != SIGKILL)
			sv_kill(e, SIGCONT);
		e->state = SV_STOP;
		e->at = hb_now_ms() + e->c.ms[SV_STOPMS];
	} else if (e->state == SV_DUE) {
		e->state = SV_OFF;
	}
	return e->state == SV_STOP;
}

int sv_dup(int fd, int from)
{
	for (; from < 3; from++)
		if (hb_dup2(fd, from) < 0)
			return -1;
	return 0;
}
