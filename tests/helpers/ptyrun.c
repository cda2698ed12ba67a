/* SPDX-License-Identifier: 0BSD */
/*
 * ptyrun: run a command on a new pseudo-terminal, for tests of the "is a
 * terminal" branches and of what happens when a terminal hangs up.
 *
 *   ptyrun [-0] [-1] [-2] [-n] [-o FILE] [-i TEXT] [-p PIDFILE] [-H FIFO] [-k FIFO] -- CMD [ARGS...]
 *
 * The child is a session leader whose controlling terminal is the pty slave.
 * With -n it is neither: it stays in ptyrun's session and process group and
 * the slave is opened O_NOCTTY, so the pty is nobody's controlling terminal
 * (for `setsid -c`).
 * By default fds 0, 1 and 2 are the slave; -0/-1/-2 (any of them) select
 * which fds are put on the slave, the others are inherited from ptyrun.
 * Everything the terminal shows is copied to FILE (-o) or to stdout.
 * -i TEXT is typed into the terminal after start (\n for Enter).
 * -p writes the child's pid to PIDFILE.
 * -H FIFO: when something is written to FIFO, close the master at once
 * (the terminal hangs up while the child still runs), then wait for the
 * child.
 * -k FIFO: what is written to FIFO is typed into the terminal, each write
 * as it comes; a write that starts with a NUL byte is instead "ROWS COLS",
 * the terminal's new size (its foreground group gets SIGWINCH), ending
 * at a newline.
 * When the child exits, ptyrun copies what is left to read and closes the
 * master: the terminal hangs up for every process still on it.
 * Exit status: the child's, or 128+N when it was killed by signal N.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/wait.h>

static int child_pipe[2];

static void on_chld(int sig)
{
	(void)sig;
	int saved = errno;
	if (write(child_pipe[1], "", 1) < 0) {
	}
	errno = saved;
}

static void copy(int from, int to)
{
	char buf[4096];
	ssize_t n;

	while ((n = read(from, buf, sizeof(buf))) > 0)
		if (write(to, buf, n) != n)
			break;
}

int main(int argc, char **argv)
{
	const char *out = NULL, *type = NULL, *pidfile = NULL, *hup = NULL, *keys = NULL;
	int fds[3] = { 0, 0, 0 }, any = 0, slave_gone = 0, opt, master, outfd = 1, noctty = 0, hupfd = -1, keyfd = -1;
	int status;
	pid_t pid;

	while ((opt = getopt(argc, argv, "+012no:i:p:H:k:")) != -1) {
		switch (opt) {
		case '0': case '1': case '2':
			fds[opt - '0'] = any = 1;
			break;
		case 'n': noctty = 1; break;
		case 'o': out = optarg; break;
		case 'i': type = optarg; break;
		case 'p': pidfile = optarg; break;
		case 'H': hup = optarg; break;
		case 'k': keys = optarg; break;
		default:
			fprintf(stderr, "usage: ptyrun [-012] [-n] [-o FILE] [-i TEXT] [-p PIDFILE] [-H FIFO] [-k FIFO] -- CMD...\n");
			return 2;
		}
	}
	if (!any)
		fds[0] = fds[1] = fds[2] = 1;
	if (optind >= argc) {
		fprintf(stderr, "ptyrun: no command\n");
		return 2;
	}
	if (out && (outfd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644)) < 0) {
		perror(out);
		return 2;
	}
	master = posix_openpt(O_RDWR | O_NOCTTY);
	if (master < 0 || grantpt(master) || unlockpt(master)) {
		perror("ptyrun: posix_openpt");
		return 2;
	}
	if (hup && (hupfd = open(hup, O_RDWR | O_NONBLOCK | O_CLOEXEC)) < 0) {
		perror(hup);
		return 2;
	}
	if (keys && (keyfd = open(keys, O_RDWR | O_NONBLOCK | O_CLOEXEC)) < 0) {
		perror(keys);
		return 2;
	}
	if (pipe2(child_pipe, O_CLOEXEC)) {
		perror("ptyrun: pipe");
		return 2;
	}
	signal(SIGCHLD, on_chld);

	pid = fork();
	if (pid < 0) {
		perror("ptyrun: fork");
		return 2;
	}
	if (!pid) {
		const char *name = ptsname(master);
		int slave, i;

		if (!noctty)
			setsid();
		slave = open(name, O_RDWR | (noctty ? O_NOCTTY : 0));
		if (slave < 0) {
			perror(name);
			_exit(2);
		}
		if (!noctty)
			ioctl(slave, TIOCSCTTY, 0);
		for (i = 0; i < 3; i++)
			if (fds[i])
				dup2(slave, i);
		if (slave > 2)
			close(slave);
		close(master);
		signal(SIGCHLD, SIG_DFL);
		execvp(argv[optind], argv + optind);
		perror(argv[optind]);
		_exit(127);
	}
	if (pidfile) {
		FILE *f = fopen(pidfile, "w");

		if (f) {
			fprintf(f, "%d\n", (int)pid);
			fclose(f);
		}
	}
	if (type && write(master, type, strlen(type)) < 0)
		perror("ptyrun: write");

	for (;;) {
		struct pollfd p[4] = { { slave_gone ? -1 : master, POLLIN, 0 }, { child_pipe[0], POLLIN, 0 },
				       { hupfd, POLLIN, 0 }, { keyfd, POLLIN, 0 } };
		char buf[4096];
		ssize_t n;

		if (poll(p, 4, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (p[0].revents & POLLIN) {
			n = read(master, buf, sizeof(buf));
			if (n > 0 && write(outfd, buf, n) != n)
				break;
		}
		if (p[1].revents & POLLIN) {
			if (waitpid(pid, &status, WNOHANG) == pid)
				break;
			if (read(child_pipe[0], buf, sizeof(buf)) < 0) {
			}
		}
		if (p[3].revents & POLLIN) {
			char *k = buf;

			n = read(keyfd, buf, sizeof(buf) - 1);
			if (n > 0 && !buf[0]) {
				struct winsize ws = { 0 };

				buf[n] = 0;
				if (sscanf(buf + 1, "%hu %hu", &ws.ws_row, &ws.ws_col) == 2)
					ioctl(master, TIOCSWINSZ, &ws);
				/* writes that followed, read in the same read() */
				k = strchr(buf + 1, '\n');
				k = k ? k + 1 : buf + n;
				n -= k - buf;
			}
			if (n > 0 && write(master, k, n) != n)
				perror("ptyrun: write");
		}
		if (p[2].revents & POLLIN) {
			fcntl(master, F_SETFL, O_NONBLOCK);
			copy(master, outfd);
			close(master);
			master = -1;
			while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
				;
			break;
		}
		/* Nobody has the slave open: the master is kept, as sshd
		 * keeps it while the session lives, but no longer read; the
		 * child's end or -H ends the loop. */
		if ((p[0].revents & (POLLHUP | POLLERR)) && !(p[0].revents & POLLIN))
			slave_gone = 1;
	}
	if (master >= 0) {
		fcntl(master, F_SETFL, O_NONBLOCK);
		copy(master, outfd);
		close(master);
	}

	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}
