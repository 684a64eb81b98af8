/* POSIX timers: timer_create, timer_settime, timer_gettime,
 * timer_getoverrun, timer_delete (and the _time64 calls), per process.
 * A timer on a clock (REALTIME, MONOTONIC, BOOTTIME, TAI) runs on a
 * high-resolution timer; one on a CPU clock is checked at each tick. It
 * signals with si_code SI_TIMER; a periodic timer is re-armed when its
 * signal is taken, and the periods missed meanwhile are its overrun, as
 * Linux does. Freed at exec and when the process ends. */
#include "kernel/kernel.h"
#include "kernel/x86.h"
#include "kernel/proc.h"
#include "kernel/pid_namespace.h"
#include "kernel/time.h"
#include "kernel/signal.h"
#include "kernel/ptimers.h"
#include "kernel/mm/mm.h"
#include "kernel/mm/uaccess.h"
#include "kernel/syscalls.h"
#include "kernel/time_namespace.h"
#include <linux/time.h>

struct task *cpu_clock_task(int clk, bool gettime);
int64_t timer_forward(int64_t *expires, int64_t now, int64_t interval);

static bool cpu_clock(int clk) { return clk < 0 || clk == CLOCK_PROCESS_CPUTIME_ID || clk == CLOCK_THREAD_CPUTIME_ID; }

/* The clock a timer may run on, made explicit (a CPU clock names its
 * task's id, so that the tick reads the right one): EINVAL for none,
 * EOPNOTSUPP for the raw and coarse clocks, as Linux. */
static int timer_clock(int clk, int *out)
{
    switch (clk) {
    case CLOCK_REALTIME: case CLOCK_MONOTONIC: case CLOCK_BOOTTIME: case CLOCK_TAI:
        *out = clk;
        return 0;
    case CLOCK_MONOTONIC_RAW: case CLOCK_REALTIME_COARSE: case CLOCK_MONOTONIC_COARSE:
        return -EOPNOTSUPP;
    case CLOCK_PROCESS_CPUTIME_ID:
        *out = (int)(~(uint32_t)pid_vnr(current->tgid) << 3) | 2;
        return 0;
    case CLOCK_THREAD_CPUTIME_ID:
        *out = (int)(~(uint32_t)pid_vnr(current->pid) << 3) | 4 | 2;
        return 0;
    }
    if (clk < 0 && (clk & 7) == 3)
        return -EOPNOTSUPP;                  /* a clock by descriptor (CLOCKFD): none has timers */
    struct task *t = clk < 0 ? cpu_clock_task(clk, false) : NULL;
    if (!t)
        return -EINVAL;
    *out = (int)(~(uint32_t)pid_vnr(t->pid) << 3) | (clk & 7);
    return 0;
}

static struct k_itimer *timer_find(int id)
{
    struct proc_timers *pt = current->group_leader->ptimers;
    for (struct k_itimer *k = pt ? pt->timers : NULL; k; k = k->next)
        if (k->id == id)
            return k;
    return NULL;
}

static int64_t timer_now(struct k_itimer *k)
{
    int64_t now = 0;
    clock_read_ns(k->clock, &now);
    return now;
}

/* Starts the high-resolution timer for k's expiry on its clock. */
static void timer_arm(struct k_itimer *k)
{
    if (cpu_clock(k->clock))
        return;                              /* the tick looks (posix_cpu_timers_tick) */
    int64_t left = k->expires - timer_now(k);
    hrtimer_start(&k->timer, ktime_get_ns() + (uint64_t)(left > 0 ? left : 0));
}

/* Whether sig is pending for the group (its shared set, or a thread's
 * own: kernel/signal.c) or, with only, in that one thread. */
static bool sig_pending_in(struct task *l, struct task *only, int sig)
{
    if (!only && (l->shared_pending & SIGBIT(sig)))
        return true;
    for (int i = 1, n = task_slots_used(); i < n; i++) {
        struct task *t = &tasks[i];
        if (t->state != TASK_UNUSED && t->group_leader == l && (!only || t == only) &&
            (t->pending & SIGBIT(sig)))
            return true;
    }
    return false;
}

/* Sends k's signal; whether it is now pending (false: ignored, lost). */
static bool timer_send(struct k_itimer *k)
{
    struct task *l = k->owner->leader, *to = NULL;
    struct ksiginfo info = { .code = SI_TIMER, .pid = k->id, .uid = 0, .value = k->value,
                             .addr = k->gen };
    if (k->notify == SIGEV_THREAD_ID) {
        to = task_find(k->tid);
        if (!to || to->group_leader != l)
            return false;
        send_sig_info(to, k->signo, &info);
    } else {
        send_sig_group(l, k->signo, &info);
    }
    return sig_pending_in(l, to, k->signo);
}

/* k's time came: signal; a periodic timer waits for its signal to be
 * taken, or, when the signal was ignored, goes on a tick later at least. */
static void timer_expired(struct k_itimer *k)
{
    bool queued = timer_send(k);
    if (!k->interval) {
        k->active = false;
        return;
    }
    if (queued) {
        k->requeue = true;
        return;
    }
    int64_t now = timer_now(k);
    timer_forward(&k->expires, now + (k->interval < TICK_NSEC ? TICK_NSEC : 0), k->interval);
    timer_arm(k);
}

static void timer_fn(struct hrtimer *h)
{
    timer_expired((struct k_itimer *)((char *)h - __builtin_offsetof(struct k_itimer, timer)));
}

void posix_cpu_timers_tick(struct proc_timers *pt)
{
    for (struct k_itimer *k = pt->timers; k; k = k->next)
        if (k->active && !k->requeue && cpu_clock(k->clock) && timer_now(k) >= k->expires)
            timer_expired(k);
}

/* From dequeue_signal, in the thread that takes the signal. */
void timer_signal_taken(int sig, struct ksiginfo *info)
{
    struct proc_timers *pt = current->group_leader->ptimers;
    if (!pt)
        return;
    if (sig == SIGALRM && info->code == SI_KERNEL && pt->real_interval && !pt->real.queued) {
        int64_t e = (int64_t)pt->real.expires;
        timer_forward(&e, (int64_t)ktime_get_ns(), pt->real_interval);
        hrtimer_start(&pt->real, (uint64_t)e);
    }
    if (info->code != SI_TIMER)
        return;
    struct k_itimer *k = timer_find(info->pid);
    if (!k || !k->requeue || k->gen != info->addr || !k->interval)
        return;
    int64_t n = timer_forward(&k->expires, timer_now(k), k->interval);
    k->overrun_last = n > 1 ? n - 1 : 0;
    info->uid = (uint32_t)(k->overrun_last > 0x7FFFFFFF ? 0x7FFFFFFF : k->overrun_last);
    k->requeue = false;
    k->gen++;
    timer_arm(k);
}

/* The sigevent's checks (Linux's good_sigevent): 0 or -EINVAL. */
static int sigevent_check(struct k_itimer *k)
{
    switch (k->notify) {
    case SIGEV_THREAD_ID: {
        struct task *t = find_task_by_vpid(k->tid);
        if (!t || t->state == TASK_ZOMBIE || t->group_leader != current->group_leader)
            return -EINVAL;
        k->tid = t->pid;                     /* kept as the kernel's id */
    }   /* fall through */
    case SIGEV_SIGNAL: case SIGEV_THREAD:
        if (k->signo <= 0 || k->signo > NSIG_K)
            return -EINVAL;
        /* fall through */
    case SIGEV_NONE:
        return 0;
    }
    return -EINVAL;
}

/* An id no timer of the process has, from a counter as Linux's. */
static int timer_new_id(struct proc_timers *pt)
{
    for (;;) {
        int id = pt->next_id;
        pt->next_id = (pt->next_id + 1) & 0x7FFFFFFF;
        struct k_itimer *k = pt->timers;
        while (k && k->id != id)
            k = k->next;
        if (!k)
            return id;
    }
}

long sys_timer_create(int clk, const void *uevent, int *uid)
{
    int32_t ev[16] = { 0 };                  /* struct sigevent: 64 bytes */
    if (uevent && copy_from_user(ev, uevent, sizeof ev))
        return -EFAULT;
    int clock, r = timer_clock(clk, &clock);
    if (r)
        return r;
    struct proc_timers *pt = proc_timers_get(current);
    if (!pt || pt->ntimers >= (int)MIN(rlimit(RLIMIT_SIGPENDING), 0x10000u))
        return -EAGAIN;
    struct k_itimer *k = kzalloc(sizeof *k);
    if (!k)
        return -EAGAIN;
    k->id = timer_new_id(pt);
    k->clock = clock;
    k->owner = pt;
    k->timer.fn = timer_fn;
    k->notify = uevent ? ev[2] : SIGEV_SIGNAL;
    k->signo = uevent ? ev[1] : SIGALRM;
    k->value = uevent ? ev[0] : k->id;
    k->tid = ev[3];
    if ((uevent && sigevent_check(k)) || copy_to_user(uid, &k->id, sizeof k->id)) {
        r = uevent && sigevent_check(k) ? -EINVAL : -EFAULT;
        kfree(k);
        return r;
    }
    k->next = pt->timers;
    pt->timers = k;
    pt->ntimers++;
    return 0;
}

/* timer_gettime's view (Linux's common_timer_get): the time left, 1 ns
 * for a timer whose signal is due, 0 for one that is off or spent. */
static void timer_get(struct k_itimer *k, int64_t *value, int64_t *interval)
{
    bool none = k->notify == SIGEV_NONE;
    *interval = k->interval;
    *value = 0;
    if (!k->expires || (!k->interval && !k->active && !none))
        return;
    int64_t now = timer_now(k);
    if (k->interval && none)
        timer_forward(&k->expires, now, k->interval);
    int64_t left = k->expires - now;
    *value = left > 0 ? left : none ? 0 : 1;
}

static int get_itimerspec(const void *u, bool t64, int64_t v[4])
{
    if (get_user_timespec(u, t64, &v[0], &v[1]) ||
        get_user_timespec((const char *)u + (t64 ? 16 : 8), t64, &v[2], &v[3]))
        return -EFAULT;
    for (int i = 0; i < 4; i += 2)
        if (v[i] < 0 || v[i + 1] < 0 || v[i + 1] >= NSEC_PER_SEC)
            return -EINVAL;
    return 0;
}

static int put_itimerspec(void *u, bool t64, int64_t value, int64_t interval)
{
    struct ktime v = ns_to_ktime(value), iv = ns_to_ktime(interval);
    if (put_user_timespec(u, t64, iv.sec, iv.nsec) ||
        put_user_timespec((char *)u + (t64 ? 16 : 8), t64, v.sec, v.nsec))
        return -EFAULT;
    return 0;
}

static int64_t ts_ns(int64_t sec, int64_t nsec)
{
    return sec >= 9223372035LL ? 9223372035LL * NSEC_PER_SEC : sec * NSEC_PER_SEC + nsec;
}

static long timer_settime(int id, int flags, const void *unew, void *uold, bool t64)
{
    int64_t v[4], ov = 0, oiv = 0;
    if (!unew)
        return -EINVAL;
    int r = get_itimerspec(unew, t64, v);
    if (r)
        return r;
    uint32_t f = irq_save();
    struct k_itimer *k = timer_find(id);
    if (!k) {
        irq_restore(f);
        return -EINVAL;
    }
    timer_get(k, &ov, &oiv);
    hrtimer_cancel(&k->timer);
    k->active = k->requeue = false;
    k->gen++;
    k->overrun_last = 0;
    k->interval = 0;
    k->expires = 0;
    int64_t value = ts_ns(v[2], v[3]);
    if (value) {
        k->interval = ts_ns(v[0], v[1]);
        k->expires = (flags & TIMER_ABSTIME) ? timens_ktime_to_host(k->clock, value) : timer_now(k) + value;
        k->abs_realtime = (flags & TIMER_ABSTIME) && (k->clock == CLOCK_REALTIME || k->clock == CLOCK_TAI);
        k->expires += !k->expires;           /* 0 means off */
        k->active = k->notify != SIGEV_NONE;
        if (k->active)
            timer_arm(k);
    }
    irq_restore(f);
    return uold ? put_itimerspec(uold, t64, ov, oiv) : 0;
}

long sys_timer_settime(int id, int flags, const void *n, void *o) { return timer_settime(id, flags, n, o, false); }
long sys_timer_settime64(int id, int flags, const void *n, void *o) { return timer_settime(id, flags, n, o, true); }

static long timer_gettime(int id, void *ucur, bool t64)
{
    int64_t v, iv;
    uint32_t f = irq_save();
    struct k_itimer *k = timer_find(id);
    if (k)
        timer_get(k, &v, &iv);
    irq_restore(f);
    return k ? put_itimerspec(ucur, t64, v, iv) : -EINVAL;
}

long sys_timer_gettime(int id, void *cur) { return timer_gettime(id, cur, false); }
long sys_timer_gettime64(int id, void *cur) { return timer_gettime(id, cur, true); }

long sys_timer_getoverrun(int id)
{
    struct k_itimer *k = timer_find(id);
    if (!k)
        return -EINVAL;
    return k->overrun_last > 0x7FFFFFFF ? 0x7FFFFFFF : (long)k->overrun_last;
}

static void timer_free(struct proc_timers *pt, struct k_itimer *k)
{
    uint32_t f = irq_save();
    hrtimer_cancel(&k->timer);
    for (struct k_itimer **pp = &pt->timers; *pp; pp = &(*pp)->next)
        if (*pp == k) {
            *pp = k->next;
            break;
        }
    pt->ntimers--;
    irq_restore(f);
    kfree(k);
}

long sys_timer_delete(int id)
{
    struct k_itimer *k = timer_find(id);
    if (!k)
        return -EINVAL;
    timer_free(k->owner, k);
    return 0;
}

/* clock_settime moved CLOCK_REALTIME: the absolute timers on it follow
 * (Linux's clock_was_set); relative ones keep their monotonic time. */
void posix_timers_clock_was_set(void)
{
    uint32_t f = irq_save();
    for (int i = 1, n = task_slots_used(); i < n; i++) {
        struct proc_timers *pt = tasks[i].ptimers;
        for (struct k_itimer *k = pt ? pt->timers : NULL; k; k = k->next)
            if (k->abs_realtime && k->active && !k->requeue)
                timer_arm(k);
    }
    irq_restore(f);
}

void posix_timers_free(struct proc_timers *pt)
{
    while (pt->timers)
        timer_free(pt, pt->timers);
}

void posix_timers_exec(struct task *leader)
{
    if (leader->ptimers)
        posix_timers_free(leader->ptimers);
}
