/* SPDX-License-Identifier: 0BSD */
/* nohup.out, as nohup makes it for itself and detachpid for a target:
 * one open loop for both, the few differences between them kept (hb.h). */
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <sys/fsuid.h>
#include <sys/stat.h>
#include <unistd.h>
#include "hb.h"
#include "autoconf.h"

/* nohup's rules for a NULL DIR, and its descriptor TO to move the file
 * onto (detachpid passes -1); a build with only one of the two applets
 * keeps only its own. */
#if !defined CONFIG_NOHUP
#define nohup_rules(dir) 0
#elif !defined CONFIG_DETACHPID
#define nohup_rules(dir) 1
#else
#define nohup_rules(dir) (!(dir))
#endif
#ifdef CONFIG_NOHUP
#define NOHUP_MOVES 1
#else
#define NOHUP_MOVES 0
#endif

/* FD (or -1) moved onto TO, unless TO is -1: the descriptor, or -1 */
static int move_to(int fd, int to)
{
	int r = fd;

	if (NOHUP_MOVES && fd >= 0 && to >= 0 && fd != to) {
		r = hb_dup2(fd, to);
		hb_close(fd);
	}
	return r;
}

int hb_reopen(int to, const char *name, int flags)
{
	return move_to(hb_open(name, flags, 0600), to);
}

int hb_shared_dir(const char *path, size_t dirlen, unsigned uid)
{
	struct stat st;
	char d[PATH_MAX + 2];

	if (dirlen >= sizeof(d))
		return 1;
	if (!dirlen) {
		path = ".";
		dirlen = 1;
	}
	memcpy(d, path, dirlen);
	d[dirlen] = 0;
	return hb_fstatat(AT_FDCWD, d, &st, 0) < 0 || (st.st_uid != uid && st.st_uid) ||
	       st.st_mode & 022;
}

int hb_unsafe(const struct stat *st, unsigned uid)
{
	return !S_ISREG(st->st_mode) || st->st_nlink != 1 || st->st_uid != uid;
}

/* PATH for output as the rules of hb.h say, moved onto TO */
static int open_out(char *path, size_t dirlen, int flags, int to)
{
	/* the filesystem uid: the caller's, or the one detachpid took */
	unsigned uid = setfsuid(-1);
	int shared = hb_shared_dir(path, dirlen, uid), fd;
	struct stat st;

	fd = hb_open(path, flags | O_NONBLOCK | O_NOCTTY | (shared ? O_NOFOLLOW : 0), 0600);
	if (fd < 0)
		return -1;
	if (hb_fstatat(fd, "", &st, AT_EMPTY_PATH) < 0 || (shared && hb_unsafe(&st, uid) &&
							  (errno = EACCES))) {
		hb_close(fd);
		return -1;
	}
	hb_fcntl(fd, F_SETFL, flags & O_APPEND);
	return move_to(fd, to);
}

int hb_nohup_out(char *path, size_t size, const char *dir, int to, int flags, int *err)
{
	/* nohup passes no DIR: "nohup.out", then $HOME even empty, both
	 * joined as gnulib's file_name_concat() joins them */
	int gnu = nohup_rules(dir), fd, i;
	mode_t mask = umask(0);	/* 0600 whatever the umask */
	const char *cwd = dir;

	if (gnu)
		dir = "";
	for (i = 0;; i++) {
		size_t n = strlen(dir), k = n, at = 0;
		int slash = 1;

		/* "/h//" gives "/h/nohup.out", "" and "//" no slash added;
		 * detachpid's $HOME is taken as it is ("/h/" gives
		 * "/h//nohup.out"), its current directory has no trailing
		 * slash but "/" */
		if (gnu || !i) {
			while (k && dir[k - 1] == '/')
				k--;
			if (!k) {
				k = n;
				slash = 0;
			}
		}
		/* detachpid's target opens the name from its own directory:
		 * a relative $HOME is taken from detachpid's, as -o's FILE
		 * ("/" adds no second slash) */
		if (!gnu && i && *dir != '/')
			at = hb_fmt(path, size, "%s/", cwd + !cwd[1]);
		if (at >= size)
			at = size - 1;
		if (at + k >= size)
			k = size - 1 - at;
		memcpy(path + at, dir, k);
		k += at;
		/* A name cut short would be another file: refused, as open()
		 * refuses the whole one (the message shows the cut one). */
		if (k + hb_fmt(path + k, size - k, "/nohup.out" + !slash) >= size) {
			errno = ENAMETOOLONG;
			fd = -1;
		} else
			fd = open_out(path, k, flags, to);
		if (fd >= 0 || i || !(dir = hb_getenv("HOME")) || (!gnu && !*dir))
			break;
		*err = errno;
	}
	umask(mask);
	return fd;
}
