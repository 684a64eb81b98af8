/* The PIT: channel 0 ticks at HZ (mode 2, a rate generator, so that its
 * counter reads back as the time since the last tick); channel 2 measures
 * a fixed interval at boot to calibrate the TSC. jiffies counts the
 * ticks' worth of clock time, jiffies64 too, without wrapping after 497
 * days (timers far ahead).
 * Tickless idle: while the CPU idles with no timer due within two ticks,
 * the tick is masked and the APIC wakes it; the ticks missed are counted
 * on the way out (cmdline nohz=off keeps the tick). */
#include "kernel/kernel.h"
#include "kernel/x86.h"
#include "kernel/trap.h"
#include "kernel/time.h"
#include "kernel/hrtimer.h"

volatile uint32_t jiffies;
static uint64_t jiffies_epoch_ns;             /* ktime when the PIT started */
static uint64_t jiffies_64;

void timer_init(void)
{
    outb(0x43, 0x34);                    /* channel 0, lo/hi, mode 2 */
    outb(0x40, PIT_LATCH & 0xFF);
    outb(0x40, PIT_LATCH >> 8);
    jiffies_epoch_ns = ktime_get_ns();
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

/* jiffies count the TICK_NSEC periods of the clock since the PIT
 * started, so that ticks not taken (tickless idle, interrupts off too
 * long) are counted all the same, and none twice. Interrupts off. */
void jiffies_update(void)
{
    uint64_t j = (ktime_get_ns_irqoff() - jiffies_epoch_ns) / TICK_NSEC;
    if (j > jiffies_64) {
        jiffies_64 = j;
        jiffies = (uint32_t)j;
    }
}

uint64_t jiffies64(void)
{
    uint32_t f = irq_save();
    uint64_t v = jiffies_64;
    irq_restore(f);
    return v;
}

static bool tick_stopped;
static struct hrtimer idle_wake;             /* wakes an idle CPU within a second */

static void idle_wake_fn(struct hrtimer *t) { (void)t; }

/* The idle loop, interrupts off, before hlt: stops the tick when the
 * next timer is two ticks away or more (and the clock needs no tick). */
void tick_nohz_idle_enter(void)
{
    static int off = -1;
    if (off < 0) {
        const char *nohz = cmdline_get("nohz");
        off = nohz && !strcmp(nohz, "off");
    }
    if (off || !hrtimer_hres_active() || !clocksource_is_tsc())
        return;
    uint64_t now = ktime_get_ns_irqoff(), next = hrtimer_next();
    if (next && next < now + 2 * TICK_NSEC)
        return;
    pic_mask(IRQ_TIMER);
    tick_stopped = true;
    idle_wake.fn = idle_wake_fn;
    hrtimer_start(&idle_wake, now + NSEC_PER_SEC);
}

/* After hlt, interrupts off: the tick again, jiffies caught up with the
 * ticks it missed, the clock's base moved for the vDSO. */
void tick_nohz_idle_exit(void)
{
    if (!tick_stopped)
        return;
    tick_stopped = false;
    hrtimer_cancel(&idle_wake);
    clocksource_tick();
    jiffies_update();
    pic_unmask(IRQ_TIMER);
}
