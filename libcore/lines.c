/* SPDX-License-Identifier: 0BSD */
/* Text files without stdio: inittab, /etc/passwd, /etc/group.  See lines.h. */
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "hb.h"
#include "lines.h"

int sv_lines(const char *file, int (*fn)(char *, int, void *), void *arg)
{
	char in[128], line[512], c;
	size_t i = 0, got = 0, n = 0;
	ssize_t r;
	struct stat st;
	/* O_NONBLOCK: a FIFO (or a tty) planted at FILE must not block the
	 * open, which would hold PID 1 away from its signals; O_NOCTTY: a
	 * tty must not become init's controlling terminal.  Symbolic links
	 * are followed: firmware links /etc/inittab into a read-only or
	 * overlay file system, and only root can plant one in /etc. */
	int fd = hb_open(file, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC, 0);
	int nr = 0, over = 0, ret = 0;

	if (fd < 0)
		return -1;
	if (hb_fstatat(fd, "", &st, AT_EMPTY_PATH))
		ret = -1;
	else if (!S_ISREG(st.st_mode))
		ret = SV_NOT_FILE;
	/* A byte at a time into line: nothing to move to the front after
	 * each read (musl's memmove is large on arm and mips). */
	while (!ret) {
		if (i == got) {
			/* No EINTR: the caught signals are blocked outside
			 * ppoll.  An error (EIO) ends it: read again, it
			 * would spin. */
			r = read(fd, in, sizeof(in));
			if (r < 0) {
				ret = -1;
				break;
			}
			if (!r) {
				if (!n && !over)
					break;
				in[0] = '\n';	/* a last line without newline */
				r = 1;
			}
			got = r;
			i = 0;
		}
		c = in[i++];
		if (c != '\n') {
			if (n < sizeof(line) - 1)
				line[n++] = c;
			else
				over = 1;
			continue;
		}
		line[n] = 0;
		ret = fn(over ? NULL : line, ++nr, arg);
		n = over = 0;
	}
	hb_close(fd);
	return ret;
}

char *sv_sep(char **sp, const char *delim)
{
	char *s = *sp, *p = s;

	if (!s)
		return NULL;
	while (*p && !strchr(delim, *p))
		p++;
	*sp = *p ? p + 1 : NULL;
	*p = 0;
	return s;
}

int sv_fields(char *line, char **f, int n)
{
	int i;

	for (f[0] = line, i = 1; i < n; i++) {
		f[i] = strchr(f[i - 1], ':');
		if (!f[i])
			break;
		*f[i]++ = 0;
	}
	return i;
}
