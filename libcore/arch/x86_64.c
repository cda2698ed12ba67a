/* SPDX-License-Identifier: 0BSD */
/* detachpid's register access on x86_64, for 64-bit tracees and for i386
 * tracees (code segment 0x23), which enter the kernel through int $0x80
 * with i386 syscall numbers and argument registers. */
#include <errno.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include "arch/ARCH.h"

/* struct user_regs_struct, by index */
enum { R15, R14, R13, R12, RBP, RBX, R11, R10, R9, R8, RAX, RCX, RDX, RSI, RDI,
	ORIG_RAX, RIP, CS, EFLAGS, RSP };
#define G(r, i) ((r)->u.w[i])

int arch_get(int tid, struct hb_regs *r)
{
	if (sys_ptrace(PTRACE_GETREGS, tid, 0, r->u.w) < 0)
		return -1;
	r->compat = G(r, CS) == 0x23;
	return 0;
}

int arch_set(int tid, const struct hb_regs *r)
{
	return sys_ptrace(PTRACE_SETREGS, tid, 0, r->u.w) < 0 ? -1 : 0;
}

int arch_set_nr(int tid, struct hb_regs *r, long nr)
{
	G(r, ORIG_RAX) = nr;
	return arch_set(tid, r);
}

const char *arch_check(const struct hb_regs *r)
{
	return G(r, CS) == 0x33 || G(r, CS) == 0x23 ? 0 : "unknown code segment";
}

/* i386's numbers, for a 32-bit tracee */
const short arch_compat_nr[SC_N] __attribute__((aligned(2))) = { 174, 295, 330, 6, 55, 66, 57, 54, 0 };


int arch_insn(const struct hb_regs *r, const unsigned char *p, unsigned long addr)
{
	(void)addr;
	return r->compat ? p[0] == 0xcd && p[1] == 0x80 : p[0] == 0x0f && p[1] == 0x05;
}

long arch_entry_nr(const struct hb_regs *r)
{
	return r->compat ? (int)G(r, ORIG_RAX) : (long)G(r, ORIG_RAX);
}

long arch_ret(const struct hb_regs *r)
{
	return r->compat ? (int)G(r, RAX) : (long)G(r, RAX);
}

int arch_restarting(const struct hb_regs *r)
{
	/* -516 to -512, the kernel's restart codes, but -515 (ENOIOCTLCMD) */
	long v = arch_ret(r) + 516;

	return arch_entry_nr(r) >= 0 && (unsigned long)v <= 4 && v != 1;
}

void arch_restore(struct hb_regs *r, int entry)
{
	if (!entry && !arch_restarting(r))
		return;
	/* -516 is ERESTART_RESTARTBLOCK: continue through restart_syscall
	 * (0 for i386, 219 for x86_64) */
	G(r, RAX) = !entry && arch_ret(r) == -516 ? (r->compat ? 0 : SYS_restart_syscall) : G(r, ORIG_RAX);
	G(r, RIP) -= 2;
	G(r, ORIG_RAX) = -1;
}

void arch_args(struct hb_regs *r, unsigned long pc, int mode, long nr, const unsigned long a[4])
{
	static const unsigned char nat[4] = { RDI, RSI, RDX, R10 }, i386[4] = { RBX, RCX, RDX, RSI };

	(void)mode;
	if (pc)
		G(r, RIP) = pc;
	G(r, RAX) = nr;
	G(r, ORIG_RAX) = -1;	/* no restart logic on the way out of a stop */
	for (int i = 0; i < 4; i++)
		G(r, (r->compat ? i386 : nat)[i]) = r->compat ? (unsigned)a[i] : a[i];
}

void arch_set_nreg(struct hb_regs *r, long nr)
{
	G(r, RAX) = nr;
}

void arch_call_on_stack(void *sp, void (*fn)(void *), void *arg)
{
	__asm__ volatile("mov %0, %%rsp\n\tcall *%1" : : "r"(sp), "r"(fn), "D"(arg) : "memory");
	__builtin_unreachable();
}
