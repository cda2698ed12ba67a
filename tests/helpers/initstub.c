/* SPDX-License-Identifier: 0BSD */
/*
 * initstub: the command of an inittab line in a differential test of two
 * inits.  It logs, one line an event, what init gave it, in words that do
 * not depend on pids or timing, so two inits' logs can be compared:
 *
 *   initstub LOG NAME MODE [ARGS...]
 *
 * "NAME start ppid1=yes|no leader=yes|no ctty=fd0|other|none fd0=F fd1=F
 * fd2=F env=TERM,HOME,SHELL,USER,PATH argv=ARGS" (F a path, "pipe" or
 * "closed"), then by MODE: exit: "NAME exit" and exit 0; run: wait, and
 * on TERM log "NAME sig TERM" and exit 0; hold: as run but TERM is only
 * logged (SIGKILL ends it).  Caught signals other than TERM are logged
 * ("NAME sig HUP") and ignored.  Each line is one O_APPEND write.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>

static int logfd = -1;
static const char *name, *mode;

static void say(const char *line)
{
	size_t n = strlen(line);

	if (write(logfd, line, n) != (ssize_t)n)
		_exit(99);
}

static void on_sig(int sig)
{
	char buf[128];

	snprintf(buf, sizeof(buf), "%s sig %s\n", name, sigabbrev_np(sig));
	say(buf);
	if (sig == SIGTERM && strcmp(mode, "hold"))
		_exit(0);
}

static void fdname(int fd, char *out, size_t size)
{
	char link[64];
	ssize_t r;

	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	r = readlink(link, out, size - 1);
	if (r < 0) {
		snprintf(out, size, "closed");
		return;
	}
	out[r] = 0;
	if (!strncmp(out, "pipe:", 5))
		snprintf(out, size, "pipe");
}

/* fd 0 is this session's controlling terminal; else whether it has one */
static const char *ctty(void)
{
	pid_t sid;
	int fd;

	if (!ioctl(0, TIOCGSID, &sid) && sid == getsid(0))
		return "fd0";
	fd = open("/dev/tty", O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return "none";
	close(fd);
	return "other";
}

int main(int argc, char **argv)
{
	static const char *vars[] = { "TERM", "HOME", "SHELL", "USER", "PATH" };
	static const int sigs[] = { SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1,
				    SIGUSR2, SIGCONT };
	char line[8192], f[3][256];
	size_t n, i;
	struct sigaction sa = { .sa_handler = on_sig };

	if (argc < 4)
		return 99;
	name = argv[2];
	mode = argv[3];
	logfd = open(argv[1], O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	if (logfd < 0)
		return 99;
	sigfillset(&sa.sa_mask);
	for (i = 0; i < sizeof(sigs) / sizeof(*sigs); i++)
		sigaction(sigs[i], &sa, NULL);
	for (i = 0; i < 3; i++)
		fdname(i, f[i], sizeof(f[i]));
	n = snprintf(line, sizeof(line), "%s start ppid1=%s leader=%s ctty=%s fd0=%s fd1=%s fd2=%s env=",
		     name, getppid() == 1 ? "yes" : "no", getsid(0) == getpid() ? "yes" : "no",
		     ctty(), f[0], f[1], f[2]);
	for (i = 0; i < sizeof(vars) / sizeof(*vars) && n < sizeof(line); i++) {
		const char *v = getenv(vars[i]);

		n += snprintf(line + n, sizeof(line) - n, "%s%s=%s", i ? "," : "",
			      vars[i], v ? v : "-");
	}
	for (i = 4; i < (size_t)argc && n < sizeof(line); i++)
		n += snprintf(line + n, sizeof(line) - n, "%s%s", i == 4 ? " argv=" : "|", argv[i]);
	if (n < sizeof(line) - 1)
		line[n++] = '\n', line[n] = 0;
	say(line);
	if (!strcmp(mode, "exit")) {
		snprintf(line, sizeof(line), "%s exit\n", name);
		say(line);
		return 0;
	}
	for (;;)
		pause();
}
