/* The new mount API's calls on mounts (Linux 5.2+, as 6.1 has them):
 * open_tree(2) opens a mount, or a detached copy of one; move_mount(2)
 * attaches a detached tree or moves a mount (MS_MOVE's rules);
 * mount_setattr(2) changes a mount's flags and propagation. A detached
 * tree lives in an anonymous namespace of its own (Linux's is_anon_ns)
 * behind the O_PATH descriptor that made it; fs/fs_context.c makes
 * them too (fsmount). Checks and errors in 6.1's order. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/syscalls.h"
#include "kernel/mm/uaccess.h"
#include "fs/vfs.h"
#include "security/landlock/landlock.h"
#include "fs/mount.h"
#include <linux/mount.h>

#define MOUNT_SETATTR_PROPAGATION (MS_UNBINDABLE | MS_PRIVATE | MS_SLAVE | MS_SHARED)
#define MOUNT_ATTR_VALID (MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | \
                          MOUNT_ATTR_NOEXEC | MOUNT_ATTR__ATIME | MOUNT_ATTR_NODIRATIME | \
                          MOUNT_ATTR_NOSYMFOLLOW)

/* A place: a referenced inode and the mount it was reached through. */
struct mpath { struct inode *ip; struct mount *mnt; };

static int mpath_at(int dfd, const char *upath, int lookup, struct mpath *p)
{
    int r = user_path_at(dfd, upath, lookup, &p->ip);
    p->mnt = r ? NULL : current->nd_mnt;
    return r;
}

/* Is m top or a mount below it? */
static bool mnt_in_tree(struct mount *m, struct mount *top)
{
    while (m != top && m->mnt_parent != m)
        m = m->mnt_parent;
    return m == top;
}

/* The root of a detached tree that is still whole (Linux's anon ns root). */
static bool is_anon_root(const struct mount *m)
{
    return m->mnt_ns && m->mnt_ns->anon && m->mnt_ns->root == m;
}

/* Linux's is_mounted: in a tree, attached or a detached tree's root. */
static bool is_mounted(const struct mount *m)
{
    return m->mnt_attached || is_anon_root(m);
}

/* In current's tree (check_mnt). */
static bool check_mnt(const struct mount *m)
{
    return m->mnt_ns == current_mnt_ns();
}

/* Every mount of ns moves to namespace `to` (NULL: none, taken down). */
static void ns_move_mounts(struct mnt_namespace *ns, struct mnt_namespace *to)
{
    for (struct mount *m = mnt_next(NULL); m; m = mnt_next(m))
        if (m->mnt_ns == ns)
            m->mnt_ns = to;
}

/* A detached tree's end (Linux's dissolve_on_fput): its mounts unmounted,
 * each freed when unused; the namespace freed. */
static void dissolve(struct mnt_namespace *ns)
{
    umount_tree(ns->root);                   /* (the root may be freed here) */
    ns_move_mounts(ns, NULL);
    kfree(ns);
}

/* The last close of the descriptor that made a detached tree. */
static void mount_fd_release(struct inode *ip UNUSED, struct file *f)
{
    if (f->f_mnt && is_anon_root(f->f_mnt))
        dissolve(f->f_mnt->mnt_ns);
}

/* O_PATH, with a release: Linux's FMODE_NEED_UNMOUNT. */
static const struct file_operations mount_fd_fops = { .release = mount_fd_release };

int mnt_detached_open(struct mount *root, struct inode *ip, struct file **res)
{
    struct mnt_namespace *ns = kzalloc(sizeof *ns);
    if (!ns) {
        inode_put(ip);
        umount_tree(root);
        return -ENOMEM;
    }
    ns->anon = true;
    ns->root = root;
    for (struct mount *m = mnt_next(NULL); m; m = mnt_next(m))
        if (mnt_in_tree(m, root))
            m->mnt_ns = ns;
    int r = open_inode(ip, root, O_PATH, false, res);
    if (r) {
        dissolve(ns);
        return r;
    }
    (*res)->f_op = &mount_fd_fops;
    return 0;
}

/* open_tree's copy (open_detached_copy, __do_loopback): a bind of p's
 * directory, with the mounts below it for `recursive`, detached. */
static int open_detached_copy(struct mpath *p, bool recursive, struct file **res)
{
    if (p->mnt->mnt_unbindable || !check_mnt(p->mnt) || (!recursive && has_locked_children(p->mnt, p->ip)))
        return -EINVAL;                      /* (what a locked mount hides stays hidden) */
    struct mount *last = newest_mount();
    struct mount *m = clone_mnt(p->mnt, p->ip);
    if (!m)
        return -ENOMEM;
    if (recursive && copy_submounts(p->mnt, p->ip, m, last)) {
        umount_tree(m);
        return -ENOMEM;
    }
    inode_get(p->ip);
    return mnt_detached_open(m, p->ip, res);
}

/* open_tree(dfd, path, flags): an O_PATH descriptor on what path names
 * or, with OPEN_TREE_CLONE (CAP_SYS_ADMIN), on a detached bind copy of
 * it (with the mounts below it for AT_RECURSIVE), which goes when the
 * descriptor closes unless move_mount attached it. The descriptor is
 * reserved before the lookup (-EMFILE first). */
long sys_open_tree(int dfd, const char *upath, unsigned flags)
{
    int lookup = LOOKUP_FOLLOW;
    bool clone = flags & OPEN_TREE_CLONE;
    if (flags & ~(AT_EMPTY_PATH | AT_NO_AUTOMOUNT | AT_RECURSIVE | AT_SYMLINK_NOFOLLOW |
                  OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC))
        return -EINVAL;
    if ((flags & (AT_RECURSIVE | OPEN_TREE_CLONE)) == AT_RECURSIVE)
        return -EINVAL;
    if (flags & AT_SYMLINK_NOFOLLOW)
        lookup &= ~LOOKUP_FOLLOW;
    if (flags & AT_EMPTY_PATH)
        lookup |= LOOKUP_EMPTY;
    if (clone && !may_mount())
        return -EPERM;
    int fd = fd_alloc(0);
    if (fd < 0)
        return fd;
    struct mpath p;
    struct file *f = NULL;
    int r = mpath_at(dfd, upath, lookup, &p);
    if (!r && clone) {
        r = open_detached_copy(&p, flags & AT_RECURSIVE, &f);
        inode_put(p.ip);
    } else if (!r) {
        r = open_inode(p.ip, p.mnt, O_PATH, false, &f);
    }
    if (r) {
        fd_unreserve(fd);
        return r;
    }
    fd_install_at(fd, f, flags & OPEN_TREE_CLOEXEC);
    return fd;
}

/* move_mount's move (do_move_mount): the mount at `from` (its root),
 * attached or the root of a detached tree, with the mounts on it, to
 * `to` in current's tree. MS_MOVE's rules, all -EINVAL but a move into
 * itself (-ELOOP). */
static int do_move_mount(struct mpath *from, struct mpath *to)
{
    struct mount *old = from->mnt, *p = to->mnt;
    bool attached = old->mnt_parent != old;
    if (!check_mnt(p) || !is_mounted(old))
        return -EINVAL;
    if (!(attached ? check_mnt(old) : is_anon_root(old)))
        return -EINVAL;
    if (from->ip != old->mnt_root)
        return -EINVAL;
    if (S_ISDIR(to->ip->i_mode) != S_ISDIR(from->ip->i_mode))
        return -EINVAL;
    if (attached && old->mnt_parent->mnt_shared)
        return -EINVAL;
    if (p->mnt_shared && tree_has_unbindable(old))
        return -EINVAL;
    for (struct mount *q = p;; q = q->mnt_parent) {
        if (q == old)
            return -ELOOP;
        if (q->mnt_parent == q)
            break;
    }
    if (attached)
        return attach_moved(old, p, to->ip, old->mnt_mp_dir);
    struct mnt_namespace *anon = old->mnt_ns;
    ns_move_mounts(anon, p->mnt_ns);
    kfree(anon);
    mnt_attach(old, p, to->ip);
    int r = 0;
    if (p->mnt_shared) {
        make_tree_shared(old);
        if ((r = propagate_mnt(p, to->ip, NULL, old)))
            umount_tree(old);                /* (out of memory: the tree is gone) */
    }
    return r;
}

/* MOVE_MOUNT_SET_GROUP (do_set_group): `to`, a private mount, joins the
 * peer group (and master) of `from`, a mount of the same filesystem
 * whose root is at or above to's. */
static int do_set_group(struct mpath *from, struct mpath *to)
{
    struct mount *f = from->mnt, *t = to->mnt;
    if (!is_mounted(f) || !is_mounted(t))
        return -EINVAL;
    if (from->ip != f->mnt_root || to->ip != t->mnt_root)
        return -EINVAL;
    if (f->mnt_sb != t->mnt_sb || !vfs_is_subdir(t->mnt_root, f->mnt_root))
        return -EINVAL;
    if (t->mnt_shared || t->mnt_slave_of)
        return -EINVAL;
    if (!f->mnt_shared && !f->mnt_slave_of)
        return -EINVAL;
    t->mnt_slave_of = f->mnt_slave_of;
    t->mnt_shared = f->mnt_shared;
    t->mnt_unbindable = false;
    return 0;
}

/* move_mount(from_dfd, from_path, to_dfd, to_path, flags): CAP_SYS_ADMIN
 * first, then the flags, then the two lookups (symlinks followed only
 * with MOVE_MOUNT_F_SYMLINKS, MOVE_MOUNT_T_SYMLINKS; "" only with the
 * EMPTY_PATH flags; automounts are not Pipit's), then the move. */
long sys_move_mount(int from_dfd, const char *ufrom, int to_dfd, const char *uto, unsigned flags)
{
    if (!may_mount())
        return -EPERM;
    if (flags & ~MOVE_MOUNT__MASK)
        return -EINVAL;
    int lf = ((flags & MOVE_MOUNT_F_SYMLINKS) ? LOOKUP_FOLLOW : 0) |
             ((flags & MOVE_MOUNT_F_EMPTY_PATH) ? LOOKUP_EMPTY : 0);
    int lt = ((flags & MOVE_MOUNT_T_SYMLINKS) ? LOOKUP_FOLLOW : 0) |
             ((flags & MOVE_MOUNT_T_EMPTY_PATH) ? LOOKUP_EMPTY : 0);
    struct mpath from, to;
    int r = mpath_at(from_dfd, ufrom, lf, &from);
    if (r)
        return r;
    if (!(r = mpath_at(to_dfd, uto, lt, &to))) {
        r = landlock_sb_change() ? -EPERM :  /* a sandbox's (security_move_mount) */
            (flags & MOVE_MOUNT_SET_GROUP) ? do_set_group(&from, &to) : do_move_mount(&from, &to);
        inode_put(to.ip);
    }
    inode_put(from.ip);
    return r;
}

/* ---- mount_setattr ---- */

/* MNT_* of MOUNT_ATTR_* (attr_flags_to_mnt_flags), the atime values aside. */
static unsigned attr_to_mnt_flags(uint64_t attr)
{
    unsigned f = 0;
    if (attr & MOUNT_ATTR_RDONLY)
        f |= MNT_READONLY;
    if (attr & MOUNT_ATTR_NOSUID)
        f |= MNT_NOSUID;
    if (attr & MOUNT_ATTR_NODEV)
        f |= MNT_NODEV;
    if (attr & MOUNT_ATTR_NOEXEC)
        f |= MNT_NOEXEC;
    if (attr & MOUNT_ATTR_NODIRATIME)
        f |= MNT_NODIRATIME;
    if (attr & MOUNT_ATTR_NOSYMFOLLOW)
        f |= MNT_NOSYMFOLLOW;
    return f;
}

/* fsmount's attr_flags as a new mount's MNT_* (fs/fs_context.c): -1 for
 * flags it does not take or an atime value that is not one. */
long mount_attr_flags(unsigned attr)
{
    unsigned f = attr_to_mnt_flags(attr);
    if (attr & ~MOUNT_ATTR_VALID)
        return -1;
    switch (attr & MOUNT_ATTR__ATIME) {
    case MOUNT_ATTR_STRICTATIME: return f;
    case MOUNT_ATTR_NOATIME: return f | MNT_NOATIME;
    case MOUNT_ATTR_RELATIME: return f | MNT_RELATIME;
    default: return -1;
    }
}

struct mount_kattr { unsigned set, clr; uint64_t propagation; bool recurse; };

/* build_mount_kattr: the propagation one type at most, known flags, the
 * atime value only with all of MOUNT_ATTR__ATIME cleared; an idmapping
 * (-EBADF for a closed userns_fd, else -EINVAL: no user namespaces). */
static int build_kattr(const struct mount_attr *a, struct mount_kattr *k)
{
    if (a->propagation & ~(uint64_t)MOUNT_SETATTR_PROPAGATION)
        return -EINVAL;
    if (__builtin_popcountll(a->propagation) > 1)
        return -EINVAL;
    k->propagation = a->propagation;
    if ((a->attr_set | a->attr_clr) & ~(uint64_t)(MOUNT_ATTR_VALID | MOUNT_ATTR_IDMAP))
        return -EINVAL;
    k->set = attr_to_mnt_flags(a->attr_set);
    k->clr = attr_to_mnt_flags(a->attr_clr);
    if (a->attr_clr & MOUNT_ATTR__ATIME) {
        if ((a->attr_clr & MOUNT_ATTR__ATIME) != MOUNT_ATTR__ATIME)
            return -EINVAL;
        k->clr |= MNT_RELATIME | MNT_NOATIME;
        switch (a->attr_set & MOUNT_ATTR__ATIME) {
        case MOUNT_ATTR_RELATIME: k->set |= MNT_RELATIME; break;
        case MOUNT_ATTR_NOATIME: k->set |= MNT_NOATIME; break;
        case MOUNT_ATTR_STRICTATIME: break;
        default: return -EINVAL;
        }
    } else if (a->attr_set & MOUNT_ATTR__ATIME) {
        return -EINVAL;
    }
    if (!((a->attr_set | a->attr_clr) & MOUNT_ATTR_IDMAP))
        return 0;
    if ((a->attr_clr & MOUNT_ATTR_IDMAP) || a->userns_fd > 0x7FFFFFFF)
        return -EINVAL;
    return fget((int)a->userns_fd) ? -EINVAL : -EBADF;
}

/* do_mount_setattr: at a mount's root, in current's tree or a detached
 * one's root; every mount first checked (a locked flag it would lose:
 * -EPERM; a read-only one waits for its writers: -EBUSY), then all
 * changed. */
static int do_mount_setattr(struct mpath *p, const struct mount_kattr *k)
{
    struct mount *top = p->mnt;
    if (p->ip != top->mnt_root || !is_mounted(top))
        return -EINVAL;
    if (!(top->mnt_parent != top ? check_mnt(top) : is_anon_root(top)))
        return -EINVAL;
    for (struct mount *m = mnt_next(NULL); m; m = mnt_next(m)) {
        if (m != top && !(k->recurse && m->mnt_attached && mnt_in_tree(m, top)))
            continue;
        if (!can_change_locked_flags(m, (m->mnt_flags & ~k->clr) | k->set))
            return -EPERM;                   /* a flag locked by a copy for a user namespace */
        if ((k->set & MNT_READONLY) && !(m->mnt_flags & MNT_READONLY) && has_writers(NULL, m))
            return -EBUSY;
    }
    for (struct mount *m = mnt_next(NULL); m; m = mnt_next(m)) {
        if (m != top && !(k->recurse && m->mnt_attached && mnt_in_tree(m, top)))
            continue;
        m->mnt_flags = (m->mnt_flags & ~k->clr) | k->set;
        if (k->propagation)
            change_mnt_propagation(m, (unsigned long)k->propagation);
    }
    return 0;
}

/* mount_setattr(dfd, path, flags, uattr, usize): uattr's first usize
 * bytes (at least MOUNT_ATTR_SIZE_VER0, at most a page, -E2BIG for
 * nonzero bytes past struct mount_attr) set and clear the flags of the
 * mount at path, and its propagation; with AT_RECURSIVE, of every mount
 * below it too. Nothing to change: 0 without a lookup. */
long sys_mount_setattr(int dfd, const char *upath, unsigned flags, const void *uattr, uint32_t usize)
{
    struct mount_attr a;
    struct mount_kattr k = { .recurse = flags & AT_RECURSIVE };
    if (flags & ~(AT_EMPTY_PATH | AT_RECURSIVE | AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT))
        return -EINVAL;
    if (usize > PAGE_SIZE)
        return -E2BIG;
    if (usize < MOUNT_ATTR_SIZE_VER0)
        return -EINVAL;
    if (!may_mount())
        return -EPERM;
    int r = (int)copy_struct_from_user(&a, sizeof a, uattr, usize);
    if (r)
        return r;
    if (!a.attr_set && !a.attr_clr && !a.propagation)
        return 0;
    if ((r = build_kattr(&a, &k)))
        return r;
    int lookup = ((flags & AT_SYMLINK_NOFOLLOW) ? 0 : LOOKUP_FOLLOW) |
                 ((flags & AT_EMPTY_PATH) ? LOOKUP_EMPTY : 0);
    struct mpath p;
    if ((r = mpath_at(dfd, upath, lookup, &p)))
        return r;
    r = do_mount_setattr(&p, &k);
    inode_put(p.ip);
    return r;
}
