/* SPDX-License-Identifier: 0BSD */
/* Fuzz harness: init's inittab parser, at boot and at a HUP reload.
 *
 * The input is two inittabs: the text before the first line that is
 * exactly "#fuzz: reload" is read as init reads /etc/inittab at boot,
 * the text after it on a HUP (the boot one again when there is no such
 * line).  Every byte goes through init's own code: sv_lines, the
 * "#hupbox:" and runlevels-field settings (sv_sep, sv_opt, sv_ms,
 * hb_parse_seconds, hb_parse_long, hb_sig_parse), sv_fields, and the
 * table's add/keep/free logic of reload().
 *
 * applets/init.c is included, not linked: its parser and table are
 * static, and including it needs no seam in init.c.  What this file uses
 * of it: the variables inittab, tab, booted and grace_ms, MAXE, LINE, the
 * A_* actions, and the functions parse(), arm() and reload().  init_main
 * is compiled but never called.  Nothing is started: with every entry
 * SV_OFF, reload() stops nothing and forks nothing.
 *
 * Fails (abort) when the parser exits (PID 1 must never exit on a bad
 * inittab) or leaves an entry that init could not run as read.
 */
#include "../../applets/init.c"
#include "fuzz.h"

static const char marker[] = "#fuzz: reload\n";

/* FUZZ_WRAP wraps hb_getopt for every harness; init_main, never called
 * here, is its only caller in this one. */
int __real_hb_getopt(char **, const void *, int);

int __wrap_hb_getopt(char **argv, const void *table, int code)
{
	return __real_hb_getopt(argv, table, code);
}

/* Where the reload text starts: just past the marker line, or 0. */
static size_t split(const uint8_t *d, size_t n)
{
	size_t i, m = sizeof(marker) - 1;

	for (i = 0; i + m <= n; i++)
		if ((!i || d[i - 1] == '\n') && !memcmp(d + i, marker, m))
			return i + m;
	return 0;
}

static void check_table(const char *when)
{
	struct ient *t;

	for (t = tab; t < tab + MAXE; t++) {
		if (!t->action)
			continue;
		if (t->action > A_RESTART)
			fuzz_fail("%s: entry %d: action %d", when, (int)(t - tab), t->action);
		if (!memchr(t->id, 0, sizeof(t->id)) || !memchr(t->cmd, 0, sizeof(t->cmd)))
			fuzz_fail("%s: entry %d: id or command not terminated", when, (int)(t - tab));
		if (!*hb_blanks(t->cmd))
			fuzz_fail("%s: entry %d: empty command", when, (int)(t - tab));
		if (t->e.name != t->cmd)
			fuzz_fail("%s: entry %d: name is not the command", when, (int)(t - tab));
		if (t->e.respawn != (t->action == A_RESPAWN || t->action == A_ASKFIRST))
			fuzz_fail("%s: entry %d: respawn %d for action %d", when,
				  (int)(t - tab), t->e.respawn, t->action);
		if (!t->keep || t->dying || t->e.state == SV_RUN || t->e.state == SV_STOP)
			fuzz_fail("%s: entry %d: keep %d dying %d state %d", when,
				  (int)(t - tab), t->keep, t->dying, t->e.state);
		if (t->e.c.stop_sig < 1 || t->e.c.stop_sig > 31 || t->e.c.starts > 65535)
			fuzz_fail("%s: entry %d: stop signal %d, starts %u", when,
				  (int)(t - tab), t->e.c.stop_sig, t->e.c.starts);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t r = split(data, size);
	static const char *boot, *hup;

	boot = fuzz_file(0, data, r ? r : size);
	hup = r ? fuzz_file(1, data + r, size - r) : boot;
	/* init as it starts: an empty table, the default grace */
	memset(tab, 0, sizeof(tab));
	booted = 0;
	grace_ms = 3000;
	hb_applet = "init";
	if (setjmp(fuzz_jmp))
		fuzz_fail("init exited %d while parsing an inittab", fuzz_code);
	fuzz_armed = 1;
	inittab = boot;
	/* the boot's pass, as init_main's: lines added, bad ones reported */
	if (parse(1, 0))
		fuzz_fail("%s: cannot read", boot);
	check_table("boot");
	arm();
	booted = 1;
	inittab = hup;
	reload();
	check_table("reload");
	fuzz_armed = 0;
	return 0;
}
