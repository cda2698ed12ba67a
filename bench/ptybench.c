/* SPDX-License-Identifier: 0BSD */
/* ptybench: a terminal session client (dtach -a) measured from its
 * terminal, a pseudo-terminal this tool holds, as a user's terminal
 * emulator would see it.
 *
 *   ptybench thru MARKER CMD [ARG]...
 *	types "go" and Enter, then reads the terminal until MARKER has been
 *	shown; prints "bytes ns cpu_ns": what the terminal showed from the
 *	keys on, the time from the keys to the end of MARKER, and the CPU
 *	time CMD had used by then (/proc/PID/schedstat).
 *   ptybench echo N CMD [ARG]... [--- CMD2 [ARG]...] [--- CMD3 [ARG]...]
 *	types "x" N times, each once the last one's echo came back (and an
 *	Enter every 50, whose echo is waited for and not counted); prints
 *	"median_ns p90_ns" of the key-to-echo times, after 20 keys of warm-up.
 *	With CMD2 (and CMD3), each on a terminal of its own, they take turns
 *	key by key (all see the same drift of a shared machine): a line each.
 *   ptybench hold SECONDS CMD [ARG]...
 *	keeps CMD attached, reading its terminal, for SECONDS.
 *
 * CMD runs on the pty's slave as its controlling terminal, 24x80, raw
 * until CMD sets its own modes; keys are typed once CMD has shown
 * something (a dtach client clears the screen) and then been quiet.  At the end the pty's master is closed
 * (CMD's terminal hangs up), and CMD is waited for (killed after 10 s).
 * Exit status 0, or 1 when CMD could not run or a figure could not be had
 * within 60 s.  Stdio is fine here: a host tool.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/wait.h>

#define TIMEOUT_MS 60000

/* Each command's terminal: the pty master and the command's pid. */
#define MAX_TERMS 3
static int ptm[MAX_TERMS];
static pid_t child[MAX_TERMS];
static int terms;

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void __attribute__((noreturn)) fail(const char *what)
{
	int i;

	fprintf(stderr, "ptybench: %s\n", what);
	for (i = 0; i < terms; i++)
		kill(child[i], SIGKILL);
	exit(1);
}

static void start(char **argv)
{
	struct winsize ws = { .ws_row = 24, .ws_col = 80 };
	struct termios t;
	int m, slave;
	pid_t pid;

	m = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (m < 0 || grantpt(m) || unlockpt(m))
		fail("posix_openpt failed");
	pid = fork();
	if (pid < 0)
		fail("fork failed");
	if (pid) {
		ptm[terms] = m;
		child[terms++] = pid;
		return;
	}
	setsid();
	slave = open(ptsname(m), O_RDWR);
	if (slave < 0 || ioctl(slave, TIOCSCTTY, 0) < 0) {
		perror("ptybench: slave");
		_exit(127);
	}
	ioctl(slave, TIOCSWINSZ, &ws);
	/* keys typed before CMD sets raw mode must not wait for a line */
	if (!tcgetattr(slave, &t)) {
		cfmakeraw(&t);
		tcsetattr(slave, TCSANOW, &t);
	}
	dup2(slave, 0);
	dup2(slave, 1);
	dup2(slave, 2);
	if (slave > 2)
		close(slave);
	execvp(argv[0], argv);
	perror(argv[0]);
	_exit(127);
}

/* Read what terminal T shows into BUF, waiting up to DEADLINE (ns);
 * bytes read, 0 at the deadline. */
static ssize_t take(int t, char *buf, size_t size, long long deadline)
{
	struct pollfd p = { ptm[t], POLLIN, 0 };
	long long left = deadline - now_ns();
	ssize_t n;

	if (left <= 0)
		return 0;
	if (poll(&p, 1, left / 1000000 + 1) <= 0)
		return 0;
	n = read(ptm[t], buf, size);
	if (n <= 0)
		fail("the terminal closed (CMD exited)");
	return n;
}

static void type(int t, const char *keys)
{
	if (write(ptm[t], keys, strlen(keys)) != (ssize_t)strlen(keys))
		fail("cannot type");
}

/* Read terminal T until byte C is shown. */
static void until(int t, char c, long long deadline)
{
	char buf[4096];
	ssize_t n;

	do {
		n = take(t, buf, sizeof(buf), deadline);
		if (!n)
			fail("no echo");
	} while (!memchr(buf, c, n));
}

/* Wait for terminal T's first output (a dtach client clears the screen
 * once its terminal is raw and it has asked to attach), then read until
 * it has been quiet for 0.1 s: what is shown before the keys is not
 * counted. */
static void settle(int t)
{
	char buf[4096];

	if (!take(t, buf, sizeof(buf), now_ns() + 10000000000LL))
		fail("CMD showed nothing");
	while (take(t, buf, sizeof(buf), now_ns() + 100000000LL))
		;
}

/* The CPU time PID has used, in ns; -1 if unknown. */
static long long cpu_ns(pid_t pid)
{
	char name[64];
	long long ns = -1;
	FILE *f;

	snprintf(name, sizeof(name), "/proc/%d/schedstat", (int)pid);
	if ((f = fopen(name, "r"))) {
		if (fscanf(f, "%lld", &ns) != 1)
			ns = -1;
		fclose(f);
	}
	return ns;
}

static int thru(const char *marker)
{
	static char buf[65536];
	size_t mlen = strlen(marker), have = 0;
	long long bytes = 0, t0, deadline;
	ssize_t n, i;

	settle(0);
	t0 = now_ns();
	deadline = t0 + TIMEOUT_MS * 1000000LL;
	type(0, "go\r");
	for (;;) {
		n = take(0, buf, sizeof(buf), deadline);
		if (!n)
			fail("the marker was not shown");
		bytes += n;
		/* MARKER's bytes in a row, across reads (MARKER must not
		 * overlap itself) */
		for (i = 0; i < n && have < mlen; i++)
			have = buf[i] == marker[have] ? have + 1 : buf[i] == marker[0];
		if (have == mlen)
			break;
	}
	t0 = now_ns() - t0;
	printf("%lld %lld %lld\n", bytes, t0, cpu_ns(child[0]));
	return 0;
}

static int cmp(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

static int echo(int keys)
{
	long long *d[MAX_TERMS], deadline = now_ns() + TIMEOUT_MS * 1000000LL, t0;
	int i, t;

	if (keys < 1)
		fail("bad key count");
	for (t = 0; t < terms; t++) {
		if (!(d[t] = calloc(keys, sizeof(**d))))
			fail("out of memory");
		settle(t);
	}
	for (i = -20; i < keys; i++)
		for (t = 0; t < terms; t++) {
			if (i % 50 == 0) {
				type(t, "\r");
				until(t, '\n', deadline);
			}
			t0 = now_ns();
			type(t, "x");
			until(t, 'x', deadline);
			if (i >= 0)
				d[t][i] = now_ns() - t0;
		}
	for (t = 0; t < terms; t++) {
		qsort(d[t], keys, sizeof(**d), cmp);
		printf("%lld %lld\n", d[t][(keys - 1) / 2], d[t][(keys * 9 + 9) / 10 - 1]);
	}
	return 0;
}

static int hold(double seconds)
{
	char buf[4096];
	long long deadline = now_ns() + (long long)(seconds * 1e9);

	while (now_ns() < deadline)
		take(0, buf, sizeof(buf), deadline);
	return 0;
}

int main(int argc, char **argv)
{
	long long deadline;
	int rc, status, i, t;

	if (argc < 4) {
		fprintf(stderr, "usage: ptybench thru MARKER|echo N|hold SECONDS CMD [ARG]... [--- CMD [ARG]...]...\n");
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	/* echo's commands each end at a "---" */
	for (i = 4, t = 3; i < argc && !strcmp(argv[1], "echo"); i++)
		if (!strcmp(argv[i], "---")) {
			if (terms == MAX_TERMS - 1)
				fail("too many commands");
			argv[i] = NULL;
			start(argv + t);
			t = i + 1;
		}
	start(argv + t);
	if (!strcmp(argv[1], "thru"))
		rc = thru(argv[2]);
	else if (!strcmp(argv[1], "echo"))
		rc = echo(atoi(argv[2]));
	else if (!strcmp(argv[1], "hold"))
		rc = hold(atof(argv[2]));
	else
		fail("unknown mode");
	fflush(stdout);
	deadline = now_ns() + 10000000000LL;
	for (t = 0; t < terms; t++) {
		close(ptm[t]);
		while (waitpid(child[t], &status, WNOHANG) == 0) {
			if (now_ns() > deadline) {
				kill(child[t], SIGKILL);
				waitpid(child[t], &status, 0);
				break;
			}
			usleep(10000);
		}
	}
	return rc;
}
