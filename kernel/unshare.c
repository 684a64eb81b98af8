/* unshare(2) and setns(2). unshare: parts of the caller that clone
 * shared with others become its own, as Linux 6.1's ksys_unshare: the cwd and umask (CLONE_FS, in
 * fs/fd.c), the descriptor table (CLONE_FILES), the System V semaphore
 * undo list (CLONE_SYSVSEM: let go of as at exit, so applied if no
 * other task shares it), the mount tree (CLONE_NEWNS: a copy of it,
 * fs/namespace.c). Pipit has no other namespaces: they are EINVAL, as
 * on a Linux built without them (docs/decisions.md 49). */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/syscalls.h"
#include "kernel/mm/vm.h"
#include "fs/vfs.h"
#include "fs/mount.h"
#include "ipc/sem.h"
#include "kernel/pidfd.h"
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

/* The namespaces asked for: Linux's unshare_userns and
 * unshare_nsproxy_namespaces on a kernel without CONFIG_NAMESPACES'
 * parts. 0 (a new mount namespace, for root), -EINVAL or -EPERM. */
static long unshare_namespaces(uint32_t flags)
{
    if (flags & CLONE_NEWUSER)
        return -EINVAL;                      /* no CONFIG_USER_NS */
    if (!(flags & UNSHARE_NS))
        return 0;
    if (!capable(CAP_SYS_ADMIN))
        return -EPERM;                       /* CAP_SYS_ADMIN */
    if (flags & (UNSHARE_NS & ~CLONE_NEWNS))
        return -EINVAL;                      /* no UTS, IPC, NET, PID, cgroup or time namespaces */
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
    if (!r && (flags & CLONE_FS))
        r = fs_unshare_fs(current);
    if (!r && (flags & CLONE_FILES))
        r = fs_unshare_files(current);
    if (!r && (flags & CLONE_NEWNS)) {       /* a copy of the tree, the caller's alone */
        struct mnt_namespace *ns = copy_mnt_ns(current_mnt_ns(), current->fs);
        if (!ns)
            return -ENOMEM;
        put_mnt_ns(current->mnt_ns);
        current->mnt_ns = ns;
    }
    if (r)
        return r;
    if (flags & (CLONE_SYSVSEM | CLONE_NEWIPC))
        sem_exit(current);                   /* as at exit: the last sharer applies the list */
    return 0;
}

/* setns(2). Pipit has no /proc/<pid>/ns files, so only a pidfd names
 * namespaces to join (any other descriptor: -EINVAL), and of them only
 * the mount namespace exists (decision 49): the caller joins the
 * process's tree and its root and cwd move to that tree's "/", as
 * Linux's mntns_install. Linux's order: -EBADF, -EINVAL (flags 0 or a
 * namespace not built), -ESRCH (the process is gone), -EPERM (no ptrace
 * read access; not root), -EINVAL (cwd and root shared with another
 * task). */
long sys_setns(int fd, int flags)
{
    struct file *f = fget(fd);
    bool nonblock;
    if (!f)
        return -EBADF;
    struct pid *pid = pidfd_get_pid(fd, &nonblock);
    if (IS_ERR_PTR(pid))
        return -EINVAL;
    if (!flags || (flags & ~(UNSHARE_NS | CLONE_NEWUSER)) || (flags & ~CLONE_NEWNS))
        return -EINVAL;
    struct task *t = pid->task;
    if (!t || t->state == TASK_ZOMBIE || !t->fs)
        return -ESRCH;
    if (!ptrace_may_read(t) || !capable(CAP_SYS_ADMIN))
        return -EPERM;
    struct fs_struct *fs = current->fs;
    if (fs->refs > 1)
        return -EINVAL;
    get_mnt_ns(t->mnt_ns);                   /* its tree becomes the caller's */
    put_mnt_ns(current->mnt_ns);
    current->mnt_ns = t->mnt_ns;
    struct mount *root = ns_root_mount();
    set_fs_root(fs, NULL, NULL);             /* (NULL: the tree's root) */
    inode_get(root->mnt_root);
    set_fs_pwd(fs, root->mnt_root, root);
    return 0;
}
