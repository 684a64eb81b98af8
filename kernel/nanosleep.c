/* nanosleep and clock_nanosleep: a deadline in ktime ns, ended by the
 * task's high-resolution sleep timer (sleep_until_ns). Interrupted by a
 * handled signal: EINTR with the time left (relative sleeps); by a stop
 * or an ignored signal: the call goes on to the same deadline. */
#include "kernel/kernel.h"
#include "kernel/time.h"
#include "kernel/proc.h"
#include "kernel/pid_namespace.h"
#include "kernel/mm/uaccess.h"
#include "kernel/syscalls.h"
#include "kernel/time_namespace.h"
#include <linux/time.h>

struct task *cpu_clock_task(int clk, bool gettime);
extern uint32_t clock_set_seq;
extern struct wait_queue clock_set_wq;

/* An absolute sleep on CLOCK_REALTIME (or TAI): until the clock reads
 * `until`, even when clock_settime moves it meanwhile (as Linux). 0, or
 * -ERESTARTNOHAND on a signal (the call is simply made again). */
static long realtime_abs_sleep(int clk, int64_t until)
{
    for (;;) {
        int64_t now;
        clock_read_ns(clk, &now);
        if (now >= until)
            return 0;
        uint32_t seq = clock_set_seq;
        int r = wait_event_interruptible_deadline(&clock_set_wq, clock_set_seq != seq,
                                                  ktime_get_ns() + (uint64_t)(until - now));
        if (r == -EINTR)
            return -ERESTARTNOHAND;
    }
}

/* sec.nsec in ns, saturating near 2^63. */
static int64_t ts_ns(int64_t sec, int64_t nsec)
{
    if (sec >= 9223372035LL)
        return 9223372035LL * NSEC_PER_SEC;
    return sec * NSEC_PER_SEC + nsec;
}

/* Sleeping on a process CPU clock: until it reaches `until`, looking
 * once a tick (only the process's other threads can move it). */
static long cpu_nanosleep(int clk, int64_t until)
{
    for (;;) {
        int64_t now;
        if (clock_read_ns(clk, &now) < 0)
            return -EINVAL;
        if (now >= until)
            return 0;
        if (sleep_until_ns(deadline_after_ticks(1), true))
            return -ERESTARTNOHAND;
    }
}

/* Sleeps on clock clk until the deadline (absolute) or for the time
 * (relative). On a signal, writes the time left to rem (relative only;
 * EFAULT if it cannot) and returns -ERESTARTNOHAND. */
static long do_nanosleep(int clk, int64_t sec, int64_t nsec, bool absolute, void *rem, bool rem64)
{
    int64_t now, req = ts_ns(sec, nsec);
    clock_read_ns(clk, &now);
    bool cpu = clk < 0 || clk == CLOCK_PROCESS_CPUTIME_ID;
    if (cpu) {
        bool restarted = current->restarted;
        current->restarted = false;
        int64_t until = absolute ? req : restarted ? (int64_t)current->restart_until : now + req;
        current->restart_until = (uint64_t)until;
        return cpu_nanosleep(clk, until);
    }
    if (absolute && (clk == CLOCK_REALTIME || clk == CLOCK_TAI))
        return realtime_abs_sleep(clk, req);
    uint64_t mono = ktime_get_ns(), until;
    if (absolute)
        until = req <= now ? mono : mono + (uint64_t)(req - now);
    else if (current->restarted)
        until = current->restart_until;      /* restarted after a stop: same deadline */
    else
        until = mono + (uint64_t)req;
    current->restarted = false;
    if (sleep_until_ns(until, true) == 0)
        return 0;
    current->restart_until = until;
    if (rem && !absolute) {
        uint64_t n = ktime_get_ns();
        struct ktime left = ns_to_ktime(until > n ? (int64_t)(until - n) : 0);
        if (put_user_timespec(rem, rem64, left.sec, left.nsec))
            return -EFAULT;
    }
    return -ERESTARTNOHAND;                  /* EINTR if a handler runs, else go on sleeping */
}

/* Which clocks may be slept on: EINVAL for no clock, ENOTSUP for one
 * that cannot (the thread CPU clocks, the coarse and raw clocks), EINVAL
 * for a thread CPU clock id of current's own thread, as Linux. */
static int nsleep_clock_check(int clk)
{
    int64_t ns;
    switch (clk) {
    case CLOCK_REALTIME: case CLOCK_MONOTONIC: case CLOCK_BOOTTIME: case CLOCK_TAI:
    case CLOCK_PROCESS_CPUTIME_ID:
        return 0;
    case CLOCK_THREAD_CPUTIME_ID: case CLOCK_MONOTONIC_RAW: case CLOCK_REALTIME_COARSE:
    case CLOCK_MONOTONIC_COARSE:
        return -EOPNOTSUPP;
    }
    if (clk < 0 && (clk & 7) == 3)
        return -EOPNOTSUPP;                  /* a clock by descriptor (CLOCKFD) */
    if (clk >= 0 || clock_read_ns(clk, &ns) < 0)
        return -EINVAL;
    if (clk & 4) {
        int pid = ~clk >> 3;
        if (pid == 0 || pid == pid_vnr(current->pid))
            return -EINVAL;
        return -EOPNOTSUPP;
    }
    return 0;
}

/* nanosleep (on CLOCK_MONOTONIC, relative) and clock_nanosleep; time64
 * selects the layout of both timespecs. May sleep. */
static long clock_nanosleep(int clk, int flags, const void *req, void *rem, bool time64)
{
    int r = nsleep_clock_check(clk);
    if (r)
        return r;
    int64_t sec, nsec;
    if (get_user_timespec(req, time64, &sec, &nsec))
        return -EFAULT;
    if (sec < 0 || nsec < 0 || nsec >= NSEC_PER_SEC)
        return -EINVAL;
    if ((flags & TIMER_ABSTIME) && current->time_ns) {   /* a time namespace's deadline */
        struct ktime host = ns_to_ktime(timens_ktime_to_host(clk, ts_ns(sec, nsec)));
        sec = host.sec;
        nsec = host.nsec;
    }
    r = do_nanosleep(clk, sec, nsec, flags & TIMER_ABSTIME, rem, time64);
    return (flags & TIMER_ABSTIME) ? r : restart_block(r);   /* an absolute one is just made again */
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
