/* The cgroup v2 freezer and cgroup.kill (cgroup.h), as Linux 6.1's: a
 * group that freezes (it or an ancestor wrote 1 to cgroup.freeze) marks
 * each of its tasks JOBCTL_TRAP_FREEZE, which signal_pending() sees; on
 * its way back to user mode the task sleeps in cgroup_freezer_trap, a
 * stop the freezer owns (SIGCONT does not end it, SIGKILL does), until
 * the group thaws. The group is "frozen" in cgroup.events once every
 * task in it and below sleeps there (or is stopped or traced). */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/signal.h"
#include "kernel/cgroup/cgroup.h"

static bool task_in_group(const struct task *t, const struct cgroup *cg)
{
    return t->state != TASK_UNUSED && t->state != TASK_ZOMBIE && !t->exiting && task_cgroup(t) == cg;
}

/* Every live task of cg itself is asleep in the trap (or stopped). */
static bool tasks_frozen(const struct cgroup *cg)
{
    for (int i = 1; i < task_slots_used(); i++) {
        const struct task *t = &tasks[i];
        if (task_in_group(t, cg) && !t->cg_frozen && t->state != TASK_STOPPED && t->state != TASK_TRACED)
            return false;
    }
    return true;
}

static bool compute_frozen(const struct cgroup *cg)
{
    if (!cg->e_freeze || (cg->nr_tasks && !tasks_frozen(cg)))
        return false;
    for (const struct cgroup *c = cg->children; c; c = c->sibling)
        if (!c->frozen)
            return false;
    return true;
}

void cgroup_update_frozen(struct cgroup *cg)
{
    for (; cg && cg->parent; cg = cg->parent) {
        bool frozen = compute_frozen(cg);
        if (frozen == cg->frozen)
            return;
        cg->frozen = frozen;
        cgroup_events_notify(cg, CGF_EVENTS);
    }
}

/* t is to sleep in the trap (freeze) or to leave it: woken from an
 * interruptible sleep to notice, as Linux's signal_wake_up. */
static void task_set_freeze(struct task *t, bool freeze)
{
    if (freeze) {
        t->jobctl |= JOBCTL_TRAP_FREEZE;
        if (t->state == TASK_INTERRUPTIBLE)
            wake_task(t);
    } else if (t->jobctl & JOBCTL_TRAP_FREEZE) {
        t->jobctl &= ~JOBCTL_TRAP_FREEZE;
        if (t->cg_frozen && t->state == TASK_INTERRUPTIBLE)
            wake_task(t);
    }
}

static void freeze_tasks_of(struct cgroup *cg, bool freeze)
{
    for (int i = 1; i < task_slots_used(); i++)
        if (task_in_group(&tasks[i], cg))
            task_set_freeze(&tasks[i], freeze);
}

/* Sets "frozen" of top's subtree from the bottom up (children first):
 * a postorder walk in a loop, the tree being as deep as a user made it. */
static void settle_frozen(struct cgroup *top)
{
    struct cgroup *d = top;
    while (d->children)
        d = d->children;
    for (;;) {
        bool frozen = compute_frozen(d);
        if (frozen != d->frozen) {
            d->frozen = frozen;
            cgroup_events_notify(d, CGF_EVENTS);
        }
        if (d == top)
            return;
        if (d->sibling) {
            d = d->sibling;
            while (d->children)
                d = d->children;
        } else {
            d = d->parent;
        }
    }
}

/* A write of cgroup.freeze: the subtree's effective state, its tasks
 * told, then what is frozen now (an empty group at once), up the tree. */
void cgroup_freeze_write(struct cgroup *cg, bool freeze)
{
    if (cg->freeze == freeze)
        return;
    cg->freeze = freeze;
    for (struct cgroup *d = cg; d; d = cgroup_next_pre(d, cg)) {
        bool e = d->freeze || d->parent->e_freeze;
        if (e != d->e_freeze) {
            d->e_freeze = e;
            freeze_tasks_of(d, e);
        }
    }
    settle_frozen(cg);
    cgroup_update_frozen(cg->parent);
}

/* t moves into dst: it freezes or thaws with its new group. */
void cgroup_freezer_migrate(struct task *t, struct cgroup *dst)
{
    task_set_freeze(t, dst->e_freeze);
}

/* Whether t owes its tracer a trap or its group a stop, which come
 * before the freezer's sleep (do_signal's order, Linux's get_signal). */
static bool trap_owed(const struct task *t)
{
    return (t->jobctl & (JOBCTL_TRAP_MASK | JOBCTL_STOP_REJOIN)) || t->jobctl_stop;
}

/* do_signal, JOBCTL_TRAP_FREEZE: sleeps until the group thaws. SIGKILL
 * ends the sleep and the task (Linux's fatal signal check in
 * get_signal comes before the trap); other signals wait. A trap for a
 * tracer (PTRACE_INTERRUPT, a listening tracee's notice) or a group stop
 * another thread began ends the sleep too, to be taken first and the
 * sleep begun again after it (Linux's do_freezer_trap). */
void cgroup_freezer_trap(void)
{
    struct task *t = current;
    if (task_pending(t) & SIGBIT(SIGKILL)) {
        if (!t->group_leader->group_exiting)
            t->signaled = true;
        do_group_exit(SIGKILL);
    }
    t->cg_frozen = true;
    cgroup_update_frozen(task_cgroup(t));
    cli();
    while ((t->jobctl & JOBCTL_TRAP_FREEZE) && !(task_pending(t) & SIGBIT(SIGKILL)) && !trap_owed(t)) {
        t->state = TASK_INTERRUPTIBLE;
        schedule();
    }
    sti();
    t->cg_frozen = false;
    cgroup_update_frozen(task_cgroup(t));
}

/* cgroup.kill: SIGKILL to every task in cg and below, as Linux's
 * cgroup_kill (which sends it to each process), but init, which
 * ignores a SIGKILL that is not forced (SIGNAL_UNKILLABLE). */
void cgroup_kill(struct cgroup *cg)
{
    for (int i = 1; i < task_slots_used(); i++) {
        struct task *t = &tasks[i];
        if (t->state != TASK_UNUSED && t->state != TASK_ZOMBIE && !t->exiting && t->tgid != 1 &&
            cgroup_is_descendant(task_cgroup(t), cg))
            send_sig_kernel(t, SIGKILL);
    }
}
