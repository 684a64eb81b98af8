/* trap(): where every interrupt, exception and system call arrives from
 * boot/interrupts.asm, and where each is sent on its way. */
#include "kernel/kernel.h"
#include "kernel/x86.h"
#include "kernel/trap.h"
#include "kernel/mm/uaccess.h"
#include "kernel/proc.h"
#include "kernel/events/perf_event.h"
#include "kernel/mm/vm.h"
#include "kernel/signal.h"
#include "kernel/mm/vdso.h"
#include "kernel/time.h"
#include "kernel/hrtimer.h"

static const char *const exception_names[32] = {
    "divide error", "debug", "NMI", "breakpoint", "overflow", "bound range",
    "invalid opcode", "device not available", "double fault", "coprocessor overrun",
    "invalid TSS", "segment not present", "stack fault", "general protection",
    "page fault", "reserved", "x87 error", "alignment check", "machine check",
    "SIMD error", "virtualization", "control protection",
};

void serial_irq(void);
void keyboard_irq(void);
void profile_tick(const struct trapframe *tf);
NORETURN void enter_user(struct trapframe *tf);
extern char trap_iret[];                     /* the iret of boot/interrupts.asm */

void print_trapframe(const struct trapframe *tf)
{
    printk("  eax %08x ebx %08x ecx %08x edx %08x\n", tf->eax, tf->ebx, tf->ecx, tf->edx);
    printk("  esi %08x edi %08x ebp %08x esp %08x\n", tf->esi, tf->edi, tf->ebp,
           from_user(tf) ? tf->esp : (uint32_t)&tf->esp);
    printk("  eip %08x cs %04x eflags %08x err %08x cr2 %08x\n",
           tf->eip, tf->cs, tf->eflags, tf->err, read_cr2());
}

/* The iret back to user mode faulted: the CS or SS it loads is bad (a
 * selector from sigreturn or ptrace, a TLS slot emptied under SS). The
 * user's state is all still on the stack: the registers and data segments
 * in tf, the iret frame (eip, cs, eflags, esp, ss) right above it, where a
 * user trap frame has it. Moving tf's first part up against that frame
 * makes the fault one the program took (SIGSEGV, SIGBUS for a segment not
 * present), as on Linux; the task then leaves through a signal handler or
 * exits. Never returns; may sleep. */
static NORETURN void bad_iret(struct trapframe *tf)
{
    size_t head = __builtin_offsetof(struct trapframe, eip);
    struct trapframe *utf = (struct trapframe *)((char *)&tf->esp - head);
    memmove(utf, tf, head);
    trap(utf);                               /* from_user: the selectors have RPL 3 */
    enter_user(utf);
}

/* An exception the kernel caused itself: fatal, unless the faulting
 * instruction is a guarded user access (exception table) or the iret to
 * user mode. */
static void kernel_exception(struct trapframe *tf)
{
    if (tf->eip == (uint32_t)trap_iret)
        bad_iret(tf);
    if (sysenter_singlestep(tf))
        return;
    uint32_t fixup = ex_table_lookup(tf->eip);
    if (fixup) {
        tf->eip = fixup;
        return;
    }
    const char *name = tf->trapno < 32 && exception_names[tf->trapno] ? exception_names[tf->trapno] : "?";
    printk("\nKERNEL PANIC: exception %u (%s) in kernel mode\n", tf->trapno, name);
    print_trapframe(tf);
    backtrace(tf->ebp, tf->eip);
    qemu_exit(1);
}

uint32_t irq_counts[16];                    /* /proc/stat's intr line */

static void irq(int n, struct trapframe *tf)
{
    if (n != 7 && n != 15)
        irq_counts[n]++;
    switch (n) {
    case IRQ_TIMER:
        clocksource_tick();
        jiffies_update();
        hrtimer_run();                   /* without an APIC, the only place */
        profile_tick(tf);
        sched_tick(from_user(tf));
        perf_tick(tf);
        break;
    case IRQ_COM1:
        serial_irq();
        break;
    case IRQ_KBD:
        keyboard_irq();
        break;
    case 7: case 15:
        return;                          /* spurious: no EOI owed */
    }
    pic_eoi(n);
}

/* The signal a CPU exception raised by a user program turns into. */
static int exception_signal(uint32_t trapno)
{
    switch (trapno) {
    case T_DIVIDE: case 4: case 5: case 16: case 19: return SIGFPE;
    case T_DEBUG: case T_BRKPT: return SIGTRAP;
    case T_ILLOP: return SIGILL;
    case 11: case 12: case 17: return SIGBUS;   /* segment not present, stack fault, alignment */
    default: return SIGSEGV;
    }
}

/* The last thing before returning to user mode: switch if the time slice
 * is over, then act on pending signals. An interrupted system call that
 * asked for a restart is restarted, or fails with EINTR, unless a tracer
 * set its orig_eax to -1 meanwhile, as on Linux. */
/* A call that asked for a restart and met no handler goes again: back
 * over int $0x80 with its number, or as restart_syscall when it asked
 * for that (restart_block()); not at all when a tracer set orig_eax -1. */
static void restart_rewind(struct trapframe *tf, int *restart)
{
    if (*restart && (int32_t)current->syscall_nr >= 0) {
        tf->eax = current->restart_call ? __NR_restart_syscall : current->syscall_nr;
        tf->eip -= 2;                        /* back over int $0x80 */
        current->restarted = true;
    } else if (*restart) {
        current->restart_call = 0;
    }
    *restart = 0;
}

__hot void return_to_user(struct trapframe *tf, bool from_syscall)
{
    int err = (int)tf->eax;
    int restart = from_syscall && is_restart(err) ? err : 0;
again:
    for (;;) {
        cli();
        if (need_resched()) {
            schedule();
            continue;
        }
        if (signal_pending(current)) {
            sti();
            do_signal(tf, &restart);         /* a handler decides the restart (see signal.c) */
            continue;
        }
        if (!current->rseq_resume)
            break;
        sti();
        restart_rewind(tf, &restart);        /* the rseq fixup sees the rewound ip, as Linux's */
        rseq_resume(tf);                     /* (may raise SIGSEGV: once more round) */
    }
    restart_rewind(tf, &restart);
    if (current->restore_saved_mask) {
        current->restore_saved_mask = false;
        current->blocked = current->saved_mask;
        if (signal_pending(current))         /* one the call's own mask held back: */
            goto again;                      /* now, not at the next call (Linux's recalc_sigpending) */
    }
}

void trap(struct trapframe *tf)
{
    bool user = from_user(tf);
    if (user)
        current->tf = tf;
    if (tf->trapno >= T_IRQ0 && tf->trapno < T_IRQ0 + 16) {
        irq((int)tf->trapno - T_IRQ0, tf);
    } else if (tf->trapno == APIC_TIMER_VECTOR) {
        apic_eoi();
        hrtimer_run();
    } else if (tf->trapno == APIC_SPURIOUS_VECTOR) {
        ;                                    /* no EOI owed */
    } else if (tf->trapno == T_SYSCALL) {
        sti();
        do_syscall(tf);
        return;
    } else if (tf->trapno == T_PGFLT) {
        page_fault(tf);
    } else if (tf->trapno == 7) {
        fpu_trap();                          /* device not available: lazy FPU switch */
    } else if (tf->trapno == T_DEBUG && !user && hw_breakpoint_kernel()) {
        /* a user's watchpoint the kernel's own access fired: nothing to do */
    } else if (!user) {
        kernel_exception(tf);
    } else {
        sti();
        int sig = exception_signal(tf->trapno), code = SI_KERNEL;
        switch (tf->trapno) {
        case T_DIVIDE: code = FPE_INTDIV; break;
        case 4: code = FPE_INTOVF; break;
        case T_ILLOP: code = ILL_ILLOPN; break;
        case T_BRKPT: code = SI_KERNEL; break;
        case T_DEBUG: code = hw_breakpoint_user(tf); break;
        case 16: case 19: code = FPE_FLTINV; break;
        }
        if (tf->trapno != T_DEBUG || code)
            force_sig_fault(current, sig, code, tf->eip);
    }
    if (user)
        return_to_user(tf, tf->trapno == T_SYSCALL);
}
