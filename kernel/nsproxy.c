/* The UTS and IPC namespaces of a task (Linux keeps them, with the
 * others, in task->nsproxy; Pipit in two fields beside mnt_ns): clone
 * gives the child the parent's or new ones, exit lets go of them. The
 * mount namespace is fs/'s (fs_fork, fs_exit); unshare and setns are in
 * kernel/unshare.c. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/utsname.h"
#include "ipc/namespace.h"
#include <linux/sched.h>

/* Linux's copy_namespaces for these two, the flags already checked
 * (root only; not CLONE_NEWIPC with CLONE_SYSVSEM). 0 or -ENOMEM with
 * nothing taken. */
int ns_fork(struct task *p, struct task *c, uint64_t flags)
{
    struct uts_namespace *uts = p->uts_ns;
    struct ipc_namespace *ipc = p->ipc_ns;
    if ((flags & CLONE_NEWUTS) && !(uts = copy_uts_ns(task_uts_ns(p))))
        return -ENOMEM;
    if ((flags & CLONE_NEWIPC) && !(ipc = create_ipc_ns())) {
        if (flags & CLONE_NEWUTS)
            put_uts_ns(uts);
        return -ENOMEM;
    }
    if (!(flags & CLONE_NEWUTS))
        get_uts_ns(uts);
    if (!(flags & CLONE_NEWIPC))
        get_ipc_ns(ipc);
    c->uts_ns = uts;
    c->ipc_ns = ipc;
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
