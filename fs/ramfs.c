/* ramfs: the root filesystem, all in kernel memory. This half makes inodes
 * and keeps directories (a list of named entries in creation order, each
 * counting one link of its inode); ramfs_file.c keeps the data of regular
 * files. Called through the i_op and i_fop tables only. */
#include "kernel/kernel.h"
#include "kernel/mm/mm.h"
#include "fs/ramfs.h"
#include "fs/mount.h"
#include "fs/notify.h"
#include <linux/fs.h>

static const struct inode_operations ramfs_dir_iops, ramfs_symlink_iops, ramfs_special_iops;
static const struct file_operations ramfs_dir_fops;

static struct ramfs_dir *DIR_OF(struct inode *ip)
{
    return ip->i_private;
}

/* A new inode of type and mode `mode` for an entry of dir (NULL for the
 * root), referenced once, with no links yet. NULL when out of memory. */
static struct inode *ramfs_new_inode_sb(struct super_block *sb, struct inode *dir, uint32_t mode,
                                        uint32_t rdev)
{
    if (!ramfs_charge_inode(sb))
        return NULL;
    struct inode *ip = inode_alloc(mode);
    if (!ip) {
        struct inode stand_in = { .i_sb = sb };
        ramfs_uncharge_inode(&stand_in);
        return NULL;
    }
    ip->i_sb = sb;
    ip->i_dev = sb->s_dev;
    inode_init_owner(ip, dir, mode);
    inode_hash(ip);
    ip->i_opflags |= IOP_XATTR;
    ip->i_op = &ramfs_special_iops;
    switch (mode & S_IFMT) {
    case S_IFDIR: {
        struct ramfs_dir *d = kzalloc(sizeof *d);
        if (!d)
            goto fail;
        d->next_seq = 2;                    /* 0 is ".", 1 is ".." */
        ip->i_private = d;
        ip->i_op = &ramfs_dir_iops;
        ip->i_fop = &ramfs_dir_fops;
        ip->i_size = 2 * BOGO_DIRENT_SIZE;
        break;
    }
    case S_IFREG:
        if (ramfs_file_init(ip) < 0)
            goto fail;
        break;
    case S_IFLNK:
        ip->i_op = &ramfs_symlink_iops;
        break;
    case S_IFCHR:
        ip->i_fop = &chrdev_fops;
        ip->i_rdev = rdev;
        break;
    case S_IFIFO:
        ip->i_fop = &fifo_fops;
        break;
    default:                                /* block devices, sockets */
        ip->i_fop = &nodev_fops;
        ip->i_rdev = rdev;
        break;
    }
    return ip;
fail:
    ramfs_uncharge_inode(ip);
    inode_discard(ip);
    return NULL;
}

static struct inode *ramfs_new_inode(struct inode *dir, uint32_t mode, uint32_t rdev)
{
    return ramfs_new_inode_sb(dir ? dir->i_sb : ramfs_root_super(), dir, mode, rdev);
}

static void dir_changed(struct inode *dir)
{
    inode_touch(dir, true);
}

static struct ramfs_dirent *find_entry(struct inode *dir, const char *name, int len)
{
    for (struct ramfs_dirent *e = DIR_OF(dir)->head; e; e = e->next)
        if (e->len == len && !memcmp(e->name, name, len))
            return e;
    return NULL;
}

/* Appends name -> ip to dir, counting a link of ip. */
static int add_entry(struct inode *dir, const char *name, struct inode *ip)
{
    int len = (int)strlen(name);
    struct ramfs_dirent *e = kmalloc(sizeof *e + len + 1);
    if (!e)
        return -ENOMEM;
    struct ramfs_dir *d = DIR_OF(dir);
    e->next = NULL;
    e->ip = ip;
    e->seq = d->next_seq++;
    e->len = len;
    memcpy(e->name, name, len + 1);
    if (d->tail)
        d->tail->next = e;
    else
        d->head = e;
    d->tail = e;
    ip->i_nlink++;
    dir->i_size += BOGO_DIRENT_SIZE;
    dir_changed(dir);
    return 0;
}

/* Unhooks entry e from dir; the caller deals with the inode's link. */
static void remove_entry(struct inode *dir, struct ramfs_dirent *e)
{
    struct ramfs_dir *d = DIR_OF(dir);
    struct ramfs_dirent **pp = &d->head, *prev = NULL;
    while (*pp != e) {
        prev = *pp;
        pp = &(*pp)->next;
    }
    *pp = e->next;
    if (d->tail == e)
        d->tail = prev;
    kfree(e);
    dir->i_size -= BOGO_DIRENT_SIZE;
    dir_changed(dir);
}

static void set_parent(struct inode *dir, struct inode *parent)
{
    struct ramfs_dir *d = DIR_OF(dir);
    if (d->parent && d->parent != dir)
        inode_put(d->parent);
    d->parent = parent;
    if (parent != dir)
        inode_get(parent);
}

static int ramfs_lookup(struct inode *dir, const char *name, int len, struct inode **res)
{
    struct inode *ip = NULL;
    if (len == 1 && name[0] == '.') {
        ip = dir;
    } else if (len == 2 && name[0] == '.' && name[1] == '.') {
        ip = DIR_OF(dir)->parent;
    } else {
        struct ramfs_dirent *e = find_entry(dir, name, len);
        if (e)
            ip = e->ip;
    }
    if (!ip)
        return -ENOENT;
    inode_get(ip);
    *res = ip;
    return 0;
}

static int ramfs_create(struct inode *dir, const char *name, uint32_t mode, uint32_t rdev,
                        struct inode **res)
{
    struct inode *ip = ramfs_new_inode(dir, mode, rdev);
    if (!ip)
        return -ENOSPC;
    int r = add_entry(dir, name, ip);
    if (r) {
        inode_put(ip);
        return r;
    }
    *res = ip;
    return 0;
}

static int ramfs_mkdir(struct inode *dir, const char *name, uint32_t mode)
{
    struct inode *ip = ramfs_new_inode(dir, S_IFDIR | (mode & 07777), 0);
    if (!ip)
        return -ENOSPC;
    set_parent(ip, dir);
    int r = add_entry(dir, name, ip);
    if (!r) {
        ip->i_nlink++;                      /* its own "." */
        dir->i_nlink++;                     /* its ".." */
    }
    inode_put(ip);                          /* on failure: no links, so freed */
    return r;
}

static int ramfs_symlink(struct inode *dir, const char *name, const char *target)
{
    struct inode *ip = ramfs_new_inode(dir, S_IFLNK | 0777, 0);
    if (!ip)
        return -ENOSPC;
    size_t n = strlen(target);
    char *t = kmalloc(n + 1);
    int r = -ENOMEM;
    if (t) {
        memcpy(t, target, n + 1);
        ip->i_private = t;
        ip->i_size = n;
        r = add_entry(dir, name, ip);
    }
    inode_put(ip);
    return r;
}

/* tmpfs counts each name past an inode's first against nr_inodes, as
 * shmem_link and shmem_unlink (a linked O_TMPFILE file's first name is
 * its own): a hard link on a full tmpfs is -ENOSPC. */
static bool extra_name_charged(struct inode *ip)
{
    return ip->i_nlink > 0 && RAMFS_SB(ip)->tmpfs && !S_ISDIR(ip->i_mode);
}

/* One name of a non-directory gone: its extra name's charge back. */
static void drop_name(struct inode *ip)
{
    if (ip->i_nlink > 1 && extra_name_charged(ip))
        ramfs_uncharge_inode(ip);
    inode_drop_link(ip);
}

static int ramfs_link(struct inode *old, struct inode *dir, const char *name)
{
    bool charged = extra_name_charged(old);
    if (charged && !ramfs_charge_inode(old->i_sb))
        return -ENOSPC;
    int r = add_entry(dir, name, old);
    if (!r)
        inode_touch(old, false);
    else if (charged)
        ramfs_uncharge_inode(old);
    return r;
}

static int ramfs_unlink(struct inode *dir, const char *name)
{
    struct ramfs_dirent *e = find_entry(dir, name, (int)strlen(name));
    if (!e)
        return -ENOENT;
    struct inode *ip = e->ip;
    remove_entry(dir, e);
    inode_touch(ip, false);
    drop_name(ip);
    return 0;
}

/* Drops the two links of an empty directory that lost its entry in dir. */
static void dir_gone(struct inode *dir, struct inode *victim)
{
    dir->i_nlink--;
    inode_touch(victim, false);
    victim->i_nlink = 1;
    inode_drop_link(victim);
}

static int ramfs_rmdir(struct inode *dir, const char *name)
{
    struct ramfs_dirent *e = find_entry(dir, name, (int)strlen(name));
    if (!e)
        return -ENOENT;
    struct inode *victim = e->ip;
    if (DIR_OF(victim)->head)
        return -ENOTEMPTY;
    remove_entry(dir, e);
    dir_gone(dir, victim);
    return 0;
}

/* A directory moved from odir to ndir: its ".." and both link counts. */
static void dir_moved(struct inode *ip, struct inode *odir, struct inode *ndir)
{
    if (!S_ISDIR(ip->i_mode) || odir == ndir)
        return;
    odir->i_nlink--;
    ndir->i_nlink++;
    set_parent(ip, ndir);
}

static int ramfs_rename(struct inode *odir, const char *oname, struct inode *ndir,
                        const char *nname, uint32_t flags)
{
    struct ramfs_dirent *oe = find_entry(odir, oname, (int)strlen(oname));
    struct ramfs_dirent *ne = find_entry(ndir, nname, (int)strlen(nname));
    if (!oe || (!ne && (flags & RENAME_EXCHANGE)))
        return -ENOENT;
    struct inode *ip = oe->ip;
    if (flags & RENAME_EXCHANGE) {
        struct inode *other = ne->ip;
        oe->ip = other;
        ne->ip = ip;
        dir_moved(ip, odir, ndir);
        dir_moved(other, ndir, odir);
        inode_touch(other, false);
    } else if (ne) {
        struct inode *victim = ne->ip;
        if (S_ISDIR(victim->i_mode) && DIR_OF(victim)->head)
            return -ENOTEMPTY;
        ne->ip = ip;                        /* the name never disappears */
        if (S_ISDIR(victim->i_mode))
            dir_gone(ndir, victim);
        else
            drop_name(victim);
        remove_entry(odir, oe);
        dir_moved(ip, odir, ndir);
    } else {
        int r = add_entry(ndir, nname, ip);
        if (r)
            return r;
        ip->i_nlink--;                      /* one name moved, not added */
        remove_entry(odir, oe);
        dir_moved(ip, odir, ndir);
    }
    dir_changed(odir);
    dir_changed(ndir);
    inode_touch(ip, false);
    return 0;
}

static void ramfs_dir_evict(struct inode *ip)
{
    struct ramfs_dir *d = DIR_OF(ip);
    while (d->head) {                       /* only the root could have any */
        struct ramfs_dirent *e = d->head;
        d->head = e->next;
        kfree(e);
    }
    if (d->parent && d->parent != ip)
        inode_put(d->parent);
    kfree(d);
    ramfs_uncharge_inode(ip);
}

static ssize_t ramfs_dir_read(struct file *f UNUSED, char *ubuf UNUSED, size_t n UNUSED,
                              loff_t *pos UNUSED)
{
    return -EISDIR;
}

/* Entries from f_pos on: 0 is ".", 1 is "..", then each entry's seq. A
 * removed entry does not shift the others, so a reader that unlinks as it
 * goes (rm -r) sees every name once. A removed directory has none, not
 * even "." and "..": -ENOENT, as Linux's iterate_dir for a dead one. */
static int ramfs_readdir(struct file *f, void *ctx, filldir_t fill)
{
    struct inode *dir = f->f_inode;
    struct ramfs_dir *d = DIR_OF(dir);
    if (dir->i_nlink == 0)
        return -ENOENT;
    if (f->f_pos == 0) {
        if (!fill(ctx, ".", 1, 1, dir->i_ino, S_IFDIR >> 12))
            return 0;
        f->f_pos = 1;
    }
    if (f->f_pos == 1) {
        if (!fill(ctx, "..", 2, 2, d->parent->i_ino, S_IFDIR >> 12))
            return 0;
        f->f_pos = 2;
    }
    for (struct ramfs_dirent *e = d->head; e; e = e->next) {
        if (e->seq < f->f_pos)
            continue;
        if (!fill(ctx, e->name, e->len, e->seq + 1, e->ip->i_ino, (e->ip->i_mode >> 12) & 15))
            return 0;
        f->f_pos = e->seq + 1;
    }
    return 0;
}

static int ramfs_readlink(struct inode *ip, char *kbuf, size_t size)
{
    size_t n = MIN(size, (size_t)ip->i_size);
    memcpy(kbuf, ip->i_private, n);
    return (int)n;
}

static void ramfs_symlink_evict(struct inode *ip)
{
    kfree(ip->i_private);
    ramfs_uncharge_inode(ip);
}

/* Device nodes, FIFOs and socket nodes keep nothing but their inode. */
static void ramfs_special_evict(struct inode *ip UNUSED)
{
    ramfs_uncharge_inode(ip);
}

/* Whether ip is a node of the ramfs itself (a directory, file, link or
 * device node a name was made for): not an anonymous pipe's, a socket's
 * or another filesystem's. */
bool ramfs_inode(const struct inode *ip)
{
    return ip->i_op == &ramfs_dir_iops || ip->i_op == &ramfs_file_iops ||
           ip->i_op == &ramfs_symlink_iops || ip->i_op == &ramfs_special_iops;
}

static const struct inode_operations ramfs_dir_iops = {
    .lookup = ramfs_lookup,
    .create = ramfs_create,
    .mkdir = ramfs_mkdir,
    .symlink = ramfs_symlink,
    .link = ramfs_link,
    .unlink = ramfs_unlink,
    .rmdir = ramfs_rmdir,
    .rename = ramfs_rename,
    .evict = ramfs_dir_evict,
};

static const struct inode_operations ramfs_special_iops = {
    .evict = ramfs_special_evict,
};

static const struct inode_operations ramfs_symlink_iops = {
    .readlink = ramfs_readlink,
    .evict = ramfs_symlink_evict,
};

static const struct file_operations ramfs_dir_fops = {
    .read = ramfs_dir_read,
    .readdir = ramfs_readdir,
};

/* The next directory of a depth-first walk of the tree under root, after
 * dir: its first subdirectory, else the next subdirectory of the nearest
 * ancestor that has one after the way we came. NULL at the end. /proc
 * (not a ramfs directory inside) is not entered. */
static struct inode *next_dir(struct inode *root, struct inode *dir)
{
    struct ramfs_dirent *e = DIR_OF(dir)->head;
    for (;;) {
        for (; e; e = e->next)
            if (S_ISDIR(e->ip->i_mode) && e->ip->i_op == &ramfs_dir_iops)
                return e->ip;
        if (dir == root)
            return NULL;
        struct inode *up = DIR_OF(dir)->parent;
        for (e = DIR_OF(up)->head; e && e->ip != dir; e = e->next)
            ;
        e = e ? e->next : NULL;
        dir = up;
    }
}

/* A name of ip, which is not a directory (those know their parent): the
 * directory holding it (referenced) and the entry's name, copied into
 * name (NAME_MAX_K + 1 bytes). -ENOENT when ip has no name left. The
 * whole tree is searched: for /proc's links and maps, not for a path. */
int ramfs_find_name(struct inode *ip, struct inode **dir, char *name)
{
    if (!ip->i_nlink)
        return -ENOENT;
    struct inode *top = ip->i_sb && ip->i_sb->s_root ? ip->i_sb->s_root : fs_root;
    for (struct inode *d = top; d; d = next_dir(top, d)) {
        for (struct ramfs_dirent *e = DIR_OF(d)->head; e; e = e->next) {
            if (e->ip != ip)
                continue;
            memcpy(name, e->name, e->len + 1);
            inode_get(d);
            *dir = d;
            return 0;
        }
    }
    return -ENOENT;
}

/* The name of ip in the directory dir, copied into name (NAME_MAX_K + 1
 * bytes): 0, or -ENOENT when dir is no ramfs directory or has no entry
 * for ip (fs/notify.c: the name an event on a child carries). */
int ramfs_name_in(struct inode *dir, struct inode *ip, char *name)
{
    if (dir->i_op != &ramfs_dir_iops || !ip->i_nlink)
        return -ENOENT;
    for (struct ramfs_dirent *e = DIR_OF(dir)->head; e; e = e->next)
        if (e->ip == ip) {
            memcpy(name, e->name, e->len + 1);
            return 0;
        }
    return -ENOENT;
}

struct inode *ramfs_new_file(uint32_t mode)
{
    return ramfs_new_inode(NULL, S_IFREG | (mode & 07777), 0);
}

/* An instance's root directory, mode and owner from its ramfs_sb: its
 * ".." is itself. Referenced once (the super_block's). NULL: no memory. */
struct inode *ramfs_make_root(struct super_block *sb)
{
    struct ramfs_sb *s = sb->s_fs_info;
    struct inode *ip = ramfs_new_inode_sb(sb, NULL, s->mode, 0);
    if (!ip)
        return NULL;
    ip->i_uid = s->uid;
    ip->i_gid = s->gid;
    ip->i_nlink = 2;
    DIR_OF(ip)->parent = ip;
    return ip;
}

/* The root filesystem's root, for ever. */
struct inode *ramfs_new_root(void)
{
    struct super_block *sb = ramfs_root_super();
    struct inode *ip = ramfs_make_root(sb);
    if (!ip)
        panic("ramfs: no memory for the root directory");
    sb->s_root = ip;
    inode_get(ip);                           /* fs_root's own */
    return ip;
}

/* Takes a whole tree down at its instance's last umount: every entry is
 * removed, deepest first, without recursion (a user chooses the depth);
 * inodes still in use (a watch) live on unlinked. Drops root's reference. */
void ramfs_kill_tree(struct inode *root)
{
    struct inode *dir = root;
    inode_get(dir);
    for (;;) {
        struct ramfs_dirent *e = DIR_OF(dir)->head;
        if (e && S_ISDIR(e->ip->i_mode) && DIR_OF(e->ip)->head) {
            struct inode *sub = e->ip;      /* a directory with entries: down */
            inode_get(sub);
            inode_put(dir);
            dir = sub;
            continue;
        }
        if (e) {                            /* a leaf: out of dir */
            struct inode *ip = e->ip;
            fsnotify_unmount(ip);           /* its watches: IN_UNMOUNT, IN_IGNORED */
            remove_entry(dir, e);
            if (S_ISDIR(ip->i_mode))
                dir_gone(dir, ip);
            else
                drop_name(ip);
            continue;
        }
        if (dir == root)
            break;
        struct inode *up = DIR_OF(dir)->parent;   /* empty: back up */
        inode_get(up);
        inode_put(dir);
        dir = up;
    }
    fsnotify_unmount(root);
    inode_put(dir);
    root->i_nlink = 0;
    inode_put(root);                        /* the super_block's: evicted unless in use */
}
