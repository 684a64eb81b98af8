/* CPU time in nanoseconds, as Linux keeps it (tick-based accounting):
 * how long a task ran is exact, measured at every switch (sum_exec_ns,
 * by cputime_switch in proc.h);
 * how that time divides into user and system time is sampled by the
 * tick, which counts where it found the task (utime_ticks, stime_ticks),
 * and the exact total is split in that proportion when asked for
 * (Linux's cputime_adjust). So a system call costs no clock read. The
 * idle task's time is the idle time. Dead threads' time stays with the
 * group leader (dead_utime_ns/dead_stime_ns). */
#include "kernel/kernel.h"
#include "kernel/x86.h"
#include "kernel/proc.h"
#include "kernel/time.h"
#include "kernel/mm/uaccess.h"
#include "kernel/syscalls.h"
#include <linux/resource.h>

/* The tick found current in user mode or in the kernel. */
void cputime_tick(struct task *t, bool user_mode)
{
    if (user_mode)
        t->utime_ticks++;
    else
        t->stime_ticks++;
}

/* rtime * part / total without overflow (part <= total < 2^32). */
static uint64_t scale(uint64_t rtime, uint32_t part, uint32_t total)
{
    return rtime / total * part + rtime % total * part / total;
}

/* t's run time split into user and system time by its ticks. Neither
 * part ever goes back (prev_utime_ns/prev_stime_ns), as Linux's. */
uint64_t task_cputime_ns(struct task *t, uint64_t *user, uint64_t *sys)
{
    uint32_t f = irq_save();
    uint64_t rtime = t->sum_exec_ns;
    if (t == current) {
        uint64_t now = ktime_get_ns();
        rtime += now > t->cpu_stamp ? now - t->cpu_stamp : 0;
    }
    if (rtime > t->prev_utime_ns + t->prev_stime_ns) {
        uint32_t ut = t->utime_ticks, st = t->stime_ticks;
        uint64_t s = !st ? 0 : !ut ? rtime : scale(rtime, st, ut + st);
        if (s < t->prev_stime_ns)
            s = t->prev_stime_ns;
        uint64_t u = rtime - s;
        if (u < t->prev_utime_ns) {
            u = t->prev_utime_ns;
            s = rtime - u;
        }
        t->prev_utime_ns = u;
        t->prev_stime_ns = s;
    }
    uint64_t u = t->prev_utime_ns, s = t->prev_stime_ns;
    irq_restore(f);
    if (user) *user = u;
    if (sys) *sys = s;
    return u + s;
}

/* The same for t's whole thread group, the dead threads included. */
uint64_t group_cputime_ns(struct task *t, uint64_t *user, uint64_t *sys)
{
    struct task *l = t->group_leader;
    uint64_t u = l->dead_utime_ns, s = l->dead_stime_ns;
    for (int i = 0, n = task_slots_used(); i < n; i++) {
        struct task *x = &tasks[i];
        if (x->state == TASK_UNUSED || x->group_leader != l || x == &tasks[0])
            continue;
        uint64_t xu, xs;
        task_cputime_ns(x, &xu, &xs);
        u += xu;
        s += xs;
    }
    if (user) *user = u;
    if (sys) *sys = s;
    return u + s;
}

void cputime_reap(struct task *parent, struct task *c, uint64_t cpu[2])
{
    uint64_t u, s;
    group_cputime_ns(c, &u, &s);
    cpu[0] = u + c->cutime_ns;
    cpu[1] = s + c->cstime_ns;
    parent->cutime_ns += cpu[0];
    parent->cstime_ns += cpu[1];
}

/* The 32-bit struct rusage: the two times as timevals, the rest 0. */
int rusage_to_user(void *u, uint64_t user_ns, uint64_t sys_ns)
{
    int32_t ru[18] = { 0 };
    ru[0] = (int32_t)(user_ns / NSEC_PER_SEC);
    ru[1] = (int32_t)(user_ns % NSEC_PER_SEC / NSEC_PER_USEC);
    ru[2] = (int32_t)(sys_ns / NSEC_PER_SEC);
    ru[3] = (int32_t)(sys_ns % NSEC_PER_SEC / NSEC_PER_USEC);
    return copy_to_user(u, ru, sizeof ru) ? -EFAULT : 0;
}

/* getrusage: the process (dead threads too), the thread, or the
 * children waited for (and theirs). EINVAL for another who. */
long sys_getrusage(int who, void *ru)
{
    uint64_t u, s;
    struct task *l = current->group_leader;
    if (who == RUSAGE_SELF)
        group_cputime_ns(current, &u, &s);
    else if (who == RUSAGE_THREAD)
        task_cputime_ns(current, &u, &s);
    else if (who == RUSAGE_CHILDREN)
        u = l->cutime_ns, s = l->cstime_ns;
    else
        return -EINVAL;
    return rusage_to_user(ru, u, s);
}
