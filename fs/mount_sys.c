/* mount(2), umount(2) and umount2(2): changes to the mount tree
 * (fs/namespace.c), with Linux 6.1's checks in its order (fs/namespace.c's
 * path_mount and path_umount). New mounts of tmpfs, ramfs, proc and
 * mqueue; bind mounts (MS_BIND, MS_REC); MS_REMOUNT of a filesystem or
 * (with MS_BIND) of one mount's flags; MS_MOVE; the propagation types,
 * recorded and shown but not acted on (docs/decisions.md). */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/user_namespace.h"
#include "kernel/pid_namespace.h"
#include "ipc/namespace.h"
#include "kernel/syscalls.h"
#include "kernel/mm/uaccess.h"
#include "fs/vfs.h"
#include "security/landlock/landlock.h"
#include "fs/mount.h"
#include <linux/mount.h>

#define MS_RMT_MASK_SB (MS_RDONLY | MS_SYNCHRONOUS | MS_MANDLOCK | MS_I_VERSION | MS_LAZYTIME)
#define MS_PROPAGATION (MS_SHARED | MS_PRIVATE | MS_SLAVE | MS_UNBINDABLE)

static const struct file_system_type *const fs_types[] = {
    &tmpfs_fs_type, &ramfs_fs_type, &proc_fs_type, &mqueue_fs_type, &devpts_fs_type, &cgroup2_fs_type,
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
        return ERR_PTR(r == -EFAULT ? r : -EINVAL);
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

/* Calls fn(opt, arg) on each comma-separated option of data, copied into
 * a buffer of max bytes at most (a longer one: -EINVAL; empty ones are
 * skipped): a filesystem's options in mount(2)'s data (ramfs and tmpfs,
 * proc). The first error fn returns stops it; 0 when none did. */
int mount_options_each(const char *data, size_t max, int (*fn)(char *opt, void *arg), void *arg)
{
    char opt[128];
    if (max > sizeof opt)
        max = sizeof opt;
    for (const char *p = data; p && *p;) {
        size_t n = 0;
        while (p[n] && p[n] != ',')
            n++;
        if (n >= max)
            return -EINVAL;
        strlcpy(opt, p, n + 1);
        int r = n ? fn(opt, arg) : 0;
        if (r)
            return r;
        p += n + (p[n] == ',');
    }
    return 0;
}

/* Takes the generic options (the superblock's: ro, rw, sync, async,
 * dirsync, lazytime, nolazytime, mand, nomand, and "source") out of data,
 * in place, into *rdonly and *sbflags, as vfs_parse_sb_flag. */
static unsigned take_generic_options(char *data, bool *rdonly, unsigned *sbflags)
{
    unsigned seen = 0;
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
            seen |= t[i].set | t[i].clear;
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
    return seen;
}

/* Where the walk of a mount(2) or umount(2) path ended: the inode, the
 * mount it was reached through (the topmost mounted there) and, for a
 * file named in its directory, that directory (referenced; the path
 * mountinfo shows for a mount on the file). */
struct target { struct inode *ip; struct mount *mnt; struct inode *dir; };

static int lookup_target(const char *kpath, int flags, struct target *t)
{
    int r = namei_at(AT_FDCWD, kpath, flags, &t->ip);
    t->mnt = r ? NULL : current->nd_mnt;
    t->dir = NULL;
    if (!r && t->mnt->mnt_ns != current_mnt_ns()) {
        inode_put(t->ip);                    /* another namespace's (Linux's check_mnt) */
        t->ip = NULL;
        return -EINVAL;
    }
    if (r || S_ISDIR(t->ip->i_mode))
        return r;
    char *name = kmalloc(NAME_MAX_K + 1);
    struct inode *dir, *ip;
    bool slash;
    if (name && !namei_parent(AT_FDCWD, kpath, &dir, name, &slash)) {
        if (!vfs_lookup(dir, name, &ip)) {
            if (ip == t->ip)
                t->dir = dir, dir = NULL;
            inode_put(ip);
        }
        if (dir)
            inode_put(dir);
    }
    kfree(name);
    current->nd_mnt = t->mnt;
    return 0;
}

static void target_put(struct target *t)
{
    if (t->ip)
        inode_put(t->ip);
    if (t->dir)
        inode_put(t->dir);
    t->ip = t->dir = NULL;
}

/* m, new, on t: attached there, with the file mount point's directory. */
static void attach_at(struct mount *m, const struct target *t)
{
    mnt_attach(m, t->mnt, t->ip);
    mnt_set_mp_dir(m, t->dir);
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

/* Linux's can_change_locked_flags: whether m may take the flags mf (a
 * locked flag stays set, locked atime flags stay as they are). */
bool can_change_locked_flags(const struct mount *m, unsigned mf)
{
    unsigned fl = m->mnt_flags;
    return !((fl & MNT_LOCK_READONLY) && !(mf & MNT_READONLY)) &&
           !((fl & MNT_LOCK_NODEV) && !(mf & MNT_NODEV)) &&
           !((fl & MNT_LOCK_NOSUID) && !(mf & MNT_NOSUID)) &&
           !((fl & MNT_LOCK_NOEXEC) && !(mf & MNT_NOEXEC)) &&
           !((fl & MNT_LOCK_ATIME) && (fl & MNT_ATIME_MASK) != (mf & MNT_ATIME_MASK));
}

/* MS_BIND|MS_REMOUNT: one mount's flags (do_reconfigure_mnt); a locked
 * flag may not be cleared (-EPERM), the locks stay. */
static int reconfigure_mnt(const struct target *t, unsigned mf)
{
    if (!at_mount_root(t))
        return -EINVAL;
    if (!can_change_locked_flags(t->mnt, mf))
        return -EPERM;
    mf |= t->mnt->mnt_flags & MNT_LOCK_MASK;
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
    if (!can_change_locked_flags(t->mnt, mf))
        return -EPERM;
    mf |= t->mnt->mnt_flags & MNT_LOCK_MASK;
    if (!capable(CAP_SYS_ADMIN))
        return -EPERM;                       /* the filesystem's options: Linux asks CAP_SYS_ADMIN
                                                in its mounter's namespace (decision 80) */
    struct super_block *sb = t->mnt->mnt_sb;
    bool rdonly = flags & MS_RDONLY;
    unsigned sbflags = flags & (MS_SYNCHRONOUS | MS_LAZYTIME);
    int r = 0;
    if (data && (take_generic_options(data, &rdonly, &sbflags) & ~MS_RMT_MASK_SB))
        r = -EINVAL;                         /* "dirsync" in data: not for a remount */
    sbflags = (sbflags & (MS_SYNCHRONOUS | MS_LAZYTIME)) | (sb->s_flags & MS_DIRSYNC);
    if (r)
        ;
    else if (sb->s_type->remount)
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

/* A copy of src showing dir (a bind), with src's flags and peer group. */
struct mount *clone_mnt(struct mount *src, struct inode *dir)
{
    struct mount *m = mnt_alloc(src->mnt_sb, dir, src->mnt_flags, src->mnt_devname);
    if (m) {
        m->mnt_shared = src->mnt_shared;
        m->mnt_slave_of = src->mnt_slave_of;
        if (dir == src->mnt_root && src->mnt_root_dir) {
            m->mnt_root_dir = src->mnt_root_dir;
            inode_get(m->mnt_root_dir);
        }
    }
    return m;
}

/* What MS_REC does not copy, nor anything under it: an unbindable
 * mount, and a mount on src itself outside the directory bound. */
struct sub_scope { struct mount *src; struct inode *dir; };

static bool not_copied(struct mount *m, void *arg)
{
    struct sub_scope *s = arg;
    return m->mnt_unbindable || (m->mnt_parent == s->src && !vfs_is_subdir(m->mnt_mountpoint, s->dir));
}

/* MS_REC's copies (copy_tree): each bindable mount below src's directory
 * dir, down to the mounts that were there before this call (`last`), is
 * copied onto the copy of its parent, which `copy` starts: marked first,
 * then copied, then attached (no recursion, no pass per level: a user
 * chooses how deep and how many). 0, or -ENOMEM with no copy left. */
int copy_submounts(struct mount *src, struct inode *dir, struct mount *copy,
                          struct mount *last)
{
    struct sub_scope scope = { src, dir };
    mnt_mark_tree_cut(src, not_copied, &scope);
    int r = 0;
    for (struct mount *m = mnt_next(NULL); m; m = m == last ? NULL : mnt_next(m))
        m->mnt_copy = NULL;
    src->mnt_copy = copy;
    for (struct mount *m = mnt_next(NULL); m && !r; m = m == last ? NULL : mnt_next(m))
        if (m != src && m->mnt_in && m->mnt_attached && !(m->mnt_copy = clone_mnt(m, m->mnt_root)))
            r = -ENOMEM;
    for (struct mount *m = mnt_next(NULL); m; m = m == last ? NULL : mnt_next(m)) {
        if (m == src || !m->mnt_copy)
            continue;
        if (r) {
            mnt_discard(m->mnt_copy);
        } else {
            mnt_attach(m->mnt_copy, m->mnt_parent->mnt_copy, m->mnt_mountpoint);
            mnt_set_mp_dir(m->mnt_copy, m->mnt_mp_dir);
        }
    }
    return r;
}

/* Linux's has_locked_children: a locked mount on parent at dir or below
 * it (a file's mount: its directory there), which a bind of dir without
 * the mounts under it would uncover. */
bool has_locked_children(struct mount *parent, struct inode *dir)
{
    for (struct mount *m = mnt_next(NULL); m; m = mnt_next(m)) {
        if (!m->mnt_attached || m->mnt_parent != parent || m == parent || !(m->mnt_flags & MNT_LOCKED))
            continue;
        struct inode *mp = m->mnt_mp_dir ? m->mnt_mp_dir : m->mnt_mountpoint;   /* a file's: its directory */
        if (m->mnt_mountpoint == dir || vfs_is_subdir(mp, dir))
            return true;
    }
    return false;
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
    if (old.mnt->mnt_unbindable || (!rec && has_locked_children(old.mnt, old.ip)))
        r = -EINVAL;                         /* (what a locked mount hides stays hidden) */
    if (!r)
        r = may_graft(t, old.ip);
    if (!r && !(m = clone_mnt(old.mnt, old.ip)))
        r = -ENOMEM;
    if (m)
        m->mnt_flags &= ~MNT_LOCKED;         /* the new mount itself may go; its flags stay locked */
    if (!r && !m->mnt_root_dir && old.dir && old.dir->i_dev == old.ip->i_dev) {
        m->mnt_root_dir = old.dir;           /* a file's directory, for mountinfo's root */
        inode_get(old.dir);
    }
    if (!r) {
        attach_at(m, t);
        if (rec)
            r = copy_submounts(old.mnt, old.ip, m, last);
        if (!r && t->mnt->mnt_shared) {
            make_tree_shared(m);
            r = propagate_mnt(t->mnt, t->ip, t->dir, m);
        }
        if (r)
            umount_tree(m);                  /* all or nothing */
    }
    target_put(&old);
    return r;
}

/* Is m or any mount below it unbindable? */
bool tree_has_unbindable(struct mount *m)
{
    mnt_mark_tree(m);
    for (struct mount *c = mnt_next(NULL); c; c = mnt_next(c))
        if (c->mnt_in && c->mnt_attached && c->mnt_unbindable)
            return true;
    return false;
}

/* Moves the attached mount m, with what is on it, to directory ip of p
 * (dir: a file mount point's directory, else NULL); under a shared p,
 * its tree is made shared and repeated under p's peers and slaves. When
 * that fails (-ENOMEM), m goes back where it was. */
int attach_moved(struct mount *m, struct mount *p, struct inode *ip, struct inode *dir)
{
    struct mount *old_parent = m->mnt_parent;
    struct inode *old_ip = m->mnt_mountpoint, *old_dir = m->mnt_mp_dir;
    inode_get(old_ip);
    if (old_dir)
        inode_get(old_dir);
    mnt_get(old_parent);
    mnt_move(m, p, ip);
    mnt_set_mp_dir(m, dir);
    int r = 0;
    if (p->mnt_shared) {
        make_tree_shared(m);
        if ((r = propagate_mnt(p, ip, dir, m))) {
            mnt_move(m, old_parent, old_ip);
            mnt_set_mp_dir(m, old_dir);
        }
    }
    mnt_put(old_parent);
    inode_put(old_ip);
    if (old_dir)
        inode_put(old_dir);
    return r;
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
    if (!at_mount_root(&old) || m->mnt_parent == m || (m->mnt_flags & MNT_LOCKED))
        r = -EINVAL;
    else if (S_ISDIR(t->ip->i_mode) != S_ISDIR(old.ip->i_mode))
        r = -EINVAL;
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
        r = attach_moved(m, t->mnt, t->ip, t->dir);
    target_put(&old);
    return r;
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
    if (flags & MS_REC)                      /* (before change_mnt_propagation, which may ask for ids) */
        mnt_mark_tree(top);
    change_mnt_propagation(top, type);
    if (flags & MS_REC)
        for (struct mount *m = mnt_next(NULL); m; m = mnt_next(m))
            if (m->mnt_in && m->mnt_attached && m != top)
                change_mnt_propagation(m, type);
    return 0;
}

/* Linux's mount_capable: CAP_SYS_ADMIN in the initial namespace, or, for
 * the types Linux marks FS_USERNS_MOUNT, in the user namespace the new
 * instance will belong to: the caller's (tmpfs, ramfs, devpts), its IPC
 * namespace's owner (mqueue), its pid namespace's owner (proc). */
bool mount_capable(const struct file_system_type *fst)
{
    if (capable(CAP_SYS_ADMIN))
        return true;
    if (!strcmp(fst->name, "tmpfs") || !strcmp(fst->name, "ramfs") || !strcmp(fst->name, "devpts"))
        return ns_capable(current_user_ns(), CAP_SYS_ADMIN);
    if (!strcmp(fst->name, "mqueue")) {
        struct user_namespace *owner = current_ipc_ns()->user_ns;
        return ns_capable(owner ? owner : &init_user_ns, CAP_SYS_ADMIN);
    }
    if (!strcmp(fst->name, "proc")) {
        struct user_namespace *owner = task_active_pid_ns(current)->user_ns;
        return ns_capable(owner ? owner : &init_user_ns, CAP_SYS_ADMIN);
    }
    return false;
}

/* Linux's mount_too_revealing and mnt_already_visible, for a new
 * instance of proc (the one type of Pipit's Linux marks
 * SB_I_USERNS_VISIBLE) in a mount namespace a user namespace owns:
 * current's tree must already show a whole proc on which no locked mount
 * hides anything, no less read-only and with the same atime flags where
 * those are locked; the new mount's flags *mf then take that one's
 * locks. true: the mount would reveal more (-EPERM). */
bool mount_too_revealing(struct super_block *sb, unsigned *mf)
{
    struct mnt_namespace *ns = current_mnt_ns();
    if (!ns->user_ns || sb->s_type != &proc_fs_type)
        return false;
    for (struct mount *m = mnt_next(NULL); m; m = mnt_next(m)) {
        if (m->mnt_ns != ns || !m->mnt_attached || m->mnt_sb->s_type != sb->s_type ||
            m->mnt_root != m->mnt_sb->s_root)
            continue;
        unsigned fl = m->mnt_flags | (m->mnt_sb->s_rdonly ? MNT_LOCK_READONLY : 0);
        if ((fl & MNT_LOCK_READONLY) && !(*mf & MNT_READONLY))
            continue;
        if ((fl & MNT_LOCK_ATIME) && (fl & MNT_ATIME_MASK) != (*mf & MNT_ATIME_MASK))
            continue;
        bool covered = false;
        for (struct mount *c = mnt_next(NULL); c && !covered; c = mnt_next(c))
            covered = c != m && c->mnt_attached && c->mnt_parent == m && (c->mnt_flags & MNT_LOCKED);
        if (covered)
            continue;
        *mf |= fl & (MNT_LOCK_READONLY | MNT_LOCK_NODEV | MNT_LOCK_NOSUID | MNT_LOCK_NOEXEC | MNT_LOCK_ATIME);
        return false;
    }
    return true;
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
    if (!mount_capable(fst))
        return -EPERM;
    bool rdonly = flags & MS_RDONLY;
    unsigned sbflags = flags & (MS_SYNCHRONOUS | MS_DIRSYNC | MS_LAZYTIME);
    if (data)
        take_generic_options(data, &rdonly, &sbflags);
    struct super_block *sb;
    int r = fst->get_sb(data ? data : "", rdonly, &sb);
    if (r)
        return r;
    if (mount_too_revealing(sb, &mf))
        r = -EPERM;                          /* what /proc hides stays hidden */
    else if (t->mnt->mnt_sb == sb && at_mount_root(t))
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
    attach_at(m, t);
    if (t->mnt->mnt_shared) {                /* a mount under a shared one is shared */
        m->mnt_shared = group_id_alloc();
        if ((r = propagate_mnt(t->mnt, t->ip, t->dir, m)))
            mnt_detach(m);
    }
    return r;
}

/* Mounts in current's tree, for fs.mount-max (Linux's sysctl_mount_max). */
static bool too_many_mounts(void)
{
    return (uint32_t)mounts_count(current_mnt_ns()) >= sysctl_mount_max;
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
    struct target t = { NULL, NULL, NULL };
    if (!r)
        r = lookup_target(target, LOOKUP_FOLLOW, &t);
    if ((flags & MS_MGC_MSK) == MS_MGC_VAL)
        flags &= ~MS_MGC_MSK;
    if (!r && (flags & MS_NOUSER))
        r = -EINVAL;
    if (!r && (landlock_sb_change() || !may_mount()))
        r = -EPERM;                          /* (Landlock's security_sb_mount first) */
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
    target_put(&t);
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

/* umount of current's root mount (Linux's do_umount_root): the
 * filesystem is remounted read-only, -EBUSY while a file is open for
 * writing on it. */
static long umount_root(struct mount *m)
{
    struct super_block *sb = m->mnt_sb;
    if (sb->s_rdonly)
        return 0;
    if (has_writers(sb, NULL))
        return -EBUSY;
    sb->s_rdonly = true;
    return 0;
}

/* umount2(target, flags) (ksys_umount, path_umount, do_umount): the flags
 * are checked first (-EINVAL for another), then the target is looked up
 * (not a use of its mount for MNT_EXPIRE), then -EPERM without
 * CAP_SYS_ADMIN, -EINVAL for what is not a mount's root. MNT_EXPIRE: a
 * first call marks an unused mount (-EAGAIN), a second unmounts it if
 * nothing used it in between. current's root mount is made read-only
 * instead; MNT_DETACH takes a mount out of the tree now and frees it
 * when unused; else -EBUSY while anything uses it. MNT_FORCE changes
 * nothing here (no filesystem has umount_begin). */
long sys_umount2(const char *utarget, int flags)
{
    if (flags & ~(MNT_FORCE | MNT_DETACH | MNT_EXPIRE | UMOUNT_NOFOLLOW))
        return -EINVAL;
    char *target = getname(utarget);
    if (IS_ERR_PTR(target))
        return PTR_ERR(target);
    struct target t;
    long r = lookup_target(target, LOOKUP_MOUNTPOINT | ((flags & UMOUNT_NOFOLLOW) ? 0 : LOOKUP_FOLLOW), &t);
    putname(target);
    if (r)
        return r;
    struct mount *m = t.mnt;
    bool at_root = at_mount_root(&t);
    target_put(&t);                          /* (the walk's own reference: not the mount's) */
    if (!may_mount())
        return -EPERM;
    if (!at_root || !m->mnt_attached || (m->mnt_flags & MNT_LOCKED))
        return -EINVAL;                      /* (a locked one: Linux's can_umount) */
    if ((flags & MNT_FORCE) && !capable(CAP_SYS_ADMIN))
        return -EPERM;
    if (landlock_sb_change())
        return -EPERM;                       /* a sandbox's (security_sb_umount) */
    struct mount *cur_root = current->fs && current->fs->root_mnt ? current->fs->root_mnt : ns_root_mount();
    if (flags & MNT_EXPIRE) {
        if (m == cur_root || (flags & (MNT_FORCE | MNT_DETACH)))
            return -EINVAL;
        if (mount_busy(m))
            return -EBUSY;
        if (!m->mnt_expiry_mark) {
            m->mnt_expiry_mark = true;
            return -EAGAIN;
        }
    }
    if (m == cur_root && !(flags & MNT_DETACH))
        return umount_root(m);
    if (m->mnt_parent == m)
        return -EINVAL;                      /* the tree's root, detached (decision 67) */
    if (flags & MNT_DETACH) {
        umount_propagate(m, true);
        return 0;
    }
    if (mount_busy(m))
        return -EBUSY;
    if ((r = propagate_mount_busy(m)))
        return r;
    umount_propagate(m, false);
    return 0;
}

/* umount(target): umount2 without flags (Linux's oldumount). */
long sys_umount(const char *utarget)
{
    return sys_umount2(utarget, 0);
}
