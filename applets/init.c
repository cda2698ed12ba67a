/* SPDX-License-Identifier: 0BSD */
/* init: a tiny PID 1 reading a BusyBox-format inittab.
 *
 * Every inittab line is an entry of the supervision engine
 * (libcore/supervise.c), so respawn lines get per-entry exponential backoff
 * and crash-loop parking instead of BusyBox's shared one-second sleep, and
 * init sleeps in the kernel with no timeout while nothing is due.  The
 * table is fixed: an inittab is parsed into it at start and on SIGHUP, and
 * nothing is allocated after that.  Commands are split into argv only in
 * the child, so the table holds just the line's text.
 *
 * A reload reads the inittab twice: the first pass marks the lines that
 * stay, the removed ones are stopped, the second pass adds the new lines.
 * A new line that finds every slot taken while stopped lines still hold
 * some waits for them: the inittab is read again (quietly) whenever one is
 * reaped, so the file itself is the only copy of what waits.  A new line
 * for a terminal starts only once that terminal's previous owner is
 * reaped, so that it gets the terminal as its controlling tty.
 *
 * Extensions that BusyBox's parser skips over (it ignores the runlevels
 * field and comment lines):
 *   ttyS0:min=0.5,max=30:respawn:/sbin/getty ...   per-line backoff
 *   #hupbox: max=120 park=600 grace=5              defaults for later lines
 */
//config:config INIT
//config:	bool "init"
//config:	default y
//config:	help
//config:	  A tiny PID 1 reading a BusyBox-format /etc/inittab, with
//config:	  per-entry exponential backoff for respawn lines, crash-loop
//config:	  parking and no wake-ups while idle.
//applet:APPLET(init, "sbin")
//kbuild:obj-$(CONFIG_INIT) += applets/init.o libcore/supervise.o libcore/lines.o libcore/syslog.o

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/syslog.h>
#include <linux/major.h>
#include <linux/reboot.h>
#include <linux/vt.h>
#include "hb.h"
#include "supervise.h"
#include "lines.h"

#define INIT_OPTIONS(X) \
	X(INITTAB, 'f', "", "INITTAB", "read INITTAB", "$HUPBOX_INITTAB, /etc/inittab") \
	HB_HELP_VERSION(X)
HB_OPTIONS(init_options, INIT_OPTIONS,
"Usage: init [-f INITTAB]\n"
"PID 1 running a BusyBox-format inittab (as PID 1, -f only).\n",
"\nLines: id:runlevels:action:command, action:\n"
"sysinit wait once respawn askfirst ctrlaltdel shutdown restart\n"
"HUP reload, USR1/PWR halt, USR2 poweroff, TERM reboot, QUIT restart,\n"
"INT ctrlaltdel, TSTP/CONT pause/resume.  Backoff: k=v,... in runlevels or\n"
"'#hupbox: k=v ...' (later lines), k:\n"
"min max healthy window park stop starts sig grace\n");

#define MAXE 32		/* inittab lines in the table (docs/init.md) */
#define TEXT(n) TEXT_(n)	/* a number in a message's text */
#define TEXT_(n) #n
#define ID_MAX 32	/* the id field and its NUL */
#define CMD_MAX 256	/* the command field and its NUL */

/* What an action does */
#define RESTARTS 1	/* started again whenever it exits */
#define WAITED 2	/* run() waits for each line to end before the next */
#define ASKS 4		/* "Please press Enter", the tty as controlling tty */
/* The actions, one table: X(constant, word, what it does), in boot order
 * (sysinit, wait, once, then the respawn and askfirst lines).  0 is no
 * action: a free slot (and a missing field). */
#define ACTIONS(X) \
	X(A_SYSINIT, "sysinit", WAITED) \
	X(A_WAIT, "wait", WAITED) \
	X(A_ONCE, "once", 0) \
	X(A_RESPAWN, "respawn", RESTARTS) \
	X(A_ASKFIRST, "askfirst", RESTARTS | ASKS) \
	X(A_CTRLALTDEL, "ctrlaltdel", WAITED) \
	X(A_SHUTDOWN, "shutdown", WAITED) \
	X(A_RESTART, "restart", 0)	/* exec'd by init itself on QUIT */
#define ACTION_ID(id, word, what) id,
#define ACTION_WORD(id, word, what) "\0" word
#define ACTION_DOES(id, word, what) what,
enum { A_NONE, ACTIONS(ACTION_ID) A_END };
/* as hb_word() reads a list: an empty word for 0, then the table's */
static const char action_names[] = ACTIONS(ACTION_WORD);
static const unsigned char does[A_END] = { 0, ACTIONS(ACTION_DOES) };

/* The k=v options, one table: the engine's settings (sv_opt: SV_MIN to
 * SV_SIG, each at its constant's place, checked below) and init's own. */
#define KEYS(X) \
	X(SV_MIN, "min") X(SV_MAX, "max") X(SV_HEALTHY, "healthy") \
	X(SV_WINDOW, "window") X(SV_PARK, "park") X(SV_STOPMS, "stop") \
	X(SV_STARTS, "starts") X(SV_SIG, "sig") X(K_GRACE, "grace")
#define KEY_PLACE(id, word) KEY_##id,
#define KEY_WORD(id, word) word "\0"
#define KEY_CHECK(id, word) _Static_assert((int)KEY_##id == (int)id, "KEYS in the SV_ order");
enum { K_GRACE = SV_SIG + 1, K_END };
enum { KEYS(KEY_PLACE) };
KEYS(KEY_CHECK)
static const char keys[] = KEYS(KEY_WORD);

struct ient {
	struct sv_entry e;
	unsigned char action;	/* 0: a free slot */
	unsigned char keep;	/* in the inittab being read */
	unsigned char dying;	/* removed by a reload, waiting to be reaped */
	char id[ID_MAX];
	char cmd[CMD_MAX];
};

static void note(const char *fmt, ...);
static int exec_entry(struct sv_entry *e);
static void event(struct sv_entry *e);

/* Slots are used from the first, and every loop (the engine's too) stops
 * at s.n, the slots used so far: the rest of the table is never read or
 * written, so it costs no memory (a page is allocated on its first read
 * where the kernel maps no zero page). */
static struct ient tab[MAXE] HB_HOT_END, *tab_end = tab;	/* s.n = tab_end - tab */
static struct sv s = {
	.tab = tab, .stride = sizeof(*tab), .session = 1,
	.child = exec_entry, .event = event, .say = note
};
static unsigned long pending HB_HOT;	/* signals seen while waiting for sysinit */
static unsigned grace_ms = 3000;
static int pid1 HB_HOT, booted HB_HOT;
/* PID 1 of the initial PID namespace, the only init that writes the
 * kernel log: see main. */
static int host HB_HOT;
static int kmsg = -1;
/* init's own descriptor for its messages: O_NONBLOCK, see quiet_console() */
static int msgfd = 2;
static unsigned lost HB_HOT;		/* messages the console did not take */
/* The pass of parse() under way */
static unsigned char adding HB_HOT;	/* new lines take free slots (else: mark) */
static unsigned char silent HB_HOT;	/* bad lines were reported by an earlier pass */
static unsigned char waiting HB_HOT;	/* a new line waits for a dying entry's slot */
static unsigned char freed HB_HOT;	/* a dying entry was reaped */
static const char *inittab HB_HOT;
/* inittab as messages show it: its end when too long for one line */
static const char *tabname HB_HOT;
#define NAME_SHOWN 200

static void note(const char *fmt, ...)
{
	/* Syslog's form, as BusyBox's FEATURE_INIT_SYSLOG: daemon.info,
	 * "init", no pid; the console gets "init: TEXT", /dev/kmsg
	 * "<6>init: TEXT", each with a newline, written from buf: through
	 * hb_dprintf() its buffer would be more of PID 1's stack for good
	 * (docs/HACKING.md, memory). */
	static const char pri[] = "<30>init: ";
	char buf[480];
	size_t n;
	va_list ap;

	_Static_assert((LOG_DAEMON | LOG_INFO) == 30, "pri is daemon.info");
	memcpy(buf, pri, sizeof(pri) - 1);
	va_start(ap, fmt);
	hb_vfmt(buf + sizeof(pri) - 1, sizeof(buf) - sizeof(pri) + 1, fmt, ap);
	va_end(ap);
	/* dropped until a syslog daemon has made /dev/log */
	hb_syslog(buf);
	n = strlen(buf);
	buf[n++] = '\n';	/* in the NUL's place */
	if (lost && hb_dprintf(msgfd, "init: %u messages lost (console blocked)\n", lost) > 0)
		lost = 0;
	if (hb_write_all(msgfd, buf + 4, n - 4) < 0)
		lost++;
	if (kmsg >= 0) {
		memcpy(buf + 1, "<6>", 3);
		hb_write_all(kmsg, buf + 1, n - 1);
	}
}

/* NAME opened for init's messages: never blocking (quiet_console()),
 * never becoming the controlling tty, closed in the children. */
static int __attribute__((noinline)) open_quiet(const char *name)
{
	return hb_open(name, O_WRONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC, 0);
}

/* /dev/kmsg may appear only once sysinit has mounted devtmpfs. */
static void open_kmsg(void)
{
	if (host && kmsg < 0)
		kmsg = open_quiet("/dev/kmsg");
}

/* A console held by flow control (XOFF, no CTS) or a pipe nobody reads
 * must never stop PID 1: its messages go through a descriptor of its own
 * with O_NONBLOCK, and what cannot be written is dropped and counted.
 * Not fd 2 itself: the children share its file description, and a shell
 * on the console must keep blocking reads.  A regular file never blocks
 * and keeps fd 2 (and its shared offset). */
static void quiet_console(void)
{
	struct stat st;
	int fd;

	if (hb_fstatat(2, "", &st, AT_EMPTY_PATH) || S_ISREG(st.st_mode))
		return;
	fd = open_quiet("/proc/self/fd/2");
	/* at boot, before /proc is mounted */
	if (fd < 0 && st.st_rdev == makedev(TTYAUX_MAJOR, 1))
		fd = open_quiet("/dev/console");
	if (fd >= 0)
		msgfd = fd;
}

static void bad(int line, const char *what, const char *arg)
{
	if (!silent)
		note(arg ? "%s:%d: %s '%s'" : "%s:%d: %s", tabname, line, what, arg);
}

/* Apply "key=value" options separated by sep; words without '=' (runlevel
 * digits) are ignored. */
static void options(char *p, const char *sep, struct sv_conf *c, int line)
{
	char *kv, *v;

	while ((kv = sv_sep(&p, sep))) {
		unsigned ms;
		int k;

		v = strchr(kv, '=');
		if (!v)
			continue;
		*v = 0;
		k = hb_word(keys, K_END, kv);
		*v++ = '=';
		if (k == K_GRACE && (ms = sv_ms(v)) != -1U)
			grace_ms = ms;
		else if (k < 0 || k == K_GRACE || sv_opt(c, k, v))
			bad(line, "bad option", kv);
	}
}

static int has_meta(const char *cmd)
{
	for (; *cmd; cmd++)
		if (strchr("~`!$^&*()=|\\{}[];\"'<>?", *cmd))
			return 1;
	return 0;
}

/* The line's entry: the same line in the table, else (when adding) a
 * free slot. */
static void add(int action, const char *id, const char *cmd,
		const struct sv_conf *c, int line)
{
	struct ient *t, *slot = NULL;
	int i, live = 0;

	for (t = tab; t < tab_end; t++) {
		if (!t->action) {
			if (!slot)
				slot = t;
			continue;
		}
		live += !t->dying;
		if (t->action == action && !t->keep && !t->dying &&
		    !strcmp(t->id, id) && !strcmp(t->cmd, cmd)) {
			slot = t;
			goto conf;
		}
	}
	if (!adding)
		return;
	if (!slot && tab_end < tab + MAXE) {
		slot = tab_end++;
		s.n++;
	}
	if (!slot) {
		/* Dying entries give their slots back when reaped. */
		if (live < MAXE)
			waiting = 1;
		else
			bad(line, "more than " TEXT(MAXE) " lines, line skipped", NULL);
		return;
	}
	memset(slot, 0, sizeof(*slot));
	slot->action = action;
	slot->e.name = slot->cmd;
	slot->e.respawn = does[action] & RESTARTS;
	/* Lengths checked by parse_line(); no strcpy (nor musl's stpcpy) to pull
	 * into an init-only build. */
	for (i = 0; (slot->id[i] = id[i]); i++)
		;
	for (i = 0; (slot->cmd[i] = cmd[i]); i++)
		;
conf:
	slot->keep = 1;
	slot->e.c = *c;
	if (!slot->e.respawn)
		slot->e.c.starts = 0;	/* ctrlaltdel may be pressed often */
}

static int parse_line(char *p, int line, void *def)
{
	char *f[4], *w, *hash;
	struct sv_conf c;
	int a;

	if (!p)
		goto toolong;
	p = hb_blanks(p);
	w = hb_prefix(p, "#hupbox:");
	/* As BusyBox: a '#' anywhere ends the line ("... vt100 # GENERIC_SERIAL") */
	if ((hash = strchr(w ? w : p, '#')))
		*hash = 0;
	if (w) {
		options(w, " \t,", def, line);
		return 0;
	}
	if (!*p)
		return 0;
	if (sv_fields(p, f, 4) < 4 || !*(f[3] = hb_blanks(f[3]))) {
		bad(line, "missing fields", NULL);
		return 0;
	}
	a = hb_word(action_names, A_END, f[2]);
	if (a <= 0) {
		bad(line, "unknown action", f[2]);
		return 0;
	}
	if (strlen(f[0]) >= sizeof(tab->id) || strlen(f[3]) >= sizeof(tab->cmd)) {
toolong:
		bad(line, "line too long", NULL);
		return 0;
	}
	c = *(struct sv_conf *)def;
	options(f[1], ",", &c, line);
	/* Reported but kept: the program may live on a file system that a
	 * sysinit line mounts; the backoff throttles it meanwhile. */
	w = f[3] + (*f[3] == '-');
	if (line && !silent && *w == '/' && !has_meta(w)) {
		char *end = w, save;

		while (*end && *end != ' ' && *end != '\t')
			end++;
		save = *end;
		*end = 0;	/* the program alone, for a moment */
		if (access(w, X_OK))
			note("%s:%d: '%s': %m", tabname, line, w);
		*end = save;
	}
	add(a, f[0], f[3], &c, line);
	return 0;
}

/* One pass over the inittab, as adding and silent say (ADD, QUIET for
 * the pass); 0, or -1 with errno, or SV_NOT_FILE. */
static int parse(int add, int quiet)
{
	struct sv_conf def = sv_conf0;
	struct ient *t;
	int r;

	adding = add;
	silent = quiet;
	for (t = tab; t < tab_end; t++)
		t->keep = 0;
	r = sv_lines(inittab, parse_line, &def);
	silent = 0;
	return r;
}

/* Why parse() failed (R), and what init does THEN. */
static void unreadable(int r, const char *then)
{
	note(r == SV_NOT_FILE ? "%s: not a regular file; %s" : "%s: %m; %s",
	     tabname, then);
}

/* BusyBox's table when there is no inittab; askfirst on tty2-4 only
 * where they exist. */
static void defaults(void)
{
	static const char d[] =
		"::sysinit:/etc/init.d/rcS\0::askfirst:-/bin/sh\0tty2\0tty3\0tty4\0"
		"::ctrlaltdel:reboot\0::shutdown:umount -a -r\0"
		"::shutdown:swapoff -a\0::restart:init\0";
	const char *p;
	char buf[32];

	for (p = d; *p; ) {
		hb_fmt(buf, sizeof(buf), "/dev/%s", p);
		if (*p == ':' || !access(buf, F_OK)) {
			hb_fmt(buf, sizeof(buf), *p == ':' ? "%s" : "%s::askfirst:-/bin/sh", p);
			/* No '#hupbox:' line here: sv_conf0 is only read. */
			parse_line(buf, 0, (void *)&sv_conf0);
		}
		while (*p++)
			;
	}
}

/* In the child (or in init itself for `restart`): stdio on the entry's
 * tty, then exec, through sh when the command needs a shell.  Returns an
 * exit code when that fails. */
static int exec_entry(struct sv_entry *e)
{
	struct ient *t = (struct ient *)e;
	/* "exec " and the command; every other byte an argument at most */
	char buf[CMD_MAX + 8], *argv[CMD_MAX / 2 + 2], *p = buf, *path = buf;
	const char *what = "open";
	unsigned i = 0;
	int fd, dash = t->cmd[0] == '-', code = 1;

	if (t->id[0]) {
		hb_fmt(buf, sizeof(buf), "/dev/%s" + (t->id[0] == '/' ? 5 : 0), t->id);
		/* Without O_NOCTTY, as BusyBox: the tty becomes the controlling
		 * terminal of the new session (job control, ^C), unless it is
		 * already another session's. */
		fd = hb_open(buf, O_RDWR, 0);
		if (fd < 0 || sv_dup(fd, 0))
			goto fail;
		if (fd > 2)
			close(fd);
	}
	if (dash || does[t->action] & ASKS)
		hb_ioctl(0, TIOCSCTTY, 0);
	if (does[t->action] & ASKS) {
		char c;

		hb_dprintf(1, "\nPlease press Enter to activate this console. ");
		/* As BusyBox: Enter, end of file (^D) or an error runs the
		 * command.  No EINTR: the child has no handlers (sv_unblock). */
		while (read(0, &c, 1) == 1 && c != '\n')
			;
	}
	if (has_meta(t->cmd)) {
		/* argv[0] as BusyBox's: "/bin/sh", "-/bin/sh" for a login shell */
		path = "-/bin/sh" + 1;
		argv[i++] = path - dash;
		argv[i++] = "-c";
		argv[i++] = buf;
		argv[i] = NULL;
		hb_fmt(buf, sizeof(buf), "exec %s", t->cmd + dash);
	} else {
		memcpy(buf, t->cmd, sizeof(t->cmd));
		/* argv ends in the NULL that ends the loop */
		while ((argv[i] = sv_sep(&p, " \t")))
			if (*argv[i])
				i++;
		path = argv[0] + (argv[0][0] == '-');
	}
	hb_execvp(path, argv);
	what = "run";
	/* The code first: 126/127 must not depend on the console working. */
	code = hb_exec_code(errno);
fail:
	note("can't %s '%s': %m", what, path);
	return code;
}

static void event(struct sv_entry *e)
{
	struct ient *t = (struct ient *)e;

	if (t->dying && e->state == SV_OFF) {
		t->action = t->dying = 0;
		freed = 1;
	} else if (e->state == SV_DUE && booted) {
		char gap[HB_DURATION];

		/* the delay the engine chose, not what is left of it */
		note(sv_exited, t->cmd, hb_wait_code(e->status), "restart in ",
		     hb_duration(gap, e->gap));
	}
}

/* Wait for the signals and the reaping that come first. */
static void wait_once(void)
{
	pending |= sv_step(&s, NULL, 0) & ~(1UL << SIGCHLD);
	sv_reap(&s);
}

/* Start every entry of this action: one at a time, each waited for to its
 * end, but for the once lines. */
static void run(int action)
{
	struct ient *t;

	for (t = tab; t < tab_end; t++) {
		/* a dying entry is never SV_OFF: event() frees it then */
		if (t->action != action || t->e.state != SV_OFF)
			continue;
		if (sv_start(&s, &t->e) && does[action] & WAITED)
			while (t->e.state != SV_OFF)
				wait_once();
	}
}

/* t's terminal as its id names it, without the "/dev/" it may have */
static const char *__attribute__((noinline)) tty_of(const struct ient *t)
{
	return t->id + (hb_prefix(t->id, "/dev/") ? 5 : 0);
}

/* A stopping entry still holds t's terminal (its session may keep it
 * as controlling tty until its leader is reaped). */
static int tty_busy(const struct ient *t)
{
	const struct ient *u;
	const char *id = tty_of(t);

	for (u = tab; *id && u < tab_end; u++)
		if (u->dying && !strcmp(tty_of(u), id))
			return 1;
	return 0;
}

/* Respawn lines not yet supervised (new ones after boot or a reload). */
static void arm(void)
{
	struct ient *t;

	for (t = tab; t < tab_end; t++)
		/* a free slot's respawn is 0 (reload and add see to it) */
		if (t->e.respawn && t->e.state == SV_OFF && !tty_busy(t)) {
			t->e.state = SV_DUE;
			t->e.at = 0;
		}
}

/* Stop the entries that the last pass did not find in the inittab. */
static void sweep(void)
{
	struct ient *t;

	for (t = tab; t < tab_end; t++) {
		if (!t->action || t->keep || t->dying)
			continue;
		t->e.respawn = 0;
		if (sv_stop(&t->e))
			t->dying = 1;
		else
			t->action = 0;
	}
}

/* Mark, stop what was removed, add; each pass may find the file gone. */
static void reload(void)
{
	int r = parse(0, 1);

	if (!r) {
		sweep();
		waiting = 0;
		r = parse(1, 0);
	}
	if (r) {
		unreadable(r, "keeping the current table");
		return;
	}
	sweep();
	/* Before the boot is through, the respawn lines wait for it. */
	if (booted)
		arm();
	note("reloaded %s", tabname);
}

/* A dying entry was reaped: its slot may serve a line that waits, its
 * terminal a new line. */
static void refill(void)
{
	freed = 0;
	if (waiting) {
		waiting = 0;
		parse(1, 1);
	}
	if (booted)
		arm();
}

/* Reap until no child is left or ms have passed. */
static void drain(unsigned ms)
{
	sv_until = hb_now_ms() + ms;
	while (!sv_reap(&s) && hb_now_ms() < sv_until)
		wait_once();
	sv_until = 0;
}

static void kill_all(int sig)
{
	struct ient *t;

	if (pid1) {
		kill(-1, sig);
	} else {
		for (t = tab; t < tab_end; t++)
			sv_kill(&t->e, sig);
	}
	if (sig != SIGCONT)
		note("sent SIG%s to all processes", sig == SIGKILL ? "KILL" : "TERM");
}

/* Shutdown lines, then TERM, grace, KILL, sync: BusyBox's order. */
static void stop_all(void)
{
	struct ient *t;

	for (t = tab; t < tab_end; t++) {
		t->e.respawn = 0;
		if (t->e.state == SV_DUE)
			t->e.state = SV_OFF;
	}
	run(A_SHUTDOWN);
	kill_all(SIGTERM);
	kill_all(SIGCONT);
	drain(grace_ms);
	kill_all(SIGKILL);
	drain(1000);
	syscall(SYS_sync);	/* musl's sync() is just this */
}

#define INIT_SIGNALS (SV_BIT(SIGHUP) | SV_BIT(SIGUSR1) | SV_BIT(SIGUSR2) | \
	SV_BIT(SIGTERM) | SV_BIT(SIGPWR) | SV_BIT(SIGQUIT) | SV_BIT(SIGINT) | \
	SV_BIT(SIGTSTP) | SV_BIT(SIGCONT))

enum { HALT, POWEROFF, REBOOT };
static const char what[][9] = { [HALT] = "halt", [POWEROFF] = "poweroff",
				[REBOOT] = "reboot" };

/* reboot(2) with CMD: the system call itself, as nothing else needs
 * musl's reboot(); 0, or -1 with errno. */
static long __attribute__((noinline)) sys_reboot(int cmd)
{
	return syscall(SYS_reboot, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2, cmd);
}

/* The machine halted, powered off or rebooted (HOW), everything already
 * stopped. */
static void __attribute__((noreturn)) low_reboot(unsigned how)
{
	static const int cmd[] = { [HALT] = RB_HALT_SYSTEM, [POWEROFF] = RB_POWER_OFF,
				   [REBOOT] = RB_AUTOBOOT };
	/* two longs: the old nanosleep's timespec on 32-bit too */
	static const long ten_ms[2] = { 0, 10000000 };
	int ticks = 100, queued;	/* 1 s of ten_ms */

	note("requesting %s", what[how]);
	if (!pid1)
		exit(0);
	/* What was said must reach a slow serial console before the
	 * machine stops (BusyBox sleeps 1 s for it): until the console's
	 * queue is empty, for 1 s at most, as XOFF or a missing CTS keep
	 * it full for ever (tcdrain() would wait that long). */
	while (ticks-- && !hb_ioctl(2, TIOCOUTQ, (long)&queued) && queued > 0)
		syscall(SYS_nanosleep, ten_ms, NULL);
	sys_reboot(cmd[how]);
	note("%s failed: %m", what[how]);
	for (;;)	/* asleep, reaping (pause() is more code) */
		wait_once();
}

static void go_down(unsigned how)
{
	note("the system is going down: %s", what[how]);
	stop_all();
	low_reboot(how);
}

static void restart(void)
{
	struct ient *t;

	for (t = tab; t < tab_end && t->action != A_RESTART; t++)
		;
	if (t == tab_end)
		return;
	note("restarting: %s", t->cmd);
	stop_all();
	/* As BusyBox: Ctrl-Alt-Del reboots at once again until the new
	 * init says otherwise. */
	if (pid1)
		sys_reboot(RB_ENABLE_CAD);
	sv_unblock();
	exec_entry(&t->e);
	/* As BusyBox: nothing is left running, so halt, with the signals
	 * handled again for the reaping if that fails.  Not go_down(): the
	 * shutdown lines and the kills are done. */
	sv_signals(INIT_SIGNALS);
	low_reboot(HALT);
}

/* Act on the signals seen so far, in BusyBox's order; signals that
 * arrive meanwhile (a ctrlaltdel line running `reboot`) stay pending. */
static void act(void)
{
	/* PWR (a UPS's power failure) halts, as BusyBox */
	static const struct { unsigned char sig, how; } down[] = {
		{ SIGUSR1, HALT }, { SIGUSR2, POWEROFF }, { SIGTERM, REBOOT },
		{ SIGPWR, HALT }
	};
	unsigned long got = pending;
	unsigned c;

	pending = 0;
	if (freed)
		refill();
	if (got & 1UL << SIGHUP)
		reload();
	if (got & 1UL << SIGINT)
		run(A_CTRLALTDEL);
	if (got & 1UL << SIGQUIT)
		restart();
	for (c = 0; c < sizeof(down) / sizeof(*down); c++)
		if (got & 1UL << down[c].sig)
			go_down(down[c].how);
	if (got & 1UL << SIGCONT)
		s.paused = 0;
	if (got & 1UL << SIGTSTP)
		s.paused = 1;
}

/* The kernel starts init with fds 0-2 on /dev/console, or closed when the
 * initramfs lacks it; and with HOME=/ TERM=linux only.  The children get
 * what BusyBox init gives them: PATH, HOME=/, SHELL=/bin/sh, USER=root,
 * and TERM=linux unless set, TERM=vt102 instead of linux when the console
 * is not a VT (a serial line). */
static void setup_console(void)
{
	static const char def[] = "PATH=/sbin:/usr/sbin:/bin:/usr/bin\0"
		"HOME=/\0SHELL=/bin/sh\0USER=root\0TERM=linux\0";
	enum { DEFAULTS = 5, ENV_MAX = 64 };
	/* what init was given, the defaults it lacks, the NULL at the end */
	static char *env[ENV_MAX] HB_HOT;
	extern char **environ;
	const char *d, *v;
	char **e;
	int fd, n, vt;

	sv_stdio("/dev/console");
	vt = !hb_ioctl(0, VT_OPENQRY, (long)&fd);
	for (n = 0; environ[n] && n < ENV_MAX - DEFAULTS - 1; n++)
		env[n] = environ[n];
	/* As BusyBox: PATH, HOME, SHELL and USER replace what init was
	 * given (a container's or a caller's would leak into every line);
	 * TERM is kept, but TERM=linux off a VT.  A default that is missing
	 * goes in the NULL slot at the end (the rest of env is NULL). */
	for (d = def; *d; ) {
		for (e = env; *e && (!(v = hb_prefix(*e, d)) || *v != '='); e++)
			;
		if (!*e || *d != 'T' || !strcmp(*e, d))
			*e = vt || *d != 'T' ? (char *)d : "TERM=vt102";
		while (*d++)
			;
	}
	environ = env;
}

int init_main(int argc, char **argv)
{
	const char *tab = hb_getenv("HUPBOX_INITTAB");
	int c;

	if (!tab || !*tab)
		tab = "/etc/inittab";
	pid1 = getpid() == 1;
	if (pid1) {
		/* Not getopt: PID 1 also gets the kernel's leftover arguments
		 * ("single", "-s", "3"), which must never stop a boot. */
		for (c = 1; c < argc - 1; c++)
			if (!strcmp(argv[c], "-f"))
				tab = argv[c + 1];
	} else {
		/* -f: hb_getopt() answers --help and --version, refuses all else */
		while (hb_getopt(argv, &init_options, 1) != -1)
			tab = hb_optarg;
		if (!hb_getenv("HUPBOX_INIT_ANY_PID"))
			hb_die(1, "must be run as PID 1");
	}
	inittab = tabname = tab;
	if ((c = strlen(tab)) > NAME_SHOWN) {
		static char shown[NAME_SHOWN + 4];

		hb_fmt(shown, sizeof(shown), "...%s", tab + c - NAME_SHOWN);
		tabname = shown;
	}

	setup_console();
	if (syscall(SYS_chdir, "/"))	/* musl's chdir() is just this */
		hb_warn("chdir /: %m");
	setsid();
	quiet_console();
	/* Ctrl-Alt-Del sends us SIGINT.  It also tells where init runs:
	 * as PID 1 of any other PID namespace (a container) the kernel
	 * refuses it, EINVAL (reboot_pid_ns() takes only restart, halt and
	 * power off there), or EPERM without CAP_SYS_BOOT; there /dev/kmsg
	 * is the host's kernel log, not init's to write.  No /proc needed,
	 * nothing to compare, no extra system call. */
	if (pid1)
		host = !sys_reboot(RB_DISABLE_CAD);
	else
		sv_subreaper();
	open_kmsg();
	sv_signals(INIT_SIGNALS);
	note("%s started", hb_name_version);
	if ((c = parse(1, 0))) {
		unreadable(c, "using the built-in defaults");
		defaults();
	}

	/* As BusyBox: signals that came during the sysinit lines are acted
	 * on before the wait lines, those during the wait lines before once. */
	run(A_SYSINIT);
	open_kmsg();
	act();
	run(A_WAIT);
	act();
	run(A_ONCE);
	arm();
	booted = 1;
	/* Signals left pending by act() (a ctrlaltdel line ran meanwhile)
	 * first; a CHLD is only ever caught in sv_step, and reaped after it. */
	for (;;) {
		if (!pending)
			wait_once();
		act();
	}
}
