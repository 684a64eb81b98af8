/* madvise: advice on how a range of memory will be used. Most advice is a
 * hint Pipit takes no action on; the advice that changes what the program
 * sees is carried out as Linux does: MADV_DONTNEED empties the range,
 * MADV_REMOVE punches a hole in the shared object under it,
 * MADV_DONTFORK/MADV_WIPEONFORK change what a child of fork gets. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/mm/vm.h"
#include "kernel/mm/shmem.h"
#include "kernel/syscalls.h"
#include "fs/vfs.h"
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
    case MADV_DONTNEED_LOCKED:
        vm_zap_range(mm, start, end);        /* private pages go; shared ones stay in their object */
        return 0;
    case MADV_REMOVE:
        return madvise_remove(mm, a, start, end);
    case MADV_FREE:
        /* Only private anonymous memory; freeing it lazily may mean never. */
        return a->ops || (a->flags & VM_SHARED) ? -EINVAL : 0;
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

/* Linux's order: unknown advice, an unaligned start, a length that wraps
 * (-EINVAL); an empty range succeeds. Then each area of the range gets
 * the advice; a hole in the range is -ENOMEM at the end (the areas around
 * it still got it), as Linux's madvise_walk_vmas. */
long sys_madvise(uint32_t addr, uint32_t len, int advice)
{
    struct mm *mm = current->mm;
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
