/* devpts (devpts.h): the directory /dev/pts, where a pty's slave is named
 * by its number while the master is open, and ptmx, a second way to
 * open a master. Like /proc and /dev/mqueue, its one instance is made at
 * boot and mounted on /dev/pts (devpts_init; mounting "devpts" again
 * shows it too): lookup and readdir over the table of live slaves;
 * nothing can be made, removed or renamed in it (EPERM, EACCES for a
 * regular file), as in Linux's devpts. The pty
 * driver (kernel/drivers/pty.c) numbers its ptys here and makes and
 * kills their nodes; a node's i_private is the driver's slave tty. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "fs/vfs.h"
#include "fs/mount.h"
#include "fs/devpts.h"

#define TTY_GID      5                      /* gid=5: the tty group */
#define PTS_MODE     0620                   /* mode=620 */
#define PTMX_MODE    0000                   /* ptmxmode=000 */

static struct inode *root, *root_parent, *ptmx;
static struct inode *slaves[DEVPTS_MAX];    /* live slave nodes by number */
static bool used[DEVPTS_MAX];               /* numbers taken (a pty outlives its node) */

int devpts_new_index(void)
{
    for (int i = 0; i < DEVPTS_MAX; i++)
        if (!used[i]) {
            used[i] = true;
            return i;
        }
    return -ENOSPC;
}

void devpts_kill_index(int idx)
{
    if (idx >= 0 && idx < DEVPTS_MAX)
        used[idx] = false;
}

static const struct inode_operations devpts_node_iops;

/* A node of the filesystem: device dev with mode, owned by uid and gid. */
static struct inode *devpts_inode(uint32_t mode, uint32_t dev, uint32_t uid, uint32_t gid)
{
    struct inode *ip = inode_alloc(mode);
    if (!ip)
        return NULL;
    ip->i_dev = DEVPTS_DEV;
    ip->i_sb = devpts_sb();
    ip->i_rdev = dev;
    ip->i_uid = uid;
    ip->i_gid = gid;
    ip->i_nlink = 1;
    ip->i_op = &devpts_node_iops;
    ip->i_fop = &chrdev_fops;
    return ip;
}

struct inode *devpts_pty_new(int idx, void *priv)
{
    struct inode *ip = devpts_inode(S_IFCHR | PTS_MODE, MKDEV(UNIX98_PTY_SLAVE_MAJOR, idx),
                                    current->fsuid, TTY_GID);
    if (!ip)
        return NULL;
    ip->i_private = priv;
    slaves[idx] = ip;
    inode_put(ip);                          /* its link keeps it, as a name does */
    root->i_mtime = root->i_ctime = current_time();
    return ip;
}

void *devpts_get_priv(struct inode *ip)
{
    return ip->i_dev == DEVPTS_DEV && ip != ptmx && ip->i_op == &devpts_node_iops ? ip->i_private : NULL;
}

void devpts_pty_kill(struct inode *ip)
{
    int idx = (int)MINOR(ip->i_rdev);
    if (idx < DEVPTS_MAX && slaves[idx] == ip)
        slaves[idx] = NULL;
    ip->i_private = NULL;
    root->i_mtime = root->i_ctime = current_time();
    inode_touch(ip, false);
    inode_drop_link(ip);                     /* open files keep it */
}

int devpts_show_options(char *buf, int size)
{
    return snprintf(buf, size, "gid=%d,mode=%03o,ptmxmode=%03o", TTY_GID, PTS_MODE, PTMX_MODE);
}

int devpts_name(struct inode *ip, char *buf, int size)
{
    if (ip->i_dev != DEVPTS_DEV || !S_ISCHR(ip->i_mode))
        return -ENOENT;
    if (ip == ptmx)
        return snprintf(buf, size, "/dev/pts/ptmx");
    return snprintf(buf, size, "/dev/pts/%u%s", MINOR(ip->i_rdev), ip->i_nlink ? "" : " (deleted)");
}

/* A name of the directory: ".", "..", "ptmx" or a live slave's number
 * (decimal, without leading zeros). */
static int devpts_lookup(struct inode *dir, const char *name, int len, struct inode **res)
{
    int idx = 0;
    if (len == 1 && name[0] == '.') {
        *res = dir;
    } else if (len == 2 && name[0] == '.' && name[1] == '.') {
        *res = root_parent;
    } else if (len == 4 && !memcmp(name, "ptmx", 4)) {
        *res = ptmx;
    } else {
        if (len > 4 || (name[0] == '0' && len > 1))
            return -ENOENT;
        for (int i = 0; i < len; i++) {
            if (name[i] < '0' || name[i] > '9')
                return -ENOENT;
            idx = idx * 10 + (name[i] - '0');
        }
        if (idx >= DEVPTS_MAX || !slaves[idx])
            return -ENOENT;
        *res = slaves[idx];
    }
    inode_get(*res);
    return 0;
}

/* Offsets: 0 ".", 1 "..", 2 "ptmx", then 3 + the number of each live
 * slave, in the order of their numbers. */
static int devpts_readdir(struct file *f, void *ctx, filldir_t fill)
{
    for (;;) {
        loff_t pos = f->f_pos;
        bool ok;
        if (pos == 0) {
            ok = fill(ctx, ".", 1, 1, root->i_ino, S_IFDIR >> 12);
        } else if (pos == 1) {
            ok = fill(ctx, "..", 2, 2, root_parent->i_ino, S_IFDIR >> 12);
        } else if (pos == 2) {
            ok = fill(ctx, "ptmx", 4, 3, ptmx->i_ino, S_IFCHR >> 12);
        } else {
            int idx = (int)(pos - 3);
            while (idx < DEVPTS_MAX && !slaves[idx])
                idx++;
            if (idx >= DEVPTS_MAX) {
                f->f_pos = 3 + DEVPTS_MAX;
                return 0;
            }
            char name[12];
            int len = snprintf(name, sizeof name, "%d", idx);
            ok = fill(ctx, name, len, 3 + idx + 1, slaves[idx]->i_ino, S_IFCHR >> 12);
            pos = 3 + idx;
        }
        if (!ok)
            return 0;
        f->f_pos = pos + 1;
    }
}

/* Nothing is made, linked or renamed here (EPERM; a regular file's
 * create is EACCES, vfs_create's answer without a create operation). */
static int devpts_link(struct inode *old UNUSED, struct inode *dir UNUSED, const char *name UNUSED)
{
    return -EPERM;
}

static int devpts_rename(struct inode *odir UNUSED, const char *oname UNUSED,
                         struct inode *ndir UNUSED, const char *nname UNUSED, uint32_t flags UNUSED)
{
    return -EPERM;
}

static const struct inode_operations devpts_dir_iops = {
    .lookup = devpts_lookup, .link = devpts_link, .rename = devpts_rename,
};
static const struct file_operations devpts_dir_fops = { .readdir = devpts_readdir };

/* The one devpts instance, with Debian's options; a mount of "devpts"
 * shows it again (Linux's without newinstance). Options: none taken
 * (docs/decisions.md, 63). */
static struct super_block devpts_super = { .s_dev = DEVPTS_DEV, .s_type = &devpts_fs_type };
struct super_block *devpts_sb(void) { return &devpts_super; }

static int devpts_get_sb(const char *data, bool rdonly UNUSED, struct super_block **sb)
{
    if (*data)
        return -EINVAL;
    *sb = &devpts_super;
    return 0;
}

static int devpts_fs_show(struct super_block *sb UNUSED, char *buf, int size)
{
    char opts[64];
    devpts_show_options(opts, sizeof opts);
    return snprintf(buf, size, ",%s", opts);
}

const struct file_system_type devpts_fs_type = {
    .name = "devpts", .get_sb = devpts_get_sb, .show_options = devpts_fs_show,
};

/* Makes the devpts root (mode 0755, root's) with its ptmx node (char
 * 5:2) and mounts it on /dev/pts, made if missing. */
void devpts_init(void)
{
    struct inode *dir, *ip = inode_alloc(S_IFDIR | 0755);
    if (!ip || !(ptmx = devpts_inode(S_IFCHR | PTMX_MODE, MKDEV(5, 2), 0, 0)))
        panic("devpts: no memory for its root");
    if (namei_at(AT_FDCWD, "/dev/pts", 0, &dir) < 0 &&
        (do_mkdirat(AT_FDCWD, "/dev/pts", 0755) < 0 || namei_at(AT_FDCWD, "/dev/pts", 0, &dir) < 0)) {
        printk("devpts: cannot make /dev/pts\n");
        return;
    }
    ip->i_op = &devpts_dir_iops;
    ip->i_fop = &devpts_dir_fops;
    ip->i_uid = ip->i_gid = 0;
    ip->i_dev = DEVPTS_DEV;
    ip->i_sb = &devpts_super;
    ip->i_nlink = 2;
    ip->i_size = 0;
    root = root_parent = ip;                 /* keeps the reference; ".." is itself */
    devpts_super.s_root = ip;
    if (!mount_boot(&devpts_super, root_mount, dir, "devpts"))
        printk("devpts: cannot mount /dev/pts\n");
    inode_put(dir);
}
