/* madvise and process_madvise: advice on how a range of memory will be
 * used. Most advice is a hint Pipit takes no action on; the advice that
 * changes what the program sees is carried out as Linux does:
 * MADV_DONTNEED empties the range, MADV_REMOVE punches a hole in the
 * shared object under it, MADV_DONTFORK/MADV_WIPEONFORK change what a
 * child of fork gets. MADV_COLD and MADV_PAGEOUT move pages toward
 * reclaim, and Pipit has no swap and keeps a ramfs's pages in memory
 * (as Linux with no swap keeps anonymous and tmpfs pages), so they change
 * nothing but are refused where Linux refuses them (locked areas). */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/mm/vm.h"
#include "kernel/mm/shmem.h"
#include "kernel/syscalls.h"
#include "kernel/pidfd.h"
#include "fs/vfs.h"
#include "fs/proc.h"
#include <linux/mman.h>
#include <linux/falloc.h>

/* The advice Linux knows on every configuration (no KSM, huge pages or
 * memory-failure injection here): others are -EINVAL. */
static bool madvise_behavior_valid(int advice)
{
    return (advice >= MADV_NORMAL && advice <= MADV_DONTNEED) ||
           (advice >= MADV_FREE && advice <= MADV_DOFORK) ||
           (advice >= MADV_DONTDUMP && advice <= MADV_DONTNEED_LOCKED);
}

/* MADV_REMOVE on [start, end) of area a, as Linux's madvise_remove: a
 * shared writable mapping of a file (or of shared memory) has the range
 * unmapped here and punched out of the object beneath (it reads zeros,
 * everywhere it is mapped), through the file's fallocate and so its
 * seals (EPERM). -EINVAL (locked, or no file or shared object), -EACCES
 * (not shared and writable), or the fallocate's error. */
static int madvise_remove(struct mm *mm, struct vm_area *a, uintptr_t start, uintptr_t end)
{
    if (a->flags & VM_LOCKED)
        return -EINVAL;
    if (a->ops != &file_vm_ops && a->ops != &shmem_vm_ops)
        return -EINVAL;
    if ((a->flags & (VM_SHARED | VM_WRITE)) != (VM_SHARED | VM_WRITE))
        return -EACCES;
    uint64_t off = (uint64_t)(start - a->start) + ((uint64_t)a->pgoff << PAGE_SHIFT);
    vm_zap_range(mm, start, end);            /* this mapping's hold on the pages goes first */
    if (a->ops == &shmem_vm_ops) {
        shmem_punch(a->private, (uint32_t)(off >> PAGE_SHIFT), (uint32_t)((off + end - start) >> PAGE_SHIFT));
        return 0;
    }
    struct inode *ip = a->private;
    if (!ip->i_op || !ip->i_op->fallocate)
        return -EOPNOTSUPP;
    return ip->i_op->fallocate(ip, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, (loff_t)off,
                               (loff_t)(end - start));
}

/* Carries out advice on [start, end), which lies inside area a. 0 or
 * -errno, as Linux's madvise_vma_behavior. */
static int madvise_area(struct mm *mm, struct vm_area *a, uintptr_t start, uintptr_t end, int advice)
{
    int r = 0;
    switch (advice) {
    case MADV_DONTNEED:
        if (a->flags & (VM_LOCKED | VM_IO))  /* madvise_dontneed_free_valid_vma */
            return -EINVAL;
        vm_zap_range(mm, start, end);
        return 0;
    case MADV_DONTNEED_LOCKED:
        if (a->flags & VM_IO)
            return -EINVAL;
        vm_zap_range(mm, start, end);        /* private pages go; shared ones stay in their object */
        return 0;
    case MADV_REMOVE:
        return madvise_remove(mm, a, start, end);
    case MADV_FREE:
        /* Only private anonymous memory; freeing it lazily may mean never. */
        return a->ops || (a->flags & (VM_SHARED | VM_LOCKED)) ? -EINVAL : 0;
    case MADV_COLD:
    case MADV_PAGEOUT:
        /* can_madv_lru_vma: locked pages (mlock, memfd_secret) and the vvar
         * page are never reclaimed; elsewhere no swap means nothing moves. */
        return a->flags & (VM_LOCKED | VM_IO) ? -EINVAL : 0;
    case MADV_DONTFORK:
        r = vm_set_flags(mm, start, end, VM_DONTCOPY, 0);
        break;
    case MADV_DOFORK:
        r = vm_set_flags(mm, start, end, 0, VM_DONTCOPY);
        break;
    case MADV_WIPEONFORK:
        if (a->ops || (a->flags & VM_SHARED))
            return -EINVAL;
        r = vm_set_flags(mm, start, end, VM_WIPEONFORK, 0);
        break;
    case MADV_KEEPONFORK:
        r = vm_set_flags(mm, start, end, 0, VM_WIPEONFORK);
        break;
    }
    return r == -ENOMEM ? -EAGAIN : r;       /* a split past the limit, as Linux */
}

/* The first area that ends above addr, or NULL. */
static struct vm_area *area_from(struct mm *mm, uintptr_t addr)
{
    struct vm_area *a = mm->areas;
    while (a && a->end <= addr)
        a = a->next;
    return a;
}

/* Advice on [addr, addr + len) of mm, as Linux's do_madvise. Linux's
 * order: unknown advice, an unaligned start, a length that wraps
 * (-EINVAL); an empty range succeeds. Then each area of the range gets
 * the advice; a hole in the range is -ENOMEM at the end (the areas around
 * it still got it), as Linux's madvise_walk_vmas. */
static long do_madvise(struct mm *mm, uint32_t addr, uint32_t len, int advice)
{
    uint32_t end = addr + PAGE_ALIGN(len);
    if (!madvise_behavior_valid(advice) || (addr & 0xFFF) || end < addr || (len && !PAGE_ALIGN(len)))
        return -EINVAL;
    int hole = 0;
    for (uintptr_t va = addr; va < end;) {
        struct vm_area *a = area_from(mm, va);
        if (!a)
            return -ENOMEM;
        if (va < a->start) {
            hole = -ENOMEM;
            if ((va = a->start) >= end)
                break;
        }
        uintptr_t stop = MIN(a->end, end);
        int r = madvise_area(mm, a, va, stop, advice);
        if (r < 0)
            return r;
        va = stop;
    }
    return hole;
}

long sys_madvise(uint32_t addr, uint32_t len, int advice)
{
    return do_madvise(current->mm, addr, len, advice);
}

/* The advice Linux 6.1 lets one process give another's memory: the
 * hints that change nothing it sees. MADV_COLLAPSE passes here and fails
 * in do_madvise, as on a 6.1 without transparent huge pages. */
static bool process_madvise_behavior_valid(int advice)
{
    return advice == MADV_COLD || advice == MADV_PAGEOUT || advice == MADV_WILLNEED ||
           advice == MADV_COLLAPSE;
}

/* process_madvise(pidfd, iovec, vlen, advice, flags): madvise on each
 * range of the vector in the process pidfd names, in Linux 6.1's order:
 * flags (-EINVAL); the vector as readv takes it (-EINVAL past UIO_MAXIOV
 * or for a negative length, -EFAULT); the pidfd (-EBADF, -ESRCH once
 * reaped); the advice (-EINVAL); its memory (-ESRCH for a zombie, -EACCES
 * where a PTRACE_MODE_READ_FSCREDS check fails); CAP_SYS_NICE (-EPERM,
 * asked even for the caller's own memory in 6.1). Then the ranges in
 * order until one fails: the bytes of those advised, or that error when
 * none was. Never sleeps. */
long sys_process_madvise(int pidfd, const void *uvec, uint32_t vlen, int advice, uint32_t flags)
{
    if (flags)
        return -EINVAL;
    struct iovec *iov = NULL;
    long r = iov_import(uvec, vlen > UIO_MAXIOV ? -1 : (int)vlen, &iov);
    if (r < 0)
        goto out;
    bool nonblock;
    struct pid *p = pidfd_get_pid(pidfd, &nonblock);
    struct task *t = IS_ERR_PTR(p) ? NULL : p->task;
    if (!t) {
        r = IS_ERR_PTR(p) ? PTR_ERR(p) : -ESRCH;
        goto out;
    }
    if (!process_madvise_behavior_valid(advice)) {
        r = -EINVAL;
        goto out;
    }
    struct mm *mm = t->mm;
    if (!mm) {
        r = -ESRCH;
        goto out;
    }
    if (mm != current->mm && !proc_may_read(t)) {
        r = -EACCES;
        goto out;
    }
    if (!capable(CAP_SYS_NICE)) {
        r = -EPERM;
        goto out;
    }
    long done = 0;
    for (uint32_t i = 0; i < vlen; i++) {
        r = do_madvise(mm, (uint32_t)iov[i].iov_base, iov[i].iov_len, advice);
        if (r < 0)
            break;
        done += (long)iov[i].iov_len;
    }
    r = done ? done : r;
out:
    kfree(iov);
    return r;
}
