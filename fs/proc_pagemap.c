/* /proc/<pid>/pagemap: one 64-bit entry per virtual page, read at offset
 * (address / 4096) * 8, as Linux 6.1's pagemap_read makes them from the
 * page tables. fs/proc.c sends reads of the file here, with no snapshot. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/mm/vm.h"
#include "kernel/mm/uaccess.h"
#include "fs/vfs.h"
#include "fs/proc.h"

#define PM_ENTRY_BYTES      8
#define PM_PFRAME_MASK      ((1ull << 55) - 1)
#define PM_MMAP_EXCLUSIVE   (1ull << 56)
#define PM_FILE             (1ull << 61)
#define PM_PRESENT          (1ull << 63)
#define PM_BATCH            512              /* entries copied out at a time */

/* The entry of the page at va: 0 outside any area and for pages not in
 * memory (Pipit has no swap and i386 no soft-dirty bit); else present,
 * file-or-shared when the page is not anonymous, exclusive when one
 * address space maps it, with its frame number only for root (Linux hides
 * it from readers without CAP_SYS_ADMIN). */
static uint64_t pagemap_entry(struct mm *mm, struct vm_area **a, uintptr_t va, bool show_pfn)
{
    while (*a && (*a)->end <= va)
        *a = (*a)->next;
    if (!*a || (*a)->start > va)
        return 0;
    uint32_t *pte = pgdir_walk(mm->pgdir, va, false);
    if (!pte || !(*pte & PTE_P))
        return 0;
    int kind = proc_page_kind(*a, *pte);
    uint64_t e = PM_PRESENT | (kind != PK_ANON ? PM_FILE : 0);
    if (proc_page_mapcount(kind, *pte) == 1)
        e |= PM_MMAP_EXCLUSIVE;
    if (show_pfn)
        e |= (uint64_t)(*pte >> PAGE_SHIFT) & PM_PFRAME_MASK;
    return e;
}

static struct mm *live_mm(int pid)
{
    struct task *t = task_find(pid);
    return t && t->state != TASK_ZOMBIE ? t->mm : NULL;
}

/* read(2) of process pid's pagemap: n bytes of entries from *pos on, up
 * to the top of user space. EINVAL when *pos or n is not a multiple of 8
 * (Linux); 0 at the end or when the process has no memory left. The
 * process is looked up again after each copy (which may sleep). */
ssize_t proc_pagemap_read(int pid, char *ubuf, size_t n, loff_t *pos)
{
    if ((*pos % PM_ENTRY_BYTES) || (n % PM_ENTRY_BYTES))
        return -EINVAL;
    if (!n || !live_mm(pid))
        return 0;
    uint64_t *batch = kmalloc(PM_BATCH * PM_ENTRY_BYTES);
    if (!batch)
        return -ENOMEM;
    bool show_pfn = capable(CAP_SYS_ADMIN);
    uint64_t vpn = (uint64_t)*pos / PM_ENTRY_BYTES;
    size_t done = 0;
    int err = 0;
    struct mm *mm;
    while (done < n && vpn < (USER_TOP >> PAGE_SHIFT) && (mm = live_mm(pid))) {
        struct vm_area *a = mm->areas;
        size_t k = 0;
        for (; k < PM_BATCH && done + k * PM_ENTRY_BYTES < n && vpn < (USER_TOP >> PAGE_SHIFT); k++, vpn++)
            batch[k] = pagemap_entry(mm, &a, (uintptr_t)(vpn << PAGE_SHIFT), show_pfn);
        if (copy_to_user(ubuf + done, batch, k * PM_ENTRY_BYTES)) {
            err = -EFAULT;
            break;
        }
        done += k * PM_ENTRY_BYTES;
    }
    kfree(batch);
    *pos += done;
    return done ? (ssize_t)done : err;
}
