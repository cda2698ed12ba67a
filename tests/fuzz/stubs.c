/* SPDX-License-Identifier: 0BSD */
/* The exits and outputs of hupbox's code, as every fuzz harness links
 * them: see fuzz.h. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include "hb.h"
#include "fuzz.h"

jmp_buf fuzz_jmp;
int fuzz_armed, fuzz_code;

void fuzz_fail(const char *fmt, ...)
{
	va_list ap;

	fputs("fuzz: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

void fuzz_exit(int code)
{
	if (!fuzz_armed)
		fuzz_fail("exit %d outside a parse", code);
	fuzz_armed = 0;
	fuzz_code = code;
	longjmp(fuzz_jmp, 1);
}

/* A message through the real formatter, with the real arguments (a bad
 * pointer among them is caught here); on stderr with HB_FUZZ_VERBOSE. */
static void say(const char *fmt, va_list ap)
{
	static int verbose = -1;
	char buf[1024];

	hb_vfmt(buf, sizeof(buf), fmt, ap);
	if (verbose < 0)
		verbose = getenv("HB_FUZZ_VERBOSE") != NULL;
	if (verbose)
		fprintf(stderr, "%s: %s\n", hb_applet, buf);
}

void __wrap_hb_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	say(fmt, ap);
	va_end(ap);
}

void __wrap_hb_die(int code, const char *fmt, ...)
{
	va_list ap;

	if (fmt) {
		va_start(ap, fmt);
		say(fmt, ap);
		va_end(ap);
	}
	fuzz_exit(code & 0xff);
}

void __wrap_hb_help(void)
{
	fuzz_exit(0);
}

void __wrap_hb_version(void)
{
	fuzz_exit(0);
}

int __wrap_hb_execvp(const char *file, char **argv)
{
	(void)argv;
	fuzz_fail("a parse reached hb_execvp('%s')", file);
}

int __wrap_hb_exec(char **argv)
{
	fuzz_fail("a parse reached hb_exec('%s')", argv[0]);
}

int __wrap_sv_fork(void)
{
	fuzz_fail("a parse reached sv_fork()");
}

const char *fuzz_file(int slot, const void *data, size_t size)
{
	static int fd[2] = { -1, -1 };
	static char name[2][32];

	if (fd[slot] < 0) {
		fd[slot] = memfd_create("hupbox-fuzz", MFD_CLOEXEC);
		if (fd[slot] < 0)
			fuzz_fail("memfd_create: %s", strerror(errno));
		snprintf(name[slot], sizeof(name[slot]), "/proc/self/fd/%d", fd[slot]);
	}
	if (ftruncate(fd[slot], 0) || pwrite(fd[slot], data, size, 0) != (ssize_t)size)
		fuzz_fail("writing %s: %s", name[slot], strerror(errno));
	return name[slot];
}
