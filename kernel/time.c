/* The clocks by id over ktime_get_ns() (kernel/clocksource.c) and the
 * CPU time of kernel/cputime.c: clock_gettime, clock_settime,
 * clock_getres, gettimeofday, settimeofday, time, times. CPU-clock ids
 * are Linux's: ~pid << 3 | thread << 2 | which (PROF, VIRT, SCHED). */
#include "kernel/kernel.h"
#include "kernel/time.h"
#include "kernel/proc.h"
#include "kernel/pid_namespace.h"
#include "kernel/hrtimer.h"
#include "kernel/mm/uaccess.h"
#include "kernel/syscalls.h"
#include "kernel/time_namespace.h"
#include <linux/time.h>

#define CPUCLOCK_PROF  0
#define CPUCLOCK_VIRT  1
#define CPUCLOCK_SCHED 2
#define TIME_SETTOD_SEC_MAX 8277292036LL      /* KTIME_SEC_MAX less 30 years (Linux) */

static struct { int32_t minuteswest, dsttime; } sys_tz;   /* settimeofday's tz */
uint32_t clock_set_seq;                      /* counts the settings of CLOCK_REALTIME */
struct wait_queue clock_set_wq;              /* absolute CLOCK_REALTIME sleepers */
void posix_timers_clock_was_set(void);

void time_init(void)
{
    clocksource_init();
    ktime_set_realtime(rtc_epoch() * NSEC_PER_SEC);
    wait_queue_init(&clock_set_wq);
}

struct ktime ns_to_ktime(int64_t ns)
{
    int64_t sec = ns / NSEC_PER_SEC, rem = ns % NSEC_PER_SEC;
    if (rem < 0) { rem += NSEC_PER_SEC; sec--; }
    struct ktime t = { sec, (int32_t)rem };
    return t;
}

struct ktime time_mono(void) { return ns_to_ktime((int64_t)ktime_get_ns()); }
struct ktime time_now(void) { return ns_to_ktime((int64_t)ktime_get_ns() + ktime_realtime_offset()); }

/* The task a CPU-clock id names, as Linux's lookup_task: pid 0 is
 * current (its thread or its process); a thread clock must name a thread
 * of current's group; a process clock a group leader unless only read. */
struct task *cpu_clock_task(int clk, bool gettime)
{
    int pid = ~clk >> 3;
    bool thread = clk & 4;
    if ((clk & 3) == 3)
        return NULL;
    if (!pid)
        return thread ? current : current->group_leader;
    struct task *t = find_task_by_vpid(pid);
    if (!t)
        return NULL;
    if (thread)
        return t->group_leader == current->group_leader ? t : NULL;
    return gettime || t->group_leader == t ? t : NULL;
}

/* A CPU clock's value in ns, or -EINVAL. */
static int cpu_clock_read(int clk, int64_t *ns)
{
    if (clk == CLOCK_PROCESS_CPUTIME_ID || clk == CLOCK_THREAD_CPUTIME_ID)
        clk = (int)(~0u << 3) | (clk == CLOCK_THREAD_CPUTIME_ID ? 4 : 0) | CPUCLOCK_SCHED;
    struct task *t = cpu_clock_task(clk, true);
    if (!t)
        return -EINVAL;
    uint64_t u, s;
    if (clk & 4)
        task_cputime_ns(t, &u, &s);
    else
        group_cputime_ns(t, &u, &s);
    *ns = (int64_t)((clk & 3) == CPUCLOCK_VIRT ? u : u + s);
    return 0;
}

/* The clock a clock id names, in ns, or -EINVAL. */
int clock_read_ns(int clk, int64_t *ns)
{
    switch (clk) {
    case CLOCK_REALTIME: case CLOCK_TAI:
        *ns = (int64_t)ktime_get_ns() + ktime_realtime_offset();
        return 0;
    case CLOCK_REALTIME_COARSE:
        *ns = (int64_t)ktime_get_coarse_ns() + ktime_realtime_offset();
        return 0;
    case CLOCK_MONOTONIC: case CLOCK_MONOTONIC_RAW: case CLOCK_BOOTTIME:
        *ns = (int64_t)ktime_get_ns();
        return 0;
    case CLOCK_MONOTONIC_COARSE:
        *ns = (int64_t)ktime_get_coarse_ns();
        return 0;
    case CLOCK_PROCESS_CPUTIME_ID: case CLOCK_THREAD_CPUTIME_ID:
        return cpu_clock_read(clk, ns);
    }
    return clk < 0 ? cpu_clock_read(clk, ns) : -EINVAL;
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
    if (tz && copy_to_user(tz, &sys_tz, sizeof sys_tz))
        return -EFAULT;
    return 0;
}

/* Linux's do_sys_settimeofday64: a bad time (EINVAL) before the
 * permission (EPERM), then the time zone's range. */
static long settime(const int64_t *real_ns, const void *tz)
{
    if (!capable(CAP_SYS_TIME))
        return -EPERM;
    if (tz) {
        const int32_t *z = tz;
        if (z[0] > 15 * 60 || z[0] < -15 * 60)
            return -EINVAL;
        sys_tz.minuteswest = z[0];
        sys_tz.dsttime = z[1];
    }
    if (real_ns) {
        ktime_set_realtime(*real_ns);
        clock_set_seq++;                     /* absolute REALTIME deadlines move */
        wake_up(&clock_set_wq);
        posix_timers_clock_was_set();
    }
    return 0;
}

long sys_settimeofday(const void *utv, const void *utz)
{
    int32_t tv[2], tz[2];
    int64_t ns;
    if (utv) {
        if (copy_from_user(tv, utv, sizeof tv))
            return -EFAULT;
        if (tv[1] < 0 || tv[1] >= 1000000 || tv[0] < 0)
            return -EINVAL;
        ns = (int64_t)tv[0] * NSEC_PER_SEC + (int64_t)tv[1] * NSEC_PER_USEC;
    }
    if (utz && copy_from_user(tz, utz, sizeof tz))
        return -EFAULT;
    return settime(utv ? &ns : NULL, utz ? tz : NULL);
}

/* stime(tptr): root sets the clock to *tptr, whole seconds. As Linux: the
 * time is read first (EFAULT), then the permission (EPERM); a negative
 * time is quietly not set (0), since Linux's stime drops the EINVAL of
 * do_settimeofday64. */
long sys_stime(const int32_t *tptr)
{
    int32_t sec;
    if (copy_from_user(&sec, tptr, sizeof sec))
        return -EFAULT;
    int64_t ns = (int64_t)sec * NSEC_PER_SEC;
    return settime(sec >= 0 ? &ns : NULL, NULL);
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
    *nsec = time64 ? (int32_t)v64[1] : v32[1];   /* i386's long: the padding is dropped */
    return 0;
}

int put_user_timespec(void *u, bool time64, int64_t sec, int64_t nsec)
{
    int32_t v32[2] = { (int32_t)sec, (int32_t)nsec };
    int64_t v64[2] = { sec, nsec };
    return time64 ? copy_to_user(u, v64, sizeof v64) : copy_to_user(u, v32, sizeof v32);
}

/* The clock as current's time namespace shows it (the vDSO adds the
 * same offsets, kernel/mm/vdso/vclock.c). */
static long clock_gettime(int clk, void *ts, bool time64)
{
    int64_t ns;
    int r = clock_read_ns(clk, &ns);
    struct ktime t = ns_to_ktime(ns + timens_offset(clk));
    return r < 0 ? r : put_user_timespec(ts, time64, t.sec, t.nsec);
}

long sys_clock_gettime(int clk, void *ts32) { return clock_gettime(clk, ts32, false); }
long sys_clock_gettime64(int clk, void *ts64) { return clock_gettime(clk, ts64, true); }

/* Only CLOCK_REALTIME can be set; a CPU clock by pid says EPERM, the
 * others EINVAL (as Linux's clock_set methods: CLOCK_PROCESS_CPUTIME_ID
 * has none). EFAULT comes before either. */
static long clock_settime(int clk, const void *ts, bool time64)
{
    int64_t ns, sec, nsec;
    bool cpu = clk < 0;
    if (clk != CLOCK_REALTIME && !cpu)
        return -EINVAL;
    if (get_user_timespec(ts, time64, &sec, &nsec))
        return -EFAULT;
    if (cpu)
        return clock_read_ns(clk, &ns) < 0 ? -EINVAL : -EPERM;
    if (sec < 0 || nsec < 0 || nsec >= NSEC_PER_SEC || sec >= TIME_SETTOD_SEC_MAX)
        return -EINVAL;
    ns = sec * NSEC_PER_SEC + nsec;
    return settime(&ns, NULL);
}

long sys_clock_settime(int clk, const void *ts32) { return clock_settime(clk, ts32, false); }
long sys_clock_settime64(int clk, const void *ts64) { return clock_settime(clk, ts64, true); }

/* 1 ns for the clocks read from the clock source when timers are
 * high-resolution (else the tick), the tick for the _COARSE clocks and
 * the CPU clocks but the SCHED ones (1 ns), as Linux. NULL: check only. */
static long clock_getres(int clk, void *ts, bool time64)
{
    int64_t ns;
    if (clock_read_ns(clk, &ns) < 0)
        return -EINVAL;
    int64_t res = hrtimer_hres_active() ? 1 : TICK_NSEC;
    if (clk == CLOCK_REALTIME_COARSE || clk == CLOCK_MONOTONIC_COARSE)
        res = TICK_NSEC;
    else if (clk == CLOCK_PROCESS_CPUTIME_ID || clk == CLOCK_THREAD_CPUTIME_ID)
        res = 1;
    else if (clk < 0)
        res = (clk & 3) == CPUCLOCK_SCHED ? 1 : TICK_NSEC;
    return ts ? put_user_timespec(ts, time64, 0, res) : 0;
}

long sys_clock_getres(int clk, void *ts32) { return clock_getres(clk, ts32, false); }
long sys_clock_getres_time64(int clk, void *ts64) { return clock_getres(clk, ts64, true); }

/* The process's user and system time in ticks (USER_HZ is HZ). */
long sys_times(void *buf)
{
    uint64_t u, s;
    group_cputime_ns(current, &u, &s);
    struct task *l = current->group_leader;
    int32_t v[4] = { (int32_t)(u / TICK_NSEC), (int32_t)(s / TICK_NSEC),
                     (int32_t)(l->cutime_ns / TICK_NSEC), (int32_t)(l->cstime_ns / TICK_NSEC) };
    if (buf && copy_to_user(buf, v, sizeof v))
        return -EFAULT;
    return (long)jiffies;
}

/* A relative timeout from user memory, as a struct timespec of 32-bit
 * (ts64 false) or 64-bit fields, in ns: -1 for a NULL pointer (wait
 * forever). 0, -EFAULT or -EINVAL (a bad timespec). */
int timeout_from_user(const void *uts, bool ts64, int64_t *ns)
{
    *ns = -1;
    if (!uts)
        return 0;
    int64_t sec, nsec;
    if (get_user_timespec(uts, ts64, &sec, &nsec))
        return -EFAULT;
    if (sec < 0 || nsec < 0 || nsec >= NSEC_PER_SEC)
        return -EINVAL;
    *ns = sec >= 0x7FFFFFFFLL * 4 ? 0x7FFFFFFFLL * 4 * NSEC_PER_SEC : sec * NSEC_PER_SEC + nsec;
    return 0;
}

uint64_t deadline_after_ns(int64_t ns)
{
    return ns < 0 ? 0 : ktime_get_ns() + (uint64_t)ns;
}

uint64_t deadline_after_ticks(uint32_t ticks)
{
    return ktime_get_ns() + (uint64_t)ticks * TICK_NSEC;
}
