/* The x87/SSE registers belong to user programs. Each task keeps a copy
 * (task->fpu), but the registers are switched lazily: after a task switch
 * CR0.TS is set unless the new task's state is the one in the registers
 * (fpu_owner), and the first FPU instruction of another task traps (#NM,
 * vector 7) to fpu_trap(), which swaps the states. Most programs never
 * touch the FPU and so never pay for it. The kernel itself never uses
 * floating point (-mno-80387, -mno-sse). */
#include "kernel/kernel.h"
#include "kernel/proc.h"

static bool have_fxsr;
static uint8_t fpu_initial[512] __attribute__((aligned(16)));
static struct task *fpu_owner;              /* whose state the registers hold */

static bool ts_set;                         /* CR0.TS as last written (fpu_init clears it) */

/* CR0.TS off and on, each written only when it changes: a write to CR0
 * is a call into QEMU that ends its translation block, and most switches
 * go between tasks that both leave the FPU alone. */
__hot static void clts(void)
{
    if (ts_set) {
        __asm__ volatile("clts");
        ts_set = false;
    }
}

__hot static void stts(void)
{
    if (!ts_set) {
        uint32_t cr0;
        __asm__ volatile("mov %%cr0, %0" : "=r"(cr0));
        __asm__ volatile("mov %0, %%cr0" : : "r"(cr0 | 8));
        ts_set = true;
    }
}

static void hw_save(uint8_t *buf)
{
    if (have_fxsr)
        __asm__ volatile("fxsave (%0)" : : "r"(buf) : "memory");
    else
        __asm__ volatile("fnsave (%0); frstor (%0)" : : "r"(buf) : "memory");
}

static void hw_restore(const uint8_t *buf)
{
    if (have_fxsr)
        __asm__ volatile("fxrstor (%0)" : : "r"(buf) : "memory");
    else
        __asm__ volatile("frstor (%0)" : : "r"(buf) : "memory");
}

/* Sets TS for whoever runs now: clear only if its state is loaded. */
__hot void fpu_switch(struct task *next)
{
    if (next == fpu_owner)
        clts();
    else
        stts();
}

/* #NM: the current task touched the FPU while TS was set. */
void fpu_trap(void)
{
    clts();
    if (fpu_owner != current) {
        if (fpu_owner)
            hw_save(fpu_owner->fpu);
        hw_restore(current->fpu);
        fpu_owner = current;
    }
}

/* Makes t->fpu up to date (t's state may be in the registers). */
void fpu_flush(struct task *t)
{
    if (fpu_owner != t)
        return;
    clts();
    hw_save(t->fpu);
    fpu_switch(current);
}

/* t->fpu has changed under the registers: load it again on next use. */
void fpu_drop(struct task *t)
{
    if (fpu_owner == t) {
        fpu_owner = NULL;
        if (t == current)
            stts();
    }
}

/* A freshly exec'd program starts with the FPU as after FNINIT. */
void fpu_reset(struct task *t)
{
    memcpy(t->fpu, fpu_initial, sizeof t->fpu);
    fpu_drop(t);
}

void fpu_init(void)
{
    uint32_t a, b, c, d, cr0, cr4;
    __asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(1));
    have_fxsr = d & (1u << 24);
    __asm__ volatile("mov %%cr0, %0" : "=r"(cr0));
    cr0 = (cr0 & ~(1u << 2 | 1u << 3)) | (1u << 1) | (1u << 5);   /* -EM -TS +MP +NE */
    __asm__ volatile("mov %0, %%cr0" : : "r"(cr0));
    if (have_fxsr) {
        __asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
        cr4 |= (1u << 9) | ((d & (1u << 25)) ? (1u << 10) : 0);   /* OSFXSR, OSXMMEXCPT */
        __asm__ volatile("mov %0, %%cr4" : : "r"(cr4));
    }
    __asm__ volatile("fninit");
    hw_save(fpu_initial);
    stts();                                  /* no one owns the registers yet */
}
