/* Time: the RTC gives the wall clock at boot, the PIT ticks advance it.
 * Also the time system calls (gettimeofday, clock_gettime, nanosleep...). */
#include "kernel/kernel.h"
#include "kernel/time.h"
#include "kernel/proc.h"
#include "kernel/mm/uaccess.h"
#include "kernel/syscalls.h"
#include <linux/time.h>

static int64_t boot_epoch;

void time_init(void)
{
    boot_epoch = rtc_epoch();
}

struct ktime time_mono(void)
{
    uint32_t j = jiffies;
    struct ktime t = { j / HZ, (int32_t)(j % HZ) * (1000000000 / HZ) };
    return t;
}

struct ktime time_now(void)
{
    struct ktime t = time_mono();
    t.sec += boot_epoch;
    return t;
}

/* The clock a clock id names, or -EINVAL. */
static int clock_read(int clk, struct ktime *t)
{
    switch (clk) {
    case CLOCK_REALTIME: case CLOCK_REALTIME_COARSE:
        *t = time_now();
        return 0;
    case CLOCK_MONOTONIC: case CLOCK_MONOTONIC_RAW: case CLOCK_MONOTONIC_COARSE:
    case CLOCK_BOOTTIME:
        *t = time_mono();
        return 0;
    case CLOCK_PROCESS_CPUTIME_ID: case CLOCK_THREAD_CPUTIME_ID: {
        uint32_t ticks = current->utime + current->stime;
        t->sec = ticks / HZ;
        t->nsec = (int32_t)(ticks % HZ) * (1000000000 / HZ);
        return 0;
    }
    }
    return -EINVAL;
}

long sys_time(int32_t *t)
{
    int32_t now = (int32_t)time_now().sec;
    if (t && copy_to_user(t, &now, sizeof now))
        return -EFAULT;
    return now;
}

long sys_gettimeofday(void *tv, void *tz)
{
    struct ktime now = time_now();
    int32_t v[2] = { (int32_t)now.sec, now.nsec / 1000 };
    if (tv && copy_to_user(tv, v, sizeof v))
        return -EFAULT;
    int32_t z[2] = { 0, 0 };
    if (tz && copy_to_user(tz, z, sizeof z))
        return -EFAULT;
    return 0;
}

long sys_clock_gettime(int clk, void *ts32)
{
    struct ktime t;
    int r = clock_read(clk, &t);
    if (r < 0)
        return r;
    int32_t v[2] = { (int32_t)t.sec, t.nsec };
    return copy_to_user(ts32, v, sizeof v);
}

long sys_clock_gettime64(int clk, void *ts64)
{
    struct ktime t;
    int r = clock_read(clk, &t);
    if (r < 0)
        return r;
    int64_t v[2] = { t.sec, t.nsec };
    return copy_to_user(ts64, v, sizeof v);
}

long sys_clock_getres(int clk, void *ts32)
{
    struct ktime t;
    if (clock_read(clk, &t) < 0)
        return -EINVAL;
    int32_t v[2] = { 0, 1000000000 / HZ };
    return ts32 ? copy_to_user(ts32, v, sizeof v) : 0;
}

long sys_clock_getres_time64(int clk, void *ts64)
{
    struct ktime t;
    if (clock_read(clk, &t) < 0)
        return -EINVAL;
    int64_t v[2] = { 0, 1000000000 / HZ };
    return ts64 ? copy_to_user(ts64, v, sizeof v) : 0;
}

/* Sleeps for (sec, nsec), rounded up to whole ticks. On a signal, writes
 * the time left to rem (if rem_write) and returns -EINTR. */
static long do_nanosleep(int64_t sec, int64_t nsec, bool absolute, int clk,
                         void *rem, bool rem64)
{
    if (nsec < 0 || nsec >= 1000000000 || sec < 0)
        return -EINVAL;
    struct ktime now;
    clock_read(clk, &now);
    if (absolute) {
        sec -= now.sec;
        nsec -= now.nsec;
        if (nsec < 0) { nsec += 1000000000; sec--; }
        if (sec < 0)
            return 0;
    }
    uint64_t ticks = (uint64_t)sec * HZ + (uint64_t)(nsec + (1000000000 / HZ) - 1) / (1000000000 / HZ);
    if (ticks > 0x7FFFFFFF)
        ticks = 0x7FFFFFFF;
    uint32_t until = jiffies + (uint32_t)ticks + 1;  /* +1: the current tick is partly gone */
    if (current->restarted && !absolute)
        until = current->restart_until;      /* restarted after a signal: same deadline */
    current->restarted = false;
    if (sleep_until(until, true) == 0)
        return 0;
    current->restart_until = until;
    if (rem && !absolute) {
        uint32_t left = until - jiffies;
        if ((int32_t)left < 0) left = 0;
        int64_t s = left / HZ, ns = (int64_t)(left % HZ) * (1000000000 / HZ);
        if (rem64) {
            int64_t v[2] = { s, ns };
            if (copy_to_user(rem, v, sizeof v)) return -EFAULT;
        } else {
            int32_t v[2] = { (int32_t)s, (int32_t)ns };
            if (copy_to_user(rem, v, sizeof v)) return -EFAULT;
        }
    }
    return -ERESTARTNOHAND;                  /* EINTR if a handler runs, else go on sleeping */
}

long sys_nanosleep(const void *req32, void *rem32)
{
    int32_t v[2];
    if (copy_from_user(v, req32, sizeof v))
        return -EFAULT;
    return do_nanosleep(v[0], v[1], false, CLOCK_MONOTONIC, rem32, false);
}

long sys_clock_nanosleep(int clk, int flags, const void *req32, void *rem32)
{
    struct ktime t;
    if (clock_read(clk, &t) < 0 || clk == CLOCK_THREAD_CPUTIME_ID)
        return -EINVAL;
    int32_t v[2];
    if (copy_from_user(v, req32, sizeof v))
        return -EFAULT;
    long r = do_nanosleep(v[0], v[1], flags & TIMER_ABSTIME, clk, rem32, false);
    return r;
}

long sys_clock_nanosleep_time64(int clk, int flags, const void *req64, void *rem64)
{
    struct ktime t;
    if (clock_read(clk, &t) < 0 || clk == CLOCK_THREAD_CPUTIME_ID)
        return -EINVAL;
    int64_t v[2];
    if (copy_from_user(v, req64, sizeof v))
        return -EFAULT;
    return do_nanosleep(v[0], v[1], flags & TIMER_ABSTIME, clk, rem64, true);
}

long sys_times(void *buf)
{
    int32_t v[4] = { (int32_t)current->utime, (int32_t)current->stime, 0, 0 };
    if (buf && copy_to_user(buf, v, sizeof v))
        return -EFAULT;
    return (long)jiffies;
}

/* A relative timeout from user memory, as a struct timespec of 32-bit
 * (ts64 false) or 64-bit fields, in ticks rounded up: *ticks is -1 for a
 * NULL pointer (wait forever). 0, -EFAULT or -EINVAL (a bad timespec). */
int timeout_from_user(const void *uts, bool ts64, int32_t *ticks)
{
    *ticks = -1;
    if (!uts)
        return 0;
    int64_t sec, nsec;
    if (ts64) {
        int64_t t[2];
        if (copy_from_user(t, uts, sizeof t))
            return -EFAULT;
        sec = t[0]; nsec = t[1];
    } else {
        int32_t t[2];
        if (copy_from_user(t, uts, sizeof t))
            return -EFAULT;
        sec = t[0]; nsec = t[1];
    }
    if (sec < 0 || nsec < 0 || nsec >= 1000000000)
        return -EINVAL;
    if (sec > 0x7FFFFFFF / HZ) {             /* beyond what ticks can hold: as good as forever */
        *ticks = 0x7FFFFFFF;
        return 0;
    }
    int64_t k = sec * HZ + (nsec * HZ + 999999999) / 1000000000;
    *ticks = k > 0x7FFFFFFF ? 0x7FFFFFFF : (int32_t)k;
    return 0;
}
