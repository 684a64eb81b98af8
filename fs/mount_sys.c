/* mount(2), umount(2) and umount2(2): changes to the mount tree
 * (fs/namespace.c), with Linux 6.1's checks in its order (fs/namespace.c's
 * path_mount and path_umount). New mounts of tmpfs, ramfs, proc and
 * mqueue; bind mounts (MS_BIND, MS_REC); MS_REMOUNT of a filesystem or
 * (with MS_BIND) of one mount's flags; MS_MOVE; the propagation types,
 * recorded and shown but not acted on (docs/decisions.md). */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/syscalls.h"
#include "kernel/mm/uaccess.h"
#include "fs/vfs.h"
#include "fs/mount.h"
#include <linux/mount.h>

#define MS_RMT_MASK_SB (MS_RDONLY | MS_SYNCHRONOUS | MS_MANDLOCK | MS_I_VERSION | MS_LAZYTIME)
#define MS_PROPAGATION (MS_SHARED | MS_PRIVATE | MS_SLAVE | MS_UNBINDABLE)

static const struct file_system_type *const fs_types[] = {
    &tmpfs_fs_type, &ramfs_fs_type, &proc_fs_type, &mqueue_fs_type,
};

/* A filesystem type by name: NULL for none, and for those only the
 * kernel mounts (sockfs, pipefs): -EINVAL through *internal. */
const struct file_system_type *get_fs_type(const char *name, bool *internal)
{
    *internal = !strcmp(name, "sockfs") || !strcmp(name, "pipefs");
    for (size_t i = 0; i < ARRAY_SIZE(fs_types); i++)
        if (!strcmp(fs_types[i]->name, name))
            return fs_types[i];
    return NULL;
}

/* copy_mount_string: a user string of at most PATH_MAX bytes (NULL for a
 * NULL pointer), or an ERR_PTR (-EFAULT, -EINVAL when too long). */
static char *copy_mount_string(const char *u)
{
    if (!u)
        return NULL;
    char *k = kmalloc(PATH_MAX_K);
    if (!k)
        return ERR_PTR(-ENOMEM);
    int r = strncpy_from_user(k, u, PATH_MAX_K);
    if (r < 0 || r >= PATH_MAX_K) {
        kfree(k);
        return ERR_PTR(r < 0 ? r : -EINVAL);
    }
    return k;
}

/* copy_mount_options: up to a page of the user's data, as much as can be
 * read (-EFAULT only when not even its first byte can), NUL-terminated at
 * the page's last byte. NULL for a NULL pointer. */
static char *copy_mount_options(const void *u)
{
    if (!u)
        return NULL;
    char *k = kzalloc(PAGE_SIZE);
    if (!k)
        return ERR_PTR(-ENOMEM);
    if (copy_from_user(k, u, PAGE_SIZE)) {
        size_t n = 0;
        while (n < PAGE_SIZE && !copy_from_user(k + n, (const char *)u + n, 1))
            n++;
        if (n == 0) {
            kfree(k);
            return ERR_PTR(-EFAULT);
        }
        memset(k + n, 0, PAGE_SIZE - n);
    }
    k[PAGE_SIZE - 1] = 0;
    return k;
}

/* Takes the generic options (the superblock's: ro, rw, sync, async,
 * dirsync, lazytime, nolazytime, mand, nomand, and "source") out of data,
 * in place, into *rdonly and *sbflags, as vfs_parse_sb_flag. */
static void take_generic_options(char *data, bool *rdonly, unsigned *sbflags)
{
    static const struct { const char *name; unsigned set, clear; } t[] = {
        { "ro", MS_RDONLY, 0 }, { "rw", 0, MS_RDONLY }, { "sync", MS_SYNCHRONOUS, 0 },
        { "async", 0, MS_SYNCHRONOUS }, { "dirsync", MS_DIRSYNC, 0 },
        { "lazytime", MS_LAZYTIME, 0 }, { "nolazytime", 0, MS_LAZYTIME },
        { "mand", MS_MANDLOCK, 0 }, { "nomand", 0, MS_MANDLOCK },
    };
    char *out = data;
    for (char *p = data; p && *p;) {
        char *end = p;
        while (*end && *end != ',')
            end++;
        size_t n = (size_t)(end - p);
        bool taken = n >= 7 && !strncmp(p, "source=", 7);
        for (size_t i = 0; !taken && i < ARRAY_SIZE(t); i++) {
            if (strlen(t[i].name) != n || strncmp(p, t[i].name, n))
                continue;
            unsigned f = (*rdonly ? MS_RDONLY : 0) | *sbflags;
            f = (f | t[i].set) & ~t[i].clear;
            *rdonly = f & MS_RDONLY;
            *sbflags = f & ~MS_RDONLY;
            taken = true;
        }
        if (!taken && n) {
            if (out != data)
                *out++ = ',';
            memmove(out, p, n);
            out += n;
        }
        p = *end ? end + 1 : end;
    }
    if (out)
        *out = 0;
}

/* Where the walk of a mount(2) or umount(2) path ended: the inode and
 * the mount it was reached through (the topmost mounted there). */
struct target { struct inode *ip; struct mount *mnt; };

static int lookup_target(const char *kpath, int flags, struct target *t)
{
    int r = namei_at(AT_FDCWD, kpath, flags, &t->ip);
    t->mnt = r ? NULL : current->nd_mnt;
    if (!r && t->mnt->mnt_ns != current_mnt_ns()) {
        inode_put(t->ip);                    /* another namespace's (Linux's check_mnt) */
        t->ip = NULL;
        r = -EINVAL;
    }
    return r;
}

/* MNT_* of mount(2)'s MS_* flags, as path_mount: relatime unless noatime
 * or strictatime; a remount keeps the atime flags unless it names one. */
static unsigned mnt_flags_of(unsigned long flags, const struct mount *old)
{
    unsigned mf = (flags & MS_NOATIME) ? 0 : MNT_RELATIME;
    if (flags & MS_NOSUID)
        mf |= MNT_NOSUID;
    if (flags & MS_NODEV)
        mf |= MNT_NODEV;
    if (flags & MS_NOEXEC)
        mf |= MNT_NOEXEC;
    if (flags & MS_NOATIME)
        mf |= MNT_NOATIME;
    if (flags & MS_NODIRATIME)
        mf |= MNT_NODIRATIME;
    if (flags & MS_STRICTATIME)
        mf &= ~(MNT_RELATIME | MNT_NOATIME);
    if (flags & MS_RDONLY)
        mf |= MNT_READONLY;
    if (flags & MS_NOSYMFOLLOW)
        mf |= MNT_NOSYMFOLLOW;
    if (old && (flags & MS_REMOUNT) &&
        !(flags & (MS_NOATIME | MS_NODIRATIME | MS_RELATIME | MS_STRICTATIME)))
        mf = (mf & ~MNT_ATIME_MASK) | (old->mnt_flags & MNT_ATIME_MASK);
    return mf;
}

/* Files open for writing through mounts of sb (m alone when given):
 * what keeps a filesystem from becoming read-only (EBUSY). */
bool has_writers(struct super_block *sb, struct mount *only)
{
    for (struct mount *m = mnt_next(NULL); m; m = mnt_next(m))
        if ((only ? m == only : m->mnt_sb == sb) && m->mnt_writers)
            return true;
    return false;
}

/* Is mount m at t (t's directory is m's root)? */
static bool at_mount_root(const struct target *t)
{
    return t->ip == t->mnt->mnt_root;
}

/* Can m be put on t (Linux's graft_tree and do_add_mount checks)? */
static int may_graft(const struct target *t, struct inode *root)
{
    if (S_ISDIR(t->ip->i_mode) != S_ISDIR(root->i_mode))
        return -ENOTDIR;
    return 0;
}

/* MS_BIND|MS_REMOUNT: one mount's flags (do_reconfigure_mnt). */
static int reconfigure_mnt(const struct target *t, unsigned mf)
{
    if (!at_mount_root(t))
        return -EINVAL;
    if ((mf & MNT_READONLY) && !(t->mnt->mnt_flags & MNT_READONLY) && has_writers(NULL, t->mnt))
        return -EBUSY;
    t->mnt->mnt_flags = mf;
    return 0;
}

/* MS_REMOUNT: the filesystem's options and read-only state, then the
 * mount's flags (do_remount). */
static int remount(const struct target *t, unsigned long flags, unsigned mf, char *data)
{
    if (!at_mount_root(t))
        return -EINVAL;
    struct super_block *sb = t->mnt->mnt_sb;
    bool rdonly = flags & MS_RDONLY;
    unsigned sbflags = flags & (MS_SYNCHRONOUS | MS_DIRSYNC | MS_LAZYTIME);
    if (data)
        take_generic_options(data, &rdonly, &sbflags);
    int r = 0;
    if (sb->s_type->remount)
        r = sb->s_type->remount(sb, data ? data : "");
    else if (data && *data)
        r = -EINVAL;
    if (!r && rdonly && !sb->s_rdonly && has_writers(sb, NULL))
        r = -EBUSY;
    if (r)
        return r;
    sb->s_rdonly = rdonly;
    sb->s_flags = sbflags;
    t->mnt->mnt_flags = mf;
    return 0;
}

/* Is ip the directory `top` or under it, in one filesystem? */
bool is_under(struct inode *ip, struct inode *top)
{
    inode_get(ip);
    for (;;) {
        struct inode *up;
        if (ip == top || vfs_lookup(ip, "..", &up)) {
            bool under = ip == top;
            inode_put(ip);
            return under;
        }
        bool at_root = up == ip;
        inode_put(ip);
        ip = up;
        if (at_root && ip != top) {
            inode_put(ip);
            return false;
        }
    }
}

/* A copy of src showing dir (a bind), with src's flags and peer group. */
struct mount *clone_mnt(struct mount *src, struct inode *dir)
{
    struct mount *m = mnt_alloc(src->mnt_sb, dir, src->mnt_flags, src->mnt_devname);
    if (m) {
        m->mnt_shared = src->mnt_shared;
        m->mnt_slave_of = src->mnt_slave_of;
    }
    return m;
}

/* MS_REC's copies (copy_tree): each bindable mount below src's directory
 * dir, down to the mounts that were there before this call (`last`), is
 * copied onto the copy of its parent, which `copy` starts. Passes over
 * the list instead of a recursion: a user chooses how deep mounts nest. */
int copy_submounts(struct mount *src, struct inode *dir, struct mount *copy,
                          struct mount *last)
{
    int cap = 1, n = 1, r = 0;                /* at most one copy of each mount there was */
    for (struct mount *m = mnt_next(NULL); m && m != last; m = mnt_next(m))
        cap++;
    struct mount **from = kmalloc((cap + 1) * sizeof *from), **to = kmalloc((cap + 1) * sizeof *to);
    if (!from || !to)
        r = -ENOMEM;
    else
        from[0] = src, to[0] = copy;
    for (bool more = !r; more && !r;) {
        more = false;
        for (struct mount *m = mnt_next(NULL); m && !r; m = m == last ? NULL : mnt_next(m)) {
            if (!m->mnt_attached || m->mnt_unbindable)
                continue;
            int parent = -1, self = -1;
            for (int i = 0; i < n; i++) {
                if (from[i] == m->mnt_parent)
                    parent = i;
                if (from[i] == m)
                    self = i;
            }
            if (parent < 0 || self >= 0 || m == src)
                continue;
            if (parent == 0 && !is_under(m->mnt_mountpoint, dir))
                continue;
            struct mount *c = n <= cap ? clone_mnt(m, m->mnt_root) : NULL;
            if (!c) {
                r = -ENOMEM;
                break;
            }
            mnt_attach(c, to[parent], m->mnt_mountpoint);
            from[n] = m, to[n] = c, n++;
            more = true;
        }
    }
    kfree(from);
    kfree(to);
    return r;
}

/* The newest mount: copies stop there (a bind of a tree into itself
 * copies what was there before it). */
struct mount *newest_mount(void)
{
    struct mount *last = NULL;
    for (struct mount *m = mnt_next(NULL); m; m = mnt_next(m))
        last = m;
    return last;
}

/* MS_BIND (do_loopback): what old_name names, shown again at t; with
 * MS_REC the mounts under it too, but not unbindable ones. The new mount
 * has the source mount's flags: mount(2)'s own are not looked at. */
static int bind_mount(const struct target *t, const char *old_name, bool rec)
{
    if (!old_name || !*old_name)
        return -EINVAL;
    struct target old;
    int r = lookup_target(old_name, LOOKUP_FOLLOW, &old);
    if (r)
        return r;
    struct mount *last = newest_mount(), *m = NULL;
    if (old.mnt->mnt_unbindable)
        r = -EINVAL;
    if (!r)
        r = may_graft(t, old.ip);
    if (!r && !(m = clone_mnt(old.mnt, old.ip)))
        r = -ENOMEM;
    if (!r) {
        mnt_attach(m, t->mnt, t->ip);
        if (rec)
            r = copy_submounts(old.mnt, old.ip, m, last);
    }
    inode_put(old.ip);
    return r;
}

/* Is m or any mount below it unbindable? */
bool tree_has_unbindable(struct mount *m)
{
    for (struct mount *c = mnt_next(NULL); c; c = mnt_next(c)) {
        if (!c->mnt_attached || !c->mnt_unbindable)
            continue;
        for (struct mount *p = c;; p = p->mnt_parent) {
            if (p == m)
                return true;
            if (p->mnt_parent == p)
                break;
        }
    }
    return false;
}

/* MS_MOVE (do_move_mount): the mount at old_name, with what is on it, to
 * t. -EINVAL for what is not a mount's root or is the root mount, for a
 * mount under a shared parent; -ELOOP into itself. */
static int move_mount(const struct target *t, const char *old_name)
{
    if (!old_name || !*old_name)
        return -EINVAL;
    struct target old;
    int r = lookup_target(old_name, LOOKUP_FOLLOW, &old);
    if (r)
        return r;
    struct mount *m = old.mnt;
    if (!at_mount_root(&old) || m->mnt_parent == m)
        r = -EINVAL;
    else if (S_ISDIR(t->ip->i_mode) != S_ISDIR(old.ip->i_mode))
        r = -ENOTDIR;
    else if (m->mnt_parent->mnt_shared)
        r = -EINVAL;
    else if (t->mnt->mnt_shared && tree_has_unbindable(m))
        r = -EINVAL;
    for (struct mount *p = t->mnt; !r; p = p->mnt_parent) {
        if (p == m)
            r = -ELOOP;
        if (p->mnt_parent == p)
            break;
    }
    if (!r)
        mnt_move(m, t->mnt, t->ip);
    inode_put(old.ip);
    return r;
}

/* The smallest peer group id no mount has. */
static int group_id_alloc(void)
{
    for (int id = 1;; id++) {
        struct mount *m = mnt_next(NULL);
        while (m && m->mnt_shared != id && m->mnt_slave_of != id)
            m = mnt_next(m);
        if (!m)
            return id;
    }
}

/* Does another mount share m's peer group? */
static bool peers_besides(struct mount *m)
{
    for (struct mount *p = mnt_next(NULL); p; p = mnt_next(p))
        if (p != m && p->mnt_attached && p->mnt_shared == m->mnt_shared)
            return true;
    return false;
}

void change_mnt_propagation(struct mount *m, unsigned long type)
{
    if (type == MS_SHARED) {
        m->mnt_unbindable = false;
        if (!m->mnt_shared)
            m->mnt_shared = group_id_alloc();
    } else if (type == MS_SLAVE) {
        if (m->mnt_shared)                  /* alone in its group: no master left */
            m->mnt_slave_of = peers_besides(m) ? m->mnt_shared : 0;
        m->mnt_shared = 0;
        m->mnt_unbindable = false;
    } else {                                /* MS_PRIVATE, MS_UNBINDABLE */
        m->mnt_shared = m->mnt_slave_of = 0;
        m->mnt_unbindable = type == MS_UNBINDABLE;
    }
}

/* MS_SHARED, MS_PRIVATE, MS_SLAVE, MS_UNBINDABLE (do_change_type): one
 * of them alone (MS_REC and MS_SILENT aside), at a mount's root; MS_REC
 * for the mounts below too. */
static int change_type(const struct target *t, unsigned long flags)
{
    unsigned long type = flags & ~(MS_REC | MS_SILENT);
    if (!at_mount_root(t))
        return -EINVAL;
    if (type & (type - 1))
        return -EINVAL;
    struct mount *top = t->mnt;
    change_mnt_propagation(top, type);
    if (flags & MS_REC)
        for (struct mount *m = mnt_next(NULL); m; m = mnt_next(m)) {
            if (!m->mnt_attached || m == top)
                continue;
            for (struct mount *p = m->mnt_parent; p->mnt_parent != p || p == top; p = p->mnt_parent)
                if (p == top) {
                    change_mnt_propagation(m, type);
                    break;
                }
        }
    return 0;
}

/* A new mount of a filesystem of type `type` at t (do_new_mount). */
static int new_mount(const struct target *t, const char *type, unsigned long flags, unsigned mf,
                     const char *source, char *data)
{
    bool internal;
    if (!type)
        return -EINVAL;
    const struct file_system_type *fst = get_fs_type(type, &internal);
    if (!fst)
        return internal ? -EINVAL : -ENODEV;
    bool rdonly = flags & MS_RDONLY;
    unsigned sbflags = flags & (MS_SYNCHRONOUS | MS_DIRSYNC | MS_LAZYTIME);
    if (data)
        take_generic_options(data, &rdonly, &sbflags);
    struct super_block *sb;
    int r = fst->get_sb(data ? data : "", rdonly, &sb);
    if (r)
        return r;
    if (t->mnt->mnt_sb == sb && at_mount_root(t))
        r = -EBUSY;                          /* the same filesystem on the same place */
    if (!r)
        r = may_graft(t, sb->s_root);
    struct mount *m = r ? NULL : mnt_alloc(sb, sb->s_root, mf, source ? source : "none");
    if (!r && !m)
        r = -ENOMEM;
    if (r) {
        if (sb->s_mounts == 0 && fst->kill_sb)
            fst->kill_sb(sb);
        return r;
    }
    if (sb->s_mounts == 1) {                 /* a new instance: its flags are this mount's */
        sb->s_rdonly = rdonly;
        sb->s_flags = sbflags;
    }
    if (t->mnt->mnt_shared)                  /* a mount under a shared one joins no group */
        m->mnt_shared = 0;
    mnt_attach(m, t->mnt, t->ip);
    return 0;
}

/* Mounts in the tree, for fs.mount-max (Linux's sysctl_mount_max). */
static bool too_many_mounts(void)
{
    int n = 0;
    for (struct mount *m = mnt_next(NULL); m; m = mnt_next(m))
        n++;
    return n >= 100000;
}

/* mount(source, target, filesystemtype, mountflags, data) (path_mount):
 * the strings are copied first (-EFAULT), then target is looked up
 * (its errors come before -EPERM for a caller without CAP_SYS_ADMIN).
 * The first of MS_REMOUNT|MS_BIND, MS_REMOUNT, MS_BIND, a propagation
 * type, MS_MOVE decides; else a new mount. */
long sys_mount(const char *usource, const char *utarget, const char *utype, unsigned long flags,
               const void *udata)
{
    char *type = copy_mount_string(utype), *source = NULL, *data = NULL, *target = NULL;
    long r = 0;
    if (IS_ERR_PTR(type))
        r = PTR_ERR(type), type = NULL;
    if (!r && IS_ERR_PTR(source = copy_mount_string(usource)))
        r = PTR_ERR(source), source = NULL;
    if (!r && IS_ERR_PTR(data = copy_mount_options(udata)))
        r = PTR_ERR(data), data = NULL;
    if (!r && IS_ERR_PTR(target = getname(utarget)))
        r = PTR_ERR(target), target = NULL;
    struct target t = { NULL, NULL };
    if (!r)
        r = lookup_target(target, LOOKUP_FOLLOW, &t);
    if ((flags & MS_MGC_MSK) == MS_MGC_VAL)
        flags &= ~MS_MGC_MSK;
    if (!r && (flags & MS_NOUSER))
        r = -EINVAL;
    if (!r && !capable(CAP_SYS_ADMIN))
        r = -EPERM;
    unsigned mf = mnt_flags_of(flags, t.mnt);
    if (r)
        ;
    else if ((flags & (MS_REMOUNT | MS_BIND)) == (MS_REMOUNT | MS_BIND))
        r = reconfigure_mnt(&t, mf);
    else if (flags & MS_REMOUNT)
        r = remount(&t, flags, mf, data);
    else if (too_many_mounts() && !(flags & (MS_PROPAGATION | MS_MOVE)))
        r = -ENOSPC;
    else if (flags & MS_BIND)
        r = bind_mount(&t, source, flags & MS_REC);
    else if (flags & MS_PROPAGATION)
        r = change_type(&t, flags);
    else if (flags & MS_MOVE)
        r = move_mount(&t, source);
    else
        r = new_mount(&t, type, flags, mf, source, data);
    if (t.ip)
        inode_put(t.ip);
    kfree(type);
    kfree(source);
    kfree(data);
    if (target)
        putname(target);
    return r;
}

/* Is anything but its parent using m (Linux's mnt_get_count(mnt) != 2
 * of propagate_mount_busy): files, cwds, roots, mounts on it. */
static bool mount_busy(struct mount *m)
{
    return m->mnt_count > 0;
}

/* umount2(target, flags) (path_umount): MNT_FORCE, MNT_DETACH (lazily:
 * out of the tree now, freed when unused), MNT_EXPIRE (a first call
 * marks an unused mount, -EAGAIN; a second unmounts it), UMOUNT_NOFOLLOW.
 * -EINVAL for another flag, a target that is not a mount's root, or the
 * root mount; -EBUSY while anything uses the mount. */
long sys_umount2(const char *utarget, int flags)
{
    if (flags & ~(MNT_FORCE | MNT_DETACH | MNT_EXPIRE | UMOUNT_NOFOLLOW))
        return -EINVAL;
    if (!capable(CAP_SYS_ADMIN))
        return -EPERM;
    char *target = getname(utarget);
    if (IS_ERR_PTR(target))
        return PTR_ERR(target);
    struct target t;
    long r = lookup_target(target, (flags & UMOUNT_NOFOLLOW) ? 0 : LOOKUP_FOLLOW, &t);
    putname(target);
    if (r)
        return r;
    struct mount *m = t.mnt;
    inode_put(t.ip);                         /* (the walk's own reference: not the mount's) */
    if (!at_mount_root(&t) || !m->mnt_attached)
        return -EINVAL;
    bool is_root = m->mnt_parent == m;
    if (flags & MNT_EXPIRE) {
        if (m == (current->fs->root_mnt ? current->fs->root_mnt : ns_root_mount()) ||
            (flags & (MNT_FORCE | MNT_DETACH)))
            return -EINVAL;
        if (mount_busy(m))
            return -EBUSY;
        if (!m->mnt_expiry_mark) {
            m->mnt_expiry_mark = true;
            return -EAGAIN;
        }
    }
    if (is_root)
        return (flags & MNT_DETACH) ? -EINVAL : -EBUSY;
    if (flags & MNT_DETACH) {
        umount_tree(m);
        return 0;
    }
    if (mount_busy(m))
        return -EBUSY;
    mnt_detach(m);
    return 0;
}

/* umount(target): umount2 without flags (Linux's oldumount). */
long sys_umount(const char *utarget)
{
    return sys_umount2(utarget, 0);
}
