/* The local APIC timer in one-shot mode: the event device of hrtimer.c.
 * The APIC is mapped at the top of the kernel's 4 KiB window, enabled
 * with LINT0 as ExtINT so the 8259 PIC's interrupts still come through,
 * and its timer is calibrated against ktime_get_ns() at boot.
 * cmdline nolapic (as Linux) leaves it off: the tick then runs timers. */
#include "kernel/kernel.h"
#include "kernel/x86.h"
#include "kernel/trap.h"
#include "kernel/time.h"
#include "kernel/hrtimer.h"
#include "kernel/mm/mm.h"

#define APIC_VA       (KMAP_BASE + KMAP_PDES * 0x400000u - PAGE_SIZE)
#define APIC_TPR      0x080
#define APIC_EOI      0x0B0
#define APIC_SVR      0x0F0
#define APIC_LVT_TMR  0x320
#define APIC_LVT_LINT0 0x350
#define APIC_LVT_LINT1 0x360
#define APIC_TMR_INIT 0x380
#define APIC_TMR_CUR  0x390
#define APIC_TMR_DIV  0x3E0
#define APIC_MASKED   0x10000
#define MSR_APIC_BASE 0x1B

static uint64_t apic_hz;                     /* timer counts per second */

static void apic_write(uint32_t reg, uint32_t v) { *(volatile uint32_t *)(APIC_VA + reg) = v; }
static uint32_t apic_read(uint32_t reg) { return *(volatile uint32_t *)(APIC_VA + reg); }

static uint64_t rdmsr(uint32_t msr)
{
    uint32_t lo, hi;
    __asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
    return (uint64_t)hi << 32 | lo;
}

static void wrmsr(uint32_t msr, uint64_t v)
{
    __asm__ volatile("wrmsr" : : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}

static bool cpu_has_apic(void)
{
    uint32_t a = 1, b, c, d;
    __asm__ volatile("cpuid" : "+a"(a), "=b"(b), "=c"(c), "=d"(d));
    return (d & (1u << 9)) && (d & (1u << 5));  /* APIC, and MSRs to enable it */
}

uint64_t pit_measure(uint64_t (*count_fn)(void), uint32_t latch);

static uint64_t apic_counted(void)
{
    return 0xFFFFFFFFu - apic_read(APIC_TMR_CUR);
}

/* The timer's counts (divide by 1) per second, measured against 20 ms of
 * PIT channel 2 (as the TSC is), interrupts off. 0 if that failed. */
static uint64_t calibrate(void)
{
    uint32_t latch = PIT_HZ / 50;
    apic_write(APIC_TMR_DIV, 0xB);
    apic_write(APIC_LVT_TMR, APIC_MASKED | APIC_TIMER_VECTOR);
    apic_write(APIC_TMR_INIT, 0xFFFFFFFFu);
    uint64_t counted = pit_measure(apic_counted, latch);
    apic_write(APIC_TMR_INIT, 0);
    return counted * PIT_HZ / latch;
}

/* nolapic on the command line (a word of its own, as Linux's). */
static bool nolapic(void)
{
    char **w;
    int n = cmdline_words(&w);
    for (int i = 0; i < n; i++)
        if (!strcmp(w[i], "nolapic"))
            return true;
    return false;
}

/* Maps and enables the local APIC; false (with a log line) without one. */
bool apic_timer_init(void)
{
    if (nolapic() || !cpu_has_apic()) {
        printk("apic: none; timers run from the %u Hz tick\n", HZ);
        return false;
    }
    uint64_t base = rdmsr(MSR_APIC_BASE);
    wrmsr(MSR_APIC_BASE, base | (1u << 11));
    map_page(kernel_pgdir, APIC_VA, (paddr_t)(base & 0xFFFFF000u), PTE_W | 0x18);  /* PCD|PWT */
    uint32_t f = irq_save();
    apic_write(APIC_TPR, 0);
    apic_write(APIC_LVT_LINT0, 0x700);       /* ExtINT: the 8259's interrupts */
    apic_write(APIC_LVT_LINT1, 0x400);       /* NMI */
    apic_write(APIC_SVR, 0x100 | APIC_SPURIOUS_VECTOR);
    apic_hz = calibrate();
    irq_restore(f);
    if (apic_hz < 1000000) {
        printk("apic: timer too slow (%u Hz); timers run from the tick\n", (uint32_t)apic_hz);
        return false;
    }
    apic_write(APIC_LVT_TMR, APIC_TIMER_VECTOR);   /* one-shot, unmasked */
    printk("apic: one-shot timer at %u kHz\n", (uint32_t)(apic_hz / 1000));
    return true;
}

void apic_timer_program(uint64_t delta_ns)
{
    if (delta_ns > NSEC_PER_SEC)
        delta_ns = NSEC_PER_SEC;             /* the tick re-arms it later anyway */
    uint64_t count = delta_ns * apic_hz / NSEC_PER_SEC;
    apic_write(APIC_TMR_INIT, count ? (uint32_t)count : 1);
}

void apic_eoi(void)
{
    apic_write(APIC_EOI, 0);
}
