/* SPDX-License-Identifier: 0BSD */
/* Static musl only: strerror() with musl's own messages, kept compressed.
 * musl's keeps each message whole and a 16-bit offset for every errno;
 * here the table is toolchains/errmsg.sh's, made at build time from the
 * strerror.lo of the libc.a that is linked (hupbox holds none of musl's
 * text), byte-pair encoded (toolchains/errmsg.awk), and a message is
 * decoded into a static buffer, which the next call overwrites, as C
 * allows; no caller in hupbox holds one message across another call.
 * When errmsg.sh finds strerror.lo laid out otherwise, the header has no
 * table, musl's own is linked, and only what it needs is defined here.
 * tests/strerror.test compares this with musl's for every errno value. */
#include <errno.h>
#include <string.h>
#include "errmsg.h"
#include "hb.h"

#ifdef ERRMSG_COUNT
/* mips numbers EDQUOT 1133, past the table: musl keeps its message in
 * entry 109, a number mips leaves unused, and gives 109 itself none. */
#if EDQUOT >= ERRMSG_COUNT
#define EDQUOT_ENTRY 109
#endif

/* Among the state init and respawn write (HB_HOT), on a page they
 * write anyway (docs/HACKING.md, memory), not on one that only a message
 * would make them keep. */
char errmsg_buf[ERRMSG_LONGEST + 1] HB_HOT;

char *strerror(int e)
{
	const unsigned char *s = errmsg.text;
	char *p = errmsg_buf;

#ifdef EDQUOT_ENTRY
	if (e == EDQUOT_ENTRY)
		e = 0;
	else if (e == EDQUOT)
		e = EDQUOT_ENTRY;
#endif
	/* as musl's, a negative one too is past the table */
	if ((unsigned)e >= ERRMSG_COUNT)
		e = 0;
	/* past each message, less the errno values it ends for: below zero
	 * when E has none of its own, and the first errno's message then */
	while (e > 0)
		if (*s++ < ERRMSG_END && (e -= s[-1]) < 0)
			s = errmsg.text;
	while (*s >= ERRMSG_END)
		p = hb_expand(p, *s++, errmsg.pair);
	*p = 0;
	return errmsg_buf;
}
#else
#include <locale.h>

/* musl's own strerror() is linked, which reads the thread's locale:
 * libcore/musl.c's __init_tls(), where it stands in for musl's, calls
 * this to set it as musl's start-up does (its own does nothing). */
void hb_init_locale(void);
void hb_init_locale(void)
{
	uselocale(LC_GLOBAL_LOCALE);
}
#endif
