/* Memory locks, as Linux's mm/mlock.c: mlock, mlock2, munlock, mlockall
 * and munlockall mark areas VM_LOCKED, and the pages of locked areas count
 * against RLIMIT_MEMLOCK (root, Linux's CAP_IPC_LOCK, is not limited).
 * Pipit never swaps, so a lock changes nothing else: pages are still
 * filled on first touch. A child inherits no locks (mm_fork), and
 * mlockall(MCL_FUTURE) locks later mmaps (mm->def_flags) until exec. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/syscalls.h"
#include "kernel/mm/vm.h"
#include "kernel/mm/secretmem.h"
#include <asm-generic/mman.h>

uint32_t mm_locked_pages(struct mm *mm)
{
    uint32_t n = 0;
    for (struct vm_area *a = mm->areas; a; a = a->next)
        if (a->flags & VM_LOCKED)
            n += (a->end - a->start) >> PAGE_SHIFT;
    return n;
}

/* Pages of [start, start + len) already locked (count_mm_mlocked_page_nr). */
static uint32_t locked_in(struct mm *mm, uintptr_t start, uint32_t len)
{
    uintptr_t end = start + len < start ? USER_TOP : start + len;
    uint32_t n = 0;
    for (struct vm_area *a = mm->areas; a; a = a->next) {
        uintptr_t s = MAX(a->start, start), e = MIN(a->end, end);
        if ((a->flags & VM_LOCKED) && s < e)
            n += (e - s) >> PAGE_SHIFT;
    }
    return n;
}

bool can_do_mlock(void)
{
    return rlimit(RLIMIT_MEMLOCK) != 0 || capable(CAP_IPC_LOCK);
}

static uint64_t lock_limit_pages(void)
{
    return rlimit(RLIMIT_MEMLOCK) >> PAGE_SHIFT;
}

/* mmap's mlock_future_check: len more locked bytes must fit the limit. */
bool mlock_future_ok(struct mm *mm, uint32_t len)
{
    uint64_t locked = (len >> PAGE_SHIFT) + (uint64_t)mm_locked_pages(mm);
    return locked <= lock_limit_pages() || capable(CAP_IPC_LOCK);
}

/* apply_vma_lock_flags: start is page aligned, len too. */
static long apply_lock(uintptr_t start, uint32_t len, bool lock)
{
    uintptr_t end = start + len;
    if (end < start)
        return -EINVAL;
    if (end == start)
        return 0;
    return vm_lock_range(current->mm, start, end, lock);
}

/* Linux's do_mlock: EPERM without any limit; a range past the limit is
 * ENOMEM (pages it locks already do not count twice); a hole in it too.
 * Then, unless onfault, the pages are brought in (__mm_populate), with
 * Linux's errors for a failure there: a page past the end of its file
 * is ENOMEM, no memory is EAGAIN (the range stays locked); memfd_secret's
 * memory, which __mm_populate refuses even for onfault, is ENOMEM. */
static long do_mlock(uintptr_t start, uint32_t len, bool onfault)
{
    if (!can_do_mlock())
        return -EPERM;
    len = PAGE_ALIGN(len + (start & (PAGE_SIZE - 1)));
    start = PAGE_DOWN(start);
    struct mm *mm = current->mm;
    uint64_t locked = (len >> PAGE_SHIFT) + (uint64_t)mm_locked_pages(mm);
    if (locked > lock_limit_pages() && !capable(CAP_IPC_LOCK))
        locked -= locked_in(mm, start, len);
    if (locked > lock_limit_pages() && !capable(CAP_IPC_LOCK))
        return -ENOMEM;
    long r = apply_lock(start, len, true);
    if (r)
        return r;
    if (onfault) {                           /* nothing to bring in, but a secret is refused */
        for (struct vm_area *a = mm->areas; a && a->start < start + len; a = a->next)
            if (a->end > start && vma_is_secretmem(a))
                return -ENOMEM;
        return 0;
    }
    r = vm_populate(mm, start, start + len, false);
    return r == -EIO ? -ENOMEM : r == -ENOMEM ? -EAGAIN : r;
}

long sys_mlock(uint32_t start, uint32_t len)
{
    return do_mlock(start, len, false);
}

long sys_mlock2(uint32_t start, uint32_t len, int flags)
{
    if (flags & ~MLOCK_ONFAULT)
        return -EINVAL;
    return do_mlock(start, len, flags & MLOCK_ONFAULT);
}

long sys_munlock(uint32_t start, uint32_t len)
{
    len = PAGE_ALIGN(len + (start & (PAGE_SIZE - 1)));
    return apply_lock(PAGE_DOWN(start), len, false);
}

/* Every area locked (MCL_CURRENT: all of them must fit the limit, and
 * their pages are brought in, failures ignored, unless MCL_ONFAULT)
 * and/or later ones (MCL_FUTURE); a call without MCL_FUTURE ends it. */
long sys_mlockall(int flags)
{
    if (!flags || (flags & ~(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT)) || flags == MCL_ONFAULT)
        return -EINVAL;
    if (!can_do_mlock())
        return -EPERM;
    struct mm *mm = current->mm;
    uint32_t total = 0;
    for (struct vm_area *a = mm->areas; a; a = a->next)
        if (!vm_special(a))
            total += (a->end - a->start) >> PAGE_SHIFT;
    if ((flags & MCL_CURRENT) && total > lock_limit_pages() && !capable(CAP_IPC_LOCK))
        return -ENOMEM;
    mm->def_flags = !(flags & MCL_FUTURE) ? 0 : VM_LOCKED | (flags & MCL_ONFAULT ? VM_LOCKONFAULT : 0);
    if (flags & MCL_CURRENT)
        for (struct vm_area *a = mm->areas; a; a = a->next)
            if (!vm_special(a))              /* the vDSO and vvar stay unlocked, as Linux's */
                a->flags |= VM_LOCKED;
    if ((flags & MCL_CURRENT) && !(flags & MCL_ONFAULT))
        vm_populate(mm, 0, USER_TOP, true);
    return 0;
}

long sys_munlockall(void)
{
    struct mm *mm = current->mm;
    mm->def_flags = 0;
    for (struct vm_area *a = mm->areas; a; a = a->next)
        if (!vma_is_secretmem(a))            /* locked as long as it lasts */
            a->flags &= ~VM_LOCKED;
    return 0;
}
