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
#include <sys/prctl.h>
#include <sys/reboot.h>
#include "hb.h"
#include "supervise.h"

const char init_usage[] =
"Usage: init [-f INITTAB]\n"
"PID 1 running INITTAB ($HUPBOX_INITTAB, /etc/inittab), BusyBox format:\n"
"id:runlevels:action:command, actions sysinit wait once respawn askfirst\n"
"ctrlaltdel shutdown restart.  Signals: HUP reload, USR1 halt, USR2 poweroff,\n"
"TERM reboot, QUIT restart, INT ctrlaltdel, TSTP/CONT pause/resume respawn.\n"
"Backoff per line in the runlevels field (min=S,max=S,healthy=S,starts=N,\n"
"window=S,park=S,stop=S,sig=SIG), for later lines in '#hupbox: k=v ...'\n"
"(also grace=S: TERM to KILL at shutdown).\n";

#define MAXE 32
#define LINE 256

enum { A_SYSINIT = 1, A_WAIT, A_ONCE, A_RESPAWN, A_ASKFIRST, A_CTRLALTDEL,
       A_SHUTDOWN, A_RESTART };
static const char actions[] =
	"sysinit\0wait\0once\0respawn\0askfirst\0ctrlaltdel\0shutdown\0restart\0";

struct ient {
	struct sv_entry e;
	unsigned char action;	/* 0: a free slot */
	unsigned char keep;	/* still in the inittab after a reload */
	unsigned char dying;	/* removed by a reload, waiting to be reaped */
	char id[32];
	char cmd[LINE];
};

static struct ient tab[MAXE];
static struct sv s;
static unsigned long pending;	/* signals seen while waiting for sysinit */
static unsigned grace_ms = 3000;
static int pid1, kmsg = -1, booted;
static const char *inittab = "/etc/inittab";

static void note(const char *fmt, ...)
{
	char buf[512];
	size_t n;
	va_list ap;

	va_start(ap, fmt);
	n = hb_fmt(buf, sizeof(buf) - 1, "<6>init: ");
	n += hb_vfmt(buf + n, sizeof(buf) - 1 - n, fmt, ap);
	va_end(ap);
	buf[n++] = '\n';
	hb_write_all(2, buf + 3, n - 3);
	if (kmsg >= 0)
		hb_write_all(kmsg, buf, n);
}

static int action_nr(const char *name)
{
	const char *a = actions;
	int i;

	for (i = 1; *a; i++, a += strlen(a) + 1)
		if (!strcmp(a, name))
			return i;
	return 0;
}

/* Apply "key=value" options separated by sep; words without '=' (runlevel
 * digits) are ignored. */
static void options(char *p, const char *sep, struct sv_conf *c, int line)
{
	static const char keys[] =
		"min\0max\0healthy\0window\0park\0stop\0grace\0starts\0sig\0";
	char *kv, *v;

	while ((kv = strsep(&p, sep))) {
		struct timespec ts;
		const char *k = keys;
		unsigned i, ms;
		long n;

		v = strchr(kv, '=');
		if (!v)
			continue;
		*v++ = 0;
		for (i = 0; *k && strcmp(k, kv); i++)
			k += strlen(k) + 1;
		ms = !hb_parse_seconds(v, &ts) && ts.tv_sec < 4000000 ?
		     (unsigned)(ts.tv_sec * 1000 + ts.tv_nsec / 1000000) : -1U;
		if (i < 7 && ms != -1U) {
			unsigned *f[] = { &c->min_ms, &c->max_ms, &c->healthy_ms,
					  &c->window_ms, &c->park_ms, &c->stop_ms,
					  &grace_ms };
			*f[i] = ms;
		} else if (i == 7 && !hb_parse_long(v, 0, 65535, &n)) {
			c->starts = n;
		} else if (i == 8 && (n = hb_sig_parse(v)) > 0 && n < 32) {
			c->stop_sig = n;
		} else {
			note("%s:%d: bad option '%s=%s'", inittab, line, kv, v);
		}
	}
	if (c->max_ms < c->min_ms)
		c->max_ms = c->min_ms;
}

static int has_meta(const char *cmd)
{
	return !!strpbrk(cmd, "~`!$^&*()=|\\{}[];\"'<>?");
}

static void add(int action, const char *id, const char *cmd,
		const struct sv_conf *c, int line)
{
	struct ient *t, *slot = NULL;

	for (t = tab; t < tab + MAXE; t++) {
		if (!t->action) {
			if (!slot)
				slot = t;
		} else if (t->action == action && !t->keep && !t->dying &&
			   !strcmp(t->id, id) && !strcmp(t->cmd, cmd)) {
			t->keep = 1;
			t->e.c = *c;
			return;
		}
	}
	if (!slot) {
		note("%s:%d: more than %d entries, line skipped", inittab, line, MAXE);
		return;
	}
	memset(slot, 0, sizeof(*free));
	slot->action = action;
	slot->keep = 1;
	slot->e.c = *c;
	slot->e.respawn = action == A_RESPAWN || action == A_ASKFIRST;
	if (!slot->e.respawn)
		slot->e.c.starts = 0;	/* ctrlaltdel may be pressed often */
	strcpy(slot->id, id);
	strcpy(slot->cmd, cmd);
}

static int parse_line(char *p, int line, void *def)
{
	char *f[4], *w;
	struct sv_conf c;
	int a;

	if (!p) {
		note("%s:%d: line too long", inittab, line);
		return 0;
	}
	p += strspn(p, " \t");
	if (!strncmp(p, "#hupbox:", 8)) {
		options(p + 8, " \t,", def, line);
		return 0;
	}
	if (!*p || *p == '#')
		return 0;
	if (sv_fields(p, f, 4) < 4 || !*(f[3] += strspn(f[3], " \t"))) {
		note("%s:%d: missing fields", inittab, line);
		return 0;
	}
	a = action_nr(f[2]);
	if (!a) {
		note("%s:%d: unknown action '%s'", inittab, line, f[2]);
		return 0;
	}
	if (strlen(f[0]) >= sizeof(tab->id) || strlen(f[3]) >= sizeof(tab->cmd)) {
		note("%s:%d: line too long", inittab, line);
		return 0;
	}
	c = *(struct sv_conf *)def;
	options(f[1], ",", &c, line);
	/* Reported but kept: the program may live on a file system that a
	 * sysinit line mounts; the backoff throttles it meanwhile. */
	w = f[3] + (*f[3] == '-');
	if (*w == '/' && !has_meta(w)) {
		char path[LINE];
		size_t n = strcspn(w, " \t");

		memcpy(path, w, n);
		path[n] = 0;
		if (access(path, X_OK))
			note("%s:%d: '%s': %m", inittab, line, path);
	}
	add(a, f[0], f[3], &c, line);
	return 0;
}

static int parse(void)
{
	struct sv_conf def = SV_CONF_DEFAULT;

	return sv_lines(inittab, parse_line, &def);
}

static void defaults(void)
{
	static const char *const vt[] = { "tty2", "tty3", "tty4" };
	struct sv_conf c = SV_CONF_DEFAULT;
	char path[16];
	unsigned i;

	add(A_SYSINIT, "", "/etc/init.d/rcS", &c, 0);
	add(A_ASKFIRST, "", "-/bin/sh", &c, 0);
	for (i = 0; i < 3; i++) {
		hb_fmt(path, sizeof(path), "/dev/%s", vt[i]);
		if (!access(path, F_OK))
			add(A_ASKFIRST, vt[i], "-/bin/sh", &c, 0);
	}
	add(A_CTRLALTDEL, "", "reboot", &c, 0);
	add(A_SHUTDOWN, "", "umount -a -r", &c, 0);
	add(A_SHUTDOWN, "", "swapoff -a", &c, 0);
	add(A_RESTART, "", "init", &c, 0);
}

static void load(void)
{
	if (parse()) {
		note("%s: %m; using the built-in defaults", inittab);
		defaults();
	}
}

/* In the child (or in init itself for `restart`): stdio on the entry's
 * tty, then exec, through sh when the command needs a shell.  Returns an
 * exit code when that fails. */
static int exec_entry(struct ient *t)
{
	char buf[LINE + 8], *argv[LINE / 2 + 2], *p = buf, *path;
	int i = 0, fd;

	if (t->id[0]) {
		char tty[48];

		hb_fmt(tty, sizeof(tty), t->id[0] == '/' ? "%s" : "/dev/%s", t->id);
		fd = hb_open(tty, O_RDWR | O_NOCTTY, 0);
		if (fd < 0 || hb_dup2(fd, 0) < 0 || hb_dup2(fd, 1) < 0 ||
		    hb_dup2(fd, 2) < 0) {
			note("can't open '%s': %m", tty);
			return 1;
		}
		if (fd > 2)
			close(fd);
	}
	if (t->cmd[0] == '-' || t->action == A_ASKFIRST)
		ioctl(0, TIOCSCTTY, 0);
	if (t->action == A_ASKFIRST) {
		char c = 0;

		hb_dprintf(1, "\nPlease press Enter to activate this console. ");
		while (c != '\n')
			if (read(0, &c, 1) <= 0 && errno != EINTR)
				return 0;
	}
	if (has_meta(t->cmd)) {
		argv[i++] = t->cmd[0] == '-' ? "-sh" : "sh";
		argv[i++] = "-c";
		argv[i++] = buf;
		hb_fmt(buf, sizeof(buf), "exec %s", t->cmd + (t->cmd[0] == '-'));
		path = "/bin/sh";
	} else {
		strcpy(buf, t->cmd);
		while ((argv[i] = strsep(&p, " \t")))
			if (*argv[i])
				i++;
		path = argv[0] + (argv[0][0] == '-');
	}
	argv[i] = NULL;
	execvp(path, argv);
	note("can't run '%s': %m", path);
	return hb_exec_code(errno);
}

static void child(struct sv_entry *e)
{
	_exit(exec_entry((struct ient *)e));
}

static void event(struct sv_entry *e, int ev)
{
	struct ient *t = (struct ient *)e;

	if (ev == SV_EV_PARK) {
		note("'%s' crashed %u times within %us: parked for %us", t->cmd,
		     e->c.starts, e->c.window_ms / 1000, e->c.park_ms / 1000);
		return;
	}
	if (t->dying && e->state == SV_OFF) {
		t->action = 0;
	} else if (e->state == SV_DUE && booted) {
		long long ms = e->at - hb_now_ms();

		note("'%s' exited (status %d): restart in %ums", t->cmd,
		     hb_wait_code(e->status), (unsigned)(ms > 0 ? ms : 0));
	}
}

/* Wait for the signals and the reaping that come first. */
static void wait_once(void)
{
	unsigned long got = sv_wait(&s, NULL, 0);

	pending |= got & ~(1UL << SIGCHLD);
	sv_reap(&s);
}

/* Start every entry of this action; with wait, one at a time to its end. */
static void run(int action, int wait)
{
	struct ient *t;

	for (t = tab; t < tab + MAXE; t++) {
		if (t->action != action || t->e.state != SV_OFF || t->dying)
			continue;
		if (sv_start(&s, &t->e) && wait)
			while (t->e.state != SV_OFF)
				wait_once();
	}
}

/* Respawn lines not yet supervised (new ones after boot or a reload). */
static void arm(void)
{
	struct ient *t;

	for (t = tab; t < tab + MAXE; t++)
		if (t->action && t->e.respawn && t->e.state == SV_OFF) {
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
		if (!t->action || t->keep || t->dying)
			continue;
		t->e.respawn = 0;
		if (sv_stop(&t->e, 0))
			t->dying = 1;
		else
			t->action = 0;
	}
	arm();
	note("reloaded %s", inittab);
}

/* Reap until no child is left or ms have passed. */
static void drain(unsigned ms)
{
	s.until = hb_now_ms() + ms;
	while (!sv_reap(&s) && hb_now_ms() < s.until)
		pending |= sv_wait(&s, NULL, 0) & ~(1UL << SIGCHLD);
	s.until = 0;
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
		note("sent SIG%s to all processes", hb_sig_name(sig));
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
	run(A_SHUTDOWN, 1);
	kill_all(SIGTERM);
	kill_all(SIGCONT);
	drain(grace_ms);
	kill_all(SIGKILL);
	drain(1000);
	sync();
}

static void go_down(int how)
{
	static const char *const what[] = { "halt", "poweroff", "reboot" };
	static const int cmd[] = { RB_HALT_SYSTEM, RB_POWER_OFF, RB_AUTOBOOT };

	note("the system is going down: %s", what[how]);
	stop_all();
	note("requesting %s", what[how]);
	if (!pid1)
		exit(0);
	reboot(cmd[how]);
	note("%s failed: %m", what[how]);
	for (;;)
		pause();
}

static void restart(void)
{
	struct ient *t;

	for (t = tab; t < tab + MAXE && t->action != A_RESTART; t++)
		;
	if (t == tab + MAXE)
		return;
	note("restarting: %s", t->cmd);
	stop_all();
	if (kmsg >= 0)
		close(kmsg);
	{
		sigset_t none;
		int sig;

		for (sig = 1; sig < 32; sig++)
			if (sig != SIGKILL && sig != SIGSTOP)
				hb_signal(sig, SIG_DFL);
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
	}
	exec_entry(t);
	/* As BusyBox: nothing is left running, so halt. */
	go_down(0);
}

/* The kernel starts init with fds 0-2 on /dev/console, or closed when the
 * initramfs lacks it; and with no PATH. */
static void setup_console(void)
{
	static char *env[64];
	extern char **environ;
	char **e;
	int fd, n = 1;

	do {
		fd = hb_open("/dev/console", O_RDWR | O_NOCTTY, 0);
		if (fd < 0)
			fd = hb_open("/dev/null", O_RDWR, 0);
	} while (fd >= 0 && fd <= 2);
	if (fd > 2)
		close(fd);
	if (!getenv("PATH")) {
		env[0] = "PATH=/sbin:/usr/sbin:/bin:/usr/bin";
		for (e = environ; *e && n < 63; e++)
			env[n++] = *e;
		environ = env;
	}
}

HB_MAIN(init)
{
	static const unsigned char sigs[] = {
		SIGHUP, SIGUSR1, SIGUSR2, SIGTERM, SIGQUIT, SIGINT, SIGTSTP,
		SIGCONT, 0
	};
	const char *env = getenv("HUPBOX_INITTAB");
	int c, sig;

	if (env && *env)
		inittab = env;
	/* Not getopt: PID 1 also gets the kernel's leftover arguments
	 * ("single", "-s", "3"), which must never stop a boot. */
	for (c = 1; c < argc - 1; c++)
		if (!strcmp(argv[c], "-f"))
			inittab = argv[c + 1];
	pid1 = getpid() == 1;
	if (!pid1 && !getenv("HUPBOX_INIT_ANY_PID"))
		hb_die(1, "must be run as PID 1");

	setup_console();
	if (chdir("/"))
		hb_warn("chdir /: %m");
	setsid();
	kmsg = hb_open("/dev/kmsg", O_WRONLY | O_NOCTTY | O_CLOEXEC, 0);
	if (pid1)
		reboot(RB_DISABLE_CAD);	/* Ctrl-Alt-Del sends us SIGINT */
	else
		prctl(PR_SET_CHILD_SUBREAPER, 1);
	s.tab = tab;
	s.n = MAXE;
	s.stride = sizeof(*tab);
	s.session = 1;
	s.child = child;
	s.event = event;
	sv_signals(sigs);
	note("hupbox " HB_VERSION " started");
	load();

	run(A_SYSINIT, 1);
	run(A_WAIT, 1);
	run(A_ONCE, 0);
	arm();
	booted = 1;
	for (;;) {
		unsigned long got;

		sv_run(&s);
		got = sv_wait(&s, NULL, 0) | pending;
		pending = 0;
		if (got & 1UL << SIGCHLD)
			sv_reap(&s);
		for (sig = 1; sig < 32; sig++) {
			if (!(got & 1UL << sig))
				continue;
			switch (sig) {
			case SIGHUP: reload(); break;
			case SIGUSR1: go_down(0); break;
			case SIGUSR2: go_down(1); break;
			case SIGTERM: go_down(2); break;
			case SIGQUIT: restart(); break;
			case SIGINT: run(A_CTRLALTDEL, 0); break;
			case SIGTSTP: s.paused = 1; break;
			case SIGCONT: s.paused = 0; break;
			}
		}
	}
}
