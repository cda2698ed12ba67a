/* SPDX-License-Identifier: 0BSD */
/* The session master (libcore/session.c), shared by dtach and by
 * detachpid --session, and what its clients send it. */
#ifndef SESSION_H
#define SESSION_H

#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/un.h>

/* The system call itself: musl's socket() carries fallbacks for kernels
 * before 2.6.27. */
#define sys_socket(flags) syscall(SYS_socket, AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | (flags), 0)

/* Packets from a client to the master: one write each.  ATTACH and
 * REATTACH (after a suspend: no replay) carry the window size and the
 * redraw method (len). */
enum { PUSH, DETACH, WINCH, INFO, ATTACH, REATTACH };
/* Redraw methods, as the client asks (ATTACH's len). */
enum { R_UNSET, R_NONE, R_CTRL_L, R_WINCH };	/* R_UNSET: ctrl_l */
struct packet {
	unsigned char type, len;
	unsigned short pad;
	union {
		unsigned char buf[60];
		struct winsize ws;
	} u;
};

/* The socket's name (the master removes it at the end), the session's
 * redraw method for a client that names none, the scrollback ring (size 0:
 * none) and the command -l shows, after a leading space. */
extern const char *session_name;
extern int session_redraw;
extern char *session_ring;
extern size_t session_ring_size;
extern char session_command[256];

/* Signals: blocked except inside ppoll(); a handler sets a bit.  Signal n
 * is bit n - 1 of a sigset_t's first word, the kernel's layout. */
union session_mask {
	sigset_t set;
	unsigned long w;
};
/* The signal mask inside ppoll(): the caller's, less the handled ones. */
extern union session_mask session_wait_mask;
#define BIT(sig) (1UL << ((sig) - 1))
/* Handle each signal of MASK (bits as sigset_t's), blocked but in
 * session_wait(). */
void session_catch(unsigned long mask);
/* ppoll() until an event or the end of TIMEOUT (NULL: none), the handled
 * signals open; the signals caught (signal n as BIT(n) << 1), and
 * SESSION_IDLE when the time ran out (bit 0: there is no signal 0). */
#define SESSION_IDLE 1UL
unsigned long session_wait(struct pollfd *fds, int n, struct timespec *timeout);

/* A socket at NAME, listening (1) or connected (0); -1 with errno. */
int session_socket(const char *name, int listening);
/* The listening socket NAME, created 0600, non-blocking; -1 with errno
 * (EADDRINUSE: NAME exists). */
#define session_listen(name) session_socket(name, 1)
/* A connection to the session at NAME; -1 with errno (ECONNREFUSED: no
 * master behind it). */
#define session_connect(name) session_socket(name, 0)
/* fork() for a background master: the child in a session of its own,
 * /dev/null on 0-2. */
pid_t session_fork(void);
/* A new pty: its master, non-blocking, and its slave in *SLAVE, both
 * close-on-exec, the slave's name in NAME (SESSION_TTY bytes); -1 with
 * errno. */
#define SESSION_TTY 32
int session_open_pty(int *slave, char *name);

/* session_master()'s flag: wait for the program at the end. */
#define SESSION_REAP 1
/* The master's loop on listening socket SOCK and pty master PTM, whose
 * slave runs CHILD (0: not ours); until the session ends.  See
 * libcore/session.c. */
int session_master(int sock, int ptm, pid_t child, int flags);

#endif
