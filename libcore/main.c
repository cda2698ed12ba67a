/* The multi-call dispatcher: argv[0] (or argv[1] after "hupbox") picks the applet. */
#include <limits.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "hb.h"

#define APPLET(name, dir) HB_MAIN(name); extern const char name##_usage[];
#include "applets.h"
#undef APPLET

static const struct applet {
	const char *name;
	int (*main)(int, char **);
	const char *usage;
	const char *dir;	/* its usual home: "bin", "sbin", "usr/bin", ... */
} applets[] = {
#define APPLET(name, dir) { #name, name##_main, name##_usage, dir },
#include "applets.h"
#undef APPLET
	{ 0, 0, 0, 0 }
};

static const char hupbox_usage[] =
"Usage: hupbox APPLET [ARGS...]   or   APPLET [ARGS...] through a link\n"
"       hupbox --list\n"
"       hupbox --install [-s] [-f] [DIR]\n"
"\n"
"--list      print the enabled applets, one a line\n"
"--install   link every applet into DIR (default: each applet's usual home\n"
"            under /); -s makes symbolic links, -f replaces files that are\n"
"            not hupbox\n";

static const struct applet *find(const char *name)
{
	const struct applet *a;

	for (a = applets; a->name; a++)
		if (!strcmp(a->name, name))
			return a;
	return NULL;
}

static int run(const struct applet *a, int argc, char **argv)
{
	hb_applet = a->name;
	hb_usage_text = a->usage;
	if (argc > 1 && !strcmp(argv[1], "--help"))
		hb_help();
	return a->main(argc, argv);
}

static int list(void)
{
	const struct applet *a;

	for (a = applets; a->name; a++)
		if (hb_printf("%s\n", a->name) < 0)
			return 1;
	return 0;
}

/* 1 when stdout failed (a full disk, a closed pipe), as for APPLET --help. */
static int help(void)
{
	const struct applet *a;
	int r = hb_printf("hupbox " HB_VERSION
			  ": keeps processes alive on small Linux systems\n\n%s\n"
			  "Enabled applets:", hupbox_usage);

	for (a = applets; a->name; a++)
		r |= hb_printf(" %s", a->name);
	return (r | hb_printf("\n")) < 0;
}

/* Is PATH already this very binary (same file, or a link to it)? */
static int is_self(const char *path, const struct stat *self)
{
	struct stat st;

	return !hb_fstatat(AT_FDCWD, path, &st, 0) && st.st_dev == self->st_dev &&
	       st.st_ino == self->st_ino;
}

static int install(int argc, char **argv)
{
	char buf[PATH_MAX], path[PATH_MAX], *self = buf;
	struct stat self_st, st;
	const struct applet *a;
	const char *dir = NULL;
	int symbolic = 0, force = 0, rc = 0, i;

	for (i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "-s"))
			symbolic = 1;
		else if (!strcmp(argv[i], "-f"))
			force = 1;
		else if (argv[i][0] == '-' || dir)
			hb_usage_error(1, "--install: unexpected argument '%s'", argv[i]);
		else
			dir = argv[i];
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

	for (a = applets; a->name; a++) {
		if (dir)
			hb_fmt(path, sizeof(path), "%s/%s", dir, a->name);
		else
			hb_fmt(path, sizeof(path), "/%s/%s", a->dir, a->name);
		/* lstat: a dangling symbolic link is a file that is not hupbox. */
		if (!hb_fstatat(AT_FDCWD, path, &st, AT_SYMLINK_NOFOLLOW)) {
			if (!force && !is_self(path, &self_st)) {
				hb_warn("not replacing '%s': it is not hupbox (use -f)", path);
				rc = 1;
				continue;
			}
			if (unlink(path)) {
				hb_warn("cannot remove '%s': %m", path);
				rc = 1;
				continue;
			}
		}
		if (symbolic ? symlink(self, path) : link(self, path)) {
			hb_warn("cannot create '%s': %m", path);
			rc = 1;
		}
	}
	return rc;
}

int main(int argc, char **argv)
{
	const struct applet *a;
	const char *name = argv[0] ? argv[0] : "hupbox", *p = hb_last(name, '/');

	if (p)
		name = p + 1;
	if (*name == '-')
		name++;
	if (strncmp(name, "hupbox", 6)) {
		a = find(name);
		if (!a)
			hb_die(127, "applet not found: %s", name);
		return run(a, argc, argv);
	}

	if (argc < 2 || !strcmp(argv[1], "--help"))
		return help();
	if (!strcmp(argv[1], "--list"))
		return list();
	if (!strcmp(argv[1], "--install"))
		return install(argc, argv);
	if (!strcmp(argv[1], "--version"))
		return hb_printf("hupbox " HB_VERSION "\n") < 0;
	a = find(argv[1]);
	if (!a)
		hb_die(127, "applet not found: %s", argv[1]);
	return run(a, argc - 1, argv + 1);
}
