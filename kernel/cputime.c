/* CPU time in nanoseconds: each task's clock stamp moves at every kernel
 * entry from user mode, every return to it and every switch, and the
 * time between two stamps goes to user or system time. The idle task's
 * system time is the idle time. Dead threads' time stays with the group
 * leader (dead_utime_ns/dead_stime_ns) for CLOCK_PROCESS_CPUTIME_ID. */
#include "kernel/kernel.h"
#include "kernel/x86.h"
#include "kernel/proc.h"
#include "kernel/time.h"
#include "kernel/mm/uaccess.h"
#include "kernel/syscalls.h"
#include <linux/resource.h>

/* The time since t's stamp, and the stamp moved to now. */
static uint64_t since_stamp(struct task *t, uint64_t now)
{
    uint64_t d = now > t->cpu_stamp ? now - t->cpu_stamp : 0;
    t->cpu_stamp = now;
    return d;
}

/* Both run with interrupts off: an interrupt gate, then return_to_user. */
void cputime_enter_kernel(void)
{
    current->utime_ns += since_stamp(current, ktime_get_ns_irqoff());
}

void cputime_exit_kernel(void)
{
    current->stime_ns += since_stamp(current, ktime_get_ns_irqoff());
}

/* In schedule(), interrupts off: prev was in the kernel. */
void cputime_switch(struct task *prev, struct task *next)
{
    uint64_t now = ktime_get_ns_irqoff();
    prev->stime_ns += since_stamp(prev, now);
    next->cpu_stamp = now;
}

/* t's user and system time, counting the running slice of current. */
uint64_t task_cputime_ns(struct task *t, uint64_t *user, uint64_t *sys)
{
    uint32_t f = irq_save();
    uint64_t u = t->utime_ns, s = t->stime_ns;
    if (t == current) {
        uint64_t now = ktime_get_ns();
        s += now > t->cpu_stamp ? now - t->cpu_stamp : 0;
    }
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
