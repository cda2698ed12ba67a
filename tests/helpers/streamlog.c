/* SPDX-License-Identifier: 0BSD */
/*
 * streamlog: a syslog daemon of the unix-stream kind (syslog-ng's
 * unix-stream source), for tests of a sender's stream fallback.
 *
 *   streamlog SOCKET FILE
 *
 * Listens on the stream socket SOCKET (replacing whatever is there) and
 * appends to FILE each message read from any connection, one a line: a
 * message ends at a NUL, a newline or the end of its connection (marked
 * " <EOF>" when it ended so, unterminated).  Runs until killed.
 */
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>

#define MAXC 16

int main(int argc, char **argv)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	struct pollfd p[MAXC + 1];
	static char part[MAXC + 1][4096];
	size_t have[MAXC + 1] = { 0 };
	int out, n = 1, i;

	if (argc != 3 || strlen(argv[1]) >= sizeof(a.sun_path)) {
		fprintf(stderr, "usage: streamlog SOCKET FILE\n");
		return 2;
	}
	strcpy(a.sun_path, argv[1]);
	unlink(argv[1]);
	out = open(argv[2], O_WRONLY | O_CREAT | O_APPEND, 0644);
	p[0].fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (out < 0 || p[0].fd < 0 || bind(p[0].fd, (void *)&a, sizeof(a)) ||
	    listen(p[0].fd, 8)) {
		perror("streamlog");
		return 1;
	}
	for (i = 0; i <= MAXC; i++)
		p[i].events = POLLIN;
	for (;;) {
		if (poll(p, n, -1) < 0)
			continue;
		if (p[0].revents && n <= MAXC) {
			p[n].fd = accept(p[0].fd, NULL, NULL);
			if (p[n].fd >= 0)
				have[n++] = 0;
		}
		for (i = 1; i < n; i++) {
			char *b = part[i];
			ssize_t r;
			size_t k, start = 0;

			if (!p[i].revents)
				continue;
			r = read(p[i].fd, b + have[i], sizeof(part[i]) - 1 - have[i]);
			if (r <= 0) {
				if (have[i]) {
					memcpy(b + have[i], " <EOF>\n", 7);
					if (write(out, b, have[i] + 7) < 0)
						return 1;
				}
				close(p[i].fd);
				p[i] = p[--n];
				memcpy(part[i], part[n], have[n]);
				have[i] = have[n];
				i--;
				continue;
			}
			have[i] += r;
			for (k = 0; k < have[i]; k++)
				if (!b[k] || b[k] == '\n') {
					b[k] = '\n';
					if (write(out, b + start, k + 1 - start) < 0)
						return 1;
					start = k + 1;
				}
			memmove(b, b + start, have[i] - start);
			have[i] -= start;
		}
	}
}
