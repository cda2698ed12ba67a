/* SPDX-License-Identifier: 0BSD */
/* detachpid's register access on aarch64: registers only through
 * PTRACE_GETREGSET, the syscall number at an entry stop through the
 * NT_ARM_SYSTEM_CALL regset.  As on arm, the kernel rewinds an interrupted
 * syscall before the trap stop (and sets x8 to restart_syscall itself when
 * it needs to), so no restart is applied by hand.  At syscall stops the
 * kernel shows x7 as the entry/exit flag and puts the real x7 back
 * itself; we never change x7. */
#include <elf.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include "arch/ARCH.h"

#define NREGS 34	/* x0-x30, sp, pc, pstate */
#define G(r, i) ((r)->u.w[i])

static int regset(int req, int tid, int type, void *p, size_t *len)
{
	struct iovec io = { p, *len };

	if (sys_ptrace(req, tid, type, &io) < 0)
		return -1;
	*len = io.iov_len;
	return 0;
}

int arch_get(int tid, struct hb_regs *r)
{
	size_t len = NREGS * 8;

	if (regset(PTRACE_GETREGSET, tid, NT_PRSTATUS, r->u.w, &len) < 0)
		return -1;
	r->compat = len != NREGS * 8;	/* an AArch32 tracee's 18 words */
	return 0;
}

int arch_set(int tid, const struct hb_regs *r)
{
	size_t len = NREGS * 8;

	return regset(PTRACE_SETREGSET, tid, NT_PRSTATUS, (void *)r->u.w, &len);
}

int arch_set_nr(int tid, struct hb_regs *r, long nr)
{
	int n = nr;
	size_t len = sizeof(n);

	if (arch_set(tid, r) < 0)
		return -1;
	return regset(PTRACE_SETREGSET, tid, NT_ARM_SYSTEM_CALL, &n, &len);
}

const char *arch_check(const struct hb_regs *r)
{
	return r->compat ? "32-bit ARM process (this detachpid is aarch64)" : 0;
}


int arch_insn(const struct hb_regs *r, const unsigned char *p, unsigned long addr)
{
	(void)r;
	return !(addr & 3) && p[0] == 1 && p[1] == 0 && p[2] == 0 && p[3] == 0xd4;
}

long arch_ret(const struct hb_regs *r) { return (long)G(r, 0); }
int arch_restarting(const struct hb_regs *r) { (void)r; return 0; }
long arch_entry_nr(const struct hb_regs *r) { return G(r, 8); }

/* no restart by hand: the kernel rewound it */
void arch_restore(struct hb_regs *r, int entry)
{
	if (entry)
		G(r, 32) -= 4;
}

void arch_args(struct hb_regs *r, unsigned long pc, int mode, long nr, const unsigned long a[4])
{
	(void)mode;
	if (pc)
		G(r, 32) = pc;
	G(r, 8) = nr;
	for (int i = 0; i < 4; i++)
		G(r, i) = a[i];
}

void arch_set_nreg(struct hb_regs *r, long nr)
{
	G(r, 8) = nr;
}

void arch_call_on_stack(void *sp, void (*fn)(void *), void *arg)
{
	register void *x0 __asm__("x0") = arg;

	__asm__ volatile("mov sp, %0\n\tblr %1" : : "r"(sp), "r"(fn), "r"(x0) : "memory");
	__builtin_unreachable();
}
