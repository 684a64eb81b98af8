/* The UTS, IPC and time namespaces of a task (Linux keeps them, with
 * the others, in task->nsproxy; Pipit in fields beside mnt_ns): clone
 * gives the child the parent's or new ones, exit lets go of them. The
 * mount namespace is fs/'s (fs_fork, fs_exit), the network one net/'s
 * (net_ns_fork, net/net_namespace.c); unshare and setns are in
 * kernel/unshare.c. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/user_namespace.h"
#include "kernel/pid_namespace.h"
#include "kernel/utsname.h"
#include "fs/mount.h"
#include "ipc/namespace.h"
#include "kernel/time_namespace.h"
#include "kernel/mm/vdso.h"
#include "net/net_namespace.h"
#include "kernel/nsproxy.h"
#include <linux/sched.h>

/* The child's time namespaces (Linux's copy_time_ns and timens_on_fork):
 * its children's is the parent's, or with CLONE_NEWTIME a new one with
 * its offsets; a child with memory of its own enters that one, a thread
 * or a CLONE_VM child stays in the parent's (an address space's tasks
 * share one). 0 or -ENOMEM with nothing taken. */
static int time_ns_fork(struct task *p, struct task *c, uint64_t flags)
{
    struct time_namespace *children = p->time_ns_for_children;
    if ((flags & CLONE_NEWTIME) && !(children = copy_time_ns(task_time_ns_for_children(p))))
        return -ENOMEM;
    if (!(flags & CLONE_NEWTIME))
        get_time_ns(children);
    c->time_ns_for_children = children;
    c->time_ns = p->time_ns;
    get_time_ns(c->time_ns);
    if (!(flags & CLONE_VM) && task_time_ns_for_children(c) != task_time_ns(c)) {
        get_time_ns(task_time_ns_for_children(c));
        timens_enter(c, task_time_ns_for_children(c));   /* its copy of the memory too */
    }
    return 0;
}

/* The namespaces flags made for t are owned by its user namespace
 * (Linux's create_new_namespaces passes it down). */
void ns_set_owners(struct task *t, uint64_t flags)
{
    if (flags & CLONE_NEWUTS)
        t->uts_ns->user_ns = user_ns_owner_for(t);
    if (flags & CLONE_NEWIPC)
        t->ipc_ns->user_ns = user_ns_owner_for(t);
    if (flags & CLONE_NEWTIME)
        t->time_ns_for_children->user_ns = user_ns_owner_for(t);
    if ((flags & CLONE_NEWPID) && !task_active_pid_ns(t)->user_ns)   /* clone: t is in it */
        task_active_pid_ns(t)->user_ns = user_ns_owner_for(t);
}

void mnt_ns_set_owner(struct mnt_namespace *ns, struct mnt_namespace *from, struct task *t)
{
    ns->user_ns = user_ns_owner_for(t);
    if (ns->user_ns != from->user_ns)
        mnt_ns_lock_tree(ns);
}

/* Linux's copy_creds (a new user namespace) and copy_namespaces for
 * these, the flags already checked (CAP_SYS_ADMIN; not CLONE_NEWIPC with
 * CLONE_SYSVSEM). 0, create_user_ns's -ENOSPC or -EPERM, or -ENOMEM,
 * with nothing taken but the child's user namespace (task_free's). */
int ns_fork(struct task *p, struct task *c, uint64_t flags)
{
    struct uts_namespace *uts = p->uts_ns;
    struct ipc_namespace *ipc = p->ipc_ns;
    int r = user_ns_fork(p, c, flags);
    if (r)
        return r;
    if ((flags & CLONE_NEWUTS) && !(uts = copy_uts_ns(task_uts_ns(p))))
        return -ENOMEM;
    if ((flags & CLONE_NEWIPC) && !(ipc = create_ipc_ns())) {
        if (flags & CLONE_NEWUTS)
            put_uts_ns(uts);
        return -ENOMEM;
    }
    if (time_ns_fork(p, c, flags) < 0) {
        if (flags & CLONE_NEWUTS)
            put_uts_ns(uts);
        if (flags & CLONE_NEWIPC)
            put_ipc_ns(ipc);
        return -ENOMEM;
    }
    if (!(flags & CLONE_NEWUTS))
        get_uts_ns(uts);
    if (!(flags & CLONE_NEWIPC))
        get_ipc_ns(ipc);
    c->uts_ns = uts;
    c->ipc_ns = ipc;
    if (net_ns_fork(p, c, flags) < 0) {     /* network: net/net_namespace.c */
        ns_exit(c);
        return -ENOMEM;
    }
    ns_set_owners(c, flags);
    if (flags & CLONE_NEWNS)                 /* (fs_fork's copy of p's tree) */
        mnt_ns_set_owner(c->mnt_ns, p->mnt_ns ? p->mnt_ns : &init_mnt_ns, c);
    return 0;
}

/* t lets go of its namespaces (do_exit, after its memory: its shm
 * attachments hold their namespace themselves); the last user of an IPC
 * namespace destroys its objects. */
void ns_exit(struct task *t)
{
    put_uts_ns(t->uts_ns);
    t->uts_ns = NULL;
    put_ipc_ns(t->ipc_ns);
    t->ipc_ns = NULL;
    put_time_ns(t->time_ns);
    t->time_ns = NULL;
    put_time_ns(t->time_ns_for_children);
    t->time_ns_for_children = NULL;
    put_net(t->net_ns);
    t->net_ns = NULL;
}

/* t's namespaces become uts and ipc, which the caller has counted for
 * it (the initial ones are kept as NULL, uncounted). */
void ns_switch(struct task *t, struct uts_namespace *uts, struct ipc_namespace *ipc)
{
    if (uts == &init_uts_ns) {
        put_uts_ns(uts);
        uts = NULL;
    }
    if (ipc == &init_ipc_ns) {
        put_ipc_ns(ipc);
        ipc = NULL;
    }
    put_uts_ns(t->uts_ns);
    t->uts_ns = uts;
    put_ipc_ns(t->ipc_ns);
    t->ipc_ns = ipc;
}
