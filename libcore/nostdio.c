/* musl only: the stdio that musl's getopt prints its messages with.
 *
 * musl 1.2.3's __getopt_msg() (src/misc/getopt.c) is
 *	FILE *f = stderr; FLOCK(f);
 *	fputs(a, f) >= 0 && fwrite(b, strlen(b), 1, f) &&
 *	fwrite(c, 1, l, f) == l && putc('\n', f);
 *	FUNLOCK(f);
 * and those calls link 2 KB of stdio (buffers, locks, exit flush, seek)
 * into every applet that parses options.  stderr is unbuffered, so each
 * call is one write(2) of its bytes (musl: a writev with an empty first
 * part) and a failed write ends the message: the definitions here do the
 * same straight to fd 2, so the linker takes them instead of libc.a's.
 *
 * FLOCK only reads f->lock (takes the lock when it is >= 0, then unlocks
 * when __lockfile() returned nonzero): a zeroed object larger than any
 * musl FILE and a __lockfile() that returns 0 keep this free of FILE's
 * layout.  Nothing else may use these: the Makefile checks in the link
 * map that getopt.lo is their only user and that no libc stdio object was
 * linked, and a libc object that needs the real stderr, fwrite or putc
 * would define them a second time and fail the link.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#ifdef __GLIBC__
#error "musl's getopt only: glibc's prints through its own stdio"
#endif

/* musl 1.2.3's FILE: 232 bytes on 64-bit, less on 32-bit. */
long __stderr_FILE[512 / sizeof(long)];

int __lockfile(FILE *f)
{
	(void)f;
	return 0;
}

void __unlockfile(FILE *f)
{
	(void)f;
}

/* As musl's __stdio_write: on until all is written or a write fails
 * (EINTR included); the bytes written. */
static size_t put(const void *p, size_t len)
{
	size_t done = 0;
	ssize_t n;

	while (done < len && (n = write(2, (const char *)p + done, len - done)) > 0)
		done += n;
	return done;
}

size_t fwrite(const void *restrict p, size_t size, size_t n, FILE *restrict f)
{
	size_t l = size * n, k = put(p, l);

	(void)f;
	if (!size)
		n = 0;
	return k == l ? n : k / size;
}

int fputs(const char *restrict s, FILE *restrict f)
{
	size_t l = strlen(s);

	(void)f;
	return (put(s, l) == l) - 1;
}

int putc(int c, FILE *f)
{
	unsigned char b = c;

	(void)f;
	return put(&b, 1) == 1 ? b : EOF;
}
