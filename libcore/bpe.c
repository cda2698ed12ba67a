/* SPDX-License-Identifier: 0BSD */
/* The decoder of hupbox's compressed texts: the --help texts (toolchains/
 * help.awk) and, on static musl, strerror()'s messages (toolchains/
 * errmsg.awk), both byte-pair encoded with the same codes. */
#include "hb.h"

char *hb_expand(char *p, unsigned c, const unsigned char (*pair)[2])
{
	if (c == '\n' || (c >= ' ' && c < 127)) {
		*p = c;
		return p + 1;
	}
	c += c < ' ' ? 128 : -127;
	return hb_expand(hb_expand(p, pair[c][0], pair), pair[c][1], pair);
}
