/* The mqueue filesystem: the directory /dev/mqueue, where every POSIX
 * message queue has its name, as Linux mounts it. Each IPC namespace has
 * one instance (struct mq_fs, made with the namespace): mq_open and
 * mq_unlink work in current's, a mount of "mqueue" shows current's. Its
 * root is a directory with its own operations: lookup, create (open(2)
 * with O_CREAT makes a queue with the default sizes), unlink (=
 * mq_unlink) and readdir. Reading a queue's file shows its QSIZE and
 * notification. Also the RLIMIT_MSGQUEUE bytes of each user (the limits
 * of /proc/sys/fs/mqueue are the namespace's). */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/pid_namespace.h"
#include "kernel/poll.h"
#include "kernel/mm/mm.h"
#include "kernel/mm/uaccess.h"
#include "ipc/mqueue.h"
#include "ipc/socket.h"
#include "net/netlink.h"
#include "ipc/namespace.h"
#include "fs/mount.h"
#include <linux/resource.h>

#define DIRENT_SIZE 20                      /* a directory's st_size per entry, as Linux */
#define FILENT_SIZE 80                      /* a queue's st_size and its text's room */

struct mq_dirent {                          /* one name in /dev/mqueue */
    struct mq_dirent *next;
    struct inode *ip;                       /* counted in ip->i_nlink */
    loff_t seq;                             /* readdir offset, stable under removal */
    char name[];
};

/* One instance: the sb's s_fs_info. It lives while its namespace does or
 * a mount shows it (Linux's internal mount of each namespace), and then
 * while a queue of it is still open. */
struct mq_fs {
    struct super_block sb;
    struct ipc_namespace *ns;               /* whose limits; NULL once it is gone */
    struct inode *root;                     /* referenced; its ".." is itself */
    struct mq_dirent *entries;              /* oldest first */
    loff_t next_seq;
    uint32_t queues_count;                  /* queues alive, named or only open */
    int refs;                               /* 1 while alive, and one per queue inode */
};

static struct mq_fs *fs_of(struct inode *ip) { return ip->i_sb->s_fs_info; }

struct mq_user {                            /* Linux's ucounts for RLIMIT_MSGQUEUE */
    struct mq_user *next;
    uint32_t uid;                           /* real uid */
    uint32_t bytes;
};
static struct mq_user *mq_users;

struct inode *mqueue_root(void)
{
    return ((struct mq_fs *)current_ipc_ns()->mq_sb->s_fs_info)->root;
}

int mqueue_check_name(const char *name)
{
    size_t len = strlen(name);
    if (!len || !strcmp(name, ".") || !strcmp(name, "..") || strchr(name, '/'))
        return -EACCES;
    return len > NAME_MAX_K ? -ENAMETOOLONG : 0;
}

static struct mq_dirent *find(struct mq_fs *fs, const char *name, int len)
{
    for (struct mq_dirent *e = fs->entries; e; e = e->next)
        if ((int)strlen(e->name) == len && !memcmp(e->name, name, len))
            return e;
    return NULL;
}

/* ---- RLIMIT_MSGQUEUE ---- */

/* What Linux charges for a queue: its text, a msg_msg per message and a
 * tree node per usable priority. 0 when that overflows (EOVERFLOW). */
static uint32_t mq_bytes_of(const struct mq_attr *a)
{
    uint32_t maxmsg = (uint32_t)a->mq_maxmsg, size = (uint32_t)a->mq_msgsize;
    if (size > 0xFFFFFFFFu / maxmsg)
        return 0;
    uint32_t tree = maxmsg * MQ_MSG_OVERHEAD + MIN(maxmsg, (uint32_t)MQ_PRIO_MAX) * MQ_NODE_OVERHEAD;
    uint32_t bytes = maxmsg * size;
    return bytes + tree < bytes ? 0 : bytes + tree;
}

/* Charges `bytes` to current's real uid: 0, or -EMFILE past its soft
 * RLIMIT_MSGQUEUE (root too), -ENOMEM. */
static int mq_charge(struct mqueue_inode_info *info, uint32_t bytes)
{
    struct mq_user *u = mq_users;
    while (u && u->uid != current->uid)
        u = u->next;
    if (!u) {
        if (!(u = kzalloc(sizeof *u)))
            return -ENOMEM;
        u->uid = current->uid;
        u->next = mq_users;
        mq_users = u;
    }
    uint64_t total = (uint64_t)u->bytes + bytes;
    if (total > rlimit(RLIMIT_MSGQUEUE)) {
        if (!u->bytes) {
            mq_users = u->next;             /* just made: it is first */
            kfree(u);
        }
        return -EMFILE;
    }
    u->bytes = (uint32_t)total;
    info->user = u;
    info->charged = bytes;
    return 0;
}

static void mq_uncharge(struct mqueue_inode_info *info)
{
    struct mq_user *u = info->user;
    if (!u)
        return;
    u->bytes -= info->charged;
    if (u->bytes)
        return;
    for (struct mq_user **pp = &mq_users; *pp; pp = &(*pp)->next)
        if (*pp == u) {
            *pp = u->next;
            kfree(u);
            return;
        }
}

/* ---- a queue's inode ---- */

static void mq_fs_put(struct mq_fs *fs)
{
    if (--fs->refs == 0)
        kfree(fs);
}

/* The last reference and name are gone: messages, charge and count go. */
static void mqueue_evict(struct inode *ip)
{
    struct mqueue_inode_info *info = MQUEUE_I(ip);
    struct mq_fs *fs = fs_of(ip);
    if (info->notify_sock)                  /* a SIGEV_THREAD registration never fired */
        netlink_detach(info->notify_sock, NOTIFY_COOKIE_LEN);
    mq_uncharge(info);
    mq_info_free(info);
    fs->queues_count--;
    mq_fs_put(fs);
}

/* truncate(2) of a queue's file, as Linux's simple_setattr: the size
 * stat shows changes, the queue does not. */
static int mqueue_truncate(struct inode *ip, loff_t size)
{
    ip->i_size = size;
    return 0;
}

static const struct inode_operations mqueue_file_iops = {
    .evict = mqueue_evict, .truncate = mqueue_truncate,
};

/* The attributes of a new queue, as Linux's mqueue_get_inode checks them:
 * -EINVAL (sizes <= 0, or past msg_max/msgsize_max for a user and past
 * the hard limits for root), -EOVERFLOW, then the charge (-EMFILE). */
static int mqueue_new_info(struct ipc_namespace *ns, const struct mq_attr *attr,
                           struct mqueue_inode_info *info)
{
    info->attr.mq_maxmsg = MIN(ns->mq_msg_max, ns->mq_msg_default);
    info->attr.mq_msgsize = MIN(ns->mq_msgsize_max, ns->mq_msgsize_default);
    if (attr) {
        info->attr.mq_maxmsg = attr->mq_maxmsg;
        info->attr.mq_msgsize = attr->mq_msgsize;
    }
    long maxmsg = info->attr.mq_maxmsg, size = info->attr.mq_msgsize;
    if (maxmsg <= 0 || size <= 0)
        return -EINVAL;
    if (capable(CAP_SYS_RESOURCE) ? maxmsg > HARD_MSGMAX || size > HARD_MSGSIZEMAX
                       : (uint32_t)maxmsg > ns->mq_msg_max || (uint32_t)size > ns->mq_msgsize_max)
        return -EINVAL;
    uint32_t bytes = mq_bytes_of(&info->attr);
    if (!bytes)
        return -EOVERFLOW;
    wait_queue_init(&info->poll_wq);
    return mq_charge(info, bytes);
}

/* A queue inode of fs, not yet named. See mqueue.h. */
static int mqueue_new_inode(struct mq_fs *fs, uint32_t mode, const struct mq_attr *attr,
                            struct inode **res)
{
    struct mqueue_inode_info *info = kzalloc(sizeof *info);
    struct inode *ip = info ? inode_alloc(S_IFREG | (mode & 07777)) : NULL;
    int r = ip ? mqueue_new_info(fs->ns, attr, info) : -ENOMEM;
    if (r) {
        kfree(info);
        if (ip)
            inode_discard(ip);              /* never seen by anyone */
        return r;
    }
    ip->i_dev = fs->sb.s_dev;
    ip->i_sb = &fs->sb;
    fs->refs++;
    ip->i_size = FILENT_SIZE;
    ip->i_op = &mqueue_file_iops;
    ip->i_fop = &mqueue_file_ops;
    ip->i_private = info;
    *res = ip;
    return 0;
}

int mqueue_create_attr(struct inode *dir, const char *name, uint32_t mode,
                       const struct mq_attr *attr, struct inode **res)
{
    struct mq_fs *fs = fs_of(dir);
    if (!fs->ns)
        return -EACCES;                      /* its namespace is gone (Linux's mqueue_create_attr) */
    if (fs->queues_count >= fs->ns->mq_queues_max && !capable(CAP_SYS_RESOURCE))
        return -ENOSPC;
    struct mq_dirent *e = kmalloc(sizeof *e + strlen(name) + 1);
    if (!e)
        return -ENOMEM;
    struct inode *ip;
    int r = mqueue_new_inode(fs, mode, attr, &ip);
    if (r) {
        kfree(e);
        return r;
    }
    fs->queues_count++;
    memcpy(e->name, name, strlen(name) + 1);
    e->ip = ip;
    e->seq = fs->next_seq++;
    e->next = NULL;
    struct mq_dirent **pp = &fs->entries;
    while (*pp)
        pp = &(*pp)->next;
    *pp = e;
    ip->i_nlink = 1;
    dir->i_size += DIRENT_SIZE;
    dir->i_mtime = dir->i_ctime = dir->i_atime = current_time();
    *res = ip;                              /* the caller's reference */
    return 0;
}

/* ---- the directory ---- */

static int mqueue_lookup(struct inode *dir, const char *name, int len, struct inode **res)
{
    struct mq_dirent *e;
    if (len == 1 && name[0] == '.')
        *res = dir;
    else if (len == 2 && name[0] == '.' && name[1] == '.')
        *res = dir;                          /* the root is its own parent */
    else if ((e = find(fs_of(dir), name, len)))
        *res = e->ip;
    else
        return -ENOENT;
    inode_get(*res);
    return 0;
}

/* open(2) with O_CREAT, mknod: only queues (regular files), with the
 * default sizes. */
static int mqueue_create(struct inode *dir, const char *name, uint32_t mode,
                         uint32_t rdev UNUSED, struct inode **res)
{
    if (!S_ISREG(mode))
        return -EPERM;
    return mqueue_create_attr(dir, name, mode, NULL, res);
}

/* unlink(2) and mq_unlink: the name goes; the queue lives while open. */
static int mqueue_unlink(struct inode *dir, const char *name)
{
    for (struct mq_dirent **pp = &fs_of(dir)->entries; *pp; pp = &(*pp)->next) {
        struct mq_dirent *e = *pp;
        if (strcmp(e->name, name))
            continue;
        *pp = e->next;
        dir->i_size -= DIRENT_SIZE;
        dir->i_mtime = dir->i_ctime = dir->i_atime = current_time();
        inode_touch(e->ip, false);
        inode_drop_link(e->ip);
        kfree(e);
        return 0;
    }
    return -ENOENT;
}

/* No hard links (vfs_link has refused other filesystems' with EXDEV). */
static int mqueue_link(struct inode *old UNUSED, struct inode *dir UNUSED, const char *name UNUSED)
{
    return -EPERM;
}

/* No renames inside the filesystem (moving across it is EXDEV). */
static int mqueue_rename(struct inode *odir UNUSED, const char *oname UNUSED,
                         struct inode *ndir UNUSED, const char *nname UNUSED, uint32_t flags UNUSED)
{
    return -EPERM;
}

static int mqueue_readdir(struct file *f, void *ctx, filldir_t fill)
{
    struct inode *root = f->f_inode;
    if (f->f_pos == 0) {
        if (!fill(ctx, ".", 1, 1, root->i_ino, S_IFDIR >> 12))
            return 0;
        f->f_pos = 1;
    }
    if (f->f_pos == 1) {
        if (!fill(ctx, "..", 2, 2, root->i_ino, S_IFDIR >> 12))
            return 0;
        f->f_pos = 2;
    }
    for (struct mq_dirent *e = fs_of(root)->entries; e; e = e->next) {
        if (e->seq < f->f_pos)
            continue;
        if (!fill(ctx, e->name, (int)strlen(e->name), e->seq + 1, e->ip->i_ino, S_IFREG >> 12))
            return 0;
        f->f_pos = e->seq + 1;
    }
    return 0;
}

static const struct inode_operations mqueue_dir_iops = {
    .lookup = mqueue_lookup, .create = mqueue_create, .unlink = mqueue_unlink,
    .rename = mqueue_rename, .link = mqueue_link,
};
static const struct file_operations mqueue_dir_fops = { .readdir = mqueue_readdir };

/* ---- a queue's file ---- */

/* read(2): Linux's one line about the queue, from *pos on. */
static ssize_t mqueue_read(struct file *f, char *ubuf, size_t n, loff_t *pos)
{
    struct inode *ip = f->f_inode;
    struct mqueue_inode_info *info = MQUEUE_I(ip);
    char text[FILENT_SIZE];
    int notify = info->notify_owner ? info->notify.sigev_notify : 0;
    int signo = info->notify_owner && notify == SIGEV_SIGNAL ? info->notify.sigev_signo : 0;
    int len = snprintf(text, sizeof text, "QSIZE:%-10lu NOTIFY:%-5d SIGNO:%-5d NOTIFY_PID:%-6d\n",
                       info->qsize, notify, signo, pid_vnr(info->notify_owner));
    if (*pos >= len)
        return 0;
    size_t k = MIN(n, (size_t)(len - *pos));
    if (copy_to_user(ubuf, text + *pos, k))
        return -EFAULT;
    *pos += k;
    ip->i_atime = ip->i_ctime = current_time();
    return k;
}

static unsigned mqueue_poll(struct file *f, struct poll_table *pt)
{
    struct mqueue_inode_info *info = MQUEUE_I(f->f_inode);
    poll_wait(&info->poll_wq, pt);
    return mq_poll_mask(info);
}

/* Any close by the process that registered a notification removes it. */
static void mqueue_flush(struct file *f, struct task *t)
{
    struct mqueue_inode_info *info = MQUEUE_I(f->f_inode);
    if (info->notify_owner && info->notify_owner == t->tgid)
        mq_remove_notification(info);
}

const struct file_operations mqueue_file_ops = {
    .read = mqueue_read, .poll = mqueue_poll, .flush = mqueue_flush,
};

/* A mount of "mqueue" shows current's namespace's instance. Options: none. */
static int mqueue_get_sb(const char *data, bool rdonly UNUSED, struct super_block **sb)
{
    if (*data)
        return -EINVAL;                      /* "mqueue: Unknown parameter" */
    *sb = current_ipc_ns()->mq_sb;
    return 0;
}

/* fs has neither namespace nor mount: its names go (a queue still open
 * lives on until closed), then the root and fs itself when nothing
 * else holds it. */
static void mq_fs_kill(struct mq_fs *fs)
{
    while (fs->entries)
        mqueue_unlink(fs->root, fs->entries->name);
    if (fs->sb.s_dev != MQUEUE_DEV)
        anon_dev_put(fs->sb.s_dev);
    fs->root->i_nlink = 0;                   /* evicted with this last reference */
    inode_put(fs->root);
    mq_fs_put(fs);
}

/* The last mount went: the instance goes too if its namespace has. */
static void mqueue_kill_sb(struct super_block *sb)
{
    struct mq_fs *fs = sb->s_fs_info;
    if (!fs->ns)
        mq_fs_kill(fs);
}

const struct file_system_type mqueue_fs_type = {
    .name = "mqueue", .get_sb = mqueue_get_sb, .kill_sb = mqueue_kill_sb,
};

/* The instance of a new namespace (the initial one's is MQUEUE_DEV):
 * its root, mode 1777 and owned by root as Linux's mqueue_fill_super.
 * 0 or -ENOMEM. */
int mq_init_ns(struct ipc_namespace *ns)
{
    struct mq_fs *fs = kzalloc(sizeof *fs);
    int dev = ns == &init_ipc_ns ? (int)MQUEUE_DEV : anon_dev_get();
    struct inode *ip = fs && dev >= 0 ? inode_alloc(S_IFDIR | 01777) : NULL;
    if (!ip) {
        if (dev >= 0 && ns != &init_ipc_ns)
            anon_dev_put((uint32_t)dev);
        kfree(fs);
        return -ENOMEM;
    }
    fs->sb.s_dev = (uint32_t)dev;
    fs->sb.s_type = &mqueue_fs_type;
    fs->sb.s_root = ip;
    fs->sb.s_fs_info = fs;
    fs->ns = ns;
    fs->root = ip;
    fs->next_seq = 2;
    fs->refs = 1;
    ip->i_op = &mqueue_dir_iops;
    ip->i_fop = &mqueue_dir_fops;
    ip->i_uid = ip->i_gid = 0;
    ip->i_dev = (uint32_t)dev;
    ip->i_sb = &fs->sb;
    ip->i_nlink = 2;
    ip->i_size = 2 * DIRENT_SIZE;
    ns->mq_sb = &fs->sb;
    return 0;
}

/* The namespace is gone: its instance too, unless a mount shows it
 * (then with the last mount: mqueue_kill_sb). */
void mq_exit_ns(struct ipc_namespace *ns)
{
    struct mq_fs *fs = ns->mq_sb->s_fs_info;
    fs->ns = NULL;
    if (fs->sb.s_mounts == 0)
        mq_fs_kill(fs);
}

/* The initial namespace's instance, mounted on /dev/mqueue (made if
 * missing). */
void mqueue_init(void)
{
    struct inode *dir;
    if (mq_init_ns(&init_ipc_ns) < 0)
        panic("mqueue: no memory for its root");
    if (namei_at(AT_FDCWD, "/dev/mqueue", 0, &dir) < 0 &&
        (do_mkdirat(AT_FDCWD, "/dev/mqueue", 01777) < 0 || namei_at(AT_FDCWD, "/dev/mqueue", 0, &dir) < 0)) {
        printk("mqueue: cannot make /dev/mqueue\n");
        return;
    }
    if (!mount_boot(init_ipc_ns.mq_sb, root_mount, dir, "mqueue"))
        printk("mqueue: cannot mount /dev/mqueue\n");
    inode_put(dir);
}
