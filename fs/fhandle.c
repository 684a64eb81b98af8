/* File handles: name_to_handle_at(2) turns a name into an opaque handle
 * that open_by_handle_at(2) opens again later, whatever the name has
 * become (a file server's trick: NFS). The ramfs makes the handles of
 * Linux 6.1's tmpfs (shmem_encode_fh): type 1, three 32-bit words, the
 * generation (always 0 here: inode numbers are never given twice) and
 * the inode number's two halves. /proc, the mqueue filesystem, pipes and
 * sockets have none: -EOPNOTSUPP, as on Linux. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/syscalls.h"
#include "kernel/mm/uaccess.h"
#include "fs/vfs.h"
#include "fs/mount.h"
#include "fs/proc.h"
#include <asm/fcntl.h>
#include <linux/fcntl.h>
#include <linux/limits.h>

#define MAX_HANDLE_SZ 128
#define FILEID_INO32_GEN 1                   /* tmpfs's type */
#define FILEID_INVALID 0xff
#define FH_WORDS 3

struct file_handle_k {                       /* <linux/fcntl.h>'s struct file_handle */
    uint32_t handle_bytes;
    int32_t handle_type;
    uint32_t f_handle[FH_WORDS];
};

int fh_encode(uint32_t ino, uint32_t *words)
{
    words[0] = 0;                            /* the generation */
    words[1] = ino;
    words[2] = 0;                            /* the number's high half */
    return FILEID_INO32_GEN;
}

/* name_to_handle_at(dirfd, path, handle, mount_id, flags): flags are
 * AT_SYMLINK_FOLLOW and AT_EMPTY_PATH (else -EINVAL), then the lookup's
 * errors, then -EOPNOTSUPP for a file outside the ramfs, -EFAULT for the
 * handle's header, -EINVAL when it asks more than MAX_HANDLE_SZ bytes.
 * A handle_bytes too small for 12 bytes is -EOVERFLOW, with handle_bytes
 * set to 12 (type FILEID_INVALID) for the caller to try again. The mount
 * id (/proc/self/mountinfo's first field) is written in both cases. */
long sys_name_to_handle_at(int dirfd, const char *upath, void *uhandle, int *mnt_id, int flags)
{
    if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
        return -EINVAL;
    struct inode *ip;
    int r = user_path_at(dirfd, upath, ((flags & AT_SYMLINK_FOLLOW) ? LOOKUP_FOLLOW : 0) |
                                       ((flags & AT_EMPTY_PATH) ? LOOKUP_EMPTY : 0), &ip);
    if (r)
        return r;
    struct file_handle_k h;
    bool ours = ramfs_inode(ip);
    uint32_t ino = ip->i_ino, dev = ip->i_dev;
    inode_put(ip);
    if (!ours)
        return -EOPNOTSUPP;
    if (copy_from_user(&h, uhandle, 8))
        return -EFAULT;
    if (h.handle_bytes > MAX_HANDLE_SZ)
        return -EINVAL;
    size_t out = 8;
    long ret = 0;
    if (h.handle_bytes < FH_WORDS * 4) {
        h.handle_type = FILEID_INVALID;
        ret = -EOVERFLOW;
    } else {
        h.handle_type = fh_encode(ino, h.f_handle);
        out += FH_WORDS * 4;
    }
    h.handle_bytes = FH_WORDS * 4;
    int id = current->nd_mnt ? current->nd_mnt->mnt_id : proc_mnt_id(dev);   /* the path's mount */
    if (copy_to_user(mnt_id, &id, sizeof id) || copy_to_user(uhandle, &h, out))
        return -EFAULT;
    return ret;
}

/* The filesystem a handle found through ip decodes in, as Linux's
 * mount fd names a superblock: 1 for the ramfs (/dev/shm's tmpfs), 2
 * for memfds (Linux keeps them on tmpfs's internal mount), 0 for one
 * without handles (/proc, pipes, sockets, anonymous inodes). */
static int handle_fs(struct inode *ip)
{
    if (!ip || !ramfs_inode(ip))
        return 0;
    return memfd_name(ip) ? 2 : 1;
}

/* open_by_handle_at(mount_fd, handle, flags): CAP_DAC_READ_SEARCH only
 * (-EPERM, first); an unreadable handle -EFAULT; a handle_bytes of 0 or
 * over MAX_HANDLE_SZ -EINVAL; only then mount_fd, AT_FDCWD or open, not
 * O_PATH (-EBADF). A handle that names no inode alive (too short, a file
 * deleted and closed) or none of mount_fd's filesystem (which decodes
 * it: a pipe's finds nothing, a memfd's only memfds) is -ESTALE. Then
 * the file is opened as open(2) with flags would open it (its
 * permission, O_DIRECTORY, O_PATH...; O_CREAT | O_EXCL: -EEXIST). A new
 * descriptor, or -errno. */
long sys_open_by_handle_at(int mount_fd, const void *uhandle, int flags)
{
    if (!capable(CAP_DAC_READ_SEARCH))
        return -EPERM;
    struct file_handle_k h;
    if (copy_from_user(&h, uhandle, 8))
        return -EFAULT;
    if (h.handle_bytes == 0 || h.handle_bytes > MAX_HANDLE_SZ)
        return -EINVAL;
    uint32_t words[MAX_HANDLE_SZ / 4] = { 0 };
    if (copy_from_user(words, (const char *)uhandle + 8, h.handle_bytes))
        return -EFAULT;
    int fs;                                  /* handles are decoded in mount_fd's filesystem */
    struct super_block *sb;
    if (mount_fd != AT_FDCWD) {
        struct file *mf = fget(mount_fd);
        if (!mf)
            return -EBADF;
        fs = handle_fs(mf->f_inode);
        sb = mf->f_inode->i_sb;
    } else {
        struct inode *cwd;
        if (dirfd_inode(AT_FDCWD, &cwd))
            return -ENOENT;
        fs = handle_fs(cwd);
        sb = cwd->i_sb;
        inode_put(cwd);
    }
    if (!fs || h.handle_bytes / 4 < FH_WORDS || words[0] || words[2])
        return -ESTALE;                      /* (tmpfs never looks at the type) */
    struct inode *ip = inode_find(words[1]);
    if (ip && (handle_fs(ip) != fs || (fs == 1 && ip->i_sb != sb) ||
               (ip->i_nlink == 0 && ip->i_count == 1))) {
        inode_put(ip);                       /* not of that filesystem, or a name and file gone */
        ip = NULL;
    }
    if (!ip)
        return -ESTALE;
    flags &= ~__O_NONOTIFY;                  /* the kernel's own bit, no caller's (fs/open.c) */
    if (flags & O_PATH)
        flags &= O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
    int fd = fd_alloc(0);
    if (fd < 0) {
        inode_put(ip);
        return fd;
    }
    struct file *f;
    int r = (flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL) ? -EEXIST : 0;
    if (r)
        inode_put(ip);
    else
        r = open_inode(ip, NULL, flags, false, &f);
    if (r) {
        fd_unreserve(fd);
        return r;
    }
    fd_install_at(fd, f, flags & O_CLOEXEC);
    return fd;
}
