/* SPDX-License-Identifier: 0BSD */
/* The line reader shared by init (inittab) and respawn (/etc/passwd,
 * /etc/group), apart from the supervision engine, which never reads a
 * file. */
#ifndef LINES_H
#define LINES_H

/* Text files without stdio, for inittab and /etc/passwd.  Each line of
 * file, NUL-terminated without its newline, goes to fn(line, number, arg)
 * (line NULL when longer than 511 bytes) until fn returns non-zero: that
 * value, 0 at the end, -1 (errno set) when the file cannot be opened or
 * read, SV_NOT_FILE when it is not a regular file (a FIFO, a device, a
 * directory: never read, never waited for). */
#define SV_NOT_FILE (-2)
int sv_lines(const char *file, int (*fn)(char *, int, void *), void *arg);
/* strsep(): musl's brings strcspn and memset, code that an init-only
 * build needs for nothing else. */
char *sv_sep(char **sp, const char *delim);
/* Cut line at its first n-1 colons into f[0..n-1]; how many fields. */
int sv_fields(char *line, char **f, int n);

#endif
