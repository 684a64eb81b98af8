/* I/O priorities: ioprio_get and ioprio_set as Linux 6.1's block/ioprio.c
 * answers them. A task's priority lives in its I/O context (struct
 * io_context), made by the first ioprio_set and shared by CLONE_IO; a
 * task without one has not set a priority and is served by its nice
 * value. Pipit's ramfs has no disk queue, so nothing reads the value
 * but these calls and kcmp(KCMP_IO). Called from the system-call table,
 * from fork (ioprio_fork) and from exit (ioprio_exit). */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/pid_namespace.h"
#include "kernel/syscalls.h"
#include "kernel/mm/mm.h"
#include <linux/ioprio.h>
#include <linux/sched.h>

/* A task that never set one reads IOPRIO_CLASS_NONE, data 0 (Linux's
 * IOPRIO_DEFAULT since 6.0). */
#define IOPRIO_DEFAULT 0

struct io_context {
    int refs;                                /* tasks that share it (CLONE_IO) */
    uint16_t ioprio;                         /* as set: class << 13 | data */
};

/* Whether prio names a class a request can be served in (RT, BE, IDLE). */
static bool ioprio_valid(uint16_t prio)
{
    int class = IOPRIO_PRIO_CLASS(prio);
    return class > IOPRIO_CLASS_NONE && class <= IOPRIO_CLASS_IDLE;
}

/* The raw value: what t set, or IOPRIO_DEFAULT. */
static int task_raw_ioprio(struct task *t)
{
    return t->io_context ? t->io_context->ioprio : IOPRIO_DEFAULT;
}

/* The priority t's I/O gets: what it set, else one derived from its
 * scheduling (the class from its policy, the level (nice + 20) / 5). */
static int task_effective_ioprio(struct task *t)
{
    int prio = task_raw_ioprio(t);
    if (IOPRIO_PRIO_CLASS(prio) != IOPRIO_CLASS_NONE)
        return prio;
    int class = t->policy == SCHED_IDLE ? IOPRIO_CLASS_IDLE :
                t->policy == SCHED_FIFO || t->policy == SCHED_RR ? IOPRIO_CLASS_RT :
                IOPRIO_CLASS_BE;
    return IOPRIO_PRIO_VALUE(class, (t->nice + 20) / 5);
}

/* Linux's ioprio_check_cap: the value alone, before any task is looked
 * at. RT needs CAP_SYS_ADMIN or CAP_SYS_NICE; RT and BE take levels 0-7,
 * IDLE any data, NONE only 0; classes 4-7 are -EINVAL. */
int ioprio_check_cap(int ioprio)
{
    int data = IOPRIO_PRIO_DATA(ioprio);
    switch (IOPRIO_PRIO_CLASS(ioprio)) {
    case IOPRIO_CLASS_RT:                    /* the levels are BE's */
        return !capable(CAP_SYS_NICE) && !capable(CAP_SYS_ADMIN) ? -EPERM : data >= IOPRIO_NR_LEVELS ? -EINVAL : 0;
    case IOPRIO_CLASS_BE:
        return data >= IOPRIO_NR_LEVELS ? -EINVAL : 0;
    case IOPRIO_CLASS_IDLE:
        return 0;
    case IOPRIO_CLASS_NONE:
        return data ? -EINVAL : 0;
    default:
        return -EINVAL;
    }
}

/* Sets t's priority: its real uid must be the caller's real or effective
 * uid, or the caller must have CAP_SYS_NICE (-EPERM). The context is made
 * on first use (-ENOMEM); an exiting task is left alone (0, as Linux). */
static int set_task_ioprio(struct task *t, int ioprio)
{
    if (t->uid != current->euid && t->uid != current->uid && !capable(CAP_SYS_NICE))
        return -EPERM;
    if (t->state == TASK_ZOMBIE)
        return 0;
    if (!t->io_context) {
        struct io_context *ioc = kzalloc(sizeof *ioc);
        if (!ioc)
            return -ENOMEM;
        ioc->refs = 1;
        t->io_context = ioc;
    }
    t->io_context->ioprio = (uint16_t)ioprio;
    return 0;
}

/* Whether t is one of the tasks `which` names; who 0 is the caller, its
 * process group or (uid) the given uid, see the callers. The idle task
 * never is. */
static bool ioprio_match(struct task *t, int which, int who, uint32_t uid)
{
    if (t == &tasks[0] || t->state == TASK_UNUSED || !task_visible(t))
        return false;
    if (which == IOPRIO_WHO_PGRP)
        return t->pgid == (who ? pid_from_vnr(who) : current->pgid);
    return t->uid == uid;
}

/* ioprio_set(which, who, ioprio): the value's checks first, then every
 * task named, stopping at the first refusal; -ESRCH when none is. As in
 * Linux, IOPRIO_WHO_USER with who 0 names uid 0's tasks (ioprio_get's
 * who 0 is the caller's real uid), and a negative who names nobody. */
long sys_ioprio_set(int which, int who, int ioprio)
{
    int err = ioprio_check_cap(ioprio);
    if (err)
        return err;
    if (which == IOPRIO_WHO_PROCESS) {
        struct task *t = who ? find_task_by_vpid(who) : current;
        return t ? set_task_ioprio(t, ioprio) : -ESRCH;
    }
    if (which != IOPRIO_WHO_PGRP && which != IOPRIO_WHO_USER)
        return -EINVAL;
    if (which == IOPRIO_WHO_USER && who < 0)
        return -ESRCH;
    err = -ESRCH;
    for (int i = 1; i < task_slots_used(); i++)
        if (ioprio_match(&tasks[i], which, who, (uint32_t)who)) {
            err = set_task_ioprio(&tasks[i], ioprio);
            if (err)
                break;
        }
    return err;
}

/* ioprio_get(which, who): for one task the value it set (0 if none, so a
 * program can tell "unset" apart); for a group or a user the best (the
 * lowest value) of the priorities their tasks' I/O gets. -ESRCH when no
 * task is named, -EINVAL for another `which`. */
long sys_ioprio_get(int which, int who)
{
    if (which == IOPRIO_WHO_PROCESS) {
        struct task *t = who ? find_task_by_vpid(who) : current;
        return t ? task_raw_ioprio(t) : -ESRCH;
    }
    if (which != IOPRIO_WHO_PGRP && which != IOPRIO_WHO_USER)
        return -EINVAL;
    if (which == IOPRIO_WHO_USER && who < 0)
        return -ESRCH;
    uint32_t uid = who ? (uint32_t)who : current->uid;
    long best = -ESRCH;
    for (int i = 1; i < task_slots_used(); i++)
        if (ioprio_match(&tasks[i], which, who, uid)) {
            int prio = task_effective_ioprio(&tasks[i]);
            if (best == -ESRCH || prio < best)
                best = prio;
        }
    return best;
}

/* The child's I/O context: the parent's own with CLONE_IO, else a copy
 * when the parent set a real class (one set to NONE is not inherited).
 * 0 or -ENOMEM. */
int ioprio_fork(struct task *p, struct task *c, uint32_t flags)
{
    struct io_context *ioc = p->io_context;
    c->io_context = NULL;
    if (!ioc)
        return 0;
    if (flags & CLONE_IO) {
        ioc->refs++;
        c->io_context = ioc;
    } else if (ioprio_valid(ioc->ioprio)) {
        c->io_context = kzalloc(sizeof *ioc);
        if (!c->io_context)
            return -ENOMEM;
        c->io_context->refs = 1;
        c->io_context->ioprio = ioc->ioprio;
    }
    return 0;
}

/* t lets go of its I/O context at exit; the last sharer frees it. */
void ioprio_exit(struct task *t)
{
    struct io_context *ioc = t->io_context;
    t->io_context = NULL;
    if (ioc && --ioc->refs == 0)
        kfree(ioc);
}
