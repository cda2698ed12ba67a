/* System call wrappers that retry on EINTR and finish short writes. */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include "hb.h"

int hb_write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= n;
	}
	return 0;
}

int hb_open(const char *path, int flags, int mode)
{
	int fd;

	do
		fd = open(path, flags, mode);
	while (fd < 0 && errno == EINTR);
	return fd;
}

int hb_dup2(int from, int to)
{
	int fd;

	do
		fd = dup2(from, to);
	while (fd < 0 && errno == EINTR);
	return fd;
}

void hb_close(int fd)
{
	int saved = errno;

	close(fd);
	errno = saved;
}
