/* The PIT: channel 0 ticks at HZ (mode 2, a rate generator, so that its
 * counter reads back as the time since the last tick); channel 2 measures
 * a fixed interval at boot to calibrate the TSC. jiffies counts the
 * ticks, jiffies64 too, without wrapping after 497 days (timers far ahead). */
#include "kernel/kernel.h"
#include "kernel/x86.h"
#include "kernel/trap.h"
#include "kernel/time.h"
#include "kernel/hrtimer.h"

volatile uint32_t jiffies;

void timer_init(void)
{
    outb(0x43, 0x34);                    /* channel 0, lo/hi, mode 2 */
    outb(0x40, PIT_LATCH & 0xFF);
    outb(0x40, PIT_LATCH >> 8);
    pic_unmask(IRQ_TIMER);
    hrtimer_init();                      /* the APIC, for timers finer than the tick */
}

/* PIT input clock periods since the last tick, 0 .. PIT_LATCH (a tick
 * whose interrupt is still pending counts PIT_LATCH more). Interrupts off. */
uint32_t pit_elapsed(void)
{
    outb(0x43, 0x00);                    /* latch channel 0 */
    uint32_t lo = inb(0x40), hi = inb(0x40);
    uint32_t count = hi << 8 | lo;
    uint32_t elapsed = count <= PIT_LATCH ? PIT_LATCH - count : 0;
    outb(0x20, 0x0A);                    /* the master PIC's request register */
    if ((inb(0x20) & 1) && elapsed < PIT_LATCH / 2)
        elapsed += PIT_LATCH;            /* it wrapped; the tick is not yet counted */
    return elapsed;
}

/* Counts TSC cycles (read through rdtsc_fn) while channel 2 counts down
 * `latch` periods of the 1193182 Hz input, gate on, speaker off. 0 when
 * the PIT never finished (no PIT: give up rather than hang). */
uint64_t pit_measure(uint64_t (*rdtsc_fn)(void), uint32_t latch)
{
    outb(0x61, (inb(0x61) & ~0x02) | 0x01);
    outb(0x43, 0xB0);                    /* channel 2, lo/hi, mode 0 */
    outb(0x42, latch & 0xFF);
    outb(0x42, latch >> 8);
    uint64_t t0 = rdtsc_fn();
    for (uint32_t spins = 0; !(inb(0x61) & 0x20); spins++)
        if (spins > 50000000)
            return 0;
    return rdtsc_fn() - t0;
}

static uint32_t jiffies_hi;                  /* how often jiffies wrapped */

/* The timer tick, after jiffies++ (sched_tick). */
void jiffies64_tick(void)
{
    if (jiffies == 0)
        jiffies_hi++;
}

uint64_t jiffies64(void)
{
    uint32_t f = irq_save();
    uint64_t v = (uint64_t)jiffies_hi << 32 | jiffies;
    irq_restore(f);
    return v;
}
