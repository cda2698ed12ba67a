/* SPDX-License-Identifier: 0BSD */
/* The multi-call dispatcher: argv[0] (or argv[1] after "hupbox") picks the applet. */
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include "hb.h"

#define APPLET(name, dir) int name##_main(int argc, char **argv);
#include "applets.h"
#undef APPLET

/* No name or dir pointers and no terminating entry.  NAMES is each
 * applet's name and usual home ("/bin", "/usr/sbin", ...).  Loops count
 * to NAPPLETS, a constant the compiler folds (a single-applet build's
 * loops are no loops).  Each applet answers its own --help, from its
 * option table. */
static int (*const applets[])(int, char **) = {
#define APPLET(name, dir) name##_main,
#include "applets.h"
#undef APPLET
};
#define NAPPLETS (int)(sizeof(applets) / sizeof(*applets))
/* aligned(1): not x86_64's 16 for an array of 16 bytes or more, padding
 * that buys nothing for bytes read one at a time */
static const char names[] __attribute__((aligned(1))) =
#define APPLET(name, dir) #name "\0/" dir "\0"
#include "applets.h"
#undef APPLET
	"";	/* a string even with no applet */

/* The string after S in NAMES. */
static const char *next(const char *s)
{
	return s + strlen(s) + 1;
}

/* help()'s format, compressed as the applets' --help texts are
 * (docs/HACKING.md, "Help text"): one %s, "hupbox VERSION". */
HB_TEXT(hupbox_usage,
"%s: keeps processes alive on small Linux systems\n\n"
"Usage: hupbox APPLET [ARGS...]   or   APPLET [ARGS...] through a link\n"
"   or: hupbox --list: the enabled applets, one a line\n"
"   or: hupbox --install [-s] [-f] [DIR]: link every applet into DIR\n"
"       (default: its usual home under /); -s symbolic links, -f replace\n"
"       files that are not hupbox\n"
"\nEnabled applets:");

/* Each applet's name through FMT; negative when stdout failed. */
static int list(const char *fmt)
{
	const char *n = names;
	int r = 0, i;

	for (i = 0; i < NAPPLETS; i++, n = next(next(n)))
		r |= hb_printf(fmt, n);
	return r;
}

/* 1 when stdout failed (a full disk, a closed pipe), as for APPLET --help. */
static int help(void)
{
	/* hb_help()'s size, which help.awk holds every text to */
	char format[4096];
	const unsigned char *text = hupbox_usage_help;
	int r;

	*hb_unpack(format, &text) = 0;
	r = hb_printf(format, hb_name_version);

	r |= list(" %s");
	return (r | hb_printf("\n")) < 0;
}

/* ARGV: hupbox --install [-s] [-f] [DIR].  noinline: inlined into
 * main() (its only caller) it is larger on x86_64. */
static int __attribute__((noinline)) install(char **argv)
{
	/* static: shorter to address than deep in an 8 KB stack frame */
	static char buf[PATH_MAX], path[PATH_MAX];
	static struct stat self_st, st;
	char *self = buf, **v = argv + 1;
	const char *dir = NULL, *n = names, *why, *a;
	int symbolic = 0, force = 0, rc = 0, i;

	while ((a = *++v)) {
		if (a[0] == '-' && (a[1] == 's' || a[1] == 'f') && !a[2])
			*(a[1] == 's' ? &symbolic : &force) = 1;
		else if (*a == '-' || dir)
			hb_usage_error(1, "--install: unexpected argument '%s'", a);
		else
			dir = a;
	}
	/* Without /proc (a chroot, an initramfs before mounting it), an
	 * absolute argv[0] names the binary, as BusyBox does. */
	if (hb_readlink("/proc/self/exe", buf, sizeof(buf)) < 0) {
		if (*argv[0] != '/')
			hb_die(1, "cannot find own binary: /proc/self/exe: %m");
		self = argv[0];
	}
	if (hb_fstatat(AT_FDCWD, self, &self_st, 0))
		hb_die(1, "cannot stat '%s': %m", self);

	for (i = 0; i < NAPPLETS; i++, n = next(next(n))) {
		hb_fmt(path, sizeof(path), "%s/%s", dir ? dir : next(n), n);
		why = NULL;
		/* lstat: a dangling symbolic link is a file that is not hupbox. */
		if (!hb_fstatat(AT_FDCWD, path, &st, AT_SYMLINK_NOFOLLOW)) {
			/* not hupbox: not this very file, nor a link to it */
			if (!force && (hb_fstatat(AT_FDCWD, path, &st, 0) ||
				       st.st_dev != self_st.st_dev ||
				       st.st_ino != self_st.st_ino))
				why = "not replacing '%s': it is not hupbox (use -f)";
			/* the system call: musl's unlinkat() is a wrapper */
			else if (syscall(SYS_unlinkat, AT_FDCWD, path, 0))
				why = "cannot remove '%s': %m";
		}
		/* the system calls: musl's symlink() and link() are wrappers
		 * around them */
		if (!why && (symbolic ? syscall(SYS_symlinkat, self, AT_FDCWD, path) :
			     syscall(SYS_linkat, AT_FDCWD, self, AT_FDCWD, path, AT_SYMLINK_FOLLOW)))
			why = "cannot create '%s': %m";
		if (why) {
			hb_warn(why, path);
			rc = 1;
		}
	}
	return rc;
}

int main(int argc, char **argv)
{
	const char *name = argv[0] ? argv[0] : "hupbox", *p = hb_last(name, '/');
	const char *n = names;
	int i;

	if (p)
		name = p + 1;
	if (*name == '-')
		name++;
	if (hb_prefix(name, "hupbox")) {
		switch (argc < 2 ? 0 : hb_word("--help\0--list\0--install\0--version", 4, argv[1])) {
		case 0:
			return help();
		case 1:
			return list("%s\n") < 0;
		case 2:
			return install(argv);
		case 3:
			return hb_printf("%s\n", hb_name_version) < 0;
		}
		if (*argv[1] == '-')
			hb_usage_error(1, "unrecognized option '%s'", argv[1]);
		name = *++argv;
		argc--;
	}
	for (i = 0; i < NAPPLETS; i++, n = next(next(n)))
		if (!strcmp(n, name)) {
			hb_applet = n;
			return applets[i](argc, argv);
		}
	hb_die(127, "applet not found: %s", name);
}
