/* SPDX-License-Identifier: 0BSD */
/* The fuzz harnesses (docs/SECURITY.md, "Hostile tests and fuzzers").
 *
 * Each harness is one LLVMFuzzerTestOneInput(), built twice: with
 * libFuzzer for `make fuzz`, and with tests/fuzz/replay.c as its main()
 * for `make test`, which replays the inputs kept in tests/fuzz/regress/.
 *
 * Parsing code exits on bad input (hb_die, hb_usage_error, hb_help,
 * hb_version), which would end the fuzzer.  The harnesses are linked with
 * ld --wrap for those (FUZZ_WRAP in the Makefile): stubs.c formats the
 * message with the real hb_vfmt, records the exit code in fuzz_code and
 * longjmp()s back to fuzz_jmp, which the harness set with setjmp() before
 * the parse.  hupbox's own objects are unchanged, and nothing of a parse
 * is skipped but the exit itself.  The calls that would run something
 * (hb_execvp, hb_exec, sv_fork) are wrapped as tripwires that abort: a
 * harness that reaches one is wrong, and says so.
 */
#ifndef FUZZ_H
#define FUZZ_H

#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>

extern jmp_buf fuzz_jmp;
/* Set while a parse runs: an exit outside it is a harness bug. */
extern int fuzz_armed;
/* The code the parse exited with, FUZZ_PARSED when it ended normally. */
extern int fuzz_code;
#define FUZZ_PARSED 0x200

/* Back to fuzz_jmp with CODE. */
void fuzz_exit(int code) __attribute__((noreturn));
/* A broken invariant: the message on stderr, then abort(), which
 * libFuzzer and the replayer report as a crash with the input kept. */
void fuzz_fail(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
/* DATA as the whole content of scratch file SLOT (0 or 1); its name. */
const char *fuzz_file(int slot, const void *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
