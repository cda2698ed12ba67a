/* SPDX-License-Identifier: 0BSD */
/* victim: the target process of the detachpid benchmark.
 *
 *   victim busy|idle REPORT
 *
 * Loops reading CLOCK_MONOTONIC, spinning (busy) or sleeping 1 ms between
 * reads (idle), and records every gap between two reads that is longer
 * than expected (50 us beyond the sleep): when it stopped running and when
 * it ran again.  The harness picks the gaps that overlap a detachpid run,
 * so preemption at other times does not count.  SIGUSR2 writes
 * "SEQ" then "START_NS END_NS" per gap to REPORT and starts over; SEQ
 * counts the reports, so a reader knows when a new one is there.  REPORT
 * is first written (SEQ 0) once the loop runs: "ready".
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>	/* rename */
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAXGAPS 512

static volatile sig_atomic_t asked;
static long long gaps[MAXGAPS][2];
static int ngaps;
static char buf[MAXGAPS * 42 + 32];

static void on_usr2(int sig)
{
	(void)sig;
	asked = 1;
}

static long long now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static char *num(char *p, unsigned long long v)
{
	char tmp[24];
	int n = 0;

	do
		tmp[n++] = '0' + v % 10;
	while (v /= 10);
	while (n)
		*p++ = tmp[--n];
	return p;
}

static void report(const char *path)
{
	static unsigned long long seq;
	char *p = buf, tmp[4096];
	int fd, i;

	p = num(p, seq++);
	*p++ = '\n';
	for (i = 0; i < ngaps; i++) {
		p = num(p, gaps[i][0]);
		*p++ = ' ';
		p = num(p, gaps[i][1]);
		*p++ = '\n';
	}
	ngaps = 0;
	/* Written beside it and renamed: the reader never sees half. */
	if (strlen(path) + 5 > sizeof(tmp))
		_exit(2);
	strcpy(tmp, path);
	strcat(tmp, ".tmp");
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write(fd, buf, p - buf) < 0 || close(fd) < 0 || rename(tmp, path) < 0)
		_exit(2);
}

int main(int argc, char **argv)
{
	struct sigaction sa;
	struct timespec ms = { 0, 1000000 };
	long long prev, t, limit;
	int busy;

	if (argc != 3)
		return 2;
	busy = !strcmp(argv[1], "busy");
	limit = busy ? 50000 : 1050000;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr2;
	sigaction(SIGUSR2, &sa, 0);
	report(argv[2]);
	prev = now();
	for (;;) {
		if (!busy)
			nanosleep(&ms, 0);
		t = now();
		if (t - prev > limit && ngaps < MAXGAPS) {
			gaps[ngaps][0] = busy ? prev : prev + 1000000;
			gaps[ngaps++][1] = t;
		}
		prev = t;
		if (asked) {
			asked = 0;
			report(argv[2]);
			prev = now();
		}
	}
}
