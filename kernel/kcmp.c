/* kcmp(2): whether two processes share a kernel object (an open file,
 * the address space, the descriptor table, the cwd and umask, the signal
 * actions, ...), as checkpoint/restore tools ask. The answer orders the
 * two objects by their addresses, scrambled with a per-type random
 * cookie as Linux's kptr_obfuscate so that no address leaks: 0 equal,
 * 1 or 2 less or greater (3, "not ordered", is never returned, as on
 * Linux). Called from the system-call table. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/pid_namespace.h"
#include "kernel/syscalls.h"
#include "kernel/mm/uaccess.h"
#include "fs/vfs.h"
#include "ipc/eventpoll.h"
#include <linux/kcmp.h>

static uint32_t cookies[KCMP_TYPES][2];     /* xor, then an odd multiplier with the top bit */
static bool cookies_made;

/* Linux's kcmp_ptr: 0, 1 or 2 for the scrambled addresses of a and b. */
static long kcmp_ptr(const void *a, const void *b, int type)
{
    if (!cookies_made) {
        for (int i = 0; i < KCMP_TYPES; i++) {
            cookies[i][0] = random_u32();
            cookies[i][1] = random_u32() | 0x80000001u;
        }
        cookies_made = true;
    }
    int32_t t1 = (int32_t)(((uint32_t)(uintptr_t)a ^ cookies[type][0]) * cookies[type][1]);
    int32_t t2 = (int32_t)(((uint32_t)(uintptr_t)b ^ cookies[type][0]) * cookies[type][1]);
    return (t1 < t2) | ((t1 > t2) << 1);
}

/* Descriptor fd of t's table, O_PATH ones too, not referenced; NULL when
 * there is none (or t has exited). */
static struct file *task_file(struct task *t, uint32_t fd)
{
    return fd < (uint32_t)t->nr_fds ? t->files[fd] : NULL;
}

/* The System V semaphore undo list t's SEM_UNDO operations use (Linux's
 * sysvsem.undo_list): made at the first such operation or when clone
 * shares it (CLONE_SYSVSEM), NULL before. */
static const void *task_sysvsem(struct task *t)
{
    return t->undo_list;
}

/* KCMP_EPOLL_TFD: file idx1 of t1 against the file that epoll descriptor
 * slot.efd of t2 watches as slot.tfd (the slot.toff-th such). The slot
 * is read first, as Linux does. */
static long kcmp_epoll_target(struct task *t1, struct task *t2, uint32_t idx1, const void *uslot)
{
    struct kcmp_epoll_slot slot;
    if (copy_from_user(&slot, uslot, sizeof slot))
        return -EFAULT;
    struct file *f = task_file(t1, idx1);
    if (!f)
        return -EBADF;
    struct file *epf = task_file(t2, slot.efd);
    if (!epf)
        return -EBADF;
    struct file *target = ep_target_file(epf, (int)slot.tfd, slot.toff);
    if (IS_ERR_PTR(target))
        return PTR_ERR(target);
    return kcmp_ptr(f, target, KCMP_FILE);
}

/* kcmp(pid1, pid2, type, idx1, idx2): Linux's order of checks: -ESRCH
 * when either process is not there, -EPERM unless the caller may read
 * both (ptrace_may_read), then by type: -EFAULT for a bad KCMP_EPOLL_TFD
 * slot, -EBADF for a descriptor that is not open, -EINVAL (or -ENOENT)
 * for a descriptor that is no epoll (or watches nothing as tfd), and
 * -EINVAL for an unknown type. Does not sleep. */
long sys_kcmp(int pid1, int pid2, int type, uint32_t idx1, uint32_t idx2)
{
    struct task *t1 = find_task_by_vpid(pid1), *t2 = find_task_by_vpid(pid2);
    if (!t1 || !t2)
        return -ESRCH;
    if (!ptrace_may_read(t1) || !ptrace_may_read(t2))
        return -EPERM;
    switch (type) {
    case KCMP_FILE: {
        struct file *f1 = task_file(t1, idx1), *f2 = task_file(t2, idx2);
        return f1 && f2 ? kcmp_ptr(f1, f2, KCMP_FILE) : -EBADF;
    }
    case KCMP_VM:      return kcmp_ptr(t1->mm, t2->mm, type);
    case KCMP_FILES:   return kcmp_ptr(t1->fdt, t2->fdt, type);
    case KCMP_FS:      return kcmp_ptr(t1->fs, t2->fs, type);
    case KCMP_SIGHAND: return kcmp_ptr(t1->sighand, t2->sighand, type);
    case KCMP_IO:      return kcmp_ptr(t1->io_context, t2->io_context, type);   /* ioprio.c */
    case KCMP_SYSVSEM: return kcmp_ptr(task_sysvsem(t1), task_sysvsem(t2), type);
    case KCMP_EPOLL_TFD: return kcmp_epoll_target(t1, t2, idx1, (const void *)(uintptr_t)idx2);
    default:           return -EINVAL;
    }
}
