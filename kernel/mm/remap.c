/* remap_file_pages (257): deprecated in Linux, which since 4.0 emulates it
 * with a new mapping of the same object (file, shm segment, shared
 * anonymous memory) at another offset over the range (mm/mmap.c). */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/mm/vm.h"
#include "kernel/syscalls.h"
#include <linux/mman.h>

/* Whether [start, end) is covered, from area a on, by areas without holes
 * that map the same object with the same flags, as Linux requires. */
static bool one_object(struct vm_area *a, uint32_t end)
{
    for (struct vm_area *p = a; end > p->end; p = p->next) {
        struct vm_area *n = p->next;
        if (!n || n->start != p->end || n->ops != a->ops || n->private != a->private ||
            n->flags != a->flags)
            return false;
    }
    return true;
}

/* Maps pages pgoff.. of the object under [start, start + size) (both
 * rounded down to pages) in place of what was there. prot must be 0;
 * flags other than MAP_NONBLOCK are ignored, as Linux. 0, or -EINVAL: a
 * prot, an empty or wrapping range or offset, a range not all in shared
 * areas of one object; -ENOMEM past vm.max_map_count. May sleep. */
long sys_remap_file_pages(uint32_t start, uint32_t size, uint32_t prot, uint32_t pgoff, uint32_t flags)
{
    struct mm *mm = current->mm;
    (void)flags;
    if (prot)
        return -EINVAL;
    start &= ~(uint32_t)(PAGE_SIZE - 1);
    size &= ~(uint32_t)(PAGE_SIZE - 1);
    if (start + size <= start || pgoff + (size >> PAGE_SHIFT) < pgoff)
        return -EINVAL;
    struct vm_area *a = vm_find(mm, start);
    if (!a || !(a->flags & VM_SHARED) || !a->ops || !one_object(a, start + size))
        return -EINVAL;
    struct vm_area ref = *a;                 /* a reference on the object across the unmap */
    if (ref.ops->open)
        ref.ops->open(&ref);
    int r = vm_unmap(mm, start, start + size);
    if (!r)
        r = vm_map(mm, start, start + size, ref.flags, ref.ops, ref.private, pgoff);
    if (r < 0 && ref.ops->close)
        ref.ops->close(&ref);                /* the new area did not take it */
    return r < 0 ? r : 0;
}
