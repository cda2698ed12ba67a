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

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/reboot.h>
#include <sys/syscall.h>
#include <linux/reboot.h>
#include <linux/vt.h>
#include "hb.h"
#include "supervise.h"

#define U1 "Usage: init [-f INITTAB]\n" \
"PID 1 running INITTAB ($HUPBOX_INITTAB, /etc/inittab): id:runlevels:action:cmd\n" \
"action: "
#define ACTIONS "sysinit wait once respawn askfirst ctrlaltdel shutdown restart\n"
#define U2 "HUP reload, USR1/PWR halt, USR2 poweroff, TERM reboot, QUIT restart,\n" \
"INT ctrlaltdel, TSTP/CONT pause/resume.  Backoff: k=v,... in runlevels or\n" \
"'#hupbox: k=v ...' (later lines), k: "
#define KEYS "min max healthy window park stop starts sig grace\n"
const char init_usage[] = U1 ACTIONS U2 KEYS;
/* Word lists shared with the usage text. */
#define ACT (init_usage + sizeof(U1) - 1)
#define KEY (init_usage + sizeof(U1 ACTIONS U2) - 1)

#define MAXE 32
#define LINE 256

enum { A_SYSINIT = 1, A_WAIT, A_ONCE, A_RESPAWN, A_ASKFIRST, A_CTRLALTDEL,
       A_SHUTDOWN, A_RESTART };

struct ient {
	struct sv_entry e;
	unsigned char action;	/* 0: a free slot */
	unsigned char keep;	/* still in the inittab after a reload */
	unsigned char dying;	/* removed by a reload, waiting to be reaped */
	char id[32];
	char cmd[LINE];
};

static void note(const char *fmt, ...);
static int exec_entry(struct sv_entry *e);
static void event(struct sv_entry *e);

static struct ient tab[MAXE];
static struct sv s = {
	.tab = tab, .n = MAXE, .stride = sizeof(*tab), .session = 1,
	.child = exec_entry, .event = event, .say = note
};
static unsigned long pending;	/* signals seen while waiting for sysinit */
static unsigned grace_ms = 3000;
static int pid1, kmsg = -1, booted;
static const char *inittab;

static void note(const char *fmt, ...)
{
	char buf[480];
	va_list ap;

	va_start(ap, fmt);
	hb_vfmt(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	hb_warn("%s", buf);
	if (kmsg >= 0)
		hb_dprintf(kmsg, "<6>init: %s\n", buf);
}

/* /dev/kmsg may appear only once sysinit has mounted devtmpfs. */
static void open_kmsg(void)
{
	if (kmsg < 0)
		kmsg = hb_open("/dev/kmsg", O_WRONLY | O_NOCTTY | O_CLOEXEC, 0);
}

/* 1 + the index of w in a list of words ending in a newline; 0: none.
 * A plain walk: strcspn would be more code in an init-only build. */
static int word(const char *list, const char *w)
{
	const char *p = w;	/* NULL once this word differs from w */
	int i = 1;

	for (;; list++) {
		if (*list != ' ' && *list != '\n') {
			p = p && *p == *list ? p + 1 : NULL;
			continue;
		}
		if (p && !*p)
			return i;
		if (*list == '\n')
			return 0;
		p = w;
		i++;
	}
}

static void bad(int line, const char *what, const char *arg)
{
	note(arg ? "%s:%d: %s '%s'" : "%s:%d: %s", inittab, line, what, arg);
}

/* Apply "key=value" options separated by sep; words without '=' (runlevel
 * digits) are ignored. */
static void options(char *p, const char *sep, struct sv_conf *c, int line)
{
	char *kv, *v;

	while ((kv = sv_sep(&p, sep))) {
		unsigned i, ms;

		v = strchr(kv, '=');
		if (!v)
			continue;
		*v = 0;
		i = word(KEY, kv);
		*v++ = '=';
		if (i == 9 && (ms = sv_ms(v)) != -1U)
			grace_ms = ms;
		else if (!i || i == 9 || sv_opt(c, i - 1, v))
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

static void add(int action, const char *id, const char *cmd,
		const struct sv_conf *c, int line)
{
	struct ient *t, *slot = NULL;
	int i;

	for (t = tab; t < tab + MAXE; t++) {
		if (!t->action) {
			if (!slot)
				slot = t;
		} else if (t->action == action && !t->keep && !t->dying &&
			   !strcmp(t->id, id) && !strcmp(t->cmd, cmd)) {
			slot = t;
			goto conf;
		}
	}
	if (!slot) {
		bad(line, "more than 32 entries, line skipped", NULL);
		return;
	}
	memset(slot, 0, sizeof(*slot));
	slot->action = action;
	slot->e.name = slot->cmd;
	slot->e.respawn = action == A_RESPAWN || action == A_ASKFIRST;
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
	char *f[4], *w;
	struct sv_conf c;
	int a;

	if (!p)
		goto toolong;
	p = hb_blanks(p);
	if ((w = hb_prefix(p, "#hupbox:"))) {
		options(w, " \t,", def, line);
		return 0;
	}
	if (!*p || *p == '#')
		return 0;
	if (sv_fields(p, f, 4) < 4 || !*(f[3] = hb_blanks(f[3]))) {
		bad(line, "missing fields", NULL);
		return 0;
	}
	a = word(ACT, f[2]);
	if (!a) {
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
	if (line && *w == '/' && !has_meta(w)) {
		char *end = w, save;

		while (*end && *end != ' ' && *end != '\t')
			end++;
		save = *end;
		*end = 0;	/* the program alone, for a moment */
		if (access(w, X_OK))
			note("%s:%d: '%s': %m", inittab, line, w);
		*end = save;
	}
	add(a, f[0], f[3], &c, line);
	return 0;
}

static int parse(void)
{
	struct sv_conf def = sv_conf0;

	return sv_lines(inittab, parse_line, &def);
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
	char buf[LINE + 8], *argv[LINE / 2 + 2], *p = buf, *path = buf;
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
	if (dash || t->action == A_ASKFIRST)
		hb_ioctl(0, TIOCSCTTY, 0);
	if (t->action == A_ASKFIRST) {
		char c = 0;

		hb_dprintf(1, "\nPlease press Enter to activate this console. ");
		/* No EINTR: the child has no handlers (sv_unblock), and errno
		 * may hold anything from before the fork. */
		while (c != '\n')
			if (read(0, &c, 1) <= 0)
				return 0;
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
		t->action = 0;
	} else if (e->state == SV_DUE && booted) {
		char gap[HB_DURATION];

		/* the delay the engine chose, not what is left of it */
		note("'%s' exited (status %d): restart in %s", t->cmd,
		     hb_wait_code(e->status), hb_duration(gap, e->gap));
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

	for (t = tab; t < tab + MAXE; t++) {
		/* a dying entry is never SV_OFF: event() frees it then */
		if (t->action != action || t->e.state != SV_OFF)
			continue;
		if (sv_start(&s, &t->e) && action != A_ONCE)
			while (t->e.state != SV_OFF)
				wait_once();
	}
}

/* Respawn lines not yet supervised (new ones after boot or a reload). */
static void arm(void)
{
	struct ient *t;

	for (t = tab; t < tab + MAXE; t++)
		/* a free slot's respawn is 0 (reload and add see to it) */
		if (t->e.respawn && t->e.state == SV_OFF) {
			t->e.state = SV_DUE;
			t->e.at = 0;
		}
}

static void reload(void)
{
	struct ient *t;

	for (t = tab; t < tab + MAXE; t++)
		t->keep = 0;
	if (parse()) {
		note("%s: %m; keeping the current table", inittab);
		return;
	}
	for (t = tab; t < tab + MAXE; t++) {
		/* free slots too: SV_OFF, they stay free */
		if (t->keep || t->dying)
			continue;
		t->e.respawn = 0;
		if (sv_stop(&t->e))
			t->dying = 1;
		else
			t->action = 0;
	}
	/* Before the boot is through, the respawn lines wait for it. */
	if (booted)
		arm();
	note("reloaded %s", inittab);
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
		for (t = tab; t < tab + MAXE; t++)
			sv_kill(&t->e, sig);
	}
	if (sig != SIGCONT)
		note("sent SIG%s to all processes", sig == SIGKILL ? "KILL" : "TERM");
}

/* Shutdown lines, then TERM, grace, KILL, sync: BusyBox's order. */
static void stop_all(void)
{
	struct ient *t;

	for (t = tab; t < tab + MAXE; t++) {
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

static const char what[][9] = { "halt", "poweroff", "reboot" };

/* reboot(2), everything already stopped. */
static void __attribute__((noreturn)) low_reboot(unsigned how)
{
	static const int cmd[] = { RB_HALT_SYSTEM, RB_POWER_OFF, RB_AUTOBOOT };
	/* two longs: the old nanosleep's timespec on 32-bit too */
	static const long ten_ms[2] = { 0, 10000000 };
	int n = 100, queued;

	note("requesting %s", what[how]);
	if (!pid1)
		exit(0);
	/* What was said must reach a slow serial console before the
	 * machine stops (BusyBox sleeps 1 s for it): until the console's
	 * queue is empty, for 1 s at most, as XOFF or a missing CTS keep
	 * it full for ever (tcdrain() would wait that long). */
	while (n-- && !hb_ioctl(2, TIOCOUTQ, (long)&queued) && queued > 0)
		syscall(SYS_nanosleep, ten_ms, NULL);
	syscall(SYS_reboot, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2, cmd[how]);
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

	for (t = tab; t->action != A_RESTART; t++)
		if (t == tab + MAXE - 1)
			return;
	note("restarting: %s", t->cmd);
	stop_all();
	/* As BusyBox: Ctrl-Alt-Del reboots at once again until the new
	 * init says otherwise. */
	if (pid1)
		syscall(SYS_reboot, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2,
			RB_ENABLE_CAD);
	sv_unblock();
	exec_entry(&t->e);
	/* As BusyBox: nothing is left running, so halt, with the signals
	 * handled again for the reaping if that fails.  Not go_down(): the
	 * shutdown lines and the kills are done. */
	sv_signals(INIT_SIGNALS);
	low_reboot(0);
}

/* Act on the signals seen so far, in BusyBox's order; signals that
 * arrive meanwhile (a ctrlaltdel line running `reboot`) stay pending. */
static void act(void)
{
	/* halt, power off, reboot; PWR (a UPS's power failure) halts, as
	 * BusyBox */
	static const unsigned char down[] = { SIGUSR1, SIGUSR2, SIGTERM, SIGPWR };
	unsigned long got = pending;
	int c;

	pending = 0;
	if (got & 1UL << SIGHUP)
		reload();
	if (got & 1UL << SIGINT)
		run(A_CTRLALTDEL);
	if (got & 1UL << SIGQUIT)
		restart();
	for (c = 0; c < 4; c++)
		if (got & 1UL << down[c])
			go_down(c % 3);
	if (got & 1UL << SIGCONT)
		s.paused = 0;
	if (got & 1UL << SIGTSTP)
		s.paused = 1;
}

/* The kernel starts init with fds 0-2 on /dev/console, or closed when the
 * initramfs lacks it; and with HOME=/ TERM=linux only.  The children get
 * what BusyBox init gives them, unless already set: PATH, HOME=/,
 * SHELL=/bin/sh, USER=root, TERM=linux, and TERM=vt102 instead of linux
 * when the console is not a VT (a serial line). */
static void setup_console(void)
{
	static const char def[] = "PATH=/sbin:/usr/sbin:/bin:/usr/bin\0"
		"HOME=/\0SHELL=/bin/sh\0USER=root\0TERM=linux\0";
	static char *env[64];
	extern char **environ;
	const char *d, *v;
	char **e;
	int fd, n, vt;

	sv_stdio("/dev/console");
	vt = !hb_ioctl(0, VT_OPENQRY, (long)&fd);
	for (n = 0; environ[n] && n < 58; n++)
		env[n] = environ[n];
	/* A default that is missing goes in the NULL slot at the end (the
	 * rest of env is NULL); one that is set stays, but TERM=linux. */
	for (d = def; *d; ) {
		for (e = env; *e && (!(v = hb_prefix(*e, d)) || *v != '='); e++)
			;
		if (!*e || !strcmp(*e, d))
			*e = vt || *d != 'T' ? (char *)d : "TERM=vt102";
		while (*d++)
			;
	}
	environ = env;
}

HB_MAIN(init)
{
	const char *env = hb_getenv("HUPBOX_INITTAB");
	int c;

	inittab = env && *env ? env : "/etc/inittab";
	/* Not getopt: PID 1 also gets the kernel's leftover arguments
	 * ("single", "-s", "3"), which must never stop a boot. */
	for (c = 1; c < argc - 1; c++)
		if (!strcmp(argv[c], "-f"))
			inittab = argv[c + 1];
	pid1 = getpid() == 1;
	if (!pid1 && !hb_getenv("HUPBOX_INIT_ANY_PID"))
		hb_die(1, "must be run as PID 1");

	setup_console();
	if (syscall(SYS_chdir, "/"))	/* musl's chdir() is just this */
		hb_warn("chdir /: %m");
	setsid();
	open_kmsg();
	if (pid1)
		/* Ctrl-Alt-Del sends us SIGINT.  The system call itself, as
		 * below: nothing else needs musl's reboot(). */
		syscall(SYS_reboot, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2,
			RB_DISABLE_CAD);
	else
		sv_subreaper();
	sv_signals(INIT_SIGNALS);
	note("hupbox " HB_VERSION " started");
	if (parse()) {
		note("%s: %m; using the built-in defaults", inittab);
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
