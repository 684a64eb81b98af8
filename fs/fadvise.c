/* Advice and write-back on open files: fadvise64, fadvise64_64,
 * readahead, sync_file_range and syncfs. Every file lives in memory, so
 * there is nothing to read ahead, drop or write back: what is left is
 * Linux's checks, in Linux's order, and its answers for a file system
 * with no backing device (tmpfs: the advice is taken and changes
 * nothing). */
#include "kernel/kernel.h"
#include "kernel/syscalls.h"
#include "fs/vfs.h"
#include <linux/fadvise.h>
#include <linux/fs.h>

#define SYNC_FILE_RANGE_VALID \
    (SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE | SYNC_FILE_RANGE_WAIT_AFTER)

static loff_t join64(uint32_t lo, uint32_t hi)
{
    return (loff_t)((uint64_t)hi << 32 | lo);
}

/* Linux's vfs_fadvise on a file of a device-less file system: -ESPIPE
 * for a pipe or FIFO, -EINVAL for a negative len or unknown advice, else
 * 0 (a socket takes advice too). The offset is not looked at. */
static long vfs_fadvise(struct file *f, loff_t len, int advice)
{
    if (S_ISFIFO(f->f_inode->i_mode))
        return -ESPIPE;
    if (len < 0)
        return -EINVAL;
    switch (advice) {
    case POSIX_FADV_NORMAL: case POSIX_FADV_RANDOM: case POSIX_FADV_SEQUENTIAL:
    case POSIX_FADV_WILLNEED: case POSIX_FADV_NOREUSE: case POSIX_FADV_DONTNEED:
        return 0;
    default:
        return -EINVAL;
    }
}

/* fadvise64_64(fd, offset, len, advice), i386 order: the 64-bit offset
 * and length each as (lo, hi), as musl's posix_fadvise passes them.
 * -EBADF (no file, or O_PATH), else vfs_fadvise's answer. */
long sys_fadvise64_64(int fd, uint32_t off_lo, uint32_t off_hi, uint32_t len_lo, uint32_t len_hi, int advice)
{
    (void)off_lo; (void)off_hi;
    struct file *f = fget(fd);
    if (!f)
        return -EBADF;
    return vfs_fadvise(f, join64(len_lo, len_hi), advice);
}

/* fadvise64(fd, offset (lo, hi), len, advice): the older call, its
 * length a 32-bit size_t (never negative). */
long sys_fadvise64(int fd, uint32_t off_lo, uint32_t off_hi, uint32_t len, int advice)
{
    return sys_fadvise64_64(fd, off_lo, off_hi, len, 0, advice);
}

/* readahead(fd, offset (lo, hi), count): -EBADF unless fd is open for
 * reading, -EINVAL unless it is a regular file (Linux 6.1's rule), else
 * 0: the pages are in memory already. */
long sys_readahead(int fd, uint32_t off_lo, uint32_t off_hi, uint32_t count)
{
    (void)off_lo; (void)off_hi;
    struct file *f = fget(fd);
    if (!f || !(f->f_mode & FMODE_READ))
        return -EBADF;
    if (!S_ISREG(f->f_inode->i_mode))
        return -EINVAL;
    return vfs_fadvise(f, count, POSIX_FADV_WILLNEED);
}

/* sync_file_range(fd, offset (lo, hi), nbytes (lo, hi), flags), i386
 * order: -EBADF, then as Linux's sync_file_range: -EINVAL for unknown
 * flags, a negative offset or end, or an end before the offset; 0 for a
 * range past what a 32-bit page cache can address (Linux "succeeds");
 * -ESPIPE unless a regular file, directory or symbolic link; else 0:
 * nothing is ever dirty on a disk. */
long sys_sync_file_range(int fd, uint32_t off_lo, uint32_t off_hi, uint32_t n_lo, uint32_t n_hi, uint32_t flags)
{
    loff_t off = join64(off_lo, off_hi), nbytes = join64(n_lo, n_hi);
    struct file *f = fget(fd);
    if (!f)
        return -EBADF;
    loff_t end = (loff_t)((uint64_t)off + (uint64_t)nbytes);
    if ((flags & ~SYNC_FILE_RANGE_VALID) || off < 0 || end < 0 || end < off)
        return -EINVAL;
    if ((uint64_t)off >= (0x100000000ULL << PAGE_SHIFT))
        return 0;
    uint32_t m = f->f_inode->i_mode;
    if (!S_ISREG(m) && !S_ISBLK(m) && !S_ISDIR(m) && !S_ISLNK(m))
        return -ESPIPE;
    return 0;
}

/* syncfs(fd): writes back the file system fd is on; -EBADF, else 0. */
long sys_syncfs(int fd)
{
    return fget(fd) ? 0 : -EBADF;
}
