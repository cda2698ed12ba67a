/* SPDX-License-Identifier: 0BSD */
/*
 * ptyset: a set of pseudo-terminals for tests that need several terminals
 * (an init's console and its tty lines), each shown in a file and typed
 * into on request.
 *
 *   ptyset DIR N CMD [ARGS...]
 *
 * Opens N ptys and writes their slave paths to DIR/ptys, one a line, then
 * runs CMD (in ptyset's session: CMD decides which terminal becomes whose).
 * Everything terminal I shows (0-based) is appended to DIR/ttyI.out.
 * A line "I TEXT" written to the FIFO DIR/ctl types TEXT into terminal I
 * ("\n" in TEXT is Enter, "\d" is Ctrl-D).  ptyset holds each slave open
 * itself, so a terminal never reads as hung up while the program under
 * test has it closed.  When CMD exits, what is left is copied and ptyset
 * exits with CMD's status (128+N for signal N).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>

#define MAXPTY 16

static int chld[2];

static void on_chld(int sig)
{
	int e = errno;

	(void)sig;
	if (write(chld[1], "", 1) < 0) {
		/* full: a wake-up is pending already */
	}
	errno = e;
}

static void die(const char *what)
{
	fprintf(stderr, "ptyset: %s: %s\n", what, strerror(errno));
	exit(99);
}

static void copy(int from, int to)
{
	char buf[4096];
	ssize_t r;

	while ((r = read(from, buf, sizeof(buf))) > 0)
		if (write(to, buf, r) != r)
			die("write");
}

/* "I TEXT" from the control FIFO, TEXT's escapes turned into bytes. */
static void type(char *line, int *master, int n)
{
	char *p = line, out[512];
	size_t k = 0;
	long i = strtol(line, &p, 10);

	if (p == line || *p != ' ' || i < 0 || i >= n)
		return;
	for (p++; *p && k < sizeof(out); p++) {
		if (*p == '\\' && p[1] == 'n')
			out[k++] = '\n', p++;
		else if (*p == '\\' && p[1] == 'd')
			out[k++] = 4, p++;
		else
			out[k++] = *p;
	}
	if (write(master[i], out, k) != (ssize_t)k)
		die("typing");
}

int main(int argc, char **argv)
{
	int master[MAXPTY], out[MAXPTY], n, i, ctl, status, pid;
	struct pollfd pfd[MAXPTY + 2];
	char path[4096], line[1024];
	size_t have = 0;
	FILE *list;

	if (argc < 4 || (n = atoi(argv[2])) < 1 || n > MAXPTY) {
		fprintf(stderr, "usage: ptyset DIR N CMD [ARGS...]\n");
		return 99;
	}
	snprintf(path, sizeof(path), "%s/ptys", argv[1]);
	if (!(list = fopen(path, "w")))
		die(path);
	for (i = 0; i < n; i++) {
		const char *slave;

		master[i] = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
		if (master[i] < 0 || grantpt(master[i]) || unlockpt(master[i]) ||
		    !(slave = ptsname(master[i])))
			die("pty");
		if (open(slave, O_RDWR | O_NOCTTY | O_CLOEXEC) < 0)
			die(slave);
		fcntl(master[i], F_SETFL, O_NONBLOCK);
		fprintf(list, "%s\n", slave);
		snprintf(path, sizeof(path), "%s/tty%d.out", argv[1], i);
		out[i] = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		if (out[i] < 0)
			die(path);
	}
	if (fclose(list))
		die("ptys");
	snprintf(path, sizeof(path), "%s/ctl", argv[1]);
	if ((mkfifo(path, 0600) && errno != EEXIST) ||
	    (ctl = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC)) < 0)
		die(path);
	if (pipe2(chld, O_CLOEXEC | O_NONBLOCK))
		die("pipe");
	signal(SIGCHLD, on_chld);
	pid = fork();
	if (pid < 0)
		die("fork");
	if (!pid) {
		signal(SIGCHLD, SIG_DFL);
		execvp(argv[3], argv + 3);
		die(argv[3]);
	}
	for (;;) {
		for (i = 0; i < n; i++)
			pfd[i] = (struct pollfd){ .fd = master[i], .events = POLLIN };
		pfd[n] = (struct pollfd){ .fd = ctl, .events = POLLIN };
		pfd[n + 1] = (struct pollfd){ .fd = chld[0], .events = POLLIN };
		if (poll(pfd, n + 2, -1) < 0 && errno != EINTR)
			die("poll");
		for (i = 0; i < n; i++)
			if (pfd[i].revents)
				copy(master[i], out[i]);
		if (pfd[n].revents) {
			ssize_t r = read(ctl, line + have, sizeof(line) - 1 - have);
			char *nl;

			have += r > 0 ? r : 0;
			line[have] = 0;
			while ((nl = strchr(line, '\n'))) {
				*nl = 0;
				type(line, master, n);
				have -= nl + 1 - line;
				memmove(line, nl + 1, have + 1);
			}
			if (have == sizeof(line) - 1)
				have = 0;
		}
		if (pfd[n + 1].revents) {
			char drain[64];

			while (read(chld[0], drain, sizeof(drain)) > 0)
				;
			if (waitpid(pid, &status, WNOHANG) == pid)
				break;
		}
	}
	for (i = 0; i < n; i++)
		copy(master[i], out[i]);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
