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

extern const struct vdso_data vvar_page __attribute__((visibility("hidden")));

/* The vvar page's address. A call to the next instruction pushes that
 * instruction's address, and the link fixes its distance to the page.
 * gcc's own way (a call to a PC "thunk" that returns) costs a return,
 * which under QEMU's TCG is a lookup in its jump cache, as dear as a
 * dozen instructions: this is the whole cost of a clock read's address. */
static inline __attribute__((always_inline)) const struct vdso_data *vvar(void)
{
    const struct vdso_data *vd;
    __asm__("call 1f\n1:\tpopl %0\n\taddl $vvar_page-1b, %0" : "=r"(vd));
    return vd;
}

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

/* Linux's seqcount, reader's side: vvar_read_at waits for an even
 * count; the fields are read between it and seq_retry (compiler barriers
 * keep them there; one CPU needs no fence); seq_retry says the writer
 * came. */
static inline __attribute__((always_inline)) int seq_retry(const struct vdso_data *vd, __u32 s)
{
    __asm__ volatile("" ::: "memory");
    return *(const volatile __u32 *)&vd->seq != s;
}

/* A time namespace's page (kernel/vdso_data.h) where vd is: its seq
 * stays odd, so only a reader that found an odd seq asks. */
static inline __attribute__((always_inline)) bool is_timens(const struct vdso_data *vd)
{
    return *(const volatile __s32 *)&vd->clock_mode == VDSO_CLOCKMODE_TIMENS;
}

/* The clock data: vd, or the page after it when vd is a namespace's. */
static inline __attribute__((always_inline)) const struct vdso_data *vvar_data(const struct vdso_data *vd)
{
    return is_timens(vd) ? (const struct vdso_data *)((const char *)vd + 4096) : vd;
}

/* ns / NSEC_PER_SEC by subtraction (no libgcc here): ns is below a few
 * seconds past an update. */
static inline __attribute__((always_inline)) __u32 div_nsec(__u64 ns, __u64 *rem)
{
    __u32 q = 0;
    while (__builtin_expect(ns >= NSEC_PER_SEC, 0)) {
        ns -= NSEC_PER_SEC;
        q++;
    }
    *rem = ns;
    return q;
}

/* No fence (lfence needs SSE2): on one CPU an early read can only give a
 * count below cycle_last, which vvar_read takes as no time passed. */
static inline __attribute__((always_inline)) __u64 rdtsc(void)
{
    __u32 lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return (__u64)hi << 32 | lo;
}

/* delta * mult, 64 by 32 bits: one full and one low multiplication (gcc
 * would make three of a 64 by 64). */
static inline __attribute__((always_inline)) __u64 mul_u64_u32(__u64 delta, __u32 mult)
{
    return (__u64)(__u32)delta * mult + ((__u64)((__u32)(delta >> 32) * mult) << 32);
}

/* Clock clk from the vvar page vd into *sec, *nsec: 0; -1 when the
 * page does not keep that clock (the caller makes the system call); 1
 * when vd is a time namespace's page, whose seq stays odd: only a reader
 * that found an odd seq looks, so the initial namespace's pay nothing. */
static inline __attribute__((always_inline)) int vvar_read_at(const struct vdso_data *vd, int clk,
                                                             __s64 *sec, __u32 *nsec)
{
    if ((unsigned)clk >= VDSO_BASES)
        return -1;
    const struct vdso_timestamp *base = &vd->basetime[clk];
    bool coarse = clk == CLOCK_REALTIME_COARSE || clk == CLOCK_MONOTONIC_COARSE;
    __u32 s, shift;
    __u64 ns, rem;
    do {
        while (__builtin_expect((s = *(const volatile __u32 *)&vd->seq) & 1, 0)) {
            if (is_timens(vd))
                return 1;
            __asm__ volatile("pause");
        }
        __asm__ volatile("" ::: "memory");
        *sec = (__s64)base->sec;
        ns = base->nsec;
        if (!coarse) {
            if (vd->clock_mode != VDSO_CLOCKMODE_TSC || !(vd->hres_valid & (1u << clk)))
                return -1;
            __u64 cycles = rdtsc();
            __u64 last = vd->cycle_last;
            if (__builtin_expect(cycles > last, 1))
                ns += mul_u64_u32(cycles - last, vd->mult);
            shift = vd->shift;
            if (shift >= 32)            /* the kernel keeps it below 32 */
                __builtin_unreachable();
            ns >>= shift;
        }
    } while (seq_retry(vd, s));
    *sec += div_nsec(ns, &rem);
    *nsec = (__u32)rem;
    return 0;
}

struct vtime { __s64 sec; __u32 nsec; int r; };

/* In a time namespace: the clock from the data page after the
 * namespace's page, plus the namespace's offset for it (Linux's
 * do_hres_timens). Out of line, returning a value, so that the entry
 * points' own reads keep their registers. */
static __attribute__((noinline)) struct vtime vvar_read_timens(int clk)
{
    const struct vdso_data *ns = vvar();
    struct vtime t;
    t.r = vvar_read_at(vvar_data(ns), clk, &t.sec, &t.nsec);
    if (t.r == 0) {
        __u32 n = t.nsec + (__u32)ns->offset[clk].nsec;
        t.sec += (__s64)ns->offset[clk].sec + (n >= NSEC_PER_SEC);
        t.nsec = n >= NSEC_PER_SEC ? n - NSEC_PER_SEC : n;
    }
    return t;
}

/* Clock clk into *sec, *nsec: 0, or -1 for the system call. */
static inline __attribute__((always_inline)) int vvar_read(int clk, __s64 *sec, __u32 *nsec)
{
    int r = vvar_read_at(vvar(), clk, sec, nsec);
    if (__builtin_expect(r > 0, 0)) {
        struct vtime t = vvar_read_timens(clk);
        *sec = t.sec;
        *nsec = t.nsec;
        r = t.r;
    }
    return r;
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
        tz->tz_minuteswest = vvar_data(vvar())->tz_minuteswest;
        tz->tz_dsttime = vvar_data(vvar())->tz_dsttime;
    }
    return 0;
}

/* The seconds of the coarse wall clock, as Linux's (no seqcount: one
 * word), which no time namespace moves. */
__kernel_old_time_t __vdso_time(__kernel_old_time_t *t)
{
    const struct vdso_data *vd = vvar_data(vvar());
    __kernel_old_time_t now = (__kernel_old_time_t)*(const volatile __u64 *)&vd->basetime[CLOCK_REALTIME_COARSE].sec;
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
