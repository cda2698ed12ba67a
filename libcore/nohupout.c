/* SPDX-License-Identifier: 0BSD */
/* nohup.out, as nohup makes it for itself and detachpid for a target:
 * one open loop for both, the few differences between them kept (hb.h). */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include "hb.h"
#include "autoconf.h"

/* nohup's rules for a NULL DIR; a build with only one of the two applets
 * keeps only its own. */
#if !defined CONFIG_NOHUP
#define nohup_rules(dir) 0
#elif !defined CONFIG_DETACHPID
#define nohup_rules(dir) 1
#else
#define nohup_rules(dir) (!(dir))
#endif

int hb_reopen(int to, const char *name, int flags)
{
	int fd = hb_open(name, flags, 0600), r = fd;

	if (fd >= 0 && to >= 0 && fd != to) {
		r = hb_dup2(fd, to);
		hb_close(fd);
	}
	return r;
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
			fd = hb_reopen(to, path, flags);
		if (fd >= 0 || i || !(dir = hb_getenv("HOME")) || (!gnu && !*dir))
			break;
		*err = errno;
	}
	umask(mask);
	return fd;
}
