/* victim: the target process of the detachpid benchmark.
 *
 *   victim busy|idle REPORT
 *
 * Loops reading CLOCK_MONOTONIC, spinning (busy) or sleeping 1 ms between
 * reads (idle), and remembers the longest gap between two reads and when
 * it ended: that is how long something outside stopped it, and when it
 * ran again.  SIGUSR2 writes "SEQ GAP_NS END_NS" to REPORT and starts over;
 * SEQ counts the reports, so a reader knows when a new one is there.
 * REPORT is first written (SEQ 0) once the loop runs: "ready".
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>	/* rename */
#include <string.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t asked;

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

static void report(const char *path, long long gap, long long end)
{
	static unsigned long long seq;
	char buf[96], *p = buf, tmp[4096];
	int fd;

	p = num(p, seq++);
	*p++ = ' ';
	p = num(p, gap);
	*p++ = ' ';
	p = num(p, end);
	*p++ = '\n';
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
	long long prev, t, gap = 0, end = 0;
	int busy;

	if (argc != 3)
		return 2;
	busy = !strcmp(argv[1], "busy");
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr2;
	sigaction(SIGUSR2, &sa, 0);
	prev = now();
	report(argv[2], 0, prev);
	for (;;) {
		if (!busy)
			nanosleep(&ms, 0);
		t = now();
		if (t - prev > gap) {
			gap = t - prev;
			end = t;
		}
		prev = t;
		if (asked) {
			asked = 0;
			report(argv[2], busy ? gap : gap - 1000000, end);
			gap = 0;
			prev = now();
		}
	}
}
