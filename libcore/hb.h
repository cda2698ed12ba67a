/* SPDX-License-Identifier: 0BSD */
/* hupbox shared helpers.  Everything here is used by two or more applets. */
#ifndef HB_H
#define HB_H

#include <stddef.h>
#include <stdarg.h>
#include <signal.h>
#include <time.h>
#include <fcntl.h>

/* Where the zero-initialised state that init and respawn write goes: the
 * link sorts .bss by section name (--sort-section=name), so these come
 * first, right after .data, with musl's own state (.bss.__environ and
 * the like) among them, and HB_HOT_END (init's table, written from its
 * first slot) after them all.  The binary's last .data page and at most
 * one more then hold all they write (docs/HACKING.md, memory;
 * toolchains/musl.awk checks at each link that nothing sorts before
 * them).  HB_COLD: for a zero-initialised
 * object whose name would sort before them (an upper-case one). */
#define HB_HOT __attribute__((section(".bss.__hb_hot")))
#define HB_HOT_END __attribute__((section(".bss.__~hot_end")))
#define HB_COLD __attribute__((section(".bss.cold")))

/* The name of the running applet, for message prefixes. */
extern const char *hb_applet;

/*
 * Formatted output without stdio: %s %c %d %u %x (d u x with l or ll) and
 * %m (strerror(errno) at the time of the call); no field widths.  Each
 * call is one write(2), so a message is never interleaved with another
 * process's.
 */
size_t hb_vfmt(char *buf, size_t size, const char *fmt, va_list ap);
size_t hb_fmt(char *buf, size_t size, const char *fmt, ...);
/* MS milliseconds as people write a duration (250ms, 0.6s, 1m30s) in BUF
 * of HB_DURATION bytes (the longest is "71582m47.295s"); BUF. */
#define HB_DURATION 16
char *hb_duration(char *buf, unsigned ms);
int hb_dprintf(int fd, const char *fmt, ...);
/* A macro: a variadic function of its own costs more code. */
#define hb_printf(...) hb_dprintf(1, __VA_ARGS__)

/* "APPLET: message\n" on stderr; and the message alone to hb_warn_also,
 * when an applet sets it (respawn -S: to syslog as well, as BusyBox's
 * logmode). */
void hb_warn(const char *fmt, ...);
extern void (*hb_warn_also)(const char *msg);
/* hb_warn (none when FMT is NULL), then exit(CODE), an exit code;
 * CODE | HB_TRY is hb_usage_error's. */
void hb_die(int code, const char *fmt, ...) __attribute__((noreturn));
#define HB_TRY 0x100

/* "APPLET: cause" (none when FMT is NULL), "Try 'APPLET --help' for more
 * information." and exit(code).  A macro: a variadic function of its own
 * costs more code. */
#define hb_usage_error(code, ...) hb_die((code) | HB_TRY, __VA_ARGS__)

/*
 * An applet's options, declared once as data: hb_getopt() parses by the
 * table, hb_help() prints it and tests/helpers/getopt-check.c holds it
 * against glibc's getopt_long (make copies each NAME_OPTIONS list out of
 * applets/NAME.c for it).  The list is a macro of one macro, an entry a
 * line:
 *
 *   #define FLOCK_OPTIONS(X) \
 *	X(SHARED, 's', "shared", "", "get a shared lock", "") \
 *	X(TIMEOUT, 'w', "timeout", "SECS", "wait at most SECS", "") \
 *	X(VERBOSE, 0, "verbose", "", "say what happens", "")
 *
 * Each: the name of its constant (hb_getopt() returns OPT_SHARED for -s
 * and --shared), its short letter (0: none), its long name ("": none),
 * its argument's name ("": it takes none), its help line ("": left out of
 * --help, as an alias; help.awk writes those of --help and --version)
 * and its default ("": none to show).  An entry with
 * the letter of an earlier one is an alias of it (--nb, --wait):
 * hb_getopt() returns the earlier one's constant.  HB_OPTIONS_FIRST(X)
 * first: options end at the first operand (getopt's "+"), else operands
 * may come between them.  An option named "help" or "version" is
 * hb_getopt()'s to answer; HB_HELP_VERSION(X) is -h, --help, -V and
 * --version as util-linux has them.
 *
 * HB_OPTIONS(flock_options, FLOCK_OPTIONS, USAGE, TRAILER) defines the
 * OPT_ constants (the entries' places: a switch on them is dense) and the
 * table: a pointer to its --help text, then each entry as its letter
 * byte, its name and its argument's name, each NUL-terminated, then a
 * NUL.  The text of --help (USAGE: the synopsis and what the applet does;
 * each entry's help line and default; TRAILER for the end) is not in the
 * applet's object: the build reads it with HB_HELP_DUMP defined, where
 * HB_OPTIONS is a line that toolchains/help.awk reads, and compiles it
 * compressed into flock_options_help[] (docs/HACKING.md, "Help text").
 */
#ifdef HB_HELP_DUMP
#define HB_OPTIONS(var, list, usage_text, trailer_text) \
	hb_help_dump var (usage_text) list(HB_OPTION_DUMP) (trailer_text) hb_help_end
#define HB_OPTION_DUMP(id, c, n, a, h, d) (n) (a) (h) (d)
/* HB_TEXT(var, TEXT): TEXT alone, compressed in the same way into
 * var_help[] (a usage without options: hupbox's own), which
 * hb_unpack() decodes. */
#define HB_TEXT(var, text) hb_help_dump var (text) ("") hb_help_end
#else
#define HB_TEXT(var, text) extern const unsigned char var##_help[]
#define HB_OPTIONS(var, list, usage_text, trailer_text) \
	enum { list(HB_OPTION_ID) }; \
	extern const unsigned char var##_help[]; \
	static const struct { \
		const unsigned char *help; \
		list(HB_OPTION_FIELDS) \
		char end; \
	} var = { var##_help, list(HB_OPTION_ENTRY) 0 }
#endif
#define HB_OPTIONS_FIRST(X) X(OPTIONS_FIRST, '+', "", "", "", "")
/* HB_IF(CONFIG_SYM, ENTRY): ENTRY when autoconf.h defines CONFIG_SYM (as
 * 1), else nothing: an option that a Kconfig sub-option adds, in the one
 * table.  CONFIG_SYM becomes HB_ON_1 or HB_ON_CONFIG_SYM; only the first
 * is a comma, which moves HB_KEEP to HB_PICK's second place. */
#define HB_IF(sym, ...) HB_IF_(sym, __VA_ARGS__)
#define HB_IF_(val, ...) HB_IF__(HB_ON_##val, __VA_ARGS__)
#define HB_IF__(on, ...) HB_PICK(on HB_KEEP, HB_DROP, )(__VA_ARGS__)
#define HB_ON_1 ~,
#define HB_PICK(...) HB_PICK_(__VA_ARGS__)
#define HB_PICK_(a, b, ...) b
#define HB_KEEP(...) __VA_ARGS__
#define HB_DROP(...)
#define HB_HELP_VERSION(X) \
	X(HELP, 'h', "help", "", "", "") \
	X(VERSION, 'V', "version", "", "", "")
/* A long-only option's letter byte is HB_LONG_ONLY plus its place, no
 * short option's byte and no other entry's, so that an entry's constant
 * is always the place of the first entry with its byte (a table of more
 * than 127 entries would overflow it: a warning). */
#define HB_LONG_ONLY 0x80
#define HB_OPTION_ID(id, ...) OPT_##id,
#define HB_CAT_(a, b) a##b
#define HB_CAT(a, b) HB_CAT_(a, b)
/* one entry's bytes: sized by its strings, so no padding among them */
#define HB_OPTION_FIELDS(id, c, n, a, h, d) struct { \
	unsigned char letter; \
	char name[sizeof(n)], arg[sizeof(a)]; \
} HB_CAT(entry, __COUNTER__);
#define HB_OPTION_ENTRY(id, c, n, a, h, d) { (c) ? (c) : HB_LONG_ONLY + OPT_##id, n, a },

/* getopt_long() with glibc's behaviour and words: the next option of
 * ARGV by the option table TABLE (HB_OPTIONS): its OPT_ constant, its
 * argument in hb_optarg, a long option's name in
 * hb_optname; -1 after the last option, with hb_optind at the first
 * operand.  "help" prints hb_help(TABLE) and "version" hb_version(), each
 * exiting.  A bad option gets glibc's message, the try-help line and
 * exit(CODE).  One parse a process: there is no reset. */
int hb_getopt(char **argv, const void *table, int code);
extern int hb_optind;
extern char *hb_optarg;
extern const char *hb_optname;
/* TABLE's --help on stdout, util-linux's layout: the usage, "Options:",
 * " -x, --long ARG" and its help line, each, then the trailer; exit 0,
 * or 1 when stdout failed. */
void hb_help(const void *table) __attribute__((noreturn));
/* Byte C of a byte-pair encoded text to P: a character ('\n', ' ' to
 * '~'), or the bytes that PAIR gives it (127 + i: PAIR[i], 1 to 31:
 * PAIR[128 + C]), each a character or a code; past them.  The --help
 * texts' (toolchains/help.awk) and strerror()'s (errmsg.awk). */
char *hb_expand(char *p, unsigned c, const unsigned char (*pair)[2]);
/* The string of compressed text (HB_TEXT, HB_OPTIONS) at *TEXT, decoded
 * to P, and *TEXT past it: past its end in P (no NUL written). */
char *hb_unpack(char *p, const unsigned char **text);
/* "APPLET (hupbox) VERSION" on stdout, exit 0. */
void hb_version(void) __attribute__((noreturn));
/* "hupbox VERSION" */
extern const char hb_name_version[];

/* write(2) until everything is written; -1 with errno on failure. */
int hb_write_all(int fd, const void *buf, size_t len);
/* open(2)/dup2(2) retried on EINTR. */
int hb_openat(int dir, const char *path, int flags, int mode);
#define hb_open(path, flags, mode) hb_openat(AT_FDCWD, path, flags, mode)
int hb_dup2(int from, int to);
/* close(2) that keeps errno intact. */
void hb_close(int fd);
/* fcntl(2) with an int or pointer ARG. */
long hb_fcntl(int fd, int cmd, long arg);
/* ioctl(2) with an int or pointer ARG. */
int hb_ioctl(int fd, int req, long arg);
/* pipe2(FD, O_CLOEXEC). */
int hb_pipe(int fd[2]);
/* isatty(FD), errno left as the ioctl set it. */
int hb_isatty(int fd);
/* readlink(PATH) NUL-terminated in BUF of SIZE bytes; its length or -1. */
int hb_readlink(const char *path, char *buf, size_t size);
/* NAME in directory DIR (AT_FDCWD: a path) into BUF of SIZE bytes,
 * NUL-terminated ("" when unreadable), never through a link at NAME nor
 * waiting for a FIFO's writer; its length, or -1 with errno. */
int hb_read_file(int dir, const char *name, char *buf, size_t size);
/* fstatat(2): stat(), lstat() (AT_SYMLINK_NOFOLLOW) and fstat() ("",
 * AT_EMPTY_PATH) in one. */
struct stat;
int hb_fstatat(int dir, const char *path, struct stat *st, int flags);

/* Exit code for a failed exec: 127 when not found, 126 otherwise. */
int hb_exec_code(int err);
/* execvp() as glibc's: $PATH walked only for a name without '/', and a
 * file that is no executable format run through /bin/sh.  Returns -1 with
 * errno set.  With a NULL ARGV nothing runs: errno is 0 when it finds a
 * regular file with an execute bit, else the error exec would give. */
int hb_execvp(const char *file, char **argv);
/* hb_execvp() and on failure report "APPLET: failed to run command 'X': cause"
 * and return hb_exec_code(errno). */
int hb_exec(char **argv);
/* Exit status as a shell reports it: the code, or 128+N for signal N. */
int hb_wait_code(int status);
/* waitpid() retried on EINTR. */
int hb_waitpid(int pid, int *status, int flags);
/* fork() as the system call alone (see proc.c): the child's pid, 0 in the
 * child, or -1 with errno. */
int hb_fork(void);

/* P past spaces and tabs. */
char *hb_blanks(const char *p);
/* The last C in S, or NULL: strrchr() without the memrchr() musl's brings. */
char *hb_last(const char *s, int c);
/* S past PRE when S starts with it, else NULL.  PRE ends at its NUL or
 * its first '=' (an option's argument): the comparison hb_getenv and
 * hb_getopt make. */
char *hb_prefix(const char *s, const char *pre);
/* getenv(). */
char *hb_getenv(const char *name);
/* Parse a whole decimal number in [min, max]; 0 on success, -1 otherwise. */
int hb_parse_long(const char *s, long min, long max, long *out);
/* Parse seconds with an optional fraction and exponent, leading blanks and
 * '+' ("1.5", ".25", " +1e-1": strtod's decimal forms) into a timespec. */
int hb_parse_seconds(const char *s, struct timespec *out);

/* Monotonic clock. */
void hb_now(struct timespec *ts);
long long hb_now_ms(void);

/* The place of W among the first N words of LIST (each NUL-terminated,
 * one after the other); -1 when it is none of them. */
int hb_word(const char *list, unsigned n, const char *w);
/* Signal number (1 to 31) for "TERM", "SIGTERM" or "15"; -1 when unknown. */
int hb_sig_parse(const char *s);
/* sigaction() with the given handler (SIG_IGN, SIG_DFL or a function). */
int hb_signal(int sig, void (*handler)(int));

/* NAME opened with FLAGS (created 0600 under the umask) and, with TO >= 0,
 * moved onto descriptor TO (gnulib's fd_reopen: the old TO stays open
 * when the open fails); the descriptor, or -1 with errno. */
int hb_reopen(int to, const char *name, int flags);
/* nohup.out for appending (FLAGS), created 0600 whatever the umask, moved
 * onto TO as hb_reopen() does: DIR/nohup.out, else $HOME/nohup.out (not an
 * empty $HOME; a relative one taken from DIR).  With a NULL DIR, nohup's
 * rules: ./nohup.out as "nohup.out", and $HOME (even empty) joined as gnulib's
 * file_name_concat().  The name tried last in PATH (SIZE bytes, cut as
 * hb_fmt cuts); *ERR is set to the first open's errno when $HOME is tried.
 * The descriptor, or -1 with the last open's errno. */
int hb_nohup_out(char *path, size_t size, const char *dir, int to, int flags,
		 int *err);
/* nohup.out's safety rules (docs/SECURITY.md), for files opened for output:
 * never blocking (O_NONBLOCK, cleared once open), and in a directory that
 * another user can write, never through a symlink (O_NOFOLLOW) and only a
 * regular file of the opener's with one link (else EACCES, as the kernel's
 * protected_regular says).  hb_shared_dir: whether the directory of PATH
 * (its first DIRLEN bytes, "." for none) is one that a user other than UID
 * and root can write (group or other write permission, another owner), or
 * cannot be examined.  hb_unsafe: whether ST is not such a file of UID's. */
int hb_shared_dir(const char *path, size_t dirlen, unsigned uid);
int hb_unsafe(const struct stat *st, unsigned uid);

/* MSG, a message as the caller formatted it ("<PRI>TAG[PID]: TEXT", in
 * at most HB_SYSLOG_MAX bytes with its NUL), to the system log's
 * /dev/log, never waiting (libcore/syslog.c); 0 when sent, -1 with errno
 * when dropped. */
#define HB_SYSLOG_MAX 512
int hb_syslog(const char *msg);

#endif
