/* The x87/SSE registers belong to user programs. Each task keeps a copy
 * (task->fpu), but the registers are switched lazily: after a task switch
 * CR0.TS is set, and the first FPU instruction traps (#NM, vector 7) to
 * fpu_trap(), which swaps the states if the registers hold another task's
 * (fpu_owner) or merely clears TS if they hold its own. A task that keeps
 * using the FPU gets TS cleared at the switch instead (fpu_switch in
 * proc.h). Most programs never touch the FPU and so never pay for it, and
 * a switch between two that do not write CR0 at all. The kernel itself
 * never uses floating point (-mno-80387, -mno-sse). */
#include "kernel/kernel.h"
#include "kernel/proc.h"

static bool have_fxsr;
static uint8_t fpu_initial[512] __attribute__((aligned(16)));
__hot_data struct task *fpu_owner;          /* whose state the registers hold */
__hot_data bool fpu_ts_set;                 /* CR0.TS as last written (fpu_init clears it) */

/* CR0.TS off and on, each written only when it changes: a write to CR0
 * is a call into QEMU that ends its translation block, and most switches
 * go between tasks that both leave the FPU alone (fpu_switch, proc.h). */
static void clts(void)
{
    if (fpu_ts_set) {
        __asm__ volatile("clts");
        fpu_ts_set = false;
    }
}

static void stts(void)
{
    if (!fpu_ts_set) {
        uint32_t cr0;
        __asm__ volatile("mov %%cr0, %0" : "=r"(cr0));
        __asm__ volatile("mov %0, %%cr0" : : "r"(cr0 | 8));
        fpu_ts_set = true;
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

__hot void fpu_set_ts(bool on)
{
    if (on)
        stts();
    else
        clts();
}

/* #NM: the current task touched the FPU while TS was set. */
void fpu_trap(void)
{
    clts();
    current->fpu_counter++;
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

/* Linux's mxcsr_feature_mask: FXSAVE's MXCSR_MASK, or 0xFFBF when the
 * CPU leaves it 0. A state with another bit set would make FXRSTOR fault. */
uint32_t fpu_mxcsr_mask(void)
{
    uint32_t m;
    memcpy(&m, fpu_initial + 28, 4);
    return m ? m : 0xFFBF;
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
