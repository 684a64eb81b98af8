/* brk, mmap2, munmap, mprotect: the system calls on the address space.
 * Anonymous private mappings only for now; the areas (vm.h) are ready for
 * shared mappings through vm_ops. */
#include "kernel.h"
#include "proc.h"
#include "vm.h"
#include "syscalls.h"
#include "uaccess.h"
#include "shmem.h"
#include "fs/vfs.h"
#include <linux/mman.h>

extern const struct vm_ops file_vm_ops;

static uint32_t prot_to_vm(int prot)
{
    return (prot & PROT_READ ? VM_READ : 0) | (prot & PROT_WRITE ? VM_WRITE : 0) |
           (prot & PROT_EXEC ? VM_EXEC : 0);
}

static void count_writer(struct vm_area *a, int d);

/* The heap is one area from brk_start to PAGE_ALIGN(brk); brk(0) or an
 * impossible request returns the current break, as Linux does. Impossible
 * is: below the heap's start; above the lowest the stack may reach (so
 * never into the kernel half, nor so near 4 GiB that PAGE_ALIGN wraps to
 * 0 and the shrink below would unmap the program); into a mapping; or
 * growth by more pages than the machine has, an overcommit Linux's
 * default heuristic refuses at once too. */
long sys_brk(uint32_t brk)
{
    struct mm *mm = current->mm;
    if (brk < mm->brk_start || brk > STACK_TOP - STACK_MAX)
        return mm->brk;
    uintptr_t old_end = PAGE_ALIGN(mm->brk), new_end = PAGE_ALIGN(brk);
    if (new_end > old_end) {
        if ((new_end - old_end) / PAGE_SIZE > page_total_count() ||
            !may_expand_vm(mm, (new_end - old_end) / PAGE_SIZE))
            return mm->brk;                  /* RLIMIT_AS */
        struct vm_area *heap = old_end > mm->brk_start ? vm_find(mm, old_end - 1) : NULL;
        for (struct vm_area *a = mm->areas; a; a = a->next)
            if (a->start < new_end && old_end < a->end)
                return mm->brk;              /* would run into a mapping */
        if (heap && heap->end == old_end && !heap->ops)
            heap->end = new_end;
        else if (vm_map(mm, old_end, new_end, VM_READ | VM_WRITE, NULL, NULL, 0) < 0)
            return mm->brk;
    } else if (new_end < old_end) {
        vm_unmap(mm, new_end, old_end);
    }
    mm->brk = brk;
    return brk;
}

long sys_mmap2(uint32_t addr, uint32_t len, int prot, int flags, int fd, uint32_t pgoff)
{
    struct mm *mm = current->mm;
    if (!len || (addr & 0xFFF))
        return -EINVAL;
    int type = flags & MAP_TYPE;
    if (type != MAP_PRIVATE && type != MAP_SHARED && type != MAP_SHARED_VALIDATE)
        return -EINVAL;
    if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_SEM | PROT_GROWSDOWN | PROT_GROWSUP))
        return -EINVAL;
    struct file *file = NULL;
    if (!(flags & MAP_ANONYMOUS)) {
        file = fget(fd);
        if (!file)
            return -EBADF;
        struct inode *ip = file->f_inode;
        if (S_ISCHR(ip->i_mode) && ip->i_rdev == MKDEV(1, 5))
            file = NULL;                     /* /dev/zero: anonymous memory */
        else if (!S_ISREG(ip->i_mode))
            return -ENODEV;
        else if (!(file->f_mode & FMODE_READ) ||
                 (type != MAP_PRIVATE && (prot & PROT_WRITE) && !(file->f_mode & FMODE_WRITE)))
            return -EACCES;
    }
    uint32_t size = PAGE_ALIGN(len);
    if (size == 0 || size > USER_TOP)
        return -ENOMEM;
    if (!may_map(mm, addr, size, flags & MAP_FIXED))
        return -ENOMEM;                      /* RLIMIT_AS */
    if (flags & MAP_FIXED) {
        if (addr + size > USER_TOP || addr + size < addr)
            return -ENOMEM;
        vm_unmap(mm, addr, addr + size);
    } else if (!addr || addr + size > USER_TOP || addr + size < addr ||
               ({ bool busy = false;
                  for (struct vm_area *a = mm->areas; a; a = a->next)
                      if (a->start < addr + size && addr < a->end) busy = true;
                  busy; })) {
        addr = vm_find_free(mm, size);
        if (!addr)
            return -ENOMEM;
    }
    if (file) {
        inode_get(file->f_inode);
        uint32_t vmf = prot_to_vm(prot) | (type == MAP_PRIVATE ? 0 : VM_SHARED) |
                       ((file->f_mode & FMODE_WRITE) || type == MAP_PRIVATE ? VM_MAYWRITE : 0);
        int r = vm_map(mm, addr, addr + size, vmf, &file_vm_ops, file->f_inode, pgoff);
        if (r < 0) {
            inode_put(file->f_inode);
            return r;
        }
        count_writer(vm_find(mm, addr), 1);  /* what file_vm_open does for a copy */
        return (long)addr;
    }
    if (type == MAP_PRIVATE) {
        int r = vm_map(mm, addr, addr + size, prot_to_vm(prot), NULL, NULL, 0);
        return r < 0 ? r : (long)addr;
    }
    /* MAP_SHARED|MAP_ANONYMOUS: one shmem object that fork shares. */
    struct shmem *obj = shmem_create(size);
    if (!obj)
        return -ENOMEM;
    int r = vm_map(mm, addr, addr + size, prot_to_vm(prot) | VM_SHARED | VM_MAYWRITE, &shmem_vm_ops, obj, 0);
    if (r < 0) {
        shmem_put(obj);
        return r;
    }
    return (long)addr;
}

/* File mappings: pages of a ramfs file, shared with the file itself
 * (MAP_SHARED: writes show through read(2)), or copied on the first write
 * (MAP_PRIVATE; see fault_in in vm.c). The area holds a reference on the
 * inode. */
static paddr_t file_nopage(struct vm_area *a, uint32_t pgoff)
{
    struct inode *ip = a->private;
    if ((loff_t)pgoff << PAGE_SHIFT >= ip->i_size)
        return 0;                            /* wholly past the end: SIGBUS */
    return ramfs_file_page(ip, pgoff, a->flags & VM_SHARED);   /* private: holes stay holes */
}

/* A shared mapping that may write counts as a writer of its file for as
 * long as it lasts (so a program cannot be run while it can be changed
 * through one, even after its descriptor is closed: ETXTBSY, as Linux). */
static void count_writer(struct vm_area *a, int d)
{
    if ((a->flags & (VM_SHARED | VM_MAYWRITE)) == (VM_SHARED | VM_MAYWRITE))
        ((struct inode *)a->private)->i_writers += d;
}

static void file_vm_open(struct vm_area *a) { inode_get(a->private); count_writer(a, 1); }
static void file_vm_close(struct vm_area *a) { count_writer(a, -1); inode_put(a->private); }

const struct vm_ops file_vm_ops = { .nopage = file_nopage, .open = file_vm_open, .close = file_vm_close };

/* Whether every page of [start, end) lies in some area. */
static bool range_mapped(struct mm *mm, uint32_t start, uint32_t end)
{
    for (uint32_t va = start; va < end; ) {
        struct vm_area *a = vm_find(mm, va);
        if (!a)
            return false;
        va = a->end;
    }
    return true;
}

long sys_msync(uint32_t addr, uint32_t len, int flags)
{
    if ((addr & 0xFFF) || (flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC)) ||
        ((flags & MS_ASYNC) && (flags & MS_SYNC)))
        return -EINVAL;
    uint32_t end = addr + PAGE_ALIGN(len);
    if (end < addr || !range_mapped(current->mm, addr, end))
        return -ENOMEM;                      /* wraps past 4 GiB, or not all mapped */
    return 0;                                /* ramfs pages are the file: nothing to write back */
}

long sys_old_mmap(void *args)
{
    uint32_t a[6];
    if (copy_from_user(a, args, sizeof a))
        return -EFAULT;
    if (a[5] & 0xFFF)
        return -EINVAL;
    return sys_mmap2(a[0], a[1], (int)a[2], (int)a[3], (int)a[4], a[5] >> PAGE_SHIFT);
}

long sys_munmap(uint32_t addr, uint32_t len)
{
    if ((addr & 0xFFF) || !len || addr >= USER_TOP || PAGE_ALIGN(len) > USER_TOP - addr)
        return -EINVAL;
    return vm_unmap(current->mm, addr, addr + PAGE_ALIGN(len));
}

long sys_mprotect(uint32_t addr, uint32_t len, int prot)
{
    if (addr & 0xFFF)
        return -EINVAL;
    if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_SEM | PROT_GROWSDOWN | PROT_GROWSUP))
        return -EINVAL;
    uint32_t size = PAGE_ALIGN(len);
    if (!size)
        return 0;
    if (addr + size < addr || addr + size > USER_TOP)
        return -ENOMEM;
    return vm_protect(current->mm, addr, addr + size, prot_to_vm(prot));
}

/* Advice is only taken as a hint (none is acted on), but the range is
 * checked as Linux does: -EINVAL when unaligned or wrapping past 4 GiB,
 * -ENOMEM when some page of it is not mapped (the kernel half never is). */
long sys_madvise(uint32_t addr, uint32_t len, int advice)
{
    (void)advice;
    uint32_t end = addr + PAGE_ALIGN(len);
    if ((addr & 0xFFF) || end < addr || (len && !PAGE_ALIGN(len)))
        return -EINVAL;
    return range_mapped(current->mm, addr, end) ? 0 : -ENOMEM;
}
