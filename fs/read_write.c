/* Moving bytes: read, write, their vector and positioned forms, lseek and
 * ioctl. Each checks the descriptor and its access mode, then hands a user
 * buffer to the file's f_op (which may sleep, as the console does). */
#include "kernel/kernel.h"
#include "kernel/mm/mm.h"
#include "kernel/proc.h"
#include "kernel/mm/uaccess.h"
#include "kernel/syscalls.h"
#include "fs/vfs.h"
#include "fs/notify.h"
#include "kernel/signal.h"
#include <linux/uio.h>
#include <linux/resource.h>
#include <linux/fs.h>
#include <asm/ioctls.h>

/* The steps of read and write, down to the file's read_iter or write_iter,
 * are inlined into each system call: a pipe's round trip is a read and a
 * write of a byte, and under TCG every return costs a lookup. */
#define RW_INLINE static inline __attribute__((always_inline))

RW_INLINE bool access_ok(const void *p, size_t n)
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

/* Linux's order of checks before any transfer: the access mode (EBADF),
 * then an operation to do it (EINVAL). */
RW_INLINE int rw_check(struct file *f, bool write)
{
    const struct file_operations *op = f->f_op;
    if (!(f->f_mode & (write ? FMODE_WRITE : FMODE_READ)))
        return -EBADF;
    if (!op || !(write ? op->write_iter || op->write : op->read_iter || op->read))
        return -EINVAL;
    return 0;
}

/* A file without _iter operations: one read or write per segment,
 * stopping at the first short one (Linux's do_loop_readv_writev). The
 * first call is made even for 0 bytes (read of a directory: EISDIR). */
static ssize_t loop_rw(struct file *f, struct iov_iter *it, loff_t *pos, bool write)
{
    ssize_t done = 0;
    do {
        while (it->nr_segs > 1 && it->iov_offset == it->iov->iov_len) {
            it->iov++;                       /* step over empty segments */
            it->nr_segs--;
            it->iov_offset = 0;
        }
        size_t want = MIN(it->iov->iov_len - it->iov_offset, iov_iter_count(it));
        char *ubuf = (char *)it->iov->iov_base + it->iov_offset;
        ssize_t n = write ? f->f_op->write(f, ubuf, want, pos) : f->f_op->read(f, ubuf, want, pos);
        if (n < 0)
            return done ? done : n;
        iov_iter_advance(it, (size_t)n);
        done += n;
        if ((size_t)n < want || !want)
            break;
    } while (iov_iter_count(it));
    return done;
}

/* Append mode (O_APPEND, or pwritev2's RWF_APPEND) puts a write to a
 * regular file at its end, whatever *pos says (pwrite too, as Linux). */
RW_INLINE ssize_t do_iter_write(struct file *f, struct iov_iter *it, loff_t *pos, bool append)
{
    if (append && S_ISREG(f->f_inode->i_mode))
        *pos = f->f_inode->i_size;
    if (S_ISREG(f->f_inode->i_mode) && iov_iter_count(it)) {
        ssize_t max = write_check_limits(f, *pos, iov_iter_count(it));
        if (max < 0)
            return max;
        iov_iter_truncate(it, (size_t)max);
    }
    return f->f_op->write_iter ? f->f_op->write_iter(f, it, pos) : loop_rw(f, it, pos, true);
}

/* The one path of every read and write, after rw_check: the position is
 * checked (as Linux's rw_verify_area), then the file's read_iter or
 * write_iter takes the whole vector. `vector`: nothing to move is 0 at once
 * (readv and writev); a read or write of 0 bytes still reaches the file. */
RW_INLINE ssize_t do_iter_rw(struct file *f, struct iov_iter *it, loff_t *pos, bool write,
                             bool vector, bool append)
{
    if (vector && !iov_iter_count(it))
        return 0;
    if (*pos < 0 || (uint64_t)*pos + iov_iter_count(it) > (uint64_t)INT64_MAX)
        return -EINVAL;
    ssize_t r;
    if (write) {
        if ((r = do_iter_write(f, it, pos, append)) > 0)
            fsnotify_modify(f);
        return r;
    }
    if ((r = fsnotify_access_perm(f)))
        return r;                           /* FAN_ACCESS_PERM denied */
    r = f->f_op->read_iter ? f->f_op->read_iter(f, it, pos) : loop_rw(f, it, pos, false);
    if (r > 0)
        fsnotify_access(f);
    return r;
}

/* read(2), write(2), pread64, pwrite64: a vector of one segment. */
RW_INLINE ssize_t rw(struct file *f, char *buf, size_t n, loff_t *pos, bool write)
{
    if (!f)
        return -EBADF;
    int r = rw_check(f, write);
    if (r)
        return r;
    if (!access_ok(buf, n))
        return -EFAULT;
    struct iovec iov = { buf, MIN(n, MAX_RW_COUNT) };
    struct iov_iter it;
    iov_iter_init(&it, &iov, 1, iov.iov_len);
    return do_iter_rw(f, &it, pos, write, false, write && (f->f_flags & O_APPEND));
}

__hot long sys_read(int fd, void *buf, size_t count)
{
    struct file *f = fget_light(fd);
    return rw(f, buf, count, f ? &f->f_pos : NULL, false);
}

__hot long sys_write(int fd, const void *buf, size_t count)
{
    struct file *f = fget_light(fd);
    return rw(f, (char *)buf, count, f ? &f->f_pos : NULL, true);
}

/* The positioned calls' checks, in Linux's order: a negative position,
 * the descriptor, a file that has positions for the call (FMODE_PREAD,
 * or FMODE_PWRITE for a write). The file or an error. */
static struct file *pfile(int fd, loff_t pos, bool write, long *err)
{
    struct file *f = pos < 0 ? NULL : fget(fd);
    *err = pos < 0 ? -EINVAL : !f ? -EBADF : !(f->f_mode & (write ? FMODE_PWRITE : FMODE_PREAD)) ? -ESPIPE : 0;
    return *err ? NULL : f;
}

static long prw(int fd, char *buf, size_t count, uint32_t lo, uint32_t hi, bool write)
{
    loff_t pos = (loff_t)((uint64_t)hi << 32 | lo);
    long err;
    struct file *f = pfile(fd, pos, write, &err);
    return f ? rw(f, buf, count, &pos, write) : err;
}

long sys_pread64(int fd, void *buf, size_t count, uint32_t off_lo, uint32_t off_hi)
{
    return prw(fd, buf, count, off_lo, off_hi, false);
}

long sys_pwrite64(int fd, const void *buf, size_t count, uint32_t off_lo, uint32_t off_hi)
{
    return prw(fd, (char *)buf, count, off_lo, off_hi, true);
}

/* Linux's iovec_from_user (fs/vfs.h). */
long iov_copy_in(const void *uiov, int iovcnt, struct iovec **kiov)
{
    *kiov = NULL;
    if (iovcnt < 0 || iovcnt > UIO_MAXIOV)
        return -EINVAL;
    if (iovcnt == 0)
        return 0;
    struct iovec *iov = *kiov = kmalloc(iovcnt * sizeof *iov);
    if (!iov)
        return -ENOMEM;
    if (copy_from_user(iov, uiov, iovcnt * sizeof *iov))
        return -EFAULT;
    for (int i = 0; i < iovcnt; i++)
        if ((ssize_t)iov[i].iov_len < 0)
            return -EINVAL;
    return 0;
}

/* readv's and writev's checks of a vector (fs/vfs.h). */
long iov_import(const void *uiov, int iovcnt, struct iovec **kiov)
{
    long r = iov_copy_in(uiov, iovcnt, kiov);
    if (r < 0)
        return r;
    struct iovec *iov = *kiov;
    size_t total = 0;
    for (int i = 0; i < iovcnt; i++) {
        if (!access_ok(iov[i].iov_base, iov[i].iov_len))
            return -EFAULT;
        iov[i].iov_len = MIN(iov[i].iov_len, MAX_RW_COUNT - total);
        total += iov[i].iov_len;
    }
    return (long)total;
}

#define RWF_NOAPPEND_K  0x20                /* newer than the headers */
#define RWF_DONTCACHE_K 0x80
#define RWF_KNOWN_K     0x1FF               /* ... up to RWF_NOSIGNAL */

/* The per-call flags of preadv2/pwritev2 (Linux's kiocb_set_rw_flags).
 * HIPRI, DSYNC, SYNC and DONTCACHE change nothing on a RAM filesystem;
 * NOWAIT, ATOMIC and NOSIGNAL are refused (docs/decisions.md). 0 or
 * -errno; *append: where the write goes. */
static int rwf_check(struct file *f, int flags, bool write, bool *append)
{
    *append = write && (f->f_flags & O_APPEND);
    if (flags & ~RWF_KNOWN_K)
        return -EOPNOTSUPP;
    if ((flags & RWF_APPEND) && (flags & RWF_NOAPPEND_K))
        return -EINVAL;
    if (flags & ~(RWF_HIPRI | RWF_DSYNC | RWF_SYNC | RWF_APPEND | RWF_NOAPPEND_K | RWF_DONTCACHE_K))
        return -EOPNOTSUPP;
    if (flags & RWF_APPEND)
        *append = write;
    if (flags & RWF_NOAPPEND_K)
        *append = false;
    return 0;
}

/* readv, writev and the positioned forms (pos: NULL for the file's own).
 * All of the vector goes to the file in one call, so it is one read or
 * write of its total length: a writev to a pipe is atomic up to
 * PIPE_BUF, a readv returns when a read would. */
static long rwv(struct file *f, const void *uiov, int iovcnt, loff_t *pos, int flags, bool write)
{
    struct iovec *iov;
    bool append = false;
    long r = iov_import(uiov, iovcnt, &iov);
    int err = r < 0 ? 0 : rw_check(f, write);
    if (err)
        r = err;
    if (r >= 0) {
        struct iov_iter it;
        iov_iter_init(&it, iov, iovcnt, (size_t)r);
        r = !iov_iter_count(&it) ? 0 : rwf_check(f, flags, write, &append);
        if (!r)
            r = do_iter_rw(f, &it, pos ? pos : &f->f_pos, write, true, append);
    }
    kfree(iov);
    return r;
}

int vfs_rwf_check(struct file *f, int flags, bool write, bool *append)
{
    return rwf_check(f, flags, write, append);
}

int vfs_rw_check(struct file *f, bool write)
{
    return rw_check(f, write);
}

ssize_t vfs_iter_rw(struct file *f, struct iov_iter *it, loff_t *pos, bool write, bool append)
{
    return do_iter_rw(f, it, pos, write, false, append);
}

long sys_readv(int fd, const void *iov, int iovcnt)
{
    struct file *f = fget_light(fd);
    return f ? rwv(f, iov, iovcnt, NULL, 0, false) : -EBADF;
}

long sys_writev(int fd, const void *iov, int iovcnt)
{
    struct file *f = fget_light(fd);
    return f ? rwv(f, iov, iovcnt, NULL, 0, true) : -EBADF;
}

/* preadv2 and pwritev2; preadv and pwritev are these with no flags. A
 * position of -1 means the file's own, as readv and writev. */
static long prwv(int fd, const void *iov, int iovcnt, uint32_t lo, uint32_t hi, int flags, bool write)
{
    loff_t pos = (loff_t)((uint64_t)hi << 32 | lo);
    if (pos == -1) {
        struct file *f = fget(fd);
        return f ? rwv(f, iov, iovcnt, NULL, flags, write) : -EBADF;
    }
    long err;
    struct file *f = pfile(fd, pos, write, &err);
    return f ? rwv(f, iov, iovcnt, &pos, flags, write) : err;
}

long sys_preadv(int fd, const void *iov, int iovcnt, uint32_t lo, uint32_t hi)
{
    return (loff_t)((uint64_t)hi << 32 | lo) == -1 ? -EINVAL : prwv(fd, iov, iovcnt, lo, hi, 0, false);
}

long sys_pwritev(int fd, const void *iov, int iovcnt, uint32_t lo, uint32_t hi)
{
    return (loff_t)((uint64_t)hi << 32 | lo) == -1 ? -EINVAL : prwv(fd, iov, iovcnt, lo, hi, 0, true);
}

long sys_preadv2(int fd, const void *iov, int iovcnt, uint32_t lo, uint32_t hi, int flags)
{
    return prwv(fd, iov, iovcnt, lo, hi, flags, false);
}

long sys_pwritev2(int fd, const void *iov, int iovcnt, uint32_t lo, uint32_t hi, int flags)
{
    return prwv(fd, iov, iovcnt, lo, hi, flags, true);
}

/* RLIMIT_FSIZE, as Linux's generic_write_check_limits: a write that
 * starts at or past the limit raises SIGXFSZ and fails with EFBIG; one
 * that would cross it is cut short at it. */
ssize_t write_check_limits(struct file *f UNUSED, loff_t pos, size_t n)
{
    uint64_t limit = rlimit(RLIMIT_FSIZE);
    if (limit == RLIM64_INFINITY)
        return (ssize_t)n;
    if ((uint64_t)pos >= limit) {
        send_sig(current, SIGXFSZ);
        return -EFBIG;
    }
    return (ssize_t)MIN((uint64_t)n, limit - (uint64_t)pos);
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
