/* mremap: grows, shrinks or moves a mapping, as Linux's mm/mremap.c. A
 * move carries the page-table entries over, so the pages themselves (and
 * whatever shares them) stay where they are; a growth is fresh memory of
 * the same kind as the area. */
#include "kernel/kernel.h"
#include "kernel/x86.h"
#include "kernel/proc.h"
#include "kernel/mm/vm.h"
#include "kernel/syscalls.h"
#include <linux/mman.h>

/* Linux's vma_to_resize: the area that holds [addr, addr + old_len) and
 * may grow to new_len, or an error pointer as -errno in *err. */
static struct vm_area *area_to_resize(struct mm *mm, uint32_t addr, uint32_t old_len,
                                      uint32_t new_len, int *err)
{
    struct vm_area *a = vm_find(mm, addr);
    *err = -EFAULT;
    if (!a)
        return NULL;
    *err = -EINVAL;                          /* old_len 0 duplicates: shared areas only */
    if (!old_len && !(a->flags & VM_SHARED))
        return NULL;
    *err = -EFAULT;                          /* not across areas */
    if (old_len > a->end - addr)
        return NULL;
    if (new_len == old_len)
        return a;
    uint32_t pgoff = a->pgoff + ((addr - a->start) >> PAGE_SHIFT);
    *err = -EINVAL;
    if (pgoff + (new_len >> PAGE_SHIFT) < pgoff)
        return NULL;
    *err = -EFAULT;                          /* a kernel region of its size */
    if (a->flags & VM_DONTEXPAND)
        return NULL;
    *err = -ENOMEM;                          /* RLIMIT_AS */
    if (!may_expand_vm(mm, (new_len - old_len) >> PAGE_SHIFT))
        return NULL;
    return a;
}

struct move_walk {
    uint32_t *pgdir;
    uint32_t delta;                          /* new address - old address */
};

/* One present entry of the old range goes to the same offset of the new
 * (whose page table exists: make_page_tables). */
static int move_pte(uint32_t *pte, uintptr_t va, void *arg)
{
    struct move_walk *w = arg;
    uint32_t *dst = pgdir_walk(w->pgdir, va + w->delta, true);
    *dst = *pte;
    *pte = 0;
    invlpg(va);
    invlpg(va + w->delta);
    return 0;
}

/* Makes the page tables of [start, end) exist, so that moving entries
 * into them cannot fail half-way. 0 or -ENOMEM. */
static int make_page_tables(uint32_t *pgdir, uintptr_t start, uintptr_t end)
{
    for (uintptr_t va = start; va < end; va = (va | 0x3FFFFFu) + 1)
        if (!pgdir_walk(pgdir, va, true))
            return -ENOMEM;
    return 0;
}

static int any_page(uint32_t *pte, uintptr_t va, void *arg)
{
    (void)pte; (void)va; (void)arg;
    return -1;                               /* one is enough: stop */
}

/* Linux's move_vma: a new area at new_addr of new_len bytes, of the kind
 * of a, takes over the pages of [addr, addr + old_len); the old range is
 * unmapped, or stays mapped and empty (MREMAP_DONTUNMAP). */
static long move_area(struct mm *mm, struct vm_area *a, uint32_t addr, uint32_t old_len,
                      uint32_t new_len, uint32_t new_addr, uint32_t flags)
{
    if ((uint32_t)mm->map_count >= sysctl_max_map_count - 3)
        return -ENOMEM;
    uint32_t pgoff = a->pgoff + ((addr - a->start) >> PAGE_SHIFT);
    if (!a->ops && !walk_ptes(mm->pgdir, a->start, a->end, any_page, NULL))
        pgoff = new_addr >> PAGE_SHIFT;      /* never touched: its offset is its new place, so it may */
                                             /* join a neighbour there (Linux: no anon_vma yet) */
    int r = vm_map(mm, new_addr, new_addr + new_len, a->flags, a->ops, a->private, pgoff);
    if (r < 0)
        return r;
    struct vm_area *n = vm_find(mm, new_addr);
    if (n->ops && n->ops->open)
        n->ops->open(n);                     /* the new area's reference on the object */
    if (make_page_tables(mm->pgdir, new_addr, new_addr + old_len) < 0) {
        vm_unmap(mm, new_addr, new_addr + new_len);
        return -ENOMEM;
    }
    struct move_walk w = { mm->pgdir, new_addr - addr };
    walk_ptes(mm->pgdir, addr, addr + old_len, move_pte, &w);
    if (!(flags & MREMAP_DONTUNMAP) && old_len)
        vm_unmap(mm, addr, addr + old_len);  /* no pages left: the area and its reference go */
    vm_merge(mm, new_addr, new_addr + new_len);
    return (long)new_addr;
}

/* Linux's mremap_to: MREMAP_FIXED (replacing what is at new_addr) or
 * MREMAP_DONTUNMAP (new_addr a hint). */
static long remap_to(struct mm *mm, uint32_t addr, uint32_t old_len, uint32_t new_addr,
                     uint32_t new_len, uint32_t flags)
{
    if ((new_addr & 0xFFF) || new_len > USER_TOP || new_addr > USER_TOP - new_len)
        return -EINVAL;
    if (addr + old_len > new_addr && new_addr + new_len > addr)
        return -EINVAL;                      /* the ranges overlap */
    if ((uint32_t)mm->map_count + 2 >= sysctl_max_map_count - 3)
        return -ENOMEM;
    int r;
    if ((flags & MREMAP_FIXED) && (r = vm_unmap(mm, new_addr, new_addr + new_len)) < 0)
        return r;
    if (old_len > new_len) {
        if ((r = vm_unmap(mm, addr + new_len, addr + old_len)) < 0)
            return r;
        old_len = new_len;
    }
    struct vm_area *a = area_to_resize(mm, addr, old_len, new_len, &r);
    if (!a)
        return r;
    if ((flags & MREMAP_DONTUNMAP) && !may_expand_vm(mm, old_len >> PAGE_SHIFT))
        return -ENOMEM;
    if ((r = mmap_place(mm, &new_addr, new_len, flags & MREMAP_FIXED ? MAP_FIXED : 0)) < 0)
        return r;
    return move_area(mm, a, addr, old_len, new_len, new_addr, flags);
}

/* Whether area a can grow by delta bytes where it ends. */
static bool area_expandable(struct vm_area *a, uint32_t delta)
{
    if (delta > USER_TOP - a->end)
        return false;
    for (struct vm_area *b = a->next; b; b = b->next)
        if (b->start < a->end + delta)
            return false;
    return true;
}

/* The checks and the order of Linux 6.1's mremap: the flags, the old
 * address, the rounded lengths; then the area at addr (-EFAULT); FIXED or
 * DONTUNMAP go to remap_to; a shrink unmaps the tail in place; a growth
 * extends the area where it ends when the room is free, else moves it
 * (MREMAP_MAYMOVE) or fails (-ENOMEM). Returns the new address. */
long sys_mremap(uint32_t addr, uint32_t old_len, uint32_t new_len, uint32_t flags, uint32_t new_addr)
{
    struct mm *mm = current->mm;
    if (flags & ~(MREMAP_FIXED | MREMAP_MAYMOVE | MREMAP_DONTUNMAP))
        return -EINVAL;
    if ((flags & MREMAP_FIXED) && !(flags & MREMAP_MAYMOVE))
        return -EINVAL;
    if ((flags & MREMAP_DONTUNMAP) && (!(flags & MREMAP_MAYMOVE) || old_len != new_len))
        return -EINVAL;
    if (addr & 0xFFF)
        return -EINVAL;
    old_len = PAGE_ALIGN(old_len);
    new_len = PAGE_ALIGN(new_len);
    if (!new_len)
        return -EINVAL;
    if (!vm_find(mm, addr))
        return -EFAULT;
    if (flags & (MREMAP_FIXED | MREMAP_DONTUNMAP))
        return remap_to(mm, addr, old_len, new_addr, new_len, flags);
    if (old_len >= new_len) {
        int r = old_len > new_len ? vm_unmap(mm, addr + new_len, addr + old_len) : 0;
        return r < 0 ? r : (long)addr;
    }
    int r;
    struct vm_area *a = area_to_resize(mm, addr, old_len, new_len, &r);
    if (!a)
        return r;
    bool locked = a->flags & VM_LOCKED;     /* the growth comes in at once, as Linux */
    if (old_len == a->end - addr && area_expandable(a, new_len - old_len)) {
        a->end += new_len - old_len;
        if (locked)
            vm_populate(mm, addr + old_len, addr + new_len, true);
        return (long)addr;
    }
    if (!(flags & MREMAP_MAYMOVE))
        return -ENOMEM;
    new_addr = 0;
    if ((r = mmap_place(mm, &new_addr, new_len, 0)) < 0)
        return r;
    long moved = move_area(mm, a, addr, old_len, new_len, new_addr, flags);
    if (locked && (unsigned long)moved < (unsigned long)-4095)
        vm_populate(mm, (uintptr_t)moved + old_len, (uintptr_t)moved + new_len, true);
    return moved;
}
