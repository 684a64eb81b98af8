/* The clock's state (kernel/clocksource.c): the TSC's base, rate and the
 * offsets of the clocks, updated at every tick and at clock_settime.
 * kernel/mm/vdso.c: vdso_update() copies what the vDSO needs from it into
 * the vvar page (kernel/vdso_data.h) in Linux's layout. */
#ifndef CLOCK_DATA_H
#define CLOCK_DATA_H

#define VDSO_CLOCK_NONE 0           /* no usable TSC: make the system call */
#define VDSO_CLOCK_TSC  1           /* compute from rdtsc as below */

/* Reading, as a seqcount: 
 *     do {
 *         s = seq;  (while s is odd, the kernel is writing: read again)
 *         barrier; copy the fields; barrier;
 *     } while (s & 1 || seq != s);
 * then, when clock_mode is VDSO_CLOCK_TSC, with d = rdtsc() - tsc_base
 * (unsigned, 64 bits; take 0 if it is negative as a signed number):
 *     CLOCK_MONOTONIC, _RAW, CLOCK_BOOTTIME = ns_base + (d * mult >> shift)
 *     CLOCK_REALTIME = that + realtime_offset_ns
 *     CLOCK_MONOTONIC_COARSE = coarse_ns, CLOCK_REALTIME_COARSE = coarse_ns
 *     + realtime_offset_ns (the coarse clocks need no TSC)
 * d * mult fits 64 bits for 600 s of TSC cycles; the kernel moves the
 * base at every tick (HZ per second), so d stays small. A result below
 * the previous one the same process read cannot happen while the base
 * moves forward only; the kernel clamps its own reads in any case.
 * Resolutions (clock_getres): hres_ns for the first clocks (1), tick_ns
 * for the _COARSE ones. The CPU-time clocks always need the system call. */
struct vdso_time_data {
    volatile unsigned int seq;      /* odd while the kernel writes */
    unsigned int clock_mode;        /* VDSO_CLOCK_* */
    unsigned long long tsc_base;    /* TSC at the last update */
    unsigned long long ns_base;     /* CLOCK_MONOTONIC at tsc_base, ns since boot */
    unsigned int mult, shift;       /* ns = cycles * mult >> shift */
    long long realtime_offset_ns;   /* CLOCK_REALTIME - CLOCK_MONOTONIC */
    unsigned long long coarse_ns;   /* CLOCK_MONOTONIC at the last tick */
    unsigned int tick_ns;           /* resolution of the _COARSE clocks */
    unsigned int hres_ns;           /* resolution of the others: 1 */
    unsigned long long tsc_hz;      /* the calibrated TSC frequency (information) */
};

/* The kernel's copy, alone in its page-aligned page (kernel/clocksource.c),
 * for the vDSO to map read-only into each process: V2P(&vdso_time_page). */
union vdso_time_page {
    struct vdso_time_data data;
    char page[4096];
};
extern union vdso_time_page vdso_time_page;

#endif
