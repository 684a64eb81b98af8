/* Hardware breakpoints for ptrace, as Linux's arch/x86 hw_breakpoint.c
 * and the debug-register part of its ptrace.c: a tracer writes DR0-DR3,
 * DR6 and DR7 through PTRACE_POKEUSER (kernel/ptrace.c), checked as Linux
 * checks them; they are loaded into the CPU while the task runs (sched.c),
 * and a hit (#DB, trap.c) becomes a SIGTRAP with TRAP_HWBKPT. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/trap.h"
#include "kernel/mm/vm.h"
#include <asm/debugreg.h>
#include <asm/signal.h>
#include <asm-generic/siginfo.h>

#define EFLAGS_RF 0x10000
#define CTL_WRITE_LEN1 (DR_RW_WRITE)         /* the stub a first address write makes */

#define GET_DR(n, v) __asm__ volatile("mov %%db" #n ", %0" : "=r"(v))
#define SET_DR(n, v) __asm__ volatile("mov %0, %%db" #n : : "r"(v))

__hot_data uint32_t loaded_dr7;              /* what DR7 holds now: 0 when none is armed */

/* Linux's hw_breakpoint_arch_parse and hw_breakpoint_parse for a user
 * breakpoint at addr with a slot's R/W and LEN bits (ctl): 0, or -EINVAL
 * for an I/O type, an 8-byte length (none on i386), an instruction
 * breakpoint longer than 1, a misaligned address, or a kernel one. */
static int bp_check(uint32_t addr, uint32_t ctl)
{
    uint32_t type = ctl & 3, lenbits = ctl >> 2, len;
    if (type == DR_RW_EXECUTE && lenbits != 0)
        return -EINVAL;
    if (type == 2)                           /* I/O breakpoints: not for users */
        return -EINVAL;
    switch (lenbits) {
    case 0: len = 1; break;
    case 1: len = 2; break;
    case 3: len = 4; break;
    default: return -EINVAL;                 /* 8 bytes: x86-64 only */
    }
    if (addr & (len - 1))
        return -EINVAL;
    if (addr >= USER_TOP || addr + len - 1 >= USER_TOP)
        return -EINVAL;                      /* exclude_kernel */
    return 0;
}

/* The DR7 the slots amount to (Linux's ptrace_get_dr7): each armed slot's
 * bits with its global enable, and GE. */
__hot static uint32_t slots_dr7(const struct thread_debug *d)
{
    uint32_t dr7 = 0;
    for (int i = 0; i < 4; i++)
        if (d->enabled & (1u << i))
            dr7 |= ((uint32_t)d->ctl[i] << (DR_CONTROL_SHIFT + i * DR_CONTROL_SIZE)) |
                   (DR_GLOBAL_ENABLE << (i * DR_ENABLE_SIZE)) | DR_GLOBAL_SLOWDOWN;
    return dr7;
}

/* One pass of Linux's ptrace_write_dr7: every slot in use or enabled by
 * dr7 takes its bits; stops at the first refused (slots before it keep
 * theirs, a slot made on the way stays made). 0 or -EINVAL. */
static int dr7_apply(struct thread_debug *d, uint32_t dr7)
{
    for (int i = 0; i < 4; i++) {
        uint32_t bit = 1u << i, ctl = (dr7 >> (DR_CONTROL_SHIFT + i * DR_CONTROL_SIZE)) & 0xF;
        bool on = (dr7 >> (i * DR_ENABLE_SIZE)) & 3;
        if (!(d->used & bit) && !on)
            continue;
        uint32_t addr = (d->used & bit) ? d->addr[i] : 0;
        int err = bp_check(addr, ctl);
        if (err)
            return err;
        d->used |= bit;
        d->addr[i] = addr;
        d->ctl[i] = (uint8_t)ctl;
        d->enabled = on ? (d->enabled | bit) : (d->enabled & ~bit);
    }
    return 0;
}

/* PTRACE_PEEKUSER of u_debugreg[n] of t: DR0-DR3 as set (0 unused),
 * DR6 in the CPU's polarity, DR7 as the tracer wrote it, 0 for DR4/DR5. */
uint32_t ptrace_get_debugreg(struct task *t, int n)
{
    const struct thread_debug *d = &t->debug;
    if (n < 4)
        return (d->used & (1u << n)) ? d->addr[n] : 0;
    if (n == 6)
        return d->virtual_dr6 ^ DR6_RESERVED;
    return n == 7 ? d->ptrace_dr7 : 0;
}

/* PTRACE_POKEUSER of u_debugreg[n] of the stopped t, as Linux's
 * ptrace_set_debugreg: 0, -EINVAL (a refused address or DR7; a refused
 * DR7 leaves everything as it was) or -EIO (DR4, DR5). */
int ptrace_set_debugreg(struct task *t, int n, uint32_t v)
{
    struct thread_debug *d = &t->debug;
    if (n < 4) {
        bool used = d->used & (1u << n);
        int err = bp_check(v, used ? d->ctl[n] : CTL_WRITE_LEN1);
        if (err)
            return err;
        if (!used)
            d->ctl[n] = CTL_WRITE_LEN1;
        d->used |= 1u << n;
        d->addr[n] = v;
        return 0;
    }
    if (n == 6) {
        d->virtual_dr6 = v ^ DR6_RESERVED;
        return 0;
    }
    if (n != 7)
        return -EIO;
    uint32_t old = slots_dr7(d);
    int err = dr7_apply(d, v & ~DR_CONTROL_RESERVED);
    if (err) {
        dr7_apply(d, old);                   /* cannot fail: it was accepted before */
        return err;
    }
    d->ptrace_dr7 = v;
    return 0;
}

/* Exec and a new task: no breakpoints (Linux's flush_ptrace_hw_breakpoint). */
void hw_breakpoint_flush(struct task *t)
{
    memset(&t->debug, 0, sizeof t->debug);
    if (t == current)
        hw_breakpoint_switch(t);
}

/* At a task switch, to `next`: its armed breakpoints into DR0-DR3 and DR7,
 * or DR7 cleared when it has none and the last one had some (the common
 * case, none either side, is tested inline: hw_breakpoint_switch). */
void hw_breakpoint_load(struct task *next)
{
    uint32_t dr7 = slots_dr7(&next->debug);
    if (!dr7 && !loaded_dr7)
        return;
    if (dr7) {
        const uint32_t *a = next->debug.addr;
        SET_DR(0, a[0]); SET_DR(1, a[1]); SET_DR(2, a[2]); SET_DR(3, a[3]);
    }
    SET_DR(7, dr7);
    loaded_dr7 = dr7;
}

/* DR6's event bits (positive polarity), and DR6 cleared for the next #DB:
 * the CPU never clears it. */
static uint32_t take_dr6(void)
{
    uint32_t dr6;
    GET_DR(6, dr6);
    SET_DR(6, DR6_RESERVED);
    return dr6 ^ DR6_RESERVED;
}

/* A #DB from user mode (Linux's exc_debug_user): DR6 says which armed
 * breakpoints fired (kept for the tracer in virtual_dr6) or that a single
 * step ended; an instruction breakpoint resumes with RF so it does not
 * fire again. Returns the SIGTRAP's si_code, or 0 for no signal. */
int hw_breakpoint_user(struct trapframe *tf)
{
    struct thread_debug *d = &current->debug;
    uint32_t dr6 = take_dr6(), hit = dr6 & d->enabled & DR_TRAP_BITS;
    d->virtual_dr6 = hit | (dr6 & DR_STEP);
    for (int i = 0; i < 4; i++)
        if ((hit & (1u << i)) && (d->ctl[i] & 3) == DR_RW_EXECUTE)
            tf->eflags |= EFLAGS_RF;
    if (dr6 & DR_STEP)
        return TRAP_TRACE;
    if (hit)
        return TRAP_HWBKPT;
    return (dr6 & (DR_TRAP_BITS | DR_STEP)) ? 0 : TRAP_BRKPT;   /* int1 (icebp): no cause */
}

/* A #DB in kernel mode: a user's watchpoint on memory the kernel touched
 * (copy_to_user) fires after the access. Linux sends nothing for it; we
 * drop it and go on. True when that is what it was. */
bool hw_breakpoint_kernel(void)
{
    uint32_t dr6 = take_dr6();
    return (dr6 & DR_TRAP_BITS) && !(dr6 & DR_STEP);
}
