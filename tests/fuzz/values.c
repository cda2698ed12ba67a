/* SPDX-License-Identifier: 0BSD */
/* Fuzz harness: the value parsers, each held to an independent reading of
 * what it documents.
 *
 * The input's first byte picks the parser, the rest is its argument:
 *   s  hb_parse_seconds: strtod's decimal forms truncated to the
 *      nanosecond, whole seconds at most INT_MAX (checked against exact
 *      decimal arithmetic on the digits)
 *   l  hb_parse_long over four ranges (checked against strtol)
 *   g  hb_sig_parse: -1 or 1 to 31; a name is the number's own
 *      (glibc's sigabbrev_np, IO for POLL), a number is the number
 *   0-7  sv_opt setting SV_MIN...SV_SIG (checked against the parsers it
 *      uses; sv_ms against hb_parse_seconds)
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include "hb.h"
#include "supervise.h"
#include "fuzz.h"

/* The exact value of S when it is one of strtod's decimal forms with
 * whole seconds at most INT_MAX: 0 and *SEC, *NSEC; else -1. */
static int seconds_ref(const char *s, long long *sec, long *nsec)
{
	char dig[4096];
	size_t nd = 0, i;
	long long e = 0, point, q;
	int mant = 0, neg = 0;

	while (*s == ' ' || (*s >= '\t' && *s <= '\r'))
		s++;
	if (*s == '+')
		s++;
	for (; *s >= '0' && *s <= '9'; s++, mant++)
		if (nd < sizeof(dig))
			dig[nd++] = *s;
	point = nd;
	if (*s == '.')
		for (s++; *s >= '0' && *s <= '9'; s++, mant++)
			if (nd < sizeof(dig))
				dig[nd++] = *s;
	if (!mant)
		return -1;
	if (*s == 'e' || *s == 'E') {
		int ed = 0;

		s++;
		neg = *s == '-';
		if (*s == '-' || *s == '+')
			s++;
		for (; *s >= '0' && *s <= '9'; s++, ed++)
			if (e < 100000000)
				e = e * 10 + (*s - '0');
		if (!ed)
			return -1;
	}
	if (*s || nd == sizeof(dig))
		return -1;
	/* digit i has the place point - 1 - i + e: 0 the units */
	q = point + (neg ? -e : e);
	*sec = 0;
	*nsec = 0;
	for (i = 0; i < nd; i++) {
		long long place = q - 1 - (long long)i;

		if (place >= 0) {
			if (*sec > INT_MAX)
				return -1;
			*sec = *sec * 10 + (dig[i] - '0');
			/* the zeros the exponent adds after the last digit */
			if (i == nd - 1)
				for (; place > 0 && *sec && *sec <= INT_MAX; place--)
					*sec *= 10;
		} else if (place >= -9) {
			long p = 1;
			long long k;

			for (k = place + 9; k > 0; k--)
				p *= 10;
			*nsec += (dig[i] - '0') * p;
		}
	}
	if (*sec > INT_MAX)
		return -1;
	return 0;
}

static void check_seconds(const char *s)
{
	struct timespec ts = { -1, -1 };
	long long sec;
	long nsec;
	int r = hb_parse_seconds(s, &ts), want = seconds_ref(s, &sec, &nsec);

	if (r != want)
		fuzz_fail("hb_parse_seconds('%s') %s", s, r ? "refused" : "accepted");
	if (!r && (ts.tv_sec != sec || ts.tv_nsec != nsec))
		fuzz_fail("hb_parse_seconds('%s'): %lld.%09ld, want %lld.%09ld", s,
			  (long long)ts.tv_sec, ts.tv_nsec, sec, nsec);
}

static void check_long(const char *s)
{
	static const long range[][2] = { { LONG_MIN, LONG_MAX }, { INT_MIN, INT_MAX },
					  { 0, 255 }, { 1, 31 } };
	unsigned i;

	for (i = 0; i < sizeof(range) / sizeof(*range); i++) {
		long n = 12345, ref;
		int r = hb_parse_long(s, range[i][0], range[i][1], &n), ok;
		char *end;

		/* strtol less its leading blanks, with the whole string a number */
		errno = 0;
		ref = strtol(s, &end, 10);
		ok = *s != ' ' && !(*s >= '\t' && *s <= '\r') && end != s && !*end &&
		     !errno && ref >= range[i][0] && ref <= range[i][1];
		if (ok == !!r || (ok && n != ref) || (!ok && n != 12345))
			fuzz_fail("hb_parse_long('%s', %ld, %ld): %d, %ld; strtol %ld", s,
				  range[i][0], range[i][1], r, n, ref);
	}
}

static void check_sig(const char *s)
{
	int n = hb_sig_parse(s);
	long num;
	const char *name;

	if (n == -1)
		return;
	if (n < 1 || n > 31)
		fuzz_fail("hb_sig_parse('%s'): %d", s, n);
	if (!hb_parse_long(s, 1, 31, &num)) {
		if (num != n)
			fuzz_fail("hb_sig_parse('%s'): %d", s, n);
		return;
	}
	name = sigabbrev_np(n);
	if (!strncmp(s, "SIG", 3))
		s += 3;
	/* glibc names 29 POLL, hupbox IO (as kill -l) */
	if (!name || (strcmp(s, name) && !(n == SIGIO && !strcmp(s, "IO"))))
		fuzz_fail("hb_sig_parse('%s'): %d, which is SIG%s", s, n, name);
}

static void check_opt(unsigned i, const char *v)
{
	struct sv_conf c = sv_conf0, want = sv_conf0;
	struct timespec ts;
	long n;
	int r = sv_opt(&c, i, v), ok;

	if (i < SV_STARTS) {
		unsigned ms = sv_ms(v);

		ok = !hb_parse_seconds(v, &ts) && ts.tv_sec <= 4000000;
		if (ok != (ms != -1U) || (ok && ms != ts.tv_sec * 1000 + ts.tv_nsec / 1000000))
			fuzz_fail("sv_ms('%s'): %u", v, ms);
		want.ms[i] = ms;
	} else if (i == SV_STARTS) {
		ok = !hb_parse_long(v, 0, 65535, &n);
		want.starts = n;
	} else {
		n = hb_sig_parse(v);
		ok = n > 0;
		want.stop_sig = n;
	}
	if (ok == !!r)
		fuzz_fail("sv_opt(%u, '%s'): %d", i, v, r);
	if (!ok)
		want = sv_conf0;
	if (memcmp(&c, &want, sizeof(c)))
		fuzz_fail("sv_opt(%u, '%s'): changed other settings", i, v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s;

	if (!size)
		return 0;
	/* exactly as long as the argument: ASan sees a read past it */
	s = malloc(size);
	memcpy(s, data + 1, size - 1);
	s[size - 1] = 0;
	hb_applet = "values";
	fuzz_armed = 1;
	if (setjmp(fuzz_jmp))
		fuzz_fail("a value parser exited %d", fuzz_code);
	switch (data[0]) {
	case 's':
		check_seconds(s);
		break;
	case 'l':
		check_long(s);
		break;
	case 'g':
		check_sig(s);
		break;
	default:
		if (data[0] >= '0' && data[0] <= '0' + SV_SIG)
			check_opt(data[0] - '0', s);
	}
	fuzz_armed = 0;
	free(s);
	return 0;
}
