/* SPDX-License-Identifier: 0BSD */
/* detachpid's register access on 32-bit ARM (EABI), ARM and Thumb state.
 * The kernel rewinds an interrupted syscall before the trap stop (PC on
 * the svc, r0 back from ORIG_r0), so a restartable syscall shows as "PC at
 * a syscall instruction" and needs no restart by hand.  It restarts an
 * interrupted sleep through restart_syscall inside the kernel, while r7
 * still names the sleep; detachpid sees that number with
 * PTRACE_GET_SYSCALL_INFO and runs restart_syscall itself (see
 * applets/detachpid.c). */
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include "arch/ARCH.h"

#ifndef PTRACE_SET_SYSCALL
#define PTRACE_SET_SYSCALL 23
#endif
#define CPSR 16
#define T_BIT 0x20
#define IT_BITS 0x0600fc00
#define G(r, i) ((r)->u.w[i])

int arch_get(int tid, struct hb_regs *r)
{
	return sys_ptrace(PTRACE_GETREGS, tid, 0, r->u.w) < 0 ? -1 : 0;
}

int arch_set(int tid, const struct hb_regs *r)
{
	return sys_ptrace(PTRACE_SETREGS, tid, 0, r->u.w) < 0 ? -1 : 0;
}

int arch_set_nr(int tid, struct hb_regs *r, long nr)
{
	if (arch_set(tid, r) < 0)
		return -1;
	return sys_ptrace(PTRACE_SET_SYSCALL, tid, 0, nr) < 0 ? -1 : 0;
}

const char *arch_check(const struct hb_regs *r)
{
	/* user mode is 0x10; an arm64 kernel shows a 64-bit tracee as 0 */
	return (G(r, CPSR) & 0x1f) != 0x10 ? "64-bit process (this detachpid is 32-bit ARM)" : 0;
}

int arch_insn_len(const struct hb_regs *r) { return G(r, CPSR) & T_BIT ? 2 : 4; }

int arch_insn(const struct hb_regs *r, const unsigned char *p, unsigned long addr)
{
	int thumb = p[0] == 0 && p[1] == 0xdf && !(addr & 1);
	int arm = p[0] == 0 && p[1] == 0 && p[2] == 0 && p[3] == 0xef && !(addr & 3);

	/* at PC only what the current instruction set would execute */
	if (addr == arch_pc(r))
		return G(r, CPSR) & T_BIT ? thumb * 2 : arm;
	return arm ? 1 : thumb ? 2 : 0;
}

long arch_ret(const struct hb_regs *r) { return (long)G(r, 0); }
int arch_restarting(const struct hb_regs *r) { (void)r; return 0; }
long arch_entry_nr(const struct hb_regs *r) { return G(r, 7); }

/* no restart by hand: the kernel rewound it */
void arch_restore(struct hb_regs *r, int entry)
{
	if (entry)
		G(r, 15) -= arch_insn_len(r);
}

void arch_args(struct hb_regs *r, unsigned long pc, int mode, long nr, const unsigned long a[4])
{
	if (pc)
		G(r, 15) = pc;
	if (mode) {
		/* an IT block would make our svc conditional */
		G(r, CPSR) &= ~(unsigned long)IT_BITS;
		G(r, CPSR) = mode == 2 ? G(r, CPSR) | T_BIT : G(r, CPSR) & ~T_BIT;
	}
	G(r, 7) = nr;
	for (int i = 0; i < 4; i++)
		G(r, i) = a[i];
}

void arch_set_nreg(struct hb_regs *r, long nr)
{
	G(r, 7) = nr;
}

void arch_call_on_stack(void *sp, void (*fn)(void *), void *arg)
{
	register void *r0 __asm__("r0") = arg;

	__asm__ volatile("mov sp, %0\n\tblx %1" : : "r"(sp), "r"(fn), "r"(r0) : "memory");
	__builtin_unreachable();
}
