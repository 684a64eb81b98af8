/* The calls for disk quotas and swap areas, which a ramfs-only kernel has
 * neither of: each checks what Linux 6.1 checks before it would need a
 * block device or a swap signature, and answers as Linux does for tmpfs
 * (no quota operations, no bmap) and for files that are not swap areas.
 * Called from the system-call table. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/syscalls.h"
#include "fs/vfs.h"

#define SUBCMDSHIFT 8
#define SUBCMDMASK  0xff
#define MAXQUOTAS   3                        /* user, group, project */
#define Q_SYNC      0x800001
#define SWAP_FLAGS_VALID 0x7ffff             /* priority, PREFER and the DISCARD flags */

/* quotactl(cmd, special, id, addr): the type first (-EINVAL); without a
 * device only Q_SYNC, which syncs nothing here (0; others -ENODEV); a
 * device is named by a path that must lead to a block device, and
 * Pipit has none (-ENOTBLK after the path's own errors). */
long sys_quotactl(uint32_t cmd, const char *special, uint32_t id, void *addr)
{
    (void)id; (void)addr;
    if ((cmd & SUBCMDMASK) >= MAXQUOTAS)
        return -EINVAL;
    if (!special)
        return (cmd >> SUBCMDSHIFT) == Q_SYNC ? 0 : -ENODEV;
    struct inode *ip;
    int r = stat_lookup(AT_FDCWD, special, 0, &ip);
    if (r)
        return r;
    inode_put(ip);
    return -ENOTBLK;
}

/* quotactl_fd(fd, cmd, id, addr): the file's filesystem is a ramfs,
 * which has no quota operations: -ENOSYS, as tmpfs on Linux 6.1, after
 * -EBADF and the type's -EINVAL. */
long sys_quotactl_fd(int fd, uint32_t cmd, uint32_t id, void *addr)
{
    (void)id; (void)addr;
    if (!fget_raw(fd))
        return -EBADF;
    return (cmd & SUBCMDMASK) >= MAXQUOTAS ? -EINVAL : -ENOSYS;
}

/* Opens the path as swapon and swapoff do (read-write): 0, or the
 * open's -errno (-ENOENT, -EISDIR, -EFAULT, ...). */
static int swap_open(const char *upath)
{
    char *path = getname(upath);
    if (IS_ERR_PTR(path))
        return (int)PTR_ERR(path);
    struct file *f;
    int r = do_open(AT_FDCWD, path, O_RDWR | O_LARGEFILE, 0, &f);
    putname(path);
    if (r)
        return r;
    file_put(f);
    return 0;
}

/* swapon(path, flags): unknown flags -EINVAL, then CAP_SYS_ADMIN only (-EPERM);
 * the file must open read-write, and then is no swap area: a ramfs file
 * has no "SWAPSPACE2" signature Linux could use (and tmpfs no bmap), a
 * device no swap either: -EINVAL. */
long sys_swapon(const char *upath, int flags)
{
    if (flags & ~SWAP_FLAGS_VALID)
        return -EINVAL;
    if (!capable(CAP_SYS_ADMIN))
        return -EPERM;
    int r = swap_open(upath);
    return r ? r : -EINVAL;
}

/* swapoff(path): CAP_SYS_ADMIN only; no file is in use for swap: -EINVAL once it
 * opens. */
long sys_swapoff(const char *upath)
{
    if (!capable(CAP_SYS_ADMIN))
        return -EPERM;
    int r = swap_open(upath);
    return r ? r : -EINVAL;
}
