/* memfd_create(2) and file seals (fcntl F_ADD_SEALS, F_GET_SEALS), as
 * Linux 6.1. A memfd is a ramfs regular file that no directory holds:
 * it lives while a descriptor or a mapping has it, and is shared by
 * passing the descriptor on (fork, SCM_RIGHTS, /proc/<pid>/fd/N). Seals
 * belong to the inode (struct ramfs_file); ramfs_file.c enforces them on
 * write, truncate and fallocate, kernel/mm/mmap.c on mmap. */
#include "kernel/kernel.h"
#include "kernel/mm/mm.h"
#include "kernel/mm/uaccess.h"
#include "kernel/syscalls.h"
#include "fs/ramfs.h"
#include <linux/memfd.h>

#define MFD_PREFIX    "memfd:"
#define MFD_PREFIX_LEN (sizeof MFD_PREFIX - 1)
#define MFD_NAME_MAX  (NAME_MAX_K - MFD_PREFIX_LEN)   /* 249 bytes of name */
/* Linux 6.1's flags. MFD_NOEXEC_SEAL and MFD_EXEC came with 6.3: here
 * they are unknown bits, EINVAL, as on 6.1. */
#define MFD_ALL_FLAGS (MFD_CLOEXEC | MFD_ALLOW_SEALING | MFD_HUGETLB)
/* 6.1's seals (F_SEAL_EXEC came with 6.3). */
#define F_ALL_SEALS   (F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_FUTURE_WRITE)

/* The data of ip when it is a ramfs regular file, the only kind that
 * has seals (every tmpfs file has them in Linux); else NULL. */
static struct ramfs_file *sealable(struct inode *ip)
{
    return ip->i_op == &ramfs_file_iops ? ip->i_private : NULL;
}

unsigned inode_seals(struct inode *ip)
{
    struct ramfs_file *rf = sealable(ip);
    return rf ? rf->seals : 0;
}

const char *memfd_name(struct inode *ip)
{
    struct ramfs_file *rf = sealable(ip);
    return rf ? rf->memfd_name : NULL;
}

/* "memfd:" and the user's name, kmalloc'd, or an ERR_PTR: -EFAULT for a
 * bad pointer, -EINVAL for a name past 249 bytes, -ENOMEM. */
static char *memfd_getname(const char *uname)
{
    char *name = kmalloc(MFD_PREFIX_LEN + MFD_NAME_MAX + 1);
    if (!name)
        return ERR_PTR(-ENOMEM);
    memcpy(name, MFD_PREFIX, MFD_PREFIX_LEN);
    int n = strncpy_from_user(name + MFD_PREFIX_LEN, uname, MFD_NAME_MAX + 1);
    if (n < 0) {
        kfree(name);
        return ERR_PTR(n == -EFAULT ? -EFAULT : -EINVAL);
    }
    return name;
}

/* memfd_create (356): checks in Linux's order: the flags (the huge page
 * size bits only with MFD_HUGETLB), the name, a descriptor (EMFILE), then
 * the file. Pipit has no hugetlbfs: MFD_HUGETLB fails with ENOSYS, as on
 * a Linux 6.1 built without CONFIG_HUGETLBFS. The file is mode 0777
 * whatever the umask, open O_RDWR | O_LARGEFILE, with no link, and
 * starts with F_SEAL_SEAL unless MFD_ALLOW_SEALING. */
long sys_memfd_create(const char *uname, unsigned flags)
{
    unsigned huge = flags & MFD_HUGETLB ? MFD_HUGE_MASK << MFD_HUGE_SHIFT : 0;
    if (flags & ~(MFD_ALL_FLAGS | huge))
        return -EINVAL;
    char *name = memfd_getname(uname);
    if (IS_ERR_PTR(name))
        return PTR_ERR(name);
    int fd = fd_alloc(0), r = fd;
    if (fd < 0)
        goto out;
    r = -ENOSYS;
    if (flags & MFD_HUGETLB)
        goto out;
    r = -ENOSPC;
    struct inode *ip = ramfs_new_file(0777);
    if (!ip)
        goto out;
    struct file *f = file_alloc();
    if (!f) {
        inode_put(ip);
        r = -ENFILE;
        goto out;
    }
    struct ramfs_file *rf = ip->i_private;
    rf->memfd_name = name;
    name = NULL;
    if (flags & MFD_ALLOW_SEALING)
        rf->seals &= ~F_SEAL_SEAL;
    f->f_inode = ip;
    f->f_op = ip->i_fop;
    f->f_flags = O_RDWR | O_LARGEFILE;
    f->f_mode = FMODE_READ | FMODE_WRITE | FMODE_PREAD | FMODE_PWRITE;
    ip->i_writers++;                        /* file_put takes it back */
    fd_install_at(fd, f, flags & MFD_CLOEXEC);
    r = fd;
out:
    if (r < 0 && fd >= 0)
        fd_unreserve(fd);
    kfree(name);
    return r;
}

/* F_ADD_SEALS, in Linux's order: the file must be open for writing
 * (EPERM), the bits known (EINVAL), the file sealable (EINVAL), the set
 * not sealed (EPERM); F_SEAL_WRITE waits for no shared mapping that may
 * write (EBUSY). Seals already there are added again without a word. */
static long add_seals(struct file *f, uint32_t seals)
{
    struct ramfs_file *rf = sealable(f->f_inode);
    if (!(f->f_mode & FMODE_WRITE))
        return -EPERM;
    if (seals & ~F_ALL_SEALS)
        return -EINVAL;
    if (!rf)
        return -EINVAL;
    if (rf->seals & F_SEAL_SEAL)
        return -EPERM;
    if ((seals & F_SEAL_WRITE) && !(rf->seals & F_SEAL_WRITE) && f->f_inode->i_mmap_writable)
        return -EBUSY;
    rf->seals |= seals;
    return 0;
}

/* The seal commands of fcntl (fs/fd.c), on any open file but O_PATH. A
 * ramfs regular file that is no memfd has F_SEAL_SEAL, as a tmpfs file:
 * F_GET_SEALS gives 1 and F_ADD_SEALS EPERM (any other file: EINVAL). */
long memfd_fcntl(struct file *f, int cmd, uint32_t arg)
{
    if (cmd == F_ADD_SEALS)
        return add_seals(f, arg);
    struct ramfs_file *rf = sealable(f->f_inode);
    return rf ? (long)rf->seals : -EINVAL;
}
