/* SPDX-License-Identifier: 0BSD */
/* Static musl only: smaller stand-ins for parts of musl: string
 * functions, and what serves only threads, thread-local storage, stdio
 * or locales, which
 * hupbox never has.  The linker takes a definition here before libc.a's.
 * Some replace musl's internal functions by name (__lctrans, __lock,
 * __strchrnul), which a musl release may change: toolchains/musl.awk
 * checks at every link, not a version named here, that the names still
 * hold (no libc member they replace is linked, and the libc functions
 * that called them still do), and that neither stdio nor locale code nor
 * pthread_create is linked; a libc object that needs the real ones would
 * define a symbol a second time and fail the link.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#ifdef __GLIBC__
#error "musl only"
#endif

/* The start: crt1.o's _start calls __libc_start_main(main, argc, argv).
 * musl's also keeps the auxiliary vector (getauxval), the page size (on
 * arches where it varies), the program's name (err, warn), the stack
 * protector's canary and runs constructors, for what hupbox never links
 * (musl.awk checks: no libc member but these two reads musl's internal
 * state, none reads the name, .init_array is empty).  Kept: environ, the
 * thread pointer (errno lives behind it), the CPU features and vsyscall
 * entry that ARM and i386 read, and musl's guard for a program started
 * setuid or with file capabilities: a closed descriptor 0, 1 or 2 is
 * opened on /dev/null, so that no file opened later becomes stdout.  Not
 * before ARMv7, where musl's __set_thread_area() looks for the CPU's name
 * in the auxiliary vector it keeps. */
#if !defined(__arm__) || __ARM_ARCH >= 7
#define AUX_CNT 38	/* musl's: __init_tls() reads aux[] by AT_ number */
void __init_tls(size_t *aux);
extern size_t __hwcap, __sysinfo;
extern char **__environ;

/* Not inlined: aux[] is off the stack before main() runs, whose deepest
 * frames it would otherwise add to (docs/HACKING.md, memory).  Returns
 * how many pointers argv and envp are, with their nulls, and into TOP
 * the lowest of the strings above them (the arguments, the environment,
 * the file's name) and the page size. */
struct stack_top { char *low; size_t page; };
static size_t __attribute__((noinline)) start(char **argv, char **envp, struct stack_top *top)
{
	size_t aux[AUX_CNT] = { 0 }, *a;
	char **p;
	int fd;

	__environ = envp;
	top->low = (char *)-1;
	/* argv, its null (at envp[-1]), then envp up to its null */
	for (p = argv; p < envp || *p; p++)
		if (*p && *p < top->low)
			top->low = *p;
	p++;
	for (a = (size_t *)p; *a; a += 2)
		if (*a < AUX_CNT)
			aux[*a] = a[1];
	/* the file's name, above the environment (AT_RANDOM's bytes and
	 * the platform's name lie lower, and nothing reads them after
	 * this) */
	if (aux[AT_EXECFN] && (char *)aux[AT_EXECFN] < top->low)
		top->low = (char *)aux[AT_EXECFN];
	top->page = aux[AT_PAGESZ];
	__hwcap = aux[AT_HWCAP];
	if (aux[AT_SYSINFO])
		__sysinfo = aux[AT_SYSINFO];
	__init_tls(aux);
	if (aux[AT_SECURE] || aux[AT_UID] != aux[AT_EUID] || aux[AT_GID] != aux[AT_EGID])
		for (fd = 0; fd < 3; fd++)
			if (syscall(SYS_fcntl, fd, F_GETFD) < 0 &&
			    syscall(SYS_openat, AT_FDCWD, "/dev/null", O_RDWR) != fd)
				__builtin_trap();
	return p - argv;
}

#ifdef HB_ARCH_FILE
#include "arch/ARCH.h"
/* What main() runs with, on its new stack. */
struct stage2 {
	int (*main)(int, char **, char **);
	int argc;
	char **argv;
	size_t drop_from, drop_to;
};

static void __attribute__((noreturn)) stage2(void *arg)
{
	struct stage2 *s = arg;

	if (s->drop_from < s->drop_to)
		syscall(SYS_madvise, s->drop_from, s->drop_to - s->drop_from, MADV_DONTNEED);
	exit(s->main(s->argc, s->argv, 0));
}
#endif

/* The kernel puts argv, envp and auxv (and AT_RANDOM's bytes and the
 * platform's name just above them) a random 0 to 8 kB below the argument
 * and environment strings at the stack's top (its stack randomisation),
 * and the frames go below them: the stack then spans one to three pages,
 * and every page touched stays for good, in init as in every long-lived
 * process.  So main() gets a stack just below the strings, on their
 * page: argv and envp copied there (upwards: where the copy would not lie
 * above the original, as no kernel lays them out, main() runs where it
 * is), and the pages of the kernel's tables and of the start's frames
 * handed back (docs/HACKING.md, memory). */
int __libc_start_main(int (*main)(int, char **, char **), int argc, char **argv)
{
	struct stack_top top;
	size_t n = start(argv, argv + argc + 1, &top);
#ifdef HB_ARCH_FILE
	size_t here = (size_t)&top;
	char **to;
	struct stage2 *s;

	to = (char **)(((size_t)top.low - n * sizeof(*to)) & -16);
	s = (struct stage2 *)to - 1;
	/* no string at all (no argument, no environment, a kernel before
	 * AT_EXECFN): nowhere known to move to */
	if (top.low != (char *)-1 && (char **)s > argv + n) {
		__environ = to + argc + 1;
		while (n--)
			to[n] = argv[n];
		s->main = main;
		s->argc = argc;
		s->argv = to;
		/* from below the start's frames up to the page that holds
		 * the new stack's first frames (a margin for stage2's own) */
		s->drop_from = (here - 4096) & -top.page;
		s->drop_to = ((size_t)s - 1024) & -top.page;
		arch_call_on_stack((void *)(((size_t)s - 32) & -16), stage2, s);
	}
#else
	(void)n;
#endif
	exit(main(argc, argv, 0));	/* hupbox's main() takes no envp */
}
#endif

/* The thread pointer, for a program without thread-local storage (no
 * PT_TLS segment: musl.awk checks) and without threads.  musl's finds
 * the TLS image in the program headers, copies it beside its struct
 * pthread and fills in the thread list, the tid, the TLS sizes and the
 * default stack size, which only threads, TLS and pthread functions read
 * (musl.awk checks that none of them is linked).  What a single thread
 * reads: errno, in a zeroed struct pthread; and on x86_64, where the
 * struct starts at the thread pointer, its first word pointing at itself
 * (the ABI's %fs:0).  Its locale, which musl's start-up points at the
 * global C locale, stays a null pointer: no libc member linked reads it
 * (musl.awk checks) but musl's own strerror(), linked only where libcore/
 * strerror.c has no table, which then defines hb_init_locale() to set it
 * as musl does.
 * Elsewhere the struct ends at the thread pointer (less mips's ABI
 * offset of 0x7000), musl's TLS_ABOVE_TP.  THREAD_AREA is at least
 * musl's own builtin_tls, which holds a struct pthread (musl.awk reads
 * its size from libc.a).  Not on i386, where the system calls go through
 * the struct's vsyscall entry, nor where no musl was checked. */
#if defined(__x86_64__) || defined(__aarch64__) || defined(__arm__) || defined(__mips__)
#define THREAD_AREA 48	/* pointers */
#define MIPS_TP_OFFSET 0x7000	/* the MIPS TLS ABI's */
int __set_thread_area(void *tp);
/* Among the state every supervisor writes (docs/HACKING.md, memory);
 * alone in musl.o's section, whose size musl.awk reads. */
void *thread_area[THREAD_AREA] __attribute__((section(".bss.__hb_hot")));

/* Nothing to do where libcore/strerror.c's strerror() is linked. */
void hb_init_locale(void);
void __attribute__((weak)) hb_init_locale(void)
{
}

void __init_tls(size_t *aux)
{
	void **area = thread_area, *tp = area;

	(void)aux;
#ifdef __x86_64__
	area[0] = area;
#elif defined(__mips__)
	/* a value past the object, never dereferenced as it is */
	tp = (void *)((size_t)(area + THREAD_AREA) + MIPS_TP_OFFSET);
#else
	tp = area + THREAD_AREA;
#endif
	if (__set_thread_area(tp) < 0)
		__builtin_trap();
	hb_init_locale();
}
#endif

/* The message catalogue lookup of strerror(): without
 * setlocale() (musl.awk checks) no catalogue is loaded and musl's returns
 * MSG itself, through a weak alias it keeps for the gettext code. */
const char *__lctrans(const char *msg, const void *lm)
{
	(void)lm;
	return msg;
}

const char *__lctrans_cur(const char *msg)
{
	return msg;
}

/* musl's internal lock, which _Fork() takes: musl's returns at once
 * unless a thread was ever started (its libc.need_locks), and hupbox
 * starts none (musl.awk checks that pthread_create is not linked): futex
 * code that would never run. */
void __lock(volatile int *l)
{
	(void)l;
}

void __unlock(volatile int *l)
{
	(void)l;
}

/* exit() without what musl's runs first: atexit handlers, .fini_array
 * entries and the stdio flush, none of which hupbox has (musl.awk checks
 * that neither atexit nor stdio is linked and that .fini_array is empty).
 */
void exit(int code)
{
	_Exit(code);
}

/* close() without what only threads and aio need (a cancellation point,
 * the aio hook) in musl.  As musl's, EINTR is success, since
 * Linux has closed the descriptor all the same, and errno is kept then. */
int close(int fd)
{
	int e = errno;
	long r = syscall(SYS_close, fd);

	if (r && errno == EINTR) {
		errno = e;
		r = 0;
	}
	return r;
}

/* raise(), which only ARM's libgcc links (a division by zero): the
 * thread id asked of the kernel, since the struct pthread that musl's
 * reads it from holds none here (__init_tls() above), and a child of
 * sv_fork() would find its parent's there anyway. */
int raise(int sig)
{
	return syscall(SYS_tkill, syscall(SYS_gettid), sig);
}

/* read(), write() and waitpid() as the system calls: musl's are
 * cancellation points (through __syscall_cp), which only threads have. */
ssize_t read(int fd, void *buf, size_t n)
{
	return syscall(SYS_read, fd, buf, n);
}

ssize_t write(int fd, const void *buf, size_t n)
{
	return syscall(SYS_write, fd, buf, n);
}

pid_t waitpid(pid_t pid, int *status, int options)
{
	return syscall(SYS_wait4, pid, status, options, 0);
}

/* strchrnul(), and strchr() through it: a word-at-a-time search in
 * musl. */
char *strchrnul(const char *s, int c)
{
	while (*s && *(const unsigned char *)s != (unsigned char)c)
		s++;
	return (char *)s;
}
/* The name musl's strchr() calls it by. */
char *__strchrnul(const char *s, int c) __attribute__((alias("strchrnul")));

/* The string functions, bytewise, for the few bytes hupbox copies and
 * compares: musl's are built for long strings (word at a time, -O2, or
 * assembly), much larger, on mipsel most.  musl.o is
 * compiled with -fno-tree-loop-distribute-patterns (the Makefile), so no
 * loop here can become a call to the function it is in. */
void *memcpy(void *restrict d, const void *restrict s, size_t n)
{
	unsigned char *p = d;
	const unsigned char *q = s;

	while (n--)
		*p++ = *q++;
	return d;
}

void *memset(void *d, int c, size_t n)
{
	unsigned char *p = d;

	while (n--)
		*p++ = c;
	return d;
}

size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return p - s;
}

int strcmp(const char *l, const char *r)
{
	for (; *l == *r && *l; l++, r++)
		;
	return *(const unsigned char *)l - *(const unsigned char *)r;
}

int strncmp(const char *l, const char *r, size_t n)
{
	const unsigned char *a = (const void *)l, *b = (const void *)r;

	for (; n; n--, a++, b++)
		if (*a != *b || !*a)
			return *a - *b;
	return 0;
}

#ifdef __x86_64__
/* syscall() as the arguments arrive, moved into the kernel's registers:
 * musl's is C that walks a va_list behind a stack protector, several
 * times these eight instructions.  Its sixth argument is the first on
 * the stack; like musl's, it reads all six whatever the call passed. */
__asm__(
	".section .text.syscall,\"ax\",@progbits\n"
	".globl syscall\n"
	".type syscall,@function\n"
	"syscall:\n"
	"	mov %rdi,%rax\n"
	"	mov %rsi,%rdi\n"
	"	mov %rdx,%rsi\n"
	"	mov %rcx,%rdx\n"
	"	mov %r8,%r10\n"
	"	mov %r9,%r8\n"
	"	mov 8(%rsp),%r9\n"
	"	syscall\n"
	"	mov %rax,%rdi\n"
	"	jmp __syscall_ret\n"
	".size syscall,.-syscall\n"
	".previous\n");
#endif

#if defined(__x86_64__) || defined(__aarch64__)
#include <signal.h>

/* sigaction() as the system call with musl's restorer (SA_RESTORER, as
 * musl does).  musl's own also unblocks its thread-internal signals at the
 * first handler and serialises SIGABRT with abort(): for threads, which
 * hupbox never starts.  64-bit x86 and arm share the kernel's
 * layout; 32-bit arm (two frame kinds) and mips (another layout) keep
 * musl's. */
struct ksigaction {
	void (*handler)(int);
	unsigned long flags;
	void (*restorer)(void);
	unsigned long mask;	/* the kernel's sigset: 64 signals */
};

void __restore_rt(void);

/* As musl's, old's mask past the kernel's 64 signals and its sa_restorer
 * are left as they were.  musl refuses its own signals (32 to 34) here:
 * hupbox names only signals below 32, and musl uses those three only
 * once a thread was started, which hupbox never does (musl.awk checks
 * that pthread_create is not linked). */
int sigaction(int sig, const struct sigaction *restrict sa, struct sigaction *restrict old)
{
	struct ksigaction k, ko;
	long r;

	if (sa) {
		k.handler = sa->sa_handler;
		k.flags = sa->sa_flags | SA_RESTORER;
		k.restorer = __restore_rt;
		k.mask = *(const unsigned long *)&sa->sa_mask;
	}
	r = syscall(SYS_rt_sigaction, sig, sa ? &k : 0, old ? &ko : 0, sizeof(k.mask));
	if (old && !r) {
		old->sa_handler = ko.handler;
		old->sa_flags = ko.flags;
		*(unsigned long *)&old->sa_mask = ko.mask;
	}
	return r;
}

/* sigprocmask() as the system call.  musl's goes through
 * pthread_sigmask(), which checks HOW as the kernel
 * does and hides its own signals (32 to 34) from the old mask, as this
 * does. */
int sigprocmask(int how, const sigset_t *restrict set, sigset_t *restrict old)
{
	long r = syscall(SYS_rt_sigprocmask, how, set, old, sizeof(unsigned long));

	if (!r && old)
		*(unsigned long *)old &= ~(7UL << 31);
	return r;
}
#endif
