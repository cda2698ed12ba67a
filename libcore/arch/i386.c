/* SPDX-License-Identifier: 0BSD */
/* detachpid's register access on i386 (int $0x80, args in ebx ecx edx esi). */
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include "arch/ARCH.h"

/* struct user_regs_struct, by index */
enum { EBX, ECX, EDX, ESI, EDI, EBP, EAX, DS, ES, FS, GS, ORIG_EAX, EIP, CS, EFLAGS, ESP };
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
	G(r, ORIG_EAX) = nr;
	return arch_set(tid, r);
}

const char *arch_check(const struct hb_regs *r)
{
	/* what a 64-bit kernel shows a 32-bit tracer of a 64-bit process */
	return G(r, CS) == 0x33 ? "64-bit process (this detachpid is i386)" : 0;
}


int arch_insn(const struct hb_regs *r, const unsigned char *p, unsigned long addr)
{
	(void)r;
	(void)addr;
	return p[0] == 0xcd && p[1] == 0x80;
}

long arch_ret(const struct hb_regs *r) { return (long)G(r, EAX); }

int arch_restarting(const struct hb_regs *r)
{
	long v = arch_ret(r);

	return (long)G(r, ORIG_EAX) >= 0 && v <= -512 && v >= -516 && v != -515;
}

void arch_restore(struct hb_regs *r, int entry)
{
	if (!entry && !arch_restarting(r))
		return;
	G(r, EAX) = !entry && arch_ret(r) == -516 ? SYS_restart_syscall : G(r, ORIG_EAX);
	G(r, EIP) -= 2;
	G(r, ORIG_EAX) = -1;
}

long arch_entry_nr(const struct hb_regs *r) { return (long)G(r, ORIG_EAX); }

void arch_args(struct hb_regs *r, unsigned long pc, int mode, long nr, const unsigned long a[4])
{
	(void)mode;
	if (pc)
		G(r, EIP) = pc;
	G(r, EAX) = nr;
	G(r, ORIG_EAX) = -1;	/* no restart logic on the way out of a stop */
	G(r, EBX) = a[0];
	G(r, ECX) = a[1];
	G(r, EDX) = a[2];
	G(r, ESI) = a[3];
}

void arch_set_nreg(struct hb_regs *r, long nr)
{
	G(r, EAX) = nr;
}

void arch_call_on_stack(void *sp, void (*fn)(void *), void *arg)
{
	/* the argument on the stack, which is 16-byte aligned at the call */
	__asm__ volatile("mov %0, %%esp\n\tsub $12, %%esp\n\tpush %2\n\tcall *%1"
			 : : "r"(sp), "r"(fn), "r"(arg) : "memory");
	__builtin_unreachable();
}
