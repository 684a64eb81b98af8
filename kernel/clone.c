/* clone and clone3: their arguments checked with Linux's rules and turned
 * into one struct kernel_clone_args for kernel_clone (kernel/proc.c), the
 * one path of fork, vfork, clone and clone3. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/user_namespace.h"
#include "kernel/syscalls.h"
#include "kernel/mm/uaccess.h"
#include "kernel/mm/vm.h"
#include "kernel/pid_namespace.h"
#include <linux/sched.h>

#define MAX_PID_NS_LEVEL 32                 /* set_tid's limit before the namespace check */
#define CLONE_LEGACY_FLAGS 0xFFFFFFFFull

/* Linux's rules for flags that do not go together (copy_process,
 * kernel_clone): 0 or -EINVAL. A pidfd is for a process, not a thread
 * (Linux 6.1). New mount, UTS, IPC, time, network, pid and cgroup
 * namespaces are root's (-EPERM, copy_namespaces: CAP_SYS_ADMIN in the
 * child's user namespace; a thread stays in its group's pid namespace).
 * Only clone3 can ask for a time namespace: clone's
 * bit of it is the exit signal's. */
static long clone_flags_check(uint64_t flags)
{
    if ((flags & (CLONE_NEWNS | CLONE_FS)) == (CLONE_NEWNS | CLONE_FS) ||
        (flags & (CLONE_NEWUSER | CLONE_FS)) == (CLONE_NEWUSER | CLONE_FS))
        return -EINVAL;
    if ((flags & CLONE_THREAD) && !(flags & CLONE_SIGHAND))
        return -EINVAL;
    if ((flags & CLONE_SIGHAND) && !(flags & CLONE_VM))
        return -EINVAL;
    if ((flags & CLONE_PARENT) && (current->tgid == 1 || is_child_reaper(current)))
        return -EINVAL;                      /* init's siblings would have no reaper */
    if ((flags & CLONE_THREAD) && ((flags & CLONE_NEWPID) ||
                                   task_pid_ns_for_children(current) != task_active_pid_ns(current)))
        return -EINVAL;                      /* a thread group is in one pid namespace */
    if ((flags & CLONE_THREAD) && (flags & CLONE_NEWUSER))
        return -EINVAL;                      /* a thread shares its group's user namespace */
    if ((flags & CLONE_PIDFD) && (flags & (CLONE_DETACHED | CLONE_THREAD)))
        return -EINVAL;
    if ((flags & (CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET | CLONE_NEWCGROUP |
                  CLONE_NEWTIME | CLONE_NEWPID)) && !(flags & CLONE_NEWUSER) &&
        !ns_capable(current_user_ns(), CAP_SYS_ADMIN))
        return -EPERM;                       /* copy_namespaces (a new user namespace's
                                                creator holds every capability in it) */
    if ((flags & (CLONE_NEWIPC | CLONE_SYSVSEM)) == (CLONE_NEWIPC | CLONE_SYSVSEM))
        return -EINVAL;                      /* a new namespace cannot share the undo list */
    return 0;
}

/* clone: threads (CLONE_THREAD) and processes that share parts with the
 * parent. The low byte is the exit signal; CLONE_PIDFD's descriptor goes
 * to parent_tid's word, so CLONE_PARENT_SETTID cannot come with it. */
long sys_clone(uint32_t flags, uint32_t newsp, uint32_t parent_tid, uint32_t tls, uint32_t child_tid)
{
    struct kernel_clone_args a = {
        .flags = flags & ~CSIGNAL, .pidfd = parent_tid, .child_tid = child_tid,
        .parent_tid = parent_tid, .exit_signal = (int)(flags & CSIGNAL), .stack = newsp, .tls = tls,
    };
    if ((flags & CLONE_PIDFD) && (flags & CLONE_PARENT_SETTID))
        return -EINVAL;
    long err = clone_flags_check(a.flags);
    return err ? err : kernel_clone(&a);
}

/* The user's struct clone_args into *u, checked as Linux's
 * copy_clone_args_from_user, and set_tid's array into tid: 0 or -errno. */
static long clone3_copy(const void *uargs, uint32_t size, struct clone_args *u, int32_t *tid)
{
    if (size > PAGE_SIZE)
        return -E2BIG;
    if (size < CLONE_ARGS_SIZE_VER0)
        return -EINVAL;
    long err = copy_struct_from_user(u, sizeof *u, uargs, size);
    if (err)
        return err;
    if (u->set_tid_size > MAX_PID_NS_LEVEL || (!u->set_tid && u->set_tid_size) ||
        (u->set_tid && !u->set_tid_size))
        return -EINVAL;
    if ((u->exit_signal & ~(uint64_t)CSIGNAL) || u->exit_signal > NSIG_K)
        return -EINVAL;
    if ((u->flags & CLONE_INTO_CGROUP) && (u->cgroup > INT32_MAX || size < CLONE_ARGS_SIZE_VER2))
        return -EINVAL;
    if (u->set_tid && copy_from_user(tid, (void *)(uint32_t)u->set_tid, u->set_tid_size * sizeof *tid))
        return -EFAULT;
    return 0;
}

/* clone3_args_valid: known flags, no CSIGNAL or CLONE_DETACHED bits (clone3
 * has a field for the signal; CLONE_NEWTIME is one of CSIGNAL's), no
 * exit signal for a thread or a sibling, and a stack that is wholly user
 * memory or none at all. */
static bool clone3_valid(const struct clone_args *u)
{
    if (u->flags & ~(CLONE_LEGACY_FLAGS | CLONE_CLEAR_SIGHAND | CLONE_INTO_CGROUP))
        return false;
    if (u->flags & (CLONE_DETACHED | (CSIGNAL & ~CLONE_NEWTIME)))
        return false;
    if ((u->flags & (CLONE_SIGHAND | CLONE_CLEAR_SIGHAND)) == (CLONE_SIGHAND | CLONE_CLEAR_SIGHAND))
        return false;
    if ((u->flags & (CLONE_THREAD | CLONE_PARENT)) && u->exit_signal)
        return false;
    if (!u->stack)
        return !u->stack_size;
    return u->stack_size && u->stack + u->stack_size > u->stack && u->stack + u->stack_size <= USER_TOP;
}

/* What the child is given, after the flag rules (set_tid's pids are
 * checked as they are taken, kernel/pid_namespace.c). CLONE_INTO_CGROUP's
 * descriptor is fork's to check (kernel/cgroup/cgroup_fork.c). 0 or
 * -errno. */
static long clone3_checks(const struct clone_args *u)
{
    if ((u->flags & CLONE_PIDFD) && (u->flags & CLONE_PARENT_SETTID) && u->pidfd == u->parent_tid)
        return -EINVAL;
    long err = clone_flags_check(u->flags);
    if (err)
        return err;
    return 0;
}

/* clone3(uargs, size): clone with its arguments in a struct clone_args
 * that may grow (size says how much of it the caller knows). The child
 * runs on [stack, stack + stack_size) when a stack is given. */
long sys_clone3(const void *uargs, uint32_t size)
{
    struct clone_args u;
    int32_t tid[MAX_PID_NS_LEVEL];
    long err = clone3_copy(uargs, size, &u, tid);
    if (err)
        return err;
    if (!clone3_valid(&u))
        return -EINVAL;
    if ((err = clone3_checks(&u)) != 0)
        return err;
    struct kernel_clone_args a = {
        .flags = u.flags, .pidfd = (uint32_t)u.pidfd, .child_tid = (uint32_t)u.child_tid,
        .parent_tid = (uint32_t)u.parent_tid, .exit_signal = (int)u.exit_signal,
        .stack = (uint32_t)(u.stack + u.stack_size), .tls = (uint32_t)u.tls,
        .set_tid_size = (int)u.set_tid_size, .cgroup = (int)u.cgroup,
    };
    memcpy(a.set_tid, tid, u.set_tid_size * sizeof *tid);
    return kernel_clone(&a);
}
