/* Changes to the namespace (create, mkdir, unlink, rmdir, link, symlink,
 * rename) with the rules that do not depend on the filesystem: existence,
 * types, write and search permission on directories, the sticky bit. The
 * filesystem's i_op does the rest (and keeps link counts and times). */
#include "kernel/kernel.h"
#include "kernel/user_namespace.h"
#include "kernel/proc.h"
#include "fs/vfs.h"
#include "security/landlock/landlock.h"
#include "fs/notify.h"
#include <linux/fs.h>

/* May current add an entry to dir? A removed directory takes no new names. */
static int may_create(struct inode *dir)
{
    if (dir->i_nlink == 0)
        return -ENOENT;
    return inode_permission(dir, MAY_WRITE | MAY_EXEC);
}

/* May current remove `victim` from dir (isdir: by rmdir or a rename of a
 * directory)? In a sticky directory only the owner of the file or of the
 * directory may. -EACCES, -EPERM, -ENOTDIR, -EISDIR, -EBUSY (the root). */
static int may_delete(struct inode *dir, struct inode *victim, bool isdir)
{
    int r = inode_permission(dir, MAY_WRITE | MAY_EXEC);
    if (r)
        return r;
    if ((dir->i_mode & S_ISVTX) && current->fsuid != victim->i_uid && current->fsuid != dir->i_uid &&
        !capable_wrt_inode_uidgid(victim, CAP_FOWNER))
        return -EPERM;
    if (isdir && !S_ISDIR(victim->i_mode))
        return -ENOTDIR;
    if (!isdir && S_ISDIR(victim->i_mode))
        return -EISDIR;
    if (victim == fs_root)
        return -EBUSY;
    return 0;
}

/* -EEXIST when dir already has name, else whether one may be added. */
static int check_new_name(struct inode *dir, const char *name)
{
    struct inode *old;
    if (vfs_lookup(dir, name, &old) == 0) {
        inode_put(old);
        return -EEXIST;
    }
    return may_create(dir);
}

/* A regular file, device node, FIFO or socket `name` in dir. mode has the
 * type and the final permission bits (umask already applied). With res,
 * the new inode comes back referenced. */
int vfs_create(struct inode *dir, const char *name, uint32_t mode, uint32_t rdev, struct inode **res)
{
    int r = check_new_name(dir, name);
    if (r)
        return r;
    if ((S_ISCHR(mode) || S_ISBLK(mode)) && !capable(CAP_MKNOD))
        return -EPERM;
    struct inode *ip;
    if (!dir->i_op->create)                 /* a directory that makes no files (/proc, /dev/pts) */
        return S_ISREG(mode) ? -EACCES : -EPERM;   /* Linux's vfs_create, vfs_mknod */
    if ((r = dir->i_op->create(dir, name, mode, rdev, &ip)))
        return r;
    fsnotify_create(dir, name, false);
    if (res)
        *res = ip;
    else
        inode_put(ip);
    return 0;
}

int vfs_mkdir(struct inode *dir, const char *name, uint32_t mode)
{
    int r = check_new_name(dir, name);
    if (!r && !(r = dir->i_op->mkdir ? dir->i_op->mkdir(dir, name, mode) : -EPERM))
        fsnotify_create(dir, name, true);
    return r;
}

int vfs_symlink(struct inode *dir, const char *name, const char *target)
{
    int r = check_new_name(dir, name);
    if (!r && !(r = dir->i_op->symlink ? dir->i_op->symlink(dir, name, target) : -EPERM))
        fsnotify_create(dir, name, false);
    return r;
}

/* Linux's protected_hardlinks: a plain user may link only to files it owns,
 * or to ordinary files it may read and write. */
static bool may_linkat(struct inode *ip)
{
    if (inode_owner_or_capable(ip))
        return true;
    if (!S_ISREG(ip->i_mode) || (ip->i_mode & S_ISUID) ||
        (ip->i_mode & (S_ISGID | S_IXGRP)) == (S_ISGID | S_IXGRP))
        return false;
    return inode_permission(ip, MAY_READ | MAY_WRITE) == 0;
}

int vfs_link(struct inode *old, struct inode *dir, const char *name)
{
    int r = check_new_name(dir, name);
    if (r)
        return r;
    if (old->i_dev != dir->i_dev)
        return -EXDEV;                      /* another filesystem (/proc, /dev/mqueue) */
    if (S_ISDIR(old->i_mode))
        return -EPERM;
    if (old->i_nlink == 0)
        return -ENOENT;                     /* an unlinked file, open by fd */
    if (!may_linkat(old))
        return -EPERM;
    if (!(r = dir->i_op->link ? dir->i_op->link(old, dir, name) : -EPERM))
        fsnotify_link(dir, name, old);
    return r;
}

/* Is ip, found in dir, a mount point (something is mounted on it, or it
 * is of another filesystem than its parent)? unlink, rmdir and rename of
 * one, or onto one, fail with EBUSY once every other check has passed
 * (Linux's is_local_mountpoint in vfs_unlink, vfs_rmdir and vfs_rename). */
static bool is_mountpoint(struct inode *dir, struct inode *ip)
{
    return ip && (ip->i_mounts || ip->i_dev != dir->i_dev);
}

/* unlink and rmdir: removes `name` (a directory when isdir) from dir. An
 * inode lives on while it is open. The events in Linux's order: the
 * file's IN_ATTRIB (unlink only), its IN_DELETE_SELF when this was its
 * last name and last user (the inode_put frees it), then dir's IN_DELETE. */
static int vfs_remove(struct inode *dir, const char *name, bool isdir)
{
    struct inode *victim;
    int r = vfs_lookup(dir, name, &victim);
    if (r)
        return r;
    int (*remove)(struct inode *, const char *) = isdir ? dir->i_op->rmdir : dir->i_op->unlink;
    if (!(r = may_delete(dir, victim, isdir)))
        r = !remove ? -EPERM : is_mountpoint(dir, victim) ? -EBUSY : remove(dir, name);
    if (!r && !isdir)
        fsnotify_link_count(victim);
    uint32_t ino = victim->i_ino;
    inode_put(victim);
    if (!r)
        fsnotify_delete(dir, name, isdir, ino);
    return r;
}

int vfs_unlink(struct inode *dir, const char *name)
{
    return vfs_remove(dir, name, false);
}

int vfs_rmdir(struct inode *dir, const char *name)
{
    return vfs_remove(dir, name, true);
}

/* Is ip the directory `top` or inside it, in one filesystem? Walks ".."
 * up to the filesystem's root (rename's loop check, binds, pivot_root). */
bool vfs_is_subdir(struct inode *ip, struct inode *top)
{
    inode_get(ip);
    while (ip != top) {
        struct inode *up;
        if (vfs_lookup(ip, "..", &up))
            break;
        inode_put(ip);
        if (up == ip)                        /* another filesystem's root */
            break;
        ip = up;
    }
    bool inside = ip == top;
    inode_put(ip);
    return inside;
}

/* The checks of rename once both names are resolved (old exists) and
 * neither moves into itself. */
static int may_rename(struct inode *odir, struct inode *old, struct inode *ndir,
                      struct inode *new, uint32_t flags)
{
    bool isdir = S_ISDIR(old->i_mode);
    int r;
    if ((r = may_delete(odir, old, isdir)))
        return r;
    if (flags & RENAME_EXCHANGE)
        r = may_delete(ndir, new, S_ISDIR(new->i_mode));
    else
        r = new ? may_delete(ndir, new, isdir) : may_create(ndir);
    if (r)
        return r;
    if (odir != ndir && isdir && (r = inode_permission(old, MAY_WRITE)))
        return r;                           /* its ".." changes */
    if (odir != ndir && new && (flags & RENAME_EXCHANGE) && S_ISDIR(new->i_mode))
        return inode_permission(new, MAY_WRITE);
    return 0;
}

/* Renames odir/oname to ndir/nname (both LAST_NORM names). slash: either
 * path ended in '/', which only directories may. flags: RENAME_NOREPLACE,
 * RENAME_EXCHANGE. Replacing is atomic: no moment without nname. */
int vfs_rename(struct inode *odir, const char *oname, struct inode *ndir,
               const char *nname, uint32_t flags, bool slash)
{
    if ((flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE)) ||
        (flags & RENAME_NOREPLACE && flags & RENAME_EXCHANGE))
        return -EINVAL;
    if (odir->i_dev != ndir->i_dev)
        return -EXDEV;                      /* two mounts: before the names are looked at */
    struct inode *old, *new = NULL;
    int r = vfs_lookup(odir, oname, &old);
    if (r)
        return r;
    r = vfs_lookup(ndir, nname, &new);
    if (r == -ENOENT && !(flags & RENAME_EXCHANGE))
        r = 0, new = NULL;
    if (!r && new && (flags & RENAME_NOREPLACE))
        r = -EEXIST;
    if (!r && slash && (!S_ISDIR(old->i_mode) ||
                        ((flags & RENAME_EXCHANGE) && !S_ISDIR(new->i_mode))))
        r = -ENOTDIR;
    if (!r && old != new && S_ISDIR(old->i_mode) && vfs_is_subdir(ndir, old))
        r = -EINVAL;                        /* into its own subtree */
    if (!r && old != new && new && S_ISDIR(new->i_mode) && (flags & RENAME_EXCHANGE) &&
        vfs_is_subdir(odir, new))
        r = -EINVAL;
    if (!r)                                 /* Linux's security_path_rename */
        r = landlock_path_rename(odir, old, ndir, new, current ? current->nd_mnt : NULL,
                                 flags & RENAME_EXCHANGE);
    if (!r && old != new && !(r = may_rename(odir, old, ndir, new, flags)))
        r = !odir->i_op->rename || odir->i_op != ndir->i_op ? -EXDEV :
            is_mountpoint(odir, old) || is_mountpoint(ndir, new) ? -EBUSY :
            odir->i_op->rename(odir, oname, ndir, nname, flags);
    if (!r && old != new) {
        fsnotify_move(odir, oname, ndir, nname, old, flags & RENAME_EXCHANGE ? NULL : new);
        if (flags & RENAME_EXCHANGE)
            fsnotify_move(ndir, nname, odir, oname, new, NULL);
    }
    inode_put(old);
    inode_put(new);                         /* a replaced file may go: IN_DELETE_SELF */
    return r;
}
