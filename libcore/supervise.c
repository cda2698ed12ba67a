/* The supervision engine: see supervise.h.
 *
 * Signals are blocked except inside ppoll(), so a handler only ever runs
 * there and sets a bit; the main loop never races with it and never needs
 * a self-pipe.  Idle means ppoll() with a NULL timeout: zero wakeups.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include "hb.h"
#include "supervise.h"

static volatile unsigned long caught;
static sigset_t orig_mask, handled;

static void on_signal(int sig)
{
	caught |= 1UL << sig;
}

void sv_signals(const unsigned char *sigs)
{
	struct sigaction sa;
	sigset_t set;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigaction(SIGCHLD, &sa, NULL);
	for (; *sigs; sigs++) {
		struct sigaction old;

		/* An ignored HUP stays ignored, here and in the children
		 * (`nohup respawn ...`): exec keeps SIG_IGN.  Not INT and
		 * QUIT, which a shell ignores for every background job. */
		if (*sigs == SIGHUP && !sigaction(SIGHUP, NULL, &old) &&
		    old.sa_handler == SIG_IGN)
			continue;
		sigaddset(&set, *sigs);
		sigaction(*sigs, &sa, NULL);
	}
	handled = set;
	sigprocmask(SIG_BLOCK, &set, &orig_mask);
}

unsigned long sv_wait(struct sv *s, struct pollfd *fds, int nfds)
{
	long long next = s->until ? s->until : LLONG_MAX, now;
	struct timespec ts, *tp = NULL;
	unsigned long got;
	unsigned i;

	for (i = 0; i < s->n; i++) {
		struct sv_entry *e = SV_AT(s, i);

		if ((e->state == SV_STOP || (e->state == SV_DUE && !s->paused)) &&
		    e->at < next)
			next = e->at;
	}
	if (next != LLONG_MAX) {
		now = hb_now_ms();
		next = next > now ? next - now : 0;
		ts.tv_sec = next / 1000;
		ts.tv_nsec = next % 1000 * 1000000;
		tp = &ts;
	}
	if (ppoll(fds, nfds, tp, &orig_mask) < 0 && errno != EINTR)
		hb_warn("ppoll: %m");
	got = caught;
	caught = 0;
	return got;
}

static void exited(struct sv *s, struct sv_entry *e, int status)
{
	long long now = hb_now_ms();

	e->pid = 0;
	e->status = status;
	if (e->state == SV_RUN && e->respawn) {
		if (now - e->started >= e->c.healthy_ms)
			sv_healthy(e);
		e->state = SV_DUE;
		e->at = now + e->delay;
		e->delay = !e->delay ? e->c.min_ms :
			   e->delay >= e->c.max_ms / 2 ? e->c.max_ms : e->delay * 2;
		e->restarts++;
	} else {
		e->state = SV_OFF;
	}
	if (s->event)
		s->event(e, SV_EV_EXIT);
}

int sv_reap(struct sv *s)
{
	int pid, status;
	unsigned i;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
		for (i = 0; i < s->n; i++) {
			struct sv_entry *e = SV_AT(s, i);

			if (e->pid == pid && e->state >= SV_RUN) {
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

int sv_start(struct sv *s, struct sv_entry *e)
{
	long long now = hb_now_ms();
	int pid;

	if (now - e->win > e->c.window_ms) {
		e->win = now;
		e->nstarts = 0;
	}
	if (e->c.starts && e->nstarts >= e->c.starts) {
		e->nstarts = 0;
		e->win = now + e->c.park_ms;
		e->at = e->win;
		e->state = SV_DUE;
		e->parked = 1;
		if (s->event)
			s->event(e, SV_EV_PARK);
		return 0;
	}
	e->nstarts++;
	e->parked = 0;
	e->started = now;
	e->state = SV_RUN;
	/* _Fork: no atfork handlers or locks to take in a single-threaded
	 * supervisor, and 2 KB less of musl than fork(). */
	pid = _Fork();
	if (pid < 0) {
		hb_warn("fork: %m");
		/* As a start that failed at once: backoff, not a storm. */
		exited(s, e, 127 << 8);
		return 0;
	}
	if (!pid) {
		/* Default actions before the child may block (askfirst reads
		 * its tty); what was ignored stays ignored. */
		int sig;

		for (sig = 1; sig < 32; sig++)
			if (sigismember(&handled, sig))
				hb_signal(sig, SIG_DFL);
		if (s->session)
			setsid();
		else
			setpgid(0, 0);
		sigprocmask(SIG_SETMASK, &orig_mask, NULL);
		s->child(e);
		_exit(127);
	}
	e->pid = pid;
	return pid;
}

void sv_kill(struct sv_entry *e, int sig)
{
	if (e->pid > 0 && kill(-e->pid, sig) && errno == ESRCH)
		kill(e->pid, sig);
}

int sv_stop(struct sv_entry *e, int sig)
{
	if (e->state == SV_RUN) {
		sig = sig ? sig : e->c.stop_sig;
		sv_kill(e, sig);
		/* A stopped group would never act on TERM. */
		if (sig != SIGKILL)
			sv_kill(e, SIGCONT);
		e->state = SV_STOP;
		e->at = hb_now_ms() + e->c.stop_ms;
	} else if (e->state == SV_DUE) {
		e->state = SV_OFF;
	}
	return e->state == SV_STOP;
}

void sv_run(struct sv *s)
{
	long long now = hb_now_ms();
	unsigned i;

	for (i = 0; i < s->n; i++) {
		struct sv_entry *e = SV_AT(s, i);

		if (e->at > now)
			continue;
		if (e->state == SV_DUE && !s->paused) {
			sv_start(s, e);
		} else if (e->state == SV_STOP) {
			sv_kill(e, SIGKILL);
			e->at = LLONG_MAX;
		}
	}
}

int sv_lines(const char *file, int (*fn)(char *, int, void *), void *arg)
{
	char buf[512], *nl;
	size_t len = 0;
	ssize_t r;
	int fd = hb_open(file, O_RDONLY | O_CLOEXEC, 0), nr = 0, skip = 0, ret = 0;

	if (fd < 0)
		return -1;
	do {
		r = read(fd, buf + len, sizeof(buf) - 1 - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r > 0)
			len += r;
		else if (len)
			buf[len++] = '\n';	/* a last line without newline */
		while (!ret && (nl = memchr(buf, '\n', len))) {
			*nl = 0;
			nr++;
			if (!skip)
				ret = fn(buf, nr, arg);
			skip = 0;
			len -= nl + 1 - buf;
			memmove(buf, nl + 1, len);
		}
		if (len >= sizeof(buf) - 1) {
			if (!skip && !ret)
				ret = fn(NULL, nr + 1, arg);
			skip = 1;
			len = 0;
		}
	} while (r && !ret);
	hb_close(fd);
	return r < 0 ? -1 : ret;
}

int sv_fields(char *line, char **f, int n)
{
	int i;

	for (f[0] = line, i = 1; i < n; i++) {
		f[i] = strchr(f[i - 1], ':');
		if (!f[i])
			break;
		*f[i]++ = 0;
	}
	return i;
}
