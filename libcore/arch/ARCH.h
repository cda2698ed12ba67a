/* SPDX-License-Identifier: 0BSD */
/* Per-arch ptrace register access for syscall injection (detachpid).
 * One libcore/arch/ARCH.c implements this for the arch hupbox is built for;
 * the injecting logic itself is arch-free.  All functions work on a
 * snapshot taken with arch_get(); only arch_get/arch_set/arch_set_nr talk to
 * the kernel.
 */
#ifndef HB_ARCH_H
#define HB_ARCH_H

/* ptrace(2) itself (ptrace4 is in detachpid.c): libc's ptrace() is a
 * variadic wrapper that only the PEEK requests need, and detachpid makes
 * none. */
long ptrace4(long req, long tid, long addr, long data);
#define sys_ptrace(req, tid, addr, data) ptrace4(req, tid, (long)(addr), (long)(data))

struct hb_regs {
	union {				/* the kernel's register block */
		unsigned long w[80];
		unsigned long long d[40];
	} u;
	int compat;			/* x86_64: the tracee runs i386 code */
};

/* arm restarts an interrupted sleep inside the kernel, under a syscall
 * number that the registers do not show (see arm.c). */
#ifdef HB_ARCH_arm
#define ARCH_HIDDEN_RESTART 1
#else
#define ARCH_HIDDEN_RESTART 0
#endif

/* The system calls detachpid injects. */
enum { SC_SIGACTION, SC_OPENAT, SC_DUP3, SC_CLOSE, SC_FCNTL, SC_SETSID, SC_SETPGID,
	SC_IOCTL, SC_RESTART, SC_N };

/* Start-up, not ptrace (libcore/musl.c): FN(ARG) called with the stack
 * pointer at SP (16-byte aligned, with 32 bytes free above it for the
 * ABI's argument area); FN never returns. */
#ifdef HB_ARCH_mips
/* MIPS32 code even in a MIPS16 build (OpenWrt's), whose jalr takes no
 * $25; gcc wants it on the definition as well */
#define ARCH_FULL_ISA __attribute__((nocompression))
#else
#define ARCH_FULL_ISA
#endif
void arch_call_on_stack(void *sp, void (*fn)(void *), void *arg) __attribute__((noreturn)) ARCH_FULL_ISA;
int arch_get(int tid, struct hb_regs *r);		/* -1 with errno */
int arch_set(int tid, const struct hb_regs *r);
/* At a syscall-entry stop: make the kernel run syscall nr instead. */
int arch_set_nr(int tid, struct hb_regs *r, long nr);
/* NULL, or why this tracee's personality is not supported. */
const char *arch_check(const struct hb_regs *r);
/* The SC_* numbers of a tracee that runs another ABI than the tracer
 * (r->compat): x86_64 tracing i386.  Native numbers come from <sys/syscall.h>
 * in detachpid.c. */
#ifdef HB_ARCH_x86_64
#define ARCH_COMPAT 1
extern const short arch_compat_nr[SC_N];
#else
#define ARCH_COMPAT 0
#endif
/* The kernel's struct sigaction: ARCH_SA_WORDS words of the tracee's size
 * (handler, flags, restorer) then the signal set, the handler at
 * ARCH_SA_HANDLER.  MIPS puts sa_flags first, has no sa_restorer and 128
 * signals. */
#ifdef HB_ARCH_mips
#define ARCH_SA_WORDS 2
#define ARCH_SA_HANDLER 4
#define ARCH_SIGSET 16
#else
#define ARCH_SA_WORDS 3
#define ARCH_SA_HANDLER 0
#define ARCH_SIGSET 8
#endif

/* The PC and the stack pointer in the register block: no function calls
 * for a load. */
#if defined HB_ARCH_x86_64
#define ARCH_PC u.w[16]
#define ARCH_SP u.w[19]
#elif defined HB_ARCH_i386
#define ARCH_PC u.w[12]
#define ARCH_SP u.w[15]
#elif defined HB_ARCH_arm
#define ARCH_PC u.w[15]
#define ARCH_SP u.w[13]
#elif defined HB_ARCH_aarch64
#define ARCH_PC u.w[32]
#define ARCH_SP u.w[31]
#elif defined HB_ARCH_mips
#define ARCH_PC u.d[34]
#define ARCH_SP u.d[29]
#endif
#define arch_pc(r) ((unsigned long)(r)->ARCH_PC)
#define arch_sp(r) ((unsigned long)(r)->ARCH_SP)
/* Is p (the bytes at addr) a syscall instruction?  0, or a mode for
 * arch_args (arm: 1 ARM, 2 Thumb; others 1). */
int arch_insn(const struct hb_regs *r, const unsigned char *p, unsigned long addr);
#define ARCH_INSN_MAX 4
/* Length of the syscall instruction just executed (at a syscall stop):
 * ARM's or Thumb's, else a constant. */
#if defined HB_ARCH_arm
int arch_insn_len(const struct hb_regs *r);
#elif defined HB_ARCH_x86_64 || defined HB_ARCH_i386
#define arch_insn_len(r) 2
#else
#define arch_insn_len(r) 4
#endif
/* Stopped in a syscall that the kernel restarts when resumed, so that
 * PTRACE_SYSCALL reaches its entry stop at once. */
int arch_restarting(const struct hb_regs *r);
/* Syscall number seen at an entry stop. */
long arch_entry_nr(const struct hb_regs *r);
/* A snapshot made fit to resume the program after injection: taken at the
 * entry stop of its own syscall, the state just before that syscall
 * instruction, so that it runs again; else with the restart of an
 * interrupted syscall (arch_restarting) applied by hand. */
void arch_restore(struct hb_regs *r, int entry);
/* Run syscall nr with args a[0..3]: from the instruction at pc (mode from
 * arch_insn; 0 keeps the instruction set), or at an entry stop (pc 0) in
 * place of the syscall there. */
void arch_args(struct hb_regs *r, unsigned long pc, int mode, long nr, const unsigned long a[4]);
/* Only the register that names the syscall an instruction makes. */
void arch_set_nreg(struct hb_regs *r, long nr);
/* Result at an exit stop: the value, or -errno. */
long arch_ret(const struct hb_regs *r);

#endif
