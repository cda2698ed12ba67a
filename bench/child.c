/* SPDX-License-Identifier: 0BSD */
/* child: the supervised program of the supervision benchmark.
 *
 *   child MODE LOG        (or MODE and LOG from $BENCH_MODE and $BENCH_LOG,
 *                          for supervisors that run ./run without arguments)
 *
 * Appends "S <ns>" (CLOCK_MONOTONIC) to LOG when it starts; MODE "crash"
 * then appends "X <ns>" and exits 1 at once, MODE "idle" waits forever.
 * One write(2) each with O_APPEND, so concurrent lines never mix.
 * Static and stdio-free so that it adds next to nothing to the gaps.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void note(const char *log, char kind)
{
	struct timespec ts;
	char buf[32], *p = buf + sizeof(buf);
	unsigned long long ns;
	int fd;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	ns = ts.tv_sec * 1000000000ULL + ts.tv_nsec;
	*--p = '\n';
	do
		*--p = '0' + ns % 10;
	while (ns /= 10);
	*--p = ' ';
	*--p = kind;
	fd = open(log, O_WRONLY | O_APPEND | O_CREAT, 0644);
	if (fd < 0 || write(fd, p, buf + sizeof(buf) - p) < 0)
		_exit(2);
	close(fd);
}

int main(int argc, char **argv)
{
	const char *mode = argc > 2 ? argv[1] : getenv("BENCH_MODE");
	const char *log = argc > 2 ? argv[2] : getenv("BENCH_LOG");

	if (!mode || !log)
		return 2;
	note(log, 'S');
	if (!strcmp(mode, "crash")) {
		note(log, 'X');
		return 1;
	}
	for (;;)
		pause();
}
