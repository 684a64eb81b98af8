/* process_vm_readv(2) and process_vm_writev(2): copies between the
 * caller's buffers and another process's memory, through that process's
 * page tables (vm_get_page), as ptrace's PEEKDATA and POKEDATA do but
 * with the protections of the other's areas obeyed (no forcing: a write
 * to a read-only page fails). Called from the system-call table. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/pid_namespace.h"
#include "kernel/syscalls.h"
#include "kernel/mm/vm.h"
#include "kernel/mm/uaccess.h"
#include "fs/vfs.h"

/* Linux's mm_access with PTRACE_MODE_ATTACH_REALCREDS: the address space
 * of process pid, or NULL with *err -ESRCH (none there, or it has no
 * memory: a zombie) or -EPERM (the caller may not attach to it; its own
 * address space it may always use). */
static struct mm *process_vm_mm(int pid, long *err)
{
    struct task *t = find_task_by_vpid(pid);
    if (!t || !t->mm) {
        *err = -ESRCH;
        return NULL;
    }
    if (t->mm != current->mm && !ptrace_may_access(t)) {
        *err = -EPERM;
        return NULL;
    }
    return t->mm;
}

/* Moves the remote segment [addr, addr + len) of mm to or from (write)
 * the local buffers of it, a page of mm at a time, until either runs
 * out; *done counts the bytes moved. 0, or -EFAULT at a remote page that
 * cannot be had for the access or a local buffer that faults. */
static long process_vm_rw_segment(struct mm *mm, uintptr_t addr, size_t len,
                                  struct iov_iter *it, bool write, size_t *done)
{
    while (len && iov_iter_count(it)) {
        size_t off = addr & (PAGE_SIZE - 1), n = MIN(len, PAGE_SIZE - off);
        n = MIN(n, iov_iter_count(it));
        paddr_t pa;
        char *k = vm_get_page(mm, addr, write, &pa);
        if (!k)
            return -EFAULT;
        size_t moved = write ? copy_from_iter(k + off, n, it) : copy_to_iter(k + off, n, it);
        page_put(pa);
        *done += moved;
        if (moved < n)
            return -EFAULT;
        addr += n;
        len -= n;
    }
    return 0;
}

/* Both calls, in Linux's order of checks: flags (-EINVAL); the local
 * vector as readv checks it (-EINVAL, -EFAULT), and nothing more when it
 * holds no bytes; the remote vector (-EINVAL past UIO_MAXIOV or for a
 * negative length, -EFAULT), and nothing more when it holds no bytes;
 * the process (-ESRCH, -EPERM). Then the remote segments in turn: the
 * bytes moved, or, when none could be, the error that stopped the copy
 * (-EFAULT). Never sleeps beyond the page faults of the caller's own
 * buffers. */
static long process_vm_rw(int pid, const void *lvec, uint32_t liovcnt, const void *rvec,
                          uint32_t riovcnt, uint32_t flags, bool write)
{
    if (flags)
        return -EINVAL;
    struct iovec *liov = NULL, *riov = NULL;
    long r = iov_import(lvec, liovcnt > UIO_MAXIOV ? -1 : (int)liovcnt, &liov);
    if (r <= 0)
        goto out;
    struct iov_iter it;
    iov_iter_init(&it, liov, liovcnt, (size_t)r);
    r = iov_copy_in(rvec, riovcnt > UIO_MAXIOV ? -1 : (int)riovcnt, &riov);
    if (r < 0)
        goto out;
    bool any = false;
    for (uint32_t i = 0; i < riovcnt; i++)
        any |= riov[i].iov_len != 0;
    if (!any)
        goto out;                             /* r is 0 */
    struct mm *mm = process_vm_mm(pid, &r);
    if (!mm)
        goto out;
    size_t done = 0;
    for (uint32_t i = 0; i < riovcnt && iov_iter_count(&it) && !r; i++)
        r = process_vm_rw_segment(mm, (uintptr_t)riov[i].iov_base, riov[i].iov_len, &it, write, &done);
    if (done)
        r = (long)done;
out:
    kfree(liov);
    kfree(riov);
    return r;
}

long sys_process_vm_readv(int pid, const void *lvec, uint32_t liovcnt, const void *rvec,
                          uint32_t riovcnt, uint32_t flags)
{
    return process_vm_rw(pid, lvec, liovcnt, rvec, riovcnt, flags, false);
}

long sys_process_vm_writev(int pid, const void *lvec, uint32_t liovcnt, const void *rvec,
                           uint32_t riovcnt, uint32_t flags)
{
    return process_vm_rw(pid, lvec, liovcnt, rvec, riovcnt, flags, true);
}
