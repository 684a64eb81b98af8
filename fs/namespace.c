/* The mount tree (fs/mount.h): mount ids, the mounts of each directory,
 * references that keep a mount busy, and the anonymous device numbers
 * (st_dev) each new filesystem instance takes. The system calls that
 * change the tree are in fs/mount_sys.c. */
#include "kernel/kernel.h"
#include "kernel/user_namespace.h"
#include "kernel/proc.h"
#include "fs/vfs.h"
#include "fs/mount.h"
#include "fs/nsfs.h"
#include <linux/mount.h>

struct mount *root_mount;
struct mnt_namespace init_mnt_ns = { .refs = 1, .inum = PROC_MNT_INIT_INO };
static struct mount *mounts;                /* every mount, attached or not, oldest first */
static struct mount **mounts_tail = &mounts;

struct mnt_namespace *current_mnt_ns(void)
{
    return current && current->mnt_ns ? current->mnt_ns : &init_mnt_ns;
}

struct mount *ns_root_mount(void)
{
    return current_mnt_ns()->root;
}

/* Anonymous devices: major 0, minors from 32 (below: Pipit's fixed ones,
 * RAMFS_DEV, PROC_DEV, MQUEUE_DEV...), smallest free first as Linux's ida. */
#define ANON_FIRST 32
#define ANON_COUNT 4096
static uint32_t anon_used[ANON_COUNT / 32];

int anon_dev_get(void)
{
    for (int i = 0; i < ANON_COUNT; i++)
        if (!(anon_used[i / 32] & (1u << (i % 32)))) {
            anon_used[i / 32] |= 1u << (i % 32);
            return (int)MKDEV(0, ANON_FIRST + i);
        }
    return -EMFILE;                         /* Linux's get_anon_bdev past its range */
}

void anon_dev_put(uint32_t dev)
{
    uint32_t i = MINOR(dev) - ANON_FIRST;
    if (MAJOR(dev) == 0 && MINOR(dev) >= ANON_FIRST && i < ANON_COUNT)
        anon_used[i / 32] &= ~(1u << (i % 32));
}

/* Mount ids in use: bit i for id i + 1, in a table that grows by
 * doubling (a user may make 100000 mounts: no scan of the list per id). */
static uint32_t *mnt_ids;
static int mnt_id_words;

/* The smallest id no mount has (Linux's mnt_id_ida), or 0 when out of
 * memory. */
static int mnt_id_alloc(void)
{
    int w = 0;
    while (w < mnt_id_words && mnt_ids[w] == ~0u)
        w++;
    if (w == mnt_id_words) {
        int n = mnt_id_words ? 2 * mnt_id_words : 8;
        uint32_t *bigger = kzalloc(n * sizeof *bigger);
        if (!bigger)
            return 0;
        if (mnt_ids)
            memcpy(bigger, mnt_ids, mnt_id_words * sizeof *bigger);
        kfree(mnt_ids);
        mnt_ids = bigger;
        mnt_id_words = n;
    }
    int bit = __builtin_ctz(~mnt_ids[w]);
    mnt_ids[w] |= 1u << bit;
    return w * 32 + bit + 1;
}

static void mnt_id_free(int id)
{
    mnt_ids[(id - 1) / 32] &= ~(1u << ((id - 1) % 32));
}

/* lookup_mnt's table: the mounts attached on a directory, by (parent, directory). */
#define MNT_HASH 256
static struct mount *mnt_hash[MNT_HASH];

static struct mount **hash_chain(struct mount *parent, struct inode *dir)
{
    uint32_t h = (uint32_t)(uintptr_t)parent / 16 * 31 + (uint32_t)(uintptr_t)dir / 16;
    return &mnt_hash[h % MNT_HASH];
}

static void mnt_unhash(struct mount *m)
{
    struct mount **pp = hash_chain(m->mnt_parent, m->mnt_mountpoint);
    while (*pp && *pp != m)
        pp = &(*pp)->mnt_hash_next;
    if (*pp)
        *pp = m->mnt_hash_next;
    m->mnt_hash_next = NULL;
}

/* A new mount of sb showing root (both referenced here), not attached
 * yet: count 0, flags as given. NULL when out of memory. */
struct mount *mnt_alloc(struct super_block *sb, struct inode *root, unsigned flags,
                        const char *devname)
{
    struct mount *m = kzalloc(sizeof *m);
    size_t n = strlen(devname ? devname : "none") + 1;
    char *name = kmalloc(n);
    int id = m && name ? mnt_id_alloc() : 0;
    if (!id) {
        kfree(m);
        kfree(name);
        return NULL;
    }
    memcpy(name, devname ? devname : "none", n);
    m->mnt_id = id;
    m->mnt_ns = current_mnt_ns();
    m->mnt_parent = m;
    m->mnt_sb = sb;
    m->mnt_root = root;
    inode_get(root);
    sb->s_mounts++;
    m->mnt_flags = flags;
    m->mnt_devname = name;
    m->mnt_pprev = mounts_tail;             /* last in the list */
    *mounts_tail = m;
    mounts_tail = &m->mnt_next;
    return m;
}

void mnt_get(struct mount *m)
{
    if (m)
        m->mnt_count++;
}

/* Off the list and freed: its root, its sb (the filesystem goes with the
 * last mount showing it). */
static void mnt_free(struct mount *m)
{
    *m->mnt_pprev = m->mnt_next;
    if (m->mnt_next)
        m->mnt_next->mnt_pprev = m->mnt_pprev;
    else
        mounts_tail = m->mnt_pprev;
    mnt_id_free(m->mnt_id);
    for (int i = 0; i < NR_TASKS; i++)      /* no walk's answer may name it any more */
        if (tasks[i].nd_mnt == m)
            tasks[i].nd_mnt = NULL;
    struct super_block *sb = m->mnt_sb;
    if (m->mnt_root_dir)
        inode_put(m->mnt_root_dir);
    inode_put(m->mnt_root);
    kfree(m->mnt_devname);
    kfree(m);
    if (--sb->s_mounts == 0 && sb->s_type->kill_sb)
        sb->s_type->kill_sb(sb);
}

/* A detached mount goes with its last user; an attached one stays. */
void mnt_put(struct mount *m)
{
    if (!m)
        return;
    assert(m->mnt_count > 0);
    m->mnt_expiry_mark = false;             /* used since MNT_EXPIRE marked it */
    if (--m->mnt_count == 0 && !m->mnt_attached)
        mnt_free(m);
}

/* Attaches m on directory ip of parent: m holds ip and counts in parent;
 * lookup_mnt finds it there before any mount made there earlier. */
void mnt_attach(struct mount *m, struct mount *parent, struct inode *ip)
{
    m->mnt_parent = parent;
    m->mnt_mountpoint = ip;
    struct mount **chain = hash_chain(parent, ip);
    m->mnt_hash_next = *chain;
    *chain = m;
    inode_get(ip);
    ip->i_mounts++;
    parent->mnt_count++;
    parent->mnt_children++;
    m->mnt_attached = true;
}

/* m leaves its peer group (made private or a slave, or unmounted): when
 * no attached peer is left, the group's slaves become slaves of m's
 * master, or of none (Linux's do_make_slave). */
void mnt_leave_group(struct mount *m)
{
    int g = m->mnt_shared;
    if (!g)
        return;
    m->mnt_shared = 0;
    for (struct mount *p = mounts; p; p = p->mnt_next)
        if (p->mnt_attached && p->mnt_shared == g)
            return;
    for (struct mount *p = mounts; p; p = p->mnt_next)
        if (p->mnt_slave_of == g)
            p->mnt_slave_of = m->mnt_slave_of;
}

/* Sets m's file mount point's directory (dir NULL for a directory). */
void mnt_set_mp_dir(struct mount *m, struct inode *dir)
{
    if (dir)
        inode_get(dir);
    if (m->mnt_mp_dir)
        inode_put(m->mnt_mp_dir);
    m->mnt_mp_dir = dir;
}

/* Takes m out of the tree (its own mounts stay on it, detached with it
 * by the caller), private as Linux's umount_tree leaves it; freed now if
 * nothing uses it. A detached mount is in no namespace (Linux's
 * umount_tree clears mnt_ns): mount(2) and umount(2) refuse it
 * (check_mnt), and no pointer to a namespace that may go stays in it. */
void mnt_detach(struct mount *m)
{
    struct mount *parent = m->mnt_parent;
    struct inode *mp = m->mnt_mountpoint;
    if (mp)
        mnt_unhash(m);
    mnt_leave_group(m);
    m->mnt_slave_of = 0;
    mnt_set_mp_dir(m, NULL);
    m->mnt_attached = false;
    m->mnt_ns = NULL;
    m->mnt_parent = m;
    m->mnt_mountpoint = NULL;
    if (mp) {
        mp->i_mounts--;
        inode_put(mp);
    }
    if (parent != m) {
        parent->mnt_children--;
        mnt_put(parent);
    }
    if (m->mnt_count == 0)
        mnt_free(m);
}

/* Moves an attached m to directory ip of parent. */
void mnt_move(struct mount *m, struct mount *parent, struct inode *ip)
{
    struct mount *old = m->mnt_parent;
    struct inode *mp = m->mnt_mountpoint;
    mnt_unhash(m);
    mnt_attach(m, parent, ip);
    mp->i_mounts--;
    inode_put(mp);
    old->mnt_children--;
    mnt_put(old);
}

/* The mount on directory dir of parent, the last one attached there (a mount
 * on a mounted root stacks on that root instead, so there is one); NULL
 * when none. */
struct mount *lookup_mnt(struct mount *parent, struct inode *dir)
{
    if (!dir->i_mounts)
        return NULL;
    for (struct mount *m = *hash_chain(parent, dir); m; m = m->mnt_hash_next)
        if (m->mnt_parent == parent && m->mnt_mountpoint == dir)
            return m;
    return NULL;
}

/* The newest mount, last in the list: copies stop there (a bind of a
 * tree into itself copies what was there before it). */
struct mount *newest_mount(void)
{
    return mounts_tail == &mounts ? NULL : (struct mount *)((char *)mounts_tail - __builtin_offsetof(struct mount, mnt_next));
}

uint32_t sysctl_mount_max = 100000;

int mounts_count(struct mnt_namespace *ns)
{
    int n = 0;
    for (struct mount *m = mounts; m; m = m->mnt_next)
        n += m->mnt_attached && m->mnt_ns == ns;
    return n;
}

/* Iterates the mounts: NULL starts, NULL ends. */
struct mount *mnt_next(struct mount *m)
{
    return m ? m->mnt_next : mounts;
}

/* The mount to use for ip when no walk told which: the attached mount
 * showing ip's filesystem whose root it is, else the first showing that
 * filesystem, else the root mount. */
struct mount *mount_of_inode(struct inode *ip)
{
    struct mount *first = NULL;
    struct mnt_namespace *ns = current_mnt_ns();
    for (struct mount *m = mounts; m; m = m->mnt_next) {
        if (!m->mnt_attached || m->mnt_ns != ns)
            continue;
        if (m->mnt_root == ip)
            return m;
        if (!first && m->mnt_sb->s_dev == ip->i_dev)
            first = m;
    }
    return first ? first : ns->root;
}

bool mnt_is_readonly(const struct mount *m)
{
    return m && ((m->mnt_flags & MNT_READONLY) || m->mnt_sb->s_rdonly);
}

/* Linux's mnt_want_write: may the caller change what it reached through m? */
int mnt_want_write(const struct mount *m)
{
    return mnt_is_readonly(m) ? -EROFS : 0;
}

int mnt_want_write_file(struct file *f)
{
    return mnt_want_write(f->f_mnt);
}

void file_accessed_via(struct file *f)
{
    struct mount *m = f->f_mnt;
    struct inode *ip = f->f_inode;
    if (!m) {
        file_accessed(ip);
        return;
    }
    if ((m->mnt_flags & MNT_NOATIME) || mnt_is_readonly(m) ||
        (S_ISDIR(ip->i_mode) && (m->mnt_flags & MNT_NODIRATIME)))
        return;
    if (m->mnt_flags & MNT_RELATIME)
        file_accessed(ip);
    else
        ip->i_atime = current_time();
}

/* statfs's f_flags: ST_VALID and the mount's flags (Linux's
 * flags_by_mnt and flags_by_sb). */
unsigned mnt_statfs_flags(const struct mount *m)
{
    unsigned f = ST_VALID;
    if (!m)
        return f;
    if (mnt_is_readonly(m))
        f |= ST_RDONLY;
    if (m->mnt_sb->s_flags & MS_SYNCHRONOUS)
        f |= ST_SYNCHRONOUS;
    if (m->mnt_flags & MNT_NOSUID)
        f |= ST_NOSUID;
    if (m->mnt_flags & MNT_NODEV)
        f |= ST_NODEV;
    if (m->mnt_flags & MNT_NOEXEC)
        f |= ST_NOEXEC;
    if (m->mnt_flags & MNT_NOATIME)
        f |= ST_NOATIME;
    if (m->mnt_flags & MNT_NODIRATIME)
        f |= ST_NODIRATIME;
    if (m->mnt_flags & MNT_RELATIME)
        f |= ST_RELATIME;
    if (m->mnt_flags & MNT_NOSYMFOLLOW)
        f |= ST_NOSYMFOLLOW;
    return f;
}

struct mount *mount_boot(struct super_block *sb, struct mount *parent, struct inode *ip,
                         const char *devname)
{
    struct mount *m = mnt_alloc(sb, sb->s_root, MNT_RELATIME, devname);
    if (!m)
        return NULL;
    if (parent) {
        mnt_attach(m, parent, ip);
    } else {
        m->mnt_attached = true;            /* the root: its own parent */
        init_mnt_ns.root = m;
    }
    return m;
}

/* copy_mnt_ns's copies are made first, then each is attached on the
 * copy of its original's parent (mnt_copy): two passes, whatever order
 * MS_MOVE left the list in. Copies not attached when memory ran out go
 * at once (no one uses them). */
struct mnt_namespace *copy_mnt_ns(struct mnt_namespace *ns, struct fs_struct *fs)
{
    struct mnt_namespace *new = kzalloc(sizeof *new);
    struct mount *end = NULL;                /* the copies start after the last original */
    for (struct mount *m = mounts; m; m = m->mnt_next)
        m->mnt_copy = NULL, end = m;
    bool ok = new != NULL;
    if (ok) {
        new->refs = 1;
        new->inum = ns_alloc_inum();         /* its ns file's (fs/nsfs.c) */
        struct mnt_namespace *saved = current->mnt_ns;
        current->mnt_ns = new;               /* (mnt_alloc puts the copies in it) */
        for (struct mount *m = mounts; m && ok; m = m == end ? NULL : m->mnt_next) {
            if (!m->mnt_attached || m->mnt_ns != ns)
                continue;
            struct mount *c = mnt_alloc(m->mnt_sb, m->mnt_root, m->mnt_flags, m->mnt_devname);
            if (!(ok = c != NULL))
                break;
            c->mnt_shared = m->mnt_shared;
            c->mnt_slave_of = m->mnt_slave_of;
            c->mnt_unbindable = m->mnt_unbindable;
            m->mnt_copy = c;
        }
        current->mnt_ns = saved;
    }
    for (struct mount *m = mounts; m; m = m == end ? NULL : m->mnt_next) {
        struct mount *c = m->mnt_copy;
        if (!c)
            continue;
        if (!ok)
            mnt_free(c);                     /* (count 0, not attached) */
        else if (m == ns->root)
            c->mnt_attached = true, new->root = c;
        else {
            mnt_attach(c, m->mnt_parent->mnt_copy, m->mnt_mountpoint);
            mnt_set_mp_dir(c, m->mnt_mp_dir);
        }
    }
    if (ok && fs) {                          /* the caller's root and cwd: in the copies */
        /* (one not in the tree, lazily unmounted, stays as it is) */
        struct mount *r = fs->root_mnt && fs->root_mnt->mnt_attached ? fs->root_mnt->mnt_copy
                                                                      : fs->root_mnt;
        struct mount *c = fs->cwd_mnt && fs->cwd_mnt->mnt_attached ? fs->cwd_mnt->mnt_copy
                                                                    : fs->cwd_mnt;
        mnt_get(r);
        mnt_get(c);
        mnt_put(fs->root_mnt);
        mnt_put(fs->cwd_mnt);
        fs->root_mnt = r;                    /* (NULL: the new tree's root) */
        fs->cwd_mnt = c;
    }
    if (!ok) {
        kfree(new);
        return NULL;
    }
    return new;
}

void mnt_ns_lock_tree(struct mnt_namespace *ns)
{
    for (struct mount *m = mnt_next(NULL); m; m = mnt_next(m)) {
        if (m->mnt_ns != ns || !m->mnt_attached)
            continue;
        unsigned f = m->mnt_flags | MNT_LOCK_ATIME | MNT_LOCKED;
        f |= (f & MNT_READONLY ? MNT_LOCK_READONLY : 0) | (f & MNT_NODEV ? MNT_LOCK_NODEV : 0) |
             (f & MNT_NOSUID ? MNT_LOCK_NOSUID : 0) | (f & MNT_NOEXEC ? MNT_LOCK_NOEXEC : 0);
        m->mnt_flags = f;
        if (m->mnt_shared) {                 /* receives from the original's group, gives nothing */
            m->mnt_slave_of = m->mnt_shared;
            m->mnt_shared = 0;
        }
    }
}

bool may_mount(void)
{
    struct user_namespace *owner = current_mnt_ns()->user_ns;
    return ns_capable(owner ? owner : &init_user_ns, CAP_SYS_ADMIN);
}

void get_mnt_ns(struct mnt_namespace *ns)
{
    if (ns)
        ns->refs++;
}

void put_mnt_ns(struct mnt_namespace *ns)
{
    if (!ns || --ns->refs)
        return;
    umount_tree(ns->root);
    put_user_ns(ns->user_ns);
    kfree(ns);
}

static unsigned mark_gen;                    /* mnt_seen of the current mnt_mark_tree */

/* Each mount's way up is walked until a mount already answered (or a
 * root), noting the highest cut met; the answers are then written on the
 * way: out up to that cut, the answer found above it. Linear in all, and
 * cut() is asked once of each mount. */
void mnt_mark_tree_cut(struct mount *top, bool (*cut)(struct mount *m, void *arg), void *arg)
{
    unsigned gen = ++mark_gen;
    top->mnt_seen = gen;
    top->mnt_in = true;
    for (struct mount *m = mounts; m; m = m->mnt_next) {
        struct mount *p = m, *highest_cut = NULL;
        for (; p->mnt_seen != gen && p->mnt_parent != p; p = p->mnt_parent)
            if (cut && cut(p, arg))
                highest_cut = p;
        bool above = p->mnt_seen == gen && p->mnt_in, in = highest_cut ? false : above;
        for (struct mount *q = m; q->mnt_seen != gen; q = q->mnt_parent) {
            q->mnt_seen = gen;
            q->mnt_in = in;
            if (q == highest_cut)
                in = above;
        }
    }
}

void mnt_mark_tree(struct mount *top)
{
    mnt_mark_tree_cut(top, NULL, NULL);
}

void mnt_discard(struct mount *m)
{
    mnt_free(m);
}

/* The mounts on top and below, detached with it (umount_tree): marked,
 * then detached in the list's order (a mount detached before its parent
 * keeps nothing of it; the parent goes with its last child). */
void umount_tree(struct mount *top)
{
    mnt_mark_tree(top);
    for (struct mount *m = mounts, *next; m; m = next) {
        next = m->mnt_next;                  /* (m may be freed; its parent, if after it, is
                                                still attached, so not) */
        if (m->mnt_in && m != top && m->mnt_attached)
            mnt_detach(m);
    }
    mnt_detach(top);
}



/* The path of m's mount point as current sees it, into buf (PATH_MAX_K):
 * the offset where it starts, or -errno. */
static int mount_path(struct mount *m, char *buf, char *name)
{
    if (m == task_root_mnt() && m->mnt_root == task_root()) {
        strlcpy(buf, "/", PATH_MAX_K);       /* current's root, chroot or not */
        return 0;
    }
    if (m->mnt_parent == m)
        return -ENOENT;                      /* the tree's root above a chroot, or another's */
    if (m->mnt_mp_dir)
        return vfs_path_of_file(m->mnt_parent, m->mnt_mp_dir, m->mnt_mountpoint, buf, name);
    return vfs_path_of(m->mnt_parent, m->mnt_mountpoint, buf, name);
}

/* The mount's own flags after "rw"/"ro" (ro: `ro`), as show_mnt_opts. */
static int show_mnt_flags(const struct mount *m, bool ro, char *buf, int size)
{
    static const struct { unsigned flag; const char *s; } t[] = {
        { MNT_NOSUID, ",nosuid" }, { MNT_NODEV, ",nodev" }, { MNT_NOEXEC, ",noexec" },
        { MNT_NOATIME, ",noatime" }, { MNT_NODIRATIME, ",nodiratime" },
        { MNT_RELATIME, ",relatime" }, { MNT_NOSYMFOLLOW, ",nosymfollow" },
    };
    int n = snprintf(buf, size, "%s", ro ? "ro" : "rw");
    for (size_t i = 0; i < ARRAY_SIZE(t); i++)
        if (m->mnt_flags & t[i].flag)
            n += snprintf(buf + n, n < size ? size - n : 0, "%s", t[i].s);
    return n;
}

/* The superblock's flags after "rw"/"ro", as show_sb_opts. */
static int show_sb_flags(const struct super_block *sb, char *buf, int size)
{
    static const struct { unsigned flag; const char *s; } t[] = {
        { MS_SYNCHRONOUS, ",sync" }, { MS_DIRSYNC, ",dirsync" }, { MS_LAZYTIME, ",lazytime" },
    };
    int n = 0;
    buf[0] = 0;
    for (size_t i = 0; i < ARRAY_SIZE(t); i++)
        if (sb->s_flags & t[i].flag)
            n += snprintf(buf + n, n < size ? size - n : 0, "%s", t[i].s);
    return n;
}

/* mountinfo's root: the path of m's root in its filesystem, into buf
 * (PATH_MAX_K): the offset where it starts, or -errno. */
static int root_path(const struct mount *m, char *buf, char *name)
{
    if (m->mnt_sb->s_type->show_path && m->mnt_sb->s_type->show_path(m->mnt_root, buf, PATH_MAX_K) == 0)
        return 0;
    if (m->mnt_root == m->mnt_sb->s_root) {
        strlcpy(buf, "/", PATH_MAX_K);
        return 0;
    }
    if (!m->mnt_root_dir)
        return vfs_path_in_sb(m->mnt_root, buf, name);
    char file[NAME_MAX_K + 1];
    int at, r = vfs_name_in_dir(m->mnt_root_dir, m->mnt_root, file);
    if (r || (at = vfs_path_in_sb(m->mnt_root_dir, buf, name)) < 0)
        return r ? r : at;
    size_t n = strlen(buf + at);
    if (n == 1)
        n = 0;                               /* "/": the name follows it alone */
    memmove(buf, buf + at, n);
    snprintf(buf + n, PATH_MAX_K - n, "/%s", file);
    return 0;
}

/* /proc/mounts (info false) or /proc/self/mountinfo (true): one line per
 * attached mount current can see, in mounting order, appended at *n. */
void mounts_show(char *buf, int size, int *n, bool info)
{
    char *path = kmalloc(PATH_MAX_K), *name = kmalloc(NAME_MAX_K + 1), *root = kmalloc(PATH_MAX_K);
    struct mnt_namespace *ns = current_mnt_ns();
    for (struct mount *m = mounts; path && name && root && m; m = m->mnt_next) {
        if (!m->mnt_attached || m->mnt_ns != ns)
            continue;
        int at = mount_path(m, path, name);
        if (at < 0)
            continue;                        /* outside current's root */
        const struct super_block *sb = m->mnt_sb;
        char mflags[128], sbflags[48], fsopts[160] = "";
        show_mnt_flags(m, info ? (m->mnt_flags & MNT_READONLY) : mnt_is_readonly(m), mflags, sizeof mflags);
        show_sb_flags(sb, sbflags, sizeof sbflags);
        if (sb->s_type->show_options)
            sb->s_type->show_options((struct super_block *)sb, fsopts, sizeof fsopts);
        char *left = buf + *n;
        int room = *n < size ? size - *n : 0;
        if (!info) {                         /* rw/ro, the sb's flags, the mount's, the fs's */
            *n += snprintf(left, room, "%s %s %s %s%s%s%s 0 0\n", m->mnt_devname, path + at,
                           sb->s_type->name, mnt_is_readonly(m) ? "ro" : "rw", sbflags, mflags + 2,
                           fsopts);
            continue;
        }
        int ra = root_path(m, root, name);
        char opt_fields[64] = "";           /* as show_mountinfo: shared, master, unbindable */
        int of = 0;
        if (m->mnt_shared)
            of += snprintf(opt_fields, sizeof opt_fields, " shared:%d", m->mnt_shared);
        if (m->mnt_slave_of)
            of += snprintf(opt_fields + of, sizeof opt_fields - of, " master:%d", m->mnt_slave_of);
        if (m->mnt_unbindable)
            snprintf(opt_fields + of, sizeof opt_fields - of, " unbindable");
        *n += snprintf(left, room, "%d %d %u:%u %s %s %s%s - %s %s %s%s%s\n", m->mnt_id,
                       m->mnt_parent->mnt_id, MAJOR(sb->s_dev), MINOR(sb->s_dev),
                       ra < 0 ? "/" : root + ra, path + at, mflags, opt_fields, sb->s_type->name,
                       m->mnt_devname, sb->s_rdonly ? "ro" : "rw", sbflags, fsopts);
    }
    kfree(path);
    kfree(name);
    kfree(root);
}
