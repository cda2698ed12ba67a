/* SPDX-License-Identifier: 0BSD */
/* dtach: sessions you can leave and come back to (dtach 0.9's command
 * line), with scrollback, a listing and safer sockets.
 *
 * A master process holds a pseudo-terminal, whose slave is the program's
 * controlling terminal, and a Unix stream socket; clients connect to the
 * socket, send fixed-size packets (keys, window sizes, attach, detach) and
 * read the terminal's output as a plain byte stream.  The protocol is
 * hupbox's own: a hupbox client does not talk to a dtach 0.9 master.
 *
 * The master never blocks and never polls: every descriptor it holds is
 * non-blocking and it sleeps in ppoll() with no timeout (STALL only
 * while a client is behind: see "The master" below), with its signals
 * blocked except there.  Keys sent to a program that does not read are
 * dropped past the pty's input buffer, so that it cannot stall the master.
 *
 * The master's loop works on an already-open pty master descriptor and a
 * listening socket (master()), so a session can be built around a pty
 * that something else created.  The session ends when no process holds
 * the slave any more (read() gives EIO), as dtach's does.
 *
 * Differences from dtach 0.9: docs/dtach.md.
 */
//config:config DTACH
//config:	bool "dtach"
//config:	default y
//config:	help
//config:	  Run a program on a pseudo-terminal held by a small master
//config:	  process, detach from it and attach again later, as dtach 0.9
//config:	  (-a -A -c -n -N -p), with scrollback and a listing (-l).
//applet:APPLET(dtach, "usr/bin")
//kbuild:obj-$(CONFIG_DTACH) += applets/dtach.o

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include "hb.h"

/* The system calls themselves: musl's socket(), accept4() and mmap() carry
 * fallbacks for kernels before 2.6.27 and checks for arguments never
 * given here. */
#define sys_socket(flags) syscall(SYS_socket, AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | (flags), 0)
#define sys_accept(fd) syscall(SYS_accept4, fd, 0, 0, SOCK_NONBLOCK | SOCK_CLOEXEC)
#ifdef SYS_mmap2
#define sys_mmap(len) (void *)syscall(SYS_mmap2, 0, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
#else
#define sys_mmap(len) (void *)syscall(SYS_mmap, 0, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
#endif

/* The options: hb_getopt() parses by this table, --help prints it.  The
 * mode comes first, as in dtach 0.9 (checked before the parse). */
#define DTACH_OPTIONS(X) \
	HB_OPTIONS_FIRST(X) \
	X(ATTACH, 'a', "", "SOCKET", "attach to SOCKET's session", "") \
	X(ATTACH_OR_CREATE, 'A', "", "SOCKET", "attach, or create it running COMMAND", "") \
	X(CREATE, 'c', "", "SOCKET", "create it running COMMAND, and attach", "") \
	X(CREATE_DETACHED, 'n', "", "SOCKET", "create it detached", "") \
	X(CREATE_FOREGROUND, 'N', "", "SOCKET", "create it detached, staying in the foreground", "") \
	X(PUSH_STDIN, 'p', "", "SOCKET", "copy stdin to the session", "") \
	X(LIST, 'l', "", "", "list the sessions in DIR (default .)", "") \
	X(DETACH_CHAR, 'e', "", "CHAR", "the detach key, ^X for Ctrl-X", "^\\") \
	X(NO_DETACH_CHAR, 'E', "", "", "no detach key", "") \
	X(REDRAW, 'r', "", "METHOD", "on attach: none, ctrl_l or winch", "ctrl_l") \
	X(NO_SUSPEND, 'z', "", "", "the suspend key goes to the program", "") \
	X(SCROLLBACK, 's', "", "BYTES", "output kept for the next attach", "4096") \
	HB_HELP_VERSION(X)
HB_OPTIONS(dtach_options, DTACH_OPTIONS,
"Usage: dtach -a|-A|-c|-n|-N SOCKET [options] [COMMAND...]\n"
"   or: dtach -p SOCKET   or: dtach -l [DIR]\n"
"Run COMMAND on a terminal that survives its clients: detach, attach again.\n",
"");

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

#define MAX_CLIENTS 64
/* A client's pollfd is fds[i + FIRST_CLIENT]; fd -1 is a free slot. */
enum { LISTEN, PTY, FIRST_CLIENT };

static const char *sock_name;
static int detach_char = 034, no_suspend, redraw = R_UNSET;
static struct termios orig_term;
/* orig_term.c_cflag is never 0 on a terminal (CREAD, a character size) */
#define have_tty (orig_term.c_cflag)

/* Signals: blocked except inside ppoll(); a handler sets a bit.  Signal n
 * is bit n - 1 of a sigset_t's first word, the kernel's layout. */
static volatile unsigned long caught;
static union {
	sigset_t set;
	unsigned long w;
} wait_mask, handled;

static void on_signal(int sig)
{
	caught |= 1UL << sig;
}

/* Handle each signal of MASK (bits as sigset_t's) through on_signal. */
static void catch(unsigned long mask)
{
	int sig;

	handled.w = mask;
	sigprocmask(SIG_BLOCK, &handled.set, &wait_mask.set);
	wait_mask.w &= ~mask;
	for (sig = 1; sig < 32; sig++)
		if (mask >> (sig - 1) & 1)
			hb_signal(sig, on_signal);
}
#define BIT(sig) (1UL << ((sig) - 1))

/* ppoll() until an event or the end of TIMEOUT (NULL: none), the handled
 * signals open; the signals caught, and in *IDLE whether the time ran out. */
static unsigned long wait_events(struct pollfd *fds, int n, struct timespec *timeout, int *idle)
{
	unsigned long got;
	long r;

#ifdef SYS_ppoll_time64
	r = ppoll(fds, n, timeout, &wait_mask.set);
#else
	r = syscall(SYS_ppoll, fds, n, timeout, &wait_mask, _NSIG / 8);
#endif
	if (r < 0 && errno != EINTR)
		hb_die(1, "ppoll: %m");
	*idle = !r;
	got = caught;
	caught = 0;
	return got;
}

/* The socket's address; 0, or -1 with ENAMETOOLONG. */
static int address(struct sockaddr_un *sa, const char *name)
{
	char *p = sa->sun_path;

	sa->sun_family = AF_UNIX;
	while ((*p++ = *name++))
		if (p == sa->sun_path + sizeof(sa->sun_path)) {
			errno = ENAMETOOLONG;
			return -1;
		}
	return 0;
}

/* The listening socket NAME, 0600 from the start (the umask covers bind's
 * creation, so there is no moment when another user could connect); -1
 * with errno.  bind() never follows a symbolic link. */
static int listen_on(const char *name)
{
	struct sockaddr_un sa;
	mode_t old;
	int s, r;

	if (address(&sa, name) ||
	    (s = sys_socket(SOCK_NONBLOCK)) < 0)
		return -1;
	old = umask(0177);
	r = bind(s, (struct sockaddr *)&sa, sizeof(sa));
	umask(old);
	if (r || listen(s, 16)) {
		hb_close(s);
		return -1;
	}
	return s;
}

/* How connect_to() takes a missing or stale socket (no master behind it). */
enum { MUST_LIVE, REPLACE, LISTING };

/* A connection to the session at NAME, or exit with a one-line error.  The
 * socket must be ours: a socket (not a link to one) that this user owns.
 * As HOW says, a missing or stale socket is an error (MUST_LIVE), or gives
 * -1: for -A, which removes a stale one (REPLACE), and for -l (LISTING),
 * which gets -2 for a file that is no socket of ours. */
static int connect_to(const char *name, int how)
{
	struct sockaddr_un sa;
	struct stat st;
	int s;

	if (hb_fstatat(AT_FDCWD, name, &st, AT_SYMLINK_NOFOLLOW)) {
		if (errno == ENOENT && how)
			return -1;
		goto fail;
	}
	errno = ENOTSOCK;
	if (!S_ISSOCK(st.st_mode) || st.st_uid != geteuid()) {
		if (how == LISTING)
			return -2;
		if (S_ISSOCK(st.st_mode))
			hb_die(1, "%s: owned by uid %u, not you", name, (unsigned)st.st_uid);
		goto fail;
	}
	/* a master gone is a write error, not a signal (with the terminal
	 * raw, the client must live to restore it) */
	hb_signal(SIGPIPE, SIG_IGN);
	if (address(&sa, name) || (s = sys_socket(0)) < 0)
		goto fail;
	if (connect(s, (struct sockaddr *)&sa, sizeof(sa))) {
		if (errno != ECONNREFUSED)
			goto fail;
		hb_close(s);
		if (how == REPLACE && unlink(name))
			goto fail;
		if (how)
			return -1;
		hb_die(1, "%s: stale socket (no master): remove it, or use -A", name);
	}
	return s;
fail:
	hb_die(1, "%s: %m", name);
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
static char *ring;
static size_t ring_size, ring_at;
static int ring_full;
static char command[256];
static struct timespec started;
/* Long enough for a slow terminal on a loaded box to show some of a
 * chunk, short enough that a stopped client holds the session once, for
 * a moment. */
#define STALL 3	/* seconds */

/* POLLOUT for client I while it has some of the chunk to take, or the
 * notice that it lost output: the notice waits for it to read again, so
 * that it is not lost too. */
static void want_out(int i)
{
	fds[FIRST_CLIENT + i].events = taken[i] < chunk_len || client_state[i] & LOST ?
		POLLIN | POLLOUT : POLLIN;
}

/* What client I has not taken of the chunk, without waiting. */
static void flush(int i)
{
	static const char lost[] = "\r\n[output lost]\r\n";
	struct pollfd *pf = &fds[FIRST_CLIENT + i];
	ssize_t n;

	if (client_state[i] & LOST) {
		if (write(pf->fd, lost, sizeof(lost) - 1) != sizeof(lost) - 1)
			taken[i] = chunk_len;
		else
			client_state[i] &= ~LOST;
	}
	n = write(pf->fd, chunk + taken[i], chunk_len - taken[i]);
	if (n > 0)
		taken[i] += n;
	want_out(i);
}

static void drop(int i)
{
	close(fds[FIRST_CLIENT + i].fd);
	fds[FIRST_CLIENT + i].fd = -1;
	fds[FIRST_CLIENT + i].events = 0;
	client_state[i] = 0;
}

/* Keep BUF in the scrollback ring: of a chunk larger than the ring, its
 * end.  In runs of memcpy: every byte of output passes here, and a loop
 * over the ring's globals a byte at a time (reloaded at each byte, as a
 * char store may alias them) took an eighth of the master's CPU time. */
static void keep(const char *buf, size_t len)
{
	size_t n;

	if (len > ring_size) {
		buf += len - ring_size;
		len = ring_size;
	}
	while (len) {
		n = ring_size - ring_at;
		if (n > len)
			n = len;
		memcpy(ring + ring_at, buf, n);
		buf += n;
		len -= n;
		ring_at += n;
		if (ring_at == ring_size)
			ring_at = 0, ring_full = 1;
	}
}

/* The scrollback, oldest first, to client I: into its empty socket, where
 * a default-sized ring fits; what does not is lost. */
static void replay(int i)
{
	int fd = fds[FIRST_CLIENT + i].fd;

	if (ring_full && write(fd, ring + ring_at, ring_size - ring_at) != (ssize_t)(ring_size - ring_at))
		client_state[i] |= LOST;
	else if (write(fd, ring, ring_at) != (ssize_t)ring_at)
		client_state[i] |= LOST;
}

/* "PID CLIENTS AGE COMMAND" to client I, for dtach -l; then it goes. */
static void info(int i)
{
	struct timespec now;
	int k, attached = 0;

	for (k = 0; k < MAX_CLIENTS; k++)
		attached += client_state[k] & ATTACHED;
	hb_now(&now);
	/* one write, into an empty socket: it cannot block */
	hb_dprintf(fds[FIRST_CLIENT + i].fd, "%d\t%d\t%lus\t%s\n", (int)getpid(), attached,
		   (unsigned long)(now.tv_sec - started.tv_sec), command + 1);
	drop(i);
}

/* One packet from client I.  noinline: inlined into master() it costs 60
 * bytes more on x86_64. */
static void __attribute__((noinline)) from_client(int i, int ptm)
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
			p.len = redraw;
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
	int i;

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

/* master()'s flag: wait for the program at the end. */
#define REAP 1

/* The master's loop on listening socket SOCK and pty master PTM (both
 * non-blocking), whose slave runs CHILD (0: not ours), with FLAGS.
 * SIGCHLD, SIGTERM and SIGINT are caught and blocked (catch()) by the
 * caller, from before CHILD's fork.
 * Returns when the session ends, the socket removed: 1 when the master was
 * told to stop, else CHILD's exit status as a shell reports it (1 when
 * unknown). */
static int master(int sock, int ptm, pid_t child, int flags)
{
	struct timespec stall;
	unsigned long got;
	int i, status = 1 << 8, behind, idle;
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
		got = wait_events(fds, FIRST_CLIENT + MAX_CLIENTS, behind ? &stall : NULL, &idle);
		if (got & (BIT(SIGTERM) | BIT(SIGINT)) << 1) {
			flags = 0;
			break;
		}
		if (got & BIT(SIGCHLD) << 1)
			while ((pid = hb_waitpid(-1, &i, WNOHANG)) > 0)
				if (pid == child)
					status = i, child = 0;
		if (fds[PTY].revents && !from_pty(ptm))
			break;
		if (fds[LISTEN].revents)
			accept_client();
		for (i = 0; i < MAX_CLIENTS; i++) {
			if (idle && fds[FIRST_CLIENT + i].events & POLLOUT) {
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
	unlink(sock_name);
	/* Its exit can close the pty before it becomes a zombie.  Only in
	 * the foreground, where the status is the exit code: a background
	 * master must not wait for a program that closed its terminal and
	 * lives on. */
	if (flags & REAP && child)
		hb_waitpid(child, &status, 0);
	return hb_wait_code(status);
}

/* A new pty: its master, non-blocking, and its slave in *SLAVE, both
 * close-on-exec; -1 with errno.  The slave is open before the program
 * runs: a master with no slave open reads EIO, the session's end. */
static int open_pty(int *slave)
{
	char name[32];
	unsigned n, unlock = 0;
	int ptm = hb_open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC | O_NONBLOCK, 0);

	if (ptm < 0)
		return -1;
	if (hb_ioctl(ptm, TIOCSPTLCK, (long)&unlock) || hb_ioctl(ptm, TIOCGPTN, (long)&n) ||
	    (hb_fmt(name, sizeof(name), "/dev/pts/%u", n),
	     *slave = hb_open(name, O_RDWR | O_NOCTTY | O_CLOEXEC, 0)) < 0) {
		hb_close(ptm);
		return -1;
	}
	return ptm;
}

/* The child on the pty slave FD, session leader with it as its
 * controlling terminal, in the caller's terminal modes; an exec failure's
 * errno goes to REPORT. */
static void __attribute__((noreturn)) run_on(int fd, char **argv, int report)
{
	int i;

	sigprocmask(SIG_SETMASK, &wait_mask.set, NULL);
	if (setsid() < 0 || hb_ioctl(fd, TIOCSCTTY, 0))
		goto fail;
	if (have_tty)
		hb_ioctl(fd, TCSETS, (long)&orig_term);
	for (i = 0; i < 3; i++)
		if (hb_dup2(fd, i) < 0)
			goto fail;
	hb_execvp(*argv, argv);
fail:
	i = errno;
	if (write(report, &i, sizeof(i))) {
	}
	_exit(127);
}

/* 0 once the program has been exec'd (REPORT read to EOF), else report
 * why not and 1. */
static int started_ok(int report, const char *cmd)
{
	int err;

	if (read(report, &err, sizeof(err)) != sizeof(err))
		return 0;
	errno = err;
	hb_warn("could not execute %s: %m", cmd);
	return 1;
}

/* A new session running ARGV: the socket, the pty, the master (in the
 * background unless FOREGROUND) and the program.  Returns 0 once the
 * program runs (in the foreground: the session's end, as master()), 1
 * after an error it reported. */
static int create(char **argv, int foreground)
{
	int report[2], slave, ptm = open_pty(&slave), sock, rc, i;
	size_t n = 0;
	pid_t pid;

	if (ptm < 0)
		hb_die(1, "%s: %m", "/dev/ptmx");
	if ((sock = listen_on(sock_name)) < 0) {
		hb_warn("%s: %m", sock_name);
		return 1;
	}
	for (i = 0; argv[i] && n < sizeof(command) - 1; i++)
		n += hb_fmt(command + n, sizeof(command) - n, " %s", argv[i]);
	if (hb_pipe(report))
		goto fail;
	/* Blocked from here, so that a SIGCHLD is not lost before the
	 * master's loop; the child opens them again. */
	catch(BIT(SIGCHLD) | BIT(SIGTERM) | BIT(SIGINT));
	if (!foreground) {
		if ((pid = hb_fork()) < 0)
			goto fail;
		if (pid) {
			close(report[1]);
			close(sock);
			close(ptm);
			close(slave);
			return started_ok(report[0], *argv);
		}
		/* the master: no terminal, and none of the caller's files */
		setsid();
		rc = hb_open("/dev/null", O_RDWR | O_CLOEXEC, 0);
		for (i = 0; i < 3; i++)
			hb_dup2(rc, i);
	}
	if ((pid = hb_fork()) < 0)
		goto fail;
	if (!pid)
		run_on(slave, argv, report[1]);
	close(report[1]);
	close(slave);
	if (foreground && started_ok(report[0], *argv)) {
		unlink(sock_name);
		return 1;
	}
	close(report[0]);
	rc = master(sock, ptm, pid, foreground ? REAP : 0);
	if (!foreground)
		_exit(rc);
	return rc;
fail:
	rc = errno;
	unlink(sock_name);
	errno = rc;
	hb_die(1, "fork: %m");
}

/* ---- The client ---- */

static struct termios raw_term;

static void send_packet(int s, int type, int len)
{
	struct packet p = { .type = type, .len = len };

	/* the size, which ATTACH, REATTACH and WINCH carry */
	if (hb_ioctl(0, TIOCGWINSZ, (long)&p.u.ws)) {
	}
	if (write(s, &p, sizeof(p))) {
	}
}

/* Leave: the terminal as it was, MSG at its bottom line, exit CODE. */
static void __attribute__((noreturn)) leave(int code, const char *msg)
{
	hb_ioctl(0, TCSETSW, (long)&orig_term);
	hb_dprintf(1, "\33[999H\r\n[%s]\r\n\33[?25h", msg);
	hb_die(code, NULL);
}

static void set_raw(void)
{
	/* every input, output and local mode off (no echo, no signal keys,
	 * no flow control, no line editing); 8-bit characters */
	raw_term = orig_term;
	raw_term.c_iflag = raw_term.c_oflag = raw_term.c_lflag = 0;
	raw_term.c_cflag = (raw_term.c_cflag & ~(CSIZE | PARENB)) | CS8;
	raw_term.c_cc[VMIN] = 1;
	raw_term.c_cc[VTIME] = 0;
	hb_ioctl(0, TCSETSW, (long)&raw_term);
}

/* Keys typed: the detach character, the suspend key, or the program's. */
static void keys(int s)
{
	struct packet p = { .type = PUSH };
	ssize_t n = read(0, p.u.buf, sizeof(p.u.buf));

	/* no EINTR: signals are blocked outside ppoll() */
	if (n <= 0)
		leave(1, "detached");
	if (p.u.buf[0] == detach_char)
		leave(0, "detached");
	if (!no_suspend && p.u.buf[0] == orig_term.c_cc[VSUSP]) {
		send_packet(s, DETACH, 0);
		hb_ioctl(0, TCSETSW, (long)&orig_term);
		hb_dprintf(1, "\33[999H\r\n");
		kill(getpid(), SIGTSTP);
		hb_ioctl(0, TCSETSW, (long)&raw_term);
		send_packet(s, REATTACH, redraw);
		return;
	}
	p.len = n;
	/* a master gone is seen as the socket's EOF */
	if (write(s, &p, sizeof(p))) {
	}
}

/* Attach to the session on S until detached or the session ends. */
static int attach(int s)
{
	struct pollfd pf[2] = { { 0, POLLIN, 0 }, { s, POLLIN, 0 } };
	char buf[16384];
	unsigned long got;
	ssize_t n;
	int idle;

	catch(BIT(SIGHUP) | BIT(SIGTERM) | BIT(SIGINT) | BIT(SIGQUIT) | BIT(SIGWINCH));
	set_raw();
	hb_dprintf(1, "\33[H\33[J");
	send_packet(s, ATTACH, redraw);
	for (;;) {
		/* an interrupted ppoll() leaves the last call's revents: a
		 * stale POLLIN would block in read() (the master's reads do
		 * not block) */
		pf[0].revents = pf[1].revents = 0;
		got = wait_events(pf, 2, NULL, &idle);
		if (got & BIT(SIGWINCH) << 1)
			send_packet(s, WINCH, 0);
		/* SIGHUP (the terminal hung up), SIGINT, SIGTERM, SIGQUIT */
		if (got & ~(BIT(SIGWINCH) << 1))
			leave(1, "detached");
		if (pf[1].revents) {
			n = read(s, buf, sizeof(buf));
			if (!n)
				leave(0, "EOF - dtach terminating");
			if (n < 0)
				leave(1, "read returned an error");
			/* the terminal is gone */
			if (n > 0 && hb_write_all(1, buf, n))
				leave(1, "detached");
		}
		if (pf[0].revents)
			keys(s);
	}
}

/* dtach -p: standard input to the session's program. */
static int push(int s)
{
	struct packet p = { .type = PUSH };
	ssize_t n;

	while ((n = read(0, p.u.buf, sizeof(p.u.buf)))) {
		p.len = n;
		if (n < 0 || hb_write_all(s, &p, sizeof(p)))
			hb_die(1, "%s: %m", sock_name);
	}
	return 0;
}

/* dtach -l: each session of ours in DIR, as its master describes it. */
static int list(const char *dir)
{
	char buf[4096] __attribute__((aligned(8))), reply[512];
	long n, at;
	int fd, s;
	const char *what;
	ssize_t r;

	/* there: the sockets' names are short enough for an address */
	if (chdir(dir) || (fd = hb_open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0)) < 0)
		hb_die(1, "%s: %m", dir);
	while ((n = syscall(SYS_getdents64, fd, buf, sizeof(buf))) > 0)
		for (at = 0; at < n; at += *(unsigned short *)(buf + at + 16)) {
			/* struct linux_dirent64: the name at 19 */
			sock_name = buf + at + 19;
			what = "stale: no master\n";
			if ((s = connect_to(sock_name, LISTING)) < -1)
				continue;
			if (s >= 0) {
				send_packet(s, INFO, 0);
				/* the master's one write */
				r = read(s, reply, sizeof(reply) - 1);
				reply[r > 0 ? r : 0] = 0;
				close(s);
				what = reply;
			}
			hb_printf("%s\t%s", sock_name, what);
		}
	if (n < 0)
		hb_die(1, "%s: %m", dir);
	return 0;
}

int dtach_main(int argc, char **argv)
{
	static const char modes[] = "aAcnNpl", methods[] = "none\0ctrl_l\0winch";
	long scrollback = 4096;
	char *a, mode;
	int c, s;

	(void)argc;
	/* dtach 0.9's words for a missing mode or socket. */
	a = argv[1];
	if (!a || *a != '-')
		hb_usage_error(1, "No mode was specified.");
	mode = a[1];
	if (mode != '-' && (!mode || !strchr(modes, mode)))
		hb_usage_error(1, "Invalid mode '-%c'", mode);
	if (mode != 'l' && mode != '-' && !argv[2])
		hb_usage_error(1, "No socket was specified.");

	/* Options, the mode first as in dtach 0.9: -MODE SOCKET [OPTIONS]
	 * [COMMAND...]; none after the command. */
	while ((c = hb_getopt(argv, &dtach_options, 1)) != -1) {
		switch (c) {
		case OPT_DETACH_CHAR:
			detach_char = *hb_optarg;
			if (*hb_optarg == '^' && hb_optarg[1])
				detach_char = hb_optarg[1] == '?' ? 0177 : hb_optarg[1] & 037;
			break;
		case OPT_NO_DETACH_CHAR:
			detach_char = -1;
			break;
		case OPT_REDRAW:
			for (redraw = R_NONE, a = (char *)methods; strcmp(hb_optarg, a); a += strlen(a) + 1)
				if (++redraw > R_WINCH)
					hb_usage_error(1, "Invalid redraw method specified.");
			break;
		case OPT_NO_SUSPEND:
			no_suspend = 1;
			break;
		case OPT_SCROLLBACK:
			for (scrollback = 0, a = hb_optarg; *a >= '0' && *a <= '9' && scrollback < 1L << 28; a++)
				scrollback = scrollback * 10 + *a - '0';
			if (*a || a == hb_optarg)
				hb_usage_error(1, "Invalid scrollback size.");
			break;
		default:	/* a mode (the first option) and its socket */
			sock_name = hb_optarg;
		}
	}
	argv += hb_optind;

	if (mode == 'l')
		return list(*argv ? *argv : ".");
	if (mode == 'p') {
		if (*argv)
			hb_usage_error(1, "Invalid number of arguments.");
		return push(connect_to(sock_name, MUST_LIVE));
	}
	if (mode != 'a' && !*argv)
		hb_usage_error(1, "No command was specified.");
	if (hb_ioctl(0, TCGETS, (long)&orig_term) && mode != 'n' && mode != 'N')
		hb_die(1, "Attaching to a session requires a terminal.");
	if (mode == 'a' && *argv)
		hb_usage_error(1, "Invalid number of arguments.");
	/* without the memory, no scrollback */
	if (scrollback && (ring = sys_mmap(scrollback)) != MAP_FAILED)
		ring_size = scrollback;
	if (mode == 'a')
		return attach(connect_to(sock_name, MUST_LIVE));
	if (mode == 'A' && (s = connect_to(sock_name, REPLACE)) >= 0)
		return attach(s);
	if ((s = create(argv, mode == 'N')) || mode == 'n' || mode == 'N')
		return s;
	return attach(connect_to(sock_name, MUST_LIVE));
}
