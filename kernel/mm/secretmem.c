/* memfd_secret(2): a file whose only use is to be mapped shared, for
 * memory that no one but the processes that map it should reach, as Linux
 * 6.1's mm/secretmem.c. The file is a nameless regular file (0600, size 0
 * until one ftruncate sets it, once), open O_RDWR, that cannot be read,
 * written, seeked or opened again through /proc; a mapping of it is
 * MAP_SHARED only, never executable (Linux's secretmem mount is noexec),
 * locked for as long as it lasts (it counts against RLIMIT_MEMLOCK, and
 * munlock leaves it locked, mlock of it is ENOMEM), left out of core dumps,
 * and other processes cannot read it through process_vm_readv or ptrace.
 * Its pages are allocated zeroed at the first touch and zeroed again when
 * freed. Linux also takes them out of the kernel's direct map; Pipit maps
 * all of physical memory into the kernel and keeps them there
 * (docs/decisions.md, 74). There is no swap, so they never leave memory. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/syscalls.h"
#include "kernel/mm/vm.h"
#include "kernel/mm/secretmem.h"
#include "fs/vfs.h"
#include <asm/fcntl.h>
#include <linux/mman.h>

/* The pages of one file, sorted by offset (a secret is small: a lookup is
 * a binary search, an insertion a move of the tail). */
struct secretmem {
    int users;                               /* the open file and each area that maps it */
    uint32_t n, cap;
    struct secret_page { uint32_t pgoff; paddr_t pa; } *pages;
};

static const struct inode_operations secretmem_iops;

bool inode_is_secretmem(const struct inode *ip)
{
    return ip->i_op == &secretmem_iops;
}

/* The index of pgoff in s, or where it would go. */
static uint32_t secret_find(const struct secretmem *s, uint32_t pgoff)
{
    uint32_t lo = 0, hi = s->n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (s->pages[mid].pgoff < pgoff)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Page pgoff of the file, made at the first need, with a reference for
 * the caller; 0 past the end of the file (SIGBUS) or when memory is out. */
static paddr_t secretmem_page(struct inode *ip, uint32_t pgoff)
{
    struct secretmem *s = ip->i_private;
    if ((loff_t)pgoff << PAGE_SHIFT >= ip->i_size)
        return 0;
    uint32_t i = secret_find(s, pgoff);
    if (i == s->n || s->pages[i].pgoff != pgoff) {
        if (s->n == s->cap) {
            uint32_t cap = s->cap ? 2 * s->cap : 8;
            struct secret_page *p = kmalloc(cap * sizeof *p);
            if (!p)
                return 0;
            memcpy(p, s->pages, s->n * sizeof *p);
            kfree(s->pages);
            s->pages = p;
            s->cap = cap;
        }
        paddr_t pa = page_alloc_user_zeroed();
        if (!pa)
            return 0;
        memmove(&s->pages[i + 1], &s->pages[i], (s->n - i) * sizeof *s->pages);
        s->pages[i] = (struct secret_page){ pgoff, pa };
        s->n++;
    }
    page_get(s->pages[i].pa);
    return s->pages[i].pa;
}

/* The inode's last reference: its pages are wiped, then given back. */
static void secretmem_evict(struct inode *ip)
{
    struct secretmem *s = ip->i_private;
    for (uint32_t i = 0; i < s->n; i++) {
        memset(P2V(s->pages[i].pa), 0, PAGE_SIZE);
        page_put(s->pages[i].pa);
    }
    kfree(s->pages);
    kfree(s);
    ip->i_private = NULL;
}

/* One user fewer; after the last the inode loses the one link it shows
 * (stat's st_nlink 1, as Linux's), so that its last reference evicts it. */
static void secretmem_unuse(struct inode *ip)
{
    struct secretmem *s = ip->i_private;
    if (--s->users == 0)
        inode_drop_link(ip);
}

/* ftruncate: the size may be set once, from 0 (Linux's secretmem_setattr:
 * -EINVAL once it is not 0). */
static int secretmem_truncate(struct inode *ip, loff_t size)
{
    if (ip->i_size)
        return -EINVAL;
    ip->i_size = size;
    return 0;
}

static const struct inode_operations secretmem_iops = {
    .truncate = secretmem_truncate,
    .evict = secretmem_evict,
};

/* ---- mappings ---- */

static paddr_t secretmem_nopage(struct vm_area *a, uint32_t pgoff)
{
    return secretmem_page(a->private, pgoff);
}

static bool secretmem_resident(struct vm_area *a, uint32_t pgoff)
{
    struct inode *ip = a->private;
    struct secretmem *s = ip->i_private;
    uint32_t i = secret_find(s, pgoff);
    return i < s->n && s->pages[i].pgoff == pgoff && (loff_t)pgoff << PAGE_SHIFT < ip->i_size;
}

static void secretmem_vm_open(struct vm_area *a)
{
    struct inode *ip = a->private;
    ((struct secretmem *)ip->i_private)->users++;
    inode_get(ip);
}

static void secretmem_vm_close(struct vm_area *a)
{
    secretmem_unuse(a->private);
    inode_put(a->private);
}

static const struct vm_ops secretmem_vm_ops = {
    .nopage = secretmem_nopage, .open = secretmem_vm_open, .close = secretmem_vm_close,
    .resident = secretmem_resident, .mergeable = true,
};

bool vma_is_secretmem(const struct vm_area *a)
{
    return a->ops == &secretmem_vm_ops;
}

/* mmap of the file, in Linux's order: PROT_EXEC on its noexec mount
 * (-EPERM, do_mmap's check); a private mapping (-EINVAL); past
 * RLIMIT_MEMLOCK without CAP_IPC_LOCK (-EAGAIN, mlock_future_check).
 * The area is shared, locked and left out of core dumps; its pages come
 * at the first touch. */
static int secretmem_mmap(struct file *f, struct mm *mm, uint32_t addr, uint32_t size, uint32_t pgoff,
                          int prot, int type)
{
    if (prot & PROT_EXEC)
        return -EPERM;
    if (type == MAP_PRIVATE)
        return -EINVAL;
    if (!mlock_future_ok(mm, size))
        return -EAGAIN;
    uint32_t vmf = (prot & PROT_READ ? VM_READ : 0) | (prot & PROT_WRITE ? VM_WRITE : 0) |
                   VM_SHARED | VM_MAYWRITE | VM_NOEXEC_MNT | VM_LOCKED | VM_DONTDUMP;
    int r = vm_map(mm, addr, addr + size, vmf, &secretmem_vm_ops, f->f_inode, pgoff);
    if (r < 0)
        return r;
    ((struct secretmem *)f->f_inode->i_private)->users++;
    inode_get(f->f_inode);
    vm_merge(mm, addr, addr + size);
    return 0;
}

/* ---- the file ---- */

static void secretmem_release(struct inode *ip, struct file *f)
{
    (void)f;
    secretmem_unuse(ip);
}

static const struct file_operations secretmem_fops = {
    .lseek = no_lseek,                       /* no read, no write: EINVAL, as Linux */
    .mmap = secretmem_mmap,
    .release = secretmem_release,
};

/* What an open of /proc/<pid>/fd/N finds: Linux's no_open. */
static int secretmem_no_open(struct inode *ip, struct file *f)
{
    (void)ip, (void)f;
    return -ENXIO;
}

static const struct file_operations secretmem_open_fops = {
    .open = secretmem_no_open,
};

/* memfd_secret(flags): a new secret memory file, O_CLOEXEC its only flag
 * (-EINVAL for any other); -EMFILE, -ENOMEM. Pipit's is always enabled,
 * as Linux 6.1 booted with secretmem.enable=1 (decision 74). */
long sys_memfd_secret(uint32_t flags)
{
    if (flags & ~O_CLOEXEC)
        return -EINVAL;
    int fd = fd_alloc(0);
    if (fd < 0)
        return fd;
    struct inode *ip = inode_alloc(S_IFREG | S_IRUSR | S_IWUSR);
    struct secretmem *s = ip ? kzalloc(sizeof *s) : NULL;
    struct file *f = s ? file_alloc() : NULL;
    if (!f) {
        kfree(s);
        if (ip)
            inode_discard(ip);
        fd_unreserve(fd);
        return -ENOMEM;
    }
    ip->i_dev = SECRETMEM_DEV;               /* fstatfs: SECRETMEM_MAGIC */
    ip->i_nlink = 1;
    ip->i_writers++;                         /* file_put takes it back */
    s->users = 1;
    ip->i_private = s;
    ip->i_op = &secretmem_iops;
    ip->i_fop = &secretmem_open_fops;
    f->f_inode = ip;
    f->f_op = &secretmem_fops;
    f->f_flags = O_RDWR | O_LARGEFILE;
    f->f_mode = FMODE_READ | FMODE_WRITE;
    fd_install_at(fd, f, flags & O_CLOEXEC);
    return fd;
}
