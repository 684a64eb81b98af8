/* Reporting on files: the stat64 family, statx (musl's first choice on
 * i386), statfs64, and the sync calls, which have nothing to write back. */
#include "kernel/kernel.h"
#include "kernel/mm/mm.h"
#include "kernel/proc.h"
#include "kernel/user_namespace.h"
#include "kernel/mm/uaccess.h"
#include "kernel/syscalls.h"
#include "fs/vfs.h"
#include "kernel/mm/secretmem.h"
#include "fs/ramfs.h"
#include "fs/mount.h"
#include "ipc/mqueue.h"
#include "fs/devpts.h"
#include "fs/nsfs.h"
#include <asm/stat.h>
#include <asm/statfs.h>
#include <linux/magic.h>

static int cp_stat64(struct inode *ip, void *ust)
{
    struct stat64 st;
    memset(&st, 0, sizeof st);
    st.st_dev = new_encode_dev(ip->i_dev);
    st.__st_ino = ip->i_ino;
    st.st_ino = ip->i_ino;
    st.st_mode = ip->i_mode;
    st.st_nlink = ip->i_nlink;
    st.st_uid = uid_out(ip->i_uid);
    st.st_gid = gid_out(ip->i_gid);
    st.st_rdev = new_encode_dev(ip->i_rdev);
    st.st_size = ip->i_size;
    st.st_blksize = PAGE_SIZE;
    st.st_blocks = ip->i_blocks;
    st.st_atime = (unsigned long)ip->i_atime.sec;
    st.st_atime_nsec = ip->i_atime.nsec;
    st.st_mtime = (unsigned long)ip->i_mtime.sec;
    st.st_mtime_nsec = ip->i_mtime.nsec;
    st.st_ctime = (unsigned long)ip->i_ctime.sec;
    st.st_ctime_nsec = ip->i_ctime.nsec;
    return copy_to_user(ust, &st, sizeof st);
}

/* The inode a stat call reports on: upath relative to dirfd, its last
 * symlink followed unless AT_SYMLINK_NOFOLLOW, "" naming dirfd itself
 * with AT_EMPTY_PATH. A reference the caller puts. 0 or -errno (EFAULT,
 * ENOENT, ...). The stat64 family here and the old stat calls of
 * stat_old.c look up through it. */
int stat_lookup(int dirfd, const char *upath, int flags, struct inode **ip)
{
    int lf = (flags & AT_SYMLINK_NOFOLLOW ? 0 : LOOKUP_FOLLOW) |
             (flags & AT_EMPTY_PATH ? LOOKUP_EMPTY : 0);
    return user_path_at(dirfd, upath, lf, ip);
}

long sys_fstatat64(int dirfd, const char *upath, void *st, int flags)
{
    if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH))
        return -EINVAL;
    struct inode *ip;
    int r = stat_lookup(dirfd, upath, flags, &ip);
    if (r)
        return r;
    r = cp_stat64(ip, st);
    inode_put(ip);
    return r;
}

long sys_stat64(const char *path, void *st)
{
    return sys_fstatat64(AT_FDCWD, path, st, 0);
}

long sys_lstat64(const char *path, void *st)
{
    return sys_fstatat64(AT_FDCWD, path, st, AT_SYMLINK_NOFOLLOW);
}

long sys_fstat64(int fd, void *st)
{
    struct file *f = fget_raw(fd);
    return f ? cp_stat64(f->f_inode, st) : -EBADF;
}

static struct statx_timestamp stx_time(struct ktime t)
{
    struct statx_timestamp s = { t.sec, (uint32_t)t.nsec, 0 };
    return s;
}

static bool statx_flags_bad(int flags, uint32_t mask)
{
    return (flags & ~(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH | AT_STATX_SYNC_TYPE)) ||
           (flags & AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE || (mask & STATX__RESERVED);
}

long sys_statx(int dirfd, const char *upath, int flags, uint32_t mask, void *ustx)
{
    if (statx_flags_bad(flags, mask))
        return -EINVAL;
    if (!upath && (flags & AT_EMPTY_PATH))
        return do_statx(dirfd, NULL, flags, mask, ustx);
    char *path = getname(upath);
    if (IS_ERR_PTR(path))
        return PTR_ERR(path);
    long r = do_statx(dirfd, path, flags, mask, ustx);
    putname(path);
    return r;
}

/* statx of a path already in kernel memory (kpath NULL: AT_EMPTY_PATH
 * without one); io_uring's STATX copies it at submission. */
long do_statx(int dirfd, const char *kpath, int flags, uint32_t mask, void *ustx)
{
    if (statx_flags_bad(flags, mask))
        return -EINVAL;
    struct inode *ip;
    int lf = (flags & AT_SYMLINK_NOFOLLOW ? 0 : LOOKUP_FOLLOW) | (flags & AT_EMPTY_PATH ? LOOKUP_EMPTY : 0);
    int r = kpath ? namei_at(dirfd, kpath, lf, &ip) : namei_at(dirfd, "", LOOKUP_EMPTY, &ip);
    if (r)
        return r;
    struct statx stx;
    memset(&stx, 0, sizeof stx);
    stx.stx_mask = STATX_BASIC_STATS;
    stx.stx_blksize = PAGE_SIZE;
    stx.stx_nlink = ip->i_nlink;
    stx.stx_uid = uid_out(ip->i_uid);
    stx.stx_gid = gid_out(ip->i_gid);
    stx.stx_mode = (uint16_t)ip->i_mode;
    stx.stx_ino = ip->i_ino;
    stx.stx_size = ip->i_size;
    stx.stx_blocks = ip->i_blocks;
    stx.stx_atime = stx_time(ip->i_atime);
    stx.stx_mtime = stx_time(ip->i_mtime);
    stx.stx_ctime = stx_time(ip->i_ctime);
    stx.stx_rdev_major = MAJOR(ip->i_rdev);
    stx.stx_rdev_minor = MINOR(ip->i_rdev);
    stx.stx_dev_major = MAJOR(ip->i_dev);
    stx.stx_dev_minor = MINOR(ip->i_dev);
    struct mount *m = current->nd_mnt ? current->nd_mnt : mount_of_inode(ip);   /* the lookup's */
    stx.stx_mask |= STATX_MNT_ID;
    stx.stx_mnt_id = (uint64_t)m->mnt_id;
    stx.stx_attributes_mask = STATX_ATTR_MOUNT_ROOT | STATX_ATTR_AUTOMOUNT | STATX_ATTR_DAX;
    if (ip == m->mnt_root)
        stx.stx_attributes |= STATX_ATTR_MOUNT_ROOT;
    inode_put(ip);
    return copy_to_user(ustx, &stx, sizeof stx);
}

/* Linux's vfs_statfs, into a kernel statfs64 (its kstatfs): a tmpfs (the
 * root ramfs or another instance, fs/ramfs_super.c) counts pages of file
 * data as blocks and inodes as files, 0 where no limit is set, as tmpfs
 * reports size=0; ramfs, /proc, mqueue and devpts have no blocks and no
 * file count, as Linux's (memfd_secret's pseudo-filesystem too). f_flags are those of the mount the caller's
 * lookup (or file) went through. statfs64 and the 32-bit statfs of
 * stat_old.c copy it out. */
void vfs_statfs(struct inode *ip, struct statfs64 *sfp)
{
    struct statfs64 sf;
    struct ramfs_usage u = { 0, 0, 0, 0 };
    uint32_t dev = ip->i_dev;
    bool proc = ip->i_sb && ip->i_sb->s_type == &proc_fs_type, pts = dev == DEVPTS_DEV, ns = dev == NSFS_DEV, secret = dev == SECRETMEM_DEV;
    bool mq = ip->i_sb && ip->i_sb->s_type == &mqueue_fs_type;   /* one per IPC namespace */
    bool ramfs = ip->i_sb && ip->i_sb->s_type == &ramfs_fs_type;
    bool cg = ip->i_sb && ip->i_sb->s_type == &cgroup2_fs_type;
    if (!proc && !mq && !pts && !ramfs && !ns && !secret && !cg)   /* a tmpfs: its own limits and use */
        ramfs_statfs(ip->i_sb && ip->i_sb->s_type == &tmpfs_fs_type ? ip->i_sb : NULL, &u);
    memset(&sf, 0, sizeof sf);
    sf.f_type = proc ? PROC_SUPER_MAGIC : mq ? MQUEUE_MAGIC : pts ? DEVPTS_SUPER_MAGIC :
                ns ? NSFS_MAGIC : secret ? SECRETMEM_MAGIC : ramfs ? RAMFS_MAGIC :
                cg ? CGROUP2_SUPER_MAGIC : TMPFS_MAGIC;
    sf.f_bsize = PAGE_SIZE;
    sf.f_blocks = u.blocks;
    sf.f_bfree = sf.f_bavail = u.bfree;
    sf.f_files = u.files;
    sf.f_ffree = u.ffree;
    sf.f_namelen = NAME_MAX_K;
    sf.f_frsize = PAGE_SIZE;
    sf.f_flags = mnt_statfs_flags(current->nd_mnt ? current->nd_mnt : mount_of_inode(ip));
    sf.f_fsid.val[0] = (int)dev;
    *sfp = sf;
}

static int cp_statfs64(struct inode *ip, void *ubuf)
{
    struct statfs64 sf;
    vfs_statfs(ip, &sf);
    return copy_to_user(ubuf, &sf, sizeof sf);
}

long sys_statfs64(const char *upath, uint32_t size, void *buf)
{
    if (size != sizeof(struct statfs64))
        return -EINVAL;
    struct inode *ip;
    int r = stat_lookup(AT_FDCWD, upath, 0, &ip);
    if (r)
        return r;
    r = cp_statfs64(ip, buf);
    inode_put(ip);
    return r;
}

long sys_fstatfs64(int fd, uint32_t size, void *buf)
{
    if (size != sizeof(struct statfs64))
        return -EINVAL;
    struct file *f = fget_raw(fd);
    if (!f)
        return -EBADF;
    current->nd_mnt = f->f_mnt;              /* its mount's flags (NULL: the inode's fs's) */
    return cp_statfs64(f->f_inode, buf);
}

long sys_sync(void)
{
    return 0;
}

long sys_fsync(int fd)
{
    struct file *f = fget(fd);
    if (!f)
        return -EBADF;
    uint32_t m = f->f_inode->i_mode;
    return S_ISREG(m) || S_ISDIR(m) ? 0 : -EINVAL;
}

/* The data is in memory already: fsync's answers. */
long sys_fdatasync(int fd)
{
    return sys_fsync(fd);
}
