/* The stat and statfs calls of i386 before the 64-bit ones, which Linux
 * still has: stat, lstat, fstat (struct stat), the older oldstat, oldlstat,
 * oldfstat (struct __old_kernel_stat) and statfs, fstatfs (32-bit struct
 * statfs). They look up as the stat64 family of stat.c does; what does not
 * fit the narrow structure is EOVERFLOW, as Linux's cp_new_stat,
 * cp_old_stat and do_statfs_native decide. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/user_namespace.h"
#include "kernel/mm/uaccess.h"
#include "kernel/syscalls.h"
#include "fs/vfs.h"
#include "fs/mount.h"
#include "fs/devpts.h"
#include <asm/stat.h>
#include <asm/statfs.h>

#define MAX_NON_LFS 0x7FFFFFFFLL            /* the largest size without O_LARGEFILE */

/* The 16-bit device number of the oldest stat: major and minor a byte each. */
static uint16_t old_encode_dev(uint32_t dev)
{
    return (uint16_t)((MAJOR(dev) << 8) | MINOR(dev));
}

/* Linux's cp_new_stat: ip into the i386 struct stat at ust. 0, -EOVERFLOW
 * (a size past 2 GiB - 1, more than 65535 links), -EFAULT. The inode
 * number is 32 bits here as there, so it always fits. */
static int cp_new_stat(struct inode *ip, void *ust)
{
    struct stat st;
    if (ip->i_size > MAX_NON_LFS || ip->i_nlink > 0xFFFF)
        return -EOVERFLOW;
    memset(&st, 0, sizeof st);
    st.st_dev = new_encode_dev(ip->i_dev);
    st.st_ino = ip->i_ino;
    st.st_mode = (uint16_t)ip->i_mode;
    st.st_nlink = (uint16_t)ip->i_nlink;
    st.st_uid = high2lowuid(uid_out(ip->i_uid));
    st.st_gid = high2lowuid(gid_out(ip->i_gid));
    st.st_rdev = new_encode_dev(ip->i_rdev);
    st.st_size = (unsigned long)ip->i_size;
    st.st_blksize = PAGE_SIZE;
    st.st_blocks = ip->i_blocks;
    st.st_atime = (unsigned long)ip->i_atime.sec;
    st.st_atime_nsec = ip->i_atime.nsec;
    st.st_mtime = (unsigned long)ip->i_mtime.sec;
    st.st_mtime_nsec = ip->i_mtime.nsec;
    st.st_ctime = (unsigned long)ip->i_ctime.sec;
    st.st_ctime_nsec = ip->i_ctime.nsec;
    return copy_to_user(ust, &st, sizeof st) ? -EFAULT : 0;
}

/* Linux's cp_old_stat: ip into struct __old_kernel_stat, whose inode
 * number, link count, ids and devices are 16 bits and whose times are
 * whole seconds. 0, -EOVERFLOW (inode number past 65535, more than 65535
 * links, a size past 2 GiB - 1), -EFAULT. Devices are cut to 16 bits
 * without complaint, ids become the overflow id, as there. */
static int cp_old_stat(struct inode *ip, void *ust)
{
    struct __old_kernel_stat st;
    if (ip->i_ino > 0xFFFF || ip->i_nlink > 0xFFFF || ip->i_size > MAX_NON_LFS)
        return -EOVERFLOW;
    memset(&st, 0, sizeof st);
    st.st_dev = old_encode_dev(ip->i_dev);
    st.st_ino = (uint16_t)ip->i_ino;
    st.st_mode = (uint16_t)ip->i_mode;
    st.st_nlink = (uint16_t)ip->i_nlink;
    st.st_uid = high2lowuid(uid_out(ip->i_uid));
    st.st_gid = high2lowuid(gid_out(ip->i_gid));
    st.st_rdev = old_encode_dev(ip->i_rdev);
    st.st_size = (unsigned long)ip->i_size;
    st.st_atime = (unsigned long)ip->i_atime.sec;
    st.st_mtime = (unsigned long)ip->i_mtime.sec;
    st.st_ctime = (unsigned long)ip->i_ctime.sec;
    return copy_to_user(ust, &st, sizeof st) ? -EFAULT : 0;
}

typedef int (*cp_stat_fn)(struct inode *ip, void *ust);

/* A path's inode (AT_SYMLINK_NOFOLLOW in flags for the l forms) through
 * cp into the user's structure. */
static long stat_path(const char *upath, int flags, void *ust, cp_stat_fn cp)
{
    struct inode *ip;
    int r = stat_lookup(AT_FDCWD, upath, flags, &ip);
    if (r)
        return r;
    r = cp(ip, ust);
    inode_put(ip);
    return r;
}

/* An open file's inode (O_PATH files too, as fstat64) through cp. */
static long stat_fd(int fd, void *ust, cp_stat_fn cp)
{
    struct file *f = fget_raw(fd);
    if (!f)
        return -EBADF;
    current->nd_mnt = f->f_mnt;              /* (statfs: its mount's flags) */
    return cp(f->f_inode, ust);
}

long sys_stat(const char *path, void *st) { return stat_path(path, 0, st, cp_new_stat); }
long sys_lstat(const char *path, void *st) { return stat_path(path, AT_SYMLINK_NOFOLLOW, st, cp_new_stat); }
long sys_fstat(int fd, void *st) { return stat_fd(fd, st, cp_new_stat); }
long sys_oldstat(const char *path, void *st) { return stat_path(path, 0, st, cp_old_stat); }
long sys_oldlstat(const char *path, void *st) { return stat_path(path, AT_SYMLINK_NOFOLLOW, st, cp_old_stat); }
long sys_oldfstat(int fd, void *st) { return stat_fd(fd, st, cp_old_stat); }

/* Linux's do_statfs_native: vfs_statfs's answer in the 32-bit struct
 * statfs. Block counts and sizes must fit in 32 bits, and so must the
 * file counts unless they are -1 ("no limit"), else -EOVERFLOW; -EFAULT. */
static int cp_statfs(struct inode *ip, void *ubuf)
{
    struct statfs64 k;
    struct statfs sf;
    vfs_statfs(ip, &k);
    const uint64_t high = 0xFFFFFFFF00000000ULL;
    if (((k.f_blocks | k.f_bfree | k.f_bavail | k.f_bsize | k.f_frsize) & high) ||
        (k.f_files != (uint64_t)-1 && (k.f_files & high)) ||
        (k.f_ffree != (uint64_t)-1 && (k.f_ffree & high)))
        return -EOVERFLOW;
    memset(&sf, 0, sizeof sf);
    sf.f_type = k.f_type;
    sf.f_bsize = k.f_bsize;
    sf.f_blocks = (uint32_t)k.f_blocks;
    sf.f_bfree = (uint32_t)k.f_bfree;
    sf.f_bavail = (uint32_t)k.f_bavail;
    sf.f_files = (uint32_t)k.f_files;
    sf.f_ffree = (uint32_t)k.f_ffree;
    sf.f_fsid = k.f_fsid;
    sf.f_namelen = k.f_namelen;
    sf.f_frsize = k.f_frsize;
    sf.f_flags = k.f_flags;
    return copy_to_user(ubuf, &sf, sizeof sf) ? -EFAULT : 0;
}

/* statfs(path, buf): the filesystem of path (symlinks followed). */
long sys_statfs(const char *path, void *buf)
{
    return stat_path(path, 0, buf, cp_statfs);
}

/* fstatfs(fd, buf): the filesystem of an open file (O_PATH too). */
long sys_fstatfs(int fd, void *buf)
{
    return stat_fd(fd, buf, cp_statfs);
}

/* ustat(2): the free blocks and inodes of the filesystem whose device is
 * dev (new_encode_dev's form), as Linux's: -EINVAL for no such
 * filesystem, -EFAULT. The names are empty. */
long sys_ustat(uint32_t dev, void *ubuf)
{
    uint32_t d = new_decode_dev(dev);
    struct mount *m = mnt_next(NULL);
    while (m && (!m->mnt_attached || m->mnt_sb->s_dev != d))
        m = mnt_next(m);
    if (!m)
        return -EINVAL;
    struct statfs64 sf;
    current->nd_mnt = m;
    vfs_statfs(m->mnt_sb->s_root, &sf);
    struct { int32_t f_tfree; uint32_t f_tinode; char f_fname[6], f_fpack[6]; } u;
    memset(&u, 0, sizeof u);
    u.f_tfree = (int32_t)sf.f_bfree;
    u.f_tinode = sf.f_ffree > 0xFFFFFFFFu ? 0xFFFFFFFFu : (uint32_t)sf.f_ffree;
    return copy_to_user(ubuf, &u, sizeof u) ? -EFAULT : 0;
}
