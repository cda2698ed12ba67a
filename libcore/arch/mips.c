/* SPDX-License-Identifier: 0BSD */
/* detachpid's register access on MIPS o32.  PTRACE_GETREGS gives 38 64-bit
 * slots (r0-r31, lo, hi, epc, badvaddr, status, cause) even on 32-bit
 * kernels.  A failed syscall returns a positive errno in v0 with a3 = 1.
 * The kernel keeps the syscall number in the r0 slot while a syscall is in
 * progress and the caller's a3 in k0 (r26) for restarting; it applies the
 * restart after the trap stop, so the snapshot still shows v0 = ERESTART*.
 * The number at an entry stop is changed through v0 with POKEUSER, which
 * the kernel turns into its own copy.  detachpid injects at most four
 * arguments, so nothing goes on the stack (5th and 6th at sp+16/20). */
#include <string.h>
#include <stdint.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include "arch/ARCH.h"

#ifndef PTRACE_POKEUSER
#define PTRACE_POKEUSER 6
#endif
enum { V0 = 2, A0 = 4, A3 = 7, K0 = 26, EPC = 34 };
#define G(r, i) ((r)->u.d[i])

int arch_get(int tid, struct hb_regs *r)
{
	return sys_ptrace(PTRACE_GETREGS, tid, 0, r->u.d) < 0 ? -1 : 0;
}

int arch_set(int tid, const struct hb_regs *r)
{
	return sys_ptrace(PTRACE_SETREGS, tid, 0, r->u.d) < 0 ? -1 : 0;
}

int arch_set_nr(int tid, struct hb_regs *r, long nr)
{
	G(r, V0) = nr;
	if (arch_set(tid, r) < 0)
		return -1;
	return sys_ptrace(PTRACE_POKEUSER, tid, (void *)V0, (void *)nr) < 0 ? -1 : 0;
}

const char *arch_check(const struct hb_regs *r)
{
	(void)r;
	return 0;
}


int arch_insn(const struct hb_regs *r, const unsigned char *p, unsigned long addr)
{
	uint32_t w;

	(void)r;
	memcpy(&w, p, 4);
	return !(addr & 3) && w == 0x0000000c;
}

long arch_ret(const struct hb_regs *r)
{
	long v = (int32_t)G(r, V0);

	return G(r, A3) ? -v : v;
}

int arch_restarting(const struct hb_regs *r)
{
	int32_t v = G(r, V0);

	return (int32_t)G(r, 0) && G(r, A3) && v >= 512 && v <= 516 && v != 515;
}

void arch_restore(struct hb_regs *r, int entry)
{
	if (!entry) {
		if (!arch_restarting(r))
			return;
		G(r, V0) = G(r, V0) == 516 ? SYS_restart_syscall : G(r, 0);
		G(r, A3) = G(r, K0);
		G(r, 0) = 0;
	}
	G(r, EPC) -= 4;
}

long arch_entry_nr(const struct hb_regs *r) { return (int32_t)G(r, V0); }
void arch_args(struct hb_regs *r, unsigned long pc, int mode, long nr, const unsigned long a[4])
{
	(void)mode;
	if (pc)
		G(r, EPC) = pc;
	G(r, V0) = nr;
	for (int i = 0; i < 4; i++)
		G(r, A0 + i) = (int32_t)a[i];	/* sign-extended, as the kernel keeps them */
}

void arch_set_nreg(struct hb_regs *r, long nr)
{
	G(r, V0) = nr;
}

ARCH_FULL_ISA void arch_call_on_stack(void *sp, void (*fn)(void *), void *arg)
{
	/* o32: the callee's address in $25 ($t9), which PIC code expects;
	 * the 16 bytes above the stack pointer are its argument area */
	register void *a0 __asm__("$4") = arg;
	register void (*t9)(void *) __asm__("$25") = fn;

	__asm__ volatile("move $sp, %0\n\tjalr $25" : : "r"(sp), "r"(t9), "r"(a0) : "memory");
	__builtin_unreachable();
}
