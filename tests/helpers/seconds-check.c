/* SPDX-License-Identifier: 0BSD */
/* seconds-check: libcore's hb_parse_seconds, built for the host, on a
 * table of inputs with their exact values (tests/hupbox.test): strtod's
 * decimal forms truncated to the nanosecond, whole seconds at most
 * INT_MAX.  Prints "ok", or each input whose result differs.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "../../libcore/parse.c"

static const struct {
	const char *in;
	long long sec;	/* -1: refused */
	long nsec;
} cases[] = {
	{ "2", 2, 0 }, { "0.5", 0, 500000000 }, { ".25", 0, 250000000 },
	{ "1.", 1, 0 }, { " \t+1.5", 1, 500000000 }, { "1e3", 1000, 0 },
	{ "1.5e-1", 0, 150000000 }, { "2.5E+0", 2, 500000000 },
	{ "1e-9", 0, 1 }, { "1e-10", 0, 0 }, { "0e99999", 0, 0 },
	{ "123.456e2", 12345, 600000000 },
	/* fraction digits past the nanosecond that an exponent brings in */
	{ "0.0000000001e10", 1, 0 }, { ".182115273731756e+10", 1821152737, 317560000 },
	{ "1.23456789012e2", 123, 456789012 }, { "0.0000000019e1", 0, 19 },
	{ "0.000000000000000000000000001e27", 1, 0 },
	/* whole digits past a word that an exponent takes back */
	{ "3000000000e-1", 300000000, 0 }, { "4294967296e-9", 4, 294967296 },
	{ "10000000000000000000e-20", 0, 100000000 },
	{ "1234567890123456789012e-20", 12, 345678901 },
	/* the limit: INT_MAX whole seconds */
	{ "2147483647.999999999", 2147483647, 999999999 }, { "2147483648", -1, 0 },
	{ "214748364.8e1", -1, 0 }, { "214748364.79e1", 2147483647, 900000000 },
	{ "4294967297", -1, 0 }, { "1e10", -1, 0 }, { "1e999999999999", -1, 0 },
	{ "5e-99999999999", 0, 0 },
	/* not numbers */
	{ "", -1, 0 }, { ".", -1, 0 }, { "+", -1, 0 }, { "-1", -1, 0 },
	{ "1e", -1, 0 }, { "1e+", -1, 0 }, { ".e1", -1, 0 }, { "e1", -1, 0 },
	{ "1 ", -1, 0 }, { "1.5.5", -1, 0 }, { "++1", -1, 0 }, { "1e1.5", -1, 0 },
	{ "0x10", -1, 0 }, { "inf", -1, 0 },
};

int main(void)
{
	size_t i;
	int bad = 0;

	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		struct timespec ts = { -1, -1 };
		int r = hb_parse_seconds(cases[i].in, &ts);
		long long sec = r ? -1 : (long long)ts.tv_sec;
		long nsec = r ? 0 : ts.tv_nsec;

		if (sec != cases[i].sec || nsec != cases[i].nsec) {
			printf("'%s': %lld.%09ld, want %lld.%09ld\n", cases[i].in, sec, nsec,
			       cases[i].sec, cases[i].nsec);
			bad = 1;
		}
	}
	if (!bad)
		puts("ok");
	return bad;
}
