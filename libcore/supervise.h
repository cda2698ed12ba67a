/* SPDX-License-Identifier: 0BSD */
/* The supervision engine shared by respawn and init.
 *
 * A fixed table of entries, owned by the applet (each entry may be the first
 * member of a bigger applet struct: sv.stride says how big).  The engine
 * forks, reaps, schedules restarts with per-entry exponential backoff, parks
 * crash loops and stops process groups with a signal, a timeout and KILL.
 * It never allocates, and between events it sleeps in ppoll() with no
 * timeout unless a restart or a KILL is due.
 */
#ifndef SUPERVISE_H
#define SUPERVISE_H

#include <poll.h>
#include <signal.h>

enum { SV_OFF, SV_DUE, SV_RUN, SV_STOP };	/* sv_entry.state */
/* sv_conf.ms[] and the settings of sv_opt(), in this order. */
enum { SV_MIN, SV_MAX, SV_HEALTHY, SV_WINDOW, SV_PARK, SV_STOPMS,
       SV_STARTS, SV_SIG };

/* Durations in milliseconds: second restart's delay (doubling from there),
 * its ceiling, a run that resets the backoff, the crash-loop window, how
 * long a crash loop parks, stop signal to KILL.  starts: crash loop after
 * this many starts within the window (0: no limit). */
struct sv_conf {
	unsigned ms[6];
	unsigned starts;
	unsigned char stop_sig;
};
/* The defaults: 0.25 s, 60 s, 10 s, 120 s, 300 s, 5 s, 10 starts, TERM. */
extern const struct sv_conf sv_conf0;

/* init keeps MAXE of them.  The counts are full words: 16-bit
 * ones cost operand-size prefixes on x86_64. */
struct sv_entry {
	struct sv_conf c;
	unsigned char state;
	unsigned char respawn;	/* schedule a restart when it exits */
	unsigned nstarts;	/* starts in the current crash window */
	int pid;		/* running child (its process group too) */
	int status;		/* last wait status */
	unsigned delay;		/* gap before the next restart */
	unsigned gap;		/* the gap before the restart just scheduled */
	unsigned restarts;
	const char *name;	/* for the crash-loop message */
	long long at;		/* SV_DUE: start time; SV_STOP: KILL time */
	long long started, win;
};

struct sv {
	void *tab;		/* n entries, stride bytes apart */
	unsigned short n, stride;
	unsigned char paused;	/* no starts while set (init's TSTP) */
	unsigned char session;	/* children call setsid(), else setpgid() */
	/* In the child, with the original signal mask: set up and exec;
	 * returns the exit code. */
	int (*child)(struct sv_entry *);
	/* After a start (state SV_RUN) and after a reap (state already
	 * rescheduled; may be changed). */
	void (*event)(struct sv_entry *);
	void (*say)(const char *, ...);
};

/* The engine's own state, at the start of a page (see supervise.c). */
struct sv_hot {
	long long until;
	volatile unsigned long caught;	/* by the handlers, without signalfd */
	/* Signal n is bit n - 1 of a sigset_t's first word, the kernel's
	 * layout, which musl and glibc keep: no sigaddset() and kin (more
	 * of musl) to set or test one. */
	union {
		sigset_t set;
		unsigned long w;
	} orig, wait, handled;
};
extern struct sv_hot sv_hot;
/* An extra wake-up time for sv_step (0: none).  Not in struct sv, which
 * is initialised data: more of the file for each applet. */
#define sv_until sv_hot.until

/* "'CMD' exited (status N): " and two strings ("restart in ", a
 * duration): respawn's and init's words for an exit. */
extern const char sv_exited[];

#define SV_AT(s, i) ((struct sv_entry *)((char *)(s)->tab + (size_t)(i) * (s)->stride))

/* Seconds with a fraction as milliseconds; -1U when invalid. */
unsigned sv_ms(const char *v);
/* Set setting i (SV_MIN...SV_SIG) of c from text; -1 when invalid. */
int sv_opt(struct sv_conf *c, unsigned i, const char *v);

/* Watch the signals in mask (1UL << sig; not HUP when it is ignored) and
 * SIGCHLD: blocked for good and read from a signalfd in sv_step (without
 * one, a kernel built without it: caught by handlers that run only
 * inside sv_step's ppoll()).  PIPE too, never reported (unless it was
 * ignored: then it stays so, the children's too). */
void sv_signals(unsigned long mask);
#define SV_BIT(sig) (1UL << (sig))
/* DEV (else /dev/null) on each of fds 0-2 that is closed: a file or pipe
 * opened later must not land there and be clobbered by a child's dup2().
 * -1 (errno set) when one stays closed. */
int sv_stdio(const char *dev);
/* Orphans of the children are ours to reap, not init's. */
void sv_subreaper(void);
/* One turn of a main loop: start the entries that are due, KILL the
 * stops that timed out, sleep until a signal, an fd event or the next
 * deadline.  fds has room for nfds + 1: the last is the engine's (its
 * signalfd).  The signals seen as a bit mask (1UL << sig); SIGCHLD asks
 * for sv_reap. */
unsigned long sv_step(struct sv *s, struct pollfd *fds, int nfds);
/* Reap every exited child (orphans too); 1 when there are no children. */
int sv_reap(struct sv *s);
/* fork(), for a single-threaded process. */
int sv_fork(void);
/* Start e now (subject to the crash-loop limit); its pid or 0. */
int sv_start(struct sv *s, struct sv_entry *e);
/* Stop e: its stop signal to its group, KILL after its timeout.  1 while
 * a process is left to reap. */
int sv_stop(struct sv_entry *e);
/* Signal e's process group (the process alone while it has none yet). */
void sv_kill(struct sv_entry *e, int sig);
/* The child said it is ready or up long enough: forget past crashes. */
void sv_healthy(struct sv_entry *e);
/* Before an exec: default actions for the watched signals (the
 * child may block before its exec: askfirst reads its tty; what was
 * ignored stays ignored), the original signal mask. */
void sv_unblock(void);
/* Make fd the child's stdin, stdout and stderr (from = 0, 1) or stdout
 * and stderr (from = 1); -1 on failure. */
int sv_dup(int fd, int from);

#endif
