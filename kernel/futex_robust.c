/* Robust futexes: a thread registers the head of a list, in its own memory,
 * of the robust mutexes it holds (set_robust_list). When it exits or
 * execs, the kernel walks the list: each futex word that still names the
 * thread as owner gets FUTEX_OWNER_DIED and one waiter is woken, so the
 * next locker learns EOWNERDEAD instead of waiting forever. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/pid_namespace.h"
#include "kernel/futex.h"
#include "kernel/mm/uaccess.h"
#include "kernel/syscalls.h"
#include <linux/futex.h>

long sys_set_robust_list(uint32_t head, uint32_t len)
{
    if (len != sizeof(struct robust_list_head))
        return -EINVAL;
    current->robust_list = head;
    return 0;
}

/* Whether current may read t's robust list: Linux's ptrace read check
 * with the caller's real ids (PTRACE_MODE_READ_REALCREDS). */
static bool may_read_robust(struct task *t)
{
    uint32_t uid = current->uid, gid = current->gid;
    if (t == current || capable(CAP_SYS_PTRACE))
        return true;
    return uid == t->uid && uid == t->euid && uid == t->suid &&
           gid == t->gid && gid == t->egid && gid == t->sgid && t->dumpable;
}

long sys_get_robust_list(int pid, uint32_t *head_ptr, uint32_t *len_ptr)
{
    struct task *t = pid ? find_task_by_vpid(pid) : current;
    if (!t)
        return -ESRCH;
    if (!may_read_robust(t))
        return -EPERM;
    uint32_t len = sizeof(struct robust_list_head), head = t->robust_list;
    if (copy_to_user(len_ptr, &len, sizeof len))
        return -EFAULT;
    return copy_to_user(head_ptr, &head, sizeof head);
}

/* One futex word of a dying owner t (Linux's handle_futex_death): if it
 * still names t, keep the waiters bit, set FUTEX_OWNER_DIED and wake one
 * waiter. pending: the entry t was about to add or remove; a free word
 * there may have lost a wake-up, so wake one anyway. 0, or -1 to stop the
 * walk (a fault, a misaligned word). */
static int futex_death(struct task *t, uint32_t uaddr, bool pi, bool pending)
{
    uint32_t v;
    if ((uaddr & 3) || copy_from_user(&v, (const void *)uaddr, sizeof v))
        return -1;
    if (pending && !pi && !v) {
        futex_wake_user(t->mm, uaddr, 1);
        return 0;
    }
    if ((v & FUTEX_TID_MASK) != (uint32_t)pid_vnr(t->pid))
        return 0;
    uint32_t nv = (v & FUTEX_WAITERS) | FUTEX_OWNER_DIED;
    if (copy_to_user((void *)uaddr, &nv, sizeof nv))
        return -1;
    if (!pi && (v & FUTEX_WAITERS))
        futex_wake_user(t->mm, uaddr, 1);
    return 0;
}

void exit_robust_list(struct task *t)
{
    uint32_t head = t->robust_list, h[3];   /* list.next, futex_offset, list_op_pending */
    t->robust_list = 0;
    if (!head || !t->mm || copy_from_user(h, (const void *)head, sizeof h))
        return;
    uint32_t entry = h[0] & ~1u, pending = h[2] & ~1u, off = h[1];
    bool pi = h[0] & 1, pending_pi = h[2] & 1;
    for (int limit = ROBUST_LIST_LIMIT; entry != head && limit > 0; limit--) {
        uint32_t next;
        int bad = copy_from_user(&next, (const void *)entry, sizeof next);
        if (entry != pending && futex_death(t, entry + off, pi, false))
            return;
        if (bad)
            return;
        entry = next & ~1u;
        pi = next & 1;
    }
    if (pending)
        futex_death(t, pending + off, pending_pi, true);
}
