/* The sysenter system-call entry (Linux's entry_SYSENTER_32 and
 * do_fast_syscall_32): the MSRs that send sysenter to boot/sysenter.asm,
 * and the C half of that stub, which turns the sysenter into the trap
 * frame of an int $0x80 at __kernel_vsyscall's landing pad, so signals,
 * restarts and ptrace see one kind of system call. */
#include "kernel/kernel.h"
#include "kernel/x86.h"
#include "kernel/trap.h"
#include "kernel/gdt.h"
#include "kernel/proc.h"
#include "kernel/mm/vm.h"
#include "kernel/mm/vdso.h"
#include "kernel/mm/uaccess.h"

/* Model-specific registers of SYSENTER (Intel SDM vol. 4, table 2-2). */
#define MSR_IA32_SYSENTER_CS  0x174
#define MSR_IA32_SYSENTER_ESP 0x175
#define MSR_IA32_SYSENTER_EIP 0x176
#define CPUID_SEP (1u << 11)
#define FL_ARITH 0x8D5                  /* OF SF ZF AF PF CF: what the sysexit path restores */
#define FL_DF 0x400
#define FL_FIXED 0x2
#define FL_IF 0x200

extern char sysenter_entry[], sysenter_singlestep_end[];

static void wrmsr(uint32_t msr, uint32_t lo)
{
    __asm__ volatile("wrmsr" : : "c"(msr), "a"(lo), "d"(0));
}

/* Whether the CPU has a working SEP: the Pentium Pro reports it but has
 * none (family 6, model < 3, stepping < 3), as Linux checks. */
static bool cpu_has_sep(void)
{
    uint32_t a, b, c, d;
    __asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(0));
    if (a < 1)
        return false;
    __asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(1));
    uint32_t family = (a >> 8) & 0xF, model = (a >> 4) & 0xF, stepping = a & 0xF;
    if (family == 6 && model < 3 && stepping < 3)
        return false;
    return d & CPUID_SEP;
}

/* Sets the MSRs when the CPU has sysenter, and builds the vDSO for it (or
 * for int $0x80 alone). At boot, after gdt_init and the page allocator. */
void sysenter_init(void)
{
    bool sep = cpu_has_sep();
    if (sep) {
        wrmsr(MSR_IA32_SYSENTER_CS, KERNEL_CS);   /* SS = CS + 8; sysexit: CS + 16, CS + 24 */
        wrmsr(MSR_IA32_SYSENTER_ESP, gdt_sysenter_esp());
        wrmsr(MSR_IA32_SYSENTER_EIP, (uint32_t)sysenter_entry);
    }
    vdso_init(sep);
    printk("vdso: system calls by %s\n", sep ? "sysenter" : "int $0x80");
}

/* A debug trap in the stub before it clears TF: sysenter keeps the user's
 * TF, so a single-stepped sysenter steps through it. The trap is ignored;
 * the user's TF, in the frame, comes back at the iret. */
bool sysenter_singlestep(const struct trapframe *tf)
{
    return tf->trapno == T_DEBUG && tf->eip >= (uint32_t)sysenter_entry &&
           tf->eip <= (uint32_t)sysenter_singlestep_end;
}

/* How many of the frame's data selectors the sysexit path must load
 * again: SEGS_NONE when the four in the registers are the frame's and no
 * TLS slot or LDT changed since the entry; SEGS_FS_GS when ds and es are
 * both the kernel's USER_DS in the frame and in the registers (loading
 * either ends QEMU's translation block); else SEGS_ALL. */
enum { SEGS_ALL = 1, SEGS_NONE = 2, SEGS_FS_GS = 3 };   /* boot/sysenter.asm */

static int segs_to_load(const struct trapframe *tf)
{
    uint32_t ds, es, fs, gs;
    __asm__ volatile("mov %%ds, %0; mov %%es, %1; mov %%fs, %2; mov %%gs, %3"
                     : "=r"(ds), "=r"(es), "=r"(fs), "=r"(gs));
    bool ds_es = (uint16_t)tf->ds == USER_DS && (uint16_t)tf->es == USER_DS &&
                 (uint16_t)ds == USER_DS && (uint16_t)es == USER_DS;
    if (!ds_es)
        return SEGS_ALL;
    if (user_segs_stale || (uint16_t)tf->fs != (uint16_t)fs || (uint16_t)tf->gs != (uint16_t)gs)
        return SEGS_FS_GS;
    return SEGS_NONE;
}

/* The frame of a sysenter (boot/sysenter.asm): the user esp is in place
 * (the vsyscall's ebp), eip becomes the landing pad after the vsyscall's
 * int $0x80, ebp the sixth argument from the user stack, and the call runs
 * as an int $0x80 there would. Says how to leave: 0 by iret (a signal
 * handler, sigreturn, ptrace or exec changed where the frame returns, or
 * the flags hold more than the arithmetic ones, DF and IF: TF, AC, ID...),
 * else by sysexit, loading the selectors segs_to_load() says. Called
 * with interrupts off; may sleep. */
__hot int sysenter_trap(struct trapframe *tf)
{
    uint32_t pad = vdso_landing_pad(current->mm->vdso), arg6;
    tf->eip = pad;
    tf->eflags |= FL_IF;                      /* sysenter cleared it */
    current->tf = tf;
    user_segs_stale = false;
    sti();
    if (get_user32(&arg6, (const void *)tf->esp)) {
        tf->eax = (uint32_t)-EFAULT;          /* no call: a bad stack, as Linux */
        return_to_user(tf, false);
        return 0;
    }
    tf->ebp = arg6;
    do_syscall(tf);
    if (tf->eip != pad || tf->cs != USER_CS || tf->ss != USER_DS ||
        (tf->eflags & ~(FL_ARITH | FL_DF)) != (FL_IF | FL_FIXED))
        return 0;                             /* TF, RF, AC, ID, IOPL...: iret restores them */
    return segs_to_load(tf);
}
