/* SPDX-License-Identifier: 0BSD */
/* A supervised child for the respawn and init tests: stamps its own start,
 * exit, readiness and caught signals with CLOCK_MONOTONIC (microseconds)
 * into a file, so timing is measured where it happens, not by the test.
 * "start US PID FORK_US": FORK_US is when the supervisor forked it (from
 * /proc/self/stat, to 1/100 s), before exec and the dynamic loader, which
 * a loaded machine's page faults can delay by a large fraction of a second.
 *
 *   supervise-child -f STAMPS [-x CODE] [-s MS] [-H RUN:MS] [-T] [-c] [-p]
 *                   [-w FD:TEXT] [-g FILE] [-r FD:MS] [-o LINES] [-z ORPHANS]
 *
 * -x exit code (default 1); -s run MS before exiting; -H on run number RUN
 * (1-based, counted from the stamps) run MS instead; -T ignore SIGTERM;
 * -c catch HUP QUIT USR1 USR2 ALRM WINCH and stamp them; -p wait for
 * signals forever; -w write TEXT to the pipe FD, wait (10 s at most) until
 * its reader has taken it all and stamp "drained" (else "undrained");
 * -g then wait (10 s at most) for FILE to exist;
 * -r after MS stamp "ready" and write a newline to FD;
 * -o write LINES numbered lines to stdout; -z leave ORPHANS grandchildren
 * that exit after 0.2 s (zombies for whoever reaps orphans).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/wait.h>

static int fd = -1;

static long long now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

static void stamp(const char *what, long long v)
{
	char buf[96];
	int n = snprintf(buf, sizeof(buf), "%s %lld %d\n", what, v, (int)getpid());

	if (write(fd, buf, n) != n)
		_exit(99);
}

/* When this process was forked, on the CLOCK_MONOTONIC scale in
 * microseconds (its start time is kept since boot, in clock ticks); -1
 * when /proc cannot say. */
static long long forked_us(void)
{
	char buf[1024], *p;
	unsigned long long ticks;
	struct timespec mono, boot;
	int f = open("/proc/self/stat", O_RDONLY), n, i;

	if (f < 0)
		return -1;
	n = read(f, buf, sizeof(buf) - 1);
	close(f);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	p = strrchr(buf, ')');	/* the name may hold blanks */
	for (i = 2; p && i < 22; i++)	/* to field 22, starttime */
		p = strchr(p + 1, ' ');
	if (!p || sscanf(p, " %llu", &ticks) != 1)
		return -1;
	clock_gettime(CLOCK_MONOTONIC, &mono);
	clock_gettime(CLOCK_BOOTTIME, &boot);
	return ticks * 1000000 / sysconf(_SC_CLK_TCK) -
	       ((boot.tv_sec - mono.tv_sec) * 1000000LL + (boot.tv_nsec - mono.tv_nsec) / 1000);
}

static void on_sig(int sig)
{
	stamp("sig", sig);
}

static void sleep_ms(long ms)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	ts.tv_sec += ms / 1000;
	ts.tv_nsec += ms % 1000 * 1000000;
	if (ts.tv_nsec >= 1000000000) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000;
	}
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
		;
}

static int runs(const char *file)
{
	char buf[4096];
	int f = open(file, O_RDONLY), n = 0;
	ssize_t r;
	char *p;

	if (f < 0)
		return 0;
	while ((r = read(f, buf, sizeof(buf) - 1)) > 0) {
		buf[r] = 0;
		/* stamps are short lines; one rarely straddles a block boundary
		 * and tests keep files far below that anyway */
		for (p = buf; (p = strstr(p, "start ")); p++)
			n++;
	}
	close(f);
	return n;
}

int main(int argc, char **argv)
{
	const char *file = NULL, *go = NULL;
	char text[64] = "";
	int c, code = 1, wfd = -1, hrun = 0, pause_ = 0, catch = 0, rfd = -1, lines = 0;
	int orphans = 0, run, i;
	long ms = 0, hms = 0, rms = 0;

	while ((c = getopt(argc, argv, "f:x:s:H:Tcpw:g:r:o:z:")) != -1) {
		switch (c) {
		case 'f': file = optarg; break;
		case 'x': code = atoi(optarg); break;
		case 's': ms = atol(optarg); break;
		case 'H': sscanf(optarg, "%d:%ld", &hrun, &hms); break;
		case 'T': signal(SIGTERM, SIG_IGN); break;
		case 'c': catch = 1; break;
		case 'p': pause_ = 1; break;
		case 'w': sscanf(optarg, "%d:%63s", &wfd, text); break;
		case 'g': go = optarg; break;
		case 'r': sscanf(optarg, "%d:%ld", &rfd, &rms); break;
		case 'o': lines = atoi(optarg); break;
		case 'z': orphans = atoi(optarg); break;
		default: return 98;
		}
	}
	if (!file)
		return 98;
	run = runs(file) + 1;
	fd = open(file, O_WRONLY | O_APPEND | O_CREAT, 0644);
	if (fd < 0)
		return 97;
	if (catch) {
		struct sigaction sa;
		int sigs[] = { SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM, SIGWINCH };

		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_sig;
		for (i = 0; i < 6; i++)
			sigaction(sigs[i], &sa, NULL);
	}
	{
		char buf[96];
		int n = snprintf(buf, sizeof(buf), "start %lld %d %lld\n", now_us(), (int)getpid(),
				 forked_us());

		if (write(fd, buf, n) != n)
			_exit(99);
	}
	for (i = 1; i <= lines; i++)
		printf("run %d line %d\n", run, i);
	fflush(stdout);
	for (i = 0; i < orphans; i++) {
		pid_t p = fork();

		if (p == 0) {
			if (fork() == 0) {
				usleep(200000);
				_exit(0);
			}
			_exit(0);
		}
		if (p > 0)
			waitpid(p, NULL, 0);
	}
	if (wfd >= 0) {
		int left = -1;

		if (write(wfd, text, strlen(text)) == (ssize_t)strlen(text))
			for (i = 0; i < 1000 && !ioctl(wfd, FIONREAD, &left) && left > 0; i++)
				sleep_ms(10);
		stamp(left ? "undrained" : "drained", now_us());
	}
	for (i = 0; go && i < 1000 && access(go, F_OK); i++)
		sleep_ms(10);
	if (rfd >= 0) {
		sleep_ms(rms);
		stamp("ready", now_us());
		if (write(rfd, "\n", 1) != 1)
			stamp("readyfail", errno);
	}
	if (pause_)
		for (;;)
			pause();
	sleep_ms(run == hrun ? hms : ms);
	stamp("exit", now_us());
	return code;
}
