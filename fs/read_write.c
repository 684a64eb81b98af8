/* Moving bytes: read, write, their vector and positioned forms, lseek and
 * ioctl. Each checks the descriptor and its access mode, then hands a user
 * buffer to the file's f_op (which may sleep, as the console does). */
#include "kernel/kernel.h"
#include "kernel/mm.h"
#include "kernel/proc.h"
#include "kernel/uaccess.h"
#include "kernel/syscalls.h"
#include "fs/vfs.h"
#include "ipc/socket.h"                 /* socket_file_ops, sock_rwv */
#include <linux/uio.h>
#include <linux/fs.h>
#include <asm/ioctls.h>

#define MAX_RW_COUNT 0x7FFFF000u            /* as Linux: INT_MAX rounded to pages */

static bool access_ok(const void *p, size_t n)
{
    uintptr_t a = (uintptr_t)p;
    return a + n >= a && a + n <= KERNEL_VMA;
}

ssize_t vfs_read_kernel(struct inode *ip, void *kbuf, size_t n, loff_t off)
{
    if (!ip->i_op || !ip->i_op->read_kernel)
        return -EINVAL;
    return ip->i_op->read_kernel(ip, kbuf, n, off);
}

ssize_t vfs_write_kernel(struct inode *ip, const void *kbuf, size_t n, loff_t off)
{
    if (!ip->i_op || !ip->i_op->write_kernel)
        return -EINVAL;
    return ip->i_op->write_kernel(ip, kbuf, n, off);
}

/* Reads (write == false) or writes through f at *pos, after the checks
 * read(2) and write(2) share. */
static ssize_t rw(struct file *f, char *buf, size_t n, loff_t *pos, bool write)
{
    if (!f)
        return -EBADF;
    if (!(f->f_mode & (write ? FMODE_WRITE : FMODE_READ)))
        return -EBADF;
    if (!f->f_op || !(write ? (void *)f->f_op->write : (void *)f->f_op->read))
        return -EINVAL;
    if (!access_ok(buf, n))
        return -EFAULT;
    if (*pos < 0)
        return -EINVAL;
    n = MIN(n, MAX_RW_COUNT);
    return write ? f->f_op->write(f, buf, n, pos) : f->f_op->read(f, buf, n, pos);
}

long sys_read(int fd, void *buf, size_t count)
{
    struct file *f = fget(fd);
    return rw(f, buf, count, f ? &f->f_pos : NULL, false);
}

long sys_write(int fd, const void *buf, size_t count)
{
    struct file *f = fget(fd);
    return rw(f, (char *)buf, count, f ? &f->f_pos : NULL, true);
}

static long prw(int fd, char *buf, size_t count, uint32_t lo, uint32_t hi, bool write)
{
    loff_t pos = (loff_t)((uint64_t)hi << 32 | lo);
    if (pos < 0)
        return -EINVAL;
    struct file *f = fget(fd);
    if (!f)
        return -EBADF;
    if (!(f->f_mode & FMODE_PREAD))
        return -ESPIPE;
    return rw(f, buf, count, &pos, write);
}

long sys_pread64(int fd, void *buf, size_t count, uint32_t off_lo, uint32_t off_hi)
{
    return prw(fd, buf, count, off_lo, off_hi, false);
}

long sys_pwrite64(int fd, const void *buf, size_t count, uint32_t off_lo, uint32_t off_hi)
{
    return prw(fd, (char *)buf, count, off_lo, off_hi, true);
}

/* Copies the user's vector of iovcnt (1 to UIO_MAXIOV) segments into
 * *kiov (kmalloc'd: the caller frees it, also on failure) with the
 * checks readv and writev make, and cuts the total to MAX_RW_COUNT.
 * Returns the total, or -EFAULT, -EINVAL, -ENOMEM. */
static long iov_import(const void *uiov, int iovcnt, struct iovec **kiov)
{
    struct iovec *iov = *kiov = kmalloc(iovcnt * sizeof *iov);
    if (!iov)
        return -ENOMEM;
    if (copy_from_user(iov, uiov, iovcnt * sizeof *iov))
        return -EFAULT;
    size_t total = 0;
    for (int i = 0; i < iovcnt; i++) {
        if ((ssize_t)iov[i].iov_len < 0)
            return -EINVAL;
        if (!access_ok(iov[i].iov_base, iov[i].iov_len))
            return -EFAULT;
        iov[i].iov_len = MIN(iov[i].iov_len, MAX_RW_COUNT - total);
        total += iov[i].iov_len;
    }
    return (long)total;
}

/* One rw() per segment, stopping at the first short one. A failure after
 * some bytes moved returns those bytes. */
static long rw_each(struct file *f, const struct iovec *iov, int iovcnt, bool write)
{
    size_t done = 0;
    for (int i = 0; i < iovcnt; i++) {
        if (!iov[i].iov_len)
            continue;
        ssize_t n = rw(f, iov[i].iov_base, iov[i].iov_len, &f->f_pos, write);
        if (n < 0)
            return done ? (long)done : n;
        done += n;
        if ((size_t)n < iov[i].iov_len)
            break;
    }
    return (long)done;
}

/* readv/writev. A socket takes the whole vector in one call, as Linux's
 * sock_read_iter and sock_write_iter (ipc/socket_msg.c: sock_rwv), so a
 * writev is one datagram; other files go segment by segment. Nothing to
 * move is 0 at once, even on a datagram socket, as in Linux. */
static long rwv(int fd, const void *uiov, int iovcnt, bool write)
{
    struct file *f = fget(fd);
    if (!f)
        return -EBADF;
    if (iovcnt < 0 || iovcnt > UIO_MAXIOV)
        return -EINVAL;
    if (iovcnt == 0)
        return 0;
    struct iovec *iov;
    long r = iov_import(uiov, iovcnt, &iov);
    if (r >= 0 && !(f->f_mode & (write ? FMODE_WRITE : FMODE_READ)))
        r = -EBADF;
    else if (r > 0 && f->f_op == &socket_file_ops)
        r = sock_rwv(f, iov, iovcnt, write);
    else if (r > 0)
        r = rw_each(f, iov, iovcnt, write);
    kfree(iov);
    return r;
}

long sys_readv(int fd, const void *iov, int iovcnt)
{
    return rwv(fd, iov, iovcnt, false);
}

long sys_writev(int fd, const void *iov, int iovcnt)
{
    return rwv(fd, iov, iovcnt, true);
}

/* lseek for files with a size: SEEK_DATA and SEEK_HOLE treat the whole
 * file as data. A negative result is -EINVAL. */
loff_t generic_lseek(struct file *f, loff_t off, int whence)
{
    loff_t size = f->f_inode->i_size, pos;
    switch (whence) {
    case SEEK_SET: pos = off; break;
    case SEEK_CUR: pos = f->f_pos + off; break;
    case SEEK_END: pos = size + off; break;
    case SEEK_DATA:
        if (off < 0 || off >= size)
            return -ENXIO;
        pos = off;
        break;
    case SEEK_HOLE:
        if (off < 0 || off >= size)
            return -ENXIO;
        pos = size;
        break;
    default:
        return -EINVAL;
    }
    if (pos < 0)
        return -EINVAL;
    f->f_pos = pos;
    return pos;
}

loff_t no_lseek(struct file *f UNUSED, loff_t off UNUSED, int whence UNUSED)
{
    return -ESPIPE;
}

static loff_t vfs_lseek(int fd, loff_t off, int whence)
{
    struct file *f = fget(fd);
    if (!f)
        return -EBADF;
    if (whence < 0 || whence > SEEK_MAX)
        return -EINVAL;
    return f->f_op && f->f_op->lseek ? f->f_op->lseek(f, off, whence)
                                     : generic_lseek(f, off, whence);
}

long sys_lseek(int fd, int32_t off, int whence)
{
    loff_t r = vfs_lseek(fd, off, whence);
    if (r > 0x7FFFFFFF)
        return -EOVERFLOW;                  /* the position did move, as Linux */
    return (long)r;
}

long sys_llseek(int fd, uint32_t off_hi, uint32_t off_lo, int64_t *result, int whence)
{
    loff_t r = vfs_lseek(fd, (loff_t)((uint64_t)off_hi << 32 | off_lo), whence);
    if (r < 0)
        return (long)r;
    return copy_to_user(result, &r, sizeof r);
}

/* ioctl: the descriptor-level requests here, the rest to the file. */
long sys_ioctl(int fd, uint32_t cmd, uint32_t arg)
{
    struct file *f = fget(fd);
    if (!f)
        return -EBADF;
    int on;
    switch (cmd) {
    case FIOCLEX:
    case FIONCLEX:
        return sys_fcntl(fd, F_SETFD, cmd == FIOCLEX ? FD_CLOEXEC : 0);
    case FIONBIO:
        if (copy_from_user(&on, (void *)arg, sizeof on))
            return -EFAULT;
        f->f_flags = on ? f->f_flags | O_NONBLOCK : f->f_flags & ~O_NONBLOCK;
        return 0;
    case FIONREAD:
        if (S_ISREG(f->f_inode->i_mode)) {
            loff_t left = f->f_inode->i_size - f->f_pos;
            on = left < 0 ? 0 : (int)MIN(left, (loff_t)0x7FFFFFFF);
            return copy_to_user((void *)arg, &on, sizeof on);
        }
        break;
    }
    if (f->f_op && f->f_op->ioctl)
        return f->f_op->ioctl(f, cmd, arg);
    return -ENOTTY;
}
