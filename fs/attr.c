/* Changing and testing inode attributes: chmod, chown, truncate, fallocate,
 * utimensat and access, in all their path, fd and *at forms, with Linux's rules for
 * who may change what and which set-id bits fall off on the way. */
#include "kernel/kernel.h"
#include "kernel/user_namespace.h"
#include "kernel/mm/mm.h"
#include "kernel/proc.h"
#include "kernel/signal.h"
#include "kernel/mm/uaccess.h"
#include "kernel/syscalls.h"
#include "fs/vfs.h"
#include "fs/mount.h"
#include "fs/notify.h"
#include <linux/falloc.h>

#define UTIME_NOW  ((1l << 30) - 1l)        /* not in the UAPI headers */
#define UTIME_OMIT ((1l << 30) - 2l)
#define KEEP_ID    0xFFFFFFFFu

/* The inode a path-taking attribute call works on. */
static int attr_lookup(int dirfd, const char *upath, int lflags, struct inode **ip)
{
    return user_path_at(dirfd, upath, lflags, ip);
}

/* The same for a call that changes it: -EROFS from a read-only mount
 * (Linux's mnt_want_write, right after the lookup). */
static int attr_lookup_write(int dirfd, const char *upath, int lflags, struct inode **ip)
{
    int r = attr_lookup(dirfd, upath, lflags, ip);
    if (!r && (r = mnt_want_write(current->nd_mnt)))
        inode_put(*ip);
    return r;
}

int vfs_chmod(struct inode *ip, uint32_t mode)
{
    if (!inode_owner_or_capable(ip))
        return -EPERM;
    mode &= 07777;
    if (!capable_wrt_inode_uidgid(ip, CAP_FSETID) && !in_group(ip->i_gid))
        mode &= ~S_ISGID;
    ip->i_mode = (ip->i_mode & S_IFMT) | mode;
    inode_touch(ip, false);
    fsnotify_change(ip, IN_ATTRIB);
    return 0;
}

/* uid/gid KEEP_ID leave that id alone; others are of current's user
 * namespace, -EINVAL when it does not map them (Linux's chown_common).
 * A plain user may only give its own file to a group it is in.
 * Non-directories lose their set-id bits and file capabilities.
 * CAP_CHOWN (in current's namespace, over a file whose ids it maps) is
 * asked only when the owner's rights do not do (Linux's chown_ok and
 * chgrp_ok: its use is acct's ASU). */
int vfs_chown(struct inode *ip, uint32_t uid, uint32_t gid)
{
    bool owner = current->fsuid == ip->i_uid;
    if (uid != KEEP_ID && (uid = make_kuid(current_user_ns(), uid)) == INVALID_ID)
        return -EINVAL;
    if (gid != KEEP_ID && (gid = make_kgid(current_user_ns(), gid)) == INVALID_ID)
        return -EINVAL;
    if (uid != KEEP_ID && !(owner && uid == ip->i_uid) && !capable_wrt_inode_uidgid(ip, CAP_CHOWN))
        return -EPERM;
    if (gid != KEEP_ID && !(owner && (gid == ip->i_gid || in_group(gid))) &&
        !capable_wrt_inode_uidgid(ip, CAP_CHOWN))
        return -EPERM;
    if (uid != KEEP_ID)
        ip->i_uid = uid;
    if (gid != KEEP_ID)
        ip->i_gid = gid;
    if (!S_ISDIR(ip->i_mode)) {
        inode_kill_suid(ip);
        inode_killpriv(ip);
    }
    inode_touch(ip, false);
    fsnotify_change(ip, IN_ATTRIB);
    return 0;
}

int inode_newsize_ok(struct inode *ip, loff_t size)
{
    if (current && size > ip->i_size && (uint64_t)size > rlimit(RLIMIT_FSIZE)) {
        send_sig(current, SIGXFSZ);
        return -EFBIG;
    }
    return 0;
}

/* Sets the size of a regular file; the caller checked write access. */
int vfs_truncate(struct inode *ip, loff_t len)
{
    if (!ip->i_op || !ip->i_op->truncate)
        return -EINVAL;
    int r = inode_newsize_ok(ip, len);
    if (r)
        return r;
    r = ip->i_op->truncate(ip, len);
    if (r)
        return r;
    bool killed = current && !capable_wrt_inode_uidgid(ip, CAP_FSETID) && inode_kill_suid(ip);
    inode_killpriv(ip);
    inode_touch(ip, true);
    fsnotify_change(ip, IN_MODIFY | (killed ? IN_ATTRIB : 0));   /* one event, as Linux's */
    return 0;
}

static int put_result(struct inode *ip, int r)
{
    inode_put(ip);
    return r;
}

long sys_fchmodat(int dirfd, const char *upath, uint32_t mode)
{
    struct inode *ip;
    int r = attr_lookup_write(dirfd, upath, LOOKUP_FOLLOW, &ip);
    return r ? r : put_result(ip, vfs_chmod(ip, mode));
}

long sys_chmod(const char *path, uint32_t mode)
{
    return sys_fchmodat(AT_FDCWD, path, mode);
}

long sys_fchmod(int fd, uint32_t mode)
{
    struct file *f = fget(fd);
    int r = f ? mnt_want_write_file(f) : -EBADF;
    return r ? r : vfs_chmod(f->f_inode, mode);
}

long sys_fchownat(int dirfd, const char *upath, uint32_t uid, uint32_t gid, int flags)
{
    if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
        return -EINVAL;
    struct inode *ip;
    int r = attr_lookup_write(dirfd, upath, (flags & AT_SYMLINK_NOFOLLOW ? 0 : LOOKUP_FOLLOW) |
                                            (flags & AT_EMPTY_PATH ? LOOKUP_EMPTY : 0), &ip);
    return r ? r : put_result(ip, vfs_chown(ip, uid, gid));
}

long sys_chown32(const char *path, uint32_t uid, uint32_t gid)
{
    return sys_fchownat(AT_FDCWD, path, uid, gid, 0);
}

long sys_lchown32(const char *path, uint32_t uid, uint32_t gid)
{
    return sys_fchownat(AT_FDCWD, path, uid, gid, AT_SYMLINK_NOFOLLOW);
}

long sys_fchown32(int fd, uint32_t uid, uint32_t gid)
{
    struct file *f = fget(fd);
    int r = f ? mnt_want_write_file(f) : -EBADF;
    return r ? r : vfs_chown(f->f_inode, uid, gid);
}

/* access(2) asks with the real ids unless AT_EACCESS: swap them in for
 * the check (nothing here sleeps, so no one sees the swap). */
long sys_faccessat2(int dirfd, const char *upath, int mode, int flags)
{
    if (mode & ~7)
        return -EINVAL;
    if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EACCESS | AT_EMPTY_PATH))
        return -EINVAL;
    struct inode *ip;
    int r = attr_lookup(dirfd, upath, (flags & AT_SYMLINK_NOFOLLOW ? 0 : LOOKUP_FOLLOW) |
                                      (flags & AT_EMPTY_PATH ? LOOKUP_EMPTY : 0), &ip);
    if (r || !mode)
        return r ? r : put_result(ip, 0);
    struct mount *mnt = current->nd_mnt;
    if ((mode & MAY_EXEC) && S_ISREG(ip->i_mode) && mnt && (mnt->mnt_flags & MNT_NOEXEC))
        return put_result(ip, -EACCES);      /* as exec would say (Linux's path_noexec) */
    uint32_t fsuid = current->fsuid, fsgid = current->fsgid;
    if (!(flags & AT_EACCESS)) {
        current->fsuid = current->uid;
        current->fsgid = current->gid;
    }
    r = inode_permission(ip, mode);
    current->fsuid = fsuid;
    current->fsgid = fsgid;
    uint32_t m = ip->i_mode;
    if (!r && (mode & MAY_WRITE) && mnt_is_readonly(mnt) && (S_ISREG(m) || S_ISDIR(m) || S_ISLNK(m)))
        r = -EROFS;                          /* a read-only mount: writable by no one */
    return put_result(ip, r);
}

long sys_faccessat(int dirfd, const char *path, int mode)
{
    return sys_faccessat2(dirfd, path, mode, 0);
}

long sys_access(const char *path, int mode)
{
    return sys_faccessat2(AT_FDCWD, path, mode, 0);
}

static int path_truncate(const char *upath, loff_t len)
{
    if (len < 0)
        return -EINVAL;
    struct inode *ip;
    int r = attr_lookup(AT_FDCWD, upath, LOOKUP_FOLLOW, &ip);
    if (r)
        return r;
    if (S_ISDIR(ip->i_mode))
        r = -EISDIR;
    else if (!S_ISREG(ip->i_mode))
        r = -EINVAL;
    else if ((r = mnt_want_write(current->nd_mnt)))
        ;
    else if (!(r = inode_permission(ip, MAY_WRITE)))
        r = ip->i_deny_write ? -ETXTBSY : vfs_truncate(ip, len);
    return put_result(ip, r);
}

static int fd_truncate(int fd, loff_t len)
{
    if (len < 0)
        return -EINVAL;
    struct file *f = fget(fd);
    if (!f)
        return -EBADF;
    if (!(f->f_mode & FMODE_WRITE) || !S_ISREG(f->f_inode->i_mode))
        return -EINVAL;
    return vfs_truncate(f->f_inode, len);
}

long sys_truncate(const char *path, int32_t len) { return path_truncate(path, len); }
long sys_ftruncate(int fd, int32_t len) { return fd_truncate(fd, len); }

long sys_truncate64(const char *path, uint32_t lo, uint32_t hi)
{
    return path_truncate(path, (loff_t)((uint64_t)hi << 32 | lo));
}

long sys_ftruncate64(int fd, uint32_t lo, uint32_t hi)
{
    return fd_truncate(fd, (loff_t)((uint64_t)hi << 32 | lo));
}

#define FALLOC_FL_SUPPORTED (FALLOC_FL_KEEP_SIZE | FALLOC_FL_PUNCH_HOLE | FALLOC_FL_NO_HIDE_STALE | \
                             FALLOC_FL_COLLAPSE_RANGE | FALLOC_FL_ZERO_RANGE | \
                             FALLOC_FL_INSERT_RANGE | FALLOC_FL_UNSHARE_RANGE)

/* fallocate (324): the checks of Linux's vfs_fallocate in its order, then
 * the filesystem's (i_op->fallocate: ramfs's regular files). i386 passes
 * each 64-bit value in two registers, low half first. */
long sys_fallocate(int fd, int mode, uint32_t off_lo, uint32_t off_hi, uint32_t len_lo, uint32_t len_hi)
{
    loff_t off = (loff_t)((uint64_t)off_hi << 32 | off_lo), len = (loff_t)((uint64_t)len_hi << 32 | len_lo);
    struct file *f = fget(fd);
    if (!f)
        return -EBADF;
    struct inode *ip = f->f_inode;
    if (off < 0 || len <= 0)
        return -EINVAL;
    if (mode & ~FALLOC_FL_SUPPORTED)
        return -EOPNOTSUPP;
    if ((mode & (FALLOC_FL_PUNCH_HOLE | FALLOC_FL_ZERO_RANGE)) == (FALLOC_FL_PUNCH_HOLE | FALLOC_FL_ZERO_RANGE) ||
        ((mode & FALLOC_FL_PUNCH_HOLE) && !(mode & FALLOC_FL_KEEP_SIZE)))
        return -EOPNOTSUPP;
    if (((mode & FALLOC_FL_COLLAPSE_RANGE) && (mode & ~FALLOC_FL_COLLAPSE_RANGE)) ||
        ((mode & FALLOC_FL_INSERT_RANGE) && (mode & ~FALLOC_FL_INSERT_RANGE)) ||
        ((mode & FALLOC_FL_UNSHARE_RANGE) && (mode & ~(FALLOC_FL_UNSHARE_RANGE | FALLOC_FL_KEEP_SIZE))))
        return -EINVAL;
    if (!(f->f_mode & FMODE_WRITE))
        return -EBADF;
    if (S_ISFIFO(ip->i_mode))
        return -ESPIPE;
    if (S_ISDIR(ip->i_mode))
        return -EISDIR;
    if (!S_ISREG(ip->i_mode) && !S_ISBLK(ip->i_mode))
        return -ENODEV;
    if ((uint64_t)off + (uint64_t)len > INT64_MAX)   /* wraps past 2^63 */
        return -EFBIG;
    if (!ip->i_op || !ip->i_op->fallocate)
        return -EOPNOTSUPP;
    int r = ip->i_op->fallocate(ip, mode, off, len);
    if (!r)
        fsnotify_modify(f);
    return r;
}

/* utimensat with times already in the kernel (NULL: both now). Times
 * other than "both now" are explicit, even one UTIME_NOW beside a
 * UTIME_OMIT (Linux's ATTR_TIMES_SET): they need the owner or
 * CAP_FOWNER; "both now" also does for anyone who may write. */
static int do_utimes(int dirfd, const char *upath, struct ktime *t, int flags)
{
    if (t && t[0].nsec == UTIME_OMIT && t[1].nsec == UTIME_OMIT)
        return 0;                           /* Linux does not even look */
    if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
        return -EINVAL;
    struct inode *ip;
    int r;
    if (!upath && dirfd != AT_FDCWD) {
        struct file *f = fget(dirfd);
        if (flags)
            return -EINVAL;
        if (!f)
            return -EBADF;
        ip = f->f_inode;
        inode_get(ip);
        current->nd_mnt = f->f_mnt;          /* its mount's read-only state below */
    } else if ((r = attr_lookup(dirfd, upath, (flags & AT_SYMLINK_NOFOLLOW ? 0 : LOOKUP_FOLLOW) |
                                              (flags & AT_EMPTY_PATH ? LOOKUP_EMPTY : 0), &ip)))
        return r;
    for (int i = 0; t && i < 2; i++)        /* after the lookup, as Linux's vfs_utimes */
        if ((t[i].nsec < 0 || t[i].nsec > 999999999) &&
            t[i].nsec != UTIME_NOW && t[i].nsec != UTIME_OMIT)
            return put_result(ip, -EINVAL);
    if ((r = mnt_want_write(current->nd_mnt)))
        return put_result(ip, r);
    bool explicit = t && !(t[0].nsec == UTIME_NOW && t[1].nsec == UTIME_NOW);
    if (!inode_owner_or_capable(ip)) {
        if (explicit)
            return put_result(ip, -EPERM);
        if ((r = inode_permission(ip, MAY_WRITE)))
            return put_result(ip, r);
    }
    struct ktime now = current_time();
    struct ktime *dst[2] = { &ip->i_atime, &ip->i_mtime };
    for (int i = 0; i < 2; i++)
        if (!t || t[i].nsec == UTIME_NOW)
            *dst[i] = now;
        else if (t[i].nsec != UTIME_OMIT)
            *dst[i] = t[i];
    ip->i_ctime = now;
    /* Linux's fsnotify_change: both times are a utimes (IN_ATTRIB), one
     * alone reads as its kind of access */
    bool atime = !t || t[0].nsec != UTIME_OMIT, mtime = !t || t[1].nsec != UTIME_OMIT;
    fsnotify_change(ip, atime && mtime ? IN_ATTRIB : atime ? IN_ACCESS : IN_MODIFY);
    return put_result(ip, 0);
}

/* utimensat with two 32-bit timespecs, or (ts64) two 64-bit ones. */
static long utimensat_common(int dirfd, const char *path, const void *times, int flags, bool ts64)
{
    struct ktime t[2];
    for (int i = 0; times && i < 2; i++) {
        int64_t sec, nsec;
        if (get_user_timespec((const char *)times + i * (ts64 ? 16 : 8), ts64, &sec, &nsec))
            return -EFAULT;
        t[i] = (struct ktime){ sec, (int32_t)nsec };   /* i386 ignores the high half */
    }
    return do_utimes(dirfd, path, times ? t : NULL, flags);
}

long sys_utimensat(int dirfd, const char *path, const void *times32, int flags)
{
    return utimensat_common(dirfd, path, times32, flags, false);
}

long sys_utimensat_time64(int dirfd, const char *path, const void *times64, int flags)
{
    return utimensat_common(dirfd, path, times64, flags, true);
}

/* utime(path, times): struct utimbuf, two 32-bit seconds (actime,
 * modtime), whole seconds; NULL sets both to now. */
long sys_utime(const char *path, const void *times)
{
    int32_t v[2] = { 0, 0 };
    if (times && copy_from_user(v, times, sizeof v))
        return -EFAULT;
    struct ktime t[2] = { { v[0], 0 }, { v[1], 0 } };
    return do_utimes(AT_FDCWD, path, times ? t : NULL, 0);
}

/* Linux's do_futimesat: two struct timevals (32-bit seconds and
 * microseconds). A microsecond count outside 0..999999 is EINVAL here,
 * before it is scaled (so UTIME_NOW and UTIME_OMIT are no escape); as with
 * utimensat, a NULL path with a descriptor changes that file. */
static long futimesat_common(int dirfd, const char *path, const void *tvs)
{
    int32_t v[4] = { 0, 0, 0, 0 };
    if (tvs && copy_from_user(v, tvs, sizeof v))
        return -EFAULT;
    if (tvs && (v[1] < 0 || v[1] >= 1000000 || v[3] < 0 || v[3] >= 1000000))
        return -EINVAL;
    struct ktime t[2] = { { v[0], v[1] * 1000 }, { v[2], v[3] * 1000 } };
    return do_utimes(dirfd, path, tvs ? t : NULL, 0);
}

long sys_utimes(const char *path, const void *tvs)
{
    return futimesat_common(AT_FDCWD, path, tvs);
}

long sys_futimesat(int dirfd, const char *path, const void *tvs)
{
    return futimesat_common(dirfd, path, tvs);
}
