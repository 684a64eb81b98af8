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

/* A user's struct timespec: two 32-bit words, or two 64-bit ones for the
 * _time64 calls. 0 or -EFAULT. */
int get_user_timespec(const void *u, bool time64, int64_t *sec, int64_t *nsec)
{
    int32_t v32[2];
    int64_t v64[2];
    if (time64 ? copy_from_user(v64, u, sizeof v64) : copy_from_user(v32, u, sizeof v32))
        return -EFAULT;
    *sec = time64 ? v64[0] : v32[0];
    *nsec = time64 ? v64[1] : v32[1];
    return 0;
}

static int put_user_timespec(void *u, bool time64, int64_t sec, int64_t nsec)
{
    int32_t v32[2] = { (int32_t)sec, (int32_t)nsec };
    int64_t v64[2] = { sec, nsec };
    return time64 ? copy_to_user(u, v64, sizeof v64) : copy_to_user(u, v32, sizeof v32);
}

static long clock_gettime(int clk, void *ts, bool time64)
{
    struct ktime t;
    int r = clock_read(clk, &t);
    return r < 0 ? r : put_user_timespec(ts, time64, t.sec, t.nsec);
}

long sys_clock_gettime(int clk, void *ts32) { return clock_gettime(clk, ts32, false); }
long sys_clock_gettime64(int clk, void *ts64) { return clock_gettime(clk, ts64, true); }

/* Every clock ticks at HZ; a NULL ts only checks the clock. */
static long clock_getres(int clk, void *ts, bool time64)
{
    struct ktime t;
    if (clock_read(clk, &t) < 0)
        return -EINVAL;
    return ts ? put_user_timespec(ts, time64, 0, 1000000000 / HZ) : 0;
}

long sys_clock_getres(int clk, void *ts32) { return clock_getres(clk, ts32, false); }
long sys_clock_getres_time64(int clk, void *ts64) { return clock_getres(clk, ts64, true); }

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
        if (put_user_timespec(rem, rem64, left / HZ, (int64_t)(left % HZ) * (1000000000 / HZ)))
            return -EFAULT;
    }
    return -ERESTARTNOHAND;                  /* EINTR if a handler runs, else go on sleeping */
}

/* nanosleep (on CLOCK_MONOTONIC, relative) and clock_nanosleep; time64
 * selects the layout of both timespecs. May sleep. */
static long clock_nanosleep(int clk, int flags, const void *req, void *rem, bool time64)
{
    struct ktime t;
    if (clock_read(clk, &t) < 0 || clk == CLOCK_THREAD_CPUTIME_ID)
        return -EINVAL;
    int64_t sec, nsec;
    if (get_user_timespec(req, time64, &sec, &nsec))
        return -EFAULT;
    return do_nanosleep(sec, nsec, flags & TIMER_ABSTIME, clk, rem, time64);
}

long sys_nanosleep(const void *req32, void *rem32)
{
    return clock_nanosleep(CLOCK_MONOTONIC, 0, req32, rem32, false);
}

long sys_clock_nanosleep(int clk, int flags, const void *req32, void *rem32)
{
    return clock_nanosleep(clk, flags, req32, rem32, false);
}

long sys_clock_nanosleep_time64(int clk, int flags, const void *req64, void *rem64)
{
    return clock_nanosleep(clk, flags, req64, rem64, true);
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
    if (get_user_timespec(uts, ts64, &sec, &nsec))
        return -EFAULT;
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
