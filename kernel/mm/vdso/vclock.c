/* The vDSO's clock functions, user code (built into the vDSO image, never
 * into the kernel): the _COARSE clocks and time() read the vvar page
 * (kernel/vdso_data.h) without entering the kernel, the fine clocks too
 * once the kernel keeps them there (VDSO_CLOCKMODE_TSC); everything else
 * makes the system call through __kernel_vsyscall, as Linux's fallbacks. */
#include <stdbool.h>
#include <asm/unistd_32.h>
#include <linux/time.h>
#include <linux/time_types.h>
#include "kernel/vdso_data.h"

#define NSEC_PER_SEC 1000000000u

extern const volatile struct vdso_data vvar_page __attribute__((visibility("hidden")));

/* The system call nr(a, b), through __kernel_vsyscall (bound inside the
 * vDSO by -Bsymbolic; ebx is the PIC register, so it is swapped in and
 * out around the call). */
static long vdso_syscall2(long nr, long a, long b)
{
    long ret;
    __asm__ volatile("xchg %%ebx, %%edx\n\t"
                     "call __kernel_vsyscall\n\t"
                     "xchg %%ebx, %%edx"
                     : "=a"(ret), "+d"(a) : "0"(nr), "c"(b) : "memory");
    return ret;
}

static __u32 seq_begin(const volatile struct vdso_data *vd)
{
    __u32 s;
    while ((s = vd->seq) & 1)
        __asm__ volatile("pause");
    __asm__ volatile("" ::: "memory");
    return s;
}

static int seq_retry(const volatile struct vdso_data *vd, __u32 s)
{
    __asm__ volatile("" ::: "memory");
    return vd->seq != s;
}

/* ns / NSEC_PER_SEC by subtraction (no libgcc here): ns is below a few
 * seconds past an update. */
static __u32 div_nsec(__u64 ns, __u64 *rem)
{
    __u32 q = 0;
    while (ns >= NSEC_PER_SEC) {
        ns -= NSEC_PER_SEC;
        q++;
    }
    *rem = ns;
    return q;
}

/* No fence (lfence needs SSE2): on one CPU an early read can only give a
 * count below cycle_last, which vvar_read takes as no time passed. */
static __u64 rdtsc(void)
{
    __u32 lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return (__u64)hi << 32 | lo;
}

/* Clock clk from the vvar page into *sec, *nsec: 0, or -1 when the page
 * does not keep that clock (the caller makes the system call). */
static inline __attribute__((always_inline)) int vvar_read(int clk, __s64 *sec, __u32 *nsec)
{
    const volatile struct vdso_data *vd = &vvar_page;
    if (clk < 0 || clk >= VDSO_BASES)
        return -1;
    bool coarse = clk == CLOCK_REALTIME_COARSE || clk == CLOCK_MONOTONIC_COARSE;
    __u32 s;
    __u64 ns, rem;
    do {
        s = seq_begin(vd);
        if (!coarse && (vd->clock_mode != VDSO_CLOCKMODE_TSC || !(vd->hres_valid & (1u << clk))))
            return -1;
        *sec = (__s64)vd->basetime[clk].sec;
        ns = vd->basetime[clk].nsec;
        if (!coarse) {
            __u64 cycles = rdtsc();
            __u64 delta = cycles > vd->cycle_last ? cycles - vd->cycle_last : 0;
            ns = (ns + delta * vd->mult) >> vd->shift;
        }
    } while (seq_retry(vd, s));
    *sec += div_nsec(ns, &rem);
    *nsec = (__u32)rem;
    return 0;
}

int __vdso_clock_gettime64(__kernel_clockid_t clk, struct __kernel_timespec *ts)
{
    __s64 sec;
    __u32 nsec;
    if (vvar_read(clk, &sec, &nsec) < 0)
        return (int)vdso_syscall2(__NR_clock_gettime64, clk, (long)ts);
    ts->tv_sec = sec;
    ts->tv_nsec = nsec;
    return 0;
}

int __vdso_clock_gettime(__kernel_clockid_t clk, struct __kernel_old_timespec *ts)
{
    __s64 sec;
    __u32 nsec;
    if (vvar_read(clk, &sec, &nsec) < 0)
        return (int)vdso_syscall2(__NR_clock_gettime, clk, (long)ts);
    ts->tv_sec = (__s32)sec;
    ts->tv_nsec = (__s32)nsec;
    return 0;
}

int __vdso_gettimeofday(struct __kernel_old_timeval *tv, struct timezone *tz)
{
    __s64 sec;
    __u32 nsec;
    if (vvar_read(CLOCK_REALTIME, &sec, &nsec) < 0)
        return (int)vdso_syscall2(__NR_gettimeofday, (long)tv, (long)tz);
    if (tv) {
        tv->tv_sec = (long)sec;
        tv->tv_usec = (long)(nsec / 1000);
    }
    if (tz) {
        tz->tz_minuteswest = vvar_page.tz_minuteswest;
        tz->tz_dsttime = vvar_page.tz_dsttime;
    }
    return 0;
}

/* The seconds of the coarse wall clock, as Linux's (no seqcount: one word). */
__kernel_old_time_t __vdso_time(__kernel_old_time_t *t)
{
    __kernel_old_time_t now = (__kernel_old_time_t)vvar_page.basetime[CLOCK_REALTIME_COARSE].sec;
    if (t)
        *t = now;
    return now;
}

int __vdso_clock_getres(__kernel_clockid_t clk, struct __kernel_old_timespec *res)
{
    return (int)vdso_syscall2(__NR_clock_getres, clk, (long)res);
}

/* One CPU: always 0 (a NULL pointer is skipped, as on Linux). */
long __vdso_getcpu(unsigned *cpu, unsigned *node, void *unused)
{
    (void)unused;
    if (cpu)
        *cpu = 0;
    if (node)
        *node = 0;
    return 0;
}
