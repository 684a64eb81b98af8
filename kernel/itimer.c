/* The interval timers of setitimer and alarm, per process: ITIMER_REAL
 * on a high-resolution timer (SIGALRM), ITIMER_VIRTUAL and ITIMER_PROF
 * on the process's CPU time (SIGVTALRM, SIGPROF), checked at each tick.
 * As Linux, a periodic ITIMER_REAL is re-armed when its SIGALRM is taken. */
#include "kernel/kernel.h"
#include "kernel/x86.h"
#include "kernel/proc.h"
#include "kernel/time.h"
#include "kernel/signal.h"
#include "kernel/ptimers.h"
#include "kernel/mm/mm.h"
#include "kernel/mm/uaccess.h"
#include "kernel/syscalls.h"
#include <linux/time.h>

static void real_fn(struct hrtimer *h)
{
    struct proc_timers *pt = (struct proc_timers *)((char *)h - __builtin_offsetof(struct proc_timers, real));
    struct ksiginfo info = { .code = SI_KERNEL };
    send_sig_group(pt->leader, SIGALRM, &info);
}

struct proc_timers *proc_timers_get(struct task *t)
{
    struct task *l = t->group_leader;
    if (!l->ptimers) {
        struct proc_timers *pt = kzalloc(sizeof *pt);
        if (!pt)
            return NULL;
        pt->leader = l;
        pt->real.fn = real_fn;
        l->ptimers = pt;
    }
    return l->ptimers;
}

void proc_timers_exit(struct task *leader)
{
    struct proc_timers *pt = leader->ptimers;
    if (!pt)
        return;
    hrtimer_cancel(&pt->real);
    posix_timers_free(pt);
    leader->ptimers = NULL;
    kfree(pt);
}

/* Moves *expires past now by whole intervals; how many it moved. An
 * expiry that would pass 2^63 ns stays there (never, in effect). */
int64_t timer_forward(int64_t *expires, int64_t now, int64_t interval)
{
    if (now < *expires || interval <= 0)
        return 0;
    uint64_t n = (uint64_t)(now - *expires) / (uint64_t)interval + 1;
    if (n > (uint64_t)(INT64_MAX - *expires) / (uint64_t)interval)
        *expires = INT64_MAX;
    else
        *expires += (int64_t)n * interval;
    return (int64_t)n;
}

/* The tick, for current's process: the CPU-time timers. */
void itimer_cpu_tick(struct task *t, bool user_mode)
{
    struct proc_timers *pt = t->group_leader->ptimers;
    (void)user_mode;
    if (!pt->cpu_expires[0] && !pt->cpu_expires[1] && !pt->timers)
        return;
    uint64_t u, s;
    group_cputime_ns(t, &u, &s);
    int64_t now[2] = { (int64_t)u, (int64_t)(u + s) };
    static const int sigs[2] = { SIGVTALRM, SIGPROF };
    for (int i = 0; i < 2; i++) {
        if (!pt->cpu_expires[i] || now[i] < pt->cpu_expires[i])
            continue;
        struct ksiginfo info = { .code = SI_KERNEL };
        send_sig_group(pt->leader, sigs[i], &info);
        if (pt->cpu_interval[i])
            timer_forward(&pt->cpu_expires[i], now[i], pt->cpu_interval[i]);
        else
            pt->cpu_expires[i] = 0;
    }
    posix_cpu_timers_tick(pt);
}

/* Current value and interval of a timer, in ns, as Linux's getitimer:
 * an armed timer shows at least 1 µs (real) or a tick (CPU) left. */
static void itimer_get(struct proc_timers *pt, int which, int64_t *value, int64_t *interval)
{
    *value = *interval = 0;
    if (!pt)
        return;
    if (which == ITIMER_REAL) {
        if (pt->real.queued) {
            int64_t left = (int64_t)(pt->real.expires - ktime_get_ns());
            *value = left > 0 ? left : NSEC_PER_USEC;
        }
        *interval = pt->real_interval;
        return;
    }
    int i = which == ITIMER_PROF;
    if (pt->cpu_expires[i]) {
        uint64_t u, s;
        group_cputime_ns(current, &u, &s);
        int64_t now = (int64_t)(i ? u + s : u);
        *value = pt->cpu_expires[i] > now ? pt->cpu_expires[i] - now : TICK_NSEC;
    }
    *interval = pt->cpu_interval[i];
}

/* Arms (value > 0) or stops a timer; interval only counts with a value. */
static void itimer_set(struct proc_timers *pt, int which, int64_t value, int64_t interval)
{
    if (which == ITIMER_REAL) {
        hrtimer_cancel(&pt->real);
        pt->real_interval = value ? interval : 0;
        if (value)
            hrtimer_start(&pt->real, ktime_get_ns() + (uint64_t)value);
        return;
    }
    int i = which == ITIMER_PROF;
    uint64_t u, s;
    group_cputime_ns(current, &u, &s);
    pt->cpu_expires[i] = value ? (int64_t)(i ? u + s : u) + value + TICK_NSEC : 0;
    pt->cpu_interval[i] = interval;
}

static void ns_to_tv(int64_t ns, int32_t tv[2])
{
    tv[0] = (int32_t)(uint32_t)(ns / NSEC_PER_SEC);   /* cut as a 64-bit Linux does for 32-bit programs */
    tv[1] = (int32_t)(ns % NSEC_PER_SEC / NSEC_PER_USEC);
}

/* Returns the seconds that were left, rounded to the nearest (a fraction
 * of one is 1), as Linux's alarm_setitimer. */
long sys_alarm(uint32_t seconds)
{
    struct proc_timers *pt = proc_timers_get(current);
    if (!pt)
        return -ENOMEM;
    uint32_t f = irq_save();
    int64_t v, iv;
    itimer_get(pt, ITIMER_REAL, &v, &iv);
    itimer_set(pt, ITIMER_REAL, (int64_t)seconds * NSEC_PER_SEC, 0);
    irq_restore(f);
    int64_t sec = v / NSEC_PER_SEC, frac = v % NSEC_PER_SEC;
    if ((!sec && frac) || frac >= NSEC_PER_SEC / 2)
        sec++;
    return (long)(uint32_t)sec;
}

long sys_getitimer(int which, void *value)
{
    if (which != ITIMER_REAL && which != ITIMER_VIRTUAL && which != ITIMER_PROF)
        return -EINVAL;
    int64_t v, iv;
    uint32_t f = irq_save();
    itimer_get(current->group_leader->ptimers, which, &v, &iv);
    irq_restore(f);
    int32_t out[4];
    ns_to_tv(iv, out);
    ns_to_tv(v, out + 2);
    return copy_to_user(value, out, sizeof out);
}

long sys_setitimer(int which, const void *value, void *ovalue)
{
    int32_t in[4] = { 0, 0, 0, 0 };
    if (value && copy_from_user(in, value, sizeof in))
        return -EFAULT;
    if (in[1] < 0 || in[1] >= 1000000 || in[3] < 0 || in[3] >= 1000000 || in[0] < 0 || in[2] < 0)
        return -EINVAL;
    if (which != ITIMER_REAL && which != ITIMER_VIRTUAL && which != ITIMER_PROF)
        return -EINVAL;
    struct proc_timers *pt = proc_timers_get(current);
    if (!pt)
        return -ENOMEM;
    int64_t ov, oiv;
    uint32_t f = irq_save();
    itimer_get(pt, which, &ov, &oiv);
    itimer_set(pt, which, (int64_t)in[2] * NSEC_PER_SEC + (int64_t)in[3] * NSEC_PER_USEC,
               (int64_t)in[0] * NSEC_PER_SEC + (int64_t)in[1] * NSEC_PER_USEC);
    irq_restore(f);
    if (!ovalue)
        return 0;
    int32_t out[4];
    ns_to_tv(oiv, out);
    ns_to_tv(ov, out + 2);
    return copy_to_user(ovalue, out, sizeof out);
}
