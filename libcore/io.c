/* SPDX-License-Identifier: 0BSD */
/* System call wrappers that retry on EINTR and finish short writes. */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
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

/* The system call itself: musl's open() (variadic, a
 * cancellation point, a close-on-exec fix-up for kernels before 2.6.23)
 * adds only O_LARGEFILE. */
int hb_openat(int dir, const char *path, int flags, int mode)
{
	int fd;

	do
		fd = syscall(SYS_openat, dir, path, flags | O_LARGEFILE, mode);
	while (fd < 0 && errno == EINTR);
	return fd;
}

/* The system call where there is one: musl's dup2() only adds a retry
 * on EBUSY, which Linux returns in a race with open() in another
 * thread.  aarch64 has only dup3(), which musl's wraps. */
int hb_dup2(int from, int to)
{
	int fd;

	do
#ifdef SYS_dup2
		fd = syscall(SYS_dup2, from, to);
#else
		fd = dup2(from, to);
#endif
	while (fd < 0 && errno == EINTR);
	return fd;
}

void hb_close(int fd)
{
	int saved = errno;

	close(fd);
	errno = saved;
}

/* fcntl(2) without musl's wrapper (its code is for F_GETOWN and
 * kernels before 2.6.24).  32-bit ABIs take struct flock's 64-bit offsets
 * through fcntl64, as musl's wrapper does. */
long hb_fcntl(int fd, int cmd, long arg)
{
#ifdef SYS_fcntl64
	return syscall(SYS_fcntl64, fd, cmd, arg);
#else
	return syscall(SYS_fcntl, fd, cmd, arg);
#endif
}

/* pipe2(fd, O_CLOEXEC) without musl's fallback for kernels before 2.6.27. */
int hb_pipe(int fd[2])
{
	return syscall(SYS_pipe2, fd, O_CLOEXEC);
}

/* ioctl(2) with an int or pointer ARG, the system call itself: on
 * 32-bit ABIs musl's wrapper carries time64 conversions for
 * ioctls that hupbox never makes. */
int hb_ioctl(int fd, int req, long arg)
{
	return syscall(SYS_ioctl, fd, req, arg);
}

/* isatty() without musl's errno fix-up (EBADF or ENOTTY), which no caller
 * reads: the ioctl isatty() makes. */
int hb_isatty(int fd)
{
	struct winsize ws;

	return !hb_ioctl(fd, TIOCGWINSZ, (long)&ws);
}

/* readlink(), the link NUL-terminated in SIZE bytes: the system call
 * itself, as musl's wrapper only adds a case for a 0-byte buffer. */
int hb_readlink(const char *path, char *buf, size_t size)
{
	long n = syscall(SYS_readlinkat, AT_FDCWD, path, buf, size - 1);

	if (n >= 0)
		buf[n] = 0;
	return n;
}

/* NAME in directory DIR (AT_FDCWD: a path) into BUF, read to its end or
 * SIZE - 1 bytes and NUL-terminated (empty when it cannot be read),
 * without following a link at NAME or waiting for a FIFO's writer (the
 * caller may have seen a regular file there that another user can swap).
 * Its length, or -1 with errno.  /proc files come a page a read. */
int hb_read_file(int dir, const char *name, char *buf, size_t size)
{
	int fd = hb_openat(dir, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0);
	size_t len = 0;
	ssize_t n = fd;	/* -1: not opened, and nothing read */

	if (fd >= 0) {
		while (len < size - 1 && (n = read(fd, buf + len, size - 1 - len)) > 0)
			len += n;
		hb_close(fd);
	}
	buf[len] = 0;
	return n < 0 ? -1 : (int)len;
}

/* fstatat(2).  On x86_64 and aarch64 musl's struct stat is the kernel's,
 * so the system call fills it: musl's fstatat() copies it field by field
 * and carries a /proc/self/fd fallback for O_PATH fds of kernels before
 * 3.6.  32-bit ABIs and glibc keep the libc's conversions. */
#if !defined(__GLIBC__) && defined(__x86_64__) && defined(__LP64__)
#define KSTAT_SIZE 144	/* the kernel's: arch/x86/include/uapi/asm/stat.h */
#elif !defined(__GLIBC__) && defined(__aarch64__)
#define KSTAT_SIZE 128	/* include/uapi/asm-generic/stat.h */
#endif
int hb_fstatat(int dir, const char *path, struct stat *st, int flags)
{
#ifdef KSTAT_SIZE
	_Static_assert(sizeof(struct stat) == KSTAT_SIZE, "musl's struct stat is not the kernel's");
	/* As musl: an fd's own through fstat, which predates AT_EMPTY_PATH
	 * (Linux 2.6.39). */
	if (flags == AT_EMPTY_PATH && !*path)
		return syscall(SYS_fstat, dir, st);
	return syscall(SYS_newfstatat, dir, path, st, flags);
#else
	return fstatat(dir, path, st, flags);
#endif
}
