/* SPDX-License-Identifier: 0BSD */
/* signal-race: libcore's supervision engine, built for the host, under
 * signals that arrive close together (tests/hupbox.test).
 *
 *   signal-race [-h] [ROUNDS]
 *
 * The engine reads its signals from a signalfd: each is queued by the
 * kernel until read, so none can be lost between two checks, by
 * construction; this checks that the signalfd is there and that no
 * handler is installed.  With -h, signalfd() fails (EMFILE: no descriptor
 * left) and the engine falls back on handlers, which set a bit in a word,
 * a load and a store: a second signal whose handler ran between the two
 * would be lost (the PID-1 fuzz lost init's TERM sent right after a CONT
 * that way).  What rules that out is checked: the handler of each signal
 * runs with every other one blocked (its sigaction's sa_mask).
 *
 * Then, in either mode, the race itself, which a fast machine rarely
 * shows: a child sends USR1 then, after a delay that sweeps 0 to 20 us,
 * USR2; the parent, in sv_step() as respawn and init are, waits until it
 * has seen both (1 s at most), then acknowledges on a pipe and the next
 * round starts.  Prints "ok" after ROUNDS rounds (default 2000), else what
 * went wrong.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/resource.h>
#include <unistd.h>
#include "../../libcore/io.c"
#include "../../libcore/sig.c"
#include "../../libcore/parse.c"
#include "../../libcore/proc.c"
#include "../../libcore/supervise.c"

void hb_warn(const char *fmt, ...)
{
	(void)fmt;
}

char *hb_duration(char *buf, unsigned ms)
{
	(void)ms;
	*buf = 0;
	return buf;
}

static void say(const char *fmt, ...)
{
	(void)fmt;
}

static void spin(unsigned ns)
{
	struct timespec a, b;

	clock_gettime(CLOCK_MONOTONIC, &a);
	do
		clock_gettime(CLOCK_MONOTONIC, &b);
	while ((b.tv_sec - a.tv_sec) * 1000000000L + b.tv_nsec - a.tv_nsec < (long)ns);
}

int main(int argc, char **argv)
{
	static struct sv_entry none;
	struct sv s = { .tab = &none, .n = 0, .stride = sizeof(none), .say = say };
	static const int sigs[] = { SIGHUP, SIGTERM, SIGCONT, SIGUSR1, SIGUSR2, SIGCHLD };
	int handlers = argc > 1 && !strcmp(argv[1], "-h");
	int rounds = argc > 1 + handlers ? atoi(argv[1 + handlers]) : 2000;
	int ack[2], r, pid, i, k;
	struct rlimit lim, fds3;
	char c = 0;

	if (handlers) {
		/* no descriptor left for the signalfd: fds 0-2 only */
		getrlimit(RLIMIT_NOFILE, &lim);
		fds3 = lim;
		fds3.rlim_cur = 3;
		setrlimit(RLIMIT_NOFILE, &fds3);
	}
	sv_signals(SV_BIT(SIGHUP) | SV_BIT(SIGTERM) | SV_BIT(SIGCONT) |
		   SV_BIT(SIGUSR1) | SV_BIT(SIGUSR2));
	if (handlers)
		setrlimit(RLIMIT_NOFILE, &lim);
	if ((sigfd >= 0) == handlers) {
		printf(handlers ? "a signalfd with no descriptor left\n" : "no signalfd\n");
		return 1;
	}
	for (i = 0; i < 6; i++) {
		struct sigaction sa;

		sigaction(sigs[i], NULL, &sa);
		if ((sa.sa_handler == SIG_DFL) == handlers) {
			printf("SIG%s: %s\n", sigabbrev_np(sigs[i]),
			       handlers ? "no handler" : "a handler beside the signalfd");
			return 1;
		}
		for (k = 0; handlers && k < 6; k++)
			if (!sigismember(&sa.sa_mask, sigs[k]) && k != i) {
				printf("the SIG%s handler runs with SIG%s unblocked\n",
				       sigabbrev_np(sigs[i]), sigabbrev_np(sigs[k]));
				return 1;
			}
	}
	if (pipe(ack))
		return 2;
	pid = fork();
	if (!pid) {
		pid = getppid();
		for (r = 0; r < rounds; r++) {
			kill(pid, SIGUSR1);
			spin(r % 21 * 1000);
			kill(pid, SIGUSR2);
			if (read(ack[0], &c, 1) != 1)
				_exit(0);
		}
		_exit(0);
	}
	for (r = 0; r < rounds; r++) {
		unsigned long got = 0, want = SV_BIT(SIGUSR1) | SV_BIT(SIGUSR2);

		sv_until = hb_now_ms() + 1000;
		while ((got & want) != want && hb_now_ms() < sv_until)
			got |= sv_step(&s, NULL, 0);
		if ((got & want) != want) {
			printf("lost a signal in round %d\n", r);
			kill(pid, SIGKILL);
			return 1;
		}
		if (write(ack[1], &c, 1) != 1)
			return 2;
	}
	puts("ok");
	return 0;
}
