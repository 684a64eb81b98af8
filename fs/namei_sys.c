/* The namespace system calls (mknod, mkdir, rmdir, unlink, symlink, link,
 * rename, readlink and their *at forms). Each sys_* copies its paths in
 * and calls a do_* on kernel paths, which the cpio unpacker and the
 * self-tests call directly; do_* resolves the parent, vfs_* does the rest. */
#include "kernel/kernel.h"
#include "kernel/mm/mm.h"
#include "kernel/proc.h"
#include "kernel/mm/uaccess.h"
#include "kernel/syscalls.h"
#include "fs/vfs.h"
#include "security/landlock/landlock.h"
#include "fs/mount.h"
#include <linux/fs.h>

/* The parent of a name about to be created (not a directory unless isdir):
 * "." and ".." exist already; "name/" is only for directories. */
static int create_prep(int dirfd, const char *path, struct inode **dir, char *name, bool isdir)
{
    bool slash;
    int r = namei_parent(dirfd, path, dir, name, &slash);
    if (r)
        return r;
    struct inode *ip;
    struct mount *mnt = current->nd_mnt;
    if (last_type(name) != LAST_NORM)
        r = -EEXIST;
    else if (!vfs_lookup(*dir, name, &ip))
        r = (inode_put(ip), -EEXIST);
    else if (slash && !isdir)
        r = -ENOENT;
    else
        r = mnt_want_write(mnt);             /* after EEXIST, as Linux's filename_create */
    if (r)
        inode_put(*dir);
    current->nd_mnt = mnt;
    return r;
}

static uint32_t umask_of_current(void)
{
    return current && current->fs ? current->fs->umask : 0;
}

int do_mknodat(int dirfd, const char *path, uint32_t mode, uint32_t dev)
{
    switch (mode & S_IFMT) {
    case 0:
        mode |= S_IFREG;
        break;
    case S_IFREG: case S_IFCHR: case S_IFBLK: case S_IFIFO: case S_IFSOCK:
        break;
    case S_IFDIR:
        return -EPERM;
    default:
        return -EINVAL;
    }
    struct inode *dir;
    char name[NAME_MAX_K + 1];
    int r = create_prep(dirfd, path, &dir, name, false);
    if (r)
        return r;
    mode = (mode & S_IFMT) | (mode & 07777 & ~umask_of_current());
    if (!(r = landlock_path_mknod(dir, current->nd_mnt, mode)))
        r = vfs_create(dir, name, mode, new_decode_dev(dev), NULL);
    inode_put(dir);
    return r;
}

int do_mkdirat(int dirfd, const char *path, uint32_t mode)
{
    struct inode *dir;
    char name[NAME_MAX_K + 1];
    int r = create_prep(dirfd, path, &dir, name, true);
    if (r)
        return r;
    if (!(r = landlock_path_mknod(dir, current->nd_mnt, S_IFDIR)))
        r = vfs_mkdir(dir, name, mode & 01777 & ~umask_of_current());
    inode_put(dir);
    return r;
}

int do_rmdir(int dirfd, const char *path)
{
    struct inode *dir;
    char name[NAME_MAX_K + 1];
    bool slash;
    int r = namei_parent(dirfd, path, &dir, name, &slash);
    if (r)
        return r;
    switch (last_type(name)) {
    case LAST_DOT: r = -EINVAL; break;
    case LAST_DOTDOT: r = -ENOTEMPTY; break;
    case LAST_ROOT: r = -EBUSY; break;
    default:
        if (!(r = mnt_want_write(current->nd_mnt) ? -EROFS : 0) &&
            !(r = landlock_path_remove(dir, current->nd_mnt, name, true)))
            r = vfs_rmdir(dir, name);
        break;
    }
    inode_put(dir);
    return r;
}

int do_unlinkat(int dirfd, const char *path)
{
    struct inode *dir, *ip;
    char name[NAME_MAX_K + 1];
    bool slash;
    int r = namei_parent(dirfd, path, &dir, name, &slash);
    if (r)
        return r;
    if (last_type(name) != LAST_NORM)
        r = -EISDIR;
    else if ((r = mnt_want_write(current->nd_mnt)))
        ;                                    /* before the name is looked at, as Linux */
    else if (slash && !(r = vfs_lookup(dir, name, &ip))) {
        r = S_ISDIR(ip->i_mode) ? -EISDIR : -ENOTDIR;
        inode_put(ip);
    } else if (!slash && !(r = landlock_path_remove(dir, current->nd_mnt, name, false)))
        r = vfs_unlink(dir, name);
    inode_put(dir);
    return r;
}

int do_symlinkat(const char *target, int dirfd, const char *path)
{
    if (!*target)
        return -ENOENT;
    struct inode *dir;
    char name[NAME_MAX_K + 1];
    int r = create_prep(dirfd, path, &dir, name, false);
    if (r)
        return r;
    if (!(r = landlock_path_mknod(dir, current->nd_mnt, S_IFLNK)))
        r = vfs_symlink(dir, name, target);
    inode_put(dir);
    return r;
}

int do_linkat(int odfd, const char *oldp, int ndfd, const char *newp, int flags)
{
    if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
        return -EINVAL;
    if ((flags & AT_EMPTY_PATH) && !capable(CAP_DAC_READ_SEARCH))
        return -ENOENT;
    struct inode *old, *dir;
    char name[NAME_MAX_K + 1];
    int r = namei_at(odfd, oldp, (flags & AT_SYMLINK_FOLLOW ? LOOKUP_FOLLOW : 0) |
                                 (flags & AT_EMPTY_PATH ? LOOKUP_EMPTY : 0), &old);
    if (r)
        return r;
    struct mount *omnt = current->nd_mnt;
    struct inode *odir = namei_parent_of(old);   /* (Landlock's: where old was found) */
    if (odir)
        inode_get(odir);
    if (!(r = create_prep(ndfd, newp, &dir, name, false))) {
        if (omnt != current->nd_mnt)
            r = -EXDEV;                      /* another mount */
        else if (!(r = landlock_path_link(old, odir, dir, omnt)))
            r = vfs_link(old, dir, name);
        inode_put(dir);
    }
    if (odir)
        inode_put(odir);
    inode_put(old);
    return r;
}

int do_renameat2(int odfd, const char *oldp, int ndfd, const char *newp, uint32_t flags)
{
    if ((flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE)) ||
        ((flags & RENAME_NOREPLACE) && (flags & RENAME_EXCHANGE)))
        return -EINVAL;
    struct inode *odir, *ndir;
    char *oname = kmalloc(2 * (NAME_MAX_K + 1)), *nname = oname + NAME_MAX_K + 1;
    bool oslash, nslash;
    if (!oname)
        return -ENOMEM;
    int r = namei_parent(odfd, oldp, &odir, oname, &oslash);
    if (r)
        goto out;
    struct mount *omnt = current->nd_mnt;
    if (!(r = namei_parent(ndfd, newp, &ndir, nname, &nslash))) {
        if (omnt != current->nd_mnt)
            r = -EXDEV;                      /* across mounts, even of one filesystem */
        else if (last_type(oname) != LAST_NORM)
            r = -EBUSY;
        else if (last_type(nname) != LAST_NORM)
            r = flags & RENAME_NOREPLACE ? -EEXIST : -EBUSY;
        else if ((r = mnt_want_write(omnt)))
            ;
        else
            r = vfs_rename(odir, oname, ndir, nname, flags, oslash || nslash);
        inode_put(ndir);
    }
    inode_put(odir);
out:
    kfree(oname);
    return r;
}

/* The target of the symlink path names, into kbuf (not terminated). */
int do_readlinkat(int dirfd, const char *path, char *kbuf, size_t size)
{
    struct inode *ip;
    int r = namei_at(dirfd, path, LOOKUP_EMPTY, &ip);
    if (r)
        return r;
    if (S_ISLNK(ip->i_mode))
        r = ip->i_op->readlink(ip, kbuf, size);
    else
        r = *path ? -EINVAL : -ENOENT;
    inode_put(ip);
    return r;
}

/* Copies the user path(s) in and calls fn; the shapes the calls share. */
#define WITH_PATH(upath, path, expr) ({                         \
    char *path = getname(upath);                                \
    long __r = IS_ERR_PTR(path) ? PTR_ERR(path) : (expr);       \
    if (!IS_ERR_PTR(path))                                      \
        putname(path);                                          \
    __r; })
#define WITH_PATHS(u1, p1, u2, p2, expr) \
    WITH_PATH(u1, p1, WITH_PATH(u2, p2, expr))

long sys_mknodat(int dirfd, const char *upath, uint32_t mode, uint32_t dev)
{
    return WITH_PATH(upath, p, do_mknodat(dirfd, p, mode, dev));
}

long sys_mknod(const char *upath, uint32_t mode, uint32_t dev)
{
    return sys_mknodat(AT_FDCWD, upath, mode, dev);
}

long sys_mkdirat(int dirfd, const char *upath, uint32_t mode)
{
    return WITH_PATH(upath, p, do_mkdirat(dirfd, p, mode));
}

long sys_mkdir(const char *upath, uint32_t mode)
{
    return sys_mkdirat(AT_FDCWD, upath, mode);
}

long sys_rmdir(const char *upath)
{
    return WITH_PATH(upath, p, do_rmdir(AT_FDCWD, p));
}

long sys_unlinkat(int dirfd, const char *upath, int flags)
{
    if (flags & ~AT_REMOVEDIR)
        return -EINVAL;
    if (flags & AT_REMOVEDIR)
        return WITH_PATH(upath, p, do_rmdir(dirfd, p));
    return WITH_PATH(upath, p, do_unlinkat(dirfd, p));
}

long sys_unlink(const char *upath)
{
    return sys_unlinkat(AT_FDCWD, upath, 0);
}

long sys_symlinkat(const char *utarget, int newdfd, const char *ulink)
{
    return WITH_PATHS(utarget, t, ulink, p, do_symlinkat(t, newdfd, p));
}

long sys_symlink(const char *target, const char *linkp)
{
    return sys_symlinkat(target, AT_FDCWD, linkp);
}

long sys_linkat(int olddfd, const char *uold, int newdfd, const char *unew, int flags)
{
    return WITH_PATHS(uold, o, unew, n, do_linkat(olddfd, o, newdfd, n, flags));
}

long sys_link(const char *oldp, const char *newp)
{
    return sys_linkat(AT_FDCWD, oldp, AT_FDCWD, newp, 0);
}

long sys_renameat2(int olddfd, const char *uold, int newdfd, const char *unew, uint32_t flags)
{
    return WITH_PATHS(uold, o, unew, n, do_renameat2(olddfd, o, newdfd, n, flags));
}

long sys_renameat(int olddfd, const char *oldp, int newdfd, const char *newp)
{
    return sys_renameat2(olddfd, oldp, newdfd, newp, 0);
}

long sys_rename(const char *oldp, const char *newp)
{
    return sys_renameat2(AT_FDCWD, oldp, AT_FDCWD, newp, 0);
}

long sys_readlinkat(int dirfd, const char *upath, char *ubuf, int size)
{
    if (size <= 0)
        return -EINVAL;
    char *kbuf = kmalloc(PATH_MAX_K);
    if (!kbuf)
        return -ENOMEM;
    long r = WITH_PATH(upath, p, do_readlinkat(dirfd, p, kbuf, MIN((size_t)size, PATH_MAX_K)));
    if (r > 0 && copy_to_user(ubuf, kbuf, r))
        r = -EFAULT;
    kfree(kbuf);
    return r;
}

long sys_readlink(const char *path, char *buf, int size)
{
    return sys_readlinkat(AT_FDCWD, path, buf, size);
}
