/* Where tasks meet their groups (cgroup.h): fork (the parent's group or
 * clone3's CLONE_INTO_CGROUP, the pids limit, CLONE_NEWCGROUP), exit
 * and reaping; cgroup namespaces (unshare, setns, their ns files in
 * fs/nsfs.c); and what /proc shows of them: /proc/<pid>/cgroup and
 * /proc/cgroups. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/mm/mm.h"
#include "kernel/cgroup/cgroup.h"
#include "kernel/user_namespace.h"
#include "fs/nsfs.h"
#include "fs/mount.h"
#include <linux/sched.h>

struct cgroup_namespace init_cgroup_ns = { .refs = 1, .inum = PROC_CGROUP_INIT_INO, .root = &cgrp_root };

void get_cgroup_ns(struct cgroup_namespace *ns)
{
    if (ns && ns != &init_cgroup_ns)
        ns->refs++;
}

void put_cgroup_ns(struct cgroup_namespace *ns)
{
    if (!ns || ns == &init_cgroup_ns || --ns->refs)
        return;
    cgroup_ns_sb_put(ns);
    cgroup_put(ns->root);
    put_user_ns(ns->user_ns);
    kfree(ns);
}

/* A namespace whose root is cg (Linux's copy_cgroup_ns), counted once,
 * owned by t's user namespace. */
static struct cgroup_namespace *cgroup_ns_new(struct cgroup *cg, const struct task *t)
{
    struct cgroup_namespace *ns = kzalloc(sizeof *ns);
    if (!ns)
        return NULL;
    ns->refs = 1;
    ns->inum = ns_alloc_inum();
    ns->root = cg;
    ns->user_ns = user_ns_owner_for(t);
    cgroup_get(cg);
    return ns;
}

/* pids: may one more task be charged to cg? Every group with the
 * controller (a pids.max file), from cg up, must have room (Linux's
 * pids_try_charge); a refusal is counted in cg's own pids.events (the
 * nearest group with the controller), as 6.1 counts it. */
static int pids_can_fork(struct cgroup *cg)
{
    for (struct cgroup *a = cg; a->parent; a = a->parent) {
        if (!cgroup_has_file(a, CGF_PIDS_MAX) || a->pids_count + 1 <= a->pids_max)
            continue;
        struct cgroup *ev = cg;
        while (ev->parent && !cgroup_has_file(ev, CGF_PIDS_EVENTS))
            ev = ev->parent;
        if (ev->parent) {
            if (ev->pids_events_max++ == 0)
                printk("cgroup: fork rejected by pids controller in %s\n", ev->name);
            cgroup_events_notify(ev, CGF_PIDS_EVENTS);
        }
        return -EAGAIN;
    }
    return 0;
}

/* CLONE_INTO_CGROUP (Linux's cgroup_css_set_fork): the directory of a
 * live group, which current may write cgroup.procs of and move the
 * child into. The group referenced, or NULL with *err. */
static struct cgroup *into_cgroup(struct task *p, const struct kernel_clone_args *a, int *err)
{
    struct cgroup *dst = cgroup_get_from_fd(a->cgroup, err);
    if (!dst)
        return NULL;
    if (!dst->files[CGF_PROCS])
        *err = -ENOENT;
    else if (!(*err = inode_permission(dst->files[CGF_PROCS], MAY_WRITE)))
        *err = cgroup_attach_permissions(task_cgroup(p), dst, !(a->flags & CLONE_THREAD), task_cgroup_ns(p));
    if (*err) {
        cgroup_put(dst);
        return NULL;
    }
    return dst;
}

int cgroup_can_fork(struct task *p, struct task *c, const struct kernel_clone_args *a)
{
    struct cgroup *cg = task_cgroup(p);
    int err = 0;
    if (a->flags & CLONE_INTO_CGROUP) {
        if (!(cg = into_cgroup(p, a, &err)))
            return err;
    } else if (cg != &cgrp_root) {
        cgroup_get(cg);
    }
    struct cgroup_namespace *ns = task_cgroup_ns(p);
    if ((a->flags & CLONE_NEWCGROUP) && !(ns = cgroup_ns_new(cg, c)))   /* the child's group, */
        err = -ENOMEM;                       /* CLONE_INTO_CGROUP's too (Linux's cgroup_post_fork) */
    else if (!(a->flags & CLONE_NEWCGROUP))
        get_cgroup_ns(ns);
    if (!err && (err = pids_can_fork(cg)) < 0)
        put_cgroup_ns(ns);
    if (err) {
        if (cg != &cgrp_root)
            cgroup_put(cg);
        return err;
    }
    cgroup_pids_charge(cg, 1);
    c->cg_charged = true;
    c->cgroups = cg == &cgrp_root ? NULL : cg;
    c->cgroup_ns = ns == &init_cgroup_ns ? NULL : ns;
    return 0;
}

void cgroup_post_fork(struct task *c)
{
    struct cgroup *cg = task_cgroup(c);
    cgroup_task_enter(c, cg);
    if (cg->e_freeze)
        c->jobctl |= JOBCTL_TRAP_FREEZE;     /* it stops before it runs user code */
    if (cg->frozen)
        cgroup_update_frozen(cg);
}

void cgroup_exit(struct task *t)
{
    cgroup_task_leave(t);
    t->jobctl &= ~JOBCTL_TRAP_FREEZE;
    cgroup_update_frozen(task_cgroup(t));
    put_cgroup_ns(t->cgroup_ns);
    t->cgroup_ns = NULL;
}

/* Also for a child fork made and gave up: its charge and group go. */
void cgroup_release(struct task *t)
{
    if (t->cg_live)
        cgroup_task_leave(t);
    put_cgroup_ns(t->cgroup_ns);
    t->cgroup_ns = NULL;
    if (t->cg_charged)
        cgroup_pids_charge(task_cgroup(t), -1);
    t->cg_charged = false;
    if (t->cgroups)
        cgroup_put(t->cgroups);
    t->cgroups = NULL;
}

int cgroup_unshare(void)
{
    struct cgroup_namespace *ns = cgroup_ns_new(task_cgroup(current), current);
    if (!ns)
        return -ENOMEM;
    put_cgroup_ns(current->cgroup_ns);
    current->cgroup_ns = ns;
    return 0;
}

void cgroup_ns_switch(struct task *t, struct cgroup_namespace *ns)
{
    if (ns == &init_cgroup_ns)
        ns = NULL;
    put_cgroup_ns(t->cgroup_ns);
    t->cgroup_ns = ns;
}

/* Linux's proc_cgroup_show for the one v2 hierarchy: "0::PATH", the
 * path from the reader's namespace root, " (deleted)" for a removed
 * group (a zombie's). */
int proc_cgroup_show(struct task *t, char *buf, int size)
{
    struct cgroup *cg = task_cgroup(t);
    int n = snprintf(buf, size, "0::");
    n += cgroup_path_ns(cg, task_cgroup_ns(current), buf + n, n < size ? size - n : 0);
    n += snprintf(buf + n, n < size ? size - n : 0, "%s\n", cg->dead ? " (deleted)" : "");
    return MIN(n, size);
}

/* /proc/cgroups: each controller, on hierarchy 0 (the v2 one), with
 * the number of groups there. */
int proc_cgroupstats_show(char *buf, int size)
{
    int n = snprintf(buf, size, "#subsys_name\thierarchy\tnum_cgroups\tenabled\n");
    n += snprintf(buf + n, n < size ? size - n : 0, "pids\t0\t%d\t1\n", cgrp_count);
    return MIN(n, size);
}
