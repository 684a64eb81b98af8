/* The clock source: the TSC, calibrated at boot against the PIT, gives
 * ktime_get_ns(), nanoseconds since boot. The timer tick moves the base
 * (tsc_base, ns_base) forward and publishes it for the vDSO. Without a
 * TSC, or when it stops or goes back, the PIT ticks plus its counter
 * serve instead. Reads are clamped so that the clock never goes back. */
#include "kernel/kernel.h"
#include "kernel/x86.h"
#include "kernel/time.h"
#include "kernel/clock_data.h"
#include "kernel/mm/vdso.h"
#include "ipc/eventfd.h"

union vdso_time_page vdso_time_page __attribute__((aligned(4096)));
#define vd (vdso_time_page.data)

uint32_t pit_elapsed(void);
uint64_t pit_measure(uint64_t (*rdtsc_fn)(void), uint32_t latch);

__hot_data static uint64_t last_ns;          /* the highest value handed out */
static uint64_t pit_ns_base;                 /* PIT mode: ns at the last tick */

static uint64_t rdtsc(void)
{
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return (uint64_t)hi << 32 | lo;
}

static bool cpu_has_tsc(void)
{
    uint32_t a = 1, b, c, d;
    __asm__ volatile("cpuid" : "+a"(a), "=b"(b), "=c"(c), "=d"(d));
    return d & (1u << 4);
}

/* cycles * mult >> shift without overflow for any 64-bit cycles. */
__hot static uint64_t cyc2ns(uint64_t cycles)
{
    uint64_t lo = (cycles & 0xFFFFFFFFu) * vd.mult;
    uint64_t hi = (cycles >> 32) * vd.mult;
    return (lo >> vd.shift) + (hi << (32 - vd.shift));
}

/* mult and shift for freq Hz: the largest shift whose mult fits 32 bits
 * and keeps cycles * mult in 64 bits for 600 s of cycles (as Linux's
 * clocks_calc_mult_shift). */
static void calc_mult_shift(uint64_t freq)
{
    for (uint32_t shift = 32; shift > 0; shift--) {
        uint64_t mult = ((uint64_t)NSEC_PER_SEC << shift) / freq;
        if (mult > 0 && mult <= 0xFFFFFFFFu && mult <= ~0ULL / (600 * freq)) {
            vd.mult = (uint32_t)mult;
            vd.shift = shift;
            return;
        }
    }
    vd.mult = (uint32_t)(NSEC_PER_SEC / freq);
    vd.shift = 0;
}

static void use_pit(const char *why)
{
    printk("clocksource: %s: using the PIT (tick resolution plus its counter)\n", why);
    pit_ns_base = last_ns;
    vd.seq++;
    vd.clock_mode = VDSO_CLOCK_NONE;
    vd.seq++;
    vdso_update();                          /* the vDSO's fine clocks become system calls */
}

/* Measures the TSC against 50 ms of PIT channel 2, twice, and keeps the
 * faster (the less disturbed) one. cmdline clocksource=pit skips it. */
void clocksource_init(void)
{
    vd.tick_ns = TICK_NSEC;
    vd.hres_ns = 1;
    const char *cs = cmdline_get("clocksource");
    if (cs && !strcmp(cs, "pit"))
        return use_pit("clocksource=pit");
    if (!cpu_has_tsc())
        return use_pit("no TSC");
    uint32_t latch = PIT_HZ / 20;
    uint64_t a = pit_measure(rdtsc, latch), b = pit_measure(rdtsc, latch);
    uint64_t cycles = a < b ? a : b;
    if (!cycles)
        return use_pit("the TSC could not be calibrated");
    uint64_t freq = cycles * PIT_HZ / latch;
    calc_mult_shift(freq);
    vd.tsc_hz = freq;
    vd.tsc_base = rdtsc();
    vd.ns_base = 0;
    vd.clock_mode = VDSO_CLOCK_TSC;
    printk("clocksource: TSC at %u kHz, mult %u shift %u\n",
           (uint32_t)(freq / 1000), vd.mult, vd.shift);
}

/* The raw reading, not clamped. Interrupts off. */
__hot static uint64_t read_ns(void)
{
    if (vd.clock_mode != VDSO_CLOCK_TSC)
        return pit_ns_base + (uint64_t)pit_elapsed() * NSEC_PER_SEC / PIT_HZ;
    uint64_t d = rdtsc() - vd.tsc_base;
    return vd.ns_base + ((int64_t)d < 0 ? 0 : cyc2ns(d));
}

__hot uint64_t ktime_get_ns_irqoff(void)
{
    uint64_t ns = read_ns();
    if (ns < last_ns)
        ns = last_ns;
    last_ns = ns;
    return ns;
}

__hot uint64_t ktime_get_ns(void)
{
    uint32_t f = irq_save();
    uint64_t ns = ktime_get_ns_irqoff();
    irq_restore(f);
    return ns;
}

__hot uint64_t ktime_get_coarse_ns(void) { return vd.coarse_ns; }
__hot int64_t ktime_realtime_offset(void) { return vd.realtime_offset_ns; }

/* current_time()'s value (time.h): the coarse real time as a stamp,
 * remade when either of its parts moves (the tick, a clock set), so that
 * stamping a file costs one load, not a division. */
__hot_data struct ktime coarse_stamp;

static void coarse_stamp_update(void)
{
    coarse_stamp = ns_to_ktime((int64_t)vd.coarse_ns + vd.realtime_offset_ns);
}

bool clocksource_is_tsc(void) { return vd.clock_mode == VDSO_CLOCK_TSC; }
uint64_t tsc_khz(void) { return clocksource_is_tsc() ? vd.tsc_hz / 1000 : 0; }

void ktime_set_realtime(int64_t real_ns)
{
    uint32_t f = irq_save();
    int64_t off = real_ns - (int64_t)ktime_get_ns();
    vd.seq++;
    __asm__ volatile("" ::: "memory");
    vd.realtime_offset_ns = off;
    __asm__ volatile("" ::: "memory");
    vd.seq++;
    coarse_stamp_update();
    vdso_update();                          /* the vDSO's copy (kernel/mm/vdso.c) */
    irq_restore(f);
    timerfd_clock_was_set();                /* TFD_TIMER_CANCEL_ON_SET (ipc/timerfd.c) */
}

/* The timer interrupt: the TSC must have moved forward since the last
 * tick, else it is unusable from now on. Moves the base to now. */
void clocksource_tick(void)
{
    uint64_t now = ktime_get_ns();
    vd.seq++;
    __asm__ volatile("" ::: "memory");
    if (vd.clock_mode == VDSO_CLOCK_TSC) {
        uint64_t tsc = rdtsc();
        if ((int64_t)(tsc - vd.tsc_base) <= 0) {
            vd.seq++;
            use_pit("the TSC stopped or went backwards");
            return;
        }
        vd.tsc_base = tsc;
        vd.ns_base = now;
    } else {
        pit_ns_base += (uint64_t)PIT_LATCH * NSEC_PER_SEC / PIT_HZ;   /* the PIT's real period */
        if (pit_ns_base < now)              /* a lost tick: never step back */
            pit_ns_base = now;
    }
    vd.coarse_ns = now;
    __asm__ volatile("" ::: "memory");
    vd.seq++;
    coarse_stamp_update();
    vdso_update();                          /* the vDSO's copy (kernel/mm/vdso.c) */
}
