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
#include "kernel/mm/vm.h"
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

/* The most pages t's process ever had resident: its images gone and now. */
static uint32_t process_maxrss(struct task *t)
{
    return MAX(t->group_leader->maxrss, t->mm ? t->mm->hiwater_rss : 0);
}

/* The counts of t's process: its live threads' and its ended threads'. */
void group_usage(struct task *t, struct rusage_k *r)
{
    struct task *l = t->group_leader;
    group_cputime_ns(t, &r->utime_ns, &r->stime_ns);
    r->maxrss = process_maxrss(t);
    r->min_flt = l->dead_min_flt;
    r->nvcsw = l->dead_nvcsw;
    r->nivcsw = l->dead_nivcsw;
    for (int i = 1, n = task_slots_used(); i < n; i++) {
        struct task *x = &tasks[i];
        if (x->state == TASK_UNUSED || x->group_leader != l)
            continue;
        r->min_flt += x->min_flt;
        r->nvcsw += x->nvcsw;
        r->nivcsw += x->nivcsw;
    }
}

void children_usage(struct task *t, struct rusage_k *r)
{
    struct task *l = t->group_leader;
    *r = (struct rusage_k){ l->cutime_ns, l->cstime_ns, l->cmin_flt, l->cnvcsw, l->cnivcsw, l->cmaxrss };
}

/* What t's process and its children waited for used (Linux's RUSAGE_BOTH). */
void usage_both(struct task *t, struct rusage_k *r)
{
    struct rusage_k ch;
    group_usage(t, r);
    children_usage(t, &ch);
    r->utime_ns += ch.utime_ns;
    r->stime_ns += ch.stime_ns;
    r->min_flt += ch.min_flt;
    r->nvcsw += ch.nvcsw;
    r->nivcsw += ch.nivcsw;
    r->maxrss = MAX(r->maxrss, ch.maxrss);   /* the most of the process's and its children's */
}

void cputime_reap(struct task *parent, struct task *c, struct rusage_k *r)
{
    usage_both(c, r);
    parent->cmaxrss = MAX(parent->cmaxrss, r->maxrss);
    parent->cutime_ns += r->utime_ns;
    parent->cstime_ns += r->stime_ns;
    parent->cmin_flt += r->min_flt;
    parent->cnvcsw += r->nvcsw;
    parent->cnivcsw += r->nivcsw;
}

/* The 32-bit struct rusage: the times as timevals, ru_maxrss in KiB,
 * ru_minflt, ru_nvcsw and ru_nivcsw; the rest 0 as on a Linux without
 * disks. */
int rusage_to_user(void *u, const struct rusage_k *r)
{
    int32_t ru[18] = { 0 };
    ru[0] = (int32_t)(r->utime_ns / NSEC_PER_SEC);
    ru[1] = (int32_t)(r->utime_ns % NSEC_PER_SEC / NSEC_PER_USEC);
    ru[2] = (int32_t)(r->stime_ns / NSEC_PER_SEC);
    ru[3] = (int32_t)(r->stime_ns % NSEC_PER_SEC / NSEC_PER_USEC);
    ru[4] = (int32_t)(r->maxrss * (PAGE_SIZE / 1024));
    ru[8] = (int32_t)r->min_flt;
    ru[16] = (int32_t)r->nvcsw;
    ru[17] = (int32_t)r->nivcsw;
    return copy_to_user(u, ru, sizeof ru) ? -EFAULT : 0;
}

/* getrusage: the process (ended threads too), the thread, or the
 * children waited for (and theirs). EINVAL for another who. */
long sys_getrusage(int who, void *ru)
{
    struct rusage_k r;
    if (who == RUSAGE_SELF) {
        group_usage(current, &r);
    } else if (who == RUSAGE_THREAD) {
        task_cputime_ns(current, &r.utime_ns, &r.stime_ns);
        r.maxrss = process_maxrss(current);
        r.min_flt = current->min_flt;
        r.nvcsw = current->nvcsw;
        r.nivcsw = current->nivcsw;
    } else if (who == RUSAGE_CHILDREN) {
        children_usage(current, &r);
    } else {
        return -EINVAL;
    }
    return rusage_to_user(ru, &r);
}
