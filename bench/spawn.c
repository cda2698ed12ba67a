/* SPDX-License-Identifier: 0BSD */
/* spawn: wall-time figures that need a tight loop, not a shell.
 *
 *   spawn time N CMD [ARG]... [--- BASE [ARG]...]
 *	posix_spawn+wait CMD N times; prints "median_ns min_ns".  With BASE,
 *	BASE is run after each CMD and "median_ns base_median_ns" printed:
 *	interleaved, both see the same drift of a shared machine.
 *   spawn once CMD [ARG]...
 *	one posix_spawn+wait; prints "start_ns end_ns status" (monotonic).
 *   spawn contend SECONDS LOCKFILE CMD [ARG]... [--- CMD2 [ARG]...]
 *	two workers, each with its own open LOCKFILE as fd 3, run CMD (and,
 *	when CMD succeeded, CMD2) in a loop for SECONDS; prints
 *	"ok_per_second busy_per_second" summed over both.
 *
 * Children get /dev/null as fds 0-2.  Stdio is fine here: a host tool.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/wait.h>

extern char **environ;
static posix_spawn_file_actions_t fa;

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Exit status of one spawn+wait; -1 when it could not be spawned. */
static int run(char **argv)
{
	pid_t pid;
	int err, status;

	/* Off the terminal and quiet: nohup then neither redirects nor
	 * talks, and our own stdout carries only the figures. */
	err = posix_spawn(&pid, argv[0], &fa, NULL, argv, environ);
	if (err) {
		fprintf(stderr, "spawn: %s: %s\n", argv[0], strerror(err));
		exit(2);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			perror("spawn: waitpid");
			exit(2);
		}
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static int cmp(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return x < y ? -1 : x > y;
}

static long long median(long long *t, int n)
{
	qsort(t, n, sizeof(*t), cmp);
	return t[n / 2];
}

static int do_time(int n, char **argv, char **base)
{
	long long *t = malloc(2 * n * sizeof(*t)), *tb = t + n;
	int i, bad = 0;

	if (!t || n < 1)
		return 2;
	for (i = 0; i < n; i++) {
		long long t0 = now_ns();

		if (run(argv) != 0)
			bad++;
		t[i] = now_ns() - t0;
		if (base) {
			t0 = now_ns();
			if (run(base) != 0)
				bad++;
			tb[i] = now_ns() - t0;
		}
	}
	if (bad) {
		fprintf(stderr, "spawn: %s failed %d of %d times\n", argv[0], bad, n);
		return 1;
	}
	if (base)
		printf("%lld %lld\n", median(t, n), median(tb, n));
	else
		printf("%lld %lld\n", median(t, n), t[0]);
	return 0;
}

static int do_contend(double secs, const char *lock, char **cmd1, char **cmd2)
{
	long long *shared = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
				 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	pid_t w[2];
	int i;

	if (shared == MAP_FAILED) {
		perror("spawn: mmap");
		return 2;
	}
	long long end = now_ns() + (long long)(secs * 1e9);

	for (i = 0; i < 2; i++) {
		w[i] = fork();
		if (w[i] < 0) {
			perror("spawn: fork");
			return 2;
		}
		if (w[i] == 0) {
			long long ok = 0, busy = 0;
			/* Each worker its own open file: flock(2) locks belong
			 * to the open file description. */
			int fd = open(lock, O_RDONLY | O_CREAT, 0644);

			if (fd < 0 || dup2(fd, 3) < 0) {
				perror("spawn: lock file");
				_exit(2);
			}
			if (fd != 3)
				close(fd);
			while (now_ns() < end) {
				if (run(cmd1) == 0) {
					ok++;
					if (cmd2 && run(cmd2) != 0) {
						fprintf(stderr, "spawn: %s failed\n", cmd2[0]);
						_exit(1);
					}
				} else
					busy++;
			}
			shared[2 * i] = ok;
			shared[2 * i + 1] = busy;
			_exit(0);
		}
	}
	for (i = 0; i < 2; i++) {
		int status;

		if (waitpid(w[i], &status, 0) < 0 || !WIFEXITED(status) ||
		    WEXITSTATUS(status))
			return 1;
	}
	printf("%.0f %.0f\n", (shared[0] + shared[2]) / secs, (shared[1] + shared[3]) / secs);
	return 0;
}

int main(int argc, char **argv)
{
	posix_spawn_file_actions_init(&fa);
	for (int fd = 0; fd < 3; fd++)
		posix_spawn_file_actions_addopen(&fa, fd, "/dev/null", O_RDWR, 0);
	if (argc >= 3 && !strcmp(argv[1], "once")) {
		long long t0 = now_ns();
		int st = run(argv + 2);

		printf("%lld %lld %d\n", t0, now_ns(), st);
		return 0;
	}
	if (argc >= 4 && !strcmp(argv[1], "time")) {
		char **base = NULL;

		for (int i = 3; i < argc; i++)
			if (!strcmp(argv[i], "---")) {
				argv[i] = NULL;
				base = argv + i + 1;
				break;
			}
		return do_time(atoi(argv[2]), argv + 3, base && *base ? base : NULL);
	}
	if (argc >= 5 && !strcmp(argv[1], "contend")) {
		char **cmd2 = NULL;

		for (int i = 4; i < argc; i++)
			if (!strcmp(argv[i], "---")) {
				argv[i] = NULL;
				cmd2 = argv + i + 1;
				break;
			}
		return do_contend(atof(argv[2]), argv[3], argv + 4, cmd2);
	}
	fprintf(stderr, "usage: spawn once CMD... | spawn time N CMD... | spawn contend SECS LOCK CMD... [--- CMD2...]\n");
	return 2;
}
