/* SPDX-License-Identifier: 0BSD */
/* Running commands and turning their fate into exit codes. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "hb.h"

/* A file that is not an executable format runs through /bin/sh, as
 * glibc's execvp does and POSIX asks (musl's does not). */
static void exec_file(const char *path, char **argv)
{
	struct stat st;
	size_t n = 0;

	/* A regular file with an execute bit: exec's rule for root, and
	 * near enough for others (the exec itself still decides). */
	if (!argv) {
		if (!hb_fstatat(AT_FDCWD, path, &st, 0))
			errno = S_ISREG(st.st_mode) && st.st_mode & 0111 ? 0 : EACCES;
		return;
	}
	execve(path, argv, environ);
	if (errno != ENOEXEC)
		return;
	while (argv[n])
		n++;
	char *sh[n + 2];

	sh[0] = "sh";
	sh[1] = (char *)path;
	memcpy(sh + 2, argv + 1, n * sizeof(*sh));
	execve("/bin/sh", sh, environ);
	errno = ENOEXEC;
}

char *hb_getenv(const char *name)
{
	char **e, *v;

	for (e = environ; e && *e; e++)
		if ((v = hb_prefix(*e, name)) && *v == '=')
			return v + 1;
	return NULL;
}

int hb_execvp(const char *file, char **argv)
{
	const char *p, *end;
	char buf[4096];	/* PATH_MAX */
	size_t flen = strlen(file) + 1, dlen;
	int seen_eacces = 0;

	if (!*file) {
		errno = ENOENT;
		return -1;
	}
	/* A name with a slash is used as it is: no $PATH walk (and no
	 * getenv, a sixth of what nohup runs before the exec). */
	if (hb_last(file, '/')) {
		exec_file(file, argv);
		return -1;
	}
	p = hb_getenv("PATH");
	if (!p)
		p = "/usr/local/bin:/bin:/usr/bin";
	for (;; p = end + 1) {
		for (end = p; *end && *end != ':'; end++)
			;
		dlen = end - p;
		/* DIR/FILE, or FILE for an empty DIR */
		if (dlen + flen < sizeof(buf)) {
			memcpy(buf, p, dlen);
			buf[dlen] = '/';
			memcpy(buf + dlen + !!dlen, file, flen);
			exec_file(buf, argv);
			switch (errno) {
			case EACCES:
				seen_eacces = 1;
				/* fall through */
			case ENOENT:
			case ENOTDIR:
			case ENAMETOOLONG:
			case ELOOP:
				break;
			default:
				return -1;
			}
		}
		if (!*end)
			break;
	}
	if (seen_eacces)
		errno = EACCES;
	return -1;
}

int hb_exec_code(int err)
{
	return err == ENOENT || err == ENOTDIR ? 127 : 126;
}

int hb_exec(char **argv)
{
	int e;

	hb_execvp(argv[0], argv);
	/* errno taken first: 126/127 must not depend on stderr working */
	e = errno;
	hb_warn("failed to run command '%s': %m", argv[0]);
	return hb_exec_code(e);
}

int hb_wait_code(int status)
{
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

int hb_waitpid(int pid, int *status, int flags)
{
	int r;

	do
		r = waitpid(pid, status, flags);
	while (r < 0 && errno == EINTR);
	return r;
}

int hb_fork(void)
{
	/* clone(SIGCHLD) is fork() on every target's arch (aarch64 has no
	 * fork call; s390, no target, orders clone's arguments otherwise).
	 * Not fork() nor even _Fork(): their locks, signal blocking and
	 * thread-list reset are for threads hupbox never has (more of
	 * musl); the tid that musl (or glibc) caches goes stale in the
	 * child, and nothing hupbox links reads it (toolchains/musl.awk
	 * checks). */
	return syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0);
}
