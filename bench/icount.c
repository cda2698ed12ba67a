/* SPDX-License-Identifier: 0BSD */
/* icount: count the user-mode instructions a command executes, by ptrace
 * single-stepping every one of its processes.  Unlike wall time this is
 * repeatable to the instruction, so it can be compared across runs and
 * machines.
 *
 *   icount CMD [ARG]...
 *
 * Counting starts at the first instruction of CMD and stops, per process,
 * at its next execve (the program it launches is not its cost) or at its
 * exit; forks are followed.  The total is printed on stderr as
 * "icount: N".  Stdio is fine here: this is a host tool, not an applet.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/personality.h>
#include <sys/ptrace.h>
#include <sys/wait.h>

#define MAXT 64

static struct task { pid_t pid; int fresh; } tasks[MAXT];
static int ntasks;

static struct task *find(pid_t pid)
{
	for (int i = 0; i < ntasks; i++)
		if (tasks[i].pid == pid)
			return &tasks[i];
	return NULL;
}

static struct task *add(pid_t pid, int fresh)
{
	struct task *t = find(pid);

	if (t)
		return t;
	if (ntasks == MAXT) {
		fprintf(stderr, "icount: too many processes\n");
		exit(2);
	}
	tasks[ntasks] = (struct task){ pid, fresh };
	return &tasks[ntasks++];
}

static void drop(pid_t pid)
{
	struct task *t = find(pid);

	if (t)
		*t = tasks[--ntasks];
}

static void step(pid_t pid, int sig)
{
	/* ESRCH: killed meanwhile; its exit status is still reported. */
	if (ptrace(PTRACE_SINGLESTEP, pid, 0, (void *)(long)sig) < 0 && errno != ESRCH) {
		perror("icount: PTRACE_SINGLESTEP");
		exit(2);
	}
}

int main(int argc, char **argv)
{
	unsigned long long count = 0;
	int status, rc = 0;
	pid_t top, pid;

	if (argc < 2) {
		fprintf(stderr, "usage: icount CMD [ARG]...\n");
		return 2;
	}
	top = fork();
	if (top < 0) {
		perror("icount: fork");
		return 2;
	}
	if (top == 0) {
		/* Without address randomisation dynamic programs repeat too. */
		personality(ADDR_NO_RANDOMIZE);
		if (ptrace(PTRACE_TRACEME, 0, 0, 0) < 0) {
			perror("icount: PTRACE_TRACEME");
			_exit(2);
		}
		execvp(argv[1], argv + 1);
		fprintf(stderr, "icount: %s: %s\n", argv[1], strerror(errno));
		_exit(127);
	}
	/* The stop after the initial execve: counting starts here. */
	if (waitpid(top, &status, 0) < 0 || !WIFSTOPPED(status)) {
		fprintf(stderr, "icount: %s did not start\n", argv[1]);
		return 2;
	}
	if (ptrace(PTRACE_SETOPTIONS, top, 0, (void *)(long)(PTRACE_O_TRACEEXEC |
	    PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK | PTRACE_O_TRACECLONE)) < 0) {
		perror("icount: PTRACE_SETOPTIONS");
		return 2;
	}
	add(top, 0);
	step(top, 0);
	while (ntasks > 0) {
		pid = waitpid(-1, &status, __WALL);
		if (pid < 0) {
			if (errno == EINTR)
				continue;
			if (errno == ECHILD)
				break;
			perror("icount: waitpid");
			return 2;
		}
		if (WIFEXITED(status) || WIFSIGNALED(status)) {
			if (pid == top)
				rc = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
			drop(pid);
			continue;
		}
		if (!WIFSTOPPED(status))
			continue;
		struct task *t = find(pid);
		int sig = WSTOPSIG(status), event = status >> 16;

		if (!t) {
			/* A new child can report before its parent's fork event. */
			t = add(pid, 1);
		}
		if (event == PTRACE_EVENT_EXEC) {
			/* It now runs the launched program: not ours to count. */
			ptrace(PTRACE_DETACH, pid, 0, 0);
			/* We still reap the top one: it is our child. */
			if (pid != top)
				drop(pid);
			continue;
		}
		if (event == PTRACE_EVENT_FORK || event == PTRACE_EVENT_VFORK ||
		    event == PTRACE_EVENT_CLONE) {
			unsigned long child;

			if (ptrace(PTRACE_GETEVENTMSG, pid, 0, &child) == 0)
				add((pid_t)child, 1);
			step(pid, 0);
			continue;
		}
		if (sig == SIGSTOP && t->fresh) {
			t->fresh = 0;
			step(pid, 0);
			continue;
		}
		if (sig == SIGTRAP && !event) {
			count++;
			step(pid, 0);
			continue;
		}
		step(pid, sig);	/* a real signal: deliver it */
	}
	fprintf(stderr, "icount: %llu\n", count);
	return rc;
}
