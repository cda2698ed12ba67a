/* SPDX-License-Identifier: 0BSD */
/*
 * detachpid-target: processes for detachpid's tests to detach.
 *
 *   detachpid-target [-S|-X] [-D] [-K US] MODE [ARG]
 *
 *   beat [MS]     "beat N" on stdout every MS ms (default 20); exit 3 when a
 *                 write fails (as a job on a hung-up terminal does)
 *   read          "ready", then one read(0): prints "read N ERRNO" and exits
 *   sleep MS      "ready", one nanosleep of MS ms, then "slept N" (ms
 *                 measured) or "nanosleep ERRNO" and exit 1
 *   busy          never makes a syscall except "beat N" every 100 ms
 *                 (clock_gettime through the vdso)
 *   threads N     beat, with N more threads sleeping in a loop
 *   vfork         vfork a child that pauses: the parent sleeps
 *                 uninterruptibly; prints "resumed" when the child dies
 *   zombie        fork a child that exits at once, print its pid, never
 *                 reap it, pause
 *   usr1 [MS [H]] beat, as "beat N usr1 M": M SIGUSR1s handled so far; with
 *                 H, the handler sleeps H ms between "handler in" and "out"
 *   churn [N]     beat, while N (default 1) more threads each start
 *                 short-lived threads one after the other, for ever
 *   block KIND MS "ready", then one call that waits MS ms: poll, epoll
 *                 (epoll_wait), futex (FUTEX_WAIT), wait (waitpid of a
 *                 child that sleeps MS ms); then "KIND R ERR T": its
 *                 result, "-", EINTR, ETIMEDOUT or strerror, T ms measured
 * -S: first install a seccomp filter that fails dup2/dup3 with EPERM;
 * -X: the same with ESRCH, which a call may return of its own (FUSE).
 * -D: first make the process non-dumpable (as a setuid program is).
 * -K US: a watcher process (a child) SIGKILLs the target US microseconds
 *     after it sees it traced: a target killed at a chosen point of an
 *     injection.
 * Written for the host and for static musl (x86_64, i386) builds.
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <sys/syscall.h>
#if __has_include(<linux/seccomp.h>)
#include <linux/filter.h>
#include <linux/seccomp.h>
#define HAVE_SECCOMP 1
#endif

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static void say(const char *fmt, long v, const char *s)
{
	char buf[128];
	int n = snprintf(buf, sizeof(buf), fmt, v, s);

	if (write(1, buf, n) != n)
		exit(3);
}

static void msleep(long ms)
{
	struct timespec ts = { ms / 1000, ms % 1000 * 1000000 };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static void *sleeper(void *arg)
{
	(void)arg;
	for (;;)
		msleep(5);
	return NULL;
}

static volatile sig_atomic_t usr1s;
static long handler_ms;
static void on_usr1(int sig)
{
	(void)sig;
	if (handler_ms) {
		/* in the handler for a while, saying so around it */
		say("handler in\n", 0, "");
		msleep(handler_ms);
		say("handler out\n", 0, "");
	}
	usr1s++;
}

static void *quick(void *arg) { return arg; }

static void *spawner(void *arg)
{
	pthread_t t;

	for (;;)
		if (!pthread_create(&t, NULL, quick, arg))
			pthread_join(t, NULL);
	return NULL;
}

static long long now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

/* The watcher of -K: spins on TracerPid (a ptrace attach sends no event
 * the watcher could wait for), then waits US more and kills. */
static void killer(long us)
{
	pid_t t = getpid();
	char path[64], buf[2048], *p;
	long long end;
	FILE *f;

	if (fork())
		return;
	snprintf(path, sizeof(path), "/proc/%d/status", (int)t);
	for (;;) {
		if (getppid() != t || !(f = fopen(path, "r")))
			_exit(0);
		buf[fread(buf, 1, sizeof(buf) - 1, f)] = 0;
		fclose(f);
		if ((p = strstr(buf, "TracerPid:")) && strtol(p + 10, NULL, 10) > 0)
			break;
	}
	for (end = now_us() + us; now_us() < end; )
		;
	kill(t, SIGKILL);
	_exit(0);
}

static void deny_dup(int err)
{
#if defined(HAVE_SECCOMP) && defined(SYS_dup3)
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_dup3, 2, 0),
#ifdef SYS_dup2
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_dup2, 1, 0),
#else
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_dup3, 1, 0),
#endif
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | err),
	};
	struct sock_fprog prog = { sizeof(f) / sizeof(f[0]), f };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog)) {
		perror("seccomp");
		exit(2);
	}
#else
	(void)err;
	fprintf(stderr, "detachpid-target: no seccomp in this build\n");
	exit(2);
#endif
}

int main(int argc, char **argv)
{
	const char *mode;
	long arg, n = 0;

	for (; argc > 1 && argv[1][0] == '-'; argv++, argc--) {
		if (argv[1][1] == 'S' || argv[1][1] == 'X')
			deny_dup(argv[1][1] == 'S' ? EPERM : ESRCH);
		else if (argv[1][1] == 'K' && argc > 2) {
			killer(atol(argv[2]));
			argv++, argc--;
		} else if (argv[1][1] == 'D' && prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)) {
			perror("PR_SET_DUMPABLE");
			return 2;
		}
	}
	if (argc < 2) {
		fprintf(stderr, "usage: detachpid-target [-S|-X] [-D] [-K US] beat|read|sleep|busy|threads|vfork|zombie|usr1|churn|block [ARG]\n");
		return 2;
	}
	mode = argv[1];
	arg = argc > 2 ? atol(argv[2]) : 0;

	if (!strcmp(mode, "usr1")) {
		handler_ms = argc > 3 ? atol(argv[3]) : 0;
		signal(SIGUSR1, on_usr1);
		for (;;) {
			printf("beat %ld usr1 %d\n", n++, (int)usr1s);
			if (fflush(stdout))
				return 3;
			msleep(arg > 0 ? arg : 20);
		}
	}
	if (!strcmp(mode, "block") && argc > 3) {
		static int word;
		long ms = atol(argv[3]), r = -1;
		/* the futex call's timespec: longs (time32 on 32-bit) */
		long ts[2] = { ms / 1000, ms % 1000 * 1000000 };
		struct epoll_event ev;
		long long t0;
		int ep = epoll_create1(0), st;
		pid_t c = 1;

		if (!strcmp(argv[2], "wait") && !(c = fork())) {
			msleep(ms);
			_exit(0);
		}
		say("ready\n", 0, "");
		t0 = now_ms();
		errno = 0;
		switch (argv[2][0]) {
		case 'p': r = poll(NULL, 0, ms); break;
		case 'e': r = epoll_wait(ep, &ev, 1, ms); break;
		case 'f': r = syscall(SYS_futex, &word, 0 /* FUTEX_WAIT */, 0, &ts); break;
		case 'w': r = waitpid(c, &st, 0); break;
		}
		t0 = now_ms() - t0;
		printf("%s %ld %s %lld\n", argv[2], r, !errno ? "-" : errno == EINTR ? "EINTR" :
		       errno == ETIMEDOUT ? "ETIMEDOUT" : strerror(errno), t0);
		return fflush(stdout) ? 3 : 0;
	}
	if (!strcmp(mode, "churn")) {
		pthread_t t;

		for (long i = 0; i < (arg > 0 ? arg : 1); i++)
			if (pthread_create(&t, NULL, spawner, NULL))
				return 2;
		mode = "beat";
		arg = 0;
	}
	if (!strcmp(mode, "beat") || !strcmp(mode, "threads")) {
		if (mode[0] == 't') {
			pthread_t t;

			for (long i = 0; i < arg; i++)
				if (pthread_create(&t, NULL, sleeper, NULL))
					return 2;
			arg = 0;
		}
		for (;;) {
			say("beat %ld\n", n++, "");
			msleep(arg > 0 ? arg : 20);
		}
	}
	if (!strcmp(mode, "read")) {
		char c;
		ssize_t r;

		say("ready\n", 0, "");
		r = read(0, &c, 1);
		say("read %ld %s\n", r, r < 0 ? strerror(errno) : "-");
		return 0;
	}
	if (!strcmp(mode, "sleep")) {
		struct timespec ts = { arg / 1000, arg % 1000 * 1000000 };
		long long t0 = now_ms();

		say("ready\n", 0, "");
		if (nanosleep(&ts, NULL) < 0) {
			say("nanosleep %ld %s\n", errno, strerror(errno));
			return 1;
		}
		say("slept %ld\n", now_ms() - t0, "");
		return 0;
	}
	if (!strcmp(mode, "busy")) {
		long long next = now_ms();

		say("ready\n", 0, "");
		for (;;)
			if (now_ms() >= next) {
				say("beat %ld\n", n++, "");
				next += 100;
			}
	}
	if (!strcmp(mode, "vfork")) {
		pid_t pid;

		say("ready\n", 0, "");
		pid = vfork();
		if (pid == 0) {
			pause();
			_exit(0);
		}
		say("resumed %ld\n", pid, "");
		return 0;
	}
	if (!strcmp(mode, "zombie")) {
		pid_t pid = fork();

		if (pid == 0)
			_exit(0);
		say("%ld\n", pid, "");
		for (;;)
			pause();
	}
	fprintf(stderr, "detachpid-target: unknown mode %s\n", mode);
	return 2;
}
