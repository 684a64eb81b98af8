/* pivot_root(2): the mount at new_root becomes the caller's root mount,
 * and the old root mount moves to put_old (under new_root), as Linux
 * 6.1's fs/namespace.c does it. Every task whose root or cwd was the old
 * root moves to the new one. Like Linux's rootfs, Pipit's "/" has no
 * mount under it, so it cannot itself be pivoted (EINVAL): a pivot
 * needs a root that is a mount with a parent, as after a chroot into
 * one (decision 66). */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/syscalls.h"
#include "fs/vfs.h"
#include "security/landlock/landlock.h"
#include "fs/mount.h"

/* A directory reached through a mount. */
struct path { struct mount *mnt; struct inode *ip; };

/* The directory upath names (followed, -ENOTDIR for another file), and
 * the topmost mount on it, where mount(2) would put one. */
static int dir_path_at(const char *upath, struct path *p)
{
    int r = user_path_at(AT_FDCWD, upath, LOOKUP_FOLLOW, &p->ip);
    if (r)
        return r;
    p->mnt = current->nd_mnt;
    if (!S_ISDIR(p->ip->i_mode)) {
        inode_put(p->ip);
        return -ENOTDIR;
    }
    return 0;
}

/* Can (mnt, ip) be reached from `from` going down (Linux's
 * is_path_reachable): up the mounts to from's, then below its directory. */
static bool is_path_reachable(struct mount *mnt, struct inode *ip, const struct path *from)
{
    while (mnt != from->mnt && mnt->mnt_parent != mnt) {
        ip = mnt->mnt_mountpoint;
        mnt = mnt->mnt_parent;
    }
    return mnt == from->mnt && vfs_is_subdir(ip, from->ip);
}

/* Every task's root and cwd that were old become new (chroot_fs_refs). */
static void chroot_fs_refs(const struct path *old, const struct path *new)
{
    for (int i = 0; i < NR_TASKS; i++) {
        struct fs_struct *fs = tasks[i].fs;
        if (!fs || tasks[i].mnt_ns != current->mnt_ns)
            continue;
        struct inode *root = fs->root ? fs->root : fs_root;
        struct mount *root_mnt = fs->root_mnt ? fs->root_mnt : ns_root_mount();
        if (root == old->ip && root_mnt == old->mnt) {
            inode_get(new->ip);
            set_fs_root(fs, new->ip, new->mnt);
        }
        struct mount *cwd_mnt = fs->cwd_mnt ? fs->cwd_mnt : ns_root_mount();
        if (fs->cwd == old->ip && cwd_mnt == old->mnt) {
            inode_get(new->ip);
            set_fs_pwd(fs, new->ip, new->mnt);
        }
    }
}

/* pivot_root(new_root, put_old): -EPERM without CAP_SYS_ADMIN, the
 * lookups' errors, then as Linux: -EINVAL for shared mounts around, a
 * mount of another tree, a root or new_root that is not a mount's root
 * or has no parent, put_old not under new_root or new_root not under
 * the root; -ENOENT for a removed new_root; -EBUSY when new_root or
 * put_old is in the root mount itself. */
long sys_pivot_root(const char *unew, const char *uold)
{
    if (!may_mount())
        return -EPERM;
    struct path new, old;
    int r = dir_path_at(unew, &new);
    if (r)
        return r;
    if ((r = dir_path_at(uold, &old))) {
        inode_put(new.ip);
        return r;
    }
    struct path root = { task_root_mnt(), task_root() };
    struct mount *m;
    r = landlock_sb_change();                /* a sandbox's (security_sb_pivotroot) */
    if (r)
        goto out;
    while ((m = lookup_mnt(old.mnt, old.ip))) {   /* put_old: the top of what is there */
        inode_get(m->mnt_root);
        inode_put(old.ip);
        old = (struct path){ m, m->mnt_root };
    }
    struct mount *ex_parent = new.mnt->mnt_parent, *root_parent = root.mnt->mnt_parent;
    r = -EINVAL;
    if (old.mnt->mnt_shared || ex_parent->mnt_shared || root_parent->mnt_shared)
        goto out;
    if (root.mnt->mnt_ns != current_mnt_ns() || new.mnt->mnt_ns != current_mnt_ns())
        goto out;
    r = -ENOENT;
    if (new.ip->i_nlink == 0)
        goto out;
    r = -EBUSY;
    if (new.mnt == root.mnt || old.mnt == root.mnt)
        goto out;
    r = -EINVAL;
    if (root.mnt->mnt_root != root.ip || root_parent == root.mnt)
        goto out;                            /* the root is no mount's root, or has no parent */
    if (new.mnt->mnt_root != new.ip || ex_parent == new.mnt)
        goto out;
    if (!is_path_reachable(old.mnt, old.ip, &new) || !is_path_reachable(new.mnt, new.ip, &root))
        goto out;
    struct inode *root_mp = root.mnt->mnt_mountpoint;
    inode_get(root_mp);
    mnt_move(root.mnt, old.mnt, old.ip);     /* the old root on put_old */
    mnt_move(new.mnt, root_parent, root_mp); /* new_root where the old root was */
    inode_put(root_mp);
    chroot_fs_refs(&root, &new);
    r = 0;
out:
    inode_put(new.ip);
    inode_put(old.ip);
    return r;
}
