/* SPDX-License-Identifier: 0BSD */
/* Messages to the system log through /dev/log, for respawn -S and init.
 *
 * Never blocking, as respawn's log files: the socket is non-blocking, and
 * a message it cannot take at once (a daemon that stopped reading) is
 * dropped; the caller counts and says it.  A datagram socket first
 * (BusyBox syslogd, OpenWrt's logd, rsyslog, journald), a stream one when
 * /dev/log is that (syslog-ng's unix-stream), each message then ended by
 * a NUL as glibc's syslog() ends it.  Connected at the first message and
 * again at the next one after a send failed for another reason than a
 * full queue (the daemon restarted: its socket is a new one), once per
 * message at most: no polling, no timer, no loop.  A stream that took
 * part of a message is closed, so that the daemon sees the part end and
 * the next message starts on a fresh connection.
 *
 * "<PRI>TAG[PID]: TEXT" without the timestamp of RFC 3164: the daemon
 * stamps a message that has none with the time it receives it (the same
 * instant, on a local socket) in its own time zone, while a static
 * program would need musl's whole time zone code for local time.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include "hb.h"

static int fd = -1;
static int stream HB_HOT;

static int connect_log(void)
{
	/* sockaddr_un's family and the path, without its 108-byte array */
	static const struct {
		unsigned short family;
		char path[9];
	} addr = { AF_UNIX, "/dev/log" };
	int type;

	for (type = SOCK_DGRAM; ; type = SOCK_STREAM) {
		/* The system calls themselves: musl's socket() adds a
		 * fallback for kernels before 2.6.27, send() a wrapper. */
		fd = syscall(SYS_socket, AF_UNIX, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
		if (fd < 0 || !syscall(SYS_connect, fd, &addr, sizeof(addr)))
			break;
		hb_close(fd);
		fd = -1;
		/* a datagram socket at a stream's path: EPROTOTYPE */
		if (type == SOCK_STREAM || errno != EPROTOTYPE)
			break;
	}
	stream = type == SOCK_STREAM;
	return fd;
}

int hb_syslog(const char *msg)
{
	size_t n = strlen(msg);
	ssize_t w;
	int fresh;

	do {
		fresh = fd < 0;
		if (fresh && connect_log() < 0)
			return -1;
		/* with its NUL on a stream */
		w = syscall(SYS_sendto, fd, msg, n + stream, MSG_NOSIGNAL, 0, 0);
		if (w == (ssize_t)(n + stream))
			return 0;
		if (w < 0 && errno == EAGAIN)
			return -1;
		hb_close(fd);
		fd = -1;
		/* once more on a fresh connection, unless this one was
		 * fresh or took a part (dropped: the daemon saw it end) */
	} while (!fresh && w < 0);
	return -1;
}
