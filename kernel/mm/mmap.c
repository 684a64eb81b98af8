/* brk, mmap2, munmap, mprotect: the system calls on the address space.
 * Anonymous private mappings only for now; the areas (vm.h) are ready for
 * shared mappings through vm_ops. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/mm/vm.h"
#include "kernel/syscalls.h"
#include "kernel/mm/uaccess.h"
#include "kernel/mm/shmem.h"
#include "fs/vfs.h"
#include "fs/mount.h"
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
        if ((mm->def_flags & VM_LOCKED) && !mlock_future_ok(mm, new_end - old_end))
            return mm->brk;                  /* RLIMIT_MEMLOCK after mlockall(MCL_FUTURE) */
        struct vm_area *heap = old_end > mm->brk_start ? vm_find(mm, old_end - 1) : NULL;
        for (struct vm_area *a = mm->areas; a; a = a->next)
            if (a->start < new_end && old_end < a->end)
                return mm->brk;              /* would run into a mapping */
        if (heap && heap->end == old_end && !heap->ops)
            heap->end = new_end;
        else if ((uint32_t)mm->map_count > sysctl_max_map_count ||
                 vm_map(mm, old_end, new_end, VM_READ | VM_WRITE | VM_ACCOUNT | (mm->def_flags & VM_LOCKED),
                        NULL, NULL, old_end >> PAGE_SHIFT) < 0)
            return mm->brk;                  /* a new area past vm.max_map_count, as Linux */
        vm_merge(mm, old_end, new_end);
        if ((mm->def_flags & (VM_LOCKED | VM_LOCKONFAULT)) == VM_LOCKED)
            vm_populate(mm, old_end, new_end, true);   /* locked: its pages now, as Linux */
    } else if (new_end < old_end) {
        vm_unmap(mm, new_end, old_end);
    }
    mm->brk = brk;
    return brk;
}

/* vm.mmap_min_addr: the lowest address a program may map, so that a
 * kernel NULL dereference can never reach user data. Root may go below it
 * (Linux: CAP_SYS_RAWIO). Set through /proc/sys/vm/mmap_min_addr. */
uint32_t mmap_min_addr = 65536;

static bool range_free(struct mm *mm, uint32_t start, uint32_t end)
{
    for (struct vm_area *a = mm->areas; a && a->start < end; a = a->next)
        if (a->end > start)
            return false;
    return true;
}

/* Where a new mapping of size bytes goes (*addr), as Linux's
 * get_unmapped_area: MAP_FIXED and MAP_FIXED_NOREPLACE take *addr as it is
 * (-ENOMEM past the top, -EINVAL unaligned, -EPERM below vm.mmap_min_addr);
 * otherwise it is a hint, rounded down to a page and up to
 * vm.mmap_min_addr, taken when that room is free. 0 or -errno. */
int mmap_place(struct mm *mm, uint32_t *addr, uint32_t size, int flags)
{
    uint32_t a = *addr;
    if (size > USER_TOP)
        return -ENOMEM;
    if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
        if (a > USER_TOP - size)
            return -ENOMEM;
        if (a & 0xFFF)
            return -EINVAL;
        return a < mmap_min_addr && !capable(CAP_SYS_RAWIO) ? -EPERM : 0;
    }
    a = PAGE_DOWN(a);
    if (a && a < mmap_min_addr)
        a = PAGE_ALIGN(mmap_min_addr);
    if (!a || a > USER_TOP - size || !range_free(mm, a, a + size))
        a = vm_find_free(mm, size);
    *addr = a;
    return a ? 0 : -ENOMEM;
}

static bool is_dev_zero(struct inode *ip)
{
    return S_ISCHR(ip->i_mode) && ip->i_rdev == MKDEV(1, 5);
}

/* The checks Linux's do_mmap makes of the type and the file (NULL:
 * anonymous), in its order, after the address is known. */
static int mmap_type_ok(struct file *file, int type, int prot)
{
    if (!file)
        return type == MAP_PRIVATE || type == MAP_SHARED ? 0 : -EINVAL;
    switch (type) {
    case MAP_SHARED:
    case MAP_SHARED_VALIDATE:
        if ((prot & PROT_WRITE) && !(file->f_mode & FMODE_WRITE))
            return -EACCES;
        /* fall through */
    case MAP_PRIVATE:
        if (!(file->f_mode & FMODE_READ))
            return -EACCES;
        return S_ISREG(file->f_inode->i_mode) || is_dev_zero(file->f_inode) || (file->f_op && file->f_op->mmap) ? 0 : -ENODEV;
    default:
        return -EINVAL;
    }
}

/* What the file's seals (fs/memfd.c) say of a new mapping with flags
 * *vmf, as Linux 6.1: under F_SEAL_WRITE no shared mapping of a file open
 * for writing, not even a read-only one (Linux 6.1 counts each as a
 * writer; 6.7 lets a read-only one through); under F_SEAL_FUTURE_WRITE
 * no shared one that writes, and a read-only one may never write
 * (mprotect: EACCES). 0 or -EPERM. */
static int mmap_seals_ok(struct inode *ip, uint32_t *vmf)
{
    unsigned seals = inode_seals(ip);
    if (!(*vmf & VM_SHARED_RW) || !(seals & (F_SEAL_WRITE | F_SEAL_FUTURE_WRITE)))
        return 0;
    if ((seals & F_SEAL_WRITE) || (*vmf & VM_WRITE))
        return -EPERM;
    *vmf &= ~VM_MAYWRITE;
    return 0;
}

/* Maps [addr, addr + size) as asked; the address or -errno. */
/* The accounting flags of a new mapping, as Linux's do_mmap and
 * accountable_mapping: MAP_NORESERVE is never counted (the heuristic
 * overcommit Pipit has); a private writable mapping is. They show in
 * smaps' VmFlags (ac, nr), and areas that differ in them stay apart. */
static uint32_t mmap_account(int flags, int prot)
{
    if (flags & MAP_NORESERVE)
        return VM_NORESERVE;
    return (flags & MAP_TYPE) == MAP_PRIVATE && (prot & PROT_WRITE) ? VM_ACCOUNT : 0;
}

static long mmap_region(struct mm *mm, struct file *file, uint32_t addr, uint32_t size, int prot,
                        int type, uint32_t pgoff, uint32_t acct)
{
    if (file && file->f_op && file->f_op->mmap) {
        int r = file->f_op->mmap(file, mm, addr, size, pgoff, prot, type);
        return r < 0 ? r : (long)addr;
    }
    if (file) {
        bool writable = file->f_mode & FMODE_WRITE;
        bool noexec = file->f_mnt && (file->f_mnt->mnt_flags & MNT_NOEXEC);
        if (noexec && (prot & PROT_EXEC))
            return -EPERM;                   /* Linux's path_noexec in do_mmap */
        uint32_t vmf = acct | prot_to_vm(prot) | (type == MAP_PRIVATE ? 0 : VM_SHARED) |
                       (noexec ? VM_NOEXEC_MNT : 0) | (writable ? VM_MNT_WRITER : 0) |
                       (writable || type == MAP_PRIVATE ? VM_MAYWRITE : 0) |
                       (writable && type != MAP_PRIVATE ? VM_SHARED_RW : 0);
        int r = mmap_seals_ok(file->f_inode, &vmf);
        if (r < 0)
            return r;
        inode_get(file->f_inode);
        r = vm_map(mm, addr, addr + size, vmf, &file_vm_ops, file->f_inode, pgoff);
        if (r < 0) {
            inode_put(file->f_inode);
            return r;
        }
        struct vm_area *a = vm_find(mm, addr);
        a->mnt = file->f_mnt;                /* the mapping keeps the mount busy, as its file */
        mnt_get(a->mnt);
        count_writer(a, 1);                  /* what file_vm_open does for a copy */
        vm_merge(mm, addr, addr + size);
        return (long)addr;
    }
    if (type == MAP_PRIVATE) {
        int r = vm_map(mm, addr, addr + size, acct | prot_to_vm(prot), NULL, NULL, addr >> PAGE_SHIFT);
        if (r < 0)
            return r;
        vm_merge(mm, addr, addr + size);
        return (long)addr;
    }
    /* MAP_SHARED|MAP_ANONYMOUS: one shmem object that fork shares. */
    struct shmem *obj = shmem_create(size);
    if (!obj)
        return -ENOMEM;
    int r = vm_map(mm, addr, addr + size, acct | prot_to_vm(prot) | VM_SHARED | VM_MAYWRITE, &shmem_vm_ops, obj, 0);
    if (r < 0) {
        shmem_put(obj);
        return r;
    }
    return (long)addr;                       /* (its own object: nothing to join) */
}

/* mmap2, with Linux's checks in Linux's order (i386: pgoff is 32 bits).
 * Unknown prot bits are ignored, as Linux's mmap does. A MAP_FIXED
 * mapping replaces what was there; MAP_FIXED_NOREPLACE fails with EEXIST
 * instead. At most vm.max_map_count areas (-ENOMEM). */
long sys_mmap2(uint32_t addr, uint32_t len, int prot, int flags, int fd, uint32_t pgoff)
{
    struct mm *mm = current->mm;
    struct file *file = NULL;
    if (!(flags & MAP_ANONYMOUS) && !(file = fget(fd)))
        return -EBADF;
    if (!len)
        return -EINVAL;
    uint32_t size = PAGE_ALIGN(len);
    if (!size)
        return -ENOMEM;
    if (pgoff + (size >> PAGE_SHIFT) < pgoff)
        return -EOVERFLOW;
    if ((uint32_t)mm->map_count > sysctl_max_map_count)
        return -ENOMEM;
    int r = mmap_place(mm, &addr, size, flags);
    if (r < 0)
        return r;
    if ((flags & MAP_FIXED_NOREPLACE) && !range_free(mm, addr, addr + size))
        return -EEXIST;
    bool lock = (flags & MAP_LOCKED) || (mm->def_flags & VM_LOCKED);
    if ((flags & MAP_LOCKED) && !can_do_mlock())
        return -EPERM;
    if (lock && !mlock_future_ok(mm, size))
        return -EAGAIN;                      /* RLIMIT_MEMLOCK */
    int type = flags & MAP_TYPE;
    if ((r = mmap_type_ok(file, type, prot)) < 0)
        return r;
    if (!may_map(mm, addr, size, flags & MAP_FIXED))
        return -ENOMEM;                      /* RLIMIT_AS */
    if ((flags & MAP_FIXED) && (r = vm_unmap(mm, addr, addr + size)) < 0)
        return r;
    if (file && is_dev_zero(file->f_inode))
        file = NULL;                         /* /dev/zero: anonymous memory */
    long ret = mmap_region(mm, file, addr, size, prot, type, pgoff, mmap_account(flags, prot));
    if ((unsigned long)ret >= (unsigned long)-4095)
        return ret;                          /* -errno, not an address */
    if (lock)
        vm_lock_range(mm, addr, addr + size, true);
    /* Linux brings the pages in at once for MAP_POPULATE (not with
     * MAP_NONBLOCK) and for a locked mapping (not after MCL_ONFAULT),
     * ignoring failures: the mapping stands. */
    if ((lock && !(mm->def_flags & VM_LOCKONFAULT)) || (flags & (MAP_POPULATE | MAP_NONBLOCK)) == MAP_POPULATE)
        vm_populate(mm, addr, addr + size, true);
    return ret;
}

/* File mappings: pages of a file (its inode's `page` operation), shared
 * with the file itself (MAP_SHARED: writes show through read(2)), or
 * copied on the first write (MAP_PRIVATE; see fault_in in vm.c). The area
 * holds a reference on the inode. */
static paddr_t file_nopage(struct vm_area *a, uint32_t pgoff)
{
    struct inode *ip = a->private;
    if ((loff_t)pgoff << PAGE_SHIFT >= ip->i_size)
        return 0;                            /* wholly past the end: SIGBUS */
    if (!ip->i_op->page)
        return 0;
    return ip->i_op->page(ip, pgoff, a->flags & VM_SHARED);   /* private: holes stay holes */
}

/* A shared mapping of a file open for writing counts as a writer of its
 * file for as long as it lasts (so a program cannot be run while it can
 * be changed through one, even after its descriptor is closed: ETXTBSY,
 * as Linux), and F_SEAL_WRITE cannot be added while it is there; and of
 * its mount (a remount read-only is EBUSY while it lasts). */
static void count_writer(struct vm_area *a, int d)
{
    if (a->flags & VM_SHARED_RW) {
        ((struct inode *)a->private)->i_writers += d;
        ((struct inode *)a->private)->i_mmap_writable += d;
    }
    if ((a->flags & VM_MNT_WRITER) && a->mnt)
        a->mnt->mnt_writers += d;            /* a remount read-only waits for it, as the file */
}

/* mincore: page pgoff of the file has data (a hole or a page past the
 * end has none). */
static bool file_resident(struct vm_area *a, uint32_t pgoff)
{
    struct inode *ip = a->private;
    if ((loff_t)pgoff << PAGE_SHIFT >= ip->i_size || !ip->i_op->page_cached)
        return false;
    return ip->i_op->page_cached(ip, pgoff);
}

/* A copy of an area (fork, a split) holds what the area holds: its
 * inode, its mount, its writer counts; the area's end lets go of them. */
static void file_vm_open(struct vm_area *a)
{
    inode_get(a->private);
    mnt_get(a->mnt);
    count_writer(a, 1);
}

static void file_vm_close(struct vm_area *a)
{
    count_writer(a, -1);
    mnt_put(a->mnt);
    inode_put(a->private);
}

const struct vm_ops file_vm_ops = { .nopage = file_nopage, .open = file_vm_open, .close = file_vm_close,
                                    .resident = file_resident, .mergeable = true };

long sys_msync(uint32_t addr, uint32_t len, int flags)
{
    if ((addr & 0xFFF) || (flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC)) ||
        ((flags & MS_ASYNC) && (flags & MS_SYNC)))
        return -EINVAL;
    uint32_t end = addr + PAGE_ALIGN(len);
    if (end < addr || !vm_range_mapped(current->mm, addr, end))
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

/* As Linux: -EINVAL for an unaligned start, a range past the top (len is
 * checked before rounding, so one near 4 GiB cannot wrap to nothing) or
 * an empty one; -ENOMEM when it would split an area past the limit. */
long sys_munmap(uint32_t addr, uint32_t len)
{
    if ((addr & 0xFFF) || addr > USER_TOP || len > USER_TOP - addr || !PAGE_ALIGN(len))
        return -EINVAL;
    return vm_unmap(current->mm, addr, addr + PAGE_ALIGN(len));
}

/* The first area of [*start, end), as Linux's mprotect takes it: it must
 * begin at *start (-ENOMEM), unless PROT_GROWSDOWN extends the range down
 * to the start of that area, which must grow down (-EINVAL); there are no
 * areas that grow up on x86 (-EINVAL). 0 or -errno. */
static int mprotect_grows(struct mm *mm, uint32_t *start, uint32_t end, int grows)
{
    struct vm_area *a = mm->areas;
    while (a && a->end <= *start)
        a = a->next;
    if (!a || a->start >= end || (!(grows & PROT_GROWSDOWN) && a->start > *start))
        return -ENOMEM;
    if (grows & PROT_GROWSDOWN) {
        *start = a->start;
        return a->flags & VM_GROWSDOWN ? 0 : -EINVAL;
    }
    return grows & PROT_GROWSUP ? -EINVAL : 0;
}

/* Linux's order: both grow flags, an unaligned start (-EINVAL); an empty
 * range succeeds whatever prot is; a length that wraps (-ENOMEM, also when
 * rounding it up wraps to 0); unknown prot bits (-EINVAL); then the areas. */
/* mprotect and pkey_mprotect, in Linux's order of checks (do_mprotect_pkey):
 * both growth directions or an unaligned start (-EINVAL); an empty
 * length does nothing, whatever the key; a range that wraps (-ENOMEM);
 * unknown protection bits (-EINVAL); a key not allocated (-EINVAL: -1
 * means none, and without OSPKE no key ever is, kernel/mm/pkeys.c); then
 * the areas. */
static long do_mprotect_pkey(uint32_t addr, uint32_t len, int prot, int pkey)
{
    int grows = prot & (PROT_GROWSDOWN | PROT_GROWSUP);
    prot &= ~grows;
    if (grows == (PROT_GROWSDOWN | PROT_GROWSUP) || (addr & 0xFFF))
        return -EINVAL;
    if (!len)
        return 0;
    uint32_t end = addr + PAGE_ALIGN(len);
    if (end <= addr)
        return -ENOMEM;
    if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_SEM))
        return -EINVAL;
    if (pkey != -1 && !mm_pkey_is_allocated(current->mm, pkey))
        return -EINVAL;
    int r = mprotect_grows(current->mm, &addr, end, grows);
    return r < 0 ? r : vm_protect(current->mm, addr, end, prot_to_vm(prot));
}

long sys_mprotect(uint32_t addr, uint32_t len, int prot)
{
    return do_mprotect_pkey(addr, len, prot, -1);
}

/* pkey_mprotect(2): mprotect with a protection key; key -1 is mprotect. */
long sys_pkey_mprotect(uint32_t addr, uint32_t len, int prot, int pkey)
{
    return do_mprotect_pkey(addr, len, prot, pkey);
}
