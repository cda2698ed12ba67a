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
enum { SV_EV_EXIT, SV_EV_PARK };		/* sv.event() */

/* Durations in milliseconds. */
struct sv_conf {
	unsigned min_ms;	/* second restart's delay; doubles from there */
	unsigned max_ms;	/* ceiling of the delay */
	unsigned healthy_ms;	/* a run this long resets the backoff */
	unsigned window_ms;	/* crash loop: `starts` starts within this */
	unsigned park_ms;	/* ... park the entry this long */
	unsigned stop_ms;	/* stop signal, then KILL after this */
	unsigned short starts;	/* 0: no crash-loop limit */
	unsigned char stop_sig;
};
#define SV_CONF_DEFAULT { 250, 60000, 10000, 120000, 300000, 5000, 10, SIGTERM }

struct sv_entry {
	struct sv_conf c;
	int pid;		/* running child (its process group too) */
	int status;		/* last wait status */
	unsigned char state;
	unsigned char respawn;	/* schedule a restart when it exits */
	unsigned char parked;
	unsigned delay;		/* gap before the next restart */
	unsigned nstarts;	/* starts in the current crash window */
	unsigned restarts;
	long long at;		/* SV_DUE: start time; SV_STOP: KILL time */
	long long started, win;
};

struct sv {
	void *tab;		/* n entries, stride bytes apart */
	unsigned n, stride;
	unsigned char paused;	/* no starts while set (init's TSTP) */
	unsigned char session;	/* children call setsid(), else setpgid() */
	long long until;	/* an extra wake-up time for sv_wait (0: none) */
	/* In the child, with the original signal mask: set up and exec;
	 * must not return. */
	void (*child)(struct sv_entry *);
	/* After a reap (state already rescheduled; may be changed) or a park. */
	void (*event)(struct sv_entry *, int ev);
};

#define SV_AT(s, i) ((struct sv_entry *)((char *)(s)->tab + (size_t)(i) * (s)->stride))

/* Catch sigs (0-terminated; not HUP when it is ignored) and SIGCHLD;
 * they stay blocked outside sv_wait. */
void sv_signals(const unsigned char *sigs);
/* Sleep until a signal, an fd event or the next deadline; the caught
 * signals as a bit mask (1UL << sig). */
unsigned long sv_wait(struct sv *s, struct pollfd *fds, int nfds);
/* Reap every exited child (orphans too); 1 when there are no children. */
int sv_reap(struct sv *s);
/* Start the entries that are due, KILL the stops that timed out. */
void sv_run(struct sv *s);
/* Start e now (subject to the crash-loop limit); its pid or 0. */
int sv_start(struct sv *s, struct sv_entry *e);
/* Stop e: sig (0: its stop signal) to its group, KILL after its timeout.
 * 1 while a process is left to reap. */
int sv_stop(struct sv_entry *e, int sig);
/* Signal e's process group (the process alone while it has none yet). */
void sv_kill(struct sv_entry *e, int sig);
/* The child said it is ready or up long enough: forget past crashes. */
void sv_healthy(struct sv_entry *e);


/* Text files without stdio, for inittab and /etc/passwd.  Each line of
 * file, NUL-terminated without its newline, goes to fn(line, number, arg)
 * (line NULL when longer than 511 bytes) until fn returns non-zero: that
 * value, 0 at the end, -1 when the file cannot be opened or read. */
int sv_lines(const char *file, int (*fn)(char *, int, void *), void *arg);
/* Cut line at its first n-1 colons into f[0..n-1]; how many fields. */
int sv_fields(char *line, char **f, int n);

#endif
