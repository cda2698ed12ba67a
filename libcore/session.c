/* SPDX-License-Identifier: 0BSD */
/* The session master of dtach, shared with detachpid --session: a loop
 * around an open pty master and a listening socket, which any number of
 * clients attach to.  dtach builds a session around a program it starts;
 * detachpid builds one around a pty it then moves a running program onto.
 * The protocol (struct packet, session.h) is hupbox's own.
 *
 * The master never blocks and never polls: every descriptor it holds is
 * non-blocking and it sleeps in ppoll() with no timeout (STALL only
 * while a client is behind: see "The master" below), with its signals
 * blocked except there.  Keys sent to a program that does not read are
 * dropped past the pty's input buffer, so that it cannot stall the master.
 * The session ends when no process holds the slave any more (read() gives
 * EIO), as dtach's does.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include "hb.h"
#include "session.h"

/* accept4() itself: musl's carries a fallback for kernels before 2.6.27.
 * bind(), listen() and connect() themselves too, as sys_socket(): musl's
 * carry socketcall() for old 32-bit x86 kernels, and thread cancellation. */
#define sys_accept(fd) syscall(SYS_accept4, fd, 0, 0, SOCK_NONBLOCK | SOCK_CLOEXEC)

const char *session_name;
int session_redraw = R_UNSET;

#define MAX_CLIENTS 64
/* A client's pollfd is fds[i + FIRST_CLIENT]; fd -1 is a free slot. */
enum { LISTEN, PTY, FIRST_CLIENT };

static volatile unsigned long caught;
union session_mask session_wait_mask;
static union session_mask handled;

static void on_signal(int sig)
{
	caught |= 1UL << sig;
}

/* Handle each signal of MASK (bits as sigset_t's) through on_signal. */
void session_catch(unsigned long mask)
{
	int sig;

	handled.w = mask;
	sigprocmask(SIG_BLOCK, &handled.set, &session_wait_mask.set);
	session_wait_mask.w &= ~mask;
	for (sig = 1; sig < 32; sig++)
		if (mask >> (sig - 1) & 1)
			hb_signal(sig, on_signal);
}

/* ppoll() until an event or the end of TIMEOUT (NULL: none), the handled
 * signals open; the signals caught, and SESSION_IDLE when the time ran out. */
unsigned long session_wait(struct pollfd *fds, int n, struct timespec *timeout)
{
	unsigned long got;
	long r;

#ifdef SYS_ppoll_time64
	r = ppoll(fds, n, timeout, &session_wait_mask.set);
#else
	r = syscall(SYS_ppoll, fds, n, timeout, &session_wait_mask, _NSIG / 8);
#endif
	if (r < 0 && errno != EINTR)
		hb_die(1, "ppoll: %m");
	got = caught | !r;
	caught = 0;
	return got;
}

/* A socket at NAME: listening (LISTENING) or connected; -1 with errno
 * (ENAMETOOLONG: too long for an address).  The listening one is
 * non-blocking and 0600 from the start (the umask covers bind's creation,
 * so there is no moment when another user could connect; bind() never
 * follows a symbolic link); a connection blocks. */
int session_socket(const char *name, int listening)
{
	struct sockaddr_un sa;
	char *p = sa.sun_path;
	mode_t old;
	long r;
	int s;

	sa.sun_family = AF_UNIX;
	while ((*p++ = *name++))
		if (p == sa.sun_path + sizeof(sa.sun_path)) {
			errno = ENAMETOOLONG;
			return -1;
		}
	if ((s = sys_socket(listening ? SOCK_NONBLOCK : 0)) < 0)
		return -1;
	if (listening) {
		old = umask(0177);
		r = syscall(SYS_bind, s, &sa, sizeof(sa));
		umask(old);
		r = r || syscall(SYS_listen, s, 16);
	} else
		r = syscall(SYS_connect, s, &sa, sizeof(sa));
	if (r) {
		hb_close(s);
		return -1;
	}
	return s;
}

/* A master of its own, in the background: fork, and in the child leave
 * the terminal (a session of its own) and the caller's files (/dev/null
 * on 0-2).  As fork(). */
pid_t session_fork(void)
{
	pid_t pid = hb_fork();
	int fd, i;

	if (!pid) {
		setsid();
		fd = hb_open("/dev/null", O_RDWR | O_CLOEXEC, 0);
		for (i = 0; i < 3; i++)
			hb_dup2(fd, i);
	}
	return pid;
}

/* ---- The master ----
 *
 * Output goes out a chunk (one read of the pty) at a time: the pty is not
 * read again until every attached client has taken the chunk, so a slow
 * client slows the program, as a slow terminal would, and loses nothing.
 * A client that takes nothing for STALL (it stopped reading) loses the
 * rest of the chunk and every later chunk its socket cannot take at once,
 * until it reads again, and is then told, as soon as its socket has room
 * (the notice does not wait for more output); the others go on.  Only
 * while a client is behind does ppoll() have a timeout.
 */

static struct pollfd fds[FIRST_CLIENT + MAX_CLIENTS];
/* Per client: attached (1), output lost since it last read (2); how much
 * of the chunk it has taken. */
static unsigned char client_state[MAX_CLIENTS];
static size_t taken[MAX_CLIENTS];
#define ATTACHED 1
#define LOST 2
static char chunk[16384];
static size_t chunk_len;
char *session_ring;
size_t session_ring_size;
static size_t ring_at;
static int ring_full;
char session_command[256];
static struct timespec started;
/* Long enough for a slow terminal on a loaded box to show some of a
 * chunk, short enough that a stopped client holds the session once, for
 * a moment. */
#define STALL 3	/* seconds */

/* POLLOUT for client I while it has some of the chunk to take, or the
 * notice that it lost output: the notice waits for it to read again, so
 * that it is not lost too. */
static void want_out(size_t i)
{
	fds[FIRST_CLIENT + i].events = taken[i] < chunk_len || client_state[i] & LOST ?
		POLLIN | POLLOUT : POLLIN;
}

/* Whether LEN bytes at BUF did not all go to FD at once. */
static int short_write(int fd, const char *buf, size_t len)
{
	return write(fd, buf, len) != (ssize_t)len;
}

/* What client I has not taken of the chunk, without waiting. */
static void flush(size_t i)
{
	static const char lost[] = "\r\n[output lost]\r\n";
	struct pollfd *pf = &fds[FIRST_CLIENT + i];
	ssize_t n;

	if (client_state[i] & LOST) {
		if (short_write(pf->fd, lost, sizeof(lost) - 1))
			taken[i] = chunk_len;
		else
			client_state[i] &= ~LOST;
	}
	n = write(pf->fd, chunk + taken[i], chunk_len - taken[i]);
	if (n > 0)
		taken[i] += n;
	want_out(i);
}

static void drop(size_t i)
{
	close(fds[FIRST_CLIENT + i].fd);
	fds[FIRST_CLIENT + i].fd = -1;
	fds[FIRST_CLIENT + i].events = 0;
	client_state[i] = 0;
}

/* Keep BUF in the scrollback ring: of a chunk larger than the ring, its
 * end.  In runs of memcpy: every byte of output passes here, and a loop
 * over the ring's globals a byte at a time (reloaded at each byte, as a
 * char store may alias them) took an eighth of the master's CPU time.
 * noinline: smaller than inlined into session_master(). */
static void __attribute__((noinline)) keep(const char *buf, size_t len)
{
	size_t n;

	if (len > session_ring_size) {
		buf += len - session_ring_size;
		len = session_ring_size;
	}
	while (len) {
		n = session_ring_size - ring_at;
		if (n > len)
			n = len;
		memcpy(session_ring + ring_at, buf, n);
		buf += n;
		len -= n;
		ring_at += n;
		if (ring_at == session_ring_size)
			ring_at = 0, ring_full = 1;
	}
}

/* The scrollback, oldest first, to client I: into its empty socket, where
 * a default-sized ring fits; what does not is lost. */
static void replay(size_t i)
{
	int fd = fds[FIRST_CLIENT + i].fd;

	if ((ring_full && short_write(fd, session_ring + ring_at, session_ring_size - ring_at)) ||
	    short_write(fd, session_ring, ring_at))
		client_state[i] |= LOST;
}

/* "PID CLIENTS AGE COMMAND" to client I, for dtach -l; then it goes. */
static void info(size_t i)
{
	struct timespec now;
	size_t k;
	int attached = 0;

	for (k = 0; k < MAX_CLIENTS; k++)
		attached += client_state[k] & ATTACHED;
	hb_now(&now);
	/* one write, into an empty socket: it cannot block */
	hb_dprintf(fds[FIRST_CLIENT + i].fd, "%d\t%d\t%lus\t%s\n", (int)getpid(), attached,
		   (unsigned long)(now.tv_sec - started.tv_sec), session_command + 1);
	drop(i);
}

/* One packet from client I.  noinline: smaller than inlined into
 * session_master(). */
static void __attribute__((noinline)) from_client(size_t i, int ptm)
{
	struct packet p;
	struct termios t;
	ssize_t n = read(fds[FIRST_CLIENT + i].fd, &p, sizeof(p));

	if (n < 0 && errno == EAGAIN)
		return;
	if (n != sizeof(p)) {
		drop(i);
		return;
	}
	switch (p.type) {
	case PUSH:
		/* a program that does not read loses keys past the pty's
		 * input buffer: the master must not wait for it */
		if (write(ptm, p.u.buf, p.len < sizeof(p.u.buf) ? p.len : sizeof(p.u.buf))) {
		}
		break;
	case ATTACH:
		replay(i);
		/* fall through */
	case REATTACH:
		/* the chunk is in the ring: new output only */
		taken[i] = chunk_len;
		client_state[i] |= ATTACHED;
		want_out(i);
		/* fall through */
	case WINCH:
		if (hb_ioctl(ptm, TIOCSWINSZ, (long)&p.u.ws)) {
		}
		if (p.type == WINCH)
			break;
		if (!p.len)	/* the client said nothing: the session's */
			p.len = session_redraw;
		if (p.len == R_WINCH) {
			if (hb_ioctl(ptm, TIOCSIG, SIGWINCH)) {
			}
		/* ^L (the default) only to a program reading keys one at a
		 * time, unechoed */
		} else if (p.len != R_NONE && !hb_ioctl(ptm, TCGETS, (long)&t) &&
		    !(t.c_lflag & (ECHO | ICANON)) && t.c_cc[VMIN] == 1 && write(ptm, "\f", 1)) {
		}
		break;
	case INFO:
		info(i);
		break;
	case DETACH:
		client_state[i] = 0;
		fds[FIRST_CLIENT + i].events = POLLIN;
	}
}

/* A new connection, when there is a free slot. */
static void accept_client(void)
{
	int fd = sys_accept(fds[LISTEN].fd), i;

	if (fd < 0)
		return;
	for (i = 0; i < MAX_CLIENTS; i++)
		if (fds[FIRST_CLIENT + i].fd < 0) {
			fds[FIRST_CLIENT + i].fd = fd;
			fds[FIRST_CLIENT + i].events = POLLIN;
			return;
		}
	close(fd);
}

/* The pty's output to the ring and the attached clients; 0 when no
 * process holds the slave any more (EIO) or the pty failed. */
static int from_pty(int ptm)
{
	ssize_t n = read(ptm, chunk, sizeof(chunk));
	size_t i;

	if (n <= 0)
		return n < 0 && errno == EAGAIN;
	keep(chunk, chunk_len = n);
	for (i = 0; i < MAX_CLIENTS; i++)
		if (client_state[i] & ATTACHED) {
			taken[i] = 0;
			flush(i);
		}
	return 1;
}

/* The master's loop on listening socket SOCK and pty master PTM (both
 * non-blocking), whose slave runs CHILD (0: not ours), with FLAGS.
 * SIGCHLD, SIGTERM and SIGINT are caught and blocked (session_catch()) by
 * the caller, from before CHILD's fork.
 * Returns when the session ends, the socket removed: 1 when the master was
 * told to stop, else CHILD's exit status as a shell reports it (1 when
 * unknown). */
int session_master(int sock, int ptm, pid_t child, int flags)
{
	struct timespec stall;
	unsigned long got;
	size_t i;
	int status = 1 << 8, behind, st;
	pid_t pid;

	hb_now(&started);
	/* no terminal to stop it for input or output: no SIGTTIN, SIGTTOU */
	hb_signal(SIGPIPE, SIG_IGN);
	hb_signal(SIGHUP, SIG_IGN);
	fds[LISTEN].fd = sock;
	fds[LISTEN].events = POLLIN;
	fds[PTY].events = POLLIN;
	for (i = 0; i < MAX_CLIENTS; i++)
		fds[FIRST_CLIENT + i].fd = -1;
	for (;;) {
		behind = 0;
		/* a client waiting only for its notice is not behind */
		for (i = 0; i < MAX_CLIENTS; i++)
			behind |= fds[FIRST_CLIENT + i].events & POLLOUT && !(client_state[i] & LOST);
		/* -1: not polled, not even for a hangup */
		fds[PTY].fd = behind ? -1 : ptm;
		stall.tv_sec = STALL;
		stall.tv_nsec = 0;
		got = session_wait(fds, FIRST_CLIENT + MAX_CLIENTS, behind ? &stall : NULL);
		if (got & (BIT(SIGTERM) | BIT(SIGINT)) << 1) {
			flags = 0;
			break;
		}
		/* waitpid() itself, here and below: the signals caught are
		 * blocked outside ppoll(), so no handler interrupts it */
		if (got & BIT(SIGCHLD) << 1)
			while ((pid = waitpid(-1, &st, WNOHANG)) > 0)
				if (pid == child)
					status = st, child = 0;
		if (fds[PTY].revents && !from_pty(ptm))
			break;
		if (fds[LISTEN].revents)
			accept_client();
		for (i = 0; i < MAX_CLIENTS; i++) {
			if (got & SESSION_IDLE && fds[FIRST_CLIENT + i].events & POLLOUT) {
				/* stalled: it loses the rest */
				client_state[i] |= LOST;
				taken[i] = chunk_len;
			}
			/* none for fd -1 */
			if (fds[FIRST_CLIENT + i].revents & POLLOUT)
				flush(i);
			if (fds[FIRST_CLIENT + i].revents & ~POLLOUT)
				from_client(i, ptm);
		}
	}
	/* each client reads EOF: "[EOF - dtach terminating]" */
	for (i = 0; i < MAX_CLIENTS; i++)
		drop(i);	/* close(-1) of a free slot is harmless */
	unlink(session_name);
	/* Its exit can close the pty before it becomes a zombie.  Only in
	 * the foreground, where the status is the exit code: a background
	 * master must not wait for a program that closed its terminal and
	 * lives on. */
	if (flags & SESSION_REAP && child)
		waitpid(child, &status, 0);
	return hb_wait_code(status);
}

/* The slave is open before the program runs: a master with no slave open
 * reads EIO, the session's end. */
int session_open_pty(int *slave, char *name)
{
	unsigned n, unlock = 0;
	int ptm = hb_open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC | O_NONBLOCK, 0);

	if (ptm < 0)
		return -1;
	if (hb_ioctl(ptm, TIOCSPTLCK, (long)&unlock) || hb_ioctl(ptm, TIOCGPTN, (long)&n) ||
	    (hb_fmt(name, SESSION_TTY, "/dev/pts/%u", n),
	     *slave = hb_open(name, O_RDWR | O_NOCTTY | O_CLOEXEC, 0)) < 0) {
		hb_close(ptm);
		return -1;
	}
	return ptm;
}

