/* unshare(2) and setns(2). unshare: parts of the caller that clone
 * shared with others become its own, as Linux 6.1's ksys_unshare: the
 * cwd and umask (CLONE_FS, in fs/fd.c), the descriptor table
 * (CLONE_FILES), the System V semaphore undo list (CLONE_SYSVSEM: let go
 * of as at exit, so applied if no other task shares it), the mount tree
 * (CLONE_NEWNS: a copy of it, fs/namespace.c), the host name
 * (CLONE_NEWUTS), the IPC objects (CLONE_NEWIPC: a namespace with none),
 * the network (CLONE_NEWNET: net/net_namespace.c), the children's clocks
 * (CLONE_NEWTIME: a namespace the caller's children are born into),
 * their pids (CLONE_NEWPID, the same; kernel/pid_namespace.c) and the
 * cgroup root (CLONE_NEWCGROUP: its group, kernel/cgroup/). Those are
 * all of Linux 6.1's kinds (docs/decisions.md 49, 70). setns: joins the
 * namespaces of an ns file (fs/nsfs.c) or of a pidfd's process. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/user_namespace.h"
#include "kernel/syscalls.h"
#include "kernel/mm/vm.h"
#include "fs/vfs.h"
#include "fs/mount.h"
#include "ipc/sem.h"
#include "kernel/pidfd.h"
#include "kernel/nsproxy.h"
#include "kernel/utsname.h"
#include "ipc/namespace.h"
#include "ipc/shm.h"
#include "fs/nsfs.h"
#include "kernel/time_namespace.h"
#include "kernel/cgroup/cgroup.h"
#include "kernel/pid_namespace.h"
#include "net/net_namespace.h"
#include <linux/sched.h>

#define UNSHARE_KNOWN (CLONE_THREAD | CLONE_FS | CLONE_NEWNS | CLONE_SIGHAND | CLONE_VM | \
                       CLONE_FILES | CLONE_SYSVSEM | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET | \
                       CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWCGROUP | CLONE_NEWTIME)
#define UNSHARE_NS (CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET | CLONE_NEWPID | \
                    CLONE_NEWCGROUP | CLONE_NEWTIME)

/* Linux's check_unshare_flags: unknown flags, and a thread group, signal
 * actions or an address space that is shared (these cannot be
 * unshared, only found not shared): 0 or -EINVAL. */
static long unshare_check(uint32_t flags)
{
    if (flags & ~UNSHARE_KNOWN)
        return -EINVAL;
    if ((flags & (CLONE_THREAD | CLONE_SIGHAND | CLONE_VM)) && thread_count(current) > 1)
        return -EINVAL;
    if ((flags & (CLONE_SIGHAND | CLONE_VM)) && current->sighand->refs > 1)
        return -EINVAL;
    if ((flags & CLONE_VM) && current->mm->users > 1)
        return -EINVAL;
    return 0;
}

/* The namespaces asked for: Linux's unshare_nsproxy_namespaces on a
 * kernel with CONFIG_USER_NS, CONFIG_UTS_NS, CONFIG_IPC_NS,
 * CONFIG_TIME_NS, CONFIG_NET_NS and CONFIG_PID_NS but not the other
 * kinds. 0 (CAP_SYS_ADMIN in current's user namespace, or in the new
 * one it asks for, whose creator holds every capability) or -EPERM. */
static long unshare_namespaces(uint32_t flags)
{
    if (!(flags & UNSHARE_NS))
        return 0;
    if (!(flags & CLONE_NEWUSER) && !ns_capable(current_user_ns(), CAP_SYS_ADMIN))
        return -EPERM;                       /* CAP_SYS_ADMIN */
    return 0;
}

/* New UTS and IPC namespaces for the caller, as flags ask: the IPC one
 * after the caller let go of its undo list and its segments' creator
 * marks (Linux's exit_sem and exit_shm), since the old namespace's
 * arrays and segments are out of its reach; and a time namespace for
 * its children, with the offsets of the one they had (the caller stays
 * in its own). 0 or -ENOMEM. */
static long unshare_uts_ipc(uint32_t flags)
{
    struct uts_namespace *uts = current->uts_ns;
    struct ipc_namespace *ipc = current->ipc_ns;
    struct time_namespace *time = NULL;
    if ((flags & CLONE_NEWTIME) && !(time = copy_time_ns(task_time_ns_for_children(current))))
        return -ENOMEM;
    if ((flags & CLONE_NEWUTS) && !(uts = copy_uts_ns(task_uts_ns(current)))) {
        put_time_ns(time);
        return -ENOMEM;
    }
    if ((flags & CLONE_NEWIPC) && !(ipc = create_ipc_ns())) {
        if (flags & CLONE_NEWUTS)
            put_uts_ns(uts);
        put_time_ns(time);
        return -ENOMEM;
    }
    if (time) {
        put_time_ns(current->time_ns_for_children);
        current->time_ns_for_children = time;
    }
    if (flags & (CLONE_SYSVSEM | CLONE_NEWIPC))
        sem_exit(current);                   /* as at exit: the last sharer applies the list */
    if (flags & CLONE_NEWIPC)
        shm_exit(current);
    if (!(flags & CLONE_NEWUTS))
        get_uts_ns(uts);
    if (!(flags & CLONE_NEWIPC))
        get_ipc_ns(ipc);
    ns_switch(current, uts, ipc);
    return 0;
}

/* unshare(2): the implied flags first (a user namespace brings the
 * thread group and CLONE_FS, an address space the signal actions, those
 * the thread group, a mount namespace CLONE_FS), then the checks, then
 * each part made the caller's own. 0, -EINVAL, -EPERM or -ENOMEM. */
long sys_unshare(uint32_t flags)
{
    if (flags & CLONE_NEWUSER)
        flags |= CLONE_THREAD | CLONE_FS;
    if (flags & CLONE_VM)
        flags |= CLONE_SIGHAND;
    if (flags & CLONE_SIGHAND)
        flags |= CLONE_THREAD;
    if (flags & CLONE_NEWNS)
        flags |= CLONE_FS;
    long r = unshare_check(flags);
    if (!r)
        r = unshare_namespaces(flags);
    if (!r && (flags & CLONE_NEWPID) && task_pid_ns_for_children(current) != task_active_pid_ns(current))
        r = -EINVAL;                         /* Linux's copy_pid_ns: once until a child is in it */
    if (!r && (flags & CLONE_FS))
        r = fs_unshare_fs(current);
    if (!r && (flags & CLONE_FILES))
        r = fs_unshare_files(current);
    if (!r && (flags & CLONE_NEWUSER))
        r = create_user_ns();                /* before the others: it owns them */
    struct pid_namespace *pid_ns = NULL;
    if (!r && (flags & CLONE_NEWPID)) {
        int err;
        if (!(pid_ns = create_pid_ns(task_active_pid_ns(current), &err)))
            r = err;
        else
            pid_ns->user_ns = user_ns_owner_for(current);
    }
    if (!r && (flags & CLONE_NEWNET))
        r = net_ns_unshare();                /* net/net_namespace.c */
    if (!r && (flags & CLONE_NEWNS)) {       /* a copy of the tree, the caller's alone */
        struct mnt_namespace *ns = copy_mnt_ns(current_mnt_ns(), current->fs);
        if (!ns) {
            r = -ENOMEM;
        } else {
            mnt_ns_set_owner(ns, current_mnt_ns(), current);
            put_mnt_ns(current->mnt_ns);
            current->mnt_ns = ns;
        }
    }
    if (!r && (flags & CLONE_NEWCGROUP))
        r = cgroup_unshare();
    if (!r)
        r = unshare_uts_ipc(flags);
    if (!r)
        ns_set_owners(current, flags & (CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWTIME));
    if (!r && pid_ns) {                      /* the caller's children are born into it */
        put_pid_ns(current->pid_ns_for_children);
        current->pid_ns_for_children = pid_ns;
    } else {
        put_pid_ns(pid_ns);
    }
    return r;
}

/* The namespaces a setns joins, all checked before any is joined
 * (Linux's nsset): each referenced, NULL where unchanged. */
struct nsset {
    struct user_namespace *user;             /* joined first: the others' checks are
                                                against it (Linux's nsset->cred) */
    struct mnt_namespace *mnt;
    struct uts_namespace *uts;
    struct ipc_namespace *ipc;
    struct time_namespace *time;
    struct cgroup_namespace *cgroup;
    struct pid_namespace *pid;
    struct net *net;
};

/* Whether the caller may join namespace ns of kind type (Linux's
 * ops->install checks): 0, -EPERM (no CAP_SYS_ADMIN in the namespace's
 * owner and in the caller's user namespace, set's if it joins one),
 * -EINVAL (a mount namespace with cwd and root shared, a detached
 * tree's; userns_may_install's), -EUSERS (a time namespace, and the
 * caller's memory is shared: Linux's current_is_single_threaded). The
 * kinds Pipit has one of each change nothing when joined. */
static long setns_check(int type, void *ns, struct nsset *set)
{
    struct user_namespace *mine = set->user ? set->user : current_user_ns();
    struct user_namespace *owner = ns_owner(type, ns);
    switch (type) {
    case CLONE_NEWUSER:
        return userns_may_install(ns);
    case CLONE_NEWTIME:
        if (thread_count(current) > 1 || current->mm->users > 1)
            return -EUSERS;
        break;
    case CLONE_NEWPID: {                     /* Linux's pidns_install: own or below */
        struct pid_namespace *new = ns, *active = task_active_pid_ns(current);
        if (!ns_capable(pid_ns_owner(new), CAP_SYS_ADMIN) || !ns_capable(mine, CAP_SYS_ADMIN))
            return -EPERM;
        return new->level >= active->level && pid_ns_within(new, active) ? 0 : -EINVAL;
    }
    case CLONE_NEWNS:
        if (!ns_capable(owner, CAP_SYS_ADMIN) || !ns_capable(mine, CAP_SYS_CHROOT) ||
            !ns_capable(mine, CAP_SYS_ADMIN))
            return -EPERM;
        if (((struct mnt_namespace *)ns)->anon || current->fs->refs > 1)
            return -EINVAL;
        return 0;
    }
    return ns_capable(owner, CAP_SYS_ADMIN) && ns_capable(mine, CAP_SYS_ADMIN) ? 0 : -EPERM;
}

/* Adds namespace ns of kind type to set after setns_check. */
static long nsset_add(struct nsset *set, int type, void *ns)
{
    long r = setns_check(type, ns, set);
    if (r)
        return r;
    if (type == CLONE_NEWUSER) {
        set->user = ns;
        get_user_ns(set->user);
    } else if (type == CLONE_NEWNS) {
        set->mnt = ns;
        get_mnt_ns(set->mnt);
    } else if (type == CLONE_NEWUTS) {
        set->uts = ns;
        get_uts_ns(set->uts);
    } else if (type == CLONE_NEWIPC) {
        set->ipc = ns;
        get_ipc_ns(set->ipc);
    } else if (type == CLONE_NEWTIME) {
        set->time = ns;
        get_time_ns(set->time);
    } else if (type == CLONE_NEWCGROUP) {
        set->cgroup = ns;
        get_cgroup_ns(set->cgroup);
    } else if (type == CLONE_NEWPID) {
        set->pid = ns;
        get_pid_ns(set->pid);
    } else if (type == CLONE_NEWNET) {
        set->net = ns;
        get_net(set->net);
    }
    return 0;
}

static void nsset_put(struct nsset *set)
{
    if (set->mnt)
        put_mnt_ns(set->mnt);
    put_user_ns(set->user);
    put_uts_ns(set->uts);
    put_ipc_ns(set->ipc);
    put_time_ns(set->time);
    put_cgroup_ns(set->cgroup);
    put_pid_ns(set->pid);
    put_net(set->net);
}

/* The caller joins what set holds (Linux's commit_nsset): a mount
 * namespace with its root and cwd at that tree's "/" (mntns_install);
 * an IPC namespace after letting go of its undo list (ipcns_install);
 * a time namespace as its own and its children's, its clocks at once
 * (timens_install, timens_commit). */
static void nsset_commit(struct nsset *set)
{
    if (set->user) {
        userns_install(set->user);
        put_user_ns(set->user);
    }
    if (set->mnt) {
        put_mnt_ns(current->mnt_ns);
        current->mnt_ns = set->mnt;
        if (set->mnt == &init_mnt_ns) {      /* NULL is the initial one (fs/mount.h) */
            put_mnt_ns(set->mnt);
            current->mnt_ns = NULL;
        }
        struct mount *root = ns_root_mount();
        set_fs_root(current->fs, NULL, NULL);    /* (NULL: the tree's root) */
        inode_get(root->mnt_root);
        set_fs_pwd(current->fs, root->mnt_root, root);
    }
    if (set->ipc)
        sem_exit(current);
    if (set->uts || set->ipc) {
        struct uts_namespace *uts = set->uts ? set->uts : current->uts_ns;
        struct ipc_namespace *ipc = set->ipc ? set->ipc : current->ipc_ns;
        if (!set->uts)
            get_uts_ns(uts);
        if (!set->ipc)
            get_ipc_ns(ipc);
        ns_switch(current, uts, ipc);
    }
    if (set->time) {
        get_time_ns(set->time);
        put_time_ns(current->time_ns_for_children);
        current->time_ns_for_children = set->time == &init_time_ns ? NULL : set->time;
        if (set->time == &init_time_ns)
            put_time_ns(set->time);
        timens_enter(current, set->time);
    }
    if (set->cgroup)
        cgroup_ns_switch(current, set->cgroup);
    if (set->pid) {                          /* for the caller's children */
        put_pid_ns(current->pid_ns_for_children);
        current->pid_ns_for_children = set->pid == &init_pid_ns ? NULL : set->pid;
    }
    if (set->net)
        net_ns_switch(current, set->net);    /* netns_install */
}

/* The namespaces of a pidfd's process that flags name, in Linux's
 * order (validate_nsset): -ESRCH (the process is gone), -EPERM (no
 * ptrace read access), then each kind's check. */
static long setns_pidfd(struct pid *pid, int flags, struct nsset *set)
{
    struct task *t = pid->task;
    if (!t || t->state == TASK_ZOMBIE || !t->fs)
        return -ESRCH;
    if (!ptrace_may_read(t))
        return -EPERM;
    long r = 0;
    if (flags & CLONE_NEWUSER)
        r = nsset_add(set, CLONE_NEWUSER, task_user_ns(t));
    if (!r && (flags & CLONE_NEWNS))
        r = nsset_add(set, CLONE_NEWNS, t->mnt_ns ? t->mnt_ns : &init_mnt_ns);
    if (!r && (flags & CLONE_NEWUTS))
        r = nsset_add(set, CLONE_NEWUTS, task_uts_ns(t));
    if (!r && (flags & CLONE_NEWIPC))
        r = nsset_add(set, CLONE_NEWIPC, task_ipc_ns(t));
    if (!r && (flags & CLONE_NEWPID))
        r = nsset_add(set, CLONE_NEWPID, task_active_pid_ns(t));
    if (!r && (flags & CLONE_NEWNET))
        r = nsset_add(set, CLONE_NEWNET, task_net(t));
    if (!r && (flags & CLONE_NEWTIME))
        r = nsset_add(set, CLONE_NEWTIME, task_time_ns(t));
    if (!r && (flags & CLONE_NEWCGROUP))
        r = nsset_add(set, CLONE_NEWCGROUP, task_cgroup_ns(t));
    return r;
}

/* setns(2): fd is an ns file (flags 0 or its kind) or a pidfd (flags:
 * the kinds to join, of those Pipit makes: mount, UTS, IPC, net, time,
 * pid, cgroup). Linux's
 * order: -EBADF, -EINVAL (flags; a descriptor that is neither), then
 * the checks of setns_pidfd and setns_check; nothing is joined unless
 * everything may be. */
long sys_setns(int fd, int flags)
{
    struct file *f = fget(fd);
    bool nonblock;
    void *ns;
    if (!f)
        return -EBADF;
    struct nsset set = { 0 };
    long r;
    int type = ns_file_type(f, &ns);
    if (type) {
        if (flags && flags != type)
            return -EINVAL;
        r = nsset_add(&set, type, ns);
    } else {
        struct pid *pid = pidfd_get_pid(fd, &nonblock);
        if (IS_ERR_PTR(pid))
            return -EINVAL;
        if (!flags || (flags & ~(UNSHARE_NS | CLONE_NEWUSER)) ||
            (flags & ~(CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWTIME | CLONE_NEWUSER |
                       CLONE_NEWNET | CLONE_NEWPID | CLONE_NEWCGROUP)))
            return -EINVAL;                  /* check_setns_flags: kinds not built */
        r = setns_pidfd(pid, flags, &set);
    }
    if (!r)
        nsset_commit(&set);                  /* the caller holds what it joined */
    else
        nsset_put(&set);
    return r;
}
