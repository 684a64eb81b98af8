/* The x87/SSE registers belong to user programs: each task keeps its own
 * copy (task->fpu), saved and restored on every task switch. The kernel
 * itself never uses floating point (-mno-80387, -mno-sse). */
#include "kernel.h"
#include "proc.h"

static bool have_fxsr;
static uint8_t fpu_initial[512] __attribute__((aligned(16)));

void fpu_save(uint8_t *buf)
{
    if (have_fxsr)
        __asm__ volatile("fxsave (%0)" : : "r"(buf) : "memory");
    else
        __asm__ volatile("fnsave (%0); frstor (%0)" : : "r"(buf) : "memory");
}

void fpu_restore(const uint8_t *buf)
{
    if (have_fxsr)
        __asm__ volatile("fxrstor (%0)" : : "r"(buf) : "memory");
    else
        __asm__ volatile("frstor (%0)" : : "r"(buf) : "memory");
}

/* A freshly exec'd program starts with the FPU as after FNINIT. */
void fpu_reset(struct task *t)
{
    memcpy(t->fpu, fpu_initial, sizeof t->fpu);
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
    fpu_save(fpu_initial);
}
