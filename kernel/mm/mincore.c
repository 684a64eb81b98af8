/* mincore(2): which pages of a range of the caller's memory are in RAM.
 * There is no swap, so a page is resident when it is mapped in the page
 * table, or, for a file or shared memory area, when its object holds the
 * page (another process may have touched it: Linux's page cache lookup,
 * vm_ops->resident). Called from the system-call table; works on
 * current's address space only. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/syscalls.h"
#include "kernel/mm/vm.h"
#include "kernel/mm/uaccess.h"
#include "fs/vfs.h"

#define MINCORE_BATCH 256                    /* entries copied out at a time */

/* Linux's can_do_mincore: the page cache of a file is shown only to who
 * could write the file (its owner, root, or write permission), lest it
 * tell what others read; other callers see every page resident. */
static bool mincore_may_see(struct vm_area *a)
{
    if (a->ops != &file_vm_ops)
        return true;
    struct inode *ip = a->private;
    return inode_owner_or_capable(ip) || inode_permission(ip, MAY_WRITE) == 0;
}

/* Whether the page at va of area a is resident. */
static uint8_t mincore_page(struct mm *mm, struct vm_area *a, uintptr_t va)
{
    uint32_t *pte = pgdir_walk(mm->pgdir, va, false);
    if (pte && (*pte & PTE_P))
        return 1;
    if (!a->ops)                             /* anonymous: not yet touched */
        return 0;
    return a->ops->resident(a, a->pgoff + ((va - a->start) >> PAGE_SHIFT));
}

/* Fills vec[0 .. n) for the n pages from addr on, all in area a (Linux's
 * do_mincore for one area): a special area (the vDSO's, whose object
 * cannot tell) and a file the caller may not see are all resident. */
static void mincore_area(struct mm *mm, struct vm_area *a, uintptr_t addr, uint32_t n, uint8_t *vec)
{
    bool all = (a->ops && !a->ops->resident) || !mincore_may_see(a);
    for (uint32_t i = 0; i < n; i++)
        vec[i] = all ? 1 : mincore_page(mm, a, addr + i * PAGE_SIZE);
}

/* mincore(addr, len, vec): one byte per page of [addr, addr + len) into
 * vec, 1 when resident. Linux's checks: -EINVAL for an unaligned addr,
 * -ENOMEM when the range passes the top of user space, -EFAULT when vec
 * does (without a look at its pages yet), then area by area: -ENOMEM at
 * the first page in no area (vec holds what came before), -EFAULT when
 * vec cannot be written. len 0 is 0. Does not sleep. */
long sys_mincore(uint32_t addr, uint32_t len, uint8_t *vec)
{
    if (addr & (PAGE_SIZE - 1))
        return -EINVAL;
    if ((uint64_t)addr + len > USER_TOP)
        return -ENOMEM;
    uint32_t pages = (len >> PAGE_SHIFT) + ((len & (PAGE_SIZE - 1)) != 0);
    if ((uint64_t)(uintptr_t)vec + pages > USER_TOP)
        return -EFAULT;
    struct mm *mm = current->mm;
    uint8_t buf[MINCORE_BATCH];
    while (pages) {
        struct vm_area *a = vm_find(mm, addr);
        if (!a)
            return -ENOMEM;
        uint32_t n = MIN(MIN(pages, (uint32_t)MINCORE_BATCH), (a->end - addr) >> PAGE_SHIFT);
        mincore_area(mm, a, addr, n, buf);
        if (copy_to_user(vec, buf, n))
            return -EFAULT;
        vec += n;
        addr += n * PAGE_SIZE;
        pages -= n;
    }
    return 0;
}
