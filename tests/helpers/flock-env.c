/* SPDX-License-Identifier: 0BSD */
/* flock-env: run a command in a hostile environment, for tests/flock.test
 * (and respawn's, init's).
 *
 *   flock-env [-b SIG] [-i SIG] [-e FD] [-n] COMMAND [ARG...]
 *
 * -b blocks signal number SIG, -i ignores it (both inherited through exec);
 * -e makes every flock(2) on descriptor FD fail with EIO, as the NFS
 * emulation of flock(2) does on a read-only descriptor (seccomp filter);
 * -n makes signalfd() fail with ENOSYS, as on a kernel built without
 * CONFIG_SIGNALFD (seccomp filter).
 */
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

/* Seccomp filter F (N instructions) on this process and what it execs. */
static void install(struct sock_filter *f, unsigned short n)
{
	struct sock_fprog prog = { n, f };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog)) {
		perror("flock-env: seccomp");
		exit(125);
	}
}

static void eio_on_flock(unsigned fd)
{
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_flock, 1, 0),
#if defined(__x86_64__)
		/* i386 binaries run natively on an x86_64 host */
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 143, 0, 3),
#else
		BPF_JUMP(BPF_JMP | BPF_JA, 3, 0, 0),
#endif
		/* the low half of args[0] (little-endian hosts) */
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0])),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, fd, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EIO),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	install(f, sizeof(f) / sizeof(f[0]));
}

static void no_signalfd(void)
{
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_signalfd4, 4, 0),
#ifdef SYS_signalfd
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_signalfd, 3, 0),
#else
		BPF_JUMP(BPF_JMP | BPF_JA, 0, 0, 0),
#endif
#if defined(__x86_64__)
		/* i386 binaries run natively on an x86_64 host: their
		 * signalfd4 and signalfd (bpf and preadv2 here: unused) */
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 327, 2, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 321, 1, 0),
#else
		BPF_JUMP(BPF_JMP | BPF_JA, 1, 0, 0),
		BPF_JUMP(BPF_JMP | BPF_JA, 0, 0, 0),
#endif
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS),
	};
	install(f, sizeof(f) / sizeof(f[0]));
}

int main(int argc, char **argv)
{
	sigset_t set;
	int opt;

	while ((opt = getopt(argc, argv, "+b:i:e:n")) != -1) {
		switch (opt) {
		case 'b':
			sigemptyset(&set);
			sigaddset(&set, atoi(optarg));
			sigprocmask(SIG_BLOCK, &set, NULL);
			break;
		case 'i':
			signal(atoi(optarg), SIG_IGN);
			break;
		case 'e':
			eio_on_flock(atoi(optarg));
			break;
		case 'n':
			no_signalfd();
			break;
		default:
			return 125;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "usage: flock-env [-b SIG] [-i SIG] [-e FD] [-n] CMD...\n");
		return 125;
	}
	execvp(argv[optind], argv + optind);
	perror(argv[optind]);
	return 127;
}
